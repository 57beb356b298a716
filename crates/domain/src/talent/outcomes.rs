//! Graduate outcomes and employer satisfaction: the destination categories, the NACE first-
//! destination rates, and the satisfaction share with its confidence interval.

/// Destination categories, after NACE's first-destination standard.
pub const CATEGORIES: [&str; 6] =
    ["employed", "self_employed", "service", "continuing_education", "still_seeking", "not_seeking"];

/// Categories that count as a positive career outcome.
const POSITIVE: [&str; 4] = ["employed", "self_employed", "service", "continuing_education"];

/// Salary bands for starting pay, yuan per month.
pub const SALARY_BANDS: [&str; 5] = ["below_4000", "4000_5999", "6000_7999", "8000_9999", "10000_up"];

/// The NACE figures of a cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Rates {
    pub graduates: i64,
    pub known: i64,
    pub positive: i64,
    pub not_seeking: i64,
    /// Known outcomes / graduates, per mille.
    pub knowledge_permille: i64,
    /// Positive outcomes / (known − not seeking), per mille.
    pub career_outcomes_permille: i64,
}

/// Rates over `graduates` people of whom `known` holds the categories recorded.
pub fn rates(graduates: i64, known: &[&str]) -> Rates {
    let known_n = i64::try_from(known.len()).unwrap_or(i64::MAX);
    let positive = i64::try_from(known.iter().filter(|c| POSITIVE.contains(c)).count()).unwrap_or(0);
    let not_seeking = i64::try_from(known.iter().filter(|c| **c == "not_seeking").count()).unwrap_or(0);
    let per_mille = |a: i64, b: i64| if b <= 0 { 0 } else { a * 1000 / b };
    Rates {
        graduates,
        known: known_n,
        positive,
        not_seeking,
        knowledge_permille: per_mille(known_n, graduates),
        career_outcomes_permille: per_mille(positive, known_n - not_seeking),
    }
}

/// The skill domains a supervisor rates (after the QILT Employer Satisfaction Survey), 1–5 each.
pub const DOMAINS: [&str; 5] = ["foundation", "adaptive", "collaborative", "technical", "employability"];

/// A share with its 95% Wilson interval, all per mille.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Share {
    pub n: i64,
    pub yes: i64,
    pub permille: i64,
    pub low_permille: i64,
    pub high_permille: i64,
}

/// The share of `yes` among `n` with a 95% Wilson score interval (sound for small samples
/// and for shares near 100%, where satisfaction figures sit).
pub fn wilson(yes: i64, n: i64) -> Share {
    if n <= 0 {
        return Share { n: 0, yes: 0, permille: 0, low_permille: 0, high_permille: 0 };
    }
    let (p, nf, z) = (yes as f64 / n as f64, n as f64, 1.959_964_f64);
    let centre = p + z * z / (2.0 * nf);
    let margin = z * (p * (1.0 - p) / nf + z * z / (4.0 * nf * nf)).sqrt();
    let denominator = 1.0 + z * z / nf;
    let to_permille = |x: f64| (x * 1000.0).round() as i64;
    Share {
        n,
        yes,
        permille: yes * 1000 / n,
        low_permille: to_permille(((centre - margin) / denominator).max(0.0)),
        high_permille: to_permille(((centre + margin) / denominator).min(1.0)),
    }
}

/// Checks a supervisor's answers: every domain and the overall rating, each 1–5.
pub fn parse_ratings(values: &[(&str, &str)]) -> Result<Vec<(String, i64)>, crate::validation::FieldErrors> {
    let mut e = crate::validation::FieldErrors::new();
    let mut out = Vec::new();
    for field in DOMAINS.iter().chain(std::iter::once(&"overall")) {
        let raw = values.iter().find(|(k, _)| k == field).map(|(_, v)| *v).unwrap_or("");
        match raw.trim().parse::<i64>() {
            Ok(v) if (1..=5).contains(&v) => out.push(((*field).to_owned(), v)),
            _ => e.add(field, "survey.rating"),
        }
    }
    if e.is_empty() { Ok(out) } else { Err(e) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nace_rates_leave_out_those_not_seeking() {
        let r = rates(10, &["employed", "employed", "continuing_education", "still_seeking", "not_seeking", "service"]);
        assert_eq!((r.known, r.positive, r.not_seeking), (6, 4, 1));
        assert_eq!(r.knowledge_permille, 600);
        assert_eq!(r.career_outcomes_permille, 800, "4 of the 5 who sought an outcome");
        assert_eq!(rates(0, &[]).knowledge_permille, 0);
    }

    #[test]
    fn the_wilson_interval_is_honest_for_small_samples() {
        let s = wilson(9, 10);
        assert_eq!(s.permille, 900);
        assert_eq!((s.low_permille, s.high_permille), (596, 982));
        let all = wilson(20, 20);
        assert_eq!(all.high_permille, 1000);
        assert!(all.low_permille < 850, "20 of 20 does not prove 100%");
    }

    #[test]
    fn every_rating_is_required() {
        let e = parse_ratings(&[("foundation", "5"), ("adaptive", "9")]).expect_err("incomplete");
        assert_eq!(e.0.len(), 5);
        let ok = parse_ratings(&[
            ("foundation", "5"),
            ("adaptive", "4"),
            ("collaborative", "4"),
            ("technical", "3"),
            ("employability", "4"),
            ("overall", "4"),
        ]);
        assert_eq!(ok.expect("valid").len(), 6);
    }
}
