//! `/api/v1/people`, `/api/v1/me` and `/api/v1/audit`.

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
use tandem_app::people::{self as uc, PersonView};
use tandem_app::records::{MembershipRow, PeopleFilter, PersonRow};
use tandem_domain::access::Role;
use tandem_domain::person::PersonInput;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    id: i64,
    org_id: i64,
    org_kind: String,
    org_name: String,
    /// One of the nine roles, e.g. `enterprise_admin`.
    role: String,
}

fn membership(m: MembershipRow) -> Membership {
    Membership { id: m.id, org_id: m.org_id, org_kind: m.org_kind, org_name: m.org_name, role: m.role }
}

/// A person.
#[derive(Debug, Serialize, ToSchema)]
pub struct Person {
    id: i64,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    expertise: Vec<String>,
    /// Whether the person has a password and can sign in.
    can_sign_in: bool,
    locale: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    memberships: Option<Vec<Membership>>,
    created_at: String,
    updated_at: String,
}

fn of_row(p: PersonRow) -> Person {
    Person {
        id: p.id,
        expertise: p.expertise.lines().map(str::to_owned).collect(),
        name: p.name,
        email: p.email,
        phone: p.phone,
        can_sign_in: p.has_password,
        locale: p.locale,
        memberships: None,
        created_at: rfc3339(p.created_at),
        updated_at: rfc3339(p.updated_at),
    }
}

fn of_view(v: PersonView) -> Person {
    let mut p = of_row(v.person);
    p.memberships = Some(v.memberships.into_iter().map(membership).collect());
    p
}

/// The caller, with memberships.
#[utoipa::path(get, operation_id = "people_me", path = "/api/v1/me", tag = "people", responses((status = 200, body = Person), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let v = uc::get_person(&state.app, &ctx, ctx.actor.person_id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &of_view(v))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Text in the name, email or expertise.
    q: Option<String>,
    /// Only people holding this role.
    role: Option<String>,
    /// Only members of this organisation.
    org_id: Option<String>,
    /// Order: name or email; `-` before it for descending.
    sort: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// List people: everyone for staff, otherwise those sharing an organisation with the caller.
#[utoipa::path(get, operation_id = "people_list", path = "/api/v1/people", tag = "people", params(ListParams),
    responses((status = 200, body = ListOf<Person>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller, Query(p): Query<ListParams>) -> ApiResult {
    let page = paging(p.page.as_deref(), p.per_page.as_deref())?;
    let role = match p.role.as_deref().filter(|r| !r.is_empty()) {
        Some(r) => Some(
            Role::from_code(r)
                .map(|r| r.code().to_owned())
                .ok_or_else(|| app_err(AppError::invalid("role", "role.unknown")))?,
        ),
        None => None,
    };
    let org_id = match p.org_id.as_deref().filter(|s| !s.is_empty()) {
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| app_err(AppError::invalid("org_id", "not_a_whole_number")))?),
        None => None,
    };
    let sort = sorting(p.sort.as_deref(), tandem_app::records::PEOPLE_SORTS)?;
    let filter = PeopleFilter { q: p.q, role, org_id, sort, ..Default::default() };
    let (rows, total) = uc::list_people(&state.app, &ctx, &filter, page).await.map_err(app_err)?;
    json_ok(
        StatusCode::OK,
        &ListOf { items: rows.into_iter().map(of_row).collect(), page: page.page, per_page: page.per_page, total },
    )
}

/// One person with memberships; people the caller may not see are not found.
#[utoipa::path(get, operation_id = "people_get", path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = Person), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let v = uc::get_person(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &of_view(v))
}

/// Fields of a person as sent by a client.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct PersonFields {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    /// Tags separated by commas.
    expertise: Option<String>,
    /// Create only: an initial password (10 characters or more) lets the person sign in.
    password: Option<String>,
}

fn overlay(mut base: PersonInput, j: &mut JsonFields) -> PersonInput {
    if let Some(v) = j.text("name") {
        base.name = v;
    }
    if let Some(v) = j.text("email") {
        base.email = v;
    }
    if let Some(v) = j.text("phone") {
        base.phone = v;
    }
    if let Some(v) = j.text("expertise") {
        base.expertise = v;
    }
    base
}

/// Create a person (staff and admins).
#[utoipa::path(post, operation_id = "people_create", path = "/api/v1/people", tag = "people", request_body = PersonFields,
    responses((status = 201, body = Person), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["name", "email", "phone", "expertise", "password"]);
    let input = overlay(PersonInput::default(), &mut j);
    let password = j.text("password");
    j.check()?;
    let id = uc::create_person(&state.app, &ctx, &input, password.as_deref()).await.map_err(app_err)?;
    let v = uc::get_person(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &of_view(v))
}

/// Change some fields of a person (staff, or the person themselves).
#[utoipa::path(patch, operation_id = "people_update", path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path)), request_body = PersonFields,
    responses((status = 200, body = Person), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["name", "email", "phone", "expertise"]);
    let overlay_sent = |current| {
        let input = overlay(current, &mut j);
        if j.errors.is_empty() { Ok(input) } else { Err(AppError::Invalid(j.errors.clone())) }
    };
    let v = uc::patch_person(&state.app, &ctx, id, overlay_sent).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &of_view(v))
}

/// A membership to add.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct MembershipFields {
    org_id: i64,
    /// A role that fits the organisation's kind (e.g. `teacher` in a college).
    role: String,
}

/// Add a membership (staff and admins).
#[utoipa::path(post, operation_id = "people_add_membership", path = "/api/v1/people/{id}/memberships", tag = "people", params(("id" = i64, Path)), request_body = MembershipFields,
    responses((status = 201, body = Person), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_membership(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let map = json_object(&headers, &body)?;
    let mut j = JsonFields::new(map, &["org_id", "role"]);
    let org_id = j.id("org_id").flatten();
    let role = j.text("role").unwrap_or_default();
    j.check()?;
    let org_id = org_id.ok_or_else(|| app_err(AppError::invalid("org_id", "required")))?;
    uc::add_membership(&state.app, &ctx, id, org_id, &role).await.map_err(app_err)?;
    let v = uc::get_person(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &of_view(v))
}

/// Remove a membership (staff and admins).
#[utoipa::path(delete, operation_id = "people_remove_membership", path = "/api/v1/people/{id}/memberships/{membership_id}", tag = "people",
    params(("id" = i64, Path), ("membership_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_membership(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path((id, mid)): Path<(String, String)>,
) -> ApiResult {
    let id = path_id(&id)?;
    let mid = path_id(&mid)?;
    uc::remove_membership(&state.app, &ctx, id, mid).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}
