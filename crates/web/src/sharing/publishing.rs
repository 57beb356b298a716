//! What a lab manager does with an item: publish it with its policy and rates, revise it,
//! record who was trained on it, and give the lab a calendar address for it.

use crate::http::form::form;
use crate::http::form::{Field, attach_errors};
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::AppError;
use tandem_app::sharing::{self as uc, Equipment, EquipmentId, ItemInput, queries};
use tandem_domain::sharing::item::{CATEGORIES, SLOT_MINUTES, STATUSES, USER_CLASSES};
use tandem_domain::sharing::{ApprovalMode, local_date};
use tandem_domain::validation::FieldErrors;

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct ItemForm {
    lab_id: String,
    name: String,
    model: String,
    maker: String,
    category: String,
    location: String,
    description: String,
    capabilities: String,
    status: String,
    maintenance_until: String,
    approval_mode: String,
    requires_authorisation: String,
    authorisation_valid_days: String,
    slot_minutes: String,
    min_minutes: String,
    max_minutes: String,
    max_days_ahead: String,
    open_from: String,
    open_to: String,
    cancel_minutes_before: String,
    rate_internal: String,
    rate_external_academic: String,
    rate_enterprise: String,
}

impl ItemForm {
    /// Sensible rules for a new item: manual approval, training required, 30-minute slots.
    fn new_item(lab_id: &str) -> Self {
        Self {
            lab_id: lab_id.to_owned(),
            status: "available".into(),
            approval_mode: "manual".into(),
            requires_authorisation: "yes".into(),
            authorisation_valid_days: "365".into(),
            slot_minutes: "30".into(),
            min_minutes: "30".into(),
            max_minutes: "240".into(),
            max_days_ahead: "60".into(),
            open_from: "08:00".into(),
            open_to: "18:00".into(),
            cancel_minutes_before: "120".into(),
            ..Self::default()
        }
    }

    fn of(item: &Equipment, rates: &[(String, i64, String)]) -> Self {
        let rate = |class: &str| {
            rates
                .iter()
                .find(|(c, _, _)| c == class)
                .map(|(_, fen, _)| tandem_domain::money::format_fen_as_yuan(*fen))
                .unwrap_or_default()
        };
        let hhmm = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
        Self {
            lab_id: item.lab_id.to_string(),
            name: item.name.clone(),
            model: item.model.clone().unwrap_or_default(),
            maker: item.maker.clone().unwrap_or_default(),
            category: item.category.clone(),
            location: item.location.clone().unwrap_or_default(),
            description: item.description.clone().unwrap_or_default(),
            capabilities: item.capabilities.clone().unwrap_or_default(),
            status: item.status.clone(),
            maintenance_until: item.maintenance_until.map(local_date).unwrap_or_default(),
            approval_mode: item.approval_mode.clone(),
            requires_authorisation: if item.requires_authorisation != 0 { "yes" } else { "no" }.into(),
            authorisation_valid_days: item.authorisation_valid_days.to_string(),
            slot_minutes: item.slot_minutes.to_string(),
            min_minutes: item.min_minutes.to_string(),
            max_minutes: item.max_minutes.to_string(),
            max_days_ahead: item.max_days_ahead.to_string(),
            open_from: hhmm(item.open_from_minute),
            open_to: hhmm(item.open_to_minute),
            cancel_minutes_before: item.cancel_minutes_before.to_string(),
            rate_internal: rate("internal"),
            rate_external_academic: rate("external_academic"),
            rate_enterprise: rate("enterprise"),
        }
    }

    fn input(&self) -> ItemInput {
        ItemInput {
            name: self.name.clone(),
            model: self.model.clone(),
            maker: self.maker.clone(),
            category: self.category.clone(),
            location: self.location.clone(),
            description: self.description.clone(),
            capabilities: self.capabilities.clone(),
            status: self.status.clone(),
            maintenance_until: self.maintenance_until.clone(),
            approval_mode: self.approval_mode.clone(),
            requires_authorisation: self.requires_authorisation == "yes",
            authorisation_valid_days: self.authorisation_valid_days.clone(),
            slot_minutes: self.slot_minutes.clone(),
            min_minutes: self.min_minutes.clone(),
            max_minutes: self.max_minutes.clone(),
            max_days_ahead: self.max_days_ahead.clone(),
            open_from: self.open_from.clone(),
            open_to: self.open_to.clone(),
            cancel_minutes_before: self.cancel_minutes_before.clone(),
            rates: vec![
                ("internal", self.rate_internal.clone()),
                ("external_academic", self.rate_external_academic.clone()),
                ("enterprise", self.rate_enterprise.clone()),
            ],
            rates_in_yuan: true,
        }
    }
}

pub struct Group {
    legend: String,
    fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "sharing/item_form.html")]
struct ItemFormPage<'a> {
    c: &'a PageCtx,
    title: String,
    action: String,
    back_href: String,
    back_label: String,
    groups: Vec<Group>,
    has_errors: bool,
    unplaced: Vec<String>,
    photo: Option<PhotoSection>,
}

