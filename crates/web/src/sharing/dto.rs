//! The shapes of the equipment API: what it answers and what it accepts, each with its schema.
//! An item is written in the shape it is read, so a client may send back what it got: the
//! fields marked read-only are accepted and ignored.

use crate::http::format::rfc3339;
use crate::http::json::Loose;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use tandem_app::sharing::{self as uc, Blackout, Booking, BookingId, Equipment, EquipmentId, UsageLine};
use utoipa::ToSchema;

/// Booking rules of an item. Times are minutes after local midnight (China time).
#[derive(Debug, Serialize, ToSchema)]
pub struct Policy {
    /// `automatic` or `manual` (a lab manager approves each request).
    pub approval: String,
    pub requires_authorisation: bool,
    pub slot_minutes: i64,
    pub min_minutes: i64,
    pub max_minutes: i64,
    pub max_days_ahead: i64,
    pub open_from_minute: i64,
    pub open_to_minute: i64,
    pub cancel_minutes_before: i64,
    pub authorisation_valid_days: i64,
    #[schema(read_only, example = "Asia/Shanghai")]
    pub time_zone: &'static str,
}

/// An item of the catalogue, as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemSummary {
    #[schema(read_only)]
    #[schema(value_type = i64)]
    pub id: EquipmentId,
    pub lab_id: i64,
    #[schema(read_only)]
    pub lab_name: String,
    pub name: String,
    pub model: Option<String>,
    pub maker: Option<String>,
    pub category: String,
    pub location: Option<String>,
    pub description: Option<String>,
    pub capabilities: Option<String>,
    /// `available`, `maintenance` or `retired`.
    pub status: String,
    /// Address of the item's photo, if it has one.
    #[schema(read_only)]
    pub photo: Option<String>,
    /// RFC 3339; while `status` is `maintenance`.
    pub maintenance_until: Option<String>,
    pub policy: Policy,
}

impl From<&Equipment> for ItemSummary {
    fn from(e: &Equipment) -> Self {
        Self {
            id: e.id,
            lab_id: e.lab_id,
            lab_name: e.lab_name.clone(),
            name: e.name.clone(),
            model: e.model.clone(),
            maker: e.maker.clone(),
            category: e.category.clone(),
            location: e.location.clone(),
            description: e.description.clone(),
            capabilities: e.capabilities.clone(),
            status: e.status.clone(),
            photo: e.photo_key.as_ref().map(|_| format!("/equipment/{}/photo", e.id)),
            maintenance_until: e.maintenance_until.map(rfc3339),
            policy: Policy {
                approval: e.approval_mode.clone(),
                requires_authorisation: e.requires_authorisation != 0,
                slot_minutes: e.slot_minutes,
                min_minutes: e.min_minutes,
                max_minutes: e.max_minutes,
                max_days_ahead: e.max_days_ahead,
                open_from_minute: e.open_from_minute,
                open_to_minute: e.open_to_minute,
                cancel_minutes_before: e.cancel_minutes_before,
                authorisation_valid_days: e.authorisation_valid_days,
                time_zone: "Asia/Shanghai",
            },
        }
    }
}

/// What one user class pays per hour, fixed on a booking when it is made.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rate {
    /// `internal`, `external_academic` or `enterprise`.
    pub user_class: String,
    pub fen_per_hour: i64,
    #[schema(read_only, example = "CNY")]
    pub currency: String,
}

/// One item with its rates.
#[derive(Debug, Serialize, ToSchema)]
pub struct Item {
    #[serde(flatten)]
    pub item: ItemSummary,
    pub rates: Vec<Rate>,
}

impl Item {
    pub fn new(row: &Equipment, rates: &[(String, i64, String)]) -> Self {
        Self {
            item: ItemSummary::from(row),
            rates: rates
                .iter()
                .map(|(class, fen, currency)| Rate {
                    user_class: class.clone(),
                    fen_per_hour: *fen,
                    currency: currency.clone(),
                })
                .collect(),
        }
    }
}

/// Booking rules as written; numbers may also be sent as text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub approval: Loose,
    #[serde(default)]
    pub requires_authorisation: Option<bool>,
    #[schema(value_type = Option<i64>)]
    pub authorisation_valid_days: Option<Loose>,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub slot_minutes: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub min_minutes: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub max_minutes: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub max_days_ahead: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub open_from_minute: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub open_to_minute: Loose,
    #[schema(value_type = Option<i64>)]
    pub cancel_minutes_before: Option<Loose>,
    /// Read-only: always China time.
    #[serde(default, rename = "time_zone")]
    #[schema(value_type = Option<String>, read_only)]
    _time_zone: Option<IgnoredAny>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateWrite {
    pub user_class: String,
    #[schema(value_type = i64)]
    pub fen_per_hour: Loose,
    /// Read-only: rates are in CNY.
    #[serde(default, rename = "currency")]
    #[schema(value_type = Option<String>, read_only)]
    _currency: Option<IgnoredAny>,
}

