//! The shapes of the diagnosis API. An assessment is written back in the shape it is read: its
//! derived fields are accepted and ignored. Instruments and score results come from the domain,
//! which knows nothing of OpenAPI, so they are mirrored here field for field (a test checks that
//! the mirror serialises exactly as the domain does).

use crate::diagnosis::explain;
use crate::http::format::rfc3339;
use crate::http::json::Loose;
use crate::i18n::I18n;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;
use tandem_app::diagnosis::{Aggregates, AssessmentView, PortfolioRow, Recommendation};
use tandem_app::records::AssessmentRow;
use tandem_domain::diagnosis::instrument::{
    Band, BandBelow, Choice, Fact, Group, Indicator, InputSpec, Level, Part, Rule, Scoring,
};
use tandem_domain::diagnosis::score::{Applied, ConditionOutcome, Opportunity, Target};
use tandem_domain::diagnosis::{Instrument, ScoreResult};
use utoipa::ToSchema;

/// Answers by indicator or fact id: a number, a choice, a list of choices, an object of parts
/// (`{"amount_wan": 260, "intensity_pct": 6.2}`) or true/false, as the instrument's `input` says.
pub type AnswerMap = BTreeMap<String, Value>;

/// Points as officially written: a whole number, or a decimal where the official table has
/// fractions (1.875).
#[derive(Debug, Clone, Copy, PartialEq, ToSchema)]
pub struct Points(f64);

impl Points {
    /// `scaled` points of the instrument (its data multiplies official points by `points_scale`).
    pub fn of(instrument: &Instrument, scaled: u32) -> Self {
        Self(instrument.official(scaled))
    }

    /// A stored total; without its instrument (withdrawn from the catalogue) as stored.
    pub fn stored(instrument: Option<&Instrument>, total: i64) -> Self {
        match instrument {
            Some(i) => Self::of(i, u32::try_from(total).unwrap_or(0)),
            None => Self(total as f64),
        }
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Clients compare `5` with `5`, not with `5.0`.
        if self.0.fract() == 0.0 { serializer.serialize_i64(self.0 as i64) } else { serializer.serialize_f64(self.0) }
    }
}

// ---------------------------------------------------------------------------------------------
// Instruments

/// An instrument as the list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstrumentSummary {
    pub id: String,
    pub version: String,
    pub ruleset: String,
    /// The title in Chinese.
    pub title: String,
    pub title_en: String,
    /// A rule not yet checked against the official text.
    pub provisional: bool,
    pub confidence: String,
    pub source: String,
    /// The maximum total in the instrument's scaled points (`points_scale` × official points).
    pub max_total: u32,
    /// How many indicators it has.
    pub indicators: usize,
}

