//! The policy pages: library, one policy, the editor with its test panel, an enterprise's
//! policies, the public calculator, and per policy the enterprises that qualify (with the XLSX
//! export and the apply-free notices) or, for government, their counts.

use crate::http::form::{Field, attach_errors, form};
use crate::http::format::done;
use crate::http::page::{PageCtx, PageError, Viewer, html, ok};
use crate::http::state::WebState;
use crate::policy::explain::{explanation, value_text};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value as Json, json};
use tandem_app::policy::engine::PolicyResult;
use tandem_app::policy::{self as uc, PolicySummary, TestFacts};
use tandem_app::{AppError, Page};
use tandem_domain::policy::{BenefitType, CriterionInput, Level, PolicyInput, PolicyStatus, PolicyTerms, Standing};
use tandem_domain::validation::FieldErrors;
use tandem_rules::FactCatalogue;

/// A date (Asia/Shanghai) of epoch seconds.
fn day_of(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch, 0)
        .map(|t| (t + chrono::Duration::hours(8)).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn level_label(c: &PageCtx, level: Level) -> String {
    c.t(&format!("policy-level-{}", level.code()))
}

fn benefit_label(c: &PageCtx, b: BenefitType) -> String {
    c.t(&format!("policy-benefit-{}", b.code()))
}

fn yuan(c: &PageCtx, amount: f64) -> String {
    if amount >= 10_000.0 {
        c.tf("policy-amount-wan", &[("n", &value_text(&json!((amount / 100.0).round() / 100.0)))])
    } else {
        c.tf("policy-amount-yuan", &[("n", &format!("{amount:.0}"))])
    }
}

fn pick_opt<'a>(c: &PageCtx, zh: &'a str, en: &'a Option<String>) -> &'a str {
    c.pick(zh, en.as_deref().filter(|s| !s.is_empty()).unwrap_or(zh))
}

/// A policy's terms as the pages show them.
pub struct TermsView {
    id: i64,
    title: String,
    issuer: String,
    level: String,
    benefit: String,
    document_number: String,
    source_url: String,
    valid: String,
    amount_note: String,
    how_to_apply: String,
    summary: String,
    deadline: String,
    apply_free: bool,
    provisional: bool,
    provisional_note: String,
    status: String,
    status_code: String,
}

fn terms_view(c: &PageCtx, id: i64, status: &str, t: &PolicyTerms) -> TermsView {
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    TermsView {
        id,
        title: pick_opt(c, &t.title, &t.title_en).to_owned(),
        issuer: pick_opt(c, &t.issuer, &t.issuer_en).to_owned(),
        level: level_label(c, t.level),
        benefit: benefit_label(c, t.benefit_type),
        document_number: t.document_number.clone().unwrap_or_default(),
        source_url: t.source_url.clone().unwrap_or_default(),
        valid: match t.valid_to {
            Some(to) => format!("{} – {}", day(t.valid_from), day(to)),
            None => c.tf("policy-valid-from", &[("from", &day(t.valid_from))]),
        },
        amount_note: pick_opt(c, t.amount_note.as_deref().unwrap_or(""), &t.amount_note_en).to_owned(),
        how_to_apply: pick_opt(c, t.how_to_apply.as_deref().unwrap_or(""), &t.how_to_apply_en).to_owned(),
        summary: pick_opt(c, t.summary.as_deref().unwrap_or(""), &t.summary_en).to_owned(),
        deadline: t.deadline.map(day).unwrap_or_default(),
        apply_free: t.apply_free,
        provisional: t.provisional,
        provisional_note: pick_opt(c, t.provisional_note.as_deref().unwrap_or(""), &t.provisional_note_en).to_owned(),
        status: c.t(&format!("policy-status-{status}")),
        status_code: status.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Library and one policy

#[derive(Template)]
#[template(path = "policy/library.html")]
struct LibraryPage<'a> {
    c: &'a PageCtx,
    rows: Vec<TermsView>,
    can_manage: bool,
    /// The viewer's own enterprise, whose standing page the library points to.
    own_enterprise: Option<i64>,
}

pub async fn library(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let c = &viewer.page;
    let rows = uc::list(&state.app, viewer.ctx.as_ref()).await.map_err(|e| c.error(e))?;
    let can_manage = viewer.ctx.as_ref().is_some_and(|x| x.actor.may(tandem_domain::access::Action::ManagePolicies));
    let rows = rows.iter().map(|s: &PolicySummary| terms_view(c, s.row.id, &s.row.status, &s.terms)).collect();
    let own_enterprise = viewer.ctx.as_ref().and_then(|x| x.actor.own_enterprises().first().copied());
    Ok(ok(&LibraryPage { c, rows, can_manage, own_enterprise }))
}

pub struct CriterionLine {
    label: String,
    expression: String,
    hint: String,
    warnings: Vec<String>,
}

pub struct VersionLine {
    version: i64,
    by: String,
    at: String,
}

#[derive(Template)]
#[template(path = "policy/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    t: TermsView,
    criteria: Vec<CriterionLine>,
    versions: Vec<VersionLine>,
    can_manage: bool,
    can_list: bool,
    can_count: bool,
    version_label: String,
}

fn warning_text(c: &PageCtx, w: &tandem_rules::Warning) -> String {
    match w {
        tandem_rules::Warning::UnknownFact { path } => c.tf("policy-unknown_fact", &[("path", path)]),
        tandem_rules::Warning::NotBoolean { kind } => c.tf("policy-not_boolean", &[("kind", kind)]),
    }
}

pub async fn show(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let c = &viewer.page;
    let v = uc::get(&state.app, viewer.ctx.as_ref(), id).await.map_err(|e| c.error(e))?;
    let may = |a| viewer.ctx.as_ref().is_some_and(|x| x.actor.may(a));
    use tandem_domain::access::Action;
    let criteria = v
        .terms
        .criteria
        .iter()
        .enumerate()
        .map(|(i, k)| CriterionLine {
            label: pick_opt(c, &k.label, &k.label_en).to_owned(),
            expression: k.expression.clone(),
            hint: pick_opt(c, k.hint.as_deref().unwrap_or(""), &k.hint_en).to_owned(),
            warnings: v.warnings.iter().filter(|(at, _)| *at == Some(i)).map(|(_, w)| warning_text(c, w)).collect(),
        })
        .collect();
    let versions = v
        .versions
        .iter()
        .map(|r| VersionLine {
            version: r.version,
            by: r.created_by_name.clone().unwrap_or_else(|| "—".into()),
            at: c.datetime(&r.created_at),
        })
        .collect();
    Ok(ok(&DetailPage {
        c,
        t: terms_view(c, v.row.id, &v.row.status, &v.terms),
        criteria,
        versions,
        can_manage: v.can_manage,
        can_list: may(Action::ViewPolicyLists),
        can_count: may(Action::ViewPolicyAggregates),
        version_label: c.tf("policy-version", &[("n", &v.row.current_version.to_string())]),
    }))
}

pub async fn step(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, step)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let (status, note) = match step.as_str() {
        "publish" => (PolicyStatus::Published, "policy-published"),
        "withdraw" => (PolicyStatus::Withdrawn, "policy-withdrawn"),
        "notify" => {
            let told = uc::notify_apply_free(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
            let to = format!("/policies/{id}/enterprises?status=eligible&notified={told}");
            return Ok(Redirect::to(&done(&to, "policy-notified")).into_response());
        }
        _ => return Err(c.error(AppError::NotFound)),
    };
    uc::set_status(&state.app, &ctx, id, status).await.map_err(|e| c.error(e))?;
    Ok(Redirect::to(&done(&format!("/policies/{id}"), note)).into_response())
}

// ---------------------------------------------------------------------------------------------
// The editor and its test panel

/// The criteria rows the editor shows at most.
const ROWS: usize = 8;
const CRITERION_FIELDS: [[&str; 6]; ROWS] = [
    ["c0_id", "c0_label", "c0_label_en", "c0_expression", "c0_hint", "c0_hint_en"],
    ["c1_id", "c1_label", "c1_label_en", "c1_expression", "c1_hint", "c1_hint_en"],
    ["c2_id", "c2_label", "c2_label_en", "c2_expression", "c2_hint", "c2_hint_en"],
    ["c3_id", "c3_label", "c3_label_en", "c3_expression", "c3_hint", "c3_hint_en"],
    ["c4_id", "c4_label", "c4_label_en", "c4_expression", "c4_hint", "c4_hint_en"],
    ["c5_id", "c5_label", "c5_label_en", "c5_expression", "c5_hint", "c5_hint_en"],
    ["c6_id", "c6_label", "c6_label_en", "c6_expression", "c6_hint", "c6_hint_en"],
    ["c7_id", "c7_label", "c7_label_en", "c7_expression", "c7_hint", "c7_hint_en"],
];

/// The editor's fields as typed, by name.
#[derive(Debug, Clone, Default)]
struct Typed(std::collections::HashMap<String, String>);

impl Typed {
    fn of(body: &[u8]) -> Self {
        let pairs: Vec<(String, String)> = form(body);
        let mut typed: std::collections::HashMap<String, String> = pairs.into_iter().collect();
        // A ticked box posts `<name>_1` (the shared checkbox field); read it as the flag.
        for flag in ["apply_free", "provisional"] {
            if typed.remove(&format!("{flag}_1")).is_some() {
                typed.insert(flag.to_owned(), "1".to_owned());
            }
        }
        Typed(typed)
    }

    fn get(&self, k: &str) -> String {
        self.0.get(k).cloned().unwrap_or_default()
    }

    fn of_terms(t: &PolicyTerms) -> Self {
        let mut m = std::collections::HashMap::new();
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut put = |k: &str, v: String| {
            m.insert(k.to_owned(), v);
        };
        put("title", t.title.clone());
        put("title_en", t.title_en.clone().unwrap_or_default());
        put("issuer", t.issuer.clone());
        put("issuer_en", t.issuer_en.clone().unwrap_or_default());
        put("level", t.level.code().to_owned());
        put("document_number", t.document_number.clone().unwrap_or_default());
        put("source_url", t.source_url.clone().unwrap_or_default());
        put("valid_from", day(t.valid_from));
        put("valid_to", t.valid_to.map(day).unwrap_or_default());
        put("benefit_type", t.benefit_type.code().to_owned());
        put("amount_yuan", t.amount_yuan.map(|a| a.to_string()).unwrap_or_default());
        put("amount_formula", t.amount_formula.clone().unwrap_or_default());
        put("amount_note", t.amount_note.clone().unwrap_or_default());
        put("amount_note_en", t.amount_note_en.clone().unwrap_or_default());
        put("apply_free", if t.apply_free { "1".into() } else { String::new() });
        put("how_to_apply", t.how_to_apply.clone().unwrap_or_default());
        put("how_to_apply_en", t.how_to_apply_en.clone().unwrap_or_default());
        put("deadline", t.deadline.map(day).unwrap_or_default());
        put("summary", t.summary.clone().unwrap_or_default());
        put("summary_en", t.summary_en.clone().unwrap_or_default());
        put("provisional", if t.provisional { "1".into() } else { String::new() });
        put("provisional_note", t.provisional_note.clone().unwrap_or_default());
        put("provisional_note_en", t.provisional_note_en.clone().unwrap_or_default());
        for (i, k) in t.criteria.iter().enumerate().take(ROWS) {
            let [id, label, label_en, expression, hint, hint_en] = CRITERION_FIELDS[i];
            put(id, k.id.clone());
            put(label, k.label.clone());
            put(label_en, k.label_en.clone().unwrap_or_default());
            put(expression, k.expression.clone());
            put(hint, k.hint.clone().unwrap_or_default());
            put(hint_en, k.hint_en.clone().unwrap_or_default());
        }
        Typed(m)
    }

    fn input(&self) -> PolicyInput {
        let g = |k: &str| self.get(k);
        PolicyInput {
            title: g("title"),
            title_en: g("title_en"),
            issuer: g("issuer"),
            issuer_en: g("issuer_en"),
            level: g("level"),
            document_number: g("document_number"),
            source_url: g("source_url"),
            valid_from: g("valid_from"),
            valid_to: g("valid_to"),
            benefit_type: g("benefit_type"),
            amount_yuan: g("amount_yuan"),
            amount_formula: g("amount_formula"),
            amount_note: g("amount_note"),
            amount_note_en: g("amount_note_en"),
            apply_free: !g("apply_free").is_empty(),
            how_to_apply: g("how_to_apply"),
            how_to_apply_en: g("how_to_apply_en"),
            deadline: g("deadline"),
            summary: g("summary"),
            summary_en: g("summary_en"),
            provisional: !g("provisional").is_empty(),
            provisional_note: g("provisional_note"),
            provisional_note_en: g("provisional_note_en"),
            // A row left wholly empty is not a criterion.
            criteria: CRITERION_FIELDS
                .iter()
                .map(|[id, label, label_en, expression, hint, hint_en]| CriterionInput {
                    id: g(id),
                    label: g(label),
                    label_en: g(label_en),
                    expression: g(expression),
                    hint: g(hint),
                    hint_en: g(hint_en),
                })
                .filter(|c| {
                    ![&c.id, &c.label, &c.label_en, &c.expression, &c.hint, &c.hint_en]
                        .iter()
                        .all(|v| v.trim().is_empty())
                })
                .collect(),
        }
    }
}

/// The domain's `criteria[i].field` as the editor names it (`c<i>_field`); the rows left out
/// as empty shift nothing, because the editor fills rows from the top.
fn editor_errors(errors: FieldErrors) -> FieldErrors {
    crate::http::form::renamed(errors, |parts| {
        let [head, field] = parts else { return None };
        let i = head.strip_prefix("criteria[")?.strip_suffix(']')?;
        Some(format!("c{i}_{field}"))
    })
}

pub struct CriterionRow {
    n: usize,
    fields: Vec<Field>,
}

pub struct FactLine {
    name: String,
    kind: &'static str,
    label: String,
}

#[derive(Template)]
#[template(path = "policy/editor.html")]
struct EditorPage<'a> {
    c: &'a PageCtx,
    title: String,
    action: String,
    test_action: String,
    back: String,
    terms: Vec<Field>,
    texts: Vec<Field>,
    criteria: Vec<CriterionRow>,
    has_errors: bool,
    unplaced: Vec<String>,
    enterprises: Vec<crate::http::form::Choice>,
    facts_json: String,
    facts: Vec<FactLine>,
    result: Option<ResultCard>,
    is_new: bool,
}

