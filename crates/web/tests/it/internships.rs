//! Internships outside order classes: staff record them, interns get dual mentors within the
//! mentors' load, only the people involved see them, and an internship can end early.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn post(t: &TestApp, path: &str, token: &str, body: Value) -> crate::support::Reply {
    t.json(Method::POST, path, Auth::Bearer(token), body).await
}

fn field_codes(reply: &crate::support::Reply) -> Vec<(String, String)> {
    reply.json()["fields"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect()
}

fn ids(list: &Value) -> Vec<i64> {
    list["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

async fn listed_ids(t: &TestApp, token: &str, query: &str) -> Vec<i64> {
    ids(&t.get(&format!("/api/v1/internships?{query}"), Auth::Bearer(token)).await.json())
}

/// The attention filter is SQL; what each row shows is the domain rule. They must agree.
#[tokio::test]
async fn the_attention_filter_lists_exactly_the_internships_the_rule_flags() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let all = t.get("/api/v1/internships", Auth::Bearer(&staff)).await.json();
        let mut flagged: Vec<i64> = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| !i["attention"].as_array().unwrap().is_empty())
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        let codes: std::collections::BTreeSet<&str> = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|i| i["attention"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()))
            .collect();
        assert_eq!(
            codes.into_iter().collect::<Vec<_>>(),
            ["no_agreement", "no_enterprise_mentor", "no_recent_guidance"],
            "demo data"
        );
        let mut filtered = listed_ids(&t, &staff, "attention=true").await;
        flagged.sort_unstable();
        filtered.sort_unstable();
        assert_eq!(filtered, flagged);
        assert!(filtered.len() >= 3, "{filtered:?}");
    }
}

