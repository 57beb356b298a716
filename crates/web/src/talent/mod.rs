//! Talent cultivation, one sub-area each: order-based classes, mentoring, internships, the
//! two-way flow of teachers and experts, graduate outcomes and micro-degrees.

pub(crate) mod flow;
pub(crate) mod internships;
pub(crate) mod mentoring;
pub(crate) mod microdegrees;
pub(crate) mod orders;
pub(crate) mod outcomes;

use crate::http::state::WebState;
use axum::Router;

pub fn pages() -> Router<WebState> {
    Router::new()
        .merge(orders::pages())
        .merge(mentoring::pages())
        .merge(internships::pages())
        .merge(flow::pages())
        .merge(outcomes::pages())
        .merge(microdegrees::pages())
}

pub fn api() -> Router<WebState> {
    Router::new()
        .merge(orders::api())
        .merge(mentoring::api())
        .merge(internships::api())
        .merge(flow::api())
        .merge(outcomes::api())
        .merge(microdegrees::api())
}
