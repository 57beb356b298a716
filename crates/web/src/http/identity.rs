//! Who is calling: a browser session (cookie) or a personal API token (bearer), the language
//! to answer in, and the client address. Also the cross-origin check on state-changing requests.

use crate::http::state::WebState;
use crate::i18n;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use tandem_app::Ctx;
use tandem_app::auth::{self, Resolved};

pub const SESSION_COOKIE: &str = "tandem_session";
pub const LANG_COOKIE: &str = "tandem_lang";

/// What the identity middleware learned about a request.
#[derive(Clone, Debug)]
pub struct Identity {
    pub resolved: Option<Resolved>,
    /// The session secret from the cookie, when the caller used one that is live.
    pub session_token: Option<String>,
    pub lang: &'static str,
    pub client_addr: Option<String>,
}

impl Identity {
    pub fn ctx(&self) -> Option<Ctx> {
        self.resolved.as_ref().map(|r| Ctx { actor: r.actor.clone(), client_addr: self.client_addr.clone() })
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn client_addr(req: &Request, state: &WebState) -> Option<String> {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Some(ip) = peer
        && state.config.trusted_proxies.contains(&ip)
    {
        // Each proxy appends the address it saw, so the client can forge the left end: take
        // the rightmost address that is not one of our proxies.
        let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()).unwrap_or("");
        let client = forwarded
            .rsplit(',')
            .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .find(|a| !state.config.trusted_proxies.contains(a));
        if let Some(client) = client {
            return Some(client.to_string());
        }
    }
    peer.map(|ip| ip.to_string())
}

/// Resolves the caller and stores an [`Identity`] in the request extensions.
pub async fn identify(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    let session = cookie(headers, SESSION_COOKIE).map(str::to_owned);
    let fallback_lang = cookie(headers, LANG_COOKIE)
        .map(i18n::normalise)
        .or_else(|| headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(i18n::from_accept_language))
        .unwrap_or(i18n::DEFAULT_LANG);
    let app = &state.app;
    let (resolved, session_token) = if let Some(token) = bearer {
        match auth::resolve_token(app, &token).await {
            Ok(r) => (r, None),
            Err(e) => return crate::http::error::ApiError(e).into_response(),
        }
    } else if let Some(token) = session {
        match auth::resolve_session(app, &token).await {
            Ok(Some(r)) => (Some(r), Some(token)),
            Ok(None) => (None, None),
            Err(e) => return crate::http::error::ApiError(e).into_response(),
        }
    } else {
        (None, None)
    };
    let lang = resolved.as_ref().map(|r| i18n::normalise(&r.locale)).unwrap_or(fallback_lang);
    let identity = Identity { resolved, session_token, lang, client_addr: client_addr(&req, &state) };
    req.extensions_mut().insert(identity);
    next.run(req).await
}

/// Public writes that change nothing and need no one signed in: verifying a credential is
/// meant for wallets, employers' tools and `curl`, from any site.
const OPEN_TO_ANY_SITE: [&str; 1] = ["/api/v1/credentials/verify"];

/// Refuses state-changing requests a browser sent from another site (CSRF). Requests that
/// authenticate with a bearer token carry no ambient credentials and are let through.
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || OPEN_TO_ANY_SITE.contains(&req.uri().path())
    {
        return next.run(req).await;
    }
    let headers = req.headers();
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Bearer "));
    if bearer || is_same_origin(headers) {
        return next.run(req).await;
    }
    tracing::warn!(http.path = %req.uri().path(), "refused a cross-origin state-changing request");
    let body = serde_json::json!({ "code": "csrf.rejected", "message": "Cross-origin request refused." });
    (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
}

fn is_same_origin(headers: &HeaderMap) -> bool {
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("same-origin" | "none") => return true,
        Some(_) => return false,
        None => {}
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => {
            origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host)
        }
        _ => false,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Identity {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Identity>().cloned().ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn origin_must_match_host_when_fetch_metadata_is_missing() {
        let mut h = HeaderMap::new();
        assert!(!is_same_origin(&h));
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        h.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:8080"));
        assert!(is_same_origin(&h));
        h.insert(header::ORIGIN, HeaderValue::from_static("http://evil.example"));
        assert!(!is_same_origin(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!is_same_origin(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(is_same_origin(&h));
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; tandem_session=abc; b=2"));
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }
}
