//! The credential layer: Open Badges 3.0 credentials signed with the university's key,
//! one per completion, revocable through a published Bitstring Status List, and verifiable by
//! anyone. Micro-degree completions use it now; equipment authorisations and completed
//! enterprise training are meant to become further `source_kind`s of the same table.

use crate::audit::record_change;
use crate::talent::microdegrees::progress_of;
use crate::{App, AppError, AppResult, Ctx};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tandem_credentials::status_list::MIN_STATUS_LIST_BITS;
use tandem_credentials::{
    Achievement, AchievementCredential, Credits, EuMicroCredential, FailureCode, Issuer, StatusEntry, StatusList,
    Verification, VerifiedCredential,
};
use tandem_domain::access::Action;
use tandem_domain::notifications::Notice;
use tandem_domain::org::OrgKind;
use tandem_domain::talent::microdegree::{Progress, format_credits};
use tandem_domain::validation::{FieldErrors, required_text};
use tandem_store::credentials::{self as store, CredentialWrite};
use tandem_store::talent::microdegrees as degrees;
use tandem_store::{StoreError, Tx};

pub use tandem_credentials::IssuerKey;
pub use tandem_store::credentials::CredentialRow as Credential;

/// `source_kind` of a micro-degree completion (the source id is the enrolment).
pub const MICRO_DEGREE: &str = "micro_degree";

/// The one status list Tandem publishes; a second would start when this one's 131,072
/// positions are used up.
pub const STATUS_LIST: &str = "1";

/// The published status list's address under `base`.
pub fn status_list_url(base: &str) -> String {
    format!("{}/credentials/status/{STATUS_LIST}", base.trim_end_matches('/'))
}

fn new_id() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn at(epoch: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(epoch, 0).unwrap_or_default()
}

/// The issuing university as the credential names it.
async fn issuer(app: &App, base: &str) -> AppResult<Issuer> {
    let university = tandem_store::org::refs_of_kinds(&app.db, &[OrgKind::University.code()]).await?;
    let name = university.first().map(|u| u.name.clone()).unwrap_or_else(|| "Tandem".to_owned());
    Ok(issuer_named(app, name, base))
}

pub(crate) fn issuer_named(app: &App, name: String, base: &str) -> Issuer {
    Issuer {
        did: app.issuer.did(),
        name,
        url: base.trim_end_matches('/').to_owned(),
        country_name: "中国".to_owned(),
        country_code: "CN".to_owned(),
    }
}

/// How the credential words each assessment type: in English, for readers anywhere.
const ASSESSMENT_TEXT: [(&str, &str); 5] = [
    ("exam", "Written examination"),
    ("project", "Project assessment"),
    ("practical", "Practical assessment"),
    ("portfolio", "Portfolio assessment"),
    ("mixed", "Mixed assessment"),
];

/// How the credential words each form of participation.
const PARTICIPATION_TEXT: [(&str, &str); 3] = [("online", "Online"), ("on_site", "On site"), ("blended", "Blended")];

fn text_of(table: &[(&'static str, &'static str)], code: &str) -> &'static str {
    table.iter().find(|(c, _)| *c == code).map(|(_, t)| *t).unwrap_or("")
}

fn assessment_text(code: &str) -> &'static str {
    text_of(&ASSESSMENT_TEXT, code)
}

fn participation_text(code: &str) -> &'static str {
    text_of(&PARTICIPATION_TEXT, code)
}

/// The code behind a credential's assessment wording, so a page can show it in the reader's
/// language (`None` for wording from another issuer).
pub fn assessment_code(text: &str) -> Option<&'static str> {
    ASSESSMENT_TEXT.iter().find(|(_, t)| *t == text).map(|(c, _)| *c)
}

/// The code behind a credential's participation wording.
pub fn participation_code(text: &str) -> Option<&'static str> {
    PARTICIPATION_TEXT.iter().find(|(_, t)| *t == text).map(|(c, _)| *c)
}

/// Issues the credential of a completed micro-degree enrolment, once. Refused for an
/// incomplete enrolment (`credential.incomplete`) and a second time (`credential.already_issued`,
/// also enforced by a unique index). Returns the credential's id.
pub async fn issue_for_micro_degree(
    app: &App,
    ctx: &Ctx,
    degree_id: i64,
    enrolment_id: i64,
    base: &str,
) -> AppResult<String> {
    let degree = degrees::get(&app.db, degree_id).await?.ok_or(AppError::NotFound)?;
    app.authorize(ctx, Action::ManageMicroDegree { org_id: degree.org_id }).await?;
    let issuer = issuer(app, base).await?;
    let mut tx = app.db.begin_write().await?;
    let id = issue_in(&mut tx, app, issuer, ctx.actor.person_id, degree_id, enrolment_id, base).await?;
    let after = json!({"credential_id": id, "enrolment_id": enrolment_id});
    record_change(&mut tx, app, ctx, "credential.issued", "micro_degree", degree_id, None, Some(after)).await?;
    let holder = degrees::enrolment_tx(&mut tx, enrolment_id).await?.map(|e| e.student_id);
    let notice = Notice::CredentialIssued { credential_id: id.clone(), achievement: degree.title.clone() };
    let told = match holder {
        // A credential's page is public: its id is the secret the holder shares.
        Some(holder) => crate::notifications::notify_public(&mut tx, app, holder, &notice).await?,
        None => false,
    };
    tx.commit().await?;
    if told {
        app.wake_outbox();
    }
    Ok(id)
}

