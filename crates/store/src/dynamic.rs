//! SQL assembled at run time for list filters, still with `$N` placeholders so the same text
//! runs on both backends. Only fixed fragments written in this crate are ever appended; user
//! input travels as bound arguments.

use crate::page::Page;
use crate::{Db, StoreResult};
use sqlx::{AssertSqlSafe, FromRow, postgres::PgRow, sqlite::SqliteRow};

#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Int(i64),
    Text(String),
}

#[derive(Debug, Default)]
pub(crate) struct DynSql {
    pub sql: String,
    args: Vec<Arg>,
}

impl DynSql {
    pub fn new(sql: &str) -> Self {
        Self { sql: sql.to_owned(), args: Vec::new() }
    }

    pub fn push(&mut self, fragment: &str) -> &mut Self {
        self.sql.push_str(fragment);
        self
    }

    /// Appends the placeholder for a new argument. Control characters are dropped from text
    /// (filters are typed by people; PostgreSQL refuses a NUL byte with an error).
    pub fn arg(&mut self, arg: Arg) -> &mut Self {
        let arg = match arg {
            Arg::Text(s) if s.chars().any(char::is_control) => {
                Arg::Text(s.chars().filter(|c| !c.is_control()).collect())
            }
            other => other,
        };
        self.args.push(arg);
        let n = self.args.len();
        self.sql.push('$');
        self.sql.push_str(&n.to_string());
        self
    }

    /// Appends ` AND <column> IN ($1, $2, …)` for `ids`, which must not be empty.
    pub fn push_in(&mut self, column: &str, ids: &[i64]) -> &mut Self {
        self.push(" AND ").push(column).push(" IN (");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.arg(Arg::Int(*id));
        }
        self.push(")")
    }

    /// Appends `other`'s text and arguments, renumbering its placeholders to follow this one's
    /// (so independent queries can run as one, joined by `UNION ALL`).
    pub fn append(&mut self, other: DynSql) -> &mut Self {
        let offset = self.args.len();
        let mut chars = other.sql.chars().peekable();
        while let Some(c) = chars.next() {
            self.sql.push(c);
            if c != '$' {
                continue;
            }
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            match digits.parse::<usize>() {
                Ok(n) => self.sql.push_str(&(n + offset).to_string()),
                Err(_) => self.sql.push_str(&digits),
            }
        }
        self.args.extend(other.args);
        self
    }

    pub fn clone_with(&self, sql: String) -> Self {
        Self { sql, args: self.args.clone() }
    }

    pub async fn fetch_all<T>(self, db: &Db) -> StoreResult<Vec<T>>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        Ok(match db {
            Db::Sqlite(p) => {
                let mut q = sqlx::query_as::<_, T>(AssertSqlSafe(self.sql));
                for a in self.args {
                    q = match a {
                        Arg::Int(i) => q.bind(i),
                        Arg::Text(s) => q.bind(s),
                    };
                }
                q.fetch_all(p).await?
            }
            Db::Pg(p) => {
                let mut q = sqlx::query_as::<_, T>(AssertSqlSafe(self.sql));
                for a in self.args {
                    q = match a {
                        Arg::Int(i) => q.bind(i),
                        Arg::Text(s) => q.bind(s),
                    };
                }
                q.fetch_all(p).await?
            }
        })
    }

    /// Runs a list query (`SELECT … ORDER BY …`, without LIMIT) for one page and returns the
    /// rows with the total number of matches from `count`.
    ///
    /// Measured and rejected: carrying the total as `COUNT(*) OVER ()` in the list query saves
    /// a round trip but makes SQLite evaluate every matching row (correlated subqueries
    /// included) instead of a top-N sort; the enterprise list got slower (docs/benchmarks.md).
    pub async fn fetch_page<T>(self, count: DynSql, page: Page, db: &Db) -> StoreResult<(Vec<T>, i64)>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        let mut list = self;
        list.push(" LIMIT ").arg(Arg::Int(i64::from(page.per_page))).push(" OFFSET ").arg(Arg::Int(page.offset()));
        let rows = list.fetch_all(db).await?;
        let total = if rows.is_empty() && page.page == 1 { 0 } else { count.fetch_count(db).await? };
        Ok((rows, total))
    }

    pub async fn fetch_count(self, db: &Db) -> StoreResult<i64> {
        let rows: Vec<(i64,)> = self.fetch_all(db).await?;
        Ok(rows.first().map(|r| r.0).unwrap_or(0))
    }
}

/// Appends the industry and region filters shared by enterprise lists: an industry is a
/// section letter (`C`) or a division code (`C34`); a province code (`210000`) includes its cities.
pub(crate) fn push_industry_region(q: &mut DynSql, industry: Option<&str>, region: Option<&str>) {
    if let Some(industry) = industry.filter(|s| !s.is_empty()) {
        if industry.len() == 1 {
            q.push(" AND e.industry_code LIKE ").arg(Arg::Text(format!("{industry}%")));
        } else {
            q.push(" AND e.industry_code = ").arg(Arg::Text(industry.to_owned()));
        }
    }
    if let Some(region) = region.filter(|s| !s.is_empty()) {
        match region.strip_suffix("0000") {
            Some(province) => q.push(" AND e.region_code LIKE ").arg(Arg::Text(format!("{province}%"))),
            None => q.push(" AND e.region_code = ").arg(Arg::Text(region.to_owned())),
        };
    }
}

/// `s` with `LIKE`'s wildcard and escape characters escaped (for `ESCAPE '\\'`).
pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A `LIKE` pattern that matches `needle` anywhere, with the wildcard characters escaped.
pub(crate) fn contains_pattern(needle: &str) -> String {
    format!("%{}%", escape_like(&needle.to_lowercase()))
}

/// The backend's aggregate that joins `expr`'s values with newlines (`GROUP_CONCAT` in SQLite,
/// `STRING_AGG` in PostgreSQL).
pub(crate) fn group_concat(db: &Db, expr: &str) -> String {
    match db {
        Db::Sqlite(_) => format!("GROUP_CONCAT({expr}, char(10))"),
        Db::Pg(_) => format!("STRING_AGG({expr}, chr(10))"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_renumbers_the_placeholders_that_follow() {
        let mut a = DynSql::new("SELECT 1 WHERE x = ");
        a.arg(Arg::Int(1));
        let mut b = DynSql::new(" UNION ALL SELECT 2 WHERE y = ");
        b.arg(Arg::Int(2)).push(" AND z IN (").arg(Arg::Int(3)).push(", ").arg(Arg::Int(4)).push(")");
        a.append(b);
        assert_eq!(a.sql, "SELECT 1 WHERE x = $1 UNION ALL SELECT 2 WHERE y = $2 AND z IN ($3, $4)");
        assert_eq!(a.args.len(), 4);
    }
}
