//! Errors from issuing-side operations. Verification reports through
//! [`crate::Verification`] instead, because a refused credential is an expected outcome there.

use crate::failure::VerificationFailure;
use crate::keys::KeyError;

/// Why a credential or status list could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// The document would be refused by [`crate::verify`] (same code and message), so it is not
    /// signed: the issuer learns about the problem instead of the holder.
    #[error("{0}")]
    Refused(VerificationFailure),
    /// The document already carries a `proof`; adding a second one is not supported.
    #[error("the document is already signed")]
    AlreadySigned,
    /// The document names an issuer other than the signing key's DID.
    #[error("issuer {issuer} is not the signing key's DID {key_did}")]
    IssuerIsNotKey { issuer: String, key_did: String },
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("status list: {0}")]
    StatusList(String),
    /// A bundled resource or library failed in a way that is not the caller's fault.
    #[error("internal error: {0}")]
    Internal(String),
}
