//! The JSON API under `/api/v1`. Callers authenticate with `Authorization: Bearer <token>` (a
//! personal API token) or a browser session. Errors are `{code, message, fields}`; bad input is
//! a 4xx and writes nothing.

mod credentials;
mod datasets;
mod diagnosis;
mod enterprises;
mod internships;
mod microdegrees;
mod orgs;
mod people;
mod sharing;
mod talent;

use crate::WebState;
use crate::error::{ApiError, ErrorBody, FieldProblem, api_request_error};
use crate::identity::Identity;
use axum::extract::DefaultBodyLimit;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Serialize;
use tandem_app::{AppError, Ctx, Page};
use tandem_domain::validation::FieldErrors;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// API routes. Every one needs a signed-in caller (but fetching and verifying a credential);
/// the use case decides the rest.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/me", get(people::me))
        .route("/enterprises", get(enterprises::list).post(enterprises::create))
        .route("/enterprises/{id}", get(enterprises::get).patch(enterprises::update))
        .route("/orgs", get(orgs::list).post(orgs::create))
        .route("/orgs/{id}", get(orgs::get).patch(orgs::update))
        .route("/orgs/{id}/partners", post(orgs::add_partner))
        .route("/orgs/{id}/partners/{enterprise_id}", delete(orgs::remove_partner))
        .route("/people", get(people::list).post(people::create))
        .route("/people/{id}", get(people::get).patch(people::update))
        .route("/people/{id}/memberships", post(people::add_membership))
        .route("/people/{id}/memberships/{membership_id}", delete(people::remove_membership))
        .route("/audit", get(people::audit))
        .route("/instruments", get(diagnosis::list))
        .route("/instruments/{id}", get(diagnosis::get))
        .route("/instruments/{id}/score", post(diagnosis::score))
        .route("/enterprises/{id}/assessments", get(diagnosis::of_enterprise).post(diagnosis::create))
        .route("/assessments/{id}", get(diagnosis::get_assessment).patch(diagnosis::update))
        .route("/diagnosis/portfolio", get(diagnosis::portfolio))
        .route("/diagnosis/aggregates", get(diagnosis::aggregates))
        .route("/equipment", get(sharing::list).post(sharing::publish))
        .route("/equipment/usage", get(sharing::usage))
        .route("/equipment/{id}", get(sharing::get).put(sharing::revise))
        .route("/equipment/{id}/availability", get(sharing::availability))
        .route(
            "/equipment/{id}/photo",
            axum::routing::put(sharing::set_photo).layer(DefaultBodyLimit::max(crate::UPLOAD_BODY_BYTES)),
        )
        .route("/equipment/{id}/bookings", post(sharing::book))
        .route("/equipment/{id}/booking-series", post(sharing::book_series))
        .route("/equipment/{id}/authorisations", post(sharing::authorise))
        .route("/equipment/{id}/blackouts", post(sharing::add_blackout))
        .route("/bookings", get(sharing::mine))
        .route("/bookings/{id}/{step}", post(sharing::step))
        .route("/datasets", get(datasets::list).post(datasets::create))
        .route("/datasets/{id}", get(datasets::get))
        .route("/datasets/{id}/files", post(datasets::upload).layer(DefaultBodyLimit::max(crate::UPLOAD_BODY_BYTES)))
        .route("/datasets/{id}/files/{file_id}", get(datasets::download))
        .route("/datasets/{id}/requests", get(datasets::requests).post(datasets::request_access))
        .route("/datasets/{id}/downloads", get(datasets::downloads))
        .route("/dataset-requests/{id}/{decision}", post(datasets::decide))
        .route("/order-classes", get(talent::list).post(talent::order))
        .route("/order-classes/selection", post(talent::run_selection))
        .route("/order-classes/applications/mine", get(talent::mine))
        .route("/order-classes/{id}", get(talent::get))
        .route("/order-classes/{id}/applications", post(talent::apply))
        .route("/order-classes/{id}/ranks", axum::routing::put(talent::rank))
        .route("/order-classes/{id}/members", post(talent::place))
        .route("/order-classes/{id}/mentors", post(talent::assign_mentor))
        .route("/order-classes/{id}/curriculum", post(talent::propose_curriculum))
        .route("/order-classes/{id}/curriculum/{item_id}/agree", post(talent::agree_curriculum))
        .route("/order-classes/{id}/placements", post(talent::place_in_practice))
        .route("/order-classes/{id}/members/{student_id}/hiring", post(talent::record_hiring))
        .route("/mentor-limits", axum::routing::put(talent::set_limit))
        .route("/flow/practice", get(talent::practice_list).post(talent::practice_record))
        .route("/flow/practice/{id}/report", post(talent::practice_report))
        .route("/flow/appointments", get(talent::appointments_list).post(talent::appoint))
        .route("/flow/dual-qualified", get(talent::dual_qualified))
        .route("/outcomes", get(talent::outcomes_report).post(talent::outcomes_record))
        .route("/outcomes/invitations", post(talent::outcomes_invite))
        .route("/mentorships", get(talent::my_mentorships))
        .route("/internships", get(internships::list).post(internships::record))
        .route("/internships/{id}", get(internships::get))
        .route("/internships/{id}/mentors", post(internships::assign_mentor))
        .route("/internships/{id}/leave", post(internships::leave))
        .route("/internships/{id}/agreement", axum::routing::put(internships::save_agreement))
        .route("/internships/{id}/agreement/confirm", post(internships::confirm_agreement))
        .route("/micro-degrees", get(microdegrees::list).post(microdegrees::create))
        .route("/micro-degrees/{id}", get(microdegrees::get))
        .route("/micro-degrees/{id}/modules", post(microdegrees::add_module))
        .route("/micro-degrees/{id}/status", post(microdegrees::set_status))
        .route("/micro-degrees/{id}/enrolments", post(microdegrees::enrol))
        .route("/micro-degrees/{id}/results", post(microdegrees::record_result))
        .route("/micro-degrees/{id}/enrolments/{enrolment_id}/credential", post(microdegrees::issue))
        .route("/credentials", get(credentials::list))
        // public: whoever is shown a credential fetches or verifies it without an account
        .route("/credentials/verify", post(credentials::verify))
        .route("/credentials/{id}", get(credentials::get))
        .route("/credentials/{id}/revoke", post(credentials::revoke))
        .route("/mentorships/{id}", get(talent::mentorship))
        .route("/mentorships/{id}/meetings", post(talent::log_meeting))
        .route("/mentorships/{id}/evaluation", post(talent::evaluate))
        .route("/order-classes/{id}/members/{student_id}/leave", post(talent::leave))
        .route("/order-classes/{id}/{decision}", post(talent::decide))
        .fallback(|| async { api_request_error(StatusCode::NOT_FOUND, "not_found", "No such endpoint.") })
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A personal API token (tdm_…) from the profile page or `tandem token create`."))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Tandem API", version = "1", description = "Industry–education integration platform: organisations, enterprises and people."),
    paths(
        people::me,
        enterprises::list, enterprises::create, enterprises::get, enterprises::update,
        orgs::list, orgs::create, orgs::get, orgs::update, orgs::add_partner, orgs::remove_partner,
        people::list, people::create, people::get, people::update, people::add_membership, people::remove_membership,
        people::audit,
        diagnosis::list, diagnosis::get, diagnosis::score, diagnosis::create, diagnosis::of_enterprise,
        diagnosis::get_assessment, diagnosis::update, diagnosis::portfolio, diagnosis::aggregates,
        sharing::list, sharing::publish, sharing::revise, sharing::set_photo, sharing::get, sharing::availability, sharing::book, sharing::book_series, sharing::step, sharing::authorise, sharing::add_blackout, sharing::usage, sharing::mine,
        datasets::list, datasets::get, datasets::create, datasets::upload, datasets::download, datasets::request_access,
        datasets::requests, datasets::decide, datasets::downloads,
        talent::list, talent::order, talent::get, talent::decide, talent::apply, talent::rank, talent::run_selection,
        talent::place, talent::leave, talent::mine, talent::assign_mentor, talent::set_limit, talent::my_mentorships,
        talent::mentorship, talent::log_meeting, talent::evaluate, talent::practice_list, talent::practice_record,
        talent::practice_report, talent::appointments_list, talent::appoint, talent::dual_qualified,
        talent::outcomes_report, talent::outcomes_record, talent::outcomes_invite,
        talent::propose_curriculum, talent::agree_curriculum, talent::place_in_practice, talent::record_hiring,
        microdegrees::list, microdegrees::create, microdegrees::get, microdegrees::add_module, microdegrees::set_status,
        microdegrees::enrol, microdegrees::record_result, microdegrees::issue,
        credentials::list, credentials::get, credentials::verify, credentials::revoke,
        internships::list, internships::record, internships::get, internships::assign_mentor, internships::leave,
        internships::save_agreement, internships::confirm_agreement,
    ),
    components(schemas(ErrorBody, FieldProblem)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
)]
struct ApiDoc;