impl From<&Instrument> for InstrumentSummary {
    fn from(i: &Instrument) -> Self {
        Self {
            id: i.id.clone(),
            version: i.version.clone(),
            ruleset: i.ruleset.clone(),
            title: i.title_zh.clone(),
            title_en: i.title_en.clone(),
            provisional: i.provisional,
            confidence: i.confidence.clone(),
            source: i.source.clone(),
            max_total: i.max_total,
            indicators: i.indicators.len(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Instruments {
    pub items: Vec<InstrumentSummary>,
}

/// An instrument's definition, as its data file states it. Points are in the instrument's
/// scaled points: divide by `points_scale` for official points.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstrumentDefinition {
    pub id: String,
    pub version: String,
    pub ruleset: String,
    /// The MIIT ladder tier this instrument decides (`innovative`, `srdi`, `little_giant`).
    pub tier: Option<String>,
    /// The tier's place on the ladder, from 1 (lowest).
    pub tier_rank: Option<u32>,
    pub title_zh: String,
    pub title_en: String,
    pub source: String,
    pub confidence: String,
    pub provisional: bool,
    pub note_zh: String,
    pub note_en: String,
    pub boundary_rule: String,
    pub max_total: u32,
    /// Official points × this = the points in this definition (1000: thousandths).
    pub points_scale: u32,
    /// Levels by total, highest first.
    pub levels: Vec<InstrumentLevel>,
    /// Totals and dimensions are shown as a percentage of their maximum.
    pub report_percent: bool,
    pub groups: Vec<InstrumentGroup>,
    pub indicators: Vec<InstrumentIndicator>,
    /// Facts the pass rule needs that are not scored.
    pub facts: Vec<InstrumentFact>,
    pub pass: Option<PassRule>,
}

impl From<&Instrument> for InstrumentDefinition {
    fn from(i: &Instrument) -> Self {
        Self {
            id: i.id.clone(),
            version: i.version.clone(),
            ruleset: i.ruleset.clone(),
            tier: i.tier.clone(),
            tier_rank: i.tier_rank,
            title_zh: i.title_zh.clone(),
            title_en: i.title_en.clone(),
            source: i.source.clone(),
            confidence: i.confidence.clone(),
            provisional: i.provisional,
            note_zh: i.note_zh.clone(),
            note_en: i.note_en.clone(),
            boundary_rule: i.boundary_rule.clone(),
            max_total: i.max_total,
            points_scale: i.points_scale,
            levels: i.levels.iter().map(InstrumentLevel::from).collect(),
            report_percent: i.report_percent,
            groups: i.groups.iter().map(InstrumentGroup::from).collect(),
            indicators: i.indicators.iter().map(InstrumentIndicator::from).collect(),
            facts: i.facts.iter().map(InstrumentFact::from).collect(),
            pass: i.pass.as_ref().map(PassRule::from),
        }
    }
}

/// A named level reached when the total is at least `at_least`.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstrumentLevel {
    pub id: String,
    pub at_least: u32,
    pub name_zh: String,
    pub name_en: String,
}

impl From<&Level> for InstrumentLevel {
    fn from(l: &Level) -> Self {
        Self { id: l.id.clone(), at_least: l.at_least, name_zh: l.name_zh.clone(), name_en: l.name_en.clone() }
    }
}

/// A dimension of the instrument.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstrumentGroup {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub max: u32,
    /// Expertise tags of the people who can help when this dimension is weak.
    pub help_tags: Vec<String>,
}

impl From<&Group> for InstrumentGroup {
    fn from(g: &Group) -> Self {
        Self {
            id: g.id.clone(),
            name_zh: g.name_zh.clone(),
            name_en: g.name_en.clone(),
            max: g.max,
            help_tags: g.help_tags.clone(),
        }
    }
}

/// One indicator: what it asks, what it accepts and how the answer becomes points.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstrumentIndicator {
    pub id: String,
    pub group: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: Option<String>,
    pub period: String,
    pub max: u32,
    pub input: AnswerSpec,
    #[serde(flatten)]
    pub scoring: IndicatorScoring,
}

impl From<&Indicator> for InstrumentIndicator {
    fn from(i: &Indicator) -> Self {
        Self {
            id: i.id.clone(),
            group: i.group.clone(),
            name_zh: i.name_zh.clone(),
            name_en: i.name_en.clone(),
            unit: i.unit.clone(),
            period: i.period.clone(),
            max: i.max,
            input: AnswerSpec::from(&i.input),
            scoring: IndicatorScoring::from(&i.scoring),
        }
    }
}

/// The accepted answer: its type and range.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerSpec {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Accepted values are whole multiples of this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
}

impl From<&InputSpec> for AnswerSpec {
    fn from(s: &InputSpec) -> Self {
        Self { kind: s.kind.clone(), min: s.min, max: s.max, step: s.step }
    }
}

/// How an indicator turns its answer into points, named by `kind`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IndicatorScoring {
    /// A number; the first band whose lower bound it reaches.
    Bands { bands: Vec<ScoreBand> },
    /// A number where lower is better; the first band it is below.
    BandsBelow { bands: Vec<ScoreBandBelow> },
    /// A number; `points_per_step` for every full `step`, capped at the maximum.
    PerStep { step: f64, points_per_step: u32 },
    /// One of the choices.
    Choice { choices: Vec<AnswerChoice> },
    /// Any of the choices, each earning its own points or else `points_each`, capped.
    Multi { choices: Vec<AnswerChoice>, points_each: u32 },
    /// Points entered directly by the assessor.
    Points,
    /// A self-rated percentage of the maximum.
    Share,
    /// Several numbers, each banded; the better result counts.
    BestOf { parts: Vec<IndicatorPart> },
}

