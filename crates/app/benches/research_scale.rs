//! Joint research at the scale the issue names, on SQLite: 100,000 people in the talent pool,
//! 50,000 results, 10,000 propositions and 100,000 technology contracts on top of the demo. It
//! times the use cases themselves (authorisation, SQL and ranking, in process, one at a time):
//! matches for a proposition, the published board filtered by a keyword and by words, and the
//! yearly transformation figures.
//!
//! `cargo bench -p tandem-app --bench research_scale` (release build). `TANDEM_BENCH_ROUNDS` sets
//! how many times each is timed (default 200).

// The bench reads its switches from the environment and times with the wall clock.
#![allow(clippy::disallowed_methods, clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::time::Instant;
use support::{Lcg, ctx_of, percentile};
use tandem_app::research::{self, PropositionFilter, achievements, talent_pool};
use tandem_app::{App, AppConfig, FixedClock, Page, Rules};
use tandem_store::research::achievements::{AchievementWrite, IpRow};
use tandem_store::research::expertise::{ProfileWrite, upsert};
use tandem_store::research::projects::{ContractWrite, insert_contract};
use tandem_store::research::{PropositionWrite, StepWrite};
use tandem_test_support::TEST_EPOCH;

const PEOPLE: usize = 100_000;
const RESULTS: usize = 50_000;
const PROPOSITIONS: usize = 10_000;
const CONTRACTS: usize = 100_000;
const BATCH: usize = 5_000;

fn vocabulary() -> Vec<String> {
    (0..400).map(|i| format!("技术{i:03}")).collect()
}

const DIVISIONS: [&str; 30] = [
    "C13", "C14", "C17", "C18", "C19", "C20", "C21", "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C30",
    "C31", "C32", "C33", "C34", "C35", "C36", "C37", "C38", "C39", "C40", "C41", "I63", "I64", "I65",
];

