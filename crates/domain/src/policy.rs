//! Support policies (惠企政策) and what an enterprise's eligibility for one is.
//!
//! A policy is a versioned document: its terms (issuer, level, validity, benefit, amount) and
//! its criteria, each a named CEL expression over documented facts. Compiling the expressions
//! is the app's job (the CEL interpreter lives in its own crate); here are the terms' rules
//! and how criteria outcomes combine into a verdict.

use crate::validation::{FieldErrors, has_control_characters, optional_text, required_date, required_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Provincial,
    City,
    District,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::National, Level::Provincial, Level::City, Level::District];

    pub fn code(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Provincial => "provincial",
            Level::City => "city",
            Level::District => "district",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BenefitType {
    Subsidy,
    Reward,
    TaxRelief,
    LoanInterest,
    Qualification,
    ServiceVoucher,
}

impl BenefitType {
    pub const ALL: [BenefitType; 6] = [
        BenefitType::Subsidy,
        BenefitType::Reward,
        BenefitType::TaxRelief,
        BenefitType::LoanInterest,
        BenefitType::Qualification,
        BenefitType::ServiceVoucher,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BenefitType::Subsidy => "subsidy",
            BenefitType::Reward => "reward",
            BenefitType::TaxRelief => "tax_relief",
            BenefitType::LoanInterest => "loan_interest",
            BenefitType::Qualification => "qualification",
            BenefitType::ServiceVoucher => "service_voucher",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }
}

/// Where a policy is in its life: only published ones are evaluated for enterprises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyStatus {
    Draft,
    Published,
    Withdrawn,
}

impl PolicyStatus {
    pub fn code(self) -> &'static str {
        match self {
            PolicyStatus::Draft => "draft",
            PolicyStatus::Published => "published",
            PolicyStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [PolicyStatus::Draft, PolicyStatus::Published, PolicyStatus::Withdrawn].into_iter().find(|s| s.code() == code)
    }
}

pub const MAX_CRITERIA: usize = 20;
const MAX_AMOUNT_YUAN: i64 = 100_000_000_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CriterionInput {
    pub id: String,
    pub label: String,
    pub label_en: String,
    pub expression: String,
    pub hint: String,
    pub hint_en: String,
}

/// A policy as sent, every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyInput {
    pub title: String,
    pub title_en: String,
    pub issuer: String,
    pub issuer_en: String,
    pub level: String,
    pub document_number: String,
    pub source_url: String,
    pub valid_from: String,
    pub valid_to: String,
    pub benefit_type: String,
    pub amount_yuan: String,
    pub amount_formula: String,
    pub amount_note: String,
    pub amount_note_en: String,
    pub apply_free: bool,
    pub how_to_apply: String,
    pub how_to_apply_en: String,
    pub deadline: String,
    pub summary: String,
    pub summary_en: String,
    pub provisional: bool,
    pub provisional_note: String,
    pub provisional_note_en: String,
    pub criteria: Vec<CriterionInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub label_en: Option<String>,
    pub expression: String,
    #[serde(default)]
    pub hint: Option<String>,
    #[serde(default)]
    pub hint_en: Option<String>,
}

/// One version of a policy's terms, as stored and evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyTerms {
    pub title: String,
    #[serde(default)]
    pub title_en: Option<String>,
    pub issuer: String,
    #[serde(default)]
    pub issuer_en: Option<String>,
    pub level: Level,
    #[serde(default)]
    pub document_number: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    pub benefit_type: BenefitType,
    #[serde(default)]
    pub amount_yuan: Option<i64>,
    /// A CEL expression over the facts giving an estimated amount in yuan.
    #[serde(default)]
    pub amount_formula: Option<String>,
    #[serde(default)]
    pub amount_note: Option<String>,
    #[serde(default)]
    pub amount_note_en: Option<String>,
    pub apply_free: bool,
    #[serde(default)]
    pub how_to_apply: Option<String>,
    #[serde(default)]
    pub how_to_apply_en: Option<String>,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub summary_en: Option<String>,
    /// Shown to users as "provisional" until the figures are checked against the document.
    pub provisional: bool,
    #[serde(default)]
    pub provisional_note: Option<String>,
    #[serde(default)]
    pub provisional_note_en: Option<String>,
    pub criteria: Vec<Criterion>,
}

impl PolicyTerms {
    /// Whether the policy is in force on `day`.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }
}

