//! The app's gate to the rule table: a refused action is audited by its code before the
//! refusal goes back to the caller.

use crate::{App, AppError, AppResult, Ctx, audit};
use tandem_domain::access::Action;

impl App {
    /// Refuses with `Forbidden` — and records the denial — unless the rule table grants `action`.
    /// Pages call it for a form that only shows what a later command will check again.
    pub async fn authorize(&self, ctx: &Ctx, action: Action) -> AppResult<()> {
        if ctx.actor.may(action) {
            return Ok(());
        }
        self.record_refusal(ctx, action).await;
        Err(AppError::Forbidden)
    }

    /// Answers `NotFound` — and records the denial — unless the rule table grants `action`: for
    /// a record the caller may not know exists.
    pub(crate) async fn authorize_or_hide(&self, ctx: &Ctx, action: Action) -> AppResult<()> {
        if ctx.actor.may(action) {
            return Ok(());
        }
        self.record_refusal(ctx, action).await;
        Err(AppError::NotFound)
    }

    /// Audits a refused action by its code and subject (`equipment.manage org 12`). Call it with
    /// no write transaction open: the entry is written on its own connection.
    pub(crate) async fn record_refusal(&self, ctx: &Ctx, action: Action) {
        let detail = match action.subject() {
            Some((kind, id)) => format!("{} {kind} {id}", action.code()),
            None => action.code().to_owned(),
        };
        audit::record_denial(self, ctx, &detail).await;
    }
}

/// Grants as the rule table reads them, from `(organisation id, organisation kind, role)` rows;
/// rows with a kind or role this version does not know grant nothing.
pub(crate) fn grants_from(rows: Vec<(i64, String, String)>) -> Vec<tandem_domain::access::Grant> {
    use tandem_domain::access::{Grant, Role};
    use tandem_domain::org::OrgKind;
    rows.into_iter()
        .filter_map(|(org_id, kind, role)| {
            Some(Grant { org_id, org_kind: OrgKind::from_code(&kind)?, role: Role::from_code(&role)? })
        })
        .collect()
}
