//! The propositions board, the form an enterprise writes one in, and one proposition with its
//! timeline and the steps the reader may take.

use super::words::{range, trl_choices, trl_label, trl_note};
use crate::http::form::{Choice, Field, PER_PAGE, Pager, form, form_response, page_number, renamed, wan_field};
use crate::http::format::{done, query_string};
use crate::http::page::{PageCtx, PageError, Viewer, html, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::research::{self as uc, PropositionFilter, PropositionRow};
use tandem_app::{AppError, Page};
use tandem_domain::money::format_fen_as_wan;
use tandem_domain::research::{PropositionInput, Status, Step};
use tandem_domain::validation::FieldErrors;

fn status_label(c: &PageCtx, code: &str) -> String {
    c.t(&format!("proposition-status-{code}"))
}

fn budget(c: &PageCtx, min: Option<i64>, max: Option<i64>) -> String {
    range(c, min, max, "—".into())
}

pub struct Line {
    id: i64,
    title: String,
    enterprise: String,
    trl: String,
    budget: String,
    deadline: String,
    status: String,
    status_code: String,
}

fn line(c: &PageCtx, r: &PropositionRow) -> Line {
    Line {
        id: r.id,
        title: r.title.clone(),
        enterprise: r.enterprise_name.clone(),
        trl: r.trl.map(|l| format!("TRL {l}")).unwrap_or_else(|| "—".into()),
        budget: budget(c, r.budget_min_fen, r.budget_max_fen),
        deadline: r.deadline.clone(),
        status: status_label(c, &r.status),
        status_code: r.status.clone(),
    }
}

#[derive(Template)]
#[template(path = "research/board.html")]
struct BoardPage<'a> {
    c: &'a PageCtx,
    rows: Vec<Line>,
    pager: Pager,
    q: String,
    statuses: Vec<Choice>,
    may_write: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct BoardQuery {
    q: String,
    status: String,
    page: Option<String>,
}

pub async fn board(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<BoardQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let status = Status::from_code(&q.status).map(|s| s.code().to_owned());
    let filter = PropositionFilter { q: Some(q.q.clone()), status: status.clone(), ..PropositionFilter::default() };
    let board = uc::board_page(&state.app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let query = query_string(&[("q", &q.q), ("status", status.as_deref().unwrap_or(""))]);
    let shown: Vec<Status> =
        if board.screens || !board.may_write_for.is_empty() { Status::ALL.to_vec() } else { vec![Status::Published] };
    Ok(ok(&BoardPage {
        c,
        rows: board.rows.iter().map(|r| line(c, r)).collect(),
        pager: Pager::new(c, "/propositions", &query, page.page, page.per_page, board.total),
        q: q.q,
        statuses: shown
            .into_iter()
            .map(|s| Choice {
                value: s.code().into(),
                label: status_label(c, s.code()),
                selected: status.as_deref() == Some(s.code()),
            })
            .collect(),
        may_write: !board.may_write_for.is_empty(),
    }))
}

/// The form as typed: budgets in 万元, keywords separated by commas.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct PropositionForm {
    enterprise_id: String,
    title: String,
    summary: String,
    confidential: String,
    budget_min_wan: String,
    budget_max_wan: String,
    deadline: String,
    trl: String,
    keywords: String,
    industry_code: String,
}

impl PropositionForm {
    /// The use case's input, or the fields that are not numbers at all.
    fn input(&self) -> Result<PropositionInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let budget_min_fen = wan_field(&mut e, "budget_min_wan", &self.budget_min_wan);
        let budget_max_fen = wan_field(&mut e, "budget_max_wan", &self.budget_max_wan);
        let trl = self.trl.trim().parse::<i64>().ok();
        let input = PropositionInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            confidential: self.confidential.clone(),
            budget_min_fen,
            budget_max_fen,
            deadline: self.deadline.clone(),
            trl,
            keywords: vec![self.keywords.clone()],
            industry_code: self.industry_code.clone(),
        };
        e.into_result(input)
    }
}

/// The domain names budgets in fen; the form shows them in 万元.
fn form_errors(errors: FieldErrors) -> FieldErrors {
    renamed(errors, |parts| match parts {
        ["budget_min_fen"] => Some("budget_min_wan".into()),
        ["budget_max_fen"] => Some("budget_max_wan".into()),
        _ => None,
    })
}

