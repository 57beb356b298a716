//! Storage tests, run on SQLite and (when configured) PostgreSQL.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use tandem_store::org::{self, EnterpriseFilter, EnterpriseWrite, OrgFilter, OrgWrite};
use tandem_store::people::{self, PeopleFilter, PersonWrite};
use tandem_store::{Page, StoreError, migrate};
use tandem_test_support::{TEST_EPOCH, all_backends, postgres, sqlite};

fn enterprise(name: &str, uscc: &str, size: &str) -> EnterpriseWrite {
    EnterpriseWrite {
        name: name.into(),
        name_en: None,
        uscc: uscc.into(),
        industry_code: "C34".into(),
        region_code: Some("210100".into()),
        founded_on: Some("2015-06-01".into()),
        employees: Some(80),
        operating_revenue_fen: Some(5_000_000_000),
        total_assets_fen: None,
        size_class: Some(size.into()),
        size_row: Some(2),
        rd_expense_fen: Some(150_000_000),
        rd_staff: Some(9),
        invention_patents: Some(1),
        class2_ip_items: None,
    }
}

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let Some(pg) = postgres().await else { return };
    let lite = sqlite().await;
    let a = migrate::schema_outline(&lite.db).await.unwrap();
    let b = migrate::schema_outline(&pg.db).await.unwrap();
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[tokio::test]
async fn migrating_twice_applies_nothing_the_second_time() {
    for t in all_backends().await {
        assert_eq!(migrate::run(&t.db, TEST_EPOCH).await.unwrap(), 0, "{}", t.db.backend_name());
    }
}

/// Migration 16 rebuilds `mentorships` on SQLite (to let `class_id` be empty for internships);
/// a database with mentorships, meetings and evaluations keeps all of them through the upgrade.
#[tokio::test]
async fn upgrading_to_internships_keeps_every_mentorship_meeting_and_evaluation() {
    use tandem_store::talent::{self, ClassWrite};
    for t in tandem_test_support::unmigrated_backends().await {
        let db = &t.db;
        migrate::run_to(db, TEST_EPOCH, 15).await.unwrap();
        let mut tx = db.begin_write().await.unwrap();
        let org = |kind: &str, name: &str| OrgWrite {
            kind: kind.into(),
            name: name.into(),
            name_en: None,
            description: None,
            parent_id: None,
        };
        let enterprise = org::insert_org(&mut tx, &org("enterprise", "E"), TEST_EPOCH).await.unwrap();
        let person = |name: &str| PersonWrite { name: name.into(), email: None, phone: None, expertise: String::new() };
        let student = people::insert_person(&mut tx, &person("学生"), None, TEST_EPOCH).await.unwrap();
        let mentor = people::insert_person(&mut tx, &person("导师"), None, TEST_EPOCH).await.unwrap();
        let class = ClassWrite {
            enterprise_id: enterprise,
            title: "订单班",
            positions: "p",
            majors: "m",
            skills: None,
            seats: 5,
            hires: 5,
            salary_min_fen: None,
            salary_max_fen: None,
            location: None,
            starts_on: "2027-03-01",
            ends_on: "2027-12-31",
        };
        let class_id = talent::insert_class(&mut tx, &class, student, TEST_EPOCH).await.unwrap();
        tx.commit().await.unwrap();
        // The mentorship is written as release 15 wrote it, without the internship column.
        let insert = "INSERT INTO mentorships (id, class_id, student_id, mentor_id, kind, assigned_at) \
                      VALUES (41, $1, $2, $3, 'academic', $4)";
        match db {
            tandem_store::Db::Sqlite(p) => {
                sqlx::query(insert)
                    .bind(class_id)
                    .bind(student)
                    .bind(mentor)
                    .bind(TEST_EPOCH)
                    .execute(p)
                    .await
                    .unwrap();
            }
            tandem_store::Db::Pg(p) => {
                sqlx::query(insert)
                    .bind(class_id)
                    .bind(student)
                    .bind(mentor)
                    .bind(TEST_EPOCH)
                    .execute(p)
                    .await
                    .unwrap();
            }
        }
        let mut tx = db.begin_write().await.unwrap();
        talent::insert_meeting(&mut tx, 41, "2026-11-20", 45, "选题", None, TEST_EPOCH).await.unwrap();
        talent::insert_evaluation(&mut tx, 41, "good", "认真", TEST_EPOCH).await.unwrap();
        tx.commit().await.unwrap();

        assert_eq!(migrate::run_to(db, TEST_EPOCH, 16).await.unwrap(), 1, "{}", db.backend_name());
        let kept = talent::get_mentorship(db, 41).await.unwrap().expect("mentorship kept");
        assert_eq!(
            (kept.class_id, kept.internship_id, kept.placement_title.as_str(), kept.meetings, kept.grade.as_deref()),
            (Some(class_id), None, "订单班", 1, Some("good")),
            "{}",
            db.backend_name()
        );
        assert_eq!(talent::meetings(db, 41).await.unwrap()[0].topic, "选题");
        // After the upgrade a mentorship may belong to an internship instead of a class.
        let mut tx = db.begin_write().await.unwrap();
        let write = talent::internships::InternshipWrite {
            student_id: student,
            enterprise_id: enterprise,
            position: "实习生",
            starts_on: "2027-07-01",
            ends_on: "2027-08-31",
        };
        let internship = talent::internships::insert(&mut tx, &write, mentor, TEST_EPOCH).await.unwrap();
        let placement = tandem_domain::talent::mentoring::Placement::Internship(internship);
        talent::insert_mentorship(&mut tx, placement, student, mentor, "academic", mentor, TEST_EPOCH).await.unwrap();
        tx.commit().await.unwrap();
        let of_internship = talent::all_mentorships(db, placement).await.unwrap();
        assert_eq!(
            (of_internship.len(), of_internship[0].class_id, of_internship[0].placement_title.as_str()),
            (1, None, "实习生")
        );
        // A mentorship belongs to exactly one of a class or an internship.
        let neither =
            "INSERT INTO mentorships (student_id, mentor_id, kind, assigned_at) VALUES ($1, $2, 'academic', 0)";
        let refused = match db {
            tandem_store::Db::Sqlite(p) => sqlx::query(neither).bind(student).bind(mentor).execute(p).await.is_err(),
            tandem_store::Db::Pg(p) => sqlx::query(neither).bind(student).bind(mentor).execute(p).await.is_err(),
        };
        let both = "INSERT INTO mentorships (class_id, internship_id, student_id, mentor_id, kind, assigned_at) \
                    VALUES ($1, $2, $3, $4, 'enterprise', 0)";
        let refused_both = match db {
            tandem_store::Db::Sqlite(p) => {
                sqlx::query(both).bind(class_id).bind(internship).bind(student).bind(mentor).execute(p).await.is_err()
            }
            tandem_store::Db::Pg(p) => {
                sqlx::query(both).bind(class_id).bind(internship).bind(student).bind(mentor).execute(p).await.is_err()
            }
        };
        assert!(refused && refused_both, "{}", db.backend_name());
    }
}

