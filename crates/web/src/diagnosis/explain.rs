//! Sentences that explain diagnosis results, in the reader's language, built from the
//! structured result the domain returns (which holds codes and numbers, never sentences).

use crate::i18n::I18n;
use serde_json::Value;
use tandem_domain::diagnosis::instrument::{Indicator, Instrument, Rule, Scoring};
use tandem_domain::diagnosis::score::{Applied, IndicatorScore, Opportunity, Target};

fn pick<'a>(lang: &str, zh: &'a str, en: &'a str) -> &'a str {
    if lang == "en" { en } else { zh }
}

/// A number without a trailing `.0`.
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") }
}

fn unit(i18n: &I18n, lang: &str, ind: &Indicator) -> String {
    match ind.unit.as_deref() {
        Some("%") => "%".into(),
        Some(u) if u != "points" && u != "level" => {
            let key = format!("unit-{u}");
            let word = if i18n.has(lang, &key) { i18n.t(lang, &key) } else { u.to_owned() };
            // Chinese units follow the number directly: 7 年, 260 万元.
            if lang == "en" { format!(" {word}") } else { word }
        }
        _ => String::new(),
    }
}

fn choice_label(lang: &str, ind: &Indicator, value: &str) -> String {
    let choices = match &ind.scoring {
        Scoring::Choice { choices } | Scoring::Multi { choices, .. } => choices,
        _ => return value.to_owned(),
    };
    choices
        .iter()
        .find(|c| c.value == value)
        .map(|c| pick(lang, &c.label_zh, &c.label_en).to_owned())
        .unwrap_or_else(|| value.to_owned())
}

/// The answer as a reader would write it.
pub fn answer_text(i18n: &I18n, lang: &str, ind: &Indicator, answer: &Value) -> String {
    match (&ind.scoring, answer) {
        (Scoring::Choice { .. }, Value::String(s)) => choice_label(lang, ind, s),
        (Scoring::Multi { .. }, Value::Array(items)) => {
            if items.is_empty() {
                return i18n.t(lang, "diag-none-selected");
            }
            items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| choice_label(lang, ind, s))
                .collect::<Vec<_>>()
                .join(if lang == "en" { "; " } else { "；" })
        }
        (Scoring::BestOf { parts }, Value::Object(map)) => parts
            .iter()
            .map(|p| {
                let v = map.get(&p.key).and_then(Value::as_f64).map(num).unwrap_or_default();
                format!("{} {v} {}", pick(lang, &p.name_zh, &p.name_en), p.unit)
            })
            .collect::<Vec<_>>()
            .join(if lang == "en" { ", " } else { "，" }),
        (_, Value::Number(n)) => format!("{}{}", num(n.as_f64().unwrap_or_default()), unit(i18n, lang, ind)),
        (_, other) => other.to_string(),
    }
}

/// Which rule applied, as a short phrase.
pub fn rule_text(i18n: &I18n, lang: &str, instrument: &Instrument, ind: &Indicator, applied: &Applied) -> String {
    let u = unit(i18n, lang, ind);
    match applied {
        Applied::Band { at_least: Some(b), .. } => {
            i18n.tf(lang, "diag-rule-at-least", &[("bound", &format!("{}{u}", num(*b)))])
        }
        Applied::Band { at_least: None, above: Some(b) } => {
            i18n.tf(lang, "diag-rule-above", &[("bound", &format!("{}{u}", num(*b)))])
        }
        Applied::Band { at_least: None, above: None } => i18n.t(lang, "diag-rule-lowest"),
        Applied::BandBelow { below: Some(b) } => {
            i18n.tf(lang, "diag-rule-below", &[("bound", &format!("{}{u}", num(*b)))])
        }
        Applied::BandBelow { below: None } => i18n.t(lang, "diag-rule-highest"),
        Applied::PerStep { steps, step, points_per_step } => i18n.tf(
            lang,
            "diag-rule-per-step",
            &[
                ("steps", &steps.to_string()),
                ("step", &format!("{}{u}", num(*step))),
                ("each", &points(instrument, *points_per_step)),
            ],
        ),
        Applied::Choice { value } => i18n.tf(lang, "diag-rule-choice", &[("choice", &choice_label(lang, ind, value))]),
        Applied::Multi { values, .. } => i18n.tf(lang, "diag-rule-multi", &[("count", &values.len().to_string())]),
        Applied::Entered => i18n.t(lang, "diag-rule-entered"),
        Applied::Share { percent } => i18n.tf(lang, "diag-rule-share", &[("percent", &num(*percent))]),
        Applied::BestOf { part, at_least } => {
            let (name, unit) = match &ind.scoring {
                Scoring::BestOf { parts } => parts
                    .iter()
                    .find(|p| &p.key == part)
                    .map(|p| (pick(lang, &p.name_zh, &p.name_en).to_owned(), p.unit.clone()))
                    .unwrap_or_default(),
                _ => Default::default(),
            };
            match at_least {
                Some(b) => {
                    i18n.tf(lang, "diag-rule-best-of", &[("part", &name), ("bound", &format!("{} {unit}", num(*b)))])
                }
                None => i18n.t(lang, "diag-rule-lowest"),
            }
        }
    }
}

