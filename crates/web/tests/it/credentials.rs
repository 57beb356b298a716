//! The credentials API's own shapes: the list and the revocation body.

use crate::support::{Auth, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_revocation_names_an_unknown_field_or_a_wrong_type_and_revokes_nothing() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let staff = t.token("staff@tandem.demo").await;
    let items = t.get("/api/v1/credentials", Auth::Bearer(&staff)).await.json()["items"].as_array().unwrap().clone();
    let live = items.iter().find(|c| c["revoked_at"].is_null()).unwrap();
    assert_eq!(live["href"], format!("/api/v1/credentials/{}", live["id"].as_str().unwrap()));
    assert!(live["holder"]["name"].is_string() && live["source"]["kind"] == "micro_degree", "{live}");

    let revoke = format!("/api/v1/credentials/{}/revoke", live["id"].as_str().unwrap());
    for (body, field, code) in [
        (json!({"reason": "x", "colour": 1}), "colour", "unknown_field"),
        (json!({"reason": true}), "reason", "wrong_type"),
    ] {
        let r = t.json(Method::POST, &revoke, Auth::Bearer(&staff), body).await;
        let v = r.json();
        assert_eq!(
            (r.status, v["fields"][0]["field"].as_str(), v["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field), Some(code))
        );
    }
    let doc = t.get(live["href"].as_str().unwrap(), Auth::None).await.json();
    let verdict = t.json(Method::POST, "/api/v1/credentials/verify", Auth::None, doc).await.json();
    assert_eq!(verdict["result"], "valid", "still valid: {verdict}");
}

#[tokio::test]
async fn anyone_prints_a_certificate_whose_qr_code_leads_to_its_verification() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let staff = t.token("staff@tandem.demo").await;
    let items = t.get("/api/v1/credentials", Auth::Bearer(&staff)).await.json()["items"].as_array().unwrap().clone();
    let live = items.iter().find(|c| c["revoked_at"].is_null()).unwrap();
    let id = live["id"].as_str().unwrap();
    let holder = live["holder"]["name"].as_str().unwrap();
    // No sign-in: whoever the holder shows it to may open and print it.
    let page = t.get(&format!("/credentials/{id}/certificate"), Auth::None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("#certificate-learner"), vec![holder.to_owned()]);
    assert!(page.has("#certificate-qr svg"), "a QR code, drawn as SVG");
    assert!(!page.body.contains("<?xml"), "embedded without an XML declaration");
    let link = page.texts("#certificate-link").join("");
    assert!(link.ends_with(&format!("/credentials/{id}")), "{link}");
    assert!(page.has("#certificate-verdict[data-code='valid']"));
    let show = t.get(&format!("/credentials/{id}"), Auth::None).await;
    assert!(show.has(&format!("a#cred-certificate[href='/credentials/{id}/certificate']")));
    let missing = t.get("/credentials/no-such-credential/certificate", Auth::None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_employer_verifies_by_uploading_the_file_or_pasting_it() {
    let t = TestApp::new(tandem_test_support::sqlite().await).await;
    let staff = t.token("staff@tandem.demo").await;
    let items = t.get("/api/v1/credentials", Auth::Bearer(&staff)).await.json()["items"].as_array().unwrap().clone();
    let live = items.iter().find(|c| c["revoked_at"].is_null()).unwrap();
    let document = t.get(&format!("/api/v1/credentials/{}", live["id"].as_str().unwrap()), Auth::None).await.body;
    let multipart = |file: &str, pasted: &str| {
        let b = "----tandem-boundary";
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"credential.json\"\r\nContent-Type: application/json\r\n\r\n{file}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"credential\"\r\n\r\n{pasted}\r\n--{b}--\r\n"
        )
        .into_bytes()
    };
    let ct = "multipart/form-data; boundary=----tandem-boundary";
    // The file, without signing in.
    let r = t.send(Method::POST, "/credentials/verify", Auth::None, Some(ct), multipart(&document, "")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.has("#cred-verdict[data-code='valid']"), "an uploaded file is verified");
    // A tampered file is caught the same way.
    let mut doc: serde_json::Value = serde_json::from_str(&document).unwrap();
    doc["awardedDate"] = json!("2020-01-01T00:00:00Z");
    let tampered = doc.to_string();
    let r = t.send(Method::POST, "/credentials/verify", Auth::None, Some(ct), multipart(&tampered, "")).await;
    assert!(r.has("#cred-verdict") && !r.has("#cred-verdict[data-code='valid']"), "tampering shows");
    // Nothing chosen and nothing pasted: a field message, nothing checked.
    let r = t.send(Method::POST, "/credentials/verify", Auth::None, Some(ct), multipart("", "")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.has("#credential-error") && !r.has("#cred-verdict"));
    // Pasting still works, as a form or as multipart.
    let r = t.form("/credentials/verify", Auth::None, &[("credential", &document)]).await;
    assert!(r.has("#cred-verdict[data-code='valid']"));
    let r = t.send(Method::POST, "/credentials/verify", Auth::None, Some(ct), multipart("", &document)).await;
    assert!(r.has("#cred-verdict[data-code='valid']"));
}
