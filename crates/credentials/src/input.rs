//! Limits on what a credential may look like before any JSON-LD processing touches it.
//!
//! Verification runs on documents from strangers. The JSON-LD and RDF libraries underneath are
//! general-purpose, recursive, and contain `unwrap`s, and RDF canonicalization can take time
//! exponential in the number of interlinked blank nodes. A credential is small and tree-shaped,
//! so this module refuses anything that is not: too deep, too large, numbers a JavaScript
//! verifier would read differently, blank-node labels that could tie nodes together, and `@`
//! keys that JSON-LD would silently drop (so they could change without breaking the signature).

use serde_json::{Number, Value};

/// Largest accepted document, serialized compactly. A rich Open Badge is 3–6 KiB.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024;

/// Deepest accepted nesting of arrays and objects. An Open Badge needs about 6.
pub const MAX_DEPTH: usize = 32;

/// Largest integer a JavaScript verifier holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Largest magnitude accepted for a non-integer number.
const MAX_DECIMAL_MAGNITUDE: f64 = 1e15;

/// The JSON-LD 1.1 keywords; any other key that starts with `@` is refused.
const JSON_LD_KEYWORDS: &[&str] = &[
    "@base",
    "@container",
    "@context",
    "@direction",
    "@graph",
    "@id",
    "@import",
    "@included",
    "@index",
    "@json",
    "@language",
    "@list",
    "@nest",
    "@none",
    "@prefix",
    "@propagate",
    "@protected",
    "@reverse",
    "@set",
    "@type",
    "@value",
    "@version",
    "@vocab",
];

/// Checks depth, size, numbers, keys and blank-node labels. The walk is iterative, so even a
/// value nested far deeper than serde_json's parser allows cannot exhaust the stack here.
pub fn check_document(document: &Value) -> Result<(), String> {
    let mut pending: Vec<(&Value, usize)> = vec![(document, 1)];
    while let Some((value, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            return Err(format!("nested deeper than {MAX_DEPTH} levels"));
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    check_key(key)?;
                    pending.push((child, depth + 1));
                }
            }
            Value::Array(items) => pending.extend(items.iter().map(|item| (item, depth + 1))),
            Value::String(text) => check_string(text)?,
            Value::Number(number) => check_number(number)?,
            Value::Bool(_) | Value::Null => {}
        }
    }
    check_size(document)
}

fn check_key(key: &str) -> Result<(), String> {
    if key.starts_with('@') && !JSON_LD_KEYWORDS.contains(&key) {
        return Err(format!("key {key:?} is not a JSON-LD keyword"));
    }
    check_string(key)
}

fn check_string(text: &str) -> Result<(), String> {
    if text.starts_with("_:") {
        return Err(format!("blank node label {:?} is not accepted", truncate(text)));
    }
    Ok(())
}

/// Accepts integers up to 2^53 − 1 in magnitude and plain decimals (`-12.75`, no exponent)
/// below 10^15. Both JSON-LD implementations turn these into the same RDF literal; larger or
/// exponent-form numbers are where they diverge, and `1e400` is not a number at all.
pub fn check_number(number: &Number) -> Result<(), String> {
    if let Some(integer) = number.as_i64() {
        if integer.unsigned_abs() <= MAX_SAFE_INTEGER {
            return Ok(());
        }
        return Err(format!("integer {integer} is too large"));
    }
    if number.as_u64().is_some() {
        return Err(format!("integer {number} is too large"));
    }
    let text = number.to_string();
    if !is_plain_decimal(&text) {
        return Err(format!("number {} is not a plain decimal", truncate(&text)));
    }
    match number.as_f64() {
        Some(float) if float.is_finite() && float.abs() < MAX_DECIMAL_MAGNITUDE => Ok(()),
        _ => Err(format!("number {} is too large", truncate(&text))),
    }
}

/// `-?digits(.digits)?` — no exponent, no leading `+`, no bare dot.
fn is_plain_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// Serializes into a counter that gives up as soon as the limit is passed.
fn check_size(document: &Value) -> Result<(), String> {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            if self.0 > MAX_DOCUMENT_BYTES {
                return Err(std::io::Error::other("too large"));
            }
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    serde_json::to_writer(Counter(0), document)
        .map_err(|_| format!("larger than {} KiB serialized", MAX_DOCUMENT_BYTES / 1024))
}

fn truncate(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_ordinary_values() {
        let document =
            json!({"@context": ["x"], "a": [1, -2, 2.5, 0.1, 9007199254740991_i64, true, null], "b": {"c": "d"}});
        assert_eq!(check_document(&document), Ok(()));
    }

    #[test]
    fn refuses_unsafe_numbers() {
        for text in
            ["9007199254740992", "-9007199254740992", "18446744073709551615", "1e21", "1e-7", "1000000000000000.5"]
        {
            let value: Value = serde_json::from_str(text).unwrap();
            assert!(check_document(&value).is_err(), "{text} accepted");
        }
        // serde_json itself refuses 1e400, so such a document never reaches a Value.
        assert!(serde_json::from_str::<Value>("1e400").is_err());
        // serde_json keeps no lexical form: 1.5e3 arrives as 1500.0, which is a safe integer
        // (JavaScript reads it as 1500 too).
        assert!(check_document(&serde_json::from_str("1.5e3").unwrap()).is_ok());
    }

    #[test]
    fn refuses_deep_nesting_without_recursion() {
        let mut value = json!(1);
        for _ in 0..300 {
            value = json!([value]);
        }
        assert!(check_document(&value).unwrap_err().contains("deeper"));
    }

    #[test]
    fn refuses_large_documents() {
        let document = json!({"name": "x".repeat(MAX_DOCUMENT_BYTES)});
        assert!(check_document(&document).unwrap_err().contains("KiB"));
    }

    #[test]
    fn refuses_unknown_at_keys_and_blank_node_labels() {
        assert!(check_document(&json!({"@comment": "x"})).is_err());
        assert!(check_document(&json!({"id": "_:b0"})).is_err());
        assert!(check_document(&json!({"_:p": 1})).is_err());
        assert!(check_document(&json!({"@id": "urn:x", "@type": "T"})).is_ok());
    }

    #[test]
    fn plain_decimal_shapes() {
        for good in ["0", "-1", "2.5", "10.25"] {
            assert!(is_plain_decimal(good), "{good}");
        }
        for bad in ["", "-", ".5", "5.", "1e5", "+1", "1.2.3", "NaN"] {
            assert!(!is_plain_decimal(bad), "{bad}");
        }
    }
}
