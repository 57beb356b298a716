//! Use cases of talent cultivation, called directly on both databases: order classes from the
//! order to the roster, the curriculum's two sides, mentoring, internships and their learning
//! agreements, the two-way flow, graduate outcomes and micro-degrees. Each refusal is checked
//! with its grant and audited by its action code.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{
    ENTERPRISE, GOV, MEMBER, RESEARCH, STAFF, STUDENT, TEACHER, assert_denied, ctx_of, demo_apps, own_enterprise,
};
use tandem_app::talent::internships::{self, AgreementInput, InternshipInput, Party};
use tandem_app::talent::outcomes::{self, OutcomeInput};
use tandem_app::talent::{self as uc, ClassOrder, curriculum, flow, mentoring, microdegrees};
use tandem_app::{App, AppError, Ctx};
use tandem_domain::talent::curriculum::ItemInput;
use tandem_domain::talent::microdegree::ModuleInput;

/// The first pool student and the first pool teacher of the demo.
const POOL_STUDENT: &str = "st0253@people.tandem.demo";
const POOL_TEACHER: &str = "t0001@people.tandem.demo";

fn order(title: &str, seats: i64) -> ClassOrder {
    ClassOrder {
        title: title.into(),
        positions: "数控操作工".into(),
        majors: "机械设计制造及其自动化".into(),
        skills: "数控编程".into(),
        seats: seats.to_string(),
        hires: seats.to_string(),
        salary_min: "6000".into(),
        salary_max: "8000".into(),
        location: "沈阳".into(),
        starts_on: "2027-03-01".into(),
        ends_on: "2027-12-31".into(),
    }
}

/// The email of a demo person, as staff read it.
async fn email_of(app: &App, staff: &Ctx, person: i64) -> String {
    tandem_app::people::get_person(app, staff, person).await.unwrap().person.email.unwrap()
}

/// The demo's selected class of the demo enterprise (its first six students have the demo
/// teacher and the demo enterprise member as mentors).
async fn selected_class(app: &App, admin: &Ctx) -> uc::OrderClass {
    let own = own_enterprise(admin);
    let classes = uc::list(app, admin).await.unwrap();
    classes.into_iter().find(|c| c.enterprise_id == own && c.status == "selected").expect("a selected class")
}

#[tokio::test]
async fn an_order_class_goes_from_the_order_to_its_members() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let member = ctx_of(&app, MEMBER).await;
        let students = [ctx_of(&app, STUDENT).await, ctx_of(&app, POOL_STUDENT).await];
        let own = own_enterprise(&admin);

        // Only the enterprise's admin orders for it.
        let refused = uc::order(&app, &member, own, &order("数控订单班", 2)).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("enterprise.act_for org {own}")).await;
        let id = uc::order(&app, &admin, own, &order("数控订单班", 2)).await.unwrap();
        assert_eq!(uc::get(&app, &admin, id).await.unwrap().class.status, "ordered");

        // Before the university accepts it, students do not see it; the enterprise does not accept it.
        let refused = uc::get(&app, &students[0], id).await.map(|v| v.class.id);
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("order_class.view org {own}")).await;
        assert!(uc::list(&app, &students[0]).await.unwrap().iter().all(|c| c.id != id));
        let refused = uc::decide(&app, &admin, id, true, "").await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "order_class.run").await;
        assert_eq!(uc::get(&app, &admin, id).await.unwrap().class.status, "ordered");
        uc::decide(&app, &staff, id, true, "同意开班").await.unwrap();
        let view = uc::get(&app, &students[0], id).await.unwrap();
        assert_eq!(view.class.status, "open");
        assert!(view.may_apply && view.applications.is_none(), "a student applies but reads no applications");

        // Students apply; the enterprise does not.
        let mut applications = vec![];
        for s in &students {
            applications.push(uc::apply(&app, s, id, 1, "希望进入订单班").await.unwrap());
        }
        let refused = uc::apply(&app, &admin, id, 2, "").await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "order_class.apply").await;
        assert_eq!(uc::get(&app, &admin, id).await.unwrap().applications.unwrap().len(), 2);

        // The enterprise ranks its applicants; a student may not.
        let ranks: Vec<(i64, Option<i64>)> =
            applications.iter().enumerate().map(|(n, a)| (a.id, Some(i64::try_from(n).unwrap() + 1))).collect();
        let refused = uc::rank(&app, &students[0], id, &ranks).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("enterprise.act_for org {own}")).await;
        assert!(uc::get(&app, &admin, id).await.unwrap().applications.unwrap().iter().all(|a| a.rank.is_none()));
        uc::rank(&app, &admin, id, &ranks).await.unwrap();

        // Staff run the selection; the enterprise does not.
        let refused = uc::run_selection(&app, &admin).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "order_class.run").await;
        assert_eq!(uc::get(&app, &admin, id).await.unwrap().class.status, "open", "nothing was selected");
        let summary = uc::run_selection(&app, &staff).await.unwrap();
        assert!(summary.placed >= 2, "{summary:?}");
        let view = uc::get(&app, &students[1], id).await.unwrap();
        assert_eq!(view.class.status, "selected");
        let members: Vec<i64> = view.members.iter().map(|m| m.student_id).collect();
        for s in &students {
            assert!(members.contains(&s.actor.person_id), "both applicants are members");
            let mine = uc::my_applications(&app, s).await.unwrap();
            let outcome = mine.iter().find(|a| a.class_id == id).unwrap().outcome.clone();
            assert_eq!(outcome.as_deref(), Some("selected"));
        }

        // A student leaves for themselves, not for another.
        let other = students[1].actor.person_id;
        let refused = uc::leave(&app, &students[0], id, other, "转专业").await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("order_class.leave person {other}")).await;
        uc::leave(&app, &students[1], id, other, "转专业").await.unwrap();
        let view = uc::get(&app, &staff, id).await.unwrap();
        let left = view.members.iter().find(|m| m.student_id == other).unwrap();
        assert!(left.left_at.is_some());
        let stayed = view.members.iter().find(|m| m.student_id == students[0].actor.person_id).unwrap();
        assert!(stayed.left_at.is_none());
    }
}

