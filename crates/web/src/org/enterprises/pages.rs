//! Enterprise pages: the directory, a profile with its explained size class, and the form.

use crate::http::form::{Choice, Field, Pager};
use crate::http::form::{PER_PAGE, SortHeader, form, page_number, page_sort, sort_headers};
use crate::http::format::query_string;
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};

use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::org::{self as uc, EnterpriseView};
use tandem_app::records::{ENTERPRISE_SORTS, EnterpriseFilter, EnterpriseRow};
use tandem_app::{App, AppError, Page};
use tandem_domain::access::Action;
use tandem_domain::money::format_fen_as_wan;
use tandem_domain::org::{EnterpriseInput, NotClassified, SizeClass, SizeOutcome};
use tandem_domain::reference::{Bound, Measure};
use tandem_domain::validation::FieldErrors;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    industry: String,
    region: String,
    size_class: String,
    sort: String,
    page: Option<String>,
}

pub struct Row {
    id: i64,
    name: String,
    uscc: String,
    industry: String,
    region: String,
    employees: String,
    size: String,
}

#[derive(Template)]
#[template(path = "org/enterprises/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    rows: Vec<Row>,
    pager: Pager,
    q: String,
    industries: Vec<Choice>,
    regions: Vec<Choice>,
    sizes: Vec<Choice>,
    can_create: bool,
    headers: Vec<SortHeader>,
    /// The order, kept when the filters change.
    sort: String,
}

pub(crate) fn industry_label(c: &PageCtx, app: &App, code: &str) -> String {
    app.reference
        .industry(code)
        .map(|(_, d)| format!("{} {}", d.code, c.pick(&d.name_zh, &d.name_en).to_owned()))
        .unwrap_or_else(|| code.to_owned())
}

pub(crate) fn region_label(c: &PageCtx, app: &App, code: Option<&str>) -> String {
    match code {
        Some(code) => app
            .reference
            .region(code)
            .map(|r| c.pick(&r.name_zh, &r.name_en).to_owned())
            .unwrap_or_else(|| code.to_owned()),
        None => "—".to_owned(),
    }
}

fn choices(items: Vec<(String, String)>, selected: &str) -> Vec<Choice> {
    items.into_iter().map(|(value, label)| Choice { selected: value == selected, value, label }).collect()
}

fn section_choices(c: &PageCtx, app: &App) -> Vec<(String, String)> {
    app.reference
        .sections
        .iter()
        .map(|s| (s.code.clone(), format!("{} {}", s.code, c.pick(&s.name_zh, &s.name_en).to_owned())))
        .collect()
}

fn division_choices(c: &PageCtx, app: &App) -> Vec<(String, String)> {
    app.reference
        .divisions()
        .map(|(_, d)| (d.code.clone(), format!("{} {}", d.code, c.pick(&d.name_zh, &d.name_en).to_owned())))
        .collect()
}

fn region_choices(c: &PageCtx, app: &App) -> Vec<(String, String)> {
    app.reference
        .regions
        .iter()
        .map(|r| {
            let indent = if r.code.ends_with("0000") { "" } else { "　" };
            (r.code.clone(), format!("{indent}{} {}", r.code, c.pick(&r.name_zh, &r.name_en).to_owned()))
        })
        .collect()
}

fn size_choices(c: &PageCtx) -> Vec<(String, String)> {
    SizeClass::ALL.iter().map(|s| (s.code().to_owned(), c.size_label(s.code()))).collect()
}

