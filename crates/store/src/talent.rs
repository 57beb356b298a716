//! Order-based classes, applications, rankings, selection outcomes and class members.

pub mod curriculum;
pub mod internships;
pub mod microdegrees;

use crate::dynamic::{Arg, DynSql};
use crate::{Db, StoreResult, Tx, with_db, with_tx};
use tandem_domain::talent::mentoring::Placement;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClassRow {
    pub id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub title: String,
    pub positions: String,
    pub majors: String,
    pub skills: Option<String>,
    pub seats: i64,
    pub hires: i64,
    pub salary_min_fen: Option<i64>,
    pub salary_max_fen: Option<i64>,
    pub location: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    pub decision_note: Option<String>,
    pub applicants: i64,
    pub members: i64,
    pub created_at: i64,
}

macro_rules! class_select {
    () => {
        "SELECT c.id, c.enterprise_id, o.name AS enterprise_name, c.title, c.positions, c.majors, c.skills, c.seats, c.hires, \
         c.salary_min_fen, c.salary_max_fen, c.location, c.starts_on, c.ends_on, c.status, c.decision_note, \
         (SELECT COUNT(*) FROM class_applications a WHERE a.class_id = c.id) AS applicants, \
         (SELECT COUNT(*) FROM class_members m WHERE m.class_id = c.id AND m.left_at IS NULL) AS members, \
         c.created_at FROM order_classes c JOIN orgs o ON o.id = c.enterprise_id"
    };
}

pub struct ClassWrite<'a> {
    pub enterprise_id: i64,
    pub title: &'a str,
    pub positions: &'a str,
    pub majors: &'a str,
    pub skills: Option<&'a str>,
    pub seats: i64,
    pub hires: i64,
    pub salary_min_fen: Option<i64>,
    pub salary_max_fen: Option<i64>,
    pub location: Option<&'a str>,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
}

pub async fn insert_class(tx: &mut Tx, c: &ClassWrite<'_>, by: i64, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO order_classes (enterprise_id, title, positions, majors, skills, seats, hires, salary_min_fen, salary_max_fen, \
         location, starts_on, ends_on, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'ordered', $13, $14, $14) RETURNING id")
        .bind(c.enterprise_id).bind(c.title).bind(c.positions).bind(c.majors).bind(c.skills).bind(c.seats).bind(c.hires)
        .bind(c.salary_min_fen).bind(c.salary_max_fen).bind(c.location).bind(c.starts_on).bind(c.ends_on).bind(by).bind(now)
        .fetch_one(x).await)?)
}

pub async fn get_class(db: &Db, id: i64) -> StoreResult<Option<ClassRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(class_select!(), " WHERE c.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn get_class_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<ClassRow>> {
    Ok(
        with_tx!(tx, x => sqlx::query_as(concat!(class_select!(), " WHERE c.id = $1")).bind(id).fetch_optional(x).await)?,
    )
}

/// Classes, newest first: all of them, or those open or selected plus the given enterprises' own.
pub async fn list_classes(db: &Db, all: bool, own: &[i64]) -> StoreResult<Vec<ClassRow>> {
    // The filter is in SQL, before the limit, so a long history never hides what the reader may see.
    let mut q = DynSql::new(concat!(class_select!(), " WHERE 1 = 1"));
    if !all {
        q.push(" AND (c.status IN ('open', 'selected')");
        for enterprise in own {
            q.push(" OR c.enterprise_id = ").arg(Arg::Int(*enterprise));
        }
        q.push(")");
    }
    q.push(" ORDER BY c.created_at DESC, c.id DESC LIMIT 500");
    q.fetch_all(db).await
}

pub async fn set_status(tx: &mut Tx, id: i64, status: &str, note: Option<&str>, now: i64) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query("UPDATE order_classes SET status = $2, decision_note = COALESCE($3, decision_note), updated_at = $4 WHERE id = $1")
        .bind(id).bind(status).bind(note).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: i64,
    pub class_id: i64,
    pub class_title: String,
    pub enterprise_name: String,
    pub student_id: i64,
    pub student_name: String,
    pub preference: i64,
    pub statement: Option<String>,
    pub rank: Option<i64>,
    pub outcome: Option<String>,
    pub explanation: Option<String>,
    pub created_at: i64,
}

