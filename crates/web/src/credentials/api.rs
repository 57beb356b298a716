//! `/api/v1/credentials`: the caller's credentials, one credential exactly as issued (public),
//! verifying any posted credential (public), and revocation by staff.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{ApiResult, Caller, app_err, json_object, json_ok};
use crate::http::state::WebState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use tandem_app::credentials::{self as uc, Check};

/// A stored credential's bytes, exactly as issued (re-serialising could reorder keys).
pub(crate) fn document_response(status: StatusCode, document: &str) -> ApiResult {
    Ok((status, [(header::CONTENT_TYPE, "application/json")], document.to_owned()).into_response())
}

/// Credentials the caller may see: their own; staff every one.
#[utoipa::path(get, operation_id = "credentials_list", path = "/api/v1/credentials", tag = "credentials",
    responses((status = 200, description = "Credentials")))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::list(&state.app, &ctx).await.map_err(app_err)?;
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "title": r.title, "holder": {"id": r.holder_id, "name": r.holder_name},
                "source": {"kind": r.source_kind, "id": r.source_id}, "issued_at": rfc3339(r.issued_at),
                "revoked_at": r.revoked_at.map(rfc3339), "revocation_reason": r.revocation_reason,
                "href": format!("/api/v1/credentials/{}", r.id),
            })
        })
        .collect();
    json_ok(StatusCode::OK, &json!({"items": items}))
}

/// The signed credential exactly as issued (public: whoever the holder shows it to).
#[utoipa::path(get, operation_id = "credentials_get", path = "/api/v1/credentials/{id}", tag = "credentials", params(("id" = String, Path)),
    security(()),
    responses((status = 200, description = "The OpenBadgeCredential"), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Path(id): Path<String>) -> ApiResult {
    let row = uc::get(&state.app, &id).await.map_err(app_err)?;
    document_response(StatusCode::OK, &row.document)
}

/// Verify a credential posted as the body (public). The answer is 200 with `result`:
/// `valid`, `revoked`, or why it failed (`tampered`, `issuer_mismatch`, `malformed`, …).
#[utoipa::path(post, operation_id = "credentials_verify", path = "/api/v1/credentials/verify", tag = "credentials",
    security(()),
    responses((status = 200, description = "The verdict"), (status = 400, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub async fn verify(State(state): State<WebState>, headers: HeaderMap, body: axum::body::Bytes) -> ApiResult {
    let doc = Value::Object(json_object(&headers, &body)?);
    let check = uc::check(&state.app, &doc).await.map_err(app_err)?;
    let answer = match &check {
        Check::Valid { verified, ours } => json!({
            "result": "valid", "valid": true, "issuer": verified.issuer_did, "credential_id": verified.credential_id,
            "revocation_checked": *ours,
        }),
        // The reason is a note about the holder: for the holder and staff, not for anyone who asks.
        Check::Revoked { verified, at, .. } => json!({
            "result": "revoked", "valid": false, "issuer": verified.issuer_did, "credential_id": verified.credential_id,
            "revoked_at": rfc3339(*at), "revocation_checked": true,
        }),
        Check::Invalid { code, message } => json!({"result": code.as_str(), "valid": false, "message": message}),
    };
    json_ok(StatusCode::OK, &answer)
}

/// Staff revoke a credential: `{"reason": "…"}`.
#[utoipa::path(post, operation_id = "credentials_revoke", path = "/api/v1/credentials/{id}/revoke", tag = "credentials", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let mut j = crate::http::json::JsonFields::new(json_object(&headers, &body)?, &["reason"]);
    let reason = j.text("reason").unwrap_or_default();
    j.check()?;
    uc::revoke(&state.app, &ctx, &id, &reason).await.map_err(app_err)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
