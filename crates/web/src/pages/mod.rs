//! Server-rendered pages. Every route here requires a signed-in person except the sign-in
//! page, the language switch, static files and the health checks; what a signed-in person may
//! then see or change is decided by the use case each handler calls.

mod audit;
mod auth;
mod classes;
mod credentials;
mod datasets;
mod diagnosis;
mod enterprises;
mod equipment;
mod equipment_manage;
mod flow;
mod home;
mod internships;
mod mentoring;
mod microdegrees;
mod orgs;
mod outcomes;
mod people;
mod portfolio;
mod profile;
mod usage;

use crate::WebState;
use crate::render::{PageCtx, Viewer, html, safe_next};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

/// Which page routes exist. Access: public = anyone; signed-in = any signed-in person,
/// narrowed further by the use case (see `tandem_domain::access`).
pub fn routes() -> Router<WebState> {
    Router::new()
        // public
        .route("/signin", get(auth::signin_page).post(auth::signin))
        .route("/signout", post(auth::signout))
        .route("/language", post(switch_language))
        .route("/static/app.css", get(stylesheet))
        // the secret in the address is the credential: calendar clients cannot sign in
        .route("/calendar/{file}", get(equipment::calendar_feed))
        // a supervisor answers the employer survey through the link alone, once
        .route("/survey/{secret}", get(outcomes::survey).post(outcomes::answer))
        // a credential is checked by whoever its holder shows it to, without an account
        .route("/credentials/verify", get(credentials::verify_form).post(credentials::verify_posted))
        .route("/credentials/status/{list}", get(credentials::status_list))
        .route("/credentials/{id}", get(credentials::show))
        .route("/credentials/{id}/download", get(credentials::download))
        // signed-in
        .route("/", get(home::home))
        .route("/orgs", get(orgs::list).post(orgs::create))
        .route("/orgs/new", get(orgs::new_form))
        .route("/orgs/{id}", get(orgs::detail).post(orgs::update))
        .route("/orgs/{id}/edit", get(orgs::edit_form))
        .route("/orgs/{id}/partners", post(orgs::add_partner))
        .route("/orgs/{id}/partners/{enterprise_id}/delete", post(orgs::remove_partner))
        .route("/enterprises", get(enterprises::list).post(enterprises::create))
        .route("/enterprises/new", get(enterprises::new_form))
        .route("/enterprises/{id}", get(enterprises::detail).post(enterprises::update))
        .route("/enterprises/{id}/edit", get(enterprises::edit_form))
        .route("/enterprises/{id}/assessments/new", get(diagnosis::new_form))
        .route("/enterprises/{id}/assessments", post(diagnosis::create))
        .route("/assessments/{id}", get(diagnosis::show).post(diagnosis::update))
        .route("/people", get(people::list).post(people::create))
        .route("/people/new", get(people::new_form))
        .route("/people/{id}", get(people::detail).post(people::update))
        .route("/people/{id}/edit", get(people::edit_form))
        .route("/people/{id}/memberships", post(people::add_membership))
        .route("/people/{id}/memberships/{membership_id}/delete", post(people::remove_membership))
        .route("/profile", get(profile::page))
        .route("/profile/password", post(profile::change_password))
        .route("/profile/tokens", post(profile::create_token))
        .route("/profile/tokens/{id}/revoke", post(profile::revoke_token))
        .route("/equipment", get(equipment::list).post(equipment_manage::publish))
        .route("/equipment/new", get(equipment_manage::new_item))
        .route("/equipment/usage", get(usage::page))
        .route("/equipment/usage.xlsx", get(usage::export_xlsx))
        .route("/equipment/usage.csv", get(usage::export_csv))
        .route("/equipment/{id}", get(equipment::detail))
        .route("/equipment/{id}/edit", get(equipment_manage::edit_item).post(equipment_manage::revise))
        .route(
            "/equipment/{id}/photo",
            get(equipment_manage::photo)
                .post(equipment_manage::upload_photo)
                .layer(axum::extract::DefaultBodyLimit::max(crate::UPLOAD_BODY_BYTES)),
        )
        .route("/equipment/{id}/bookings", post(equipment::book))
        .route("/equipment/{id}/authorisations", post(equipment::authorise))
        .route("/equipment/{id}/feed", post(equipment::create_item_feed))
        .route("/equipment/{id}/feed/revoke", post(equipment::revoke_item_feed))
        .route("/equipment/{id}/blackouts/new", get(equipment::new_blackout))
        .route("/equipment/{id}/blackouts", post(equipment::add_blackout))
        .route("/bookings", get(equipment::bookings))
        .route("/bookings/feed", post(equipment::create_feed))
        .route("/bookings/feed/revoke", post(equipment::revoke_feed))
        .route("/bookings/{id}/{step}", post(equipment::step))
        .route("/datasets", get(datasets::list).post(datasets::create))
        .route("/datasets/new", get(datasets::new_form))
        .route("/datasets/{id}", get(datasets::detail))
        .route("/datasets/{id}/edit", get(datasets::edit_form).post(datasets::update))
        .route(
            "/datasets/{id}/files",
            post(datasets::upload).layer(axum::extract::DefaultBodyLimit::max(crate::UPLOAD_BODY_BYTES)),
        )
        .route("/datasets/{id}/files/{file_id}", get(datasets::download))
        .route("/datasets/{id}/requests", post(datasets::request_access))
        .route("/dataset-requests/{id}/{decision}", post(datasets::decide))
        .route("/classes", get(classes::list).post(classes::create))
        .route("/classes/new", get(classes::new_form))
        .route("/classes/selection", post(classes::run_selection))
        .route("/classes/{id}", get(classes::detail))
        .route("/classes/{id}/applications", post(classes::apply))
        .route("/classes/{id}/ranks", post(classes::rank))
        .route("/classes/{id}/members", post(classes::place))
        .route("/classes/{id}/mentors", post(classes::assign_mentor))
        .route("/classes/{id}/curriculum", post(classes::propose_curriculum))
        .route("/classes/{id}/curriculum/{item}/agree", post(classes::agree_curriculum))
        .route("/classes/{id}/placements", post(classes::place_in_practice))
        .route("/classes/{id}/hiring", post(classes::record_hiring))
        .route("/mentoring", get(mentoring::list))
        .route("/micro-degrees", get(microdegrees::list).post(microdegrees::create))
        .route("/micro-degrees/new", get(microdegrees::new_form))
        .route("/micro-degrees/{id}", get(microdegrees::show))
        .route("/micro-degrees/{id}/enrol", post(microdegrees::enrol))
        .route("/micro-degrees/{id}/withdraw", post(microdegrees::withdraw))
        .route("/micro-degrees/{id}/modules", post(microdegrees::add_module))
        .route("/micro-degrees/{id}/results", post(microdegrees::record_result))
        .route("/micro-degrees/{id}/status", post(microdegrees::set_status))
        .route("/micro-degrees/{id}/enrolments/{enrolment}/credential", post(microdegrees::issue))
        .route("/credentials", get(credentials::list))
        .route("/credentials/{id}/revoke", post(credentials::revoke))
        .route("/flow", get(flow::show))
        .route("/internships", get(internships::list).post(internships::record))
        .route("/internships/{id}", get(internships::show))
        .route("/internships/{id}/mentors", post(internships::assign_mentor))
        .route("/internships/{id}/leave", post(internships::leave))
        .route("/internships/{id}/agreement", post(internships::save_agreement))
        .route("/internships/{id}/agreement/confirm", post(internships::confirm_agreement))
        .route("/outcomes", get(outcomes::show).post(outcomes::record))
        .route("/outcomes/invitations", post(outcomes::invite))
        .route("/outcomes.xlsx", get(outcomes::export))
        .route("/flow/practice", post(flow::record_practice))
        .route("/flow/appointments", post(flow::appoint))
        .route("/mentoring/{id}", get(mentoring::detail))
        .route("/mentoring/{id}/meetings", post(mentoring::log_meeting))
        .route("/mentoring/{id}/evaluation", post(mentoring::evaluate))
        .route("/classes/{id}/members/{student_id}/leave", post(classes::leave))
        .route("/classes/{id}/{decision}", post(classes::decide))
        .route("/diagnosis", get(portfolio::page))
        .route("/diagnosis/export.xlsx", get(portfolio::export))
        // platform admin (checked by the use case)
        .route("/audit", get(audit::page))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    c: &'a PageCtx,
    title_key: &'static str,
    body_key: &'static str,
}

