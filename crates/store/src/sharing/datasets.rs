//! Datasets, their files, access requests and the download log.

use crate::dynamic::{Arg, DynSql, contains_pattern, escape_like};
use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DatasetRow {
    pub id: i64,
    pub owner_org_id: i64,
    pub owner_name: String,
    pub owner_kind: String,
    pub title: String,
    pub description: Option<String>,
    /// Tags joined by `\n`.
    pub tags: String,
    pub format: String,
    pub licence: String,
    pub access_level: String,
    pub schema_preview: Option<String>,
    pub file_count: i64,
    pub total_bytes: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! dataset_select {
    () => {
        "SELECT d.id, d.owner_org_id, o.name AS owner_name, o.kind AS owner_kind, d.title, d.description, d.tags, d.format, \
         d.licence, d.access_level, d.schema_preview, \
         (SELECT COUNT(*) FROM dataset_files f WHERE f.dataset_id = d.id) AS file_count, \
         CAST((SELECT COALESCE(SUM(f.size_bytes), 0) FROM dataset_files f WHERE f.dataset_id = d.id) AS BIGINT) AS total_bytes, \
         d.created_at, d.updated_at FROM datasets d JOIN orgs o ON o.id = d.owner_org_id"
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetWrite {
    pub owner_org_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub tags: String,
    pub format: String,
    pub licence: String,
    pub access_level: String,
    pub schema_preview: Option<String>,
}

/// Which internal datasets a reader may see besides the open and on-request ones.
#[derive(Debug, Clone, Default)]
pub struct InternalScope {
    /// Every internal dataset (platform admins).
    pub all: bool,
    /// Those of every university unit (university staff).
    pub university_units: bool,
    /// Those of these organisations (the reader's memberships).
    pub orgs: Vec<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct DatasetFilter {
    pub q: Option<String>,
    pub access_level: Option<String>,
    pub owner_org_id: Option<i64>,
    pub tag: Option<String>,
}

pub async fn insert_dataset(tx: &mut Tx, d: &DatasetWrite, by: i64, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO datasets (owner_org_id, title, description, tags, format, licence, access_level, schema_preview, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id")
        .bind(d.owner_org_id).bind(&d.title).bind(&d.description).bind(&d.tags).bind(&d.format).bind(&d.licence)
        .bind(&d.access_level).bind(&d.schema_preview).bind(by).bind(now).fetch_one(c).await)?)
}

/// Changes everything but the owner.
pub async fn update_dataset(tx: &mut Tx, id: i64, d: &DatasetWrite, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "UPDATE datasets SET title = $2, description = $3, tags = $4, format = $5, licence = $6, access_level = $7, \
         schema_preview = $8, updated_at = $9 WHERE id = $1")
        .bind(id).bind(&d.title).bind(&d.description).bind(&d.tags).bind(&d.format).bind(&d.licence)
        .bind(&d.access_level).bind(&d.schema_preview).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get_dataset(db: &Db, id: i64) -> StoreResult<Option<DatasetRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(dataset_select!(), " WHERE d.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn list_datasets(
    db: &Db,
    scope: &InternalScope,
    f: &DatasetFilter,
    page: Page,
) -> StoreResult<(Vec<DatasetRow>, i64)> {
    let mut q = DynSql::new(" WHERE 1 = 1");
    if !scope.all {
        q.push(" AND (d.access_level <> 'internal'");
        if scope.university_units {
            q.push(" OR o.kind IN ('university', 'college', 'centre', 'lab')");
        }
        for org in &scope.orgs {
            q.push(" OR d.owner_org_id = ").arg(Arg::Int(*org));
        }
        q.push(")");
    }
    if let Some(needle) = f.q.as_deref().filter(|s| !s.trim().is_empty()) {
        let pattern = contains_pattern(needle.trim());
        q.push(" AND (LOWER(d.title) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(COALESCE(d.description, '')) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(d.tags) LIKE ").arg(Arg::Text(pattern)).push(" ESCAPE '\\')");
    }
    if let Some(level) = f.access_level.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND d.access_level = ").arg(Arg::Text(level.to_owned()));
    }
    if let Some(owner) = f.owner_org_id {
        q.push(" AND d.owner_org_id = ").arg(Arg::Int(owner));
    }
    if let Some(tag) = f.tag.as_deref().filter(|s| !s.is_empty()) {
        // Tags are stored one per line, so a whole-line match needs the newlines around it.
        q.push(" AND ('\n' || d.tags || '\n') LIKE ")
            .arg(Arg::Text(format!("%\n{}\n%", escape_like(tag))))
            .push(" ESCAPE '\\'");
    }
    let rest = q.sql.clone();
    let count = q.clone_with(format!("SELECT COUNT(*) FROM datasets d JOIN orgs o ON o.id = d.owner_org_id{rest}"));
    let list = q.clone_with(format!("{}{rest} ORDER BY d.updated_at DESC, d.id DESC", dataset_select!()));
    list.fetch_page(count, page, db).await
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FileRow {
    pub id: i64,
    pub dataset_id: i64,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub sample: Option<String>,
    pub uploaded_at: i64,
}

pub struct FileWrite<'a> {
    pub dataset_id: i64,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub sample: Option<&'a str>,
    pub uploaded_by: i64,
}

pub async fn insert_file(tx: &mut Tx, f: &FileWrite<'_>, now: i64) -> StoreResult<i64> {
    let id = with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO dataset_files (dataset_id, name, content_type, size_bytes, sha256, storage_key, sample, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(f.dataset_id).bind(f.name).bind(f.content_type).bind(f.size_bytes).bind(f.sha256).bind(f.storage_key)
        .bind(f.sample).bind(f.uploaded_by).bind(now).fetch_one(c).await)?;
    with_tx!(tx, c => sqlx::query("UPDATE datasets SET updated_at = $2 WHERE id = $1")
        .bind(f.dataset_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(id)
}

pub async fn files(db: &Db, dataset_id: i64) -> StoreResult<Vec<FileRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, dataset_id, name, content_type, size_bytes, sha256, storage_key, sample, uploaded_at \
         FROM dataset_files WHERE dataset_id = $1 ORDER BY id")
        .bind(dataset_id).fetch_all(p).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub dataset_id: i64,
    pub dataset_title: String,
    pub person_id: i64,
    pub person_name: String,
    pub purpose: String,
    pub status: String,
    pub decision_note: Option<String>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
}

macro_rules! request_select {
    () => {
        "SELECT r.id, r.dataset_id, d.title AS dataset_title, r.person_id, p.name AS person_name, r.purpose, r.status, \
         r.decision_note, r.decided_at, r.created_at FROM dataset_requests r JOIN datasets d ON d.id = r.dataset_id \
         JOIN people p ON p.id = r.person_id"
    };
}

pub async fn insert_request(tx: &mut Tx, dataset_id: i64, person_id: i64, purpose: &str, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO dataset_requests (dataset_id, person_id, purpose, status, created_at) VALUES ($1, $2, $3, 'pending', $4) RETURNING id")
        .bind(dataset_id).bind(person_id).bind(purpose).bind(now).fetch_one(c).await)?)
}

pub async fn get_request_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<RequestRow>> {
    Ok(
        with_tx!(tx, c => sqlx::query_as(concat!(request_select!(), " WHERE r.id = $1")).bind(id).fetch_optional(c).await)?,
    )
}

pub async fn get_request(db: &Db, id: i64) -> StoreResult<Option<RequestRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(request_select!(), " WHERE r.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

/// Decides a pending request; `false` if it was no longer pending (decided concurrently).
pub async fn decide_request(
    tx: &mut Tx,
    id: i64,
    status: &str,
    note: Option<&str>,
    by: i64,
    now: i64,
) -> StoreResult<bool> {
    let changed = with_tx!(tx, c => sqlx::query(
        "UPDATE dataset_requests SET status = $2, decision_note = $3, decided_by = $4, decided_at = $5 \
         WHERE id = $1 AND status = 'pending'")
        .bind(id).bind(status).bind(note).bind(by).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

/// A dataset's requests, pending first, then the latest decisions.
pub async fn requests_of_dataset(db: &Db, dataset_id: i64) -> StoreResult<Vec<RequestRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(request_select!(),
        " WHERE r.dataset_id = $1 ORDER BY CASE WHEN r.status = 'pending' THEN 0 ELSE 1 END, r.created_at DESC, r.id DESC LIMIT 200"))
        .bind(dataset_id).fetch_all(p).await)?)
}

