//! `/api/v1/flow`: teachers' practice in enterprises, experts' appointments, the dual-qualified share.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiJsonOrEmpty, ApiResult, Caller, app_err, json_ok, path_id};
use crate::http::state::WebState;
use crate::talent::flow::dto::{
    AppointmentCreated, AppointmentWrite, CollegeShareBody, DualQualified, ExpertAppointment, ExpertAppointments,
    PracticeCreated, PracticeReport, PracticeTerm, PracticeTerms, PracticeWrite,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use tandem_app::AppError;

use tandem_app::talent::flow as flow_uc;

/// Teachers' practice terms in enterprises the caller may see.
#[utoipa::path(get, operation_id = "flow_practice_list", path = "/api/v1/flow/practice", tag = "flow",
    responses((status = 200, description = "Practice terms", body = PracticeTerms), (status = 401, body = ErrorBody)))]
pub async fn practice_list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = flow_uc::practice(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &PracticeTerms { items: rows.iter().map(PracticeTerm::from).collect() })
}

/// Record a practice term: `{"teacher_email" (staff; empty for oneself), "enterprise_id", "starts_on", "ends_on", "project", "report"}`.
#[utoipa::path(post, operation_id = "flow_practice_record", path = "/api/v1/flow/practice", tag = "flow",
    request_body = PracticeWrite,
    responses((status = 201, description = "Recorded", body = PracticeCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn practice_record(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<PracticeWrite>,
) -> ApiResult {
    let enterprise = body.enterprise_id.ok_or_else(|| app_err(AppError::invalid("enterprise_id", "required")))?;
    let (who, starts, ends) = (&body.teacher_email.0, &body.starts_on.0, &body.ends_on.0);
    let id = flow_uc::record_practice(&state.app, &ctx, who, enterprise, starts, ends, &body.project.0, &body.report.0)
        .await
        .map_err(app_err)?;
    json_ok(StatusCode::CREATED, &PracticeCreated { id })
}

/// The teacher (or staff) adds a practice term's outcome report: `{"report": "…"}`.
#[utoipa::path(post, operation_id = "flow_practice_report", path = "/api/v1/flow/practice/{id}/report", tag = "flow", params(("id" = i64, Path)),
    request_body(content = Option<PracticeReport>, description = "An empty body is an empty report"),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn practice_report(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJsonOrEmpty(report): ApiJsonOrEmpty<PracticeReport>,
) -> ApiResult {
    let id = path_id(&id)?;
    flow_uc::report_practice(&state.app, &ctx, id, &report.report.0).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Enterprise experts appointed as industry professors or adjunct teachers, with the students they mentor.
#[utoipa::path(get, operation_id = "flow_appointments_list", path = "/api/v1/flow/appointments", tag = "flow",
    responses((status = 200, description = "Appointments", body = ExpertAppointments), (status = 401, body = ErrorBody)))]
pub async fn appointments_list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = flow_uc::appointments(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &ExpertAppointments { items: rows.iter().map(ExpertAppointment::from).collect() })
}

/// Staff appoint an expert: `{"expert_email", "college_id", "kind": "industry_professor"|"adjunct_teacher", "starts_on", "ends_on", "courses"}`.
#[utoipa::path(post, operation_id = "flow_appoint", path = "/api/v1/flow/appointments", tag = "flow",
    request_body = AppointmentWrite,
    responses((status = 201, description = "Appointed", body = AppointmentCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn appoint(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<AppointmentWrite>,
) -> ApiResult {
    let college = body.college_id.ok_or_else(|| app_err(AppError::invalid("college_id", "required")))?;
    let (who, kind, starts, ends) = (&body.expert_email.0, &body.kind.0, &body.starts_on.0, &body.ends_on.0);
    let id =
        flow_uc::appoint(&state.app, &ctx, who, college, kind, starts, ends, &body.courses.0).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &AppointmentCreated { id })
}

/// The dual-qualified teacher share per college, with the rule applied and its source
/// (provisional). Staff and government officers.
#[utoipa::path(get, operation_id = "flow_dual_qualified", path = "/api/v1/flow/dual-qualified", tag = "flow",
    responses((status = 200, description = "The rule and the share per college", body = DualQualified),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn dual_qualified(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let (rule, colleges) = flow_uc::dual_qualified(&state.app, &ctx).await.map_err(app_err)?;
    let colleges = colleges.iter().map(CollegeShareBody::from).collect();
    json_ok(StatusCode::OK, &DualQualified { rule: (&rule).into(), colleges })
}
