//! What a lab manager publishes about an item: its description, booking policy and rates.
//! The browser form and the API both hand in text, so one parser checks both the same way.

use super::{ApprovalMode, Policy};
use crate::validation::{FieldErrors, optional_integer, optional_text, required_text};

/// Kinds of instrument in the catalogue; the code is stable and translatable.
pub const CATEGORIES: [&str; 10] = [
    "microscopy",
    "metrology",
    "machining",
    "testing",
    "robotics",
    "analysis",
    "electronics",
    "additive",
    "energy",
    "vision",
];

pub const STATUSES: [&str; 3] = ["available", "maintenance", "retired"];

/// Who pays which rate: the university's own people, other academics, enterprises.
pub const USER_CLASSES: [&str; 3] = ["internal", "external_academic", "enterprise"];

/// Slot sizes a lab may choose; each divides a day, so slots line up with midnight.
pub const SLOT_MINUTES: [i64; 7] = [5, 10, 15, 30, 60, 120, 240];

/// The highest hourly rate accepted (¥100,000), to catch a misplaced decimal point.
pub const MAX_FEN_PER_HOUR: i64 = 10_000_000;

/// The form or JSON fields as text. `rates` holds one entry per user class; empty means the
/// class may not book.
#[derive(Debug, Clone, Default)]
pub struct ItemInput {
    pub name: String,
    pub model: String,
    pub maker: String,
    pub category: String,
    pub location: String,
    pub description: String,
    pub capabilities: String,
    pub status: String,
    /// `YYYY-MM-DD` (China time); the item is back in service from that day.
    pub maintenance_until: String,
    pub approval_mode: String,
    pub requires_authorisation: bool,
    pub authorisation_valid_days: String,
    pub slot_minutes: String,
    pub min_minutes: String,
    pub max_minutes: String,
    pub max_days_ahead: String,
    /// `HH:MM` or minutes after midnight.
    pub open_from: String,
    pub open_to: String,
    pub cancel_minutes_before: String,
    pub rates: Vec<(&'static str, String)>,
    /// Whether `rates` are yuan with up to two decimals (the form) or whole fen (the API).
    pub rates_in_yuan: bool,
}

/// A checked item, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSpec {
    pub name: String,
    pub model: Option<String>,
    pub maker: Option<String>,
    pub category: String,
    pub location: Option<String>,
    pub description: Option<String>,
    pub capabilities: Option<String>,
    pub status: String,
    /// Local midnight starting the day given, as UTC epoch seconds.
    pub maintenance_until: Option<i64>,
    pub policy: Policy,
    pub authorisation_valid_days: i64,
    /// `(user class, fen per hour)` for the classes that may book.
    pub rates: Vec<(&'static str, i64)>,
}

fn minute_of_day(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.add(field, "required");
        return None;
    }
    let parsed = match raw.split_once(':') {
        Some((h, m)) => match (h.parse::<i64>(), m.parse::<i64>()) {
            (Ok(h), Ok(m)) if (0..=24).contains(&h) && (0..60).contains(&m) => Some(h * 60 + m),
            _ => None,
        },
        None => raw.parse::<i64>().ok(),
    };
    match parsed {
        Some(m) if (0..=1440).contains(&m) => Some(m),
        _ => {
            errors.add(field, "time.invalid");
            None
        }
    }
}

fn required_integer(errors: &mut FieldErrors, field: &str, raw: &str, min: i64, max: i64) -> Option<i64> {
    if raw.trim().is_empty() {
        errors.add(field, "required");
        return None;
    }
    optional_integer(errors, field, raw, min, max)
}

/// Parses a non-negative amount of yuan with at most two decimals into fen.
pub fn parse_yuan_to_fen(raw: &str) -> Option<i64> {
    let s = raw.trim().trim_start_matches(['¥', '￥']).replace([',', '，'], "");
    let (whole, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    whole.checked_mul(100)?.checked_add(frac)
}

fn local_midnight(date: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp() - super::LOCAL_OFFSET_SECS)
}

