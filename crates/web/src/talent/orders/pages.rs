//! Order-based classes in the browser: the list with the student's own applications and their
//! outcomes, the enterprise's order form, and a class page with applying, ranking, the
//! university's decision, the selection, and the roster.

use crate::http::form::Field;
use crate::http::form::{form, form_response};
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::Value;
use tandem_app::AppError;
use tandem_app::talent::{self as uc, Application, ClassOrder, OrderClass};
use tandem_app::talent::{mentoring, orders};
use tandem_domain::validation::FieldErrors;

fn status_label(c: &PageCtx, status: &str) -> String {
    c.t(&format!("class-status-{status}"))
}

fn salary(c: &OrderClass) -> String {
    match (c.salary_min_fen, c.salary_max_fen) {
        (Some(a), Some(b)) => format!("¥{}–{} / 月", a / 100, b / 100),
        (Some(a), None) => format!("≥ ¥{} / 月", a / 100),
        (None, Some(b)) => format!("≤ ¥{} / 月", b / 100),
        (None, None) => "—".into(),
    }
}

pub struct ClassLine {
    id: i64,
    title: String,
    enterprise: String,
    seats: i64,
    applicants: i64,
    members: i64,
    status: String,
    status_code: String,
    period: String,
}

fn class_line(c: &PageCtx, k: &OrderClass) -> ClassLine {
    ClassLine {
        id: k.id,
        title: k.title.clone(),
        enterprise: k.enterprise_name.clone(),
        seats: k.seats,
        applicants: k.applicants,
        members: k.members,
        status: status_label(c, &k.status),
        status_code: k.status.clone(),
        period: format!("{} – {}", k.starts_on, k.ends_on),
    }
}

pub struct MyLine {
    class_id: i64,
    class_title: String,
    preference: i64,
    outcome: String,
    reasons: Vec<String>,
}

/// Turns a stored explanation into sentences in the reader's language.
fn reasons(c: &PageCtx, a: &Application, titles: &std::collections::HashMap<i64, String>) -> Vec<String> {
    let Some(e) = a.explanation.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok()) else {
        return vec![];
    };
    let mut out = Vec::new();
    if let Some(assigned) = e["assigned"].as_i64() {
        let title = titles.get(&assigned).cloned().unwrap_or_else(|| assigned.to_string());
        let choice = e["choice"].as_i64().unwrap_or(0).to_string();
        out.push(c.tf("class-reason-assigned", &[("class", &title), ("choice", &choice)]));
    } else {
        out.push(c.t("class-reason-none"));
    }
    for p in e["passed_over"].as_array().into_iter().flatten() {
        let class = p["class_id"].as_i64().unwrap_or(0);
        let title = titles.get(&class).cloned().unwrap_or_else(|| class.to_string());
        let line = match p["reason"].as_str() {
            Some("full") => c.tf(
                "class-reason-full",
                &[
                    ("class", &title),
                    ("last", &p["last_admitted_rank"].to_string()),
                    ("yours", &p["your_rank"].to_string()),
                ],
            ),
            Some("not_ranked") => c.tf("class-reason-not-ranked", &[("class", &title)]),
            _ => c.tf("class-reason-gone", &[("class", &title)]),
        };
        out.push(line);
    }
    out
}

#[derive(Template)]
#[template(path = "talent/orders/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    rows: Vec<ClassLine>,
    mine: Vec<MyLine>,
    can_order: bool,
    staff: bool,
    open_classes: usize,
    notice: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    classes: Option<usize>,
    applicants: Option<usize>,
    placed: Option<usize>,
}

