//! `/api/v1/micro-degrees`: the catalogue, modules, enrolment, results and issuing the
//! credential of a completed enrolment.

use crate::http::error::ErrorBody;
use crate::http::format::rfc3339;
use crate::http::json::{ApiResult, Caller, JsonFields, app_err, json_object, json_ok, path_id};
use crate::http::state::WebState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use tandem_app::AppError;
use tandem_app::talent::microdegrees::{self as uc, MicroDegree, Module, Standing};
use tandem_domain::talent::microdegree::{MicroDegreeInput, ModuleInput, Progress, format_credits};

fn degree_json(d: &MicroDegree) -> Value {
    json!({
        "id": d.id, "college": {"id": d.org_id, "name": d.org_name}, "title": d.title, "description": d.description,
        "learning_outcomes": d.learning_outcomes.lines().collect::<Vec<_>>(), "workload_hours": d.workload_hours,
        "required_credits": format_credits(d.required_credit_tenths), "level": d.level,
        "assessment_type": d.assessment_type, "participation": d.participation, "quality_assurance": d.quality_assurance,
        "capacity": d.capacity, "enrolled": d.enrolled, "status": d.status, "created_at": rfc3339(d.created_at),
    })
}

fn module_json(m: &Module) -> Value {
    json!({"id": m.id, "title": m.title, "credits": format_credits(m.credit_tenths), "mandatory": m.mandatory != 0, "taught_by": m.taught_by})
}

fn standing_json(s: &Standing) -> Value {
    let (complete, credits, short, missing) = match &s.progress {
        Progress::Complete { credit_tenths } => (true, *credit_tenths, 0, vec![]),
        Progress::InProgress { credit_tenths, short_tenths, missing } => {
            (false, *credit_tenths, *short_tenths, missing.clone())
        }
    };
    let mut results: Vec<&uc::ModuleResult> = s.results.values().collect();
    results.sort_by_key(|r| r.module_id);
    json!({
        "enrolment_id": s.enrolment.id, "student": {"id": s.enrolment.student_id, "name": s.enrolment.student_name},
        "enrolled_at": rfc3339(s.enrolment.enrolled_at), "withdrawn_at": s.enrolment.withdrawn_at.map(rfc3339),
        "complete": complete, "credits_earned": format_credits(credits), "credits_short": format_credits(short),
        "missing_mandatory_modules": missing, "credential_id": s.enrolment.credential_id,
        "results": results.iter().map(|r| json!({"module_id": r.module_id, "passed": r.passed != 0, "grade": r.grade, "recorded_at": rfc3339(r.recorded_at)})).collect::<Vec<_>>(),
    })
}

/// The micro-degree catalogue (anyone signed in).
#[utoipa::path(get, operation_id = "micro_degrees_list", path = "/api/v1/micro-degrees", tag = "talent",
    responses((status = 200, description = "Micro-degrees")))]
pub async fn list(State(state): State<WebState>, Caller(ctx): Caller) -> ApiResult {
    let rows = uc::list(&state.app, &ctx).await.map_err(app_err)?;
    json_ok(StatusCode::OK, &json!({"items": rows.iter().map(degree_json).collect::<Vec<_>>()}))
}

const DEGREE_FIELDS: [&str; 11] = [
    "org_id",
    "title",
    "description",
    "learning_outcomes",
    "workload_hours",
    "required_credits",
    "level",
    "assessment_type",
    "participation",
    "quality_assurance",
    "capacity",
];

/// Staff set up a micro-degree: `{"org_id" (a college), "title", "description", "learning_outcomes" (one per line),
/// "workload_hours", "required_credits" ("6" or "6.5"), "level", "assessment_type" (exam|project|practical|portfolio|mixed),
/// "participation" (online|on_site|blended), "quality_assurance", "capacity"}`.
#[utoipa::path(post, operation_id = "micro_degrees_create", path = "/api/v1/micro-degrees", tag = "talent",
    responses((status = 201, description = "The micro-degree"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let mut j = JsonFields::new(json_object(&headers, &body)?, &DEGREE_FIELDS);
    let org = j.id("org_id").flatten();
    let mut text = |k: &str| j.text(k).unwrap_or_default();
    let input = MicroDegreeInput {
        title: text("title"),
        description: text("description"),
        learning_outcomes: text("learning_outcomes"),
        workload_hours: text("workload_hours"),
        required_credits: text("required_credits"),
        level: text("level"),
        assessment_type: text("assessment_type"),
        participation: text("participation"),
        quality_assurance: text("quality_assurance"),
        capacity: text("capacity"),
    };
    j.check()?;
    let id = uc::create(&state.app, &ctx, org, &input).await.map_err(app_err)?;
    let detail = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &degree_json(&detail.degree))
}

