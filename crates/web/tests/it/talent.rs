//! Order-based classes through the API: the order, the university's decision, applications,
//! rankings, a stable selection with reasons, overrides within seats, and leaving.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};

fn order(enterprise: i64, title: &str, seats: i64) -> Value {
    json!({"enterprise_id": enterprise, "title": title, "positions": "数控操作工", "majors": "机械设计制造及其自动化",
        "skills": "数控编程", "seats": seats, "hires": seats, "salary_min": 6000, "salary_max": 8000,
        "location": "沈阳", "starts_on": "2027-03-01", "ends_on": "2027-12-31"})
}

async fn post(t: &TestApp, path: &str, token: &str, body: Value) -> crate::support::Reply {
    t.json(Method::POST, path, Auth::Bearer(token), body).await
}

#[tokio::test]
async fn an_order_class_goes_from_order_to_a_stable_selection_with_reasons() {
    for t in TestApp::all().await {
        let enterprise = t.token("enterprise@tandem.demo").await;
        let own = t.own_enterprise_id(&enterprise).await;
        let member = t.token("member@tandem.demo").await;
        let staff = t.token("staff@tandem.demo").await;
        let students = [
            t.token("student@tandem.demo").await,
            t.token("st0253@people.tandem.demo").await,
            t.token("st0254@people.tandem.demo").await,
        ];
        let ids: Vec<i64> = {
            let mut v = Vec::new();
            for s in &students {
                v.push(t.get("/api/v1/me", Auth::Bearer(s)).await.json()["id"].as_i64().unwrap());
            }
            v
        };

        // Ordering: only for one's own enterprise, by its administrators, with checked fields.
        assert_eq!(post(&t, "/api/v1/order-classes", &member, order(own, "x", 2)).await.status, StatusCode::FORBIDDEN);
        let mut bad = order(own, "", 2);
        bad["hires"] = json!(5);
        bad["ends_on"] = json!("2027-01-01");
        let r = post(&t, "/api/v1/order-classes", &enterprise, bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["fields"].as_array().unwrap().len(), 3, "{}", r.body);
        let r = post(&t, "/api/v1/order-classes", &enterprise, order(own, "数控订单班 A", 1)).await;
        assert_eq!((r.status, r.json()["status"].as_str()), (StatusCode::CREATED, Some("ordered")), "{}", r.body);
        let a = r.json()["id"].as_i64().unwrap();
        let b = post(&t, "/api/v1/order-classes", &enterprise, order(own, "数控订单班 B", 1)).await.json()["id"]
            .as_i64()
            .unwrap();

        // Until the university accepts it, students do not see the order, not even in the list.
        let listed = t.get("/api/v1/order-classes", Auth::Bearer(&students[0])).await.json();
        assert!(listed["items"].as_array().unwrap().iter().all(|c| c["id"] != a && c["status"] != "ordered"));
        let own_list = t.get("/api/v1/order-classes", Auth::Bearer(&enterprise)).await.json();
        assert!(
            own_list["items"].as_array().unwrap().iter().any(|c| c["id"] == a),
            "the enterprise sees its own order"
        );
        assert_eq!(
            t.get(&format!("/api/v1/order-classes/{a}"), Auth::Bearer(&students[0])).await.status,
            StatusCode::NOT_FOUND
        );
        let r =
            post(&t, &format!("/api/v1/order-classes/{a}/applications"), &students[0], json!({"preference": 1})).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            post(&t, &format!("/api/v1/order-classes/{a}/accept"), &enterprise, json!({})).await.status,
            StatusCode::FORBIDDEN
        );
        for class in [a, b] {
            let r = post(&t, &format!("/api/v1/order-classes/{class}/accept"), &staff, json!({"note": "同意"})).await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        }
        let r = post(&t, &format!("/api/v1/order-classes/{a}/decline"), &staff, json!({})).await;
        assert_eq!(r.json()["code"], "order.wrong_status");

        // Students apply with their order of preference.
        let apply = |preference: i64| json!({"preference": preference, "statement": "希望进入订单班"});
        let mut apps = std::collections::HashMap::new();
        for (s, class, pref) in [(0, a, 1), (0, b, 2), (1, a, 1), (2, b, 1)] {
            let r = post(&t, &format!("/api/v1/order-classes/{class}/applications"), &students[s], apply(pref)).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            apps.insert((s, class), r.json()["id"].as_i64().unwrap());
        }
        let r = post(&t, &format!("/api/v1/order-classes/{a}/applications"), &students[0], apply(3)).await;
        assert_eq!(r.json()["code"], "order.already_applied");
        let r = post(&t, &format!("/api/v1/order-classes/{b}/applications"), &students[1], apply(1)).await;
        assert_eq!(r.json()["fields"][0]["code"], "order.preference_taken", "{}", r.body);
        assert_eq!(
            post(&t, &format!("/api/v1/order-classes/{a}/applications"), &enterprise, apply(1)).await.status,
            StatusCode::FORBIDDEN
        );

        // The enterprise ranks: in A, student 1 above student 0; in B only student 0 (student 2 unranked).
        let ranks = json!({"ranks": [{"application_id": apps[&(1, a)], "rank": 1}, {"application_id": apps[&(0, a)], "rank": 2}]});
        let r = t
            .json(Method::PUT, &format!("/api/v1/order-classes/{a}/ranks"), Auth::Bearer(&students[0]), ranks.clone())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r =
            t.json(Method::PUT, &format!("/api/v1/order-classes/{a}/ranks"), Auth::Bearer(&enterprise), ranks).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let ranks = json!({"ranks": [{"application_id": apps[&(0, b)], "rank": 1}]});
        assert_eq!(
            t.json(Method::PUT, &format!("/api/v1/order-classes/{b}/ranks"), Auth::Bearer(&enterprise), ranks)
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        let foreign = json!({"ranks": [{"application_id": apps[&(2, b)], "rank": 1}]});
        let r =
            t.json(Method::PUT, &format!("/api/v1/order-classes/{a}/ranks"), Auth::Bearer(&enterprise), foreign).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "an application of another class");

        // Before the selection nobody is placed by hand.
        let early = json!({"email": "st0254@people.tandem.demo", "note": "提前调入"});
        assert_eq!(
            post(&t, &format!("/api/v1/order-classes/{a}/members"), &staff, early).await.json()["code"],
            "order.not_selected"
        );
        // Selection: stable, one class per student, each told why.
        assert_eq!(
            post(&t, "/api/v1/order-classes/selection", &enterprise, json!({})).await.status,
            StatusCode::FORBIDDEN
        );
        let r = post(&t, "/api/v1/order-classes/selection", &staff, json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", t.backend, r.body);
        let class_a = t.get(&format!("/api/v1/order-classes/{a}"), Auth::Bearer(&enterprise)).await.json();
        let roster = |c: &Value| {
            c["members"].as_array().unwrap().iter().map(|m| m["student_id"].as_i64().unwrap()).collect::<Vec<_>>()
        };
        assert_eq!(roster(&class_a), vec![ids[1]]);
        assert_eq!(class_a["status"], "selected");
        let class_b = t.get(&format!("/api/v1/order-classes/{b}"), Auth::Bearer(&enterprise)).await.json();
        assert_eq!(roster(&class_b), vec![ids[0]]);
        let mine = t.get("/api/v1/order-classes/applications/mine", Auth::Bearer(&students[0])).await.json();
        let first = mine["items"].as_array().unwrap().iter().find(|x| x["class_id"] == a).unwrap().clone();
        assert_eq!(first["outcome"], "not_selected");
        assert_eq!(first["explanation"]["assigned"], b);
        assert_eq!(
            first["explanation"]["passed_over"][0],
            json!({"class_id": a, "reason": "full", "last_admitted_rank": 1, "your_rank": 2})
        );
        let third = t.get("/api/v1/order-classes/applications/mine", Auth::Bearer(&students[2])).await.json();
        let third = third["items"].as_array().unwrap().iter().find(|x| x["class_id"] == b).unwrap().clone();
        assert_eq!(third["explanation"]["passed_over"][0]["reason"], "not_ranked");
        // Students do not see others' applications.
        assert_eq!(
            t.get(&format!("/api/v1/order-classes/{a}"), Auth::Bearer(&students[2])).await.json()["applications"],
            Value::Null
        );

        // Overrides stay within the seats; leaving is recorded, not prevented.
        let place = json!({"email": "st0254@people.tandem.demo", "note": "企业面试后补录"});
        let r = post(&t, &format!("/api/v1/order-classes/{b}/members"), &staff, place.clone()).await;
        assert_eq!(r.json()["code"], "order.full");
        let r = post(
            &t,
            &format!("/api/v1/order-classes/{b}/members/{}/leave", ids[1]),
            &students[0],
            json!({"reason": "x"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "one student cannot take another out");
        let r = post(
            &t,
            &format!("/api/v1/order-classes/{b}/members/{}/leave", ids[0]),
            &students[0],
            json!({"reason": ""}),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = post(
            &t,
            &format!("/api/v1/order-classes/{b}/members/{}/leave", ids[0]),
            &students[0],
            json!({"reason": "转考研"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        assert_eq!(
            post(&t, &format!("/api/v1/order-classes/{b}/members"), &enterprise, place.clone()).await.status,
            StatusCode::FORBIDDEN
        );
        let r = post(&t, &format!("/api/v1/order-classes/{b}/members"), &staff, place.clone()).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let class_b = t.get(&format!("/api/v1/order-classes/{b}"), Auth::Bearer(&staff)).await.json();
        let left = class_b["members"].as_array().unwrap().iter().find(|m| m["student_id"] == ids[0]).unwrap().clone();
        assert_eq!(left["leave_reason"], "转考研");
        let seen_by_other = t.get(&format!("/api/v1/order-classes/{b}"), Auth::Bearer(&students[2])).await.json();
        let other_view =
            seen_by_other["members"].as_array().unwrap().iter().find(|m| m["student_id"] == ids[0]).unwrap().clone();
        assert_eq!(other_view["leave_reason"], Value::Null, "another student does not read why someone left");
        assert_eq!(class_b["members"].as_array().unwrap().iter().filter(|m| m["left_at"].is_null()).count(), 1);

        // A student who left can be taken back; a current member cannot be placed twice.
        let r = post(&t, &format!("/api/v1/order-classes/{b}/members"), &staff, place.clone()).await;
        assert_eq!(r.json()["code"], "order.full", "still within the seats");
        let leave = format!("/api/v1/order-classes/{b}/members/{}/leave", ids[2]);
        assert_eq!(post(&t, &leave, &staff, json!({"reason": "企业实习冲突"})).await.status, StatusCode::NO_CONTENT);
        let r = post(&t, &format!("/api/v1/order-classes/{b}/members"), &staff, place.clone()).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let class_b = t.get(&format!("/api/v1/order-classes/{b}"), Auth::Bearer(&staff)).await.json();
        let back = class_b["members"].as_array().unwrap().iter().find(|m| m["student_id"] == ids[2]).unwrap().clone();
        assert_eq!((back["left_at"].is_null(), back["source"].as_str()), (true, Some("override")));
    }
}

#[tokio::test]
async fn in_the_browser_an_enterprise_orders_a_student_applies_and_learns_the_outcome() {
    for t in TestApp::all().await {
        let enterprise = t.sign_in("enterprise@tandem.demo").await;
        let staff = t.sign_in("staff@tandem.demo").await;
        let student = t.sign_in("student@tandem.demo").await;
        assert!(t.get("/classes", Auth::Cookie(&enterprise)).await.has("#class-new"));
        assert!(!t.get("/classes", Auth::Cookie(&student)).await.has("#class-new"));
        assert_eq!(t.get("/classes/new", Auth::Cookie(&student)).await.status, StatusCode::FORBIDDEN);
        let form = t.get("/classes/new", Auth::Cookie(&enterprise)).await;
        let at = form.body.find("id=\"f-enterprise_id\"").unwrap();
        let rest = &form.body[at..];
        let rest = &rest[rest.find("<option value=\"").unwrap() + 15..];
        let rest = &rest[rest.find("<option value=\"").unwrap() + 15..];
        let own = rest[..rest.find('"').unwrap()].to_owned();
        let mut fields = vec![
            ("enterprise_id", own.as_str()),
            ("title", "工业机器人订单班"),
            ("positions", "机器人运维"),
            ("majors", "自动化"),
            ("seats", "2"),
            ("hires", "3"),
            ("starts_on", "2027-03-01"),
            ("ends_on", "2027-12-31"),
        ];
        let r = t.form("/classes", Auth::Cookie(&enterprise), &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"hires-error\"") && r.body.contains("value=\"工业机器人订单班\""));
        fields[5].1 = "2";
        let r = t.form("/classes", Auth::Cookie(&enterprise), &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let path = r.location_path();
        let id: i64 = path.trim_start_matches("/classes/").parse().unwrap();
        assert_eq!(t.get(&path, Auth::Cookie(&student)).await.status, StatusCode::NOT_FOUND, "not open yet");
        let page = t.get(&path, Auth::Cookie(&staff)).await;
        assert!(page.body.contains("id=\"class-accept\""));
        assert_eq!(t.form(&format!("{path}/accept"), Auth::Cookie(&staff), &[]).await.status, StatusCode::SEE_OTHER);

        // The student applies; a missing choice is named on its field.
        let r = t
            .form(&format!("{path}/applications"), Auth::Cookie(&student), &[("preference", ""), ("statement", "x")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"preference-error\""), "{}", r.body);
        let r = t
            .form(
                &format!("{path}/applications"),
                Auth::Cookie(&student),
                &[("preference", "1"), ("statement", "喜欢机器人")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = t.get(&path, Auth::Cookie(&student)).await;
        assert!(page.body.contains("id=\"my-application\"") && !page.body.contains("id=\"applicants\""));

        // The enterprise ranks on the class page; the staff run the selection from the list.
        let page = t.get(&path, Auth::Cookie(&enterprise)).await;
        let at = page.body.find("name=\"rank_").expect("a rank input per applicant");
        let rest = &page.body[at + "name=\"".len()..];
        let field = rest[..rest.find('"').unwrap()].to_owned();
        let r = t.form(&format!("{path}/ranks"), Auth::Cookie(&enterprise), &[(field.as_str(), "first")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = t.form(&format!("{path}/ranks"), Auth::Cookie(&enterprise), &[(field.as_str(), "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(t.form("/classes/selection", Auth::Cookie(&student), &[]).await.status, StatusCode::FORBIDDEN);
        let r = t.form("/classes/selection", Auth::Cookie(&staff), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let list = t.get(r.location(), Auth::Cookie(&staff)).await;
        assert!(list.body.contains("id=\"classes-notice\""), "{}", list.body);
        let mine = t.get("/classes", Auth::Cookie(&student)).await;
        assert!(
            mine.body.contains("id=\"my-applications\"") && mine.body.contains("您进入了工业机器人订单班"),
            "{}",
            mine.body
        );
        let roster = t.get(&path, Auth::Cookie(&student)).await;
        assert!(roster.body.contains("id=\"roster-table\"") && roster.body.contains("id=\"leave-submit\""));
        let r =
            t.form(&format!("/classes/{id}/members/999999/leave"), Auth::Cookie(&student), &[("reason", "x")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

/// A class with the given students selected into it; returns its id.
async fn class_with(t: &TestApp, students: &[&str]) -> i64 {
    let enterprise = t.token("enterprise@tandem.demo").await;
    let staff = t.token("staff@tandem.demo").await;
    let own = t.own_enterprise_id(&enterprise).await;
    let id = post(t, "/api/v1/order-classes", &enterprise, order(own, "双导师订单班", 5)).await.json()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        post(t, &format!("/api/v1/order-classes/{id}/accept"), &staff, json!({})).await.status,
        StatusCode::NO_CONTENT
    );
    let mut ranks = Vec::new();
    for (n, email) in students.iter().enumerate() {
        let token = t.token(email).await;
        let r = post(t, &format!("/api/v1/order-classes/{id}/applications"), &token, json!({"preference": 5})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ranks.push(json!({"application_id": r.json()["id"], "rank": n + 1}));
    }
    let r = t
        .json(
            Method::PUT,
            &format!("/api/v1/order-classes/{id}/ranks"),
            Auth::Bearer(&enterprise),
            json!({"ranks": ranks}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(post(t, "/api/v1/order-classes/selection", &staff, json!({})).await.status, StatusCode::OK);
    id
}

#[tokio::test]
async fn each_student_gets_an_academic_and_an_enterprise_mentor_within_their_load() {
    for t in TestApp::all().await {
        let class = class_with(&t, &["student@tandem.demo", "st0253@people.tandem.demo"]).await;
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let student = t.token("student@tandem.demo").await;
        let mut ids = Vec::new();
        for email in ["student@tandem.demo", "st0253@people.tandem.demo", "st0254@people.tandem.demo"] {
            let token = t.token(email).await;
            ids.push(t.get("/api/v1/me", Auth::Bearer(&token)).await.json()["id"].as_i64().unwrap());
        }
        let (student_id, second_id, outsider_id) = (ids[0], ids[1], ids[2]);
        let path = format!("/api/v1/order-classes/{class}/mentors");
        let assign =
            |student: i64, email: &str, kind: &str| json!({"student_id": student, "email": email, "kind": kind});

        assert_eq!(
            post(&t, &path, &enterprise, assign(student_id, "teacher@tandem.demo", "academic")).await.status,
            StatusCode::FORBIDDEN
        );
        for (body, code) in [
            (assign(student_id, "student@tandem.demo", "academic"), "mentor.not_academic"),
            (assign(student_id, "teacher@tandem.demo", "enterprise"), "mentor.not_enterprise"),
            (assign(student_id, "expert@tandem.demo", "enterprise"), "mentor.not_enterprise"),
            (assign(student_id, "teacher@tandem.demo", "mentor"), "not_a_choice"),
        ] {
            let r = post(&t, &path, &staff, body).await;
            assert_eq!(
                (r.status, r.json()["fields"][0]["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
                "{}",
                r.body
            );
        }
        let r = post(&t, &path, &staff, assign(outsider_id, "teacher@tandem.demo", "academic")).await;
        assert_eq!(r.json()["code"], "order.not_a_member");
        for (email, kind) in [("teacher@tandem.demo", "academic"), ("member@tandem.demo", "enterprise")] {
            let r = post(&t, &path, &staff, assign(student_id, email, kind)).await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        }
        // A full mentor takes nobody more; nothing is written.
        let load = t.get("/api/v1/mentorships", Auth::Bearer(&teacher)).await.json()["items"]
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
        let r = post(&t, &path, &staff, assign(second_id, "teacher@tandem.demo", "academic")).await;
        assert_eq!(r.json()["code"], "mentor.over_load", "{}", r.body);
        let r = t
            .json(
                Method::PUT,
                "/api/v1/mentor-limits",
                Auth::Bearer(&enterprise),
                json!({"email": "teacher@tandem.demo", "max_students": 9}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // The mentor logs meetings and evaluates once; the student reads it on their record.
        let mine = t.get("/api/v1/mentorships", Auth::Bearer(&student)).await.json();
        let academic = mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["kind"] == "academic" && m["class_id"] == class)
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let meet = format!("/api/v1/mentorships/{academic}/meetings");
        let r = post(&t, &meet, &teacher, json!({"met_on": "2026-12-24", "minutes": 60, "topic": "选题"})).await;
        assert_eq!(r.json()["fields"][0]["code"], "date.in_future");
        assert_eq!(
            post(&t, &meet, &student, json!({"met_on": "2026-11-20", "minutes": 60, "topic": "x"})).await.status,
            StatusCode::FORBIDDEN
        );
        let r = post(
            &t,
            &meet,
            &teacher,
            json!({"met_on": "2026-11-20", "minutes": 60, "topic": "毕业设计选题", "notes": "确定视觉检测方向"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let expert = t.token("expert@tandem.demo").await;
        assert_eq!(
            t.get(&format!("/api/v1/mentorships/{academic}"), Auth::Bearer(&expert)).await.status,
            StatusCode::NOT_FOUND
        );
        let eval = format!("/api/v1/mentorships/{academic}/evaluation");
        let r = post(&t, &eval, &teacher, json!({"grade": "excellent", "comment": "主动、扎实"})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let r = post(&t, &eval, &teacher, json!({"grade": "good", "comment": "改主意"})).await;
        assert_eq!(r.json()["code"], "mentor.already_evaluated");
        let record = t.get(&format!("/api/v1/mentorships/{academic}"), Auth::Bearer(&student)).await.json();
        assert_eq!(record["evaluation"]["grade"], "excellent");
        assert_eq!(record["meeting_log"][0]["topic"], "毕业设计选题");

        // A new academic mentor replaces the old one; the old mentorship stays on record, ended.
        let r = post(&t, &path, &staff, assign(student_id, "t0001@people.tandem.demo", "academic")).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let current = t.get(&format!("/api/v1/mentorships/{academic}"), Auth::Bearer(&teacher)).await.json();
        assert!(!current["ended_at"].is_null());
        let r = post(&t, &meet, &teacher, json!({"met_on": "2026-11-21", "minutes": 30, "topic": "交接"})).await;
        assert_eq!(r.json()["code"], "mentor.ended");
        // Leaving the class ends the student's current mentorships.
        let r = post(
            &t,
            &format!("/api/v1/order-classes/{class}/members/{student_id}/leave"),
            &student,
            json!({"reason": "转专业"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let mine = t.get("/api/v1/mentorships", Auth::Bearer(&student)).await.json();
        assert!(
            mine["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["class_id"] == class)
                .all(|m| !m["ended_at"].is_null()),
            "{mine}"
        );
    }
}

/// Bodies are typed: a field an operation does not know and a value of the wrong type are
/// refused with 422 under the field's name, and nothing is written.
#[tokio::test]
async fn order_class_and_mentoring_bodies_name_unknown_fields_and_wrong_types() {
    for t in TestApp::all().await {
        let enterprise = t.token("enterprise@tandem.demo").await;
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let own = t.own_enterprise_id(&enterprise).await;
        let first_problem = |r: &crate::support::Reply| {
            let body = r.json();
            let field = &body["fields"][0];
            (r.status, format!("{}:{}", field["field"].as_str().unwrap_or(""), field["code"].as_str().unwrap_or("")))
        };
        let refused = |problem: &str| (StatusCode::UNPROCESSABLE_ENTITY, problem.to_owned());
        let classes = || async { t.get("/api/v1/order-classes", Auth::Bearer(&staff)).await.json()["items"].clone() };
        let before = classes().await;

        let mut unknown = order(own, "未知字段订单班", 2);
        unknown["colour"] = json!("red");
        let r = post(&t, "/api/v1/order-classes", &enterprise, unknown).await;
        assert_eq!(first_problem(&r), refused("colour:unknown_field"), "{}", r.body);
        let mut wrong = order(own, "错误类型订单班", 2);
        wrong["enterprise_id"] = json!(own.to_string());
        let r = post(&t, "/api/v1/order-classes", &enterprise, wrong).await;
        assert_eq!(first_problem(&r), refused("enterprise_id:wrong_type"), "{}", r.body);
        let mut wrong = order(own, "错误类型订单班", 2);
        wrong["seats"] = json!(true);
        let r = post(&t, "/api/v1/order-classes", &enterprise, wrong).await;
        assert_eq!(first_problem(&r), refused("seats:wrong_type"), "{}", r.body);
        assert_eq!(classes().await, before, "nothing was ordered");

        // A class's ranks are named as one field, whichever entry is wrong.
        let class = before.as_array().unwrap().iter().find(|c| c["enterprise"]["id"] == own).unwrap()["id"].clone();
        let ranks = format!("/api/v1/order-classes/{class}/ranks");
        for (body, problem) in [
            (json!({"ranks": [{"application_id": "1", "rank": 1}]}), "ranks:wrong_type"),
            (json!({"ranks": [{"application_id": 1, "rank": "first"}]}), "ranks:wrong_type"),
            (json!({"ranks": "all"}), "ranks:required"),
            (json!({"ranks": [], "order": "asc"}), "order:unknown_field"),
        ] {
            let r = t.json(Method::PUT, &ranks, Auth::Bearer(&enterprise), body).await;
            assert_eq!(first_problem(&r), refused(problem), "{}", r.body);
        }
        let r =
            post(&t, &format!("/api/v1/order-classes/{class}/curriculum"), &enterprise, json!({"hours": [8]})).await;
        assert_eq!(first_problem(&r), refused("hours:wrong_type"), "{}", r.body);

        // Mentoring bodies alike.
        let r = t
            .json(
                Method::PUT,
                "/api/v1/mentor-limits",
                Auth::Bearer(&staff),
                json!({"email": "teacher@tandem.demo", "max_students": "9"}),
            )
            .await;
        assert_eq!(first_problem(&r), refused("max_students:wrong_type"), "{}", r.body);
        let r = t
            .json(
                Method::PUT,
                "/api/v1/mentor-limits",
                Auth::Bearer(&staff),
                json!({"email": "teacher@tandem.demo", "max_students": 9, "min_students": 1}),
            )
            .await;
        assert_eq!(first_problem(&r), refused("min_students:unknown_field"), "{}", r.body);
        let record = t.get("/api/v1/mentorships", Auth::Bearer(&teacher)).await.json();
        let open = record["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["mentor_name"] == "王建国 教授" && m["ended_at"].is_null() && m["evaluation"].is_null())
            .expect("the demo teacher mentors someone")
            .clone();
        let id = open["id"].as_i64().unwrap();
        let meetings_before = open["meetings"].clone();
        let meet = format!("/api/v1/mentorships/{id}/meetings");
        let r =
            post(&t, &meet, &teacher, json!({"met_on": "2026-11-20", "minutes": 60, "topic": "x", "place": "车间"}))
                .await;
        assert_eq!(first_problem(&r), refused("place:unknown_field"), "{}", r.body);
        let r = post(&t, &meet, &teacher, json!({"met_on": true, "minutes": 60, "topic": "x"})).await;
        assert_eq!(first_problem(&r), refused("met_on:wrong_type"), "{}", r.body);
        let shown = t.get(&format!("/api/v1/mentorships/{id}"), Auth::Bearer(&teacher)).await.json();
        assert_eq!(shown["meetings"], meetings_before, "no meeting was logged");

        // The evaluation answers with the mentorship as it now reads.
        let eval = format!("/api/v1/mentorships/{id}/evaluation");
        let r = post(&t, &eval, &teacher, json!({"grade": "good", "score": 80})).await;
        assert_eq!(first_problem(&r), refused("score:unknown_field"), "{}", r.body);
        let r = post(&t, &eval, &teacher, json!({"grade": "good", "comment": "稳定"})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let answered = r.json();
        assert_eq!((answered["id"].as_i64(), answered["evaluation"]["grade"].as_str()), (Some(id), Some("good")));
        assert!(answered["meeting_log"].is_array());
    }
}

#[tokio::test]
async fn in_the_browser_staff_assign_mentors_and_the_mentor_keeps_the_log() {
    for t in TestApp::all().await {
        let class = class_with(&t, &["student@tandem.demo"]).await;
        let staff = t.sign_in("staff@tandem.demo").await;
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let student = t.sign_in("student@tandem.demo").await;
        let page = t.get(&format!("/classes/{class}"), Auth::Cookie(&staff)).await;
        assert!(page.has("#mentor-form"));
        assert!(!t.get(&format!("/classes/{class}"), Auth::Cookie(&student)).await.has("#mentor-form"));
        let at = page.body.find("id=\"mentor-student\"").unwrap();
        let rest = &page.body[at..];
        let rest = &rest[rest.find("<option value=\"").unwrap() + 15..];
        let student_id = rest[..rest.find('"').unwrap()].to_owned();
        let bad = [("student_id", student_id.as_str()), ("kind", "academic"), ("email", "student@tandem.demo")];
        let r = t.form(&format!("/classes/{class}/mentors"), Auth::Cookie(&staff), &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"class-error\""));
        let good = [("student_id", student_id.as_str()), ("kind", "academic"), ("email", "teacher@tandem.demo")];
        let r = t.form(&format!("/classes/{class}/mentors"), Auth::Cookie(&staff), &good).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = t.get(&format!("/classes/{class}"), Auth::Cookie(&student)).await;
        let at = page.body.find("href=\"/mentoring/").expect("the roster names the mentor");
        let rest = &page.body[at + "href=\"".len()..];
        let link = rest[..rest.find('"').unwrap()].to_owned();

        // The mentor logs a meeting; a missing topic is named on its field and nothing is written.
        let r = t
            .form(
                &format!("{link}/meetings"),
                Auth::Cookie(&teacher),
                &[("met_on", "2026-11-20"), ("minutes", "45"), ("topic", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"topic-error\"") && r.body.contains("value=\"45\""));
        let r = t
            .form(
                &format!("{link}/meetings"),
                Auth::Cookie(&teacher),
                &[("met_on", "2026-11-20"), ("minutes", "45"), ("topic", "实习计划")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = t
            .form(&format!("{link}/evaluation"), Auth::Cookie(&teacher), &[("grade", "good"), ("comment", "认真")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = t
            .form(&format!("{link}/evaluation"), Auth::Cookie(&teacher), &[("grade", "pass"), ("comment", "再评")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("id=\"mentoring-error\"") && !r.body.contains("id=\"evaluation-submit\""),
            "{}",
            r.body
        );
        // The student reads it on their own record, and cannot write to it.
        let record = t.get("/mentoring", Auth::Cookie(&student)).await;
        assert!(record.body.contains("id=\"my-mentors\"") && record.body.contains("王建国"));
        let page = t.get(&link, Auth::Cookie(&student)).await;
        assert!(
            page.body.contains("实习计划")
                && page.body.contains("id=\"evaluation\"")
                && !page.body.contains("id=\"meeting-submit\"")
        );
        let r = t
            .form(
                &format!("{link}/meetings"),
                Auth::Cookie(&student),
                &[("met_on", "2026-11-20"), ("minutes", "45"), ("topic", "x")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(t.get("/mentoring", Auth::Cookie(&teacher)).await.body.contains("id=\"mentored-students\""));
    }
}

#[tokio::test]
async fn practice_terms_make_teachers_dual_qualified_and_experts_are_appointed() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let student = t.token("student@tandem.demo").await;
        let gov = t.token("gov@tandem.demo").await;
        let enterprise = t.own_enterprise_id(&t.token("enterprise@tandem.demo").await).await;
        let me = t.get("/api/v1/me", Auth::Bearer(&teacher)).await.json();
        let college =
            me["memberships"].as_array().unwrap().iter().find(|m| m["org_kind"] == "college").unwrap()["org_id"]
                .as_i64()
                .unwrap();
        let dual = |report: &Value| {
            report["colleges"].as_array().unwrap().iter().find(|c| c["college_id"] == college).unwrap()["dual_qualified"].as_i64().unwrap()
        };
        assert_eq!(t.get("/api/v1/flow/dual-qualified", Auth::Bearer(&teacher)).await.status, StatusCode::FORBIDDEN);
        let before = t.get("/api/v1/flow/dual-qualified", Auth::Bearer(&gov)).await.json();
        assert_eq!(before["rule"]["provisional"], true, "the rule is shown as provisional");

        let term = |s: &str, e: &str| json!({"enterprise_id": enterprise, "starts_on": s, "ends_on": e, "project": "数控产线工艺改进"});
        assert_eq!(
            post(&t, "/api/v1/flow/practice", &student, term("2026-01-01", "2026-06-29")).await.status,
            StatusCode::FORBIDDEN
        );
        let r = post(&t, "/api/v1/flow/practice", &teacher, term("2026-06-29", "2026-01-01")).await;
        assert_eq!(r.json()["fields"][0]["code"], "order.ends_before_start");
        // 179 days: not yet; one more term of a day makes 180.
        let r = post(&t, "/api/v1/flow/practice", &teacher, term("2026-01-01", "2026-06-28")).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        assert_eq!(dual(&t.get("/api/v1/flow/dual-qualified", Auth::Bearer(&staff)).await.json()), dual(&before));
        let r = post(&t, "/api/v1/flow/practice", &teacher, term("2026-06-29", "2026-06-29")).await;
        assert_eq!(r.status, StatusCode::CREATED);
        assert_eq!(dual(&t.get("/api/v1/flow/dual-qualified", Auth::Bearer(&staff)).await.json()), dual(&before) + 1);
        // Only staff record for someone else: a teacher naming any email is refused before it is looked up.
        for email in ["t0001@people.tandem.demo", "nobody@example.com"] {
            let mut other = term("2026-01-01", "2026-02-01");
            other["teacher_email"] = json!(email);
            assert_eq!(post(&t, "/api/v1/flow/practice", &teacher, other).await.status, StatusCode::FORBIDDEN);
        }
        // Staff record for others, but only for teachers.
        let mut for_student = term("2026-01-01", "2026-02-01");
        for_student["teacher_email"] = json!("student@tandem.demo");
        assert_eq!(
            post(&t, "/api/v1/flow/practice", &staff, for_student).await.json()["fields"][0]["code"],
            "flow.not_a_teacher"
        );
        let other_teacher = t.token("t0001@people.tandem.demo").await;
        let report = format!("/api/v1/flow/practice/{id}/report");
        assert_eq!(post(&t, &report, &other_teacher, json!({"report": "x"})).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            post(&t, &report, &teacher, json!({"report": "完成夹具改造，节拍缩短 12%"})).await.status,
            StatusCode::NO_CONTENT
        );

        // Experts from enterprises are appointed to colleges by staff.
        let appoint = |email: &str, college: i64| {
            json!({"expert_email": email, "college_id": college, "kind": "industry_professor", "starts_on": "2026-09-01",
                "ends_on": "2029-08-31", "courses": "智能制造系统"})
        };
        let ent_token = t.token("enterprise@tandem.demo").await;
        assert_eq!(
            post(&t, "/api/v1/flow/appointments", &ent_token, appoint("expert@tandem.demo", college)).await.status,
            StatusCode::FORBIDDEN
        );
        let r = post(&t, "/api/v1/flow/appointments", &staff, appoint("teacher@tandem.demo", college)).await;
        assert_eq!(r.json()["fields"][0]["code"], "flow.not_from_enterprise");
        let r = post(&t, "/api/v1/flow/appointments", &staff, appoint("expert@tandem.demo", enterprise)).await;
        assert_eq!(r.json()["fields"][0]["code"], "flow.not_a_college");
        let r = post(&t, "/api/v1/flow/appointments", &staff, appoint("expert@tandem.demo", college)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let list = t.get("/api/v1/flow/appointments", Auth::Bearer(&student)).await.json();
        assert_eq!(list["items"][0]["expert_name"], "企业专家 刘工");

        // The page: staff see the shares with the provisional rule; a teacher records a term.
        let cookie = t.sign_in("staff@tandem.demo").await;
        let page = t.get("/flow", Auth::Cookie(&cookie)).await;
        assert!(page.has("#dq-table") && page.has("#dq-provisional"));
        let cookie = t.sign_in("teacher@tandem.demo").await;
        let page = t.get("/flow", Auth::Cookie(&cookie)).await;
        assert!(!page.has("#dq-table") && page.has("#practice-submit"));
        let e = enterprise.to_string();
        let r = t
            .form(
                "/flow/practice",
                Auth::Cookie(&cookie),
                &[
                    ("enterprise_id", e.as_str()),
                    ("starts_on", "2026-07-01"),
                    ("ends_on", "2026-07-31"),
                    ("project", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"project-error\"") && r.body.contains("value=\"2026-07-31\""));
        let r = t
            .form(
                "/flow/practice",
                Auth::Cookie(&cookie),
                &[
                    ("enterprise_id", e.as_str()),
                    ("starts_on", "2026-07-01"),
                    ("ends_on", "2026-07-31"),
                    ("project", "质检系统"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn graduate_outcomes_give_the_nace_rates_and_a_supervisor_answers_once() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let gov = t.token("gov@tandem.demo").await;
        let student = t.token("student@tandem.demo").await;
        let record = |email: &str, category: &str, employer: &str, supervisor: &str| {
            json!({"student_email": email, "cohort": "2031", "category": category, "employer": employer,
                "job_title": "工艺员", "relevance": 4, "salary_band": "6000_7999", "supervisor_email": supervisor})
        };
        assert_eq!(
            post(&t, "/api/v1/outcomes", &student, record("student@tandem.demo", "employed", "x", "")).await.status,
            StatusCode::FORBIDDEN
        );
        let r =
            post(&t, "/api/v1/outcomes", &staff, record("nobody@example.com", "employed", "", "not-an-email")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["fields"].as_array().unwrap().len(), 3, "{}", r.body);
        // Five graduates: two employed, one in further study, one not seeking, one unknown.
        for (email, category, employer, supervisor) in [
            ("student@tandem.demo", "employed", "沈阳正泰", "boss@example.com"),
            ("st0253@people.tandem.demo", "employed", "大连天成", ""),
            ("st0254@people.tandem.demo", "continuing_education", "", ""),
            ("st0255@people.tandem.demo", "not_seeking", "", ""),
            ("st0256@people.tandem.demo", "", "", ""),
        ] {
            let r = post(&t, "/api/v1/outcomes", &staff, record(email, category, employer, supervisor)).await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        }
        assert_eq!(t.get("/api/v1/outcomes?cohort=2031", Auth::Bearer(&student)).await.status, StatusCode::FORBIDDEN);
        let report = t.get("/api/v1/outcomes?cohort=2031", Auth::Bearer(&gov)).await.json();
        assert_eq!(report["overall"]["graduates"], 5);
        assert_eq!(report["overall"]["knowledge_permille"], 800);
        assert_eq!(report["overall"]["career_outcomes_permille"], 1000, "3 of the 3 who sought an outcome");

        // Supervisors: only of employed graduates with an email; the link answers once.
        let r = post(&t, "/api/v1/outcomes/invitations", &staff, json!({"student_email": "st0253@people.tandem.demo"}))
            .await;
        assert_eq!(r.json()["code"], "survey.no_supervisor");
        let r = post(&t, "/api/v1/outcomes/invitations", &staff, json!({"student_email": "st0254@people.tandem.demo"}))
            .await;
        assert_eq!(r.json()["code"], "survey.no_supervisor");
        let r = post(&t, "/api/v1/outcomes/invitations", &staff, json!({"student_email": "student@tandem.demo"})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let link = r.json()["survey_path"].as_str().unwrap().to_owned();
        let form = t.get(&link, Auth::None).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("id=\"survey-graduate\"") && form.body.contains("李晓雨"));
        let r = t.form(&link, Auth::None, &[("foundation", "5"), ("adaptive", "4")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"technical-error\"") && r.body.contains("value=\"5\" checked"));
        let answers = [
            ("foundation", "5"),
            ("adaptive", "4"),
            ("collaborative", "4"),
            ("technical", "3"),
            ("employability", "5"),
            ("overall", "4"),
            ("comment", "上手快"),
        ];
        let r = t.form(&link, Auth::None, &answers).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let again = t.form(&link, Auth::None, &answers).await;
        assert_eq!(again.status, StatusCode::GONE);
        assert!(again.body.contains("id=\"survey-closed\""));
        assert_eq!(t.get(&link, Auth::None).await.status, StatusCode::GONE, "a used link is closed");
        assert_eq!(t.get("/survey/unknown", Auth::None).await.status, StatusCode::NOT_FOUND);
        // An expired link is refused as such.
        let r = post(&t, "/api/v1/outcomes/invitations", &staff, json!({"student_email": "student@tandem.demo"})).await;
        let late = r.json()["survey_path"].as_str().unwrap().to_owned();
        t.clock.advance(31 * 86_400);
        let r = t.get(&late, Auth::None).await;
        assert_eq!(r.status, StatusCode::GONE);
        assert!(r.body.contains("过期") || r.body.contains("expired"), "{}", r.body);

        let report = t.get("/api/v1/outcomes?cohort=2031", Auth::Bearer(&staff)).await.json();
        let s = &report["satisfaction"];
        assert_eq!(
            (s["invited"].as_i64(), s["responses"].as_i64()),
            (Some(1), Some(1)),
            "a graduate is invited once, however many links"
        );
        assert_eq!(s["satisfied"]["permille"], 1000);
        assert_eq!(s["domain_means"][3], json!(["technical", 300]));
        // The page shows it to staff.
        let cookie = t.sign_in("staff@tandem.demo").await;
        let page = t.get("/outcomes?cohort=2031", Auth::Cookie(&cookie)).await;
        assert!(page.body.contains("id=\"career-rate\"") && page.body.contains("100.0%"), "{}", page.body);
        assert!(page.has("#categories-chart svg.bar-chart") && page.has("#domains-chart svg.bar-chart"));
        assert!(page.texts("#domains-chart text.figure").contains(&"3".to_owned()), "technical: 3.00 drawn as 3");
        let xlsx = t.get("/outcomes.xlsx?cohort=2031", Auth::Cookie(&cookie)).await;
        assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.body);
        assert!(xlsx.headers[header::CONTENT_TYPE].to_str().unwrap().contains("spreadsheetml"));
        assert!(xlsx.body.contains("xl/charts/chart1.xml"), "the report carries its charts");
        let outsider = t.sign_in("enterprise@tandem.demo").await;
        assert_eq!(t.get("/outcomes.xlsx?cohort=2031", Auth::Cookie(&outsider)).await.status, StatusCode::FORBIDDEN);
        let r = t
            .form(
                "/outcomes",
                Auth::Cookie(&cookie),
                &[("student_email", "st0257@people.tandem.demo"), ("cohort", "31"), ("category", "employed")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"cohort-error\"") && r.body.contains("id=\"employer-error\""));
    }
}

#[tokio::test]
async fn a_class_that_has_ended_keeps_its_curriculum_and_its_hiring_record() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let classes = t.get("/api/v1/order-classes", Auth::Bearer(&staff)).await.json();
        let past = classes["items"].as_array().unwrap().iter().find(|c| c["title"] == "2025 级数控技术订单班").unwrap()
            ["id"]
            .as_i64()
            .unwrap();
        let item = json!({"kind": "course", "title": "补充课程", "hours": 16, "taught_by": "学院"});
        let r = post(&t, &format!("/api/v1/order-classes/{past}/curriculum"), &staff, item).await;
        assert_eq!((r.status, r.json()["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("order.ended")));
        let shown = t.get(&format!("/api/v1/order-classes/{past}"), Auth::Bearer(&staff)).await.json();
        assert_eq!(shown["curriculum"].as_array().unwrap().len(), 4, "nothing was added");
        let page = t.get(&format!("/classes/{past}"), Auth::Cookie(&t.sign_in("staff@tandem.demo").await)).await;
        assert!(!page.body.contains("补充课程") && !page.has("#curriculum-form"));
        assert!(page.body.contains("专业核心课程"), "the agreed curriculum is still shown");
    }
}

#[tokio::test]
async fn a_selected_class_runs_with_a_shared_curriculum_practice_and_a_hiring_record() {
    for t in TestApp::all().await {
        let enterprise = t.token("enterprise@tandem.demo").await;
        let staff = t.token("staff@tandem.demo").await;
        let student = t.token("student@tandem.demo").await;
        let own = t.own_enterprise_id(&enterprise).await;
        // The demo's first class belongs to the demo enterprise and has been selected.
        let classes = t.get("/api/v1/order-classes", Auth::Bearer(&enterprise)).await.json();
        let class = classes["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["enterprise"]["id"] == own && c["status"] == "selected")
            .unwrap()
            .clone();
        let id = class["id"].as_i64().unwrap();
        let detail = t.get(&format!("/api/v1/order-classes/{id}"), Auth::Bearer(&enterprise)).await.json();
        assert!(detail["curriculum"].as_array().unwrap().len() >= 4, "the demo curriculum");
        let members: Vec<i64> =
            detail["members"].as_array().unwrap().iter().map(|m| m["student_id"].as_i64().unwrap()).collect();

        // Co-design: the enterprise proposes; it cannot agree to its own item; staff agree once.
        let path = format!("/api/v1/order-classes/{id}/curriculum");
        let item =
            json!({"kind": "enterprise_module", "title": "数控产线工艺实训", "hours": 40, "taught_by": "企业工程师"});
        assert_eq!(post(&t, &path, &student, item.clone()).await.status, StatusCode::FORBIDDEN);
        let r = post(&t, &path, &enterprise, json!({"kind": "lecture", "title": "", "hours": 0})).await;
        assert_eq!(r.json()["fields"].as_array().unwrap().len(), 3, "{}", r.body);
        let r = post(&t, &path, &enterprise, item).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let item_id = r.json()["id"].as_i64().unwrap();
        let agree = format!("/api/v1/order-classes/{id}/curriculum/{item_id}/agree");
        assert_eq!(post(&t, &agree, &enterprise, json!({})).await.json()["code"], "order.own_proposal");
        assert_eq!(post(&t, &agree, &staff, json!({})).await.status, StatusCode::NO_CONTENT);
        assert_eq!(post(&t, &agree, &staff, json!({})).await.json()["code"], "order.already_agreed");
        // Anyone who sees the class sees its curriculum.
        let seen = t.get(&format!("/api/v1/order-classes/{id}"), Auth::Bearer(&student)).await.json();
        assert!(seen["curriculum"].as_array().unwrap().iter().any(|i| i["id"] == item_id && !i["agreed_at"].is_null()));

        // Practice placements: members only, dates checked; a student sees only their own.
        let placements = format!("/api/v1/order-classes/{id}/placements");
        let placement = |student_id: i64, ends: &str| json!({"student_id": student_id, "site": "机加车间", "supervisor": "李工", "starts_on": "2027-07-01", "ends_on": ends});
        let outsider = t.get("/api/v1/me", Auth::Bearer(&student)).await.json()["id"].as_i64().unwrap();
        let r = post(&t, &placements, &enterprise, placement(outsider, "2027-08-01")).await;
        assert_eq!(r.json()["fields"][0]["code"], "order.not_a_member", "{}", r.body);
        let r = post(&t, &placements, &enterprise, placement(members[0], "2027-06-01")).await;
        assert_eq!(r.json()["fields"][0]["code"], "order.placement_ends_before_start");
        assert_eq!(
            post(&t, &placements, &enterprise, placement(members[0], "2027-08-31")).await.status,
            StatusCode::CREATED
        );
        assert!(seen["placements"].as_array().unwrap().is_empty(), "the student is not in this class");

        // Hiring: the enterprise records it; a member not hired needs a reason; others cannot.
        let hiring = |s: i64| format!("/api/v1/order-classes/{id}/members/{s}/hiring");
        assert_eq!(post(&t, &hiring(members[0]), &student, json!({"hired": true})).await.status, StatusCode::FORBIDDEN);
        let r = post(&t, &hiring(members[1]), &enterprise, json!({"hired": false})).await;
        assert_eq!(r.json()["fields"][0]["code"], "order.reason_needed", "{}", r.body);
        assert_eq!(
            post(&t, &hiring(members[0]), &enterprise, json!({"hired": true})).await.status,
            StatusCode::NO_CONTENT
        );
        let r = post(
            &t,
            &hiring(members[1]),
            &enterprise,
            json!({"hired": false, "reason": "further_study", "note": "考研"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let detail = t.get(&format!("/api/v1/order-classes/{id}"), Auth::Bearer(&enterprise)).await.json();
        let hiring_of = |s: i64| {
            detail["members"].as_array().unwrap().iter().find(|m| m["student_id"] == s).unwrap()["hiring"].clone()
        };
        assert_eq!(hiring_of(members[0])["hired"], true);
        assert_eq!(hiring_of(members[1])["reason"], "further_study");
        let public = t.get(&format!("/api/v1/order-classes/{id}"), Auth::Bearer(&student)).await.json();
        assert!(
            public["members"].as_array().unwrap().iter().all(|m| m["hiring"].is_null()),
            "private to the two sides"
        );

        // The class page shows all of it to the enterprise.
        let cookie = t.sign_in("enterprise@tandem.demo").await;
        let page = t.get(&format!("/classes/{id}"), Auth::Cookie(&cookie)).await;
        for needle in ["数控产线工艺实训", "hiring-form", "placement-form", "hired-summary", "机加车间"] {
            assert!(page.body.contains(needle), "{needle}");
        }
        let r = t
            .form(
                &format!("/classes/{id}/hiring"),
                Auth::Cookie(&cookie),
                &[("student_id", &members[2].to_string()), ("hired", "no"), ("reason", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

/// The flow and outcomes bodies are read strictly: a field the endpoint does not know, or a
/// value of the wrong type, is a 422 naming the field.
#[tokio::test]
async fn flow_and_outcome_bodies_name_unknown_fields_and_wrong_types() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let first = |r: &crate::support::Reply| {
            let f = &r.json()["fields"][0];
            (r.status, f["field"].as_str().unwrap_or("").to_owned(), f["code"].as_str().unwrap_or("").to_owned())
        };
        let invalid = |field: &str, code: &str| (StatusCode::UNPROCESSABLE_ENTITY, field.to_owned(), code.to_owned());
        let practice = t.get("/api/v1/flow/practice", Auth::Bearer(&staff)).await.json();
        let term = json!({"enterprise_id": "1", "starts_on": "2026-01-01", "ends_on": "2026-06-28", "project": "x"});
        assert_eq!(
            first(&post(&t, "/api/v1/flow/practice", &teacher, term).await),
            invalid("enterprise_id", "wrong_type")
        );
        let term = json!({"enterprise_id": 1, "starts_on": "2026-01-01", "ends_on": "2026-06-28", "days": 180});
        assert_eq!(first(&post(&t, "/api/v1/flow/practice", &teacher, term).await), invalid("days", "unknown_field"));
        assert_eq!(t.get("/api/v1/flow/practice", Auth::Bearer(&staff)).await.json(), practice, "nothing written");
        let appointment = json!({"expert_email": "expert@tandem.demo", "college_id": 1, "kind": "industry_professor",
            "starts_on": "2026-09-01", "ends_on": "2029-08-31", "courses": ["智能制造系统"]});
        let r = post(&t, "/api/v1/flow/appointments", &staff, appointment).await;
        assert_eq!(first(&r), invalid("courses", "wrong_type"));
        let report = json!({"report": "x", "hours": 3});
        let r = post(&t, "/api/v1/flow/practice/1/report", &teacher, report).await;
        assert_eq!(first(&r), invalid("hours", "unknown_field"));

        let outcome = json!({"student_email": "student@tandem.demo", "cohort": "2031", "category": "employed",
            "relevance": true});
        assert_eq!(first(&post(&t, "/api/v1/outcomes", &staff, outcome).await), invalid("relevance", "wrong_type"));
        let outcome = json!({"student_email": "student@tandem.demo", "cohort": "2031", "salary": 6000});
        assert_eq!(first(&post(&t, "/api/v1/outcomes", &staff, outcome).await), invalid("salary", "unknown_field"));
        let r = post(&t, "/api/v1/outcomes/invitations", &staff, json!({"student_email": null, "send": true})).await;
        assert_eq!(first(&r), invalid("send", "unknown_field"));
    }
}
