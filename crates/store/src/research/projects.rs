//! Joint research projects: the selected proposal's technology contract, its milestones as the
//! team delivers them and the enterprise accepts them, and both sides' feedback.

use crate::{Db, StoreResult, Tx, with_db, with_tx};

macro_rules! milestone_select {
    () => {
        "SELECT id, proposal_id, seq, title, due_on, deliverable, status, trl_reached, note, delivered_at, decided_at \
         FROM proposal_milestones"
    };
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MilestoneRow {
    pub id: i64,
    pub proposal_id: i64,
    pub seq: i64,
    pub title: String,
    pub due_on: String,
    pub deliverable: String,
    pub status: String,
    pub trl_reached: Option<i64>,
    pub note: Option<String>,
    pub delivered_at: Option<i64>,
    pub decided_at: Option<i64>,
}

pub async fn milestones(db: &Db, proposal_id: i64) -> StoreResult<Vec<MilestoneRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        concat!(milestone_select!(), " WHERE proposal_id = $1 ORDER BY seq"))
        .bind(proposal_id).fetch_all(p).await)?)
}

pub async fn milestone_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<MilestoneRow>> {
    Ok(with_tx!(tx, c => sqlx::query_as(
        concat!(milestone_select!(), " WHERE id = $1"))
        .bind(id).fetch_optional(c).await)?)
}

/// A milestone step as stored.
#[derive(Debug, Clone, Copy)]
pub struct MilestoneMove<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub note: Option<&'a str>,
    pub trl_reached: Option<i64>,
    /// Whether the enterprise decides (otherwise the team delivers).
    pub decision: bool,
}