#[tokio::test]
async fn each_side_proposes_curriculum_and_only_the_other_side_agrees() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let student = ctx_of(&app, STUDENT).await;
        let class = selected_class(&app, &admin).await;
        let item = |title: &str| ItemInput {
            kind: "enterprise_module".into(),
            title: title.into(),
            hours: "16".into(),
            taught_by: "企业工程师".into(),
        };
        let before = curriculum::items(&app, &student, class.id).await.unwrap().len();

        // A student speaks for neither side.
        let refused = curriculum::propose(&app, &student, class.id, &item("学生提议")).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("enterprise.act_for org {}", class.enterprise_id)).await;
        assert_eq!(curriculum::items(&app, &student, class.id).await.unwrap().len(), before);

        // The enterprise proposes; it may not agree to its own item, the university agrees.
        let theirs = curriculum::propose(&app, &admin, class.id, &item("数控工艺实训")).await.unwrap();
        let own = curriculum::agree(&app, &admin, class.id, theirs).await;
        assert!(matches!(own, Err(AppError::Refused("order.own_proposal"))), "{own:?}");
        let refused = curriculum::agree(&app, &student, class.id, theirs).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("enterprise.act_for org {}", class.enterprise_id)).await;
        curriculum::agree(&app, &staff, class.id, theirs).await.unwrap();

        // The university proposes; the enterprise agrees.
        let ours = curriculum::propose(&app, &staff, class.id, &item("专业基础课")).await.unwrap();
        let own = curriculum::agree(&app, &staff, class.id, ours).await;
        assert!(matches!(own, Err(AppError::Refused("order.own_proposal"))), "{own:?}");
        curriculum::agree(&app, &admin, class.id, ours).await.unwrap();

        let items = curriculum::items(&app, &student, class.id).await.unwrap();
        assert_eq!(items.len(), before + 2, "students read the curriculum they apply for");
        for (id, side) in [(theirs, "enterprise"), (ours, "university")] {
            let i = items.iter().find(|i| i.id == id).unwrap();
            assert_eq!(i.proposed_by_side, side);
            assert!(i.agreed_at.is_some(), "agreed by the other side");
        }
    }
}

