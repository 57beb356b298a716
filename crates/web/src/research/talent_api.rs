//! `/api/v1/talent-pool`, `/api/v1/me/expertise`, `/api/v1/me/matches` and
//! `/api/v1/propositions/{id}/matches`: the talent pool and matching both ways.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiResult, Caller, ListOf, app_err, json_ok, paging, path_id};
use crate::http::state::WebState;
use crate::research::talent_dto::{ItemMatch, PoolPerson, Profile, ProfileWrite, PropositionMatches};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use tandem_app::research::talent_pool::{self as uc, PoolFilter};
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PoolParams {
    /// Words in the name or headline, or a keyword matched whole.
    q: Option<String>,
    /// A GB/T 13745 code.
    discipline: Option<String>,
    /// A GB/T 4754 division or section.
    industry: Option<String>,
    /// `open`, `limited` or `unavailable`.
    availability: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// The public profiles of the talent pool (every profile for staff); not for government, which
/// sees the pool in aggregate on the pool page.
#[utoipa::path(get, operation_id = "talent_pool_list", path = "/api/v1/talent-pool", tag = "research", params(PoolParams),
    responses((status = 200, body = ListOf<Profile>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<PoolParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let filter =
        PoolFilter { q: p.q, discipline: p.discipline, industry: p.industry, availability: p.availability, all: false };
    let (rows, total) = uc::pool(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let items = rows.iter().map(Profile::of_row).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

/// One person's public profile and what they did on the platform.
#[utoipa::path(get, operation_id = "talent_pool_get", path = "/api/v1/talent-pool/{person_id}", tag = "research",
    params(("person_id" = i64, Path)),
    responses((status = 200, body = PoolPerson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let page = uc::person(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &PoolPerson::of(&page))
}

/// The caller writes their own expertise profile. Answers it.
#[utoipa::path(put, operation_id = "me_expertise", path = "/api/v1/me/expertise", tag = "research",
    request_body = ProfileWrite,
    responses((status = 200, body = PoolPerson), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "discipline.unknown, industry.unknown, keywords.too_many, availability.unknown")))]
pub async fn save_mine(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<ProfileWrite>,
) -> ApiResult {
    let me = ctx.actor.person_id;
    uc::save_profile(&state.app, &ctx, me, &body.into_input()).await.map_err(app_err)?;
    let page = uc::person(&state.app, &ctx, me).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &PoolPerson::of(&page))
}

/// Open propositions that fit the caller's profile, best first, each with its reasons.
#[utoipa::path(get, operation_id = "me_matches", path = "/api/v1/me/matches", tag = "research",
    responses((status = 200, body = Vec<ItemMatch>), (status = 401, body = ErrorBody)))]
pub async fn my_matches(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let found = uc::for_person(&state.app, &ctx, ctx.actor.person_id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &found.iter().map(ItemMatch::of).collect::<Vec<_>>())
}

/// Experts (public profiles) and results that fit a proposition, best first, each with the
/// reasons that make up its score: for the enterprise and the staff.
#[utoipa::path(get, operation_id = "propositions_matches", path = "/api/v1/propositions/{id}/matches", tag = "research",
    params(("id" = i64, Path)),
    responses((status = 200, body = PropositionMatches), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn proposition_matches(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
) -> ApiResult {
    let id = path_id(&id)?;
    let m = uc::for_proposition(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &PropositionMatches::of(&m))
}
