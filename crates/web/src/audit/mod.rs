//! The audit log (platform admins; the use case checks).

pub(crate) mod api;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::get;

pub fn pages() -> Router<WebState> {
    Router::new().route("/audit", get(pages::page))
}

pub fn api() -> Router<WebState> {
    Router::new().route("/audit", get(api::audit))
}