/// An item as written: the shape `GET` returns, with `lab_id` (to publish), `policy` and
/// `rates`. `id`, `lab_name` and `photo` are read-only and ignored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemWrite {
    #[serde(default, rename = "id")]
    #[schema(value_type = Option<i64>, read_only)]
    _id: Option<IgnoredAny>,
    pub lab_id: Option<i64>,
    #[serde(default, rename = "lab_name")]
    #[schema(value_type = Option<String>, read_only)]
    _lab_name: Option<IgnoredAny>,
    #[serde(default)]
    #[schema(value_type = String)]
    pub name: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub model: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub maker: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub category: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub location: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub description: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub capabilities: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub status: Loose,
    /// A date (`YYYY-MM-DD`) or an RFC 3339 instant.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub maintenance_until: Loose,
    #[serde(default, rename = "photo")]
    #[schema(value_type = Option<String>, read_only)]
    _photo: Option<IgnoredAny>,
    pub policy: PolicyWrite,
    pub rates: Vec<RateWrite>,
}

impl ItemWrite {
    /// The use case's input: each value as text, as a form sends it, for the domain to check.
    pub fn into_input(self) -> Result<(Option<i64>, uc::ItemInput), tandem_app::AppError> {
        let until = self.maintenance_until.0;
        let maintenance_until = match chrono::DateTime::parse_from_rfc3339(until.trim()) {
            Ok(at) => tandem_domain::sharing::local_date(at.timestamp()),
            Err(_) => until,
        };
        let p = self.policy;
        let mut rates: Vec<(&'static str, String)> =
            tandem_domain::sharing::item::USER_CLASSES.iter().map(|c| (*c, String::new())).collect();
        for rate in self.rates {
            let Some(slot) = rates.iter_mut().find(|(c, _)| *c == rate.user_class) else {
                return Err(tandem_app::AppError::invalid("rates", "equipment.unknown_user_class"));
            };
            slot.1 = rate.fen_per_hour.0;
        }
        let input = uc::ItemInput {
            name: self.name.0,
            model: self.model.0,
            maker: self.maker.0,
            category: self.category.0,
            location: self.location.0,
            description: self.description.0,
            capabilities: self.capabilities.0,
            status: self.status.0,
            maintenance_until,
            approval_mode: p.approval.0,
            requires_authorisation: p.requires_authorisation.unwrap_or(false),
            authorisation_valid_days: p.authorisation_valid_days.map_or_else(|| "365".into(), |d| d.0),
            slot_minutes: p.slot_minutes.0,
            min_minutes: p.min_minutes.0,
            max_minutes: p.max_minutes.0,
            max_days_ahead: p.max_days_ahead.0,
            open_from: p.open_from_minute.0,
            open_to: p.open_to_minute.0,
            cancel_minutes_before: p.cancel_minutes_before.map_or_else(|| "0".into(), |d| d.0),
            rates,
            rates_in_yuan: false,
        };
        Ok((self.lab_id, input))
    }
}

/// A booking.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookingBody {
    #[schema(value_type = i64)]
    pub id: BookingId,
    #[schema(value_type = i64)]
    pub equipment_id: EquipmentId,
    pub equipment_name: String,
    pub person_id: i64,
    /// RFC 3339.
    pub start: String,
    pub end: String,
    /// `requested`, `approved`, `rejected`, `cancelled`, `checked_in`, `completed` or `no_show`.
    pub status: String,
    pub purpose: String,
    pub user_class: String,
    /// The rate fixed when the booking was made.
    pub rate_fen_per_hour: i64,
    pub currency: String,
    pub created_at: String,
    /// Why it was rejected or cancelled, when the person who did it said.
    pub status_reason: Option<String>,
}

impl From<&Booking> for BookingBody {
    fn from(b: &Booking) -> Self {
        Self {
            id: b.id,
            equipment_id: b.equipment_id,
            equipment_name: b.equipment_name.clone(),
            person_id: b.person_id,
            start: rfc3339(b.start_at),
            end: rfc3339(b.end_at),
            status: b.status.clone(),
            purpose: b.purpose.clone(),
            user_class: b.user_class.clone(),
            rate_fen_per_hour: b.rate_fen_per_hour,
            currency: b.currency.clone(),
            created_at: rfc3339(b.created_at),
            status_reason: b.status_reason.clone(),
        }
    }
}

/// A step's optional reason: `{"reason": "…"}` (at most 500 characters), shown to the person
/// affected. The body may be left out.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepReason {
    #[serde(default)]
    pub reason: Option<String>,
}

