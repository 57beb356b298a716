//! Responses shared by pages and the API: files sent as attachments, and the public address.

use crate::http::state::WebState;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Where people reach Tandem, for addresses they copy elsewhere (calendar and survey links): the
/// configured public URL, or else this request's host. For display only: the Host header
/// cannot grant anything.
pub(crate) fn public_base(state: &WebState, headers: &axum::http::HeaderMap) -> String {
    if let Some(base) = &state.config.public_url {
        return base.clone();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = match headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// A file sent for saving, never shown inline: browsers must not render uploaded content
/// as a page of ours. The name is given plainly (ASCII) and exactly (RFC 5987).
pub(crate) fn attachment(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let plain: String =
        name.chars().map(|ch| if ch.is_ascii_alphanumeric() || ".-_".contains(ch) { ch } else { '_' }).collect();
    let exact: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{exact}");
    let content_type = header::HeaderValue::from_str(content_type)
        .unwrap_or_else(|_| header::HeaderValue::from_static("application/octet-stream"));
    let disposition =
        header::HeaderValue::from_str(&disposition).unwrap_or_else(|_| header::HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, header::HeaderValue::from_static("private, no-store")),
        ],
        bytes,
    )
        .into_response()
}
