//! The facts of enterprises, as policy criteria read them, gathered from the platform's records.
//! A fact the platform does not hold is left out (never zero), so criteria that need it are
//! unknown and name it.

use super::parallel::on_every_core;
use crate::{App, AppResult};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use tandem_domain::diagnosis::Catalogue;
use tandem_store::policy::{self as store, LatestResult, ProfileFacts, ServiceCounts};

/// An enterprise with its facts and when each group of them was last confirmed.
#[derive(Debug, Clone)]
pub struct EnterpriseFacts {
    pub id: i64,
    pub name: String,
    pub industry_code: String,
    pub region_code: Option<String>,
    pub facts: Value,
    /// (fact group, epoch seconds): `profile` when the profile was saved, `diagnosis` when the
    /// latest result was submitted.
    pub confirmed: Vec<(&'static str, i64)>,
}

const YEAR_SECS: i64 = 365 * 24 * 3600;

/// Facts of every enterprise, or of `only` one; with `wanted`, only the facts at or under those
/// paths (a list of one policy reads a handful, and building the rest would cost more than
/// evaluating them).
pub async fn gather(app: &App, only: Option<i64>, wanted: Option<&[String]>) -> AppResult<Vec<EnterpriseFacts>> {
    let wanted: Option<Vec<String>> = wanted.map(<[String]>::to_vec);
    let profiles = store::profile_facts(&app.db, only).await?;
    // A group's query runs only when a wanted path reads from it.
    let mut results: HashMap<i64, Vec<LatestResult>> = HashMap::new();
    if wants_group(wanted.as_deref(), "ladder") || wants_group(wanted.as_deref(), "diagnosis") {
        for r in store::latest_results(&app.db, only).await? {
            results.entry(r.enterprise_id).or_default().push(r);
        }
    }
    let services = if wants_group(wanted.as_deref(), "services") {
        store::service_counts(&app.db, only, app.now() - YEAR_SECS).await?
    } else {
        HashMap::new()
    };
    let today = app.clock.now().date_naive();
    let catalogue = app.catalogue.clone();
    let build = move |p: &ProfileFacts| {
        let none = vec![];
        let results = results.get(&p.id).unwrap_or(&none);
        let counts = services.get(&p.id).cloned().unwrap_or_default();
        of_enterprise(&catalogue, p, results, &counts, today, wanted.as_deref())
    };
    if profiles.len() < 1_000 {
        return Ok(profiles.iter().map(build).collect());
    }
    // Building a hundred thousand small documents is worth every core.
    tokio::task::spawn_blocking(move || {
        on_every_core(&profiles, |part| part.iter().map(&build).collect::<Vec<_>>()).into_iter().flatten().collect()
    })
    .await
    .map_err(|e| crate::AppError::Unexpected(e.to_string()))
}

/// Whether any wanted path reads from the group `root` (it, a fact in it, or all facts).
fn wants_group(wanted: Option<&[String]>, root: &str) -> bool {
    wanted.is_none_or(|w| {
        w.iter().any(|p| p == root || (p.starts_with(root) && p.as_bytes().get(root.len()) == Some(&b'.')))
    })
}

fn wan(fen: i64) -> f64 {
    fen as f64 / 1_000_000.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn of_enterprise(
    catalogue: &Catalogue,
    p: &ProfileFacts,
    results: &[LatestResult],
    services: &ServiceCounts,
    today: chrono::NaiveDate,
    wanted: Option<&[String]>,
) -> EnterpriseFacts {
    // Whether `path` is wanted: it or a group it belongs to was asked for.
    let want = |path: &str| {
        wanted.is_none_or(|w| {
            w.iter().any(|x| x == path || (path.starts_with(x.as_str()) && path.as_bytes().get(x.len()) == Some(&b'.')))
        })
    };
    let mut enterprise = Map::new();
    let mut put = |path: &'static str, v: &dyn Fn() -> Option<Value>| {
        if want(path)
            && let Some(v) = v()
        {
            enterprise.insert(path.trim_start_matches("enterprise.").to_owned(), v);
        }
    };
    put("enterprise.employees", &|| p.employees.map(|n| json!(n)));
    put("enterprise.revenue_wan", &|| p.operating_revenue_fen.map(|f| json!(wan(f))));
    put("enterprise.total_assets_wan", &|| p.total_assets_fen.map(|f| json!(wan(f))));
    put("enterprise.rd_expense_wan", &|| p.rd_expense_fen.map(|f| json!(wan(f))));
    put("enterprise.rd_intensity_pct", &|| {
        let revenue = p.operating_revenue_fen.filter(|r| *r > 0)?;
        Some(json!(round2(p.rd_expense_fen? as f64 * 100.0 / revenue as f64)))
    });
    put("enterprise.rd_staff_pct", &|| {
        let all = p.employees.filter(|n| *n > 0)?;
        Some(json!(round2(p.rd_staff? as f64 * 100.0 / all as f64)))
    });
    let founded = p.founded_on.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    put("enterprise.founded_on", &|| founded.map(|day| json!(format!("{}T00:00:00Z", day.format("%Y-%m-%d")))));
    put("enterprise.age_years", &|| founded.map(|day| json!(i64::from(today.years_since(day).unwrap_or(0)))));
    put("enterprise.industry_code", &|| Some(json!(p.industry_code.clone())));
    put("enterprise.industry_section", &|| Some(json!(p.industry_code.chars().take(1).collect::<String>())));
    let region = p.region_code.as_deref().filter(|r| r.len() == 6 && r.is_ascii());
    put("enterprise.region_code", &|| region.map(|r| json!(r)));
    put("enterprise.province_code", &|| region.map(|r| json!(format!("{}0000", &r[..2]))));
    put("enterprise.city_code", &|| region.map(|r| json!(format!("{}00", &r[..4]))));
    // Only a code below the city level names a district or county.
    put("enterprise.district_code", &|| region.filter(|r| &r[2..4] != "00" && &r[4..] != "00").map(|r| json!(r)));
    put("enterprise.size_class", &|| p.size_class.as_ref().map(|s| json!(s)));
    let mut root = Map::new();
    root.insert("enterprise".into(), Value::Object(enterprise));

    let mut ip = Map::new();
    if let Some(n) = p.invention_patents.filter(|_| want("ip.invention_patents")) {
        ip.insert("invention_patents".into(), json!(n));
    }
    if let Some(n) = p.class2_ip_items.filter(|_| want("ip.class2_ip_items")) {
        ip.insert("class2_ip_items".into(), json!(n));
    }
    if !ip.is_empty() {
        root.insert("ip".into(), Value::Object(ip));
    }

    let mut confirmed = vec![("profile", p.updated_at)];
    let (ladder, diagnosis, latest) = diagnosis_facts(catalogue, results);
    if let Some(ladder) = ladder {
        root.insert("ladder".into(), ladder);
    }
    if !diagnosis.is_empty() {
        root.insert("diagnosis".into(), Value::Object(diagnosis));
    }
    if let Some(at) = latest {
        confirmed.push(("diagnosis", at));
    }
    if wants_group(wanted, "services") {
        root.insert(
            "services".into(),
            json!({
                "equipment_bookings": services.equipment_bookings,
                "tech_contracts": services.tech_contracts,
                "order_classes": services.order_classes,
            }),
        );
    }
    EnterpriseFacts {
        id: p.id,
        name: p.name.clone(),
        industry_code: p.industry_code.clone(),
        region_code: p.region_code.clone(),
        facts: Value::Object(root),
        confirmed,
    }
}

/// The ladder tier (the highest tier whose latest diagnosis passed; `none` when diagnosed on
/// the ladder and none passed; absent when never diagnosed on it) and the scores policies read.
fn diagnosis_facts(
    catalogue: &Catalogue,
    results: &[LatestResult],
) -> (Option<Value>, Map<String, Value>, Option<i64>) {
    let mut diagnosed_on_ladder = false;
    let mut best: Option<(u32, &str)> = None;
    let mut scores = Map::new();
    let mut latest: Option<i64> = None;
    for r in results {
        let Some(instrument) = catalogue.get(&r.instrument_id) else { continue };
        latest = latest.max(r.submitted_at);
        if let (Some(tier), Some(rank)) = (&instrument.tier, instrument.tier_rank) {
            diagnosed_on_ladder = true;
            if r.passed == Some(1) && best.is_none_or(|(b, _)| rank > b) {
                best = Some((rank, tier.as_str()));
            }
        }
        let Some(total) = r.total.and_then(|t| u32::try_from(t).ok()) else { continue };
        match instrument.id.as_str() {
            "miit-2022-srdi" => {
                scores.insert("srdi_total".into(), json!(round2(instrument.official(total))));
            }
            "miit-2022-innovative" => {
                scores.insert("innovative_total".into(), json!(round2(instrument.official(total))));
            }
            "miit-2024-digital-level" => {
                let level = instrument
                    .level(total)
                    .and_then(|l| l.id.trim_start_matches("level").parse::<i64>().ok())
                    .unwrap_or(0);
                scores.insert("digital_level".into(), json!(level));
            }
            _ => {}
        }
    }
    let ladder = diagnosed_on_ladder.then(|| match best {
        Some((rank, tier)) => json!({"tier": tier, "rank": rank}),
        None => json!({"tier": "none", "rank": 0}),
    });
    (ladder, scores, latest)
}
