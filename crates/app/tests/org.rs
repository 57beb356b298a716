//! Use cases of organisations, enterprises and people, called directly on both databases: who
//! sees and edits which enterprise, who creates one, and who sees which person. Each refusal is
//! checked with its grant, and audited by its action code.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{
    ENTERPRISE, GOV, MEMBER, STAFF, STUDENT, TEACHER, assert_denied, ctx_of, demo_apps, denial_count, own_enterprise,
};
use tandem_app::org::{self as uc, input_from_row};
use tandem_app::records::{EnterpriseFilter, PeopleFilter};
use tandem_app::{App, AppError, Ctx, Page};
use tandem_domain::org::{EnterpriseInput, Uscc};

/// A demo enterprise other than `own`, as staff list them.
async fn another_enterprise(app: &App, staff: &Ctx, own: i64) -> i64 {
    let (rows, _) = uc::list_enterprises(app, staff, &EnterpriseFilter::default(), Page::new(1, 20)).await.unwrap();
    rows.iter().map(|e| e.id).find(|id| *id != own).expect("a second enterprise")
}

/// A valid new enterprise; its USCC has letters where every demo code has digits.
fn new_enterprise(name: &str) -> EnterpriseInput {
    EnterpriseInput {
        name: name.into(),
        name_en: String::new(),
        uscc: Uscc::complete("91210100MAYYY0001").unwrap().to_string(),
        industry_code: "C34".into(),
        region_code: "210100".into(),
        founded_on: "2015-06-01".into(),
        employees: "120".into(),
        operating_revenue_wan: "3000".into(),
        total_assets_wan: "2000".into(),
        ..EnterpriseInput::default()
    }
}

#[tokio::test]
async fn an_enterprise_admin_sees_and_edits_their_own_enterprise_only() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let own = own_enterprise(&admin);
        let other = another_enterprise(&app, &staff, own).await;

        // The list holds their own enterprise alone; staff see every one.
        let (rows, total) =
            uc::list_enterprises(&app, &admin, &EnterpriseFilter::default(), Page::new(1, 50)).await.unwrap();
        assert_eq!((rows.len(), total), (1, 1));
        assert_eq!(rows[0].id, own);
        let (_, all) = uc::list_enterprises(&app, &staff, &EnterpriseFilter::default(), Page::new(1, 1)).await.unwrap();
        assert_eq!(all, 320, "staff list every demo enterprise");

        // Their own: seen, editable, edited.
        let view = uc::get_enterprise(&app, &admin, own).await.unwrap();
        assert!(view.can_edit);
        let mut input = input_from_row(&view.row);
        input.employees = "77".into();
        input.rd_staff = "7".into(); // R&D staff cannot outnumber the employees
        uc::update_enterprise(&app, &admin, own, &input).await.unwrap();
        assert_eq!(uc::get_enterprise(&app, &staff, own).await.unwrap().row.employees, Some(77));

        // Another one does not exist for them, to read or to write; nothing changes.
        let before = uc::get_enterprise(&app, &staff, other).await.unwrap().row;
        let refused = uc::get_enterprise(&app, &admin, other).await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("enterprise.view org {other}")).await;
        let mut input = input_from_row(&before);
        input.employees = "1".into();
        let refused = uc::update_enterprise(&app, &admin, other, &input).await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("enterprise.view org {other}")).await;
        let after = uc::get_enterprise(&app, &staff, other).await.unwrap().row;
        assert_eq!(after.employees, before.employees, "the other enterprise is unchanged");
        assert_eq!(after.updated_at, before.updated_at);
        // Staff may edit that same enterprise.
        uc::update_enterprise(&app, &staff, other, &input).await.unwrap();
        assert_eq!(uc::get_enterprise(&app, &staff, other).await.unwrap().row.employees, Some(1));
    }
}

