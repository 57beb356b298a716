//! The talent pool: expertise profiles, what people did on the platform, and the candidates a
//! match is ranked from (in SQL, through the keyword and industry indexes).

use crate::dynamic::{Arg, DynSql, contains_pattern, group_concat};
use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};

/// A profile as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileWrite {
    pub headline: Option<String>,
    pub disciplines: Vec<String>,
    pub industries: Vec<String>,
    pub keywords: Vec<String>,
    pub availability: String,
    pub public: bool,
    pub show_contact: bool,
}

/// Writes (or replaces) a person's profile and its codes and keywords.
pub async fn upsert(tx: &mut Tx, person_id: i64, p: &ProfileWrite, now: i64) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query(
        "INSERT INTO expertise_profiles (person_id, headline, availability, public, show_contact, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (person_id) DO UPDATE SET headline = $2, availability = $3, \
         public = $4, show_contact = $5, updated_at = $6")
        .bind(person_id).bind(&p.headline).bind(&p.availability).bind(i64::from(p.public)).bind(i64::from(p.show_contact))
        .bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    for (table, column, values) in [
        ("expertise_disciplines", "code", &p.disciplines),
        ("expertise_industries", "code", &p.industries),
        ("expertise_keywords", "keyword", &p.keywords),
    ] {
        let delete = format!("DELETE FROM {table} WHERE person_id = $1");
        with_tx!(tx, c => sqlx::query(sqlx::AssertSqlSafe(delete.clone())).bind(person_id)
            .execute(c).await.map(|r| r.rows_affected()))?;
        let insert = format!("INSERT INTO {table} (person_id, {column}) VALUES ($1, $2)");
        for v in values {
            with_tx!(tx, c => sqlx::query(sqlx::AssertSqlSafe(insert.clone())).bind(person_id).bind(v)
                .execute(c).await.map(|r| r.rows_affected()))?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProfileRow {
    pub person_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub headline: Option<String>,
    pub availability: String,
    pub public: i64,
    pub show_contact: i64,
    /// One per line.
    pub disciplines: Option<String>,
    pub industries: Option<String>,
    pub keywords: Option<String>,
}

fn profile_select(db: &Db) -> String {
    let agg = |table: &str, column: &str| {
        format!(
            "(SELECT {} FROM (SELECT {column} AS v FROM {table} x WHERE x.person_id = ep.person_id ORDER BY {column}) s)",
            group_concat(db, "s.v")
        )
    };
    format!(
        "SELECT ep.person_id, pe.name, pe.email, pe.phone, ep.headline, ep.availability, ep.public, ep.show_contact, \
         {} AS disciplines, {} AS industries, {} AS keywords \
         FROM expertise_profiles ep JOIN people pe ON pe.id = ep.person_id",
        agg("expertise_disciplines", "code"),
        agg("expertise_industries", "code"),
        agg("expertise_keywords", "keyword"),
    )
}

pub async fn get(db: &Db, person_id: i64) -> StoreResult<Option<ProfileRow>> {
    let mut q = DynSql::new(&profile_select(db));
    q.push(" WHERE ep.person_id = ").arg(Arg::Int(person_id));
    let rows: Vec<ProfileRow> = q.fetch_all(db).await?;
    Ok(rows.into_iter().next())
}

#[derive(Debug, Clone, Default)]
pub struct PoolFilter {
    /// Words in the name or headline, or a keyword matched whole.
    pub q: Option<String>,
    pub discipline: Option<String>,
    /// A division (`C34`) or a section (`C`).
    pub industry: Option<String>,
    pub availability: Option<String>,
    /// Every profile, public or not (the university's staff).
    pub all: bool,
}

/// One page of the pool, by name.
pub async fn pool(db: &Db, f: &PoolFilter, page: Page) -> StoreResult<(Vec<ProfileRow>, i64)> {
    let mut q = DynSql::new(" WHERE 1 = 1");
    if !f.all {
        q.push(" AND ep.public = 1");
    }
    if let Some(needle) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = contains_pattern(needle);
        q.push(" AND (LOWER(pe.name) LIKE ").arg(Arg::Text(pattern.clone())).push(" ESCAPE '\\'");
        q.push(" OR LOWER(COALESCE(ep.headline, '')) LIKE ").arg(Arg::Text(pattern)).push(" ESCAPE '\\'");
        q.push(" OR ep.person_id IN (SELECT person_id FROM expertise_keywords WHERE keyword = ")
            .arg(Arg::Text(needle.to_owned()))
            .push("))");
    }
    if let Some(code) = f.discipline.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND ep.person_id IN (SELECT person_id FROM expertise_disciplines WHERE code = ")
            .arg(Arg::Text(code.to_owned()))
            .push(")");
    }
    if let Some(code) = f.industry.as_deref().filter(|s| !s.is_empty()) {
        let section: String = code.chars().take(1).collect();
        q.push(" AND ep.person_id IN (SELECT person_id FROM expertise_industries WHERE code = ")
            .arg(Arg::Text(code.to_owned()))
            .push(" OR code = ")
            .arg(Arg::Text(section))
            .push(")");
    }
    if let Some(a) = f.availability.as_deref().filter(|s| !s.is_empty()) {
        q.push(" AND ep.availability = ").arg(Arg::Text(a.to_owned()));
    }
    let rest = q.sql.clone();
    let count = q
        .clone_with(format!("SELECT COUNT(*) FROM expertise_profiles ep JOIN people pe ON pe.id = ep.person_id{rest}"));
    let list = q.clone_with(format!("{}{rest} ORDER BY pe.name, ep.person_id", profile_select(db)));
    list.fetch_page(count, page, db).await
}

/// How many public profiles name each discipline (the government's view of the pool).
pub async fn count_by_discipline(db: &Db) -> StoreResult<Vec<(String, i64)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT d.code, COUNT(*) FROM expertise_disciplines d JOIN expertise_profiles ep ON ep.person_id = d.person_id \
         WHERE ep.public = 1 GROUP BY d.code ORDER BY COUNT(*) DESC, d.code")
        .fetch_all(p).await)?)
}

