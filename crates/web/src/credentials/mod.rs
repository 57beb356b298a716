//! Issued credentials: the holder's list, the public page and verification, the status list,
//! revocation.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        // a credential is checked by whoever its holder shows it to, without an account
        .route("/credentials/verify", get(pages::verify_form).post(pages::verify_posted))
        .route("/credentials/status/{list}", get(pages::status_list))
        .route("/credentials/{id}", get(pages::show))
        .route("/credentials/{id}/download", get(pages::download))
        .route("/credentials/{id}/certificate", get(pages::certificate))
        .route("/credentials", get(pages::list))
        .route("/credentials/{id}/revoke", post(pages::revoke))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/credentials", get(api::list))
        // public: whoever is shown a credential fetches or verifies it without an account
        .route("/credentials/verify", post(api::verify))
        .route("/credentials/{id}", get(api::get))
        .route("/credentials/{id}/revoke", post(api::revoke))
}
