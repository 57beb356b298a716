//! Results offered to enterprises (list, form, one result with the interest form), the deals
//! staff run, and the yearly transformation report with its XLSX and CSV exports.

use super::words::{range, trl_choices, trl_note, wan};
use crate::http::form::{Choice, Field, PER_PAGE, Pager, form, form_response, page_number, renamed, wan_field};
use crate::http::format::{done, query_string};
use crate::http::page::{PageCtx, PageError, Viewer, html, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::research::achievements::{self as uc, AchievementFilter, AchievementRow, DealFilter, DealRow, Figures};
use tandem_app::{AppError, Page};
use tandem_domain::money::format_fen_as_wan;
use tandem_domain::research::achievement::{
    AchievementInput, DealMoveInput, DealStage, IP_KINDS, IP_STATUSES, IpInput, TransferMode,
};
use tandem_domain::research::trl::Scale;
use tandem_domain::validation::FieldErrors;

fn price(c: &PageCtx, min: Option<i64>, max: Option<i64>) -> String {
    range(c, min, max, c.t("achievement-price-negotiable"))
}

fn modes(c: &PageCtx, lines: &str) -> String {
    lines.lines().map(|m| c.t(&format!("transfer-mode-{m}"))).collect::<Vec<_>>().join("、")
}

fn mode_choices(c: &PageCtx) -> Vec<(String, String)> {
    TransferMode::ALL.iter().map(|m| (m.code().to_owned(), c.t(&format!("transfer-mode-{}", m.code())))).collect()
}

pub struct Line {
    id: i64,
    title: String,
    unit: String,
    trl: i64,
    modes: String,
    price: String,
}

fn line(c: &PageCtx, r: &AchievementRow) -> Line {
    Line {
        id: r.id,
        title: r.title.clone(),
        unit: r.org_name.clone(),
        trl: r.trl,
        modes: modes(c, &r.transfer_modes),
        price: price(c, r.price_min_fen, r.price_max_fen),
    }
}

#[derive(Template)]
#[template(path = "research/achievements.html")]
struct ListPage<'a> {
    c: &'a PageCtx,
    rows: Vec<Line>,
    pager: Pager,
    q: String,
    levels: Vec<Choice>,
    modes: Vec<Choice>,
    may_publish: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    min_trl: String,
    mode: String,
    page: Option<String>,
}

pub async fn list(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("achievements");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let min_trl = q.min_trl.trim().parse::<i64>().ok().filter(|l| (1..=9).contains(l));
    let mode = TransferMode::from_code(q.mode.trim()).map(|m| m.code().to_owned());
    let filter =
        AchievementFilter { q: Some(q.q.clone()), min_trl, mode: mode.clone(), ..AchievementFilter::default() };
    let listed = uc::list_page(&state.app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let min_trl_text = min_trl.map(|l| l.to_string()).unwrap_or_default();
    let query = query_string(&[("q", &q.q), ("min_trl", &min_trl_text), ("mode", mode.as_deref().unwrap_or(""))]);
    Ok(ok(&ListPage {
        c,
        rows: listed.rows.iter().map(|r| line(c, r)).collect(),
        pager: Pager::new(c, "/achievements", &query, page.page, page.per_page, listed.total),
        q: q.q,
        levels: trl_choices(c)
            .into_iter()
            .map(|(value, label)| Choice { selected: value == min_trl_text, value, label })
            .collect(),
        modes: mode_choices(c)
            .into_iter()
            .map(|(value, label)| Choice { selected: Some(value.as_str()) == mode.as_deref(), value, label })
            .collect(),
        may_publish: !listed.may_publish_for.is_empty(),
    }))
}

/// The form as typed: prices in 万元, fields separated by commas, up to three IP rows, one
/// checkbox per transfer mode.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct AchievementForm {
    org_id: String,
    title: String,
    summary: String,
    trl: String,
    fields: String,
    price_min_wan: String,
    price_max_wan: String,
    transfer_modes_assignment: String,
    transfer_modes_exclusive_licence: String,
    transfer_modes_non_exclusive_licence: String,
    transfer_modes_equity: String,
    transfer_modes_joint_development: String,
    ip1_kind: String,
    ip1_number: String,
    ip1_status: String,
    ip2_kind: String,
    ip2_number: String,
    ip2_status: String,
    ip3_kind: String,
    ip3_number: String,
    ip3_status: String,
}

