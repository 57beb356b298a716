//! Signing in and out, the language switch, and the person's own profile (password, language,
//! API tokens).

mod pages;
mod profile;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/signin", get(pages::signin_page).post(pages::signin))
        .route("/signout", post(pages::signout))
        .route("/language", post(pages::switch_language))
        .route("/profile", get(profile::page))
        .route("/profile/details", post(profile::update_details))
        .route("/profile/password", post(profile::change_password))
        .route("/profile/tokens", post(profile::create_token))
        .route("/profile/tokens/{id}/revoke", post(profile::revoke_token))
}
