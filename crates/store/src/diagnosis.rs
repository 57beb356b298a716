//! Stored assessments: an enterprise's answers to an instrument, as a draft or submitted
//! with the computed result.

use crate::{Db, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AssessmentRow {
    pub id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub instrument_id: String,
    pub instrument_version: String,
    /// `draft` or `submitted`.
    pub status: String,
    pub answers_json: String,
    pub result_json: Option<String>,
    pub total: Option<i64>,
    /// 1 passed, 0 failed, null unknown or draft.
    pub passed: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
}

macro_rules! assessment_select {
    () => {
        "SELECT a.id, a.enterprise_id, o.name AS enterprise_name, a.instrument_id, a.instrument_version, a.status, \
         a.answers_json, a.result_json, a.total, a.passed, a.created_by, a.created_at, a.updated_at, a.submitted_at \
         FROM assessments a JOIN orgs o ON o.id = a.enterprise_id"
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentWrite {
    pub status: String,
    pub answers_json: String,
    pub result_json: Option<String>,
    pub total: Option<i64>,
    pub passed: Option<i64>,
    pub submitted_at: Option<i64>,
}

pub async fn insert(
    tx: &mut Tx,
    enterprise_id: i64,
    instrument_id: &str,
    instrument_version: &str,
    w: &AssessmentWrite,
    created_by: i64,
    now: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO assessments (enterprise_id, instrument_id, instrument_version, status, answers_json, result_json, total, passed, \
         created_by, created_at, updated_at, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id")
        .bind(enterprise_id).bind(instrument_id).bind(instrument_version).bind(&w.status).bind(&w.answers_json)
        .bind(&w.result_json).bind(w.total).bind(w.passed).bind(created_by).bind(now).bind(w.submitted_at)
        .fetch_one(c).await)?)
}

/// Updates a draft; returns false when the assessment is no longer a draft.
pub async fn update_draft(tx: &mut Tx, id: i64, w: &AssessmentWrite, now: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, c => sqlx::query(
        "UPDATE assessments SET status = $2, answers_json = $3, result_json = $4, total = $5, passed = $6, updated_at = $7, \
         submitted_at = $8 WHERE id = $1 AND status = 'draft'")
        .bind(id).bind(&w.status).bind(&w.answers_json).bind(&w.result_json).bind(w.total).bind(w.passed).bind(now)
        .bind(w.submitted_at).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Option<AssessmentRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(assessment_select!(), " WHERE a.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

/// An enterprise's assessments, newest first.
pub async fn of_enterprise(db: &Db, enterprise_id: i64) -> StoreResult<Vec<AssessmentRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(assessment_select!(),
        " WHERE a.enterprise_id = $1 ORDER BY COALESCE(a.submitted_at, a.updated_at) DESC, a.id DESC"))
        .bind(enterprise_id).fetch_all(p).await)?)
}