macro_rules! application_select {
    () => {
        "SELECT a.id, a.class_id, c.title AS class_title, o.name AS enterprise_name, a.student_id, p.name AS student_name, \
         a.preference, a.statement, a.rank, a.outcome, a.explanation, a.created_at FROM class_applications a \
         JOIN order_classes c ON c.id = a.class_id JOIN orgs o ON o.id = c.enterprise_id JOIN people p ON p.id = a.student_id"
    };
}

pub async fn insert_application(
    tx: &mut Tx,
    class_id: i64,
    student_id: i64,
    preference: i64,
    statement: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO class_applications (class_id, student_id, preference, statement, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(class_id).bind(student_id).bind(preference).bind(statement).bind(now).fetch_one(x).await)?)
}

/// A class's applications, ranked ones first by rank, then the rest by when they came.
pub async fn applications_of_class(db: &Db, class_id: i64) -> StoreResult<Vec<ApplicationRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(application_select!(),
        " WHERE a.class_id = $1 ORDER BY CASE WHEN a.rank IS NULL THEN 1 ELSE 0 END, a.rank, a.created_at, a.id"))
        .bind(class_id).fetch_all(p).await)?)
}

/// A student's applications, by preference.
pub async fn applications_of_student(db: &Db, student_id: i64) -> StoreResult<Vec<ApplicationRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(application_select!(), " WHERE a.student_id = $1 ORDER BY a.preference, a.id"))
        .bind(student_id).fetch_all(p).await)?,
    )
}

pub async fn applications_of_student_tx(tx: &mut Tx, student_id: i64) -> StoreResult<Vec<ApplicationRow>> {
    Ok(
        with_tx!(tx, x => sqlx::query_as(concat!(application_select!(), " WHERE a.student_id = $1 ORDER BY a.preference, a.id"))
        .bind(student_id).fetch_all(x).await)?,
    )
}

/// Sets (or clears) the class's rank of an application; `false` if it is not the class's.
pub async fn set_rank(tx: &mut Tx, application_id: i64, class_id: i64, rank: Option<i64>) -> StoreResult<bool> {
    let n = with_tx!(tx, x => sqlx::query("UPDATE class_applications SET rank = $3 WHERE id = $1 AND class_id = $2")
        .bind(application_id).bind(class_id).bind(rank).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Open classes with their seats, and every application to them, for the selection.
pub async fn open_round(tx: &mut Tx) -> StoreResult<(Vec<(i64, i64)>, Vec<(i64, i64, i64, i64, Option<i64>)>)> {
    let classes: Vec<(i64, i64)> = with_tx!(tx, x => sqlx::query_as(
        "SELECT id, seats FROM order_classes WHERE status = 'open' ORDER BY id").fetch_all(x).await)?;
    let applications: Vec<(i64, i64, i64, i64, Option<i64>)> = with_tx!(tx, x => sqlx::query_as(
        "SELECT a.id, a.class_id, a.student_id, a.preference, a.rank FROM class_applications a \
         JOIN order_classes c ON c.id = a.class_id WHERE c.status = 'open' ORDER BY a.student_id, a.preference, a.created_at, a.id")
        .fetch_all(x).await)?;
    Ok((classes, applications))
}

pub async fn set_outcome(tx: &mut Tx, application_id: i64, outcome: &str, explanation: &str) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query("UPDATE class_applications SET outcome = $2, explanation = $3 WHERE id = $1")
        .bind(application_id).bind(outcome).bind(explanation).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn insert_member(
    tx: &mut Tx,
    class_id: i64,
    student_id: i64,
    source: &str,
    note: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query(
        "INSERT INTO class_members (class_id, student_id, source, note, joined_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(class_id).bind(student_id).bind(source).bind(note).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRow {
    pub student_id: i64,
    pub student_name: String,
    pub source: String,
    pub note: Option<String>,
    pub joined_at: i64,
    pub left_at: Option<i64>,
    pub leave_reason: Option<String>,
    /// The end-of-class hiring outcome: 1 hired, 0 not (with the reason), NULL not recorded yet.
    pub hired: Option<i64>,
    pub hiring_reason: Option<String>,
    pub hiring_note: Option<String>,
}

pub async fn members(db: &Db, class_id: i64) -> StoreResult<Vec<MemberRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT m.student_id, p.name AS student_name, m.source, m.note, m.joined_at, m.left_at, m.leave_reason, \
         m.hired, m.hiring_reason, m.hiring_note FROM class_members m JOIN people p ON p.id = m.student_id WHERE m.class_id = $1 \
         ORDER BY CASE WHEN m.left_at IS NULL THEN 0 ELSE 1 END, p.name")
        .bind(class_id).fetch_all(p).await)?)
}

