//! Use cases of policy consultation on both databases: staff write and publish a policy; an
//! enterprise sees where it stands, why, and what is missing, and qualifies once it updates a
//! figure; the calculator agrees from typed figures; lists and counts go only to whom the rule
//! table grants them; bad policies store nothing.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{ENTERPRISE, GOV, MEMBER, STAFF, assert_denied, ctx_of, demo_apps, own_enterprise};
use serde_json::json;
use tandem_app::policy::{self as uc, TestFacts};
use tandem_app::{AppError, org};
use tandem_domain::policy::{CriterionInput, PolicyInput, PolicyStatus, Standing, input_from_json};
use tandem_rules::Problem;

fn criterion(id: &str, label: &str, expression: &str) -> CriterionInput {
    CriterionInput {
        id: id.into(),
        label: label.into(),
        expression: expression.into(),
        hint: format!("{label}：请补充"),
        ..CriterionInput::default()
    }
}

/// A city R&D reward with four criteria; the R&D bar is `rd_bar` 万元.
fn reward(rd_bar: f64) -> PolicyInput {
    PolicyInput {
        title: "沈阳市企业研发投入后补助".into(),
        issuer: "沈阳市科学技术局".into(),
        level: "city".into(),
        valid_from: "2026-01-01".into(),
        valid_to: "2027-12-31".into(),
        benefit_type: "subsidy".into(),
        amount_formula: "enterprise.rd_expense_wan * 10000.0 * 0.05".into(),
        apply_free: true,
        criteria: vec![
            criterion("in_shenyang", "注册地在沈阳市", "enterprise.city_code == '210100'"),
            criterion("staffed", "从业人员不少于 10 人", "enterprise.employees >= 10"),
            criterion("rd_expense", "上年度研发费用达标", &format!("enterprise.rd_expense_wan >= {rd_bar:.2}")),
            criterion("founded", "成立满一年", "enterprise.age_years >= 1"),
        ],
        ..PolicyInput::default()
    }
}

fn fields(e: &AppError) -> Vec<(String, String)> {
    match e {
        AppError::Invalid(errors) => errors.0.iter().map(|f| (f.field.clone(), f.code.clone())).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn an_enterprise_misses_a_criterion_by_an_amount_then_qualifies_after_updating_its_figure() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let own = own_enterprise(&admin);
        let view = org::get_enterprise(&app, &admin, own).await.unwrap();
        let rd_wan = view.row.rd_expense_fen.unwrap() as f64 / 1_000_000.0;
        assert!(view.row.region_code.as_deref().unwrap().starts_with("2101"), "the demo enterprise is in Shenyang");

        let saved = uc::create(&app, &staff, &reward(rd_wan + 50.0), true).await.unwrap();
        assert_eq!(saved.version, 1);
        assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);

        let standing = uc::of_enterprise(&app, &admin, own, Some(&[saved.id])).await.unwrap();
        let result = &standing.results[0];
        assert_eq!(
            result.standing,
            Standing::Near,
            "one criterion missed: {:?} {:?}",
            result.criteria,
            standing.enterprise.facts
        );
        let missed = result.criteria.iter().find(|c| c.met == Some(false)).unwrap();
        assert_eq!(result.policy.terms.criteria[missed.index].id, "rd_expense");
        assert_eq!(missed.gaps.len(), 1);
        assert!((missed.gaps[0].short_by.unwrap() - 50.0).abs() < 0.01, "{:?}", missed.gaps);

        // The enterprise raises its R&D expense in its profile; evaluation follows at once.
        let mut input = org::input_from_row(&view.row);
        input.rd_expense_wan = format!("{:.2}", rd_wan + 60.0);
        org::update_enterprise(&app, &admin, own, &input).await.unwrap();
        let standing = uc::of_enterprise(&app, &admin, own, Some(&[saved.id])).await.unwrap();
        assert_eq!(standing.results[0].standing, Standing::Eligible);
        let expected = ((rd_wan + 60.0) * 10000.0 * 0.05).round();
        assert!((standing.results[0].amount_yuan.unwrap() - expected).abs() <= 1.0);

        // The calculator gives the same answer from the same figures typed in.
        let typed = json!({"enterprise": standing.enterprise.facts["enterprise"].clone()});
        let calc = uc::calculate(&app, &typed, Some(&[saved.id])).await.unwrap();
        assert_eq!(calc[0].standing, Standing::Eligible);

        // A member of the enterprise may look; another enterprise's people may not.
        assert!(uc::of_enterprise(&app, &ctx_of(&app, MEMBER).await, own, None).await.is_ok());
        let listed = uc::enterprises(&app, &staff, saved.id, None).await.unwrap();
        let other = listed.enterprises.iter().map(|e| e.id).find(|id| *id != own).unwrap();
        let denied = uc::of_enterprise(&app, &admin, other, None).await.unwrap_err();
        assert!(matches!(denied, AppError::NotFound), "{denied:?}");
        assert_denied(&app, &format!("policy.standing org {other}")).await;
    }
}

