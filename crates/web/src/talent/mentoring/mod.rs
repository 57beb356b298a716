//! The dual mentor system: mentors of class members and interns, their meetings and
//! evaluations, and mentors' load limits.

pub(crate) mod api;
pub(crate) mod dto;
mod pages;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post, put};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/mentoring", get(pages::list))
        .route("/mentoring/{id}", get(pages::detail))
        .route("/mentoring/{id}/meetings", post(pages::log_meeting))
        .route("/mentoring/{id}/evaluation", post(pages::evaluate))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/order-classes/{id}/mentors", post(api::assign_mentor))
        .route("/mentor-limits", put(api::set_limit))
        .route("/mentorships", get(api::my_mentorships))
        .route("/mentorships/{id}", get(api::mentorship))
        .route("/mentorships/{id}/meetings", post(api::log_meeting))
        .route("/mentorships/{id}/evaluation", post(api::evaluate))
}
