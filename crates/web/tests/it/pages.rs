//! The browser flows: forms that keep what was typed and show field errors, lists and filters.

use crate::support::{Auth, TestApp, fresh_uscc, with_wrong_check};
use axum::http::StatusCode;

#[tokio::test]
async fn an_enterprise_form_shows_the_uscc_error_keeps_input_and_then_saves() {
    for t in TestApp::all().await {
        let cookie = t.sign_in("staff@tandem.demo").await;
        assert_eq!(t.get("/enterprises/new", Auth::Cookie(&cookie)).await.status, StatusCode::OK);
        let uscc = fresh_uscc("22");
        let (wrong, expected) = with_wrong_check(&uscc);
        let mut fields = vec![
            ("name", "大连海洋装备测试有限公司"),
            ("uscc", wrong.as_str()),
            ("industry_code", "C37"),
            ("region_code", "210200"),
            ("employees", "45"),
            ("operating_revenue_wan", "1200"),
        ];
        let r = t.form("/enterprises", Auth::Cookie(&cookie), &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"uscc-error\""), "the error sits on the field");
        assert!(r.body.contains(&format!("应为 {expected}")), "the message names the expected check character");
        assert!(r.body.contains("value=\"大连海洋装备测试有限公司\""), "what was typed is kept");
        assert!(r.body.contains(&format!("value=\"{wrong}\"")));
        assert!(r.body.contains("<option value=\"C37\" selected>"));

        fields[1] = ("uscc", uscc.as_str());
        let r = t.form("/enterprises", Auth::Cookie(&cookie), &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let detail = t.get(r.location(), Auth::Cookie(&cookie)).await;
        assert!(detail.body.contains("大连海洋装备测试有限公司"));
        assert!(detail.body.contains("size-small"), "the size class is shown");
        assert!(detail.body.contains("工信部联企业〔2011〕300号"), "with its source");

        let list =
            t.get("/enterprises?q=%E6%B5%B7%E6%B4%8B%E8%A3%85%E5%A4%87%E6%B5%8B%E8%AF%95", Auth::Cookie(&cookie)).await;
        assert!(list.body.contains("大连海洋装备测试有限公司"));
        assert!(list.body.contains("共 1 条"));

        // The same code again is refused on the field.
        let r = t.form("/enterprises", Auth::Cookie(&cookie), &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("已有其他企业使用该统一社会信用代码"));
    }
}

