//! What the policy API sends and receives.

use crate::i18n::I18n;
use crate::policy::explain::explanation;
use serde::Serialize;
use std::collections::BTreeMap;
use tandem_app::policy::engine::{AuthorWarnings, PolicyResult};
use tandem_app::policy::{Listed, PolicySummary, PolicyView};
use tandem_domain::policy::{PolicyTerms, Standing};
use tandem_rules::{FactCatalogue, Warning};
use utoipa::ToSchema;

/// A criterion: a named CEL expression over documented facts.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionDto {
    /// snake_case, unique within the policy.
    pub id: String,
    pub label: String,
    pub label_en: Option<String>,
    /// CEL; it must give true or false.
    pub expression: String,
    /// What to do when it is not met.
    pub hint: Option<String>,
    pub hint_en: Option<String>,
}

/// Something an author should look at; the policy was still saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarningDto {
    /// The criterion's id; null for the amount formula.
    pub criterion: Option<String>,
    /// `policy.unknown_fact` or `policy.not_boolean`.
    pub code: String,
    pub message: String,
    /// For an unknown fact: the documented fact names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub known: Vec<String>,
}

/// A version of a policy.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionDto {
    pub version: i64,
    pub created_by: Option<String>,
    pub created_at: String,
}

/// A policy's current version.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyDto {
    pub id: i64,
    pub version: i64,
    /// `draft`, `published` or `withdrawn`.
    pub status: String,
    pub title: String,
    pub title_en: Option<String>,
    pub issuer: String,
    pub issuer_en: Option<String>,
    /// `national`, `provincial`, `city` or `district`.
    pub level: String,
    pub document_number: Option<String>,
    pub source_url: Option<String>,
    pub valid_from: String,
    pub valid_to: Option<String>,
    /// `subsidy`, `reward`, `tax_relief`, `loan_interest`, `qualification` or `service_voucher`.
    pub benefit_type: String,
    pub amount_yuan: Option<i64>,
    /// CEL giving an estimated amount in yuan.
    pub amount_formula: Option<String>,
    pub amount_note: Option<String>,
    pub amount_note_en: Option<String>,
    /// Granted to every eligible enterprise without an application (免申即享).
    pub apply_free: bool,
    pub how_to_apply: Option<String>,
    pub how_to_apply_en: Option<String>,
    pub deadline: Option<String>,
    pub summary: Option<String>,
    pub summary_en: Option<String>,
    /// Figures not checked against the document: shown to users as provisional.
    pub provisional: bool,
    pub provisional_note: Option<String>,
    pub provisional_note_en: Option<String>,
    pub criteria: Vec<CriterionDto>,
    /// For staff: what to look at in the expressions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<WarningDto>,
    /// For staff: every version, newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<VersionDto>,
    pub updated_at: String,
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl PolicyDto {
    pub fn of(id: i64, version: i64, status: &str, terms: &PolicyTerms, updated_at: i64) -> Self {
        let t = terms.clone();
        PolicyDto {
            id,
            version,
            status: status.to_owned(),
            title: t.title,
            title_en: t.title_en,
            issuer: t.issuer,
            issuer_en: t.issuer_en,
            level: t.level.code().to_owned(),
            document_number: t.document_number,
            source_url: t.source_url,
            valid_from: day(t.valid_from),
            valid_to: t.valid_to.map(day),
            benefit_type: t.benefit_type.code().to_owned(),
            amount_yuan: t.amount_yuan,
            amount_formula: t.amount_formula,
            amount_note: t.amount_note,
            amount_note_en: t.amount_note_en,
            apply_free: t.apply_free,
            how_to_apply: t.how_to_apply,
            how_to_apply_en: t.how_to_apply_en,
            deadline: t.deadline.map(day),
            summary: t.summary,
            summary_en: t.summary_en,
            provisional: t.provisional,
            provisional_note: t.provisional_note,
            provisional_note_en: t.provisional_note_en,
            criteria: t
                .criteria
                .into_iter()
                .map(|c| CriterionDto {
                    id: c.id,
                    label: c.label,
                    label_en: c.label_en,
                    expression: c.expression,
                    hint: c.hint,
                    hint_en: c.hint_en,
                })
                .collect(),
            warnings: vec![],
            versions: vec![],
            updated_at: crate::http::format::rfc3339(updated_at),
        }
    }

    pub fn of_summary(s: &PolicySummary) -> Self {
        Self::of(s.row.id, s.row.current_version, &s.row.status, &s.terms, s.row.updated_at)
    }

    pub fn of_view(v: &PolicyView, i18n: &I18n, facts: &FactCatalogue) -> Self {
        let mut dto = Self::of(v.row.id, v.row.current_version, &v.row.status, &v.terms, v.row.updated_at);
        dto.warnings = warnings(&v.warnings, &v.terms, i18n, facts);
        dto.versions = v
            .versions
            .iter()
            .map(|r| VersionDto {
                version: r.version,
                created_by: r.created_by_name.clone(),
                created_at: crate::http::format::rfc3339(r.created_at),
            })
            .collect();
        dto
    }
}

