//! Internships outside order classes: staff record a student's term at an enterprise and give the
//! intern an academic and an enterprise mentor, exactly as in an order class.

use super::mentoring::{Mentorship, give_mentor};
use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::Action;
use tandem_domain::notifications::Notice;
use tandem_domain::org::OrgKind;
use tandem_domain::talent::internship::{
    STAGES, Stage, attention, guidance_cutoff, parse_agreement, parse_internship, parse_leave_reason, party_of, stage,
};
use tandem_domain::talent::mentoring::Placement;
use tandem_domain::validation::FieldErrors;
use tandem_store::talent::internships::{self as store, AgreementWrite, InternshipFilter, InternshipWrite, Reader};

pub use tandem_domain::talent::internship::Party;
pub use tandem_store::talent::internships::{AgreementRow as LearningAgreement, InternshipRow as Internship};

/// What staff type into the internship form.
#[derive(Debug, Clone, Default)]
pub struct InternshipInput {
    pub student_email: String,
    pub enterprise_id: String,
    pub position: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// Where the internship stands today (China time).
pub fn stage_of(internship: &Internship, now: i64) -> Stage {
    let today = tandem_domain::sharing::local_date(now);
    stage(&internship.starts_on, &internship.ends_on, internship.left_on.as_deref(), &today)
}

/// What needs attention in this internship today (codes of `domain::talent::internship::attention`).
pub fn attention_of(internship: &Internship, now: i64) -> Vec<&'static str> {
    let today = tandem_domain::sharing::local_date(now);
    attention(
        stage_of(internship, now),
        internship.academic_mentor.is_some(),
        internship.enterprise_mentor.is_some(),
        internship.agreement == Some(1),
        &internship.starts_on,
        internship.last_met_on.as_deref(),
        &today,
    )
}

/// Whether the caller speaks for this enterprise (its admins, staff).
fn speaks_for(ctx: &Ctx, enterprise_id: i64) -> bool {
    ctx.actor.may(Action::ActForEnterprise { enterprise_id })
}

/// Staff record internships and give interns their mentors.
pub fn may_record(ctx: &Ctx) -> bool {
    ctx.actor.may(Action::ManageInternships)
}

/// Internships the caller may see: staff every one; others their own, those at enterprises they
/// administer, and those they mentor.
/// `stage` must be one of [`STAGES`] or empty; anything else is a field error. With `attention`,
/// only internships that need the university's attention ([`attention_of`]).
pub async fn list(app: &App, ctx: &Ctx, q: &str, stage: &str, attention: bool) -> AppResult<Vec<Internship>> {
    let today = tandem_domain::sharing::local_date(app.now());
    let stage = match stage.trim() {
        "" => None,
        code if STAGES.contains(&code) => Some((code.to_owned(), today.clone())),
        _ => return Err(AppError::invalid("stage", "not_a_choice")),
    };
    let attention = attention.then(|| (today.clone(), guidance_cutoff(&today)));
    let filter = InternshipFilter { q: Some(q.to_owned()), stage, attention };
    if may_record(ctx) {
        return Ok(store::list(&app.db, &Reader::Everyone, &filter).await?);
    }
    let enterprises: Vec<i64> = ctx.actor.own_enterprises().into_iter().filter(|e| speaks_for(ctx, *e)).collect();
    let reader = Reader::Person { person_id: ctx.actor.person_id, enterprises: &enterprises };
    Ok(store::list(&app.db, &reader, &filter).await?)
}

/// One internship with its mentors (current first, then those whose mentorship ended), for staff, the intern, the enterprise and the mentors;
/// anyone else is told it does not exist.
pub async fn get(app: &App, ctx: &Ctx, id: i64) -> AppResult<(Internship, Vec<Mentorship>)> {
    let internship = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let me = ctx.actor.person_id;
    let mentor = store::is_mentor(&app.db, id, me).await?;
    let view =
        Action::ViewInternship { student_id: internship.student_id, enterprise_id: internship.enterprise_id, mentor };
    app.authorize_or_hide(ctx, view).await?;
    let mut mentors = tandem_store::talent::all_mentorships(&app.db, Placement::Internship(id)).await?;
    // A mentor reads their own evaluation here, not the other mentor's (as on the mentorship pages).
    if internship.student_id != me && !speaks_for(ctx, internship.enterprise_id) {
        for m in mentors.iter_mut().filter(|m| m.mentor_id != me) {
            m.grade = None;
            m.comment = None;
        }
    }
    Ok((internship, mentors))
}

