//! Organisations and enterprise profiles.

use crate::dynamic::{Arg, DynSql, contains_pattern, push_industry_region};
use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrgRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    pub description: Option<String>,
    pub parent_id: Option<i64>,
    pub parent_name: Option<String>,
    pub children: i64,
    pub members: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! org_select {
    () => {
        "SELECT o.id, o.kind, o.name, o.name_en, o.description, o.parent_id, p.name AS parent_name, \
         (SELECT COUNT(*) FROM orgs c WHERE c.parent_id = o.id) AS children, \
         (SELECT COUNT(DISTINCT m.person_id) FROM memberships m WHERE m.org_id = o.id) AS members, \
         o.created_at, o.updated_at FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"
    };
}

/// Fields of an organisation row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgWrite {
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    pub description: Option<String>,
    pub parent_id: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    pub kinds: Vec<String>,
    pub parent_id: Option<i64>,
    pub q: Option<String>,
}

pub async fn insert_org(tx: &mut Tx, org: &OrgWrite, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO orgs (kind, name, name_en, description, parent_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id")
        .bind(&org.kind).bind(&org.name).bind(&org.name_en).bind(&org.description).bind(org.parent_id).bind(now)
        .fetch_one(c).await)?)
}

pub async fn update_org(tx: &mut Tx, id: i64, org: &OrgWrite, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "UPDATE orgs SET name = $2, name_en = $3, description = $4, parent_id = $5, updated_at = $6 WHERE id = $1")
        .bind(id).bind(&org.name).bind(&org.name_en).bind(&org.description).bind(org.parent_id).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Same as [`get_org`] but inside a write transaction, for the "before" of an audit entry.
pub async fn get_org_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<OrgRow>> {
    Ok(with_tx!(tx, c => sqlx::query_as(concat!(org_select!(), " WHERE o.id = $1")).bind(id).fetch_optional(c).await)?)
}

pub async fn get_org(db: &Db, id: i64) -> StoreResult<Option<OrgRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(org_select!(), " WHERE o.id = $1")).bind(id).fetch_optional(p).await)?)
}

/// The kind of an organisation, read inside a transaction (for checks before a write).
pub async fn org_kind_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<String>> {
    Ok(with_tx!(tx, c => sqlx::query_scalar("SELECT kind FROM orgs WHERE id = $1").bind(id).fetch_optional(c).await)?)
}

pub async fn list_orgs(db: &Db, filter: &OrgFilter, page: Page) -> StoreResult<(Vec<OrgRow>, i64)> {
    let mut q = DynSql::new(" WHERE 1 = 1");
    if !filter.kinds.is_empty() {
        q.push(" AND o.kind IN (");
        for (i, k) in filter.kinds.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.arg(Arg::Text(k.clone()));
        }
        q.push(")");
    }
    if let Some(parent) = filter.parent_id {
        q.push(" AND o.parent_id = ").arg(Arg::Int(parent));
    }
    if let Some(needle) = filter.q.as_deref().filter(|s| !s.trim().is_empty()) {
        let pattern = contains_pattern(needle.trim());
        q.push(" AND (LOWER(o.name) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(COALESCE(o.name_en, '')) LIKE ").arg(Arg::Text(pattern)).push(" ESCAPE '\\')");
    }
    let where_clause = q.sql.clone();
    let count = q.clone_with(format!("SELECT COUNT(*) FROM orgs o{where_clause}"));
    let list = q.clone_with(format!("{}{where_clause} ORDER BY o.kind, o.name, o.id", org_select!()));
    list.fetch_page(count, page, db).await
}

