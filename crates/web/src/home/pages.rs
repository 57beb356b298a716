//! The home page: the platform's headline figures and the reader's own organisations.

use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

pub struct Figure {
    value: i64,
    label: String,
    /// Only where the reader may follow it.
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "home/home.html")]
struct HomePage<'a> {
    c: &'a PageCtx,
    figures: Vec<Figure>,
    roles: Vec<(String, i64)>,
    /// (organisation name, role, link)
    my_orgs: Vec<(String, String, String)>,
}

pub async fn home(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("home");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    if ctx.actor.grants.is_empty() {
        // Signed in but not yet a member anywhere: nothing to show but how to get access.
        return Ok(ok(&HomePage { c, figures: vec![], roles: vec![], my_orgs: vec![] }));
    }
    let h = tandem_app::stats::headline(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let fig = |value, key: &str, href: Option<&str>| Figure { value, label: c.t(key), href: href.map(str::to_owned) };
    let may_enterprises = c.user.as_ref().is_some_and(|u| u.may_enterprises);
    let figures = vec![
        fig(h.colleges, "figure-colleges", Some("/orgs?kind=college")),
        fig(h.centres, "figure-centres", Some("/orgs?kind=centre")),
        fig(h.labs, "figure-labs", Some("/orgs?kind=lab")),
        fig(h.enterprises, "figure-enterprises", may_enterprises.then_some("/enterprises")),
        fig(h.people, "figure-people", Some("/people")),
    ];
    let me = tandem_app::people::get_person(&state.app, &ctx, ctx.actor.person_id).await.map_err(|e| c.error(e))?;
    let my_orgs = me
        .memberships
        .into_iter()
        .map(|m| {
            let href = if m.org_kind == "enterprise" {
                format!("/enterprises/{}", m.org_id)
            } else {
                format!("/orgs/{}", m.org_id)
            };
            (m.org_name, m.role, href)
        })
        .collect();
    let roles = if ctx.actor.may(tandem_domain::access::Action::ListAllPeople) { h.by_role } else { vec![] };
    Ok(ok(&HomePage { c, figures, roles, my_orgs }))
}
