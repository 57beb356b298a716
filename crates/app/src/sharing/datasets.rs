//! Data resources: the catalogue each reader may see, access requests decided by the owner,
//! uploads into the file store, and downloads that are always logged.

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use sha2::{Digest, Sha256};
use tandem_domain::access::{Action, Role};
use tandem_domain::notifications::Notice;
use tandem_domain::org::OrgKind;
use tandem_domain::sharing::dataset::{AccessLevel, Owner, check_file, parse_dataset};
use tandem_store::sharing::datasets::{self as store, DatasetWrite, InternalScope};
use tandem_store::{Page, StoreError};

pub use tandem_store::sharing::datasets::{
    DatasetFilter, DatasetRow as Dataset, DownloadRow as Download, FileRow as DataFile, RequestRow as AccessRequest,
};

/// What an owner types about a dataset.
#[derive(Debug, Clone, Default)]
pub struct DatasetInput {
    pub title: String,
    pub description: String,
    pub tags: String,
    pub format: String,
    pub licence: String,
    pub access_level: String,
    pub schema: String,
}

fn owner_of(d: &Dataset) -> Owner {
    Owner { org_id: d.owner_org_id, org_kind: OrgKind::from_code(&d.owner_kind).unwrap_or(OrgKind::Enterprise) }
}

fn level_of(d: &Dataset) -> AccessLevel {
    AccessLevel::from_code(&d.access_level).unwrap_or(AccessLevel::Internal)
}

fn scope(ctx: &Ctx) -> InternalScope {
    let a = &ctx.actor;
    InternalScope {
        all: a.has_role(Role::PlatformAdmin),
        university_units: a.has_role(Role::UniversityStaff),
        orgs: a.grants.iter().map(|g| g.org_id).collect(),
    }
}

/// The datasets the caller may see; internal ones of other organisations are not there at all.
pub async fn list(app: &App, ctx: &Ctx, filter: &DatasetFilter, page: Page) -> AppResult<(Vec<Dataset>, i64)> {
    Ok(store::list_datasets(&app.db, &scope(ctx), filter, page).await?)
}

/// A dataset the caller may see, or `NotFound` (also for one that exists but is internal to
/// another organisation, so its existence does not leak).
async fn visible(app: &App, ctx: &Ctx, id: i64) -> AppResult<Dataset> {
    let d = store::get_dataset(&app.db, id).await?.ok_or(AppError::NotFound)?;
    if !ctx.actor.may(Action::ViewDataset { owner: owner_of(&d), level: level_of(&d) }) {
        return Err(AppError::NotFound);
    }
    Ok(d)
}

async fn managed(app: &App, ctx: &Ctx, id: i64) -> AppResult<Dataset> {
    let d = visible(app, ctx, id).await?;
    app.authorize(ctx, Action::ManageDataset { owner: owner_of(&d) }).await?;
    Ok(d)
}

/// A dataset as its reader sees it.
pub struct DatasetView {
    pub dataset: Dataset,
    pub files: Vec<DataFile>,
    pub may_download: bool,
    pub manages: bool,
    /// The reader's own requests, latest first.
    pub my_requests: Vec<AccessRequest>,
}

pub async fn get(app: &App, ctx: &Ctx, id: i64) -> AppResult<DatasetView> {
    let dataset = visible(app, ctx, id).await?;
    let owner = owner_of(&dataset);
    let approved = store::has_approved_request(&app.db, id, ctx.actor.person_id).await?;
    Ok(DatasetView {
        files: store::files(&app.db, id).await?,
        may_download: ctx.actor.may(Action::DownloadDataset { owner, level: level_of(&dataset), approved }),
        manages: ctx.actor.may(Action::ManageDataset { owner }),
        my_requests: store::requests_of_person(&app.db, id, ctx.actor.person_id).await?,
        dataset,
    })
}

/// Organisations in which the caller may publish datasets, as `(id, name)`.
pub async fn owner_choices(app: &App, ctx: &Ctx) -> AppResult<Vec<(i64, String)>> {
    Ok(store::owner_candidates(&app.db)
        .await?
        .into_iter()
        .filter(|(id, _, kind)| {
            OrgKind::from_code(kind)
                .is_some_and(|org_kind| ctx.actor.may(Action::ManageDataset { owner: Owner { org_id: *id, org_kind } }))
        })
        .map(|(id, name, _)| (id, name))
        .collect())
}

