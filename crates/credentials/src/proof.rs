//! The `eddsa-rdfc-2022` cryptosuite of W3C "Data Integrity EdDSA Cryptosuites v1.0", by hand.
//!
//! Creating a proof (spec §3.2): the proof configuration — the proof's own fields without
//! `proofValue`, given the document's `@context` — and the document without its proof are each
//! canonicalized with RDFC-1.0 and hashed with SHA-256; Ed25519 signs
//! `hash(proofConfig) ‖ hash(document)`, and `proofValue` is `z` + base58btc(signature).
//! Verifying recomputes the same bytes. The proof is inserted into the caller's JSON object, so
//! every other key and value is returned exactly as given.

use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::canonical::{CanonicalizationError, canonical_nquads};
use crate::contexts::{self, ContextSet};
use crate::error::CredentialError;
use crate::failure::{FailureCode, VerificationFailure};
use crate::input;
use crate::keys::{IssuerKey, decode_multibase_z, encode_multibase_z};

pub(crate) const PROOF_TYPE: &str = "DataIntegrityProof";
pub(crate) const CRYPTOSUITE: &str = "eddsa-rdfc-2022";
pub(crate) const ASSERTION_METHOD: &str = "assertionMethod";

/// Signs `credential` with an `eddsa-rdfc-2022` Data Integrity proof made by `key`, dated
/// `created` (to the whole second, UTC).
///
/// The credential must pass the same structural checks [`crate::verify`] applies, name only the
/// bundled contexts (inline context objects are fine), carry no proof yet, and name the key's
/// DID as `issuer` (a string or an object's `id`).
pub fn sign(credential: Value, key: &IssuerKey, created: DateTime<Utc>) -> Result<Value, CredentialError> {
    input::check_document(&credential).map_err(|m| refused(FailureCode::Malformed, m))?;
    let Value::Object(document) = credential else {
        return Err(refused(FailureCode::Malformed, "a credential must be a JSON object".into()));
    };
    if document.contains_key("proof") {
        return Err(CredentialError::AlreadySigned);
    }
    check_contexts(&document).map_err(CredentialError::Refused)?;
    let issuer = issuer_id(&document).map_err(CredentialError::Refused)?;
    if issuer != key.did() {
        return Err(CredentialError::IssuerIsNotKey { issuer: issuer.to_owned(), key_did: key.did() });
    }
    let contexts = contexts::bundled().map_err(CredentialError::Internal)?;
    let signed = add_proof(document, key.signing_key(), &key.verification_method(), created, contexts)?;
    Ok(Value::Object(signed))
}

/// Adds the proof to an unsecured document; no policy checks, so the W3C test vector (which
/// uses an HTTPS verification method and the examples context) can run through it too.
pub(crate) fn add_proof(
    mut document: Map<String, Value>,
    signing_key: &SigningKey,
    verification_method: &str,
    created: DateTime<Utc>,
    contexts: &ContextSet,
) -> Result<Map<String, Value>, CredentialError> {
    let mut proof = Map::new();
    proof.insert("type".into(), PROOF_TYPE.into());
    proof.insert("cryptosuite".into(), CRYPTOSUITE.into());
    proof.insert("created".into(), created.to_rfc3339_opts(SecondsFormat::Secs, true).into());
    proof.insert("verificationMethod".into(), verification_method.into());
    proof.insert("proofPurpose".into(), ASSERTION_METHOD.into());
    let hash_data = hash_data(&document, &proof, contexts).map_err(|error| match error {
        CanonicalizationError::Internal(message) => CredentialError::Internal(message),
        other => CredentialError::Refused(canonicalization_failure(other)),
    })?;
    let signature = signing_key.sign(&hash_data);
    proof.insert("proofValue".into(), encode_multibase_z(&signature.to_bytes()).into());
    document.insert("proof".into(), Value::Object(proof));
    Ok(document)
}

/// `SHA-256(canonical proof configuration) ‖ SHA-256(canonical document)`, the signed bytes.
/// `proof_options` must not contain `proofValue`; its `@context`, if any, is replaced by the
/// document's, as the specification requires.
pub(crate) fn hash_data(
    unsecured_document: &Map<String, Value>,
    proof_options: &Map<String, Value>,
    contexts: &ContextSet,
) -> Result<Vec<u8>, CanonicalizationError> {
    let mut proof_config = proof_options.clone();
    proof_config.remove("@context");
    if let Some(context) = unsecured_document.get("@context") {
        proof_config.insert("@context".into(), context.clone());
    }
    let proof_config_hash = Sha256::digest(canonical_nquads(&Value::Object(proof_config), contexts)?);
    let document_hash = Sha256::digest(canonical_nquads(&Value::Object(unsecured_document.clone()), contexts)?);
    Ok([proof_config_hash.as_slice(), document_hash.as_slice()].concat())
}

