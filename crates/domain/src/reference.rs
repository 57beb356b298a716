//! Reference tables that encode outside rules: the 2011 SME size classification, GB/T 4754
//! industries and GB/T 2260 regions. They live as versioned data files under `data/reference/`
//! (compiled into the binary so nothing is read at run time) and are validated when loaded.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

const SIZE_TABLE: &str = include_str!("../../../data/reference/sme-size-2011.json");
const INDUSTRIES: &str = include_str!("../../../data/reference/gbt-4754-2017.json");
const REGIONS: &str = include_str!("../../../data/reference/gbt-2260-regions.json");

#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("reference file {file} is not valid JSON for its schema: {source}")]
    Parse { file: &'static str, source: serde_json::Error },
    #[error("reference file {file} is inconsistent: {problem}")]
    Inconsistent { file: &'static str, problem: String },
}

/// Which figure of an enterprise a threshold is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 从业人员, persons.
    Employees,
    /// 营业收入, 万元.
    Revenue,
    /// 资产总额, 万元.
    Assets,
}

impl Measure {
    pub fn code(self) -> &'static str {
        match self {
            Measure::Employees => "employees",
            Measure::Revenue => "revenue",
            Measure::Assets => "assets",
        }
    }
}

/// `x < below` or `x >= at_least`, in the measure's unit (persons or whole 万元).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bound {
    pub measure: Measure,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SizeRow {
    pub row: u8,
    pub name_zh: String,
    pub name_en: String,
    pub sme_if_any: Vec<Bound>,
    pub medium: Vec<Bound>,
    pub small: Vec<Bound>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SizeTable {
    pub id: String,
    pub version: String,
    pub source: String,
    pub confidence: String,
    pub boundary_rule: String,
    pub rows: Vec<SizeRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Division {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub size_row: Option<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub divisions: Vec<Division>,
}

#[derive(Debug, Clone, Deserialize)]
struct IndustryFile {
    source: String,
    sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Region {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Deserialize)]
struct RegionFile {
    regions: Vec<Region>,
}

/// All reference tables, loaded and cross-checked.
#[derive(Debug, Clone)]
pub struct Reference {
    pub size_table: SizeTable,
    pub industry_source: String,
    pub sections: Vec<Section>,
    pub regions: Vec<Region>,
    division_index: BTreeMap<String, (usize, usize)>,
    region_index: BTreeMap<String, usize>,
}

impl Reference {
    /// Parses and validates the files compiled into the binary.
    pub fn load() -> Result<Self, ReferenceError> {
        let size_table: SizeTable = serde_json::from_str(SIZE_TABLE)
            .map_err(|source| ReferenceError::Parse { file: "sme-size-2011.json", source })?;
        let industries: IndustryFile = serde_json::from_str(INDUSTRIES)
            .map_err(|source| ReferenceError::Parse { file: "gbt-4754-2017.json", source })?;
        let regions: RegionFile = serde_json::from_str(REGIONS)
            .map_err(|source| ReferenceError::Parse { file: "gbt-2260-regions.json", source })?;
        Self::from_parts(size_table, industries.source, industries.sections, regions.regions)
    }

    fn from_parts(
        size_table: SizeTable,
        industry_source: String,
        sections: Vec<Section>,
        regions: Vec<Region>,
    ) -> Result<Self, ReferenceError> {
        let bad = |file, problem: String| ReferenceError::Inconsistent { file, problem };
        let mut rows = BTreeSet::new();
        for row in &size_table.rows {
            if !rows.insert(row.row) {
                return Err(bad("sme-size-2011.json", format!("row {} appears twice", row.row)));
            }
            if row.sme_if_any.iter().any(|b| b.below.is_none() || b.at_least.is_some())
                || row.medium.iter().chain(&row.small).any(|b| b.at_least.is_none() || b.below.is_some())
            {
                return Err(bad("sme-size-2011.json", format!("row {} mixes up below/at_least", row.row)));
            }
        }
        let mut division_index = BTreeMap::new();
        for (si, section) in sections.iter().enumerate() {
            for (di, division) in section.divisions.iter().enumerate() {
                if !division.code.starts_with(&section.code) {
                    return Err(bad(
                        "gbt-4754-2017.json",
                        format!("{} is not in section {}", division.code, section.code),
                    ));
                }
                if let Some(r) = division.size_row
                    && !rows.contains(&r)
                {
                    return Err(bad("gbt-4754-2017.json", format!("{} names unknown size row {r}", division.code)));
                }
                if division_index.insert(division.code.clone(), (si, di)).is_some() {
                    return Err(bad("gbt-4754-2017.json", format!("{} appears twice", division.code)));
                }
            }
        }
        let mut region_index = BTreeMap::new();
        for (i, region) in regions.iter().enumerate() {
            if region.code.len() != 6 || !region.code.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad("gbt-2260-regions.json", format!("{} is not a six-digit code", region.code)));
            }
            if region_index.insert(region.code.clone(), i).is_some() {
                return Err(bad("gbt-2260-regions.json", format!("{} appears twice", region.code)));
            }
        }
        Ok(Self { size_table, industry_source, sections, regions, division_index, region_index })
    }

    /// The section and division for an industry code such as `C34` or `K7010`.
    pub fn industry(&self, code: &str) -> Option<(&Section, &Division)> {
        let (si, di) = *self.division_index.get(code)?;
        let section = &self.sections[si];
        Some((section, &section.divisions[di]))
    }

    /// The GB/T 4754 section for its letter, such as `C`.
    pub fn section(&self, code: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.code == code)
    }

    pub fn region(&self, code: &str) -> Option<&Region> {
        self.region_index.get(code).map(|&i| &self.regions[i])
    }

    pub fn size_row(&self, row: u8) -> Option<&SizeRow> {
        self.size_table.rows.iter().find(|r| r.row == row)
    }

    pub fn divisions(&self) -> impl Iterator<Item = (&Section, &Division)> {
        self.sections.iter().flat_map(|s| s.divisions.iter().map(move |d| (s, d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_tables_load_and_cross_check() {
        let r = Reference::load().expect("shipped reference data is valid");
        assert_eq!(r.size_table.rows.len(), 16);
        let (section, division) = r.industry("C34").expect("C34 exists");
        assert_eq!(section.code, "C");
        assert_eq!(division.size_row, Some(2));
        assert_eq!(r.industry("K7020").and_then(|(_, d)| d.size_row), Some(14));
        assert_eq!(r.industry("J66").map(|(_, d)| d.size_row), Some(None));
        assert!(r.industry("Z99").is_none());
        assert_eq!(r.region("210100").map(|x| x.name_zh.as_str()), Some("沈阳市"));
    }

    #[test]
    fn an_unknown_size_row_is_refused() {
        let r = Reference::load().expect("valid");
        let mut sections = r.sections.clone();
        sections[0].divisions[0].size_row = Some(42);
        let err = Reference::from_parts(r.size_table.clone(), String::new(), sections, r.regions.clone());
        assert!(matches!(err, Err(ReferenceError::Inconsistent { .. })));
    }
}
