//! Verification outcomes: the round trip, every failure code, tampering with every field.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod support;

use chrono::Duration;
use serde_json::{Value, json};
use support::{awarded, issuer_key, micro_credential, now, signed_micro_credential};
use tandem_credentials::{FailureCode, IssuerKey, StatusReference, Verification, sign, verify};

fn code(credential: &Value) -> Option<FailureCode> {
    verify(credential, now()).failure_code()
}

#[test]
fn signed_micro_credential_verifies() {
    let credential = signed_micro_credential();
    let Verification::Valid(verified) = verify(&credential, now()) else {
        panic!("not valid: {:?}", verify(&credential, now()));
    };
    let key = issuer_key();
    assert_eq!(verified.issuer_did, key.did());
    assert_eq!(verified.verification_method, key.verification_method());
    assert_eq!(verified.credential_id.as_deref(), Some("urn:uuid:5d1c3f3e-6a43-4c1e-9a61-2f3b8e0c7d21"));
    assert_eq!(verified.subject_id.as_deref(), Some("urn:uuid:0b6f1c9e-2d7a-4e55-8f0a-9c3d2e1b4a77"));
    assert_eq!(verified.valid_from, Some(awarded()));
    assert_eq!(verified.proof_created, Some(awarded()));
    assert_eq!(
        verified.status,
        Some(StatusReference {
            list_url: "https://tandem.example/status/2026-1".into(),
            index: 94_567,
            purpose: "revocation".into()
        })
    );
}

