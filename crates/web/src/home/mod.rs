//! The home page: what waits for the reader first, then the figures they watch; and the same
//! to-do list for API clients (`/api/v1/me/todo`).

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::get;

pub fn pages() -> Router<WebState> {
    Router::new().route("/", get(pages::home))
}

pub fn api() -> Router<WebState> {
    Router::new().route("/me/todo", get(api::todo))
}
