//! Teams' proposals for published propositions, their members and planned milestones, and the
//! enterprise's decisions on them.

use crate::{Db, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: i64,
    pub proposition_id: i64,
    pub proposition_title: String,
    pub proposition_status: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub lead_person_id: i64,
    pub lead_name: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub approach: String,
    pub budget_fen: i64,
    pub status: String,
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! proposal_select {
    () => {
        "SELECT pr.id, pr.proposition_id, p.title AS proposition_title, p.status AS proposition_status, \
         p.enterprise_id, o.name AS enterprise_name, pr.lead_person_id, pe.name AS lead_name, pr.unit_id, \
         u.name AS unit_name, pr.approach, pr.budget_fen, pr.status, pr.reason, pr.created_at, pr.updated_at \
         FROM proposals pr JOIN propositions p ON p.id = pr.proposition_id JOIN orgs o ON o.id = p.enterprise_id \
         JOIN people pe ON pe.id = pr.lead_person_id LEFT JOIN orgs u ON u.id = pr.unit_id"
    };
}

/// A planned milestone, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneWrite {
    pub title: String,
    pub due_on: String,
    pub deliverable: String,
}

/// A proposal, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalWrite {
    pub lead_person_id: i64,
    pub unit_id: Option<i64>,
    pub member_ids: Vec<i64>,
    pub approach: String,
    pub budget_fen: i64,
    pub milestones: Vec<MilestoneWrite>,
}

/// Writes a submitted proposal with its members and milestones.
pub async fn insert(tx: &mut Tx, proposition_id: i64, p: &ProposalWrite, by: i64, now: i64) -> StoreResult<i64> {
    let id: i64 = with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO proposals (proposition_id, lead_person_id, unit_id, approach, budget_fen, status, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $7) RETURNING id")
        .bind(proposition_id).bind(p.lead_person_id).bind(p.unit_id).bind(&p.approach).bind(p.budget_fen).bind(by)
        .bind(now).fetch_one(c).await)?;
    for person in &p.member_ids {
        with_tx!(tx, c => sqlx::query("INSERT INTO proposal_members (proposal_id, person_id) VALUES ($1, $2)")
            .bind(id).bind(person).execute(c).await.map(|r| r.rows_affected()))?;
    }
    for (seq, m) in (1_i64..).zip(&p.milestones) {
        with_tx!(tx, c => sqlx::query(
            "INSERT INTO proposal_milestones (proposal_id, seq, title, due_on, deliverable, status) \
             VALUES ($1, $2, $3, $4, $5, 'planned')")
            .bind(id).bind(seq).bind(&m.title).bind(&m.due_on).bind(&m.deliverable)
            .execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(id)
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Option<ProposalRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(proposal_select!(), " WHERE pr.id = $1"))
        .bind(id).fetch_optional(p).await)?)
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<ProposalRow>> {
    Ok(with_tx!(tx, c => sqlx::query_as(concat!(proposal_select!(), " WHERE pr.id = $1"))
        .bind(id).fetch_optional(c).await)?)
}

/// The proposals made to a proposition, oldest first: all of them, or (`team_of`) only those the
/// person leads or works on.
pub async fn for_proposition(db: &Db, proposition_id: i64, team_of: Option<i64>) -> StoreResult<Vec<ProposalRow>> {
    Ok(match team_of {
        None => {
            with_db!(db, p => sqlx::query_as(concat!(proposal_select!(), " WHERE pr.proposition_id = $1 ORDER BY pr.id"))
            .bind(proposition_id).fetch_all(p).await)?
        }
        Some(person) => with_db!(db, p => sqlx::query_as(concat!(proposal_select!(),
            " WHERE pr.proposition_id = $1 AND (pr.lead_person_id = $2 OR EXISTS (SELECT 1 FROM proposal_members m \
              WHERE m.proposal_id = pr.id AND m.person_id = $2)) ORDER BY pr.id"))
            .bind(proposition_id).bind(person).fetch_all(p).await)?,
    })
}

/// The proposals a person leads or works on, newest first.
pub async fn of_person(db: &Db, person_id: i64) -> StoreResult<Vec<ProposalRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(proposal_select!(),
        " WHERE pr.lead_person_id = $1 OR EXISTS (SELECT 1 FROM proposal_members m WHERE m.proposal_id = pr.id \
          AND m.person_id = $1) ORDER BY pr.id DESC"))
        .bind(person_id).fetch_all(p).await)?)
}

/// The team of a proposal: its members (the lead is on the row), by name.
pub async fn members(db: &Db, id: i64) -> StoreResult<Vec<(i64, String)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT pe.id, pe.name FROM proposal_members m JOIN people pe ON pe.id = m.person_id \
         WHERE m.proposal_id = $1 ORDER BY pe.name, pe.id")
        .bind(id).fetch_all(p).await)?)
}

