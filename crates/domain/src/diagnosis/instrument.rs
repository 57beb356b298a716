//! Instrument definitions, loaded from the data files and checked for consistency.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

const FILES: [(&str, &str); 10] = [
    ("miit-2022-innovative.json", include_str!("../../../../data/instruments/miit-2022-innovative.json")),
    ("miit-2022-srdi.json", include_str!("../../../../data/instruments/miit-2022-srdi.json")),
    ("miit-2022-little-giant.json", include_str!("../../../../data/instruments/miit-2022-little-giant.json")),
    ("miit-2026-srdi.json", include_str!("../../../../data/instruments/miit-2026-srdi.json")),
    ("miit-2026-little-giant.json", include_str!("../../../../data/instruments/miit-2026-little-giant.json")),
    ("miit-2024-digital-level.json", include_str!("../../../../data/instruments/miit-2024-digital-level.json")),
    ("iso-9001-2015.json", include_str!("../../../../data/instruments/iso-9001-2015.json")),
    ("gbt-19580-2012.json", include_str!("../../../../data/instruments/gbt-19580-2012.json")),
    ("management-8-areas.json", include_str!("../../../../data/instruments/management-8-areas.json")),
    ("eu-dmat.json", include_str!("../../../../data/instruments/eu-dmat.json")),
];

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("instrument file {file} does not match the schema: {source}")]
    Parse { file: &'static str, source: serde_json::Error },
    #[error("instrument {id} is inconsistent: {problem}")]
    Inconsistent { id: String, problem: String },
}

/// A score band: `points` when the value is at least `at_least`, or strictly above `above`
/// for tables written as left-open intervals `(a, b]`; no bound: the catch-all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    pub points: u32,
}

impl Band {
    /// The band's lower bound, inclusive or not.
    pub fn bound(&self) -> Option<f64> {
        self.at_least.or(self.above)
    }

    pub fn holds(&self, x: f64) -> bool {
        match (self.at_least, self.above) {
            (Some(lo), _) => x >= lo,
            (None, Some(lo)) => x > lo,
            (None, None) => true,
        }
    }
}

/// A named level reached when the total is at least `at_least` (in the instrument's points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    pub id: String,
    pub at_least: u32,
    pub name_zh: String,
    pub name_en: String,
}

fn one() -> u32 {
    1
}

/// A band for indicators where lower is better: `points` when the value is below `below`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandBelow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    pub label_zh: String,
    pub label_en: String,
}

/// One measured part of a `best_of` indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub min: f64,
    pub max: f64,
    pub bands: Vec<Band>,
    /// An enterprise-profile figure this part cannot exceed (R&D expense ≤ operating revenue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most_profile: Option<String>,
}

/// How an indicator turns its answer into points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scoring {
    /// A number; the first band whose lower bound it reaches.
    Bands { bands: Vec<Band> },
    /// A number where lower is better; the first band it is below.
    BandsBelow { bands: Vec<BandBelow> },
    /// A number; `points_per_step` for every full `step`, capped at the maximum.
    PerStep { step: f64, points_per_step: u32 },
    /// One of the choices.
    Choice { choices: Vec<Choice> },
    /// Any of the choices; each chosen one earns its own `points` or else `points_each`,
    /// capped at the maximum.
    Multi {
        choices: Vec<Choice>,
        #[serde(default)]
        points_each: u32,
    },
    /// Points entered directly by the assessor.
    Points,
    /// A self-rated percentage of the indicator's maximum (GB/T 19580 items).
    Share,
    /// Several numbers, each banded; the better result counts.
    BestOf { parts: Vec<Part> },
}

/// The accepted answer: its type and range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputSpec {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Accepted values are whole multiples of this (5: percentages in steps of five).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub group: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: Option<String>,
    pub period: String,
    pub max: u32,
    pub input: InputSpec,
    #[serde(flatten)]
    pub scoring: Scoring,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub max: u32,
    /// Expertise tags of the people who can help when this dimension is weak.
    #[serde(default)]
    pub help_tags: Vec<String>,
}

/// A fact a pass rule needs that is not scored (a basic condition or a direct route).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub id: String,
    /// `number`, `boolean`, or `level` (a whole-number rating reported beside the score).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    pub name_zh: String,
    pub name_en: String,
    /// The enterprise-profile figure that fills this in on a new form
    /// (`operating_revenue_wan`, `total_assets_wan` or `employees`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<String>,
}