impl From<&Scoring> for IndicatorScoring {
    fn from(s: &Scoring) -> Self {
        match s {
            Scoring::Bands { bands } => Self::Bands { bands: bands.iter().map(ScoreBand::from).collect() },
            Scoring::BandsBelow { bands } => {
                Self::BandsBelow { bands: bands.iter().map(ScoreBandBelow::from).collect() }
            }
            Scoring::PerStep { step, points_per_step } => {
                Self::PerStep { step: *step, points_per_step: *points_per_step }
            }
            Scoring::Choice { choices } => Self::Choice { choices: choices.iter().map(AnswerChoice::from).collect() },
            Scoring::Multi { choices, points_each } => {
                Self::Multi { choices: choices.iter().map(AnswerChoice::from).collect(), points_each: *points_each }
            }
            Scoring::Points => Self::Points,
            Scoring::Share => Self::Share,
            Scoring::BestOf { parts } => Self::BestOf { parts: parts.iter().map(IndicatorPart::from).collect() },
        }
    }
}

/// `points` when the value is at least `at_least`, or strictly above `above`; neither: the
/// catch-all.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreBand {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    pub points: u32,
}

impl From<&Band> for ScoreBand {
    fn from(b: &Band) -> Self {
        Self { at_least: b.at_least, above: b.above, points: b.points }
    }
}

/// `points` when the value is below `below`; none: the catch-all.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreBandBelow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    pub points: u32,
}

impl From<&BandBelow> for ScoreBandBelow {
    fn from(b: &BandBelow) -> Self {
        Self { below: b.below, points: b.points }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerChoice {
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    pub label_zh: String,
    pub label_en: String,
}

impl From<&Choice> for AnswerChoice {
    fn from(c: &Choice) -> Self {
        Self { value: c.value.clone(), points: c.points, label_zh: c.label_zh.clone(), label_en: c.label_en.clone() }
    }
}

/// One measured part of a `best_of` indicator.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorPart {
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub min: f64,
    pub max: f64,
    pub bands: Vec<ScoreBand>,
    /// The enterprise-profile figure this part cannot exceed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_most_profile: Option<String>,
}

impl From<&Part> for IndicatorPart {
    fn from(p: &Part) -> Self {
        Self {
            key: p.key.clone(),
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
            unit: p.unit.clone(),
            min: p.min,
            max: p.max,
            bands: p.bands.iter().map(ScoreBand::from).collect(),
            at_most_profile: p.at_most_profile.clone(),
        }
    }
}

/// A fact the pass rule needs that is not scored.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstrumentFact {
    pub id: String,
    /// `number`, `boolean` or `level`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    pub name_zh: String,
    pub name_en: String,
    /// The enterprise-profile figure that fills it in on a new form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefill: Option<String>,
}

impl From<&Fact> for InstrumentFact {
    fn from(f: &Fact) -> Self {
        Self {
            id: f.id.clone(),
            kind: f.kind.clone(),
            unit: f.unit.clone(),
            min: f.min,
            max: f.max,
            name_zh: f.name_zh.clone(),
            name_en: f.name_en.clone(),
            prefill: f.prefill.clone(),
        }
    }
}

/// A pass rule or one of its conditions, told apart by its fields.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum PassRule {
    All {
        #[schema(no_recursion)]
        all: Vec<PassRule>,
    },
    Any {
        #[schema(no_recursion)]
        any: Vec<PassRule>,
    },
    /// The total reaches `total_at_least`, in the instrument's scaled points.
    Total {
        total_at_least: u32,
    },
    GroupAtLeast {
        group: String,
        at_least: u32,
    },
    FactAtLeast {
        fact: String,
        at_least: f64,
    },
    FactAtMost {
        fact: String,
        at_most: f64,
    },
    FactIs {
        fact: String,
        is: bool,
    },
}

