//! Verifiable credentials for Tandem: Open Badges 3.0 awards that any wallet or verifier can
//! check without asking Tandem.
//!
//! A credential is a W3C Verifiable Credential 2.0 of type `OpenBadgeCredential` with an
//! embedded Data Integrity proof (`DataIntegrityProof`, cryptosuite `eddsa-rdfc-2022`,
//! purpose `assertionMethod`) made by the issuer's Ed25519 `did:key`. This crate builds
//! ([`AchievementCredential`]), signs ([`sign`]), verifies ([`verify`]) and publishes
//! revocation lists ([`StatusList`]).
//!
//! It is pure: no I/O, no network, no async runtime, no environment. JSON-LD contexts are
//! bundled ([`contexts`]) and any other remote context is refused, so verification never
//! depends on a third-party server. The eddsa-rdfc-2022 steps are implemented here on top of the
//! `json-ld` expander and ssi's RDFC-1.0 canonicalizer ("route D" of the credentials spike), which
//! matches Digital Bazaar's JavaScript stack byte for byte on booleans and decimals, where ssi's
//! own cryptosuite does not. This crate is the heaviest part of the build, which is why it
//! stands alone.

pub mod contexts;
pub mod input;
pub mod keys;
pub mod open_badge;
pub mod status_list;

mod canonical;
mod error;
mod failure;
mod json_value;
mod proof;
mod verify;

pub use error::CredentialError;
pub use keys::{IssuerKey, KeyError, ResolvedKey, resolve_did_key};
pub use open_badge::{Achievement, AchievementCredential, Credits, EuMicroCredential, Issuer, StatusEntry};
pub use proof::{sign, signed_statements};
pub use status_list::{StatusList, VerifiedStatusList, verify_status_list_credential};
pub use verify::{FailureCode, StatusReference, Verification, VerificationFailure, VerifiedCredential, verify};