#[tokio::test]
async fn staff_assign_mentors_and_only_the_mentor_logs_meetings() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let student = ctx_of(&app, STUDENT).await;
        let outsider = ctx_of(&app, RESEARCH).await;
        let class = selected_class(&app, &admin).await;

        // Staff give a member without mentors one; a student may not.
        let mentored: Vec<i64> =
            mentoring::class_mentors(&app, &staff, class.id).await.unwrap().iter().map(|m| m.student_id).collect();
        let members = uc::get(&app, &staff, class.id).await.unwrap().members;
        let alone = members.iter().find(|m| !mentored.contains(&m.student_id)).expect("a member without mentor");
        let refused = mentoring::assign_mentor(&app, &student, class.id, alone.student_id, MEMBER, "enterprise").await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "mentor.assign").await;
        let current = mentoring::class_mentors(&app, &staff, class.id).await.unwrap();
        assert!(current.iter().all(|m| m.student_id != alone.student_id), "nobody was assigned");
        mentoring::assign_mentor(&app, &staff, class.id, alone.student_id, MEMBER, "enterprise").await.unwrap();
        let current = mentoring::class_mentors(&app, &staff, class.id).await.unwrap();
        assert!(current.iter().any(|m| m.student_id == alone.student_id && m.kind == "enterprise"));

        // The demo teacher's academic mentorship in that class.
        let m = mentoring::my_mentoring(&app, &teacher)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.class_id == Some(class.id) && m.kind == "academic" && m.ended_at.is_none())
            .expect("the teacher mentors in the class");
        let mentee = ctx_of(&app, &email_of(&app, &staff, m.student_id).await).await;
        let mentorship = m.id;
        let meetings = |ctx: Ctx| {
            let app = app.clone();
            async move { mentoring::mentorship(&app, &ctx, mentorship).await.unwrap().1.len() }
        };
        let before = meetings(staff.clone()).await;

        // Its student and the class's enterprise read it but do not write in it.
        for reader in [&mentee, &admin] {
            assert_eq!(meetings(reader.clone()).await, before);
            let refused = mentoring::log_meeting(&app, reader, m.id, "2026-11-20", "45", "学习计划", "").await;
            assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
            assert_denied(&app, &format!("mentorship.write person {}", teacher.actor.person_id)).await;
        }
        // Someone outside does not know it exists.
        let refused = mentoring::mentorship(&app, &outsider, m.id).await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("mentorship.view person {}", teacher.actor.person_id)).await;
        let refused = mentoring::log_meeting(&app, &outsider, m.id, "2026-11-20", "45", "学习计划", "").await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_eq!(meetings(staff.clone()).await, before, "no meeting was logged");

        // The mentor logs one.
        mentoring::log_meeting(&app, &teacher, m.id, "2026-11-20", "45", "学习计划", "确定实习岗位").await.unwrap();
        assert_eq!(meetings(mentee.clone()).await, before + 1);
    }
}

#[tokio::test]
async fn an_internship_is_seen_by_its_intern_host_and_mentors_only() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let member = ctx_of(&app, MEMBER).await;
        let student = ctx_of(&app, STUDENT).await;
        let pool = ctx_of(&app, POOL_STUDENT).await;
        let outsider = ctx_of(&app, RESEARCH).await;
        let own = own_enterprise(&admin);

        // Staff record one; the host enterprise may not.
        let input = InternshipInput {
            student_email: POOL_STUDENT.into(),
            enterprise_id: own.to_string(),
            position: "质检助理".into(),
            starts_on: "2027-01-10".into(),
            ends_on: "2027-03-10".into(),
        };
        let refused = internships::record(&app, &admin, &input).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "internship.manage").await;
        assert!(internships::list(&app, &pool, "", "", false).await.unwrap().is_empty(), "nothing was recorded");
        let id = internships::record(&app, &staff, &input).await.unwrap();
        assert_eq!(internships::get(&app, &pool, id).await.unwrap().0.student_id, pool.actor.person_id);
        assert!(internships::list(&app, &admin, "", "", false).await.unwrap().iter().any(|i| i.id == id));

        // The demo student's internship at the demo enterprise, mentored by the demo teacher and member.
        let demo = internships::list(&app, &student, "", "", false).await.unwrap();
        let demo = demo.iter().find(|i| i.enterprise_id == own).expect("the demo internship").id;
        for reader in [&student, &admin, &teacher, &member, &staff] {
            let (internship, mentors) = internships::get(&app, reader, demo).await.unwrap();
            assert_eq!(internship.student_id, student.actor.person_id);
            assert_eq!(mentors.len(), 2);
        }
        for stranger in [&outsider, &pool] {
            let refused = internships::get(&app, stranger, demo).await;
            assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
            assert_denied(&app, &format!("internship.view org {own}")).await;
            assert!(internships::list(&app, stranger, "", "", false).await.unwrap().iter().all(|i| i.id != demo));
        }
    }
}

fn terms(weekly_hours: &str) -> AgreementInput {
    AgreementInput {
        goals: "掌握岗位工艺规范".into(),
        duties: "参与产线调试，按周提交周记".into(),
        weekly_hours: weekly_hours.into(),
        allowance: "2000".into(),
        insurance: "学校统一购买实习责任保险".into(),
    }
}

