//! Verifying an Open Badge: every check a relying party needs except revocation.
//!
//! ssi's verifier, per the spike, skipped two checks Digital Bazaar's verifier makes (the
//! issuer must control the signing key; the proof purpose must be `assertionMethod`) and
//! panicked on some numbers. This verifier makes both checks, refuses hostile input before the
//! JSON-LD machinery sees it, and reports each refusal with a stable code for the application
//! and a message for people. Revocation stays with the application, which owns its status
//! lists: the parsed `credentialStatus` is handed back in [`VerifiedCredential::status`].

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::contexts;
pub use crate::failure::{FailureCode, VerificationFailure};
use crate::input;
use crate::keys::{KeyError, resolve_did_key};
use crate::proof::{self, ASSERTION_METHOD, CRYPTOSUITE, PROOF_TYPE};

/// Where to look up whether the credential has been revoked (a Bitstring Status List entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReference {
    /// `statusListCredential`: the URL of the status list credential.
    pub list_url: String,
    /// `statusListIndex`: the bit to read.
    pub index: u64,
    /// `statusPurpose`, e.g. `revocation`.
    pub purpose: String,
}

/// What a valid credential vouches for, as far as the application needs it without re-reading
/// the JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedCredential {
    /// The issuer's `did:key`, proven by the signature.
    pub issuer_did: String,
    /// `proof.verificationMethod`.
    pub verification_method: String,
    /// The credential's `id`, if it has one.
    pub credential_id: Option<String>,
    /// `credentialSubject.id`, if the subject has one.
    pub subject_id: Option<String>,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
    /// `proof.created`, if present.
    pub proof_created: Option<DateTime<Utc>>,
    /// The `credentialStatus` entry; checking it is the application's job.
    pub status: Option<StatusReference>,
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Valid(VerifiedCredential),
    Invalid(VerificationFailure),
}

impl Verification {
    pub fn is_valid(&self) -> bool {
        matches!(self, Self::Valid(_))
    }

    /// The failure code, or `None` when valid.
    pub fn failure_code(&self) -> Option<FailureCode> {
        match self {
            Self::Valid(_) => None,
            Self::Invalid(failure) => Some(failure.code),
        }
    }

    pub fn into_result(self) -> Result<VerifiedCredential, VerificationFailure> {
        match self {
            Self::Valid(verified) => Ok(verified),
            Self::Invalid(failure) => Err(failure),
        }
    }
}

/// Verifies an Open Badges 3.0 credential with an `eddsa-rdfc-2022` proof at time `now`.
/// Never panics and never touches the network, whatever `credential` contains.
pub fn verify(credential: &Value, now: DateTime<Utc>) -> Verification {
    let outcome = verify_secured(credential, now, &["OpenBadgeCredential", "AchievementCredential"], || {
        VerificationFailure::new(
            FailureCode::NotOpenBadge,
            "type must include VerifiableCredential and OpenBadgeCredential",
        )
    });
    match outcome {
        Ok(verified) => Verification::Valid(verified),
        Err(failure) => Verification::Invalid(failure),
    }
}

