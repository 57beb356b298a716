//! Demo support policies, modelled on real ones and citing them: `data/policies/demo.json`.
//! Each is checked and compiled as a staff member's would be, then published.

use crate::policy::{check, version_write};
use crate::{App, AppError, AppResult};
use tandem_domain::policy::input_from_json;
use tandem_store::Tx;
use tandem_store::policy as store;

const DEMO_POLICIES: &str = include_str!("../../../../data/policies/demo.json");

/// Writes every demo policy, published; returns how many.
pub async fn write(app: &App, tx: &mut Tx, author: Option<i64>, now: i64) -> AppResult<usize> {
    let file: serde_json::Value =
        serde_json::from_str(DEMO_POLICIES).map_err(|e| AppError::Unexpected(format!("demo policies: {e}")))?;
    let items = file["policies"].as_array().cloned().unwrap_or_default();
    for item in &items {
        let key = item["key"].as_str().unwrap_or("?");
        let input = input_from_json(item).map_err(|e| AppError::Unexpected(format!("demo policy {key}: {e:?}")))?;
        let (terms, _warnings) =
            check(app, &input).map_err(|e| AppError::Unexpected(format!("demo policy {key}: {e:?}")))?;
        store::insert(tx, "published", &version_write(&terms)?, author, now).await?;
    }
    Ok(items.len())
}