/// A micro-degree with its modules, the caller's standing, and for those who run it every enrolment.
#[utoipa::path(get, operation_id = "micro_degrees_get", path = "/api/v1/micro-degrees/{id}", tag = "talent", params(("id" = i64, Path)),
    responses((status = 200, description = "The micro-degree"), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let d = uc::get(&state.app, &ctx, id).await.map_err(app_err)?;
    let mut body = degree_json(&d.degree);
    body["modules"] = d.modules.iter().map(module_json).collect();
    body["mine"] = d.mine.as_ref().map(standing_json).unwrap_or(Value::Null);
    if d.manages {
        body["enrolments"] = d.roster.iter().map(standing_json).collect();
    }
    json_ok(StatusCode::OK, &body)
}

/// Add a module: `{"title", "credits" ("1.5"), "mandatory" (bool), "taught_by"}`.
#[utoipa::path(post, operation_id = "micro_degrees_add_module", path = "/api/v1/micro-degrees/{id}/modules", tag = "talent", params(("id" = i64, Path)),
    responses((status = 201, description = "The module"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_module(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["title", "credits", "mandatory", "taught_by"]);
    let input = ModuleInput {
        title: j.text("title").unwrap_or_default(),
        credits: j.text("credits").unwrap_or_default(),
        mandatory: j.flag("mandatory"),
        taught_by: j.text("taught_by").unwrap_or_default(),
    };
    j.check()?;
    let module = uc::add_module(&state.app, &ctx, id, &input).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &json!({"id": module}))
}

/// Open or close enrolment: `{"status": "open"|"closed"}`.
#[utoipa::path(post, operation_id = "micro_degrees_set_status", path = "/api/v1/micro-degrees/{id}/status", tag = "talent", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_status(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["status"]);
    let status = j.text("status").unwrap_or_default();
    j.check()?;
    uc::set_status(&state.app, &ctx, id, &status).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// The caller (a student) enrols; refused when closed (`microdegree.closed`), full, or already in two.
#[utoipa::path(post, operation_id = "micro_degrees_enrol", path = "/api/v1/micro-degrees/{id}/enrolments", tag = "talent", params(("id" = i64, Path)),
    responses((status = 201, description = "Enrolled"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn enrol(State(state): State<WebState>, Caller(ctx): Caller, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    let enrolment = uc::enrol(&state.app, &ctx, id).await.map_err(app_err)?;
    json_ok(StatusCode::CREATED, &json!({"enrolment_id": enrolment}))
}

/// Record a module result: `{"enrolment_id", "module_id", "passed" (bool), "grade"}`.
#[utoipa::path(post, operation_id = "micro_degrees_record_result", path = "/api/v1/micro-degrees/{id}/results", tag = "talent", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_result(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult {
    let id = path_id(&id)?;
    let mut j = JsonFields::new(json_object(&headers, &body)?, &["enrolment_id", "module_id", "passed", "grade"]);
    let enrolment = j.id("enrolment_id").flatten();
    let module = j.id("module_id").flatten();
    if !j.has("passed") {
        j.errors.add("passed", "required");
    }
    let passed = j.flag("passed");
    let grade = j.text("grade").unwrap_or_default();
    j.check()?;
    let enrolment = enrolment.ok_or_else(|| app_err(AppError::invalid("enrolment_id", "required")))?;
    let module = module.ok_or_else(|| app_err(AppError::invalid("module_id", "required")))?;
    uc::record_result(&state.app, &ctx, id, enrolment, module, passed, &grade).await.map_err(app_err)?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Issue the credential of a completed enrolment; refused for an incomplete one
/// (`credential.incomplete`) and for a second one (`credential.already_issued`).
#[utoipa::path(post, operation_id = "micro_degrees_issue", path = "/api/v1/micro-degrees/{id}/enrolments/{enrolment_id}/credential", tag = "credentials",
    params(("id" = i64, Path), ("enrolment_id" = i64, Path)),
    request_body(content = Option<Object>, description = "Nothing is needed: no body or `{}`; whatever is sent is ignored"),
    responses((status = 201, description = "The signed credential", body = crate::credentials::dto::CredentialDocument),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue(
    State(state): State<WebState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
    Path((id, enrolment)): Path<(String, String)>,
) -> ApiResult {
    let (id, enrolment) = (path_id(&id)?, path_id(&enrolment)?);
    let base = crate::http::response::public_base(&state, &headers);
    let credential = tandem_app::credentials::issue_for_micro_degree(&state.app, &ctx, id, enrolment, &base)
        .await
        .map_err(app_err)?;
    let issued = tandem_app::credentials::get(&state.app, &credential).await.map_err(app_err)?;
    crate::credentials::api::document_response(StatusCode::CREATED, &issued.document)
}
