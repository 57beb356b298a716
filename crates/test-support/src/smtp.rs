//! A real SMTP server for tests: aiosmtpd (from PyPI) with our `smtp_sink.py` handler, which
//! writes each message it receives as a JSON line.

use serde_json::Value;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    out: PathBuf,
}

impl SmtpSink {
    /// Starts the sink on a free port; `None` when python3 with aiosmtpd is not installed (the
    /// caller decides whether that skips or fails the test).
    pub fn start() -> Option<SmtpSink> {
        let port = crate::webdriver::free_port();
        Self::start_on(port)
    }

    /// Starts the sink on `port` (again, after `stop`, to bring a mail server back).
    pub fn start_on(port: u16) -> Option<SmtpSink> {
        Self::start_with(port, "smtp_sink.JsonLines")
    }

    /// A sink that only counts (one line per message, nothing parsed), for benchmarks: the
    /// parsing sink spends a core on Python's `email` package and becomes what is measured.
    pub fn start_counting() -> Option<SmtpSink> {
        Self::start_with(crate::webdriver::free_port(), "smtp_sink.Count")
    }

    /// How many messages arrived (either sink).
    pub fn count(&self) -> usize {
        std::fs::read_to_string(&self.out).unwrap_or_default().lines().count()
    }

    /// Waits up to `secs` until at least `n` messages arrived; returns the count.
    pub fn wait_for_count(&self, secs: u64, n: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.count();
            if got >= n || Instant::now() >= deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn start_with(port: u16, handler: &str) -> Option<SmtpSink> {
        let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let out = std::env::temp_dir().join(format!("tandem-smtp-{}.jsonl", crate::unique_suffix()));
        let probe = Command::new("python3").args(["-c", "import aiosmtpd"]).stderr(Stdio::null()).status();
        if !probe.is_ok_and(|s| s.success()) {
            return None;
        }
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", handler])
            .arg(&out)
            .env("PYTHONPATH", &here)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .ok()?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the SMTP sink did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(SmtpSink { child, port, out })
    }

    /// `smtp://127.0.0.1:<port>`, for `TANDEM_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far: `{"to": [...], "subject", "body", "message_id", "from"}`.
    pub fn messages(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Waits up to `secs` for the messages to satisfy `done`; returns them either way.
    pub fn wait_for(&self, secs: u64, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.messages();
            if done(&got) || Instant::now() >= deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.out);
    }
}
