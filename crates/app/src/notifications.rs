//! Notifications, one model for the whole platform. A use case that changes something a person
//! should hear about calls `notify` inside its own write transaction: the notice lands with the
//! change or not at all. The person reads it in the inbox; if an SMTP server is configured and
//! they have not opted out of the kind, the outbox worker (`outbox`) also sends it by e-mail.

pub mod outbox;

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::{Action, Actor, Role};
use tandem_domain::id::NotificationId;
use tandem_domain::notifications::Notice;
use tandem_store::notifications::{self as store, NotificationWrite, Recipient};
use tandem_store::{Page, Tx};

/// A notice in a person's inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxItem {
    pub id: NotificationId,
    pub notice: Notice,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// One page of the inbox, newest first.
#[derive(Debug, Clone, Default)]
pub struct Inbox {
    pub items: Vec<InboxItem>,
    pub total: i64,
    pub unread: i64,
}

/// Tells `person_id` about `notice`, inside the caller's transaction, if the rule table lets
/// them open what it links to (`may`); a person who may not is simply not told. Returns whether
/// the notice was written.
pub(crate) async fn notify(tx: &mut Tx, app: &App, person_id: i64, notice: &Notice, may: Action) -> AppResult<bool> {
    let Some(recipient) = store::recipient_tx(tx, person_id).await? else {
        return Ok(false);
    };
    notify_recipient(tx, app, &recipient, notice, Some(may)).await
}

/// Tells `person_id` about something whose page anyone may open (a credential, by its id).
pub(crate) async fn notify_public(tx: &mut Tx, app: &App, person_id: i64, notice: &Notice) -> AppResult<bool> {
    let Some(recipient) = store::recipient_tx(tx, person_id).await? else {
        return Ok(false);
    };
    notify_recipient(tx, app, &recipient, notice, None).await
}

/// Tells everyone holding one of `roles` at `org_id` (an item's lab, say).
pub(crate) async fn notify_members(
    tx: &mut Tx,
    app: &App,
    org_id: i64,
    roles: &[Role],
    notice: &Notice,
    may: Action,
) -> AppResult<usize> {
    let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    let mut told = 0;
    for recipient in store::members_with_role_tx(tx, org_id, &codes).await? {
        if notify_recipient(tx, app, &recipient, notice, Some(may)).await? {
            told += 1;
        }
    }
    Ok(told)
}

/// Tells everyone holding `role` anywhere (the university's staff, say) who may do `may`.
pub(crate) async fn notify_role(tx: &mut Tx, app: &App, role: Role, notice: &Notice, may: Action) -> AppResult<usize> {
    let mut told = 0;
    for recipient in store::people_with_role_tx(tx, role.code()).await? {
        if notify_recipient(tx, app, &recipient, notice, Some(may)).await? {
            told += 1;
        }
    }
    Ok(told)
}

/// Sends `notice` to an address that has no account (a graduate's supervisor). Without an SMTP
/// server nothing is written: there is no inbox to put it in.
pub(crate) async fn notify_address(tx: &mut Tx, app: &App, email: &str, notice: &Notice) -> AppResult<bool> {
    if !app.config.email_enabled {
        return Ok(false);
    }
    write(tx, app, None, Some(email.to_owned()), "zh-CN", notice).await
}

async fn notify_recipient(
    tx: &mut Tx,
    app: &App,
    recipient: &Recipient,
    notice: &Notice,
    may: Option<Action>,
) -> AppResult<bool> {
    if let Some(action) = may
        && !actor_of_tx(tx, recipient.id).await?.may(action)
    {
        return Ok(false);
    }
    let by_email = app.config.email_enabled && !store::opted_out_tx(tx, recipient.id, notice.kind()).await?;
    let email_to = by_email.then(|| recipient.email.clone());
    write(tx, app, Some(recipient.id), email_to, &recipient.locale, notice).await
}

/// Writes the notice's row: in the inbox of `person_id` (if any), and due for e-mail to
/// `email_to` (if any), in `locale`.
async fn write(
    tx: &mut Tx,
    app: &App,
    person_id: Option<i64>,
    email_to: Option<String>,
    locale: &str,
    notice: &Notice,
) -> AppResult<bool> {
    let notice_json = serde_json::to_string(notice).map_err(|e| AppError::Unexpected(format!("notice: {e}")))?;
    let row = NotificationWrite {
        person_id,
        email_to,
        locale: locale.to_owned(),
        kind: notice.kind(),
        notice_json,
        link: notice.link(),
        created_at: app.now(),
    };
    store::insert(tx, &row).await?;
    Ok(true)
}