/// One person's requests for a dataset, latest first.
pub async fn requests_of_person(db: &Db, dataset_id: i64, person_id: i64) -> StoreResult<Vec<RequestRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(request_select!(),
        " WHERE r.dataset_id = $1 AND r.person_id = $2 ORDER BY r.created_at DESC, r.id DESC LIMIT 20"))
        .bind(dataset_id).bind(person_id).fetch_all(p).await)?)
}

pub async fn has_approved_request(db: &Db, dataset_id: i64, person_id: i64) -> StoreResult<bool> {
    let n: i64 = with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM dataset_requests WHERE dataset_id = $1 AND person_id = $2 AND status = 'approved'")
        .bind(dataset_id).bind(person_id).fetch_one(p).await)?;
    Ok(n > 0)
}

pub async fn log_download(tx: &mut Tx, dataset_id: i64, file_id: i64, person_id: i64, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO dataset_downloads (dataset_id, file_id, person_id, downloaded_at) VALUES ($1, $2, $3, $4)")
        .bind(dataset_id).bind(file_id).bind(person_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DownloadRow {
    pub file_name: String,
    pub person_id: i64,
    pub person_name: String,
    pub downloaded_at: i64,
}

/// The latest downloads of a dataset's files.
pub async fn downloads(db: &Db, dataset_id: i64, limit: i64) -> StoreResult<Vec<DownloadRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT f.name AS file_name, w.person_id, p.name AS person_name, w.downloaded_at FROM dataset_downloads w \
         JOIN dataset_files f ON f.id = w.file_id JOIN people p ON p.id = w.person_id \
         WHERE w.dataset_id = $1 ORDER BY w.downloaded_at DESC, w.id DESC LIMIT $2")
        .bind(dataset_id).bind(limit).fetch_all(p).await)?)
}

pub async fn count_downloads(db: &Db, dataset_id: i64) -> StoreResult<i64> {
    Ok(with_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM dataset_downloads WHERE dataset_id = $1")
        .bind(dataset_id).fetch_one(p).await)?)
}

/// Organisations that may own datasets, as `(id, name, kind)`: every lab and enterprise; the
/// use case keeps those the reader manages.
pub async fn owner_candidates(db: &Db) -> StoreResult<Vec<(i64, String, String)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, name, kind FROM orgs WHERE kind IN ('lab', 'enterprise') ORDER BY kind DESC, name")
        .fetch_all(p).await)?)
}
