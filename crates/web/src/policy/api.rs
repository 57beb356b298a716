//! `/api/v1/policies`: the policy library, the calculator and enterprise evaluation, and per
//! policy the enterprises that qualify.

use crate::http::error::{ApiError, ErrorBody};
use crate::http::identity::Identity;
use crate::http::json::{ApiResult, Caller, NoFields, app_err, json_object, json_ok, path_id};
use crate::http::state::WebState;
use crate::policy::dto::{
    EvaluateResults, GroupCount, ListedEnterprise, Notified, PolicyAggregates, PolicyDto, PolicyEnterprises,
    PolicyOutcome, PolicySaved, counts, warnings,
};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value as Json_;
use tandem_app::AppError;
use tandem_app::policy::{self as uc, Saved};
use tandem_domain::policy::{PolicyStatus, Standing, input_from_json};
use utoipa::{IntoParams, ToSchema};

/// The codes that name a criterion: a 422 with them answers with that code at the top.
const CRITERION_CODES: [&str; 2] = ["policy.criterion_invalid", "policy.criterion_too_costly"];

/// Like `app_err`, except that an expression that does not compile answers with its own code
/// (`policy.criterion_invalid`), naming the criterion's id in the message.
fn policy_err(e: AppError) -> Response {
    if let AppError::Invalid(errors) = &e
        && let Some(first) = errors.0.iter().find(|f| CRITERION_CODES.contains(&f.code.as_str()))
    {
        let mut body: ErrorBody = ApiError(AppError::Invalid(errors.clone())).body();
        body.code = first.code.clone();
        body.message = format!(
            "Criterion “{}”: {}",
            first.args.get("id").map(String::as_str).unwrap_or("?"),
            body.fields.iter().find(|f| f.code == first.code).map(|f| f.message.as_str()).unwrap_or("")
        );
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    }
    app_err(e)
}

/// A policy as written: the fields of `PolicyDto` less `id`, `version`, `status`, `warnings`,
/// `versions` and `updated_at`.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body; it is read field by field from JSON
pub struct PolicyBody {
    title: String,
    title_en: Option<String>,
    issuer: String,
    issuer_en: Option<String>,
    /// `national`, `provincial`, `city` or `district`.
    level: String,
    document_number: Option<String>,
    source_url: Option<String>,
    /// YYYY-MM-DD.
    valid_from: String,
    /// YYYY-MM-DD, not before `valid_from`; null for open-ended.
    valid_to: Option<String>,
    benefit_type: String,
    amount_yuan: Option<i64>,
    amount_formula: Option<String>,
    amount_note: Option<String>,
    amount_note_en: Option<String>,
    apply_free: bool,
    how_to_apply: Option<String>,
    how_to_apply_en: Option<String>,
    deadline: Option<String>,
    summary: Option<String>,
    summary_en: Option<String>,
    provisional: Option<bool>,
    provisional_note: Option<String>,
    provisional_note_en: Option<String>,
    criteria: Vec<CriterionBody>,
    /// Publish at once (POST only); a draft otherwise.
    publish: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body
pub struct CriterionBody {
    id: String,
    label: String,
    label_en: Option<String>,
    expression: String,
    hint: Option<String>,
    hint_en: Option<String>,
}

fn saved(state: &WebState, s: &Saved, terms: &tandem_domain::policy::PolicyTerms) -> PolicySaved {
    PolicySaved { id: s.id, version: s.version, warnings: warnings(&s.warnings, terms, &state.i18n, &state.app.facts) }
}

async fn read_policy(headers: &HeaderMap, body: &[u8]) -> Result<(tandem_domain::policy::PolicyInput, bool), Response> {
    let map = json_object(headers, body)?;
    let publish = map.get("publish").and_then(Json_::as_bool).unwrap_or(false);
    let input = input_from_json(&Json_::Object(map)).map_err(|e| app_err(AppError::Invalid(e)))?;
    Ok((input, publish))
}

/// The library: published policies for anyone (no account needed), every policy for staff.
#[utoipa::path(get, operation_id = "policies_list", path = "/api/v1/policies", tag = "policies",
    responses((status = 200, body = Vec<PolicyDto>)))]
