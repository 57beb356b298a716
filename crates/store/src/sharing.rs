//! Equipment, rates, authorisations, bookings and the slot rows that make overlaps impossible.

use crate::dynamic::{Arg, DynSql, contains_pattern};
use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};
use tandem_domain::id::{BookingId, EquipmentId};

pub mod datasets;

/// Statuses in which a booking holds its time.
pub const HOLDING: [&str; 3] = ["requested", "approved", "checked_in"];

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EquipmentRow {
    pub id: EquipmentId,
    pub lab_id: i64,
    pub lab_name: String,
    pub name: String,
    pub model: Option<String>,
    pub maker: Option<String>,
    pub category: String,
    pub location: Option<String>,
    pub description: Option<String>,
    pub status: String,
    pub maintenance_until: Option<i64>,
    pub approval_mode: String,
    pub requires_authorisation: i64,
    pub slot_minutes: i64,
    pub min_minutes: i64,
    pub max_minutes: i64,
    pub max_days_ahead: i64,
    pub open_from_minute: i64,
    pub open_to_minute: i64,
    pub cancel_minutes_before: i64,
    pub capabilities: Option<String>,
    pub authorisation_valid_days: i64,
    pub photo_key: Option<String>,
    pub photo_type: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! equipment_select {
    () => {
        "SELECT e.id, e.lab_id, o.name AS lab_name, e.name, e.model, e.maker, e.category, e.location, e.description, e.status, \
         e.maintenance_until, e.approval_mode, e.requires_authorisation, e.slot_minutes, e.min_minutes, e.max_minutes, \
         e.max_days_ahead, e.open_from_minute, e.open_to_minute, e.cancel_minutes_before, e.capabilities, e.authorisation_valid_days, e.photo_key, e.photo_type, e.created_at, e.updated_at \
         FROM equipment e JOIN orgs o ON o.id = e.lab_id"
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EquipmentWrite {
    pub lab_id: i64,
    pub name: String,
    pub model: Option<String>,
    pub maker: Option<String>,
    pub category: String,
    pub location: Option<String>,
    pub description: Option<String>,
    pub status: String,
    pub maintenance_until: Option<i64>,
    pub approval_mode: String,
    pub requires_authorisation: bool,
    pub slot_minutes: i64,
    pub min_minutes: i64,
    pub max_minutes: i64,
    pub max_days_ahead: i64,
    pub open_from_minute: i64,
    pub open_to_minute: i64,
    pub cancel_minutes_before: i64,
    pub capabilities: Option<String>,
    pub authorisation_valid_days: i64,
}

pub async fn insert_equipment(tx: &mut Tx, e: &EquipmentWrite, now: i64) -> StoreResult<EquipmentId> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO equipment (lab_id, name, model, maker, category, location, description, status, maintenance_until, \
         approval_mode, requires_authorisation, slot_minutes, min_minutes, max_minutes, max_days_ahead, open_from_minute, \
         open_to_minute, cancel_minutes_before, capabilities, authorisation_valid_days, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) RETURNING id")
        .bind(e.lab_id).bind(&e.name).bind(&e.model).bind(&e.maker).bind(&e.category).bind(&e.location).bind(&e.description)
        .bind(&e.status).bind(e.maintenance_until).bind(&e.approval_mode).bind(i64::from(e.requires_authorisation))
        .bind(e.slot_minutes).bind(e.min_minutes).bind(e.max_minutes).bind(e.max_days_ahead).bind(e.open_from_minute)
        .bind(e.open_to_minute).bind(e.cancel_minutes_before).bind(&e.capabilities).bind(e.authorisation_valid_days).bind(now)
        .fetch_one(c).await)?)
}

