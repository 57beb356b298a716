//! Errors of the use-case layer. Every variant has a stable machine code; `web` maps each to
//! an HTTP status with an exhaustive match. `Unexpected` carries detail for the log only.

use tandem_domain::validation::FieldErrors;
use tandem_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A unique value is taken; `field` names the input that collides.
    #[error("duplicate {field}")]
    Duplicate { field: String },
    #[error("wrong email or password")]
    BadCredentials,
    #[error("too many attempts; retry after {retry_after_secs} s")]
    RateLimited { retry_after_secs: i64 },
    /// A business rule refused the request; the code says which (`booking.in_past`).
    #[error("refused: {0}")]
    Refused(&'static str),
    /// The step does not follow from where the record stands now (`proposition.out_of_order`),
    /// perhaps because someone else moved it first.
    #[error("out of order: {0}")]
    OutOfOrder(&'static str),
    /// The time is taken by another booking, from `start` to `end` (epoch seconds).
    #[error("overlaps a booking from {start} to {end}")]
    Overlap { start: i64, end: i64 },
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "auth.required",
            AppError::Forbidden => "access.denied",
            AppError::NotFound => "not_found",
            AppError::Invalid(_) => "validation.failed",
            AppError::Duplicate { .. } => "duplicate",
            AppError::BadCredentials => "auth.bad_credentials",
            AppError::RateLimited { .. } => "auth.rate_limited",
            AppError::Refused(code) | AppError::OutOfOrder(code) => code,
            AppError::Overlap { .. } => "booking.overlap",
            AppError::Unexpected(_) => "internal",
        }
    }

    pub fn invalid(field: &str, code: &str) -> Self {
        let mut e = FieldErrors::new();
        e.add(field, code);
        AppError::Invalid(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Unexpected(e.to_string())
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}

pub type AppResult<T> = Result<T, AppError>;
