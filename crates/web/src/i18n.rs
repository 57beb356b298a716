//! Text in zh-CN (default) and en, from Fluent files under `locales/`, compiled into the binary.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::collections::BTreeSet;
use unic_langid::LanguageIdentifier;

const ZH: &str = include_str!("../locales/zh-CN.ftl");
const EN: &str = include_str!("../locales/en.ftl");

/// The languages offered, by code.
pub const LANGS: [&str; 2] = ["zh-CN", "en"];
pub const DEFAULT_LANG: &str = "zh-CN";

pub struct I18n {
    zh: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

#[derive(Debug, thiserror::Error)]
#[error("translation file {0} has errors")]
pub struct I18nError(&'static str);

fn bundle(lang: &str, source: &'static str, name: &'static str) -> Result<FluentBundle<FluentResource>, I18nError> {
    let id: LanguageIdentifier = lang.parse().map_err(|_| I18nError(name))?;
    let resource = FluentResource::try_new(source.to_owned()).map_err(|_| I18nError(name))?;
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Bidi isolation marks would show up as stray characters in inputs and tests.
    b.set_use_isolating(false);
    b.add_resource(resource).map_err(|_| I18nError(name))?;
    Ok(b)
}

/// Picks a supported language from a code such as `en-US` or `zh`.
pub fn normalise(lang: &str) -> &'static str {
    if lang.to_ascii_lowercase().starts_with("en") { "en" } else { DEFAULT_LANG }
}

/// The preferred supported language in an `Accept-Language` header.
pub fn from_accept_language(header: &str) -> &'static str {
    for part in header.split(',') {
        let tag = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            return "zh-CN";
        }
        if tag.starts_with("en") {
            return "en";
        }
    }
    DEFAULT_LANG
}

impl I18n {
    pub fn load() -> Result<Self, I18nError> {
        Ok(Self { zh: bundle("zh-CN", ZH, "zh-CN.ftl")?, en: bundle("en", EN, "en.ftl")? })
    }

    fn bundle(&self, lang: &str) -> &FluentBundle<FluentResource> {
        if lang == "en" { &self.en } else { &self.zh }
    }

    /// The text for `key`; the key itself if the file lacks it (a test prevents that).
    pub fn t(&self, lang: &str, key: &str) -> String {
        self.tf(lang, key, &[])
    }

    pub fn tf(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        let bundle = self.bundle(lang);
        let id = message_id(key);
        let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.to_string());
        }
        let mut errors = vec![];
        bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned()
    }

    /// Whether a message exists (used to fall back from specific to generic error codes).
    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.bundle(lang).get_message(&message_id(key)).is_some()
    }
}

/// Fluent ids cannot contain dots, which our error codes use: `uscc.length` is `uscc-length`.
fn message_id(key: &str) -> String {
    key.replace('.', "-")
}

/// Message ids defined in a Fluent source, for the parity test.
pub fn keys_of(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" ="))
        .filter_map(|l| l.split(" =").next().map(|k| k.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_define_the_same_messages() {
        let zh = keys_of(ZH);
        let en = keys_of(EN);
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty() && only_en.is_empty(), "only zh: {only_zh:?}; only en: {only_en:?}");
        assert!(zh.len() > 100);
    }

    #[test]
    fn messages_format_with_arguments() {
        let i = I18n::load().expect("valid files");
        assert_eq!(
            i.tf("en", "uscc.check_character", &[("expected", "6"), ("found", "7")]),
            "The check character (last character) is wrong: expected 6, found 7."
        );
        assert!(i.tf("zh-CN", "uscc.check_character", &[("expected", "6"), ("found", "7")]).contains('6'));
        assert_eq!(i.t("en", "no.such.key"), "no.such.key");
    }

    #[test]
    fn accept_language_picks_a_supported_language() {
        assert_eq!(from_accept_language("en-GB,en;q=0.9"), "en");
        assert_eq!(from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), "zh-CN");
        assert_eq!(from_accept_language("fr-FR"), "zh-CN");
    }
}
