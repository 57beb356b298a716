//! Micro-degrees (微专业): staff set them up with their modules, students enrol, the offering
//! college's teachers record module results, and completion is computed from those results,
//! never entered. A completed enrolment can then be given its credential (`crate::credentials`).

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use std::collections::HashMap;
use tandem_domain::access::Action;
use tandem_domain::org::OrgKind;
use tandem_domain::talent::microdegree::{
    self as rules, MicroDegreeInput, ModuleInput, Progress, STATUSES, parse_micro_degree, parse_module,
};
use tandem_domain::validation::{FieldErrors, optional_text};
use tandem_store::StoreError;
use tandem_store::talent::microdegrees::{self as store, MicroDegreeWrite};

pub use tandem_store::talent::microdegrees::{
    EnrolmentRow as Enrolment, MicroDegreeRow as MicroDegree, ModuleRow as Module, ResultRow as ModuleResult,
};

/// Who runs a micro-degree: university staff, and the teachers of the college that offers it.
pub fn manages(ctx: &Ctx, degree: &MicroDegree) -> bool {
    ctx.actor.may(Action::ManageMicroDegree { org_id: degree.org_id })
}

/// Where one enrolment stands: the results per module and the computed completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub enrolment: Enrolment,
    pub results: HashMap<i64, ModuleResult>,
    pub progress: Progress,
}

impl Standing {
    pub fn complete(&self) -> bool {
        matches!(self.progress, Progress::Complete { .. })
    }

    pub fn credit_tenths(&self) -> i64 {
        match self.progress {
            Progress::Complete { credit_tenths } | Progress::InProgress { credit_tenths, .. } => credit_tenths,
        }
    }
}

/// Completion of an enrolment from its results (only passed results count).
pub fn progress_of(degree: &MicroDegree, modules: &[Module], results: &[ModuleResult]) -> Progress {
    let rule: Vec<rules::Module> = modules
        .iter()
        .map(|m| rules::Module { id: m.id, credit_tenths: m.credit_tenths, mandatory: m.mandatory != 0 })
        .collect();
    let passed: Vec<i64> = results.iter().filter(|r| r.passed != 0).map(|r| r.module_id).collect();
    rules::progress(&rule, degree.required_credit_tenths, &passed)
}

/// A micro-degree with what the caller may see of it.
#[derive(Debug, Clone)]
pub struct Detail {
    pub degree: MicroDegree,
    pub modules: Vec<Module>,
    /// The caller's own enrolment, if any.
    pub mine: Option<Standing>,
    /// Every enrolment, for those who run the micro-degree; empty for others.
    pub roster: Vec<Standing>,
    pub manages: bool,
}

/// The catalogue: every micro-degree, open ones first (anyone signed in may read it).
pub async fn list(app: &App, _ctx: &Ctx) -> AppResult<Vec<MicroDegree>> {
    Ok(store::list(&app.db).await?)
}

pub async fn get(app: &App, ctx: &Ctx, id: i64) -> AppResult<Detail> {
    let degree = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let modules = store::modules(&app.db, id).await?;
    let manages = manages(ctx, &degree);
    let mut roster = vec![];
    let mut mine = None;
    if manages {
        let mut by_enrolment: HashMap<i64, Vec<ModuleResult>> = HashMap::new();
        for r in store::results(&app.db, id).await? {
            by_enrolment.entry(r.enrolment_id).or_default().push(r);
        }
        for e in store::enrolments(&app.db, id).await? {
            let results = by_enrolment.remove(&e.id).unwrap_or_default();
            roster.push(standing(&degree, &modules, e, results));
        }
        mine = roster.iter().find(|s| s.enrolment.student_id == ctx.actor.person_id).cloned();
    } else if let Some(e) = store::enrolment_of(&app.db, id, ctx.actor.person_id).await? {
        let results = store::results_of(&app.db, e.id).await?;
        mine = Some(standing(&degree, &modules, e, results));
    }
    Ok(Detail { degree, modules, mine, roster, manages })
}

fn standing(degree: &MicroDegree, modules: &[Module], enrolment: Enrolment, results: Vec<ModuleResult>) -> Standing {
    let progress = progress_of(degree, modules, &results);
    Standing { enrolment, results: results.into_iter().map(|r| (r.module_id, r)).collect(), progress }
}

