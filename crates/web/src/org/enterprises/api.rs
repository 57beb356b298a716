//! `/api/v1/enterprises`: the enterprise directory and profiles.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{
    ApiResult, Caller, JsonFields, ListOf, app_err, json_object, json_ok, paging, path_id, sorting,
};
use crate::http::state::WebState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tandem_app::AppError;
use tandem_app::org::{self as uc, EnterpriseView};
use tandem_app::records::{EnterpriseFilter, EnterpriseRow, OrgRef};
use tandem_domain::money::format_fen_as_wan;
use tandem_domain::org::{EnterpriseInput, SizeClass};
use tandem_domain::reference::Bound;
use utoipa::{IntoParams, ToSchema};

/// A threshold of the size classification: `measure < below` or `measure >= at_least`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Threshold {
    /// `employees` (persons), `revenue` or `assets` (万元).
    measure: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    below: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at_least: Option<i64>,
}

fn thresholds(bounds: &[Bound]) -> Vec<Threshold> {
    bounds
        .iter()
        .map(|b| Threshold { measure: b.measure.code().to_owned(), below: b.below, at_least: b.at_least })
        .collect()
}

/// How the size class was reached: the rule, its row and the thresholds that applied.
#[derive(Debug, Serialize, ToSchema)]
pub struct SizeClassification {
    /// micro, small, medium or large.
    class: String,
    /// Row of the 2011 table for the enterprise's industry.
    row: u8,
    row_name: String,
    row_name_en: String,
    /// SME if any of these holds; otherwise large.
    sme_if_any: Vec<Threshold>,
    /// Medium if all hold.
    medium: Vec<Threshold>,
    /// Small if all hold (and not medium); otherwise micro.
    small: Vec<Threshold>,
    rule: String,
    rule_version: String,
    source: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Partner {
    id: i64,
    name: String,
}

/// An enterprise profile. A client may send it back as it was read: the read-only fields are
/// accepted and ignored.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enterprise {
    #[schema(read_only)]
    id: i64,
    name: String,
    name_en: Option<String>,
    /// Unified social credit code, 18 characters.
    uscc: String,
    /// GB/T 4754-2017 division (`C34`) or, for real estate, class (`K7010`).
    industry_code: String,
    /// GB/T 4754 section letter, derived from the industry code.
    #[schema(read_only)]
    industry_section: String,
    /// GB/T 2260 administrative division code.
    region_code: Option<String>,
    /// YYYY-MM-DD.
    founded_on: Option<String>,
    employees: Option<i64>,
    /// Operating revenue of the last year in 万元 (exact: two decimals at most).
    #[schema(value_type = Option<f64>)]
    operating_revenue_wan: Option<serde_json::Number>,
    /// Total assets at the end of the last year in 万元.
    #[schema(value_type = Option<f64>)]
    total_assets_wan: Option<serde_json::Number>,
    /// R&D expense of the last year in 万元.
    #[schema(value_type = Option<f64>)]
    rd_expense_wan: Option<serde_json::Number>,
    /// People working in R&D.
    rd_staff: Option<i64>,
    /// Valid invention patents (class I IP).
    invention_patents: Option<i64>,
    /// Class II IP items: utility models, designs, software copyrights.
    class2_ip_items: Option<i64>,
    /// micro, small, medium or large; null when it cannot be computed.
    #[schema(read_only)]
    size_class: Option<String>,
    /// Present in single-record responses.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(read_only)]
    size_classification: Option<SizeClassification>,
    /// Why no size class could be computed, when none could.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(read_only)]
    size_not_classified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(read_only)]
    partner_colleges: Option<Vec<Partner>>,
    #[schema(read_only)]
    created_at: String,
    #[schema(read_only)]
    updated_at: String,
}

fn wan_number(fen: Option<i64>) -> Option<serde_json::Number> {
    fen.and_then(|f| format_fen_as_wan(f).parse::<serde_json::Number>().ok())
}

