//! A team's proposal form, one proposal with the enterprise's decisions, and the project that
//! follows on the same page: contract, milestones, feedback. Also the reader's own proposals.

use super::words::{trl_choices, wan};
use crate::http::form::{Field, form, form_response, renamed, wan_field};
use crate::http::format::done;
use crate::http::page::{PageCtx, PageError, Viewer, html, ok};
use crate::http::state::WebState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tandem_app::AppError;
use tandem_app::research::{ProposalRow, projects, proposals};
use tandem_domain::money::format_fen_as_wan;
use tandem_domain::research::project::{ContractInput, ContractKind, MilestoneStatus, MilestoneStep};
use tandem_domain::research::proposal::{MilestoneInput, ProposalInput, ProposalStep};
use tandem_domain::validation::FieldErrors;

/// The plan rows the form offers; a plan may leave the later ones empty.
const MILESTONE_FIELDS: [[&str; 3]; 4] = [
    ["m1_title", "m1_due_on", "m1_deliverable"],
    ["m2_title", "m2_due_on", "m2_deliverable"],
    ["m3_title", "m3_due_on", "m3_deliverable"],
    ["m4_title", "m4_due_on", "m4_deliverable"],
];

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProposalForm {
    approach: String,
    budget_wan: String,
    member1: String,
    member2: String,
    member3: String,
    m1_title: String,
    m1_due_on: String,
    m1_deliverable: String,
    m2_title: String,
    m2_due_on: String,
    m2_deliverable: String,
    m3_title: String,
    m3_due_on: String,
    m3_deliverable: String,
    m4_title: String,
    m4_due_on: String,
    m4_deliverable: String,
}

impl ProposalForm {
    fn rows(&self) -> [[&str; 3]; 4] {
        [
            [&self.m1_title, &self.m1_due_on, &self.m1_deliverable],
            [&self.m2_title, &self.m2_due_on, &self.m2_deliverable],
            [&self.m3_title, &self.m3_due_on, &self.m3_deliverable],
            [&self.m4_title, &self.m4_due_on, &self.m4_deliverable],
        ]
    }

    fn input(&self) -> Result<ProposalInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let budget_fen = wan_field(&mut e, "budget_wan", &self.budget_wan);
        let milestones = self
            .rows()
            .iter()
            .map(|[title, due_on, deliverable]| MilestoneInput {
                title: (*title).to_owned(),
                due_on: (*due_on).to_owned(),
                deliverable: (*deliverable).to_owned(),
            })
            .collect();
        e.into_result(ProposalInput {
            lead_person_id: None,
            member_ids: vec![],
            member_emails: [&self.member1, &self.member2, &self.member3]
                .into_iter()
                .map(|m| m.trim().to_owned())
                .filter(|m| !m.is_empty())
                .collect(),
            approach: self.approach.clone(),
            milestones,
            budget_fen,
        })
    }
}

/// The domain's names for the form's fields: `budget_fen` is typed in 万元, milestone `n` is
/// the form's row `n` (empty rows are skipped before numbering, and the form fills rows in order).
fn form_errors(errors: FieldErrors) -> FieldErrors {
    renamed(errors, |parts| match parts {
        ["budget_fen"] => Some("budget_wan".into()),
        ["member_ids"] | ["member_emails"] => Some("member1".into()),
        ["milestones"] => Some("m1_title".into()),
        ["milestones", n, field] => Some(format!("m{n}_{field}")),
        _ => None,
    })
}

