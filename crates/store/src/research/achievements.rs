//! Research results offered to enterprises, the deals that follow, and the yearly
//! transformation figures over every technology contract.

use crate::dynamic::{Arg, DynSql, contains_pattern};
use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AchievementRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    pub summary: String,
    pub trl: i64,
    /// One code per line.
    pub transfer_modes: String,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
    pub contact_person_id: i64,
    pub contact_name: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! achievement_select {
    () => {
        "SELECT a.id, a.org_id, o.name AS org_name, a.title, a.summary, a.trl, a.transfer_modes, a.price_min_fen, \
         a.price_max_fen, a.contact_person_id, pe.name AS contact_name, a.status, a.created_at, a.updated_at \
         FROM achievements a JOIN orgs o ON o.id = a.org_id JOIN people pe ON pe.id = a.contact_person_id"
    };
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IpRow {
    pub kind: String,
    pub number: String,
    pub status: String,
}

/// A result as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AchievementWrite {
    pub org_id: i64,
    pub title: String,
    pub summary: String,
    pub trl: i64,
    pub transfer_modes: String,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
    pub contact_person_id: i64,
    pub ip: Vec<IpRow>,
    pub fields: Vec<String>,
}

pub async fn insert(tx: &mut Tx, a: &AchievementWrite, now: i64) -> StoreResult<i64> {
    let id: i64 = with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO achievements (org_id, title, summary, trl, transfer_modes, price_min_fen, price_max_fen, \
         contact_person_id, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'published', $9, $9) \
         RETURNING id")
        .bind(a.org_id).bind(&a.title).bind(&a.summary).bind(a.trl).bind(&a.transfer_modes).bind(a.price_min_fen)
        .bind(a.price_max_fen).bind(a.contact_person_id).bind(now).fetch_one(c).await)?;
    write_parts(tx, id, a).await?;
    Ok(id)
}

async fn write_parts(tx: &mut Tx, id: i64, a: &AchievementWrite) -> StoreResult<()> {
    for (seq, ip) in (1_i64..).zip(&a.ip) {
        with_tx!(tx, c => sqlx::query(
            "INSERT INTO achievement_ip (achievement_id, seq, kind, number, status) VALUES ($1, $2, $3, $4, $5)")
            .bind(id).bind(seq).bind(&ip.kind).bind(&ip.number).bind(&ip.status)
            .execute(c).await.map(|r| r.rows_affected()))?;
    }
    for field in &a.fields {
        with_tx!(tx, c => sqlx::query("INSERT INTO achievement_fields (achievement_id, field) VALUES ($1, $2)")
            .bind(id).bind(field).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

pub async fn update(tx: &mut Tx, id: i64, a: &AchievementWrite, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "UPDATE achievements SET title = $2, summary = $3, trl = $4, transfer_modes = $5, price_min_fen = $6, \
         price_max_fen = $7, contact_person_id = $8, updated_at = $9 WHERE id = $1")
        .bind(id).bind(&a.title).bind(&a.summary).bind(a.trl).bind(&a.transfer_modes).bind(a.price_min_fen)
        .bind(a.price_max_fen).bind(a.contact_person_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    with_tx!(tx, c => sqlx::query("DELETE FROM achievement_ip WHERE achievement_id = $1").bind(id)
        .execute(c).await.map(|r| r.rows_affected()))?;
    with_tx!(tx, c => sqlx::query("DELETE FROM achievement_fields WHERE achievement_id = $1").bind(id)
        .execute(c).await.map(|r| r.rows_affected()))?;
    write_parts(tx, id, a).await
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Option<AchievementRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(achievement_select!(), " WHERE a.id = $1"))
        .bind(id).fetch_optional(p).await)?)
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<AchievementRow>> {
    Ok(with_tx!(tx, c => sqlx::query_as(concat!(achievement_select!(), " WHERE a.id = $1"))
        .bind(id).fetch_optional(c).await)?)
}

pub async fn ip_of(db: &Db, id: i64) -> StoreResult<Vec<IpRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT kind, number, status FROM achievement_ip WHERE achievement_id = $1 ORDER BY seq")
        .bind(id).fetch_all(p).await)?)
}

