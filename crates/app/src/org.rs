//! Organisations: the university's colleges, centres and labs, government bodies, research
//! institutes, and enterprises with their profiles and size classes.

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use chrono::NaiveDate;
use serde_json::json;
use tandem_domain::access::Action;
use tandem_domain::money::format_fen_as_wan;
use tandem_domain::org::{
    EnterpriseInput, EnterpriseProfile, NotClassified, OrgKind, OrgUnitInput, SizeOutcome, check_parent,
};
use tandem_domain::reference::{Division, Region, Section};
use tandem_domain::validation::FieldErrors;
use tandem_store::org::{
    self as store, EnterpriseFilter, EnterpriseRow, EnterpriseWrite, OrgFilter, OrgRef, OrgRow, OrgWrite,
};
use tandem_store::people::{self, MembershipRow};
use tandem_store::{Page, StoreError};

/// Kinds that are managed as "organisation units" (enterprises have their own pages).
pub const UNIT_KINDS: [OrgKind; 5] =
    [OrgKind::College, OrgKind::Centre, OrgKind::Lab, OrgKind::Government, OrgKind::Institute];

pub async fn list_units(app: &App, ctx: &Ctx, filter: &OrgFilter, page: Page) -> AppResult<(Vec<OrgRow>, i64)> {
    app.authorize(ctx, Action::ViewStructure).await?;
    let mut filter = filter.clone();
    filter.kinds.retain(|k| OrgKind::from_code(k).is_some_and(|k| k != OrgKind::Enterprise));
    if filter.kinds.is_empty() {
        filter.kinds = std::iter::once(OrgKind::University).chain(UNIT_KINDS).map(|k| k.code().to_owned()).collect();
    }
    Ok(store::list_orgs(&app.db, &filter, page).await?)
}

/// One organisation unit with what hangs off it.
#[derive(Debug, Clone)]
pub struct UnitView {
    pub org: OrgRow,
    pub children: Vec<OrgRef>,
    pub partners: Vec<OrgRef>,
    /// Members, when the viewer may see them.
    pub members: Option<Vec<MembershipRow>>,
}

pub async fn get_unit(app: &App, ctx: &Ctx, id: i64) -> AppResult<UnitView> {
    app.authorize(ctx, Action::ViewStructure).await?;
    let org = store::get_org(&app.db, id).await?.ok_or(AppError::NotFound)?;
    if org.kind == OrgKind::Enterprise.code() {
        return Err(AppError::NotFound);
    }
    let children = store::children_of(&app.db, id).await?;
    let partners =
        if org.kind == OrgKind::College.code() { store::partners_of_college(&app.db, id).await? } else { vec![] };
    let members = if ctx.actor.may(Action::ListAllPeople) || ctx.actor.is_member_of(id) {
        Some(people::members_of(&app.db, id, 200).await?)
    } else {
        None
    };
    Ok(UnitView { org, children, partners, members })
}

