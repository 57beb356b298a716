//! Open sharing: equipment (publishing, booking, approval, training, blackouts, calendars,
//! usage figures); datasets are the sub-area `datasets`.

pub(crate) mod api;
pub(crate) mod datasets;
pub(crate) mod dto;
mod pages;
mod publishing;
mod usage;

use crate::http::state::{UPLOAD_BODY_BYTES, WebState};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};

pub fn pages() -> Router<WebState> {
    Router::new()
        // the secret in the address is the credential: calendar clients cannot sign in
        .route("/calendar/{file}", get(pages::calendar_feed))
        .route("/equipment", get(pages::list).post(publishing::publish))
        .route("/equipment/new", get(publishing::new_item))
        .route("/equipment/usage", get(usage::page))
        .route("/equipment/usage.xlsx", get(usage::export_xlsx))
        .route("/equipment/usage.csv", get(usage::export_csv))
        .route("/equipment/{id}", get(pages::detail))
        .route("/equipment/{id}/edit", get(publishing::edit_item).post(publishing::revise))
        .route(
            "/equipment/{id}/photo",
            get(publishing::photo).post(publishing::upload_photo).layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)),
        )
        .route("/equipment/{id}/bookings", post(pages::book))
        .route("/equipment/{id}/authorisations", post(pages::authorise))
        .route("/equipment/{id}/feed", post(pages::create_item_feed))
        .route("/equipment/{id}/feed/revoke", post(pages::revoke_item_feed))
        .route("/equipment/{id}/blackouts/new", get(pages::new_blackout))
        .route("/equipment/{id}/blackouts", post(pages::add_blackout))
        .route("/bookings", get(pages::bookings))
        .route("/bookings/approvals", get(pages::approvals).post(pages::decide_many))
        .route("/bookings/feed", post(pages::create_feed))
        .route("/bookings/feed/revoke", post(pages::revoke_feed))
        .route("/bookings/{id}/{step}", post(pages::step))
        .merge(datasets::pages())
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/equipment", get(api::list).post(api::publish))
        .route("/equipment/usage", get(api::usage))
        .route("/equipment/{id}", get(api::get).put(api::revise))
        .route("/equipment/{id}/availability", get(api::availability))
        .route("/equipment/{id}/photo", put(api::set_photo).layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)))
        .route("/equipment/{id}/bookings", post(api::book))
        .route("/equipment/{id}/booking-series", post(api::book_series))
        .route("/equipment/{id}/authorisations", post(api::authorise))
        .route("/equipment/{id}/blackouts", post(api::add_blackout))
        .route("/bookings", get(api::mine))
        .route("/bookings/{id}/{step}", post(api::step))
        .merge(datasets::api())
}
