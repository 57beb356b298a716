//! Shared data resources: the catalogue, a dataset with its preview and files, access
//! requests and the owner's decisions, uploads and logged downloads.

use crate::http::form::{Choice, Field, Pager};
use crate::http::form::{PER_PAGE, form, form_response, page_number};
use crate::http::format::query_string;
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::sharing::datasets::{self as uc, Dataset, DatasetFilter, DatasetInput};
use tandem_app::sharing::queries;
use tandem_app::{AppError, Page};
use tandem_domain::sharing::dataset::{AccessLevel, LICENCES};
use tandem_domain::sharing::local_date;
use tandem_domain::validation::FieldErrors;

/// Sizes as people read them: 1.2 MB, 640 KB.
pub(crate) fn human_size(bytes: i64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / 1024.0 / 1024.0),
        b if b >= 1024 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

fn level_label(c: &PageCtx, code: &str) -> String {
    c.t(&format!("dataset-level-{code}"))
}

pub struct Line {
    id: i64,
    title: String,
    owner: String,
    tags: Vec<String>,
    format: String,
    size: String,
    licence: String,
    level: String,
    level_code: String,
}

fn line(c: &PageCtx, d: Dataset) -> Line {
    Line {
        id: d.id,
        owner: d.owner_name,
        tags: d.tags.split('\n').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        format: d.format,
        size: if d.file_count == 0 { "—".into() } else { human_size(d.total_bytes) },
        licence: c.t(&format!("licence-{}", d.licence)),
        level: level_label(c, &d.access_level),
        level_code: d.access_level,
        title: d.title,
    }
}

#[derive(Template)]
#[template(path = "sharing/datasets/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    rows: Vec<Line>,
    pager: Pager,
    q: String,
    tag: String,
    levels: Vec<Choice>,
    can_publish: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    level: String,
    tag: String,
    owner: String,
    page: Option<String>,
}

pub async fn list(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let level = AccessLevel::from_code(&q.level).map(|l| l.code().to_owned());
    let filter =
        DatasetFilter { q: Some(q.q.clone()), access_level: level, owner_org_id: None, tag: Some(q.tag.clone()) };
    let catalogue = queries::dataset_catalogue(&state.app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let (rows, total) = (catalogue.rows, catalogue.total);
    let query = query_string(&[("q", &q.q), ("level", &q.level), ("tag", &q.tag)]);
    let pager = Pager::new(c, "/datasets", &query, page.page, page.per_page, total);
    let can_publish = catalogue.may_publish;
    Ok(ok(&ListPage {
        c,
        rows: rows.into_iter().map(|d| line(c, d)).collect(),
        pager,
        levels: AccessLevel::ALL
            .iter()
            .map(|l| Choice { value: l.code().into(), label: level_label(c, l.code()), selected: l.code() == q.level })
            .collect(),
        q: q.q,
        tag: q.tag,
        can_publish,
    }))
}

pub struct FileLine {
    id: i64,
    name: String,
    size: String,
    sha256: String,
    uploaded: String,
}

pub struct RequestLine {
    id: i64,
    person: String,
    purpose: String,
    status: String,
    status_code: String,
    note: String,
    when: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "sharing/datasets/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    d: Line,
    owner_id: i64,
    description: String,
    schema: String,
    samples: Vec<(String, String)>,
    files: Vec<FileLine>,
    may_download: bool,
    manages: bool,
    on_request: bool,
    mine: Vec<RequestLine>,
    pending: bool,
    request_field: Field,
    upload_error: Option<String>,
    requests: Vec<RequestLine>,
    downloads: Vec<(String, String, String)>,
    download_total: String,
    notice: Option<String>,
}

fn request_line(c: &PageCtx, r: uc::AccessRequest) -> RequestLine {
    let when = local_date(r.created_at);
    let status = c.t(&format!("dataset-request-{}", r.status));
    RequestLine {
        summary: c.tf("dataset-my-request", &[("when", &when), ("status", &status)]),
        id: r.id,
        person: r.person_name,
        purpose: r.purpose,
        status,
        status_code: r.status,
        note: r.decision_note.unwrap_or_default(),
        when,
    }
}

#[derive(Default)]
struct Shown {
    purpose: String,
    purpose_error: Option<String>,
    upload_error: Option<String>,
    notice: Option<String>,
    status: Option<StatusCode>,
}

async fn detail_page(state: &WebState, viewer: &Viewer, id: i64, shown: Shown) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let app = &state.app;
    let queries::DatasetPage { view, management } =
        queries::dataset_page(app, &ctx, id).await.map_err(|e| c.error(e))?;
    let (requests, downloads, download_total) = if let Some(m) = management {
        let requests = m.requests;
        let (downloads, total) = m.downloads;
        let downloads = downloads
            .into_iter()
            .map(|d| {
                let at =
                    chrono::DateTime::from_timestamp(d.downloaded_at + tandem_domain::sharing::LOCAL_OFFSET_SECS, 0)
                        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default();
                (d.person_name, d.file_name, at)
            })
            .collect();
        let total = c.tf("dataset-downloads-total", &[("total", &total.to_string())]);
        (requests.into_iter().map(|r| request_line(c, r)).collect(), downloads, total)
    } else {
        (vec![], vec![], String::new())
    };
    let mut request_field = Field::new("purpose", c.t("dataset-purpose"), &shown.purpose)
        .kind("textarea")
        .required()
        .hint(c.t("dataset-purpose-hint"));
    request_field.error = shown.purpose_error.clone();
    let d = &view.dataset;
    let page = DetailPage {
        c,
        owner_id: d.owner_org_id,
        description: d.description.clone().unwrap_or_default(),
        schema: d.schema_preview.clone().unwrap_or_default(),
        samples: view
            .files
            .iter()
            .filter_map(|f| f.sample.clone().map(|s| (c.tf("dataset-sample-of", &[("name", &f.name)]), s)))
            .take(2)
            .collect(),
        files: view
            .files
            .iter()
            .map(|f| FileLine {
                id: f.id,
                name: f.name.clone(),
                size: human_size(f.size_bytes),
                sha256: f.sha256.clone(),
                uploaded: local_date(f.uploaded_at),
            })
            .collect(),
        may_download: view.may_download,
        manages: view.manages,
        on_request: d.access_level == AccessLevel::OnRequest.code(),
        pending: view.my_requests.iter().any(|r| r.status == "pending"),
        mine: view.my_requests.into_iter().map(|r| request_line(c, r)).collect(),
        request_field,
        upload_error: shown.upload_error,
        requests,
        downloads,
        download_total,
        notice: shown.notice,
        d: line(c, view.dataset),
    };
    Ok(html(shown.status.unwrap_or(StatusCode::OK), &page))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    done: String,
}