#[tokio::test]
async fn enterprises_are_stored_filtered_and_unique_by_uscc() {
    for t in all_backends().await {
        let db = &t.db;
        let mut tx = db.begin_write().await.unwrap();
        let a = org::insert_enterprise(&mut tx, &enterprise("沈阳精工", "A1", "small"), TEST_EPOCH).await.unwrap();
        org::insert_enterprise(&mut tx, &enterprise("大连海工 100%_x", "B2", "medium"), TEST_EPOCH).await.unwrap();
        tx.commit().await.unwrap();

        let got = org::get_enterprise(db, a).await.unwrap().unwrap();
        assert_eq!((got.name.as_str(), got.operating_revenue_fen), ("沈阳精工", Some(5_000_000_000)));

        let page = Page::new(1, 50);
        let by_size = EnterpriseFilter { size_class: Some("medium".into()), ..Default::default() };
        let (rows, total) = org::list_enterprises(db, &by_size, page).await.unwrap();
        assert_eq!((rows.len(), total), (1, 1));
        // LIKE wildcards typed by a user are literal characters.
        let literal = EnterpriseFilter { q: Some("100%_".into()), ..Default::default() };
        assert_eq!(org::list_enterprises(db, &literal, page).await.unwrap().1, 1);
        let wildcard = EnterpriseFilter { q: Some("%".into()), ..Default::default() };
        assert_eq!(org::list_enterprises(db, &wildcard, page).await.unwrap().1, 1);
        let province =
            EnterpriseFilter { region: Some("210000".into()), industry: Some("C".into()), ..Default::default() };
        assert_eq!(org::list_enterprises(db, &province, page).await.unwrap().1, 2);
        // The total comes with the rows, and is still right for a page past the end.
        let second = org::list_enterprises(db, &EnterpriseFilter::default(), Page::new(2, 1)).await.unwrap();
        assert_eq!((second.0.len(), second.1), (1, 2));
        let beyond = org::list_enterprises(db, &EnterpriseFilter::default(), Page::new(5, 1)).await.unwrap();
        assert_eq!((beyond.0.len(), beyond.1), (0, 2));
        let only = EnterpriseFilter { only_ids: Some(vec![a]), ..Default::default() };
        assert_eq!(org::list_enterprises(db, &only, page).await.unwrap().1, 1);

        let mut tx = db.begin_write().await.unwrap();
        let dup = org::insert_enterprise(&mut tx, &enterprise("重复", "A1", "small"), TEST_EPOCH).await;
        assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{}: {dup:?}", db.backend_name());
        drop(tx);
        // The failed transaction left nothing behind: not even the organisation row.
        let all = org::list_orgs(db, &OrgFilter::default(), page).await.unwrap();
        assert_eq!(all.1, 2, "{}", db.backend_name());
    }
}

