//! The talent pool (人才资源共享): each person's expertise profile — disciplines (GB/T 13745,
//! kept as data with its source), industries (GB/T 4754), keywords, availability and whether it
//! is public — and how a match between a proposition and an expert is scored and explained.

use crate::validation::{FieldErrors, optional_text};
use serde::Deserialize;

const DISCIPLINES_FILE: &str = include_str!("../../../../data/reference/gbt-13745-2009-disciplines.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Discipline {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Disciplines {
    pub version: String,
    pub source: String,
    pub confidence: String,
    pub provisional: bool,
    pub note_zh: String,
    pub note_en: String,
    pub disciplines: Vec<Discipline>,
}

impl Disciplines {
    /// Parses and checks the file compiled into the binary: three-digit codes, each once.
    pub fn load() -> Result<Self, String> {
        let d: Disciplines = serde_json::from_str(DISCIPLINES_FILE).map_err(|e| e.to_string())?;
        let mut codes: Vec<&str> = d.disciplines.iter().map(|x| x.code.as_str()).collect();
        if codes.iter().any(|c| c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_digit())) {
            return Err("a discipline code is not three digits".into());
        }
        codes.sort_unstable();
        if codes.windows(2).any(|w| w[0] == w[1]) {
            return Err("a discipline code appears twice".into());
        }
        Ok(d)
    }

    /// The list compiled into the binary, parsed once.
    pub fn shared() -> Option<&'static Disciplines> {
        static LIST: std::sync::OnceLock<Option<Disciplines>> = std::sync::OnceLock::new();
        LIST.get_or_init(|| Disciplines::load().ok()).as_ref()
    }

    pub fn get(&self, code: &str) -> Option<&Discipline> {
        self.disciplines.iter().find(|d| d.code == code)
    }
}

/// How available a person is for new work.
pub const AVAILABILITY: [&str; 3] = ["open", "limited", "unavailable"];

/// A profile as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileInput {
    /// One line about what the person does.
    pub headline: String,
    pub disciplines: Vec<String>,
    pub industries: Vec<String>,
    pub keywords: Vec<String>,
    pub availability: String,
    /// Listed in the talent pool, visible to enterprises and government.
    pub public: bool,
    /// Whether enterprises see the e-mail and phone on the public profile.
    pub show_contact: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub headline: Option<String>,
    pub disciplines: Vec<String>,
    pub industries: Vec<String>,
    pub keywords: Vec<String>,
    pub availability: String,
    pub public: bool,
    pub show_contact: bool,
}

pub const MAX_CODES: usize = 6;

fn split(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in items.iter().flat_map(|k| k.split([',', '，', ';', '；', '\n'])).map(str::trim).filter(|k| !k.is_empty())
    {
        if !out.iter().any(|x| x == k) {
            out.push(k.to_owned());
        }
    }
    out
}

/// Checks a profile: known discipline codes, industry codes the caller knows (`known_industry`),
/// at most twelve keywords, a known availability.
pub fn parse_profile(input: &ProfileInput, known_industry: &dyn Fn(&str) -> bool) -> Result<Profile, FieldErrors> {
    let mut e = FieldErrors::new();
    let headline = optional_text(&mut e, "headline", &input.headline, 200);
    let disciplines = split(&input.disciplines);
    let known = Disciplines::shared();
    if disciplines.iter().any(|d| known.is_none_or(|k| k.get(d).is_none())) {
        e.add("disciplines", "discipline.unknown");
    } else if disciplines.len() > MAX_CODES {
        e.add_with("disciplines", "codes.too_many", &[("max", MAX_CODES.to_string())]);
    }
    let industries = split(&input.industries);
    if industries.iter().any(|c| !known_industry(c)) {
        e.add("industries", "industry.unknown");
    } else if industries.len() > MAX_CODES {
        e.add_with("industries", "codes.too_many", &[("max", MAX_CODES.to_string())]);
    }
    let keywords = split(&input.keywords);
    if keywords.iter().any(|k| k.chars().count() > super::MAX_KEYWORD_CHARS) {
        e.add_with("keywords", "keywords.too_long", &[("max", super::MAX_KEYWORD_CHARS.to_string())]);
    } else if keywords.len() > super::MAX_KEYWORDS {
        e.add_with("keywords", "keywords.too_many", &[("max", super::MAX_KEYWORDS.to_string())]);
    }
    let availability = if input.availability.trim().is_empty() { "open" } else { input.availability.trim() };
    if !AVAILABILITY.contains(&availability) {
        e.add("availability", "availability.unknown");
    }
    e.into_result(Profile {
        headline,
        disciplines,
        industries,
        keywords,
        availability: availability.to_owned(),
        public: input.public,
        show_contact: input.show_contact,
    })
}