async fn list_page(
    state: &WebState,
    viewer: &Viewer,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let screen = orders::classes_page(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let classes = screen.classes;
    let titles: std::collections::HashMap<i64, String> = classes.iter().map(|k| (k.id, k.title.clone())).collect();
    let mine = screen
        .my_applications
        .into_iter()
        .map(|a| MyLine {
            reasons: if a.outcome.as_deref() == Some("not_selected") || a.outcome.as_deref() == Some("selected") {
                reasons(c, &a, &titles)
            } else {
                vec![]
            },
            class_id: a.class_id,
            class_title: a.class_title.clone(),
            preference: a.preference,
            outcome: c.t(&format!("class-outcome-{}", a.outcome.as_deref().unwrap_or("pending"))),
        })
        .collect();
    let page = ListPage {
        c,
        open_classes: classes.iter().filter(|k| k.status == "open").count(),
        rows: classes.iter().map(|k| class_line(c, k)).collect(),
        mine,
        can_order: screen.may_order,
        staff: screen.staff,
        notice,
    };
    Ok(html(status, &page))
}

pub async fn list(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let notice = match (q.classes, q.applicants, q.placed) {
        (Some(classes), Some(applicants), Some(placed)) => Some(viewer.page.tf(
            "class-selection-summary",
            &[
                ("classes", &classes.to_string()),
                ("applicants", &applicants.to_string()),
                ("placed", &placed.to_string()),
            ],
        )),
        _ => None,
    };
    list_page(&state, &viewer, notice, StatusCode::OK).await
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct OrderForm {
    enterprise_id: String,
    title: String,
    positions: String,
    majors: String,
    skills: String,
    seats: String,
    hires: String,
    salary_min: String,
    salary_max: String,
    location: String,
    starts_on: String,
    ends_on: String,
}

async fn order_form(
    state: &WebState,
    viewer: &Viewer,
    f: &OrderForm,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let mut enterprises = Vec::new();
    for id in uc::may_order_for(&ctx) {
        if let Ok(e) = tandem_app::org::get_enterprise(&state.app, &ctx, id).await {
            enterprises.push((id.to_string(), e.row.name));
        }
    }
    let fields = vec![
        Field::new("enterprise_id", c.t("class-enterprise"), &f.enterprise_id)
            .kind("select")
            .required()
            .choices(enterprises),
        Field::new("title", c.t("class-title-field"), &f.title).required(),
        Field::new("positions", c.t("class-positions"), &f.positions).required().hint(c.t("class-positions-hint")),
        Field::new("majors", c.t("class-majors"), &f.majors).required(),
        Field::new("skills", c.t("class-skills"), &f.skills).kind("textarea"),
        Field::new("seats", c.t("class-seats"), &f.seats).kind("number").required(),
        Field::new("hires", c.t("class-hires"), &f.hires).kind("number").hint(c.t("class-hires-hint")),
        Field::new("salary_min", c.t("class-salary-min"), &f.salary_min).kind("number"),
        Field::new("salary_max", c.t("class-salary-max"), &f.salary_max).kind("number"),
        Field::new("location", c.t("class-location"), &f.location),
        Field::new("starts_on", c.t("class-starts"), &f.starts_on).kind("date").required(),
        Field::new("ends_on", c.t("class-ends"), &f.ends_on).kind("date").required(),
    ];
    Ok(form_response(
        c,
        c.t("class-order"),
        "/classes".into(),
        ("/classes".into(), c.t("classes-title")),
        fields,
        errors,
    ))
}

pub async fn new_form(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let own = uc::may_order_for(&ctx);
    if own.is_empty() {
        return Err(viewer.page.error(AppError::Forbidden));
    }
    let f = OrderForm { enterprise_id: own[0].to_string(), ..OrderForm::default() };
    order_form(&state, &viewer, &f, &FieldErrors::new()).await
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let f: OrderForm = form(&body);
    let Ok(enterprise) = f.enterprise_id.parse::<i64>() else {
        let mut e = FieldErrors::new();
        e.add("enterprise_id", "required");
        return order_form(&state, &viewer, &f, &e).await;
    };
    let input = ClassOrder {
        title: f.title.clone(),
        positions: f.positions.clone(),
        majors: f.majors.clone(),
        skills: f.skills.clone(),
        seats: f.seats.clone(),
        hires: f.hires.clone(),
        salary_min: f.salary_min.clone(),
        salary_max: f.salary_max.clone(),
        location: f.location.clone(),
        starts_on: f.starts_on.clone(),
        ends_on: f.ends_on.clone(),
    };
    match uc::order(&state.app, &ctx, enterprise, &input).await {
        Ok(id) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/classes/{id}"), "class-ordered")).into_response())
        }
        Err(AppError::Invalid(e)) => order_form(&state, &viewer, &f, &e).await,
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub struct ApplicantLine {
    id: i64,
    name: String,
    preference: i64,
    statement: String,
    rank: String,
    outcome: String,
}

pub struct MemberLine {
    student_id: i64,
    name: String,
    source: String,
    left: Option<String>,
    academic: Option<(i64, String)>,
    enterprise: Option<(i64, String)>,
    /// The hiring outcome, for those who may read it.
    hiring: Option<String>,
}

/// A curriculum item as the class page lists it.
pub struct CurriculumLine {
    id: i64,
    kind: String,
    title: String,
    hours: i64,
    taught_by: String,
    side: String,
    agreed: bool,
    may_agree: bool,
}

pub struct PlacementLine {
    name: String,
    site: String,
    supervisor: String,
    period: String,
}

#[derive(Template)]
#[template(path = "talent/orders/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    id: i64,
    title: String,
    enterprise: String,
    enterprise_id: i64,
    facts: Vec<(String, String)>,
    status: String,
    status_code: String,
    staff: bool,
    speaks_for: bool,
    may_apply: bool,
    mine: Option<String>,
    me: i64,
    member: bool,
    apply_fields: Vec<Field>,
    applicants: Vec<ApplicantLine>,
    members: Vec<MemberLine>,
    curriculum: Vec<CurriculumLine>,
    /// Whether the caller may propose curriculum items (either side, once accepted).
    may_propose: bool,
    /// Whether the caller records placements and hiring (either side, after the selection).
    runs_class: bool,
    placements: Vec<PlacementLine>,
    hired_summary: Option<String>,
    not_hired_reasons: Vec<(String, String)>,
    error: Option<String>,
    /// People to pick as mentors, and applicants to place, by e-mail.
    mentor_options: Vec<crate::http::form::Choice>,
    applicant_options: Vec<crate::http::form::Choice>,
}

#[derive(Default)]
struct Shown {
    preference: String,
    statement: String,
    errors: FieldErrors,
    error: Option<String>,
    status: Option<StatusCode>,
}

async fn detail_page(state: &WebState, viewer: &Viewer, id: i64, shown: Shown) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let screen = orders::class_page(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let v = screen.view;
    let k = &v.class;
    let facts = vec![
        (c.t("class-positions"), k.positions.clone()),
        (c.t("class-majors"), k.majors.clone()),
        (c.t("class-skills"), k.skills.clone().unwrap_or_else(|| "—".into())),
        (c.t("class-seats"), k.seats.to_string()),
        (c.t("class-hires"), k.hires.to_string()),
        (c.t("class-salary"), salary(k)),
        (c.t("class-location"), k.location.clone().unwrap_or_else(|| "—".into())),
        (c.t("class-period"), format!("{} – {}", k.starts_on, k.ends_on)),
    ];
    let mut apply_fields = vec![
        Field::new("preference", c.t("class-preference"), &shown.preference)
            .kind("select")
            .required()
            .hint(c.t("class-preference-hint"))
            .choices((1..=5).map(|n| (n.to_string(), c.tf("class-choice", &[("n", &n.to_string())]))).collect()),
        Field::new("statement", c.t("class-statement"), &shown.statement).kind("textarea"),
    ];
    crate::http::form::attach_errors(c, &mut apply_fields, &shown.errors);
    let applicants = v
        .applications
        .unwrap_or_default()
        .into_iter()
        .map(|a| ApplicantLine {
            id: a.id,
            name: a.student_name,
            preference: a.preference,
            statement: a.statement.unwrap_or_default(),
            rank: a.rank.map(|r| r.to_string()).unwrap_or_default(),
            outcome: c.t(&format!("class-outcome-{}", a.outcome.as_deref().unwrap_or("pending"))),
        })
        .collect();
    let mentor_of = |student: i64, kind: &str| {
        screen.mentors.iter().find(|x| x.student_id == student && x.kind == kind).map(|x| (x.id, x.mentor_name.clone()))
    };
    let side = screen.side;
    let members: Vec<MemberLine> = v
        .members
        .iter()
        .map(|m| MemberLine {
            hiring: match (m.hired, side.is_some() || m.student_id == ctx.actor.person_id) {
                (Some(1), true) => Some(c.t("class-hired")),
                (Some(_), true) => Some(c.tf(
                    "class-not-hired",
                    &[("reason", &c.t(&format!("class-not-hired-{}", m.hiring_reason.as_deref().unwrap_or("other"))))],
                )),
                _ => None,
            },
            academic: mentor_of(m.student_id, "academic"),
            enterprise: mentor_of(m.student_id, "enterprise"),
            student_id: m.student_id,
            name: m.student_name.clone(),
            source: c.t(&format!("class-source-{}", m.source)),
            left: m.left_at.map(|_| {
                let private = v.speaks_for || m.student_id == ctx.actor.person_id;
                let reason = if private { m.leave_reason.as_deref().unwrap_or("") } else { "—" };
                c.tf("class-left", &[("reason", reason)])
            }),
        })
        .collect();
    let member = v.members.iter().any(|m| m.student_id == ctx.actor.person_id && m.left_at.is_none());
    let mine = v.mine.as_ref().map(|a| {
        c.tf(
            "class-mine",
            &[
                ("n", &a.preference.to_string()),
                ("outcome", &c.t(&format!("class-outcome-{}", a.outcome.as_deref().unwrap_or("pending")))),
            ],
        )
    });
    let ended = screen.ended;
    let curriculum = screen
        .curriculum
        .into_iter()
        .map(|i| CurriculumLine {
            may_agree: i.agreed_at.is_none()
                && !ended
                && side.is_some_and(|s| s.code() != i.proposed_by_side && k.status != "declined"),
            id: i.id,
            kind: c.t(&format!("class-item-{}", i.kind)),
            title: i.title,
            hours: i.hours,
            taught_by: i.taught_by.unwrap_or_default(),
            side: c.t(&format!("class-side-{}", i.proposed_by_side)),
            agreed: i.agreed_at.is_some(),
        })
        .collect();
    let placements = screen
        .placements
        .into_iter()
        .map(|p| PlacementLine {
            name: p.student_name,
            site: p.site,
            supervisor: p.supervisor,
            period: format!("{} – {}", p.starts_on, p.ends_on),
        })
        .collect();
    let hired = v.members.iter().filter(|m| m.hired == Some(1)).count();
    let recorded = v.members.iter().filter(|m| m.hired.is_some()).count();
    let hired_summary = (side.is_some() && k.status == "selected").then(|| {
        c.tf(
            "class-hired-summary",
            &[
                ("hired", &hired.to_string()),
                ("committed", &k.hires.to_string()),
                ("recorded", &recorded.to_string()),
                ("members", &v.members.len().to_string()),
            ],
        )
    });
    let page = DetailPage {
        c,
        id,
        mentor_options: crate::http::form::people_options(&screen.mentor_candidates),
        applicant_options: crate::http::form::people_options(&screen.applicant_candidates),
        title: k.title.clone(),
        enterprise: k.enterprise_name.clone(),
        enterprise_id: k.enterprise_id,
        facts,
        status: status_label(c, &k.status),
        status_code: k.status.clone(),
        staff: v.staff,
        speaks_for: v.speaks_for,
        may_apply: v.may_apply && v.mine.is_none(),
        mine,
        me: ctx.actor.person_id,
        member,
        apply_fields,
        applicants,
        members,
        curriculum,
        may_propose: side.is_some() && matches!(k.status.as_str(), "open" | "selected") && !ended,
        runs_class: side.is_some() && k.status == "selected",
        placements,
        hired_summary,
        not_hired_reasons: tandem_domain::talent::curriculum::NOT_HIRED_REASONS
            .iter()
            .map(|r| ((*r).to_owned(), c.t(&format!("class-not-hired-{r}"))))
            .collect(),
        error: shown.error,
    };
    Ok(html(shown.status.unwrap_or(StatusCode::OK), &page))
}

pub async fn detail(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let id = crate::http::page::path_id(&viewer, &id)?;
    detail_page(&state, &viewer, id, Shown::default()).await
}

/// Renders the outcome of a class action: back to the class, or the class with the reason.
async fn after(
    state: &WebState,
    viewer: &Viewer,
    id: i64,
    outcome: Result<(), AppError>,
    shown: Shown,
    done: &str,
) -> Result<Response, PageError> {
    let c = &viewer.page;
    match outcome {
        Ok(()) => Ok(Redirect::to(&crate::http::format::done(&format!("/classes/{id}"), done)).into_response()),
        Err(AppError::Invalid(errors)) => {
            let first = c.first_error_message(&errors);
            let shown = Shown { errors, error: first, status: Some(StatusCode::UNPROCESSABLE_ENTITY), ..shown };
            detail_page(state, viewer, id, shown).await
        }
        Err(AppError::Refused(code)) => {
            let shown = Shown { error: Some(c.t(code)), status: Some(StatusCode::UNPROCESSABLE_ENTITY), ..shown };
            detail_page(state, viewer, id, shown).await
        }
        Err(e) => Err(c.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ApplyForm {
    preference: String,
    statement: String,
}

pub async fn apply(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: ApplyForm = form(&body);
    let outcome = match f.preference.parse::<i64>() {
        Ok(p) => uc::apply(&state.app, &ctx, id, p, &f.statement).await.map(|_| ()),
        Err(_) => Err(AppError::invalid("preference", "required")),
    };
    let shown = Shown { preference: f.preference, statement: f.statement, ..Shown::default() };
    after(&state, &viewer, id, outcome, shown, "class-applied").await
}

/// `POST /classes/{id}/ranks`: one `rank_<application>` field per applicant; empty clears.
pub async fn rank(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let mut ranks = Vec::new();
    let mut errors = FieldErrors::new();
    for (key, value) in pairs {
        let Some(application) = key.strip_prefix("rank_").and_then(|a| a.parse::<i64>().ok()) else { continue };
        match value.trim() {
            "" => ranks.push((application, None)),
            v => match v.parse::<i64>() {
                Ok(r) => ranks.push((application, Some(r))),
                Err(_) => errors.add(&key, "not_a_whole_number"),
            },
        }
    }
    let outcome =
        if errors.is_empty() { uc::rank(&state.app, &ctx, id, &ranks).await } else { Err(AppError::Invalid(errors)) };
    after(&state, &viewer, id, outcome, Shown::default(), "class-ranked").await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NoteForm {
    note: String,
    email: String,
    reason: String,
}

pub async fn decide(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, decision)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let accept = match decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(viewer.page.error(AppError::NotFound)),
    };
    let f: NoteForm = form(&body);
    let outcome = uc::decide(&state.app, &ctx, id, accept, &f.note).await;
    after(&state, &viewer, id, outcome, Shown::default(), "class-decided").await
}

pub async fn place(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: NoteForm = form(&body);
    let outcome = uc::place(&state.app, &ctx, id, &f.email, &f.note).await;
    after(&state, &viewer, id, outcome, Shown::default(), "class-placed").await
}

pub async fn leave(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, student)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let (Ok(id), Ok(student)) = (id.parse::<i64>(), student.parse::<i64>()) else {
        return Err(viewer.page.error(AppError::NotFound));
    };
    let f: NoteForm = form(&body);
    let outcome = uc::leave(&state.app, &ctx, id, student, &f.reason).await;
    after(&state, &viewer, id, outcome, Shown::default(), "class-left").await
}

pub async fn run_selection(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    match uc::run_selection(&state.app, &ctx).await {
        Ok(s) => {
            Ok(Redirect::to(&format!("/classes?classes={}&applicants={}&placed={}", s.classes, s.applicants, s.placed))
                .into_response())
        }
        Err(AppError::Refused(code)) => {
            list_page(&state, &viewer, Some(c.t(code)), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(c.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct MentorForm {
    student_id: String,
    kind: String,
    email: String,
}

/// `POST /classes/{id}/mentors`: staff give a member a mentor of one kind.
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
    let outcome = match f.student_id.parse::<i64>() {
        Ok(student) => mentoring::assign_mentor(&state.app, &ctx, id, student, &f.email, &f.kind).await,
        Err(_) => Err(AppError::invalid("student_id", "required")),
    };
    after(&state, &viewer, id, outcome, Shown::default(), "mentor-assigned").await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CurriculumForm {
    kind: String,
    title: String,
    hours: String,
    taught_by: String,
}

/// `POST /classes/{id}/curriculum`: either side proposes an item.
pub async fn propose_curriculum(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: CurriculumForm = form(&body);
    let input = tandem_domain::talent::curriculum::ItemInput {
        kind: f.kind,
        title: f.title,
        hours: f.hours,
        taught_by: f.taught_by,
    };
    let outcome = tandem_app::talent::curriculum::propose(&state.app, &ctx, id, &input).await.map(|_| ());
    after(&state, &viewer, id, outcome, Shown::default(), "curriculum-proposed").await
}

/// `POST /classes/{id}/curriculum/{item}/agree`: the other side agrees.
pub async fn agree_curriculum(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, item)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let (Ok(id), Ok(item)) = (id.parse::<i64>(), item.parse::<i64>()) else {
        return Err(viewer.page.error(AppError::NotFound));
    };
    let outcome = tandem_app::talent::curriculum::agree(&state.app, &ctx, id, item).await;
    after(&state, &viewer, id, outcome, Shown::default(), "curriculum-agreed").await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PlacementForm {
    student_id: String,
    site: String,
    supervisor: String,
    starts_on: String,
    ends_on: String,
}

/// `POST /classes/{id}/placements`: a member's practice at the enterprise.
pub async fn place_in_practice(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: PlacementForm = form(&body);
    let input = tandem_domain::talent::curriculum::PlacementInput {
        site: f.site,
        supervisor: f.supervisor,
        starts_on: f.starts_on,
        ends_on: f.ends_on,
    };
    let outcome = match f.student_id.parse::<i64>() {
        Ok(student) => {
            tandem_app::talent::curriculum::place_in_practice(&state.app, &ctx, id, student, &input).await.map(|_| ())
        }
        Err(_) => Err(AppError::invalid("student_id", "required")),
    };
    after(&state, &viewer, id, outcome, Shown::default(), "practice-placed").await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct HiringForm {
    student_id: String,
    hired: String,
    reason: String,
    note: String,
}

/// `POST /classes/{id}/hiring`: a member's hiring outcome at the end of the class.
pub async fn record_hiring(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("classes");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: HiringForm = form(&body);
    let outcome = match f.student_id.parse::<i64>() {
        Ok(student) => {
            tandem_app::talent::curriculum::record_hiring(&state.app, &ctx, id, student, &f.hired, &f.reason, &f.note)
                .await
        }
        Err(_) => Err(AppError::invalid("student_id", "required")),
    };
    after(&state, &viewer, id, outcome, Shown::default(), "hiring-recorded").await
}
