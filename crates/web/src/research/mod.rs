//! Joint research: enterprises' propositions, screened and published on the board.

mod achievement_pages;
pub(crate) mod achievements_api;
pub(crate) mod achievements_dto;
pub(crate) mod api;
pub(crate) mod dto;
mod pages;
mod proposal_pages;
pub(crate) mod proposals_api;
pub(crate) mod talent_api;
pub(crate) mod talent_dto;
pub(crate) mod talent_pages;
mod words;

use crate::http::state::WebState;
use axum::Router;
use axum::routing::{get, post};

pub fn pages() -> Router<WebState> {
    Router::new()
        .route("/propositions", get(pages::board).post(pages::create))
        .route("/propositions/new", get(pages::new_form))
        .route("/propositions/{id}", get(pages::show))
        .route("/propositions/{id}/edit", get(pages::edit_form).post(pages::update))
        .route("/propositions/{id}/{step}", post(pages::take_step))
        .route("/propositions/{id}/proposals/new", get(proposal_pages::new_form))
        .route("/propositions/{id}/proposals", post(proposal_pages::create))
        .route("/proposals", get(proposal_pages::mine))
        .route("/proposals/{id}", get(proposal_pages::show))
        .route("/proposals/{id}/contract", post(proposal_pages::contract))
        .route("/proposals/{id}/feedback", post(proposal_pages::feedback))
        .route("/proposals/{id}/milestones/{milestone_id}/{step}", post(proposal_pages::milestone_step))
        .route("/proposals/{id}/{step}", post(proposal_pages::take_step))
        .route("/achievements", get(achievement_pages::list).post(achievement_pages::create))
        .route("/achievements/new", get(achievement_pages::new_form))
        .route("/achievements/{id}", get(achievement_pages::show))
        .route("/achievements/{id}/edit", get(achievement_pages::edit_form).post(achievement_pages::update))
        .route("/achievements/{id}/interest", post(achievement_pages::interest))
        .route("/deals", get(achievement_pages::deals))
        .route("/deals/{id}", get(achievement_pages::deal))
        .route("/deals/{id}/stage", post(achievement_pages::move_deal))
        .route("/reports/transformation", get(achievement_pages::report))
        .route("/reports/transformation.xlsx", get(achievement_pages::report_xlsx))
        .route("/reports/transformation.csv", get(achievement_pages::report_csv))
        .route("/talent-pool", get(talent_pages::pool))
        .route("/talent-pool/{id}", get(talent_pages::person))
        .route("/profile/expertise", get(talent_pages::edit_form).post(talent_pages::save))
        .route("/propositions/{id}/matches", get(talent_pages::proposition_matches))
}

pub fn api() -> Router<WebState> {
    Router::new()
        .route("/propositions", get(api::list).post(api::create))
        .route("/propositions/{id}", get(api::get).put(api::update))
        .route("/propositions/{id}/{step}", post(api::step))
        .route("/propositions/{id}/proposals", post(proposals_api::create))
        .route("/proposals/{id}", get(proposals_api::get))
        .route("/proposals/{id}/contract", axum::routing::put(proposals_api::contract))
        .route("/proposals/{id}/feedback", post(proposals_api::feedback))
        .route("/proposals/{id}/milestones/{milestone_id}/{step}", post(proposals_api::milestone_step))
        .route("/proposals/{id}/{step}", post(proposals_api::step))
        .route("/achievements", get(achievements_api::list).post(achievements_api::create))
        .route("/achievements/{id}", get(achievements_api::get).put(achievements_api::update))
        .route("/achievements/{id}/interest", post(achievements_api::interest))
        .route("/deals", get(achievements_api::deals))
        .route("/deals/{id}", get(achievements_api::deal))
        .route("/deals/{id}/stage", post(achievements_api::move_deal))
        .route("/reports/transformation", get(achievements_api::transformation))
        .route("/talent-pool", get(talent_api::list))
        .route("/talent-pool/{id}", get(talent_api::get))
        .route("/me/expertise", axum::routing::put(talent_api::save_mine))
        .route("/me/matches", get(talent_api::my_matches))
        .route("/propositions/{id}/matches", get(talent_api::proposition_matches))
}
