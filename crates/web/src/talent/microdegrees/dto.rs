//! The shapes of the micro-degrees API: the catalogue, modules, enrolments and their standing.

use crate::http::format::rfc3339;
use crate::http::json::Loose;
use serde::{Deserialize, Deserializer, Serialize};
use tandem_app::talent::microdegrees::{Detail, MicroDegree, Module, ModuleResult, Standing};
use tandem_domain::talent::microdegree::{MicroDegreeInput, ModuleInput, Progress, format_credits};
use utoipa::ToSchema;

/// A college or a student, by id and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct MicroDegreeRef {
    pub id: i64,
    pub name: String,
}

/// A micro-degree as the catalogue shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MicroDegreeSummary {
    pub id: i64,
    /// The college that offers it.
    pub college: MicroDegreeRef,
    pub title: String,
    pub description: String,
    pub learning_outcomes: Vec<String>,
    pub workload_hours: i64,
    /// Credits needed for completion, with at most one decimal (`"6"`, `"6.5"`).
    pub required_credits: String,
    pub level: Option<String>,
    /// `exam`, `project`, `practical`, `portfolio` or `mixed`.
    pub assessment_type: String,
    /// `online`, `on_site` or `blended`.
    pub participation: String,
    pub quality_assurance: String,
    pub capacity: i64,
    /// Students enrolled and not withdrawn.
    pub enrolled: i64,
    /// `open` or `closed` for enrolment.
    pub status: String,
    pub created_at: String,
}

impl From<&MicroDegree> for MicroDegreeSummary {
    fn from(d: &MicroDegree) -> Self {
        Self {
            id: d.id,
            college: MicroDegreeRef { id: d.org_id, name: d.org_name.clone() },
            title: d.title.clone(),
            description: d.description.clone(),
            learning_outcomes: d.learning_outcomes.lines().map(str::to_owned).collect(),
            workload_hours: d.workload_hours,
            required_credits: format_credits(d.required_credit_tenths),
            level: d.level.clone(),
            assessment_type: d.assessment_type.clone(),
            participation: d.participation.clone(),
            quality_assurance: d.quality_assurance.clone(),
            capacity: d.capacity,
            enrolled: d.enrolled,
            status: d.status.clone(),
            created_at: rfc3339(d.created_at),
        }
    }
}

/// The micro-degree catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct MicroDegrees {
    pub items: Vec<MicroDegreeSummary>,
}

/// A module of a micro-degree.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModuleBody {
    pub id: i64,
    pub title: String,
    /// With at most one decimal (`"1.5"`).
    pub credits: String,
    /// Completion needs every mandatory module passed.
    pub mandatory: bool,
    pub taught_by: Option<String>,
}

impl From<&Module> for ModuleBody {
    fn from(m: &Module) -> Self {
        Self {
            id: m.id,
            title: m.title.clone(),
            credits: format_credits(m.credit_tenths),
            mandatory: m.mandatory != 0,
            taught_by: m.taught_by.clone(),
        }
    }
}

/// A module's recorded result in an enrolment.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModuleResultBody {
    pub module_id: i64,
    pub passed: bool,
    pub grade: Option<String>,
    pub recorded_at: String,
}

impl From<&ModuleResult> for ModuleResultBody {
    fn from(r: &ModuleResult) -> Self {
        Self {
            module_id: r.module_id,
            passed: r.passed != 0,
            grade: r.grade.clone(),
            recorded_at: rfc3339(r.recorded_at),
        }
    }
}

/// An enrolment and how far it has come: complete once the required credits are earned and
/// every mandatory module is passed.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandingBody {
    pub enrolment_id: i64,
    pub student: MicroDegreeRef,
    pub enrolled_at: String,
    pub withdrawn_at: Option<String>,
    pub complete: bool,
    pub credits_earned: String,
    /// Credits still needed beyond those passed.
    pub credits_short: String,
    /// Ids of mandatory modules not passed yet.
    pub missing_mandatory_modules: Vec<i64>,
    /// The credential issued for the completion, if any.
    pub credential_id: Option<String>,
    /// By module id.
    pub results: Vec<ModuleResultBody>,
}

