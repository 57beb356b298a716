//! The talent pool's pages: the directory (or, for government, the pool by discipline), one
//! person's page with what they did on the platform, the reader's own expertise form, and the
//! experts and results that fit a proposition, each with its reasons.

use crate::http::form::{Choice, Field, PER_PAGE, Pager, form_response, page_number};
use crate::http::format::{done, query_string};
use crate::http::page::{PageCtx, PageError, Viewer, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::research::talent_pool::{self as uc, Match, PoolFilter, ProfileRow};
use tandem_app::{AppError, Page};
use tandem_domain::research::expertise::{AVAILABILITY, Disciplines, ProfileInput, Reason};
use tandem_domain::validation::FieldErrors;

fn lines(s: &Option<String>) -> Vec<String> {
    s.as_deref().unwrap_or_default().lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

fn discipline_label(c: &PageCtx, code: &str) -> String {
    Disciplines::shared()
        .and_then(|d| d.get(code))
        .map(|d| c.pick(&d.name_zh, &d.name_en).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

pub struct PoolLine {
    id: i64,
    name: String,
    headline: String,
    disciplines: String,
    keywords: Vec<String>,
    availability: String,
    public: bool,
}

fn pool_line(c: &PageCtx, r: &ProfileRow) -> PoolLine {
    PoolLine {
        id: r.person_id,
        name: r.name.clone(),
        headline: r.headline.clone().unwrap_or_default(),
        disciplines: lines(&r.disciplines).iter().map(|d| discipline_label(c, d)).collect::<Vec<_>>().join("、"),
        keywords: lines(&r.keywords),
        availability: c.t(&format!("availability-{}", r.availability)),
        public: r.public == 1,
    }
}

#[derive(Template)]
#[template(path = "research/talent_pool.html")]
struct PoolPage<'a> {
    c: &'a PageCtx,
    rows: Vec<PoolLine>,
    pager: Pager,
    q: String,
    industry: String,
    disciplines: Vec<Choice>,
    availabilities: Vec<Choice>,
    by_discipline: Vec<(String, i64)>,
    browses: bool,
    has_profile: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PoolQuery {
    q: String,
    discipline: String,
    industry: String,
    availability: String,
    page: Option<String>,
}

pub async fn pool(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<PoolQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("talent-pool");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let availability = AVAILABILITY.iter().find(|a| **a == q.availability.trim()).map(|a| (*a).to_owned());
    let filter = PoolFilter {
        q: Some(q.q.clone()),
        discipline: Some(q.discipline.trim().to_owned()),
        industry: Some(q.industry.trim().to_uppercase()),
        availability: availability.clone(),
        all: false,
    };
    let p = uc::pool_page(&state.app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let query = query_string(&[
        ("q", &q.q),
        ("discipline", q.discipline.trim()),
        ("industry", q.industry.trim()),
        ("availability", availability.as_deref().unwrap_or("")),
    ]);
    let disciplines = Disciplines::shared()
        .map(|d| {
            d.disciplines
                .iter()
                .map(|x| Choice {
                    value: x.code.clone(),
                    label: format!("{} {}", x.code, c.pick(&x.name_zh, &x.name_en)),
                    selected: x.code == q.discipline.trim(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(ok(&PoolPage {
        c,
        rows: p.rows.iter().map(|r| pool_line(c, r)).collect(),
        pager: Pager::new(c, "/talent-pool", &query, page.page, page.per_page, p.total),
        q: q.q,
        industry: q.industry,
        disciplines,
        availabilities: AVAILABILITY
            .iter()
            .map(|a| Choice {
                value: (*a).into(),
                label: c.t(&format!("availability-{a}")),
                selected: availability.as_deref() == Some(a),
            })
            .collect(),
        by_discipline: p.by_discipline.iter().map(|(code, n)| (discipline_label(c, code), *n)).collect(),
        browses: p.browses,
        has_profile: p.has_profile,
    }))
}

#[derive(Template)]
#[template(path = "research/talent_person.html")]
struct PersonPage<'a> {
    c: &'a PageCtx,
    line: PoolLine,
    facts: Vec<(String, String)>,
    /// (proposal id, title, enterprise, status label, lead)
    projects: Vec<(i64, String, String, String, bool)>,
    results: Vec<(i64, String)>,
    mentees: i64,
    practice: Vec<(String, String, String)>,
    equipment: Vec<(String, String)>,
    may_edit: bool,
}

pub async fn person(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("talent-pool");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let p = uc::person(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let r = &p.profile;
    let mut facts = vec![
        (c.t("expertise-availability"), c.t(&format!("availability-{}", r.availability))),
        (c.t("expertise-industries"), lines(&r.industries).join("、")),
    ];
    if let Some(email) = &r.email {
        facts.push((c.t("field-email"), email.clone()));
    }
    if let Some(phone) = r.phone.as_ref().filter(|p| !p.is_empty()) {
        facts.push((c.t("field-phone"), phone.clone()));
    }
    let h = &p.history;
    Ok(ok(&PersonPage {
        c,
        line: pool_line(c, r),
        facts,
        projects: h
            .projects
            .iter()
            .map(|x| {
                (
                    x.proposal_id,
                    x.title.clone(),
                    x.enterprise_name.clone(),
                    c.t(&format!("proposal-status-{}", x.status)),
                    x.lead == 1,
                )
            })
            .collect(),
        results: h.results.clone(),
        mentees: h.mentees,
        practice: h.practice.clone(),
        equipment: h.equipment.clone(),
        may_edit: p.may_edit,
    }))
}

/// The expertise form as posted: a checkbox per discipline (`disciplines_<code>`), the two
/// switches as single checkboxes, the rest as text.
fn parse_form(body: &[u8]) -> ProfileInput {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    ProfileInput {
        headline: value("headline"),
        disciplines: pairs.iter().filter_map(|(k, _)| k.strip_prefix("disciplines_").map(str::to_owned)).collect(),
        industries: vec![value("industries").to_uppercase()],
        keywords: vec![value("keywords")],
        availability: value("availability"),
        public: !value("public_yes").is_empty(),
        show_contact: !value("show_contact_yes").is_empty(),
    }
}

fn expertise_form(c: &PageCtx, f: &ProfileInput, errors: &FieldErrors) -> Response {
    let disciplines = Disciplines::shared()
        .map(|d| {
            d.disciplines
                .iter()
                .map(|x| (x.code.clone(), format!("{} {}", x.code, c.pick(&x.name_zh, &x.name_en))))
                .collect()
        })
        .unwrap_or_default();
    let yes = |on: bool| if on { vec!["yes".to_owned()] } else { vec![] };
    let note = Disciplines::shared().filter(|d| d.provisional).map(|d| c.pick(&d.note_zh, &d.note_en).to_owned());
    let fields = vec![
        Field::new("headline", c.t("expertise-headline"), &f.headline).hint(c.t("expertise-headline-hint")),
        Field::new("keywords", c.t("proposition-keywords"), &f.keywords.join(", "))
            .hint(c.t("expertise-keywords-hint")),
        Field::new("industries", c.t("expertise-industries"), &f.industries.join(", "))
            .hint(c.t("expertise-industries-hint")),
        Field::new("availability", c.t("expertise-availability"), &f.availability)
            .required()
            .choices(AVAILABILITY.iter().map(|a| ((*a).to_owned(), c.t(&format!("availability-{a}")))).collect()),
        Field::new("public", c.t("expertise-public"), "")
            .checkboxes(vec![("yes".into(), c.t("expertise-public-yes"))], &yes(f.public))
            .hint(c.t("expertise-public-hint")),
        Field::new("show_contact", c.t("expertise-contact"), "")
            .checkboxes(vec![("yes".into(), c.t("expertise-contact-yes"))], &yes(f.show_contact)),
        Field::new("disciplines", c.t("expertise-disciplines"), "")
            .checkboxes(disciplines, &f.disciplines)
            .hint(note.unwrap_or_default()),
    ];
    form_response(
        c,
        c.t("expertise-title"),
        "/profile/expertise".into(),
        ("/talent-pool".into(), c.t("talent-pool-title")),
        fields,
        errors,
    )
}

pub async fn edit_form(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("talent-pool");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let mine = uc::my_profile(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let f = match mine {
        Some(r) => ProfileInput {
            headline: r.headline.clone().unwrap_or_default(),
            disciplines: lines(&r.disciplines),
            industries: lines(&r.industries),
            keywords: lines(&r.keywords),
            availability: r.availability.clone(),
            public: r.public == 1,
            show_contact: r.show_contact == 1,
        },
        None => ProfileInput { availability: "open".into(), ..ProfileInput::default() },
    };
    Ok(expertise_form(c, &f, &FieldErrors::new()))
}

pub async fn save(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("talent-pool");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f = parse_form(&body);
    match uc::save_profile(&state.app, &ctx, ctx.actor.person_id, &f).await {
        Ok(()) => {
            Ok(Redirect::to(&done(&format!("/talent-pool/{}", ctx.actor.person_id), "expertise-saved")).into_response())
        }
        Err(AppError::Invalid(errors)) => Ok(expertise_form(c, &f, &errors)),
        Err(e) => Err(c.error(e)),
    }
}

/// A match as a line: its link, title, detail, score and reasons in words.
pub struct MatchLine {
    pub(crate) href: String,
    pub(crate) title: String,
    pub(crate) detail: String,
    pub(crate) score: i64,
    pub(crate) reasons: Vec<String>,
}

pub(crate) fn reason_text(c: &PageCtx, r: &Reason) -> String {
    match r {
        Reason::Keyword(k) => c.tf("reason-keyword", &[("value", k.as_str())]),
        Reason::Industry(code) => c.tf("reason-industry", &[("value", code.as_str())]),
        Reason::Equipment(name) => c.tf("reason-equipment", &[("value", name.as_str())]),
        Reason::PastProjects(n) => c.tf("reason-past_projects", &[("value", n.to_string().as_str())]),
        Reason::Results(n) => c.tf("reason-results", &[("value", n.to_string().as_str())]),
        Reason::Readiness(n) => c.tf("reason-readiness", &[("value", n.to_string().as_str())]),
    }
}

pub(crate) fn match_line(c: &PageCtx, base: &str, m: &Match) -> MatchLine {
    MatchLine {
        href: format!("{base}/{}", m.id),
        title: m.title.clone(),
        detail: m.detail.clone(),
        score: m.score,
        reasons: m.reasons.iter().map(|r| format!("{} (+{})", reason_text(c, r), r.weight())).collect(),
    }
}

#[derive(Template)]
#[template(path = "research/matches.html")]
struct MatchesPage<'a> {
    c: &'a PageCtx,
    id: i64,
    title: String,
    sections: Vec<MatchSection>,
}

pub struct MatchSection {
    id: &'static str,
    heading: String,
    lines: Vec<MatchLine>,
}

pub async fn proposition_matches(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let m = uc::for_proposition(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    Ok(ok(&MatchesPage {
        c,
        id,
        title: m.title.clone(),
        sections: vec![
            MatchSection {
                id: "experts",
                heading: c.t("matches-experts"),
                lines: m.experts.iter().map(|x| match_line(c, "/talent-pool", x)).collect(),
            },
            MatchSection {
                id: "achievements",
                heading: c.t("matches-achievements"),
                lines: m.achievements.iter().map(|x| match_line(c, "/achievements", x)).collect(),
            },
        ],
    }))
}
