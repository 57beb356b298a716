//! Issued credentials: the signed document exactly as issued, its holder, its source and its
//! place in the revocation status list.

use crate::{Db, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CredentialRow {
    pub id: String,
    pub source_kind: String,
    pub source_id: i64,
    pub holder_id: i64,
    pub holder_name: String,
    pub title: String,
    pub status_index: i64,
    pub document: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revocation_reason: Option<String>,
}

macro_rules! credential_select {
    () => {
        "SELECT c.id, c.source_kind, c.source_id, c.holder_id, p.name AS holder_name, c.title, c.status_index, c.document, \
         c.issued_at, c.revoked_at, c.revocation_reason FROM credentials c JOIN people p ON p.id = c.holder_id"
    };
}

pub struct CredentialWrite<'a> {
    pub id: &'a str,
    pub source_kind: &'a str,
    pub source_id: i64,
    pub holder_id: i64,
    pub title: &'a str,
    pub status_index: i64,
    pub document: &'a str,
}

pub async fn insert(tx: &mut Tx, c: &CredentialWrite<'_>, by: i64, now: i64) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query(
        "INSERT INTO credentials (id, source_kind, source_id, holder_id, title, status_index, document, issued_by, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(c.id).bind(c.source_kind).bind(c.source_id).bind(c.holder_id).bind(c.title).bind(c.status_index)
        .bind(c.document).bind(by).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The next free position in the status list. Run inside the issuing transaction; the unique
/// index on `status_index` refuses a position taken twice.
pub async fn next_status_index(tx: &mut Tx) -> StoreResult<i64> {
    // On PostgreSQL, issuers of different micro-degrees would otherwise both read the same
    // maximum; one transaction-scoped advisory lock serialises allocation (SQLite's
    // `BEGIN IMMEDIATE` already does).
    if let Tx::Pg(t) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock(7342001)").execute(&mut **t).await?;
    }
    Ok(
        with_tx!(tx, x => sqlx::query_scalar("SELECT COALESCE(MAX(status_index) + 1, 0) FROM credentials").fetch_one(x).await)?,
    )
}

pub async fn get(db: &Db, id: &str) -> StoreResult<Option<CredentialRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(credential_select!(), " WHERE c.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn by_source(tx: &mut Tx, kind: &str, source: i64) -> StoreResult<Option<String>> {
    Ok(with_tx!(tx, x => sqlx::query_scalar("SELECT id FROM credentials WHERE source_kind = $1 AND source_id = $2")
        .bind(kind).bind(source).fetch_optional(x).await)?)
}

/// Credentials newest first: every one (`holder` `None`) or one holder's.
pub async fn list(db: &Db, holder: Option<i64>) -> StoreResult<Vec<CredentialRow>> {
    Ok(match holder {
        Some(h) => {
            with_db!(db, p => sqlx::query_as(concat!(credential_select!(), " WHERE c.holder_id = $1 ORDER BY c.issued_at DESC, c.id LIMIT 1000"))
            .bind(h).fetch_all(p).await)?
        }
        None => {
            with_db!(db, p => sqlx::query_as(concat!(credential_select!(), " ORDER BY c.issued_at DESC, c.id LIMIT 1000"))
            .fetch_all(p).await)?
        }
    })
}

/// Revokes a credential; `false` if it was already revoked (or does not exist).
pub async fn revoke(tx: &mut Tx, id: &str, reason: &str, by: i64, now: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, x => sqlx::query(
        "UPDATE credentials SET revoked_at = $2, revoked_by = $3, revocation_reason = $4 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id).bind(now).bind(by).bind(reason).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Positions of revoked credentials, for the published status list.
pub async fn revoked_indices(db: &Db) -> StoreResult<Vec<i64>> {
    Ok(
        with_db!(db, p => sqlx::query_scalar("SELECT status_index FROM credentials WHERE revoked_at IS NOT NULL ORDER BY status_index")
        .fetch_all(p).await)?,
    )
}

/// How many stored credentials do not name this DID (signed with a key the app no longer holds).
pub async fn signed_by_others(db: &Db, did: &str) -> StoreResult<i64> {
    let pattern = format!("%\"{did}\"%");
    Ok(with_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM credentials WHERE document NOT LIKE $1")
        .bind(pattern).fetch_one(p).await)?)
}
