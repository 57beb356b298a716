//! One compiled CEL expression and what evaluating it means for a criterion.

use crate::catalogue::FactCatalogue;
use crate::check::{self, Walk, Warning};
use crate::facts::{Facts, env};
use cel::{ExecutionError, Program, Value};
use serde_json::Value as Json;

/// Longest expression accepted, in characters.
pub const MAX_SOURCE_CHARS: usize = 2_000;
/// Upper bound on the work one evaluation may do, in visited nodes with every comprehension
/// taken at its largest possible range (see [`crate::facts::MAX_LIST`]).
pub const MAX_COST: u64 = 10_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompileErrorKind {
    Syntax,
    TooLong,
    TooCostly,
}

/// Why an expression was refused; `line` and `column` are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub kind: CompileErrorKind,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    pub message: String,
}

/// Why a criterion's outcome is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Facts the expression reads that the enterprise does not have.
    MissingFacts,
    /// Evaluation failed for another reason (a value of the wrong type, division by zero …).
    Error(String),
    /// The expression's value is not a boolean: its CEL type.
    NotBoolean(String),
}

/// A criterion's outcome: `met` is `None` when evaluation ended in an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub met: Option<bool>,
    /// Absent facts the expression reads (only when `met` is `None`).
    pub missing: Vec<String>,
    pub problem: Option<Problem>,
}

#[derive(Debug)]
pub struct Expression {
    program: Program,
    source: String,
    /// Dotted fact paths the expression reads, in order of first use.
    paths: Vec<String>,
    cost: u64,
}

