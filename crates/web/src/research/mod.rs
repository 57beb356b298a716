//! Joint research: enterprises' propositions, screened and published on the board.

pub(crate) mod api;
pub(crate) mod dto;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/propositions", get(api::list).post(api::create))
        .route("/propositions/{id}", get(api::get).put(api::update))
        .route("/propositions/{id}/{step}", post(api::step))
}
