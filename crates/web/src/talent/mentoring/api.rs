//! `/api/v1/mentorships` and class mentors: the dual-mentor record.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiResult, Caller, app_err, json_ok, path_id};
use crate::http::state::WebState;
use crate::talent::mentoring::dto::{
    ClassMentorWrite, EvaluationWrite, MeetingId, MeetingWrite, MentorLimitWrite, MentorshipBody, MentorshipDetail,
    MentorshipList,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use tandem_app::AppError;
use tandem_app::talent::mentoring::{self as uc};

/// Staff give a class member a mentor: `{"student_id", "email", "kind": "academic"|"enterprise"}`;
/// the current mentor of that kind is replaced.
#[utoipa::path(post, operation_id = "order_classes_assign_mentor", path = "/api/v1/order-classes/{id}/mentors", tag = "mentoring",
    params(("id" = i64, Path)), request_body = ClassMentorWrite,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "mentor.over_load, mentor.not_academic, mentor.not_enterprise, order.not_a_member")))]
pub async fn assign_mentor(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ClassMentorWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let student = body.student_id.ok_or_else(|| app_err(AppError::invalid("student_id", "required")))?;
    uc::assign_mentor(&state.app, &ctx, id, student, &body.email.0, &body.kind.0).await.map_err(app_err)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Staff set how many students a mentor may take: `{"email", "max_students": 1..50}` (default 8).
#[utoipa::path(put, operation_id = "mentor_limit", path = "/api/v1/mentor-limits", tag = "mentoring",
    request_body = MentorLimitWrite,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_limit(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<MentorLimitWrite>,
) -> ApiResult {
    let max = body.max_students.ok_or_else(|| app_err(AppError::invalid("max_students", "required")))?;
    uc::set_mentor_limit(&state.app, &ctx, &body.email.0, max).await.map_err(app_err)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The caller's mentoring record: students they mentor and mentors they have.
#[utoipa::path(get, operation_id = "mentorships_mine", path = "/api/v1/mentorships", tag = "mentoring",
    responses((status = 200, description = "Mentorships", body = MentorshipList), (status = 401, body = ErrorBody)))]
pub async fn my_mentorships(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::my_mentoring(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &MentorshipList { items: rows.iter().map(MentorshipBody::from).collect() })
}

/// One mentorship with its meetings (the mentor, the student, staff and the enterprise).
#[utoipa::path(get, operation_id = "mentorships_get", path = "/api/v1/mentorships/{id}", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, description = "The mentorship", body = MentorshipDetail), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn mentorship(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let (m, meetings) = uc::mentorship(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &MentorshipDetail::new(&m, &meetings))
}

/// The mentor logs a meeting: `{"met_on": "YYYY-MM-DD", "minutes": 5..480, "topic", "notes"}`.
#[utoipa::path(post, operation_id = "mentorships_meet", path = "/api/v1/mentorships/{id}/meetings", tag = "mentoring", params(("id" = i64, Path)),
    request_body = MeetingWrite,
    responses((status = 201, description = "The meeting's id", body = MeetingId), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Field errors, e.g. date.in_future; mentor.ended")))]
pub async fn log_meeting(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MeetingWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let (met_on, minutes, topic, notes) = (body.met_on.0, body.minutes.0, body.topic.0, body.notes.0);
    let meeting = uc::log_meeting(&state.app, &ctx, id, &met_on, &minutes, &topic, &notes).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &MeetingId { id: meeting })
}

/// The mentor evaluates the student once: `{"grade": "excellent"|"good"|"pass"|"fail", "comment"}`.
/// Answers with the mentorship as it now reads.
#[utoipa::path(post, operation_id = "mentorships_evaluate", path = "/api/v1/mentorships/{id}/evaluation", tag = "mentoring", params(("id" = i64, Path)),
    request_body = EvaluationWrite,
    responses((status = 201, description = "The evaluated mentorship", body = MentorshipDetail), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "mentor.already_evaluated")))]
pub async fn evaluate(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EvaluationWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    uc::evaluate(&state.app, &ctx, id, &body.grade.0, &body.comment.0).await.map_err(app_err)?;
    let (m, meetings) = uc::mentorship(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &MentorshipDetail::new(&m, &meetings))
}
