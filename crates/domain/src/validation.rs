//! Field-level validation results shared by every area.
//!
//! A rule reports *what* is wrong as a stable code plus arguments; the web layer turns the
//! code into a sentence in the reader's language. Keeping sentences out of the domain lets the
//! same failure read naturally in Chinese and English.

use serde::Serialize;
use std::collections::BTreeMap;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Name of the field as it appears in forms and JSON (`uscc`, `employees`, …).
    pub field: String,
    /// Stable machine code, e.g. `uscc.check_character`; also the translation key.
    pub code: String,
    /// Values the message needs, e.g. `expected = "6"`.
    pub args: BTreeMap<String, String>,
}

/// Every problem found with one submission; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, code: &str) {
        self.add_with(field, code, &[]);
    }

    pub fn add_with(&mut self, field: &str, code: &str, args: &[(&str, String)]) {
        self.0.push(FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            args: args.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(value)` when nothing was recorded, otherwise the errors.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

/// Whether text holds control characters other than line breaks and tabs (a NUL byte, say,
/// which PostgreSQL refuses to store).
pub fn has_control_characters(value: &str) -> bool {
    value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Trims `raw` and checks it is present and at most `max` characters long.
pub fn required_text(errors: &mut FieldErrors, field: &str, raw: &str, max: usize) -> String {
    let value = raw.trim().to_owned();
    if value.is_empty() {
        errors.add(field, "required");
    } else if value.chars().count() > max {
        errors.add_with(field, "too_long", &[("max", max.to_string())]);
    } else if has_control_characters(&value) {
        errors.add(field, "control_characters");
    }
    value
}

/// Trims `raw`; empty becomes `None`; longer than `max` characters is an error.
pub fn optional_text(errors: &mut FieldErrors, field: &str, raw: &str, max: usize) -> Option<String> {
    let value = raw.trim();
    if value.is_empty() {
        return None;
    }
    if value.chars().count() > max {
        errors.add_with(field, "too_long", &[("max", max.to_string())]);
    } else if has_control_characters(value) {
        errors.add(field, "control_characters");
    }
    Some(value.to_owned())
}

/// Parses a whole number within `min..=max`; empty is `None`.
pub fn optional_integer(errors: &mut FieldErrors, field: &str, raw: &str, min: i64, max: i64) -> Option<i64> {
    let value = raw.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        Ok(_) => {
            errors.add_with(field, "out_of_range", &[("min", min.to_string()), ("max", max.to_string())]);
            None
        }
        Err(_) => {
            errors.add(field, "not_a_whole_number");
            None
        }
    }
}

/// Parses a whole number within `min..=max` that must be present.
pub fn required_integer(errors: &mut FieldErrors, field: &str, raw: &str, min: i64, max: i64) -> Option<i64> {
    if raw.trim().is_empty() {
        errors.add(field, "required");
        return None;
    }
    optional_integer(errors, field, raw, min, max)
}

/// Trims `raw` and checks it is one of `allowed` (a code from a fixed list).
pub fn required_choice(errors: &mut FieldErrors, field: &str, raw: &str, allowed: &[&str]) -> String {
    let value = raw.trim();
    if value.is_empty() {
        errors.add(field, "required");
    } else if !allowed.contains(&value) {
        errors.add(field, "invalid");
    }
    value.to_owned()
}

/// A very small email check: one `@`, something on both sides, a dot in the domain, no spaces.
pub fn is_plausible_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.contains(char::is_whitespace)
        && !domain.contains('@')
        && value.len() <= 254
}

/// A required `YYYY-MM-DD` date: `required` when empty, `date.invalid` when it is not one.
pub fn required_date(e: &mut FieldErrors, field: &str, raw: &str) -> Option<chrono::NaiveDate> {
    if raw.trim().is_empty() {
        e.add(field, "required");
        return None;
    }
    let d = chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    if d.is_none() {
        e.add(field, "date.invalid");
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_range_checked() {
        let mut e = FieldErrors::new();
        assert_eq!(optional_integer(&mut e, "n", " 12 ", 0, 100), Some(12));
        assert_eq!(optional_integer(&mut e, "n", "", 0, 100), None);
        assert!(e.is_empty());
        assert_eq!(optional_integer(&mut e, "n", "101", 0, 100), None);
        assert_eq!(optional_integer(&mut e, "m", "1.5", 0, 100), None);
        assert_eq!(e.0[0].code, "out_of_range");
        assert_eq!(e.0[1].code, "not_a_whole_number");
    }

    #[test]
    fn emails() {
        assert!(is_plausible_email("a@b.cn"));
        assert!(!is_plausible_email("a@b"));
        assert!(!is_plausible_email("a b@c.cn"));
        assert!(!is_plausible_email("@c.cn"));
        assert!(!is_plausible_email("a@@c.cn"));
    }

    #[test]
    fn control_characters_are_refused() {
        let mut e = FieldErrors::new();
        required_text(&mut e, "name", "a\u{0}b", 10);
        optional_text(&mut e, "d", "line\nbreak", 20);
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].code, "control_characters");
    }

    #[test]
    fn text_length_counts_characters_not_bytes() {
        let mut e = FieldErrors::new();
        required_text(&mut e, "name", "沈阳机床", 4);
        assert!(e.is_empty());
        required_text(&mut e, "name", "沈阳机床厂", 4);
        assert_eq!(e.0[0].code, "too_long");
    }
}