pub async fn active_members_tx(tx: &mut Tx, class_id: i64) -> StoreResult<i64> {
    Ok(
        with_tx!(tx, x => sqlx::query_scalar("SELECT COUNT(*) FROM class_members WHERE class_id = $1 AND left_at IS NULL")
        .bind(class_id).fetch_one(x).await)?,
    )
}

/// Records that a student left a class; `false` if they were not in it.
/// Takes back a member who had left (the audit log keeps the earlier stay); `false` if the
/// student was never a member or is one now.
pub async fn rejoin(
    tx: &mut Tx,
    class_id: i64,
    student_id: i64,
    source: &str,
    note: Option<&str>,
    now: i64,
) -> StoreResult<bool> {
    let n = with_tx!(tx, x => sqlx::query(
        "UPDATE class_members SET left_at = NULL, leave_reason = NULL, source = $3, note = $4, joined_at = $5 \
         WHERE class_id = $1 AND student_id = $2 AND left_at IS NOT NULL")
        .bind(class_id).bind(student_id).bind(source).bind(note).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn leave(tx: &mut Tx, class_id: i64, student_id: i64, reason: &str, now: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, x => sqlx::query(
        "UPDATE class_members SET left_at = $3, leave_reason = $4 WHERE class_id = $1 AND student_id = $2 AND left_at IS NULL")
        .bind(class_id).bind(student_id).bind(now).bind(reason).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The person with this email who is a student, as `(id, name)`.
pub async fn student_by_email(db: &Db, email: &str) -> StoreResult<Option<(i64, String)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT p.id, p.name FROM people p JOIN memberships m ON m.person_id = p.id \
         WHERE LOWER(p.email) = LOWER($1) AND m.role = 'student'")
        .bind(email).fetch_optional(p).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MentorshipRow {
    pub id: i64,
    /// Set for a mentorship in an order class; otherwise `internship_id` is.
    pub class_id: Option<i64>,
    pub internship_id: Option<i64>,
    /// The class's title or the internship's position.
    pub placement_title: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub student_id: i64,
    pub student_name: String,
    pub mentor_id: i64,
    pub mentor_name: String,
    pub kind: String,
    pub assigned_at: i64,
    pub ended_at: Option<i64>,
    pub meetings: i64,
    pub grade: Option<String>,
    pub comment: Option<String>,
}

macro_rules! mentorship_select {
    () => {
        "SELECT ms.id, ms.class_id, ms.internship_id, COALESCE(c.title, i.position) AS placement_title, \
         e.id AS enterprise_id, e.name AS enterprise_name, ms.student_id, s.name AS student_name, \
         ms.mentor_id, t.name AS mentor_name, ms.kind, ms.assigned_at, ms.ended_at, \
         (SELECT COUNT(*) FROM mentor_meetings mm WHERE mm.mentorship_id = ms.id) AS meetings, ev.grade, ev.comment \
         FROM mentorships ms LEFT JOIN order_classes c ON c.id = ms.class_id \
         LEFT JOIN internships i ON i.id = ms.internship_id \
         JOIN orgs e ON e.id = COALESCE(c.enterprise_id, i.enterprise_id) JOIN people s ON s.id = ms.student_id \
         JOIN people t ON t.id = ms.mentor_id LEFT JOIN mentor_evaluations ev ON ev.mentorship_id = ms.id"
    };
}

fn placement_ids(placement: Placement) -> (Option<i64>, Option<i64>) {
    match placement {
        Placement::Class(id) => (Some(id), None),
        Placement::Internship(id) => (None, Some(id)),
    }
}

pub async fn current_mentorship_tx(
    tx: &mut Tx,
    placement: Placement,
    student_id: i64,
    kind: &str,
) -> StoreResult<Option<i64>> {
    let (class_id, internship_id) = placement_ids(placement);
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "SELECT id FROM mentorships WHERE (class_id = $1 OR internship_id = $2) AND student_id = $3 AND kind = $4 \
         AND ended_at IS NULL")
        .bind(class_id).bind(internship_id).bind(student_id).bind(kind).fetch_optional(x).await)?)
}

