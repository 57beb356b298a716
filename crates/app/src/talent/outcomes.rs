//! Graduate outcomes with the NACE rates, broken down by college, order class and enterprise,
//! and the employer satisfaction survey sent to employed graduates' direct supervisors.

use crate::audit::record_change;
use crate::{App, AppError, AppResult, Ctx};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use tandem_domain::access::Action;
use tandem_domain::notifications::Notice;
use tandem_domain::talent::outcomes::{CATEGORIES, DOMAINS, Rates, SALARY_BANDS, Share, parse_ratings, rates, wilson};
use tandem_domain::validation::{FieldErrors, optional_integer, optional_text};
use tandem_store::talent::{self as store, OutcomeWrite};

pub use tandem_store::talent::{InvitationRow as Invitation, OutcomeRow as Outcome};

/// How long a survey link stays valid.
pub const SURVEY_DAYS: i64 = 30;

/// What staff type about one graduate.
#[derive(Debug, Clone, Default)]
pub struct OutcomeInput {
    pub student_email: String,
    pub cohort: String,
    /// Empty: a graduate whose outcome is not known yet.
    pub category: String,
    pub employer: String,
    pub job_title: String,
    pub relevance: String,
    pub salary_band: String,
    pub supervisor_email: String,
}

pub async fn record(app: &App, ctx: &Ctx, input: &OutcomeInput) -> AppResult<()> {
    app.authorize(ctx, Action::ManageOutcomes).await?;
    let mut e = FieldErrors::new();
    let cohort = input.cohort.trim();
    if !(cohort.len() == 4 && cohort.chars().all(|c| c.is_ascii_digit())) {
        e.add("cohort", "outcome.cohort_year");
    }
    let category = Some(input.category.trim()).filter(|c| !c.is_empty());
    if category.is_some_and(|c| !CATEGORIES.contains(&c)) {
        e.add("category", "not_a_choice");
    }
    let band = Some(input.salary_band.trim()).filter(|c| !c.is_empty());
    if band.is_some_and(|b| !SALARY_BANDS.contains(&b)) {
        e.add("salary_band", "not_a_choice");
    }
    let employer = optional_text(&mut e, "employer", &input.employer, 200);
    let job = optional_text(&mut e, "job_title", &input.job_title, 200);
    let relevance = optional_integer(&mut e, "relevance", &input.relevance, 1, 5);
    let supervisor = optional_text(&mut e, "supervisor_email", &input.supervisor_email, 200);
    if supervisor.as_deref().is_some_and(|s| !tandem_domain::validation::is_plausible_email(s)) {
        e.add("supervisor_email", "email.invalid");
    }
    if matches!(category, Some("employed" | "self_employed")) && employer.is_none() {
        e.add("employer", "outcome.employer_needed");
    }
    let student = tandem_store::talent::student_by_email(&app.db, input.student_email.trim()).await?;
    if student.is_none() {
        e.add("student_email", "order.no_such_student");
    }
    let (Some((student, _)), true) = (student, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let write = OutcomeWrite {
        student_id: student,
        cohort,
        category,
        employer: employer.as_deref(),
        job_title: job.as_deref(),
        relevance,
        salary_band: band,
        supervisor_email: supervisor.as_deref(),
    };
    let mut tx = app.db.begin_write().await?;
    store::upsert_outcome(&mut tx, &write, ctx.actor.person_id, app.now()).await?;
    record_change(
        &mut tx,
        app,
        ctx,
        "outcome.recorded",
        "person",
        student,
        None,
        Some(json!({"cohort": cohort, "category": category})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One line of the report: a group and its rates.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    /// The college, class, enterprise, micro-degree or mentor the group is of.
    pub id: i64,
    pub name: String,
    pub rates: Rates,
    /// For an order class or its enterprise: how many of these graduates the class's hiring
    /// record says the enterprise hired. `None` for other groups.
    pub hired: Option<i64>,
}

/// The employer survey of a cohort.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Satisfaction {
    pub invited: i64,
    pub responses: i64,
    pub response_rate_permille: i64,
    /// Overall rating 4 or 5.
    pub satisfied: Share,
    /// Mean rating per domain, in hundredths (`412` = 4.12).
    pub domain_means: Vec<(String, i64)>,
}

#[derive(Debug, Clone)]
pub struct CohortReport {
    pub cohort: String,
    pub cohorts: Vec<String>,
    pub overall: Rates,
    pub by_category: Vec<(String, i64)>,
    pub by_college: Vec<Group>,
    pub by_class: Vec<Group>,
    pub by_enterprise: Vec<Group>,
    /// Graduates who completed a micro-degree, by micro-degree; one who completed two counts in
    /// both, so these groups may add up to more than the cohort.
    pub by_micro_degree: Vec<Group>,
    /// Graduates by each mentor they had (academic or enterprise, in a class or an internship);
    /// overlapping like `by_micro_degree`.
    pub by_mentor: Vec<Group>,
    pub satisfaction: Satisfaction,
    pub graduates: Vec<Outcome>,
    /// The cohort's graduates to pick from when inviting a survey, for those who invite.
    pub invite_candidates: Vec<crate::people::Suggestion>,
}

/// Groups graduates by what `key` gives (ids and names; a graduate may be in several groups):
/// by id, so two of the same name stay apart; listed by name.
fn grouped<K: IntoIterator<Item = (i64, String)>>(rows: &[Outcome], key: impl Fn(&Outcome) -> K) -> Vec<Group> {
    let mut groups: BTreeMap<(String, i64), Vec<&Outcome>> = BTreeMap::new();
    for r in rows {
        for (id, name) in key(r) {
            groups.entry((name, id)).or_default().push(r);
        }
    }
    groups
        .into_iter()
        .map(|((name, id), members)| {
            let known: Vec<&str> = members.iter().filter_map(|m| m.category.as_deref()).collect();
            Group { id, name, rates: rates(i64::try_from(members.len()).unwrap_or(0), &known), hired: None }
        })
        .collect()
}

/// Adds to each class (or enterprise) group how many of its graduates the hiring record marks hired.
fn with_hiring(mut groups: Vec<Group>, rows: &[Outcome], key: impl Fn(&Outcome) -> Option<i64>) -> Vec<Group> {
    for g in &mut groups {
        let hired = rows.iter().filter(|r| key(r) == Some(g.id) && r.class_hired == Some(1)).count();
        g.hired = Some(i64::try_from(hired).unwrap_or(0));
    }
    groups
}

fn pair(id: Option<i64>, name: &Option<String>) -> Option<(i64, String)> {
    Some((id?, name.clone()?))
}

/// The employment-quality report of a cohort (the latest when `cohort` is empty).
pub async fn report(app: &App, ctx: &Ctx, cohort: &str) -> AppResult<CohortReport> {
    app.authorize(ctx, Action::ViewOutcomes).await?;
    let cohorts = store::cohorts(&app.db).await?;
    let cohort = if cohort.is_empty() { cohorts.first().cloned().unwrap_or_default() } else { cohort.to_owned() };
    let rows = store::cohort(&app.db, &cohort).await?;
    let links_of = |links: Vec<store::CohortLink>| {
        let mut by_student: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        for link in links {
            by_student.entry(link.student_id).or_default().push((link.id, link.name));
        }
        by_student
    };
    let micro_degrees = links_of(store::cohort_micro_degrees(&app.db, &cohort).await?);
    let mentors = links_of(store::cohort_mentors(&app.db, &cohort).await?);
    let known: Vec<&str> = rows.iter().filter_map(|r| r.category.as_deref()).collect();
    let overall = rates(i64::try_from(rows.len()).unwrap_or(0), &known);
    let by_category = CATEGORIES
        .iter()
        .map(|c| ((*c).to_owned(), i64::try_from(known.iter().filter(|k| *k == c).count()).unwrap_or(0)))
        .collect();
    let (invited, responses) = store::survey_of_cohort(&app.db, &cohort).await?;
    let invite_candidates = if ctx.actor.may(Action::ManageOutcomes) {
        crate::people::suggestions(app, ctx, &crate::people::Pool::Graduates { cohort: cohort.clone() }).await?
    } else {
        vec![]
    };
    let n = i64::try_from(responses.len()).unwrap_or(0);
    let satisfied = i64::try_from(responses.iter().filter(|(_, overall)| *overall >= 4).count()).unwrap_or(0);
    let domain_means = DOMAINS
        .iter()
        .map(|d| {
            let values: Vec<i64> = responses
                .iter()
                .filter_map(|(ratings, _)| serde_json::from_str::<serde_json::Value>(ratings).ok()?.get(*d)?.as_i64())
                .collect();
            let mean = if values.is_empty() {
                0
            } else {
                values.iter().sum::<i64>() * 100 / i64::try_from(values.len()).unwrap_or(1)
            };
            ((*d).to_owned(), mean)
        })
        .collect();
    Ok(CohortReport {
        by_college: grouped(&rows, |r| pair(r.college_id, &r.college)),
        by_class: with_hiring(grouped(&rows, |r| pair(r.class_id, &r.class_title)), &rows, |r| r.class_id),
        by_enterprise: with_hiring(grouped(&rows, |r| pair(r.class_enterprise_id, &r.class_enterprise)), &rows, |r| {
            r.class_enterprise_id
        }),
        by_micro_degree: grouped(&rows, |r| micro_degrees.get(&r.student_id).cloned().unwrap_or_default()),
        by_mentor: grouped(&rows, |r| mentors.get(&r.student_id).cloned().unwrap_or_default()),
        satisfaction: Satisfaction {
            invited,
            responses: n,
            response_rate_permille: if invited == 0 { 0 } else { n * 1000 / invited },
            satisfied: wilson(satisfied, n),
            domain_means,
        },
        cohort,
        cohorts,
        overall,
        by_category,
        graduates: rows,
        invite_candidates,
    })
}

/// Staff invite an employed graduate's supervisor; returns the secret for the link, shown once.
pub async fn invite(app: &App, ctx: &Ctx, student_email: &str) -> AppResult<String> {
    app.authorize(ctx, Action::ManageOutcomes).await?;
    let Some((student, graduate)) = tandem_store::talent::student_by_email(&app.db, student_email.trim()).await? else {
        return Err(AppError::invalid("student_email", "order.no_such_student"));
    };
    let secret = crate::auth::random_secret();
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    let Some((_, category, Some(supervisor))) = store::outcome_tx(&mut tx, student).await? else {
        return Err(AppError::Refused("survey.no_supervisor"));
    };
    if category.as_deref() != Some("employed") {
        return Err(AppError::Refused("survey.not_employed"));
    }
    store::expire_invitations(&mut tx, student, now).await?;
    let id = store::insert_invitation(
        &mut tx,
        student,
        &supervisor,
        &crate::auth::secret_hash(&secret),
        now,
        now + SURVEY_DAYS * 86_400,
    )
    .await?;
    record_change(&mut tx, app, ctx, "survey.invited", "person", student, None, Some(json!({"invitation_id": id})))
        .await?;
    // With an SMTP server the supervisor also gets the link by e-mail; without one, staff pass on
    // the link shown to them.
    let notice = Notice::SurveyInvitation {
        graduate,
        link: format!("/survey/{secret}"),
        expires_at: now + SURVEY_DAYS * 86_400,
    };
    let mailed = crate::notifications::notify_address(&mut tx, app, &supervisor, &notice).await?;
    tx.commit().await?;
    if mailed {
        app.wake_outbox();
    }
    Ok(secret)
}

/// The invitation behind a link, if it can still be answered: used and expired links are
/// refused with their own codes; unknown ones are not found.
pub async fn open_survey(app: &App, secret: &str) -> AppResult<Invitation> {
    let inv = store::invitation_by_hash(&app.db, &crate::auth::secret_hash(secret)).await?.ok_or(AppError::NotFound)?;
    if inv.used_at.is_some() {
        return Err(AppError::Refused("survey.used"));
    }
    if inv.expires_at <= app.now() {
        return Err(AppError::Refused("survey.expired"));
    }
    Ok(inv)
}

/// The supervisor's answers, once per link.
pub async fn answer(app: &App, secret: &str, values: &[(&str, &str)], comment: &str) -> AppResult<()> {
    let inv = open_survey(app, secret).await?;
    let ratings = parse_ratings(values)?;
    let mut e = FieldErrors::new();
    let comment = optional_text(&mut e, "comment", comment, 2000);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let overall = ratings.iter().find(|(k, _)| k == "overall").map(|(_, v)| *v).unwrap_or(0);
    let as_json: serde_json::Map<String, serde_json::Value> = ratings.into_iter().map(|(k, v)| (k, json!(v))).collect();
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    if !store::use_invitation(&mut tx, inv.id, now).await? {
        return Err(AppError::Refused("survey.used"));
    }
    store::insert_response(
        &mut tx,
        inv.id,
        &serde_json::Value::Object(as_json).to_string(),
        overall,
        comment.as_deref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graduate(id: i64, category: Option<&str>) -> Outcome {
        Outcome {
            student_id: id,
            student_name: format!("学生{id}"),
            cohort: "2026".into(),
            category: category.map(str::to_owned),
            employer: None,
            job_title: None,
            relevance: None,
            salary_band: None,
            supervisor_email: None,
            college_id: None,
            college: None,
            class_id: None,
            class_title: None,
            class_enterprise_id: None,
            class_enterprise: None,
            class_hired: None,
        }
    }

    #[test]
    fn two_groups_of_the_same_name_are_not_merged() {
        let rows = vec![
            graduate(1, Some("employed")),
            graduate(2, None),
            graduate(3, Some("employed")),
            graduate(4, Some("employed")),
        ];
        let degrees = |r: &Outcome| match r.student_id {
            1 => vec![(10, "数据分析".to_owned())],
            2 | 3 => vec![(11, "数据分析".to_owned())],
            _ => vec![],
        };
        let groups = grouped(&rows, degrees);
        let sizes: Vec<(i64, i64)> = groups.iter().map(|g| (g.id, g.rates.graduates)).collect();
        assert_eq!(sizes, vec![(10, 1), (11, 2)]);
    }

    #[test]
    fn a_graduate_with_two_micro_degrees_counts_in_both() {
        let rows = vec![graduate(1, Some("employed")), graduate(2, None)];
        let degrees = |r: &Outcome| match r.student_id {
            1 => vec![(10, "数据分析".to_owned()), (12, "工业机器人".to_owned())],
            _ => vec![(12, "工业机器人".to_owned())],
        };
        let groups = grouped(&rows, degrees);
        let sizes: Vec<(&str, i64, i64)> =
            groups.iter().map(|g| (g.name.as_str(), g.rates.graduates, g.rates.known)).collect();
        assert_eq!(sizes, vec![("工业机器人", 2, 1), ("数据分析", 1, 1)]);
    }
}
