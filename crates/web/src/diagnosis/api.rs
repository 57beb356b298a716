//! `/api/v1/instruments` (definitions and a stateless calculator) and assessments stored for
//! an enterprise (`/api/v1/enterprises/{id}/assessments`, `/api/v1/assessments/{id}`).

use crate::diagnosis::explain;
use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{ApiResult, Caller, JsonFields, app_err, json_object, json_ok, path_id};
use crate::http::state::WebState;
use crate::i18n::I18n;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Map, Value, json};
use tandem_app::AppError;
use tandem_app::diagnosis::{self as uc, Answers, AssessmentView};
use tandem_app::records::AssessmentRow;
use tandem_domain::diagnosis::{Instrument, ScoreResult};

fn summary(i: &Instrument) -> Value {
    json!({
        "id": i.id, "version": i.version, "ruleset": i.ruleset, "title": i.title_zh, "title_en": i.title_en,
        "provisional": i.provisional, "confidence": i.confidence, "source": i.source,
        "max_total": i.max_total, "indicators": i.indicators.len(),
    })
}

/// Points as officially written, as a JSON number (whole numbers stay integers).
fn pts(instrument: &Instrument, p: u32) -> Value {
    let x = instrument.official(p);
    if x.fract() == 0.0 { json!(x as i64) } else { json!(x) }
}

/// The result as the API shows it: numbers plus explanations in English and Chinese.
pub fn result_json(i18n: &I18n, instrument: &Instrument, r: &ScoreResult) -> Value {
    let mut indicators = Map::new();
    for s in &r.indicators {
        let Some(ind) = instrument.indicator(&s.id) else { continue };
        indicators.insert(
            s.id.clone(),
            json!({
                "group": s.group, "points": pts(instrument, s.points), "max": pts(instrument, s.max), "answer": s.answer, "rule": s.applied,
                "explanation": explain::explanation(i18n, "en", instrument, ind, s),
                "explanation_zh": explain::explanation(i18n, "zh-CN", instrument, ind, s),
            }),
        );
    }
    let groups: Vec<Value> = r
        .groups
        .iter()
        .map(|g| {
            let def = instrument.group(&g.id);
            json!({"id": g.id, "name": def.map(|d| d.name_zh.clone()), "name_en": def.map(|d| d.name_en.clone()), "points": pts(instrument, g.points), "max": pts(instrument, g.max)})
        })
        .collect();
    let conditions: Vec<Value> = r
        .conditions
        .iter()
        .map(|c| {
            json!({"rule": c.rule, "holds": c.holds, "needed": c.needed,
                "text": explain::condition_text(i18n, "en", instrument, &c.rule),
                "text_zh": explain::condition_text(i18n, "zh-CN", instrument, &c.rule)})
        })
        .collect();
    let opportunities: Vec<Value> = r
        .opportunities
        .iter()
        .map(|o| {
            json!({"indicator": o.indicator, "gain": pts(instrument, o.gain), "target": o.target,
                "text": explain::opportunity_text(i18n, "en", instrument, o),
                "text_zh": explain::opportunity_text(i18n, "zh-CN", instrument, o)})
        })
        .collect();
    json!({
        "instrument": r.instrument, "version": r.version, "provisional": instrument.provisional,
        "source": instrument.source, "confidence": instrument.confidence, "boundary_rule": instrument.boundary_rule,
        "total": pts(instrument, r.total), "max_total": pts(instrument, r.max_total), "passed": r.passed,
        "percent": if instrument.report_percent {
            json!((f64::from(r.total) * 1000.0 / f64::from(r.max_total.max(1))).round() / 10.0)
        } else { Value::Null },
        "level": r.level.as_ref().and_then(|id| instrument.levels.iter().find(|l| &l.id == id))
            .map(|l| json!({"id": l.id, "name": l.name_zh, "name_en": l.name_en})),
        "groups": groups, "indicators": indicators, "conditions": conditions, "missing_facts": r.missing_facts,
        "note": if r.passed.is_none() && !r.missing_facts.is_empty() {
            format!("The verdict depends on facts not given: {}.", r.missing_facts.join(", "))
        } else { String::new() },
        "opportunities": opportunities,
    })
}

