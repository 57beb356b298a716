//! `/api/v1/equipment` and `/api/v1/bookings`: the shared-equipment catalogue and bookings.

use super::{ApiResult, Caller, JsonFields, ListOf, app_err, json_object, json_ok, paging, path_id, rfc3339};
use crate::WebState;
use crate::error::ErrorBody;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use tandem_app::AppError;
use tandem_app::sharing::{self as uc, Booking, Equipment, Step};
use utoipa::IntoParams;

fn equipment_json(e: &Equipment) -> Value {
    json!({
        "id": e.id, "lab_id": e.lab_id, "lab_name": e.lab_name, "name": e.name, "model": e.model, "maker": e.maker,
        "category": e.category, "location": e.location, "description": e.description, "capabilities": e.capabilities,
        "status": e.status,
        "photo": e.photo_key.as_ref().map(|_| format!("/equipment/{}/photo", e.id)),
        "maintenance_until": e.maintenance_until.map(rfc3339),
        "policy": {
            "approval": e.approval_mode, "requires_authorisation": e.requires_authorisation != 0,
            "slot_minutes": e.slot_minutes, "min_minutes": e.min_minutes, "max_minutes": e.max_minutes,
            "max_days_ahead": e.max_days_ahead, "open_from_minute": e.open_from_minute, "open_to_minute": e.open_to_minute,
            "cancel_minutes_before": e.cancel_minutes_before, "authorisation_valid_days": e.authorisation_valid_days,
            "time_zone": "Asia/Shanghai",
        },
    })
}

fn blackout_json(b: &uc::Blackout) -> Value {
    json!({"id": b.id, "start": rfc3339(b.start_at), "end": rfc3339(b.end_at), "reason": b.reason})
}

