//! A bounded load test on loopback: starts the real `tandem serve` (release build), then keeps
//! a fixed number of keep-alive connections busy for a fixed time on the authenticated
//! enterprise list, and reports throughput, latency percentiles, memory and start-up time.
//!
//! `cargo bench -p tandem-cli --bench load` (SQLite). For PostgreSQL set
//! `TANDEM_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432` (a database `tandem_bench`
//! is dropped and created there). `TANDEM_BENCH_SECONDS` and `TANDEM_BENCH_CONNECTIONS` tune it.

// The bench runs the real server in real time and reads its switches from the environment.
#![allow(clippy::disallowed_methods)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tandem_test_support::Server;
use tandem_test_support::webdriver::{free_port, http};

const EXE: &str = env!("CARGO_BIN_EXE_tandem");

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Reads one HTTP/1.1 response from a keep-alive connection; returns the status.
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

struct Outcome {
    requests: usize,
    errors: usize,
    seconds: f64,
    latencies_us: Vec<u64>,
}

fn load(port: u16, path: &str, header: &str, connections: usize, seconds: u64) -> Outcome {
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let stop = stop.clone();
            let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{header}\r\n\r\n");
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                stream.set_nodelay(true).ok();
                let mut writer = stream.try_clone().expect("clone");
                let mut reader = BufReader::new(stream);
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    if writer.write_all(request.as_bytes()).is_err() {
                        errors += 1;
                        break;
                    }
                    match read_response(&mut reader) {
                        Ok(200) => latencies.push(u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX)),
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.join().expect("worker");
        all.extend(l);
        errors += e;
    }
    let secs = started.elapsed().as_secs_f64();
    all.sort_unstable();
    Outcome { requests: all.len(), errors, seconds: secs, latencies_us: all }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

fn memory_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// Signs in through the form (`email` already form-encoded) and returns the session cookie.
fn session_of(port: u16, email: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let body = format!("email={email}&password=tandem-demo&next=%2F");
    write!(
        stream,
        "POST /signin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("sign in");
    let mut head = String::new();
    BufReader::new(stream).read_to_string(&mut head).ok();
    head.lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: tandem_session=").or_else(|| l.strip_prefix("Set-Cookie: tandem_session="))
        })
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_owned()
}

fn main() {
    // Benches are also run by `cargo test --benches`; only measure when asked to bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let seconds = env_number("TANDEM_BENCH_SECONDS", 10);
    let connections = usize::try_from(env_number("TANDEM_BENCH_CONNECTIONS", 16)).unwrap_or(16);
    let pg = std::env::var("TANDEM_BENCH_POSTGRES_URL").ok();
    let mut env: Vec<(&str, String)> = vec![];
    let backend = if let Some(base) = &pg {
        let base = base.trim_end_matches('/');
        for sql in ["DROP DATABASE IF EXISTS tandem_bench", "CREATE DATABASE tandem_bench"] {
            let ok = std::process::Command::new("psql").arg(format!("{base}/postgres")).arg("-qc").arg(sql).status();
            assert!(ok.is_ok_and(|s| s.success()), "psql {sql}");
        }
        env.push(("TANDEM_DATABASE_URL", format!("{base}/tandem_bench")));
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let data_dir = std::env::temp_dir().join(format!("tandem-bench-{}", std::process::id()));
    let port = free_port();

    let first = Server::start_in(EXE, &data_dir, port, &[], &env_refs);
    let first_ms = first.ready_after_ms;
    let _ = std::fs::create_dir_all(&data_dir);
    // Keep the data: stop without removing the directory by restarting on the same one.
    let pid = first.pid();
    let _ = std::process::Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
    std::mem::forget(first);
    std::thread::sleep(Duration::from_millis(500));
    let server = Server::start_in(EXE, &data_dir, port, &[], &env_refs);

    let mut token_cmd = std::process::Command::new(EXE);
    token_cmd.args(["token", "create", "--user", "staff@tandem.demo", "--name", "bench", "--data-dir"]).arg(&data_dir);
    for (k, v) in &env_refs {
        token_cmd.env(k, v);
    }
    let out = token_cmd.output().expect("token create");
    let token = String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or_default().trim().to_owned();
    assert!(token.starts_with("tdm_"), "no token: {}", String::from_utf8_lossy(&out.stderr));

    let cookie = session_of(port, "staff%40tandem.demo");
    let teacher = session_of(port, "teacher%40tandem.demo");
    let gov = session_of(port, "gov%40tandem.demo");
    let student = session_of(port, "student%40tandem.demo");
    let enterprise = session_of(port, "enterprise%40tandem.demo");
    let (status, _) = http("GET", port, "/readyz", None).expect("ready");
    assert_eq!(status, 200);

    println!("# Tandem load test — {backend}, {connections} connections, {seconds} s per target\n");
    println!("| target | requests/s | p50 ms | p99 ms | max ms | errors |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let targets = [
        (
            "API `GET /api/v1/enterprises?per_page=50` (bearer token)",
            "/api/v1/enterprises?per_page=50",
            format!("Authorization: Bearer {token}"),
        ),
        (
            "page `GET /enterprises` (50 rows, session cookie)",
            "/enterprises",
            format!("Cookie: tandem_session={cookie}"),
        ),
        ("home `GET /` of university staff (to-do and figures)", "/", format!("Cookie: tandem_session={cookie}")),
        ("home `GET /` of a lab teacher (bookings waiting)", "/", format!("Cookie: tandem_session={teacher}")),
        ("API `GET /api/v1/me/todo` of a lab teacher", "/api/v1/me/todo", format!("Cookie: tandem_session={teacher}")),
        ("home `GET /` of a government officer (regional breakdowns)", "/", format!("Cookie: tandem_session={gov}")),
        ("home `GET /` of a student (own figures)", "/", format!("Cookie: tandem_session={student}")),
        ("home `GET /` of an enterprise administrator", "/", format!("Cookie: tandem_session={enterprise}")),
    ];
    for (label, path, header) in &targets {
        let o = load(port, path, header, connections, seconds);
        println!(
            "| {label} | {:.0} | {:.2} | {:.2} | {:.2} | {} |",
            o.requests as f64 / o.seconds,
            percentile(&o.latencies_us, 0.50),
            percentile(&o.latencies_us, 0.99),
            percentile(&o.latencies_us, 1.0),
            o.errors
        );
    }
    let rss = memory_kib(server.pid(), "VmRSS:");
    let peak = memory_kib(server.pid(), "VmHWM:");
    println!();
    println!("- resident memory after the load: {:.1} MB (peak {:.1} MB)", rss as f64 / 1024.0, peak as f64 / 1024.0);
    println!("- first start (migrate + demo data) until `/readyz` answers: {first_ms} ms");
    println!("- restart on the same database until `/readyz` answers: {} ms", server.ready_after_ms);
    drop(server);
    let _ = std::fs::remove_dir_all(&data_dir);
}
