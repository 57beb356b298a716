//! Use cases of credentials, called directly on both databases: a completed micro-degree
//! enrolment gets one signed credential, anyone verifies it, and only staff revoke it.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{ENTERPRISE, STAFF, STUDENT, TEACHER, assert_denied, ctx_of, demo_apps};
use serde_json::Value;
use tandem_app::credentials::{self as uc, Check};
use tandem_app::talent::microdegrees;
use tandem_app::{App, AppError, Ctx};

const BASE: &str = "https://tandem.example";
const POOL_STUDENT: &str = "st0253@people.tandem.demo";

/// An open micro-degree of the demo teacher's college.
async fn own_degree(app: &App, teacher: &Ctx) -> microdegrees::MicroDegree {
    let degrees = microdegrees::list(app, teacher).await.unwrap();
    degrees.into_iter().find(|d| d.status == "open" && microdegrees::manages(teacher, d)).expect("a degree to run")
}

async fn document(app: &App, id: &str) -> Value {
    serde_json::from_str(&uc::get(app, id).await.unwrap().document).unwrap()
}

#[tokio::test]
async fn a_completed_enrolment_gets_one_credential_that_verifies() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let student = ctx_of(&app, POOL_STUDENT).await;
        let degree = own_degree(&app, &teacher).await;
        let enrolment = microdegrees::enrol(&app, &student, degree.id).await.unwrap();
        let modules = microdegrees::get(&app, &teacher, degree.id).await.unwrap().modules;

        // Not complete yet: no credential.
        microdegrees::record_result(&app, &teacher, degree.id, enrolment, modules[0].id, true, "90").await.unwrap();
        let early = uc::issue_for_micro_degree(&app, &teacher, degree.id, enrolment, BASE).await;
        assert!(matches!(early, Err(AppError::Refused("credential.incomplete"))), "{early:?}");
        for m in &modules[1..] {
            microdegrees::record_result(&app, &teacher, degree.id, enrolment, m.id, true, "85").await.unwrap();
        }
        let mine = microdegrees::get(&app, &student, degree.id).await.unwrap().mine.unwrap();
        assert!(mine.complete());

        // The student does not issue their own; the college's teacher does, once.
        let refused = uc::issue_for_micro_degree(&app, &student, degree.id, enrolment, BASE).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("microdegree.manage org {}", degree.org_id)).await;
        assert!(uc::list(&app, &student).await.unwrap().is_empty(), "nothing was issued");
        let id = uc::issue_for_micro_degree(&app, &teacher, degree.id, enrolment, BASE).await.unwrap();
        let again = uc::issue_for_micro_degree(&app, &staff, degree.id, enrolment, BASE).await;
        assert!(matches!(again, Err(AppError::Refused("credential.already_issued"))), "{again:?}");

        let row = uc::get(&app, &id).await.unwrap();
        assert_eq!((row.holder_id, row.source_id), (student.actor.person_id, enrolment));
        assert_eq!((row.source_kind.as_str(), row.title.as_str()), (uc::MICRO_DEGREE, degree.title.as_str()));
        assert!(row.revoked_at.is_none());
        let held = uc::list(&app, &student).await.unwrap();
        assert_eq!(held.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [id.as_str()], "the holder lists it");
        assert!(uc::list(&app, &staff).await.unwrap().len() > held.len(), "staff list every credential");
        let enrolment_row = microdegrees::get(&app, &student, degree.id).await.unwrap().mine.unwrap().enrolment;
        assert_eq!(enrolment_row.credential_id.as_deref(), Some(id.as_str()));

        // Anyone verifies it; a changed document no longer verifies.
        let doc = document(&app, &id).await;
        let checked = uc::check(&app, &doc).await.unwrap();
        assert!(matches!(checked, Check::Valid { ours: true, .. }), "{checked:?}");
        let tampered: Value = serde_json::from_str(&doc.to_string().replace(&degree.title, "伪造的微专业")).unwrap();
        assert_ne!(tampered, doc);
        let checked = uc::check(&app, &tampered).await.unwrap();
        assert!(matches!(checked, Check::Invalid { .. }), "{checked:?}");
    }
}

#[tokio::test]
async fn staff_revoke_a_credential_and_nobody_else_does() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let holder = ctx_of(&app, STUDENT).await;
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        // The demo student holds one credential.
        let held = uc::list(&app, &holder).await.unwrap();
        assert_eq!(held.len(), 1);
        let id = held[0].id.clone();
        let doc = document(&app, &id).await;

        // Its holder, the teacher who runs micro-degrees, an employer: none revokes it.
        for refused_to in [&holder, &teacher, &enterprise] {
            let refused = uc::revoke(&app, refused_to, &id, "成绩登记有误").await;
            assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
            assert_denied(&app, "credential.manage").await;
        }
        assert!(uc::get(&app, &id).await.unwrap().revoked_at.is_none());
        assert!(matches!(uc::check(&app, &doc).await.unwrap(), Check::Valid { ours: true, .. }));
        let before = uc::status_list(&app, BASE).await.unwrap();

        // Staff revoke it, with a reason; the check and the status list show it.
        uc::revoke(&app, &staff, &id, "成绩登记有误").await.unwrap();
        let row = uc::get(&app, &id).await.unwrap();
        assert!(row.revoked_at.is_some());
        assert_eq!(row.revocation_reason.as_deref(), Some("成绩登记有误"));
        let checked = uc::check(&app, &doc).await.unwrap();
        assert!(matches!(&checked, Check::Revoked { reason: Some(r), .. } if r == "成绩登记有误"), "{checked:?}");
        assert_ne!(uc::status_list(&app, BASE).await.unwrap(), before, "the status list changed");
        let again = uc::revoke(&app, &staff, &id, "再次撤销").await;
        assert!(matches!(again, Err(AppError::Refused("credential.already_revoked"))), "{again:?}");
        let reason = uc::revoke(&app, &staff, &id, "").await;
        assert!(matches!(reason, Err(AppError::Invalid(_))), "a revocation needs a reason: {reason:?}");
    }
}
