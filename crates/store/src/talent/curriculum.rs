//! A class's co-designed curriculum, practice placements and members' hiring outcomes.

use crate::{Db, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub class_id: i64,
    pub kind: String,
    pub title: String,
    pub hours: i64,
    pub taught_by: Option<String>,
    pub proposed_by_side: String,
    pub agreed_at: Option<i64>,
}

pub struct ItemWrite<'a> {
    pub class_id: i64,
    pub kind: &'a str,
    pub title: &'a str,
    pub hours: i64,
    pub taught_by: Option<&'a str>,
    pub side: &'a str,
}

pub async fn insert_item(tx: &mut Tx, w: &ItemWrite<'_>, by: i64, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO class_curriculum (class_id, kind, title, hours, taught_by, proposed_by_side, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(w.class_id).bind(w.kind).bind(w.title).bind(w.hours).bind(w.taught_by).bind(w.side).bind(by).bind(now)
        .fetch_one(x).await)?)
}

pub async fn items(db: &Db, class_id: i64) -> StoreResult<Vec<ItemRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, class_id, kind, title, hours, taught_by, proposed_by_side, agreed_at FROM class_curriculum \
         WHERE class_id = $1 ORDER BY CASE kind WHEN 'course' THEN 0 WHEN 'enterprise_module' THEN 1 ELSE 2 END, id")
        .bind(class_id).fetch_all(p).await)?)
}

pub async fn item(db: &Db, id: i64) -> StoreResult<Option<ItemRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, class_id, kind, title, hours, taught_by, proposed_by_side, agreed_at FROM class_curriculum WHERE id = $1")
        .bind(id).fetch_optional(p).await)?)
}

/// Marks an item agreed; `false` if it already was.
pub async fn agree(tx: &mut Tx, id: i64, now: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, x => sqlx::query("UPDATE class_curriculum SET agreed_at = $2 WHERE id = $1 AND agreed_at IS NULL")
        .bind(id).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlacementRow {
    pub id: i64,
    pub class_id: i64,
    pub student_id: i64,
    pub student_name: String,
    pub site: String,
    pub supervisor: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_placement(
    tx: &mut Tx,
    class_id: i64,
    student_id: i64,
    site: &str,
    supervisor: &str,
    starts_on: &str,
    ends_on: &str,
    by: i64,
    now: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO class_placements (class_id, student_id, site, supervisor, starts_on, ends_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(class_id).bind(student_id).bind(site).bind(supervisor).bind(starts_on).bind(ends_on).bind(by).bind(now)
        .fetch_one(x).await)?)
}

pub async fn placements(db: &Db, class_id: i64) -> StoreResult<Vec<PlacementRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT c.id, c.class_id, c.student_id, p.name AS student_name, c.site, c.supervisor, c.starts_on, c.ends_on \
         FROM class_placements c JOIN people p ON p.id = c.student_id WHERE c.class_id = $1 ORDER BY c.starts_on, p.name")
        .bind(class_id).fetch_all(p).await)?)
}

/// Whether the student is (or was) a member of the class, and still is (`Some(true)`).
pub async fn membership(tx: &mut Tx, class_id: i64, student_id: i64) -> StoreResult<Option<bool>> {
    let row: Option<Option<i64>> = with_tx!(tx, x => sqlx::query_scalar(
        "SELECT left_at FROM class_members WHERE class_id = $1 AND student_id = $2")
        .bind(class_id).bind(student_id).fetch_optional(x).await)?;
    Ok(row.map(|left| left.is_none()))
}

pub async fn set_hiring(
    tx: &mut Tx,
    class_id: i64,
    student_id: i64,
    hired: bool,
    reason: Option<&str>,
    note: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query(
        "UPDATE class_members SET hired = $3, hiring_reason = $4, hiring_note = $5, hiring_recorded_at = $6 \
         WHERE class_id = $1 AND student_id = $2")
        .bind(class_id).bind(student_id).bind(i64::from(hired)).bind(reason).bind(note).bind(now)
        .execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}
