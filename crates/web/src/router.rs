//! The whole application: every area's pages and API, the health checks, the stylesheet and
//! the layers every request passes (identity, same-origin writes, body limit, security headers,
//! timeout, tracing).

use crate::http::error::api_request_error;
use crate::http::identity;
use crate::http::page::{Viewer, error_page};
use crate::http::state::{MAX_BODY_BYTES, WebState};
use crate::{
    audit, auth, credentials, diagnosis, home, notifications, openapi, org, people, policy, research, sharing, talent,
};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Builds the whole application router.
pub fn router(state: WebState) -> Router {
    let api = Router::new()
        .merge(people::api())
        .merge(org::api())
        .merge(audit::api())
        .merge(diagnosis::api())
        .merge(sharing::api())
        .merge(talent::api())
        .merge(credentials::api())
        .merge(notifications::api())
        .merge(home::api())
        .merge(research::api())
        .merge(policy::api())
        .fallback(|| async { api_request_error(StatusCode::NOT_FOUND, "not_found", "No such endpoint.") });
    Router::new()
        .merge(auth::pages())
        .merge(home::pages())
        .merge(org::pages())
        .merge(people::pages())
        .merge(audit::pages())
        .merge(diagnosis::pages())
        .merge(sharing::pages())
        .merge(talent::pages())
        .merge(credentials::pages())
        .merge(notifications::pages())
        .merge(research::pages())
        .merge(policy::pages())
        .route("/static/app.css", get(stylesheet))
        .route("/static/app.js", get(script))
        .nest("/api/v1", api)
        .route("/api/openapi.json", get(openapi::openapi_json))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .fallback(not_found)
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

pub async fn not_found(viewer: Viewer) -> Response {
    if viewer.page.path.starts_with("/api/") {
        return api_request_error(StatusCode::NOT_FOUND, "not_found", "No such endpoint.");
    }
    error_page(&viewer.page, StatusCode::NOT_FOUND, "error-not-found")
}

pub async fn readyz(State(state): State<WebState>) -> Response {
    match state.app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/app.js"),
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/app.css"),
    )
        .into_response()
}
