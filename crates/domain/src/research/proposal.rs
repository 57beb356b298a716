//! A team's proposal (揭榜方案) for a published proposition: who leads it and who works on it,
//! how they would solve the problem, the plan in milestones and the budget; and the enterprise's
//! decision on it — shortlisted, selected (the others then declined with the reason) or declined.

use crate::validation::{FieldErrors, optional_text, required_date, required_text};

/// Where a proposal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalStatus {
    /// Sent to the enterprise, not yet considered.
    Submitted,
    /// On the enterprise's shortlist: the team is admitted to the confidential details.
    Shortlisted,
    /// The enterprise chose it: the work becomes a project once the contract is recorded.
    Selected,
    /// Not chosen, with the enterprise's reason.
    Declined,
    /// Taken back by the team.
    Withdrawn,
    /// Every milestone accepted: the project is over.
    Completed,
}

impl ProposalStatus {
    pub const ALL: [ProposalStatus; 6] = [
        ProposalStatus::Submitted,
        ProposalStatus::Shortlisted,
        ProposalStatus::Selected,
        ProposalStatus::Declined,
        ProposalStatus::Withdrawn,
        ProposalStatus::Completed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProposalStatus::Submitted => "submitted",
            ProposalStatus::Shortlisted => "shortlisted",
            ProposalStatus::Selected => "selected",
            ProposalStatus::Declined => "declined",
            ProposalStatus::Withdrawn => "withdrawn",
            ProposalStatus::Completed => "completed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the enterprise has let the team read the proposition's confidential details.
    pub fn admitted(self) -> bool {
        matches!(self, ProposalStatus::Shortlisted | ProposalStatus::Selected | ProposalStatus::Completed)
    }

    /// Still waiting for the enterprise's decision.
    pub fn open(self) -> bool {
        matches!(self, ProposalStatus::Submitted | ProposalStatus::Shortlisted)
    }
}

/// A decision on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalStep {
    /// The enterprise puts it on the shortlist.
    Shortlist,
    /// The enterprise chooses it; every other open proposal is declined with the same reason.
    Select,
    /// The enterprise declines it, saying why.
    Decline,
    /// The team takes it back.
    Withdraw,
}

impl ProposalStep {
    pub const ALL: [ProposalStep; 4] =
        [ProposalStep::Shortlist, ProposalStep::Select, ProposalStep::Decline, ProposalStep::Withdraw];

    pub fn code(self) -> &'static str {
        match self {
            ProposalStep::Shortlist => "shortlist",
            ProposalStep::Select => "select",
            ProposalStep::Decline => "decline",
            ProposalStep::Withdraw => "withdraw",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the enterprise takes it (otherwise the team).
    pub fn by_enterprise(self) -> bool {
        !matches!(self, ProposalStep::Withdraw)
    }

    /// A decline says why; so does a selection, and its reason is what the other teams are told.
    pub fn needs_reason(self) -> bool {
        matches!(self, ProposalStep::Select | ProposalStep::Decline)
    }

    pub fn from(self, from: ProposalStatus) -> Option<ProposalStatus> {
        use ProposalStatus::*;
        match (self, from) {
            (ProposalStep::Shortlist, Submitted) => Some(Shortlisted),
            (ProposalStep::Select, Submitted | Shortlisted) => Some(Selected),
            (ProposalStep::Decline, Submitted | Shortlisted) => Some(Declined),
            (ProposalStep::Withdraw, Submitted | Shortlisted) => Some(Withdrawn),
            _ => None,
        }
    }
}

/// One milestone of a plan, as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MilestoneInput {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub deliverable: String,
}

/// A proposal as sent by the team.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProposalInput {
    /// Who leads the team; the sender when not given.
    pub lead_person_id: Option<i64>,
    pub member_ids: Vec<i64>,
    /// Members named by e-mail, as a form picks them; the caller turns them into `member_ids`.
    pub member_emails: Vec<String>,
    pub approach: String,
    pub milestones: Vec<MilestoneInput>,
    pub budget_fen: Option<i64>,
}

/// A checked milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub title: String,
    pub due_on: String,
    pub deliverable: String,
}

/// A checked proposal: the lead is not among the members, members appear once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub lead_person_id: i64,
    pub member_ids: Vec<i64>,
    pub approach: String,
    pub milestones: Vec<Milestone>,
    pub budget_fen: i64,
}

pub const MAX_MILESTONES: usize = 12;
pub const MAX_MEMBERS: usize = 20;

