//! Writing and reading the audit log.

use crate::{App, AppResult, Ctx};
use tandem_domain::access::Action;
use tandem_store::audit::{self, AuditFilter, AuditRow, AuditWrite};
use tandem_store::{Page, Tx};

/// Records an event outside a data change. A failure to write it is logged, not raised: the
/// event it describes (a refused sign-in, say) has already happened.
pub(crate) async fn record_event(
    app: &App,
    actor_id: Option<i64>,
    action: &str,
    client_addr: Option<&str>,
    detail: Option<&str>,
) {
    let event = AuditWrite {
        at: app.now(),
        actor_id,
        action: action.to_owned(),
        client_addr: client_addr.map(str::to_owned),
        detail: detail.map(str::to_owned),
        ..Default::default()
    };
    if let Err(e) = audit::record(&app.db, &event).await {
        tracing::error!(error = %e, audit.action = action, "could not write audit event");
    }
}

pub(crate) async fn record_denial(app: &App, ctx: &Ctx, what: &str) {
    record_event(app, Some(ctx.actor.person_id), "access.denied", ctx.client_addr.as_deref(), Some(what)).await;
}

/// Records a denial noticed outside the rule table (a route no role may use, say).
pub async fn denied(app: &App, ctx: &Ctx, what: &str) {
    record_denial(app, ctx, what).await;
}

/// Records a data change inside its transaction, so both land or neither does.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_change(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    action: &str,
    subject_type: &str,
    subject_id: impl Into<i64>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AppResult<()> {
    let event = AuditWrite {
        at: app.now(),
        actor_id: Some(ctx.actor.person_id),
        action: action.to_owned(),
        subject_type: Some(subject_type.to_owned()),
        subject_id: Some(subject_id.into()),
        client_addr: ctx.client_addr.clone(),
        before_json: before.map(|v| v.to_string()),
        after_json: after.map(|v| v.to_string()),
        detail: None,
    };
    audit::record_tx(tx, &event).await?;
    Ok(())
}

pub async fn list(app: &App, ctx: &Ctx, filter: &AuditFilter, page: Page) -> AppResult<(Vec<AuditRow>, i64)> {
    app.authorize(ctx, Action::ViewAudit).await?;
    Ok(audit::list(&app.db, filter, page).await?)
}