fn choice_list(pairs: Vec<(String, String)>, selected: &str) -> Vec<crate::http::form::Choice> {
    pairs
        .into_iter()
        .map(|(value, label)| crate::http::form::Choice { selected: value == selected, value, label })
        .collect()
}

#[allow(clippy::too_many_arguments)] // the editor's page is made of these parts
fn editor(
    c: &PageCtx,
    catalogue: &FactCatalogue,
    id: Option<i64>,
    typed: &Typed,
    errors: &FieldErrors,
    enterprises: Vec<(i64, String)>,
    result: Option<ResultCard>,
) -> Response {
    let g = |k: &str| typed.get(k);
    let levels: Vec<(String, String)> = Level::ALL.iter().map(|l| (l.code().to_owned(), level_label(c, *l))).collect();
    let benefits: Vec<(String, String)> =
        BenefitType::ALL.iter().map(|b| (b.code().to_owned(), benefit_label(c, *b))).collect();
    let flags: Vec<(String, String)> = vec![("1".into(), c.t("yes"))];
    let mut terms = vec![
        Field::new("title", c.t("policy-field-title"), &g("title")).required(),
        Field::new("title_en", c.t("policy-field-title_en"), &g("title_en")),
        Field::new("issuer", c.t("policy-field-issuer"), &g("issuer")).required(),
        Field::new("issuer_en", c.t("policy-field-issuer_en"), &g("issuer_en")),
        Field::new("level", c.t("policy-field-level"), &g("level")).required().choices(levels),
        Field::new("document_number", c.t("policy-field-document_number"), &g("document_number")),
        Field::new("source_url", c.t("policy-field-source_url"), &g("source_url")).kind("url"),
        Field::new("valid_from", c.t("policy-field-valid_from"), &g("valid_from")).kind("date").required(),
        Field::new("valid_to", c.t("policy-field-valid_to"), &g("valid_to")).kind("date"),
        Field::new("benefit_type", c.t("policy-field-benefit_type"), &g("benefit_type")).required().choices(benefits),
        Field::new("amount_yuan", c.t("policy-field-amount_yuan"), &g("amount_yuan")).kind("number"),
        Field::new("amount_formula", c.t("policy-field-amount_formula"), &g("amount_formula"))
            .hint(c.t("policy-hint-amount_formula")),
        Field::new("deadline", c.t("policy-field-deadline"), &g("deadline")).kind("date"),
        Field::new("apply_free", c.t("policy-field-apply_free"), "")
            .checkboxes(flags.clone(), &[g("apply_free")])
            .hint(c.t("policy-hint-apply_free")),
        Field::new("provisional", c.t("policy-field-provisional"), "")
            .checkboxes(flags, &[g("provisional")])
            .hint(c.t("policy-hint-provisional")),
    ];
    let mut texts = vec![
        Field::new("summary", c.t("policy-field-summary"), &g("summary")).kind("textarea"),
        Field::new("summary_en", c.t("policy-field-summary_en"), &g("summary_en")).kind("textarea"),
        Field::new("amount_note", c.t("policy-field-amount_note"), &g("amount_note")),
        Field::new("amount_note_en", c.t("policy-field-amount_note_en"), &g("amount_note_en")),
        Field::new("how_to_apply", c.t("policy-field-how_to_apply"), &g("how_to_apply")).kind("textarea"),
        Field::new("how_to_apply_en", c.t("policy-field-how_to_apply_en"), &g("how_to_apply_en")).kind("textarea"),
        Field::new("provisional_note", c.t("policy-field-provisional_note"), &g("provisional_note")),
        Field::new("provisional_note_en", c.t("policy-field-provisional_note_en"), &g("provisional_note_en")),
    ];
    // Rows filled so far and two blank ones, four at least.
    let filled = CRITERION_FIELDS.iter().rposition(|names| names.iter().any(|n| !g(n).trim().is_empty()));
    let shown = filled.map_or(4, |last| (last + 3).max(4)).min(ROWS);
    let errors = editor_errors(errors.clone());
    let mut criteria: Vec<CriterionRow> = CRITERION_FIELDS[..shown]
        .iter()
        .enumerate()
        .map(|(i, [id, label, label_en, expression, hint, hint_en])| CriterionRow {
            n: i + 1,
            fields: vec![
                Field::new(id, c.t("policy-field-criterion_id"), &g(id)).hint(c.t("policy-hint-criterion_id")),
                Field::new(label, c.t("policy-field-criterion_label"), &g(label)),
                Field::new(label_en, c.t("policy-field-criterion_label_en"), &g(label_en)),
                Field::new(expression, c.t("policy-field-expression"), &g(expression))
                    .kind("textarea")
                    .hint(c.t("policy-hint-expression")),
                Field::new(hint, c.t("policy-field-criterion_hint"), &g(hint)),
                Field::new(hint_en, c.t("policy-field-criterion_hint_en"), &g(hint_en)),
            ],
        })
        .collect();
    // Each group takes the errors of its own fields; the rest show above the form.
    attach_errors(c, &mut terms, &errors);
    attach_errors(c, &mut texts, &errors);
    for row in &mut criteria {
        attach_errors(c, &mut row.fields, &errors);
    }
    let placed: Vec<&str> =
        terms.iter().chain(texts.iter()).chain(criteria.iter().flat_map(|r| r.fields.iter())).map(|f| f.name).collect();
    let unplaced: Vec<String> = errors
        .0
        .iter()
        .filter(|e| !placed.contains(&e.field.as_str()))
        .map(|e| {
            let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            c.field_message(&e.code, &args)
        })
        .collect();
    let facts_json = typed
        .0
        .get("facts_json")
        .cloned()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| serde_json::to_string_pretty(&catalogue.examples()).unwrap_or_else(|_| "{}".into()));
    let page = EditorPage {
        c,
        title: if id.is_some() { c.t("policy-edit") } else { c.t("policy-new") },
        action: id.map_or_else(|| "/policies".to_owned(), |id| format!("/policies/{id}")),
        test_action: id.map_or_else(|| "/policies/test".to_owned(), |id| format!("/policies/{id}/test")),
        back: id.map_or_else(|| "/policies".to_owned(), |id| format!("/policies/{id}")),
        terms,
        texts,
        criteria,
        has_errors: !errors.is_empty(),
        unplaced,
        enterprises: choice_list(
            enterprises.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
            &g("test_enterprise"),
        ),
        facts_json,
        facts: catalogue
            .facts
            .iter()
            .map(|f| FactLine {
                name: f.name.clone(),
                kind: f.kind.code(),
                label: c.pick(&f.label_zh, &f.label_en).to_owned(),
            })
            .collect(),
        result,
        is_new: id.is_none(),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    html(status, &page)
}