/// Checks a proposal from `sender` against `today` (`YYYY-MM-DD`). Milestone problems are named
/// `milestones.N.field`, counting from 1 as the form shows them.
pub fn parse_proposal(input: &ProposalInput, sender: i64, today: &str) -> Result<Proposal, FieldErrors> {
    let mut e = FieldErrors::new();
    let lead_person_id = input.lead_person_id.unwrap_or(sender);
    let mut member_ids: Vec<i64> = Vec::new();
    for id in &input.member_ids {
        if *id != lead_person_id && !member_ids.contains(id) {
            member_ids.push(*id);
        }
    }
    if member_ids.len() > MAX_MEMBERS {
        e.add_with("member_ids", "members.too_many", &[("max", MAX_MEMBERS.to_string())]);
    }
    let approach = required_text(&mut e, "approach", &input.approach, 8000);
    let budget_fen = match input.budget_fen {
        None => {
            e.add("budget_fen", "required");
            0
        }
        Some(b) if b < 0 => {
            e.add("budget_fen", "budget.negative");
            0
        }
        Some(b) => b,
    };
    let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").ok();
    let mut milestones = Vec::new();
    let given: Vec<&MilestoneInput> = input
        .milestones
        .iter()
        .filter(|m| !(m.title.trim().is_empty() && m.due_on.trim().is_empty() && m.deliverable.trim().is_empty()))
        .collect();
    if given.is_empty() {
        e.add("milestones", "milestones.required");
    } else if given.len() > MAX_MILESTONES {
        e.add_with("milestones", "milestones.too_many", &[("max", MAX_MILESTONES.to_string())]);
    }
    let mut previous: Option<chrono::NaiveDate> = None;
    for (i, m) in given.iter().enumerate() {
        let n = i + 1;
        let title = required_text(&mut e, &format!("milestones.{n}.title"), &m.title, 200);
        let deliverable = required_text(&mut e, &format!("milestones.{n}.deliverable"), &m.deliverable, 1000);
        let due_field = format!("milestones.{n}.due_on");
        let due = required_date(&mut e, &due_field, &m.due_on);
        if let (Some(d), Some(t)) = (due, today)
            && d < t
        {
            e.add(&due_field, "date.past");
        }
        if let (Some(d), Some(p)) = (due, previous)
            && d < p
        {
            e.add(&due_field, "milestones.out_of_order");
        }
        previous = due.or(previous);
        milestones.push(Milestone {
            title,
            due_on: due.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            deliverable,
        });
    }
    e.into_result(Proposal { lead_person_id, member_ids, approach, milestones, budget_fen })
}

/// Checks the reason given with a decision: required for a selection and a decline.
pub fn parse_decision_reason(step: ProposalStep, reason: &str) -> Result<Option<String>, FieldErrors> {
    let mut e = FieldErrors::new();
    let reason = if step.needs_reason() {
        Some(required_text(&mut e, "reason", reason, super::MAX_REASON))
    } else {
        optional_text(&mut e, "reason", reason, super::MAX_REASON)
    };
    e.into_result(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone(title: &str, due: &str) -> MilestoneInput {
        MilestoneInput { title: title.into(), due_on: due.into(), deliverable: "报告".into() }
    }

    fn good() -> ProposalInput {
        ProposalInput {
            lead_person_id: None,
            member_ids: vec![7, 8, 7, 5],
            member_emails: vec![],
            approach: "建立主轴温度场模型，在线辨识补偿参数。".into(),
            milestones: vec![milestone("模型", "2027-02-01"), milestone("样机", "2027-06-01")],
            budget_fen: Some(30_000_000),
        }
    }

    #[test]
    fn the_sender_leads_unless_named_and_members_appear_once_without_the_lead() {
        let p = parse_proposal(&good(), 5, "2026-12-07").unwrap();
        assert_eq!(p.lead_person_id, 5);
        assert_eq!(p.member_ids, [7, 8]);
        assert_eq!(p.milestones.len(), 2);
        let led = parse_proposal(&ProposalInput { lead_person_id: Some(7), ..good() }, 5, "2026-12-07").unwrap();
        assert_eq!((led.lead_person_id, led.member_ids), (7, vec![8, 5]));
    }

    #[test]
    fn a_plan_needs_milestones_in_the_future_and_in_order() {
        let none = ProposalInput { milestones: vec![MilestoneInput::default()], budget_fen: None, ..good() };
        let e = parse_proposal(&none, 5, "2026-12-07").unwrap_err();
        assert_eq!(e.for_field("milestones").map(|f| f.code.as_str()), Some("milestones.required"));
        assert_eq!(e.for_field("budget_fen").map(|f| f.code.as_str()), Some("required"));
        let late = ProposalInput {
            milestones: vec![milestone("a", "2026-12-01"), milestone("b", "2027-05-01"), milestone("c", "2027-04-01")],
            budget_fen: Some(-1),
            ..good()
        };
        let e = parse_proposal(&late, 5, "2026-12-07").unwrap_err();
        assert_eq!(e.for_field("milestones.1.due_on").map(|f| f.code.as_str()), Some("date.past"));
        assert_eq!(e.for_field("milestones.3.due_on").map(|f| f.code.as_str()), Some("milestones.out_of_order"));
        assert_eq!(e.for_field("budget_fen").map(|f| f.code.as_str()), Some("budget.negative"));
    }

    #[test]
    fn decisions_follow_the_order_and_selection_and_decline_say_why() {
        use ProposalStatus::*;
        assert_eq!(ProposalStep::Shortlist.from(Submitted), Some(Shortlisted));
        assert_eq!(ProposalStep::Select.from(Shortlisted), Some(Selected));
        assert_eq!(ProposalStep::Select.from(Declined), None);
        assert_eq!(ProposalStep::Decline.from(Selected), None, "a selection is not undone by a decline");
        assert_eq!(ProposalStep::Withdraw.from(Selected), None);
        assert!(parse_decision_reason(ProposalStep::Select, " ").is_err());
        assert_eq!(parse_decision_reason(ProposalStep::Shortlist, "").unwrap(), None);
        assert!(Shortlisted.admitted() && !Submitted.admitted() && !Declined.admitted());
        for s in ProposalStep::ALL {
            assert_eq!(ProposalStep::from_code(s.code()), Some(s));
        }
    }
}
