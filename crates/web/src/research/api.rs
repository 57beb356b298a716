//! `/api/v1/propositions`: enterprises' propositions, their screening and the board.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiJsonOrEmpty, ApiResult, Caller, ListOf, app_err, json_ok, paging, path_id};
use crate::http::state::WebState;
use crate::research::dto::{Proposition, PropositionCreated, PropositionWrite, StepDone};
use crate::sharing::dto::StepReason;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use tandem_app::AppError;
use tandem_app::research::{self as uc, PropositionFilter};
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Words in the title, public summary or keywords (never the confidential details).
    q: Option<String>,
    /// draft, submitted, returned, accepted, published or closed.
    status: Option<String>,
    /// Only this enterprise's.
    enterprise_id: Option<String>,
    /// Expected TRL, 1–9.
    trl: Option<String>,
    /// One keyword, matched whole.
    keyword: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// The propositions the caller may see: the published board; every one of the caller's own
/// enterprises'; all of them for the screening staff. Confidential details only where the caller
/// may read them.
#[utoipa::path(get, operation_id = "propositions_list", path = "/api/v1/propositions", tag = "research", params(ListParams),
    responses((status = 200, body = ListOf<Proposition>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<ListParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let mut errors = tandem_domain::validation::FieldErrors::new();
    let status = p.status.filter(|s| !s.is_empty());
    if status.as_deref().is_some_and(|s| tandem_domain::research::Status::from_code(s).is_none()) {
        errors.add("status", "proposition.unknown_status");
    }
    let number = |errors: &mut tandem_domain::validation::FieldErrors, field: &str, raw: Option<String>| {
        let raw = raw.filter(|s| !s.is_empty())?;
        let n = raw.parse::<i64>().ok();
        if n.is_none() {
            errors.add(field, "not_a_whole_number");
        }
        n
    };
    let enterprise_id = number(&mut errors, "enterprise_id", p.enterprise_id);
    let trl = number(&mut errors, "trl", p.trl);
    if !errors.is_empty() {
        return Err(app_err(AppError::Invalid(errors)));
    }
    let filter = PropositionFilter { q: p.q, status, enterprise_id, trl, keyword: p.keyword };
    let (rows, total) = uc::list(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let items = rows.iter().map(Proposition::of_row).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

/// An enterprise's person writes a draft proposition for it.
#[utoipa::path(post, operation_id = "propositions_create", path = "/api/v1/propositions", tag = "research",
    request_body = PropositionWrite,
    responses((status = 201, description = "The draft's id", body = PropositionCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not one of the enterprise's people"),
        (status = 422, body = ErrorBody, description = "Field errors: trl.out_of_range, budget.negative, budget.upside_down, deadline.past, keywords.too_many, industry.unknown")))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<PropositionWrite>,
) -> ApiResult {
    let Some(enterprise_id) = body.enterprise_id else {
        return Err(app_err(AppError::invalid("enterprise_id", "required")));
    };
    let id = uc::create(&state.app, &ctx, enterprise_id, &body.into_input()).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &PropositionCreated { id })
}

/// One proposition; the steps the caller may take; its timeline for the enterprise and staff.
#[utoipa::path(get, operation_id = "propositions_get", path = "/api/v1/propositions/{id}", tag = "research",
    params(("id" = i64, Path)),
    responses((status = 200, body = Proposition), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Proposition::of_view(&view))
}

/// The enterprise changes a draft or returned proposition: the shape `GET` returns.
#[utoipa::path(put, operation_id = "propositions_update", path = "/api/v1/propositions/{id}", tag = "research",
    params(("id" = i64, Path)), request_body = PropositionWrite,
    responses((status = 200, body = Proposition), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "proposition.not_editable: sent for screening or later"),
        (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PropositionWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let view = uc::update(&state.app, &ctx, id, &body.into_input()).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Proposition::of_view(&view))
}

/// A step: `submit` (the enterprise), `accept`, `return` (with a reason), `publish` (staff),
/// `close` (either). Answers the new status.
#[utoipa::path(post, operation_id = "propositions_step", path = "/api/v1/propositions/{id}/{step}", tag = "research",
    params(("id" = i64, Path), ("step" = String, Path, description = "submit, accept, return, publish or close")),
    request_body(content = StepReason, description = "Optional; `return` needs a reason"),
    responses((status = 200, body = StepDone), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "proposition.out_of_order"),
        (status = 422, body = ErrorBody, description = "reason required or too long")))]
pub async fn step(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, step)): Path<(String, String)>,
    ApiJsonOrEmpty(body): ApiJsonOrEmpty<StepReason>,
) -> ApiResult {
    let id = path_id(&id)?;
    let reason = body.reason.unwrap_or_default();
    let to = uc::step(&state.app, &ctx, id, &step, &reason).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &StepDone { id, status: to.code() })
}
