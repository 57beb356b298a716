//! Notifications on both databases: a booking request reaches the item's managers and nobody
//! else, a rejection reaches the booker with its reason, inboxes are private, and the e-mail
//! outbox sends each message once, keeps failed ones for later and honours opt-outs.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use common::{ENTERPRISE, STUDENT, TEACHER, ctx_of};
use std::sync::{Arc, Mutex};
use tandem_app::notifications::outbox::{self, Email, Mailer, NoticeText, Outbox, SendResult};
use tandem_app::notifications::{self as uc};
use tandem_app::records::EquipmentFilter;
use tandem_app::sharing::{self as sharing, Step};
use tandem_app::{App, AppConfig, AppError, Ctx, FixedClock, Page, Rules};
use tandem_domain::notifications::Notice;
use tandem_test_support::{TEST_EPOCH, TestDb, all_backends};

async fn apps_with_email(email_enabled: bool) -> Vec<(App, TestDb)> {
    let mut apps = vec![];
    for db in all_backends().await {
        let clock = Arc::new(FixedClock::at(TEST_EPOCH));
        let config = AppConfig { email_enabled, ..AppConfig::default() };
        let app = App::new(db.db.clone(), Rules::load().unwrap(), clock, config);
        tandem_app::demo::load(&app).await.unwrap();
        apps.push((app, db));
    }
    apps
}

/// A manually approved item in the demo teacher's lab, with the student trained on it.
async fn manual_item(app: &App, teacher: &Ctx, student: &Ctx) -> sharing::Equipment {
    let labs = teacher.actor.teaching_labs();
    let (rows, _) = sharing::list(app, teacher, &EquipmentFilter::default(), Page::new(1, 200)).await.unwrap();
    let item = rows
        .into_iter()
        .find(|e| labs.contains(&e.lab_id) && e.status == "available" && e.approval_mode == "manual")
        .expect("a manually approved item in the teacher's lab");
    sharing::authorise(app, teacher, item.id, student.actor.person_id, TEST_EPOCH + 300 * 86_400).await.unwrap();
    item
}

/// Tomorrow (China time) at `hour`, for `hours` hours.
fn tomorrow_at(hour: i64, hours: i64) -> (i64, i64) {
    let offset = tandem_domain::sharing::LOCAL_OFFSET_SECS;
    let day = (TEST_EPOCH + offset).div_euclid(86_400) * 86_400 - offset + 86_400;
    (day + hour * 3600, day + (hour + hours) * 3600)
}

