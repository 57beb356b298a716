//! All of Tandem's SQL. One `Db` value wraps either a SQLite or a PostgreSQL pool; each query
//! is written once in portable SQL with `$N` placeholders and runs on both typed drivers.
//! Instants are stored as UTC epoch seconds (`BIGINT`) so range maths is identical on both.

pub mod audit;
pub mod auth;
pub mod credentials;
pub mod diagnosis;
mod dynamic;
pub mod files;
pub mod home;
pub mod migrate;
pub mod notifications;
pub mod org;
mod page;
pub mod people;
pub mod policy;
pub mod research;
pub mod sharing;
pub mod talent;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

pub use page::{Page, Sort};

/// A connection pool on one of the two supported backends.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// A write transaction. On SQLite it was begun with `BEGIN IMMEDIATE`, so it holds the single
/// writer lock from the start and a read-then-write sequence cannot fail half-way with `SQLITE_BUSY`.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Pg(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$p` bound to the backend's pool.
macro_rules! with_db {
    ($db:expr, $p:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite($p) => $body,
            $crate::Db::Pg($p) => $body,
        }
    };
}
pub(crate) use with_db;

/// Runs `$body` with `$c` bound to the transaction's connection.
macro_rules! with_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Pg(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use with_tx;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write; carries the constraint or column text the database gave.
    #[error("duplicate value ({0})")]
    Duplicate(String),
    /// A foreign key refused the write.
    #[error("reference to a missing record")]
    MissingReference,
    #[error("unsupported database URL: {0}")]
    UnsupportedUrl(String),
    #[error("migration {version} failed: {source}")]
    Migration { version: i64, source: sqlx::Error },
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation => {
                    let what = db.constraint().map(str::to_owned).unwrap_or_else(|| db.message().to_owned());
                    return StoreError::Duplicate(what);
                }
                sqlx::error::ErrorKind::ForeignKeyViolation => return StoreError::MissingReference,
                _ => {}
            }
        }
        StoreError::Database(e)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// How to open the database.
#[derive(Debug, Clone)]
pub struct DbOptions {
    pub url: String,
    pub max_connections: u32,
    /// PostgreSQL schema to use instead of `public` (tests use one schema each).
    pub pg_schema: Option<String>,
}

impl DbOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into(), max_connections: 8, pg_schema: None }
    }
}

impl Db {
    /// Opens a pool for `sqlite://…` or `postgres://…` URLs. A SQLite file is created if missing.
    pub async fn connect(options: &DbOptions) -> StoreResult<Db> {
        let url = options.url.as_str();
        if url.starts_with("sqlite:") {
            let connect = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(options.max_connections)
                .min_connections(1)
                .connect_with(connect)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let mut connect = PgConnectOptions::from_str(url)?;
            if let Some(schema) = &options.pg_schema {
                connect = connect.options([("search_path", schema.as_str())]);
            }
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(connect)
                .await?;
            Ok(Db::Pg(pool))
        } else {
            Err(StoreError::UnsupportedUrl(url.chars().take(20).collect()))
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Pg(_) => "postgres",
        }
    }

    /// Begins a write transaction (`BEGIN IMMEDIATE` on SQLite).
    pub async fn begin_write(&self) -> StoreResult<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Pg(p) => Tx::Pg(p.begin().await?),
        })
    }

    /// A trivial round trip, for readiness checks.
    pub async fn ping(&self) -> StoreResult<()> {
        with_db!(self, p => sqlx::query("SELECT 1").execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Refreshes the planner's statistics after a bulk load. PostgreSQL plans from them and,
    /// until autovacuum gets round to a new table, guesses one row per table (a nested loop
    /// over every booking instead of a hash join); SQLite plans without them.
    pub async fn refresh_statistics(&self) -> StoreResult<()> {
        if let Db::Pg(p) = self {
            // This schema's tables only: a bare ANALYZE would visit every schema in the database.
            let tables: Vec<String> =
                sqlx::query_scalar("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()")
                    .fetch_all(p)
                    .await?;
            if !tables.is_empty() {
                sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {}", tables.join(", ")))).execute(p).await?;
            }
        }
        Ok(())
    }

    pub async fn close(&self) {
        with_db!(self, p => p.close().await);
    }
}

impl Tx {
    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Pg(t) => t.commit().await?,
        }
        Ok(())
    }
}

pub use sqlx::PgPool;

/// Schema management for test isolation on PostgreSQL. Not used by the product.
pub mod testing {
    use crate::{Db, StoreResult};
    use sqlx::AssertSqlSafe;

    fn checked(name: &str) -> bool {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    }

    pub async fn create_schema(db: &Db, name: &str) -> StoreResult<()> {
        if let (Db::Pg(p), true) = (db, checked(name)) {
            sqlx::query(AssertSqlSafe(format!("CREATE SCHEMA {name}"))).execute(p).await?;
        }
        Ok(())
    }

    pub async fn drop_schema(db: &Db, name: &str) -> StoreResult<()> {
        if let (Db::Pg(p), true) = (db, checked(name)) {
            sqlx::query(AssertSqlSafe(format!("DROP SCHEMA IF EXISTS {name} CASCADE"))).execute(p).await?;
        }
        Ok(())
    }

    pub async fn schemas_with_prefix(pool: &sqlx::PgPool, prefix: &str) -> StoreResult<Vec<(String,)>> {
        Ok(sqlx::query_as("SELECT schema_name::text FROM information_schema.schemata WHERE schema_name LIKE $1")
            .bind(format!("{prefix}%"))
            .fetch_all(pool)
            .await?)
    }
}
