//! Tandem's use cases. Each public function checks access, owns its transaction, and records
//! what it changed in the audit log within that same transaction. Handlers in `web` and
//! subcommands in `cli` call these; neither touches the store directly.

mod access;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod credentials;
pub mod demo;
pub mod diagnosis;
mod error;
pub mod home;
pub mod notifications;
pub mod org;
pub mod people;
pub mod policy;
pub mod research;
pub mod sharing;
pub mod stats;
pub mod talent;
#[cfg(feature = "testing")]
pub mod testing;
mod throttle;

use std::sync::Arc;
use tandem_domain::access::Actor;
use tandem_domain::diagnosis::Catalogue;
use tandem_domain::reference::Reference;
use tandem_store::Db;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{AppError, AppResult};
pub use tandem_store::files::{FileStore, LocalFiles, MemoryFiles};
pub use tandem_store::{DbOptions, Page, Sort};

/// Settings that shape behaviour; built by `cli` from flags and environment.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// How long a browser session lasts, in seconds.
    pub session_ttl_secs: i64,
    /// Failed sign-ins allowed per account within the window.
    pub login_failures_per_account: usize,
    /// Failed sign-ins allowed per client address within the window.
    pub login_failures_per_client: usize,
    pub login_window_secs: i64,
    /// Whether notices also go out by e-mail (an SMTP server is configured and its worker runs).
    pub email_enabled: bool,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            session_ttl_secs: 7 * 24 * 3600,
            login_failures_per_account: 5,
            login_failures_per_client: 20,
            login_window_secs: 15 * 60,
            email_enabled: false,
        }
    }
}

/// Everything a use case needs: the database, reference tables, the clock and settings.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub reference: Arc<Reference>,
    pub catalogue: Arc<Catalogue>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<AppConfig>,
    /// Uploaded files; in memory until `with_files` gives it the data directory.
    pub files: Arc<dyn tandem_store::files::FileStore>,
    /// The university's credential signing key; random until `with_issuer_key` gives the kept one.
    pub issuer: Arc<tandem_credentials::IssuerKey>,
    /// The documented facts policy criteria may read.
    pub facts: Arc<tandem_rules::FactCatalogue>,
    /// Policy versions compiled once.
    pub policies: Arc<policy::engine::Engine>,
    throttle: Arc<throttle::LoginThrottle>,
    /// Wakes the e-mail outbox worker after a transaction that wrote notices commits.
    pub outbox_wake: Arc<tokio::sync::Notify>,
}

/// The outside rules Tandem applies: reference tables and diagnosis instruments, each loaded
/// from its data file and validated.
pub struct Rules {
    pub reference: Reference,
    pub catalogue: Catalogue,
    pub facts: tandem_rules::FactCatalogue,
}

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error(transparent)]
    Reference(#[from] tandem_domain::reference::ReferenceError),
    #[error(transparent)]
    Catalogue(#[from] tandem_domain::diagnosis::CatalogueError),
    #[error("{0}")]
    Facts(String),
}

impl Rules {
    pub fn load() -> Result<Self, RulesError> {
        Ok(Self {
            reference: Reference::load()?,
            catalogue: Catalogue::load()?,
            facts: tandem_rules::FactCatalogue::load().map_err(RulesError::Facts)?,
        })
    }
}

/// Who is asking, and from where; passed to every use case that needs access control.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub client_addr: Option<String>,
}

impl App {
    pub fn new(db: Db, rules: Rules, clock: Arc<dyn Clock>, config: AppConfig) -> Self {
        Self {
            db,
            reference: Arc::new(rules.reference),
            catalogue: Arc::new(rules.catalogue),
            clock,
            config: Arc::new(config),
            files: Arc::new(tandem_store::files::MemoryFiles::default()),
            issuer: Arc::new(tandem_credentials::IssuerKey::from_seed(rand::random())),
            facts: Arc::new(rules.facts),
            policies: Arc::default(),
            throttle: Arc::default(),
            outbox_wake: Arc::default(),
        }
    }

    /// Keeps uploaded files in `files` (the data directory, or an object store).
    pub fn with_files(mut self, files: Arc<dyn tandem_store::files::FileStore>) -> Self {
        self.files = files;
        self
    }

    /// Signs credentials with `key` (kept by the caller, e.g. in the data directory).
    pub fn with_issuer_key(mut self, key: tandem_credentials::IssuerKey) -> Self {
        self.issuer = Arc::new(key);
        self
    }

    /// Opens the database described by `options`.
    pub async fn connect(
        options: &DbOptions,
        rules: Rules,
        clock: Arc<dyn Clock>,
        config: AppConfig,
    ) -> AppResult<Self> {
        let db = Db::connect(options).await?;
        Ok(Self::new(db, rules, clock, config))
    }

    /// Tells the outbox worker that e-mails may be due (after a commit that wrote notices).
    pub(crate) fn wake_outbox(&self) {
        if self.config.email_enabled {
            self.outbox_wake.notify_one();
        }
    }

    pub fn now(&self) -> i64 {
        self.clock.now().timestamp()
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> AppResult<usize> {
        Ok(tandem_store::migrate::run(&self.db, self.now()).await?)
    }

    /// Stores bytes in the file store off the async threads (the store does blocking I/O).
    pub(crate) async fn put_file(&self, key: &str, bytes: Vec<u8>) -> AppResult<()> {
        let (files, key) = (self.files.clone(), key.to_owned());
        tokio::task::spawn_blocking(move || files.put(&key, &bytes))
            .await
            .map_err(|e| AppError::Unexpected(e.to_string()))?
            .map_err(|e| AppError::Unexpected(format!("file store: {e}")))
    }

    /// Reads bytes from the file store off the async threads.
    pub(crate) async fn get_file(&self, key: &str) -> AppResult<Vec<u8>> {
        let (files, key) = (self.files.clone(), key.to_owned());
        tokio::task::spawn_blocking(move || files.get(&key))
            .await
            .map_err(|e| AppError::Unexpected(e.to_string()))?
            .map_err(|e| AppError::Unexpected(format!("file store: {e}")))
    }
}

/// The records use cases return and the filters they take, re-exported so that `web` and
/// `cli` depend on this crate alone and never reach into the store.
pub mod records {
    pub use tandem_store::audit::{AuditFilter, AuditRow};
    pub use tandem_store::auth::TokenRow;
    pub use tandem_store::diagnosis::AssessmentRow;
    pub use tandem_store::diagnosis::PORTFOLIO_SORTS;
    pub use tandem_store::org::{ENTERPRISE_SORTS, EnterpriseFilter, EnterpriseRow, OrgFilter, OrgRef, OrgRow};
    pub use tandem_store::people::{MembershipRow, PEOPLE_SORTS, PeopleFilter, PersonRow};
    pub use tandem_store::sharing::{EQUIPMENT_SORTS, EquipmentFilter};
}