fn optional_day(e: &mut FieldErrors, field: &str, raw: &str) -> Option<NaiveDate> {
    if raw.trim().is_empty() { None } else { required_date(e, field, raw) }
}

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks a policy's terms; the criteria's expressions are checked by the caller, which
/// compiles them. Field names of criteria are `criteria[i].<field>`.
pub fn parse_policy(input: &PolicyInput) -> Result<PolicyTerms, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = required_text(&mut e, "title", &input.title, 200);
    let title_en = optional_text(&mut e, "title_en", &input.title_en, 300);
    let issuer = required_text(&mut e, "issuer", &input.issuer, 200);
    let issuer_en = optional_text(&mut e, "issuer_en", &input.issuer_en, 300);
    let level = match Level::from_code(input.level.trim()) {
        Some(l) => Some(l),
        None if input.level.trim().is_empty() => {
            e.add("level", "required");
            None
        }
        None => {
            e.add("level", "policy.unknown_level");
            None
        }
    };
    let document_number = optional_text(&mut e, "document_number", &input.document_number, 100);
    let source_url = optional_text(&mut e, "source_url", &input.source_url, 500);
    if let Some(url) = &source_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        e.add("source_url", "policy.source_not_a_link");
    }
    let valid_from = required_date(&mut e, "valid_from", &input.valid_from);
    let valid_to = optional_day(&mut e, "valid_to", &input.valid_to);
    if let (Some(from), Some(to)) = (valid_from, valid_to)
        && to < from
    {
        e.add("valid_to", "policy.ends_before_start");
    }
    let benefit_type = match BenefitType::from_code(input.benefit_type.trim()) {
        Some(b) => Some(b),
        None if input.benefit_type.trim().is_empty() => {
            e.add("benefit_type", "required");
            None
        }
        None => {
            e.add("benefit_type", "policy.unknown_benefit");
            None
        }
    };
    let amount_yuan = match input.amount_yuan.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(n) if (0..=MAX_AMOUNT_YUAN).contains(&n) => Some(n),
            Ok(_) => {
                e.add_with("amount_yuan", "out_of_range", &[("min", "0".into()), ("max", MAX_AMOUNT_YUAN.to_string())]);
                None
            }
            Err(_) => {
                e.add("amount_yuan", "not_a_whole_number");
                None
            }
        },
    };
    let amount_formula = optional_text(&mut e, "amount_formula", &input.amount_formula, 2000);
    let amount_note = optional_text(&mut e, "amount_note", &input.amount_note, 300);
    let amount_note_en = optional_text(&mut e, "amount_note_en", &input.amount_note_en, 400);
    let how_to_apply = optional_text(&mut e, "how_to_apply", &input.how_to_apply, 2000);
    let how_to_apply_en = optional_text(&mut e, "how_to_apply_en", &input.how_to_apply_en, 3000);
    let deadline = optional_day(&mut e, "deadline", &input.deadline);
    let summary = optional_text(&mut e, "summary", &input.summary, 2000);
    let summary_en = optional_text(&mut e, "summary_en", &input.summary_en, 3000);
    let provisional_note = optional_text(&mut e, "provisional_note", &input.provisional_note, 500);
    let provisional_note_en = optional_text(&mut e, "provisional_note_en", &input.provisional_note_en, 800);

    if input.criteria.is_empty() {
        e.add("criteria", "policy.no_criteria");
    } else if input.criteria.len() > MAX_CRITERIA {
        e.add_with("criteria", "policy.too_many_criteria", &[("max", MAX_CRITERIA.to_string())]);
    }
    let mut criteria = Vec::with_capacity(input.criteria.len());
    for (i, c) in input.criteria.iter().enumerate().take(MAX_CRITERIA) {
        let field = |name: &str| format!("criteria[{i}].{name}");
        let id = c.id.trim().to_owned();
        if id.is_empty() {
            e.add(&field("id"), "required");
        } else if id.len() > 40 || !is_id(&id) {
            e.add(&field("id"), "policy.criterion_id_format");
        } else if input.criteria[..i].iter().any(|earlier| earlier.id.trim() == id) {
            e.add_with(&field("id"), "policy.criterion_id_repeated", &[("id", id.clone())]);
        }
        let label = required_text(&mut e, &field("label"), &c.label, 200);
        let label_en = optional_text(&mut e, &field("label_en"), &c.label_en, 300);
        let expression = c.expression.trim().to_owned();
        if expression.is_empty() {
            e.add(&field("expression"), "required");
        } else if has_control_characters(&expression) {
            e.add(&field("expression"), "control_characters");
        }
        let hint = optional_text(&mut e, &field("hint"), &c.hint, 500);
        let hint_en = optional_text(&mut e, &field("hint_en"), &c.hint_en, 800);
        criteria.push(Criterion { id, label, label_en, expression, hint, hint_en });
    }
    let (Some(level), Some(valid_from), Some(benefit_type)) = (level, valid_from, benefit_type) else {
        return Err(e);
    };
    e.into_result(PolicyTerms {
        title,
        title_en,
        issuer,
        issuer_en,
        level,
        document_number,
        source_url,
        valid_from,
        valid_to,
        benefit_type,
        amount_yuan,
        amount_formula,
        amount_note,
        amount_note_en,
        apply_free: input.apply_free,
        how_to_apply,
        how_to_apply_en,
        deadline,
        summary,
        summary_en,
        provisional: input.provisional,
        provisional_note,
        provisional_note_en,
        criteria,
    })
}

