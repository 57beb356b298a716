//! Shared equipment pages: the catalogue, an item with its week and a booking form, and the
//! reader's bookings with the approval queue of the items they manage.

use crate::http::form::{Choice, Field, Pager};
use crate::http::form::{PER_PAGE, form, form_response, page_number};
use crate::http::format::{done, query_string};
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::sharing::{self as uc, Booking, BookingId, EquipmentId, Step, queries};
use tandem_app::{AppError, Page};
use tandem_domain::sharing::LOCAL_OFFSET_SECS;
use tandem_domain::sharing::week::CellState;
use tandem_domain::validation::FieldErrors;

use tandem_domain::sharing::item::CATEGORIES;

fn yuan(fen: i64) -> String {
    format!("¥{}", tandem_domain::money::format_fen_as_yuan(fen))
}

fn local(epoch: i64) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp(epoch + LOCAL_OFFSET_SECS, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

fn status_label(c: &PageCtx, status: &str) -> String {
    c.t(&format!("equipment-status-{status}"))
}

pub struct ItemLine {
    id: EquipmentId,
    name: String,
    model: String,
    category: String,
    lab: String,
    approval: String,
    status: String,
    status_code: String,
}

#[derive(Template)]
#[template(path = "sharing/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    figures: bool,
    can_publish: bool,
    rows: Vec<ItemLine>,
    pager: Pager,
    q: String,
    categories: Vec<Choice>,
    statuses: Vec<Choice>,
    units: Vec<Choice>,
    headers: Vec<crate::http::form::SortHeader>,
    /// The order, kept when the filters change.
    sort: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    category: String,
    status: String,
    org: String,
    sort: String,
    page: Option<String>,
}

