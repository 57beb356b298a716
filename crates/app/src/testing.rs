//! Builders for tests and benchmarks of other crates (feature `testing`), never in the product.

use crate::{App, AppError, AppResult};
use tandem_domain::org::Uscc;
use tandem_store::diagnosis::{self, AssessmentWrite};
use tandem_store::org::{self, EnterpriseWrite};

/// Adds `n` enterprises, each with one submitted SRDI assessment, in one transaction.
pub async fn seed_assessed_enterprises(app: &App, n: usize) -> AppResult<()> {
    let srdi = app.catalogue.get("miit-2022-srdi").ok_or(AppError::NotFound)?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    for i in 0..n {
        let uscc = Uscc::complete(&format!("91210100BN{i:07}")).ok_or_else(|| AppError::Unexpected("uscc".into()))?;
        let w = EnterpriseWrite {
            name: format!("基准企业{i:05}"),
            name_en: None,
            uscc: uscc.to_string(),
            industry_code: ["C34", "C35", "C39", "I65"][i % 4].into(),
            region_code: Some(["210100", "210200", "210300"][i % 3].into()),
            founded_on: None,
            employees: Some(50 + (i % 400) as i64),
            operating_revenue_fen: None,
            total_assets_fen: None,
            size_class: Some(["micro", "small", "medium"][i % 3].into()),
            size_row: Some(2),
            rd_expense_fen: None,
            rd_staff: None,
            invention_patents: None,
            class2_ip_items: None,
        };
        let id = org::insert_enterprise(&mut tx, &w, now).await?;
        let total = 30 + (i % 70) as i64;
        let a = AssessmentWrite {
            status: "submitted".into(),
            answers_json: "{}".into(),
            result_json: None,
            total: Some(total),
            passed: Some(i64::from(total >= 60)),
            submitted_at: Some(now),
        };
        diagnosis::insert(&mut tx, id, &srdi.id, &srdi.version, &a, 0, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes `n` notices to the person with `email` in one transaction, as if that many bookings of
/// theirs had been approved; with e-mail on, each waits in the outbox.
pub async fn enqueue_notices(app: &App, email: &str, n: usize) -> AppResult<()> {
    use tandem_domain::access::Action;
    use tandem_domain::id::BookingId;
    use tandem_domain::notifications::Notice;
    let person = tandem_store::people::person_by_email(&app.db, email).await?.ok_or(AppError::NotFound)?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    for i in 0..n {
        let start = now + 86_400 + i64::try_from(i).unwrap_or(0) * 1800;
        let notice = Notice::BookingApproved {
            booking_id: BookingId(i64::try_from(i).unwrap_or(0)),
            item: "扫描电子显微镜".into(),
            start,
            end: start + 1800,
            reason: None,
        };
        crate::notifications::notify(&mut tx, app, person.id, &notice, Action::BookEquipment).await?;
    }
    tx.commit().await?;
    Ok(())
}
