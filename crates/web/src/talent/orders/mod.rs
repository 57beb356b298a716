//! Order-based classes: the enterprise's order, acceptance, applications and ranking, the
//! selection, the co-designed curriculum, practice placements and the hiring outcome.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post, put};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/classes", get(pages::list).post(pages::create))
        .route("/classes/new", get(pages::new_form))
        .route("/classes/selection", post(pages::run_selection))
        .route("/classes/{id}", get(pages::detail))
        .route("/classes/{id}/applications", post(pages::apply))
        .route("/classes/{id}/ranks", post(pages::rank))
        .route("/classes/{id}/members", post(pages::place))
        .route("/classes/{id}/mentors", post(pages::assign_mentor))
        .route("/classes/{id}/curriculum", post(pages::propose_curriculum))
        .route("/classes/{id}/curriculum/{item}/agree", post(pages::agree_curriculum))
        .route("/classes/{id}/placements", post(pages::place_in_practice))
        .route("/classes/{id}/hiring", post(pages::record_hiring))
        .route("/classes/{id}/members/{student_id}/leave", post(pages::leave))
        .route("/classes/{id}/{decision}", post(pages::decide))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/order-classes", get(api::list).post(api::order))
        .route("/order-classes/selection", post(api::run_selection))
        .route("/order-classes/applications/mine", get(api::mine))
        .route("/order-classes/{id}", get(api::get))
        .route("/order-classes/{id}/applications", post(api::apply))
        .route("/order-classes/{id}/ranks", put(api::rank))
        .route("/order-classes/{id}/members", post(api::place))
        .route("/order-classes/{id}/curriculum", post(api::propose_curriculum))
        .route("/order-classes/{id}/curriculum/{item_id}/agree", post(api::agree_curriculum))
        .route("/order-classes/{id}/placements", post(api::place_in_practice))
        .route("/order-classes/{id}/members/{student_id}/hiring", post(api::record_hiring))
        .route("/order-classes/{id}/members/{student_id}/leave", post(api::leave))
        .route("/order-classes/{id}/{decision}", post(api::decide))
}
