//! Results offered to enterprises, deals and the yearly transformation figures, on both
//! databases: who publishes, who sees which deal, stages that go back or are lost only with a
//! reason, and figures that count what a paid licence brought in.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{ENTERPRISE, GOV, STAFF, STUDENT, TEACHER, ctx_of, demo_apps, own_enterprise};
use tandem_app::research::achievements::{self, DealFilter};
use tandem_app::{AppError, Page};
use tandem_domain::notifications::Notice;
use tandem_domain::research::achievement::{AchievementInput, DealMoveInput, DealStage, IpInput};

fn result() -> AchievementInput {
    AchievementInput {
        title: "薄壁件铣削颤振在线抑制".into(),
        summary: "基于主轴电流的颤振识别与变转速抑制，表面粗糙度降低 40%。".into(),
        trl: Some(6),
        ip: vec![IpInput {
            kind: "invention_patent".into(),
            number: "ZL202410123456.7".into(),
            status: "granted".into(),
        }],
        fields: vec!["数控机床, 颤振".into()],
        transfer_modes: vec!["exclusive_licence".into(), "assignment".into()],
        price_min_fen: Some(50_000_000),
        price_max_fen: Some(100_000_000),
    }
}

fn to(stage: &str) -> DealMoveInput {
    DealMoveInput { stage: stage.into(), ..DealMoveInput::default() }
}

