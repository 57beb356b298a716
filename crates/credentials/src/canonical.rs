//! JSON-LD → RDF → RDFC-1.0 canonical N-Quads, the transformation under `eddsa-rdfc-2022`.
//!
//! This is "route D" of the credentials spike: expand with the `json-ld` crate (through
//! `ssi-json-ld`) and an offline loader, give every node an identifier, produce RDF quads with
//! the JSON-LD toRdf algorithm (`RdfQuads`), and canonicalize them with ssi's RDFC-1.0
//! implementation. It deliberately avoids ssi's `linked-data` interpretation, which writes
//! native booleans and non-integer numbers differently from jsonld.js (§6a of the notes), so
//! `hashed: false` and `creditsAvailable: 2.5` canonicalize exactly as Digital Bazaar's
//! verifier expects (`"2.5E0"^^<…#float>`).
//!
//! Two further guards make the signed RDF cover everything a reader of the JSON sees:
//! JSON numbers with an integral value are handed on as integers, as JavaScript reads them,
//! and any node, type or property whose IRI is not absolute (or any malformed language tag) is
//! refused instead of being silently dropped from the quads.

use std::cell::RefCell;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};

use rdf_types::{Id, LexicalQuad, Quad};
use ssi_json_ld::json_ld::{
    self, BlankIdBuf, Expand, ExpandedDocument, IndexedObject, LoadError, Loader, Node, Object, RdfQuads,
    RemoteDocument,
    expansion::{Action, Options, Policy},
    iref::{Iri, IriBuf},
    object::Value as LdValue,
};

use crate::contexts::ContextSet;
use crate::json_value::to_json_syntax;

/// Why a document could not be canonicalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CanonicalizationError {
    /// A remote context other than the bundled ones was named.
    UnknownContext(String),
    /// JSON-LD expansion failed, most often because a term is not defined by the contexts.
    Expansion(String),
    /// The document uses JSON-LD features or values that would not all be signed.
    Unsupported(String),
    /// A library failed in a way that is not the document's fault.
    Internal(String),
}

impl std::fmt::Display for CanonicalizationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownContext(url) => write!(f, "context {url} is not one of the bundled contexts"),
            Self::Expansion(message) => write!(f, "JSON-LD expansion failed: {message}"),
            Self::Unsupported(message) => write!(f, "{message}"),
            Self::Internal(message) => write!(f, "internal error: {message}"),
        }
    }
}

/// Canonical N-Quads of `document` (already checked by [`crate::input::check_document`]).
pub(crate) fn canonical_nquads(
    document: &serde_json::Value,
    contexts: &ContextSet,
) -> Result<String, CanonicalizationError> {
    let json = to_json_syntax(document).map_err(CanonicalizationError::Unsupported)?;
    let loader = OfflineLoader { contexts, refused: RefCell::new(None) };
    // The libraries below contain `unwrap`s on paths we believe unreachable after the input
    // checks; should one still fire, the document is refused instead of taking the caller down.
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        let expanded = run_to_completion(expand(&json, &loader))
            .ok_or_else(|| CanonicalizationError::Internal("expansion did not complete".into()))?;
        let expanded = expanded.map_err(|error| match loader.refused.borrow().clone() {
            Some(url) => CanonicalizationError::UnknownContext(url),
            None => CanonicalizationError::Expansion(error.to_string()),
        })?;
        normalize(expanded)
    }));
    outcome.unwrap_or_else(|_| Err(CanonicalizationError::Internal("canonicalization panicked".into())))
}

async fn expand(
    json: &json_syntax::Value,
    loader: &OfflineLoader<'_>,
) -> Result<ExpandedDocument, json_ld::expansion::Error> {
    // Undefined terms and invalid keys are errors rather than being dropped, as in ssi and in
    // jsonld.js "safe mode": whatever is in the JSON must be in the signed RDF.
    let options = Options {
        policy: Policy { invalid: Action::Reject, vocab: Action::Keep, allow_undefined: false },
        ..Options::default()
    };
    json.expand_full(rdf_types::vocabulary::no_vocabulary_mut(), json_ld::Context::new(None), None, loader, options, ())
        .await
}

