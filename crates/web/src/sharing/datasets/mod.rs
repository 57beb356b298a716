//! Datasets shared by labs and enterprises: open, on request or internal, with files, requests
//! and the download log.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::{UPLOAD_BODY_BYTES, WebState};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/datasets", get(pages::list).post(pages::create))
        .route("/datasets/new", get(pages::new_form))
        .route("/datasets/{id}", get(pages::detail))
        .route("/datasets/{id}/edit", get(pages::edit_form).post(pages::update))
        .route("/datasets/{id}/files", post(pages::upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)))
        .route("/datasets/{id}/files/{file_id}", get(pages::download))
        .route("/datasets/{id}/requests", post(pages::request_access))
        .route("/dataset-requests/{id}/{decision}", post(pages::decide))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/datasets", get(api::list).post(api::create))
        .route("/datasets/{id}", get(api::get))
        .route("/datasets/{id}/files", post(api::upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)))
        .route("/datasets/{id}/files/{file_id}", get(api::download))
        .route("/datasets/{id}/requests", get(api::requests).post(api::request_access))
        .route("/datasets/{id}/downloads", get(api::downloads))
        .route("/dataset-requests/{id}/{decision}", post(api::decide))
}
