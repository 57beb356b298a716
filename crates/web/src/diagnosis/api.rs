//! `/api/v1/instruments` (definitions and a stateless calculator) and assessments stored for
//! an enterprise (`/api/v1/enterprises/{id}/assessments`, `/api/v1/assessments/{id}`).

use crate::diagnosis::dto::{
    Assessment, AssessmentCreate, AssessmentSummary, AssessmentUpdate, Assessments, DiagnosisAggregates,
    InstrumentDefinition, InstrumentSummary, Instruments, PortfolioEntry, ScoreReport, ScoreRequest,
};
use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiResult, Caller, ListOf, app_err, json_ok, paging, path_id};
use crate::http::state::WebState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use tandem_app::AppError;
use tandem_app::diagnosis::{self as uc, AssessmentView};
use tandem_domain::diagnosis::Instrument;

/// The instrument an assessment was made with; an id no longer in the catalogue has none, and
/// its stored figures are shown as stored.
fn instrument_of<'a>(app: &'a tandem_app::App, id: &str) -> Option<&'a Instrument> {
    uc::instrument(app, id).ok()
}

fn assessment(state: &WebState, v: &AssessmentView) -> Assessment {
    Assessment::new(&state.i18n, instrument_of(&state.app, &v.row.instrument_id), v)
}

/// The instruments Tandem scores.
#[utoipa::path(get, operation_id = "diagnosis_list", path = "/api/v1/instruments", tag = "diagnosis",
    responses((status = 200, description = "Instrument summaries", body = Instruments), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(_): Caller) -> ApiResult {
    let items = uc::instruments(&state.app).iter().map(InstrumentSummary::from).collect();
    json_ok(StatusCode::OK, &Instruments { items })
}

/// One instrument's definition: groups, every indicator with its unit, accepted values and bands, the facts and the pass rule.
#[utoipa::path(get, operation_id = "diagnosis_get", path = "/api/v1/instruments/{id}", tag = "diagnosis", params(("id" = String, Path)),
    responses((status = 200, description = "The definition", body = InstrumentDefinition), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(_): Caller, Path(id): Path<String>) -> ApiResult {
    let i = uc::instrument(&state.app, &id).map_err(app_err)?;
    json_ok(StatusCode::OK, &InstrumentDefinition::from(i))
}

/// Score answers without storing them: `{"answers": {"SRF-01": 85, …}}`.
#[utoipa::path(post, operation_id = "diagnosis_score", path = "/api/v1/instruments/{id}/score", tag = "diagnosis", params(("id" = String, Path)),
    request_body = ScoreRequest,
    responses((status = 200, description = "total, passed, groups, indicators with explanations, opportunities", body = ScoreReport),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Each indicator id at fault")))]
pub async fn score(
    State(state): State<WebState>,
    Caller(_): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ScoreRequest>,
) -> ApiResult {
    let instrument = uc::instrument(&state.app, &id).map_err(app_err)?;
    let answers = body.answers.ok_or_else(|| app_err(AppError::invalid("answers", "required")))?;
    let r = uc::score_answers(&state.app, &id, &answers).map_err(app_err)?;
    json_ok(StatusCode::OK, &ScoreReport::new(&state.i18n, instrument, &r))
}

/// Start an assessment: `{"instrument": "miit-2022-srdi", "answers": {…}, "submit": false}`.
#[utoipa::path(post, operation_id = "diagnosis_create", path = "/api/v1/enterprises/{id}/assessments", tag = "diagnosis", params(("id" = i64, Path)),
    request_body = AssessmentCreate,
    responses((status = 201, description = "The assessment", body = Assessment), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssessmentCreate>,
) -> ApiResult {
    let enterprise_id = path_id(&id)?;
    let instrument = body.instrument.unwrap_or_default().0;
    let answers = body.answers.unwrap_or_default();
    let submit = body.submit.unwrap_or(false);
    let aid = uc::create(&state.app, &ctx, enterprise_id, &instrument, &answers, submit).await.map_err(app_err)?;
    let v = uc::get(&state.app, &ctx, aid).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &assessment(&state, &v))
}