async fn enterprise_choices(state: &WebState, ctx: &tandem_app::Ctx) -> Result<Vec<(i64, String)>, AppError> {
    let filter = tandem_app::records::EnterpriseFilter::default();
    let (rows, _) = tandem_app::org::list_enterprises(&state.app, ctx, &filter, Page::new(1, 200)).await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}

pub async fn new_form(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    state.app.authorize(&ctx, tandem_domain::access::Action::ManagePolicies).await.map_err(|e| c.error(e))?;
    let choices = enterprise_choices(&state, &ctx).await.map_err(|e| c.error(e))?;
    Ok(editor(c, &state.app.facts, None, &Typed::default(), &FieldErrors::new(), choices, None))
}

pub async fn edit_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let v = uc::get(&state.app, Some(&ctx), id).await.map_err(|e| c.error(e))?;
    if !v.can_manage {
        return Err(c.error(AppError::Forbidden));
    }
    let choices = enterprise_choices(&state, &ctx).await.map_err(|e| c.error(e))?;
    Ok(editor(c, &state.app.facts, Some(id), &Typed::of_terms(&v.terms), &FieldErrors::new(), choices, None))
}

async fn save(state: &WebState, viewer: Viewer, id: Option<i64>, body: &[u8]) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let typed = Typed::of(body);
    let input = typed.input();
    let publish = typed.get("publish") == "1";
    let saved = match id {
        None => uc::create(&state.app, &ctx, &input, publish).await,
        Some(id) => uc::update(&state.app, &ctx, id, &input).await,
    };
    match saved {
        Ok(s) => Ok(Redirect::to(&done(&format!("/policies/{}", s.id), "policy-saved")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let choices = enterprise_choices(state, &ctx).await.map_err(|e| c.error(e))?;
            Ok(editor(c, &state.app.facts, id, &typed, &errors, choices, None))
        }
        Err(e) => Err(c.error(e)),
    }
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    save(&state, viewer.with_section("policies"), None, &body).await
}