fn write_of(owner_org_id: i64, input: &DatasetInput) -> AppResult<DatasetWrite> {
    let spec = parse_dataset(
        &input.title,
        &input.description,
        &input.tags,
        &input.format,
        &input.licence,
        &input.access_level,
        &input.schema,
    )?;
    Ok(DatasetWrite {
        owner_org_id,
        title: spec.title,
        description: spec.description,
        tags: spec.tags.join("\n"),
        format: spec.format,
        licence: spec.licence,
        access_level: spec.level.code().into(),
        schema_preview: spec.schema,
    })
}

/// Publishes a dataset owned by a lab or an enterprise the caller manages.
pub async fn create(app: &App, ctx: &Ctx, owner_org_id: i64, input: &DatasetInput) -> AppResult<i64> {
    let kind = tandem_store::org::get_org(&app.db, owner_org_id).await?.and_then(|o| OrgKind::from_code(&o.kind));
    let Some(org_kind) = kind.filter(|k| *k == OrgKind::Lab || *k == OrgKind::Enterprise) else {
        return Err(AppError::invalid("owner_org_id", "dataset.owner_kind"));
    };
    app.authorize(ctx, Action::ManageDataset { owner: Owner { org_id: owner_org_id, org_kind } }).await?;
    let write = write_of(owner_org_id, input)?;
    let mut tx = app.db.begin_write().await?;
    let id = store::insert_dataset(&mut tx, &write, ctx.actor.person_id, app.now()).await?;
    let after = json!({ "title": write.title, "owner_org_id": owner_org_id, "access_level": write.access_level });
    record_change(&mut tx, app, ctx, "dataset.created", "dataset", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn revise(app: &App, ctx: &Ctx, id: i64, input: &DatasetInput) -> AppResult<()> {
    let before = managed(app, ctx, id).await?;
    let write = write_of(before.owner_org_id, input)?;
    let mut tx = app.db.begin_write().await?;
    store::update_dataset(&mut tx, id, &write, app.now()).await?;
    let b = json!({ "title": before.title, "access_level": before.access_level, "licence": before.licence });
    let a = json!({ "title": write.title, "access_level": write.access_level, "licence": write.licence });
    record_change(&mut tx, app, ctx, "dataset.revised", "dataset", id, Some(b), Some(a)).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a file to a dataset (its managers). The bytes are stored first and the record written
/// after; if the record cannot be written the stored bytes are removed again.
pub async fn upload(app: &App, ctx: &Ctx, id: i64, name: &str, bytes: Vec<u8>) -> AppResult<DataFile> {
    managed(app, ctx, id).await?;
    let accepted = check_file(name, &bytes)?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let key = format!("datasets/{id}/{}-{}", crate::auth::random_secret().get(..16).unwrap_or("x"), &sha256[..16]);
    let size = i64::try_from(bytes.len()).map_err(|_| AppError::invalid("file", "file.too_large"))?;
    app.put_file(&key, bytes).await?;
    let written = async {
        let mut tx = app.db.begin_write().await?;
        let write = store::FileWrite {
            dataset_id: id,
            name: &accepted.name,
            content_type: accepted.content_type,
            size_bytes: size,
            sha256: &sha256,
            storage_key: &key,
            sample: accepted.sample.as_deref(),
            uploaded_by: ctx.actor.person_id,
        };
        let file_id = store::insert_file(&mut tx, &write, app.now()).await?;
        let after = json!({ "file_id": file_id, "name": accepted.name, "size_bytes": size, "sha256": sha256 });
        record_change(&mut tx, app, ctx, "dataset.file_added", "dataset", id, None, Some(after)).await?;
        tx.commit().await?;
        AppResult::Ok(file_id)
    }
    .await;
    match written {
        Ok(file_id) => {
            let files = store::files(&app.db, id).await?;
            files.into_iter().find(|f| f.id == file_id).ok_or(AppError::NotFound)
        }
        Err(e) => {
            if let Err(cleanup) = app.files.delete(&key) {
                tracing::warn!(error = %cleanup, key, "could not remove an orphaned upload");
            }
            Err(e)
        }
    }
}

/// A file's bytes for a reader allowed to download it; the download is logged first.
pub async fn download(app: &App, ctx: &Ctx, id: i64, file_id: i64) -> AppResult<(DataFile, Vec<u8>)> {
    let view = get(app, ctx, id).await?;
    let file = view.files.into_iter().find(|f| f.id == file_id).ok_or(AppError::NotFound)?;
    if !view.may_download {
        let owner = owner_of(&view.dataset);
        let level = level_of(&view.dataset);
        app.record_refusal(ctx, Action::DownloadDataset { owner, level, approved: false }).await;
        return Err(AppError::Refused("dataset.request_needed"));
    }
    let bytes = app.get_file(&file.storage_key).await?;
    let mut tx = app.db.begin_write().await?;
    store::log_download(&mut tx, id, file_id, ctx.actor.person_id, app.now()).await?;
    tx.commit().await?;
    Ok((file, bytes))
}

/// Asks the owner for access to an on-request dataset.
pub async fn request_access(app: &App, ctx: &Ctx, id: i64, purpose: &str) -> AppResult<AccessRequest> {
    let view = get(app, ctx, id).await?;
    if level_of(&view.dataset) != AccessLevel::OnRequest {
        return Err(AppError::Refused("dataset.not_on_request"));
    }
    if view.may_download {
        return Err(AppError::Refused("dataset.already_granted"));
    }
    if view.my_requests.iter().any(|r| r.status == "pending") {
        return Err(AppError::Refused("dataset.request_pending"));
    }
    let mut errors = tandem_domain::validation::FieldErrors::new();
    let purpose = tandem_domain::validation::required_text(&mut errors, "purpose", purpose, 1000);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.begin_write().await?;
    let request_id =
        store::insert_request(&mut tx, id, ctx.actor.person_id, &purpose, app.now()).await.map_err(|e| match e {
            StoreError::Duplicate(_) => AppError::Refused("dataset.request_pending"),
            other => other.into(),
        })?;
    let after = json!({ "request_id": request_id, "purpose": purpose });
    record_change(&mut tx, app, ctx, "dataset.access_requested", "dataset", id, None, Some(after)).await?;
    tx.commit().await?;
    store::get_request(&app.db, request_id).await?.ok_or(AppError::NotFound)
}

/// The owner approves or refuses a pending request, with an optional note to the requester.
pub async fn decide(app: &App, ctx: &Ctx, request_id: i64, approve: bool, note: &str) -> AppResult<AccessRequest> {
    let request = store::get_request(&app.db, request_id).await?.ok_or(AppError::NotFound)?;
    let dataset = managed(app, ctx, request.dataset_id).await?;
    let mut errors = tandem_domain::validation::FieldErrors::new();
    let note = tandem_domain::validation::optional_text(&mut errors, "note", note, 1000);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.begin_write().await?;
    let current = store::get_request_tx(&mut tx, request_id).await?.ok_or(AppError::NotFound)?;
    if current.status != "pending" {
        return Err(AppError::Refused("dataset.request_decided"));
    }
    let status = if approve { "approved" } else { "refused" };
    // The update itself checks the request is still pending, so two managers deciding at once
    // cannot both succeed.
    if !store::decide_request(&mut tx, request_id, status, note.as_deref(), ctx.actor.person_id, app.now()).await? {
        return Err(AppError::Refused("dataset.request_decided"));
    }
    let after = json!({ "request_id": request_id, "status": status, "person_id": current.person_id });
    record_change(&mut tx, app, ctx, "dataset.access_decided", "dataset", current.dataset_id, None, Some(after))
        .await?;
    let notice = Notice::DatasetRequestDecided {
        dataset_id: tandem_domain::id::DatasetId(current.dataset_id),
        dataset: current.dataset_title.clone(),
        approved: approve,
        note,
    };
    let view = Action::ViewDataset { owner: owner_of(&dataset), level: level_of(&dataset) };
    let told = crate::notifications::notify(&mut tx, app, current.person_id, &notice, view).await?;
    tx.commit().await?;
    if told {
        app.wake_outbox();
    }
    store::get_request(&app.db, request_id).await?.ok_or(AppError::NotFound)
}

/// Requests for a dataset (its managers).
pub async fn requests(app: &App, ctx: &Ctx, id: i64) -> AppResult<Vec<AccessRequest>> {
    managed(app, ctx, id).await?;
    Ok(store::requests_of_dataset(&app.db, id).await?)
}

/// The download log of a dataset (its managers): the latest downloads and the total.
pub async fn downloads(app: &App, ctx: &Ctx, id: i64) -> AppResult<(Vec<Download>, i64)> {
    managed(app, ctx, id).await?;
    Ok((store::downloads(&app.db, id, 200).await?, store::count_downloads(&app.db, id).await?))
}
