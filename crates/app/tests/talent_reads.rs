//! The talent screens' read models, called directly on both databases: what each reader is
//! given on the classes, class, flow and internship pages, and that a query keeps the access
//! checks of the use cases it reads through (a hidden class is 404 with its denial audited; the
//! flow page records no refusal for a reader who may not see the figures).

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use std::sync::Arc;
use tandem_app::records::AuditFilter;
use tandem_app::talent::{flow, internships, orders};
use tandem_app::{App, AppConfig, AppError, Ctx, FixedClock, Page, Rules};
use tandem_domain::talent::curriculum::Side;
use tandem_domain::talent::internship::{Party, Stage};
use tandem_test_support::{TEST_EPOCH, TestDb, all_backends};

async fn demo_apps() -> Vec<(App, TestDb)> {
    let mut apps = vec![];
    for db in all_backends().await {
        let clock = Arc::new(FixedClock::at(TEST_EPOCH));
        let app = App::new(db.db.clone(), Rules::load().unwrap(), clock, AppConfig::default());
        tandem_app::demo::load(&app).await.unwrap();
        apps.push((app, db));
    }
    apps
}

async fn ctx_of(app: &App, email: &str) -> Ctx {
    let token = tandem_app::auth::create_token_for_email(app, email, "use-case test").await.unwrap();
    let resolved = tandem_app::auth::resolve_token(app, &token.secret).await.unwrap().unwrap();
    Ctx { actor: resolved.actor, client_addr: None }
}

/// The access denials recorded for `actor`, newest first.
async fn denials_of(app: &App, actor: &Ctx) -> Vec<String> {
    let admin = ctx_of(app, "admin@tandem.demo").await;
    let filter = AuditFilter {
        action: Some("access.denied".into()),
        actor_id: Some(actor.actor.person_id),
        ..AuditFilter::default()
    };
    let (rows, _) = tandem_app::audit::list(app, &admin, &filter, Page::new(1, 20)).await.unwrap();
    rows.into_iter().map(|r| r.detail.unwrap_or_default()).collect()
}

#[tokio::test]
async fn the_classes_page_lists_what_the_reader_may_see_and_do() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, "staff@tandem.demo").await;
        let enterprise = ctx_of(&app, "enterprise@tandem.demo").await;
        let student = ctx_of(&app, "student@tandem.demo").await;
        let backend = app.db.backend_name();

        let page = orders::classes_page(&app, &staff).await.unwrap();
        assert!(page.staff, "staff run the classes");
        assert!(page.classes.iter().any(|c| c.status == "ordered"), "staff see an order waiting: {backend}");

        let page = orders::classes_page(&app, &enterprise).await.unwrap();
        assert!(page.may_order && !page.staff);

        let page = orders::classes_page(&app, &student).await.unwrap();
        assert!(!page.may_order && !page.staff);
        assert!(page.my_applications.is_empty(), "the demo student has not applied yet");
        assert!(page.classes.iter().all(|c| matches!(c.status.as_str(), "open" | "selected")), "{backend}");
        let open = page.classes.iter().find(|c| c.status == "open").expect("an open class");
        tandem_app::talent::apply(&app, &student, open.id, 1, "").await.unwrap();
        let page = orders::classes_page(&app, &student).await.unwrap();
        let applied: Vec<i64> = page.my_applications.iter().map(|a| a.class_id).collect();
        assert_eq!(applied, [open.id], "{backend}");
    }
}

#[tokio::test]
async fn the_class_page_gives_each_reader_their_side_and_hides_an_order_from_students() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, "staff@tandem.demo").await;
        let enterprise = ctx_of(&app, "enterprise@tandem.demo").await;
        let student = ctx_of(&app, "student@tandem.demo").await;
        let backend = app.db.backend_name();
        let classes = orders::classes_page(&app, &staff).await.unwrap().classes;
        // The demo's first class: selected, its first members mentored and three placed in practice.
        let first = classes.iter().find(|c| c.title == "数控技术订单班" && c.status == "selected").unwrap();

        let page = orders::class_page(&app, &staff, first.id).await.unwrap();
        assert_eq!(page.view.class.id, first.id);
        assert_eq!(page.side, Some(Side::University));
        assert!(!page.ended, "the class runs until the end of next year");
        assert!(page.view.applications.is_some(), "staff read the applications");
        assert_eq!(page.mentors.len(), 12, "six members with an academic and an enterprise mentor: {backend}");
        assert!(page.mentors.iter().all(|m| m.class_id == Some(first.id)));
        assert!(!page.curriculum.is_empty());
        assert_eq!(page.placements.len(), 3, "{backend}");

        assert!(enterprise.actor.own_enterprises().contains(&first.enterprise_id), "the demo enterprise ordered it");
        let page = orders::class_page(&app, &enterprise, first.id).await.unwrap();
        assert_eq!(page.side, Some(Side::Enterprise));
        assert_eq!(page.placements.len(), 3);

        let page = orders::class_page(&app, &student, first.id).await.unwrap();
        assert_eq!(page.side, None);
        assert!(page.view.applications.is_none(), "a student reads no one else's application");
        assert!(page.placements.is_empty(), "a student sees only their own placement, and has none");
        assert_eq!(page.curriculum.len(), orders::class_page(&app, &staff, first.id).await.unwrap().curriculum.len());

        let ordered = classes.iter().find(|c| c.status == "ordered").unwrap();
        let hidden = orders::class_page(&app, &student, ordered.id).await;
        assert!(matches!(hidden, Err(AppError::NotFound)), "{hidden:?}");
        let expected = format!("order_class.view org {}", ordered.enterprise_id);
        assert_eq!(denials_of(&app, &student).await, [expected], "one denial, under the view action: {backend}");
    }
}

