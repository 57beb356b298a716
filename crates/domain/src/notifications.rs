//! Notifications (通知): what happened that a person should know about, as data. The words are
//! not here: a notice carries the facts (names, times, a reason) and the page it points to, and
//! each reader's language turns it into a title and a body when it is shown or sent.

use crate::id::{BookingId, DatasetId};
use serde::{Deserialize, Serialize};

/// One thing a person is told about. Stored as JSON beside its `kind` code; fields are only
/// ever added (with a default) so that notices written by an older version still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Notice {
    /// To an item's managers: a booking waits for their decision.
    #[serde(rename = "booking.requested")]
    BookingRequested {
        booking_id: BookingId,
        item: String,
        booker: String,
        /// The first booking's time; a repeating booking is told of once.
        start: i64,
        end: i64,
        /// How many bookings wait (more than one for a repeating booking).
        #[serde(default = "one")]
        occurrences: i64,
    },
    /// To the booker, with the manager's note if they wrote one.
    #[serde(rename = "booking.approved")]
    BookingApproved {
        booking_id: BookingId,
        item: String,
        start: i64,
        end: i64,
        #[serde(default)]
        reason: Option<String>,
    },
    /// To the booker, with the manager's reason.
    #[serde(rename = "booking.rejected")]
    BookingRejected { booking_id: BookingId, item: String, start: i64, end: i64, reason: Option<String> },
    /// To the booker when a manager cancels, to the managers when the booker does.
    #[serde(rename = "booking.cancelled")]
    BookingCancelled {
        booking_id: BookingId,
        item: String,
        start: i64,
        end: i64,
        reason: Option<String>,
        /// Who cancelled: the booker (`true`) or a manager.
        by_booker: bool,
    },
    /// To the booker: a manager recorded that they did not come.
    #[serde(rename = "booking.no_show")]
    BookingNoShow { booking_id: BookingId, item: String, start: i64, end: i64 },
    /// To the requester.
    #[serde(rename = "dataset_request.decided")]
    DatasetRequestDecided { dataset_id: DatasetId, dataset: String, approved: bool, note: Option<String> },
    /// To an applicant once the selection has run.
    #[serde(rename = "class_application.decided")]
    ClassApplicationDecided { class_id: i64, class: String, placed: bool },
    /// To each party of an internship's learning agreement who has not confirmed this version.
    #[serde(rename = "agreement.awaiting")]
    AgreementAwaiting { internship_id: i64, student: String, enterprise: String, version: i64 },
    /// To a graduate's supervisor (an address, not an account): the one-time survey link.
    #[serde(rename = "survey.invitation")]
    SurveyInvitation { graduate: String, link: String, expires_at: i64 },
    /// To the holder.
    #[serde(rename = "credential.issued")]
    CredentialIssued { credential_id: String, achievement: String },
    /// To the university's screening staff: an enterprise sent a proposition for screening.
    #[serde(rename = "proposition.submitted")]
    PropositionSubmitted { proposition_id: i64, title: String, enterprise: String },
    /// To the proposition's author: the university accepted, returned (with the reason),
    /// published or closed it. `step` is the step's code.
    #[serde(rename = "proposition.screened")]
    PropositionScreened { proposition_id: i64, title: String, step: String, reason: Option<String> },
    /// To the proposition's author: a team sent a proposal for it.
    #[serde(rename = "proposal.received")]
    ProposalReceived { proposal_id: i64, title: String, lead: String },
    /// To the team: the enterprise shortlisted, selected or declined their proposal; `reason` is
    /// the enterprise's (for a team not chosen, why another was).
    #[serde(rename = "proposal.decided")]
    ProposalDecided { proposal_id: i64, title: String, step: String, reason: Option<String> },
    /// To the proposition's author: the team delivered a milestone for acceptance.
    #[serde(rename = "milestone.delivered")]
    MilestoneDelivered { proposal_id: i64, title: String, milestone: String },
    /// To the team: the enterprise accepted or rejected a milestone (with what is missing).
    #[serde(rename = "milestone.decided")]
    MilestoneDecided { proposal_id: i64, title: String, milestone: String, step: String, note: Option<String> },
    /// To the university's staff who run deals: an enterprise is interested in a result.
    #[serde(rename = "deal.interest")]
    DealInterest { deal_id: i64, title: String, enterprise: String },
    /// To the enterprise's person who expressed the interest: the deal moved to `stage`.
    #[serde(rename = "deal.moved")]
    DealMoved { deal_id: i64, title: String, stage: String, reason: Option<String> },
    /// To an enterprise's people: it qualifies for an apply-free benefit (免申即享) and will
    /// receive it without applying.
    #[serde(rename = "policy.apply_free")]
    PolicyApplyFree { policy_id: i64, enterprise_id: i64, title: String, amount_yuan: Option<i64> },
}