const IP_FIELDS: [[&str; 3]; 3] = [
    ["ip1_kind", "ip1_number", "ip1_status"],
    ["ip2_kind", "ip2_number", "ip2_status"],
    ["ip3_kind", "ip3_number", "ip3_status"],
];

impl AchievementForm {
    fn chosen_modes(&self) -> Vec<String> {
        [
            ("assignment", &self.transfer_modes_assignment),
            ("exclusive_licence", &self.transfer_modes_exclusive_licence),
            ("non_exclusive_licence", &self.transfer_modes_non_exclusive_licence),
            ("equity", &self.transfer_modes_equity),
            ("joint_development", &self.transfer_modes_joint_development),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(m, _)| m.to_owned())
        .collect()
    }

    fn ip_rows(&self) -> [[&str; 3]; 3] {
        [
            [&self.ip1_kind, &self.ip1_number, &self.ip1_status],
            [&self.ip2_kind, &self.ip2_number, &self.ip2_status],
            [&self.ip3_kind, &self.ip3_number, &self.ip3_status],
        ]
    }

    fn input(&self) -> Result<AchievementInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let price_min_fen = wan_field(&mut e, "price_min_wan", &self.price_min_wan);
        let price_max_fen = wan_field(&mut e, "price_max_wan", &self.price_max_wan);
        let input = AchievementInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            trl: self.trl.trim().parse().ok(),
            ip: self
                .ip_rows()
                .iter()
                .map(|[kind, number, status]| IpInput {
                    kind: (*kind).to_owned(),
                    number: (*number).to_owned(),
                    status: (*status).to_owned(),
                })
                .collect(),
            fields: vec![self.fields.clone()],
            transfer_modes: self.chosen_modes(),
            price_min_fen,
            price_max_fen,
        };
        e.into_result(input)
    }
}

/// The domain's names for the form's fields.
fn form_errors(errors: FieldErrors) -> FieldErrors {
    renamed(errors, |parts| match parts {
        ["price_min_fen"] => Some("price_min_wan".into()),
        ["price_max_fen"] => Some("price_max_wan".into()),
        ["ip", n, field] => Some(format!("ip{n}_{field}")),
        _ => None,
    })
}

fn achievement_form(
    c: &PageCtx,
    units: Option<Vec<(i64, String)>>,
    f: &AchievementForm,
    errors: &FieldErrors,
    action: String,
    title: String,
    back: (String, String),
) -> Response {
    let mut fields = vec![];
    if let Some(units) = units {
        fields.push(
            Field::new("org_id", c.t("achievement-unit"), &f.org_id)
                .required()
                .choices(units.into_iter().map(|(id, name)| (id.to_string(), name)).collect()),
        );
    }
    fields.extend([
        Field::new("title", c.t("achievement-title-field"), &f.title).required(),
        Field::new("summary", c.t("achievement-summary"), &f.summary)
            .kind("textarea")
            .required()
            .hint(c.t("achievement-summary-hint")),
        Field::new("trl", c.t("achievement-trl"), &f.trl).required().choices(trl_choices(c)),
        Field::new("fields", c.t("achievement-fields"), &f.fields).hint(c.t("achievement-fields-hint")),
        Field::new("transfer_modes", c.t("achievement-modes"), "")
            .required()
            .checkboxes(mode_choices(c), &f.chosen_modes()),
        Field::new("price_min_wan", c.t("achievement-price-min"), &f.price_min_wan).hint(c.t("unit-wan")),
        Field::new("price_max_wan", c.t("achievement-price-max"), &f.price_max_wan).hint(c.t("unit-wan")),
    ]);
    let kinds: Vec<(String, String)> =
        IP_KINDS.iter().map(|k| ((*k).to_owned(), c.t(&format!("ip-kind-{k}")))).collect();
    let statuses: Vec<(String, String)> =
        IP_STATUSES.iter().map(|s| ((*s).to_owned(), c.t(&format!("ip-status-{s}")))).collect();
    for (n, (names, values)) in IP_FIELDS.iter().zip(f.ip_rows()).enumerate() {
        let n = (n + 1).to_string();
        let label = |key: &str| c.tf(key, &[("n", n.as_str())]);
        fields.extend([
            Field::new(names[0], label("achievement-ip-kind"), values[0]).choices(kinds.clone()),
            Field::new(names[1], label("achievement-ip-number"), values[1]),
            Field::new(names[2], label("achievement-ip-status"), values[2]).choices(statuses.clone()),
        ]);
    }
    form_response(c, title, action, back, fields, &form_errors(errors.clone()))
}

