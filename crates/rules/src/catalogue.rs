//! The documented facts a criterion may read: `data/policies/facts.json`.

use serde::Deserialize;

const FACTS_FILE: &str = include_str!("../../../data/policies/facts.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    Int,
    Double,
    String,
    Bool,
    Timestamp,
}

impl FactType {
    pub fn code(self) -> &'static str {
        match self {
            FactType::Int => "int",
            FactType::Double => "double",
            FactType::String => "string",
            FactType::Bool => "bool",
            FactType::Timestamp => "timestamp",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct FactDef {
    /// The CEL name: `enterprise.rd_expense_wan`.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FactType,
    #[serde(default)]
    pub unit: String,
    /// Which part of the platform supplies it: `profile`, `diagnosis`, `sharing` …
    pub from: String,
    pub label_zh: String,
    pub label_en: String,
    pub example: serde_json::Value,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FactCatalogue {
    pub version: String,
    pub facts: Vec<FactDef>,
}

impl FactCatalogue {
    /// The shipped catalogue; a malformed file is a build defect, reported rather than panicking.
    pub fn load() -> Result<Self, String> {
        serde_json::from_str(FACTS_FILE).map_err(|e| format!("data/policies/facts.json: {e}"))
    }

    pub fn get(&self, name: &str) -> Option<&FactDef> {
        self.facts.iter().find(|f| f.name == name)
    }

    /// Whether `path` names a fact or a group of them (`enterprise` holds `enterprise.employees`).
    pub fn knows(&self, path: &str) -> bool {
        self.facts
            .iter()
            .any(|f| f.name == path || (f.name.starts_with(path) && f.name.as_bytes().get(path.len()) == Some(&b'.')))
    }

    /// The top-level names (`enterprise`, `ip` …): the CEL variables facts are bound to.
    pub fn roots(&self) -> Vec<&str> {
        let mut roots: Vec<&str> = self.facts.iter().map(|f| f.name.split('.').next().unwrap_or_default()).collect();
        roots.dedup();
        roots.sort_unstable();
        roots.dedup();
        roots
    }

    /// Every fact's example value, nested as the facts of an enterprise are.
    pub fn examples(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        for f in &self.facts {
            insert_path(&mut root, &f.name, f.example.clone());
        }
        serde_json::Value::Object(root)
    }
}

/// Puts `value` at the dotted `path`, creating the objects on the way.
pub(crate) fn insert_path(root: &mut serde_json::Map<String, serde_json::Value>, path: &str, value: serde_json::Value) {
    let mut parts = path.split('.').peekable();
    let mut map = root;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return;
        }
        let entry = map.entry(part.to_owned()).or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if !entry.is_object() {
            *entry = serde_json::Value::Object(serde_json::Map::new());
        }
        let serde_json::Value::Object(next) = entry else { return };
        map = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_loads_with_unique_names_and_typed_examples() {
        let c = FactCatalogue::load().expect("valid");
        let mut names: Vec<&str> = c.facts.iter().map(|f| f.name.as_str()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "fact names are unique");
        for f in &c.facts {
            let fits = match f.kind {
                FactType::Int => f.example.is_i64(),
                FactType::Double => f.example.is_f64(),
                FactType::String | FactType::Timestamp => f.example.is_string(),
                FactType::Bool => f.example.is_boolean(),
            };
            assert!(fits, "{}'s example is a {}", f.name, f.kind.code());
        }
        assert!(c.knows("enterprise") && c.knows("enterprise.employees") && !c.knows("enterprise.employ"));
        assert_eq!(c.roots(), vec!["diagnosis", "enterprise", "ip", "ladder", "services"]);
    }
}