pub async fn update(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let id = crate::http::page::path_id(&viewer, &id)?;
    save(&state, viewer, Some(id), &body).await
}

async fn test(state: &WebState, viewer: Viewer, id: Option<i64>, body: &[u8]) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let typed = Typed::of(body);
    let input = typed.input();
    let source = match typed.get("test_enterprise").trim().parse::<i64>() {
        Ok(enterprise) => TestFacts::Enterprise(enterprise),
        Err(_) => match serde_json::from_str::<Json>(&typed.get("facts_json")) {
            Ok(json) => TestFacts::Typed(json),
            Err(_) => {
                let mut e = FieldErrors::new();
                e.add("facts_json", "json.malformed");
                let choices = enterprise_choices(state, &ctx).await.map_err(|e| c.error(e))?;
                return Ok(editor(c, &state.app.facts, id, &typed, &e, choices, None));
            }
        },
    };
    let tested = uc::test(&state.app, &ctx, &input, &source).await;
    let choices = enterprise_choices(state, &ctx).await.map_err(|e| c.error(e))?;
    match tested {
        Ok(r) => {
            let card = result_card(c, &state.app.facts, &r);
            Ok(editor(c, &state.app.facts, id, &typed, &FieldErrors::new(), choices, Some(card)))
        }
        Err(AppError::Invalid(errors)) => Ok(editor(c, &state.app.facts, id, &typed, &errors, choices, None)),
        Err(e) => Err(c.error(e)),
    }
}

