//! `/api/v1/credentials`: the caller's credentials, one credential exactly as issued (public),
//! verifying any posted credential (public), and revocation by staff.

use crate::credentials::dto::{
    CredentialDocument, CredentialSummary, CredentialVerdict, Credentials, RevocationRequest,
};
use crate::http::error::ErrorBody;
use crate::http::json::{ApiJson, ApiResult, Caller, app_err, json_ok};
use crate::http::state::WebState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use tandem_app::credentials as uc;

/// A stored credential's bytes, exactly as issued (re-serialising could reorder keys).
pub(crate) fn document_response(status: StatusCode, document: &str) -> ApiResult {
    Ok((status, [(header::CONTENT_TYPE, "application/json")], document.to_owned()).into_response())
}

/// Credentials the caller may see: their own; staff every one.
#[utoipa::path(get, operation_id = "credentials_list", path = "/api/v1/credentials", tag = "credentials",
    responses((status = 200, description = "Credentials", body = Credentials), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::list(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &Credentials { items: rows.iter().map(CredentialSummary::from).collect() })
}

/// The signed credential exactly as issued (public: whoever the holder shows it to).
#[utoipa::path(get, operation_id = "credentials_get", path = "/api/v1/credentials/{id}", tag = "credentials", params(("id" = String, Path)),
    security(()),
    responses((status = 200, description = "The OpenBadgeCredential", body = CredentialDocument), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Path(id): Path<String>) -> ApiResult {
    let row = uc::get(&state.app, &id).await.map_err(app_err)?;
    document_response(StatusCode::OK, &row.document)
}

/// Verify a credential posted as the body (public). The answer is 200 with `result`:
/// `valid`, `revoked`, or why it failed (`tampered`, `issuer_mismatch`, `malformed`, …).
#[utoipa::path(post, operation_id = "credentials_verify", path = "/api/v1/credentials/verify", tag = "credentials",
    security(()),
    request_body = CredentialDocument,
    responses((status = 200, description = "The verdict", body = CredentialVerdict), (status = 400, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody)))]
pub async fn verify(State(state): State<WebState>, ApiJson(document): ApiJson<CredentialDocument>) -> ApiResult {
    let check = uc::check(&state.app, &document.0).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &CredentialVerdict::from(&check))
}

/// Staff revoke a credential: `{"reason": "…"}`.
#[utoipa::path(post, operation_id = "credentials_revoke", path = "/api/v1/credentials/{id}/revoke", tag = "credentials", params(("id" = String, Path)),
    request_body = RevocationRequest,
    responses((status = 204, description = "Revoked"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "reason required, or credential.already_revoked")))]
pub async fn revoke(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RevocationRequest>,
) -> ApiResult {
    let reason = body.reason.unwrap_or_default().0;
    uc::revoke(&state.app, &ctx, &id, &reason).await.map_err(app_err)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
