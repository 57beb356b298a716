//! Results offered to enterprises (成果转化): a college, lab or institute publishes a result; an
//! enterprise says it is interested; the university's staff run that interest as a deal through
//! its stages to a contract, payment and production (or lost, with why). Contracts and amounts
//! feed the yearly transformation figures.

use crate::audit::record_change;
use crate::notifications::{notify, notify_role};
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::{Action, Role};
use tandem_domain::notifications::Notice;
use tandem_domain::research::achievement::{
    AchievementInput, DealMoveInput, DealStage, TransferMode, parse_achievement, parse_deal_move,
};
use tandem_domain::validation::{FieldErrors, optional_text};
use tandem_store::research::achievements::{self as store, AchievementWrite, IpRow};
use tandem_store::research::projects::{ContractWrite, insert_contract};
use tandem_store::{Page, StoreError};

pub use tandem_store::research::achievements::{
    AchievementFilter, AchievementRow, DealFilter, DealRow, DealStepRow, FiguresRow,
};

/// A result as one reader sees it.
#[derive(Debug, Clone)]
pub struct AchievementView {
    pub row: AchievementRow,
    pub ip: Vec<IpRow>,
    pub fields: Vec<String>,
    pub may_edit: bool,
    /// The enterprises the reader may say are interested (id, name).
    pub may_express_for: Vec<(i64, String)>,
    /// The deals on it the reader may see.
    pub deals: Vec<DealRow>,
}

fn write_of(org_id: i64, contact: i64, input: &AchievementInput) -> AppResult<AchievementWrite> {
    let a = parse_achievement(input)?;
    Ok(AchievementWrite {
        org_id,
        title: a.title,
        summary: a.summary,
        trl: a.trl,
        transfer_modes: a.transfer_modes.iter().map(|m| m.code()).collect::<Vec<_>>().join("\n"),
        price_min_fen: a.price_min_fen,
        price_max_fen: a.price_max_fen,
        contact_person_id: contact,
        ip: a.ip.into_iter().map(|i| IpRow { kind: i.kind, number: i.number, status: i.status }).collect(),
        fields: a.fields,
    })
}