pub async fn test_new(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    test(&state, viewer.with_section("policies"), None, &body).await
}

pub async fn test_edit(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let id = crate::http::page::path_id(&viewer, &id)?;
    test(&state, viewer, Some(id), &body).await
}

// ---------------------------------------------------------------------------------------------
// Results: an enterprise's policies and the calculator

pub struct CriterionCard {
    mark: &'static str,
    state: &'static str,
    label: String,
    explanation: String,
    hint: String,
}

pub struct ResultCard {
    t: TermsView,
    standing: &'static str,
    standing_label: String,
    amount: String,
    criteria: Vec<CriterionCard>,
}

fn result_card(c: &PageCtx, facts: &FactCatalogue, r: &PolicyResult) -> ResultCard {
    let terms = &r.policy.terms;
    ResultCard {
        t: terms_view(c, r.policy.id, r.policy.status.code(), terms),
        standing: r.standing.code(),
        standing_label: c.t(&format!("policy-standing-{}", r.standing.code())),
        amount: r.amount_yuan.map(|a| yuan(c, a)).unwrap_or_default(),
        criteria: r
            .criteria
            .iter()
            .map(|k| {
                let def = &terms.criteria[k.index];
                let (mark, state) = match k.met {
                    Some(true) => ("✓", "met"),
                    Some(false) => ("✗", "missed"),
                    None => ("?", "unknown"),
                };
                CriterionCard {
                    mark,
                    state,
                    label: pick_opt(c, &def.label, &def.label_en).to_owned(),
                    explanation: explanation(&c.i18n, c.lang, facts, k),
                    hint: if k.met == Some(true) {
                        String::new()
                    } else {
                        pick_opt(c, def.hint.as_deref().unwrap_or(""), &def.hint_en).to_owned()
                    },
                }
            })
            .collect(),
    }
}

/// The results grouped as a reader looks for them.
pub struct ResultGroups {
    eligible: Vec<ResultCard>,
    near: Vec<ResultCard>,
    unknown: Vec<ResultCard>,
    not_yet: Vec<ResultCard>,
    apply_free: Vec<String>,
    total_amount: String,
}

