//! Test helpers shared by the crates' test suites: a fresh, migrated database on each backend.
//!
//! PostgreSQL is reached through `TANDEM_TEST_POSTGRES_URL`; each test gets its own schema. When
//! `TANDEM_TEST_REQUIRE_POSTGRES` is set (CI sets it), a missing URL fails the test instead of
//! silently testing SQLite alone.

pub mod webdriver;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use tandem_store::{Db, DbOptions};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A migrated database that lives as long as this value (SQLite files are removed on drop).
pub struct TestDb {
    pub db: Db,
    sqlite_dir: Option<PathBuf>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = &self.sqlite_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn unique_suffix() -> String {
    format!("{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), rand::random::<u32>())
}

/// Migration time used by tests: 2026-11-25T00:00:00Z.
pub const TEST_EPOCH: i64 = 1_795_564_800;

pub async fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(format!("tandem-test-{}", unique_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}", dir.join("t.db").display());
    let db = Db::connect(&DbOptions::new(url)).await.expect("open sqlite");
    tandem_store::migrate::run(&db, TEST_EPOCH).await.expect("migrate sqlite");
    TestDb { db, sqlite_dir: Some(dir) }
}

pub fn postgres_url() -> Option<String> {
    match std::env::var("TANDEM_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("TANDEM_TEST_REQUIRE_POSTGRES").is_none(),
                "TANDEM_TEST_REQUIRE_POSTGRES is set but TANDEM_TEST_POSTGRES_URL is not"
            );
            None
        }
    }
}

/// Drops schemas left behind by earlier test processes that are no longer running.
async fn sweep_stale_schemas(admin: &Db) {
    let Db::Pg(pool) = admin else { return };
    let schemas: Vec<(String,)> = sqlx_query_schemas(pool).await.unwrap_or_default();
    for (name,) in schemas {
        let pid = name.trim_start_matches("tandem_t_").split('_').next().and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            if pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                let _ = tandem_store::testing::drop_schema(admin, &name).await;
            }
        }
    }
}

async fn sqlx_query_schemas(pool: &tandem_store::PgPool) -> Result<Vec<(String,)>, tandem_store::StoreError> {
    tandem_store::testing::schemas_with_prefix(pool, "tandem_t_").await
}

pub async fn postgres() -> Option<TestDb> {
    let url = postgres_url()?;
    let admin = Db::connect(&DbOptions { url: url.clone(), max_connections: 2, pg_schema: None })
        .await
        .expect("connect to TANDEM_TEST_POSTGRES_URL");
    if COUNTER.load(Ordering::Relaxed) == 0 {
        sweep_stale_schemas(&admin).await;
    }
    let schema = format!("tandem_t_{}", unique_suffix());
    tandem_store::testing::create_schema(&admin, &schema).await.expect("create schema");
    admin.close().await;
    let db = Db::connect(&DbOptions { url, max_connections: 8, pg_schema: Some(schema) }).await.expect("connect");
    tandem_store::migrate::run(&db, TEST_EPOCH).await.expect("migrate postgres");
    Some(TestDb { db, sqlite_dir: None })
}

/// SQLite always, PostgreSQL when configured.
pub async fn all_backends() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    if let Some(pg) = postgres().await {
        dbs.push(pg);
    }
    dbs
}
