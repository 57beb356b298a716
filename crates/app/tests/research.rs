//! Joint research use cases on both databases: writing a proposition, screening and publishing
//! it, who may take which step, and confidential details kept from everyone else.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{ENTERPRISE, STAFF, TEACHER, ctx_of, demo_apps, own_enterprise};
use tandem_app::research::{self, PropositionFilter};
use tandem_app::{App, AppError, Ctx, Page};
use tandem_domain::access::Role;
use tandem_domain::person::PersonInput;
use tandem_domain::research::{PropositionInput, Status};

fn input() -> PropositionInput {
    PropositionInput {
        title: "数控机床主轴热变形在线补偿".into(),
        summary: "主轴连续运行两小时后定位精度下降 15 μm，需要在线补偿方法。".into(),
        confidential: "现有补偿参数表与故障记录（仅限入选团队）。".into(),
        budget_min_fen: Some(20_000_000),
        budget_max_fen: Some(50_000_000),
        deadline: "2027-03-31".into(),
        trl: Some(6),
        keywords: vec!["热误差，数控机床".into()],
        industry_code: "C34".into(),
    }
}

/// A signed-in administrator of an enterprise other than `own`.
async fn other_enterprise_admin(app: &App, staff: &Ctx, own: i64) -> Ctx {
    let filter = tandem_app::records::EnterpriseFilter::default();
    let (rows, _) = tandem_app::org::list_enterprises(app, staff, &filter, Page::new(1, 5)).await.unwrap();
    let other = rows.iter().map(|e| e.id).find(|id| *id != own).unwrap();
    let person = PersonInput {
        name: "另一家企业 管理员".into(),
        email: "other-admin@example.cn".into(),
        phone: String::new(),
        expertise: String::new(),
    };
    tandem_app::people::create_person_unchecked(app, Some(staff), &person, None, Some((other, Role::EnterpriseAdmin)))
        .await
        .unwrap();
    ctx_of(app, "other-admin@example.cn").await
}

#[tokio::test]
async fn an_enterprise_writes_staff_screen_and_publish_and_details_stay_with_the_enterprise() {
    for (app, _db) in demo_apps().await {
        let backend = app.db.backend_name();
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let staff = ctx_of(&app, STAFF).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let own = own_enterprise(&enterprise);
        let other = other_enterprise_admin(&app, &staff, own).await;

        // Only the enterprise's own people write for it.
        assert!(matches!(research::create(&app, &other, own, &input()).await, Err(AppError::Forbidden)));
        assert!(matches!(research::create(&app, &staff, own, &input()).await, Err(AppError::Forbidden)));
        let id = research::create(&app, &enterprise, own, &input()).await.unwrap();
        let draft = research::get(&app, &enterprise, id).await.unwrap();
        assert_eq!((draft.row.status.as_str(), draft.row.keywords.as_str()), ("draft", "热误差\n数控机床"));
        assert!(draft.may_edit && draft.may_see_details);

        // Before it is published, another enterprise and a teacher find nothing.
        for reader in [&other, &teacher] {
            assert!(matches!(research::get(&app, reader, id).await, Err(AppError::NotFound)), "{backend}");
        }
        let (rows, _) = research::list(&app, &other, &PropositionFilter::default(), Page::new(1, 200)).await.unwrap();
        assert!(!rows.iter().any(|r| r.id == id));

        // Steps: the wrong side is refused, out of order is a conflict, a return says why.
        assert!(matches!(research::step(&app, &staff, id, "submit", "").await, Err(AppError::Forbidden)));
        assert!(matches!(research::step(&app, &enterprise, id, "publish", "").await, Err(AppError::Forbidden)));
        assert!(matches!(research::step(&app, &staff, id, "accept", "").await, Err(AppError::OutOfOrder(_))));
        assert_eq!(research::step(&app, &enterprise, id, "submit", "").await.unwrap(), Status::Submitted);
        assert!(matches!(research::update(&app, &enterprise, id, &input()).await, Err(AppError::OutOfOrder(_))));
        assert!(matches!(research::step(&app, &staff, id, "return", " ").await, Err(AppError::Invalid(_))));
        assert_eq!(research::step(&app, &staff, id, "return", "请补充精度指标").await.unwrap(), Status::Returned);
        let mut revised = input();
        revised.summary.push_str("目标：补偿后误差不超过 5 μm。");
        research::update(&app, &enterprise, id, &revised).await.unwrap();
        assert_eq!(research::step(&app, &enterprise, id, "submit", "").await.unwrap(), Status::Submitted);
        assert_eq!(research::step(&app, &staff, id, "accept", "").await.unwrap(), Status::Accepted);
        assert_eq!(research::step(&app, &staff, id, "publish", "").await.unwrap(), Status::Published);
        assert!(matches!(research::step(&app, &staff, id, "publish", "").await, Err(AppError::OutOfOrder(_))));
        // Staff heard of each submission; the author of the return, with its reason, and the
        // publication; another enterprise of nothing.
        let kinds = |ctx: Ctx| {
            let app = &app;
            async move {
                let inbox = tandem_app::notifications::inbox(app, &ctx, Page::new(1, 50)).await.unwrap();
                inbox.items.into_iter().map(|i| i.notice).collect::<Vec<_>>()
            }
        };
        use tandem_domain::notifications::Notice;
        let to_staff = kinds(staff.clone()).await;
        let submitted = to_staff
            .iter()
            .filter(|n| matches!(n, Notice::PropositionSubmitted { proposition_id, .. } if *proposition_id == id))
            .count();
        assert_eq!(submitted, 2, "two submissions on {backend}");
        let to_author = kinds(enterprise.clone()).await;
        assert!(to_author.iter().any(|n| matches!(n,
            Notice::PropositionScreened { step, reason: Some(r), .. } if step == "return" && r == "请补充精度指标")));
        assert!(to_author.iter().any(|n| matches!(n, Notice::PropositionScreened { step, .. } if step == "publish")));
        assert!(
            !kinds(other.clone())
                .await
                .iter()
                .any(|n| matches!(n, Notice::PropositionSubmitted { .. } | Notice::PropositionScreened { .. }))
        );
        let timeline = research::get(&app, &staff, id).await.unwrap().timeline;
        let steps: Vec<&str> = timeline.iter().map(|s| s.step.as_str()).collect();
        assert_eq!(steps, ["submit", "return", "submit", "accept", "publish"]);
        assert_eq!(timeline[1].reason.as_deref(), Some("请补充精度指标"));

        // Published: everyone signed in reads the summary, never the confidential details.
        for reader in [&other, &teacher] {
            let seen = research::get(&app, reader, id).await.unwrap();
            assert!(seen.row.confidential.is_none() && !seen.may_see_details, "{backend}");
            assert!(seen.timeline.is_empty() && seen.steps.is_empty() && !seen.may_edit);
            let (rows, _) =
                research::list(&app, reader, &PropositionFilter::default(), Page::new(1, 200)).await.unwrap();
            let row = rows.iter().find(|r| r.id == id).expect("on the board");
            assert!(row.confidential.is_none());
        }
        // A search of the board finds it by its public words only.
        let by_secret = PropositionFilter { q: Some("故障记录".into()), ..PropositionFilter::default() };
        let (rows, _) = research::list(&app, &other, &by_secret, Page::new(1, 50)).await.unwrap();
        assert!(rows.is_empty(), "confidential text is not searched");
        let by_keyword = PropositionFilter { keyword: Some("热误差".into()), ..PropositionFilter::default() };
        let (rows, _) = research::list(&app, &other, &by_keyword, Page::new(1, 50)).await.unwrap();
        assert!(rows.iter().any(|r| r.id == id), "found by a whole keyword");
        assert_eq!(
            research::get(&app, &enterprise, id).await.unwrap().row.confidential.as_deref(),
            Some("现有补偿参数表与故障记录（仅限入选团队）。")
        );
    }
}

