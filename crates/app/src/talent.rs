//! Talent cultivation with enterprises: order-based classes from the order to the roster.
//! The selection is one transaction over every open class, so a student is placed at most
//! once and each learns why a class they preferred did not take them.

pub mod curriculum;
pub mod flow;
pub mod internships;
pub mod mentoring;
pub mod microdegrees;
pub mod orders;
pub mod outcomes;

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use std::collections::HashMap;
use tandem_domain::access::Action;
use tandem_domain::notifications::Notice;
use tandem_domain::org::OrgKind;
use tandem_domain::talent::mentoring::Placement;
use tandem_domain::talent::order::{MAX_PREFERENCES, OrderInput, parse_order};
use tandem_domain::talent::selection::{Applicant, NotAdmitted, Rankings, Seat, select};
use tandem_domain::validation::{FieldErrors, optional_text, required_text};
use tandem_store::StoreError;
use tandem_store::talent::{self as store, ClassWrite};

pub use tandem_domain::talent::order::OrderInput as ClassOrder;
pub use tandem_store::talent::{ApplicationRow as Application, ClassRow as OrderClass, MemberRow as Member};

/// Open and selected classes are public to everyone signed in; an order still being considered
/// (or declined) only to staff and its enterprise.
fn view_of(c: &OrderClass) -> Action {
    Action::ViewOrderClass { enterprise_id: c.enterprise_id, public: matches!(c.status.as_str(), "open" | "selected") }
}

pub(crate) async fn visible(app: &App, ctx: &Ctx, id: i64) -> AppResult<OrderClass> {
    let c = store::get_class(&app.db, id).await?.ok_or(AppError::NotFound)?;
    app.authorize_or_hide(ctx, view_of(&c)).await?;
    Ok(c)
}

pub async fn list(app: &App, ctx: &Ctx) -> AppResult<Vec<OrderClass>> {
    let all = ctx.actor.may(Action::RunOrderClasses);
    Ok(store::list_classes(&app.db, all, &ctx.actor.own_enterprises()).await?)
}

/// A class as its reader sees it.
#[derive(Debug, Clone)]
pub struct ClassView {
    pub class: OrderClass,
    /// All applications, for the enterprise and staff; `None` for others.
    pub applications: Option<Vec<Application>>,
    pub members: Vec<Member>,
    pub mine: Option<Application>,
    pub speaks_for: bool,
    pub staff: bool,
    pub may_apply: bool,
}

pub async fn get(app: &App, ctx: &Ctx, id: i64) -> AppResult<ClassView> {
    let class = visible(app, ctx, id).await?;
    let speaks_for = ctx.actor.may(Action::ActForEnterprise { enterprise_id: class.enterprise_id });
    let applications = if speaks_for { Some(store::applications_of_class(&app.db, id).await?) } else { None };
    let mine =
        store::applications_of_student(&app.db, ctx.actor.person_id).await?.into_iter().find(|a| a.class_id == id);
    Ok(ClassView {
        members: store::members(&app.db, id).await?,
        applications,
        mine,
        speaks_for,
        staff: ctx.actor.may(Action::RunOrderClasses),
        may_apply: ctx.actor.may(Action::ApplyToOrderClass) && class.status == "open",
        class,
    })
}

/// Enterprises for which the caller may order a class.
pub fn may_order_for(ctx: &Ctx) -> Vec<i64> {
    ctx.actor
        .grants
        .iter()
        .filter(|g| {
            g.org_kind == OrgKind::Enterprise && ctx.actor.may(Action::ActForEnterprise { enterprise_id: g.org_id })
        })
        .map(|g| g.org_id)
        .collect()
}

