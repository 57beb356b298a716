//! `/api/v1/micro-degrees`: the catalogue, modules, enrolment, results and issuing the
//! credential of a completed enrolment.

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiResult, Caller, app_err, json_ok, path_id};
use crate::http::state::WebState;
use crate::talent::microdegrees::dto::{
    EnrolmentCreated, MicroDegreeBody, MicroDegreeSummary, MicroDegreeWrite, MicroDegrees, ModuleCreated, ModuleWrite,
    ResultWrite, SelfEnrolment, StatusWrite,
};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use tandem_app::AppError;
use tandem_app::talent::microdegrees as uc;

/// The micro-degree catalogue (anyone signed in).
#[utoipa::path(get, operation_id = "micro_degrees_list", path = "/api/v1/micro-degrees", tag = "micro-degrees",
    responses((status = 200, description = "Micro-degrees", body = MicroDegrees), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::list(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &MicroDegrees { items: rows.iter().map(MicroDegreeSummary::from).collect() })
}

/// Staff set up a micro-degree: `{"org_id" (a college), "title", "description", "learning_outcomes" (one per line),
/// "workload_hours", "required_credits" ("6" or "6.5"), "level", "assessment_type" (exam|project|practical|portfolio|mixed),
/// "participation" (online|on_site|blended), "quality_assurance", "capacity"}`.
#[utoipa::path(post, operation_id = "micro_degrees_create", path = "/api/v1/micro-degrees", tag = "micro-degrees",
    request_body = MicroDegreeWrite,
    responses((status = 201, description = "The micro-degree", body = MicroDegreeSummary), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<MicroDegreeWrite>,
) -> ApiResult {
    let (org, input) = body.into_input();
    let id = uc::create(&state.app, &ctx, org, &input).await.map_err(app_err)?;
    let detail = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &MicroDegreeSummary::from(&detail.degree))
}

/// A micro-degree with its modules, the caller's standing, and for those who run it every enrolment.
#[utoipa::path(get, operation_id = "micro_degrees_get", path = "/api/v1/micro-degrees/{id}", tag = "micro-degrees", params(("id" = i64, Path)),
    responses((status = 200, description = "The micro-degree", body = MicroDegreeBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let detail = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &MicroDegreeBody::from(&detail))
}

/// Add a module: `{"title", "credits" ("1.5"), "mandatory" (bool), "taught_by"}`.
#[utoipa::path(post, operation_id = "micro_degrees_add_module", path = "/api/v1/micro-degrees/{id}/modules", tag = "micro-degrees", params(("id" = i64, Path)),
    request_body = ModuleWrite,
    responses((status = 201, description = "The module", body = ModuleCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_module(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ModuleWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let module = uc::add_module(&state.app, &ctx, id, &body.into_input()).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &ModuleCreated { id: module })
}

/// Open or close enrolment: `{"status": "open"|"closed"}`.
#[utoipa::path(post, operation_id = "micro_degrees_set_status", path = "/api/v1/micro-degrees/{id}/status", tag = "micro-degrees", params(("id" = i64, Path)),
    request_body = StatusWrite,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_status(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StatusWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    uc::set_status(&state.app, &ctx, id, &body.status.0).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// The caller (a student) enrols; refused when closed (`microdegree.closed`), full, or already in two.
#[utoipa::path(post, operation_id = "micro_degrees_enrol", path = "/api/v1/micro-degrees/{id}/enrolments", tag = "micro-degrees", params(("id" = i64, Path)),
    request_body(content = Option<SelfEnrolment>, description = "None: the caller enrols themselves; a body is not read"),
    responses((status = 201, description = "Enrolled", body = EnrolmentCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn enrol(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let enrolment_id = uc::enrol(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &EnrolmentCreated { enrolment_id })
}

/// Record a module result: `{"enrolment_id", "module_id", "passed" (bool), "grade"}`.
#[utoipa::path(post, operation_id = "micro_degrees_record_result", path = "/api/v1/micro-degrees/{id}/results", tag = "micro-degrees", params(("id" = i64, Path)),
    request_body = ResultWrite,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn record_result(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ResultWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let enrolment = body.enrolment_id.ok_or_else(|| app_err(AppError::invalid("enrolment_id", "required")))?;
    let module = body.module_id.ok_or_else(|| app_err(AppError::invalid("module_id", "required")))?;
    uc::record_result(&state.app, &ctx, id, enrolment, module, body.passed, &body.grade.0).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Issue the credential of a completed enrolment; refused for an incomplete one
/// (`credential.incomplete`) and for a second one (`credential.already_issued`).
#[utoipa::path(post, operation_id = "micro_degrees_issue", path = "/api/v1/micro-degrees/{id}/enrolments/{enrolment_id}/credential", tag = "credentials",
    params(("id" = i64, Path), ("enrolment_id" = i64, Path)),
    request_body(content = Option<Object>, description = "Nothing is needed: no body or `{}`; whatever is sent is ignored"),
    responses((status = 201, description = "The signed credential", body = crate::credentials::dto::CredentialDocument),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    Path((id, enrolment)): Path<(String, String)>,
) -> ApiResult {
    let (id, enrolment) = (path_id(&id)?, path_id(&enrolment)?);
    let base = crate::http::response::public_base(&state, &headers);
    let credential = tandem_app::credentials::issue_for_micro_degree(&state.app, &ctx, id, enrolment, &base)
        .await
        .map_err(app_err)?;
    let issued = tandem_app::credentials::get(&state.app, &credential).await.map_err(app_err)?;
    crate::credentials::api::document_response(StatusCode::CREATED, &issued.document)
}
