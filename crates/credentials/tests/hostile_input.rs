//! Verification never panics and never hangs, whatever it is given.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod support;

use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::{Value, json};
use support::{issuer_key, now, signed_micro_credential};
use tandem_credentials::{FailureCode, sign, signed_statements, verify};

fn assert_refused(credential: &Value) -> FailureCode {
    match verify(credential, now()).failure_code() {
        Some(code) => code,
        None => panic!("accepted: {credential}"),
    }
}

#[test]
fn deeply_nested_values_are_refused() {
    let mut credential = signed_micro_credential();
    let mut deep = json!("bottom");
    for _ in 0..200 {
        deep = json!({"learningOutcome": [deep]});
    }
    credential["credentialSubject"]["achievement"]["learningOutcome"] = deep;
    assert_eq!(assert_refused(&credential), FailureCode::Malformed);

    // serde_json's own parser stops at 128 levels, so hostile text never gets that far.
    let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[test]
fn extreme_numbers_are_refused() {
    let credential = signed_micro_credential();
    let numbers: Vec<Value> = vec![
        json!(1e308),
        json!(-1e300),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(9_007_199_254_740_993_u64),
        json!(1e-300),
        json!(1_234_567_890_123_456.5),
    ];
    for number in numbers {
        for path in
            ["/credentialSubject/creditsEarned", "/credentialSubject/achievement/workloadHours", "/proof/created"]
        {
            let mut changed = credential.clone();
            *changed.pointer_mut(path).unwrap() = number.clone();
            assert_eq!(assert_refused(&changed), FailureCode::Malformed, "{number} at {path}");
        }
    }
    // 1e+400 cannot even be parsed into a serde_json::Value.
    assert!(serde_json::from_str::<Value>(r#"{"creditsEarned": 1e+400}"#).is_err());
}

#[test]
fn wrong_types_everywhere_are_refused() {
    let credential = signed_micro_credential();
    let mut pointers = Vec::new();
    collect_pointers(&credential, String::new(), &mut pointers);
    let replacements = [
        Value::Null,
        json!(true),
        json!(-1.5),
        json!(""),
        json!([]),
        json!({}),
        json!("x".repeat(300)),
        json!([[["nested"]]]),
    ];
    let mut checked = 0;
    for pointer in &pointers {
        for replacement in &replacements {
            let mut changed = credential.clone();
            let slot = changed.pointer_mut(pointer).unwrap();
            if slot == replacement {
                continue;
            }
            *slot = replacement.clone();
            assert_refused(&changed);
            checked += 1;
        }
    }
    assert!(checked > 400, "{checked}");
}

#[test]
fn json_ld_features_that_would_escape_the_signature_are_refused() {
    let credential = signed_micro_credential();
    let cases: Vec<(&str, Value)> = vec![
        ("/credentialSubject/id", json!("_:b0")),
        ("/credentialSubject/id", json!("relative/learner")),
        ("/credentialSubject/achievement/@comment", json!("unsigned note")),
        ("/credentialSubject/@reverse", json!({"https://example.com/p": {"id": "urn:x"}})),
        ("/credentialSubject/@included", json!([{"id": "urn:x"}])),
        ("/credentialSubject/achievement/name", json!({"@value": "x", "@language": "not a tag!"})),
    ];
    for (pointer, value) in cases {
        let mut changed = credential.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        changed.pointer_mut(parent).unwrap().as_object_mut().unwrap().insert(key.to_owned(), value.clone());
        assert_ne!(verify(&changed, now()).failure_code(), None, "{pointer} = {value}");
    }
}

/// RDF canonicalization is exponential in the number of blank nodes it cannot tell apart. These
/// documents are a few kilobytes each; without the tie limit the first takes minutes.
#[test]
fn canonicalization_bombs_are_refused_quickly() {
    let key = issuer_key();
    let mut binary_tree = json!({});
    for _ in 0..8 {
        binary_tree = json!({"learningOutcome": [binary_tree.clone(), binary_tree]});
    }
    let star = json!({"learningOutcome": vec![json!({}); 8]});
    for bomb in [binary_tree, json!([star.clone(), star])] {
        let mut credential = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", {"learningOutcome": "urn:tandem:terms:learningOutcome"}],
            "type": ["VerifiableCredential"],
            "issuer": key.did(),
            "credentialSubject": {"id": "urn:example:learner"},
        });
        credential["credentialSubject"]["learningOutcome"] = bomb;
        let started = Instant::now();
        let refused = sign(credential, &key, now()).unwrap_err();
        assert!(refused.to_string().contains("cannot be told apart"), "{refused}");
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    }
}

#[test]
fn a_few_identical_nested_objects_are_fine() {
    let key = issuer_key();
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", {"learningOutcome": "urn:tandem:terms:learningOutcome"}],
        "type": ["VerifiableCredential"],
        "issuer": key.did(),
        "credentialSubject": {"id": "urn:example:learner", "learningOutcome": [{}, {}, {}]},
    });
    assert!(sign(credential, &key, now()).is_ok());
}

