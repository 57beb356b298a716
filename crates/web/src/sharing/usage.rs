//! The open-sharing report: machine-hours, income and enterprises served per college, centre,
//! lab and item for a period, on the page and as XLSX or CSV for the yearly evaluation.

use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tandem_app::AppError;
use tandem_app::sharing::{self as uc, UsageLine};
use tandem_domain::money::format_fen_as_yuan;
use tandem_domain::sharing::LOCAL_OFFSET_SECS;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct UsageQuery {
    from: String,
    to: String,
}

/// `[from, to)` in epoch seconds from inclusive local dates; defaults to this year so far.
fn period(q: &UsageQuery, now: i64) -> Result<(String, String, i64, i64), ()> {
    let today = chrono::DateTime::from_timestamp(now + LOCAL_OFFSET_SECS, 0).ok_or(())?.date_naive();
    let from =
        if q.from.trim().is_empty() { format!("{}-01-01", today.format("%Y")) } else { q.from.trim().to_owned() };
    let to = if q.to.trim().is_empty() { today.format("%Y-%m-%d").to_string() } else { q.to.trim().to_owned() };
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| ());
    let start = day(&from)?.and_hms_opt(0, 0, 0).ok_or(())?.and_utc().timestamp() - LOCAL_OFFSET_SECS;
    let end = day(&to)?.and_hms_opt(0, 0, 0).ok_or(())?.and_utc().timestamp() - LOCAL_OFFSET_SECS + 86_400;
    Ok((from, to, start, end))
}

fn hours(seconds: i64) -> String {
    format!("{:.1}", seconds as f64 / 3600.0)
}

/// The columns every view of the report shares, in order.
fn headers(c: &PageCtx) -> Vec<String> {
    [
        "usage-level",
        "col-name",
        "usage-bookings",
        "usage-hours",
        "usage-outside-hours",
        "usage-income-inside",
        "usage-income-outside",
        "usage-enterprises",
        "usage-smes",
        "usage-authorised",
    ]
    .iter()
    .map(|k| c.t(k))
    .collect()
}

fn cells(c: &PageCtx, l: &UsageLine) -> Vec<String> {
    let f = &l.figures;
    let level = if l.level == "item" { c.t("equipment-item") } else { c.t(&format!("kind-{}", l.level)) };
    vec![
        level,
        l.name.clone(),
        f.bookings.to_string(),
        hours(f.machine_seconds),
        hours(f.outside_seconds),
        format_fen_as_yuan(f.income_inside_fen),
        format_fen_as_yuan(f.income_outside_fen),
        f.enterprises_served.to_string(),
        f.smes_served.to_string(),
        f.authorised_people.to_string(),
    ]
}

/// How many items the chart of the most used shows.
const BUSIEST: usize = 10;

#[derive(Template)]
#[template(path = "sharing/usage.html")]
struct UsagePage<'a> {
    c: &'a PageCtx,
    from: String,
    to: String,
    query: String,
    error: Option<String>,
    headers: Vec<String>,
    orgs: Vec<Vec<String>>,
    items: Vec<Vec<String>>,
    /// The items used most, by machine hours, as a bar chart.
    busiest: Option<String>,
}

pub async fn page(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<UsageQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let mut view = UsagePage {
        c,
        from: q.from.clone(),
        to: q.to.clone(),
        query: String::new(),
        error: None,
        headers: headers(c),
        orgs: vec![],
        items: vec![],
        busiest: None,
    };
    let read = period(&q, state.app.now()).ok();
    if let Some((from, to, _, _)) = &read {
        view.query = crate::http::format::query_string(&[("from", from.as_str()), ("to", to.as_str())]);
        view.from = from.clone();
        view.to = to.clone();
    }
    match uc::usage(&state.app, &ctx, read.map(|(_, _, start, end)| (start, end))).await {
        Ok(report) => {
            view.orgs = report.orgs.iter().map(|l| cells(c, l)).collect();
            view.items = report.items.iter().filter(|l| l.figures.bookings > 0).map(|l| cells(c, l)).collect();
            let mut used: Vec<(String, f64)> = report
                .items
                .iter()
                .filter(|l| l.figures.machine_seconds > 0)
                .map(|l| (l.name.clone(), l.figures.machine_seconds as f64 / 3600.0))
                .collect();
            used.sort_by(|a, b| b.1.total_cmp(&a.1));
            used.truncate(BUSIEST);
            if !used.is_empty() {
                view.busiest = Some(crate::chart::hbars(&used, &c.t("usage-busiest")));
            }
            Ok(html(StatusCode::OK, &view))
        }
        Err(AppError::Invalid(errors)) => {
            let unreadable = errors.0.iter().any(|e| e.code == "date.invalid");
            view.error = Some(c.t(if unreadable { "date-invalid" } else { "usage-range" }));
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &view))
        }
        Err(e) => Err(c.error(e)),
    }
}

async fn table(state: &WebState, viewer: &Viewer, q: &UsageQuery) -> Result<(Vec<Vec<String>>, String), PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let read = period(q, state.app.now()).ok();
    let report = uc::usage(&state.app, &ctx, read.as_ref().map(|(_, _, start, end)| (*start, *end)))
        .await
        .map_err(|e| c.error(e))?;
    let (from, to) = read.map(|(from, to, _, _)| (from, to)).unwrap_or_default();
    let mut rows = vec![headers(c)];
    rows.extend(report.orgs.iter().chain(report.items.iter()).map(|l| cells(c, l)));
    Ok((rows, format!("sharing-{from}-{to}")))
}

pub async fn export_xlsx(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<UsageQuery>,
) -> Result<Response, PageError> {
    let (mut rows, name) = table(&state, &viewer, &q).await?;
    let c = &viewer.page;
    let head = rows.remove(0);
    let bytes = crate::export::xlsx(&c.t("usage-title"), &head, &rows).map_err(|e| c.error(AppError::Unexpected(e)))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.xlsx\"")),
        ],
        bytes,
    )
        .into_response())
}

pub async fn export_csv(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<UsageQuery>,
) -> Result<Response, PageError> {
    let (rows, name) = table(&state, &viewer, &q).await?;
    let text = crate::export::csv(&rows);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.csv\"")),
        ],
        text,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_is_inclusive_local_days() {
        let q = UsageQuery { from: "2026-01-01".into(), to: "2026-01-01".into() };
        let (_, _, start, end) = period(&q, 0).unwrap();
        assert_eq!(end - start, 86_400);
        assert_eq!(start, 1_767_225_600 - LOCAL_OFFSET_SECS);
        assert!(period(&UsageQuery { from: "2026-13-01".into(), to: String::new() }, 0).is_err());
    }
}