pub async fn new_form(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("achievements");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let units = uc::publishable_units(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    if units.is_empty() {
        return Err(c.error(AppError::Forbidden));
    }
    let f = AchievementForm {
        org_id: if units.len() == 1 { units[0].0.to_string() } else { String::new() },
        ..AchievementForm::default()
    };
    let back = ("/achievements".to_owned(), c.t("achievements-title"));
    Ok(achievement_form(c, Some(units), &f, &FieldErrors::new(), "/achievements".into(), c.t("achievement-new"), back))
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("achievements");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: AchievementForm = form(&body);
    let units = uc::publishable_units(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let back = ("/achievements".to_owned(), c.t("achievements-title"));
    let refused = |errors: FieldErrors, units: Vec<(i64, String)>| {
        achievement_form(c, Some(units), &f, &errors, "/achievements".into(), c.t("achievement-new"), back.clone())
    };
    let Some(org_id) = f.org_id.trim().parse::<i64>().ok().filter(|id| units.iter().any(|(u, _)| u == id)) else {
        let mut errors = FieldErrors::new();
        errors.add("org_id", "required");
        return Ok(refused(errors, units));
    };
    let input = match f.input() {
        Ok(input) => input,
        Err(errors) => return Ok(refused(errors, units)),
    };
    match uc::publish(&state.app, &ctx, org_id, &input).await {
        Ok(id) => Ok(Redirect::to(&done(&format!("/achievements/{id}"), "achievement-published")).into_response()),
        Err(AppError::Invalid(errors)) => Ok(refused(errors, units)),
        Err(e) => Err(c.error(e)),
    }
}

pub async fn edit_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("achievements");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let v = uc::get(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    if !v.may_edit {
        return Err(c.error(AppError::Forbidden));
    }
    let r = &v.row;
    let mut f = AchievementForm {
        title: r.title.clone(),
        summary: r.summary.clone(),
        trl: r.trl.to_string(),
        fields: v.fields.join(", "),
        price_min_wan: r.price_min_fen.map(format_fen_as_wan).unwrap_or_default(),
        price_max_wan: r.price_max_fen.map(format_fen_as_wan).unwrap_or_default(),
        ..AchievementForm::default()
    };
    for m in r.transfer_modes.lines() {
        let slot = match m {
            "assignment" => &mut f.transfer_modes_assignment,
            "exclusive_licence" => &mut f.transfer_modes_exclusive_licence,
            "non_exclusive_licence" => &mut f.transfer_modes_non_exclusive_licence,
            "equity" => &mut f.transfer_modes_equity,
            _ => &mut f.transfer_modes_joint_development,
        };
        *slot = "1".into();
    }
    let slots = [
        (&mut f.ip1_kind, &mut f.ip1_number, &mut f.ip1_status),
        (&mut f.ip2_kind, &mut f.ip2_number, &mut f.ip2_status),
        (&mut f.ip3_kind, &mut f.ip3_number, &mut f.ip3_status),
    ];
    for ((kind, number, status), ip) in slots.into_iter().zip(&v.ip) {
        *kind = ip.kind.clone();
        *number = ip.number.clone();
        *status = ip.status.clone();
    }
    let back = (format!("/achievements/{id}"), r.title.clone());
    Ok(achievement_form(
        c,
        None,
        &f,
        &FieldErrors::new(),
        format!("/achievements/{id}/edit"),
        c.t("achievement-edit"),
        back,
    ))
}

pub async fn update(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("achievements");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: AchievementForm = form(&body);
    let back = (format!("/achievements/{id}"), f.title.clone());
    let refused = |errors: FieldErrors| {
        achievement_form(
            c,
            None,
            &f,
            &errors,
            format!("/achievements/{id}/edit"),
            c.t("achievement-edit"),
            back.clone(),
        )
    };
    let input = match f.input() {
        Ok(input) => input,
        Err(errors) => return Ok(refused(errors)),
    };
    match uc::update(&state.app, &ctx, id, &input).await {
        Ok(()) => Ok(Redirect::to(&done(&format!("/achievements/{id}"), "achievement-saved")).into_response()),
        Err(AppError::Invalid(errors)) => Ok(refused(errors)),
        Err(e) => Err(c.error(e)),
    }
}

pub struct DealLine {
    id: i64,
    achievement: String,
    enterprise: String,
    stage: String,
    stage_code: String,
    value: String,
    received: String,
    updated: String,
}

fn deal_line(c: &PageCtx, d: &DealRow) -> DealLine {
    DealLine {
        id: d.id,
        achievement: d.achievement_title.clone(),
        enterprise: d.enterprise_name.clone(),
        stage: c.t(&format!("deal-stage-{}", d.stage)),
        stage_code: d.stage.clone(),
        value: d.value_fen.map(|v| wan(c, v)).unwrap_or_else(|| "—".into()),
        received: d.received_fen.map(|v| wan(c, v)).unwrap_or_else(|| "—".into()),
        updated: c.datetime(&d.updated_at),
    }
}

#[derive(Template)]
#[template(path = "research/achievement.html")]
struct DetailPage<'a> {
    c: &'a PageCtx,
    id: i64,
    title: String,
    summary: String,
    facts: Vec<(String, String)>,
    fields: Vec<String>,
    ip: Vec<(String, String, String)>,
    may_edit: bool,
    interest_for: Vec<(i64, String)>,
    deals: Vec<DealLine>,
    trl_note: String,
    error: Option<String>,
}

pub async fn show(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("achievements");
    let id = crate::http::page::path_id(&viewer, &id)?;
    detail(&state, &viewer, id, None).await
}

async fn detail(state: &WebState, viewer: &Viewer, id: i64, error: Option<String>) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let v = uc::get(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let r = &v.row;
    let level = Scale::shared().and_then(|s| s.level(r.trl)).map(|l| c.pick(&l.name_zh, &l.name_en).to_owned());
    let facts = vec![
        (c.t("achievement-unit"), r.org_name.clone()),
        (c.t("achievement-trl"), format!("TRL {} · {}", r.trl, level.unwrap_or_default())),
        (c.t("achievement-modes"), modes(c, &r.transfer_modes)),
        (c.t("achievement-price"), price(c, r.price_min_fen, r.price_max_fen)),
        (c.t("achievement-contact"), r.contact_name.clone()),
    ];
    let trl_note = trl_note(c);
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(
        status,
        &DetailPage {
            c,
            id,
            title: r.title.clone(),
            summary: r.summary.clone(),
            facts,
            fields: v.fields.clone(),
            ip: v
                .ip
                .iter()
                .map(|i| {
                    (c.t(&format!("ip-kind-{}", i.kind)), i.number.clone(), c.t(&format!("ip-status-{}", i.status)))
                })
                .collect(),
            may_edit: v.may_edit,
            interest_for: v.may_express_for.clone(),
            deals: v.deals.iter().map(|d| deal_line(c, d)).collect(),
            trl_note,
            error,
        },
    ))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct InterestForm {
    enterprise_id: String,
    message: String,
}

pub async fn interest(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("achievements");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: InterestForm = form(&body);
    let Some(enterprise_id) = f.enterprise_id.trim().parse::<i64>().ok() else {
        return detail(&state, &viewer, id, Some(c.t("achievement-interest-choose"))).await;
    };
    match uc::express_interest(&state.app, &ctx, id, enterprise_id, &f.message).await {
        Ok(deal) => Ok(Redirect::to(&done(&format!("/deals/{deal}"), "interest-expressed")).into_response()),
        Err(AppError::OutOfOrder(code)) => detail(&state, &viewer, id, Some(c.t(&code.replace('.', "-")))).await,
        Err(AppError::Invalid(errors)) => {
            let message = c.first_error_message(&errors).unwrap_or_else(|| c.t("form-has-errors"));
            detail(&state, &viewer, id, Some(message)).await
        }
        Err(e) => Err(c.error(e)),
    }
}

#[derive(Template)]
#[template(path = "research/deals.html")]
struct DealsPage<'a> {
    c: &'a PageCtx,
    rows: Vec<DealLine>,
    pager: Pager,
    stages: Vec<Choice>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DealsQuery {
    stage: String,
    page: Option<String>,
}

pub async fn deals(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<DealsQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("deals");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = Page::new(page_number(&q.page), PER_PAGE);
    let stage = DealStage::from_code(q.stage.trim()).map(|s| s.code().to_owned());
    let filter = DealFilter { stage: stage.clone(), ..DealFilter::default() };
    let (rows, total) = uc::deals(&state.app, &ctx, &filter, page).await.map_err(|e| c.error(e))?;
    let query = query_string(&[("stage", stage.as_deref().unwrap_or(""))]);
    Ok(ok(&DealsPage {
        c,
        rows: rows.iter().map(|d| deal_line(c, d)).collect(),
        pager: Pager::new(c, "/deals", &query, page.page, page.per_page, total),
        stages: DealStage::ALL
            .iter()
            .map(|s| Choice {
                value: s.code().into(),
                label: c.t(&format!("deal-stage-{}", s.code())),
                selected: stage.as_deref() == Some(s.code()),
            })
            .collect(),
    }))
}

#[derive(Template)]
#[template(path = "research/deal.html")]
struct DealPage<'a> {
    c: &'a PageCtx,
    id: i64,
    achievement_id: i64,
    title: String,
    enterprise: String,
    stage: String,
    stage_code: String,
    facts: Vec<(String, String)>,
    message: Option<String>,
    lost_reason: Option<String>,
    /// (from, to, reason, by, at)
    steps: Vec<(String, String, Option<String>, String, String)>,
    may_run: bool,
    stages: Vec<(String, String)>,
    modes: Vec<(String, String)>,
    has_contract: bool,
    error: Option<String>,
}

