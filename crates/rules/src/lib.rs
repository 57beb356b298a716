//! Eligibility criteria as CEL expressions over an enterprise's facts.
//!
//! A criterion is compiled once ([`Expression::compile`]), checked against the documented facts
//! ([`Expression::check`]) and then evaluated many times ([`Expression::test`]) against
//! [`Facts`]. Evaluation follows CEL: `false && <error>` is false in either order, and any other
//! error makes the criterion unknown, naming the facts that were absent. Nothing here does I/O.

mod catalogue;
mod check;
mod explain;
mod expression;
mod facts;

pub use catalogue::{FactCatalogue, FactDef, FactType};
pub use check::Warning;
pub use explain::Gap;
pub use expression::{CompileError, CompileErrorKind, EvalError, Expression, Outcome, Problem};
pub use facts::{Facts, FactsError};
