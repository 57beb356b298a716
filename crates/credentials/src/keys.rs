//! Issuer keys: Ed25519, published as `did:key` identifiers.
//!
//! A `did:key` carries the public key inside the identifier itself, so a verifier can resolve
//! it with no registry and no network, which is what lets [`crate::verify`] stay offline. The
//! encodings follow the did:key and Multikey specifications:
//!
//! - public key: `z` + base58btc(`0xed 0x01` ‖ 32-byte key) — the familiar `z6Mk…`;
//! - DID: `did:key:z6Mk…`, verification method `did:key:z6Mk…#z6Mk…`;
//! - secret key: `z` + base58btc(`0x80 0x26` ‖ 32-byte seed) — `z3u2…`, the form the W3C test
//!   vectors use. Digital Bazaar's `Ed25519Multikey` exports seed ‖ public key (64 bytes, `zrv…`);
//!   that form is accepted on import too.

use ed25519_dalek::{SigningKey, VerifyingKey};

/// Multicodec prefix of an Ed25519 public key (`ed25519-pub`, varint 0xed).
const ED25519_PUBLIC_PREFIX: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix of an Ed25519 secret key (`ed25519-priv`, varint 0x1300).
const ED25519_SECRET_PREFIX: [u8; 2] = [0x80, 0x26];
const DID_KEY_PREFIX: &str = "did:key:";

/// Why a key or key identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("not a did:key verification method: {0}")]
    NotDidKey(String),
    #[error("did:key is not an Ed25519 key: {0}")]
    NotEd25519(String),
    #[error("verification method fragment does not name the DID's own key: {0}")]
    FragmentMismatch(String),
    #[error("not a base58btc multibase value (must start with 'z')")]
    NotMultibase,
    #[error("not an Ed25519 secret key in multibase form")]
    NotEd25519Secret,
    #[error("public key is not a valid Ed25519 point")]
    InvalidPublicKey,
    #[error("the system random number generator failed: {0}")]
    Randomness(String),
}

/// The key a credential issuer signs with. Debug output shows the DID, never the secret.
#[derive(Clone)]
pub struct IssuerKey {
    signing_key: SigningKey,
}

impl std::fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerKey").field("did", &self.did()).finish_non_exhaustive()
    }
}

impl IssuerKey {
    /// The key for a stored 32-byte Ed25519 seed.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self { signing_key: SigningKey::from_bytes(&seed) }
    }

    /// A fresh key from the operating system's random number generator.
    pub fn generate() -> Result<Self, KeyError> {
        use rand::TryRngCore;
        let mut seed = [0u8; 32];
        rand::rngs::OsRng.try_fill_bytes(&mut seed).map_err(|e| KeyError::Randomness(e.to_string()))?;
        Ok(Self::from_seed(seed))
    }

    /// The 32-byte seed, for storage. Treat it as the secret it is.
    pub fn seed_bytes(&self) -> [u8; 32] {
        self.signing_key.to_bytes()
    }

    /// The seed as `z3u2…` (multibase base58btc of `0x80 0x26` ‖ seed).
    pub fn to_multibase_secret(&self) -> String {
        multibase_z(&ED25519_SECRET_PREFIX, &self.signing_key.to_bytes())
    }

    /// Parses `z3u2…` (32-byte seed) or Digital Bazaar's `zrv…` (seed ‖ public key; the public
    /// half must match the seed).
    pub fn from_multibase_secret(text: &str) -> Result<Self, KeyError> {
        let bytes = decode_multibase_z(text)?;
        let key_bytes = bytes.strip_prefix(&ED25519_SECRET_PREFIX).ok_or(KeyError::NotEd25519Secret)?;
        let seed: [u8; 32] = key_bytes.get(..32).and_then(|s| s.try_into().ok()).ok_or(KeyError::NotEd25519Secret)?;
        let key = Self::from_seed(seed);
        match key_bytes.len() {
            32 => Ok(key),
            64 if key_bytes[32..] == key.signing_key.verifying_key().to_bytes() => Ok(key),
            _ => Err(KeyError::NotEd25519Secret),
        }
    }

    /// The public key as `z6Mk…` (Multikey `publicKeyMultibase`).
    pub fn public_key_multibase(&self) -> String {
        multibase_z(&ED25519_PUBLIC_PREFIX, &self.signing_key.verifying_key().to_bytes())
    }

    /// The raw 32-byte public key.
    pub fn public_key_bytes(&self) -> [u8; 32] {
        self.signing_key.verifying_key().to_bytes()
    }

    /// `did:key:z6Mk…`
    pub fn did(&self) -> String {
        format!("{DID_KEY_PREFIX}{}", self.public_key_multibase())
    }

    /// `did:key:z6Mk…#z6Mk…`, the value of `proof.verificationMethod`.
    pub fn verification_method(&self) -> String {
        let multibase = self.public_key_multibase();
        format!("{DID_KEY_PREFIX}{multibase}#{multibase}")
    }

    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.signing_key
    }
}

/// An Ed25519 key recovered from a `did:key` verification method, without any network access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedKey {
    /// The DID part (`did:key:z6Mk…`), which must equal the credential's issuer.
    pub did: String,
    /// The raw 32-byte Ed25519 public key.
    pub public_key: [u8; 32],
}

impl ResolvedKey {
    pub(crate) fn verifying_key(&self) -> Result<VerifyingKey, KeyError> {
        VerifyingKey::from_bytes(&self.public_key).map_err(|_| KeyError::InvalidPublicKey)
    }
}

