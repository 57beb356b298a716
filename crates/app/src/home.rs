//! The home page's to-do list: what waits for the reader, each with a count and where to act.
//! Every count is scoped by the rule table's own notion of who answers for what: an item's
//! managers decide its bookings, an enterprise's administrators rank its applicants, each party
//! of a learning agreement confirms its own side.

use crate::{App, AppResult, Ctx};
use tandem_domain::access::{Action, Role};
use tandem_domain::org::OrgKind;
use tandem_store::home::{
    self as store, AgreementParty, EnterpriseFigures, EnterpriseGrouping, Scope, StudentFigures, UseScope,
};

/// One thing waiting, with how many and the page where it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodoItem {
    /// `bookings.to_decide`, `dataset_requests.to_decide`, `orders.to_decide`,
    /// `applicants.to_rank`, `agreements.to_confirm`, `diagnoses.to_finish`,
    /// `propositions.to_screen`, `propositions.to_revise`, `proposals.to_decide`,
    /// `milestones.to_accept`, `milestones.to_deliver`, `contracts.to_record`, `deals.to_contact`,
    /// `notifications.unread`.
    pub kind: &'static str,
    pub count: i64,
    pub link: String,
}

/// The page of one record a to-do line is about, from its id.
type RecordPage = fn(i64) -> String;

/// What waits for the caller, most pressing first; kinds with nothing waiting are left out.
/// Every count runs in one round trip to the database.
pub async fn todo(app: &App, ctx: &Ctx) -> AppResult<Vec<TodoItem>> {
    let actor = &ctx.actor;
    let staff = actor.may(Action::ManageStructure);
    let enterprises_i_run = enterprises_run(ctx);

    // (kind, its count, the list it is done from, the page of a single record if it has one)
    let mut asked: Vec<(&'static str, store::Count, &'static str, Option<RecordPage>)> = Vec::new();
    let mut ask = |kind, count: Option<store::Count>, many, one: Option<RecordPage>| {
        if let Some(count) = count {
            asked.push((kind, count, many, one));
        }
    };
    let labs = if staff { Scope::All } else { Scope::Orgs(actor.teaching_labs()) };
    ask("bookings.to_decide", store::bookings_to_decide(&labs), "/bookings/approvals", None);
    let dataset_owners = if staff {
        Scope::All
    } else {
        Scope::Orgs(actor.teaching_labs().into_iter().chain(enterprises_i_run.iter().copied()).collect())
    };
    ask(
        "dataset_requests.to_decide",
        store::dataset_requests_to_decide(&dataset_owners),
        "/datasets",
        Some(|id| format!("/datasets/{id}#requests")),
    );
    if actor.may(Action::RunOrderClasses) {
        ask("orders.to_decide", store::orders_to_decide(), "/classes", Some(|id| format!("/classes/{id}")));
    }
    ask(
        "applicants.to_rank",
        store::applicants_to_rank(&Scope::Orgs(enterprises_i_run.clone())),
        "/classes",
        Some(|id| format!("/classes/{id}#applications")),
    );
    for party in agreement_parties(ctx, staff, &enterprises_i_run) {
        ask(
            "agreements.to_confirm",
            store::agreements_to_confirm(&party),
            "/internships",
            Some(|id| format!("/internships/{id}#agreement")),
        );
    }
    ask(
        "diagnoses.to_finish",
        store::diagnosis_drafts(&Scope::Orgs(enterprises_i_run)),
        "/enterprises",
        Some(|id| format!("/enterprises/{id}#assessments")),
    );
    if actor.may(Action::ScreenPropositions) {
        ask(
            "propositions.to_screen",
            store::propositions_in("submitted", &Scope::All),
            "/propositions?status=submitted",
            Some(|id| format!("/propositions/{id}")),
        );
    }
    let writes_for: Vec<i64> = actor
        .own_enterprises()
        .into_iter()
        .filter(|e| actor.may(Action::WriteProposition { enterprise_id: *e }))
        .collect();
    ask(
        "propositions.to_revise",
        store::propositions_in("returned", &Scope::Orgs(writes_for)),
        "/propositions?status=returned",
        Some(|id| format!("/propositions/{id}")),
    );
    let decides_for: Vec<i64> = actor
        .own_enterprises()
        .into_iter()
        .filter(|e| actor.may(Action::DecideProposals { enterprise_id: *e }))
        .collect();
    ask(
        "proposals.to_decide",
        store::proposals_to_decide(&Scope::Orgs(decides_for.clone())),
        "/propositions",
        Some(|id| format!("/proposals/{id}")),
    );
    ask(
        "milestones.to_accept",
        store::milestones_to_accept(&Scope::Orgs(decides_for)),
        "/propositions",
        Some(|id| format!("/proposals/{id}#plan")),
    );
    if actor.may(Action::ProposeToProposition) {
        ask(
            "milestones.to_deliver",
            store::milestones_to_deliver(actor.person_id),
            "/proposals",
            Some(|id| format!("/proposals/{id}#plan")),
        );
    }
    if actor.may(Action::RecordContract) {
        ask(
            "contracts.to_record",
            store::contracts_to_record(),
            "/propositions?status=awarded",
            Some(|id| format!("/proposals/{id}#contract")),
        );
    }
    if actor.may(Action::RunDeals) {
        ask("deals.to_contact", store::deals_to_contact(), "/deals?stage=interest", Some(|id| format!("/deals/{id}")));
    }
    ask("notifications.unread", store::unread_notifications(actor.person_id), "/notifications", None);

    let (meta, counts): (Vec<_>, Vec<_>) =
        asked.into_iter().map(|(kind, count, many, one)| ((kind, many, one), count)).unzip();
    let answers = store::count_all(&app.db, counts).await?;
    // Several counts of one kind (an agreement's sides) add up to one line.
    let mut items: Vec<(TodoItem, Option<i64>, Option<RecordPage>)> = Vec::new();
    for ((kind, many, one), w) in meta.into_iter().zip(answers) {
        match items.iter_mut().find(|(item, _, _)| item.kind == kind) {
            Some((item, first, _)) => {
                item.count += w.count;
                *first = first.or(w.first_id);
            }
            None => items.push((TodoItem { kind, count: w.count, link: many.to_owned() }, w.first_id, one)),
        }
    }
    Ok(items
        .into_iter()
        .filter(|(item, _, _)| item.count > 0)
        .map(|(mut item, first, one)| {
            if let (1, Some(id), Some(page)) = (item.count, first, one) {
                item.link = page(id);
            }
            item
        })
        .collect())
}

