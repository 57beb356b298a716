//! People and their memberships, and the caller's own record (`/me`).

pub(crate) mod api;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{delete, get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/people", get(pages::list).post(pages::create))
        .route("/people/new", get(pages::new_form))
        .route("/people/{id}", get(pages::detail).post(pages::update))
        .route("/people/{id}/edit", get(pages::edit_form))
        .route("/people/{id}/memberships", post(pages::add_membership))
        .route("/people/{id}/memberships/{membership_id}/delete", post(pages::remove_membership))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/me", get(api::me))
        .route("/people", get(api::list).post(api::create))
        .route("/people/{id}", get(api::get).patch(api::update))
        .route("/people/{id}/memberships", post(api::add_membership))
        .route("/people/{id}/memberships/{membership_id}", delete(api::remove_membership))
}
