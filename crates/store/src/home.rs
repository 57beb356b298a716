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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waiting {
    pub count: i64,
    pub first_id: Option<i64>,
}

/// One count of the to-do list, not yet run: [`count_all`] runs any number in one round trip.
#[derive(Debug)]
pub struct Count(DynSql);

/// `SELECT COUNT(*) AS count, MIN(…) AS first_id …` limited to the scope; `None` when the
/// scope is empty (nothing to count, no need to ask).
fn scoped(mut q: DynSql, scope: &Scope, column: &str) -> Option<Count> {
    scope.apply(&mut q, column).then_some(Count(q))
}

/// Runs the counts in one query, in the order given.
pub async fn count_all(db: &Db, counts: Vec<Count>) -> StoreResult<Vec<Waiting>> {
    if counts.is_empty() {
        return Ok(vec![]);
    }
    let n = counts.len();
    let mut q = DynSql::new("");
    for (i, Count(part)) in counts.into_iter().enumerate() {
        if i > 0 {
            q.push(" UNION ALL ");
        }
        // Each part is `SELECT COUNT(*) …`: tag it with its position to put the answers in order.
        let mut tagged =
            part.clone_with(part.sql.replacen("SELECT ", &format!("SELECT CAST({i} AS BIGINT) AS part, "), 1));
        q.append(std::mem::take(&mut tagged));
    }
    let rows: Vec<(i64, i64, Option<i64>)> = q.fetch_all(db).await?;
    let mut out = vec![Waiting::default(); n];
    for (part, count, first_id) in rows {
        if let Some(w) = usize::try_from(part).ok().and_then(|i| out.get_mut(i)) {
            *w = Waiting { count, first_id };
        }
    }
    Ok(out)
}

/// Bookings waiting for a decision on items of the scope's labs.
pub fn bookings_to_decide(labs: &Scope) -> Option<Count> {
    let q = DynSql::new(
        "SELECT COUNT(*) AS count, MIN(b.id) AS first_id FROM bookings b JOIN equipment e ON e.id = b.equipment_id \
         WHERE b.status = 'requested'",
    );
    scoped(q, labs, "e.lab_id")
}

/// Requests to use datasets owned in the scope, not yet decided.
pub fn dataset_requests_to_decide(owners: &Scope) -> Option<Count> {
    let q = DynSql::new(
        "SELECT COUNT(*) AS count, MIN(d.id) AS first_id FROM dataset_requests r JOIN datasets d ON d.id = r.dataset_id \
         WHERE r.status = 'pending'",
    );
    scoped(q, owners, "d.owner_org_id")
}

/// Classes enterprises have ordered that the university has not yet accepted or declined.
pub fn orders_to_decide() -> Option<Count> {
    Some(Count(DynSql::new(
        "SELECT COUNT(*) AS count, MIN(id) AS first_id FROM order_classes WHERE status = 'ordered'",
    )))
}

/// Applications to the scope's enterprises' open classes that they have not ranked.
pub fn applicants_to_rank(enterprises: &Scope) -> Option<Count> {
    let q = DynSql::new(
        "SELECT COUNT(*) AS count, MIN(c.id) AS first_id FROM class_applications a JOIN order_classes c ON c.id = a.class_id \
         WHERE c.status = 'open' AND a.rank IS NULL AND a.outcome IS NULL",
    );
    scoped(q, enterprises, "c.enterprise_id")
}

/// Which party of an internship's learning agreement is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreementParty {
    Student(i64),
    Enterprise(Scope),
    University,
}

/// Current learning agreements of internships still running that the party has not confirmed.
pub fn agreements_to_confirm(party: &AgreementParty) -> Option<Count> {
    let base = "SELECT COUNT(*) AS count, MIN(i.id) AS first_id FROM internship_agreements g \
                JOIN internships i ON i.id = g.internship_id WHERE i.left_on IS NULL";
    let mut q = DynSql::new(base);
    match party {
        AgreementParty::Student(person_id) => {
            q.push(" AND g.student_confirmed_at IS NULL AND i.student_id = ").arg(Arg::Int(*person_id));
            Some(Count(q))
        }
        AgreementParty::Enterprise(scope) => {
            q.push(" AND g.enterprise_confirmed_at IS NULL");
            scoped(q, scope, "i.enterprise_id")
        }
        AgreementParty::University => {
            q.push(" AND g.university_confirmed_at IS NULL");
            Some(Count(q))
        }
    }
}

/// Diagnoses started for the scope's enterprises and not yet submitted.
pub fn diagnosis_drafts(enterprises: &Scope) -> Option<Count> {
    let q =
        DynSql::new("SELECT COUNT(*) AS count, MIN(enterprise_id) AS first_id FROM assessments WHERE status = 'draft'");
    scoped(q, enterprises, "enterprise_id")
}

