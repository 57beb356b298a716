//! Joint research (企业出题、校企联合攻关): an enterprise's people write a proposition, the
//! university's staff screen it (accept it or return it with a reason) and publish it on the
//! board. Confidential details are read only by the enterprise, the screening staff and the
//! teams the enterprise admits; every other reader gets the published summary with the details
//! left out. Teams' proposals are in [`proposals`], the projects that follow in [`projects`].

pub mod achievements;
pub mod projects;
pub mod proposals;
pub mod talent_pool;

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::Action;
use tandem_domain::research::{self as domain, PropositionInput, Side, Status, Step};
use tandem_store::Page;
use tandem_store::research::{self as store, PropositionWrite, Visible};

pub use tandem_store::research::proposals::ProposalRow;
pub use tandem_store::research::{PropositionFilter, PropositionRow, StepRow};

/// A proposition as one reader may see it.
#[derive(Debug, Clone)]
pub struct PropositionView {
    /// `confidential` is `None` for a reader who may not read the details.
    pub row: PropositionRow,
    pub may_see_details: bool,
    /// Whether the reader may still change what it says (its enterprise, while a draft or returned).
    pub may_edit: bool,
    /// The steps the reader may take from where it stands.
    pub steps: Vec<Step>,
    pub timeline: Vec<StepRow>,
    /// The proposals the reader may see: every one for the enterprise and the staff, a team's own.
    pub proposals: Vec<ProposalRow>,
    /// Whether the reader may send a proposal now.
    pub may_propose: bool,
    /// Whether the reader sees every proposal (the enterprise, the staff) rather than their own team's.
    pub sees_all_proposals: bool,
}

fn write_of(p: &domain::Proposition) -> PropositionWrite {
    PropositionWrite {
        title: p.title.clone(),
        summary: p.summary.clone(),
        confidential: p.confidential.clone(),
        budget_min_fen: p.budget_min_fen,
        budget_max_fen: p.budget_max_fen,
        deadline: p.deadline.clone(),
        trl: p.trl,
        keywords: p.keywords.join("\n"),
        industry_code: p.industry_code.clone(),
    }
}

/// What the audit log keeps of a change: the public fields and whether details were given,
/// never the confidential text itself.
fn audit_json(p: &PropositionWrite) -> serde_json::Value {
    json!({
        "title": p.title, "budget_min_fen": p.budget_min_fen, "budget_max_fen": p.budget_max_fen,
        "deadline": p.deadline, "trl": p.trl, "keywords": p.keywords, "industry_code": p.industry_code,
        "has_confidential": p.confidential.is_some(),
    })
}

fn checked(app: &App, input: &PropositionInput) -> AppResult<PropositionWrite> {
    let today = tandem_domain::sharing::local_date(app.now());
    let code = input.industry_code.trim();
    let unknown_industry = !code.is_empty() && app.reference.industry(code).is_none();
    match domain::parse_proposition(input, &today) {
        Ok(p) if !unknown_industry => Ok(write_of(&p)),
        Ok(_) => Err(AppError::invalid("industry_code", "industry.unknown")),
        Err(mut errors) => {
            if unknown_industry && errors.for_field("industry_code").is_none() {
                errors.add("industry_code", "industry.unknown");
            }
            Err(AppError::Invalid(errors))
        }
    }
}

