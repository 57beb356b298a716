//! Use cases of enterprise diagnosis, called directly on both databases: an enterprise's admin
//! starts, saves and submits an assessment; other enterprises, members and government are kept
//! to what the rule table grants them; bad answers store nothing.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{ENTERPRISE, GOV, MEMBER, STAFF, assert_denied, ctx_of, demo_apps, denial_count, own_enterprise};
use serde_json::json;
use tandem_app::diagnosis::{self as uc, Answers, PortfolioFilter};
use tandem_app::{App, AppError, Ctx, Page};
use tandem_domain::diagnosis::form::{FormValues, first, form_values_of};

const SRDI: &str = "miit-2022-srdi";

fn srdi() -> PortfolioFilter {
    PortfolioFilter { instrument_id: SRDI.into(), ..PortfolioFilter::default() }
}

/// A complete, valid set of SRDI answers for `enterprise`: those of its demo baseline.
async fn demo_answers(app: &App, staff: &Ctx, enterprise: i64) -> Answers {
    let rows = uc::of_enterprise(app, staff, enterprise).await.unwrap();
    let row = rows.iter().find(|r| r.instrument_id == SRDI && r.status == "submitted").expect("a demo assessment");
    serde_json::from_str(&row.answers_json).unwrap()
}

/// Some answers of `full`, as a first sitting gives them.
fn some_of(full: &Answers, keys: &[&str]) -> Answers {
    keys.iter().map(|k| ((*k).to_owned(), full[*k].clone())).collect()
}

/// A diagnosed demo enterprise other than `own`.
async fn another_diagnosed(app: &App, staff: &Ctx, own: i64) -> i64 {
    let (rows, _) = uc::portfolio(app, staff, &srdi(), Page::new(1, 50)).await.unwrap();
    rows.iter().map(|r| r.enterprise_id).find(|e| *e != own).expect("another diagnosed enterprise")
}

async fn count(app: &App, staff: &Ctx, enterprise: i64) -> usize {
    uc::of_enterprise(app, staff, enterprise).await.unwrap().len()
}

fn fields(e: &AppError) -> Vec<(String, String)> {
    match e {
        AppError::Invalid(errors) => errors.0.iter().map(|f| (f.field.clone(), f.code.clone())).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn typed(pairs: &[(&str, &str)]) -> FormValues {
    let mut v = FormValues::new();
    for (k, x) in pairs {
        v.entry((*k).to_owned()).or_default().push((*x).to_owned());
    }
    v
}

#[tokio::test]
async fn an_enterprise_admin_creates_saves_and_submits_an_assessment() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let own = own_enterprise(&admin);
        let full = demo_answers(&app, &staff, own).await;
        let before = count(&app, &staff, own).await;

        let id = uc::create(&app, &admin, own, SRDI, &some_of(&full, &["SRF-01", "SRF-02"]), false).await.unwrap();
        let view = uc::get(&app, &admin, id).await.unwrap();
        assert_eq!((view.row.status.as_str(), view.row.enterprise_id), ("draft", own));
        assert!(view.can_edit && view.result.is_none());
        assert_eq!(count(&app, &staff, own).await, before + 1);

        // A second sitting adds answers; the draft keeps them.
        uc::update(&app, &admin, id, &some_of(&full, &["SRF-01", "SRF-02", "SRF-03"]), false).await.unwrap();
        let view = uc::get(&app, &admin, id).await.unwrap();
        assert_eq!(view.answers.len(), 3);
        let form = uc::draft_form(&app, &admin, id).await.unwrap();
        assert_eq!(form.values, form_values_of(&view.answers), "the draft reopens with its answers");

        // Submitted with every answer: scored, then closed to changes.
        uc::update(&app, &admin, id, &full, true).await.unwrap();
        let view = uc::get(&app, &admin, id).await.unwrap();
        assert_eq!(view.row.status, "submitted");
        assert!(view.result.is_some() && view.row.total.is_some() && view.row.submitted_at.is_some());
        assert!(!view.can_edit);
        let again = uc::update(&app, &admin, id, &full, false).await.unwrap_err();
        assert_eq!(fields(&again), [("status".to_owned(), "assessment.already_submitted".to_owned())]);
        let history = uc::history(&app, &admin, &view).await.unwrap();
        assert_eq!(history.last().map(|a| a.id), Some(id), "the newest result ends the history");
    }
}

