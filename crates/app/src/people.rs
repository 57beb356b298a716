//! People and their memberships of organisations.

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use tandem_domain::access::{Action, Role};
use tandem_domain::org::OrgKind;
use tandem_domain::person::{PersonFields, PersonInput, check_new_password};
use tandem_store::people::{self as store, MembershipRow, PeopleFilter, PersonRow, PersonWrite};
use tandem_store::{Page, StoreError};

pub async fn list_people(app: &App, ctx: &Ctx, filter: &PeopleFilter, page: Page) -> AppResult<(Vec<PersonRow>, i64)> {
    let mut filter = filter.clone();
    if !ctx.actor.may(Action::ListAllPeople) {
        filter.within_orgs = Some(ctx.actor.grants.iter().map(|g| g.org_id).collect());
        filter.also_person = Some(ctx.actor.person_id);
    }
    Ok(store::list_people(&app.db, &filter, page).await?)
}

#[derive(Debug, Clone)]
pub struct PersonView {
    pub person: PersonRow,
    pub memberships: Vec<MembershipRow>,
    pub can_manage: bool,
}

/// One person; someone the viewer may not see is reported as not found.
pub async fn get_person(app: &App, ctx: &Ctx, id: i64) -> AppResult<PersonView> {
    let shares_org = id == ctx.actor.person_id || store::share_an_org(&app.db, ctx.actor.person_id, id).await?;
    app.authorize_or_hide(ctx, Action::ViewPerson { person_id: id, shares_org }).await?;
    let person = store::get_person(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let memberships = store::memberships_of(&app.db, id).await?;
    Ok(PersonView { person, memberships, can_manage: ctx.actor.may(Action::ManagePeople) })
}

fn write_of(f: &PersonFields) -> PersonWrite {
    PersonWrite {
        name: f.name.clone(),
        email: f.email.clone(),
        phone: f.phone.clone(),
        expertise: f.expertise.join("\n"),
    }
}

fn person_json(p: &PersonWrite) -> serde_json::Value {
    json!({ "name": p.name, "email": p.email, "phone": p.phone, "expertise": p.expertise })
}

fn email_duplicate(e: StoreError) -> AppError {
    match e {
        StoreError::Duplicate(_) => AppError::Duplicate { field: "email".into() },
        other => other.into(),
    }
}

/// Creates a person; with a password they can sign in (the password needs an email).
pub async fn create_person(app: &App, ctx: &Ctx, input: &PersonInput, password: Option<&str>) -> AppResult<i64> {
    app.authorize(ctx, Action::ManagePeople).await?;
    create_person_unchecked(app, Some(ctx), input, password, None).await
}

/// Creates a person, optionally with one role, without an access check: for the CLI, which
/// runs as the operator. Person and role are written in one transaction.
pub async fn create_person_unchecked(
    app: &App,
    ctx: Option<&Ctx>,
    input: &PersonInput,
    password: Option<&str>,
    role: Option<(i64, Role)>,
) -> AppResult<i64> {
    let fields = match input.validate() {
        Ok(f) => f,
        Err(e) => return Err(AppError::Invalid(e)),
    };
    let hash = match password.filter(|p| !p.is_empty()) {
        Some(p) => {
            if fields.email.is_none() {
                return Err(AppError::invalid("email", "required"));
            }
            check_new_password(p).map_err(|code| AppError::invalid("password", code))?;
            Some(crate::auth::hash_password(p.to_owned()).await?)
        }
        None => None,
    };
    let write = write_of(&fields);
    let mut tx = app.db.begin_write().await?;
    let id = store::insert_person(&mut tx, &write, hash.as_deref(), app.now()).await.map_err(email_duplicate)?;
    if let Some((org_id, role)) = role {
        let kind = tandem_store::org::org_kind_tx(&mut tx, org_id)
            .await?
            .and_then(|k| OrgKind::from_code(&k))
            .ok_or_else(|| AppError::invalid("org_id", "not_found"))?;
        if !role.fits(kind) {
            return Err(AppError::invalid("role", "role.wrong_org_kind"));
        }
        let membership = store::add_membership(&mut tx, id, org_id, role.code(), app.now()).await?;
        let event = tandem_store::audit::AuditWrite {
            at: app.now(),
            actor_id: ctx.map(|c| c.actor.person_id),
            action: "membership.added".into(),
            subject_type: Some("person".into()),
            subject_id: Some(id),
            client_addr: Some("cli".into()),
            after_json: Some(json!({ "membership_id": membership, "org_id": org_id, "role": role.code() }).to_string()),
            ..Default::default()
        };
        tandem_store::audit::record_tx(&mut tx, &event).await?;
    }
    match ctx {
        Some(ctx) => {
            record_change(&mut tx, app, ctx, "person.created", "person", id, None, Some(person_json(&write))).await?
        }
        None => {
            let event = tandem_store::audit::AuditWrite {
                at: app.now(),
                action: "person.created".into(),
                subject_type: Some("person".into()),
                subject_id: Some(id),
                client_addr: Some("cli".into()),
                after_json: Some(person_json(&write).to_string()),
                ..Default::default()
            };
            tandem_store::audit::record_tx(&mut tx, &event).await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

/// Staff edit anyone; a person edits their own contact details and expertise.
/// Changes a person the way `change` turns their stored details into the new ones (a PATCH
/// overlays the fields it was sent) and returns them as they then are.
pub async fn patch_person(
    app: &App,
    ctx: &Ctx,
    id: i64,
    change: impl FnOnce(PersonInput) -> AppResult<PersonInput>,
) -> AppResult<PersonView> {
    let current = get_person(app, ctx, id).await?.person;
    let input = change(PersonInput {
        name: current.name,
        email: current.email.unwrap_or_default(),
        phone: current.phone.unwrap_or_default(),
        expertise: current.expertise.replace('\n', ","),
    })?;
    update_person(app, ctx, id, &input).await?;
    get_person(app, ctx, id).await
}

pub async fn update_person(app: &App, ctx: &Ctx, id: i64, input: &PersonInput) -> AppResult<()> {
    if id != ctx.actor.person_id {
        get_person(app, ctx, id).await?;
        app.authorize(ctx, Action::ManagePeople).await?;
    }
    let fields = input.validate().map_err(AppError::Invalid)?;
    let write = write_of(&fields);
    let mut tx = app.db.begin_write().await?;
    let before = store::get_person_tx(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if before.has_password && write.email.is_none() {
        return Err(AppError::invalid("email", "email.needed_for_sign_in"));
    }
    store::update_person(&mut tx, id, &write, app.now()).await.map_err(email_duplicate)?;
    let before_json =
        json!({ "name": before.name, "email": before.email, "phone": before.phone, "expertise": before.expertise });
    record_change(&mut tx, app, ctx, "person.updated", "person", id, Some(before_json), Some(person_json(&write)))
        .await?;
    tx.commit().await?;
    Ok(())
}

pub use tandem_store::people::{Pool, Suggestion};

/// The people a form offers to pick, for those who may submit that form: a lab's managers pick
/// whom they trained from the lab's users, staff pick mentors, applicants to place and graduates
/// to survey. Anyone else is refused.
pub async fn suggestions(app: &App, ctx: &Ctx, pool: &Pool) -> AppResult<Vec<Suggestion>> {
    let allowed = match pool {
        Pool::LabUsers { lab_id } => ctx.actor.may(Action::ManageEquipment { lab_id: *lab_id }),
        Pool::Mentors { .. } => ctx.actor.may(Action::AssignMentors) || ctx.actor.may(Action::ManageInternships),
        Pool::Applicants { .. } => ctx.actor.may(Action::RunOrderClasses),
        Pool::Graduates { .. } => ctx.actor.may(Action::ManageOutcomes),
        Pool::Teammates => ctx.actor.may(Action::ProposeToProposition),
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    Ok(store::suggestions(&app.db, pool).await?)
}

/// What a person changes about themselves on their profile page.
#[derive(Debug, Clone, Default)]
pub struct OwnDetails {
    pub name: String,
    pub phone: String,
    /// `zh-CN` or `en`.
    pub locale: String,
}

/// The caller's own name, phone and language. Everything is checked before anything is
/// written: a bad language refuses the name change too. The e-mail (their sign-in) and
/// expertise keep their values.
pub async fn update_own_details(app: &App, ctx: &Ctx, details: &OwnDetails) -> AppResult<()> {
    let me = ctx.actor.person_id;
    let current = store::get_person(&app.db, me).await?.ok_or(AppError::NotFound)?;
    let input = PersonInput {
        name: details.name.clone(),
        email: current.email.unwrap_or_default(),
        phone: details.phone.clone(),
        expertise: current.expertise.replace('\n', ","),
    };
    let mut errors = match input.validate() {
        Ok(_) => tandem_domain::validation::FieldErrors::new(),
        Err(e) => e,
    };
    if !crate::auth::LOCALES.contains(&details.locale.as_str()) {
        errors.add("locale", "locale.unknown");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    update_person(app, ctx, me, &input).await?;
    crate::auth::set_locale(app, ctx, &details.locale).await
}

pub async fn add_membership(app: &App, ctx: &Ctx, person_id: i64, org_id: i64, role: &str) -> AppResult<i64> {
    app.authorize(ctx, Action::ManagePeople).await?;
    let role = Role::from_code(role).ok_or_else(|| AppError::invalid("role", "role.unknown"))?;
    if role.is_administrative() {
        app.authorize(ctx, Action::ManageAdmins).await?;
    }
    let mut tx = app.db.begin_write().await?;
    if store::get_person_tx(&mut tx, person_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let kind = tandem_store::org::org_kind_tx(&mut tx, org_id)
        .await?
        .and_then(|k| OrgKind::from_code(&k))
        .ok_or_else(|| AppError::invalid("org_id", "not_found"))?;
    if !role.fits(kind) {
        return Err(AppError::invalid("role", "role.wrong_org_kind"));
    }
    let id = store::add_membership(&mut tx, person_id, org_id, role.code(), app.now()).await.map_err(|e| match e {
        StoreError::Duplicate(_) => AppError::Duplicate { field: "role".into() },
        other => other.into(),
    })?;
    let after = json!({ "membership_id": id, "org_id": org_id, "role": role.code() });
    record_change(&mut tx, app, ctx, "membership.added", "person", person_id, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove_membership(app: &App, ctx: &Ctx, person_id: i64, membership_id: i64) -> AppResult<()> {
    app.authorize(ctx, Action::ManagePeople).await?;
    let mut tx = app.db.begin_write().await?;
    let m = store::get_membership_tx(&mut tx, membership_id)
        .await?
        .filter(|m| m.person_id == person_id)
        .ok_or(AppError::NotFound)?;
    if Role::from_code(&m.role).is_some_and(Role::is_administrative) && !ctx.actor.may(Action::ManageAdmins) {
        // The denial is recorded on its own connection: release the write lock first, or on
        // SQLite it would wait for this very transaction.
        drop(tx);
        app.authorize(ctx, Action::ManageAdmins).await?;
        return Err(AppError::Forbidden);
    }
    if m.person_id == ctx.actor.person_id && m.role == Role::PlatformAdmin.code() {
        return Err(AppError::invalid("role", "membership.cannot_remove_own_admin"));
    }
    store::remove_membership(&mut tx, membership_id).await?;
    let before = json!({ "membership_id": m.id, "org_id": m.org_id, "role": m.role });
    record_change(&mut tx, app, ctx, "membership.removed", "person", person_id, Some(before), None).await?;
    tx.commit().await?;
    Ok(())
}