/// "Answer 85%: at least 80% → 5 of 5 points."
/// Points as officially written: whole numbers without decimals.
pub fn points(instrument: &Instrument, p: u32) -> String {
    num(instrument.official(p))
}

/// "Answer 85%: at least 80% → 5 of 5 points."
pub fn explanation(i18n: &I18n, lang: &str, instrument: &Instrument, ind: &Indicator, s: &IndicatorScore) -> String {
    // For a choice the answer already says which rule applied.
    let key = if matches!(s.applied, Applied::Choice { .. }) { "diag-explain-choice" } else { "diag-explain" };
    i18n.tf(
        lang,
        key,
        &[
            ("answer", &answer_text(i18n, lang, ind, &s.answer)),
            ("rule", &rule_text(i18n, lang, instrument, ind, &s.applied)),
            ("points", &points(instrument, s.points)),
            ("max", &points(instrument, s.max)),
        ],
    )
}

/// "+2 points: reach at least 10%."
pub fn opportunity_text(i18n: &I18n, lang: &str, instrument: &Instrument, o: &Opportunity) -> String {
    let Some(ind) = instrument.indicator(&o.indicator) else { return String::new() };
    let u = unit(i18n, lang, ind);
    let target = match &o.target {
        Target::AtLeast { value, part: None } => {
            i18n.tf(lang, "diag-target-at-least", &[("bound", &format!("{}{u}", num(*value)))])
        }
        Target::AtLeast { value, part: Some(key) } => {
            let (name, unit) = match &ind.scoring {
                Scoring::BestOf { parts } => parts
                    .iter()
                    .find(|p| &p.key == key)
                    .map(|p| (pick(lang, &p.name_zh, &p.name_en).to_owned(), p.unit.clone()))
                    .unwrap_or_default(),
                _ => Default::default(),
            };
            i18n.tf(lang, "diag-target-part", &[("part", &name), ("bound", &format!("{} {unit}", num(*value)))])
        }
        Target::Above { value } => i18n.tf(lang, "diag-target-above", &[("bound", &format!("{}{u}", num(*value)))]),
        Target::Below { value } => i18n.tf(lang, "diag-target-below", &[("bound", &format!("{}{u}", num(*value)))]),
        Target::Choose { value } => i18n.tf(lang, "diag-target-choose", &[("choice", &choice_label(lang, ind, value))]),
        Target::MoreItems { items } => i18n.tf(lang, "diag-target-items", &[("count", &items.to_string())]),
        Target::MoreYears { value } => {
            i18n.tf(lang, "diag-target-at-least", &[("bound", &format!("{}{u}", num(*value)))])
        }
    };
    i18n.tf(lang, "diag-opportunity", &[("gain", &points(instrument, o.gain)), ("target", &target)])
}

/// A pass-rule leaf as a phrase ("total at least 60", "fact: …").
pub fn condition_text(i18n: &I18n, lang: &str, instrument: &Instrument, rule: &Rule) -> String {
    match rule {
        Rule::Total { total_at_least } => {
            i18n.tf(lang, "diag-cond-total", &[("bound", &points(instrument, *total_at_least))])
        }
        Rule::GroupAtLeast { group, at_least } => {
            let name =
                instrument.group(group).map(|g| pick(lang, &g.name_zh, &g.name_en).to_owned()).unwrap_or_default();
            i18n.tf(lang, "diag-cond-group", &[("group", &name), ("bound", &points(instrument, *at_least))])
        }
        Rule::FactAtLeast { fact, at_least } => {
            let name = instrument.fact(fact).map(|f| pick(lang, &f.name_zh, &f.name_en).to_owned()).unwrap_or_default();
            i18n.tf(lang, "diag-cond-fact-at-least", &[("fact", &name), ("bound", &num(*at_least))])
        }
        Rule::FactAtMost { fact, at_most } => {
            let name = instrument.fact(fact).map(|f| pick(lang, &f.name_zh, &f.name_en).to_owned()).unwrap_or_default();
            i18n.tf(lang, "diag-cond-fact-at-most", &[("fact", &name), ("bound", &num(*at_most))])
        }
        Rule::FactIs { fact, .. } => {
            instrument.fact(fact).map(|f| pick(lang, &f.name_zh, &f.name_en).to_owned()).unwrap_or_default()
        }
        Rule::All { .. } | Rule::Any { .. } => String::new(),
    }
}
