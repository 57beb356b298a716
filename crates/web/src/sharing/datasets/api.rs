//! `/api/v1/datasets`: shared data resources, access requests, uploads and logged downloads.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{ApiResult, Caller, JsonFields, ListOf, app_err, json_object, json_ok, paging, path_id};
use crate::http::state::WebState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use tandem_app::AppError;
use tandem_app::sharing::datasets::{self as uc, AccessRequest, DataFile, Dataset, DatasetFilter, DatasetInput};
use utoipa::IntoParams;

pub(crate) fn dataset_json(d: &Dataset) -> Value {
    json!({
        "id": d.id, "owner": {"id": d.owner_org_id, "name": d.owner_name, "kind": d.owner_kind},
        "title": d.title, "description": d.description,
        "tags": d.tags.split('\n').filter(|t| !t.is_empty()).collect::<Vec<_>>(),
        "format": d.format, "licence": d.licence, "access_level": d.access_level, "schema": d.schema_preview,
        "file_count": d.file_count, "size_bytes": d.total_bytes, "updated_at": rfc3339(d.updated_at),
    })
}

fn file_json(f: &DataFile) -> Value {
    json!({
        "id": f.id, "name": f.name, "content_type": f.content_type, "size_bytes": f.size_bytes, "sha256": f.sha256,
        "sample": f.sample, "uploaded_at": rfc3339(f.uploaded_at),
        "download": format!("/api/v1/datasets/{}/files/{}", f.dataset_id, f.id),
    })
}

fn request_json(r: &AccessRequest) -> Value {
    json!({
        "id": r.id, "dataset_id": r.dataset_id, "person_id": r.person_id, "person_name": r.person_name,
        "purpose": r.purpose, "status": r.status, "decision_note": r.decision_note,
        "decided_at": r.decided_at.map(rfc3339), "created_at": rfc3339(r.created_at),
    })
}

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
    responses((status = 200, description = "One page of datasets"), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
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
    let items: Vec<Value> = rows.iter().map(dataset_json).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

/// One dataset with its files, whether the caller may download, and the caller's requests.
/// Another organisation's internal dataset is 404, as if it did not exist.
#[utoipa::path(get, operation_id = "datasets_get", path = "/api/v1/datasets/{id}", tag = "datasets", params(("id" = i64, Path)),
    responses((status = 200, description = "The dataset"), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    let mut v = dataset_json(&view.dataset);
    v["files"] = json!(view.files.iter().map(file_json).collect::<Vec<_>>());
    v["may_download"] = json!(view.may_download);
    v["manages"] = json!(view.manages);
    v["my_requests"] = json!(view.my_requests.iter().map(request_json).collect::<Vec<_>>());
    json_ok(StatusCode::OK, &v)
}

fn dataset_input(j: &mut JsonFields) -> DatasetInput {
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    DatasetInput {
        title: text("title"),
        description: text("description"),
        format: text("format"),
        licence: text("licence"),
        access_level: text("access_level"),
        schema: text("schema"),
        tags: String::new(),
    }
}

fn tags_of(j: &mut JsonFields) -> String {
    match j.raw("tags") {
        Some(Value::Array(items)) => {
            if items.iter().any(|t| !t.is_string()) {
                j.errors.add("tags", "wrong_type");
            }
            items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(",")
        }
        Some(Value::String(s)) => s,
        None | Some(Value::Null) => String::new(),
        Some(_) => {
            j.errors.add("tags", "wrong_type");
            String::new()
        }
    }
}

const FIELDS: [&str; 8] = ["owner_id", "title", "description", "tags", "format", "licence", "access_level", "schema"];

/// Publish a dataset for a lab or an enterprise the caller manages:
/// `{"owner_id", "title", "description", "tags": [..], "format", "licence", "access_level", "schema"}`.
#[utoipa::path(post, operation_id = "datasets_create", path = "/api/v1/datasets", tag = "datasets",
    responses((status = 201, description = "The dataset"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &FIELDS);
    let owner = j.id("owner_id").flatten();
    let mut input = dataset_input(&mut j);
    input.tags = tags_of(&mut j);
    j.check()?;
    let owner = owner.ok_or_else(|| app_err(AppError::invalid("owner_id", "required")))?;
    let id = uc::create(&state.app, &ctx, owner, &input).await.map_err(app_err)?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &dataset_json(&view.dataset))
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
    responses((status = 201, description = "The stored file"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
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
    json_ok(StatusCode::CREATED, &file_json(&file))
}

/// A dataset file's bytes, for callers allowed to download; every download is logged.
#[utoipa::path(get, operation_id = "datasets_download", path = "/api/v1/datasets/{id}/files/{file_id}", tag = "datasets",
    params(("id" = i64, Path), ("file_id" = i64, Path)),
    responses((status = 200, description = "The file"), (status = 404, body = ErrorBody),
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
    responses((status = 201, description = "The pending request"), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "dataset.not_on_request, dataset.already_granted, dataset.request_pending")))]
pub async fn request_access(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["purpose"]);
    let purpose = j.text("purpose").unwrap_or_default();
    j.check()?;
    let r = uc::request_access(&state.app, &ctx, id, &purpose).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &request_json(&r))
}

/// A dataset's access requests, pending first (its managers).
#[utoipa::path(get, operation_id = "datasets_requests", path = "/api/v1/datasets/{id}/requests", tag = "datasets", params(("id" = i64, Path)),
    responses((status = 200, description = "Requests"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn requests(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let rows = uc::requests(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({"items": rows.iter().map(request_json).collect::<Vec<_>>()}))
}

/// Approve or refuse a pending request (the dataset's managers): `{"note": "…"}` is optional.
#[utoipa::path(post, operation_id = "datasets_decide", path = "/api/v1/dataset-requests/{id}/{decision}", tag = "datasets",
    params(("id" = i64, Path), ("decision" = String, Path, description = "approve or refuse")),
    responses((status = 200, description = "The decided request"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "dataset.request_decided")))]
pub async fn decide(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, decision)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let approve = match decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(app_err(AppError::NotFound)),
    };
    let note = if body.is_empty() {
        String::new()
    } else {
        let mut j = JsonFields::new(json_object(&headers, &body)?, &["note"]);
        let note = j.text("note").unwrap_or_default();
        j.check()?;
        note
    };
    let r = uc::decide(&state.app, &ctx, id, approve, &note).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &request_json(&r))
}

/// Who downloaded which file when (the dataset's managers), latest first, with the total.
#[utoipa::path(get, operation_id = "datasets_downloads", path = "/api/v1/datasets/{id}/downloads", tag = "datasets", params(("id" = i64, Path)),
    responses((status = 200, description = "The download log"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn downloads(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let (rows, total) = uc::downloads(&state.app, &ctx, id).await.map_err(app_err)?;
    let items: Vec<Value> = rows
        .iter()
        .map(|d| json!({"file": d.file_name, "person_id": d.person_id, "person_name": d.person_name, "at": rfc3339(d.downloaded_at)}))
        .collect();
    json_ok(StatusCode::OK, &json!({"items": items, "total": total}))
}
