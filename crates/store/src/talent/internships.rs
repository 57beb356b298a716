//! Internships: a student's term at an enterprise outside any order class.

use crate::dynamic::{Arg, DynSql, contains_pattern};
use crate::{Db, StoreResult, Tx, with_db, with_tx};
use tandem_domain::talent::internship::Party;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InternshipRow {
    pub id: i64,
    pub student_id: i64,
    pub student_name: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub position: String,
    pub starts_on: String,
    pub ends_on: String,
    pub left_on: Option<String>,
    pub left_reason: Option<String>,
    pub created_at: i64,
    /// The current academic and enterprise mentors' names, if assigned.
    pub academic_mentor: Option<String>,
    pub enterprise_mentor: Option<String>,
    /// The latest logged meeting by either mentor (`YYYY-MM-DD`).
    pub last_met_on: Option<String>,
    /// The learning agreement: `None` not drafted, 0 waiting for a party's confirmation, 1 in force.
    pub agreement: Option<i64>,
}

macro_rules! internship_select {
    () => {
        "SELECT i.id, i.student_id, s.name AS student_name, i.enterprise_id, e.name AS enterprise_name, i.position, \
         i.starts_on, i.ends_on, i.left_on, i.left_reason, i.created_at, \
         (SELECT p.name FROM mentorships ms JOIN people p ON p.id = ms.mentor_id WHERE ms.internship_id = i.id \
          AND ms.kind = 'academic' AND ms.ended_at IS NULL) AS academic_mentor, \
         (SELECT p.name FROM mentorships ms JOIN people p ON p.id = ms.mentor_id WHERE ms.internship_id = i.id \
          AND ms.kind = 'enterprise' AND ms.ended_at IS NULL) AS enterprise_mentor, \
         (SELECT MAX(mm.met_on) FROM mentor_meetings mm JOIN mentorships ms ON ms.id = mm.mentorship_id \
          WHERE ms.internship_id = i.id) AS last_met_on, \
         (SELECT CAST(CASE WHEN a.student_confirmed_at IS NOT NULL AND a.enterprise_confirmed_at IS NOT NULL \
          AND a.university_confirmed_at IS NOT NULL THEN 1 ELSE 0 END AS BIGINT) FROM internship_agreements a \
          WHERE a.internship_id = i.id) AS agreement \
         FROM internships i JOIN people s ON s.id = i.student_id JOIN orgs e ON e.id = i.enterprise_id"
    };
}

pub struct InternshipWrite<'a> {
    pub student_id: i64,
    pub enterprise_id: i64,
    pub position: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
}

