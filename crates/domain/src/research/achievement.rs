//! Research results offered to enterprises (成果转化): what a college or lab publishes about a
//! result, and the deal an enterprise's interest becomes — through contact and negotiation to a
//! contract, payment and production, or lost with a reason.

use super::project::ContractKind;
use super::trl;
use crate::validation::{FieldErrors, optional_text, required_date, required_text};

/// How a result may be transferred (转化方式 of the Law on Promoting the Transformation of
/// Scientific and Technological Achievements, art. 16).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferMode {
    Assignment,
    ExclusiveLicence,
    NonExclusiveLicence,
    Equity,
    JointDevelopment,
}

impl TransferMode {
    pub const ALL: [TransferMode; 5] = [
        TransferMode::Assignment,
        TransferMode::ExclusiveLicence,
        TransferMode::NonExclusiveLicence,
        TransferMode::Equity,
        TransferMode::JointDevelopment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TransferMode::Assignment => "assignment",
            TransferMode::ExclusiveLicence => "exclusive_licence",
            TransferMode::NonExclusiveLicence => "non_exclusive_licence",
            TransferMode::Equity => "equity",
            TransferMode::JointDevelopment => "joint_development",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The technology-contract category a deal in this mode is registered and reported under:
    /// an assignment or a contribution to equity transfers the rights; a licence licenses them.
    pub fn contract_kind(self) -> ContractKind {
        match self {
            TransferMode::Assignment | TransferMode::Equity => ContractKind::Transfer,
            TransferMode::ExclusiveLicence | TransferMode::NonExclusiveLicence => ContractKind::Licence,
            TransferMode::JointDevelopment => ContractKind::DevelopmentCooperative,
        }
    }
}

/// One item of intellectual property behind a result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpInput {
    /// `invention_patent`, `utility_model`, `design_patent` or `software_copyright`.
    pub kind: String,
    /// The patent or registration number.
    pub number: String,
    /// `pending`, `granted` or `registered`.
    pub status: String,
}

pub const IP_KINDS: [&str; 4] = ["invention_patent", "utility_model", "design_patent", "software_copyright"];
pub const IP_STATUSES: [&str; 3] = ["pending", "granted", "registered"];

/// A result as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AchievementInput {
    pub title: String,
    /// What anyone signed in may read: never the know-how itself.
    pub summary: String,
    pub trl: Option<i64>,
    pub ip: Vec<IpInput>,
    /// Where it applies (keywords, industries), one item each.
    pub fields: Vec<String>,
    pub transfer_modes: Vec<String>,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ip {
    pub kind: String,
    pub number: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Achievement {
    pub title: String,
    pub summary: String,
    pub trl: i64,
    pub ip: Vec<Ip>,
    pub fields: Vec<String>,
    pub transfer_modes: Vec<TransferMode>,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
}

/// Checks a result: a title and summary, a readiness level 1–9, known IP kinds with numbers, at
/// least one transfer mode, and a price range that is not negative or upside down.
pub fn parse_achievement(input: &AchievementInput) -> Result<Achievement, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = required_text(&mut e, "title", &input.title, 200);
    let summary = required_text(&mut e, "summary", &input.summary, 4000);
    let trl = match input.trl {
        Some(level) if (trl::LOWEST..=trl::HIGHEST).contains(&level) => level,
        Some(_) => {
            e.add_with(
                "trl",
                "trl.out_of_range",
                &[("min", trl::LOWEST.to_string()), ("max", trl::HIGHEST.to_string())],
            );
            0
        }
        None => {
            e.add("trl", "required");
            0
        }
    };
    let mut ip = Vec::new();
    for (i, item) in input.ip.iter().enumerate() {
        let n = i + 1;
        if item.kind.trim().is_empty() && item.number.trim().is_empty() {
            continue;
        }
        if !IP_KINDS.contains(&item.kind.trim()) {
            e.add(&format!("ip.{n}.kind"), "ip.kind_unknown");
        }
        let number = required_text(&mut e, &format!("ip.{n}.number"), &item.number, 60);
        let status = if item.status.trim().is_empty() { "granted" } else { item.status.trim() };
        if !IP_STATUSES.contains(&status) {
            e.add(&format!("ip.{n}.status"), "ip.status_unknown");
        }
        ip.push(Ip { kind: item.kind.trim().to_owned(), number, status: status.to_owned() });
    }
    let mut fields: Vec<String> = Vec::new();
    for f in input.fields.iter().flat_map(|f| f.split([',', '，', ';', '；'])).map(str::trim).filter(|f| !f.is_empty())
    {
        if f.chars().count() > super::MAX_KEYWORD_CHARS {
            e.add_with("fields", "keywords.too_long", &[("max", super::MAX_KEYWORD_CHARS.to_string())]);
        } else if !fields.iter().any(|x| x == f) {
            fields.push(f.to_owned());
        }
    }
    if fields.len() > super::MAX_KEYWORDS {
        e.add_with("fields", "keywords.too_many", &[("max", super::MAX_KEYWORDS.to_string())]);
    }
    let mut transfer_modes = Vec::new();
    for code in input.transfer_modes.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
        match TransferMode::from_code(code) {
            Some(m) if !transfer_modes.contains(&m) => transfer_modes.push(m),
            Some(_) => {}
            None => e.add("transfer_modes", "transfer_mode.unknown"),
        }
    }
    if transfer_modes.is_empty() && e.for_field("transfer_modes").is_none() {
        e.add("transfer_modes", "transfer_modes.required");
    }
    for (field, value) in [("price_min_fen", input.price_min_fen), ("price_max_fen", input.price_max_fen)] {
        if value.is_some_and(|v| v < 0) {
            e.add(field, "money.negative");
        }
    }
    if let (Some(min), Some(max)) = (input.price_min_fen, input.price_max_fen)
        && min >= 0
        && max < min
    {
        e.add("price_max_fen", "budget.upside_down");
    }
    e.into_result(Achievement {
        title,
        summary,
        trl,
        ip,
        fields,
        transfer_modes,
        price_min_fen: input.price_min_fen,
        price_max_fen: input.price_max_fen,
    })
}

