//! The shapes of the internships API. The learning agreement is written in the shape it is read
//! within an internship: the fields marked read-only are accepted back and ignored.

use crate::http::format::rfc3339;
use crate::http::json::Loose;
use crate::talent::mentoring::dto::MentorshipBody;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use tandem_app::talent::internships::{self as uc, AgreementInput, AgreementView, Internship, InternshipInput};
use tandem_app::talent::mentoring::Mentorship;
use utoipa::ToSchema;

/// A person or an organisation, by id and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct InternshipRef {
    pub id: i64,
    pub name: String,
}

/// An internship as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct InternshipSummary {
    pub id: i64,
    pub student: InternshipRef,
    pub enterprise: InternshipRef,
    pub position: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: String,
    /// `upcoming`, `current`, `finished` or `left`, today in China time.
    pub stage: &'static str,
    /// The day an internship ended early, and why.
    pub left_on: Option<String>,
    pub left_reason: Option<String>,
    pub created_at: String,
    /// The current mentors' names, if assigned.
    pub academic_mentor: Option<String>,
    pub enterprise_mentor: Option<String>,
    /// The latest meeting either mentor logged (`YYYY-MM-DD`).
    pub last_met_on: Option<String>,
    /// What needs the university's attention: `no_academic_mentor`, `no_enterprise_mentor`,
    /// `no_agreement`, `no_recent_guidance`.
    pub attention: Vec<&'static str>,
}

impl InternshipSummary {
    /// The internship as it stands at `now`.
    pub fn new(i: &Internship, now: i64) -> Self {
        Self {
            id: i.id,
            student: InternshipRef { id: i.student_id, name: i.student_name.clone() },
            enterprise: InternshipRef { id: i.enterprise_id, name: i.enterprise_name.clone() },
            position: i.position.clone(),
            starts_on: i.starts_on.clone(),
            ends_on: i.ends_on.clone(),
            stage: uc::stage_of(i, now).code(),
            left_on: i.left_on.clone(),
            left_reason: i.left_reason.clone(),
            created_at: rfc3339(i.created_at),
            academic_mentor: i.academic_mentor.clone(),
            enterprise_mentor: i.enterprise_mentor.clone(),
            last_met_on: i.last_met_on.clone(),
            attention: uc::attention_of(i, now),
        }
    }
}

/// Internships, latest start first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Internships {
    pub items: Vec<InternshipSummary>,
}

/// When each party confirmed the current version (RFC 3339), or null.
#[derive(Debug, Serialize, ToSchema)]
pub struct Confirmations {
    pub student: Option<String>,
    pub enterprise: Option<String>,
    pub university: Option<String>,
}

/// The learning agreement's current version. Send it back with `PUT …/agreement` to change it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LearningAgreement {
    /// Each change is a new version, which all three parties confirm again.
    #[schema(read_only)]
    pub version: i64,
    pub goals: String,
    pub duties: String,
    /// 1 to 60.
    pub weekly_hours: i64,
    /// Monthly allowance in whole yuan (0 to 100000), or null for none.
    pub allowance: Option<i64>,
    /// The same allowance in fen.
    #[schema(read_only)]
    pub allowance_fen: Option<i64>,
    pub insurance: Option<String>,
    #[schema(read_only)]
    pub updated_at: String,
    #[schema(read_only)]
    pub confirmed: Confirmations,
    /// All three parties confirmed this version.
    #[schema(read_only)]
    pub in_force: bool,
}

/// One internship with its mentors (current first; an ended mentorship has `ended_at`), its
/// learning agreement (null until drafted) and the party the caller speaks for in it (null: the
/// caller may read the agreement but neither change nor confirm it).
#[derive(Debug, Serialize, ToSchema)]
pub struct InternshipBody {
    #[serde(flatten)]
    pub internship: InternshipSummary,
    pub mentors: Vec<MentorshipBody>,
    pub agreement: Option<LearningAgreement>,
    /// `student`, `enterprise` or `university`.
    pub my_party: Option<&'static str>,
}

