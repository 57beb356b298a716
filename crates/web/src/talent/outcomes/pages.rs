//! Graduate outcomes in the browser: the cohort's employment-quality report, recording outcomes,
//! inviting supervisors, and the public one-time survey page a supervisor answers.

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
use tandem_app::talent::outcomes::{self as uc, Group};
use tandem_domain::talent::outcomes::{CATEGORIES, DOMAINS, Rates, SALARY_BANDS};
use tandem_domain::validation::FieldErrors;

fn pct(permille: i64) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

pub struct RateLine {
    name: String,
    graduates: i64,
    known: String,
    outcomes: String,
    /// Hired by the class's enterprise, per its hiring record (class and enterprise groups only).
    hired: Option<i64>,
}

fn rate_line(name: String, r: &Rates) -> RateLine {
    RateLine {
        name,
        graduates: r.graduates,
        known: pct(r.knowledge_permille),
        outcomes: pct(r.career_outcomes_permille),
        hired: None,
    }
}

fn groups(v: &[Group]) -> Vec<RateLine> {
    v.iter().map(|g| RateLine { hired: g.hired, ..rate_line(g.name.clone(), &g.rates) }).collect()
}

#[derive(Template)]
#[template(path = "talent/outcomes/page.html")]
struct OutcomesPage<'a> {
    c: &'a PageCtx,
    cohort: String,
    cohorts: Vec<Choice>,
    overall: RateLine,
    low_knowledge: bool,
    categories: Vec<(String, i64)>,
    categories_chart: Option<String>,
    domains_chart: Option<String>,
    breakdowns: Vec<(String, &'static str, Vec<RateLine>)>,
    invited: i64,
    responses: i64,
    response_rate: String,
    satisfied: String,
    interval: String,
    domains: Vec<(String, String)>,
    staff: bool,
    fields: Vec<Field>,
    invite_error: Option<String>,
    survey_url: Option<String>,
    error: Option<String>,
    /// The cohort's graduates to pick by e-mail.
    graduate_options: Vec<Choice>,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct OutcomeForm {
    student_email: String,
    cohort: String,
    category: String,
    employer: String,
    job_title: String,
    relevance: String,
    salary_band: String,
    supervisor_email: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CohortQuery {
    cohort: String,
}

#[derive(Default)]
struct Shown {
    form: OutcomeForm,
    errors: FieldErrors,
    invite_error: Option<String>,
    survey_url: Option<String>,
}

async fn page(state: &WebState, viewer: &Viewer, cohort: &str, shown: Shown) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let r = uc::report(&state.app, &ctx, cohort).await.map_err(|e| c.error(e))?;
    let f = &shown.form;
    let choices = |codes: &[&str], prefix: &str| {
        codes.iter().map(|k| ((*k).to_owned(), c.t(&format!("{prefix}{k}")))).collect::<Vec<_>>()
    };
    let mut fields = vec![
        Field::new("student_email", c.t("outcome-student-email"), &f.student_email).kind("email").required(),
        Field::new("cohort", c.t("outcome-cohort"), if f.cohort.is_empty() { &r.cohort } else { &f.cohort }).required(),
        Field::new("category", c.t("outcome-category"), &f.category)
            .kind("select")
            .choices(choices(&CATEGORIES, "outcome-category-"))
            .hint(c.t("outcome-category-hint")),
        Field::new("employer", c.t("outcome-employer"), &f.employer),
        Field::new("job_title", c.t("outcome-job"), &f.job_title),
        Field::new("relevance", c.t("outcome-relevance"), &f.relevance)
            .kind("number")
            .hint(c.t("outcome-relevance-hint")),
        Field::new("salary_band", c.t("outcome-salary"), &f.salary_band)
            .kind("select")
            .choices(choices(&SALARY_BANDS, "outcome-band-")),
        Field::new("supervisor_email", c.t("outcome-supervisor"), &f.supervisor_email)
            .kind("email")
            .hint(c.t("outcome-supervisor-hint")),
    ];
    let unplaced = attach_errors(c, &mut fields, &shown.errors);
    let s = &r.satisfaction;
    let page = OutcomesPage {
        c,
        cohorts: r
            .cohorts
            .iter()
            .map(|k| Choice { value: k.clone(), label: k.clone(), selected: *k == r.cohort })
            .collect(),
        low_knowledge: r.overall.graduates > 0 && r.overall.knowledge_permille < 650,
        overall: rate_line(c.t("outcome-all"), &r.overall),
        categories: r.by_category.iter().map(|(k, n)| (c.t(&format!("outcome-category-{k}")), *n)).collect(),
        categories_chart: (r.overall.graduates > 0).then(|| {
            let series: Vec<(String, f64)> =
                r.by_category.iter().map(|(k, n)| (c.t(&format!("outcome-category-{k}")), *n as f64)).collect();
            crate::chart::hbars(&series, &c.t("outcome-rates"))
        }),
        domains_chart: (!s.domain_means.is_empty()).then(|| {
            let series: Vec<(String, f64)> =
                s.domain_means.iter().map(|(d, m)| (c.t(&format!("survey-domain-{d}")), *m as f64 / 100.0)).collect();
            crate::chart::hbars_to(&series, &c.t("outcome-satisfaction"), 5.0)
        }),
        breakdowns: vec![
            (c.t("outcome-by-college"), "by-college", groups(&r.by_college)),
            (c.t("outcome-by-class"), "by-class", groups(&r.by_class)),
            (c.t("outcome-by-enterprise"), "by-enterprise", groups(&r.by_enterprise)),
            (c.t("outcome-by-micro-degree"), "by-micro-degree", groups(&r.by_micro_degree)),
            (c.t("outcome-by-mentor"), "by-mentor", groups(&r.by_mentor)),
        ],
        invited: s.invited,
        responses: s.responses,
        response_rate: pct(s.response_rate_permille),
        satisfied: pct(s.satisfied.permille),
        interval: c.tf(
            "outcome-interval",
            &[("low", &pct(s.satisfied.low_permille)), ("high", &pct(s.satisfied.high_permille))],
        ),
        domains: s
            .domain_means
            .iter()
            .map(|(d, m)| (c.t(&format!("survey-domain-{d}")), format!("{}.{:02}", m / 100, m % 100)))
            .collect(),
        staff: ctx.actor.may(tandem_domain::access::Action::ManageOutcomes),
        fields,
        invite_error: shown.invite_error,
        survey_url: shown.survey_url,
        error: unplaced.first().cloned().or_else(|| (!shown.errors.is_empty()).then(|| c.t("form-has-errors"))),
        graduate_options: crate::http::form::people_options(&r.invite_candidates),
        cohort: r.cohort,
    };
    let status = if shown.errors.is_empty() && page.invite_error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, &page))
}

