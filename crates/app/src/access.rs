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
