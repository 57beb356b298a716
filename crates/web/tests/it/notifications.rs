//! Notifications, the to-do list and the approval queue over HTTP: the manager's home shows the
//! bookings waiting, a rejection with a reason reaches the booker's inbox and bell, inboxes are
//! private, bad input changes nothing.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

/// 2026-11-26 in China at `hour`:00 (the test clock is 2026-11-25 08:00 there).
fn at(hour: u32) -> String {
    format!("2026-11-26T{hour:02}:00:00+08:00")
}

/// A manual item in the demo teacher's lab, with the student trained on it; returns its id.
async fn manual_item(t: &TestApp, teacher: &str, student_id: i64) -> i64 {
    let items = t.get("/api/v1/equipment?per_page=200", Auth::Bearer(teacher)).await.json()["items"].clone();
    let me = t.get("/api/v1/me", Auth::Bearer(teacher)).await.json();
    let labs: Vec<i64> = me["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "teacher")
        .map(|m| m["org_id"].as_i64().unwrap())
        .collect();
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["policy"]["approval"] == "manual"
                && i["status"] == "available"
                && labs.contains(&i["lab_id"].as_i64().unwrap())
        })
        .expect("a manual item in the teacher's lab")["id"]
        .as_i64()
        .unwrap();
    let r = t
        .json(
            Method::POST,
            &format!("/api/v1/equipment/{item}/authorisations"),
            Auth::Bearer(teacher),
            json!({"person_id": student_id, "valid_until": "2027-06-30T00:00:00+08:00"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    item
}

async fn book(t: &TestApp, token: &str, item: i64, hour: u32) -> Value {
    let r = t
        .json(
            Method::POST,
            &format!("/api/v1/equipment/{item}/bookings"),
            Auth::Bearer(token),
            json!({"start": at(hour), "end": at(hour + 1), "purpose": "样品测试"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

fn todo_count(todo: &Value, kind: &str) -> i64 {
    todo["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind)
        .map(|i| i["count"].as_i64().unwrap())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_rejection_with_a_reason_reaches_the_booker_and_the_managers_home_counts_the_waiting() {
    for t in TestApp::all().await {
        let teacher = t.token("teacher@tandem.demo").await;
        let student = t.token("student@tandem.demo").await;
        let student_id = t.get("/api/v1/me", Auth::Bearer(&student)).await.json()["id"].as_i64().unwrap();
        let item = manual_item(&t, &teacher, student_id).await;
        let waiting_before =
            todo_count(&t.get("/api/v1/me/todo", Auth::Bearer(&teacher)).await.json(), "bookings.to_decide");

        let first = book(&t, &student, item, 9).await;
        let second = book(&t, &student, item, 11).await;
        let third = book(&t, &student, item, 13).await;

        // The lab manager's to-do list and home show the bookings waiting, with a link to the queue.
        let todo = t.get("/api/v1/me/todo", Auth::Bearer(&teacher)).await.json();
        assert_eq!(todo_count(&todo, "bookings.to_decide"), waiting_before + 3, "{todo}");
        let item_json =
            todo["items"].as_array().unwrap().iter().find(|i| i["kind"] == "bookings.to_decide").unwrap().clone();
        assert_eq!(item_json["link"], "/bookings/approvals");
        assert!(item_json["title"].as_str().unwrap().contains("等您审批"), "{item_json}");
        let teacher_cookie = t.sign_in("teacher@tandem.demo").await;
        let home = t.get("/", Auth::Cookie(&teacher_cookie)).await;
        assert!(home.has("#todo-bookings-to-decide a[href='/bookings/approvals']"), "the home shows the queue");
        assert!(
            home.texts("#todo-bookings-to-decide .todo-count") == vec![(waiting_before + 3).to_string()],
            "{:?}",
            home.texts("#todo-bookings-to-decide .todo-count")
        );
        let student_cookie = t.sign_in("student@tandem.demo").await;
        let student_home = t.get("/", Auth::Cookie(&student_cookie)).await;
        assert!(!student_home.has("#todo-bookings-to-decide"), "a student decides no bookings");

        // Only the item's managers have a queue page; anyone else is refused.
        let r = t.get("/bookings/approvals", Auth::Cookie(&student_cookie)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let queue = t.get("/bookings/approvals", Auth::Cookie(&teacher_cookie)).await;
        let id = first["id"].as_i64().unwrap();
        assert!(queue.has(&format!("#booking-{id} button[formaction='/bookings/{id}/reject']")));
        assert!(queue.has(&format!("#booking-{id} input[name='reason']")));

        // On the page a rejection needs a reason; without one nothing changes.
        let r = t
            .form(
                &format!("/bookings/{id}/reject"),
                Auth::Cookie(&teacher_cookie),
                &[("reason", " "), ("back", "/bookings/approvals")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.texts(".alert").iter().any(|m| m.contains("请填写原因")), "{:?}", r.texts(".alert"));
        assert!(r.has(&format!("#booking-{id}")), "still waiting");

        // A reason longer than allowed is refused on the API and nothing changes.
        let long = "很".repeat(501);
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/bookings/{}/reject", first["id"]),
                Auth::Bearer(&teacher),
                json!({"reason": long}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["fields"][0]["field"], "reason");
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/bookings/{}/reject", first["id"]),
                Auth::Bearer(&teacher),
                json!({"why": "x"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown field is refused: {}", r.body);
        let inbox = t.get("/api/v1/notifications", Auth::Bearer(&student)).await.json();
        assert_eq!(inbox["unread"], 0, "{inbox}");

        // Rejecting from the page with a reason: the page says it was done; the booker is told why.
        let r = t
            .form(
                &format!("/bookings/{}/reject", first["id"]),
                Auth::Cookie(&teacher_cookie),
                &[("reason", "当天设备校准"), ("back", "/bookings/approvals")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), "/bookings/approvals?done=booking.rejected");
        let after = t.get(r.location(), Auth::Cookie(&teacher_cookie)).await;
        assert!(after.texts("#flash").iter().any(|m| m.contains("已驳回")), "{:?}", after.texts("#flash"));
        assert!(!after.has(&format!("#booking-{}", first["id"])), "it left the queue");
        let unknown = t.get("/bookings/approvals?done=%3Cb%3Ex", Auth::Cookie(&teacher_cookie)).await;
        assert!(!unknown.has("#flash"), "an unknown code shows nothing");

        let inbox = t.get("/api/v1/notifications", Auth::Bearer(&student)).await.json();
        assert_eq!(inbox["unread"], 1, "{inbox}");
        let notice = &inbox["items"][0];
        assert_eq!(notice["kind"], "booking.rejected");
        assert!(notice["body"].as_str().unwrap().contains("当天设备校准"), "{notice}");
        assert_eq!(notice["link"], "/bookings");
        assert!(notice["read_at"].is_null());
        let mine = t.get("/bookings", Auth::Cookie(&student_cookie)).await;
        assert!(
            mine.texts("#my-bookings .reason").iter().any(|r| r.contains("当天设备校准")),
            "the reason shows on my bookings"
        );
        let student_page = t.get("/notifications", Auth::Cookie(&student_cookie)).await;
        assert_eq!(student_page.texts("#unread-count"), vec!["1 条未读".to_owned()], "the bell counts it");
        assert!(student_page.texts("#inbox .unread .inbox-body").iter().any(|b| b.contains("当天设备校准")));

        // Another person cannot mark it read; its reader can, through the API or by opening it.
        let id = notice["id"].as_i64().unwrap();
        let r = t
            .send(Method::POST, &format!("/api/v1/notifications/{id}/read"), Auth::Bearer(&teacher), None, vec![])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = t.get(&format!("/notifications/{id}"), Auth::Cookie(&teacher_cookie)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(t.get("/api/v1/notifications", Auth::Bearer(&student)).await.json()["unread"], 1);
        let r = t.get(&format!("/notifications/{id}"), Auth::Cookie(&student_cookie)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/bookings"));
        let inbox = t.get("/api/v1/notifications", Auth::Bearer(&student)).await.json();
        assert_eq!(inbox["unread"], 0);
        assert!(inbox["items"][0]["read_at"].is_string());

        // Bulk approval of the other two; the queue's bulk form refuses an empty choice.
        let r = t.form("/bookings/approvals", Auth::Cookie(&teacher_cookie), &[("step", "approve")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.texts(".alert").iter().any(|m| m.contains("请先勾选")), "{:?}", r.texts(".alert"));
        let (a, b) = (second["id"].to_string(), third["id"].to_string());
        let r = t
            .form(
                "/bookings/approvals",
                Auth::Cookie(&teacher_cookie),
                &[("ids", &a), ("ids", &b), ("step", "approve")],
            )
            .await;
        assert_eq!(
            (r.status, r.location()),
            (StatusCode::SEE_OTHER, "/bookings/approvals?done=bookings.approved_many")
        );
        let mine = t.get("/api/v1/bookings", Auth::Bearer(&student)).await.json();
        let status_of = |id: &Value| {
            mine["items"].as_array().unwrap().iter().find(|x| x["id"] == *id).unwrap()["status"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!((status_of(&second["id"]), status_of(&third["id"])), ("approved".into(), "approved".into()));
        let inbox = t.get("/api/v1/notifications", Auth::Bearer(&student)).await.json();
        assert_eq!(inbox["unread"], 2, "one approval notice each");

        // Mark all read; the preferences refuse an unknown kind and keep what was set.
        let r = t.send(Method::POST, "/api/v1/notifications/read-all", Auth::Bearer(&student), None, vec![]).await;
        assert_eq!(r.json()["marked"], 2);
        let r = t
            .json(
                Method::PUT,
                "/api/v1/notifications/preferences",
                Auth::Bearer(&student),
                json!({"email": ["booking.nope"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let prefs = t.get("/api/v1/notifications/preferences", Auth::Bearer(&student)).await.json();
        assert!(prefs["kinds"].as_array().unwrap().iter().all(|k| k["email"] == true), "{prefs}");
        assert_eq!(prefs["email_available"], false);
        let r = t
            .json(
                Method::PUT,
                "/api/v1/notifications/preferences",
                Auth::Bearer(&student),
                json!({"email": ["booking.rejected"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let on: Vec<&str> = r.json()["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|k| k["email"] == true)
            .map(|k| k["kind"].as_str().unwrap().to_owned().leak() as &str)
            .collect();
        assert_eq!(on, vec!["booking.rejected"]);
    }
}

#[tokio::test]
async fn the_inbox_needs_a_sign_in_and_the_menu_shows_only_what_a_role_may_open() {
    for t in TestApp::all().await {
        let r = t.get("/api/v1/notifications", Auth::None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = t.get("/api/v1/me/todo", Auth::None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = t.get("/notifications", Auth::None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "the page sends a stranger to sign in");

        let student = t.sign_in("student@tandem.demo").await;
        let home = t.get("/", Auth::Cookie(&student)).await;
        assert!(home.has("#main-nav a[href='/classes']") && home.has("#main-nav a[href='/internships']"));
        assert!(!home.has("#main-nav a[href='/bookings/approvals']"), "a student approves nothing");
        assert!(!home.has("#main-nav a[href='/audit']") && !home.has("#main-nav a[href='/diagnosis']"));
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let page = t.get("/bookings/approvals", Auth::Cookie(&teacher)).await;
        assert!(page.has("#main-nav a[href='/bookings/approvals'][aria-current='page']"));
        let enterprise = t.sign_in("enterprise@tandem.demo").await;
        let home = t.get("/", Auth::Cookie(&enterprise)).await;
        assert!(home.has("#main-nav a[href='/enterprises']"), "an enterprise reaches its own diagnoses");
        assert!(!home.has("#main-nav a[href='/outcomes']"));
    }
}