pub async fn list(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let app = &state.app;
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let filter = EnterpriseFilter {
        q: Some(q.q.clone()),
        industry: Some(q.industry.clone()),
        region: Some(q.region.clone()),
        size_class: SizeClass::from_code(&q.size_class).map(|s| s.code().to_owned()),
        only_ids: None,
        sort: page_sort(&q.sort, ENTERPRISE_SORTS),
    };
    let (rows, total) = uc::list_enterprises(app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let rows = rows
        .into_iter()
        .map(|r: EnterpriseRow| Row {
            id: r.id,
            industry: industry_label(c, app, &r.industry_code),
            region: region_label(c, app, r.region_code.as_deref()),
            employees: r.employees.map(|n| n.to_string()).unwrap_or_default(),
            size: r.size_class.unwrap_or_default(),
            name: r.name,
            uscc: r.uscc,
        })
        .collect();
    let query =
        query_string(&[("q", &q.q), ("industry", &q.industry), ("region", &q.region), ("size_class", &q.size_class)]);
    let sort = filter.sort.map(|s| s.code()).unwrap_or_default();
    let headers = sort_headers(
        "/enterprises",
        &query,
        filter.sort,
        vec![
            (c.t("col-name"), Some("name"), false),
            (c.t("field-uscc"), None, false),
            (c.t("field-industry_code"), Some("industry"), false),
            (c.t("field-region_code"), Some("region"), false),
            (c.t("field-employees"), Some("employees"), true),
            (c.t("col-size"), Some("size"), false),
        ],
    );
    let paged = query_string(&[
        ("q", &q.q),
        ("industry", &q.industry),
        ("region", &q.region),
        ("size_class", &q.size_class),
        ("sort", &sort),
    ]);
    let pager = Pager::new(c, "/enterprises", &paged, page.page, page.per_page, total);
    Ok(ok(&ListPage {
        c,
        rows,
        pager,
        headers,
        sort,
        industries: choices(section_choices(c, app), &q.industry),
        regions: choices(region_choices(c, app), &q.region),
        sizes: choices(size_choices(c), &q.size_class),
        q: q.q,
        can_create: ctx.actor.may(Action::CreateEnterprise),
    }))
}

pub struct SizeText {
    class: String,
    explanation: String,
    sme_if: String,
    medium: String,
    small: String,
    source: String,
    version: String,
}

fn bound_text(c: &PageCtx, b: &Bound) -> String {
    let (measure, unit) = match b.measure {
        Measure::Employees => (c.t("field-employees"), c.t("unit-persons")),
        Measure::Revenue => (c.t("measure-revenue"), c.t("unit-wan")),
        Measure::Assets => (c.t("measure-assets"), c.t("unit-wan")),
    };
    match (b.below, b.at_least) {
        (Some(x), _) => format!("{measure} < {x} {unit}"),
        (None, Some(x)) => format!("{measure} ≥ {x} {unit}"),
        (None, None) => String::new(),
    }
}

fn bounds_text(c: &PageCtx, bounds: &[Bound], joiner: &str) -> String {
    bounds.iter().map(|b| bound_text(c, b)).collect::<Vec<_>>().join(&format!(" {} ", c.t(joiner)))
}

fn size_text(c: &PageCtx, s: &SizeOutcome) -> SizeText {
    let row_name = c.pick(&s.row_name_zh, &s.row_name_en).to_owned();
    SizeText {
        class: s.class.code().to_owned(),
        explanation: c.tf(
            "size-explanation",
            &[("row", &s.row.to_string()), ("row_name", &row_name), ("class", &c.size_label(s.class.code()))],
        ),
        sme_if: bounds_text(c, &s.sme_if_any, "or"),
        medium: bounds_text(c, &s.medium, "and"),
        small: bounds_text(c, &s.small, "and"),
        source: s.source.clone(),
        version: s.rule_version.clone(),
    }
}

#[derive(Template)]
#[template(path = "org/enterprises/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    e: EnterpriseRow,
    industry: String,
    region: String,
    founded: String,
    employees: String,
    revenue: String,
    assets: String,
    rd_expense: String,
    rd_staff: String,
    ip: String,
    size: Option<SizeText>,
    not_classified: String,
    colleges: Vec<tandem_app::records::OrgRef>,
    can_edit: bool,
    /// Present when the reader may see this enterprise's diagnoses.
    assessments: Option<Vec<AssessmentLine>>,
    /// Instruments the reader may start, as (id, title).
    instruments: Vec<(String, String)>,
    /// The MIIT ladder under each rule set.
    ladder: Vec<LadderLine>,
    /// Per rule set: the highest tier met, in words.
    standing: Vec<String>,
}

pub struct LadderLine {
    ruleset: String,
    tier: String,
    verdict: String,
    verdict_class: &'static str,
    assessment_id: Option<i64>,
    start: Option<String>,
    missing: Vec<String>,
}

pub struct AssessmentLine {
    id: i64,
    title: String,
    status: String,
    total: String,
    date: String,
}

fn parse_id(c: &PageCtx, raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| c.error(AppError::NotFound))
}

