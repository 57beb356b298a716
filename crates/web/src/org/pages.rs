//! Organisation units: colleges, centres, labs, government bodies and research institutes.

use crate::http::form::{Choice, Field, Pager};
use crate::http::form::{PER_PAGE, form, page_number};
use crate::http::format::query_string;
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::org::{self as uc, UNIT_KINDS, UnitView};
use tandem_app::records::{OrgFilter, OrgRow};
use tandem_app::{AppError, Page};
use tandem_domain::access::Action;
use tandem_domain::org::{OrgKind, OrgUnitInput};
use tandem_domain::validation::FieldErrors;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    kind: String,
    parent: String,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "org/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    rows: Vec<OrgRow>,
    pager: Pager,
    q: String,
    kind: String,
    kinds: Vec<Choice>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("orgs");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let kind = OrgKind::from_code(&q.kind).map(|k| k.code().to_owned()).unwrap_or_default();
    let filter = OrgFilter {
        kinds: if kind.is_empty() { vec![] } else { vec![kind.clone()] },
        parent_id: q.parent.parse().ok(),
        q: Some(q.q.clone()),
    };
    let (rows, total) = uc::list_units(&state.app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let query = query_string(&[("q", &q.q), ("kind", &kind), ("parent", &q.parent)]);
    let pager = Pager::new(c, "/orgs", &query, page.page, page.per_page, total);
    let kinds = std::iter::once(OrgKind::University)
        .chain(UNIT_KINDS)
        .map(|k| Choice { value: k.code().to_owned(), label: c.kind_label(k.code()), selected: k.code() == kind })
        .collect();
    let can_manage = ctx.actor.may(Action::ManageStructure);
    Ok(ok(&ListPage { c, rows, pager, q: q.q, kind, kinds, can_manage }))
}

#[derive(Template)]
#[template(path = "org/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    v: UnitView,
    can_manage: bool,
    /// The form to add a partner enterprise, on a college's page for those who manage it.
    partner_fields: Vec<Field>,
    partner_error: Option<String>,
}

async fn detail_page(
    state: &WebState,
    viewer: &Viewer,
    id: i64,
    partner_error: Option<String>,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let v = uc::get_unit(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let can_manage = ctx.actor.may(Action::ManageStructure) && v.org.kind != "university";
    let partner_fields = if can_manage && v.org.kind == OrgKind::College.code() {
        let taken: Vec<i64> = v.partners.iter().map(|p| p.id).collect();
        let choices = uc::enterprise_choices(&state.app, &ctx)
            .await
            .map_err(|e| c.error(e))?
            .into_iter()
            .filter(|e| !taken.contains(&e.id))
            .map(|e| (e.id.to_string(), e.name))
            .collect();
        vec![Field::new("enterprise_id", c.t("orgs-partner-enterprise"), "").choices(choices).required()]
    } else {
        vec![]
    };
    let status = if partner_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(status, &DetailPage { c, v, can_manage, partner_fields, partner_error }))
}

