//! Signing in and out, sessions, passwords, personal API tokens and sign-in throttling.

use crate::{App, AppError, AppResult, Ctx, audit};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};
use tandem_domain::access::{Actor, Grant, Role};
use tandem_domain::org::OrgKind;
use tandem_domain::person::check_new_password;
use tandem_store::{auth as store, people};

/// Prefix that marks Tandem API tokens, so leaked ones are easy to recognise.
pub const TOKEN_PREFIX: &str = "tdm_";

pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

pub(crate) fn random_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a secret, hex encoded: what the database keeps instead of the secret.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes a password with argon2id off the async threads.
pub async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).map_err(|e| e.to_string())?;
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| AppError::Unexpected(e.to_string()))?
    .map_err(|e| AppError::Unexpected(e.to_string()))
}

async fn verify_password(hash: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A new browser session: the secret goes into the cookie, never into the database.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session_token: String,
    pub person_id: i64,
    pub locale: String,
}

/// The person behind a session or token, with what they may do and the language they read.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub actor: Actor,
    pub name: String,
    pub locale: String,
    /// Unread notifications (browser sessions only).
    pub unread: i64,
}

/// Signs a person in. `page_locale` is the language the sign-in page was read in: the person
/// goes on in it (and it becomes their account's language), so the language never changes
/// under them between the sign-in form and the page after it.
pub async fn sign_in(
    app: &App,
    email: &str,
    password: &str,
    client_addr: Option<&str>,
    page_locale: Option<&str>,
) -> AppResult<SignedIn> {
    let now = app.now();
    let email = email.trim().to_lowercase();
    let account_key = format!("account:{email}");
    let client_key = format!("client:{}", client_addr.unwrap_or("unknown"));
    let cfg = &app.config;
    for (key, limit) in [(&account_key, cfg.login_failures_per_account), (&client_key, cfg.login_failures_per_client)] {
        if let Some(retry) = app.throttle.blocked_for(key, limit, cfg.login_window_secs, now) {
            audit::record_event(app, None, "auth.sign_in_throttled", client_addr, Some(&email)).await;
            return Err(AppError::RateLimited { retry_after_secs: retry.max(1) });
        }
    }
    let found = if tandem_domain::validation::has_control_characters(&email) || email.len() > 254 {
        None
    } else {
        people::credentials_by_email(&app.db, &email).await?
    };
    let verified = match found {
        Some((id, Some(hash))) => verify_password(hash, password.to_owned()).await.then_some(id),
        _ => None,
    };
    let Some(person_id) = verified else {
        app.throttle.fail(account_key, now);
        app.throttle.fail(client_key, now);
        audit::record_event(app, None, "auth.sign_in_failed", client_addr, Some(&email)).await;
        return Err(AppError::BadCredentials);
    };
    app.throttle.clear(&account_key);
    let session_token = random_secret();
    store::insert_session(&app.db, &secret_hash(&session_token), person_id, now, now + cfg.session_ttl_secs).await?;
    audit::record_event(app, Some(person_id), "auth.signed_in", client_addr, None).await;
    let stored = people::get_person(&app.db, person_id).await?.map(|p| p.locale).unwrap_or_else(|| "zh-CN".into());
    let locale = match page_locale.filter(|l| LOCALES.contains(l)) {
        Some(page) if page != stored => {
            people::set_locale(&app.db, person_id, page).await?;
            page.to_owned()
        }
        _ => stored,
    };
    Ok(SignedIn { session_token, person_id, locale })
}

/// Deletes expired sessions; returns how many.
pub async fn purge_expired_sessions(app: &App) -> AppResult<u64> {
    Ok(store::purge_expired_sessions(&app.db, app.now()).await?)
}

pub async fn sign_out(app: &App, session_token: &str) -> AppResult<()> {
    store::delete_session(&app.db, &secret_hash(session_token)).await?;
    Ok(())
}

async fn actor_for(app: &App, person_id: i64) -> AppResult<Actor> {
    let grants = crate::access::grants_from(people::grants_of(&app.db, person_id).await?);
    Ok(Actor { person_id, grants })
}

fn resolved_from(rows: &[store::IdentityRow]) -> Option<Resolved> {
    let first = rows.first()?;
    let grants = rows
        .iter()
        .filter_map(|r| {
            Some(Grant {
                org_id: r.org_id?,
                org_kind: OrgKind::from_code(r.org_kind.as_deref()?)?,
                role: Role::from_code(r.role.as_deref()?)?,
            })
        })
        .collect();
    Some(Resolved {
        actor: Actor { person_id: first.person_id, grants },
        name: first.name.clone(),
        locale: first.locale.clone(),
        unread: first.unread,
    })
}

/// The person of a live browser session.
pub async fn resolve_session(app: &App, session_token: &str) -> AppResult<Option<Resolved>> {
    let rows = store::session_identity(&app.db, &secret_hash(session_token), app.now()).await?;
    Ok(resolved_from(&rows))
}

/// The person of a live API token.
pub async fn resolve_token(app: &App, token: &str) -> AppResult<Option<Resolved>> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let rows = store::token_identity(&app.db, &secret_hash(token)).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let now = app.now();
    if let Some(token_id) = first.token_id
        && first.last_used_at.is_none_or(|t| t < now - 60)
    {
        store::touch_token(&app.db, token_id, now).await?;
    }
    Ok(resolved_from(&rows))
}