pub async fn deal(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("deals");
    let id = crate::http::page::path_id(&viewer, &id)?;
    deal_detail(&state, &viewer, id, None).await
}

async fn deal_detail(state: &WebState, viewer: &Viewer, id: i64, error: Option<String>) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let v = uc::deal(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let d = &v.row;
    let stage = |code: &str| c.t(&format!("deal-stage-{code}"));
    let facts = vec![
        (c.t("achievement-unit"), d.org_name.clone()),
        (c.t("deal-person"), d.person_name.clone()),
        (c.t("deal-mode"), d.mode.as_deref().map(|m| c.t(&format!("transfer-mode-{m}"))).unwrap_or_else(|| "—".into())),
        (c.t("contract-value"), d.value_fen.map(|v| wan(c, v)).unwrap_or_else(|| "—".into())),
        (c.t("contract-received"), d.received_fen.map(|v| wan(c, v)).unwrap_or_else(|| "—".into())),
    ];
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(
        status,
        &DealPage {
            c,
            id,
            achievement_id: d.achievement_id,
            title: d.achievement_title.clone(),
            enterprise: d.enterprise_name.clone(),
            stage: stage(&d.stage),
            stage_code: d.stage.clone(),
            facts,
            message: d.message.clone(),
            lost_reason: d.lost_reason.clone(),
            steps: v
                .steps
                .iter()
                .map(|s| {
                    (
                        stage(&s.from_stage),
                        stage(&s.to_stage),
                        s.reason.clone(),
                        s.by_name.clone().unwrap_or_default(),
                        c.datetime(&s.at),
                    )
                })
                .collect(),
            may_run: v.may_run && d.stage != "lost",
            stages: DealStage::ALL
                .iter()
                .filter(|s| s.code() != d.stage)
                .map(|s| (s.code().to_owned(), stage(s.code())))
                .collect(),
            modes: mode_choices(c),
            has_contract: d.contract_id.is_some(),
            error,
        },
    ))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MoveForm {
    stage: String,
    reason: String,
    mode: String,
    value_wan: String,
    received_wan: String,
    signed_on: String,
}

