//! People, their sign-in credentials and their memberships of organisations.

use crate::dynamic::{Arg, DynSql, contains_pattern};
use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Tags separated by newlines.
    pub expertise: String,
    pub locale: String,
    pub has_password: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

macro_rules! person_select {
    () => {
        "SELECT p.id, p.name, p.email, p.phone, p.expertise, p.locale, \
         (p.password_hash IS NOT NULL) AS has_password, p.created_at, p.updated_at FROM people p"
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonWrite {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub expertise: String,
}

#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    pub q: Option<String>,
    pub role: Option<String>,
    pub org_id: Option<i64>,
    /// When set, only people who belong to one of these organisations, plus `also_person`.
    pub within_orgs: Option<Vec<i64>>,
    pub also_person: Option<i64>,
    /// One of [`PEOPLE_SORTS`]; by name otherwise.
    pub sort: Option<crate::Sort>,
}

/// The orders the people list offers.
pub const PEOPLE_SORTS: &[&str] = &["name", "email"];
const PEOPLE_ORDER: &[(&str, &str)] = &[("name", "p.name"), ("email", "p.email")];

pub async fn insert_person(tx: &mut Tx, p: &PersonWrite, password_hash: Option<&str>, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO people (name, email, phone, expertise, password_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id")
        .bind(&p.name).bind(&p.email).bind(&p.phone).bind(&p.expertise).bind(password_hash).bind(now)
        .fetch_one(c).await)?)
}

pub async fn update_person(tx: &mut Tx, id: i64, p: &PersonWrite, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "UPDATE people SET name = $2, email = $3, phone = $4, expertise = $5, updated_at = $6 WHERE id = $1")
        .bind(id).bind(&p.name).bind(&p.email).bind(&p.phone).bind(&p.expertise).bind(now)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get_person(db: &Db, id: i64) -> StoreResult<Option<PersonRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(person_select!(), " WHERE p.id = $1")).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn get_person_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<PersonRow>> {
    Ok(
        with_tx!(tx, c => sqlx::query_as(concat!(person_select!(), " WHERE p.id = $1")).bind(id).fetch_optional(c).await)?,
    )
}

pub async fn person_by_email(db: &Db, email: &str) -> StoreResult<Option<PersonRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(person_select!(), " WHERE p.email = $1")).bind(email).fetch_optional(p).await)?,
    )
}

/// The person id and password hash for a sign-in attempt.
pub async fn credentials_by_email(db: &Db, email: &str) -> StoreResult<Option<(i64, Option<String>)>> {
    Ok(with_db!(db, p => sqlx::query_as("SELECT id, password_hash FROM people WHERE email = $1")
        .bind(email).fetch_optional(p).await)?)
}

pub async fn password_hash(db: &Db, id: i64) -> StoreResult<Option<String>> {
    let row: Option<(Option<String>,)> = with_db!(db, p => sqlx::query_as("SELECT password_hash FROM people WHERE id = $1")
        .bind(id).fetch_optional(p).await)?;
    Ok(row.and_then(|r| r.0))
}

