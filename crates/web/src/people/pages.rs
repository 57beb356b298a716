//! People pages: the directory, a person's record with memberships, and the forms.

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
use tandem_app::people::{self as uc, PersonView};
use tandem_app::records::{PeopleFilter, PersonRow};
use tandem_app::{AppError, Page};
use tandem_domain::access::{Action, Role};
use tandem_domain::person::PersonInput;
use tandem_domain::validation::FieldErrors;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    role: String,
    org: String,
    sort: String,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "people/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    rows: Vec<PersonRow>,
    pager: Pager,
    q: String,
    roles: Vec<Choice>,
    can_manage: bool,
    headers: Vec<crate::http::form::SortHeader>,
    /// The order, kept when the filters change.
    sort: String,
}

fn role_choices(c: &PageCtx, selected: &str) -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|r| Choice { value: r.code().to_owned(), label: c.role_label(r.code()), selected: r.code() == selected })
        .collect()
}

pub async fn list(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("people");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let role = Role::from_code(&q.role).map(|r| r.code().to_owned());
    let filter = PeopleFilter {
        q: Some(q.q.clone()),
        role: role.clone(),
        org_id: q.org.parse().ok(),
        sort: crate::http::form::page_sort(&q.sort, tandem_app::records::PEOPLE_SORTS),
        ..Default::default()
    };
    let (rows, total) = uc::list_people(&state.app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let query = query_string(&[("q", &q.q), ("role", role.as_deref().unwrap_or("")), ("org", &q.org)]);
    let sort = filter.sort.map(|s| s.code()).unwrap_or_default();
    let headers = crate::http::form::sort_headers(
        "/people",
        &query,
        filter.sort,
        vec![
            (c.t("col-name"), Some("name"), false),
            (c.t("field-email"), Some("email"), false),
            (c.t("field-expertise"), None, false),
        ],
    );
    let paged = query_string(&[("q", &q.q), ("role", role.as_deref().unwrap_or("")), ("org", &q.org), ("sort", &sort)]);
    let pager = Pager::new(c, "/people", &paged, page.page, page.per_page, total);
    Ok(ok(&ListPage {
        c,
        rows,
        pager,
        headers,
        sort,
        roles: role_choices(c, role.as_deref().unwrap_or("")),
        q: q.q,
        can_manage: ctx.actor.may(Action::ManagePeople),
    }))
}

#[derive(Template)]
#[template(path = "people/detail.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    v: PersonView,
    can_edit: bool,
    membership_fields: Vec<Field>,
    membership_error: Option<String>,
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct MembershipForm {
    org_id: String,
    role: String,
}

async fn detail_page(
    state: &WebState,
    viewer: &Viewer,
    id: i64,
    m: &MembershipForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let v = uc::get_person(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let membership_fields = if v.can_manage {
        let orgs = tandem_app::org::membership_choices(&state.app, &ctx).await.map_err(|e| c.error(e))?;
        let org_choices =
            orgs.into_iter().map(|o| (o.id.to_string(), format!("{} · {}", o.name, c.kind_label(&o.kind)))).collect();
        let roles = Role::ALL.iter().map(|r| (r.code().to_owned(), c.role_label(r.code()))).collect();
        vec![
            Field::new("org_id", c.t("col-org"), &m.org_id).choices(org_choices).required(),
            Field::new("role", c.t("col-role"), &m.role).choices(roles).required(),
        ]
    } else {
        vec![]
    };
    let can_edit = v.can_manage || id == ctx.actor.person_id;
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(status, &DetailPage { c, v, can_edit, membership_fields, membership_error: error }))
}

fn parse_id(c: &PageCtx, raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| c.error(AppError::NotFound))
}

