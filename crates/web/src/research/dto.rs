//! The shapes of the propositions API. A proposition is written in the shape it is read: the
//! read-only fields may be sent back and are ignored.

use crate::http::format::rfc3339;
use crate::http::json::Loose;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use tandem_app::research::{PropositionRow, StepRow};
use tandem_domain::research::PropositionInput;
use utoipa::ToSchema;

/// A proposition as the caller may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Proposition {
    pub id: i64,
    /// The enterprise it is written for.
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub title: String,
    /// The public summary: what everyone signed in reads once it is published.
    pub summary: String,
    /// Only for the enterprise and the screening staff; absent for everyone else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidential: Option<String>,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    /// `YYYY-MM-DD`: the last day proposals are taken.
    pub deadline: String,
    /// The technology readiness level expected at the end (GB/T 22900-2022), 1–9.
    pub trl: Option<i64>,
    pub keywords: Vec<String>,
    /// GB/T 4754 division, e.g. `C34`.
    pub industry_code: Option<String>,
    /// `draft`, `submitted`, `returned`, `accepted`, `published` or `closed`.
    #[schema(read_only)]
    pub status: String,
    #[schema(read_only)]
    pub created_at: String,
    #[schema(read_only)]
    pub updated_at: String,
    #[schema(read_only)]
    pub published_at: Option<String>,
    /// The steps the caller may take now (one proposition only, not in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(read_only)]
    pub steps: Option<Vec<&'static str>>,
    /// The steps taken so far, oldest first (for the enterprise and the screening staff).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(read_only)]
    pub timeline: Option<Vec<TimelineStep>>,
}

/// One step of a proposition's life.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineStep {
    pub step: String,
    pub from: String,
    pub to: String,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub at: String,
}

impl Proposition {
    pub fn of_row(r: &PropositionRow) -> Self {
        Self {
            id: r.id,
            enterprise_id: r.enterprise_id,
            enterprise_name: r.enterprise_name.clone(),
            title: r.title.clone(),
            summary: r.summary.clone(),
            confidential: r.confidential.clone(),
            budget_min_fen: r.budget_min_fen,
            budget_max_fen: r.budget_max_fen,
            deadline: r.deadline.clone(),
            trl: r.trl,
            keywords: r.keywords.lines().filter(|k| !k.is_empty()).map(str::to_owned).collect(),
            industry_code: r.industry_code.clone(),
            status: r.status.clone(),
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
            published_at: r.published_at.map(rfc3339),
            steps: None,
            timeline: None,
        }
    }

    pub fn of_view(v: &tandem_app::research::PropositionView) -> Self {
        let mut p = Self::of_row(&v.row);
        p.steps = Some(v.steps.iter().map(|s| s.code()).collect());
        p.timeline = v.may_see_details.then(|| v.timeline.iter().map(TimelineStep::of_row).collect());
        p
    }
}

impl TimelineStep {
    fn of_row(s: &StepRow) -> Self {
        Self {
            step: s.step.clone(),
            from: s.from_status.clone(),
            to: s.to_status.clone(),
            reason: s.reason.clone(),
            by: s.by_name.clone(),
            at: rfc3339(s.at),
        }
    }
}

/// What an enterprise writes: the fields of [`Proposition`]; its read-only fields may be sent
/// back and are ignored, any other field is refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PropositionWrite {
    /// The enterprise it is written for (required when creating; the author must be one of its
    /// people). Ignored when a proposition is changed.
    pub enterprise_id: Option<i64>,
    #[serde(default)]
    #[schema(value_type = String)]
    pub title: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub summary: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub confidential: Loose,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    /// `YYYY-MM-DD`, today or later.
    #[serde(default)]
    #[schema(value_type = String)]
    pub deadline: Loose,
    /// 1–9.
    pub trl: Option<i64>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub industry_code: Loose,
    #[serde(default, rename = "id")]
    #[schema(value_type = Option<i64>, read_only)]
    _id: Option<IgnoredAny>,
    #[serde(default, rename = "enterprise_name")]
    #[schema(value_type = Option<String>, read_only)]
    _enterprise_name: Option<IgnoredAny>,
    #[serde(default, rename = "status")]
    #[schema(value_type = Option<String>, read_only)]
    _status: Option<IgnoredAny>,
    #[serde(default, rename = "created_at")]
    #[schema(value_type = Option<String>, read_only)]
    _created_at: Option<IgnoredAny>,
    #[serde(default, rename = "updated_at")]
    #[schema(value_type = Option<String>, read_only)]
    _updated_at: Option<IgnoredAny>,
    #[serde(default, rename = "published_at")]
    #[schema(value_type = Option<String>, read_only)]
    _published_at: Option<IgnoredAny>,
    #[serde(default, rename = "steps")]
    #[schema(value_type = Option<Vec<String>>, read_only)]
    _steps: Option<IgnoredAny>,
    #[serde(default, rename = "timeline")]
    #[schema(value_type = Option<Vec<Object>>, read_only)]
    _timeline: Option<IgnoredAny>,
}

