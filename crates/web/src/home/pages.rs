//! The home page: the reader's to-do list, the platform's headline figures and their own
//! organisations.

use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, ok};
use crate::http::state::WebState;
use crate::i18n::I18n;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

pub struct Figure {
    value: i64,
    label: String,
    /// Only where the reader may follow it.
    href: Option<String>,
}

pub struct Todo {
    id: String,
    title: String,
    count: i64,
    href: String,
}

#[derive(Template)]
#[template(path = "home/home.html")]
struct HomePage<'a> {
    c: &'a PageCtx,
    todo: Vec<Todo>,
    member: bool,
    figures: Vec<Figure>,
    roles: Vec<(String, i64)>,
    /// (organisation name, role, link)
    my_orgs: Vec<(String, String, String)>,
    /// The equipment-use trend: its heading, the chart (SVG) and a link to the figures.
    trend: Option<(String, Option<String>, Option<&'static str>)>,
}

/// A to-do item's line ("bookings wait for your decision", shown beside its count), in `lang`.
pub fn todo_title(i18n: &I18n, lang: &str, kind: &str) -> String {
    i18n.t(lang, &format!("todo-{}", kind.replace(['.', '_'], "-")))
}

pub async fn home(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("home");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let view = tandem_app::home::home_page(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let todo = view
        .todo
        .iter()
        .map(|t| Todo {
            id: format!("todo-{}", t.kind.replace(['.', '_'], "-")),
            title: todo_title(&state.i18n, c.lang, t.kind),
            count: t.count,
            href: t.link.clone(),
        })
        .collect();
    let Some(h) = view.headline else {
        // Signed in but not yet a member anywhere: nothing to show but how to get access.
        return Ok(ok(&HomePage {
            c,
            todo,
            member: false,
            figures: vec![],
            roles: vec![],
            my_orgs: vec![],
            trend: None,
        }));
    };
    let fig = |value, key: &str, href: Option<&str>| Figure { value, label: c.t(key), href: href.map(str::to_owned) };
    let may_enterprises = c.user.as_ref().is_some_and(|u| u.may_enterprises);
    let figures = vec![
        fig(h.colleges, "figure-colleges", Some("/orgs?kind=college")),
        fig(h.centres, "figure-centres", Some("/orgs?kind=centre")),
        fig(h.labs, "figure-labs", Some("/orgs?kind=lab")),
        fig(h.enterprises, "figure-enterprises", may_enterprises.then_some("/enterprises")),
        fig(h.people, "figure-people", Some("/people")),
    ];
    let my_orgs = view
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
    let trend = view.use_trend.map(|t| {
        let series: Vec<(String, f64)> = t
            .months
            .iter()
            .map(|((y, m), hours)| {
                (c.tf("month-short", &[("year", &y.to_string()), ("month", &m.to_string())]), *hours)
            })
            .collect();
        let heading = c.t(&format!("home-use-{}", t.scope));
        let total: f64 = series.iter().map(|(_, h)| h).sum();
        let summary = c.tf("home-use-summary", &[("what", &heading), ("hours", &format!("{total:.0}"))]);
        let link = match t.scope {
            "mine" => Some("/bookings"),
            _ => Some("/equipment/usage"),
        };
        // Six empty columns say less than a sentence does.
        let chart = if total > 0.0 { Some(crate::chart::columns(&series, &summary)) } else { None };
        (heading, chart, link)
    });
    Ok(ok(&HomePage { c, todo, member: true, figures, roles, my_orgs, trend }))
}
