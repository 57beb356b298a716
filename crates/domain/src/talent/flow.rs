//! The two-way flow of people: teachers' practice terms in enterprises, enterprise experts
//! appointed to the university, and the dual-qualified teacher status derived from the record.

use crate::validation::{FieldErrors, optional_text, required_text};
use serde::Deserialize;

const RULE: &str = include_str!("../../../../data/rules/dual-qualified-teacher.json");

/// The dual-qualified rule as data, with its source; provisional until confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DualQualifiedRule {
    pub id: String,
    pub version: String,
    pub title_zh: String,
    pub title_en: String,
    pub source: String,
    pub confidence: String,
    pub provisional: bool,
    pub note: String,
    pub window_years: i64,
    pub min_practice_days: i64,
}

impl DualQualifiedRule {
    pub fn load() -> Result<Self, String> {
        let rule: Self = serde_json::from_str(RULE).map_err(|e| format!("dual-qualified rule: {e}"))?;
        if rule.window_years < 1 || rule.min_practice_days < 1 {
            return Err("dual-qualified rule: window and days must be positive".into());
        }
        Ok(rule)
    }
}

/// Days of practice inside the window ending `today`, counting each day once even where terms
/// overlap. Terms are `(start, end)` as inclusive dates.
pub fn practice_days(
    terms: &[(chrono::NaiveDate, chrono::NaiveDate)],
    today: chrono::NaiveDate,
    window_years: i64,
) -> i64 {
    let Some(from) = today.checked_sub_months(chrono::Months::new(u32::try_from(window_years * 12).unwrap_or(60)))
    else {
        return 0;
    };
    let mut spans: Vec<(chrono::NaiveDate, chrono::NaiveDate)> =
        terms.iter().map(|(s, e)| ((*s).max(from), (*e).min(today))).filter(|(s, e)| s <= e).collect();
    spans.sort();
    let mut days = 0;
    let mut covered_until: Option<chrono::NaiveDate> = None;
    for (s, e) in spans {
        let start = match covered_until {
            Some(c) if c >= s => c.succ_opt().unwrap_or(c),
            _ => s,
        };
        if start <= e {
            days += (e - start).num_days() + 1;
        }
        covered_until = Some(covered_until.map_or(e, |c| c.max(e)));
    }
    days
}

/// Whether a teacher with these practice terms counts as dual-qualified today.
pub fn is_dual_qualified(
    rule: &DualQualifiedRule,
    terms: &[(chrono::NaiveDate, chrono::NaiveDate)],
    today: chrono::NaiveDate,
) -> bool {
    practice_days(terms, today, rule.window_years) >= rule.min_practice_days
}

/// Kinds of appointment of an enterprise expert at the university.
pub const APPOINTMENTS: [&str; 2] = ["industry_professor", "adjunct_teacher"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub starts_on: String,
    pub ends_on: String,
    pub project: String,
    pub report: Option<String>,
}

/// Checks a term (practice or appointment): ISO dates, the end not before the start, a subject.
pub fn parse_term(starts_on: &str, ends_on: &str, project: &str, report: &str) -> Result<Term, FieldErrors> {
    let mut e = FieldErrors::new();
    let day = |e: &mut FieldErrors, field: &str, raw: &str| {
        let d = chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
        if d.is_none() {
            e.add(field, if raw.trim().is_empty() { "required" } else { "date.invalid" });
        }
        d
    };
    let s = day(&mut e, "starts_on", starts_on);
    let t = day(&mut e, "ends_on", ends_on);
    if let (Some(s), Some(t)) = (s, t)
        && t < s
    {
        e.add("ends_on", "order.ends_before_start");
    }
    let project = required_text(&mut e, "project", project, 300);
    let report = optional_text(&mut e, "report", report, 8000);
    match (s, t) {
        (Some(s), Some(t)) if e.is_empty() => Ok(Term {
            starts_on: s.format("%Y-%m-%d").to_string(),
            ends_on: t.format("%Y-%m-%d").to_string(),
            project,
            report,
        }),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn overlapping_and_old_practice_is_counted_once_and_only_inside_the_window() {
        let today = d("2026-11-25");
        let terms = [
            (d("2025-01-01"), d("2025-03-31")),
            (d("2025-03-01"), d("2025-04-30")),
            (d("2019-01-01"), d("2021-12-31")),
        ];
        // 2025-01-01..2025-04-30 = 120 days; the old term counts from 2021-11-25 to 2021-12-31 = 37 days.
        assert_eq!(practice_days(&terms, today, 5), 120 + 37);
        let rule = DualQualifiedRule::load().expect("rule loads");
        assert!(rule.provisional, "the rule is labelled provisional until confirmed");
        assert!(!is_dual_qualified(&rule, &terms, today));
        assert!(is_dual_qualified(&rule, &[(d("2026-01-01"), d("2026-06-29"))], today), "180 days exactly");
        assert!(!is_dual_qualified(&rule, &[(d("2026-01-01"), d("2026-06-28"))], today));
    }

    #[test]
    fn terms_are_checked() {
        let e = parse_term("2026-05-01", "2026-04-01", "", "").expect_err("invalid");
        let codes: Vec<&str> = e.0.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["order.ends_before_start", "required"]);
    }
}