pub async fn move_deal(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("deals");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: MoveForm = form(&body);
    let mut errors = FieldErrors::new();
    let value_fen = wan_field(&mut errors, "value_fen", &f.value_wan);
    let received_fen = wan_field(&mut errors, "received_fen", &f.received_wan);
    if !errors.is_empty() {
        return deal_detail(&state, &viewer, id, Some(c.t("money-invalid"))).await;
    }
    let input = DealMoveInput {
        stage: f.stage,
        reason: f.reason,
        mode: f.mode,
        value_fen,
        received_fen,
        signed_on: f.signed_on,
    };
    match uc::move_deal(&state.app, &ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&done(&format!("/deals/{id}"), "deal-moved")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let lines: Vec<String> = errors
                .0
                .iter()
                .map(|e| {
                    let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    format!("{} {}", c.t(&format!("deal-field-{}", e.field)), c.field_message(&e.code, &args))
                })
                .collect();
            deal_detail(&state, &viewer, id, Some(lines.join(" "))).await
        }
        Err(AppError::OutOfOrder(code)) => deal_detail(&state, &viewer, id, Some(c.t(&code.replace('.', "-")))).await,
        Err(e) => Err(c.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PeriodQuery {
    from: String,
    to: String,
}

impl PeriodQuery {
    /// The period asked for, or this calendar year (China's date).
    fn or_this_year(&self, today: &str) -> (String, String) {
        let year = today.get(..4).unwrap_or("2026");
        let from = if self.from.trim().is_empty() { format!("{year}-01-01") } else { self.from.trim().to_owned() };
        let to = if self.to.trim().is_empty() { format!("{year}-12-31") } else { self.to.trim().to_owned() };
        (from, to)
    }
}

/// A line of the report as shown and exported.
pub struct ReportLine {
    label: String,
    contracts: i64,
    value: String,
    received: String,
    enterprises: i64,
    smes: i64,
}

fn report_lines(c: &PageCtx, f: &Figures) -> (Vec<ReportLine>, Vec<ReportLine>, ReportLine) {
    let line = |label: String, r: &tandem_app::research::achievements::FiguresRow| ReportLine {
        label,
        contracts: r.contracts,
        value: format_fen_as_wan(r.value_fen),
        received: format_fen_as_wan(r.received_fen),
        enterprises: r.enterprises,
        smes: r.smes,
    };
    let kinds = f.by_kind.iter().map(|r| line(c.t(&format!("contract-kind-{}", r.key)), r)).collect();
    let colleges =
        f.by_college.iter().map(|r| line(r.label.clone().unwrap_or_else(|| c.t("report-no-college")), r)).collect();
    (kinds, colleges, line(c.t("report-total"), &f.total))
}

#[derive(Template)]
#[template(path = "research/transformation.html")]
struct ReportPage<'a> {
    c: &'a PageCtx,
    from: String,
    to: String,
    sections: Vec<ReportSection>,
    total: ReportLine,
    query: String,
    error: Option<String>,
}

/// One table of the report: by contract kind or by college.
pub struct ReportSection {
    id: &'static str,
    heading: String,
    first: String,
    lines: Vec<ReportLine>,
}

async fn figures_for(
    state: &WebState,
    viewer: &Viewer,
    q: &PeriodQuery,
) -> Result<Result<Figures, (String, String, String)>, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let today = tandem_domain::sharing::local_date(state.app.now());
    let (from, to) = q.or_this_year(&today);
    match uc::figures(&state.app, &ctx, &from, &to).await {
        Ok(f) => Ok(Ok(f)),
        Err(AppError::Invalid(errors)) => {
            Ok(Err((from, to, c.first_error_message(&errors).unwrap_or_else(|| c.t("form-has-errors")))))
        }
        Err(e) => Err(c.error(e)),
    }
}

