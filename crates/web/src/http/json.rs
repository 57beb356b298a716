//! The API's side of the kit: the signed-in caller, JSON bodies, lists and paging, path ids.

use crate::http::error::{ApiError, api_request_error};
use crate::http::identity::Identity;
use crate::http::state::WebState;
use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tandem_app::{AppError, Ctx, Page};
use tandem_domain::validation::FieldErrors;
use utoipa::ToSchema;

/// The signed-in caller of an API route; 401 otherwise.
pub struct Caller(pub Ctx);

impl FromRequestParts<WebState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Self::Rejection> {
        let identity = Identity::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        identity.ctx().map(Caller).ok_or_else(|| ApiError(AppError::Unauthenticated).into_response())
    }
}

/// A JSON object body, checked for content type and syntax.
pub fn json_object(headers: &HeaderMap, body: &[u8]) -> Result<serde_json::Map<String, serde_json::Value>, Response> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(api_request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "json.content_type",
            "Send the body as application/json.",
        ));
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => {
            Err(api_request_error(StatusCode::BAD_REQUEST, "json.not_an_object", "The body must be a JSON object."))
        }
        Err(e) => Err(api_request_error(
            StatusCode::BAD_REQUEST,
            "json.malformed",
            format!("The body is not valid JSON: {e}"),
        )),
    }
}

/// Reads the fields of a JSON object as text, the way a form would send them. Numbers keep
/// their exact decimal spelling; `null` means empty. Unknown fields and wrong types are errors.
pub struct JsonFields {
    map: serde_json::Map<String, serde_json::Value>,
    pub errors: FieldErrors,
}

impl JsonFields {
    pub fn new(map: serde_json::Map<String, serde_json::Value>, known: &[&str]) -> Self {
        let mut errors = FieldErrors::new();
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                errors.add(key, "unknown_field");
            }
        }
        Self { map, errors }
    }

    /// The field as text if present (`Some("")` for null).
    pub fn text(&mut self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Null => Some(String::new()),
            _ => {
                self.errors.add(key, "wrong_type");
                None
            }
        }
    }

    /// The field as an id if present.
    pub fn id(&mut self, key: &str) -> Option<Option<i64>> {
        match self.map.get(key)? {
            serde_json::Value::Number(n) if n.as_i64().is_some() => Some(n.as_i64()),
            serde_json::Value::Null => Some(None),
            _ => {
                self.errors.add(key, "wrong_type");
                None
            }
        }
    }

    /// The field's raw JSON value, if present.
    pub fn raw(&mut self, key: &str) -> Option<serde_json::Value> {
        self.map.get(key).cloned()
    }

    /// A boolean field; absent or null is false, anything else but a boolean is an error.
    pub fn flag(&mut self, key: &str) -> bool {
        match self.map.get(key) {
            None | Some(serde_json::Value::Null) => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(_) => {
                self.errors.add(key, "wrong_type");
                false
            }
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Fails with 422 if any field had the wrong type or was unknown.
    pub fn check(&self) -> Result<(), Response> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError(AppError::Invalid(self.errors.clone())).into_response())
        }
    }
}

