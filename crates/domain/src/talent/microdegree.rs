//! Micro-degrees (微专业): a set of modules with credits and a completion rule. Completion is
//! computed from recorded results, never entered, so a credential can only follow from it.

/// How many micro-degrees a student may be enrolled in at once (a common intake rule).
pub const MAX_ENROLMENTS: usize = 2;

use crate::validation::{FieldErrors, optional_text, required_choice, required_integer, required_text};

/// Forms of participation, as the EU micro-credential elements name them.
pub const PARTICIPATION: [&str; 3] = ["online", "on_site", "blended"];

/// Types of assessment a micro-degree may use (EU micro-credential element "type of assessment").
pub const ASSESSMENTS: [&str; 5] = ["exam", "project", "practical", "portfolio", "mixed"];

/// Whether a micro-degree takes new enrolments.
pub const STATUSES: [&str; 2] = ["open", "closed"];

/// A micro-degree as typed into the form or the API, every field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MicroDegreeInput {
    pub title: String,
    pub description: String,
    /// One learning outcome per line.
    pub learning_outcomes: String,
    pub workload_hours: String,
    /// Credits needed for completion, with at most one decimal ("6" or "6.5").
    pub required_credits: String,
    pub level: String,
    pub assessment_type: String,
    pub participation: String,
    pub quality_assurance: String,
    pub capacity: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MicroDegreeSpec {
    pub title: String,
    pub description: String,
    pub learning_outcomes: Vec<String>,
    pub workload_hours: i64,
    pub required_credit_tenths: i64,
    pub level: Option<String>,
    pub assessment_type: String,
    pub participation: String,
    pub quality_assurance: String,
    pub capacity: i64,
}

/// Parses credits with at most one decimal into tenths: "2" → 20, "2.5" → 25.
pub fn parse_credits(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let (whole, tenth) = match raw.split_once('.') {
        Some((w, t)) if t.len() == 1 && t.bytes().all(|b| b.is_ascii_digit()) => (w, t),
        Some(_) => return None,
        None => (raw, "0"),
    };
    if whole.is_empty() || whole.len() > 3 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(whole.parse::<i64>().ok()? * 10 + tenth.parse::<i64>().ok()?)
}

/// Credits in tenths as people write them: 20 → "2", 25 → "2.5".
pub fn format_credits(tenths: i64) -> String {
    if tenths % 10 == 0 { (tenths / 10).to_string() } else { format!("{}.{}", tenths / 10, tenths % 10) }
}

fn credits(e: &mut FieldErrors, field: &str, raw: &str, max_tenths: i64) -> Option<i64> {
    if raw.trim().is_empty() {
        e.add(field, "required");
        return None;
    }
    match parse_credits(raw) {
        Some(t) if (1..=max_tenths).contains(&t) => Some(t),
        _ => {
            e.add_with(field, "microdegree.credits", &[("max", format_credits(max_tenths))]);
            None
        }
    }
}

/// Checks a micro-degree; every problem is reported at once, by field.
pub fn parse_micro_degree(input: &MicroDegreeInput) -> Result<MicroDegreeSpec, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = required_text(&mut e, "title", &input.title, 200);
    let description = required_text(&mut e, "description", &input.description, 4000);
    let outcomes_text = required_text(&mut e, "learning_outcomes", &input.learning_outcomes, 4000);
    let learning_outcomes: Vec<String> = outcomes_text
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '*', '•']).trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let workload_hours = required_integer(&mut e, "workload_hours", &input.workload_hours, 1, 3000);
    let required = credits(&mut e, "required_credits", &input.required_credits, 600);
    let level = optional_text(&mut e, "level", &input.level, 100);
    let assessment_type = required_choice(&mut e, "assessment_type", &input.assessment_type, &ASSESSMENTS);
    let participation = required_choice(&mut e, "participation", &input.participation, &PARTICIPATION);
    let quality_assurance = required_text(&mut e, "quality_assurance", &input.quality_assurance, 1000);
    let capacity = required_integer(&mut e, "capacity", &input.capacity, 1, 5000);
    match (workload_hours, required, capacity) {
        (Some(workload_hours), Some(required_credit_tenths), Some(capacity)) if e.is_empty() => Ok(MicroDegreeSpec {
            title,
            description,
            learning_outcomes,
            workload_hours,
            required_credit_tenths,
            level,
            assessment_type,
            participation,
            quality_assurance,
            capacity,
        }),
        _ => Err(e),
    }
}

/// A module as typed: title, credits, whether it is mandatory, who teaches it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleInput {
    pub title: String,
    pub credits: String,
    pub mandatory: bool,
    pub taught_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleSpec {
    pub title: String,
    pub credit_tenths: i64,
    pub mandatory: bool,
    pub taught_by: Option<String>,
}

pub fn parse_module(input: &ModuleInput) -> Result<ModuleSpec, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = required_text(&mut e, "title", &input.title, 200);
    let credit_tenths = credits(&mut e, "credits", &input.credits, 200);
    let taught_by = optional_text(&mut e, "taught_by", &input.taught_by, 200);
    match credit_tenths {
        Some(credit_tenths) if e.is_empty() => {
            Ok(ModuleSpec { title, credit_tenths, mandatory: input.mandatory, taught_by })
        }
        _ => Err(e),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    pub id: i64,
    /// Credits in tenths (`15` = 1.5 credits), so sums stay exact.
    pub credit_tenths: i64,
    /// Whether completion needs this module whatever the credit total.
    pub mandatory: bool,
}

