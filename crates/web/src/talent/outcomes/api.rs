//! `/api/v1/outcomes`: graduate destinations, the cohort report and the employer survey.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiResult, Caller, JsonFields, app_err, json_object, json_ok};
use crate::http::state::WebState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::json;

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