#[tokio::test]
async fn the_flow_page_gives_the_figures_only_to_those_who_may_see_them() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, "staff@tandem.demo").await;
        let teacher = ctx_of(&app, "teacher@tandem.demo").await;
        let government = ctx_of(&app, "gov@tandem.demo").await;
        let student = ctx_of(&app, "student@tandem.demo").await;
        let backend = app.db.backend_name();

        let page = flow::flow_page(&app, &staff).await.unwrap();
        let (rule, shares) = page.shares.expect("staff see the figures");
        assert!(rule.provisional);
        assert!(!shares.is_empty(), "{backend}");
        assert!(page.may_record && page.may_record_for_others && page.may_appoint);
        assert!(!page.enterprises.is_empty() && !page.colleges.is_empty());
        assert!(!page.practice.is_empty() && !page.appointments.is_empty(), "{backend}");

        let page = flow::flow_page(&app, &teacher).await.unwrap();
        assert!(page.shares.is_none());
        assert!(page.may_record && !page.may_record_for_others && !page.may_appoint);
        assert!(!page.enterprises.is_empty(), "a teacher records their own practice at an enterprise");
        assert!(page.practice.iter().all(|p| p.teacher_id == teacher.actor.person_id), "{backend}");
        assert!(denials_of(&app, &teacher).await.is_empty(), "not being shown the figures is no refusal");

        let page = flow::flow_page(&app, &government).await.unwrap();
        assert!(page.shares.is_some(), "government officers see the figures");
        assert!(!page.may_record && page.enterprises.is_empty() && page.colleges.is_empty());

        let page = flow::flow_page(&app, &student).await.unwrap();
        assert!(page.shares.is_none() && !page.may_record && !page.may_appoint);
        assert_eq!(page.appointments.len(), flow::appointments(&app, &staff).await.unwrap().len());
    }
}

#[tokio::test]
async fn the_internship_pages_give_each_line_its_stage_and_the_reader_what_they_may_do() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, "staff@tandem.demo").await;
        let student = ctx_of(&app, "student@tandem.demo").await;
        let government = ctx_of(&app, "gov@tandem.demo").await;
        let backend = app.db.backend_name();

        let page = internships::internships_page(&app, &staff, "", "", false).await.unwrap();
        assert!(page.may_record && !page.enterprises.is_empty());
        assert!(page.lines.iter().any(|l| l.stage == Stage::Current), "{backend}");
        let current = internships::internships_page(&app, &staff, "", "current", false).await.unwrap();
        assert!(!current.lines.is_empty());
        assert!(current.lines.iter().all(|l| l.stage == Stage::Current), "the filter and the lines agree: {backend}");
        let attention = internships::internships_page(&app, &staff, "", "", true).await.unwrap();
        assert!(attention.lines.iter().all(|l| !l.attention.is_empty()), "{backend}");

        let page = internships::internships_page(&app, &student, "", "", false).await.unwrap();
        assert!(!page.may_record && page.enterprises.is_empty());
        assert!(page.lines.iter().all(|l| l.internship.student_id == student.actor.person_id));
        let own = page.lines.iter().find(|l| l.stage == Stage::Upcoming).expect("the demo student's internship");

        let page = internships::internship_page(&app, &student, own.internship.id).await.unwrap();
        assert_eq!(page.line.stage, Stage::Upcoming);
        assert!(page.may_leave && !page.may_record, "the intern may end it, not assign mentors");
        assert_eq!(page.agreement.party, Some(Party::Student));
        assert!(page.agreement.open);
        assert_eq!(page.mentors.len(), 2, "an academic and an enterprise mentor: {backend}");

        let page = internships::internship_page(&app, &staff, own.internship.id).await.unwrap();
        assert!(page.may_leave && page.may_record);
        assert_eq!(page.agreement.party, Some(Party::University));

        let hidden = internships::internship_page(&app, &government, own.internship.id).await;
        assert!(matches!(hidden, Err(AppError::NotFound)), "{hidden:?}");
    }
}