#[tokio::test]
async fn another_enterprises_assessments_are_not_found_and_a_member_may_not_edit() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let member = ctx_of(&app, MEMBER).await;
        let own = own_enterprise(&admin);
        let other = another_diagnosed(&app, &staff, own).await;
        let full = demo_answers(&app, &staff, other).await;
        let theirs = uc::of_enterprise(&app, &staff, other).await.unwrap()[0].id;
        let before = count(&app, &staff, other).await;

        // Another enterprise's diagnoses do not exist for this admin: list, one, or a new one.
        assert!(matches!(uc::of_enterprise(&app, &admin, other).await, Err(AppError::NotFound)));
        assert_denied(&app, &format!("diagnosis.view org {other}")).await;
        assert!(matches!(uc::get(&app, &admin, theirs).await, Err(AppError::NotFound)));
        assert_denied(&app, &format!("diagnosis.view org {other}")).await;
        let refused = uc::create(&app, &admin, other, SRDI, &full, true).await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("diagnosis.view org {other}")).await;
        assert_eq!(count(&app, &staff, other).await, before, "nothing was stored");
        // The grant: their own enterprise's, and staff for the other one.
        assert!(!uc::of_enterprise(&app, &admin, own).await.unwrap().is_empty());
        uc::create(&app, &staff, other, SRDI, &full, true).await.unwrap();
        assert_eq!(count(&app, &staff, other).await, before + 1);

        // A member reads their enterprise's diagnoses but neither starts nor changes one.
        let draft = uc::create(&app, &admin, own, SRDI, &some_of(&full, &["SRF-01"]), false).await.unwrap();
        let own_before = count(&app, &staff, own).await;
        let view = uc::get(&app, &member, draft).await.unwrap();
        assert!(!view.can_edit, "the member reads the draft only");
        let refused = uc::create(&app, &member, own, SRDI, &full, true).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("diagnosis.edit org {own}")).await;
        let refused = uc::update(&app, &member, draft, &full, true).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("diagnosis.edit org {own}")).await;
        assert_eq!(count(&app, &staff, own).await, own_before);
        assert_eq!(uc::get(&app, &staff, draft).await.unwrap().row.status, "draft", "the draft is untouched");
        // The grant: the admin submits the same draft.
        uc::update(&app, &admin, draft, &full, true).await.unwrap();
        assert_eq!(uc::get(&app, &member, draft).await.unwrap().row.status, "submitted");
    }
}

#[tokio::test]
async fn the_portfolio_is_staff_only_and_government_sees_aggregates() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let gov = ctx_of(&app, GOV).await;
        let admin = ctx_of(&app, ENTERPRISE).await;

        let (rows, total) = uc::portfolio(&app, &staff, &srdi(), Page::new(1, 100)).await.unwrap();
        assert!(total > 0 && usize::try_from(total).unwrap() == rows.len());
        assert_eq!(uc::portfolio_export(&app, &staff, &srdi()).await.unwrap().len(), rows.len());
        for refused_to in [&gov, &admin] {
            let refused = uc::portfolio(&app, refused_to, &srdi(), Page::new(1, 100)).await;
            assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
            assert_denied(&app, "diagnosis.portfolio").await;
            assert!(matches!(uc::portfolio_export(&app, refused_to, &srdi()).await, Err(AppError::Forbidden)));
        }

        // Government: counts over the same enterprises, never one enterprise's answers.
        let aggregates = uc::aggregates(&app, &gov, &srdi()).await.unwrap();
        assert_eq!(aggregates.enterprises, rows.len());
        assert_eq!(aggregates.passed + aggregates.failed + aggregates.undetermined, rows.len());
        assert_eq!(uc::aggregates(&app, &staff, &srdi()).await.unwrap(), aggregates);
        let one = rows[0].enterprise_id;
        assert!(matches!(uc::of_enterprise(&app, &gov, one).await, Err(AppError::NotFound)));
        assert_denied(&app, &format!("diagnosis.view org {one}")).await;
        let refused = uc::aggregates(&app, &admin, &srdi()).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "diagnosis.aggregates").await;
    }
}