/// Bookings.
#[derive(Debug, Serialize, ToSchema)]
pub struct Bookings {
    pub items: Vec<BookingBody>,
}

/// A time: `{"start": RFC 3339, "end": RFC 3339}` and what it is for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingRequest {
    pub start: Option<String>,
    pub end: Option<String>,
    #[serde(default)]
    pub purpose: String,
}

/// A repeating time: the first occurrence, `every` `day` or `week`, `count` occurrences (2–26).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesRequest {
    pub start: Option<String>,
    pub end: Option<String>,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    #[schema(value_type = String)]
    pub every: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub count: Loose,
    /// Only report which occurrences are free.
    #[serde(default)]
    pub dry_run: Option<bool>,
}

/// A span of time, RFC 3339.
#[derive(Debug, Serialize, ToSchema)]
pub struct Span {
    pub start: String,
    pub end: String,
}

/// An occurrence that could not be booked, with its code and the booking in the way, if any.
#[derive(Debug, Serialize, ToSchema)]
pub struct Conflict {
    pub start: String,
    pub end: String,
    pub code: String,
    pub overlaps: Option<Span>,
}

impl From<&uc::Conflict> for Conflict {
    fn from(c: &uc::Conflict) -> Self {
        Self {
            start: rfc3339(c.start),
            end: rfc3339(c.end),
            code: c.code.to_owned(),
            overlaps: c.overlaps.map(|(s, e)| Span { start: rfc3339(s), end: rfc3339(e) }),
        }
    }
}

/// The occurrences booked and those that could not be.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesBooked {
    pub booked: Vec<BookingBody>,
    pub conflicts: Vec<Conflict>,
}

/// A dry run: the occurrences that are free and those that are not.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesDryRun {
    pub free: Vec<Span>,
    pub conflicts: Vec<Conflict>,
}

/// No occurrence was free (409 `booking.series_none_free`), with each one's conflict.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesNoneFree {
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

/// A time an item is closed.
#[derive(Debug, Serialize, ToSchema)]
pub struct BlackoutBody {
    pub id: i64,
    pub start: String,
    pub end: String,
    pub reason: String,
}

impl From<&Blackout> for BlackoutBody {
    fn from(b: &Blackout) -> Self {
        Self { id: b.id, start: rfc3339(b.start_at), end: rfc3339(b.end_at), reason: b.reason.clone() }
    }
}

/// Close an item for a time.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlackoutRequest {
    pub start: Option<String>,
    pub end: Option<String>,
    #[serde(default)]
    pub reason: String,
}

/// Record that a person was trained on an item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorisationRequest {
    pub person_id: Option<i64>,
    /// RFC 3339.
    pub valid_until: Option<String>,
}

/// A taken time in an availability window.
#[derive(Debug, Serialize, ToSchema)]
pub struct Taken {
    pub start: String,
    pub end: String,
    pub status: String,
}

/// What holds an item within a window: bookings and blackouts.
#[derive(Debug, Serialize, ToSchema)]
pub struct Availability {
    pub from: String,
    pub to: String,
    pub taken: Vec<Taken>,
    pub blackouts: Vec<BlackoutBody>,
}

/// Open-sharing figures for one organisation or item over a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageLineBody {
    /// `university`, `college`, `centre`, `lab` or `item`.
    pub level: String,
    pub id: i64,
    pub name: String,
    pub figures: UsageFigures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UsageFigures {
    pub bookings: i64,
    /// Effective machine time: booked time of completed bookings.
    pub machine_seconds: i64,
    /// Of that, for users outside the university.
    pub outside_seconds: i64,
    pub income_inside_fen: i64,
    pub income_outside_fen: i64,
    pub enterprises_served: i64,
    /// Of those, micro, small or medium enterprises (2011 rules).
    pub smes_served: i64,
    /// People holding a valid authorisation at the end of the period.
    pub authorised_people: i64,
}

impl From<&UsageLine> for UsageLineBody {
    fn from(l: &UsageLine) -> Self {
        let f = &l.figures;
        Self {
            level: l.level.clone(),
            id: l.id,
            name: l.name.clone(),
            figures: UsageFigures {
                bookings: f.bookings,
                machine_seconds: f.machine_seconds,
                outside_seconds: f.outside_seconds,
                income_inside_fen: f.income_inside_fen,
                income_outside_fen: f.income_outside_fen,
                enterprises_served: f.enterprises_served,
                smes_served: f.smes_served,
                authorised_people: f.authorised_people,
            },
        }
    }
}

/// The figures of a period, per organisation and per item.
#[derive(Debug, Serialize, ToSchema)]
pub struct Usage {
    pub from: String,
    pub to: String,
    pub orgs: Vec<UsageLineBody>,
    pub items: Vec<UsageLineBody>,
}