/// Changes the caller's password after checking the current one; ends their other sessions.
pub async fn change_password(
    app: &App,
    ctx: &Ctx,
    current: &str,
    new: &str,
    keep_session: Option<&str>,
) -> AppResult<()> {
    let person_id = ctx.actor.person_id;
    let hash = people::password_hash(&app.db, person_id).await?;
    let ok = match hash {
        Some(h) => verify_password(h, current.to_owned()).await,
        None => false,
    };
    if !ok {
        return Err(AppError::invalid("current_password", "password.wrong"));
    }
    if let Err(code) = check_new_password(new) {
        return Err(AppError::invalid("new_password", code));
    }
    let new_hash = hash_password(new.to_owned()).await?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    people::set_password_hash(&mut tx, person_id, &new_hash, now).await?;
    let keep = keep_session.map(secret_hash);
    store::delete_other_sessions(&mut tx, person_id, keep.as_deref()).await?;
    audit::record_change(&mut tx, app, ctx, "person.password_changed", "person", person_id, None, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a password without knowing the old one (the CLI); ends sessions and revokes tokens.
pub async fn reset_password(app: &App, person_id: i64, new: &str, actor_id: Option<i64>) -> AppResult<()> {
    if let Err(code) = check_new_password(new) {
        return Err(AppError::invalid("new_password", code));
    }
    let new_hash = hash_password(new.to_owned()).await?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    if people::get_person_tx(&mut tx, person_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    people::set_password_hash(&mut tx, person_id, &new_hash, now).await?;
    // A reset is account recovery: whoever held the old credentials loses sessions and tokens.
    store::delete_other_sessions(&mut tx, person_id, None).await?;
    store::revoke_all_tokens(&mut tx, person_id, now).await?;
    let event = tandem_store::audit::AuditWrite {
        at: now,
        actor_id,
        action: "person.password_reset".into(),
        subject_type: Some("person".into()),
        subject_id: Some(person_id),
        ..Default::default()
    };
    tandem_store::audit::record_tx(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_locale(app: &App, ctx: &Ctx, locale: &str) -> AppResult<()> {
    if !LOCALES.contains(&locale) {
        return Err(AppError::invalid("locale", "locale.unknown"));
    }
    people::set_locale(&app.db, ctx.actor.person_id, locale).await?;
    Ok(())
}

/// A token just created: the secret is shown once and then only its hash remains.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub id: i64,
    pub secret: String,
}

pub async fn create_token(app: &App, ctx: &Ctx, name: &str) -> AppResult<NewToken> {
    let mut errors = tandem_domain::validation::FieldErrors::new();
    let name = tandem_domain::validation::required_text(&mut errors, "name", name, 60);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let secret = format!("{TOKEN_PREFIX}{}", random_secret());
    let mut tx = app.db.begin_write().await?;
    let id = store::insert_token(&mut tx, ctx.actor.person_id, &name, &secret_hash(&secret), app.now()).await?;
    let after = serde_json::json!({ "token_id": id, "name": name });
    audit::record_change(&mut tx, app, ctx, "token.created", "person", ctx.actor.person_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(NewToken { id, secret })
}

/// The caller's own record and API tokens, for their profile page.
pub async fn own_profile(app: &App, ctx: &Ctx) -> AppResult<(tandem_store::people::PersonRow, Vec<store::TokenRow>)> {
    let me = tandem_store::people::get_person(&app.db, ctx.actor.person_id).await?.ok_or(AppError::NotFound)?;
    Ok((me, tokens(app, ctx).await?))
}

pub async fn tokens(app: &App, ctx: &Ctx) -> AppResult<Vec<store::TokenRow>> {
    Ok(store::tokens_of(&app.db, ctx.actor.person_id).await?)
}

pub async fn revoke_token(app: &App, ctx: &Ctx, token_id: i64) -> AppResult<()> {
    let mut tx = app.db.begin_write().await?;
    if !store::revoke_token(&mut tx, ctx.actor.person_id, token_id, app.now()).await? {
        return Err(AppError::NotFound);
    }
    let after = serde_json::json!({ "token_id": token_id });
    audit::record_change(&mut tx, app, ctx, "token.revoked", "person", ctx.actor.person_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates a token for the person with `email` (the CLI's `token create`).
pub async fn create_token_for_email(app: &App, email: &str, name: &str) -> AppResult<NewToken> {
    let person = people::person_by_email(&app.db, &email.trim().to_lowercase()).await?.ok_or(AppError::NotFound)?;
    let ctx = Ctx { actor: actor_for(app, person.id).await?, client_addr: Some("cli".into()) };
    create_token(app, &ctx, name).await
}

/// The person id for an email, if someone has it.
pub async fn person_id_by_email(app: &App, email: &str) -> AppResult<Option<i64>> {
    Ok(people::person_by_email(&app.db, &email.trim().to_lowercase()).await?.map(|p| p.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::throttle::LoginThrottle;

    #[test]
    fn throttle_blocks_after_the_limit_and_forgets_after_the_window() {
        let t = LoginThrottle::default();
        for i in 0..3 {
            t.fail("k".into(), 100 + i);
        }
        assert_eq!(t.blocked_for("k", 3, 60, 110), Some(50));
        assert_eq!(t.blocked_for("k", 4, 60, 110), None);
        assert_eq!(t.blocked_for("k", 3, 60, 161), None);
        t.clear("k");
        assert_eq!(t.blocked_for("k", 1, 60, 110), None);
    }

    #[test]
    fn secrets_are_hashed_consistently() {
        assert_eq!(secret_hash("a"), secret_hash("a"));
        assert_ne!(secret_hash("a"), secret_hash("b"));
        assert_eq!(random_secret().len(), 64);
    }
}
