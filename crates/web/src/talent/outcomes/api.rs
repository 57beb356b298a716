//! `/api/v1/outcomes`: graduate destinations, the cohort report and the employer survey.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiResult, Caller, app_err, json_ok};
use crate::http::state::WebState;
use crate::talent::outcomes::dto::{CohortReportBody, InvitationWrite, OutcomeWrite, SurveyInvitation};
use axum::extract::State;
use axum::http::StatusCode;

use tandem_app::talent::outcomes as outcomes_uc;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CohortParams {
    /// The graduating year, such as 2026; the latest when absent.
    cohort: Option<String>,
}

/// The employment-quality report of a cohort: NACE knowledge and career-outcomes rates overall
/// and by college, order class and enterprise, and the employer satisfaction survey (staff, government).
#[utoipa::path(get, operation_id = "outcomes_report", path = "/api/v1/outcomes", tag = "outcomes", params(CohortParams),
    responses((status = 200, description = "The report", body = CohortReportBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn outcomes_report(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    axum::extract::Query(p): axum::extract::Query<CohortParams>,
) -> ApiResult {
    let r = outcomes_uc::report(&state.app, &ctx, p.cohort.as_deref().unwrap_or("")).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &CohortReportBody::from(&r))
}

/// Record a graduate's outcome (staff): `{"student_email", "cohort", "category" (empty: unknown),
/// "employer", "job_title", "relevance": 1..5, "salary_band", "supervisor_email"}`.
#[utoipa::path(post, operation_id = "outcomes_record", path = "/api/v1/outcomes", tag = "outcomes",
    request_body = OutcomeWrite,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn outcomes_record(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<OutcomeWrite>,
) -> ApiResult {
    outcomes_uc::record(&state.app, &ctx, &body.into_input()).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Invite an employed graduate's direct supervisor (staff): `{"student_email"}` → the one-time
/// survey path, valid for 30 days, shown only now.
#[utoipa::path(post, operation_id = "outcomes_invite", path = "/api/v1/outcomes/invitations", tag = "outcomes",
    request_body = InvitationWrite,
    responses((status = 201, description = "The survey's address", body = SurveyInvitation), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody, description = "survey.not_employed, survey.no_supervisor")))]
pub async fn outcomes_invite(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<InvitationWrite>,
) -> ApiResult {
    let secret = outcomes_uc::invite(&state.app, &ctx, &body.student_email.0).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &SurveyInvitation { survey_path: format!("/survey/{secret}") })
}
