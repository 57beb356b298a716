//! Enterprise diagnosis: scoring answers against an instrument, and an enterprise's assessments
//! (drafts over several sittings, then submitted with their result).

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::{Value, json};
use tandem_domain::access::Action;
use tandem_domain::diagnosis::form::{FormValues, ProfileFigures, answers_from, form_values_of, prefilled};
use tandem_domain::diagnosis::{AnswerError, Instrument, ScoreResult, score};
use tandem_domain::validation::FieldErrors;
use tandem_store::diagnosis::{self as store, AssessmentRow, AssessmentWrite};

pub use tandem_domain::diagnosis::form::Answers;

fn invalid(errors: Vec<AnswerError>) -> AppError {
    let mut fe = FieldErrors::new();
    for e in errors {
        fe.add(&e.id, &e.code);
    }
    AppError::Invalid(fe)
}

pub fn instruments(app: &App) -> &[Instrument] {
    &app.catalogue.instruments
}

pub fn instrument<'a>(app: &'a App, id: &str) -> AppResult<&'a Instrument> {
    app.catalogue.get(id).ok_or(AppError::NotFound)
}

/// Scores answers without storing anything (the public calculator).
pub fn score_answers(app: &App, instrument_id: &str, answers: &Answers) -> AppResult<ScoreResult> {
    let instrument = instrument(app, instrument_id)?;
    score(instrument, answers).map_err(invalid)
}

/// What a questionnaire page shows: the instrument, whose assessment it is, and the values in
/// its inputs.
#[derive(Debug, Clone)]
pub struct AssessmentForm<'a> {
    pub instrument: &'a Instrument,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub values: FormValues,
}

/// The form for a new assessment of `instrument_id`, with the facts the enterprise's profile
/// already answers. Someone who may not see the enterprise gets `NotFound`; someone who may see
/// it but not diagnose it, `Forbidden`.
pub async fn new_assessment<'a>(
    app: &'a App,
    ctx: &Ctx,
    enterprise_id: i64,
    instrument_id: &str,
) -> AppResult<AssessmentForm<'a>> {
    let enterprise = crate::org::get_enterprise(app, ctx, enterprise_id).await?.row;
    app.authorize(ctx, Action::EditDiagnosis { org_id: enterprise_id }).await?;
    let instrument = instrument(app, instrument_id)?;
    let figures = ProfileFigures {
        operating_revenue_fen: enterprise.operating_revenue_fen,
        total_assets_fen: enterprise.total_assets_fen,
        employees: enterprise.employees,
    };
    Ok(AssessmentForm {
        instrument,
        enterprise_id,
        enterprise_name: enterprise.name,
        values: prefilled(instrument, figures),
    })
}

/// What the page of one assessment shows: the assessment, its instrument, and once submitted
/// the help matched to its weakest groups and the enterprise's earlier results on the same
/// instrument.
#[derive(Debug, Clone)]
pub struct AssessmentPage<'a> {
    pub view: AssessmentView,
    pub instrument: &'a Instrument,
    pub recommendations: Vec<Recommendation>,
    pub history: Vec<AssessmentRow>,
}

/// A draft is shown as its form, so only to those who may change it.
pub async fn assessment_page<'a>(app: &'a App, ctx: &Ctx, id: i64) -> AppResult<AssessmentPage<'a>> {
    let view = get(app, ctx, id).await?;
    if view.result.is_none() && !view.can_edit {
        app.authorize(ctx, Action::EditDiagnosis { org_id: view.row.enterprise_id }).await?;
    }
    let instrument = instrument(app, &view.row.instrument_id)?;
    let (recommendations, history) = if view.result.is_some() {
        (recommendations(app, &view).await?, history(app, ctx, &view).await?)
    } else {
        (vec![], vec![])
    };
    Ok(AssessmentPage { view, instrument, recommendations, history })
}

