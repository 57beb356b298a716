//! Access is denied unless a rule grants it; an enterprise never sees another's data.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn an_enterprise_sees_and_edits_only_itself() {
    for t in TestApp::all().await {
        let admin = t.token("enterprise@tandem.demo").await;
        let own = t.own_enterprise_id(&admin).await;
        let staff = t.token("staff@tandem.demo").await;
        let other = t.get("/api/v1/enterprises?per_page=200", Auth::Bearer(&staff)).await.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .find(|id| *id != own)
            .unwrap();

        let list = t.get("/api/v1/enterprises", Auth::Bearer(&admin)).await.json();
        assert_eq!(list["total"], 1, "{}: only its own enterprise", t.backend);
        assert_eq!(list["items"][0]["id"], own);
        assert_eq!(t.get(&format!("/api/v1/enterprises/{own}"), Auth::Bearer(&admin)).await.status, StatusCode::OK);
        let denied_before = t.audit_count("access.denied").await;
        let r = t.get(&format!("/api/v1/enterprises/{other}"), Auth::Bearer(&admin)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "another enterprise is invisible");
        assert!(t.audit_count("access.denied").await > denied_before, "the denial is audited");

        let r = t
            .json(
                Method::PATCH,
                &format!("/api/v1/enterprises/{own}"),
                Auth::Bearer(&admin),
                // R&D staff cannot outnumber the employees.
                json!({"employees": 42, "rd_staff": 4}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = t
            .json(
                Method::PATCH,
                &format!("/api/v1/enterprises/{other}"),
                Auth::Bearer(&admin),
                json!({"employees": 42}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let untouched = t.get(&format!("/api/v1/enterprises/{other}"), Auth::Bearer(&staff)).await.json();
        assert_ne!(untouched["employees"], 42);
        let r = t.json(Method::POST, "/api/v1/enterprises", Auth::Bearer(&admin), json!({"name": "x"})).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // A plain member of the enterprise reads it but cannot change it.
        let member = t.token("member@tandem.demo").await;
        assert_eq!(t.get(&format!("/api/v1/enterprises/{own}"), Auth::Bearer(&member)).await.status, StatusCode::OK);
        let r = t
            .json(Method::PATCH, &format!("/api/v1/enterprises/{own}"), Auth::Bearer(&member), json!({"employees": 7}))
            .await;
        assert_eq!((r.status, r.json()["code"].as_str()), (StatusCode::FORBIDDEN, Some("access.denied")));

        // Pages follow the same rules.
        let cookie = t.sign_in("enterprise@tandem.demo").await;
        assert_eq!(t.get(&format!("/enterprises/{other}"), Auth::Cookie(&cookie)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            t.get(&format!("/enterprises/{other}/edit"), Auth::Cookie(&cookie)).await.status,
            StatusCode::NOT_FOUND
        );
        let r = t.form(&format!("/enterprises/{other}"), Auth::Cookie(&cookie), &[("name", "hijack")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(t.get(&format!("/enterprises/{own}/edit"), Auth::Cookie(&cookie)).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn roles_without_a_grant_are_refused() {
    for t in TestApp::all().await {
        let student = t.token("student@tandem.demo").await;
        let r = t.get("/api/v1/enterprises", Auth::Bearer(&student)).await;
        assert_eq!((r.status, r.json()["code"].as_str()), (StatusCode::FORBIDDEN, Some("access.denied")));
        assert_eq!(t.get("/api/v1/audit", Auth::Bearer(&student)).await.status, StatusCode::FORBIDDEN);
        let r = t
            .json(
                Method::POST,
                "/api/v1/orgs",
                Auth::Bearer(&student),
                json!({"kind": "lab", "name": "x", "parent_id": 1}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // A student may read the university's structure.
        assert_eq!(t.get("/api/v1/orgs?kind=college", Auth::Bearer(&student)).await.json()["total"], 19);
        // People: only those sharing an organisation, and never a stranger's record.
        let people = t.get("/api/v1/people?per_page=200", Auth::Bearer(&student)).await.json();
        let admin_id =
            t.get("/api/v1/me", Auth::Bearer(&t.token("admin@tandem.demo").await)).await.json()["id"].as_i64().unwrap();
        assert!(people["items"].as_array().unwrap().iter().all(|p| p["id"] != admin_id));
        assert_eq!(
            t.get(&format!("/api/v1/people/{admin_id}"), Auth::Bearer(&student)).await.status,
            StatusCode::NOT_FOUND
        );

        let gov = t.token("gov@tandem.demo").await;
        assert_eq!(t.get("/api/v1/enterprises", Auth::Bearer(&gov)).await.json()["total"], 320);
        let r = t.json(Method::POST, "/api/v1/enterprises", Auth::Bearer(&gov), json!({"name": "x"})).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let any = t.get("/api/v1/enterprises?per_page=1", Auth::Bearer(&gov)).await.json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let r = t
            .json(Method::PATCH, &format!("/api/v1/enterprises/{any}"), Auth::Bearer(&gov), json!({"employees": 1}))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // Nobody signed in: 401 from the API, the sign-in page from pages.
        assert_eq!(t.get("/api/v1/enterprises", Auth::None).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(t.get("/api/v1/me", Auth::Bearer("tdm_not-a-token")).await.status, StatusCode::UNAUTHORIZED);
        let r = t.get("/enterprises", Auth::None).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/signin?next=%2Fenterprises"));

        // The audit log is for platform admins; others get a clear page.
        let cookie = t.sign_in("staff@tandem.demo").await;
        let r = t.get("/audit", Auth::Cookie(&cookie)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.body.contains("无权访问"));
        assert_eq!(
            t.get("/enterprises/new", Auth::Cookie(&t.sign_in("gov@tandem.demo").await)).await.status,
            StatusCode::FORBIDDEN
        );
        let admin = t.sign_in("admin@tandem.demo").await;
        let audit = t.get("/audit?action=access.denied", Auth::Cookie(&admin)).await;
        assert_eq!(audit.status, StatusCode::OK);
        assert!(audit.body.contains("access.denied"));
    }
}

#[tokio::test]
async fn staff_cannot_hand_out_administrator_roles() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let me = t.get("/api/v1/me", Auth::Bearer(&staff)).await.json();
        let staff_id = me["id"].as_i64().unwrap();
        let university = me["memberships"][0]["org_id"].as_i64().unwrap();
        for role in ["platform_admin", "university_staff"] {
            let r = t
                .json(
                    Method::POST,
                    &format!("/api/v1/people/{staff_id}/memberships"),
                    Auth::Bearer(&staff),
                    json!({"org_id": university, "role": role}),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {role}", t.backend);
        }
        assert_eq!(t.get("/api/v1/audit", Auth::Bearer(&staff)).await.status, StatusCode::FORBIDDEN, "still no admin");
        // Nor take them away from others.
        let admin = t.token("admin@tandem.demo").await;
        let admin_me = t.get("/api/v1/me", Auth::Bearer(&admin)).await.json();
        let (admin_id, mid) = (admin_me["id"].as_i64().unwrap(), admin_me["memberships"][0]["id"].as_i64().unwrap());
        let denied_before = t.audit_count("access.denied").await;
        let r = t
            .send(
                Method::DELETE,
                &format!("/api/v1/people/{admin_id}/memberships/{mid}"),
                Auth::Bearer(&staff),
                None,
                vec![],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(t.audit_count("access.denied").await, denied_before + 1, "the refusal is audited");
        // A platform admin may appoint staff.
        let teacher_id = t.get("/api/v1/me", Auth::Bearer(&t.token("teacher@tandem.demo").await)).await.json()["id"]
            .as_i64()
            .unwrap();
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/people/{teacher_id}/memberships"),
                Auth::Bearer(&admin),
                json!({"org_id": university, "role": "university_staff"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
}