/// Everyone on a proposal's team, lead first.
pub async fn team_tx(tx: &mut Tx, id: i64) -> StoreResult<Vec<i64>> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "SELECT lead_person_id FROM proposals WHERE id = $1 UNION ALL \
         SELECT person_id FROM proposal_members WHERE proposal_id = $1")
        .bind(id).fetch_all(c).await)?)
}

/// Whether the person leads or works on the proposal.
pub async fn is_on_team(db: &Db, id: i64, person_id: i64) -> StoreResult<bool> {
    let n: i64 = with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM proposals pr WHERE pr.id = $1 AND (pr.lead_person_id = $2 OR EXISTS \
         (SELECT 1 FROM proposal_members m WHERE m.proposal_id = pr.id AND m.person_id = $2))")
        .bind(id).bind(person_id).fetch_one(p).await)?;
    Ok(n > 0)
}

/// Whether the enterprise admitted the person to a proposition's details: they are on a team it
/// shortlisted or selected.
pub async fn is_admitted(db: &Db, proposition_id: i64, person_id: i64) -> StoreResult<bool> {
    let n: i64 = with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM proposals pr WHERE pr.proposition_id = $1 \
         AND pr.status IN ('shortlisted', 'selected', 'completed') AND (pr.lead_person_id = $2 OR EXISTS \
         (SELECT 1 FROM proposal_members m WHERE m.proposal_id = pr.id AND m.person_id = $2))")
        .bind(proposition_id).bind(person_id).fetch_one(p).await)?;
    Ok(n > 0)
}

/// Moves a proposal from `from` to `to` with the reason; `false` when it no longer stands at `from`.
pub async fn decide(tx: &mut Tx, id: i64, from: &str, to: &str, reason: Option<&str>, now: i64) -> StoreResult<bool> {
    let moved = with_tx!(tx, c => sqlx::query(
        "UPDATE proposals SET status = $3, reason = $4, updated_at = $5 WHERE id = $1 AND status = $2")
        .bind(id).bind(from).bind(to).bind(reason).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(moved == 1)
}

/// Selects a proposal: the proposition goes from published to awarded (the step recorded on its
/// timeline) and the proposal from `from` to selected; `None` when either has moved meanwhile.
/// Every other open proposal is declined with `reason`; their ids are returned so their teams
/// can be told.
pub async fn select(
    tx: &mut Tx,
    proposal: &ProposalRow,
    from: &str,
    reason: &str,
    by: i64,
    now: i64,
) -> StoreResult<Option<Vec<i64>>> {
    let awarded = with_tx!(tx, c => sqlx::query(
        "UPDATE propositions SET status = 'awarded', updated_at = $2 WHERE id = $1 AND status = 'published'")
        .bind(proposal.proposition_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    if awarded != 1 || !decide(tx, proposal.id, from, "selected", Some(reason), now).await? {
        return Ok(None);
    }
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO proposition_steps (proposition_id, step, from_status, to_status, reason, by_person, at) \
         VALUES ($1, 'select', 'published', 'awarded', $2, $3, $4)")
        .bind(proposal.proposition_id).bind(reason).bind(by).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    let others: Vec<i64> = with_tx!(tx, c => sqlx::query_scalar(
        "UPDATE proposals SET status = 'declined', reason = $3, updated_at = $4 \
         WHERE proposition_id = $1 AND id <> $2 AND status IN ('submitted', 'shortlisted') RETURNING id")
        .bind(proposal.proposition_id).bind(proposal.id).bind(reason).bind(now).fetch_all(c).await)?;
    for other in &others {
        record_step(tx, *other, "decline", Some(reason), by, now).await?;
    }
    Ok(Some(others))
}

/// How many proposals each of these propositions has had (not counting withdrawn ones).
pub async fn counts(db: &Db, proposition_id: i64) -> StoreResult<i64> {
    Ok(with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM proposals WHERE proposition_id = $1 AND status <> 'withdrawn'")
        .bind(proposition_id).fetch_one(p).await)?)
}

/// Adds a line to a proposal's timeline.
pub async fn record_step(
    tx: &mut Tx,
    proposal_id: i64,
    step: &str,
    detail: Option<&str>,
    by: i64,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO proposal_steps (proposal_id, step, detail, by_person, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(proposal_id).bind(step).bind(detail).bind(by).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// One line of a proposal's timeline.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProposalStepRow {
    pub step: String,
    pub detail: Option<String>,
    pub by_name: Option<String>,
    pub at: i64,
}

pub async fn steps(db: &Db, proposal_id: i64) -> StoreResult<Vec<ProposalStepRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT s.step, s.detail, pe.name AS by_name, s.at FROM proposal_steps s LEFT JOIN people pe ON pe.id = s.by_person \
         WHERE s.proposal_id = $1 ORDER BY s.id")
        .bind(proposal_id).fetch_all(p).await)?)
}
