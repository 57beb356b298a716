//! Internships with an academic and an enterprise mentor and the three-party learning agreement.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post, put};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/internships", get(pages::list).post(pages::record))
        .route("/internships/{id}", get(pages::show))
        .route("/internships/{id}/mentors", post(pages::assign_mentor))
        .route("/internships/{id}/leave", post(pages::leave))
        .route("/internships/{id}/agreement", post(pages::save_agreement))
        .route("/internships/{id}/agreement/confirm", post(pages::confirm_agreement))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/internships", get(api::list).post(api::record))
        .route("/internships/{id}", get(api::get))
        .route("/internships/{id}/mentors", post(api::assign_mentor))
        .route("/internships/{id}/leave", post(api::leave))
        .route("/internships/{id}/agreement", put(api::save_agreement))
        .route("/internships/{id}/agreement/confirm", post(api::confirm_agreement))
}