impl From<&Rule> for PassRule {
    fn from(r: &Rule) -> Self {
        match r {
            Rule::All { all } => Self::All { all: all.iter().map(PassRule::from).collect() },
            Rule::Any { any } => Self::Any { any: any.iter().map(PassRule::from).collect() },
            Rule::Total { total_at_least } => Self::Total { total_at_least: *total_at_least },
            Rule::GroupAtLeast { group, at_least } => Self::GroupAtLeast { group: group.clone(), at_least: *at_least },
            Rule::FactAtLeast { fact, at_least } => Self::FactAtLeast { fact: fact.clone(), at_least: *at_least },
            Rule::FactAtMost { fact, at_most } => Self::FactAtMost { fact: fact.clone(), at_most: *at_most },
            Rule::FactIs { fact, is } => Self::FactIs { fact: fact.clone(), is: *is },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// Answers to score without storing them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreRequest {
    /// Missing or null is refused with `required`.
    #[serde(default)]
    #[schema(value_type = Object, required = true)]
    pub answers: Option<AnswerMap>,
}

/// A result with its explanations in English and Chinese.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreReport {
    pub instrument: String,
    pub version: String,
    pub provisional: bool,
    pub source: String,
    pub confidence: String,
    pub boundary_rule: String,
    pub total: Points,
    pub max_total: Points,
    /// Null when a fact the pass rule needs is missing (see `missing_facts`).
    pub passed: Option<bool>,
    /// The total as a percentage of the maximum, for maturity indices; otherwise null.
    pub percent: Option<f64>,
    pub level: Option<LevelReached>,
    pub groups: Vec<DimensionScore>,
    /// By indicator id.
    pub indicators: BTreeMap<String, IndicatorScore>,
    pub conditions: Vec<PassCondition>,
    /// Facts that would decide `passed` when it is null.
    pub missing_facts: Vec<String>,
    /// Why the verdict is open, or empty.
    pub note: String,
    /// What would raise the score most, largest gain first.
    pub opportunities: Vec<ScoreOpportunity>,
}

impl ScoreReport {
    pub fn new(i18n: &I18n, instrument: &Instrument, r: &ScoreResult) -> Self {
        let pts = |p: u32| Points::of(instrument, p);
        let indicators = r
            .indicators
            .iter()
            .filter_map(|s| {
                let ind = instrument.indicator(&s.id)?;
                let score = IndicatorScore {
                    group: s.group.clone(),
                    points: pts(s.points),
                    max: pts(s.max),
                    answer: s.answer.clone(),
                    rule: AppliedRule::from(&s.applied),
                    explanation: explain::explanation(i18n, "en", instrument, ind, s),
                    explanation_zh: explain::explanation(i18n, "zh-CN", instrument, ind, s),
                };
                Some((s.id.clone(), score))
            })
            .collect();
        let groups = r
            .groups
            .iter()
            .map(|g| {
                let def = instrument.group(&g.id);
                DimensionScore {
                    id: g.id.clone(),
                    name: def.map(|d| d.name_zh.clone()),
                    name_en: def.map(|d| d.name_en.clone()),
                    points: pts(g.points),
                    max: pts(g.max),
                }
            })
            .collect();
        let percent = instrument
            .report_percent
            .then(|| (f64::from(r.total) * 1000.0 / f64::from(r.max_total.max(1))).round() / 10.0);
        let level = r
            .level
            .as_ref()
            .and_then(|id| instrument.levels.iter().find(|l| &l.id == id))
            .map(|l| LevelReached { id: l.id.clone(), name: l.name_zh.clone(), name_en: l.name_en.clone() });
        let note = if r.passed.is_none() && !r.missing_facts.is_empty() {
            format!("The verdict depends on facts not given: {}.", r.missing_facts.join(", "))
        } else {
            String::new()
        };
        Self {
            instrument: r.instrument.clone(),
            version: r.version.clone(),
            provisional: instrument.provisional,
            source: instrument.source.clone(),
            confidence: instrument.confidence.clone(),
            boundary_rule: instrument.boundary_rule.clone(),
            total: pts(r.total),
            max_total: pts(r.max_total),
            passed: r.passed,
            percent,
            level,
            groups,
            indicators,
            conditions: r.conditions.iter().map(|c| PassCondition::new(i18n, instrument, c)).collect(),
            missing_facts: r.missing_facts.clone(),
            note,
            opportunities: r.opportunities.iter().map(|o| ScoreOpportunity::new(i18n, instrument, o)).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LevelReached {
    pub id: String,
    /// In Chinese.
    pub name: String,
    pub name_en: String,
}

/// A dimension's points.
#[derive(Debug, Serialize, ToSchema)]
pub struct DimensionScore {
    pub id: String,
    /// In Chinese.
    pub name: Option<String>,
    pub name_en: Option<String>,
    pub points: Points,
    pub max: Points,
}

/// An indicator's points, the answer and the rule that gave them.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorScore {
    pub group: String,
    pub points: Points,
    pub max: Points,
    #[schema(value_type = Value)]
    pub answer: Value,
    pub rule: AppliedRule,
    pub explanation: String,
    pub explanation_zh: String,
}

/// Which rule gave an indicator its points, named by `rule`. Bounds are in the indicator's
/// unit; `points_per_step` and `points_each` in the instrument's scaled points.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum AppliedRule {
    /// The value reached `at_least` or was above `above` (neither: below every bound).
    Band {
        at_least: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        above: Option<f64>,
    },
    /// The value was below `below` (null: at or above every bound).
    BandBelow {
        below: Option<f64>,
    },
    PerStep {
        steps: u32,
        step: f64,
        points_per_step: u32,
    },
    Choice {
        value: String,
    },
    Multi {
        values: Vec<String>,
        points_each: u32,
    },
    Entered,
    Share {
        percent: f64,
    },
    /// The better of several parts: `part` won with its band.
    BestOf {
        part: String,
        at_least: Option<f64>,
    },
}

impl From<&Applied> for AppliedRule {
    fn from(a: &Applied) -> Self {
        match a {
            Applied::Band { at_least, above } => Self::Band { at_least: *at_least, above: *above },
            Applied::BandBelow { below } => Self::BandBelow { below: *below },
            Applied::PerStep { steps, step, points_per_step } => {
                Self::PerStep { steps: *steps, step: *step, points_per_step: *points_per_step }
            }
            Applied::Choice { value } => Self::Choice { value: value.clone() },
            Applied::Multi { values, points_each } => Self::Multi { values: values.clone(), points_each: *points_each },
            Applied::Entered => Self::Entered,
            Applied::Share { percent } => Self::Share { percent: *percent },
            Applied::BestOf { part, at_least } => Self::BestOf { part: part.clone(), at_least: *at_least },
        }
    }
}

/// One condition of the pass rule with its verdict (null: a fact is missing).
#[derive(Debug, Serialize, ToSchema)]
pub struct PassCondition {
    pub rule: PassRule,
    pub holds: Option<bool>,
    /// False for an alternative that did not hold while another did.
    pub needed: bool,
    pub text: String,
    pub text_zh: String,
}

impl PassCondition {
    fn new(i18n: &I18n, instrument: &Instrument, c: &ConditionOutcome) -> Self {
        Self {
            rule: PassRule::from(&c.rule),
            holds: c.holds,
            needed: c.needed,
            text: explain::condition_text(i18n, "en", instrument, &c.rule),
            text_zh: explain::condition_text(i18n, "zh-CN", instrument, &c.rule),
        }
    }
}

/// Something that would raise the score: the points gained and what it takes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreOpportunity {
    pub indicator: String,
    pub gain: Points,
    pub target: OpportunityTarget,
    pub text: String,
    pub text_zh: String,
}

impl ScoreOpportunity {
    fn new(i18n: &I18n, instrument: &Instrument, o: &Opportunity) -> Self {
        Self {
            indicator: o.indicator.clone(),
            gain: Points::of(instrument, o.gain),
            target: OpportunityTarget::from(&o.target),
            text: explain::opportunity_text(i18n, "en", instrument, o),
            text_zh: explain::opportunity_text(i18n, "zh-CN", instrument, o),
        }
    }
}

/// What it takes, named by `kind`: a lower bound (of a part, for `best_of`), an upper bound, a
/// choice, more items or more years.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OpportunityTarget {
    AtLeast { value: f64, part: Option<String> },
    Above { value: f64 },
    Below { value: f64 },
    Choose { value: String },
    MoreItems { items: u32 },
    MoreYears { value: f64 },
}

