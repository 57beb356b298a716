//! Open sharing of research equipment: booking policies and the checks a booking request must
//! pass before it may hold a slot. Times are UTC epoch seconds; opening hours are local time
//! in China (UTC+8, no daylight saving).

pub mod dataset;
pub mod item;
pub mod week;

use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Seconds east of UTC for opening hours: China Standard Time.
pub const LOCAL_OFFSET_SECS: i64 = 8 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalMode {
    /// Every request is approved at once.
    Automatic,
    /// Approved at once for people with a valid authorisation; the rest wait.
    AutomaticForAuthorised,
    /// A lab manager decides.
    Manual,
}

impl ApprovalMode {
    pub fn code(self) -> &'static str {
        match self {
            ApprovalMode::Automatic => "automatic",
            ApprovalMode::AutomaticForAuthorised => "authorised",
            ApprovalMode::Manual => "manual",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [ApprovalMode::Automatic, ApprovalMode::AutomaticForAuthorised, ApprovalMode::Manual]
            .into_iter()
            .find(|m| m.code() == code)
    }
}

/// An item's booking rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub approval: ApprovalMode,
    pub requires_authorisation: bool,
    pub slot_minutes: i64,
    pub min_minutes: i64,
    pub max_minutes: i64,
    pub max_days_ahead: i64,
    /// Daily opening hours in local minutes after midnight, `[open_from, open_to)`.
    pub open_from_minute: i64,
    pub open_to_minute: i64,
    /// The booker may cancel until this many minutes before the start; managers at any time.
    pub cancel_minutes_before: i64,
}

/// Whether the item can be booked at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Availability {
    Available,
    /// In maintenance until this instant.
    MaintenanceUntil(i64),
    Retired,
}

/// Why a request is refused; the code is stable and translatable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    EndBeforeStart,
    InPast,
    Misaligned,
    TooShort,
    TooLong,
    TooFarAhead,
    OutsideHours,
    InMaintenance,
    Retired,
    NotAuthorised,
    CancelTooLate,
    InBlackout,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::EndBeforeStart => "booking.end_before_start",
            Refusal::InPast => "booking.in_past",
            Refusal::Misaligned => "booking.misaligned",
            Refusal::TooShort => "booking.too_short",
            Refusal::TooLong => "booking.too_long",
            Refusal::TooFarAhead => "booking.too_far_ahead",
            Refusal::OutsideHours => "booking.outside_hours",
            Refusal::InMaintenance => "booking.in_maintenance",
            Refusal::Retired => "booking.retired",
            Refusal::NotAuthorised => "booking.not_authorised",
            Refusal::CancelTooLate => "booking.cancel_too_late",
            Refusal::InBlackout => "booking.in_blackout",
        }
    }
}

fn local_minute(epoch: i64) -> i64 {
    (epoch + LOCAL_OFFSET_SECS).rem_euclid(86_400) / 60
}

/// The local (China) calendar date of an instant, `YYYY-MM-DD`.
pub fn local_date(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch + LOCAL_OFFSET_SECS, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn local_day(epoch: i64) -> i64 {
    (epoch + LOCAL_OFFSET_SECS).div_euclid(86_400)
}

/// Checks a request for `[start, end)` made at `now`; `authorised` says whether the person holds
/// a valid authorisation for the item.
pub fn check_request(
    policy: &Policy,
    availability: Availability,
    now: i64,
    start: i64,
    end: i64,
    authorised: bool,
) -> Result<(), Refusal> {
    if end <= start {
        return Err(Refusal::EndBeforeStart);
    }
    match availability {
        Availability::Retired => return Err(Refusal::Retired),
        Availability::MaintenanceUntil(until) if start < until => return Err(Refusal::InMaintenance),
        _ => {}
    }
    if start < now {
        return Err(Refusal::InPast);
    }
    let slot = policy.slot_minutes.max(1) * 60;
    if start.rem_euclid(slot) != 0 || end.rem_euclid(slot) != 0 {
        return Err(Refusal::Misaligned);
    }
    let minutes = (end - start) / 60;
    if minutes < policy.min_minutes {
        return Err(Refusal::TooShort);
    }
    if minutes > policy.max_minutes {
        return Err(Refusal::TooLong);
    }
    if start > now + policy.max_days_ahead * 86_400 {
        return Err(Refusal::TooFarAhead);
    }
    // Within one local day and inside opening hours (end may be the closing minute itself).
    let end_minute = if local_minute(end) == 0 { 1440 } else { local_minute(end) };
    let same_day = local_day(start) == local_day(end - 1);
    if !same_day || local_minute(start) < policy.open_from_minute || end_minute > policy.open_to_minute {
        return Err(Refusal::OutsideHours);
    }
    if policy.requires_authorisation && !authorised {
        return Err(Refusal::NotAuthorised);
    }
    Ok(())
}

/// How a booking repeats: every `every_days` days, `count` times in all (the first included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeat {
    pub every_days: i64,
    pub count: i64,
}