/// Propositions of the scope's enterprises in `status` (`submitted`: to screen; `returned`:
/// to revise).
pub fn propositions_in(status: &str, enterprises: &Scope) -> Option<Count> {
    let mut q = DynSql::new("SELECT COUNT(*) AS count, MIN(id) AS first_id FROM propositions WHERE status = ");
    q.arg(Arg::Text(status.to_owned()));
    scoped(q, enterprises, "enterprise_id")
}

/// Proposals waiting for the enterprise's decision on its published propositions.
pub fn proposals_to_decide(enterprises: &Scope) -> Option<Count> {
    let q = DynSql::new(
        "SELECT COUNT(*) AS count, MIN(pr.id) AS first_id FROM proposals pr JOIN propositions p ON p.id = pr.proposition_id \
         WHERE pr.status = 'submitted' AND p.status = 'published'",
    );
    scoped(q, enterprises, "p.enterprise_id")
}

/// Milestones the teams delivered that wait for the enterprise's acceptance (first: the project).
pub fn milestones_to_accept(enterprises: &Scope) -> Option<Count> {
    let q = DynSql::new(
        "SELECT COUNT(*) AS count, MIN(m.proposal_id) AS first_id FROM proposal_milestones m \
         JOIN proposals pr ON pr.id = m.proposal_id JOIN propositions p ON p.id = pr.proposition_id \
         WHERE m.status = 'delivered' AND pr.status = 'selected'",
    );
    scoped(q, enterprises, "p.enterprise_id")
}

/// Milestones of running projects the person leads that are not yet delivered (or were sent back).
pub fn milestones_to_deliver(lead: i64) -> Option<Count> {
    let mut q = DynSql::new(
        "SELECT COUNT(*) AS count, MIN(m.proposal_id) AS first_id FROM proposal_milestones m \
         JOIN proposals pr ON pr.id = m.proposal_id WHERE m.status IN ('planned', 'rejected') AND pr.status = 'selected' \
         AND EXISTS (SELECT 1 FROM tech_contracts c WHERE c.proposal_id = pr.id) AND pr.lead_person_id = ",
    );
    q.arg(Arg::Int(lead));
    Some(Count(q))
}

/// Selected proposals whose contract the university has not recorded yet.
pub fn contracts_to_record() -> Option<Count> {
    Some(Count(DynSql::new(
        "SELECT COUNT(*) AS count, MIN(pr.id) AS first_id FROM proposals pr WHERE pr.status = 'selected' \
         AND NOT EXISTS (SELECT 1 FROM tech_contracts c WHERE c.proposal_id = pr.id)",
    )))
}

/// Deals still at the interest stage: an enterprise waits to be contacted.
pub fn deals_to_contact() -> Option<Count> {
    Some(Count(DynSql::new("SELECT COUNT(*) AS count, MIN(id) AS first_id FROM deals WHERE stage = 'interest'")))
}

/// The person's notifications not yet read.
pub fn unread_notifications(person_id: i64) -> Option<Count> {
    let mut q = DynSql::new(
        "SELECT COUNT(*) AS count, CAST(NULL AS BIGINT) AS first_id FROM notifications WHERE read_at IS NULL AND person_id = ",
    );
    q.arg(Arg::Int(person_id));
    Some(Count(q))
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
    /// Items of the labs below an organisation (a college's labs, directly or through a centre).
    Below(i64),
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
        UseScope::Below(org) => {
            q.push(
                " AND e.lab_id IN (SELECT l.id FROM orgs l LEFT JOIN orgs up ON up.id = l.parent_id \
                 WHERE l.kind = 'lab' AND (l.parent_id = ",
            )
            .arg(Arg::Int(*org))
            .push(" OR up.parent_id = ")
            .arg(Arg::Int(*org))
            .push("))");
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

/// How many enterprises fall in each group of each grouping asked for, largest first, in one
/// query; enterprises without the figure count under `None`.
pub async fn enterprises_by(db: &Db, groupings: &[EnterpriseGrouping]) -> StoreResult<Vec<Vec<(Option<String>, i64)>>> {
    if groupings.is_empty() {
        return Ok(vec![]);
    }
    let parts: Vec<String> = groupings
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let key = match g {
                EnterpriseGrouping::Region => "p.region_code",
                EnterpriseGrouping::IndustrySection => "SUBSTR(p.industry_code, 1, 1)",
            };
            format!(
                "SELECT CAST({i} AS BIGINT) AS part, {key} AS grouping_key, COUNT(*) AS n FROM enterprise_profiles p GROUP BY {key}"
            )
        })
        .collect();
    let q = DynSql::new(&format!("{} ORDER BY part, n DESC, grouping_key", parts.join(" UNION ALL ")));
    let rows: Vec<(i64, Option<String>, i64)> = q.fetch_all(db).await?;
    let mut out = vec![vec![]; groupings.len()];
    for (part, key, n) in rows {
        if let Some(list) = usize::try_from(part).ok().and_then(|i| out.get_mut(i)) {
            list.push((key, n));
        }
    }
    Ok(out)
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
