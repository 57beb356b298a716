//! The bodies of `/api/v1/notifications`.

use serde::{Deserialize, Serialize};
use tandem_domain::id::NotificationId;
use utoipa::ToSchema;

/// A notice, in the caller's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationBody {
    #[schema(value_type = i64)]
    pub id: NotificationId,
    /// `booking.requested`, `booking.approved`, `booking.rejected`, `booking.cancelled`,
    /// `booking.no_show`, `dataset_request.decided`, `class_application.decided`,
    /// `agreement.awaiting`, `credential.issued`.
    pub kind: String,
    pub title: String,
    pub body: String,
    /// The page it is about, on this site (`/bookings`).
    pub link: String,
    /// RFC 3339; absent while unread.
    pub read_at: Option<String>,
    pub created_at: String,
}

/// The caller's notices, newest first, with how many are unread.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationList {
    pub items: Vec<NotificationBody>,
    pub unread: i64,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// How many notices were marked read.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedRead {
    pub marked: u64,
}

/// One kind of notice and whether it also comes by e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailPreference {
    pub kind: String,
    pub email: bool,
}

/// Which notices come by e-mail. `email_available` says whether this server sends e-mail at all.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPreferences {
    pub email_available: bool,
    pub kinds: Vec<EmailPreference>,
}

/// The kinds to receive by e-mail; every other kind comes in the app only.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferencesWrite {
    pub email: Vec<String>,
}