pub async fn set_password_hash(tx: &mut Tx, id: i64, hash: &str, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("UPDATE people SET password_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(id).bind(hash).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_locale(db: &Db, id: i64, locale: &str) -> StoreResult<()> {
    with_db!(db, p => sqlx::query("UPDATE people SET locale = $2 WHERE id = $1").bind(id).bind(locale).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn list_people(db: &Db, filter: &PeopleFilter, page: Page) -> StoreResult<(Vec<PersonRow>, i64)> {
    let mut q = DynSql::new(" WHERE 1 = 1");
    if let Some(needle) = filter.q.as_deref().filter(|s| !s.trim().is_empty()) {
        let pattern = contains_pattern(needle.trim());
        q.push(" AND (LOWER(p.name) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(COALESCE(p.email, '')) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(p.expertise) LIKE ").arg(Arg::Text(pattern)).push(" ESCAPE '\\')");
    }
    if filter.role.is_some() || filter.org_id.is_some() {
        q.push(" AND EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id");
        if let Some(role) = &filter.role {
            q.push(" AND m.role = ").arg(Arg::Text(role.clone()));
        }
        if let Some(org) = filter.org_id {
            q.push(" AND m.org_id = ").arg(Arg::Int(org));
        }
        q.push(")");
    }
    if let Some(orgs) = &filter.within_orgs {
        q.push(" AND (p.id = ").arg(Arg::Int(filter.also_person.unwrap_or(0)));
        if !orgs.is_empty() {
            q.push(" OR EXISTS (SELECT 1 FROM memberships w WHERE w.person_id = p.id AND w.org_id IN (");
            for (i, id) in orgs.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.arg(Arg::Int(*id));
            }
            q.push("))");
        }
        q.push(")");
    }
    let where_clause = q.sql.clone();
    let count = q.clone_with(format!("SELECT COUNT(*) FROM people p{where_clause}"));
    let order = crate::page::order_by(filter.sort, PEOPLE_ORDER, "p.name", "p.id");
    let list = q.clone_with(format!("{}{where_clause}{order}", person_select!()));
    list.fetch_page(count, page, db).await
}

/// Number of distinct people holding each role.
pub async fn count_by_role(db: &Db) -> StoreResult<Vec<(String, i64)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT role, COUNT(DISTINCT person_id) FROM memberships GROUP BY role ORDER BY role").fetch_all(p).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MembershipRow {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub org_id: i64,
    pub org_kind: String,
    pub org_name: String,
    pub role: String,
}

macro_rules! membership_select {
    () => {
        "SELECT m.id, m.person_id, p.name AS person_name, m.org_id, o.kind AS org_kind, o.name AS org_name, m.role \
         FROM memberships m JOIN people p ON p.id = m.person_id JOIN orgs o ON o.id = m.org_id"
    };
}

pub async fn memberships_of(db: &Db, person_id: i64) -> StoreResult<Vec<MembershipRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(membership_select!(), " WHERE m.person_id = $1 ORDER BY o.name, m.role"))
        .bind(person_id).fetch_all(p).await)?,
    )
}

pub async fn members_of(db: &Db, org_id: i64, limit: i64) -> StoreResult<Vec<MembershipRow>> {
    Ok(
        with_db!(db, p => sqlx::query_as(concat!(membership_select!(), " WHERE m.org_id = $1 ORDER BY m.role, p.name LIMIT $2"))
        .bind(org_id).bind(limit).fetch_all(p).await)?,
    )
}

pub async fn get_membership_tx(tx: &mut Tx, id: i64) -> StoreResult<Option<MembershipRow>> {
    Ok(
        with_tx!(tx, c => sqlx::query_as(concat!(membership_select!(), " WHERE m.id = $1")).bind(id).fetch_optional(c).await)?,
    )
}

pub async fn add_membership(tx: &mut Tx, person_id: i64, org_id: i64, role: &str, now: i64) -> StoreResult<i64> {
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO memberships (person_id, org_id, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(person_id).bind(org_id).bind(role).bind(now).fetch_one(c).await)?)
}

pub async fn remove_membership(tx: &mut Tx, id: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("DELETE FROM memberships WHERE id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every (organisation id, organisation kind, role) a person holds.
pub async fn grants_of(db: &Db, person_id: i64) -> StoreResult<Vec<(i64, String, String)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT m.org_id, o.kind, m.role FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.person_id = $1")
        .bind(person_id).fetch_all(p).await)?)
}

/// The same, inside a write transaction.
pub async fn grants_of_tx(tx: &mut Tx, person_id: i64) -> StoreResult<Vec<(i64, String, String)>> {
    Ok(with_tx!(tx, c => sqlx::query_as(
        "SELECT m.org_id, o.kind, m.role FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.person_id = $1")
        .bind(person_id).fetch_all(c).await)?)
}

/// Whether two people belong to at least one common organisation.
pub async fn share_an_org(db: &Db, a: i64, b: i64) -> StoreResult<bool> {
    let n: i64 = with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships x JOIN memberships y ON x.org_id = y.org_id WHERE x.person_id = $1 AND y.person_id = $2")
        .bind(a).bind(b).fetch_one(p).await)?;
    Ok(n > 0)
}

