//! How use-case errors become API answers: `{code, message, fields}` with the matching status.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tandem_app::AppError;
use utoipa::ToSchema;

/// One field's problem in an API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, as named in the request (`uscc`).
    pub field: String,
    /// Stable machine code (`uscc.check_character`).
    pub code: String,
    /// Readable explanation in English.
    pub message: String,
}

/// The body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine code (`validation.failed`, `duplicate`, `not_found`, …).
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Duplicate { .. } => StatusCode::CONFLICT,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Overlap { .. } | AppError::OutOfOrder(_) => StatusCode::CONFLICT,
        AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn english() -> Option<&'static crate::i18n::I18n> {
    static I18N: std::sync::OnceLock<Option<crate::i18n::I18n>> = std::sync::OnceLock::new();
    I18N.get_or_init(|| crate::i18n::I18n::load().ok()).as_ref()
}

/// The English sentence for a field error code.
pub fn english_message(code: &str, args: &[(&str, &str)]) -> String {
    english().map(|i| i.tf("en", code, args)).unwrap_or_else(|| code.to_owned())
}

/// An API error: `{code, message, fields}` with the matching status.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl ApiError {
    pub fn body(&self) -> ErrorBody {
        let e = &self.0;
        let fields = match e {
            AppError::Invalid(errors) => errors
                .0
                .iter()
                .map(|f| {
                    let args: Vec<(&str, &str)> = f.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    FieldProblem {
                        field: f.field.clone(),
                        code: f.code.clone(),
                        message: format!("{}: {}", f.field, english_message(&f.code, &args)),
                    }
                })
                .collect(),
            AppError::Duplicate { field } => vec![FieldProblem {
                field: field.clone(),
                code: format!("{field}.taken"),
                message: format!("{field}: {}", english_message(&format!("{field}.taken"), &[])),
            }],
            _ => vec![],
        };
        let message = match e {
            AppError::Unexpected(_) => "Something went wrong on our side; it has been logged.".to_owned(),
            AppError::Overlap { start, end } => english_message(
                "booking.overlap",
                &[("start", &crate::http::format::rfc3339(*start)), ("end", &crate::http::format::rfc3339(*end))],
            ),
            other => english_message(other.code(), &[]),
        };
        ErrorBody { code: e.code().to_owned(), message, fields }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let AppError::Unexpected(detail) = &self.0 {
            tracing::error!(error = %detail, "request failed unexpectedly");
        }
        let status = status_of(&self.0);
        let mut resp = (status, Json(self.body())).into_response();
        if let AppError::RateLimited { retry_after_secs } = &self.0
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}

/// A 4xx from the API's own request parsing (bad JSON, wrong content type, bad query).
pub fn api_request_error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (status, Json(ErrorBody { code: code.to_owned(), message: message.into(), fields: vec![] })).into_response()
}

impl From<ApiError> for Response {
    fn from(e: ApiError) -> Self {
        e.into_response()
    }
}