/// Adds `answers` to those saved in a draft (a PATCH: answers not sent stay as they were), and
/// submits it with `submit`; returns the assessment as it then is.
pub async fn add_answers(app: &App, ctx: &Ctx, id: i64, answers: Answers, submit: bool) -> AppResult<AssessmentView> {
    let mut merged = get(app, ctx, id).await?.answers;
    merged.extend(answers);
    update(app, ctx, id, &merged, submit).await?;
    get(app, ctx, id).await
}

/// The form of a stored draft, with its answers so far.
pub async fn draft_form<'a>(app: &'a App, ctx: &Ctx, id: i64) -> AppResult<AssessmentForm<'a>> {
    let view = get(app, ctx, id).await?;
    Ok(AssessmentForm {
        instrument: instrument(app, &view.row.instrument_id)?,
        enterprise_id: view.row.enterprise_id,
        enterprise_name: view.row.enterprise_name,
        values: form_values_of(&view.answers),
    })
}

/// Answers as typed in a form: every value that is not a number is a field error, all reported
/// at once before anything is stored.
fn answers_of_form(instrument: &Instrument, values: &FormValues) -> AppResult<Answers> {
    let (answers, errors) = answers_from(instrument, values);
    if errors.is_empty() { Ok(answers) } else { Err(AppError::Invalid(errors)) }
}

/// [`create`] from a form's text.
pub async fn create_from_form(
    app: &App,
    ctx: &Ctx,
    enterprise_id: i64,
    instrument_id: &str,
    values: &FormValues,
    submit: bool,
) -> AppResult<i64> {
    let answers = answers_of_form(instrument(app, instrument_id)?, values)?;
    create(app, ctx, enterprise_id, instrument_id, &answers, submit).await
}

/// [`update`] from a form's text.
pub async fn update_from_form(app: &App, ctx: &Ctx, id: i64, values: &FormValues, submit: bool) -> AppResult<()> {
    let current = get(app, ctx, id).await?;
    let answers = answers_of_form(instrument(app, &current.row.instrument_id)?, values)?;
    update(app, ctx, id, &answers, submit).await
}

/// An assessment with its instrument and, once submitted, its result.
#[derive(Debug, Clone)]
pub struct AssessmentView {
    pub row: AssessmentRow,
    pub answers: Answers,
    pub result: Option<ScoreResult>,
    pub can_edit: bool,
}

fn parse_answers(json: &str) -> Answers {
    serde_json::from_str(json).unwrap_or_default()
}

