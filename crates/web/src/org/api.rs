//! `/api/v1/orgs`: the university's colleges, centres and labs, government bodies and institutes.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{ApiResult, Caller, JsonFields, ListOf, app_err, json_object, json_ok, paging, path_id};
use crate::http::state::WebState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tandem_app::AppError;
use tandem_app::org as uc;
use tandem_app::records::{OrgFilter, OrgRow};
use tandem_domain::org::{OrgKind, OrgUnitInput};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgRefOut {
    id: i64,
    kind: String,
    name: String,
}

/// An organisation unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct Org {
    id: i64,
    /// university, college, centre, lab, government or institute.
    kind: String,
    name: String,
    name_en: Option<String>,
    description: Option<String>,
    parent_id: Option<i64>,
    parent_name: Option<String>,
    /// Number of units directly under this one.
    children: i64,
    members: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    partner_enterprises: Option<Vec<OrgRefOut>>,
    created_at: String,
    updated_at: String,
}

fn of_row(r: OrgRow) -> Org {
    Org {
        id: r.id,
        kind: r.kind,
        name: r.name,
        name_en: r.name_en,
        description: r.description,
        parent_id: r.parent_id,
        parent_name: r.parent_name,
        children: r.children,
        members: r.members,
        partner_enterprises: None,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Text in the name or English name.
    q: Option<String>,
    /// university, college, centre, lab, government or institute.
    kind: Option<String>,
    /// Only units directly under this one.
    parent_id: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// List organisation units (any signed-in person).
#[utoipa::path(get, operation_id = "orgs_list", path = "/api/v1/orgs", tag = "orgs", params(ListParams),
    responses((status = 200, body = ListOf<Org>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<ListParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let kinds = match p.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => match OrgKind::from_code(k).filter(|k| *k != OrgKind::Enterprise) {
            Some(k) => vec![k.code().to_owned()],
            None => return Err(app_err(AppError::invalid("kind", "org.kind_not_allowed"))),
        },
        None => vec![],
    };
    let parent_id = match p.parent_id.as_deref().filter(|s| !s.is_empty()) {
        Some(raw) => {
            Some(raw.parse::<i64>().map_err(|_| app_err(AppError::invalid("parent_id", "not_a_whole_number")))?)
        }
        None => None,
    };
    let filter = OrgFilter { kinds, parent_id, q: p.q };
    let (rows, total) = uc::list_units(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    json_ok(
        StatusCode::OK,
        &ListOf { items: rows.into_iter().map(of_row).collect(), page: page.page, per_page: page.per_page, total },
    )
}

/// One organisation unit, with partner enterprises for a college.
#[utoipa::path(get, operation_id = "orgs_get", path = "/api/v1/orgs/{id}", tag = "orgs", params(("id" = i64, Path)),
    responses((status = 200, body = Org), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let v = uc::get_unit(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &with_partners(v))
}

fn with_partners(v: uc::UnitView) -> Org {
    let partners = v.partners.into_iter().map(|p| OrgRefOut { id: p.id, kind: p.kind, name: p.name }).collect();
    let mut org = of_row(v.org);
    org.partner_enterprises = Some(partners);
    org
}

/// Fields of an organisation unit as sent by a client.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct OrgFields {
    /// Required on create: college, centre, lab, government or institute. Cannot change.
    kind: Option<String>,
    parent_id: Option<i64>,
    name: Option<String>,
    name_en: Option<String>,
    description: Option<String>,
}

const FIELDS: [&str; 5] = ["kind", "parent_id", "name", "name_en", "description"];

fn overlay(mut base: OrgUnitInput, j: &mut JsonFields) -> OrgUnitInput {
    if let Some(v) = j.text("name") {
        base.name = v;
    }
    if let Some(v) = j.text("name_en") {
        base.name_en = v;
    }
    if let Some(v) = j.text("description") {
        base.description = v;
    }
    base
}

/// Create an organisation unit (university staff and platform admins).
#[utoipa::path(post, operation_id = "orgs_create", path = "/api/v1/orgs", tag = "orgs", request_body = OrgFields,
    responses((status = 201, body = Org), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &FIELDS);
    let kind_text = j.text("kind").unwrap_or_default();
    let parent_id = j.id("parent_id").flatten();
    let input = overlay(OrgUnitInput::default(), &mut j);
    j.check()?;
    let kind =
        OrgKind::from_code(&kind_text).ok_or_else(|| app_err(AppError::invalid("kind", "org.kind_not_allowed")))?;
    let id = uc::create_unit(&state.app, &ctx, kind, parent_id, &input).await.map_err(app_err)?;
    let v = uc::get_unit(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &of_row(v.org))
}

/// Change some fields of an organisation unit (staff and admins).
#[utoipa::path(patch, operation_id = "orgs_update", path = "/api/v1/orgs/{id}", tag = "orgs", params(("id" = i64, Path)), request_body = OrgFields,
    responses((status = 200, body = Org), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &FIELDS);
    let overlay_sent = |current: &OrgRow, texts| {
        if j.has("kind") && j.text("kind").as_deref() != Some(current.kind.as_str()) {
            j.errors.add("kind", "org.kind_fixed");
        }
        let parent_id = j.id("parent_id").unwrap_or(current.parent_id);
        let input = overlay(texts, &mut j);
        if j.errors.is_empty() { Ok((parent_id, input)) } else { Err(AppError::Invalid(j.errors.clone())) }
    };
    let v = uc::patch_unit(&state.app, &ctx, id, overlay_sent).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &of_row(v.org))
}

/// A partner to add to a college.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct PartnerFields {
    enterprise_id: i64,
}

/// Make an enterprise a partner of a modern industrial college (staff and admins).
#[utoipa::path(post, operation_id = "orgs_add_partner", path = "/api/v1/orgs/{id}/partners", tag = "orgs", params(("id" = i64, Path, description = "The college")), request_body = PartnerFields,
    responses((status = 201, body = Org), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_partner(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["enterprise_id"]);
    let enterprise_id = j.id("enterprise_id").flatten();
    j.check()?;
    let enterprise_id = enterprise_id.ok_or_else(|| app_err(AppError::invalid("enterprise_id", "required")))?;
    uc::add_partner(&state.app, &ctx, id, enterprise_id).await.map_err(app_err)?;
    let v = uc::get_unit(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &with_partners(v))
}

/// End a partnership (staff and admins).
#[utoipa::path(delete, operation_id = "orgs_remove_partner", path = "/api/v1/orgs/{id}/partners/{enterprise_id}", tag = "orgs",
    params(("id" = i64, Path, description = "The college"), ("enterprise_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_partner(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, enterprise_id)): Path<(String, String)>,
) -> ApiResult {
    let id = path_id(&id)?;
    let enterprise_id = path_id(&enterprise_id)?;
    uc::remove_partner(&state.app, &ctx, id, enterprise_id).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}
