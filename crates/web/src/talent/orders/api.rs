//! `/api/v1/order-classes`: order-based classes from the enterprise's order to the roster.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{ApiResult, Caller, JsonFields, app_err, json_object, json_ok, path_id};
use crate::http::state::WebState;
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
    let note = crate::http::json::note_of(&headers, &body, "note")?;
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
    let reason = crate::http::json::note_of(&headers, &body, "reason")?;
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