pub async fn end_mentorship(tx: &mut Tx, id: i64, now: i64) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query("UPDATE mentorships SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
        .bind(id).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn insert_mentorship(
    tx: &mut Tx,
    placement: Placement,
    student_id: i64,
    mentor_id: i64,
    kind: &str,
    by: i64,
    now: i64,
) -> StoreResult<i64> {
    let (class_id, internship_id) = placement_ids(placement);
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO mentorships (class_id, internship_id, student_id, mentor_id, kind, assigned_by, assigned_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(class_id).bind(internship_id).bind(student_id).bind(mentor_id).bind(kind).bind(by).bind(now)
        .fetch_one(x).await)?)
}

/// A mentor's current students and their limit, if staff set one. A mentorship in a class or an
/// internship whose last day is before `today` no longer counts: it stays open for the final
/// meeting and the evaluation, but the mentor is free to take someone new.
pub async fn mentor_load_tx(tx: &mut Tx, mentor_id: i64, today: &str) -> StoreResult<(i64, Option<i64>)> {
    let current: i64 = with_tx!(tx, x => sqlx::query_scalar(
        "SELECT COUNT(*) FROM mentorships ms LEFT JOIN order_classes c ON c.id = ms.class_id \
         LEFT JOIN internships i ON i.id = ms.internship_id \
         WHERE ms.mentor_id = $1 AND ms.ended_at IS NULL AND COALESCE(c.ends_on, i.ends_on) >= $2")
        .bind(mentor_id).bind(today).fetch_one(x).await)?;
    let limit: Option<i64> = with_tx!(tx, x => sqlx::query_scalar(
        "SELECT max_students FROM mentor_limits WHERE person_id = $1").bind(mentor_id).fetch_optional(x).await)?;
    Ok((current, limit))
}

pub async fn set_mentor_limit(tx: &mut Tx, person_id: i64, max_students: i64) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query(
        "INSERT INTO mentor_limits (person_id, max_students) VALUES ($1, $2) \
         ON CONFLICT (person_id) DO UPDATE SET max_students = excluded.max_students")
        .bind(person_id).bind(max_students).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The current mentorships of a class or an internship.
pub async fn current_mentorships(db: &Db, placement: Placement) -> StoreResult<Vec<MentorshipRow>> {
    let (class_id, internship_id) = placement_ids(placement);
    Ok(with_db!(db, p => sqlx::query_as(concat!(mentorship_select!(),
        " WHERE (ms.class_id = $1 OR ms.internship_id = $2) AND ms.ended_at IS NULL ORDER BY s.name, ms.kind"))
        .bind(class_id).bind(internship_id).fetch_all(p).await)?)
}

/// Every mentorship of a class or an internship, current first, so the record keeps the mentors
/// (and their evaluations) of a finished internship.
pub async fn all_mentorships(db: &Db, placement: Placement) -> StoreResult<Vec<MentorshipRow>> {
    let (class_id, internship_id) = placement_ids(placement);
    Ok(with_db!(db, p => sqlx::query_as(concat!(mentorship_select!(),
        " WHERE (ms.class_id = $1 OR ms.internship_id = $2) \
         ORDER BY CASE WHEN ms.ended_at IS NULL THEN 0 ELSE 1 END, ms.kind, ms.assigned_at DESC, ms.id DESC"))
        .bind(class_id).bind(internship_id).fetch_all(p).await)?)
}

/// Everything a person mentors or is mentored in, current first.
pub async fn mentorships_of_person(db: &Db, person_id: i64) -> StoreResult<Vec<MentorshipRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(mentorship_select!(),
        " WHERE ms.mentor_id = $1 OR ms.student_id = $1 \
         ORDER BY CASE WHEN ms.ended_at IS NULL THEN 0 ELSE 1 END, ms.assigned_at DESC, ms.id DESC LIMIT 500"))
        .bind(person_id).fetch_all(p).await)?)
}

