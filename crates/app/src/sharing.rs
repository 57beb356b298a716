//! Open sharing of research equipment: the catalogue, authorisations and bookings. Two
//! bookings of one item never overlap: the code checks inside a serialising transaction, and
//! the database refuses a second row for any slot.

pub mod datasets;
pub mod queries;

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx, notifications};
use serde_json::json;
use tandem_domain::access::{Action, Role};
pub use tandem_domain::id::{BookingId, EquipmentId};
use tandem_domain::notifications::Notice;
use tandem_domain::org::OrgKind;
use tandem_domain::sharing::item::{ItemSpec, parse_item};
use tandem_domain::sharing::{
    ApprovalMode, Availability, Policy, Refusal, approved_at_once, check_request, check_self_cancel, slots,
};
use tandem_store::sharing::{self as store, BookingRow, BookingWrite, EquipmentFilter, EquipmentRow, EquipmentWrite};
use tandem_store::{Page, StoreError};

pub use tandem_domain::sharing::item::ItemInput;
pub use tandem_store::sharing::{
    AuthorisationRow as Authorisation, BlackoutRow as Blackout, BookingRow as Booking, EquipmentRow as Equipment,
};

/// The rate class of a person: the university's own people, other academics, or enterprises.
pub fn user_class(ctx: &Ctx) -> Option<&'static str> {
    let a = &ctx.actor;
    if a.grants.iter().any(|g| g.org_kind.is_university_unit()) {
        Some("internal")
    } else if a.grants.iter().any(|g| g.org_kind == OrgKind::Enterprise) {
        Some("enterprise")
    } else if a.grants.iter().any(|g| g.org_kind == OrgKind::Institute) {
        Some("external_academic")
    } else {
        None
    }
}

/// Platform admins, university staff, and teachers of the item's lab manage it.
fn manages(ctx: &Ctx, item: &EquipmentRow) -> bool {
    ctx.actor.may(Action::ManageEquipment { lab_id: item.lab_id })
}

pub fn policy_of(row: &EquipmentRow) -> Policy {
    Policy {
        approval: ApprovalMode::from_code(&row.approval_mode).unwrap_or(ApprovalMode::Manual),
        requires_authorisation: row.requires_authorisation != 0,
        slot_minutes: row.slot_minutes,
        min_minutes: row.min_minutes,
        max_minutes: row.max_minutes,
        max_days_ahead: row.max_days_ahead,
        open_from_minute: row.open_from_minute,
        open_to_minute: row.open_to_minute,
        cancel_minutes_before: row.cancel_minutes_before,
    }
}

fn availability_of(row: &EquipmentRow) -> Availability {
    match (row.status.as_str(), row.maintenance_until) {
        ("retired", _) => Availability::Retired,
        ("maintenance", Some(until)) => Availability::MaintenanceUntil(until),
        _ => Availability::Available,
    }
}

pub async fn list(app: &App, ctx: &Ctx, filter: &EquipmentFilter, page: Page) -> AppResult<(Vec<EquipmentRow>, i64)> {
    app.authorize(ctx, Action::ViewStructure).await?;
    Ok(store::list_equipment(&app.db, filter, page).await?)
}

