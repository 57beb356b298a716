//! Policy consultation at the scale the issue names, on SQLite: 100,000 enterprises and 200
//! published policies of five criteria each, on top of the demo. It times the use cases
//! themselves (authorisation, SQL, facts, CEL, in process): one enterprise against every
//! policy, one policy against every enterprise (the apply-free list), and the whole matrix
//! (the nightly run), and it splits the time between gathering facts and evaluating them.
//!
//! `cargo bench -p tandem-app --bench policy_scale` (release build). `TANDEM_BENCH_ROUNDS` sets
//! how many times the one-enterprise case is timed (default 200).

// The bench reads its switches from the environment and times with the wall clock.
#![allow(clippy::disallowed_methods, clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::time::Instant;
use support::{Lcg, ctx_of, percentile};
use tandem_app::policy::{self as uc, engine, facts};
use tandem_app::{App, AppConfig, FixedClock, Rules};
use tandem_domain::policy::{BenefitType, Criterion, Level, PolicyTerms};
use tandem_rules::Facts;
use tandem_store::org::EnterpriseWrite;
use tandem_test_support::TEST_EPOCH;

const ENTERPRISES: usize = 100_000;
const POLICIES: usize = 200;
const BATCH: usize = 5_000;

/// Five criteria of the kinds real policies have: a region gate, a size gate, two thresholds
/// and an age, each with its own bounds.
fn terms(i: usize) -> PolicyTerms {
    let regions = ["210100", "210200", "210300", "210000"];
    let criteria = vec![
        Criterion {
            id: "region".into(),
            label: "地区".into(),
            label_en: None,
            expression: if i % 4 == 3 {
                "enterprise.province_code == '210000'".into()
            } else {
                format!("enterprise.city_code == '{}'", regions[i % 3])
            },
            hint: None,
            hint_en: None,
        },
        Criterion {
            id: "sme".into(),
            label: "中小企业".into(),
            label_en: None,
            expression: "enterprise.size_class in ['micro', 'small', 'medium']".into(),
            hint: None,
            hint_en: None,
        },
        Criterion {
            id: "rd".into(),
            label: "研发费用".into(),
            label_en: None,
            expression: format!("enterprise.rd_expense_wan >= {}.0", 20 + (i % 10) * 30),
            hint: None,
            hint_en: None,
        },
        Criterion {
            id: "staff".into(),
            label: "从业人员".into(),
            label_en: None,
            expression: format!("enterprise.employees >= {} && enterprise.employees <= {}", 5 + i % 20, 300 + i % 500),
            hint: None,
            hint_en: None,
        },
        Criterion {
            id: "age".into(),
            label: "成立年限".into(),
            label_en: None,
            expression: format!("enterprise.age_years >= {}", 1 + i % 5),
            hint: None,
            hint_en: None,
        },
    ];
    PolicyTerms {
        title: format!("基准政策{i:03}"),
        title_en: None,
        issuer: "基准发文机关".into(),
        issuer_en: None,
        level: Level::City,
        document_number: None,
        source_url: Some("https://example.invalid/bench".into()),
        valid_from: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        valid_to: None,
        benefit_type: BenefitType::Subsidy,
        amount_yuan: None,
        amount_formula: Some("enterprise.rd_expense_wan * 10000.0 * 0.05".into()),
        amount_note: None,
        amount_note_en: None,
        apply_free: false,
        how_to_apply: None,
        how_to_apply_en: None,
        deadline: None,
        summary: None,
        summary_en: None,
        provisional: false,
        provisional_note: None,
        provisional_note_en: None,
        criteria,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rounds: usize = std::env::var("TANDEM_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let t = tandem_test_support::sqlite().await;
    let clock = Arc::new(FixedClock::at(TEST_EPOCH));
    let app = App::new(t.db.clone(), Rules::load().unwrap(), clock, AppConfig::default());
    tandem_app::demo::load(&app).await.unwrap();
    let staff = ctx_of(&app, "staff@tandem.demo").await;
    let mut rng = Lcg(20_261_208);
    let built = Instant::now();

    let mut ids = Vec::with_capacity(ENTERPRISES);
    let mut done = 0;
    while done < ENTERPRISES {
        let mut tx = app.db.begin_write().await.unwrap();
        for i in done..(done + BATCH).min(ENTERPRISES) {
            let employees = 3 + rng.below(900) as i64;
            let revenue = (50 + rng.below(40_000)) as i64 * 1_000_000;
            let w = EnterpriseWrite {
                name: format!("基准企业{i:06}"),
                name_en: None,
                uscc: format!("91210100BM{i:07}X"),
                industry_code: ["C34", "C35", "C39", "I65"][i % 4].into(),
                region_code: Some(["210100", "210200", "210300", "210112"][rng.below(4)].into()),
                founded_on: Some(format!("{}-06-01", 1995 + rng.below(30))),
                employees: Some(employees),
                operating_revenue_fen: Some(revenue),
                total_assets_fen: Some(revenue),
                size_class: Some(["micro", "small", "medium", "large"][rng.below(4)].into()),
                size_row: Some(2),
                // One in six has not given its R&D figures: those policies are unknown for it.
                rd_expense_fen: (i % 6 != 5).then(|| revenue * (1 + rng.below(8)) as i64 / 100),
                rd_staff: Some(employees / 10),
                invention_patents: Some((i % 4) as i64),
                class2_ip_items: Some((i % 9) as i64),
            };
            ids.push(tandem_store::org::insert_enterprise(&mut tx, &w, TEST_EPOCH).await.unwrap());
        }
        tx.commit().await.unwrap();
        done += BATCH;
    }
    let mut tx = app.db.begin_write().await.unwrap();
    let mut policy_ids = vec![];
    for i in 0..POLICIES {
        let t = terms(i);
        let v = tandem_store::policy::VersionWrite {
            title: t.title.clone(),
            level: "city".into(),
            apply_free: false,
            valid_from: "2020-01-01".into(),
            valid_to: None,
            terms_json: serde_json::to_string(&t).unwrap(),
        };
        policy_ids.push(tandem_store::policy::insert(&mut tx, "published", &v, None, TEST_EPOCH).await.unwrap());
    }
    tx.commit().await.unwrap();
    app.db.refresh_statistics().await.unwrap();
    println!("built {ENTERPRISES} enterprises and {POLICIES} policies in {:.1} s", built.elapsed().as_secs_f64());

    // The interpreter alone: every criterion of every policy against one enterprise's facts.
    let one = facts::gather(&app, Some(ids[7]), None).await.unwrap().remove(0);
    let typed = Facts::typed(&one.facts, &app.facts).unwrap();
    let rows = tandem_store::policy::list(&app.db, Some("published")).await.unwrap();
    let compiled: Vec<_> = rows.iter().map(|r| app.policies.compiled(r).unwrap()).collect();
    let criteria: usize = compiled.iter().map(|p| p.criteria.len()).sum();
    let start = Instant::now();
    let reps = 200;
    for _ in 0..reps {
        for p in &compiled {
            std::hint::black_box(engine::standing(p, &typed));
        }
    }
    let per_criterion_us = start.elapsed().as_secs_f64() * 1e6 / (reps * criteria) as f64;
    let start = Instant::now();
    for _ in 0..reps {
        for p in &compiled {
            std::hint::black_box(engine::evaluate(p, &typed));
        }
    }
    let explained_us = start.elapsed().as_secs_f64() * 1e6 / (reps * criteria) as f64;
    let start = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(Facts::typed(&one.facts, &app.facts).unwrap());
    }
    let bind_us = start.elapsed().as_secs_f64() * 1e6 / reps as f64;
    println!(
        "interpreter: {criteria} criteria; {per_criterion_us:.2} µs per criterion (standing only), \
         {explained_us:.2} µs with explanations; binding one enterprise's facts {bind_us:.1} µs"
    );

    // One enterprise against every policy in force: its page, with explanations.
    let mut ms = Vec::with_capacity(rounds);
    let admin = ctx_of(&app, "enterprise@tandem.demo").await;
    let own = admin.actor.own_enterprises()[0];
    for _ in 0..rounds {
        let start = Instant::now();
        let s = uc::of_enterprise(&app, &admin, own, None).await.unwrap();
        std::hint::black_box(s.results.len());
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "one enterprise × {} policies: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        rows.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        percentile(&ms, 1.0)
    );

    // Where the list's time goes: gathering every enterprise's facts, binding them, evaluating.
    let paths = compiled[0].fact_paths();
    let start = Instant::now();
    let profiles = tandem_store::policy::profile_facts(&app.db, None).await.unwrap();
    let read_ms = start.elapsed().as_secs_f64() * 1000.0;
    drop(profiles);
    let start = Instant::now();
    let everyone = facts::gather(&app, None, Some(&paths)).await.unwrap();
    let gather_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let bound: Vec<Facts> = everyone.iter().map(|e| Facts::typed(&e.facts, &app.facts).unwrap()).collect();
    let bind_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    for f in &bound {
        std::hint::black_box(engine::standing(&compiled[0], f));
    }
    let eval_ms = start.elapsed().as_secs_f64() * 1000.0;
    println!(
        "one policy × {} enterprises, one thread after gathering: gather the policy's facts {gather_ms:.0} ms \
         (of which reading the profiles from SQLite alone {read_ms:.0} ms), bind them {bind_ms:.0} ms, evaluate {eval_ms:.0} ms",
        everyone.len()
    );
    drop(bound);

    // One policy against every enterprise: the staff list (and the apply-free list).
    let mut ms = vec![];
    for i in 0..5 {
        let start = Instant::now();
        let list = uc::enterprises(&app, &staff, policy_ids[i * 7], None).await.unwrap();
        std::hint::black_box(list.enterprises.len());
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "one policy × {} enterprises (staff list): p50 {:.0} ms, max {:.0} ms",
        everyone.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 1.0)
    );

    // The nightly matrix, on every core.
    let start = Instant::now();
    let matrix = uc::evaluate_all(&app, Arc::new(|_, _| {})).await.unwrap();
    println!(
        "matrix {} enterprises × {} policies ({} criteria evaluations): {:.1} s on {} threads",
        matrix.enterprises,
        matrix.policies.len(),
        matrix.enterprises * criteria,
        start.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}
