//! Signing in and out, sessions, throttling, CSRF, security headers, tokens, passwords, language.

use crate::support::{Auth, TestApp, router_for, session_cookie};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

#[tokio::test]
async fn sign_in_and_out_with_a_session_kept_in_the_database() {
    for t in TestApp::all().await {
        let wrong =
            t.form("/signin", Auth::None, &[("email", "admin@tandem.demo"), ("password", "nope-nope-nope")]).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert!(wrong.body.contains("signin-error"));
        assert!(session_cookie(&wrong.headers).is_none());

        let r = t
            .form(
                "/signin",
                Auth::None,
                &[("email", "ADMIN@tandem.demo"), ("password", "tandem-demo"), ("next", "/orgs")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), "/orgs");
        let set_cookie =
            r.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
        let session = set_cookie.iter().find(|c| c.starts_with("tandem_session=")).unwrap();
        assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
        let cookie = session_cookie(&r.headers).unwrap();

        assert_eq!(t.get("/", Auth::Cookie(&cookie)).await.status, StatusCode::OK);
        // A second server over the same database (a restart) still knows the session.
        let restarted = router_for(&t.app);
        let req =
            Request::get("/").header(header::COOKIE, format!("tandem_session={cookie}")).body(Body::empty()).unwrap();
        let resp = tower::ServiceExt::oneshot(restarted, req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{}", t.backend);

        let out = t.form("/signout", Auth::Cookie(&cookie), &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        let after = t.get("/", Auth::Cookie(&cookie)).await;
        assert_eq!(after.status, StatusCode::SEE_OTHER, "{}: the session must be gone", t.backend);
        assert!(after.location().starts_with("/signin"));
        assert!(t.audit_count("auth.signed_in").await >= 1);
        assert!(t.audit_count("auth.sign_in_failed").await >= 1);
    }
}

#[tokio::test]
async fn sign_in_is_throttled_per_account() {
    for t in TestApp::all().await {
        for _ in 0..5 {
            let r = t
                .form("/signin", Auth::None, &[("email", "teacher@tandem.demo"), ("password", "wrong-password")])
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        // Even the right password is refused while the account is throttled.
        let r = t.form("/signin", Auth::None, &[("email", "teacher@tandem.demo"), ("password", "tandem-demo")]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", t.backend);
        assert!(session_cookie(&r.headers).is_none());
        // Another account from an unknown address is not affected by this account's failures.
        t.sign_in("student@tandem.demo").await;
        // After the window the account may try again.
        t.clock.advance(16 * 60);
        t.sign_in("teacher@tandem.demo").await;
    }
}

#[tokio::test]
async fn cross_site_writes_with_a_session_cookie_are_refused() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let cookie = t.sign_in("admin@tandem.demo").await;
    let before = t.get("/api/v1/orgs?kind=lab", Auth::Cookie(&cookie)).await.json()["total"].as_i64().unwrap();
    for site in [Some("cross-site"), Some("same-site"), None] {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/orgs")
            .header(header::COOKIE, format!("tandem_session={cookie}"))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(site) = site {
            req = req.header("sec-fetch-site", site);
        }
        let body = serde_json::json!({"kind": "lab", "name": "CSRF lab", "parent_id": 2}).to_string();
        let r = t.raw(req.body(Body::from(body)).unwrap()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{site:?}");
        assert_eq!(r.json()["code"], "csrf.rejected");
    }
    // A form posted from another origin (Origin header, no fetch metadata) is refused too.
    let req = Request::post("/signout")
        .header(header::COOKIE, format!("tandem_session={cookie}"))
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::ORIGIN, "http://evil.example")
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.raw(req).await.status, StatusCode::FORBIDDEN);
    let after = t.get("/api/v1/orgs?kind=lab", Auth::Cookie(&cookie)).await.json()["total"].as_i64().unwrap();
    assert_eq!(before, after, "nothing was written");
    // Bearer tokens carry no ambient authority, so no origin check applies.
    let token = t.token("admin@tandem.demo").await;
    let req = Request::post("/api/v1/orgs")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::json!({"kind": "government", "name": "某市工信局"}).to_string()))
        .unwrap();
    assert_eq!(t.raw(req).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    for path in ["/signin", "/api/v1/enterprises", "/healthz", "/nope"] {
        let r = t.get(path, Auth::None).await;
        let h = &r.headers;
        assert!(
            h.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(h.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
        assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
        assert_eq!(h.get(header::REFERRER_POLICY).unwrap(), "same-origin");
    }
}

#[tokio::test]
async fn personal_tokens_are_shown_once_work_and_can_be_revoked() {
    for t in TestApp::all().await {
        let cookie = t.sign_in("staff@tandem.demo").await;
        let r = t.form("/profile/tokens", Auth::Cookie(&cookie), &[("name", "nightly export")]).await;
        assert_eq!(r.status, StatusCode::OK);
        let start = r.body.find("tdm_").expect("token shown");
        let token: String = r.body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        assert_eq!(t.get("/api/v1/me", Auth::Bearer(&token)).await.status, StatusCode::OK);
        // The profile page lists the token but never shows the secret again.
        let profile = t.get("/profile", Auth::Cookie(&cookie)).await;
        assert!(profile.body.contains("nightly export") && !profile.body.contains(&token));
        let tokens = tandem_app::auth::tokens(
            &t.app,
            &tandem_app::Ctx {
                actor: tandem_app::auth::resolve_token(&t.app, &token).await.unwrap().unwrap().actor,
                client_addr: None,
            },
        )
        .await
        .unwrap();
        let id = tokens.iter().find(|x| x.name == "nightly export").unwrap().id;
        let r = t.form(&format!("/profile/tokens/{id}/revoke"), Auth::Cookie(&cookie), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let denied = t.get("/api/v1/me", Auth::Bearer(&token)).await;
        assert_eq!(denied.status, StatusCode::UNAUTHORIZED, "{}", t.backend);
        assert_eq!(denied.json()["code"], "auth.required");
        // An empty name is refused on the form.
        let r = t.form("/profile/tokens", Auth::Cookie(&cookie), &[("name", " ")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn changing_the_password_checks_the_old_one_and_ends_other_sessions() {
    for t in TestApp::all().await {
        let a = t.sign_in("teacher@tandem.demo").await;
        let b = t.sign_in("teacher@tandem.demo").await;
        let r = t
            .form(
                "/profile/password",
                Auth::Cookie(&a),
                &[("current_password", "wrong"), ("new_password", "a-long-new-password")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = t
            .form(
                "/profile/password",
                Auth::Cookie(&a),
                &[("current_password", "tandem-demo"), ("new_password", "short")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = t
            .form(
                "/profile/password",
                Auth::Cookie(&a),
                &[("current_password", "tandem-demo"), ("new_password", "a-long-new-password")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("profile-notice"));
        assert_eq!(t.get("/profile", Auth::Cookie(&a)).await.status, StatusCode::OK, "this session stays");
        assert_eq!(t.get("/profile", Auth::Cookie(&b)).await.status, StatusCode::SEE_OTHER, "other sessions end");
        let old = t.form("/signin", Auth::None, &[("email", "teacher@tandem.demo"), ("password", "tandem-demo")]).await;
        assert_eq!(old.status, StatusCode::UNAUTHORIZED);
        let new = t
            .form("/signin", Auth::None, &[("email", "teacher@tandem.demo"), ("password", "a-long-new-password")])
            .await;
        assert_eq!(new.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn the_language_choice_is_kept_on_the_account() {
    for t in TestApp::all().await {
        let cookie = t.sign_in("staff@tandem.demo").await;
        let zh = t.get("/", Auth::Cookie(&cookie)).await;
        assert!(zh.body.contains("lang=\"zh-CN\"") && zh.body.contains("产教融合概览"));
        let r = t.form("/language", Auth::Cookie(&cookie), &[("lang", "en"), ("next", "/enterprises")]).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/enterprises"));
        let en = t.get("/", Auth::Cookie(&cookie)).await;
        assert!(en.body.contains("lang=\"en\"") && en.body.contains("Industry–education integration at a glance"));
        // A new session (another browser) opens in English too.
        let other = t.sign_in("staff@tandem.demo").await;
        assert!(t.get("/", Auth::Cookie(&other)).await.body.contains("lang=\"en\""), "{}", t.backend);
        // The switch refuses to redirect off-site, however the address is disguised.
        for next in
            ["//evil.example/", "/\t/evil.example", "/\\evil.example", "https://evil.example", "/x\r\nSet-Cookie: a=b"]
        {
            let r = t.form("/language", Auth::Cookie(&cookie), &[("lang", "zh-CN"), ("next", next)]).await;
            assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{next:?}");
        }
        let r = t.get("/signin?next=/%09/evil.example", Auth::Cookie(&cookie)).await;
        assert_eq!(r.location(), "/");
    }
}

#[tokio::test]
async fn signed_out_visitors_get_the_language_of_their_browser() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let req = Request::get("/signin").header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9").body(Body::empty()).unwrap();
    assert!(t.raw(req).await.body.contains("Sign in with your email"));
    assert!(t.get("/signin", Auth::None).await.body.contains("请使用邮箱和密码登录"));
}

#[tokio::test]
async fn sign_in_is_throttled_per_client_address() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let attempt = |email: String, addr: &'static str, password: &'static str| {
        let body = serde_urlencoded::to_string([("email", email.as_str()), ("password", password)]).unwrap();
        let mut req = Request::post("/signin")
            .header("sec-fetch-site", "same-origin")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let peer: std::net::SocketAddr = addr.parse().unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        req
    };
    // Twenty wrong guesses, each at a different account, from one address.
    for i in 0..20 {
        let r = t.raw(attempt(format!("nobody{i}@example.cn"), "192.0.2.7:5000", "wrong-password")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = t.raw(attempt("admin@tandem.demo".into(), "192.0.2.7:5001", "tandem-demo")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = t.raw(attempt("admin@tandem.demo".into(), "192.0.2.8:5000", "tandem-demo")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "another address is not affected");
    let admin = crate::support::admin_ctx(&t.app).await;
    let filter =
        tandem_app::records::AuditFilter { action: Some("auth.sign_in_throttled".into()), ..Default::default() };
    let (rows, _) = tandem_app::audit::list(&t.app, &admin, &filter, tandem_app::Page::new(1, 5)).await.unwrap();
    assert_eq!(rows[0].client_addr.as_deref(), Some("192.0.2.7"));
}

#[tokio::test]
async fn people_edit_their_own_name_phone_and_language_and_bad_input_changes_nothing() {
    for t in TestApp::all().await {
        let cookie = t.sign_in("student@tandem.demo").await;
        let page = t.get("/profile", Auth::Cookie(&cookie)).await;
        assert!(page.has("#details-form input[name='name'][required]"));
        assert!(page.has("#details-form select[name='locale'] option[value='zh-CN'][selected]"));
        let before = t.get("/api/v1/me", Auth::Cookie(&cookie)).await.json();

        // An empty name and an unknown language: both named, nothing written.
        let r =
            t.form("/profile/details", Auth::Cookie(&cookie), &[("name", " "), ("phone", "x"), ("locale", "fr")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.backend);
        assert!(r.has("#name-error") && r.has("#locale-error"), "{}", r.body);
        assert_eq!(t.get("/api/v1/me", Auth::Cookie(&cookie)).await.json(), before, "nothing changed");

        let pairs = [("name", "李晓雨（更新）"), ("phone", "024-8888 0000"), ("locale", "en")];
        let r = t.form("/profile/details", Auth::Cookie(&cookie), &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let back = r.headers.get("location").unwrap().to_str().unwrap().to_owned();
        assert_eq!(back, "/profile?done=profile-saved");
        let after = t.get(&back, Auth::Cookie(&cookie)).await;
        assert!(after.has("html[lang='en']"), "the page now comes in English");
        assert_eq!(after.texts("#flash").join(""), "Your details are saved.");
        let me = t.get("/api/v1/me", Auth::Cookie(&cookie)).await.json();
        assert_eq!(
            (me["name"].as_str(), me["phone"].as_str(), me["locale"].as_str(), me["email"].as_str()),
            (Some("李晓雨（更新）"), Some("024-8888 0000"), Some("en"), before["email"].as_str()),
            "the e-mail, the sign-in, stays"
        );
        assert_eq!(me["expertise"], before["expertise"]);
        // Without a session there is no profile to change.
        let r = t.form("/profile/details", Auth::None, &pairs).await;
        assert!(r.status == StatusCode::SEE_OTHER || r.status == StatusCode::UNAUTHORIZED, "{}", r.status);
        assert_eq!(t.get("/api/v1/me", Auth::Cookie(&cookie)).await.json()["name"], "李晓雨（更新）");
    }
}
