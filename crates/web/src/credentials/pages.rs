//! Credentials in the browser: the holder's (or staff's) list, and the public pages that
//! verify a credential — one issued here, by its address, or any pasted one — and say plainly
//! whether it is valid, revoked or tampered with.

use crate::http::form::form;
use crate::http::page::PageError;
use crate::http::page::{PageCtx, Viewer, html};
use crate::http::response::public_base;
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::Value;
use tandem_app::AppError;
use tandem_app::credentials::{self as uc, Check};

/// What a credential says, read from its JSON (ours or pasted), for people.
#[derive(Default)]
pub struct Shown {
    title: String,
    learner: String,
    issuer_name: String,
    issuer_did: String,
    awarded: String,
    description: String,
    outcomes: Vec<String>,
    facts: Vec<(String, String)>,
}

fn text(v: &Value, path: &[&str]) -> String {
    let mut cur = v;
    for key in path {
        cur = match cur.get(key) {
            Some(next) => next,
            None => return String::new(),
        };
    }
    match cur {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn shown(c: &PageCtx, doc: &Value) -> Shown {
    let subject = doc.get("credentialSubject").cloned().unwrap_or(Value::Null);
    let subject = if let Value::Array(a) = subject { a.first().cloned().unwrap_or(Value::Null) } else { subject };
    let achievement = subject.get("achievement").cloned().unwrap_or(Value::Null);
    let learner = subject
        .get("identifier")
        .and_then(Value::as_array)
        .and_then(|ids| ids.iter().find(|i| text(i, &["identityType"]) == "name"))
        .map(|i| text(i, &["identityHash"]))
        .unwrap_or_else(|| text(&subject, &["id"]));
    let issuer_name =
        if doc.get("issuer").is_some_and(Value::is_string) { String::new() } else { text(doc, &["issuer", "name"]) };
    let issuer_did =
        if let Some(Value::String(s)) = doc.get("issuer") { s.clone() } else { text(doc, &["issuer", "id"]) };
    let mut facts = vec![];
    for (key, label) in [
        ("creditsAvailable", "cred-credits-available"),
        ("workloadHours", "md-workload"),
        ("qualificationLevel", "md-level"),
        ("assessmentType", "md-assessment"),
        ("participationForm", "md-participation"),
        ("qualityAssurance", "md-quality"),
    ] {
        let mut value = text(&achievement, &[key]);
        // Our own wording is shown in the reader's language; anyone else's as written.
        let code = match key {
            "assessmentType" => uc::assessment_code(&value).map(|c| format!("md-assessment-{c}")),
            "participationForm" => uc::participation_code(&value).map(|c| format!("md-participation-{c}")),
            _ => None,
        };
        if let Some(code) = code {
            value = c.t(&code);
        }
        if !value.is_empty() {
            facts.push((c.t(label), value));
        }
    }
    let earned = text(&subject, &["creditsEarned"]);
    if !earned.is_empty() {
        facts.push((c.t("cred-credits-earned"), earned));
    }
    let country = text(doc, &["issuer", "address", "addressCountry"]);
    if !country.is_empty() {
        facts.push((c.t("cred-country"), country));
    }
    Shown {
        title: text(&achievement, &["name"]),
        learner,
        issuer_name,
        issuer_did,
        awarded: text(doc, &["awardedDate"]).chars().take(10).collect(),
        description: text(&achievement, &["description"]),
        outcomes: achievement
            .get("learningOutcome")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default(),
        facts,
    }
}

/// The verdict as a page shows it.
pub struct Verdict {
    code: String,
    headline: String,
    detail: String,
    valid: bool,
}

/// `show_reason`: the holder and staff read why a credential was revoked; the public its date.
fn verdict(c: &PageCtx, check: &Check, show_reason: bool) -> Verdict {
    match check {
        Check::Valid { ours, .. } => Verdict {
            code: "valid".into(),
            headline: c.t("cred-valid"),
            detail: c.t(if *ours { "cred-valid-ours" } else { "cred-valid-other" }),
            valid: true,
        },
        Check::Revoked { at, reason, .. } => Verdict {
            code: "revoked".into(),
            headline: c.t("cred-revoked"),
            detail: if show_reason {
                format!("{} {}", c.datetime(at), reason.clone().unwrap_or_default())
            } else {
                c.datetime(at)
            },
            valid: false,
        },
        Check::Invalid { code, .. } => Verdict {
            code: code.as_str().into(),
            headline: c.t(&format!("cred-invalid-{}", code.as_str())),
            detail: c.t("cred-invalid-detail"),
            valid: false,
        },
    }
}

#[derive(Template)]
#[template(path = "credentials/show.html")]
struct ShowPage<'a> {
    c: &'a PageCtx,
    id: String,
    verdict: Verdict,
    s: Shown,
    revocable: bool,
    error: Option<String>,
    link: String,
}

/// A credential with its document, what checking it now says, and its public address.
async fn checked(
    state: &WebState,
    c: &PageCtx,
    headers: &HeaderMap,
    id: &str,
) -> Result<(uc::Credential, Value, Check, String), PageError> {
    let row = uc::get(&state.app, id).await.map_err(|e| c.error(e))?;
    let doc: Value = serde_json::from_str(&row.document).unwrap_or(Value::Null);
    let check = uc::check(&state.app, &doc).await.map_err(|e| c.error(e))?;
    let link = format!("{}/credentials/{}", public_base(state, headers), row.id);
    Ok((row, doc, check, link))
}

async fn show_page(
    state: &WebState,
    viewer: &Viewer,
    headers: &HeaderMap,
    id: &str,
    error: Option<String>,
) -> Result<Response, PageError> {
    let c = &viewer.page;
    let (row, doc, check, link) = checked(state, c, headers, id).await?;
    let staff = viewer.ctx.as_ref().is_some_and(|ctx| ctx.actor.may(tandem_domain::access::Action::ManageCredentials));
    let holder = viewer.ctx.as_ref().is_some_and(|ctx| ctx.actor.person_id == row.holder_id);
    let page = ShowPage {
        c,
        id: row.id.clone(),
        verdict: verdict(c, &check, staff || holder),
        s: shown(c, &doc),
        revocable: staff && row.revoked_at.is_none(),
        link,
        error,
    };
    let status = if page.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(status, &page))
}

