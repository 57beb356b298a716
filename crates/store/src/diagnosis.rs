//! Stored assessments: an enterprise's answers to an instrument, as a draft or submitted
//! with the computed result.

use crate::dynamic::{Arg, DynSql, push_industry_region};
use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};

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

/// Scored assessments of an instrument whose stored maximum differs from `max_total`: results
/// computed before the instrument's points were rescaled.
pub async fn results_scored_with_another_maximum(
    db: &Db,
    instrument_id: &str,
    max_total: i64,
) -> StoreResult<Vec<AssessmentRow>> {
    // The stored result is JSON text on both databases; its maximum is compared in Rust so the
    // query stays the same on both.
    let rows: Vec<AssessmentRow> = with_db!(db, p => sqlx::query_as(concat!(assessment_select!(),
        " WHERE a.instrument_id = $1 AND a.result_json IS NOT NULL ORDER BY a.id")).bind(instrument_id).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            r.result_json
                .as_deref()
                .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
                .and_then(|v| v.get("max_total").and_then(serde_json::Value::as_i64))
                != Some(max_total)
        })
        .collect())
}

/// Replaces a stored result (and its total and verdict) without touching the answers.
pub async fn replace_result(
    tx: &mut Tx,
    id: i64,
    result_json: &str,
    total: i64,
    passed: Option<i64>,
) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("UPDATE assessments SET result_json = $2, total = $3, passed = $4 WHERE id = $1")
        .bind(id).bind(result_json).bind(total).bind(passed).execute(c).await.map(|_| ()))?;
    Ok(())
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

/// An enterprise's latest submitted result of one instrument, with the profile fields the
/// portfolio filters on.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PortfolioRow {
    pub assessment_id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub industry_code: String,
    pub region_code: Option<String>,
    pub size_class: Option<String>,
    pub total: Option<i64>,
    pub passed: Option<i64>,
    pub submitted_at: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct PortfolioFilter {
    pub instrument_id: String,
    /// Section letter or division code.
    pub industry: Option<String>,
    /// Region code; a province code includes its cities.
    pub region: Option<String>,
    pub size_class: Option<String>,
    /// `passed`, `failed` or `unknown`.
    pub verdict: Option<String>,
    /// One of [`PORTFOLIO_SORTS`]; best totals first otherwise.
    pub sort: Option<crate::Sort>,
}

/// The orders the portfolio offers.
pub const PORTFOLIO_SORTS: &[&str] = &["name", "industry", "region", "size", "total", "submitted"];
const PORTFOLIO_ORDER: &[(&str, &str)] = &[
    ("name", "o.name"),
    ("industry", "e.industry_code"),
    ("region", "e.region_code"),
    ("size", "e.size_class"),
    ("total", "a.total"),
    ("submitted", "a.submitted_at"),
];

fn portfolio_query(f: &PortfolioFilter) -> DynSql {
    let mut q = DynSql::new(
        " FROM assessments a JOIN orgs o ON o.id = a.enterprise_id JOIN enterprise_profiles e ON e.org_id = a.enterprise_id \
         WHERE a.status = 'submitted' AND a.instrument_id = ",
    );
    q.arg(Arg::Text(f.instrument_id.clone()));
    // Only each enterprise's latest result of this instrument.
    q.push(
        " AND NOT EXISTS (SELECT 1 FROM assessments b WHERE b.enterprise_id = a.enterprise_id AND b.instrument_id = a.instrument_id \
         AND b.status = 'submitted' AND (b.submitted_at > a.submitted_at OR (b.submitted_at = a.submitted_at AND b.id > a.id)))",
    );
    push_industry_region(&mut q, f.industry.as_deref(), f.region.as_deref());
    if let Some(size) = f.size_class.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND e.size_class = ").arg(Arg::Text(size.to_owned()));
    }
    match f.verdict.as_deref() {
        Some("passed") => {
            q.push(" AND a.passed = 1");
        }
        Some("failed") => {
            q.push(" AND a.passed = 0");
        }
        Some("unknown") => {
            q.push(" AND a.passed IS NULL");
        }
        _ => {}
    }
    q
}

const PORTFOLIO_COLUMNS: &str = "SELECT a.id AS assessment_id, a.enterprise_id, o.name AS enterprise_name, e.industry_code, e.region_code, \
     e.size_class, a.total, a.passed, a.submitted_at";

/// One page of the portfolio, best totals first, with the number of matching enterprises.
pub async fn portfolio(db: &Db, f: &PortfolioFilter, page: Page) -> StoreResult<(Vec<PortfolioRow>, i64)> {
    let q = portfolio_query(f);
    let rest = q.sql.clone();
    let count = q.clone_with(format!("SELECT COUNT(*){rest}"));
    let order = crate::page::order_by(f.sort, PORTFOLIO_ORDER, "a.total DESC, o.name", "a.id");
    let list = q.clone_with(format!("{PORTFOLIO_COLUMNS}{rest}{order}"));
    list.fetch_page(count, page, db).await
}

/// Every matching row, for exports and aggregates.
pub async fn portfolio_all(db: &Db, f: &PortfolioFilter) -> StoreResult<Vec<PortfolioRow>> {
    let q = portfolio_query(f);
    let rest = q.sql.clone();
    q.clone_with(format!("{PORTFOLIO_COLUMNS}{rest} ORDER BY a.total DESC, o.name, a.id")).fetch_all(db).await
}
