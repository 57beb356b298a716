//! `/api/v1/order-classes`: order-based classes from the enterprise's order to the roster.

use super::{ApiResult, Caller, JsonFields, app_err, json_object, json_ok, path_id, rfc3339};
use crate::WebState;
use crate::error::ErrorBody;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use tandem_app::AppError;
use tandem_app::talent::curriculum as cur;
use tandem_app::talent::{self as uc, Application, ClassOrder, Member, OrderClass};
use tandem_domain::talent::curriculum::{ItemInput, PlacementInput};

pub(crate) fn class_json(c: &OrderClass) -> Value {
    json!({
        "id": c.id, "enterprise": {"id": c.enterprise_id, "name": c.enterprise_name}, "title": c.title,
        "positions": c.positions, "majors": c.majors, "skills": c.skills, "seats": c.seats, "hires": c.hires,
        "salary_min_fen": c.salary_min_fen, "salary_max_fen": c.salary_max_fen, "location": c.location,
        "starts_on": c.starts_on, "ends_on": c.ends_on, "status": c.status, "decision_note": c.decision_note,
        "applicants": c.applicants, "members": c.members, "created_at": rfc3339(c.created_at),
    })
}

fn application_json(a: &Application) -> Value {
    json!({
        "id": a.id, "class_id": a.class_id, "class_title": a.class_title, "student_id": a.student_id,
        "student_name": a.student_name, "preference": a.preference, "statement": a.statement, "rank": a.rank,
        "outcome": a.outcome,
        "explanation": a.explanation.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok()),
        "created_at": rfc3339(a.created_at),
    })
}

/// A member; staff's placement note and the reason for leaving only for the class's enterprise,
/// staff, and the student themselves.
fn member_json(m: &Member, private: bool) -> Value {
    json!({
        "student_id": m.student_id, "student_name": m.student_name, "source": m.source,
        "note": if private { m.note.clone() } else { None },
        "joined_at": rfc3339(m.joined_at), "left_at": m.left_at.map(rfc3339),
        "leave_reason": if private { m.leave_reason.clone() } else { None },
        "hiring": if private && m.hired.is_some() {
            json!({"hired": m.hired == Some(1), "reason": m.hiring_reason, "note": m.hiring_note})
        } else { Value::Null },
    })
}

/// Order classes the caller may see: open and selected ones, and their own enterprise's orders (staff: all).
#[utoipa::path(get, operation_id = "order_classes_list", path = "/api/v1/order-classes", tag = "talent",
    responses((status = 200, description = "Classes")))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::list(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({"items": rows.iter().map(class_json).collect::<Vec<_>>()}))
}

const ORDER_FIELDS: [&str; 12] = [
    "enterprise_id",
    "title",
    "positions",
    "majors",
    "skills",
    "seats",
    "hires",
    "salary_min",
    "salary_max",
    "location",
    "starts_on",
    "ends_on",
];

