//! Micro-degrees, their modules, enrolments and module results.

use crate::{Db, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MicroDegreeRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    pub description: String,
    /// One learning outcome per line.
    pub learning_outcomes: String,
    pub workload_hours: i64,
    pub required_credit_tenths: i64,
    pub level: Option<String>,
    pub assessment_type: String,
    pub participation: String,
    pub quality_assurance: String,
    pub capacity: i64,
    pub status: String,
    pub enrolled: i64,
    pub module_count: i64,
    pub created_at: i64,
}

macro_rules! degree_select {
    () => {
        "SELECT d.id, d.org_id, o.name AS org_name, d.title, d.description, d.learning_outcomes, d.workload_hours, \
         d.required_credit_tenths, d.level, d.assessment_type, d.participation, d.quality_assurance, d.capacity, d.status, \
         (SELECT COUNT(*) FROM micro_degree_enrolments e WHERE e.micro_degree_id = d.id AND e.withdrawn_at IS NULL) AS enrolled, \
         (SELECT COUNT(*) FROM micro_degree_modules m WHERE m.micro_degree_id = d.id) AS module_count, \
         d.created_at FROM micro_degrees d JOIN orgs o ON o.id = d.org_id"
    };
}

pub struct MicroDegreeWrite<'a> {
    pub org_id: i64,
    pub title: &'a str,
    pub description: &'a str,
    pub learning_outcomes: &'a str,
    pub workload_hours: i64,
    pub required_credit_tenths: i64,
    pub level: Option<&'a str>,
    pub assessment_type: &'a str,
    pub participation: &'a str,
    pub quality_assurance: &'a str,
    pub capacity: i64,
}

pub async fn insert(tx: &mut Tx, d: &MicroDegreeWrite<'_>, by: i64, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO micro_degrees (org_id, title, description, learning_outcomes, workload_hours, required_credit_tenths, level, \
         assessment_type, participation, quality_assurance, capacity, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $13, $13) RETURNING id")
        .bind(d.org_id).bind(d.title).bind(d.description).bind(d.learning_outcomes).bind(d.workload_hours)
        .bind(d.required_credit_tenths).bind(d.level).bind(d.assessment_type).bind(d.participation).bind(d.quality_assurance)
        .bind(d.capacity).bind(by).bind(now).fetch_one(x).await)?)
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Option<MicroDegreeRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(degree_select!(), " WHERE d.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn list(db: &Db) -> StoreResult<Vec<MicroDegreeRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(degree_select!(), " ORDER BY d.status DESC, d.created_at DESC, d.id DESC LIMIT 500"))
        .fetch_all(p).await)?,
    )
}

/// Reads a micro-degree inside a write transaction, locking its row on PostgreSQL so that
/// enrolments against its capacity queue up (SQLite's `BEGIN IMMEDIATE` serialises writers).
pub async fn lock(tx: &mut Tx, id: i64) -> StoreResult<Option<MicroDegreeRow>> {
    if let Tx::Pg(t) = tx {
        sqlx::query("SELECT id FROM micro_degrees WHERE id = $1 FOR UPDATE").bind(id).execute(&mut **t).await?;
    }
    Ok(
        with_tx!(tx, x => sqlx::query_as(concat!(degree_select!(), " WHERE d.id = $1")).bind(id).fetch_optional(x).await)?,
    )
}

pub async fn set_status(tx: &mut Tx, id: i64, status: &str, now: i64) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query("UPDATE micro_degrees SET status = $2, updated_at = $3 WHERE id = $1")
        .bind(id).bind(status).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ModuleRow {
    pub id: i64,
    pub micro_degree_id: i64,
    pub title: String,
    pub credit_tenths: i64,
    pub mandatory: i64,
    pub taught_by: Option<String>,
}

pub async fn insert_module(
    tx: &mut Tx,
    degree: i64,
    title: &str,
    credit_tenths: i64,
    mandatory: bool,
    taught_by: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO micro_degree_modules (micro_degree_id, title, credit_tenths, mandatory, taught_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(degree).bind(title).bind(credit_tenths).bind(i64::from(mandatory)).bind(taught_by).bind(now).fetch_one(x).await)?)
}

pub async fn modules(db: &Db, degree: i64) -> StoreResult<Vec<ModuleRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT id, micro_degree_id, title, credit_tenths, mandatory, taught_by FROM micro_degree_modules \
         WHERE micro_degree_id = $1 ORDER BY id")
        .bind(degree).fetch_all(p).await)?)
}

pub async fn modules_tx(tx: &mut Tx, degree: i64) -> StoreResult<Vec<ModuleRow>> {
    Ok(with_tx!(tx, x => sqlx::query_as(
        "SELECT id, micro_degree_id, title, credit_tenths, mandatory, taught_by FROM micro_degree_modules \
         WHERE micro_degree_id = $1 ORDER BY id")
        .bind(degree).fetch_all(x).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EnrolmentRow {
    pub id: i64,
    pub micro_degree_id: i64,
    pub degree_title: String,
    pub student_id: i64,
    pub student_name: String,
    pub student_email: String,
    pub enrolled_at: i64,
    pub withdrawn_at: Option<i64>,
    /// The credential issued for this enrolment's completion, if any.
    pub credential_id: Option<String>,
}

macro_rules! enrolment_select {
    () => {
        "SELECT e.id, e.micro_degree_id, d.title AS degree_title, e.student_id, p.name AS student_name, p.email AS student_email, \
         e.enrolled_at, e.withdrawn_at, \
         (SELECT c.id FROM credentials c WHERE c.source_kind = 'micro_degree' AND c.source_id = e.id) AS credential_id \
         FROM micro_degree_enrolments e JOIN micro_degrees d ON d.id = e.micro_degree_id JOIN people p ON p.id = e.student_id"
    };
}

pub async fn enrolments(db: &Db, degree: i64) -> StoreResult<Vec<EnrolmentRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(enrolment_select!(), " WHERE e.micro_degree_id = $1 ORDER BY p.name, e.id LIMIT 5000"))
        .bind(degree).fetch_all(p).await)?,
    )
}

