//! Micro-degrees: modules, enrolment, results, computed completion, and issuing the credential.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/micro-degrees", get(pages::list).post(pages::create))
        .route("/micro-degrees/new", get(pages::new_form))
        .route("/micro-degrees/{id}", get(pages::show))
        .route("/micro-degrees/{id}/enrol", post(pages::enrol))
        .route("/micro-degrees/{id}/withdraw", post(pages::withdraw))
        .route("/micro-degrees/{id}/modules", post(pages::add_module))
        .route("/micro-degrees/{id}/results", post(pages::record_result))
        .route("/micro-degrees/{id}/status", post(pages::set_status))
        .route("/micro-degrees/{id}/enrolments/{enrolment}/credential", post(pages::issue))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/micro-degrees", get(api::list).post(api::create))
        .route("/micro-degrees/{id}", get(api::get))
        .route("/micro-degrees/{id}/modules", post(api::add_module))
        .route("/micro-degrees/{id}/status", post(api::set_status))
        .route("/micro-degrees/{id}/enrolments", post(api::enrol))
        .route("/micro-degrees/{id}/results", post(api::record_result))
        .route("/micro-degrees/{id}/enrolments/{enrolment_id}/credential", post(api::issue))
}
