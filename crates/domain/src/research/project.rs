//! A selected proposal becomes a joint research project: a technology contract recorded by the
//! university, milestones the team delivers and the enterprise accepts (with the readiness level
//! reached), and feedback from both sides at the end.

use super::trl;
use crate::validation::{FieldErrors, optional_text, required_date};

/// The kinds of technology contract of the Civil Code of the PRC, book three, chapter 20
/// (技术合同: 技术开发 — 委托 or 合作 —, 技术转让, 技术许可, 技术咨询, 技术服务). Contract
/// registration and the transformation report count contracts by these kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractKind {
    DevelopmentCommissioned,
    DevelopmentCooperative,
    Transfer,
    Licence,
    Consulting,
    Service,
}

impl ContractKind {
    pub const ALL: [ContractKind; 6] = [
        ContractKind::DevelopmentCommissioned,
        ContractKind::DevelopmentCooperative,
        ContractKind::Transfer,
        ContractKind::Licence,
        ContractKind::Consulting,
        ContractKind::Service,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContractKind::DevelopmentCommissioned => "development_commissioned",
            ContractKind::DevelopmentCooperative => "development_cooperative",
            ContractKind::Transfer => "transfer",
            ContractKind::Licence => "licence",
            ContractKind::Consulting => "consulting",
            ContractKind::Service => "service",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A contract as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContractInput {
    pub kind: String,
    pub value_fen: Option<i64>,
    /// What the university has received so far.
    pub received_fen: Option<i64>,
    /// `YYYY-MM-DD`.
    pub signed_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub kind: ContractKind,
    pub value_fen: i64,
    pub received_fen: i64,
    pub signed_on: String,
}

/// Checks a contract: a known kind, a value of zero or more, received no more than the value, and
/// signed no later than `today`.
pub fn parse_contract(input: &ContractInput, today: &str) -> Result<Contract, FieldErrors> {
    let mut e = FieldErrors::new();
    let kind = ContractKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", if input.kind.trim().is_empty() { "required" } else { "contract.kind_unknown" });
    }
    let value_fen = match input.value_fen {
        None => {
            e.add("value_fen", "required");
            0
        }
        Some(v) if v < 0 => {
            e.add("value_fen", "money.negative");
            0
        }
        Some(v) => v,
    };
    let received_fen = input.received_fen.unwrap_or(0);
    if received_fen < 0 {
        e.add("received_fen", "money.negative");
    } else if received_fen > value_fen && input.value_fen.is_some_and(|v| v >= 0) {
        e.add("received_fen", "contract.received_over_value");
    }
    let signed = required_date(&mut e, "signed_on", &input.signed_on);
    if let (Some(d), Ok(t)) = (signed, chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d"))
        && d > t
    {
        e.add("signed_on", "date.future");
    }
    let signed_on = signed.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    match kind {
        Some(kind) => e.into_result(Contract { kind, value_fen, received_fen, signed_on }),
        None => Err(e),
    }
}

/// Where a milestone stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneStatus {
    Planned,
    /// The team says it is done and waits for the enterprise.
    Delivered,
    Accepted,
    /// The enterprise wants more, saying what; the team delivers again.
    Rejected,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 4] =
        [MilestoneStatus::Planned, MilestoneStatus::Delivered, MilestoneStatus::Accepted, MilestoneStatus::Rejected];