pub async fn detail(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let notice = ["requested", "uploaded", "approved", "refused"]
        .contains(&q.done.as_str())
        .then(|| viewer.page.t(&format!("dataset-done-{}", q.done)));
    detail_page(&state, &viewer, id, Shown { notice, ..Shown::default() }).await
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct DatasetForm {
    owner_id: String,
    title: String,
    description: String,
    tags: String,
    format: String,
    licence: String,
    access_level: String,
    schema: String,
}

impl DatasetForm {
    fn input(&self) -> DatasetInput {
        DatasetInput {
            title: self.title.clone(),
            description: self.description.clone(),
            tags: self.tags.clone(),
            format: self.format.clone(),
            licence: self.licence.clone(),
            access_level: self.access_level.clone(),
            schema: self.schema.clone(),
        }
    }
}

fn dataset_form(
    c: &PageCtx,
    owners: Option<Vec<(i64, String)>>,
    f: &DatasetForm,
    errors: &FieldErrors,
    action: String,
    title: String,
    back: (String, String),
) -> Response {
    let mut fields = vec![];
    if let Some(owners) = owners {
        fields.push(
            Field::new("owner_id", c.t("dataset-owner"), &f.owner_id)
                .kind("select")
                .required()
                .choices(owners.into_iter().map(|(id, name)| (id.to_string(), name)).collect()),
        );
    }
    fields.extend([
        Field::new("title", c.t("dataset-title-field"), &f.title).required(),
        Field::new("description", c.t("dataset-description"), &f.description).kind("textarea"),
        Field::new("tags", c.t("dataset-tags"), &f.tags).hint(c.t("dataset-tags-hint")),
        Field::new("format", c.t("dataset-format"), &f.format).required().hint(c.t("dataset-format-hint")),
        Field::new("licence", c.t("dataset-licence"), &f.licence)
            .kind("select")
            .required()
            .choices(LICENCES.iter().map(|l| ((*l).to_owned(), c.t(&format!("licence-{l}")))).collect()),
        Field::new("access_level", c.t("dataset-access"), &f.access_level)
            .kind("select")
            .required()
            .hint(c.t("dataset-access-hint"))
            .choices(AccessLevel::ALL.iter().map(|l| (l.code().to_owned(), level_label(c, l.code()))).collect()),
        Field::new("schema", c.t("dataset-schema"), &f.schema).kind("textarea").hint(c.t("dataset-schema-hint")),
    ]);
    form_response(c, title, action, back, fields, errors)
}

pub async fn new_form(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let owners = uc::owner_choices(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    if owners.is_empty() {
        return Err(c.error(AppError::Forbidden));
    }
    let f = DatasetForm {
        owner_id: if owners.len() == 1 { owners[0].0.to_string() } else { String::new() },
        access_level: "on_request".into(),
        licence: "research-only".into(),
        ..DatasetForm::default()
    };
    let back = ("/datasets".to_owned(), c.t("datasets-title"));
    Ok(dataset_form(c, Some(owners), &f, &FieldErrors::new(), "/datasets".into(), c.t("dataset-new"), back))
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: DatasetForm = form(&body);
    let owners = uc::owner_choices(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    if owners.is_empty() {
        return Err(c.error(AppError::Forbidden));
    }
    let back = ("/datasets".to_owned(), c.t("datasets-title"));
    let Some(owner) = f.owner_id.trim().parse::<i64>().ok().filter(|id| owners.iter().any(|(o, _)| o == id)) else {
        let mut errors = FieldErrors::new();
        errors.add("owner_id", "required");
        return Ok(dataset_form(c, Some(owners), &f, &errors, "/datasets".into(), c.t("dataset-new"), back));
    };
    match uc::create(&state.app, &ctx, owner, &f.input()).await {
        Ok(id) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/datasets/{id}"), "dataset-created")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            Ok(dataset_form(c, Some(owners), &f, &errors, "/datasets".into(), c.t("dataset-new"), back))
        }
        Err(e) => Err(c.error(e)),
    }
}

pub async fn edit_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: i64 = id.parse().map_err(|_| c.error(AppError::NotFound))?;
    let view = uc::get(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    if !view.manages {
        return Err(c.error(AppError::Forbidden));
    }
    let d = view.dataset;
    let f = DatasetForm {
        owner_id: d.owner_org_id.to_string(),
        tags: d.tags.split('\n').collect::<Vec<_>>().join(", "),
        description: d.description.unwrap_or_default(),
        format: d.format,
        licence: d.licence,
        access_level: d.access_level,
        schema: d.schema_preview.unwrap_or_default(),
        title: d.title.clone(),
    };
    let title = c.tf("dataset-edit", &[("title", &d.title)]);
    Ok(dataset_form(
        c,
        None,
        &f,
        &FieldErrors::new(),
        format!("/datasets/{id}/edit"),
        title,
        (format!("/datasets/{id}"), d.title),
    ))
}

pub async fn update(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: i64 = id.parse().map_err(|_| c.error(AppError::NotFound))?;
    let f: DatasetForm = form(&body);
    match uc::revise(&state.app, &ctx, id, &f.input()).await {
        Ok(()) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/datasets/{id}"), "dataset-saved")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let title = c.tf("dataset-edit", &[("title", &f.title)]);
            let back = (format!("/datasets/{id}"), f.title.clone());
            Ok(dataset_form(c, None, &f, &errors, format!("/datasets/{id}/edit"), title, back))
        }
        Err(e) => Err(c.error(e)),
    }
}

fn first_error(c: &PageCtx, errors: &FieldErrors) -> String {
    c.first_error_message(errors).unwrap_or_default()
}

/// `POST /datasets/{id}/files`: a multipart upload from the dataset's page.
pub async fn upload(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let mut upload: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(bytes) => upload = Some((name, bytes.to_vec())),
                    Err(_) => break,
                }
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    let outcome = match upload {
        Some((name, bytes)) => uc::upload(&state.app, &ctx, id, &name, bytes).await.map(|_| ()),
        None => Err(AppError::invalid("file", "file.missing")),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/datasets/{id}?done=uploaded")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let shown = Shown {
                upload_error: Some(first_error(&viewer.page, &errors)),
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                ..Shown::default()
            };
            detail_page(&state, &viewer, id, shown).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

/// `GET /datasets/{id}/files/{file_id}`: the file as an attachment; the download is logged.
pub async fn download(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, file_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let (Ok(id), Ok(file_id)) = (id.parse::<i64>(), file_id.parse::<i64>()) else {
        return Err(c.error(AppError::NotFound));
    };
    match uc::download(&state.app, &ctx, id, file_id).await {
        Ok((file, bytes)) => Ok(crate::http::response::attachment(&file.name, &file.content_type, bytes)),
        Err(AppError::Refused(_)) => Err(c.error(AppError::Forbidden)),
        Err(e) => Err(c.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RequestForm {
    purpose: String,
}

pub async fn request_access(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: i64 = id.parse().map_err(|_| c.error(AppError::NotFound))?;
    let f: RequestForm = form(&body);
    match uc::request_access(&state.app, &ctx, id, &f.purpose).await {
        Ok(_) => Ok(Redirect::to(&format!("/datasets/{id}?done=requested")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let shown = Shown {
                purpose: f.purpose,
                purpose_error: Some(first_error(c, &errors)),
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                ..Shown::default()
            };
            detail_page(&state, &viewer, id, shown).await
        }
        Err(AppError::Refused(code)) => {
            let shown = Shown {
                purpose: f.purpose,
                purpose_error: Some(c.t(code)),
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                ..Shown::default()
            };
            detail_page(&state, &viewer, id, shown).await
        }
        Err(e) => Err(c.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    note: String,
}

pub async fn decide(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, decision)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("datasets");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: i64 = id.parse().map_err(|_| c.error(AppError::NotFound))?;
    let approve = match decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(c.error(AppError::NotFound)),
    };
    let f: DecisionForm = form(&body);
    match uc::decide(&state.app, &ctx, id, approve, &f.note).await {
        Ok(r) => {
            let done = if approve { "approved" } else { "refused" };
            Ok(Redirect::to(&format!("/datasets/{}?done={done}#requests", r.dataset_id)).into_response())
        }
        Err(e) => Err(c.error(e)),
    }
}
