//! A criterion's outcome in words, in either language: met, missed by how much, or unknown
//! for want of named facts.

use crate::i18n::I18n;
use serde_json::Value as Json;
use tandem_app::policy::engine::CriterionResult;
use tandem_rules::{FactCatalogue, Gap, Problem};

/// A fact's label in `lang`, or its name when the catalogue does not document it.
pub fn fact_label(facts: &FactCatalogue, lang: &str, path: &str) -> String {
    match facts.get(path) {
        Some(f) if lang == "en" => f.label_en.clone(),
        Some(f) => f.label_zh.clone(),
        None => path.to_owned(),
    }
}

/// A JSON value as a reader would write it: numbers without trailing zeros, strings bare.
pub fn value_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() => {
                let rounded = (x * 100.0).round() / 100.0;
                if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded}") }
            }
            _ => n.to_string(),
        },
        Json::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn gap_text(i18n: &I18n, lang: &str, facts: &FactCatalogue, g: &Gap) -> String {
    let label = fact_label(facts, lang, &g.path);
    let actual = value_text(&g.actual);
    let bound = value_text(&g.bound);
    let op = match g.op {
        "in" => i18n.t(lang, "policy-op-in"),
        "!=" => i18n.t(lang, "policy-op-not"),
        other => other.to_owned(),
    };
    match g.short_by {
        Some(by) => i18n.tf(
            lang,
            "policy-gap-short",
            &[
                ("fact", &label),
                ("actual", &actual),
                ("op", &op),
                ("bound", &bound),
                ("by", &value_text(&Json::from(by))),
            ],
        ),
        None => i18n.tf(lang, "policy-gap", &[("fact", &label), ("actual", &actual), ("op", &op), ("bound", &bound)]),
    }
}

/// The facts a criterion read, `label = value; …`.
fn values_text(lang: &str, facts: &FactCatalogue, values: &[(String, Json)]) -> String {
    values
        .iter()
        .map(|(p, v)| format!("{} = {}", fact_label(facts, lang, p), value_text(v)))
        .collect::<Vec<_>>()
        .join(if lang == "en" { "; " } else { "；" })
}

/// One sentence for a criterion's outcome.
pub fn explanation(i18n: &I18n, lang: &str, facts: &FactCatalogue, c: &CriterionResult) -> String {
    let sep = if lang == "en" { "; " } else { "；" };
    match (c.met, &c.problem) {
        (Some(true), _) => i18n.tf(lang, "policy-explain-met", &[("values", &values_text(lang, facts, &c.values))]),
        (Some(false), _) if !c.gaps.is_empty() => {
            let gaps: Vec<String> = c.gaps.iter().map(|g| gap_text(i18n, lang, facts, g)).collect();
            i18n.tf(lang, "policy-explain-missed", &[("gaps", &gaps.join(sep))])
        }
        (Some(false), _) => {
            i18n.tf(lang, "policy-explain-not-met", &[("values", &values_text(lang, facts, &c.values))])
        }
        (None, Some(Problem::NotBoolean(kind))) => i18n.tf(lang, "policy-explain-not-boolean", &[("kind", kind)]),
        (None, Some(Problem::Error(message))) if c.missing.is_empty() => {
            i18n.tf(lang, "policy-explain-error", &[("message", message)])
        }
        (None, _) => {
            let missing: Vec<String> =
                c.missing.iter().map(|p| format!("{} ({p})", fact_label(facts, lang, p))).collect();
            i18n.tf(lang, "policy-explain-missing", &[("facts", &missing.join(sep))])
        }
    }
}
