//! "By how much": for a criterion that is not met, the comparisons of a fact with a constant
//! that fail, with the fact's value and the distance to the bound.

use crate::check::dotted;
use crate::expression::Expression;
use crate::facts::Facts;
use cel::IdedExpr;
use cel::common::ast::{Expr, LiteralValue, operators};
use serde_json::Value as Json;

/// One failed comparison `fact OP bound` within a criterion's conjunction.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub path: String,
    /// `>=`, `>`, `<=`, `<`, `==`, `!=` or `in`, with the fact on the left.
    pub op: &'static str,
    pub bound: Json,
    pub actual: Json,
    /// How far a number is from satisfying the bound (positive).
    pub short_by: Option<f64>,
}

impl Expression {
    /// The failed comparisons among the criterion's `&&`-joined parts, for an explanation.
    pub fn gaps(&self, facts: &Facts) -> Vec<Gap> {
        let mut out = vec![];
        collect(self.root(), facts, &mut out);
        out
    }
}

fn collect(e: &IdedExpr, facts: &Facts, out: &mut Vec<Gap>) {
    let Expr::Call(call) = &e.expr else { return };
    if call.func_name == operators::LOGICAL_AND {
        for a in &call.args {
            collect(a, facts, out);
        }
        return;
    }
    let [left, right] = call.args.as_slice() else { return };
    let op = match call.func_name.as_str() {
        operators::GREATER_EQUALS => ">=",
        operators::GREATER => ">",
        operators::LESS_EQUALS => "<=",
        operators::LESS => "<",
        operators::EQUALS => "==",
        operators::NOT_EQUALS => "!=",
        operators::IN => "in",
        _ => return,
    };
    let (path, bound, op) = match (dotted(&left.expr), constant(right), dotted(&right.expr), constant(left)) {
        (Some(path), Some(bound), _, _) => (path, bound, op),
        (_, _, Some(path), Some(bound)) if op != "in" => (path, bound, flip(op)),
        _ => return,
    };
    let Some(actual) = facts.get(&path) else { return };
    if let Some(short_by) = failing(actual, op, &bound) {
        out.push(Gap { path, op, bound, actual: actual.clone(), short_by });
    }
}

fn flip(op: &'static str) -> &'static str {
    match op {
        ">=" => "<=",
        ">" => "<",
        "<=" => ">=",
        "<" => ">",
        other => other,
    }
}

fn constant(e: &IdedExpr) -> Option<Json> {
    match &e.expr {
        Expr::Literal(LiteralValue::Int(i)) => Some(Json::from(*i.inner())),
        Expr::Literal(LiteralValue::UInt(u)) => Some(Json::from(*u.inner())),
        Expr::Literal(LiteralValue::Double(d)) => serde_json::Number::from_f64(*d.inner()).map(Json::Number),
        Expr::Literal(LiteralValue::String(s)) => Some(Json::String(s.inner().to_owned())),
        Expr::Literal(LiteralValue::Boolean(b)) => Some(Json::Bool(*b.inner())),
        Expr::List(l) => l.elements.iter().map(constant).collect::<Option<Vec<_>>>().map(Json::Array),
        Expr::Call(c) if c.func_name == operators::NEGATE => match constant(c.args.first()?)? {
            Json::Number(n) if n.is_i64() => Some(Json::from(-n.as_i64()?)),
            Json::Number(n) => serde_json::Number::from_f64(-n.as_f64()?).map(Json::Number),
            _ => None,
        },
        _ => None,
    }
}

/// `Some(distance)` when `actual OP bound` fails (the distance only for numbers).
fn failing(actual: &Json, op: &str, bound: &Json) -> Option<Option<f64>> {
    if op == "in" {
        let Json::Array(items) = bound else { return None };
        return (!items.contains(actual)).then_some(None);
    }
    if let (Some(a), Some(b)) = (actual.as_f64(), bound.as_f64()) {
        let holds = match op {
            ">=" => a >= b,
            ">" => a > b,
            "<=" => a <= b,
            "<" => a < b,
            "==" => a == b,
            _ => a != b,
        };
        let distance = match op {
            ">=" | ">" => Some(b - a),
            "<=" | "<" => Some(a - b),
            _ => None,
        };
        return (!holds).then_some(distance.filter(|d| *d > 0.0));
    }
    let holds = match op {
        "==" => actual == bound,
        "!=" => actual != bound,
        _ => return None,
    };
    (!holds).then_some(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_missed_threshold_says_by_how_much() {
        let f =
            Facts::from_json(&json!({"enterprise": {"rd_expense_wan": 80.0, "employees": 600, "city_code": "210200"}}));
        let e = Expression::compile(
            "enterprise.rd_expense_wan >= 100.0 && 500 >= enterprise.employees && enterprise.city_code in ['210100']",
        )
        .expect("compiles");
        let gaps = e.gaps(&f);
        assert_eq!(gaps.len(), 3);
        assert_eq!((gaps[0].op, gaps[0].short_by), (">=", Some(20.0)));
        assert_eq!((gaps[1].path.as_str(), gaps[1].op, gaps[1].short_by), ("enterprise.employees", "<=", Some(100.0)));
        assert_eq!((gaps[2].op, gaps[2].bound.clone()), ("in", json!(["210100"])));
        let met =
            Facts::from_json(&json!({"enterprise": {"rd_expense_wan": 120.0, "employees": 10, "city_code": "210100"}}));
        assert!(e.gaps(&met).is_empty());
    }
}
