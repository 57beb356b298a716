//! What the order-class screens read, one call per screen: the list of classes with the reader's
//! own applications, and one class with its roster, mentors, curriculum and placements. Each
//! part is read through the use case that already checks who may see it.

use super::curriculum::{self, CurriculumItem, Placement};
use super::mentoring::Mentorship;
use super::{Application, ClassView, OrderClass};
use crate::{App, AppResult, Ctx};
use tandem_domain::access::Action;
use tandem_domain::talent::curriculum::{Side, side_of};
use tandem_domain::talent::order::has_ended;

/// The classes page: the classes the reader may see, their own applications with the outcomes,
/// and what they may do there.
#[derive(Debug, Clone)]
pub struct ClassesPage {
    pub classes: Vec<OrderClass>,
    pub my_applications: Vec<Application>,
    /// Whether the reader speaks for an enterprise that may order a class.
    pub may_order: bool,
    /// Whether the reader runs the classes for the university (accepts orders, runs the selection).
    pub staff: bool,
}

pub async fn classes_page(app: &App, ctx: &Ctx) -> AppResult<ClassesPage> {
    Ok(ClassesPage {
        classes: super::list(app, ctx).await?,
        my_applications: super::my_applications(app, ctx).await?,
        may_order: !super::may_order_for(ctx).is_empty(),
        staff: ctx.actor.may(Action::RunOrderClasses),
    })
}

/// One class's page (and its API answer): the class as the reader sees it, the current mentors
/// of its members, its curriculum, the placements the reader may see, the side the reader speaks
/// for, and whether the class is over.
#[derive(Debug, Clone)]
pub struct ClassPage {
    pub view: ClassView,
    pub mentors: Vec<Mentorship>,
    pub curriculum: Vec<CurriculumItem>,
    pub placements: Vec<Placement>,
    /// The side the reader speaks for in the class; `None` for students and other readers.
    pub side: Option<Side>,
    /// Whether the class has passed its last day (China's date today).
    pub ended: bool,
    /// Possible mentors (teachers, the enterprise's people), for those who assign them.
    pub mentor_candidates: Vec<crate::people::Suggestion>,
    /// Applicants not yet in the class, for those who place students.
    pub applicant_candidates: Vec<crate::people::Suggestion>,
}

/// The page of class `id`; 404 (and the denial recorded) for a class the reader may not see.
pub async fn class_page(app: &App, ctx: &Ctx, id: i64) -> AppResult<ClassPage> {
    let view = super::get(app, ctx, id).await?;
    let mentors = super::mentoring::class_mentors(app, ctx, id).await?;
    let curriculum = curriculum::items(app, ctx, id).await?;
    let placements = curriculum::placements(app, ctx, id).await?;
    let side = side_of(&ctx.actor, view.class.enterprise_id);
    let ended = has_ended(&view.class.ends_on, &tandem_domain::sharing::local_date(app.now()));
    let enterprise_id = view.class.enterprise_id;
    let mentor_candidates = if ctx.actor.may(Action::AssignMentors) {
        crate::people::suggestions(app, ctx, &crate::people::Pool::Mentors { enterprise_id }).await?
    } else {
        vec![]
    };
    let applicant_candidates = if ctx.actor.may(Action::RunOrderClasses) {
        crate::people::suggestions(app, ctx, &crate::people::Pool::Applicants { class_id: id }).await?
    } else {
        vec![]
    };
    Ok(ClassPage { view, mentors, curriculum, placements, side, ended, mentor_candidates, applicant_candidates })
}
