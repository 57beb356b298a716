//! Enterprise diagnosis: scoring answers against an instrument, and an enterprise's assessments
//! (drafts over several sittings, then submitted with their result).

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use tandem_domain::access::Action;
use tandem_domain::diagnosis::{AnswerError, Instrument, ScoreResult, score};
use tandem_domain::validation::FieldErrors;
use tandem_store::diagnosis::{self as store, AssessmentRow, AssessmentWrite};

pub type Answers = BTreeMap<String, Value>;

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

/// Starts an assessment for an enterprise, as a draft or submitted at once.
pub async fn create(
    app: &App,
    ctx: &Ctx,
    enterprise_id: i64,
    instrument_id: &str,
    answers: &Answers,
    submit: bool,
) -> AppResult<i64> {
    if !ctx.actor.may(Action::ViewDiagnosis { org_id: enterprise_id }) {
        crate::audit::denied(app, ctx, &format!("ViewDiagnosis {{ org_id: {enterprise_id} }}")).await;
        return Err(AppError::NotFound);
    }
    app.authorize(ctx, Action::EditDiagnosis { org_id: enterprise_id }).await?;
    let instrument =
        instrument(app, instrument_id).map_err(|_| AppError::invalid("instrument", "instrument.unknown"))?;
    let now = app.now();
    let write = write_of(instrument, answers, submit, now)?;
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
    if !ctx.actor.may(Action::ViewDiagnosis { org_id: row.enterprise_id }) {
        crate::audit::denied(app, ctx, &format!("ViewDiagnosis {{ org_id: {} }}", row.enterprise_id)).await;
        return Err(AppError::NotFound);
    }
    let answers = parse_answers(&row.answers_json);
    let result = row.result_json.as_deref().and_then(|j| serde_json::from_str(j).ok());
    let can_edit = row.status == "draft" && ctx.actor.may(Action::EditDiagnosis { org_id: row.enterprise_id });
    Ok(AssessmentView { row, answers, result, can_edit })
}

/// An enterprise's assessments, newest first.
pub async fn of_enterprise(app: &App, ctx: &Ctx, enterprise_id: i64) -> AppResult<Vec<AssessmentRow>> {
    if !ctx.actor.may(Action::ViewDiagnosis { org_id: enterprise_id }) {
        crate::audit::denied(app, ctx, &format!("ViewDiagnosis {{ org_id: {enterprise_id} }}")).await;
        return Err(AppError::NotFound);
    }
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
