//! What every page needs: the reader's context (language, who is signed in, where they are),
//! rendering a template, the error page, and a path id that is not a number as a missing page.

use crate::http::error::status_of;
use crate::http::format::url_encode;
use crate::http::identity::Identity;
use crate::http::state::WebState;
use crate::i18n::I18n;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;
use tandem_app::{AppError, Ctx};
use tandem_domain::access::Action;
use tandem_domain::validation::FieldErrors;

/// A link in the main menu.
#[derive(Clone, Debug)]
pub struct NavLink {
    pub href: &'static str,
    /// Its text's key.
    pub label: &'static str,
    /// The page being read is this link's (or below it).
    pub current: bool,
}

/// A group of the main menu, as people think of the work: mine, sharing, talent, enterprises,
/// the organisation.
#[derive(Clone, Debug)]
pub struct NavGroup {
    pub label: &'static str,
    pub links: Vec<NavLink>,
}

impl NavGroup {
    pub fn current(&self) -> bool {
        self.links.iter().any(|l| l.current)
    }
}

/// Every capability the actor may use, grouped; a link appears only where the rule table lets
/// the reader open its page. The current page is the link whose address is the longest prefix
/// of `path`.
pub fn navigation(actor: &tandem_domain::access::Actor, path: &str) -> Vec<NavGroup> {
    let staff = actor.may(Action::ManageStructure);
    let member = !actor.grants.is_empty();
    let books = actor.may(Action::BookEquipment);
    let manages_lab = actor.may(Action::PublishEquipment);
    let enterprise = !actor.own_enterprises().is_empty();
    let mut groups: Vec<(&'static str, Vec<(&'static str, &'static str)>)> = vec![];
    let mut mine = vec![("/notifications", "nav-notifications")];
    if books {
        mine.push(("/bookings", "nav-my-bookings"));
    }
    if manages_lab {
        mine.push(("/bookings/approvals", "nav-approvals"));
    }
    if member {
        mine.push(("/mentoring", "nav-mentoring"));
        mine.push(("/credentials", "nav-credentials"));
    }
    mine.push(("/profile", "nav-profile"));
    groups.push(("nav-group-mine", mine));
    if member {
        let mut sharing = vec![("/equipment", "nav-equipment"), ("/datasets", "nav-datasets")];
        if actor.may(Action::ViewLabFigures) {
            sharing.push(("/equipment/usage", "nav-sharing-figures"));
        }
        groups.push(("nav-group-sharing", sharing));
        let mut talent = vec![("/classes", "nav-classes"), ("/micro-degrees", "nav-microdegrees")];
        talent.push(("/internships", "nav-internships"));
        talent.push(("/flow", "nav-flow"));
        if actor.may(Action::ViewOutcomes) {
            talent.push(("/outcomes", "nav-outcomes"));
        }
        groups.push(("nav-group-talent", talent));
    }
    if member {
        let mut research = vec![("/propositions", "nav-propositions")];
        if actor.may(Action::ProposeToProposition) {
            research.push(("/proposals", "nav-proposals"));
        }
        research.push(("/achievements", "nav-achievements"));
        if actor.may(Action::ViewTalentPool) || actor.may(Action::ViewTalentAggregates) {
            research.push(("/talent-pool", "nav-talent-pool"));
        }
        if actor.may(Action::RunDeals) || enterprise {
            research.push(("/deals", "nav-deals"));
        }
        if actor.may(Action::ViewTransformationReport) {
            research.push(("/reports/transformation", "nav-transformation"));
        }
        groups.push(("nav-group-research", research));
    }
    let mut enterprises = vec![];
    if actor.may(Action::ListAllEnterprises) || enterprise {
        enterprises.push(("/enterprises", "nav-enterprises"));
    }
    if actor.may(Action::ViewDiagnosisAggregates) {
        enterprises.push(("/diagnosis", "nav-diagnosis"));
    }
    enterprises.push(("/policies", "nav-policies"));
    if !enterprises.is_empty() {
        groups.push(("nav-group-enterprises", enterprises));
    }
    if member {
        let mut org = vec![("/orgs", "nav-orgs"), ("/people", "nav-people")];
        if staff && actor.may(Action::ViewAudit) {
            org.push(("/audit", "nav-audit"));
        }
        groups.push(("nav-group-org", org));
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let current = groups
        .iter()
        .flat_map(|(_, links)| links.iter().map(|(href, _)| *href))
        .filter(|href| path == *href || path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/')))
        .max_by_key(|href| href.len());
    groups
        .into_iter()
        .map(|(label, links)| NavGroup {
            label,
            links: links
                .into_iter()
                .map(|(href, label)| NavLink { href, label, current: Some(href) == current })
                .collect(),
        })
        .collect()
}

/// The signed-in person as the page header shows them, with the menu entries they may use.
#[derive(Debug, Clone)]
pub struct UserBadge {
    pub name: String,
    pub may_enterprises: bool,
    pub may_diagnosis: bool,
    pub may_audit: bool,
    /// Unread notifications, for the header's badge.
    pub unread: i64,
    /// The main menu.
    pub nav: Vec<NavGroup>,
}

/// What every page template needs.
#[derive(Clone)]
pub struct PageCtx {
    pub lang: &'static str,
    pub i18n: Arc<I18n>,
    pub user: Option<UserBadge>,
    /// Path and query of this request, for the language switch and sign-in redirects.
    pub path: String,
    /// Menu entry to highlight.
    pub section: &'static str,
}

impl PageCtx {
    /// Of a name kept in both languages (reference data, instruments), the reader's.
    pub fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.lang == "en" { en } else { zh }
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.t(self.lang, key)
    }

    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.tf(self.lang, key, args)
    }

    /// The document's `lang` attribute.
    pub fn html_lang(&self) -> &'static str {
        self.lang
    }

    pub fn other_lang(&self) -> &'static str {
        if self.lang == "en" { "zh-CN" } else { "en" }
    }

    pub fn other_lang_label(&self) -> &'static str {
        if self.lang == "en" { "中文" } else { "English" }
    }

    pub fn is(&self, section: &str) -> bool {
        self.section == section
    }

    /// What the action before the redirect did, in a sentence (`done=booking.approved` in the
    /// query shows the text of `done-booking-approved`). Unknown codes show nothing, so the
    /// query cannot put words of its own on the page.
    pub fn done(&self) -> Option<String> {
        let code = crate::http::format::done_code(&self.path)?;
        let key = format!("done-{}", code.replace(['.', '_'], "-"));
        let known = code.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_' || c == '-')
            && self.i18n.has(self.lang, &key);
        known.then(|| self.t(&key))
    }

    /// Formats an epoch timestamp in China Standard Time (UTC+8, no daylight saving).
    pub fn datetime(&self, epoch: &i64) -> String {
        chrono::DateTime::from_timestamp(*epoch + 8 * 3600, 0)
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    }

    pub fn kind_label(&self, kind: &str) -> String {
        self.t(&format!("kind-{kind}"))
    }

    pub fn role_label(&self, role: &str) -> String {
        self.t(&format!("role-{role}"))
    }

    pub fn size_label(&self, size: &str) -> String {
        self.t(&format!("size-{size}"))
    }

    /// A field error's sentence in the reader's language.
    pub fn field_message(&self, code: &str, args: &[(&str, &str)]) -> String {
        if self.i18n.has(self.lang, code) { self.tf(code, args) } else { self.t("invalid") }
    }

    /// The message of the first field error, with its arguments, for a page that shows one line.
    pub fn first_error_message(&self, errors: &FieldErrors) -> Option<String> {
        errors.0.first().map(|e| {
            let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            self.field_message(&e.code, &args)
        })
    }

    pub fn error(&self, error: AppError) -> PageError {
        PageError { error, ctx: self.clone() }
    }
}