pub async fn insert(tx: &mut Tx, w: &InternshipWrite<'_>, by: i64, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO internships (student_id, enterprise_id, position, starts_on, ends_on, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(w.student_id).bind(w.enterprise_id).bind(w.position).bind(w.starts_on).bind(w.ends_on).bind(by).bind(now)
        .fetch_one(x).await)?)
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Option<InternshipRow>> {
    Ok(with_db!(db, p => sqlx::query_as(concat!(internship_select!(), " WHERE i.id = $1"))
        .bind(id).fetch_optional(p).await)?)
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<InternshipRow>> {
    Ok(with_tx!(tx, x => sqlx::query_as(concat!(internship_select!(), " WHERE i.id = $1"))
        .bind(id).fetch_optional(x).await)?)
}

/// Who a list is for: staff see every internship; anyone else sees their own, those at the
/// enterprises they speak for, and those they mentor.
pub enum Reader<'a> {
    Everyone,
    Person { person_id: i64, enterprises: &'a [i64] },
}

/// What a reader narrows the list to.
#[derive(Debug, Clone, Default)]
pub struct InternshipFilter {
    /// Part of the student's, the enterprise's or the position's name.
    pub q: Option<String>,
    /// `upcoming`, `current`, `finished` or `left`, as on `today` (`YYYY-MM-DD`).
    pub stage: Option<(String, String)>,
    /// Only those needing attention as `domain::talent::internship::attention` defines it, given
    /// `(today, guidance cutoff)`; the two must agree, which a test checks.
    pub attention: Option<(String, String)>,
}

/// Internships the reader may see, latest start first. The filters are in SQL, before the limit.
pub async fn list(db: &Db, reader: &Reader<'_>, filter: &InternshipFilter) -> StoreResult<Vec<InternshipRow>> {
    let mut q = DynSql::new(concat!(internship_select!(), " WHERE 1 = 1"));
    if let Some(needle) = filter.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = contains_pattern(needle);
        q.push(" AND (LOWER(s.name) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(e.name) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(i.position) LIKE ").arg(Arg::Text(pattern)).push(" ESCAPE '\\')");
    }
    if let Some((stage, today)) = &filter.stage {
        let today = Arg::Text(today.clone());
        match stage.as_str() {
            "upcoming" => q.push(" AND i.left_on IS NULL AND i.starts_on > ").arg(today),
            "current" => q
                .push(" AND i.left_on IS NULL AND i.starts_on <= ")
                .arg(today.clone())
                .push(" AND i.ends_on >= ")
                .arg(today),
            "finished" => q.push(" AND i.left_on IS NULL AND i.ends_on < ").arg(today),
            _ => q.push(" AND i.left_on IS NOT NULL"),
        };
    }
    if let Reader::Person { person_id, enterprises } = reader {
        q.push(" AND (i.student_id = ").arg(Arg::Int(*person_id));
        q.push(" OR EXISTS (SELECT 1 FROM mentorships ms WHERE ms.internship_id = i.id AND ms.mentor_id = ")
            .arg(Arg::Int(*person_id))
            .push(")");
        for enterprise in *enterprises {
            q.push(" OR i.enterprise_id = ").arg(Arg::Int(*enterprise));
        }
        q.push(")");
    }
    if let Some((today, cutoff)) = &filter.attention {
        let missing = |kind: &str| {
            format!(
                "NOT EXISTS (SELECT 1 FROM mentorships ms WHERE ms.internship_id = i.id AND ms.kind = '{kind}' \
                 AND ms.ended_at IS NULL)"
            )
        };
        q.push(" AND i.left_on IS NULL AND i.ends_on >= ").arg(Arg::Text(today.clone()));
        q.push(&format!(" AND ({} OR {}", missing("academic"), missing("enterprise")));
        q.push(
            " OR NOT EXISTS (SELECT 1 FROM internship_agreements a WHERE a.internship_id = i.id \
             AND a.student_confirmed_at IS NOT NULL AND a.enterprise_confirmed_at IS NOT NULL \
             AND a.university_confirmed_at IS NOT NULL)",
        );
        q.push(" OR (i.starts_on <= ").arg(Arg::Text(cutoff.clone()));
        q.push(
            " AND NOT EXISTS (SELECT 1 FROM mentor_meetings mm JOIN mentorships ms ON ms.id = mm.mentorship_id \
             WHERE ms.internship_id = i.id AND mm.met_on > ",
        )
        .arg(Arg::Text(cutoff.clone()))
        .push(")))");
    }
    q.push(" ORDER BY i.starts_on DESC, i.id DESC LIMIT 500");
    q.fetch_all(db).await
}

/// Whether this person mentors (or mentored) the internship.
pub async fn is_mentor(db: &Db, internship_id: i64, person_id: i64) -> StoreResult<bool> {
    let n: i64 = with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM mentorships WHERE internship_id = $1 AND mentor_id = $2")
        .bind(internship_id).bind(person_id).fetch_one(p).await)?;
    Ok(n > 0)
}