impl From<&Target> for OpportunityTarget {
    fn from(t: &Target) -> Self {
        match t {
            Target::AtLeast { value, part } => Self::AtLeast { value: *value, part: part.clone() },
            Target::Above { value } => Self::Above { value: *value },
            Target::Below { value } => Self::Below { value: *value },
            Target::Choose { value } => Self::Choose { value: value.clone() },
            Target::MoreItems { items } => Self::MoreItems { items: *items },
            Target::MoreYears { value } => Self::MoreYears { value: *value },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Assessments

/// Start an assessment of an enterprise: a draft (answers so far) or submitted at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentCreate {
    /// The instrument's id (`miit-2022-srdi`); another is refused with `instrument.unknown`.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub instrument: Option<Loose>,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub answers: Option<AnswerMap>,
    /// Score and submit now: every indicator must be answered. A submitted assessment is final.
    #[serde(default)]
    pub submit: Option<bool>,
}

/// More answers for a draft, merged into those saved (an answer given again replaces the
/// saved one), and whether to submit it now. An assessment as read may be sent back: its
/// read-only fields are ignored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentUpdate {
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub answers: Option<AnswerMap>,
    #[serde(default)]
    pub submit: Option<bool>,
    #[serde(default, rename = "id")]
    #[schema(value_type = Option<i64>, read_only)]
    _id: Option<IgnoredAny>,
    #[serde(default, rename = "enterprise_id")]
    #[schema(value_type = Option<i64>, read_only)]
    _enterprise_id: Option<IgnoredAny>,
    #[serde(default, rename = "enterprise_name")]
    #[schema(value_type = Option<String>, read_only)]
    _enterprise_name: Option<IgnoredAny>,
    #[serde(default, rename = "instrument")]
    #[schema(value_type = Option<String>, read_only)]
    _instrument: Option<IgnoredAny>,
    #[serde(default, rename = "instrument_version")]
    #[schema(value_type = Option<String>, read_only)]
    _instrument_version: Option<IgnoredAny>,
    #[serde(default, rename = "status")]
    #[schema(value_type = Option<String>, read_only)]
    _status: Option<IgnoredAny>,
    #[serde(default, rename = "total")]
    #[schema(value_type = Option<f64>, read_only)]
    _total: Option<IgnoredAny>,
    #[serde(default, rename = "passed")]
    #[schema(value_type = Option<bool>, read_only)]
    _passed: Option<IgnoredAny>,
    #[serde(default, rename = "created_at")]
    #[schema(value_type = Option<String>, read_only)]
    _created_at: Option<IgnoredAny>,
    #[serde(default, rename = "updated_at")]
    #[schema(value_type = Option<String>, read_only)]
    _updated_at: Option<IgnoredAny>,
    #[serde(default, rename = "submitted_at")]
    #[schema(value_type = Option<String>, read_only)]
    _submitted_at: Option<IgnoredAny>,
    #[serde(default, rename = "result")]
    #[schema(value_type = Option<Object>, read_only)]
    _result: Option<IgnoredAny>,
    #[serde(default, rename = "recommendations")]
    #[schema(value_type = Option<Vec<Object>>, read_only)]
    _recommendations: Option<IgnoredAny>,
}

/// An assessment as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentSummary {
    #[schema(read_only)]
    pub id: i64,
    #[schema(read_only)]
    pub enterprise_id: i64,
    #[schema(read_only)]
    pub enterprise_name: String,
    /// The instrument's id.
    #[schema(read_only)]
    pub instrument: String,
    #[schema(read_only)]
    pub instrument_version: String,
    /// `draft` or `submitted`.
    #[schema(read_only)]
    pub status: String,
    /// Null for a draft.
    #[schema(read_only)]
    pub total: Option<Points>,
    /// Null for a draft, or when a fact the pass rule needs is missing.
    #[schema(read_only)]
    pub passed: Option<bool>,
    #[schema(read_only)]
    pub created_at: String,
    #[schema(read_only)]
    pub updated_at: String,
    #[schema(read_only)]
    pub submitted_at: Option<String>,
}

