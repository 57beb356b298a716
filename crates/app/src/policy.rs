//! Policy consultation (政策咨询): the policy library staff write, test and publish, and which
//! policies an enterprise qualifies for, why, and what is missing. Evaluation reads facts and
//! never writes to a profile.

pub mod engine;
pub mod facts;
mod parallel;

use crate::audit::record_change;
use crate::notifications::notify_members;
use crate::{App, AppError, AppResult, Ctx};
use engine::{AuthorWarnings, CompiledPolicy, PolicyResult, compile_terms, evaluate, standing, warnings};
use facts::EnterpriseFacts;
use parallel::on_every_core;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use tandem_domain::access::{Action, Role};
use tandem_domain::notifications::Notice;
use tandem_domain::policy::{PolicyInput, PolicyStatus, PolicyTerms, Standing, parse_policy};
use tandem_rules::Facts;
use tandem_store::policy::{self as store, PolicyRow, VersionRow, VersionWrite};

/// A policy as its readers see it: the current version's terms and where it stands.
#[derive(Debug, Clone)]
pub struct PolicySummary {
    pub row: PolicyRow,
    pub terms: PolicyTerms,
}

/// One policy with what an author needs.
#[derive(Debug, Clone)]
pub struct PolicyView {
    pub row: PolicyRow,
    pub terms: PolicyTerms,
    pub warnings: AuthorWarnings,
    pub versions: Vec<VersionRow>,
    pub can_manage: bool,
}

/// A policy written or changed: its id, version and the warnings its author should look at.
#[derive(Debug, Clone)]
pub struct Saved {
    pub id: i64,
    pub version: i64,
    pub warnings: AuthorWarnings,
}

fn terms_of(row: &PolicyRow) -> AppResult<PolicyTerms> {
    serde_json::from_str(&row.terms_json).map_err(|e| AppError::Unexpected(format!("policy {} terms: {e}", row.id)))
}

pub(crate) fn version_write(terms: &PolicyTerms) -> AppResult<VersionWrite> {
    Ok(VersionWrite {
        title: terms.title.clone(),
        level: terms.level.code().to_owned(),
        apply_free: terms.apply_free,
        valid_from: terms.valid_from.format("%Y-%m-%d").to_string(),
        valid_to: terms.valid_to.map(|d| d.format("%Y-%m-%d").to_string()),
        terms_json: serde_json::to_string(terms).map_err(|e| AppError::Unexpected(e.to_string()))?,
    })
}

/// Parses and compiles a policy; every fault at once, nothing stored.
pub fn check(app: &App, input: &PolicyInput) -> AppResult<(PolicyTerms, AuthorWarnings)> {
    let terms = parse_policy(input)?;
    let (criteria, amount) = compile_terms(&terms)?;
    let warnings = warnings(&criteria, amount.as_ref(), &app.facts);
    Ok((terms, warnings))
}