#[test]
fn proof_has_the_expected_shape() {
    let credential = signed_micro_credential();
    let proof = credential["proof"].as_object().unwrap();
    assert_eq!(proof["type"], "DataIntegrityProof");
    assert_eq!(proof["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(proof["proofPurpose"], "assertionMethod");
    assert_eq!(proof["created"], "2026-03-14T09:30:00Z");
    assert_eq!(proof["verificationMethod"], issuer_key().verification_method());
    let proof_value = proof["proofValue"].as_str().unwrap();
    assert!(proof_value.starts_with('z') && proof_value.len() > 80);
    // Signing again gives the same proof: Ed25519 is deterministic.
    let key = issuer_key();
    assert_eq!(micro_credential(&key).issue(&key, awarded()).unwrap(), credential);
}

#[test]
fn signing_keeps_every_input_field_unchanged() {
    let key = issuer_key();
    let unsigned = micro_credential(&key).to_json();
    let mut signed = sign(unsigned.clone(), &key, awarded()).unwrap();
    signed.as_object_mut().unwrap().remove("proof");
    assert_eq!(signed, unsigned);
}

/// Every leaf of the credential outside the proof, changed in a way that keeps it well formed,
/// must break the signature.
#[test]
fn changing_any_field_is_detected() {
    let credential = signed_micro_credential();
    let mut paths = Vec::new();
    collect_leaf_paths(&credential, &mut Vec::new(), &mut paths);
    let mut checked = 0;
    for path in paths {
        let top = path[0].as_str();
        if top == "proof" || top == "@context" {
            continue;
        }
        let mut changed = credential.clone();
        let leaf = pointer_mut(&mut changed, &path);
        *leaf = changed_value(leaf);
        let outcome = code(&changed);
        let names_a_type = path.iter().any(|part| part == "type");
        let expected = match (top, path.get(1).map(String::as_str)) {
            ("type", _) => Some(FailureCode::NotOpenBadge),
            ("issuer", Some("id")) => Some(FailureCode::IssuerMismatch),
            // A changed type name is no longer defined by the contexts.
            _ if names_a_type => Some(FailureCode::Malformed),
            _ => Some(FailureCode::Tampered),
        };
        assert_eq!(outcome, expected, "changing {path:?} gave {outcome:?}");
        checked += 1;
    }
    assert!(checked > 30, "only {checked} fields checked");
}

#[test]
fn removing_or_adding_fields_is_detected() {
    let credential = signed_micro_credential();
    for field in ["name", "validUntil", "awardedDate", "credentialStatus", "id"] {
        let mut changed = credential.clone();
        changed.as_object_mut().unwrap().remove(field);
        assert_eq!(code(&changed), Some(FailureCode::Tampered), "removing {field}");
    }
    let mut changed = credential.clone();
    changed["credentialSubject"]["achievement"]["learningOutcome"].as_array_mut().unwrap().pop();
    assert_eq!(code(&changed), Some(FailureCode::Tampered));

    let mut added = credential.clone();
    added["description"] = json!("added later");
    assert_eq!(code(&added), Some(FailureCode::Tampered));

    let mut undefined = credential.clone();
    undefined["credentialSubject"]["grade"] = json!("A");
    let failure = verify(&undefined, now()).into_result().unwrap_err();
    assert_eq!(failure.code, FailureCode::Malformed);
    assert!(failure.message.contains("grade"), "{}", failure.message);
}

#[test]
fn failure_codes() {
    let credential = signed_micro_credential();
    let with = |change: &dyn Fn(&mut Value)| {
        let mut changed = credential.clone();
        change(&mut changed);
        code(&changed)
    };

    assert_eq!(code(&json!("a string")), Some(FailureCode::Malformed));
    assert_eq!(code(&json!([credential.clone()])), Some(FailureCode::Malformed));
    assert_eq!(with(&|c| drop(c.as_object_mut().unwrap().remove("proof"))), Some(FailureCode::Malformed));
    assert_eq!(with(&|c| drop(c.as_object_mut().unwrap().remove("issuer"))), Some(FailureCode::Malformed));
    assert_eq!(with(&|c| drop(c.as_object_mut().unwrap().remove("@context"))), Some(FailureCode::Malformed));
    assert_eq!(with(&|c| c["proof"]["proofValue"] = json!("not multibase")), Some(FailureCode::Malformed));
    assert_eq!(with(&|c| c["credentialStatus"]["statusListIndex"] = json!(7)), Some(FailureCode::Malformed));
    assert_eq!(with(&|c| c["credentialStatus"]["type"] = json!("StatusList2021Entry")), Some(FailureCode::Malformed));

    assert_eq!(
        with(&|c| c["@context"][1] = json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json")),
        Some(FailureCode::UnknownContext)
    );
    assert_eq!(
        with(&|c| c["@context"][0] = json!("https://www.w3.org/2018/credentials/v1")),
        Some(FailureCode::UnknownContext)
    );
    // A remote context nested inside the document is refused by the loader.
    assert_eq!(
        with(&|c| c["credentialSubject"]["@context"] = json!("https://evil.example/context.json")),
        Some(FailureCode::UnknownContext)
    );

    assert_eq!(with(&|c| c["type"] = json!(["VerifiableCredential"])), Some(FailureCode::NotOpenBadge));
    assert_eq!(with(&|c| c["type"] = json!(["OpenBadgeCredential"])), Some(FailureCode::NotOpenBadge));

    assert_eq!(with(&|c| c["proof"]["cryptosuite"] = json!("eddsa-jcs-2022")), Some(FailureCode::UnsupportedProof));
    assert_eq!(with(&|c| c["proof"]["type"] = json!("Ed25519Signature2020")), Some(FailureCode::UnsupportedProof));
    assert_eq!(with(&|c| c["proof"] = json!([c["proof"].clone()])), Some(FailureCode::UnsupportedProof));

    assert_eq!(with(&|c| c["proof"]["proofPurpose"] = json!("authentication")), Some(FailureCode::WrongPurpose));
    assert_eq!(
        with(&|c| drop(c["proof"].as_object_mut().unwrap().remove("proofPurpose"))),
        Some(FailureCode::WrongPurpose)
    );

    assert_eq!(
        with(&|c| c["proof"]["verificationMethod"] = json!("did:web:evil.example#key-1")),
        Some(FailureCode::BadKey)
    );
    assert_eq!(
        with(&|c| c["proof"]["verificationMethod"] = json!("did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76")),
        Some(FailureCode::BadKey)
    );

    assert_eq!(with(&|c| c["name"] = json!("高级数控铣削")), Some(FailureCode::Tampered));
    assert_eq!(with(&|c| c["proof"]["created"] = json!("2026-03-14T09:30:01Z")), Some(FailureCode::Tampered));
    let other_signature = {
        let mut other = micro_credential(&issuer_key());
        other.learner_name = "李四".into();
        other.issue(&issuer_key(), awarded()).unwrap()["proof"]["proofValue"].clone()
    };
    assert_eq!(with(&|c| c["proof"]["proofValue"] = other_signature.clone()), Some(FailureCode::Tampered));
}

#[test]
fn issuer_must_control_the_signing_key() {
    let real_issuer = issuer_key();
    let impostor = IssuerKey::from_seed([9; 32]);
    // The impostor signs a badge in its own name, then relabels the issuer.
    let mut badge = micro_credential(&impostor).issue(&impostor, awarded()).unwrap();
    assert!(verify(&badge, now()).is_valid());
    badge["issuer"]["id"] = json!(real_issuer.did());
    let failure = verify(&badge, now()).into_result().unwrap_err();
    assert_eq!(failure.code, FailureCode::IssuerMismatch);
    assert_eq!(failure.code.as_str(), "issuer_mismatch");

    // The issuer may also be a plain string.
    let key = issuer_key();
    let mut plain = micro_credential(&key).to_json();
    plain["issuer"] = json!(key.did());
    let signed = sign(plain, &key, awarded()).unwrap();
    assert!(verify(&signed, now()).is_valid());
    let mut relabelled = signed.clone();
    relabelled["issuer"] = json!(impostor.did());
    assert_eq!(code(&relabelled), Some(FailureCode::IssuerMismatch));
}

#[test]
fn validity_period() {
    let credential = signed_micro_credential();
    assert_eq!(verify(&credential, awarded() - Duration::seconds(1)).failure_code(), Some(FailureCode::NotYetValid));
    assert!(verify(&credential, awarded()).is_valid());
    let until = credential["validUntil"].as_str().unwrap();
    let until = chrono::DateTime::parse_from_rfc3339(until).unwrap().to_utc();
    assert!(verify(&credential, until).is_valid());
    assert_eq!(verify(&credential, until + Duration::seconds(1)).failure_code(), Some(FailureCode::Expired));

    // Dates must carry a time zone.
    let key = issuer_key();
    let mut unsigned = micro_credential(&key).to_json();
    unsigned["validFrom"] = json!("2026-03-14T09:30:00");
    let mut signed = sign(unsigned, &key, awarded()).unwrap();
    assert_eq!(code(&signed), Some(FailureCode::Malformed));
    signed["validFrom"] = json!("2026-03-14");
    assert_eq!(code(&signed), Some(FailureCode::Malformed));
}

#[test]
fn a_proof_may_repeat_the_document_context() {
    let credential = signed_micro_credential();
    let mut with_context = credential.clone();
    with_context["proof"]["@context"] = credential["@context"].clone();
    assert!(verify(&with_context, now()).is_valid());
    // A shorter proof context is what the document is then checked under: OB terms vanish.
    with_context["proof"]["@context"] = json!(["https://www.w3.org/ns/credentials/v2"]);
    assert_eq!(code(&with_context), Some(FailureCode::Malformed));
    with_context["proof"]["@context"] = json!(["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    assert_eq!(code(&with_context), Some(FailureCode::Malformed));
}

#[test]
fn failure_codes_have_stable_names() {
    let names: Vec<&str> = [
        FailureCode::Malformed,
        FailureCode::UnknownContext,
        FailureCode::NotOpenBadge,
        FailureCode::UnsupportedProof,
        FailureCode::WrongPurpose,
        FailureCode::IssuerMismatch,
        FailureCode::BadKey,
        FailureCode::Tampered,
        FailureCode::NotYetValid,
        FailureCode::Expired,
    ]
    .into_iter()
    .map(FailureCode::as_str)
    .collect();
    assert_eq!(
        names,
        [
            "malformed",
            "unknown_context",
            "not_open_badge",
            "unsupported_proof",
            "wrong_purpose",
            "issuer_mismatch",
            "bad_key",
            "tampered",
            "not_yet_valid",
            "expired"
        ]
    );
}

fn collect_leaf_paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(key.clone());
                collect_leaf_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(index.to_string());
                collect_leaf_paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => out.push(prefix.clone()),
    }
}

fn pointer_mut<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    let pointer: String = path.iter().map(|part| format!("/{}", part.replace('~', "~0").replace('/', "~1"))).collect();
    value.pointer_mut(&pointer).unwrap()
}

/// A different value of the same shape: dates move by a second, digit strings by one, other
/// strings gain a suffix (IRIs stay absolute), numbers grow, booleans flip.
fn changed_value(value: &Value) -> Value {
    match value {
        Value::String(text) => {
            if let Ok(stamp) = chrono::DateTime::parse_from_rfc3339(text) {
                json!((stamp + Duration::seconds(1)).to_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            } else if let Ok(number) = text.parse::<u64>() {
                json!((number + 1).to_string())
            } else {
                json!(format!("{text}x"))
            }
        }
        Value::Number(number) => json!(number.as_f64().unwrap() + 1.0),
        Value::Bool(flag) => json!(!flag),
        other => other.clone(),
    }
}
