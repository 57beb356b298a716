//! Talent cultivation with enterprises: order-based classes and who is selected into them.

pub mod curriculum;
pub mod flow;
pub mod internship;
pub mod mentoring;
pub mod microdegree;
pub mod order;
pub mod outcomes;
pub mod selection;