fn groups(c: &PageCtx, facts: &FactCatalogue, results: &[PolicyResult]) -> ResultGroups {
    let cards = |s: Standing| results.iter().filter(|r| r.standing == s).map(|r| result_card(c, facts, r)).collect();
    let total: f64 = results.iter().filter(|r| r.standing == Standing::Eligible).filter_map(|r| r.amount_yuan).sum();
    ResultGroups {
        eligible: cards(Standing::Eligible),
        near: cards(Standing::Near),
        unknown: cards(Standing::Unknown),
        not_yet: cards(Standing::NotYet),
        apply_free: results
            .iter()
            .filter(|r| r.standing == Standing::Eligible && r.policy.terms.apply_free)
            .map(|r| pick_opt(c, &r.policy.terms.title, &r.policy.terms.title_en).to_owned())
            .collect(),
        total_amount: if total > 0.0 { yuan(c, total) } else { String::new() },
    }
}

pub struct FactValue {
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "policy/standing.html")]
struct StandingPage<'a> {
    c: &'a PageCtx,
    enterprise_id: i64,
    name: String,
    facts: Vec<FactValue>,
    missing: Vec<String>,
    confirmed: String,
    g: ResultGroups,
}

pub async fn of_enterprise(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let s = uc::of_enterprise(&state.app, &ctx, id, None).await.map_err(|e| c.error(e))?;
    let catalogue = &state.app.facts;
    let given = &s.enterprise.facts;
    let at = |path: &str| path.split('.').try_fold(given, |v, part| v.get(part));
    let mut facts = vec![];
    let mut missing = vec![];
    for f in &catalogue.facts {
        match at(&f.name) {
            Some(v) => {
                facts.push(FactValue { label: c.pick(&f.label_zh, &f.label_en).to_owned(), value: value_text(v) })
            }
            None => missing.push(c.pick(&f.label_zh, &f.label_en).to_owned()),
        }
    }
    let confirmed = s
        .enterprise
        .confirmed
        .iter()
        .map(|(group, at)| c.tf(&format!("policy-confirmed-{group}"), &[("date", &day_of(*at))]))
        .collect::<Vec<_>>()
        .join(" · ");
    Ok(ok(&StandingPage {
        c,
        enterprise_id: id,
        name: s.enterprise.name.clone(),
        facts,
        missing,
        confirmed,
        g: groups(c, catalogue, &s.results),
    }))
}

/// The calculator's few figures, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CalculatorQuery {
    employees: String,
    revenue_wan: String,
    total_assets_wan: String,
    rd_expense_wan: String,
    rd_staff: String,
    founded_on: String,
    region_code: String,
    industry_code: String,
    invention_patents: String,
    class2_ip_items: String,
    tier: String,
}

impl CalculatorQuery {
    fn is_empty(&self) -> bool {
        [
            &self.employees,
            &self.revenue_wan,
            &self.total_assets_wan,
            &self.rd_expense_wan,
            &self.rd_staff,
            &self.founded_on,
            &self.region_code,
            &self.industry_code,
            &self.invention_patents,
            &self.class2_ip_items,
            &self.tier,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    /// The facts the figures give, as the platform would derive them; errors by field.
    fn facts(
        &self,
        reference: &tandem_domain::reference::Reference,
        today: chrono::NaiveDate,
    ) -> Result<Json, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut enterprise = serde_json::Map::new();
        let int = |e: &mut FieldErrors, field: &str, raw: &str| -> Option<i64> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<i64>() {
                Ok(n) if (0..=10_000_000_000).contains(&n) => Some(n),
                _ => {
                    e.add(field, "not_a_whole_number");
                    None
                }
            }
        };
        let amount = |e: &mut FieldErrors, field: &str, raw: &str| -> Option<f64> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
                _ => {
                    e.add(field, "not_an_amount");
                    None
                }
            }
        };
        let employees = int(&mut e, "employees", &self.employees);
        let revenue = amount(&mut e, "revenue_wan", &self.revenue_wan);
        let assets = amount(&mut e, "total_assets_wan", &self.total_assets_wan);
        let rd = amount(&mut e, "rd_expense_wan", &self.rd_expense_wan);
        let rd_staff = int(&mut e, "rd_staff", &self.rd_staff);
        if let Some(n) = employees {
            enterprise.insert("employees".into(), json!(n));
        }
        if let Some(x) = revenue {
            enterprise.insert("revenue_wan".into(), json!(x));
        }
        if let Some(x) = assets {
            enterprise.insert("total_assets_wan".into(), json!(x));
        }
        if let Some(x) = rd {
            enterprise.insert("rd_expense_wan".into(), json!(x));
            if let Some(r) = revenue.filter(|r| *r > 0.0) {
                enterprise.insert("rd_intensity_pct".into(), json!((x * 10_000.0 / r).round() / 100.0));
            }
        }
        if let (Some(s), Some(n)) = (rd_staff, employees.filter(|n| *n > 0)) {
            enterprise.insert("rd_staff_pct".into(), json!((s as f64 * 10_000.0 / n as f64).round() / 100.0));
        }
        if !self.founded_on.trim().is_empty() {
            match chrono::NaiveDate::parse_from_str(self.founded_on.trim(), "%Y-%m-%d") {
                Ok(d) if d <= today => {
                    enterprise.insert("founded_on".into(), json!(format!("{d}T00:00:00Z")));
                    enterprise.insert("age_years".into(), json!(i64::from(today.years_since(d).unwrap_or(0))));
                }
                _ => e.add("founded_on", "date.invalid"),
            }
        }
        let region = self.region_code.trim();
        if !region.is_empty() {
            if region.len() == 6 && reference.region(region).is_some() {
                enterprise.insert("region_code".into(), json!(region));
                enterprise.insert("province_code".into(), json!(format!("{}0000", &region[..2])));
                enterprise.insert("city_code".into(), json!(format!("{}00", &region[..4])));
                if &region[2..4] != "00" && &region[4..] != "00" {
                    enterprise.insert("district_code".into(), json!(region));
                }
            } else {
                e.add("region_code", "region.unknown");
            }
        }
        let industry = self.industry_code.trim().to_ascii_uppercase();
        if !industry.is_empty() {
            if reference.industry(&industry).is_some() {
                enterprise.insert("industry_section".into(), json!(industry.chars().take(1).collect::<String>()));
                enterprise.insert("industry_code".into(), json!(industry));
            } else {
                e.add("industry_code", "industry.unknown");
            }
        }
        let figures = tandem_domain::org::SizeFigures {
            employees,
            revenue_fen: revenue.map(|x| (x * 1_000_000.0).round() as i64),
            assets_fen: assets.map(|x| (x * 1_000_000.0).round() as i64),
        };
        if !industry.is_empty()
            && let Ok(size) = tandem_domain::org::classify(reference, &industry, &figures)
        {
            enterprise.insert("size_class".into(), json!(size.class.code()));
        }
        let mut root = serde_json::Map::new();
        root.insert("enterprise".into(), Json::Object(enterprise));
        let mut ip = serde_json::Map::new();
        if let Some(n) = int(&mut e, "invention_patents", &self.invention_patents) {
            ip.insert("invention_patents".into(), json!(n));
        }
        if let Some(n) = int(&mut e, "class2_ip_items", &self.class2_ip_items) {
            ip.insert("class2_ip_items".into(), json!(n));
        }
        if !ip.is_empty() {
            root.insert("ip".into(), Json::Object(ip));
        }
        match self.tier.trim() {
            "" => {}
            t @ ("none" | "innovative" | "srdi" | "little_giant") => {
                let rank = ["none", "innovative", "srdi", "little_giant"].iter().position(|x| *x == t).unwrap_or(0);
                root.insert("ladder".into(), json!({"tier": t, "rank": rank}));
            }
            _ => e.add("tier", "policy.unknown_tier"),
        }
        e.into_result(Json::Object(root))
    }
}

