//! Which slice of a list a query returns.

/// Which slice of a list to return: `page` counts from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub page: u32,
    pub per_page: u32,
}

impl Page {
    pub const MAX_PER_PAGE: u32 = 200;

    pub fn new(page: u32, per_page: u32) -> Self {
        Self { page: page.max(1), per_page: per_page.clamp(1, Self::MAX_PER_PAGE) }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }
}

/// The order a list is read in: one of the keys the list offers, ascending unless
/// `descending`. Without one a list keeps its own default order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: &'static str,
    pub descending: bool,
}

impl Sort {
    /// Reads `key` or `-key` (descending) against the keys a list offers; an empty text is no
    /// order, any other key an error naming it.
    pub fn parse(raw: &str, keys: &[&'static str]) -> Result<Option<Sort>, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let (name, descending) = match raw.strip_prefix('-') {
            Some(rest) => (rest, true),
            None => (raw, false),
        };
        keys.iter().find(|k| **k == name).map(|key| Some(Sort { key, descending })).ok_or_else(|| name.to_owned())
    }

    /// The text `parse` reads back.
    pub fn code(&self) -> String {
        if self.descending { format!("-{}", self.key) } else { self.key.to_owned() }
    }
}

/// ` ORDER BY …` for `sort` over `columns` (key → SQL expression), else `default`; `tiebreak`
/// ends every order so pages do not overlap. Missing values come last either way, on both
/// databases.
pub(crate) fn order_by(sort: Option<Sort>, columns: &[(&str, &str)], default: &str, tiebreak: &str) -> String {
    let chosen = sort.and_then(|s| columns.iter().find(|(k, _)| *k == s.key).map(|(_, sql)| (*sql, s.descending)));
    match chosen {
        Some((sql, descending)) => {
            format!(" ORDER BY {sql} {} NULLS LAST, {tiebreak}", if descending { "DESC" } else { "ASC" })
        }
        None => format!(" ORDER BY {default}, {tiebreak}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sort_reads_only_the_keys_a_list_offers() {
        let keys = ["name", "employees"];
        assert_eq!(Sort::parse("", &keys), Ok(None));
        assert_eq!(Sort::parse("-employees", &keys), Ok(Some(Sort { key: "employees", descending: true })));
        assert_eq!(Sort::parse("name", &keys).unwrap().unwrap().code(), "name");
        assert_eq!(Sort::parse("password_hash", &keys), Err("password_hash".into()));
        let by = order_by(Sort::parse("-employees", &keys).unwrap(), &[("employees", "e.employees")], "o.name", "o.id");
        assert_eq!(by, " ORDER BY e.employees DESC NULLS LAST, o.id");
        assert_eq!(order_by(None, &[], "o.name", "o.id"), " ORDER BY o.name, o.id");
    }
}
