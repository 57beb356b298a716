//! The dual-mentor system: staff give a student of a class or an intern an academic and an
//! enterprise mentor within each mentor's load limit; the mentor logs meetings and evaluates.

use super::visible;
use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::Action;
use tandem_domain::talent::mentoring::Placement;
use tandem_domain::validation::FieldErrors;
use tandem_store::StoreError;
use tandem_store::talent as store;

pub use tandem_store::talent::{MeetingRow as MentorMeeting, MentorshipRow as Mentorship};

/// A person's grants as the access rules see them, from their memberships.
async fn grants_of(app: &App, person_id: i64) -> AppResult<Vec<tandem_domain::access::Grant>> {
    Ok(crate::access::grants_from(tandem_store::people::grants_of(&app.db, person_id).await?))
}

/// Staff give a student of a class an academic or an enterprise mentor, replacing the current
/// one of that kind; the mentor must qualify and have room under their load limit.
pub async fn assign_mentor(
    app: &App,
    ctx: &Ctx,
    class_id: i64,
    student_id: i64,
    email: &str,
    kind: &str,
) -> AppResult<()> {
    app.authorize(ctx, Action::AssignMentors).await?;
    let class = visible(app, ctx, class_id).await?;
    give_mentor(app, ctx, Placement::Class(class_id), class.enterprise_id, student_id, email, kind).await
}

/// The audit log's name for what a mentorship belongs to.
fn audit_entity(placement: Placement) -> (&'static str, i64) {
    match placement {
        Placement::Class(id) => ("order_class", id),
        Placement::Internship(id) => ("internship", id),
    }
}

fn placement_of(m: &Mentorship) -> AppResult<Placement> {
    match (m.class_id, m.internship_id) {
        (Some(class), _) => Ok(Placement::Class(class)),
        (None, Some(internship)) => Ok(Placement::Internship(internship)),
        (None, None) => Err(AppError::Unexpected(format!("mentorship {} belongs to nothing", m.id))),
    }
}

