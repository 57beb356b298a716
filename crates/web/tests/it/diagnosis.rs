//! Enterprise diagnosis through the API: the calculator, stored assessments, access.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;

fn srdi_answers() -> serde_json::Value {
    json!({
        "SRF-01": 85, "SRF-02": 9, "SRF-03": 7, "SRF-04": "basic_or_heritage_or_chain_supplier", "SRF-05": 2,
        "SRF-06": ["qms_certificate", "own_brand"], "SRF-07": 6.5, "SRF-08": 55, "SRF-09": 8,
        "SRF-10": "class1_self_developed", "SRF-11": {"amount_wan": 260, "intensity_pct": 6.2}, "SRF-12": 12,
        "SRF-13": "provincial"
    })
}

#[tokio::test]
async fn the_calculator_scores_and_explains_without_storing() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let token = t.token("enterprise@tandem.demo").await;
    let list = t.get("/api/v1/instruments", Auth::Bearer(&token)).await.json();
    assert!(list["items"].as_array().unwrap().iter().any(|i| i["id"] == "miit-2022-srdi"));
    let def = t.get("/api/v1/instruments/miit-2022-srdi", Auth::Bearer(&token)).await.json();
    assert_eq!(def["indicators"][0]["id"], "SRF-01");
    assert_eq!(def["indicators"][0]["unit"], "%");
    assert_eq!(t.get("/api/v1/instruments/nope", Auth::Bearer(&token)).await.status, StatusCode::NOT_FOUND);

    let r = t
        .json(
            Method::POST,
            "/api/v1/instruments/miit-2022-srdi/score",
            Auth::Bearer(&token),
            json!({"answers": srdi_answers()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["total"], 69);
    assert_eq!(v["passed"], serde_json::Value::Null);
    assert!(v["note"].as_str().unwrap().contains("SRF-B1"));
    assert_eq!(v["indicators"]["SRF-01"]["points"], 5);
    assert_eq!(v["indicators"]["SRF-01"]["explanation"], "Answer 85%: at least 80% → 5 of 5 points.");
    assert!(v["indicators"]["SRF-11"]["explanation"].as_str().unwrap().contains("the better of the two"));
    assert!(v["indicators"]["SRF-01"]["explanation_zh"].as_str().unwrap().contains("得 5 分"));
    assert!(v["opportunities"][0]["text"].as_str().unwrap().starts_with("+2 points"));

    insta::assert_json_snapshot!("srdi_report", v);

    let mut with_facts = srdi_answers();
    with_facts["SRF-B1"] = json!(3);
    with_facts["SRF-B2"] = json!(true);
    with_facts["SRF-B3"] = json!(true);
    let v = t
        .json(
            Method::POST,
            "/api/v1/instruments/miit-2022-srdi/score",
            Auth::Bearer(&token),
            json!({"answers": with_facts}),
        )
        .await
        .json();
    assert_eq!(v["passed"], true);

    let mut bad = srdi_answers();
    bad.as_object_mut().unwrap().remove("SRF-03");
    bad["SRF-01"] = json!(150);
    bad["SRF-04"] = json!("gold");
    let r = t
        .json(Method::POST, "/api/v1/instruments/miit-2022-srdi/score", Auth::Bearer(&token), json!({"answers": bad}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> =
        r.json()["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, vec!["SRF-01", "SRF-03", "SRF-04"]);
    let r = t
        .json(Method::POST, "/api/v1/instruments/miit-2022-srdi/score", Auth::Bearer(&token), json!({"answers": [1]}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The digital level keeps fractional official points exact and reports a provisional level.
    let dl = json!({"answers": {
        "DL-B1": ["control_network"], "DL-B2": 20, "DL-B3": 20.5, "DL-B4": ["hr"], "DL-B5": "all", "DL-B6": [], "DL-B7": [],
        "DL-M1": "planned", "DL-M2": ["dx_process"], "DL-M3": [], "DL-M4": 0, "DL-R1": "flat", "DL-R2": "flat", "DL-R3": "flat", "DL-R4": "flat",
        "DL-S06": 3
    }});
    let v = t
        .json(Method::POST, "/api/v1/instruments/miit-2024-digital-level/score", Auth::Bearer(&token), dl)
        .await
        .json();
    assert_eq!(v["indicators"]["DL-B2"]["points"], json!(1.5));
    assert_eq!(v["indicators"]["DL-B2"]["explanation"], "Answer 20%: above 10% → 1.5 of 6 points.");
    assert_eq!(v["indicators"]["DL-M2"]["points"], json!(1.875));
    assert_eq!(v["total"], json!(32.275));
    assert_eq!(v["level"]["id"], "level1");
    assert_eq!(v["provisional"], true);

    // ISO 9001 reports a 0–100 maturity index: all sub-clauses at level 3 give 60.
    let def = t.get("/api/v1/instruments/iso-9001-2015", Auth::Bearer(&token)).await.json();
    let answers: serde_json::Map<String, serde_json::Value> = def["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap().to_owned(), json!("3")))
        .collect();
    let v = t
        .json(
            Method::POST,
            "/api/v1/instruments/iso-9001-2015/score",
            Auth::Bearer(&token),
            json!({"answers": answers}),
        )
        .await
        .json();
    assert_eq!(v["percent"], json!(60.0));
    assert_eq!(
        v["indicators"]["ISO-8.3"]["explanation"],
        "Answer \"Level 3: Documented and applied\" → 3 of 5 points."
    );

    // The 2026 gates are marked provisional and decide on facts alone.
    let s26 = list["items"].as_array().unwrap().iter().find(|i| i["id"] == "miit-2026-srdi").unwrap().clone();
    assert_eq!(s26["provisional"], true);
    let gates = json!({"answers": {"S26-1": true, "S26-2": true, "S26-3": 4, "S26-4-revenue": 1200, "S26-4-equity": 2500,
        "S26-4-main": 85, "S26-4-debt": 60, "S26-5": true, "S26-6-ip": 0, "S26-6-waiver": true, "S26-7": true, "S26-8": 49}});
    let v = t.json(Method::POST, "/api/v1/instruments/miit-2026-srdi/score", Auth::Bearer(&token), gates).await.json();
    assert_eq!(v["passed"], false);
    let failed: Vec<&str> = v["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["holds"] == false && c["needed"] == true)
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("development score"), "{failed:?}");

    // And a gate assessment reads back as a page without a total or radar.
    let own = t.own_enterprise_id(&token).await;
    let r = t
        .json(
            Method::POST,
            &format!("/api/v1/enterprises/{own}/assessments"),
            Auth::Bearer(&token),
            json!({"instrument": "miit-2026-little-giant", "answers": {"G26-1": true}, "submit": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let cookie = t.sign_in("enterprise@tandem.demo").await;
    let page = t.get(&format!("/assessments/{id}"), Auth::Cookie(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("暂定规则") && page.body.contains("verdict-unknown") && !page.body.contains("diag-total")
    );
}

#[tokio::test]
async fn an_enterprise_drafts_submits_and_reads_its_own_assessment_only() {
    for t in TestApp::all().await {
        let admin = t.token("enterprise@tandem.demo").await;
        let own = t.own_enterprise_id(&admin).await;
        let mut partial = srdi_answers();
        partial.as_object_mut().unwrap().remove("SRF-13");
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/enterprises/{own}/assessments"),
                Auth::Bearer(&admin),
                json!({"instrument": "miit-2022-srdi", "answers": partial}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.backend, r.body);
        let draft = r.json();
        assert_eq!(draft["status"], "draft");
        let id = draft["id"].as_i64().unwrap();
        // R&D expense above the revenue in the enterprise's profile is refused on its part.
        let r = t
            .json(
                Method::PATCH,
                &format!("/api/v1/assessments/{id}"),
                Auth::Bearer(&admin),
                json!({"answers": {"SRF-11": {"amount_wan": 99_000_000, "intensity_pct": 5}}}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            (r.json()["fields"][0]["field"].as_str(), r.json()["fields"][0]["code"].as_str()),
            (Some("SRF-11.amount_wan"), Some("answer.exceeds_profile"))
        );
        // Submitting with an indicator missing names it and writes nothing.
        let r = t
            .json(Method::PATCH, &format!("/api/v1/assessments/{id}"), Auth::Bearer(&admin), json!({"submit": true}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["fields"][0]["field"], "SRF-13");
        let r = t
            .json(
                Method::PATCH,
                &format!("/api/v1/assessments/{id}"),
                Auth::Bearer(&admin),
                json!({"answers": {"SRF-13": "provincial"}, "submit": true}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let done = r.json();
        assert_eq!((done["status"].as_str(), done["total"].as_i64()), (Some("submitted"), Some(69)));
        assert_eq!(done["result"]["indicators"]["SRF-13"]["points"], 8);
        // Weak dimensions come with people whose expertise matches (distinctiveness: 8 of 15).
        let read = t.get(&format!("/api/v1/assessments/{id}"), Auth::Bearer(&admin)).await.json();
        let recs = read["recommendations"].as_array().unwrap();
        assert_eq!(recs.len(), 1, "{recs:?}");
        assert_eq!(recs[0]["group"], "distinctiveness");
        assert!(!recs[0]["helpers"].as_array().unwrap().is_empty(), "the demo has matching experts");
        let r = t
            .json(
                Method::PATCH,
                &format!("/api/v1/assessments/{id}"),
                Auth::Bearer(&admin),
                json!({"answers": {"SRF-13": "national"}}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a submitted assessment is final");
        let list = t.get(&format!("/api/v1/enterprises/{own}/assessments"), Auth::Bearer(&admin)).await.json();
        assert!(list["items"].as_array().unwrap().iter().any(|a| a["id"] == id));

        // A member reads but does not write; another enterprise and government see nothing.
        let member = t.token("member@tandem.demo").await;
        assert_eq!(t.get(&format!("/api/v1/assessments/{id}"), Auth::Bearer(&member)).await.status, StatusCode::OK);
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/enterprises/{own}/assessments"),
                Auth::Bearer(&member),
                json!({"instrument": "miit-2022-srdi", "answers": {}}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let expert = t.token("expert@tandem.demo").await;
        assert_eq!(
            t.get(&format!("/api/v1/assessments/{id}"), Auth::Bearer(&expert)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            t.get(&format!("/api/v1/enterprises/{own}/assessments"), Auth::Bearer(&expert)).await.status,
            StatusCode::NOT_FOUND
        );
        let gov = t.token("gov@tandem.demo").await;
        assert_eq!(t.get(&format!("/api/v1/assessments/{id}"), Auth::Bearer(&gov)).await.status, StatusCode::NOT_FOUND);
        // Staff may diagnose on the enterprise's behalf; a wrong instrument or answer writes nothing.
        let staff = t.token("staff@tandem.demo").await;
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/enterprises/{own}/assessments"),
                Auth::Bearer(&staff),
                json!({"instrument": "nope", "answers": {}}),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("instrument"))
        );
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/enterprises/{own}/assessments"),
                Auth::Bearer(&staff),
                json!({"instrument": "miit-2022-innovative", "answers": {"INN-2": "lots"}}),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("INN-2"))
        );
        let after = t.get(&format!("/api/v1/enterprises/{own}/assessments"), Auth::Bearer(&staff)).await.json();
        assert_eq!(after["items"].as_array().unwrap().len(), list["items"].as_array().unwrap().len());
    }
}

fn srdi_form(without: &[&str]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("SRF-01", "85"),
        ("SRF-02", "9"),
        ("SRF-03", "7"),
        ("SRF-04", "basic_or_heritage_or_chain_supplier"),
        ("SRF-05", "2"),
        ("SRF-06", "qms_certificate"),
        ("SRF-06", "own_brand"),
        ("SRF-07", "6.5"),
        ("SRF-08", "55"),
        ("SRF-09", "8"),
        ("SRF-10", "class1_self_developed"),
        ("SRF-11.amount_wan", "260"),
        ("SRF-11.intensity_pct", "6.2"),
        ("SRF-12", "12"),
        ("SRF-13", "provincial"),
        ("SRF-B1", "3"),
        ("SRF-B2", "yes"),
        ("SRF-B3", "yes"),
    ]
    .into_iter()
    .filter(|(k, _)| !without.contains(k))
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    f.push(("action".into(), "submit".into()));
    f
}

#[tokio::test]
async fn staff_fill_in_a_diagnosis_in_the_browser_over_two_sittings() {
    for t in TestApp::all().await {
        let cookie = t.sign_in("staff@tandem.demo").await;
        let own = t.own_enterprise_id(&t.token("enterprise@tandem.demo").await).await;
        let page = t.get(&format!("/enterprises/{own}"), Auth::Cookie(&cookie)).await;
        assert!(page.body.contains("assessments/new?instrument=miit-2022-srdi"), "a start link");
        // Figures the profile already holds are filled in.
        let staff_token = t.token("staff@tandem.demo").await;
        let revenue = t.get(&format!("/api/v1/enterprises/{own}"), Auth::Bearer(&staff_token)).await.json()["operating_revenue_wan"].clone();
        let gates = t
            .get(&format!("/enterprises/{own}/assessments/new?instrument=miit-2026-srdi"), Auth::Cookie(&cookie))
            .await;
        assert!(
            gates
                .body
                .contains(&format!("name=\"S26-4-revenue\" type=\"text\" inputmode=\"decimal\" value=\"{revenue}\"")),
            "{revenue}"
        );
        assert!(page.body.contains("assessment-table"), "the demo's earlier diagnoses are listed");
        let form = t
            .get(&format!("/enterprises/{own}/assessments/new?instrument=miit-2022-srdi"), Auth::Cookie(&cookie))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("name=\"SRF-11.amount_wan\""));

        // First sitting: text where a number belongs is refused on its field, the rest kept.
        let mut bad = srdi_form(&[]);
        bad.iter_mut().find(|(k, _)| k == "SRF-07").unwrap().1 = "six".into();
        let pairs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = t
            .form(&format!("/enterprises/{own}/assessments?instrument=miit-2022-srdi"), Auth::Cookie(&cookie), &pairs)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"SRF-07-error\"") && r.body.contains("value=\"six\""));

        // Save a draft without SRF-13, then come back and submit.
        let mut draft = srdi_form(&["SRF-13"]);
        draft.last_mut().unwrap().1 = "save".into();
        let pairs: Vec<(&str, &str)> = draft.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = t
            .form(&format!("/enterprises/{own}/assessments?instrument=miit-2022-srdi"), Auth::Cookie(&cookie), &pairs)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let at = r.location_path();
        let again = t.get(&at, Auth::Cookie(&cookie)).await;
        assert!(again.body.contains("value=\"6.5\""), "the draft keeps what was saved");
        let incomplete = srdi_form(&["SRF-13"]);
        let pairs: Vec<(&str, &str)> = incomplete.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = t.form(&at, Auth::Cookie(&cookie), &pairs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"SRF-13-error\""));
        let full = srdi_form(&[]);
        let pairs: Vec<(&str, &str)> = full.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = t.form(&at, Auth::Cookie(&cookie), &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let result = t.get(&at, Auth::Cookie(&cookie)).await;
        assert!(result.body.contains("id=\"diag-total\">69<"), "{}", t.backend);
        assert!(result.body.contains("verdict-passed"));
        assert!(result.body.contains("<svg") && result.body.contains("radar-chart"));
        assert!(result.body.contains("diag-history"), "progress against the demo's earlier results");
        // The enterprise page places it on the MIIT ladder under each rule set.
        let page = t.get(&format!("/enterprises/{own}"), Auth::Cookie(&cookie)).await;
        assert!(page.body.contains("ladder-table"));
        assert!(page.body.contains("按2022 年暂行办法（工信部企业〔2022〕63号）：专精特新中小企业"), "{}", t.backend);
        assert!(
            page.body.contains("assessments/new?instrument=miit-2026-little-giant"),
            "an unassessed tier offers a start"
        );
        // Another enterprise's expert cannot open it.
        let expert = t.sign_in("expert@tandem.demo").await;
        assert_eq!(t.get(&at, Auth::Cookie(&expert)).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn staff_see_the_portfolio_government_only_aggregates() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let p = t.get("/api/v1/diagnosis/portfolio?instrument=miit-2022-srdi&per_page=200", Auth::Bearer(&staff)).await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        let p = p.json();
        let items = p["items"].as_array().unwrap();
        assert!(!items.is_empty());
        // One row per enterprise: its latest result only.
        let mut ids: Vec<i64> = items.iter().map(|i| i["enterprise_id"].as_i64().unwrap()).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "{}", t.backend);
        let totals: Vec<i64> = items.iter().map(|i| i["total"].as_i64().unwrap()).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]), "best first");
        let agg = t.get("/api/v1/diagnosis/aggregates?instrument=miit-2022-srdi", Auth::Bearer(&staff)).await.json();
        assert_eq!(agg["enterprises"].as_u64().unwrap() as usize, n);
        let banded: u64 = agg["total_bands"].as_array().unwrap().iter().map(|b| b[2].as_u64().unwrap()).sum();
        assert_eq!(banded as usize, n);
        let medium = t
            .get("/api/v1/diagnosis/aggregates?instrument=miit-2022-srdi&size_class=medium", Auth::Bearer(&staff))
            .await
            .json();
        assert!(medium["enterprises"].as_u64().unwrap() <= n as u64);

        let gov = t.token("gov@tandem.demo").await;
        assert_eq!(
            t.get("/api/v1/diagnosis/aggregates?instrument=miit-2022-srdi", Auth::Bearer(&gov)).await.status,
            StatusCode::OK
        );
        assert_eq!(
            t.get("/api/v1/diagnosis/portfolio?instrument=miit-2022-srdi", Auth::Bearer(&gov)).await.status,
            StatusCode::FORBIDDEN
        );
        let enterprise = t.token("enterprise@tandem.demo").await;
        assert_eq!(
            t.get("/api/v1/diagnosis/aggregates?instrument=miit-2022-srdi", Auth::Bearer(&enterprise)).await.status,
            StatusCode::FORBIDDEN
        );
        let r = t.get("/api/v1/diagnosis/portfolio?instrument=nope", Auth::Bearer(&staff)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = t.get("/api/v1/diagnosis/portfolio", Auth::Bearer(&staff)).await;
        assert_eq!(r.json()["fields"][0]["field"], "instrument");

        // Pages: the government page names no enterprise; staff export a workbook.
        let gov_page = t.get("/diagnosis", Auth::Cookie(&t.sign_in("gov@tandem.demo").await)).await;
        assert_eq!(gov_page.status, StatusCode::OK);
        assert!(
            gov_page.body.contains("id=\"aggregates\"")
                && !gov_page.body.contains("portfolio-table")
                && !gov_page.body.contains("/assessments/")
        );
        let cookie = t.sign_in("staff@tandem.demo").await;
        let page = t.get("/diagnosis?instrument=miit-2022-srdi", Auth::Cookie(&cookie)).await;
        assert!(page.body.contains("portfolio-table"));
        // The distributions are drawn as well as tabled, with the same counts.
        let drawn: usize = page.texts("#size-chart svg text.figure").iter().map(|n| n.parse::<usize>().unwrap()).sum();
        let counted = page.texts("#agg-count").join("").parse::<usize>().unwrap();
        assert_eq!(drawn, counted, "every diagnosed enterprise is in the size chart");
        assert!(page.has("#bands-chart svg.column-chart") && gov_page.has("#size-chart svg.bar-chart"));
        let xlsx = t.get("/diagnosis/export.xlsx?instrument=miit-2022-srdi", Auth::Cookie(&cookie)).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.headers.get("content-type").unwrap().to_str().unwrap().contains("spreadsheetml"));
        assert!(xlsx.body.starts_with("PK"));
        assert_eq!(
            t.get(
                "/diagnosis/export.xlsx?instrument=miit-2022-srdi",
                Auth::Cookie(&t.sign_in("gov@tandem.demo").await)
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn a_draft_read_from_the_api_can_be_sent_back_and_changed() {
    for t in TestApp::all().await {
        let admin = t.token("enterprise@tandem.demo").await;
        let own = t.own_enterprise_id(&admin).await;
        let mut partial = srdi_answers();
        partial.as_object_mut().unwrap().remove("SRF-13");
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/enterprises/{own}/assessments"),
                Auth::Bearer(&admin),
                json!({"instrument": "miit-2022-srdi", "answers": partial}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.backend, r.body);
        let at = format!("/api/v1/assessments/{}", r.json()["id"]);

        // As read, with its derived fields (status, times, recommendations): accepted, nothing changes.
        let mut read = t.get(&at, Auth::Bearer(&admin)).await.json();
        assert!(read["recommendations"].is_array(), "{read}");
        let r = t.json(Method::PATCH, &at, Auth::Bearer(&admin), read.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.backend, r.body);
        let again = r.json();
        assert_eq!((again["status"].as_str(), &again["answers"]), (Some("draft"), &read["answers"]));

        // Changed and completed where it was read, then submitted.
        read["answers"]["SRF-01"] = json!(90);
        read["answers"]["SRF-13"] = json!("provincial");
        read["submit"] = json!(true);
        let r = t.json(Method::PATCH, &at, Auth::Bearer(&admin), read).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.backend, r.body);
        let done = r.json();
        assert_eq!((done["status"].as_str(), done["answers"]["SRF-01"].as_i64()), (Some("submitted"), Some(90)));
        assert_eq!(done["result"]["indicators"]["SRF-13"]["points"], 8);
    }
}

#[tokio::test]
async fn unknown_fields_and_wrong_types_are_named() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let admin = t.token("enterprise@tandem.demo").await;
    let own = t.own_enterprise_id(&admin).await;
    let problem = |r: &crate::support::Reply| {
        let v = r.json();
        (
            r.status,
            v["fields"][0]["field"].as_str().map(str::to_owned),
            v["fields"][0]["code"].as_str().map(str::to_owned),
        )
    };
    let expect =
        |field: &str, code: &str| (StatusCode::UNPROCESSABLE_ENTITY, Some(field.to_owned()), Some(code.to_owned()));

    let score = "/api/v1/instruments/miit-2022-srdi/score";
    let r = t.json(Method::POST, score, Auth::Bearer(&admin), json!({"answers": srdi_answers(), "colour": 1})).await;
    assert_eq!(problem(&r), expect("colour", "unknown_field"));
    let r = t.json(Method::POST, score, Auth::Bearer(&admin), json!({})).await;
    assert_eq!(problem(&r), expect("answers", "required"));

    let create = format!("/api/v1/enterprises/{own}/assessments");
    let before = t.get(&create, Auth::Bearer(&admin)).await.json()["items"].as_array().unwrap().len();
    let r = t.json(Method::POST, &create, Auth::Bearer(&admin), json!({"instrument": ["miit-2022-srdi"]})).await;
    assert_eq!(problem(&r), expect("instrument", "wrong_type"));
    let r = t
        .json(Method::POST, &create, Auth::Bearer(&admin), json!({"instrument": "miit-2022-srdi", "submit": "yes"}))
        .await;
    assert_eq!(problem(&r), expect("submit", "wrong_type"));
    let r = t
        .json(Method::POST, &create, Auth::Bearer(&admin), json!({"instrument": "miit-2022-srdi", "answer": {}}))
        .await;
    assert_eq!(problem(&r), expect("answer", "unknown_field"));
    let after = t.get(&create, Auth::Bearer(&admin)).await.json()["items"].as_array().unwrap().len();
    assert_eq!(after, before, "nothing written");

    let r = t
        .json(Method::POST, &create, Auth::Bearer(&admin), json!({"instrument": "miit-2022-srdi", "answers": {}}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let at = format!("/api/v1/assessments/{}", r.json()["id"]);
    let r = t.json(Method::PATCH, &at, Auth::Bearer(&admin), json!({"answers": [85]})).await;
    assert_eq!(problem(&r), expect("answers", "wrong_type"));
    let r = t.json(Method::PATCH, &at, Auth::Bearer(&admin), json!({"answers": {}, "colour": "blue"})).await;
    assert_eq!(problem(&r), expect("colour", "unknown_field"));
}

#[tokio::test]
async fn a_scoring_model_names_its_improvements_gives_no_verdict_and_suggests_each_expert_once() {
    for t in TestApp::all().await {
        let admin = t.token("enterprise@tandem.demo").await;
        let own = t.own_enterprise_id(&admin).await;
        let catalogue = tandem_domain::diagnosis::Catalogue::load().unwrap();
        let iso = catalogue.get("iso-9001-2015").unwrap();
        // Every clause at level 1: every dimension is weak, and they share their help tags.
        let answers: serde_json::Map<String, serde_json::Value> =
            iso.indicators.iter().map(|i| (i.id.clone(), json!("1"))).collect();
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/enterprises/{own}/assessments"),
                Auth::Bearer(&admin),
                json!({"instrument": "iso-9001-2015", "answers": answers, "submit": true}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.backend, r.body);
        let id = r.json()["id"].as_i64().unwrap();
        let read = t.get(&format!("/api/v1/assessments/{id}"), Auth::Bearer(&admin)).await.json();
        let recs = read["recommendations"].as_array().unwrap();
        assert!(recs.len() > 1, "several weak dimensions: {recs:?}");
        let suggested: Vec<i64> = recs
            .iter()
            .flat_map(|r| r["helpers"].as_array().unwrap().iter().map(|h| h["person_id"].as_i64().unwrap()))
            .collect();
        assert!(!suggested.is_empty(), "the demo has quality experts");
        let mut once = suggested.clone();
        once.sort_unstable();
        once.dedup();
        assert_eq!(once.len(), suggested.len(), "no one is suggested twice: {suggested:?}");

        let cookie = t.sign_in("enterprise@tandem.demo").await;
        let page = t.get(&format!("/assessments/{id}"), Auth::Cookie(&cookie)).await;
        assert!(page.has("#diag-no-verdict") && !page.has("#diag-verdict"), "no verdict to wait for");
        assert!(!page.body.contains("结论待定"));
        let first = page.texts(".opportunities li strong");
        assert!(!first.is_empty() && first.iter().all(|n| !n.is_empty()), "each improvement named: {first:?}");
        assert!(first.iter().any(|n| n.contains("理解组织及其环境")), "{first:?}");
    }
}