fn proposal_form(
    c: &PageCtx,
    proposition: (i64, &str),
    teammates: &[tandem_app::people::Suggestion],
    f: &ProposalForm,
    errors: &FieldErrors,
) -> Response {
    let (id, title) = proposition;
    let options = crate::http::form::people_options(teammates);
    let member = |name: &'static str, n: &str, value: &str| {
        Field::new(name, c.tf("proposal-member-n", &[("n", n)]), value).kind("email").suggest(options.clone())
    };
    let mut fields = vec![
        Field::new("approach", c.t("proposal-approach"), &f.approach)
            .kind("textarea")
            .required()
            .hint(c.t("proposal-approach-hint")),
        Field::new("budget_wan", c.t("proposal-budget"), &f.budget_wan).required().hint(c.t("unit-wan")),
        member("member1", "1", &f.member1).hint(c.t("proposal-members-hint")),
        member("member2", "2", &f.member2),
        member("member3", "3", &f.member3),
    ];
    for (n, (names, values)) in MILESTONE_FIELDS.iter().zip(f.rows()).enumerate() {
        let n = (n + 1).to_string();
        let label = |key: &str| c.tf(key, &[("n", n.as_str())]);
        let mut title_field = Field::new(names[0], label("proposal-milestone-title"), values[0]);
        let mut due_field = Field::new(names[1], label("proposal-milestone-due"), values[1]).kind("date");
        let mut deliverable_field = Field::new(names[2], label("proposal-milestone-deliverable"), values[2]);
        if n == "1" {
            title_field = title_field.required();
            due_field = due_field.required();
            deliverable_field = deliverable_field.required();
        }
        fields.extend([title_field, due_field, deliverable_field]);
    }
    let errors = form_errors(errors.clone());
    form_response(
        c,
        c.tf("proposal-new-for", &[("title", title)]),
        format!("/propositions/{id}/proposals"),
        (format!("/propositions/{id}"), title.to_owned()),
        fields,
        &errors,
    )
}

