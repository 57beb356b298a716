//! The project that follows a selected proposal: the university's staff record the technology
//! contract, the team delivers each milestone and the enterprise accepts it (naming the
//! readiness level reached) or rejects it with what is missing. Accepting the last milestone
//! completes the project and closes the proposition; then each side rates the other once.

use super::proposals::visible;
use crate::audit::record_change;
use crate::notifications::notify;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::Action;
use tandem_domain::notifications::Notice;
use tandem_domain::research::project::{
    ContractInput, FeedbackSide, MilestoneStatus, MilestoneStep, parse_contract, parse_feedback, parse_milestone_step,
};
use tandem_domain::research::proposal::ProposalStatus;
use tandem_store::StoreError;
use tandem_store::research::projects::{self as store, ContractWrite, MilestoneMove};

/// Records (or corrects) the technology contract of a selected proposal: kind, value, amount
/// received so far and date signed. Staff only; a proposal not selected has no contract.
pub async fn record_contract(app: &App, ctx: &Ctx, proposal_id: i64, input: &ContractInput) -> AppResult<i64> {
    let (row, _) = visible(app, ctx, proposal_id).await?;
    app.authorize(ctx, Action::RecordContract).await?;
    if !matches!(ProposalStatus::from_code(&row.status), Some(ProposalStatus::Selected | ProposalStatus::Completed)) {
        return Err(AppError::OutOfOrder("contract.proposal_not_selected"));
    }
    let today = tandem_domain::sharing::local_date(app.now());
    let c = parse_contract(input, &today)?;
    let write = ContractWrite {
        kind: c.kind.code().to_owned(),
        title: row.proposition_title.clone(),
        enterprise_id: row.enterprise_id,
        unit_id: row.unit_id,
        college_id: super::college_of(app, row.unit_id).await?,
        value_fen: c.value_fen,
        received_fen: c.received_fen,
        signed_on: c.signed_on.clone(),
        proposal_id: Some(proposal_id),
    };
    let after = json!({ "kind": write.kind, "value_fen": write.value_fen, "received_fen": write.received_fen,
        "signed_on": write.signed_on, "proposal_id": proposal_id });
    let mut tx = app.db.begin_write().await?;
    let id = match store::contract_of_proposal_tx(&mut tx, proposal_id).await? {
        Some(existing) => {
            store::update_contract(&mut tx, existing.id, &write, app.now()).await?;
            record_change(&mut tx, app, ctx, "contract.updated", "contract", existing.id, None, Some(after)).await?;
            existing.id
        }
        None => {
            let id = match store::insert_contract(&mut tx, &write, ctx.actor.person_id, app.now()).await {
                Err(StoreError::Duplicate(_)) => return Err(AppError::OutOfOrder("contract.already_recorded")),
                other => other?,
            };
            record_change(&mut tx, app, ctx, "contract.recorded", "contract", id, None, Some(after)).await?;
            tandem_store::research::proposals::record_step(
                &mut tx,
                proposal_id,
                "contract",
                Some(&write.signed_on),
                ctx.actor.person_id,
                app.now(),
            )
            .await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// A milestone step: `deliver` (the team), `accept` with the readiness level reached or `reject`
/// with a note (the enterprise). Work starts once the contract is recorded. Answers the
/// milestone's new status and whether the project is now complete.
pub async fn milestone_step(
    app: &App,
    ctx: &Ctx,
    proposal_id: i64,
    milestone_id: i64,
    step_code: &str,
    note: &str,
    trl_reached: Option<i64>,
) -> AppResult<(MilestoneStatus, bool)> {
    let (row, on_team) = visible(app, ctx, proposal_id).await?;
    let step = MilestoneStep::from_code(step_code).ok_or(AppError::NotFound)?;
    let action = if step.by_enterprise() {
        Action::DecideProposals { enterprise_id: row.enterprise_id }
    } else {
        Action::ActForTeam { team: on_team }
    };
    app.authorize(ctx, action).await?;
    let (note, trl_reached) = parse_milestone_step(step, note, trl_reached)?;
    let mut tx = app.db.begin_write().await?;
    let milestone = store::milestone_tx(&mut tx, milestone_id)
        .await?
        .filter(|m| m.proposal_id == proposal_id)
        .ok_or(AppError::NotFound)?;
    if row.status != ProposalStatus::Selected.code() {
        return Err(AppError::OutOfOrder("project.not_running"));
    }
    if store::contract_of_proposal_tx(&mut tx, proposal_id).await?.is_none() {
        return Err(AppError::OutOfOrder("project.no_contract"));
    }
    let from = MilestoneStatus::from_code(&milestone.status)
        .ok_or_else(|| AppError::Unexpected(format!("milestone status {}", milestone.status)))?;
    let to = step.from(from).ok_or(AppError::OutOfOrder("milestone.out_of_order"))?;
    let moved = MilestoneMove {
        from: from.code(),
        to: to.code(),
        note: note.as_deref(),
        trl_reached,
        decision: step.by_enterprise(),
    };
    if !store::move_milestone(&mut tx, milestone_id, moved, app.now()).await? {
        return Err(AppError::OutOfOrder("milestone.out_of_order"));
    }
    let detail = match (&note, trl_reached) {
        (Some(n), _) => format!("{} · {n}", milestone.title),
        (None, Some(level)) => format!("{} · TRL {level}", milestone.title),
        (None, None) => milestone.title.clone(),
    };
    let line = format!("milestone_{}", step.code());
    tandem_store::research::proposals::record_step(
        &mut tx,
        proposal_id,
        &line,
        Some(&detail),
        ctx.actor.person_id,
        app.now(),
    )
    .await?;
    let completed = step == MilestoneStep::Accept
        && store::complete_if_done(&mut tx, proposal_id, row.proposition_id, ctx.actor.person_id, app.now()).await?;
    if completed {
        tandem_store::research::proposals::record_step(
            &mut tx,
            proposal_id,
            "complete",
            None,
            ctx.actor.person_id,
            app.now(),
        )
        .await?;
    }
    if step.by_enterprise() {
        let notice = Notice::MilestoneDecided {
            proposal_id,
            title: row.proposition_title.clone(),
            milestone: milestone.title.clone(),
            step: step.code().to_owned(),
            note: note.clone(),
        };
        for person in tandem_store::research::proposals::team_tx(&mut tx, proposal_id).await? {
            let may = Action::ViewProposal { enterprise_id: row.enterprise_id, team: true };
            notify(&mut tx, app, person, &notice, may).await?;
        }
    } else {
        let author = tandem_store::research::get_tx(&mut tx, row.proposition_id).await?.map(|p| p.author_id);
        if let Some(author) = author {
            let notice = Notice::MilestoneDelivered {
                proposal_id,
                title: row.proposition_title.clone(),
                milestone: milestone.title.clone(),
            };
            let may = Action::ViewProposal { enterprise_id: row.enterprise_id, team: false };
            notify(&mut tx, app, author, &notice, may).await?;
        }
    }
    record_change(
        &mut tx,
        app,
        ctx,
        &format!("milestone.{}", step.code()),
        "milestone",
        milestone_id,
        Some(json!({ "status": from.code() })),
        Some(json!({ "status": to.code(), "note": note, "trl_reached": trl_reached, "completed": completed })),
    )
    .await?;
    tx.commit().await?;
    Ok((to, completed))
}

/// One side's feedback on a completed project: the enterprise rates the team, the team the
/// enterprise; once each.
pub async fn give_feedback(
    app: &App,
    ctx: &Ctx,
    proposal_id: i64,
    rating: Option<i64>,
    comment: &str,
) -> AppResult<FeedbackSide> {
    let (row, on_team) = visible(app, ctx, proposal_id).await?;
    let side = if ctx.actor.may(Action::DecideProposals { enterprise_id: row.enterprise_id }) {
        FeedbackSide::Enterprise
    } else {
        app.authorize(ctx, Action::ActForTeam { team: on_team }).await?;
        FeedbackSide::Team
    };
    let (rating, comment) = parse_feedback(rating, comment)?;
    if row.status != ProposalStatus::Completed.code() {
        return Err(AppError::OutOfOrder("project.not_completed"));
    }
    let mut tx = app.db.begin_write().await?;
    match store::insert_feedback(
        &mut tx,
        proposal_id,
        side.code(),
        rating,
        comment.as_deref(),
        ctx.actor.person_id,
        app.now(),
    )
    .await
    {
        Err(StoreError::Duplicate(_)) => return Err(AppError::OutOfOrder("feedback.already_given")),
        other => other?,
    }
    let line = format!("feedback_{}", side.code());
    let stars = format!("{rating}/5");
    tandem_store::research::proposals::record_step(
        &mut tx,
        proposal_id,
        &line,
        Some(&stars),
        ctx.actor.person_id,
        app.now(),
    )
    .await?;
    let after = json!({ "side": side.code(), "rating": rating, "comment": comment });
    record_change(&mut tx, app, ctx, "project.feedback", "proposal", proposal_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(side)
}