/// The checks shared by every credential kind; `kinds` lists the acceptable second types.
pub(crate) fn verify_secured(
    credential: &Value,
    now: DateTime<Utc>,
    kinds: &[&str],
    wrong_kind: impl Fn() -> VerificationFailure,
) -> Result<VerifiedCredential, VerificationFailure> {
    input::check_document(credential).map_err(|message| malformed(&message))?;
    let Value::Object(secured) = credential else {
        return Err(malformed("a credential must be a JSON object"));
    };
    proof::check_contexts(secured)?;
    let types =
        string_list(secured.get("type")).ok_or_else(|| malformed("type must be a string or a list of strings"))?;
    if !types.contains(&"VerifiableCredential") || !kinds.iter().any(|kind| types.contains(kind)) {
        return Err(wrong_kind());
    }

    let proof = match secured.get("proof") {
        Some(Value::Object(proof)) => proof,
        Some(Value::Array(_)) => return Err(unsupported_proof("proof sets (several proofs) are not supported")),
        Some(_) => return Err(malformed("proof must be an object")),
        None => return Err(malformed("the credential has no proof")),
    };
    if proof.get("type").and_then(Value::as_str) != Some(PROOF_TYPE) {
        return Err(unsupported_proof("proof type must be DataIntegrityProof"));
    }
    if proof.get("cryptosuite").and_then(Value::as_str) != Some(CRYPTOSUITE) {
        return Err(unsupported_proof("cryptosuite must be eddsa-rdfc-2022"));
    }
    if proof.get("proofPurpose").and_then(Value::as_str) != Some(ASSERTION_METHOD) {
        return Err(VerificationFailure::new(FailureCode::WrongPurpose, "proofPurpose must be assertionMethod"));
    }
    let verification_method = proof
        .get("verificationMethod")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_key("verificationMethod is missing"))?;
    let resolved = resolve_did_key(verification_method).map_err(|error| bad_key(&error.to_string()))?;
    let verifying_key = resolved.verifying_key().map_err(|error: KeyError| bad_key(&error.to_string()))?;
    let issuer = proof::issuer_id(secured)?;
    if issuer != resolved.did {
        return Err(VerificationFailure::new(
            FailureCode::IssuerMismatch,
            format!("the proof was made with {}, but the issuer is {}", resolved.did, shorten(issuer)),
        ));
    }
    let signature = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("proofValue is missing"))
        .and_then(|value| proof::decode_proof_value(value).map_err(|message| malformed(&message)))?;

    let valid_from = optional_timestamp(secured, "validFrom")?;
    let valid_until = optional_timestamp(secured, "validUntil")?;
    let proof_created = optional_timestamp(proof, "created")?;
    let proof_expires = optional_timestamp(proof, "expires")?;
    if let Some(Value::String(_)) = secured.get("issuanceDate") {
        return Err(malformed("issuanceDate is VC 1.1; VC 2.0 credentials use validFrom"));
    }
    let status = status_reference(secured)?;
    check_proof_context(secured, proof)?;

    let mut unsecured = secured.clone();
    unsecured.remove("proof");
    // Spec step: a proof that states its own @context is checked against that context.
    if let Some(proof_context) = proof.get("@context") {
        unsecured.insert("@context".into(), proof_context.clone());
    }
    let mut proof_options = proof.clone();
    proof_options.remove("proofValue");
    let contexts = contexts::bundled().map_err(|message| malformed(&message))?;
    let hash_data = proof::hash_data(&unsecured, &proof_options, contexts).map_err(proof::canonicalization_failure)?;
    if !proof::signature_matches(&verifying_key, &hash_data, &signature) {
        return Err(VerificationFailure::new(
            FailureCode::Tampered,
            "the signature does not match the content: the credential was changed after signing or signed by another key",
        ));
    }

    if let Some(from) = valid_from.filter(|from| now < *from) {
        return Err(VerificationFailure::new(
            FailureCode::NotYetValid,
            format!("valid only from {}", from.to_rfc3339()),
        ));
    }
    if let Some(until) = valid_until.filter(|until| now > *until) {
        return Err(VerificationFailure::new(FailureCode::Expired, format!("expired at {}", until.to_rfc3339())));
    }
    if let Some(expires) = proof_expires.filter(|expires| now > *expires) {
        return Err(VerificationFailure::new(
            FailureCode::Expired,
            format!("the proof expired at {}", expires.to_rfc3339()),
        ));
    }

    Ok(VerifiedCredential {
        issuer_did: resolved.did,
        verification_method: verification_method.to_owned(),
        credential_id: secured.get("id").and_then(Value::as_str).map(str::to_owned),
        subject_id: secured
            .get("credentialSubject")
            .and_then(|s| s.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        valid_from,
        valid_until,
        proof_created,
        status,
    })
}