/// The issuing itself, inside the caller's transaction (the demo issues many in one).
pub(crate) async fn issue_in(
    tx: &mut Tx,
    app: &App,
    issuer: Issuer,
    by: i64,
    degree_id: i64,
    enrolment_id: i64,
    base: &str,
) -> AppResult<String> {
    let degree = degrees::lock(tx, degree_id).await?.ok_or(AppError::NotFound)?;
    let enrolment = degrees::enrolment_tx(tx, enrolment_id).await?;
    let Some(enrolment) = enrolment.filter(|e| e.micro_degree_id == degree_id) else {
        return Err(AppError::NotFound);
    };
    if store::by_source(tx, MICRO_DEGREE, enrolment_id).await?.is_some() {
        return Err(AppError::Refused("credential.already_issued"));
    }
    if enrolment.withdrawn_at.is_some() {
        return Err(AppError::Refused("microdegree.not_enrolled"));
    }
    let modules = degrees::modules_tx(tx, degree_id).await?;
    let results = degrees::results_tx(tx, enrolment_id).await?;
    let Progress::Complete { credit_tenths } = progress_of(&degree, &modules, &results) else {
        return Err(AppError::Refused("credential.incomplete"));
    };
    let index = store::next_status_index(tx).await?;
    if index >= i64::try_from(MIN_STATUS_LIST_BITS).unwrap_or(i64::MAX) {
        return Err(AppError::Refused("credential.status_list_full"));
    }
    let id = new_id();
    let base = base.trim_end_matches('/');
    let module_list: Vec<String> = modules
        .iter()
        .map(|m| {
            let mark = if m.mandatory != 0 { " *" } else { "" };
            format!("{} ({} credits){mark}", m.title, format_credits(m.credit_tenths))
        })
        .collect();
    let tenths = |t: i64| Credits::from_tenths(u32::try_from(t).unwrap_or(0));
    let award = AchievementCredential {
        id: format!("urn:uuid:{id}"),
        issuer,
        subject_id: format!("urn:tandem:person:{}", enrolment.student_id),
        learner_name: enrolment.student_name.clone(),
        awarded: at(app.now()),
        valid_until: None,
        achievement: Achievement {
            id: format!("{base}/micro-degrees/{degree_id}"),
            achievement_type: "MicroCredential".to_owned(),
            name: degree.title.clone(),
            description: degree.description.clone(),
            criteria_narrative: format!(
                "Pass every mandatory module (*) and earn at least {} credits from: {}.",
                format_credits(degree.required_credit_tenths),
                module_list.join("; ")
            ),
            credits_available: Some(tenths(degree.required_credit_tenths)),
            learning_outcomes: degree.learning_outcomes.lines().map(str::to_owned).collect(),
            in_language: "zh-CN".to_owned(),
            eu: Some(EuMicroCredential {
                workload_hours: u32::try_from(degree.workload_hours).unwrap_or(0),
                level: degree.level.clone(),
                assessment_type: assessment_text(&degree.assessment_type).to_owned(),
                participation_form: participation_text(&degree.participation).to_owned(),
                quality_assurance: degree.quality_assurance.clone(),
            }),
        },
        credits_earned: Some(tenths(credit_tenths)),
        status: Some(StatusEntry { list_url: status_list_url(base), index: u64::try_from(index).unwrap_or(0) }),
    };
    let signed = award.issue(&app.issuer, at(app.now())).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let document = serde_json::to_string(&signed).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let write = CredentialWrite {
        id: &id,
        source_kind: MICRO_DEGREE,
        source_id: enrolment_id,
        holder_id: enrolment.student_id,
        title: &degree.title,
        status_index: index,
        document: &document,
    };
    store::insert(tx, &write, by, app.now()).await.map_err(|e| match e {
        // Only the one-per-completion key means "already issued"; anything else is unexpected.
        StoreError::Duplicate(what) if what.contains("source") => AppError::Refused("credential.already_issued"),
        other => other.into(),
    })?;
    Ok(id)
}

/// A credential by id. Public: the id is unguessable and its holder shares it to be checked.
pub async fn get(app: &App, id: &str) -> AppResult<Credential> {
    if id.len() > 64 {
        return Err(AppError::NotFound);
    }
    store::get(&app.db, id).await?.ok_or(AppError::NotFound)
}

