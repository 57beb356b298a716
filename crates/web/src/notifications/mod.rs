//! Notifications: the inbox (page and API), marking read, and which kinds come by e-mail. The
//! words of each notice, shared by the inbox and the e-mail outbox, are in `text`.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;
pub mod text;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/notifications", get(pages::inbox))
        .route("/notifications/read-all", post(pages::read_all))
        .route("/notifications/preferences", post(pages::set_preferences))
        // opening a notice marks it read and follows its link
        .route("/notifications/{id}", get(pages::open))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/notifications", get(api::list))
        .route("/notifications/read-all", post(api::read_all))
        .route("/notifications/preferences", get(api::preferences).put(api::set_preferences))
        .route("/notifications/{id}/read", post(api::read))
}