/// A proof may carry its own `@context`; the Data Integrity spec requires it to be a prefix of
/// the document's, so a proof cannot be moved under different term definitions.
fn check_proof_context(secured: &Map<String, Value>, proof: &Map<String, Value>) -> Result<(), VerificationFailure> {
    let Some(proof_context) = proof.get("@context") else {
        return Ok(());
    };
    let as_list = |value: Option<&Value>| match value {
        Some(Value::Array(entries)) => entries.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    };
    let document_context = as_list(secured.get("@context"));
    let proof_context = as_list(Some(proof_context));
    if document_context.starts_with(&proof_context) {
        Ok(())
    } else {
        Err(malformed("the proof's @context does not match the credential's"))
    }
}

/// XSD `dateTimeStamp`: RFC 3339 with `T` and a mandatory time zone (`Z` or an offset).
pub(crate) fn optional_timestamp(
    object: &Map<String, Value>,
    field: &str,
) -> Result<Option<DateTime<Utc>>, VerificationFailure> {
    let Some(value) = object.get(field) else {
        return Ok(None);
    };
    let text = value.as_str().ok_or_else(|| malformed(&format!("{field} must be a string")))?;
    if text.as_bytes().get(10) != Some(&b'T') {
        return Err(malformed(&format!("{field} is not a date-time with a time zone: {}", shorten(text))));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|stamp| Some(stamp.with_timezone(&Utc)))
        .map_err(|_| malformed(&format!("{field} is not a date-time with a time zone: {}", shorten(text))))
}

/// Parses `credentialStatus` when present. An entry this crate cannot read is a refusal, not a
/// silent pass: the application could not check revocation for it.
fn status_reference(secured: &Map<String, Value>) -> Result<Option<StatusReference>, VerificationFailure> {
    let entry = match secured.get("credentialStatus") {
        None => return Ok(None),
        Some(Value::Object(entry)) => entry,
        Some(Value::Array(entries)) => match entries.as_slice() {
            [Value::Object(entry)] => entry,
            _ => return Err(malformed("credentialStatus must be a single BitstringStatusListEntry")),
        },
        Some(_) => return Err(malformed("credentialStatus must be an object")),
    };
    let types = string_list(entry.get("type")).unwrap_or_default();
    if !types.contains(&"BitstringStatusListEntry") {
        return Err(malformed("credentialStatus must be a BitstringStatusListEntry"));
    }
    let field = |name: &str| {
        entry.get(name).and_then(Value::as_str).ok_or_else(|| malformed(&format!("credentialStatus.{name} is missing")))
    };
    let index_text = field("statusListIndex")?;
    let index = (index_text.len() <= 19 && index_text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| index_text.parse::<u64>().ok())
        .flatten()
        .ok_or_else(|| malformed("credentialStatus.statusListIndex must be a decimal integer in a string"))?;
    Ok(Some(StatusReference {
        list_url: field("statusListCredential")?.to_owned(),
        index,
        purpose: field("statusPurpose")?.to_owned(),
    }))
}

/// A JSON-LD `type` value: one string or a list of strings.
pub(crate) fn string_list(value: Option<&Value>) -> Option<Vec<&str>> {
    match value? {
        Value::String(single) => Some(vec![single.as_str()]),
        Value::Array(items) => items.iter().map(Value::as_str).collect(),
        _ => None,
    }
}

fn malformed(message: &str) -> VerificationFailure {
    VerificationFailure::new(FailureCode::Malformed, message)
}

fn unsupported_proof(message: &str) -> VerificationFailure {
    VerificationFailure::new(FailureCode::UnsupportedProof, message)
}

fn bad_key(message: &str) -> VerificationFailure {
    VerificationFailure::new(FailureCode::BadKey, message)
}

fn shorten(text: &str) -> String {
    text.chars().take(120).collect()
}