#[tokio::test]
async fn bad_answers_are_field_errors_and_store_nothing() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let own = own_enterprise(&admin);
        let full = demo_answers(&app, &staff, own).await;
        let before = count(&app, &staff, own).await;
        let denials = denial_count(&app).await;

        // Values the instrument does not allow, even in a draft.
        let mut bad = some_of(&full, &["SRF-02"]);
        bad.insert("SRF-01".into(), json!(120));
        bad.insert("SRF-04".into(), json!("gold"));
        let e = uc::create(&app, &admin, own, SRDI, &bad, false).await.unwrap_err();
        let mut got = fields(&e);
        got.sort();
        assert_eq!(
            got,
            [
                ("SRF-01".to_owned(), "answer.out_of_range".to_owned()),
                ("SRF-04".to_owned(), "answer.unknown_choice".to_owned())
            ]
        );
        // Submitting needs every answer; a draft does not.
        let partial = some_of(&full, &["SRF-01", "SRF-02"]);
        let e = uc::create(&app, &admin, own, SRDI, &partial, true).await.unwrap_err();
        assert!(fields(&e).iter().all(|(_, code)| code == "answer.missing"), "{e:?}");
        // R&D expense above the enterprise's own revenue.
        let mut over = full.clone();
        over.insert("SRF-11".into(), json!({"amount_wan": 9_999_999, "intensity_pct": 5}));
        let e = uc::create(&app, &admin, own, SRDI, &over, true).await.unwrap_err();
        assert_eq!(fields(&e), [("SRF-11.amount_wan".to_owned(), "answer.exceeds_profile".to_owned())]);
        let e = uc::create(&app, &admin, own, "no-such-instrument", &full, true).await.unwrap_err();
        assert_eq!(fields(&e), [("instrument".to_owned(), "instrument.unknown".to_owned())]);
        assert_eq!(count(&app, &staff, own).await, before, "nothing was stored");
        assert_eq!(denial_count(&app).await, denials, "bad input is not a refusal");

        // The same admin's valid draft and submission are stored.
        let draft = uc::create(&app, &admin, own, SRDI, &partial, false).await.unwrap();
        let e = uc::update(&app, &admin, draft, &bad, false).await.unwrap_err();
        assert_eq!(fields(&e).len(), 2);
        assert_eq!(uc::get(&app, &admin, draft).await.unwrap().answers, partial, "the draft kept its answers");
        uc::create(&app, &admin, own, SRDI, &full, true).await.unwrap();
        assert_eq!(count(&app, &staff, own).await, before + 2);
    }
}

#[tokio::test]
async fn a_new_assessment_starts_from_the_enterprise_profile() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let member = ctx_of(&app, MEMBER).await;
        let own = own_enterprise(&admin);
        let profile = tandem_app::org::get_enterprise(&app, &staff, own).await.unwrap().row;
        let revenue = tandem_domain::money::format_fen_as_wan(profile.operating_revenue_fen.unwrap());

        let form = uc::new_assessment(&app, &admin, own, "miit-2026-srdi").await.unwrap();
        assert_eq!((form.enterprise_id, form.enterprise_name.as_str()), (own, profile.name.as_str()));
        assert_eq!(form.instrument.id, "miit-2026-srdi");
        assert_eq!(first(&form.values, "S26-4-revenue"), revenue, "revenue comes from the profile");
        // An instrument with no profile facts starts empty.
        assert!(uc::new_assessment(&app, &admin, own, SRDI).await.unwrap().values.is_empty());
        assert!(matches!(uc::new_assessment(&app, &admin, own, "no-such-instrument").await, Err(AppError::NotFound)));

        // A member sees the enterprise but may not start a diagnosis of it.
        let refused = uc::new_assessment(&app, &member, own, "miit-2026-srdi").await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("diagnosis.edit org {own}")).await;
        // Another enterprise does not exist for this admin; staff start its form.
        let other = another_diagnosed(&app, &staff, own).await;
        let refused = uc::new_assessment(&app, &admin, other, "miit-2026-srdi").await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("enterprise.view org {other}")).await;
        assert_eq!(uc::new_assessment(&app, &staff, other, "miit-2026-srdi").await.unwrap().enterprise_id, other);
    }
}

