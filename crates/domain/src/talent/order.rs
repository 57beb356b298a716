//! An order-based class (订单班) as an enterprise places it, and who may do what with it.

use crate::validation::{FieldErrors, optional_integer, optional_text, required_date, required_integer, required_text};

/// Where a class stands: ordered by the enterprise, then opened to students (or declined) by
/// the university, then selected.
pub const STATUSES: [&str; 4] = ["ordered", "open", "declined", "selected"];

/// The most preferences a student may list.
pub const MAX_PREFERENCES: i64 = 5;

/// What the enterprise types when ordering a class.
#[derive(Debug, Clone, Default)]
pub struct OrderInput {
    pub title: String,
    pub positions: String,
    pub majors: String,
    pub skills: String,
    pub seats: String,
    pub hires: String,
    /// Monthly starting salary range, in yuan.
    pub salary_min: String,
    pub salary_max: String,
    pub location: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSpec {
    pub title: String,
    pub positions: String,
    pub majors: String,
    pub skills: Option<String>,
    pub seats: i64,
    pub hires: i64,
    pub salary_min_fen: Option<i64>,
    pub salary_max_fen: Option<i64>,
    pub location: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
}

fn salary(e: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    optional_integer(e, field, raw, 0, 1_000_000).map(|yuan| yuan * 100)
}

/// Checks an order; every problem is reported at once, by field.
pub fn parse_order(input: &OrderInput) -> Result<OrderSpec, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = required_text(&mut e, "title", &input.title, 200);
    let positions = required_text(&mut e, "positions", &input.positions, 500);
    let majors = required_text(&mut e, "majors", &input.majors, 500);
    let skills = optional_text(&mut e, "skills", &input.skills, 2000);
    let location = optional_text(&mut e, "location", &input.location, 200);
    let seats = required_integer(&mut e, "seats", &input.seats, 1, 200);
    let hires =
        if input.hires.trim().is_empty() { Some(0) } else { optional_integer(&mut e, "hires", &input.hires, 0, 200) };
    if let (Some(seats), Some(hires)) = (seats, hires)
        && hires > seats
    {
        e.add("hires", "order.hires_over_seats");
    }
    let salary_min_fen = salary(&mut e, "salary_min", &input.salary_min);
    let salary_max_fen = salary(&mut e, "salary_max", &input.salary_max);
    if let (Some(min), Some(max)) = (salary_min_fen, salary_max_fen)
        && max < min
    {
        e.add("salary_max", "order.salary_range");
    }
    let starts = required_date(&mut e, "starts_on", &input.starts_on);
    let ends = required_date(&mut e, "ends_on", &input.ends_on);
    if let (Some(s), Some(t)) = (starts, ends)
        && t <= s
    {
        e.add("ends_on", "order.ends_before_start");
    }
    match (seats, hires, starts, ends) {
        (Some(seats), Some(hires), Some(s), Some(t)) if e.is_empty() => Ok(OrderSpec {
            title,
            positions,
            majors,
            skills,
            seats,
            hires,
            salary_min_fen,
            salary_max_fen,
            location,
            starts_on: s.format("%Y-%m-%d").to_string(),
            ends_on: t.format("%Y-%m-%d").to_string(),
        }),
        _ => Err(e),
    }
}

/// Whether a class is over: its last day (`ends_on`, `YYYY-MM-DD`) is before `today`. Its
/// curriculum is then history and no longer changes; the hiring record is written after it.
pub fn has_ended(ends_on: &str, today: &str) -> bool {
    ends_on < today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> OrderInput {
        OrderInput {
            title: "数控技术订单班".into(),
            positions: "数控操作工, 工艺员".into(),
            majors: "机械设计制造及其自动化".into(),
            seats: "30".into(),
            hires: "25".into(),
            salary_min: "6000".into(),
            salary_max: "8000".into(),
            starts_on: "2027-03-01".into(),
            ends_on: "2027-12-31".into(),
            ..OrderInput::default()
        }
    }

    #[test]
    fn a_complete_order_is_accepted_with_salaries_in_fen() {
        let spec = parse_order(&good()).expect("valid");
        assert_eq!((spec.salary_min_fen, spec.salary_max_fen), (Some(600_000), Some(800_000)));
    }

    #[test]
    fn inconsistent_orders_name_each_field() {
        let mut input = good();
        input.hires = "40".into();
        input.salary_max = "5000".into();
        input.ends_on = "2027-01-01".into();
        input.seats = "0".into();
        let e = parse_order(&input).expect_err("invalid");
        let fields: Vec<(&str, &str)> = e.0.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert!(fields.contains(&("seats", "out_of_range")));
        assert!(fields.contains(&("salary_max", "order.salary_range")));
        assert!(fields.contains(&("ends_on", "order.ends_before_start")));
        let mut input = good();
        input.hires = "40".into();
        let e = parse_order(&input).expect_err("more hires than seats");
        assert_eq!(e.0[0].code, "order.hires_over_seats");
    }
}