fn one() -> i64 {
    1
}

impl Notice {
    /// Every kind, in the order a preferences page lists them.
    pub const KINDS: [&'static str; 19] = [
        "booking.requested",
        "booking.approved",
        "booking.rejected",
        "booking.cancelled",
        "booking.no_show",
        "dataset_request.decided",
        "class_application.decided",
        "agreement.awaiting",
        "survey.invitation",
        "credential.issued",
        "proposition.submitted",
        "proposition.screened",
        "proposal.received",
        "proposal.decided",
        "milestone.delivered",
        "milestone.decided",
        "deal.interest",
        "deal.moved",
        "policy.apply_free",
    ];

    /// The kind's stable code (the `kind` column, the API's `kind`, a preference's key).
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::BookingRequested { .. } => "booking.requested",
            Notice::BookingApproved { .. } => "booking.approved",
            Notice::BookingRejected { .. } => "booking.rejected",
            Notice::BookingCancelled { .. } => "booking.cancelled",
            Notice::BookingNoShow { .. } => "booking.no_show",
            Notice::DatasetRequestDecided { .. } => "dataset_request.decided",
            Notice::ClassApplicationDecided { .. } => "class_application.decided",
            Notice::AgreementAwaiting { .. } => "agreement.awaiting",
            Notice::SurveyInvitation { .. } => "survey.invitation",
            Notice::CredentialIssued { .. } => "credential.issued",
            Notice::PropositionSubmitted { .. } => "proposition.submitted",
            Notice::PropositionScreened { .. } => "proposition.screened",
            Notice::ProposalReceived { .. } => "proposal.received",
            Notice::ProposalDecided { .. } => "proposal.decided",
            Notice::MilestoneDelivered { .. } => "milestone.delivered",
            Notice::MilestoneDecided { .. } => "milestone.decided",
            Notice::DealInterest { .. } => "deal.interest",
            Notice::DealMoved { .. } => "deal.moved",
            Notice::PolicyApplyFree { .. } => "policy.apply_free",
        }
    }

    /// The page the notice leads to. A recipient is only ever told of something on a page they
    /// may open: the use case that writes the notice checks that with the rule table.
    pub fn link(&self) -> String {
        match self {
            Notice::BookingRequested { .. } => "/bookings/approvals".to_owned(),
            Notice::BookingApproved { .. }
            | Notice::BookingRejected { .. }
            | Notice::BookingNoShow { .. }
            | Notice::BookingCancelled { by_booker: false, .. } => "/bookings".to_owned(),
            Notice::BookingCancelled { by_booker: true, .. } => "/bookings/approvals".to_owned(),
            Notice::DatasetRequestDecided { dataset_id, .. } => format!("/datasets/{dataset_id}"),
            Notice::ClassApplicationDecided { class_id, .. } => format!("/classes/{class_id}"),
            Notice::AgreementAwaiting { internship_id, .. } => format!("/internships/{internship_id}#agreement"),
            Notice::SurveyInvitation { link, .. } => link.clone(),
            Notice::CredentialIssued { credential_id, .. } => format!("/credentials/{credential_id}"),
            Notice::PropositionSubmitted { proposition_id, .. }
            | Notice::PropositionScreened { proposition_id, .. } => format!("/propositions/{proposition_id}"),
            Notice::ProposalReceived { proposal_id, .. }
            | Notice::ProposalDecided { proposal_id, .. }
            | Notice::MilestoneDelivered { proposal_id, .. }
            | Notice::MilestoneDecided { proposal_id, .. } => format!("/proposals/{proposal_id}"),
            Notice::DealInterest { deal_id, .. } | Notice::DealMoved { deal_id, .. } => format!("/deals/{deal_id}"),
            Notice::PolicyApplyFree { policy_id, enterprise_id, .. } => {
                format!("/enterprises/{enterprise_id}/policies#policy-{policy_id}")
            }
        }
    }

    /// Whether the person may turn off e-mail for this kind. A survey goes to an address that has
    /// no account and so no preferences.
    pub fn email_optional(kind: &str) -> bool {
        Self::KINDS.contains(&kind) && kind != "survey.invitation"
    }
}

