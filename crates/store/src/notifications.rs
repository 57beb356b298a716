//! Notifications: the inbox, the e-mail outbox and the e-mail opt-outs.

use crate::{Db, Page, StoreResult, Tx, with_db, with_tx};
use tandem_domain::id::NotificationId;

/// A notice to write, inside the transaction of the change it tells of.
#[derive(Debug, Clone)]
pub struct NotificationWrite {
    pub person_id: Option<i64>,
    /// Where the e-mail goes; `None` keeps the notice in the app only.
    pub email_to: Option<String>,
    pub locale: String,
    pub kind: &'static str,
    pub notice_json: String,
    pub link: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: NotificationId,
    pub kind: String,
    pub notice_json: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// An e-mail the worker has claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutgoingEmail {
    pub id: NotificationId,
    pub email_to: String,
    pub locale: String,
    pub notice_json: String,
    pub email_attempts: i64,
}

pub async fn insert(tx: &mut Tx, n: &NotificationWrite) -> StoreResult<NotificationId> {
    let state = if n.email_to.is_some() { "pending" } else { "none" };
    let due = n.email_to.as_ref().map(|_| n.created_at);
    Ok(with_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO notifications (person_id, email_to, locale, kind, notice_json, link, created_at, email_state, email_due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(n.person_id).bind(&n.email_to).bind(&n.locale).bind(n.kind).bind(&n.notice_json).bind(&n.link)
        .bind(n.created_at).bind(state).bind(due).fetch_one(c).await)?)
}

/// A person's notices, newest first, with the total.
pub async fn inbox(db: &Db, person_id: i64, page: Page) -> StoreResult<(Vec<NotificationRow>, i64)> {
    let rows = with_db!(db, p => sqlx::query_as(
        "SELECT id, kind, notice_json, link, created_at, read_at FROM notifications \
         WHERE person_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3")
        .bind(person_id).bind(i64::from(page.per_page)).bind(page.offset()).fetch_all(p).await)?;
    let total = with_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE person_id = $1")
        .bind(person_id).fetch_one(p).await)?;
    Ok((rows, total))
}

pub async fn unread_count(db: &Db, person_id: i64) -> StoreResult<i64> {
    Ok(with_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND read_at IS NULL")
        .bind(person_id).fetch_one(p).await)?)
}