/// Checks everything a lab manager entered; every problem is reported at once, by field.
pub fn parse_item(input: &ItemInput) -> Result<ItemSpec, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = required_text(&mut e, "name", &input.name, 200);
    let model = optional_text(&mut e, "model", &input.model, 120);
    let maker = optional_text(&mut e, "maker", &input.maker, 120);
    let location = optional_text(&mut e, "location", &input.location, 200);
    let description = optional_text(&mut e, "description", &input.description, 4000);
    let capabilities = optional_text(&mut e, "capabilities", &input.capabilities, 4000);
    let category = input.category.trim().to_owned();
    if category.is_empty() {
        e.add("category", "required");
    } else if !CATEGORIES.contains(&category.as_str()) {
        e.add("category", "not_a_choice");
    }
    let status = input.status.trim().to_owned();
    if !STATUSES.contains(&status.as_str()) {
        e.add("status", if status.is_empty() { "required" } else { "not_a_choice" });
    }
    let maintenance_until = match (status.as_str(), input.maintenance_until.trim()) {
        ("maintenance", "") => {
            e.add("maintenance_until", "equipment.maintenance_needs_date");
            None
        }
        ("maintenance", raw) => {
            let at = local_midnight(raw);
            if at.is_none() {
                e.add("maintenance_until", "date.invalid");
            }
            at
        }
        _ => None,
    };
    let approval = ApprovalMode::from_code(input.approval_mode.trim());
    if approval.is_none() {
        e.add("approval_mode", if input.approval_mode.trim().is_empty() { "required" } else { "not_a_choice" });
    }
    let valid_days = required_integer(&mut e, "authorisation_valid_days", &input.authorisation_valid_days, 1, 3650);
    let slot = required_integer(&mut e, "slot_minutes", &input.slot_minutes, 1, 1440);
    if let Some(s) = slot.filter(|s| !SLOT_MINUTES.contains(s)) {
        e.add_with("slot_minutes", "equipment.slot_not_offered", &[("slot", s.to_string())]);
    }
    let min = required_integer(&mut e, "min_minutes", &input.min_minutes, 1, 7 * 1440);
    let max = required_integer(&mut e, "max_minutes", &input.max_minutes, 1, 7 * 1440);
    let ahead = required_integer(&mut e, "max_days_ahead", &input.max_days_ahead, 1, 366);
    let cancel = required_integer(&mut e, "cancel_minutes_before", &input.cancel_minutes_before, 0, 30 * 1440);
    let open_from = minute_of_day(&mut e, "open_from", &input.open_from);
    let open_to = minute_of_day(&mut e, "open_to", &input.open_to);
    if let Some(slot) = slot.filter(|s| SLOT_MINUTES.contains(s)) {
        for (field, value) in
            [("min_minutes", min), ("max_minutes", max), ("open_from", open_from), ("open_to", open_to)]
        {
            if value.is_some_and(|v| v % slot != 0) {
                e.add_with(field, "equipment.not_whole_slots", &[("slot", slot.to_string())]);
            }
        }
    }
    if let (Some(min), Some(max)) = (min, max)
        && max < min
    {
        e.add("max_minutes", "equipment.max_below_min");
    }
    if let (Some(from), Some(to)) = (open_from, open_to)
        && to <= from
    {
        e.add("open_to", "equipment.closes_before_opening");
    }
    let mut rates = Vec::new();
    for (class, raw) in &input.rates {
        let field = format!("rate_{class}");
        if raw.trim().is_empty() {
            continue;
        }
        let fen = if input.rates_in_yuan { parse_yuan_to_fen(raw) } else { raw.trim().parse::<i64>().ok() };
        match fen {
            Some(f) if (0..=MAX_FEN_PER_HOUR).contains(&f) => rates.push((*class, f)),
            _ => e.add(&field, if input.rates_in_yuan { "equipment.rate_yuan" } else { "equipment.rate_fen" }),
        }
    }
    if rates.is_empty() && e.for_field("rate_internal").is_none() {
        e.add("rate_internal", "equipment.no_rate");
    }
    let (Some(approval), Some(valid_days), Some(slot), Some(min), Some(max), Some(ahead), Some(cancel)) =
        (approval, valid_days, slot, min, max, ahead, cancel)
    else {
        return Err(e);
    };
    let (Some(open_from), Some(open_to)) = (open_from, open_to) else {
        return Err(e);
    };
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ItemSpec {
        name,
        model,
        maker,
        category,
        location,
        description,
        capabilities,
        status,
        maintenance_until,
        policy: Policy {
            approval,
            requires_authorisation: input.requires_authorisation,
            slot_minutes: slot,
            min_minutes: min,
            max_minutes: max,
            max_days_ahead: ahead,
            open_from_minute: open_from,
            open_to_minute: open_to,
            cancel_minutes_before: cancel,
        },
        authorisation_valid_days: valid_days,
        rates,
    })
}

/// The largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

