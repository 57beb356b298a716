//! `/api/v1/equipment` and `/api/v1/bookings`: the shared-equipment catalogue and bookings.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{
    ApiJson, ApiJsonOrEmpty, ApiResult, Caller, FileBytes, ListOf, app_err, json_ok, paging, path_id, sorting,
};
use crate::http::state::WebState;
use crate::sharing::dto::{
    AuthorisationRequest, Availability, BlackoutBody, BlackoutRequest, BookingBody, BookingRequest, Bookings, Conflict,
    Item, ItemSummary, ItemWrite, SeriesBooked, SeriesDryRun, SeriesNoneFree, SeriesRequest, Span, StepReason, Taken,
    Usage, UsageLineBody,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use tandem_app::AppError;
use tandem_app::sharing::{self as uc, Step};
use utoipa::IntoParams;

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
    /// Order: name, category, lab or status; `-` before it for descending.
    sort: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// The equipment catalogue (anyone signed in).
#[utoipa::path(get, operation_id = "equipment_list", path = "/api/v1/equipment", tag = "equipment", params(ListParams),
    responses((status = 200, description = "One page of items", body = ListOf<ItemSummary>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
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
    let sort = sorting(p.sort.as_deref(), tandem_app::records::EQUIPMENT_SORTS)?;
    let filter =
        tandem_app::records::EquipmentFilter { q: p.q, lab_id, org_id, category: p.category, status: p.status, sort };
    let (rows, total) = uc::list(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let items: Vec<ItemSummary> = rows.iter().map(ItemSummary::from).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

/// Publish an item in a lab (the lab's teachers, staff): the same shape `GET` returns, with
/// `lab_id`, `policy` and `rates` (`[{"user_class": "enterprise", "fen_per_hour": 20000}]`).
#[utoipa::path(post, operation_id = "equipment_publish", path = "/api/v1/equipment", tag = "equipment", request_body = ItemWrite,
    responses((status = 201, description = "The item", body = Item), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Field errors, e.g. equipment.max_below_min, equipment.slot_not_offered")))]
pub async fn publish(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<ItemWrite>,
) -> ApiResult {
    let (lab_id, input) = body.into_input().map_err(app_err)?;
    let lab_id = lab_id.ok_or_else(|| app_err(AppError::invalid("lab_id", "required")))?;
    let row = uc::publish(&state.app, &ctx, lab_id, &input).await.map_err(app_err)?;
    let (row, rates) = uc::get(&state.app, &ctx, row.id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &Item::new(&row, &rates))
}

/// Replace an item's description, policy and rates (its managers). Bookings keep their rate.
#[utoipa::path(put, operation_id = "equipment_revise", path = "/api/v1/equipment/{id}", tag = "equipment", params(("id" = i64, Path)),
    request_body = ItemWrite,
    responses((status = 200, description = "The item", body = Item), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn revise(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ItemWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let (_, input) = body.into_input().map_err(app_err)?;
    uc::revise(&state.app, &ctx, id, &input).await.map_err(app_err)?;
    let (row, rates) = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Item::new(&row, &rates))
}

/// Replace an item's photo (its managers): the body is a JPEG, PNG or WebP image, at most 5 MB.
#[utoipa::path(put, operation_id = "equipment_photo", path = "/api/v1/equipment/{id}/photo", tag = "equipment", params(("id" = i64, Path)),
    request_body(content = FileBytes, content_type = "image/*", description = "A JPEG, PNG or WebP image"),
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
    responses((status = 200, description = "The item", body = Item), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let (row, rates) = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Item::new(&row, &rates))
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
    responses((status = 200, description = "Taken intervals", body = Availability), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
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
    let taken = window
        .taken
        .iter()
        .map(|(s, e, status)| Taken { start: rfc3339(*s), end: rfc3339(*e), status: status.clone() })
        .collect();
    let blackouts = window.blackouts.iter().map(BlackoutBody::from).collect();
    json_ok(StatusCode::OK, &Availability { from: rfc3339(from), to: rfc3339(to), taken, blackouts })
}

/// Book an item: `{"start": RFC 3339, "end": RFC 3339, "purpose": "…"}`.
#[utoipa::path(post, operation_id = "equipment_book", path = "/api/v1/equipment/{id}/bookings", tag = "equipment", params(("id" = i64, Path)),
    request_body = BookingRequest,
    responses((status = 201, description = "The booking", body = BookingBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "booking.overlap: the message names the conflicting time"),
        (status = 422, body = ErrorBody, description = "A policy breach, each with its code (booking.in_past, booking.outside_hours, …)")))]
pub async fn book(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BookingRequest>,
) -> ApiResult {
    let id = path_id(&id)?;
    let start = instant("start", body.start.as_deref())?;
    let end = instant("end", body.end.as_deref())?;
    let b = uc::book(&state.app, &ctx, id, start, end, &body.purpose).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &BookingBody::from(&b))
}

/// Book a repeating time: `{"start", "end", "purpose", "every": "day"|"week", "count": 2..26,
/// "dry_run": false}`. Free occurrences are booked together; each one that cannot be is listed
/// under `conflicts` with its code (and, for an overlap, the booking in the way). 201 when at
/// least one was booked, 200 for a dry run, 409 `booking.series_none_free` when none was free.
#[utoipa::path(post, operation_id = "equipment_book_series", path = "/api/v1/equipment/{id}/booking-series", tag = "equipment",
    params(("id" = i64, Path)), request_body = SeriesRequest,
    responses((status = 201, description = "The occurrences booked and those that could not be", body = SeriesBooked),
        (status = 200, description = "Dry run: the free occurrences and the conflicts", body = SeriesDryRun),
        (status = 409, description = "booking.series_none_free, with the conflicts", body = SeriesNoneFree), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn book_series(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SeriesRequest>,
) -> ApiResult {
    let id = path_id(&id)?;
    let start = instant("start", body.start.as_deref())?;
    let end = instant("end", body.end.as_deref())?;
    let repeat = tandem_domain::sharing::Repeat::parse(&body.every.0, &body.count.0)
        .map_err(|e| app_err(AppError::Invalid(e)))?;
    let dry_run = body.dry_run.unwrap_or(false);
    let outcome =
        uc::book_series(&state.app, &ctx, id, start, end, &body.purpose, repeat, dry_run).await.map_err(app_err)?;
    let conflicts: Vec<Conflict> = outcome.conflicts.iter().map(Conflict::from).collect();
    if dry_run {
        let free = outcome.free.iter().map(|(s, e)| Span { start: rfc3339(*s), end: rfc3339(*e) }).collect();
        return json_ok(StatusCode::OK, &SeriesDryRun { free, conflicts });
    }
    if outcome.booked.is_empty() {
        let message = format!("None of the {} occurrences is free.", conflicts.len());
        return json_ok(
            StatusCode::CONFLICT,
            &SeriesNoneFree { code: "booking.series_none_free", message, fields: vec![], conflicts },
        );
    }
    let booked = outcome.booked.iter().map(BookingBody::from).collect();
    json_ok(StatusCode::CREATED, &SeriesBooked { booked, conflicts })
}

/// Move a booking on: approve, reject, no-show (lab managers), cancel, check-in, check-out.
#[utoipa::path(post, operation_id = "booking_step", path = "/api/v1/bookings/{id}/{step}", tag = "equipment",
    params(("id" = i64, Path), ("step" = String, Path, description = "approve, reject, cancel, check-in, check-out or no-show (managers, once started)")),
    request_body(content = Option<StepReason>, description = "Optional: why (told to the booker, or to the managers when the booker cancels)"),
    responses((status = 200, description = "The booking", body = BookingBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "booking.wrong_status")))]
pub async fn step(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, step)): Path<(String, String)>,
    ApiJsonOrEmpty(why): ApiJsonOrEmpty<StepReason>,
) -> ApiResult {
    let id = path_id(&id)?;
    let step = Step::from_code(&step).ok_or_else(|| app_err(AppError::NotFound))?;
    let b = uc::step(&state.app, &ctx, id, step, why.reason.as_deref()).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &BookingBody::from(&b))
}