pub async fn show(
    State(state): State<WebState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    show_page(&state, &viewer, &headers, &id, None).await
}

#[derive(Template)]
#[template(path = "credentials/certificate.html")]
struct CertificatePage<'a> {
    c: &'a PageCtx,
    verdict: Verdict,
    s: Shown,
    link: String,
    /// The QR code of `link`, as SVG.
    qr: String,
}

/// The certificate to print (A4) or show: what was achieved, by whom, from whom, and a QR code
/// of the public page that verifies it. Public, like the credential's page.
pub async fn certificate(
    State(state): State<WebState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let c = &viewer.page;
    let (_, doc, check, link) = checked(&state, c, &headers, &id).await?;
    let qr = qr_svg(&link).map_err(|e| c.error(AppError::Unexpected(e)))?;
    let page = CertificatePage { c, verdict: verdict(c, &check, false), s: shown(c, &doc), link, qr };
    Ok(html(StatusCode::OK, &page))
}

/// A QR code of `text` as inline SVG (the XML declaration left out, for embedding).
fn qr_svg(text: &str) -> Result<String, String> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| format!("QR code: {e}"))?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).quiet_zone(true).build();
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_owned(),
        None => svg,
    })
}

/// The credential exactly as issued, to keep in a wallet or send on.
pub async fn download(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let row = uc::get(&state.app, &id).await.map_err(|e| viewer.page.error(e))?;
    Ok(crate::http::response::attachment(
        &format!("credential-{}.json", row.id),
        "application/json",
        row.document.into_bytes(),
    ))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    reason: String,
}

pub async fn revoke(
    State(state): State<WebState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let f: RevokeForm = form(&body);
    match uc::revoke(&state.app, &ctx, &id, &f.reason).await {
        Ok(()) => Ok(Redirect::to(&crate::http::format::done(&format!("/credentials/{id}"), "credential-revoked"))
            .into_response()),
        Err(AppError::Invalid(e)) => {
            let message = viewer.page.first_error_message(&e);
            show_page(&state, &viewer, &headers, &id, message).await
        }
        Err(AppError::Refused(code)) => show_page(&state, &viewer, &headers, &id, Some(viewer.page.t(code))).await,
        Err(e) => Err(viewer.page.error(e)),
    }
}

