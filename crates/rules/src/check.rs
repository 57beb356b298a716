//! What can be learned from an expression without facts: the fact paths it reads, a bound on
//! its cost, and warnings for its author.

use crate::catalogue::{FactCatalogue, FactType};
use crate::facts::MAX_LIST;
use cel::IdedExpr;
use cel::common::ast::{EntryExpr, Expr, LiteralValue, operators};

/// Something an author should look at; the expression is still accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A path the fact catalogue does not document (a typo, or a fact the platform lacks).
    UnknownFact { path: String },
    /// The expression can only yield this non-boolean type.
    NotBoolean { kind: String },
}

pub(crate) struct Walk {
    pub paths: Vec<String>,
    pub cost: u64,
}

impl Walk {
    pub fn of(root: &IdedExpr) -> Walk {
        let mut walk = Walk { paths: vec![], cost: 0 };
        let mut bound = vec![];
        walk.cost = walk.visit(root, &mut bound);
        walk
    }

    /// Visits `e`, recording the fact paths it reads; returns its worst-case cost.
    fn visit(&mut self, e: &IdedExpr, bound: &mut Vec<String>) -> u64 {
        if let Some(path) = dotted(&e.expr) {
            let root = path.split('.').next().unwrap_or_default();
            if !bound.iter().any(|b| b == root) && !self.paths.contains(&path) {
                self.paths.push(path);
            }
            return 1;
        }
        match &e.expr {
            Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) => 1,
            Expr::Select(s) => 1 + self.visit(&s.operand, bound),
            Expr::Call(c) => {
                let target = c.target.as_ref().map_or(0, |t| self.visit(t, bound));
                1 + target + c.args.iter().map(|a| self.visit(a, bound)).sum::<u64>()
            }
            Expr::List(l) => 1 + l.elements.iter().map(|x| self.visit(x, bound)).sum::<u64>(),
            Expr::Map(m) => 1 + m.entries.iter().map(|x| self.visit_entry(&x.expr, bound)).sum::<u64>(),
            Expr::Struct(s) => 1 + s.entries.iter().map(|x| self.visit_entry(&x.expr, bound)).sum::<u64>(),
            Expr::Comprehension(c) => {
                let range = self.visit(&c.iter_range, bound);
                let init = self.visit(&c.accu_init, bound);
                let before = bound.len();
                bound.push(c.iter_var.clone());
                if let Some(v) = &c.iter_var2 {
                    bound.push(v.clone());
                }
                bound.push(c.accu_var.clone());
                let body = self.visit(&c.loop_cond, bound) + self.visit(&c.loop_step, bound);
                let result = self.visit(&c.result, bound);
                bound.truncate(before);
                let iterations = match &c.iter_range.expr {
                    Expr::List(l) => l.elements.len() as u64,
                    _ => MAX_LIST as u64,
                };
                1 + range + init + result + iterations.saturating_mul(body)
            }
        }
    }

    fn visit_entry(&mut self, e: &EntryExpr, bound: &mut Vec<String>) -> u64 {
        match e {
            EntryExpr::StructField(f) => self.visit(&f.value, bound),
            EntryExpr::MapEntry(m) => self.visit(&m.key, bound) + self.visit(&m.value, bound),
        }
    }
}

/// `a.b.c` for an identifier with field selections (not a presence test).
pub(crate) fn dotted(e: &Expr) -> Option<String> {
    let mut parts = vec![];
    let mut e = e;
    loop {
        match e {
            Expr::Ident(name) => {
                parts.push(name.as_str());
                parts.reverse();
                return Some(parts.join("."));
            }
            Expr::Select(s) if !s.test => {
                parts.push(s.field.as_str());
                e = &s.operand.expr;
            }
            _ => return None,
        }
    }
}

pub(crate) fn warnings(root: &IdedExpr, paths: &[String], catalogue: &FactCatalogue) -> Vec<Warning> {
    let roots = catalogue.roots();
    let mut out: Vec<Warning> = paths
        .iter()
        .filter(|p| !catalogue.knows(p))
        // A name outside every fact group is a comprehension's own or a typo of a group: both
        // are worth a look, but only paths under a known group or a bare unknown name are facts.
        .filter(|p| p.contains('.') || !roots.contains(&p.as_str()))
        .map(|p| Warning::UnknownFact { path: p.clone() })
        .collect();
    if let Some(kind) = never_boolean(root, catalogue) {
        out.push(Warning::NotBoolean { kind: kind.to_owned() });
    }
    out
}

/// The type an expression certainly has when it cannot be a boolean.
fn never_boolean(e: &IdedExpr, catalogue: &FactCatalogue) -> Option<&'static str> {
    match &e.expr {
        Expr::Literal(LiteralValue::Boolean(_)) => None,
        Expr::Literal(LiteralValue::Int(_)) => Some("int"),
        Expr::Literal(LiteralValue::UInt(_)) => Some("uint"),
        Expr::Literal(LiteralValue::Double(_)) => Some("double"),
        Expr::Literal(LiteralValue::String(_)) => Some("string"),
        Expr::Literal(LiteralValue::Bytes(_)) => Some("bytes"),
        Expr::Literal(LiteralValue::Null) => Some("null"),
        Expr::List(_) => Some("list"),
        Expr::Map(_) => Some("map"),
        Expr::Call(c)
            if [operators::ADD, operators::SUBSTRACT, operators::MULTIPLY, operators::DIVIDE, operators::MODULO]
                .contains(&c.func_name.as_str())
                || c.func_name == operators::NEGATE =>
        {
            Some("number")
        }
        Expr::Call(c) if c.func_name == "size" => Some("int"),
        Expr::Ident(_) | Expr::Select(_) => {
            let path = dotted(&e.expr)?;
            match catalogue.get(&path)?.kind {
                FactType::Bool => None,
                other => Some(other.code()),
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::expression::Expression;

    fn warn(s: &str) -> Vec<Warning> {
        let c = FactCatalogue::load().expect("catalogue");
        Expression::compile(s).expect("compiles").check(&c)
    }

    #[test]
    fn paths_skip_comprehension_variables_and_keep_first_use_order() {
        let e = Expression::compile(
            "ip.items.exists(x, x.kind == 'patent') && enterprise.employees > 1 && has(ladder.tier)",
        )
        .expect("compiles");
        assert_eq!(e.fact_paths(), ["ip.items", "enterprise.employees", "ladder"]);
    }

    #[test]
    fn unknown_facts_and_values_that_cannot_be_booleans_are_warned() {
        assert_eq!(warn("enterprise.employees >= 10"), vec![]);
        assert_eq!(
            warn("enterprise.employes >= 10"),
            vec![Warning::UnknownFact { path: "enterprise.employes".into() }]
        );
        assert_eq!(warn("revenue > 1"), vec![Warning::UnknownFact { path: "revenue".into() }]);
        assert_eq!(warn("enterprise.employees * 2"), vec![Warning::NotBoolean { kind: "number".into() }]);
        assert_eq!(warn("enterprise.size_class"), vec![Warning::NotBoolean { kind: "string".into() }]);
        assert_eq!(warn("'yes'"), vec![Warning::NotBoolean { kind: "string".into() }]);
        assert_eq!(warn("enterprise.employees > 1 ? true : false"), vec![]);
    }
}
