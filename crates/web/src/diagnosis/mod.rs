//! Enterprise diagnosis: instruments, assessments with their scores and explanations, and the
//! portfolio across enterprises.

pub(crate) mod api;
pub(crate) mod dto;
pub(crate) mod explain;
pub(crate) mod pages;
mod portfolio;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/enterprises/{id}/assessments/new", get(pages::new_form))
        .route("/enterprises/{id}/assessments", post(pages::create))
        .route("/assessments/{id}", get(pages::show).post(pages::update))
        .route("/diagnosis", get(portfolio::page))
        .route("/diagnosis/export.xlsx", get(portfolio::export))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/instruments", get(api::list))
        .route("/instruments/{id}", get(api::get))
        .route("/instruments/{id}/score", post(api::score))
        .route("/enterprises/{id}/assessments", get(api::of_enterprise).post(api::create))
        .route("/assessments/{id}", get(api::get_assessment).patch(api::update))
        .route("/diagnosis/portfolio", get(api::portfolio))
        .route("/diagnosis/aggregates", get(api::aggregates))
}