/// Writes a new policy as a draft, or published at once.
pub async fn create(app: &App, ctx: &Ctx, input: &PolicyInput, publish: bool) -> AppResult<Saved> {
    app.authorize(ctx, Action::ManagePolicies).await?;
    let (terms, warnings) = check(app, input)?;
    let status = if publish { PolicyStatus::Published } else { PolicyStatus::Draft };
    let mut tx = app.db.begin_write().await?;
    let id =
        store::insert(&mut tx, status.code(), &version_write(&terms)?, Some(ctx.actor.person_id), app.now()).await?;
    let after = json!({ "title": terms.title, "version": 1, "status": status.code() });
    record_change(&mut tx, app, ctx, "policy.created", "policy", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(Saved { id, version: 1, warnings })
}

/// Changes a policy: a new version, which evaluations use from now on.
pub async fn update(app: &App, ctx: &Ctx, id: i64, input: &PolicyInput) -> AppResult<Saved> {
    app.authorize(ctx, Action::ManagePolicies).await?;
    let row = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let (terms, warnings) = check(app, input)?;
    let mut tx = app.db.begin_write().await?;
    let written = store::add_version(
        &mut tx,
        id,
        row.current_version,
        &version_write(&terms)?,
        Some(ctx.actor.person_id),
        app.now(),
    )
    .await?;
    if !written {
        return Err(AppError::OutOfOrder("policy.changed_meanwhile"));
    }
    let version = row.current_version + 1;
    let before = json!({ "title": row.title, "version": row.current_version });
    let after = json!({ "title": terms.title, "version": version });
    record_change(&mut tx, app, ctx, "policy.revised", "policy", id, Some(before), Some(after)).await?;
    tx.commit().await?;
    Ok(Saved { id, version, warnings })
}

/// Publishes or withdraws a policy; answers it as it now stands.
pub async fn set_status(app: &App, ctx: &Ctx, id: i64, status: PolicyStatus) -> AppResult<PolicyView> {
    app.authorize(ctx, Action::ManagePolicies).await?;
    let row = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    if row.status == status.code() {
        return get(app, Some(ctx), id).await;
    }
    let mut tx = app.db.begin_write().await?;
    store::set_status(&mut tx, id, status.code(), app.now()).await?;
    record_change(
        &mut tx,
        app,
        ctx,
        &format!("policy.{}", status.code()),
        "policy",
        id,
        Some(json!({ "status": row.status })),
        Some(json!({ "status": status.code(), "version": row.current_version })),
    )
    .await?;
    tx.commit().await?;
    get(app, Some(ctx), id).await
}

/// Published policies for everyone (no account needed); drafts and withdrawn ones for staff.
pub async fn list(app: &App, ctx: Option<&Ctx>) -> AppResult<Vec<PolicySummary>> {
    let staff = ctx.is_some_and(|c| c.actor.may(Action::ManagePolicies));
    let rows = store::list(&app.db, if staff { None } else { Some(PolicyStatus::Published.code()) }).await?;
    rows.into_iter().map(|row| Ok(PolicySummary { terms: terms_of(&row)?, row })).collect()
}

/// One policy: a published one for everyone, any other for staff only (else not found).
pub async fn get(app: &App, ctx: Option<&Ctx>, id: i64) -> AppResult<PolicyView> {
    let row = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let can_manage = ctx.is_some_and(|c| c.actor.may(Action::ManagePolicies));
    if row.status != PolicyStatus::Published.code() && !can_manage {
        return Err(AppError::NotFound);
    }
    let compiled = app.policies.compiled(&row).map_err(AppError::Unexpected)?;
    let warnings = if can_manage { warnings(&compiled.criteria, compiled.amount.as_ref(), &app.facts) } else { vec![] };
    let versions = if can_manage { store::versions(&app.db, id).await? } else { vec![] };
    Ok(PolicyView { terms: compiled.terms.clone(), row, warnings, versions, can_manage })
}

/// The published policies in force today, compiled, optionally only `ids`.
async fn in_force(app: &App, ids: Option<&[i64]>) -> AppResult<Vec<Arc<CompiledPolicy>>> {
    let today = app.clock.now().date_naive().format("%Y-%m-%d").to_string();
    let heads = store::heads(&app.db, PolicyStatus::Published.code()).await?;
    let mut out = Vec::with_capacity(heads.len());
    // ISO dates compare as text; only a version not compiled yet is read in full.
    let current = heads.iter().filter(|h| {
        ids.is_none_or(|ids| ids.contains(&h.id))
            && h.valid_from <= today
            && h.valid_to.as_deref().is_none_or(|to| today.as_str() <= to)
    });
    for head in current {
        let compiled = match app.policies.cached(head.id, head.current_version, &head.status) {
            Some(hit) => hit,
            None => {
                let row = store::get(&app.db, head.id).await?.ok_or(AppError::NotFound)?;
                app.policies.compiled(&row).map_err(AppError::Unexpected)?
            }
        };
        out.push(compiled);
    }
    Ok(out)
}

/// Eligible first, then near misses, unknown, not yet; higher amounts first within each.
fn ranked(mut results: Vec<PolicyResult>) -> Vec<PolicyResult> {
    let order = |s: Standing| match s {
        Standing::Eligible => 0,
        Standing::Near => 1,
        Standing::Unknown => 2,
        Standing::NotYet => 3,
    };
    results.sort_by(|a, b| {
        order(a.standing)
            .cmp(&order(b.standing))
            .then(b.amount_yuan.unwrap_or(0.0).total_cmp(&a.amount_yuan.unwrap_or(0.0)))
            .then(a.policy.id.cmp(&b.policy.id))
    });
    results
}

/// The calculator: typed facts against the published policies (no account needed).
pub async fn calculate(app: &App, facts: &Json, ids: Option<&[i64]>) -> AppResult<Vec<PolicyResult>> {
    let facts = Facts::typed(facts, &app.facts).map_err(|e| AppError::invalid("facts", e.code()))?;
    let policies = in_force(app, ids).await?;
    Ok(ranked(policies.iter().map(|p| evaluate(p, &facts)).collect()))
}

/// An enterprise's standing on every published policy, from its facts on the platform.
#[derive(Debug, Clone)]
pub struct EnterpriseStanding {
    pub enterprise: EnterpriseFacts,
    pub results: Vec<PolicyResult>,
}

pub async fn of_enterprise(
    app: &App,
    ctx: &Ctx,
    enterprise_id: i64,
    ids: Option<&[i64]>,
) -> AppResult<EnterpriseStanding> {
    app.authorize_or_hide(ctx, Action::ViewPolicyStanding { enterprise_id }).await?;
    let enterprise =
        facts::gather(app, Some(enterprise_id), None).await?.into_iter().next().ok_or(AppError::NotFound)?;
    let facts = Facts::typed(&enterprise.facts, &app.facts).map_err(|e| AppError::Unexpected(e.code().into()))?;
    let policies = in_force(app, ids).await?;
    let results = ranked(policies.iter().map(|p| evaluate(p, &facts)).collect());
    Ok(EnterpriseStanding { enterprise, results })
}

/// Where the test panel takes its facts from.
#[derive(Debug, Clone)]
pub enum TestFacts {
    Enterprise(i64),
    Typed(Json),
}

/// The editor's test panel: an unsaved policy evaluated against an enterprise or typed facts.
pub async fn test(app: &App, ctx: &Ctx, input: &PolicyInput, source: &TestFacts) -> AppResult<PolicyResult> {
    app.authorize(ctx, Action::ManagePolicies).await?;
    let (terms, _) = check(app, input)?;
    let (criteria, amount) = compile_terms(&terms)?;
    let policy = Arc::new(CompiledPolicy { id: 0, version: 0, status: PolicyStatus::Draft, terms, criteria, amount });
    let facts_json = match source {
        TestFacts::Enterprise(id) => {
            facts::gather(app, Some(*id), None).await?.into_iter().next().ok_or(AppError::NotFound)?.facts
        }
        TestFacts::Typed(json) => json.clone(),
    };
    let facts = Facts::typed(&facts_json, &app.facts).map_err(|e| AppError::invalid("facts", e.code()))?;
    Ok(evaluate(&policy, &facts))
}

/// One enterprise on a policy's list.
#[derive(Debug, Clone)]
pub struct Listed {
    pub id: i64,
    pub name: String,
    pub industry_code: String,
    pub region_code: Option<String>,
    pub standing: Standing,
    pub amount_yuan: Option<f64>,
    /// When it was told of an apply-free benefit of this version.
    pub notified_at: Option<i64>,
}

/// Every enterprise's standing on one policy's current version.
pub struct PolicyList {
    pub policy: Arc<CompiledPolicy>,
    pub enterprises: Vec<Listed>,
    pub counts: BTreeMap<Standing, usize>,
}

async fn list_all(app: &App, id: i64) -> AppResult<PolicyList> {
    let row = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let policy = app.policies.compiled(&row).map_err(AppError::Unexpected)?;
    let notified: std::collections::HashMap<i64, i64> =
        store::notices(&app.db, id, policy.version).await?.into_iter().collect();
    // Each enterprise's facts are only those this policy reads, bound on every core.
    let paths = policy.fact_paths();
    let everyone = facts::gather(app, None, Some(&paths)).await?;
    let catalogue = app.facts.clone();
    let shared = policy.clone();
    let enterprises = tokio::task::spawn_blocking(move || {
        let list = |part: &[EnterpriseFacts]| {
            part.iter()
                .filter_map(|e| {
                    let facts = Facts::typed(&e.facts, &catalogue).ok()?;
                    let (standing, amount_yuan) = standing(&shared, &facts);
                    Some(Listed {
                        notified_at: notified.get(&e.id).copied(),
                        id: e.id,
                        name: e.name.clone(),
                        industry_code: e.industry_code.clone(),
                        region_code: e.region_code.clone(),
                        standing,
                        amount_yuan,
                    })
                })
                .collect::<Vec<_>>()
        };
        on_every_core(&everyone, list).into_iter().flatten().collect::<Vec<_>>()
    })
    .await
    .map_err(|e| AppError::Unexpected(e.to_string()))?;
    let mut counts = BTreeMap::new();
    for e in &enterprises {
        *counts.entry(e.standing).or_insert(0) += 1;
    }
    Ok(PolicyList { policy, enterprises, counts })
}

/// For staff: the enterprises that qualify, nearly qualify or are unknown on a policy.
pub async fn enterprises(app: &App, ctx: &Ctx, id: i64, only: Option<Standing>) -> AppResult<PolicyList> {
    app.authorize(ctx, Action::ViewPolicyLists).await?;
    let mut list = list_all(app, id).await?;
    if let Some(s) = only {
        list.enterprises.retain(|e| e.standing == s);
    }
    Ok(list)
}

/// Counts only, by district and by industry section: what government users see.
#[derive(Debug, Clone, Default)]
pub struct Aggregates {
    pub total: usize,
    pub by_standing: BTreeMap<Standing, usize>,
    /// (region code, eligible, all enterprises there).
    pub by_region: Vec<(String, usize, usize)>,
    /// (industry section, eligible, all).
    pub by_section: Vec<(String, usize, usize)>,
}

pub async fn aggregates(app: &App, ctx: &Ctx, id: i64) -> AppResult<(Arc<CompiledPolicy>, Aggregates)> {
    app.authorize(ctx, Action::ViewPolicyAggregates).await?;
    let list = list_all(app, id).await?;
    let mut a = Aggregates { total: list.enterprises.len(), by_standing: list.counts.clone(), ..Aggregates::default() };
    let mut regions: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut sections: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for e in &list.enterprises {
        let eligible = usize::from(e.standing == Standing::Eligible);
        let r = regions.entry(e.region_code.clone().unwrap_or_else(|| "—".into())).or_default();
        r.0 += eligible;
        r.1 += 1;
        let s = sections.entry(e.industry_code.chars().take(1).collect()).or_default();
        s.0 += eligible;
        s.1 += 1;
    }
    a.by_region = regions.into_iter().map(|(k, (e, n))| (k, e, n)).collect();
    a.by_section = sections.into_iter().map(|(k, (e, n))| (k, e, n)).collect();
    Ok((list.policy, a))
}

/// Tells the enterprises in `eligible` (id, estimated amount) not yet told of an apply-free
/// policy's current version: its administrators and members get an in-app notice (and e-mail
/// where configured). Returns how many enterprises were told.
async fn tell_eligible(
    app: &App,
    tx: &mut tandem_store::Tx,
    policy: &CompiledPolicy,
    eligible: &[(i64, Option<f64>)],
) -> AppResult<usize> {
    let now = app.now();
    let mut told = 0;
    for (enterprise_id, amount) in eligible {
        if !store::record_notice(tx, policy.id, policy.version, *enterprise_id, now).await? {
            continue;
        }
        let notice = Notice::PolicyApplyFree {
            policy_id: policy.id,
            enterprise_id: *enterprise_id,
            title: policy.terms.title.clone(),
            amount_yuan: amount.map(|a| a as i64),
        };
        notify_members(
            tx,
            app,
            *enterprise_id,
            &[Role::EnterpriseAdmin, Role::EnterpriseMember],
            &notice,
            Action::ViewPolicyStanding { enterprise_id: *enterprise_id },
        )
        .await?;
        told += 1;
    }
    Ok(told)
}

/// Tells every eligible enterprise not yet told of an apply-free policy's current version;
/// returns how many enterprises were told.
pub async fn notify_apply_free(app: &App, ctx: &Ctx, id: i64) -> AppResult<usize> {
    app.authorize(ctx, Action::ViewPolicyLists).await?;
    let list = list_all(app, id).await?;
    let policy = &list.policy;
    if !policy.terms.apply_free {
        return Err(AppError::Refused("policy.not_apply_free"));
    }
    if policy.status != PolicyStatus::Published {
        return Err(AppError::Refused("policy.not_published"));
    }
    let eligible: Vec<(i64, Option<f64>)> = list
        .enterprises
        .iter()
        .filter(|e| e.standing == Standing::Eligible && e.notified_at.is_none())
        .map(|e| (e.id, e.amount_yuan))
        .collect();
    let mut tx = app.db.begin_write().await?;
    let told = tell_eligible(app, &mut tx, policy, &eligible).await?;
    let after = json!({ "version": policy.version, "enterprises": told });
    record_change(&mut tx, app, ctx, "policy.apply_free_notified", "policy", id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(told)
}

/// What the nightly run found: per policy in force, how many enterprises stand where.
#[derive(Debug, Clone, Default)]
pub struct Matrix {
    pub enterprises: usize,
    /// (policy id, version, title, counts by standing).
    pub policies: Vec<(i64, i64, String, BTreeMap<Standing, usize>)>,
    /// Enterprises newly told of apply-free benefits.
    pub told: usize,
}

/// Progress of a long run: (done, total).
pub type Progress = std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>;

/// The nightly recomputation: every enterprise against every published policy in force, on
/// every core; then the enterprises newly eligible for apply-free benefits are told. Run by
/// the operator (`tandem policies evaluate`), so it answers to no person's rights.
pub async fn evaluate_all(app: &App, progress: Progress) -> AppResult<Matrix> {
    let policies = in_force(app, None).await?;
    let mut read: Vec<String> = policies.iter().flat_map(|p| p.fact_paths()).collect();
    read.sort();
    read.dedup();
    let everyone = facts::gather(app, None, Some(&read)).await?;
    let total = everyone.len();
    let catalogue = app.facts.clone();
    let shared = policies.clone();
    let per_thread = tokio::task::spawn_blocking(move || {
        let done = std::sync::atomic::AtomicUsize::new(0);
        let evaluate = |part: &[EnterpriseFacts]| {
            let mut counts = vec![BTreeMap::<Standing, usize>::new(); shared.len()];
            let mut eligible: Vec<Vec<(i64, Option<f64>)>> = vec![vec![]; shared.len()];
            for e in part {
                let Ok(facts) = Facts::typed(&e.facts, &catalogue) else { continue };
                for (i, p) in shared.iter().enumerate() {
                    let (s, amount) = standing(p, &facts);
                    *counts[i].entry(s).or_insert(0) += 1;
                    if s == Standing::Eligible && p.terms.apply_free {
                        eligible[i].push((e.id, amount));
                    }
                }
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if n.is_multiple_of(1000) || n == total {
                    progress(n, total);
                }
            }
            (counts, eligible)
        };
        on_every_core(&everyone, evaluate)
    })
    .await
    .map_err(|e| AppError::Unexpected(e.to_string()))?;
    let mut matrix = Matrix { enterprises: total, ..Matrix::default() };
    let mut counts = vec![BTreeMap::<Standing, usize>::new(); policies.len()];
    let mut eligible: Vec<Vec<(i64, Option<f64>)>> = vec![vec![]; policies.len()];
    for (c, e) in per_thread {
        for (i, m) in c.into_iter().enumerate() {
            for (s, n) in m {
                *counts[i].entry(s).or_insert(0) += n;
            }
        }
        for (i, list) in e.into_iter().enumerate() {
            eligible[i].extend(list);
        }
    }
    let mut tx = app.db.begin_write().await?;
    for (i, p) in policies.iter().enumerate() {
        if p.terms.apply_free && !eligible[i].is_empty() {
            matrix.told += tell_eligible(app, &mut tx, p, &eligible[i]).await?;
        }
        matrix.policies.push((p.id, p.version, p.terms.title.clone(), std::mem::take(&mut counts[i])));
    }
    let event = tandem_store::audit::AuditWrite {
        at: app.now(),
        action: "policy.evaluated_all".into(),
        detail: Some(format!("{} enterprises × {} policies; {} told", total, policies.len(), matrix.told)),
        ..Default::default()
    };
    tandem_store::audit::record_tx(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(matrix)
}