pub async fn report(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("transformation");
    let c = &viewer.page;
    let empty = || ReportLine {
        label: c.t("report-total"),
        contracts: 0,
        value: "0".into(),
        received: "0".into(),
        enterprises: 0,
        smes: 0,
    };
    Ok(match figures_for(&state, &viewer, &q).await? {
        Ok(f) => {
            let (kinds, colleges, total) = report_lines(c, &f);
            let query = query_string(&[("from", &f.from), ("to", &f.to)]);
            let sections = vec![
                ReportSection {
                    id: "report-by-kind",
                    heading: c.t("report-by-kind"),
                    first: c.t("contract-kind"),
                    lines: kinds,
                },
                ReportSection {
                    id: "report-by-college",
                    heading: c.t("report-by-college"),
                    first: c.t("report-college"),
                    lines: colleges,
                },
            ];
            ok(&ReportPage { c, from: f.from.clone(), to: f.to.clone(), sections, total, query, error: None })
        }
        Err((from, to, message)) => html(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ReportPage { c, from, to, sections: vec![], total: empty(), query: String::new(), error: Some(message) },
        ),
    })
}

/// The report as rows: a header, the kinds, the total, an empty row, the colleges.
fn report_rows(c: &PageCtx, f: &Figures) -> Vec<Vec<String>> {
    let (kinds, colleges, total) = report_lines(c, f);
    let header = |first: String| {
        vec![
            first,
            c.t("report-contracts"),
            c.t("report-value-wan"),
            c.t("report-received-wan"),
            c.t("report-enterprises"),
            c.t("report-smes"),
        ]
    };
    let cells = |l: &ReportLine| {
        vec![
            l.label.clone(),
            l.contracts.to_string(),
            l.value.clone(),
            l.received.clone(),
            l.enterprises.to_string(),
            l.smes.to_string(),
        ]
    };
    let mut rows = vec![vec![c.tf("report-period", &[("from", f.from.as_str()), ("to", f.to.as_str())])]];
    rows.push(header(c.t("contract-kind")));
    rows.extend(kinds.iter().map(cells));
    rows.push(cells(&total));
    rows.push(vec![]);
    rows.push(header(c.t("report-college")));
    rows.extend(colleges.iter().map(cells));
    rows
}