pub async fn detail(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("orgs");
    let id = crate::http::page::path_id(&viewer, &id)?;
    detail_page(&state, &viewer, id, None).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PartnerForm {
    enterprise_id: String,
}

pub async fn add_partner(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("orgs");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: PartnerForm = form(&body);
    let Ok(enterprise_id) = f.enterprise_id.parse::<i64>() else {
        return detail_page(&state, &viewer, id, Some(viewer.page.field_message("required", &[]))).await;
    };
    match uc::add_partner(&state.app, &ctx, id, enterprise_id).await {
        Ok(()) => Ok(Redirect::to(&crate::http::format::done(&format!("/orgs/{id}"), "partner-added")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let msg = errors.0.first().map(|e| viewer.page.field_message(&e.code, &[])).unwrap_or_default();
            detail_page(&state, &viewer, id, Some(msg)).await
        }
        Err(AppError::Duplicate { .. }) => {
            detail_page(&state, &viewer, id, Some(viewer.page.t("enterprise_id-taken"))).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn remove_partner(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, enterprise_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("orgs");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let enterprise_id: i64 = enterprise_id.parse().map_err(|_| viewer.page.error(AppError::NotFound))?;
    uc::remove_partner(&state.app, &ctx, id, enterprise_id).await.map_err(|e| viewer.page.error(e))?;
    Ok(Redirect::to(&crate::http::format::done(&format!("/orgs/{id}"), "partner-removed")).into_response())
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct UnitForm {
    kind: String,
    parent_id: String,
    name: String,
    name_en: String,
    description: String,
}

async fn unit_form_page(
    state: &WebState,
    viewer: &Viewer,
    f: &UnitForm,
    id: Option<i64>,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let c = &viewer.page;
    let ctx = viewer.signed_in()?;
    let parents = uc::parent_choices(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let mut fields = Vec::new();
    if id.is_none() {
        let kinds = UNIT_KINDS.iter().map(|k| (k.code().to_owned(), c.kind_label(k.code()))).collect();
        fields.push(Field::new("kind", c.t("col-kind"), &f.kind).choices(kinds).required());
    }
    let parent_choices = parents
        .into_iter()
        .filter(|p| Some(p.id) != id)
        .map(|p| (p.id.to_string(), format!("{} · {}", p.name, c.kind_label(&p.kind))))
        .collect();
    fields.push(
        Field::new("parent_id", c.t("col-parent"), &f.parent_id).choices(parent_choices).hint(c.t("orgs-parent-hint")),
    );
    fields.push(Field::new("name", c.t("col-name"), &f.name).required());
    fields.push(Field::new("name_en", c.t("field-name_en"), &f.name_en));
    fields.push(Field::new("description", c.t("field-description"), &f.description).kind("textarea"));
    let (title, action, back) = match id {
        Some(id) => (c.t("orgs-edit"), format!("/orgs/{id}"), format!("/orgs/{id}")),
        None => (c.t("orgs-new"), "/orgs".to_owned(), "/orgs".to_owned()),
    };
    Ok(crate::http::form::form_response(c, title, action, (back, c.t("orgs-title")), fields, errors))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    kind: String,
    parent: String,
}

pub async fn new_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("orgs");
    let f = UnitForm { kind: q.kind, parent_id: q.parent, ..Default::default() };
    unit_form_page(&state, &viewer, &f, None, &FieldErrors::new()).await
}

fn input_of(f: &UnitForm) -> OrgUnitInput {
    OrgUnitInput { name: f.name.clone(), name_en: f.name_en.clone(), description: f.description.clone() }
}

fn parent_of(f: &UnitForm, errors: &mut FieldErrors) -> Option<i64> {
    match f.parent_id.trim() {
        "" => None,
        raw => raw.parse().map_err(|_| errors.add("parent_id", "not_found")).ok(),
    }
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("orgs");
    let ctx = viewer.signed_in()?;
    let f: UnitForm = form(&body);
    let mut errors = FieldErrors::new();
    let parent = parent_of(&f, &mut errors);
    let Some(kind) = OrgKind::from_code(&f.kind) else {
        errors.add("kind", "required");
        return unit_form_page(&state, &viewer, &f, None, &errors).await;
    };
    if !errors.is_empty() {
        return unit_form_page(&state, &viewer, &f, None, &errors).await;
    }
    match uc::create_unit(&state.app, &ctx, kind, parent, &input_of(&f)).await {
        Ok(id) => Ok(Redirect::to(&crate::http::format::done(&format!("/orgs/{id}"), "org-created")).into_response()),
        Err(AppError::Invalid(errors)) => unit_form_page(&state, &viewer, &f, None, &errors).await,
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn edit_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("orgs");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let v = uc::get_unit(&state.app, &ctx, id).await.map_err(|e| viewer.page.error(e))?;
    let f = UnitForm {
        kind: v.org.kind.clone(),
        parent_id: v.org.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        name: v.org.name.clone(),
        name_en: v.org.name_en.clone().unwrap_or_default(),
        description: v.org.description.clone().unwrap_or_default(),
    };
    unit_form_page(&state, &viewer, &f, Some(id), &FieldErrors::new()).await
}

pub async fn update(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("orgs");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let f: UnitForm = form(&body);
    let mut errors = FieldErrors::new();
    let parent = parent_of(&f, &mut errors);
    if !errors.is_empty() {
        return unit_form_page(&state, &viewer, &f, Some(id), &errors).await;
    }
    match uc::update_unit(&state.app, &ctx, id, parent, &input_of(&f)).await {
        Ok(()) => Ok(Redirect::to(&crate::http::format::done(&format!("/orgs/{id}"), "org-saved")).into_response()),
        Err(AppError::Invalid(errors)) => unit_form_page(&state, &viewer, &f, Some(id), &errors).await,
        Err(e) => Err(viewer.page.error(e)),
    }
}