/// One item with its rates.
pub async fn get(app: &App, ctx: &Ctx, id: EquipmentId) -> AppResult<(EquipmentRow, Vec<(String, i64, String)>)> {
    app.authorize(ctx, Action::ViewStructure).await?;
    let row = store::get_equipment(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let rates = store::rates(&app.db, id).await?;
    Ok((row, rates))
}

/// What holds an item within `[from, to)` (at most 62 days): bookings and blackouts.
pub struct Window {
    pub taken: Vec<(i64, i64, String)>,
    pub blackouts: Vec<Blackout>,
}

pub async fn availability(app: &App, ctx: &Ctx, id: EquipmentId, from: i64, to: i64) -> AppResult<Window> {
    app.authorize(ctx, Action::ViewStructure).await?;
    if to <= from || to - from > 62 * 86_400 {
        return Err(AppError::invalid("to", "availability.range"));
    }
    store::get_equipment(&app.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Window {
        // Who booked is not part of availability.
        taken: store::holding_between(&app.db, id, from, to)
            .await?
            .into_iter()
            .map(|(s, e, status, _)| (s, e, status))
            .collect(),
        blackouts: store::blackouts_between(&app.db, id, from, to).await?,
    })
}

/// Closes `[start, end)` on an item (lab managers). Bookings already holding that time must be
/// cancelled first: the manager is told which one, rather than bookings vanishing silently.
pub async fn add_blackout(
    app: &App,
    ctx: &Ctx,
    equipment_id: EquipmentId,
    start: i64,
    end: i64,
    reason: &str,
) -> AppResult<i64> {
    let item = store::get_equipment(&app.db, equipment_id).await?.ok_or(AppError::NotFound)?;
    app.authorize(ctx, Action::ManageEquipment { lab_id: item.lab_id }).await?;
    let mut errors = tandem_domain::validation::FieldErrors::new();
    let reason = tandem_domain::validation::required_text(&mut errors, "reason", reason, 200);
    if end <= start {
        errors.add("end", "blackout.end_before_start");
    } else if end - start > 366 * 86_400 {
        errors.add("end", "blackout.too_long");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.begin_write().await?;
    store::lock_equipment(&mut tx, equipment_id).await?.ok_or(AppError::NotFound)?;
    if let Some((s, e)) = store::first_overlap(&mut tx, equipment_id, start, end).await? {
        return Err(AppError::Overlap { start: s, end: e });
    }
    let id = store::insert_blackout(&mut tx, equipment_id, start, end, &reason, Some(ctx.actor.person_id), app.now())
        .await?;
    let after = json!({ "blackout_id": id, "start": start, "end": end, "reason": reason });
    record_change(&mut tx, app, ctx, "equipment.blackout_added", "equipment", equipment_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The caller's rate class for booking; platform admins book any item at the internal rate.
async fn booking_class(app: &App, ctx: &Ctx) -> AppResult<&'static str> {
    app.authorize(ctx, Action::BookEquipment).await?;
    let class = if ctx.actor.has_role(Role::PlatformAdmin) { Some("internal") } else { user_class(ctx) };
    class.ok_or(AppError::Forbidden)
}

fn checked_purpose(purpose: &str) -> AppResult<String> {
    let mut errors = tandem_domain::validation::FieldErrors::new();
    let purpose = tandem_domain::validation::required_text(&mut errors, "purpose", purpose, 500);
    if errors.is_empty() { Ok(purpose) } else { Err(AppError::Invalid(errors)) }
}

/// Every check one booking of `[start, end)` must pass inside the item's write transaction;
/// returns the row to write with its slots.
#[allow(clippy::too_many_arguments)]
async fn prepare_booking(
    tx: &mut tandem_store::Tx,
    ctx: &Ctx,
    item: &EquipmentRow,
    class: &str,
    start: i64,
    end: i64,
    purpose: &str,
    now: i64,
) -> AppResult<(BookingWrite, Vec<i64>)> {
    let policy = policy_of(item);
    let authorised =
        store::authorised_tx(tx, item.id, ctx.actor.person_id, start).await? || ctx.actor.has_role(Role::PlatformAdmin);
    check_request(&policy, availability_of(item), now, start, end, authorised)
        .map_err(|r| AppError::Refused(r.code()))?;
    if store::first_blackout_tx(tx, item.id, start, end).await?.is_some() {
        return Err(AppError::Refused(Refusal::InBlackout.code()));
    }
    if let Some((s, e)) = store::first_overlap(tx, item.id, start, end).await? {
        return Err(AppError::Overlap { start: s, end: e });
    }
    let (rate, currency) = store::rate_tx(tx, item.id, class).await?.ok_or(AppError::Refused("booking.no_rate"))?;
    let write = BookingWrite {
        equipment_id: item.id,
        person_id: ctx.actor.person_id,
        start_at: start,
        end_at: end,
        status: if approved_at_once(&policy, authorised) { "approved" } else { "requested" }.into(),
        purpose: purpose.to_owned(),
        user_class: class.into(),
        rate_fen_per_hour: rate,
        currency,
    };
    Ok((write, slots(&policy, start, end)))
}

/// Books `[start, end)` on an item for the caller.
pub async fn book(
    app: &App,
    ctx: &Ctx,
    equipment_id: EquipmentId,
    start: i64,
    end: i64,
    purpose: &str,
) -> AppResult<BookingRow> {
    let class = booking_class(app, ctx).await?;
    let purpose = checked_purpose(purpose)?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    let item = store::lock_equipment(&mut tx, equipment_id).await?.ok_or(AppError::NotFound)?;
    let (write, slot_starts) = prepare_booking(&mut tx, ctx, &item, class, start, end, &purpose, now).await?;
    let id = store::insert_booking(&mut tx, &write, &slot_starts, now).await.map_err(|e| match e {
        StoreError::Duplicate(_) => AppError::Overlap { start, end },
        other => other.into(),
    })?;
    let after = json!({ "booking_id": id, "equipment_id": equipment_id, "start": start, "end": end, "status": write.status, "rate_fen_per_hour": write.rate_fen_per_hour });
    record_change(&mut tx, app, ctx, "booking.created", "equipment", equipment_id, None, Some(after)).await?;
    let told = write.status == "requested" && ask_managers(&mut tx, app, ctx, &item, id, start, end, 1).await?;
    tx.commit().await?;
    if told {
        app.wake_outbox();
    }
    store::get_booking(&app.db, id).await?.ok_or(AppError::NotFound)
}

/// Tells an item's managers (the teachers of its lab) that bookings wait for their decision.
#[allow(clippy::too_many_arguments)]
async fn ask_managers(
    tx: &mut tandem_store::Tx,
    app: &App,
    ctx: &Ctx,
    item: &EquipmentRow,
    booking_id: BookingId,
    start: i64,
    end: i64,
    occurrences: i64,
) -> AppResult<bool> {
    let booker =
        tandem_store::people::get_person_tx(tx, ctx.actor.person_id).await?.map(|p| p.name).unwrap_or_default();
    let notice = Notice::BookingRequested { booking_id, item: item.name.clone(), booker, start, end, occurrences };
    let told = notifications::notify_members(
        tx,
        app,
        item.lab_id,
        &[Role::Teacher],
        &notice,
        Action::ManageEquipment { lab_id: item.lab_id },
    )
    .await?;
    Ok(told > 0)
}

/// An occurrence of a series that could not be booked, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub start: i64,
    pub end: i64,
    /// The refusal code (`booking.overlap`, `booking.in_blackout`, …).
    pub code: &'static str,
    /// For an overlap, the time of the booking in the way.
    pub overlaps: Option<(i64, i64)>,
}

/// What a series request did: the occurrences booked and those that could not be.
#[derive(Debug, Clone, Default)]
pub struct SeriesOutcome {
    pub booked: Vec<BookingRow>,
    /// Occurrences that would be booked, when only checking.
    pub free: Vec<(i64, i64)>,
    pub conflicts: Vec<Conflict>,
}

/// Books every free occurrence of a repeating booking in one transaction and reports each
/// occurrence that cannot be booked with its reason; with `dry_run` nothing is written.
#[allow(clippy::too_many_arguments)]
pub async fn book_series(
    app: &App,
    ctx: &Ctx,
    equipment_id: EquipmentId,
    start: i64,
    end: i64,
    purpose: &str,
    repeat: tandem_domain::sharing::Repeat,
    dry_run: bool,
) -> AppResult<SeriesOutcome> {
    let class = booking_class(app, ctx).await?;
    let purpose = checked_purpose(purpose)?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    let item = store::lock_equipment(&mut tx, equipment_id).await?.ok_or(AppError::NotFound)?;
    let mut outcome = SeriesOutcome::default();
    let mut ids = Vec::new();
    // Bookings of the series that wait for a manager: the managers hear of them once.
    let mut waiting = Vec::new();
    for (s, e) in tandem_domain::sharing::occurrences(start, end, repeat) {
        match prepare_booking(&mut tx, ctx, &item, class, s, e, &purpose, now).await {
            Ok(_) if dry_run => outcome.free.push((s, e)),
            Ok((write, slot_starts)) => {
                let id = store::insert_booking(&mut tx, &write, &slot_starts, now).await?;
                if write.status == "requested" {
                    waiting.push((id, s, e));
                }
                ids.push(id);
                outcome.free.push((s, e));
            }
            Err(AppError::Overlap { start: os, end: oe }) => {
                outcome.conflicts.push(Conflict {
                    start: s,
                    end: e,
                    code: "booking.overlap",
                    overlaps: Some((os, oe)),
                });
            }
            Err(AppError::Refused(code)) => outcome.conflicts.push(Conflict { start: s, end: e, code, overlaps: None }),
            Err(other) => return Err(other),
        }
    }
    if dry_run || ids.is_empty() {
        // Nothing to keep; dropping the transaction rolls it back.
        return Ok(outcome);
    }
    let after = json!({ "booking_ids": ids, "conflicts": outcome.conflicts.len(), "every_days": repeat.every_days });
    record_change(&mut tx, app, ctx, "booking.series_created", "equipment", equipment_id, None, Some(after)).await?;
    let told = match waiting.first() {
        Some(&(first, s, e)) => {
            let n = i64::try_from(waiting.len()).unwrap_or(i64::MAX);
            ask_managers(&mut tx, app, ctx, &item, first, s, e, n).await?
        }
        None => false,
    };
    tx.commit().await?;
    if told {
        app.wake_outbox();
    }
    for id in ids {
        outcome.booked.push(store::get_booking(&app.db, id).await?.ok_or(AppError::NotFound)?);
    }
    Ok(outcome)
}

/// A step in a booking's life: approve, reject, cancel, check-in, check-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Approve,
    Reject,
    Cancel,
    CheckIn,
    CheckOut,
    /// The booker did not come: recorded by a manager once the booking has started.
    NoShow,
}

impl Step {
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "approve" => Step::Approve,
            "reject" => Step::Reject,
            "cancel" => Step::Cancel,
            "check-in" => Step::CheckIn,
            "check-out" => Step::CheckOut,
            "no-show" => Step::NoShow,
            _ => return None,
        })
    }
}