pub async fn enrolments_of(db: &Db, student: i64) -> StoreResult<Vec<EnrolmentRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(enrolment_select!(), " WHERE e.student_id = $1 ORDER BY e.enrolled_at DESC, e.id DESC"))
        .bind(student).fetch_all(p).await)?,
    )
}

pub async fn enrolment_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<EnrolmentRow>> {
    Ok(
        with_tx!(tx, x => sqlx::query_as(concat!(enrolment_select!(), " WHERE e.id = $1")).bind(id).fetch_optional(x).await)?,
    )
}

pub async fn enrolment_of(db: &Db, degree: i64, student: i64) -> StoreResult<Option<EnrolmentRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(enrolment_select!(), " WHERE e.micro_degree_id = $1 AND e.student_id = $2"))
        .bind(degree).bind(student).fetch_optional(p).await)?,
    )
}

pub async fn enrolment_of_tx(tx: &mut Tx, degree: i64, student: i64) -> StoreResult<Option<EnrolmentRow>> {
    Ok(
        with_tx!(tx, x => sqlx::query_as(concat!(enrolment_select!(), " WHERE e.micro_degree_id = $1 AND e.student_id = $2"))
        .bind(degree).bind(student).fetch_optional(x).await)?,
    )
}

/// Takes a withdrawn student back; their earlier results count again.
pub async fn reinstate(tx: &mut Tx, id: i64) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query("UPDATE micro_degree_enrolments SET withdrawn_at = NULL WHERE id = $1")
        .bind(id).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Micro-degrees a student is enrolled in and has not withdrawn from nor been credentialed for.
pub async fn active_enrolment_count(tx: &mut Tx, student: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "SELECT COUNT(*) FROM micro_degree_enrolments e WHERE e.student_id = $1 AND e.withdrawn_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.source_kind = 'micro_degree' AND c.source_id = e.id)")
        .bind(student).fetch_one(x).await)?)
}

pub async fn insert_enrolment(tx: &mut Tx, degree: i64, student: i64, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO micro_degree_enrolments (micro_degree_id, student_id, enrolled_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(degree).bind(student).bind(now).fetch_one(x).await)?)
}

/// Marks an enrolment withdrawn; `false` if it was already.
pub async fn withdraw(tx: &mut Tx, id: i64, now: i64) -> StoreResult<bool> {
    let n = with_tx!(tx, x => sqlx::query(
        "UPDATE micro_degree_enrolments SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.source_kind = 'micro_degree' AND c.source_id = $1)")
        .bind(id).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ResultRow {
    pub enrolment_id: i64,
    pub module_id: i64,
    pub passed: i64,
    pub grade: Option<String>,
    pub recorded_at: i64,
}

/// Results of every enrolment in a micro-degree.
pub async fn results(db: &Db, degree: i64) -> StoreResult<Vec<ResultRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT r.enrolment_id, r.module_id, r.passed, r.grade, r.recorded_at FROM micro_degree_results r \
         JOIN micro_degree_enrolments e ON e.id = r.enrolment_id WHERE e.micro_degree_id = $1")
        .bind(degree).fetch_all(p).await)?)
}

pub async fn results_of(db: &Db, enrolment: i64) -> StoreResult<Vec<ResultRow>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT enrolment_id, module_id, passed, grade, recorded_at FROM micro_degree_results WHERE enrolment_id = $1")
        .bind(enrolment).fetch_all(p).await)?)
}

pub async fn results_tx(tx: &mut Tx, enrolment: i64) -> StoreResult<Vec<ResultRow>> {
    Ok(with_tx!(tx, x => sqlx::query_as(
        "SELECT enrolment_id, module_id, passed, grade, recorded_at FROM micro_degree_results WHERE enrolment_id = $1")
        .bind(enrolment).fetch_all(x).await)?)
}

/// Records (or replaces) a module result.
pub async fn upsert_result(
    tx: &mut Tx,
    enrolment: i64,
    module: i64,
    passed: bool,
    grade: Option<&str>,
    by: i64,
    now: i64,
) -> StoreResult<()> {
    with_tx!(tx, x => sqlx::query(
        "INSERT INTO micro_degree_results (enrolment_id, module_id, passed, grade, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (enrolment_id, module_id) \
         DO UPDATE SET passed = excluded.passed, grade = excluded.grade, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at")
        .bind(enrolment).bind(module).bind(i64::from(passed)).bind(grade).bind(by).bind(now).execute(x).await.map(|r| r.rows_affected()))?;
    Ok(())
}
