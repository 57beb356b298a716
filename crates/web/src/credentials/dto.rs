//! The shapes of the credentials API. The credential itself is an Open Badges 3.0 document
//! (JSON-LD, W3C VC 2.0) whose shape the standard fixes and whose bytes the proof signs, so it
//! is described as an object and served exactly as issued; what Tandem says about it is typed.

use crate::http::format::rfc3339;
use crate::http::json::Loose;
use serde::{Deserialize, Serialize};
use tandem_app::credentials::{Check, Credential};
use utoipa::ToSchema;

/// An `OpenBadgeCredential` with its `DataIntegrityProof` (cryptosuite `eddsa-rdfc-2022`), as
/// Open Badges 3.0 defines it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct CredentialDocument(pub serde_json::Value);

/// The person a credential was issued to.
#[derive(Debug, Serialize, ToSchema)]
pub struct CredentialHolder {
    pub id: i64,
    pub name: String,
}

/// What the credential attests: `micro_degree` with the enrolment's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct CredentialSource {
    pub kind: String,
    pub id: i64,
}

/// An issued credential as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CredentialSummary {
    pub id: String,
    pub title: String,
    pub holder: CredentialHolder,
    pub source: CredentialSource,
    pub issued_at: String,
    pub revoked_at: Option<String>,
    /// Why it was revoked (the list is only the holder's own, or staff's).
    pub revocation_reason: Option<String>,
    /// Where to fetch the signed document.
    pub href: String,
}

impl From<&Credential> for CredentialSummary {
    fn from(r: &Credential) -> Self {
        Self {
            id: r.id.clone(),
            title: r.title.clone(),
            holder: CredentialHolder { id: r.holder_id, name: r.holder_name.clone() },
            source: CredentialSource { kind: r.source_kind.clone(), id: r.source_id },
            issued_at: rfc3339(r.issued_at),
            revoked_at: r.revoked_at.map(rfc3339),
            revocation_reason: r.revocation_reason.clone(),
            href: format!("/api/v1/credentials/{}", r.id),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Credentials {
    pub items: Vec<CredentialSummary>,
}

/// The outcome of checking a credential: signed by its issuer (`valid`, or `revoked` for one of
/// Tandem's), or refused with the reason's code.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum CredentialVerdict {
    Signed(SignedVerdict),
    Refused(RefusedVerdict),
}

/// The signature holds and the issuer is bound to the key.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedVerdict {
    /// `valid` or `revoked`.
    pub result: String,
    pub valid: bool,
    /// The issuer's `did:key`.
    pub issuer: String,
    pub credential_id: Option<String>,
    /// When Tandem revoked it; the reason is not given to whoever asks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// Whether revocation was checked: only for Tandem's own credentials, since another
    /// issuer's status list is never downloaded.
    pub revocation_checked: bool,
}

/// The credential was refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusedVerdict {
    /// Why: `tampered`, `issuer_mismatch`, `malformed`, `unknown_context`, `not_open_badge`,
    /// `unsupported_proof`, `wrong_purpose`, `bad_key`, `not_yet_valid` or `expired`.
    pub result: String,
    /// Always false.
    pub valid: bool,
    pub message: String,
}

impl From<&Check> for CredentialVerdict {
    fn from(check: &Check) -> Self {
        match check {
            Check::Valid { verified, ours } => Self::Signed(SignedVerdict {
                result: check.code().to_owned(),
                valid: true,
                issuer: verified.issuer_did.clone(),
                credential_id: verified.credential_id.clone(),
                revoked_at: None,
                revocation_checked: *ours,
            }),
            // The reason is a note about the holder: for the holder and staff, not for anyone who asks.
            Check::Revoked { verified, at, .. } => Self::Signed(SignedVerdict {
                result: check.code().to_owned(),
                valid: false,
                issuer: verified.issuer_did.clone(),
                credential_id: verified.credential_id.clone(),
                revoked_at: Some(rfc3339(*at)),
                revocation_checked: true,
            }),
            Check::Invalid { message, .. } => Self::Refused(RefusedVerdict {
                result: check.code().to_owned(),
                valid: false,
                message: message.clone(),
            }),
        }
    }
}

/// Why a credential is revoked (required; at most 500 characters).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevocationRequest {
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub reason: Option<Loose>,
}