fn proposition_form(
    c: &PageCtx,
    enterprises: Option<Vec<(i64, String)>>,
    f: &PropositionForm,
    errors: &FieldErrors,
    action: String,
    title: String,
    back: (String, String),
) -> Response {
    let mut fields = vec![];
    if let Some(list) = enterprises {
        fields.push(
            Field::new("enterprise_id", c.t("proposition-enterprise"), &f.enterprise_id)
                .required()
                .choices(list.into_iter().map(|(id, name)| (id.to_string(), name)).collect()),
        );
    }
    let levels = trl_choices(c);
    fields.extend([
        Field::new("title", c.t("proposition-title"), &f.title).required(),
        Field::new("summary", c.t("proposition-summary"), &f.summary)
            .kind("textarea")
            .required()
            .hint(c.t("proposition-summary-hint")),
        Field::new("confidential", c.t("proposition-confidential"), &f.confidential)
            .kind("textarea")
            .hint(c.t("proposition-confidential-hint")),
        Field::new("budget_min_wan", c.t("proposition-budget-min"), &f.budget_min_wan).hint(c.t("unit-wan")),
        Field::new("budget_max_wan", c.t("proposition-budget-max"), &f.budget_max_wan).hint(c.t("unit-wan")),
        Field::new("deadline", c.t("proposition-deadline"), &f.deadline).kind("date").required(),
        Field::new("trl", c.t("proposition-trl"), &f.trl).choices(levels).hint(c.t("proposition-trl-hint")),
        Field::new("keywords", c.t("proposition-keywords"), &f.keywords).hint(c.t("proposition-keywords-hint")),
        Field::new("industry_code", c.t("field-industry_code"), &f.industry_code)
            .hint(c.t("proposition-industry-hint")),
    ]);
    form_response(c, title, action, back, fields, errors)
}

