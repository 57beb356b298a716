//! Test helpers shared by the crates' test suites: a fresh, migrated database on each backend.
//!
//! PostgreSQL is reached through `TANDEM_TEST_POSTGRES_URL`; each test gets its own schema. When
//! `TANDEM_TEST_REQUIRE_POSTGRES` is set (CI sets it), a missing URL fails the test instead of
//! silently testing SQLite alone.

// The test variables are read here and nowhere else outside `tandem-cli` (clippy.toml).
#![allow(clippy::disallowed_methods)]

pub mod smtp;
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
    let t = unmigrated_sqlite().await;
    tandem_store::migrate::run(&t.db, TEST_EPOCH).await.expect("migrate sqlite");
    t
}

/// An empty SQLite database, for tests that migrate it step by step.
pub async fn unmigrated_sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(format!("tandem-test-{}", unique_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}", dir.join("t.db").display());
    let db = Db::connect(&DbOptions::new(url)).await.expect("open sqlite");
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
    let schemas: Vec<(String,)> =
        tandem_store::testing::schemas_with_prefix(pool, "tandem_t_").await.unwrap_or_default();
    for (name,) in schemas {
        let pid = name.trim_start_matches("tandem_t_").split('_').next().and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !std::path::Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = tandem_store::testing::drop_schema(admin, &name).await;
        }
    }
}

pub async fn postgres() -> Option<TestDb> {
    let t = unmigrated_postgres().await?;
    tandem_store::migrate::run(&t.db, TEST_EPOCH).await.expect("migrate postgres");
    Some(t)
}

/// An empty PostgreSQL schema of its own, when configured.
pub async fn unmigrated_postgres() -> Option<TestDb> {
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
    Some(TestDb { db, sqlite_dir: None })
}

/// Empty databases on SQLite always and PostgreSQL when configured.
pub async fn unmigrated_backends() -> Vec<TestDb> {
    let mut dbs = vec![unmigrated_sqlite().await];
    if let Some(pg) = unmigrated_postgres().await {
        dbs.push(pg);
    }
    dbs
}

/// SQLite always, PostgreSQL when configured.
pub async fn all_backends() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    if let Some(pg) = postgres().await {
        dbs.push(pg);
    }
    dbs
}

/// A `tandem serve` process on a free loopback port with its own data directory.
pub struct Server {
    child: std::process::Child,
    pub port: u16,
    pub data_dir: PathBuf,
    /// Milliseconds from spawning the process until `/readyz` answered 200.
    pub ready_after_ms: u128,
}

impl Server {
    /// Starts the binary at `exe` and waits until it is ready.
    pub fn start(exe: &str, extra_args: &[&str], env: &[(&str, &str)]) -> Server {
        let port = webdriver::free_port();
        let data_dir = std::env::temp_dir().join(format!("tandem-server-{}", unique_suffix()));
        Self::start_in(exe, &data_dir, port, extra_args, env)
    }

    pub fn start_in(
        exe: &str,
        data_dir: &std::path::Path,
        port: u16,
        extra_args: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        let started = std::time::Instant::now();
        let mut cmd = std::process::Command::new(exe);
        cmd.arg("serve")
            .arg("--addr")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(data_dir)
            .args(extra_args)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start tandem");
        let deadline = started + std::time::Duration::from_secs(60);
        loop {
            if webdriver::http("GET", port, "/readyz", None).is_ok_and(|(s, _)| s == 200) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "tandem did not become ready");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Server { child, port, data_dir: data_dir.to_path_buf(), ready_after_ms: started.elapsed().as_millis() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM and waits, keeping the data directory for a restart with `start_in`;
    /// returns whether the process exited successfully.
    pub fn stop_keeping_data(mut self) -> bool {
        let _ = std::process::Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let ok = self.child.wait().map(|s| s.success()).unwrap_or(false);
        std::mem::forget(self);
        ok
    }

    /// Sends SIGTERM and waits; returns whether the process exited successfully.
    pub fn terminate(mut self) -> bool {
        let _ = std::process::Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let ok = self.child.wait().map(|s| s.success()).unwrap_or(false);
        let _ = std::fs::remove_dir_all(&self.data_dir);
        std::mem::forget(self);
        ok
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