#[tokio::test]
async fn an_enterprise_member_sees_their_enterprise_but_does_not_edit_it() {
    for (app, _db) in demo_apps().await {
        let member = ctx_of(&app, MEMBER).await;
        let own = own_enterprise(&member);
        let view = uc::get_enterprise(&app, &member, own).await.unwrap();
        assert!(!view.can_edit, "a member reads the profile only");
        let mut input = input_from_row(&view.row);
        input.name = "改名有限公司".into();
        let refused = uc::update_enterprise(&app, &member, own, &input).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("enterprise.edit org {own}")).await;
        assert_eq!(uc::get_enterprise(&app, &member, own).await.unwrap().row.name, view.row.name);
        let refused = uc::enterprise_for_edit(&app, &member, own).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");

        // The grant: the enterprise's admin edits the same enterprise.
        let admin = ctx_of(&app, ENTERPRISE).await;
        assert_eq!(own_enterprise(&admin), own);
        uc::enterprise_for_edit(&app, &admin, own).await.unwrap();
        uc::update_enterprise(&app, &admin, own, &input).await.unwrap();
        assert_eq!(uc::get_enterprise(&app, &member, own).await.unwrap().row.name, "改名有限公司");
    }
}

#[tokio::test]
async fn staff_create_enterprises_and_nobody_else_does() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let gov = ctx_of(&app, GOV).await;
        let count = |app: &App, staff: &Ctx| {
            let (app, staff) = (app.clone(), staff.clone());
            async move { uc::list_enterprises(&app, &staff, &EnterpriseFilter::default(), Page::new(1, 1)).await.unwrap().1 }
        };
        let before = count(&app, &staff).await;

        for refused_to in [&admin, &gov] {
            let refused = uc::create_enterprise(&app, refused_to, &new_enterprise("沈阳测试装备有限公司")).await;
            assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
            assert_denied(&app, "enterprise.create").await;
        }
        assert_eq!(count(&app, &staff).await, before, "nothing was created");

        let id = uc::create_enterprise(&app, &staff, &new_enterprise("沈阳测试装备有限公司")).await.unwrap();
        assert_eq!(count(&app, &staff).await, before + 1);
        let view = uc::get_enterprise(&app, &gov, id).await.unwrap();
        assert_eq!(view.row.name, "沈阳测试装备有限公司");
        assert!(view.size.is_ok(), "the new enterprise is classified by size");
        assert!(!view.can_edit, "government reads enterprises, it does not edit them");
        // The same USCC a second time is a duplicate, not a second enterprise.
        let again = uc::create_enterprise(&app, &staff, &new_enterprise("另一家有限公司")).await;
        assert!(matches!(&again, Err(AppError::Duplicate { field }) if field == "uscc"), "{again:?}");
        // An enterprise admin of another enterprise does not see the new one.
        assert!(matches!(uc::get_enterprise(&app, &admin, id).await, Err(AppError::NotFound)));
    }
}

#[tokio::test]
async fn a_student_lists_only_people_of_their_organisations() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let student = ctx_of(&app, STUDENT).await;
        let all = PeopleFilter::default();
        let (_, everyone) = tandem_app::people::list_people(&app, &staff, &all, Page::new(1, 1)).await.unwrap();
        let (rows, seen) = tandem_app::people::list_people(&app, &student, &all, Page::new(1, 500)).await.unwrap();
        assert!(seen < everyone, "a student does not list all people: {seen} of {everyone}");
        assert!(rows.iter().any(|p| p.id == student.actor.person_id), "they see themselves");
        // Everyone on the student's list is someone they may open.
        for p in rows.iter().take(5) {
            tandem_app::people::get_person(&app, &student, p.id).await.unwrap();
        }
        // Staff asking for one organisation get it; a student asking beyond theirs gets nothing more.
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let theirs = PeopleFilter { org_id: Some(own_enterprise(&enterprise)), ..PeopleFilter::default() };
        let (_, n) = tandem_app::people::list_people(&app, &staff, &theirs, Page::new(1, 1)).await.unwrap();
        assert!(n > 0);
        let (_, n) = tandem_app::people::list_people(&app, &student, &theirs, Page::new(1, 1)).await.unwrap();
        assert_eq!(n, 0, "an enterprise's people are outside the student's organisations");
    }
}