fn normalize(mut expanded: ExpandedDocument) -> Result<String, CanonicalizationError> {
    let mut generator = rdf_types::generator::Blank::new();
    expanded.identify_all(&mut generator);
    for object in expanded.objects() {
        check_object(object)?;
    }
    let mut quads: Vec<LexicalQuad> =
        expanded.rdf_quads(&mut generator, None).cloned().filter_map(to_lexical).collect();
    // An RDF dataset is a set: a value repeated in a JSON array is one quad, as in jsonld.js.
    // Left in, a duplicate would change the first-degree hash of its blank node.
    quads.sort();
    quads.dedup();
    check_blank_node_ambiguity(&quads)?;
    Ok(ssi_rdf::urdna2015::normalize(quads.iter().map(LexicalQuad::as_lexical_quad_ref)).into_nquads())
}

/// Most blank nodes that may share their first-degree hash with another blank node.
///
/// RDFC-1.0 settles such ties by trying permutations of the tied nodes, recursively; the work
/// grows exponentially with their number. Two identical nested objects of seven empty objects
/// each take half a second, a binary tree of identical empty objects eight levels deep two
/// minutes. Genuine credentials have no ties at all (every nested object differs in content or
/// parent), so a small limit refuses the attack without refusing any real badge. jsonld.js
/// guards the same way ("maximum deep iterations exceeded").
pub(crate) const MAX_TIED_BLANK_NODES: usize = 8;

fn check_blank_node_ambiguity(quads: &[LexicalQuad]) -> Result<(), CanonicalizationError> {
    use ssi_rdf::urdna2015::{BlankNodeComponents, IdentifierIssuer, NormalizationState, hash_first_degree_quads};
    let mut state = NormalizationState {
        blank_node_to_quads: Default::default(),
        hash_to_blank_nodes: Default::default(),
        canonical_issuer: IdentifierIssuer::new("_:c14n".into()),
    };
    for quad in quads {
        let quad = quad.as_lexical_quad_ref();
        for blank_node in quad.blank_node_components() {
            state.blank_node_to_quads.entry(blank_node).or_default().push(quad);
        }
    }
    let blank_nodes: Vec<_> = state.blank_node_to_quads.keys().copied().collect();
    let mut nodes_per_hash: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for blank_node in blank_nodes {
        *nodes_per_hash.entry(hash_first_degree_quads(&mut state, blank_node)).or_default() += 1;
    }
    let tied: usize = nodes_per_hash.values().filter(|count| **count > 1).sum();
    if tied > MAX_TIED_BLANK_NODES {
        return Err(unsupported(format!(
            "{tied} nested objects cannot be told apart (at most {MAX_TIED_BLANK_NODES} are accepted); \
             canonicalizing them could take unbounded time"
        )));
    }
    Ok(())
}

type JsonLdQuad = Quad<Id, Id, rdf_types::Object, Id>;

fn to_lexical(Quad(subject, predicate, object, graph): JsonLdQuad) -> Option<LexicalQuad> {
    match predicate {
        Id::Iri(predicate) => Some(Quad(subject, predicate, object, graph)),
        // Only generalized RDF has blank-node predicates; check_node already refused them.
        Id::Blank(_) => None,
    }
}

/// Refuses anything toRdf would drop without a word, so the JSON and the signed quads agree.
fn check_object(object: &IndexedObject<IriBuf, BlankIdBuf>) -> Result<(), CanonicalizationError> {
    match object.inner() {
        Object::Value(LdValue::LangString(text)) => match text.language() {
            Some(language) if language.as_well_formed().is_none() => {
                Err(unsupported(format!("language tag {:?} is not well formed", language.as_str())))
            }
            _ => Ok(()),
        },
        Object::Value(_) => Ok(()),
        Object::List(list) => list.iter().try_for_each(check_object),
        Object::Node(node) => check_node(node),
    }
}

fn check_node(node: &Node) -> Result<(), CanonicalizationError> {
    if let Some(id) = &node.id {
        check_id(id, "node identifier")?;
    }
    for node_type in node.types() {
        check_id(node_type, "type")?;
    }
    if node.graph_entry().is_some() || node.included_entry().is_some() {
        return Err(unsupported("@graph and @included are not supported in credentials".into()));
    }
    if node.reverse_properties_entry().is_some_and(|reverse| !reverse.is_empty()) {
        return Err(unsupported("@reverse is not supported in credentials".into()));
    }
    for (property, values) in node.properties().iter() {
        match property {
            json_ld::Id::Valid(Id::Iri(_)) => {}
            other => return Err(unsupported(format!("property {} is not an absolute IRI", id_text(other)))),
        }
        values.iter().try_for_each(check_object)?;
    }
    Ok(())
}