/// An error page; `key` names the title, and `key`-body the explanation.
pub fn error_page(c: &PageCtx, status: StatusCode, key: &'static str) -> Response {
    let body_key = match key {
        "error-forbidden" => "error-forbidden-body",
        "error-not-found" => "error-not-found-body",
        "error-internal" => "error-internal-body",
        _ => "error-bad-request-body",
    };
    html(status, &ErrorPage { c, title_key: key, body_key })
}

pub async fn not_found(viewer: Viewer) -> Response {
    if viewer.page.path.starts_with("/api/") {
        return crate::error::api_request_error(StatusCode::NOT_FOUND, "not_found", "No such endpoint.");
    }
    error_page(&viewer.page, StatusCode::NOT_FOUND, "error-not-found")
}

pub async fn readyz(State(state): State<WebState>) -> Response {
    match state.app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct LanguageForm {
    lang: String,
    next: String,
}

/// Switches the language: kept on the account when signed in, in a cookie otherwise.
async fn switch_language(State(state): State<WebState>, viewer: Viewer, body: axum::body::Bytes) -> Response {
    let form: LanguageForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let lang = crate::i18n::normalise(&form.lang);
    if let Some(ctx) = &viewer.ctx
        && let Err(e) = tandem_app::auth::set_locale(&state.app, ctx, lang).await
    {
        return viewer.page.error(e).into_response();
    }
    let cookie = format!("{}={lang}; Path=/; Max-Age=31536000; SameSite=Lax", crate::identity::LANG_COOKIE);
    ([(header::SET_COOKIE, cookie)], Redirect::to(safe_next(&form.next))).into_response()
}

/// Parses an urlencoded form body whose fields all default to empty.
pub(crate) fn form<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> T {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

/// Parses a positive page number, treating anything else as the first page.
pub(crate) fn page_number(raw: &Option<String>) -> u32 {
    raw.as_deref().and_then(|p| p.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1)
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage<'a> {
    c: &'a PageCtx,
    title: String,
    action: String,
    back_href: String,
    back_label: String,
    submit_label: String,
    fields: Vec<crate::render::Field>,
    has_errors: bool,
    unplaced: Vec<String>,
}

/// A create or edit form: each error sits under its field (the rest above the form), what was
/// typed is kept, and the status is 422 when there are errors.
pub(crate) fn form_response(
    c: &PageCtx,
    title: String,
    action: String,
    back: (String, String),
    mut fields: Vec<crate::render::Field>,
    errors: &tandem_domain::validation::FieldErrors,
) -> Response {
    let unplaced = crate::render::attach_errors(c, &mut fields, errors);
    let page = FormPage {
        c,
        title,
        action,
        back_href: back.0,
        back_label: back.1,
        submit_label: c.t("save"),
        fields,
        has_errors: !errors.is_empty(),
        unplaced,
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    html(status, &page)
}

/// A numeric id from the path; anything else is a page that does not exist.
pub(crate) fn path_id(viewer: &Viewer, raw: &str) -> Result<i64, crate::error::PageError> {
    raw.parse().map_err(|_| viewer.page.error(tandem_app::AppError::NotFound))
}

/// Where people reach Tandem, for addresses they copy elsewhere (calendar and survey links): the
/// configured public URL, or else this request's host. For display only: the Host header
/// cannot grant anything.
pub(crate) fn public_base(state: &WebState, headers: &axum::http::HeaderMap) -> String {
    if let Some(base) = &state.config.public_url {
        return base.clone();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = match headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// A file sent for saving, never shown inline: browsers must not render uploaded content
/// as a page of ours. The name is given plainly (ASCII) and exactly (RFC 5987).
pub(crate) fn attachment(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let plain: String =
        name.chars().map(|ch| if ch.is_ascii_alphanumeric() || ".-_".contains(ch) { ch } else { '_' }).collect();
    let exact: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{exact}");
    let content_type = header::HeaderValue::from_str(content_type)
        .unwrap_or_else(|_| header::HeaderValue::from_static("application/octet-stream"));
    let disposition =
        header::HeaderValue::from_str(&disposition).unwrap_or_else(|_| header::HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, header::HeaderValue::from_static("private, no-store")),
        ],
        bytes,
    )
        .into_response()
}

/// The list size used by every page.
pub(crate) const PER_PAGE: u32 = 50;
