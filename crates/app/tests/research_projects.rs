//! Teams' proposals and the projects that follow, on both databases: who may propose and see
//! what, the enterprise's decisions with the others told why, one selection of two at once, the
//! contract, milestones accepted with the readiness level reached, and feedback both ways.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{ENTERPRISE, RESEARCH, STAFF, STUDENT, TEACHER, ctx_of, demo_apps, own_enterprise};
use tandem_app::research::{self, projects, proposals};
use tandem_app::{App, AppError, Ctx, Page};
use tandem_domain::notifications::Notice;
use tandem_domain::research::PropositionInput;
use tandem_domain::research::project::{ContractInput, MilestoneStatus};
use tandem_domain::research::proposal::{MilestoneInput, ProposalInput, ProposalStatus};

/// A proposition the enterprise wrote and staff published.
async fn published(app: &App, enterprise: &Ctx, staff: &Ctx) -> i64 {
    let input = PropositionInput {
        title: "注塑件翘曲变形预测".into(),
        summary: "薄壁注塑件翘曲超差，需要成型前预测并给出工艺窗口。".into(),
        confidential: "模具图号 M-2231，现行工艺参数表。".into(),
        budget_min_fen: Some(10_000_000),
        budget_max_fen: Some(30_000_000),
        deadline: "2099-06-30".into(),
        trl: Some(5),
        keywords: vec!["注塑, 翘曲".into()],
        industry_code: "C29".into(),
    };
    let id = research::create(app, enterprise, own_enterprise(enterprise), &input).await.unwrap();
    for (who, step) in [(enterprise, "submit"), (staff, "accept"), (staff, "publish")] {
        research::step(app, who, id, step, "").await.unwrap();
    }
    id
}

fn proposal(approach: &str) -> ProposalInput {
    ProposalInput {
        lead_person_id: None,
        member_ids: vec![],
        member_emails: vec![],
        approach: approach.into(),
        milestones: vec![
            MilestoneInput {
                title: "仿真模型".into(),
                due_on: "2099-01-31".into(),
                deliverable: "模型与验证报告".into(),
            },
            MilestoneInput {
                title: "工艺窗口".into(),
                due_on: "2099-05-31".into(),
                deliverable: "工艺参数推荐表".into(),
            },
        ],
        budget_fen: Some(20_000_000),
    }
}

async fn notices(app: &App, ctx: &Ctx) -> Vec<Notice> {
    let inbox = tandem_app::notifications::inbox(app, ctx, Page::new(1, 100)).await.unwrap();
    inbox.items.into_iter().map(|i| i.notice).collect()
}

