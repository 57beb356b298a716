//! Joint research: enterprises' propositions and their timelines; teams' proposals and the
//! projects that follow.

pub mod achievements;
pub mod expertise;
pub mod projects;
pub mod proposals;

use crate::dynamic::{Arg, DynSql, contains_pattern, escape_like};
use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PropositionRow {
    pub id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub author_id: i64,
    pub title: String,
    pub summary: String,
    pub confidential: Option<String>,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub deadline: String,
    pub trl: Option<i64>,
    /// One per line.
    pub keywords: String,
    pub industry_code: Option<String>,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
}

macro_rules! proposition_select {
    () => {
        "SELECT p.id, p.enterprise_id, o.name AS enterprise_name, p.author_id, p.title, p.summary, p.confidential, \
         p.budget_min_fen, p.budget_max_fen, p.deadline, p.trl, p.keywords, p.industry_code, p.status, p.created_at, \
         p.updated_at, p.published_at FROM propositions p JOIN orgs o ON o.id = p.enterprise_id"
    };
}

/// What a proposition says, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropositionWrite {
    pub title: String,
    pub summary: String,
    pub confidential: Option<String>,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub deadline: String,
    pub trl: Option<i64>,
    pub keywords: String,
    pub industry_code: Option<String>,
}

pub async fn insert(
    tx: &mut Tx,
    enterprise_id: i64,
    author_id: i64,
    p: &PropositionWrite,
    now: i64,
) -> StoreResult<i64> {
    let id = with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO propositions (enterprise_id, author_id, title, summary, confidential, budget_min_fen, budget_max_fen, \
         deadline, trl, keywords, industry_code, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', $12, $12) RETURNING id")
        .bind(enterprise_id).bind(author_id).bind(&p.title).bind(&p.summary).bind(&p.confidential)
        .bind(p.budget_min_fen).bind(p.budget_max_fen).bind(&p.deadline).bind(p.trl).bind(&p.keywords)
        .bind(&p.industry_code).bind(now).fetch_one(c).await)
    .map(|id: i64| id)?;
    write_keywords(tx, id, &p.keywords).await?;
    Ok(id)
}

/// Keeps `proposition_keywords` (one row per keyword, for matching) in step with the text.
async fn write_keywords(tx: &mut Tx, id: i64, keywords: &str) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("DELETE FROM proposition_keywords WHERE proposition_id = $1")
        .bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    let mut seen: Vec<&str> = Vec::new();
    for k in keywords.lines().map(str::trim).filter(|k| !k.is_empty()) {
        if seen.contains(&k) {
            continue;
        }
        seen.push(k);
        with_tx!(tx, c => sqlx::query("INSERT INTO proposition_keywords (proposition_id, keyword) VALUES ($1, $2)")
            .bind(id).bind(k).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

pub async fn update(tx: &mut Tx, id: i64, p: &PropositionWrite, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "UPDATE propositions SET title = $2, summary = $3, confidential = $4, budget_min_fen = $5, budget_max_fen = $6, \
         deadline = $7, trl = $8, keywords = $9, industry_code = $10, updated_at = $11 WHERE id = $1")
        .bind(id).bind(&p.title).bind(&p.summary).bind(&p.confidential).bind(p.budget_min_fen).bind(p.budget_max_fen)
        .bind(&p.deadline).bind(p.trl).bind(&p.keywords).bind(&p.industry_code).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    write_keywords(tx, id, &p.keywords).await
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Option<PropositionRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(proposition_select!(), " WHERE p.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<PropositionRow>> {
    Ok(
        with_tx!(tx, c => sqlx::query_as(concat!(proposition_select!(), " WHERE p.id = $1")).bind(id).fetch_optional(c).await)?,
    )
}

/// One step taken: which, from where to where, why and by whom.
#[derive(Debug, Clone, Copy)]
pub struct StepWrite<'a> {
    pub step: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub reason: Option<&'a str>,
    pub by: i64,
}

/// Moves a proposition as `s` says and records the step; `false` (nothing written) when it no
/// longer stands at `s.from` — someone else moved it first.
pub async fn step(tx: &mut Tx, id: i64, s: StepWrite<'_>, now: i64) -> StoreResult<bool> {
    let moved = with_tx!(tx, c => sqlx::query(
        "UPDATE propositions SET status = $3, updated_at = $4, \
         published_at = CASE WHEN $3 = 'published' THEN $4 ELSE published_at END WHERE id = $1 AND status = $2")
        .bind(id).bind(s.from).bind(s.to).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    if moved == 0 {
        return Ok(false);
    }
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO proposition_steps (proposition_id, step, from_status, to_status, reason, by_person, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id).bind(s.step).bind(s.from).bind(s.to).bind(s.reason).bind(s.by).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(true)
}

/// One step of a proposition's timeline.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StepRow {
    pub step: String,
    pub from_status: String,
    pub to_status: String,
    pub reason: Option<String>,
    pub by_name: Option<String>,
    pub at: i64,
}

pub async fn timeline(db: &Db, id: i64) -> StoreResult<Vec<StepRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT s.step, s.from_status, s.to_status, s.reason, pe.name AS by_name, s.at FROM proposition_steps s \
         LEFT JOIN people pe ON pe.id = s.by_person WHERE s.proposition_id = $1 ORDER BY s.id")
        .bind(id).fetch_all(p).await)?)
}