impl AssessmentSummary {
    pub fn new(instrument: Option<&Instrument>, a: &AssessmentRow) -> Self {
        Self {
            id: a.id,
            enterprise_id: a.enterprise_id,
            enterprise_name: a.enterprise_name.clone(),
            instrument: a.instrument_id.clone(),
            instrument_version: a.instrument_version.clone(),
            status: a.status.clone(),
            total: a.total.map(|t| Points::stored(instrument, t)),
            passed: a.passed.map(|p| p == 1),
            created_at: rfc3339(a.created_at),
            updated_at: rfc3339(a.updated_at),
            submitted_at: a.submitted_at.map(rfc3339),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Assessments {
    pub items: Vec<AssessmentSummary>,
}

/// One assessment with its answers and, once submitted, its result.
#[derive(Debug, Serialize, ToSchema)]
pub struct Assessment {
    #[serde(flatten)]
    pub summary: AssessmentSummary,
    #[schema(value_type = Object)]
    pub answers: AnswerMap,
    /// Present once submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(read_only)]
    pub result: Option<ScoreReport>,
    /// Weak dimensions with people who could help; only when one assessment is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(read_only)]
    pub recommendations: Option<Vec<DimensionHelp>>,
}

impl Assessment {
    pub fn new(i18n: &I18n, instrument: Option<&Instrument>, v: &AssessmentView) -> Self {
        let result = match (&v.result, instrument) {
            (Some(r), Some(i)) => Some(ScoreReport::new(i18n, i, r)),
            _ => None,
        };
        Self {
            summary: AssessmentSummary::new(instrument, &v.row),
            answers: v.answers.clone(),
            result,
            recommendations: None,
        }
    }

    pub fn with_recommendations(mut self, recommendations: &[Recommendation]) -> Self {
        self.recommendations = Some(recommendations.iter().map(DimensionHelp::from).collect());
        self
    }
}

/// A dimension below 60% of its maximum, with people whose expertise matches it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DimensionHelp {
    /// The dimension's id.
    pub group: String,
    /// Its points as a share of its maximum (0–1).
    pub share: f64,
    pub helpers: Vec<DimensionHelper>,
}

impl From<&Recommendation> for DimensionHelp {
    fn from(r: &Recommendation) -> Self {
        Self {
            group: r.group.clone(),
            share: r.share,
            helpers: r
                .helpers
                .iter()
                .map(|h| DimensionHelper { person_id: h.person_id, name: h.name.clone(), matched: h.matched.clone() })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DimensionHelper {
    pub person_id: i64,
    pub name: String,
    /// The helper's expertise tags that matched the dimension.
    pub matched: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Portfolio

/// A diagnosed enterprise with its latest result of the instrument.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortfolioEntry {
    pub assessment_id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub industry_code: String,
    pub region_code: Option<String>,
    /// micro, small, medium or large.
    pub size_class: Option<String>,
    pub total: Option<Points>,
    pub passed: Option<bool>,
    pub submitted_at: Option<String>,
}

impl PortfolioEntry {
    pub fn new(instrument: Option<&Instrument>, r: &PortfolioRow) -> Self {
        Self {
            assessment_id: r.assessment_id,
            enterprise_id: r.enterprise_id,
            enterprise_name: r.enterprise_name.clone(),
            industry_code: r.industry_code.clone(),
            region_code: r.region_code.clone(),
            size_class: r.size_class.clone(),
            total: r.total.map(|t| Points::stored(instrument, t)),
            passed: r.passed.map(|p| p == 1),
            submitted_at: r.submitted_at.map(rfc3339),
        }
    }
}

/// Counts and distributions over the latest results; no enterprise is named.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiagnosisAggregates {
    pub instrument: String,
    pub enterprises: usize,
    pub passed: usize,
    pub failed: usize,
    /// Results whose verdict waits for a fact.
    pub undetermined: usize,
    /// Mean total in official points, when the instrument is scored.
    pub mean_total: Option<f64>,
    /// `[lower bound, upper bound (exclusive, but the top band holds the maximum), count]` of
    /// totals in bands of 20 official points.
    pub total_bands: Vec<(f64, f64, usize)>,
    /// `[size class, count]`, micro to large, unknown (`—`) last.
    pub by_size: Vec<(String, usize)>,
    /// `[industry section, count]`.
    pub by_section: Vec<(String, usize)>,
}

impl From<&Aggregates> for DiagnosisAggregates {
    fn from(a: &Aggregates) -> Self {
        Self {
            instrument: a.instrument.clone(),
            enterprises: a.enterprises,
            passed: a.passed,
            failed: a.failed,
            undetermined: a.undetermined,
            mean_total: a.mean_total,
            total_bands: a.total_bands.clone(),
            by_size: a.by_size.clone(),
            by_section: a.by_section.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_domain::diagnosis::Catalogue;

    #[test]
    fn every_instrument_reads_as_the_domain_writes_it() {
        let catalogue = Catalogue::load().expect("the bundled instruments load");
        for i in &catalogue.instruments {
            let mirrored = serde_json::to_value(InstrumentDefinition::from(i)).expect("serialises");
            let domain = serde_json::to_value(i).expect("serialises");
            assert_eq!(mirrored, domain, "{}", i.id);
        }
    }

    #[test]
    fn applied_rules_and_targets_read_as_the_domain_writes_them() {
        let applied = [
            Applied::Band { at_least: Some(80.0), above: None },
            Applied::Band { at_least: None, above: Some(10.0) },
            Applied::BandBelow { below: None },
            Applied::PerStep { steps: 3, step: 0.5, points_per_step: 2 },
            Applied::Choice { value: "national".into() },
            Applied::Multi { values: vec!["a".into(), "b".into()], points_each: 1 },
            Applied::Entered,
            Applied::Share { percent: 60.0 },
            Applied::BestOf { part: "amount_wan".into(), at_least: Some(1.5) },
        ];
        for a in &applied {
            let mirrored = serde_json::to_value(AppliedRule::from(a)).expect("serialises");
            assert_eq!(mirrored, serde_json::to_value(a).expect("serialises"), "{a:?}");
        }
        let targets = [
            Target::AtLeast { value: 10.0, part: None },
            Target::AtLeast { value: 2.5, part: Some("intensity_pct".into()) },
            Target::Above { value: 3.0 },
            Target::Below { value: 1.0 },
            Target::Choose { value: "national".into() },
            Target::MoreItems { items: 2 },
            Target::MoreYears { value: 4.0 },
        ];
        for t in &targets {
            let mirrored = serde_json::to_value(OpportunityTarget::from(t)).expect("serialises");
            assert_eq!(mirrored, serde_json::to_value(t).expect("serialises"), "{t:?}");
        }
    }

    #[test]
    fn whole_points_are_integers_and_fractions_decimals() {
        assert_eq!(serde_json::to_string(&Points(5.0)).expect("serialises"), "5");
        assert_eq!(serde_json::to_string(&Points(1.875)).expect("serialises"), "1.875");
    }
}
