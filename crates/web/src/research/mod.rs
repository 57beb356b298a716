//! Joint research: enterprises' propositions, screened and published on the board.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/propositions", get(pages::board).post(pages::create))
        .route("/propositions/new", get(pages::new_form))
        .route("/propositions/{id}", get(pages::show))
        .route("/propositions/{id}/edit", get(pages::edit_form).post(pages::update))
        .route("/propositions/{id}/{step}", post(pages::take_step))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/propositions", get(api::list).post(api::create))
        .route("/propositions/{id}", get(api::get).put(api::update))
        .route("/propositions/{id}/{step}", post(api::step))
}