/// The caller's own enrolments with their standing (a student's record), and each
/// micro-degree's modules so the standing can name what is missing.
pub async fn mine(app: &App, ctx: &Ctx) -> AppResult<Vec<(MicroDegree, Vec<Module>, Standing)>> {
    let mut out = vec![];
    for e in store::enrolments_of(&app.db, ctx.actor.person_id).await? {
        let Some(degree) = store::get(&app.db, e.micro_degree_id).await? else { continue };
        let modules = store::modules(&app.db, degree.id).await?;
        let results = store::results_of(&app.db, e.id).await?;
        let s = standing(&degree, &modules, e, results);
        out.push((degree, modules, s));
    }
    Ok(out)
}

/// Colleges staff may offer a micro-degree from; refused (and recorded) for everyone else.
pub async fn colleges(app: &App, ctx: &Ctx) -> AppResult<Vec<(i64, String)>> {
    app.authorize(ctx, Action::CreateMicroDegree).await?;
    let rows = tandem_store::org::refs_of_kinds(&app.db, &[OrgKind::College.code()]).await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}

/// Staff set up a micro-degree offered by a college; it opens for enrolment at once.
pub async fn create(app: &App, ctx: &Ctx, org_id: Option<i64>, input: &MicroDegreeInput) -> AppResult<i64> {
    app.authorize(ctx, Action::CreateMicroDegree).await?;
    let parsed = parse_micro_degree(input);
    let kind = match org_id {
        Some(id) => tandem_store::org::get_org(&app.db, id).await?.map(|o| o.kind),
        None => None,
    };
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    if kind.as_deref() != Some(OrgKind::College.code()) {
        errors.add("org_id", if org_id.is_none() { "required" } else { "microdegree.not_a_college" });
    }
    let spec = match parsed {
        Ok(spec) if errors.is_empty() => spec,
        _ => return Err(AppError::Invalid(errors)),
    };
    let org_id = org_id.ok_or_else(|| AppError::invalid("org_id", "required"))?;
    let outcomes = spec.learning_outcomes.join("\n");
    let write = MicroDegreeWrite {
        org_id,
        title: &spec.title,
        description: &spec.description,
        learning_outcomes: &outcomes,
        workload_hours: spec.workload_hours,
        required_credit_tenths: spec.required_credit_tenths,
        level: spec.level.as_deref(),
        assessment_type: &spec.assessment_type,
        participation: &spec.participation,
        quality_assurance: &spec.quality_assurance,
        capacity: spec.capacity,
    };
    let mut tx = app.db.begin_write().await?;
    let id = store::insert(&mut tx, &write, ctx.actor.person_id, app.now()).await?;
    record_change(
        &mut tx,
        app,
        ctx,
        "microdegree.created",
        "micro_degree",
        id,
        None,
        Some(json!({"title": spec.title})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Reads a micro-degree for a change by those who run it; others get 403 (the catalogue is public).
async fn managed(app: &App, ctx: &Ctx, id: i64) -> AppResult<MicroDegree> {
    let degree = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    app.authorize(ctx, Action::ManageMicroDegree { org_id: degree.org_id }).await?;
    Ok(degree)
}

pub async fn add_module(app: &App, ctx: &Ctx, id: i64, input: &ModuleInput) -> AppResult<i64> {
    managed(app, ctx, id).await?;
    let m = parse_module(input)?;
    let mut tx = app.db.begin_write().await?;
    store::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let module =
        store::insert_module(&mut tx, id, &m.title, m.credit_tenths, m.mandatory, m.taught_by.as_deref(), app.now())
            .await?;
    let after =
        json!({"module_id": module, "title": m.title, "credit_tenths": m.credit_tenths, "mandatory": m.mandatory});
    record_change(&mut tx, app, ctx, "microdegree.module_added", "micro_degree", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(module)
}

/// Opens or closes a micro-degree for new enrolments (those enrolled carry on).
pub async fn set_status(app: &App, ctx: &Ctx, id: i64, status: &str) -> AppResult<()> {
    let degree = managed(app, ctx, id).await?;
    if !STATUSES.contains(&status) {
        return Err(AppError::invalid("status", "invalid"));
    }
    let mut tx = app.db.begin_write().await?;
    store::set_status(&mut tx, id, status, app.now()).await?;
    record_change(
        &mut tx,
        app,
        ctx,
        "microdegree.status",
        "micro_degree",
        id,
        Some(json!({"status": degree.status})),
        Some(json!({"status": status})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A student enrols: the micro-degree must be open and have a seat, and the student may be in
/// at most two at a time. Enrolling again after withdrawing picks the old results back up.
pub async fn enrol(app: &App, ctx: &Ctx, id: i64) -> AppResult<i64> {
    app.authorize(ctx, Action::EnrolInMicroDegree).await?;
    let student = ctx.actor.person_id;
    let mut tx = app.db.begin_write().await?;
    let degree = store::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if degree.status != "open" {
        return Err(AppError::Refused("microdegree.closed"));
    }
    if degree.enrolled >= degree.capacity {
        return Err(AppError::Refused("microdegree.full"));
    }
    // Counting under the same lock keeps two enrolments at once from both passing on PostgreSQL.
    tandem_store::talent::lock_person(&mut tx, student).await?;
    let existing = tandem_store::talent::microdegrees::enrolment_of_tx(&mut tx, id, student).await?;
    if let Some(e) = &existing
        && e.withdrawn_at.is_none()
    {
        return Err(AppError::Refused("microdegree.already_enrolled"));
    }
    let current = store::active_enrolment_count(&mut tx, student).await?;
    if !rules::may_enrol(usize::try_from(current).unwrap_or(usize::MAX)) {
        return Err(AppError::Refused("microdegree.too_many"));
    }
    let enrolment = match existing {
        Some(e) => {
            store::reinstate(&mut tx, e.id).await?;
            e.id
        }
        None => store::insert_enrolment(&mut tx, id, student, app.now()).await.map_err(|e| match e {
            StoreError::Duplicate(_) => AppError::Refused("microdegree.already_enrolled"),
            other => other.into(),
        })?,
    };
    record_change(
        &mut tx,
        app,
        ctx,
        "microdegree.enrolled",
        "micro_degree",
        id,
        None,
        Some(json!({"student_id": student})),
    )
    .await?;
    tx.commit().await?;
    Ok(enrolment)
}

/// A student leaves a micro-degree; the results stay on record.
pub async fn withdraw(app: &App, ctx: &Ctx, id: i64) -> AppResult<()> {
    let e = store::enrolment_of(&app.db, id, ctx.actor.person_id).await?.ok_or(AppError::NotFound)?;
    if e.credential_id.is_some() {
        return Err(AppError::Refused("microdegree.already_credentialed"));
    }
    let mut tx = app.db.begin_write().await?;
    if !store::withdraw(&mut tx, e.id, app.now()).await? {
        // A credential issued meanwhile keeps the enrolment (the update checks for it).
        let now = store::enrolment_tx(&mut tx, e.id).await?;
        let credentialed = now.is_some_and(|e| e.credential_id.is_some());
        return Err(AppError::Refused(if credentialed {
            "microdegree.already_credentialed"
        } else {
            "microdegree.not_enrolled"
        }));
    }
    record_change(
        &mut tx,
        app,
        ctx,
        "microdegree.withdrawn",
        "micro_degree",
        id,
        None,
        Some(json!({"enrolment_id": e.id})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a module result for an enrolment (a re-sit replaces the earlier result).
pub async fn record_result(
    app: &App,
    ctx: &Ctx,
    id: i64,
    enrolment_id: i64,
    module_id: i64,
    passed: bool,
    grade: &str,
) -> AppResult<()> {
    managed(app, ctx, id).await?;
    let mut errors = FieldErrors::new();
    let grade = optional_text(&mut errors, "grade", grade, 40);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.begin_write().await?;
    store::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let enrolment = store::enrolment_tx(&mut tx, enrolment_id).await?;
    let Some(enrolment) = enrolment.filter(|e| e.micro_degree_id == id) else {
        return Err(AppError::invalid("enrolment_id", "microdegree.no_such_enrolment"));
    };
    if enrolment.withdrawn_at.is_some() {
        return Err(AppError::Refused("microdegree.not_enrolled"));
    }
    if enrolment.credential_id.is_some() {
        // The credential states what was completed; results behind it no longer change.
        return Err(AppError::Refused("microdegree.already_credentialed"));
    }
    if !store::modules_tx(&mut tx, id).await?.iter().any(|m| m.id == module_id) {
        return Err(AppError::invalid("module_id", "microdegree.no_such_module"));
    }
    store::upsert_result(&mut tx, enrolment_id, module_id, passed, grade.as_deref(), ctx.actor.person_id, app.now())
        .await?;
    let after = json!({"enrolment_id": enrolment_id, "module_id": module_id, "passed": passed, "grade": grade});
    record_change(&mut tx, app, ctx, "microdegree.result", "micro_degree", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}
