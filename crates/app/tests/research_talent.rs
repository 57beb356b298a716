//! The talent pool on both databases: profiles people choose to make public, what enterprises and
//! government see of them, and matching both ways with its reasons.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{ENTERPRISE, GOV, RESEARCH, STAFF, TEACHER, ctx_of, demo_apps, own_enterprise};
use tandem_app::research::{self, achievements, talent_pool};
use tandem_app::{AppError, Page};
use tandem_domain::research::PropositionInput;
use tandem_domain::research::achievement::AchievementInput;
use tandem_domain::research::expertise::{ProfileInput, Reason};

fn profile(keywords: &str, public: bool) -> ProfileInput {
    ProfileInput {
        headline: "复合材料成型与检测".into(),
        disciplines: vec!["430".into()],
        industries: vec!["C29".into()],
        keywords: vec![keywords.into()],
        availability: "open".into(),
        public,
        show_contact: false,
    }
}

#[tokio::test]
async fn public_profiles_are_found_matched_with_reasons_and_private_ones_stay_private() {
    for (app, _db) in demo_apps().await {
        let backend = app.db.backend_name();
        let teacher = ctx_of(&app, TEACHER).await;
        let researcher = ctx_of(&app, RESEARCH).await;
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let staff = ctx_of(&app, STAFF).await;
        let gov = ctx_of(&app, GOV).await;

        // Bad codes are refused by field; nobody writes another's profile but staff.
        let bad = ProfileInput { disciplines: vec!["999".into()], availability: "soon".into(), ..profile("x", true) };
        assert!(matches!(
            talent_pool::save_profile(&app, &teacher, teacher.actor.person_id, &bad).await,
            Err(AppError::Invalid(_))
        ));
        assert!(matches!(
            talent_pool::save_profile(&app, &enterprise, teacher.actor.person_id, &profile("x", true)).await,
            Err(AppError::Forbidden)
        ));
        talent_pool::save_profile(&app, &teacher, teacher.actor.person_id, &profile("碳纤维, 热压罐, 超声检测", true))
            .await
            .unwrap();
        talent_pool::save_profile(&app, &researcher, researcher.actor.person_id, &profile("碳纤维, 热压罐", false))
            .await
            .unwrap();

        // The enterprise finds the public one only, without contact details it was not given.
        let filter = talent_pool::PoolFilter { q: Some("热压罐".into()), ..Default::default() };
        let (rows, _) = talent_pool::pool(&app, &enterprise, &filter, Page::new(1, 50)).await.unwrap();
        let ids: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
        assert!(ids.contains(&teacher.actor.person_id) && !ids.contains(&researcher.actor.person_id), "{backend}");
        assert!(rows.iter().all(|r| r.email.is_none()));
        assert!(matches!(
            talent_pool::person(&app, &enterprise, researcher.actor.person_id).await,
            Err(AppError::NotFound)
        ));
        let shown = talent_pool::person(&app, &enterprise, teacher.actor.person_id).await;
        assert!(shown.is_ok(), "{backend}: {shown:?}");
        // Staff see every profile; government sees counts only.
        let (all, _) = talent_pool::pool(&app, &staff, &filter, Page::new(1, 50)).await.unwrap();
        assert!(all.iter().any(|r| r.person_id == researcher.actor.person_id));
        assert!(matches!(talent_pool::pool(&app, &gov, &filter, Page::new(1, 50)).await, Err(AppError::Forbidden)));
        let counts = talent_pool::by_discipline(&app, &gov).await.unwrap();
        assert!(counts.iter().any(|(code, n)| code == "430" && *n >= 1), "{backend}: {counts:?}");

        // A proposition on the same ground: the public expert matches, with the keywords named.
        let input = PropositionInput {
            title: "碳纤维构件孔隙率在线检测".into(),
            summary: "热压罐固化后的孔隙率检测依赖抽检。".into(),
            deadline: "2099-01-01".into(),
            trl: Some(5),
            keywords: vec!["碳纤维, 超声检测".into()],
            industry_code: "C29".into(),
            ..PropositionInput::default()
        };
        let id = research::create(&app, &enterprise, own_enterprise(&enterprise), &input).await.unwrap();
        for (who, step) in [(&enterprise, "submit"), (&staff, "accept"), (&staff, "publish")] {
            research::step(&app, who, id, step, "").await.unwrap();
        }
        let lab = teacher.actor.teaching_labs()[0];
        let result = AchievementInput {
            title: "碳纤维层合板超声相控阵检测".into(),
            summary: "孔隙率与分层缺陷的自动判读。".into(),
            trl: Some(6),
            fields: vec!["超声检测, 碳纤维".into()],
            transfer_modes: vec!["non_exclusive_licence".into()],
            ..AchievementInput::default()
        };
        let a = achievements::publish(&app, &teacher, lab, &result).await.unwrap();
        let m = talent_pool::for_proposition(&app, &enterprise, id).await.unwrap();
        let top = m.experts.iter().find(|e| e.id == teacher.actor.person_id).expect("the public expert matches");
        assert!(
            top.reasons.contains(&Reason::Keyword("碳纤维".into()))
                && top.reasons.contains(&Reason::Keyword("超声检测".into()))
        );
        assert!(top.reasons.contains(&Reason::Industry("C29".into())), "{backend}: {:?}", top.reasons);
        assert!(top.score > 0 && m.experts.iter().all(|e| !e.reasons.is_empty()));
        assert!(!m.experts.iter().any(|e| e.id == researcher.actor.person_id), "a private profile is never matched");
        let found = m.achievements.iter().find(|x| x.id == a).expect("the result matches");
        assert!(found.reasons.contains(&Reason::Readiness(6)));
        // Another enterprise reads the board, not the matches.
        let others = talent_pool::for_proposition(&app, &researcher, id).await;
        assert!(matches!(others, Err(AppError::Forbidden)), "{backend}: {others:?}");

        // The other way: the expert sees the open proposition and why.
        let mine = talent_pool::for_person(&app, &teacher, teacher.actor.person_id).await.unwrap();
        let hit = mine.iter().find(|p| p.id == id).expect("the proposition fits the profile");
        assert!(hit.reasons.iter().any(|r| matches!(r, Reason::Keyword(_))));
        assert!(matches!(
            talent_pool::for_person(&app, &enterprise, teacher.actor.person_id).await,
            Err(AppError::Forbidden)
        ));
        // The person's page shows the result derived from the platform.
        let page = talent_pool::person(&app, &enterprise, teacher.actor.person_id).await.unwrap();
        assert!(page.history.results.iter().any(|(rid, _)| *rid == a));
    }
}