/// Rescores stored results computed before an instrument's points were rescaled (the 2022 SRDI
/// table moved to hundredths so local indicators take fractions); returns how many changed.
/// Answers accepted under the old scale are valid under the new one, so every one rescores.
pub async fn rescore_results_of_rescaled_instruments(app: &App) -> AppResult<usize> {
    let mut changed = 0;
    for instrument in &app.catalogue.instruments {
        let stale =
            store::results_scored_with_another_maximum(&app.db, &instrument.id, i64::from(instrument.max_total))
                .await?;
        for row in stale {
            let Ok(result) = score(instrument, &parse_answers(&row.answers_json)) else {
                tracing::warn!(assessment = row.id, "a stored result no longer scores; left as it was");
                continue;
            };
            let json = serde_json::to_string(&result).map_err(|e| AppError::Unexpected(e.to_string()))?;
            let mut tx = app.db.begin_write().await?;
            store::replace_result(&mut tx, row.id, &json, i64::from(result.total), result.passed.map(i64::from))
                .await?;
            tx.commit().await?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Checks the answers given so far: a draft may leave indicators out, but what is there must be valid.
fn check_draft(instrument: &Instrument, answers: &Answers) -> AppResult<()> {
    match score(instrument, answers) {
        Ok(_) => Ok(()),
        Err(errors) => {
            let real: Vec<AnswerError> = errors.into_iter().filter(|e| e.code != "answer.missing").collect();
            if real.is_empty() { Ok(()) } else { Err(invalid(real)) }
        }
    }
}

fn write_of(instrument: &Instrument, answers: &Answers, submit: bool, now: i64) -> AppResult<AssessmentWrite> {
    let answers_json = serde_json::to_string(answers).map_err(|e| AppError::Unexpected(e.to_string()))?;
    if !submit {
        check_draft(instrument, answers)?;
        return Ok(AssessmentWrite {
            status: "draft".into(),
            answers_json,
            result_json: None,
            total: None,
            passed: None,
            submitted_at: None,
        });
    }
    let result = score(instrument, answers).map_err(invalid)?;
    Ok(AssessmentWrite {
        status: "submitted".into(),
        answers_json,
        result_json: Some(serde_json::to_string(&result).map_err(|e| AppError::Unexpected(e.to_string()))?),
        total: Some(i64::from(result.total)),
        passed: result.passed.map(i64::from),
        submitted_at: Some(now),
    })
}

/// Checks answers against the enterprise's own profile where the instrument asks for it, e.g.
/// R&D expense cannot exceed operating revenue. Profile figures that are missing check nothing.
async fn check_against_profile(
    app: &App,
    enterprise_id: i64,
    instrument: &Instrument,
    answers: &Answers,
) -> AppResult<()> {
    let Some(profile) = tandem_store::org::get_enterprise(&app.db, enterprise_id).await? else { return Ok(()) };
    let mut errors = FieldErrors::new();
    for ind in &instrument.indicators {
        let tandem_domain::diagnosis::instrument::Scoring::BestOf { parts } = &ind.scoring else { continue };
        for part in parts {
            let limit_fen = match part.at_most_profile.as_deref() {
                Some("operating_revenue_wan") => profile.operating_revenue_fen,
                Some("total_assets_wan") => profile.total_assets_fen,
                _ => None,
            };
            let given = answers.get(&ind.id).and_then(|v| v.get(&part.key)).and_then(Value::as_f64);
            if let (Some(limit_fen), Some(given)) = (limit_fen, given)
                && given * tandem_domain::money::FEN_PER_WAN as f64 > limit_fen as f64
            {
                errors.add_with(
                    &format!("{}.{}", ind.id, part.key),
                    "answer.exceeds_profile",
                    &[("limit", tandem_domain::money::format_fen_as_wan(limit_fen))],
                );
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Invalid(errors)) }
}

/// Starts an assessment for an enterprise, as a draft or submitted at once.
pub async fn create(
    app: &App,
    ctx: &Ctx,
    enterprise_id: i64,
    instrument_id: &str,
    answers: &Answers,
    submit: bool,
) -> AppResult<i64> {
    app.authorize_or_hide(ctx, Action::ViewDiagnosis { org_id: enterprise_id }).await?;
    app.authorize(ctx, Action::EditDiagnosis { org_id: enterprise_id }).await?;
    let instrument =
        instrument(app, instrument_id).map_err(|_| AppError::invalid("instrument", "instrument.unknown"))?;
    let now = app.now();
    let write = write_of(instrument, answers, submit, now)?;
    check_against_profile(app, enterprise_id, instrument, answers).await?;
    let mut tx = app.db.begin_write().await?;
    if tandem_store::org::org_kind_tx(&mut tx, enterprise_id).await?.as_deref() != Some("enterprise") {
        return Err(AppError::NotFound);
    }
    let id =
        store::insert(&mut tx, enterprise_id, &instrument.id, &instrument.version, &write, ctx.actor.person_id, now)
            .await?;
    let after =
        json!({ "assessment_id": id, "instrument": instrument.id, "status": write.status, "total": write.total });
    record_change(&mut tx, app, ctx, "assessment.created", "org", enterprise_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves more answers to a draft, or submits it.
pub async fn update(app: &App, ctx: &Ctx, id: i64, answers: &Answers, submit: bool) -> AppResult<()> {
    let current = get(app, ctx, id).await?;
    if !current.can_edit {
        app.authorize(ctx, Action::EditDiagnosis { org_id: current.row.enterprise_id }).await?;
    }
    if current.row.status != "draft" {
        return Err(AppError::invalid("status", "assessment.already_submitted"));
    }
    let instrument = instrument(app, &current.row.instrument_id)?;
    let now = app.now();
    let write = write_of(instrument, answers, submit, now)?;
    check_against_profile(app, current.row.enterprise_id, instrument, answers).await?;
    let mut tx = app.db.begin_write().await?;
    if !store::update_draft(&mut tx, id, &write, now).await? {
        return Err(AppError::invalid("status", "assessment.already_submitted"));
    }
    let action = if submit { "assessment.submitted" } else { "assessment.saved" };
    let after = json!({ "assessment_id": id, "status": write.status, "total": write.total });
    record_change(&mut tx, app, ctx, action, "org", current.row.enterprise_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// One assessment; someone who may not see the enterprise's diagnoses gets `NotFound`.
pub async fn get(app: &App, ctx: &Ctx, id: i64) -> AppResult<AssessmentView> {
    let row = store::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    app.authorize_or_hide(ctx, Action::ViewDiagnosis { org_id: row.enterprise_id }).await?;
    let answers = parse_answers(&row.answers_json);
    let result = row.result_json.as_deref().and_then(|j| serde_json::from_str(j).ok());
    let can_edit = row.status == "draft" && ctx.actor.may(Action::EditDiagnosis { org_id: row.enterprise_id });
    Ok(AssessmentView { row, answers, result, can_edit })
}

/// An enterprise's assessments, newest first.
pub async fn of_enterprise(app: &App, ctx: &Ctx, enterprise_id: i64) -> AppResult<Vec<AssessmentRow>> {
    app.authorize_or_hide(ctx, Action::ViewDiagnosis { org_id: enterprise_id }).await?;
    Ok(store::of_enterprise(&app.db, enterprise_id).await?)
}

/// Earlier submitted results of the same instrument for the same enterprise (baseline first).
pub async fn history(app: &App, ctx: &Ctx, view: &AssessmentView) -> AppResult<Vec<AssessmentRow>> {
    let all = of_enterprise(app, ctx, view.row.enterprise_id).await?;
    let mut same: Vec<AssessmentRow> =
        all.into_iter().filter(|a| a.instrument_id == view.row.instrument_id && a.status == "submitted").collect();
    same.sort_by_key(|a| (a.submitted_at, a.id));
    Ok(same)
}

pub use tandem_store::diagnosis::{PortfolioFilter, PortfolioRow};

/// Diagnosed enterprises, one row each (their latest result of the instrument): staff only.
pub async fn portfolio(
    app: &App,
    ctx: &Ctx,
    filter: &PortfolioFilter,
    page: tandem_store::Page,
) -> AppResult<(Vec<PortfolioRow>, i64)> {
    app.authorize(ctx, Action::ViewDiagnosisPortfolio).await?;
    instrument(app, &filter.instrument_id).map_err(|_| AppError::invalid("instrument", "instrument.unknown"))?;
    Ok(store::portfolio(&app.db, filter, page).await?)
}

/// Every row of the portfolio, for the spreadsheet export: staff only.
pub async fn portfolio_export(app: &App, ctx: &Ctx, filter: &PortfolioFilter) -> AppResult<Vec<PortfolioRow>> {
    app.authorize(ctx, Action::ViewDiagnosisPortfolio).await?;
    instrument(app, &filter.instrument_id).map_err(|_| AppError::invalid("instrument", "instrument.unknown"))?;
    Ok(store::portfolio_all(&app.db, filter).await?)
}

/// Counts and distributions over the latest results; no enterprise is named.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Aggregates {
    pub instrument: String,
    pub enterprises: usize,
    pub passed: usize,
    pub failed: usize,
    pub undetermined: usize,
    /// Mean total in official points, when the instrument is scored.
    pub mean_total: Option<f64>,
    /// (lower bound, upper bound exclusive, count) of totals in bands of 20 official points.
    pub total_bands: Vec<(f64, f64, usize)>,
    /// (size class, count).
    pub by_size: Vec<(String, usize)>,
    /// (industry section, count).
    pub by_section: Vec<(String, usize)>,
}

pub async fn aggregates(app: &App, ctx: &Ctx, filter: &PortfolioFilter) -> AppResult<Aggregates> {
    app.authorize(ctx, Action::ViewDiagnosisAggregates).await?;
    let instrument =
        instrument(app, &filter.instrument_id).map_err(|_| AppError::invalid("instrument", "instrument.unknown"))?;
    let rows = store::portfolio_all(&app.db, filter).await?;
    let mut a = Aggregates { instrument: instrument.id.clone(), enterprises: rows.len(), ..Default::default() };
    for r in &rows {
        match r.passed {
            Some(1) => a.passed += 1,
            Some(_) => a.failed += 1,
            None => a.undetermined += 1,
        }
    }
    if instrument.max_total > 0 && !rows.is_empty() {
        let totals: Vec<i64> = rows.iter().filter_map(|r| r.total).collect();
        let scale = i64::from(instrument.points_scale.max(1));
        a.mean_total = Some(totals.iter().sum::<i64>() as f64 / totals.len().max(1) as f64 / scale as f64);
        let max = i64::from(instrument.max_total);
        let mut lo = 0;
        while lo < max {
            let hi = (lo + 20 * scale).min(max);
            // The top band includes the maximum itself.
            let n = totals.iter().filter(|t| **t >= lo && (**t < hi || (hi == max && **t == max))).count();
            a.total_bands.push((lo as f64 / scale as f64, hi as f64 / scale as f64, n));
            lo = hi;
        }
    }
    let count = |key: Option<String>, into: &mut Vec<(String, usize)>| {
        let key = key.unwrap_or_else(|| "—".into());
        match into.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 += 1,
            None => into.push((key, 1)),
        }
    };
    let mut by_size = vec![];
    let mut by_section = vec![];
    for r in &rows {
        count(r.size_class.clone(), &mut by_size);
        count(r.industry_code.chars().next().map(String::from), &mut by_section);
    }
    // Sizes from micro to large, the order readers expect; unknown last.
    by_size.sort_by_key(|(k, _)| tandem_domain::org::SizeClass::from_code(k).map_or(4, |c| c as u8));
    by_section.sort();
    a.by_size = by_size;
    a.by_section = by_section;
    Ok(a)
}

/// People on the platform who could help with a weak dimension.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Recommendation {
    pub group: String,
    pub share: f64,
    pub helpers: Vec<Helper>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Helper {
    pub person_id: i64,
    pub name: String,
    /// The helper's tags that matched the dimension.
    pub matched: Vec<String>,
}

/// How many people a weak dimension suggests.
const HELPERS_PER_DIMENSION: i64 = 3;

/// Dimensions below 60% of their maximum, each with up to three people whose expertise tags
/// match the dimension's help tags, no one suggested for two dimensions. Matching by tags is a
/// first step; better matching later.
pub async fn recommendations(app: &App, view: &AssessmentView) -> AppResult<Vec<Recommendation>> {
    let Some(result) = &view.result else { return Ok(vec![]) };
    let instrument = instrument(app, &view.row.instrument_id)?;
    let mut out = Vec::new();
    let mut suggested: Vec<i64> = Vec::new();
    for g in &result.groups {
        let share = f64::from(g.points) / f64::from(g.max.max(1));
        let Some(def) = instrument.group(&g.id) else { continue };
        if share >= 0.6 || def.help_tags.is_empty() {
            continue;
        }
        // Enough candidates that those suggested for an earlier dimension can be passed over.
        let people = tandem_store::people::helpers_with_tags(
            &app.db,
            &def.help_tags,
            HELPERS_PER_DIMENSION + i64::try_from(suggested.len()).unwrap_or(i64::MAX),
        )
        .await?;
        let mut helpers: Vec<Helper> = people
            .into_iter()
            .filter(|p| !suggested.contains(&p.id))
            .map(|p| {
                let matched = p
                    .expertise
                    .lines()
                    .filter(|t| def.help_tags.iter().any(|h| t.contains(h.as_str())))
                    .map(str::to_owned)
                    .collect();
                Helper { person_id: p.id, name: p.name, matched }
            })
            .collect();
        // Those who match more of the dimension first; the store's order (by name) breaks ties.
        helpers.sort_by_key(|h| std::cmp::Reverse(h.matched.len()));
        helpers.truncate(usize::try_from(HELPERS_PER_DIMENSION).unwrap_or(3));
        suggested.extend(helpers.iter().map(|h| h.person_id));
        out.push(Recommendation { group: g.id.clone(), share, helpers });
    }
    Ok(out)
}

/// One rung of the MIIT ladder for an enterprise under one rule set.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Rung {
    pub ruleset: String,
    pub tier: String,
    pub rank: u32,
    pub instrument_id: String,
    /// The latest submitted assessment of this tier, if any.
    pub assessment_id: Option<i64>,
    /// `None`: not assessed; `Some(None)`: assessed but facts missing.
    pub passed: Option<Option<bool>>,
    /// Conditions of that assessment that fail and are needed, with the value given.
    pub missing: Vec<(tandem_domain::diagnosis::instrument::Rule, Option<Value>)>,
}

/// Where an enterprise stands on the ladder under each rule set, from its latest assessments.
/// The diagnosis part of an enterprise's page: its assessments, where it stands on each ladder,
/// and whether the caller may start a new one. `None` for someone who may not see its
/// diagnoses (government sees aggregates only).
#[derive(Debug, Clone)]
pub struct EnterpriseDiagnoses {
    pub assessments: Vec<AssessmentRow>,
    pub rungs: Vec<Rung>,
    pub may_start: bool,
}

pub async fn of_enterprise_page(app: &App, ctx: &Ctx, enterprise_id: i64) -> AppResult<Option<EnterpriseDiagnoses>> {
    if !ctx.actor.may(Action::ViewDiagnosis { org_id: enterprise_id }) {
        return Ok(None);
    }
    Ok(Some(EnterpriseDiagnoses {
        assessments: of_enterprise(app, ctx, enterprise_id).await?,
        rungs: ladder(app, ctx, enterprise_id).await?,
        may_start: ctx.actor.may(Action::EditDiagnosis { org_id: enterprise_id }),
    }))
}

pub async fn ladder(app: &App, ctx: &Ctx, enterprise_id: i64) -> AppResult<Vec<Rung>> {
    let rows = of_enterprise(app, ctx, enterprise_id).await?;
    let mut rungs = Vec::new();
    for i in &app.catalogue.instruments {
        let (Some(tier), Some(rank)) = (&i.tier, i.tier_rank) else { continue };
        // Rows are newest first; the first submitted one of this instrument is the latest.
        let latest = rows.iter().find(|r| r.instrument_id == i.id && r.status == "submitted");
        let (passed, missing) = match latest {
            None => (None, vec![]),
            Some(row) => {
                let answers = parse_answers(&row.answers_json);
                let result: Option<ScoreResult> = row.result_json.as_deref().and_then(|j| serde_json::from_str(j).ok());
                let missing = result
                    .iter()
                    .flat_map(|r| r.conditions.iter())
                    .filter(|c| c.holds == Some(false) && c.needed)
                    .map(|c| {
                        let given = match &c.rule {
                            tandem_domain::diagnosis::instrument::Rule::FactAtLeast { fact, .. }
                            | tandem_domain::diagnosis::instrument::Rule::FactAtMost { fact, .. } => {
                                answers.get(fact).cloned()
                            }
                            _ => None,
                        };
                        (c.rule.clone(), given)
                    })
                    .collect();
                (Some(result.and_then(|r| r.passed)), missing)
            }
        };
        rungs.push(Rung {
            ruleset: i.ruleset.clone(),
            tier: tier.clone(),
            rank,
            instrument_id: i.id.clone(),
            assessment_id: latest.map(|r| r.id),
            passed,
            missing,
        });
    }
    rungs.sort_by(|a, b| b.ruleset.cmp(&a.ruleset).then(a.rank.cmp(&b.rank)));
    Ok(rungs)
}