#[tokio::test]
async fn a_person_outside_ones_organisations_is_not_found() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let student = ctx_of(&app, STUDENT).await;
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let outsider = enterprise.actor.person_id;

        let before = denial_count(&app).await;
        let refused = tandem_app::people::get_person(&app, &student, outsider).await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("person.view person {outsider}")).await;
        assert_eq!(denial_count(&app).await, before + 1, "one refusal, one entry");
        // Editing them is refused the same way, and changes nothing.
        let person = tandem_app::people::get_person(&app, &staff, outsider).await.unwrap().person;
        let input = tandem_domain::person::PersonInput {
            name: "改名".into(),
            email: person.email.clone().unwrap_or_default(),
            ..Default::default()
        };
        let refused = tandem_app::people::update_person(&app, &student, outsider, &input).await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("person.view person {outsider}")).await;
        assert_eq!(tandem_app::people::get_person(&app, &staff, outsider).await.unwrap().person.name, person.name);

        // The grants: staff see anyone; the student sees themselves and a classmate.
        let view = tandem_app::people::get_person(&app, &staff, outsider).await.unwrap();
        assert!(view.can_manage);
        let own = tandem_app::people::get_person(&app, &student, student.actor.person_id).await.unwrap();
        assert!(!own.can_manage);
        let college = student.actor.grants[0].org_id;
        let classmates = PeopleFilter { org_id: Some(college), ..PeopleFilter::default() };
        let (rows, _) = tandem_app::people::list_people(&app, &staff, &classmates, Page::new(1, 5)).await.unwrap();
        let classmate = rows.iter().find(|p| p.id != student.actor.person_id).expect("a classmate").id;
        tandem_app::people::get_person(&app, &student, classmate).await.unwrap();
    }
}

#[tokio::test]
async fn forms_suggest_people_only_to_those_who_submit_them() {
    use tandem_app::people::{Pool, suggestions};
    for (app, _db) in demo_apps().await {
        let teacher = ctx_of(&app, TEACHER).await;
        let lab_id = *teacher.actor.teaching_labs().first().unwrap();
        let users = suggestions(&app, &teacher, &Pool::LabUsers { lab_id }).await.unwrap();
        assert!(!users.is_empty(), "the demo lab has users on {}", app.db.backend_name());
        assert!(users.iter().all(|s| s.email.contains('@')));
        // Another lab's users, mentors and graduates are not the teacher's to pick from.
        for pool in [
            Pool::LabUsers { lab_id: lab_id + 100_000 },
            Pool::Mentors { enterprise_id: 1 },
            Pool::Graduates { cohort: "2031".into() },
        ] {
            let r = suggestions(&app, &teacher, &pool).await;
            assert!(matches!(r, Err(tandem_app::AppError::Forbidden)), "{pool:?}");
        }
        let student = ctx_of(&app, STUDENT).await;
        let r = suggestions(&app, &student, &Pool::Applicants { class_id: 1 }).await;
        assert!(matches!(r, Err(tandem_app::AppError::Forbidden)));
        // Staff pick mentors: teachers, and the class's enterprise's people.
        let staff = ctx_of(&app, STAFF).await;
        let enterprise = own_enterprise(&ctx_of(&app, ENTERPRISE).await);
        let mentors = suggestions(&app, &staff, &Pool::Mentors { enterprise_id: enterprise }).await.unwrap();
        assert!(mentors.iter().any(|m| m.email == TEACHER), "teachers are possible mentors");
        assert!(mentors.iter().any(|m| m.email == ENTERPRISE), "so are the enterprise's people");
        assert!(!mentors.iter().any(|m| m.email == STUDENT), "students are not");
    }
}