pub async fn new_form(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let enterprises = uc::writable_enterprises(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    if enterprises.is_empty() {
        return Err(c.error(AppError::Forbidden));
    }
    let f = PropositionForm {
        enterprise_id: if enterprises.len() == 1 { enterprises[0].0.to_string() } else { String::new() },
        ..PropositionForm::default()
    };
    let back = ("/propositions".to_owned(), c.t("propositions-title"));
    Ok(proposition_form(
        c,
        Some(enterprises),
        &f,
        &FieldErrors::new(),
        "/propositions".into(),
        c.t("proposition-new"),
        back,
    ))
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: PropositionForm = form(&body);
    let back = ("/propositions".to_owned(), c.t("propositions-title"));
    let refused = |errors: FieldErrors, enterprises: Vec<(i64, String)>| {
        proposition_form(
            c,
            Some(enterprises),
            &f,
            &form_errors(errors),
            "/propositions".into(),
            c.t("proposition-new"),
            back.clone(),
        )
    };
    let enterprises = uc::writable_enterprises(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let Some(enterprise_id) =
        f.enterprise_id.trim().parse::<i64>().ok().filter(|id| enterprises.iter().any(|(e, _)| e == id))
    else {
        let mut errors = FieldErrors::new();
        errors.add("enterprise_id", "required");
        return Ok(refused(errors, enterprises));
    };
    let input = match f.input() {
        Ok(input) => input,
        Err(errors) => return Ok(refused(errors, enterprises)),
    };
    match uc::create(&state.app, &ctx, enterprise_id, &input).await {
        Ok(id) => Ok(Redirect::to(&done(&format!("/propositions/{id}"), "proposition-created")).into_response()),
        Err(AppError::Invalid(errors)) => Ok(refused(errors, enterprises)),
        Err(e) => Err(c.error(e)),
    }
}

pub struct TimelineLine {
    step: String,
    reason: Option<String>,
    by: String,
    at: String,
}

#[derive(Template)]
#[template(path = "research/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    id: i64,
    title: String,
    enterprise: String,
    status: String,
    status_code: String,
    facts: Vec<(String, String)>,
    keywords: Vec<String>,
    summary: String,
    confidential: Option<String>,
    may_see_details: bool,
    may_edit: bool,
    /// (step code, label, whether it takes a reason, whether the reason is required)
    steps: Vec<(&'static str, String, bool, bool)>,
    timeline: Vec<TimelineLine>,
    trl_note: String,
    step_error: Option<String>,
    proposals: Vec<ProposalLine>,
    may_propose: bool,
    /// Whether the reader sees every proposal (the enterprise, staff) or only their own team's.
    sees_all_proposals: bool,
}

pub struct ProposalLine {
    id: i64,
    lead: String,
    unit: String,
    budget: String,
    status: String,
    status_code: String,
}

pub async fn show(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    detail(&state, &viewer, id, None).await
}

/// The proposition's page; `step_error` says why a step just taken was refused.
async fn detail(state: &WebState, viewer: &Viewer, id: i64, step_error: Option<String>) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let v = uc::get(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let r = &v.row;
    let industry = r
        .industry_code
        .as_deref()
        .map(|code| crate::org::enterprises::pages::industry_label(c, &state.app, code))
        .unwrap_or_else(|| "—".into());
    let facts = vec![
        (c.t("proposition-budget"), budget(c, r.budget_min_fen, r.budget_max_fen)),
        (c.t("proposition-deadline"), r.deadline.clone()),
        (c.t("proposition-trl"), trl_label(c, r.trl)),
        (c.t("field-industry_code"), industry),
        (c.t("proposition-published-at"), r.published_at.map(|t| c.datetime(&t)).unwrap_or_else(|| "—".into())),
    ];
    let steps = v
        .steps
        .iter()
        .map(|s| {
            (
                s.code(),
                c.t(&format!("proposition-step-{}", s.code())),
                matches!(s, Step::Return | Step::Close),
                s.needs_reason(),
            )
        })
        .collect();
    let timeline = v
        .timeline
        .iter()
        .map(|s| TimelineLine {
            step: c.t(&format!("proposition-step-{}", s.step)),
            reason: s.reason.clone(),
            by: s.by_name.clone().unwrap_or_default(),
            at: c.datetime(&s.at),
        })
        .collect();
    let trl_note = trl_note(c);
    let status = if step_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(
        status,
        &DetailPage {
            c,
            id,
            step_error,
            title: r.title.clone(),
            enterprise: r.enterprise_name.clone(),
            status: status_label(c, &r.status),
            status_code: r.status.clone(),
            facts,
            keywords: r.keywords.lines().filter(|k| !k.is_empty()).map(str::to_owned).collect(),
            summary: r.summary.clone(),
            confidential: r.confidential.clone(),
            may_see_details: v.may_see_details,
            may_edit: v.may_edit,
            steps,
            timeline,
            trl_note,
            proposals: v
                .proposals
                .iter()
                .map(|p| ProposalLine {
                    id: p.id,
                    lead: p.lead_name.clone(),
                    unit: p.unit_name.clone().unwrap_or_default(),
                    budget: budget(c, Some(p.budget_fen), Some(p.budget_fen)),
                    status: c.t(&format!("proposal-status-{}", p.status)),
                    status_code: p.status.clone(),
                })
                .collect(),
            may_propose: v.may_propose,
            sees_all_proposals: v.sees_all_proposals,
        },
    ))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StepForm {
    reason: String,
}

pub async fn take_step(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, step)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: StepForm = form(&body);
    match uc::step(&state.app, &ctx, id, &step, &f.reason).await {
        Ok(_) => {
            Ok(Redirect::to(&done(&format!("/propositions/{id}"), &format!("proposition-{step}"))).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            // The only field a step takes is its reason: say why on the proposition's page.
            let message = c.first_error_message(&errors).unwrap_or_else(|| c.t("form-has-errors"));
            detail(&state, &viewer, id, Some(format!("{} {message}", c.t("proposition-reason")))).await
        }
        Err(AppError::OutOfOrder(code)) => detail(&state, &viewer, id, Some(c.t(&code.replace('.', "-")))).await,
        Err(e) => Err(c.error(e)),
    }
}

pub async fn edit_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let v = uc::get(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    if !v.may_edit {
        return Err(c.error(AppError::Forbidden));
    }
    let r = v.row;
    let f = PropositionForm {
        enterprise_id: r.enterprise_id.to_string(),
        summary: r.summary,
        confidential: r.confidential.unwrap_or_default(),
        budget_min_wan: r.budget_min_fen.map(format_fen_as_wan).unwrap_or_default(),
        budget_max_wan: r.budget_max_fen.map(format_fen_as_wan).unwrap_or_default(),
        deadline: r.deadline,
        trl: r.trl.map(|l| l.to_string()).unwrap_or_default(),
        keywords: r.keywords.lines().collect::<Vec<_>>().join(", "),
        industry_code: r.industry_code.unwrap_or_default(),
        title: r.title.clone(),
    };
    let back = (format!("/propositions/{id}"), r.title);
    Ok(proposition_form(
        c,
        None,
        &f,
        &FieldErrors::new(),
        format!("/propositions/{id}/edit"),
        c.t("proposition-edit"),
        back,
    ))
}

pub async fn update(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: PropositionForm = form(&body);
    let back = (format!("/propositions/{id}"), f.title.clone());
    let input = match f.input() {
        Ok(input) => input,
        Err(errors) => {
            return Ok(proposition_form(
                c,
                None,
                &f,
                &form_errors(errors),
                format!("/propositions/{id}/edit"),
                c.t("proposition-edit"),
                back,
            ));
        }
    };
    match uc::update(&state.app, &ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&done(&format!("/propositions/{id}"), "proposition-saved")).into_response()),
        Err(AppError::Invalid(errors)) => Ok(proposition_form(
            c,
            None,
            &f,
            &form_errors(errors),
            format!("/propositions/{id}/edit"),
            c.t("proposition-edit"),
            back,
        )),
        Err(e) => Err(c.error(e)),
    }
}
