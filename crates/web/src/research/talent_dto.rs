//! The shapes of the talent pool and matching API.

use serde::{Deserialize, Serialize};
use tandem_app::research::talent_pool::{Match, PersonPage, ProfileRow};
use tandem_domain::research::expertise::{ProfileInput, Reason};
use utoipa::ToSchema;

fn lines(s: &Option<String>) -> Vec<String> {
    s.as_deref().unwrap_or_default().lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// An expertise profile in the talent pool.
#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    pub person_id: i64,
    pub name: String,
    /// Only when the person shows contact details (or to themselves and staff).
    pub email: Option<String>,
    pub phone: Option<String>,
    pub headline: Option<String>,
    /// GB/T 13745 first-level codes, e.g. `460`.
    pub disciplines: Vec<String>,
    /// GB/T 4754 divisions or sections, e.g. `C34`.
    pub industries: Vec<String>,
    pub keywords: Vec<String>,
    /// `open`, `limited` or `unavailable`.
    pub availability: String,
    pub public: bool,
    pub show_contact: bool,
}

impl Profile {
    pub fn of_row(r: &ProfileRow) -> Self {
        Self {
            person_id: r.person_id,
            name: r.name.clone(),
            email: r.email.clone(),
            phone: r.phone.clone(),
            headline: r.headline.clone(),
            disciplines: lines(&r.disciplines),
            industries: lines(&r.industries),
            keywords: lines(&r.keywords),
            availability: r.availability.clone(),
            public: r.public == 1,
            show_contact: r.show_contact == 1,
        }
    }
}

/// A project someone worked on.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectRef {
    pub proposal_id: i64,
    pub title: String,
    pub enterprise: String,
    pub status: String,
    pub lead: bool,
}

/// What a person did on the platform, derived from the records.
#[derive(Debug, Serialize, ToSchema)]
pub struct Record {
    pub projects: Vec<ProjectRef>,
    /// Result ids and titles.
    pub results: Vec<(i64, String)>,
    pub mentees: i64,
    /// Practice terms: enterprise, from, to.
    pub practice: Vec<(String, String, String)>,
    /// Equipment trained on: name, lab.
    pub equipment: Vec<(String, String)>,
}

/// One person's page in the pool.
#[derive(Debug, Serialize, ToSchema)]
pub struct PoolPerson {
    pub profile: Profile,
    pub record: Record,
}

impl PoolPerson {
    pub fn of(p: &PersonPage) -> Self {
        let h = &p.history;
        Self {
            profile: Profile::of_row(&p.profile),
            record: Record {
                projects: h
                    .projects
                    .iter()
                    .map(|x| ProjectRef {
                        proposal_id: x.proposal_id,
                        title: x.title.clone(),
                        enterprise: x.enterprise_name.clone(),
                        status: x.status.clone(),
                        lead: x.lead == 1,
                    })
                    .collect(),
                results: h.results.clone(),
                mentees: h.mentees,
                practice: h.practice.clone(),
                equipment: h.equipment.clone(),
            },
        }
    }
}

/// A profile as its person writes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileWrite {
    #[serde(default)]
    pub headline: Option<String>,
    #[serde(default)]
    pub disciplines: Vec<String>,
    #[serde(default)]
    pub industries: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub availability: Option<String>,
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub show_contact: bool,
}

impl ProfileWrite {
    pub fn into_input(self) -> ProfileInput {
        ProfileInput {
            headline: self.headline.unwrap_or_default(),
            disciplines: self.disciplines,
            industries: self.industries,
            keywords: self.keywords,
            availability: self.availability.unwrap_or_default(),
            public: self.public,
            show_contact: self.show_contact,
        }
    }
}

/// Why something matched: `keyword`, `industry`, `equipment`, `past_projects`, `results` or
/// `readiness`, with what matched (the keyword, the code, the equipment, a count or a level).
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchReason {
    pub kind: &'static str,
    pub value: String,
    /// What this reason adds to the score.
    pub weight: i64,
}

impl MatchReason {
    pub fn of(r: &Reason) -> Self {
        let value = match r {
            Reason::Keyword(s) | Reason::Industry(s) | Reason::Equipment(s) => s.clone(),
            Reason::PastProjects(n) | Reason::Results(n) | Reason::Readiness(n) => n.to_string(),
        };
        Self { kind: r.code(), value, weight: r.weight() }
    }
}

/// An expert who fits a proposition.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExpertMatch {
    pub person_id: i64,
    pub name: String,
    pub headline: String,
    /// The sum of the reasons' weights.
    pub score: i64,
    pub reasons: Vec<MatchReason>,
}

/// A result or proposition that fits.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemMatch {
    pub id: i64,
    pub title: String,
    /// The result's unit, or the proposition's enterprise and deadline.
    pub detail: String,
    pub score: i64,
    pub reasons: Vec<MatchReason>,
}

impl ItemMatch {
    pub fn of(m: &Match) -> Self {
        Self {
            id: m.id,
            title: m.title.clone(),
            detail: m.detail.clone(),
            score: m.score,
            reasons: m.reasons.iter().map(MatchReason::of).collect(),
        }
    }
}

/// Experts and results that fit a proposition, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct PropositionMatches {
    pub experts: Vec<ExpertMatch>,
    pub achievements: Vec<ItemMatch>,
}

impl PropositionMatches {
    pub fn of(m: &tandem_app::research::talent_pool::Matches) -> Self {
        Self {
            experts: m
                .experts
                .iter()
                .map(|e| ExpertMatch {
                    person_id: e.id,
                    name: e.title.clone(),
                    headline: e.detail.clone(),
                    score: e.score,
                    reasons: e.reasons.iter().map(MatchReason::of).collect(),
                })
                .collect(),
            achievements: m.achievements.iter().map(ItemMatch::of).collect(),
        }
    }
}
