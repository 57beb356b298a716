//! Shared pieces of every page: the reader's context (language, who is signed in, where they
//! are), form fields, pagination, and the conversion of a template into a response.

use crate::error::PageError;
use crate::identity::Identity;
use crate::{I18n, WebState};
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;
use tandem_app::{AppError, Ctx};
use tandem_domain::access::Action;
use tandem_domain::validation::FieldErrors;

/// The signed-in person as the page header shows them, with the menu entries they may use.
#[derive(Debug, Clone)]
pub struct UserBadge {
    pub name: String,
    pub may_enterprises: bool,
    pub may_diagnosis: bool,
    pub may_audit: bool,
}

/// What every page template needs.
#[derive(Clone)]
pub struct PageCtx {
    pub lang: &'static str,
    pub i18n: Arc<I18n>,
    pub user: Option<UserBadge>,
    /// Path and query of this request, for the language switch and sign-in redirects.
    pub path: String,
    /// Menu entry to highlight.
    pub section: &'static str,
}

impl PageCtx {
    pub fn t(&self, key: &str) -> String {
        self.i18n.t(self.lang, key)
    }

    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.tf(self.lang, key, args)
    }

    /// The document's `lang` attribute.
    pub fn html_lang(&self) -> &'static str {
        self.lang
    }

    pub fn other_lang(&self) -> &'static str {
        if self.lang == "en" { "zh-CN" } else { "en" }
    }

    pub fn other_lang_label(&self) -> &'static str {
        if self.lang == "en" { "中文" } else { "English" }
    }

    pub fn is(&self, section: &str) -> bool {
        self.section == section
    }

    /// Formats an epoch timestamp in China Standard Time (UTC+8, no daylight saving).
    pub fn datetime(&self, epoch: &i64) -> String {
        chrono::DateTime::from_timestamp(*epoch + 8 * 3600, 0)
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    }

    pub fn kind_label(&self, kind: &str) -> String {
        self.t(&format!("kind-{kind}"))
    }

    pub fn role_label(&self, role: &str) -> String {
        self.t(&format!("role-{role}"))
    }

    pub fn size_label(&self, size: &str) -> String {
        self.t(&format!("size-{size}"))
    }

    /// A field error's sentence in the reader's language.
    pub fn field_message(&self, code: &str, args: &[(&str, &str)]) -> String {
        if self.i18n.has(self.lang, code) { self.tf(code, args) } else { self.t("invalid") }
    }

    /// The message of the first field error, with its arguments, for a page that shows one line.
    pub fn first_error_message(&self, errors: &FieldErrors) -> Option<String> {
        errors.0.first().map(|e| {
            let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            self.field_message(&e.code, &args)
        })
    }

    pub fn error(&self, error: AppError) -> PageError {
        PageError { error, ctx: self.clone() }
    }
}

/// The reader of a page, signed in or not.
pub struct Viewer {
    pub page: PageCtx,
    pub ctx: Option<Ctx>,
    pub identity: Identity,
}

impl Viewer {
    /// The signed-in context, or a redirect to the sign-in page.
    pub fn signed_in(&self) -> Result<Ctx, PageError> {
        self.ctx.clone().ok_or_else(|| self.page.error(AppError::Unauthenticated))
    }

    pub fn with_section(mut self, section: &'static str) -> Self {
        self.page.section = section;
        self
    }
}

impl FromRequestParts<WebState> for Viewer {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Self::Rejection> {
        let identity = Identity::from_request_parts(parts, state).await?;
        let ctx = identity.ctx();
        let user = identity.resolved.as_ref().map(|r| UserBadge {
            name: r.name.clone(),
            may_enterprises: r.actor.may(Action::ListAllEnterprises) || !r.actor.own_enterprises().is_empty(),
            may_diagnosis: r.actor.may(Action::ViewDiagnosisAggregates),
            may_audit: r.actor.may(Action::ViewAudit),
        });
        let path = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
        let page = PageCtx { lang: identity.lang, i18n: state.i18n.clone(), user, path, section: "" };
        Ok(Viewer { page, ctx, identity })
    }
}

