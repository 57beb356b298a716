//! Teams take a published proposition on (揭榜): the university's teachers and researchers send
//! proposals, the enterprise shortlists them (admitting the team to the confidential details),
//! selects one — every other open proposal is then declined with the enterprise's reason — or
//! declines them. A team sees its own proposals only; never a competing one.

use crate::audit::record_change;
use crate::notifications::notify;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::{Action, Role};
use tandem_domain::notifications::Notice;
use tandem_domain::org::OrgKind;
use tandem_domain::research::Status;
use tandem_domain::research::proposal::{
    ProposalInput, ProposalStatus, ProposalStep, parse_decision_reason, parse_proposal,
};
use tandem_store::StoreError;
use tandem_store::research::projects::{ContractRow, FeedbackRow, MilestoneRow};
use tandem_store::research::proposals::{self as store, MilestoneWrite, ProposalRow, ProposalWrite};

/// A proposal as one reader may see it.
#[derive(Debug, Clone)]
pub struct ProposalView {
    pub row: ProposalRow,
    pub members: Vec<(i64, String)>,
    pub milestones: Vec<MilestoneRow>,
    pub contract: Option<ContractRow>,
    pub feedback: Vec<FeedbackRow>,
    /// What happened to it, oldest first.
    pub timeline: Vec<store::ProposalStepRow>,
    /// The reader leads the proposal or works on it.
    pub on_team: bool,
    /// The reader decides for the enterprise.
    pub decides: bool,
    /// The reader records contracts (the university's staff).
    pub records_contracts: bool,
    /// The decisions the reader may take now.
    pub steps: Vec<ProposalStep>,
}

/// The university unit a lead works in — a lab, centre or college where they teach or research —
/// which the work is credited to; `None` for someone who may not lead a team.
async fn unit_of_lead(app: &App, lead: i64) -> AppResult<Option<i64>> {
    let memberships = tandem_store::people::memberships_of(&app.db, lead).await?;
    let leads = |m: &&tandem_store::people::MembershipRow| {
        (m.role == Role::Teacher.code() || m.role == Role::ResearchMember.code())
            && OrgKind::from_code(&m.org_kind).is_some_and(|k| k.is_university_unit() || k == OrgKind::Institute)
    };
    Ok(memberships.iter().find(leads).map(|m| m.org_id))
}