pub async fn get_mentorship(db: &Db, id: i64) -> StoreResult<Option<MentorshipRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(mentorship_select!(), " WHERE ms.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn insert_meeting(
    tx: &mut Tx,
    mentorship_id: i64,
    met_on: &str,
    minutes: i64,
    topic: &str,
    notes: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO mentor_meetings (mentorship_id, met_on, minutes, topic, notes, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(mentorship_id).bind(met_on).bind(minutes).bind(topic).bind(notes).bind(now).fetch_one(x).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub met_on: String,
    pub minutes: i64,
    pub topic: String,
    pub notes: Option<String>,
}

pub async fn meetings(db: &Db, mentorship_id: i64) -> StoreResult<Vec<MeetingRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, met_on, minutes, topic, notes FROM mentor_meetings WHERE mentorship_id = $1 ORDER BY met_on DESC, id DESC")
        .bind(mentorship_id).fetch_all(p).await)?)
}

pub async fn insert_evaluation(
    tx: &mut Tx,
    mentorship_id: i64,
    grade: &str,
    comment: &str,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query(
        "INSERT INTO mentor_evaluations (mentorship_id, grade, comment, created_at) VALUES ($1, $2, $3, $4)")
        .bind(mentorship_id).bind(grade).bind(comment).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn is_member_tx(tx: &mut Tx, class_id: i64, student_id: i64) -> StoreResult<bool> {
    let n: i64 = with_tx!(tx, x => sqlx::query_scalar(
        "SELECT COUNT(*) FROM class_members WHERE class_id = $1 AND student_id = $2 AND left_at IS NULL")
        .bind(class_id).bind(student_id).fetch_one(x).await)?;
    Ok(n > 0)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PracticeRow {
    pub id: i64,
    pub teacher_id: i64,
    pub teacher_name: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub project: String,
    pub report: Option<String>,
}

macro_rules! practice_select {
    () => {
        "SELECT tp.id, tp.teacher_id, p.name AS teacher_name, tp.enterprise_id, o.name AS enterprise_name, tp.starts_on, \
         tp.ends_on, tp.project, tp.report FROM teacher_practice tp JOIN people p ON p.id = tp.teacher_id \
         JOIN orgs o ON o.id = tp.enterprise_id"
    };
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_practice(
    tx: &mut Tx,
    teacher_id: i64,
    enterprise_id: i64,
    starts_on: &str,
    ends_on: &str,
    project: &str,
    report: Option<&str>,
    by: i64,
    now: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO teacher_practice (teacher_id, enterprise_id, starts_on, ends_on, project, report, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id")
        .bind(teacher_id).bind(enterprise_id).bind(starts_on).bind(ends_on).bind(project).bind(report).bind(by).bind(now)
        .fetch_one(x).await)?)
}

pub async fn set_practice_report(tx: &mut Tx, id: i64, report: &str, now: i64) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query("UPDATE teacher_practice SET report = $2, updated_at = $3 WHERE id = $1")
        .bind(id).bind(report).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get_practice(db: &Db, id: i64) -> StoreResult<Option<PracticeRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(practice_select!(), " WHERE tp.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

/// Practice terms, latest first: all of them, or one teacher's and those at some enterprises.
pub async fn practice(db: &Db, all: bool, teacher: i64, enterprises: &[i64]) -> StoreResult<Vec<PracticeRow>> {
    let mut q = DynSql::new(concat!(practice_select!(), " WHERE 1 = 1"));
    if !all {
        q.push(" AND (tp.teacher_id = ").arg(Arg::Int(teacher));
        for enterprise in enterprises {
            q.push(" OR tp.enterprise_id = ").arg(Arg::Int(*enterprise));
        }
        q.push(")");
    }
    q.push(" ORDER BY tp.starts_on DESC, tp.id DESC LIMIT 2000");
    q.fetch_all(db).await
}

/// Every teacher's college memberships, as `(teacher, college id, college name)`.
pub async fn teachers_by_college(db: &Db) -> StoreResult<Vec<(i64, i64, String)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT m.person_id, o.id, o.name FROM memberships m JOIN orgs o ON o.id = m.org_id \
         WHERE m.role = 'teacher' AND o.kind = 'college' ORDER BY o.name")
        .fetch_all(p).await)?)
}