/// A pass rule, evaluated with three values: holds, fails, or unknown for want of a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Rule {
    All { all: Vec<Rule> },
    Any { any: Vec<Rule> },
    Total { total_at_least: u32 },
    GroupAtLeast { group: String, at_least: u32 },
    FactAtLeast { fact: String, at_least: f64 },
    FactAtMost { fact: String, at_most: f64 },
    FactIs { fact: String, is: bool },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instrument {
    pub id: String,
    pub version: String,
    pub ruleset: String,
    /// The MIIT ladder tier this instrument decides (`innovative`, `srdi`, `little_giant`), if any.
    #[serde(default)]
    pub tier: Option<String>,
    /// The tier's place on the ladder, from 1 (lowest).
    #[serde(default)]
    pub tier_rank: Option<u32>,
    pub title_zh: String,
    pub title_en: String,
    pub source: String,
    pub confidence: String,
    /// Shown to users as "provisional rule" until checked against the official text.
    pub provisional: bool,
    #[serde(default)]
    pub note_zh: String,
    #[serde(default)]
    pub note_en: String,
    pub boundary_rule: String,
    pub max_total: u32,
    /// Points in the data are this many times the official points (1000: thousandths), so
    /// fractional official points stay exact integers. Divide to show them.
    #[serde(default = "one")]
    pub points_scale: u32,
    /// Levels by total, highest first.
    #[serde(default)]
    pub levels: Vec<Level>,
    /// Show totals and dimensions as a percentage of their maximum (maturity indices 0–100).
    #[serde(default)]
    pub report_percent: bool,
    pub groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub facts: Vec<Fact>,
    #[serde(default)]
    pub pass: Option<Rule>,
}

impl Scoring {
    /// The most points any answer can earn, before the indicator's cap.
    fn best(&self) -> Option<u32> {
        match self {
            Scoring::Bands { bands } => bands.iter().map(|b| b.points).max(),
            Scoring::BandsBelow { bands } => bands.iter().map(|b| b.points).max(),
            Scoring::Choice { choices } => choices.iter().filter_map(|c| c.points).max(),
            Scoring::BestOf { parts } => parts.iter().flat_map(|p| p.bands.iter().map(|b| b.points)).max(),
            Scoring::PerStep { .. } | Scoring::Multi { .. } | Scoring::Points | Scoring::Share => None,
        }
    }
}

impl Instrument {
    /// Points as officially written (undoing `points_scale`).
    pub fn official(&self, points: u32) -> f64 {
        f64::from(points) / f64::from(self.points_scale.max(1))
    }

