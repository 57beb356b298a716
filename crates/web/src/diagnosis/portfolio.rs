//! The diagnosis portfolio: staff see every diagnosed enterprise with its latest result and
//! can export it as XLSX; government officers see the same aggregates but no enterprise.

use crate::http::form::{Choice, Pager};
use crate::http::form::{PER_PAGE, page_number};
use crate::http::format::query_string;
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tandem_app::diagnosis::{self as uc, Aggregates, PortfolioFilter, PortfolioRow};
use tandem_app::{AppError, Page};
use tandem_domain::access::Action;
use tandem_domain::org::SizeClass;

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct PortfolioQuery {
    instrument: String,
    industry: String,
    region: String,
    size_class: String,
    verdict: String,
    sort: String,
    page: Option<String>,
}

impl PortfolioQuery {
    fn filter(&self, default_instrument: &str) -> PortfolioFilter {
        PortfolioFilter {
            instrument_id: if self.instrument.is_empty() {
                default_instrument.to_owned()
            } else {
                self.instrument.clone()
            },
            industry: Some(self.industry.clone()),
            region: Some(self.region.clone()),
            size_class: SizeClass::from_code(&self.size_class).map(|s| s.code().to_owned()),
            verdict: ["passed", "failed", "unknown"].contains(&self.verdict.as_str()).then(|| self.verdict.clone()),
            sort: crate::http::form::page_sort(&self.sort, tandem_app::records::PORTFOLIO_SORTS),
        }
    }
}

pub struct Line {
    assessment_id: i64,
    name: String,
    industry: String,
    region: String,
    size: String,
    total: String,
    verdict: String,
    date: String,
}

#[derive(Template)]
#[template(path = "diagnosis/portfolio.html")]
struct PortfolioPage<'a> {
    c: &'a PageCtx,
    instruments: Vec<Choice>,
    industries: Vec<Choice>,
    regions: Vec<Choice>,
    sizes: Vec<Choice>,
    verdicts: Vec<Choice>,
    agg: Aggregates,
    mean: Option<String>,
    bands: Vec<(String, usize)>,
    by_size: Vec<(String, usize)>,
    /// The same two distributions as charts.
    bands_chart: Option<String>,
    size_chart: Option<String>,
    rows: Option<Vec<Line>>,
    pager: Option<Pager>,
    headers: Vec<crate::http::form::SortHeader>,
    /// The order, kept when the filters change.
    sort: String,
    export_href: Option<String>,
}

fn verdict_label(c: &PageCtx, passed: Option<i64>) -> String {
    match passed {
        Some(1) => c.t("diag-passed"),
        Some(_) => c.t("diag-failed"),
        None => c.t("diag-undetermined"),
    }
}

fn choices(items: Vec<(String, String)>, selected: &str) -> Vec<Choice> {
    items.into_iter().map(|(value, label)| Choice { selected: value == selected, value, label }).collect()
}

fn line(c: &PageCtx, state: &WebState, scale: u32, r: PortfolioRow) -> Line {
    Line {
        assessment_id: r.assessment_id,
        industry: crate::org::enterprises::pages::industry_label(c, &state.app, &r.industry_code),
        region: crate::org::enterprises::pages::region_label(c, &state.app, r.region_code.as_deref()),
        size: r.size_class.as_deref().map(|s| c.size_label(s)).unwrap_or_default(),
        total: r
            .total
            .map(|t| crate::diagnosis::explain::num(t as f64 / f64::from(scale.max(1))))
            .unwrap_or_else(|| "—".into()),
        verdict: verdict_label(c, r.passed),
        date: r.submitted_at.map(|t| c.datetime(&t)).unwrap_or_default(),
        name: r.enterprise_name,
    }
}

