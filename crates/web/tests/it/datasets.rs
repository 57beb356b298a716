//! Shared datasets: who sees what, access requests decided by the owner, checked uploads,
//! and downloads that are always logged.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};

async fn datasets(t: &TestApp, token: &str, query: &str) -> (Vec<Value>, i64) {
    let r = t.get(&format!("/api/v1/datasets?per_page=200&{query}"), Auth::Bearer(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    (v["items"].as_array().unwrap().clone(), v["total"].as_i64().unwrap())
}

async fn upload(t: &TestApp, token: &str, id: i64, name: &str, bytes: Vec<u8>) -> crate::support::Reply {
    let path = format!("/api/v1/datasets/{id}/files?name={name}");
    t.send(Method::POST, &path, Auth::Bearer(token), Some("application/octet-stream"), bytes).await
}

#[tokio::test]
async fn another_enterprises_internal_dataset_is_invisible_not_just_forbidden() {
    for t in TestApp::all().await {
        let admin = t.token("admin@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let own = t.own_enterprise_id(&enterprise).await;
        let own_people = t.token("expert@tandem.demo").await;
        let other = t.own_enterprise_id(&own_people).await;
        assert_ne!(own, other);
        let (all_internal, _) = datasets(&t, &admin, "access_level=internal").await;
        let theirs = all_internal
            .iter()
            .find(|d| d["owner"]["kind"] == "enterprise" && d["owner"]["id"] == other)
            .expect("demo data has another enterprise's internal dataset")
            .clone();
        let id = theirs["id"].as_i64().unwrap();
        let (visible, total) = datasets(&t, &enterprise, "").await;
        assert!(total >= 25, "open and on-request datasets are listed: {total}");
        for d in &visible {
            assert!(d["access_level"] != "internal" || d["owner"]["id"] == own, "{d}");
        }
        assert!(visible.iter().any(|d| d["access_level"] == "internal"), "its own internal data is listed");
        let title = theirs["title"].as_str().unwrap();
        let (found, _) = datasets(&t, &enterprise, &format!("q={}", urlencode(title))).await;
        assert!(found.iter().all(|d| d["id"] != id), "searching by title does not reveal it");
        let r = t.get(&format!("/api/v1/datasets/{id}"), Auth::Bearer(&enterprise)).await;
        assert_eq!((r.status, r.json()["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
        let file = theirs_file(&t, &admin, id).await;
        let r = t.get(&format!("/api/v1/datasets/{id}/files/{file}"), Auth::Bearer(&enterprise)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/datasets/{id}/requests"),
                Auth::Bearer(&enterprise),
                json!({"purpose": "x"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let cookie = t.sign_in("enterprise@tandem.demo").await;
        assert_eq!(t.get(&format!("/datasets/{id}"), Auth::Cookie(&cookie)).await.status, StatusCode::NOT_FOUND);
        let list = t.get(&format!("/datasets?q={}", urlencode(title)), Auth::Cookie(&cookie)).await;
        assert!(list.has("main"), "the list page answered");
        assert!(!list.has(&format!("a[href='/datasets/{id}']")), "another enterprise's internal dataset is not listed");
        // Its own people see it.
        assert_eq!(t.get(&format!("/api/v1/datasets/{id}"), Auth::Bearer(&own_people)).await.status, StatusCode::OK);
    }
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap().trim_start_matches("x=").to_owned()
}

async fn theirs_file(t: &TestApp, token: &str, id: i64) -> i64 {
    t.get(&format!("/api/v1/datasets/{id}"), Auth::Bearer(token)).await.json()["files"][0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn an_on_request_dataset_is_downloaded_after_approval_and_every_download_is_logged() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let (list, _) = datasets(&t, &enterprise, "access_level=on_request").await;
        let d = list.iter().find(|d| d["owner"]["kind"] == "lab").unwrap().clone();
        let id = d["id"].as_i64().unwrap();
        let view = t.get(&format!("/api/v1/datasets/{id}"), Auth::Bearer(&enterprise)).await.json();
        assert_eq!(view["may_download"], false);
        assert!(view["files"][0]["sample"].as_str().unwrap().contains(','), "the preview is visible before access");
        let file = view["files"][0]["id"].as_i64().unwrap();
        let r = t.get(&format!("/api/v1/datasets/{id}/files/{file}"), Auth::Bearer(&enterprise)).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("dataset.request_needed"))
        );
        let before =
            t.get(&format!("/api/v1/datasets/{id}/downloads"), Auth::Bearer(&staff)).await.json()["total"].clone();

        let path = format!("/api/v1/datasets/{id}/requests");
        let r = t.json(Method::POST, &path, Auth::Bearer(&enterprise), json!({"purpose": "  "})).await;
        assert_eq!(
            (r.status, r.json()["fields"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("purpose"))
        );
        let r = t.json(Method::POST, &path, Auth::Bearer(&enterprise), json!({"purpose": "新产品焊接工艺验证"})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let request = r.json()["id"].as_i64().unwrap();
        assert_eq!(r.json()["status"], "pending");
        let r = t.json(Method::POST, &path, Auth::Bearer(&enterprise), json!({"purpose": "再次申请"})).await;
        assert_eq!(r.json()["code"], "dataset.request_pending");
        // Only the owner's managers see requests and decide them.
        assert_eq!(t.get(&path, Auth::Bearer(&enterprise)).await.status, StatusCode::FORBIDDEN);
        let approve = format!("/api/v1/dataset-requests/{request}/approve");
        let r = t.send(Method::POST, &approve, Auth::Bearer(&enterprise), None, vec![]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let pending = t.get(&path, Auth::Bearer(&staff)).await.json();
        assert_eq!(pending["items"][0]["id"], request, "pending requests come first");
        let r = t.json(Method::POST, &approve, Auth::Bearer(&staff), json!({"note": "请注明来源"})).await;
        assert_eq!((r.status, r.json()["status"].as_str()), (StatusCode::OK, Some("approved")), "{}", r.body);
        let r = t
            .send(
                Method::POST,
                &format!("/api/v1/dataset-requests/{request}/refuse"),
                Auth::Bearer(&staff),
                None,
                vec![],
            )
            .await;
        assert_eq!(r.json()["code"], "dataset.request_decided");

        let r = t.get(&format!("/api/v1/datasets/{id}/files/{file}"), Auth::Bearer(&enterprise)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment;"));
        assert!(r.body.lines().count() > 10, "{}", r.body);
        let log = t.get(&format!("/api/v1/datasets/{id}/downloads"), Auth::Bearer(&staff)).await.json();
        assert_eq!(log["total"].as_i64().unwrap(), before.as_i64().unwrap() + 1);
        assert_eq!(log["items"][0]["person_name"], "沈阳企业管理员 赵磊");
        assert_eq!(
            t.get(&format!("/api/v1/datasets/{id}/downloads"), Auth::Bearer(&enterprise)).await.status,
            StatusCode::FORBIDDEN
        );
        // An open dataset downloads at once; an open one cannot be requested.
        let (open, _) = datasets(&t, &enterprise, "access_level=open").await;
        let open_id = open[0]["id"].as_i64().unwrap();
        let open_file = theirs_file(&t, &enterprise, open_id).await;
        assert_eq!(
            t.get(&format!("/api/v1/datasets/{open_id}/files/{open_file}"), Auth::Bearer(&enterprise)).await.status,
            StatusCode::OK
        );
        let r = t
            .json(
                Method::POST,
                &format!("/api/v1/datasets/{open_id}/requests"),
                Auth::Bearer(&enterprise),
                json!({"purpose": "x"}),
            )
            .await;
        assert_eq!(r.json()["code"], "dataset.not_on_request");
    }
}

#[tokio::test]
async fn an_enterprise_shares_its_own_data_and_uploads_are_checked() {
    for t in TestApp::all().await {
        let enterprise = t.token("enterprise@tandem.demo").await;
        let own = t.own_enterprise_id(&enterprise).await;
        let other = t.token("expert@tandem.demo").await;
        let other_enterprise = t.own_enterprise_id(&other).await;
        let body = |owner: i64| {
            json!({"owner_id": owner, "title": "注塑工艺参数", "description": "", "tags": ["注塑", "质量"],
                "format": "CSV", "licence": "research-only", "access_level": "internal", "schema": "temp_c, pressure_mpa"})
        };
        let r = t.json(Method::POST, "/api/v1/datasets", Auth::Bearer(&enterprise), body(other_enterprise)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "no publishing for someone else");
        let mut bad = body(own);
        bad["licence"] = json!("whatever");
        bad["title"] = json!("");
        let r = t.json(Method::POST, "/api/v1/datasets", Auth::Bearer(&enterprise), bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["fields"].as_array().unwrap().len(), 2, "{}", r.body);
        let member = t.token("member@tandem.demo").await;
        let r = t.json(Method::POST, "/api/v1/datasets", Auth::Bearer(&member), body(own)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "members use data; administrators publish it");
        let r = t.json(Method::POST, "/api/v1/datasets", Auth::Bearer(&enterprise), body(own)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        assert_eq!(r.json()["tags"], json!(["注塑", "质量"]));

        for (name, bytes, code) in [
            ("", b"a,b\n".to_vec(), "file.bad_name"),
            ("run.exe", b"MZ".to_vec(), "file.kind"),
            ("sheet.xlsx", b"not a zip".to_vec(), "file.content_mismatch"),
            ("notes.csv", vec![0xff, 0xfe, 0x00, 0x01], "file.not_text"),
            ("big.csv", vec![b'1'; 20 * 1024 * 1024 + 1], "file.too_large"),
        ] {
            let r = upload(&t, &enterprise, id, name, bytes).await;
            assert_eq!(
                (r.status, r.json()["fields"][0]["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
                "{name}"
            );
        }
        let r = upload(&t, &member, id, "x.csv", b"a\n".to_vec()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let view = t.get(&format!("/api/v1/datasets/{id}"), Auth::Bearer(&enterprise)).await.json();
        assert_eq!(view["files"].as_array().unwrap().len(), 0, "refused uploads left nothing behind");

        let csv = "temp_c,pressure_mpa\n230,85\n235,88\n";
        let r = upload(&t, &enterprise, id, "moulding.csv", csv.as_bytes().to_vec()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let file = r.json();
        assert_eq!(file["sha256"], sha256_hex(csv.as_bytes()));
        assert_eq!(file["sample"], "temp_c,pressure_mpa\n230,85\n235,88");
        // Its members download it; another enterprise does not know it exists.
        let r = t.get(file["download"].as_str().unwrap(), Auth::Bearer(&member)).await;
        assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, csv));
        assert_eq!(t.get(&format!("/api/v1/datasets/{id}"), Auth::Bearer(&other)).await.status, StatusCode::NOT_FOUND);
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

fn multipart(boundary: &str, name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

#[tokio::test]
async fn in_the_browser_a_student_asks_the_lab_decides_and_the_student_downloads() {
    for t in TestApp::all().await {
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let student = t.sign_in("student@tandem.demo").await;
        // The demo student has a pending request on the demo teacher's lab dataset.
        let queue = t.get("/datasets?level=on_request", Auth::Cookie(&teacher)).await;
        assert!(queue.body.contains("id=\"datasets-table\""));
        let student_token = t.token("student@tandem.demo").await;
        let (list, _) = datasets(&t, &student_token, "access_level=on_request").await;
        let mut target = None;
        for d in &list {
            let id = d["id"].as_i64().unwrap();
            let v = t.get(&format!("/api/v1/datasets/{id}"), Auth::Bearer(&student_token)).await.json();
            if v["my_requests"].as_array().unwrap().iter().any(|r| r["status"] == "pending") {
                target = Some(id);
            }
        }
        let id = target.expect("the demo holds a pending request of the demo student");
        let page = t.get(&format!("/datasets/{id}"), Auth::Cookie(&student)).await;
        assert!(page.has(".my-request") && !page.has("#request-submit"), "one pending request at a time");
        assert!(!page.has("#requests"), "students do not see the owner's panel");

        let page = t.get(&format!("/datasets/{id}"), Auth::Cookie(&teacher)).await;
        let at = page.body.find("/dataset-requests/").expect("the lab teacher sees the request");
        let rest = &page.body[at + "/dataset-requests/".len()..];
        let request: i64 = rest[..rest.find('/').unwrap()].parse().unwrap();
        assert_eq!(
            t.form(&format!("/dataset-requests/{request}/approve"), Auth::Cookie(&student), &[]).await.status,
            StatusCode::FORBIDDEN
        );
        let r = t.form(&format!("/dataset-requests/{request}/approve"), Auth::Cookie(&teacher), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);

        let page = t.get(&format!("/datasets/{id}"), Auth::Cookie(&student)).await;
        let at = page.body.find(&format!("/datasets/{id}/files/")).expect("a download link once approved");
        let link: String = page.body[at..].chars().take_while(|c| *c != '"').collect();
        let r = t.get(&link, Auth::Cookie(&student)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
        let page = t.get(&format!("/datasets/{id}"), Auth::Cookie(&teacher)).await;
        assert!(
            page.body.contains("id=\"downloads-table\"") && page.body.contains("李晓雨"),
            "the download is in the log"
        );

        // The teacher uploads through the page; a wrong kind is named on the page.
        let boundary = "tandemboundary42";
        let ct = format!("multipart/form-data; boundary={boundary}");
        let r = t
            .send(
                Method::POST,
                &format!("/datasets/{id}/files"),
                Auth::Cookie(&teacher),
                Some(&ct),
                multipart(boundary, "tool.exe", b"MZ"),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"upload-error\""));
        let r = t
            .send(
                Method::POST,
                &format!("/datasets/{id}/files"),
                Auth::Cookie(&teacher),
                Some(&ct),
                multipart(boundary, "第二批.csv", "a,b\n1,2\n".as_bytes()),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = t.get(&format!("/datasets/{id}"), Auth::Cookie(&student)).await;
        assert!(page.body.contains("第二批.csv"));
        let r = t
            .send(
                Method::POST,
                &format!("/datasets/{id}/files"),
                Auth::Cookie(&student),
                Some(&ct),
                multipart(boundary, "x.csv", b"a\n"),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}