pub async fn list(State(state): State<WebState>, identity: Identity) -> ApiResult {
    let ctx = identity.ctx();
    let rows = uc::list(&state.app, ctx.as_ref()).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &rows.iter().map(PolicyDto::of_summary).collect::<Vec<_>>())
}

/// Write a policy (the university's staff): a draft, or published with `"publish": true`.
#[utoipa::path(post, operation_id = "policies_create", path = "/api/v1/policies", tag = "policies", request_body = PolicyBody,
    responses((status = 201, body = PolicySaved), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "policy.criterion_invalid (naming the criterion), policy.criterion_too_costly, validation.failed")))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let (input, publish) = read_policy(&headers, &body).await?;
    let s = uc::create(&state.app, &ctx, &input, publish).await.map_err(policy_err)?;
    let view = uc::get(&state.app, Some(&ctx), s.id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &saved(&state, &s, &view.terms))
}

/// One policy: a published one for anyone; a draft for staff only.
#[utoipa::path(get, operation_id = "policies_get", path = "/api/v1/policies/{id}", tag = "policies", params(("id" = i64, Path)),
    responses((status = 200, body = PolicyDto), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, identity: Identity, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let ctx = identity.ctx();
    let view = uc::get(&state.app, ctx.as_ref(), id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &PolicyDto::of_view(&view, &state.i18n, &state.app.facts))
}

/// Change a policy: a new version, used by evaluations from now on.
#[utoipa::path(put, operation_id = "policies_update", path = "/api/v1/policies/{id}", tag = "policies", params(("id" = i64, Path)),
    request_body = PolicyBody,
    responses((status = 200, body = PolicySaved), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "policy.changed_meanwhile"), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let (input, _) = read_policy(&headers, &body).await?;
    let s = uc::update(&state.app, &ctx, id, &input).await.map_err(policy_err)?;
    let view = uc::get(&state.app, Some(&ctx), id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &saved(&state, &s, &view.terms))
}

/// Publish (`publish`) or withdraw (`withdraw`) a policy.
#[utoipa::path(post, operation_id = "policies_status", path = "/api/v1/policies/{id}/{step}", tag = "policies",
    params(("id" = i64, Path), ("step" = String, Path, description = "publish or withdraw")),
    request_body(content = Option<NoFields>, description = "Nothing; a body, if sent, is ignored"),
    responses((status = 200, body = PolicyDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn step(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, step)): Path<(String, String)>,
) -> ApiResult {
    let id = path_id(&id)?;
    let status = match step.as_str() {
        "publish" => PolicyStatus::Published,
        "withdraw" => PolicyStatus::Withdrawn,
        _ => return Err(app_err(AppError::NotFound)),
    };
    let view = uc::set_status(&state.app, &ctx, id, status).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &PolicyDto::of_view(&view, &state.i18n, &state.app.facts))
}

/// Tell the eligible enterprises of an apply-free policy that have not been told of its
/// current version (an in-app notice; e-mail where configured); answers how many were told.
#[utoipa::path(post, operation_id = "policies_notify", path = "/api/v1/policies/{id}/notify", tag = "policies",
    params(("id" = i64, Path)),
    request_body(content = Option<NoFields>, description = "Nothing; a body, if sent, is ignored"),
    responses((status = 200, body = Notified), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "policy.not_apply_free, policy.not_published")))]
pub async fn notify(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let notified = uc::notify_apply_free(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Notified { notified })
}

/// What to evaluate: typed `facts` (the calculator; no account needed) or a platform
/// `enterprise_id` (its own people and staff), and optionally only some policies.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body
pub struct EvaluateRequest {
    /// Facts by CEL name, nested: `{"enterprise": {"employees": 120}}`.
    #[schema(value_type = Option<Object>)]
    facts: Option<Json_>,
    enterprise_id: Option<i64>,
    policy_ids: Option<Vec<i64>>,
}