#[tokio::test]
async fn two_teams_propose_the_enterprise_selects_one_and_the_project_runs_to_feedback() {
    for (app, _db) in demo_apps().await {
        let backend = app.db.backend_name();
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let staff = ctx_of(&app, STAFF).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let researcher = ctx_of(&app, RESEARCH).await;
        let student = ctx_of(&app, STUDENT).await;
        let id = published(&app, &enterprise, &staff).await;

        // Only teachers and researchers propose; bad plans are refused by field with nothing written.
        assert!(matches!(proposals::create(&app, &student, id, &proposal("x")).await, Err(AppError::Forbidden)));
        assert!(matches!(proposals::create(&app, &enterprise, id, &proposal("x")).await, Err(AppError::Forbidden)));
        let bad = ProposalInput { budget_fen: Some(-5), milestones: vec![], ..proposal("x") };
        match proposals::create(&app, &teacher, id, &bad).await {
            Err(AppError::Invalid(e)) => {
                assert_eq!(e.for_field("budget_fen").map(|f| f.code.as_str()), Some("budget.negative"));
                assert_eq!(e.for_field("milestones").map(|f| f.code.as_str()), Some("milestones.required"));
            }
            other => panic!("{backend}: {other:?}"),
        }
        assert!(research::get(&app, &enterprise, id).await.unwrap().proposals.is_empty(), "nothing written");

        let a = proposals::create(&app, &teacher, id, &proposal("基于模流分析与机器学习的翘曲预测。")).await.unwrap();
        let b = proposals::create(&app, &researcher, id, &proposal("基于实验设计的工艺窗口寻优。")).await.unwrap();
        assert!(matches!(
            proposals::create(&app, &teacher, id, &proposal("第二份")).await,
            Err(AppError::OutOfOrder("proposal.already_sent"))
        ));
        assert!(
            notices(&app, &enterprise)
                .await
                .iter()
                .any(|n| matches!(n, Notice::ProposalReceived { proposal_id, .. } if *proposal_id == a))
        );

        // A team sees its own proposal, never the other; the enterprise and staff see both.
        assert!(matches!(proposals::get(&app, &researcher, a).await, Err(AppError::NotFound)), "{backend}");
        assert!(matches!(proposals::get(&app, &teacher, b).await, Err(AppError::NotFound)));
        let seen_by_team: Vec<i64> =
            research::get(&app, &teacher, id).await.unwrap().proposals.iter().map(|p| p.id).collect();
        assert_eq!(seen_by_team, [a]);
        assert_eq!(research::get(&app, &enterprise, id).await.unwrap().proposals.len(), 2);
        assert_eq!(research::get(&app, &staff, id).await.unwrap().proposals.len(), 2);

        // Not admitted yet: the team reads the summary only. Shortlisting admits it.
        assert!(research::get(&app, &teacher, id).await.unwrap().row.confidential.is_none());
        assert!(matches!(proposals::step(&app, &teacher, a, "shortlist", "").await, Err(AppError::Forbidden)));
        assert_eq!(proposals::step(&app, &enterprise, a, "shortlist", "").await.unwrap(), ProposalStatus::Shortlisted);
        let admitted = research::get(&app, &teacher, id).await.unwrap();
        assert!(admitted.may_see_details && admitted.row.confidential.is_some(), "{backend}");
        assert!(research::get(&app, &researcher, id).await.unwrap().row.confidential.is_none());

        // Selecting says why; the other team is declined with that reason and told.
        assert!(matches!(proposals::step(&app, &enterprise, a, "select", "").await, Err(AppError::Invalid(_))));
        let why = "方案 A 已有同类模具的验证数据，周期更短。";
        assert_eq!(proposals::step(&app, &enterprise, a, "select", why).await.unwrap(), ProposalStatus::Selected);
        let other = proposals::get(&app, &researcher, b).await.unwrap();
        assert_eq!((other.row.status.as_str(), other.row.reason.as_deref()), ("declined", Some(why)));
        assert!(notices(&app, &researcher).await.iter().any(|n| matches!(n,
            Notice::ProposalDecided { proposal_id, step, reason: Some(r), .. } if *proposal_id == b && step == "decline" && r == why)));
        assert!(notices(&app, &teacher).await.iter().any(|n| matches!(n,
            Notice::ProposalDecided { proposal_id, step, .. } if *proposal_id == a && step == "select")));
        assert_eq!(research::get(&app, &enterprise, id).await.unwrap().row.status, "awarded");
        assert!(matches!(proposals::step(&app, &enterprise, b, "select", why).await, Err(AppError::OutOfOrder(_))));
        // The board no longer takes proposals.
        assert!(matches!(
            proposals::create(&app, &researcher, id, &proposal("再试一次")).await,
            Err(AppError::OutOfOrder("proposal.proposition_not_open"))
        ));

        // Work starts with the contract, which staff record.
        let view = proposals::get(&app, &teacher, a).await.unwrap();
        let (m1, m2) = (view.milestones[0].id, view.milestones[1].id);
        assert!(matches!(
            projects::milestone_step(&app, &teacher, a, m1, "deliver", "", None).await,
            Err(AppError::OutOfOrder("project.no_contract"))
        ));
        let contract = ContractInput {
            kind: "development_commissioned".into(),
            value_fen: Some(25_000_000),
            received_fen: Some(10_000_000),
            signed_on: "2026-01-15".into(),
        };
        assert!(matches!(projects::record_contract(&app, &enterprise, a, &contract).await, Err(AppError::Forbidden)));
        assert!(matches!(
            projects::record_contract(&app, &staff, b, &contract).await,
            Err(AppError::OutOfOrder("contract.proposal_not_selected"))
        ));
        let bad_contract = ContractInput { kind: "gift".into(), received_fen: Some(90_000_000), ..contract.clone() };
        assert!(matches!(projects::record_contract(&app, &staff, a, &bad_contract).await, Err(AppError::Invalid(_))));
        projects::record_contract(&app, &staff, a, &contract).await.unwrap();
        let recorded = proposals::get(&app, &enterprise, a).await.unwrap().contract.unwrap();
        assert_eq!((recorded.value_fen, recorded.kind.as_str()), (25_000_000, "development_commissioned"));
        assert!(recorded.college_id.is_some() || recorded.unit_id.is_some(), "credited to a unit on {backend}");

        // Deliver, reject with a note, deliver again, accept with the level reached.
        assert!(matches!(
            projects::milestone_step(&app, &enterprise, a, m1, "deliver", "", None).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            projects::milestone_step(&app, &enterprise, a, m1, "accept", "", Some(4)).await,
            Err(AppError::OutOfOrder("milestone.out_of_order"))
        ));
        projects::milestone_step(&app, &teacher, a, m1, "deliver", "模型见附件", None).await.unwrap();
        assert!(
            notices(&app, &enterprise)
                .await
                .iter()
                .any(|n| matches!(n, Notice::MilestoneDelivered { proposal_id, .. } if *proposal_id == a))
        );
        assert!(matches!(
            projects::milestone_step(&app, &enterprise, a, m1, "reject", " ", None).await,
            Err(AppError::Invalid(_))
        ));
        let (status, _) =
            projects::milestone_step(&app, &enterprise, a, m1, "reject", "缺少实测对比", None).await.unwrap();
        assert_eq!(status, MilestoneStatus::Rejected);
        projects::milestone_step(&app, &teacher, a, m1, "deliver", "补充了实测对比", None).await.unwrap();
        assert!(matches!(
            projects::milestone_step(&app, &enterprise, a, m1, "accept", "", Some(12)).await,
            Err(AppError::Invalid(_))
        ));
        assert_eq!(
            projects::milestone_step(&app, &enterprise, a, m1, "accept", "", Some(4)).await.unwrap(),
            (MilestoneStatus::Accepted, false)
        );
        // Feedback waits for the end.
        assert!(matches!(
            projects::give_feedback(&app, &enterprise, a, Some(5), "").await,
            Err(AppError::OutOfOrder("project.not_completed"))
        ));
        projects::milestone_step(&app, &teacher, a, m2, "deliver", "", None).await.unwrap();
        assert_eq!(
            projects::milestone_step(&app, &enterprise, a, m2, "accept", "", Some(6)).await.unwrap(),
            (MilestoneStatus::Accepted, true)
        );
        let done = research::get(&app, &enterprise, id).await.unwrap();
        assert_eq!(done.row.status, "closed");
        let steps: Vec<&str> = done.timeline.iter().map(|s| s.step.as_str()).collect();
        assert_eq!(steps, ["submit", "accept", "publish", "select", "complete"], "{backend}");

        // Each side rates the other once; a competing team cannot.
        assert!(matches!(projects::give_feedback(&app, &enterprise, a, Some(6), "").await, Err(AppError::Invalid(_))));
        projects::give_feedback(&app, &enterprise, a, Some(5), "按期交付，实测误差达标。").await.unwrap();
        projects::give_feedback(&app, &teacher, a, Some(4), "企业数据准备充分。").await.unwrap();
        assert!(matches!(
            projects::give_feedback(&app, &teacher, a, Some(4), "").await,
            Err(AppError::OutOfOrder("feedback.already_given"))
        ));
        assert!(matches!(projects::give_feedback(&app, &researcher, a, Some(1), "").await, Err(AppError::NotFound)));
        let view = proposals::get(&app, &staff, a).await.unwrap();
        let lines: Vec<&str> = view.timeline.iter().map(|t| t.step.as_str()).collect();
        assert_eq!(
            lines,
            [
                "submit",
                "shortlist",
                "select",
                "contract",
                "milestone_deliver",
                "milestone_reject",
                "milestone_deliver",
                "milestone_accept",
                "milestone_deliver",
                "milestone_accept",
                "complete",
                "feedback_enterprise",
                "feedback_team"
            ],
            "{backend}"
        );
        let declined = proposals::get(&app, &researcher, b).await.unwrap().timeline;
        assert_eq!(declined.last().map(|t| (t.step.as_str(), t.detail.as_deref())), Some(("decline", Some(why))));
        let feedback = view.feedback;
        assert_eq!(
            feedback.iter().map(|f| (f.side.as_str(), f.rating)).collect::<Vec<_>>(),
            [("enterprise", 5), ("team", 4)]
        );
    }
}