fn of_row(r: EnterpriseRow) -> Enterprise {
    Enterprise {
        id: r.id,
        industry_section: r.industry_code.chars().next().map(String::from).unwrap_or_default(),
        operating_revenue_wan: wan_number(r.operating_revenue_fen),
        total_assets_wan: wan_number(r.total_assets_fen),
        rd_expense_wan: wan_number(r.rd_expense_fen),
        rd_staff: r.rd_staff,
        invention_patents: r.invention_patents,
        class2_ip_items: r.class2_ip_items,
        name: r.name,
        name_en: r.name_en,
        uscc: r.uscc,
        industry_code: r.industry_code,
        region_code: r.region_code,
        founded_on: r.founded_on,
        employees: r.employees,
        size_class: r.size_class,
        size_classification: None,
        size_not_classified: None,
        partner_colleges: None,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

fn of_view(v: EnterpriseView) -> Enterprise {
    let mut e = of_row(v.row);
    match v.size {
        Ok(s) => {
            e.size_class = Some(s.class.code().to_owned());
            e.size_classification = Some(SizeClassification {
                class: s.class.code().to_owned(),
                row: s.row,
                row_name: s.row_name_zh,
                row_name_en: s.row_name_en,
                sme_if_any: thresholds(&s.sme_if_any),
                medium: thresholds(&s.medium),
                small: thresholds(&s.small),
                rule: s.rule_id,
                rule_version: s.rule_version,
                source: s.source,
            });
        }
        Err(reason) => {
            e.size_class = None;
            e.size_not_classified = Some(reason.code().to_owned());
        }
    }
    e.partner_colleges = Some(v.colleges.into_iter().map(|OrgRef { id, name, .. }| Partner { id, name }).collect());
    e
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Text in the name, English name or USCC.
    q: Option<String>,
    /// Section letter (`C`) or division code (`C34`).
    industry: Option<String>,
    /// Region code; a province code (`210000`) includes its cities.
    region: Option<String>,
    /// micro, small, medium or large.
    size_class: Option<String>,
    /// Order: name, industry, region, employees, size or revenue; `-` before it for descending.
    sort: Option<String>,
    /// Page number, from 1.
    page: Option<String>,
    /// Rows per page, 1 to 200 (default 50).
    per_page: Option<String>,
}

/// List enterprises. Staff and government see all; enterprise members see their own.
#[utoipa::path(get, operation_id = "enterprises_list", path = "/api/v1/enterprises", tag = "enterprises", params(ListParams),
    responses((status = 200, body = ListOf<Enterprise>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<ListParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let sort = sorting(p.sort.as_deref(), tandem_app::records::ENTERPRISE_SORTS)?;
    let size_class = match p.size_class.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            SizeClass::from_code(s)
                .map(|c| c.code().to_owned())
                .ok_or_else(|| app_err(AppError::invalid("size_class", "size.unknown_class")))?,
        ),
        None => None,
    };
    let filter = EnterpriseFilter { q: p.q, industry: p.industry, region: p.region, size_class, only_ids: None, sort };
    let (rows, total) = uc::list_enterprises(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    let items = rows.into_iter().map(of_row).collect();
    json_ok(StatusCode::OK, &ListOf { items, page: page.page, per_page: page.per_page, total })
}

/// The fields of an enterprise as sent by a client; all are text or numbers. The read-only
/// fields of [`Enterprise`] may be sent along and are ignored; any other field is `unknown_field`.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct EnterpriseFields {
    name: Option<String>,
    name_en: Option<String>,
    /// 18 characters; the last is a check character.
    uscc: Option<String>,
    /// GB/T 4754 division, e.g. `C34`.
    industry_code: Option<String>,
    /// GB/T 2260 code; defaults to the one inside the USCC.
    region_code: Option<String>,
    /// YYYY-MM-DD, not in the future.
    founded_on: Option<String>,
    employees: Option<i64>,
    /// 万元, a number or a decimal string.
    #[schema(value_type = Option<f64>)]
    operating_revenue_wan: Option<serde_json::Value>,
    /// 万元, a number or a decimal string.
    #[schema(value_type = Option<f64>)]
    total_assets_wan: Option<serde_json::Value>,
    /// 万元, a number or a decimal string; not above the operating revenue.
    #[schema(value_type = Option<f64>)]
    rd_expense_wan: Option<serde_json::Value>,
    /// Not above the employees.
    rd_staff: Option<i64>,
    invention_patents: Option<i64>,
    class2_ip_items: Option<i64>,
}

const FIELDS: [&str; 13] = [
    "name",
    "name_en",
    "uscc",
    "industry_code",
    "region_code",
    "founded_on",
    "employees",
    "operating_revenue_wan",
    "total_assets_wan",
    "rd_expense_wan",
    "rd_staff",
    "invention_patents",
    "class2_ip_items",
];

/// What `GET` returns besides the writable fields. A client may send them back; they are ignored.
const READ_ONLY: [&str; 8] = [
    "id",
    "industry_section",
    "size_class",
    "size_classification",
    "size_not_classified",
    "partner_colleges",
    "created_at",
    "updated_at",
];

fn writable_fields(headers: &HeaderMap, body: &[u8]) -> Result<JsonFields, axum::response::Response> {
    let mut map = json_object(headers, body)?;
    for key in READ_ONLY {
        map.remove(key);
    }
    Ok(JsonFields::new(map, &FIELDS))
}

/// Overlays the fields present in `j` on `base`.
fn merge(base: EnterpriseInput, j: &mut JsonFields) -> EnterpriseInput {
    let mut e = base;
    macro_rules! take {
        ($($f:ident),*) => { $( if let Some(v) = j.text(stringify!($f)) { e.$f = v; } )* };
    }
    take!(
        name,
        name_en,
        uscc,
        industry_code,
        region_code,
        founded_on,
        employees,
        operating_revenue_wan,
        total_assets_wan,
        rd_expense_wan,
        rd_staff,
        invention_patents,
        class2_ip_items
    );
    e
}

/// Create an enterprise (university staff and platform admins).
#[utoipa::path(post, operation_id = "enterprises_create", path = "/api/v1/enterprises", tag = "enterprises", request_body = EnterpriseFields,
    responses((status = 201, body = Enterprise), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The USCC belongs to another enterprise"), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let mut j = writable_fields(&headers, &body)?;
    let input = merge(EnterpriseInput::default(), &mut j);
    j.check()?;
    let id = uc::create_enterprise(&state.app, &ctx, &input).await.map_err(app_err)?;
    let view = uc::get_enterprise(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &of_view(view))
}

/// One enterprise with its size classification explained.
#[utoipa::path(get, operation_id = "enterprises_get", path = "/api/v1/enterprises/{id}", tag = "enterprises", params(("id" = i64, Path)),
    responses((status = 200, body = Enterprise), (status = 404, body = ErrorBody, description = "No such enterprise, or not one the caller may see")))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let view = uc::get_enterprise(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &of_view(view))
}

/// Change some fields of an enterprise (staff, or the enterprise's own admin).
#[utoipa::path(patch, operation_id = "enterprises_update", path = "/api/v1/enterprises/{id}", tag = "enterprises", params(("id" = i64, Path)), request_body = EnterpriseFields,
    responses((status = 200, body = Enterprise), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = writable_fields(&headers, &body)?;
    let overlay_sent = |current| {
        let input = merge(current, &mut j);
        let mut errors = j.errors.clone();
        if errors.is_empty() && j.has("uscc") && input.uscc.trim().is_empty() {
            errors.add("uscc", "required");
        }
        if errors.is_empty() { Ok(input) } else { Err(AppError::Invalid(errors)) }
    };
    let view = uc::patch_enterprise(&state.app, &ctx, id, overlay_sent).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &of_view(view))
}
