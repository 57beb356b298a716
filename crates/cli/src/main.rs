//! The `tandem` binary: reads flags and `TANDEM_*` variables (the only place that reads the
//! environment), sets up logging, and runs a subcommand.

mod telemetry;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use std::io::BufRead;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use tandem_app::credentials::IssuerKey;
use tandem_app::notifications::outbox::Outbox;
use tandem_app::{App, AppConfig, DbOptions, Rules, SystemClock};
use tandem_domain::access::Role;
use tandem_domain::person::PersonInput;
use tandem_domain::policy::Standing;
use tandem_web::{EmailText, I18n, WebConfig, WebState};

#[derive(Parser, Debug)]
#[command(name = "tandem", version, about = "Tandem — the industry–education integration platform")]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug, Clone)]
struct DbArgs {
    /// Directory for the SQLite database and other files.
    #[arg(long, env = "TANDEM_DATA_DIR", default_value = "./tandem-data", global = true)]
    data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL; by default a SQLite file in the data directory.
    #[arg(long, env = "TANDEM_DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,
    /// Largest number of database connections.
    #[arg(long, env = "TANDEM_DB_MAX_CONNECTIONS", default_value_t = 16, global = true)]
    db_max_connections: u32,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the web pages and the API.
    Serve(ServeArgs),
    /// Apply pending database migrations.
    Migrate,
    /// Load the demo data into an empty database.
    Demo,
    /// Manage people who sign in.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Support policies: the nightly recomputation.
    #[command(subcommand)]
    Policies(PoliciesCommand),
}

#[derive(Subcommand, Debug)]
enum PoliciesCommand {
    /// Evaluate every enterprise against every published policy in force, tell the newly
    /// eligible of apply-free benefits, and print the counts per policy.
    Evaluate,
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TANDEM_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Do not load the demo data into an empty database.
    #[arg(long, env = "TANDEM_NO_DEMO")]
    no_demo: bool,
    /// Mark cookies Secure (when served over HTTPS).
    #[arg(long, env = "TANDEM_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Reverse proxies whose X-Forwarded-For is trusted (comma separated).
    #[arg(long, env = "TANDEM_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<IpAddr>,
    /// The address people use to reach Tandem (`https://tandem.example.edu.cn`), for links
    /// shown to copy elsewhere such as calendar subscriptions, and signed into credentials;
    /// without it the request's Host is used.
    #[arg(long, env = "TANDEM_PUBLIC_URL")]
    public_url: Option<String>,
    /// An SMTP server for notification e-mails: `smtp://[user:password@]host[:port]` (STARTTLS
    /// when offered; `?tls=required` to insist) or `smtps://…`. Without it notifications stay
    /// in the app.
    #[arg(long, env = "TANDEM_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of notification e-mails.
    #[arg(long, env = "TANDEM_SMTP_FROM", default_value = "Tandem <noreply@localhost>")]
    smtp_from: String,
    /// SMTP connections used at once by the e-mail worker.
    #[arg(long, env = "TANDEM_SMTP_CONNECTIONS", default_value_t = 4)]
    smtp_connections: u32,
    /// Seconds between looks for e-mails to send when nothing wakes the worker.
    #[arg(long, env = "TANDEM_OUTBOX_POLL_SECS", default_value_t = 5)]
    outbox_poll_secs: u64,
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create a person who can sign in; the password is read from standard input if not given.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "TANDEM_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// A role to grant, e.g. platform_admin (needs --org).
        #[arg(long, requires = "org")]
        role: Option<String>,
        /// The organisation id the role is held in.
        #[arg(long, requires = "role")]
        org: Option<i64>,
    },
    /// Set a new password; ends the person's sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
        #[arg(long, env = "TANDEM_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum TokenCommand {
    /// Create a personal API token and print it alone on the last line.
    Create {
        /// Email of the person the token acts for.
        #[arg(long)]
        user: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

fn database_url(args: &DbArgs) -> Result<String> {
    if let Some(url) = &args.database_url {
        return Ok(url.clone());
    }
    std::fs::create_dir_all(&args.data_dir).with_context(|| format!("creating {}", args.data_dir.display()))?;
    Ok(format!("sqlite://{}", args.data_dir.join("tandem.db").display()))
}

async fn open_app(args: &DbArgs) -> Result<App> {
    open_app_with(args, AppConfig::default()).await
}

async fn open_app_with(args: &DbArgs, config: AppConfig) -> Result<App> {
    let rules = Rules::load().context("loading reference data and instruments")?;
    let url = database_url(args)?;
    let options = DbOptions { url, max_connections: args.db_max_connections, pg_schema: None };
    let app = App::connect(&options, rules, Arc::new(SystemClock), config)
        .await
        .map_err(|e| anyhow::anyhow!("opening the database: {e}"))?
        .with_files(Arc::new(tandem_app::LocalFiles::new(args.data_dir.join("files"))))
        .with_issuer_key(issuer_key(&args.data_dir)?);
    let applied = app.migrate().await.map_err(|e| anyhow::anyhow!("migrating: {e}"))?;
    if applied > 0 {
        tracing::info!(migrations.applied = applied, db.backend = app.db.backend_name(), "database migrated");
    }
    let rescored = tandem_app::diagnosis::rescore_results_of_rescaled_instruments(&app)
        .await
        .map_err(|e| anyhow::anyhow!("rescoring stored results: {e}"))?;
    if rescored > 0 {
        tracing::info!(assessments.rescored = rescored, "stored results rescored to the current points scale");
    }
    Ok(app)
}

/// The university's credential signing key, kept in the data directory (created on first
/// use, readable by the owner only). Losing it means issued credentials can no longer be
/// matched to a key Tandem holds, though they still verify against their own did:key.
fn issuer_key(data_dir: &std::path::Path) -> Result<IssuerKey> {
    let path = data_dir.join("issuer-ed25519.key");
    match std::fs::read_to_string(&path) {
        Ok(text) => IssuerKey::from_multibase_secret(text.trim())
            .map_err(|e| anyhow::anyhow!("reading the issuer key {}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
            let key = IssuerKey::generate().map_err(|e| anyhow::anyhow!("generating the issuer key: {e}"))?;
            // Written under a temporary name and renamed, so a crash never leaves an empty key.
            let partial = data_dir.join("issuer-ed25519.key.partial");
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&partial).with_context(|| format!("creating {}", partial.display()))?;
            std::io::Write::write_all(&mut file, format!("{}\n", key.to_multibase_secret()).as_bytes())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("writing {}", partial.display()))?;
            std::fs::rename(&partial, &path).with_context(|| format!("creating {}", path.display()))?;
            tracing::info!(path = %path.display(), did = %key.did(), "created the credential issuer key");
            Ok(key)
        }
        Err(e) => Err(anyhow::anyhow!("reading the issuer key {}: {e}", path.display())),
    }
}

