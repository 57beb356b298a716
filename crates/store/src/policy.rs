//! Stored support policies, their versions and the apply-free notices sent; and the facts of
//! enterprises that policies read, gathered in bulk (one query per kind of fact, not per
//! enterprise) so a policy can be evaluated against every enterprise at once.

use crate::{Db, StoreResult, Tx, with_db, with_tx};
use sqlx::AssertSqlSafe;

/// A policy with the terms of its current version.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PolicyRow {
    pub id: i64,
    pub current_version: i64,
    /// `draft`, `published` or `withdrawn`.
    pub status: String,
    pub title: String,
    pub level: String,
    pub apply_free: i64,
    pub valid_from: String,
    pub valid_to: Option<String>,
    /// The domain's `PolicyTerms` as JSON.
    pub terms_json: String,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! policy_select {
    () => {
        "SELECT p.id, p.current_version, p.status, v.title, v.level, v.apply_free, v.valid_from, v.valid_to, v.terms_json, \
         p.created_at, p.updated_at FROM policies p \
         JOIN policy_versions v ON v.policy_id = p.id AND v.version = p.current_version"
    };
}

/// One version's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionWrite {
    pub title: String,
    pub level: String,
    pub apply_free: bool,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub terms_json: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VersionRow {
    pub version: i64,
    pub title: String,
    pub terms_json: String,
    pub created_by: Option<i64>,
    pub created_by_name: Option<String>,
    pub created_at: i64,
}

/// Creates a policy with its first version.
pub async fn insert(
    tx: &mut Tx,
    status: &str,
    v: &VersionWrite,
    created_by: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    let id: i64 = with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO policies (current_version, status, created_by, created_at, updated_at) VALUES (1, $1, $2, $3, $3) RETURNING id")
        .bind(status).bind(created_by).bind(now).fetch_one(c).await)?;
    insert_version(tx, id, 1, v, created_by, now).await?;
    Ok(id)
}

/// Adds version `version` and makes it current; `false` when another writer added it first.
pub async fn add_version(
    tx: &mut Tx,
    id: i64,
    expected_current: i64,
    v: &VersionWrite,
    created_by: Option<i64>,
    now: i64,
) -> StoreResult<bool> {
    let next = expected_current + 1;
    let moved = with_tx!(tx, c => sqlx::query(
        "UPDATE policies SET current_version = $2, updated_at = $3 WHERE id = $1 AND current_version = $4")
        .bind(id).bind(next).bind(now).bind(expected_current).execute(c).await.map(|r| r.rows_affected()))?;
    if moved != 1 {
        return Ok(false);
    }
    insert_version(tx, id, next, v, created_by, now).await?;
    Ok(true)
}

async fn insert_version(
    tx: &mut Tx,
    id: i64,
    version: i64,
    v: &VersionWrite,
    created_by: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO policy_versions (policy_id, version, title, level, apply_free, valid_from, valid_to, terms_json, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(id).bind(version).bind(&v.title).bind(&v.level).bind(i64::from(v.apply_free)).bind(&v.valid_from)
        .bind(&v.valid_to).bind(&v.terms_json).bind(created_by).bind(now).execute(c).await.map(|_| ()))?;
    Ok(())
}

pub async fn set_status(tx: &mut Tx, id: i64, status: &str, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("UPDATE policies SET status = $2, updated_at = $3 WHERE id = $1")
        .bind(id).bind(status).bind(now).execute(c).await.map(|_| ()))?;
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Option<PolicyRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(policy_select!(), " WHERE p.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

/// Every policy, newest first; `status` narrows to one status.
pub async fn list(db: &Db, status: Option<&str>) -> StoreResult<Vec<PolicyRow>> {
    Ok(match status {
        Some(s) => {
            with_db!(db, p => sqlx::query_as(concat!(policy_select!(), " WHERE p.status = $1 ORDER BY p.id DESC"))
            .bind(s).fetch_all(p).await)?
        }
        None => with_db!(db, p => sqlx::query_as(concat!(policy_select!(), " ORDER BY p.id DESC")).fetch_all(p).await)?,
    })
}

/// What deciding whether a policy applies today needs, without its terms.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PolicyHead {
    pub id: i64,
    pub current_version: i64,
    pub status: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
}

/// Every policy of `status`, newest first, without the terms.
pub async fn heads(db: &Db, status: &str) -> StoreResult<Vec<PolicyHead>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT p.id, p.current_version, p.status, v.valid_from, v.valid_to FROM policies p \
         JOIN policy_versions v ON v.policy_id = p.id AND v.version = p.current_version WHERE p.status = $1 ORDER BY p.id DESC")
        .bind(status).fetch_all(p).await)?)
}

pub async fn versions(db: &Db, id: i64) -> StoreResult<Vec<VersionRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT v.version, v.title, v.terms_json, v.created_by, pe.name AS created_by_name, v.created_at \
         FROM policy_versions v LEFT JOIN people pe ON pe.id = v.created_by WHERE v.policy_id = $1 ORDER BY v.version DESC")
        .bind(id).fetch_all(p).await)?)
}

/// Records that `enterprise_id` was told of this version's apply-free benefit; `false` when it
/// already had been.
pub async fn record_notice(
    tx: &mut Tx,
    policy_id: i64,
    version: i64,
    enterprise_id: i64,
    now: i64,
) -> StoreResult<bool> {
    let n = with_tx!(tx, c => sqlx::query(
        "INSERT INTO policy_notices (policy_id, version, enterprise_id, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(policy_id).bind(version).bind(enterprise_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// When each enterprise was told of this version's benefit.
pub async fn notices(db: &Db, policy_id: i64, version: i64) -> StoreResult<Vec<(i64, i64)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT enterprise_id, sent_at FROM policy_notices WHERE policy_id = $1 AND version = $2")
        .bind(policy_id).bind(version).fetch_all(p).await)?)
}