/// Replaces everything about an item but its lab (which never changes: bookings and figures
/// are counted under it).
pub async fn update_equipment(tx: &mut Tx, id: EquipmentId, e: &EquipmentWrite, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "UPDATE equipment SET name = $2, model = $3, maker = $4, category = $5, location = $6, description = $7, status = $8, \
         maintenance_until = $9, approval_mode = $10, requires_authorisation = $11, slot_minutes = $12, min_minutes = $13, \
         max_minutes = $14, max_days_ahead = $15, open_from_minute = $16, open_to_minute = $17, cancel_minutes_before = $18, \
         capabilities = $19, authorisation_valid_days = $20, updated_at = $21 WHERE id = $1")
        .bind(id).bind(&e.name).bind(&e.model).bind(&e.maker).bind(&e.category).bind(&e.location).bind(&e.description)
        .bind(&e.status).bind(e.maintenance_until).bind(&e.approval_mode).bind(i64::from(e.requires_authorisation))
        .bind(e.slot_minutes).bind(e.min_minutes).bind(e.max_minutes).bind(e.max_days_ahead).bind(e.open_from_minute)
        .bind(e.open_to_minute).bind(e.cancel_minutes_before).bind(&e.capabilities).bind(e.authorisation_valid_days).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Points an item at a new photo; returns the key of the one it replaces, to delete.
pub async fn set_photo(
    tx: &mut Tx,
    id: EquipmentId,
    key: &str,
    content_type: &str,
    now: i64,
) -> StoreResult<Option<String>> {
    let old: Option<Option<String>> = with_tx!(tx, c => sqlx::query_scalar("SELECT photo_key FROM equipment WHERE id = $1")
        .bind(id).fetch_optional(c).await)?;
    with_tx!(tx, c => sqlx::query("UPDATE equipment SET photo_key = $2, photo_type = $3, updated_at = $4 WHERE id = $1")
        .bind(id).bind(key).bind(content_type).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(old.flatten())
}

/// Removes every rate of an item (before writing the new set); bookings keep the rate they fixed.
pub async fn clear_rates(tx: &mut Tx, equipment_id: EquipmentId) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("DELETE FROM equipment_rates WHERE equipment_id = $1")
        .bind(equipment_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuthorisationRow {
    pub person_id: i64,
    pub person_name: String,
    pub email: Option<String>,
    pub valid_until: i64,
    pub granted_at: i64,
}

/// Who was trained on an item, latest expiry first.
pub async fn authorisations(db: &Db, equipment_id: EquipmentId) -> StoreResult<Vec<AuthorisationRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT a.person_id, p.name AS person_name, p.email, a.valid_until, a.granted_at FROM equipment_authorisations a \
         JOIN people p ON p.id = a.person_id WHERE a.equipment_id = $1 ORDER BY a.valid_until DESC, p.name LIMIT 500")
        .bind(equipment_id).fetch_all(p).await)?)
}