/// An enterprise orders a class: `{"enterprise_id", "title", "positions", "majors", "skills", "seats", "hires",
/// "salary_min", "salary_max" (yuan per month), "location", "starts_on", "ends_on" (YYYY-MM-DD)}`.
#[utoipa::path(post, operation_id = "order_classes_order", path = "/api/v1/order-classes", tag = "talent",
    responses((status = 201, description = "The ordered class"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn order(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let mut j = JsonFields::new(json_object(&headers, &body)?, &ORDER_FIELDS);
    let enterprise = j.id("enterprise_id").flatten();
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let input = ClassOrder {
        title: text("title"),
        positions: text("positions"),
        majors: text("majors"),
        skills: text("skills"),
        seats: text("seats"),
        hires: text("hires"),
        salary_min: text("salary_min"),
        salary_max: text("salary_max"),
        location: text("location"),
        starts_on: text("starts_on"),
        ends_on: text("ends_on"),
    };
    j.check()?;
    let enterprise = enterprise.ok_or_else(|| app_err(AppError::invalid("enterprise_id", "required")))?;
    let id = uc::order(&state.app, &ctx, enterprise, &input).await.map_err(app_err)?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &class_json(&view.class))
}

/// One class; its applications for the enterprise and staff; its members; the caller's own application.
#[utoipa::path(get, operation_id = "order_classes_get", path = "/api/v1/order-classes/{id}", tag = "talent", params(("id" = i64, Path)),
    responses((status = 200, description = "The class"), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let v = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    let mut out = class_json(&v.class);
    out["applications"] =
        v.applications.map_or(Value::Null, |a| json!(a.iter().map(application_json).collect::<Vec<_>>()));
    out["members"] = json!(
        v.members
            .iter()
            .map(|m| member_json(m, v.speaks_for || m.student_id == ctx.actor.person_id))
            .collect::<Vec<_>>()
    );
    out["mine"] = v.mine.as_ref().map_or(Value::Null, application_json);
    let items = cur::items(&state.app, &ctx, id).await.map_err(app_err)?;
    out["curriculum"] = json!(
        items
            .iter()
            .map(|i| json!({"id": i.id, "kind": i.kind, "title": i.title, "hours": i.hours, "taught_by": i.taught_by,
            "proposed_by": i.proposed_by_side, "agreed_at": i.agreed_at.map(rfc3339)}))
            .collect::<Vec<_>>()
    );
    let placements = cur::placements(&state.app, &ctx, id).await.map_err(app_err)?;
    out["placements"] = json!(
        placements
            .iter()
            .map(|p| json!({"id": p.id, "student_id": p.student_id, "student_name": p.student_name, "site": p.site,
            "supervisor": p.supervisor, "starts_on": p.starts_on, "ends_on": p.ends_on}))
            .collect::<Vec<_>>()
    );
    json_ok(StatusCode::OK, &out)
}

/// Either side proposes a curriculum item: `{"kind": "course"|"enterprise_module"|"practice", "title", "hours", "taught_by"}`.
#[utoipa::path(post, operation_id = "order_classes_propose_curriculum", path = "/api/v1/order-classes/{id}/curriculum", tag = "talent",
    params(("id" = i64, Path)),
    responses((status = 201, description = "Proposed"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn propose_curriculum(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["kind", "title", "hours", "taught_by"]);
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let input =
        ItemInput { kind: text("kind"), title: text("title"), hours: text("hours"), taught_by: text("taught_by") };
    j.check()?;
    let item = cur::propose(&state.app, &ctx, id, &input).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &json!({"id": item}))
}

/// The other side agrees to a curriculum item (`order.own_proposal` for the side that proposed it).
#[utoipa::path(post, operation_id = "order_classes_agree_curriculum", path = "/api/v1/order-classes/{id}/curriculum/{item_id}/agree", tag = "talent",
    params(("id" = i64, Path), ("item_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn agree_curriculum(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, item)): Path<(String, String)>,
) -> ApiResult {
    let (id, item) = (path_id(&id)?, path_id(&item)?);
    cur::agree(&state.app, &ctx, id, item).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Place a member in practice: `{"student_id", "site", "supervisor", "starts_on", "ends_on"}`.
#[utoipa::path(post, operation_id = "order_classes_place_in_practice", path = "/api/v1/order-classes/{id}/placements", tag = "talent",
    params(("id" = i64, Path)),
    responses((status = 201, description = "Placed"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn place_in_practice(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j =
        JsonFields::new(json_object(&headers, &body)?, &["student_id", "site", "supervisor", "starts_on", "ends_on"]);
    let student = j.id("student_id").flatten();
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let input = PlacementInput {
        site: text("site"),
        supervisor: text("supervisor"),
        starts_on: text("starts_on"),
        ends_on: text("ends_on"),
    };
    j.check()?;
    let student = student.ok_or_else(|| app_err(AppError::invalid("student_id", "required")))?;
    let placement = cur::place_in_practice(&state.app, &ctx, id, student, &input).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &json!({"id": placement}))
}

/// A member's hiring outcome at the end of the class: `{"hired": bool, "reason" (when not hired:
/// offer_declined|not_qualified|further_study|left_class|no_vacancy|other), "note"}`.
#[utoipa::path(post, operation_id = "order_classes_record_hiring", path = "/api/v1/order-classes/{id}/members/{student_id}/hiring", tag = "talent",
    params(("id" = i64, Path), ("student_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_hiring(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, student)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let (id, student) = (path_id(&id)?, path_id(&student)?);
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["hired", "reason", "note"]);
    let hired = match j.raw("hired") {
        Some(Value::Bool(true)) => "yes",
        Some(Value::Bool(false)) => "no",
        Some(Value::Null) | None => "",
        Some(_) => "wrong",
    };
    let reason = j.text("reason").unwrap_or_default();
    let note = j.text("note").unwrap_or_default();
    j.check()?;
    cur::record_hiring(&state.app, &ctx, id, student, hired, &reason, &note).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

fn note_of(headers: &HeaderMap, body: &[u8], field: &str) -> Result<String, axum::response::Response> {
    if body.is_empty() {
        return Ok(String::new());
    }
    let mut j = JsonFields::new(json_object(headers, body)?, &[field]);
    let v = j.text(field).unwrap_or_default();
    j.check()?;
    Ok(v)
}

/// The university accepts (opens to students) or declines an order: `{"note": "…"}` optional.
#[utoipa::path(post, operation_id = "order_classes_decide", path = "/api/v1/order-classes/{id}/{decision}", tag = "talent",
    params(("id" = i64, Path), ("decision" = String, Path, description = "accept or decline")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "order.wrong_status")))]
pub async fn decide(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, decision)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let accept = match decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(app_err(AppError::NotFound)),
    };
    let note = note_of(&headers, &body, "note")?;
    uc::decide(&state.app, &ctx, id, accept, &note).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// A student applies: `{"preference": 1..5, "statement": "…"}`.
#[utoipa::path(post, operation_id = "order_classes_apply", path = "/api/v1/order-classes/{id}/applications", tag = "talent", params(("id" = i64, Path)),
    responses((status = 201, description = "The application"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "order.not_open, order.already_applied, order.preference_taken")))]
