//! W3C Bitstring Status List v1.0: revocation bits for many credentials in one signed list.
//!
//! Each credential names a list URL and an index; the list is a `BitstringStatusListCredential`
//! whose `encodedList` is the bitstring, GZIP-compressed and written as multibase base64url
//! without padding (`u…`). Bit 0 is the most significant bit of the first byte. The spec
//! requires at least 16 KiB (131,072 entries) so that one credential's bit does not single out
//! its holder; [`StatusList::new`] rounds any smaller request up to that.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, Utc};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde_json::{Value, json};

use crate::contexts::CREDENTIALS_V2_URL;
use crate::error::CredentialError;
use crate::failure::{FailureCode, VerificationFailure};
use crate::keys::IssuerKey;
use crate::proof;
use crate::verify;

/// The specification's minimum list length, in bits (16 KiB).
pub const MIN_STATUS_LIST_BITS: usize = 131_072;

/// Largest list accepted when decoding (16 MiB of bits), so a small compressed `encodedList`
/// cannot expand into unbounded memory.
pub const MAX_STATUS_LIST_BYTES: usize = 16 * 1024 * 1024;

/// A revocation bitstring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    bytes: Vec<u8>,
}

impl StatusList {
    /// An all-clear list of at least `bits` entries (and at least [`MIN_STATUS_LIST_BITS`]).
    pub fn new(bits: usize) -> Self {
        let bytes = bits.max(MIN_STATUS_LIST_BITS).div_ceil(8);
        Self { bytes: vec![0; bytes] }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Whether bit `index` is set (revoked). Indexes past the end read as not set.
    pub fn is_set(&self, index: u64) -> bool {
        let Some((byte, mask)) = Self::position(index) else {
            return false;
        };
        self.bytes.get(byte).is_some_and(|b| b & mask != 0)
    }

    /// Sets or clears bit `index`; fails if the list is too short.
    pub fn set(&mut self, index: u64, revoked: bool) -> Result<(), CredentialError> {
        let length = self.len();
        let (byte, mask) = Self::position(index).filter(|(byte, _)| *byte < self.bytes.len()).ok_or_else(|| {
            CredentialError::StatusList(format!("index {index} is outside the list of {length} entries"))
        })?;
        if revoked {
            self.bytes[byte] |= mask;
        } else {
            self.bytes[byte] &= !mask;
        }
        Ok(())
    }

    /// Bit 0 is the most significant bit of byte 0.
    fn position(index: u64) -> Option<(usize, u8)> {
        let byte = usize::try_from(index / 8).ok()?;
        Some((byte, 0x80 >> (index % 8)))
    }

    /// `u` + base64url-without-padding(GZIP(bitstring)).
    pub fn encode(&self) -> Result<String, CredentialError> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&self.bytes).map_err(|e| CredentialError::StatusList(format!("compression failed: {e}")))?;
        let compressed =
            encoder.finish().map_err(|e| CredentialError::StatusList(format!("compression failed: {e}")))?;
        Ok(format!("u{}", URL_SAFE_NO_PAD.encode(compressed)))
    }

    /// Reverses [`StatusList::encode`], refusing lists shorter than the minimum or longer than
    /// [`MAX_STATUS_LIST_BYTES`].
    pub fn decode(encoded_list: &str) -> Result<Self, CredentialError> {
        let error = |message: &str| CredentialError::StatusList(message.to_owned());
        let base64 =
            encoded_list.strip_prefix('u').ok_or_else(|| error("encodedList must start with 'u' (base64url)"))?;
        let compressed = URL_SAFE_NO_PAD.decode(base64).map_err(|_| error("encodedList is not base64url"))?;
        let mut bytes = Vec::new();
        GzDecoder::new(compressed.as_slice())
            .take(MAX_STATUS_LIST_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| error("encodedList is not GZIP data"))?;
        if bytes.len() > MAX_STATUS_LIST_BYTES {
            return Err(error("status list is larger than 16 MiB"));
        }
        if bytes.len() * 8 < MIN_STATUS_LIST_BITS {
            return Err(error("status list is shorter than the required 131,072 entries"));
        }
        Ok(Self { bytes })
    }

    /// The signed `BitstringStatusListCredential` published at `list_url`.
    pub fn to_credential(
        &self,
        list_url: &str,
        key: &IssuerKey,
        valid_from: DateTime<Utc>,
        created: DateTime<Utc>,
    ) -> Result<Value, CredentialError> {
        let credential = json!({
            "@context": [CREDENTIALS_V2_URL],
            "id": list_url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": key.did(),
            "validFrom": valid_from.to_rfc3339_opts(SecondsFormat::Secs, true),
            "credentialSubject": {
                "id": format!("{list_url}#list"),
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": self.encode()?,
            },
        });
        proof::sign(credential, key, created)
    }
}

/// A status list whose credential verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedStatusList {
    pub issuer_did: String,
    /// The credential's `id` (the list URL), if present.
    pub list_url: Option<String>,
    pub purpose: String,
    pub list: StatusList,
}