#[derive(Template)]
#[template(path = "policy/calculator.html")]
struct CalculatorPage<'a> {
    c: &'a PageCtx,
    fields: Vec<Field>,
    has_errors: bool,
    asked: bool,
    g: Option<ResultGroups>,
}

pub async fn calculator(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<CalculatorQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let c = &viewer.page;
    let app = &state.app;
    let regions: Vec<(String, String)> = app
        .reference
        .regions
        .iter()
        .filter(|r| r.code.starts_with("21"))
        .map(|r| (r.code.clone(), format!("{} {}", r.code, c.pick(&r.name_zh, &r.name_en))))
        .collect();
    let tiers: Vec<(String, String)> = ["none", "innovative", "srdi", "little_giant"]
        .iter()
        .map(|t| ((*t).to_owned(), c.t(&format!("policy-tier-{t}"))))
        .collect();
    let mut fields = vec![
        Field::new("employees", c.t("field-employees"), &q.employees).kind("number"),
        Field::new("revenue_wan", c.t("field-operating_revenue_wan"), &q.revenue_wan).hint(c.t("hint-wan")),
        Field::new("total_assets_wan", c.t("field-total_assets_wan"), &q.total_assets_wan).hint(c.t("hint-wan")),
        Field::new("rd_expense_wan", c.t("field-rd_expense_wan"), &q.rd_expense_wan).hint(c.t("hint-wan")),
        Field::new("rd_staff", c.t("field-rd_staff"), &q.rd_staff).kind("number"),
        Field::new("founded_on", c.t("field-founded_on"), &q.founded_on).kind("date"),
        Field::new("region_code", c.t("field-region_code"), &q.region_code).choices(regions),
        Field::new("industry_code", c.t("field-industry_code"), &q.industry_code).hint(c.t("policy-hint-industry")),
        Field::new("invention_patents", c.t("field-invention_patents"), &q.invention_patents).kind("number"),
        Field::new("class2_ip_items", c.t("field-class2_ip_items"), &q.class2_ip_items).kind("number"),
        Field::new("tier", c.t("policy-field-tier"), &q.tier).choices(tiers),
    ];
    if q.is_empty() {
        return Ok(ok(&CalculatorPage { c, fields, has_errors: false, asked: false, g: None }));
    }
    let today = app.clock.now().date_naive();
    match q.facts(&app.reference, today) {
        Err(errors) => {
            attach_errors(c, &mut fields, &errors);
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                &CalculatorPage { c, fields, has_errors: true, asked: true, g: None },
            ))
        }
        Ok(facts) => {
            let results = uc::calculate(app, &facts, None).await.map_err(|e| c.error(e))?;
            let g = groups(c, &app.facts, &results);
            Ok(ok(&CalculatorPage { c, fields, has_errors: false, asked: true, g: Some(g) }))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Staff lists and government counts

pub struct ListedLine {
    id: i64,
    name: String,
    region: String,
    industry: String,
    standing: &'static str,
    standing_label: String,
    amount: String,
    notified: String,
}

pub struct Tab {
    code: &'static str,
    label: String,
    count: usize,
    current: bool,
}

#[derive(Template)]
#[template(path = "policy/enterprises.html")]
struct EnterprisesPage<'a> {
    c: &'a PageCtx,
    t: TermsView,
    version_label: String,
    tabs: Vec<Tab>,
    all: usize,
    status: String,
    rows: Vec<ListedLine>,
    shown: usize,
    shown_label: String,
    can_notify: bool,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
}

