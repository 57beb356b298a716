//! A typical micro-credential shared by the integration tests.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use tandem_credentials::{
    Achievement, AchievementCredential, Credits, EuMicroCredential, Issuer, IssuerKey, StatusEntry,
};

pub fn issuer_key() -> IssuerKey {
    IssuerKey::from_seed([42; 32])
}

pub fn awarded() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 14, 9, 30, 0).single().expect("valid date")
}

/// A moment when the sample credential is valid.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).single().expect("valid date")
}

pub fn micro_credential(key: &IssuerKey) -> AchievementCredential {
    AchievementCredential {
        id: "urn:uuid:5d1c3f3e-6a43-4c1e-9a61-2f3b8e0c7d21".into(),
        issuer: Issuer {
            did: key.did(),
            name: "辽宁理工大学".into(),
            url: "https://tandem.example/".into(),
            country_name: "中国".into(),
            country_code: "CN".into(),
        },
        subject_id: "urn:uuid:0b6f1c9e-2d7a-4e55-8f0a-9c3d2e1b4a77".into(),
        learner_name: "王小明".into(),
        awarded: awarded(),
        valid_until: Some(Utc.with_ymd_and_hms(2031, 3, 14, 9, 30, 0).single().expect("valid date")),
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
    }
}

/// The sample, signed once per test binary.
pub fn signed_micro_credential() -> serde_json::Value {
    static SIGNED: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    SIGNED
        .get_or_init(|| {
            let key = issuer_key();
            micro_credential(&key).issue(&key, awarded()).expect("signs")
        })
        .clone()
}