pub fn warnings(list: &AuthorWarnings, terms: &PolicyTerms, i18n: &I18n, facts: &FactCatalogue) -> Vec<WarningDto> {
    list.iter()
        .map(|(index, w)| {
            let criterion = index.and_then(|i| terms.criteria.get(i)).map(|c| c.id.clone());
            match w {
                Warning::UnknownFact { path } => WarningDto {
                    criterion,
                    code: "policy.unknown_fact".into(),
                    message: i18n.tf("en", "policy-unknown_fact", &[("path", path)]),
                    known: facts.facts.iter().map(|f| f.name.clone()).collect(),
                },
                Warning::NotBoolean { kind } => WarningDto {
                    criterion,
                    code: "policy.not_boolean".into(),
                    message: i18n.tf("en", "policy-not_boolean", &[("kind", kind)]),
                    known: vec![],
                },
            }
        })
        .collect()
}

/// A saved policy: where it is and what to look at.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicySaved {
    pub id: i64,
    pub version: i64,
    pub warnings: Vec<WarningDto>,
}

/// One criterion's outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionOutcome {
    pub id: String,
    pub label: String,
    /// true met, false not met, null unknown.
    pub met: Option<bool>,
    pub explanation: String,
    pub explanation_zh: String,
    /// Facts the platform (or the caller) did not give, by name.
    pub missing: Vec<String>,
    pub hint: Option<String>,
}

/// Where the facts stand on one policy.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyOutcome {
    pub policy_id: i64,
    /// The policy version evaluated.
    pub version: i64,
    pub title: String,
    /// false if any criterion is false, true if all are true, null otherwise.
    pub eligible: Option<bool>,
    /// `eligible`, `near` (one criterion missed), `not_yet` or `unknown`.
    pub standing: String,
    /// Estimated amount in yuan, where the policy gives one.
    pub amount_yuan: Option<f64>,
    pub apply_free: bool,
    pub deadline: Option<String>,
    pub provisional: bool,
    pub criteria: Vec<CriterionOutcome>,
}

impl PolicyOutcome {
    pub fn of(r: &PolicyResult, i18n: &I18n, facts: &FactCatalogue) -> Self {
        let terms = &r.policy.terms;
        PolicyOutcome {
            policy_id: r.policy.id,
            version: r.policy.version,
            title: terms.title.clone(),
            eligible: r.standing.eligible(),
            standing: r.standing.code().to_owned(),
            amount_yuan: r.amount_yuan,
            apply_free: terms.apply_free,
            deadline: terms.deadline.map(day),
            provisional: terms.provisional,
            criteria: r
                .criteria
                .iter()
                .map(|c| {
                    let def = &terms.criteria[c.index];
                    CriterionOutcome {
                        id: def.id.clone(),
                        label: def.label.clone(),
                        met: c.met,
                        explanation: explanation(i18n, "en", facts, c),
                        explanation_zh: explanation(i18n, "zh-CN", facts, c),
                        missing: c.missing.clone(),
                        hint: def.hint.clone(),
                    }
                })
                .collect(),
        }
    }
}

/// Results of an evaluation, eligible first.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluateResults {
    pub results: Vec<PolicyOutcome>,
}

/// One enterprise on a policy's list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListedEnterprise {
    pub enterprise_id: i64,
    pub name: String,
    pub industry_code: String,
    pub region_code: Option<String>,
    pub standing: String,
    pub amount_yuan: Option<f64>,
    /// When it was told of this version's apply-free benefit.
    pub notified_at: Option<String>,
}

impl ListedEnterprise {
    pub fn of(e: &Listed) -> Self {
        ListedEnterprise {
            enterprise_id: e.id,
            name: e.name.clone(),
            industry_code: e.industry_code.clone(),
            region_code: e.region_code.clone(),
            standing: e.standing.code().to_owned(),
            amount_yuan: e.amount_yuan,
            notified_at: e.notified_at.map(crate::http::format::rfc3339),
        }
    }
}

/// Every enterprise's standing on a policy's current version.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyEnterprises {
    pub policy_id: i64,
    pub version: i64,
    /// How many enterprises stand where, over all of them.
    pub counts: BTreeMap<String, usize>,
    pub items: Vec<ListedEnterprise>,
}

pub fn counts(c: &BTreeMap<Standing, usize>) -> BTreeMap<String, usize> {
    Standing::ALL.iter().map(|s| (s.code().to_owned(), c.get(s).copied().unwrap_or(0))).collect()
}

/// One group's count of eligible enterprises among all of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupCount {
    pub key: String,
    pub eligible: usize,
    pub enterprises: usize,
}

/// Counts only: what government users see.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyAggregates {
    pub policy_id: i64,
    pub version: i64,
    pub enterprises: usize,
    pub counts: BTreeMap<String, usize>,
    /// By region code (district).
    pub by_region: Vec<GroupCount>,
    /// By GB/T 4754 section letter.
    pub by_industry: Vec<GroupCount>,
}

/// How many enterprises were told.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notified {
    pub notified: usize,
}
