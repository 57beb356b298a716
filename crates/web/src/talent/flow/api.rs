//! `/api/v1/flow`: teachers' practice in enterprises, experts' appointments, the dual-qualified share.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiResult, Caller, JsonFields, app_err, json_object, json_ok, path_id};
use crate::http::state::WebState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use tandem_app::AppError;

use tandem_app::talent::flow as flow_uc;

fn practice_json(p: &flow_uc::Practice) -> Value {
    json!({"id": p.id, "teacher_id": p.teacher_id, "teacher_name": p.teacher_name, "enterprise_id": p.enterprise_id,
        "enterprise_name": p.enterprise_name, "starts_on": p.starts_on, "ends_on": p.ends_on, "project": p.project, "report": p.report})
}

/// Teachers' practice terms in enterprises the caller may see.
#[utoipa::path(get, operation_id = "flow_practice_list", path = "/api/v1/flow/practice", tag = "talent",
    responses((status = 200, description = "Practice terms")))]
pub async fn practice_list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = flow_uc::practice(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({"items": rows.iter().map(practice_json).collect::<Vec<_>>()}))
}

/// Record a practice term: `{"teacher_email" (staff; empty for oneself), "enterprise_id", "starts_on", "ends_on", "project", "report"}`.
#[utoipa::path(post, operation_id = "flow_practice_record", path = "/api/v1/flow/practice", tag = "talent",
    responses((status = 201, description = "Recorded"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn practice_record(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let mut j = JsonFields::new(
        json_object(&headers, &body)?,
        &["teacher_email", "enterprise_id", "starts_on", "ends_on", "project", "report"],
    );
    let enterprise = j.id("enterprise_id").flatten();
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let (who, s, e, project, report) =
        (text("teacher_email"), text("starts_on"), text("ends_on"), text("project"), text("report"));
    j.check()?;
    let enterprise = enterprise.ok_or_else(|| app_err(AppError::invalid("enterprise_id", "required")))?;
    let id = flow_uc::record_practice(&state.app, &ctx, &who, enterprise, &s, &e, &project, &report)
        .await
        .map_err(app_err)?;
    json_ok(StatusCode::CREATED, &json!({"id": id}))
}

/// The teacher (or staff) adds a practice term's outcome report: `{"report": "…"}`.
#[utoipa::path(post, operation_id = "flow_practice_report", path = "/api/v1/flow/practice/{id}/report", tag = "talent", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn practice_report(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let report = crate::http::json::note_of(&headers, &body, "report")?;
    flow_uc::report_practice(&state.app, &ctx, id, &report).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Enterprise experts appointed as industry professors or adjunct teachers, with the students they mentor.
#[utoipa::path(get, operation_id = "flow_appointments_list", path = "/api/v1/flow/appointments", tag = "talent",
    responses((status = 200, description = "Appointments")))]
pub async fn appointments_list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = flow_uc::appointments(&state.app, &ctx).await.map_err(app_err)?;
    let items: Vec<Value> = rows
        .iter()
        .map(|a| {
            json!({"id": a.id, "expert_id": a.expert_id, "expert_name": a.expert_name, "college_id": a.college_id,
                "college_name": a.college_name, "kind": a.kind, "starts_on": a.starts_on, "ends_on": a.ends_on,
                "courses": a.courses, "students_mentored": a.students_mentored})
        })
        .collect();
    json_ok(StatusCode::OK, &json!({"items": items}))
}

/// Staff appoint an expert: `{"expert_email", "college_id", "kind": "industry_professor"|"adjunct_teacher", "starts_on", "ends_on", "courses"}`.
#[utoipa::path(post, operation_id = "flow_appoint", path = "/api/v1/flow/appointments", tag = "talent",
    responses((status = 201, description = "Appointed"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn appoint(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let mut j = JsonFields::new(
        json_object(&headers, &body)?,
        &["expert_email", "college_id", "kind", "starts_on", "ends_on", "courses"],
    );
    let college = j.id("college_id").flatten();
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let (who, kind, s, e, courses) =
        (text("expert_email"), text("kind"), text("starts_on"), text("ends_on"), text("courses"));
    j.check()?;
    let college = college.ok_or_else(|| app_err(AppError::invalid("college_id", "required")))?;
    let id = flow_uc::appoint(&state.app, &ctx, &who, college, &kind, &s, &e, &courses).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &json!({"id": id}))
}

/// The dual-qualified teacher share per college, with the rule applied and its source
/// (provisional). Staff and government officers.
#[utoipa::path(get, operation_id = "flow_dual_qualified", path = "/api/v1/flow/dual-qualified", tag = "talent",
    responses((status = 200, description = "{rule, colleges}"), (status = 403, body = ErrorBody)))]
pub async fn dual_qualified(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let (rule, colleges) = flow_uc::dual_qualified(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(
        StatusCode::OK,
        &json!({
            "rule": {"id": rule.id, "version": rule.version, "source": rule.source, "confidence": rule.confidence,
                "provisional": rule.provisional, "window_years": rule.window_years, "min_practice_days": rule.min_practice_days},
            "colleges": colleges,
        }),
    )
}
