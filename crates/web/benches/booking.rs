//! Equipment booking in process: a month's availability of one item, and bookings created one
//! after another across different items — on SQLite, and on PostgreSQL when
//! `TANDEM_TEST_POSTGRES_URL` is set.
//!
//! `cargo bench -p tandem-web --bench booking`

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use std::sync::Arc;
use std::time::{Duration, Instant};
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
        for db in tandem_test_support::all_backends().await {
            println!("== {}", db.db.backend_name());
            run(db).await;
        }
    });
}

async fn run(db: tandem_test_support::TestDb) {
    let rules = match Rules::load() {
        Ok(r) => r,
        Err(e) => panic!("rules: {e}"),
    };
    let app = App::new(db.db.clone(), rules, Arc::new(SystemClock), AppConfig::default());
    if let Err(e) = tandem_app::demo::load(&app).await {
        panic!("demo: {e}");
    }
    let token = match tandem_app::auth::create_token_for_email(&app, "staff@tandem.demo", "bench").await {
        Ok(t) => t.secret,
        Err(e) => panic!("token: {e}"),
    };
    let i18n = match I18n::load() {
        Ok(i) => Arc::new(i),
        Err(e) => panic!("i18n: {e}"),
    };
    let router = tandem_web::router(WebState { app: app.clone(), i18n, config: Arc::new(WebConfig::default()) });
    let send = |req: Request<Body>| {
        let router = router.clone();
        async move {
            match router.oneshot(req).await {
                Ok(r) => r.status(),
                Err(never) => match never {},
            }
        }
    };
    let post = |path: String, body: String| {
        Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
    };
    // Automatic items without training are every third demo item, starting at id 3.
    let day0 = tomorrow();
    let slot = |d: i64, h: u32| format!("{}T{h:02}:00:00+08:00", day0 + chrono::Duration::days(d));
    // A busy month on item 3: two bookings a day.
    for d in 0..30 {
        for h in [9, 14] {
            let Ok(req) = post(
                "/api/v1/equipment/3/bookings".into(),
                format!(r#"{{"start":"{}","end":"{}","purpose":"bench"}}"#, slot(d, h), slot(d, h + 2)),
            ) else {
                panic!("request")
            };
            assert_eq!(send(req).await, StatusCode::CREATED);
        }
    }
    let from = format!("{}T00:00:00%2B08:00", day0);
    let to = format!("{}T00:00:00%2B08:00", day0 + chrono::Duration::days(31));
    let mut times = Vec::new();
    for _ in 0..1000 {
        let Ok(req) = Request::get(format!("/api/v1/equipment/3/availability?from={from}&to={to}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
        else {
            panic!("request")
        };
        let t = Instant::now();
        assert_eq!(send(req).await, StatusCode::OK);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let p = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!("availability of one item for a month (60 bookings): p50 {:.2} ms, p99 {:.2} ms", p(0.5), p(0.99));

    // Bookings created back to back across the automatic items for five seconds.
    let items: Vec<i64> = (0..100).map(|k| 6 + 3 * k).collect();
    let start = Instant::now();
    let mut n = 0usize;
    let mut k = 0usize;
    while start.elapsed() < Duration::from_secs(5) {
        let item = items[k % items.len()];
        let d = (k / items.len()) as i64 % 55;
        let h = 8 + ((k / (items.len() * 55)) % 12) as u32;
        k += 1;
        let Ok(req) = post(
            format!("/api/v1/equipment/{item}/bookings"),
            format!(r#"{{"start":"{}","end":"{}","purpose":"bench"}}"#, slot(d + 1, h), slot(d + 1, h + 1)),
        ) else {
            panic!("request")
        };
        if send(req).await == StatusCode::CREATED {
            n += 1;
        }
    }
    println!(
        "bookings created one after another: {:.0} per second ({n} in {:.1} s)",
        n as f64 / start.elapsed().as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
}

/// Bookings must lie ahead of the real clock the app under test reads.
#[allow(clippy::disallowed_methods)]
fn tomorrow() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::days(1)).date_naive()
}