/// A project someone worked on: a proposal they lead or are a member of.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProjectLine {
    pub proposal_id: i64,
    pub title: String,
    pub enterprise_name: String,
    pub status: String,
    pub lead: i64,
}

/// What a person did on the platform, derived from the records (never typed twice).
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Selected or completed proposals they lead or work on.
    pub projects: Vec<ProjectLine>,
    /// Published results they are the contact of (id, title).
    pub results: Vec<(i64, String)>,
    /// Students they mentor or mentored.
    pub mentees: i64,
    /// Practice terms at enterprises (enterprise, from, to).
    pub practice: Vec<(String, String, String)>,
    /// Equipment they are trained to run (name, lab).
    pub equipment: Vec<(String, String)>,
}

pub async fn history(db: &Db, person_id: i64, now: i64) -> StoreResult<History> {
    let projects = with_db!(db, p => sqlx::query_as(
        "SELECT pr.id AS proposal_id, p.title, o.name AS enterprise_name, pr.status, \
         CAST(CASE WHEN pr.lead_person_id = $1 THEN 1 ELSE 0 END AS BIGINT) AS lead \
         FROM proposals pr JOIN propositions p ON p.id = pr.proposition_id JOIN orgs o ON o.id = p.enterprise_id \
         WHERE pr.status IN ('selected', 'completed') AND (pr.lead_person_id = $1 OR EXISTS \
         (SELECT 1 FROM proposal_members m WHERE m.proposal_id = pr.id AND m.person_id = $1)) ORDER BY pr.id DESC LIMIT 50")
        .bind(person_id).fetch_all(p).await)?;
    let results = with_db!(db, p => sqlx::query_as(
        "SELECT id, title FROM achievements WHERE contact_person_id = $1 AND status = 'published' ORDER BY id DESC LIMIT 50")
        .bind(person_id).fetch_all(p).await)?;
    let mentees: i64 = with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(DISTINCT student_id) FROM mentorships WHERE mentor_id = $1")
        .bind(person_id).fetch_one(p).await)?;
    let practice = with_db!(db, p => sqlx::query_as(
        "SELECT o.name, t.starts_on, t.ends_on FROM teacher_practice t JOIN orgs o ON o.id = t.enterprise_id \
         WHERE t.teacher_id = $1 ORDER BY t.starts_on DESC LIMIT 20")
        .bind(person_id).fetch_all(p).await)?;
    let equipment = with_db!(db, p => sqlx::query_as(
        "SELECT e.name, l.name FROM equipment_authorisations a JOIN equipment e ON e.id = a.equipment_id \
         JOIN orgs l ON l.id = e.lab_id WHERE a.person_id = $1 AND a.valid_until > $2 ORDER BY e.name LIMIT 50")
        .bind(person_id).bind(now).fetch_all(p).await)?;
    Ok(History { projects, results, mentees, practice, equipment })
}

/// A person a match may propose: the keywords and industries that brought them in.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExpertCandidate {
    pub person_id: i64,
    pub name: String,
    pub headline: Option<String>,
    pub weight: i64,
    /// `k:<keyword>` or `i:<code>`, one per line.
    pub why: String,
}

fn hits(q: &mut DynSql, keyword_table: &str, id: &str, keywords: &[String], industries: Option<(&str, &[String])>) {
    q.push(&format!(
        "SELECT k.{id} AS id, 30 AS w, 'k:' || k.keyword AS why FROM {keyword_table} k WHERE k.keyword IN ("
    ));
    for (i, k) in keywords.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.arg(Arg::Text(k.clone()));
    }
    if keywords.is_empty() {
        q.push("NULL");
    }
    q.push(")");
    if let Some((industry_sql, codes)) = industries.filter(|(_, c)| !c.is_empty()) {
        q.push(" UNION ALL ").push(industry_sql).push(" IN (");
        for (i, c) in codes.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.arg(Arg::Text(c.clone()));
        }
        q.push(")");
    }
}

