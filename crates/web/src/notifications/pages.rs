//! The inbox page: the reader's notices, newest first, unread ones marked; opening one marks it
//! read and follows its link; below, which kinds also come by e-mail.

use crate::http::form::{PER_PAGE, Pager, page_number};
use crate::http::format::done;
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, ok};
use crate::http::state::WebState;
use crate::notifications::text::words;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::Page;
use tandem_app::notifications as uc;
use tandem_domain::id::NotificationId;

pub struct Line {
    id: NotificationId,
    title: String,
    body: String,
    at: String,
    unread: bool,
}

pub struct Choice {
    kind: &'static str,
    label: String,
    email: bool,
}

#[derive(Template)]
#[template(path = "notifications/inbox.html")]
struct InboxPage<'a> {
    c: &'a PageCtx,
    lines: Vec<Line>,
    unread: i64,
    pager: Pager,
    email_available: bool,
    choices: Vec<Choice>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct InboxQuery {
    page: Option<String>,
}

pub async fn inbox(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<InboxQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("notifications");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = page_number(&q.page);
    let view = uc::inbox_page(&state.app, &ctx, Page::new(page, PER_PAGE)).await.map_err(|e| c.error(e))?;
    let lines = view
        .inbox
        .items
        .iter()
        .map(|n| {
            let (title, body) = words(&state.i18n, c.lang, &n.notice);
            Line { id: n.id, title, body, at: c.datetime(&n.created_at), unread: n.read_at.is_none() }
        })
        .collect();
    let pager = Pager::new(c, "/notifications", "", page, PER_PAGE, view.inbox.total);
    let choices = view
        .email
        .into_iter()
        .map(|(kind, email)| Choice {
            kind,
            label: c.t(&format!("notification-kind-{}", kind.replace(['.', '_'], "-"))),
            email,
        })
        .collect();
    Ok(ok(&InboxPage {
        c,
        lines,
        unread: view.inbox.unread,
        pager,
        email_available: state.app.config.email_enabled,
        choices,
    }))
}

/// Marks the notice read and goes where it points. Another person's notice is not found.
pub async fn open(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("notifications");
    let ctx = viewer.signed_in()?;
    let id = crate::http::page::path_id(&viewer, &id)?;
    let link = uc::open(&state.app, &ctx, id).await.map_err(|e| viewer.page.error(e))?;
    Ok(Redirect::to(crate::http::format::safe_next(&link)).into_response())
}

pub async fn read_all(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("notifications");
    let ctx = viewer.signed_in()?;
    uc::mark_all_read(&state.app, &ctx).await.map_err(|e| viewer.page.error(e))?;
    Ok(Redirect::to(&done("/notifications", "notifications.read_all")).into_response())
}

/// The preferences form: one checkbox per kind, `email=<kind>` for each ticked.
pub async fn set_preferences(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("notifications");
    let ctx = viewer.signed_in()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let wanted: Vec<String> = pairs.into_iter().filter(|(k, _)| k == "email").map(|(_, v)| v).collect();
    uc::set_email_preferences(&state.app, &ctx, &wanted).await.map_err(|e| viewer.page.error(e))?;
    Ok(Redirect::to(&done("/notifications#preferences", "notifications.preferences")).into_response())
}