/// The statements a credential's proof covers: the canonical N-Quads of the document without
/// its `proof`. Two credentials with the same statements carry the same signature, whatever their
/// JSON looks like (JSON-LD reads `x` and `[x]` alike, for example).
pub fn signed_statements(credential: &Value) -> Result<String, VerificationFailure> {
    input::check_document(credential).map_err(|message| VerificationFailure::new(FailureCode::Malformed, message))?;
    let Value::Object(document) = credential else {
        return Err(VerificationFailure::new(FailureCode::Malformed, "a credential must be a JSON object"));
    };
    check_contexts(document)?;
    let mut unsecured = document.clone();
    unsecured.remove("proof");
    let contexts = contexts::bundled().map_err(|message| VerificationFailure::new(FailureCode::Malformed, message))?;
    canonical_nquads(&Value::Object(unsecured), contexts).map_err(canonicalization_failure)
}

/// Decodes `proofValue` into an Ed25519 signature.
pub(crate) fn decode_proof_value(proof_value: &str) -> Result<Signature, String> {
    let bytes = decode_multibase_z(proof_value).map_err(|_| "proofValue is not base58btc multibase".to_owned())?;
    let bytes: [u8; 64] = bytes.try_into().map_err(|_| "proofValue is not a 64-byte Ed25519 signature".to_owned())?;
    Ok(Signature::from_bytes(&bytes))
}

/// Strict verification: also refuses small-order keys and non-canonical signatures, which no
/// honest signer produces.
pub(crate) fn signature_matches(key: &VerifyingKey, hash_data: &[u8], signature: &Signature) -> bool {
    key.verify_strict(hash_data, signature).is_ok()
}

/// `@context` must start with the VC 2.0 context, and every remote context must be bundled.
/// Nested `@context` entries are left to the loader, which refuses unknown URLs the same way.
pub(crate) fn check_contexts(document: &Map<String, Value>) -> Result<(), VerificationFailure> {
    let entries: Vec<&Value> = match document.get("@context") {
        Some(Value::Array(entries)) => entries.iter().collect(),
        Some(single @ Value::String(_)) => vec![single],
        Some(_) => return Err(VerificationFailure::new(FailureCode::Malformed, "@context must be a list")),
        None => return Err(VerificationFailure::new(FailureCode::Malformed, "@context is missing")),
    };
    if entries.first().and_then(|first| first.as_str()) != Some(contexts::CREDENTIALS_V2_URL) {
        return Err(VerificationFailure::new(
            FailureCode::UnknownContext,
            format!("the first @context must be {}", contexts::CREDENTIALS_V2_URL),
        ));
    }
    for entry in entries {
        match entry {
            Value::String(url) if contexts::is_bundled_context(url) => {}
            Value::String(url) => return Err(unknown_context(url)),
            Value::Object(_) => {}
            _ => {
                return Err(VerificationFailure::new(
                    FailureCode::Malformed,
                    "@context entries must be URLs or objects",
                ));
            }
        }
    }
    Ok(())
}

/// The issuer's identifier: `issuer` itself when it is a string, else `issuer.id`.
pub(crate) fn issuer_id(document: &Map<String, Value>) -> Result<&str, VerificationFailure> {
    match document.get("issuer") {
        Some(Value::String(id)) => Ok(id),
        Some(Value::Object(profile)) => match profile.get("id") {
            Some(Value::String(id)) => Ok(id),
            _ => Err(VerificationFailure::new(FailureCode::Malformed, "issuer has no id")),
        },
        Some(_) => Err(VerificationFailure::new(FailureCode::Malformed, "issuer must be a string or an object")),
        None => Err(VerificationFailure::new(FailureCode::Malformed, "issuer is missing")),
    }
}

pub(crate) fn unknown_context(url: &str) -> VerificationFailure {
    VerificationFailure::new(
        FailureCode::UnknownContext,
        format!("context {} is not bundled; nothing is fetched at run time", url.chars().take(200).collect::<String>()),
    )
}

/// Maps a canonicalization problem to the failure a verifier reports.
pub(crate) fn canonicalization_failure(error: CanonicalizationError) -> VerificationFailure {
    match error {
        CanonicalizationError::UnknownContext(url) => unknown_context(&url),
        other => VerificationFailure::new(FailureCode::Malformed, other.to_string()),
    }
}

