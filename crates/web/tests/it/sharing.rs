//! Shared equipment through the API: policies, the no-overlap invariant under concurrency,
//! the booking workflow and rates by user class.

use crate::support::{Auth, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;

/// 2026-11-26 in China at `hour`:`minute`, as RFC 3339 (the test clock is 2026-11-25 08:00 there).
fn at(hour: u32, minute: u32) -> String {
    format!("2026-11-26T{hour:02}:{minute:02}:00+08:00")
}

async fn items(t: &TestApp, token: &str) -> Vec<Value> {
    t.get("/api/v1/equipment?per_page=200", Auth::Bearer(token)).await.json()["items"].as_array().unwrap().clone()
}

fn pick<'a>(items: &'a [Value], approval: &str, status: &str) -> &'a Value {
    items.iter().find(|i| i["policy"]["approval"] == approval && i["status"] == status).unwrap()
}

#[tokio::test]
async fn fifty_requests_for_one_slot_give_exactly_one_booking() {
    for t in TestApp::all().await {
        let token = t.token("staff@tandem.demo").await;
        let list = items(&t, &token).await;
        let item = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        let body = json!({"start": at(10, 0), "end": at(11, 0), "purpose": "并发测试"}).to_string();
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let router = t.router.clone();
            let req = Request::post(format!("/api/v1/equipment/{item}/bookings"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.clone()))
                .unwrap();
            tasks.push(tokio::spawn(async move { router.oneshot(req).await.unwrap().status() }));
        }
        let mut created = 0;
        let mut conflicts = 0;
        for task in tasks {
            match task.await.unwrap() {
                StatusCode::CREATED => created += 1,
                StatusCode::CONFLICT => conflicts += 1,
                other => panic!("{}: unexpected {other}", t.backend),
            }
        }
        assert_eq!((created, conflicts), (1, 49), "{}", t.backend);
        // An overlapping request names the time it collides with.
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{item}/bookings"),
                Auth::Bearer(&token),
                json!({"start": at(10, 30), "end": at(12, 0), "purpose": "重叠"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(r.json()["code"], "booking.overlap");
        assert!(r.json()["message"].as_str().unwrap().contains("2026-11-26T02:00:00Z"), "{}", r.body);
        let taken = t
            .get(
                &format!(
                    "/api/v1/equipment/{item}/availability?from={}&to={}",
                    "2026-11-26T00:00:00%2B08:00", "2026-11-27T00:00:00%2B08:00"
                ),
                Auth::Bearer(&token),
            )
            .await;
        assert_eq!(taken.json()["taken"].as_array().unwrap().len(), 1, "{}", taken.body);
    }
}

#[tokio::test]
async fn each_policy_breach_has_its_own_code_and_writes_nothing() {
    for t in TestApp::all().await {
        let token = t.token("staff@tandem.demo").await;
        let list = items(&t, &token).await;
        let auto = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        let manual = pick(&list, "manual", "available")["id"].as_i64().unwrap();
        let retired = list.iter().find(|i| i["status"] == "retired").unwrap()["id"].as_i64().unwrap();
        let student = t.token("student@tandem.demo").await;
        let mine = |r: crate::support::Reply| r.json()["items"].as_array().unwrap().len();
        let held = mine(t.get("/api/v1/bookings", Auth::Bearer(&student)).await);
        let cases = [
            (auto, "2026-11-24T10:00:00+08:00", "2026-11-24T11:00:00+08:00", "booking.in_past"),
            (auto, at(11, 0).as_str().to_owned().leak() as &str, at(10, 0).leak() as &str, "booking.end_before_start"),
            (auto, at(10, 15).leak() as &str, at(11, 0).leak() as &str, "booking.misaligned"),
            (auto, at(6, 0).leak() as &str, at(7, 0).leak() as &str, "booking.outside_hours"),
            (auto, at(8, 0).leak() as &str, at(18, 0).leak() as &str, "booking.too_long"),
            (auto, "2027-03-01T10:00:00+08:00", "2027-03-01T11:00:00+08:00", "booking.too_far_ahead"),
            (retired, at(10, 0).leak() as &str, at(11, 0).leak() as &str, "booking.retired"),
            (manual, at(10, 0).leak() as &str, at(11, 0).leak() as &str, "booking.not_authorised"),
        ];
        for (item, start, end, code) in cases {
            let r = t
                .json(
                    Method::POST,
                    &format!("/api/v1/equipment/{item}/bookings"),
                    Auth::Bearer(&student),
                    json!({"start": start, "end": end, "purpose": "测试"}),
                )
                .await;
            assert_eq!(
                (r.status, r.json()["code"].as_str().unwrap().to_owned()),
                (StatusCode::UNPROCESSABLE_ENTITY, code.to_owned()),
                "{}: {code}",
                t.backend
            );
        }
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&student),
                json!({"start": "tomorrow", "end": at(11, 0), "purpose": "x"}),
            )
            .await;
        assert_eq!(r.json()["fields"][0]["field"], "start");
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&student),
                json!({"start": at(10, 0), "end": at(11, 0), "purpose": " "}),
            )
            .await;
        assert_eq!(r.json()["fields"][0]["field"], "purpose");
        assert!(mine(t.get("/api/v1/bookings", Auth::Bearer(&student)).await) == held, "nothing written");
        // Government officers have no rate class and may not book.
        let gov = t.token("gov@tandem.demo").await;
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&gov),
                json!({"start": at(10, 0), "end": at(11, 0), "purpose": "x"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_trained_user_books_is_approved_checks_in_and_out() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let student = t.token("student@tandem.demo").await;
        let student_id = t.get("/api/v1/me", Auth::Bearer(&student)).await.json()["id"].as_i64().unwrap();
        let list = items(&t, &staff).await;
        let manual = pick(&list, "manual", "available")["id"].as_i64().unwrap();
        // Only a lab manager records training.
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{manual}/authorisations"),
                Auth::Bearer(&student),
                json!({"person_id": student_id, "valid_until": "2027-06-30T00:00:00+08:00"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{manual}/authorisations"),
                Auth::Bearer(&staff),
                json!({"person_id": student_id, "valid_until": "2027-06-30T00:00:00+08:00"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{manual}/bookings"),
                Auth::Bearer(&student),
                json!({"start": at(14, 0), "end": at(16, 0), "purpose": "毕业设计样品测试"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let b = r.json();
        assert_eq!((b["status"].as_str(), b["user_class"].as_str()), (Some("requested"), Some("internal")));
        let id = b["id"].as_i64().unwrap();
        let rate = t.get(&format!("/api/v1/equipment/{manual}"), Auth::Bearer(&staff)).await.json()["rates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["user_class"] == "internal")
            .unwrap()["fen_per_hour"]
            .clone();
        assert_eq!(b["rate_fen_per_hour"], rate, "the rate is fixed at booking time");
        // A requested booking holds its slot.
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{manual}/bookings"),
                Auth::Bearer(&student),
                json!({"start": at(15, 0), "end": at(15, 30), "purpose": "x"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let denied_before = t.audit_count("access.denied").await;
        assert_eq!(
            t.send(Method::POST, &format!("/api/v1/bookings/{id}/approve"), Auth::Bearer(&student), None, vec![])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // The denial is recorded: it used to wait for the step's own write lock and fail.
        assert_eq!(t.audit_count("access.denied").await, denied_before + 1);
        assert_eq!(
            t.send(Method::POST, &format!("/api/v1/bookings/{id}/check-in"), Auth::Bearer(&student), None, vec![])
                .await
                .json()["code"],
            "booking.wrong_status"
        );
        let r =
            t.send(Method::POST, &format!("/api/v1/bookings/{id}/approve"), Auth::Bearer(&staff), None, vec![]).await;
        assert_eq!(r.json()["status"], "approved");
        assert_eq!(
            t.send(Method::POST, &format!("/api/v1/bookings/{id}/check-in"), Auth::Bearer(&student), None, vec![])
                .await
                .json()["status"],
            "checked_in"
        );
        assert_eq!(
            t.send(Method::POST, &format!("/api/v1/bookings/{id}/check-out"), Auth::Bearer(&student), None, vec![])
                .await
                .json()["status"],
            "completed"
        );
        // Somebody else's booking is invisible to an enterprise user.
        let enterprise = t.token("enterprise@tandem.demo").await;
        assert_eq!(
            t.send(Method::POST, &format!("/api/v1/bookings/{id}/cancel"), Auth::Bearer(&enterprise), None, vec![])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // Enterprises pay the enterprise rate; cancelling frees the slot for others.
        let auto = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&enterprise),
                json!({"start": at(9, 0), "end": at(10, 0), "purpose": "来样检测"}),
            )
            .await;
        assert_eq!(
            (r.json()["status"].as_str(), r.json()["user_class"].as_str()),
            (Some("approved"), Some("enterprise"))
        );
        let eid = r.json()["id"].as_i64().unwrap();
        assert_eq!(
            t.send(Method::POST, &format!("/api/v1/bookings/{eid}/cancel"), Auth::Bearer(&enterprise), None, vec![])
                .await
                .json()["status"],
            "cancelled"
        );
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&staff),
                json!({"start": at(9, 0), "end": at(10, 0), "purpose": "复用时段"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.backend, r.body);
        // Within two hours of the start the booker can no longer cancel; the lab's manager can.
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&enterprise),
                json!({"start": "2026-11-25T09:00:00+08:00", "end": "2026-11-25T10:00:00+08:00", "purpose": "加急检测"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let late = r.json()["id"].as_i64().unwrap();
        let r = t
            .send(Method::POST, &format!("/api/v1/bookings/{late}/cancel"), Auth::Bearer(&enterprise), None, vec![])
            .await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("booking.cancel_too_late"))
        );
        let mine = t.get("/api/v1/bookings", Auth::Bearer(&enterprise)).await.json();
        let kept = mine["items"].as_array().unwrap().iter().find(|b| b["id"] == late).unwrap()["status"].clone();
        assert_eq!(kept, "approved", "a refused cancellation changes nothing");
        let cookie = t.sign_in("enterprise@tandem.demo").await;
        let page = t.get("/bookings", Auth::Cookie(&cookie)).await;
        assert!(page.has(&format!("form[action='/bookings/{late}/check-in']")), "{}", page.body);
        assert!(
            !page.has(&format!("form[action='/bookings/{late}/cancel']")),
            "past the deadline no cancel is offered"
        );
        let r =
            t.send(Method::POST, &format!("/api/v1/bookings/{late}/cancel"), Auth::Bearer(&staff), None, vec![]).await;
        assert_eq!(r.json()["status"], "cancelled", "{}", r.body);
    }
}

#[tokio::test]
async fn booking_in_the_browser_with_a_refused_overlap_and_the_approval_queue() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let list = items(&t, &staff).await;
        let auto = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        let cookie = t.sign_in("enterprise@tandem.demo").await;
        let page = t.get("/equipment?category=microscopy", Auth::Cookie(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("equipment-table"));
        let item = t.get(&format!("/equipment/{auto}"), Auth::Cookie(&cookie)).await;
        assert!(item.body.contains("id=\"week\"") && item.body.contains("企业用户"), "week grid and rates");
        let form = [("date", "2026-11-26"), ("from", "09:00"), ("to", "10:30"), ("purpose", "来样检测")];
        let r = t.form(&format!("/equipment/{auto}/bookings"), Auth::Cookie(&cookie), &form).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", t.backend, r.body);
        assert_eq!(r.location(), format!("/equipment/{auto}?booked=approved"));
        let shown = t.get(r.location(), Auth::Cookie(&cookie)).await;
        assert!(shown.body.contains("已预约：已通过"), "the page confirms the booking");
        let r = t
            .form(
                &format!("/equipment/{auto}/bookings"),
                Auth::Cookie(&cookie),
                &[("date", "2026-11-26"), ("from", "10:00"), ("to", "11:00"), ("purpose", "再次")],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(
            r.body.contains("id=\"booking-error\"") && r.body.contains("2026-11-26 09:00"),
            "the refusal names the taken time"
        );
        assert!(r.body.contains("value=\"再次\"") || r.body.contains(">再次<"), "what was typed is kept");
        let r = t
            .form(
                &format!("/equipment/{auto}/bookings"),
                Auth::Cookie(&cookie),
                &[("date", "2026-11-26"), ("from", "23:00"), ("to", "23:30"), ("purpose", "夜间")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("不在设备开放时间内"));
        let mine = t.get("/bookings", Auth::Cookie(&cookie)).await;
        assert!(mine.body.contains("my-bookings") && mine.body.contains("/check-in"));

        // A request on a manual item waits in the staff's approval queue.
        let manual = pick(&list, "manual", "available")["id"].as_i64().unwrap();
        let student = t.token("student@tandem.demo").await;
        let student_id = t.get("/api/v1/me", Auth::Bearer(&student)).await.json()["id"].as_i64().unwrap();
        t.json(
            Method::POST,
            &format!("/api/v1/equipment/{manual}/authorisations"),
            Auth::Bearer(&staff),
            json!({"person_id": student_id, "valid_until": "2027-06-30T00:00:00+08:00"}),
        )
        .await;
        let b = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{manual}/bookings"),
                Auth::Bearer(&student),
                json!({"start": at(14, 0), "end": at(15, 0), "purpose": "样品测试"}),
            )
            .await
            .json();
        let staff_cookie = t.sign_in("staff@tandem.demo").await;
        let mine = t.get("/bookings", Auth::Cookie(&staff_cookie)).await;
        assert!(mine.has("#queue-link a[href='/bookings/approvals']"), "my bookings lead to the queue");
        let queue = t.get("/bookings/approvals", Auth::Cookie(&staff_cookie)).await;
        assert!(queue.has(&format!("#approval-queue form[action='/bookings/{}/approve']", b["id"])));
        let r = t.form(&format!("/bookings/{}/approve", b["id"]), Auth::Cookie(&staff_cookie), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = t.form(&format!("/bookings/{}/approve", b["id"]), Auth::Cookie(&staff_cookie), &[]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "approving twice is refused with a message");
    }
}

#[tokio::test]
async fn a_blackout_closes_an_item_and_only_its_managers_may_draw_one() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let list = items(&t, &staff).await;
        let auto = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        let path = format!("/api/v1/equipment/{auto}/blackouts");
        let closing =
            json!({"start": "2026-11-27T08:00:00+08:00", "end": "2026-11-27T12:00:00+08:00", "reason": "校准"});
        // Somebody who does not manage the item may not close it.
        let r = t.json(Method::POST, &path, Auth::Bearer(&enterprise), closing.clone()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // Bad input is named per field.
        let bad = json!({"start": "2026-11-27T12:00:00+08:00", "end": "2026-11-27T08:00:00+08:00", "reason": " "});
        let r = t.json(Method::POST, &path, Auth::Bearer(&staff), bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let fields: Vec<String> =
            r.json()["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
        assert!(fields.contains(&"reason".to_owned()) && fields.contains(&"end".to_owned()), "{}", r.body);
        // A booking already holding part of the time must be dealt with first.
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&enterprise),
                json!({"start": "2026-11-27T11:00:00+08:00", "end": "2026-11-27T12:00:00+08:00", "purpose": "检测"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let held = r.json()["id"].as_i64().unwrap();
        let r = t.json(Method::POST, &path, Auth::Bearer(&staff), closing.clone()).await;
        assert_eq!((r.status, r.json()["code"].as_str()), (StatusCode::CONFLICT, Some("booking.overlap")));
        let r =
            t.send(Method::POST, &format!("/api/v1/bookings/{held}/cancel"), Auth::Bearer(&staff), None, vec![]).await;
        assert_eq!(r.json()["status"], "cancelled");
        let r = t.json(Method::POST, &path, Auth::Bearer(&staff), closing).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.backend, r.body);
        assert_eq!(r.json()["reason"], "校准");
        // The window is listed, and a booking inside it is refused without writing anything.
        let window = t
            .get(
                &format!(
                    "/api/v1/equipment/{auto}/availability?from=2026-11-27T00:00:00%2B08:00&to=2026-11-28T00:00:00%2B08:00"
                ),
                Auth::Bearer(&enterprise),
            )
            .await
            .json();
        assert_eq!(
            (window["blackouts"][0]["start"].as_str(), window["blackouts"][0]["reason"].as_str()),
            (Some("2026-11-27T00:00:00Z"), Some("校准"))
        );
        let before =
            t.get("/api/v1/bookings", Auth::Bearer(&enterprise)).await.json()["items"].as_array().unwrap().len();
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&enterprise),
                json!({"start": "2026-11-27T09:00:00+08:00", "end": "2026-11-27T10:00:00+08:00", "purpose": "检测"}),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("booking.in_blackout"))
        );
        let after =
            t.get("/api/v1/bookings", Auth::Bearer(&enterprise)).await.json()["items"].as_array().unwrap().len();
        assert_eq!(before, after);
        // The week grid marks the closed hours.
        let cookie = t.sign_in("enterprise@tandem.demo").await;
        let page = t.get(&format!("/equipment/{auto}"), Auth::Cookie(&cookie)).await;
        assert!(page.body.contains("slot-closed") && page.body.contains("停用"), "the grid shows the blackout");
    }
}

#[tokio::test]
async fn a_lab_manager_closes_an_item_from_its_page() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let list = items(&t, &staff).await;
        let auto = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        let outsider = t.sign_in("enterprise@tandem.demo").await;
        let item = t.get(&format!("/equipment/{auto}"), Auth::Cookie(&outsider)).await;
        assert!(!item.has("#blackout-new"), "only managers are offered the form");
        let manager = t.sign_in("staff@tandem.demo").await;
        assert!(t.get(&format!("/equipment/{auto}"), Auth::Cookie(&manager)).await.has("#blackout-new"));
        let r = t.get(&format!("/equipment/{auto}/blackouts/new"), Auth::Cookie(&outsider)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = t
            .form(
                &format!("/equipment/{auto}/blackouts"),
                Auth::Cookie(&outsider),
                &[("start", "2026-11-28T08:00"), ("end", "2026-11-28T12:00"), ("reason", "x")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        let cookie = t.sign_in("staff@tandem.demo").await;
        let item = t.get(&format!("/equipment/{auto}"), Auth::Cookie(&cookie)).await;
        assert!(item.body.contains("blackout-new"));
        let r = t.get(&format!("/equipment/{auto}/blackouts/new"), Auth::Cookie(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("type=\"datetime-local\""));
        // Errors sit under their fields and what was typed is kept.
        let r = t
            .form(
                &format!("/equipment/{auto}/blackouts"),
                Auth::Cookie(&cookie),
                &[("start", "2026-11-28T12:00"), ("end", "2026-11-28T08:00"), ("reason", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"end-error\"") && r.body.contains("id=\"reason-error\""), "{}", r.body);
        assert!(r.body.contains("value=\"2026-11-28T12:00\""));
        let r = t
            .form(
                &format!("/equipment/{auto}/blackouts"),
                Auth::Cookie(&cookie),
                &[("start", "tomorrow"), ("end", "2026-11-28T12:00"), ("reason", "校准")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"start-error\""));
        let window = "from=2026-11-28T00:00:00%2B08:00&to=2026-11-29T00:00:00%2B08:00";
        let before = t.get(&format!("/api/v1/equipment/{auto}/availability?{window}"), Auth::Bearer(&staff)).await;
        assert_eq!(before.json()["blackouts"].as_array().unwrap().len(), 0, "refused forms wrote nothing");
        let r = t
            .form(
                &format!("/equipment/{auto}/blackouts"),
                Auth::Cookie(&cookie),
                &[("start", "2026-11-28T08:00"), ("end", "2026-11-28T12:00"), ("reason", "年度校准")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", t.backend, r.body);
        assert_eq!(r.location(), format!("/equipment/{auto}?done=blackout-added"));
        let item = t.get(r.location(), Auth::Cookie(&cookie)).await;
        assert!(item.body.contains("slot-closed"));
        assert_eq!(item.texts("#flash").join(""), "停用时段已添加。", "the page says what was done");
        let after = t.get(&format!("/api/v1/equipment/{auto}/availability?{window}"), Auth::Bearer(&staff)).await;
        assert_eq!(after.json()["blackouts"][0]["reason"], "年度校准");
    }
}

fn feed_path(page: &str) -> String {
    let start = page.find("/calendar/").expect("the page shows the feed address");
    let end = start + page[start..].find(".ics").unwrap() + 4;
    page[start..end].to_owned()
}

#[tokio::test]
async fn a_secret_calendar_feed_lists_only_the_owners_bookings_and_can_be_revoked() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let list = items(&t, &staff).await;
        let auto = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        let mut ids = Vec::new();
        for (token, hour) in [(&enterprise, 9), (&staff, 11)] {
            let body = json!({"start": at(hour, 0), "end": at(hour + 1, 0), "purpose": "订阅测试; 第1批"});
            let r =
                t.json(Method::POST, &format!("/api/v1/equipment/{auto}/bookings"), Auth::Bearer(token), body).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            ids.push(r.json()["id"].as_i64().unwrap());
        }
        assert_eq!(t.get("/calendar/unknown.ics", Auth::None).await.status, StatusCode::NOT_FOUND);
        assert_eq!(t.get("/calendar/unknown", Auth::None).await.status, StatusCode::NOT_FOUND);

        let cookie = t.sign_in("enterprise@tandem.demo").await;
        let page = t.form("/bookings/feed", Auth::Cookie(&cookie), &[]).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let first = feed_path(&page.body);
        let feed = t.get(&first, Auth::None).await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(feed.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/calendar"));
        assert!(feed.body.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(feed.body.contains(&format!("UID:booking-{}@tandem\r\n", ids[0])), "{}", feed.body);
        assert!(feed.body.contains("DESCRIPTION:订阅测试\\; 第1批\r\n"));
        assert!(!feed.body.contains(&format!("UID:booking-{}@tandem", ids[1])), "another person's booking leaked");
        let listed = t.get("/bookings", Auth::Cookie(&cookie)).await;
        assert!(listed.body.contains("id=\"feed-active\"") && !listed.body.contains("/calendar/"), "shown only once");

        // A new address revokes the old one; stopping revokes the new one.
        let second = feed_path(&t.form("/bookings/feed", Auth::Cookie(&cookie), &[]).await.body);
        assert_ne!(first, second);
        assert_eq!(t.get(&first, Auth::None).await.status, StatusCode::NOT_FOUND);
        assert_eq!(t.get(&second, Auth::None).await.status, StatusCode::OK);
        let r = t.form("/bookings/feed/revoke", Auth::Cookie(&cookie), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(t.get(&second, Auth::None).await.status, StatusCode::NOT_FOUND);
        // Signed-out people cannot make one.
        let r = t.form("/bookings/feed", Auth::None, &[]).await;
        assert_ne!(r.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn sharing_figures_add_up_completed_use_and_are_for_staff_and_government_only() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let gov = t.token("gov@tandem.demo").await;
        let list = items(&t, &staff).await;
        let auto = pick(&list, "automatic", "available");
        let (auto, name) = (auto["id"].as_i64().unwrap(), auto["name"].as_str().unwrap().to_owned());
        let body = json!({"start": at(9, 0), "end": at(11, 0), "purpose": "来样检测"});
        let r =
            t.json(Method::POST, &format!("/api/v1/equipment/{auto}/bookings"), Auth::Bearer(&enterprise), body).await;
        let b = r.json();
        let (id, rate) = (b["id"].as_i64().unwrap(), b["rate_fen_per_hour"].as_i64().unwrap());
        // Held but not yet completed bookings do not count.
        let path = "/api/v1/equipment/usage?from=2026-11-01&to=2026-11-30";
        let before = t.get(path, Auth::Bearer(&gov)).await;
        assert_eq!(before.status, StatusCode::OK, "{}", before.body);
        let row = |report: &Value, level: &str, id: i64| {
            report[level].as_array().unwrap().iter().find(|l| l["id"] == id).map(|l| l["figures"].clone())
        };
        let before = before.json();
        let was = |level: &str, id: i64, key: &str| row(&before, level, id).map_or(0, |f| f[key].as_i64().unwrap());
        for step in ["check-in", "check-out"] {
            let r = t
                .send(Method::POST, &format!("/api/v1/bookings/{id}/{step}"), Auth::Bearer(&enterprise), None, vec![])
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        let report = t.get(path, Auth::Bearer(&staff)).await.json();
        let item = row(&report, "items", auto).unwrap();
        let grew = |f: &Value, level: &str, id: i64, key: &str| f[key].as_i64().unwrap() - was(level, id, key);
        assert_eq!(grew(&item, "items", auto, "bookings"), 1);
        assert_eq!(grew(&item, "items", auto, "machine_seconds"), 7200);
        assert_eq!(grew(&item, "items", auto, "outside_seconds"), 7200);
        assert_eq!(grew(&item, "items", auto, "income_outside_fen"), 2 * rate);
        assert_eq!(grew(&item, "items", auto, "income_inside_fen"), 0);
        assert_eq!(grew(&item, "items", auto, "enterprises_served"), 1, "the demo enterprise had not used it");
        // The lab and everything above it grow by the same figures.
        let lab =
            t.get(&format!("/api/v1/equipment/{auto}"), Auth::Bearer(&staff)).await.json()["lab_id"].as_i64().unwrap();
        assert_eq!(grew(&row(&report, "orgs", lab).unwrap(), "orgs", lab, "machine_seconds"), 7200);
        let university = report["orgs"].as_array().unwrap().iter().find(|l| l["level"] == "university").unwrap();
        let uni = university["id"].as_i64().unwrap();
        assert_eq!(grew(&university["figures"], "orgs", uni, "income_outside_fen"), 2 * rate);
        // A period without use shows zeros, not missing rows.
        let december =
            t.get("/api/v1/equipment/usage?from=2026-12-01&to=2026-12-31", Auth::Bearer(&staff)).await.json();
        assert_eq!(row(&december, "items", auto).unwrap()["bookings"], 0);

        // A lab's teacher sees that lab's figures only, with no partial centre or college totals.
        let teacher = t.token("teacher@tandem.demo").await;
        let own = t.get(path, Auth::Bearer(&teacher)).await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        let own = own.json();
        let levels: Vec<&str> = own["orgs"].as_array().unwrap().iter().map(|l| l["level"].as_str().unwrap()).collect();
        assert!(!levels.is_empty() && levels.iter().all(|l| *l == "lab"), "{levels:?}");
        assert_eq!(own["items"].as_array().unwrap().len(), levels.len(), "one demo item per lab");
        assert!(own["items"].as_array().unwrap().len() < report["items"].as_array().unwrap().len());

        // Denials and bad input.
        let r = t.get(path, Auth::Bearer(&enterprise)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let student = t.token("student@tandem.demo").await;
        assert_eq!(t.get(path, Auth::Bearer(&student)).await.status, StatusCode::FORBIDDEN);
        let r = t.get("/api/v1/equipment/usage?from=2026-12-01&to=2026-11-01", Auth::Bearer(&staff)).await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("usage.range"))
        );
        let r = t.get("/api/v1/equipment/usage?from=yesterday&to=2026-11-01", Auth::Bearer(&staff)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

        // The page and its exports.
        let outsider = t.sign_in("enterprise@tandem.demo").await;
        assert_eq!(t.get("/equipment/usage", Auth::Cookie(&outsider)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(t.get("/equipment/usage.csv", Auth::Cookie(&outsider)).await.status, StatusCode::FORBIDDEN);
        assert!(!t.get("/equipment", Auth::Cookie(&outsider)).await.has("#usage-link"));
        let cookie = t.sign_in("staff@tandem.demo").await;
        assert!(t.get("/equipment", Auth::Cookie(&cookie)).await.has("#usage-link"));
        let page = t.get("/equipment/usage?from=2026-11-01&to=2026-11-30", Auth::Cookie(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("id=\"usage-items\"") && page.body.contains(&name));
        assert!(page.has("#busiest svg.bar-chart"), "the items used most, drawn");
        let bad = t.get("/equipment/usage?from=2026-11-31", Auth::Cookie(&cookie)).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("usage-error"));
        let csv = t.get("/equipment/usage.csv?from=2026-11-01&to=2026-11-30", Auth::Cookie(&cookie)).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.body.starts_with('\u{feff}'));
        let hours = format!(",{:.1},", (was("items", auto, "machine_seconds") + 7200) as f64 / 3600.0);
        let line = csv.body.lines().find(|l| l.contains(&name) && l.contains(&hours)).expect("the item's line");
        assert_eq!(line.split(',').count(), 10, "{line}");
        let xlsx = t.get("/equipment/usage.xlsx?from=2026-11-01&to=2026-11-30", Auth::Cookie(&cookie)).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.headers[header::CONTENT_TYPE].to_str().unwrap().contains("spreadsheetml"));
    }
}

#[tokio::test]
async fn a_weekly_series_books_the_free_weeks_and_names_each_conflict() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let list = items(&t, &staff).await;
        let auto = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        // Week 2 is partly taken; week 3 is closed.
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&enterprise),
                json!({"start": "2026-12-03T10:30:00+08:00", "end": "2026-12-03T11:30:00+08:00", "purpose": "来样检测"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/blackouts"),
                Auth::Bearer(&staff),
                json!({"start": "2026-12-10T00:00:00+08:00", "end": "2026-12-11T00:00:00+08:00", "reason": "校准"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let path = format!("/api/v1/equipment/{auto}/booking-series");
        let series = |dry_run: bool| json!({"start": at(10, 0), "end": at(11, 0), "purpose": "课程实验", "every": "week", "count": 4, "dry_run": dry_run});
        let r = t.json(Method::POST, &path, Auth::Bearer(&staff), series(true)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["free"].as_array().unwrap().len(), 2);
        let mine_before =
            t.get("/api/v1/bookings", Auth::Bearer(&staff)).await.json()["items"].as_array().unwrap().len();

        let r = t.json(Method::POST, &path, Auth::Bearer(&staff), series(false)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.backend, r.body);
        let v = r.json();
        let booked: Vec<&str> = v["booked"].as_array().unwrap().iter().map(|b| b["start"].as_str().unwrap()).collect();
        assert_eq!(booked, ["2026-11-26T02:00:00Z", "2026-12-17T02:00:00Z"]);
        let conflicts = v["conflicts"].as_array().unwrap();
        assert_eq!(conflicts[0]["code"], "booking.overlap");
        assert_eq!(conflicts[0]["overlaps"]["start"], "2026-12-03T02:30:00Z", "the booking in the way is named");
        assert_eq!(conflicts[1]["code"], "booking.in_blackout");
        let mine_after =
            t.get("/api/v1/bookings", Auth::Bearer(&staff)).await.json()["items"].as_array().unwrap().len();
        assert_eq!(mine_after, mine_before + 2, "the dry run wrote nothing; the series wrote two");

        // When nothing is free, nothing is written and every occurrence is explained.
        let r = t.json(Method::POST, &path, Auth::Bearer(&staff), series(false)).await;
        assert_eq!((r.status, r.json()["code"].as_str()), (StatusCode::CONFLICT, Some("booking.series_none_free")));
        assert_eq!(r.json()["conflicts"].as_array().unwrap().len(), 4);
        let mut bad = series(false);
        bad["every"] = json!("month");
        bad["count"] = json!(40);
        let r = t.json(Method::POST, &path, Auth::Bearer(&staff), bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["fields"].as_array().unwrap().len(), 2, "{}", r.body);

        // In the browser: the booked count and each conflict are on the page.
        let cookie = t.sign_in("enterprise@tandem.demo").await;
        let form = [
            ("date", "2026-11-26"),
            ("from", "10:00"),
            ("to", "11:00"),
            ("purpose", "每周抽检"),
            ("repeat", "day"),
            ("count", "3"),
        ];
        let r = t.form(&format!("/equipment/{auto}/bookings"), Auth::Cookie(&cookie), &form).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("id=\"series-conflicts\"") && r.body.contains("已预约 3 次中的 2 次"), "{}", r.body);
        let mut too_many = form.to_vec();
        too_many[5].1 = "99";
        let r = t.form(&format!("/equipment/{auto}/bookings"), Auth::Cookie(&cookie), &too_many).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn calendar_addresses_use_the_configured_public_address() {
    let mut t = TestApp::new(tandem_test_support::sqlite().await).await;
    t.router = tandem_web::router(tandem_web::WebState {
        app: t.app.clone(),
        i18n: std::sync::Arc::new(tandem_web::I18n::load().unwrap()),
        config: std::sync::Arc::new(tandem_web::WebConfig {
            public_url: Some("https://tandem.example.edu.cn".into()),
            ..Default::default()
        }),
    });
    let cookie = t.sign_in("enterprise@tandem.demo").await;
    let page = t.form("/bookings/feed", Auth::Cookie(&cookie), &[]).await;
    assert!(page.body.contains("value=\"https://tandem.example.edu.cn/calendar/"), "{}", page.body);
}

#[tokio::test]
async fn a_manager_records_a_no_show_once_the_booking_has_started() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let list = items(&t, &staff).await;
        let auto = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&enterprise),
                json!({"start": "2026-11-25T10:00:00+08:00", "end": "2026-11-25T11:00:00+08:00", "purpose": "来样检测"}),
            )
            .await;
        let id = r.json()["id"].as_i64().unwrap();
        let no_show = format!("/api/v1/bookings/{id}/no-show");
        let r = t.send(Method::POST, &no_show, Auth::Bearer(&staff), None, vec![]).await;
        assert_eq!(r.json()["code"], "booking.not_started", "{}", r.body);
        t.clock.advance(2 * 3600 + 15 * 60);
        let r = t.send(Method::POST, &no_show, Auth::Bearer(&enterprise), None, vec![]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "the booker cannot mark themselves");
        // The manager sees the item's bookings on its page and records the no-show there.
        let cookie = t.sign_in("staff@tandem.demo").await;
        let page = t.get(&format!("/equipment/{auto}"), Auth::Cookie(&cookie)).await;
        assert!(page.body.contains(&format!("/bookings/{id}/no-show")), "{}", page.body);
        let r = t
            .form(
                &format!("/bookings/{id}/no-show"),
                Auth::Cookie(&cookie),
                &[("back", &format!("/equipment/{auto}#item-bookings"))],
            )
            .await;
        assert_eq!(
            (r.status, r.location()),
            (StatusCode::SEE_OTHER, format!("/equipment/{auto}?done=booking.no_show#item-bookings").as_str())
        );
        let mine = t.get("/api/v1/bookings", Auth::Bearer(&enterprise)).await.json();
        let status = mine["items"].as_array().unwrap().iter().find(|b| b["id"] == id).unwrap()["status"].clone();
        assert_eq!(status, "no_show");
        // A `back` outside the item pages is ignored.
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{auto}/bookings"),
                Auth::Bearer(&enterprise),
                json!({"start": "2026-11-27T10:00:00+08:00", "end": "2026-11-27T11:00:00+08:00", "purpose": "复检"}),
            )
            .await;
        let other = r.json()["id"].as_i64().unwrap();
        let r =
            t.form(&format!("/bookings/{other}/cancel"), Auth::Cookie(&cookie), &[("back", "//evil.example/x")]).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/bookings?done=booking.cancelled"));
    }
}

#[tokio::test]
async fn the_week_grid_fills_the_form_shows_mine_and_says_when_training_is_needed_first() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let list = items(&t, &staff).await;
        let auto = pick(&list, "automatic", "available")["id"].as_i64().unwrap();
        let manual = pick(&list, "manual", "available")["id"].as_i64().unwrap();
        let enterprise = t.sign_in("enterprise@tandem.demo").await;

        let page = t.get(&format!("/equipment/{auto}"), Auth::Cookie(&enterprise)).await;
        assert!(page.has("#week-legend .slot-mine") && page.has("#week-legend .slot-taken"), "a legend");
        assert!(page.has("#my-rate[data-rate-fen]"), "the reader's own rate, for the estimate");
        assert!(page.texts("#my-rate").iter().any(|r| r.contains("企业")), "{:?}", page.texts("#my-rate"));
        let doc = scraper::Html::parse_document(&page.body);
        let first = doc.select(&scraper::Selector::parse("#week a.pick").unwrap()).next().expect("a free slot to pick");
        let href = first.value().attr("href").unwrap().to_owned();
        assert!(href.contains("date=") && href.contains("from=") && href.contains("to="), "{href}");
        // Following it fills the form with that slot, half an hour long.
        let filled = t.get(href.split('#').next().unwrap(), Auth::Cookie(&enterprise)).await;
        let value = |id: &str| {
            let doc = scraper::Html::parse_document(&filled.body);
            let sel = scraper::Selector::parse(&format!("#{id}")).unwrap();
            doc.select(&sel).next().and_then(|e| e.value().attr("value").map(str::to_owned)).unwrap_or_default()
        };
        let (from, to) = (value("f-from"), value("f-to"));
        assert!(!value("f-date").is_empty() && !from.is_empty(), "{}", filled.body.len());
        let minutes = |s: &str| s[..2].parse::<i64>().unwrap() * 60 + s[3..5].parse::<i64>().unwrap();
        assert_eq!(minutes(&to) - minutes(&from), 30, "one slot");
        // Booked, the slot shows as mine to the booker and as taken to anyone else.
        let r = t
            .form(
                &format!("/equipment/{auto}/bookings"),
                Auth::Cookie(&enterprise),
                &[("date", &value("f-date")), ("from", &from), ("to", &to), ("purpose", "来样检测")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let mine = t.get(&format!("/equipment/{auto}"), Auth::Cookie(&enterprise)).await;
        assert_eq!(mine.texts("#week td.slot-mine").len(), 1);
        let staff_cookie = t.sign_in("staff@tandem.demo").await;
        let theirs = t.get(&format!("/equipment/{auto}"), Auth::Cookie(&staff_cookie)).await;
        assert!(theirs.texts("#week td.slot-mine").is_empty() && !theirs.texts("#week td.slot-taken").is_empty());

        // An item that needs training says so before any form, to someone not trained on it.
        let page = t.get(&format!("/equipment/{manual}"), Auth::Cookie(&enterprise)).await;
        assert!(page.has("#training-needed") && !page.has("#book-form"), "told first, no form to fill in vain");
        assert!(!page.has("#week a.pick"), "no slot to pick either");
    }
}
