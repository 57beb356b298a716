//! Joint research (企业出题、校企联合攻关): an enterprise states a technical problem it wants
//! solved — a proposition — and the university screens it and publishes it on the board where
//! teams take it on. This module holds what a proposition must say and the steps of its life;
//! who may take each step is in `access`.

pub mod achievement;
pub mod expertise;
pub mod project;
pub mod proposal;
pub mod trl;

use crate::validation::{FieldErrors, optional_text, required_date, required_text};

/// Where a proposition stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Being written by the enterprise; only the enterprise sees it.
    Draft,
    /// Sent to the university for screening.
    Submitted,
    /// Sent back by the university with a reason; the enterprise may revise and submit again.
    Returned,
    /// Accepted by the screening, not yet on the board.
    Accepted,
    /// On the board: every signed-in member sees its public summary.
    Published,
    /// A team's proposal was selected: the work goes on as a project, the board shows it taken.
    Awarded,
    /// Over: taken off the board or withdrawn.
    Closed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Submitted,
        Status::Returned,
        Status::Accepted,
        Status::Published,
        Status::Awarded,
        Status::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Accepted => "accepted",
            Status::Published => "published",
            Status::Awarded => "awarded",
            Status::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the enterprise may still change what the proposition says.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }

    /// Whether it has been on the board, so its public summary is anyone's to read.
    pub fn public(self) -> bool {
        matches!(self, Status::Published | Status::Awarded)
    }
}

/// A step in a proposition's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    Accept,
    Return,
    Publish,
    Close,
}

/// Who takes a step: the enterprise the proposition is written for, or the university's staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Enterprise,
    University,
    /// Either may (closing).
    Either,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Submit, Step::Accept, Step::Return, Step::Publish, Step::Close];

    pub fn code(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Accept => "accept",
            Step::Return => "return",
            Step::Publish => "publish",
            Step::Close => "close",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn side(self) -> Side {
        match self {
            Step::Submit => Side::Enterprise,
            Step::Accept | Step::Return | Step::Publish => Side::University,
            Step::Close => Side::Either,
        }
    }

    /// A returned proposition says why, so the enterprise knows what to change.
    pub fn needs_reason(self) -> bool {
        matches!(self, Step::Return)
    }

    /// Where the step leads from `from`, or `None` when it is out of order.
    pub fn from(self, from: Status) -> Option<Status> {
        match (self, from) {
            (Step::Submit, Status::Draft | Status::Returned) => Some(Status::Submitted),
            (Step::Accept, Status::Submitted) => Some(Status::Accepted),
            (Step::Return, Status::Submitted | Status::Accepted) => Some(Status::Returned),
            (Step::Publish, Status::Accepted) => Some(Status::Published),
            // An awarded proposition closes with its project, not by a step of its own.
            (Step::Close, s) if !matches!(s, Status::Closed | Status::Awarded) => Some(Status::Closed),
            _ => None,
        }
    }
}

/// The longest reason kept with a step.
pub const MAX_REASON: usize = 1000;

/// Checks the reason given with a step: required for a return, at most [`MAX_REASON`] characters.
pub fn parse_reason(step: Step, reason: &str) -> Result<Option<String>, FieldErrors> {
    let mut e = FieldErrors::new();
    let reason = if step.needs_reason() {
        Some(required_text(&mut e, "reason", reason, MAX_REASON))
    } else {
        optional_text(&mut e, "reason", reason, MAX_REASON)
    };
    e.into_result(reason)
}

/// What an enterprise writes, as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PropositionInput {
    pub title: String,
    /// What anyone signed in may read once it is published.
    pub summary: String,
    /// What only the enterprise, the screening staff and the teams it admits may read.
    pub confidential: String,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    /// `YYYY-MM-DD`: the last day proposals are taken.
    pub deadline: String,
    /// The technology readiness level the enterprise expects at the end, 1–9.
    pub trl: Option<i64>,
    pub keywords: Vec<String>,
    /// A GB/T 4754 division code (`C34`), checked against the reference tables by the caller.
    pub industry_code: String,
}

/// A checked proposition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposition {
    pub title: String,
    pub summary: String,
    pub confidential: Option<String>,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub deadline: String,
    pub trl: Option<i64>,
    pub keywords: Vec<String>,
    pub industry_code: Option<String>,
}

pub const MAX_KEYWORDS: usize = 12;
pub const MAX_KEYWORD_CHARS: usize = 40;

