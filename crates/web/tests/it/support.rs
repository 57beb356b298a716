//! A Tandem router over a fresh demo database, and helpers to call it.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use std::sync::Arc;
use tandem_app::{App, AppConfig, FixedClock, Rules};
use tandem_test_support::{TEST_EPOCH, TestDb};
use tandem_web::{I18n, WebConfig, WebState};
use tower::ServiceExt;

pub struct TestApp {
    pub app: App,
    pub router: Router,
    pub clock: Arc<FixedClock>,
    pub backend: &'static str,
    _db: TestDb,
}

pub enum Auth<'a> {
    None,
    Cookie(&'a str),
    Bearer(&'a str),
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Where a redirect leads, without the one-time confirmation (`done=…`) it may carry, so
    /// tests can build further paths on it; `location` keeps it.
    pub fn location_path(&self) -> String {
        let raw = self.location();
        let (path, fragment) = raw.split_once('#').map_or((raw, None), |(p, f)| (p, Some(f)));
        let (base, query) = path.split_once('?').unwrap_or((path, ""));
        let kept: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("done=")).collect();
        let mut out = if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) };
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(f);
        }
        out
    }

    /// The `Location` header as sent.
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The text of each element of the page that `css` selects, in document order.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"));
        scraper::Html::parse_document(&self.body)
            .select(&selector)
            .map(|el| el.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    /// The attribute `name` of each element `css` selects that has it, in document order.
    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"));
        scraper::Html::parse_document(&self.body)
            .select(&selector)
            .filter_map(|el| el.value().attr(name).map(str::to_owned))
            .collect()
    }

    /// The attribute `name` of the first element `css` selects.
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.attrs(css, name).into_iter().next()
    }

    /// Whether the page has an element `css` selects.
    pub fn has(&self, css: &str) -> bool {
        !self.texts(css).is_empty()
    }
}

pub fn router_for(app: &App) -> Router {
    tandem_web::router(WebState {
        app: app.clone(),
        i18n: Arc::new(I18n::load().unwrap()),
        config: Arc::new(WebConfig::default()),
    })
}

impl TestApp {
    pub async fn new(db: TestDb) -> Self {
        let clock = Arc::new(FixedClock::at(TEST_EPOCH));
        let app = App::new(db.db.clone(), Rules::load().unwrap(), clock.clone(), AppConfig::default());
        tandem_app::demo::load(&app).await.unwrap();
        let router = router_for(&app);
        let backend = app.db.backend_name();
        Self { app, router, clock, backend, _db: db }
    }

    /// One app per configured backend.
    pub async fn all() -> Vec<TestApp> {
        let mut apps = vec![];
        for db in tandem_test_support::all_backends().await {
            apps.push(TestApp::new(db).await);
        }
        apps
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(path).header("sec-fetch-site", "same-origin");
        match auth {
            Auth::None => {}
            Auth::Cookie(c) => req = req.header(header::COOKIE, format!("tandem_session={c}")),
            Auth::Bearer(t) => req = req.header(header::AUTHORIZATION, format!("Bearer {t}")),
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        self.raw(req.body(Body::from(body)).unwrap()).await
    }

    pub async fn raw(&self, req: Request<Body>) -> Reply {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str, auth: Auth<'_>) -> Reply {
        self.send(Method::GET, path, auth, None, vec![]).await
    }

    pub async fn form(&self, path: &str, auth: Auth<'_>, pairs: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        self.send(Method::POST, path, auth, Some("application/x-www-form-urlencoded"), body.into_bytes()).await
    }

    pub async fn json(&self, method: Method, path: &str, auth: Auth<'_>, body: Value) -> Reply {
        self.send(method, path, auth, Some("application/json"), body.to_string().into_bytes()).await
    }

    /// Signs in through the form and returns the session cookie's value.
    pub async fn sign_in(&self, email: &str) -> String {
        let r = self.form("/signin", Auth::None, &[("email", email), ("password", "tandem-demo"), ("next", "/")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: sign-in of {email} failed: {}", self.backend, r.body);
        session_cookie(&r.headers).expect("a session cookie")
    }

    /// A personal API token for a demo account.
    pub async fn token(&self, email: &str) -> String {
        tandem_app::auth::create_token_for_email(&self.app, email, "test").await.unwrap().secret
    }

    /// Id of an enterprise the given demo account is a member of.
    pub async fn own_enterprise_id(&self, token: &str) -> i64 {
        let me = self.get("/api/v1/me", Auth::Bearer(token)).await.json();
        me["memberships"].as_array().unwrap().iter().find(|m| m["org_kind"] == "enterprise").unwrap()["org_id"]
            .as_i64()
            .unwrap()
    }

    pub async fn audit_count(&self, action: &str) -> i64 {
        let filter = tandem_app::records::AuditFilter { action: Some(action.into()), ..Default::default() };
        let admin = admin_ctx(&self.app).await;
        tandem_app::audit::list(&self.app, &admin, &filter, tandem_app::Page::new(1, 1)).await.unwrap().1
    }
}

pub async fn admin_ctx(app: &App) -> tandem_app::Ctx {
    let token = tandem_app::auth::create_token_for_email(app, "admin@tandem.demo", "audit").await.unwrap();
    let resolved = tandem_app::auth::resolve_token(app, &token.secret).await.unwrap().unwrap();
    tandem_app::Ctx { actor: resolved.actor, client_addr: None }
}

pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("tandem_session="))
        .map(|v| v.split(';').next().unwrap_or("").to_owned())
}

/// A valid USCC that no demo enterprise has.
pub fn fresh_uscc(seed: &str) -> String {
    tandem_domain::org::Uscc::complete(&format!("91210100TX{seed:0>7}")).unwrap().to_string()
}

/// The same code with its check character replaced by a wrong one; returns (wrong, expected).
pub fn with_wrong_check(uscc: &str) -> (String, char) {
    let expected = uscc.chars().last().unwrap();
    let wrong = if expected == '0' { '1' } else { '0' };
    (format!("{}{wrong}", &uscc[..17]), expected)
}
