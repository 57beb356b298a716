//! `/api/v1/notifications`: the caller's inbox and e-mail preferences.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::identity::Identity;
use crate::http::json::{ApiJson, ApiResult, Caller, NoFields, app_err, json_ok, paging, path_id};
use crate::http::state::WebState;
use crate::notifications::dto::{
    EmailPreference, MarkedRead, NotificationBody, NotificationList, NotificationPreferences,
    NotificationPreferencesWrite,
};
use crate::notifications::text::words;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use tandem_app::notifications as uc;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    page: Option<String>,
    /// At most 200; 50 unless given.
    per_page: Option<String>,
}

/// The caller's notices, newest first, in the caller's language, with the unread count.
#[utoipa::path(get, operation_id = "notifications_list", path = "/api/v1/notifications", tag = "notifications", params(ListParams),
    responses((status = 200, description = "The inbox", body = NotificationList), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    identity: Identity,
    Query(q): Query<ListParams>,
) -> ApiResult {
    let page = paging(q.page.as_deref(), q.per_page.as_deref())?;
    let inbox = uc::inbox(&state.app, &ctx, page).await.map_err(app_err)?;
    let lang = identity.lang;
    let items = inbox
        .items
        .iter()
        .map(|n| {
            let (title, body) = words(&state.i18n, lang, &n.notice);
            NotificationBody {
                id: n.id,
                kind: n.notice.kind().to_owned(),
                title,
                body,
                link: n.link.clone(),
                read_at: n.read_at.map(rfc3339),
                created_at: rfc3339(n.created_at),
            }
        })
        .collect();
    json_ok(
        StatusCode::OK,
        &NotificationList { items, unread: inbox.unread, page: page.page, per_page: page.per_page, total: inbox.total },
    )
}

/// Marks one of the caller's notices read; another person's is 404, as a missing one.
#[utoipa::path(post, operation_id = "notifications_read", path = "/api/v1/notifications/{id}/read", tag = "notifications",
    params(("id" = i64, Path)),
    request_body(content = Option<NoFields>, description = "Nothing; a body, if sent, is ignored"),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn read(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    uc::mark_read(&state.app, &ctx, id).await.map_err(app_err)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Marks all the caller's notices read.
#[utoipa::path(post, operation_id = "notifications_read_all", path = "/api/v1/notifications/read-all", tag = "notifications",
    request_body(content = Option<NoFields>, description = "Nothing; a body, if sent, is ignored"),
    responses((status = 200, description = "How many were unread", body = MarkedRead), (status = 401, body = ErrorBody)))]
pub async fn read_all(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let marked = uc::mark_all_read(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &MarkedRead { marked })
}

/// Which kinds of notice also come by e-mail.
#[utoipa::path(get, operation_id = "notifications_preferences", path = "/api/v1/notifications/preferences", tag = "notifications",
    responses((status = 200, description = "The caller's choices", body = NotificationPreferences), (status = 401, body = ErrorBody)))]
pub async fn preferences(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let kinds = uc::email_preferences(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &preferences_body(&state, kinds))
}

fn preferences_body(state: &WebState, kinds: Vec<(&'static str, bool)>) -> NotificationPreferences {
    NotificationPreferences {
        email_available: state.app.config.email_enabled,
        kinds: kinds.into_iter().map(|(kind, email)| EmailPreference { kind: kind.to_owned(), email }).collect(),
    }
}

/// Chooses the kinds that come by e-mail (`{"email": ["booking.approved", …]}`); the rest come
/// in the app only. An unknown kind is a 422 and changes nothing.
#[utoipa::path(put, operation_id = "notifications_set_preferences", path = "/api/v1/notifications/preferences", tag = "notifications",
    request_body = NotificationPreferencesWrite,
    responses((status = 200, description = "The choices now", body = NotificationPreferences), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_preferences(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<NotificationPreferencesWrite>,
) -> ApiResult {
    let kinds = uc::set_email_preferences(&state.app, &ctx, &body.email).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &preferences_body(&state, kinds))
}