/// Checks a proposition against `today` (`YYYY-MM-DD`, China's date); every problem is
/// reported at once, by field.
pub fn parse_proposition(input: &PropositionInput, today: &str) -> Result<Proposition, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = required_text(&mut e, "title", &input.title, 200);
    let summary = required_text(&mut e, "summary", &input.summary, 4000);
    let confidential = optional_text(&mut e, "confidential", &input.confidential, 8000);
    for (field, value) in [("budget_min_fen", input.budget_min_fen), ("budget_max_fen", input.budget_max_fen)] {
        if value.is_some_and(|v| v < 0) {
            e.add(field, "budget.negative");
        }
    }
    if let (Some(min), Some(max)) = (input.budget_min_fen, input.budget_max_fen)
        && min >= 0
        && max >= 0
        && max < min
    {
        e.add("budget_max_fen", "budget.upside_down");
    }
    let deadline = required_date(&mut e, "deadline", &input.deadline);
    if let (Some(d), Ok(t)) = (deadline, chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d"))
        && d < t
    {
        e.add("deadline", "deadline.past");
    }
    if let Some(level) = input.trl
        && !(trl::LOWEST..=trl::HIGHEST).contains(&level)
    {
        e.add_with("trl", "trl.out_of_range", &[("min", trl::LOWEST.to_string()), ("max", trl::HIGHEST.to_string())]);
    }
    let mut keywords: Vec<String> = Vec::new();
    for k in
        input.keywords.iter().flat_map(|k| k.split([',', '，', ';', '；'])).map(str::trim).filter(|k| !k.is_empty())
    {
        if k.chars().count() > MAX_KEYWORD_CHARS {
            e.add_with("keywords", "keywords.too_long", &[("max", MAX_KEYWORD_CHARS.to_string())]);
        } else if !keywords.iter().any(|x| x == k) {
            keywords.push(k.to_owned());
        }
    }
    if keywords.len() > MAX_KEYWORDS {
        e.add_with("keywords", "keywords.too_many", &[("max", MAX_KEYWORDS.to_string())]);
    }
    let industry_code = optional_text(&mut e, "industry_code", &input.industry_code, 10);
    let deadline = deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    e.into_result(Proposition {
        title,
        summary,
        confidential,
        budget_min_fen: input.budget_min_fen,
        budget_max_fen: input.budget_max_fen,
        deadline,
        trl: input.trl,
        keywords,
        industry_code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> PropositionInput {
        PropositionInput {
            title: "数控机床主轴热变形补偿".into(),
            summary: "主轴连续运行两小时后精度下降，需要在线补偿方法。".into(),
            confidential: "现有补偿参数表见附件。".into(),
            budget_min_fen: Some(20_000_000),
            budget_max_fen: Some(50_000_000),
            deadline: "2027-03-31".into(),
            trl: Some(6),
            keywords: vec!["热误差, 数控机床".into(), "数控机床".into()],
            industry_code: "C34".into(),
        }
    }

    #[test]
    fn a_good_proposition_is_accepted_with_its_keywords_split_and_deduplicated() {
        let p = parse_proposition(&good(), "2026-12-07").unwrap();
        assert_eq!(p.keywords, ["热误差", "数控机床"]);
        assert_eq!(p.confidential.as_deref(), Some("现有补偿参数表见附件。"));
        assert_eq!(p.industry_code.as_deref(), Some("C34"));
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let bad = PropositionInput {
            title: " ".into(),
            budget_min_fen: Some(50),
            budget_max_fen: Some(10),
            deadline: "2026-12-06".into(),
            trl: Some(10),
            keywords: (0..13).map(|i| format!("k{i}")).collect(),
            ..good()
        };
        let e = parse_proposition(&bad, "2026-12-07").unwrap_err();
        let codes: Vec<(&str, &str)> = e.0.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert!(codes.contains(&("title", "required")));
        assert!(codes.contains(&("budget_max_fen", "budget.upside_down")));
        assert!(codes.contains(&("deadline", "deadline.past")));
        assert!(codes.contains(&("trl", "trl.out_of_range")));
        assert!(codes.contains(&("keywords", "keywords.too_many")));
        let negative = PropositionInput { budget_min_fen: Some(-1), trl: Some(0), ..good() };
        let e = parse_proposition(&negative, "2026-12-07").unwrap_err();
        assert_eq!(e.for_field("budget_min_fen").map(|f| f.code.as_str()), Some("budget.negative"));
        assert_eq!(e.for_field("trl").map(|f| f.code.as_str()), Some("trl.out_of_range"));
    }

    #[test]
    fn steps_follow_the_lifecycle_and_nothing_else() {
        use Status::*;
        assert_eq!(Step::Submit.from(Draft), Some(Submitted));
        assert_eq!(Step::Submit.from(Returned), Some(Submitted), "a returned proposition is sent again");
        assert_eq!(Step::Accept.from(Submitted), Some(Accepted));
        assert_eq!(Step::Return.from(Submitted), Some(Returned));
        assert_eq!(Step::Publish.from(Accepted), Some(Published));
        assert_eq!(Step::Publish.from(Submitted), None, "screened first");
        assert_eq!(Step::Accept.from(Draft), None);
        assert_eq!(Step::Submit.from(Published), None);
        assert_eq!(Step::Close.from(Published), Some(Closed));
        assert_eq!(Step::Close.from(Closed), None);
        assert!(Draft.editable() && Returned.editable() && !Submitted.editable() && !Published.editable());
        assert!(parse_reason(Step::Return, "").is_err(), "a return says why");
        assert_eq!(parse_reason(Step::Close, "").unwrap(), None);
        for s in Step::ALL {
            assert_eq!(Step::from_code(s.code()), Some(s));
        }
    }
}