/// Resolves `did:key:z6Mk…#z6Mk…` (or a bare `did:key:z6Mk…`) to its Ed25519 public key.
/// Anything else — other DID methods, other key types, a fragment naming a different key — is
/// refused.
pub fn resolve_did_key(verification_method: &str) -> Result<ResolvedKey, KeyError> {
    let shown = || verification_method.chars().take(120).collect::<String>();
    let (did, fragment) = match verification_method.split_once('#') {
        Some((did, fragment)) => (did, Some(fragment)),
        None => (verification_method, None),
    };
    let multibase = did.strip_prefix(DID_KEY_PREFIX).ok_or_else(|| KeyError::NotDidKey(shown()))?;
    if fragment.is_some_and(|fragment| fragment != multibase) {
        return Err(KeyError::FragmentMismatch(shown()));
    }
    let bytes = decode_multibase_z(multibase).map_err(|_| KeyError::NotDidKey(shown()))?;
    let public_key: [u8; 32] = bytes
        .strip_prefix(&ED25519_PUBLIC_PREFIX)
        .and_then(|key| key.try_into().ok())
        .ok_or_else(|| KeyError::NotEd25519(shown()))?;
    let resolved = ResolvedKey { did: did.to_owned(), public_key };
    resolved.verifying_key()?;
    Ok(resolved)
}

fn multibase_z(prefix: &[u8], bytes: &[u8]) -> String {
    let mut buffer = Vec::with_capacity(prefix.len() + bytes.len());
    buffer.extend_from_slice(prefix);
    buffer.extend_from_slice(bytes);
    format!("z{}", bs58::encode(buffer).into_string())
}

/// Decodes a base58btc multibase string (`z…`). Lengths are bounded by the caller's checks on
/// the document, and no key encoding is longer than 100 characters anyway.
pub(crate) fn decode_multibase_z(text: &str) -> Result<Vec<u8>, KeyError> {
    let encoded = text.strip_prefix('z').ok_or(KeyError::NotMultibase)?;
    if encoded.is_empty() || encoded.len() > 200 {
        return Err(KeyError::NotMultibase);
    }
    bs58::decode(encoded).into_vec().map_err(|_| KeyError::NotMultibase)
}

pub(crate) fn encode_multibase_z(bytes: &[u8]) -> String {
    multibase_z(&[], bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key pair of the W3C vc-di-eddsa test vectors (TestVectors/keyPair.json).
    const VECTOR_SECRET: &str = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
    const VECTOR_PUBLIC: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    #[test]
    fn test_vector_key_pair_round_trips() {
        let key = IssuerKey::from_multibase_secret(VECTOR_SECRET).unwrap();
        assert_eq!(key.public_key_multibase(), VECTOR_PUBLIC);
        assert_eq!(key.to_multibase_secret(), VECTOR_SECRET);
        assert_eq!(key.did(), format!("did:key:{VECTOR_PUBLIC}"));
        assert_eq!(key.verification_method(), format!("did:key:{VECTOR_PUBLIC}#{VECTOR_PUBLIC}"));
        assert_eq!(IssuerKey::from_seed(key.seed_bytes()).did(), key.did());
    }

    #[test]
    fn digital_bazaar_64_byte_secret_is_accepted() {
        let key = IssuerKey::from_seed([7; 32]);
        let long = multibase_z(&ED25519_SECRET_PREFIX, &[key.seed_bytes(), key.public_key_bytes()].concat());
        assert_eq!(IssuerKey::from_multibase_secret(&long).unwrap().did(), key.did());
        let wrong = multibase_z(&ED25519_SECRET_PREFIX, &[key.seed_bytes(), [0; 32]].concat());
        assert_eq!(IssuerKey::from_multibase_secret(&wrong).unwrap_err(), KeyError::NotEd25519Secret);
    }

    #[test]
    fn generated_keys_differ_and_resolve() {
        let first = IssuerKey::generate().unwrap();
        let second = IssuerKey::generate().unwrap();
        assert_ne!(first.did(), second.did());
        let resolved = resolve_did_key(&first.verification_method()).unwrap();
        assert_eq!(resolved.did, first.did());
        assert_eq!(resolved.public_key, first.public_key_bytes());
        assert!(!format!("{first:?}").contains(&first.to_multibase_secret()));
    }

    #[test]
    fn resolution_refuses_other_keys_and_methods() {
        let did = format!("did:key:{VECTOR_PUBLIC}");
        assert!(resolve_did_key(&did).is_ok());
        assert!(matches!(resolve_did_key("did:web:example.com#key-1"), Err(KeyError::NotDidKey(_))));
        assert!(matches!(resolve_did_key(&format!("{did}#other")), Err(KeyError::FragmentMismatch(_))));
        // A P-256 did:key (from the vc-di-eddsa "employ" vector's issuer).
        let p256 = "did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76";
        assert!(matches!(resolve_did_key(p256), Err(KeyError::NotEd25519(_))));
        assert!(matches!(resolve_did_key("did:key:z0OIl"), Err(KeyError::NotDidKey(_))));
        assert!(matches!(resolve_did_key("did:key:"), Err(KeyError::NotDidKey(_))));
        assert!(matches!(resolve_did_key("did:key:f00"), Err(KeyError::NotDidKey(_))));
    }
}
