//! Internships in the browser: the list (with the form staff record one in), and one internship
//! with its dual mentors, where staff assign them and the intern or staff end it early.

use crate::http::form::form;
use crate::http::form::{Choice, Field, attach_errors};
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::AppError;
use tandem_app::talent::internships::{
    self as uc, AgreementInput, AgreementView, InternshipInput, InternshipLine, Party,
};
use tandem_domain::talent::internship::STAGES;
use tandem_domain::validation::FieldErrors;

/// One row of the list, as shown.
pub struct Row {
    id: i64,
    student: String,
    enterprise: String,
    position: String,
    period: String,
    stage_code: &'static str,
    stage: String,
    mentors: String,
    last_met_on: String,
    /// What needs attention, as sentences.
    attention: Vec<String>,
}

fn row(c: &PageCtx, line: &InternshipLine) -> Row {
    let (i, stage) = (&line.internship, line.stage);
    Row {
        id: i.id,
        student: i.student_name.clone(),
        enterprise: i.enterprise_name.clone(),
        position: i.position.clone(),
        period: format!("{} – {}", i.starts_on, i.ends_on),
        stage_code: stage.code(),
        stage: c.t(&format!("internship-stage-{}", stage.code())),
        mentors: [i.academic_mentor.as_deref(), i.enterprise_mentor.as_deref()].map(|m| m.unwrap_or("—")).join(" / "),
        last_met_on: i.last_met_on.clone().unwrap_or_else(|| "—".to_owned()),
        attention: line.attention.iter().map(|code| c.t(&format!("internship-attention-{code}"))).collect(),
    }
}

#[derive(Template)]
#[template(path = "talent/internships/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    rows: Vec<Row>,
    q: String,
    stages: Vec<Choice>,
    attention: bool,
    fields: Vec<Field>,
    may_record: bool,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct RecordForm {
    student_email: String,
    enterprise_id: String,
    position: String,
    starts_on: String,
    ends_on: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    stage: String,
    /// The checkbox sends `1`.
    attention: String,
}

async fn list_page(
    state: &WebState,
    viewer: &Viewer,
    query: &ListQuery,
    f: &RecordForm,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    // A stage the page does not offer (an edited address) lists everything rather than failing.
    let stage = if STAGES.contains(&query.stage.as_str()) { query.stage.as_str() } else { "" };
    let attention = !query.attention.is_empty();
    let screen = uc::internships_page(&state.app, &ctx, &query.q, stage, attention).await.map_err(|e| c.error(e))?;
    let rows = screen.lines.iter().map(|line| row(c, line)).collect();
    let stages = STAGES
        .iter()
        .map(|s| Choice { value: (*s).to_owned(), label: c.t(&format!("internship-stage-{s}")), selected: *s == stage })
        .collect();
    let may_record = screen.may_record;
    let mut fields = vec![];
    if may_record {
        fields = vec![
            Field::new("student_email", c.t("internship-student-email"), &f.student_email).kind("email").required(),
            Field::new("enterprise_id", c.t("class-enterprise"), &f.enterprise_id)
                .kind("select")
                .required()
                .choices(screen.enterprises.into_iter().map(|(id, name)| (id.to_string(), name)).collect()),
            Field::new("position", c.t("internship-position"), &f.position).required(),
            Field::new("starts_on", c.t("class-starts"), &f.starts_on).kind("date").required(),
            Field::new("ends_on", c.t("class-ends"), &f.ends_on).kind("date").required().hint(
                c.tf("internship-ends-hint", &[("months", &tandem_domain::talent::internship::MAX_MONTHS.to_string())]),
            ),
        ];
    }
    let unplaced = attach_errors(c, &mut fields, errors);
    let error = unplaced.first().cloned().or_else(|| (!errors.is_empty()).then(|| c.t("form-has-errors")));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(html(status, &ListPage { c, rows, q: query.q.clone(), stages, attention, fields, may_record, error }))
}

pub async fn list(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    list_page(&state, &viewer, &query, &RecordForm::default(), &FieldErrors::new()).await
}

/// `POST /internships`: staff record an internship, then see it.
pub async fn record(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let f: RecordForm = form(&body);
    let input = InternshipInput {
        student_email: f.student_email.clone(),
        enterprise_id: f.enterprise_id.clone(),
        position: f.position.clone(),
        starts_on: f.starts_on.clone(),
        ends_on: f.ends_on.clone(),
    };
    match uc::record(&state.app, &ctx, &input).await {
        Ok(id) => Ok(Redirect::to(&crate::http::format::done(&format!("/internships/{id}"), "internship-recorded"))
            .into_response()),
        Err(AppError::Invalid(e)) => list_page(&state, &viewer, &ListQuery::default(), &f, &e).await,
        Err(e) => Err(viewer.page.error(e)),
    }
}

