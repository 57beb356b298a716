//! A notice in words, in the reader's language: for the inbox, the API and e-mail.

use crate::i18n::I18n;
use std::sync::Arc;
use tandem_app::notifications::outbox::NoticeText;
use tandem_domain::notifications::Notice;
use tandem_domain::sharing::LOCAL_OFFSET_SECS;

fn local(epoch: i64) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp(epoch + LOCAL_OFFSET_SECS, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

/// `2026-12-08 09:00–11:00` (China time), or with both dates when the span crosses midnight.
pub fn span(start: i64, end: i64) -> String {
    let (s, e) = (local(start), local(end));
    if s.date() == e.date() {
        format!("{}–{}", s.format("%Y-%m-%d %H:%M"), e.format("%H:%M"))
    } else {
        format!("{}–{}", s.format("%Y-%m-%d %H:%M"), e.format("%Y-%m-%d %H:%M"))
    }
}

/// The notice's title and body.
pub fn words(i18n: &I18n, lang: &str, notice: &Notice) -> (String, String) {
    let t = |key: &str, args: &[(&str, &str)]| i18n.tf(lang, key, args);
    // `notice-reason` says why (a rejection, a cancellation); `notice-note` adds a remark.
    let with_reason = |body: String, reason: &Option<String>, key: &str| match reason {
        Some(r) => format!("{body} {}", t(key, &[(if key == "notice-note" { "note" } else { "reason" }, r)])),
        None => body,
    };
    match notice {
        Notice::BookingRequested { item, booker, start, end, occurrences, .. } => {
            let time = span(*start, *end);
            let more = if *occurrences > 1 {
                t("notice-more-occurrences", &[("count", &occurrences.to_string())])
            } else {
                String::new()
            };
            let args = [("item", item.as_str()), ("booker", booker.as_str()), ("time", time.as_str()), ("more", &more)];
            (t("notice-booking-requested-title", &args), t("notice-booking-requested-body", &args))
        }
        Notice::BookingApproved { item, start, end, reason, .. } => {
            let args = [("item", item.as_str()), ("time", &span(*start, *end))];
            let body = with_reason(t("notice-booking-approved-body", &args), reason, "notice-note");
            (t("notice-booking-approved-title", &args), body)
        }
        Notice::BookingRejected { item, start, end, reason, .. } => {
            let args = [("item", item.as_str()), ("time", &span(*start, *end))];
            let body = with_reason(t("notice-booking-rejected-body", &args), reason, "notice-reason");
            (t("notice-booking-rejected-title", &args), body)
        }
        Notice::BookingCancelled { item, start, end, reason, by_booker, .. } => {
            let args = [("item", item.as_str()), ("time", &span(*start, *end))];
            let key =
                if *by_booker { "notice-booking-cancelled-by-booker" } else { "notice-booking-cancelled-by-manager" };
            (t("notice-booking-cancelled-title", &args), with_reason(t(key, &args), reason, "notice-reason"))
        }
        Notice::BookingNoShow { item, start, end, .. } => {
            let args = [("item", item.as_str()), ("time", &span(*start, *end))];
            (t("notice-booking-no-show-title", &args), t("notice-booking-no-show-body", &args))
        }
        Notice::DatasetRequestDecided { dataset, approved, note, .. } => {
            let args = [("dataset", dataset.as_str())];
            let (title, body) = if *approved {
                ("notice-dataset-approved-title", "notice-dataset-approved-body")
            } else {
                ("notice-dataset-refused-title", "notice-dataset-refused-body")
            };
            (t(title, &args), with_reason(t(body, &args), note, "notice-note"))
        }
        Notice::ClassApplicationDecided { class, placed, .. } => {
            let args = [("class", class.as_str())];
            let (title, body) = if *placed {
                ("notice-class-placed-title", "notice-class-placed-body")
            } else {
                ("notice-class-not-placed-title", "notice-class-not-placed-body")
            };
            (t(title, &args), t(body, &args))
        }
        Notice::AgreementAwaiting { student, enterprise, version, .. } => {
            let args =
                [("student", student.as_str()), ("enterprise", enterprise.as_str()), ("version", &version.to_string())];
            (t("notice-agreement-awaiting-title", &args), t("notice-agreement-awaiting-body", &args))
        }
        Notice::SurveyInvitation { graduate, expires_at, .. } => {
            let expires = local(*expires_at).format("%Y-%m-%d").to_string();
            let args = [("graduate", graduate.as_str()), ("expires", &expires)];
            (t("notice-survey-invitation-title", &args), t("notice-survey-invitation-body", &args))
        }
        Notice::CredentialIssued { achievement, .. } => {
            let args = [("achievement", achievement.as_str())];
            (t("notice-credential-issued-title", &args), t("notice-credential-issued-body", &args))
        }
        Notice::PropositionSubmitted { title, enterprise, .. } => {
            let args = [("title", title.as_str()), ("enterprise", enterprise.as_str())];
            (t("notice-proposition-submitted-title", &args), t("notice-proposition-submitted-body", &args))
        }
        Notice::PropositionScreened { title, step, reason, .. } => {
            let step_key = match step.as_str() {
                "accept" | "return" | "publish" | "close" => step.as_str(),
                _ => "other",
            };
            let args = [("title", title.as_str())];
            let mut body = t(&format!("notice-proposition-{step_key}-body"), &args);
            if let Some(r) = reason {
                body.push(' ');
                body.push_str(&t("notice-reason", &[("reason", r.as_str())]));
            }
            (t(&format!("notice-proposition-{step_key}-title"), &args), body)
        }
        Notice::ProposalReceived { title, lead, .. } => {
            let args = [("title", title.as_str()), ("lead", lead.as_str())];
            (t("notice-proposal-received-title", &args), t("notice-proposal-received-body", &args))
        }
        Notice::ProposalDecided { title, step, reason, .. } => {
            let step_key = match step.as_str() {
                "shortlist" | "select" | "decline" => step.as_str(),
                _ => "other",
            };
            let args = [("title", title.as_str())];
            let mut body = t(&format!("notice-proposal-{step_key}-body"), &args);
            if let Some(r) = reason {
                body.push(' ');
                body.push_str(&t("notice-reason", &[("reason", r.as_str())]));
            }
            (t(&format!("notice-proposal-{step_key}-title"), &args), body)
        }
        Notice::MilestoneDelivered { title, milestone, .. } => {
            let args = [("title", title.as_str()), ("milestone", milestone.as_str())];
            (t("notice-milestone-delivered-title", &args), t("notice-milestone-delivered-body", &args))
        }
        Notice::MilestoneDecided { title, milestone, step, note, .. } => {
            let step_key = if step == "accept" { "accepted" } else { "rejected" };
            let args = [("title", title.as_str()), ("milestone", milestone.as_str())];
            let mut body = t(&format!("notice-milestone-{step_key}-body"), &args);
            if let Some(n) = note {
                body.push(' ');
                body.push_str(&t("notice-reason", &[("reason", n.as_str())]));
            }
            (t(&format!("notice-milestone-{step_key}-title"), &args), body)
        }
        Notice::DealInterest { title, enterprise, .. } => {
            let args = [("title", title.as_str()), ("enterprise", enterprise.as_str())];
            (t("notice-deal-interest-title", &args), t("notice-deal-interest-body", &args))
        }
        Notice::DealMoved { title, stage, reason, .. } => {
            let stage_label = t(&format!("deal-stage-{stage}"), &[]);
            let args = [("title", title.as_str()), ("stage", stage_label.as_str())];
            let mut body = t("notice-deal-moved-body", &args);
            if let Some(r) = reason {
                body.push(' ');
                body.push_str(&t("notice-reason", &[("reason", r.as_str())]));
            }
            (t("notice-deal-moved-title", &args), body)
        }
        Notice::PolicyApplyFree { title, amount_yuan, .. } => {
            let amount = amount_yuan
                .map(|a| format!("¥{}", tandem_domain::money::format_fen_as_yuan(a * 100)))
                .unwrap_or_default();
            let args = [("title", title.as_str()), ("amount", amount.as_str())];
            let key = if amount_yuan.is_some() {
                "notice-policy-apply-free-amount-body"
            } else {
                "notice-policy-apply-free-body"
            };
            (t("notice-policy-apply-free-title", &args), t(key, &args))
        }
    }
}

/// The e-mail outbox's words: the notice, its address, and how to stop such e-mails.
pub struct EmailText(pub Arc<I18n>);

impl NoticeText for EmailText {
    fn render(&self, notice: &Notice, lang: &str, link: &str) -> (String, String) {
        let lang = crate::i18n::normalise(lang);
        let (title, body) = words(&self.0, lang, notice);
        let open = self.0.t(lang, "notice-open");
        let footer = self.0.t(lang, "notice-email-footer");
        (title, format!("{body}\n\n{open}: {link}\n\n-- \n{footer}\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_domain::id::BookingId;

    #[test]
    fn a_rejection_names_the_item_the_time_and_the_reason_in_both_languages() {
        let i18n = I18n::load().unwrap();
        let n = Notice::BookingRejected {
            booking_id: BookingId(1),
            item: "扫描电镜".into(),
            start: 1_765_155_600,
            end: 1_765_162_800,
            reason: Some("当天校准".into()),
        };
        let (title, body) = words(&i18n, "zh-CN", &n);
        assert!(title.contains("扫描电镜"), "{title}");
        assert!(body.contains("2025-12-08 09:00–11:00") && body.contains("当天校准"), "{body}");
        let (title, body) = words(&i18n, "en", &n);
        assert!(title.contains("扫描电镜") && body.contains("当天校准"), "{title} {body}");
        assert!(!body.contains("notice-"), "{body}");
    }

    #[test]
    fn a_note_on_an_approval_is_shown_as_a_note() {
        let i18n = I18n::load().unwrap();
        let n = Notice::BookingApproved {
            booking_id: BookingId(1),
            item: "扫描电镜".into(),
            start: 1_765_155_600,
            end: 1_765_162_800,
            reason: Some("请提前到场".into()),
        };
        let (_, body) = words(&i18n, "zh-CN", &n);
        assert!(body.ends_with("说明：请提前到场"), "{body}");
        assert!(!body.contains('{'), "{body}");
    }

    #[test]
    fn an_email_carries_the_link_and_the_way_to_stop_it() {
        let text = EmailText(Arc::new(I18n::load().unwrap()));
        let n = Notice::CredentialIssued { credential_id: "abc".into(), achievement: "工业机器人".into() };
        let (subject, body) = text.render(&n, "en", "https://t.example/credentials/abc");
        assert!(subject.contains("工业机器人"));
        assert!(body.contains("https://t.example/credentials/abc"), "{body}");
        assert!(!body.contains("notice-"), "{body}");
    }
}
