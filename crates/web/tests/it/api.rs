//! The JSON API: enterprises end to end, bad input, and the OpenAPI document.

use crate::support::{Auth, TestApp, fresh_uscc, with_wrong_check};
use axum::http::{Method, StatusCode};
use serde_json::json;

async fn enterprise_total(t: &TestApp, token: &str) -> i64 {
    t.get("/api/v1/enterprises?per_page=1", Auth::Bearer(token)).await.json()["total"].as_i64().unwrap()
}

#[tokio::test]
async fn create_find_and_update_an_enterprise_through_the_api() {
    for t in TestApp::all().await {
        let token = t.token("staff@tandem.demo").await;
        let before = enterprise_total(&t, &token).await;
        let uscc = fresh_uscc("1");
        let (wrong, expected) = with_wrong_check(&uscc);

        let mut body = json!({
            "name": "沈阳测试精密机械有限公司", "uscc": wrong, "industry_code": "C34",
            "founded_on": "2016-05-20", "employees": 120, "operating_revenue_wan": 8600.5, "total_assets_wan": "5000"
        });
        let r = t.json(Method::POST, "/api/v1/enterprises", Auth::Bearer(&token), body.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let e = r.json();
        assert_eq!(e["code"], "validation.failed");
        assert_eq!(e["fields"][0]["field"], "uscc");
        assert_eq!(e["fields"][0]["code"], "uscc.check_character");
        assert!(e["fields"][0]["message"].as_str().unwrap().contains(&format!("expected {expected}")), "{e}");
        assert_eq!(enterprise_total(&t, &token).await, before, "nothing written on error");

        body["uscc"] = json!(uscc);
        let r = t.json(Method::POST, "/api/v1/enterprises", Auth::Bearer(&token), body.clone()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.backend, r.body);
        let created = r.json();
        let id = created["id"].as_i64().unwrap();
        assert_eq!(created["region_code"], "210100", "taken from the USCC");
        assert_eq!(created["size_class"], "small");
        assert_eq!(created["size_classification"]["row"], 2);
        assert_eq!(created["size_classification"]["medium"][0]["at_least"], 300);
        assert_eq!(created["operating_revenue_wan"], json!(8600.5));
        assert_eq!(enterprise_total(&t, &token).await, before + 1);

        let dup = t.json(Method::POST, "/api/v1/enterprises", Auth::Bearer(&token), body).await;
        assert_eq!(dup.status, StatusCode::CONFLICT);
        assert_eq!(dup.json()["fields"][0]["field"], "uscc");
        assert_eq!(enterprise_total(&t, &token).await, before + 1);

        let found =
            t.get("/api/v1/enterprises?q=%E6%B5%8B%E8%AF%95%E7%B2%BE%E5%AF%86", Auth::Bearer(&token)).await.json();
        assert_eq!(found["total"], 1);
        assert_eq!(found["items"][0]["uscc"], uscc);
        let small_c = t
            .get("/api/v1/enterprises?industry=C&size_class=small&region=210000&per_page=200", Auth::Bearer(&token))
            .await
            .json();
        assert!(small_c["items"].as_array().unwrap().iter().any(|i| i["id"] == id));

        let r = t
            .json(Method::PATCH, &format!("/api/v1/enterprises/{id}"), Auth::Bearer(&token), json!({"employees": 350}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["size_class"], "medium");
        assert_eq!(r.json()["name"], "沈阳测试精密机械有限公司", "untouched fields stay");

        let r = t
            .json(
                Method::PATCH,
                &format!("/api/v1/enterprises/{id}"),
                Auth::Bearer(&token),
                json!({"employees": -1, "name": "改名"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let now = t.get(&format!("/api/v1/enterprises/{id}"), Auth::Bearer(&token)).await.json();
        assert_eq!((now["employees"].as_i64(), now["name"].as_str()), (Some(350), Some("沈阳测试精密机械有限公司")));

        // Taking another enterprise's code is a conflict.
        let other =
            t.get("/api/v1/enterprises?per_page=1", Auth::Bearer(&token)).await.json()["items"][0]["uscc"].clone();
        let r = t
            .json(Method::PATCH, &format!("/api/v1/enterprises/{id}"), Auth::Bearer(&token), json!({"uscc": other}))
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", t.backend);

        // The audit log holds the change with before and after.
        let admin = t.token("admin@tandem.demo").await;
        let log = t
            .get(&format!("/api/v1/audit?action=enterprise.updated&subject_id={id}"), Auth::Bearer(&admin))
            .await
            .json();
        assert_eq!(log["total"], 1);
        assert_eq!(log["items"][0]["before"]["employees"], 120);
        assert_eq!(log["items"][0]["after"]["employees"], 350);
        assert_eq!(log["items"][0]["after"]["size_class"], "medium");

        // What GET returns can be sent back as it is (its derived fields are read-only and
        // ignored), and changed.
        let mut read = t.get(&format!("/api/v1/enterprises/{id}"), Auth::Bearer(&token)).await.json();
        assert_eq!(read["industry_section"], "C");
        let r = t.json(Method::PATCH, &format!("/api/v1/enterprises/{id}"), Auth::Bearer(&token), read.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.backend, r.body);
        assert_eq!(r.json()["employees"], 350);
        read["name_en"] = json!("Shenyang Test Precision");
        let r = t.json(Method::PATCH, &format!("/api/v1/enterprises/{id}"), Auth::Bearer(&token), read.clone()).await;
        assert_eq!((r.status, r.json()["name_en"].as_str()), (StatusCode::OK, Some("Shenyang Test Precision")));
        read["colour"] = json!("blue");
        let r = t.json(Method::PATCH, &format!("/api/v1/enterprises/{id}"), Auth::Bearer(&token), read).await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["field"].as_str(), r.json()["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("colour"), Some("unknown_field"))
        );
    }
}

#[tokio::test]
async fn bad_requests_get_a_clear_4xx_and_change_nothing() {
    for t in TestApp::all().await {
        let token = t.token("staff@tandem.demo").await;
        let before = enterprise_total(&t, &token).await;
        let post = |ct: &'static str, body: Vec<u8>| {
            let token = token.clone();
            let t = &t;
            async move { t.send(Method::POST, "/api/v1/enterprises", Auth::Bearer(&token), Some(ct), body).await }
        };
        let r = post("application/json", b"{\"name\": ".to_vec()).await;
        assert_eq!((r.status, r.json()["code"].as_str()), (StatusCode::BAD_REQUEST, Some("json.malformed")));
        let r = post("application/json", b"[1, 2]".to_vec()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let r = post("text/plain", b"{}".to_vec()).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("json.content_type"))
        );
        let r = post("application/json", vec![b' '; 100 * 1024]).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        let r = t
            .json(Method::POST, "/api/v1/enterprises", Auth::Bearer(&token), json!({"name": "x", "colour": "red"}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.json()["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["field"] == "colour" && f["code"] == "unknown_field")
        );
        let r = t
            .json(
                Method::POST,
                "/api/v1/enterprises",
                Auth::Bearer(&token),
                json!({"name": ["x"], "employees": {"n": 1}}),
            )
            .await;
        let fields: Vec<_> =
            r.json()["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
        assert_eq!(fields, vec!["name", "employees"]);
        // A NUL byte is refused as a field error (PostgreSQL would refuse to store it).
        let r = t
            .json(
                Method::POST,
                "/api/v1/enterprises",
                Auth::Bearer(&token),
                json!({"name": "坏\u{0}名", "uscc": "x", "industry_code": "C34"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["fields"][0]["code"], "control_characters");
        let r = t.get("/api/v1/enterprises?q=%00abc&region=%00", Auth::Bearer(&token)).await;
        assert_eq!(r.status, StatusCode::OK, "{}: control characters in filters are dropped", t.backend);
        let r = t.form("/signin", Auth::None, &[("email", "a\u{0}@b.cn"), ("password", "x")]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = t.json(Method::POST, "/api/v1/enterprises", Auth::Bearer(&token), json!({})).await;
        let fields: Vec<_> =
            r.json()["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
        assert_eq!(fields, vec!["name", "uscc", "industry_code"]);
        assert_eq!(enterprise_total(&t, &token).await, before);

        assert_eq!(t.get("/api/v1/enterprises/999999", Auth::Bearer(&token)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(t.get("/api/v1/enterprises/abc", Auth::Bearer(&token)).await.status, StatusCode::NOT_FOUND);
        let r = t.get("/api/v1/enterprises?per_page=1000", Auth::Bearer(&token)).await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("per_page"))
        );
        let r = t.get("/api/v1/enterprises?page=x", Auth::Bearer(&token)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = t.get("/api/v1/enterprises?size_class=huge", Auth::Bearer(&token)).await;
        assert_eq!(r.json()["fields"][0]["field"], "size_class");
        assert_eq!(t.get("/api/v1/nothing-here", Auth::Bearer(&token)).await.status, StatusCode::NOT_FOUND);
        let r = t.json(Method::PATCH, "/api/v1/enterprises/999999", Auth::Bearer(&token), json!({"name": "x"})).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn organisations_and_people_through_the_api() {
    for t in TestApp::all().await {
        let token = t.token("staff@tandem.demo").await;
        let centres = t.get("/api/v1/orgs?kind=centre&per_page=1", Auth::Bearer(&token)).await.json();
        assert_eq!(centres["total"], 24);
        let centre = centres["items"][0]["id"].as_i64().unwrap();
        let enterprise = t.get("/api/v1/enterprises?per_page=1", Auth::Bearer(&token)).await.json()["items"][0]["id"]
            .as_i64()
            .unwrap();

        let r = t
            .json(
                Method::POST,
                "/api/v1/orgs",
                Auth::Bearer(&token),
                json!({"kind": "lab", "name": "错放的实验室", "parent_id": enterprise}),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("org.parent_kind"))
        );
        let r = t
            .json(
                Method::POST,
                "/api/v1/orgs",
                Auth::Bearer(&token),
                json!({"kind": "lab", "name": "工业视觉联合实验室", "parent_id": centre}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let lab = r.json()["id"].as_i64().unwrap();
        let r = t
            .json(
                Method::PATCH,
                &format!("/api/v1/orgs/{lab}"),
                Auth::Bearer(&token),
                json!({"name_en": "Joint Machine Vision Lab"}),
            )
            .await;
        assert_eq!(r.json()["name_en"], "Joint Machine Vision Lab");
        let r = t
            .json(Method::PATCH, &format!("/api/v1/orgs/{lab}"), Auth::Bearer(&token), json!({"kind": "college"}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

        let r = t
            .json(
                Method::POST,
                "/api/v1/people",
                Auth::Bearer(&token),
                json!({"name": "新老师", "email": "new.teacher@example.cn", "expertise": "机器视觉, 数控"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let person = r.json()["id"].as_i64().unwrap();
        assert_eq!(r.json()["expertise"], json!(["机器视觉", "数控"]));
        let r = t
            .json(
                Method::POST,
                "/api/v1/people",
                Auth::Bearer(&token),
                json!({"name": "重名", "email": "NEW.teacher@example.cn"}),
            )
            .await;
        assert_eq!((r.status, r.json()["fields"][0]["field"].as_str()), (StatusCode::CONFLICT, Some("email")));
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/people/{person}/memberships"),
                Auth::Bearer(&token),
                json!({"org_id": enterprise, "role": "teacher"}),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("role.wrong_org_kind"))
        );
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/people/{person}/memberships"),
                Auth::Bearer(&token),
                json!({"org_id": lab, "role": "teacher"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
        let mid = r.json()["memberships"][0]["id"].as_i64().unwrap();
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/people/{person}/memberships"),
                Auth::Bearer(&token),
                json!({"org_id": lab, "role": "teacher"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let members = t.get(&format!("/api/v1/people?org_id={lab}"), Auth::Bearer(&token)).await.json();
        assert_eq!(members["total"], 1);

        // Partnerships between a college and an enterprise.
        let college =
            t.get("/api/v1/orgs?kind=college&per_page=1", Auth::Bearer(&token)).await.json()["items"][0]["id"]
                .as_i64()
                .unwrap();
        let partners = |v: &serde_json::Value| {
            v["partner_enterprises"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect::<Vec<_>>()
        };
        let before = partners(&t.get(&format!("/api/v1/orgs/{college}"), Auth::Bearer(&token)).await.json());
        let newcomer = t.get("/api/v1/enterprises?per_page=200&page=2", Auth::Bearer(&token)).await.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .find(|id| !before.contains(id))
            .unwrap();
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/orgs/{college}/partners"),
                Auth::Bearer(&token),
                json!({"enterprise_id": newcomer}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert!(partners(&r.json()).contains(&newcomer));
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/orgs/{college}/partners"),
                Auth::Bearer(&token),
                json!({"enterprise_id": newcomer}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/orgs/{college}/partners"),
                Auth::Bearer(&token),
                json!({"enterprise_id": lab}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a lab is no enterprise");
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/orgs/{lab}/partners"),
                Auth::Bearer(&token),
                json!({"enterprise_id": newcomer}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "only colleges have partners");
        let r = t
            .send(
                Method::DELETE,
                &format!("/api/v1/orgs/{college}/partners/{newcomer}"),
                Auth::Bearer(&token),
                None,
                vec![],
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(partners(&t.get(&format!("/api/v1/orgs/{college}"), Auth::Bearer(&token)).await.json()), before);
        let teacher = t.token("teacher@tandem.demo").await;
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/orgs/{college}/partners"),
                Auth::Bearer(&teacher),
                json!({"enterprise_id": newcomer}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = t
            .send(
                Method::DELETE,
                &format!("/api/v1/people/{person}/memberships/{mid}"),
                Auth::Bearer(&token),
                None,
                vec![],
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(t.get(&format!("/api/v1/people?org_id={lab}"), Auth::Bearer(&token)).await.json()["total"], 0);
    }
}

#[tokio::test]
async fn the_openapi_document_matches_its_snapshot() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let r = t.get("/api/openapi.json", Auth::None).await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/api/v1/enterprises/{id}"]["patch"].is_object());
    let mut ids: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|ops| ops.as_object().unwrap().values().filter_map(|op| op["operationId"].as_str()))
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "operation ids are unique");
    complete_operations(&doc);
    insta::assert_json_snapshot!("openapi", doc);
}

/// Every operation belongs to an area's tag, every operation that takes a body says what it
/// takes, every success answer but 204 says what it is, and every answer names its schema.
fn complete_operations(doc: &serde_json::Value) {
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let tag = op["tags"][0].as_str().unwrap_or("");
            assert!(!tag.is_empty(), "{method} {path} has its area's tag");
            checked += 1;
            let takes_body = matches!(method.as_str(), "post" | "put" | "patch");
            if takes_body {
                assert!(op["requestBody"]["content"].is_object(), "{method} {path} declares its request body");
            }
            for (status, answer) in op["responses"].as_object().unwrap() {
                if status.starts_with('2') && status != "204" {
                    let content = answer["content"].as_object();
                    let typed = content.is_some_and(|c| !c.is_empty() && c.values().all(|m| m["schema"].is_object()));
                    assert!(typed, "{method} {path} {status} has a schema: {answer}");
                }
            }
        }
    }
    assert!(checked >= 97, "every operation is checked ({checked})");
}
