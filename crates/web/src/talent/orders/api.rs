//! `/api/v1/order-classes`: order-based classes from the enterprise's order to the roster.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiJsonOrEmpty, ApiResult, Caller, NoFields, app_err, json_ok, path_id};
use crate::http::state::WebState;
use crate::talent::orders::dto::{
    ApplicationBody, ApplicationList, ApplicationWrite, ClassDetail, ClassLeaveWrite, ClassList, ClassOrderWrite,
    ClassRecordId, ClassSummary, CurriculumItemWrite, HiringWrite, OrderDecisionWrite, PlaceWrite, PlacementWrite,
    RanksWrite, SelectionBody,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use tandem_app::AppError;
use tandem_app::talent::curriculum as cur;
use tandem_app::talent::orders;
use tandem_app::talent::{self as uc};

fn no_content() -> ApiResult {
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Order classes the caller may see: open and selected ones, and their own enterprise's orders (staff: all).
#[utoipa::path(get, operation_id = "order_classes_list", path = "/api/v1/order-classes", tag = "order-classes",
    responses((status = 200, description = "Classes", body = ClassList), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::list(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &ClassList { items: rows.iter().map(ClassSummary::from).collect() })
}

/// An enterprise orders a class: `{"enterprise_id", "title", "positions", "majors", "skills", "seats", "hires",
/// "salary_min", "salary_max" (yuan per month), "location", "starts_on", "ends_on" (YYYY-MM-DD)}`.
#[utoipa::path(post, operation_id = "order_classes_order", path = "/api/v1/order-classes", tag = "order-classes",
    request_body = ClassOrderWrite,
    responses((status = 201, description = "The ordered class", body = ClassSummary), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn order(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<ClassOrderWrite>,
) -> ApiResult {
    let (enterprise, input) = body.into_input().map_err(app_err)?;
    let id = uc::order(&state.app, &ctx, enterprise, &input).await.map_err(app_err)?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &ClassSummary::from(&view.class))
}

/// One class; its applications for the enterprise and staff; its members; the caller's own
/// application; its curriculum and the practice placements the caller may see.
#[utoipa::path(get, operation_id = "order_classes_get", path = "/api/v1/order-classes/{id}", tag = "order-classes", params(("id" = i64, Path)),
    responses((status = 200, description = "The class", body = ClassDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let page = orders::class_page(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &ClassDetail::new(&page.view, ctx.actor.person_id, &page.curriculum, &page.placements))
}

/// Either side proposes a curriculum item: `{"kind": "course"|"enterprise_module"|"practice", "title", "hours", "taught_by"}`.
#[utoipa::path(post, operation_id = "order_classes_propose_curriculum", path = "/api/v1/order-classes/{id}/curriculum", tag = "order-classes",
    params(("id" = i64, Path)), request_body = CurriculumItemWrite,
    responses((status = 201, description = "The proposed item's id", body = ClassRecordId), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Field errors; order.ended")))]
pub async fn propose_curriculum(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CurriculumItemWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let item = cur::propose(&state.app, &ctx, id, &body.into()).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &ClassRecordId { id: item })
}

/// The other side agrees to a curriculum item (`order.own_proposal` for the side that proposed it).
#[utoipa::path(post, operation_id = "order_classes_agree_curriculum", path = "/api/v1/order-classes/{id}/curriculum/{item_id}/agree", tag = "order-classes",
    params(("id" = i64, Path), ("item_id" = i64, Path)),
    request_body(content = Option<NoFields>, description = "Nothing; a body, if sent, is ignored"),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "order.own_proposal, order.already_agreed")))]
pub async fn agree_curriculum(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, item)): Path<(String, String)>,
) -> ApiResult {
    let (id, item) = (path_id(&id)?, path_id(&item)?);
    cur::agree(&state.app, &ctx, id, item).await.map_err(app_err)?;
    no_content()
}

/// Place a member in practice: `{"student_id", "site", "supervisor", "starts_on", "ends_on"}`.
#[utoipa::path(post, operation_id = "order_classes_place_in_practice", path = "/api/v1/order-classes/{id}/placements", tag = "order-classes",
    params(("id" = i64, Path)), request_body = PlacementWrite,
    responses((status = 201, description = "The placement's id", body = ClassRecordId), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Field errors, e.g. order.not_a_member, order.placement_ends_before_start")))]
pub async fn place_in_practice(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PlacementWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let (student, input) = body.into_input().map_err(app_err)?;
    let placement = cur::place_in_practice(&state.app, &ctx, id, student, &input).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &ClassRecordId { id: placement })
}

/// A member's hiring outcome at the end of the class: `{"hired": bool, "reason" (when not hired:
/// offer_declined|not_qualified|further_study|left_class|no_vacancy|other), "note"}`.
#[utoipa::path(post, operation_id = "order_classes_record_hiring", path = "/api/v1/order-classes/{id}/members/{student_id}/hiring", tag = "order-classes",
    params(("id" = i64, Path), ("student_id" = i64, Path)), request_body = HiringWrite,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Field errors, e.g. order.reason_needed, order.not_a_member; order.not_selected")))]
