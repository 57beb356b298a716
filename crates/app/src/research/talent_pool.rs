//! The talent pool (人才资源共享): people's expertise profiles, the public part of the directory
//! enterprises browse, each person's record of what they did on the platform, and matching both
//! ways — experts and results for a proposition, open propositions for an expert — each match
//! ranked by named reasons, never by an unexplained number.

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::Action;
use tandem_domain::research::expertise::{ProfileInput, Reason, parse_profile, score};
use tandem_store::Page;
use tandem_store::research::achievements as achievements_store;
use tandem_store::research::expertise::{self as store, ProfileWrite};

pub use tandem_store::research::expertise::{History, PoolFilter, ProfileRow, ProjectLine};

/// How many candidates are ranked before past work and equipment re-rank them.
const CANDIDATES: i64 = 40;
/// How many matches are shown.
pub const SHOWN: usize = 10;

/// Whether `code` is a GB/T 4754 division or section the reference tables know.
fn known_industry(app: &App, code: &str) -> bool {
    app.reference.industry(code).is_some() || app.reference.section(code).is_some()
}

/// Writes a person's profile: the person themself, or staff.
pub async fn save_profile(app: &App, ctx: &Ctx, person_id: i64, input: &ProfileInput) -> AppResult<()> {
    app.authorize(ctx, Action::EditExpertise { person_id }).await?;
    let p = parse_profile(input, &|c| known_industry(app, c))?;
    let write = ProfileWrite {
        headline: p.headline,
        disciplines: p.disciplines,
        industries: p.industries,
        keywords: p.keywords,
        availability: p.availability,
        public: p.public,
        show_contact: p.show_contact,
    };
    let mut tx = app.db.begin_write().await?;
    store::upsert(&mut tx, person_id, &write, app.now()).await?;
    let after = json!({ "disciplines": write.disciplines, "industries": write.industries, "keywords": write.keywords,
        "availability": write.availability, "public": write.public, "show_contact": write.show_contact });
    record_change(&mut tx, app, ctx, "expertise.saved", "person", person_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// The reader's own profile, if they wrote one.
pub async fn my_profile(app: &App, ctx: &Ctx) -> AppResult<Option<ProfileRow>> {
    app.authorize(ctx, Action::EditExpertise { person_id: ctx.actor.person_id }).await?;
    Ok(store::get(&app.db, ctx.actor.person_id).await?)
}

/// Drops contact details the person chose to keep off their public profile, unless the reader is
/// the person or staff.
fn shown_to(ctx: &Ctx, mut row: ProfileRow) -> ProfileRow {
    let own_or_staff = row.person_id == ctx.actor.person_id || ctx.actor.may(Action::ListAllPeople);
    if row.show_contact == 0 && !own_or_staff {
        row.email = None;
        row.phone = None;
    }
    row
}

/// One page of the pool: public profiles (every profile for staff).
pub async fn pool(app: &App, ctx: &Ctx, filter: &PoolFilter, page: Page) -> AppResult<(Vec<ProfileRow>, i64)> {
    app.authorize(ctx, Action::ViewTalentPool).await?;
    let filter = PoolFilter { all: ctx.actor.may(Action::ListAllPeople), ..filter.clone() };
    let (rows, total) = store::pool(&app.db, &filter, page).await?;
    Ok((rows.into_iter().map(|r| shown_to(ctx, r)).collect(), total))
}

/// The pool in aggregate: public profiles by discipline (staff and government).
pub async fn by_discipline(app: &App, ctx: &Ctx) -> AppResult<Vec<(String, i64)>> {
    app.authorize(ctx, Action::ViewTalentAggregates).await?;
    Ok(store::count_by_discipline(&app.db).await?)
}

/// The pool page in one call: the profiles the reader may browse (none for government), the
/// counts by discipline for those who see aggregates, and whether the reader has a profile.
#[derive(Debug, Clone)]
pub struct PoolPage {
    pub rows: Vec<ProfileRow>,
    pub total: i64,
    pub by_discipline: Vec<(String, i64)>,
    pub browses: bool,
    pub has_profile: bool,
}

pub async fn pool_page(app: &App, ctx: &Ctx, filter: &PoolFilter, page: Page) -> AppResult<PoolPage> {
    let browses = ctx.actor.may(Action::ViewTalentPool);
    let aggregates = ctx.actor.may(Action::ViewTalentAggregates);
    if !browses && !aggregates {
        app.authorize(ctx, Action::ViewTalentPool).await?;
    }
    let (rows, total) = if browses { pool(app, ctx, filter, page).await? } else { (vec![], 0) };
    Ok(PoolPage {
        rows,
        total,
        by_discipline: if aggregates { by_discipline(app, ctx).await? } else { vec![] },
        browses,
        has_profile: store::exists(&app.db, ctx.actor.person_id).await?,
    })
}

/// A person's page in the pool: the profile and what they did on the platform.
#[derive(Debug, Clone)]
pub struct PersonPage {
    pub profile: ProfileRow,
    pub history: History,
    pub may_edit: bool,
}

/// A public profile (any profile for the person and staff); a private one is not found.
pub async fn person(app: &App, ctx: &Ctx, person_id: i64) -> AppResult<PersonPage> {
    let row = store::get(&app.db, person_id).await?;
    let own_or_staff = person_id == ctx.actor.person_id || ctx.actor.may(Action::ListAllPeople);
    let Some(row) = row.filter(|r| r.public == 1 || own_or_staff) else {
        return Err(AppError::NotFound);
    };
    app.authorize(ctx, if own_or_staff { Action::ViewStructure } else { Action::ViewTalentPool }).await?;
    Ok(PersonPage {
        history: store::history(&app.db, person_id, app.now()).await?,
        may_edit: ctx.actor.may(Action::EditExpertise { person_id }),
        profile: shown_to(ctx, row),
    })
}

/// One ranked match with its reasons.
#[derive(Debug, Clone)]
pub struct Match {
    pub id: i64,
    pub title: String,
    /// The expert's headline, the result's unit, the proposition's enterprise.
    pub detail: String,
    pub score: i64,
    pub reasons: Vec<Reason>,
}

fn reasons_of(why: &str) -> Vec<Reason> {
    let mut out = Vec::new();
    for line in why.lines() {
        let reason = match line.split_once(':') {
            Some(("k", k)) => Reason::Keyword(k.to_owned()),
            Some(("i", code)) => Reason::Industry(code.to_owned()),
            _ => continue,
        };
        if !out.contains(&reason) {
            out.push(reason);
        }
    }
    out
}

/// The industries a proposition's division matches on: the division and its section.
fn industry_codes(code: Option<&str>) -> Vec<String> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => {
            let section: String = c.chars().take(1).collect();
            if section == c { vec![section] } else { vec![c.to_owned(), section] }
        }
        None => vec![],
    }
}