pub async fn page(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<PortfolioQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("diagnosis");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let app = &state.app;
    let default =
        app.catalogue.instruments.iter().find(|i| i.id == "miit-2022-srdi").map(|i| i.id.clone()).unwrap_or_default();
    let filter = q.filter(&default);
    let agg = uc::aggregates(app, &ctx, &filter).await.map_err(|e| c.error(e))?;
    let sort = filter.sort.map(|s| s.code()).unwrap_or_default();
    let mut headers = vec![];
    let (rows, pager, export_href) = if ctx.actor.may(Action::ViewDiagnosisPortfolio) {
        let page = Page::new(page_number(&q.page), PER_PAGE);
        let (rows, total) = uc::portfolio(app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
        let query = query_string(&[
            ("instrument", &filter.instrument_id),
            ("industry", &q.industry),
            ("region", &q.region),
            ("size_class", &q.size_class),
            ("verdict", &q.verdict),
        ]);
        headers = crate::http::form::sort_headers(
            "/diagnosis",
            &query,
            filter.sort,
            vec![
                (c.t("col-name"), Some("name"), false),
                (c.t("field-industry_code"), Some("industry"), false),
                (c.t("field-region_code"), Some("region"), false),
                (c.t("col-size"), Some("size"), false),
                (c.t("diag-total"), Some("total"), true),
                (c.t("portfolio-verdict"), None, false),
                (c.t("diag-submitted-at"), Some("submitted"), false),
            ],
        );
        let paged = if sort.is_empty() { query.clone() } else { format!("{query}&sort={sort}") };
        let pager = Pager::new(c, "/diagnosis", &paged, page.page, page.per_page, total);
        let scale = app.catalogue.get(&filter.instrument_id).map_or(1, |i| i.points_scale);
        (
            Some(rows.into_iter().map(|r| line(c, &state, scale, r)).collect()),
            Some(pager),
            Some(format!("/diagnosis/export.xlsx?{query}")),
        )
    } else {
        (None, None, None)
    };
    let mut page = PortfolioPage {
        c,
        instruments: choices(
            app.catalogue
                .instruments
                .iter()
                .map(|i| (i.id.clone(), c.pick(&i.title_zh, &i.title_en).to_owned()))
                .collect(),
            &filter.instrument_id,
        ),
        industries: choices(
            app.reference
                .sections
                .iter()
                .map(|s| (s.code.clone(), format!("{} {}", s.code, c.pick(&s.name_zh, &s.name_en))))
                .collect(),
            &q.industry,
        ),
        regions: choices(
            app.reference
                .regions
                .iter()
                .map(|r| (r.code.clone(), format!("{} {}", r.code, c.pick(&r.name_zh, &r.name_en))))
                .collect(),
            &q.region,
        ),
        sizes: choices(
            SizeClass::ALL.iter().map(|s| (s.code().to_owned(), c.size_label(s.code()))).collect(),
            &q.size_class,
        ),
        verdicts: choices(
            vec![
                ("passed".into(), c.t("diag-passed")),
                ("failed".into(), c.t("diag-failed")),
                ("unknown".into(), c.t("diag-undetermined")),
            ],
            &q.verdict,
        ),
        mean: agg.mean_total.map(|m| format!("{m:.1}")),
        bands: agg
            .total_bands
            .iter()
            .map(|(lo, hi, n)| {
                (format!("{}–{}", crate::diagnosis::explain::num(*lo), crate::diagnosis::explain::num(*hi)), *n)
            })
            .collect(),
        by_size: agg.by_size.iter().map(|(s, n)| (if s == "—" { s.clone() } else { c.size_label(s) }, *n)).collect(),
        headers,
        sort,
        bands_chart: None,
        size_chart: None,
        agg,
        rows,
        pager,
        export_href,
    };
    let as_series = |rows: &[(String, usize)]| -> Vec<(String, f64)> {
        rows.iter().map(|(label, n)| (label.clone(), *n as f64)).collect()
    };
    if page.agg.enterprises > 0 {
        if !page.bands.is_empty() {
            page.bands_chart = Some(crate::chart::columns(&as_series(&page.bands), &c.t("portfolio-distribution")));
        }
        page.size_chart = Some(crate::chart::hbars(&as_series(&page.by_size), &c.t("col-size")));
    }
    Ok(ok(&page))
}

/// The portfolio as an XLSX workbook, with the same filters as the page.
pub async fn export(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<PortfolioQuery>,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let filter = q.filter("miit-2022-srdi");
    let rows = uc::portfolio_export(&state.app, &ctx, &filter).await.map_err(|e| c.error(e))?;
    let scale = state.app.catalogue.get(&filter.instrument_id).map_or(1, |i| i.points_scale);
    let lines: Vec<Line> = rows.into_iter().map(|r| line(c, &state, scale, r)).collect();
    let headers = [
        c.t("col-name"),
        c.t("field-industry_code"),
        c.t("field-region_code"),
        c.t("col-size"),
        c.t("diag-total"),
        c.t("portfolio-verdict"),
        c.t("diag-submitted-at"),
    ];
    let table: Vec<Vec<String>> =
        lines.into_iter().map(|l| vec![l.name, l.industry, l.region, l.size, l.total, l.verdict, l.date]).collect();
    let bytes =
        crate::export::xlsx(&c.t("portfolio-title"), &headers, &table).map_err(|e| c.error(AppError::Unexpected(e)))?;
    let filename = format!("diagnosis-{}.xlsx", filter.instrument_id);
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        bytes,
    )
        .into_response())
}