/// The two exports of the report: the same rows as a workbook or as CSV.
#[derive(Clone, Copy)]
enum Export {
    Xlsx,
    Csv,
}

async fn export(state: &WebState, viewer: Viewer, q: &PeriodQuery, as_: Export) -> Result<Response, PageError> {
    let viewer = viewer.with_section("transformation");
    let c = &viewer.page;
    let f = match figures_for(state, &viewer, q).await? {
        Ok(f) => f,
        Err(_) => return Err(c.error(AppError::invalid("from", "date.invalid"))),
    };
    let rows = report_rows(c, &f);
    let name = format!("transformation-{}-{}", f.from, f.to);
    let (content_type, file, bytes) = match as_ {
        Export::Xlsx => {
            let (head, body) = rows.split_first().map(|(h, b)| (h.clone(), b.to_vec())).unwrap_or_default();
            let bytes = crate::export::xlsx(&c.t("report-title"), &head, &body)
                .map_err(|e| c.error(AppError::Unexpected(e)))?;
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format!("{name}.xlsx"), bytes)
        }
        Export::Csv => ("text/csv; charset=utf-8", format!("{name}.csv"), crate::export::csv(&rows).into_bytes()),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response())
}

pub async fn report_xlsx(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    export(&state, viewer, &q, Export::Xlsx).await
}

pub async fn report_csv(
    State(state): State<WebState>,
    viewer: Viewer,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    export(&state, viewer, &q, Export::Csv).await
}