/// Which propositions a reader may list.
#[derive(Debug, Clone, Default)]
pub struct Visible {
    /// Every proposition (the screening staff).
    pub all: bool,
    /// Besides the published ones, every one of these enterprises.
    pub enterprises: Vec<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct PropositionFilter {
    pub q: Option<String>,
    pub status: Option<String>,
    pub enterprise_id: Option<i64>,
    pub trl: Option<i64>,
    /// A keyword, matched whole.
    pub keyword: Option<String>,
}

/// One page of the propositions the reader may see, most recently published or changed first.
pub async fn list(
    db: &Db,
    visible: &Visible,
    f: &PropositionFilter,
    page: Page,
) -> StoreResult<(Vec<PropositionRow>, i64)> {
    let mut q = DynSql::new(" WHERE 1 = 1");
    if !visible.all {
        q.push(" AND (p.status IN ('published', 'awarded')");
        if !visible.enterprises.is_empty() {
            q.push(" OR 1 = 1");
            q.push_in("p.enterprise_id", &visible.enterprises);
        }
        q.push(")");
    }
    if let Some(needle) = f.q.as_deref().filter(|s| !s.trim().is_empty()) {
        // The public text only: confidential details are never searched for the board.
        let pattern = contains_pattern(needle.trim());
        q.push(" AND (LOWER(p.title) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(p.summary) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(p.keywords) LIKE ").arg(Arg::Text(pattern)).push(" ESCAPE '\\')");
    }
    if let Some(status) = f.status.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND p.status = ").arg(Arg::Text(status.to_owned()));
    }
    if let Some(e) = f.enterprise_id {
        q.push(" AND p.enterprise_id = ").arg(Arg::Int(e));
    }
    if let Some(level) = f.trl {
        q.push(" AND p.trl = ").arg(Arg::Int(level));
    }
    if let Some(k) = f.keyword.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND ('\n' || p.keywords || '\n') LIKE ")
            .arg(Arg::Text(format!("%\n{}\n%", escape_like(k))))
            .push(" ESCAPE '\\'");
    }
    let rest = q.sql.clone();
    let count =
        q.clone_with(format!("SELECT COUNT(*) FROM propositions p JOIN orgs o ON o.id = p.enterprise_id{rest}"));
    let list = q.clone_with(format!(
        "{}{rest} ORDER BY COALESCE(p.published_at, p.updated_at) DESC, p.id DESC",
        proposition_select!()
    ));
    list.fetch_page(count, page, db).await
}
