//! The reader's own profile: password and personal API tokens. The language is switched from
//! the header on every page and kept on the account.

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
    password_fields: Vec<Field>,
    token_fields: Vec<Field>,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    notice: Option<String>,
}

#[derive(Default)]
struct Outcome {
    password_errors: FieldErrors,
    token_errors: FieldErrors,
    new_token: Option<String>,
    notice: Option<String>,
}

async fn render(state: &WebState, viewer: &Viewer, o: Outcome) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let tokens = tandem_app::auth::tokens(&state.app, &ctx).await.map_err(|e| c.error(e))?;
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
    let status = if o.password_errors.is_empty() && o.token_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ProfilePage {
        c,
        person_id: ctx.actor.person_id,
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
    Ok(Redirect::to("/profile").into_response())
}