impl Expression {
    pub fn compile(source: &str) -> Result<Expression, CompileError> {
        if source.chars().count() > MAX_SOURCE_CHARS {
            return Err(CompileError {
                kind: CompileErrorKind::TooLong,
                line: 1,
                column: 1,
                message: format!("longer than {MAX_SOURCE_CHARS} characters"),
            });
        }
        let program = env().compile(source).map_err(|errors| {
            let first = errors.errors.first();
            let (line, column) = first.map_or((1, 1), |e| (e.pos.0.max(1), e.pos.1.max(0) + 1));
            CompileError {
                kind: CompileErrorKind::Syntax,
                line: u32::try_from(line).unwrap_or(1),
                column: u32::try_from(column).unwrap_or(1),
                message: first.map_or_else(|| "syntax error".to_owned(), |e| e.msg.clone()),
            }
        })?;
        let walk = Walk::of(program.expression());
        if walk.cost > MAX_COST {
            return Err(CompileError {
                kind: CompileErrorKind::TooCostly,
                line: 1,
                column: 1,
                message: format!("could visit up to {} nodes; the limit is {MAX_COST}", walk.cost),
            });
        }
        Ok(Expression { program, source: source.to_owned(), paths: walk.paths, cost: walk.cost })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The dotted fact paths the expression reads.
    pub fn fact_paths(&self) -> &[String] {
        &self.paths
    }

    /// The largest number of nodes one evaluation may visit.
    pub fn cost(&self) -> u64 {
        self.cost
    }

    pub(crate) fn root(&self) -> &cel::IdedExpr {
        self.program.expression()
    }

    /// The expression's value as JSON (timestamps as RFC 3339, durations as seconds `"90s"`).
    pub fn value(&self, facts: &Facts) -> Result<Json, EvalError> {
        let value = self.program.execute(facts.context()).map_err(|e| EvalError { message: e.to_string() })?;
        to_json(&value).ok_or_else(|| EvalError { message: format!("a {} has no JSON form", type_name(&value)) })
    }

    /// A number, for amount formulas: `None` when it does not evaluate to a finite number.
    pub fn number(&self, facts: &Facts) -> Option<f64> {
        match self.program.execute(facts.context()) {
            Ok(Value::Int(i)) => Some(i as f64),
            Ok(Value::UInt(u)) => Some(u as f64),
            Ok(Value::Float(f)) if f.is_finite() => Some(f),
            _ => None,
        }
    }

    /// Evaluates the expression as a criterion.
    pub fn test(&self, facts: &Facts) -> Outcome {
        match self.program.execute(facts.context()) {
            Ok(Value::Bool(b)) => Outcome { met: Some(b), missing: vec![], problem: None },
            Ok(other) => {
                Outcome { met: None, missing: vec![], problem: Some(Problem::NotBoolean(type_name(&other).to_owned())) }
            }
            Err(error) => {
                let missing: Vec<String> = self.paths.iter().filter(|p| facts.get(p).is_none()).cloned().collect();
                let problem = match error {
                    ExecutionError::NoSuchKey(_) | ExecutionError::UndeclaredReference(_) if !missing.is_empty() => {
                        Problem::MissingFacts
                    }
                    other => Problem::Error(other.to_string()),
                };
                Outcome { met: None, missing, problem: Some(problem) }
            }
        }
    }

    /// Warnings for an author: facts the catalogue does not document, a value that cannot be
    /// a boolean.
    pub fn check(&self, catalogue: &FactCatalogue) -> Vec<Warning> {
        check::warnings(self.program.expression(), &self.paths, catalogue)
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::List(_) => "list",
        Value::Map(_) => "map",
        Value::Function(..) => "function",
        Value::Int(_) => "int",
        Value::UInt(_) => "uint",
        Value::Float(_) => "double",
        Value::String(_) => "string",
        Value::Bytes(_) => "bytes",
        Value::Bool(_) => "bool",
        Value::Duration(_) => "duration",
        Value::Timestamp(_) => "timestamp",
        Value::Null => "null",
        _ => "object",
    }
}

fn to_json(value: &Value) -> Option<Json> {
    Some(match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::UInt(u) => Json::from(*u),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.as_ref().clone()),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect::<Option<Vec<_>>>()?),
        Value::Map(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map.map.iter() {
                let key = match k {
                    cel::objects::Key::String(s) => s.as_ref().clone(),
                    cel::objects::Key::Int(i) => i.to_string(),
                    cel::objects::Key::Uint(u) => u.to_string(),
                    cel::objects::Key::Bool(b) => b.to_string(),
                };
                out.insert(key, to_json(v)?);
            }
            Json::Object(out)
        }
        Value::Timestamp(t) => {
            Json::String(t.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        }
        Value::Duration(d) => {
            let nanos = d.num_nanoseconds()?;
            let secs = nanos as f64 / 1e9;
            Json::String(if nanos % 1_000_000_000 == 0 {
                format!("{}s", nanos / 1_000_000_000)
            } else {
                format!("{secs}s")
            })
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn facts() -> Facts {
        Facts::from_json(&json!({"enterprise": {"employees": 120, "revenue_wan": 3500.5}, "ip": {"items": [1, 2, 3]}}))
    }

    #[test]
    fn a_syntax_error_names_its_line_and_column() {
        let e = Expression::compile("enterprise.employees >=").expect_err("incomplete");
        assert_eq!((e.kind, e.line), (CompileErrorKind::Syntax, 1));
        assert!(e.column >= 20, "{e:?}");
        let e = Expression::compile("a &&\n  (b ||").expect_err("incomplete");
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn absent_facts_make_a_criterion_unknown_unless_logic_decides_without_them() {
        let f = facts();
        let t = |s: &str| Expression::compile(s).expect("compiles").test(&f);
        assert_eq!(t("enterprise.employees >= 100").met, Some(true));
        let unknown = t("enterprise.rd_expense_wan >= 100.0");
        assert_eq!(unknown.met, None);
        assert_eq!(unknown.missing, vec!["enterprise.rd_expense_wan"]);
        assert_eq!(unknown.problem, Some(Problem::MissingFacts));
        assert_eq!(t("enterprise.rd_expense_wan >= 100.0 && enterprise.employees < 100").met, Some(false));
        assert_eq!(t("enterprise.employees < 100 && enterprise.rd_expense_wan >= 100.0").met, Some(false));
        assert_eq!(t("enterprise.rd_expense_wan >= 100.0 || enterprise.employees > 100").met, Some(true));
        let both = t("enterprise.rd_expense_wan >= 100.0 && ladder.rank >= 1");
        assert_eq!(both.missing, vec!["enterprise.rd_expense_wan", "ladder.rank"]);
    }

    #[test]
    fn a_wrong_type_or_a_non_boolean_value_is_unknown_with_its_reason() {
        let f = facts();
        let wrong = Expression::compile("enterprise.employees > 'many'").expect("compiles").test(&f);
        assert_eq!((wrong.met, wrong.missing.len()), (None, 0));
        assert!(matches!(wrong.problem, Some(Problem::Error(_))));
        let number = Expression::compile("enterprise.employees + 1").expect("compiles").test(&f);
        assert_eq!(number.problem, Some(Problem::NotBoolean("int".into())));
    }

    #[test]
    fn comprehensions_over_unbounded_nesting_are_refused_when_compiled() {
        assert!(Expression::compile("ip.items.exists(x, x > 2)").is_ok());
        assert!(Expression::compile("ip.items.exists(x, ip.items.exists(y, x == y))").is_ok());
        let e = Expression::compile("ip.items.exists(x, ip.items.exists(y, ip.items.exists(z, x == y && y == z)))")
            .expect_err("a thousand cubed");
        assert_eq!(e.kind, CompileErrorKind::TooCostly);
        let long = "1 == 1 && ".repeat(300) + "true";
        assert_eq!(Expression::compile(&long).expect_err("long").kind, CompileErrorKind::TooLong);
    }

    #[test]
    fn amounts_are_numbers_from_the_facts() {
        let f = facts();
        assert_eq!(Expression::compile("enterprise.revenue_wan * 2.0").expect("ok").number(&f), Some(7001.0));
        assert_eq!(Expression::compile("enterprise.employees * 100").expect("ok").number(&f), Some(12000.0));
        assert_eq!(Expression::compile("enterprise.nope * 2.0").expect("ok").number(&f), None);
    }
}