impl InternshipBody {
    pub fn new(internship: &Internship, mentors: &[Mentorship], agreement: &AgreementView, now: i64) -> Self {
        let terms = agreement.terms.as_ref().map(|a| {
            let confirmations = [a.student_confirmed_at, a.enterprise_confirmed_at, a.university_confirmed_at];
            LearningAgreement {
                version: a.version,
                goals: a.goals.clone(),
                duties: a.duties.clone(),
                weekly_hours: a.weekly_hours,
                // The domain takes whole yuan and keeps fen, so the fen are always whole yuan.
                allowance: a.allowance_fen.map(|fen| fen / 100),
                allowance_fen: a.allowance_fen,
                insurance: a.insurance.clone(),
                updated_at: rfc3339(a.updated_at),
                confirmed: Confirmations {
                    student: confirmations[0].map(rfc3339),
                    enterprise: confirmations[1].map(rfc3339),
                    university: confirmations[2].map(rfc3339),
                },
                in_force: confirmations.iter().all(Option::is_some),
            }
        });
        Self {
            internship: InternshipSummary::new(internship, now),
            mentors: mentors.iter().map(MentorshipBody::from).collect(),
            agreement: terms,
            my_party: agreement.party.map(|p| p.code()),
        }
    }
}

/// Staff record an internship of a student at an enterprise.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InternshipWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub student_email: Loose,
    pub enterprise_id: Option<i64>,
    #[serde(default)]
    #[schema(value_type = String)]
    pub position: Loose,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub starts_on: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub ends_on: Loose,
}

impl InternshipWrite {
    pub fn into_input(self) -> InternshipInput {
        InternshipInput {
            student_email: self.student_email.0,
            enterprise_id: self.enterprise_id.map(|e| e.to_string()).unwrap_or_default(),
            position: self.position.0,
            starts_on: self.starts_on.0,
            ends_on: self.ends_on.0,
        }
    }
}

/// The new internship.
#[derive(Debug, Serialize, ToSchema)]
pub struct InternshipCreated {
    pub id: i64,
}

/// A mentor for the intern, by email; the current mentor of that kind is replaced.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MentorWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub email: Loose,
    /// `academic` or `enterprise`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub kind: Loose,
}

/// Why the internship ends early.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InternshipLeaveWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub reason: Loose,
}

/// The terms of the learning agreement, in the shape the internship shows them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub goals: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub duties: Loose,
    /// 1 to 60.
    pub weekly_hours: Option<i64>,
    /// Monthly allowance in whole yuan (0 to 100000); null or absent for none.
    pub allowance: Option<i64>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub insurance: Loose,
    #[serde(default, rename = "version")]
    #[schema(value_type = Option<i64>, read_only)]
    _version: Option<IgnoredAny>,
    /// Read-only: the allowance is written in yuan.
    #[serde(default, rename = "allowance_fen")]
    #[schema(value_type = Option<i64>, read_only)]
    _allowance_fen: Option<IgnoredAny>,
    #[serde(default, rename = "updated_at")]
    #[schema(value_type = Option<String>, read_only)]
    _updated_at: Option<IgnoredAny>,
    /// Read-only: confirmations are made with `POST …/agreement/confirm`.
    #[serde(default, rename = "confirmed")]
    #[schema(value_type = Option<Object>, read_only)]
    _confirmed: Option<IgnoredAny>,
    #[serde(default, rename = "in_force")]
    #[schema(value_type = Option<bool>, read_only)]
    _in_force: Option<IgnoredAny>,
}

impl AgreementWrite {
    /// The use case's input: each value as text, as a form sends it, for the domain to check.
    pub fn into_input(self) -> AgreementInput {
        let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        AgreementInput {
            goals: self.goals.0,
            duties: self.duties.0,
            weekly_hours: number(self.weekly_hours),
            allowance: number(self.allowance),
            insurance: self.insurance.0,
        }
    }
}

/// The version the terms now have (unchanged when the same terms were saved again).
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementVersion {
    pub version: i64,
}

/// The version of the terms the caller read and confirms.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationWrite {
    pub version: Option<i64>,
}