#[tokio::test]
async fn interns_get_dual_mentors_and_only_the_people_involved_see_the_internship() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let expert = t.token("expert@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let other_student = t.token("student@tandem.demo").await;
        let intern = t.token("st0261@people.tandem.demo").await;
        let host = t.own_enterprise_id(&enterprise).await;
        let before = ids(&t.get("/api/v1/internships", Auth::Bearer(&staff)).await.json()).len();
        let record = |email: &str, enterprise: i64, position: &str, from: &str, to: &str| json!({"student_email": email, "enterprise_id": enterprise, "position": position, "starts_on": from, "ends_on": to});

        // Every problem is named at once, and nothing is written.
        let r = post(
            &t,
            "/api/v1/internships",
            &staff,
            record("teacher@tandem.demo", 999_999, " ", "2027-07-01", "2026-07-01"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let codes = field_codes(&r);
        for expected in [
            ("student_email", "order.no_such_student"),
            ("enterprise_id", "internship.not_an_enterprise"),
            ("position", "required"),
            ("ends_on", "internship.ends_before_start"),
        ] {
            assert!(codes.contains(&(expected.0.to_owned(), expected.1.to_owned())), "{codes:?}");
        }
        let good = record("st0261@people.tandem.demo", host, "测试实习生", "2026-11-01", "2027-02-28");
        assert_eq!(post(&t, "/api/v1/internships", &enterprise, good.clone()).await.status, StatusCode::FORBIDDEN);
        assert_eq!(ids(&t.get("/api/v1/internships", Auth::Bearer(&staff)).await.json()).len(), before);

        let r = post(&t, "/api/v1/internships", &staff, good).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        let r = post(
            &t,
            "/api/v1/internships",
            &staff,
            record("st0261@people.tandem.demo", host, "第二段", "2027-01-01", "2027-03-31"),
        )
        .await;
        assert_eq!(field_codes(&r), [("starts_on".to_owned(), "internship.overlaps".to_owned())]);
        let r = post(
            &t,
            "/api/v1/internships",
            &staff,
            record("st0262@people.tandem.demo", host, "长期", "2027-06-01", "2028-07-01"),
        )
        .await;
        assert_eq!(field_codes(&r), [("ends_on".to_owned(), "internship.too_long".to_owned())]);

        // The intern, the host enterprise and staff see it; another enterprise and student do not.
        let path = format!("/api/v1/internships/{id}");
        for token in [&staff, &enterprise, &intern] {
            let r = t.get(&path, Auth::Bearer(token)).await;
            assert_eq!((r.status, r.json()["stage"].as_str()), (StatusCode::OK, Some("current")), "{}", r.body);
        }
        for token in [&expert, &other_student, &teacher] {
            assert_eq!(t.get(&path, Auth::Bearer(token)).await.status, StatusCode::NOT_FOUND);
            assert!(!ids(&t.get("/api/v1/internships", Auth::Bearer(token)).await.json()).contains(&id));
        }
        assert!(ids(&t.get("/api/v1/internships", Auth::Bearer(&enterprise)).await.json()).contains(&id));
        assert_eq!(ids(&t.get("/api/v1/internships", Auth::Bearer(&intern)).await.json()), [id]);

        // Without mentors it needs the university's attention.
        let shown = t.get(&path, Auth::Bearer(&staff)).await.json();
        assert_eq!(shown["attention"], json!(["no_academic_mentor", "no_enterprise_mentor", "no_agreement"]));
        assert!(listed_ids(&t, &staff, "attention=true").await.contains(&id));

        // Dual mentors: a teacher, and someone of the host enterprise.
        let mentors = format!("{path}/mentors");
        let assign = |email: &str, kind: &str| json!({"email": email, "kind": kind});
        assert_eq!(
            post(&t, &mentors, &enterprise, assign("teacher@tandem.demo", "academic")).await.status,
            StatusCode::FORBIDDEN
        );
        let r = post(&t, &mentors, &staff, assign("expert@tandem.demo", "enterprise")).await;
        assert_eq!(field_codes(&r), [("email".to_owned(), "mentor.not_enterprise".to_owned())]);
        for (email, kind) in [("teacher@tandem.demo", "academic"), ("member@tandem.demo", "enterprise")] {
            let r = post(&t, &mentors, &staff, assign(email, kind)).await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        }
        let shown = t.get(&path, Auth::Bearer(&intern)).await.json();
        let kinds: Vec<&str> =
            shown["mentors"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds.len(), 2, "{shown}");
        assert!(kinds.contains(&"academic") && kinds.contains(&"enterprise"));
        assert_eq!(shown["attention"], json!(["no_agreement"]), "started this month: no meeting expected yet");
        // The mentor now sees the internship and finds it on their own record.
        assert_eq!(t.get(&path, Auth::Bearer(&teacher)).await.status, StatusCode::OK);
        let teacher_record = t.get("/api/v1/mentorships", Auth::Bearer(&teacher)).await.json();
        let mine =
            teacher_record["items"].as_array().unwrap().iter().find(|m| m["internship_id"] == id).expect("on record");
        assert_eq!((mine["placement_title"].as_str(), mine["class_id"].is_null()), (Some("测试实习生"), true));

        // A full mentor takes no more interns; nothing is written.
        let load = teacher_record["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["ended_at"].is_null() && m["mentor_name"] == "王建国 教授")
            .count();
        let r = t
            .json(
                Method::PUT,
                "/api/v1/mentor-limits",
                Auth::Bearer(&staff),
                json!({"email": "teacher@tandem.demo", "max_students": load}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let second = post(
            &t,
            "/api/v1/internships",
            &staff,
            record("st0262@people.tandem.demo", host, "质量实习生", "2027-03-01", "2027-06-30"),
        )
        .await
        .json()["id"]
            .as_i64()
            .unwrap();
        let r = post(
            &t,
            &format!("/api/v1/internships/{second}/mentors"),
            &staff,
            assign("teacher@tandem.demo", "academic"),
        )
        .await;
        assert_eq!(r.json()["code"], "mentor.over_load", "{}", r.body);
        let shown = t.get(&format!("/api/v1/internships/{second}"), Auth::Bearer(&staff)).await.json();
        assert_eq!(shown["mentors"], json!([]));

        // Ending early needs a reason, ends the mentorships, and closes the internship to changes.
        let leave = format!("{path}/leave");
        assert_eq!(post(&t, &leave, &expert, json!({"reason": "x"})).await.status, StatusCode::NOT_FOUND);
        let r = post(&t, &leave, &intern, json!({"reason": " "})).await;
        assert_eq!(field_codes(&r), [("reason".to_owned(), "required".to_owned())]);
        assert_eq!(post(&t, &leave, &intern, json!({"reason": "转入订单班"})).await.status, StatusCode::NO_CONTENT);
        let shown = t.get(&path, Auth::Bearer(&staff)).await.json();
        assert_eq!((shown["stage"].as_str(), shown["left_reason"].as_str()), (Some("left"), Some("转入订单班")));
        let mentors_after = shown["mentors"].as_array().unwrap();
        assert_eq!(mentors_after.len(), 2, "the record keeps them");
        assert!(mentors_after.iter().all(|m| !m["ended_at"].is_null()), "they ended with the internship: {shown}");
        let r = post(&t, &mentors, &staff, assign("t0001@people.tandem.demo", "academic")).await;
        assert_eq!(r.json()["code"], "internship.ended");
        assert_eq!(post(&t, &leave, &intern, json!({"reason": "again"})).await.json()["code"], "internship.ended");
        // Staff narrow the list by stage and by name; an unknown stage is a field error.
        let listed = |query: &str| {
            let t = &t;
            let staff = staff.clone();
            let query = query.to_owned();
            async move { ids(&t.get(&format!("/api/v1/internships?{query}"), Auth::Bearer(&staff)).await.json()) }
        };
        assert!(listed("stage=left").await.contains(&id));
        assert!(!listed("stage=current").await.contains(&id));
        assert!(listed("stage=upcoming").await.contains(&second));
        assert_eq!(listed("q=%E6%B5%8B%E8%AF%95%E5%AE%9E%E4%B9%A0").await, [id], "q=测试实习");
        let r = t.get("/api/v1/internships?stage=soon", Auth::Bearer(&staff)).await;
        assert_eq!(field_codes(&r), [("stage".to_owned(), "not_a_choice".to_owned())]);
        // The mentorship stays on the teacher's record, ended.
        let record = t.get("/api/v1/mentorships", Auth::Bearer(&teacher)).await.json();
        let ended = record["items"].as_array().unwrap().iter().find(|m| m["internship_id"] == id).unwrap();
        assert!(!ended["ended_at"].is_null());
    }
}

#[tokio::test]
async fn graduates_trace_back_to_their_classes_hiring_and_every_mentor_they_had() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let report = t.get("/api/v1/outcomes", Auth::Bearer(&staff)).await.json();
        let groups = report["by_mentor"].as_array().unwrap();
        // Thirty of the demo's 2026 graduates interned in their final year, each with two mentors;
        // fifty finished last year's two order classes with an academic mentor, sixteen of them
        // also with the enterprise's expert. A graduate counts under each mentor.
        let counted: i64 = groups.iter().map(|g| g["rates"]["graduates"].as_i64().unwrap()).sum();
        assert_eq!(counted, 30 * 2 + 50 + 16, "{groups:?}");
        // Those classes trace to their graduates, and to who the enterprise hired at the end.
        for dimension in ["by_class", "by_enterprise"] {
            let lines: Vec<(i64, i64)> = report[dimension]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| (g["rates"]["graduates"].as_i64().unwrap(), g["hired"].as_i64().unwrap()))
                .collect();
            assert_eq!(lines, [(25, 20), (25, 20)], "{dimension}: {report}");
        }
        assert!(report["by_college"][0]["hired"].is_null());
        // Each named with their enterprise or college: many experts are called 刘工.
        let names: Vec<&str> = groups.iter().map(|g| g["name"].as_str().unwrap()).collect();
        assert!(
            names.iter().any(|n| n.contains("工 · ") && n.ends_with("公司")),
            "enterprise mentors count too: {names:?}"
        );
        assert!(names.iter().all(|n| n.contains(" · ")), "{names:?}");
        let page = t.get("/outcomes", Auth::Cookie(&t.sign_in("staff@tandem.demo").await)).await;
        assert!(page.body.contains("id=\"by-mentor\""));
    }
}

#[tokio::test]
async fn the_three_parties_confirm_one_version_of_the_learning_agreement() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let member = t.token("member@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let expert = t.token("expert@tandem.demo").await;
        let officer = t.token("gov@tandem.demo").await;
        let intern = t.token("st0275@people.tandem.demo").await;
        let host = t.own_enterprise_id(&enterprise).await;
        let body = json!({"student_email": "st0275@people.tandem.demo", "enterprise_id": host, "position": "检测实习生",
            "starts_on": "2026-11-01", "ends_on": "2027-02-28"});
        let id = post(&t, "/api/v1/internships", &staff, body).await.json()["id"].as_i64().unwrap();
        for (email, kind) in [("teacher@tandem.demo", "academic"), ("member@tandem.demo", "enterprise")] {
            let r =
                post(&t, &format!("/api/v1/internships/{id}/mentors"), &staff, json!({"email": email, "kind": kind}))
                    .await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        }
        let path = format!("/api/v1/internships/{id}");
        let terms = |goals: &str, hours: i64| {
            json!({"goals": goals, "duties": "协助检测员完成来料检验", "weekly_hours": hours, "allowance": 1800,
                "insurance": "学校统一购买实习责任保险"})
        };
        let put = |token: String, body: Value| {
            let t = &t;
            let path = format!("{path}/agreement");
            async move { t.json(Method::PUT, &path, Auth::Bearer(&token), body).await }
        };
        let confirm = |token: String, version: i64| {
            let t = &t;
            let path = format!("{path}/agreement/confirm");
            async move { post(t, &path, &token, json!({"version": version})).await }
        };
        let shown = |token: String| {
            let t = &t;
            let path = path.clone();
            async move { t.get(&path, Auth::Bearer(&token)).await.json() }
        };

        // Outsiders are told it does not exist; bad terms are named field by field, nothing written.
        for token in [&expert, &officer] {
            assert_eq!(put(token.clone(), terms("学习", 40)).await.status, StatusCode::NOT_FOUND);
        }
        let r = put(intern.clone(), terms(" ", 80)).await;
        assert_eq!(
            field_codes(&r),
            [("goals".to_owned(), "required".to_owned()), ("weekly_hours".to_owned(), "out_of_range".to_owned())]
        );
        assert!(shown(staff.clone()).await["agreement"].is_null());

        // The intern drafts; each party confirms for itself.
        let r = put(intern.clone(), terms("掌握来料检验的抽样方法与判定标准", 40)).await;
        assert_eq!((r.status, r.json()["version"].as_i64()), (StatusCode::OK, Some(1)), "{}", r.body);
        assert_eq!(shown(intern.clone()).await["my_party"], "student");
        assert_eq!(shown(member.clone()).await["my_party"], "enterprise");
        assert_eq!(shown(teacher.clone()).await["my_party"], "university");
        assert_eq!(shown(enterprise.clone()).await["my_party"], "enterprise");
        assert_eq!(confirm(intern.clone(), 1).await.status, StatusCode::NO_CONTENT);
        assert_eq!(confirm(intern.clone(), 1).await.json()["code"], "agreement.already_confirmed");
        assert_eq!(confirm(member.clone(), 1).await.status, StatusCode::NO_CONTENT);

        // The enterprise changes the hours: a new version, and every confirmation starts over.
        let r = put(enterprise.clone(), terms("掌握来料检验的抽样方法与判定标准", 36)).await;
        assert_eq!(r.json()["version"], 2);
        let a = &shown(staff.clone()).await["agreement"];
        assert_eq!((a["weekly_hours"].as_i64(), a["in_force"].as_bool()), (Some(36), Some(false)));
        assert!(a["confirmed"]["student"].is_null() && a["confirmed"]["enterprise"].is_null());
        // Nobody confirms a version they have not seen.
        assert_eq!(confirm(teacher.clone(), 1).await.json()["code"], "agreement.changed");
        for token in [&teacher, &intern, &enterprise] {
            let r = confirm(token.clone(), 2).await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        }
        let now_shown = shown(staff.clone()).await;
        assert_eq!(now_shown["agreement"]["in_force"], true);
        assert!(!now_shown["attention"].as_array().unwrap().iter().any(|c| c == "no_agreement"));
        assert!(!listed_ids(&t, &staff, "attention=true").await.contains(&id), "in force: off the attention list");
        // Saving the same terms again is not a change: the version and its confirmations stay.
        let r = put(teacher.clone(), terms("掌握来料检验的抽样方法与判定标准", 36)).await;
        assert_eq!(r.json()["version"], 2);
        assert_eq!(shown(staff.clone()).await["agreement"]["in_force"], true);
        // A replaced enterprise mentor no longer speaks for the enterprise.
        let r = post(
            &t,
            &format!("{path}/mentors"),
            &staff,
            json!({"email": "enterprise@tandem.demo", "kind": "enterprise"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        assert_eq!(put(member.clone(), terms("改写", 40)).await.status, StatusCode::FORBIDDEN);
        assert!(shown(member.clone()).await["my_party"].is_null());

        // Once the internship has ended the agreement is history.
        assert_eq!(
            post(&t, &format!("{path}/leave"), &intern, json!({"reason": "转专业"})).await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(put(staff.clone(), terms("x", 40)).await.json()["code"], "agreement.ended");
        assert_eq!(shown(staff.clone()).await["agreement"]["version"], 2);
    }
}

#[tokio::test]
async fn in_the_browser_the_demo_student_confirms_their_agreement() {
    for t in TestApp::all().await {
        let student = t.sign_in("student@tandem.demo").await;
        let list = t.get("/internships", Auth::Cookie(&student)).await.body;
        let at = list.find("href=\"/internships/").unwrap() + "href=\"".len();
        let page_path = list[at..at + list[at..].find('"').unwrap()].to_owned();
        let page = t.get(&page_path, Auth::Cookie(&student)).await.body;
        assert!(page.contains("id=\"agreement-terms\"") && page.contains("id=\"confirm-submit\""), "{page}");
        assert!(page.contains("以学生方确认此版本"));
        let version = {
            let at = page.find("name=\"version\" value=\"").unwrap() + "name=\"version\" value=\"".len();
            page[at..at + page[at..].find('"').unwrap()].to_owned()
        };
        // A stale version is refused with an explanation, and nothing is confirmed.
        let r = t.form(&format!("{page_path}/agreement/confirm"), Auth::Cookie(&student), &[("version", "99")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("条款已被修改"));
        // A field error on the terms form is shown under the field, with the input kept.
        let r = t
            .form(
                &format!("{page_path}/agreement"),
                Auth::Cookie(&student),
                &[("goals", "学习工艺"), ("duties", ""), ("weekly_hours", "40")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"duties-error\"") && r.body.contains("学习工艺"));
        let r =
            t.form(&format!("{page_path}/agreement/confirm"), Auth::Cookie(&student), &[("version", &version)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = t.get(&page_path, Auth::Cookie(&student)).await.body;
        assert!(page.contains("已生效") && !page.contains("id=\"confirm-submit\""));
    }
}

#[tokio::test]
async fn concurrent_overlapping_records_give_one_internship() {
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let host = t.own_enterprise_id(&enterprise).await;
        let mut tasks = Vec::new();
        for n in 0..10 {
            let body = json!({"student_email": "st0270@people.tandem.demo", "enterprise_id": host,
                "position": format!("并发实习 {n}"), "starts_on": "2027-03-01", "ends_on": "2027-05-31"});
            let req = Request::post("/api/v1/internships")
                .header(header::AUTHORIZATION, format!("Bearer {staff}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap();
            let router = t.router.clone();
            tasks.push(tokio::spawn(async move { router.oneshot(req).await.unwrap().status() }));
        }
        let mut statuses = Vec::new();
        for task in tasks {
            statuses.push(task.await.unwrap());
        }
        let created = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
        assert_eq!((created, refused), (1, 9), "{} {statuses:?}", t.backend);
    }
}

#[tokio::test]
async fn a_finished_internship_frees_its_mentors_and_a_mentor_reads_only_their_own_evaluation() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let member = t.token("member@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let intern = t.token("st0271@people.tandem.demo").await;
        let host = t.own_enterprise_id(&enterprise).await;
        let record = |email: &str, from: &str, to: &str| json!({"student_email": email, "enterprise_id": host, "position": "短期实习", "starts_on": from, "ends_on": to});
        let first =
            post(&t, "/api/v1/internships", &staff, record("st0271@people.tandem.demo", "2026-11-01", "2026-12-15"))
                .await
                .json()["id"]
                .as_i64()
                .unwrap();
        for (email, kind) in [("teacher@tandem.demo", "academic"), ("member@tandem.demo", "enterprise")] {
            let r = post(
                &t,
                &format!("/api/v1/internships/{first}/mentors"),
                &staff,
                json!({"email": email, "kind": kind}),
            )
            .await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        }
        // The enterprise mentor evaluates; the intern and the enterprise read it, the academic mentor does not.
        let mine = t.get(&format!("/api/v1/internships/{first}"), Auth::Bearer(&member)).await.json();
        let theirs = mine["mentors"].as_array().unwrap().iter().find(|m| m["kind"] == "enterprise").unwrap()["id"]
            .as_i64()
            .unwrap();
        let r = post(
            &t,
            &format!("/api/v1/mentorships/{theirs}/evaluation"),
            &member,
            json!({"grade": "good", "comment": "踏实"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let evaluation_seen_by = |token: String| {
            let t = &t;
            async move {
                let shown = t.get(&format!("/api/v1/internships/{first}"), Auth::Bearer(&token)).await.json();
                shown["mentors"].as_array().unwrap().iter().find(|m| m["kind"] == "enterprise").unwrap()["evaluation"]
                    ["grade"]
                    .clone()
            }
        };
        assert_eq!(evaluation_seen_by(intern.clone()).await, json!("good"));
        assert_eq!(evaluation_seen_by(enterprise.clone()).await, json!("good"));
        assert_eq!(evaluation_seen_by(teacher.clone()).await, Value::Null);

        // The teacher is full while the internship runs, and free once its last day has passed.
        let second =
            post(&t, "/api/v1/internships", &staff, record("st0272@people.tandem.demo", "2027-01-04", "2027-02-26"))
                .await
                .json()["id"]
                .as_i64()
                .unwrap();
        let all = t.get("/api/v1/mentorships", Auth::Bearer(&teacher)).await.json();
        let load = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["ended_at"].is_null() && m["mentor_name"] == "王建国 教授")
            .count();
        let r = t
            .json(
                Method::PUT,
                "/api/v1/mentor-limits",
                Auth::Bearer(&staff),
                json!({"email": "teacher@tandem.demo", "max_students": load}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let assign = format!("/api/v1/internships/{second}/mentors");
        let academic = json!({"email": "teacher@tandem.demo", "kind": "academic"});
        assert_eq!(post(&t, &assign, &staff, academic.clone()).await.json()["code"], "mentor.over_load");
        t.clock.advance(25 * 86_400);
        let r = post(&t, &assign, &staff, academic).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

        // Days served before leaving early still count as an internship; the days after do not.
        let third =
            post(&t, "/api/v1/internships", &staff, record("st0273@people.tandem.demo", "2026-11-01", "2027-03-31"))
                .await
                .json()["id"]
                .as_i64()
                .unwrap();
        let third_intern = t.token("st0273@people.tandem.demo").await;
        let r =
            post(&t, &format!("/api/v1/internships/{third}/leave"), &third_intern, json!({"reason": "回校备考"})).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let r =
            post(&t, "/api/v1/internships", &staff, record("st0273@people.tandem.demo", "2026-11-10", "2026-11-30"))
                .await;
        assert_eq!(field_codes(&r), [("starts_on".to_owned(), "internship.overlaps".to_owned())]);
        let r =
            post(&t, "/api/v1/internships", &staff, record("st0273@people.tandem.demo", "2027-01-10", "2027-02-28"))
                .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
}

#[tokio::test]
async fn in_the_browser_staff_record_an_internship_and_give_the_intern_mentors() {
    for t in TestApp::all().await {
        let staff = t.sign_in("staff@tandem.demo").await;
        let student = t.sign_in("student@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let host = t.own_enterprise_id(&enterprise).await.to_string();

        // The demo student already has an upcoming internship with both mentors.
        let mine = t.get("/internships", Auth::Cookie(&student)).await;
        assert_eq!(mine.status, StatusCode::OK);
        assert!(mine.body.contains("智能产线实习生") && !mine.body.contains("id=\"internship-form\""), "{}", mine.body);
        let record = t.get("/mentoring", Auth::Cookie(&student)).await;
        assert!(record.body.contains("实习：智能产线实习生") && record.body.contains("href=\"/internships/"));

        let page = t.get("/internships", Auth::Cookie(&staff)).await;
        assert!(page.body.contains("id=\"internship-form\"") && page.body.contains("id=\"internships-table\""));
        let upcoming = t.get("/internships?stage=upcoming", Auth::Cookie(&staff)).await.body;
        assert!(upcoming.contains("internship-upcoming") && !upcoming.contains("badge internship-current"));
        assert_eq!(t.get("/internships?stage=soon", Auth::Cookie(&staff)).await.status, StatusCode::OK);
        let bad = [
            ("student_email", "st0263@people.tandem.demo"),
            ("enterprise_id", host.as_str()),
            ("position", "装配实习生"),
            ("starts_on", "2027-07-01"),
            ("ends_on", "2027-06-01"),
        ];
        let r = t.form("/internships", Auth::Cookie(&staff), &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"ends_on-error\"") && r.body.contains("value=\"装配实习生\""), "{}", r.body);
        let mut good = bad;
        good[4] = ("ends_on", "2027-08-31");
        let r = t.form("/internships", Auth::Cookie(&staff), &good).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let detail = r.location_path();
        assert!(detail.starts_with("/internships/"));

        let page = t.get(&detail, Auth::Cookie(&staff)).await;
        assert!(page.body.contains("id=\"mentor-form\"") && page.body.contains("id=\"internship-stage\""));
        let r = t
            .form(&format!("{detail}/mentors"), Auth::Cookie(&staff), &[("kind", "academic"), ("email", "nobody@x.cn")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"internship-error\""));
        let r = t
            .form(
                &format!("{detail}/mentors"),
                Auth::Cookie(&staff),
                &[("kind", "academic"), ("email", "teacher@tandem.demo")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = t.get(&detail, Auth::Cookie(&staff)).await;
        assert!(page.body.contains("id=\"internship-mentors\"") && page.body.contains("href=\"/mentoring/"));
        // The mentorship page leads back to the internship, for staff and for the mentor.
        let at = page.body.find("href=\"/mentoring/").unwrap() + "href=\"".len();
        let link = page.body[at..at + page.body[at..].find('"').unwrap()].to_owned();
        let mentor = t.sign_in("teacher@tandem.demo").await;
        for who in [&staff, &mentor] {
            let shown = t.get(&link, Auth::Cookie(who)).await;
            assert_eq!(shown.status, StatusCode::OK, "{link}");
            assert!(shown.body.contains(&format!("href=\"{detail}\"")) && shown.body.contains("装配实习生"));
        }
        assert!(t.get("/mentoring", Auth::Cookie(&mentor)).await.body.contains("实习：装配实习生"));

        // Someone with no part in it is told it does not exist; a student cannot record one.
        assert_eq!(t.get(&detail, Auth::Cookie(&student)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(t.form("/internships", Auth::Cookie(&student), &good).await.status, StatusCode::FORBIDDEN);
    }
}

/// The agreement the internship shows is what `PUT …/agreement` takes: sent back unchanged it
/// changes nothing (same version, confirmations kept); sent back with one field changed only
/// that field changes, the allowance included.
#[tokio::test]
async fn the_agreement_read_in_an_internship_can_be_written_back() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let intern = t.token("st0276@people.tandem.demo").await;
        let host = t.own_enterprise_id(&enterprise).await;
        let body = json!({"student_email": "st0276@people.tandem.demo", "enterprise_id": host, "position": "装配实习生",
            "starts_on": "2027-09-01", "ends_on": "2027-12-31"});
        let r = post(&t, "/api/v1/internships", &staff, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let path = format!("/api/v1/internships/{}", r.json()["id"].as_i64().unwrap());
        let put = |body: Value| {
            let t = &t;
            let (path, intern) = (format!("{path}/agreement"), intern.clone());
            async move { t.json(Method::PUT, &path, Auth::Bearer(&intern), body).await }
        };
        let drafted = json!({"goals": "掌握装配工艺", "duties": "协助完成总装", "weekly_hours": 40, "allowance": 1800,
            "insurance": "学校统一购买实习责任保险"});
        assert_eq!(put(drafted).await.json()["version"], 1);
        let r = post(&t, &format!("{path}/agreement/confirm"), &intern, json!({"version": 1})).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

        let read = t.get(&path, Auth::Bearer(&intern)).await.json()["agreement"].clone();
        assert_eq!((read["allowance"].as_i64(), read["allowance_fen"].as_i64()), (Some(1800), Some(180_000)));
        let r = put(read.clone()).await;
        assert_eq!((r.status, r.json()["version"].as_i64()), (StatusCode::OK, Some(1)), "{}", r.body);
        assert_eq!(t.get(&path, Auth::Bearer(&intern)).await.json()["agreement"], read, "nothing changed");

        let mut changed = read.clone();
        changed["weekly_hours"] = json!(36);
        assert_eq!(put(changed).await.json()["version"], 2);
        let now = t.get(&path, Auth::Bearer(&intern)).await.json()["agreement"].clone();
        assert_eq!((now["weekly_hours"].as_i64(), now["allowance"].as_i64()), (Some(36), Some(1800)));
        assert_eq!(
            (&now["goals"], &now["duties"], &now["insurance"]),
            (&read["goals"], &read["duties"], &read["insurance"])
        );
        assert!(now["confirmed"]["student"].is_null(), "a new version is confirmed again");
    }
}

/// Bodies are read strictly: a field the endpoint does not know, or a value of the wrong type,
/// is a 422 naming the field, and nothing is written.
#[tokio::test]
async fn internship_bodies_name_unknown_fields_and_wrong_types() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let host = t.own_enterprise_id(&enterprise).await;
        let before = ids(&t.get("/api/v1/internships", Auth::Bearer(&staff)).await.json()).len();
        let good = json!({"student_email": "st0277@people.tandem.demo", "enterprise_id": host, "position": "质检实习生",
            "starts_on": "2027-09-01", "ends_on": "2027-12-31"});
        let mut unknown = good.clone();
        unknown["mentor"] = json!("teacher@tandem.demo");
        let r = post(&t, "/api/v1/internships", &staff, unknown).await;
        assert_eq!(
            (r.status, field_codes(&r)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec![("mentor".into(), "unknown_field".into())])
        );
        let mut wrong = good.clone();
        wrong["enterprise_id"] = json!(host.to_string());
        let r = post(&t, "/api/v1/internships", &staff, wrong).await;
        assert_eq!(field_codes(&r), [("enterprise_id".to_owned(), "wrong_type".to_owned())], "{}", r.body);
        assert_eq!(ids(&t.get("/api/v1/internships", Auth::Bearer(&staff)).await.json()).len(), before);

        let id = post(&t, "/api/v1/internships", &staff, good).await.json()["id"].as_i64().unwrap();
        let agreement = format!("/api/v1/internships/{id}/agreement");
        let terms = json!({"goals": "学习", "duties": "协助", "weekly_hours": "forty"});
        let r = t.json(Method::PUT, &agreement, Auth::Bearer(&staff), terms).await;
        assert_eq!(field_codes(&r), [("weekly_hours".to_owned(), "wrong_type".to_owned())], "{}", r.body);
        let terms = json!({"goals": "学习", "duties": "协助", "weekly_hours": 40, "signed_by": "me"});
        let r = t.json(Method::PUT, &agreement, Auth::Bearer(&staff), terms).await;
        assert_eq!(field_codes(&r), [("signed_by".to_owned(), "unknown_field".to_owned())], "{}", r.body);
        assert!(t.get(&format!("/api/v1/internships/{id}"), Auth::Bearer(&staff)).await.json()["agreement"].is_null());
        let r = post(&t, &format!("{agreement}/confirm"), &staff, json!({"version": "1"})).await;
        assert_eq!(field_codes(&r), [("version".to_owned(), "wrong_type".to_owned())], "{}", r.body);
    }
}