pub async fn record_hiring(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, student)): Path<(String, String)>,
    ApiJson(body): ApiJson<HiringWrite>,
) -> ApiResult {
    let (id, student) = (path_id(&id)?, path_id(&student)?);
    let hired = body.hired_word();
    cur::record_hiring(&state.app, &ctx, id, student, hired, &body.reason.0, &body.note.0).await.map_err(app_err)?;
    no_content()
}

/// The university accepts (opens to students) or declines an order: `{"note": "…"}` optional.
#[utoipa::path(post, operation_id = "order_classes_decide", path = "/api/v1/order-classes/{id}/{decision}", tag = "order-classes",
    params(("id" = i64, Path), ("decision" = String, Path, description = "accept or decline")),
    request_body(content = Option<OrderDecisionWrite>, description = "Optional; an empty body is no note"),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "order.wrong_status")))]
pub async fn decide(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, decision)): Path<(String, String)>,
    ApiJsonOrEmpty(decision_body): ApiJsonOrEmpty<OrderDecisionWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let accept = match decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(app_err(AppError::NotFound)),
    };
    uc::decide(&state.app, &ctx, id, accept, &decision_body.note.0).await.map_err(app_err)?;
    no_content()
}

/// A student applies: `{"preference": 1..5, "statement": "…"}`.
#[utoipa::path(post, operation_id = "order_classes_apply", path = "/api/v1/order-classes/{id}/applications", tag = "order-classes", params(("id" = i64, Path)),
    request_body = ApplicationWrite,
    responses((status = 201, description = "The application", body = ApplicationBody), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "order.not_open, order.already_applied, order.preference_taken")))]
pub async fn apply(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ApplicationWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let preference = body.preference.ok_or_else(|| app_err(AppError::invalid("preference", "required")))?;
    let a = uc::apply(&state.app, &ctx, id, preference, &body.statement.0).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &ApplicationBody::from(&a))
}

/// The enterprise or staff rank applicants: `{"ranks": [{"application_id": 3, "rank": 1}, …]}`; `rank: null` clears.
#[utoipa::path(put, operation_id = "order_classes_rank", path = "/api/v1/order-classes/{id}/ranks", tag = "order-classes", params(("id" = i64, Path)),
    request_body = RanksWrite,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "ranks: required or wrong_type; an application of another class")))]
pub async fn rank(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RanksWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let ranks = body.into_ranks().map_err(app_err)?;
    uc::rank(&state.app, &ctx, id, &ranks).await.map_err(app_err)?;
    no_content()
}

/// Staff run the selection over every open class: a stable assignment by the students'
/// preferences and the classes' rankings.
#[utoipa::path(post, operation_id = "order_classes_select", path = "/api/v1/order-classes/selection", tag = "order-classes",
    request_body(content = Option<NoFields>, description = "Nothing; a body, if sent, is ignored"),
    responses((status = 200, description = "What the selection did", body = SelectionBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody, description = "order.nothing_to_select")))]
pub async fn run_selection(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let s = uc::run_selection(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &SelectionBody::from(&s))
}

/// Staff place a student by hand: `{"email", "note"}` (within the class's seats).
#[utoipa::path(post, operation_id = "order_classes_place", path = "/api/v1/order-classes/{id}/members", tag = "order-classes", params(("id" = i64, Path)),
    request_body = PlaceWrite,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "order.full, order.already_member, order.no_such_student, order.not_selected")))]
pub async fn place(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PlaceWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    uc::place(&state.app, &ctx, id, &body.email.0, &body.note.0).await.map_err(app_err)?;
    no_content()
}

/// A student leaves a class (themselves or staff): `{"reason": "…"}`; recorded, never prevented.
#[utoipa::path(post, operation_id = "order_classes_leave", path = "/api/v1/order-classes/{id}/members/{student_id}/leave", tag = "order-classes",
    params(("id" = i64, Path), ("student_id" = i64, Path)),
    request_body(content = Option<ClassLeaveWrite>, description = "The reason, which is required; an empty body gives none"),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn leave(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, student)): Path<(String, String)>,
    ApiJsonOrEmpty(leave): ApiJsonOrEmpty<ClassLeaveWrite>,
) -> ApiResult {
    let (id, student) = (path_id(&id)?, path_id(&student)?);
    uc::leave(&state.app, &ctx, id, student, &leave.reason.0).await.map_err(app_err)?;
    no_content()
}

/// The caller's own applications with outcomes and the reasons.
#[utoipa::path(get, operation_id = "order_classes_mine", path = "/api/v1/order-classes/applications/mine", tag = "order-classes",
    responses((status = 200, description = "Applications", body = ApplicationList), (status = 401, body = ErrorBody)))]
pub async fn mine(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::my_applications(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &ApplicationList { items: rows.iter().map(ApplicationBody::from).collect() })
}