/// Moves a booking on by `step`. A reason (for a rejection or cancellation, say) is kept on the
/// booking and told to the person affected: the booker when a manager acts, the item's managers
/// when the booker cancels.
pub async fn step(
    app: &App,
    ctx: &Ctx,
    booking_id: BookingId,
    step: Step,
    reason: Option<&str>,
) -> AppResult<BookingRow> {
    let mut errors = tandem_domain::validation::FieldErrors::new();
    let reason = tandem_domain::validation::optional_text(&mut errors, "reason", reason.unwrap_or(""), 500);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    let found = store::get_booking_tx(&mut tx, booking_id).await?.ok_or(AppError::NotFound)?;
    let item = store::lock_equipment(&mut tx, found.equipment_id).await?.ok_or(AppError::NotFound)?;
    // Read again under the item's lock: on PostgreSQL another step may have moved it meanwhile.
    let b = store::get_booking_tx(&mut tx, booking_id).await?.ok_or(AppError::NotFound)?;
    let manager = manages(ctx, &item);
    let own = b.person_id == ctx.actor.person_id;
    if !manager && !own {
        // The denial is written on its own connection: release the write lock first, or on
        // SQLite it would wait for this very transaction.
        drop(tx);
        app.record_refusal(ctx, Action::ManageEquipment { lab_id: item.lab_id }).await;
        return Err(AppError::NotFound);
    }
    let (allowed_from, to, needs_manager): (&[&str], &str, bool) = match step {
        Step::Approve => (&["requested"], "approved", true),
        Step::Reject => (&["requested"], "rejected", true),
        Step::Cancel => (&["requested", "approved"], "cancelled", false),
        Step::CheckIn => (&["approved"], "checked_in", false),
        Step::CheckOut => (&["checked_in"], "completed", false),
        Step::NoShow => (&["approved"], "no_show", true),
    };
    if needs_manager && !manager {
        drop(tx);
        app.record_refusal(ctx, Action::ManageEquipment { lab_id: item.lab_id }).await;
        return Err(AppError::Forbidden);
    }
    if !allowed_from.contains(&b.status.as_str()) {
        return Err(AppError::Refused("booking.wrong_status"));
    }
    if step == Step::NoShow && now < b.start_at {
        return Err(AppError::Refused("booking.not_started"));
    }
    if step == Step::Cancel && !manager {
        check_self_cancel(&policy_of(&item), now, b.start_at).map_err(|r| AppError::Refused(r.code()))?;
    }
    store::set_booking_status(&mut tx, booking_id, to, reason.as_deref(), now).await?;
    let before = json!({ "status": b.status });
    let after = json!({ "status": to, "booking_id": booking_id, "reason": reason });
    record_change(&mut tx, app, ctx, &format!("booking.{to}"), "equipment", b.equipment_id, Some(before), Some(after))
        .await?;
    let told = tell_of_step(&mut tx, app, ctx, &b, step, reason).await?;
    tx.commit().await?;
    if told {
        app.wake_outbox();
    }
    store::get_booking(&app.db, booking_id).await?.ok_or(AppError::NotFound)
}