#[tokio::test]
async fn of_two_selections_at_once_exactly_one_wins() {
    for (app, _db) in demo_apps().await {
        let backend = app.db.backend_name();
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let staff = ctx_of(&app, STAFF).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let researcher = ctx_of(&app, RESEARCH).await;
        for _round in 0..3 {
            let id = published(&app, &enterprise, &staff).await;
            let a = proposals::create(&app, &teacher, id, &proposal("甲")).await.unwrap();
            let b = proposals::create(&app, &researcher, id, &proposal("乙")).await.unwrap();
            let (x, y) = tokio::join!(
                proposals::step(&app, &enterprise, a, "select", "先到先得"),
                proposals::step(&app, &enterprise, b, "select", "先到先得"),
            );
            let won = [x.is_ok(), y.is_ok()];
            assert_eq!(won.iter().filter(|w| **w).count(), 1, "{backend}: {x:?} {y:?}");
            for r in [x, y] {
                assert!(matches!(r, Ok(ProposalStatus::Selected) | Err(AppError::OutOfOrder(_))), "{backend}");
            }
            let rows = research::get(&app, &staff, id).await.unwrap().proposals;
            let selected = rows.iter().filter(|p| p.status == "selected").count();
            let declined = rows.iter().filter(|p| p.status == "declined").count();
            assert_eq!((selected, declined), (1, 1), "{backend}");
        }
    }
}