pub async fn fields_of(db: &Db, id: i64) -> StoreResult<Vec<String>> {
    Ok(with_db!(db, p => sqlx::query_scalar(
        "SELECT field FROM achievement_fields WHERE achievement_id = $1 ORDER BY field")
        .bind(id).fetch_all(p).await)?)
}

#[derive(Debug, Clone, Default)]
pub struct AchievementFilter {
    pub q: Option<String>,
    pub org_id: Option<i64>,
    /// At least this readiness level.
    pub min_trl: Option<i64>,
    /// One application field, matched whole.
    pub field: Option<String>,
    pub mode: Option<String>,
}

/// One page of published results, newest first.
pub async fn list(db: &Db, f: &AchievementFilter, page: Page) -> StoreResult<(Vec<AchievementRow>, i64)> {
    let mut q = DynSql::new(" WHERE a.status = 'published'");
    if let Some(needle) = f.q.as_deref().filter(|s| !s.trim().is_empty()) {
        let pattern = contains_pattern(needle.trim());
        q.push(" AND (LOWER(a.title) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(a.summary) LIKE ").arg(Arg::Text(pattern)).push(" ESCAPE '\\')");
    }
    if let Some(org) = f.org_id {
        q.push(" AND a.org_id = ").arg(Arg::Int(org));
    }
    if let Some(level) = f.min_trl {
        q.push(" AND a.trl >= ").arg(Arg::Int(level));
    }
    if let Some(field) = f.field.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND a.id IN (SELECT achievement_id FROM achievement_fields WHERE field = ")
            .arg(Arg::Text(field.to_owned()))
            .push(")");
    }
    if let Some(mode) = f.mode.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND ('\n' || a.transfer_modes || '\n') LIKE ").arg(Arg::Text(format!("%\n{mode}\n%")));
    }
    let rest = q.sql.clone();
    let count = q.clone_with(format!(
        "SELECT COUNT(*) FROM achievements a JOIN orgs o ON o.id = a.org_id JOIN people pe ON pe.id = a.contact_person_id{rest}"
    ));
    let list = q.clone_with(format!("{}{rest} ORDER BY a.id DESC", achievement_select!()));
    list.fetch_page(count, page, db).await
}

/// A result that fits a proposition: how many of its application fields are among the
/// proposition's keywords, which, and whether its readiness level reaches the one expected.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AchievementMatch {
    pub id: i64,
    pub title: String,
    pub org_name: String,
    pub trl: i64,
    pub shared: i64,
    /// The shared fields, one per line.
    pub fields: String,
}

/// The published results sharing the most application fields with `keywords`, at most `limit`.
pub async fn matching(db: &Db, keywords: &[String], limit: i64) -> StoreResult<Vec<AchievementMatch>> {
    if keywords.is_empty() {
        return Ok(vec![]);
    }
    // The shared fields are counted per result first, through the field index; only those results
    // are then read (a join that starts from the results would probe every one of them).
    let mut q = DynSql::new(
        "SELECT a.id, a.title, o.name AS org_name, a.trl, g.shared, g.fields FROM (SELECT f.achievement_id, COUNT(*) AS shared, ",
    );
    q.push(&crate::dynamic::group_concat(db, "f.field"));
    q.push(" AS fields FROM achievement_fields f WHERE f.field IN (");
    for (i, k) in keywords.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.arg(Arg::Text(k.clone()));
    }
    q.push(
        ") GROUP BY f.achievement_id) g JOIN achievements a ON a.id = g.achievement_id JOIN orgs o ON o.id = a.org_id \
         WHERE a.status = 'published' ORDER BY g.shared DESC, a.trl DESC, a.id DESC LIMIT ",
    )
    .arg(Arg::Int(limit));
    q.fetch_all(db).await
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DealRow {
    pub id: i64,
    pub achievement_id: i64,
    pub achievement_title: String,
    pub org_id: i64,
    pub org_name: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub person_id: i64,
    pub person_name: String,
    pub message: Option<String>,
    pub stage: String,
    pub mode: Option<String>,
    pub lost_reason: Option<String>,
    pub contract_id: Option<i64>,
    pub value_fen: Option<i64>,
    pub received_fen: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! deal_select {
    () => {
        "SELECT d.id, d.achievement_id, a.title AS achievement_title, a.org_id, ao.name AS org_name, d.enterprise_id, \
         eo.name AS enterprise_name, d.person_id, pe.name AS person_name, d.message, d.stage, d.mode, d.lost_reason, \
         c.id AS contract_id, c.value_fen, c.received_fen, d.created_at, d.updated_at \
         FROM deals d JOIN achievements a ON a.id = d.achievement_id JOIN orgs ao ON ao.id = a.org_id \
         JOIN orgs eo ON eo.id = d.enterprise_id JOIN people pe ON pe.id = d.person_id \
         LEFT JOIN tech_contracts c ON c.deal_id = d.id"
    };
}

/// Opens a deal at the interest stage; a second open deal for the same result and enterprise is
/// refused by the database.
pub async fn insert_deal(
    tx: &mut Tx,
    achievement_id: i64,
    enterprise_id: i64,
    person_id: i64,
    message: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO deals (achievement_id, enterprise_id, person_id, message, stage, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'interest', $5, $5) RETURNING id")
        .bind(achievement_id).bind(enterprise_id).bind(person_id).bind(message).bind(now).fetch_one(c).await)?)
}