/// The reader of a page, signed in or not.
pub struct Viewer {
    pub page: PageCtx,
    pub ctx: Option<Ctx>,
    pub identity: Identity,
}

impl Viewer {
    /// The signed-in context, or a redirect to the sign-in page.
    pub fn signed_in(&self) -> Result<Ctx, PageError> {
        self.ctx.clone().ok_or_else(|| self.page.error(AppError::Unauthenticated))
    }

    pub fn with_section(mut self, section: &'static str) -> Self {
        self.page.section = section;
        self
    }
}

impl FromRequestParts<WebState> for Viewer {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Self::Rejection> {
        let identity = Identity::from_request_parts(parts, state).await?;
        let ctx = identity.ctx();
        let path = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
        let user = identity.resolved.as_ref().map(|r| UserBadge {
            nav: navigation(&r.actor, &path),
            name: r.name.clone(),
            may_enterprises: r.actor.may(Action::ListAllEnterprises) || !r.actor.own_enterprises().is_empty(),
            may_diagnosis: r.actor.may(Action::ViewDiagnosisAggregates),
            may_audit: r.actor.may(Action::ViewAudit),
            unread: r.unread,
        });
        let page = PageCtx { lang: identity.lang, i18n: state.i18n.clone(), user, path, section: "" };
        Ok(Viewer { page, ctx, identity })
    }
}

/// Renders a template into an HTML response with the given status.
pub fn html<T: Template>(status: StatusCode, template: &T) -> Response {
    match template.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

pub fn ok<T: Template>(template: &T) -> Response {
    html(StatusCode::OK, template)
}

/// A page error: not signed in → sign-in page; otherwise an error page in the reader's language.
pub struct PageError {
    pub error: AppError,
    pub ctx: PageCtx,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match &self.error {
            AppError::Unauthenticated => {
                let next = self.ctx.path.clone();
                axum::response::Redirect::to(&format!("/signin?next={}", url_encode(&next))).into_response()
            }
            AppError::Unexpected(detail) => {
                tracing::error!(error = %detail, "page failed unexpectedly");
                error_page(&self.ctx, StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
            }
            AppError::Forbidden => error_page(&self.ctx, StatusCode::FORBIDDEN, "error-forbidden"),
            AppError::NotFound => error_page(&self.ctx, StatusCode::NOT_FOUND, "error-not-found"),
            other => error_page(&self.ctx, status_of(other), "error-bad-request"),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    c: &'a PageCtx,
    title_key: &'static str,
    body_key: &'static str,
}

/// An error page; `key` names the title, and `key`-body the explanation.
pub fn error_page(c: &PageCtx, status: StatusCode, key: &'static str) -> Response {
    let body_key = match key {
        "error-forbidden" => "error-forbidden-body",
        "error-not-found" => "error-not-found-body",
        "error-internal" => "error-internal-body",
        _ => "error-bad-request-body",
    };
    html(status, &ErrorPage { c, title_key: key, body_key })
}

/// A numeric id from the path; anything else is a page that does not exist.
pub(crate) fn path_id<Id: std::str::FromStr>(viewer: &Viewer, raw: &str) -> Result<Id, PageError> {
    raw.parse().map_err(|_| viewer.page.error(tandem_app::AppError::NotFound))
}
