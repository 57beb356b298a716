//! Diagnosis pages: fill in an instrument over one or more sittings, then read the result with
//! its explanations, a radar chart, the improvement opportunities and progress over time.

use crate::diagnosis::explain;
use crate::http::form::Choice;
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::AppError;
use tandem_app::diagnosis::{self as uc, AssessmentForm};
use tandem_domain::diagnosis::form::{FormValues, first, form_values_of};
use tandem_domain::diagnosis::instrument::{Instrument, Scoring};
use tandem_domain::validation::FieldErrors;

pub fn title(c: &PageCtx, i: &Instrument) -> String {
    c.pick(&i.title_zh, &i.title_en).to_owned()
}

pub struct Part {
    key: String,
    label: String,
    unit: String,
    value: String,
}

pub struct Question {
    id: String,
    name: String,
    unit: String,
    hint: String,
    /// `number`, `choice`, `multi` or `pair`.
    kind: &'static str,
    value: String,
    choices: Vec<Choice>,
    parts: Vec<Part>,
    error: Option<String>,
}

pub struct GroupView {
    name: String,
    max_label: String,
    questions: Vec<Question>,
}

#[derive(Template)]
#[template(path = "diagnosis/form.html")]
struct FormPage<'a> {
    c: &'a PageCtx,
    title: String,
    enterprise_id: i64,
    enterprise_name: String,
    action: String,
    provisional: bool,
    source: String,
    confidence: String,
    note: String,
    groups: Vec<GroupView>,
    has_errors: bool,
}

fn error_for(c: &PageCtx, errors: &FieldErrors, id: &str) -> Option<String> {
    errors
        .0
        .iter()
        .find(|e| e.field == id || e.field.starts_with(&format!("{id}.")))
        .map(|e| c.field_message(&e.code, &[]))
}

/// The unit as the reader writes it (`years` is 年 in Chinese); points and levels need none.
fn unit_label(c: &PageCtx, unit: Option<&str>) -> String {
    match unit {
        None | Some("points" | "level") => String::new(),
        Some(u) => {
            let key = format!("unit-{u}");
            if c.i18n.has(c.lang, &key) { c.t(&key) } else { u.to_owned() }
        }
    }
}

/// `part` of `whole` as a percentage with one decimal (maturity indices).
fn percent(part: u32, whole: u32) -> String {
    explain::num((f64::from(part) * 1000.0 / f64::from(whole.max(1))).round() / 10.0)
}

fn period_text(c: &PageCtx, period: &str) -> String {
    let key = format!("diag-period-{period}");
    if c.i18n.has(c.lang, &key) { c.t(&key) } else { String::new() }
}