/// Verifies a `BitstringStatusListCredential` (signature, issuer binding, validity period) and
/// decodes its list. Checking that the issuer is the one the credential under test names is the
/// caller's job.
pub fn verify_status_list_credential(
    credential: &Value,
    now: DateTime<Utc>,
) -> Result<VerifiedStatusList, VerificationFailure> {
    let verified = verify::verify_secured(credential, now, &["BitstringStatusListCredential"], || {
        VerificationFailure::new(FailureCode::Malformed, "type must include BitstringStatusListCredential")
    })?;
    let malformed = |message: String| VerificationFailure::new(FailureCode::Malformed, message);
    let subject =
        credential.get("credentialSubject").ok_or_else(|| malformed("credentialSubject is missing".into()))?;
    let field = |name: &str| {
        subject
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| malformed(format!("credentialSubject.{name} is missing")))
    };
    let list = StatusList::decode(field("encodedList")?).map_err(|e| malformed(e.to_string()))?;
    Ok(VerifiedStatusList {
        issuer_did: verified.issuer_did,
        list_url: verified.credential_id,
        purpose: field("statusPurpose")?.to_owned(),
        list,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimum_size_and_bit_order() {
        let mut list = StatusList::new(10);
        assert_eq!(list.len(), MIN_STATUS_LIST_BITS);
        list.set(0, true).unwrap();
        list.set(9, true).unwrap();
        assert_eq!(list.bytes[0], 0b1000_0000);
        assert_eq!(list.bytes[1], 0b0100_0000);
        assert!(list.is_set(0) && list.is_set(9) && !list.is_set(1) && !list.is_set(8));
        list.set(9, false).unwrap();
        assert!(!list.is_set(9));
        assert!(list.set(MIN_STATUS_LIST_BITS as u64, true).is_err());
        assert!(!list.is_set(u64::MAX));
        assert_eq!(StatusList::new(200_001).len(), 200_008);
    }

    #[test]
    fn encode_decode_round_trip() {
        let mut list = StatusList::new(MIN_STATUS_LIST_BITS);
        for index in [0, 7, 8, 4_095, 131_071] {
            list.set(index, true).unwrap();
        }
        let encoded = list.encode().unwrap();
        assert!(encoded.starts_with("uH4sI"), "GZIP magic in base64url: {encoded}");
        assert!(!encoded.contains('=') && !encoded.contains('+') && !encoded.contains('/'));
        let decoded = StatusList::decode(&encoded).unwrap();
        assert_eq!(decoded, list);
        assert!(decoded.is_set(131_071) && !decoded.is_set(131_070));
    }

    #[test]
    fn decodes_a_list_compressed_elsewhere() {
        // Python: base64.urlsafe_b64encode(gzip.compress(bytes([0x40]) + bytes(16383), mtime=0))
        // without padding — 16 KiB with only bit 1 set. Pins the format independently of flate2.
        let encoded = "uH4sIAAAAAAACA-3BIQEAAAACIKf5f5UzLEADAAAAAAAAAAAAAAAAAAAAvA03F1_NAEAAAA";
        let decoded = StatusList::decode(encoded).unwrap();
        assert_eq!(decoded.len(), MIN_STATUS_LIST_BITS);
        assert!(decoded.is_set(1) && !decoded.is_set(0) && !decoded.is_set(2));
    }

    #[test]
    fn decode_refuses_bad_input() {
        assert!(StatusList::decode("").is_err());
        assert!(StatusList::decode("zabc").is_err());
        assert!(StatusList::decode("u!!!").is_err());
        assert!(StatusList::decode("uAAAA").is_err());
        let short = {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(&[0; 100]).unwrap();
            format!("u{}", URL_SAFE_NO_PAD.encode(encoder.finish().unwrap()))
        };
        assert!(StatusList::decode(&short).unwrap_err().to_string().contains("shorter"));
        let bomb = {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
            encoder.write_all(&vec![0; MAX_STATUS_LIST_BYTES + 8]).unwrap();
            format!("u{}", URL_SAFE_NO_PAD.encode(encoder.finish().unwrap()))
        };
        assert!(bomb.len() < 40_000);
        assert!(StatusList::decode(&bomb).unwrap_err().to_string().contains("larger"));
    }

    #[test]
    fn status_list_credential_signs_and_verifies() {
        let key = IssuerKey::from_seed([3; 32]);
        let mut list = StatusList::new(MIN_STATUS_LIST_BITS);
        list.set(42, true).unwrap();
        let now = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        let url = "https://tandem.example/status/1";
        let credential = list.to_credential(url, &key, now, now).unwrap();
        assert_eq!(credential["credentialSubject"]["type"], "BitstringStatusList");
        let verified = verify_status_list_credential(&credential, now).unwrap();
        assert_eq!(verified.issuer_did, key.did());
        assert_eq!(verified.list_url.as_deref(), Some(url));
        assert_eq!(verified.purpose, "revocation");
        assert!(verified.list.is_set(42) && !verified.list.is_set(41));

        let mut flipped = credential.clone();
        list.set(42, false).unwrap();
        flipped["credentialSubject"]["encodedList"] = json!(list.encode().unwrap());
        assert_eq!(verify_status_list_credential(&flipped, now).unwrap_err().code, FailureCode::Tampered);
        // An Open Badge verifier does not accept a status list as a badge.
        assert_eq!(crate::verify(&credential, now).failure_code(), Some(FailureCode::NotOpenBadge));
    }
}