/// Credentials the caller may list: staff every one, everyone else their own.
pub async fn list(app: &App, ctx: &Ctx) -> AppResult<Vec<Credential>> {
    let holder = if ctx.actor.may(Action::ManageCredentials) { None } else { Some(ctx.actor.person_id) };
    Ok(store::list(&app.db, holder).await?)
}

/// Staff revoke a credential with a reason; the status list shows it from then on.
pub async fn revoke(app: &App, ctx: &Ctx, id: &str, reason: &str) -> AppResult<()> {
    app.authorize(ctx, Action::ManageCredentials).await?;
    let mut errors = FieldErrors::new();
    let reason = required_text(&mut errors, "reason", reason, 500);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let credential = get(app, id).await?;
    let mut tx = app.db.begin_write().await?;
    if !store::revoke(&mut tx, id, &reason, ctx.actor.person_id, app.now()).await? {
        return Err(AppError::Refused("credential.already_revoked"));
    }
    let after = json!({"credential_id": id, "reason": reason});
    record_change(&mut tx, app, ctx, "credential.revoked", "person", credential.holder_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// What a check of a credential found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The signature holds and, for ours, the credential is not revoked.
    Valid { verified: Box<VerifiedCredential>, ours: bool },
    /// Ours, correctly signed, but revoked.
    Revoked { verified: Box<VerifiedCredential>, at: i64, reason: Option<String> },
    /// Refused: tampered, wrong key, malformed, expired…
    Invalid { code: FailureCode, message: String },
}

impl Check {
    /// The machine code of the outcome: `valid`, `revoked`, or the failure's code.
    pub fn code(&self) -> &'static str {
        match self {
            Check::Valid { .. } => "valid",
            Check::Revoked { .. } => "revoked",
            Check::Invalid { code, .. } => code.as_str(),
        }
    }
}

/// Checks a credential offline: its signature and issuer binding (the credentials crate), then,
/// when Tandem issued it, whether it has been revoked. Another issuer's status list is not
/// fetched (nothing is downloaded at run time), so `ours` tells the reader what was checked.
pub async fn check(app: &App, document: &Value) -> AppResult<Check> {
    // Canonicalising is CPU work on input anyone may send: keep it off the async threads.
    let (doc, now) = (document.clone(), at(app.now()));
    let outcome = tokio::task::spawn_blocking(move || tandem_credentials::verify(&doc, now))
        .await
        .map_err(|e| AppError::Unexpected(e.to_string()))?;
    let verified = match outcome {
        Verification::Valid(v) => v,
        Verification::Invalid(f) => return Ok(Check::Invalid { code: f.code, message: f.message }),
    };
    // Ours is what we stored under this id, signed by the same DID: looked up whatever key the
    // app holds now, so a replaced key never turns a revoked credential valid again.
    let id = verified.credential_id.as_deref().and_then(|u| u.strip_prefix("urn:uuid:")).unwrap_or_default();
    let index = verified.status.as_ref().map(|s| i64::try_from(s.index).unwrap_or(-1));
    let row = if id.is_empty() || id.len() > 64 { None } else { store::get(&app.db, id).await? };
    let row =
        row.filter(|r| Some(r.status_index) == index && issuer_of(&r.document) == Some(verified.issuer_did.clone()));
    match row {
        Some(row) => match row.revoked_at {
            Some(at) => Ok(Check::Revoked { verified: Box::new(verified), at, reason: row.revocation_reason }),
            None => Ok(Check::Valid { verified: Box::new(verified), ours: true }),
        },
        None => Ok(Check::Valid { verified: Box::new(verified), ours: false }),
    }
}

/// The issuer DID a stored document names.
fn issuer_of(document: &str) -> Option<String> {
    let doc: Value = serde_json::from_str(document).ok()?;
    match doc.get("issuer")? {
        Value::String(s) => Some(s.clone()),
        other => other.get("id")?.as_str().map(str::to_owned),
    }
}

/// The signed status list credential, built from the revoked positions at the time of asking.
pub async fn status_list(app: &App, base: &str) -> AppResult<Value> {
    let mut list = StatusList::new(MIN_STATUS_LIST_BITS);
    for index in store::revoked_indices(&app.db).await? {
        list.set(u64::try_from(index).unwrap_or(0), true).map_err(|e| AppError::Unexpected(e.to_string()))?;
    }
    let now = at(app.now());
    list.to_credential(&status_list_url(base), &app.issuer, now, now).map_err(|e| AppError::Unexpected(e.to_string()))
}

/// How many issued credentials were signed with another key than the one the app holds (a
/// replaced or lost key file): they still verify and can still be revoked, but the operator
/// should know their key is gone.
pub async fn signed_by_other_keys(app: &App) -> AppResult<i64> {
    Ok(store::signed_by_others(&app.db, &app.issuer.did()).await?)
}