/// The enterprises the caller administers.
fn enterprises_run(ctx: &Ctx) -> Vec<i64> {
    ctx.actor
        .grants
        .iter()
        .filter(|g| g.org_kind == OrgKind::Enterprise && g.role == Role::EnterpriseAdmin)
        .map(|g| g.org_id)
        .collect()
}

/// The sides of learning agreements the caller confirms for.
fn agreement_parties(ctx: &Ctx, staff: bool, enterprises: &[i64]) -> Vec<AgreementParty> {
    let mut parties = Vec::new();
    if ctx.actor.has_role(Role::Student) {
        parties.push(AgreementParty::Student(ctx.actor.person_id));
    }
    if !enterprises.is_empty() {
        parties.push(AgreementParty::Enterprise(Scope::Orgs(enterprises.to_vec())));
    }
    if staff {
        parties.push(AgreementParty::University);
    }
    parties
}

/// The home page in one call: the to-do list first, then the platform's figures (for members
/// of at least one organisation) and the reader's own organisations.
#[derive(Debug, Clone, Default)]
pub struct HomeView {
    pub todo: Vec<TodoItem>,
    pub headline: Option<crate::stats::Headline>,
    pub memberships: Vec<tandem_store::people::MembershipRow>,
    /// Hours of equipment use in each of the last six months (oldest first) for what the reader
    /// watches, and whose use it is.
    pub use_trend: Option<UseTrend>,
    /// The same for the college the reader belongs to, when they watch less than the platform.
    pub college_trend: Option<UseTrend>,
    /// Distributions for those who watch the whole region (staff and government officers):
    /// counts only, never a named enterprise.
    pub breakdowns: Vec<Breakdown>,
    /// A student's own figures.
    pub student: Option<StudentFigures>,
    /// The figures of each enterprise the reader works in.
    pub enterprises: Vec<EnterpriseFigures>,
}

/// How many enterprises fall in each group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// `enterprises.by_region` or `enterprises.by_section`.
    pub key: &'static str,
    pub rows: Vec<(Group, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    /// A region code or an industry section letter.
    Code(String),
    /// Enterprises without the figure.
    Unknown,
    /// The smaller groups beyond the largest ones, together.
    Others,
}

/// How many groups a breakdown shows before the rest are summed as others.
pub const BREAKDOWN_ROWS: usize = 8;