impl From<&Standing> for StandingBody {
    fn from(s: &Standing) -> Self {
        let (complete, credits, short, missing) = match &s.progress {
            Progress::Complete { credit_tenths } => (true, *credit_tenths, 0, vec![]),
            Progress::InProgress { credit_tenths, short_tenths, missing } => {
                (false, *credit_tenths, *short_tenths, missing.clone())
            }
        };
        let mut results: Vec<&ModuleResult> = s.results.values().collect();
        results.sort_by_key(|r| r.module_id);
        let e = &s.enrolment;
        Self {
            enrolment_id: e.id,
            student: MicroDegreeRef { id: e.student_id, name: e.student_name.clone() },
            enrolled_at: rfc3339(e.enrolled_at),
            withdrawn_at: e.withdrawn_at.map(rfc3339),
            complete,
            credits_earned: format_credits(credits),
            credits_short: format_credits(short),
            missing_mandatory_modules: missing,
            credential_id: e.credential_id.clone(),
            results: results.into_iter().map(ModuleResultBody::from).collect(),
        }
    }
}

/// A micro-degree with its modules, the caller's own standing (null when not enrolled) and, for
/// those who run it, every enrolment.
#[derive(Debug, Serialize, ToSchema)]
pub struct MicroDegreeBody {
    #[serde(flatten)]
    pub degree: MicroDegreeSummary,
    pub modules: Vec<ModuleBody>,
    pub mine: Option<StandingBody>,
    /// Only for staff and the offering college's teachers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrolments: Option<Vec<StandingBody>>,
}

impl From<&Detail> for MicroDegreeBody {
    fn from(d: &Detail) -> Self {
        Self {
            degree: MicroDegreeSummary::from(&d.degree),
            modules: d.modules.iter().map(ModuleBody::from).collect(),
            mine: d.mine.as_ref().map(StandingBody::from),
            enrolments: d.manages.then(|| d.roster.iter().map(StandingBody::from).collect()),
        }
    }
}

/// A micro-degree as staff set it up, for a college (`org_id`). Numbers may also be sent as text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MicroDegreeWrite {
    /// The college that offers it.
    pub org_id: Option<i64>,
    #[serde(default)]
    #[schema(value_type = String)]
    pub title: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub description: Loose,
    /// One learning outcome per line.
    #[serde(default)]
    #[schema(value_type = String)]
    pub learning_outcomes: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub workload_hours: Loose,
    /// With at most one decimal (`"6"` or `"6.5"`).
    #[serde(default)]
    #[schema(value_type = String)]
    pub required_credits: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub level: Loose,
    /// `exam`, `project`, `practical`, `portfolio` or `mixed`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub assessment_type: Loose,
    /// `online`, `on_site` or `blended`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub participation: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub quality_assurance: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub capacity: Loose,
}

impl MicroDegreeWrite {
    pub fn into_input(self) -> (Option<i64>, MicroDegreeInput) {
        let input = MicroDegreeInput {
            title: self.title.0,
            description: self.description.0,
            learning_outcomes: self.learning_outcomes.0,
            workload_hours: self.workload_hours.0,
            required_credits: self.required_credits.0,
            level: self.level.0,
            assessment_type: self.assessment_type.0,
            participation: self.participation.0,
            quality_assurance: self.quality_assurance.0,
            capacity: self.capacity.0,
        };
        (self.org_id, input)
    }
}

/// A module to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModuleWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub title: Loose,
    /// With at most one decimal (`"1.5"`).
    #[serde(default)]
    #[schema(value_type = String)]
    pub credits: Loose,
    /// Absent or null is not mandatory.
    #[serde(default)]
    pub mandatory: Option<bool>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub taught_by: Loose,
}

impl ModuleWrite {
    pub fn into_input(self) -> ModuleInput {
        ModuleInput {
            title: self.title.0,
            credits: self.credits.0,
            mandatory: self.mandatory.unwrap_or(false),
            taught_by: self.taught_by.0,
        }
    }
}

/// The new module.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModuleCreated {
    pub id: i64,
}

/// Open or close enrolment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusWrite {
    /// `open` or `closed`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub status: Loose,
}

/// Nothing: the caller enrols themselves, and the body is not read.
#[derive(Debug, ToSchema)]
pub struct SelfEnrolment {}

/// The new enrolment.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnrolmentCreated {
    pub enrolment_id: i64,
}

/// A module result of an enrolment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultWrite {
    pub enrolment_id: Option<i64>,
    pub module_id: Option<i64>,
    /// Required; null counts as not passed.
    #[serde(deserialize_with = "false_if_null")]
    pub passed: bool,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub grade: Loose,
}

/// A flag that must be sent but may be null: `passed` has always read null as false.
fn false_if_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or(false))
}
