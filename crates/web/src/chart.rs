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

/// A column chart of a series over time (`(label, value)`, oldest first). Every column carries
/// its value as text, so the chart reads without colour; `summary` is its accessible name.
pub fn columns(series: &[(String, f64)], summary: &str) -> String {
    let (width, height, top, base) = (360.0_f64, 190.0_f64, 22.0_f64, 160.0_f64);
    let n = series.len().max(1) as f64;
    let slot = width / n;
    let max = series.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" class=\"column-chart\" aria-label=\"{}\">",
        esc(summary)
    );
    svg.push_str(&format!("<line x1=\"0\" y1=\"{base}\" x2=\"{width}\" y2=\"{base}\" class=\"axis\"/>"));
    for (i, (label, value)) in series.iter().enumerate() {
        let h = if max > 0.0 { (base - top) * value / max } else { 0.0 };
        let x = slot * i as f64 + slot * 0.2;
        let w = slot * 0.6;
        let mid = x + w / 2.0;
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" class=\"value\"/>\
             <text x=\"{mid:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"figure\">{}</text>\
             <text x=\"{mid:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            base - h,
            base - h - 6.0,
            esc(&format_value(*value)),
            base + 18.0,
            esc(label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// A horizontal bar chart of categories (`(label, value)`, in the order given), for
/// distributions: each bar carries its value as text after it, so it reads without colour.
/// Long labels are cut to fit with an ellipsis (the whole label is the bar's tooltip);
/// `summary` is its accessible name.
pub fn hbars(rows: &[(String, f64)], summary: &str) -> String {
    let max = rows.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    hbars_to(rows, summary, max)
}

/// [`hbars`] on a scale that ends at `max` (a rating out of 5 is drawn against 5, not against
/// the best rating given).
pub fn hbars_to(rows: &[(String, f64)], summary: &str, max: f64) -> String {
    let (width, row_height, label_width, value_room) = (360.0_f64, 26.0_f64, 150.0_f64, 44.0_f64);
    let height = (row_height * rows.len().max(1) as f64).max(row_height);
    let room = width - label_width - value_room;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" class=\"bar-chart\" aria-label=\"{}\">",
        esc(summary)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = row_height * i as f64;
        let w = if max > 0.0 { room * value.min(max) / max } else { 0.0 };
        svg.push_str(&format!(
            "<g><title>{}</title><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_width:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" class=\"value\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"figure\">{}</text></g>",
            esc(&format!("{label}: {}", format_value(*value))),
            label_width - 8.0,
            y + 17.0,
            esc(&fit(label, label_width - 12.0)),
            y + 5.0,
            row_height - 10.0,
            label_width + w + 6.0,
            y + 17.0,
            esc(&format_value(*value))
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// `label` cut with an ellipsis to about `room` units at 12-unit type: a Chinese character
/// takes a full em, Latin letters and digits a little over half.
fn fit(label: &str, room: f64) -> String {
    let width = |c: char| if c.is_ascii() { 7.0 } else { 12.0 };
    if label.chars().map(width).sum::<f64>() <= room {
        return label.to_owned();
    }
    let mut used = width('…');
    let mut out = String::new();
    for c in label.chars() {
        if used + width(c) > room {
            break;
        }
        used += width(c);
        out.push(c);
    }
    out.push('…');
    out
}

fn format_value(v: f64) -> String {
    if (v - v.round()).abs() < 0.05 { format!("{v:.0}") } else { format!("{v:.1}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_carry_their_values_as_text_and_escape_labels() {
        let svg = columns(&[("7月".into(), 12.0), ("8<月".into(), 4.5), ("9月".into(), 0.0)], "设备使用 <小时>");
        assert!(svg.contains(">12<") && svg.contains(">4.5<") && svg.contains(">0<"), "{svg}");
        assert!(svg.contains("8&lt;月") && svg.contains("aria-label=\"设备使用 &lt;小时&gt;\""), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 3);
        let empty = columns(&[("7月".into(), 0.0)], "x");
        assert!(empty.contains("height=\"0.0\""), "no division by zero: {empty}");
    }

    #[test]
    fn bars_carry_values_and_whole_labels_and_cut_long_ones() {
        let rows = vec![("沈阳市浑南区".to_owned(), 7.0), ("一个非常非常非常长的行业门类名称".to_owned(), 2.0)];
        let svg = hbars(&rows, "企业 <按区>");
        assert!(svg.contains(">7<") && svg.contains(">2<"), "{svg}");
        assert!(svg.contains("<title>一个非常非常非常长的行业门类名称: 2</title>"), "{svg}");
        assert!(svg.contains(">一个非常非常非常长的…<"), "cut to fit its room: {svg}");
        assert_eq!(fit("C 制造业", 138.0), "C 制造业", "short labels stay whole");
        assert!(svg.contains("aria-label=\"企业 &lt;按区&gt;\""));
        let none = hbars(&[("a".into(), 0.0)], "x");
        assert!(none.contains("width=\"0.0\""), "no division by zero: {none}");
    }

    #[test]
    fn a_radar_has_a_polygon_per_ring_and_escapes_labels() {
        let svg = radar(&[("A<B".into(), 0.5), ("专业化".into(), 1.0), ("C".into(), 0.0), ("D".into(), 0.75)]);
        assert_eq!(svg.matches("<polygon").count(), 5);
        assert!(svg.contains("A&lt;B") && !svg.contains("A<B"));
        assert!(svg.contains("专业化"));
    }
}
