//! The shapes of the mentoring API: mentorships, their meetings and evaluation, mentors'
//! assignments and load limits. Text fields are read the way a form sends them (a string or a
//! number, `null` for empty), so the domain checks API and form input alike.

use crate::http::format::rfc3339;
use crate::http::json::Loose;
use serde::{Deserialize, Serialize};
use tandem_app::talent::mentoring::{MentorMeeting, Mentorship};
use utoipa::ToSchema;

/// The enterprise of the class or internship a mentorship belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct MentoringEnterprise {
    pub id: i64,
    pub name: String,
}

/// The mentor's one evaluation of the student.
#[derive(Debug, Serialize, ToSchema)]
pub struct MentorEvaluation {
    /// `excellent`, `good`, `pass` or `fail`.
    pub grade: String,
    pub comment: Option<String>,
}

/// A mentor and a student, in an order class or an internship.
#[derive(Debug, Serialize, ToSchema)]
pub struct MentorshipBody {
    pub id: i64,
    /// Set for a mentorship in an order class; otherwise `internship_id` is.
    pub class_id: Option<i64>,
    pub internship_id: Option<i64>,
    /// The class's title or the internship's position.
    pub placement_title: String,
    /// The class's title, or `null` for an internship (kept for clients written before internships).
    pub class_title: Option<String>,
    pub enterprise: MentoringEnterprise,
    pub student_id: i64,
    pub student_name: String,
    pub mentor_id: i64,
    pub mentor_name: String,
    /// `academic` or `enterprise`.
    pub kind: String,
    pub assigned_at: String,
    /// When a replacement, the end of the internship or leaving the class ended it.
    pub ended_at: Option<String>,
    /// How many meetings the mentor has logged.
    pub meetings: i64,
    pub evaluation: Option<MentorEvaluation>,
}

impl From<&Mentorship> for MentorshipBody {
    fn from(m: &Mentorship) -> Self {
        Self {
            id: m.id,
            class_id: m.class_id,
            internship_id: m.internship_id,
            placement_title: m.placement_title.clone(),
            class_title: m.class_id.map(|_| m.placement_title.clone()),
            enterprise: MentoringEnterprise { id: m.enterprise_id, name: m.enterprise_name.clone() },
            student_id: m.student_id,
            student_name: m.student_name.clone(),
            mentor_id: m.mentor_id,
            mentor_name: m.mentor_name.clone(),
            kind: m.kind.clone(),
            assigned_at: rfc3339(m.assigned_at),
            ended_at: m.ended_at.map(rfc3339),
            meetings: m.meetings,
            evaluation: m.grade.as_ref().map(|g| MentorEvaluation { grade: g.clone(), comment: m.comment.clone() }),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MentorshipList {
    pub items: Vec<MentorshipBody>,
}

/// A meeting the mentor logged.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingBody {
    pub id: i64,
    /// `YYYY-MM-DD`.
    pub met_on: String,
    pub minutes: i64,
    pub topic: String,
    pub notes: Option<String>,
}

impl From<&MentorMeeting> for MeetingBody {
    fn from(x: &MentorMeeting) -> Self {
        Self { id: x.id, met_on: x.met_on.clone(), minutes: x.minutes, topic: x.topic.clone(), notes: x.notes.clone() }
    }
}

/// One mentorship with its meetings, latest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MentorshipDetail {
    #[serde(flatten)]
    pub mentorship: MentorshipBody,
    pub meeting_log: Vec<MeetingBody>,
}

impl MentorshipDetail {
    pub fn new(m: &Mentorship, meetings: &[MentorMeeting]) -> Self {
        Self { mentorship: MentorshipBody::from(m), meeting_log: meetings.iter().map(MeetingBody::from).collect() }
    }
}

/// The id of the meeting just logged.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingId {
    pub id: i64,
}

/// A mentor for a class member; the current mentor of that kind is replaced.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassMentorWrite {
    pub student_id: Option<i64>,
    /// The mentor's sign-in email.
    #[serde(default)]
    #[schema(value_type = String)]
    pub email: Loose,
    /// `academic` (a teacher) or `enterprise` (a member of the class's enterprise).
    #[serde(default)]
    #[schema(value_type = String)]
    pub kind: Loose,
}

/// How many students a mentor may take at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MentorLimitWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub email: Loose,
    /// 1 to 50 (8 until set).
    pub max_students: Option<i64>,
}

/// A meeting as the mentor logs it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingWrite {
    /// `YYYY-MM-DD`, not in the future.
    #[serde(default)]
    #[schema(value_type = String)]
    pub met_on: Loose,
    /// 5 to 480.
    #[serde(default)]
    #[schema(value_type = i64)]
    pub minutes: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub topic: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub notes: Loose,
}

/// The mentor's evaluation, given once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationWrite {
    /// `excellent`, `good`, `pass` or `fail`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub grade: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub comment: Loose,
}