fn questions_page<'a>(
    c: &'a PageCtx,
    form: &AssessmentForm,
    action: String,
    typed: &FormValues,
    errors: &FieldErrors,
) -> FormPage<'a> {
    let i = form.instrument;
    let mut groups: Vec<GroupView> = i
        .groups
        .iter()
        .map(|g| GroupView {
            name: c.pick(&g.name_zh, &g.name_en).to_owned(),
            max_label: c.tf("diag-points-max", &[("max", &explain::points(i, g.max))]),
            questions: i
                .indicators
                .iter()
                .filter(|ind| ind.group == g.id)
                .map(|ind| {
                    let (kind, choices, parts) = match &ind.scoring {
                        Scoring::Choice { choices } | Scoring::Multi { choices, .. } => {
                            let chosen = typed.get(&ind.id).cloned().unwrap_or_default();
                            let list = choices
                                .iter()
                                .map(|o| Choice {
                                    value: o.value.clone(),
                                    label: c.pick(&o.label_zh, &o.label_en).to_owned(),
                                    selected: chosen.contains(&o.value),
                                })
                                .collect();
                            (
                                if matches!(ind.scoring, Scoring::Multi { .. }) { "multi" } else { "choice" },
                                list,
                                vec![],
                            )
                        }
                        Scoring::BestOf { parts } => (
                            "pair",
                            vec![],
                            parts
                                .iter()
                                .map(|p| Part {
                                    key: p.key.clone(),
                                    label: c.pick(&p.name_zh, &p.name_en).to_owned(),
                                    unit: p.unit.clone(),
                                    value: first(typed, &format!("{}.{}", ind.id, p.key)).to_owned(),
                                })
                                .collect(),
                        ),
                        _ => ("number", vec![], vec![]),
                    };
                    let range = match (ind.input.min, ind.input.max) {
                        (Some(lo), Some(hi)) if kind == "number" => {
                            c.tf("diag-range", &[("min", &explain::num(lo)), ("max", &explain::num(hi))])
                        }
                        _ => String::new(),
                    };
                    let hint = [
                        period_text(c, &ind.period),
                        range,
                        c.tf("diag-points-max", &[("max", &explain::points(i, ind.max))]),
                    ]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ");
                    Question {
                        id: ind.id.clone(),
                        name: c.pick(&ind.name_zh, &ind.name_en).to_owned(),
                        unit: unit_label(c, ind.unit.as_deref()),
                        hint,
                        kind,
                        value: first(typed, &ind.id).to_owned(),
                        choices,
                        parts,
                        error: error_for(c, errors, &ind.id),
                    }
                })
                .collect(),
        })
        .collect();
    let ratings: Vec<&tandem_domain::diagnosis::instrument::Fact> =
        i.facts.iter().filter(|f| f.kind == "level").collect();
    if !ratings.is_empty() {
        groups.push(GroupView {
            name: c.t("diag-ratings"),
            max_label: String::new(),
            questions: ratings
                .iter()
                .map(|f| Question {
                    id: f.id.clone(),
                    name: c.pick(&f.name_zh, &f.name_en).to_owned(),
                    unit: String::new(),
                    hint: c.t("diag-rating-hint"),
                    kind: "choice",
                    value: first(typed, &f.id).to_owned(),
                    choices: (1..=4)
                        .map(|n| Choice {
                            value: n.to_string(),
                            label: n.to_string(),
                            selected: first(typed, &f.id) == n.to_string(),
                        })
                        .collect(),
                    parts: vec![],
                    error: error_for(c, errors, &f.id),
                })
                .collect(),
        });
    }
    if i.facts.iter().any(|f| f.kind != "level") {
        let gates = i.indicators.is_empty();
        groups.push(GroupView {
            name: c.t(if gates { "diag-gates" } else { "diag-facts" }),
            max_label: String::new(),
            questions: i
                .facts
                .iter()
                .filter(|f| f.kind != "level")
                .map(|f| {
                    let boolean = f.kind == "boolean";
                    let value = first(typed, &f.id).to_owned();
                    let choices = if boolean {
                        ["yes", "no"]
                            .iter()
                            .map(|v| Choice { value: (*v).into(), label: c.t(v), selected: value == *v })
                            .collect()
                    } else {
                        vec![]
                    };
                    Question {
                        id: f.id.clone(),
                        name: c.pick(&f.name_zh, &f.name_en).to_owned(),
                        unit: unit_label(c, f.unit.as_deref()),
                        hint: c.t(if gates { "diag-gate-hint" } else { "diag-fact-hint" }),
                        kind: if boolean { "choice" } else { "number" },
                        value,
                        choices,
                        parts: vec![],
                        error: error_for(c, errors, &f.id),
                    }
                })
                .collect(),
        });
    }
    FormPage {
        c,
        title: title(c, i),
        enterprise_id: form.enterprise_id,
        enterprise_name: form.enterprise_name.clone(),
        action,
        provisional: i.provisional,
        source: i.source.clone(),
        confidence: i.confidence.clone(),
        note: c.pick(&i.note_zh, &i.note_en).to_owned(),
        groups,
        has_errors: !errors.is_empty(),
    }
}

fn parse_typed(body: &[u8]) -> (FormValues, bool) {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let mut typed = FormValues::new();
    let mut submit = false;
    for (k, v) in pairs {
        if k == "action" {
            submit = v == "submit";
        } else {
            typed.entry(k).or_default().push(v);
        }
    }
    (typed, submit)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    instrument: String,
}

