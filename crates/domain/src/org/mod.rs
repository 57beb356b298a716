//! Organisations of an industry–education partnership: the university and its colleges,
//! centres and labs; enterprises; government bodies; research institutes.

pub mod size_class;
pub mod uscc;

use crate::money::parse_wan_to_fen;
use crate::reference::Reference;
use crate::validation::{FieldErrors, optional_integer, optional_text, required_text};
use chrono::NaiveDate;
use serde::Serialize;
pub use size_class::{NotClassified, SizeClass, SizeFigures, SizeOutcome, classify};
pub use uscc::{Uscc, UsccError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    University,
    /// 现代产业学院, co-built with partner enterprises.
    College,
    /// 实践教学中心.
    Centre,
    /// 实验室.
    Lab,
    Enterprise,
    Government,
    Institute,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::University,
        OrgKind::College,
        OrgKind::Centre,
        OrgKind::Lab,
        OrgKind::Enterprise,
        OrgKind::Government,
        OrgKind::Institute,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::University => "university",
            OrgKind::College => "college",
            OrgKind::Centre => "centre",
            OrgKind::Lab => "lab",
            OrgKind::Enterprise => "enterprise",
            OrgKind::Government => "government",
            OrgKind::Institute => "institute",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Which kinds may contain this one. Empty means it stands alone.
    pub fn allowed_parents(self) -> &'static [OrgKind] {
        match self {
            OrgKind::College => &[OrgKind::University],
            OrgKind::Centre => &[OrgKind::University, OrgKind::College],
            OrgKind::Lab => &[OrgKind::Centre, OrgKind::College],
            OrgKind::University | OrgKind::Enterprise | OrgKind::Government | OrgKind::Institute => &[],
        }
    }

    /// Whether this kind belongs to the university's own structure.
    pub fn is_university_unit(self) -> bool {
        matches!(self, OrgKind::University | OrgKind::College | OrgKind::Centre | OrgKind::Lab)
    }
}

/// The fields of an organisation other than an enterprise, as typed by a person.
#[derive(Debug, Clone, Default)]
pub struct OrgUnitInput {
    pub name: String,
    pub name_en: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgUnitFields {
    pub name: String,
    pub name_en: Option<String>,
    pub description: Option<String>,
}

impl OrgUnitInput {
    pub fn validate(&self) -> Result<OrgUnitFields, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required_text(&mut e, "name", &self.name, 100);
        let name_en = optional_text(&mut e, "name_en", &self.name_en, 160);
        let description = optional_text(&mut e, "description", &self.description, 2000);
        e.into_result(OrgUnitFields { name, name_en, description })
    }
}

/// Checks that an organisation of `kind` may sit under a parent of `parent_kind`.
pub fn check_parent(errors: &mut FieldErrors, kind: OrgKind, parent_kind: Option<OrgKind>) {
    let allowed = kind.allowed_parents();
    match parent_kind {
        None if allowed.is_empty() => {}
        None => errors.add("parent_id", "required"),
        Some(p) if allowed.contains(&p) => {}
        Some(_) => errors.add_with(
            "parent_id",
            "org.parent_kind",
            &[("allowed", allowed.iter().map(|k| k.code()).collect::<Vec<_>>().join(", "))],
        ),
    }
}

/// An enterprise profile as typed into a form or sent as JSON; every field raw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterpriseInput {
    pub name: String,
    pub name_en: String,
    pub uscc: String,
    pub industry_code: String,
    pub region_code: String,
    pub founded_on: String,
    pub employees: String,
    pub operating_revenue_wan: String,
    pub total_assets_wan: String,
    /// Last year's R&D expense (研发费用), in 10k yuan.
    pub rd_expense_wan: String,
    /// People working in R&D.
    pub rd_staff: String,
    /// Valid invention patents (class I IP).
    pub invention_patents: String,
    /// Class II IP: utility models, designs, software copyrights, layout designs.
    pub class2_ip_items: String,
}

