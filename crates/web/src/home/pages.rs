//! The home page: the reader's to-do list, the platform's headline figures and their own
//! organisations.

use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, ok};
use crate::http::state::WebState;
use crate::i18n::I18n;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use tandem_app::home::Group;

pub struct Figure {
    value: String,
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
    /// The equipment-use trends the reader watches.
    trends: Vec<Trend>,
    /// The reader's own figures under a heading: a student's, or each enterprise's they work in.
    own: Vec<(String, Vec<Figure>)>,
    /// Distributions: heading, chart (SVG) and a table of the same figures for screen readers.
    breakdowns: Vec<Chart>,
}

/// An equipment-use trend: its heading, the chart (SVG) unless all is zero, a link to the figures.
pub struct Trend {
    /// Suffix of its element ids (`use-trend{id}`).
    id: String,
    heading: String,
    chart: Option<String>,
    link: Option<&'static str>,
}

pub struct Chart {
    id: String,
    heading: String,
    svg: String,
    rows: Vec<(String, i64)>,
    link: Option<&'static str>,
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
            trends: vec![],
            own: vec![],
            breakdowns: vec![],
        }));
    };
    let fig = |value: i64, key: &str, href: Option<&str>| Figure {
        value: value.to_string(),
        label: c.t(key),
        href: href.map(str::to_owned),
    };
    let may_enterprises = c.user.as_ref().is_some_and(|u| u.may_enterprises);
    let figures = vec![
        fig(h.colleges, "figure-colleges", Some("/orgs?kind=college")),
        fig(h.centres, "figure-centres", Some("/orgs?kind=centre")),
        fig(h.labs, "figure-labs", Some("/orgs?kind=lab")),
        fig(h.enterprises, "figure-enterprises", may_enterprises.then_some("/enterprises")),
        fig(h.people, "figure-people", Some("/people")),
    ];
    let mut own = Vec::new();
    if let Some(s) = view.student {
        let credits = Figure {
            value: format!("{}", s.credit_tenths as f64 / 10.0),
            label: c.t("figure-my-credits"),
            href: Some("/micro-degrees".into()),
        };
        own.push((
            c.t("home-mine-student"),
            vec![
                fig(s.upcoming_bookings, "figure-my-upcoming-bookings", Some("/bookings")),
                fig(s.classes, "figure-my-classes", Some("/classes")),
                fig(s.mentors, "figure-my-mentors", Some("/mentoring")),
                credits,
            ],
        ));
    }
    for e in &view.enterprises {
        let name = view
            .memberships
            .iter()
            .find(|m| m.org_id == e.enterprise_id)
            .map(|m| m.org_name.clone())
            .unwrap_or_default();
        let page = format!("/enterprises/{}", e.enterprise_id);
        own.push((
            c.tf("home-mine-enterprise", &[("name", &name)]),
            vec![
                fig(e.diagnoses, "figure-enterprise-diagnoses", Some(&format!("{page}#assessments"))),
                fig(e.bookings, "figure-enterprise-bookings", None),
                fig(e.people, "figure-enterprise-people", Some(&page)),
                fig(e.practice_terms, "figure-enterprise-practice", Some("/flow")),
            ],
        ));
    }
    let reference = &state.app.reference;
    let breakdowns = view
        .breakdowns
        .iter()
        .map(|b| {
            let rows: Vec<(String, i64)> = b
                .rows
                .iter()
                .map(|(group, n)| {
                    let label = match group {
                        Group::Code(code) if b.key == "enterprises.by_region" => reference
                            .region(code)
                            .map_or_else(|| code.clone(), |r| c.pick(&r.name_zh, &r.name_en).to_owned()),
                        Group::Code(code) => reference
                            .section(code)
                            .map_or_else(|| code.clone(), |s| format!("{code} {}", c.pick(&s.name_zh, &s.name_en))),
                        Group::Unknown => c.t("group-unknown"),
                        Group::Others => c.t("group-others"),
                    };
                    (label, *n)
                })
                .collect();
            let key = b.key.replace(['.', '_'], "-");
            let heading = c.t(&format!("home-{key}"));
            let series: Vec<(String, f64)> = rows.iter().map(|(l, n)| (l.clone(), *n as f64)).collect();
            Chart {
                id: key,
                svg: crate::chart::hbars(&series, &heading),
                heading,
                rows,
                link: may_enterprises.then_some("/enterprises"),
            }
        })
        .collect();
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
    let roles = h.by_role;
    let trends = view.use_trend.into_iter().chain(view.college_trend).enumerate().map(|(i, t)| {
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
            "enterprise" => None,
            _ => Some("/equipment/usage"),
        };
        // Six empty columns say less than a sentence does.
        let chart = if total > 0.0 { Some(crate::chart::columns(&series, &summary)) } else { None };
        // The first keeps the plain ids; a further one is told apart by its scope.
        let id = if i == 0 { String::new() } else { format!("-{}", t.scope) };
        Trend { id, heading, chart, link }
    });
    let trends = trends.collect();
    Ok(ok(&HomePage { c, todo, member: true, figures, roles, my_orgs, trends, own, breakdowns }))
}
