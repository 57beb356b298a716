//! The propositions API: an enterprise writes, staff screen and publish, the board shows the
//! public summary, and confidential details never reach another enterprise.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;
use tandem_domain::access::Role;
use tandem_domain::person::PersonInput;

fn proposition(enterprise_id: i64) -> serde_json::Value {
    json!({
        "enterprise_id": enterprise_id,
        "title": "注塑件翘曲变形的工艺优化",
        "summary": "薄壁注塑件出模后翘曲超过 0.3 mm，需要工艺参数与模具冷却方案。",
        "confidential": "模具图纸编号 M-2291 与当前工艺卡（保密）",
        "budget_min_fen": 10_000_000,
        "budget_max_fen": 30_000_000,
        "deadline": "2027-06-30",
        "trl": 5,
        "keywords": ["注塑", "翘曲"],
        "industry_code": "C29"
    })
}

/// A token of an administrator of an enterprise other than `own`.
async fn other_enterprise_token(t: &TestApp, own: i64) -> String {
    let staff = t.token("staff@tandem.demo").await;
    let list = t.get("/api/v1/enterprises?per_page=5", Auth::Bearer(&staff)).await.json();
    let other =
        list["items"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).find(|id| *id != own).unwrap();
    let person = PersonInput {
        name: "别家企业 管理员".into(),
        email: "rival@example.cn".into(),
        phone: String::new(),
        expertise: String::new(),
    };
    tandem_app::people::create_person_unchecked(&t.app, None, &person, None, Some((other, Role::EnterpriseAdmin)))
        .await
        .unwrap();
    t.token("rival@example.cn").await
}

