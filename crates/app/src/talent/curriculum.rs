//! Running an order-based class: the university and the enterprise design its curriculum
//! together (one side proposes an item, the other agrees), place members in practice at the
//! enterprise, and record at the end who was hired and why the others were not.

use super::visible;
use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::Action;
use tandem_domain::talent::curriculum::{
    ItemInput, PlacementInput, Side, parse_hiring, parse_item, parse_placement, side_of,
};
use tandem_domain::talent::order::has_ended;
use tandem_store::talent::curriculum::{self as store, ItemWrite};

pub use tandem_store::talent::curriculum::{ItemRow as CurriculumItem, PlacementRow as Placement};

/// Which side the caller speaks for in this class, or a refusal (recorded).
async fn side(app: &App, ctx: &Ctx, enterprise_id: i64) -> AppResult<Side> {
    app.authorize(ctx, Action::ActForEnterprise { enterprise_id }).await?;
    side_of(&ctx.actor, enterprise_id).ok_or(AppError::Forbidden)
}

/// The curriculum of a class (whoever sees the class sees it: it tells students what they apply for).
pub async fn items(app: &App, ctx: &Ctx, class_id: i64) -> AppResult<Vec<CurriculumItem>> {
    visible(app, ctx, class_id).await?;
    Ok(store::items(&app.db, class_id).await?)
}

/// Either side proposes an item once the university has accepted the order.
pub async fn propose(app: &App, ctx: &Ctx, class_id: i64, input: &ItemInput) -> AppResult<i64> {
    let class = visible(app, ctx, class_id).await?;
    let side = side(app, ctx, class.enterprise_id).await?;
    if !matches!(class.status.as_str(), "open" | "selected") {
        return Err(AppError::Refused("order.not_open"));
    }
    if has_ended(&class.ends_on, &tandem_domain::sharing::local_date(app.now())) {
        return Err(AppError::Refused("order.ended"));
    }
    let item = parse_item(input)?;
    let mut tx = app.db.begin_write().await?;
    let write = ItemWrite {
        class_id,
        kind: &item.kind,
        title: &item.title,
        hours: item.hours,
        taught_by: item.taught_by.as_deref(),
        side: side.code(),
    };
    let id = store::insert_item(&mut tx, &write, ctx.actor.person_id, app.now()).await?;
    let after = json!({"item_id": id, "kind": item.kind, "title": item.title, "side": side.code()});
    record_change(&mut tx, app, ctx, "order_class.curriculum_proposed", "order_class", class_id, None, Some(after))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The other side agrees to a proposed item; the side that proposed it cannot.
pub async fn agree(app: &App, ctx: &Ctx, class_id: i64, item_id: i64) -> AppResult<()> {
    let class = visible(app, ctx, class_id).await?;
    let side = side(app, ctx, class.enterprise_id).await?;
    let item = store::item(&app.db, item_id).await?.filter(|i| i.class_id == class_id).ok_or(AppError::NotFound)?;
    if Side::from_code(&item.proposed_by_side) == Some(side) {
        return Err(AppError::Refused("order.own_proposal"));
    }
    if has_ended(&class.ends_on, &tandem_domain::sharing::local_date(app.now())) {
        return Err(AppError::Refused("order.ended"));
    }
    let mut tx = app.db.begin_write().await?;
    if !store::agree(&mut tx, item_id, app.now()).await? {
        return Err(AppError::Refused("order.already_agreed"));
    }
    let after = json!({"item_id": item_id, "side": side.code()});
    record_change(&mut tx, app, ctx, "order_class.curriculum_agreed", "order_class", class_id, None, Some(after))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Practice placements: the enterprise and staff see all; a student their own.
pub async fn placements(app: &App, ctx: &Ctx, class_id: i64) -> AppResult<Vec<Placement>> {
    let class = visible(app, ctx, class_id).await?;
    let all = store::placements(&app.db, class_id).await?;
    if side_of(&ctx.actor, class.enterprise_id).is_some() {
        return Ok(all);
    }
    Ok(all.into_iter().filter(|p| p.student_id == ctx.actor.person_id).collect())
}

/// Places a current member in practice at the enterprise (after the selection).
pub async fn place_in_practice(
    app: &App,
    ctx: &Ctx,
    class_id: i64,
    student_id: i64,
    input: &PlacementInput,
) -> AppResult<i64> {
    let class = visible(app, ctx, class_id).await?;
    side(app, ctx, class.enterprise_id).await?;
    if class.status != "selected" {
        return Err(AppError::Refused("order.not_selected"));
    }
    let p = parse_placement(input)?;
    let mut tx = app.db.begin_write().await?;
    if store::membership(&mut tx, class_id, student_id).await? != Some(true) {
        return Err(AppError::invalid("student_id", "order.not_a_member"));
    }
    let id = store::insert_placement(
        &mut tx,
        class_id,
        student_id,
        &p.site,
        &p.supervisor,
        &p.starts_on,
        &p.ends_on,
        ctx.actor.person_id,
        app.now(),
    )
    .await?;
    let after = json!({"placement_id": id, "student_id": student_id, "site": p.site, "starts_on": p.starts_on});
    record_change(&mut tx, app, ctx, "order_class.placed_in_practice", "order_class", class_id, None, Some(after))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Records a member's hiring outcome at the end of the class (`hired` is `yes` or `no`; a
/// member not hired needs a reason). Members who left are included: "left the class" is a reason.
pub async fn record_hiring(
    app: &App,
    ctx: &Ctx,
    class_id: i64,
    student_id: i64,
    hired: &str,
    reason: &str,
    note: &str,
) -> AppResult<()> {
    let class = visible(app, ctx, class_id).await?;
    side(app, ctx, class.enterprise_id).await?;
    if class.status != "selected" {
        return Err(AppError::Refused("order.not_selected"));
    }
    let h = parse_hiring(hired, reason, note)?;
    let mut tx = app.db.begin_write().await?;
    if store::membership(&mut tx, class_id, student_id).await?.is_none() {
        return Err(AppError::invalid("student_id", "order.not_a_member"));
    }
    store::set_hiring(&mut tx, class_id, student_id, h.hired, h.reason.as_deref(), h.note.as_deref(), app.now())
        .await?;
    let after = json!({"student_id": student_id, "hired": h.hired, "reason": h.reason});
    record_change(&mut tx, app, ctx, "order_class.hiring", "order_class", class_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}