#[tokio::test]
async fn bad_input_is_named_and_two_screenings_at_once_take_effect_once() {
    for (app, _db) in demo_apps().await {
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let staff = ctx_of(&app, STAFF).await;
        let own = own_enterprise(&enterprise);
        let (_, before) = research::list(&app, &staff, &PropositionFilter::default(), Page::new(1, 1)).await.unwrap();
        let bad = PropositionInput {
            trl: Some(10),
            budget_min_fen: Some(5),
            budget_max_fen: Some(1),
            deadline: "2020-01-01".into(),
            industry_code: "Z99".into(),
            ..input()
        };
        let Err(AppError::Invalid(e)) = research::create(&app, &enterprise, own, &bad).await else {
            panic!("refused with field errors")
        };
        let fields: Vec<(&str, &str)> = e.0.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        for expected in [
            ("trl", "trl.out_of_range"),
            ("budget_max_fen", "budget.upside_down"),
            ("deadline", "deadline.past"),
            ("industry_code", "industry.unknown"),
        ] {
            assert!(fields.contains(&expected), "{expected:?} in {fields:?}");
        }
        let (_, after) = research::list(&app, &staff, &PropositionFilter::default(), Page::new(1, 1)).await.unwrap();
        assert_eq!(before, after, "nothing written");

        let id = research::create(&app, &enterprise, own, &input()).await.unwrap();
        research::step(&app, &enterprise, id, "submit", "").await.unwrap();
        let (a, b) = tokio::join!(
            research::step(&app, &staff, id, "accept", ""),
            research::step(&app, &staff, id, "accept", "")
        );
        let oks = [&a, &b].iter().filter(|r| r.is_ok()).count();
        assert_eq!(oks, 1, "exactly one screening on {}: {a:?} {b:?}", app.db.backend_name());
        assert!([&a, &b].iter().any(|r| matches!(r, Err(AppError::OutOfOrder(_)))));
        assert_eq!(research::get(&app, &staff, id).await.unwrap().timeline.len(), 2, "submit and one screening");
    }
}