/// Every practice term as `(teacher, starts_on, ends_on)`.
pub async fn practice_terms(db: &Db) -> StoreResult<Vec<(i64, String, String)>> {
    Ok(
        with_db!(db, p => sqlx::query_as("SELECT teacher_id, starts_on, ends_on FROM teacher_practice").fetch_all(p).await)?,
    )
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AppointmentRow {
    pub id: i64,
    pub expert_id: i64,
    pub expert_name: String,
    pub college_id: i64,
    pub college_name: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub courses: String,
    pub students_mentored: i64,
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_appointment(
    tx: &mut Tx,
    expert_id: i64,
    college_id: i64,
    kind: &str,
    starts_on: &str,
    ends_on: &str,
    courses: &str,
    by: i64,
    now: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO expert_appointments (expert_id, college_id, kind, starts_on, ends_on, courses, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(expert_id).bind(college_id).bind(kind).bind(starts_on).bind(ends_on).bind(courses).bind(by).bind(now)
        .fetch_one(x).await)?)
}

/// Appointments, latest first, with how many students each expert mentors or mentored.
pub async fn appointments(db: &Db) -> StoreResult<Vec<AppointmentRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT a.id, a.expert_id, p.name AS expert_name, a.college_id, o.name AS college_name, a.kind, a.starts_on, a.ends_on, \
         a.courses, (SELECT COUNT(DISTINCT ms.student_id) FROM mentorships ms WHERE ms.mentor_id = a.expert_id) AS students_mentored \
         FROM expert_appointments a JOIN people p ON p.id = a.expert_id JOIN orgs o ON o.id = a.college_id \
         ORDER BY a.starts_on DESC, a.id DESC LIMIT 1000")
        .fetch_all(p).await)?)
}

pub struct OutcomeWrite<'a> {
    pub student_id: i64,
    pub cohort: &'a str,
    pub category: Option<&'a str>,
    pub employer: Option<&'a str>,
    pub job_title: Option<&'a str>,
    pub relevance: Option<i64>,
    pub salary_band: Option<&'a str>,
    pub supervisor_email: Option<&'a str>,
}

/// Records (or replaces) a graduate's outcome.
pub async fn upsert_outcome(tx: &mut Tx, o: &OutcomeWrite<'_>, by: i64, now: i64) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query(
        "INSERT INTO graduate_outcomes (student_id, cohort, category, employer, job_title, relevance, salary_band, supervisor_email, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (student_id) DO UPDATE SET cohort = excluded.cohort, category = excluded.category, employer = excluded.employer, \
         job_title = excluded.job_title, relevance = excluded.relevance, salary_band = excluded.salary_band, \
         supervisor_email = excluded.supervisor_email, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at")
        .bind(o.student_id).bind(o.cohort).bind(o.category).bind(o.employer).bind(o.job_title).bind(o.relevance)
        .bind(o.salary_band).bind(o.supervisor_email).bind(by).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutcomeRow {
    pub student_id: i64,
    pub student_name: String,
    pub cohort: String,
    pub category: Option<String>,
    pub employer: Option<String>,
    pub job_title: Option<String>,
    pub relevance: Option<i64>,
    pub salary_band: Option<String>,
    pub supervisor_email: Option<String>,
    /// The graduate's college and order class (and its enterprise), where they have one; each
    /// with its id, so that two with the same name are never counted as one.
    pub college_id: Option<i64>,
    pub college: Option<String>,
    pub class_id: Option<i64>,
    pub class_title: Option<String>,
    pub class_enterprise_id: Option<i64>,
    pub class_enterprise: Option<String>,
    /// The class's end-of-class hiring record for the graduate: 1 hired, 0 not, NULL not recorded.
    pub class_hired: Option<i64>,
}

/// One thing a graduate of a cohort is linked to where a graduate may have several: a
/// micro-degree they completed, or a mentor they had.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CohortLink {
    pub student_id: i64,
    pub id: i64,
    pub name: String,
}

