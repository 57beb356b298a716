//! The diagnosis portfolio page over 10,000 assessed enterprises, on SQLite, in process.
//!
//! `cargo bench -p tandem-web --bench portfolio` — seeds the demo plus 10,000 enterprises with
//! an SRDI result each, then renders `/diagnosis` as university staff 50 times (aggregates over
//! all rows, the first page of 50, filters) and prints the latency percentiles.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use std::sync::Arc;
use std::time::Instant;
use tandem_app::{App, AppConfig, Rules, SystemClock};
use tandem_web::{I18n, WebConfig, WebState};
use tower::ServiceExt;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => panic!("runtime: {e}"),
    };
    rt.block_on(async {
        let db = tandem_test_support::sqlite().await;
        let rules = match Rules::load() {
            Ok(r) => r,
            Err(e) => panic!("rules: {e}"),
        };
        let app = App::new(db.db.clone(), rules, Arc::new(SystemClock), AppConfig::default());
        if let Err(e) = tandem_app::demo::load(&app).await {
            panic!("demo: {e}");
        }
        let seeded = Instant::now();
        if let Err(e) = tandem_app::testing::seed_assessed_enterprises(&app, 10_000).await {
            panic!("seed: {e}");
        }
        println!("seeded 10,000 assessed enterprises in {:.1} s", seeded.elapsed().as_secs_f64());
        let token = match tandem_app::auth::create_token_for_email(&app, "staff@tandem.demo", "bench").await {
            Ok(t) => t.secret,
            Err(e) => panic!("token: {e}"),
        };
        let i18n = match I18n::load() {
            Ok(i) => Arc::new(i),
            Err(e) => panic!("i18n: {e}"),
        };
        let router = tandem_web::router(WebState { app: app.clone(), i18n, config: Arc::new(WebConfig::default()) });
        let mut times = Vec::new();
        for n in 0..55 {
            let req = Request::get("/diagnosis?instrument=miit-2022-srdi")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty());
            let Ok(req) = req else { panic!("request") };
            let t = Instant::now();
            let resp = match router.clone().oneshot(req).await {
                Ok(resp) => resp,
                Err(never) => match never {},
            };
            let status = resp.status();
            let body = resp.into_body().collect().await.map(|b| b.to_bytes().len()).unwrap_or(0);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            assert_eq!(status, StatusCode::OK);
            assert!(body > 10_000);
            if n >= 5 {
                times.push(ms);
            }
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        println!(
            "portfolio page over 10,000 assessed enterprises: p50 {:.1} ms, p90 {:.1} ms, max {:.1} ms ({} renders)",
            pct(0.5),
            pct(0.9),
            pct(1.0),
            times.len()
        );
    });
}