/// A team sends a proposal for a published proposition whose deadline has not passed; the sender
/// is always on the team. The enterprise's author is told.
pub async fn create(app: &App, ctx: &Ctx, proposition_id: i64, input: &ProposalInput) -> AppResult<i64> {
    app.authorize(ctx, Action::ProposeToProposition).await?;
    let view = super::get(app, ctx, proposition_id).await?;
    let already = view.proposals.iter().any(|p| {
        p.lead_person_id == ctx.actor.person_id
            && ProposalStatus::from_code(&p.status).is_some_and(ProposalStatus::open)
    });
    let proposition = view.row;
    let today = tandem_domain::sharing::local_date(app.now());
    if proposition.status != Status::Published.code() {
        return Err(AppError::OutOfOrder("proposal.proposition_not_open"));
    }
    if proposition.deadline < today {
        return Err(AppError::OutOfOrder("proposal.deadline_passed"));
    }
    if already {
        return Err(AppError::OutOfOrder("proposal.already_sent"));
    }
    let mut input = input.clone();
    let emails: Vec<String> = input
        .member_emails
        .iter()
        .flat_map(|e| e.split([',', '，', ';', '；', '\n']))
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    if !emails.is_empty() {
        let found = tandem_store::people::ids_by_emails(&app.db, &emails).await?;
        if let Some(missing) = emails.iter().find(|e| !found.iter().any(|(f, _)| f == *e)) {
            return Err(AppError::Invalid({
                let mut errors = tandem_domain::validation::FieldErrors::new();
                errors.add_with("member_emails", "person.unknown_email", &[("email", missing.clone())]);
                errors
            }));
        }
        input.member_ids.extend(found.into_iter().map(|(_, id)| id));
    }
    let mut p = parse_proposal(&input, ctx.actor.person_id, &today)?;
    if p.lead_person_id != ctx.actor.person_id && !p.member_ids.contains(&ctx.actor.person_id) {
        p.member_ids.push(ctx.actor.person_id);
    }
    let Some(unit_id) = unit_of_lead(app, p.lead_person_id).await? else {
        return Err(AppError::invalid("lead_person_id", "proposal.lead_not_researcher"));
    };
    let known = tandem_store::people::existing_ids(&app.db, &p.member_ids).await?;
    if known.len() != p.member_ids.len() {
        return Err(AppError::invalid("member_ids", "person.unknown"));
    }
    let write = ProposalWrite {
        lead_person_id: p.lead_person_id,
        unit_id: Some(unit_id),
        member_ids: p.member_ids.clone(),
        approach: p.approach.clone(),
        budget_fen: p.budget_fen,
        milestones: p
            .milestones
            .iter()
            .map(|m| MilestoneWrite {
                title: m.title.clone(),
                due_on: m.due_on.clone(),
                deliverable: m.deliverable.clone(),
            })
            .collect(),
    };
    let mut tx = app.db.begin_write().await?;
    let id = store::insert(&mut tx, proposition_id, &write, ctx.actor.person_id, app.now()).await?;
    store::record_step(&mut tx, id, "submit", None, ctx.actor.person_id, app.now()).await?;
    let lead =
        tandem_store::people::get_person_tx(&mut tx, p.lead_person_id).await?.map(|r| r.name).unwrap_or_default();
    let notice = Notice::ProposalReceived { proposal_id: id, title: proposition.title.clone(), lead };
    notify(
        &mut tx,
        app,
        proposition.author_id,
        &notice,
        Action::ViewProposal { enterprise_id: proposition.enterprise_id, team: false },
    )
    .await?;
    let after = json!({
        "proposition_id": proposition_id, "lead_person_id": p.lead_person_id, "member_ids": p.member_ids,
        "budget_fen": p.budget_fen, "milestones": p.milestones.len(),
    });
    record_change(&mut tx, app, ctx, "proposal.created", "proposal", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The proposal form's page in one call: the proposition's title, and the people the team may be
/// made of. Refused to anyone who may not propose for it now.
#[derive(Debug, Clone)]
pub struct FormPage {
    pub title: String,
    pub teammates: Vec<tandem_store::people::Suggestion>,
}

pub async fn form_page(app: &App, ctx: &Ctx, proposition_id: i64) -> AppResult<FormPage> {
    let view = super::get(app, ctx, proposition_id).await?;
    if !view.may_propose {
        return Err(AppError::Forbidden);
    }
    let teammates = crate::people::suggestions(app, ctx, &tandem_store::people::Pool::Teammates).await?;
    Ok(FormPage { title: view.row.title, teammates })
}

/// The proposal if the reader may see it (its team, the enterprise, staff); otherwise not found.
pub(crate) async fn visible(app: &App, ctx: &Ctx, id: i64) -> AppResult<(ProposalRow, bool)> {
    let row = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let on_team = store::is_on_team(&app.db, id, ctx.actor.person_id).await?;
    app.authorize_or_hide(ctx, Action::ViewProposal { enterprise_id: row.enterprise_id, team: on_team }).await?;
    Ok((row, on_team))
}

fn may_take(ctx: &Ctx, step: ProposalStep, row: &ProposalRow, on_team: bool) -> bool {
    if step.by_enterprise() {
        ctx.actor.may(Action::DecideProposals { enterprise_id: row.enterprise_id })
    } else {
        ctx.actor.may(Action::ActForTeam { team: on_team })
    }
}

/// One proposal with its team, plan or project, contract and feedback.
pub async fn get(app: &App, ctx: &Ctx, id: i64) -> AppResult<ProposalView> {
    let (row, on_team) = visible(app, ctx, id).await?;
    let status = ProposalStatus::from_code(&row.status);
    let open_proposition = row.proposition_status == Status::Published.code();
    let steps = ProposalStep::ALL
        .into_iter()
        .filter(|s| {
            status.and_then(|from| s.from(from)).is_some()
                && may_take(ctx, *s, &row, on_team)
                && (*s != ProposalStep::Select || open_proposition)
        })
        .collect();
    Ok(ProposalView {
        members: store::members(&app.db, id).await?,
        milestones: tandem_store::research::projects::milestones(&app.db, id).await?,
        contract: tandem_store::research::projects::contract_of_proposal(&app.db, id).await?,
        feedback: tandem_store::research::projects::feedback(&app.db, id).await?,
        timeline: store::steps(&app.db, id).await?,
        decides: ctx.actor.may(Action::DecideProposals { enterprise_id: row.enterprise_id }),
        records_contracts: ctx.actor.may(Action::RecordContract),
        on_team,
        steps,
        row,
    })
}

/// The proposals the reader leads or works on, newest first.
pub async fn mine(app: &App, ctx: &Ctx) -> AppResult<Vec<ProposalRow>> {
    app.authorize(ctx, Action::ViewStructure).await?;
    Ok(store::of_person(&app.db, ctx.actor.person_id).await?)
}

/// Takes a decision (`shortlist`, `select`, `decline`) or withdraws (`withdraw`) and answers the
/// new status. Selecting moves the proposition from published to awarded in the same
/// transaction, so of two selections at once exactly one succeeds (the database's unique index
/// on selected proposals holds the line too); the other is out of order.
pub async fn step(app: &App, ctx: &Ctx, id: i64, step_code: &str, reason: &str) -> AppResult<ProposalStatus> {
    let (row, on_team) = visible(app, ctx, id).await?;
    let step = ProposalStep::from_code(step_code).ok_or(AppError::NotFound)?;
    if !may_take(ctx, step, &row, on_team) {
        let action = if step.by_enterprise() {
            Action::DecideProposals { enterprise_id: row.enterprise_id }
        } else {
            Action::ActForTeam { team: on_team }
        };
        app.authorize(ctx, action).await?;
    }
    let reason = parse_decision_reason(step, reason)?;
    let from = ProposalStatus::from_code(&row.status)
        .ok_or_else(|| AppError::Unexpected(format!("proposal status {}", row.status)))?;
    let to = step.from(from).ok_or(AppError::OutOfOrder("proposal.out_of_order"))?;
    let mut tx = app.db.begin_write().await?;
    let now = app.now();
    let declined = if step == ProposalStep::Select {
        let selected =
            store::select(&mut tx, &row, from.code(), reason.as_deref().unwrap_or_default(), ctx.actor.person_id, now)
                .await;
        match selected {
            Ok(Some(others)) => others,
            Ok(None) | Err(StoreError::Duplicate(_)) => return Err(AppError::OutOfOrder("proposal.out_of_order")),
            Err(e) => return Err(e.into()),
        }
    } else {
        if !store::decide(&mut tx, id, from.code(), to.code(), reason.as_deref(), now).await? {
            return Err(AppError::OutOfOrder("proposal.out_of_order"));
        }
        vec![]
    };
    store::record_step(&mut tx, id, step.code(), reason.as_deref(), ctx.actor.person_id, now).await?;
    if step.by_enterprise() {
        tell_team(&mut tx, app, &row, id, step.code(), reason.as_deref()).await?;
        for other in declined {
            tell_team(&mut tx, app, &row, other, ProposalStep::Decline.code(), reason.as_deref()).await?;
        }
    }
    record_change(
        &mut tx,
        app,
        ctx,
        &format!("proposal.{}", step.code()),
        "proposal",
        id,
        Some(json!({ "status": from.code() })),
        Some(json!({ "status": to.code(), "reason": reason })),
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

/// Tells everyone on proposal `id`'s team of the enterprise's decision.
async fn tell_team(
    tx: &mut tandem_store::Tx,
    app: &App,
    row: &ProposalRow,
    id: i64,
    step: &str,
    reason: Option<&str>,
) -> AppResult<()> {
    let notice = Notice::ProposalDecided {
        proposal_id: id,
        title: row.proposition_title.clone(),
        step: step.to_owned(),
        reason: reason.map(str::to_owned),
    };
    for person in store::team_tx(tx, id).await? {
        notify(tx, app, person, &notice, Action::ViewProposal { enterprise_id: row.enterprise_id, team: true }).await?;
    }
    Ok(())
}