pub async fn replace_item_feed(tx: &mut Tx, equipment_id: EquipmentId, token_hash: &str, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO equipment_feeds (equipment_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (equipment_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at")
        .bind(equipment_id).bind(token_hash).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_item_feed(tx: &mut Tx, equipment_id: EquipmentId) -> StoreResult<bool> {
    let n = with_tx!(tx, c => sqlx::query("DELETE FROM equipment_feeds WHERE equipment_id = $1")
        .bind(equipment_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub async fn item_feed_created(db: &Db, equipment_id: EquipmentId) -> StoreResult<Option<i64>> {
    Ok(with_db!(db, p => sqlx::query_scalar("SELECT created_at FROM equipment_feeds WHERE equipment_id = $1")
        .bind(equipment_id).fetch_optional(p).await)?)
}

pub async fn item_feed_owner(db: &Db, token_hash: &str) -> StoreResult<Option<EquipmentId>> {
    Ok(with_db!(db, p => sqlx::query_scalar("SELECT equipment_id FROM equipment_feeds WHERE token_hash = $1")
        .bind(token_hash).fetch_optional(p).await)?)
}

pub async fn set_rate(
    tx: &mut Tx,
    equipment_id: EquipmentId,
    user_class: &str,
    fen_per_hour: i64,
    currency: &str,
) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO equipment_rates (equipment_id, user_class, fen_per_hour, currency) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (equipment_id, user_class) DO UPDATE SET fen_per_hour = excluded.fen_per_hour, currency = excluded.currency")
        .bind(equipment_id).bind(user_class).bind(fen_per_hour).bind(currency).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn rates(db: &Db, equipment_id: EquipmentId) -> StoreResult<Vec<(String, i64, String)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT user_class, fen_per_hour, currency FROM equipment_rates WHERE equipment_id = $1 ORDER BY user_class")
        .bind(equipment_id).fetch_all(p).await)?)
}

pub async fn rate_tx(tx: &mut Tx, equipment_id: EquipmentId, user_class: &str) -> StoreResult<Option<(i64, String)>> {
    Ok(with_tx!(tx, c => sqlx::query_as(
        "SELECT fen_per_hour, currency FROM equipment_rates WHERE equipment_id = $1 AND user_class = $2")
        .bind(equipment_id).bind(user_class).fetch_optional(c).await)?)
}

pub async fn get_equipment(db: &Db, id: EquipmentId) -> StoreResult<Option<EquipmentRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(equipment_select!(), " WHERE e.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

/// Reads an item inside a write transaction and, on PostgreSQL, locks its row so bookings of
/// the same item queue up (SQLite's `BEGIN IMMEDIATE` already serialises every writer).
pub async fn lock_equipment(tx: &mut Tx, id: EquipmentId) -> StoreResult<Option<EquipmentRow>> {
    Ok(match tx {
        Tx::Sqlite(t) => {
            sqlx::query_as(concat!(equipment_select!(), " WHERE e.id = $1")).bind(id).fetch_optional(&mut **t).await?
        }
        Tx::Pg(t) => {
            sqlx::query_as(concat!(equipment_select!(), " WHERE e.id = $1 FOR UPDATE OF e"))
                .bind(id)
                .fetch_optional(&mut **t)
                .await?
        }
    })
}

#[derive(Debug, Clone, Default)]
pub struct EquipmentFilter {
    pub q: Option<String>,
    pub lab_id: Option<i64>,
    /// Items of labs in this organisation (a lab itself, or a centre, college or the university
    /// above it).
    pub org_id: Option<i64>,
    pub category: Option<String>,
    pub status: Option<String>,
    /// One of [`EQUIPMENT_SORTS`]; by name otherwise.
    pub sort: Option<crate::Sort>,
}

/// The orders the equipment list offers.
pub const EQUIPMENT_SORTS: &[&str] = &["name", "category", "lab", "status"];
const EQUIPMENT_ORDER: &[(&str, &str)] =
    &[("name", "e.name"), ("category", "e.category"), ("lab", "o.name"), ("status", "e.status")];

pub async fn list_equipment(db: &Db, f: &EquipmentFilter, page: Page) -> StoreResult<(Vec<EquipmentRow>, i64)> {
    let mut q = DynSql::new(" WHERE 1 = 1");
    if let Some(needle) = f.q.as_deref().filter(|s| !s.trim().is_empty()) {
        let pattern = contains_pattern(needle.trim());
        q.push(" AND (LOWER(e.name) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(COALESCE(e.model, '')) LIKE ").arg(Arg::Text(pattern)).push(" ESCAPE '\\')");
    }
    if let Some(lab) = f.lab_id {
        q.push(" AND e.lab_id = ").arg(Arg::Int(lab));
    }
    if let Some(org) = f.org_id {
        // A lab sits at most three levels below the university (university → college → centre → lab).
        q.push(" AND (e.lab_id = ").arg(Arg::Int(org));
        q.push(" OR o.parent_id = ").arg(Arg::Int(org));
        q.push(" OR o.parent_id IN (SELECT id FROM orgs WHERE parent_id = ").arg(Arg::Int(org));
        q.push(") OR o.parent_id IN (SELECT c.id FROM orgs c JOIN orgs p ON p.id = c.parent_id WHERE p.parent_id = ")
            .arg(Arg::Int(org))
            .push("))");
    }
    if let Some(c) = f.category.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND e.category = ").arg(Arg::Text(c.to_owned()));
    }
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND e.status = ").arg(Arg::Text(s.to_owned()));
    }
    let rest = q.sql.clone();
    let count = q.clone_with(format!("SELECT COUNT(*) FROM equipment e JOIN orgs o ON o.id = e.lab_id{rest}"));
    let order = crate::page::order_by(f.sort, EQUIPMENT_ORDER, "e.name", "e.id");
    let list = q.clone_with(format!("{}{rest}{order}", equipment_select!()));
    list.fetch_page(count, page, db).await
}

pub async fn grant_authorisation(
    tx: &mut Tx,
    equipment_id: EquipmentId,
    person_id: i64,
    valid_until: i64,
    by: i64,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO equipment_authorisations (equipment_id, person_id, valid_until, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (equipment_id, person_id) DO UPDATE SET valid_until = excluded.valid_until, granted_by = excluded.granted_by, \
         granted_at = excluded.granted_at")
        .bind(equipment_id).bind(person_id).bind(valid_until).bind(by).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn authorised(db: &Db, equipment_id: EquipmentId, person_id: i64, at: i64) -> StoreResult<bool> {
    let n: i64 = with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM equipment_authorisations WHERE equipment_id = $1 AND person_id = $2 AND valid_until > $3")
        .bind(equipment_id).bind(person_id).bind(at).fetch_one(p).await)?;
    Ok(n > 0)
}

pub async fn authorised_tx(tx: &mut Tx, equipment_id: EquipmentId, person_id: i64, at: i64) -> StoreResult<bool> {
    let n: i64 = with_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM equipment_authorisations WHERE equipment_id = $1 AND person_id = $2 AND valid_until > $3")
        .bind(equipment_id).bind(person_id).bind(at).fetch_one(c).await)?;
    Ok(n > 0)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BookingRow {
    pub id: BookingId,
    pub equipment_id: EquipmentId,
    pub equipment_name: String,
    pub lab_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub start_at: i64,
    pub end_at: i64,
    pub status: String,
    pub purpose: String,
    pub user_class: String,
    pub rate_fen_per_hour: i64,
    pub currency: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The item's current rule: the booker may cancel until this many minutes before the start.
    pub cancel_minutes_before: i64,
    /// Why it was rejected or cancelled, when someone said.
    pub status_reason: Option<String>,
}

macro_rules! booking_select {
    () => {
        "SELECT b.id, b.equipment_id, e.name AS equipment_name, e.lab_id, b.person_id, p.name AS person_name, b.start_at, b.end_at, \
         b.status, b.purpose, b.user_class, b.rate_fen_per_hour, b.currency, b.created_at, b.updated_at, e.cancel_minutes_before, \
         b.status_reason \
         FROM bookings b JOIN equipment e ON e.id = b.equipment_id JOIN people p ON p.id = b.person_id"
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingWrite {
    pub equipment_id: EquipmentId,
    pub person_id: i64,
    pub start_at: i64,
    pub end_at: i64,
    pub status: String,
    pub purpose: String,
    pub user_class: String,
    pub rate_fen_per_hour: i64,
    pub currency: String,
}

/// The first booking holding time in `[start, end)` on the item, if any.
pub async fn first_overlap(
    tx: &mut Tx,
    equipment_id: EquipmentId,
    start: i64,
    end: i64,
) -> StoreResult<Option<(i64, i64)>> {
    Ok(with_tx!(tx, c => sqlx::query_as(
        "SELECT start_at, end_at FROM bookings WHERE equipment_id = $1 AND status IN ('requested', 'approved', 'checked_in') \
         AND start_at < $3 AND end_at > $2 ORDER BY start_at LIMIT 1")
        .bind(equipment_id).bind(start).bind(end).fetch_optional(c).await)?)
}

/// Inserts a booking and its slot rows. A slot already taken is a unique violation: the
/// database refuses the overlap even if the check before it raced.
pub async fn insert_booking(tx: &mut Tx, b: &BookingWrite, slots: &[i64], now: i64) -> StoreResult<BookingId> {
    let id: BookingId = with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO bookings (equipment_id, person_id, start_at, end_at, status, purpose, user_class, rate_fen_per_hour, currency, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id")
        .bind(b.equipment_id).bind(b.person_id).bind(b.start_at).bind(b.end_at).bind(&b.status).bind(&b.purpose)
        .bind(&b.user_class).bind(b.rate_fen_per_hour).bind(&b.currency).bind(now)
        .fetch_one(c).await)?;
    for slot in slots {
        with_tx!(tx, c => sqlx::query("INSERT INTO booking_slots (equipment_id, slot_start, booking_id) VALUES ($1, $2, $3)")
            .bind(b.equipment_id).bind(*slot).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(id)
}

pub async fn get_booking(db: &Db, id: BookingId) -> StoreResult<Option<BookingRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(booking_select!(), " WHERE b.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn get_booking_tx(tx: &mut Tx, id: BookingId) -> StoreResult<Option<BookingRow>> {
    Ok(
        with_tx!(tx, c => sqlx::query_as(concat!(booking_select!(), " WHERE b.id = $1")).bind(id).fetch_optional(c).await)?,
    )
}

/// Moves a booking to `status`; a status that no longer holds time frees its slots.
pub async fn set_booking_status(
    tx: &mut Tx,
    id: BookingId,
    status: &str,
    reason: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("UPDATE bookings SET status = $2, updated_at = $3, status_reason = $4 WHERE id = $1")
        .bind(id).bind(status).bind(now).bind(reason).execute(c).await.map(|r| r.rows_affected()))?;
    if !HOLDING.contains(&status) && status != "completed" {
        with_tx!(tx, c => sqlx::query("DELETE FROM booking_slots WHERE booking_id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Bookings of an item overlapping `[from, to)` that hold time, for availability.
pub async fn holding_between(
    db: &Db,
    equipment_id: EquipmentId,
    from: i64,
    to: i64,
) -> StoreResult<Vec<(i64, i64, String, i64)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT start_at, end_at, status, person_id FROM bookings WHERE equipment_id = $1 AND status IN ('requested', 'approved', 'checked_in', 'completed') \
         AND start_at < $3 AND end_at > $2 ORDER BY start_at")
        .bind(equipment_id).bind(from).bind(to).fetch_all(p).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BlackoutRow {
    pub id: i64,
    pub equipment_id: EquipmentId,
    pub start_at: i64,
    pub end_at: i64,
    pub reason: String,
}

pub async fn insert_blackout(
    tx: &mut Tx,
    equipment_id: EquipmentId,
    start: i64,
    end: i64,
    reason: &str,
    by: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO equipment_blackouts (equipment_id, start_at, end_at, reason, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(equipment_id).bind(start).bind(end).bind(reason).bind(by).bind(now)
        .fetch_one(c).await)?)
}

/// Blackouts of an item overlapping `[from, to)`, earliest first.
pub async fn blackouts_between(
    db: &Db,
    equipment_id: EquipmentId,
    from: i64,
    to: i64,
) -> StoreResult<Vec<BlackoutRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, equipment_id, start_at, end_at, reason FROM equipment_blackouts \
         WHERE equipment_id = $1 AND start_at < $3 AND end_at > $2 ORDER BY start_at")
        .bind(equipment_id).bind(from).bind(to).fetch_all(p).await)?)
}

/// The first blackout overlapping `[start, end)`, read inside the booking's transaction.
pub async fn first_blackout_tx(
    tx: &mut Tx,
    equipment_id: EquipmentId,
    start: i64,
    end: i64,
) -> StoreResult<Option<BlackoutRow>> {
    Ok(with_tx!(tx, c => sqlx::query_as(
        "SELECT id, equipment_id, start_at, end_at, reason FROM equipment_blackouts \
         WHERE equipment_id = $1 AND start_at < $3 AND end_at > $2 ORDER BY start_at LIMIT 1")
        .bind(equipment_id).bind(start).bind(end).fetch_optional(c).await)?)
}

/// Replaces the person's calendar feed secret (the old address stops working).
pub async fn replace_feed(tx: &mut Tx, person_id: i64, token_hash: &str, now: i64) -> StoreResult<()> {
    delete_feed(tx, person_id).await?;
    with_tx!(tx, c => sqlx::query("INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(person_id).bind(token_hash).bind(now).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Removes the person's feed; returns whether there was one.
pub async fn delete_feed(tx: &mut Tx, person_id: i64) -> StoreResult<bool> {
    let r = with_tx!(tx, c => sqlx::query("DELETE FROM calendar_feeds WHERE person_id = $1")
        .bind(person_id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(r > 0)
}

/// When the person's feed was made, if they have one.
pub async fn feed_created(db: &Db, person_id: i64) -> StoreResult<Option<i64>> {
    Ok(with_db!(db, p => sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE person_id = $1")
        .bind(person_id).fetch_optional(p).await)?)
}

/// The owner of a feed secret.
pub async fn feed_owner(db: &Db, token_hash: &str) -> StoreResult<Option<i64>> {
    Ok(with_db!(db, p => sqlx::query_scalar("SELECT person_id FROM calendar_feeds WHERE token_hash = $1")
        .bind(token_hash).fetch_optional(p).await)?)
}

/// One item's sums over completed bookings starting in a period (money as fen × seconds, so
/// the division by 3,600 happens once, after summing).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemUsageRow {
    pub equipment_id: EquipmentId,
    pub equipment_name: String,
    pub lab_id: i64,
    pub bookings: i64,
    pub seconds: i64,
    pub outside_seconds: i64,
    pub inside_fen_seconds: i64,
    pub outside_fen_seconds: i64,
}

pub async fn usage_by_item(db: &Db, from: i64, to: i64) -> StoreResult<Vec<ItemUsageRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT e.id AS equipment_id, e.name AS equipment_name, e.lab_id, COUNT(b.id) AS bookings, \
         CAST(COALESCE(SUM(b.end_at - b.start_at), 0) AS BIGINT) AS seconds, \
         CAST(COALESCE(SUM(CASE WHEN b.user_class <> 'internal' THEN b.end_at - b.start_at ELSE 0 END), 0) AS BIGINT) AS outside_seconds, \
         CAST(COALESCE(SUM(CASE WHEN b.user_class = 'internal' THEN (b.end_at - b.start_at) * b.rate_fen_per_hour ELSE 0 END), 0) AS BIGINT) AS inside_fen_seconds, \
         CAST(COALESCE(SUM(CASE WHEN b.user_class <> 'internal' THEN (b.end_at - b.start_at) * b.rate_fen_per_hour ELSE 0 END), 0) AS BIGINT) AS outside_fen_seconds \
         FROM equipment e LEFT JOIN bookings b ON b.equipment_id = e.id AND b.status = 'completed' AND b.start_at >= $1 AND b.start_at < $2 \
         GROUP BY e.id, e.name, e.lab_id ORDER BY e.id")
        .bind(from).bind(to).fetch_all(p).await)?)
}

/// (item, enterprise) pairs: enterprises whose members completed a booking in the period.
/// `(item, enterprise, whether it is an SME)` for every enterprise whose people completed a
/// booking of the item in the period; an enterprise without a size class is not counted as an SME.
pub async fn enterprises_served(db: &Db, from: i64, to: i64) -> StoreResult<Vec<(i64, i64, i64)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT b.equipment_id, m.org_id, \
         CAST(CASE WHEN ep.size_class IN ('micro', 'small', 'medium') THEN 1 ELSE 0 END AS BIGINT) AS is_sme FROM bookings b \
         JOIN memberships m ON m.person_id = b.person_id JOIN orgs o ON o.id = m.org_id \
         LEFT JOIN enterprise_profiles ep ON ep.org_id = o.id \
         WHERE o.kind = 'enterprise' AND b.status = 'completed' AND b.start_at >= $1 AND b.start_at < $2")
        .bind(from).bind(to).fetch_all(p).await)?)
}

/// People per item holding an authorisation valid at `at`.
pub async fn authorised_counts(db: &Db, at: i64) -> StoreResult<Vec<(i64, i64)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT equipment_id, COUNT(*) FROM equipment_authorisations WHERE valid_until > $1 GROUP BY equipment_id")
        .bind(at).fetch_all(p).await)?)
}

/// Every organisation's kind, name and parent, for rolling figures up the tree.
pub async fn org_tree(db: &Db) -> StoreResult<Vec<(i64, String, String, Option<i64>)>> {
    Ok(
        with_db!(db, p => sqlx::query_as("SELECT id, kind, name, parent_id FROM orgs WHERE kind IN ('university', 'college', 'centre', 'lab')")
        .fetch_all(p).await)?,
    )
}

pub async fn bookings_of_person(db: &Db, person_id: i64, limit: i64) -> StoreResult<Vec<BookingRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(booking_select!(), " WHERE b.person_id = $1 ORDER BY b.start_at DESC LIMIT $2"))
        .bind(person_id).bind(limit).fetch_all(p).await)?,
    )
}

