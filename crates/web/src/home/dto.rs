//! The body of `/api/v1/me/todo`.

use serde::Serialize;
use utoipa::ToSchema;

/// One kind of thing waiting for the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct TodoBody {
    /// `bookings.to_decide`, `dataset_requests.to_decide`, `orders.to_decide`,
    /// `applicants.to_rank`, `agreements.to_confirm`, `diagnoses.to_finish`,
    /// `notifications.unread`.
    pub kind: String,
    /// In the caller's language.
    pub title: String,
    pub count: i64,
    /// The page where it is done.
    pub link: String,
}

/// What waits for the caller, most pressing first; kinds with nothing waiting are left out.
#[derive(Debug, Serialize, ToSchema)]
pub struct TodoList {
    pub items: Vec<TodoBody>,
}