#[tokio::test]
async fn each_party_signs_the_learning_agreement_and_a_former_mentor_may_not() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let member = ctx_of(&app, MEMBER).await;
        let student = ctx_of(&app, STUDENT).await;
        let outsider = ctx_of(&app, RESEARCH).await;
        let own = own_enterprise(&admin);
        let id = internships::list(&app, &student, "", "", false)
            .await
            .unwrap()
            .into_iter()
            .find(|i| i.enterprise_id == own)
            .expect("the demo internship")
            .id;
        let view = |ctx: Ctx| {
            let app = app.clone();
            async move {
                let (internship, mentors) = internships::get(&app, &ctx, id).await.unwrap();
                internships::agreement(&app, &ctx, &internship, &mentors).await.unwrap()
            }
        };

        // Each one speaks for their party.
        for (ctx, party) in [
            (&student, Party::Student),
            (&admin, Party::Enterprise),
            (&member, Party::Enterprise),
            (&teacher, Party::University),
            (&staff, Party::University),
        ] {
            assert_eq!(view(ctx.clone()).await.party, Some(party));
        }

        // The enterprise changes the terms; all three confirm the new version.
        let version = internships::save_agreement(&app, &admin, id, &terms("32")).await.unwrap();
        for party in [&student, &member, &teacher] {
            internships::confirm_agreement(&app, party, id, version).await.unwrap();
        }
        let agreed = view(staff.clone()).await.terms.unwrap();
        assert_eq!((agreed.version, agreed.weekly_hours), (version, 32));
        assert!(agreed.student_confirmed_at.is_some());
        assert!(agreed.enterprise_confirmed_at.is_some() && agreed.university_confirmed_at.is_some());
        assert_eq!(internships::get(&app, &staff, id).await.unwrap().0.agreement, Some(1), "in force");

        // A stranger does not know it exists.
        let refused = internships::save_agreement(&app, &outsider, id, &terms("20")).await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("internship.view org {own}")).await;

        // Once replaced, the demo teacher still reads the internship but signs nothing.
        internships::assign_mentor(&app, &staff, id, POOL_TEACHER, "academic").await.unwrap();
        assert_eq!(view(teacher.clone()).await.party, None);
        let refused = internships::save_agreement(&app, &teacher, id, &terms("20")).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("agreement.sign org {own}")).await;
        let refused = internships::confirm_agreement(&app, &teacher, id, version).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("agreement.sign org {own}")).await;
        assert_eq!(view(staff.clone()).await.terms.unwrap().version, version, "the terms are unchanged");
        // The new academic mentor signs for the university.
        let new_mentor = ctx_of(&app, POOL_TEACHER).await;
        assert_eq!(view(new_mentor.clone()).await.party, Some(Party::University));
        let next = internships::save_agreement(&app, &new_mentor, id, &terms("20")).await.unwrap();
        assert_eq!(next, version + 1);
    }
}

#[tokio::test]
async fn a_teacher_records_their_own_practice_not_another_teachers() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let admin = ctx_of(&app, ENTERPRISE).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let student = ctx_of(&app, STUDENT).await;
        let own = own_enterprise(&admin);
        let other_teacher = ctx_of(&app, POOL_TEACHER).await;
        let terms_of = |ctx: Ctx| {
            let app = app.clone();
            async move { flow::practice(&app, &ctx).await.unwrap() }
        };
        let before = terms_of(staff.clone()).await.len();

        // Their own term, then its report.
        let id = flow::record_practice(&app, &teacher, "", own, "2026-12-01", "2027-02-28", "产线数字化改造", "")
            .await
            .unwrap();
        let mine = terms_of(teacher.clone()).await;
        assert!(mine.iter().all(|p| p.teacher_id == teacher.actor.person_id), "a teacher reads their own terms");
        assert!(mine.iter().any(|p| p.id == id));
        assert!(terms_of(admin.clone()).await.iter().any(|p| p.id == id), "the host enterprise reads it");
        flow::report_practice(&app, &teacher, id, "形成改进方案").await.unwrap();

        // Another teacher's term: neither recorded nor reported by them.
        let refused =
            flow::record_practice(&app, &teacher, POOL_TEACHER, own, "2026-12-01", "2027-02-28", "质量追溯", "").await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "practice.manage").await;
        assert_eq!(terms_of(staff.clone()).await.len(), before + 1, "nothing else was recorded");
        let theirs = flow::record_practice(&app, &staff, POOL_TEACHER, own, "2026-12-01", "2027-02-28", "质量追溯", "")
            .await
            .unwrap();
        let refused = flow::report_practice(&app, &teacher, theirs, "代写报告").await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_denied(&app, &format!("practice.report person {}", other_teacher.actor.person_id)).await;
        let report = |ctx: Ctx| async move { terms_of(ctx).await.into_iter().find(|p| p.id == theirs).unwrap().report };
        assert_eq!(report(staff.clone()).await, None, "the report was not written");
        flow::report_practice(&app, &other_teacher, theirs, "完成质量追溯方案").await.unwrap();
        assert_eq!(report(staff.clone()).await.as_deref(), Some("完成质量追溯方案"));

        // A student is no teacher: no practice of their own.
        let refused = flow::record_practice(&app, &student, "", own, "2026-12-01", "2027-02-28", "实习", "").await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("practice.record person {}", student.actor.person_id)).await;
        assert_eq!(terms_of(staff.clone()).await.len(), before + 2);
    }
}