/// Ends an internship early; `false` if it had already ended.
pub async fn leave(tx: &mut Tx, id: i64, left_on: &str, reason: &str) -> StoreResult<bool> {
    let n = with_tx!(tx, x => sqlx::query(
        "UPDATE internships SET left_on = $2, left_reason = $3 WHERE id = $1 AND left_on IS NULL")
        .bind(id).bind(left_on).bind(reason).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The student's internship that overlaps these dates, if any: one student, one internship at a time.
pub async fn overlapping_tx(
    tx: &mut Tx,
    student_id: i64,
    starts_on: &str,
    ends_on: &str,
) -> StoreResult<Option<InternshipRow>> {
    // An internship left early covers the days before the day the student left, and none at all
    // if they left before it began.
    Ok(with_tx!(tx, x => sqlx::query_as(concat!(internship_select!(),
        " WHERE i.student_id = $1 AND i.starts_on <= $3 \
         AND ((i.left_on IS NULL AND i.ends_on >= $2) OR (i.left_on > $2 AND i.left_on > i.starts_on)) LIMIT 1"))
        .bind(student_id).bind(starts_on).bind(ends_on).fetch_optional(x).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreementRow {
    pub internship_id: i64,
    pub goals: String,
    pub duties: String,
    pub weekly_hours: i64,
    pub allowance_fen: Option<i64>,
    pub insurance: Option<String>,
    pub version: i64,
    pub updated_at: i64,
    pub student_confirmed_at: Option<i64>,
    pub enterprise_confirmed_at: Option<i64>,
    pub university_confirmed_at: Option<i64>,
}

macro_rules! agreement_select {
    () => {
        "SELECT internship_id, goals, duties, weekly_hours, allowance_fen, insurance, version, updated_at, \
         student_confirmed_at, enterprise_confirmed_at, university_confirmed_at \
         FROM internship_agreements WHERE internship_id = $1"
    };
}

pub struct AgreementWrite<'a> {
    pub internship_id: i64,
    pub goals: &'a str,
    pub duties: &'a str,
    pub weekly_hours: i64,
    pub allowance_fen: Option<i64>,
    pub insurance: Option<&'a str>,
}

pub async fn agreement_tx(tx: &mut Tx, internship_id: i64) -> StoreResult<Option<AgreementRow>> {
    Ok(with_tx!(tx, x => sqlx::query_as(
        agreement_select!())
        .bind(internship_id).fetch_optional(x).await)?)
}

/// The internship's current mentors, as `(mentor, kind)`.
pub async fn current_mentors_tx(tx: &mut Tx, internship_id: i64) -> StoreResult<Vec<(i64, String)>> {
    Ok(with_tx!(tx, x => sqlx::query_as(
        "SELECT mentor_id, kind FROM mentorships WHERE internship_id = $1 AND ended_at IS NULL")
        .bind(internship_id).fetch_all(x).await)?)
}

pub async fn agreement(db: &Db, internship_id: i64) -> StoreResult<Option<AgreementRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        agreement_select!())
        .bind(internship_id).fetch_optional(p).await)?)
}

/// Writes new terms as the next version, clearing every confirmation; returns the version.
pub async fn save_agreement(tx: &mut Tx, w: &AgreementWrite<'_>, by: i64, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO internship_agreements (internship_id, goals, duties, weekly_hours, allowance_fen, insurance, \
         version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) \
         ON CONFLICT (internship_id) DO UPDATE SET goals = excluded.goals, duties = excluded.duties, \
         weekly_hours = excluded.weekly_hours, allowance_fen = excluded.allowance_fen, insurance = excluded.insurance, \
         version = internship_agreements.version + 1, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at, student_confirmed_at = NULL, enterprise_confirmed_at = NULL, \
         enterprise_confirmed_by = NULL, university_confirmed_at = NULL, university_confirmed_by = NULL \
         RETURNING version")
        .bind(w.internship_id).bind(w.goals).bind(w.duties).bind(w.weekly_hours).bind(w.allowance_fen)
        .bind(w.insurance).bind(by).bind(now).fetch_one(x).await)?)
}

/// Records one party's confirmation of `version`; `false` if the terms have changed since, or
/// that party had already confirmed them.
pub async fn confirm_agreement(
    tx: &mut Tx,
    internship_id: i64,
    party: Party,
    version: i64,
    by: i64,
    now: i64,
) -> StoreResult<bool> {
    // The student confirms for themselves; the other two record who confirmed for their side.
    let (sql, who) = match party {
        Party::Student => (
            "UPDATE internship_agreements SET student_confirmed_at = $3 \
             WHERE internship_id = $1 AND version = $2 AND student_confirmed_at IS NULL",
            None,
        ),
        Party::Enterprise => (
            "UPDATE internship_agreements SET enterprise_confirmed_at = $3, enterprise_confirmed_by = $4 \
             WHERE internship_id = $1 AND version = $2 AND enterprise_confirmed_at IS NULL",
            Some(by),
        ),
        Party::University => (
            "UPDATE internship_agreements SET university_confirmed_at = $3, university_confirmed_by = $4 \
             WHERE internship_id = $1 AND version = $2 AND university_confirmed_at IS NULL",
            Some(by),
        ),
    };
    let n = match who {
        None => with_tx!(tx, x => sqlx::query(sql).bind(internship_id).bind(version).bind(now)
            .execute(x).await.map(|r| r.rows_affected()))?,
        Some(by) => with_tx!(tx, x => sqlx::query(sql).bind(internship_id).bind(version).bind(now).bind(by)
            .execute(x).await.map(|r| r.rows_affected()))?,
    };
    Ok(n == 1)
}