/// The instruments Tandem scores.
#[utoipa::path(get, operation_id = "diagnosis_list", path = "/api/v1/instruments", tag = "diagnosis", responses((status = 200, description = "Instrument summaries")))]
pub async fn list(State(state): State<WebState>, Caller(_): Caller) -> ApiResult {
    let items: Vec<Value> = uc::instruments(&state.app).iter().map(summary).collect();
    json_ok(StatusCode::OK, &json!({ "items": items }))
}

/// One instrument's definition: groups, every indicator with its unit, accepted values and bands, the facts and the pass rule.
#[utoipa::path(get, operation_id = "diagnosis_get", path = "/api/v1/instruments/{id}", tag = "diagnosis", params(("id" = String, Path)),
    responses((status = 200, description = "The definition"), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(_): Caller, Path(id): Path<String>) -> ApiResult {
    let i = uc::instrument(&state.app, &id).map_err(app_err)?;
    json_ok(StatusCode::OK, i)
}

fn answers_of(j: &mut JsonFields, key: &str) -> Option<Answers> {
    match j.raw(key) {
        Some(Value::Object(map)) => Some(map.into_iter().collect()),
        Some(Value::Null) | None => None,
        Some(_) => {
            j.errors.add(key, "wrong_type");
            None
        }
    }
}

/// Score answers without storing them: `{"answers": {"SRF-01": 85, …}}`.
#[utoipa::path(post, operation_id = "diagnosis_score", path = "/api/v1/instruments/{id}/score", tag = "diagnosis", params(("id" = String, Path)),
    responses((status = 200, description = "total, passed, groups, indicators with explanations, opportunities"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody, description = "Each indicator id at fault")))]
pub async fn score(
    State(state): State<WebState>,
    Caller(_): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let instrument = uc::instrument(&state.app, &id).map_err(app_err)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["answers"]);
    let answers = answers_of(&mut j, "answers");
    j.check()?;
    let answers = answers.ok_or_else(|| app_err(AppError::invalid("answers", "required")))?;
    let r = uc::score_answers(&state.app, &id, &answers).map_err(app_err)?;
    json_ok(StatusCode::OK, &result_json(&state.i18n, instrument, &r))
}

fn assessment_json(i18n: &I18n, app: &tandem_app::App, v: &AssessmentView) -> Value {
    let mut out = row_json(app, &v.row);
    out["answers"] = json!(v.answers);
    if let (Some(r), Ok(instrument)) = (&v.result, uc::instrument(app, &v.row.instrument_id)) {
        out["result"] = result_json(i18n, instrument, r);
    }
    out
}

/// A stored total (in the instrument's scaled points) as officially written.
fn stored_total(app: &tandem_app::App, instrument_id: &str, total: Option<i64>) -> Value {
    match (total, uc::instrument(app, instrument_id)) {
        (Some(t), Ok(i)) => pts(i, u32::try_from(t).unwrap_or(0)),
        (Some(t), Err(_)) => json!(t),
        (None, _) => Value::Null,
    }
}

fn row_json(app: &tandem_app::App, a: &AssessmentRow) -> Value {
    json!({
        "id": a.id, "enterprise_id": a.enterprise_id, "enterprise_name": a.enterprise_name,
        "instrument": a.instrument_id, "instrument_version": a.instrument_version, "status": a.status,
        "total": stored_total(app, &a.instrument_id, a.total), "passed": a.passed.map(|p| p == 1),
        "created_at": rfc3339(a.created_at), "updated_at": rfc3339(a.updated_at), "submitted_at": a.submitted_at.map(rfc3339),
    })
}

/// Start an assessment: `{"instrument": "miit-2022-srdi", "answers": {…}, "submit": false}`.
#[utoipa::path(post, operation_id = "diagnosis_create", path = "/api/v1/enterprises/{id}/assessments", tag = "diagnosis", params(("id" = i64, Path)),
    responses((status = 201, description = "The assessment"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let enterprise_id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["instrument", "answers", "submit"]);
    let instrument = j.text("instrument").unwrap_or_default();
    let answers = answers_of(&mut j, "answers").unwrap_or_default();
    let submit = j.flag("submit");
    j.check()?;
    let aid = uc::create(&state.app, &ctx, enterprise_id, &instrument, &answers, submit).await.map_err(app_err)?;
    let v = uc::get(&state.app, &ctx, aid).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &assessment_json(&state.i18n, &state.app, &v))
}