pub async fn new_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let form = uc::new_assessment(&state.app, &ctx, id, &q.instrument).await.map_err(|e| viewer.page.error(e))?;
    let action = format!("/enterprises/{id}/assessments?instrument={}", form.instrument.id);
    Ok(ok(&questions_page(&viewer.page, &form, action, &form.values, &FieldErrors::new())))
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<NewQuery>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let (typed, submit) = parse_typed(&body);
    match uc::create_from_form(&state.app, &ctx, id, &q.instrument, &typed, submit).await {
        Ok(aid) => {
            let code = if submit { "assessment.submitted" } else { "assessment.saved" };
            Ok(Redirect::to(&crate::http::format::done(&format!("/assessments/{aid}"), code)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let form =
                uc::new_assessment(&state.app, &ctx, id, &q.instrument).await.map_err(|e| viewer.page.error(e))?;
            let action = format!("/enterprises/{id}/assessments?instrument={}", form.instrument.id);
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &questions_page(&viewer.page, &form, action, &typed, &errors)))
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn update(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let (typed, submit) = parse_typed(&body);
    match uc::update_from_form(&state.app, &ctx, id, &typed, submit).await {
        Ok(()) => {
            let code = if submit { "assessment.submitted" } else { "assessment.saved" };
            Ok(Redirect::to(&crate::http::format::done(&format!("/assessments/{id}"), code)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let form = uc::draft_form(&state.app, &ctx, id).await.map_err(|e| viewer.page.error(e))?;
            let action = format!("/assessments/{id}");
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &questions_page(&viewer.page, &form, action, &typed, &errors)))
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub struct Row {
    id: String,
    name: String,
    explanation: String,
    points: String,
    max: String,
}

pub struct CondLine {
    text: String,
    class: &'static str,
    mark: &'static str,
    state: String,
}

pub struct HistoryRow {
    id: i64,
    date: String,
    total: i64,
    change: String,
    baseline: bool,
    current: bool,
}

#[derive(Template)]
#[template(path = "diagnosis/result.html")]
struct ResultPage<'a> {
    c: &'a PageCtx,
    id: i64,
    title: String,
    enterprise_id: i64,
    enterprise_name: String,
    provisional: bool,
    source: String,
    confidence: String,
    submitted: String,
    total: String,
    max_total: String,
    scored: bool,
    level: Option<String>,
    ratings: Vec<(String, String)>,
    verdict: &'static str,
    verdict_text: String,
    missing: String,
    conditions: Vec<CondLine>,
    radar: String,
    groups: Vec<(String, String, String)>,
    rows: Vec<Row>,
    /// (indicator name, its code, what would gain points)
    opportunities: Vec<(String, String, String)>,
    history: Vec<HistoryRow>,
    /// (dimension, share in percent, helpers as "name (tags)").
    help: Vec<(String, String, Vec<String>)>,
}

pub async fn show(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: i64 = id.parse().map_err(|_| c.error(AppError::NotFound))?;
    let page = uc::assessment_page(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let (v, i) = (&page.view, page.instrument);
    let Some(r) = &v.result else {
        // A draft: the form again, with what was saved so far.
        let form = AssessmentForm {
            instrument: i,
            enterprise_id: v.row.enterprise_id,
            enterprise_name: v.row.enterprise_name.clone(),
            values: form_values_of(&v.answers),
        };
        let page = questions_page(c, &form, format!("/assessments/{id}"), &form.values, &FieldErrors::new());
        return Ok(ok(&page));
    };
    let i18n = &state.i18n;
    let rows = r
        .indicators
        .iter()
        .filter_map(|s| {
            let ind = i.indicator(&s.id)?;
            Some(Row {
                id: s.id.clone(),
                name: c.pick(&ind.name_zh, &ind.name_en).to_owned(),
                explanation: explain::explanation(i18n, c.lang, i, ind, s),
                points: explain::points(i, s.points),
                max: explain::points(i, s.max),
            })
        })
        .collect();
    let named: Vec<(String, u32, u32)> = r
        .groups
        .iter()
        .map(|g| {
            (i.group(&g.id).map(|d| c.pick(&d.name_zh, &d.name_en).to_owned()).unwrap_or_default(), g.points, g.max)
        })
        .collect();
    let radar = crate::chart::radar(
        &named.iter().map(|(n, p, m)| (n.clone(), f64::from(*p) / f64::from((*m).max(1)))).collect::<Vec<_>>(),
    );
    // A model with no pass rule grades or scores; it has no verdict to wait for.
    let (verdict, verdict_text) = match (r.passed, i.pass.is_some()) {
        (Some(true), _) => ("passed", c.t("diag-passed")),
        (Some(false), _) => ("failed", c.t("diag-failed")),
        (None, true) => ("unknown", c.t("diag-undetermined")),
        (None, false) => ("none", c.t("diag-no-verdict")),
    };
    let missing = if r.missing_facts.is_empty() {
        String::new()
    } else {
        c.tf("diag-missing-facts", &[("facts", &r.missing_facts.join(", "))])
    };
    let conditions = r
        .conditions
        .iter()
        .map(|cond| {
            let (class, mark) = match (cond.holds, cond.needed) {
                (Some(true), _) => ("yes", "✓"),
                (_, false) => ("skip", "–"),
                (Some(false), true) => ("no", "✗"),
                (None, true) => ("unknown", "?"),
            };
            let state = c.t(&format!("diag-cond-{class}"));
            CondLine { text: explain::condition_text(i18n, c.lang, i, &cond.rule), class, mark, state }
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    let opportunities = r
        .opportunities
        .iter()
        .map(|o| {
            let name = i.indicator(&o.indicator).map(|ind| c.pick(&ind.name_zh, &ind.name_en).to_owned());
            (name.unwrap_or_default(), o.indicator.clone(), explain::opportunity_text(i18n, c.lang, i, o))
        })
        .collect();
    let help = page
        .recommendations
        .into_iter()
        .map(|r| {
            let name = i.group(&r.group).map(|g| c.pick(&g.name_zh, &g.name_en).to_owned()).unwrap_or_default();
            let helpers = r.helpers.into_iter().map(|h| format!("{}（{}）", h.name, h.matched.join("、"))).collect();
            (name, format!("{:.0}%", r.share * 100.0), helpers)
        })
        .collect();
    let past = page.history;
    let mut history = Vec::new();
    let mut previous: Option<i64> = None;
    for (n, h) in past.iter().enumerate() {
        let total = h.total.unwrap_or(0);
        history.push(HistoryRow {
            id: h.id,
            date: h.submitted_at.map(|t| c.datetime(&t)).unwrap_or_default(),
            total,
            change: previous.map(|p| format!("{:+}", total - p)).unwrap_or_else(|| "—".into()),
            baseline: n == 0,
            current: h.id == id,
        });
        previous = Some(total);
    }
    let page = ResultPage {
        c,
        id,
        title: title(c, i),
        enterprise_id: v.row.enterprise_id,
        enterprise_name: v.row.enterprise_name.clone(),
        provisional: i.provisional,
        source: i.source.clone(),
        confidence: i.confidence.clone(),
        submitted: v.row.submitted_at.map(|t| c.datetime(&t)).unwrap_or_default(),
        total: if i.report_percent { percent(r.total, r.max_total) } else { explain::points(i, r.total) },
        max_total: if i.report_percent { "100".into() } else { explain::points(i, r.max_total) },
        scored: r.max_total > 0,
        level: if i.levels.is_empty() {
            None
        } else {
            Some(
                r.level
                    .as_ref()
                    .and_then(|id| i.levels.iter().find(|l| &l.id == id))
                    .map(|l| c.pick(&l.name_zh, &l.name_en).to_owned())
                    .unwrap_or_else(|| c.t("diag-level-none")),
            )
        },
        ratings: i
            .facts
            .iter()
            .filter(|f| f.kind == "level")
            .map(|f| {
                let v = v
                    .answers
                    .get(&f.id)
                    .and_then(serde_json::Value::as_f64)
                    .map(explain::num)
                    .unwrap_or_else(|| "—".into());
                (c.pick(&f.name_zh, &f.name_en).to_owned(), v)
            })
            .collect(),
        verdict,
        verdict_text,
        missing,
        conditions,
        radar,
        groups: named
            .iter()
            .map(|(n, p, m)| {
                if i.report_percent {
                    (n.clone(), percent(*p, *m), "100".into())
                } else {
                    (n.clone(), explain::points(i, *p), explain::points(i, *m))
                }
            })
            .collect(),
        rows,
        opportunities,
        history,
        help,
    };
    Ok(ok(&page))
}