/// Checks kind and parent and returns the row to write.
async fn unit_write(
    tx: &mut tandem_store::Tx,
    kind: OrgKind,
    parent_id: Option<i64>,
    input: &OrgUnitInput,
    self_id: Option<i64>,
) -> AppResult<OrgWrite> {
    let mut errors = match input.validate() {
        Ok(_) => FieldErrors::new(),
        Err(e) => e,
    };
    if !UNIT_KINDS.contains(&kind) {
        errors.add("kind", "org.kind_not_allowed");
    }
    let parent_kind = match parent_id {
        Some(pid) if Some(pid) == self_id => {
            errors.add("parent_id", "org.parent_self");
            None
        }
        Some(pid) => match store::org_kind_tx(tx, pid).await? {
            Some(k) => OrgKind::from_code(&k),
            None => {
                errors.add("parent_id", "not_found");
                None
            }
        },
        None => None,
    };
    if errors.for_field("parent_id").is_none() {
        check_parent(&mut errors, kind, parent_kind);
    }
    let fields = input.validate();
    match (fields, errors.is_empty()) {
        (Ok(f), true) => Ok(OrgWrite {
            kind: kind.code().to_owned(),
            name: f.name,
            name_en: f.name_en,
            description: f.description,
            parent_id,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn org_json(o: &OrgWrite) -> serde_json::Value {
    json!({ "kind": o.kind, "name": o.name, "name_en": o.name_en, "description": o.description, "parent_id": o.parent_id })
}

pub async fn create_unit(
    app: &App,
    ctx: &Ctx,
    kind: OrgKind,
    parent_id: Option<i64>,
    input: &OrgUnitInput,
) -> AppResult<i64> {
    app.authorize(ctx, Action::ManageStructure).await?;
    let mut tx = app.db.begin_write().await?;
    let write = unit_write(&mut tx, kind, parent_id, input, None).await?;
    let id = store::insert_org(&mut tx, &write, app.now()).await?;
    record_change(&mut tx, app, ctx, "org.created", "org", id, None, Some(org_json(&write))).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_unit(app: &App, ctx: &Ctx, id: i64, parent_id: Option<i64>, input: &OrgUnitInput) -> AppResult<()> {
    app.authorize(ctx, Action::ManageStructure).await?;
    let mut tx = app.db.begin_write().await?;
    let before = store::get_org_tx(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let kind = OrgKind::from_code(&before.kind).filter(|k| UNIT_KINDS.contains(k)).ok_or(AppError::NotFound)?;
    let write = unit_write(&mut tx, kind, parent_id, input, Some(id)).await?;
    store::update_org(&mut tx, id, &write, app.now()).await?;
    let before_json = json!({ "kind": before.kind, "name": before.name, "name_en": before.name_en,
        "description": before.description, "parent_id": before.parent_id });
    record_change(&mut tx, app, ctx, "org.updated", "org", id, Some(before_json), Some(org_json(&write))).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks that `college_id` is a college and `enterprise_id` an enterprise.
async fn check_partnership(tx: &mut tandem_store::Tx, college_id: i64, enterprise_id: i64) -> AppResult<()> {
    if store::org_kind_tx(tx, college_id).await?.as_deref() != Some(OrgKind::College.code()) {
        return Err(AppError::NotFound);
    }
    if store::org_kind_tx(tx, enterprise_id).await?.as_deref() != Some(OrgKind::Enterprise.code()) {
        return Err(AppError::invalid("enterprise_id", "not_found"));
    }
    Ok(())
}

/// Makes an enterprise a partner of a modern industrial college.
pub async fn add_partner(app: &App, ctx: &Ctx, college_id: i64, enterprise_id: i64) -> AppResult<()> {
    app.authorize(ctx, Action::ManageStructure).await?;
    let mut tx = app.db.begin_write().await?;
    check_partnership(&mut tx, college_id, enterprise_id).await?;
    store::add_partner(&mut tx, college_id, enterprise_id).await.map_err(|e| match e {
        StoreError::Duplicate(_) => AppError::Duplicate { field: "enterprise_id".into() },
        other => other.into(),
    })?;
    let after = json!({ "enterprise_id": enterprise_id });
    record_change(&mut tx, app, ctx, "college.partner_added", "org", college_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a partnership between a college and an enterprise.
pub async fn remove_partner(app: &App, ctx: &Ctx, college_id: i64, enterprise_id: i64) -> AppResult<()> {
    app.authorize(ctx, Action::ManageStructure).await?;
    let mut tx = app.db.begin_write().await?;
    check_partnership(&mut tx, college_id, enterprise_id).await?;
    if !store::remove_partner(&mut tx, college_id, enterprise_id).await? {
        return Err(AppError::NotFound);
    }
    let before = json!({ "enterprise_id": enterprise_id });
    record_change(&mut tx, app, ctx, "college.partner_removed", "org", college_id, Some(before), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Enterprises to choose a partner from, for forms.
pub async fn enterprise_choices(app: &App, ctx: &Ctx) -> AppResult<Vec<OrgRef>> {
    app.authorize(ctx, Action::ManageStructure).await?;
    Ok(store::refs_of_kinds(&app.db, &[OrgKind::Enterprise.code()]).await?)
}

/// Organisations a new unit may be placed under, for forms.
pub async fn parent_choices(app: &App, ctx: &Ctx) -> AppResult<Vec<OrgRef>> {
    app.authorize(ctx, Action::ManageStructure).await?;
    Ok(store::refs_of_kinds(&app.db, &["university", "college", "centre"]).await?)
}

/// Every organisation a person can be made a member of, for forms.
pub async fn membership_choices(app: &App, ctx: &Ctx) -> AppResult<Vec<OrgRef>> {
    app.authorize(ctx, Action::ManagePeople).await?;
    Ok(store::refs_of_kinds(&app.db, &OrgKind::ALL.map(|k| k.code())).await?)
}

/// An enterprise with its size classification explained and its reference names resolved.
#[derive(Debug, Clone)]
pub struct EnterpriseView {
    pub row: EnterpriseRow,
    pub size: Result<SizeOutcome, NotClassified>,
    pub industry: Option<(Section, Division)>,
    pub region: Option<Region>,
    pub colleges: Vec<OrgRef>,
    pub can_edit: bool,
}

/// The raw input that reproduces a stored enterprise, as the base for edits and PATCH.
pub fn input_from_row(row: &EnterpriseRow) -> EnterpriseInput {
    EnterpriseInput {
        name: row.name.clone(),
        name_en: row.name_en.clone().unwrap_or_default(),
        uscc: row.uscc.clone(),
        industry_code: row.industry_code.clone(),
        region_code: row.region_code.clone().unwrap_or_default(),
        founded_on: row.founded_on.clone().unwrap_or_default(),
        employees: row.employees.map(|n| n.to_string()).unwrap_or_default(),
        operating_revenue_wan: row.operating_revenue_fen.map(format_fen_as_wan).unwrap_or_default(),
        total_assets_wan: row.total_assets_fen.map(format_fen_as_wan).unwrap_or_default(),
        rd_expense_wan: row.rd_expense_fen.map(format_fen_as_wan).unwrap_or_default(),
        rd_staff: row.rd_staff.map(|n| n.to_string()).unwrap_or_default(),
        invention_patents: row.invention_patents.map(|n| n.to_string()).unwrap_or_default(),
        class2_ip_items: row.class2_ip_items.map(|n| n.to_string()).unwrap_or_default(),
    }
}

fn today(app: &App) -> NaiveDate {
    app.clock.now().date_naive()
}

fn enterprise_write(app: &App, p: &EnterpriseProfile) -> EnterpriseWrite {
    let size = p.size(&app.reference).ok();
    EnterpriseWrite {
        name: p.name.clone(),
        name_en: p.name_en.clone(),
        uscc: p.uscc.to_string(),
        industry_code: p.industry_code.clone(),
        region_code: p.region_code.clone(),
        founded_on: p.founded_on.map(|d| d.format("%Y-%m-%d").to_string()),
        employees: p.employees,
        operating_revenue_fen: p.operating_revenue_fen,
        total_assets_fen: p.total_assets_fen,
        size_class: size.as_ref().map(|s| s.class.code().to_owned()),
        size_row: size.map(|s| i64::from(s.row)),
        rd_expense_fen: p.rd_expense_fen,
        rd_staff: p.rd_staff,
        invention_patents: p.invention_patents,
        class2_ip_items: p.class2_ip_items,
    }
}

fn enterprise_json(e: &EnterpriseWrite) -> serde_json::Value {
    json!({
        "name": e.name, "name_en": e.name_en, "uscc": e.uscc, "industry_code": e.industry_code,
        "region_code": e.region_code, "founded_on": e.founded_on, "employees": e.employees,
        "operating_revenue_fen": e.operating_revenue_fen, "total_assets_fen": e.total_assets_fen,
        "size_class": e.size_class,
    })
}

fn row_json(r: &EnterpriseRow) -> serde_json::Value {
    json!({
        "name": r.name, "name_en": r.name_en, "uscc": r.uscc, "industry_code": r.industry_code,
        "region_code": r.region_code, "founded_on": r.founded_on, "employees": r.employees,
        "operating_revenue_fen": r.operating_revenue_fen, "total_assets_fen": r.total_assets_fen,
        "size_class": r.size_class,
    })
}

fn duplicate_or(e: StoreError) -> AppError {
    match e {
        StoreError::Duplicate(_) => AppError::Duplicate { field: "uscc".into() },
        other => other.into(),
    }
}

/// Lists enterprises: all of them for staff and government, only their own for enterprise
/// members, and nothing (refused) for anyone else.
pub async fn list_enterprises(
    app: &App,
    ctx: &Ctx,
    filter: &EnterpriseFilter,
    page: Page,
) -> AppResult<(Vec<EnterpriseRow>, i64)> {
    let mut filter = filter.clone();
    if !ctx.actor.may(Action::ListAllEnterprises) {
        let own = ctx.actor.own_enterprises();
        if own.is_empty() {
            app.authorize(ctx, Action::ListAllEnterprises).await?;
        }
        filter.only_ids = Some(own);
    }
    Ok(store::list_enterprises(&app.db, &filter, page).await?)
}

/// One enterprise. Someone who may not see it gets `NotFound`, exactly as for an id that does
/// not exist, so another enterprise's records are invisible rather than merely forbidden.
pub async fn get_enterprise(app: &App, ctx: &Ctx, id: i64) -> AppResult<EnterpriseView> {
    app.authorize_or_hide(ctx, Action::ViewEnterprise { org_id: id }).await?;
    let row = store::get_enterprise(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let input = input_from_row(&row);
    let size = match input.validate(&app.reference, today(app)) {
        Ok(profile) => profile.size(&app.reference),
        Err(_) => tandem_domain::org::classify(
            &app.reference,
            &row.industry_code,
            &tandem_domain::org::SizeFigures {
                employees: row.employees,
                revenue_fen: row.operating_revenue_fen,
                assets_fen: row.total_assets_fen,
            },
        ),
    };
    let industry = app.reference.industry(&row.industry_code).map(|(s, d)| (s.clone(), d.clone()));
    let region = row.region_code.as_deref().and_then(|c| app.reference.region(c)).cloned();
    let colleges = store::colleges_of_enterprise(&app.db, id).await?;
    let can_edit = ctx.actor.may(Action::EditEnterprise { org_id: id });
    Ok(EnterpriseView { row, size, industry, region, colleges, can_edit })
}

pub async fn create_enterprise(app: &App, ctx: &Ctx, input: &EnterpriseInput) -> AppResult<i64> {
    app.authorize(ctx, Action::CreateEnterprise).await?;
    let profile = input.validate(&app.reference, today(app))?;
    let write = enterprise_write(app, &profile);
    let mut tx = app.db.begin_write().await?;
    if store::enterprise_with_uscc(&mut tx, &write.uscc).await?.is_some() {
        return Err(AppError::Duplicate { field: "uscc".into() });
    }
    let id = store::insert_enterprise(&mut tx, &write, app.now()).await.map_err(duplicate_or)?;
    record_change(&mut tx, app, ctx, "enterprise.created", "org", id, None, Some(enterprise_json(&write))).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_enterprise(app: &App, ctx: &Ctx, id: i64, input: &EnterpriseInput) -> AppResult<()> {
    app.authorize_or_hide(ctx, Action::ViewEnterprise { org_id: id }).await?;
    app.authorize(ctx, Action::EditEnterprise { org_id: id }).await?;
    let profile = input.validate(&app.reference, today(app))?;
    let write = enterprise_write(app, &profile);
    let mut tx = app.db.begin_write().await?;
    let before = store::get_enterprise_tx(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if store::enterprise_with_uscc(&mut tx, &write.uscc).await?.is_some_and(|other| other != id) {
        return Err(AppError::Duplicate { field: "uscc".into() });
    }
    store::update_enterprise(&mut tx, id, &write, app.now()).await.map_err(duplicate_or)?;
    record_change(
        &mut tx,
        app,
        ctx,
        "enterprise.updated",
        "org",
        id,
        Some(row_json(&before)),
        Some(enterprise_json(&write)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes an enterprise the way `change` turns its stored profile into the new one (a PATCH
/// overlays the fields it was sent) and returns it as it then is.
pub async fn patch_enterprise(
    app: &App,
    ctx: &Ctx,
    id: i64,
    change: impl FnOnce(EnterpriseInput) -> AppResult<EnterpriseInput>,
) -> AppResult<EnterpriseView> {
    let input = change(input_from_row(&enterprise_for_edit(app, ctx, id).await?))?;
    update_enterprise(app, ctx, id, &input).await?;
    get_enterprise(app, ctx, id).await
}

/// Changes a unit the way `change` turns the stored one (its row, and its texts as a form holds
/// them) into a new parent and texts, and returns it as it then is.
pub async fn patch_unit(
    app: &App,
    ctx: &Ctx,
    id: i64,
    change: impl FnOnce(&OrgRow, OrgUnitInput) -> AppResult<(Option<i64>, OrgUnitInput)>,
) -> AppResult<UnitView> {
    let current = get_unit(app, ctx, id).await?.org;
    let texts = OrgUnitInput {
        name: current.name.clone(),
        name_en: current.name_en.clone().unwrap_or_default(),
        description: current.description.clone().unwrap_or_default(),
    };
    let (parent_id, input) = change(&current, texts)?;
    update_unit(app, ctx, id, parent_id, &input).await?;
    get_unit(app, ctx, id).await
}

/// The stored enterprise row, for building a PATCH on top of it (access checked).
pub async fn enterprise_for_edit(app: &App, ctx: &Ctx, id: i64) -> AppResult<EnterpriseRow> {
    let view = get_enterprise(app, ctx, id).await?;
    if !view.can_edit {
        app.authorize(ctx, Action::EditEnterprise { org_id: id }).await?;
    }
    Ok(view.row)
}
