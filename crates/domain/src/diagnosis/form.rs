//! A questionnaire as a web form: what a reader typed (text by input name) becomes answers, and
//! answers become text again when a draft is reopened. Forms send only text, so every number is
//! checked here, once, for the pages; the API takes JSON answers as they are.

use super::instrument::{Instrument, Scoring};
use crate::money::format_fen_as_wan;
use crate::validation::FieldErrors;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// Answers by indicator or fact id, as the scorer reads them.
pub type Answers = BTreeMap<String, Value>;

/// What a reader typed, by input name; several values for check boxes. A part of a best-of
/// indicator is named `indicator.part`.
pub type FormValues = BTreeMap<String, Vec<String>>;

/// The first value typed under `key`, or empty.
pub fn first<'a>(values: &'a FormValues, key: &str) -> &'a str {
    values.get(key).and_then(|v| v.first()).map(String::as_str).unwrap_or("")
}

/// A number as a form shows it: no trailing `.0`.
pub fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") }
}

/// Text typed as a number (thousands separators allowed); empty is no answer, anything else that
/// is not a finite number is `answer.not_a_number` under `key`.
fn number(key: &str, raw: &str, errors: &mut FieldErrors) -> Option<Value> {
    let raw = raw.trim().replace([',', '，'], "");
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<f64>().ok().filter(|x| x.is_finite()).and_then(Number::from_f64) {
        Some(n) => Some(Value::Number(n)),
        None => {
            errors.add(key, "answer.not_a_number");
            None
        }
    }
}

/// Turns the typed form into answers; every field that is not a number is reported at once.
pub fn answers_from(instrument: &Instrument, typed: &FormValues) -> (Answers, FieldErrors) {
    let mut answers = Answers::new();
    let mut errors = FieldErrors::new();
    for ind in &instrument.indicators {
        match &ind.scoring {
            Scoring::Choice { .. } => {
                let v = first(typed, &ind.id);
                if !v.is_empty() {
                    answers.insert(ind.id.clone(), Value::String(v.to_owned()));
                }
            }
            Scoring::Multi { .. } => {
                let chosen: Vec<Value> = typed
                    .get(&ind.id)
                    .into_iter()
                    .flatten()
                    .filter(|v| !v.is_empty())
                    .map(|v| Value::String(v.clone()))
                    .collect();
                answers.insert(ind.id.clone(), Value::Array(chosen));
            }
            Scoring::BestOf { parts } => {
                let mut obj = Map::new();
                for p in parts {
                    let key = format!("{}.{}", ind.id, p.key);
                    if let Some(v) = number(&key, first(typed, &key), &mut errors) {
                        obj.insert(p.key.clone(), v);
                    }
                }
                if !obj.is_empty() {
                    answers.insert(ind.id.clone(), Value::Object(obj));
                }
            }
            _ => {
                if let Some(v) = number(&ind.id, first(typed, &ind.id), &mut errors) {
                    answers.insert(ind.id.clone(), v);
                }
            }
        }
    }
    for f in &instrument.facts {
        let raw = first(typed, &f.id);
        if f.kind == "boolean" {
            match raw {
                "yes" => {
                    answers.insert(f.id.clone(), Value::Bool(true));
                }
                "no" => {
                    answers.insert(f.id.clone(), Value::Bool(false));
                }
                _ => {}
            }
        } else if let Some(v) = number(&f.id, raw, &mut errors) {
            answers.insert(f.id.clone(), v);
        }
    }
    (answers, errors)
}

/// Stored answers as the form shows them again.
pub fn form_values_of(answers: &Answers) -> FormValues {
    let mut t = FormValues::new();
    for (id, v) in answers {
        match v {
            Value::Array(items) => {
                t.insert(id.clone(), items.iter().filter_map(Value::as_str).map(str::to_owned).collect());
            }
            Value::Object(map) => {
                for (k, x) in map {
                    t.insert(format!("{id}.{k}"), vec![x.as_f64().map(number_text).unwrap_or_default()]);
                }
            }
            Value::Bool(b) => {
                t.insert(id.clone(), vec![if *b { "yes" } else { "no" }.into()]);
            }
            Value::Number(n) => {
                t.insert(id.clone(), vec![n.as_f64().map(number_text).unwrap_or_default()]);
            }
            Value::String(s) => {
                t.insert(id.clone(), vec![s.clone()]);
            }
            Value::Null => {}
        }
    }
    t
}