fn booking_json(b: &Booking) -> Value {
    json!({
        "id": b.id, "equipment_id": b.equipment_id, "equipment_name": b.equipment_name, "person_id": b.person_id,
        "start": rfc3339(b.start_at), "end": rfc3339(b.end_at), "status": b.status, "purpose": b.purpose,
        "user_class": b.user_class, "rate_fen_per_hour": b.rate_fen_per_hour, "currency": b.currency,
        "created_at": rfc3339(b.created_at),
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Text in the name or model.
    q: Option<String>,
    lab_id: Option<String>,
    /// Items of labs in this college, centre or lab (or the whole university).
    org_id: Option<String>,
    category: Option<String>,
    /// available, maintenance or retired.
    status: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// The equipment catalogue (anyone signed in).
#[utoipa::path(get, operation_id = "equipment_list", path = "/api/v1/equipment", tag = "equipment", params(ListParams),
    responses((status = 200, description = "One page of items"), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<ListParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let lab_id = match p.lab_id.as_deref().filter(|s| !s.is_empty()) {
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| app_err(AppError::invalid("lab_id", "not_a_whole_number")))?),
        None => None,
    };
    let org_id = match p.org_id.as_deref().filter(|s| !s.is_empty()) {
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| app_err(AppError::invalid("org_id", "not_a_whole_number")))?),
        None => None,
    };
    let filter =
        tandem_app::records::EquipmentFilter { q: p.q, lab_id, org_id, category: p.category, status: p.status };
    let (rows, total) = uc::list(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let items: Vec<Value> = rows.iter().map(equipment_json).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

fn item_json(row: &Equipment, rates: &[(String, i64, String)]) -> Value {
    let mut v = equipment_json(row);
    v["rates"] = json!(
        rates
            .iter()
            .map(|(class, fen, cur)| json!({"user_class": class, "fen_per_hour": fen, "currency": cur}))
            .collect::<Vec<_>>()
    );
    v
}

const ITEM_FIELDS: [&str; 14] = [
    "id",
    "lab_id",
    "lab_name",
    "name",
    "model",
    "maker",
    "category",
    "location",
    "description",
    "capabilities",
    "status",
    "maintenance_until",
    "policy",
    "photo",
];
const POLICY_FIELDS: [&str; 11] = [
    "approval",
    "requires_authorisation",
    "authorisation_valid_days",
    "slot_minutes",
    "min_minutes",
    "max_minutes",
    "max_days_ahead",
    "open_from_minute",
    "open_to_minute",
    "cancel_minutes_before",
    "time_zone",
];

/// Reads an item in the shape `GET /api/v1/equipment/{id}` returns (so a client may read,
/// change and send back); `id`, `lab_name`, `photo`, `time_zone` and rate currencies are ignored.
fn item_input(headers: &HeaderMap, body: &[u8]) -> Result<(Option<i64>, uc::ItemInput), axum::response::Response> {
    let mut map = json_object(headers, body)?;
    let policy = map.remove("policy");
    let rates = map.remove("rates");
    let mut j = JsonFields::new(map, &[&ITEM_FIELDS[..], &["rates"]].concat());
    let text = |j: &mut JsonFields, k: &str| j.text(k).unwrap_or_default();
    let lab_id = j.id("lab_id").flatten();
    let mut input = uc::ItemInput {
        name: text(&mut j, "name"),
        model: text(&mut j, "model"),
        maker: text(&mut j, "maker"),
        category: text(&mut j, "category"),
        location: text(&mut j, "location"),
        description: text(&mut j, "description"),
        capabilities: text(&mut j, "capabilities"),
        status: text(&mut j, "status"),
        rates_in_yuan: false,
        ..uc::ItemInput::default()
    };
    let until = text(&mut j, "maintenance_until");
    input.maintenance_until = match chrono::DateTime::parse_from_rfc3339(until.trim()) {
        Ok(at) => tandem_domain::sharing::local_date(at.timestamp()),
        Err(_) => until,
    };
    j.check()?;
    match policy {
        Some(Value::Object(p)) => {
            let mut p = JsonFields::new(p, &POLICY_FIELDS);
            input.approval_mode = text(&mut p, "approval");
            input.requires_authorisation = p.flag("requires_authorisation");
            input.authorisation_valid_days = p.text("authorisation_valid_days").unwrap_or_else(|| "365".into());
            input.slot_minutes = text(&mut p, "slot_minutes");
            input.min_minutes = text(&mut p, "min_minutes");
            input.max_minutes = text(&mut p, "max_minutes");
            input.max_days_ahead = text(&mut p, "max_days_ahead");
            input.open_from = text(&mut p, "open_from_minute");
            input.open_to = text(&mut p, "open_to_minute");
            input.cancel_minutes_before = p.text("cancel_minutes_before").unwrap_or_else(|| "0".into());
            p.check()?;
        }
        _ => return Err(app_err(AppError::invalid("policy", "required"))),
    }
    let Some(Value::Array(rates)) = rates else {
        return Err(app_err(AppError::invalid("rates", "required")));
    };
    input.rates = tandem_domain::sharing::item::USER_CLASSES.iter().map(|c| (*c, String::new())).collect();
    for rate in rates {
        let (Some(class), Some(fen)) = (rate.get("user_class").and_then(Value::as_str), rate.get("fen_per_hour"))
        else {
            return Err(app_err(AppError::invalid("rates", "wrong_type")));
        };
        let Some(slot) = input.rates.iter_mut().find(|(c, _)| *c == class) else {
            return Err(app_err(AppError::invalid("rates", "equipment.unknown_user_class")));
        };
        slot.1 = match fen {
            Value::Number(n) => n.to_string(),
            _ => return Err(app_err(AppError::invalid(&format!("rate_{class}"), "wrong_type"))),
        };
    }
    Ok((lab_id, input))
}

/// Publish an item in a lab (the lab's teachers, staff): the same shape `GET` returns, with
/// `lab_id`, `policy` and `rates` (`[{"user_class": "enterprise", "fen_per_hour": 20000}]`).
#[utoipa::path(post, operation_id = "equipment_publish", path = "/api/v1/equipment", tag = "equipment",
    responses((status = 201, description = "The item"), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Field errors, e.g. equipment.max_below_min, equipment.slot_not_offered")))]
pub async fn publish(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let (lab_id, input) = item_input(&headers, &body)?;
    let lab_id = lab_id.ok_or_else(|| app_err(AppError::invalid("lab_id", "required")))?;
    let row = uc::publish(&state.app, &ctx, lab_id, &input).await.map_err(app_err)?;
    let (row, rates) = uc::get(&state.app, &ctx, row.id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &item_json(&row, &rates))
}

/// Replace an item's description, policy and rates (its managers). Bookings keep their rate.
#[utoipa::path(put, operation_id = "equipment_revise", path = "/api/v1/equipment/{id}", tag = "equipment", params(("id" = i64, Path)),
    responses((status = 200, description = "The item"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn revise(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let (_, input) = item_input(&headers, &body)?;
    uc::revise(&state.app, &ctx, id, &input).await.map_err(app_err)?;
    let (row, rates) = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &item_json(&row, &rates))
}

/// Replace an item's photo (its managers): the body is a JPEG, PNG or WebP image, at most 5 MB.
#[utoipa::path(put, operation_id = "equipment_photo", path = "/api/v1/equipment/{id}/photo", tag = "equipment", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "file.not_a_photo, file.too_large, file.empty")))]
pub async fn set_photo(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    uc::set_photo(&state.app, &ctx, id, body.to_vec()).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// One item with its booking policy and rates (fen per hour, fixed when a booking is made).
#[utoipa::path(get, operation_id = "equipment_get", path = "/api/v1/equipment/{id}", tag = "equipment", params(("id" = i64, Path)),
    responses((status = 200, description = "The item"), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let (row, rates) = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &item_json(&row, &rates))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailabilityParams {
    /// RFC 3339 start of the window.
    from: Option<String>,
    /// RFC 3339 end of the window (at most 62 days after `from`).
    to: Option<String>,
}

fn instant(field: &str, raw: Option<&str>) -> Result<i64, axum::response::Response> {
    raw.and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.timestamp())
        .ok_or_else(|| app_err(AppError::invalid(field, "date.invalid_instant")))
}

/// Taken times of an item in a window.
#[utoipa::path(get, operation_id = "equipment_availability", path = "/api/v1/equipment/{id}/availability", tag = "equipment",
    params(("id" = i64, Path), AvailabilityParams),
    responses((status = 200, description = "Taken intervals"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn availability(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    Query(p): Query<AvailabilityParams>,
) -> ApiResult {
    let id = path_id(&id)?;
    let from = instant("from", p.from.as_deref())?;
    let to = instant("to", p.to.as_deref())?;
    let window = uc::availability(&state.app, &ctx, id, from, to).await.map_err(app_err)?;
    let items: Vec<Value> = window
        .taken
        .iter()
        .map(|(s, e, status)| json!({"start": rfc3339(*s), "end": rfc3339(*e), "status": status}))
        .collect();
    let closed: Vec<Value> = window.blackouts.iter().map(blackout_json).collect();
    json_ok(StatusCode::OK, &json!({"from": rfc3339(from), "to": rfc3339(to), "taken": items, "blackouts": closed}))
}

/// Book an item: `{"start": RFC 3339, "end": RFC 3339, "purpose": "…"}`.
#[utoipa::path(post, operation_id = "equipment_book", path = "/api/v1/equipment/{id}/bookings", tag = "equipment", params(("id" = i64, Path)),
    responses((status = 201, description = "The booking"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "booking.overlap: the message names the conflicting time"),
        (status = 422, body = ErrorBody, description = "A policy breach, each with its code (booking.in_past, booking.outside_hours, …)")))]
pub async fn book(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["start", "end", "purpose"]);
    let start = j.text("start");
    let end = j.text("end");
    let purpose = j.text("purpose").unwrap_or_default();
    j.check()?;
    let start = instant("start", start.as_deref())?;
    let end = instant("end", end.as_deref())?;
    let b = uc::book(&state.app, &ctx, id, start, end, &purpose).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &booking_json(&b))
}

/// Book a repeating time: `{"start", "end", "purpose", "every": "day"|"week", "count": 2..26,
/// "dry_run": false}`. Free occurrences are booked together; each one that cannot be is listed
/// under `conflicts` with its code (and, for an overlap, the booking in the way). 201 when at
/// least one was booked, 200 for a dry run, 409 `booking.series_none_free` when none was free.
#[utoipa::path(post, operation_id = "equipment_book_series", path = "/api/v1/equipment/{id}/booking-series", tag = "equipment",
    params(("id" = i64, Path)),
    responses((status = 201, description = "{booked: [booking], conflicts: [{start, end, code, overlaps}]}"),
        (status = 200, description = "Dry run: {free: [{start, end}], conflicts: [...]}"),
        (status = 409, description = "booking.series_none_free, with the conflicts"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn book_series(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["start", "end", "purpose", "every", "count", "dry_run"]);
    let start = j.text("start");
    let end = j.text("end");
    let purpose = j.text("purpose").unwrap_or_default();
    let every = j.text("every").unwrap_or_default();
    let count = j.text("count").unwrap_or_default();
    let dry_run = j.flag("dry_run");
    j.check()?;
    let start = instant("start", start.as_deref())?;
    let end = instant("end", end.as_deref())?;
    let repeat = tandem_domain::sharing::Repeat::parse(&every, &count).map_err(|e| app_err(AppError::Invalid(e)))?;
    let outcome =
        uc::book_series(&state.app, &ctx, id, start, end, &purpose, repeat, dry_run).await.map_err(app_err)?;
    let conflicts: Vec<Value> = outcome
        .conflicts
        .iter()
        .map(|c| {
            json!({"start": rfc3339(c.start), "end": rfc3339(c.end), "code": c.code,
                "overlaps": c.overlaps.map(|(s, e)| json!({"start": rfc3339(s), "end": rfc3339(e)}))})
        })
        .collect();
    let free: Vec<Value> =
        outcome.free.iter().map(|(s, e)| json!({"start": rfc3339(*s), "end": rfc3339(*e)})).collect();
    if dry_run {
        return json_ok(StatusCode::OK, &json!({"free": free, "conflicts": conflicts}));
    }
    if outcome.booked.is_empty() {
        let message = format!("None of the {} occurrences is free.", conflicts.len());
        return json_ok(
            StatusCode::CONFLICT,
            &json!({"code": "booking.series_none_free", "message": message, "fields": [], "conflicts": conflicts}),
        );
    }
    let booked: Vec<Value> = outcome.booked.iter().map(booking_json).collect();
    json_ok(StatusCode::CREATED, &json!({"booked": booked, "conflicts": conflicts}))
}

/// Move a booking on: approve, reject, no-show (lab managers), cancel, check-in, check-out.
#[utoipa::path(post, operation_id = "booking_step", path = "/api/v1/bookings/{id}/{step}", tag = "equipment",
    params(("id" = i64, Path), ("step" = String, Path, description = "approve, reject, cancel, check-in, check-out or no-show (managers, once started)")),
    responses((status = 200, description = "The booking"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "booking.wrong_status")))]
