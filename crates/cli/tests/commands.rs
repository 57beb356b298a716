//! The subcommands of the real binary: migrate, demo, user and token administration.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use std::io::Write;
use std::process::{Command, Output, Stdio};
use tandem_test_support::Server;
use tandem_test_support::webdriver::http;

const EXE: &str = env!("CARGO_BIN_EXE_tandem");

fn tandem(data_dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(EXE)
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env("RUST_LOG", "warn")
        .env_remove("TANDEM_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn administration_commands_work_on_a_fresh_database() {
    let dir = std::env::temp_dir().join(format!("tandem-cmd-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);

    let o = tandem(&dir, &["migrate"], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("tandem.db").exists());

    let o = tandem(&dir, &["demo"], None);
    assert!(o.status.success());
    assert!(stdout(&o).contains("19 colleges, 24 centres, 302 labs, 320 enterprises"), "{}", stdout(&o));
    // Demo datasets keep their files in the data directory.
    let stored = std::fs::read_dir(dir.join("files/datasets")).map(|d| d.count()).unwrap_or(0);
    assert!(stored >= 40, "one folder per demo dataset under files/datasets, found {stored}");
    let again = tandem(&dir, &["demo"], None);
    assert!(!again.status.success(), "the demo loads only into an empty database");

    // The token is printed alone on the last line, for scripts.
    let o = tandem(&dir, &["token", "create", "--user", "admin@tandem.demo", "--name", "ci"], None);
    assert!(o.status.success());
    let token = stdout(&o).lines().last().unwrap().to_owned();
    assert!(token.starts_with("tdm_") && !token.contains(' '), "{token}");
    let missing = tandem(&dir, &["token", "create", "--user", "nobody@example.cn"], None);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nobody@example.cn"));

    // A new administrator with the password on standard input.
    let o = tandem(
        &dir,
        &["user", "create", "--email", "ops@example.cn", "--name", "运维", "--role", "platform_admin", "--org", "1"],
        Some("a-strong-password\n"),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let weak = tandem(&dir, &["user", "create", "--email", "weak@example.cn", "--name", "弱"], Some("short\n"));
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));
    let o = tandem(&dir, &["user", "reset-password", "--email", "ops@example.cn"], Some("another-strong-password\n"));
    assert!(o.status.success());

    // The server uses what the commands wrote: the token works and the new admin signs in.
    let port = tandem_test_support::webdriver::free_port();
    let server = Server::start_in(EXE, &dir, port, &["--no-demo"], &[]);
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut reply = String::new();
    std::io::Read::read_to_string(&mut stream, &mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("admin@tandem.demo"));
    // A dataset file is read back from the data directory, as an attachment.
    let get = |path: &str| {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut reply = String::new();
        std::io::Read::read_to_string(&mut stream, &mut reply).unwrap();
        reply
    };
    let dataset = get("/api/v1/datasets/1");
    let at = dataset.find("/api/v1/datasets/1/files/").expect("the first demo dataset has a file");
    let link: String = dataset[at..].chars().take_while(|c| *c != '"').collect();
    let file = get(&link);
    assert!(file.starts_with("HTTP/1.1 200") && file.contains("attachment;"), "{file}");
    assert!(file.contains("sample_id,current_a"), "the CSV's bytes came back");
    let (status, _) = http("GET", port, "/healthz", None).unwrap();
    assert_eq!(status, 200);
    assert!(server.terminate(), "SIGTERM stops the server cleanly");
}

#[test]
fn serve_without_demo_starts_empty() {
    let server = Server::start(EXE, &["--no-demo"], &[]);
    assert!(server.ready_after_ms < 10_000);
    let (status, body) = http("GET", server.port, "/signin", None).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("<form"));
    let o = tandem(&server.data_dir, &["token", "create", "--user", "admin@tandem.demo"], None);
    assert!(!o.status.success(), "no demo accounts exist");
}