pub async fn get_deal(db: &Db, id: i64) -> StoreResult<Option<DealRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(deal_select!(), " WHERE d.id = $1")).bind(id).fetch_optional(p).await)?)
}

pub async fn get_deal_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<DealRow>> {
    Ok(with_tx!(tx, c => sqlx::query_as(concat!(deal_select!(), " WHERE d.id = $1")).bind(id).fetch_optional(c).await)?)
}

#[derive(Debug, Clone, Default)]
pub struct DealFilter {
    pub stage: Option<String>,
    pub achievement_id: Option<i64>,
    /// Only these enterprises' deals (a reader who is not staff).
    pub enterprises: Option<Vec<i64>>,
}

/// One page of deals, most recently moved first.
pub async fn list_deals(db: &Db, f: &DealFilter, page: Page) -> StoreResult<(Vec<DealRow>, i64)> {
    let mut q = DynSql::new(" WHERE 1 = 1");
    if let Some(stage) = f.stage.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND d.stage = ").arg(Arg::Text(stage.to_owned()));
    }
    if let Some(a) = f.achievement_id {
        q.push(" AND d.achievement_id = ").arg(Arg::Int(a));
    }
    if let Some(own) = &f.enterprises {
        if own.is_empty() {
            q.push(" AND 1 = 0");
        } else {
            q.push_in("d.enterprise_id", own);
        }
    }
    let rest = q.sql.clone();
    let count = q.clone_with(format!("SELECT COUNT(*) FROM deals d{rest}"));
    let list = q.clone_with(format!("{}{rest} ORDER BY d.updated_at DESC, d.id DESC", deal_select!()));
    list.fetch_page(count, page, db).await
}