/// Teachers, researchers and enterprise experts whose expertise mentions any of `tags`.
pub async fn helpers_with_tags(db: &Db, tags: &[String], limit: i64) -> StoreResult<Vec<PersonRow>> {
    if tags.is_empty() {
        return Ok(vec![]);
    }
    let mut q = DynSql::new(concat!(
        person_select!(),
        " WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id \
          AND m.role IN ('enterprise_expert', 'teacher', 'research_member')) AND ("
    ));
    for (i, tag) in tags.iter().enumerate() {
        if i > 0 {
            q.push(" OR ");
        }
        q.push("p.expertise LIKE ").arg(Arg::Text(contains_pattern(tag))).push(" ESCAPE '\\'");
    }
    q.push(") ORDER BY p.name, p.id LIMIT ").arg(Arg::Int(limit));
    q.fetch_all(db).await
}

/// Someone a form offers to pick by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Suggestion {
    pub name: String,
    pub email: String,
    /// Where they work or study, to tell people of one name apart.
    pub org_name: Option<String>,
}

/// Which people a form suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pool {
    /// People who booked items of the lab, or belong to it.
    LabUsers { lab_id: i64 },
    /// Teachers anywhere, and the people of an enterprise (possible mentors).
    Mentors { enterprise_id: i64 },
    /// Students who applied to an order class and are not in it.
    Applicants { class_id: i64 },
    /// Graduates of a cohort with a recorded outcome.
    Graduates { cohort: String },
    /// Possible members of a research team: the university's teachers and researchers, and
    /// everyone whose talent-pool profile is public.
    Teammates,
}

/// How many people a form suggests at most.
pub const SUGGESTIONS: i64 = 400;

/// The people of a pool who can be reached by e-mail, by name.
pub async fn suggestions(db: &Db, pool: &Pool) -> StoreResult<Vec<Suggestion>> {
    let org_of = "(SELECT MIN(o.name) FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.person_id = p.id)";
    let mut q = DynSql::new(&format!(
        "SELECT p.name, p.email, {org_of} AS org_name FROM people p WHERE p.email IS NOT NULL AND ("
    ));
    match pool {
        Pool::LabUsers { lab_id } => {
            q.push("p.id IN (SELECT b.person_id FROM bookings b JOIN equipment e ON e.id = b.equipment_id WHERE e.lab_id = ")
                .arg(Arg::Int(*lab_id))
                .push(") OR p.id IN (SELECT person_id FROM memberships WHERE org_id = ")
                .arg(Arg::Int(*lab_id))
                .push(")");
        }
        Pool::Mentors { enterprise_id } => {
            q.push("p.id IN (SELECT person_id FROM memberships WHERE role = 'teacher') OR p.id IN (SELECT person_id FROM memberships WHERE org_id = ")
                .arg(Arg::Int(*enterprise_id))
                .push(")");
        }
        Pool::Applicants { class_id } => {
            q.push("p.id IN (SELECT a.student_id FROM class_applications a WHERE a.class_id = ")
                .arg(Arg::Int(*class_id))
                .push(" AND a.student_id NOT IN (SELECT student_id FROM class_members WHERE class_id = ")
                .arg(Arg::Int(*class_id))
                .push("))");
        }
        Pool::Graduates { cohort } => {
            q.push("p.id IN (SELECT student_id FROM graduate_outcomes WHERE cohort = ")
                .arg(Arg::Text(cohort.clone()))
                .push(")");
        }
        Pool::Teammates => {
            q.push(
                "p.id IN (SELECT person_id FROM memberships WHERE role IN ('teacher', 'research_member')) \
                 OR p.id IN (SELECT person_id FROM expertise_profiles WHERE public = 1)",
            );
        }
    }
    q.push(") ORDER BY p.name, p.id LIMIT ").arg(Arg::Int(SUGGESTIONS));
    q.fetch_all(db).await
}

/// Which of these ids are people's.
pub async fn existing_ids(db: &Db, ids: &[i64]) -> StoreResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = crate::dynamic::DynSql::new("SELECT id FROM people WHERE 1 = 1");
    q.push_in("id", ids);
    let rows: Vec<(i64,)> = q.fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The people with these e-mails (lower case), as (e-mail, id).
pub async fn ids_by_emails(db: &Db, emails: &[String]) -> StoreResult<Vec<(String, i64)>> {
    let mut q = crate::dynamic::DynSql::new("SELECT LOWER(email), id FROM people WHERE LOWER(email) IN (");
    for (i, e) in emails.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.arg(crate::dynamic::Arg::Text(e.clone()));
    }
    q.push(")");
    q.fetch_all(db).await
}
