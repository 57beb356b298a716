//! Internships (实习): a student's term at an enterprise outside any order class. Like order
//! class students, interns get an academic and an enterprise mentor.

use crate::talent::order::date;
use crate::validation::{FieldErrors, required_text};

/// The longest internship recorded as one term; longer stays are recorded as several.
pub const MAX_MONTHS: u32 = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Internship {
    pub position: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// Checks an internship's position and dates; every problem is reported at once, by field.
pub fn parse_internship(position: &str, starts_on: &str, ends_on: &str) -> Result<Internship, FieldErrors> {
    let mut e = FieldErrors::new();
    let position = required_text(&mut e, "position", position, 200);
    let start = date(&mut e, "starts_on", starts_on);
    let end = date(&mut e, "ends_on", ends_on);
    if let (Some(s), Some(t)) = (start, end) {
        if t < s {
            e.add("ends_on", "internship.ends_before_start");
        } else if s.checked_add_months(chrono::Months::new(MAX_MONTHS)).is_none_or(|limit| t > limit) {
            e.add_with("ends_on", "internship.too_long", &[("months", MAX_MONTHS.to_string())]);
        }
    }
    match (start, end) {
        (Some(s), Some(t)) if e.is_empty() => Ok(Internship {
            position,
            starts_on: s.format("%Y-%m-%d").to_string(),
            ends_on: t.format("%Y-%m-%d").to_string(),
        }),
        _ => Err(e),
    }
}

/// Checks why an internship ended early; the reason is required so the record explains itself.
pub fn parse_leave_reason(reason: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    let reason = required_text(&mut e, "reason", reason, 500);
    e.into_result(reason)
}

/// The stages' codes, in the order lists offer them.
pub const STAGES: [&str; 4] = ["upcoming", "current", "finished", "left"];

/// Where an internship stands on `today` (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Upcoming,
    Current,
    Finished,
    /// Ended before its planned end; the record keeps the reason.
    Left,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Upcoming => "upcoming",
            Stage::Current => "current",
            Stage::Finished => "finished",
            Stage::Left => "left",
        }
    }

    /// Mentors are given while an internship is upcoming or under way.
    pub fn takes_mentors(self) -> bool {
        matches!(self, Stage::Upcoming | Stage::Current)
    }
}

/// Dates are ISO `YYYY-MM-DD`, so they compare as text.
pub fn stage(starts_on: &str, ends_on: &str, left_on: Option<&str>, today: &str) -> Stage {
    if left_on.is_some() {
        Stage::Left
    } else if today < starts_on {
        Stage::Upcoming
    } else if today <= ends_on {
        Stage::Current
    } else {
        Stage::Finished
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(e: &FieldErrors) -> Vec<(&str, &str)> {
        e.0.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect()
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let e = parse_internship(" ", "2026-13-01", "").expect_err("invalid");
        assert_eq!(codes(&e), [("position", "required"), ("starts_on", "date.invalid"), ("ends_on", "required")]);
        let e = parse_internship("测试工程师", "2026-07-01", "2026-06-30").expect_err("reversed");
        assert_eq!(codes(&e), [("ends_on", "internship.ends_before_start")]);
        let e = parse_internship("测试工程师", "2026-07-01", "2027-07-02").expect_err("too long");
        assert_eq!(codes(&e), [("ends_on", "internship.too_long")]);
        let ok = parse_internship(" 测试工程师 ", "2026-07-01", "2027-07-01").expect("a year is fine");
        assert_eq!((ok.position.as_str(), ok.ends_on.as_str()), ("测试工程师", "2027-07-01"));
    }

    #[test]
    fn the_stage_follows_the_dates_and_an_early_end() {
        assert_eq!(stage("2026-07-01", "2026-08-31", None, "2026-06-30"), Stage::Upcoming);
        assert_eq!(stage("2026-07-01", "2026-08-31", None, "2026-07-01"), Stage::Current);
        assert_eq!(stage("2026-07-01", "2026-08-31", None, "2026-08-31"), Stage::Current);
        assert_eq!(stage("2026-07-01", "2026-08-31", None, "2026-09-01"), Stage::Finished);
        assert_eq!(stage("2026-07-01", "2026-08-31", Some("2026-07-15"), "2026-07-20"), Stage::Left);
        assert!(Stage::Upcoming.takes_mentors() && !Stage::Left.takes_mentors() && !Stage::Finished.takes_mentors());
        assert!(parse_leave_reason("").is_err() && parse_leave_reason("转入订单班").is_ok());
    }
}
