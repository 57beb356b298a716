//! Enterprise diagnosis: instruments (versioned data files under `data/instruments/`) and the
//! pure scoring engine that turns answers into points, group scores, a pass verdict with the
//! conditions behind it, and the improvements that would raise the score most.

pub mod form;
pub mod instrument;
pub mod score;

pub use instrument::{Catalogue, CatalogueError, Instrument};
pub use score::{AnswerError, ScoreResult, score};