/// Evaluate the published policies in force against facts or an enterprise.
#[utoipa::path(post, operation_id = "policies_evaluate", path = "/api/v1/policies/evaluate", tag = "policies",
    request_body = EvaluateRequest,
    responses((status = 200, body = EvaluateResults), (status = 401, body = ErrorBody, description = "enterprise_id without signing in"),
        (status = 404, body = ErrorBody, description = "An enterprise the caller may not see"),
        (status = 422, body = ErrorBody, description = "facts.required, policy.facts_list_too_long, policy.facts_too_deep")))]
pub async fn evaluate(
    State(state): State<WebState>,
    identity: Identity,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let map = json_object(&headers, &body)?;
    let ids: Option<Vec<i64>> = match map.get("policy_ids") {
        None | Some(Json_::Null) => None,
        Some(Json_::Array(items)) => Some(
            items
                .iter()
                .map(|v| v.as_i64().ok_or_else(|| app_err(AppError::invalid("policy_ids", "not_a_whole_number"))))
                .collect::<Result<_, _>>()?,
        ),
        Some(_) => return Err(app_err(AppError::invalid("policy_ids", "not_a_list"))),
    };
    let results = match (map.get("enterprise_id"), map.get("facts")) {
        (Some(Json_::Number(n)), None) => {
            let id = n.as_i64().ok_or_else(|| app_err(AppError::invalid("enterprise_id", "not_a_whole_number")))?;
            let ctx = identity.ctx().ok_or_else(|| app_err(AppError::Unauthenticated))?;
            uc::of_enterprise(&state.app, &ctx, id, ids.as_deref()).await.map_err(app_err)?.results
        }
        (None, Some(facts)) => uc::calculate(&state.app, facts, ids.as_deref()).await.map_err(app_err)?,
        (Some(_), None) => return Err(app_err(AppError::invalid("enterprise_id", "not_a_whole_number"))),
        (Some(_), Some(_)) => return Err(app_err(AppError::invalid("facts", "policy.facts_or_enterprise"))),
        (None, None) => return Err(app_err(AppError::invalid("facts", "required"))),
    };
    let results = results.iter().map(|r| PolicyOutcome::of(r, &state.i18n, &state.app.facts)).collect();
    json_ok(StatusCode::OK, &EvaluateResults { results })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `eligible`, `near`, `not_yet` or `unknown`; every enterprise otherwise.
    status: Option<String>,
}

/// The enterprises that qualify, nearly qualify (one criterion missed) or are unknown on a
/// policy's current version (the university's staff).
#[utoipa::path(get, operation_id = "policies_enterprises", path = "/api/v1/policies/{id}/enterprises", tag = "policies",
    params(("id" = i64, Path), ListParams),
    responses((status = 200, body = PolicyEnterprises), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "policy.unknown_standing")))]
pub async fn enterprises(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    Query(p): Query<ListParams>,
) -> ApiResult {
    let id = path_id(&id)?;
    let only = match p.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(
            Standing::from_code(code).ok_or_else(|| app_err(AppError::invalid("status", "policy.unknown_standing")))?,
        ),
    };
    let list = uc::enterprises(&state.app, &ctx, id, only).await.map_err(app_err)?;
    json_ok(
        StatusCode::OK,
        &PolicyEnterprises {
            policy_id: list.policy.id,
            version: list.policy.version,
            counts: counts(&list.counts),
            items: list.enterprises.iter().map(ListedEnterprise::of).collect(),
        },
    )
}

/// How many enterprises qualify, by district and industry (staff and government).
#[utoipa::path(get, operation_id = "policies_aggregates", path = "/api/v1/policies/{id}/aggregates", tag = "policies",
    params(("id" = i64, Path)),
    responses((status = 200, body = PolicyAggregates), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn aggregates(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let (policy, a) = uc::aggregates(&state.app, &ctx, id).await.map_err(app_err)?;
    let group = |(key, eligible, enterprises): &(String, usize, usize)| GroupCount {
        key: key.clone(),
        eligible: *eligible,
        enterprises: *enterprises,
    };
    json_ok(
        StatusCode::OK,
        &PolicyAggregates {
            policy_id: policy.id,
            version: policy.version,
            enterprises: a.total,
            counts: counts(&a.by_standing),
            by_region: a.by_region.iter().map(group).collect(),
            by_industry: a.by_section.iter().map(group).collect(),
        },
    )
}