/// The OpenAPI 3.1 document of the API.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn openapi_json() -> Response {
    match openapi_document().to_pretty_json() {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => ApiError(AppError::Unexpected(e.to_string())).into_response(),
    }
}

/// The signed-in caller of an API route; 401 otherwise.
pub struct Caller(pub Ctx);

impl FromRequestParts<WebState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Self::Rejection> {
        let identity = Identity::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        identity.ctx().map(Caller).ok_or_else(|| ApiError(AppError::Unauthenticated).into_response())
    }
}

/// A JSON object body, checked for content type and syntax.
pub fn json_object(headers: &HeaderMap, body: &[u8]) -> Result<serde_json::Map<String, serde_json::Value>, Response> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(api_request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "json.content_type",
            "Send the body as application/json.",
        ));
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => {
            Err(api_request_error(StatusCode::BAD_REQUEST, "json.not_an_object", "The body must be a JSON object."))
        }
        Err(e) => Err(api_request_error(
            StatusCode::BAD_REQUEST,
            "json.malformed",
            format!("The body is not valid JSON: {e}"),
        )),
    }
}

/// Reads the fields of a JSON object as text, the way a form would send them. Numbers keep
/// their exact decimal spelling; `null` means empty. Unknown fields and wrong types are errors.
pub struct JsonFields {
    map: serde_json::Map<String, serde_json::Value>,
    pub errors: FieldErrors,
}