/// Writes a draft proposition for `enterprise_id`; the author must be one of its people.
pub async fn create(app: &App, ctx: &Ctx, enterprise_id: i64, input: &PropositionInput) -> AppResult<i64> {
    app.authorize(ctx, Action::WriteProposition { enterprise_id }).await?;
    let write = checked(app, input)?;
    let mut tx = app.db.begin_write().await?;
    let id = store::insert(&mut tx, enterprise_id, ctx.actor.person_id, &write, app.now()).await?;
    record_change(&mut tx, app, ctx, "proposition.created", "proposition", id, None, Some(audit_json(&write))).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes what a draft or returned proposition says, and answers it as the reader sees it.
pub async fn update(app: &App, ctx: &Ctx, id: i64, input: &PropositionInput) -> AppResult<PropositionView> {
    let row = visible_row(app, ctx, id).await?;
    app.authorize(ctx, Action::WriteProposition { enterprise_id: row.enterprise_id }).await?;
    let write = checked(app, input)?;
    let mut tx = app.db.begin_write().await?;
    let current = store::get_tx(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !Status::from_code(&current.status).is_some_and(Status::editable) {
        return Err(AppError::OutOfOrder("proposition.not_editable"));
    }
    store::update(&mut tx, id, &write, app.now()).await?;
    record_change(&mut tx, app, ctx, "proposition.updated", "proposition", id, None, Some(audit_json(&write))).await?;
    tx.commit().await?;
    get(app, ctx, id).await
}

/// Whether the reader may take `step` on a proposition of `enterprise_id`.
fn may_take(ctx: &Ctx, step: Step, enterprise_id: i64) -> bool {
    let enterprise = ctx.actor.may(Action::WriteProposition { enterprise_id });
    let university = ctx.actor.may(Action::ScreenPropositions);
    match step.side() {
        Side::Enterprise => enterprise,
        Side::University => university,
        Side::Either => enterprise || university,
    }
}

/// Takes a step (`submit`, `accept`, `return`, `publish`, `close`) and answers the new status.
/// A step by the wrong side is refused (and audited); one that does not follow from where the
/// proposition stands is out of order, and so is a second of two steps taken at once.
pub async fn step(app: &App, ctx: &Ctx, id: i64, step_code: &str, reason: &str) -> AppResult<Status> {
    let row = visible_row(app, ctx, id).await?;
    let step = Step::from_code(step_code).ok_or(AppError::NotFound)?;
    if !may_take(ctx, step, row.enterprise_id) {
        let action = match step.side() {
            Side::Enterprise => Action::WriteProposition { enterprise_id: row.enterprise_id },
            _ => Action::ScreenPropositions,
        };
        app.authorize(ctx, action).await?;
    }
    let reason = domain::parse_reason(step, reason)?;
    let from = Status::from_code(&row.status).ok_or_else(|| AppError::Unexpected(format!("status {}", row.status)))?;
    let to = step.from(from).ok_or(AppError::OutOfOrder("proposition.out_of_order"))?;
    let mut tx = app.db.begin_write().await?;
    let taken = store::StepWrite {
        step: step.code(),
        from: from.code(),
        to: to.code(),
        reason: reason.as_deref(),
        by: ctx.actor.person_id,
    };
    let moved = store::step(&mut tx, id, taken, app.now()).await?;
    if !moved {
        return Err(AppError::OutOfOrder("proposition.out_of_order"));
    }
    tell(&mut tx, app, ctx, &row, step, reason.as_deref()).await?;
    let after = json!({ "status": to.code(), "reason": reason });
    record_change(
        &mut tx,
        app,
        ctx,
        &format!("proposition.{}", step.code()),
        "proposition",
        id,
        Some(json!({ "status": from.code() })),
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

/// Tells the other side, in the step's transaction: staff of a submission, the author of the
/// university's decision. Closing by the enterprise itself tells no one.
async fn tell(
    tx: &mut tandem_store::Tx,
    app: &App,
    ctx: &Ctx,
    row: &PropositionRow,
    step: Step,
    reason: Option<&str>,
) -> AppResult<()> {
    use crate::notifications::{notify, notify_role};
    use tandem_domain::notifications::Notice;
    let details = Action::ViewPropositionDetails { enterprise_id: row.enterprise_id, admitted: false };
    match step {
        Step::Submit => {
            let notice = Notice::PropositionSubmitted {
                proposition_id: row.id,
                title: row.title.clone(),
                enterprise: row.enterprise_name.clone(),
            };
            notify_role(tx, app, tandem_domain::access::Role::UniversityStaff, &notice, Action::ScreenPropositions)
                .await?;
        }
        _ if ctx.actor.may(Action::ScreenPropositions) && row.author_id != ctx.actor.person_id => {
            let notice = Notice::PropositionScreened {
                proposition_id: row.id,
                title: row.title.clone(),
                step: step.code().to_owned(),
                reason: reason.map(str::to_owned),
            };
            notify(tx, app, row.author_id, &notice, details).await?;
        }
        _ => {}
    }
    Ok(())
}

/// The row if the reader may see the proposition at all; otherwise not found (and audited).
async fn visible_row(app: &App, ctx: &Ctx, id: i64) -> AppResult<PropositionRow> {
    let row = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let published = row.published_at.is_some();
    app.authorize_or_hide(ctx, Action::ViewProposition { enterprise_id: row.enterprise_id, published }).await?;
    Ok(row)
}

/// One proposition as the reader may see it, with its timeline.
pub async fn get(app: &App, ctx: &Ctx, id: i64) -> AppResult<PropositionView> {
    let mut row = visible_row(app, ctx, id).await?;
    let enterprise_side =
        ctx.actor.may(Action::ViewPropositionDetails { enterprise_id: row.enterprise_id, admitted: false });
    let admitted =
        !enterprise_side && tandem_store::research::proposals::is_admitted(&app.db, id, ctx.actor.person_id).await?;
    let may_see_details = ctx.actor.may(Action::ViewPropositionDetails { enterprise_id: row.enterprise_id, admitted });
    if !may_see_details {
        row.confidential = None;
    }
    let status = Status::from_code(&row.status);
    let steps = Step::ALL
        .into_iter()
        .filter(|s| status.and_then(|from| s.from(from)).is_some() && may_take(ctx, *s, row.enterprise_id))
        .collect();
    let may_edit = status.is_some_and(Status::editable)
        && ctx.actor.may(Action::WriteProposition { enterprise_id: row.enterprise_id });
    // The timeline names who screened and which team was chosen: the enterprise and staff only.
    let timeline = if enterprise_side { store::timeline(&app.db, id).await? } else { vec![] };
    let team_of = if enterprise_side { None } else { Some(ctx.actor.person_id) };
    let proposals = tandem_store::research::proposals::for_proposition(&app.db, id, team_of).await?;
    let may_propose = status == Some(Status::Published)
        && ctx.actor.may(Action::ProposeToProposition)
        && row.deadline.as_str() >= tandem_domain::sharing::local_date(app.now()).as_str();
    Ok(PropositionView {
        row,
        may_see_details,
        may_edit,
        steps,
        timeline,
        proposals,
        may_propose,
        sees_all_proposals: enterprise_side,
    })
}

/// The propositions the reader may see: the board's published ones, every one of their own
/// enterprises', and all of them for the screening staff. Details are left out of every row
/// the reader may not read them in.
pub async fn list(
    app: &App,
    ctx: &Ctx,
    filter: &PropositionFilter,
    page: Page,
) -> AppResult<(Vec<PropositionRow>, i64)> {
    app.authorize(ctx, Action::ViewStructure).await?;
    let visible = Visible { all: ctx.actor.may(Action::ScreenPropositions), enterprises: ctx.actor.own_enterprises() };
    let (mut rows, total) = store::list(&app.db, &visible, filter, page).await?;
    for r in &mut rows {
        if !ctx.actor.may(Action::ViewPropositionDetails { enterprise_id: r.enterprise_id, admitted: false }) {
            r.confidential = None;
        }
    }
    Ok((rows, total))
}

/// The board page in one call: the propositions the reader may see, and the enterprises the
/// reader may write propositions for (id, name).
#[derive(Debug, Clone)]
pub struct BoardPage {
    pub rows: Vec<PropositionRow>,
    pub total: i64,
    pub may_write_for: Vec<(i64, String)>,
    /// Whether the reader screens propositions (and so sees every state).
    pub screens: bool,
}

pub async fn board_page(app: &App, ctx: &Ctx, filter: &PropositionFilter, page: Page) -> AppResult<BoardPage> {
    let (rows, total) = list(app, ctx, filter, page).await?;
    Ok(BoardPage {
        rows,
        total,
        may_write_for: writable_enterprises(app, ctx).await?,
        screens: ctx.actor.may(Action::ScreenPropositions),
    })
}

/// The enterprises the reader may write propositions for, by name.
pub async fn writable_enterprises(app: &App, ctx: &Ctx) -> AppResult<Vec<(i64, String)>> {
    let mut out: Vec<(i64, String)> = tandem_store::people::memberships_of(&app.db, ctx.actor.person_id)
        .await?
        .into_iter()
        .filter(|m| ctx.actor.may(Action::WriteProposition { enterprise_id: m.org_id }))
        .map(|m| (m.org_id, m.org_name))
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// The college a university unit belongs to (itself when it is one), walking up at most a few
/// levels; the transformation report counts contracts by it.
pub(crate) async fn college_of(app: &App, unit_id: Option<i64>) -> AppResult<Option<i64>> {
    let mut next = unit_id;
    for _ in 0..6 {
        let Some(id) = next else { return Ok(None) };
        let Some(org) = tandem_store::org::get_org(&app.db, id).await? else { return Ok(None) };
        if tandem_domain::org::OrgKind::from_code(&org.kind) == Some(tandem_domain::org::OrgKind::College) {
            return Ok(Some(id));
        }
        next = org.parent_id;
    }
    Ok(None)
}
