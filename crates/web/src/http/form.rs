//! Forms and lists on pages: fields with their errors, select choices, the shared create/edit
//! form, form bodies, and paging.

use crate::http::page::{PageCtx, html};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use tandem_domain::validation::FieldErrors;

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
    /// `text`, `email`, `password`, `number`, `date`, `select`, `textarea` or `checkboxes`.
    pub kind: &'static str,
    pub required: bool,
    pub autocomplete: &'static str,
    pub choices: Vec<Choice>,
    /// Values the browser offers as the person types (a `datalist`), for a text or e-mail field.
    pub suggestions: Vec<Choice>,
}

/// People a form offers to pick by e-mail, as `datalist` options: the e-mail with the name and
/// organisation beside it.
pub fn people_options(people: &[tandem_app::people::Suggestion]) -> Vec<Choice> {
    people
        .iter()
        .map(|p| Choice {
            value: p.email.clone(),
            label: match &p.org_name {
                Some(org) => format!("{} · {org}", p.name),
                None => p.name.clone(),
            },
            selected: false,
        })
        .collect()
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
            suggestions: vec![],
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

    pub fn suggest(mut self, options: Vec<Choice>) -> Self {
        self.suggestions = options;
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

    /// A group of checkboxes, one per choice, each posted as `<name>_<value>=1`; `chosen` are ticked.
    pub fn checkboxes(mut self, choices: Vec<(String, String)>, chosen: &[String]) -> Self {
        self.kind = "checkboxes";
        self.choices =
            choices.into_iter().map(|(v, label)| Choice { selected: chosen.contains(&v), value: v, label }).collect();
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
    /// The numbered links: the first and last pages and two either side of the current one,
    /// with `None` where pages are left out.
    pub numbers: Vec<Option<PageLink>>,
    /// "Page 2 of 3 · 120 in all", in the reader's language.
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct PageLink {
    pub number: u32,
    pub href: String,
    pub current: bool,
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
        let numbers = page_numbers(page, pages)
            .into_iter()
            .map(|n| n.map(|number| PageLink { number, href: link(number), current: number == page }))
            .collect();
        Pager {
            pages,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
            numbers,
            status,
        }
    }
}

/// Which page numbers to offer: 1, the current page with two either side, the last; `None`
/// marks a gap of more than one page (a gap of exactly one shows that page instead).
fn page_numbers(page: u32, pages: u32) -> Vec<Option<u32>> {
    let mut shown: Vec<u32> = vec![1, pages];
    shown.extend(page.saturating_sub(2).max(1)..=page.saturating_add(2).min(pages));
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::new();
    let mut last = 0;
    for n in shown {
        if n == last + 2 {
            out.push(Some(last + 1));
        } else if n > last + 2 {
            out.push(None);
        }
        out.push(Some(n));
        last = n;
    }
    out
}

/// A column heading of a list: where the list can be ordered by it, a link that does so (or
/// reverses the order it is already in).
#[derive(Debug, Clone)]
pub struct SortHeader {
    pub label: String,
    pub href: Option<String>,
    /// `aria-sort` on the column the list is ordered by.
    pub aria_sort: Option<&'static str>,
    /// ▲ or ▼ beside the label of that column.
    pub mark: &'static str,
    pub numeric: bool,
}

/// A sortable list's column: its heading, the sort key it offers (if any), whether it holds numbers.
pub type Column = (String, Option<&'static str>, bool);

/// The headings of a list at `base` filtered by `query` (without `sort` and `page`), ordered by
/// `current`. Following a heading starts again at the first page.
pub fn sort_headers(
    base: &str,
    query: &str,
    current: Option<tandem_app::Sort>,
    columns: Vec<Column>,
) -> Vec<SortHeader> {
    columns
        .into_iter()
        .map(|(label, key, numeric)| {
            let Some(key) = key else {
                return SortHeader { label, href: None, aria_sort: None, mark: "", numeric };
            };
            let on = current.filter(|s| s.key == key);
            let next = match on {
                Some(s) if !s.descending => format!("-{key}"),
                _ => key.to_owned(),
            };
            let href =
                if query.is_empty() { format!("{base}?sort={next}") } else { format!("{base}?{query}&sort={next}") };
            let (aria_sort, mark) = match on {
                Some(s) if s.descending => (Some("descending"), " ▼"),
                Some(_) => (Some("ascending"), " ▲"),
                None => (None, ""),
            };
            SortHeader { label, href: Some(href), aria_sort, mark, numeric }
        })
        .collect()
}

/// Reads a list's `sort` parameter on a page: an order it does not offer is no order.
pub fn page_sort(raw: &str, keys: &[&'static str]) -> Option<tandem_app::Sort> {
    tandem_app::Sort::parse(raw, keys).ok().flatten()
}

/// Parses an urlencoded form body whose fields all default to empty.
pub(crate) fn form<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> T {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

/// An optional amount typed in 万元: `None` when empty; `money.invalid` on `field` when it is
/// not an amount (the value is then `None` too).
pub(crate) fn wan_field(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let fen = tandem_domain::money::parse_wan_to_fen(raw);
    if fen.is_none() {
        errors.add(field, "money.invalid");
    }
    fen
}

/// The use case's field names as the form names them (`budget_fen` → `budget_wan`,
/// `milestones.2.title` → `m2_title`): `rename` answers the form's name, or `None` to keep it.
pub(crate) fn renamed(errors: FieldErrors, rename: impl Fn(&[&str]) -> Option<String>) -> FieldErrors {
    let mut out = FieldErrors::new();
    for mut e in errors.0 {
        let parts: Vec<&str> = e.field.split('.').collect();
        if let Some(name) = rename(&parts) {
            e.field = name;
        }
        out.0.push(e);
    }
    out
}

/// Parses a positive page number, treating anything else as the first page.
pub(crate) fn page_number(raw: &Option<String>) -> u32 {
    raw.as_deref().and_then(|p| p.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1)
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage<'a> {
    c: &'a PageCtx,
    title: String,
    action: String,
    back_href: String,
    back_label: String,
    submit_label: String,
    fields: Vec<Field>,
    has_errors: bool,
    unplaced: Vec<String>,
}

/// A create or edit form: each error sits under its field (the rest above the form), what was
/// typed is kept, and the status is 422 when there are errors.
pub(crate) fn form_response(
    c: &PageCtx,
    title: String,
    action: String,
    back: (String, String),
    mut fields: Vec<Field>,
    errors: &FieldErrors,
) -> Response {
    let unplaced = attach_errors(c, &mut fields, errors);
    let page = FormPage {
        c,
        title,
        action,
        back_href: back.0,
        back_label: back.1,
        submit_label: c.t("save"),
        fields,
        has_errors: !errors.is_empty(),
        unplaced,
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    html(status, &page)
}

/// The list size used by every page.
pub(crate) const PER_PAGE: u32 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_show_the_ends_and_the_neighbourhood_with_gaps_marked() {
        assert_eq!(page_numbers(1, 1), vec![Some(1)]);
        assert_eq!(page_numbers(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(page_numbers(1, 20), vec![Some(1), Some(2), Some(3), None, Some(20)]);
        assert_eq!(
            page_numbers(10, 20),
            vec![Some(1), None, Some(8), Some(9), Some(10), Some(11), Some(12), None, Some(20)]
        );
        // A gap of one page shows that page rather than an ellipsis.
        assert_eq!(page_numbers(5, 9), (1..=9).map(Some).collect::<Vec<_>>());
        assert_eq!(page_numbers(20, 20), vec![Some(1), None, Some(18), Some(19), Some(20)]);
    }
    use crate::i18n::I18n;
    use std::sync::Arc;

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
}