impl JsonFields {
    pub fn new(map: serde_json::Map<String, serde_json::Value>, known: &[&str]) -> Self {
        let mut errors = FieldErrors::new();
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                errors.add(key, "unknown_field");
            }
        }
        Self { map, errors }
    }

    /// The field as text if present (`Some("")` for null).
    pub fn text(&mut self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Null => Some(String::new()),
            _ => {
                self.errors.add(key, "wrong_type");
                None
            }
        }
    }

    /// The field as an id if present.
    pub fn id(&mut self, key: &str) -> Option<Option<i64>> {
        match self.map.get(key)? {
            serde_json::Value::Number(n) if n.as_i64().is_some() => Some(n.as_i64()),
            serde_json::Value::Null => Some(None),
            _ => {
                self.errors.add(key, "wrong_type");
                None
            }
        }
    }

    /// The field's raw JSON value, if present.
    pub fn raw(&mut self, key: &str) -> Option<serde_json::Value> {
        self.map.get(key).cloned()
    }

    /// A boolean field; absent or null is false, anything else but a boolean is an error.
    pub fn flag(&mut self, key: &str) -> bool {
        match self.map.get(key) {
            None | Some(serde_json::Value::Null) => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(_) => {
                self.errors.add(key, "wrong_type");
                false
            }
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Fails with 422 if any field had the wrong type or was unknown.
    pub fn check(&self) -> Result<(), Response> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError(AppError::Invalid(self.errors.clone())).into_response())
        }
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListOf<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// Reads `page` and `per_page` strictly: anything but a number in range is a 422.
pub fn paging(page: Option<&str>, per_page: Option<&str>) -> Result<Page, Response> {
    let mut errors = FieldErrors::new();
    let page_n = tandem_domain::validation::optional_integer(&mut errors, "page", page.unwrap_or(""), 1, 1_000_000);
    let per = tandem_domain::validation::optional_integer(
        &mut errors,
        "per_page",
        per_page.unwrap_or(""),
        1,
        i64::from(Page::MAX_PER_PAGE),
    );
    if !errors.is_empty() {
        return Err(ApiError(AppError::Invalid(errors)).into_response());
    }
    let p = u32::try_from(page_n.unwrap_or(1)).unwrap_or(1);
    let n = u32::try_from(per.unwrap_or(50)).unwrap_or(50);
    Ok(Page::new(p, n))
}

/// Parses a path id; anything else is a 404, as for an id that does not exist.
pub fn path_id(raw: &str) -> Result<i64, Response> {
    raw.parse::<i64>().map_err(|_| ApiError(AppError::NotFound).into_response())
}

/// Epoch seconds as RFC 3339 UTC.
pub fn rfc3339(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

pub type ApiResult = Result<Response, Response>;

pub fn json_ok<T: Serialize>(status: StatusCode, value: &T) -> ApiResult {
    Ok((status, Json(value)).into_response())
}

pub fn app_err(e: AppError) -> Response {
    ApiError(e).into_response()
}
