//! Policy consultation: the policy library, its editor and test panel, an enterprise's
//! policies, the public calculator, and per policy the enterprises that qualify.

pub(crate) mod api;
pub(crate) mod dto;
mod explain;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/policies", get(pages::library).post(pages::create))
        .route("/policies/new", get(pages::new_form))
        .route("/policies/test", post(pages::test_new))
        .route("/policies/calculator", get(pages::calculator))
        .route("/policies/{id}", get(pages::show).post(pages::update))
        .route("/policies/{id}/edit", get(pages::edit_form))
        .route("/policies/{id}/test", post(pages::test_edit))
        .route("/policies/{id}/enterprises", get(pages::enterprises))
        .route("/policies/{id}/enterprises.xlsx", get(pages::enterprises_xlsx))
        .route("/policies/{id}/aggregates", get(pages::aggregates))
        .route("/policies/{id}/{step}", post(pages::step))
        .route("/enterprises/{id}/policies", get(pages::of_enterprise))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/policies", get(api::list).post(api::create))
        .route("/policies/evaluate", post(api::evaluate))
        .route("/policies/{id}", get(api::get).put(api::update))
        .route("/policies/{id}/enterprises", get(api::enterprises))
        .route("/policies/{id}/aggregates", get(api::aggregates))
        .route("/policies/{id}/notify", post(api::notify))
        .route("/policies/{id}/{step}", post(api::step))
}