const SHOWN_AT_MOST: usize = 500;

pub async fn enterprises(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let only = Standing::from_code(q.status.trim());
    let list = uc::enterprises(&state.app, &ctx, id, only).await.map_err(|e| c.error(e))?;
    let policy = &list.policy;
    let tabs = Standing::ALL
        .iter()
        .map(|s| Tab {
            code: s.code(),
            label: c.t(&format!("policy-standing-{}", s.code())),
            count: list.counts.get(s).copied().unwrap_or(0),
            current: only == Some(*s),
        })
        .collect();
    let rows: Vec<ListedLine> = list
        .enterprises
        .iter()
        .take(SHOWN_AT_MOST)
        .map(|e| ListedLine {
            id: e.id,
            name: e.name.clone(),
            region: e
                .region_code
                .as_deref()
                .and_then(|r| state.app.reference.region(r))
                .map_or_else(|| "—".to_owned(), |r| c.pick(&r.name_zh, &r.name_en).to_owned()),
            industry: e.industry_code.clone(),
            standing: e.standing.code(),
            standing_label: c.t(&format!("policy-standing-{}", e.standing.code())),
            amount: e.amount_yuan.map(|a| yuan(c, a)).unwrap_or_default(),
            notified: e.notified_at.map(day_of).unwrap_or_default(),
        })
        .collect();
    Ok(ok(&EnterprisesPage {
        c,
        t: terms_view(c, policy.id, policy.status.code(), &policy.terms),
        version_label: c.tf("policy-version", &[("n", &policy.version.to_string())]),
        tabs,
        all: list.counts.values().sum(),
        status: only.map(|s| s.code().to_owned()).unwrap_or_default(),
        shown: rows.len(),
        shown_label: c.tf("policy-shown-of", &[("shown", &rows.len().to_string())]),
        rows,
        can_notify: policy.terms.apply_free && policy.status == PolicyStatus::Published,
    }))
}

pub async fn enterprises_xlsx(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let only = Standing::from_code(q.status.trim());
    let list = uc::enterprises(&state.app, &ctx, id, only).await.map_err(|e| c.error(e))?;
    let headers = vec![
        c.t("col-name"),
        c.t("field-region_code"),
        c.t("field-industry_code"),
        c.t("policy-standing"),
        c.t("policy-amount-estimate"),
        c.t("policy-notified-at"),
    ];
    let rows: Vec<Vec<String>> = list
        .enterprises
        .iter()
        .map(|e| {
            vec![
                e.name.clone(),
                e.region_code.clone().unwrap_or_default(),
                e.industry_code.clone(),
                c.t(&format!("policy-standing-{}", e.standing.code())),
                e.amount_yuan.map(|a| format!("{a:.0}")).unwrap_or_default(),
                e.notified_at.map(day_of).unwrap_or_default(),
            ]
        })
        .collect();
    let bytes = crate::export::xlsx(&c.t("policy-enterprises-title"), &headers, &rows)
        .map_err(|e| c.error(AppError::Unexpected(e)))?;
    let filename = format!("policy-{id}-v{}-{}.xlsx", list.policy.version, only.map_or("all", |s| s.code()));
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        bytes,
    )
        .into_response())
}

pub struct CountLine {
    label: String,
    eligible: usize,
    enterprises: usize,
}

#[derive(Template)]
#[template(path = "policy/aggregates.html")]
struct AggregatesPage<'a> {
    c: &'a PageCtx,
    t: TermsView,
    total: usize,
    standings: Vec<Tab>,
    regions: Vec<CountLine>,
    sections: Vec<CountLine>,
}

pub async fn aggregates(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("policies");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let (policy, a) = uc::aggregates(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let reference = &state.app.reference;
    Ok(ok(&AggregatesPage {
        c,
        t: terms_view(c, policy.id, policy.status.code(), &policy.terms),
        total: a.total,
        standings: Standing::ALL
            .iter()
            .map(|s| Tab {
                code: s.code(),
                label: c.t(&format!("policy-standing-{}", s.code())),
                count: a.by_standing.get(s).copied().unwrap_or(0),
                current: false,
            })
            .collect(),
        regions: a
            .by_region
            .iter()
            .map(|(code, eligible, n)| CountLine {
                label: reference
                    .region(code)
                    .map_or_else(|| code.clone(), |r| format!("{code} {}", c.pick(&r.name_zh, &r.name_en))),
                eligible: *eligible,
                enterprises: *n,
            })
            .collect(),
        sections: a
            .by_section
            .iter()
            .map(|(code, eligible, n)| CountLine {
                label: reference
                    .section(code)
                    .map_or_else(|| code.clone(), |s| format!("{code} {}", c.pick(&s.name_zh, &s.name_en))),
                eligible: *eligible,
                enterprises: *n,
            })
            .collect(),
    }))
}