#[derive(Template)]
#[template(path = "talent/internships/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    i: Row,
    /// When and why it ended early.
    left: Option<String>,
    /// `(mentorship id, kind label, mentor name, meetings, evaluation, ended)`.
    mentors: Vec<(i64, String, String, i64, String, bool)>,
    staff: bool,
    takes_mentors: bool,
    may_leave: bool,
    error: Option<String>,
    agreement: AgreementSection,
    /// People to pick as mentors by e-mail.
    mentor_options: Vec<crate::http::form::Choice>,
}

/// The learning agreement as shown: its terms, each party's confirmation, and what the reader may do.
pub struct AgreementSection {
    /// `(label, value)` of each term, once drafted.
    terms: Vec<(String, String)>,
    version: Option<i64>,
    in_force: bool,
    /// `(party label, confirmed on)`; the date is empty while waiting.
    confirmations: Vec<(String, String)>,
    fields: Vec<Field>,
    may_edit: bool,
    may_confirm: bool,
    version_label: String,
    /// "Confirm for …", naming the reader's party.
    confirm_label: String,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct AgreementForm {
    goals: String,
    duties: String,
    weekly_hours: String,
    allowance: String,
    insurance: String,
}

/// What a re-shown detail page carries: a refusal, or the agreement form with its field errors.
#[derive(Default)]
struct Shown {
    error: Option<String>,
    agreement: Option<(AgreementForm, FieldErrors)>,
}

fn agreement_section(c: &PageCtx, view: &AgreementView, shown: &Shown) -> AgreementSection {
    let day = |at: Option<i64>| at.map(tandem_domain::sharing::local_date).unwrap_or_default();
    let (terms, confirmations, version, in_force, mine_confirmed) = match &view.terms {
        Some(a) => {
            let allowance = a
                .allowance_fen
                .map(|f| format!("¥{} / {}", f / 100, c.t("internship-per-month")))
                .unwrap_or("—".into());
            let terms = vec![
                (c.t("internship-goals"), a.goals.clone()),
                (c.t("internship-duties"), a.duties.clone()),
                (c.t("internship-weekly-hours"), a.weekly_hours.to_string()),
                (c.t("internship-allowance"), allowance),
                (c.t("internship-insurance"), a.insurance.clone().unwrap_or_else(|| "—".into())),
            ];
            let at = [a.student_confirmed_at, a.enterprise_confirmed_at, a.university_confirmed_at];
            let confirmations = Party::ALL
                .iter()
                .zip(at)
                .map(|(p, at)| (c.t(&format!("internship-party-{}", p.code())), day(at)))
                .collect();
            let mine = view.party.map(|p| at[Party::ALL.iter().position(|x| *x == p).unwrap_or(0)].is_some());
            (terms, confirmations, Some(a.version), at.iter().all(Option::is_some), mine)
        }
        None => (vec![], vec![], None, false, None),
    };
    let prefill = match (&shown.agreement, &view.terms) {
        (Some((f, _)), _) => f.clone(),
        (None, Some(a)) => AgreementForm {
            goals: a.goals.clone(),
            duties: a.duties.clone(),
            weekly_hours: a.weekly_hours.to_string(),
            allowance: a.allowance_fen.map(|f| (f / 100).to_string()).unwrap_or_default(),
            insurance: a.insurance.clone().unwrap_or_default(),
        },
        (None, None) => AgreementForm::default(),
    };
    let may_edit = view.party.is_some() && view.open;
    let mut fields = vec![];
    if may_edit {
        fields = vec![
            Field::new("goals", c.t("internship-goals"), &prefill.goals)
                .kind("textarea")
                .required()
                .hint(c.t("internship-goals-hint")),
            Field::new("duties", c.t("internship-duties"), &prefill.duties).kind("textarea").required(),
            Field::new("weekly_hours", c.t("internship-weekly-hours"), &prefill.weekly_hours).kind("number").required(),
            Field::new("allowance", c.t("internship-allowance-yuan"), &prefill.allowance).kind("number"),
            Field::new("insurance", c.t("internship-insurance"), &prefill.insurance)
                .hint(c.t("internship-insurance-hint")),
        ];
        if let Some((_, errors)) = &shown.agreement {
            attach_errors(c, &mut fields, errors);
        }
    }
    AgreementSection {
        terms,
        version,
        in_force,
        confirmations,
        fields,
        may_edit,
        may_confirm: view.open && mine_confirmed == Some(false),
        version_label: version
            .map(|v| c.tf("internship-agreement-version", &[("version", &v.to_string())]))
            .unwrap_or_default(),
        confirm_label: view
            .party
            .map(|p| c.tf("internship-confirm-as", &[("party", &c.t(&format!("internship-party-{}", p.code())))]))
            .unwrap_or_default(),
    }
}

async fn detail_page(state: &WebState, viewer: &Viewer, id: i64, shown: Shown) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let screen = uc::internship_page(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let agreement = agreement_section(c, &screen.agreement, &shown);
    let error = shown
        .error
        .clone()
        .or_else(|| shown.agreement.as_ref().filter(|(_, e)| !e.is_empty()).map(|_| c.t("form-has-errors")));
    let internship = &screen.line.internship;
    let mentors = screen
        .mentors
        .iter()
        .map(|m| {
            (
                m.id,
                c.t(&format!("mentor-kind-{}", m.kind)),
                m.mentor_name.clone(),
                m.meetings,
                m.grade.as_deref().map(|g| c.t(&format!("mentor-grade-{g}"))).unwrap_or_default(),
                m.ended_at.is_some(),
            )
        })
        .collect();
    let page = DetailPage {
        c,
        i: row(c, &screen.line),
        left: internship.left_on.as_deref().map(|on| {
            c.tf("internship-left-on", &[("date", on), ("reason", internship.left_reason.as_deref().unwrap_or(""))])
        }),
        mentors,
        staff: screen.may_record,
        takes_mentors: screen.line.stage.takes_mentors(),
        may_leave: screen.may_leave,
        error: error.clone(),
        agreement,
        mentor_options: crate::http::form::people_options(&screen.mentor_candidates),
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(status, &page))
}

pub async fn show(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let id = crate::http::page::path_id(&viewer, &id)?;
    detail_page(&state, &viewer, id, Shown::default()).await
}

/// Shows the internship again with the refusal, or goes back to it after a change.
async fn after(
    state: &WebState,
    viewer: &Viewer,
    id: i64,
    outcome: Result<(), AppError>,
    done: &str,
) -> Result<Response, PageError> {
    let c = &viewer.page;
    match outcome {
        Ok(()) => Ok(Redirect::to(&crate::http::format::done(&format!("/internships/{id}"), done)).into_response()),
        Err(AppError::Invalid(errors)) => {
            let shown = Shown { error: c.first_error_message(&errors), ..Shown::default() };
            detail_page(state, viewer, id, shown).await
        }
        Err(AppError::Refused(code)) => {
            detail_page(state, viewer, id, Shown { error: Some(c.t(code)), ..Shown::default() }).await
        }
        Err(e) => Err(c.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct MentorForm {
    kind: String,
    email: String,
}

/// `POST /internships/{id}/mentors`: staff give the intern a mentor of one kind.
pub async fn assign_mentor(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: MentorForm = form(&body);
    let outcome = uc::assign_mentor(&state.app, &ctx, id, &f.email, &f.kind).await;
    after(&state, &viewer, id, outcome, "mentor-assigned").await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LeaveForm {
    reason: String,
}

/// `POST /internships/{id}/leave`: the intern or staff end the internship early.
pub async fn leave(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: LeaveForm = form(&body);
    let outcome = uc::leave(&state.app, &ctx, id, &f.reason).await;
    after(&state, &viewer, id, outcome, "internship-left").await
}

/// `POST /internships/{id}/agreement`: one of the three parties drafts or changes the terms.
pub async fn save_agreement(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: AgreementForm = form(&body);
    let input = AgreementInput {
        goals: f.goals.clone(),
        duties: f.duties.clone(),
        weekly_hours: f.weekly_hours.clone(),
        allowance: f.allowance.clone(),
        insurance: f.insurance.clone(),
    };
    match uc::save_agreement(&state.app, &ctx, id, &input).await {
        Ok(_) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/internships/{id}#agreement"), "agreement-saved"))
                .into_response())
        }
        Err(AppError::Invalid(errors)) => {
            detail_page(&state, &viewer, id, Shown { error: None, agreement: Some((f, errors)) }).await
        }
        Err(e) => after(&state, &viewer, id, Err(e), "agreement-saved").await,
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    version: String,
}

/// `POST /internships/{id}/agreement/confirm`: the reader confirms the version they were shown.
pub async fn confirm_agreement(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: ConfirmForm = form(&body);
    let outcome = match f.version.trim().parse::<i64>() {
        Ok(version) => uc::confirm_agreement(&state.app, &ctx, id, version).await,
        Err(_) => Err(AppError::Refused("agreement.changed")),
    };
    after(&state, &viewer, id, outcome, "agreement-confirmed").await
}
