//! The OpenAPI 3.1 document of `/api/v1`, assembled from every area's annotated handlers.

use crate::audit::api as audit;
use crate::credentials::api as credentials;
use crate::diagnosis::api as diagnosis;
use crate::home::api as home;
use crate::http::error::{ApiError, ErrorBody, FieldProblem};
use crate::notifications::api as notifications;
use crate::org::api as orgs;
use crate::org::enterprises::api as enterprises;
use crate::people::api as people;
use crate::policy::api as policies;
use crate::research::achievements_api as achievements;
use crate::research::api as propositions;
use crate::research::proposals_api as proposals;
use crate::research::talent_api as talent_pool;
use crate::sharing::api as sharing;
use crate::sharing::datasets::api as datasets;
use crate::talent::flow::api as flow;
use crate::talent::internships::api as internships;
use crate::talent::mentoring::api as mentoring;
use crate::talent::microdegrees::api as microdegrees;
use crate::talent::orders::api as orders;
use crate::talent::outcomes::api as outcomes;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tandem_app::AppError;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

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
        people::me, home::todo,
        enterprises::list, enterprises::create, enterprises::get, enterprises::update,
        orgs::list, orgs::create, orgs::get, orgs::update, orgs::add_partner, orgs::remove_partner,
        people::list, people::create, people::get, people::update, people::add_membership, people::remove_membership,
        audit::audit,
        diagnosis::list, diagnosis::get, diagnosis::score, diagnosis::create, diagnosis::of_enterprise,
        diagnosis::get_assessment, diagnosis::update, diagnosis::portfolio, diagnosis::aggregates,
        sharing::list, sharing::publish, sharing::revise, sharing::set_photo, sharing::get, sharing::availability, sharing::book, sharing::book_series, sharing::step, sharing::authorise, sharing::add_blackout, sharing::usage, sharing::mine,
        datasets::list, datasets::get, datasets::create, datasets::upload, datasets::download, datasets::request_access,
        datasets::requests, datasets::decide, datasets::downloads,
        orders::list, orders::order, orders::get, orders::decide, orders::apply, orders::rank, orders::run_selection,
        orders::place, orders::leave, orders::mine, mentoring::assign_mentor, mentoring::set_limit, mentoring::my_mentorships,
        mentoring::mentorship, mentoring::log_meeting, mentoring::evaluate, flow::practice_list, flow::practice_record,
        flow::practice_report, flow::appointments_list, flow::appoint, flow::dual_qualified,
        outcomes::outcomes_report, outcomes::outcomes_record, outcomes::outcomes_invite,
        orders::propose_curriculum, orders::agree_curriculum, orders::place_in_practice, orders::record_hiring,
        microdegrees::list, microdegrees::create, microdegrees::get, microdegrees::add_module, microdegrees::set_status,
        microdegrees::enrol, microdegrees::record_result, microdegrees::issue,
        credentials::list, credentials::get, credentials::verify, credentials::revoke,
        internships::list, internships::record, internships::get, internships::assign_mentor, internships::leave,
        internships::save_agreement, internships::confirm_agreement,
        notifications::list, notifications::read, notifications::read_all, notifications::preferences,
        notifications::set_preferences,
        propositions::list, propositions::create, propositions::get, propositions::update, propositions::step,
        proposals::create, proposals::get, proposals::step, proposals::contract, proposals::milestone_step, proposals::feedback,
        achievements::list, achievements::create, achievements::get, achievements::update, achievements::interest,
        achievements::deals, achievements::deal, achievements::move_deal, achievements::transformation,
        talent_pool::list, talent_pool::get, talent_pool::save_mine, talent_pool::my_matches, talent_pool::proposition_matches,
        policies::list, policies::create, policies::get, policies::update, policies::step, policies::notify, policies::evaluate,
        policies::enterprises, policies::aggregates,
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
