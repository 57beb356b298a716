//! `/api/v1/mentorships` and class mentors: the dual-mentor record.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{ApiResult, Caller, JsonFields, app_err, json_object, json_ok, path_id};
use crate::http::state::WebState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use tandem_app::AppError;
use tandem_app::talent::{self as uc};

pub(crate) fn mentorship_json(m: &uc::Mentorship) -> Value {
    json!({
        "id": m.id, "class_id": m.class_id, "internship_id": m.internship_id, "placement_title": m.placement_title,
        // Kept for clients written before internships: the class's title, or null.
        "class_title": m.class_id.map(|_| &m.placement_title),
        "enterprise": {"id": m.enterprise_id, "name": m.enterprise_name}, "student_id": m.student_id,
        "student_name": m.student_name, "mentor_id": m.mentor_id, "mentor_name": m.mentor_name, "kind": m.kind,
        "assigned_at": rfc3339(m.assigned_at), "ended_at": m.ended_at.map(rfc3339), "meetings": m.meetings,
        "evaluation": m.grade.as_ref().map(|g| json!({"grade": g, "comment": m.comment})),
    })
}

/// Staff give a class member a mentor: `{"student_id", "email", "kind": "academic"|"enterprise"}`;
/// the current mentor of that kind is replaced.
#[utoipa::path(post, operation_id = "order_classes_assign_mentor", path = "/api/v1/order-classes/{id}/mentors", tag = "talent",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "mentor.over_load, mentor.not_academic, mentor.not_enterprise, order.not_a_member")))]
pub async fn assign_mentor(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["student_id", "email", "kind"]);
    let student = j.id("student_id").flatten();
    let email = j.text("email").unwrap_or_default();
    let kind = j.text("kind").unwrap_or_default();
    j.check()?;
    let student = student.ok_or_else(|| app_err(AppError::invalid("student_id", "required")))?;
    uc::assign_mentor(&state.app, &ctx, id, student, &email, &kind).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Staff set how many students a mentor may take: `{"email", "max_students": 1..50}` (default 8).
#[utoipa::path(put, operation_id = "mentor_limit", path = "/api/v1/mentor-limits", tag = "talent",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_limit(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["email", "max_students"]);
    let email = j.text("email").unwrap_or_default();
    let max = j.id("max_students").flatten();
    j.check()?;
    let max = max.ok_or_else(|| app_err(AppError::invalid("max_students", "required")))?;
    uc::set_mentor_limit(&state.app, &ctx, &email, max).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// The caller's mentoring record: students they mentor and mentors they have.
#[utoipa::path(get, operation_id = "mentorships_mine", path = "/api/v1/mentorships", tag = "talent",
    responses((status = 200, description = "Mentorships")))]
pub async fn my_mentorships(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::my_mentoring(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({"items": rows.iter().map(mentorship_json).collect::<Vec<_>>()}))
}

/// One mentorship with its meetings (the mentor, the student, staff and the enterprise).
#[utoipa::path(get, operation_id = "mentorships_get", path = "/api/v1/mentorships/{id}", tag = "talent", params(("id" = i64, Path)),
    responses((status = 200, description = "The mentorship"), (status = 404, body = ErrorBody)))]
pub async fn mentorship(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let (m, meetings) = uc::mentorship(&state.app, &ctx, id).await.map_err(app_err)?;
    let mut v = mentorship_json(&m);
    v["meeting_log"] = json!(
        meetings
            .iter()
            .map(|x| json!({"id": x.id, "met_on": x.met_on, "minutes": x.minutes, "topic": x.topic, "notes": x.notes}))
            .collect::<Vec<_>>()
    );
    json_ok(StatusCode::OK, &v)
}

/// The mentor logs a meeting: `{"met_on": "YYYY-MM-DD", "minutes": 5..480, "topic", "notes"}`.
#[utoipa::path(post, operation_id = "mentorships_meet", path = "/api/v1/mentorships/{id}/meetings", tag = "talent", params(("id" = i64, Path)),
    responses((status = 201, description = "Logged"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn log_meeting(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["met_on", "minutes", "topic", "notes"]);
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let (met_on, minutes, topic, notes) = (text("met_on"), text("minutes"), text("topic"), text("notes"));
    j.check()?;
    let meeting = uc::log_meeting(&state.app, &ctx, id, &met_on, &minutes, &topic, &notes).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &json!({"id": meeting}))
}

/// The mentor evaluates the student once: `{"grade": "excellent"|"good"|"pass"|"fail", "comment"}`.
#[utoipa::path(post, operation_id = "mentorships_evaluate", path = "/api/v1/mentorships/{id}/evaluation", tag = "talent", params(("id" = i64, Path)),
    responses((status = 201), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "mentor.already_evaluated")))]
pub async fn evaluate(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["grade", "comment"]);
    let grade = j.text("grade").unwrap_or_default();
    let comment = j.text("comment").unwrap_or_default();
    j.check()?;
    uc::evaluate(&state.app, &ctx, id, &grade, &comment).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::CREATED))
}