/// The most occurrences one series may hold: half a year of weekly sessions.
pub const MAX_OCCURRENCES: i64 = 26;

impl Repeat {
    /// Checks a repeat typed as `day` or `week` and a count; errors name `every` and `count`.
    pub fn parse(every: &str, count: &str) -> Result<Self, crate::validation::FieldErrors> {
        let mut e = crate::validation::FieldErrors::new();
        let every_days = match every.trim() {
            "day" => Some(1),
            "week" => Some(7),
            "" => {
                e.add("every", "required");
                None
            }
            _ => {
                e.add("every", "not_a_choice");
                None
            }
        };
        let count = if count.trim().is_empty() {
            e.add("count", "required");
            None
        } else {
            crate::validation::optional_integer(&mut e, "count", count, 2, MAX_OCCURRENCES)
        };
        match (every_days, count) {
            (Some(every_days), Some(count)) if e.is_empty() => Ok(Self { every_days, count }),
            _ => Err(e),
        }
    }
}

/// The times of each occurrence of `[start, end)` repeated. China has no daylight saving, so
/// a local time of day is the same number of seconds apart on every day.
pub fn occurrences(start: i64, end: i64, repeat: Repeat) -> Vec<(i64, i64)> {
    (0..repeat.count.clamp(1, MAX_OCCURRENCES))
        .map(|i| {
            let shift = i * repeat.every_days * 86_400;
            (start + shift, end + shift)
        })
        .collect()
}

/// The slot starts a booking occupies; the database keeps one row per slot, so two bookings
/// of the same item can never share one (on SQLite and PostgreSQL alike).
pub fn slots(policy: &Policy, start: i64, end: i64) -> Vec<i64> {
    let step = policy.slot_minutes.max(1) * 60;
    (0..).map(|i| start + i * step).take_while(|t| *t < end).collect()
}

/// Whether the booker may still cancel a booking starting at `start`; managers are not bound by
/// the deadline, so they are not checked here.
pub fn check_self_cancel(policy: &Policy, now: i64, start: i64) -> Result<(), Refusal> {
    if now > self_cancel_deadline(policy, start) { Err(Refusal::CancelTooLate) } else { Ok(()) }
}

/// The last instant the booker may cancel a booking starting at `start`.
pub fn self_cancel_deadline(policy: &Policy, start: i64) -> i64 {
    start - policy.cancel_minutes_before * 60
}

/// Whether a new booking is approved at once.
pub fn approved_at_once(policy: &Policy, authorised: bool) -> bool {
    match policy.approval {
        ApprovalMode::Automatic => true,
        ApprovalMode::AutomaticForAuthorised => authorised,
        ApprovalMode::Manual => false,
    }
}

/// One item's open-sharing figures for a period, from its completed bookings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UsageFigures {
    pub bookings: i64,
    /// Effective machine time: booked time of completed bookings.
    pub machine_seconds: i64,
    /// Of that, for users outside the university.
    pub outside_seconds: i64,
    pub income_inside_fen: i64,
    pub income_outside_fen: i64,
    pub enterprises_served: i64,
    /// Of those, enterprises whose profile classes them micro, small or medium (2011 rules).
    pub smes_served: i64,
    /// People holding a valid authorisation at the end of the period.
    pub authorised_people: i64,
}

/// An item's figures with the enterprises it served, so that roll-ups count each enterprise once.
#[derive(Debug, Clone)]
pub struct ItemUsage {
    pub lab_id: i64,
    pub figures: UsageFigures,
    pub enterprises: Vec<i64>,
    /// The subset of `enterprises` that are SMEs.
    pub smes: Vec<i64>,
}

