//! Enterprises: profiles with their size class, industry and region.

pub(crate) mod api;
pub(crate) mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::get;

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/enterprises", get(pages::list).post(pages::create))
        .route("/enterprises/new", get(pages::new_form))
        .route("/enterprises/{id}", get(pages::detail).post(pages::update))
        .route("/enterprises/{id}/edit", get(pages::edit_form))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/enterprises", get(api::list).post(api::create))
        .route("/enterprises/{id}", get(api::get).patch(api::update))
}
