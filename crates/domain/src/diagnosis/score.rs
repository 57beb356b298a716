//! Scoring: answers in, points and a verdict out, with what each point rests on.

use super::instrument::{Band, Indicator, Instrument, Rule, Scoring};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Why an answer was refused; `code` is stable and translatable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerError {
    /// The indicator or fact id (`SRF-01`), or the part (`SRF-11.amount_wan`).
    pub id: String,
    pub code: String,
}

/// Which rule gave an indicator its points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Applied {
    /// Value at least `at_least`, or above `above` (neither: below every bound).
    Band {
        at_least: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        above: Option<f64>,
    },
    /// Value below `below` (none: at or above every bound).
    BandBelow {
        below: Option<f64>,
    },
    /// `steps` full steps of `step`.
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
    /// A self-rated percentage of the maximum.
    Share {
        percent: f64,
    },
    /// The better of several parts; `part` won with its band.
    BestOf {
        part: String,
        at_least: Option<f64>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorScore {
    pub id: String,
    pub group: String,
    pub points: u32,
    pub max: u32,
    pub answer: Value,
    pub applied: Applied,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupScore {
    pub id: String,
    pub points: u32,
    pub max: u32,
}

/// One leaf of the pass rule with its verdict (`None`: a fact is missing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionOutcome {
    pub rule: Rule,
    pub holds: Option<bool>,
    /// False for an alternative that did not hold while another alternative did.
    #[serde(default = "needed_default")]
    pub needed: bool,
}

fn needed_default() -> bool {
    true
}

/// Something that would raise the score: the points gained and what it takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opportunity {
    pub indicator: String,
    pub gain: u32,
    /// The target: a lower bound (`at_least`), an upper bound (`below`) or a choice.
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    AtLeast { value: f64, part: Option<String> },
    Above { value: f64 },
    Below { value: f64 },
    Choose { value: String },
    MoreItems { items: u32 },
    MoreYears { value: f64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreResult {
    pub instrument: String,
    pub version: String,
    pub total: u32,
    pub max_total: u32,
    /// The level reached by the total, for instruments that have levels.
    #[serde(default)]
    pub level: Option<String>,
    pub groups: Vec<GroupScore>,
    pub indicators: Vec<IndicatorScore>,
    /// `None` when a fact the pass rule needs is missing.
    pub passed: Option<bool>,
    pub conditions: Vec<ConditionOutcome>,
    /// Facts that would decide `passed` when it is unknown.
    pub missing_facts: Vec<String>,
    /// The largest gains first.
    pub opportunities: Vec<Opportunity>,
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64().filter(|x| x.is_finite())
}

fn in_range(x: f64, min: Option<f64>, max: Option<f64>) -> bool {
    min.is_none_or(|m| x >= m) && max.is_none_or(|m| x <= m)
}

/// The first band the value reaches: its points and the band itself.
fn band_for(bands: &[Band], x: f64) -> (u32, Option<&Band>) {
    match bands.iter().find(|b| b.holds(x)) {
        Some(b) if b.bound().is_some() => (b.points, Some(b)),
        Some(b) => (b.points, None),
        None => (0, None),
    }
}

/// Checks one answer against its indicator; `Ok` holds the answer's points and rule.
/// `points_scale` is the instrument's: points entered directly are official points, stored scaled.
fn score_indicator(ind: &Indicator, points_scale: u32, answer: &Value) -> Result<(u32, Applied), AnswerError> {
    let err = |code: &str| AnswerError { id: ind.id.clone(), code: code.to_owned() };
    let numeric = || -> Result<f64, AnswerError> {
        let x = number(answer).ok_or_else(|| err("answer.not_a_number"))?;
        if ind.input.kind == "integer" && x.fract() != 0.0 {
            return Err(err("answer.not_a_whole_number"));
        }
        if !in_range(x, ind.input.min, ind.input.max) {
            return Err(err("answer.out_of_range"));
        }
        if ind.input.step.is_some_and(|s| s > 0.0 && (x / s).fract() != 0.0) {
            return Err(err("answer.off_step"));
        }
        Ok(x)
    };
    let (points, applied) = match &ind.scoring {
        Scoring::Bands { bands } => {
            let (p, band) = band_for(bands, numeric()?);
            (p, Applied::Band { at_least: band.and_then(|b| b.at_least), above: band.and_then(|b| b.above) })
        }
        Scoring::BandsBelow { bands } => {
            let x = numeric()?;
            let hit = bands.iter().find(|b| b.below.is_none_or(|hi| x < hi));
            (hit.map_or(0, |b| b.points), Applied::BandBelow { below: hit.and_then(|b| b.below) })
        }
        Scoring::PerStep { step, points_per_step } => {
            let steps = (numeric()? / step).floor();
            let steps = if steps >= 0.0 { steps as u32 } else { 0 };
            (
                steps.saturating_mul(*points_per_step),
                Applied::PerStep { steps, step: *step, points_per_step: *points_per_step },
            )
        }
        Scoring::Choice { choices } => {
            let value = answer.as_str().ok_or_else(|| err("answer.unknown_choice"))?;
            let c = choices.iter().find(|c| c.value == value).ok_or_else(|| err("answer.unknown_choice"))?;
            (c.points.unwrap_or(0), Applied::Choice { value: value.to_owned() })
        }
        Scoring::Multi { choices, points_each } => {
            let list = answer.as_array().ok_or_else(|| err("answer.not_a_list"))?;
            let mut values: Vec<String> = Vec::new();
            for v in list {
                let s = v
                    .as_str()
                    .filter(|s| choices.iter().any(|c| c.value == *s))
                    .ok_or_else(|| err("answer.unknown_choice"))?;
                if values.iter().any(|x| x == s) {
                    return Err(err("answer.duplicate_choice"));
                }
                values.push(s.to_owned());
            }
            let sum = values
                .iter()
                .filter_map(|v| choices.iter().find(|c| &c.value == v))
                .map(|c| c.points.unwrap_or(*points_each))
                .fold(0u32, u32::saturating_add);
            (sum, Applied::Multi { values, points_each: *points_each })
        }
        Scoring::Share => {
            let x = numeric()?.clamp(0.0, 100.0);
            // Rounded to the nearest scaled point; with a points scale of 100 it is exact.
            ((f64::from(ind.max) * x / 100.0).round() as u32, Applied::Share { percent: x })
        }
        Scoring::Points => {
            // Official points may have fractions (a province splits SRF-09's 15 points over
            // several local indicators: 7.5 each); the scale says how fine they may be.
            let scaled = numeric()? * f64::from(points_scale.max(1));
            if (scaled - scaled.round()).abs() > 1e-6 {
                return Err(err("answer.too_precise"));
            }
            (scaled.round() as u32, Applied::Entered)
        }
        Scoring::BestOf { parts } => {
            let obj = answer.as_object().ok_or_else(|| err("answer.not_an_object"))?;
            if let Some(unknown) = obj.keys().find(|k| !parts.iter().any(|p| &p.key == *k)) {
                return Err(AnswerError { id: format!("{}.{unknown}", ind.id), code: "answer.unknown_part".into() });
            }
            let mut best: Option<(u32, String, Option<f64>)> = None;
            for p in parts {
                let part_err = |code: &str| AnswerError { id: format!("{}.{}", ind.id, p.key), code: code.to_owned() };
                // A part left out is missing (a draft may leave it for later); one given is a number.
                let given = obj.get(&p.key).filter(|v| !v.is_null()).ok_or_else(|| part_err("answer.missing"))?;
                let x = number(given).ok_or_else(|| part_err("answer.not_a_number"))?;
                if !in_range(x, Some(p.min), Some(p.max)) {
                    return Err(part_err("answer.out_of_range"));
                }
                let (pts, band) = band_for(&p.bands, x);
                if best.as_ref().is_none_or(|(b, _, _)| pts > *b) {
                    best = Some((pts, p.key.clone(), band.and_then(Band::bound)));
                }
            }
            let (pts, part, at_least) = best.unwrap_or((0, String::new(), None));
            (pts, Applied::BestOf { part, at_least })
        }
    };
    Ok((points.min(ind.max), applied))
}

/// What would lift an indicator from `points`: the nearest band worth more, or the best choice.
fn opportunity(ind: &Indicator, points: u32, applied: &Applied, answer: &Value) -> Option<Opportunity> {
    if points >= ind.max {
        return None;
    }
    let target = match &ind.scoring {
        Scoring::Bands { bands } => {
            let next = bands.iter().rev().find(|b| b.points > points && b.bound().is_some())?;
            let target = match next.at_least {
                Some(value) => Target::AtLeast { value, part: None },
                None => Target::Above { value: next.above? },
            };
            (next.points - points, target)
        }
        Scoring::BandsBelow { bands } => {
            let next = bands.iter().rev().find(|b| b.points > points && b.below.is_some())?;
            (next.points - points, Target::Below { value: next.below? })
        }
        Scoring::BestOf { parts } => {
            let mut best: Option<(u32, Target)> = None;
            for p in parts {
                if let Some(b) = p.bands.iter().rev().find(|b| b.points > points && b.bound().is_some()) {
                    let gain = b.points - points;
                    // Prefer the smallest step up: the nearest band of any part.
                    if best.as_ref().is_none_or(|(g, _)| gain < *g) {
                        best = Some((gain, Target::AtLeast { value: b.bound()?, part: Some(p.key.clone()) }));
                    }
                }
            }
            best?
        }
        Scoring::Choice { choices } => {
            let best = choices.iter().max_by_key(|c| c.points.unwrap_or(0))?;
            (best.points.unwrap_or(0).saturating_sub(points), Target::Choose { value: best.value.clone() })
        }
        Scoring::Multi { choices, points_each } => {
            let chosen: &[String] = match applied {
                Applied::Multi { values, .. } => values,
                _ => &[],
            };
            let best = choices
                .iter()
                .filter(|c| !chosen.contains(&c.value))
                .max_by_key(|c| c.points.unwrap_or(*points_each))?;
            let gain = points.saturating_add(best.points.unwrap_or(*points_each)).min(ind.max) - points;
            (gain, Target::Choose { value: best.value.clone() })
        }
        Scoring::PerStep { step, points_per_step } => {
            let x = number(answer).unwrap_or(0.0);
            let next = ((x / step).floor() + 1.0) * step;
            ((*points_per_step).min(ind.max - points), Target::MoreYears { value: next })
        }
        Scoring::Points => return None,
        Scoring::Share => {
            let x = number(answer).unwrap_or(0.0);
            let next = ((x / 5.0).floor() + 1.0) * 5.0;
            if next > 100.0 {
                return None;
            }
            let gain = ((f64::from(ind.max) * next / 100.0).round() as u32).saturating_sub(points);
            (gain, Target::AtLeast { value: next, part: None })
        }
    };
    (target.0 > 0).then(|| Opportunity { indicator: ind.id.clone(), gain: target.0, target: target.1 })
}

struct Verdicts<'a> {
    total: u32,
    groups: &'a [GroupScore],
    facts: &'a BTreeMap<String, Value>,
    leaves: Vec<ConditionOutcome>,
    missing: Vec<String>,
}

impl Verdicts<'_> {
    fn eval(&mut self, rule: &Rule) -> Option<bool> {
        let leaf = match rule {
            Rule::All { all } => {
                let before = self.missing.len();
                let vs: Vec<_> = all.iter().map(|r| self.eval(r)).collect();
                let v = if vs.contains(&Some(false)) {
                    Some(false)
                } else if vs.iter().all(|v| *v == Some(true)) {
                    Some(true)
                } else {
                    None
                };
                // A decided branch needs none of the facts its unknown parts lacked.
                if v.is_some() {
                    self.missing.truncate(before);
                }
                return v;
            }
            Rule::Any { any } => {
                let before = self.missing.len();
                let first_leaf = self.leaves.len();
                let vs: Vec<_> = any.iter().map(|r| self.eval(r)).collect();
                if vs.contains(&Some(true)) {
                    for leaf in &mut self.leaves[first_leaf..] {
                        if leaf.holds != Some(true) {
                            leaf.needed = false;
                        }
                    }
                }
                let v = if vs.contains(&Some(true)) {
                    Some(true)
                } else if vs.iter().all(|v| *v == Some(false)) {
                    Some(false)
                } else {
                    None
                };
                if v.is_some() {
                    self.missing.truncate(before);
                }
                return v;
            }
            Rule::Total { total_at_least } => Some(self.total >= *total_at_least),
            Rule::GroupAtLeast { group, at_least } => {
                Some(self.groups.iter().find(|g| &g.id == group).is_some_and(|g| g.points >= *at_least))
            }
            Rule::FactAtLeast { fact, at_least } => match self.facts.get(fact).and_then(number) {
                Some(x) => Some(x >= *at_least),
                None => {
                    self.missing.push(fact.clone());
                    None
                }
            },
            Rule::FactAtMost { fact, at_most } => match self.facts.get(fact).and_then(number) {
                Some(x) => Some(x <= *at_most),
                None => {
                    self.missing.push(fact.clone());
                    None
                }
            },
            Rule::FactIs { fact, is } => match self.facts.get(fact).and_then(Value::as_bool) {
                Some(b) => Some(b == *is),
                None => {
                    self.missing.push(fact.clone());
                    None
                }
            },
        };
        self.leaves.push(ConditionOutcome { rule: rule.clone(), holds: leaf, needed: true });
        leaf
    }
}

