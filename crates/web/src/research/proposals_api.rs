//! `/api/v1/propositions/{id}/proposals` and `/api/v1/proposals`: teams' proposals, the
//! enterprise's decisions, and the project that follows (contract, milestones, feedback).

use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiJsonOrEmpty, ApiResult, Caller, app_err, json_ok, path_id};
use crate::http::state::WebState;
use crate::research::dto::{
    ContractWrite, FeedbackWrite, MilestoneStepBody, Proposal, ProposalWrite, PropositionCreated, StepDone,
};
use crate::sharing::dto::StepReason;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use tandem_app::research::{projects, proposals};
use tandem_domain::research::project::ContractInput;

/// A team's proposal for a published proposition: the university's teachers and researchers.
#[utoipa::path(post, operation_id = "proposals_create", path = "/api/v1/propositions/{id}/proposals", tag = "research",
    params(("id" = i64, Path, description = "The proposition")), request_body = ProposalWrite,
    responses((status = 201, body = PropositionCreated, description = "The proposal's id"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a teacher or researcher"), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "proposal.proposition_not_open, proposal.deadline_passed"),
        (status = 422, body = ErrorBody, description = "Field errors: budget.negative, milestones.required, date.past, milestones.out_of_order, proposal.lead_not_researcher, person.unknown")))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ProposalWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let created = proposals::create(&state.app, &ctx, id, &body.into_input()).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &PropositionCreated { id: created })
}

/// One proposal: its team, the enterprise it is made to, and staff. A competing team gets 404.
#[utoipa::path(get, operation_id = "proposals_get", path = "/api/v1/proposals/{id}", tag = "research",
    params(("id" = i64, Path)),
    responses((status = 200, body = Proposal), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let view = proposals::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Proposal::of_view(&view))
}

/// A decision: `shortlist`, `select` (with the reason the other teams are told), `decline` (with
/// a reason) by the enterprise; `withdraw` by the team. Answers the new status.
#[utoipa::path(post, operation_id = "proposals_step", path = "/api/v1/proposals/{id}/{step}", tag = "research",
    params(("id" = i64, Path), ("step" = String, Path, description = "shortlist, select, decline or withdraw")),
    request_body(content = StepReason, description = "`select` and `decline` need a reason"),
    responses((status = 200, body = StepDone), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "proposal.out_of_order: decided already, or another proposal was selected"),
        (status = 422, body = ErrorBody)))]
pub async fn step(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, step)): Path<(String, String)>,
    ApiJsonOrEmpty(body): ApiJsonOrEmpty<StepReason>,
) -> ApiResult {
    let id = path_id(&id)?;
    let reason = body.reason.unwrap_or_default();
    let to = proposals::step(&state.app, &ctx, id, &step, &reason).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &StepDone { id, status: to.code() })
}

/// Staff record (or correct) the selected proposal's technology contract. Answers the proposal.
#[utoipa::path(put, operation_id = "proposals_contract", path = "/api/v1/proposals/{id}/contract", tag = "research",
    params(("id" = i64, Path)), request_body = ContractWrite,
    responses((status = 200, body = Proposal), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "contract.proposal_not_selected"),
        (status = 422, body = ErrorBody, description = "contract.kind_unknown, money.negative, contract.received_over_value, date.future")))]
pub async fn contract(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ContractWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let input = ContractInput {
        kind: body.kind.0,
        value_fen: body.value_fen,
        received_fen: body.received_fen,
        signed_on: body.signed_on.0,
    };
    projects::record_contract(&state.app, &ctx, id, &input).await.map_err(app_err)?;
    let view = proposals::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Proposal::of_view(&view))
}

/// A milestone step: `deliver` (the team), `accept` with `trl_reached` or `reject` with a `note`
/// (the enterprise). Accepting the last milestone completes the project.
#[utoipa::path(post, operation_id = "proposals_milestone_step", path = "/api/v1/proposals/{id}/milestones/{milestone_id}/{step}", tag = "research",
    params(("id" = i64, Path), ("milestone_id" = i64, Path), ("step" = String, Path, description = "deliver, accept or reject")),
    request_body = MilestoneStepBody,
    responses((status = 200, body = StepDone), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "project.no_contract, project.not_running, milestone.out_of_order"),
        (status = 422, body = ErrorBody, description = "trl_reached required or out of range; note required to reject")))]
pub async fn milestone_step(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, milestone_id, step)): Path<(String, String, String)>,
    ApiJsonOrEmpty(body): ApiJsonOrEmpty<MilestoneStepBody>,
) -> ApiResult {
    let id = path_id(&id)?;
    let milestone_id = path_id(&milestone_id)?;
    let note = body.note.unwrap_or_default();
    let (to, _) = projects::milestone_step(&state.app, &ctx, id, milestone_id, &step, &note, body.trl_reached)
        .await
        .map_err(app_err)?;
    json_ok(StatusCode::OK, &StepDone { id: milestone_id, status: to.code() })
}

/// One side's feedback on a completed project (the enterprise rates the team, the team the
/// enterprise), once each.
#[utoipa::path(post, operation_id = "proposals_feedback", path = "/api/v1/proposals/{id}/feedback", tag = "research",
    params(("id" = i64, Path)), request_body = FeedbackWrite,
    responses((status = 201, body = StepDone, description = "`status` is the side: enterprise or team"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "project.not_completed, feedback.already_given"),
        (status = 422, body = ErrorBody, description = "rating.out_of_range")))]
pub async fn feedback(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FeedbackWrite>,
) -> ApiResult {
    let id = path_id(&id)?;
    let comment = body.comment.unwrap_or_default();
    let side = projects::give_feedback(&state.app, &ctx, id, body.rating, &comment).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &StepDone { id, status: side.code() })
}
