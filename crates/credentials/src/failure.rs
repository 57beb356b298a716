//! Why a credential was refused: a stable code for the application and a message for people.

/// Why a credential was refused; [`FailureCode::as_str`] gives the stable machine code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureCode {
    /// Not a JSON object, a required field missing or of the wrong shape, too large or deep,
    /// unsafe numbers, or terms the contexts do not define.
    Malformed,
    /// A remote `@context` that is not bundled, or not starting with the VC 2.0 context.
    UnknownContext,
    /// The `type` list lacks `VerifiableCredential` or `OpenBadgeCredential`.
    NotOpenBadge,
    /// Not a `DataIntegrityProof` with the `eddsa-rdfc-2022` cryptosuite.
    UnsupportedProof,
    /// `proofPurpose` is not `assertionMethod`.
    WrongPurpose,
    /// The verification method's DID is not the credential's issuer.
    IssuerMismatch,
    /// The verification method is not an Ed25519 `did:key`.
    BadKey,
    /// The signature does not match the content.
    Tampered,
    /// `validFrom` is in the future.
    NotYetValid,
    /// `validUntil` (or the proof's `expires`) has passed.
    Expired,
}

impl FailureCode {
    /// The code as stored and sent over the wire, e.g. `"issuer_mismatch"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::UnknownContext => "unknown_context",
            Self::NotOpenBadge => "not_open_badge",
            Self::UnsupportedProof => "unsupported_proof",
            Self::WrongPurpose => "wrong_purpose",
            Self::IssuerMismatch => "issuer_mismatch",
            Self::BadKey => "bad_key",
            Self::Tampered => "tampered",
            Self::NotYetValid => "not_yet_valid",
            Self::Expired => "expired",
        }
    }
}

impl std::fmt::Display for FailureCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refusal: machine code plus an English explanation (for logs and for people).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct VerificationFailure {
    pub code: FailureCode,
    pub message: String,
}

impl VerificationFailure {
    pub(crate) fn new(code: FailureCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}
