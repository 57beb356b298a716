//! `/api/v1/internships`: students' internships at enterprises and their dual mentors.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{ApiResult, Caller, JsonFields, app_err, json_object, json_ok, path_id};
use crate::http::state::WebState;
use crate::talent::mentoring::api::mentorship_json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use tandem_app::talent::internships::{self as uc, AgreementInput, Internship, InternshipInput};

fn internship_json(i: &Internship, now: i64) -> Value {
    json!({
        "id": i.id, "student": {"id": i.student_id, "name": i.student_name},
        "enterprise": {"id": i.enterprise_id, "name": i.enterprise_name}, "position": i.position,
        "starts_on": i.starts_on, "ends_on": i.ends_on, "stage": uc::stage_of(i, now).code(),
        "left_on": i.left_on, "left_reason": i.left_reason, "created_at": rfc3339(i.created_at),
        "academic_mentor": i.academic_mentor, "enterprise_mentor": i.enterprise_mentor, "last_met_on": i.last_met_on,
        "attention": uc::attention_of(i, now),
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    stage: String,
    attention: bool,
}

/// Internships the caller may see: staff all; others their own, their enterprise's and those they mentor.
#[utoipa::path(get, operation_id = "internships_list", path = "/api/v1/internships", tag = "talent",
    params(("q" = Option<String>, Query, description = "Part of the student's, enterprise's or position's name"),
        ("stage" = Option<String>, Query, description = "upcoming, current, finished or left"),
        ("attention" = Option<bool>, Query, description = "only those missing a mentor or a meeting in the last 30 days")),
    responses((status = 200, description = "Internships, latest start first"),
        (status = 422, body = ErrorBody, description = "stage is not one of the four")))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(query): Query<ListQuery>) -> ApiResult {
    let rows = uc::list(&state.app, &ctx, &query.q, &query.stage, query.attention).await.map_err(app_err)?;
    let now = state.app.now();
    json_ok(StatusCode::OK, &json!({"items": rows.iter().map(|i| internship_json(i, now)).collect::<Vec<_>>()}))
}

/// Staff record an internship: `{"student_email", "enterprise_id", "position", "starts_on", "ends_on"}`.
#[utoipa::path(post, operation_id = "internships_record", path = "/api/v1/internships", tag = "talent",
    responses((status = 201, description = "Recorded"), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Field errors, including internship.overlaps and internship.too_long")))]
pub async fn record(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let mut j = JsonFields::new(
        json_object(&headers, &body)?,
        &["student_email", "enterprise_id", "position", "starts_on", "ends_on"],
    );
    let enterprise = j.id("enterprise_id").flatten();
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let input = InternshipInput {
        student_email: text("student_email"),
        enterprise_id: enterprise.map(|e| e.to_string()).unwrap_or_default(),
        position: text("position"),
        starts_on: text("starts_on"),
        ends_on: text("ends_on"),
    };
    j.check()?;
    let id = uc::record(&state.app, &ctx, &input).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &json!({"id": id}))
}

/// One internship with its mentors (current first; an ended mentorship has `ended_at`), its
/// learning agreement and the party the caller speaks for in it.
#[utoipa::path(get, operation_id = "internships_get", path = "/api/v1/internships/{id}", tag = "talent",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The internship"), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let (internship, mentors) = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    let agreement = uc::agreement(&state.app, &ctx, &internship, &mentors).await.map_err(app_err)?;
    let mut v = internship_json(&internship, state.app.now());
    v["mentors"] = json!(mentors.iter().map(mentorship_json).collect::<Vec<_>>());
    v["agreement"] = agreement.terms.as_ref().map_or(Value::Null, |a| {
        let confirmed = [a.student_confirmed_at, a.enterprise_confirmed_at, a.university_confirmed_at];
        json!({
            "version": a.version, "goals": a.goals, "duties": a.duties, "weekly_hours": a.weekly_hours,
            "allowance_fen": a.allowance_fen, "insurance": a.insurance, "updated_at": rfc3339(a.updated_at),
            "confirmed": {
                "student": confirmed[0].map(rfc3339), "enterprise": confirmed[1].map(rfc3339),
                "university": confirmed[2].map(rfc3339),
            },
            "in_force": confirmed.iter().all(Option::is_some),
        })
    });
    v["my_party"] = json!(agreement.party.map(|p| p.code()));
    json_ok(StatusCode::OK, &v)
}

/// Staff give the intern a mentor: `{"email", "kind": "academic"|"enterprise"}`; the current
/// mentor of that kind is replaced.
#[utoipa::path(post, operation_id = "internships_assign_mentor", path = "/api/v1/internships/{id}/mentors", tag = "talent",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "mentor.over_load, mentor.not_academic, mentor.not_enterprise, internship.ended")))]
pub async fn assign_mentor(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["email", "kind"]);
    let email = j.text("email").unwrap_or_default();
    let kind = j.text("kind").unwrap_or_default();
    j.check()?;
    uc::assign_mentor(&state.app, &ctx, id, &email, &kind).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// The intern or staff end the internship early: `{"reason"}`; its mentorships end with it.
#[utoipa::path(post, operation_id = "internships_leave", path = "/api/v1/internships/{id}/leave", tag = "talent",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "reason required, internship.ended")))]
pub async fn leave(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["reason"]);
    let reason = j.text("reason").unwrap_or_default();
    j.check()?;
    uc::leave(&state.app, &ctx, id, &reason).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// One of the three parties drafts or changes the learning agreement:
/// `{"goals", "duties", "weekly_hours": 1..60, "allowance": yuan a month, "insurance"}`. Each change is
/// a new version that all three confirm again.
#[utoipa::path(put, operation_id = "internships_save_agreement", path = "/api/v1/internships/{id}/agreement", tag = "talent",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The new version"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody, description = "Field errors, internship.ended")))]
pub async fn save_agreement(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j =
        JsonFields::new(json_object(&headers, &body)?, &["goals", "duties", "weekly_hours", "allowance", "insurance"]);
    let number = |v: Option<Option<i64>>| v.flatten().map(|n| n.to_string()).unwrap_or_default();
    let weekly_hours = number(j.id("weekly_hours"));
    let allowance = number(j.id("allowance"));
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let input = AgreementInput {
        goals: text("goals"),
        duties: text("duties"),
        weekly_hours,
        allowance,
        insurance: text("insurance"),
    };
    j.check()?;
    let version = uc::save_agreement(&state.app, &ctx, id, &input).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({"version": version}))
}

/// The caller confirms the version they read, for the party they speak for: `{"version"}`.
#[utoipa::path(post, operation_id = "internships_confirm_agreement", path = "/api/v1/internships/{id}/agreement/confirm", tag = "talent",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "agreement.changed, agreement.already_confirmed, agreement.none, internship.ended")))]
pub async fn confirm_agreement(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["version"]);
    let version = j.id("version").flatten();
    j.check()?;
    let version = version.ok_or_else(|| app_err(tandem_app::AppError::invalid("version", "required")))?;
    uc::confirm_agreement(&state.app, &ctx, id, version).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}