#[tokio::test]
async fn a_fact_the_platform_lacks_makes_a_criterion_unknown_and_names_it() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let facts =
            json!({"enterprise": {"city_code": "210100", "employees": 12, "size_class": "small", "age_years": 3}});
        let r = uc::test(&app, &staff, &reward(100.0), &TestFacts::Typed(facts)).await.unwrap();
        assert_eq!(r.standing, Standing::Unknown);
        let rd = &r.criteria[2];
        assert_eq!((rd.met, rd.missing.clone()), (None, vec!["enterprise.rd_expense_wan".to_owned()]));
        assert_eq!(rd.problem, Some(Problem::MissingFacts));
        assert_eq!(r.amount_yuan, None, "no amount without the figure it is computed from");
        // CEL's logic decides without the missing fact where it can.
        let mut short_circuit = reward(100.0);
        short_circuit.criteria[2].expression = "enterprise.employees > 100 && enterprise.rd_expense_wan > 1.0".into();
        let facts =
            json!({"enterprise": {"city_code": "210100", "employees": 12, "size_class": "small", "age_years": 3}});
        let r = uc::test(&app, &staff, &short_circuit, &TestFacts::Typed(facts)).await.unwrap();
        assert_eq!(r.criteria[2].met, Some(false));
    }
}

#[tokio::test]
async fn bad_policies_are_field_errors_and_store_nothing() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let before = uc::list(&app, Some(&staff)).await.unwrap().len();
        let mut bad = reward(10.0);
        bad.criteria[1].expression = "enterprise.size_class in ['micro', ".into();
        bad.criteria[3].id = "in_shenyang".into();
        bad.valid_to = "2025-12-31".into();
        let e = uc::create(&app, &staff, &bad, false).await.unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                ("valid_to".to_owned(), "policy.ends_before_start".to_owned()),
                ("criteria[3].id".into(), "policy.criterion_id_repeated".into()),
            ],
            "terms are checked before expressions"
        );
        let mut bad = reward(10.0);
        bad.criteria[1].expression = "enterprise.employees >= ".into();
        let e = uc::create(&app, &staff, &bad, false).await.unwrap_err();
        let AppError::Invalid(errors) = &e else { panic!("{e:?}") };
        assert_eq!(errors.0[0].field, "criteria[1].expression");
        assert_eq!(errors.0[0].code, "policy.criterion_invalid");
        assert_eq!(errors.0[0].args["id"], "staffed");
        assert!(errors.0[0].args["column"].parse::<u32>().unwrap() > 1);
        let mut costly = reward(10.0);
        costly.criteria[0].expression =
            "[1,2].all(a, enterprise.list.all(b, enterprise.list.all(c, enterprise.list.all(d, true))))".into();
        let e = uc::create(&app, &staff, &costly, false).await.unwrap_err();
        assert_eq!(fields(&e), vec![("criteria[0].expression".to_owned(), "policy.criterion_too_costly".to_owned())]);
        assert_eq!(uc::list(&app, Some(&staff)).await.unwrap().len(), before, "nothing stored");

        // An unknown fact or a non-boolean value is accepted with a warning.
        let mut odd = reward(10.0);
        odd.criteria[0].expression = "enterprise.citycode == '210100'".into();
        odd.criteria[1].expression = "enterprise.employees * 2".into();
        let saved = uc::create(&app, &staff, &odd, false).await.unwrap();
        assert_eq!(saved.warnings.len(), 2, "{:?}", saved.warnings);
    }
}

#[tokio::test]
async fn a_change_makes_a_new_version_and_drafts_stay_with_staff() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let saved = uc::create(&app, &staff, &reward(10.0), false).await.unwrap();
        assert!(matches!(uc::get(&app, Some(&admin), saved.id).await.unwrap_err(), AppError::NotFound));
        assert!(matches!(uc::get(&app, None, saved.id).await.unwrap_err(), AppError::NotFound));
        let changed = uc::update(&app, &staff, saved.id, &reward(20.0)).await.unwrap();
        assert_eq!(changed.version, 2);
        uc::set_status(&app, &staff, saved.id, PolicyStatus::Published).await.unwrap();
        let view = uc::get(&app, None, saved.id).await.unwrap();
        assert_eq!(view.row.current_version, 2);
        assert_eq!(view.terms.criteria[2].expression, "enterprise.rd_expense_wan >= 20.00");
        assert_eq!(uc::get(&app, Some(&staff), saved.id).await.unwrap().versions.len(), 2);
        let e = uc::create(&app, &admin, &reward(10.0), false).await.unwrap_err();
        assert!(matches!(e, AppError::Forbidden));
        assert_denied(&app, "policy.manage").await;
    }
}

