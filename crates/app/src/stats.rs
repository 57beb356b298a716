//! The platform's headline figures.

use crate::{App, AppResult, Ctx};
use tandem_domain::access::Action;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headline {
    pub colleges: i64,
    pub centres: i64,
    pub labs: i64,
    pub enterprises: i64,
    pub governments: i64,
    pub institutes: i64,
    pub people: i64,
    /// Distinct people per role code (for those who may list everyone; empty otherwise).
    pub by_role: Vec<(String, i64)>,
}

pub async fn headline(app: &App, ctx: &Ctx) -> AppResult<Headline> {
    app.authorize(ctx, Action::ViewStructure).await?;
    let mut h = Headline::default();
    for (kind, n) in tandem_store::org::count_by_kind_and_people(&app.db).await? {
        match kind.as_str() {
            "college" => h.colleges = n,
            "centre" => h.centres = n,
            "lab" => h.labs = n,
            "enterprise" => h.enterprises = n,
            "government" => h.governments = n,
            "institute" => h.institutes = n,
            "people" => h.people = n,
            _ => {}
        }
    }
    // Who holds which role is the staff's to know.
    if ctx.actor.may(Action::ListAllPeople) {
        h.by_role = tandem_store::people::count_by_role(&app.db).await?;
    }
    Ok(h)
}
