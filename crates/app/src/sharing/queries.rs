//! What the sharing screens read, one call per screen: each query checks access once and
//! returns everything its page or API answer shows.

use crate::{App, AppError, AppResult, Ctx};
use tandem_domain::access::Action;
use tandem_domain::id::EquipmentId;
use tandem_domain::org::OrgKind;
use tandem_domain::sharing::Policy;
use tandem_domain::sharing::week::{self, WeekGrid};
use tandem_store::Page;
use tandem_store::sharing::{self as store, AuthorisationRow, BookingRow, EquipmentFilter, EquipmentRow};

/// An item's page: the item, its rates and rules, the week on show, and for its managers the
/// panel only they see.
#[derive(Debug, Clone)]
pub struct ItemPage {
    pub item: EquipmentRow,
    /// `(user class, fen per hour, currency)`.
    pub rates: Vec<(String, i64, String)>,
    pub policy: Policy,
    pub week: WeekGrid,
    pub now: i64,
    /// The reader's rate class and its rate (fen per hour), if the item has one for them.
    pub my_rate: Option<(&'static str, i64)>,
    /// Whether the reader may book it as far as training goes (always, if it needs none).
    pub trained: bool,
    /// `None` unless the reader manages the item.
    pub management: Option<Management>,
}

/// What the item's managers see on its page.
#[derive(Debug, Clone)]
pub struct Management {
    /// Who was trained on the item, and until when.
    pub trained: Vec<AuthorisationRow>,
    /// When the item's calendar address was made, if it has one.
    pub feed_created: Option<i64>,
    /// Bookings from two days back, to check people in or record a no-show.
    pub bookings: Vec<BookingRow>,
    /// People to offer when recording training: the lab's users and members.
    pub trainees: Vec<crate::people::Suggestion>,
}

/// The page of item `id` with the week `week_offset` weeks from this one.
pub async fn item_page(app: &App, ctx: &Ctx, id: EquipmentId, week_offset: i64) -> AppResult<ItemPage> {
    app.authorize(ctx, Action::ViewStructure).await?;
    let item = store::get_equipment(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let rates = store::rates(&app.db, id).await?;
    let policy = super::policy_of(&item);
    let now = app.now();
    let (start, end) = week::window(now, week_offset);
    let (mine, taken): (Vec<_>, Vec<_>) = store::holding_between(&app.db, id, start, end)
        .await?
        .into_iter()
        .partition(|(_, _, _, person)| *person == ctx.actor.person_id);
    let span =
        |v: Vec<(i64, i64, String, i64)>| -> Vec<(i64, i64)> { v.into_iter().map(|(s, e, _, _)| (s, e)).collect() };
    let (mine, taken) = (span(mine), span(taken));
    let closed: Vec<(i64, i64)> =
        store::blackouts_between(&app.db, id, start, end).await?.into_iter().map(|b| (b.start_at, b.end_at)).collect();
    let week = week::grid(now, week_offset, &policy, &week::Holds { mine: &mine, taken: &taken, closed: &closed });
    let my_rate = super::user_class(ctx)
        .and_then(|class| rates.iter().find(|(c, _, _)| c == class).map(|(_, fen, _)| (class, *fen)));
    let trained = !policy.requires_authorisation
        || ctx.actor.has_role(tandem_domain::access::Role::PlatformAdmin)
        || store::authorised(&app.db, id, ctx.actor.person_id, now).await?;
    let management = if ctx.actor.may(Action::ManageEquipment { lab_id: item.lab_id }) {
        Some(Management {
            trained: store::authorisations(&app.db, id).await?,
            feed_created: store::item_feed_created(&app.db, id).await?,
            bookings: store::bookings_of_item(&app.db, id, now - 2 * 86_400, 100).await?,
            trainees: crate::people::suggestions(app, ctx, &crate::people::Pool::LabUsers { lab_id: item.lab_id })
                .await?,
        })
    } else {
        None
    };
    Ok(ItemPage { item, rates, policy, week, now, my_rate, trained, management })
}

/// One page of the catalogue with what its filters offer and what the reader may do there.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub rows: Vec<EquipmentRow>,
    pub total: i64,
    /// Colleges and centres to narrow by, as `(id, kind, name)`; an organisation of another
    /// kind chosen elsewhere (a lab, the university) comes first, so the filter shows it.
    pub units: Vec<(i64, String, String)>,
    /// Whether the reader may open the sharing figures (all, or their labs').
    pub may_see_figures: bool,
    /// Whether the reader may publish an item somewhere.
    pub may_publish: bool,
}

pub async fn catalogue(app: &App, ctx: &Ctx, filter: &EquipmentFilter, page: Page) -> AppResult<Catalogue> {
    app.authorize(ctx, Action::ViewStructure).await?;
    let (rows, total) = store::list_equipment(&app.db, filter, page).await?;
    let mut units = store::units(&app.db).await?;
    if let Some(id) = filter.org_id
        && !units.iter().any(|(unit, _, _)| *unit == id)
        && let Some(org) = tandem_store::org::get_org(&app.db, id).await?
        && org.kind != OrgKind::Enterprise.code()
    {
        units.insert(0, (org.id, org.kind, org.name));
    }
    Ok(Catalogue {
        rows,
        total,
        units,
        may_see_figures: ctx.actor.may(Action::ViewLabFigures),
        may_publish: ctx.actor.may(Action::PublishEquipment),
    })
}

/// The reader's bookings page: their own bookings, the requests waiting for their decision (for
/// the labs they manage; empty for everyone else) and their calendar address.
#[derive(Debug, Clone)]
pub struct MyBookings {
    pub mine: Vec<BookingRow>,
    pub queue: Vec<BookingRow>,
    /// When the reader's calendar address was made, if they have one.
    pub feed_created: Option<i64>,
    pub now: i64,
}

pub async fn my_bookings(app: &App, ctx: &Ctx) -> AppResult<MyBookings> {
    Ok(MyBookings {
        mine: super::my_bookings(app, ctx).await?,
        queue: super::approval_queue(app, ctx).await?,
        feed_created: super::feed_created(app, ctx).await?,
        now: app.now(),
    })
}

/// The approval queue of the labs the reader manages, oldest request first.
#[derive(Debug, Clone)]
pub struct Approvals {
    pub queue: Vec<BookingRow>,
    pub now: i64,
}

/// The approval queue page: for anyone who manages a lab (staff: every lab); others are refused
/// and the refusal audited.
pub async fn approvals(app: &App, ctx: &Ctx) -> AppResult<Approvals> {
    app.authorize(ctx, tandem_domain::access::Action::PublishEquipment).await?;
    Ok(Approvals { queue: super::approval_queue(app, ctx).await?, now: app.now() })
}

/// An item for a form only its managers use (closing it for a time); others are refused and
/// the refusal audited.
pub async fn managed_item(app: &App, ctx: &Ctx, id: EquipmentId) -> AppResult<EquipmentRow> {
    super::managed_item(app, ctx, id).await
}

/// An item with its rates for its edit form (its managers only; others are refused and audited).
pub async fn item_for_edit(
    app: &App,
    ctx: &Ctx,
    id: EquipmentId,
) -> AppResult<(EquipmentRow, Vec<(String, i64, String)>)> {
    let item = managed_item(app, ctx, id).await?;
    let rates = store::rates(&app.db, id).await?;
    Ok((item, rates))
}

/// One page of the datasets the reader may see, and whether they may publish one.
#[derive(Debug, Clone)]
pub struct DatasetCatalogue {
    pub rows: Vec<super::datasets::Dataset>,
    pub total: i64,
    /// Whether the reader manages a lab or an enterprise that may publish datasets.
    pub may_publish: bool,
}

pub async fn dataset_catalogue(
    app: &App,
    ctx: &Ctx,
    filter: &super::datasets::DatasetFilter,
    page: Page,
) -> AppResult<DatasetCatalogue> {
    let (rows, total) = super::datasets::list(app, ctx, filter, page).await?;
    let may_publish = !super::datasets::owner_choices(app, ctx).await?.is_empty();
    Ok(DatasetCatalogue { rows, total, may_publish })
}

/// A dataset's page: what every reader sees, and for its managers the requests and the
/// download log.
pub struct DatasetPage {
    pub view: super::datasets::DatasetView,
    /// `None` unless the reader manages the dataset.
    pub management: Option<DatasetManagement>,
}

pub struct DatasetManagement {
    pub requests: Vec<super::datasets::AccessRequest>,
    /// The latest downloads and how many there were in all.
    pub downloads: (Vec<super::datasets::Download>, i64),
}

pub async fn dataset_page(app: &App, ctx: &Ctx, id: i64) -> AppResult<DatasetPage> {
    let view = super::datasets::get(app, ctx, id).await?;
    let management = if view.manages {
        Some(DatasetManagement {
            requests: super::datasets::requests(app, ctx, id).await?,
            downloads: super::datasets::downloads(app, ctx, id).await?,
        })
    } else {
        None
    };
    Ok(DatasetPage { view, management })
}