/// An enterprise's assessments, newest first.
#[utoipa::path(get, operation_id = "diagnosis_of_enterprise", path = "/api/v1/enterprises/{id}/assessments", tag = "diagnosis", params(("id" = i64, Path)),
    responses((status = 200, description = "Assessments", body = Assessments), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_enterprise(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let enterprise_id = path_id(&id)?;
    let rows = uc::of_enterprise(&state.app, &ctx, enterprise_id).await.map_err(app_err)?;
    let items = rows.iter().map(|r| AssessmentSummary::new(instrument_of(&state.app, &r.instrument_id), r)).collect();
    json_ok(StatusCode::OK, &Assessments { items })
}

/// One assessment with its answers and, when submitted, the result with explanations and
/// people who could help with its weak dimensions.
#[utoipa::path(get, operation_id = "diagnosis_get_assessment", path = "/api/v1/assessments/{id}", tag = "diagnosis", params(("id" = i64, Path)),
    responses((status = 200, description = "The assessment", body = Assessment), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_assessment(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let v = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    let recommendations = uc::recommendations(&state.app, &v).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &assessment(&state, &v).with_recommendations(&recommendations))
}

/// Save more answers to a draft, or submit it: `{"answers": {…}, "submit": true}`. The
/// assessment as read may be sent back (its read-only fields are ignored).
#[utoipa::path(patch, operation_id = "diagnosis_update", path = "/api/v1/assessments/{id}", tag = "diagnosis", params(("id" = i64, Path)),
    request_body = AssessmentUpdate,
    responses((status = 200, description = "The assessment", body = Assessment), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "An answer at fault, or assessment.already_submitted")))]
pub async fn update(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssessmentUpdate>,
) -> ApiResult {
    let id = path_id(&id)?;
    let answers = body.answers.unwrap_or_default();
    let v = uc::add_answers(&state.app, &ctx, id, answers, body.submit.unwrap_or(false)).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &assessment(&state, &v))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PortfolioParams {
    /// Instrument id (required).
    instrument: Option<String>,
    /// Section letter or division code.
    industry: Option<String>,
    /// Region code; a province code includes its cities.
    region: Option<String>,
    /// micro, small, medium or large.
    size_class: Option<String>,
    /// passed, failed or unknown.
    verdict: Option<String>,
    /// Order: name, industry, region, size, total or submitted; `-` before it for descending.
    /// Best totals first without it.
    sort: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

fn portfolio_filter(p: &PortfolioParams) -> Result<tandem_app::diagnosis::PortfolioFilter, axum::response::Response> {
    let mut errors = tandem_domain::validation::FieldErrors::new();
    let instrument = p.instrument.clone().unwrap_or_default();
    if instrument.is_empty() {
        errors.add("instrument", "required");
    }
    let size_class = match p.size_class.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => match tandem_domain::org::SizeClass::from_code(s) {
            Some(c) => Some(c.code().to_owned()),
            None => {
                errors.add("size_class", "size.unknown_class");
                None
            }
        },
        None => None,
    };
    let verdict = p.verdict.clone().filter(|v| !v.is_empty());
    if verdict.as_deref().is_some_and(|v| !["passed", "failed", "unknown"].contains(&v)) {
        errors.add("verdict", "invalid");
    }
    let sort = match tandem_app::Sort::parse(p.sort.as_deref().unwrap_or(""), tandem_app::records::PORTFOLIO_SORTS) {
        Ok(sort) => sort,
        Err(_) => {
            errors.add("sort", "sort.unknown");
            None
        }
    };
    if !errors.is_empty() {
        return Err(app_err(AppError::Invalid(errors)));
    }
    Ok(tandem_app::diagnosis::PortfolioFilter {
        instrument_id: instrument,
        industry: p.industry.clone(),
        region: p.region.clone(),
        size_class,
        verdict,
        sort,
    })
}

/// Diagnosed enterprises with their latest result of an instrument (staff and admins).
#[utoipa::path(get, operation_id = "diagnosis_portfolio", path = "/api/v1/diagnosis/portfolio", tag = "diagnosis", params(PortfolioParams),
    responses((status = 200, description = "One page of rows", body = ListOf<PortfolioEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn portfolio(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Query(p): Query<PortfolioParams>,
) -> ApiResult {
    let filter = portfolio_filter(&p)?;
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let (rows, total) = uc::portfolio(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let instrument = instrument_of(&state.app, &filter.instrument_id);
    let items = rows.iter().map(|r| PortfolioEntry::new(instrument, r)).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

/// Counts and distributions of the latest results (staff, admins and government officers); no enterprise is named.
#[utoipa::path(get, operation_id = "diagnosis_aggregates", path = "/api/v1/diagnosis/aggregates", tag = "diagnosis", params(PortfolioParams),
    responses((status = 200, description = "Counts and distributions", body = DiagnosisAggregates), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn aggregates(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Query(p): Query<PortfolioParams>,
) -> ApiResult {
    let filter = portfolio_filter(&p)?;
    let a = uc::aggregates(&state.app, &ctx, &filter).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &DiagnosisAggregates::from(&a))
}
