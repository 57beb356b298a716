//! Micro-degrees in the browser: the catalogue with the student's own enrolments, a page per
//! micro-degree (its EU micro-credential elements, modules, and the student's standing), and,
//! for those who run it, modules, results and the roster with credentials to issue.

use crate::http::form::{Field, attach_errors};
use crate::http::form::{form, form_response};
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html};
use crate::http::response::public_base;
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::AppError;
use tandem_app::talent::microdegrees::{self as uc, Standing};
use tandem_domain::talent::microdegree::{
    ASSESSMENTS, MicroDegreeInput, ModuleInput, PARTICIPATION, Progress, format_credits,
};
use tandem_domain::validation::FieldErrors;

/// A line of the catalogue.
pub struct DegreeLine {
    id: i64,
    title: String,
    college: String,
    credits: String,
    workload: i64,
    participation: String,
    seats: String,
    open: bool,
    status: String,
}

/// A student's own enrolment, as the catalogue and the detail page show it.
pub struct StandingLine {
    degree_id: i64,
    title: String,
    summary: String,
    complete: bool,
    withdrawn: bool,
    credential_id: Option<String>,
}

#[derive(Template)]
#[template(path = "talent/microdegrees/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    rows: Vec<DegreeLine>,
    mine: Vec<StandingLine>,
    staff: bool,
}

fn degree_line(c: &PageCtx, d: &uc::MicroDegree) -> DegreeLine {
    DegreeLine {
        id: d.id,
        title: d.title.clone(),
        college: d.org_name.clone(),
        credits: format_credits(d.required_credit_tenths),
        workload: d.workload_hours,
        participation: c.t(&format!("md-participation-{}", d.participation)),
        seats: format!("{} / {}", d.enrolled, d.capacity),
        open: d.status == "open",
        status: c.t(&format!("md-status-{}", d.status)),
    }
}

/// One sentence on where a student stands: credits so far, and what is still missing.
fn summary(c: &PageCtx, s: &Standing, modules: &[uc::Module]) -> String {
    if s.enrolment.credential_id.is_some() && !s.complete() {
        // Modules added after the credential do not undo what it certifies.
        return c.t("md-credentialed");
    }
    match &s.progress {
        Progress::Complete { credit_tenths } => c.tf("md-complete", &[("credits", &format_credits(*credit_tenths))]),
        Progress::InProgress { credit_tenths, short_tenths, missing } => {
            let names: Vec<String> =
                modules.iter().filter(|m| missing.contains(&m.id)).map(|m| m.title.clone()).collect();
            let mut text = c.tf(
                "md-in-progress",
                &[("credits", &format_credits(*credit_tenths)), ("short", &format_credits(*short_tenths))],
            );
            if !names.is_empty() {
                text.push(' ');
                text.push_str(&c.tf("md-missing", &[("modules", &names.join("、"))]));
            }
            text
        }
    }
}

fn standing_line(c: &PageCtx, d: &uc::MicroDegree, s: &Standing, modules: &[uc::Module]) -> StandingLine {
    StandingLine {
        degree_id: d.id,
        title: d.title.clone(),
        summary: summary(c, s, modules),
        complete: s.complete(),
        withdrawn: s.enrolment.withdrawn_at.is_some(),
        credential_id: s.enrolment.credential_id.clone(),
    }
}

