//! Sign-in and sign-out pages.

use crate::http::form::Field;
use crate::http::form::form;
use crate::http::format::safe_next;
use crate::http::identity::SESSION_COOKIE;
use crate::http::page::{PageCtx, Viewer, html, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use tandem_app::AppError;
use tandem_app::demo::DEMO_ACCOUNTS;

#[derive(Template)]
#[template(path = "auth/signin.html")]
struct SignInPage<'a> {
    c: &'a PageCtx,
    fields: Vec<Field>,
    next: String,
    message: Option<String>,
    demo_accounts: Vec<(&'static str, &'static str)>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct SignInForm {
    email: String,
    password: String,
    next: String,
    /// The language the form was read in.
    lang: String,
}

fn page<'a>(c: &'a PageCtx, email: &str, next: &str, message: Option<String>, demo: bool) -> SignInPage<'a> {
    let fields = vec![
        Field::new("email", c.t("field-email"), email).kind("email").required().autocomplete("username"),
        Field::new("password", c.t("field-password"), "").kind("password").required().autocomplete("current-password"),
    ];
    SignInPage {
        c,
        fields,
        next: safe_next(next).to_owned(),
        message,
        demo_accounts: if demo {
            DEMO_ACCOUNTS.iter().map(|(email, role, _)| (*email, role.code())).collect()
        } else {
            vec![]
        },
    }
}

async fn demo_present(state: &WebState) -> bool {
    tandem_app::demo::accounts_present(&state.app).await.unwrap_or(false)
}

pub async fn signin_page(State(state): State<WebState>, viewer: Viewer, Query(q): Query<NextQuery>) -> Response {
    if viewer.ctx.is_some() {
        return Redirect::to(safe_next(&q.next)).into_response();
    }
    ok(&page(&viewer.page, "", &q.next, None, demo_present(&state).await))
}

fn session_cookie(state: &WebState, value: &str, max_age: i64) -> String {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")
}

pub async fn signin(State(state): State<WebState>, viewer: Viewer, body: axum::body::Bytes) -> Response {
    let f: SignInForm = form(&body);
    let c = &viewer.page;
    let client = viewer.identity.client_addr.as_deref();
    let page_lang = Some(f.lang.as_str()).filter(|l| !l.is_empty());
    match tandem_app::auth::sign_in(&state.app, &f.email, &f.password, client, page_lang).await {
        Ok(signed) => {
            let cookie = session_cookie(&state, &signed.session_token, state.app.config.session_ttl_secs);
            let lang = crate::i18n::normalise(&signed.locale);
            let lang_cookie =
                format!("{}={lang}; Path=/; Max-Age=31536000; SameSite=Lax", crate::http::identity::LANG_COOKIE);
            // Two cookies need `AppendHeaders`: an array of pairs would keep only the last.
            (
                AppendHeaders([(header::SET_COOKIE, cookie), (header::SET_COOKIE, lang_cookie)]),
                Redirect::to(safe_next(&f.next)),
            )
                .into_response()
        }
        Err(AppError::RateLimited { retry_after_secs }) => {
            let minutes = ((retry_after_secs + 59) / 60).to_string();
            let msg = c.tf("signin-throttled", &[("minutes", minutes.as_str())]);
            html(StatusCode::TOO_MANY_REQUESTS, &page(c, &f.email, &f.next, Some(msg), demo_present(&state).await))
        }
        Err(AppError::BadCredentials) => html(
            StatusCode::UNAUTHORIZED,
            &page(c, &f.email, &f.next, Some(c.t("signin-failed")), demo_present(&state).await),
        ),
        Err(e) => c.error(e).into_response(),
    }
}

pub async fn signout(State(state): State<WebState>, viewer: Viewer) -> Response {
    if let Some(token) = &viewer.identity.session_token
        && let Err(e) = tandem_app::auth::sign_out(&state.app, token).await
    {
        return viewer.page.error(e).into_response();
    }
    ([(header::SET_COOKIE, session_cookie(&state, "", 0))], Redirect::to("/signin")).into_response()
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct LanguageForm {
    lang: String,
    next: String,
}

/// Switches the language: kept on the account when signed in, in a cookie otherwise.
pub async fn switch_language(State(state): State<WebState>, viewer: Viewer, body: axum::body::Bytes) -> Response {
    let form: LanguageForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let lang = crate::i18n::normalise(&form.lang);
    if let Some(ctx) = &viewer.ctx
        && let Err(e) = tandem_app::auth::set_locale(&state.app, ctx, lang).await
    {
        return viewer.page.error(e).into_response();
    }
    let cookie = format!("{}={lang}; Path=/; Max-Age=31536000; SameSite=Lax", crate::http::identity::LANG_COOKIE);
    ([(header::SET_COOKIE, cookie)], Redirect::to(safe_next(&form.next))).into_response()
}
