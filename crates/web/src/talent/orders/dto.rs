//! The shapes of the order-class API: what it answers and what it accepts, each with its schema.
//! Text fields are read the way a form sends them (a string or a number, `null` for empty), so
//! the domain checks API and form input alike and reports every field it refuses at once.

use crate::http::format::rfc3339;
use crate::http::json::Loose;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use tandem_app::AppError;
use tandem_app::talent::curriculum::{CurriculumItem, Placement};
use tandem_app::talent::{Application, ClassOrder, ClassView, Member, OrderClass, SelectionSummary};
use tandem_domain::talent::curriculum::{ItemInput, PlacementInput};
use utoipa::ToSchema;

/// The enterprise that ordered a class.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderingEnterprise {
    pub id: i64,
    pub name: String,
}

/// What every view of a class shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassFields {
    #[schema(read_only)]
    pub id: i64,
    #[schema(read_only)]
    pub enterprise: OrderingEnterprise,
    pub title: String,
    pub positions: String,
    pub majors: String,
    pub skills: Option<String>,
    pub seats: i64,
    /// How many members the enterprise means to hire.
    pub hires: i64,
    /// Monthly starting salary, in fen.
    #[schema(read_only)]
    pub salary_min_fen: Option<i64>,
    #[schema(read_only)]
    pub salary_max_fen: Option<i64>,
    pub location: Option<String>,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: String,
    /// `ordered`, `declined`, `open` or `selected`.
    #[schema(read_only)]
    pub status: String,
    #[schema(read_only)]
    pub decision_note: Option<String>,
    #[schema(read_only)]
    pub applicants: i64,
    #[schema(read_only)]
    pub created_at: String,
}

impl From<&OrderClass> for ClassFields {
    fn from(c: &OrderClass) -> Self {
        Self {
            id: c.id,
            enterprise: OrderingEnterprise { id: c.enterprise_id, name: c.enterprise_name.clone() },
            title: c.title.clone(),
            positions: c.positions.clone(),
            majors: c.majors.clone(),
            skills: c.skills.clone(),
            seats: c.seats,
            hires: c.hires,
            salary_min_fen: c.salary_min_fen,
            salary_max_fen: c.salary_max_fen,
            location: c.location.clone(),
            starts_on: c.starts_on.clone(),
            ends_on: c.ends_on.clone(),
            status: c.status.clone(),
            decision_note: c.decision_note.clone(),
            applicants: c.applicants,
            created_at: rfc3339(c.created_at),
        }
    }
}

/// A class as lists show it, with how many current members it has.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassSummary {
    #[serde(flatten)]
    pub class: ClassFields,
    /// Current members (those who left are not counted).
    #[schema(read_only)]
    pub members: i64,
}

impl From<&OrderClass> for ClassSummary {
    fn from(c: &OrderClass) -> Self {
        Self { class: ClassFields::from(c), members: c.members }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassList {
    pub items: Vec<ClassSummary>,
}

/// Why a class a student asked for did not take them.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PassedOver {
    pub class_id: i64,
    /// `full`, `not_ranked` or `no_such_class`.
    pub reason: String,
    /// With `full`: the rank of the last student the class took.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_admitted_rank: Option<i64>,
    /// With `full`: the student's own rank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub your_rank: Option<i64>,
}

/// The selection's outcome for the student: the class they got and why not the ones they preferred.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SelectionExplanation {
    /// The class the student was placed in, if any.
    pub assigned: Option<i64>,
    /// Which of the student's choices it was (1 for the first).
    pub choice: Option<i64>,
    pub passed_over: Vec<PassedOver>,
}

/// A student's application to a class.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationBody {
    pub id: i64,
    pub class_id: i64,
    pub class_title: String,
    pub student_id: i64,
    pub student_name: String,
    /// 1 for the student's first choice.
    pub preference: i64,
    pub statement: Option<String>,
    /// The class's ranking of the student, lower is better.
    pub rank: Option<i64>,
    /// `selected` or `not_selected` once the selection has run.
    pub outcome: Option<String>,
    pub explanation: Option<SelectionExplanation>,
    pub created_at: String,
}