/// Reads a policy sent as JSON (the API's body, the demo file): text fields are strings (or
/// null), `amount_yuan` a whole number, `apply_free` and `provisional` booleans, `criteria` a
/// list of objects. A value of the wrong JSON type is a field error; unknown keys are ignored.
pub fn input_from_json(body: &serde_json::Value) -> Result<PolicyInput, FieldErrors> {
    use serde_json::Value;
    let mut e = FieldErrors::new();
    let Some(obj) = body.as_object() else {
        e.add("body", "not_an_object");
        return Err(e);
    };
    fn text(e: &mut FieldErrors, obj: &serde_json::Map<String, Value>, key: &str, field: &str) -> String {
        match obj.get(key) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                e.add(field, "not_a_string");
                String::new()
            }
        }
    }
    fn flag(e: &mut FieldErrors, obj: &serde_json::Map<String, Value>, key: &str) -> bool {
        match obj.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                e.add(key, "not_a_boolean");
                false
            }
        }
    }
    let mut input = PolicyInput {
        title: text(&mut e, obj, "title", "title"),
        title_en: text(&mut e, obj, "title_en", "title_en"),
        issuer: text(&mut e, obj, "issuer", "issuer"),
        issuer_en: text(&mut e, obj, "issuer_en", "issuer_en"),
        level: text(&mut e, obj, "level", "level"),
        document_number: text(&mut e, obj, "document_number", "document_number"),
        source_url: text(&mut e, obj, "source_url", "source_url"),
        valid_from: text(&mut e, obj, "valid_from", "valid_from"),
        valid_to: text(&mut e, obj, "valid_to", "valid_to"),
        benefit_type: text(&mut e, obj, "benefit_type", "benefit_type"),
        amount_formula: text(&mut e, obj, "amount_formula", "amount_formula"),
        amount_note: text(&mut e, obj, "amount_note", "amount_note"),
        amount_note_en: text(&mut e, obj, "amount_note_en", "amount_note_en"),
        apply_free: flag(&mut e, obj, "apply_free"),
        how_to_apply: text(&mut e, obj, "how_to_apply", "how_to_apply"),
        how_to_apply_en: text(&mut e, obj, "how_to_apply_en", "how_to_apply_en"),
        deadline: text(&mut e, obj, "deadline", "deadline"),
        summary: text(&mut e, obj, "summary", "summary"),
        summary_en: text(&mut e, obj, "summary_en", "summary_en"),
        provisional: flag(&mut e, obj, "provisional"),
        provisional_note: text(&mut e, obj, "provisional_note", "provisional_note"),
        provisional_note_en: text(&mut e, obj, "provisional_note_en", "provisional_note_en"),
        ..PolicyInput::default()
    };
    input.amount_yuan = match obj.get("amount_yuan") {
        None | Some(Value::Null) => String::new(),
        Some(Value::Number(n)) if n.is_i64() => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            e.add("amount_yuan", "not_a_whole_number");
            String::new()
        }
    };
    match obj.get("criteria") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let Some(c) = item.as_object() else {
                    e.add(&format!("criteria[{i}]"), "not_an_object");
                    continue;
                };
                let f = |name: &str| format!("criteria[{i}].{name}");
                input.criteria.push(CriterionInput {
                    id: text(&mut e, c, "id", &f("id")),
                    label: text(&mut e, c, "label", &f("label")),
                    label_en: text(&mut e, c, "label_en", &f("label_en")),
                    expression: text(&mut e, c, "expression", &f("expression")),
                    hint: text(&mut e, c, "hint", &f("hint")),
                    hint_en: text(&mut e, c, "hint_en", &f("hint_en")),
                });
            }
        }
        Some(_) => e.add("criteria", "not_a_list"),
    }
    e.into_result(input)
}

