//! How an order-based class runs once its students are selected: the curriculum the university
//! and the enterprise design together, practice placements at the enterprise, and at the end
//! who was hired — and, for everyone who was not, why.

use crate::access::{Action, Actor};
use crate::validation::{FieldErrors, optional_text, required_choice, required_date, required_integer, required_text};

/// Kinds of curriculum items: a university course, a module taught by the enterprise, and
/// practice at the enterprise.
pub const KINDS: [&str; 3] = ["course", "enterprise_module", "practice"];

/// Why a class member was not hired.
pub const NOT_HIRED_REASONS: [&str; 6] =
    ["offer_declined", "not_qualified", "further_study", "left_class", "no_vacancy", "other"];

/// The side that proposed a curriculum item; the other side agrees to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    University,
    Enterprise,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Side::University => "university",
            Side::Enterprise => "enterprise",
        }
    }

    pub fn from_code(code: &str) -> Option<Side> {
        match code {
            "university" => Some(Side::University),
            "enterprise" => Some(Side::Enterprise),
            _ => None,
        }
    }
}

/// The side the caller speaks for in a class of `enterprise_id`: whoever runs the classes for
/// the university, whoever else may manage the class for the enterprise; anyone else for neither.
pub fn side_of(actor: &Actor, enterprise_id: i64) -> Option<Side> {
    if !actor.may(Action::ActForEnterprise { enterprise_id }) {
        None
    } else if actor.may(Action::RunOrderClasses) {
        Some(Side::University)
    } else {
        Some(Side::Enterprise)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ItemInput {
    pub kind: String,
    pub title: String,
    pub hours: String,
    pub taught_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSpec {
    pub kind: String,
    pub title: String,
    pub hours: i64,
    pub taught_by: Option<String>,
}

pub fn parse_item(input: &ItemInput) -> Result<ItemSpec, FieldErrors> {
    let mut e = FieldErrors::new();
    let kind = required_choice(&mut e, "kind", &input.kind, &KINDS);
    let title = required_text(&mut e, "title", &input.title, 200);
    let hours = required_integer(&mut e, "hours", &input.hours, 1, 2000);
    let taught_by = optional_text(&mut e, "taught_by", &input.taught_by, 200);
    match hours {
        Some(hours) if e.is_empty() => Ok(ItemSpec { kind, title, hours, taught_by }),
        _ => Err(e),
    }
}

#[derive(Debug, Clone, Default)]
pub struct PlacementInput {
    pub site: String,
    pub supervisor: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementSpec {
    pub site: String,
    pub supervisor: String,
    pub starts_on: String,
    pub ends_on: String,
}

pub fn parse_placement(input: &PlacementInput) -> Result<PlacementSpec, FieldErrors> {
    let mut e = FieldErrors::new();
    let site = required_text(&mut e, "site", &input.site, 200);
    let supervisor = required_text(&mut e, "supervisor", &input.supervisor, 100);
    let starts = required_date(&mut e, "starts_on", &input.starts_on);
    let ends = required_date(&mut e, "ends_on", &input.ends_on);
    if let (Some(s), Some(t)) = (starts, ends)
        && t < s
    {
        e.add("ends_on", "order.placement_ends_before_start");
    }
    match (starts, ends) {
        (Some(s), Some(t)) if e.is_empty() => Ok(PlacementSpec {
            site,
            supervisor,
            starts_on: s.format("%Y-%m-%d").to_string(),
            ends_on: t.format("%Y-%m-%d").to_string(),
        }),
        _ => Err(e),
    }
}

/// The end-of-class hiring outcome of one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hiring {
    pub hired: bool,
    /// Why not, for those not hired (one of [`NOT_HIRED_REASONS`]).
    pub reason: Option<String>,
    pub note: Option<String>,
}

/// `hired` is `yes` or `no`; a member not hired needs a reason.
pub fn parse_hiring(hired: &str, reason: &str, note: &str) -> Result<Hiring, FieldErrors> {
    let mut e = FieldErrors::new();
    let hired = match hired.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        "" => {
            e.add("hired", "required");
            None
        }
        _ => {
            e.add("hired", "invalid");
            None
        }
    };
    let reason = reason.trim();
    let reason = match hired {
        Some(false) if reason.is_empty() => {
            e.add("reason", "order.reason_needed");
            None
        }
        Some(false) if !NOT_HIRED_REASONS.contains(&reason) => {
            e.add("reason", "invalid");
            None
        }
        Some(false) => Some(reason.to_owned()),
        _ => None,
    };
    let note = optional_text(&mut e, "note", note, 500);
    match hired {
        Some(hired) if e.is_empty() => Ok(Hiring { hired, reason, note }),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use crate::access::Role;
    use crate::org::OrgKind;

    #[test]
    fn each_side_is_who_speaks_for_it() {
        let staff = Actor {
            person_id: 1,
            grants: vec![Grant { org_id: 1, org_kind: OrgKind::University, role: Role::UniversityStaff }],
        };
        let admin = Actor {
            person_id: 2,
            grants: vec![Grant { org_id: 9, org_kind: OrgKind::Enterprise, role: Role::EnterpriseAdmin }],
        };
        let member = Actor {
            person_id: 3,
            grants: vec![Grant { org_id: 9, org_kind: OrgKind::Enterprise, role: Role::EnterpriseMember }],
        };
        assert_eq!(side_of(&staff, 9), Some(Side::University));
        assert_eq!(side_of(&admin, 9), Some(Side::Enterprise));
        assert_eq!(side_of(&admin, 8), None, "another enterprise's class");
        assert_eq!(side_of(&member, 9), None);
    }

    #[test]
    fn items_and_placements_are_checked() {
        let ok = parse_item(&ItemInput {
            kind: "enterprise_module".into(),
            title: "产线工艺".into(),
            hours: "32".into(),
            taught_by: "企业工程师".into(),
        });
        assert_eq!(ok.map(|i| i.hours), Ok(32));
        let e = parse_item(&ItemInput { kind: "lecture".into(), hours: "0".into(), ..ItemInput::default() })
            .expect_err("invalid");
        for f in ["kind", "title", "hours"] {
            assert!(e.for_field(f).is_some(), "{f}");
        }
        let e = parse_placement(&PlacementInput {
            site: "总装车间".into(),
            supervisor: "张工".into(),
            starts_on: "2027-07-01".into(),
            ends_on: "2027-06-01".into(),
        })
        .expect_err("ends before it starts");
        assert_eq!(e.for_field("ends_on").map(|f| f.code.as_str()), Some("order.placement_ends_before_start"));
    }

    #[test]
    fn a_member_not_hired_needs_a_reason() {
        assert_eq!(parse_hiring("yes", "", ""), Ok(Hiring { hired: true, reason: None, note: None }));
        assert!(parse_hiring("no", "", "").expect_err("no reason").for_field("reason").is_some());
        assert!(parse_hiring("no", "bored", "").is_err());
        assert_eq!(parse_hiring("no", "further_study", "考研").map(|h| h.reason), Ok(Some("further_study".into())));
        assert!(parse_hiring("maybe", "", "").expect_err("bad").for_field("hired").is_some());
    }
}
