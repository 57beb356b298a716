//! Policy consultation over HTTP: the API's contract (bodies, the 422 that names a criterion,
//! CEL semantics through `evaluate`, who may read what) and the pages' forms.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

fn policy(rd_bar: f64) -> Value {
    json!({
        "title": "沈阳市研发投入后补助（测试）",
        "issuer": "沈阳市科学技术局",
        "level": "city",
        "valid_from": "2026-01-01",
        "valid_to": "2027-12-31",
        "benefit_type": "subsidy",
        "apply_free": true,
        "amount_formula": "enterprise.rd_expense_wan * 10000.0 * 0.05",
        "criteria": [
            {"id": "in_shenyang", "label": "注册地在沈阳市", "expression": "enterprise.city_code == '210100'"},
            {"id": "staffed", "label": "从业人员不少于 10 人", "expression": "enterprise.employees >= 10"},
            {"id": "rd_expense", "label": "研发费用达标", "expression": format!("enterprise.rd_expense_wan >= {rd_bar:.2}"),
             "hint": "加大研发投入并规范归集研发费用。"},
            {"id": "founded", "label": "成立满一年", "expression": "enterprise.age_years >= 1"}
        ]
    })
}

#[tokio::test]
async fn staff_write_a_policy_and_a_criterion_that_does_not_compile_is_a_422_naming_it() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let staff = t.token("staff@tandem.demo").await;
    let before = t.get("/api/v1/policies", Auth::Bearer(&staff)).await.json().as_array().unwrap().len();

    let mut bad = policy(100.0);
    bad["criteria"][2]["expression"] = json!("enterprise.rd_expense_wan >=");
    let r = t.json(Method::POST, "/api/v1/policies", Auth::Bearer(&staff), bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let v = r.json();
    assert_eq!(v["code"], "policy.criterion_invalid");
    assert!(v["message"].as_str().unwrap().contains("rd_expense"), "{v}");
    assert_eq!(v["fields"][0]["field"], "criteria[2].expression");

    for (patch, field, code) in [
        (json!({"valid_to": "2025-01-01"}), "valid_to", "policy.ends_before_start"),
        (json!({"level": "county"}), "level", "policy.unknown_level"),
        (json!({"apply_free": "yes"}), "apply_free", "not_a_boolean"),
        (json!({"criteria": []}), "criteria", "policy.no_criteria"),
    ] {
        let mut body = policy(100.0);
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = t.json(Method::POST, "/api/v1/policies", Auth::Bearer(&staff), body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", r.body);
        assert!(
            r.json()["fields"].as_array().unwrap().iter().any(|f| f["field"] == field && f["code"] == code),
            "{}",
            r.body
        );
    }
    let mut twice = policy(100.0);
    twice["criteria"][3]["id"] = json!("staffed");
    let r = t.json(Method::POST, "/api/v1/policies", Auth::Bearer(&staff), twice).await;
    assert_eq!(r.json()["fields"][0]["code"], "policy.criterion_id_repeated");
    let after = t.get("/api/v1/policies", Auth::Bearer(&staff)).await.json().as_array().unwrap().len();
    assert_eq!(after, before, "nothing stored");

    // An unknown fact is a warning listing the known ones; the policy is saved as a draft.
    let mut odd = policy(100.0);
    odd["criteria"][0]["expression"] = json!("enterprise.citycode == '210100'");
    let r = t.json(Method::POST, "/api/v1/policies", Auth::Bearer(&staff), odd).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let saved = r.json();
    assert_eq!(saved["warnings"][0]["code"], "policy.unknown_fact");
    assert_eq!(saved["warnings"][0]["criterion"], "in_shenyang");
    assert!(saved["warnings"][0]["known"].as_array().unwrap().iter().any(|k| k == "enterprise.city_code"));
    let id = saved["id"].as_i64().unwrap();
    let anonymous = t.get(&format!("/api/v1/policies/{id}"), Auth::None).await;
    assert_eq!(anonymous.status, StatusCode::NOT_FOUND, "a draft is the staff's");

    // PUT makes version 2; publishing shows it to everyone.
    let r = t.json(Method::PUT, &format!("/api/v1/policies/{id}"), Auth::Bearer(&staff), policy(50.0)).await;
    assert_eq!((r.status, r.json()["version"].clone()), (StatusCode::OK, json!(2)), "{}", r.body);
    let r = t.json(Method::POST, &format!("/api/v1/policies/{id}/publish"), Auth::Bearer(&staff), json!({})).await;
    assert_eq!(r.json()["status"], "published");
    let public = t.get(&format!("/api/v1/policies/{id}"), Auth::None).await.json();
    assert_eq!(
        (public["version"].clone(), public["criteria"][2]["expression"].clone()),
        (json!(2), json!("enterprise.rd_expense_wan >= 50.00"))
    );

    let enterprise = t.token("enterprise@tandem.demo").await;
    let r = t.json(Method::POST, "/api/v1/policies", Auth::Bearer(&enterprise), policy(1.0)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// Evaluates one expression as a one-criterion policy's criterion against `facts`.
async fn criterion(t: &TestApp, staff: &str, expression: &str, facts: Value) -> Value {
    let mut body = policy(1.0);
    body["criteria"] = json!([{"id": "c", "label": "c", "expression": expression}]);
    body["publish"] = json!(true);
    let created = t.json(Method::POST, "/api/v1/policies", Auth::Bearer(staff), body).await.json();
    let id = created["id"].as_i64().unwrap();
    let r = t
        .json(Method::POST, "/api/v1/policies/evaluate", Auth::None, json!({"facts": facts, "policy_ids": [id]}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["results"][0].clone()
}

#[tokio::test]
async fn evaluate_follows_cel_and_names_the_facts_it_lacks() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let staff = t.token("staff@tandem.demo").await;
    let facts = json!({"enterprise": {"employees": 120, "revenue_wan": 3500.5, "name": "沈阳数控"}, "ip": {"items": [1, 2, 3]}});
    for (expression, met) in [
        ("enterprise.employees / 7 == 17", json!(true)),
        ("enterprise.revenue_wan > 3500", json!(true)),
        ("size(enterprise.name) == 4", json!(true)),
        ("enterprise.name.matches('^沈阳')", json!(true)),
        ("has(enterprise.employees) && !has(enterprise.rd_expense_wan)", json!(true)),
        ("ip.items.exists(x, x > 2) && ip.items.all(x, x > 0)", json!(true)),
        ("ip.items.map(x, x * 2) == [2, 4, 6] && ip.items.filter(x, x > 1).size() == 2", json!(true)),
        ("timestamp('2024-01-01T00:00:00Z') + duration('24h') == timestamp('2024-01-02T00:00:00Z')", json!(true)),
        ("false && enterprise.rd_expense_wan > 1.0", json!(false)),
        ("enterprise.rd_expense_wan > 1.0 && false", json!(false)),
        ("enterprise.rd_expense_wan > 1.0 || true", json!(true)),
        ("enterprise.rd_expense_wan > 1.0 && true", Value::Null),
        ("enterprise.employees > 'many'", Value::Null),
        ("enterprise.employees + 1", Value::Null),
    ] {
        let r = criterion(&t, &staff, expression, facts.clone()).await;
        assert_eq!(r["criteria"][0]["met"], met, "{expression}: {r}");
        assert_eq!(r["eligible"], met, "{expression}: one criterion decides");
    }
    let r = criterion(&t, &staff, "enterprise.rd_expense_wan >= 100.0", facts.clone()).await;
    assert_eq!(r["criteria"][0]["missing"], json!(["enterprise.rd_expense_wan"]));
    assert!(r["criteria"][0]["explanation"].as_str().unwrap().starts_with("Unknown"), "{r}");
    let r = criterion(&t, &staff, "enterprise.employees >= 200", facts.clone()).await;
    assert_eq!(r["standing"], "near");
    assert!(r["criteria"][0]["explanation"].as_str().unwrap().contains("short by 80"), "{r}");
    assert!(r["criteria"][0]["explanation_zh"].as_str().unwrap().contains("还差 80"), "{r}");

    // Bad requests: no facts, both kinds at once, an enterprise without signing in, huge lists.
    let url = "/api/v1/policies/evaluate";
    let r = t.json(Method::POST, url, Auth::None, json!({})).await;
    assert_eq!(
        (r.status, r.json()["fields"][0]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("required"))
    );
    let r = t.json(Method::POST, url, Auth::None, json!({"facts": {}, "enterprise_id": 1})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = t.json(Method::POST, url, Auth::None, json!({"enterprise_id": 1})).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let long: Vec<i64> = (0..2000).collect();
    let r = t.json(Method::POST, url, Auth::None, json!({"facts": {"ip": {"items": long}}})).await;
    assert_eq!(r.json()["fields"][0]["code"], "policy.facts_list_too_long");
}

#[tokio::test]
async fn an_enterprise_sees_only_its_own_standing_and_lists_go_to_staff_counts_to_government() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let staff = t.token("staff@tandem.demo").await;
    let enterprise = t.token("enterprise@tandem.demo").await;
    let gov = t.token("gov@tandem.demo").await;
    let mine = t.get("/api/v1/enterprises", Auth::Bearer(&enterprise)).await.json();
    let own = mine["items"][0]["id"].as_i64().unwrap();
    let mut body = policy(1.0);
    body["publish"] = json!(true);
    let id = t.json(Method::POST, "/api/v1/policies", Auth::Bearer(&staff), body).await.json()["id"].as_i64().unwrap();

    let r = t
        .json(Method::POST, "/api/v1/policies/evaluate", Auth::Bearer(&enterprise), json!({"enterprise_id": own}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["results"].as_array().unwrap().iter().any(|x| x["policy_id"] == id));
    let list = t.get(&format!("/api/v1/policies/{id}/enterprises"), Auth::Bearer(&staff)).await.json();
    let other = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["enterprise_id"].as_i64().unwrap())
        .find(|e| *e != own)
        .unwrap();
    let r = t
        .json(Method::POST, "/api/v1/policies/evaluate", Auth::Bearer(&enterprise), json!({"enterprise_id": other}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "another enterprise's standing does not exist for it");
    let page = t
        .get(&format!("/enterprises/{other}/policies"), Auth::Cookie(&t.sign_in("enterprise@tandem.demo").await))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);

    let eligible =
        t.get(&format!("/api/v1/policies/{id}/enterprises?status=eligible"), Auth::Bearer(&staff)).await.json();
    assert_eq!(eligible["items"].as_array().unwrap().len(), eligible["counts"]["eligible"].as_u64().unwrap() as usize);
    assert!(eligible["items"].as_array().unwrap().iter().all(|e| e["standing"] == "eligible"));
    let r = t.get(&format!("/api/v1/policies/{id}/enterprises?status=maybe"), Auth::Bearer(&staff)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for who in [&enterprise, &gov] {
        assert_eq!(
            t.get(&format!("/api/v1/policies/{id}/enterprises"), Auth::Bearer(who)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let counts = t.get(&format!("/api/v1/policies/{id}/aggregates"), Auth::Bearer(&gov)).await;
    assert_eq!(counts.status, StatusCode::OK);
    let counts = counts.json();
    assert!(counts.get("items").is_none(), "government sees counts, not enterprises");
    assert_eq!(
        counts["by_region"].as_array().unwrap().iter().map(|g| g["eligible"].as_u64().unwrap()).sum::<u64>(),
        eligible["counts"]["eligible"].as_u64().unwrap()
    );
    assert_eq!(
        t.get(&format!("/api/v1/policies/{id}/aggregates"), Auth::Bearer(&enterprise)).await.status,
        StatusCode::FORBIDDEN
    );

    let r = t.json(Method::POST, &format!("/api/v1/policies/{id}/notify"), Auth::Bearer(&staff), json!({})).await;
    assert_eq!(r.json()["notified"], eligible["counts"]["eligible"]);
    let r = t.json(Method::POST, &format!("/api/v1/policies/{id}/notify"), Auth::Bearer(&staff), json!({})).await;
    assert_eq!(r.json()["notified"], 0);
    let xlsx = t
        .get(
            &format!("/policies/{id}/enterprises.xlsx?status=eligible"),
            Auth::Cookie(&t.sign_in("staff@tandem.demo").await),
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.headers["content-type"].to_str().unwrap().contains("spreadsheetml"));
}

#[tokio::test]
async fn the_editor_shows_a_syntax_error_under_its_criterion_and_the_calculator_needs_no_account() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let cookie = t.sign_in("staff@tandem.demo").await;
    let mut pairs = vec![
        ("title", "测试政策"),
        ("issuer", "沈阳市科学技术局"),
        ("level", "city"),
        ("valid_from", "2026-01-01"),
        ("benefit_type", "reward"),
        ("c0_id", "rd"),
        ("c0_label", "研发费用"),
        ("c0_expression", "enterprise.rd_expense_wan >= (100.0"),
    ];
    let r = t.form("/policies", Auth::Cookie(&cookie), &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = r.texts(".field-error");
    assert!(errors.iter().any(|e| e.contains("“rd”") && e.contains("第 1 行第 37 列")), "{errors:?}");
    pairs[7] = ("c0_expression", "enterprise.rd_expense_wan >= 100.0");
    let tested = t
        .form(
            "/policies/test",
            Auth::Cookie(&cookie),
            &[pairs.clone(), vec![("facts_json", "{\"enterprise\": {\"rd_expense_wan\": 60.0}}")]].concat(),
        )
        .await;
    assert_eq!(tested.status, StatusCode::OK, "{}", tested.body);
    assert!(
        tested.texts("#test-result .explanation")[0].contains("40"),
        "{:?}",
        tested.texts("#test-result .explanation")
    );
    let saved = t
        .form("/policies", Auth::Cookie(&cookie), &[pairs, vec![("publish", "1"), ("apply_free_1", "1")]].concat())
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let id = saved.location_path().trim_start_matches("/policies/").to_owned();
    let stored = t.get(&format!("/api/v1/policies/{id}"), Auth::None).await.json();
    assert_eq!((stored["status"].clone(), stored["apply_free"].clone()), (json!("published"), json!(true)), "{stored}");
    let edit = t.get(&format!("/policies/{id}/edit"), Auth::Cookie(&cookie)).await;
    assert_eq!(edit.texts("input[name='apply_free_1'][checked]").len(), 1, "the box stays ticked");

    let calc = t
        .get(
            "/policies/calculator?employees=50&rd_expense_wan=120&region_code=210112&founded_on=2015-01-01",
            Auth::None,
        )
        .await;
    assert_eq!(calc.status, StatusCode::OK, "{:?}", calc.texts(".field-error"));
    assert!(!calc.texts("#eligible .policy-result h3").is_empty(), "{:?}", calc.texts("h3"));
    let bad = t.get("/policies/calculator?employees=many", Auth::None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!bad.texts(".field-error").is_empty());
    let library = t.get("/policies", Auth::None).await;
    assert_eq!(library.status, StatusCode::OK);
    assert!(library.texts("#policies-table a").len() >= 8);
}
