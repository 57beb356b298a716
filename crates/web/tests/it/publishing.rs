//! A lab manager publishes an item, trains a user, approves their booking; the user books in
//! the browser, subscribes to their calendar, checks in and out; the figures count it.
//! Also the API for publishing and revising, and who may not.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};

fn item_form<'a>(lab: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("lab_id", lab),
        ("name", name),
        ("model", "JSM-IT800"),
        ("maker", "JEOL"),
        ("category", "microscopy"),
        ("location", "材料楼 204"),
        ("description", "场发射扫描电镜"),
        ("capabilities", "分辨率 0.5 nm；EDS 元素分析"),
        ("status", "available"),
        ("maintenance_until", ""),
        ("approval_mode", "manual"),
        ("requires_authorisation", "yes"),
        ("authorisation_valid_days", "180"),
        ("slot_minutes", "30"),
        ("min_minutes", "60"),
        ("max_minutes", "240"),
        ("max_days_ahead", "30"),
        ("open_from", "08:30"),
        ("open_to", "18:00"),
        ("cancel_minutes_before", "60"),
        ("rate_internal", "80"),
        ("rate_external_academic", "150"),
        ("rate_enterprise", "320.50"),
    ]
}

fn with<'a>(mut form: Vec<(&'a str, &'a str)>, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    for (k, v) in changes {
        form.iter_mut().find(|(name, _)| name == k).unwrap().1 = v;
    }
    form
}

fn first_option(page: &str, select: &str) -> String {
    let at = page.find(&format!("id=\"f-{select}\"")).unwrap();
    let rest = &page[at..];
    let value = rest.find("<option value=\"").map(|i| i + 15).unwrap();
    // skip the empty "—" option
    let rest = &rest[value..];
    let rest = &rest[rest.find("<option value=\"").unwrap() + 15..];
    rest[..rest.find('"').unwrap()].to_owned()
}

async fn equipment_total(t: &TestApp, token: &str) -> i64 {
    t.get("/api/v1/equipment?per_page=1", Auth::Bearer(token)).await.json()["total"].as_i64().unwrap()
}

fn feed_path(page: &str) -> String {
    let start = page.find("/calendar/").expect("the page shows the feed address");
    let end = start + page[start..].find(".ics").unwrap() + 4;
    page[start..end].to_owned()
}