/// How long the outbox waits before trying an e-mail again after its `attempts`-th failure:
/// 30 s doubling up to six hours, so a mail server that is down for a day loses nothing.
pub fn retry_delay_secs(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 20) - 1;
    (30_i64 << doublings).min(6 * 3600)
}

/// After this many failed attempts (about three days) an e-mail is given up and marked failed;
/// the in-app notice stays.
pub const MAX_EMAIL_ATTEMPTS: i64 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_keeps_its_kind_as_the_tag_and_reads_back() {
        let n = Notice::BookingRejected {
            booking_id: BookingId(7),
            item: "扫描电镜".into(),
            start: 100,
            end: 200,
            reason: Some("维护".into()),
        };
        let json = serde_json::to_string(&n).unwrap();
        assert!(json.contains(r#""kind":"booking.rejected""#), "{json}");
        assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), n);
        assert_eq!(n.kind(), "booking.rejected");
        assert_eq!(n.link(), "/bookings");
    }

    #[test]
    fn every_kind_is_listed_once_and_matches_its_tag() {
        let mut kinds = Notice::KINDS.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), Notice::KINDS.len());
        let samples = [
            Notice::BookingRequested {
                booking_id: BookingId(1),
                item: String::new(),
                booker: String::new(),
                start: 0,
                end: 0,
                occurrences: 1,
            },
            Notice::BookingApproved { booking_id: BookingId(1), item: String::new(), start: 0, end: 0, reason: None },
            Notice::BookingRejected { booking_id: BookingId(1), item: String::new(), start: 0, end: 0, reason: None },
            Notice::BookingCancelled {
                booking_id: BookingId(1),
                item: String::new(),
                start: 0,
                end: 0,
                reason: None,
                by_booker: true,
            },
            Notice::BookingNoShow { booking_id: BookingId(1), item: String::new(), start: 0, end: 0 },
            Notice::DatasetRequestDecided {
                dataset_id: DatasetId(1),
                dataset: String::new(),
                approved: true,
                note: None,
            },
            Notice::ClassApplicationDecided { class_id: 1, class: String::new(), placed: true },
            Notice::AgreementAwaiting {
                internship_id: 1,
                student: String::new(),
                enterprise: String::new(),
                version: 1,
            },
            Notice::SurveyInvitation { graduate: String::new(), link: String::new(), expires_at: 0 },
            Notice::CredentialIssued { credential_id: String::new(), achievement: String::new() },
            Notice::PropositionSubmitted { proposition_id: 1, title: String::new(), enterprise: String::new() },
            Notice::PropositionScreened {
                proposition_id: 1,
                title: String::new(),
                step: "accept".into(),
                reason: None,
            },
            Notice::ProposalReceived { proposal_id: 1, title: String::new(), lead: String::new() },
            Notice::ProposalDecided { proposal_id: 1, title: String::new(), step: "select".into(), reason: None },
            Notice::MilestoneDelivered { proposal_id: 1, title: String::new(), milestone: String::new() },
            Notice::MilestoneDecided {
                proposal_id: 1,
                title: String::new(),
                milestone: String::new(),
                step: "accept".into(),
                note: None,
            },
            Notice::DealInterest { deal_id: 1, title: String::new(), enterprise: String::new() },
            Notice::DealMoved { deal_id: 1, title: String::new(), stage: "contact".into(), reason: None },
            Notice::PolicyApplyFree { policy_id: 1, enterprise_id: 2, title: String::new(), amount_yuan: None },
        ];
        for (n, kind) in samples.iter().zip(Notice::KINDS) {
            assert_eq!(n.kind(), kind);
            let json: serde_json::Value = serde_json::to_value(n).unwrap();
            assert_eq!(json["kind"], kind);
        }
    }

    #[test]
    fn the_outbox_backs_off_and_caps_its_wait() {
        assert_eq!(retry_delay_secs(1), 30);
        assert_eq!(retry_delay_secs(2), 60);
        assert_eq!(retry_delay_secs(5), 480);
        assert_eq!(retry_delay_secs(30), 6 * 3600);
        assert_eq!(retry_delay_secs(0), 30);
    }
}