/// An enterprise's assessments, newest first.
#[utoipa::path(get, operation_id = "diagnosis_of_enterprise", path = "/api/v1/enterprises/{id}/assessments", tag = "diagnosis", params(("id" = i64, Path)),
    responses((status = 200, description = "Assessments"), (status = 404, body = ErrorBody)))]
pub async fn of_enterprise(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let enterprise_id = path_id(&id)?;
    let rows = uc::of_enterprise(&state.app, &ctx, enterprise_id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({ "items": rows.iter().map(|r| row_json(&state.app, r)).collect::<Vec<_>>() }))
}

/// One assessment with its answers and, when submitted, the result with explanations.
#[utoipa::path(get, operation_id = "diagnosis_get_assessment", path = "/api/v1/assessments/{id}", tag = "diagnosis", params(("id" = i64, Path)),
    responses((status = 200, description = "The assessment"), (status = 404, body = ErrorBody)))]
pub async fn get_assessment(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let v = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    let mut out = assessment_json(&state.i18n, &state.app, &v);
    out["recommendations"] = json!(uc::recommendations(&state.app, &v).await.map_err(app_err)?);
    json_ok(StatusCode::OK, &out)
}

/// Save more answers to a draft, or submit it: `{"answers": {…}, "submit": true}`.
#[utoipa::path(patch, operation_id = "diagnosis_update", path = "/api/v1/assessments/{id}", tag = "diagnosis", params(("id" = i64, Path)),
    responses((status = 200, description = "The assessment"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["answers", "submit"]);
    let answers = answers_of(&mut j, "answers");
    let submit = j.flag("submit");
    j.check()?;
    let current = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    let mut merged = current.answers.clone();
    for (k, v) in answers.unwrap_or_default() {
        merged.insert(k, v);
    }
    uc::update(&state.app, &ctx, id, &merged, submit).await.map_err(app_err)?;
    let v = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &assessment_json(&state.i18n, &state.app, &v))
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
    if !errors.is_empty() {
        return Err(app_err(AppError::Invalid(errors)));
    }
    Ok(tandem_app::diagnosis::PortfolioFilter {
        instrument_id: instrument,
        industry: p.industry.clone(),
        region: p.region.clone(),
        size_class,
        verdict,
    })
}

/// Diagnosed enterprises with their latest result of an instrument (staff and admins).
#[utoipa::path(get, operation_id = "diagnosis_portfolio", path = "/api/v1/diagnosis/portfolio", tag = "diagnosis", params(PortfolioParams),
    responses((status = 200, description = "One page of rows"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn portfolio(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    axum::extract::Query(p): axum::extract::Query<PortfolioParams>,
) -> ApiResult {
    let filter = portfolio_filter(&p)?;
    let page = crate::http::json::paging(p.page.as_deref(), p.per_page.as_deref())?;
    let (rows, total) = uc::portfolio(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({"assessment_id": r.assessment_id, "enterprise_id": r.enterprise_id, "enterprise_name": r.enterprise_name,
                "industry_code": r.industry_code, "region_code": r.region_code, "size_class": r.size_class, "total": stored_total(&state.app, &filter.instrument_id, r.total),
                "passed": r.passed.map(|p| p == 1), "submitted_at": r.submitted_at.map(rfc3339)})
        })
        .collect();
    json_ok(StatusCode::OK, &json!({"items": items, "page": page.page, "per_page": page.per_page, "total": total}))
}

/// Counts and distributions of the latest results (staff, admins and government officers); no enterprise is named.
#[utoipa::path(get, operation_id = "diagnosis_aggregates", path = "/api/v1/diagnosis/aggregates", tag = "diagnosis", params(PortfolioParams),
    responses((status = 200, description = "Counts and distributions"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn aggregates(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    axum::extract::Query(p): axum::extract::Query<PortfolioParams>,
) -> ApiResult {
    let filter = portfolio_filter(&p)?;
    let a = uc::aggregates(&state.app, &ctx, &filter).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &a)
}
