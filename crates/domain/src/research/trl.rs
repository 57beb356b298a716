//! The technology readiness levels (技术就绪水平) of GB/T 22900-2022, kept as a data file that
//! cites its source (`data/reference/gbt-22900-2022-trl.json`); the level names are marked
//! provisional until checked against the standard's text.

use serde::Deserialize;

const TRL_FILE: &str = include_str!("../../../../data/reference/gbt-22900-2022-trl.json");

pub const LOWEST: i64 = 1;
pub const HIGHEST: i64 = 9;

#[derive(Debug, Clone, Deserialize)]
pub struct Level {
    pub level: i64,
    pub name_zh: String,
    pub name_en: String,
    /// `research`, `development` or `demonstration`.
    pub stage: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Scale {
    pub version: String,
    pub source: String,
    pub confidence: String,
    pub provisional: bool,
    pub note_zh: String,
    pub note_en: String,
    pub levels: Vec<Level>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScaleError {
    #[error("gbt-22900-2022-trl.json is not valid JSON for its schema: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("gbt-22900-2022-trl.json must list levels 1 to 9 once each, in order")]
    Levels,
}

impl Scale {
    /// Parses and checks the file compiled into the binary.
    pub fn load() -> Result<Self, ScaleError> {
        let scale: Scale = serde_json::from_str(TRL_FILE)?;
        let levels: Vec<i64> = scale.levels.iter().map(|l| l.level).collect();
        if levels != (LOWEST..=HIGHEST).collect::<Vec<_>>() {
            return Err(ScaleError::Levels);
        }
        Ok(scale)
    }

    /// The scale compiled into the binary, parsed once; `None` only if the file is broken (the
    /// tests load it, so a broken file does not ship).
    pub fn shared() -> Option<&'static Scale> {
        static SCALE: std::sync::OnceLock<Option<Scale>> = std::sync::OnceLock::new();
        SCALE.get_or_init(|| Scale::load().ok()).as_ref()
    }

    pub fn level(&self, level: i64) -> Option<&Level> {
        self.levels.iter().find(|l| l.level == level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_has_nine_levels_and_says_where_it_comes_from() {
        let scale = Scale::load().unwrap();
        assert_eq!(scale.levels.len(), 9);
        assert!(scale.source.contains("GB/T 22900-2022"));
        assert!(scale.provisional, "level names are not yet checked against the standard");
        assert_eq!(scale.level(4).map(|l| l.stage.as_str()), Some("development"));
        assert!(scale.level(10).is_none());
    }
}
