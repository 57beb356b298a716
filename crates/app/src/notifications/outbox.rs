//! The e-mail outbox worker. It claims due e-mails in batches (moving their due time on by a
//! lease, so nobody else takes them meanwhile), sends a few at a time, and records each outcome:
//! sent, or failed with the next attempt's time. It is bounded: one batch in flight, at most
//! `concurrency` messages on the wire, so a burst of events waits in the table instead of
//! crowding out page requests. A message whose outcome was never recorded (the process died
//! mid-send) is sent again once its lease ends, under the same `Message-ID`, so a receiving
//! server can recognise the repeat; a clean shutdown finishes the batch in flight first.

use crate::{App, AppError, AppResult};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tandem_domain::id::NotificationId;
use tandem_domain::notifications::{MAX_EMAIL_ATTEMPTS, Notice, retry_delay_secs};
use tandem_store::notifications as store;

/// One e-mail, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Stable per notification, so a repeat after a crash is recognisably the same message.
    pub message_id: String,
}

pub type SendResult<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Something that sends e-mail (an SMTP client; in tests, whatever the test needs).
pub trait Mailer: Send + Sync {
    fn send<'a>(&'a self, email: &'a Email) -> SendResult<'a>;
}

/// The words of a notice in a language: its subject line and body text. Implemented where the
/// translations live (the web layer).
pub trait NoticeText: Send + Sync {
    /// `link` is the absolute address of the page the notice points to.
    fn render(&self, notice: &Notice, lang: &str, link: &str) -> (String, String);
}

/// How the worker sends.
#[derive(Clone)]
pub struct Outbox {
    pub mailer: Arc<dyn Mailer>,
    pub text: Arc<dyn NoticeText>,
    /// Prefix of the links in e-mails (`https://tandem.example.edu.cn`), without a trailing slash.
    pub base_url: String,
    /// The domain part of each `Message-ID`.
    pub message_domain: String,
    /// E-mails claimed at once.
    pub batch: i64,
    /// E-mails on the wire at once.
    pub concurrency: usize,
    /// How long a claim holds before another worker may take the e-mail again.
    pub lease_secs: i64,
    /// How often to look for due e-mails when nobody wakes the worker.
    pub poll: Duration,
}

impl Outbox {
    pub fn new(mailer: Arc<dyn Mailer>, text: Arc<dyn NoticeText>, base_url: &str) -> Self {
        let message_domain = base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ':']).next())
            .filter(|h| !h.is_empty())
            .unwrap_or("tandem.localhost")
            .to_owned();
        Self {
            mailer,
            text,
            base_url: base_url.trim_end_matches('/').to_owned(),
            message_domain,
            batch: 200,
            concurrency: 8,
            lease_secs: 300,
            poll: Duration::from_secs(5),
        }
    }
}

/// What one pass of the worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub failed: usize,
}

/// Sends one batch of due e-mails and records each outcome.
pub async fn deliver_due(app: &App, outbox: &Outbox) -> AppResult<Delivered> {
    let now = app.now();
    let claimed = store::claim_due_emails(&app.db, now, now + outbox.lease_secs, outbox.batch).await?;
    if claimed.is_empty() {
        return Ok(Delivered::default());
    }
    let mut sending = tokio::task::JoinSet::new();
    let mut sent: Vec<NotificationId> = Vec::new();
    let mut failed: Vec<(NotificationId, i64, String)> = Vec::new();
    for mail in claimed {
        while sending.len() >= outbox.concurrency.max(1) {
            collect(sending.join_next().await, &mut sent, &mut failed);
        }
        let email = match serde_json::from_str::<Notice>(&mail.notice_json) {
            Ok(notice) => {
                let link = format!("{}{}", outbox.base_url, notice.link());
                let (subject, body) = outbox.text.render(&notice, &mail.locale, &link);
                Email {
                    to: mail.email_to.clone(),
                    subject,
                    body,
                    message_id: format!("<notification-{}@{}>", mail.id, outbox.message_domain),
                }
            }
            Err(e) => {
                failed.push((mail.id, MAX_EMAIL_ATTEMPTS, format!("unreadable notice: {e}")));
                continue;
            }
        };
        let mailer = outbox.mailer.clone();
        let (id, attempts) = (mail.id, mail.email_attempts);
        sending.spawn(async move { (id, attempts, mailer.send(&email).await) });
    }
    while let Some(done) = sending.join_next().await {
        collect(Some(done), &mut sent, &mut failed);
    }
    store::mark_sent(&app.db, &sent, app.now()).await?;
    let after = app.now();
    for (id, attempts_before, error) in &failed {
        let attempts = attempts_before + 1;
        let retry_at = (attempts < MAX_EMAIL_ATTEMPTS).then(|| after + retry_delay_secs(attempts));
        tracing::warn!(notification.id = %id, attempts, error = %error, "e-mail not sent");
        store::mark_attempt_failed(&app.db, *id, retry_at, error).await?;
    }
    Ok(Delivered { sent: sent.len(), failed: failed.len() })
}

type Outcome = (NotificationId, i64, Result<(), String>);

fn collect(
    done: Option<Result<Outcome, tokio::task::JoinError>>,
    sent: &mut Vec<NotificationId>,
    failed: &mut Vec<(NotificationId, i64, String)>,
) {
    match done {
        Some(Ok((id, _, Ok(())))) => sent.push(id),
        Some(Ok((id, attempts, Err(e)))) => failed.push((id, attempts, e)),
        // A panicking mailer loses nothing: the lease runs out and the e-mail is tried again.
        Some(Err(e)) => tracing::error!(error = %e, "an e-mail send task failed"),
        None => {}
    }
}

/// Runs the worker until `shutdown` completes, then finishes the batch in flight. It sleeps
/// between passes unless a pass found a full batch or a use case woke it.
pub async fn run(app: App, outbox: Outbox, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        let full = match deliver_due(&app, &outbox).await {
            Ok(d) => d.sent + d.failed >= usize::try_from(outbox.batch).unwrap_or(usize::MAX),
            Err(e) => {
                tracing::warn!(error = %e, "outbox pass failed");
                false
            }
        };
        if full {
            continue;
        }
        tokio::select! {
            () = &mut shutdown => break,
            () = app.outbox_wake.notified() => {}
            () = tokio::time::sleep(outbox.poll) => {}
        }
    }
    tracing::info!("outbox stopped");
}

/// How many e-mails wait, went out, or were given up, for health checks and tests.
pub async fn counts(app: &App) -> AppResult<Vec<(String, i64)>> {
    store::outbox_counts(&app.db).await.map_err(AppError::from)
}