    pub fn level(&self, total: u32) -> Option<&Level> {
        self.levels.iter().find(|l| total >= l.at_least)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    fn check(&self) -> Result<(), CatalogueError> {
        let bad = |problem: String| CatalogueError::Inconsistent { id: self.id.clone(), problem };
        if self.groups.iter().map(|g| g.max).sum::<u32>() != self.max_total {
            return Err(bad("group maxima do not add up to max_total".into()));
        }
        for g in &self.groups {
            let sum: u32 = self.indicators.iter().filter(|i| i.group == g.id).map(|i| i.max).sum();
            if sum != g.max {
                return Err(bad(format!("indicators of group {} add up to {sum}, not {}", g.id, g.max)));
            }
        }
        let mut ids = BTreeSet::new();
        for i in &self.indicators {
            if !ids.insert(i.id.as_str()) {
                return Err(bad(format!("indicator {} appears twice", i.id)));
            }
            if self.group(&i.group).is_none() {
                return Err(bad(format!("indicator {} names unknown group {}", i.id, i.group)));
            }
            if i.scoring.best().is_some_and(|best| best != i.max) {
                return Err(bad(format!("indicator {}: the best band does not give its maximum", i.id)));
            }
            if let Scoring::Multi { choices, points_each } = &i.scoring
                && choices.iter().map(|c| c.points.unwrap_or(*points_each)).sum::<u32>() < i.max
            {
                return Err(bad(format!("indicator {}: all choices together do not reach its maximum", i.id)));
            }
            let descending = |xs: Vec<Option<f64>>| {
                let bounds: Vec<f64> = xs.iter().flatten().copied().collect();
                xs.last().is_some_and(Option::is_none)
                    && xs[..xs.len() - 1].iter().all(Option::is_some)
                    && bounds.windows(2).all(|w| w[0] > w[1])
            };
            let ascending = |xs: Vec<Option<f64>>| {
                let bounds: Vec<f64> = xs.iter().flatten().copied().collect();
                xs.last().is_some_and(Option::is_none)
                    && xs[..xs.len() - 1].iter().all(Option::is_some)
                    && bounds.windows(2).all(|w| w[0] < w[1])
            };
            let ordered = match &i.scoring {
                Scoring::Bands { bands } => descending(bands.iter().map(Band::bound).collect()),
                Scoring::BandsBelow { bands } => ascending(bands.iter().map(|b| b.below).collect()),
                Scoring::BestOf { parts } => {
                    parts.iter().all(|p| descending(p.bands.iter().map(Band::bound).collect()))
                }
                Scoring::Choice { choices } | Scoring::Multi { choices, .. } => {
                    let values: BTreeSet<_> = choices.iter().map(|c| c.value.as_str()).collect();
                    values.len() == choices.len()
                }
                Scoring::PerStep { step, .. } => *step > 0.0,
                Scoring::Points | Scoring::Share => true,
            };
            if !ordered {
                return Err(bad(format!(
                    "indicator {}: bands out of order, a missing catch-all, or duplicate choices",
                    i.id
                )));
            }
        }
        if let Some(rule) = &self.pass {
            self.check_rule(rule)?;
        }
        if !self.levels.windows(2).all(|w| w[0].at_least > w[1].at_least) {
            return Err(bad("levels must be listed highest first".into()));
        }
        Ok(())
    }

    fn check_rule(&self, rule: &Rule) -> Result<(), CatalogueError> {
        let bad = |problem: String| CatalogueError::Inconsistent { id: self.id.clone(), problem };
        match rule {
            Rule::All { all: rules } | Rule::Any { any: rules } => rules.iter().try_for_each(|r| self.check_rule(r)),
            Rule::Total { .. } => Ok(()),
            Rule::GroupAtLeast { group, .. } => {
                self.group(group).map(|_| ()).ok_or_else(|| bad(format!("pass rule names unknown group {group}")))
            }
            Rule::FactAtLeast { fact, .. } | Rule::FactAtMost { fact, .. } | Rule::FactIs { fact, .. } => {
                self.fact(fact).map(|_| ()).ok_or_else(|| bad(format!("pass rule names unknown fact {fact}")))
            }
        }
    }
}

/// Every instrument Tandem offers.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub instruments: Vec<Instrument>,
}

impl Catalogue {
    pub fn load() -> Result<Self, CatalogueError> {
        let mut instruments = Vec::new();
        for (file, text) in FILES {
            let instrument: Instrument =
                serde_json::from_str(text).map_err(|source| CatalogueError::Parse { file, source })?;
            instrument.check()?;
            instruments.push(instrument);
        }
        Ok(Self { instruments })
    }

    pub fn get(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_instruments_load_and_add_up() {
        let c = Catalogue::load().expect("valid instruments");
        let srdi = c.get("miit-2022-srdi").expect("srdi");
        assert_eq!((srdi.indicators.len(), srdi.max_total), (13, 10_000), "100 points, in hundredths");
        let inn = c.get("miit-2022-innovative").expect("innovative");
        assert_eq!((inn.indicators.len(), inn.max_total), (6, 100));
        assert_eq!(c.instruments.len(), 10);
        assert_eq!(c.get("gbt-19580-2012").expect("19580").max_total, 100_000, "1000 points, in hundredths");
        assert!(c.get("miit-2026-srdi").expect("2026 SRDI").provisional);
    }

    #[test]
    fn a_band_table_out_of_order_is_refused() {
        let c = Catalogue::load().expect("valid");
        let mut broken = c.get("miit-2022-srdi").expect("srdi").clone();
        if let Scoring::Bands { bands } = &mut broken.indicators[0].scoring {
            bands.swap(0, 1);
        }
        assert!(broken.check().is_err());
        let mut broken = c.get("miit-2022-srdi").expect("srdi").clone();
        broken.indicators[0].max = 6;
        assert!(broken.check().is_err());
    }
}
