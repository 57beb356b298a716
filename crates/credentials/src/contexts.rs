//! The JSON-LD contexts this crate accepts, bundled at compile time.
//!
//! Signing and verifying expand the credential with JSON-LD, and expansion needs the context
//! documents named in `@context`. Fetching them at run time would make verification depend on
//! the network and on whoever serves those URLs, so the two contexts an Open Badge needs are
//! embedded here and every other URL is refused. Inline context objects are still allowed
//! (the builder uses one for the EU micro-credential terms): they travel inside the signed
//! document, so they cannot change after signing.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The W3C Verifiable Credentials Data Model 2.0 context; always the first `@context` entry.
pub const CREDENTIALS_V2_URL: &str = "https://www.w3.org/ns/credentials/v2";

/// The 1EdTech Open Badges 3.0.3 context.
pub const OPEN_BADGES_V3_URL: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

const CREDENTIALS_V2_TEXT: &str = include_str!("../contexts/credentials-v2.jsonld");
const OPEN_BADGES_V3_TEXT: &str = include_str!("../contexts/ob-context-3.0.3.json");

/// Context documents by URL, already parsed into the JSON-LD library's JSON type.
#[derive(Debug, Clone, Default)]
pub(crate) struct ContextSet {
    documents: HashMap<String, json_syntax::Value>,
}

impl ContextSet {
    /// Adds a context document given as JSON text; fails when the text is not JSON.
    pub(crate) fn with(mut self, url: &str, text: &str) -> Result<Self, String> {
        let parsed: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("bundled context {url} is not JSON: {e}"))?;
        let converted = crate::json_value::to_json_syntax(&parsed)
            .map_err(|e| format!("bundled context {url} cannot be converted: {e}"))?;
        self.documents.insert(url.to_owned(), converted);
        Ok(self)
    }

    pub(crate) fn get(&self, url: &str) -> Option<&json_syntax::Value> {
        self.documents.get(url)
    }
}

static BUNDLED: LazyLock<Result<ContextSet, String>> = LazyLock::new(|| {
    ContextSet::default().with(CREDENTIALS_V2_URL, CREDENTIALS_V2_TEXT)?.with(OPEN_BADGES_V3_URL, OPEN_BADGES_V3_TEXT)
});

/// The contexts every production path uses. An error here means a bundled file is broken,
/// which the unit tests below rule out; it is still reported rather than unwrapped.
pub(crate) fn bundled() -> Result<&'static ContextSet, String> {
    BUNDLED.as_ref().map_err(Clone::clone)
}

/// Whether `url` names one of the bundled contexts.
pub fn is_bundled_context(url: &str) -> bool {
    url == CREDENTIALS_V2_URL || url == OPEN_BADGES_V3_URL
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_contexts_parse() {
        let set = bundled().unwrap();
        assert!(set.get(CREDENTIALS_V2_URL).is_some());
        assert!(set.get(OPEN_BADGES_V3_URL).is_some());
        assert!(set.get("https://www.w3.org/2018/credentials/v1").is_none());
        assert!(is_bundled_context(OPEN_BADGES_V3_URL));
        assert!(!is_bundled_context("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"));
    }

    #[test]
    fn bundled_contexts_are_the_published_documents() {
        use sha2::{Digest, Sha256};
        let hex = |text: &str| Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>();
        // The same digests are listed in contexts/README.md.
        assert_eq!(hex(CREDENTIALS_V2_TEXT), "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f");
        assert_eq!(hex(OPEN_BADGES_V3_TEXT), "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761");
    }
}
