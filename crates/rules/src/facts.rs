//! An enterprise's facts, bound once as CEL variables and read by many criteria.

use crate::catalogue::{FactCatalogue, FactType};
use cel::common::types::{
    CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, CelTimestamp, CelUInt,
};
use cel::common::value::Val;
use cel::{Context, Env};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Longest list a fact may hold: comprehensions over facts are costed with this bound.
pub const MAX_LIST: usize = 1_000;
/// Deepest nesting of objects and lists in typed facts.
const MAX_DEPTH: usize = 8;

/// The standard environment, built once: every context shares it.
pub(crate) fn env() -> Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| Arc::new(Env::stdlib())).clone()
}

/// Facts typed by someone (the calculator) that are too large to evaluate in bounded time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactsError {
    NotAnObject,
    ListTooLong { path: String },
    TooDeep { path: String },
}

impl FactsError {
    pub fn code(&self) -> &'static str {
        match self {
            FactsError::NotAnObject => "policy.facts_not_an_object",
            FactsError::ListTooLong { .. } => "policy.facts_list_too_long",
            FactsError::TooDeep { .. } => "policy.facts_too_deep",
        }
    }
}

pub struct Facts {
    json: serde_json::Map<String, Json>,
    context: Context<'static, 'static>,
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Facts").field("json", &self.json).finish_non_exhaustive()
    }
}

impl Facts {
    /// Binds each top-level key of `json` as a variable. JSON integers are CEL `int`, numbers
    /// with a fraction or exponent `double`; anything but an object binds nothing.
    pub fn from_json(json: &Json) -> Facts {
        let map = json.as_object().cloned().unwrap_or_default();
        let mut context = Context::with_env(env());
        for (name, value) in &map {
            context.add_variable_as_val(name.clone(), to_cel(value, None, name));
        }
        Facts { json: map, context }
    }

    /// As [`Facts::from_json`], after checking the size (lists, depth) so evaluation stays
    /// bounded; a string at a fact the catalogue declares a timestamp (`2015-03-01` or RFC 3339)
    /// becomes a timestamp.
    pub fn typed(json: &Json, catalogue: &FactCatalogue) -> Result<Facts, FactsError> {
        let map = json.as_object().ok_or(FactsError::NotAnObject)?;
        for (name, value) in map {
            bounded(value, name, 1)?;
        }
        let mut context = Context::with_env(env());
        for (name, value) in map {
            context.add_variable_as_val(name.clone(), to_cel(value, Some(catalogue), name));
        }
        Ok(Facts { json: map.clone(), context })
    }

    /// The value at a dotted path, if present.
    pub fn get(&self, path: &str) -> Option<&Json> {
        let mut parts = path.split('.');
        let mut value = self.json.get(parts.next()?)?;
        for part in parts {
            value = value.as_object()?.get(part)?;
        }
        Some(value)
    }

    pub fn json(&self) -> &serde_json::Map<String, Json> {
        &self.json
    }

    pub(crate) fn context(&self) -> &Context<'static, 'static> {
        &self.context
    }
}

fn bounded(value: &Json, path: &str, depth: usize) -> Result<(), FactsError> {
    if depth > MAX_DEPTH {
        return Err(FactsError::TooDeep { path: path.to_owned() });
    }
    match value {
        Json::Array(items) if items.len() > MAX_LIST => Err(FactsError::ListTooLong { path: path.to_owned() }),
        Json::Array(items) => items.iter().try_for_each(|v| bounded(v, path, depth + 1)),
        Json::Object(map) => map.iter().try_for_each(|(k, v)| bounded(v, &format!("{path}.{k}"), depth + 1)),
        _ => Ok(()),
    }
}

/// A JSON value as a CEL value, built directly: going through `cel::Value` would copy every map
/// twice more when binding (the interpreter's own conversion clones and rebuilds them).
fn to_cel(value: &Json, catalogue: Option<&FactCatalogue>, path: &str) -> Box<dyn Val> {
    match value {
        Json::Null => Box::new(CelNull),
        Json::Bool(b) => Box::new(CelBool::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Box::new(CelInt::from(i)),
            None => match n.as_u64() {
                Some(u) => Box::new(CelUInt::from(u)),
                None => Box::new(CelDouble::from(n.as_f64().unwrap_or(f64::NAN))),
            },
        },
        Json::String(s) => {
            let declared = catalogue.and_then(|c| c.get(path)).map(|f| f.kind);
            match (declared, timestamp(s)) {
                (Some(FactType::Timestamp), Some(t)) => Box::new(CelTimestamp::from(t)),
                _ => Box::new(CelString::from(s.clone())),
            }
        }
        Json::Array(items) => {
            Box::new(CelList::from(items.iter().map(|v| to_cel(v, catalogue, path)).collect::<Vec<_>>()))
        }
        Json::Object(map) => {
            let entries: HashMap<CelMapKey, Box<dyn Val>> = map
                .iter()
                .map(|(k, v)| {
                    // Only strings look the catalogue up (timestamps), so only they and what holds
                    // them need the path.
                    let holds_text = v.is_string() || v.is_object() || v.is_array();
                    let child = if catalogue.is_some() && holds_text { format!("{path}.{k}") } else { String::new() };
                    (CelMapKey::from(k.clone()), to_cel(v, catalogue, &child))
                })
                .collect();
            Box::new(CelMap::from(entries))
        }
    }
}

fn timestamp(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    let day = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_objects_are_reachable_by_dotted_paths() {
        let f = Facts::from_json(&json!({"enterprise": {"employees": 12, "region": {"code": "210100"}}}));
        assert_eq!(f.get("enterprise.employees"), Some(&json!(12)));
        assert_eq!(f.get("enterprise.region.code"), Some(&json!("210100")));
        assert_eq!(f.get("enterprise.revenue_wan"), None);
        assert_eq!(f.get("ip"), None);
    }

    #[test]
    fn a_date_at_a_timestamp_fact_is_a_timestamp_and_elsewhere_text() {
        let c = FactCatalogue::load().expect("catalogue");
        let f = Facts::typed(&json!({"enterprise": {"founded_on": "2015-03-01", "name": "2015-03-01"}}), &c)
            .expect("bound");
        let e = |s: &str| crate::Expression::compile(s).expect("compiles").test(&f).met;
        assert_eq!(e("enterprise.founded_on < timestamp('2016-01-01T00:00:00Z')"), Some(true));
        assert_eq!(e("enterprise.name == '2015-03-01'"), Some(true), "an undocumented fact stays text");
    }

    #[test]
    fn typed_facts_refuse_what_would_not_evaluate_in_bounded_time() {
        let c = FactCatalogue::load().expect("catalogue");
        let long: Vec<i64> = (0..=MAX_LIST as i64).collect();
        let err = Facts::typed(&json!({"enterprise": {"ids": long}}), &c).expect_err("too long");
        assert_eq!(err, FactsError::ListTooLong { path: "enterprise.ids".into() });
        let mut deep = json!(1);
        for _ in 0..10 {
            deep = json!({ "x": deep });
        }
        assert_eq!(Facts::typed(&json!({ "a": deep }), &c).expect_err("deep").code(), "policy.facts_too_deep");
        assert_eq!(Facts::typed(&json!([1]), &c).expect_err("array").code(), "policy.facts_not_an_object");
    }
}