pub async fn detail(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("people");
    let id = parse_id(&viewer.page, &id)?;
    detail_page(&state, &viewer, id, &MembershipForm::default(), None).await
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct PersonForm {
    name: String,
    email: String,
    phone: String,
    expertise: String,
    password: String,
}

impl PersonForm {
    fn input(&self) -> PersonInput {
        PersonInput {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            expertise: self.expertise.clone(),
        }
    }
}

fn form_page(viewer: &Viewer, f: &PersonForm, id: Option<i64>, errors: &FieldErrors) -> Response {
    let c = &viewer.page;
    let mut fields = vec![
        Field::new("name", c.t("col-name"), &f.name).required(),
        Field::new("email", c.t("field-email"), &f.email).kind("email"),
        Field::new("phone", c.t("field-phone"), &f.phone).kind("tel"),
        Field::new("expertise", c.t("field-expertise"), &f.expertise).hint(c.t("hint-expertise")),
    ];
    if id.is_none() {
        fields.push(
            Field::new("password", c.t("field-initial-password"), "")
                .kind("password")
                .autocomplete("new-password")
                .hint(c.t("hint-initial-password")),
        );
    }
    let (title, action, back) = match id {
        Some(id) => (c.t("people-edit"), format!("/people/{id}"), format!("/people/{id}")),
        None => (c.t("people-new"), "/people".to_owned(), "/people".to_owned()),
    };
    crate::http::form::form_response(c, title, action, (back, c.t("people-title")), fields, errors)
}

fn duplicate(field: &str) -> FieldErrors {
    let mut e = FieldErrors::new();
    e.add(field, &format!("{field}.taken"));
    e
}

pub async fn new_form(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("people");
    let ctx = viewer.signed_in()?;
    state.app.authorize(&ctx, Action::ManagePeople).await.map_err(|e| viewer.page.error(e))?;
    Ok(form_page(&viewer, &PersonForm::default(), None, &FieldErrors::new()))
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("people");
    let ctx = viewer.signed_in()?;
    let f: PersonForm = form(&body);
    let password = Some(f.password.as_str()).filter(|p| !p.is_empty());
    match uc::create_person(&state.app, &ctx, &f.input(), password).await {
        Ok(id) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/people/{id}"), "person-created")).into_response())
        }
        Err(AppError::Invalid(errors)) => Ok(form_page(&viewer, &f, None, &errors)),
        Err(AppError::Duplicate { field }) => Ok(form_page(&viewer, &f, None, &duplicate(&field))),
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn edit_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("people");
    let ctx = viewer.signed_in()?;
    let id = parse_id(&viewer.page, &id)?;
    let v = uc::get_person(&state.app, &ctx, id).await.map_err(|e| viewer.page.error(e))?;
    if !v.can_manage && id != ctx.actor.person_id {
        return Err(viewer.page.error(AppError::Forbidden));
    }
    let f = PersonForm {
        name: v.person.name.clone(),
        email: v.person.email.clone().unwrap_or_default(),
        phone: v.person.phone.clone().unwrap_or_default(),
        expertise: v.person.expertise.replace('\n', ", "),
        password: String::new(),
    };
    Ok(form_page(&viewer, &f, Some(id), &FieldErrors::new()))
}

pub async fn update(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("people");
    let ctx = viewer.signed_in()?;
    let id = parse_id(&viewer.page, &id)?;
    let f: PersonForm = form(&body);
    match uc::update_person(&state.app, &ctx, id, &f.input()).await {
        Ok(()) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/people/{id}"), "person-saved")).into_response())
        }
        Err(AppError::Invalid(errors)) => Ok(form_page(&viewer, &f, Some(id), &errors)),
        Err(AppError::Duplicate { field }) => Ok(form_page(&viewer, &f, Some(id), &duplicate(&field))),
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn add_membership(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("people");
    let ctx = viewer.signed_in()?;
    let id = parse_id(&viewer.page, &id)?;
    let m: MembershipForm = form(&body);
    let Ok(org_id) = m.org_id.parse::<i64>() else {
        let msg = viewer.page.field_message("required", &[]);
        return detail_page(&state, &viewer, id, &m, Some(format!("{}: {msg}", viewer.page.t("col-org")))).await;
    };
    match uc::add_membership(&state.app, &ctx, id, org_id, &m.role).await {
        Ok(_) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/people/{id}"), "membership-added")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let msg = errors.0.first().map(|e| viewer.page.field_message(&e.code, &[])).unwrap_or_default();
            detail_page(&state, &viewer, id, &m, Some(msg)).await
        }
        Err(AppError::Duplicate { .. }) => {
            let msg = viewer.page.t("membership-exists");
            detail_page(&state, &viewer, id, &m, Some(msg)).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn remove_membership(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, membership_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("people");
    let ctx = viewer.signed_in()?;
    let id = parse_id(&viewer.page, &id)?;
    let membership_id = parse_id(&viewer.page, &membership_id)?;
    match uc::remove_membership(&state.app, &ctx, id, membership_id).await {
        Ok(()) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/people/{id}"), "membership-removed")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let msg = errors.0.first().map(|e| viewer.page.field_message(&e.code, &[])).unwrap_or_default();
            detail_page(&state, &viewer, id, &MembershipForm::default(), Some(msg)).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}