/// A validated enterprise profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseProfile {
    pub name: String,
    pub name_en: Option<String>,
    pub uscc: Uscc,
    pub industry_code: String,
    pub region_code: Option<String>,
    pub founded_on: Option<NaiveDate>,
    pub employees: Option<i64>,
    pub operating_revenue_fen: Option<i64>,
    pub total_assets_fen: Option<i64>,
    pub rd_expense_fen: Option<i64>,
    pub rd_staff: Option<i64>,
    pub invention_patents: Option<i64>,
    pub class2_ip_items: Option<i64>,
}

/// Largest amount accepted for revenue or assets: 100 trillion yuan, far above any enterprise.
const MAX_WAN: i64 = 10_000_000_000;

fn amount(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    if raw.trim().is_empty() {
        return None;
    }
    match parse_wan_to_fen(raw) {
        Some(fen) if fen <= MAX_WAN * crate::money::FEN_PER_WAN => Some(fen),
        Some(_) => {
            errors.add_with(field, "out_of_range", &[("min", "0".into()), ("max", MAX_WAN.to_string())]);
            None
        }
        None => {
            errors.add(field, "not_an_amount");
            None
        }
    }
}

impl EnterpriseInput {
    /// Validates every field against the reference tables; `today` bounds the founding date.
    pub fn validate(&self, reference: &Reference, today: NaiveDate) -> Result<EnterpriseProfile, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required_text(&mut e, "name", &self.name, 100);
        let name_en = optional_text(&mut e, "name_en", &self.name_en, 160);
        let uscc = if self.uscc.trim().is_empty() {
            e.add("uscc", "required");
            None
        } else {
            match Uscc::parse(&self.uscc) {
                Ok(code) => Some(code),
                Err(err) => {
                    e.add_with("uscc", err.code(), &err.args());
                    None
                }
            }
        };
        let industry_code = self.industry_code.trim().to_ascii_uppercase();
        if industry_code.is_empty() {
            e.add("industry_code", "required");
        } else if reference.industry(&industry_code).is_none() {
            e.add("industry_code", "industry.unknown");
        }
        let mut region_code = self.region_code.trim().to_owned();
        if region_code.is_empty() {
            if let Some(code) = &uscc
                && reference.region(code.division_code()).is_some()
            {
                region_code = code.division_code().to_owned();
            }
        } else if reference.region(&region_code).is_none() {
            e.add("region_code", "region.unknown");
        }
        let founded_on = match self.founded_on.trim() {
            "" => None,
            raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
                Ok(d) if d > today => {
                    e.add("founded_on", "date.in_future");
                    None
                }
                Ok(d) if d.format("%Y").to_string().as_str() < "1900" => {
                    e.add("founded_on", "date.too_early");
                    None
                }
                Ok(d) => Some(d),
                Err(_) => {
                    e.add("founded_on", "date.invalid");
                    None
                }
            },
        };
        let employees = optional_integer(&mut e, "employees", &self.employees, 0, 10_000_000);
        let operating_revenue_fen = amount(&mut e, "operating_revenue_wan", &self.operating_revenue_wan);
        let total_assets_fen = amount(&mut e, "total_assets_wan", &self.total_assets_wan);
        let rd_expense_fen = amount(&mut e, "rd_expense_wan", &self.rd_expense_wan);
        if let (Some(rd), Some(revenue)) = (rd_expense_fen, operating_revenue_fen)
            && rd > revenue
            && revenue > 0
        {
            e.add("rd_expense_wan", "enterprise.rd_above_revenue");
        }
        let rd_staff = optional_integer(&mut e, "rd_staff", &self.rd_staff, 0, 10_000_000);
        if let (Some(rd), Some(all)) = (rd_staff, employees)
            && rd > all
        {
            e.add("rd_staff", "enterprise.rd_staff_above_employees");
        }
        let invention_patents = optional_integer(&mut e, "invention_patents", &self.invention_patents, 0, 1_000_000);
        let class2_ip_items = optional_integer(&mut e, "class2_ip_items", &self.class2_ip_items, 0, 1_000_000);
        match uscc {
            Some(uscc) if e.is_empty() => Ok(EnterpriseProfile {
                name,
                name_en,
                uscc,
                industry_code,
                region_code: (!region_code.is_empty()).then_some(region_code),
                founded_on,
                employees,
                operating_revenue_fen,
                total_assets_fen,
                rd_expense_fen,
                rd_staff,
                invention_patents,
                class2_ip_items,
            }),
            _ => Err(e),
        }
    }
}