#[tokio::test]
async fn a_request_reaches_the_managers_and_a_rejection_reaches_the_booker_with_its_reason() {
    for (app, _db) in apps_with_email(false).await {
        let teacher = ctx_of(&app, TEACHER).await;
        let student = ctx_of(&app, STUDENT).await;
        let enterprise = ctx_of(&app, ENTERPRISE).await;
        let item = manual_item(&app, &teacher, &student).await;
        let before = uc::unread(&app, &teacher).await.unwrap();
        let enterprise_before = uc::unread(&app, &enterprise).await.unwrap();

        let (start, end) = tomorrow_at(10, 2);
        let booking = sharing::book(&app, &student, item.id, start, end, "扫描样品").await.unwrap();
        assert_eq!(booking.status, "requested");

        let inbox = uc::inbox(&app, &teacher, Page::new(1, 10)).await.unwrap();
        assert_eq!(inbox.unread, before + 1, "the lab's teacher hears of the request");
        let newest = &inbox.items[0];
        assert!(
            matches!(&newest.notice, Notice::BookingRequested { booking_id, booker, .. } if *booking_id == booking.id && !booker.is_empty()),
            "{:?}",
            newest.notice
        );
        assert_eq!(newest.link, "/bookings/approvals");
        assert_eq!(uc::unread(&app, &enterprise).await.unwrap(), enterprise_before, "nobody outside the lab is told");

        // A reason that is too long is refused and changes nothing.
        let long = "很".repeat(501);
        let refused = sharing::step(&app, &teacher, booking.id, Step::Reject, Some(&long)).await;
        assert!(matches!(&refused, Err(AppError::Invalid(e)) if e.0[0].field == "reason"), "{refused:?}");
        assert_eq!(uc::unread(&app, &student).await.unwrap(), 0, "nothing was told");

        let rejected = sharing::step(&app, &teacher, booking.id, Step::Reject, Some(" 当天设备校准 ")).await.unwrap();
        assert_eq!(rejected.status, "rejected");
        assert_eq!(rejected.status_reason.as_deref(), Some("当天设备校准"));
        let inbox = uc::inbox(&app, &student, Page::new(1, 10)).await.unwrap();
        assert_eq!(inbox.unread, 1);
        match &inbox.items[0].notice {
            Notice::BookingRejected { reason, item: name, .. } => {
                assert_eq!(reason.as_deref(), Some("当天设备校准"));
                assert_eq!(name, &item.name);
            }
            other => panic!("{other:?}"),
        }

        // The inbox is the reader's own: another person's notice is not found, and stays unread.
        let id = inbox.items[0].id;
        let refused = uc::mark_read(&app, &teacher, id).await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_eq!(uc::unread(&app, &student).await.unwrap(), 1);
        assert_eq!(uc::open(&app, &student, id).await.unwrap(), "/bookings");
        assert_eq!(uc::unread(&app, &student).await.unwrap(), 0);

        // Cancelling one's own booking tells the managers; approving tells the booker.
        let (start, end) = tomorrow_at(14, 1);
        let second = sharing::book(&app, &student, item.id, start, end, "复测").await.unwrap();
        sharing::step(&app, &teacher, second.id, Step::Approve, None).await.unwrap();
        let inbox = uc::inbox(&app, &student, Page::new(1, 10)).await.unwrap();
        assert!(matches!(inbox.items[0].notice, Notice::BookingApproved { .. }), "{:?}", inbox.items[0].notice);
        let teacher_unread = uc::unread(&app, &teacher).await.unwrap();
        sharing::step(&app, &student, second.id, Step::Cancel, Some("课程调整")).await.unwrap();
        let inbox = uc::inbox(&app, &teacher, Page::new(1, 10)).await.unwrap();
        assert_eq!(inbox.unread, teacher_unread + 1);
        assert!(
            matches!(&inbox.items[0].notice, Notice::BookingCancelled { by_booker: true, reason: Some(r), .. } if r == "课程调整"),
            "{:?}",
            inbox.items[0].notice
        );
        assert_eq!(uc::mark_all_read(&app, &teacher).await.unwrap(), u64::try_from(inbox.unread).unwrap());
        assert_eq!(uc::unread(&app, &teacher).await.unwrap(), 0);

        // Without an SMTP server nothing waits to be e-mailed.
        let counts = outbox::counts(&app).await.unwrap();
        assert!(counts.iter().all(|(state, _)| state == "none"), "{counts:?}");
    }
}

/// Records what it is asked to send; fails while `down` is set.
#[derive(Default)]
struct SinkMailer {
    sent: Mutex<Vec<Email>>,
    down: Mutex<bool>,
}

impl Mailer for SinkMailer {
    fn send<'a>(&'a self, email: &'a Email) -> SendResult<'a> {
        Box::pin(async move {
            if *self.down.lock().unwrap() {
                return Err("connection refused".to_owned());
            }
            self.sent.lock().unwrap().push(email.clone());
            Ok(())
        })
    }
}

struct PlainText;

impl NoticeText for PlainText {
    fn render(&self, notice: &Notice, lang: &str, link: &str) -> (String, String) {
        (format!("{} ({lang})", notice.kind()), link.to_owned())
    }
}

