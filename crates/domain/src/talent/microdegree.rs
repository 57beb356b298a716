//! Micro-degrees (微专业): a set of modules with credits and a completion rule. Completion is
//! computed from recorded results, never entered, so a credential can only follow from it.

/// How many micro-degrees a student may be enrolled in at once (a common intake rule).
pub const MAX_ENROLMENTS: usize = 2;

/// Forms of participation, as the EU micro-credential elements name them.
pub const PARTICIPATION: [&str; 3] = ["online", "on_site", "blended"];

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
    fn two_micro_degrees_at_a_time() {
        assert!(may_enrol(0) && may_enrol(1) && !may_enrol(2));
    }
}
