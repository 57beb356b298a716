//! A small blocking WebDriver client for end-to-end tests in headless Chromium (Debian's
//! `chromium` and `chromium-driver`). It speaks the W3C protocol over plain HTTP on loopback.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Sends one HTTP/1.1 request and returns (status, body).
pub fn http(method: &str, port: u16, path: &str, body: Option<&Value>) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream.write_all(request.as_bytes())?;
    // Read the head, then exactly the body: chromedriver keeps connections open regardless of
    // `Connection: close`, so reading to the end would wait for the timeout.
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break raw.len();
        }
        raw.extend_from_slice(&chunk[..n]);
        if let Some(pos) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8_lossy(&raw[..head_end.min(raw.len())]).to_ascii_lowercase();
    let length =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let have = raw.len().saturating_sub(head_end);
        let done = match length {
            Some(len) => have >= len,
            None if chunked => raw.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = String::from_utf8_lossy(&raw[head_end.min(raw.len())..]).into_owned();
    let body = if chunked { dechunk(&body) } else { body };
    Ok((status, body))
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else { break };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

/// Where the browser and driver are, if installed.
pub fn chromium_paths() -> Option<(String, String)> {
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    let browser =
        ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].into_iter().find(|p| std::path::Path::new(p).exists())?;
    Some((driver.to_owned(), browser.to_owned()))
}

/// A running chromedriver with one headless Chromium session.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    profile: std::path::PathBuf,
}

#[derive(Debug, Clone)]
pub struct Element(String);