pub async fn step(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, step)): Path<(String, String)>,
) -> ApiResult {
    let id = path_id(&id)?;
    let step = Step::from_code(&step).ok_or_else(|| app_err(AppError::NotFound))?;
    let b = uc::step(&state.app, &ctx, id, step).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &booking_json(&b))
}

/// Record that a person was trained on an item: `{"person_id": 12, "valid_until": RFC 3339}` (lab managers).
#[utoipa::path(post, operation_id = "equipment_authorise", path = "/api/v1/equipment/{id}/authorisations", tag = "equipment", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn authorise(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["person_id", "valid_until"]);
    let person = j.id("person_id").flatten();
    let until = j.text("valid_until");
    j.check()?;
    let person = person.ok_or_else(|| app_err(AppError::invalid("person_id", "required")))?;
    let until = instant("valid_until", until.as_deref())?;
    uc::authorise(&state.app, &ctx, id, person, until).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Close an item for a time: `{"start": RFC 3339, "end": RFC 3339, "reason": "…"}` (lab managers).
#[utoipa::path(post, operation_id = "equipment_blackout", path = "/api/v1/equipment/{id}/blackouts", tag = "equipment", params(("id" = i64, Path)),
    responses((status = 201, description = "The blackout"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "booking.overlap: a booking holds part of that time"),
        (status = 422, body = ErrorBody)))]
