//! The shapes of the achievements, deals and transformation-report API.

use crate::http::format::rfc3339;
use crate::http::json::Loose;
use serde::{Deserialize, Serialize};
use tandem_app::research::achievements::{AchievementRow, AchievementView, DealRow, DealView, Figures, FiguresRow};
use tandem_domain::research::achievement::{AchievementInput, DealMoveInput, IpInput};
use utoipa::ToSchema;

/// One item of intellectual property.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Ip {
    /// `invention_patent`, `utility_model`, `design_patent` or `software_copyright`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub number: String,
    /// `pending`, `granted` (the default) or `registered`.
    #[serde(default)]
    pub status: String,
}

/// A research result offered to enterprises.
#[derive(Debug, Serialize, ToSchema)]
pub struct Achievement {
    pub id: i64,
    /// The college, lab or institute it comes from.
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    /// The non-confidential summary.
    pub summary: String,
    /// GB/T 22900-2022 readiness level, 1–9.
    pub trl: i64,
    /// `assignment`, `exclusive_licence`, `non_exclusive_licence`, `equity`, `joint_development`.
    pub transfer_modes: Vec<String>,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
    pub contact_person_id: i64,
    pub contact_name: String,
    /// One result only (not in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<Vec<Ip>>,
    /// Application fields (one result only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    pub created_at: String,
}

impl Achievement {
    pub fn of_row(r: &AchievementRow) -> Self {
        Self {
            id: r.id,
            org_id: r.org_id,
            org_name: r.org_name.clone(),
            title: r.title.clone(),
            summary: r.summary.clone(),
            trl: r.trl,
            transfer_modes: r.transfer_modes.lines().map(str::to_owned).collect(),
            price_min_fen: r.price_min_fen,
            price_max_fen: r.price_max_fen,
            contact_person_id: r.contact_person_id,
            contact_name: r.contact_name.clone(),
            ip: None,
            fields: None,
            created_at: rfc3339(r.created_at),
        }
    }

    pub fn of_view(v: &AchievementView) -> Self {
        let mut a = Self::of_row(&v.row);
        a.ip = Some(
            v.ip.iter()
                .map(|i| Ip { kind: i.kind.clone(), number: i.number.clone(), status: i.status.clone() })
                .collect(),
        );
        a.fields = Some(v.fields.clone());
        a
    }
}

/// A result as a unit publishes or changes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AchievementWrite {
    /// The college, lab or institute (required when publishing; ignored when changing).
    pub org_id: Option<i64>,
    #[serde(default)]
    #[schema(value_type = String)]
    pub title: Loose,
    #[serde(default)]
    #[schema(value_type = String)]
    pub summary: Loose,
    pub trl: Option<i64>,
    #[serde(default)]
    pub ip: Vec<Ip>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub transfer_modes: Vec<String>,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
}

impl AchievementWrite {
    pub fn into_input(self) -> AchievementInput {
        AchievementInput {
            title: self.title.0,
            summary: self.summary.0,
            trl: self.trl,
            ip: self.ip.into_iter().map(|i| IpInput { kind: i.kind, number: i.number, status: i.status }).collect(),
            fields: self.fields,
            transfer_modes: self.transfer_modes,
            price_min_fen: self.price_min_fen,
            price_max_fen: self.price_max_fen,
        }
    }
}

/// An enterprise's interest in a result.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestWrite {
    /// The enterprise interested (the caller must be one of its people).
    pub enterprise_id: Option<i64>,
    #[serde(default)]
    pub message: Option<String>,
}

/// One stage change of a deal.
#[derive(Debug, Serialize, ToSchema)]
pub struct DealStep {
    pub from: String,
    pub to: String,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub at: String,
}

