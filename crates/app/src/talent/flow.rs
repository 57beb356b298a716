//! The two-way flow of people between the university and enterprises: teachers' practice
//! terms, experts' appointments, and the dual-qualified teacher share per college.

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use tandem_domain::access::{Action, Role};
use tandem_domain::org::OrgKind;
use tandem_domain::talent::flow::{APPOINTMENTS, DualQualifiedRule, is_dual_qualified, parse_term};
use tandem_store::talent as store;

pub use tandem_store::talent::{AppointmentRow as Appointment, PracticeRow as Practice};

/// Practice terms the caller may see: staff all; a teacher their own; an enterprise's people
/// those at their enterprise.
pub async fn practice(app: &App, ctx: &Ctx) -> AppResult<Vec<Practice>> {
    Ok(store::practice(
        &app.db,
        ctx.actor.may(Action::ManagePractice),
        ctx.actor.person_id,
        &ctx.actor.own_enterprises(),
    )
    .await?)
}

/// Enterprises and colleges to choose from in the forms (names only): for teachers recording
/// their practice and for staff.
pub async fn choices(app: &App, ctx: &Ctx) -> AppResult<(Vec<(i64, String)>, Vec<(i64, String)>)> {
    if !may_record(ctx) {
        return Ok((vec![], vec![]));
    }
    let pick = |kind: &str, rows: &[tandem_store::org::OrgRef]| {
        rows.iter().filter(|r| r.kind == kind).map(|r| (r.id, r.name.clone())).collect::<Vec<_>>()
    };
    let rows = tandem_store::org::refs_of_kinds(&app.db, &["enterprise", "college"]).await?;
    Ok((pick("enterprise", &rows), pick("college", &rows)))
}

/// Whether the caller may record practice terms (their own as a teacher, anyone's as staff).
pub fn may_record(ctx: &Ctx) -> bool {
    ctx.actor.may(Action::RecordPractice { teacher_id: ctx.actor.person_id })
}