pub async fn add_blackout(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["start", "end", "reason"]);
    let start = j.text("start");
    let end = j.text("end");
    let reason = j.text("reason").unwrap_or_default();
    j.check()?;
    let start = instant("start", start.as_deref())?;
    let end = instant("end", end.as_deref())?;
    let blackout = uc::add_blackout(&state.app, &ctx, id, start, end, &reason).await.map_err(app_err)?;
    json_ok(
        StatusCode::CREATED,
        &json!({"id": blackout, "start": rfc3339(start), "end": rfc3339(end), "reason": reason.trim()}),
    )
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsageParams {
    /// First day, `YYYY-MM-DD` (China time).
    from: Option<String>,
    /// Last day, inclusive, `YYYY-MM-DD`.
    to: Option<String>,
}

fn local_day(field: &str, raw: Option<&str>) -> Result<i64, axum::response::Response> {
    raw.and_then(|s| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp() - tandem_domain::sharing::LOCAL_OFFSET_SECS)
        .ok_or_else(|| app_err(AppError::invalid(field, "date.invalid")))
}

/// Open-sharing figures per university, college, centre, lab and item (staff and government officers).
#[utoipa::path(get, operation_id = "equipment_usage", path = "/api/v1/equipment/usage", tag = "equipment", params(UsageParams),
    responses((status = 200, description = "Figures per organisation and item"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn usage(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<UsageParams>) -> ApiResult {
    let from = local_day("from", p.from.as_deref())?;
    let to = local_day("to", p.to.as_deref())? + 86_400;
    let report = uc::usage(&state.app, &ctx, from, to).await.map_err(app_err)?;
    json_ok(
        StatusCode::OK,
        &json!({"from": rfc3339(from), "to": rfc3339(to), "orgs": report.orgs, "items": report.items}),
    )
}

/// The caller's own bookings, newest first.
#[utoipa::path(get, operation_id = "bookings_mine", path = "/api/v1/bookings", tag = "equipment", responses((status = 200, description = "Bookings")))]
pub async fn mine(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::my_bookings(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({"items": rows.iter().map(booking_json).collect::<Vec<_>>()}))
}
