//! Formatting shared by pages and the API: instants, query strings, local redirects.

/// Epoch seconds as RFC 3339 UTC.
pub fn rfc3339(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Builds `a=1&b=2` from the non-empty pairs.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A redirect target from a form: only paths on this site.
pub fn safe_next(next: &str) -> &str {
    // Browsers drop tabs and newlines from a Location and read `\` as `/`, so `/\t/evil` would
    // become `//evil`: refuse control characters and backslashes outright.
    let local = next.starts_with('/') && !next.starts_with("//") && !next.chars().any(|c| c.is_control() || c == '\\');
    if local { next } else { "/" }
}

/// `path` with `done=<code>` in its query: after a successful form post, the page it redirects
/// to says what was done (`PageCtx::done`). Any earlier `done` is replaced; a `#fragment` stays.
pub fn done(path: &str, code: &str) -> String {
    let (rest, fragment) = match path.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (path, None),
    };
    let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("done=")).collect();
    let flag = format!("done={}", url_encode(code));
    pairs.push(&flag);
    let mut out = format!("{base}?{}", pairs.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The `done` code in a path's query, if any.
pub fn done_code(path: &str) -> Option<&str> {
    let query = path.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|p| p.strip_prefix("done="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_done_code_rides_the_redirect_and_replaces_an_earlier_one() {
        assert_eq!(done("/bookings", "booking.approved"), "/bookings?done=booking.approved");
        assert_eq!(
            done("/bookings?page=2&done=x#queue", "booking.rejected"),
            "/bookings?page=2&done=booking.rejected#queue"
        );
        assert_eq!(done_code("/bookings?page=2&done=booking.rejected"), Some("booking.rejected"));
        assert_eq!(done_code("/bookings?page=2"), None);
        assert_eq!(done_code("/bookings"), None);
    }

    #[test]
    fn only_local_redirects_are_followed() {
        assert_eq!(safe_next("/enterprises?page=2"), "/enterprises?page=2");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/orgs\r\nSet-Cookie: x=1"), "/");
    }
}