/// An enterprise's profile figures, as facts are made of them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProfileFacts {
    pub id: i64,
    pub name: String,
    pub industry_code: String,
    pub region_code: Option<String>,
    pub founded_on: Option<String>,
    pub employees: Option<i64>,
    pub operating_revenue_fen: Option<i64>,
    pub total_assets_fen: Option<i64>,
    pub size_class: Option<String>,
    pub rd_expense_fen: Option<i64>,
    pub rd_staff: Option<i64>,
    pub invention_patents: Option<i64>,
    pub class2_ip_items: Option<i64>,
    /// When the profile was last saved: the date its facts were confirmed.
    pub updated_at: i64,
}

/// The latest submitted result of one instrument for one enterprise.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LatestResult {
    pub enterprise_id: i64,
    pub instrument_id: String,
    pub total: Option<i64>,
    pub passed: Option<i64>,
    pub submitted_at: Option<i64>,
}

/// Counts of services an enterprise received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceCounts {
    pub equipment_bookings: i64,
    pub tech_contracts: i64,
    pub order_classes: i64,
}

macro_rules! profile_facts_select {
    () => {
        "SELECT o.id, o.name, e.industry_code, e.region_code, e.founded_on, e.employees, \
         e.operating_revenue_fen, e.total_assets_fen, e.size_class, e.rd_expense_fen, e.rd_staff, e.invention_patents, \
         e.class2_ip_items, o.updated_at FROM orgs o JOIN enterprise_profiles e ON e.org_id = o.id"
    };
}

macro_rules! latest_results_select {
    () => {
        "SELECT a.enterprise_id, a.instrument_id, a.total, a.passed, a.submitted_at FROM assessments a \
         WHERE a.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM assessments b WHERE b.enterprise_id = a.enterprise_id \
         AND b.instrument_id = a.instrument_id AND b.status = 'submitted' \
         AND (b.submitted_at > a.submitted_at OR (b.submitted_at = a.submitted_at AND b.id > a.id)))"
    };
}

/// Profiles of every enterprise (`only`: of one), by id.
pub async fn profile_facts(db: &Db, only: Option<i64>) -> StoreResult<Vec<ProfileFacts>> {
    Ok(match only {
        Some(id) => with_db!(db, p => sqlx::query_as(concat!(profile_facts_select!(), " WHERE o.id = $1"))
            .bind(id).fetch_all(p).await)?,
        None => {
            with_db!(db, p => sqlx::query_as(concat!(profile_facts_select!(), " ORDER BY o.id")).fetch_all(p).await)?
        }
    })
}

/// Each enterprise's latest submitted result of each instrument (`only`: of one enterprise).
pub async fn latest_results(db: &Db, only: Option<i64>) -> StoreResult<Vec<LatestResult>> {
    Ok(match only {
        Some(id) => with_db!(db, p => sqlx::query_as(concat!(latest_results_select!(), " AND a.enterprise_id = $1"))
            .bind(id).fetch_all(p).await)?,
        None => with_db!(db, p => sqlx::query_as(latest_results_select!()).fetch_all(p).await)?,
    })
}

/// Services received per enterprise (`only`: by one): equipment bookings its people completed
/// since `since` (epoch seconds), technology contracts, order classes.
pub async fn service_counts(
    db: &Db,
    only: Option<i64>,
    since: i64,
) -> StoreResult<std::collections::HashMap<i64, ServiceCounts>> {
    // Built from literals only. `$1` is the enterprise when there is one; the window follows.
    let (one, window) = match only {
        Some(_) => (" AND {} = $1", "$2"),
        None => ("", "$1"),
    };
    let narrowed = |column: &str| one.replace("{}", column);
    let bookings = format!(
        "SELECT m.org_id, CAST(COUNT(DISTINCT b.id) AS BIGINT) FROM bookings b \
         JOIN memberships m ON m.person_id = b.person_id JOIN orgs o ON o.id = m.org_id AND o.kind = 'enterprise' \
         WHERE b.status = 'completed' AND b.start_at >= {window}{} GROUP BY m.org_id",
        narrowed("m.org_id")
    );
    let contracts = format!(
        "SELECT enterprise_id, CAST(COUNT(*) AS BIGINT) FROM tech_contracts WHERE 1 = 1{} GROUP BY enterprise_id",
        narrowed("enterprise_id")
    );
    let classes = format!(
        "SELECT enterprise_id, CAST(COUNT(*) AS BIGINT) FROM order_classes WHERE 1 = 1{} GROUP BY enterprise_id",
        narrowed("enterprise_id")
    );
    let mut out: std::collections::HashMap<i64, ServiceCounts> = std::collections::HashMap::new();
    for (sql, slot, windowed) in [(bookings, 0, true), (contracts, 1, false), (classes, 2, false)] {
        let rows: Vec<(i64, i64)> = match (only, windowed) {
            (Some(id), true) => {
                with_db!(db, p => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(id).bind(since).fetch_all(p).await)?
            }
            (Some(id), false) => {
                with_db!(db, p => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(id).fetch_all(p).await)?
            }
            (None, true) => {
                with_db!(db, p => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(since).fetch_all(p).await)?
            }
            (None, false) => with_db!(db, p => sqlx::query_as(AssertSqlSafe(sql.clone())).fetch_all(p).await)?,
        };
        for (org, n) in rows {
            let c = out.entry(org).or_default();
            match slot {
                0 => c.equipment_bookings = n,
                1 => c.tech_contracts = n,
                _ => c.order_classes = n,
            }
        }
    }
    Ok(out)
}
