//! The audit log: sign-ins, permission denials and data changes with before and after.

use crate::dynamic::{Arg, DynSql};
use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditWrite {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject_type: Option<String>,
    pub subject_id: Option<i64>,
    pub client_addr: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub subject_type: Option<String>,
    pub subject_id: Option<i64>,
    pub client_addr: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub detail: Option<String>,
}

const INSERT: &str = "INSERT INTO audit_events (at, actor_id, action, subject_type, subject_id, client_addr, before_json, after_json, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// Records an event inside the transaction of the change it describes.
pub async fn record_tx(tx: &mut Tx, e: &AuditWrite) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(INSERT)
        .bind(e.at).bind(e.actor_id).bind(&e.action).bind(&e.subject_type).bind(e.subject_id)
        .bind(&e.client_addr).bind(&e.before_json).bind(&e.after_json).bind(&e.detail).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records an event that is not part of a data change (sign-in, denial).
pub async fn record(db: &Db, e: &AuditWrite) -> StoreResult<()> {
    with_db!(db, p => sqlx::query(INSERT)
        .bind(e.at).bind(e.actor_id).bind(&e.action).bind(&e.subject_type).bind(e.subject_id)
        .bind(&e.client_addr).bind(&e.before_json).bind(&e.after_json).bind(&e.detail).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Exact action, or a prefix ending in `.` (`enterprise.`).
    pub action: Option<String>,
    pub actor_id: Option<i64>,
    pub subject_type: Option<String>,
    pub subject_id: Option<i64>,
}

pub async fn list(db: &Db, filter: &AuditFilter, page: Page) -> StoreResult<(Vec<AuditRow>, i64)> {
    let mut q = DynSql::new(" WHERE 1 = 1");
    if let Some(action) = filter.action.as_deref().filter(|s| !s.is_empty()) {
        if action.ends_with('.') {
            q.push(" AND a.action LIKE ").arg(Arg::Text(format!("{action}%")));
        } else {
            q.push(" AND a.action = ").arg(Arg::Text(action.to_owned()));
        }
    }
    if let Some(actor) = filter.actor_id {
        q.push(" AND a.actor_id = ").arg(Arg::Int(actor));
    }
    if let Some(t) = &filter.subject_type {
        q.push(" AND a.subject_type = ").arg(Arg::Text(t.clone()));
    }
    if let Some(id) = filter.subject_id {
        q.push(" AND a.subject_id = ").arg(Arg::Int(id));
    }
    let where_clause = q.sql.clone();
    let count = q.clone_with(format!("SELECT COUNT(*) FROM audit_events a{where_clause}"));
    let list = q.clone_with(format!(
        "SELECT a.id, a.at, a.actor_id, p.name AS actor_name, a.action, a.subject_type, a.subject_id, a.client_addr, \
         a.before_json, a.after_json, a.detail FROM audit_events a LEFT JOIN people p ON p.id = a.actor_id{where_clause} \
         ORDER BY a.at DESC, a.id DESC"
    ));
    list.fetch_page(count, page, db).await
}

pub async fn count(db: &Db) -> StoreResult<i64> {
    Ok(with_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(p).await)?)
}