/// What an operation that reads nothing from its body declares; a body, if sent, is ignored.
#[derive(Debug, serde::Deserialize, ToSchema)]
pub struct NoFields {}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListOf<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// Reads a list's `sort` parameter (`key` or `-key`): an order the list does not offer is a
/// 422 naming `sort`.
pub fn sorting(raw: Option<&str>, keys: &[&'static str]) -> Result<Option<tandem_app::Sort>, Response> {
    tandem_app::Sort::parse(raw.unwrap_or(""), keys)
        .map_err(|_| ApiError(AppError::invalid("sort", "sort.unknown")).into_response())
}

/// Reads `page` and `per_page` strictly: anything but a number in range is a 422.
pub fn paging(page: Option<&str>, per_page: Option<&str>) -> Result<Page, Response> {
    let mut errors = FieldErrors::new();
    let page_n = tandem_domain::validation::optional_integer(&mut errors, "page", page.unwrap_or(""), 1, 1_000_000);
    let per = tandem_domain::validation::optional_integer(
        &mut errors,
        "per_page",
        per_page.unwrap_or(""),
        1,
        i64::from(Page::MAX_PER_PAGE),
    );
    if !errors.is_empty() {
        return Err(ApiError(AppError::Invalid(errors)).into_response());
    }
    let p = u32::try_from(page_n.unwrap_or(1)).unwrap_or(1);
    let n = u32::try_from(per.unwrap_or(50)).unwrap_or(50);
    Ok(Page::new(p, n))
}

/// Parses a path id; anything else is a 404, as for an id that does not exist.
pub fn path_id<Id: std::str::FromStr>(raw: &str) -> Result<Id, Response> {
    raw.parse::<Id>().map_err(|_| ApiError(AppError::NotFound).into_response())
}

pub type ApiResult = Result<Response, Response>;

pub fn json_ok<T: Serialize>(status: StatusCode, value: &T) -> ApiResult {
    Ok((status, Json(value)).into_response())
}

pub fn app_err(e: AppError) -> Response {
    ApiError(e).into_response()
}

/// The one optional text field of a small body (`{"note": "…"}`); an empty body is an empty text.
pub fn note_of(headers: &HeaderMap, body: &[u8], field: &str) -> Result<String, Response> {
    if body.is_empty() {
        return Ok(String::new());
    }
    let mut j = JsonFields::new(json_object(headers, body)?, &[field]);
    let v = j.text(field).unwrap_or_default();
    j.check()?;
    Ok(v)
}

/// A typed JSON body, read the way every body is: `application/json` (else 415), a JSON object
/// (else 400), at most the route's body limit (else a JSON 413), then into `T`. A field `T`
/// does not know is `unknown_field` and a value of the wrong type `wrong_type`, each under its
/// field's path (`policy.slot_minutes`), in the API's usual 422; a missing required field is
/// `required`.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (headers, bytes) = body_bytes(req, state).await?;
        let map = json_object(&headers, &bytes)?;
        typed(serde_json::Value::Object(map)).map(ApiJson)
    }
}

/// A request's headers and body, the body's own failures (too large, unreadable) as JSON errors.
async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<(HeaderMap, axum::body::Bytes), Response> {
    let headers = req.headers().clone();
    let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            api_request_error(status, "body.too_large", "The body is larger than this endpoint accepts.")
        } else {
            api_request_error(status, "body.unreadable", rejection.body_text())
        }
    })?;
    Ok((headers, bytes))
}

/// Like `ApiJson`, for a body that may be left out: an empty body is `T::default()` (no reason
/// given, say); a body that is sent is read exactly as `ApiJson` reads one.
pub struct ApiJsonOrEmpty<T>(pub T);

impl<T: serde::de::DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for ApiJsonOrEmpty<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (headers, bytes) = body_bytes(req, state).await?;
        if bytes.is_empty() {
            return Ok(ApiJsonOrEmpty(T::default()));
        }
        let map = json_object(&headers, &bytes)?;
        typed(serde_json::Value::Object(map)).map(ApiJsonOrEmpty)
    }
}

/// Reads a JSON value into `T`, naming the field of the first problem.
pub fn typed<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Response> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner().to_string();
        let mut errors = FieldErrors::new();
        if let Some(name) = quoted_after(&inner, "unknown field `") {
            // The path already ends at the unknown field.
            let field = if path == "." { name.to_owned() } else { path.clone() };
            errors.add(&field, "unknown_field");
        } else if let Some(name) = quoted_after(&inner, "missing field `") {
            let field = if path == "." { name.to_owned() } else { format!("{path}.{name}") };
            errors.add(&field, "required");
        } else {
            errors.add(&path, "wrong_type");
        }
        ApiError(AppError::Invalid(errors)).into_response()
    })
}

fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next()
}

/// Text a client may send as a string or a number (`"30"` or `30`); `null` is empty. Forms send
/// every value as text, so the API takes both and the domain checks them the same way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loose(pub String);

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(s) => Ok(Loose(s)),
            serde_json::Value::Number(n) => Ok(Loose(n.to_string())),
            serde_json::Value::Null => Ok(Loose(String::new())),
            other => Err(serde::de::Error::invalid_type(unexpected(&other), &"a string or a number")),
        }
    }
}

fn unexpected(value: &serde_json::Value) -> serde::de::Unexpected<'_> {
    match value {
        serde_json::Value::Bool(b) => serde::de::Unexpected::Bool(*b),
        serde_json::Value::Array(_) => serde::de::Unexpected::Seq,
        serde_json::Value::Object(_) => serde::de::Unexpected::Map,
        _ => serde::de::Unexpected::Other("value"),
    }
}

/// A file's bytes in a request or an answer, as OpenAPI names them (`string`, `binary`).
pub struct FileBytes;

impl utoipa::PartialSchema for FileBytes {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl utoipa::ToSchema for FileBytes {}