#[tokio::test]
async fn a_lab_publishes_a_result_an_enterprise_licenses_it_and_the_figures_count_it() {
    for (app, _db) in demo_apps().await {
        let backend = app.db.backend_name();
        let teacher = ctx_of(&app, TEACHER).await;
        let staff = ctx_of(&app, STAFF).await;
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let student = ctx_of(&app, STUDENT).await;
        let gov = ctx_of(&app, GOV).await;
        let lab = teacher.actor.teaching_labs()[0];
        let own = own_enterprise(&enterprise);

        // Who publishes, and bad input refused by field.
        assert!(matches!(achievements::publish(&app, &student, lab, &result()).await, Err(AppError::Forbidden)));
        assert!(matches!(achievements::publish(&app, &enterprise, lab, &result()).await, Err(AppError::Forbidden)));
        let bad = AchievementInput { trl: Some(11), transfer_modes: vec![], ..result() };
        match achievements::publish(&app, &teacher, lab, &bad).await {
            Err(AppError::Invalid(e)) => {
                assert!(e.for_field("trl").is_some() && e.for_field("transfer_modes").is_some(), "{backend}")
            }
            other => panic!("{backend}: {other:?}"),
        }
        let id = achievements::publish(&app, &teacher, lab, &result()).await.unwrap();
        let seen = achievements::get(&app, &enterprise, id).await.unwrap();
        assert_eq!(seen.fields, ["数控机床", "颤振"]);
        assert_eq!(seen.ip.len(), 1);
        assert!(!seen.may_edit && seen.may_express_for.iter().any(|(e, _)| *e == own));

        let before = achievements::figures(&app, &staff, "2026-01-01", "2026-12-31").await.unwrap();

        // Interest opens a deal once; staff hear of it; the enterprise cannot run it.
        let deal = achievements::express_interest(&app, &enterprise, id, own, "希望独占许可").await.unwrap();
        assert!(matches!(
            achievements::express_interest(&app, &enterprise, id, own, "").await,
            Err(AppError::OutOfOrder("interest.already_expressed"))
        ));
        assert!(matches!(achievements::express_interest(&app, &teacher, id, own, "").await, Err(AppError::Forbidden)));
        let inbox = tandem_app::notifications::inbox(&app, &staff, Page::new(1, 50)).await.unwrap();
        assert!(
            inbox.items.iter().any(|i| matches!(i.notice, Notice::DealInterest { deal_id, .. } if deal_id == deal))
        );
        assert!(matches!(
            achievements::move_deal(&app, &enterprise, deal, &to("contact")).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(achievements::deal(&app, &teacher, deal).await, Err(AppError::NotFound)), "{backend}");
        let (own_deals, _) =
            achievements::deals(&app, &enterprise, &DealFilter::default(), Page::new(1, 50)).await.unwrap();
        assert!(own_deals.iter().all(|d| d.enterprise_id == own) && own_deals.iter().any(|d| d.id == deal));

        // Stages: forward freely, back only with a reason, a contract needs a mode and value.
        achievements::move_deal(&app, &staff, deal, &to("contact")).await.unwrap();
        achievements::move_deal(&app, &staff, deal, &to("negotiation")).await.unwrap();
        assert!(matches!(achievements::move_deal(&app, &staff, deal, &to("contact")).await, Err(AppError::Invalid(_))));
        let back = DealMoveInput { reason: "企业更换了技术负责人，重新对接".into(), ..to("contact") };
        assert_eq!(achievements::move_deal(&app, &staff, deal, &back).await.unwrap(), DealStage::Contact);
        achievements::move_deal(&app, &staff, deal, &to("negotiation")).await.unwrap();
        assert!(matches!(
            achievements::move_deal(&app, &staff, deal, &to("contract")).await,
            Err(AppError::Invalid(_))
        ));
        let signed = DealMoveInput {
            mode: "exclusive_licence".into(),
            value_fen: Some(80_000_000),
            signed_on: "2026-06-15".into(),
            ..to("contract")
        };
        achievements::move_deal(&app, &staff, deal, &signed).await.unwrap();
        let over = DealMoveInput { received_fen: Some(90_000_000), ..to("paid") };
        assert!(matches!(achievements::move_deal(&app, &staff, deal, &over).await, Err(AppError::Invalid(_))));
        let paid = DealMoveInput { received_fen: Some(30_000_000), ..to("paid") };
        achievements::move_deal(&app, &staff, deal, &paid).await.unwrap();
        achievements::move_deal(&app, &staff, deal, &to("in_production")).await.unwrap();
        let view = achievements::deal(&app, &enterprise, deal).await.unwrap();
        assert_eq!(
            (view.row.stage.as_str(), view.row.value_fen, view.row.received_fen),
            ("in_production", Some(80_000_000), Some(30_000_000))
        );
        assert_eq!(view.steps.len(), 7, "{backend}");
        let told = tandem_app::notifications::inbox(&app, &enterprise, Page::new(1, 50)).await.unwrap();
        assert!(told.items.iter().any(|i| matches!(&i.notice, Notice::DealMoved { stage, .. } if stage == "paid")));

        // The figures count it: one more licence contract, its value and what was received.
        let after = achievements::figures(&app, &staff, "2026-01-01", "2026-12-31").await.unwrap();
        assert_eq!(after.total.contracts, before.total.contracts + 1, "{backend}");
        assert_eq!(after.total.value_fen, before.total.value_fen + 80_000_000);
        assert_eq!(after.total.received_fen, before.total.received_fen + 30_000_000);
        let licences = |f: &achievements::Figures| {
            f.by_kind.iter().find(|r| r.key == "licence").map(|r| (r.contracts, r.value_fen)).unwrap_or((0, 0))
        };
        assert_eq!(licences(&after).0, licences(&before).0 + 1);
        let college_total: i64 = after.by_college.iter().map(|r| r.value_fen).sum();
        assert_eq!(college_total, after.total.value_fen, "every contract is in one college line");
        // Outside the period it does not count; government reads the figures, a teacher does not.
        let next_year = achievements::figures(&app, &gov, "2027-01-01", "2027-12-31").await.unwrap();
        assert_eq!(next_year.total.contracts, 0);
        assert!(matches!(
            achievements::figures(&app, &teacher, "2026-01-01", "2026-12-31").await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            achievements::figures(&app, &staff, "2026-12-31", "2026-01-01").await,
            Err(AppError::Invalid(_))
        ));

        // A lost deal says why and stays lost.
        let second = achievements::express_interest(
            &app,
            &enterprise,
            achievements::publish(&app, &teacher, lab, &result()).await.unwrap(),
            own,
            "",
        )
        .await
        .unwrap();
        assert!(matches!(achievements::move_deal(&app, &staff, second, &to("lost")).await, Err(AppError::Invalid(_))));
        let lost = DealMoveInput { reason: "预算不足".into(), ..to("lost") };
        achievements::move_deal(&app, &staff, second, &lost).await.unwrap();
        let again = DealMoveInput { reason: "重启".into(), ..to("contact") };
        assert!(matches!(achievements::move_deal(&app, &staff, second, &again).await, Err(AppError::Invalid(_))));
        assert_eq!(
            achievements::deal(&app, &staff, second).await.unwrap().row.lost_reason.as_deref(),
            Some("预算不足")
        );
    }
}