/// Moves a milestone; `false` when it no longer stands at `m.from`.
pub async fn move_milestone(tx: &mut Tx, id: i64, m: MilestoneMove<'_>, now: i64) -> StoreResult<bool> {
    let sql = if m.decision {
        "UPDATE proposal_milestones SET status = $3, note = $4, trl_reached = $5, decided_at = $6 \
         WHERE id = $1 AND status = $2"
    } else {
        "UPDATE proposal_milestones SET status = $3, note = $4, trl_reached = $5, delivered_at = $6 \
         WHERE id = $1 AND status = $2"
    };
    let moved = with_tx!(tx, c => sqlx::query(sql)
        .bind(id).bind(m.from).bind(m.to).bind(m.note).bind(m.trl_reached).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(moved == 1)
}

/// Completes a project once every milestone is accepted: the proposal goes from selected to
/// completed and the proposition from awarded to closed, with the step on its timeline.
/// `false` (nothing written) when a milestone is still open.
pub async fn complete_if_done(
    tx: &mut Tx,
    proposal_id: i64,
    proposition_id: i64,
    by: i64,
    now: i64,
) -> StoreResult<bool> {
    let open: i64 = with_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM proposal_milestones WHERE proposal_id = $1 AND status <> 'accepted'")
        .bind(proposal_id).fetch_one(c).await)?;
    if open > 0 {
        return Ok(false);
    }
    let done = with_tx!(tx, c => sqlx::query(
        "UPDATE proposals SET status = 'completed', updated_at = $2 WHERE id = $1 AND status = 'selected'")
        .bind(proposal_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    if done != 1 {
        return Ok(false);
    }
    with_tx!(tx, c => sqlx::query(
        "UPDATE propositions SET status = 'closed', updated_at = $2 WHERE id = $1 AND status = 'awarded'")
        .bind(proposition_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO proposition_steps (proposition_id, step, from_status, to_status, reason, by_person, at) \
         VALUES ($1, 'complete', 'awarded', 'closed', NULL, $2, $3)")
        .bind(proposition_id).bind(by).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(true)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ContractRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub unit_id: Option<i64>,
    pub college_id: Option<i64>,
    pub value_fen: i64,
    pub received_fen: i64,
    pub signed_on: String,
    pub proposal_id: Option<i64>,
}

/// A technology contract as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractWrite {
    pub kind: String,
    pub title: String,
    pub enterprise_id: i64,
    pub unit_id: Option<i64>,
    pub college_id: Option<i64>,
    pub value_fen: i64,
    pub received_fen: i64,
    pub signed_on: String,
    pub proposal_id: Option<i64>,
}

/// Writes a contract; a second one for the same proposal is refused by the database.
pub async fn insert_contract(tx: &mut Tx, c: &ContractWrite, by: i64, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO tech_contracts (kind, title, enterprise_id, unit_id, college_id, value_fen, received_fen, \
         signed_on, sme, proposal_id, recorded_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE((SELECT CASE WHEN ep.size_class IN ('micro', 'small', 'medium') \
         THEN 1 ELSE 0 END FROM enterprise_profiles ep WHERE ep.org_id = $3), 0), $9, $10, $11, $11) RETURNING id")
        .bind(&c.kind).bind(&c.title).bind(c.enterprise_id).bind(c.unit_id).bind(c.college_id).bind(c.value_fen)
        .bind(c.received_fen).bind(&c.signed_on).bind(c.proposal_id).bind(by).bind(now).fetch_one(conn).await)?)
}

/// Changes a contract's kind, value, amount received and date.
pub async fn update_contract(tx: &mut Tx, id: i64, c: &ContractWrite, now: i64) -> StoreResult<()> {
    with_tx!(tx, conn => sqlx::query(
        "UPDATE tech_contracts SET kind = $2, value_fen = $3, received_fen = $4, signed_on = $5, updated_at = $6 \
         WHERE id = $1")
        .bind(id).bind(&c.kind).bind(c.value_fen).bind(c.received_fen).bind(&c.signed_on).bind(now)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

macro_rules! contract_select {
    () => {
        "SELECT c.id, c.kind, c.title, c.enterprise_id, o.name AS enterprise_name, c.unit_id, c.college_id, \
         c.value_fen, c.received_fen, c.signed_on, c.proposal_id FROM tech_contracts c JOIN orgs o ON o.id = c.enterprise_id"
    };
}

pub async fn contract_of_proposal(db: &Db, proposal_id: i64) -> StoreResult<Option<ContractRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(contract_select!(), " WHERE c.proposal_id = $1"))
        .bind(proposal_id).fetch_optional(p).await)?)
}

pub async fn contract_of_proposal_tx(tx: &mut Tx, proposal_id: i64) -> StoreResult<Option<ContractRow>> {
    Ok(with_tx!(tx, c => sqlx::query_as(concat!(contract_select!(), " WHERE c.proposal_id = $1"))
        .bind(proposal_id).fetch_optional(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FeedbackRow {
    pub side: String,
    pub rating: i64,
    pub comment: Option<String>,
    pub by_name: String,
    pub at: i64,
}

/// Writes one side's feedback; a second from the same side is refused by the database.
pub async fn insert_feedback(
    tx: &mut Tx,
    proposal_id: i64,
    side: &str,
    rating: i64,
    comment: Option<&str>,
    by: i64,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO project_feedback (proposal_id, side, rating, comment, by_person, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(proposal_id).bind(side).bind(rating).bind(comment).bind(by).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn feedback(db: &Db, proposal_id: i64) -> StoreResult<Vec<FeedbackRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT f.side, f.rating, f.comment, pe.name AS by_name, f.at FROM project_feedback f \
         JOIN people pe ON pe.id = f.by_person WHERE f.proposal_id = $1 ORDER BY f.side")
        .bind(proposal_id).fetch_all(p).await)?)
}

pub async fn milestones_tx(tx: &mut Tx, proposal_id: i64) -> StoreResult<Vec<MilestoneRow>> {
    Ok(with_tx!(tx, c => sqlx::query_as(
        concat!(milestone_select!(), " WHERE proposal_id = $1 ORDER BY seq"))
        .bind(proposal_id).fetch_all(c).await)?)
}