/// Why a candidate fits: each reason names what matched and adds its weight to the score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A keyword both share.
    Keyword(String),
    /// The proposition's industry (division, or its section) is among the expert's.
    Industry(String),
    /// Equipment the expert is trained to run whose name carries a keyword.
    Equipment(String),
    /// Joint research projects the expert completed or is running on the platform.
    PastProjects(i64),
    /// Results the expert is the contact of.
    Results(i64),
    /// A result's readiness level reaches the level the proposition expects.
    Readiness(i64),
}

impl Reason {
    /// The weight of a reason: shared keywords count most, then industry, equipment and past work.
    pub fn weight(&self) -> i64 {
        match self {
            Reason::Keyword(_) => 30,
            Reason::Industry(_) => 20,
            Reason::Equipment(_) => 10,
            Reason::PastProjects(n) => 5 * (*n).min(4),
            Reason::Results(n) => 3 * (*n).min(5),
            Reason::Readiness(_) => 10,
        }
    }

    /// A stable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Keyword(_) => "keyword",
            Reason::Industry(_) => "industry",
            Reason::Equipment(_) => "equipment",
            Reason::PastProjects(_) => "past_projects",
            Reason::Results(_) => "results",
            Reason::Readiness(_) => "readiness",
        }
    }
}

/// The score of a match: the sum of its reasons' weights. A match with no reason scores nothing
/// and is never shown.
pub fn score(reasons: &[Reason]) -> i64 {
    reasons.iter().map(Reason::weight).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disciplines_file_loads_and_cites_its_source() {
        let d = Disciplines::load().unwrap();
        assert!(d.source.contains("GB/T 13745"));
        assert_eq!(d.get("460").map(|x| x.name_zh.as_str()), Some("机械工程"));
    }

    #[test]
    fn a_profile_names_known_codes_and_a_known_availability() {
        let ok = ProfileInput {
            headline: "数控机床热误差".into(),
            disciplines: vec!["460, 470".into()],
            industries: vec!["C34".into()],
            keywords: vec!["热误差，数控机床, 热误差".into()],
            availability: String::new(),
            public: true,
            show_contact: false,
        };
        let p = parse_profile(&ok, &|c| c == "C34").unwrap();
        assert_eq!((p.disciplines.len(), p.keywords.len(), p.availability.as_str()), (2, 2, "open"));
        let bad = ProfileInput {
            disciplines: vec!["999".into()],
            industries: vec!["Z99".into()],
            availability: "sometimes".into(),
            ..ok
        };
        let e = parse_profile(&bad, &|c| c == "C34").unwrap_err();
        for (field, code) in [
            ("disciplines", "discipline.unknown"),
            ("industries", "industry.unknown"),
            ("availability", "availability.unknown"),
        ] {
            assert_eq!(e.for_field(field).map(|f| f.code.as_str()), Some(code));
        }
    }

    #[test]
    fn keywords_outweigh_industry_and_past_work_is_capped() {
        let a = [Reason::Keyword("热误差".into()), Reason::Keyword("数控机床".into())];
        let b = [Reason::Industry("C34".into()), Reason::PastProjects(50), Reason::Results(50)];
        assert!(score(&a) > score(&b), "two shared keywords beat industry and a long record");
        assert_eq!(score(&[Reason::PastProjects(50)]), 20);
        assert_eq!(score(&[]), 0);
    }
}