/// Number of organisations of each kind.
/// Organisations per kind, and people as kind `people`, in one query.
pub async fn count_by_kind_and_people(db: &Db) -> StoreResult<Vec<(String, i64)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT kind, COUNT(*) FROM orgs GROUP BY kind UNION ALL SELECT 'people', COUNT(*) FROM people")
        .fetch_all(p).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EnterpriseRow {
    pub id: i64,
    pub name: String,
    pub name_en: Option<String>,
    pub uscc: String,
    pub industry_code: String,
    pub region_code: Option<String>,
    pub founded_on: Option<String>,
    pub employees: Option<i64>,
    pub operating_revenue_fen: Option<i64>,
    pub total_assets_fen: Option<i64>,
    pub size_class: Option<String>,
    pub size_row: Option<i64>,
    pub rd_expense_fen: Option<i64>,
    pub rd_staff: Option<i64>,
    pub invention_patents: Option<i64>,
    pub class2_ip_items: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! enterprise_select {
    () => {
        "SELECT o.id, o.name, o.name_en, e.uscc, e.industry_code, e.region_code, e.founded_on, \
         e.employees, e.operating_revenue_fen, e.total_assets_fen, e.size_class, e.size_row, \
         e.rd_expense_fen, e.rd_staff, e.invention_patents, e.class2_ip_items, o.created_at, o.updated_at \
         FROM orgs o JOIN enterprise_profiles e ON e.org_id = o.id"
    };
}

/// Every stored field of an enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseWrite {
    pub name: String,
    pub name_en: Option<String>,
    pub uscc: String,
    pub industry_code: String,
    pub region_code: Option<String>,
    pub founded_on: Option<String>,
    pub employees: Option<i64>,
    pub operating_revenue_fen: Option<i64>,
    pub total_assets_fen: Option<i64>,
    pub size_class: Option<String>,
    pub size_row: Option<i64>,
    pub rd_expense_fen: Option<i64>,
    pub rd_staff: Option<i64>,
    pub invention_patents: Option<i64>,
    pub class2_ip_items: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct EnterpriseFilter {
    pub q: Option<String>,
    /// GB/T 4754 section letter (`C`) or a full division code (`C34`).
    pub industry: Option<String>,
    /// A region code; a province code (`210000`) matches its cities too.
    pub region: Option<String>,
    pub size_class: Option<String>,
    /// When set, only these enterprises (an enterprise member sees only its own).
    pub only_ids: Option<Vec<i64>>,
    /// One of [`ENTERPRISE_SORTS`]; by name otherwise.
    pub sort: Option<crate::Sort>,
}

/// The orders the enterprise list offers.
pub const ENTERPRISE_SORTS: &[&str] = &["name", "industry", "region", "employees", "size", "revenue"];
const ENTERPRISE_ORDER: &[(&str, &str)] = &[
    ("name", "o.name"),
    ("industry", "e.industry_code"),
    ("region", "e.region_code"),
    ("employees", "e.employees"),
    ("size", "e.size_class"),
    ("revenue", "e.operating_revenue_fen"),
];

pub async fn insert_enterprise(tx: &mut Tx, e: &EnterpriseWrite, now: i64) -> StoreResult<i64> {
    let org = OrgWrite {
        kind: "enterprise".into(),
        name: e.name.clone(),
        name_en: e.name_en.clone(),
        description: None,
        parent_id: None,
    };
    let id = insert_org(tx, &org, now).await?;
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO enterprise_profiles (org_id, uscc, industry_code, region_code, founded_on, employees, \
         operating_revenue_fen, total_assets_fen, size_class, size_row, rd_expense_fen, rd_staff, invention_patents, \
         class2_ip_items) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
        .bind(id).bind(&e.uscc).bind(&e.industry_code).bind(&e.region_code).bind(&e.founded_on).bind(e.employees)
        .bind(e.operating_revenue_fen).bind(e.total_assets_fen).bind(&e.size_class).bind(e.size_row)
        .bind(e.rd_expense_fen).bind(e.rd_staff).bind(e.invention_patents).bind(e.class2_ip_items)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(id)
}

pub async fn update_enterprise(tx: &mut Tx, id: i64, e: &EnterpriseWrite, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("UPDATE orgs SET name = $2, name_en = $3, updated_at = $4 WHERE id = $1")
        .bind(id).bind(&e.name).bind(&e.name_en).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    with_tx!(tx, c => sqlx::query(
        "UPDATE enterprise_profiles SET uscc = $2, industry_code = $3, region_code = $4, founded_on = $5, employees = $6, \
         operating_revenue_fen = $7, total_assets_fen = $8, size_class = $9, size_row = $10, rd_expense_fen = $11, \
         rd_staff = $12, invention_patents = $13, class2_ip_items = $14 WHERE org_id = $1")
        .bind(id).bind(&e.uscc).bind(&e.industry_code).bind(&e.region_code).bind(&e.founded_on).bind(e.employees)
        .bind(e.operating_revenue_fen).bind(e.total_assets_fen).bind(&e.size_class).bind(e.size_row)
        .bind(e.rd_expense_fen).bind(e.rd_staff).bind(e.invention_patents).bind(e.class2_ip_items)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get_enterprise(db: &Db, id: i64) -> StoreResult<Option<EnterpriseRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(enterprise_select!(), " WHERE o.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

/// Same as [`get_enterprise`] but inside a write transaction, for the "before" of an audit entry.
pub async fn get_enterprise_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<EnterpriseRow>> {
    Ok(
        with_tx!(tx, c => sqlx::query_as(concat!(enterprise_select!(), " WHERE o.id = $1")).bind(id).fetch_optional(c).await)?,
    )
}

/// The enterprise that already holds `uscc`, if any.
pub async fn enterprise_with_uscc(tx: &mut Tx, uscc: &str) -> StoreResult<Option<i64>> {
    Ok(with_tx!(tx, c => sqlx::query_scalar("SELECT org_id FROM enterprise_profiles WHERE uscc = $1")
        .bind(uscc).fetch_optional(c).await)?)
}

pub async fn list_enterprises(
    db: &Db,
    filter: &EnterpriseFilter,
    page: Page,
) -> StoreResult<(Vec<EnterpriseRow>, i64)> {
    let mut q = DynSql::new(" WHERE 1 = 1");
    if let Some(ids) = &filter.only_ids {
        if ids.is_empty() {
            return Ok((Vec::new(), 0));
        }
        q.push(" AND o.id IN (");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.arg(Arg::Int(*id));
        }
        q.push(")");
    }
    if let Some(needle) = filter.q.as_deref().filter(|s| !s.trim().is_empty()) {
        let pattern = contains_pattern(needle.trim());
        q.push(" AND (LOWER(o.name) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(COALESCE(o.name_en, '')) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(e.uscc) LIKE ").arg(Arg::Text(pattern)).push(" ESCAPE '\\')");
    }
    push_industry_region(&mut q, filter.industry.as_deref(), filter.region.as_deref());
    if let Some(size) = filter.size_class.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND e.size_class = ").arg(Arg::Text(size.to_owned()));
    }
    let where_clause = q.sql.clone();
    let count = q
        .clone_with(format!("SELECT COUNT(*) FROM orgs o JOIN enterprise_profiles e ON e.org_id = o.id{where_clause}"));
    let order = crate::page::order_by(filter.sort, ENTERPRISE_ORDER, "o.name", "o.id");
    let list = q.clone_with(format!("{}{where_clause}{order}", enterprise_select!()));
    list.fetch_page(count, page, db).await
}

pub async fn add_partner(tx: &mut Tx, college_id: i64, enterprise_id: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("INSERT INTO college_partners (college_id, enterprise_id) VALUES ($1, $2)")
        .bind(college_id).bind(enterprise_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A short reference to an organisation: id, kind and name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrgRef {
    pub id: i64,
    pub kind: String,
    pub name: String,
}

/// Ends a partnership; false if there was none.
pub async fn remove_partner(tx: &mut Tx, college_id: i64, enterprise_id: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, c => sqlx::query("DELETE FROM college_partners WHERE college_id = $1 AND enterprise_id = $2")
        .bind(college_id).bind(enterprise_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn partners_of_college(db: &Db, college_id: i64) -> StoreResult<Vec<OrgRef>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT o.id, o.kind, o.name FROM college_partners cp JOIN orgs o ON o.id = cp.enterprise_id \
         WHERE cp.college_id = $1 ORDER BY o.name")
        .bind(college_id).fetch_all(p).await)?)
}

pub async fn colleges_of_enterprise(db: &Db, enterprise_id: i64) -> StoreResult<Vec<OrgRef>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT o.id, o.kind, o.name FROM college_partners cp JOIN orgs o ON o.id = cp.college_id \
         WHERE cp.enterprise_id = $1 ORDER BY o.name")
        .bind(enterprise_id).fetch_all(p).await)?)
}

pub async fn children_of(db: &Db, parent_id: i64) -> StoreResult<Vec<OrgRef>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, kind, name FROM orgs WHERE parent_id = $1 ORDER BY kind, name")
        .bind(parent_id).fetch_all(p).await)?)
}

/// Organisations of the given kinds, for choosers in forms.
pub async fn refs_of_kinds(db: &Db, kinds: &[&str]) -> StoreResult<Vec<OrgRef>> {
    let mut q = DynSql::new("SELECT id, kind, name FROM orgs WHERE kind IN (");
    for (i, k) in kinds.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.arg(Arg::Text((*k).to_owned()));
    }
    q.push(") ORDER BY kind, name");
    q.fetch_all(db).await
}