/// Record that a person was trained on an item: `{"person_id": 12, "valid_until": RFC 3339}` (lab managers).
#[utoipa::path(post, operation_id = "equipment_authorise", path = "/api/v1/equipment/{id}/authorisations", tag = "equipment", params(("id" = i64, Path)),
    request_body = AuthorisationRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn authorise(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AuthorisationRequest>,
) -> ApiResult {
    let id = path_id(&id)?;
    let person = body.person_id.ok_or_else(|| app_err(AppError::invalid("person_id", "required")))?;
    let until = instant("valid_until", body.valid_until.as_deref())?;
    uc::authorise(&state.app, &ctx, id, person, until).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Close an item for a time: `{"start": RFC 3339, "end": RFC 3339, "reason": "…"}` (lab managers).
#[utoipa::path(post, operation_id = "equipment_blackout", path = "/api/v1/equipment/{id}/blackouts", tag = "equipment", params(("id" = i64, Path)),
    request_body = BlackoutRequest,
    responses((status = 201, description = "The blackout", body = BlackoutBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "booking.overlap: a booking holds part of that time"),
        (status = 422, body = ErrorBody)))]
pub async fn add_blackout(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BlackoutRequest>,
) -> ApiResult {
    let id = path_id(&id)?;
    let start = instant("start", body.start.as_deref())?;
    let end = instant("end", body.end.as_deref())?;
    let blackout = uc::add_blackout(&state.app, &ctx, id, start, end, &body.reason).await.map_err(app_err)?;
    let reason = body.reason.trim().to_owned();
    json_ok(StatusCode::CREATED, &BlackoutBody { id: blackout, start: rfc3339(start), end: rfc3339(end), reason })
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
    responses((status = 200, description = "Figures per organisation and item", body = Usage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn usage(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<UsageParams>) -> ApiResult {
    let from = local_day("from", p.from.as_deref())?;
    let to = local_day("to", p.to.as_deref())? + 86_400;
    let report = uc::usage(&state.app, &ctx, Some((from, to))).await.map_err(app_err)?;
    let orgs = report.orgs.iter().map(UsageLineBody::from).collect();
    let items = report.items.iter().map(UsageLineBody::from).collect();
    json_ok(StatusCode::OK, &Usage { from: rfc3339(from), to: rfc3339(to), orgs, items })
}

/// The caller's own bookings, newest first.
#[utoipa::path(get, operation_id = "bookings_mine", path = "/api/v1/bookings", tag = "equipment",
    responses((status = 200, description = "Bookings", body = Bookings), (status = 401, body = ErrorBody)))]
pub async fn mine(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::my_bookings(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Bookings { items: rows.iter().map(BookingBody::from).collect() })
}
