//! Throughput of scoring the SRDI instrument on one thread.
//!
//! `cargo bench -p tandem-domain --bench score` — prints assessments per second for a full
//! answer set (13 indicators and the basic conditions), over about three seconds.

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};
use tandem_domain::diagnosis::{Catalogue, score};

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let catalogue = match Catalogue::load() {
        Ok(c) => c,
        Err(e) => panic!("instruments do not load: {e}"),
    };
    let Some(srdi) = catalogue.get("miit-2022-srdi") else { panic!("no SRDI instrument") };
    let answers: BTreeMap<String, Value> = json!({
        "SRF-01": 85, "SRF-02": 9, "SRF-03": 7, "SRF-04": "basic_or_heritage_or_chain_supplier", "SRF-05": 2,
        "SRF-06": ["qms_certificate", "own_brand"], "SRF-07": 6.5, "SRF-08": 55, "SRF-09": 8,
        "SRF-10": "class1_self_developed", "SRF-11": {"amount_wan": 260, "intensity_pct": 6.2}, "SRF-12": 12,
        "SRF-13": "provincial", "SRF-B1": 3, "SRF-B2": true, "SRF-B3": true
    })
    .as_object()
    .map(|m| m.clone().into_iter().collect())
    .unwrap_or_default();
    // Warm up, then measure batches until three seconds have passed.
    for _ in 0..10_000 {
        black_box(score(srdi, black_box(&answers)).is_ok());
    }
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed() < Duration::from_secs(3) {
        for _ in 0..1_000 {
            black_box(score(srdi, black_box(&answers)).is_ok());
        }
        n += 1_000;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "SRDI scoring, one thread: {n} assessments in {secs:.2} s = {:.0} per second ({:.2} µs each)",
        n as f64 / secs,
        secs * 1e6 / n as f64
    );
}
