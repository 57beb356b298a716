//! Diagnosis demo: plausible answers, scored by the same code as real ones.

use super::common::Rng;
use crate::{App, AppError, AppResult};
use tandem_store::Tx;

/// Plausible answers; the follow-up round (1) tends to score higher than the baseline.
pub(super) fn answers(rng: &mut Rng, instrument: &str, round: u32) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let lift = f64::from(round) * 2.0;
    let pct = |rng: &mut Rng, lo: i64, hi: i64| json!(rng.range(lo, hi) as f64 + lift);
    let v = if instrument == "miit-2022-innovative" {
        json!({
            "INN-1": *rng.pick(&["class1", "class2", "class1_self_developed", "none"]),
            "INN-2": pct(rng, 0, 6), "INN-3": pct(rng, -5, 20), "INN-4": rng.range(30, 80),
            "INN-5": *rng.pick(&["strategic_emerging", "other"]), "INN-6": pct(rng, 45, 95),
            "INN-D2": rng.below(3) == 0,
        })
    } else {
        let srf06 = if round == 0 { json!(["qms_certificate"]) } else { json!(["qms_certificate", "own_brand"]) };
        json!({
            "SRF-01": pct(rng, 55, 96), "SRF-02": pct(rng, -3, 14), "SRF-03": rng.range(1, 15) + i64::from(round),
            "SRF-04": *rng.pick(&["chain_key", "basic_or_heritage_or_chain_supplier", "other"]),
            "SRF-05": (rng.range(1, 3) + i64::from(round)).min(4),
            "SRF-06": srf06,
            "SRF-07": pct(rng, 0, 12), "SRF-08": rng.range(35, 75), "SRF-09": rng.range(3, 12),
            "SRF-10": *rng.pick(&["class1_high_value", "class1_self_developed", "class1", "class2", "none"]),
            // Below the smallest demo revenue (50 万元), so no profile's revenue is exceeded.
            "SRF-11": {"amount_wan": rng.range(30, 48), "intensity_pct": pct(rng, 2, 9)},
            "SRF-12": pct(rng, 4, 25), "SRF-13": *rng.pick(&["provincial", "municipal", "below_municipal", "none"]),
            "SRF-B1": rng.range(1, 12), "SRF-B2": rng.below(4) != 0, "SRF-B3": true,
        })
    };
    v.as_object().cloned().unwrap_or_default()
}

pub(super) async fn assess(
    app: &App,
    tx: &mut Tx,
    enterprise: i64,
    instrument_id: &str,
    answers: &serde_json::Map<String, serde_json::Value>,
    when: i64,
) -> AppResult<()> {
    let instrument = app.catalogue.get(instrument_id).ok_or(AppError::NotFound)?;
    let answers: crate::diagnosis::Answers = answers.clone().into_iter().collect();
    let result = tandem_domain::diagnosis::score(instrument, &answers)
        .map_err(|e| AppError::Unexpected(format!("demo answers do not score: {e:?}")))?;
    let write = tandem_store::diagnosis::AssessmentWrite {
        status: "submitted".into(),
        answers_json: serde_json::to_string(&answers).map_err(|e| AppError::Unexpected(e.to_string()))?,
        result_json: Some(serde_json::to_string(&result).map_err(|e| AppError::Unexpected(e.to_string()))?),
        total: Some(i64::from(result.total)),
        passed: result.passed.map(i64::from),
        submitted_at: Some(when),
    };
    tandem_store::diagnosis::insert(tx, enterprise, &instrument.id, &instrument.version, &write, 0, when).await?;
    Ok(())
}
