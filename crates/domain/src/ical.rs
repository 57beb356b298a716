//! iCalendar (RFC 5545) text for calendar subscriptions: people subscribe to their bookings
//! from Outlook, Apple Calendar or a phone, so the output must follow the RFC's escaping,
//! CRLF line ends and 75-octet line folding exactly.

/// One event in a feed. Times are UTC epoch seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across refreshes, so clients update an event instead of duplicating it.
    pub uid: String,
    pub start: i64,
    pub end: i64,
    pub summary: String,
    pub location: Option<String>,
    pub description: Option<String>,
    /// `CONFIRMED` or `TENTATIVE`.
    pub status: &'static str,
}

/// A whole calendar named `name`; `stamp` is when it was generated.
pub fn calendar(name: &str, events: &[Event], stamp: i64) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold_into(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Tandem//Shared equipment//ZH".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&e.uid)));
        line(format!("DTSTAMP:{}", utc(stamp)));
        line(format!("DTSTART:{}", utc(e.start)));
        line(format!("DTEND:{}", utc(e.end)));
        line(format!("SUMMARY:{}", escape(&e.summary)));
        if let Some(l) = &e.location {
            line(format!("LOCATION:{}", escape(l)));
        }
        if let Some(d) = &e.description {
            line(format!("DESCRIPTION:{}", escape(d)));
        }
        line(format!("STATUS:{}", e.status));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// `19980119T070000Z` form (RFC 5545 §3.3.5, form #2).
fn utc(epoch: i64) -> String {
    chrono::DateTime::from_timestamp(epoch, 0)
        .map(|d| d.format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|| "19700101T000000Z".into())
}

/// TEXT escaping (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets without splitting a UTF-8 character (§3.1).
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(summary: &str) -> Event {
        Event {
            uid: "booking-7@tandem".into(),
            start: 1_796_086_800,
            end: 1_796_090_400,
            summary: summary.into(),
            location: Some("实验楼 105 室".into()),
            description: None,
            status: "CONFIRMED",
        }
    }

    #[test]
    fn events_are_written_in_utc_with_escaped_text_and_crlf() {
        let text = calendar("我的预约", &[event("扫描电镜; 样品, 第2批")], 1_796_000_000);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(text.contains("\r\nDTSTART:20261201T010000Z\r\nDTEND:20261201T020000Z\r\n"), "{text}");
        assert!(text.contains("SUMMARY:扫描电镜\\; 样品\\, 第2批\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "no bare line feeds");
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let long = "微".repeat(60);
        let text = calendar("x", &[event(&long)], 0);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{long}\r\n")));
    }
}