/// What a decision on several bookings did: how many moved on, and each that could not with
/// the refusal's code (another manager decided it first, say).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    pub done: usize,
    pub refused: Vec<(BookingId, &'static str)>,
}

/// The most bookings one decision takes at once.
pub const MAX_BULK: usize = 200;

/// Approves or rejects several bookings with one reason, each in its own transaction, so one
/// that can no longer be decided does not hold back the rest.
pub async fn step_many(
    app: &App,
    ctx: &Ctx,
    ids: &[BookingId],
    step: Step,
    reason: Option<&str>,
) -> AppResult<BulkOutcome> {
    if !matches!(step, Step::Approve | Step::Reject) {
        return Err(AppError::invalid("step", "booking.bulk_step"));
    }
    if ids.is_empty() {
        return Err(AppError::invalid("ids", "booking.bulk_none"));
    }
    if ids.len() > MAX_BULK {
        return Err(AppError::invalid("ids", "booking.bulk_too_many"));
    }
    let mut outcome = BulkOutcome::default();
    for id in ids {
        match self::step(app, ctx, *id, step, reason).await {
            Ok(_) => outcome.done += 1,
            Err(AppError::Invalid(e)) => return Err(AppError::Invalid(e)),
            Err(e) => outcome.refused.push((*id, e.code())),
        }
    }
    Ok(outcome)
}