/// Adds item figures up to every organisation above the item (lab, centre, college, …);
/// `parent` maps an organisation to its parent. Enterprises served are counted once per
/// organisation even when they used several of its items.
pub fn roll_up(items: &[ItemUsage], parent: &HashMap<i64, i64>) -> HashMap<i64, UsageFigures> {
    let mut totals: HashMap<i64, (UsageFigures, HashSet<i64>, HashSet<i64>)> = HashMap::new();
    for item in items {
        let mut org = Some(item.lab_id);
        let mut depth = 0;
        while let Some(id) = org {
            let (sum, served, smes) = totals.entry(id).or_default();
            let f = &item.figures;
            sum.bookings += f.bookings;
            sum.machine_seconds += f.machine_seconds;
            sum.outside_seconds += f.outside_seconds;
            sum.income_inside_fen += f.income_inside_fen;
            sum.income_outside_fen += f.income_outside_fen;
            sum.authorised_people += f.authorised_people;
            served.extend(item.enterprises.iter().copied());
            smes.extend(item.smes.iter().copied());
            org = parent.get(&id).copied();
            // A cycle in the organisation tree must not hang the report.
            depth += 1;
            if depth > 16 {
                break;
            }
        }
    }
    totals
        .into_iter()
        .map(|(id, (mut f, served, smes))| {
            f.enterprises_served = i64::try_from(served.len()).unwrap_or(i64::MAX);
            f.smes_served = i64::try_from(smes.len()).unwrap_or(i64::MAX);
            (id, f)
        })
        .collect()
}

#[cfg(test)]
mod repeat_tests {
    use super::*;

    #[test]
    fn a_weekly_series_keeps_its_time_of_day() {
        let r = Repeat::parse("week", "3").expect("valid");
        let o = occurrences(1_000, 4_600, r);
        assert_eq!(o, vec![(1_000, 4_600), (1_000 + 604_800, 4_600 + 604_800), (1_000 + 1_209_600, 4_600 + 1_209_600)]);
    }

    #[test]
    fn a_repeat_is_a_known_step_and_a_bounded_count() {
        let e = Repeat::parse("month", "40").expect_err("invalid");
        let codes: Vec<(&str, &str)> = e.0.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert_eq!(codes, [("every", "not_a_choice"), ("count", "out_of_range")]);
        assert!(Repeat::parse("day", "1").is_err(), "a series has at least two occurrences");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy {
            approval: ApprovalMode::Manual,
            requires_authorisation: true,
            slot_minutes: 30,
            min_minutes: 30,
            max_minutes: 240,
            max_days_ahead: 30,
            open_from_minute: 8 * 60,
            open_to_minute: 20 * 60,
            cancel_minutes_before: 120,
        }
    }

    /// 2026-12-01 00:00 in China, as UTC epoch seconds.
    const DAY: i64 = 1_796_054_400;
    const NOW: i64 = DAY - 86_400;

    fn at(hour: i64, minute: i64) -> i64 {
        DAY + hour * 3600 + minute * 60
    }

    #[test]
    fn a_good_request_passes_and_occupies_its_slots() {
        let p = policy();
        assert_eq!(check_request(&p, Availability::Available, NOW, at(9, 0), at(10, 30), true), Ok(()));
        assert_eq!(slots(&p, at(9, 0), at(10, 30)), vec![at(9, 0), at(9, 30), at(10, 0)]);
        // Closing time itself is a valid end.
        assert_eq!(check_request(&p, Availability::Available, NOW, at(19, 0), at(20, 0), true), Ok(()));
    }

    #[test]
    fn every_breach_has_its_own_code() {
        let p = policy();
        let ok = Availability::Available;
        let cases = [
            (ok, at(10, 0), at(9, 0), true, Refusal::EndBeforeStart),
            (ok, NOW - 3600, NOW, true, Refusal::InPast),
            (ok, at(9, 15), at(10, 0), true, Refusal::Misaligned),
            (ok, at(9, 0), at(14, 0), true, Refusal::TooLong),
            (ok, at(7, 0), at(8, 30), true, Refusal::OutsideHours),
            (ok, at(19, 30), at(20, 30), true, Refusal::OutsideHours),
            (ok, DAY + 40 * 86_400 + 9 * 3600, DAY + 40 * 86_400 + 10 * 3600, true, Refusal::TooFarAhead),
            (Availability::Retired, at(9, 0), at(10, 0), true, Refusal::Retired),
            (Availability::MaintenanceUntil(at(12, 0)), at(9, 0), at(10, 0), true, Refusal::InMaintenance),
            (ok, at(9, 0), at(10, 0), false, Refusal::NotAuthorised),
        ];
        for (availability, start, end, authorised, expected) in cases {
            assert_eq!(check_request(&p, availability, NOW, start, end, authorised), Err(expected), "{expected:?}");
        }
        let mut short = policy();
        short.min_minutes = 60;
        assert_eq!(check_request(&short, ok, NOW, at(9, 0), at(9, 30), true), Err(Refusal::TooShort));
        assert_eq!(check_request(&p, Availability::MaintenanceUntil(at(9, 0)), NOW, at(9, 0), at(10, 0), true), Ok(()));
    }