impl From<&Application> for ApplicationBody {
    fn from(a: &Application) -> Self {
        Self {
            id: a.id,
            class_id: a.class_id,
            class_title: a.class_title.clone(),
            student_id: a.student_id,
            student_name: a.student_name.clone(),
            preference: a.preference,
            statement: a.statement.clone(),
            rank: a.rank,
            outcome: a.outcome.clone(),
            // Written by the selection; a stored text that does not read answers as no explanation.
            explanation: a.explanation.as_deref().and_then(|t| serde_json::from_str(t).ok()),
            created_at: rfc3339(a.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationList {
    pub items: Vec<ApplicationBody>,
}

/// A member's hiring outcome at the end of the class.
#[derive(Debug, Serialize, ToSchema)]
pub struct HiringBody {
    pub hired: bool,
    /// Why not, for a member not hired.
    pub reason: Option<String>,
    pub note: Option<String>,
}

/// A member of a class. The placement note, the reason for leaving and the hiring outcome are
/// private to the two sides and the student themselves (`null` for other readers).
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberBody {
    pub student_id: i64,
    pub student_name: String,
    /// `selection` or `override` (placed by hand).
    pub source: String,
    pub note: Option<String>,
    pub joined_at: String,
    pub left_at: Option<String>,
    pub leave_reason: Option<String>,
    pub hiring: Option<HiringBody>,
}

impl MemberBody {
    pub fn new(m: &Member, private: bool) -> Self {
        let hiring = match m.hired {
            Some(hired) if private => {
                Some(HiringBody { hired: hired == 1, reason: m.hiring_reason.clone(), note: m.hiring_note.clone() })
            }
            _ => None,
        };
        Self {
            student_id: m.student_id,
            student_name: m.student_name.clone(),
            source: m.source.clone(),
            note: m.note.clone().filter(|_| private),
            joined_at: rfc3339(m.joined_at),
            left_at: m.left_at.map(rfc3339),
            leave_reason: m.leave_reason.clone().filter(|_| private),
            hiring,
        }
    }
}

/// An item of the class's co-designed curriculum.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurriculumItemBody {
    pub id: i64,
    /// `course`, `enterprise_module` or `practice`.
    pub kind: String,
    pub title: String,
    pub hours: i64,
    pub taught_by: Option<String>,
    /// The side that proposed it: `university` or `enterprise`.
    pub proposed_by: String,
    /// When the other side agreed; `null` while it is a proposal.
    pub agreed_at: Option<String>,
}

impl From<&CurriculumItem> for CurriculumItemBody {
    fn from(i: &CurriculumItem) -> Self {
        Self {
            id: i.id,
            kind: i.kind.clone(),
            title: i.title.clone(),
            hours: i.hours,
            taught_by: i.taught_by.clone(),
            proposed_by: i.proposed_by_side.clone(),
            agreed_at: i.agreed_at.map(rfc3339),
        }
    }
}

/// A member's practice placement.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacementBody {
    pub id: i64,
    pub student_id: i64,
    pub student_name: String,
    pub site: String,
    pub supervisor: String,
    pub starts_on: String,
    pub ends_on: String,
}

impl From<&Placement> for PlacementBody {
    fn from(p: &Placement) -> Self {
        Self {
            id: p.id,
            student_id: p.student_id,
            student_name: p.student_name.clone(),
            site: p.site.clone(),
            supervisor: p.supervisor.clone(),
            starts_on: p.starts_on.clone(),
            ends_on: p.ends_on.clone(),
        }
    }
}

/// One class as its reader may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassDetail {
    #[serde(flatten)]
    pub class: ClassFields,
    /// Every application, for the enterprise and staff; `null` for other readers.
    pub applications: Option<Vec<ApplicationBody>>,
    /// Current members first, then those who left.
    pub members: Vec<MemberBody>,
    /// The reader's own application, if any.
    pub mine: Option<ApplicationBody>,
    pub curriculum: Vec<CurriculumItemBody>,
    /// The practice placements the reader may see.
    pub placements: Vec<PlacementBody>,
}

impl ClassDetail {
    pub fn new(view: &ClassView, reader: i64, items: &[CurriculumItem], placements: &[Placement]) -> Self {
        Self {
            class: ClassFields::from(&view.class),
            applications: view.applications.as_ref().map(|a| a.iter().map(ApplicationBody::from).collect()),
            members: view
                .members
                .iter()
                .map(|m| MemberBody::new(m, view.speaks_for || m.student_id == reader))
                .collect(),
            mine: view.mine.as_ref().map(ApplicationBody::from),
            curriculum: items.iter().map(CurriculumItemBody::from).collect(),
            placements: placements.iter().map(PlacementBody::from).collect(),
        }
    }
}

/// What a selection did.
#[derive(Debug, Serialize, ToSchema)]
pub struct SelectionBody {
    /// Open classes it filled.
    pub classes: usize,
    /// Students who had applied.
    pub applicants: usize,
    /// Students placed in a class.
    pub placed: usize,
}

impl From<&SelectionSummary> for SelectionBody {
    fn from(s: &SelectionSummary) -> Self {
        Self { classes: s.classes, applicants: s.applicants, placed: s.placed }
    }
}

/// The id of what was just written.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassRecordId {
    pub id: i64,
}

/// An enterprise's order for a class.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassOrderWrite {
    /// The enterprise the class is ordered for; the caller must be one of its admins.
    pub enterprise_id: Option<i64>,
    #[serde(default)]
    #[schema(value_type = String)]
    pub title: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub positions: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub majors: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub skills: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub seats: Loose,
    #[serde(default)]
    #[schema(value_type = i64)]
    pub hires: Loose,
    /// Monthly starting salary, in yuan.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub salary_min: Loose,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub salary_max: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub location: Loose,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub starts_on: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub ends_on: Loose,
}

