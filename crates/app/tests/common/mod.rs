//! What the use-case tests of every area share: the demo on each database, a signed-in
//! context for a demo account, and the last refusal the audit log recorded.

// Each test file uses its own subset of these helpers.
#![allow(dead_code)]

use std::sync::Arc;
use tandem_app::records::AuditFilter;
use tandem_app::{App, AppConfig, Ctx, FixedClock, Page, Rules};
use tandem_test_support::{TEST_EPOCH, TestDb, all_backends};

pub const ADMIN: &str = "admin@tandem.demo";
pub const STAFF: &str = "staff@tandem.demo";
pub const TEACHER: &str = "teacher@tandem.demo";
pub const STUDENT: &str = "student@tandem.demo";
pub const ENTERPRISE: &str = "enterprise@tandem.demo";
pub const MEMBER: &str = "member@tandem.demo";
pub const EXPERT: &str = "expert@tandem.demo";
pub const GOV: &str = "gov@tandem.demo";
pub const RESEARCH: &str = "research@tandem.demo";

/// The demo data loaded on SQLite, and on PostgreSQL when `TANDEM_TEST_POSTGRES_URL` is set.
pub async fn demo_apps() -> Vec<(App, TestDb)> {
    let mut apps = vec![];
    for db in all_backends().await {
        let clock = Arc::new(FixedClock::at(TEST_EPOCH));
        let app = App::new(db.db.clone(), Rules::load().unwrap(), clock, AppConfig::default());
        tandem_app::demo::load(&app).await.unwrap();
        apps.push((app, db));
    }
    apps
}

/// A signed-in context for the person with this email, as a request would carry it.
pub async fn ctx_of(app: &App, email: &str) -> Ctx {
    let token = tandem_app::auth::create_token_for_email(app, email, "use-case test").await.unwrap();
    let resolved = tandem_app::auth::resolve_token(app, &token.secret).await.unwrap().unwrap();
    Ctx { actor: resolved.actor, client_addr: None }
}

/// The detail of the newest `access.denied` entry (`"<code> <kind> <id>"`), if any.
pub async fn last_denial(app: &App) -> Option<String> {
    let admin = ctx_of(app, ADMIN).await;
    let denials = AuditFilter { action: Some("access.denied".into()), ..AuditFilter::default() };
    let (rows, _) = tandem_app::audit::list(app, &admin, &denials, Page::new(1, 1)).await.unwrap();
    rows.into_iter().next().and_then(|r| r.detail)
}

/// How many refusals the audit log holds.
pub async fn denial_count(app: &App) -> i64 {
    let admin = ctx_of(app, ADMIN).await;
    let denials = AuditFilter { action: Some("access.denied".into()), ..AuditFilter::default() };
    tandem_app::audit::list(app, &admin, &denials, Page::new(1, 1)).await.unwrap().1
}

/// Asserts that the newest refusal was audited as `expected` (`"person.view person 7"`).
pub async fn assert_denied(app: &App, expected: &str) {
    let got = last_denial(app).await;
    assert_eq!(got.as_deref(), Some(expected), "the refusal's audit entry on {}", app.db.backend_name());
}

/// The enterprise the demo's enterprise admin (and member) belongs to.
pub fn own_enterprise(ctx: &Ctx) -> i64 {
    ctx.actor.own_enterprises()[0]
}