impl PropositionWrite {
    pub fn into_input(self) -> PropositionInput {
        PropositionInput {
            title: self.title.0,
            summary: self.summary.0,
            confidential: self.confidential.0,
            budget_min_fen: self.budget_min_fen,
            budget_max_fen: self.budget_max_fen,
            deadline: self.deadline.0,
            trl: self.trl,
            keywords: self.keywords,
            industry_code: self.industry_code.0,
        }
    }
}

/// The new state after a step.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepDone {
    pub id: i64,
    pub status: &'static str,
}

/// A created proposition's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct PropositionCreated {
    pub id: i64,
}

/// One milestone of a team's plan, as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestonePlan {
    #[serde(default)]
    #[schema(value_type = String)]
    pub title: Loose,
    /// `YYYY-MM-DD`, today or later, in order.
    #[serde(default)]
    #[schema(value_type = String)]
    pub due_on: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub deliverable: Loose,
}

/// A team's proposal for a published proposition. The sender is always on the team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalWrite {
    /// Who leads the team (a teacher or researcher); the sender when absent.
    pub lead_person_id: Option<i64>,
    #[serde(default)]
    pub member_ids: Vec<i64>,
    /// Members named by e-mail instead of id.
    #[serde(default)]
    pub member_emails: Vec<String>,
    #[serde(default)]
    #[schema(value_type = String)]
    pub approach: Loose,
    #[serde(default)]
    pub milestones: Vec<MilestonePlan>,
    pub budget_fen: Option<i64>,
}

impl ProposalWrite {
    pub fn into_input(self) -> tandem_domain::research::proposal::ProposalInput {
        tandem_domain::research::proposal::ProposalInput {
            lead_person_id: self.lead_person_id,
            member_ids: self.member_ids,
            member_emails: self.member_emails,
            approach: self.approach.0,
            milestones: self
                .milestones
                .into_iter()
                .map(|m| tandem_domain::research::proposal::MilestoneInput {
                    title: m.title.0,
                    due_on: m.due_on.0,
                    deliverable: m.deliverable.0,
                })
                .collect(),
            budget_fen: self.budget_fen,
        }
    }
}

/// A person on a team.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamMember {
    pub person_id: i64,
    pub name: String,
}

/// A milestone of a plan or a running project.
#[derive(Debug, Serialize, ToSchema)]
pub struct Milestone {
    pub id: i64,
    pub seq: i64,
    pub title: String,
    pub due_on: String,
    pub deliverable: String,
    /// `planned`, `delivered`, `accepted` or `rejected`.
    pub status: String,
    /// The readiness level the enterprise found reached when it accepted the milestone.
    pub trl_reached: Option<i64>,
    /// The team's note on delivery, or the enterprise's on acceptance or rejection.
    pub note: Option<String>,
    pub delivered_at: Option<String>,
    pub decided_at: Option<String>,
}

/// A technology contract (Civil Code categories).
#[derive(Debug, Serialize, ToSchema)]
pub struct Contract {
    pub id: i64,
    /// `development_commissioned`, `development_cooperative`, `transfer`, `licence`, `consulting` or `service`.
    pub kind: String,
    pub value_fen: i64,
    pub received_fen: i64,
    /// `YYYY-MM-DD`.
    pub signed_on: String,
    pub enterprise_id: i64,
    /// The university unit credited and its college.
    pub unit_id: Option<i64>,
    pub college_id: Option<i64>,
}

/// One side's rating at the end of a project.
#[derive(Debug, Serialize, ToSchema)]
pub struct Feedback {
    /// `enterprise` (the enterprise rates the team) or `team`.
    pub side: String,
    /// 1–5.
    pub rating: i64,
    pub comment: Option<String>,
    pub by: String,
    pub at: String,
}