/// Checks an item photo: JPEG, PNG or WebP by its first bytes (never by a name or a declared
/// type, and never SVG, which can carry script), within the size limit. Returns its type.
pub fn check_photo(bytes: &[u8]) -> Result<&'static str, crate::validation::FieldErrors> {
    let mut e = crate::validation::FieldErrors::new();
    if bytes.is_empty() {
        e.add("photo", "file.empty");
        return Err(e);
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        e.add_with("photo", "file.too_large", &[("max_mb", (MAX_PHOTO_BYTES / 1024 / 1024).to_string())]);
        return Err(e);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok("image/png")
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Ok("image/webp")
    } else {
        e.add("photo", "file.not_a_photo");
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ItemInput {
        ItemInput {
            name: "Scanning electron microscope".into(),
            category: "microscopy".into(),
            status: "available".into(),
            approval_mode: "manual".into(),
            requires_authorisation: true,
            authorisation_valid_days: "365".into(),
            slot_minutes: "30".into(),
            min_minutes: "60".into(),
            max_minutes: "240".into(),
            max_days_ahead: "60".into(),
            open_from: "08:30".into(),
            open_to: "18:00".into(),
            cancel_minutes_before: "120".into(),
            rates: vec![("internal", "80".into()), ("external_academic", "".into()), ("enterprise", "320.5".into())],
            rates_in_yuan: true,
            ..ItemInput::default()
        }
    }

    #[test]
    fn a_complete_form_becomes_a_spec() {
        let spec = parse_item(&good()).expect("valid");
        assert_eq!(spec.policy.open_from_minute, 510);
        assert_eq!(spec.policy.open_to_minute, 1080);
        assert_eq!(spec.rates, vec![("internal", 8_000), ("enterprise", 32_050)]);
        assert_eq!(spec.model, None);
    }

    #[test]
    fn each_problem_names_its_field() {
        let mut input = good();
        input.name = " ".into();
        input.category = "lasers".into();
        input.slot_minutes = "7".into();
        input.max_minutes = "30".into();
        input.open_to = "08:00".into();
        input.rates = vec![("internal", "12.345".into())];
        input.status = "maintenance".into();
        let errors = parse_item(&input).expect_err("invalid");
        let code = |f: &str| errors.for_field(f).map(|e| e.code.clone());
        assert_eq!(code("name").as_deref(), Some("required"));
        assert_eq!(code("category").as_deref(), Some("not_a_choice"));
        assert_eq!(code("slot_minutes").as_deref(), Some("equipment.slot_not_offered"));
        assert_eq!(code("max_minutes").as_deref(), Some("equipment.max_below_min"));
        assert_eq!(code("open_to").as_deref(), Some("equipment.closes_before_opening"));
        assert_eq!(code("rate_internal").as_deref(), Some("equipment.rate_yuan"));
        assert_eq!(code("maintenance_until").as_deref(), Some("equipment.maintenance_needs_date"));
    }

    #[test]
    fn times_and_durations_must_be_whole_slots() {
        let mut input = good();
        input.slot_minutes = "60".into();
        let errors = parse_item(&input).expect_err("08:30 is not on the hour");
        assert_eq!(errors.for_field("open_from").map(|e| e.code.as_str()), Some("equipment.not_whole_slots"));
        assert!(errors.for_field("min_minutes").is_none());
    }

    #[test]
    fn photos_are_recognised_by_their_bytes() {
        assert_eq!(check_photo(&[0xFF, 0xD8, 0xFF, 0xE0, 0]).ok(), Some("image/jpeg"));
        assert_eq!(check_photo(b"\x89PNG\r\n\x1a\n....").ok(), Some("image/png"));
        assert_eq!(check_photo(b"RIFF\0\0\0\0WEBPVP8 ").ok(), Some("image/webp"));
        let code = |b: &[u8]| check_photo(b).expect_err("refused").0[0].code.clone();
        assert_eq!(code(b"<svg onload=alert(1)>"), "file.not_a_photo");
        assert_eq!(code(b""), "file.empty");
        assert_eq!(code(&vec![0xFF; MAX_PHOTO_BYTES + 1]), "file.too_large");
    }

    #[test]
    fn yuan_parse_exactly() {
        assert_eq!(parse_yuan_to_fen("¥1,200.5"), Some(120_050));
        assert_eq!(parse_yuan_to_fen("0"), Some(0));
        assert_eq!(parse_yuan_to_fen("-3"), None);
        assert_eq!(parse_yuan_to_fen(".5"), None);
        assert_eq!(parse_yuan_to_fen("1.234"), None);
    }

    #[test]
    fn an_item_without_any_rate_cannot_be_booked_so_is_refused() {
        let mut input = good();
        input.rates = vec![("internal", "".into())];
        let errors = parse_item(&input).expect_err("no rate");
        assert_eq!(errors.for_field("rate_internal").map(|e| e.code.as_str()), Some("equipment.no_rate"));
    }
}
