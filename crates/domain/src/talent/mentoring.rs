//! The dual mentor system: who may mentor whom, how many students a mentor takes, and what a
//! meeting log and an end-of-class evaluation hold.

use crate::access::{Grant, Role};
use crate::org::OrgKind;
use crate::validation::{FieldErrors, optional_integer, optional_text, required_text};

/// Students a mentor takes at once unless staff set another limit.
pub const DEFAULT_LOAD: i64 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentorKind {
    /// A teacher of the university.
    Academic,
    /// Someone from the enterprise of the class or internship (usually its engineers and experts).
    Enterprise,
}

impl MentorKind {
    pub fn code(self) -> &'static str {
        match self {
            MentorKind::Academic => "academic",
            MentorKind::Enterprise => "enterprise",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [MentorKind::Academic, MentorKind::Enterprise].into_iter().find(|k| k.code() == code)
    }
}

/// What a student is mentored in: an order class or an internship, each with its enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Class(i64),
    Internship(i64),
}

/// Whether a person with these grants may be this kind of mentor for a class or internship at
/// `enterprise_id`.
pub fn qualifies(grants: &[Grant], kind: MentorKind, enterprise_id: i64) -> bool {
    match kind {
        MentorKind::Academic => grants.iter().any(|g| g.role == Role::Teacher && g.org_kind.is_university_unit()),
        MentorKind::Enterprise => grants.iter().any(|g| {
            g.org_id == enterprise_id
                && g.org_kind == OrgKind::Enterprise
                && matches!(g.role, Role::EnterpriseExpert | Role::EnterpriseAdmin | Role::EnterpriseMember)
        }),
    }
}

/// Whether a mentor with `current` students and this limit can take one more.
pub fn has_room(current: i64, limit: Option<i64>) -> bool {
    current < limit.unwrap_or(DEFAULT_LOAD)
}

/// The grades of an end-of-class evaluation.
pub const GRADES: [&str; 4] = ["excellent", "good", "pass", "fail"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub met_on: String,
    pub minutes: i64,
    pub topic: String,
    pub notes: Option<String>,
}

/// Checks a meeting log entry: a date not after `today` (`YYYY-MM-DD`), 5 to 480 minutes, a topic.
pub fn parse_meeting(
    met_on: &str,
    minutes: &str,
    topic: &str,
    notes: &str,
    today: &str,
) -> Result<Meeting, FieldErrors> {
    let mut e = FieldErrors::new();
    let day = chrono::NaiveDate::parse_from_str(met_on.trim(), "%Y-%m-%d").ok();
    match day {
        None => e.add("met_on", if met_on.trim().is_empty() { "required" } else { "date.invalid" }),
        Some(d) if d.format("%Y-%m-%d").to_string().as_str() > today => e.add("met_on", "date.in_future"),
        Some(_) => {}
    }
    let minutes = if minutes.trim().is_empty() {
        e.add("minutes", "required");
        None
    } else {
        optional_integer(&mut e, "minutes", minutes, 5, 480)
    };
    let topic = required_text(&mut e, "topic", topic, 200);
    let notes = optional_text(&mut e, "notes", notes, 4000);
    match (day, minutes) {
        (Some(d), Some(minutes)) if e.is_empty() => {
            Ok(Meeting { met_on: d.format("%Y-%m-%d").to_string(), minutes, topic, notes })
        }
        _ => Err(e),
    }
}

/// Checks an evaluation: one of `GRADES` and a comment.
pub fn parse_evaluation(grade: &str, comment: &str) -> Result<(String, String), FieldErrors> {
    let mut e = FieldErrors::new();
    if !GRADES.contains(&grade.trim()) {
        e.add("grade", if grade.trim().is_empty() { "required" } else { "not_a_choice" });
    }
    let comment = required_text(&mut e, "comment", comment, 4000);
    if e.is_empty() { Ok((grade.trim().to_owned(), comment)) } else { Err(e) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, org_id: i64, org_kind: OrgKind) -> Grant {
        Grant { org_id, org_kind, role }
    }

    #[test]
    fn teachers_mentor_academically_and_the_enterprise_s_people_from_industry() {
        let teacher = [grant(Role::Teacher, 3, OrgKind::College)];
        let expert = [grant(Role::EnterpriseExpert, 20, OrgKind::Enterprise)];
        assert!(qualifies(&teacher, MentorKind::Academic, 20));
        assert!(!qualifies(&teacher, MentorKind::Enterprise, 20));
        assert!(qualifies(&expert, MentorKind::Enterprise, 20));
        assert!(!qualifies(&expert, MentorKind::Enterprise, 21), "another enterprise's expert");
        assert!(!qualifies(&[grant(Role::Student, 3, OrgKind::College)], MentorKind::Academic, 20));
    }

    #[test]
    fn load_limits_and_logs_are_checked() {
        assert!(has_room(7, None) && !has_room(8, None) && has_room(8, Some(10)));
        let e = parse_meeting("2026-12-01", "2", "", "", "2026-11-25").expect_err("invalid");
        let fields: Vec<&str> = e.0.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(fields, ["date.in_future", "out_of_range", "required"]);
        assert!(parse_meeting("2026-11-20", "60", "毕业设计选题", "", "2026-11-25").is_ok());
        assert!(parse_evaluation("great", "x").is_err());
    }
}