#[tokio::test]
async fn lists_filter_and_page() {
    for t in TestApp::all().await {
        let cookie = t.sign_in("admin@tandem.demo").await;
        let labs = t.get("/orgs?kind=lab", Auth::Cookie(&cookie)).await;
        assert!(labs.body.contains("共 302 条"), "{}", t.backend);
        assert!(labs.body.contains("rel=\"next\""));
        let page7 = t.get("/orgs?kind=lab&page=7", Auth::Cookie(&cookie)).await;
        assert!(page7.body.contains("第 7 / 7 页"));
        let medium = t.get("/enterprises?size_class=medium", Auth::Cookie(&cookie)).await;
        assert!(medium.body.contains("size-medium") && !medium.body.contains("class=\"badge size-micro\""));
        let people = t.get("/people?role=enterprise_expert", Auth::Cookie(&cookie)).await;
        assert!(people.body.contains("企业专家 刘工"));
        let nothing = t.get("/enterprises?q=%25%25no-such%25", Auth::Cookie(&cookie)).await;
        assert!(nothing.body.contains("没有符合条件的记录"));
        // A nonsense page number falls back to the first page instead of failing.
        assert_eq!(t.get("/orgs?page=-3", Auth::Cookie(&cookie)).await.status, StatusCode::OK);
        assert_eq!(t.get("/orgs/abc", Auth::Cookie(&cookie)).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn staff_create_a_lab_and_a_person_with_a_membership_in_the_browser() {
    for t in TestApp::all().await {
        let cookie = t.sign_in("staff@tandem.demo").await;
        let r = t.form("/orgs", Auth::Cookie(&cookie), &[("kind", "lab"), ("name", ""), ("parent_id", "")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"name-error\"") && r.body.contains("id=\"parent_id-error\""));
        let centre = t
            .get("/api/v1/orgs?kind=centre&per_page=1", Auth::Bearer(&t.token("staff@tandem.demo").await))
            .await
            .json()["items"][0]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let r = t
            .form(
                "/orgs",
                Auth::Cookie(&cookie),
                &[("kind", "lab"), ("name", "协作机器人实验室"), ("parent_id", &centre)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let lab_path = r.location_path();
        let lab_id = lab_path.trim_start_matches("/orgs/").to_owned();

        let r = t
            .form(
                "/people",
                Auth::Cookie(&cookie),
                &[("name", "赵工"), ("email", "zhao@example"), ("password", "short")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("value=\"赵工\""));
        let r = t
            .form(
                "/people",
                Auth::Cookie(&cookie),
                &[
                    ("name", "赵工"),
                    ("email", "zhao@example.cn"),
                    ("expertise", "协作机器人，视觉"),
                    ("password", "a-good-password"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let person_path = r.location_path();
        let added = t.get(r.location(), Auth::Cookie(&cookie)).await;
        assert_eq!(added.texts("#flash").join(""), "人员已添加。", "the confirmation survives the redirect");
        let r = t
            .form(
                &format!("{person_path}/memberships"),
                Auth::Cookie(&cookie),
                &[("org_id", &lab_id), ("role", "enterprise_admin")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a role that does not fit is refused");
        let r = t
            .form(
                &format!("{person_path}/memberships"),
                Auth::Cookie(&cookie),
                &[("org_id", &lab_id), ("role", "teacher")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let lab = t.get(&lab_path, Auth::Cookie(&cookie)).await;
        assert!(lab.body.contains("赵工"), "the new member shows on the lab page");
        // A college page lets staff add a partner enterprise.
        let api = t.token("staff@tandem.demo").await;
        let college = t.get("/api/v1/orgs?kind=college&per_page=1&page=3", Auth::Bearer(&api)).await.json()["items"][0]
            ["id"]
            .as_i64()
            .unwrap();
        let page = t.get(&format!("/orgs/{college}"), Auth::Cookie(&cookie)).await;
        assert!(page.body.contains("id=\"add-partner\""));
        let r = t.form(&format!("/orgs/{college}/partners"), Auth::Cookie(&cookie), &[("enterprise_id", "")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // The new person can sign in with the initial password.
        let r = t.form("/signin", Auth::None, &[("email", "zhao@example.cn"), ("password", "a-good-password")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn the_big_lists_sort_by_their_columns_and_number_their_pages() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        // The API: most employees first, missing figures last; an order not offered is refused.
        let list = t.get("/api/v1/enterprises?sort=-employees&per_page=200", Auth::Bearer(&staff)).await.json();
        let employees: Vec<Option<i64>> =
            list["items"].as_array().unwrap().iter().map(|e| e["employees"].as_i64()).collect();
        let known: Vec<i64> = employees.iter().map_while(|e| *e).collect();
        assert!(known.len() > 10, "{}", t.backend);
        assert!(known.windows(2).all(|w| w[0] >= w[1]), "descending on {}: {known:?}", t.backend);
        assert!(employees[known.len()..].iter().all(Option::is_none), "missing figures come last");
        for path in [
            "/api/v1/enterprises?sort=uscc",
            "/api/v1/equipment?sort=-password",
            "/api/v1/people?sort=phone",
            "/api/v1/diagnosis/portfolio?instrument=miit-2022-srdi&sort=verdict",
        ] {
            let r = t.get(path, Auth::Bearer(&staff)).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
            assert_eq!(r.json()["fields"][0]["code"], "sort.unknown", "{path}");
        }
        let names = |v: &serde_json::Value| -> Vec<String> {
            v["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_owned()).collect()
        };
        let up = names(&t.get("/api/v1/equipment?sort=name&per_page=200", Auth::Bearer(&staff)).await.json());
        let down = names(&t.get("/api/v1/equipment?sort=-name&per_page=200", Auth::Bearer(&staff)).await.json());
        // Text collates by each database's rules; what holds on both is that the ends swap.
        assert_ne!(up.first(), down.first(), "the order reverses");

        // The page: a column heading orders the list, then reverses it, and the order survives
        // paging and filtering.
        let cookie = t.sign_in("staff@tandem.demo").await;
        let page = t.get("/enterprises", Auth::Cookie(&cookie)).await;
        assert!(page.has("#enterprise-table th a[href='/enterprises?sort=employees']"));
        let sorted = t.get("/enterprises?sort=employees", Auth::Cookie(&cookie)).await;
        assert!(sorted.has("#enterprise-table th[aria-sort='ascending'] a[href='/enterprises?sort=-employees']"));
        assert!(sorted.has("form.filters input[type='hidden'][name='sort'][value='employees']"));
        assert!(sorted.has("nav.pager a[href='/enterprises?sort=employees&page=2']"), "{}", sorted.body);
        assert!(sorted.has("nav.pager .pager-numbers [aria-current='page']"));
        let numbers = sorted.texts("nav.pager .pager-numbers li");
        assert_eq!(numbers.first().map(String::as_str), Some("1"), "{numbers:?}");
        // An order the page does not offer is the default order, not an error.
        assert_eq!(t.get("/enterprises?sort=uscc", Auth::Cookie(&cookie)).await.status, StatusCode::OK);
        for path in ["/equipment?sort=-lab", "/people?sort=email", "/diagnosis?sort=-total"] {
            let r = t.get(path, Auth::Cookie(&cookie)).await;
            assert!(r.has("th[aria-sort]"), "{path}");
        }
    }
}

#[tokio::test]
async fn forms_that_take_an_e_mail_offer_the_people_to_pick_from() {
    for t in TestApp::all().await {
        // Recording training: the lab's users, for the lab's teacher; nothing for a booker.
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let approvals = t.get("/bookings/approvals", Auth::Cookie(&teacher)).await;
        let item = approvals.attr("#approval-queue a[href^='/equipment/']", "href").unwrap();
        let page = t.get(&item, Auth::Cookie(&teacher)).await;
        assert!(page.has("#training input[name='email'][list='f-email-options']"), "{}", t.backend);
        let offered = page.attrs("#f-email-options option", "value");
        assert!(!offered.is_empty() && offered.iter().all(|e| e.contains('@')), "{offered:?}");
        let student = t.sign_in("student@tandem.demo").await;
        assert!(!t.get(&item, Auth::Cookie(&student)).await.has("datalist"), "a booker is offered no one");
        // Assigning a mentor: teachers and the enterprise's people, for staff.
        let staff = t.sign_in("staff@tandem.demo").await;
        let classes = t.get("/classes", Auth::Cookie(&staff)).await;
        let mut found = false;
        for href in classes.attrs("main a[href^='/classes/']", "href") {
            let page = t.get(&href, Auth::Cookie(&staff)).await;
            if page.has("#mentor-form") {
                assert!(page.has("#mentor-email[list='mentor-options']"));
                let labels = page.texts("#mentor-options option");
                assert!(labels.iter().any(|l| l.contains(" · ")), "names with where they work: {labels:?}");
                found = true;
                break;
            }
        }
        assert!(found, "the demo has a class with members to mentor");
    }
}