/// Renders a template into an HTML response with the given status.
pub fn html<T: Template>(status: StatusCode, template: &T) -> Response {
    match template.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

pub fn ok<T: Template>(template: &T) -> Response {
    html(StatusCode::OK, template)
}

/// One option of a select box.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One form field as the shared `field.html` partial draws it.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
    pub hint: Option<String>,
    /// `text`, `email`, `password`, `number`, `date`, `select` or `textarea`.
    pub kind: &'static str,
    pub required: bool,
    pub autocomplete: &'static str,
    pub choices: Vec<Choice>,
}

impl Field {
    pub fn new(name: &'static str, label: String, value: &str) -> Self {
        Self {
            name,
            label,
            value: value.to_owned(),
            error: None,
            hint: None,
            kind: "text",
            required: false,
            autocomplete: "off",
            choices: vec![],
        }
    }

    pub fn kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn autocomplete(mut self, value: &'static str) -> Self {
        self.autocomplete = value;
        self
    }

    pub fn choices(mut self, choices: Vec<(String, String)>) -> Self {
        let value = self.value.clone();
        self.kind = "select";
        self.choices = choices.into_iter().map(|(v, label)| Choice { selected: v == value, value: v, label }).collect();
        self
    }

    pub fn error_id(&self) -> String {
        format!("{}-error", self.name)
    }

    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.name)
    }

    /// The `aria-describedby` value linking the input to its hint and error.
    pub fn described_by(&self) -> String {
        let mut ids = vec![];
        if self.hint.is_some() {
            ids.push(self.hint_id());
        }
        if self.error.is_some() {
            ids.push(self.error_id());
        }
        ids.join(" ")
    }
}

/// Puts each validation message on its field; returns messages for fields the form lacks.
pub fn attach_errors(page: &PageCtx, fields: &mut [Field], errors: &FieldErrors) -> Vec<String> {
    let mut unplaced = vec![];
    for e in &errors.0 {
        let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let message = page.field_message(&e.code, &args);
        match fields.iter_mut().find(|f| f.name == e.field) {
            Some(f) if f.error.is_none() => f.error = Some(message),
            Some(_) => {}
            None => unplaced.push(message),
        }
    }
    unplaced
}

/// Links for a paged list.
#[derive(Debug, Clone)]
pub struct Pager {
    pub pages: u32,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// "Page 2 of 3 · 120 in all", in the reader's language.
    pub status: String,
}

impl Pager {
    /// `query` is the list's filter query string without `page`.
    pub fn new(c: &PageCtx, base: &str, query: &str, page: u32, per_page: u32, total: i64) -> Self {
        let pages = u32::try_from((total + i64::from(per_page) - 1) / i64::from(per_page)).unwrap_or(1).max(1);
        let link = |p: u32| {
            if query.is_empty() { format!("{base}?page={p}") } else { format!("{base}?{query}&page={p}") }
        };
        let status = c.tf(
            "pager-status",
            &[("page", &page.to_string()), ("pages", &pages.to_string()), ("total", &total.to_string())],
        );
        Pager { pages, prev: (page > 1).then(|| link(page - 1)), next: (page < pages).then(|| link(page + 1)), status }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page_ctx(lang: &'static str) -> PageCtx {
        PageCtx { lang, i18n: Arc::new(I18n::load().expect("valid")), user: None, path: "/".into(), section: "" }
    }

    #[test]
    fn pager_links_keep_the_filters() {
        let c = page_ctx("en");
        let p = Pager::new(&c, "/enterprises", "q=%E6%B2%88", 2, 50, 120);
        assert_eq!(p.pages, 3);
        assert_eq!(p.prev.as_deref(), Some("/enterprises?q=%E6%B2%88&page=1"));
        assert_eq!(p.next.as_deref(), Some("/enterprises?q=%E6%B2%88&page=3"));
        assert_eq!(p.status, "Page 2 of 3 · 120 in all");
        assert_eq!(Pager::new(&c, "/x", "", 1, 50, 0).pages, 1);
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
