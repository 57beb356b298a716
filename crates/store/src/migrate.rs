//! Schema migrations: one folder per backend, applied in order, each in its own transaction,
//! recorded in `schema_migrations`. A test keeps the two folders' tables and columns in step.

use crate::{Db, StoreError, StoreResult, with_db, with_tx};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "assessments",
        sqlite: include_str!("../migrations/sqlite/0002_assessments.sql"),
        postgres: include_str!("../migrations/postgres/0002_assessments.sql"),
    },
    Migration {
        version: 3,
        name: "equipment",
        sqlite: include_str!("../migrations/sqlite/0003_equipment.sql"),
        postgres: include_str!("../migrations/postgres/0003_equipment.sql"),
    },
    Migration {
        version: 4,
        name: "cancel_deadline",
        sqlite: include_str!("../migrations/sqlite/0004_cancel_deadline.sql"),
        postgres: include_str!("../migrations/postgres/0004_cancel_deadline.sql"),
    },
    Migration {
        version: 5,
        name: "blackouts",
        sqlite: include_str!("../migrations/sqlite/0005_blackouts.sql"),
        postgres: include_str!("../migrations/postgres/0005_blackouts.sql"),
    },
    Migration {
        version: 6,
        name: "calendar_feeds",
        sqlite: include_str!("../migrations/sqlite/0006_calendar_feeds.sql"),
        postgres: include_str!("../migrations/postgres/0006_calendar_feeds.sql"),
    },
    Migration {
        version: 7,
        name: "item_publishing",
        sqlite: include_str!("../migrations/sqlite/0007_item_publishing.sql"),
        postgres: include_str!("../migrations/postgres/0007_item_publishing.sql"),
    },
    Migration {
        version: 8,
        name: "datasets",
        sqlite: include_str!("../migrations/sqlite/0008_datasets.sql"),
        postgres: include_str!("../migrations/postgres/0008_datasets.sql"),
    },
    Migration {
        version: 9,
        name: "equipment_photo",
        sqlite: include_str!("../migrations/sqlite/0009_equipment_photo.sql"),
        postgres: include_str!("../migrations/postgres/0009_equipment_photo.sql"),
    },
    Migration {
        version: 10,
        name: "order_classes",
        sqlite: include_str!("../migrations/sqlite/0010_order_classes.sql"),
        postgres: include_str!("../migrations/postgres/0010_order_classes.sql"),
    },
    Migration {
        version: 11,
        name: "mentoring",
        sqlite: include_str!("../migrations/sqlite/0011_mentoring.sql"),
        postgres: include_str!("../migrations/postgres/0011_mentoring.sql"),
    },
    Migration {
        version: 12,
        name: "two_way_flow",
        sqlite: include_str!("../migrations/sqlite/0012_two_way_flow.sql"),
        postgres: include_str!("../migrations/postgres/0012_two_way_flow.sql"),
    },
    Migration {
        version: 13,
        name: "graduate_outcomes",
        sqlite: include_str!("../migrations/sqlite/0013_graduate_outcomes.sql"),
        postgres: include_str!("../migrations/postgres/0013_graduate_outcomes.sql"),
    },
    Migration {
        version: 14,
        name: "micro_degrees",
        sqlite: include_str!("../migrations/sqlite/0014_micro_degrees.sql"),
        postgres: include_str!("../migrations/postgres/0014_micro_degrees.sql"),
    },
    Migration {
        version: 15,
        name: "class_curriculum",
        sqlite: include_str!("../migrations/sqlite/0015_class_curriculum.sql"),
        postgres: include_str!("../migrations/postgres/0015_class_curriculum.sql"),
    },
    Migration {
        version: 16,
        name: "internships",
        sqlite: include_str!("../migrations/sqlite/0016_internships.sql"),
        postgres: include_str!("../migrations/postgres/0016_internships.sql"),
    },
    Migration {
        version: 17,
        name: "internship_agreements",
        sqlite: include_str!("../migrations/sqlite/0017_internship_agreements.sql"),
        postgres: include_str!("../migrations/postgres/0017_internship_agreements.sql"),
    },
];

const CREATE_LEDGER: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

/// Applies every migration not yet applied; returns how many ran.
pub async fn run(db: &Db, now_epoch: i64) -> StoreResult<usize> {
    run_to(db, now_epoch, i64::MAX).await
}

/// Applies the migrations not yet applied up to and including `last_version`; tests use it to
/// build a database as an older release left it and then upgrade it.
pub async fn run_to(db: &Db, now_epoch: i64, last_version: i64) -> StoreResult<usize> {
    with_db!(db, p => sqlx::query(CREATE_LEDGER).execute(p).await.map(|r| r.rows_affected()))?;
    let mut applied = 0;
    for m in MIGRATIONS.iter().filter(|m| m.version <= last_version) {
        let mut tx = db.begin_write().await?;
        let done: Option<i64> = with_tx!(&mut tx, c =>
            sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1").bind(m.version).fetch_optional(c).await)?;
        if done.is_some() {
            continue;
        }
        let sql = match db {
            Db::Sqlite(_) => m.sqlite,
            Db::Pg(_) => m.postgres,
        };
        let run = with_tx!(&mut tx, c => sqlx::raw_sql(sql).execute(c).await.map(|r| r.rows_affected()));
        run.map_err(|source| StoreError::Migration { version: m.version, source })?;
        with_tx!(&mut tx, c => sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind(m.version).bind(m.name).bind(now_epoch).execute(c).await.map(|r| r.rows_affected()))?;
        tx.commit().await?;
        applied += 1;
    }
    Ok(applied)
}

/// Tables and their columns, sorted, for the parity test.
pub async fn schema_outline(db: &Db) -> StoreResult<Vec<(String, String)>> {
    let rows: Vec<(String, String)> = match db {
        Db::Sqlite(p) => {
            sqlx::query_as(
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.name",
            )
            .fetch_all(p)
            .await?
        }
        Db::Pg(p) => {
            sqlx::query_as(
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() ORDER BY table_name, column_name",
            )
            .fetch_all(p)
            .await?
        }
    };
    Ok(rows)
}
