//! `/api/v1/datasets`: shared data resources, access requests, uploads and logged downloads.

use crate::http::error::ErrorBody;
use crate::http::json::{
    ApiJson, ApiJsonOrEmpty, ApiResult, Caller, FileBytes, ListOf, app_err, json_ok, paging, path_id,
};
use crate::http::state::WebState;
use crate::sharing::datasets::dto::{
    AccessRequestWrite, DatasetBody, DatasetSummary, DatasetWrite, Decision, DownloadBody, Downloads, FileBody,
    RequestBody, Requests,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use tandem_app::AppError;
use tandem_app::sharing::datasets::{self as uc, DatasetFilter};
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Text in the title, description or tags.
    q: Option<String>,
    /// open, on_request or internal.
    access_level: Option<String>,
    /// One tag, matched whole.
    tag: Option<String>,
    owner_id: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// Datasets the caller may see: open and on-request ones, and internal ones of their own organisations.
#[utoipa::path(get, operation_id = "datasets_list", path = "/api/v1/datasets", tag = "datasets", params(ListParams),
    responses((status = 200, description = "One page of datasets", body = ListOf<DatasetSummary>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<ListParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let owner_org_id = match p.owner_id.as_deref().filter(|s| !s.is_empty()) {
        Some(raw) => {
            Some(raw.parse::<i64>().map_err(|_| app_err(AppError::invalid("owner_id", "not_a_whole_number")))?)
        }
        None => None,
    };
    let filter = DatasetFilter { q: p.q, access_level: p.access_level, owner_org_id, tag: p.tag };
    let (rows, total) = uc::list(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let items: Vec<DatasetSummary> = rows.iter().map(DatasetSummary::from).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

/// One dataset with its files, whether the caller may download, and the caller's requests.
/// Another organisation's internal dataset is 404, as if it did not exist.
#[utoipa::path(get, operation_id = "datasets_get", path = "/api/v1/datasets/{id}", tag = "datasets", params(("id" = i64, Path)),
    responses((status = 200, description = "The dataset", body = DatasetBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &DatasetBody::from(&view))
}

/// Publish a dataset for a lab or an enterprise the caller manages:
/// `{"owner_id", "title", "description", "tags": [..], "format", "licence", "access_level", "schema"}`.
#[utoipa::path(post, operation_id = "datasets_create", path = "/api/v1/datasets", tag = "datasets", request_body = DatasetWrite,
    responses((status = 201, description = "The dataset", body = DatasetSummary), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    ApiJson(body): ApiJson<DatasetWrite>,
) -> ApiResult {
    let (owner, input) = body.input();
    let owner = owner.ok_or_else(|| app_err(AppError::invalid("owner_id", "required")))?;
    let id = uc::create(&state.app, &ctx, owner, &input).await.map_err(app_err)?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &DatasetSummary::from(&view.dataset))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// The file's name with its extension (csv, tsv, txt, json, jsonl, xlsx, zip, parquet, pdf).
    name: Option<String>,
}

/// Add a file to a dataset (its managers): the body is the file, at most 20 MiB.
#[utoipa::path(post, operation_id = "datasets_upload", path = "/api/v1/datasets/{id}/files", tag = "datasets",
    params(("id" = i64, Path), UploadParams),
    request_body(content = FileBytes, content_type = "application/octet-stream", description = "The file's bytes"),
    responses((status = 201, description = "The stored file", body = FileBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "file.kind, file.too_large, file.content_mismatch, file.not_text, file.empty")))]
pub async fn upload(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    Query(p): Query<UploadParams>,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let name = p.name.unwrap_or_default();
    let file = uc::upload(&state.app, &ctx, id, &name, body.to_vec()).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &FileBody::from(&file))
}

/// A dataset file's bytes, for callers allowed to download; every download is logged.
#[utoipa::path(get, operation_id = "datasets_download", path = "/api/v1/datasets/{id}/files/{file_id}", tag = "datasets",
    params(("id" = i64, Path), ("file_id" = i64, Path)),
    responses((status = 200, description = "The file", content_type = "application/octet-stream", body = FileBytes), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "dataset.request_needed: ask the owner first")))]
pub async fn download(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, file_id)): Path<(String, String)>,
) -> ApiResult {
    let (id, file_id) = (path_id(&id)?, path_id(&file_id)?);
    let (file, bytes) = uc::download(&state.app, &ctx, id, file_id).await.map_err(app_err)?;
    Ok(crate::http::response::attachment(&file.name, &file.content_type, bytes))
}

/// Ask for access to an on-request dataset: `{"purpose": "…"}`.
#[utoipa::path(post, operation_id = "datasets_request", path = "/api/v1/datasets/{id}/requests", tag = "datasets", params(("id" = i64, Path)),
    request_body = AccessRequestWrite,
    responses((status = 201, description = "The pending request", body = RequestBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "dataset.not_on_request, dataset.already_granted, dataset.request_pending")))]
pub async fn request_access(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AccessRequestWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let r = uc::request_access(&state.app, &ctx, id, &body.purpose).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &RequestBody::from(&r))
}

/// A dataset's access requests, pending first (its managers).
#[utoipa::path(get, operation_id = "datasets_requests", path = "/api/v1/datasets/{id}/requests", tag = "datasets", params(("id" = i64, Path)),
    responses((status = 200, description = "Requests", body = Requests), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn requests(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let rows = uc::requests(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Requests { items: rows.iter().map(RequestBody::from).collect() })
}

/// Approve or refuse a pending request (the dataset's managers): `{"note": "…"}` is optional.
#[utoipa::path(post, operation_id = "datasets_decide", path = "/api/v1/dataset-requests/{id}/{decision}", tag = "datasets",
    params(("id" = i64, Path), ("decision" = String, Path, description = "approve or refuse")),
    request_body(content = Option<Decision>, description = "Optional; an empty body is no note"),
    responses((status = 200, description = "The decided request", body = RequestBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "dataset.request_decided")))]
pub async fn decide(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, decision_code)): Path<(String, String)>,
    ApiJsonOrEmpty(decision): ApiJsonOrEmpty<Decision>,
) -> ApiResult {
    let id = path_id(&id)?;
    let approve = match decision_code.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(app_err(AppError::NotFound)),
    };
    let r = uc::decide(&state.app, &ctx, id, approve, &decision.note).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &RequestBody::from(&r))
}

/// Who downloaded which file when (the dataset's managers), latest first, with the total.
#[utoipa::path(get, operation_id = "datasets_downloads", path = "/api/v1/datasets/{id}/downloads", tag = "datasets", params(("id" = i64, Path)),
    responses((status = 200, description = "The download log", body = Downloads), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn downloads(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let (rows, total) = uc::downloads(&state.app, &ctx, id).await.map_err(app_err)?;
    let items = rows.iter().map(DownloadBody::from).collect();
    json_ok(StatusCode::OK, &Downloads { items, total })
}
