//! The reader's own profile: name, phone and language, password and personal API tokens. The
//! language can also be switched from the header on every page; either way it is kept on the
//! account.

use crate::http::form::form;
use crate::http::form::{Field, attach_errors};
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::AppError;
use tandem_app::records::TokenRow;
use tandem_domain::validation::FieldErrors;

#[derive(Template)]
#[template(path = "auth/profile.html")]
struct ProfilePage<'a> {
    c: &'a PageCtx,
    person_id: i64,
    email: String,
    detail_fields: Vec<Field>,
    password_fields: Vec<Field>,
    token_fields: Vec<Field>,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    notice: Option<String>,
}

#[derive(Default)]
struct Outcome {
    /// The details as sent, when they were refused.
    details: Option<DetailsForm>,
    details_errors: FieldErrors,
    password_errors: FieldErrors,
    token_errors: FieldErrors,
    new_token: Option<String>,
    notice: Option<String>,
}

async fn render(state: &WebState, viewer: &Viewer, o: Outcome) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let (me, tokens) = tandem_app::auth::own_profile(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let sent = o.details.unwrap_or_else(|| DetailsForm {
        name: me.name.clone(),
        phone: me.phone.clone().unwrap_or_default(),
        locale: me.locale.clone(),
    });
    let languages = vec![("zh-CN".to_owned(), "中文".to_owned()), ("en".to_owned(), "English".to_owned())];
    let mut detail_fields = vec![
        Field::new("name", c.t("field-person-name"), &sent.name).required().autocomplete("name"),
        Field::new("phone", c.t("field-phone"), &sent.phone).kind("tel").autocomplete("tel"),
        Field::new("locale", c.t("field-language"), &sent.locale).required().choices(languages),
    ];
    attach_errors(c, &mut detail_fields, &o.details_errors);
    let mut password_fields = vec![
        Field::new("current_password", c.t("field-current-password"), "")
            .kind("password")
            .required()
            .autocomplete("current-password"),
        Field::new("new_password", c.t("field-new-password"), "")
            .kind("password")
            .required()
            .autocomplete("new-password")
            .hint(c.t("hint-password")),
    ];
    attach_errors(c, &mut password_fields, &o.password_errors);
    let mut token_fields =
        vec![Field::new("name", c.t("field-token-name"), "").required().hint(c.t("hint-token-name"))];
    attach_errors(c, &mut token_fields, &o.token_errors);
    let status = if o.password_errors.is_empty() && o.token_errors.is_empty() && o.details_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ProfilePage {
        c,
        person_id: ctx.actor.person_id,
        email: me.email.unwrap_or_default(),
        detail_fields,
        password_fields,
        token_fields,
        tokens,
        new_token: o.new_token,
        notice: o.notice,
    };
    Ok(html(status, &page))
}

pub async fn page(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("profile");
    render(&state, &viewer, Outcome::default()).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DetailsForm {
    name: String,
    phone: String,
    locale: String,
}

pub async fn update_details(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("profile");
    let ctx = viewer.signed_in()?;
    let f: DetailsForm = form(&body);
    let details =
        tandem_app::people::OwnDetails { name: f.name.clone(), phone: f.phone.clone(), locale: f.locale.clone() };
    match tandem_app::people::update_own_details(&state.app, &ctx, &details).await {
        Ok(()) => Ok(Redirect::to(&crate::http::format::done("/profile", "profile-saved")).into_response()),
        Err(AppError::Invalid(details_errors)) => {
            render(&state, &viewer, Outcome { details: Some(f), details_errors, ..Default::default() }).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("profile");
    let ctx = viewer.signed_in()?;
    let f: PasswordForm = form(&body);
    let keep = viewer.identity.session_token.as_deref();
    match tandem_app::auth::change_password(&state.app, &ctx, &f.current_password, &f.new_password, keep).await {
        Ok(()) => {
            let notice = Some(viewer.page.t("profile-password-changed"));
            render(&state, &viewer, Outcome { notice, ..Default::default() }).await
        }
        Err(AppError::Invalid(password_errors)) => {
            render(&state, &viewer, Outcome { password_errors, ..Default::default() }).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct TokenForm {
    name: String,
}

pub async fn create_token(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("profile");
    let ctx = viewer.signed_in()?;
    let f: TokenForm = form(&body);
    match tandem_app::auth::create_token(&state.app, &ctx, &f.name).await {
        Ok(t) => render(&state, &viewer, Outcome { new_token: Some(t.secret), ..Default::default() }).await,
        Err(AppError::Invalid(token_errors)) => {
            render(&state, &viewer, Outcome { token_errors, ..Default::default() }).await
        }
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub async fn revoke_token(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("profile");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    tandem_app::auth::revoke_token(&state.app, &ctx, id).await.map_err(|e| viewer.page.error(e))?;
    Ok(Redirect::to(&crate::http::format::done("/profile", "token-revoked")).into_response())
}
