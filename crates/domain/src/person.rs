//! People: anyone who takes part, with or without a sign-in.

use crate::validation::{FieldErrors, is_plausible_email, optional_text, required_text};

#[derive(Debug, Clone, Default)]
pub struct PersonInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub expertise: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFields {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub expertise: Vec<String>,
}

pub const MIN_PASSWORD_CHARS: usize = 10;

/// Splits expertise tags on commas (ASCII or Chinese) and 、, trims, drops duplicates.
pub fn parse_tags(raw: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.split([',', '，', '、', ';', '；']) {
        let tag = tag.trim();
        if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

impl PersonInput {
    pub fn validate(&self) -> Result<PersonFields, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required_text(&mut e, "name", &self.name, 64);
        let email = optional_text(&mut e, "email", &self.email, 254).map(|s| s.to_lowercase());
        if let Some(email) = &email
            && !is_plausible_email(email)
        {
            e.add("email", "email.invalid");
        }
        let phone = optional_text(&mut e, "phone", &self.phone, 32);
        if let Some(phone) = &phone
            && !phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
        {
            e.add("phone", "phone.invalid");
        }
        let expertise = parse_tags(&self.expertise);
        if expertise.len() > 20 {
            e.add_with("expertise", "tags.too_many", &[("max", "20".into())]);
        }
        if expertise.iter().any(|t| t.chars().count() > 32) {
            e.add_with("expertise", "tags.too_long", &[("max", "32".into())]);
        }
        e.into_result(PersonFields { name, email, phone, expertise })
    }
}

/// Checks a new password; returns the problem's code.
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Err("password.too_short")
    } else if password.len() > 1024 {
        Err("password.too_long")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_on_chinese_and_ascii_separators() {
        assert_eq!(parse_tags("机器人, 数控，质量管理、机器人"), vec!["机器人", "数控", "质量管理"]);
        assert!(parse_tags(" , ").is_empty());
    }

    #[test]
    fn a_person_needs_a_name_and_a_real_email() {
        let p = PersonInput { name: "".into(), email: "nope".into(), phone: "abc".into(), expertise: String::new() };
        let e = p.validate().expect_err("invalid");
        assert_eq!(e.0.len(), 3);
        let ok = PersonInput { name: "李华".into(), email: "Li@X.cn".into(), ..Default::default() }.validate();
        assert_eq!(ok.map(|p| p.email), Ok(Some("li@x.cn".into())));
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert_eq!(check_new_password("short"), Err("password.too_short"));
        assert!(check_new_password("tandem-demo").is_ok());
    }
}
