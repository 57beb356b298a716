//! Time to issue (build + sign) and to verify a typical EU micro-credential, one thread.
//!
//! `cargo bench -p tandem-credentials --bench credential` — prints the median and worst of
//! 200 runs each. The target is under 20 ms for either on the 2-core development machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use tandem_credentials::{
    Achievement, AchievementCredential, Credits, EuMicroCredential, Issuer, IssuerKey, StatusEntry, verify,
};

const RUNS: usize = 200;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let key = IssuerKey::from_seed([42; 32]);
    let Some(awarded) = Utc.with_ymd_and_hms(2026, 3, 14, 9, 30, 0).single() else { panic!("bad date") };
    let Some(now) = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).single() else { panic!("bad date") };
    let badge = AchievementCredential {
        id: "urn:uuid:5d1c3f3e-6a43-4c1e-9a61-2f3b8e0c7d21".into(),
        issuer: Issuer {
            did: key.did(),
            name: "辽宁理工大学".into(),
            url: "http://127.0.0.1:8080".into(),
            country_name: "中国".into(),
            country_code: "CN".into(),
        },
        subject_id: "urn:uuid:0b6f1c9e-2d7a-4e55-8f0a-9c3d2e1b4a77".into(),
        learner_name: "王小明".into(),
        awarded,
        valid_until: None,
        achievement: Achievement {
            id: "https://tandem.example/achievements/cnc-milling-basics".into(),
            achievement_type: "MicroCredential".into(),
            name: "数控铣削基础".into(),
            description: "在企业导师指导下完成三轴数控铣床的安全操作与基础编程。".into(),
            criteria_narrative: "完成 30 学时培训并通过实操考核。".into(),
            credits_available: Some(Credits::from_tenths(25)),
            learning_outcomes: vec!["能够按照安全规程操作三轴数控铣床".into(), "能够编写简单的 G 代码程序".into()],
            in_language: "zh-CN".into(),
            eu: Some(EuMicroCredential {
                workload_hours: 30,
                level: Some("EQF 4".into()),
                assessment_type: "实操考核".into(),
                participation_form: "现场".into(),
                quality_assurance: "企业与学院联合评审".into(),
            }),
        },
        credits_earned: Some(Credits::from_tenths(25)),
        status: Some(StatusEntry { list_url: "https://tandem.example/status/2026-1".into(), index: 94_567 }),
    };

    let issue = || match black_box(&badge).issue(&key, awarded) {
        Ok(signed) => signed,
        Err(e) => panic!("issuing failed: {e}"),
    };
    let signed = issue();
    report("issue (build + sign)", || drop(black_box(issue())));
    report("verify", || assert!(verify(black_box(&signed), now).is_valid()));
}

fn report(label: &str, mut run: impl FnMut()) {
    for _ in 0..10 {
        run();
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[RUNS / 2];
    let worst = times[RUNS - 1];
    println!(
        "{label}: median {:.2} ms, worst {:.2} ms over {RUNS} runs",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3
    );
}
