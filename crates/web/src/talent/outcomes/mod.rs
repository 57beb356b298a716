//! Graduate outcomes: destinations, the cohort report and the employer satisfaction survey.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        // a supervisor answers the employer survey through the link alone, once
        .route("/survey/{secret}", get(pages::survey).post(pages::answer))
        .route("/outcomes", get(pages::show).post(pages::record))
        .route("/outcomes/invitations", post(pages::invite))
        .route("/outcomes.xlsx", get(pages::export))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/outcomes", get(api::outcomes_report).post(api::outcomes_record))
        .route("/outcomes/invitations", post(api::outcomes_invite))
}