/// An enterprise orders a class; it waits for the university's decision.
pub async fn order(app: &App, ctx: &Ctx, enterprise_id: i64, input: &OrderInput) -> AppResult<i64> {
    app.authorize(ctx, Action::ActForEnterprise { enterprise_id }).await?;
    let kind = tandem_store::org::get_org(&app.db, enterprise_id).await?.map(|o| o.kind);
    if kind.as_deref() != Some(OrgKind::Enterprise.code()) {
        return Err(AppError::invalid("enterprise_id", "order.not_an_enterprise"));
    }
    let spec = parse_order(input)?;
    let write = ClassWrite {
        enterprise_id,
        title: &spec.title,
        positions: &spec.positions,
        majors: &spec.majors,
        skills: spec.skills.as_deref(),
        seats: spec.seats,
        hires: spec.hires,
        salary_min_fen: spec.salary_min_fen,
        salary_max_fen: spec.salary_max_fen,
        location: spec.location.as_deref(),
        starts_on: &spec.starts_on,
        ends_on: &spec.ends_on,
    };
    let mut tx = app.db.begin_write().await?;
    let id = store::insert_class(&mut tx, &write, ctx.actor.person_id, app.now()).await?;
    let after =
        json!({ "title": spec.title, "enterprise_id": enterprise_id, "seats": spec.seats, "hires": spec.hires });
    record_change(&mut tx, app, ctx, "order_class.ordered", "order_class", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The university accepts an order (students may then apply) or declines it, with a note.
pub async fn decide(app: &App, ctx: &Ctx, id: i64, accept: bool, note: &str) -> AppResult<()> {
    let class = visible(app, ctx, id).await?;
    app.authorize(ctx, Action::RunOrderClasses).await?;
    let mut errors = FieldErrors::new();
    let note = optional_text(&mut errors, "note", note, 1000);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.begin_write().await?;
    let status = if accept { "open" } else { "declined" };
    // The update itself requires the order to be waiting, so two decisions cannot both land.
    if !store::decide_class(&mut tx, id, status, note.as_deref(), app.now()).await? {
        return Err(AppError::Refused("order.wrong_status"));
    }
    let after = json!({ "status": status, "note": note });
    record_change(
        &mut tx,
        app,
        ctx,
        "order_class.decided",
        "order_class",
        id,
        Some(json!({"status": class.status})),
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A student applies to an open class, saying where it stands among their choices (1 = first).
pub async fn apply(app: &App, ctx: &Ctx, id: i64, preference: i64, statement: &str) -> AppResult<Application> {
    let class = visible(app, ctx, id).await?;
    app.authorize(ctx, Action::ApplyToOrderClass).await?;
    if class.status != "open" {
        return Err(AppError::Refused("order.not_open"));
    }
    let mut errors = FieldErrors::new();
    let statement = optional_text(&mut errors, "statement", statement, 2000);
    if !(1..=MAX_PREFERENCES).contains(&preference) {
        errors.add_with("preference", "out_of_range", &[("min", "1".into()), ("max", MAX_PREFERENCES.to_string())]);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.begin_write().await?;
    // Read again under the class's lock: a selection may have closed it meanwhile.
    if store::lock_class(&mut tx, id).await?.is_none_or(|c| c.status != "open") {
        return Err(AppError::Refused("order.not_open"));
    }
    let open: Vec<Application> = store::applications_of_student_tx(&mut tx, ctx.actor.person_id)
        .await?
        .into_iter()
        .filter(|a| a.outcome.is_none())
        .collect();
    if open.iter().any(|a| a.class_id == id) {
        return Err(AppError::Refused("order.already_applied"));
    }
    if let Some(other) = open.iter().find(|a| a.preference == preference) {
        let mut e = FieldErrors::new();
        e.add_with("preference", "order.preference_taken", &[("class", other.class_title.clone())]);
        return Err(AppError::Invalid(e));
    }
    let app_id =
        store::insert_application(&mut tx, id, ctx.actor.person_id, preference, statement.as_deref(), app.now())
            .await
            .map_err(|e| match e {
                // The other unique key: the same choice number, applied for concurrently.
                StoreError::Duplicate(what) if what.contains("preference") || what.contains("one_choice") => {
                    let mut e = FieldErrors::new();
                    e.add_with("preference", "order.preference_taken", &[("class", String::new())]);
                    AppError::Invalid(e)
                }
                StoreError::Duplicate(_) => AppError::Refused("order.already_applied"),
                other => other.into(),
            })?;
    let after = json!({ "application_id": app_id, "preference": preference });
    record_change(&mut tx, app, ctx, "order_class.applied", "order_class", id, None, Some(after)).await?;
    tx.commit().await?;
    store::applications_of_student(&app.db, ctx.actor.person_id)
        .await?
        .into_iter()
        .find(|a| a.id == app_id)
        .ok_or(AppError::NotFound)
}

/// The enterprise (or staff) ranks applicants: `(application, rank)` with 1 the best; `None`
/// takes a student out of consideration.
pub async fn rank(app: &App, ctx: &Ctx, id: i64, ranks: &[(i64, Option<i64>)]) -> AppResult<()> {
    let class = visible(app, ctx, id).await?;
    app.authorize(ctx, Action::ActForEnterprise { enterprise_id: class.enterprise_id }).await?;
    if class.status != "open" {
        return Err(AppError::Refused("order.not_open"));
    }
    let mut errors = FieldErrors::new();
    for (application, r) in ranks {
        if r.is_some_and(|r| !(1..=100_000).contains(&r)) {
            errors.add_with(
                &format!("rank_{application}"),
                "out_of_range",
                &[("min", "1".into()), ("max", "100000".into())],
            );
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.begin_write().await?;
    for (application, r) in ranks {
        if !store::set_rank(&mut tx, *application, id, *r).await? {
            return Err(AppError::invalid(&format!("rank_{application}"), "order.not_an_applicant"));
        }
    }
    let after = json!({ "ranked": ranks.iter().filter(|(_, r)| r.is_some()).count() });
    record_change(&mut tx, app, ctx, "order_class.ranked", "order_class", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// What a selection did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionSummary {
    pub classes: usize,
    pub applicants: usize,
    pub placed: usize,
}

/// Staff run the selection over every open class at once; the classes become "selected", the
/// students placed become members, and every application records its outcome and the reasons.
pub async fn run_selection(app: &App, ctx: &Ctx) -> AppResult<SelectionSummary> {
    app.authorize(ctx, Action::RunOrderClasses).await?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    store::lock_open_classes(&mut tx).await?;
    let (classes, applications) = store::open_round(&mut tx).await?;
    if classes.is_empty() {
        return Err(AppError::Refused("order.nothing_to_select"));
    }
    let seats: Vec<Seat> = classes
        .iter()
        .map(|(id, seats)| Seat { class_id: *id, capacity: u32::try_from(*seats).unwrap_or(0) })
        .collect();
    let mut applicants: Vec<Applicant> = Vec::new();
    let mut rankings = Rankings::new();
    let mut application_of: HashMap<(i64, i64), i64> = HashMap::new();
    for (app_id, class_id, student, _preference, rank) in &applications {
        application_of.insert((*class_id, *student), *app_id);
        if let Some(r) = rank {
            rankings.insert((*class_id, *student), u32::try_from(*r).unwrap_or(u32::MAX));
        }
        match applicants.last_mut() {
            Some(a) if a.student_id == *student => a.preferences.push(*class_id),
            _ => applicants.push(Applicant { student_id: *student, preferences: vec![*class_id] }),
        }
    }
    let result = select(&seats, &applicants, &rankings);
    for (class_id, roster) in &result.rosters {
        for student in roster {
            store::insert_member(&mut tx, *class_id, *student, "selection", None, now).await?;
        }
    }
    for e in &result.explanations {
        let reasons: Vec<serde_json::Value> = e
            .passed_over
            .iter()
            .map(|(class, why)| match why {
                NotAdmitted::NotRanked => json!({"class_id": class, "reason": "not_ranked"}),
                NotAdmitted::NoSuchClass => json!({"class_id": class, "reason": "no_such_class"}),
                NotAdmitted::Full { last_admitted_rank, your_rank } => json!({
                    "class_id": class, "reason": "full", "last_admitted_rank": last_admitted_rank, "your_rank": your_rank
                }),
            })
            .collect();
        let text = json!({ "assigned": e.assigned, "choice": e.choice_number, "passed_over": reasons }).to_string();
        let student_apps = applicants.iter().find(|a| a.student_id == e.student_id).map(|a| a.preferences.clone());
        for class in student_apps.unwrap_or_default() {
            if let Some(app_id) = application_of.get(&(class, e.student_id)) {
                let outcome = if e.assigned == Some(class) { "selected" } else { "not_selected" };
                store::set_outcome(&mut tx, *app_id, outcome, &text).await?;
            }
        }
    }
    for (class_id, _) in &classes {
        store::set_status(&mut tx, *class_id, "selected", None, now).await?;
    }
    let summary = SelectionSummary {
        classes: classes.len(),
        applicants: applicants.len(),
        placed: result.rosters.values().map(Vec::len).sum(),
    };
    let after = json!({ "classes": summary.classes, "applicants": summary.applicants, "placed": summary.placed });
    record_change(&mut tx, app, ctx, "order_class.selection_run", "order_class", classes[0].0, None, Some(after))
        .await?;
    // Each applicant hears once: of the class that took them, or that their first choice did not.
    let mut titles: HashMap<i64, (String, i64)> = HashMap::new();
    for (class_id, _) in &classes {
        if let Some(c) = store::get_class_tx(&mut tx, *class_id).await? {
            titles.insert(*class_id, (c.title, c.enterprise_id));
        }
    }
    let mut told = 0;
    for e in &result.explanations {
        let first_choice = applicants.iter().find(|a| a.student_id == e.student_id).and_then(|a| a.preferences.first());
        let Some(class_id) = e.assigned.or(first_choice.copied()) else { continue };
        let (class, enterprise_id) = titles.get(&class_id).cloned().unwrap_or_default();
        let notice = Notice::ClassApplicationDecided { class_id, class, placed: e.assigned.is_some() };
        // A class that ran its selection is visible to everyone signed in.
        let view = Action::ViewOrderClass { enterprise_id, public: true };
        if crate::notifications::notify(&mut tx, app, e.student_id, &notice, view).await? {
            told += 1;
        }
    }
    tx.commit().await?;
    if told > 0 {
        app.wake_outbox();
    }
    Ok(summary)
}

/// Staff place a student by hand (an override of the selection), within the class's seats.
pub async fn place(app: &App, ctx: &Ctx, id: i64, email: &str, note: &str) -> AppResult<()> {
    visible(app, ctx, id).await?;
    app.authorize(ctx, Action::RunOrderClasses).await?;
    let mut errors = FieldErrors::new();
    let note = required_text(&mut errors, "note", note, 500);
    let email = required_text(&mut errors, "email", email, 200);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let Some((student, _)) = store::student_by_email(&app.db, &email).await? else {
        return Err(AppError::invalid("email", "order.no_such_student"));
    };
    let mut tx = app.db.begin_write().await?;
    let class = store::lock_class(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    // Placing by hand overrides a selection; before it, the selection itself places students.
    if class.status != "selected" {
        return Err(AppError::Refused("order.not_selected"));
    }
    if store::active_members_tx(&mut tx, id).await? >= class.seats {
        return Err(AppError::Refused("order.full"));
    }
    // Someone who left may be taken back; only a current member is "already a member".
    if !store::rejoin(&mut tx, id, student, "override", Some(&note), app.now()).await? {
        store::insert_member(&mut tx, id, student, "override", Some(&note), app.now()).await.map_err(|e| match e {
            StoreError::Duplicate(_) => AppError::Refused("order.already_member"),
            other => other.into(),
        })?;
    }
    let after = json!({ "student_id": student, "note": note });
    record_change(&mut tx, app, ctx, "order_class.placed", "order_class", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// A student leaves a class (themselves, or staff for them): recorded with the reason, never
/// prevented.
pub async fn leave(app: &App, ctx: &Ctx, id: i64, student_id: i64, reason: &str) -> AppResult<()> {
    visible(app, ctx, id).await?;
    app.authorize(ctx, Action::LeaveOrderClass { student_id }).await?;
    let mut errors = FieldErrors::new();
    let reason = required_text(&mut errors, "reason", reason, 500);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.begin_write().await?;
    store::lock_person(&mut tx, student_id).await?;
    if !store::leave(&mut tx, id, student_id, &reason, app.now()).await? {
        return Err(AppError::Refused("order.not_a_member"));
    }
    store::end_mentorships_of(&mut tx, Placement::Class(id), student_id, app.now()).await?;
    let after = json!({ "student_id": student_id, "reason": reason });
    record_change(&mut tx, app, ctx, "order_class.left", "order_class", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// The caller's own applications with their outcomes.
pub async fn my_applications(app: &App, ctx: &Ctx) -> AppResult<Vec<Application>> {
    Ok(store::applications_of_student(&app.db, ctx.actor.person_id).await?)
}
