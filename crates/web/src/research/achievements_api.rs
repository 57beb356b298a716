//! `/api/v1/achievements`, `/api/v1/deals` and `/api/v1/reports/transformation`: results offered
//! to enterprises, the deals that follow, and the yearly transformation figures.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiResult, Caller, ListOf, app_err, json_ok, paging, path_id};
use crate::http::state::WebState;
use crate::research::achievements_dto::{
    Achievement, AchievementWrite, Deal, DealMove, InterestWrite, TransformationReport,
};
use crate::research::dto::{PropositionCreated, StepDone};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use tandem_app::AppError;
use tandem_app::research::achievements::{self as uc, AchievementFilter, DealFilter};
use tandem_domain::validation::FieldErrors;
use utoipa::IntoParams;

fn number(errors: &mut FieldErrors, field: &str, raw: Option<String>) -> Option<i64> {
    let raw = raw.filter(|s| !s.is_empty())?;
    let n = raw.parse::<i64>().ok();
    if n.is_none() {
        errors.add(field, "not_a_whole_number");
    }
    n
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AchievementParams {
    /// Words in the title or summary.
    q: Option<String>,
    /// Only this college's, lab's or institute's.
    org_id: Option<String>,
    /// At least this readiness level.
    min_trl: Option<String>,
    /// One application field, matched whole.
    field: Option<String>,
    /// One transfer mode offered.
    mode: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// The published results, newest first; everyone signed in.
#[utoipa::path(get, operation_id = "achievements_list", path = "/api/v1/achievements", tag = "research", params(AchievementParams),
    responses((status = 200, body = ListOf<Achievement>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<AchievementParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let mut errors = FieldErrors::new();
    let org_id = number(&mut errors, "org_id", p.org_id);
    let min_trl = number(&mut errors, "min_trl", p.min_trl);
    if !errors.is_empty() {
        return Err(app_err(AppError::Invalid(errors)));
    }
    let filter = AchievementFilter { q: p.q, org_id, min_trl, field: p.field, mode: p.mode };
    let (rows, total) = uc::list(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let items = rows.iter().map(Achievement::of_row).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

/// A college's, lab's or institute's teachers and researchers (or staff) publish a result.
#[utoipa::path(post, operation_id = "achievements_create", path = "/api/v1/achievements", tag = "research",
    request_body = AchievementWrite,
    responses((status = 201, body = PropositionCreated, description = "The result's id"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody, description = "trl.out_of_range, transfer_modes.required, transfer_mode.unknown, ip.kind_unknown, money.negative, budget.upside_down")))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<AchievementWrite>,
) -> ApiResult {
    let Some(org_id) = body.org_id else {
        return Err(app_err(AppError::invalid("org_id", "required")));
    };
    let id = uc::publish(&state.app, &ctx, org_id, &body.into_input()).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &PropositionCreated { id })
}

/// One result with its IP and application fields.
#[utoipa::path(get, operation_id = "achievements_get", path = "/api/v1/achievements/{id}", tag = "research",
    params(("id" = i64, Path)),
    responses((status = 200, body = Achievement), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Achievement::of_view(&view))
}

/// The unit changes what a result says.
#[utoipa::path(put, operation_id = "achievements_update", path = "/api/v1/achievements/{id}", tag = "research",
    params(("id" = i64, Path)), request_body = AchievementWrite,
    responses((status = 200, body = Achievement), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AchievementWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    uc::update(&state.app, &ctx, id, &body.into_input()).await.map_err(app_err)?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Achievement::of_view(&view))
}

/// An enterprise's person says the enterprise is interested: a deal opens.
#[utoipa::path(post, operation_id = "achievements_interest", path = "/api/v1/achievements/{id}/interest", tag = "research",
    params(("id" = i64, Path)), request_body = InterestWrite,
    responses((status = 201, body = PropositionCreated, description = "The deal's id"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "interest.already_expressed: the enterprise has an open deal on it")))]
pub async fn interest(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<InterestWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let Some(enterprise_id) = body.enterprise_id else {
        return Err(app_err(AppError::invalid("enterprise_id", "required")));
    };
    let message = body.message.unwrap_or_default();
    let deal = uc::express_interest(&state.app, &ctx, id, enterprise_id, &message).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &PropositionCreated { id: deal })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DealParams {
    /// One stage.
    stage: Option<String>,
    achievement_id: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// The deals the caller may see: all for staff; an enterprise's own for its people.
#[utoipa::path(get, operation_id = "deals_list", path = "/api/v1/deals", tag = "research", params(DealParams),
    responses((status = 200, body = ListOf<Deal>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn deals(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<DealParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let mut errors = FieldErrors::new();
    let achievement_id = number(&mut errors, "achievement_id", p.achievement_id);
    let stage = p.stage.filter(|s| !s.is_empty());
    if stage.as_deref().is_some_and(|s| tandem_domain::research::achievement::DealStage::from_code(s).is_none()) {
        errors.add("stage", "deal.stage_unknown");
    }
    if !errors.is_empty() {
        return Err(app_err(AppError::Invalid(errors)));
    }
    let filter = DealFilter { stage, achievement_id, enterprises: None };
    let (rows, total) = uc::deals(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let items = rows.iter().map(Deal::of_row).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

/// One deal with its stages.
#[utoipa::path(get, operation_id = "deals_get", path = "/api/v1/deals/{id}", tag = "research", params(("id" = i64, Path)),
    responses((status = 200, body = Deal), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn deal(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let view = uc::deal(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Deal::of_view(&view))
}

/// Staff move a deal to another stage: forward freely; back or to `lost` with a reason;
/// `contract` with the mode and value; `paid` with the amount received.
#[utoipa::path(post, operation_id = "deals_move", path = "/api/v1/deals/{id}/stage", tag = "research", params(("id" = i64, Path)),
    request_body = DealMove,
    responses((status = 200, body = StepDone, description = "`status` is the new stage"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "deal.out_of_order"),
        (status = 422, body = ErrorBody, description = "deal.backwards_without_reason, deal.lost_without_reason, deal.lost, deal.stage_unknown, contract.received_over_value")))]
pub async fn move_deal(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DealMove>,
) -> ApiResult {
    let id = path_id(&id)?;
    let to = uc::move_deal(&state.app, &ctx, id, &body.into_input()).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &StepDone { id, status: to.code() })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// `YYYY-MM-DD`, inclusive.
    from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    to: Option<String>,
}

/// The transformation figures over contracts signed in the period: by contract kind, by college
/// and in total; staff and government officers.
#[utoipa::path(get, operation_id = "reports_transformation", path = "/api/v1/reports/transformation", tag = "research",
    params(PeriodParams),
    responses((status = 200, body = TransformationReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "from/to missing or not dates, or to before from")))]
pub async fn transformation(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Query(p): Query<PeriodParams>,
) -> ApiResult {
    let figures =
        uc::figures(&state.app, &ctx, p.from.as_deref().unwrap_or_default(), p.to.as_deref().unwrap_or_default())
            .await
            .map_err(app_err)?;
    json_ok(StatusCode::OK, &TransformationReport::of(&figures))
}
