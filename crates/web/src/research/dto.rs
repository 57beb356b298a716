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
