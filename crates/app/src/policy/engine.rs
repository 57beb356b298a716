//! Policies compiled once per version and evaluated against facts.

use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use tandem_domain::policy::{PolicyStatus, PolicyTerms, Standing};
use tandem_domain::validation::FieldErrors;
use tandem_rules::{CompileErrorKind, Expression, FactCatalogue, Facts, Gap, Problem, Warning};
use tandem_store::policy::PolicyRow;

/// One version of a policy with its expressions compiled.
#[derive(Debug)]
pub struct CompiledPolicy {
    pub id: i64,
    pub version: i64,
    pub status: PolicyStatus,
    pub terms: PolicyTerms,
    pub criteria: Vec<Expression>,
    pub amount: Option<Expression>,
}

/// Compiled versions by (policy, version): a version never changes, so an entry stays right on
/// every node without invalidation.
#[derive(Debug, Default)]
pub struct Engine {
    compiled: RwLock<HashMap<(i64, i64), Arc<CompiledPolicy>>>,
}

impl Engine {
    /// The compiled version `version` of policy `id` if it is cached with this status.
    pub fn cached(&self, id: i64, version: i64, status: &str) -> Option<Arc<CompiledPolicy>> {
        let cache = self.compiled.read().ok()?;
        cache.get(&(id, version)).filter(|hit| hit.status.code() == status).cloned()
    }

    /// The compiled current version of `row`; an error (for the log) when its stored terms no
    /// longer read or compile.
    pub fn compiled(&self, row: &PolicyRow) -> Result<Arc<CompiledPolicy>, String> {
        let key = (row.id, row.current_version);
        if let Some(hit) = self.compiled.read().map_err(|_| poisoned())?.get(&key) {
            // The status is the policy's, not the version's: refresh it on a hit.
            if hit.status.code() == row.status {
                return Ok(hit.clone());
            }
        }
        let terms: PolicyTerms =
            serde_json::from_str(&row.terms_json).map_err(|e| format!("policy {} terms: {e}", row.id))?;
        let (criteria, amount) = compile_terms(&terms)
            .map_err(|_| format!("policy {} version {} no longer compiles", row.id, row.current_version))?;
        let status = PolicyStatus::from_code(&row.status).unwrap_or(PolicyStatus::Draft);
        let compiled =
            Arc::new(CompiledPolicy { id: row.id, version: row.current_version, status, terms, criteria, amount });
        self.compiled.write().map_err(|_| poisoned())?.insert(key, compiled.clone());
        Ok(compiled)
    }
}

fn poisoned() -> String {
    "policy cache lock poisoned".into()
}

/// Compiles every criterion and the amount formula; a failure is a field error on the
/// criterion's expression naming its id and position.
pub fn compile_terms(terms: &PolicyTerms) -> Result<(Vec<Expression>, Option<Expression>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut criteria = Vec::with_capacity(terms.criteria.len());
    for (i, c) in terms.criteria.iter().enumerate() {
        match Expression::compile(&c.expression) {
            Ok(e) => criteria.push(e),
            Err(e) => {
                let code = match e.kind {
                    CompileErrorKind::TooCostly => "policy.criterion_too_costly",
                    CompileErrorKind::TooLong | CompileErrorKind::Syntax => "policy.criterion_invalid",
                };
                errors.add_with(
                    &format!("criteria[{i}].expression"),
                    code,
                    &[
                        ("id", c.id.clone()),
                        ("line", e.line.to_string()),
                        ("column", e.column.to_string()),
                        ("message", e.message),
                    ],
                );
            }
        }
    }
    let amount = match terms.amount_formula.as_deref() {
        None => None,
        Some(src) => match Expression::compile(src) {
            Ok(e) => Some(e),
            Err(e) => {
                errors.add_with(
                    "amount_formula",
                    "policy.formula_invalid",
                    &[("line", e.line.to_string()), ("column", e.column.to_string()), ("message", e.message)],
                );
                None
            }
        },
    };
    errors.into_result((criteria, amount))
}

/// What an author should look at, by criterion index (`None`: the amount formula).
pub type AuthorWarnings = Vec<(Option<usize>, Warning)>;

/// The warnings of a policy's compiled expressions.
pub fn warnings(criteria: &[Expression], amount: Option<&Expression>, catalogue: &FactCatalogue) -> AuthorWarnings {
    let mut out: AuthorWarnings = criteria
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.check(catalogue).into_iter().map(move |w| (Some(i), w)))
        .collect();
    if let Some(a) = amount {
        // A formula yields a number; only its facts are worth a warning.
        out.extend(
            a.check(catalogue).into_iter().filter(|w| matches!(w, Warning::UnknownFact { .. })).map(|w| (None, w)),
        );
    }
    out
}

impl CompiledPolicy {
    /// Every fact path its criteria and amount formula read.
    pub fn fact_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> =
            self.criteria.iter().chain(self.amount.iter()).flat_map(|e| e.fact_paths().iter().cloned()).collect();
        paths.sort();
        paths.dedup();
        paths
    }
}

/// One criterion's outcome, explained.
#[derive(Debug, Clone)]
pub struct CriterionResult {
    pub index: usize,
    pub met: Option<bool>,
    pub missing: Vec<String>,
    pub problem: Option<Problem>,
    /// For a criterion not met: the comparisons that fail and by how much.
    pub gaps: Vec<Gap>,
    /// The facts the criterion read, with their values (absent ones left out).
    pub values: Vec<(String, Json)>,
}

#[derive(Debug, Clone)]
pub struct PolicyResult {
    pub policy: Arc<CompiledPolicy>,
    pub standing: Standing,
    pub criteria: Vec<CriterionResult>,
    /// The estimated amount in yuan: the formula's value, else the fixed amount.
    pub amount_yuan: Option<f64>,
}

/// Evaluates every criterion, with explanations.
pub fn evaluate(policy: &Arc<CompiledPolicy>, facts: &Facts) -> PolicyResult {
    let criteria: Vec<CriterionResult> = policy
        .criteria
        .iter()
        .enumerate()
        .map(|(index, e)| {
            let outcome = e.test(facts);
            let gaps = if outcome.met == Some(false) { e.gaps(facts) } else { vec![] };
            let values = e.fact_paths().iter().filter_map(|p| facts.get(p).map(|v| (p.clone(), v.clone()))).collect();
            CriterionResult {
                index,
                met: outcome.met,
                missing: outcome.missing,
                problem: outcome.problem,
                gaps,
                values,
            }
        })
        .collect();
    let outcomes: Vec<Option<bool>> = criteria.iter().map(|c| c.met).collect();
    let standing = Standing::of(&outcomes);
    let amount_yuan = amount(policy, facts);
    PolicyResult { policy: policy.clone(), standing, criteria, amount_yuan }
}

fn amount(policy: &CompiledPolicy, facts: &Facts) -> Option<f64> {
    policy
        .amount
        .as_ref()
        .and_then(|f| f.number(facts))
        .map(|x| x.max(0.0).round())
        .or(policy.terms.amount_yuan.map(|a| a as f64))
}

/// Only where an enterprise stands (the lists' fast path: no explanations), with the estimated
/// amount for an eligible one.
pub fn standing(policy: &CompiledPolicy, facts: &Facts) -> (Standing, Option<f64>) {
    let outcomes: Vec<Option<bool>> = policy.criteria.iter().map(|e| e.test(facts).met).collect();
    let standing = Standing::of(&outcomes);
    let amount = (standing == Standing::Eligible).then(|| amount(policy, facts)).flatten();
    (standing, amount)
}