pub async fn apply(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["preference", "statement"]);
    let preference = j.id("preference").flatten();
    let statement = j.text("statement").unwrap_or_default();
    j.check()?;
    let preference = preference.ok_or_else(|| app_err(AppError::invalid("preference", "required")))?;
    let a = uc::apply(&state.app, &ctx, id, preference, &statement).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &application_json(&a))
}

/// The enterprise or staff rank applicants: `{"ranks": [{"application_id": 3, "rank": 1}, …]}`; `rank: null` clears.
#[utoipa::path(put, operation_id = "order_classes_rank", path = "/api/v1/order-classes/{id}/ranks", tag = "talent", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rank(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["ranks"]);
    let raw = j.raw("ranks");
    j.check()?;
    let Some(Value::Array(items)) = raw else {
        return Err(app_err(AppError::invalid("ranks", "required")));
    };
    let mut ranks = Vec::with_capacity(items.len());
    for item in items {
        let application = item.get("application_id").and_then(Value::as_i64);
        let rank = match item.get("rank") {
            None | Some(Value::Null) => Some(None),
            Some(v) => v.as_i64().map(Some),
        };
        match (application, rank) {
            (Some(a), Some(r)) => ranks.push((a, r)),
            _ => return Err(app_err(AppError::invalid("ranks", "wrong_type"))),
        }
    }
    uc::rank(&state.app, &ctx, id, &ranks).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Staff run the selection over every open class: a stable assignment by the students'
/// preferences and the classes' rankings.
#[utoipa::path(post, operation_id = "order_classes_select", path = "/api/v1/order-classes/selection", tag = "talent",
    responses((status = 200, description = "{classes, applicants, placed}"), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "order.nothing_to_select")))]
pub async fn run_selection(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let s = uc::run_selection(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({"classes": s.classes, "applicants": s.applicants, "placed": s.placed}))
}

