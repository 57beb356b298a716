//! Internships (实习): a student's term at an enterprise outside any order class. Like order
//! class students, interns get an academic and an enterprise mentor.

use crate::access::{Action, Actor};
use crate::validation::{FieldErrors, optional_integer, optional_text, required_date, required_integer, required_text};

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
    let start = required_date(&mut e, "starts_on", starts_on);
    let end = required_date(&mut e, "ends_on", ends_on);
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

/// The three parties to an internship's learning agreement (三方实习协议).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Student,
    Enterprise,
    University,
}

impl Party {
    pub const ALL: [Party; 3] = [Party::Student, Party::Enterprise, Party::University];

    pub fn code(self) -> &'static str {
        match self {
            Party::Student => "student",
            Party::Enterprise => "enterprise",
            Party::University => "university",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Who the caller speaks for in an internship's agreement: the intern for themselves; staff and
/// the current academic mentor for the university; the host enterprise's admins and the current
/// enterprise mentor for the enterprise. Staff speak for the university even though they may act
/// for any enterprise elsewhere.
pub fn party_of(
    actor: &Actor,
    student_id: i64,
    enterprise_id: i64,
    academic_mentor: bool,
    enterprise_mentor: bool,
) -> Option<Party> {
    if !actor.may(Action::SignAgreement { student_id, enterprise_id, academic_mentor, enterprise_mentor }) {
        None
    } else if actor.person_id == student_id {
        Some(Party::Student)
    } else if academic_mentor || actor.may(Action::ManageInternships) {
        Some(Party::University)
    } else {
        Some(Party::Enterprise)
    }
}

/// What a learning agreement says: goals tied to the student's studies (so an internship is not
/// odd jobs), the duties, the weekly hours and the monthly allowance, and the insurance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub goals: String,
    pub duties: String,
    pub weekly_hours: i64,
    pub allowance_fen: Option<i64>,
    pub insurance: Option<String>,
}

/// Checks an agreement's terms; every problem is reported at once, by field. Hours are 1–60 a
/// week and the allowance 0–100,000 yuan a month: plausibility bounds, not legal limits.
pub fn parse_agreement(
    goals: &str,
    duties: &str,
    weekly_hours: &str,
    allowance_yuan: &str,
    insurance: &str,
) -> Result<Agreement, FieldErrors> {
    let mut e = FieldErrors::new();
    let goals = required_text(&mut e, "goals", goals, 2000);
    let duties = required_text(&mut e, "duties", duties, 2000);
    let weekly_hours = required_integer(&mut e, "weekly_hours", weekly_hours, 1, 60);
    let allowance_fen = optional_integer(&mut e, "allowance", allowance_yuan, 0, 100_000).map(|yuan| yuan * 100);
    let insurance = optional_text(&mut e, "insurance", insurance, 1000);
    match weekly_hours {
        Some(weekly_hours) if e.is_empty() => Ok(Agreement { goals, duties, weekly_hours, allowance_fen, insurance }),
        _ => Err(e),
    }
}

/// Days an intern under way may go without a logged meeting before the list flags it. Tandem's
/// own working default (teachers asked for a monthly check), not an external rule.
pub const GUIDANCE_GAP_DAYS: u64 = 30;

/// What needs the university's attention in an internship that has not ended: a missing mentor,
/// a learning agreement not yet confirmed by all three parties, or no meeting logged in the last
/// [`GUIDANCE_GAP_DAYS`] days once it has run that long.
/// Codes: `no_academic_mentor`, `no_enterprise_mentor`, `no_agreement`, `no_recent_guidance`.
#[allow(clippy::too_many_arguments)]
pub fn attention(
    stage: Stage,
    has_academic: bool,
    has_enterprise: bool,
    agreement_in_force: bool,
    starts_on: &str,
    last_met_on: Option<&str>,
    today: &str,
) -> Vec<&'static str> {
    let mut codes = Vec::new();
    if !stage.takes_mentors() {
        return codes;
    }
    if !has_academic {
        codes.push("no_academic_mentor");
    }
    if !has_enterprise {
        codes.push("no_enterprise_mentor");
    }
    if !agreement_in_force {
        codes.push("no_agreement");
    }
    if stage == Stage::Current {
        let cutoff = guidance_cutoff(today);
        if starts_on <= cutoff.as_str() && last_met_on.is_none_or(|met| met <= cutoff.as_str()) {
            codes.push("no_recent_guidance");
        }
    }
    codes
}