pub async fn new_form(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let page = proposals::form_page(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    Ok(proposal_form(c, (id, &page.title), &page.teammates, &ProposalForm::default(), &FieldErrors::new()))
}

pub async fn create(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let f: ProposalForm = form(&body);
    let errors = match f.input() {
        Ok(input) => match proposals::create(&state.app, &ctx, id, &input).await {
            Ok(proposal) => {
                return Ok(Redirect::to(&done(&format!("/proposals/{proposal}"), "proposal-created")).into_response());
            }
            Err(AppError::Invalid(errors)) => errors,
            Err(e) => return Err(c.error(e)),
        },
        Err(errors) => errors,
    };
    let page = proposals::form_page(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    Ok(proposal_form(c, (id, &page.title), &page.teammates, &f, &errors))
}

pub struct MilestoneLine {
    id: i64,
    seq: i64,
    title: String,
    due_on: String,
    deliverable: String,
    status: String,
    status_code: String,
    trl_reached: String,
    note: Option<String>,
    /// (step code, label) the reader may take on it now.
    steps: Vec<(&'static str, String)>,
}

/// The contract form for staff: (kind code, label, chosen) choices, value and received in 万元,
/// the date signed.
type ContractForm = (Vec<(String, String, bool)>, String, String, String);

pub struct FeedbackLine {
    side: String,
    rating: i64,
    comment: Option<String>,
    by: String,
}

#[derive(Template)]
#[template(path = "research/proposal.html")]
struct ProposalPage<'a> {
    c: &'a PageCtx,
    id: i64,
    proposition_id: i64,
    proposition_title: String,
    enterprise: String,
    lead: String,
    unit: String,
    members: Vec<String>,
    approach: String,
    budget: String,
    status: String,
    status_code: String,
    reason: Option<String>,
    /// (step code, label, needs a reason)
    steps: Vec<(&'static str, String, bool)>,
    milestones: Vec<MilestoneLine>,
    contract: Option<Vec<(String, String)>>,
    contract_form: Option<ContractForm>,
    trl_levels: Vec<(String, String)>,
    feedback: Vec<FeedbackLine>,
    may_give_feedback: bool,
    step_error: Option<String>,
    /// (what happened, detail, by, when)
    timeline: Vec<(String, Option<String>, String, String)>,
}

pub async fn show(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    detail(&state, &viewer, id, None).await
}

async fn detail(state: &WebState, viewer: &Viewer, id: i64, step_error: Option<String>) -> Result<Response, PageError> {
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let v = proposals::get(&state.app, &ctx, id).await.map_err(|e| c.error(e))?;
    let r = &v.row;
    let running = r.status == "selected" && v.contract.is_some();
    let milestones = v
        .milestones
        .iter()
        .map(|m| {
            let status = MilestoneStatus::from_code(&m.status);
            let steps = MilestoneStep::ALL
                .into_iter()
                .filter(|s| {
                    running
                        && status.and_then(|from| s.from(from)).is_some()
                        && if s.by_enterprise() { v.decides } else { v.on_team }
                })
                .map(|s| (s.code(), c.t(&format!("milestone-step-{}", s.code()))))
                .collect();
            MilestoneLine {
                id: m.id,
                seq: m.seq,
                title: m.title.clone(),
                due_on: m.due_on.clone(),
                deliverable: m.deliverable.clone(),
                status: c.t(&format!("milestone-status-{}", m.status)),
                status_code: m.status.clone(),
                trl_reached: m.trl_reached.map(|l| format!("TRL {l}")).unwrap_or_else(|| "—".into()),
                note: m.note.clone(),
                steps,
            }
        })
        .collect();
    let contract = v.contract.as_ref().map(|k| {
        vec![
            (c.t("contract-kind"), c.t(&format!("contract-kind-{}", k.kind))),
            (c.t("contract-value"), wan(c, k.value_fen)),
            (c.t("contract-received"), wan(c, k.received_fen)),
            (c.t("contract-signed-on"), k.signed_on.clone()),
        ]
    });
    let selected = matches!(r.status.as_str(), "selected" | "completed");
    let contract_form = (v.records_contracts && selected).then(|| {
        let current = v.contract.as_ref();
        let kinds = ContractKind::ALL
            .iter()
            .map(|k| {
                let chosen = current.map(|x| x.kind.as_str()) == Some(k.code());
                (k.code().to_owned(), c.t(&format!("contract-kind-{}", k.code())), chosen)
            })
            .collect();
        (
            kinds,
            current.map(|x| format_fen_as_wan(x.value_fen)).unwrap_or_default(),
            current.map(|x| format_fen_as_wan(x.received_fen)).unwrap_or_default(),
            current.map(|x| x.signed_on.clone()).unwrap_or_default(),
        )
    });
    let side_given = |side: &str| v.feedback.iter().any(|f| f.side == side);
    let may_give_feedback = r.status == "completed"
        && ((v.decides && !side_given("enterprise")) || (v.on_team && !v.decides && !side_given("team")));
    let trl_levels = trl_choices(c);
    let page = ProposalPage {
        c,
        id,
        proposition_id: r.proposition_id,
        proposition_title: r.proposition_title.clone(),
        enterprise: r.enterprise_name.clone(),
        lead: r.lead_name.clone(),
        unit: r.unit_name.clone().unwrap_or_else(|| "—".into()),
        members: v.members.iter().map(|(_, name)| name.clone()).collect(),
        approach: r.approach.clone(),
        budget: wan(c, r.budget_fen),
        status: c.t(&format!("proposal-status-{}", r.status)),
        status_code: r.status.clone(),
        reason: r.reason.clone(),
        steps: v
            .steps
            .iter()
            .map(|s| (s.code(), c.t(&format!("proposal-step-{}", s.code())), s.needs_reason()))
            .collect(),
        milestones,
        contract,
        contract_form,
        trl_levels,
        feedback: v
            .feedback
            .iter()
            .map(|f| FeedbackLine {
                side: c.t(&format!("feedback-side-{}", f.side)),
                rating: f.rating,
                comment: f.comment.clone(),
                by: f.by_name.clone(),
            })
            .collect(),
        may_give_feedback,
        step_error: step_error.clone(),
        timeline: v
            .timeline
            .iter()
            .map(|t| {
                (
                    c.t(&format!("proposal-line-{}", t.step)),
                    t.detail.clone(),
                    t.by_name.clone().unwrap_or_default(),
                    c.datetime(&t.at),
                )
            })
            .collect(),
    };
    let status = if step_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(html(status, &page))
}

/// A refused step shows the proposal again with why: a field's message or the conflict's.
async fn refused(state: &WebState, viewer: &Viewer, id: i64, e: AppError) -> Result<Response, PageError> {
    let c = &viewer.page;
    match e {
        AppError::Invalid(errors) => {
            let message = c.first_error_message(&errors).unwrap_or_else(|| c.t("form-has-errors"));
            let field = errors.0.first().map(|f| c.t(&format!("proposal-field-{}", f.field))).unwrap_or_default();
            detail(state, viewer, id, Some(format!("{field} {message}").trim().to_owned())).await
        }
        AppError::OutOfOrder(code) => detail(state, viewer, id, Some(c.t(&code.replace('.', "-")))).await,
        e => Err(c.error(e)),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StepForm {
    reason: String,
    note: String,
    trl_reached: String,
    kind: String,
    value_wan: String,
    received_wan: String,
    signed_on: String,
    rating: String,
    comment: String,
}

pub async fn take_step(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, step)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let f: StepForm = form(&body);
    if ProposalStep::from_code(&step).is_none() {
        return Err(viewer.page.error(AppError::NotFound));
    }
    match proposals::step(&state.app, &ctx, id, &step, &f.reason).await {
        Ok(_) => Ok(Redirect::to(&done(&format!("/proposals/{id}"), &format!("proposal-{step}"))).into_response()),
        Err(e) => refused(&state, &viewer, id, e).await,
    }
}

pub async fn milestone_step(
    State(state): State<WebState>,
    viewer: Viewer,
    Path((id, milestone_id, step)): Path<(String, String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let milestone_id = crate::http::page::path_id(&viewer, &milestone_id)?;
    let ctx = viewer.signed_in()?;
    let f: StepForm = form(&body);
    let trl = f.trl_reached.trim().parse::<i64>().ok();
    match projects::milestone_step(&state.app, &ctx, id, milestone_id, &step, &f.note, trl).await {
        Ok((_, completed)) => {
            let code = if completed { "project-completed".to_owned() } else { format!("milestone-{step}") };
            Ok(Redirect::to(&done(&format!("/proposals/{id}"), &code)).into_response())
        }
        Err(e) => refused(&state, &viewer, id, e).await,
    }
}

pub async fn contract(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let f: StepForm = form(&body);
    let mut errors = FieldErrors::new();
    let value_fen = wan_field(&mut errors, "value_fen", &f.value_wan);
    let received_fen = wan_field(&mut errors, "received_fen", &f.received_wan);
    if !errors.is_empty() {
        return refused(&state, &viewer, id, AppError::Invalid(errors)).await;
    }
    let input = ContractInput { kind: f.kind, value_fen, received_fen, signed_on: f.signed_on };
    match projects::record_contract(&state.app, &ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&done(&format!("/proposals/{id}"), "contract-recorded")).into_response()),
        Err(e) => refused(&state, &viewer, id, e).await,
    }
}

pub async fn feedback(
    State(state): State<WebState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let viewer = viewer.with_section("propositions");
    let id = crate::http::page::path_id(&viewer, &id)?;
    let ctx = viewer.signed_in()?;
    let f: StepForm = form(&body);
    let rating = f.rating.trim().parse::<i64>().ok();
    match projects::give_feedback(&state.app, &ctx, id, rating, &f.comment).await {
        Ok(_) => Ok(Redirect::to(&done(&format!("/proposals/{id}"), "feedback-given")).into_response()),
        Err(e) => refused(&state, &viewer, id, e).await,
    }
}

pub struct MineLine {
    id: i64,
    proposition: String,
    enterprise: String,
    lead: String,
    budget: String,
    status: String,
    status_code: String,
}

#[derive(Template)]
#[template(path = "research/proposals.html")]
struct MinePage<'a> {
    c: &'a PageCtx,
    rows: Vec<MineLine>,
    /// Open propositions that fit the reader's expertise profile.
    fits: Vec<super::talent_pages::MatchLine>,
}

fn mine_line(c: &PageCtx, r: &ProposalRow) -> MineLine {
    MineLine {
        id: r.id,
        proposition: r.proposition_title.clone(),
        enterprise: r.enterprise_name.clone(),
        lead: r.lead_name.clone(),
        budget: wan(c, r.budget_fen),
        status: c.t(&format!("proposal-status-{}", r.status)),
        status_code: r.status.clone(),
    }
}

pub async fn mine(State(state): State<WebState>, viewer: Viewer) -> Result<Response, PageError> {
    let viewer = viewer.with_section("proposals");
    let ctx = viewer.signed_in()?;
    let c = &viewer.page;
    let rows = proposals::mine(&state.app, &ctx).await.map_err(|e| c.error(e))?;
    let fits = tandem_app::research::talent_pool::for_person(&state.app, &ctx, ctx.actor.person_id)
        .await
        .map_err(|e| c.error(e))?;
    Ok(ok(&MinePage {
        c,
        rows: rows.iter().map(|r| mine_line(c, r)).collect(),
        fits: fits.iter().map(|m| super::talent_pages::match_line(c, "/propositions", m)).collect(),
    }))
}