pub struct CredentialLine {
    id: String,
    title: String,
    holder: String,
    issued: String,
    revoked: bool,
}

#[derive(Template)]
#[template(path = "credentials/list.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    rows: Vec<CredentialLine>,
}

pub async fn list(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let rows = uc::list(&state.app, &ctx)
        .await
        .map_err(|e| c.error(e))?
        .into_iter()
        .map(|r| CredentialLine {
            issued: c.datetime(&r.issued_at),
            id: r.id,
            title: r.title,
            holder: r.holder_name,
            revoked: r.revoked_at.is_some(),
        })
        .collect();
    Ok(html(StatusCode::OK, &ListPage { c, rows }))
}

#[derive(Template)]
#[template(path = "credentials/verify.html")]
struct VerifyPage<'a> {
    c: &'a PageCtx,
    pasted: String,
    verdict: Option<Verdict>,
    s: Option<Shown>,
    error: Option<String>,
}

pub async fn verify_form(viewer: Viewer) -> Response {
    let viewer = viewer.with_section("microdegrees");
    let page = VerifyPage { c: &viewer.page, pasted: String::new(), verdict: None, s: None, error: None };
    html(StatusCode::OK, &page)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct VerifyForm {
    credential: String,
}

/// What was sent to be verified: the pasted text, or the file chosen instead (a file wins).
async fn sent_credential(state: &WebState, req: axum::extract::Request) -> Result<String, String> {
    use axum::extract::FromRequest;
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let body = axum::body::Bytes::from_request(req, state).await.map_err(|e| e.body_text())?;
        let f: VerifyForm = form(&body);
        return Ok(f.credential);
    }
    let mut parts = axum::extract::Multipart::from_request(req, state).await.map_err(|e| e.body_text())?;
    let (mut pasted, mut file) = (String::new(), String::new());
    while let Some(field) = parts.next_field().await.map_err(|e| e.body_text())? {
        match field.name() {
            Some("credential") => pasted = field.text().await.map_err(|e| e.body_text())?,
            Some("file") => {
                let bytes = field.bytes().await.map_err(|e| e.body_text())?;
                file = String::from_utf8_lossy(&bytes).into_owned();
            }
            _ => {}
        }
    }
    Ok(if file.trim().is_empty() { pasted } else { file })
}

pub async fn verify_posted(
    State(state): State<WebState>,
    viewer: Viewer,
    req: axum::extract::Request,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("microdegrees");
    let c = &viewer.page;
    let f = match sent_credential(&state, req).await {
        Ok(credential) => VerifyForm { credential },
        Err(_) => {
            let error = Some(c.t("cred-not-json"));
            let page = VerifyPage { c, pasted: String::new(), verdict: None, s: None, error };
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let parsed = serde_json::from_str::<Value>(f.credential.trim());
    let (verdict, s, error) = match parsed {
        Ok(doc @ Value::Object(_)) => {
            let check = uc::check(&state.app, &doc).await.map_err(|e| c.error(e))?;
            // What an invalid document claims is not shown as if it were certified.
            let facts = (!matches!(check, Check::Invalid { .. })).then(|| shown(c, &doc));
            (Some(verdict(c, &check, false)), facts, None)
        }
        _ if f.credential.trim().is_empty() => (None, None, Some(c.t("cred-paste-required"))),
        _ => (None, None, Some(c.t("cred-not-json"))),
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(status, &VerifyPage { c, pasted: f.credential, verdict, s, error }))
}

/// The published revocation list: a signed `BitstringStatusListCredential`.
pub async fn status_list(
    State(state): State<WebState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(list): Path<String>,
) -> Result<Response, PageError> {
    if list != uc::STATUS_LIST {
        return Err(viewer.page.error(AppError::NotFound));
    }
    let doc = uc::status_list(&state.app, &public_base(&state, &headers)).await.map_err(|e| viewer.page.error(e))?;
    Ok((
        [(header::CONTENT_TYPE, "application/vc+ld+json"), (header::CACHE_CONTROL, "public, max-age=300")],
        doc.to_string(),
    )
        .into_response())
}