pub async fn list(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let rows = uc::list(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let mine = uc::mine(&state.app, &ctx)
        .await
        .map_err(|e| c.error(e))?
        .iter()
        .map(|(d, modules, s)| standing_line(c, d, s, modules))
        .collect();
    let page = ListPage {
        c,
        rows: rows.iter().map(|d| degree_line(c, d)).collect(),
        mine,
        staff: ctx.actor.may(tandem_domain::access::Action::CreateMicroDegree),
    };
    Ok(html(StatusCode::OK, &page))
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct DegreeForm {
    org_id: String,
    title: String,
    description: String,
    learning_outcomes: String,
    workload_hours: String,
    required_credits: String,
    level: String,
    assessment_type: String,
    participation: String,
    quality_assurance: String,
    capacity: String,
}

impl DegreeForm {
    fn input(&self) -> MicroDegreeInput {
        MicroDegreeInput {
            title: self.title.clone(),
            description: self.description.clone(),
            learning_outcomes: self.learning_outcomes.clone(),
            workload_hours: self.workload_hours.clone(),
            required_credits: self.required_credits.clone(),
            level: self.level.clone(),
            assessment_type: self.assessment_type.clone(),
            participation: self.participation.clone(),
            quality_assurance: self.quality_assurance.clone(),
            capacity: self.capacity.clone(),
        }
    }
}

async fn degree_form(
    state: &WebState,
    viewer: &Viewer,
    f: &DegreeForm,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let colleges = uc::colleges(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let labelled = |prefix: &str, codes: &[&str]| {
        codes.iter().map(|k| ((*k).to_owned(), c.t(&format!("{prefix}-{k}")))).collect::<Vec<_>>()
    };
    let fields = vec![
        Field::new("org_id", c.t("kind-college"), &f.org_id)
            .kind("select")
            .required()
            .choices(colleges.into_iter().map(|(id, name)| (id.to_string(), name)).collect()),
        Field::new("title", c.t("md-title-field"), &f.title).required(),
        Field::new("description", c.t("md-description"), &f.description).kind("textarea").required(),
        Field::new("learning_outcomes", c.t("md-outcomes"), &f.learning_outcomes)
            .kind("textarea")
            .required()
            .hint(c.t("md-outcomes-hint")),
        Field::new("workload_hours", c.t("md-workload"), &f.workload_hours).kind("number").required(),
        Field::new("required_credits", c.t("md-required-credits"), &f.required_credits)
            .required()
            .hint(c.t("md-credits-hint")),
        Field::new("level", c.t("md-level"), &f.level).hint(c.t("md-level-hint")),
        Field::new("assessment_type", c.t("md-assessment"), &f.assessment_type)
            .kind("select")
            .required()
            .choices(labelled("md-assessment", &ASSESSMENTS)),
        Field::new("participation", c.t("md-participation"), &f.participation)
            .kind("select")
            .required()
            .choices(labelled("md-participation", &PARTICIPATION)),
        Field::new("quality_assurance", c.t("md-quality"), &f.quality_assurance)
            .required()
            .hint(c.t("md-quality-hint")),
        Field::new("capacity", c.t("md-capacity"), &f.capacity).kind("number").required(),
    ];
    Ok(form_response(
        c,
        c.t("md-new"),
        "/micro-degrees".into(),
        ("/micro-degrees".into(), c.t("md-title")),
        fields,
        errors,
    ))
}

pub async fn new_form(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let f = DegreeForm { workload_hours: "96".into(), capacity: "40".into(), ..DegreeForm::default() };
    degree_form(&state, &viewer, &f, &FieldErrors::new()).await
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let f: DegreeForm = form(&body);
    match uc::create(&state.app, &ctx, f.org_id.parse().ok(), &f.input()).await {
        Ok(id) => Ok(Redirect::to(&crate::http::format::done(&format!("/micro-degrees/{id}"), "microdegree-created"))
            .into_response()),
        Err(AppError::Invalid(e)) => degree_form(&state, &viewer, &f, &e).await,
        Err(e) => Err(viewer.page.error(e)),
    }
}

/// A module with the reader's own result, if any.
pub struct ModuleLine {
    title: String,
    credits: String,
    mandatory: bool,
    taught_by: String,
    my_result: String,
}

/// A line of the roster for those who run the micro-degree.
pub struct RosterLine {
    enrolment_id: i64,
    name: String,
    email: String,
    summary: String,
    complete: bool,
    withdrawn: bool,
    credential_id: Option<String>,
    results: Vec<String>,
}

#[derive(Template)]
#[template(path = "talent/microdegrees/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    d: DegreeLine,
    description: String,
    outcomes: Vec<String>,
    level: Option<String>,
    assessment: String,
    quality: String,
    modules: Vec<ModuleLine>,
    mine: Option<StandingLine>,
    may_enrol: bool,
    manages: bool,
    roster: Vec<RosterLine>,
    module_fields: Vec<Field>,
    result_fields: Vec<Field>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct ModuleForm {
    title: String,
    credits: String,
    mandatory: String,
    taught_by: String,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct ResultForm {
    enrolment_id: String,
    module_id: String,
    outcome: String,
    grade: String,
}

/// What a detail page shows besides the micro-degree: the form that was sent and its errors.
#[derive(Default)]
struct Shown {
    module: ModuleForm,
    result: ResultForm,
    errors: FieldErrors,
    error: Option<String>,
    which: &'static str,
}

async fn detail_page(state: &WebState, viewer: &Viewer, id: i64, shown: Shown) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let detail = uc::get(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let d = &detail.degree;
    let mine = detail.mine.as_ref().map(|s| standing_line(c, d, s, &detail.modules));
    let pass_label = |r: Option<&uc::ModuleResult>| match r {
        None => String::new(),
        Some(r) => {
            let word = c.t(if r.passed != 0 { "md-passed" } else { "md-failed" });
            match &r.grade {
                Some(g) => format!("{word} ({g})"),
                None => word,
            }
        }
    };
    let modules = detail
        .modules
        .iter()
        .map(|m| ModuleLine {
            title: m.title.clone(),
            credits: format_credits(m.credit_tenths),
            mandatory: m.mandatory != 0,
            taught_by: m.taught_by.clone().unwrap_or_default(),
            my_result: pass_label(detail.mine.as_ref().and_then(|s| s.results.get(&m.id))),
        })
        .collect();
    let roster: Vec<RosterLine> = detail
        .roster
        .iter()
        .map(|s| RosterLine {
            enrolment_id: s.enrolment.id,
            name: s.enrolment.student_name.clone(),
            email: s.enrolment.student_email.clone(),
            summary: summary(c, s, &detail.modules),
            complete: s.complete(),
            withdrawn: s.enrolment.withdrawn_at.is_some(),
            credential_id: s.enrolment.credential_id.clone(),
            results: detail
                .modules
                .iter()
                .filter_map(|m| s.results.get(&m.id).map(|r| format!("{}: {}", m.title, pass_label(Some(r)))))
                .collect(),
        })
        .collect();
    let yes_no = vec![("yes".to_owned(), c.t("yes")), ("no".to_owned(), c.t("no"))];
    let mut module_fields = vec![
        Field::new("title", c.t("md-module"), &shown.module.title).required(),
        Field::new("credits", c.t("md-credits"), &shown.module.credits).required().hint(c.t("md-credits-hint")),
        Field::new("mandatory", c.t("md-mandatory"), &shown.module.mandatory).kind("select").choices(yes_no),
        Field::new("taught_by", c.t("md-taught-by"), &shown.module.taught_by).hint(c.t("md-taught-by-hint")),
    ];
    let active: Vec<(String, String)> = detail
        .roster
        .iter()
        .filter(|s| s.enrolment.withdrawn_at.is_none() && s.enrolment.credential_id.is_none())
        .map(|s| (s.enrolment.id.to_string(), format!("{} <{}>", s.enrolment.student_name, s.enrolment.student_email)))
        .collect();
    let mut result_fields = vec![
        Field::new("enrolment_id", c.t("md-student"), &shown.result.enrolment_id)
            .kind("select")
            .required()
            .choices(active),
        Field::new("module_id", c.t("md-module"), &shown.result.module_id)
            .kind("select")
            .required()
            .choices(detail.modules.iter().map(|m| (m.id.to_string(), m.title.clone())).collect()),
        Field::new("outcome", c.t("md-result"), &shown.result.outcome)
            .kind("select")
            .required()
            .choices(vec![("passed".to_owned(), c.t("md-passed")), ("failed".to_owned(), c.t("md-failed"))]),
        Field::new("grade", c.t("md-grade"), &shown.result.grade).hint(c.t("md-grade-hint")),
    ];
    let unplaced = if shown.which == "module" {
        attach_errors(c, &mut module_fields, &shown.errors)
    } else {
        attach_errors(c, &mut result_fields, &shown.errors)
    };
    let already = detail.mine.as_ref().is_some_and(|s| s.enrolment.withdrawn_at.is_none());
    let page = DetailPage {
        c,
        d: degree_line(c, d),
        description: d.description.clone(),
        outcomes: d.learning_outcomes.lines().map(str::to_owned).collect(),
        level: d.level.clone(),
        assessment: c.t(&format!("md-assessment-{}", d.assessment_type)),
        quality: d.quality_assurance.clone(),
        modules,
        mine,
        may_enrol: d.status == "open" && !already && ctx.actor.has_role(tandem_domain::access::Role::Student),
        manages: detail.manages,
        roster,
        module_fields,
        result_fields,
        error: shown.error.or_else(|| unplaced.first().cloned()),
    };
    let status = if page.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(status, &page))
}

pub async fn show(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let id = crate::http::page::path_id(&viewer, &id)?;
    detail_page(&state, &viewer, id, Shown::default()).await
}

/// Back to the micro-degree after an action, or the page again with the reason it was refused.
async fn after(
    state: &WebState,
    viewer: &Viewer,
    id: i64,
    outcome: Result<(), AppError>,
    shown: Shown,
    anchor: &str,
    done: &str,
) -> Result<Response, PageError> {
    let c = &viewer.page;
    match outcome {
        Ok(()) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/micro-degrees/{id}{anchor}"), done)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let error = c.first_error_message(&errors);
            detail_page(state, viewer, id, Shown { errors, error, ..shown }).await
        }
        Err(AppError::Refused(code)) => detail_page(state, viewer, id, Shown { error: Some(c.t(code)), ..shown }).await,
        Err(e) => Err(c.error(e)),
    }
}

pub async fn enrol(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let outcome = uc::enrol(&state.app, &ctx, id).await.map(|_| ());
    after(&state, &viewer, id, outcome, Shown::default(), "#mine", "microdegree-enrolled").await
}

pub async fn withdraw(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let outcome = uc::withdraw(&state.app, &ctx, id).await;
    after(&state, &viewer, id, outcome, Shown::default(), "", "microdegree-withdrawn").await
}

pub async fn add_module(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: ModuleForm = form(&body);
    let input = ModuleInput {
        title: f.title.clone(),
        credits: f.credits.clone(),
        mandatory: f.mandatory == "yes",
        taught_by: f.taught_by.clone(),
    };
    let outcome = uc::add_module(&state.app, &ctx, id, &input).await.map(|_| ());
    after(
        &state,
        &viewer,
        id,
        outcome,
        Shown { module: f, which: "module", ..Shown::default() },
        "#modules",
        "module-added",
    )
    .await
}

pub async fn record_result(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: ResultForm = form(&body);
    let mut errors = FieldErrors::new();
    let enrolment = f.enrolment_id.parse::<i64>().ok();
    let module = f.module_id.parse::<i64>().ok();
    for (name, missing) in [("enrolment_id", enrolment.is_none()), ("module_id", module.is_none())] {
        if missing {
            errors.add(name, "required");
        }
    }
    if !matches!(f.outcome.as_str(), "passed" | "failed") {
        errors.add("outcome", "required");
    }
    let outcome = match (enrolment, module) {
        (Some(e), Some(m)) if errors.is_empty() => {
            uc::record_result(&state.app, &ctx, id, e, m, f.outcome == "passed", &f.grade).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    after(
        &state,
        &viewer,
        id,
        outcome,
        Shown { result: f, which: "result", ..Shown::default() },
        "#roster",
        "result-recorded",
    )
    .await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: StatusForm = form(&body);
    let outcome = uc::set_status(&state.app, &ctx, id, &f.status).await;
    after(&state, &viewer, id, outcome, Shown::default(), "", "microdegree-status").await
}

/// Issues the credential for a completed enrolment, then shows it.
pub async fn issue(
    State(state): State<WebState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path((id, enrolment)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let enrolment = crate::http::page::path_id(&viewer, &enrolment)?;
    let base = public_base(&state, &headers);
    match tandem_app::credentials::issue_for_micro_degree(&state.app, &ctx, id, enrolment, &base).await {
        Ok(credential) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/credentials/{credential}"), "credential-issued"))
                .into_response())
        }
        Err(e) => after(&state, &viewer, id, Err(e), Shown::default(), "", "credential-issued").await,
    }
}