#[tokio::test]
async fn the_outcomes_report_is_for_staff_and_government_not_enterprises() {
    for (app, _db) in demo_apps().await {
        let staff = ctx_of(&app, STAFF).await;
        let gov = ctx_of(&app, GOV).await;
        let admin = ctx_of(&app, ENTERPRISE).await;

        let report = outcomes::report(&app, &staff, "2026").await.unwrap();
        assert_eq!(report.cohort, "2026");
        assert!(!report.graduates.is_empty());
        let seen_by_gov = outcomes::report(&app, &gov, "2026").await.unwrap();
        assert_eq!(seen_by_gov.overall, report.overall);
        assert_eq!(seen_by_gov.graduates.len(), report.graduates.len());
        let refused = outcomes::report(&app, &admin, "2026").await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "outcome.report").await;

        // Recording is staff's alone; government reads.
        let input = OutcomeInput {
            student_email: POOL_STUDENT.into(),
            cohort: "2026".into(),
            category: "employed".into(),
            employer: "沈阳正泰仪器仪表有限公司".into(),
            ..OutcomeInput::default()
        };
        let refused = outcomes::record(&app, &gov, &input).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "outcome.manage").await;
        assert_eq!(outcomes::report(&app, &staff, "2026").await.unwrap().graduates.len(), report.graduates.len());
        outcomes::record(&app, &staff, &input).await.unwrap();
        let after = outcomes::report(&app, &gov, "2026").await.unwrap();
        assert_eq!(after.graduates.len(), report.graduates.len() + 1);
    }
}

#[tokio::test]
async fn a_micro_degree_is_run_by_its_colleges_teachers_and_taken_by_students() {
    for (app, _db) in demo_apps().await {
        let teacher = ctx_of(&app, TEACHER).await;
        let student = ctx_of(&app, POOL_STUDENT).await;
        let college = teacher
            .actor
            .grants
            .iter()
            .find(|g| g.org_kind == tandem_domain::org::OrgKind::College)
            .expect("the teacher's college")
            .org_id;
        let degrees = microdegrees::list(&app, &teacher).await.unwrap();
        let own = degrees.iter().find(|d| d.org_id == college && d.status == "open").expect("own college's").clone();
        let other = degrees.iter().find(|d| d.org_id != college && d.status == "open").expect("another's").clone();
        let module = ModuleInput {
            title: "数字孪生产线".into(),
            credits: "1".into(),
            mandatory: false,
            taught_by: "企业工程师".into(),
        };

        // Another college's micro-degree: read, not run.
        let detail = microdegrees::get(&app, &teacher, other.id).await.unwrap();
        assert!(!detail.manages && detail.roster.is_empty());
        let refused = microdegrees::add_module(&app, &teacher, other.id, &module).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, &format!("microdegree.manage org {}", other.org_id)).await;
        let modules = microdegrees::get(&app, &teacher, other.id).await.unwrap().modules.len();
        assert_eq!(modules, detail.modules.len(), "no module was added");
        // Their own college's: run, with its roster.
        let detail = microdegrees::get(&app, &teacher, own.id).await.unwrap();
        assert!(detail.manages && !detail.roster.is_empty());
        microdegrees::add_module(&app, &teacher, own.id, &module).await.unwrap();
        assert_eq!(microdegrees::get(&app, &teacher, own.id).await.unwrap().modules.len(), detail.modules.len() + 1);

        // Only students enrol.
        let refused = microdegrees::enrol(&app, &teacher, own.id).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_denied(&app, "microdegree.enrol").await;
        assert!(microdegrees::get(&app, &teacher, own.id).await.unwrap().mine.is_none());
        let enrolment = microdegrees::enrol(&app, &student, own.id).await.unwrap();
        let mine = microdegrees::get(&app, &student, own.id).await.unwrap().mine.unwrap();
        assert_eq!(mine.enrolment.id, enrolment);
        assert!(!mine.complete());
        let roster = microdegrees::get(&app, &teacher, own.id).await.unwrap().roster;
        assert!(roster.iter().any(|s| s.enrolment.id == enrolment), "the college's teacher sees the new student");
    }
}