/// Gives a student of a class or an internship (already checked visible to staff) a mentor of one
/// kind, ending the current one of that kind. The placement must still hold the student when the
/// write happens, so the check runs inside the transaction.
pub(crate) async fn give_mentor(
    app: &App,
    ctx: &Ctx,
    placement: Placement,
    enterprise_id: i64,
    student_id: i64,
    email: &str,
    kind: &str,
) -> AppResult<()> {
    use tandem_domain::talent::mentoring::{MentorKind, has_room, qualifies};
    let Some(kind) = MentorKind::from_code(kind.trim()) else {
        return Err(AppError::invalid("kind", "not_a_choice"));
    };
    let Some((mentor, _)) = tandem_store::sharing::person_by_email(&app.db, email.trim()).await? else {
        return Err(AppError::invalid("email", "equipment.no_such_person"));
    };
    if !qualifies(&grants_of(app, mentor).await?, kind, enterprise_id) {
        return Err(AppError::invalid("email", &format!("mentor.not_{}", kind.code())));
    }
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    // Leaving locks the student too, so a mentor is never added to a placement being left.
    store::lock_person(&mut tx, student_id).await?;
    match placement {
        Placement::Class(class_id) => {
            if !store::is_member_tx(&mut tx, class_id, student_id).await? {
                return Err(AppError::Refused("order.not_a_member"));
            }
        }
        Placement::Internship(id) => {
            let internship = store::internships::get_tx(&mut tx, id).await?.ok_or(AppError::NotFound)?;
            let today = tandem_domain::sharing::local_date(now);
            let stage = tandem_domain::talent::internship::stage(
                &internship.starts_on,
                &internship.ends_on,
                internship.left_on.as_deref(),
                &today,
            );
            if !stage.takes_mentors() {
                return Err(AppError::Refused("internship.ended"));
            }
        }
    }
    store::lock_person(&mut tx, mentor).await?;
    if let Some(current) = store::current_mentorship_tx(&mut tx, placement, student_id, kind.code()).await? {
        store::end_mentorship(&mut tx, current, now).await?;
    }
    let today = tandem_domain::sharing::local_date(now);
    let (load, limit) = store::mentor_load_tx(&mut tx, mentor, &today).await?;
    if !has_room(load, limit) {
        return Err(AppError::Refused("mentor.over_load"));
    }
    let id = store::insert_mentorship(&mut tx, placement, student_id, mentor, kind.code(), ctx.actor.person_id, now)
        .await
        .map_err(|e| match e {
            StoreError::Duplicate(_) => AppError::Refused("mentor.concurrent"),
            other => other.into(),
        })?;
    let after = json!({ "mentorship_id": id, "student_id": student_id, "mentor_id": mentor, "kind": kind.code() });
    let (entity, entity_id) = audit_entity(placement);
    record_change(&mut tx, app, ctx, "mentor.assigned", entity, entity_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff set how many students a mentor takes at once (1–50).
pub async fn set_mentor_limit(app: &App, ctx: &Ctx, email: &str, max_students: i64) -> AppResult<()> {
    app.authorize(ctx, Action::AssignMentors).await?;
    if !(1..=50).contains(&max_students) {
        let mut e = FieldErrors::new();
        e.add_with("max_students", "out_of_range", &[("min", "1".into()), ("max", "50".into())]);
        return Err(AppError::Invalid(e));
    }
    let Some((mentor, _)) = tandem_store::sharing::person_by_email(&app.db, email.trim()).await? else {
        return Err(AppError::invalid("email", "equipment.no_such_person"));
    };
    let mut tx = app.db.begin_write().await?;
    store::set_mentor_limit(&mut tx, mentor, max_students).await?;
    record_change(
        &mut tx,
        app,
        ctx,
        "mentor.limit_set",
        "person",
        mentor,
        None,
        Some(json!({"max_students": max_students})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The current mentors of a class's students.
pub async fn class_mentors(app: &App, ctx: &Ctx, class_id: i64) -> AppResult<Vec<Mentorship>> {
    visible(app, ctx, class_id).await?;
    Ok(store::current_mentorships(&app.db, Placement::Class(class_id)).await?)
}

/// What the caller mentors, and who mentors them: their own record.
pub async fn my_mentoring(app: &App, ctx: &Ctx) -> AppResult<Vec<Mentorship>> {
    Ok(store::mentorships_of_person(&app.db, ctx.actor.person_id).await?)
}

/// One mentorship with its meetings, for the mentor, the student, staff and the enterprise of the
/// class or internship.
pub async fn mentorship(app: &App, ctx: &Ctx, id: i64) -> AppResult<(Mentorship, Vec<MentorMeeting>)> {
    let m = store::get_mentorship(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let view =
        Action::ViewMentorship { mentor_id: m.mentor_id, student_id: m.student_id, enterprise_id: m.enterprise_id };
    app.authorize_or_hide(ctx, view).await?;
    let meetings = store::meetings(&app.db, id).await?;
    Ok((m, meetings))
}

async fn as_mentor(app: &App, ctx: &Ctx, id: i64) -> AppResult<Mentorship> {
    let (m, _) = mentorship(app, ctx, id).await?;
    app.authorize(ctx, Action::WriteMentorship { mentor_id: m.mentor_id }).await?;
    Ok(m)
}

/// The mentor logs a meeting (not in the future).
pub async fn log_meeting(
    app: &App,
    ctx: &Ctx,
    id: i64,
    met_on: &str,
    minutes: &str,
    topic: &str,
    notes: &str,
) -> AppResult<i64> {
    let m = as_mentor(app, ctx, id).await?;
    if m.ended_at.is_some() {
        return Err(AppError::Refused("mentor.ended"));
    }
    let today = tandem_domain::sharing::local_date(app.now());
    let meeting = tandem_domain::talent::mentoring::parse_meeting(met_on, minutes, topic, notes, &today)?;
    let mut tx = app.db.begin_write().await?;
    let meeting_id = store::insert_meeting(
        &mut tx,
        id,
        &meeting.met_on,
        meeting.minutes,
        &meeting.topic,
        meeting.notes.as_deref(),
        app.now(),
    )
    .await?;
    let after = json!({ "mentorship_id": id, "met_on": meeting.met_on, "minutes": meeting.minutes });
    let (entity, entity_id) = audit_entity(placement_of(&m)?);
    record_change(&mut tx, app, ctx, "mentor.met", entity, entity_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(meeting_id)
}

/// The mentor evaluates the student, once.
pub async fn evaluate(app: &App, ctx: &Ctx, id: i64, grade: &str, comment: &str) -> AppResult<()> {
    let m = as_mentor(app, ctx, id).await?;
    if m.grade.is_some() {
        return Err(AppError::Refused("mentor.already_evaluated"));
    }
    let (grade, comment) = tandem_domain::talent::mentoring::parse_evaluation(grade, comment)?;
    let mut tx = app.db.begin_write().await?;
    store::insert_evaluation(&mut tx, id, &grade, &comment, app.now()).await.map_err(|e| match e {
        StoreError::Duplicate(_) => AppError::Refused("mentor.already_evaluated"),
        other => other.into(),
    })?;
    let after = json!({ "mentorship_id": id, "grade": grade });
    let (entity, entity_id) = audit_entity(placement_of(&m)?);
    record_change(&mut tx, app, ctx, "mentor.evaluated", entity, entity_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}
