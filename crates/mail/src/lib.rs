//! Notification e-mail over SMTP. Its own crate because TLS (rustls) is a large part of a
//! build that only the server binary needs: the use cases know e-mail only as the
//! `Mailer` trait, and tests of the outbox give it their own.

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tandem_app::notifications::outbox::{Email, Mailer, SendResult};

/// An SMTP client with a small pool of connections.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// `url` is `smtp://[user:password@]host[:port]` (STARTTLS when offered; add
    /// `?tls=required` to insist), or `smtps://…` for TLS from the start. `from` is the sender,
    /// `Tandem <noreply@example.edu.cn>`. `connections` bounds the pool.
    pub fn new(url: &str, from: &str, connections: u32) -> Result<Self, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("sender address {from:?}: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP address: {e}"))?
            .pool_config(PoolConfig::new().max_size(connections.max(1)))
            .build();
        Ok(Self { transport, from })
    }

    fn message(&self, email: &Email) -> Result<Message, String> {
        let to: Mailbox = email.to.parse().map_err(|e| format!("recipient {:?}: {e}", email.to))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .message_id(Some(email.message_id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| format!("building the message: {e}"))
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, email: &'a Email) -> SendResult<'a> {
        Box::pin(async move {
            let message = self.message(email)?;
            self.transport.send(message).await.map(|_| ()).map_err(|e| format!("SMTP: {e}"))
        })
    }
}