/// The enterprise-profile figures a new questionnaire starts from, so nobody types them twice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProfileFigures {
    pub operating_revenue_fen: Option<i64>,
    pub total_assets_fen: Option<i64>,
    pub employees: Option<i64>,
}

/// The facts a new form fills in from the profile (each fact names the figure it takes).
pub fn prefilled(instrument: &Instrument, profile: ProfileFigures) -> FormValues {
    let mut typed = FormValues::new();
    for f in &instrument.facts {
        let value = match f.prefill.as_deref() {
            Some("operating_revenue_wan") => profile.operating_revenue_fen.map(format_fen_as_wan),
            Some("total_assets_wan") => profile.total_assets_fen.map(format_fen_as_wan),
            Some("employees") => profile.employees.map(|n| n.to_string()),
            _ => None,
        };
        if let Some(v) = value {
            typed.insert(f.id.clone(), vec![v]);
        }
    }
    typed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::Catalogue;
    use serde_json::json;

    fn values(pairs: &[(&str, &str)]) -> FormValues {
        let mut v = FormValues::new();
        for (k, x) in pairs {
            v.entry((*k).to_owned()).or_default().push((*x).to_owned());
        }
        v
    }

    #[test]
    fn typed_text_becomes_answers_of_each_kind() {
        let c = Catalogue::load().expect("valid");
        let srdi = c.get("miit-2022-srdi").expect("instrument");
        let typed = values(&[
            ("SRF-01", "1,234.5"),
            ("SRF-04", "basic_or_heritage_or_chain_supplier"),
            ("SRF-06", "qms_certificate"),
            ("SRF-06", "own_brand"),
            ("SRF-11.amount_wan", "260"),
            ("SRF-11.intensity_pct", ""),
            ("SRF-B1", "３"),
            ("SRF-B2", "yes"),
            ("SRF-B3", "no"),
        ]);
        let (answers, errors) = answers_from(srdi, &typed);
        assert_eq!(errors.0.len(), 1, "the full-width digit is not a number: {errors:?}");
        assert_eq!(errors.0[0].field, "SRF-B1");
        assert_eq!(answers["SRF-01"], json!(1234.5));
        assert_eq!(answers["SRF-04"], json!("basic_or_heritage_or_chain_supplier"));
        assert_eq!(answers["SRF-06"], json!(["qms_certificate", "own_brand"]));
        assert_eq!(answers["SRF-11"], json!({"amount_wan": 260.0}), "an empty part is left out");
        assert_eq!((&answers["SRF-B2"], &answers["SRF-B3"]), (&json!(true), &json!(false)));
        assert!(!answers.contains_key("SRF-B1"));
        assert!(!answers.contains_key("SRF-02"), "an empty input is no answer");
    }

    #[test]
    fn every_field_that_is_not_a_number_is_reported_at_once() {
        let c = Catalogue::load().expect("valid");
        let srdi = c.get("miit-2022-srdi").expect("instrument");
        let (_, errors) = answers_from(srdi, &values(&[("SRF-01", "abc"), ("SRF-11.amount_wan", "1e999")]));
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["SRF-01", "SRF-11.amount_wan"]);
        assert!(errors.0.iter().all(|e| e.code == "answer.not_a_number"));
    }

    #[test]
    fn stored_answers_show_in_the_form_as_they_were_typed() {
        let c = Catalogue::load().expect("valid");
        let srdi = c.get("miit-2022-srdi").expect("instrument");
        let typed = values(&[
            ("SRF-01", "85"),
            ("SRF-07", "6.5"),
            ("SRF-06", "own_brand"),
            ("SRF-11.amount_wan", "260"),
            ("SRF-B2", "no"),
        ]);
        let (answers, errors) = answers_from(srdi, &typed);
        assert!(errors.is_empty());
        assert_eq!(form_values_of(&answers), typed);
    }

    #[test]
    fn a_new_form_starts_from_the_profile_figures_its_facts_name() {
        let c = Catalogue::load().expect("valid");
        let srdi = c.get("miit-2026-srdi").expect("instrument");
        let figures = ProfileFigures { operating_revenue_fen: Some(1_234_500_000), ..ProfileFigures::default() };
        let filled = prefilled(srdi, figures);
        assert_eq!(first(&filled, "S26-4-revenue"), "1234.5");
        assert_eq!(filled.len(), 1, "a figure the profile lacks is left for the reader: {filled:?}");
        assert!(prefilled(srdi, ProfileFigures::default()).is_empty());
    }
}