pub async fn list(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let filter = tandem_app::records::EquipmentFilter {
        q: Some(q.q.clone()),
        lab_id: None,
        org_id: q.org.parse().ok(),
        category: CATEGORIES.contains(&q.category.as_str()).then(|| q.category.clone()),
        status: ["available", "maintenance", "retired"].contains(&q.status.as_str()).then(|| q.status.clone()),
        sort: crate::http::form::page_sort(&q.sort, tandem_app::records::EQUIPMENT_SORTS),
    };
    let catalogue = queries::catalogue(&state.app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let total = catalogue.total;
    let rows = catalogue
        .rows
        .into_iter()
        .map(|e| ItemLine {
            id: e.id,
            model: e.model.unwrap_or_default(),
            category: c.t(&format!("equipment-category-{}", e.category)),
            lab: e.lab_name,
            approval: c.t(&format!("equipment-approval-{}", e.approval_mode)),
            status: status_label(c, &e.status),
            status_code: e.status,
            name: e.name,
        })
        .collect();
    let query = query_string(&[("q", &q.q), ("category", &q.category), ("status", &q.status), ("org", &q.org)]);
    let sort = filter.sort.map(|s| s.code()).unwrap_or_default();
    let headers = crate::http::form::sort_headers(
        "/equipment",
        &query,
        filter.sort,
        vec![
            (c.t("col-name"), Some("name"), false),
            (c.t("equipment-category"), Some("category"), false),
            (c.t("kind-lab"), Some("lab"), false),
            (c.t("equipment-approval"), None, false),
            (c.t("col-status"), Some("status"), false),
        ],
    );
    let paged = query_string(&[
        ("q", &q.q),
        ("category", &q.category),
        ("status", &q.status),
        ("org", &q.org),
        ("sort", &sort),
    ]);
    let pager = Pager::new(c, "/equipment", &paged, page.page, page.per_page, total);
    let units: Vec<Choice> = catalogue
        .units
        .into_iter()
        .map(|(id, kind, name)| Choice {
            selected: id.to_string() == q.org,
            value: id.to_string(),
            label: format!("{} · {name}", c.t(&format!("kind-{kind}"))),
        })
        .collect();
    let choice = |v: &str, label: String, sel: &str| Choice { value: v.to_owned(), label, selected: v == sel };
    Ok(ok(&ListPage {
        c,
        figures: catalogue.may_see_figures,
        can_publish: catalogue.may_publish,
        rows,
        pager,
        headers,
        sort,
        categories: CATEGORIES
            .iter()
            .map(|k| choice(k, c.t(&format!("equipment-category-{k}")), &q.category))
            .collect(),
        statuses: ["available", "maintenance", "retired"]
            .iter()
            .map(|k| choice(k, status_label(c, k), &q.status))
            .collect(),
        units,
        q: q.q,
    }))
}

pub struct Cell {
    class: &'static str,
    /// For a free slot: the item page with the form filled for it.
    pick: Option<String>,
    /// What the slot is, in words (`12-08 周二 09:30 可预约`).
    label: String,
}

pub struct GridRow {
    time: String,
    cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "sharing/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    id: EquipmentId,
    name: String,
    model: String,
    lab_id: i64,
    lab: String,
    location: String,
    status: String,
    status_code: String,
    approval: String,
    rules: String,
    rates: Vec<(String, String)>,
    fields: Vec<Field>,
    notice: Option<String>,
    refusal: Option<String>,
    days: Vec<String>,
    grid: Vec<GridRow>,
    manager: bool,
    /// "Your rate (internal): ¥50.00 / h", and the rate in fen for the estimate.
    my_rate: Option<(String, i64)>,
    /// Whether the reader may book as far as training goes.
    trained: bool,
    prev_week: i64,
    next_week: i64,
    capabilities: String,
    description: String,
    has_photo: bool,
    manage: Option<ManagePanel>,
    conflicts: Vec<String>,
}

/// What only the item's managers see on its page: who was trained, and the item's calendar.
pub struct ManagePanel {
    bookings: Vec<BookingLine>,
    trained: Vec<(String, String, String, bool)>,
    training_fields: Vec<Field>,
    training_error: Option<String>,
    feed_since: Option<String>,
    feed_url: Option<String>,
}

/// What a re-rendered item page shows besides the item: the typed booking, outcomes, and the
/// manager's forms.
#[derive(Default)]
struct Shown {
    week: i64,
    form: BookingForm,
    notice: Option<String>,
    refusal: Option<String>,
    training: TrainingForm,
    training_error: Option<String>,
    feed_url: Option<String>,
    conflicts: Vec<String>,
    status: Option<StatusCode>,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct TrainingForm {
    email: String,
    valid_until: String,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct BookingForm {
    date: String,
    from: String,
    to: String,
    purpose: String,
    repeat: String,
    count: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct WeekQuery {
    week: i64,
    booked: String,
    /// A free slot picked on the grid: the form comes filled with it.
    date: String,
    from: String,
    to: String,
}

async fn detail_page(state: &WebState, viewer: &Viewer, id: EquipmentId, shown: Shown) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = queries::item_page(&state.app, &ctx, id, shown.week).await.map_err(|e| c.error(e))?;
    let queries::ItemPage { item, rates, policy, week, now, my_rate, trained, management } = page;
    let f = &shown.form;
    let days: Vec<String> = (0..7)
        .map(|d| {
            let day = local(week.start + d * 86_400);
            let weekday = c.t(&format!("weekday-{}", chrono::Datelike::weekday(&day).num_days_from_monday()));
            format!("{} {weekday}", day.format("%m-%d"))
        })
        .collect();
    let hhmm = |minute: i64| format!("{:02}:{:02}", minute.div_euclid(60) % 24, minute.rem_euclid(60));
    let grid = week
        .rows
        .iter()
        .map(|row| GridRow {
            time: hhmm(row.minute),
            cells: row
                .cells
                .iter()
                .enumerate()
                .map(|(d, cell)| {
                    let date =
                        local(week.start + i64::try_from(d).unwrap_or(0) * 86_400).format("%Y-%m-%d").to_string();
                    let (from, to) = (hhmm(row.minute), hhmm(row.minute + week.slot_minutes));
                    let pick = (*cell == CellState::Free && trained).then(|| {
                        let q = query_string(&[
                            ("week", &week.offset.to_string()),
                            ("date", &date),
                            ("from", &from),
                            ("to", &to),
                        ]);
                        format!("/equipment/{id}?{q}#book-title")
                    });
                    let state = c.t(&format!("equipment-slot-{}", cell.code()));
                    Cell { class: cell.code(), pick, label: format!("{} {from} {state}", days[d]) }
                })
                .collect(),
        })
        .collect();
    let fields = vec![
        Field::new("date", c.t("equipment-date"), &f.date).kind("date").required(),
        Field::new("from", c.t("equipment-from"), &f.from).kind("time").required().hint(c.t("equipment-time-hint")),
        Field::new("to", c.t("equipment-to"), &f.to).kind("time").required(),
        Field::new("purpose", c.t("equipment-purpose"), &f.purpose).kind("textarea").required(),
        Field::new("repeat", c.t("equipment-repeat"), &f.repeat)
            .kind("select")
            .choices(vec![("day".into(), c.t("equipment-repeat-day")), ("week".into(), c.t("equipment-repeat-week"))])
            .hint(c.t("equipment-repeat-hint")),
        Field::new("count", c.t("equipment-repeat-count"), &f.count).kind("number"),
    ];
    let rules = c.tf(
        "equipment-rules-text",
        &[
            ("slot", &policy.slot_minutes.to_string()),
            ("min", &policy.min_minutes.to_string()),
            ("max", &policy.max_minutes.to_string()),
            ("ahead", &policy.max_days_ahead.to_string()),
            ("open", &format!("{:02}:{:02}", policy.open_from_minute / 60, policy.open_from_minute % 60)),
            ("close", &format!("{:02}:{:02}", policy.open_to_minute / 60, policy.open_to_minute % 60)),
            ("training", &c.t(if policy.requires_authorisation { "yes" } else { "no" })),
            ("cancel", &policy.cancel_minutes_before.to_string()),
        ],
    );
    let manager = management.is_some();
    let my_rate = my_rate.map(|(class, fen)| {
        (c.tf("equipment-my-rate", &[("class", &c.t(&format!("equipment-class-{class}"))), ("rate", &yuan(fen))]), fen)
    });
    let manage = management.map(|m| manage_panel(c, &item, m, &shown, now));
    let page = DetailPage {
        c,
        id,
        capabilities: item.capabilities.clone().unwrap_or_default(),
        has_photo: item.photo_key.is_some(),
        description: item.description.clone().unwrap_or_default(),
        manage,
        conflicts: shown.conflicts.clone(),
        name: item.name.clone(),
        model: item.model.clone().unwrap_or_default(),
        lab_id: item.lab_id,
        lab: item.lab_name.clone(),
        location: item.location.clone().unwrap_or_default(),
        status: status_label(c, &item.status),
        status_code: item.status.clone(),
        approval: c.t(&format!("equipment-approval-{}", item.approval_mode)),
        rules,
        rates: rates
            .into_iter()
            .map(|(class, fen, _)| (c.t(&format!("equipment-class-{class}")), format!("{} / h", yuan(fen))))
            .collect(),
        fields,
        notice: shown.notice.clone(),
        refusal: shown.refusal.clone(),
        days,
        grid,
        manager,
        my_rate,
        trained,
        prev_week: week.offset - 1,
        next_week: week.offset + 1,
    };
    Ok(html(shown.status.unwrap_or(StatusCode::OK), &page))
}

fn manage_panel(c: &PageCtx, item: &uc::Equipment, m: queries::Management, shown: &Shown, now: i64) -> ManagePanel {
    let trained = m
        .trained
        .into_iter()
        .map(|a| {
            let until = tandem_domain::sharing::local_date(a.valid_until);
            (a.person_name, a.email.unwrap_or_default(), until, a.valid_until > now)
        })
        .collect();
    let default_until = tandem_domain::sharing::local_date(now + item.authorisation_valid_days * 86_400);
    let until = if shown.training.valid_until.is_empty() { default_until } else { shown.training.valid_until.clone() };
    let training_fields = vec![
        Field::new("email", c.t("field-email"), &shown.training.email)
            .kind("email")
            .required()
            .hint(c.t("picker-hint"))
            .suggest(crate::http::form::people_options(&m.trainees)),
        Field::new("valid_until", c.t("training-valid-until"), &until).kind("date").required(),
    ];
    let feed_since =
        m.feed_created.map(|at| c.tf("feed-active", &[("since", &local(at).format("%Y-%m-%d %H:%M").to_string())]));
    ManagePanel {
        // Rejecting takes a reason, given in the approval queue; the item page approves only.
        bookings: m
            .bookings
            .into_iter()
            .map(|b| {
                let mut l = line(c, b, true, now);
                l.steps.retain(|(step, _)| *step != "reject");
                l
            })
            .collect(),
        trained,
        training_fields,
        training_error: shown.training_error.clone(),
        feed_since,
        feed_url: shown.feed_url.clone(),
    }
}

pub async fn detail(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<WeekQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let notice = ["approved", "requested"].contains(&q.booked.as_str()).then(|| {
        viewer.page.tf("equipment-booked", &[("status", &viewer.page.t(&format!("booking-status-{}", q.booked)))])
    });
    let form = BookingForm { date: q.date, from: q.from, to: q.to, ..BookingForm::default() };
    detail_page(&state, &viewer, id, Shown { week: q.week, notice, form, ..Shown::default() }).await
}

fn parse_local(date: &str, time: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let t = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Some(d.and_time(t).and_utc().timestamp() - LOCAL_OFFSET_SECS)
}

pub async fn book(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: EquipmentId = crate::http::page::path_id(&viewer, &id)?;
    let f: BookingForm = form(&body);
    let (Some(start), Some(end)) = (parse_local(&f.date, &f.from), parse_local(&f.date, &f.to)) else {
        let msg = c.t("date-invalid");
        return detail_page(&state, &viewer, id, refused(f, msg, StatusCode::UNPROCESSABLE_ENTITY)).await;
    };
    if !f.repeat.is_empty() {
        return book_series(&state, &viewer, id, f, start, end).await;
    }
    match uc::book(&state.app, &ctx, id, start, end, &f.purpose).await {
        Ok(b) => Ok(Redirect::to(&format!("/equipment/{id}?booked={}", b.status)).into_response()),
        Err(AppError::Overlap { start, end }) => {
            let msg = c.tf(
                "booking.overlap",
                &[
                    ("start", &local(start).format("%Y-%m-%d %H:%M").to_string()),
                    ("end", &local(end).format("%H:%M").to_string()),
                ],
            );
            detail_page(&state, &viewer, id, refused(f, msg, StatusCode::CONFLICT)).await
        }
        Err(AppError::Refused(code)) => {
            detail_page(&state, &viewer, id, refused(f, c.t(code), StatusCode::UNPROCESSABLE_ENTITY)).await
        }
        Err(AppError::Invalid(errors)) => {
            let msg = errors
                .0
                .first()
                .map(|e| format!("{}: {}", c.t(&format!("equipment-{}", e.field)), c.field_message(&e.code, &[])))
                .unwrap_or_default();
            detail_page(&state, &viewer, id, refused(f, msg, StatusCode::UNPROCESSABLE_ENTITY)).await
        }
        Err(e) => Err(c.error(e)),
    }
}

fn invalid_message(c: &PageCtx, errors: &FieldErrors) -> String {
    errors
        .0
        .first()
        .map(|e| {
            let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let label = match e.field.as_str() {
                "every" => c.t("equipment-repeat"),
                "count" => c.t("equipment-repeat-count"),
                field => c.t(&format!("equipment-{field}")),
            };
            format!("{label}: {}", c.field_message(&e.code, &args))
        })
        .unwrap_or_default()
}

/// A repeating booking from the item's page: the free occurrences are booked and each one
/// that could not be is listed with its reason.
async fn book_series(
    state: &WebState,
    viewer: &Viewer,
    id: EquipmentId,
    f: BookingForm,
    start: i64,
    end: i64,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let repeat = match tandem_domain::sharing::Repeat::parse(&f.repeat, &f.count) {
        Ok(r) => r,
        Err(errors) => {
            let msg = invalid_message(c, &errors);
            return detail_page(state, viewer, id, refused(f, msg, StatusCode::UNPROCESSABLE_ENTITY)).await;
        }
    };
    match uc::book_series(&state.app, &ctx, id, start, end, &f.purpose, repeat, false).await {
        Ok(outcome) => {
            let when = |s: i64, e: i64| format!("{} – {}", local(s).format("%Y-%m-%d %H:%M"), local(e).format("%H:%M"));
            let conflicts = outcome
                .conflicts
                .iter()
                .map(|k| {
                    let reason = match k.overlaps {
                        Some((os, oe)) => c.tf(
                            "booking.overlap",
                            &[
                                ("start", &local(os).format("%Y-%m-%d %H:%M").to_string()),
                                ("end", &local(oe).format("%H:%M").to_string()),
                            ],
                        ),
                        None => c.t(k.code),
                    };
                    format!("{}: {reason}", when(k.start, k.end))
                })
                .collect();
            let booked = outcome.booked.len();
            let total = booked + outcome.conflicts.len();
            let (notice, refusal, status) = if booked == 0 {
                (None, Some(c.t("equipment-series-none")), StatusCode::CONFLICT)
            } else {
                let n =
                    c.tf("equipment-series-booked", &[("booked", &booked.to_string()), ("total", &total.to_string())]);
                (Some(n), None, StatusCode::OK)
            };
            let form = if booked == 0 { f } else { BookingForm::default() };
            let shown = Shown { form, notice, refusal, conflicts, status: Some(status), ..Shown::default() };
            detail_page(state, viewer, id, shown).await
        }
        Err(AppError::Invalid(errors)) => {
            let msg = invalid_message(c, &errors);
            detail_page(state, viewer, id, refused(f, msg, StatusCode::UNPROCESSABLE_ENTITY)).await
        }
        Err(e) => Err(c.error(e)),
    }
}

fn refused(form: BookingForm, message: String, status: StatusCode) -> Shown {
    Shown { form, refusal: Some(message), status: Some(status), ..Shown::default() }
}

/// `POST /equipment/{id}/authorisations`: a manager records that someone was trained.
pub async fn authorise(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: EquipmentId = crate::http::page::path_id(&viewer, &id)?;
    let f: TrainingForm = form(&body);
    let until = chrono::NaiveDate::parse_from_str(f.valid_until.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|d| d.and_utc().timestamp() - LOCAL_OFFSET_SECS);
    let outcome = match until {
        None => Err(AppError::invalid("valid_until", "date.invalid")),
        Some(until) => uc::authorise_by_email(&state.app, &ctx, id, &f.email, Some(until)).await,
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&done(&format!("/equipment/{id}#training"), "training.recorded")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let msg = errors
                .0
                .first()
                .map(|e| {
                    let label = if e.field == "email" { c.t("field-email") } else { c.t("training-valid-until") };
                    format!("{label}: {}", c.field_message(&e.code, &[]))
                })
                .unwrap_or_default();
            let shown = Shown {
                training: f,
                training_error: Some(msg),
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                ..Shown::default()
            };
            detail_page(&state, &viewer, id, shown).await
        }
        Err(e) => Err(c.error(e)),
    }
}

/// `POST /equipment/{id}/feed`: a new calendar address for the item, shown once.
pub async fn create_item_feed(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: EquipmentId = crate::http::page::path_id(&viewer, &id)?;
    let secret = uc::create_item_feed(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let shown = Shown { feed_url: Some(feed_address(&state, &headers, &secret)), ..Shown::default() };
    detail_page(&state, &viewer, id, shown).await
}

/// `POST /equipment/{id}/feed/revoke`.
pub async fn revoke_item_feed(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    uc::revoke_item_feed(&state.app, &ctx, id).await.map_err(|e| viewer.page.error(e))?;
    Ok(Redirect::to(&crate::http::format::done(&format!("/equipment/{id}#item-feed"), "feed-revoked")).into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct BlackoutForm {
    start: String,
    end: String,
    reason: String,
}

fn parse_local_instant(raw: &str) -> Option<i64> {
    let at = chrono::NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M").ok()?;
    Some(at.and_utc().timestamp() - LOCAL_OFFSET_SECS)
}

fn blackout_form(c: &PageCtx, id: EquipmentId, name: &str, f: &BlackoutForm, errors: &FieldErrors) -> Response {
    let fields = vec![
        Field::new("start", c.t("blackout-start"), &f.start)
            .kind("datetime-local")
            .required()
            .hint(c.t("blackout-hint")),
        Field::new("end", c.t("blackout-end"), &f.end).kind("datetime-local").required(),
        Field::new("reason", c.t("blackout-reason"), &f.reason).required(),
    ];
    form_response(
        c,
        c.tf("blackout-title", &[("name", name)]),
        format!("/equipment/{id}/blackouts"),
        (format!("/equipment/{id}"), name.to_owned()),
        fields,
        errors,
    )
}

/// The item's managers close it for a time (calibration, holidays, teaching use).
pub async fn new_blackout(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: EquipmentId = crate::http::page::path_id(&viewer, &id)?;
    let item = queries::managed_item(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    Ok(blackout_form(c, id, &item.name, &BlackoutForm::default(), &FieldErrors::new()))
}

pub async fn add_blackout(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: EquipmentId = crate::http::page::path_id(&viewer, &id)?;
    let f: BlackoutForm = form(&body);
    let mut errors = FieldErrors::new();
    let start = parse_local_instant(&f.start);
    let end = parse_local_instant(&f.end);
    for (field, value) in [("start", start), ("end", end)] {
        if value.is_none() {
            errors.add(field, "date.invalid_local");
        }
    }
    if let (Some(start), Some(end)) = (start, end) {
        match uc::add_blackout(&state.app, &ctx, id, start, end, &f.reason).await {
            Ok(_) => {
                return Ok(Redirect::to(&crate::http::format::done(&format!("/equipment/{id}"), "blackout-added"))
                    .into_response());
            }
            Err(AppError::Invalid(refused)) => errors = refused,
            Err(AppError::Overlap { start, end }) => {
                let args = [
                    ("start", local(start).format("%Y-%m-%d %H:%M").to_string()),
                    ("end", local(end).format("%H:%M").to_string()),
                ];
                errors.add_with("start", "booking.overlap", &args);
            }
            Err(e) => return Err(c.error(e)),
        }
    }
    // The form again, with what was typed and why it was refused.
    let item = queries::managed_item(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    Ok(blackout_form(c, id, &item.name, &f, &errors))
}

pub struct BookingLine {
    id: BookingId,
    equipment_id: EquipmentId,
    equipment: String,
    person: String,
    when: String,
    status: String,
    /// Why it was rejected or cancelled, when someone said.
    reason: Option<String>,
    purpose: String,
    rate: String,
    steps: Vec<(&'static str, String)>,
}

/// A booking with the steps its reader may take now; the booker is not offered a cancellation
/// the deadline no longer allows (managers may always cancel).
fn line(c: &PageCtx, b: Booking, manager: bool, now: i64) -> BookingLine {
    let mut steps: Vec<(&'static str, String)> = Vec::new();
    let mut add = |code: &'static str| steps.push((code, c.t(&format!("booking-step-{code}"))));
    let may_cancel = manager || now <= b.start_at - b.cancel_minutes_before * 60;
    match b.status.as_str() {
        "requested" if manager => {
            add("approve");
            add("reject");
        }
        "requested" if may_cancel => add("cancel"),
        "approved" => {
            add("check-in");
            if may_cancel {
                add("cancel");
            }
            if manager && now >= b.start_at {
                add("no-show");
            }
        }
        "checked_in" => add("check-out"),
        _ => {}
    }
    BookingLine {
        id: b.id,
        equipment_id: b.equipment_id,
        when: format!("{} – {}", local(b.start_at).format("%Y-%m-%d %H:%M"), local(b.end_at).format("%H:%M")),
        status: c.t(&format!("booking-status-{}", b.status)),
        reason: b.status_reason,
        rate: format!("{} / h", yuan(b.rate_fen_per_hour)),
        equipment: b.equipment_name,
        person: b.person_name,
        purpose: b.purpose,
        steps,
    }
}

#[derive(Template)]
#[template(path = "sharing/bookings.html")]
struct BookingsPage<'a> {
    c: &'a PageCtx,
    mine: Vec<BookingLine>,
    queue: Vec<BookingLine>,
    notice: Option<String>,
    feed_since: Option<String>,
    feed_url: Option<String>,
}

async fn bookings_page(
    state: &WebState,
    viewer: &Viewer,
    notice: Option<String>,
    feed_url: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = queries::my_bookings(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let now = page.now;
    let mine = page.mine.into_iter().map(|b| line(c, b, false, now)).collect();
    let queue = page.queue.into_iter().map(|b| line(c, b, true, now)).collect();
    let feed_since =
        page.feed_created.map(|at| c.tf("feed-active", &[("since", &local(at).format("%Y-%m-%d %H:%M").to_string())]));
    Ok(html(status, &BookingsPage { c, mine, queue, notice, feed_since, feed_url }))
}

#[derive(Template)]
#[template(path = "sharing/approvals.html")]
struct ApprovalsPage<'a> {
    c: &'a PageCtx,
    queue: Vec<BookingLine>,
    notice: Option<String>,
}

/// The approval queue of the labs the reader manages: decide one with a reason, or tick several
/// and approve (or reject) them together.
pub async fn approvals(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    approvals_page(&state, &viewer, None, StatusCode::OK).await
}

async fn approvals_page(
    state: &WebState,
    viewer: &Viewer,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = queries::approvals(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let queue = page.queue.into_iter().map(|b| line(c, b, true, page.now)).collect();
    Ok(html(status, &ApprovalsPage { c, queue, notice }))
}

/// The bulk form: `ids=…&ids=…&step=approve|reject&reason=…`.
pub async fn decide_many(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or("");
    let ids: Vec<BookingId> = pairs.iter().filter(|(k, _)| k == "ids").filter_map(|(_, v)| v.parse().ok()).collect();
    let step = match value("step") {
        "approve" => Step::Approve,
        "reject" => Step::Reject,
        _ => return Err(viewer.page.error(AppError::NotFound)),
    };
    match uc::step_many(&state.app, &ctx, &ids, step, Some(value("reason"))).await {
        Ok(outcome) if outcome.refused.is_empty() => {
            let code = if step == Step::Approve { "bookings.approved_many" } else { "bookings.rejected_many" };
            Ok(Redirect::to(&done("/bookings/approvals", code)).into_response())
        }
        Ok(outcome) => {
            let n = outcome.refused.len().to_string();
            let message =
                viewer.page.tf("bookings-bulk-partial", &[("done", &outcome.done.to_string()), ("refused", &n)]);
            approvals_page(&state, &viewer, Some(message), StatusCode::CONFLICT).await
        }
        Err(AppError::Invalid(errors)) => {
            let message = errors.0.first().map(|e| viewer.page.t(&e.code)).unwrap_or_default();
            approvals_page(&state, &viewer, Some(message), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn bookings(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    bookings_page(&state, &viewer, None, None, StatusCode::OK).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    /// Where to return: the bookings page unless an item page (a manager's list) sent it.
    back: String,
    /// Why (a rejection or cancellation), told to the person affected.
    reason: String,
}

pub async fn step(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, step)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let step = Step::from_code(&step).ok_or_else(|| viewer.page.error(AppError::NotFound))?;
    let f: StepForm = form(&body);
    if step == Step::Reject && f.reason.trim().is_empty() {
        // On a page a rejection always says why; the person affected reads it.
        let message = viewer.page.t("booking-reason_required");
        return approvals_page(&state, &viewer, Some(message), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let back = if f.back.starts_with("/equipment/") || f.back.starts_with("/bookings") {
        crate::http::format::safe_next(&f.back)
    } else {
        "/bookings"
    };
    match uc::step(&state.app, &ctx, id, step, Some(&f.reason)).await {
        Ok(b) => Ok(Redirect::to(&done(back, &format!("booking.{}", b.status))).into_response()),
        Err(AppError::Refused(code)) => {
            bookings_page(&state, &viewer, Some(viewer.page.t(code)), None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Invalid(errors)) => {
            let message = errors.0.first().map(|e| viewer.page.t(&e.code)).unwrap_or_default();
            bookings_page(&state, &viewer, Some(message), None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

/// Makes a new secret calendar address for the reader and shows it once.
pub async fn create_feed(
    State(state): State<WebState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let secret = uc::create_feed(&state.app, &ctx).await.map_err(|e| viewer.page.error(e))?;
    bookings_page(&state, &viewer, None, Some(feed_address(&state, &headers, &secret)), StatusCode::OK).await
}

/// The address a calendar app subscribes to: under the configured public address, or else the
/// request's own host (for display only: the Host header cannot grant anything here).
fn feed_address(state: &WebState, headers: &axum::http::HeaderMap, secret: &str) -> String {
    format!("{}/calendar/{secret}.ics", crate::http::response::public_base(state, headers))
}

pub async fn revoke_feed(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    uc::revoke_feed(&state.app, &ctx).await.map_err(|e| viewer.page.error(e))?;
    Ok(Redirect::to(&crate::http::format::done("/bookings", "feed-revoked")).into_response())
}

/// `GET /calendar/{secret}.ics`: the owner's bookings as iCalendar; unknown secrets are 404.
pub async fn calendar_feed(State(state): State<WebState>, Path(file): Path<String>) -> Response {
    let Some(secret) = file.strip_suffix(".ics").filter(|s| !s.is_empty() && s.len() <= 128) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match uc::feed(&state.app, secret).await {
        Ok(text) => (
            [
                (axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (axum::http::header::CACHE_CONTROL, "private, max-age=300"),
            ],
            text,
        )
            .into_response(),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "calendar feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
