//! `/api/v1/audit`: the audit log for platform admins.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{ApiResult, Caller, ListOf, app_err, json_ok, paging};
use crate::http::state::WebState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tandem_app::AppError;
use tandem_app::records::{AuditFilter, AuditRow};
use utoipa::{IntoParams, ToSchema};

/// An audit event.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEvent {
    id: i64,
    at: String,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    action: String,
    subject_type: Option<String>,
    subject_id: Option<i64>,
    client_addr: Option<String>,
    #[schema(value_type = Option<Object>)]
    before: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    after: Option<serde_json::Value>,
    detail: Option<String>,
}

fn event(r: AuditRow) -> AuditEvent {
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    AuditEvent {
        id: r.id,
        at: rfc3339(r.at),
        actor_id: r.actor_id,
        actor_name: r.actor_name,
        action: r.action,
        subject_type: r.subject_type,
        subject_id: r.subject_id,
        client_addr: r.client_addr,
        before: parse(r.before_json),
        after: parse(r.after_json),
        detail: r.detail,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// An action (`enterprise.updated`) or an area prefix ending in a dot (`enterprise.`).
    action: Option<String>,
    subject_type: Option<String>,
    subject_id: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// The audit log, newest first (platform admins).
#[utoipa::path(get, operation_id = "people_audit", path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = ListOf<AuditEvent>), (status = 403, body = ErrorBody)))]
pub async fn audit(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<AuditParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let subject_id = match p.subject_id.as_deref().filter(|s| !s.is_empty()) {
        Some(raw) => {
            Some(raw.parse::<i64>().map_err(|_| app_err(AppError::invalid("subject_id", "not_a_whole_number")))?)
        }
        None => None,
    };
    let filter = AuditFilter { action: p.action, actor_id: None, subject_type: p.subject_type, subject_id };
    let (rows, total) = tandem_app::audit::list(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    json_ok(
        StatusCode::OK,
        &ListOf { items: rows.into_iter().map(event).collect(), page: page.page, per_page: page.per_page, total },
    )
}