impl EnterpriseProfile {
    pub fn size_figures(&self) -> SizeFigures {
        SizeFigures {
            employees: self.employees,
            revenue_fen: self.operating_revenue_fen,
            assets_fen: self.total_assets_fen,
        }
    }

    pub fn size(&self, reference: &Reference) -> Result<SizeOutcome, NotClassified> {
        classify(reference, &self.industry_code, &self.size_figures())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date")
    }

    fn input() -> EnterpriseInput {
        EnterpriseInput {
            name: "沈阳精密机床有限公司".into(),
            uscc: Uscc::complete("91210100MA0QX1234").expect("valid").to_string(),
            industry_code: "c34".into(),
            founded_on: "2012-03-01".into(),
            employees: "120".into(),
            operating_revenue_wan: "8600".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_profile_is_accepted_and_region_comes_from_the_code() {
        let r = Reference::load().expect("valid");
        let p = input().validate(&r, today()).expect("valid");
        assert_eq!(p.industry_code, "C34");
        assert_eq!(p.region_code.as_deref(), Some("210100"));
        assert_eq!(p.size(&r).map(|o| o.class), Ok(SizeClass::Small));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let r = Reference::load().expect("valid");
        let bad = EnterpriseInput {
            name: " ".into(),
            uscc: "914403001922038217".into(),
            industry_code: "Q1".into(),
            region_code: "999999".into(),
            founded_on: "2030-01-01".into(),
            employees: "-3".into(),
            operating_revenue_wan: "12abc".into(),
            total_assets_wan: "".into(),
            name_en: String::new(),
            rd_expense_wan: "5".into(),
            rd_staff: "x".into(),
            ..EnterpriseInput::default()
        };
        let errors = bad.validate(&r, today()).expect_err("invalid");
        let fields: Vec<_> = errors.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            fields,
            vec![
                ("name", "required"),
                ("uscc", "uscc.check_character"),
                ("industry_code", "industry.unknown"),
                ("region_code", "region.unknown"),
                ("founded_on", "date.in_future"),
                ("employees", "out_of_range"),
                ("operating_revenue_wan", "not_an_amount"),
                ("rd_staff", "not_a_whole_number"),
            ]
        );
        assert_eq!(errors.for_field("uscc").and_then(|e| e.args.get("expected")).map(String::as_str), Some("6"));
    }

    #[test]
    fn innovation_figures_cannot_exceed_the_figures_they_are_part_of() {
        let r = Reference::load().expect("valid");
        let mut i = input();
        i.operating_revenue_wan = "1000".into();
        i.employees = "50".into();
        i.rd_expense_wan = "80.5".into();
        i.rd_staff = "8".into();
        i.invention_patents = "2".into();
        let p = i.validate(&r, today()).expect("valid");
        assert_eq!((p.rd_expense_fen, p.rd_staff, p.invention_patents), (Some(80_500_000), Some(8), Some(2)));
        i.rd_expense_wan = "1200".into();
        i.rd_staff = "51".into();
        let errors = i.validate(&r, today()).expect_err("invalid");
        let codes: Vec<_> = errors.0.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, vec!["enterprise.rd_above_revenue", "enterprise.rd_staff_above_employees"]);
    }

    #[test]
    fn parents_follow_the_structure() {
        let mut e = FieldErrors::new();
        check_parent(&mut e, OrgKind::Lab, Some(OrgKind::Centre));
        check_parent(&mut e, OrgKind::Enterprise, None);
        assert!(e.is_empty());
        check_parent(&mut e, OrgKind::Lab, Some(OrgKind::Enterprise));
        check_parent(&mut e, OrgKind::College, None);
        assert_eq!(e.0.len(), 2);
    }
}
