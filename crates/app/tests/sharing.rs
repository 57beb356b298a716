//! Use cases of open sharing, called directly on both databases: the item page's one query,
//! who gets the managers' panel, and refusals audited by their action code.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use std::sync::Arc;
use tandem_app::records::{AuditFilter, EquipmentFilter};
use tandem_app::sharing::{self as uc, queries};
use tandem_app::{App, AppConfig, AppError, Ctx, FixedClock, Page, Rules};
use tandem_domain::sharing::week::{CellState, WeekGrid};
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

/// An available item in the demo teacher's lab, and one in a lab they do not teach in.
async fn items(app: &App, teacher: &Ctx) -> (uc::Equipment, uc::Equipment) {
    let labs = teacher.actor.teaching_labs();
    let (rows, _) = uc::list(app, teacher, &EquipmentFilter::default(), Page::new(1, 200)).await.unwrap();
    let own = rows
        .iter()
        .find(|e| labs.contains(&e.lab_id) && e.status == "available")
        .cloned()
        .expect("an item in the teacher's lab");
    let other = rows.iter().find(|e| !labs.contains(&e.lab_id)).cloned().expect("an item elsewhere");
    (own, other)
}

/// An available item anyone may book at once: automatic approval, no training needed.
async fn bookable(app: &App, ctx: &Ctx) -> uc::Equipment {
    let (rows, _) = uc::list(app, ctx, &EquipmentFilter::default(), Page::new(1, 200)).await.unwrap();
    rows.into_iter()
        .find(|e| e.status == "available" && e.approval_mode == "automatic" && e.requires_authorisation == 0)
        .expect("a bookable item")
}

/// The first free hour of a week on show: its row, its day and the instant it starts.
fn first_free_hour(week: &WeekGrid) -> (usize, usize, i64) {
    let (row, day) = (0..week.rows.len())
        .flat_map(|r| (0..7).map(move |d| (r, d)))
        .find(|(r, d)| week.rows[*r].cells[*d] == CellState::Free)
        .expect("a free hour next week");
    (row, day, week.start + i64::try_from(day).unwrap() * 86_400 + week.rows[row].minute * 60)
}

#[tokio::test]
async fn the_item_page_gives_the_managers_panel_to_the_items_managers_only() {
    for (app, _db) in demo_apps().await {
        let teacher = ctx_of(&app, "teacher@tandem.demo").await;
        let enterprise = ctx_of(&app, "enterprise@tandem.demo").await;
        let (own, other) = items(&app, &teacher).await;

        let page = queries::item_page(&app, &teacher, own.id, 0).await.unwrap();
        assert_eq!(page.item.id, own.id);
        assert!(page.management.is_some(), "the lab's teacher manages its item");
        assert!(!page.rates.is_empty());
        let slots = (page.policy.open_to_minute - page.policy.open_from_minute) / page.policy.slot_minutes;
        assert_eq!(page.week.rows.len(), usize::try_from(slots).unwrap(), "one row per slot");
        assert_eq!(page.week.end - page.week.start, 7 * 86_400);

        let page = queries::item_page(&app, &teacher, other.id, 0).await.unwrap();
        assert!(page.management.is_none(), "a teacher of another lab reads the item only");
        let page = queries::item_page(&app, &enterprise, own.id, 0).await.unwrap();
        assert!(page.management.is_none(), "an enterprise books, it does not manage");

        let missing = queries::item_page(&app, &teacher, uc::EquipmentId(9_999_999), 0).await;
        assert!(matches!(missing, Err(AppError::NotFound)));
    }
}

#[tokio::test]
async fn a_booking_shows_as_taken_on_the_week_of_the_item_page() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, "staff@tandem.demo").await;
        let enterprise = ctx_of(&app, "enterprise@tandem.demo").await;
        let own = bookable(&app, &enterprise).await;
        let page = queries::item_page(&app, &enterprise, own.id, 1).await.unwrap();
        // Next week: the first free hour.
        let (row, day, start) = first_free_hour(&page.week);
        let minutes = page.policy.min_minutes.max(page.policy.slot_minutes);
        let booking = uc::book(&app, &enterprise, own.id, start, start + minutes * 60, "首件检验").await.unwrap();
        assert_eq!(booking.status, "approved");
        let after = queries::item_page(&app, &enterprise, own.id, 1).await.unwrap();
        assert_eq!(after.week.rows[row].cells[day], CellState::Mine, "the booker sees it as theirs");
        let changed = (0..after.week.rows.len())
            .flat_map(|r| (0..7).map(move |d| (r, d)))
            .filter(|(r, d)| after.week.rows[*r].cells[*d] != page.week.rows[*r].cells[*d])
            .count();
        let slots = usize::try_from(minutes / page.policy.slot_minutes).unwrap();
        assert_eq!(changed, slots, "only the booked slots changed");
        let page = queries::item_page(&app, &staff, own.id, 1).await.unwrap();
        assert_eq!(page.week.rows[row].cells[day], CellState::Taken, "anyone else sees it taken");
        let managed = page.management.unwrap();
        assert!(managed.bookings.iter().any(|b| b.id == booking.id), "the manager sees the booking to check it in");
    }
}

#[tokio::test]
async fn a_refused_management_action_is_audited_by_its_code_and_changes_nothing() {
    for (app, _db) in demo_apps().await {
        let admin = ctx_of(&app, "admin@tandem.demo").await;
        let teacher = ctx_of(&app, "teacher@tandem.demo").await;
        let (own, other) = items(&app, &teacher).await;
        let before = queries::item_page(&app, &admin, other.id, 0).await.unwrap();

        let refused =
            uc::add_blackout(&app, &teacher, other.id, TEST_EPOCH + 86_400, TEST_EPOCH + 90_000, "维护").await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        let denials = AuditFilter { action: Some("access.denied".into()), ..AuditFilter::default() };
        let (rows, _) = tandem_app::audit::list(&app, &admin, &denials, Page::new(1, 5)).await.unwrap();
        let expected = format!("equipment.manage org {}", other.lab_id);
        assert_eq!(rows[0].detail.as_deref(), Some(expected.as_str()), "{}", app.db.backend_name());
        let after = queries::item_page(&app, &admin, other.id, 0).await.unwrap();
        assert_eq!(before.week, after.week, "nothing was closed");

        // The grant: the same request on the teacher's own item closes a free hour.
        let page = queries::item_page(&app, &teacher, own.id, 1).await.unwrap();
        let (row, day, start) = first_free_hour(&page.week);
        uc::add_blackout(&app, &teacher, own.id, start, start + 3600, "维护").await.unwrap();
        let page = queries::item_page(&app, &teacher, own.id, 1).await.unwrap();
        assert_eq!(page.week.rows[row].cells[day], CellState::Closed);
    }
}