#[tokio::test]
async fn the_outbox_sends_each_email_once_keeps_failures_for_later_and_honours_opt_outs() {
    for (app, _db) in apps_with_email(true).await {
        let teacher = ctx_of(&app, TEACHER).await;
        let student = ctx_of(&app, STUDENT).await;
        let item = manual_item(&app, &teacher, &student).await;
        let mailer = Arc::new(SinkMailer::default());
        let mut outbox = Outbox::new(mailer.clone(), Arc::new(PlainText), "https://tandem.example.edu.cn/");
        outbox.batch = 3;
        // Whatever the demo wrote goes out first.
        while outbox::deliver_due(&app, &outbox).await.unwrap().sent > 0 {}
        mailer.sent.lock().unwrap().clear();

        let (start, end) = tomorrow_at(9, 1);
        let booking = sharing::book(&app, &student, item.id, start, end, "测试").await.unwrap();
        let delivered = outbox::deliver_due(&app, &outbox).await.unwrap();
        assert!(delivered.sent >= 1, "{delivered:?}");
        {
            let sent = mailer.sent.lock().unwrap();
            let teacher_email = sent.iter().find(|e| e.to == "teacher@tandem.demo").expect("the teacher is e-mailed");
            assert_eq!(teacher_email.subject, "booking.requested (zh-CN)");
            assert_eq!(teacher_email.body, "https://tandem.example.edu.cn/bookings/approvals");
            assert!(teacher_email.message_id.ends_with("@tandem.example.edu.cn>"), "{}", teacher_email.message_id);
        }
        // A second pass (a restart, another worker) sends nothing again.
        let again = outbox::deliver_due(&app, &outbox).await.unwrap();
        assert_eq!(again.sent, 0);

        // The mail server is down: the e-mail is kept, due again later, and the request did not wait.
        *mailer.down.lock().unwrap() = true;
        sharing::step(&app, &teacher, booking.id, Step::Reject, Some("维护")).await.unwrap();
        let failed = outbox::deliver_due(&app, &outbox).await.unwrap();
        assert_eq!((failed.sent, failed.failed), (0, 1));
        let counts = outbox::counts(&app).await.unwrap();
        assert!(counts.iter().any(|(s, n)| s == "pending" && *n >= 1), "{counts:?}");
        *mailer.down.lock().unwrap() = false;
        assert_eq!(outbox::deliver_due(&app, &outbox).await.unwrap().sent, 0, "not due until its retry time");
        let later = App::new(
            app.db.clone(),
            Rules::load().unwrap(),
            Arc::new(FixedClock::at(TEST_EPOCH + 60)),
            AppConfig { email_enabled: true, ..AppConfig::default() },
        );
        assert_eq!(outbox::deliver_due(&later, &outbox).await.unwrap().sent, 1);
        let rejection: Vec<Email> =
            mailer.sent.lock().unwrap().iter().filter(|e| e.subject.starts_with("booking.rejected")).cloned().collect();
        assert_eq!(rejection.len(), 1, "sent once");
        assert_eq!(rejection[0].to, "student@tandem.demo");

        // The student turns off e-mail for approvals: the next approval stays in the app.
        let wanted: Vec<String> = uc::email_preferences(&app, &student)
            .await
            .unwrap()
            .into_iter()
            .filter(|(k, _)| *k != "booking.approved")
            .map(|(k, _)| k.to_owned())
            .collect();
        let refused = uc::set_email_preferences(&app, &student, &["booking.nonsense".to_owned()]).await;
        assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
        assert!(uc::email_preferences(&app, &student).await.unwrap().iter().all(|(_, on)| *on), "nothing changed");
        let now = uc::set_email_preferences(&app, &student, &wanted).await.unwrap();
        assert!(now.iter().any(|(k, on)| *k == "booking.approved" && !on));
        let (start, end) = tomorrow_at(16, 1);
        let third = sharing::book(&app, &student, item.id, start, end, "再测").await.unwrap();
        sharing::step(&app, &teacher, third.id, Step::Approve, None).await.unwrap();
        while outbox::deliver_due(&later, &outbox).await.unwrap().sent > 0 {}
        assert!(
            mailer.sent.lock().unwrap().iter().all(|e| !e.subject.starts_with("booking.approved")),
            "no approval e-mail after opting out"
        );
        let inbox = uc::inbox(&app, &student, Page::new(1, 1)).await.unwrap();
        assert!(matches!(inbox.items[0].notice, Notice::BookingApproved { .. }), "still in the app");
    }
}
