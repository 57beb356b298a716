//! The kit every area's handlers are built from: state, who is calling, typed bodies and path
//! ids, pages and their forms, API and page errors, responses and formatting. It imports
//! nothing above it: no area module, no router.

pub mod error;
pub mod form;
pub mod format;
pub mod identity;
pub mod json;
pub mod page;
pub mod response;
pub mod state;