fn collect_pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let pointer = format!("{prefix}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(pointer.clone());
                collect_pointers(child, pointer, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let pointer = format!("{prefix}/{index}");
                out.push(pointer.clone());
                collect_pointers(child, pointer, out);
            }
        }
        _ => {}
    }
}

#[test]
fn a_value_rewritten_as_a_list_of_one_is_the_same_signed_statement() {
    let mut credential = signed_micro_credential();
    // JSON-LD reads a value and a list holding only that value alike, and the proof signs
    // statements, not JSON text; such a rewrite is not tampering.
    credential["credentialSubject"]["identifier"][0]["hashed"] = json!([false]);
    assert!(verify(&credential, now()).is_valid());
    assert_eq!(signed_statements(&credential).unwrap(), signed_statements(&signed_micro_credential()).unwrap());
    credential["credentialSubject"]["identifier"][0]["hashed"] = json!([true]);
    assert_eq!(assert_refused(&credential), FailureCode::Tampered);
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        prop_oneof![
            "[a-zA-Z@:_/#.-]{0,20}",
            Just("https://www.w3.org/ns/credentials/v2".to_owned()),
            Just("OpenBadgeCredential".to_owned()),
            Just("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2".to_owned()),
            Just("_:b0".to_owned()),
        ]
        .prop_map(Value::String),
    ];
    let keys = prop_oneof![
        Just("@context".to_owned()),
        Just("type".to_owned()),
        Just("id".to_owned()),
        Just("issuer".to_owned()),
        Just("proof".to_owned()),
        Just("credentialSubject".to_owned()),
        Just("@id".to_owned()),
        Just("@type".to_owned()),
        Just("@value".to_owned()),
        Just("@list".to_owned()),
        "[a-z@]{1,8}",
    ];
    leaf.prop_recursive(6, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_verifies_or_panics(value in arbitrary_json()) {
        prop_assert!(!verify(&value, now()).is_valid());
    }

    #[test]
    fn arbitrary_json_inside_a_signed_credential_never_verifies_or_panics(
        value in arbitrary_json(),
        which in any::<prop::sample::Index>(),
    ) {
        let mut credential = signed_micro_credential();
        let mut pointers = Vec::new();
        collect_pointers(&credential, String::new(), &mut pointers);
        let pointer = which.get(&pointers).clone();
        let slot = credential.pointer_mut(&pointer).unwrap();
        prop_assume!(*slot != value);
        *slot = value;
        // Only a rewrite that leaves every signed statement as it was may still verify.
        if verify(&credential, now()).is_valid() {
            let original = signed_statements(&signed_micro_credential()).unwrap();
            prop_assert_eq!(signed_statements(&credential).unwrap(), original);
        }
    }
}
