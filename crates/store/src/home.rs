//! What waits for someone, counted for the home page's to-do list. Each count takes the records
//! the reader answers for: `Scope::All` for the university's staff, or the organisations they
//! act in (`Scope::Orgs`, never empty: an empty scope counts nothing without asking).

use crate::dynamic::{Arg, DynSql};
use crate::{Db, StoreResult};

/// Whose records a count covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Orgs(Vec<i64>),
}

impl Scope {
    /// Appends the scope's filter on `column`; `false` when the scope is empty (nothing to count).
    fn apply(&self, q: &mut DynSql, column: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Orgs(ids) if ids.is_empty() => false,
            Scope::Orgs(ids) => {
                q.push_in(column, ids);
                true
            }
        }
    }
}

/// A count, and the one record it is about when there is exactly one (for a direct link).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Waiting {
    pub count: i64,
    pub first_id: Option<i64>,
}

async fn waiting(mut q: DynSql, scope: &Scope, column: &str, db: &Db) -> StoreResult<Waiting> {
    if !scope.apply(&mut q, column) {
        return Ok(Waiting::default());
    }
    let rows: Vec<Waiting> = q.fetch_all(db).await?;
    Ok(rows.into_iter().next().unwrap_or_default())
}

/// Bookings waiting for a decision on items of the scope's labs.
pub async fn bookings_to_decide(db: &Db, labs: &Scope) -> StoreResult<Waiting> {
    let q = DynSql::new(
        "SELECT COUNT(*) AS count, MIN(b.id) AS first_id FROM bookings b JOIN equipment e ON e.id = b.equipment_id \
         WHERE b.status = 'requested'",
    );
    waiting(q, labs, "e.lab_id", db).await
}

/// Requests to use datasets owned in the scope, not yet decided.
pub async fn dataset_requests_to_decide(db: &Db, owners: &Scope) -> StoreResult<Waiting> {
    let q = DynSql::new(
        "SELECT COUNT(*) AS count, MIN(d.id) AS first_id FROM dataset_requests r JOIN datasets d ON d.id = r.dataset_id \
         WHERE r.status = 'pending'",
    );
    waiting(q, owners, "d.owner_org_id", db).await
}

/// Classes enterprises have ordered that the university has not yet accepted or declined.
pub async fn orders_to_decide(db: &Db) -> StoreResult<Waiting> {
    let q = DynSql::new("SELECT COUNT(*) AS count, MIN(id) AS first_id FROM order_classes WHERE status = 'ordered'");
    waiting(q, &Scope::All, "", db).await
}

/// Applications to the scope's enterprises' open classes that they have not ranked.
pub async fn applicants_to_rank(db: &Db, enterprises: &Scope) -> StoreResult<Waiting> {
    let q = DynSql::new(
        "SELECT COUNT(*) AS count, MIN(c.id) AS first_id FROM class_applications a JOIN order_classes c ON c.id = a.class_id \
         WHERE c.status = 'open' AND a.rank IS NULL AND a.outcome IS NULL",
    );
    waiting(q, enterprises, "c.enterprise_id", db).await
}

/// Which party of an internship's learning agreement is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreementParty {
    Student(i64),
    Enterprise(Scope),
    University,
}

/// Current learning agreements of internships still running that the party has not confirmed.
pub async fn agreements_to_confirm(db: &Db, party: &AgreementParty) -> StoreResult<Waiting> {
    let base = "SELECT COUNT(*) AS count, MIN(i.id) AS first_id FROM internship_agreements g \
                JOIN internships i ON i.id = g.internship_id WHERE i.left_on IS NULL";
    let mut q = DynSql::new(base);
    match party {
        AgreementParty::Student(person_id) => {
            q.push(" AND g.student_confirmed_at IS NULL AND i.student_id = ").arg(Arg::Int(*person_id));
            waiting(q, &Scope::All, "", db).await
        }
        AgreementParty::Enterprise(scope) => {
            q.push(" AND g.enterprise_confirmed_at IS NULL");
            waiting(q, scope, "i.enterprise_id", db).await
        }
        AgreementParty::University => {
            q.push(" AND g.university_confirmed_at IS NULL");
            waiting(q, &Scope::All, "", db).await
        }
    }
}

/// Diagnoses started for the scope's enterprises and not yet submitted.
pub async fn diagnosis_drafts(db: &Db, enterprises: &Scope) -> StoreResult<Waiting> {
    let q =
        DynSql::new("SELECT COUNT(*) AS count, MIN(enterprise_id) AS first_id FROM assessments WHERE status = 'draft'");
    waiting(q, enterprises, "enterprise_id", db).await
}

/// Whose equipment use a trend covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UseScope {
    /// Every item.
    All,
    /// Items of these labs (never empty).
    Labs(Vec<i64>),
    /// The person's own bookings.
    Person(i64),
    /// Bookings by anyone with a role in these organisations (never empty).
    MembersOf(Vec<i64>),
}