/// Every micro-degree each graduate of the cohort completed (a credential issued and not revoked).
pub async fn cohort_micro_degrees(db: &Db, cohort: &str) -> StoreResult<Vec<CohortLink>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT g.student_id, md.id, md.title AS name FROM graduate_outcomes g \
         JOIN credentials cr ON cr.holder_id = g.student_id AND cr.source_kind = 'micro_degree' AND cr.revoked_at IS NULL \
         JOIN micro_degree_enrolments e ON e.id = cr.source_id JOIN micro_degrees md ON md.id = e.micro_degree_id \
         WHERE g.cohort = $1")
        .bind(cohort).fetch_all(p).await)?)
}

/// Every mentor, academic or enterprise, each graduate of the cohort had, in a class or an
/// internship. The name carries the mentor's own college or enterprise (one per person, so a
/// mentor is one group), since many experts share a name like 刘工.
pub async fn cohort_mentors(db: &Db, cohort: &str) -> StoreResult<Vec<CohortLink>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT g.student_id, ms.mentor_id AS id, mp.name || COALESCE(' · ' || (SELECT o.name FROM memberships m \
         JOIN orgs o ON o.id = m.org_id WHERE m.person_id = ms.mentor_id AND o.kind IN ('college', 'enterprise') \
         ORDER BY o.id LIMIT 1), '') AS name \
         FROM graduate_outcomes g JOIN mentorships ms ON ms.student_id = g.student_id JOIN people mp ON mp.id = ms.mentor_id \
         WHERE g.cohort = $1")
        .bind(cohort).fetch_all(p).await)?)
}

/// A cohort's graduates with their outcomes and where they studied.
pub async fn cohort(db: &Db, cohort: &str) -> StoreResult<Vec<OutcomeRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        // One lookup each for the graduate's college and latest class, joined once, so every
        // column of a row describes the same class even when two were joined at the same moment.
        "SELECT g.student_id, p.name AS student_name, g.cohort, g.category, g.employer, g.job_title, g.relevance, g.salary_band, \
         g.supervisor_email, col.id AS college_id, col.name AS college, c.id AS class_id, c.title AS class_title, \
         c.enterprise_id AS class_enterprise_id, ce.name AS class_enterprise, cm.hired AS class_hired \
         FROM graduate_outcomes g JOIN people p ON p.id = g.student_id \
         LEFT JOIN orgs col ON col.id = (SELECT o.id FROM memberships m JOIN orgs o ON o.id = m.org_id \
          WHERE m.person_id = g.student_id AND m.role = 'student' AND o.kind = 'college' ORDER BY o.id LIMIT 1) \
         LEFT JOIN class_members cm ON cm.student_id = g.student_id AND cm.class_id = (SELECT cm2.class_id \
          FROM class_members cm2 WHERE cm2.student_id = g.student_id ORDER BY cm2.joined_at DESC, cm2.class_id DESC LIMIT 1) \
         LEFT JOIN order_classes c ON c.id = cm.class_id LEFT JOIN orgs ce ON ce.id = c.enterprise_id \
         WHERE g.cohort = $1 ORDER BY p.name")
        .bind(cohort).fetch_all(p).await)?)
}

pub async fn cohorts(db: &Db) -> StoreResult<Vec<String>> {
    Ok(
        with_db!(db, p => sqlx::query_scalar("SELECT DISTINCT cohort FROM graduate_outcomes ORDER BY cohort DESC").fetch_all(p).await)?,
    )
}

pub async fn outcome_tx(tx: &mut Tx, student_id: i64) -> StoreResult<Option<(String, Option<String>, Option<String>)>> {
    Ok(with_tx!(tx, x => sqlx::query_as(
        "SELECT cohort, category, supervisor_email FROM graduate_outcomes WHERE student_id = $1")
        .bind(student_id).fetch_optional(x).await)?)
}

/// Closes a graduate's earlier unanswered links, so only the newest one works.
pub async fn expire_invitations(tx: &mut Tx, student_id: i64, now: i64) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query(
        "UPDATE satisfaction_invitations SET expires_at = $2 WHERE student_id = $1 AND used_at IS NULL AND expires_at > $2")
        .bind(student_id).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn insert_invitation(
    tx: &mut Tx,
    student_id: i64,
    email: &str,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO satisfaction_invitations (student_id, supervisor_email, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(student_id).bind(email).bind(token_hash).bind(now).bind(expires_at).fetch_one(x).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub student_id: i64,
    pub student_name: String,
    pub job_title: Option<String>,
    pub employer: Option<String>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn invitation_by_hash(db: &Db, token_hash: &str) -> StoreResult<Option<InvitationRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT i.id, i.student_id, p.name AS student_name, g.job_title, g.employer, i.expires_at, i.used_at \
         FROM satisfaction_invitations i JOIN people p ON p.id = i.student_id \
         LEFT JOIN graduate_outcomes g ON g.student_id = i.student_id WHERE i.token_hash = $1")
        .bind(token_hash).fetch_optional(p).await)?)
}

