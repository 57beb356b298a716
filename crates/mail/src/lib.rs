//! Notification e-mail over SMTP. Its own crate because TLS (rustls) is a large part of a
//! build that only the server binary needs: the use cases know e-mail only as the `Mailer`
//! trait, and tests of the outbox give it their own.
//!
//! For `smtp://` (plain, or upgraded with STARTTLS) the connections are our own small pool of
//! lettre connections over sockets with `TCP_NODELAY`: lettre writes a message and its final
//! `.` separately, and with Nagle's algorithm on, the second write waits for the server's
//! delayed acknowledgement — about 40 ms a message, which capped a connection at some 20
//! messages a second. `smtps://` (TLS from the first byte) goes through lettre's own pooled
//! transport.

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::sync::Mutex;
use std::time::Duration;
use tandem_app::notifications::outbox::{Email, Mailer, SendResult};
use tokio::sync::Semaphore;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How a plain `smtp://` connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StartTls {
    /// Upgraded when the server offers it (the default).
    Opportunistic,
    /// Refused unless the server offers it (`?tls=required`).
    Required,
    /// Never (`?tls=none`), for a relay on the same host.
    Never,
}

/// An SMTP server reached over a plain connection, with our pool.
struct Plain {
    host: String,
    port: u16,
    start_tls: StartTls,
    credentials: Option<Credentials>,
    hello: ClientId,
    idle: Mutex<Vec<AsyncSmtpConnection>>,
    slots: Semaphore,
}

enum Transport {
    Plain(Box<Plain>),
    Implicit(AsyncSmtpTransport<Tokio1Executor>),
}

/// An SMTP client with a bounded number of connections.
pub struct SmtpMailer {
    transport: Transport,
    from: Mailbox,
}

/// Splits `smtp://[user:password@]host[:port][?tls=required|none]`.
fn parse_plain(url: &str) -> Result<(String, u16, StartTls, Option<Credentials>), String> {
    let rest = url.strip_prefix("smtp://").ok_or("the address must start with smtp:// or smtps://")?;
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let rest = rest.trim_end_matches('/');
    let (userinfo, hostport) = match rest.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, rest),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().map_err(|_| format!("port {p:?} is not a number"))?),
        None => (hostport, 25),
    };
    if host.is_empty() {
        return Err("the address names no host".into());
    }
    let start_tls = match query {
        "" => StartTls::Opportunistic,
        "tls=required" => StartTls::Required,
        "tls=none" => StartTls::Never,
        other => return Err(format!("unknown option {other:?} (tls=required or tls=none)")),
    };
    let decode = |s: &str| percent_decode(s);
    let credentials = userinfo.map(|u| {
        let (user, password) = u.split_once(':').unwrap_or((u, ""));
        Credentials::new(decode(user), decode(password))
    });
    Ok((host.to_owned(), port, start_tls, credentials))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl SmtpMailer {
    /// `url` is `smtp://[user:password@]host[:port]` (STARTTLS when offered; `?tls=required` to
    /// insist, `?tls=none` never to), or `smtps://…` for TLS from the start. `from` is the
    /// sender, `Tandem <noreply@example.edu.cn>`. `connections` bounds the connections open.
    pub fn new(url: &str, from: &str, connections: u32) -> Result<Self, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("sender address {from:?}: {e}"))?;
        let connections = connections.max(1);
        let transport = if url.starts_with("smtps://") {
            Transport::Implicit(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("SMTP address: {e}"))?
                    .pool_config(PoolConfig::new().max_size(connections))
                    .build(),
            )
        } else {
            let (host, port, start_tls, credentials) = parse_plain(url)?;
            Transport::Plain(Box::new(Plain {
                host,
                port,
                start_tls,
                credentials,
                hello: ClientId::default(),
                idle: Mutex::new(Vec::new()),
                slots: Semaphore::new(usize::try_from(connections).unwrap_or(1)),
            }))
        };
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

impl Plain {
    async fn open(&self) -> Result<AsyncSmtpConnection, String> {
        let connect = tokio::net::TcpStream::connect((self.host.as_str(), self.port));
        let tcp = tokio::time::timeout(CONNECT_TIMEOUT, connect)
            .await
            .map_err(|_| format!("SMTP: no connection to {}:{} within 10 s", self.host, self.port))?
            .map_err(|e| format!("SMTP: connecting to {}:{}: {e}", self.host, self.port))?;
        tcp.set_nodelay(true).map_err(|e| format!("SMTP: {e}"))?;
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello)
            .await
            .map_err(|e| format!("SMTP: {e}"))?;
        let offered = conn.can_starttls();
        match (self.start_tls, offered) {
            (StartTls::Never, _) | (StartTls::Opportunistic, false) => {}
            (StartTls::Required, false) => return Err("SMTP: the server does not offer STARTTLS".into()),
            (_, true) => {
                let params = TlsParameters::new(self.host.clone()).map_err(|e| format!("SMTP TLS: {e}"))?;
                conn.starttls(params, &self.hello).await.map_err(|e| format!("SMTP STARTTLS: {e}"))?;
            }
        }
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(|e| format!("SMTP AUTH: {e}"))?;
        }
        Ok(conn)
    }

    async fn send(&self, message: &Message) -> Result<(), String> {
        let _slot = self.slots.acquire().await.map_err(|e| format!("SMTP: {e}"))?;
        let reused = self.idle.lock().map_err(|_| "SMTP: pool poisoned".to_owned())?.pop();
        let mut conn = match reused {
            Some(c) if !c.has_broken() => c,
            _ => self.open().await?,
        };
        match conn.send(message.envelope(), &message.formatted()).await {
            Ok(_) => {
                if let Ok(mut idle) = self.idle.lock() {
                    idle.push(conn);
                }
                Ok(())
            }
            Err(e) => {
                conn.abort().await;
                Err(format!("SMTP: {e}"))
            }
        }
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, email: &'a Email) -> SendResult<'a> {
        Box::pin(async move {
            let message = self.message(email)?;
            match &self.transport {
                Transport::Plain(plain) => plain.send(&message).await,
                Transport::Implicit(t) => t.send(message).await.map(|_| ()).map_err(|e| format!("SMTP: {e}")),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn smtp_addresses_name_host_port_security_and_credentials() {
        let (host, port, tls, cred) = parse_plain("smtp://127.0.0.1:2525").unwrap();
        assert_eq!((host.as_str(), port, tls, cred.is_none()), ("127.0.0.1", 2525, StartTls::Opportunistic, true));
        let (host, port, tls, cred) =
            parse_plain("smtp://noreply%40u.edu.cn:p%3Ass@mail.u.edu.cn?tls=required").unwrap();
        assert_eq!((host.as_str(), port, tls), ("mail.u.edu.cn", 25, StartTls::Required));
        assert!(cred.is_some());
        assert_eq!(percent_decode("noreply%40u.edu.cn"), "noreply@u.edu.cn");
        assert!(parse_plain("smtp://host:port").is_err());
        assert!(parse_plain("smtp://host?tls=maybe").is_err());
        assert!(parse_plain("http://host").is_err());
        assert!(parse_plain("smtp://:25").is_err());
    }
}
