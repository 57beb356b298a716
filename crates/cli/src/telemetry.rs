//! Logging: human-readable by default, JSON with `TANDEM_LOG_FORMAT=json`; filter with `RUST_LOG`.

use tracing_subscriber::EnvFilter;

// The command line is where Tandem reads its environment (clippy.toml refuses it elsewhere).
#[allow(clippy::disallowed_methods)]
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let json = std::env::var("TANDEM_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.compact().init();
    }
}
