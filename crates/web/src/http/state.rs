//! What every handler shares: the use cases, the text of both languages, and the HTTP settings.

use crate::i18n::I18n;
use std::sync::Arc;
use tandem_app::App;

/// Largest request body accepted, in bytes. Forms and JSON records are far smaller.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Largest body of a file upload: the largest accepted file with room for form encoding, so
/// that a file just over the limit gets the clear `file.too_large` message.
pub const UPLOAD_BODY_BYTES: usize = tandem_domain::sharing::dataset::MAX_FILE_BYTES + 2 * 1024 * 1024;

/// Settings of the HTTP layer.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Client addresses of reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Where people reach Tandem, without a trailing slash, for addresses they copy elsewhere.
    pub public_url: Option<String>,
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct WebState {
    pub app: App,
    pub i18n: Arc<I18n>,
    pub config: Arc<WebConfig>,
}