/// Hours of completed equipment use in each period `[bounds[i], bounds[i + 1])`, one figure per
/// period, counted by SQL (each booking falls in the period it starts in).
pub async fn use_hours(db: &Db, scope: &UseScope, bounds: &[i64]) -> StoreResult<Vec<f64>> {
    let periods = bounds.len().saturating_sub(1);
    if periods == 0 {
        return Ok(vec![]);
    }
    let mut q = DynSql::new("SELECT CAST(CASE");
    for (i, start) in bounds.iter().enumerate().skip(1) {
        q.push(" WHEN b.start_at < ").arg(Arg::Int(*start)).push(&format!(" THEN {}", i - 1));
    }
    q.push(
        " END AS BIGINT) AS period, CAST(SUM(b.end_at - b.start_at) AS BIGINT) AS seconds \
            FROM bookings b JOIN equipment e ON e.id = b.equipment_id WHERE b.status = 'completed' AND b.start_at >= ",
    )
    .arg(Arg::Int(bounds[0]))
    .push(" AND b.start_at < ")
    .arg(Arg::Int(bounds[periods]));
    match scope {
        UseScope::All => {}
        UseScope::Labs(labs) if labs.is_empty() => return Ok(vec![0.0; periods]),
        UseScope::Labs(labs) => {
            q.push_in("e.lab_id", labs);
        }
        UseScope::Person(id) => {
            q.push(" AND b.person_id = ").arg(Arg::Int(*id));
        }
        UseScope::MembersOf(orgs) if orgs.is_empty() => return Ok(vec![0.0; periods]),
        UseScope::MembersOf(orgs) => {
            q.push(" AND b.person_id IN (SELECT m.person_id FROM memberships m WHERE 1 = 1");
            q.push_in("m.org_id", orgs).push(")");
        }
    }
    q.push(" GROUP BY period");
    let rows: Vec<(i64, i64)> = q.fetch_all(db).await?;
    let mut hours = vec![0.0; periods];
    for (period, seconds) in rows {
        if let Some(h) = usize::try_from(period).ok().and_then(|p| hours.get_mut(p)) {
            *h = seconds as f64 / 3600.0;
        }
    }
    Ok(hours)
}

/// Which column of enterprise profiles a distribution groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterpriseGrouping {
    /// GB/T 2260 region (district) code.
    Region,
    /// GB/T 4754 section letter, the first character of the industry code.
    IndustrySection,
}

/// How many enterprises fall in each group, largest first; enterprises without the figure
/// count under `None`.
pub async fn enterprises_by(db: &Db, grouping: EnterpriseGrouping) -> StoreResult<Vec<(Option<String>, i64)>> {
    let key = match grouping {
        EnterpriseGrouping::Region => "p.region_code",
        EnterpriseGrouping::IndustrySection => "SUBSTR(p.industry_code, 1, 1)",
    };
    let q = DynSql::new(&format!(
        "SELECT {key} AS grouping_key, COUNT(*) AS n FROM enterprise_profiles p GROUP BY {key} ORDER BY n DESC, grouping_key"
    ));
    q.fetch_all(db).await
}

/// A student's own figures for the home page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct StudentFigures {
    /// Bookings requested or approved that have not started yet.
    pub upcoming_bookings: i64,
    /// Order classes the student is in now.
    pub classes: i64,
    /// Mentors assigned now.
    pub mentors: i64,
    /// Credits of modules passed in micro-degrees not withdrawn from, in tenths.
    pub credit_tenths: i64,
}

pub async fn student_figures(db: &Db, person_id: i64, now: i64) -> StoreResult<StudentFigures> {
    let mut q = DynSql::new("SELECT (SELECT COUNT(*) FROM bookings WHERE person_id = ");
    q.arg(Arg::Int(person_id))
        .push(" AND status IN ('requested', 'approved') AND start_at >= ")
        .arg(Arg::Int(now))
        .push(") AS upcoming_bookings, (SELECT COUNT(*) FROM class_members WHERE left_at IS NULL AND student_id = ")
        .arg(Arg::Int(person_id))
        .push(") AS classes, (SELECT COUNT(*) FROM mentorships WHERE ended_at IS NULL AND student_id = ")
        .arg(Arg::Int(person_id))
        .push(
            ") AS mentors, (SELECT CAST(COALESCE(SUM(m.credit_tenths), 0) AS BIGINT) FROM micro_degree_results r \
             JOIN micro_degree_enrolments e ON e.id = r.enrolment_id JOIN micro_degree_modules m ON m.id = r.module_id \
             WHERE r.passed = 1 AND e.withdrawn_at IS NULL AND e.student_id = ",
        )
        .arg(Arg::Int(person_id))
        .push(") AS credit_tenths");
    let rows: Vec<StudentFigures> = q.fetch_all(db).await?;
    Ok(rows.into_iter().next().unwrap_or_default())
}

/// An enterprise's own figures for the home page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct EnterpriseFigures {
    pub enterprise_id: i64,
    /// Diagnoses submitted, of any instrument.
    pub diagnoses: i64,
    /// People with a role in the enterprise.
    pub people: i64,
    /// Bookings its people made since `since` (any status but cancelled and rejected).
    pub bookings: i64,
    /// Teachers' practice terms it has hosted (the two-way flow).
    pub practice_terms: i64,
}

pub async fn enterprise_figures(db: &Db, enterprise_id: i64, since: i64) -> StoreResult<EnterpriseFigures> {
    let id = || Arg::Int(enterprise_id);
    let mut q = DynSql::new("SELECT ");
    q.arg(id())
        .push(" AS enterprise_id, (SELECT COUNT(*) FROM assessments WHERE status = 'submitted' AND enterprise_id = ")
        .arg(id())
        .push(") AS diagnoses, (SELECT COUNT(DISTINCT person_id) FROM memberships WHERE org_id = ")
        .arg(id())
        .push(
            ") AS people, (SELECT COUNT(*) FROM bookings b WHERE b.status NOT IN ('cancelled', 'rejected') \
             AND b.created_at >= ",
        )
        .arg(Arg::Int(since))
        .push(" AND b.person_id IN (SELECT person_id FROM memberships WHERE org_id = ")
        .arg(id())
        .push(")) AS bookings, (SELECT COUNT(*) FROM teacher_practice WHERE enterprise_id = ")
        .arg(id())
        .push(") AS practice_terms");
    let rows: Vec<EnterpriseFigures> = q.fetch_all(db).await?;
    Ok(rows.into_iter().next().unwrap_or_default())
}
