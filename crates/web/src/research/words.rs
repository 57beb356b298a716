//! How the research pages write amounts and readiness levels, in one place.

use crate::http::page::PageCtx;
use tandem_domain::money::format_fen_as_wan;
use tandem_domain::research::trl::Scale;

/// An amount in 万元 with its unit.
pub(super) fn wan(c: &PageCtx, fen: i64) -> String {
    format!("{} {}", format_fen_as_wan(fen), c.t("unit-wan"))
}

/// A budget or price range in 万元; `none` when neither end is given.
pub(super) fn range(c: &PageCtx, min: Option<i64>, max: Option<i64>, none: String) -> String {
    match (min, max) {
        (Some(a), Some(b)) if a == b => wan(c, a),
        (Some(a), Some(b)) => format!("{}–{}", format_fen_as_wan(a), wan(c, b)),
        (Some(a), None) => format!("≥ {}", wan(c, a)),
        (None, Some(b)) => format!("≤ {}", wan(c, b)),
        (None, None) => none,
    }
}

/// The nine readiness levels as choices: (level, "TRL n · name").
pub(super) fn trl_choices(c: &PageCtx) -> Vec<(String, String)> {
    Scale::shared()
        .map(|s| {
            s.levels
                .iter()
                .map(|l| (l.level.to_string(), format!("TRL {} · {}", l.level, c.pick(&l.name_zh, &l.name_en))))
                .collect()
        })
        .unwrap_or_default()
}

/// One level with its name, or `—`.
pub(super) fn trl_label(c: &PageCtx, level: Option<i64>) -> String {
    match (level, Scale::shared().and_then(|s| level.and_then(|l| s.level(l)))) {
        (Some(l), Some(def)) => format!("TRL {l} · {}", c.pick(&def.name_zh, &def.name_en)),
        (Some(l), None) => format!("TRL {l}"),
        _ => "—".into(),
    }
}

/// The scale's note to readers while its wording is provisional; empty once it is not.
pub(super) fn trl_note(c: &PageCtx) -> String {
    Scale::shared()
        .map(|s| if s.provisional { c.pick(&s.note_zh, &s.note_en).to_owned() } else { String::new() })
        .unwrap_or_default()
}
