//! The two-way flow: teachers' practice terms in enterprises, experts' appointments to
//! colleges, and the dual-qualified share per college.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/flow", get(pages::show))
        .route("/flow/practice", post(pages::record_practice))
        .route("/flow/appointments", post(pages::appoint))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/flow/practice", get(api::practice_list).post(api::practice_record))
        .route("/flow/practice/{id}/report", post(api::practice_report))
        .route("/flow/appointments", get(api::appointments_list).post(api::appoint))
        .route("/flow/dual-qualified", get(api::dual_qualified))
}
