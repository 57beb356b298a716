//! `/api/v1/me/todo`: the caller's to-do list, as on the home page.

use crate::home::dto::{TodoBody, TodoList};
use crate::home::pages::todo_title;
use crate::http::error::ErrorBody;
use crate::http::identity::Identity;
use crate::http::json::{ApiResult, Caller, app_err, json_ok};
use crate::http::state::WebState;
use axum::extract::State;
use axum::http::StatusCode;

/// What waits for the caller: approvals, confirmations, applicants to rank, drafts, unread notices.
#[utoipa::path(get, operation_id = "me_todo", path = "/api/v1/me/todo", tag = "people",
    responses((status = 200, description = "The to-do list", body = TodoList), (status = 401, body = ErrorBody)))]
pub async fn todo(State(state): State<WebState>, Caller(ctx): Caller, identity: Identity) -> ApiResult {
    let items = tandem_app::home::todo(&state.app, &ctx).await.map_err(app_err)?;
    let items = items
        .into_iter()
        .map(|t| TodoBody {
            kind: t.kind.to_owned(),
            title: todo_title(&state.i18n, identity.lang, t.kind),
            count: t.count,
            link: t.link,
        })
        .collect();
    json_ok(StatusCode::OK, &TodoList { items })
}