#[tokio::test]
async fn a_form_reports_every_value_that_is_not_a_number_at_once() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let member = ctx_of(&app, MEMBER).await;
        let own = own_enterprise(&admin);
        let full = demo_answers(&app, &staff, own).await;
        let before = count(&app, &staff, own).await;

        let bad = typed(&[("SRF-01", "abc"), ("SRF-02", "5"), ("SRF-11.amount_wan", "x"), ("SRF-B1", "３")]);
        let e = uc::create_from_form(&app, &admin, own, SRDI, &bad, false).await.unwrap_err();
        let mut got = fields(&e);
        got.sort();
        let not_a_number = |f: &str| (f.to_owned(), "answer.not_a_number".to_owned());
        assert_eq!(got, [not_a_number("SRF-01"), not_a_number("SRF-11.amount_wan"), not_a_number("SRF-B1")]);
        assert_eq!(count(&app, &staff, own).await, before, "nothing was stored");

        // The grant: a draft from the form, reopened as typed, then completed and submitted.
        let id = uc::create_from_form(&app, &admin, own, SRDI, &typed(&[("SRF-01", "85")]), false).await.unwrap();
        let form = uc::draft_form(&app, &admin, id).await.unwrap();
        assert_eq!(first(&form.values, "SRF-01"), "85");
        let e = uc::update_from_form(&app, &admin, id, &bad, true).await.unwrap_err();
        assert_eq!(fields(&e).len(), 3);
        assert_eq!(uc::draft_form(&app, &admin, id).await.unwrap().values, form.values, "the draft is unchanged");
        // A member may not fill it in, whatever they type.
        let refused = uc::update_from_form(&app, &member, id, &form_values_of(&full), true).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("diagnosis.edit org {own}")).await;
        uc::update_from_form(&app, &admin, id, &form_values_of(&full), true).await.unwrap();
        let view = uc::get(&app, &admin, id).await.unwrap();
        assert_eq!(view.row.status, "submitted");
        assert!(view.result.is_some());
        assert_eq!(count(&app, &staff, own).await, before + 1);
    }
}

#[tokio::test]
async fn a_draft_may_leave_one_part_of_a_best_of_indicator_blank() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let own = own_enterprise(&admin);
        let before = count(&app, &staff, own).await;
        // Any other input left blank is no answer in a draft; the intensity should be no different.
        let half = typed(&[("SRF-01", "85"), ("SRF-11.amount_wan", "40"), ("SRF-11.intensity_pct", "")]);
        let id = uc::create_from_form(&app, &admin, own, SRDI, &half, false).await.unwrap();
        assert_eq!(first(&uc::draft_form(&app, &admin, id).await.unwrap().values, "SRF-11.amount_wan"), "40");
        assert_eq!(count(&app, &staff, own).await, before + 1);
        // Submitting still needs both parts.
        let e = uc::update_from_form(&app, &admin, id, &half, true).await.unwrap_err();
        assert!(fields(&e).iter().any(|(f, _)| f == "SRF-11.intensity_pct"), "{e:?}");
    }
}

#[tokio::test]
async fn a_local_indicator_takes_half_points_and_older_results_are_rescored_on_start() {
    for (app, db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let own = own_enterprise(&admin);
        let mut answers = demo_answers(&app, &staff, own).await;
        answers.insert("SRF-09".into(), json!(7.5));
        let id = uc::create(&app, &admin, own, SRDI, &answers, true).await.unwrap();
        let view = uc::get(&app, &admin, id).await.unwrap();
        let result = view.result.expect("scored");
        let srf09 = result.indicators.iter().find(|i| i.id == "SRF-09").unwrap();
        assert_eq!(srf09.points, 750, "7.5 official points, in hundredths");
        let total = view.row.total.unwrap();

        // A result stored before the table moved to hundredths: whole points out of 100.
        let mut old = serde_json::to_value(&result).unwrap();
        old["max_total"] = json!(100);
        old["total"] = json!(total / 100);
        let mut tx = db.db.begin_write().await.unwrap();
        tandem_store::diagnosis::replace_result(&mut tx, id, &old.to_string(), total / 100, view.row.passed)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        assert_eq!(uc::rescore_results_of_rescaled_instruments(&app).await.unwrap(), 1);
        let view = uc::get(&app, &admin, id).await.unwrap();
        assert_eq!(view.row.total, Some(total), "the total is back in hundredths");
        assert_eq!(view.result.unwrap().max_total, 10_000);
        assert_eq!(uc::rescore_results_of_rescaled_instruments(&app).await.unwrap(), 0);
        assert_eq!(uc::get(&app, &admin, id).await.unwrap().row.total, Some(total), "rescoring is idempotent");
    }
}