async fn time<F, Fut, T>(rounds: usize, mut f: F) -> (f64, f64, f64)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut ms = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let start = Instant::now();
        std::hint::black_box(f(i).await);
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.5), percentile(&ms, 0.99), percentile(&ms, 1.0))
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
    let enterprise = ctx_of(&app, "enterprise@tandem.demo").await;
    let own = enterprise.actor.own_enterprises()[0];
    let enterprises: Vec<i64> = {
        let f = tandem_app::records::EnterpriseFilter::default();
        tandem_app::org::list_enterprises(&app, &staff, &f, Page::new(1, 200))
            .await
            .unwrap()
            .0
            .iter()
            .map(|e| e.id)
            .collect()
    };
    let units = achievements::publishable_units(&app, &staff).await.unwrap();
    let colleges: Vec<i64> = units.iter().map(|u| u.0).take(19).collect();
    let words = vocabulary();
    let mut rng = Lcg(20_261_207);
    let today = tandem_domain::sharing::local_date(TEST_EPOCH);
    let year = &today[..4];
    let built = Instant::now();

    // People with public profiles, three to five keywords each, one or two industries.
    let mut done = 0;
    while done < PEOPLE {
        let mut tx = app.db.begin_write().await.unwrap();
        for i in done..(done + BATCH).min(PEOPLE) {
            let person = tandem_store::people::PersonWrite {
                name: format!("专家{i:06}"),
                email: Some(format!("p{i}@bench.tandem")),
                phone: None,
                expertise: String::new(),
            };
            let id = tandem_store::people::insert_person(&mut tx, &person, None, TEST_EPOCH).await.unwrap();
            let n = 3 + rng.below(3);
            let mut keywords: Vec<String> = (0..n).map(|_| words[rng.below(words.len())].clone()).collect();
            keywords.sort();
            keywords.dedup();
            let mut industries = vec![DIVISIONS[rng.below(DIVISIONS.len())].to_owned()];
            if rng.below(2) == 0 {
                industries.push(DIVISIONS[rng.below(DIVISIONS.len())].to_owned());
                industries.dedup();
            }
            let profile = ProfileWrite {
                headline: Some(format!("{}与{}", keywords[0], keywords[keywords.len() - 1])),
                disciplines: vec!["460".into()],
                industries,
                keywords,
                availability: "open".into(),
                public: rng.below(10) < 8,
                show_contact: false,
            };
            upsert(&mut tx, id, &profile, TEST_EPOCH).await.unwrap();
        }
        tx.commit().await.unwrap();
        done += BATCH;
    }
    let contact = staff.actor.person_id;
    let mut done = 0;
    while done < RESULTS {
        let mut tx = app.db.begin_write().await.unwrap();
        for i in done..(done + BATCH).min(RESULTS) {
            let fields: Vec<String> = (0..3).map(|_| words[rng.below(words.len())].clone()).collect();
            let mut fields = fields;
            fields.sort();
            fields.dedup();
            let write = AchievementWrite {
                org_id: units[i % units.len()].0,
                title: format!("成果{i:05}"),
                summary: "规模测试用成果。".into(),
                trl: 1 + i64::try_from(rng.below(9)).unwrap(),
                transfer_modes: "non_exclusive_licence".into(),
                price_min_fen: None,
                price_max_fen: None,
                contact_person_id: contact,
                ip: vec![IpRow {
                    kind: "invention_patent".into(),
                    number: format!("ZL{i:012}"),
                    status: "granted".into(),
                }],
                fields,
            };
            tandem_store::research::achievements::insert(&mut tx, &write, TEST_EPOCH).await.unwrap();
        }
        tx.commit().await.unwrap();
        done += BATCH;
    }
    let author = enterprise.actor.person_id;
    let mut propositions = Vec::new();
    let mut done = 0;
    while done < PROPOSITIONS {
        let mut tx = app.db.begin_write().await.unwrap();
        for i in done..(done + BATCH).min(PROPOSITIONS) {
            let keywords: Vec<String> = (0..3).map(|_| words[rng.below(words.len())].clone()).collect();
            let write = PropositionWrite {
                title: format!("命题{i:05} 数控机床精度提升"),
                summary: "规模测试用命题，公开摘要。".into(),
                confidential: Some("保密内容".into()),
                budget_min_fen: Some(1_000_000),
                budget_max_fen: Some(5_000_000),
                deadline: format!("{}-12-31", year.parse::<i32>().unwrap() + 1),
                trl: Some(1 + i64::try_from(rng.below(9)).unwrap()),
                keywords: keywords.join("\n"),
                industry_code: Some(DIVISIONS[rng.below(DIVISIONS.len())].to_owned()),
            };
            let e = enterprises[i % enterprises.len()];
            let id = tandem_store::research::insert(&mut tx, e, author, &write, TEST_EPOCH).await.unwrap();
            // Nine in ten on the board, the rest still being screened.
            if i % 10 != 0 {
                for (step, from, to) in [
                    ("submit", "draft", "submitted"),
                    ("accept", "submitted", "accepted"),
                    ("publish", "accepted", "published"),
                ] {
                    let s = StepWrite { step, from, to, reason: None, by: author };
                    tandem_store::research::step(&mut tx, id, s, TEST_EPOCH).await.unwrap();
                }
            }
            propositions.push((id, e));
        }
        tx.commit().await.unwrap();
        done += BATCH;
    }
    let mut done = 0;
    let kinds = ["development_commissioned", "development_cooperative", "transfer", "licence", "consulting", "service"];
    while done < CONTRACTS {
        let mut tx = app.db.begin_write().await.unwrap();
        for i in done..(done + BATCH).min(CONTRACTS) {
            let college = colleges[i % colleges.len()];
            let c = ContractWrite {
                kind: kinds[i % kinds.len()].into(),
                title: format!("合同{i:06}"),
                enterprise_id: enterprises[rng.below(enterprises.len())],
                unit_id: Some(college),
                college_id: Some(college),
                value_fen: 1_000_000 * (1 + i64::try_from(rng.below(200)).unwrap()),
                received_fen: 500_000,
                signed_on: format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
                proposal_id: None,
            };
            insert_contract(&mut tx, &c, contact, TEST_EPOCH).await.unwrap();
        }
        tx.commit().await.unwrap();
        done += BATCH;
    }
    app.db.refresh_statistics().await.unwrap();
    println!(
        "# Joint research at scale — SQLite, {PEOPLE} people in the pool, {RESULTS} results, {PROPOSITIONS} propositions, \
         {CONTRACTS} contracts (built in {:.0} s)\n",
        built.elapsed().as_secs_f64()
    );
    println!("| use case | p50 ms | p99 ms | max ms |");
    println!("| --- | ---: | ---: | ---: |");
    let own_ids: Vec<i64> =
        propositions.iter().filter(|(_, e)| *e == own).map(|(id, _)| *id).filter(|id| id % 10 != 0).collect();
    let (p50, p99, max) = time(rounds, |i| {
        let (app, ctx, id) = (&app, &enterprise, own_ids[i % own_ids.len()]);
        async move { talent_pool::for_proposition(app, ctx, id).await.unwrap().experts.len() }
    })
    .await;
    println!("| matches for a proposition (experts and results, with reasons) | {p50:.2} | {p99:.2} | {max:.2} |");
    let (p50, p99, max) = time(rounds, |i| {
        let (app, ctx) = (&app, &enterprise);
        let filter = PropositionFilter {
            keyword: Some(words[i % words.len()].clone()),
            status: Some("published".into()),
            ..PropositionFilter::default()
        };
        async move { research::list(app, ctx, &filter, Page::new(1, 50)).await.unwrap().1 }
    })
    .await;
    println!("| published board, one keyword (50 a page, with the total) | {p50:.2} | {p99:.2} | {max:.2} |");
    let (p50, p99, max) = time(rounds, |i| {
        let (app, ctx) = (&app, &enterprise);
        let filter = PropositionFilter { q: Some(format!("命题{:03}", i % 1000)), ..PropositionFilter::default() };
        async move { research::list(app, ctx, &filter, Page::new(1, 50)).await.unwrap().1 }
    })
    .await;
    println!("| published board, words in the title or summary | {p50:.2} | {p99:.2} | {max:.2} |");
    let (p50, p99, max) = time(rounds, |_| {
        let (app, ctx) = (&app, &enterprise);
        async move { research::list(app, ctx, &PropositionFilter::default(), Page::new(1, 50)).await.unwrap().1 }
    })
    .await;
    println!("| published board, first page unfiltered | {p50:.2} | {p99:.2} | {max:.2} |");
    let from = format!("{year}-01-01");
    let to = format!("{year}-12-31");
    let (p50, p99, max) = time(rounds.min(100), |_| {
        let (app, ctx, from, to) = (&app, &staff, from.clone(), to.clone());
        async move { achievements::figures(app, ctx, &from, &to).await.unwrap().total.contracts }
    })
    .await;
    let total = achievements::figures(&app, &staff, &from, &to).await.unwrap().total.contracts;
    println!("| yearly transformation figures ({total} contracts in the year) | {p50:.2} | {p99:.2} | {max:.2} |");
    let (p50, p99, max) = time(rounds, |i| {
        let (app, ctx) = (&app, &enterprise);
        let filter = talent_pool::PoolFilter { q: Some(words[i % words.len()].clone()), ..Default::default() };
        async move { talent_pool::pool(app, ctx, &filter, Page::new(1, 50)).await.unwrap().1 }
    })
    .await;
    println!("| talent pool, one keyword (50 a page, with the total) | {p50:.2} | {p99:.2} | {max:.2} |");
}
