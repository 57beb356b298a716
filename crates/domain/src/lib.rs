//! Tandem's pure types and rules. Nothing here performs I/O, awaits, or reads a clock:
//! callers pass in what a rule needs, so every rule is testable on its own.

pub mod access;
pub mod diagnosis;
pub mod ical;
pub mod id;
pub mod money;
pub mod notifications;
pub mod org;
pub mod person;
pub mod policy;
pub mod reference;
pub mod research;
pub mod sharing;
pub mod talent;
pub mod validation;
