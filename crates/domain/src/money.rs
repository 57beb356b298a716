//! Money is integer fen (1/100 yuan); never floats.
//!
//! Enterprise figures are entered in 万元 (10,000 yuan) because that is the unit of every
//! official threshold; they are parsed exactly into fen.

/// Fen in one 万元.
pub const FEN_PER_WAN: i64 = 1_000_000;

/// Parses a non-negative decimal amount of 万元 with at most six decimals (one fen) into fen.
pub fn parse_wan_to_fen(raw: &str) -> Option<i64> {
    let s = raw.trim().replace([',', '，'], "");
    if s.is_empty() || s.starts_with('-') || s.starts_with('+') {
        return None;
    }
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) || frac.len() > 6 {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut frac_fen: i64 = 0;
    for (i, c) in frac.chars().enumerate() {
        let digit = i64::from(c.to_digit(10)?);
        frac_fen += digit * 10_i64.pow(5 - u32::try_from(i).ok()?);
    }
    whole.checked_mul(FEN_PER_WAN)?.checked_add(frac_fen)
}

/// Formats fen as 万元 with up to two decimals, trailing zeros removed (`1234.5`).
pub fn format_fen_as_wan(fen: i64) -> String {
    let hundredths = (fen + FEN_PER_WAN / 200) / (FEN_PER_WAN / 100);
    let whole = hundredths / 100;
    let frac = hundredths % 100;
    if frac == 0 {
        whole.to_string()
    } else if frac % 10 == 0 {
        format!("{whole}.{}", frac / 10)
    } else {
        format!("{whole}.{frac:02}")
    }
}

/// Whole 万元 rounded down, for comparing against thresholds written in whole 万元.
/// Yuan with two decimals, `1234.50`, for tables and exports.
pub fn format_fen_as_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", (fen / 100).abs(), (fen % 100).abs())
}

pub fn fen_to_wan_floor(fen: i64) -> i64 {
    fen.div_euclid(FEN_PER_WAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        assert_eq!(parse_wan_to_fen("1"), Some(1_000_000));
        assert_eq!(parse_wan_to_fen("1234.5"), Some(1_234_500_000));
        assert_eq!(parse_wan_to_fen("0.000001"), Some(1));
        assert_eq!(parse_wan_to_fen("40,000"), Some(40_000_000_000));
        assert_eq!(parse_wan_to_fen(".5"), Some(500_000));
        assert_eq!(parse_wan_to_fen("-1"), None);
        assert_eq!(parse_wan_to_fen("1e3"), None);
        assert_eq!(parse_wan_to_fen("0.0000001"), None);
        assert_eq!(parse_wan_to_fen("."), None);
        assert_eq!(parse_wan_to_fen("99999999999999999999"), None);
    }

    #[test]
    fn formats_round_trip() {
        assert_eq!(format_fen_as_wan(1_234_500_000), "1234.5");
        assert_eq!(format_fen_as_wan(1_000_000), "1");
        assert_eq!(format_fen_as_wan(1_230_000), "1.23");
        assert_eq!(fen_to_wan_floor(1_999_999), 1);
        assert_eq!(format_fen_as_yuan(20_050), "200.50");
        assert_eq!(format_fen_as_yuan(-5), "-0.05");
    }
}
