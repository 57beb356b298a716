//! The dual mentor system in the browser: a person's mentoring record (students they mentor,
//! mentors they have) and one mentorship with its meeting log and the end-of-class evaluation.

use crate::http::form::form;
use crate::http::form::{Field, attach_errors};
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::AppError;
use tandem_app::talent::mentoring::{self as uc, Mentorship};
use tandem_domain::talent::mentoring::GRADES;
use tandem_domain::validation::FieldErrors;

pub struct Line {
    id: i64,
    /// Where the mentorship belongs: the order class's or the internship's page.
    placement_href: String,
    placement_title: String,
    other: String,
    kind: String,
    meetings: i64,
    grade: String,
    ended: bool,
}

fn line(c: &PageCtx, m: &Mentorship, other: &str) -> Line {
    Line {
        id: m.id,
        placement_href: match (m.class_id, m.internship_id) {
            (Some(class), _) => format!("/classes/{class}"),
            (None, Some(internship)) => format!("/internships/{internship}"),
            (None, None) => "/mentoring".to_owned(),
        },
        placement_title: match m.class_id {
            Some(_) => m.placement_title.clone(),
            None => {
                c.tf("mentoring-internship-at", &[("position", &m.placement_title), ("enterprise", &m.enterprise_name)])
            }
        },
        other: other.to_owned(),
        kind: c.t(&format!("mentor-kind-{}", m.kind)),
        meetings: m.meetings,
        grade: m.grade.as_deref().map(|g| c.t(&format!("mentor-grade-{g}"))).unwrap_or_default(),
        ended: m.ended_at.is_some(),
    }
}

#[derive(Template)]
#[template(path = "talent/mentoring/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    students: Vec<Line>,
    mentors: Vec<Line>,
}

pub async fn list(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let rows = uc::my_mentoring(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let me = ctx.actor.person_id;
    let students = rows.iter().filter(|m| m.mentor_id == me).map(|m| line(c, m, &m.student_name)).collect();
    let mentors = rows.iter().filter(|m| m.student_id == me).map(|m| line(c, m, &m.mentor_name)).collect();
    Ok(html(StatusCode::OK, &ListPage { c, students, mentors }))
}

#[derive(Template)]
#[template(path = "talent/mentoring/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    id: i64,
    m: Line,
    student: String,
    mentor: String,
    comment: String,
    meetings: Vec<(String, i64, String, String)>,
    may_log: bool,
    may_evaluate: bool,
    meeting_fields: Vec<Field>,
    evaluation_fields: Vec<Field>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct EntryForm {
    met_on: String,
    minutes: String,
    topic: String,
    notes: String,
    grade: String,
    comment: String,
}

async fn detail_page(
    state: &WebState,
    viewer: &Viewer,
    id: i64,
    f: &EntryForm,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let (m, meetings) = uc::mentorship(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let mentor = m.mentor_id == ctx.actor.person_id;
    let mut meeting_fields = vec![
        Field::new("met_on", c.t("mentor-met-on"), &f.met_on).kind("date").required(),
        Field::new("minutes", c.t("mentor-minutes"), &f.minutes).kind("number").required(),
        Field::new("topic", c.t("mentor-topic"), &f.topic).required(),
        Field::new("notes", c.t("mentor-notes"), &f.notes).kind("textarea"),
    ];
    let mut evaluation_fields = vec![
        Field::new("grade", c.t("mentor-grade"), &f.grade)
            .kind("select")
            .required()
            .choices(GRADES.iter().map(|g| ((*g).to_owned(), c.t(&format!("mentor-grade-{g}")))).collect()),
        Field::new("comment", c.t("mentor-comment"), &f.comment).kind("textarea").required(),
    ];
    attach_errors(c, &mut meeting_fields, errors);
    attach_errors(c, &mut evaluation_fields, errors);
    // Refusals that belong to no field (a closed mentorship, a second evaluation) go above.
    let named: Vec<&str> = meeting_fields.iter().chain(&evaluation_fields).map(|f| f.name).collect();
    let elsewhere = FieldErrors(errors.0.iter().filter(|e| !named.contains(&e.field.as_str())).cloned().collect());
    let unplaced = attach_errors(c, &mut [], &elsewhere);
    let page = DetailPage {
        c,
        id,
        student: m.student_name.clone(),
        mentor: m.mentor_name.clone(),
        comment: m.comment.clone().unwrap_or_default(),
        meetings: meetings.into_iter().map(|x| (x.met_on, x.minutes, x.topic, x.notes.unwrap_or_default())).collect(),
        may_log: mentor && m.ended_at.is_none(),
        may_evaluate: mentor && m.grade.is_none(),
        meeting_fields,
        evaluation_fields,
        error: unplaced.first().cloned().or_else(|| (!errors.is_empty()).then(|| c.t("form-has-errors"))),
        m: line(c, &m, ""),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(html(status, &page))
}

pub async fn detail(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let id = crate::http::page::path_id(&viewer, &id)?;
    detail_page(&state, &viewer, id, &EntryForm::default(), &FieldErrors::new()).await
}

async fn outcome(
    state: &WebState,
    viewer: &Viewer,
    id: i64,
    f: &EntryForm,
    r: Result<(), AppError>,
    done: &str,
) -> Result<Response, PageError> {
    match r {
        Ok(()) => Ok(Redirect::to(&crate::http::format::done(&format!("/mentoring/{id}"), done)).into_response()),
        Err(AppError::Invalid(errors)) => detail_page(state, viewer, id, f, &errors).await,
        Err(AppError::Refused(code)) => {
            let mut errors = FieldErrors::new();
            errors.add("form", code);
            detail_page(state, viewer, id, f, &errors).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn log_meeting(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: EntryForm = form(&body);
    let r = uc::log_meeting(&state.app, &ctx, id, &f.met_on, &f.minutes, &f.topic, &f.notes).await.map(|_| ());
    outcome(&state, &viewer, id, &f, r, "meeting-logged").await
}

pub async fn evaluate(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: EntryForm = form(&body);
    let r = uc::evaluate(&state.app, &ctx, id, &f.grade, &f.comment).await;
    outcome(&state, &viewer, id, &f, r, "evaluation-saved").await
}