fn breakdown(key: &'static str, counts: Vec<(Option<String>, i64)>) -> Breakdown {
    // Up to BREAKDOWN_ROWS groups show as they are; beyond that the smallest share one row.
    let shown = if counts.len() > BREAKDOWN_ROWS { BREAKDOWN_ROWS - 1 } else { counts.len() };
    let others: i64 = counts.iter().skip(shown).map(|(_, n)| n).sum();
    let mut rows: Vec<(Group, i64)> = counts
        .into_iter()
        .take(shown)
        .map(|(code, n)| (code.filter(|c| !c.is_empty()).map_or(Group::Unknown, Group::Code), n))
        .collect();
    if others > 0 {
        rows.push((Group::Others, others));
    }
    Breakdown { key, rows }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UseTrend {
    /// `platform` (every item), `labs` (the items of the labs the reader teaches in),
    /// `enterprise` (bookings by the people of the enterprises the reader runs), `mine`, or
    /// `college` (the labs of the reader's college).
    pub scope: &'static str,
    /// `((year, month), hours)`, oldest first; the last is the current month.
    pub months: Vec<((i32, u32), f64)>,
}

/// How many months the home's trend shows.
pub const TREND_MONTHS: usize = 6;

/// A college's members (its teachers, its staff) watch its labs' use as well as their own.
async fn college_trend(app: &App, ctx: &Ctx) -> AppResult<Option<UseTrend>> {
    let actor = &ctx.actor;
    if actor.may(Action::ViewSharingFigures) {
        return Ok(None);
    }
    let Some(college) = actor.grants.iter().find(|g| g.org_kind == OrgKind::College).map(|g| g.org_id) else {
        return Ok(None);
    };
    let (bounds, months) = tandem_domain::sharing::month_bounds(app.now(), TREND_MONTHS);
    let hours = store::use_hours(&app.db, &UseScope::Below(college), &bounds).await?;
    Ok(Some(UseTrend { scope: "college", months: months.into_iter().zip(hours).collect() }))
}

async fn use_trend(app: &App, ctx: &Ctx) -> AppResult<Option<UseTrend>> {
    let actor = &ctx.actor;
    let (scope, label) = if actor.may(Action::ViewSharingFigures) {
        (UseScope::All, "platform")
    } else if !actor.teaching_labs().is_empty() {
        (UseScope::Labs(actor.teaching_labs()), "labs")
    } else if !enterprises_run(ctx).is_empty() {
        (UseScope::MembersOf(enterprises_run(ctx)), "enterprise")
    } else if actor.may(Action::BookEquipment) {
        (UseScope::Person(actor.person_id), "mine")
    } else {
        return Ok(None);
    };
    let (bounds, months) = tandem_domain::sharing::month_bounds(app.now(), TREND_MONTHS);
    let hours = store::use_hours(&app.db, &scope, &bounds).await?;
    Ok(Some(UseTrend { scope: label, months: months.into_iter().zip(hours).collect() }))
}

pub async fn home_page(app: &App, ctx: &Ctx) -> AppResult<HomeView> {
    let todo = todo(app, ctx).await?;
    if ctx.actor.grants.is_empty() {
        return Ok(HomeView { todo, ..HomeView::default() });
    }
    let headline = Some(crate::stats::headline(app, ctx).await?);
    let memberships = tandem_store::people::memberships_of(&app.db, ctx.actor.person_id).await?;
    let use_trend = use_trend(app, ctx).await?;
    let college_trend = college_trend(app, ctx).await?;
    let mut breakdowns = Vec::new();
    if ctx.actor.may(Action::ViewDiagnosisAggregates) {
        let groupings = [EnterpriseGrouping::Region, EnterpriseGrouping::IndustrySection];
        let counts = store::enterprises_by(&app.db, &groupings).await?;
        for (key, counts) in ["enterprises.by_region", "enterprises.by_section"].into_iter().zip(counts) {
            breakdowns.push(breakdown(key, counts));
        }
    }
    let student = if ctx.actor.has_role(Role::Student) {
        Some(store::student_figures(&app.db, ctx.actor.person_id, app.now()).await?)
    } else {
        None
    };
    let mut enterprises = Vec::new();
    let since = tandem_domain::sharing::month_bounds(app.now(), TREND_MONTHS).0.first().copied().unwrap_or(0);
    let mut own = ctx.actor.own_enterprises();
    own.sort_unstable();
    own.dedup();
    for org_id in own {
        enterprises.push(store::enterprise_figures(&app.db, org_id, since).await?);
    }
    Ok(HomeView { todo, headline, memberships, use_trend, college_trend, breakdowns, student, enterprises })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(n: i64) -> Vec<(Option<String>, i64)> {
        (0..n).map(|i| (Some(format!("R{i}")), 10 - i)).collect()
    }

    #[test]
    fn a_breakdown_shows_every_group_up_to_the_limit_and_sums_the_rest() {
        let all = breakdown("k", counts(8));
        assert_eq!(all.rows.len(), 8);
        assert!(!all.rows.iter().any(|(g, _)| *g == Group::Others));
        let cut = breakdown("k", counts(10));
        assert_eq!(cut.rows.len(), 8);
        assert_eq!(cut.rows[7], (Group::Others, 3 + 2 + 1), "groups 8 to 10 together");
        let unknown = breakdown("k", vec![(Some("C".into()), 3), (None, 2)]);
        assert_eq!(unknown.rows, vec![(Group::Code("C".into()), 3), (Group::Unknown, 2)]);
    }
}
