//! Tandem's HTTP face: server-rendered pages (askama, zh-CN and en) and the JSON API under
//! `/api/v1`, both calling the use cases in `tandem_app`. This crate holds no SQL and no rules.

// Handlers return responses as their error type, as axum intends; boxing every one of them
// would add noise for no gain on this cold path.
#![allow(clippy::result_large_err)]

mod api;
mod chart;
mod error;
mod explain;
mod export;
pub mod i18n;
mod identity;
mod pages;
mod render;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use std::sync::Arc;
use std::time::Duration;
use tandem_app::App;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use api::openapi_document;
pub use i18n::I18n;

/// Largest request body accepted, in bytes. Forms and JSON records are far smaller.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Largest body of a file upload: the largest accepted file with room for form encoding, so
/// that a file just over the limit gets the clear `file.too_large` message.
pub const UPLOAD_BODY_BYTES: usize = tandem_domain::sharing::dataset::MAX_FILE_BYTES + 2 * 1024 * 1024;

/// Settings of the HTTP layer.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Client addresses of reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Where people reach Tandem, without a trailing slash, for addresses they copy elsewhere.
    pub public_url: Option<String>,
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct WebState {
    pub app: App,
    pub i18n: Arc<I18n>,
    pub config: Arc<WebConfig>,
}

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Builds the whole application router.
pub fn router(state: WebState) -> Router {
    let api = api::routes();
    let pages = pages::routes();
    Router::new()
        .merge(pages)
        .nest("/api/v1", api)
        .route("/api/openapi.json", axum::routing::get(api::openapi_json))
        .route("/healthz", axum::routing::get(|| async { "ok" }))
        .route("/readyz", axum::routing::get(pages::readyz))
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), identity::identify))
        .layer(middleware::from_fn(identity::same_origin_writes))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves the application on `listener` until `shutdown` completes, then drains requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: WebState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await
}
