//! The shapes of the two-way flow API: practice terms, appointments and the dual-qualified share.

use crate::http::json::Loose;
use serde::{Deserialize, Serialize};
use tandem_app::talent::flow::{Appointment, CollegeShare, Practice};
use tandem_domain::talent::flow::DualQualifiedRule;
use utoipa::ToSchema;

/// A teacher's practice term in an enterprise.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeTerm {
    pub id: i64,
    pub teacher_id: i64,
    pub teacher_name: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: String,
    pub project: String,
    /// The outcome report, once written.
    pub report: Option<String>,
}

impl From<&Practice> for PracticeTerm {
    fn from(p: &Practice) -> Self {
        Self {
            id: p.id,
            teacher_id: p.teacher_id,
            teacher_name: p.teacher_name.clone(),
            enterprise_id: p.enterprise_id,
            enterprise_name: p.enterprise_name.clone(),
            starts_on: p.starts_on.clone(),
            ends_on: p.ends_on.clone(),
            project: p.project.clone(),
            report: p.report.clone(),
        }
    }
}

/// Practice terms.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeTerms {
    pub items: Vec<PracticeTerm>,
}

/// A practice term as recorded; `teacher_email` only for staff recording another teacher's term.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeWrite {
    /// Empty for oneself.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub teacher_email: Loose,
    pub enterprise_id: Option<i64>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub starts_on: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub ends_on: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub project: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub report: Loose,
}

/// The new practice term.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeCreated {
    pub id: i64,
}

/// A practice term's outcome report.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeReport {
    #[serde(default)]
    #[schema(value_type = String)]
    pub report: Loose,
}

/// An enterprise expert appointed to a college.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExpertAppointment {
    pub id: i64,
    pub expert_id: i64,
    pub expert_name: String,
    pub college_id: i64,
    pub college_name: String,
    /// `industry_professor` or `adjunct_teacher`.
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub courses: String,
    pub students_mentored: i64,
}

impl From<&Appointment> for ExpertAppointment {
    fn from(a: &Appointment) -> Self {
        Self {
            id: a.id,
            expert_id: a.expert_id,
            expert_name: a.expert_name.clone(),
            college_id: a.college_id,
            college_name: a.college_name.clone(),
            kind: a.kind.clone(),
            starts_on: a.starts_on.clone(),
            ends_on: a.ends_on.clone(),
            courses: a.courses.clone(),
            students_mentored: a.students_mentored,
        }
    }
}

/// Appointments.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExpertAppointments {
    pub items: Vec<ExpertAppointment>,
}

/// Staff appoint an enterprise expert to a college.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointmentWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub expert_email: Loose,
    pub college_id: Option<i64>,
    /// `industry_professor` or `adjunct_teacher`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub kind: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub starts_on: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub ends_on: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub courses: Loose,
}

/// The new appointment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentCreated {
    pub id: i64,
}

/// The rule that decides who counts as dual-qualified, with its source.
#[derive(Debug, Serialize, ToSchema)]
pub struct DualQualifiedRuleBody {
    pub id: String,
    pub version: String,
    pub source: String,
    pub confidence: String,
    /// Not yet confirmed against the official text.
    pub provisional: bool,
    /// Practice counts within this many years back.
    pub window_years: i64,
    pub min_practice_days: i64,
}

impl From<&DualQualifiedRule> for DualQualifiedRuleBody {
    fn from(r: &DualQualifiedRule) -> Self {
        Self {
            id: r.id.clone(),
            version: r.version.clone(),
            source: r.source.clone(),
            confidence: r.confidence.clone(),
            provisional: r.provisional,
            window_years: r.window_years,
            min_practice_days: r.min_practice_days,
        }
    }
}

/// One college's dual-qualified figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct CollegeShareBody {
    pub college_id: i64,
    pub college: String,
    pub teachers: i64,
    pub dual_qualified: i64,
    /// Per mille, rounded down.
    pub share_permille: i64,
}

impl From<&CollegeShare> for CollegeShareBody {
    fn from(c: &CollegeShare) -> Self {
        Self {
            college_id: c.college_id,
            college: c.college.clone(),
            teachers: c.teachers,
            dual_qualified: c.dual_qualified,
            share_permille: c.share_permille,
        }
    }
}

/// The dual-qualified share per college and the rule applied.
#[derive(Debug, Serialize, ToSchema)]
pub struct DualQualified {
    pub rule: DualQualifiedRuleBody,
    pub colleges: Vec<CollegeShareBody>,
}