/// Experts and results that fit a proposition, for its enterprise and the staff.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    /// The proposition's title.
    pub title: String,
    pub experts: Vec<Match>,
    pub achievements: Vec<Match>,
}

pub async fn for_proposition(app: &App, ctx: &Ctx, proposition_id: i64) -> AppResult<Matches> {
    let row = tandem_store::research::get(&app.db, proposition_id).await?.ok_or(AppError::NotFound)?;
    let published = row.published_at.is_some();
    app.authorize_or_hide(ctx, Action::ViewProposition { enterprise_id: row.enterprise_id, published }).await?;
    app.authorize(ctx, Action::ViewPropositionDetails { enterprise_id: row.enterprise_id, admitted: false }).await?;
    let keywords: Vec<String> = row.keywords.lines().filter(|k| !k.is_empty()).map(str::to_owned).collect();
    let industries = industry_codes(row.industry_code.as_deref());
    let candidates = store::expert_candidates(&app.db, &keywords, &industries, CANDIDATES).await?;
    let ids: Vec<i64> = candidates.iter().map(|c| c.person_id).collect();
    let work = store::past_work(&app.db, &ids).await?;
    let equipment = store::equipment_of(&app.db, &ids, app.now()).await?;
    let mut experts: Vec<Match> = candidates
        .into_iter()
        .map(|c| {
            let mut reasons = reasons_of(&c.why);
            for (_, name) in equipment.iter().filter(|(p, _)| *p == c.person_id) {
                if keywords.iter().any(|k| name.contains(k.as_str()))
                    && !reasons.contains(&Reason::Equipment(name.clone()))
                {
                    reasons.push(Reason::Equipment(name.clone()));
                }
            }
            if let Some((_, projects, results)) = work.iter().find(|(p, _, _)| *p == c.person_id) {
                if *projects > 0 {
                    reasons.push(Reason::PastProjects(*projects));
                }
                if *results > 0 {
                    reasons.push(Reason::Results(*results));
                }
            }
            Match {
                id: c.person_id,
                title: c.name,
                detail: c.headline.unwrap_or_default(),
                score: score(&reasons),
                reasons,
            }
        })
        .collect();
    experts.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    experts.truncate(SHOWN);
    let found = achievements_store::matching(&app.db, &keywords, CANDIDATES).await?;
    let mut achievements: Vec<Match> = found
        .into_iter()
        .map(|a| {
            let mut reasons: Vec<Reason> =
                a.fields.lines().filter(|f| !f.is_empty()).map(|f| Reason::Keyword(f.to_owned())).collect();
            if row.trl.is_some_and(|expected| a.trl >= expected) {
                reasons.push(Reason::Readiness(a.trl));
            }
            Match { id: a.id, title: a.title, detail: a.org_name, score: score(&reasons), reasons }
        })
        .collect();
    achievements.sort_by(|a, b| b.score.cmp(&a.score).then(b.id.cmp(&a.id)));
    achievements.truncate(SHOWN);
    Ok(Matches { title: row.title, experts, achievements })
}

/// Open propositions that fit a person's profile: the person and staff.
pub async fn for_person(app: &App, ctx: &Ctx, person_id: i64) -> AppResult<Vec<Match>> {
    app.authorize(ctx, Action::EditExpertise { person_id }).await?;
    let Some(profile) = store::get(&app.db, person_id).await? else {
        return Ok(vec![]);
    };
    let lines = |s: &Option<String>| -> Vec<String> {
        s.as_deref().unwrap_or_default().lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
    };
    let keywords = lines(&profile.keywords);
    let industries = lines(&profile.industries);
    let today = tandem_domain::sharing::local_date(app.now());
    let found = store::proposition_candidates(&app.db, &keywords, &industries, &today, CANDIDATES).await?;
    let mut out: Vec<Match> = found
        .into_iter()
        .map(|p| {
            let reasons = reasons_of(&p.why);
            Match {
                id: p.proposition_id,
                title: p.title,
                detail: format!("{} · {}", p.enterprise_name, p.deadline),
                score: score(&reasons),
                reasons,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(b.id.cmp(&a.id)));
    out.truncate(SHOWN);
    Ok(out)
}