/// The photo form on the edit page (a separate multipart form).
pub struct PhotoSection {
    id: EquipmentId,
    has_photo: bool,
    error: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn item_form(
    c: &PageCtx,
    labs: Option<Vec<(i64, String)>>,
    f: &ItemForm,
    errors: &FieldErrors,
    action: String,
    title: String,
    back: (String, String),
    photo: Option<PhotoSection>,
) -> Response {
    let t = |k: &str| c.t(k);
    let choices = |codes: &[&str], prefix: &str| -> Vec<(String, String)> {
        codes.iter().map(|k| ((*k).to_owned(), c.t(&format!("{prefix}{k}")))).collect()
    };
    let mut about = vec![];
    if let Some(labs) = labs {
        about.push(
            Field::new("lab_id", t("kind-lab"), &f.lab_id)
                .kind("select")
                .required()
                .choices(labs.into_iter().map(|(id, name)| (id.to_string(), name)).collect()),
        );
    }
    about.extend([
        Field::new("name", t("equipment-name"), &f.name).required(),
        Field::new("model", t("equipment-model"), &f.model),
        Field::new("maker", t("equipment-maker"), &f.maker),
        Field::new("category", t("equipment-category"), &f.category)
            .kind("select")
            .required()
            .choices(choices(&CATEGORIES, "equipment-category-")),
        Field::new("location", t("equipment-location"), &f.location),
        Field::new("description", t("equipment-description"), &f.description).kind("textarea"),
        Field::new("capabilities", t("equipment-capabilities"), &f.capabilities)
            .kind("textarea")
            .hint(t("equipment-capabilities-hint")),
        Field::new("status", t("col-status"), &f.status)
            .kind("select")
            .required()
            .choices(choices(&STATUSES, "equipment-status-")),
        Field::new("maintenance_until", t("equipment-maintenance-until"), &f.maintenance_until)
            .kind("date")
            .hint(t("equipment-maintenance-until-hint")),
    ]);
    let approvals: Vec<&str> = [ApprovalMode::Automatic, ApprovalMode::AutomaticForAuthorised, ApprovalMode::Manual]
        .map(|m| m.code())
        .to_vec();
    let slots: Vec<(String, String)> = SLOT_MINUTES.iter().map(|m| (m.to_string(), m.to_string())).collect();
    let rules = vec![
        Field::new("approval_mode", t("equipment-approval"), &f.approval_mode)
            .kind("select")
            .required()
            .choices(choices(&approvals, "equipment-approval-")),
        Field::new("requires_authorisation", t("equipment-requires-training"), &f.requires_authorisation)
            .kind("select")
            .required()
            .choices(vec![("yes".into(), t("yes")), ("no".into(), t("no"))]),
        Field::new("authorisation_valid_days", t("equipment-training-valid-days"), &f.authorisation_valid_days)
            .kind("number")
            .required(),
        Field::new("slot_minutes", t("equipment-slot-minutes"), &f.slot_minutes)
            .kind("select")
            .required()
            .choices(slots),
        Field::new("min_minutes", t("equipment-min-minutes"), &f.min_minutes).kind("number").required(),
        Field::new("max_minutes", t("equipment-max-minutes"), &f.max_minutes).kind("number").required(),
        Field::new("max_days_ahead", t("equipment-days-ahead"), &f.max_days_ahead).kind("number").required(),
        Field::new("open_from", t("equipment-opens"), &f.open_from)
            .kind("time")
            .required()
            .hint(t("equipment-hours-hint")),
        Field::new("open_to", t("equipment-closes"), &f.open_to).kind("time").required(),
        Field::new("cancel_minutes_before", t("equipment-cancel-minutes"), &f.cancel_minutes_before)
            .kind("number")
            .required(),
    ];
    let rates = USER_CLASSES
        .iter()
        .map(|class| {
            let (name, value) = match *class {
                "internal" => ("rate_internal", &f.rate_internal),
                "external_academic" => ("rate_external_academic", &f.rate_external_academic),
                _ => ("rate_enterprise", &f.rate_enterprise),
            };
            Field::new(name, c.tf("equipment-rate-for", &[("class", &t(&format!("equipment-class-{class}")))]), value)
                .hint(t("equipment-rate-hint"))
        })
        .collect();
    let mut groups = vec![
        Group { legend: t("equipment-about"), fields: about },
        Group { legend: t("equipment-rules"), fields: rules },
        Group { legend: t("equipment-rates"), fields: rates },
    ];
    let mut unplaced = vec![];
    let mut remaining = errors.clone();
    for g in &mut groups {
        let names: Vec<&str> = g.fields.iter().map(|f| f.name).collect();
        let mine = FieldErrors(remaining.0.iter().filter(|e| names.contains(&e.field.as_str())).cloned().collect());
        remaining.0.retain(|e| !names.contains(&e.field.as_str()));
        attach_errors(c, &mut g.fields, &mine);
    }
    unplaced.extend(attach_errors(c, &mut [], &remaining));
    let page = ItemFormPage {
        c,
        title,
        action,
        back_href: back.0,
        back_label: back.1,
        groups,
        has_errors: !errors.is_empty(),
        unplaced,
        photo,
    };
    let photo_refused = page.photo.as_ref().is_some_and(|p| p.error.is_some());
    let status = if errors.is_empty() && !photo_refused { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    html(status, &page)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    lab: String,
}

/// `GET /equipment/new`: the publishing form, offering the labs the reader manages.
pub async fn new_item(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let labs = uc::publishable_labs(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    if labs.is_empty() {
        return Err(c.error(AppError::Forbidden));
    }
    let lab = if labs.len() == 1 { labs[0].0.to_string() } else { q.lab };
    let back = ("/equipment".to_owned(), c.t("equipment-title"));
    let f = ItemForm::new_item(&lab);
    Ok(item_form(c, Some(labs), &f, &FieldErrors::new(), "/equipment".into(), c.t("equipment-publish"), back, None))
}

/// `POST /equipment`: publishes the item and opens its page.
pub async fn publish(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: ItemForm = form(&body);
    let labs = uc::publishable_labs(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let back = ("/equipment".to_owned(), c.t("equipment-title"));
    let Some(lab_id) = f.lab_id.trim().parse::<i64>().ok().filter(|id| labs.iter().any(|(l, _)| l == id)) else {
        if labs.is_empty() {
            return Err(c.error(AppError::Forbidden));
        }
        let mut errors = FieldErrors::new();
        errors.add("lab_id", "required");
        return Ok(item_form(c, Some(labs), &f, &errors, "/equipment".into(), c.t("equipment-publish"), back, None));
    };
    match uc::publish(&state.app, &ctx, lab_id, &f.input()).await {
        Ok(item) => Ok(Redirect::to(&crate::http::format::done(&format!("/equipment/{}", item.id), "item-published"))
            .into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok(item_form(c, Some(labs), &f, &errors, "/equipment".into(), c.t("equipment-publish"), back, None))
        }
        Err(e) => Err(c.error(e)),
    }
}

/// `GET /equipment/{id}/edit`.
pub async fn edit_item(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: EquipmentId = crate::http::page::path_id(&viewer, &id)?;
    let (item, rates) = queries::item_for_edit(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let title = c.tf("equipment-edit-title", &[("name", &item.name)]);
    let back = (format!("/equipment/{id}"), item.name.clone());
    let f = ItemForm::of(&item, &rates);
    let photo = PhotoSection { id, has_photo: item.photo_key.is_some(), error: None };
    Ok(item_form(c, None, &f, &FieldErrors::new(), format!("/equipment/{id}/edit"), title, back, Some(photo)))
}

/// `POST /equipment/{id}/edit`.
pub async fn revise(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: EquipmentId = crate::http::page::path_id(&viewer, &id)?;
    let f: ItemForm = form(&body);
    match uc::revise(&state.app, &ctx, id, &f.input()).await {
        Ok(_) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/equipment/{id}"), "item-saved")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let (item, _) = queries::item_for_edit(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
            let title = c.tf("equipment-edit-title", &[("name", &item.name)]);
            let back = (format!("/equipment/{id}"), item.name.clone());
            let photo = PhotoSection { id, has_photo: item.photo_key.is_some(), error: None };
            Ok(item_form(c, None, &f, &errors, format!("/equipment/{id}/edit"), title, back, Some(photo)))
        }
        Err(e) => Err(c.error(e)),
    }
}

/// `POST /equipment/{id}/photo`: a multipart upload from the edit page.
pub async fn upload_photo(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("equipment");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: EquipmentId = crate::http::page::path_id(&viewer, &id)?;
    let mut bytes = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("photo") {
            bytes = field.bytes().await.ok().map(|b| b.to_vec());
            break;
        }
    }
    match uc::set_photo(&state.app, &ctx, id, bytes.unwrap_or_default()).await {
        Ok(()) => {
            Ok(Redirect::to(&crate::http::format::done(&format!("/equipment/{id}"), "photo-uploaded")).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let (item, rates) = queries::item_for_edit(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
            let title = c.tf("equipment-edit-title", &[("name", &item.name)]);
            let back = (format!("/equipment/{id}"), item.name.clone());
            let f = ItemForm::of(&item, &rates);
            let message = c.first_error_message(&errors).unwrap_or_default();
            let photo = PhotoSection { id, has_photo: item.photo_key.is_some(), error: Some(message) };
            let edit = format!("/equipment/{id}/edit");
            Ok(item_form(c, None, &f, &FieldErrors::new(), edit, title, back, Some(photo)))
        }
        Err(e) => Err(c.error(e)),
    }
}

/// `GET /equipment/{id}/photo`: the item's photo for anyone who may see the item.
pub async fn photo(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let id: EquipmentId = crate::http::page::path_id(&viewer, &id)?;
    let (content_type, bytes) = uc::photo(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let content_type = axum::http::HeaderValue::from_str(&content_type)
        .unwrap_or_else(|_| axum::http::HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, max-age=300")),
        ],
        bytes,
    )
        .into_response())
}