pub async fn count_equipment(db: &Db) -> StoreResult<i64> {
    Ok(with_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM equipment").fetch_one(p).await)?)
}

/// Requested bookings waiting for a decision, optionally only for items in these labs.
pub async fn requested(db: &Db, labs: Option<&[i64]>, limit: i64) -> StoreResult<Vec<BookingRow>> {
    let mut q = DynSql::new(concat!(booking_select!(), " WHERE b.status = 'requested'"));
    if let Some(labs) = labs {
        if labs.is_empty() {
            return Ok(vec![]);
        }
        q.push(" AND e.lab_id IN (");
        for (i, lab) in labs.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.arg(Arg::Int(*lab));
        }
        q.push(")");
    }
    q.push(" ORDER BY b.start_at LIMIT ").arg(Arg::Int(limit));
    q.fetch_all(db).await
}

/// An item's bookings that hold or held time and end after `since`, earliest first.
pub async fn bookings_of_item(
    db: &Db,
    equipment_id: EquipmentId,
    since: i64,
    limit: i64,
) -> StoreResult<Vec<BookingRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(booking_select!(),
        " WHERE b.equipment_id = $1 AND b.end_at > $2 AND b.status IN ('requested', 'approved', 'checked_in', 'completed') \
         ORDER BY b.start_at LIMIT $3"))
        .bind(equipment_id).bind(since).bind(limit).fetch_all(p).await)?)
}

/// A person by email (case-insensitive), for naming whom a manager trained.
pub async fn person_by_email(db: &Db, email: &str) -> StoreResult<Option<(i64, String)>> {
    Ok(with_db!(db, p => sqlx::query_as("SELECT id, name FROM people WHERE LOWER(email) = LOWER($1)")
        .bind(email).fetch_optional(p).await)?)
}

/// Colleges and centres as `(id, kind, name)`, for choosing where to look.
pub async fn units(db: &Db) -> StoreResult<Vec<(i64, String, String)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, kind, name FROM orgs WHERE kind IN ('college', 'centre') ORDER BY kind DESC, name")
        .fetch_all(p).await)?)
}

/// Every lab as `(id, name)`, by name.
pub async fn labs(db: &Db) -> StoreResult<Vec<(i64, String)>> {
    Ok(with_db!(db, p => sqlx::query_as("SELECT id, name FROM orgs WHERE kind = 'lab' ORDER BY name")
        .fetch_all(p).await)?)
}