    pub fn code(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "planned",
            MilestoneStatus::Delivered => "delivered",
            MilestoneStatus::Accepted => "accepted",
            MilestoneStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneStep {
    /// The team hands the deliverable over.
    Deliver,
    /// The enterprise accepts it, naming the readiness level reached.
    Accept,
    /// The enterprise sends it back with what is missing.
    Reject,
}

impl MilestoneStep {
    pub const ALL: [MilestoneStep; 3] = [MilestoneStep::Deliver, MilestoneStep::Accept, MilestoneStep::Reject];

    pub fn code(self) -> &'static str {
        match self {
            MilestoneStep::Deliver => "deliver",
            MilestoneStep::Accept => "accept",
            MilestoneStep::Reject => "reject",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn by_enterprise(self) -> bool {
        !matches!(self, MilestoneStep::Deliver)
    }

    pub fn from(self, from: MilestoneStatus) -> Option<MilestoneStatus> {
        use MilestoneStatus::*;
        match (self, from) {
            (MilestoneStep::Deliver, Planned | Rejected) => Some(Delivered),
            (MilestoneStep::Accept, Delivered) => Some(Accepted),
            (MilestoneStep::Reject, Delivered) => Some(Rejected),
            _ => None,
        }
    }
}

/// What comes with a milestone step: a note (required for a rejection) and, for an acceptance,
/// the readiness level reached.
pub fn parse_milestone_step(
    step: MilestoneStep,
    note: &str,
    trl_reached: Option<i64>,
) -> Result<(Option<String>, Option<i64>), FieldErrors> {
    let mut e = FieldErrors::new();
    let note = optional_text(&mut e, "note", note, super::MAX_REASON);
    if step == MilestoneStep::Reject && note.is_none() && e.for_field("note").is_none() {
        e.add("note", "required");
    }
    let trl_reached = match (step, trl_reached) {
        (MilestoneStep::Accept, None) => {
            e.add("trl_reached", "required");
            None
        }
        (MilestoneStep::Accept, Some(level)) if !(trl::LOWEST..=trl::HIGHEST).contains(&level) => {
            e.add_with(
                "trl_reached",
                "trl.out_of_range",
                &[("min", trl::LOWEST.to_string()), ("max", trl::HIGHEST.to_string())],
            );
            None
        }
        (MilestoneStep::Accept, level) => level,
        _ => None,
    };
    e.into_result((note, trl_reached))
}

/// Which side gives feedback at the end of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackSide {
    Enterprise,
    Team,
}

impl FeedbackSide {
    pub fn code(self) -> &'static str {
        match self {
            FeedbackSide::Enterprise => "enterprise",
            FeedbackSide::Team => "team",
        }
    }
}

/// Feedback: a rating from 1 to 5 and an optional comment.
pub fn parse_feedback(rating: Option<i64>, comment: &str) -> Result<(i64, Option<String>), FieldErrors> {
    let mut e = FieldErrors::new();
    let rating = match rating {
        Some(r) if (1..=5).contains(&r) => r,
        Some(_) => {
            e.add_with("rating", "rating.out_of_range", &[("min", "1".into()), ("max", "5".into())]);
            0
        }
        None => {
            e.add("rating", "required");
            0
        }
    };
    let comment = optional_text(&mut e, "comment", comment, 2000);
    e.into_result((rating, comment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_has_a_known_kind_and_sane_money() {
        let good = ContractInput {
            kind: "development_commissioned".into(),
            value_fen: Some(30_000_000),
            received_fen: Some(10_000_000),
            signed_on: "2026-12-01".into(),
        };
        let c = parse_contract(&good, "2026-12-07").unwrap();
        assert_eq!(c.kind, ContractKind::DevelopmentCommissioned);
        let bad = ContractInput {
            kind: "gift".into(),
            value_fen: Some(100),
            received_fen: Some(200),
            signed_on: "2026-12-08".into(),
        };
        let e = parse_contract(&bad, "2026-12-07").unwrap_err();
        assert_eq!(e.for_field("kind").map(|f| f.code.as_str()), Some("contract.kind_unknown"));
        assert_eq!(e.for_field("received_fen").map(|f| f.code.as_str()), Some("contract.received_over_value"));
        assert_eq!(e.for_field("signed_on").map(|f| f.code.as_str()), Some("date.future"));
        let negative = ContractInput { value_fen: Some(-1), ..good };
        let e = parse_contract(&negative, "2026-12-07").unwrap_err();
        assert_eq!(e.for_field("value_fen").map(|f| f.code.as_str()), Some("money.negative"));
        for k in ContractKind::ALL {
            assert_eq!(ContractKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn milestones_are_delivered_then_accepted_with_a_level_or_rejected_with_a_note() {
        use MilestoneStatus::*;
        assert_eq!(MilestoneStep::Deliver.from(Planned), Some(Delivered));
        assert_eq!(MilestoneStep::Deliver.from(Rejected), Some(Delivered));
        assert_eq!(MilestoneStep::Accept.from(Planned), None, "delivered first");
        assert_eq!(MilestoneStep::Reject.from(Accepted), None);
        assert!(parse_milestone_step(MilestoneStep::Accept, "", None).is_err());
        assert!(parse_milestone_step(MilestoneStep::Accept, "", Some(10)).is_err());
        assert_eq!(parse_milestone_step(MilestoneStep::Accept, "", Some(6)).unwrap(), (None, Some(6)));
        assert!(parse_milestone_step(MilestoneStep::Reject, " ", None).is_err());
        assert_eq!(parse_milestone_step(MilestoneStep::Deliver, "", Some(9)).unwrap(), (None, None));
    }

    #[test]
    fn feedback_rates_from_one_to_five() {
        assert!(parse_feedback(Some(0), "").is_err());
        assert!(parse_feedback(None, "").is_err());
        assert_eq!(parse_feedback(Some(5), " 很好 ").unwrap(), (5, Some("很好".into())));
    }
}