#[tokio::test]
async fn the_demo_has_research_in_every_stage_and_the_to_do_lines_point_at_it() {
    for (app, _db) in demo_apps().await {
        let backend = app.db.backend_name();
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let staff = ctx_of(&app, STAFF).await;
        let teacher = ctx_of(&app, TEACHER).await;
        let (board, _) = research::list(&app, &staff, &Default::default(), Page::new(1, 200)).await.unwrap();
        for status in ["draft", "submitted", "returned", "accepted", "published", "awarded", "closed"] {
            assert!(board.iter().any(|p| p.status == status), "{backend}: no proposition {status}");
        }
        let mut statuses = std::collections::BTreeSet::new();
        for p in &board {
            for pr in research::get(&app, &staff, p.id).await.unwrap().proposals {
                statuses.insert(pr.status);
            }
        }
        for status in ["submitted", "shortlisted", "selected", "completed"] {
            assert!(statuses.contains(status), "{backend}: no proposal {status} in {statuses:?}");
        }
        let (deals, _) = tandem_app::research::achievements::deals(&app, &staff, &Default::default(), Page::new(1, 50))
            .await
            .unwrap();
        for stage in ["interest", "contact", "negotiation", "contract", "paid", "in_production", "lost"] {
            assert!(deals.iter().any(|d| d.stage == stage), "{backend}: no deal at {stage}");
        }
        let (results, total) =
            tandem_app::research::achievements::list(&app, &enterprise, &Default::default(), Page::new(1, 50))
                .await
                .unwrap();
        assert!(total >= 14 && results.iter().map(|r| r.org_id).collect::<std::collections::BTreeSet<_>>().len() >= 3);
        let kinds = |items: Vec<tandem_app::home::TodoItem>| items.into_iter().map(|i| i.kind).collect::<Vec<_>>();
        let own = kinds(tandem_app::home::todo(&app, &enterprise).await.unwrap());
        assert!(own.contains(&"proposals.to_decide") && own.contains(&"milestones.to_accept"), "{backend}: {own:?}");
        assert!(kinds(tandem_app::home::todo(&app, &staff).await.unwrap()).contains(&"deals.to_contact"));
        let mine = talent_pool_matches(&app, &teacher).await;
        assert!(mine > 0, "{backend}: the demo teacher's profile fits an open proposition");
    }
}

async fn talent_pool_matches(app: &App, ctx: &Ctx) -> usize {
    tandem_app::research::talent_pool::for_person(app, ctx, ctx.actor.person_id).await.unwrap().len()
}
