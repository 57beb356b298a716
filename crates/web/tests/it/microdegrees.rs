//! Micro-degrees and their credentials: set-up by staff, enrolment rules, results by the
//! offering college, completion, one credential per completion, public fetching and
//! verification (valid, tampered, revoked), and the pages a student and a teacher use.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};

fn degree(org: i64, title: &str) -> Value {
    json!({"org_id": org, "title": title, "description": "数控编程与工艺", "learning_outcomes": "- 编写数控程序\n- 制定加工工艺",
        "workload_hours": 64, "required_credits": "3.5", "level": "", "assessment_type": "project",
        "participation": "blended", "quality_assurance": "学院教学委员会审定", "capacity": 2})
}

async fn post(t: &TestApp, path: &str, token: &str, body: Value) -> crate::support::Reply {
    t.json(Method::POST, path, Auth::Bearer(token), body).await
}

async fn me(t: &TestApp, token: &str) -> i64 {
    t.get("/api/v1/me", Auth::Bearer(token)).await.json()["id"].as_i64().unwrap()
}

/// The college the demo teacher teaches in (the first college).
async fn teachers_college(t: &TestApp, teacher: &str) -> i64 {
    let me = t.get("/api/v1/me", Auth::Bearer(teacher)).await.json();
    me["memberships"].as_array().unwrap().iter().find(|m| m["role"] == "teacher").unwrap()["org_id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_completed_micro_degree_gets_one_signed_credential_that_anyone_can_verify() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let student = t.token("st0261@people.tandem.demo").await;
        let other_student = t.token("st0262@people.tandem.demo").await;
        let enterprise = t.token("enterprise@tandem.demo").await;
        let college = teachers_college(&t, &teacher).await;

        // Set-up: staff only, every field checked, a college as the offering unit.
        assert_eq!(
            post(&t, "/api/v1/micro-degrees", &teacher, degree(college, "x")).await.status,
            StatusCode::FORBIDDEN
        );
        let mut bad = degree(college, "");
        bad["required_credits"] = json!("1.25");
        bad["participation"] = json!("sometimes");
        let r = post(&t, "/api/v1/micro-degrees", &staff, bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.json();
        let fields: Vec<&str> =
            body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["title", "required_credits", "participation"], "{}", r.body);
        let r = post(&t, "/api/v1/micro-degrees", &staff, degree(college, "数控工艺微专业")).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        assert_eq!(r.json()["learning_outcomes"], json!(["编写数控程序", "制定加工工艺"]));

        // Modules: the offering college's teacher may add them; an enterprise may not.
        let module = |title: &str, credits: &str, mandatory: bool| json!({"title": title, "credits": credits, "mandatory": mandatory, "taught_by": "企业工程师"});
        let path = format!("/api/v1/micro-degrees/{id}/modules");
        assert_eq!(post(&t, &path, &enterprise, module("x", "1", true)).await.status, StatusCode::FORBIDDEN);
        let r = post(&t, &path, &teacher, module("", "0", true)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut modules = vec![];
        for (title, credits, mandatory) in
            [("数控编程", "2", true), ("加工工艺", "1.5", false), ("质量检测", "1", false)]
        {
            let r = post(&t, &path, &teacher, module(title, credits, mandatory)).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            modules.push(r.json()["id"].as_i64().unwrap());
        }

        // Enrolment: students only; closed means closed; capacity holds.
        let enrol = format!("/api/v1/micro-degrees/{id}/enrolments");
        assert_eq!(post(&t, &enrol, &enterprise, json!({})).await.status, StatusCode::FORBIDDEN);
        post(&t, &format!("/api/v1/micro-degrees/{id}/status"), &staff, json!({"status": "closed"})).await;
        let r = post(&t, &enrol, &student, json!({})).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("microdegree.closed"))
        );
        post(&t, &format!("/api/v1/micro-degrees/{id}/status"), &staff, json!({"status": "open"})).await;
        let r = post(&t, &enrol, &student, json!({})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let enrolment = r.json()["enrolment_id"].as_i64().unwrap();
        assert_eq!(post(&t, &enrol, &student, json!({})).await.json()["code"], "microdegree.already_enrolled");
        assert_eq!(post(&t, &enrol, &other_student, json!({})).await.status, StatusCode::CREATED);
        let third = t.token("st0263@people.tandem.demo").await;
        assert_eq!(post(&t, &enrol, &third, json!({})).await.json()["code"], "microdegree.full");

        // Results: by the college's teacher; not by the student; only for this micro-degree's modules.
        let results = format!("/api/v1/micro-degrees/{id}/results");
        let result = |module: i64, passed: bool| json!({"enrolment_id": enrolment, "module_id": module, "passed": passed, "grade": "86"});
        assert_eq!(post(&t, &results, &student, result(modules[0], true)).await.status, StatusCode::FORBIDDEN);
        let r = post(&t, &results, &teacher, result(999_999, true)).await;
        assert_eq!(r.json()["fields"][0]["code"], "microdegree.no_such_module", "{}", r.body);
        for (m, passed) in [(modules[0], true), (modules[1], false)] {
            assert_eq!(post(&t, &results, &teacher, result(m, passed)).await.status, StatusCode::NO_CONTENT);
        }

        // Not complete yet (2 of 3.5 credits): no credential, nothing written.
        let issue = format!("/api/v1/micro-degrees/{id}/enrolments/{enrolment}/credential");
        let r = post(&t, &issue, &teacher, json!({})).await;
        assert_eq!(r.json()["code"], "credential.incomplete", "{}", r.body);
        let mine = t.get(&format!("/api/v1/micro-degrees/{id}"), Auth::Bearer(&student)).await.json();
        assert_eq!(
            (mine["mine"]["complete"].as_bool(), mine["mine"]["credits_short"].as_str()),
            (Some(false), Some("1.5"))
        );
        assert!(mine.get("enrolments").is_none(), "a student does not see the roster");

        // A re-sit passes; now it is complete and the credential is issued once.
        post(&t, &results, &teacher, result(modules[1], true)).await;
        assert_eq!(post(&t, &issue, &student, json!({})).await.status, StatusCode::FORBIDDEN);
        let r = post(&t, &issue, &teacher, json!({})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let credential: Value = r.json();
        assert_eq!(credential["type"], json!(["VerifiableCredential", "OpenBadgeCredential"]));
        assert_eq!(credential["proof"]["cryptosuite"], "eddsa-rdfc-2022");
        assert_eq!(credential["issuer"]["id"].as_str().map(|d| d.starts_with("did:key:z6Mk")), Some(true));
        let achievement = &credential["credentialSubject"]["achievement"];
        assert_eq!(
            (
                achievement["name"].as_str(),
                achievement["creditsAvailable"].as_f64(),
                achievement["workloadHours"].as_i64()
            ),
            (Some("数控工艺微专业"), Some(3.5), Some(64))
        );
        assert_eq!(credential["credentialSubject"]["creditsEarned"].as_f64(), Some(3.5));
        assert_eq!(achievement["participationForm"], "Blended");
        let r = post(&t, &issue, &teacher, json!({})).await;
        assert_eq!(r.json()["code"], "credential.already_issued");
        let results_after = post(&t, &results, &teacher, result(modules[2], true)).await;
        assert_eq!(results_after.json()["code"], "microdegree.already_credentialed");
        let credential_id = credential["id"].as_str().unwrap().trim_start_matches("urn:uuid:").to_owned();

        // Anyone fetches it exactly as issued, and verifies it without signing in.
        let fetched = t.get(&format!("/api/v1/credentials/{credential_id}"), Auth::None).await;
        assert_eq!(fetched.status, StatusCode::OK);
        assert_eq!(fetched.json(), credential);
        let verify =
            |doc: Value| async { t.json(Method::POST, "/api/v1/credentials/verify", Auth::None, doc).await.json() };
        let verdict = verify(credential.clone()).await;
        assert_eq!((verdict["result"].as_str(), verdict["revocation_checked"].as_bool()), (Some("valid"), Some(true)));
        let mut tampered = credential.clone();
        tampered["credentialSubject"]["creditsEarned"] = json!(7);
        assert_eq!(verify(tampered).await["result"], "tampered");
        let mut renamed = credential.clone();
        renamed["credentialSubject"]["identifier"][0]["identityHash"] = json!("冒名者");
        assert_eq!(verify(renamed).await["result"], "tampered");
        // Verifiers elsewhere (a wallet's page, an employer's script) are not refused as cross-site.
        let from_elsewhere = axum::http::Request::builder()
            .method(Method::POST)
            .uri("/api/v1/credentials/verify")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ORIGIN, "https://wallet.example")
            .header("sec-fetch-site", "cross-site")
            .body(axum::body::Body::from(credential.to_string()))
            .unwrap();
        let r = t.raw(from_elsewhere).await;
        assert_eq!((r.status, r.json()["result"].as_str()), (StatusCode::OK, Some("valid")), "{}", r.body);
        let r = t
            .send(
                Method::POST,
                "/api/v1/credentials/verify",
                Auth::None,
                Some("application/json"),
                b"{not json".to_vec(),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);

        // Lists: the holder sees it; another student does not; staff see all.
        let listed = |token: &str| {
            let token = token.to_owned();
            let t = &t;
            async move {
                t.get("/api/v1/credentials", Auth::Bearer(&token)).await.json()["items"].as_array().unwrap().clone()
            }
        };
        assert!(listed(&student).await.iter().any(|c| c["id"] == credential_id.as_str()));
        assert!(listed(&other_student).await.iter().all(|c| c["id"] != credential_id.as_str()));
        assert!(listed(&staff).await.iter().any(|c| c["id"] == credential_id.as_str()));

        // Revocation: staff only, with a reason; then verification says revoked and the list bit is set.
        let revoke = format!("/api/v1/credentials/{credential_id}/revoke");
        assert_eq!(post(&t, &revoke, &teacher, json!({"reason": "x"})).await.status, StatusCode::FORBIDDEN);
        assert_eq!(post(&t, &revoke, &staff, json!({"reason": " "})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(post(&t, &revoke, &staff, json!({"reason": "成绩登记有误"})).await.status, StatusCode::NO_CONTENT);
        assert_eq!(
            post(&t, &revoke, &staff, json!({"reason": "again"})).await.json()["code"],
            "credential.already_revoked"
        );
        let verdict = verify(credential.clone()).await;
        assert_eq!(verdict["result"], "revoked");
        assert!(verdict.get("reason").is_none(), "the reason is not for anyone who asks");
        let list = t.get("/credentials/status/1", Auth::None).await;
        assert_eq!(list.status, StatusCode::OK);
        let index: u64 = credential["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap();
        let decoded =
            tandem_credentials::StatusList::decode(list.json()["credentialSubject"]["encodedList"].as_str().unwrap())
                .unwrap();
        assert!(decoded.is_set(index));
        assert!(
            tandem_credentials::verify_status_list_credential(
                &list.json(),
                chrono::DateTime::from_timestamp(tandem_test_support::TEST_EPOCH, 0).unwrap()
            )
            .is_ok()
        );
        assert_eq!(t.get("/credentials/status/2", Auth::None).await.status, StatusCode::NOT_FOUND);
        assert_eq!(t.get("/api/v1/credentials/no-such-credential", Auth::None).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_student_is_in_at_most_two_micro_degrees_at_a_time() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let college = teachers_college(&t, &teacher).await;
        let student = t.token("st0264@people.tandem.demo").await;
        let mut ids = vec![];
        for n in 0..3 {
            let mut d = degree(college, &format!("微专业 {n}"));
            d["capacity"] = json!(10);
            ids.push(post(&t, "/api/v1/micro-degrees", &staff, d).await.json()["id"].as_i64().unwrap());
        }
        for id in &ids[..2] {
            assert_eq!(
                post(&t, &format!("/api/v1/micro-degrees/{id}/enrolments"), &student, json!({})).await.status,
                StatusCode::CREATED
            );
        }
        let r = post(&t, &format!("/api/v1/micro-degrees/{}/enrolments", ids[2]), &student, json!({})).await;
        assert_eq!(r.json()["code"], "microdegree.too_many", "{}", r.body);
        let detail = t.get(&format!("/api/v1/micro-degrees/{}", ids[2]), Auth::Bearer(&staff)).await.json();
        assert_eq!(detail["enrolled"], 0, "nothing written by the refusal");
        let _ = me(&t, &student).await;
    }
}

#[tokio::test]
async fn the_pages_take_a_student_from_enrolment_to_a_verified_credential() {
    for t in TestApp::all().await {
        let staff = t.sign_in("staff@tandem.demo").await;
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let student = t.sign_in("student@tandem.demo").await;
        let teacher_token = t.token("teacher@tandem.demo").await;
        let college = teachers_college(&t, &teacher_token).await;

        // Staff set it up in the browser; a bad field is named on the form.
        let form = [
            ("org_id", college.to_string()),
            ("title", "质量检测微专业".into()),
            ("description", "检测".into()),
            ("learning_outcomes", "使用三坐标测量机".into()),
            ("workload_hours", "32".into()),
            ("required_credits", "2".into()),
            ("level", String::new()),
            ("assessment_type", "practical".into()),
            ("participation", "on_site".into()),
            ("quality_assurance", "学院审定".into()),
            ("capacity", "abc".into()),
        ];
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = t.form("/micro-degrees", Auth::Cookie(&staff), &pairs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("capacity-error"), "the error sits under its field");
        let mut pairs = pairs.clone();
        pairs.retain(|(k, _)| *k != "capacity");
        pairs.push(("capacity", "30"));
        let r = t.form("/micro-degrees", Auth::Cookie(&staff), &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = r.location_path();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        let r = t
            .form(
                &format!("{page}/modules"),
                Auth::Cookie(&teacher),
                &[("title", "三坐标测量"), ("credits", "2"), ("mandatory", "yes"), ("taught_by", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

        // The student reads it and enrols.
        let r = t.get(&page, Auth::Cookie(&student)).await;
        assert!(r.body.contains("md-enrol") && r.body.contains("使用三坐标测量机"), "{}", r.body);
        assert_eq!(t.form(&format!("{page}/enrol"), Auth::Cookie(&student), &[]).await.status, StatusCode::SEE_OTHER);
        assert!(t.get(&page, Auth::Cookie(&student)).await.body.contains("md-withdraw"));

        // The teacher records the result (a missing module is named), then issues the credential.
        let detail = t.get(&format!("/api/v1/micro-degrees/{id}"), Auth::Bearer(&teacher_token)).await.json();
        let enrolment = detail["enrolments"][0]["enrolment_id"].as_i64().unwrap().to_string();
        let module = detail["modules"][0]["id"].as_i64().unwrap().to_string();
        let r = t
            .form(
                &format!("{page}/results"),
                Auth::Cookie(&teacher),
                &[("enrolment_id", &enrolment), ("module_id", ""), ("outcome", "passed")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("module_id-error"), "{}", r.body);
        let r = t
            .form(
                &format!("{page}/results"),
                Auth::Cookie(&teacher),
                &[("enrolment_id", &enrolment), ("module_id", &module), ("outcome", "passed"), ("grade", "90")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = t.form(&format!("{page}/enrolments/{enrolment}/credential"), Auth::Cookie(&teacher), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let credential_page = r.location_path();
        assert!(credential_page.starts_with("/credentials/"));

        // The credential page verifies it for anyone, signed in or not.
        let r = t.get(&credential_page, Auth::None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("data-code=\"valid\"") && r.body.contains("质量检测微专业"), "{}", r.body);
        let download = t.get(&format!("{credential_page}/download"), Auth::None).await;
        assert!(download.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().starts_with("attachment"));
        let document = download.body.clone();

        // Pasted into the verify page: valid as is, tampered when changed, a clear error when not JSON.
        let r = t.form("/credentials/verify", Auth::None, &[("credential", &document)]).await;
        assert!(r.body.contains("data-code=\"valid\""), "{}", r.body);
        let changed = document.replace("质量检测微专业", "质量检测微专业（优秀）");
        let r = t.form("/credentials/verify", Auth::None, &[("credential", &changed)]).await;
        assert!(r.body.contains("data-code=\"tampered\""), "{}", r.body);
        let r = t.form("/credentials/verify", Auth::None, &[("credential", "hello")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("credential-error"));

        // Revoked on the page by staff; the page then says so.
        let r = t.form(&format!("{credential_page}/revoke"), Auth::Cookie(&student), &[("reason", "x")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = t.form(&format!("{credential_page}/revoke"), Auth::Cookie(&staff), &[("reason", "重新考核")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(t.get(&credential_page, Auth::None).await.body.contains("data-code=\"revoked\""));
        // The student's list and the catalogue show it.
        assert!(t.get("/credentials", Auth::Cookie(&student)).await.body.contains(&credential_page));
        assert!(t.get("/micro-degrees", Auth::Cookie(&student)).await.body.contains("质量检测微专业"));
    }
}

#[tokio::test]
async fn the_demo_holds_micro_degrees_with_verifiable_credentials() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let student = t.token("student@tandem.demo").await;
        let all = t.get("/api/v1/credentials", Auth::Bearer(&staff)).await.json()["items"].as_array().unwrap().clone();
        assert!(all.len() >= 40, "{}", all.len());
        assert_eq!(all.iter().filter(|c| !c["revoked_at"].is_null()).count(), 1);
        let mine =
            t.get("/api/v1/credentials", Auth::Bearer(&student)).await.json()["items"].as_array().unwrap().clone();
        assert_eq!(mine.len(), 1);
        let id = mine[0]["id"].as_str().unwrap();
        let doc = t.get(&format!("/api/v1/credentials/{id}"), Auth::None).await.json();
        let verdict = t.json(Method::POST, "/api/v1/credentials/verify", Auth::None, doc).await.json();
        assert_eq!(verdict["result"], "valid");

        // A revoked credential stays revoked when the app's signing key has been replaced since.
        let revoked = all.iter().find(|c| !c["revoked_at"].is_null()).unwrap()["id"].as_str().unwrap().to_owned();
        let doc = t.get(&format!("/api/v1/credentials/{revoked}"), Auth::None).await.json();
        let rekeyed = t.app.clone().with_issuer_key(tandem_app::credentials::IssuerKey::from_seed([7; 32]));
        let check = tandem_app::credentials::check(&rekeyed, &doc).await.unwrap();
        assert_eq!(check.code(), "revoked");

        // Outcomes trace back to completed micro-degrees (a revoked credential does not count).
        let report = t.get("/api/v1/outcomes", Auth::Bearer(&staff)).await.json();
        let groups = report["by_micro_degree"].as_array().unwrap().clone();
        let graduates: Vec<i64> = groups.iter().map(|g| g["rates"]["graduates"].as_i64().unwrap()).collect();
        assert_eq!(graduates.iter().sum::<i64>(), 59, "{groups:?}");
        assert!(report["by_mentor"].is_array());
    }
}

#[tokio::test]
async fn credentials_signed_with_a_replaced_key_are_counted() {
    for t in TestApp::all().await {
        assert_eq!(tandem_app::credentials::signed_by_other_keys(&t.app).await.unwrap(), 0);
        let rekeyed = t.app.clone().with_issuer_key(tandem_app::credentials::IssuerKey::from_seed([9; 32]));
        assert_eq!(tandem_app::credentials::signed_by_other_keys(&rekeyed).await.unwrap(), 61);
    }
}

/// The first field of a 422, as `(field, code)`.
fn first_field(r: &crate::support::Reply) -> (StatusCode, String, String) {
    let f = &r.json()["fields"][0];
    (r.status, f["field"].as_str().unwrap_or("").to_owned(), f["code"].as_str().unwrap_or("").to_owned())
}

/// Bodies are read strictly: an unknown field, a value of the wrong type and a missing `passed`
/// are each a 422 naming the field, and nothing is written.
#[tokio::test]
async fn micro_degree_bodies_name_unknown_fields_and_wrong_types() {
    for t in TestApp::all().await {
        let staff = t.token("staff@tandem.demo").await;
        let teacher = t.token("teacher@tandem.demo").await;
        let college = teachers_college(&t, &teacher).await;
        let total = || async { t.get("/api/v1/micro-degrees", Auth::Bearer(&staff)).await.json()["items"].clone() };
        let before = total().await;
        let mut unknown = degree(college, "未知字段");
        unknown["credits"] = json!("3");
        let r = post(&t, "/api/v1/micro-degrees", &staff, unknown).await;
        assert_eq!(first_field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "credits".into(), "unknown_field".into()));
        let mut wrong = degree(college, "类型错误");
        wrong["org_id"] = json!(college.to_string());
        let r = post(&t, "/api/v1/micro-degrees", &staff, wrong).await;
        assert_eq!(first_field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "org_id".into(), "wrong_type".into()));
        assert_eq!(total().await, before, "refusals wrote nothing");

        let r = post(&t, "/api/v1/micro-degrees", &staff, degree(college, "严格读取")).await;
        let id = r.json()["id"].as_i64().unwrap();
        let modules = format!("/api/v1/micro-degrees/{id}/modules");
        let module = json!({"title": "数控编程", "credits": "2", "mandatory": "yes", "taught_by": ""});
        let r = post(&t, &modules, &teacher, module).await;
        assert_eq!(first_field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "mandatory".into(), "wrong_type".into()));
        let results = format!("/api/v1/micro-degrees/{id}/results");
        let r = post(&t, &results, &teacher, json!({"enrolment_id": 1, "module_id": 1, "grade": "86"})).await;
        assert_eq!(first_field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "passed".into(), "required".into()));
        let r = post(&t, &results, &teacher, json!({"enrolment_id": 1, "module_id": 1, "passed": 1})).await;
        assert_eq!(first_field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "passed".into(), "wrong_type".into()));
        let r = post(&t, &format!("/api/v1/micro-degrees/{id}/status"), &staff, json!({"state": "open"})).await;
        assert_eq!(first_field(&r), (StatusCode::UNPROCESSABLE_ENTITY, "state".into(), "unknown_field".into()));
        let detail = t.get(&format!("/api/v1/micro-degrees/{id}"), Auth::Bearer(&staff)).await.json();
        assert_eq!(detail["modules"], json!([]));
    }
}