/// Staff record a student's internship; every field problem is reported at once.
pub async fn record(app: &App, ctx: &Ctx, input: &InternshipInput) -> AppResult<i64> {
    app.authorize(ctx, Action::ManageInternships).await?;
    let mut errors = FieldErrors::new();
    let student = if input.student_email.trim().is_empty() {
        errors.add("student_email", "required");
        None
    } else {
        let found = tandem_store::talent::student_by_email(&app.db, input.student_email.trim()).await?;
        if found.is_none() {
            errors.add("student_email", "order.no_such_student");
        }
        found.map(|(id, _)| id)
    };
    let enterprise = match input.enterprise_id.trim().parse::<i64>() {
        Ok(id) => {
            let kind = tandem_store::org::get_org(&app.db, id).await?.map(|o| o.kind);
            if kind.as_deref() == Some(OrgKind::Enterprise.code()) {
                Some(id)
            } else {
                errors.add("enterprise_id", "internship.not_an_enterprise");
                None
            }
        }
        Err(_) => {
            errors.add("enterprise_id", "required");
            None
        }
    };
    let parsed = parse_internship(&input.position, &input.starts_on, &input.ends_on);
    if let Err(e) = &parsed {
        errors.0.extend(e.0.iter().cloned());
    }
    let (Some(student_id), Some(enterprise_id), Ok(term), true) = (student, enterprise, parsed, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let mut tx = app.db.begin_write().await?;
    // Two staff recording overlapping terms for one student at once: the second waits here.
    tandem_store::talent::lock_person(&mut tx, student_id).await?;
    if let Some(other) = store::overlapping_tx(&mut tx, student_id, &term.starts_on, &term.ends_on).await? {
        let mut e = FieldErrors::new();
        e.add_with(
            "starts_on",
            "internship.overlaps",
            &[("enterprise", other.enterprise_name), ("from", other.starts_on), ("to", other.ends_on)],
        );
        return Err(AppError::Invalid(e));
    }
    let write = InternshipWrite {
        student_id,
        enterprise_id,
        position: &term.position,
        starts_on: &term.starts_on,
        ends_on: &term.ends_on,
    };
    let id = store::insert(&mut tx, &write, ctx.actor.person_id, app.now()).await?;
    let after = json!({ "student_id": student_id, "enterprise_id": enterprise_id, "position": term.position,
        "starts_on": term.starts_on, "ends_on": term.ends_on });
    record_change(&mut tx, app, ctx, "internship.recorded", "internship", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Staff give the intern an academic or an enterprise mentor (the enterprise's own people), within
/// the mentor's load limit, while the internship is upcoming or under way.
pub async fn assign_mentor(app: &App, ctx: &Ctx, id: i64, email: &str, kind: &str) -> AppResult<()> {
    app.authorize(ctx, Action::ManageInternships).await?;
    let internship = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let placement = Placement::Internship(id);
    give_mentor(app, ctx, placement, internship.enterprise_id, internship.student_id, email, kind).await
}

/// The intern or staff end an internship early, with the reason; its mentorships end with it.
pub async fn leave(app: &App, ctx: &Ctx, id: i64, reason: &str) -> AppResult<()> {
    let (internship, _) = get(app, ctx, id).await?;
    app.authorize(ctx, Action::EndInternship { student_id: internship.student_id }).await?;
    let reason = parse_leave_reason(reason)?;
    let now = app.now();
    if !stage_of(&internship, now).takes_mentors() {
        return Err(AppError::Refused("internship.ended"));
    }
    let today = tandem_domain::sharing::local_date(now);
    let mut tx = app.db.begin_write().await?;
    tandem_store::talent::lock_person(&mut tx, internship.student_id).await?;
    if !store::leave(&mut tx, id, &today, &reason).await? {
        return Err(AppError::Refused("internship.ended"));
    }
    tandem_store::talent::end_mentorships_of(&mut tx, Placement::Internship(id), internship.student_id, now).await?;
    let after = json!({ "left_on": today, "reason": reason });
    record_change(&mut tx, app, ctx, "internship.left", "internship", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// What staff, the intern, the enterprise or a mentor type into the agreement form.
#[derive(Debug, Clone, Default)]
pub struct AgreementInput {
    pub goals: String,
    pub duties: String,
    pub weekly_hours: String,
    pub allowance: String,
    pub insurance: String,
}

/// An internship's learning agreement as the caller sees it: the terms (if drafted) and the party
/// the caller speaks for (`None`: they read it but cannot change or confirm it).
#[derive(Debug, Clone)]
pub struct AgreementView {
    pub terms: Option<LearningAgreement>,
    pub party: Option<Party>,
    /// Terms can change, and be confirmed, while the internship is upcoming or under way.
    pub open: bool,
}

/// The agreement of an internship the caller has been shown by [`get`] (which answers 404 to
/// anyone who may not see it), with the mentors `get` returned.
pub async fn agreement(
    app: &App,
    ctx: &Ctx,
    internship: &Internship,
    mentors: &[Mentorship],
) -> AppResult<AgreementView> {
    Ok(AgreementView {
        terms: store::agreement(&app.db, internship.id).await?,
        party: party_in(ctx, internship, mentors),
        open: stage_of(internship, app.now()).takes_mentors(),
    })
}

fn party_in(ctx: &Ctx, internship: &Internship, mentors: &[Mentorship]) -> Option<Party> {
    let current = mentors.iter().filter(|m| m.ended_at.is_none()).map(|m| (m.mentor_id, m.kind.as_str()));
    party_with(ctx, internship, current)
}

/// The caller's party given the internship's current mentors as `(mentor, kind)`.
fn party_with<'a>(
    ctx: &Ctx,
    internship: &Internship,
    current_mentors: impl Iterator<Item = (i64, &'a str)>,
) -> Option<Party> {
    let me = ctx.actor.person_id;
    let kinds: Vec<&str> = current_mentors.filter(|(m, _)| *m == me).map(|(_, kind)| kind).collect();
    party_of(
        &ctx.actor,
        internship.student_id,
        internship.enterprise_id,
        kinds.contains(&"academic"),
        kinds.contains(&"enterprise"),
    )
}

/// The party the caller speaks for, or a recorded refusal; and the internship, still open.
async fn as_party(app: &App, ctx: &Ctx, id: i64) -> AppResult<(Internship, Party)> {
    let (internship, mentors) = get(app, ctx, id).await?;
    let Some(party) = party_in(ctx, &internship, &mentors) else {
        app.record_refusal(ctx, signing(&internship)).await;
        return Err(AppError::Forbidden);
    };
    if !stage_of(&internship, app.now()).takes_mentors() {
        return Err(AppError::Refused("agreement.ended"));
    }
    Ok((internship, party))
}

/// Inside the write transaction, with the student's row locked (as mentor changes and leaving
/// lock it): the caller still speaks for `party` and the internship is still open. A mentor
/// replaced, or an internship ended, while the request was on its way is caught here. The
/// refusal is recorded by the caller once the transaction is gone.
async fn still_party(
    tx: &mut tandem_store::Tx,
    app: &App,
    ctx: &Ctx,
    internship: &Internship,
    party: Party,
) -> AppResult<Result<(), AppError>> {
    tandem_store::talent::lock_person(tx, internship.student_id).await?;
    let Some(now) = store::get_tx(tx, internship.id).await? else {
        return Ok(Err(AppError::NotFound));
    };
    if !stage_of(&now, app.now()).takes_mentors() {
        return Ok(Err(AppError::Refused("agreement.ended")));
    }
    let mentors = store::current_mentors_tx(tx, internship.id).await?;
    let current = party_with(ctx, &now, mentors.iter().map(|(m, kind)| (*m, kind.as_str())));
    Ok(if current == Some(party) { Ok(()) } else { Err(AppError::Forbidden) })
}

/// The agreement action on an internship, for the audit entry of a refusal (who was a mentor
/// does not change its code or subject).
fn signing(internship: &Internship) -> Action {
    Action::SignAgreement {
        student_id: internship.student_id,
        enterprise_id: internship.enterprise_id,
        academic_mentor: false,
        enterprise_mentor: false,
    }
}

async fn refused_after(app: &App, ctx: &Ctx, internship: &Internship, refusal: AppError) -> AppError {
    if matches!(refusal, AppError::Forbidden) {
        app.record_refusal(ctx, signing(internship)).await;
    }
    refusal
}

fn terms_json(a: &tandem_domain::talent::internship::Agreement) -> serde_json::Value {
    json!({ "goals": a.goals, "duties": a.duties, "weekly_hours": a.weekly_hours, "allowance_fen": a.allowance_fen,
        "insurance": a.insurance })
}

/// Any of the three parties drafts or changes the terms. Each change is a new version that all
/// three confirm again; returns the version.
pub async fn save_agreement(app: &App, ctx: &Ctx, id: i64, input: &AgreementInput) -> AppResult<i64> {
    let (internship, party) = as_party(app, ctx, id).await?;
    let terms = parse_agreement(&input.goals, &input.duties, &input.weekly_hours, &input.allowance, &input.insurance)?;
    let mut tx = app.db.begin_write().await?;
    if let Err(refusal) = still_party(&mut tx, app, ctx, &internship, party).await? {
        drop(tx);
        return Err(refused_after(app, ctx, &internship, refusal).await);
    }
    // The same terms saved again change nothing: confirmations are not thrown away for nothing.
    let before = store::agreement_tx(&mut tx, id).await?;
    if let Some(current) = &before {
        let unchanged = current.goals == terms.goals
            && current.duties == terms.duties
            && current.weekly_hours == terms.weekly_hours
            && current.allowance_fen == terms.allowance_fen
            && current.insurance == terms.insurance;
        if unchanged {
            return Ok(current.version);
        }
    }
    let write = AgreementWrite {
        internship_id: id,
        goals: &terms.goals,
        duties: &terms.duties,
        weekly_hours: terms.weekly_hours,
        allowance_fen: terms.allowance_fen,
        insurance: terms.insurance.as_deref(),
    };
    let version = store::save_agreement(&mut tx, &write, ctx.actor.person_id, app.now()).await?;
    // The audit log keeps both texts, so what each version said can always be shown.
    let before = before.map(|b| {
        json!({ "version": b.version, "goals": b.goals, "duties": b.duties, "weekly_hours": b.weekly_hours,
            "allowance_fen": b.allowance_fen, "insurance": b.insurance })
    });
    let mut after = terms_json(&terms);
    after["version"] = json!(version);
    after["party"] = json!(party.code());
    record_change(&mut tx, app, ctx, "internship.agreement_saved", "internship", id, before, Some(after)).await?;
    // Every other party must confirm the new version: the intern and the host's administrators
    // hear of it (the university's side reads it in its to-do list).
    let notice = Notice::AgreementAwaiting {
        internship_id: id,
        student: internship.student_name.clone(),
        enterprise: internship.enterprise_name.clone(),
        version,
    };
    let view = Action::ViewInternship {
        student_id: internship.student_id,
        enterprise_id: internship.enterprise_id,
        mentor: false,
    };
    let mut told = 0;
    if internship.student_id != ctx.actor.person_id {
        told += usize::from(crate::notifications::notify(&mut tx, app, internship.student_id, &notice, view).await?);
    }
    if party != Party::Enterprise {
        told += crate::notifications::notify_members(
            &mut tx,
            app,
            internship.enterprise_id,
            &[tandem_domain::access::Role::EnterpriseAdmin],
            &notice,
            view,
        )
        .await?;
    }
    tx.commit().await?;
    if told > 0 {
        app.wake_outbox();
    }
    Ok(version)
}

/// The caller confirms `version` of the terms for their party. Terms changed since they read
/// them are `agreement.changed`: nobody confirms what they have not seen.
pub async fn confirm_agreement(app: &App, ctx: &Ctx, id: i64, version: i64) -> AppResult<()> {
    let (internship, party) = as_party(app, ctx, id).await?;
    let mut tx = app.db.begin_write().await?;
    if let Err(refusal) = still_party(&mut tx, app, ctx, &internship, party).await? {
        drop(tx);
        return Err(refused_after(app, ctx, &internship, refusal).await);
    }
    if !store::confirm_agreement(&mut tx, id, party, version, ctx.actor.person_id, app.now()).await? {
        drop(tx);
        return Err(match store::agreement(&app.db, id).await? {
            None => AppError::Refused("agreement.none"),
            Some(a) if a.version != version => AppError::Refused("agreement.changed"),
            Some(_) => AppError::Refused("agreement.already_confirmed"),
        });
    }
    let after = json!({ "version": version, "party": party.code() });
    record_change(&mut tx, app, ctx, "internship.agreement_confirmed", "internship", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// An internship with where it stands today and what in it needs attention.
#[derive(Debug, Clone)]
pub struct InternshipLine {
    pub internship: Internship,
    pub stage: Stage,
    /// Codes of `domain::talent::internship::attention`, as [`attention_of`] gives them.
    pub attention: Vec<&'static str>,
}

impl InternshipLine {
    fn at(internship: Internship, now: i64) -> Self {
        InternshipLine { stage: stage_of(&internship, now), attention: attention_of(&internship, now), internship }
    }
}

/// The internships page: the internships the reader may see (filtered as [`list`] filters them),
/// and for staff the enterprises to record a new one at.
#[derive(Debug, Clone)]
pub struct InternshipsPage {
    pub lines: Vec<InternshipLine>,
    /// Whether the reader records internships (staff); the form is shown only to them.
    pub may_record: bool,
    /// Enterprises for the form, as `(id, name)`; empty unless the reader may record.
    pub enterprises: Vec<(i64, String)>,
}

pub async fn internships_page(
    app: &App,
    ctx: &Ctx,
    q: &str,
    stage: &str,
    attention: bool,
) -> AppResult<InternshipsPage> {
    let now = app.now();
    let lines = list(app, ctx, q, stage, attention).await?.into_iter().map(|i| InternshipLine::at(i, now)).collect();
    let may_record = may_record(ctx);
    // The practice form's choices list every enterprise, and staff are always offered them.
    let enterprises = if may_record { super::flow::choices(app, ctx).await?.0 } else { vec![] };
    Ok(InternshipsPage { lines, may_record, enterprises })
}

/// One internship's page (and its API answer): the internship as [`get`] shows it, its mentors,
/// its learning agreement, and what the reader may do.
#[derive(Debug, Clone)]
pub struct InternshipPage {
    pub line: InternshipLine,
    /// Current mentors first, then those whose mentorship ended (as [`get`] returns them).
    pub mentors: Vec<Mentorship>,
    pub agreement: AgreementView,
    /// Whether the reader assigns mentors (staff).
    pub may_record: bool,
    /// Whether the reader may end the internship early now (the intern or staff, while it runs).
    pub may_leave: bool,
    /// The instant the page was read at, for figures computed from it.
    pub now: i64,
    /// Possible mentors (teachers, the host enterprise's people), for those who assign them.
    pub mentor_candidates: Vec<crate::people::Suggestion>,
}

/// The page of internship `id`; 404 (and the denial recorded) for one the reader may not see.
pub async fn internship_page(app: &App, ctx: &Ctx, id: i64) -> AppResult<InternshipPage> {
    let (internship, mentors) = get(app, ctx, id).await?;
    let agreement = agreement(app, ctx, &internship, &mentors).await?;
    let now = app.now();
    let line = InternshipLine::at(internship, now);
    let may_leave =
        line.stage.takes_mentors() && ctx.actor.may(Action::EndInternship { student_id: line.internship.student_id });
    let mentor_candidates = if may_record(ctx) && line.stage.takes_mentors() {
        let enterprise_id = line.internship.enterprise_id;
        crate::people::suggestions(app, ctx, &crate::people::Pool::Mentors { enterprise_id }).await?
    } else {
        vec![]
    };
    Ok(InternshipPage { line, mentors, agreement, may_record: may_record(ctx), may_leave, now, mentor_candidates })
}