impl Browser {
    pub fn start(driver_path: &str, browser_path: &str) -> Self {
        let port = free_port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while http("GET", port, "/status", None).map(|(s, _)| s != 200).unwrap_or(true) {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = std::env::temp_dir().join(format!("tandem-chromium-{}-{port}", std::process::id()));
        // Pages ask "are you sure?" before destructive steps; the tests mean what they click.
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "unhandledPromptBehavior": "accept", "goog:chromeOptions": {
            "binary": browser_path,
            // The platform's people read Chinese; their browsers ask for it first.
            "prefs": {"intl.accept_languages": "zh-CN,zh"},
            "args": ["--lang=zh-CN", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                     format!("--user-data-dir={}", profile.display()), "--window-size=1280,900"]
        }}}});
        let (status, body) = http("POST", port, "/session", Some(&caps)).expect("create session");
        assert_eq!(status, 200, "session: {body}");
        let v: Value = serde_json::from_str(&body).expect("json");
        let session = v["value"]["sessionId"].as_str().expect("session id").to_owned();
        Browser { driver, port, session, profile }
    }

    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let full = format!("/session/{}{path}", self.session);
        let (status, text) = http(method, self.port, &full, body.as_ref()).map_err(|e| e.to_string())?;
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if status == 200 {
            Ok(v["value"].clone())
        } else {
            Err(format!("{method} {path}: {status} {}", v["value"]["message"]))
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The text of the first element matching `css`, if there is one right now.
    pub fn try_text(&self, css: &str) -> Option<String> {
        let v = self.try_call("POST", "/element", Some(json!({ "using": "css selector", "value": css }))).ok()?;
        let id = v[ELEMENT_KEY].as_str()?.to_owned();
        self.try_call("GET", &format!("/element/{id}/text"), None).ok()?.as_str().map(str::to_owned)
    }

    /// Waits up to ten seconds for `done` to hold, re-reading the page; pages load after clicks.
    pub fn wait_until(&self, what: &str, done: impl Fn(&Browser) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}; at {} ", self.url());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the element `css` exists and its text contains `needle`; returns the text.
    pub fn wait_text(&self, css: &str, needle: &str) -> String {
        self.wait_until(&format!("{css} to contain {needle:?}"), |b| {
            b.try_text(css).is_some_and(|t| t.contains(needle))
        });
        self.try_text(css).unwrap_or_default()
    }

    /// Waits until the current URL contains `needle`.
    pub fn wait_url(&self, needle: &str) {
        self.wait_until(&format!("the URL to contain {needle:?}"), |b| b.url().contains(needle));
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap_or_default().to_owned()
    }

    pub fn source(&self) -> String {
        self.call("GET", "/source", None).as_str().unwrap_or_default().to_owned()
    }

    pub fn resize(&self, width: u32, height: u32) {
        self.call("POST", "/window/rect", Some(json!({ "width": width, "height": height })));
    }

    pub fn find(&self, css: &str) -> Element {
        let v = self.call("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        Element(v[ELEMENT_KEY].as_str().unwrap_or_else(|| panic!("no element {css}")).to_owned())
    }

    /// Whether an element matches `css` now (`false` while a page is between documents).
    pub fn exists(&self, css: &str) -> bool {
        let v = self.try_call("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        v.ok().and_then(|v| v.as_array().map(|a| !a.is_empty())).unwrap_or(false)
    }

    pub fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &format!("/element/{}/text", e.0), None).as_str().unwrap_or_default().to_owned()
    }

    /// An attribute of the first element matching `css`, if it has it.
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        let e = self.find(css);
        self.call("GET", &format!("/element/{}/attribute/{name}", e.0), None).as_str().map(str::to_owned)
    }

    /// The current value of an input.
    pub fn value(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &format!("/element/{}/property/value", e.0), None).as_str().unwrap_or_default().to_owned()
    }

    pub fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{}/click", e.0), Some(json!({})));
    }

    /// Replaces the value of an input.
    pub fn fill(&self, css: &str, value: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{}/clear", e.0), Some(json!({})));
        self.call("POST", &format!("/element/{}/value", e.0), Some(json!({ "text": value })));
    }

    /// Sets an input's value directly, for date and time inputs whose typing depends on locale.
    pub fn set_value(&self, css: &str, value: &str) {
        let script = "document.querySelector(arguments[0]).value = arguments[1];";
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [css, value] })));
    }

    /// The document's language, or `None` while a page is loading.
    pub fn page_lang(&self) -> Option<String> {
        let script = json!({ "script": "return document.documentElement.lang;", "args": [] });
        self.try_call("POST", "/execute/sync", Some(script)).ok()?.as_str().map(str::to_owned)
    }

    /// Runs `script` in the page and returns what it returns.
    pub fn script(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// How much wider than the viewport the page lays out, in CSS pixels (0 when it fits).
    pub fn overflow_px(&self) -> i64 {
        self.script("return document.documentElement.scrollWidth - window.innerWidth;").as_i64().unwrap_or(0)
    }

    pub fn select(&self, select_css: &str, value: &str) {
        self.click(&format!("{select_css} option[value='{value}']"));
    }

    /// Prints the page to an A4 PDF, as the browser's print dialog would.
    pub fn print_pdf(&self, path: &std::path::Path) {
        let b64 =
            self.call("POST", "/print", Some(json!({ "page": { "width": 21.0, "height": 29.7 }, "background": true })));
        if let Some(bytes) = b64.as_str().and_then(base64_decode) {
            let _ = std::fs::write(path, bytes);
        }
    }

    /// Saves a PNG screenshot of the viewport.
    pub fn screenshot(&self, path: &std::path::Path) {
        let b64 = self.call("GET", "/screenshot", None);
        if let Some(bytes) = b64.as_str().and_then(base64_decode) {
            let _ = std::fs::write(path, bytes);
        }
    }
}

impl Browser {
    /// Saves a PNG of the whole page at `width` (up to 6,000 px tall), then restores the
    /// window to `width` × `height`.
    pub fn screenshot_full(&self, path: &std::path::Path, width: u32, height: u32) {
        self.resize(width, height);
        let full = self.script("return document.documentElement.scrollHeight;").as_u64().unwrap_or(u64::from(height));
        let full = u32::try_from(full).unwrap_or(height).clamp(height, 6000);
        self.resize(width, full);
        self.screenshot(path);
        self.resize(width, height);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http("DELETE", self.port, &format!("/session/{}", self.session), None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buf >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_chunked_bodies_decode() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(dechunk("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), "hello world");
    }
}
