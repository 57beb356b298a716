//! The two-way flow in the browser: the dual-qualified share per college (with the rule and its
//! source), teachers' practice terms, and enterprise experts' appointments.

use crate::http::form::form;
use crate::http::form::{Field, attach_errors};
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::AppError;
use tandem_app::talent::flow as uc;
use tandem_domain::talent::flow::APPOINTMENTS;
use tandem_domain::validation::FieldErrors;

#[derive(Template)]
#[template(path = "talent/flow/page.html")]
struct FlowPage<'a> {
    c: &'a PageCtx,
    rule_text: Option<String>,
    rule_source: String,
    provisional: bool,
    shares: Vec<(String, i64, i64, String)>,
    practice: Vec<uc::Practice>,
    appointments: Vec<(String, String, String, String, String, i64)>,
    practice_fields: Vec<Field>,
    appointment_fields: Vec<Field>,
    staff: bool,
    may_record: bool,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct FlowForm {
    teacher_email: String,
    enterprise_id: String,
    starts_on: String,
    ends_on: String,
    project: String,
    report: String,
    expert_email: String,
    college_id: String,
    kind: String,
    courses: String,
}

async fn page(
    state: &WebState,
    viewer: &Viewer,
    f: &FlowForm,
    errors: &FieldErrors,
    which: &str,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let flow = uc::flow_page(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let (rule_text, rule_source, provisional, shares) = match flow.shares {
        Some((rule, shares)) => (
            Some(c.tf(
                "flow-rule",
                &[("years", &rule.window_years.to_string()), ("days", &rule.min_practice_days.to_string())],
            )),
            rule.source,
            rule.provisional,
            shares
                .into_iter()
                .map(|s| {
                    (
                        s.college,
                        s.teachers,
                        s.dual_qualified,
                        format!("{}.{}%", s.share_permille / 10, s.share_permille % 10),
                    )
                })
                .collect(),
        ),
        None => (None, String::new(), false, vec![]),
    };
    let as_choices = |v: Vec<(i64, String)>| v.into_iter().map(|(id, name)| (id.to_string(), name)).collect::<Vec<_>>();
    let mut practice_fields = vec![];
    if flow.may_record_for_others {
        practice_fields.push(
            Field::new("teacher_email", c.t("flow-teacher-email"), &f.teacher_email)
                .kind("email")
                .hint(c.t("flow-teacher-email-hint")),
        );
    }
    practice_fields.extend([
        Field::new("enterprise_id", c.t("class-enterprise"), &f.enterprise_id)
            .kind("select")
            .required()
            .choices(as_choices(flow.enterprises)),
        Field::new("starts_on", c.t("class-starts"), &f.starts_on).kind("date").required(),
        Field::new("ends_on", c.t("class-ends"), &f.ends_on).kind("date").required(),
        Field::new("project", c.t("flow-project"), &f.project).required(),
        Field::new("report", c.t("flow-report"), &f.report).kind("textarea"),
    ]);
    let mut appointment_fields = vec![
        Field::new("expert_email", c.t("flow-expert-email"), &f.expert_email).kind("email").required(),
        Field::new("college_id", c.t("kind-college"), &f.college_id)
            .kind("select")
            .required()
            .choices(as_choices(flow.colleges)),
        Field::new("kind", c.t("mentor-kind"), &f.kind)
            .kind("select")
            .required()
            .choices(APPOINTMENTS.iter().map(|k| ((*k).to_owned(), c.t(&format!("flow-kind-{k}")))).collect()),
        Field::new("starts_on", c.t("class-starts"), &f.starts_on).kind("date").required(),
        Field::new("ends_on", c.t("class-ends"), &f.ends_on).kind("date").required(),
        Field::new("courses", c.t("flow-courses"), &f.courses).required(),
    ];
    // Errors belong to the form that was sent.
    let unplaced = if which == "practice" {
        attach_errors(c, &mut practice_fields, errors)
    } else {
        attach_errors(c, &mut appointment_fields, errors)
    };
    let appointments = flow
        .appointments
        .into_iter()
        .map(|a| {
            (
                a.expert_name,
                a.college_name,
                c.t(&format!("flow-kind-{}", a.kind)),
                format!("{} – {}", a.starts_on, a.ends_on),
                a.courses,
                a.students_mentored,
            )
        })
        .collect();
    let page = FlowPage {
        c,
        rule_text,
        rule_source,
        provisional,
        shares,
        practice: flow.practice,
        appointments,
        practice_fields,
        appointment_fields,
        staff: flow.may_appoint,
        may_record: flow.may_record,
        error: unplaced.first().cloned().or_else(|| (!errors.is_empty()).then(|| c.t("form-has-errors"))),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(html(status, &page))
}

pub async fn show(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    page(&state, &viewer, &FlowForm::default(), &FieldErrors::new(), "").await
}

pub async fn record_practice(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let f: FlowForm = form(&body);
    let outcome = match f.enterprise_id.parse::<i64>() {
        Ok(e) => {
            uc::record_practice(&state.app, &ctx, &f.teacher_email, e, &f.starts_on, &f.ends_on, &f.project, &f.report)
                .await
        }
        Err(_) => Err(AppError::invalid("enterprise_id", "required")),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&crate::http::format::done("/flow#practice", "practice-recorded")).into_response()),
        Err(AppError::Invalid(e)) => page(&state, &viewer, &f, &e, "practice").await,
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn appoint(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let f: FlowForm = form(&body);
    let outcome = match f.college_id.parse::<i64>() {
        Ok(college) => {
            uc::appoint(&state.app, &ctx, &f.expert_email, college, &f.kind, &f.starts_on, &f.ends_on, &f.courses).await
        }
        Err(_) => Err(AppError::invalid("college_id", "required")),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&crate::http::format::done("/flow#appointments", "expert-appointed")).into_response()),
        Err(AppError::Invalid(e)) => page(&state, &viewer, &f, &e, "appointment").await,
        Err(e) => Err(viewer.page.error(e)),
    }
}