/// Marks one of the person's notices read; `false` when the person has no such notice.
pub async fn mark_read(tx: &mut Tx, person_id: i64, id: NotificationId, now: i64) -> StoreResult<bool> {
    let found: Option<i64> = with_tx!(tx, c => sqlx::query_scalar(
        "SELECT id FROM notifications WHERE id = $1 AND person_id = $2")
        .bind(id).bind(person_id).fetch_optional(c).await)?;
    if found.is_none() {
        return Ok(false);
    }
    with_tx!(tx, c => sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL")
        .bind(now).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(true)
}

/// Where one of the person's notices points; `None` if they have no such notice.
pub async fn link_of_tx(tx: &mut Tx, person_id: i64, id: NotificationId) -> StoreResult<Option<String>> {
    Ok(with_tx!(tx, c => sqlx::query_scalar("SELECT link FROM notifications WHERE id = $1 AND person_id = $2")
        .bind(id).bind(person_id).fetch_optional(c).await)?)
}

pub async fn mark_all_read(tx: &mut Tx, person_id: i64, now: i64) -> StoreResult<u64> {
    Ok(with_tx!(tx, c => sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL")
        .bind(now).bind(person_id).execute(c).await.map(|r| r.rows_affected()))?)
}

/// The kinds the person does not want by e-mail.
pub async fn email_opt_outs(db: &Db, person_id: i64) -> StoreResult<Vec<String>> {
    Ok(with_db!(db, p => sqlx::query_scalar(
        "SELECT kind FROM notification_email_opt_outs WHERE person_id = $1 ORDER BY kind")
        .bind(person_id).fetch_all(p).await)?)
}

pub async fn opted_out_tx(tx: &mut Tx, person_id: i64, kind: &str) -> StoreResult<bool> {
    let found: Option<i64> = with_tx!(tx, c => sqlx::query_scalar(
        "SELECT person_id FROM notification_email_opt_outs WHERE person_id = $1 AND kind = $2")
        .bind(person_id).bind(kind).fetch_optional(c).await)?;
    Ok(found.is_some())
}

/// Replaces the person's opt-outs with `kinds`.
pub async fn set_email_opt_outs(tx: &mut Tx, person_id: i64, kinds: &[&str]) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("DELETE FROM notification_email_opt_outs WHERE person_id = $1")
        .bind(person_id).execute(c).await.map(|r| r.rows_affected()))?;
    for kind in kinds {
        with_tx!(tx, c => sqlx::query("INSERT INTO notification_email_opt_outs (person_id, kind) VALUES ($1, $2)")
            .bind(person_id).bind(*kind).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Claims up to `limit` e-mails that are due: their due time moves to `lease_until`, so
/// another worker (or this one after a restart) takes them again only if this one never reports
/// back. Two workers never claim the same e-mail: on PostgreSQL the second update waits for the
/// first's row locks and then finds the rows no longer due; SQLite has one writer at a time.
pub async fn claim_due_emails(db: &Db, now: i64, lease_until: i64, limit: i64) -> StoreResult<Vec<OutgoingEmail>> {
    let mut tx = db.begin_write().await?;
    let claimed = with_tx!(&mut tx, c => sqlx::query_as(
        "UPDATE notifications SET email_due_at = $1 \
         WHERE email_state = 'pending' AND email_due_at <= $2 AND id IN ( \
           SELECT id FROM notifications WHERE email_state = 'pending' AND email_due_at <= $2 \
           ORDER BY email_due_at, id LIMIT $3) \
         RETURNING id, email_to, locale, notice_json, email_attempts")
        .bind(lease_until).bind(now).bind(limit).fetch_all(c).await)?;
    tx.commit().await?;
    Ok(claimed)
}

/// Records e-mails as sent. An address-only notice (a survey link) forgets its link and
/// content once sent: it lives on in the recipient's mailbox, not here.
pub async fn mark_sent(db: &Db, ids: &[NotificationId], now: i64) -> StoreResult<()> {
    let mut tx = db.begin_write().await?;
    for id in ids {
        with_tx!(&mut tx, c => sqlx::query(
            "UPDATE notifications SET email_state = 'sent', email_sent_at = $1, email_due_at = NULL, email_error = NULL, \
             email_attempts = email_attempts + 1, \
             notice_json = CASE WHEN person_id IS NULL THEN '{}' ELSE notice_json END, \
             link = CASE WHEN person_id IS NULL THEN '' ELSE link END WHERE id = $2")
            .bind(now).bind(*id).execute(c).await.map(|r| r.rows_affected()))?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records a failed attempt: try again at `retry_at`, or give up (`None`).
pub async fn mark_attempt_failed(db: &Db, id: NotificationId, retry_at: Option<i64>, error: &str) -> StoreResult<()> {
    let state = if retry_at.is_some() { "pending" } else { "failed" };
    with_db!(db, p => sqlx::query(
        "UPDATE notifications SET email_state = $1, email_due_at = $2, email_error = $3, email_attempts = email_attempts + 1 \
         WHERE id = $4")
        .bind(state).bind(retry_at).bind(error).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// How many e-mails are in each state, for the worker's health and the tests.
pub async fn outbox_counts(db: &Db) -> StoreResult<Vec<(String, i64)>> {
    Ok(with_db!(db, p => sqlx::query_as(
        "SELECT email_state, COUNT(*) FROM notifications GROUP BY email_state ORDER BY email_state")
        .fetch_all(p).await)?)
}

/// Everyone at an organisation with one of `roles`, with their address and language: the people
/// a notice about that organisation's work goes to.
/// Everyone holding `role` in any organisation, once each.
pub async fn people_with_role_tx(tx: &mut Tx, role: &str) -> StoreResult<Vec<Recipient>> {
    Ok(with_tx!(tx, c => sqlx::query_as(
        "SELECT p.id, p.email, p.locale FROM people p WHERE p.id IN (SELECT person_id FROM memberships WHERE role = $1) \
         ORDER BY p.id")
        .bind(role).fetch_all(c).await)?)
}

pub async fn members_with_role_tx(tx: &mut Tx, org_id: i64, roles: &[&str]) -> StoreResult<Vec<Recipient>> {
    let mut out = Vec::new();
    for role in roles {
        let rows: Vec<Recipient> = with_tx!(tx, c => sqlx::query_as(
            "SELECT p.id, p.email, p.locale FROM memberships m JOIN people p ON p.id = m.person_id \
             WHERE m.org_id = $1 AND m.role = $2 ORDER BY p.id")
            .bind(org_id).bind(*role).fetch_all(c).await)?;
        out.extend(rows);
    }
    Ok(out)
}

pub async fn recipient_tx(tx: &mut Tx, person_id: i64) -> StoreResult<Option<Recipient>> {
    Ok(with_tx!(tx, c => sqlx::query_as("SELECT id, email, locale FROM people WHERE id = $1")
        .bind(person_id).fetch_optional(c).await)?)
}

/// A person a notice goes to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Recipient {
    pub id: i64,
    pub email: String,
    pub locale: String,
}
