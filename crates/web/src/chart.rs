//! Charts drawn on the server as SVG, so they print, need no script and no font download.

/// Escapes text for SVG (XML) content and attributes.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A radar chart: one axis per `(label, share)`, share in 0..=1 of that axis's maximum.
/// With fewer than three axes it falls back to horizontal bars, which read better.
pub fn radar(axes: &[(String, f64)]) -> String {
    let n = axes.len();
    if n < 3 {
        return bars(axes);
    }
    let (cx, cy, r) = (160.0_f64, 150.0_f64, 100.0_f64);
    let point = |i: usize, share: f64| {
        let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * (i as f64) / (n as f64);
        (cx + r * share * angle.cos(), cy + r * share * angle.sin())
    };
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-50 0 420 300\" role=\"img\" class=\"radar-chart\" aria-label=\"",
    );
    let summary: Vec<String> = axes.iter().map(|(l, s)| format!("{} {:.0}%", l, s * 100.0)).collect();
    svg.push_str(&esc(&summary.join(", ")));
    svg.push_str("\">");
    for ring in [0.25, 0.5, 0.75, 1.0] {
        let pts: Vec<String> = (0..n).map(|i| point(i, ring)).map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        svg.push_str(&format!("<polygon points=\"{}\" class=\"grid\"/>", pts.join(" ")));
    }
    for (i, (label, _)) in axes.iter().enumerate() {
        let (x, y) = point(i, 1.0);
        svg.push_str(&format!("<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" class=\"axis\"/>"));
        let (lx, ly) = point(i, 1.18);
        let anchor = if (lx - cx).abs() < 5.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        svg.push_str(&format!(
            "<text x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            ly + 4.0,
            esc(label)
        ));
    }
    let pts: Vec<String> = axes
        .iter()
        .enumerate()
        .map(|(i, (_, s))| point(i, s.clamp(0.0, 1.0)))
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    svg.push_str(&format!("<polygon points=\"{}\" class=\"value\"/>", pts.join(" ")));
    svg.push_str("</svg>");
    svg
}

fn bars(axes: &[(String, f64)]) -> String {
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 320 80\" role=\"img\" class=\"radar-chart\">",
    );
    for (i, (label, share)) in axes.iter().enumerate() {
        let y = 10.0 + 30.0 * i as f64;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{:.0}\">{}</text><rect x=\"120\" y=\"{y:.0}\" width=\"{:.1}\" height=\"16\" class=\"value\"/>",
            y + 12.0,
            esc(label),
            180.0 * share.clamp(0.0, 1.0)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_radar_has_a_polygon_per_ring_and_escapes_labels() {
        let svg = radar(&[("A<B".into(), 0.5), ("专业化".into(), 1.0), ("C".into(), 0.0), ("D".into(), 0.75)]);
        assert_eq!(svg.matches("<polygon").count(), 5);
        assert!(svg.contains("A&lt;B") && !svg.contains("A<B"));
        assert!(svg.contains("专业化"));
    }
}
