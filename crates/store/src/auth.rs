//! Sessions and personal API tokens. Only SHA-256 hashes of the secrets are stored.

use crate::{Db, StoreResult, Tx, with_db, with_tx};

pub async fn insert_session(db: &Db, token_hash: &str, person_id: i64, now: i64, expires_at: i64) -> StoreResult<()> {
    with_db!(db, p => sqlx::query("INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash).bind(person_id).bind(now).bind(expires_at).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// One row per membership of the person behind a session or token (one row with empty
/// membership columns when there is none), so a request is identified in a single query.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IdentityRow {
    pub person_id: i64,
    pub name: String,
    pub locale: String,
    pub org_id: Option<i64>,
    pub org_kind: Option<String>,
    pub role: Option<String>,
    /// For tokens: the token and when it was last used.
    pub token_id: Option<i64>,
    pub last_used_at: Option<i64>,
    /// Unread notifications, for the page header (sessions only; 0 for tokens).
    pub unread: i64,
}

/// The person of a live session with every membership.
pub async fn session_identity(db: &Db, token_hash: &str, now: i64) -> StoreResult<Vec<IdentityRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT s.person_id, p.name, p.locale, m.org_id, o.kind AS org_kind, m.role, \
         CAST(NULL AS BIGINT) AS token_id, CAST(NULL AS BIGINT) AS last_used_at, \
         (SELECT COUNT(*) FROM notifications n WHERE n.person_id = p.id AND n.read_at IS NULL) AS unread \
         FROM sessions s JOIN people p ON p.id = s.person_id \
         LEFT JOIN memberships m ON m.person_id = p.id LEFT JOIN orgs o ON o.id = m.org_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2")
        .bind(token_hash).bind(now).fetch_all(p).await)?)
}

pub async fn delete_session(db: &Db, token_hash: &str) -> StoreResult<()> {
    with_db!(db, p => sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends every session of a person except `keep` (after a password change).
pub async fn delete_other_sessions(tx: &mut Tx, person_id: i64, keep: Option<&str>) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND token_hash <> $2")
        .bind(person_id).bind(keep.unwrap_or("")).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn purge_expired_sessions(db: &Db, now: i64) -> StoreResult<u64> {
    let r = with_db!(db, p => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(r)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub async fn insert_token(tx: &mut Tx, person_id: i64, name: &str, token_hash: &str, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO api_tokens (person_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(person_id).bind(name).bind(token_hash).bind(now).fetch_one(c).await)?)
}

pub async fn tokens_of(db: &Db, person_id: i64) -> StoreResult<Vec<TokenRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE person_id = $1 ORDER BY created_at DESC, id DESC")
        .bind(person_id).fetch_all(p).await)?)
}

/// Revokes every live token of a person (after an administrator resets the password).
pub async fn revoke_all_tokens(tx: &mut Tx, person_id: i64, now: i64) -> StoreResult<u64> {
    Ok(
        with_tx!(tx, c => sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL")
        .bind(person_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?,
    )
}

/// Revokes a token of `person_id`; false if there is no such live token.
pub async fn revoke_token(tx: &mut Tx, person_id: i64, token_id: i64, now: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, c => sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL")
        .bind(token_id).bind(person_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The person of a live API token with every membership, and the token's id and last use.
pub async fn token_identity(db: &Db, token_hash: &str) -> StoreResult<Vec<IdentityRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT t.person_id, p.name, p.locale, m.org_id, o.kind AS org_kind, m.role, t.id AS token_id, t.last_used_at, \
         CAST(0 AS BIGINT) AS unread \
         FROM api_tokens t JOIN people p ON p.id = t.person_id \
         LEFT JOIN memberships m ON m.person_id = p.id LEFT JOIN orgs o ON o.id = m.org_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL")
        .bind(token_hash).fetch_all(p).await)?)
}

/// Records a token's use. Callers skip it when the last use is recent: on SQLite every
/// UPDATE takes the database's single write lock, even one that changes nothing.
pub async fn touch_token(db: &Db, token_id: i64, now: i64) -> StoreResult<()> {
    with_db!(db, p => sqlx::query(
        "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2 - 60)")
        .bind(token_id).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}