#[tokio::test]
async fn memberships_need_existing_people_and_orgs() {
    for t in all_backends().await {
        let db = &t.db;
        let mut tx = db.begin_write().await.unwrap();
        let uni = org::insert_org(
            &mut tx,
            &OrgWrite {
                kind: "university".into(),
                name: "U".into(),
                name_en: None,
                description: None,
                parent_id: None,
            },
            TEST_EPOCH,
        )
        .await
        .unwrap();
        let p = people::insert_person(
            &mut tx,
            &PersonWrite {
                name: "王老师".into(),
                email: Some("w@u.cn".into()),
                phone: None,
                expertise: "数控\n机器人".into(),
            },
            Some("hash"),
            TEST_EPOCH,
        )
        .await
        .unwrap();
        people::add_membership(&mut tx, p, uni, "teacher", TEST_EPOCH).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = db.begin_write().await.unwrap();
        let missing = people::add_membership(&mut tx, p, 9999, "teacher", TEST_EPOCH).await;
        assert!(matches!(missing, Err(StoreError::MissingReference)), "{}: {missing:?}", db.backend_name());
        drop(tx);

        let mut tx = db.begin_write().await.unwrap();
        let twice = people::add_membership(&mut tx, p, uni, "teacher", TEST_EPOCH).await;
        assert!(matches!(twice, Err(StoreError::Duplicate(_))));
        drop(tx);

        let found =
            people::list_people(db, &PeopleFilter { q: Some("机器人".into()), ..Default::default() }, Page::new(1, 10))
                .await
                .unwrap();
        assert_eq!(found.1, 1);
        assert!(found.0[0].has_password);
        let grants = people::grants_of(db, p).await.unwrap();
        assert_eq!(grants, vec![(uni, "university".to_owned(), "teacher".to_owned())]);
    }
}

#[tokio::test]
async fn the_database_refuses_a_second_booking_of_a_taken_slot() {
    use tandem_store::sharing::{self, BookingWrite, EquipmentWrite};
    for t in all_backends().await {
        let db = &t.db;
        let mut tx = db.begin_write().await.unwrap();
        let lab = org::insert_org(
            &mut tx,
            &OrgWrite { kind: "lab".into(), name: "L".into(), name_en: None, description: None, parent_id: None },
            TEST_EPOCH,
        )
        .await
        .unwrap();
        let person = people::insert_person(
            &mut tx,
            &PersonWrite { name: "P".into(), email: None, phone: None, expertise: String::new() },
            None,
            TEST_EPOCH,
        )
        .await
        .unwrap();
        let item = sharing::insert_equipment(
            &mut tx,
            &EquipmentWrite {
                lab_id: lab,
                name: "SEM".into(),
                model: None,
                maker: None,
                category: "microscopy".into(),
                location: None,
                description: None,
                status: "available".into(),
                maintenance_until: None,
                approval_mode: "automatic".into(),
                requires_authorisation: false,
                slot_minutes: 30,
                min_minutes: 30,
                max_minutes: 240,
                max_days_ahead: 30,
                open_from_minute: 480,
                open_to_minute: 1320,
                cancel_minutes_before: 60,
                capabilities: None,
                authorisation_valid_days: 365,
            },
            TEST_EPOCH,
        )
        .await
        .unwrap();
        let b = BookingWrite {
            equipment_id: item,
            person_id: person,
            start_at: TEST_EPOCH + 3600,
            end_at: TEST_EPOCH + 7200,
            status: "approved".into(),
            purpose: "x".into(),
            user_class: "internal".into(),
            rate_fen_per_hour: 100,
            currency: "CNY".into(),
        };
        sharing::insert_booking(&mut tx, &b, &[TEST_EPOCH + 3600, TEST_EPOCH + 5400], TEST_EPOCH).await.unwrap();
        tx.commit().await.unwrap();
        // Skipping the code's overlap check, the slot rows still refuse the second booking.
        let mut tx = db.begin_write().await.unwrap();
        let clash = sharing::insert_booking(&mut tx, &b, &[TEST_EPOCH + 5400], TEST_EPOCH).await;
        assert!(matches!(clash, Err(StoreError::Duplicate(_))), "{}: {clash:?}", db.backend_name());
    }
}