/// The day [`GUIDANCE_GAP_DAYS`] before `today`: a meeting on or before it is not recent.
pub fn guidance_cutoff(today: &str) -> String {
    chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_sub_days(chrono::Days::new(GUIDANCE_GAP_DAYS)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
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
    use crate::access::Role;

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

    #[test]
    fn missing_mentors_and_a_month_without_guidance_need_attention() {
        let today = "2026-11-25";
        assert_eq!(guidance_cutoff(today), "2026-10-26");
        let current = Stage::Current;
        assert!(attention(current, true, true, true, "2026-09-01", Some("2026-11-20"), today).is_empty());
        assert_eq!(
            attention(current, true, true, true, "2026-09-01", Some("2026-10-26"), today),
            ["no_recent_guidance"]
        );
        assert_eq!(attention(current, true, true, true, "2026-09-01", None, today), ["no_recent_guidance"]);
        // Too early to expect a meeting: started less than a month ago.
        assert!(attention(current, true, true, true, "2026-11-01", None, today).is_empty());
        assert_eq!(attention(Stage::Upcoming, false, true, true, "2027-07-01", None, today), ["no_academic_mentor"]);
        assert!(attention(Stage::Finished, false, false, false, "2026-07-01", None, today).is_empty());
        assert!(attention(Stage::Left, false, false, false, "2026-09-01", None, today).is_empty());
        assert_eq!(attention(current, true, true, false, "2026-11-01", None, today), ["no_agreement"]);
    }

    #[test]
    fn an_agreement_names_every_problem_and_each_party_is_found() {
        let e = parse_agreement(" ", "", "61", "-1", "").expect_err("invalid");
        assert_eq!(
            codes(&e),
            [
                ("goals", "required"),
                ("duties", "required"),
                ("weekly_hours", "out_of_range"),
                ("allowance", "out_of_range")
            ]
        );
        let ok = parse_agreement("掌握数控编程", "协助工艺员编制程序", "40", "2000", "").expect("valid");
        assert_eq!((ok.weekly_hours, ok.allowance_fen, ok.insurance), (40, Some(200_000), None));

        use crate::access::Grant;
        use crate::org::OrgKind;
        let actor = |id: i64, grants: Vec<Grant>| Actor { person_id: id, grants };
        let grant = |role: Role, org_id: i64, org_kind: OrgKind| Grant { org_id, org_kind, role };
        let (student, enterprise) = (7, 20);
        assert_eq!(party_of(&actor(7, vec![]), student, enterprise, false, false), Some(Party::Student));
        let staff = actor(1, vec![grant(Role::UniversityStaff, 1, OrgKind::University)]);
        assert_eq!(party_of(&staff, student, enterprise, false, false), Some(Party::University));
        let admin = actor(2, vec![grant(Role::EnterpriseAdmin, enterprise, OrgKind::Enterprise)]);
        assert_eq!(party_of(&admin, student, enterprise, false, false), Some(Party::Enterprise));
        let other_admin = actor(3, vec![grant(Role::EnterpriseAdmin, 21, OrgKind::Enterprise)]);
        assert_eq!(party_of(&other_admin, student, enterprise, false, false), None);
        let teacher = actor(4, vec![grant(Role::Teacher, 3, OrgKind::College)]);
        assert_eq!(party_of(&teacher, student, enterprise, false, false), None, "not their intern");
        assert_eq!(party_of(&teacher, student, enterprise, true, false), Some(Party::University));
        let expert = actor(5, vec![grant(Role::EnterpriseExpert, enterprise, OrgKind::Enterprise)]);
        assert_eq!(party_of(&expert, student, enterprise, false, true), Some(Party::Enterprise));
    }
}