/// Where a deal stands. The stages run in this order; `Lost` ends it from any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DealStage {
    Interest,
    Contact,
    Negotiation,
    Contract,
    Paid,
    InProduction,
    Lost,
}

impl DealStage {
    pub const ALL: [DealStage; 7] = [
        DealStage::Interest,
        DealStage::Contact,
        DealStage::Negotiation,
        DealStage::Contract,
        DealStage::Paid,
        DealStage::InProduction,
        DealStage::Lost,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DealStage::Interest => "interest",
            DealStage::Contact => "contact",
            DealStage::Negotiation => "negotiation",
            DealStage::Contract => "contract",
            DealStage::Paid => "paid",
            DealStage::InProduction => "in_production",
            DealStage::Lost => "lost",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A move of a deal to another stage, as sent by staff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealMoveInput {
    pub stage: String,
    pub reason: String,
    /// Required to reach `contract` (unless the deal has one): the mode agreed and the value.
    pub mode: String,
    pub value_fen: Option<i64>,
    /// To reach `paid`: the amount received so far.
    pub received_fen: Option<i64>,
    /// `YYYY-MM-DD`: when the contract was signed (today when absent).
    pub signed_on: String,
}

/// A checked move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealMove {
    pub to: DealStage,
    pub reason: Option<String>,
    pub mode: Option<TransferMode>,
    pub value_fen: Option<i64>,
    pub received_fen: Option<i64>,
    /// `YYYY-MM-DD`, when given.
    pub signed_on: Option<String>,
}

/// Checks a move from `from`: lost needs a reason, so does any move backwards; a deal that is
/// lost stays lost; reaching `contract` without a contract needs the mode and value; reaching
/// `paid` needs an amount received, no more than the contract's value.
pub fn parse_deal_move(
    from: DealStage,
    input: &DealMoveInput,
    has_contract: bool,
    contract_value: Option<i64>,
) -> Result<DealMove, FieldErrors> {
    let mut e = FieldErrors::new();
    let Some(to) = DealStage::from_code(input.stage.trim()) else {
        e.add("stage", "deal.stage_unknown");
        return Err(e);
    };
    let reason = optional_text(&mut e, "reason", &input.reason, super::MAX_REASON);
    if from == DealStage::Lost {
        e.add("stage", "deal.lost");
    } else if to == from {
        e.add("stage", "deal.same_stage");
    } else if to == DealStage::Lost && reason.is_none() {
        e.add("reason", "deal.lost_without_reason");
    } else if to < from && reason.is_none() {
        e.add("reason", "deal.backwards_without_reason");
    }
    let mode = match input.mode.trim() {
        "" => None,
        code => {
            let m = TransferMode::from_code(code);
            if m.is_none() {
                e.add("mode", "transfer_mode.unknown");
            }
            m
        }
    };
    if input.value_fen.is_some_and(|v| v < 0) {
        e.add("value_fen", "money.negative");
    }
    if input.received_fen.is_some_and(|v| v < 0) {
        e.add("received_fen", "money.negative");
    }
    let reaches_contract = to >= DealStage::Contract && to != DealStage::Lost;
    if reaches_contract && !has_contract {
        if mode.is_none() && e.for_field("mode").is_none() {
            e.add("mode", "required");
        }
        if input.value_fen.is_none() {
            e.add("value_fen", "required");
        }
    }
    if to == DealStage::Paid && input.received_fen.is_none_or(|r| r <= 0) && e.for_field("received_fen").is_none() {
        e.add("received_fen", "required");
    }
    let value = input.value_fen.or(contract_value);
    if let (Some(received), Some(value)) = (input.received_fen, value)
        && received > value
        && received >= 0
    {
        e.add("received_fen", "contract.received_over_value");
    }
    let signed_on = match input.signed_on.trim() {
        "" => None,
        raw => required_date(&mut e, "signed_on", raw).map(|d| d.format("%Y-%m-%d").to_string()),
    };
    e.into_result(DealMove {
        to,
        reason,
        mode,
        value_fen: input.value_fen,
        received_fen: input.received_fen,
        signed_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> AchievementInput {
        AchievementInput {
            title: "高速主轴热误差补偿算法".into(),
            summary: "在线辨识主轴热变形，补偿后定位误差小于 5 μm。".into(),
            trl: Some(6),
            ip: vec![IpInput {
                kind: "invention_patent".into(),
                number: "ZL202310000001.X".into(),
                status: "granted".into(),
            }],
            fields: vec!["数控机床，精密加工".into()],
            transfer_modes: vec!["exclusive_licence".into(), "assignment".into()],
            price_min_fen: Some(50_000_000),
            price_max_fen: Some(120_000_000),
        }
    }

    #[test]
    fn a_result_needs_a_level_a_mode_and_a_sane_price() {
        let a = parse_achievement(&good()).unwrap();
        assert_eq!(a.fields, ["数控机床", "精密加工"]);
        assert_eq!(a.transfer_modes, [TransferMode::ExclusiveLicence, TransferMode::Assignment]);
        let bad = AchievementInput {
            trl: Some(0),
            transfer_modes: vec![],
            price_min_fen: Some(10),
            price_max_fen: Some(5),
            ip: vec![IpInput { kind: "trade_secret".into(), number: String::new(), status: String::new() }],
            ..good()
        };
        let e = parse_achievement(&bad).unwrap_err();
        for (field, code) in [
            ("trl", "trl.out_of_range"),
            ("transfer_modes", "transfer_modes.required"),
            ("price_max_fen", "budget.upside_down"),
            ("ip.1.kind", "ip.kind_unknown"),
            ("ip.1.number", "required"),
        ] {
            assert_eq!(e.for_field(field).map(|f| f.code.as_str()), Some(code), "{field}");
        }
        assert_eq!(TransferMode::Equity.contract_kind(), ContractKind::Transfer);
        assert_eq!(TransferMode::NonExclusiveLicence.contract_kind(), ContractKind::Licence);
    }

    fn to(stage: &str) -> DealMoveInput {
        DealMoveInput { stage: stage.into(), ..DealMoveInput::default() }
    }

    #[test]
    fn a_deal_moves_forward_freely_and_back_or_to_lost_only_with_a_reason() {
        use DealStage::*;
        assert_eq!(parse_deal_move(Interest, &to("negotiation"), false, None).unwrap().to, Negotiation);
        let back = parse_deal_move(Negotiation, &to("contact"), false, None).unwrap_err();
        assert_eq!(back.for_field("reason").map(|f| f.code.as_str()), Some("deal.backwards_without_reason"));
        let back = DealMoveInput { reason: "对方更换了技术负责人".into(), ..to("contact") };
        assert_eq!(parse_deal_move(Negotiation, &back, false, None).unwrap().to, Contact);
        let lost = parse_deal_move(Contact, &to("lost"), false, None).unwrap_err();
        assert_eq!(lost.for_field("reason").map(|f| f.code.as_str()), Some("deal.lost_without_reason"));
        assert!(parse_deal_move(Lost, &DealMoveInput { reason: "x".into(), ..to("contact") }, false, None).is_err());
        let contract = parse_deal_move(Negotiation, &to("contract"), false, None).unwrap_err();
        assert!(contract.for_field("mode").is_some() && contract.for_field("value_fen").is_some());
        let signed = DealMoveInput { mode: "exclusive_licence".into(), value_fen: Some(80_000_000), ..to("contract") };
        assert_eq!(
            parse_deal_move(Negotiation, &signed, false, None).unwrap().mode,
            Some(TransferMode::ExclusiveLicence)
        );
        let paid = parse_deal_move(Contract, &to("paid"), true, Some(80_000_000)).unwrap_err();
        assert_eq!(paid.for_field("received_fen").map(|f| f.code.as_str()), Some("required"));
        let over = DealMoveInput { received_fen: Some(90_000_000), ..to("paid") };
        assert!(parse_deal_move(Contract, &over, true, Some(80_000_000)).is_err());
        let ok = DealMoveInput { received_fen: Some(30_000_000), ..to("paid") };
        assert_eq!(parse_deal_move(Contract, &ok, true, Some(80_000_000)).unwrap().to, Paid);
    }
}