#[tokio::test]
async fn lists_go_to_staff_counts_to_government_and_apply_free_notices_go_once() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let gov = ctx_of(&app, GOV).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let saved = uc::create(&app, &staff, &reward(1.0), true).await.unwrap();

        let list = uc::enterprises(&app, &staff, saved.id, None).await.unwrap();
        let eligible = list.counts.get(&Standing::Eligible).copied().unwrap_or(0);
        assert!(eligible > 0 && list.counts.get(&Standing::Unknown).copied().unwrap_or(0) > 0, "{:?}", list.counts);
        let only = uc::enterprises(&app, &staff, saved.id, Some(Standing::Eligible)).await.unwrap();
        assert_eq!(only.enterprises.len(), eligible);
        assert!(matches!(uc::enterprises(&app, &gov, saved.id, None).await, Err(AppError::Forbidden)));
        assert!(matches!(uc::enterprises(&app, &admin, saved.id, None).await, Err(AppError::Forbidden)));

        let (_, counts) = uc::aggregates(&app, &gov, saved.id).await.unwrap();
        assert_eq!(counts.by_region.iter().map(|r| r.1).sum::<usize>(), eligible);
        assert!(matches!(uc::aggregates(&app, &admin, saved.id).await, Err(AppError::Forbidden)));

        assert_eq!(uc::notify_apply_free(&app, &staff, saved.id).await.unwrap(), eligible);
        assert_eq!(uc::notify_apply_free(&app, &staff, saved.id).await.unwrap(), 0, "told once per version");
        let told = tandem_app::notifications::inbox(&app, &admin, tandem_app::Page::new(1, 20)).await.unwrap();
        let own_eligible = only.enterprises.iter().any(|e| e.id == own_enterprise(&admin));
        assert_eq!(told.items.iter().any(|n| n.notice.kind() == "policy.apply_free"), own_eligible);

        let mut needs_application = reward(1.0);
        needs_application.apply_free = false;
        let other = uc::create(&app, &staff, &needs_application, true).await.unwrap();
        let e = uc::notify_apply_free(&app, &staff, other.id).await.unwrap_err();
        assert_eq!(e.code(), "policy.not_apply_free");
    }
}

#[tokio::test]
async fn the_demo_policies_load_cite_their_sources_and_evaluate_for_every_enterprise() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let all = uc::list(&app, None).await.unwrap();
        assert!(all.len() >= 8, "{}", all.len());
        assert!(all.iter().all(|p| p.terms.source_url.is_some()), "every demo policy cites its source");
        assert!(all.iter().any(|p| p.terms.provisional), "unchecked figures are marked provisional");
        for p in &all {
            let list = uc::enterprises(&app, &staff, p.row.id, None).await.unwrap();
            assert_eq!(list.counts.values().sum::<usize>(), list.enterprises.len());
        }
        let body = json!({"title": "x", "criteria": "not a list", "apply_free": "yes"});
        let e = input_from_json(&body).unwrap_err();
        let codes: Vec<&str> = e.0.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, vec!["not_a_boolean", "not_a_list"]);
    }
}

#[tokio::test]
async fn the_nightly_run_counts_every_enterprise_on_every_policy_and_tells_the_newly_eligible_once() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let saved = uc::create(&app, &staff, &reward(1.0), true).await.unwrap();
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = seen.clone();
        let progress: uc::Progress = std::sync::Arc::new(move |done, _| {
            counter.fetch_max(done, std::sync::atomic::Ordering::Relaxed);
        });
        let m = uc::evaluate_all(&app, progress).await.unwrap();
        assert_eq!(seen.load(std::sync::atomic::Ordering::Relaxed), m.enterprises, "progress reaches the end");
        assert!(m.policies.len() >= 8, "the demo's in force and the new one");
        for (_, _, title, counts) in &m.policies {
            assert_eq!(counts.values().sum::<usize>(), m.enterprises, "{title}: every enterprise stands somewhere");
        }
        let list = uc::enterprises(&app, &staff, saved.id, Some(Standing::Eligible)).await.unwrap();
        let (_, _, _, counts) = m.policies.iter().find(|p| p.0 == saved.id).unwrap();
        assert_eq!(counts.get(&Standing::Eligible).copied().unwrap_or(0), list.enterprises.len(), "the list agrees");
        assert!(m.told >= list.enterprises.len(), "the new apply-free policy's eligible are told");
        let again = uc::evaluate_all(&app, std::sync::Arc::new(|_, _| {})).await.unwrap();
        assert_eq!(again.told, 0, "told once per version");
    }
}