/// Where a student stands in a micro-degree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Complete {
        credit_tenths: i64,
    },
    InProgress {
        credit_tenths: i64,
        /// Credits still needed beyond those passed.
        short_tenths: i64,
        /// Mandatory modules not passed yet.
        missing: Vec<i64>,
    },
}

/// Completion: every mandatory module passed and at least `required_tenths` credits from
/// passed modules. `passed` lists the modules with a passing result; unknown ids are ignored.
pub fn progress(modules: &[Module], required_tenths: i64, passed: &[i64]) -> Progress {
    let credit_tenths: i64 = modules.iter().filter(|m| passed.contains(&m.id)).map(|m| m.credit_tenths).sum();
    let missing: Vec<i64> = modules.iter().filter(|m| m.mandatory && !passed.contains(&m.id)).map(|m| m.id).collect();
    let short_tenths = (required_tenths - credit_tenths).max(0);
    if missing.is_empty() && short_tenths == 0 {
        Progress::Complete { credit_tenths }
    } else {
        Progress::InProgress { credit_tenths, short_tenths, missing }
    }
}

/// Whether a student enrolled in `current` micro-degrees may enrol in another.
pub fn may_enrol(current: usize) -> bool {
    current < MAX_ENROLMENTS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules() -> Vec<Module> {
        vec![
            Module { id: 1, credit_tenths: 30, mandatory: true },
            Module { id: 2, credit_tenths: 20, mandatory: false },
            Module { id: 3, credit_tenths: 25, mandatory: false },
        ]
    }

    #[test]
    fn completion_needs_the_mandatory_modules_and_the_credits() {
        assert_eq!(
            progress(&modules(), 50, &[2, 3]),
            Progress::InProgress { credit_tenths: 45, short_tenths: 5, missing: vec![1] }
        );
        assert_eq!(progress(&modules(), 50, &[1, 2]), Progress::Complete { credit_tenths: 50 });
        assert_eq!(progress(&modules(), 50, &[1, 2, 3, 99]), Progress::Complete { credit_tenths: 75 });
        assert!(matches!(progress(&modules(), 80, &[1, 2, 3]), Progress::InProgress { short_tenths: 5, .. }));
    }

    #[test]
    fn credits_are_exact_tenths() {
        assert_eq!(parse_credits("2"), Some(20));
        assert_eq!(parse_credits(" 2.5 "), Some(25));
        assert_eq!(parse_credits("0.5"), Some(5));
        for bad in ["", "2.55", "2.", ".5", "-1", "1e3", "abc", "1,5", "9999"] {
            assert_eq!(parse_credits(bad), None, "{bad}");
        }
        assert_eq!(format_credits(25), "2.5");
        assert_eq!(format_credits(60), "6");
    }

    fn good() -> MicroDegreeInput {
        MicroDegreeInput {
            title: "工业机器人应用".into(),
            description: "面向制造企业的机器人编程与集成".into(),
            learning_outcomes: "- 完成六轴机器人示教编程\n\n- 设计简单的工作站".into(),
            workload_hours: "96".into(),
            required_credits: "6".into(),
            level: String::new(),
            assessment_type: "project".into(),
            participation: "blended".into(),
            quality_assurance: "学院教学委员会审核".into(),
            capacity: "40".into(),
        }
    }

    #[test]
    fn a_micro_degree_is_checked_field_by_field() {
        let spec = parse_micro_degree(&good()).expect("valid");
        assert_eq!(spec.learning_outcomes, vec!["完成六轴机器人示教编程", "设计简单的工作站"]);
        assert_eq!(spec.required_credit_tenths, 60);
        assert_eq!(spec.level, None);
        let bad = MicroDegreeInput {
            title: " ".into(),
            required_credits: "2.55".into(),
            participation: "sometimes".into(),
            capacity: "0".into(),
            ..good()
        };
        let e = parse_micro_degree(&bad).expect_err("invalid");
        for field in ["title", "required_credits", "participation", "capacity"] {
            assert!(e.for_field(field).is_some(), "{field}");
        }
        assert!(e.for_field("workload_hours").is_none());
    }

    #[test]
    fn a_module_needs_a_title_and_credits() {
        let ok = parse_module(&ModuleInput {
            title: "机器人编程".into(),
            credits: "1.5".into(),
            mandatory: true,
            taught_by: String::new(),
        });
        assert_eq!(ok.map(|m| (m.credit_tenths, m.taught_by)), Ok((15, None)));
        let e = parse_module(&ModuleInput::default()).expect_err("invalid");
        assert!(e.for_field("title").is_some() && e.for_field("credits").is_some());
    }

    #[test]
    fn two_micro_degrees_at_a_time() {
        assert!(may_enrol(0) && may_enrol(1) && !may_enrol(2));
    }
}