/// Marks an invitation used; `false` if it already was (or has expired), so a link answers once.
pub async fn use_invitation(tx: &mut Tx, id: i64, now: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, x => sqlx::query(
        "UPDATE satisfaction_invitations SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2")
        .bind(id).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn insert_response(
    tx: &mut Tx,
    invitation_id: i64,
    ratings: &str,
    overall: i64,
    comment: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query(
        "INSERT INTO satisfaction_responses (invitation_id, ratings, overall, comment, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(invitation_id).bind(ratings).bind(overall).bind(comment).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A cohort's invited graduates (each counted once, however many links they had) and the
/// responses: `(invited, [(ratings JSON, overall)])`.
pub async fn survey_of_cohort(db: &Db, cohort: &str) -> StoreResult<(i64, Vec<(String, i64)>)> {
    let invited: i64 = with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(DISTINCT i.student_id) FROM satisfaction_invitations i JOIN graduate_outcomes g ON g.student_id = i.student_id \
         WHERE g.cohort = $1")
        .bind(cohort).fetch_one(p).await)?;
    let responses: Vec<(String, i64)> = with_db!(db, p => sqlx::query_as(
        "SELECT r.ratings, r.overall FROM satisfaction_responses r JOIN satisfaction_invitations i ON i.id = r.invitation_id \
         JOIN graduate_outcomes g ON g.student_id = i.student_id WHERE g.cohort = $1")
        .bind(cohort).fetch_all(p).await)?;
    Ok((invited, responses))
}

/// Reads a class inside a write transaction and, on PostgreSQL, locks its row so decisions,
/// applications, placements and the selection on it queue up (SQLite's `BEGIN IMMEDIATE`
/// already serialises every writer).
pub async fn lock_class(tx: &mut Tx, id: i64) -> StoreResult<Option<ClassRow>> {
    if let Tx::Pg(t) = tx {
        sqlx::query("SELECT id FROM order_classes WHERE id = $1 FOR UPDATE").bind(id).execute(&mut **t).await?;
    }
    get_class_tx(tx, id).await
}

/// Locks every open class on PostgreSQL, so a selection sees a stable round.
pub async fn lock_open_classes(tx: &mut Tx) -> StoreResult<()> {
    if let Tx::Pg(t) = tx {
        sqlx::query("SELECT id FROM order_classes WHERE status = 'open' ORDER BY id FOR UPDATE")
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// Locks a person's row on PostgreSQL (a mentor, while their load is counted).
pub async fn lock_person(tx: &mut Tx, id: i64) -> StoreResult<()> {
    if let Tx::Pg(t) = tx {
        sqlx::query("SELECT id FROM people WHERE id = $1 FOR UPDATE").bind(id).execute(&mut **t).await?;
    }
    Ok(())
}

/// Moves an ordered class on; `false` if it was no longer waiting for a decision.
pub async fn decide_class(tx: &mut Tx, id: i64, status: &str, note: Option<&str>, now: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, x => sqlx::query(
        "UPDATE order_classes SET status = $2, decision_note = $3, updated_at = $4 WHERE id = $1 AND status = 'ordered'")
        .bind(id).bind(status).bind(note).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Ends a student's current mentorships in a class or internship (when they leave it).
pub async fn end_mentorships_of(tx: &mut Tx, placement: Placement, student_id: i64, now: i64) -> StoreResult<()> {
    let (class_id, internship_id) = placement_ids(placement);
    with_tx!(tx, x => sqlx::query(
        "UPDATE mentorships SET ended_at = $4 WHERE (class_id = $1 OR internship_id = $2) AND student_id = $3 \
         AND ended_at IS NULL")
        .bind(class_id).bind(internship_id).bind(student_id).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}