/// Tells the other side of a booking what just happened to it; returns whether anyone was told.
async fn tell_of_step(
    tx: &mut tandem_store::Tx,
    app: &App,
    ctx: &Ctx,
    b: &BookingRow,
    step: Step,
    reason: Option<String>,
) -> AppResult<bool> {
    let (booking_id, item, start, end) = (b.id, b.equipment_name.clone(), b.start_at, b.end_at);
    let by_booker = b.person_id == ctx.actor.person_id;
    let notice = match step {
        Step::Approve => Notice::BookingApproved { booking_id, item, start, end, reason },
        Step::Reject => Notice::BookingRejected { booking_id, item, start, end, reason },
        Step::Cancel => Notice::BookingCancelled { booking_id, item, start, end, reason, by_booker },
        Step::NoShow => Notice::BookingNoShow { booking_id, item, start, end },
        Step::CheckIn | Step::CheckOut => return Ok(false),
    };
    if by_booker {
        // Only a cancellation is the booker's own step worth telling the managers about, and
        // only of a booking that was still waiting for them or holding their time.
        if step != Step::Cancel {
            return Ok(false);
        }
        let told = notifications::notify_members(
            tx,
            app,
            b.lab_id,
            &[Role::Teacher],
            &notice,
            Action::ManageEquipment { lab_id: b.lab_id },
        )
        .await?;
        return Ok(told > 0);
    }
    notifications::notify(tx, app, b.person_id, &notice, Action::BookEquipment).await
}