/// Moves a deal from `from` to `to`, keeping the step; `false` when it no longer stands at `from`.
#[allow(clippy::too_many_arguments)] // one row's worth of columns, named at the call
pub async fn move_deal(
    tx: &mut Tx,
    id: i64,
    from: &str,
    to: &str,
    reason: Option<&str>,
    mode: Option<&str>,
    by: i64,
    now: i64,
) -> StoreResult<bool> {
    let moved = with_tx!(tx, c => sqlx::query(
        "UPDATE deals SET stage = $3, mode = COALESCE($4, mode), \
         lost_reason = CASE WHEN $3 = 'lost' THEN $5 ELSE lost_reason END, updated_at = $6 WHERE id = $1 AND stage = $2")
        .bind(id).bind(from).bind(to).bind(mode).bind(reason).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    if moved != 1 {
        return Ok(false);
    }
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO deal_steps (deal_id, from_stage, to_stage, reason, by_person, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id).bind(from).bind(to).bind(reason).bind(by).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(true)
}

/// Links a deal's contract.
pub async fn set_contract_deal(tx: &mut Tx, contract_id: i64, deal_id: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("UPDATE tech_contracts SET deal_id = $2 WHERE id = $1")
        .bind(contract_id).bind(deal_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records what a contract has received so far.
pub async fn set_received(tx: &mut Tx, contract_id: i64, received_fen: i64, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("UPDATE tech_contracts SET received_fen = $2, updated_at = $3 WHERE id = $1")
        .bind(contract_id).bind(received_fen).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DealStepRow {
    pub from_stage: String,
    pub to_stage: String,
    pub reason: Option<String>,
    pub by_name: Option<String>,
    pub at: i64,
}

pub async fn deal_steps(db: &Db, id: i64) -> StoreResult<Vec<DealStepRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT s.from_stage, s.to_stage, s.reason, pe.name AS by_name, s.at FROM deal_steps s \
         LEFT JOIN people pe ON pe.id = s.by_person WHERE s.deal_id = $1 ORDER BY s.id")
        .bind(id).fetch_all(p).await)?)
}

/// One line of the transformation figures: contracts of one kind (or college), their value,
/// what was received, and the enterprises and SMEs served.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FiguresRow {
    /// The kind code, or the college's id as text (`""` for contracts no college is credited with).
    pub key: String,
    pub label: Option<String>,
    pub contracts: i64,
    pub value_fen: i64,
    pub received_fen: i64,
    pub enterprises: i64,
    pub smes: i64,
}

/// The transformation figures over contracts signed from `from` to `to` (inclusive,
/// `YYYY-MM-DD`): by kind, by college, and in total (the one row keyed `total`). One query each,
/// aggregated by the database from the figures index alone (no join: `sme` is kept on the row).
pub async fn figures(db: &Db, from: &str, to: &str) -> StoreResult<(Vec<FiguresRow>, Vec<FiguresRow>, FiguresRow)> {
    const AGGREGATES: &str = "COUNT(*) AS contracts, CAST(COALESCE(SUM(c.value_fen), 0) AS BIGINT) AS value_fen, \
        CAST(COALESCE(SUM(c.received_fen), 0) AS BIGINT) AS received_fen, COUNT(DISTINCT c.enterprise_id) AS enterprises, \
        COUNT(DISTINCT CASE WHEN c.sme = 1 THEN c.enterprise_id END) AS smes FROM tech_contracts c";
    let by_kind = format!(
        "SELECT c.kind AS key, CAST(NULL AS TEXT) AS label, {AGGREGATES} WHERE c.signed_on >= $1 AND c.signed_on <= $2 \
         GROUP BY c.kind ORDER BY value_fen DESC"
    );
    // Grouped first, named after: the names are joined to a score of rows, not to every contract.
    let by_college = format!(
        "SELECT COALESCE(CAST(g.college_id AS TEXT), '') AS key, co.name AS label, g.contracts, g.value_fen, \
         g.received_fen, g.enterprises, g.smes FROM (SELECT c.college_id, {AGGREGATES} \
         WHERE c.signed_on >= $1 AND c.signed_on <= $2 GROUP BY c.college_id) g \
         LEFT JOIN orgs co ON co.id = g.college_id ORDER BY g.value_fen DESC"
    );
    let total = format!(
        "SELECT 'total' AS key, CAST(NULL AS TEXT) AS label, {AGGREGATES} WHERE c.signed_on >= $1 AND c.signed_on <= $2"
    );
    let mut period = DynSql::new("");
    period.arg(Arg::Text(from.to_owned())).arg(Arg::Text(to.to_owned()));
    let run = |sql: String| period.clone_with(sql);
    let kinds: Vec<FiguresRow> = run(by_kind).fetch_all(db).await?;
    let colleges: Vec<FiguresRow> = run(by_college).fetch_all(db).await?;
    let total: Vec<FiguresRow> = run(total).fetch_all(db).await?;
    let total = total.into_iter().next().unwrap_or(FiguresRow {
        key: "total".into(),
        label: None,
        contracts: 0,
        value_fen: 0,
        received_fen: 0,
        enterprises: 0,
        smes: 0,
    });
    Ok((kinds, colleges, total))
}