/// Where an enterprise stands on one policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Every criterion is met.
    Eligible,
    /// Exactly one criterion is not met, every other one is.
    Near,
    /// At least one criterion is not met (and it is not a near miss).
    NotYet,
    /// None is unmet, but some could not be decided for want of facts.
    Unknown,
}

impl Standing {
    pub const ALL: [Standing; 4] = [Standing::Eligible, Standing::Near, Standing::NotYet, Standing::Unknown];

    pub fn code(self) -> &'static str {
        match self {
            Standing::Eligible => "eligible",
            Standing::Near => "near",
            Standing::NotYet => "not_yet",
            Standing::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// From the criteria's outcomes (`None`: unknown).
    pub fn of(outcomes: &[Option<bool>]) -> Standing {
        let unmet = outcomes.iter().filter(|o| **o == Some(false)).count();
        let unknown = outcomes.iter().filter(|o| o.is_none()).count();
        match (unmet, unknown) {
            (0, 0) => Standing::Eligible,
            (0, _) => Standing::Unknown,
            (1, 0) => Standing::Near,
            _ => Standing::NotYet,
        }
    }

    /// The API's `eligible`: false if any criterion is false, true if all are true, else null.
    pub fn eligible(self) -> Option<bool> {
        match self {
            Standing::Eligible => Some(true),
            Standing::Near | Standing::NotYet => Some(false),
            Standing::Unknown => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> PolicyInput {
        PolicyInput {
            title: "高新技术企业认定".into(),
            issuer: "科技部 财政部 国家税务总局".into(),
            level: "national".into(),
            valid_from: "2016-01-01".into(),
            benefit_type: "tax_relief".into(),
            criteria: vec![CriterionInput {
                id: "founded_one_year".into(),
                label: "注册成立一年以上".into(),
                expression: "enterprise.age_years >= 1".into(),
                ..CriterionInput::default()
            }],
            ..PolicyInput::default()
        }
    }

    fn codes(input: &PolicyInput) -> Vec<(String, String)> {
        parse_policy(input).expect_err("invalid").0.into_iter().map(|f| (f.field, f.code)).collect()
    }

    #[test]
    fn a_complete_policy_parses() {
        let p = parse_policy(&valid()).expect("valid");
        assert_eq!((p.level, p.benefit_type, p.criteria.len()), (Level::National, BenefitType::TaxRelief, 1));
        assert!(p.in_force(NaiveDate::from_ymd_opt(2026, 12, 7).expect("date")));
    }

    #[test]
    fn every_fault_is_named_by_field() {
        let mut p = valid();
        p.level = "county".into();
        p.valid_to = "2015-12-31".into();
        p.benefit_type = "cash".into();
        p.source_url = "www.gov.cn".into();
        p.amount_yuan = "-5".into();
        p.criteria.push(CriterionInput {
            id: "founded_one_year".into(),
            label: "重复".into(),
            expression: "true".into(),
            ..Default::default()
        });
        p.criteria.push(CriterionInput {
            id: "Bad Id".into(),
            label: "".into(),
            expression: " ".into(),
            ..Default::default()
        });
        assert_eq!(
            codes(&p),
            vec![
                ("level".to_owned(), "policy.unknown_level".to_owned()),
                ("source_url".into(), "policy.source_not_a_link".into()),
                ("valid_to".into(), "policy.ends_before_start".into()),
                ("benefit_type".into(), "policy.unknown_benefit".into()),
                ("amount_yuan".into(), "out_of_range".into()),
                ("criteria[1].id".into(), "policy.criterion_id_repeated".into()),
                ("criteria[2].id".into(), "policy.criterion_id_format".into()),
                ("criteria[2].label".into(), "required".into()),
                ("criteria[2].expression".into(), "required".into()),
            ]
        );
        let mut none = valid();
        none.criteria.clear();
        assert_eq!(codes(&none), vec![("criteria".to_owned(), "policy.no_criteria".to_owned())]);
    }

    #[test]
    fn standing_follows_the_unmet_and_unknown_criteria() {
        assert_eq!(Standing::of(&[Some(true), Some(true)]), Standing::Eligible);
        assert_eq!(Standing::of(&[Some(true), None]), Standing::Unknown);
        assert_eq!(Standing::of(&[Some(false), Some(true)]), Standing::Near);
        assert_eq!(Standing::of(&[Some(false), None]), Standing::NotYet);
        assert_eq!(Standing::of(&[Some(false), Some(false)]), Standing::NotYet);
        assert_eq!(Standing::Unknown.eligible(), None);
        assert_eq!(Standing::Near.eligible(), Some(false));
    }
}
