//! `/api/v1/internships`: students' internships at enterprises and their dual mentors.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiResult, Caller, app_err, json_ok, path_id};
use crate::http::state::WebState;
use crate::talent::internships::dto::{
    AgreementVersion, AgreementWrite, ConfirmationWrite, InternshipBody, InternshipCreated, InternshipLeaveWrite,
    InternshipSummary, InternshipWrite, Internships, MentorWrite,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use tandem_app::AppError;
use tandem_app::talent::internships as uc;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    stage: String,
    attention: bool,
}

/// Internships the caller may see: staff all; others their own, their enterprise's and those they mentor.
#[utoipa::path(get, operation_id = "internships_list", path = "/api/v1/internships", tag = "internships",
    params(("q" = Option<String>, Query, description = "Part of the student's, enterprise's or position's name"),
        ("stage" = Option<String>, Query, description = "upcoming, current, finished or left"),
        ("attention" = Option<bool>, Query, description = "only those missing a mentor or a meeting in the last 30 days")),
    responses((status = 200, description = "Internships, latest start first", body = Internships), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "stage is not one of the four")))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(query): Query<ListQuery>) -> ApiResult {
    let rows = uc::list(&state.app, &ctx, &query.q, &query.stage, query.attention).await.map_err(app_err)?;
    let now = state.app.now();
    json_ok(StatusCode::OK, &Internships { items: rows.iter().map(|i| InternshipSummary::new(i, now)).collect() })
}

/// Staff record an internship: `{"student_email", "enterprise_id", "position", "starts_on", "ends_on"}`.
#[utoipa::path(post, operation_id = "internships_record", path = "/api/v1/internships", tag = "internships",
    request_body = InternshipWrite,
    responses((status = 201, description = "Recorded", body = InternshipCreated), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Field errors, including internship.overlaps and internship.too_long")))]
pub async fn record(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<InternshipWrite>,
) -> ApiResult {
    let id = uc::record(&state.app, &ctx, &body.into_input()).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &InternshipCreated { id })
}

/// One internship with its mentors (current first; an ended mentorship has `ended_at`), its
/// learning agreement and the party the caller speaks for in it.
#[utoipa::path(get, operation_id = "internships_get", path = "/api/v1/internships/{id}", tag = "internships",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The internship", body = InternshipBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let page = uc::internship_page(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &InternshipBody::new(&page.line.internship, &page.mentors, &page.agreement, page.now))
}

/// Staff give the intern a mentor: `{"email", "kind": "academic"|"enterprise"}`; the current
/// mentor of that kind is replaced.
#[utoipa::path(post, operation_id = "internships_assign_mentor", path = "/api/v1/internships/{id}/mentors", tag = "internships",
    params(("id" = i64, Path)), request_body = MentorWrite,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "mentor.over_load, mentor.not_academic, mentor.not_enterprise, internship.ended")))]
pub async fn assign_mentor(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MentorWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    uc::assign_mentor(&state.app, &ctx, id, &body.email.0, &body.kind.0).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// The intern or staff end the internship early: `{"reason"}`; its mentorships end with it.
#[utoipa::path(post, operation_id = "internships_leave", path = "/api/v1/internships/{id}/leave", tag = "internships",
    params(("id" = i64, Path)), request_body = InternshipLeaveWrite,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "reason required, internship.ended")))]
pub async fn leave(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<InternshipLeaveWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    uc::leave(&state.app, &ctx, id, &body.reason.0).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// One of the three parties drafts or changes the learning agreement:
/// `{"goals", "duties", "weekly_hours": 1..60, "allowance": yuan a month, "insurance"}`, the shape
/// the internship's `agreement` is read in. Each change is a new version that all three confirm again.
#[utoipa::path(put, operation_id = "internships_save_agreement", path = "/api/v1/internships/{id}/agreement", tag = "internships",
    params(("id" = i64, Path)), request_body = AgreementWrite,
    responses((status = 200, description = "The new version", body = AgreementVersion), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Field errors, internship.ended")))]
pub async fn save_agreement(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AgreementWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let version = uc::save_agreement(&state.app, &ctx, id, &body.into_input()).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &AgreementVersion { version })
}

/// The caller confirms the version they read, for the party they speak for: `{"version"}`.
#[utoipa::path(post, operation_id = "internships_confirm_agreement", path = "/api/v1/internships/{id}/agreement/confirm", tag = "internships",
    params(("id" = i64, Path)), request_body = ConfirmationWrite,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "agreement.changed, agreement.already_confirmed, agreement.none, internship.ended")))]
pub async fn confirm_agreement(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ConfirmationWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let version = body.version.ok_or_else(|| app_err(AppError::invalid("version", "required")))?;
    uc::confirm_agreement(&state.app, &ctx, id, version).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}