fn refused(code: FailureCode, message: String) -> CredentialError {
    CredentialError::Refused(VerificationFailure::new(code, message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// W3C vc-di-eddsa, TestVectors/eddsa-rdfc-2022: the unsigned "Alumni Credential", the
    /// test key pair (TestVectors/keyPair.json), its `created` and verification method, and the
    /// published `proofValue` (sigBTC58DataInt.txt). Ed25519 is deterministic, so the same
    /// inputs must give the same signature byte for byte.
    #[test]
    fn reproduces_the_w3c_eddsa_rdfc_2022_test_vector() {
        const EXAMPLES_V2_URL: &str = "https://www.w3.org/ns/credentials/examples/v2";
        const EXAMPLES_V2_TEXT: &str = r#"{"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}"#;
        let contexts = contexts::bundled().unwrap().clone().with(EXAMPLES_V2_URL, EXAMPLES_V2_TEXT).unwrap();
        let unsigned = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
            "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
            "type": ["VerifiableCredential", "AlumniCredential"],
            "name": "Alumni Credential",
            "description": "A minimum viable example of an Alumni Credential.",
            "issuer": "https://vc.example/issuers/5678",
            "validFrom": "2023-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"}
        });
        let key = IssuerKey::from_multibase_secret("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq").unwrap();
        let created = DateTime::parse_from_rfc3339("2023-02-24T23:36:38Z").unwrap().with_timezone(&Utc);
        let verification_method = "https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

        let Value::Object(document) = unsigned else { unreachable!() };
        let mut proof_options = Map::new();
        for (name, value) in [
            ("type", PROOF_TYPE),
            ("cryptosuite", CRYPTOSUITE),
            ("created", "2023-02-24T23:36:38Z"),
            ("verificationMethod", verification_method),
            ("proofPurpose", ASSERTION_METHOD),
        ] {
            proof_options.insert(name.into(), value.into());
        }
        // proofCanonDataInt.txt
        let mut proof_config = proof_options.clone();
        proof_config.insert("@context".into(), document["@context"].clone());
        assert_eq!(
            canonical_nquads(&Value::Object(proof_config), &contexts).unwrap(),
            "_:c14n0 <http://purl.org/dc/terms/created> \"2023-02-24T23:36:38Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n\
             _:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/security#DataIntegrityProof> .\n\
             _:c14n0 <https://w3id.org/security#cryptosuite> \"eddsa-rdfc-2022\"^^<https://w3id.org/security#cryptosuiteString> .\n\
             _:c14n0 <https://w3id.org/security#proofPurpose> <https://w3id.org/security#assertionMethod> .\n\
             _:c14n0 <https://w3id.org/security#verificationMethod> <https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2> .\n"
        );
        // combinedHashDataInt.txt: SHA-256(proof configuration) ‖ SHA-256(document)
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let combined = hash_data(&document, &proof_options, &contexts).unwrap();
        assert_eq!(
            hex(&combined),
            "4c4d3890a157f8d611b13c265c2c22f39aa0a567c7c7dd9ba3e45cd579784eeb517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"
        );

        let signed = add_proof(document, key.signing_key(), verification_method, created, &contexts).unwrap();
        assert_eq!(
            signed["proof"]["proofValue"],
            "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9"
        );
        assert_eq!(signed["proof"]["created"], "2023-02-24T23:36:38Z");
    }

    #[test]
    fn sign_refuses_what_verify_would_refuse() {
        let key = IssuerKey::from_seed([1; 32]);
        let now = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        let base = json!({
            "@context": [contexts::CREDENTIALS_V2_URL],
            "type": ["VerifiableCredential"],
            "issuer": key.did(),
            "credentialSubject": {"id": "urn:example:subject"}
        });
        assert!(sign(base.clone(), &key, now).is_ok());

        let mut other_issuer = base.clone();
        other_issuer["issuer"] = json!(IssuerKey::from_seed([2; 32]).did());
        assert!(matches!(sign(other_issuer, &key, now), Err(CredentialError::IssuerIsNotKey { .. })));

        let mut remote = base.clone();
        remote["@context"] = json!([contexts::CREDENTIALS_V2_URL, "https://w3id.org/security/data-integrity/v2"]);
        assert!(
            matches!(sign(remote, &key, now), Err(CredentialError::Refused(f)) if f.code == FailureCode::UnknownContext)
        );

        let mut undefined = base.clone();
        undefined["issuanceDate"] = json!("2020-01-01T00:00:00Z");
        assert!(
            matches!(sign(undefined, &key, now), Err(CredentialError::Refused(f)) if f.message.contains("issuanceDate"))
        );

        let signed = sign(base, &key, now).unwrap();
        assert_eq!(sign(signed, &key, now), Err(CredentialError::AlreadySigned));
        assert!(matches!(sign(json!([1]), &key, now), Err(CredentialError::Refused(_))));
    }
}