/// Publishes a result of `org_id` (a college, lab or institute), with the publisher as contact.
pub async fn publish(app: &App, ctx: &Ctx, org_id: i64, input: &AchievementInput) -> AppResult<i64> {
    app.authorize(ctx, Action::PublishAchievement { org_id }).await?;
    let kind = tandem_store::org::get_org(&app.db, org_id).await?.map(|o| o.kind).unwrap_or_default();
    let unit = tandem_domain::org::OrgKind::from_code(&kind)
        .is_some_and(|k| k.is_university_unit() || k == tandem_domain::org::OrgKind::Institute);
    if !unit {
        return Err(AppError::invalid("org_id", "achievement.not_a_unit"));
    }
    let write = write_of(org_id, ctx.actor.person_id, input)?;
    let mut tx = app.db.begin_write().await?;
    let id = store::insert(&mut tx, &write, app.now()).await?;
    let after = json!({ "org_id": org_id, "title": write.title, "trl": write.trl, "transfer_modes": write.transfer_modes,
        "price_min_fen": write.price_min_fen, "price_max_fen": write.price_max_fen });
    record_change(&mut tx, app, ctx, "achievement.published", "achievement", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes what a result says; the contact stays.
pub async fn update(app: &App, ctx: &Ctx, id: i64, input: &AchievementInput) -> AppResult<()> {
    let row = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    app.authorize(ctx, Action::PublishAchievement { org_id: row.org_id }).await?;
    let write = write_of(row.org_id, row.contact_person_id, input)?;
    let mut tx = app.db.begin_write().await?;
    store::update(&mut tx, id, &write, app.now()).await?;
    let after = json!({ "title": write.title, "trl": write.trl, "transfer_modes": write.transfer_modes });
    record_change(&mut tx, app, ctx, "achievement.updated", "achievement", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// The published results, for everyone signed in.
pub async fn list(
    app: &App,
    ctx: &Ctx,
    filter: &AchievementFilter,
    page: Page,
) -> AppResult<(Vec<AchievementRow>, i64)> {
    app.authorize(ctx, Action::ViewStructure).await?;
    Ok(store::list(&app.db, filter, page).await?)
}

/// The results list in one call, with the units the reader may publish for.
#[derive(Debug, Clone)]
pub struct AchievementsPage {
    pub rows: Vec<AchievementRow>,
    pub total: i64,
    pub may_publish_for: Vec<(i64, String)>,
}

pub async fn list_page(app: &App, ctx: &Ctx, filter: &AchievementFilter, page: Page) -> AppResult<AchievementsPage> {
    let (rows, total) = list(app, ctx, filter, page).await?;
    Ok(AchievementsPage { rows, total, may_publish_for: publishable_units(app, ctx).await? })
}

/// The units the reader may publish results for: their own labs, colleges and institutes; for
/// staff, every college, lab and institute.
pub async fn publishable_units(app: &App, ctx: &Ctx) -> AppResult<Vec<(i64, String)>> {
    let mut out: Vec<(i64, String)> = if ctx.actor.may(Action::RunDeals) {
        tandem_store::org::refs_of_kinds(&app.db, &["college", "lab", "institute"])
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect()
    } else {
        tandem_store::people::memberships_of(&app.db, ctx.actor.person_id)
            .await?
            .into_iter()
            .filter(|m| ctx.actor.may(Action::PublishAchievement { org_id: m.org_id }))
            .filter(|m| matches!(m.org_kind.as_str(), "college" | "lab" | "institute" | "centre"))
            .map(|m| (m.org_id, m.org_name))
            .collect()
    };
    out.sort();
    out.dedup();
    Ok(out)
}

/// One result, with the deals on it the reader may see.
pub async fn get(app: &App, ctx: &Ctx, id: i64) -> AppResult<AchievementView> {
    app.authorize(ctx, Action::ViewStructure).await?;
    let row = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let enterprises: Vec<(i64, String)> = super::writable_enterprises(app, ctx)
        .await?
        .into_iter()
        .filter(|(e, _)| ctx.actor.may(Action::ExpressInterest { enterprise_id: *e }))
        .collect();
    let filter = DealFilter {
        achievement_id: Some(id),
        enterprises: (!ctx.actor.may(Action::RunDeals)).then(|| enterprises.iter().map(|(e, _)| *e).collect()),
        ..DealFilter::default()
    };
    let (deals, _) = store::list_deals(&app.db, &filter, Page::new(1, 100)).await?;
    Ok(AchievementView {
        ip: store::ip_of(&app.db, id).await?,
        fields: store::fields_of(&app.db, id).await?,
        may_edit: ctx.actor.may(Action::PublishAchievement { org_id: row.org_id }),
        may_express_for: enterprises,
        deals,
        row,
    })
}

/// An enterprise's person says the enterprise is interested: a deal opens at the interest
/// stage and the staff who run deals are told. One open deal per result and enterprise.
pub async fn express_interest(app: &App, ctx: &Ctx, id: i64, enterprise_id: i64, message: &str) -> AppResult<i64> {
    app.authorize(ctx, Action::ExpressInterest { enterprise_id }).await?;
    let mut errors = FieldErrors::new();
    let message = optional_text(&mut errors, "message", message, 2000);
    errors.into_result(())?;
    let mut tx = app.db.begin_write().await?;
    let row = store::get_tx(&mut tx, id).await?.filter(|a| a.status == "published").ok_or(AppError::NotFound)?;
    let deal = match store::insert_deal(&mut tx, id, enterprise_id, ctx.actor.person_id, message.as_deref(), app.now())
        .await
    {
        Err(StoreError::Duplicate(_)) => return Err(AppError::OutOfOrder("interest.already_expressed")),
        other => other?,
    };
    let enterprise = tandem_store::org::get_org_tx(&mut tx, enterprise_id).await?.map(|o| o.name).unwrap_or_default();
    let notice = Notice::DealInterest { deal_id: deal, title: row.title.clone(), enterprise };
    notify_role(&mut tx, app, Role::UniversityStaff, &notice, Action::RunDeals).await?;
    let after = json!({ "achievement_id": id, "enterprise_id": enterprise_id, "stage": "interest" });
    record_change(&mut tx, app, ctx, "deal.opened", "deal", deal, None, Some(after)).await?;
    tx.commit().await?;
    Ok(deal)
}

/// A deal with its stages so far.
#[derive(Debug, Clone)]
pub struct DealView {
    pub row: DealRow,
    pub steps: Vec<DealStepRow>,
    pub may_run: bool,
}

async fn visible_deal(app: &App, ctx: &Ctx, id: i64) -> AppResult<DealRow> {
    let row = store::get_deal(&app.db, id).await?.ok_or(AppError::NotFound)?;
    app.authorize_or_hide(ctx, Action::ViewDeal { enterprise_id: row.enterprise_id }).await?;
    Ok(row)
}

pub async fn deal(app: &App, ctx: &Ctx, id: i64) -> AppResult<DealView> {
    let row = visible_deal(app, ctx, id).await?;
    Ok(DealView { steps: store::deal_steps(&app.db, id).await?, may_run: ctx.actor.may(Action::RunDeals), row })
}

/// The deals the reader may see: every one for staff, their enterprises' for its people.
pub async fn deals(app: &App, ctx: &Ctx, filter: &DealFilter, page: Page) -> AppResult<(Vec<DealRow>, i64)> {
    app.authorize(ctx, Action::ViewStructure).await?;
    let mut filter = filter.clone();
    if !ctx.actor.may(Action::RunDeals) {
        let own: Vec<i64> = ctx
            .actor
            .own_enterprises()
            .into_iter()
            .filter(|e| ctx.actor.may(Action::ViewDeal { enterprise_id: *e }))
            .collect();
        if own.is_empty() {
            app.authorize(ctx, Action::RunDeals).await?;
        }
        filter.enterprises = Some(own);
    }
    Ok(store::list_deals(&app.db, &filter, page).await?)
}

/// Staff move a deal to another stage. Reaching `contract` registers the technology contract
/// (its category from the transfer mode); reaching `paid` records the amount received. Backwards
/// or to lost only with a reason; a lost deal stays lost. The enterprise's person is told.
pub async fn move_deal(app: &App, ctx: &Ctx, id: i64, input: &DealMoveInput) -> AppResult<DealStage> {
    let row = visible_deal(app, ctx, id).await?;
    app.authorize(ctx, Action::RunDeals).await?;
    let from =
        DealStage::from_code(&row.stage).ok_or_else(|| AppError::Unexpected(format!("deal stage {}", row.stage)))?;
    let m = parse_deal_move(from, input, row.contract_id.is_some(), row.value_fen)?;
    let today = tandem_domain::sharing::local_date(app.now());
    if m.signed_on.as_deref().is_some_and(|d| d > today.as_str()) {
        return Err(AppError::invalid("signed_on", "date.future"));
    }
    let mut tx = app.db.begin_write().await?;
    let now = app.now();
    let mode = m.mode.map(TransferMode::code);
    if !store::move_deal(&mut tx, id, from.code(), m.to.code(), m.reason.as_deref(), mode, ctx.actor.person_id, now)
        .await?
    {
        return Err(AppError::OutOfOrder("deal.out_of_order"));
    }
    let mut contract_id = row.contract_id;
    if m.to >= DealStage::Contract
        && m.to != DealStage::Lost
        && contract_id.is_none()
        && let (Some(mode), Some(value)) = (m.mode, m.value_fen)
    {
        let write = ContractWrite {
            kind: mode.contract_kind().code().to_owned(),
            title: row.achievement_title.clone(),
            enterprise_id: row.enterprise_id,
            unit_id: Some(row.org_id),
            college_id: super::college_of(app, Some(row.org_id)).await?,
            value_fen: value,
            received_fen: 0,
            signed_on: m.signed_on.clone().unwrap_or_else(|| today.clone()),
            proposal_id: None,
        };
        let contract = insert_contract(&mut tx, &write, ctx.actor.person_id, now).await?;
        store::set_contract_deal(&mut tx, contract, id).await?;
        contract_id = Some(contract);
    }
    if let (Some(contract), Some(received)) = (contract_id, m.received_fen) {
        store::set_received(&mut tx, contract, received, now).await?;
    }
    let notice = Notice::DealMoved {
        deal_id: id,
        title: row.achievement_title.clone(),
        stage: m.to.code().to_owned(),
        reason: m.reason.clone(),
    };
    notify(&mut tx, app, row.person_id, &notice, Action::ViewDeal { enterprise_id: row.enterprise_id }).await?;
    let after = json!({ "stage": m.to.code(), "reason": m.reason, "mode": mode, "value_fen": m.value_fen,
        "received_fen": m.received_fen });
    record_change(&mut tx, app, ctx, "deal.moved", "deal", id, Some(json!({ "stage": from.code() })), Some(after))
        .await?;
    tx.commit().await?;
    Ok(m.to)
}

/// The yearly transformation figures (科技成果转化年度报告) over contracts signed in a period.
#[derive(Debug, Clone)]
pub struct Figures {
    pub from: String,
    pub to: String,
    pub by_kind: Vec<FiguresRow>,
    pub by_college: Vec<FiguresRow>,
    pub total: FiguresRow,
}

/// The figures from `from` to `to` (`YYYY-MM-DD`, inclusive); staff and government officers.
pub async fn figures(app: &App, ctx: &Ctx, from: &str, to: &str) -> AppResult<Figures> {
    app.authorize(ctx, Action::ViewTransformationReport).await?;
    let mut e = FieldErrors::new();
    let from_date = tandem_domain::validation::required_date(&mut e, "from", from);
    let to_date = tandem_domain::validation::required_date(&mut e, "to", to);
    if let (Some(a), Some(b)) = (from_date, to_date)
        && b < a
    {
        e.add("to", "period.upside_down");
    }
    e.into_result(())?;
    let (from, to) = (from.trim().to_owned(), to.trim().to_owned());
    let (by_kind, by_college, total) = store::figures(&app.db, &from, &to).await?;
    Ok(Figures { from, to, by_kind, by_college, total })
}