#[tokio::test]
async fn a_lab_manager_publishes_trains_and_approves_and_the_user_books_in_the_browser() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let list = t.get("/equipment", Auth::Cookie(&teacher)).await;
        assert!(list.body.contains("id=\"equipment-new\""), "lab teachers are offered publishing");
        let new = t.get("/equipment/new", Auth::Cookie(&teacher)).await;
        assert_eq!(new.status, StatusCode::OK);
        let lab = first_option(&new.body, "lab_id");

        // Outsiders are not offered the form and cannot post it.
        let outsider = t.sign_in("enterprise@tandem.demo").await;
        assert!(!t.get("/equipment", Auth::Cookie(&outsider)).await.has("#equipment-new"));
        assert_eq!(t.get("/equipment/new", Auth::Cookie(&outsider)).await.status, StatusCode::FORBIDDEN);
        let before = equipment_total(&t, &staff).await;
        let r = t.form("/equipment", Auth::Cookie(&outsider), &item_form(&lab, "偷偷发布")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // Mistakes are named under their fields, what was typed is kept, nothing is written.
        let bad = with(
            item_form(&lab, ""),
            &[("max_minutes", "30"), ("rate_enterprise", "12.345"), ("open_from", "08:10"), ("status", "maintenance")],
        );
        let r = t.form("/equipment", Auth::Cookie(&teacher), &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["name", "max_minutes", "rate_enterprise", "open_from", "maintenance_until"] {
            assert!(r.body.contains(&format!("id=\"{field}-error\"")), "{field}: {}", r.body);
        }
        assert!(r.body.contains("value=\"12.345\"") && r.body.contains("分辨率 0.5 nm"), "input kept");
        assert_eq!(equipment_total(&t, &staff).await, before, "nothing written");

        // Published, it opens on its page with rules, capabilities and rates.
        let r = t.form("/equipment", Auth::Cookie(&teacher), &item_form(&lab, "场发射扫描电镜 A")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", t.backend, r.body);
        let item_path = r.location_path();
        let id: i64 = item_path.trim_start_matches("/equipment/").parse().unwrap();
        let page = t.get(&item_path, Auth::Cookie(&teacher)).await;
        assert!(page.body.contains("场发射扫描电镜 A") && page.body.contains("EDS 元素分析"));
        assert!(page.body.contains("¥320.50 / h") && page.body.contains("id=\"training\""));
        assert_eq!(equipment_total(&t, &staff).await, before + 1);

        // Without training the enterprise user is refused, and told how to get it.
        let booking = [("date", "2026-11-26"), ("from", "09:00"), ("to", "11:00"), ("purpose", "失效分析")];
        let r = t.form(&format!("/equipment/{id}/bookings"), Auth::Cookie(&outsider), &booking).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"booking-error\"") && !r.body.contains("id=\"training\""), "{}", r.body);

        // The manager records training; an unknown email is named, not guessed.
        let r = t
            .form(
                &format!("/equipment/{id}/authorisations"),
                Auth::Cookie(&teacher),
                &[("email", "nobody@example.com"), ("valid_until", "2027-05-31")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"training-error\""));
        let r = t
            .form(
                &format!("/equipment/{id}/authorisations"),
                Auth::Cookie(&outsider),
                &[("email", "enterprise@tandem.demo"), ("valid_until", "2027-05-31")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "users cannot train themselves");
        let r = t
            .form(
                &format!("/equipment/{id}/authorisations"),
                Auth::Cookie(&teacher),
                &[("email", "enterprise@tandem.demo"), ("valid_until", "2027-05-31")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = t.get(&item_path, Auth::Cookie(&teacher)).await;
        assert!(page.body.contains("id=\"trained\"") && page.body.contains("2027-05-31"));

        // Now the booking is requested and waits in the manager's queue.
        let r = t.form(&format!("/equipment/{id}/bookings"), Auth::Cookie(&outsider), &booking).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), format!("/equipment/{id}?booked=requested"));
        let enterprise = t.token("enterprise@tandem.demo").await;
        let mine = t.get("/api/v1/bookings", Auth::Bearer(&enterprise)).await.json();
        let b = mine["items"].as_array().unwrap().iter().find(|b| b["equipment_id"] == id).unwrap().clone();
        assert_eq!((b["rate_fen_per_hour"].as_i64(), b["user_class"].as_str()), (Some(32_050), Some("enterprise")));
        let bid = b["id"].as_i64().unwrap();
        let queue = t.get("/bookings", Auth::Cookie(&teacher)).await;
        assert!(queue.body.contains(&format!("/bookings/{bid}/approve")));
        let r = t.form(&format!("/bookings/{bid}/approve"), Auth::Cookie(&teacher), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);

        // The user's calendar app and the lab's item calendar both show it.
        let page = t.form("/bookings/feed", Auth::Cookie(&outsider), &[]).await;
        let feed = t.get(&feed_path(&page.body), Auth::None).await;
        assert!(feed.body.contains(&format!("UID:booking-{bid}@tandem")) && feed.body.contains("STATUS:CONFIRMED"));
        assert_eq!(
            t.form(&format!("/equipment/{id}/feed"), Auth::Cookie(&outsider), &[]).await.status,
            StatusCode::FORBIDDEN
        );
        let page = t.form(&format!("/equipment/{id}/feed"), Auth::Cookie(&teacher), &[]).await;
        assert_eq!(page.status, StatusCode::OK);
        let item_feed = feed_path(&page.body);
        let feed = t.get(&item_feed, Auth::None).await;
        assert!(feed.body.contains(&format!("UID:booking-{bid}@tandem")), "{}", feed.body);
        assert!(feed.body.contains("赵磊"), "the lab sees who booked");
        let r = t.form(&format!("/equipment/{id}/feed/revoke"), Auth::Cookie(&teacher), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(t.get(&item_feed, Auth::None).await.status, StatusCode::NOT_FOUND);

        // Check in and out in the browser.
        for step in ["check-in", "check-out"] {
            let r = t.form(&format!("/bookings/{bid}/{step}"), Auth::Cookie(&outsider), &[]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{step}: {}", r.body);
        }
        // The figures count two enterprise hours at the rate fixed on the booking.
        let gov = t.token("gov@tandem.demo").await;
        let report = t.get("/api/v1/equipment/usage?from=2026-11-26&to=2026-11-26", Auth::Bearer(&gov)).await.json();
        let line = report["items"].as_array().unwrap().iter().find(|l| l["id"] == id).unwrap().clone();
        assert_eq!(line["figures"]["machine_seconds"], 7_200);
        assert_eq!(line["figures"]["outside_seconds"], 7_200);
        assert_eq!(line["figures"]["income_outside_fen"], 64_100);
        assert_eq!(line["figures"]["enterprises_served"], 1);
        let own = t.own_enterprise_id(&enterprise).await;
        let size =
            t.get(&format!("/api/v1/enterprises/{own}"), Auth::Bearer(&enterprise)).await.json()["size_class"].clone();
        let sme = i64::from(["micro", "small", "medium"].iter().any(|c| size == *c));
        assert_eq!(line["figures"]["smes_served"], sme, "size class {size}");
        assert_eq!(line["figures"]["authorised_people"], 1);
        let cookie = t.sign_in("gov@tandem.demo").await;
        let csv = t.get("/equipment/usage.csv?from=2026-11-26&to=2026-11-26", Auth::Cookie(&cookie)).await;
        let row = csv.body.lines().find(|l| l.contains("场发射扫描电镜 A")).unwrap().to_owned();
        assert!(row.contains(&format!(",2.0,2.0,0.00,641.00,1,{sme},1")), "{row}");
    }
}

fn api_item(lab: i64) -> Value {
    json!({
        "lab_id": lab, "name": "三坐标测量机", "model": "CONTURA", "maker": "ZEISS", "category": "metrology",
        "location": null, "description": "", "capabilities": "测量范围 700×1000×600 mm",
        "status": "available", "maintenance_until": null,
        "policy": {"approval": "automatic", "requires_authorisation": false, "authorisation_valid_days": 365,
            "slot_minutes": 60, "min_minutes": 60, "max_minutes": 480, "max_days_ahead": 90,
            "open_from_minute": 480, "open_to_minute": 1200, "cancel_minutes_before": 0},
        "rates": [{"user_class": "internal", "fen_per_hour": 5000}, {"user_class": "enterprise", "fen_per_hour": 20000}],
    })
}

#[tokio::test]
async fn publishing_and_revising_through_the_api_with_errors_and_denials() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let cookie = t.sign_in("teacher@tandem.demo").await;
        let lab: i64 =
            first_option(&t.get("/equipment/new", Auth::Cookie(&cookie)).await.body, "lab_id").parse().unwrap();
        // Another lab: the teacher does not manage it.
        let other_lab = t.get("/api/v1/equipment?per_page=200", Auth::Bearer(&staff)).await.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["lab_id"].as_i64().unwrap())
            .find(|l| *l != lab)
            .unwrap();
        let before = equipment_total(&t, &staff).await;
        for (token, body, status) in [
            (&enterprise, api_item(lab), StatusCode::FORBIDDEN),
            (&teacher, api_item(other_lab), StatusCode::FORBIDDEN),
        ] {
            let r = t.json(Method::POST, "/api/v1/equipment", Auth::Bearer(token), body).await;
            assert_eq!(r.status, status, "{}", r.body);
        }
        let mut bad = api_item(lab);
        bad["policy"]["slot_minutes"] = json!(7);
        bad["policy"]["open_to_minute"] = json!(300);
        bad["rates"] = json!([{"user_class": "enterprise", "fen_per_hour": -5}]);
        let r = t.json(Method::POST, "/api/v1/equipment", Auth::Bearer(&teacher), bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<(String, String)> = r.json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
            .collect();
        for expected in [
            ("slot_minutes", "equipment.slot_not_offered"),
            ("open_to", "equipment.closes_before_opening"),
            ("rate_enterprise", "equipment.rate_fen"),
        ] {
            assert!(fields.contains(&(expected.0.into(), expected.1.into())), "{expected:?} in {fields:?}");
        }
        let mut unknown = api_item(lab);
        unknown["colour"] = json!("blue");
        let r = t.json(Method::POST, "/api/v1/equipment", Auth::Bearer(&teacher), unknown).await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["field"].as_str(), r.json()["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("colour"), Some("unknown_field"))
        );
        // A field the policy does not know, and a value of the wrong type, are named by path.
        let mut nested = api_item(lab);
        nested["policy"]["colour"] = json!("blue");
        nested["policy"]["slot_minutes"] = json!(true);
        let r = t.json(Method::POST, "/api/v1/equipment", Auth::Bearer(&teacher), nested).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let first = &r.json()["fields"][0];
        assert!(
            [("policy.colour", "unknown_field"), ("policy.slot_minutes", "wrong_type")]
                .contains(&(first["field"].as_str().unwrap(), first["code"].as_str().unwrap())),
            "{first}"
        );
        let mut wrong = api_item(lab);
        wrong["rates"] = json!("cheap");
        let r = t.json(Method::POST, "/api/v1/equipment", Auth::Bearer(&teacher), wrong).await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["field"].as_str(), r.json()["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("rates"), Some("wrong_type"))
        );
        // A body over the limit is refused with a JSON error like every other.
        let mut huge = api_item(lab);
        huge["description"] = json!("长".repeat(30_000));
        let r = t.json(Method::POST, "/api/v1/equipment", Auth::Bearer(&teacher), huge).await;
        assert_eq!((r.status, r.json()["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("body.too_large")));
        assert_eq!(equipment_total(&t, &staff).await, before, "refusals wrote nothing");

        let r = t.json(Method::POST, "/api/v1/equipment", Auth::Bearer(&teacher), api_item(lab)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", t.backend, r.body);
        let item = r.json();
        let id = item["id"].as_i64().unwrap();
        assert_eq!(item["policy"]["open_from_minute"], 480);
        assert_eq!(item["rates"].as_array().unwrap().len(), 2);

        // A booking fixes today's rate; a revision changes the rate for new bookings only.
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{id}/bookings"),
                Auth::Bearer(&enterprise),
                json!({"start": "2026-11-27T09:00:00+08:00", "end": "2026-11-27T10:00:00+08:00", "purpose": "首件检验"}),
            )
            .await;
        assert_eq!((r.status, r.json()["status"].as_str()), (StatusCode::CREATED, Some("approved")), "{}", r.body);
        let bid = r.json()["id"].as_i64().unwrap();
        // What GET returns can be sent back changed.
        let mut revised = t.get(&format!("/api/v1/equipment/{id}"), Auth::Bearer(&teacher)).await.json();
        revised["rates"][0]["fen_per_hour"] = json!(30_000);
        revised["status"] = json!("maintenance");
        revised["maintenance_until"] = json!("2026-12-01");
        assert_eq!(
            t.json(Method::PUT, &format!("/api/v1/equipment/{id}"), Auth::Bearer(&enterprise), revised.clone())
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let r = t.json(Method::PUT, &format!("/api/v1/equipment/{id}"), Auth::Bearer(&teacher), revised).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let rates = r.json()["rates"].clone();
        assert!(rates.as_array().unwrap().iter().any(|r| r["fen_per_hour"] == 30_000), "{rates}");
        assert_eq!(r.json()["maintenance_until"], "2026-11-30T16:00:00Z");
        let mine = t.get("/api/v1/bookings", Auth::Bearer(&enterprise)).await.json();
        let kept =
            mine["items"].as_array().unwrap().iter().find(|b| b["id"] == bid).unwrap()["rate_fen_per_hour"].clone();
        assert_eq!(kept, 20_000, "the booking keeps the rate it was made at");
        // In maintenance until 1 December: a booking before then is refused with its code.
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/equipment/{id}/bookings"),
                Auth::Bearer(&enterprise),
                json!({"start": "2026-11-28T09:00:00+08:00", "end": "2026-11-28T10:00:00+08:00", "purpose": "x"}),
            )
            .await;
        assert_eq!(r.json()["code"], "booking.in_maintenance");
        // A photo: only images, only by the item's managers; everyone who sees the item sees it.
        let photo = format!("/api/v1/equipment/{id}/photo");
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec();
        let r = t.send(Method::PUT, &photo, Auth::Bearer(&teacher), Some("image/svg+xml"), svg).await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("file.not_a_photo"))
        );
        let r = t.send(Method::PUT, &photo, Auth::Bearer(&enterprise), Some("image/png"), png.clone()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            t.get(&format!("/api/v1/equipment/{id}"), Auth::Bearer(&teacher)).await.json()["photo"],
            Value::Null
        );
        let r = t.send(Method::PUT, &photo, Auth::Bearer(&teacher), Some("image/png"), png.clone()).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let shown = t.get(&format!("/api/v1/equipment/{id}"), Auth::Bearer(&enterprise)).await.json()["photo"].clone();
        assert_eq!(shown, format!("/equipment/{id}/photo"));
        let outsider_cookie = t.sign_in("enterprise@tandem.demo").await;
        let img = t.get(&format!("/equipment/{id}/photo"), Auth::Cookie(&outsider_cookie)).await;
        assert_eq!((img.status, img.headers[header::CONTENT_TYPE].to_str().unwrap()), (StatusCode::OK, "image/png"));
        assert!(
            t.get(&format!("/equipment/{id}"), Auth::Cookie(&outsider_cookie))
                .await
                .body
                .contains("class=\"item-photo\"")
        );
        // The edit page names a refused photo.
        let boundary = "photoboundary";
        let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.gif\"\r\nContent-Type: image/gif\r\n\r\n").into_bytes();
        body.extend_from_slice(b"GIF89a....");
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let ct = format!("multipart/form-data; boundary={boundary}");
        let r = t.send(Method::POST, &format!("/equipment/{id}/photo"), Auth::Cookie(&cookie), Some(&ct), body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"photo-error\""), "{}", r.body);

        // The edit page shows the stored values in form units.
        let edit = t.get(&format!("/equipment/{id}/edit"), Auth::Cookie(&cookie)).await;
        assert!(edit.body.contains("value=\"08:00\"") && edit.body.contains("value=\"2026-12-01\""), "{}", edit.body);
        let outsider = t.sign_in("enterprise@tandem.demo").await;
        assert_eq!(
            t.get(&format!("/equipment/{id}/edit"), Auth::Cookie(&outsider)).await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn the_catalogue_narrows_to_a_lab_centre_or_college() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let all = equipment_total(&t, &staff).await;
        let cookie = t.sign_in("teacher@tandem.demo").await;
        let lab: i64 =
            first_option(&t.get("/equipment/new", Auth::Cookie(&cookie)).await.body, "lab_id").parse().unwrap();
        let parent =
            t.get(&format!("/api/v1/orgs/{lab}"), Auth::Bearer(&staff)).await.json()["parent_id"].as_i64().unwrap();
        let grandparent =
            t.get(&format!("/api/v1/orgs/{parent}"), Auth::Bearer(&staff)).await.json()["parent_id"].as_i64().unwrap();
        let mut totals = Vec::new();
        for org in [lab, parent, grandparent] {
            let r = t.get(&format!("/api/v1/equipment?per_page=200&org_id={org}"), Auth::Bearer(&staff)).await.json();
            totals.push(r["total"].as_i64().unwrap());
            if org == lab {
                assert!(r["items"].as_array().unwrap().iter().all(|i| i["lab_id"] == lab));
            }
        }
        assert!(
            totals[0] >= 1 && totals[0] <= totals[1] && totals[1] <= totals[2] && totals[2] < all,
            "{totals:?} of {all}"
        );
        let r = t.get("/api/v1/equipment?org_id=x", Auth::Bearer(&staff)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // From the lab's own page to its equipment, with the filter showing the lab.
        let org_page = t.get(&format!("/orgs/{lab}"), Auth::Cookie(&cookie)).await;
        assert!(org_page.body.contains(&format!("href=\"/equipment?org={lab}\"")));
        let list = t.get(&format!("/equipment?org={lab}"), Auth::Cookie(&cookie)).await;
        assert!(list.body.contains(&format!("<option value=\"{lab}\" selected>")), "{}", list.body);
    }
}