#[tokio::test]
async fn a_proposition_goes_from_draft_to_the_board_and_its_details_stay_private() {
    for t in TestApp::all().await {
        let admin = t.token("enterprise@tandem.demo").await;
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let own = t.own_enterprise_id(&admin).await;
        let rival = other_enterprise_token(&t, own).await;

        let before = t.get("/api/v1/propositions", Auth::Bearer(&staff)).await.json()["total"].clone();
        // Bad input: each problem named, nothing written.
        let mut bad = proposition(own);
        bad["trl"] = json!(12);
        bad["budget_min_fen"] = json!(-5);
        bad["deadline"] = json!("2020-01-01");
        let r = t.json(Method::POST, "/api/v1/propositions", Auth::Bearer(&admin), bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", t.backend, r.body);
        let codes: Vec<String> =
            r.json()["fields"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect();
        for code in ["trl.out_of_range", "budget.negative", "deadline.past"] {
            assert!(codes.iter().any(|c| c == code), "{code} in {codes:?}");
        }
        let r =
            t.json(Method::POST, "/api/v1/propositions", Auth::Bearer(&admin), json!({"title": 5, "oops": 1})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused: {}", r.body);
        let r = t.json(Method::POST, "/api/v1/propositions", Auth::Bearer(&rival), proposition(own)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "another enterprise does not write for this one");
        assert_eq!(
            t.get("/api/v1/propositions", Auth::Bearer(&staff)).await.json()["total"],
            before,
            "nothing written"
        );

        let r = t.json(Method::POST, "/api/v1/propositions", Auth::Bearer(&admin), proposition(own)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        let path = format!("/api/v1/propositions/{id}");

        // What GET answers can be sent back as it is.
        let read = t.get(&path, Auth::Bearer(&admin)).await.json();
        assert_eq!(read["status"], "draft");
        assert_eq!(read["steps"], json!(["submit", "close"]));
        let r = t.json(Method::PUT, &path, Auth::Bearer(&admin), read.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["title"], read["title"]);

        // Unpublished: not found for everyone but the enterprise and staff.
        for token in [&rival, &teacher] {
            assert_eq!(t.get(&path, Auth::Bearer(token)).await.status, StatusCode::NOT_FOUND);
        }
        let post = |token: String, s: &'static str, body: serde_json::Value| {
            let url = format!("{path}/{s}");
            let t = &t;
            async move { t.json(Method::POST, &url, Auth::Bearer(&token), body).await }
        };
        assert_eq!(post(staff.clone(), "submit", json!({})).await.status, StatusCode::FORBIDDEN);
        assert_eq!(post(admin.clone(), "accept", json!({})).await.status, StatusCode::FORBIDDEN);
        let r = post(staff.clone(), "publish", json!({})).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert_eq!(r.json()["code"], "proposition.out_of_order");
        assert_eq!(post(admin.clone(), "submit", json!({})).await.json()["status"], "submitted");
        let r = t.json(Method::PUT, &path, Auth::Bearer(&admin), read).await;
        assert_eq!((r.status, r.json()["code"].clone()), (StatusCode::CONFLICT, json!("proposition.not_editable")));
        let r = post(staff.clone(), "return", json!({})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a return says why");
        assert_eq!(post(staff.clone(), "accept", json!({})).await.json()["status"], "accepted");
        assert_eq!(post(staff.clone(), "publish", json!({})).await.json()["status"], "published");
        assert_eq!(post(staff.clone(), "fly", json!({})).await.status, StatusCode::NOT_FOUND);

        // On the board: the summary for everyone signed in, the details for the enterprise only.
        for token in [&rival, &teacher] {
            let seen = t.get(&path, Auth::Bearer(token)).await;
            assert_eq!(seen.status, StatusCode::OK);
            assert!(!seen.body.contains("M-2291") && seen.json().get("confidential").is_none(), "{}", seen.body);
            assert!(seen.json().get("timeline").is_none());
            let board = t.get("/api/v1/propositions?status=published", Auth::Bearer(token)).await;
            assert!(board.body.contains("注塑件翘曲变形") && !board.body.contains("M-2291"));
            let search = t.get("/api/v1/propositions?q=M-2291", Auth::Bearer(token)).await.json();
            assert_eq!(search["total"], 0, "the details are not searched either");
        }
        let own_view = t.get(&path, Auth::Bearer(&admin)).await.json();
        assert_eq!(own_view["confidential"], "模具图纸编号 M-2291 与当前工艺卡（保密）");
        let steps: Vec<&str> =
            own_view["timeline"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
        assert_eq!(steps, ["submit", "accept", "publish"]);
        assert_eq!(
            t.get("/api/v1/propositions?trl=x", Auth::Bearer(&admin)).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
}

#[tokio::test]
async fn in_the_browser_an_enterprise_writes_staff_return_and_publish_and_others_read_the_summary() {
    for t in TestApp::all().await {
        let admin = t.sign_in("enterprise@tandem.demo").await;
        let staff = t.sign_in("staff@tandem.demo").await;
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let board = t.get("/propositions", Auth::Cookie(&admin)).await;
        assert!(board.has("#proposition-new"), "{}", t.backend);
        assert!(!t.get("/propositions", Auth::Cookie(&teacher)).await.has("#proposition-new"), "a teacher writes none");
        assert_eq!(t.get("/propositions/new", Auth::Cookie(&teacher)).await.status, StatusCode::FORBIDDEN);

        let form = t.get("/propositions/new", Auth::Cookie(&admin)).await;
        let enterprise = form.attr("#f-enterprise_id option[selected]", "value").unwrap();
        let mut pairs = vec![
            ("enterprise_id", enterprise.as_str()),
            ("title", "焊接机器人焊缝跟踪"),
            ("summary", "中厚板多层多道焊的焊缝跟踪精度不足。"),
            ("confidential", "工装夹具图纸 W-77"),
            ("budget_min_wan", "50"),
            ("budget_max_wan", "20"),
            ("deadline", "2027-05-01"),
            ("trl", "7"),
            ("keywords", "焊接, 机器人"),
            ("industry_code", "C34"),
        ];
        // An upside-down budget: named on its field in 万元, what was typed kept.
        let r = t.form("/propositions", Auth::Cookie(&admin), &pairs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has("#budget_max_wan-error") && r.body.contains("焊接机器人焊缝跟踪"), "{}", r.body);
        pairs[4] = ("budget_min_wan", "10");
        let r = t.form("/propositions", Auth::Cookie(&admin), &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let path = r.location_path();
        let page = t.get(r.location(), Auth::Cookie(&admin)).await;
        assert!(page.has("#flash") && page.has("#step-submit") && page.has("#proposition-edit"));
        assert_eq!(page.texts("#proposition-confidential").join(""), "工装夹具图纸 W-77");

        let r = t.form(&format!("{path}/submit"), Auth::Cookie(&admin), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // Returning without a reason says so on the page and changes nothing.
        let r = t.form(&format!("{path}/return"), Auth::Cookie(&staff), &[("reason", "")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has("#step-error"));
        assert_eq!(t.get(&path, Auth::Cookie(&staff)).await.texts("#proposition-status").join(""), "待审核");
        let r = t.form(&format!("{path}/return"), Auth::Cookie(&staff), &[("reason", "请写明跟踪精度目标")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = t.get(&path, Auth::Cookie(&admin)).await;
        assert!(page.texts("#timeline li").join(" ").contains("请写明跟踪精度目标"), "the enterprise reads why");
        t.form(&format!("{path}/submit"), Auth::Cookie(&admin), &[]).await;
        t.form(&format!("{path}/accept"), Auth::Cookie(&staff), &[]).await;
        let r = t.form(&format!("{path}/publish"), Auth::Cookie(&staff), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);

        // Published: a teacher reads the summary, not the details, and may take no step.
        let seen = t.get(&path, Auth::Cookie(&teacher)).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("焊缝跟踪精度不足") && !seen.body.contains("W-77"));
        assert!(!seen.has("#steps") && !seen.has("#timeline"));
        let r = t.form(&format!("{path}/close"), Auth::Cookie(&teacher), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(t.get("/propositions", Auth::Cookie(&teacher)).await.body.contains("焊接机器人焊缝跟踪"));
        // In English too.
        let en = t.form("/language", Auth::Cookie(&teacher), &[("lang", "en"), ("next", &path)]).await;
        assert_eq!(en.status, StatusCode::SEE_OTHER);
        let page = t.get(&path, Auth::Cookie(&teacher)).await;
        assert!(page.has("html[lang='en']") && page.texts("#proposition-status").join("") == "Published");
    }
}

/// A proposition the enterprise wrote and staff published, through the API; its id.
async fn published(t: &TestApp, admin: &str, staff: &str, own: i64) -> i64 {
    let r = t.json(Method::POST, "/api/v1/propositions", Auth::Bearer(admin), proposition(own)).await;
    let id = r.json()["id"].as_i64().unwrap();
    for (token, step) in [(admin, "submit"), (staff, "accept"), (staff, "publish")] {
        let r =
            t.json(Method::POST, &format!("/api/v1/propositions/{id}/{step}"), Auth::Bearer(token), json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{step}: {}", r.body);
    }
    id
}

fn plan(approach: &str) -> serde_json::Value {
    json!({
        "approach": approach,
        "budget_fen": 18_000_000,
        "milestones": [
            {"title": "翘曲仿真模型", "due_on": "2099-02-01", "deliverable": "模型与验证报告"},
            {"title": "工艺窗口", "due_on": "2099-06-01", "deliverable": "工艺参数表"}
        ]
    })
}

#[tokio::test]
async fn through_the_api_two_teams_propose_one_is_selected_and_the_project_runs_to_feedback() {
    for t in TestApp::all().await {
        let admin = t.token("enterprise@tandem.demo").await;
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let researcher = t.token("research@tandem.demo").await;
        let own = t.own_enterprise_id(&admin).await;
        let rival = other_enterprise_token(&t, own).await;
        let id = published(&t, &admin, &staff, own).await;
        let proposals = format!("/api/v1/propositions/{id}/proposals");

        // Bad plans are refused by field; an enterprise does not propose.
        let mut bad = plan("x");
        bad["milestones"][1]["due_on"] = json!("2098-01-01");
        bad["budget_fen"] = json!(-1);
        let r = t.json(Method::POST, &proposals, Auth::Bearer(&teacher), bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", t.backend, r.body);
        let fields: Vec<(String, String)> = r.json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
            .collect();
        assert!(fields.contains(&("milestones.2.due_on".into(), "milestones.out_of_order".into())), "{fields:?}");
        assert!(fields.contains(&("budget_fen".into(), "budget.negative".into())));
        assert_eq!(
            t.json(Method::POST, &proposals, Auth::Bearer(&admin), plan("x")).await.status,
            StatusCode::FORBIDDEN
        );

        let r = t.json(Method::POST, &proposals, Auth::Bearer(&teacher), plan("模流分析结合机器学习")).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let a = r.json()["id"].as_i64().unwrap();
        let b = t.json(Method::POST, &proposals, Auth::Bearer(&researcher), plan("正交试验寻优")).await.json()["id"]
            .as_i64()
            .unwrap();

        // A competing team and another enterprise get 404; the enterprise reads it whole.
        for token in [&researcher, &rival] {
            let r = t.get(&format!("/api/v1/proposals/{a}"), Auth::Bearer(token)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", t.backend);
        }
        let seen = t.get(&format!("/api/v1/proposals/{a}"), Auth::Bearer(&admin)).await.json();
        assert_eq!(seen["milestones"].as_array().unwrap().len(), 2);
        assert_eq!(seen["steps"], json!(["shortlist", "select", "decline"]));

        // Steps: wrong side 403, selection without a reason 422, then one selection; the other 409.
        let step = |p: i64, s: &str| format!("/api/v1/proposals/{p}/{s}");
        assert_eq!(
            t.json(Method::POST, &step(a, "select"), Auth::Bearer(&teacher), json!({})).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            t.json(Method::POST, &step(a, "select"), Auth::Bearer(&admin), json!({})).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let r =
            t.json(Method::POST, &step(a, "select"), Auth::Bearer(&admin), json!({"reason": "验证数据更充分"})).await;
        assert_eq!((r.status, r.json()["status"].clone()), (StatusCode::OK, json!("selected")), "{}", r.body);
        let r = t.json(Method::POST, &step(b, "select"), Auth::Bearer(&admin), json!({"reason": "x"})).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let declined = t.get(&format!("/api/v1/proposals/{b}"), Auth::Bearer(&researcher)).await.json();
        assert_eq!(
            (declined["status"].as_str(), declined["reason"].as_str()),
            (Some("declined"), Some("验证数据更充分"))
        );
        let r = t.json(Method::POST, &proposals, Auth::Bearer(&researcher), plan("再来")).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "the proposition is taken: {}", r.body);
        // The selected team is admitted to the details; the declined one is not.
        let details = |token: &str| {
            let path = format!("/api/v1/propositions/{id}");
            let t = &t;
            let token = token.to_owned();
            async move { t.get(&path, Auth::Bearer(&token)).await.json()["confidential"].clone() }
        };
        assert!(details(&teacher).await.is_string());
        assert!(details(&researcher).await.is_null() && details(&rival).await.is_null());

        // Contract, milestones, feedback.
        let contract = json!({"kind": "development_commissioned", "value_fen": 18_000_000, "received_fen": 6_000_000, "signed_on": "2026-02-01"});
        let r = t
            .json(Method::PUT, &format!("/api/v1/proposals/{a}/contract"), Auth::Bearer(&admin), contract.clone())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = t.json(Method::PUT, &format!("/api/v1/proposals/{a}/contract"), Auth::Bearer(&staff), contract).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let milestones: Vec<i64> =
            r.json()["milestones"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
        let ms = |m: i64, s: &str| format!("/api/v1/proposals/{a}/milestones/{m}/{s}");
        for m in &milestones {
            let r = t.json(Method::POST, &ms(*m, "deliver"), Auth::Bearer(&teacher), json!({"note": "见附件"})).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            let r = t.json(Method::POST, &ms(*m, "accept"), Auth::Bearer(&admin), json!({})).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the level reached is required");
            let r = t.json(Method::POST, &ms(*m, "accept"), Auth::Bearer(&admin), json!({"trl_reached": 5})).await;
            assert_eq!(r.json()["status"], json!("accepted"));
        }
        let r =
            t.json(Method::POST, &ms(milestones[0], "accept"), Auth::Bearer(&admin), json!({"trl_reached": 5})).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let fb = format!("/api/v1/proposals/{a}/feedback");
        assert_eq!(
            t.json(Method::POST, &fb, Auth::Bearer(&admin), json!({"rating": 9})).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            t.json(Method::POST, &fb, Auth::Bearer(&admin), json!({"rating": 5, "comment": "好"})).await.status,
            StatusCode::CREATED
        );
        assert_eq!(
            t.json(Method::POST, &fb, Auth::Bearer(&teacher), json!({"rating": 4})).await.status,
            StatusCode::CREATED
        );
        assert_eq!(
            t.json(Method::POST, &fb, Auth::Bearer(&teacher), json!({"rating": 4})).await.status,
            StatusCode::CONFLICT
        );
        let done = t.get(&format!("/api/v1/proposals/{a}"), Auth::Bearer(&staff)).await.json();
        assert_eq!((done["status"].as_str(), done["feedback"].as_array().unwrap().len()), (Some("completed"), 2));
        assert_eq!(
            t.get(&format!("/api/v1/propositions/{id}"), Auth::Bearer(&admin)).await.json()["status"],
            json!("closed")
        );
    }
}

#[tokio::test]
async fn in_the_browser_a_team_proposes_and_the_enterprise_selects_with_a_reason() {
    for t in TestApp::all().await {
        let admin_token = t.token("enterprise@tandem.demo").await;
        let staff_token = t.token("staff@tandem.demo").await;
        let own = t.own_enterprise_id(&admin_token).await;
        let id = published(&t, &admin_token, &staff_token, own).await;
        let admin = t.sign_in("enterprise@tandem.demo").await;
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let page = t.get(&format!("/propositions/{id}"), Auth::Cookie(&teacher)).await;
        assert!(page.has("#proposal-new"), "{}", t.backend);
        assert!(!t.get(&format!("/propositions/{id}"), Auth::Cookie(&admin)).await.has("#proposal-new"));
        let form = t.get(&format!("/propositions/{id}/proposals/new"), Auth::Cookie(&teacher)).await;
        assert!(form.has("#f-approach") && form.has("#f-m4_deliverable"));
        assert!(form.has("#f-member1-options option[value='research@tandem.demo']"), "teammates to pick from");
        let mut pairs = vec![
            ("approach", "基于模流分析的翘曲预测"),
            ("budget_wan", "18"),
            ("member1", "nobody@example.cn"),
            ("m1_title", "仿真模型"),
            ("m1_due_on", "2099-02-01"),
            ("m1_deliverable", "模型与验证报告"),
        ];
        let r = t.form(&format!("/propositions/{id}/proposals"), Auth::Cookie(&teacher), &pairs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has("#member1-error") && r.body.contains("基于模流分析的翘曲预测"), "{}", r.body);
        pairs[2] = ("member1", "research@tandem.demo");
        let r = t.form(&format!("/propositions/{id}/proposals"), Auth::Cookie(&teacher), &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let path = r.location_path();
        assert!(t.get(r.location(), Auth::Cookie(&teacher)).await.has("#flash"));
        let mine = t.get("/proposals", Auth::Cookie(&teacher)).await;
        assert!(mine.has("#proposals-table") && mine.body.contains(&path));

        let page = t.get(&path, Auth::Cookie(&admin)).await;
        assert!(page.has("#step-select") && page.has("#milestones-table"));
        let r = t.form(&format!("{path}/select"), Auth::Cookie(&admin), &[("reason", "")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has("#step-error"));
        let r = t.form(&format!("{path}/select"), Auth::Cookie(&admin), &[("reason", "验证数据充分")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = t.get(&path, Auth::Cookie(&teacher)).await;
        assert_eq!(page.texts("#proposal-status").join(""), "已选定");
        assert!(page.texts("#timeline li").join(" ").contains("验证数据充分"), "the timeline says why");
        assert!(!page.texts("title").join("").contains("timeline"), "the title is text only");
        assert!(page.has("#contract") && !page.has("#contract-form"), "the team waits for the contract");
        let staff = t.sign_in("staff@tandem.demo").await;
        assert!(t.get(&path, Auth::Cookie(&staff)).await.has("#contract-form"));
        let r = t
            .form(
                &format!("{path}/contract"),
                Auth::Cookie(&staff),
                &[
                    ("kind", "development_commissioned"),
                    ("value_wan", "18"),
                    ("received_wan", "6"),
                    ("signed_on", "2026-02-01"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = t.get(&path, Auth::Cookie(&teacher)).await;
        assert!(page.has("#milestone-1-deliver"), "{}", page.body);
    }
}

#[tokio::test]
async fn through_the_api_a_result_becomes_a_paid_licence_and_the_report_counts_it() {
    for t in TestApp::all().await {
        let teacher = t.token("teacher@tandem.demo").await;
        let staff = t.token("staff@tandem.demo").await;
        let admin = t.token("enterprise@tandem.demo").await;
        let gov = t.token("gov@tandem.demo").await;
        let own = t.own_enterprise_id(&admin).await;
        let rival = other_enterprise_token(&t, own).await;
        let me = t.get("/api/v1/me", Auth::Bearer(&teacher)).await.json();
        let lab = me["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["org_kind"] == "lab")
            .map(|m| m["org_id"].as_i64().unwrap())
            .unwrap();
        let result = json!({
            "org_id": lab, "title": "激光熔覆修复工艺包", "summary": "轴类零件磨损的激光熔覆修复，结合强度达标。",
            "trl": 7, "ip": [{"kind": "invention_patent", "number": "ZL202310987654.3"}],
            "fields": ["激光熔覆", "再制造"], "transfer_modes": ["non_exclusive_licence"],
            "price_min_fen": 20_000_000, "price_max_fen": 40_000_000
        });
        let mut bad = result.clone();
        bad["transfer_modes"] = json!(["gift"]);
        bad["trl"] = json!(0);
        let r = t.json(Method::POST, "/api/v1/achievements", Auth::Bearer(&teacher), bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", t.backend, r.body);
        assert_eq!(
            t.json(Method::POST, "/api/v1/achievements", Auth::Bearer(&admin), result.clone()).await.status,
            StatusCode::FORBIDDEN
        );
        let r = t.json(Method::POST, "/api/v1/achievements", Auth::Bearer(&teacher), result).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        let one = t.get(&format!("/api/v1/achievements/{id}"), Auth::Bearer(&rival)).await.json();
        assert_eq!((one["trl"].as_i64(), one["fields"].as_array().map(Vec::len)), (Some(7), Some(2)));
        let listed =
            t.get("/api/v1/achievements?min_trl=7&mode=non_exclusive_licence", Auth::Bearer(&admin)).await.json();
        assert!(listed["items"].as_array().unwrap().iter().any(|a| a["id"] == id));

        let path = "/api/v1/reports/transformation?from=2026-01-01&to=2026-12-31";
        assert_eq!(t.get(path, Auth::Bearer(&teacher)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            t.get("/api/v1/reports/transformation?from=2026-12-31&to=2026-01-01", Auth::Bearer(&staff)).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let before = t.get(path, Auth::Bearer(&gov)).await.json();

        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/achievements/{id}/interest"),
                Auth::Bearer(&admin),
                json!({"enterprise_id": own, "message": "用于售后再制造"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let deal = r.json()["id"].as_i64().unwrap();
        let again = t
            .json(
                Method::POST,
                &format!("/api/v1/achievements/{id}/interest"),
                Auth::Bearer(&admin),
                json!({"enterprise_id": own}),
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(t.get(&format!("/api/v1/deals/{deal}"), Auth::Bearer(&rival)).await.status, StatusCode::NOT_FOUND);
        let rivals = t.get("/api/v1/deals", Auth::Bearer(&rival)).await.json();
        assert!(
            rivals["items"].as_array().unwrap().iter().all(|d| d["id"] != deal),
            "another enterprise's deal stays hidden"
        );
        let stage = format!("/api/v1/deals/{deal}/stage");
        assert_eq!(
            t.json(Method::POST, &stage, Auth::Bearer(&admin), json!({"stage": "contact"})).await.status,
            StatusCode::FORBIDDEN
        );
        for body in [json!({"stage": "contact"}), json!({"stage": "negotiation"})] {
            assert_eq!(t.json(Method::POST, &stage, Auth::Bearer(&staff), body).await.status, StatusCode::OK);
        }
        let r = t.json(Method::POST, &stage, Auth::Bearer(&staff), json!({"stage": "interest"})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("deal.backwards_without_reason"), "{}", r.body);
        let r = t.json(Method::POST, &stage, Auth::Bearer(&staff), json!({"stage": "contract", "mode": "non_exclusive_licence", "value_fen": 30_000_000, "signed_on": "2026-09-01"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = t
            .json(Method::POST, &stage, Auth::Bearer(&staff), json!({"stage": "paid", "received_fen": 30_000_000}))
            .await;
        assert_eq!(r.json()["status"], json!("paid"));
        let after = t.get(path, Auth::Bearer(&gov)).await.json();
        assert_eq!(
            after["total"]["contracts"].as_i64().unwrap(),
            before["total"]["contracts"].as_i64().unwrap() + 1,
            "{}",
            t.backend
        );
        assert_eq!(
            after["total"]["received_fen"].as_i64().unwrap(),
            before["total"]["received_fen"].as_i64().unwrap() + 30_000_000
        );
        assert!(after["by_kind"].as_array().unwrap().iter().any(|k| k["key"] == "licence"));
    }
}

#[tokio::test]
async fn in_the_browser_a_lab_publishes_an_enterprise_is_interested_and_the_report_exports() {
    for t in TestApp::all().await {
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let admin = t.sign_in("enterprise@tandem.demo").await;
        let staff = t.sign_in("staff@tandem.demo").await;
        let form = t.get("/achievements/new", Auth::Cookie(&teacher)).await;
        assert!(form.has("#f-transfer_modes input[name='transfer_modes_exclusive_licence']"), "{}", t.backend);
        assert_eq!(t.get("/achievements/new", Auth::Cookie(&admin)).await.status, StatusCode::FORBIDDEN);
        let unit = form
            .attr("#f-org_id option[selected]", "value")
            .or_else(|| form.attr("#f-org_id option:nth-child(2)", "value"))
            .unwrap();
        let mut pairs = vec![
            ("org_id", unit.as_str()),
            ("title", "视觉引导的无序抓取"),
            ("summary", "3D 视觉定位与抓取规划，节拍 6 秒。"),
            ("trl", "6"),
            ("fields", "机器视觉, 机器人"),
            ("price_min_wan", "30"),
            ("price_max_wan", "10"),
        ];
        let r = t.form("/achievements", Auth::Cookie(&teacher), &pairs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has("#transfer_modes-error") && r.has("#price_max_wan-error"), "{}", r.body);
        pairs[5] = ("price_min_wan", "5");
        pairs.push(("transfer_modes_exclusive_licence", "1"));
        let r = t.form("/achievements", Auth::Cookie(&teacher), &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let path = r.location_path();
        let page = t.get(&path, Auth::Cookie(&admin)).await;
        assert!(page.has("#interest-form") && page.body.contains("独占许可"));
        assert!(!t.get(&path, Auth::Cookie(&teacher)).await.has("#interest-form"));
        let r = t.form(&format!("{path}/interest"), Auth::Cookie(&admin), &[("message", "产线改造")]).await;
        // The demo administrator belongs to one enterprise: the form sends it hidden.
        let enterprise = page.attr("#interest-form input[name='enterprise_id']", "value").unwrap();
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no enterprise chosen");
        let r = t
            .form(
                &format!("{path}/interest"),
                Auth::Cookie(&admin),
                &[("enterprise_id", &enterprise), ("message", "产线改造")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let deal = r.location_path();
        assert!(
            t.get(&deal, Auth::Cookie(&admin)).await.has("#deal-stage")
                && !t.get(&deal, Auth::Cookie(&admin)).await.has("#move-form")
        );
        let r = t.form(&format!("{deal}/stage"), Auth::Cookie(&staff), &[("stage", "lost")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has("#step-error"));
        let r = t
            .form(
                &format!("{deal}/stage"),
                Auth::Cookie(&staff),
                &[
                    ("stage", "contract"),
                    ("mode", "exclusive_licence"),
                    ("value_wan", "12"),
                    ("signed_on", "2026-10-01"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(t.get(&deal, Auth::Cookie(&admin)).await.texts("#deal-stage").join(""), "签约");

        let report = t.get("/reports/transformation?from=2026-01-01&to=2026-12-31", Auth::Cookie(&staff)).await;
        assert!(
            report.has("#report-by-kind") && report.has("#report-xlsx") && report.body.contains("技术许可"),
            "{}",
            report.body
        );
        assert_eq!(t.get("/reports/transformation", Auth::Cookie(&teacher)).await.status, StatusCode::FORBIDDEN);
        let csv = t.get("/reports/transformation.csv?from=2026-01-01&to=2026-12-31", Auth::Cookie(&staff)).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.body.contains("技术许可") && csv.body.contains("合计"));
        let xlsx = t.get("/reports/transformation.xlsx?from=2026-01-01&to=2026-12-31", Auth::Cookie(&staff)).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        let bad = t.get("/reports/transformation?from=2026-12-31&to=2026-01-01", Auth::Cookie(&staff)).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.has("#report-error"));
    }
}

#[tokio::test]
async fn the_talent_pool_lists_public_profiles_and_matches_explain_themselves() {
    for t in TestApp::all().await {
        let teacher = t.token("teacher@tandem.demo").await;
        let admin = t.token("enterprise@tandem.demo").await;
        let staff = t.token("staff@tandem.demo").await;
        let gov = t.token("gov@tandem.demo").await;
        let own = t.own_enterprise_id(&admin).await;
        let rival = other_enterprise_token(&t, own).await;
        let bad = json!({"disciplines": ["999"], "availability": "soon", "public": true});
        let r = t.json(Method::PUT, "/api/v1/me/expertise", Auth::Bearer(&teacher), bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", t.backend, r.body);
        let mine = json!({"headline": "注塑成型仿真", "disciplines": ["460"], "industries": ["C29"],
            "keywords": ["注塑", "翘曲"], "availability": "open", "public": true});
        let r = t.json(Method::PUT, "/api/v1/me/expertise", Auth::Bearer(&teacher), mine).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let person = r.json()["profile"]["person_id"].as_i64().unwrap();
        let pool = t.get("/api/v1/talent-pool?q=%E7%BF%98%E6%9B%B2", Auth::Bearer(&admin)).await.json();
        assert!(pool["items"].as_array().unwrap().iter().any(|p| p["person_id"] == person && p["email"].is_null()));
        assert_eq!(t.get("/api/v1/talent-pool", Auth::Bearer(&gov)).await.status, StatusCode::FORBIDDEN);

        let id = published(&t, &admin, &staff, own).await;
        let m = t.get(&format!("/api/v1/propositions/{id}/matches"), Auth::Bearer(&admin)).await;
        assert_eq!(m.status, StatusCode::OK, "{}", m.body);
        let expert = m.json()["experts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["person_id"] == person)
            .cloned()
            .expect("matched");
        let kinds: Vec<&str> =
            expert["reasons"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
        assert!(kinds.contains(&"keyword") && kinds.contains(&"industry"), "{kinds:?}");
        let sum: i64 = expert["reasons"].as_array().unwrap().iter().map(|r| r["weight"].as_i64().unwrap()).sum();
        assert_eq!(expert["score"].as_i64().unwrap(), sum, "the score is its reasons");
        assert_eq!(
            t.get(&format!("/api/v1/propositions/{id}/matches"), Auth::Bearer(&rival)).await.status,
            StatusCode::FORBIDDEN
        );
        let fits = t.get("/api/v1/me/matches", Auth::Bearer(&teacher)).await.json();
        assert!(fits.as_array().unwrap().iter().any(|p| p["id"] == id));

        // In the browser: the pool, the person's page, the matches page, the expertise form.
        let admin_cookie = t.sign_in("enterprise@tandem.demo").await;
        let page = t.get("/talent-pool?q=%E6%B3%A8%E5%A1%91%E6%88%90%E5%9E%8B", Auth::Cookie(&admin_cookie)).await;
        assert!(page.has("#pool-table") && page.body.contains("注塑成型仿真"), "{}", page.body);
        assert!(t.get(&format!("/talent-pool/{person}"), Auth::Cookie(&admin_cookie)).await.has("#record"));
        let matches = t.get(&format!("/propositions/{id}/matches"), Auth::Cookie(&admin_cookie)).await;
        assert!(matches.has("#matches-experts .reasons li"), "{}", matches.body);
        let gov_cookie = t.sign_in("gov@tandem.demo").await;
        let gov_page = t.get("/talent-pool", Auth::Cookie(&gov_cookie)).await;
        assert!(gov_page.has("#pool-by-discipline") && !gov_page.has("#pool-table"));
        let teacher_cookie = t.sign_in("teacher@tandem.demo").await;
        let form = t.get("/profile/expertise", Auth::Cookie(&teacher_cookie)).await;
        assert!(form.has("input[name='disciplines_460'][checked]") && form.has("input[name='public_yes'][checked]"));
        let r = t
            .form(
                "/profile/expertise",
                Auth::Cookie(&teacher_cookie),
                &[("availability", "someday"), ("disciplines_460", "1")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has("#availability-error"));
        let r = t
            .form(
                "/profile/expertise",
                Auth::Cookie(&teacher_cookie),
                &[("availability", "limited"), ("keywords", "注塑"), ("disciplines_460", "1")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // No longer public: the enterprise no longer finds the profile.
        assert_eq!(
            t.get(&format!("/talent-pool/{person}"), Auth::Cookie(&admin_cookie)).await.status,
            StatusCode::NOT_FOUND
        );
        let mine_page = t.get("/proposals", Auth::Cookie(&teacher_cookie)).await;
        assert!(mine_page.has("#fits"));
    }
}