    #[test]
    fn the_booker_may_cancel_until_the_deadline() {
        let p = policy();
        let start = at(10, 0);
        assert_eq!(self_cancel_deadline(&p, start), at(8, 0));
        assert_eq!(check_self_cancel(&p, at(8, 0), start), Ok(()));
        assert_eq!(check_self_cancel(&p, at(8, 0) + 1, start), Err(Refusal::CancelTooLate));
        assert_eq!(check_self_cancel(&p, at(11, 0), start), Err(Refusal::CancelTooLate));
        let mut free = policy();
        free.cancel_minutes_before = 0;
        assert_eq!(check_self_cancel(&free, start, start), Ok(()));
        assert_eq!(check_self_cancel(&free, start + 1, start), Err(Refusal::CancelTooLate));
    }

    #[test]
    fn usage_adds_up_the_tree_and_counts_each_enterprise_once() {
        let figures = |hours: i64, inside: i64| UsageFigures {
            bookings: 1,
            machine_seconds: hours * 3600,
            outside_seconds: 0,
            income_inside_fen: inside,
            income_outside_fen: 0,
            enterprises_served: 0,
            smes_served: 0,
            authorised_people: 2,
        };
        let items = [
            ItemUsage { lab_id: 100, figures: figures(2, 500), enterprises: vec![7, 8], smes: vec![7] },
            ItemUsage { lab_id: 100, figures: figures(3, 700), enterprises: vec![7], smes: vec![7] },
            ItemUsage { lab_id: 101, figures: figures(1, 100), enterprises: vec![9], smes: vec![9] },
        ];
        // labs 100 and 101 in centre 10, which is in college 1
        let parent = HashMap::from([(100, 10), (101, 10), (10, 1)]);
        let totals = roll_up(&items, &parent);
        assert_eq!(totals[&100].machine_seconds, 5 * 3600);
        assert_eq!(totals[&100].enterprises_served, 2);
        assert_eq!(totals[&1].income_inside_fen, 1300);
        assert_eq!(totals[&1].enterprises_served, 3);
        assert_eq!((totals[&100].smes_served, totals[&1].smes_served), (1, 2), "SMEs too are counted once");
        assert_eq!(totals[&10].authorised_people, 6);
        assert_eq!(totals[&10].bookings, 3);
        // A cycle ends.
        let cyclic = HashMap::from([(100, 10), (10, 100)]);
        assert_eq!(roll_up(&items[..1], &cyclic).len(), 2);
    }

    #[test]
    fn approval_follows_the_mode() {
        let mut p = policy();
        assert!(!approved_at_once(&p, true));
        p.approval = ApprovalMode::AutomaticForAuthorised;
        assert!(approved_at_once(&p, true) && !approved_at_once(&p, false));
        p.approval = ApprovalMode::Automatic;
        assert!(approved_at_once(&p, false));
    }
}

/// The starts of the last `n` calendar months in China time, oldest first, and the start of the
/// month after the current one: `n + 1` instants bounding `n` periods, with each month's
/// `(year, month)`. The current month is the last period.
pub fn month_bounds(now: i64, n: usize) -> (Vec<i64>, Vec<(i32, u32)>) {
    use chrono::{Datelike, NaiveDate};
    let Some(today) = chrono::DateTime::from_timestamp(now + LOCAL_OFFSET_SECS, 0).map(|d| d.date_naive()) else {
        return (vec![], vec![]);
    };
    let index = today.year() * 12 + i32::try_from(today.month0()).unwrap_or(0);
    let start_of = |i: i32| {
        NaiveDate::from_ymd_opt(i.div_euclid(12), u32::try_from(i.rem_euclid(12)).unwrap_or(0) + 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp() - LOCAL_OFFSET_SECS)
            .unwrap_or(0)
    };
    let first = index - i32::try_from(n).unwrap_or(0) + 1;
    let bounds = (first..=index + 1).map(start_of).collect();
    let months =
        (first..=index).map(|i| (i.div_euclid(12), u32::try_from(i.rem_euclid(12)).unwrap_or(0) + 1)).collect();
    (bounds, months)
}

#[cfg(test)]
mod month_tests {
    use super::*;

    #[test]
    fn month_bounds_end_with_the_current_month_in_china_time() {
        // 2026-12-31 20:00 UTC is 2027-01-01 04:00 in China: January is the current month.
        let now =
            chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap().and_hms_opt(20, 0, 0).unwrap().and_utc().timestamp();
        let (bounds, months) = month_bounds(now, 3);
        assert_eq!(months, vec![(2026, 11), (2026, 12), (2027, 1)]);
        assert_eq!(bounds.len(), 4);
        let nov1 =
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
        assert_eq!(bounds[0], nov1 - LOCAL_OFFSET_SECS);
        assert!(bounds.windows(2).all(|w| w[0] < w[1]));
        assert!(bounds[2] <= now && now < bounds[3]);
    }
}