fn read_password(given: Option<String>) -> Result<String> {
    if let Some(p) = given {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn app_error(e: tandem_app::AppError) -> anyhow::Error {
    match e {
        tandem_app::AppError::Invalid(errors) => {
            let parts: Vec<String> = errors.0.iter().map(|f| format!("{}: {}", f.field, f.code)).collect();
            anyhow::anyhow!("invalid input: {}", parts.join("; "))
        }
        other => anyhow::anyhow!("{other}"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

async fn serve(db: &DbArgs, args: ServeArgs) -> Result<()> {
    let mailer = match &args.smtp_url {
        Some(url) => Some(
            tandem_mail::SmtpMailer::new(url, &args.smtp_from, args.smtp_connections)
                .map_err(|e| anyhow::anyhow!("TANDEM_SMTP_URL: {e}"))?,
        ),
        None => None,
    };
    let config = AppConfig { email_enabled: mailer.is_some(), ..AppConfig::default() };
    let app = open_app_with(db, config).await?;
    // Demo credentials sign the address people reach this server at, not a default.
    let demo_base = match &args.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("http://{}", args.addr),
    };
    if !args.no_demo && tandem_app::demo::is_empty(&app).await.map_err(app_error)? {
        let summary = tandem_app::demo::load_at(&app, &demo_base).await.map_err(app_error)?;
        tracing::info!(?summary, "demo data loaded");
    }
    match tandem_app::credentials::signed_by_other_keys(&app).await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            credentials = n,
            did = %app.issuer.did(),
            "issued credentials name another signing key than the one in the data directory; was issuer-ed25519.key replaced?"
        ),
        Err(e) => tracing::warn!(error = %e, "could not compare issued credentials with the signing key"),
    }
    let sweeper = app.clone();
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            match tandem_app::auth::purge_expired_sessions(&sweeper).await {
                Ok(n) if n > 0 => tracing::info!(sessions.purged = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not purge expired sessions"),
            }
        }
    });
    // Credentials sign their own address and their status list's; without a public URL that is
    // whatever host the issuing browser used, which outside verifiers may not reach.
    if args.public_url.is_none() && !args.addr.ip().is_loopback() {
        tracing::warn!(
            "no --public-url: credentials issued now will carry the address of the request that issued them; \
             set TANDEM_PUBLIC_URL to the address people use"
        );
    }
    let i18n = Arc::new(I18n::load().context("loading translations")?);
    let public_url = args.public_url.map(|u| u.trim_end_matches('/').to_owned());
    let state = WebState {
        app: app.clone(),
        i18n: i18n.clone(),
        config: Arc::new(WebConfig {
            secure_cookies: args.secure_cookies,
            trusted_proxies: args.trusted_proxies,
            public_url: public_url.clone(),
        }),
    };
    let listener = tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("binding {}", args.addr))?;
    let local = listener.local_addr()?;
    // The e-mail worker stops with the server, after finishing the batch it is sending.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = mailer.map(|mailer| {
        let base = public_url.clone().unwrap_or_else(|| format!("http://{local}"));
        let mut outbox = Outbox::new(Arc::new(mailer), Arc::new(EmailText(i18n.clone())), &base);
        outbox.concurrency = usize::try_from(args.smtp_connections.max(1)).unwrap_or(1);
        outbox.poll = std::time::Duration::from_secs(args.outbox_poll_secs.max(1));
        tracing::info!(smtp.connections = outbox.concurrency, "notification e-mail on");
        let mut stopped = stopped.clone();
        tokio::spawn(tandem_app::notifications::outbox::run(app.clone(), outbox, async move {
            let _ = stopped.changed().await;
        }))
    });
    tracing::info!(http.addr = %local, db.backend = app.db.backend_name(), "listening");
    println!("Tandem is running at http://{local}/");
    if !args.no_demo {
        println!(
            "Demo sign-in: admin@tandem.demo / {} (all demo accounts use that password)",
            tandem_app::demo::DEMO_PASSWORD
        );
    }
    tandem_web::serve(listener, state, async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    })
    .await
    .context("serving")?;
    if let Some(worker) = worker
        && let Err(e) = worker.await
    {
        tracing::warn!(error = %e, "the e-mail worker ended abnormally");
    }
    app.db.close().await;
    Ok(())
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.db, args).await,
        Command::Migrate => {
            let app = open_app(&cli.db).await?;
            println!("Database is up to date ({}).", app.db.backend_name());
            Ok(())
        }
        Command::Demo => {
            let app = open_app(&cli.db).await?;
            let s = tandem_app::demo::load(&app).await.map_err(app_error)?;
            println!(
                "Demo loaded: {} colleges, {} centres, {} labs, {} enterprises, {} people.",
                s.colleges, s.centres, s.labs, s.enterprises, s.people
            );
            Ok(())
        }
        Command::User(UserCommand::Create { email, name, password, role, org }) => {
            let app = open_app(&cli.db).await?;
            let role = match role {
                Some(r) => Some(Role::from_code(&r).with_context(|| format!("unknown role {r}"))?),
                None => None,
            };
            let password = read_password(password)?;
            let input = PersonInput { name, email, ..Default::default() };
            let grant = org.zip(role);
            let id = tandem_app::people::create_person_unchecked(&app, None, &input, Some(&password), grant)
                .await
                .map_err(app_error)?;
            println!("Created person {id}.");
            Ok(())
        }
        Command::User(UserCommand::ResetPassword { email, password }) => {
            let app = open_app(&cli.db).await?;
            let Some(id) = tandem_app::auth::person_id_by_email(&app, &email).await.map_err(app_error)? else {
                bail!("nobody has the email {email}");
            };
            let password = read_password(password)?;
            tandem_app::auth::reset_password(&app, id, &password, None).await.map_err(app_error)?;
            println!("Password changed; the person's sessions were ended.");
            Ok(())
        }
        Command::Token(TokenCommand::Create { user, name }) => {
            let app = open_app(&cli.db).await?;
            let token = tandem_app::auth::create_token_for_email(&app, &user, &name).await.map_err(|e| match e {
                tandem_app::AppError::NotFound => anyhow::anyhow!("nobody has the email {user}"),
                other => app_error(other),
            })?;
            println!("Token {} created for {user}; it is shown once:", token.id);
            println!("{}", token.secret);
            Ok(())
        }
        Command::Policies(PoliciesCommand::Evaluate) => {
            let app = open_app(&cli.db).await?;
            let started = std::time::Instant::now();
            let matrix =
                tandem_app::policy::evaluate_all(&app, std::sync::Arc::new(progress_bar)).await.map_err(app_error)?;
            eprintln!();
            for (id, version, title, counts) in &matrix.policies {
                let count = |s: Standing| counts.get(&s).copied().unwrap_or(0);
                println!(
                    "policy {id} v{version} {title}: {} eligible, {} one short, {} not yet, {} unknown",
                    count(Standing::Eligible),
                    count(Standing::Near),
                    count(Standing::NotYet),
                    count(Standing::Unknown),
                );
            }
            println!(
                "{} enterprises × {} policies in {:.1} s; {} enterprises told of apply-free benefits.",
                matrix.enterprises,
                matrix.policies.len(),
                started.elapsed().as_secs_f64(),
                matrix.told
            );
            Ok(())
        }
    }
}

/// A progress bar on standard error: `[#######.............]  35% 35000/100000`.
fn progress_bar(done: usize, total: usize) {
    const WIDTH: usize = 30;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    eprint!("\r[{}{}] {percent:>3}% {done}/{total}", "#".repeat(filled), ".".repeat(WIDTH - filled));
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    telemetry::init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    runtime.block_on(run(cli))
}