/// Scores `answers` (indicator and fact ids to JSON values). Every scored indicator must be
/// answered; facts are optional and only decide `passed`. All faults are reported at once.
pub fn score(instrument: &Instrument, answers: &BTreeMap<String, Value>) -> Result<ScoreResult, Vec<AnswerError>> {
    let mut errors = Vec::new();
    for id in answers.keys() {
        if instrument.indicator(id).is_none() && instrument.fact(id).is_none() {
            errors.push(AnswerError { id: id.clone(), code: "answer.unknown_indicator".into() });
        }
    }
    let mut scores = Vec::with_capacity(instrument.indicators.len());
    for ind in &instrument.indicators {
        match answers.get(&ind.id).filter(|v| !v.is_null()) {
            None => errors.push(AnswerError { id: ind.id.clone(), code: "answer.missing".into() }),
            Some(answer) => match score_indicator(ind, instrument.points_scale, answer) {
                Ok((points, applied)) => scores.push(IndicatorScore {
                    id: ind.id.clone(),
                    group: ind.group.clone(),
                    points,
                    max: ind.max,
                    answer: answer.clone(),
                    applied,
                }),
                Err(e) => errors.push(e),
            },
        }
    }
    for fact in &instrument.facts {
        let Some(v) = answers.get(&fact.id).filter(|v| !v.is_null()) else { continue };
        let ok = match fact.kind.as_str() {
            "boolean" => v.is_boolean(),
            "level" => number(v).is_some_and(|x| x.fract() == 0.0 && in_range(x, fact.min, fact.max)),
            _ => number(v).is_some_and(|x| in_range(x, fact.min, fact.max)),
        };
        if !ok {
            let code = if fact.kind == "boolean" { "answer.not_a_boolean" } else { "answer.out_of_range" };
            errors.push(AnswerError { id: fact.id.clone(), code: code.into() });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let groups: Vec<GroupScore> = instrument
        .groups
        .iter()
        .map(|g| GroupScore {
            id: g.id.clone(),
            points: scores.iter().filter(|s| s.group == g.id).map(|s| s.points).sum::<u32>().min(g.max),
            max: g.max,
        })
        .collect();
    let total = groups.iter().map(|g| g.points).sum::<u32>().min(instrument.max_total);
    // Facts are looked up in the answers themselves: their ids never clash with indicator ids.
    let mut verdicts = Verdicts { total, groups: &groups, facts: answers, leaves: vec![], missing: vec![] };
    let passed = instrument.pass.as_ref().and_then(|r| verdicts.eval(r));
    let mut opportunities: Vec<Opportunity> = instrument
        .indicators
        .iter()
        .zip(&scores)
        .filter_map(|(ind, s)| opportunity(ind, s.points, &s.applied, &s.answer))
        .collect();
    opportunities.sort_by(|a, b| b.gain.cmp(&a.gain).then_with(|| a.indicator.cmp(&b.indicator)));
    let conditions = verdicts.leaves;
    let mut missing = verdicts.missing;
    missing.dedup();
    Ok(ScoreResult {
        instrument: instrument.id.clone(),
        version: instrument.version.clone(),
        total,
        max_total: instrument.max_total,
        level: instrument.level(total).map(|l| l.id.clone()),
        groups,
        indicators: scores,
        passed: if instrument.pass.is_some() { passed } else { None },
        conditions,
        missing_facts: if passed.is_none() { missing } else { vec![] },
        opportunities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::Catalogue;
    use serde_json::json;

    fn answers(v: Value) -> BTreeMap<String, Value> {
        v.as_object().expect("object").iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    fn srdi_full() -> Value {
        json!({
            "SRF-01": 85, "SRF-02": 9, "SRF-03": 7, "SRF-04": "basic_or_heritage_or_chain_supplier", "SRF-05": 2,
            "SRF-06": ["qms_certificate", "own_brand"], "SRF-07": 6.5, "SRF-08": 55, "SRF-09": 8,
            "SRF-10": "class1_self_developed", "SRF-11": {"amount_wan": 260, "intensity_pct": 6.2}, "SRF-12": 12,
            "SRF-13": "provincial"
        })
    }

    fn points_of(instrument: &str, id: &str, answer: Value) -> u32 {
        let c = Catalogue::load().expect("valid");
        let i = c.get(instrument).expect("instrument");
        let ind = i.indicator(id).expect("indicator");
        // Official points: the data holds them times the instrument's scale.
        score_indicator(ind, i.points_scale, &answer).expect("valid answer").0 / i.points_scale.max(1)
    }

    #[test]
    fn a_full_srdi_answer_scores_each_indicator_and_the_total() {
        let c = Catalogue::load().expect("valid");
        let srdi = c.get("miit-2022-srdi").expect("srdi");
        let r = score(srdi, &answers(srdi_full())).expect("valid");
        let pts: Vec<f64> = r.indicators.iter().map(|i| srdi.official(i.points)).collect();
        // 85% → 5; 9% → 8; 7 years → 3; → 3; level 2 → 3; two items → 6 capped 5; 6.5% → 6; 55% → 3;
        // 8 entered; → 8; 260万 → 4 vs 6.2% → 6, better 6; 12% → 3; provincial → 8.
        assert_eq!(pts, vec![5.0, 8.0, 3.0, 3.0, 3.0, 5.0, 6.0, 3.0, 8.0, 8.0, 6.0, 3.0, 8.0]);
        assert_eq!(srdi.official(r.total), 69.0);
        assert_eq!(r.groups.iter().map(|g| srdi.official(g.points)).collect::<Vec<_>>(), vec![19.0, 17.0, 8.0, 25.0]);
        // No basic conditions given: the verdict is unknown, and says which facts decide it.
        assert_eq!(r.passed, None);
        assert_eq!(r.missing_facts, vec!["SRF-B1", "SRF-B2", "SRF-B3"]);
        // The nearest band up for each indicator short of its maximum, largest gains first.
        assert_eq!(srdi.official(r.opportunities[0].gain), 2.0);
        let srf02 = r.opportunities.iter().find(|o| o.indicator == "SRF-02").expect("SRF-02 can rise");
        assert_eq!(srf02.target, Target::AtLeast { value: 10.0, part: None });
        let srf08 = r.opportunities.iter().find(|o| o.indicator == "SRF-08").expect("SRF-08 can rise");
        assert_eq!(srf08.target, Target::Below { value: 50.0 });
        assert!(
            r.opportunities.iter().all(|o| o.indicator != "SRF-01" && o.indicator != "SRF-06"),
            "already at maximum"
        );
    }

    #[test]
    fn srdi_passes_only_with_every_basic_condition() {
        let c = Catalogue::load().expect("valid");
        let srdi = c.get("miit-2022-srdi").expect("srdi");
        let mut a = answers(srdi_full());
        a.insert("SRF-B1".into(), json!(3));
        a.insert("SRF-B2".into(), json!(true));
        a.insert("SRF-B3".into(), json!(true));
        assert_eq!(score(srdi, &a).expect("valid").passed, Some(true));
        a.insert("SRF-B1".into(), json!(1.5));
        assert_eq!(score(srdi, &a).expect("valid").passed, Some(false));
        // Below 60 points, a direct route still passes the fourth condition.
        let mut low = a.clone();
        low.insert("SRF-B1".into(), json!(2));
        low.insert("SRF-09".into(), json!(0));
        low.insert("SRF-13".into(), json!("none"));
        low.insert("SRF-02".into(), json!(-3));
        let r = score(srdi, &low).expect("valid");
        assert!(srdi.official(r.total) < 60.0, "{}", r.total);
        assert_eq!(r.passed, None, "direct routes unknown");
        low.insert("SRF-D2".into(), json!(true));
        assert_eq!(score(srdi, &low).expect("valid").passed, Some(true));
    }

    #[test]
    fn banded_indicators_at_just_below_and_above_each_boundary() {
        for (x, p) in
            [(80.0, 5), (79.99, 3), (80.01, 5), (70.0, 3), (69.9, 1), (60.0, 1), (59.9, 0), (0.0, 0), (100.0, 5)]
        {
            assert_eq!(points_of("miit-2022-srdi", "SRF-01", json!(x)), p, "SRF-01 at {x}");
        }
        for (x, p) in [(10.0, 10), (9.99, 8), (8.0, 8), (6.0, 6), (4.0, 4), (3.99, 2), (0.0, 2), (-0.01, 0)] {
            assert_eq!(points_of("miit-2022-srdi", "SRF-02", json!(x)), p, "SRF-02 at {x}");
        }
        for (x, p) in [(1.9, 0), (2.0, 1), (3.9, 1), (4.0, 2), (10.0, 5), (30.0, 5)] {
            assert_eq!(points_of("miit-2022-srdi", "SRF-03", json!(x)), p, "SRF-03 at {x}");
        }
        for (x, p) in [(49.9, 5), (50.0, 3), (59.9, 3), (60.0, 1), (69.9, 1), (70.0, 0)] {
            assert_eq!(points_of("miit-2022-srdi", "SRF-08", json!(x)), p, "SRF-08 at {x}");
        }
        for (x, p) in [(10.0, 10), (9.9, 8), (2.0, 2), (1.99, 0), (-5.0, 0)] {
            assert_eq!(points_of("miit-2022-srdi", "SRF-07", json!(x)), p, "SRF-07 at {x}");
        }
        for (x, p) in [(20.0, 5), (19.9, 3), (10.0, 3), (5.0, 1), (4.99, 0)] {
            assert_eq!(points_of("miit-2022-srdi", "SRF-12", json!(x)), p, "SRF-12 at {x}");
        }
        for (x, p) in [(1, 0), (2, 3), (3, 5), (4, 5)] {
            assert_eq!(points_of("miit-2022-srdi", "SRF-05", json!(x)), p, "SRF-05 at {x}");
        }
        for (amount, pct, p) in
            [(500.0, 0.0, 10), (499.0, 0.0, 8), (100.0, 2.9, 2), (99.0, 3.0, 2), (99.0, 2.9, 0), (0.0, 10.0, 10)]
        {
            let a = json!({"amount_wan": amount, "intensity_pct": pct});
            assert_eq!(points_of("miit-2022-srdi", "SRF-11", a), p, "SRF-11 at {amount}/{pct}");
        }
        for (x, p) in [(5.0, 20), (4.99, 15), (3.0, 15), (2.0, 10), (1.0, 5), (0.99, 0)] {
            assert_eq!(points_of("miit-2022-innovative", "INN-2", json!(x)), p, "INN-2 at {x}");
        }
        for (x, p) in [(15.0, 20), (14.9, 15), (10.0, 15), (5.0, 10), (0.0, 5), (-0.1, 0)] {
            assert_eq!(points_of("miit-2022-innovative", "INN-3", json!(x)), p, "INN-3 at {x}");
        }
        for (x, p) in [(54.9, 10), (55.0, 5), (74.9, 5), (75.0, 0)] {
            assert_eq!(points_of("miit-2022-innovative", "INN-4", json!(x)), p, "INN-4 at {x}");
        }
        for (x, p) in [(70.0, 20), (69.9, 15), (60.0, 15), (55.0, 10), (50.0, 5), (49.9, 0)] {
            assert_eq!(points_of("miit-2022-innovative", "INN-6", json!(x)), p, "INN-6 at {x}");
        }
    }

    #[test]
    fn every_fault_is_reported_by_indicator_id() {
        let c = Catalogue::load().expect("valid");
        let srdi = c.get("miit-2022-srdi").expect("srdi");
        let mut a = answers(srdi_full());
        a.remove("SRF-03");
        a.insert("SRF-01".into(), json!(120));
        a.insert("SRF-04".into(), json!("gold"));
        a.insert("SRF-06".into(), json!(["own_brand", "own_brand"]));
        a.insert("SRF-09".into(), json!(16));
        a.insert("SRF-11".into(), json!({"amount_wan": 100}));
        a.insert("SRF-B2".into(), json!("yes"));
        a.insert("SRF-99".into(), json!(1));
        let errors = score(srdi, &a).expect_err("invalid");
        let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.id.as_str(), e.code.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("SRF-99", "answer.unknown_indicator"),
                ("SRF-01", "answer.out_of_range"),
                ("SRF-03", "answer.missing"),
                ("SRF-04", "answer.unknown_choice"),
                ("SRF-06", "answer.duplicate_choice"),
                ("SRF-09", "answer.out_of_range"),
                ("SRF-11.intensity_pct", "answer.missing"),
                ("SRF-B2", "answer.not_a_boolean"),
            ]
        );
    }

    #[test]
    fn local_indicator_points_take_the_fractions_a_provincial_split_produces() {
        let c = Catalogue::load().expect("valid");
        let srdi = c.get("miit-2022-srdi").expect("srdi");
        // 15 points split over two local indicators gives 7.5 each; over three, 5 with halves.
        for (entered, official) in [(7.5, 7.5), (15.0, 15.0), (0.0, 0.0), (2.25, 2.25), (12.75, 12.75)] {
            let mut a = answers(srdi_full());
            a.insert("SRF-09".into(), json!(entered));
            let r = score(srdi, &a).expect("a fraction within 0–15 is accepted");
            let srf09 = r.indicators.iter().find(|i| i.id == "SRF-09").expect("SRF-09");
            assert_eq!(srdi.official(srf09.points), official, "{entered}");
            assert_eq!(srdi.official(r.total), 61.0 + official, "{entered}");
        }
        for (entered, code) in
            [(7.125, "answer.too_precise"), (15.5, "answer.out_of_range"), (-0.5, "answer.out_of_range")]
        {
            let mut a = answers(srdi_full());
            a.insert("SRF-09".into(), json!(entered));
            let errors = score(srdi, &a).expect_err("refused");
            assert_eq!(
                errors.iter().map(|e| (e.id.as_str(), e.code.as_str())).collect::<Vec<_>>(),
                vec![("SRF-09", code)]
            );
        }
    }

    #[test]
    fn innovative_needs_group_minimums_or_a_direct_route() {
        let c = Catalogue::load().expect("valid");
        let inn = c.get("miit-2022-innovative").expect("innovative");
        let strong =
            answers(json!({"INN-1": "class1", "INN-2": 3.2, "INN-3": 12, "INN-4": 40, "INN-5": "other", "INN-6": 75}));
        let r = score(inn, &strong).expect("valid");
        assert_eq!(r.total, 10 + 15 + 15 + 10 + 5 + 20);
        assert_eq!(r.passed, Some(true), "the score path decides without any direct route");
        let weak_innovation = answers(
            json!({"INN-1": "none", "INN-2": 1.5, "INN-3": 20, "INN-4": 10, "INN-5": "strategic_emerging", "INN-6": 90}),
        );
        let r = score(inn, &weak_innovation).expect("valid");
        assert!(r.total >= 60, "{}", r.total);
        assert_eq!(r.passed, None, "innovation below 20 fails the score path; direct routes unknown");
        let mut with_routes = weak_innovation.clone();
        for d in ["INN-D1", "INN-D2", "INN-D3", "INN-D4"] {
            with_routes.insert(d.into(), json!(false));
        }
        assert_eq!(score(inn, &with_routes).expect("valid").passed, Some(false));
        with_routes.insert("INN-D2".into(), json!(true));
        assert_eq!(score(inn, &with_routes).expect("valid").passed, Some(true));
    }

    #[test]
    fn gate_instruments_decide_on_facts_alone() {
        let c = Catalogue::load().expect("valid");
        let lg = c.get("miit-2026-little-giant").expect("2026 little giant");
        assert!(lg.provisional);
        let mut a = answers(json!({
            "G26-1": true, "G26-2": 5, "G26-3-revenue": 8000, "G26-3-main": 93, "G26-3-growth": 6, "G26-3-debt": 75,
            "G26-4-rd": 1500, "G26-4-intensity": true, "G26-5-ip": 2, "G26-5-waiver": true, "G26-6-share": 4,
            "G26-6-top3": true, "G26-7": true, "G26-8": 61, "G26-X": true
        }));
        let r = score(lg, &a).expect("valid");
        assert_eq!(
            (r.total, r.max_total, r.passed),
            (0, 0, Some(true)),
            "debt 75% is allowed (at most), the IP waiver counts"
        );
        a.insert("G26-3-debt".into(), json!(75.1));
        assert_eq!(score(lg, &a).expect("valid").passed, Some(false));
        a.remove("G26-8");
        a.insert("G26-3-debt".into(), json!(60));
        let r = score(lg, &a).expect("valid");
        assert_eq!((r.passed, r.missing_facts.clone()), (None, vec!["G26-8".to_owned()]));
        // 2022 little giant: the innovation gate has a general route and a direct route.
        let lg22 = c.get("miit-2022-little-giant").expect("2022 little giant");
        let general = answers(json!({
            "XJR22-1a": 3, "XJR22-1b": 70, "XJR22-1c": 5, "XJR22-2a": true, "XJR22-2b": 70, "XJR22-3a": 10, "XJR22-3b": true,
            "XJR22-4a": true, "XJR22-4b": true, "XJR22-4c": 2, "XJR22-5": true, "XJR22-6": true
        }));
        assert_eq!(score(lg22, &general).expect("valid").passed, Some(true), "every bound is inclusive");
        let mut short = general.clone();
        short.insert("XJR22-4c".into(), json!(1));
        assert_eq!(score(lg22, &short).expect("valid").passed, None, "the direct route is unknown");
        short.insert("XJR22-4d".into(), json!(false));
        assert_eq!(score(lg22, &short).expect("valid").passed, Some(false));
    }

    #[test]
    fn digital_level_scores_in_exact_thousandths_with_left_open_bands_and_a_level() {
        let c = Catalogue::load().expect("valid");
        let dl = c.get("miit-2024-digital-level").expect("digital level");
        let base = json!({
            "DL-B1": ["control_network", "application_network"], "DL-B2": 20, "DL-B3": 20.5,
            "DL-B4": ["product_design", "quality", "hr"], "DL-B5": "two_or_more", "DL-B6": ["policy"], "DL-B7": [],
            "DL-M1": "retrofits", "DL-M2": ["dx_process", "it_rules"], "DL-M3": ["staff"], "DL-M4": 10,
            "DL-R1": "decreased", "DL-R2": "flat", "DL-R3": "up", "DL-R4": "flat", "DL-S01": 2, "DL-S07": 3
        });
        let r = score(dl, &answers(base)).expect("valid");
        let pts: Vec<f64> = r.indicators.iter().map(|i| dl.official(i.points)).collect();
        // (10,20] gives 1.5 at exactly 20; 20.5 is in (20,40] → 3; 0.7 + 0.7 + 0.9 = 2.3; 10% is in [0,10] → 0.
        assert_eq!(pts, vec![4.0, 1.5, 3.0, 2.3, 5.0, 1.25, 0.0, 4.5, 3.75, 1.5, 0.0, 7.0, 3.5, 3.0, 1.5]);
        assert_eq!(dl.official(r.total), 41.8);
        assert_eq!(r.level.as_deref(), Some("level2"));
        let a = answers(json!({"DL-S01": 5}));
        let errors = score(dl, &a).expect_err("invalid");
        assert!(errors.iter().any(|e| e.id == "DL-S01" && e.code == "answer.out_of_range"));
    }

    #[test]
    fn quality_and_management_instruments_score_as_designed() {
        let c = Catalogue::load().expect("valid");
        let iso = c.get("iso-9001-2015").expect("ISO 9001");
        let all_three: BTreeMap<String, Value> = iso.indicators.iter().map(|i| (i.id.clone(), json!("3"))).collect();
        let r = score(iso, &all_three).expect("valid");
        assert!(iso.report_percent);
        assert_eq!(r.total * 100 / r.max_total, 60, "mean level 3 × 20 = 60");
        let pex = c.get("gbt-19580-2012").expect("19580");
        let mut half: BTreeMap<String, Value> = pex.indicators.iter().map(|i| (i.id.clone(), json!(50))).collect();
        assert_eq!(pex.official(score(pex, &half).expect("valid").total), 500.0);
        half.insert("PEX-4.4.3".into(), json!(35));
        assert_eq!(
            pex.official(
                score(pex, &half).expect("valid").indicators.iter().find(|i| i.id == "PEX-4.4.3").expect("item").points
            ),
            5.25
        );
        half.insert("PEX-4.4.3".into(), json!(33));
        assert!(score(pex, &half).expect_err("off step").iter().any(|e| e.code == "answer.off_step"));
        let mgt = c.get("management-8-areas").expect("management");
        let all_four: BTreeMap<String, Value> = mgt.indicators.iter().map(|i| (i.id.clone(), json!("4"))).collect();
        let r = score(mgt, &all_four).expect("valid");
        assert_eq!((mgt.official(r.total), r.level.as_deref()), (80.0, Some("leading")));
        // DMAT: every dimension weighs the same, so the overall percentage is their mean.
        let dmat = c.get("eu-dmat").expect("DMAT");
        let mut half: BTreeMap<String, Value> = BTreeMap::new();
        for ind in &dmat.indicators {
            let v = match &ind.scoring {
                Scoring::Multi { choices, .. } => {
                    json!(choices.iter().take(choices.len() / 2).map(|c| c.value.clone()).collect::<Vec<_>>())
                }
                Scoring::Choice { choices } if choices.iter().any(|c| c.value == "partly") => json!("partly"),
                Scoring::Choice { choices } if choices.iter().any(|c| c.value == "planned") => json!("planned"),
                _ => json!("3"),
            };
            half.insert(ind.id.clone(), v);
        }
        let r = score(dmat, &half).expect("valid");
        assert!(r.groups.iter().all(|g| g.max == 20_000));
        let pct = f64::from(r.total) * 100.0 / f64::from(r.max_total);
        assert!((45.0..=60.0).contains(&pct), "{pct}");
        assert_eq!(r.level.as_deref(), Some(if pct >= 51.0 { "moderately_advanced" } else { "average" }));
        let all_one: BTreeMap<String, Value> = mgt.indicators.iter().map(|i| (i.id.clone(), json!("1"))).collect();
        let r = score(mgt, &all_one).expect("valid");
        assert_eq!((mgt.official(r.total), r.level.as_deref()), (20.0, Some("starting")));
    }

    proptest::proptest! {
        #[test]
        fn every_srdi_score_stays_within_its_maximum(
            share in 0.0f64..=100.0, growth in -100.0f64..=200.0, years in 0u32..60, margin in -50.0f64..=100.0,
            debt in 0.0f64..=300.0, local in 0u32..=15, amount in 0u32..5_000, intensity in 0.0f64..=100.0, staff in 0.0f64..=100.0,
        ) {
            let c = Catalogue::load().expect("valid");
            let srdi = c.get("miit-2022-srdi").expect("srdi");
            let mut a = answers(srdi_full());
            a.insert("SRF-01".into(), json!(share));
            a.insert("SRF-02".into(), json!(growth));
            a.insert("SRF-03".into(), json!(years));
            a.insert("SRF-07".into(), json!(margin));
            a.insert("SRF-08".into(), json!(debt));
            a.insert("SRF-09".into(), json!(local));
            a.insert("SRF-11".into(), json!({"amount_wan": amount, "intensity_pct": intensity}));
            a.insert("SRF-12".into(), json!(staff));
            let r = score(srdi, &a).expect("valid answers score");
            proptest::prop_assert!(r.total <= srdi.max_total && srdi.official(r.total) <= 100.0);
            for (s, ind) in r.indicators.iter().zip(&srdi.indicators) {
                proptest::prop_assert!(s.points <= ind.max, "{} {}", s.id, s.points);
            }
            let group_sum: u32 = r.groups.iter().map(|g| g.points).sum();
            proptest::prop_assert_eq!(group_sum, r.total);
        }

        #[test]
        fn higher_shares_never_score_lower(x in 0.0f64..=100.0, y in 0.0f64..=100.0) {
            let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
            for id in ["SRF-01", "SRF-12"] {
                proptest::prop_assert!(points_of("miit-2022-srdi", id, json!(lo)) <= points_of("miit-2022-srdi", id, json!(hi)));
            }
            proptest::prop_assert!(points_of("miit-2022-innovative", "INN-6", json!(lo)) <= points_of("miit-2022-innovative", "INN-6", json!(hi)));
            // Lower debt is better.
            proptest::prop_assert!(points_of("miit-2022-srdi", "SRF-08", json!(lo)) >= points_of("miit-2022-srdi", "SRF-08", json!(hi)));
        }
    }
}
