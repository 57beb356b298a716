//! The home page.

mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::get;

pub fn pages() -> Router<WebState> {
    Router::new().route("/", get(pages::home))
}