/// Staff place a student by hand: `{"email", "note"}` (within the class's seats).
#[utoipa::path(post, operation_id = "order_classes_place", path = "/api/v1/order-classes/{id}/members", tag = "talent", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "order.full, order.already_member, order.no_such_student")))]
pub async fn place(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["email", "note"]);
    let email = j.text("email").unwrap_or_default();
    let note = j.text("note").unwrap_or_default();
    j.check()?;
    uc::place(&state.app, &ctx, id, &email, &note).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// A student leaves a class (themselves or staff): `{"reason": "…"}`; recorded, never prevented.
#[utoipa::path(post, operation_id = "order_classes_leave", path = "/api/v1/order-classes/{id}/members/{student_id}/leave", tag = "talent",
    params(("id" = i64, Path), ("student_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn leave(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, student)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let (id, student) = (path_id(&id)?, path_id(&student)?);
    let reason = note_of(&headers, &body, "reason")?;
    uc::leave(&state.app, &ctx, id, student, &reason).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// The caller's own applications with outcomes and the reasons.
#[utoipa::path(get, operation_id = "order_classes_mine", path = "/api/v1/order-classes/applications/mine", tag = "talent",
    responses((status = 200, description = "Applications")))]
pub async fn mine(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::my_applications(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({"items": rows.iter().map(application_json).collect::<Vec<_>>()}))
}

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
    let report = note_of(&headers, &body, "report")?;
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

use tandem_app::talent::outcomes as outcomes_uc;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CohortParams {
    /// The graduating year, such as 2026; the latest when absent.
    cohort: Option<String>,
}

/// The employment-quality report of a cohort: NACE knowledge and career-outcomes rates overall
/// and by college, order class and enterprise, and the employer satisfaction survey (staff, government).
#[utoipa::path(get, operation_id = "outcomes_report", path = "/api/v1/outcomes", tag = "talent", params(CohortParams),
    responses((status = 200, description = "The report"), (status = 403, body = ErrorBody)))]
pub async fn outcomes_report(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    axum::extract::Query(p): axum::extract::Query<CohortParams>,
) -> ApiResult {
    let r = outcomes_uc::report(&state.app, &ctx, p.cohort.as_deref().unwrap_or("")).await.map_err(app_err)?;
    json_ok(
        StatusCode::OK,
        &json!({
            "cohort": r.cohort, "cohorts": r.cohorts, "overall": r.overall, "by_category": r.by_category,
            "by_college": r.by_college, "by_class": r.by_class, "by_enterprise": r.by_enterprise,
            "by_micro_degree": r.by_micro_degree, "by_mentor": r.by_mentor,
            "satisfaction": r.satisfaction,
        }),
    )
}

/// Record a graduate's outcome (staff): `{"student_email", "cohort", "category" (empty: unknown),
/// "employer", "job_title", "relevance": 1..5, "salary_band", "supervisor_email"}`.
#[utoipa::path(post, operation_id = "outcomes_record", path = "/api/v1/outcomes", tag = "talent",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn outcomes_record(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let fields = [
        "student_email",
        "cohort",
        "category",
        "employer",
        "job_title",
        "relevance",
        "salary_band",
        "supervisor_email",
    ];
    let mut j = JsonFields::new(json_object(&headers, &body)?, &fields);
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let input = outcomes_uc::OutcomeInput {
        student_email: text("student_email"),
        cohort: text("cohort"),
        category: text("category"),
        employer: text("employer"),
        job_title: text("job_title"),
        relevance: text("relevance"),
        salary_band: text("salary_band"),
        supervisor_email: text("supervisor_email"),
    };
    j.check()?;
    outcomes_uc::record(&state.app, &ctx, &input).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Invite an employed graduate's direct supervisor (staff): `{"student_email"}` → the one-time
/// survey path, valid for 30 days, shown only now.
#[utoipa::path(post, operation_id = "outcomes_invite", path = "/api/v1/outcomes/invitations", tag = "talent",
    responses((status = 201, description = "{survey_path}"), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "survey.not_employed, survey.no_supervisor")))]
pub async fn outcomes_invite(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["student_email"]);
    let email = j.text("student_email").unwrap_or_default();
    j.check()?;
    let secret = outcomes_uc::invite(&state.app, &ctx, &email).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &json!({"survey_path": format!("/survey/{secret}")}))
}
