//! Tandem's HTTP face: server-rendered pages (askama, zh-CN and en) and the JSON API under
//! `/api/v1`, both calling the use cases in `tandem_app`. This crate holds no SQL and no rules.

// Handlers return responses as their error type, as axum intends; boxing every one of them
// would add noise for no gain on this cold path.
#![allow(clippy::result_large_err)]

mod audit;
mod auth;
mod chart;
mod credentials;
mod diagnosis;
mod export;
mod home;
pub mod http;
pub mod i18n;
mod notifications;
mod openapi;
mod org;
mod people;
mod policy;
mod research;
mod router;
mod sharing;
mod talent;

pub use http::state::{MAX_BODY_BYTES, UPLOAD_BODY_BYTES, WebConfig, WebState};
pub use i18n::I18n;
pub use notifications::text::EmailText;
pub use openapi::openapi_document;
pub use router::{router, serve};
