//! The Open Badge builder: the JSON it emits, and that what it emits signs and verifies.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod support;

use serde_json::json;
use support::{awarded, issuer_key, micro_credential, now, signed_micro_credential};
use tandem_credentials::open_badge::{TANDEM_TERMS_NAMESPACE, extension_context};
use tandem_credentials::{CredentialError, Credits, FailureCode, sign, verify};

#[test]
fn eu_micro_credential_output_validates() {
    let credential = signed_micro_credential();
    assert!(verify(&credential, now()).is_valid(), "{:?}", verify(&credential, now()));
}

#[test]
fn emits_an_open_badge_3_credential() {
    let key = issuer_key();
    let credential = micro_credential(&key).to_json();
    assert_eq!(
        credential["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            extension_context()
        ])
    );
    assert_eq!(credential["type"], json!(["VerifiableCredential", "OpenBadgeCredential"]));
    assert_eq!(credential["validFrom"], "2026-03-14T09:30:00Z");
    assert_eq!(credential["awardedDate"], "2026-03-14T09:30:00Z");
    assert_eq!(credential["validUntil"], "2031-03-14T09:30:00Z");
    assert_eq!(
        credential["issuer"],
        json!({
            "id": key.did(),
            "type": ["Profile"],
            "name": "辽宁理工大学",
            "url": "https://tandem.example/",
            "address": {"type": ["Address"], "addressCountry": "中国", "addressCountryCode": "CN"}
        })
    );
    let subject = &credential["credentialSubject"];
    assert_eq!(subject["type"], json!(["AchievementSubject"]));
    assert_eq!(
        subject["identifier"],
        json!([{"type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": "王小明"}])
    );
    assert_eq!(subject["creditsEarned"], json!(2.5));
    let achievement = &subject["achievement"];
    assert_eq!(achievement["type"], json!(["Achievement"]));
    assert_eq!(achievement["achievementType"], "MicroCredential");
    assert_eq!(achievement["criteria"], json!({"narrative": "完成 30 学时培训并通过实操考核。"}));
    assert_eq!(achievement["creditsAvailable"], json!(2.5));
    assert_eq!(achievement["inLanguage"], "zh-CN");
    assert_eq!(achievement["workloadHours"], 30);
    assert_eq!(achievement["qualificationLevel"], "EQF 4");
    assert_eq!(achievement["learningOutcome"].as_array().unwrap().len(), 2);
    assert_eq!(
        credential["credentialStatus"],
        json!({
            "id": "https://tandem.example/status/2026-1#94567",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "94567",
            "statusListCredential": "https://tandem.example/status/2026-1"
        })
    );
}

#[test]
fn extension_terms_live_in_the_tandem_namespace() {
    let context = extension_context();
    let terms = context.as_object().unwrap();
    assert!(terms.len() >= 6);
    for (term, iri) in terms {
        assert_eq!(iri.as_str().unwrap(), format!("{TANDEM_TERMS_NAMESPACE}{term}"));
    }
}

#[test]
fn chinese_text_survives_signing_and_verification() {
    let credential = signed_micro_credential();
    let text = serde_json::to_string(&credential).unwrap();
    for phrase in ["王小明", "数控铣削基础", "辽宁理工大学", "能够编写简单的 G 代码程序"] {
        assert!(text.contains(phrase), "{phrase} missing");
    }
    let reparsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(verify(&reparsed, now()).is_valid());
    let mut renamed = reparsed.clone();
    renamed["credentialSubject"]["identifier"][0]["identityHash"] = json!("王小朋");
    assert_eq!(verify(&renamed, now()).failure_code(), Some(FailureCode::Tampered));
}

#[test]
fn minimal_licence_without_optional_parts_validates() {
    let key = issuer_key();
    let mut licence = micro_credential(&key);
    licence.achievement.achievement_type = "License".into();
    licence.achievement.name = "Equipment authorisation: five-axis machining centre".into();
    licence.achievement.in_language = "en".into();
    licence.achievement.eu = None;
    licence.achievement.credits_available = None;
    licence.achievement.learning_outcomes.clear();
    licence.credits_earned = None;
    licence.valid_until = None;
    licence.status = None;
    let json = licence.to_json();
    for absent in ["validUntil", "credentialStatus"] {
        assert!(json.get(absent).is_none(), "{absent} present");
    }
    assert!(json["credentialSubject"]["achievement"].get("workloadHours").is_none());
    let signed = licence.issue(&key, awarded()).unwrap();
    let verified = verify(&signed, now()).into_result().unwrap();
    assert_eq!(verified.status, None);
    assert_eq!(verified.valid_until, None);
}

#[test]
fn credits_are_integers_when_whole() {
    assert_eq!(Credits::whole(2).to_json(), json!(2));
    assert!(Credits::whole(2).to_json().is_u64());
    assert_eq!(Credits::from_tenths(25).to_json(), json!(2.5));
    assert_eq!(Credits::from_tenths(3).to_json(), json!(0.3));
    assert_eq!(Credits::from_tenths(40).to_json(), json!(4));

    let key = issuer_key();
    let mut whole = micro_credential(&key);
    whole.credits_earned = Some(Credits::whole(3));
    whole.achievement.credits_available = Some(Credits::from_tenths(3));
    assert!(verify(&whole.issue(&key, awarded()).unwrap(), now()).is_valid());
}

#[test]
fn undefined_terms_are_refused_when_signing() {
    let key = issuer_key();
    let mut credential = micro_credential(&key).to_json();
    credential["credentialSubject"]["achievement"]["ectsCredits"] = json!(5);
    let Err(CredentialError::Refused(failure)) = sign(credential, &key, awarded()) else {
        panic!("an undefined term was signed");
    };
    assert_eq!(failure.code, FailureCode::Malformed);
    assert!(failure.message.contains("ectsCredits"), "{}", failure.message);
}

#[test]
fn issuing_with_another_key_is_refused() {
    let key = issuer_key();
    let other = tandem_credentials::IssuerKey::from_seed([1; 32]);
    assert!(matches!(micro_credential(&key).issue(&other, awarded()), Err(CredentialError::IssuerIsNotKey { .. })));
}
