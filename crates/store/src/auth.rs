//! Sessions and personal API tokens. Only SHA-256 hashes of the secrets are stored.

use crate::{Db, StoreResult, Tx, with_db, with_tx};

pub async fn insert_session(db: &Db, token_hash: &str, person_id: i64, now: i64, expires_at: i64) -> StoreResult<()> {
    with_db!(db, p => sqlx::query("INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash).bind(person_id).bind(now).bind(expires_at).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The person of a live session, with that person's name and locale.
pub async fn session_person(db: &Db, token_hash: &str, now: i64) -> StoreResult<Option<(i64, String, String)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT s.person_id, p.name, p.locale FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.token_hash = $1 AND s.expires_at > $2")
        .bind(token_hash).bind(now).fetch_optional(p).await)?)
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

/// Revokes a token of `person_id`; false if there is no such live token.
pub async fn revoke_token(tx: &mut Tx, person_id: i64, token_id: i64, now: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, c => sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL")
        .bind(token_id).bind(person_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The token id, when it was last used, and the person of a live token with name and locale.
#[allow(clippy::type_complexity)]
pub async fn token_person(db: &Db, token_hash: &str) -> StoreResult<Option<(i64, Option<i64>, i64, String, String)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT t.id, t.last_used_at, t.person_id, p.name, p.locale FROM api_tokens t JOIN people p ON p.id = t.person_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL")
        .bind(token_hash).fetch_optional(p).await)?)
}

/// Records a token's use. Callers skip it when the last use is recent: on SQLite every
/// UPDATE takes the database's single write lock, even one that changes nothing.
pub async fn touch_token(db: &Db, token_id: i64, now: i64) -> StoreResult<()> {
    with_db!(db, p => sqlx::query(
        "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2 - 60)")
        .bind(token_id).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}