/// Records that a person was trained on an item, valid until `valid_until` (managers only).
pub async fn authorise(
    app: &App,
    ctx: &Ctx,
    equipment_id: EquipmentId,
    person_id: i64,
    valid_until: i64,
) -> AppResult<()> {
    let item = store::get_equipment(&app.db, equipment_id).await?.ok_or(AppError::NotFound)?;
    app.authorize(ctx, Action::ManageEquipment { lab_id: item.lab_id }).await?;
    if valid_until <= app.now() {
        return Err(AppError::invalid("valid_until", "date.in_past"));
    }
    let mut tx = app.db.begin_write().await?;
    if tandem_store::people::get_person_tx(&mut tx, person_id).await?.is_none() {
        return Err(AppError::invalid("person_id", "not_found"));
    }
    store::grant_authorisation(&mut tx, equipment_id, person_id, valid_until, ctx.actor.person_id, app.now()).await?;
    let after = json!({ "person_id": person_id, "valid_until": valid_until });
    record_change(&mut tx, app, ctx, "equipment.authorised", "equipment", equipment_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

fn write_of(lab_id: i64, spec: &ItemSpec) -> EquipmentWrite {
    let p = &spec.policy;
    EquipmentWrite {
        lab_id,
        name: spec.name.clone(),
        model: spec.model.clone(),
        maker: spec.maker.clone(),
        category: spec.category.clone(),
        location: spec.location.clone(),
        description: spec.description.clone(),
        status: spec.status.clone(),
        maintenance_until: spec.maintenance_until,
        approval_mode: p.approval.code().into(),
        requires_authorisation: p.requires_authorisation,
        slot_minutes: p.slot_minutes,
        min_minutes: p.min_minutes,
        max_minutes: p.max_minutes,
        max_days_ahead: p.max_days_ahead,
        open_from_minute: p.open_from_minute,
        open_to_minute: p.open_to_minute,
        cancel_minutes_before: p.cancel_minutes_before,
        capabilities: spec.capabilities.clone(),
        authorisation_valid_days: spec.authorisation_valid_days,
    }
}

fn manages_lab(ctx: &Ctx, lab_id: i64) -> bool {
    ctx.actor.may(Action::ManageEquipment { lab_id })
}

/// The labs in which the caller may publish items: every lab for staff, their own for teachers.
pub async fn publishable_labs(app: &App, ctx: &Ctx) -> AppResult<Vec<(i64, String)>> {
    let labs = store::labs(&app.db).await?;
    Ok(labs.into_iter().filter(|(id, _)| manages_lab(ctx, *id)).collect())
}

/// A lab manager publishes an item in their lab with its policy and rates.
pub async fn publish(app: &App, ctx: &Ctx, lab_id: i64, input: &ItemInput) -> AppResult<EquipmentRow> {
    app.authorize(ctx, Action::ManageEquipment { lab_id }).await?;
    let spec = parse_item(input).map_err(AppError::Invalid)?;
    let mut tx = app.db.begin_write().await?;
    match tandem_store::org::get_org_tx(&mut tx, lab_id).await? {
        Some(org) if org.kind == OrgKind::Lab.code() => {}
        _ => return Err(AppError::invalid("lab_id", "equipment.not_a_lab")),
    }
    let id = store::insert_equipment(&mut tx, &write_of(lab_id, &spec), app.now()).await?;
    for (class, fen) in &spec.rates {
        store::set_rate(&mut tx, id, class, *fen, "CNY").await?;
    }
    let after = json!({ "name": spec.name, "lab_id": lab_id, "rates": spec.rates });
    record_change(&mut tx, app, ctx, "equipment.published", "equipment", id, None, Some(after)).await?;
    tx.commit().await?;
    store::get_equipment(&app.db, id).await?.ok_or(AppError::NotFound)
}

/// The item's managers change its description, policy and rates. Bookings already made keep
/// their rate and times; new rules apply to new requests.
pub async fn revise(app: &App, ctx: &Ctx, id: EquipmentId, input: &ItemInput) -> AppResult<EquipmentRow> {
    let item = store::get_equipment(&app.db, id).await?.ok_or(AppError::NotFound)?;
    app.authorize(ctx, Action::ManageEquipment { lab_id: item.lab_id }).await?;
    let spec = parse_item(input).map_err(AppError::Invalid)?;
    let mut tx = app.db.begin_write().await?;
    store::lock_equipment(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    store::update_equipment(&mut tx, id, &write_of(item.lab_id, &spec), app.now()).await?;
    store::clear_rates(&mut tx, id).await?;
    for (class, fen) in &spec.rates {
        store::set_rate(&mut tx, id, class, *fen, "CNY").await?;
    }
    let before = json!({ "name": item.name, "status": item.status, "approval_mode": item.approval_mode });
    let after = json!({ "name": spec.name, "status": spec.status, "approval_mode": spec.policy.approval.code(), "rates": spec.rates });
    record_change(&mut tx, app, ctx, "equipment.revised", "equipment", id, Some(before), Some(after)).await?;
    tx.commit().await?;
    store::get_equipment(&app.db, id).await?.ok_or(AppError::NotFound)
}

/// Replaces an item's photo (its managers). The new bytes are stored before the row points at
/// them; the old photo is removed only after the change is committed.
pub async fn set_photo(app: &App, ctx: &Ctx, id: EquipmentId, bytes: Vec<u8>) -> AppResult<()> {
    managed_item(app, ctx, id).await?;
    let content_type = tandem_domain::sharing::item::check_photo(&bytes)?;
    let key = format!("equipment/{id}/{}", crate::auth::random_secret().get(..24).unwrap_or("photo"));
    app.put_file(&key, bytes).await?;
    let written = async {
        let mut tx = app.db.begin_write().await?;
        store::lock_equipment(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let old = store::set_photo(&mut tx, id, &key, content_type, app.now()).await?;
        let after = json!({ "photo_type": content_type });
        record_change(&mut tx, app, ctx, "equipment.photo_set", "equipment", id, None, Some(after)).await?;
        tx.commit().await?;
        AppResult::Ok(old)
    }
    .await;
    let stale = match written {
        Ok(old) => old,
        Err(e) => {
            if let Err(cleanup) = app.files.delete(&key) {
                tracing::warn!(error = %cleanup, key, "could not remove an orphaned photo");
            }
            return Err(e);
        }
    };
    if let Some(old) = stale
        && let Err(e) = app.files.delete(&old)
    {
        tracing::warn!(error = %e, key = old, "could not remove a replaced photo");
    }
    Ok(())
}

/// An item's photo and its type, for anyone who may see the item.
pub async fn photo(app: &App, ctx: &Ctx, id: EquipmentId) -> AppResult<(String, Vec<u8>)> {
    let (item, _) = get(app, ctx, id).await?;
    let (Some(key), Some(content_type)) = (item.photo_key, item.photo_type) else {
        return Err(AppError::NotFound);
    };
    Ok((content_type, app.get_file(&key).await?))
}

/// Records training for the person with this email; `valid_until` defaults to the item's
/// validity period from now.
pub async fn authorise_by_email(
    app: &App,
    ctx: &Ctx,
    equipment_id: EquipmentId,
    email: &str,
    valid_until: Option<i64>,
) -> AppResult<()> {
    let item = store::get_equipment(&app.db, equipment_id).await?.ok_or(AppError::NotFound)?;
    app.authorize(ctx, Action::ManageEquipment { lab_id: item.lab_id }).await?;
    let email = email.trim();
    if email.is_empty() {
        return Err(AppError::invalid("email", "required"));
    }
    let Some((person_id, _)) = store::person_by_email(&app.db, email).await? else {
        return Err(AppError::invalid("email", "equipment.no_such_person"));
    };
    let until = valid_until.unwrap_or(app.now() + item.authorisation_valid_days * 86_400);
    authorise(app, ctx, equipment_id, person_id, until).await
}

pub async fn my_bookings(app: &App, ctx: &Ctx) -> AppResult<Vec<BookingRow>> {
    Ok(store::bookings_of_person(&app.db, ctx.actor.person_id, 200).await?)
}

/// Requests waiting for the caller's decision: every item for staff, their labs' for teachers.
pub async fn approval_queue(app: &App, ctx: &Ctx) -> AppResult<Vec<BookingRow>> {
    if ctx.actor.may(Action::ManageStructure) {
        return Ok(store::requested(&app.db, None, 200).await?);
    }
    Ok(store::requested(&app.db, Some(&managed_labs(ctx)), 200).await?)
}

/// The labs whose items the caller manages as a teacher.
fn managed_labs(ctx: &Ctx) -> Vec<i64> {
    ctx.actor.teaching_labs()
}

/// Makes (or remakes, revoking the old) the caller's calendar feed; returns the secret, shown once.
pub async fn create_feed(app: &App, ctx: &Ctx) -> AppResult<String> {
    let secret = crate::auth::random_secret();
    let mut tx = app.db.begin_write().await?;
    store::replace_feed(&mut tx, ctx.actor.person_id, &crate::auth::secret_hash(&secret), app.now()).await?;
    let person = ctx.actor.person_id;
    record_change(&mut tx, app, ctx, "calendar.feed_created", "person", person, None, None).await?;
    tx.commit().await?;
    Ok(secret)
}

/// Stops the caller's calendar feed; returns whether there was one.
pub async fn revoke_feed(app: &App, ctx: &Ctx) -> AppResult<bool> {
    let mut tx = app.db.begin_write().await?;
    let had = store::delete_feed(&mut tx, ctx.actor.person_id).await?;
    if had {
        let person = ctx.actor.person_id;
        record_change(&mut tx, app, ctx, "calendar.feed_revoked", "person", person, None, None).await?;
    }
    tx.commit().await?;
    Ok(had)
}

/// When the caller's feed was made, if they have one.
pub async fn feed_created(app: &App, ctx: &Ctx) -> AppResult<Option<i64>> {
    Ok(store::feed_created(&app.db, ctx.actor.person_id).await?)
}

pub(crate) async fn managed_item(app: &App, ctx: &Ctx, equipment_id: EquipmentId) -> AppResult<EquipmentRow> {
    let item = store::get_equipment(&app.db, equipment_id).await?.ok_or(AppError::NotFound)?;
    app.authorize(ctx, Action::ManageEquipment { lab_id: item.lab_id }).await?;
    Ok(item)
}

/// Makes (or remakes, revoking the old) an item's calendar feed for its lab; returns the secret.
pub async fn create_item_feed(app: &App, ctx: &Ctx, equipment_id: EquipmentId) -> AppResult<String> {
    managed_item(app, ctx, equipment_id).await?;
    let secret = crate::auth::random_secret();
    let mut tx = app.db.begin_write().await?;
    store::replace_item_feed(&mut tx, equipment_id, &crate::auth::secret_hash(&secret), app.now()).await?;
    record_change(&mut tx, app, ctx, "calendar.item_feed_created", "equipment", equipment_id, None, None).await?;
    tx.commit().await?;
    Ok(secret)
}

pub async fn revoke_item_feed(app: &App, ctx: &Ctx, equipment_id: EquipmentId) -> AppResult<bool> {
    managed_item(app, ctx, equipment_id).await?;
    let mut tx = app.db.begin_write().await?;
    let had = store::delete_item_feed(&mut tx, equipment_id).await?;
    if had {
        record_change(&mut tx, app, ctx, "calendar.item_feed_revoked", "equipment", equipment_id, None, None).await?;
    }
    tx.commit().await?;
    Ok(had)
}

/// The iCalendar text behind a feed secret: a person's bookings that hold or held time, or an
/// item's from thirty days back. The secret is the only credential, as calendar clients
/// cannot sign in.
pub async fn feed(app: &App, secret: &str) -> AppResult<String> {
    let hash = crate::auth::secret_hash(secret);
    let now = app.now();
    let (name, bookings, show_person) = if let Some(owner) = store::feed_owner(&app.db, &hash).await? {
        let rows = store::bookings_of_person(&app.db, owner, 500).await?;
        ("Tandem".to_owned(), rows, false)
    } else if let Some(item) = store::item_feed_owner(&app.db, &hash).await? {
        let rows = store::bookings_of_item(&app.db, item, now - 30 * 86_400, 2000).await?;
        let name = rows.first().map(|b| b.equipment_name.clone()).unwrap_or_else(|| "Tandem".into());
        (name, rows, true)
    } else {
        return Err(AppError::NotFound);
    };
    let events: Vec<tandem_domain::ical::Event> = bookings
        .into_iter()
        .filter(|b| ["requested", "approved", "checked_in", "completed"].contains(&b.status.as_str()))
        .map(|b| tandem_domain::ical::Event {
            uid: format!("booking-{}@tandem", b.id),
            start: b.start_at,
            end: b.end_at,
            summary: if show_person { format!("{} · {}", b.person_name, b.equipment_name) } else { b.equipment_name },
            location: None,
            description: Some(b.purpose),
            status: if b.status == "requested" { "TENTATIVE" } else { "CONFIRMED" },
        })
        .collect();
    Ok(tandem_domain::ical::calendar(&name, &events, now))
}

/// One line of the open-sharing report: an organisation or an item with its figures.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UsageLine {
    /// `university`, `college`, `centre`, `lab` or `item`.
    pub level: String,
    pub id: i64,
    pub name: String,
    pub figures: tandem_domain::sharing::UsageFigures,
}

/// Open-sharing figures for `[from, to)`: every organisation above an item, then every item.
#[derive(Debug, Clone)]
pub struct UsageReport {
    pub orgs: Vec<UsageLine>,
    pub items: Vec<UsageLine>,
}

/// The yearly open-sharing figures for any period up to five years: everything for staff and
/// government officers; a teacher sees only the labs they work in (no partial centre or college
/// totals, which would mislead).
/// `period` is `[from, to)`, or `None` when the reader's dates could not be read: access is
/// checked first either way, so a refused reader learns nothing from the answer.
pub async fn usage(app: &App, ctx: &Ctx, period: Option<(i64, i64)>) -> AppResult<UsageReport> {
    let only_labs = if ctx.actor.may(Action::ViewSharingFigures) { None } else { Some(managed_labs(ctx)) };
    if only_labs.as_ref().is_some_and(Vec::is_empty) {
        app.authorize(ctx, Action::ViewSharingFigures).await?;
    }
    let Some((from, to)) = period else {
        return Err(AppError::invalid("from", "date.invalid"));
    };
    if to <= from || to - from > 5 * 366 * 86_400 {
        return Err(AppError::invalid("to", "usage.range"));
    }
    let mut rows = store::usage_by_item(&app.db, from, to).await?;
    if let Some(labs) = &only_labs {
        rows.retain(|r| labs.contains(&r.lab_id));
    }
    let mut served: std::collections::HashMap<i64, (Vec<i64>, Vec<i64>)> = std::collections::HashMap::new();
    for (item, enterprise, is_sme) in store::enterprises_served(&app.db, from, to).await? {
        let (all, smes) = served.entry(item).or_default();
        all.push(enterprise);
        if is_sme != 0 {
            smes.push(enterprise);
        }
    }
    let authorised: std::collections::HashMap<i64, i64> =
        store::authorised_counts(&app.db, to).await?.into_iter().collect();
    let tree = store::org_tree(&app.db).await?;
    let parent: std::collections::HashMap<i64, i64> =
        tree.iter().filter_map(|(id, _, _, p)| p.map(|p| (*id, p))).collect();
    let mut item_usage = Vec::with_capacity(rows.len());
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let (enterprises, smes) = served.remove(&r.equipment_id.get()).unwrap_or_default();
        let figures = tandem_domain::sharing::UsageFigures {
            bookings: r.bookings,
            machine_seconds: r.seconds,
            outside_seconds: r.outside_seconds,
            income_inside_fen: r.inside_fen_seconds / 3600,
            income_outside_fen: r.outside_fen_seconds / 3600,
            enterprises_served: i64::try_from(enterprises.len()).unwrap_or(i64::MAX),
            smes_served: i64::try_from(smes.len()).unwrap_or(i64::MAX),
            authorised_people: authorised.get(&r.equipment_id.get()).copied().unwrap_or(0),
        };
        items.push(UsageLine {
            level: "item".into(),
            id: r.equipment_id.get(),
            name: r.equipment_name,
            figures: figures.clone(),
        });
        item_usage.push(tandem_domain::sharing::ItemUsage { lab_id: r.lab_id, figures, enterprises, smes });
    }
    let totals = tandem_domain::sharing::roll_up(&item_usage, &parent);
    let rank = |kind: &str| ["university", "college", "centre", "lab"].iter().position(|k| *k == kind).unwrap_or(4);
    let mut orgs: Vec<UsageLine> = tree
        .into_iter()
        .filter_map(|(id, kind, name, _)| {
            let visible = only_labs.as_ref().is_none_or(|labs| labs.contains(&id));
            totals.get(&id).filter(|_| visible).map(|f| UsageLine { level: kind, id, name, figures: f.clone() })
        })
        .collect();
    orgs.sort_by(|a, b| rank(&a.level).cmp(&rank(&b.level)).then_with(|| a.name.cmp(&b.name)));
    Ok(UsageReport { orgs, items })
}