/// The public profiles sharing the most keywords (and the industry) with a proposition, at most
/// `limit`, heaviest first.
pub async fn expert_candidates(
    db: &Db,
    keywords: &[String],
    industries: &[String],
    limit: i64,
) -> StoreResult<Vec<ExpertCandidate>> {
    if keywords.is_empty() && industries.is_empty() {
        return Ok(vec![]);
    }
    // The hits are summed per person first (a handful of index range scans), and only then joined
    // to the profiles: the join never drives the search.
    let mut q = DynSql::new(
        "SELECT g.id AS person_id, pe.name, ep.headline, g.weight, g.why FROM (SELECT h.id, CAST(SUM(h.w) AS BIGINT) AS weight, ",
    );
    q.push(&group_concat(db, "h.why"));
    q.push(" AS why FROM (");
    hits(
        &mut q,
        "expertise_keywords",
        "person_id",
        keywords,
        Some(("SELECT i.person_id, 20, 'i:' || i.code FROM expertise_industries i WHERE i.code", industries)),
    );
    q.push(
        ") h GROUP BY h.id) g JOIN expertise_profiles ep ON ep.person_id = g.id JOIN people pe ON pe.id = g.id \
         WHERE ep.public = 1 ORDER BY g.weight DESC, g.id LIMIT ",
    )
    .arg(Arg::Int(limit));
    q.fetch_all(db).await
}

/// Each person's projects (selected or completed proposals they lead) and published results.
pub async fn past_work(db: &Db, people: &[i64]) -> StoreResult<Vec<(i64, i64, i64)>> {
    if people.is_empty() {
        return Ok(vec![]);
    }
    let mut q = DynSql::new(
        "SELECT pe.id, (SELECT COUNT(*) FROM proposals pr WHERE pr.lead_person_id = pe.id \
         AND pr.status IN ('selected', 'completed')), (SELECT COUNT(*) FROM achievements a \
         WHERE a.contact_person_id = pe.id AND a.status = 'published') FROM people pe WHERE 1 = 1",
    );
    q.push_in("pe.id", people);
    q.fetch_all(db).await
}

/// Equipment each of these people is trained to run now (person, equipment name).
pub async fn equipment_of(db: &Db, people: &[i64], now: i64) -> StoreResult<Vec<(i64, String)>> {
    if people.is_empty() {
        return Ok(vec![]);
    }
    let mut q = DynSql::new(
        "SELECT a.person_id, e.name FROM equipment_authorisations a JOIN equipment e ON e.id = a.equipment_id \
         WHERE a.valid_until > ",
    );
    q.arg(Arg::Int(now));
    q.push_in("a.person_id", people);
    q.fetch_all(db).await
}

/// A published proposition an expert may take on, with what brought it in.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PropositionCandidate {
    pub proposition_id: i64,
    pub title: String,
    pub enterprise_name: String,
    pub deadline: String,
    pub weight: i64,
    pub why: String,
}

/// The published propositions sharing the most keywords (and an industry) with a profile.
pub async fn proposition_candidates(
    db: &Db,
    keywords: &[String],
    industries: &[String],
    today: &str,
    limit: i64,
) -> StoreResult<Vec<PropositionCandidate>> {
    if keywords.is_empty() && industries.is_empty() {
        return Ok(vec![]);
    }
    let mut q = DynSql::new(
        "SELECT g.id AS proposition_id, p.title, o.name AS enterprise_name, p.deadline, g.weight, g.why FROM \
         (SELECT h.id, CAST(SUM(h.w) AS BIGINT) AS weight, ",
    );
    q.push(&group_concat(db, "h.why"));
    q.push(" AS why FROM (");
    hits(
        &mut q,
        "proposition_keywords",
        "proposition_id",
        keywords,
        Some((
            "SELECT p2.id, 20, 'i:' || p2.industry_code FROM propositions p2 WHERE p2.status = 'published' AND p2.industry_code",
            industries,
        )),
    );
    q.push(") h GROUP BY h.id) g JOIN propositions p ON p.id = g.id JOIN orgs o ON o.id = p.enterprise_id WHERE p.status = 'published' AND p.deadline >= ")
        .arg(Arg::Text(today.to_owned()))
        .push(" ORDER BY g.weight DESC, g.id DESC LIMIT ")
        .arg(Arg::Int(limit));
    q.fetch_all(db).await
}

/// Whether the person has a profile, and of those people how many are public (for the staff's home).
pub async fn exists(db: &Db, person_id: i64) -> StoreResult<bool> {
    let n: i64 = with_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM expertise_profiles WHERE person_id = $1")
        .bind(person_id).fetch_one(p).await)?;
    Ok(n > 0)
}