/// Records a teacher's practice term at an enterprise: the teacher themselves, or staff for any
/// teacher (`teacher_email` empty means the caller).
#[allow(clippy::too_many_arguments)]
pub async fn record_practice(
    app: &App,
    ctx: &Ctx,
    teacher_email: &str,
    enterprise_id: i64,
    starts_on: &str,
    ends_on: &str,
    project: &str,
    report: &str,
) -> AppResult<i64> {
    // Only staff name someone else; checking first keeps others from probing which emails exist.
    if !teacher_email.trim().is_empty() {
        app.authorize(ctx, Action::ManagePractice).await?;
    }
    let teacher = if teacher_email.trim().is_empty() {
        ctx.actor.person_id
    } else {
        tandem_store::sharing::person_by_email(&app.db, teacher_email.trim())
            .await?
            .map(|(id, _)| id)
            .ok_or_else(|| AppError::invalid("teacher_email", "equipment.no_such_person"))?
    };
    app.authorize(ctx, Action::RecordPractice { teacher_id: teacher }).await?;
    let teaches =
        tandem_store::people::memberships_of(&app.db, teacher).await?.iter().any(|m| m.role == Role::Teacher.code());
    if !teaches {
        return Err(AppError::invalid("teacher_email", "flow.not_a_teacher"));
    }
    let kind = tandem_store::org::get_org(&app.db, enterprise_id).await?.map(|o| o.kind);
    if kind.as_deref() != Some(OrgKind::Enterprise.code()) {
        return Err(AppError::invalid("enterprise_id", "order.not_an_enterprise"));
    }
    let term = parse_term(starts_on, ends_on, project, report)?;
    let mut tx = app.db.begin_write().await?;
    let id = store::insert_practice(
        &mut tx,
        teacher,
        enterprise_id,
        &term.starts_on,
        &term.ends_on,
        &term.project,
        term.report.as_deref(),
        ctx.actor.person_id,
        app.now(),
    )
    .await?;
    let after = json!({ "teacher_id": teacher, "enterprise_id": enterprise_id, "starts_on": term.starts_on, "ends_on": term.ends_on });
    record_change(&mut tx, app, ctx, "practice.recorded", "person", teacher, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The teacher (or staff) adds the outcome report of a practice term.
pub async fn report_practice(app: &App, ctx: &Ctx, id: i64, report: &str) -> AppResult<()> {
    let p = store::get_practice(&app.db, id).await?.ok_or(AppError::NotFound)?;
    app.authorize_or_hide(ctx, Action::ReportPractice { teacher_id: p.teacher_id }).await?;
    let mut errors = tandem_domain::validation::FieldErrors::new();
    let report = tandem_domain::validation::required_text(&mut errors, "report", report, 8000);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.begin_write().await?;
    store::set_practice_report(&mut tx, id, &report, app.now()).await?;
    record_change(
        &mut tx,
        app,
        ctx,
        "practice.reported",
        "person",
        p.teacher_id,
        None,
        Some(json!({"practice_id": id})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every appointment of an enterprise expert (anyone signed in may read them).
pub async fn appointments(app: &App, _ctx: &Ctx) -> AppResult<Vec<Appointment>> {
    Ok(store::appointments(&app.db).await?)
}

/// Staff appoint an enterprise's expert to a college as industry professor or adjunct teacher.
#[allow(clippy::too_many_arguments)]
pub async fn appoint(
    app: &App,
    ctx: &Ctx,
    expert_email: &str,
    college_id: i64,
    kind: &str,
    starts_on: &str,
    ends_on: &str,
    courses: &str,
) -> AppResult<i64> {
    app.authorize(ctx, Action::AppointExperts).await?;
    if !APPOINTMENTS.contains(&kind.trim()) {
        return Err(AppError::invalid("kind", "not_a_choice"));
    }
    let Some((expert, _)) = tandem_store::sharing::person_by_email(&app.db, expert_email.trim()).await? else {
        return Err(AppError::invalid("expert_email", "equipment.no_such_person"));
    };
    let from_industry =
        tandem_store::people::memberships_of(&app.db, expert).await?.iter().any(|m| m.org_kind == "enterprise");
    if !from_industry {
        return Err(AppError::invalid("expert_email", "flow.not_from_enterprise"));
    }
    let kind_of = tandem_store::org::get_org(&app.db, college_id).await?.map(|o| o.kind);
    if kind_of.as_deref() != Some(OrgKind::College.code()) {
        return Err(AppError::invalid("college_id", "flow.not_a_college"));
    }
    let term = parse_term(starts_on, ends_on, courses, "")?;
    let mut tx = app.db.begin_write().await?;
    let id = store::insert_appointment(
        &mut tx,
        expert,
        college_id,
        kind.trim(),
        &term.starts_on,
        &term.ends_on,
        &term.project,
        ctx.actor.person_id,
        app.now(),
    )
    .await?;
    let after = json!({ "expert_id": expert, "college_id": college_id, "kind": kind.trim() });
    record_change(&mut tx, app, ctx, "expert.appointed", "person", expert, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// One college's dual-qualified figures.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CollegeShare {
    pub college_id: i64,
    pub college: String,
    pub teachers: i64,
    pub dual_qualified: i64,
    /// Per mille, rounded down, so the figure stays an integer.
    pub share_permille: i64,
}

/// Whether the caller may see the dual-qualified shares.
pub fn may_see_shares(ctx: &Ctx) -> bool {
    ctx.actor.may(Action::ViewFlowFigures)
}

/// The dual-qualified share per college today, by the rule in `data/rules` (staff and
/// government officers).
pub async fn dual_qualified(app: &App, ctx: &Ctx) -> AppResult<(DualQualifiedRule, Vec<CollegeShare>)> {
    app.authorize(ctx, Action::ViewFlowFigures).await?;
    let rule = DualQualifiedRule::load().map_err(AppError::Unexpected)?;
    let today = chrono::DateTime::from_timestamp(app.now() + tandem_domain::sharing::LOCAL_OFFSET_SECS, 0)
        .map(|d| d.date_naive())
        .unwrap_or_default();
    let mut terms: HashMap<i64, Vec<(chrono::NaiveDate, chrono::NaiveDate)>> = HashMap::new();
    for (teacher, s, e) in store::practice_terms(&app.db).await? {
        let parse = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        if let (Some(s), Some(e)) = (parse(&s), parse(&e)) {
            terms.entry(teacher).or_default().push((s, e));
        }
    }
    let mut colleges: BTreeMap<(String, i64), (i64, i64)> = BTreeMap::new();
    for (teacher, college, name) in store::teachers_by_college(&app.db).await? {
        let entry = colleges.entry((name, college)).or_default();
        entry.0 += 1;
        if terms.get(&teacher).is_some_and(|t| is_dual_qualified(&rule, t, today)) {
            entry.1 += 1;
        }
    }
    let shares = colleges
        .into_iter()
        .map(|((college, college_id), (teachers, dual))| CollegeShare {
            college_id,
            college,
            teachers,
            dual_qualified: dual,
            share_permille: if teachers == 0 { 0 } else { dual * 1000 / teachers },
        })
        .collect();
    Ok((rule, shares))
}

/// The two-way flow page: the dual-qualified figures for those who may see them, the practice
/// terms and appointments the reader may read, the forms' choices, and what the reader may do.
#[derive(Debug, Clone)]
pub struct FlowPage {
    /// The rule and each college's share; `None` for readers who may not see the figures.
    pub shares: Option<(DualQualifiedRule, Vec<CollegeShare>)>,
    pub practice: Vec<Practice>,
    pub appointments: Vec<Appointment>,
    /// Enterprises to record practice at, as `(id, name)`; empty unless the reader may record.
    pub enterprises: Vec<(i64, String)>,
    /// Colleges to appoint experts to, as `(id, name)`; empty unless the reader may record.
    pub colleges: Vec<(i64, String)>,
    /// Whether the reader may record practice terms (at least their own).
    pub may_record: bool,
    /// Whether the reader may record practice for another teacher (names them by email).
    pub may_record_for_others: bool,
    /// Whether the reader may appoint experts.
    pub may_appoint: bool,
}

/// Everything the flow page shows, read once. The figures are only asked for when the reader may
/// see them, so a teacher opening the page leaves no refusal in the audit log.
pub async fn flow_page(app: &App, ctx: &Ctx) -> AppResult<FlowPage> {
    let shares = if may_see_shares(ctx) { Some(dual_qualified(app, ctx).await?) } else { None };
    let (enterprises, colleges) = choices(app, ctx).await?;
    Ok(FlowPage {
        shares,
        appointments: appointments(app, ctx).await?,
        practice: practice(app, ctx).await?,
        enterprises,
        colleges,
        may_record: may_record(ctx),
        may_record_for_others: ctx.actor.may(Action::ManagePractice),
        may_appoint: ctx.actor.may(Action::AppointExperts),
    })
}