/// A deal: an enterprise's interest in a result, run by the university's staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deal {
    pub id: i64,
    pub achievement_id: i64,
    pub achievement_title: String,
    pub org_name: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub person_name: String,
    pub message: Option<String>,
    /// `interest`, `contact`, `negotiation`, `contract`, `paid`, `in_production` or `lost`.
    pub stage: String,
    /// The transfer mode agreed.
    pub mode: Option<String>,
    pub lost_reason: Option<String>,
    /// The contract's value and what it has brought in so far, once there is one.
    pub value_fen: Option<i64>,
    pub received_fen: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<DealStep>>,
    pub updated_at: String,
}

impl Deal {
    pub fn of_row(r: &DealRow) -> Self {
        Self {
            id: r.id,
            achievement_id: r.achievement_id,
            achievement_title: r.achievement_title.clone(),
            org_name: r.org_name.clone(),
            enterprise_id: r.enterprise_id,
            enterprise_name: r.enterprise_name.clone(),
            person_name: r.person_name.clone(),
            message: r.message.clone(),
            stage: r.stage.clone(),
            mode: r.mode.clone(),
            lost_reason: r.lost_reason.clone(),
            value_fen: r.value_fen,
            received_fen: r.received_fen,
            steps: None,
            updated_at: rfc3339(r.updated_at),
        }
    }

    pub fn of_view(v: &DealView) -> Self {
        let mut d = Self::of_row(&v.row);
        d.steps = Some(
            v.steps
                .iter()
                .map(|s| DealStep {
                    from: s.from_stage.clone(),
                    to: s.to_stage.clone(),
                    reason: s.reason.clone(),
                    by: s.by_name.clone(),
                    at: rfc3339(s.at),
                })
                .collect(),
        );
        d
    }
}

/// A deal's move to another stage.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DealMove {
    pub stage: String,
    /// Required to go back or to `lost`.
    #[serde(default)]
    pub reason: Option<String>,
    /// Required to reach `contract`: the transfer mode agreed and the contract's value.
    #[serde(default)]
    pub mode: Option<String>,
    pub value_fen: Option<i64>,
    /// Required to reach `paid`: the amount received so far.
    pub received_fen: Option<i64>,
    /// `YYYY-MM-DD`; today when absent.
    #[serde(default)]
    pub signed_on: Option<String>,
}

impl DealMove {
    pub fn into_input(self) -> DealMoveInput {
        DealMoveInput {
            stage: self.stage,
            reason: self.reason.unwrap_or_default(),
            mode: self.mode.unwrap_or_default(),
            value_fen: self.value_fen,
            received_fen: self.received_fen,
            signed_on: self.signed_on.unwrap_or_default(),
        }
    }
}

/// One line of the transformation figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresLine {
    /// The contract kind, or the college's id (empty for contracts no college is credited with).
    pub key: String,
    /// The college's name.
    pub label: Option<String>,
    pub contracts: i64,
    pub value_fen: i64,
    pub received_fen: i64,
    pub enterprises: i64,
    /// Of those, small and medium-sized (micro, small and medium size classes).
    pub smes: i64,
}

impl FiguresLine {
    fn of_row(r: &FiguresRow) -> Self {
        Self {
            key: r.key.clone(),
            label: r.label.clone(),
            contracts: r.contracts,
            value_fen: r.value_fen,
            received_fen: r.received_fen,
            enterprises: r.enterprises,
            smes: r.smes,
        }
    }
}

/// The yearly transformation figures (科技成果转化年度报告) for a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransformationReport {
    pub from: String,
    pub to: String,
    pub total: FiguresLine,
    pub by_kind: Vec<FiguresLine>,
    pub by_college: Vec<FiguresLine>,
}

impl TransformationReport {
    pub fn of(f: &Figures) -> Self {
        Self {
            from: f.from.clone(),
            to: f.to.clone(),
            total: FiguresLine::of_row(&f.total),
            by_kind: f.by_kind.iter().map(FiguresLine::of_row).collect(),
            by_college: f.by_college.iter().map(FiguresLine::of_row).collect(),
        }
    }
}