pub async fn show(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<CohortQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    page(&state, &viewer, &q.cohort, Shown::default()).await
}

pub async fn record(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let f: OutcomeForm = form(&body);
    let input = uc::OutcomeInput {
        student_email: f.student_email.clone(),
        cohort: f.cohort.clone(),
        category: f.category.clone(),
        employer: f.employer.clone(),
        job_title: f.job_title.clone(),
        relevance: f.relevance.clone(),
        salary_band: f.salary_band.clone(),
        supervisor_email: f.supervisor_email.clone(),
    };
    match uc::record(&state.app, &ctx, &input).await {
        Ok(()) => Ok(Redirect::to(&crate::http::format::done(
            &format!("/outcomes?cohort={}", f.cohort.trim()),
            "outcome-recorded",
        ))
        .into_response()),
        Err(AppError::Invalid(errors)) => {
            let cohort = f.cohort.clone();
            page(&state, &viewer, &cohort, Shown { form: f, errors, ..Shown::default() }).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct InviteForm {
    student_email: String,
    cohort: String,
}

pub async fn invite(
    State(state): State<WebState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: InviteForm = form(&body);
    let shown = match uc::invite(&state.app, &ctx, &f.student_email).await {
        Ok(secret) => {
            let base = crate::http::response::public_base(&state, &headers);
            Shown { survey_url: Some(format!("{base}/survey/{secret}")), ..Shown::default() }
        }
        Err(AppError::Refused(code)) => Shown { invite_error: Some(c.t(code)), ..Shown::default() },
        Err(AppError::Invalid(e)) => {
            let message = e.0.first().map(|x| c.field_message(&x.code, &[])).unwrap_or_default();
            Shown { invite_error: Some(message), ..Shown::default() }
        }
        Err(e) => return Err(c.error(e)),
    };
    page(&state, &viewer, &f.cohort, shown).await
}

#[derive(Template)]
#[template(path = "talent/outcomes/survey.html")]
struct SurveyPage<'a> {
    c: &'a PageCtx,
    secret: String,
    graduate: String,
    job: String,
    ratings: Vec<RatingLine>,
    comment: String,
    closed: Option<String>,
    thanks: bool,
}

pub struct RatingLine {
    name: String,
    label: String,
    options: Vec<(i64, bool)>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SurveyQuery {
    done: String,
}

fn survey_page(
    c: &PageCtx,
    secret: &str,
    inv: Option<&uc::Invitation>,
    values: &[(String, String)],
    errors: &FieldErrors,
    closed: Option<String>,
    thanks: bool,
) -> Response {
    let value = |k: &str| values.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let ratings = DOMAINS
        .iter()
        .chain(std::iter::once(&"overall"))
        .map(|d| {
            let chosen = value(d);
            RatingLine {
                name: (*d).to_owned(),
                label: c.t(&format!("survey-domain-{d}")),
                options: (1..=5).map(|n| (n, chosen == n.to_string())).collect(),
                error: errors.for_field(d).map(|e| c.field_message(&e.code, &[])),
            }
        })
        .collect();
    let page = SurveyPage {
        c,
        secret: secret.to_owned(),
        graduate: inv.map(|i| i.student_name.clone()).unwrap_or_default(),
        job: inv
            .map(|i| {
                format!("{} · {}", i.employer.clone().unwrap_or_default(), i.job_title.clone().unwrap_or_default())
            })
            .unwrap_or_default(),
        ratings,
        comment: value("comment"),
        closed,
        thanks,
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    html(status, &page)
}

/// `GET /survey/{secret}`: no sign-in; the link is the credential and answers once.
pub async fn survey(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(secret): Path<String>,
    Query(q): Query<SurveyQuery>,
) -> Response {
    let c = &viewer.page;
    if q.done == "1" {
        return survey_page(c, &secret, None, &[], &FieldErrors::new(), None, true);
    }
    match uc::open_survey(&state.app, &secret).await {
        Ok(inv) => survey_page(c, &secret, Some(&inv), &[], &FieldErrors::new(), None, false),
        Err(AppError::Refused(code)) => {
            let mut page = survey_page(c, &secret, None, &[], &FieldErrors::new(), Some(c.t(code)), false);
            *page.status_mut() = StatusCode::GONE;
            page
        }
        Err(e) => c.error(e).into_response(),
    }
}

pub async fn answer(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(secret): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let c = &viewer.page;
    let values: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let comment = values.iter().find(|(k, _)| k == "comment").map(|(_, v)| v.as_str()).unwrap_or("");
    match uc::answer(&state.app, &secret, &pairs, comment).await {
        Ok(()) => Redirect::to(&format!("/survey/{secret}?done=1")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let inv = uc::open_survey(&state.app, &secret).await.ok();
            survey_page(c, &secret, inv.as_ref(), &values, &errors, None, false)
        }
        Err(AppError::Refused(code)) => {
            let mut page = survey_page(c, &secret, None, &[], &FieldErrors::new(), Some(c.t(code)), false);
            *page.status_mut() = StatusCode::GONE;
            page
        }
        Err(e) => c.error(e).into_response(),
    }
}

/// `GET /outcomes.xlsx?cohort=`: the annual employment-quality report as a workbook with charts.
pub async fn export(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<CohortQuery>,
) -> Result<Response, PageError> {
    use crate::export::{Sheet, report};
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let r = uc::report(&state.app, &ctx, &q.cohort).await.map_err(|e| c.error(e))?;
    let num = |permille: i64| format!("{}.{}", permille / 10, permille % 10);
    let s = &r.satisfaction;
    let summary = vec![
        vec![c.t("outcome-graduates"), r.overall.graduates.to_string()],
        vec![c.t("outcome-knowledge-rate") + " %", num(r.overall.knowledge_permille)],
        vec![c.t("outcome-career-rate") + " %", num(r.overall.career_outcomes_permille)],
        vec![c.t("outcome-invited"), s.invited.to_string()],
        vec![c.t("outcome-responses"), s.responses.to_string()],
        vec![c.t("outcome-satisfied") + " %", num(s.satisfied.permille)],
        vec![
            c.t("outcome-interval-label"),
            format!("{}–{}", num(s.satisfied.low_permille), num(s.satisfied.high_permille)),
        ],
    ];
    let group_rows = |groups: &[Group]| {
        groups
            .iter()
            .map(|g| {
                let mut row = vec![
                    g.name.clone(),
                    g.rates.graduates.to_string(),
                    num(g.rates.knowledge_permille),
                    num(g.rates.career_outcomes_permille),
                ];
                row.extend(g.hired.map(|h| h.to_string()));
                row
            })
            .collect::<Vec<_>>()
    };
    let group_headers = vec![
        c.t("col-name"),
        c.t("outcome-graduates"),
        c.t("outcome-knowledge-rate") + " %",
        c.t("outcome-career-rate") + " %",
    ];
    let mut hiring_headers = group_headers.clone();
    hiring_headers.push(c.t("outcome-hired"));
    let sheets = vec![
        Sheet {
            name: c.t("outcome-sheet-summary"),
            headers: vec![String::new(), r.cohort.clone()],
            rows: summary,
            chart: None,
        },
        Sheet {
            name: c.t("outcome-sheet-destinations"),
            headers: vec![c.t("outcome-category"), c.t("outcome-graduates")],
            rows: r
                .by_category
                .iter()
                .map(|(k, n)| vec![c.t(&format!("outcome-category-{k}")), n.to_string()])
                .collect(),
            chart: Some((c.t("outcome-category"), 1)),
        },
        Sheet {
            name: c.t("outcome-by-college"),
            headers: group_headers.clone(),
            rows: group_rows(&r.by_college),
            chart: Some((c.t("outcome-career-rate"), 3)),
        },
        Sheet {
            name: c.t("outcome-by-class"),
            headers: hiring_headers.clone(),
            rows: group_rows(&r.by_class),
            chart: None,
        },
        Sheet {
            name: c.t("outcome-by-enterprise"),
            headers: hiring_headers,
            rows: group_rows(&r.by_enterprise),
            chart: None,
        },
        Sheet {
            name: c.t("outcome-by-micro-degree"),
            headers: group_headers.clone(),
            rows: group_rows(&r.by_micro_degree),
            chart: None,
        },
        Sheet { name: c.t("outcome-by-mentor"), headers: group_headers, rows: group_rows(&r.by_mentor), chart: None },
        Sheet {
            name: c.t("outcome-satisfaction"),
            headers: vec![c.t("survey-domain"), c.t("outcome-mean")],
            rows: s
                .domain_means
                .iter()
                .map(|(d, m)| vec![c.t(&format!("survey-domain-{d}")), format!("{}.{:02}", m / 100, m % 100)])
                .collect(),
            chart: Some((c.t("outcome-satisfaction"), 1)),
        },
    ];
    let bytes = report(&sheets).map_err(|e| c.error(AppError::Unexpected(e)))?;
    Ok(crate::http::response::attachment(
        &format!("employment-quality-{}.xlsx", r.cohort),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    ))
}