pub async fn detail(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let app = &state.app;
    let id = parse_id(c, &id)?;
    let EnterpriseView { row, size, region, colleges, can_edit, .. } =
        uc::get_enterprise(app, &ctx, id).await.map_err(|e| c.error(e))?;
    let wan = |fen: Option<i64>| {
        fen.map(|f| format!("{} {}", format_fen_as_wan(f), c.t("unit-wan"))).unwrap_or_else(|| "—".into())
    };
    let not_classified = match &size {
        Ok(_) => String::new(),
        Err(NotClassified::Missing(m)) => c.tf("size-missing", &[("measure", &c.t(&format!("measure-{}", m.code())))]),
        Err(other) => c.t(other.code()),
    };
    let diagnoses = tandem_app::diagnosis::of_enterprise_page(app, &ctx, id).await.map_err(|e| c.error(e))?;
    let (assessments, instruments) = if let Some(d) = &diagnoses {
        let lines = d
            .assessments
            .iter()
            .map(|a| AssessmentLine {
                id: a.id,
                title: app
                    .catalogue
                    .get(&a.instrument_id)
                    .map(|i| crate::diagnosis::pages::title(c, i))
                    .unwrap_or(a.instrument_id.clone()),
                status: c.t(&format!("diag-status-{}", a.status)),
                total: match (a.total, app.catalogue.get(&a.instrument_id)) {
                    (Some(t), Some(i)) => crate::diagnosis::explain::points(i, u32::try_from(t).unwrap_or(0)),
                    _ => "—".into(),
                },
                date: c.datetime(&a.submitted_at.unwrap_or(a.updated_at)),
            })
            .collect();
        let instruments = if d.may_start {
            app.catalogue.instruments.iter().map(|i| (i.id.clone(), crate::diagnosis::pages::title(c, i))).collect()
        } else {
            vec![]
        };
        (Some(lines), instruments)
    } else {
        (None, vec![])
    };
    let (ladder, standing) = if let Some(d) = &diagnoses {
        let (rungs, may_start) = (&d.rungs, d.may_start);
        let mut standing = Vec::new();
        let mut rulesets: Vec<&str> = rungs.iter().map(|r| r.ruleset.as_str()).collect();
        rulesets.dedup();
        for rs in rulesets {
            let best = rungs.iter().filter(|r| r.ruleset == rs && r.passed == Some(Some(true))).max_by_key(|r| r.rank);
            let tier = best.map(|r| c.t(&format!("tier-{}", r.tier))).unwrap_or_else(|| c.t("tier-none"));
            standing.push(c.tf("ladder-standing", &[("ruleset", &c.t(&format!("ruleset-{rs}"))), ("tier", &tier)]));
        }
        let lines = rungs
            .iter()
            .map(|r| {
                let instrument = app.catalogue.get(&r.instrument_id);
                let (verdict, verdict_class) = match r.passed {
                    None => (c.t("ladder-not-assessed"), "unknown"),
                    Some(Some(true)) => (c.t("diag-passed"), "passed"),
                    Some(Some(false)) => (c.t("diag-failed"), "failed"),
                    Some(None) => (c.t("diag-undetermined"), "unknown"),
                };
                let missing = r
                    .missing
                    .iter()
                    .filter_map(|(rule, given)| {
                        let text = crate::diagnosis::explain::condition_text(&c.i18n, c.lang, instrument?, rule);
                        Some(match given.as_ref().and_then(serde_json::Value::as_f64) {
                            Some(v) => c.tf(
                                "ladder-now",
                                &[("condition", &text), ("value", &crate::diagnosis::explain::num(v))],
                            ),
                            None => text,
                        })
                    })
                    .collect();
                LadderLine {
                    ruleset: c.t(&format!("ruleset-{}", r.ruleset)),
                    tier: c.t(&format!("tier-{}", r.tier)),
                    verdict,
                    verdict_class,
                    assessment_id: r.assessment_id,
                    start: (may_start && r.passed.is_none())
                        .then(|| format!("/enterprises/{id}/assessments/new?instrument={}", r.instrument_id)),
                    missing,
                }
            })
            .collect();
        (lines, standing)
    } else {
        (vec![], vec![])
    };
    let page = DetailPage {
        c,
        assessments,
        instruments,
        ladder,
        standing,
        industry: industry_label(c, app, &row.industry_code),
        region: region
            .map(|r| format!("{} {}", r.code, c.pick(&r.name_zh, &r.name_en).to_owned()))
            .unwrap_or_else(|| "—".into()),
        founded: row.founded_on.clone().unwrap_or_else(|| "—".into()),
        employees: row.employees.map(|n| format!("{n} {}", c.t("unit-persons"))).unwrap_or_else(|| "—".into()),
        revenue: wan(row.operating_revenue_fen),
        assets: wan(row.total_assets_fen),
        rd_expense: wan(row.rd_expense_fen),
        rd_staff: row.rd_staff.map(|n| format!("{n} {}", c.t("unit-persons"))).unwrap_or_else(|| "—".into()),
        ip: match (row.invention_patents, row.class2_ip_items) {
            (None, None) => "—".into(),
            (a, b) => {
                let count = |n: Option<i64>| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
                c.tf("enterprises-ip-counts", &[("invention", &count(a)), ("class2", &count(b))])
            }
        },
        size: size.as_ref().ok().map(|s| size_text(c, s)),
        not_classified,
        colleges,
        can_edit,
        e: row,
    };
    Ok(ok(&page))
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct EnterpriseForm {
    name: String,
    name_en: String,
    uscc: String,
    industry_code: String,
    region_code: String,
    founded_on: String,
    employees: String,
    operating_revenue_wan: String,
    total_assets_wan: String,
    rd_expense_wan: String,
    rd_staff: String,
    invention_patents: String,
    class2_ip_items: String,
}

impl From<EnterpriseForm> for EnterpriseInput {
    fn from(f: EnterpriseForm) -> Self {
        EnterpriseInput {
            name: f.name,
            name_en: f.name_en,
            uscc: f.uscc,
            industry_code: f.industry_code,
            region_code: f.region_code,
            founded_on: f.founded_on,
            employees: f.employees,
            operating_revenue_wan: f.operating_revenue_wan,
            total_assets_wan: f.total_assets_wan,
            rd_expense_wan: f.rd_expense_wan,
            rd_staff: f.rd_staff,
            invention_patents: f.invention_patents,
            class2_ip_items: f.class2_ip_items,
        }
    }
}

fn form_page(
    state: &WebState,
    viewer: &Viewer,
    f: &EnterpriseInput,
    id: Option<i64>,
    errors: &FieldErrors,
) -> Response {
    let c = &viewer.page;
    let app = &state.app;
    let fields = vec![
        Field::new("name", c.t("col-name"), &f.name).required(),
        Field::new("name_en", c.t("field-name_en"), &f.name_en),
        Field::new("uscc", c.t("field-uscc"), &f.uscc).required().hint(c.t("hint-uscc")),
        Field::new("industry_code", c.t("field-industry_code"), &f.industry_code)
            .choices(division_choices(c, app))
            .required(),
        Field::new("region_code", c.t("field-region_code"), &f.region_code)
            .choices(region_choices(c, app))
            .hint(c.t("hint-region")),
        Field::new("founded_on", c.t("field-founded_on"), &f.founded_on).kind("date"),
        Field::new("employees", c.t("field-employees"), &f.employees).kind("number").hint(c.t("hint-employees")),
        Field::new("operating_revenue_wan", c.t("field-operating_revenue_wan"), &f.operating_revenue_wan)
            .hint(c.t("hint-wan")),
        Field::new("total_assets_wan", c.t("field-total_assets_wan"), &f.total_assets_wan).hint(c.t("hint-wan")),
        Field::new("rd_expense_wan", c.t("field-rd_expense_wan"), &f.rd_expense_wan).hint(c.t("hint-rd_expense")),
        Field::new("rd_staff", c.t("field-rd_staff"), &f.rd_staff).kind("number"),
        Field::new("invention_patents", c.t("field-invention_patents"), &f.invention_patents).kind("number"),
        Field::new("class2_ip_items", c.t("field-class2_ip_items"), &f.class2_ip_items)
            .kind("number")
            .hint(c.t("hint-class2_ip")),
    ];
    let (title, action, back) = match id {
        Some(id) => (c.t("enterprises-edit"), format!("/enterprises/{id}"), format!("/enterprises/{id}")),
        None => (c.t("enterprises-new"), "/enterprises".to_owned(), "/enterprises".to_owned()),
    };
    crate::http::form::form_response(c, title, action, (back, c.t("enterprises-title")), fields, errors)
}

fn duplicate_as_field_error(field: &str) -> FieldErrors {
    let mut e = FieldErrors::new();
    e.add(field, &format!("{field}.taken"));
    e
}

pub async fn new_form(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    state.app.authorize(&ctx, Action::CreateEnterprise).await.map_err(|e| viewer.page.error(e))?;
    Ok(form_page(&state, &viewer, &EnterpriseInput::default(), None, &FieldErrors::new()))
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    let input: EnterpriseInput = form::<EnterpriseForm>(&body).into();
    match uc::create_enterprise(&state.app, &ctx, &input).await {
        Ok(id) => Ok(Redirect::to(&crate::http::format::done(&format!("/enterprises/{id}"), "enterprise-created"))
            .into_response()),
        Err(AppError::Invalid(errors)) => Ok(form_page(&state, &viewer, &input, None, &errors)),
        Err(AppError::Duplicate { field }) => {
            Ok(form_page(&state, &viewer, &input, None, &duplicate_as_field_error(&field)))
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn edit_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    let id = parse_id(&viewer.page, &id)?;
    let row = uc::enterprise_for_edit(&state.app, &ctx, id).await.map_err(|e| viewer.page.error(e))?;
    Ok(form_page(&state, &viewer, &uc::input_from_row(&row), Some(id), &FieldErrors::new()))
}

pub async fn update(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("enterprises");
    let ctx = viewer.signed_in()?;
    let id = parse_id(&viewer.page, &id)?;
    let input: EnterpriseInput = form::<EnterpriseForm>(&body).into();
    match uc::update_enterprise(&state.app, &ctx, id, &input).await {
        Ok(()) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/enterprises/{id}"), "enterprise-saved"))
                .into_response())
        }
        Err(AppError::Invalid(errors)) => Ok(form_page(&state, &viewer, &input, Some(id), &errors)),
        Err(AppError::Duplicate { field }) => {
            Ok(form_page(&state, &viewer, &input, Some(id), &duplicate_as_field_error(&field)))
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}