/// One line of a proposal's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalLine {
    pub step: String,
    /// The reason, the milestone and its note or level, the contract's date, the rating.
    pub detail: Option<String>,
    pub by: Option<String>,
    pub at: String,
}

/// A proposal as the caller may see it: its team, the enterprise and staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct Proposal {
    pub id: i64,
    pub proposition_id: i64,
    pub proposition_title: String,
    pub enterprise_id: i64,
    pub lead_person_id: i64,
    pub lead_name: String,
    /// The lead's university unit, credited with the work.
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub members: Vec<TeamMember>,
    pub approach: String,
    pub budget_fen: i64,
    /// `submitted`, `shortlisted`, `selected`, `declined`, `withdrawn` or `completed`.
    pub status: String,
    /// Why it was declined; for the selected one, what the other teams were told.
    pub reason: Option<String>,
    pub milestones: Vec<Milestone>,
    pub contract: Option<Contract>,
    pub feedback: Vec<Feedback>,
    /// What happened to it, oldest first: `submit`, `shortlist`, `select`, `decline`, `withdraw`,
    /// `contract`, `milestone_deliver`, `milestone_accept`, `milestone_reject`, `complete`,
    /// `feedback_enterprise`, `feedback_team`.
    pub timeline: Vec<ProposalLine>,
    /// The decisions the caller may take now.
    pub steps: Vec<&'static str>,
    pub created_at: String,
}

impl Proposal {
    pub fn of_view(v: &tandem_app::research::proposals::ProposalView) -> Self {
        let r = &v.row;
        Self {
            id: r.id,
            proposition_id: r.proposition_id,
            proposition_title: r.proposition_title.clone(),
            enterprise_id: r.enterprise_id,
            lead_person_id: r.lead_person_id,
            lead_name: r.lead_name.clone(),
            unit_id: r.unit_id,
            unit_name: r.unit_name.clone(),
            members: v.members.iter().map(|(id, name)| TeamMember { person_id: *id, name: name.clone() }).collect(),
            approach: r.approach.clone(),
            budget_fen: r.budget_fen,
            status: r.status.clone(),
            reason: r.reason.clone(),
            milestones: v
                .milestones
                .iter()
                .map(|m| Milestone {
                    id: m.id,
                    seq: m.seq,
                    title: m.title.clone(),
                    due_on: m.due_on.clone(),
                    deliverable: m.deliverable.clone(),
                    status: m.status.clone(),
                    trl_reached: m.trl_reached,
                    note: m.note.clone(),
                    delivered_at: m.delivered_at.map(rfc3339),
                    decided_at: m.decided_at.map(rfc3339),
                })
                .collect(),
            contract: v.contract.as_ref().map(|c| Contract {
                id: c.id,
                kind: c.kind.clone(),
                value_fen: c.value_fen,
                received_fen: c.received_fen,
                signed_on: c.signed_on.clone(),
                enterprise_id: c.enterprise_id,
                unit_id: c.unit_id,
                college_id: c.college_id,
            }),
            feedback: v
                .feedback
                .iter()
                .map(|f| Feedback {
                    side: f.side.clone(),
                    rating: f.rating,
                    comment: f.comment.clone(),
                    by: f.by_name.clone(),
                    at: rfc3339(f.at),
                })
                .collect(),
            timeline: v
                .timeline
                .iter()
                .map(|t| ProposalLine {
                    step: t.step.clone(),
                    detail: t.detail.clone(),
                    by: t.by_name.clone(),
                    at: rfc3339(t.at),
                })
                .collect(),
            steps: v.steps.iter().map(|s| s.code()).collect(),
            created_at: rfc3339(r.created_at),
        }
    }
}

/// A contract as staff record it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub kind: Loose,
    pub value_fen: Option<i64>,
    pub received_fen: Option<i64>,
    /// `YYYY-MM-DD`, not later than today.
    #[serde(default)]
    #[schema(value_type = String)]
    pub signed_on: Loose,
}

/// What comes with a milestone step: `note` (required to reject), `trl_reached` (1–9, required to accept).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneStepBody {
    #[serde(default)]
    pub note: Option<String>,
    pub trl_reached: Option<i64>,
}

/// One side's feedback on a completed project.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackWrite {
    /// 1–5.
    pub rating: Option<i64>,
    #[serde(default)]
    pub comment: Option<String>,
}
