//! SME size classification by the 2011 rules (工信部联企业〔2011〕300号): pick the industry's
//! row; large if no "SME if" bound holds; medium if every medium lower bound holds; small if
//! every small lower bound holds; otherwise micro.

use crate::money::FEN_PER_WAN;
use crate::reference::{Bound, Measure, Reference, SizeRow};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeClass {
    Micro,
    Small,
    Medium,
    Large,
}

impl SizeClass {
    pub const ALL: [SizeClass; 4] = [SizeClass::Micro, SizeClass::Small, SizeClass::Medium, SizeClass::Large];

    pub fn code(self) -> &'static str {
        match self {
            SizeClass::Micro => "micro",
            SizeClass::Small => "small",
            SizeClass::Medium => "medium",
            SizeClass::Large => "large",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The figures the rules look at. Money in fen; employees in persons.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SizeFigures {
    pub employees: Option<i64>,
    pub revenue_fen: Option<i64>,
    pub assets_fen: Option<i64>,
}

/// A classification with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SizeOutcome {
    pub class: SizeClass,
    pub row: u8,
    pub row_name_zh: String,
    pub row_name_en: String,
    pub sme_if_any: Vec<Bound>,
    pub medium: Vec<Bound>,
    pub small: Vec<Bound>,
    pub rule_id: String,
    pub rule_version: String,
    pub source: String,
}

/// Why no class could be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotClassified {
    UnknownIndustry,
    /// The industry is outside the 2011 rules (finance).
    IndustryNotCovered,
    /// A figure the row needs is missing.
    Missing(Measure),
}

impl NotClassified {
    pub fn code(&self) -> &'static str {
        match self {
            NotClassified::UnknownIndustry => "size.unknown_industry",
            NotClassified::IndustryNotCovered => "size.industry_not_covered",
            NotClassified::Missing(Measure::Employees) => "size.missing_employees",
            NotClassified::Missing(Measure::Revenue) => "size.missing_revenue",
            NotClassified::Missing(Measure::Assets) => "size.missing_assets",
        }
    }
}

fn value(figures: &SizeFigures, measure: Measure) -> Option<i64> {
    match measure {
        Measure::Employees => figures.employees,
        Measure::Revenue => figures.revenue_fen,
        Measure::Assets => figures.assets_fen,
    }
}

/// Threshold in the stored unit: persons stay persons, 万元 become fen.
fn scaled(measure: Measure, threshold: i64) -> i64 {
    match measure {
        Measure::Employees => threshold,
        Measure::Revenue | Measure::Assets => threshold.saturating_mul(FEN_PER_WAN),
    }
}

fn holds(bound: &Bound, figures: &SizeFigures) -> Result<bool, NotClassified> {
    let x = value(figures, bound.measure).ok_or(NotClassified::Missing(bound.measure))?;
    Ok(match (bound.below, bound.at_least) {
        (Some(b), _) => x < scaled(bound.measure, b),
        (None, Some(a)) => x >= scaled(bound.measure, a),
        (None, None) => false,
    })
}

fn all_hold(bounds: &[Bound], figures: &SizeFigures) -> Result<bool, NotClassified> {
    for b in bounds {
        if !holds(b, figures)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn classify_row(row: &SizeRow, figures: &SizeFigures) -> Result<SizeClass, NotClassified> {
    let mut is_sme = false;
    for b in &row.sme_if_any {
        is_sme |= holds(b, figures)?;
    }
    if !is_sme {
        return Ok(SizeClass::Large);
    }
    if all_hold(&row.medium, figures)? {
        return Ok(SizeClass::Medium);
    }
    if all_hold(&row.small, figures)? {
        return Ok(SizeClass::Small);
    }
    Ok(SizeClass::Micro)
}

/// Classifies an enterprise of industry `industry_code` (e.g. `C34`).
pub fn classify(
    reference: &Reference,
    industry_code: &str,
    figures: &SizeFigures,
) -> Result<SizeOutcome, NotClassified> {
    let (_, division) = reference.industry(industry_code).ok_or(NotClassified::UnknownIndustry)?;
    let row_no = division.size_row.ok_or(NotClassified::IndustryNotCovered)?;
    let row = reference.size_row(row_no).ok_or(NotClassified::IndustryNotCovered)?;
    let class = classify_row(row, figures)?;
    Ok(SizeOutcome {
        class,
        row: row.row,
        row_name_zh: row.name_zh.clone(),
        row_name_en: row.name_en.clone(),
        sme_if_any: row.sme_if_any.clone(),
        medium: row.medium.clone(),
        small: row.small.clone(),
        rule_id: reference.size_table.id.clone(),
        rule_version: reference.size_table.version.clone(),
        source: reference.size_table.source.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wan(x: i64) -> Option<i64> {
        Some(x * FEN_PER_WAN)
    }

    fn class(
        code: &str,
        employees: Option<i64>,
        revenue: Option<i64>,
        assets: Option<i64>,
    ) -> Result<SizeClass, NotClassified> {
        let r = Reference::load().expect("valid");
        classify(&r, code, &SizeFigures { employees, revenue_fen: revenue, assets_fen: assets }).map(|o| o.class)
    }

    #[test]
    fn industry_row_two_boundaries_are_lower_inclusive() {
        assert_eq!(class("C34", Some(300), wan(2000), None), Ok(SizeClass::Medium));
        assert_eq!(class("C34", Some(299), wan(2000), None), Ok(SizeClass::Small));
        assert_eq!(class("C34", Some(20), wan(300), None), Ok(SizeClass::Small));
        assert_eq!(class("C34", Some(19), wan(300), None), Ok(SizeClass::Micro));
        assert_eq!(class("C34", Some(500), wan(299), None), Ok(SizeClass::Micro));
        // Large needs both bounds exceeded: 1000 staff but revenue under 40000 is still an SME.
        assert_eq!(class("C34", Some(1000), wan(39999), None), Ok(SizeClass::Medium));
        assert_eq!(class("C34", Some(1000), wan(40000), None), Ok(SizeClass::Large));
    }

    #[test]
    fn a_fen_below_a_threshold_counts_as_below() {
        let r = Reference::load().expect("valid");
        let f = SizeFigures { employees: Some(300), revenue_fen: Some(2000 * FEN_PER_WAN - 1), assets_fen: None };
        assert_eq!(classify(&r, "C34", &f).map(|o| o.class), Ok(SizeClass::Small));
    }

    #[test]
    fn rows_use_their_own_measures() {
        assert_eq!(class("M73", Some(150), None, None), Ok(SizeClass::Medium));
        assert_eq!(class("E47", None, wan(6000), wan(5000)), Ok(SizeClass::Medium));
        assert_eq!(class("E47", None, wan(6000), None), Err(NotClassified::Missing(Measure::Assets)));
        assert_eq!(class("L72", Some(50), None, wan(100)), Ok(SizeClass::Small));
        assert_eq!(class("I65", Some(10), wan(50), None), Ok(SizeClass::Small));
        assert_eq!(class("J66", Some(10), wan(50), None), Err(NotClassified::IndustryNotCovered));
        assert_eq!(class("X1", Some(10), wan(50), None), Err(NotClassified::UnknownIndustry));
    }

    #[test]
    fn the_outcome_names_row_and_source() {
        let r = Reference::load().expect("valid");
        let o = classify(&r, "F52", &SizeFigures { employees: Some(60), revenue_fen: wan(600), assets_fen: None })
            .expect("classified");
        assert_eq!((o.class, o.row), (SizeClass::Medium, 5));
        assert!(o.source.contains("2011"));
    }
}