/// A person as the rule table sees them, read inside a transaction.
async fn actor_of_tx(tx: &mut Tx, person_id: i64) -> AppResult<Actor> {
    let grants = crate::access::grants_from(tandem_store::people::grants_of_tx(tx, person_id).await?);
    Ok(Actor { person_id, grants })
}

/// The caller's inbox. Everyone signed in has one; it holds only their own notices.
pub async fn inbox(app: &App, ctx: &Ctx, page: Page) -> AppResult<Inbox> {
    let me = ctx.actor.person_id;
    let (rows, total) = store::inbox(&app.db, me, page).await?;
    let unread = store::unread_count(&app.db, me).await?;
    let items = rows
        .into_iter()
        .filter_map(|r| match serde_json::from_str::<Notice>(&r.notice_json) {
            Ok(notice) => {
                Some(InboxItem { id: r.id, notice, link: r.link, created_at: r.created_at, read_at: r.read_at })
            }
            Err(e) => {
                // Written by this code, so this is a bug; the rest of the inbox still shows.
                tracing::error!(notification.id = %r.id, error = %e, "unreadable notice");
                None
            }
        })
        .collect();
    Ok(Inbox { items, total, unread })
}

/// The inbox page: a page of notices and the e-mail choices.
#[derive(Debug, Clone, Default)]
pub struct InboxPage {
    pub inbox: Inbox,
    pub email: Vec<(&'static str, bool)>,
}

pub async fn inbox_page(app: &App, ctx: &Ctx, page: Page) -> AppResult<InboxPage> {
    Ok(InboxPage { inbox: inbox(app, ctx, page).await?, email: email_preferences(app, ctx).await? })
}

/// Opens one of the caller's notices: marks it read and returns where it points.
pub async fn open(app: &App, ctx: &Ctx, id: NotificationId) -> AppResult<String> {
    let mut tx = app.db.begin_write().await?;
    let Some(link) = store::link_of_tx(&mut tx, ctx.actor.person_id, id).await? else {
        return Err(AppError::NotFound);
    };
    store::mark_read(&mut tx, ctx.actor.person_id, id, app.now()).await?;
    tx.commit().await?;
    Ok(link)
}

pub async fn unread(app: &App, ctx: &Ctx) -> AppResult<i64> {
    Ok(store::unread_count(&app.db, ctx.actor.person_id).await?)
}

/// Marks one of the caller's notices read. Another person's notice answers exactly like a
/// missing one.
pub async fn mark_read(app: &App, ctx: &Ctx, id: NotificationId) -> AppResult<()> {
    let mut tx = app.db.begin_write().await?;
    if !store::mark_read(&mut tx, ctx.actor.person_id, id, app.now()).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Marks all the caller's notices read; returns how many were unread.
pub async fn mark_all_read(app: &App, ctx: &Ctx) -> AppResult<u64> {
    let mut tx = app.db.begin_write().await?;
    let n = store::mark_all_read(&mut tx, ctx.actor.person_id, app.now()).await?;
    tx.commit().await?;
    Ok(n)
}

/// Whether the caller gets each kind by e-mail, in `Notice::KINDS` order (kinds a person cannot
/// choose are left out).
pub async fn email_preferences(app: &App, ctx: &Ctx) -> AppResult<Vec<(&'static str, bool)>> {
    let off = store::email_opt_outs(&app.db, ctx.actor.person_id).await?;
    Ok(Notice::KINDS.iter().filter(|k| Notice::email_optional(k)).map(|k| (*k, !off.iter().any(|o| o == k))).collect())
}

/// Sets the kinds the caller wants by e-mail; every other optional kind is turned off. Returns
/// the choices as they now stand.
pub async fn set_email_preferences(app: &App, ctx: &Ctx, wanted: &[String]) -> AppResult<Vec<(&'static str, bool)>> {
    if let Some(unknown) = wanted.iter().find(|k| !Notice::email_optional(k)) {
        tracing::debug!(kind = %unknown, "unknown notification kind");
        return Err(AppError::invalid("email_kinds", "notification.unknown_kind"));
    }
    let off: Vec<&str> =
        Notice::KINDS.iter().copied().filter(|k| Notice::email_optional(k) && !wanted.iter().any(|w| w == k)).collect();
    let before = store::email_opt_outs(&app.db, ctx.actor.person_id).await?;
    let mut tx = app.db.begin_write().await?;
    store::set_email_opt_outs(&mut tx, ctx.actor.person_id, &off).await?;
    record_change(
        &mut tx,
        app,
        ctx,
        "notifications.preferences_changed",
        "person",
        ctx.actor.person_id,
        Some(json!({ "email_off": before })),
        Some(json!({ "email_off": off })),
    )
    .await?;
    tx.commit().await?;
    email_preferences(app, ctx).await
}