fn check_id(id: &json_ld::Id, what: &str) -> Result<(), CanonicalizationError> {
    match id {
        json_ld::Id::Valid(_) => Ok(()),
        json_ld::Id::Invalid(text) => Err(unsupported(format!("{what} {text:?} is not an absolute IRI"))),
    }
}

fn id_text(id: &json_ld::Id) -> String {
    match id {
        json_ld::Id::Valid(Id::Iri(iri)) => iri.to_string(),
        json_ld::Id::Valid(Id::Blank(blank)) => blank.to_string(),
        json_ld::Id::Invalid(text) => text.clone(),
    }
}

fn unsupported(message: String) -> CanonicalizationError {
    CanonicalizationError::Unsupported(message)
}

/// Serves the bundled contexts and records the first URL it had to refuse, so the caller can
/// report "unknown context" instead of a generic expansion error.
struct OfflineLoader<'a> {
    contexts: &'a ContextSet,
    refused: RefCell<Option<String>>,
}

#[derive(Debug, thiserror::Error)]
#[error("context is not bundled; nothing is fetched at run time")]
struct NotBundled;

impl Loader for OfflineLoader<'_> {
    async fn load(&self, url: &Iri) -> Result<RemoteDocument<IriBuf>, LoadError> {
        match self.contexts.get(url.as_str()) {
            Some(document) => Ok(RemoteDocument::new(Some(url.to_owned()), None, document.clone())),
            None => {
                self.refused.borrow_mut().get_or_insert_with(|| url.as_str().to_owned());
                Err(LoadError::new(url.to_owned(), NotBundled))
            }
        }
    }
}

/// Drives a future that never waits on anything external (the loader answers from memory), so
/// no async runtime is needed. Returns `None` if it somehow keeps asking to be polled.
fn run_to_completion<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    let mut context = TaskContext::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return Some(output);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contexts;
    use serde_json::json;

    fn nquads(document: serde_json::Value) -> Result<String, CanonicalizationError> {
        canonical_nquads(&document, contexts::bundled().unwrap())
    }

    fn ob_context() -> serde_json::Value {
        json!([contexts::CREDENTIALS_V2_URL, contexts::OPEN_BADGES_V3_URL])
    }

    #[test]
    fn integral_floats_become_integers() {
        let converted = to_json_syntax(&json!([2.0, 2.5, -3.0, 7])).unwrap();
        assert_eq!(converted.to_string(), "[2,2.5,-3,7]");
    }

    #[test]
    fn decimals_and_booleans_canonicalize_like_jsonld_js() {
        let document = json!({
            "@context": ob_context(),
            "type": ["AchievementSubject"],
            "creditsEarned": 2.5,
            "identifier": [{"type": "IdentityObject", "hashed": false, "identityHash": "张三", "identityType": "name"}],
        });
        let out = nquads(document).unwrap();
        assert!(
            out.contains(
                "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsEarned> \"2.5E0\"^^<https://www.w3.org/2001/XMLSchema#float>"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#hashed> \"false\"^^<https://www.w3.org/2001/XMLSchema#boolean>"
            ),
            "{out}"
        );
        assert!(out.contains("\"张三\""), "{out}");
    }

    #[test]
    fn unknown_remote_context_is_refused() {
        let document = json!({"@context": [contexts::CREDENTIALS_V2_URL, "https://example.com/ctx.json"], "type": "VerifiableCredential"});
        assert_eq!(nquads(document), Err(CanonicalizationError::UnknownContext("https://example.com/ctx.json".into())));
    }

    #[test]
    fn undefined_term_is_refused() {
        let document =
            json!({"@context": ob_context(), "type": ["VerifiableCredential"], "issuanceDate": "2020-01-01T00:00:00Z"});
        assert!(matches!(nquads(document), Err(CanonicalizationError::Expansion(m)) if m.contains("issuanceDate")));
    }

    #[test]
    fn relative_identifiers_are_refused_not_dropped() {
        let document = json!({"@context": ob_context(), "id": "relative/path", "type": ["VerifiableCredential"]});
        assert!(matches!(nquads(document), Err(CanonicalizationError::Unsupported(_))));
    }

    #[test]
    fn inline_context_terms_work() {
        let document = json!({
            "@context": [contexts::CREDENTIALS_V2_URL, {"workloadHours": "urn:tandem:terms:workloadHours"}],
            "id": "urn:uuid:1", "workloadHours": 30
        });
        assert_eq!(
            nquads(document).unwrap(),
            "<urn:uuid:1> <urn:tandem:terms:workloadHours> \"30\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        );
    }
}