impl ClassOrderWrite {
    pub fn into_input(self) -> Result<(i64, ClassOrder), AppError> {
        let enterprise = self.enterprise_id.ok_or_else(|| AppError::invalid("enterprise_id", "required"))?;
        let input = ClassOrder {
            title: self.title.0,
            positions: self.positions.0,
            majors: self.majors.0,
            skills: self.skills.0,
            seats: self.seats.0,
            hires: self.hires.0,
            salary_min: self.salary_min.0,
            salary_max: self.salary_max.0,
            location: self.location.0,
            starts_on: self.starts_on.0,
            ends_on: self.ends_on.0,
        };
        Ok((enterprise, input))
    }
}

/// The university's decision on an order, with an optional note to the enterprise.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderDecisionWrite {
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub note: Loose,
}

/// A student's application.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationWrite {
    /// 1 to 5; each of the student's applications has its own.
    pub preference: Option<i64>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub statement: Loose,
}

/// One application's rank; `rank: null` clears it. Other fields of an entry are ignored.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RankWrite {
    pub application_id: i64,
    #[serde(default)]
    pub rank: Option<i64>,
}

/// The enterprise's or staff's ranking of a class's applicants.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RanksWrite {
    /// Every entry is checked before any rank is written; a bad entry is reported under `ranks`.
    // Kept as raw JSON here and read entry by entry in `into_ranks`, so that a bad entry keeps
    // the error clients have always had (`ranks`, not `ranks[2].rank`).
    #[serde(default)]
    #[schema(value_type = Vec<RankWrite>)]
    pub ranks: Option<serde_json::Value>,
}

impl RanksWrite {
    pub fn into_ranks(self) -> Result<Vec<(i64, Option<i64>)>, AppError> {
        let Some(serde_json::Value::Array(entries)) = self.ranks else {
            return Err(AppError::invalid("ranks", "required"));
        };
        entries
            .into_iter()
            .map(|entry| {
                serde_json::from_value::<RankWrite>(entry)
                    .map(|r| (r.application_id, r.rank))
                    .map_err(|_| AppError::invalid("ranks", "wrong_type"))
            })
            .collect()
    }
}

/// Staff place a student in a class by hand, within its seats.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceWrite {
    /// The student's sign-in email.
    #[serde(default)]
    #[schema(value_type = String)]
    pub email: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub note: Loose,
}

/// Why a student leaves a class.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassLeaveWrite {
    #[serde(default)]
    #[schema(value_type = String)]
    pub reason: Loose,
}

/// A curriculum item proposed by one side.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CurriculumItemWrite {
    /// `course`, `enterprise_module` or `practice`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub kind: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub title: Loose,
    /// 1 to 2000.
    #[serde(default)]
    #[schema(value_type = i64)]
    pub hours: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub taught_by: Loose,
}

impl From<CurriculumItemWrite> for ItemInput {
    fn from(w: CurriculumItemWrite) -> Self {
        ItemInput { kind: w.kind.0, title: w.title.0, hours: w.hours.0, taught_by: w.taught_by.0 }
    }
}

/// A member's practice placement.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlacementWrite {
    pub student_id: Option<i64>,
    #[serde(default)]
    #[schema(value_type = String)]
    pub site: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub supervisor: Loose,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub starts_on: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub ends_on: Loose,
}

impl PlacementWrite {
    pub fn into_input(self) -> Result<(i64, PlacementInput), AppError> {
        let student = self.student_id.ok_or_else(|| AppError::invalid("student_id", "required"))?;
        let input = PlacementInput {
            site: self.site.0,
            supervisor: self.supervisor.0,
            starts_on: self.starts_on.0,
            ends_on: self.ends_on.0,
        };
        Ok((student, input))
    }
}

/// `hired` as sent: a boolean, or anything else, which the domain refuses as `invalid` (the
/// code clients have had for it since before bodies were typed).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum HiredFlag {
    Flag(bool),
    Other(IgnoredAny),
}

/// A member's hiring outcome at the end of the class.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HiringWrite {
    #[serde(default)]
    #[schema(value_type = Option<bool>)]
    pub hired: Option<HiredFlag>,
    /// Required when not hired: `offer_declined`, `not_qualified`, `further_study`, `left_class`,
    /// `no_vacancy` or `other`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub reason: Loose,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub note: Loose,
}

impl HiringWrite {
    /// `hired` in the domain's words: `yes`, `no`, empty when not given, anything else refused.
    pub fn hired_word(&self) -> &'static str {
        match self.hired {
            Some(HiredFlag::Flag(true)) => "yes",
            Some(HiredFlag::Flag(false)) => "no",
            None => "",
            Some(HiredFlag::Other(_)) => "wrong",
        }
    }
}
