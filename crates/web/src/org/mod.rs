//! Organisations (colleges, centres, labs, government bodies, institutes) and their
//! partnerships; enterprises are the sub-area `enterprises`.

pub(crate) mod api;
pub(crate) mod enterprises;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{delete, get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/orgs", get(pages::list).post(pages::create))
        .route("/orgs/new", get(pages::new_form))
        .route("/orgs/{id}", get(pages::detail).post(pages::update))
        .route("/orgs/{id}/edit", get(pages::edit_form))
        .route("/orgs/{id}/partners", post(pages::add_partner))
        .route("/orgs/{id}/partners/{enterprise_id}/delete", post(pages::remove_partner))
        .merge(enterprises::pages())
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/orgs", get(api::list).post(api::create))
        .route("/orgs/{id}", get(api::get).patch(api::update))
        .route("/orgs/{id}/partners", post(api::add_partner))
        .route("/orgs/{id}/partners/{enterprise_id}", delete(api::remove_partner))
        .merge(enterprises::api())
}
