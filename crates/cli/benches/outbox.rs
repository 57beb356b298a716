//! The e-mail outbox against a real SMTP server on loopback (aiosmtpd): how many notices a
//! second it delivers from a full outbox, alone and while bookings are being made as fast as
//! one writer can, on SQLite.
//!
//! `cargo bench -p tandem-cli --bench outbox` (needs `python3 -m pip install aiosmtpd`).
//! `TANDEM_BENCH_NOTICES` sets how many notices each phase sends (default 5,000).

// The bench runs in real time and reads its switches from the environment.
#![allow(clippy::disallowed_methods)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;
use tandem_app::notifications::outbox::{self, Outbox};
use tandem_app::records::EquipmentFilter;
use tandem_app::{App, AppConfig, Page, Rules, SystemClock};
use tandem_test_support::smtp::SmtpSink;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: usize = std::env::var("TANDEM_BENCH_NOTICES").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    let Some(sink) = SmtpSink::start_counting() else {
        println!("skipped: python3 with aiosmtpd is not installed");
        return;
    };
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => panic!("runtime: {e}"),
    };
    rt.block_on(run(sink, n));
}

async fn drain(app: &App, outbox: &Outbox) -> usize {
    let mut sent = 0;
    loop {
        match outbox::deliver_due(app, outbox).await {
            Ok(d) if d.sent + d.failed == 0 => return sent,
            Ok(d) => {
                assert_eq!(d.failed, 0, "no e-mail may fail on loopback");
                sent += d.sent;
            }
            Err(e) => panic!("outbox: {e}"),
        }
    }
}

async fn run(sink: SmtpSink, n: usize) {
    let db = tandem_test_support::sqlite().await;
    let rules = Rules::load().unwrap_or_else(|e| panic!("rules: {e}"));
    let config = AppConfig { email_enabled: true, ..AppConfig::default() };
    let app = App::new(db.db.clone(), rules, Arc::new(SystemClock), config);
    tandem_app::demo::load(&app).await.unwrap_or_else(|e| panic!("demo: {e}"));
    let i18n = Arc::new(tandem_web::I18n::load().unwrap_or_else(|e| panic!("i18n: {e}")));
    let mailer = tandem_mail::SmtpMailer::new(&sink.url(), "Tandem <noreply@tandem.bench>", 8)
        .unwrap_or_else(|e| panic!("mailer: {e}"));
    let mut outbox = Outbox::new(Arc::new(mailer), Arc::new(tandem_web::EmailText(i18n)), "https://tandem.bench");
    outbox.concurrency = 8;
    // The demo's own notices first, so the phases below count only theirs.
    let before = drain(&app, &outbox).await;
    let received = sink.wait_for_count(30, before);
    assert_eq!(received, before);

    println!("# Tandem e-mail outbox — SQLite, a counting aiosmtpd sink on loopback, 8 connections\n");
    println!("| phase | notices | seconds | notices/s | bookings/s beside it |");
    println!("| --- | ---: | ---: | ---: | ---: |");

    tandem_app::testing::enqueue_notices(&app, "student@tandem.demo", n).await.unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let sent = drain(&app, &outbox).await;
    let secs = started.elapsed().as_secs_f64();
    let all = sink.wait_for_count(60, before + n);
    assert_eq!((sent, all), (n, before + n), "every notice arrived once");
    println!("| alone | {n} | {secs:.2} | {:.0} | — |", n as f64 / secs);

    // Bookings made back to back by one writer while the outbox drains the next batch.
    let staff = {
        let token = tandem_app::auth::create_token_for_email(&app, "staff@tandem.demo", "bench")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let resolved = tandem_app::auth::resolve_token(&app, &token.secret)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("token"));
        tandem_app::Ctx { actor: resolved.actor, client_addr: None }
    };
    let (items, _) = tandem_app::sharing::list(&app, &staff, &EquipmentFilter::default(), Page::new(1, 200))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let items: Vec<_> =
        items.into_iter().filter(|e| e.status == "available" && e.approval_mode == "automatic").collect();
    let stop = Arc::new(AtomicBool::new(false));
    let booked = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (app, stop, booked) = (app.clone(), stop.clone(), booked.clone());
        tokio::spawn(async move {
            let day = app.now().div_euclid(86_400) * 86_400 + 3 * 86_400;
            let mut k = 0i64;
            while !stop.load(Ordering::Relaxed) {
                let item = &items[usize::try_from(k).unwrap_or(0) % items.len()];
                let slot = k / i64::try_from(items.len()).unwrap_or(1);
                // 08:00–22:00 China time is 00:00–14:00 UTC: 28 half hours a day.
                let start = day + (slot / 28) * 86_400 + (slot % 28) * 1800;
                if tandem_app::sharing::book(&app, &staff, item.id, start, start + 1800, "基准").await.is_ok() {
                    booked.fetch_add(1, Ordering::Relaxed);
                }
                k += 1;
            }
        })
    };
    tandem_app::testing::enqueue_notices(&app, "teacher@tandem.demo", n).await.unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let sent = drain(&app, &outbox).await;
    let secs = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let _ = writer.await;
    let all = sink.wait_for_count(60, before + 2 * n);
    assert_eq!((sent, all), (n, before + 2 * n), "every notice arrived once");
    println!(
        "| while bookings are made | {n} | {secs:.2} | {:.0} | {:.0} |",
        n as f64 / secs,
        booked.load(Ordering::Relaxed) as f64 / secs
    );
}
