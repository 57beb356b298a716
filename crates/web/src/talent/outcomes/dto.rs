//! The shapes of the graduate outcomes API: the cohort report, a recorded outcome, the survey invitation.

use crate::http::json::Loose;
use serde::{Deserialize, Serialize};
use tandem_app::talent::outcomes::{CohortReport, Group, OutcomeInput, Satisfaction};
use tandem_domain::talent::outcomes::{Rates, Share};
use utoipa::ToSchema;

/// The NACE first-destination figures of a group of graduates.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeRates {
    pub graduates: i64,
    /// Graduates whose outcome is known.
    pub known: i64,
    /// Of those, employed, self-employed, in service or continuing education.
    pub positive: i64,
    pub not_seeking: i64,
    /// Known outcomes / graduates, per mille.
    pub knowledge_permille: i64,
    /// Positive outcomes / (known − not seeking), per mille.
    pub career_outcomes_permille: i64,
}

impl From<&Rates> for OutcomeRates {
    fn from(r: &Rates) -> Self {
        Self {
            graduates: r.graduates,
            known: r.known,
            positive: r.positive,
            not_seeking: r.not_seeking,
            knowledge_permille: r.knowledge_permille,
            career_outcomes_permille: r.career_outcomes_permille,
        }
    }
}

/// One group of the report: a college, class, enterprise, micro-degree or mentor, and its rates.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeGroup {
    pub id: i64,
    pub name: String,
    pub rates: OutcomeRates,
    /// For an order class or its enterprise: how many of these graduates the enterprise hired,
    /// by the class's hiring record. Null for other groups.
    pub hired: Option<i64>,
}

impl From<&Group> for OutcomeGroup {
    fn from(g: &Group) -> Self {
        Self { id: g.id, name: g.name.clone(), rates: (&g.rates).into(), hired: g.hired }
    }
}

/// A share with its 95% Wilson score interval, per mille.
#[derive(Debug, Serialize, ToSchema)]
pub struct SatisfiedShare {
    pub n: i64,
    pub yes: i64,
    pub permille: i64,
    pub low_permille: i64,
    pub high_permille: i64,
}

impl From<&Share> for SatisfiedShare {
    fn from(s: &Share) -> Self {
        Self { n: s.n, yes: s.yes, permille: s.permille, low_permille: s.low_permille, high_permille: s.high_permille }
    }
}

/// The employer survey of a cohort.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmployerSatisfaction {
    pub invited: i64,
    pub responses: i64,
    pub response_rate_permille: i64,
    /// Supervisors rating the graduate 4 or 5 overall.
    pub satisfied: SatisfiedShare,
    /// `[domain, mean rating in hundredths]` per domain (`412` = 4.12).
    pub domain_means: Vec<(String, i64)>,
}

impl From<&Satisfaction> for EmployerSatisfaction {
    fn from(s: &Satisfaction) -> Self {
        Self {
            invited: s.invited,
            responses: s.responses,
            response_rate_permille: s.response_rate_permille,
            satisfied: (&s.satisfied).into(),
            domain_means: s.domain_means.clone(),
        }
    }
}

/// The employment-quality report of a cohort.
#[derive(Debug, Serialize, ToSchema)]
pub struct CohortReportBody {
    /// The graduating year shown.
    pub cohort: String,
    /// Every cohort with recorded outcomes.
    pub cohorts: Vec<String>,
    pub overall: OutcomeRates,
    /// `[category, graduates]` per destination category.
    pub by_category: Vec<(String, i64)>,
    pub by_college: Vec<OutcomeGroup>,
    pub by_class: Vec<OutcomeGroup>,
    pub by_enterprise: Vec<OutcomeGroup>,
    /// A graduate who completed two micro-degrees counts in both.
    pub by_micro_degree: Vec<OutcomeGroup>,
    /// A graduate counts under each mentor they had.
    pub by_mentor: Vec<OutcomeGroup>,
    pub satisfaction: EmployerSatisfaction,
}

impl From<&CohortReport> for CohortReportBody {
    fn from(r: &CohortReport) -> Self {
        let groups = |g: &[Group]| g.iter().map(OutcomeGroup::from).collect();
        Self {
            cohort: r.cohort.clone(),
            cohorts: r.cohorts.clone(),
            overall: (&r.overall).into(),
            by_category: r.by_category.clone(),
            by_college: groups(&r.by_college),
            by_class: groups(&r.by_class),
            by_enterprise: groups(&r.by_enterprise),
            by_micro_degree: groups(&r.by_micro_degree),
            by_mentor: groups(&r.by_mentor),
            satisfaction: (&r.satisfaction).into(),
        }
    }
}

/// A graduate's outcome as staff record it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub student_email: Loose,
    /// The graduating year, such as 2026.
    #[serde(default)]
    #[schema(value_type = String)]
    pub cohort: Loose,
    /// `employed`, `self_employed`, `service`, `continuing_education`, `still_seeking` or
    /// `not_seeking`; empty while unknown.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub category: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub employer: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub job_title: Loose,
    /// How closely the job fits the studies, 1 to 5.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub relevance: Loose,
    /// `below_4000`, `4000_5999`, `6000_7999`, `8000_9999` or `10000_up` (yuan a month).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub salary_band: Loose,
    /// The direct supervisor, who may be invited to the employer survey.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub supervisor_email: Loose,
}

impl OutcomeWrite {
    pub fn into_input(self) -> OutcomeInput {
        OutcomeInput {
            student_email: self.student_email.0,
            cohort: self.cohort.0,
            category: self.category.0,
            employer: self.employer.0,
            job_title: self.job_title.0,
            relevance: self.relevance.0,
            salary_band: self.salary_band.0,
            supervisor_email: self.supervisor_email.0,
        }
    }
}

/// The employed graduate whose supervisor is invited.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub student_email: Loose,
}

/// The one-time survey address, shown only now.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyInvitation {
    /// `/survey/…`, valid for 30 days.
    pub survey_path: String,
}
