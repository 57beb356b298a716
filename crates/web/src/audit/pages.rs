//! The audit log, for platform administrators.

use crate::http::form::{Choice, Pager};
use crate::http::form::{PER_PAGE, page_number};
use crate::http::format::query_string;
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use tandem_app::Page;
use tandem_app::records::{AuditFilter, AuditRow};

/// Filter choices: whole areas (ending in `.`) or single actions.
const ACTIONS: [&str; 9] = [
    "auth.",
    "auth.sign_in_failed",
    "access.denied",
    "enterprise.",
    "org.",
    "person.",
    "membership.",
    "token.",
    "demo.loaded",
];

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    action: String,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage<'a> {
    c: &'a PageCtx,
    rows: Vec<AuditRow>,
    pager: Pager,
    actions: Vec<Choice>,
}

pub async fn page(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("audit");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let action = ACTIONS.iter().find(|a| **a == q.action).map(|a| (*a).to_owned());
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let filter = AuditFilter { action: action.clone(), ..Default::default() };
    let (rows, total) = tandem_app::audit::list(&state.app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let pager = Pager::new(
        c,
        "/audit",
        &query_string(&[("action", action.as_deref().unwrap_or(""))]),
        page.page,
        page.per_page,
        total,
    );
    let actions = ACTIONS
        .iter()
        .map(|a| Choice { value: (*a).to_owned(), label: (*a).to_owned(), selected: Some(*a) == action.as_deref() })
        .collect();
    Ok(ok(&AuditPage { c, rows, pager, actions }))
}
