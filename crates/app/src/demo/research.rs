//! Demo propositions in every state of their life, most of them on the board, written by the
//! demo enterprises' administrators and screened by the demo staff member.

use crate::AppResult;
use tandem_store::Tx;
use tandem_store::research::proposals::{MilestoneWrite, ProposalWrite};
use tandem_store::research::{self as store, PropositionWrite, StepWrite};

/// (title, public summary, confidential details, keywords, industry, TRL, budget in 万元)
type Problem = (&'static str, &'static str, &'static str, &'static str, &'static str, i64, (i64, i64));

const PROBLEMS: [Problem; 10] = [
    (
        "数控机床主轴热变形在线补偿",
        "立式加工中心主轴连续运行两小时后定位精度下降约 15 μm。希望建立温度—位移模型并实现在线补偿，补偿后误差不超过 5 μm。",
        "现有温度测点布置图、三个月的误差记录。",
        "热误差\n数控机床\n在线补偿",
        "C34",
        6,
        (30, 60),
    ),
    (
        "焊接机器人中厚板焊缝跟踪",
        "中厚板多层多道焊时激光视觉跟踪在坡口变化处丢失焊缝。需要鲁棒的跟踪算法，跟踪偏差小于 0.3 mm。",
        "工装夹具图纸与典型缺陷照片。",
        "焊接\n机器视觉\n工业机器人",
        "C34",
        7,
        (50, 80),
    ),
    (
        "注塑件翘曲变形的工艺优化",
        "薄壁 PC/ABS 外壳出模后翘曲超过 0.3 mm，良率 86%。希望通过模流分析和冷却水路优化将翘曲控制在 0.1 mm 以内。",
        "模具图纸编号与当前工艺卡。",
        "注塑\n模流分析\n质量管理",
        "C29",
        5,
        (10, 30),
    ),
    (
        "产线设备预测性维护模型",
        "冲压线 12 台设备停机原因分散，计划外停机每月约 20 小时。希望基于振动和电流数据建立故障预警模型。",
        "设备台账、两年的维修工单导出。",
        "预测性维护\n大数据分析\n振动监测",
        "C33",
        6,
        (40, 100),
    ),
    (
        "锂电池极片涂布厚度在线检测",
        "涂布面密度波动 ±3%，离线抽检滞后。需要在线测厚与闭环控制方案，波动降到 ±1% 以内。",
        "现有测厚仪型号与工艺窗口。",
        "新能源电池\n在线检测\n闭环控制",
        "C38",
        5,
        (60, 120),
    ),
    (
        "仓储 AGV 多车调度优化",
        "仓库 30 台 AGV 在高峰时段拥堵，订单履约时间延长 25%。希望改进调度与路径规划算法。",
        "仓库布局 CAD 与高峰时段订单数据。",
        "AGV\n调度算法\n物流",
        "G59",
        6,
        (20, 50),
    ),
    (
        "铸件内部缺陷的 X 射线智能识别",
        "铝合金壳体铸件 X 射线检测依赖人工判片，漏检率约 3%。希望用深度学习自动识别气孔和缩松。",
        "已标注的 5,000 张检测图像（仅限入选团队）。",
        "机器视觉\n无损检测\n深度学习",
        "C33",
        4,
        (30, 60),
    ),
    (
        "PLC 控制系统国产化替代验证",
        "包装线现用进口 PLC，计划替换为国产控制器。需要评估功能等效性并完成程序迁移与现场验证。",
        "现有控制程序与 I/O 清单。",
        "PLC\n国产化\n工业软件",
        "C35",
        7,
        (15, 40),
    ),
    (
        "车间能耗监测与节能诊断",
        "热处理车间单位产品能耗高于同行 12%。需要建立分项计量和能效诊断模型，提出节能改造方案。",
        "近一年电、气计量数据。",
        "能耗监测\n节能\n数字孪生",
        "C34",
        5,
        (10, 25),
    ),
    (
        "精密齿轮磨削烧伤的在线识别",
        "齿轮磨削偶发烧伤，只能在后道酸洗检查发现。希望基于声发射或功率信号在线识别烧伤。",
        "磨床参数与烧伤样件记录。",
        "磨削\n在线监测\n信号处理",
        "C34",
        4,
        (20, 45),
    ),
];

/// How far each demo proposition gets, in order: most on the board, one of every other state.
const PATHS: [&[&str]; 10] = [
    &["submit", "accept", "publish"],
    &["submit", "accept", "publish"],
    &["submit"],
    &["submit", "accept", "publish"],
    &["submit", "return"],
    &["submit", "accept", "publish"],
    &["submit", "accept"],
    &["submit", "accept", "publish", "close"],
    &[],
    &["submit", "accept", "publish"],
];

const STATUS_AFTER: [(&str, &str, &str); 5] = [
    ("submit", "draft", "submitted"),
    ("accept", "submitted", "accepted"),
    ("return", "submitted", "returned"),
    ("publish", "accepted", "published"),
    ("close", "published", "closed"),
];

/// Writes the demo propositions: the first three for the demo enterprise (`authors[0]`), the rest
/// spread over the other authors; returns their ids in order.
pub(super) async fn propositions(tx: &mut Tx, authors: &[(i64, i64)], staff: i64, now: i64) -> AppResult<Vec<i64>> {
    if authors.is_empty() {
        return Ok(vec![]);
    }
    let mut written = Vec::new();
    for (i, ((title, summary, secret, keywords, industry, trl, (lo, hi)), path)) in
        PROBLEMS.iter().zip(PATHS).enumerate()
    {
        let (author, enterprise) = if i < 3 { authors[0] } else { authors[1 + (i * 7) % (authors.len() - 1).max(1)] };
        let days = 45 + 15 * i64::try_from(i).unwrap_or(0);
        let written_at = now - (40 - 3 * i64::try_from(i).unwrap_or(0)) * 86_400;
        let p = PropositionWrite {
            title: (*title).to_owned(),
            summary: (*summary).to_owned(),
            confidential: Some((*secret).to_owned()),
            budget_min_fen: Some(lo * 1_000_000),
            budget_max_fen: Some(hi * 1_000_000),
            deadline: tandem_domain::sharing::local_date(now + days * 86_400),
            trl: Some(*trl),
            keywords: (*keywords).to_owned(),
            industry_code: Some((*industry).to_owned()),
        };
        let id = store::insert(tx, enterprise, author, &p, written_at).await?;
        for (k, step) in path.iter().enumerate() {
            let Some((_, from, to)) = STATUS_AFTER.iter().find(|(s, _, _)| s == step) else { continue };
            let by = if *step == "submit" { author } else { staff };
            let reason = (*step == "return").then_some("请补充可量化的验收指标和现有数据的说明。");
            let at = written_at + (i64::try_from(k).unwrap_or(0) + 1) * 2 * 86_400;
            store::step(tx, id, StepWrite { step, from, to, reason, by }, at).await?;
        }
        written.push(id);
    }
    Ok(written)
}

/// The people and places the research demo needs.
pub(super) struct Cast<'a> {
    pub staff: i64,
    /// The demo teacher, who leads teams, and their college.
    pub teacher: (i64, i64),
    /// The demo researcher and their institute.
    pub researcher: Option<(i64, i64)>,
    /// Pool teachers with the expertise tags they were given, in college order (`colleges[i % n]`).
    pub teachers: &'a [(i64, [&'static str; 2])],
    /// Enterprise experts with their tags.
    pub experts: &'a [(i64, [&'static str; 2])],
    pub colleges: &'a [i64],
    pub labs: &'a [i64],
    /// The demo enterprise's administrator and the enterprise.
    pub enterprise: (i64, i64),
    pub enterprises: &'a [i64],
}

impl Cast<'_> {
    fn teacher_at(&self, i: usize) -> (i64, i64) {
        let k = i % self.teachers.len().max(1);
        (self.teachers.get(k).map(|t| t.0).unwrap_or(self.teacher.0), self.colleges[k % self.colleges.len()])
    }
}

fn plan(now: i64, months: &[(i64, &str, &str)]) -> Vec<MilestoneWrite> {
    months
        .iter()
        .map(|(days, title, deliverable)| MilestoneWrite {
            title: (*title).to_owned(),
            due_on: tandem_domain::sharing::local_date(now + days * 86_400),
            deliverable: (*deliverable).to_owned(),
        })
        .collect()
}

/// A team's proposal: lead, the unit credited, members.
struct Team {
    lead: (i64, i64),
    members: Vec<i64>,
}

async fn propose(
    tx: &mut Tx,
    proposition: i64,
    team: Team,
    approach: &str,
    budget_wan: i64,
    at: i64,
) -> AppResult<i64> {
    let write = ProposalWrite {
        lead_person_id: team.lead.0,
        unit_id: Some(team.lead.1),
        member_ids: team.members,
        approach: approach.to_owned(),
        budget_fen: budget_wan * 1_000_000,
        milestones: plan(
            at,
            &[
                (60, "方案设计与建模", "技术方案与模型验证报告"),
                (150, "样机与现场试验", "样机与试验报告"),
                (240, "验收与推广", "验收报告与操作手册"),
            ],
        ),
    };
    let id = tandem_store::research::proposals::insert(tx, proposition, &write, team.lead.0, at).await?;
    tandem_store::research::proposals::record_step(tx, id, "submit", None, team.lead.0, at).await?;
    Ok(id)
}

/// Proposals on the published propositions (`ids` as [`propositions`] wrote them, in order): the
/// demo enterprise has two to decide on and a running project with a milestone to accept; another
/// enterprise has a project completed with feedback both ways; the board's others have proposals
/// waiting. Returns how many proposals and contracts were written.
pub(super) async fn proposals(tx: &mut Tx, ids: &[i64], cast: &Cast<'_>, now: i64) -> AppResult<(usize, usize)> {
    use tandem_store::research::projects::{self as projects, ContractWrite, MilestoneMove};
    use tandem_store::research::proposals as ps;
    if ids.len() < 10 {
        return Ok((0, 0));
    }
    let (teacher, teacher_college) = cast.teacher;
    let (admin, _) = cast.enterprise;
    let mut written = 0;
    let mut contracts = 0;
    // The demo enterprise's first proposition: two teams wait for its decision, one shortlisted.
    propose(
        tx,
        ids[0],
        Team { lead: (teacher, teacher_college), members: vec![cast.teacher_at(3).0] },
        "建立主轴温度场与热变形的混合模型，采用少量测点在线辨识补偿参数，已在两台同型号加工中心验证。",
        45,
        now - 6 * 86_400,
    )
    .await?;
    let b = propose(
        tx,
        ids[0],
        Team { lead: cast.teacher_at(7), members: vec![] },
        "基于数字孪生的热误差预测，结合机床数控系统的补偿接口实现闭环。",
        55,
        now - 4 * 86_400,
    )
    .await?;
    ps::decide(tx, b, "submitted", "shortlisted", None, now - 2 * 86_400).await?;
    ps::record_step(tx, b, "shortlist", None, admin, now - 2 * 86_400).await?;
    written += 2;
    // Its second: a running project — contract recorded, first milestone accepted, second delivered.
    let c = propose(
        tx,
        ids[1],
        Team { lead: (teacher, teacher_college), members: vec![cast.teacher_at(11).0] },
        "激光视觉与电弧传感融合的焊缝跟踪，坡口变化处用模型预测补偿丢失段。",
        70,
        now - 30 * 86_400,
    )
    .await?;
    propose(
        tx,
        ids[1],
        Team { lead: cast.teacher_at(15), members: vec![] },
        "多线结构光扫描重建坡口三维轮廓。",
        60,
        now - 28 * 86_400,
    )
    .await?;
    written += 2;
    let selected = ps::get_tx(tx, c).await?.ok_or_else(|| crate::AppError::Unexpected("demo proposal".into()))?;
    ps::select(tx, &selected, "submitted", "方案已有同类产线验证，周期更短。", admin, now - 20 * 86_400).await?;
    ps::record_step(tx, c, "select", Some("方案已有同类产线验证，周期更短。"), admin, now - 20 * 86_400).await?;
    projects::insert_contract(
        tx,
        &ContractWrite {
            kind: "development_commissioned".into(),
            title: selected.proposition_title.clone(),
            enterprise_id: selected.enterprise_id,
            unit_id: Some(teacher_college),
            college_id: Some(teacher_college),
            value_fen: 68 * 1_000_000,
            received_fen: 20 * 1_000_000,
            signed_on: tandem_domain::sharing::local_date(now - 15 * 86_400),
            proposal_id: Some(c),
        },
        cast.staff,
        now - 15 * 86_400,
    )
    .await?;
    contracts += 1;
    let signed = tandem_domain::sharing::local_date(now - 15 * 86_400);
    ps::record_step(tx, c, "contract", Some(&signed), cast.staff, now - 15 * 86_400).await?;
    let ms = projects::milestones_tx(tx, c).await?;
    if let [first, second, ..] = ms.as_slice() {
        let step = |from, to, note, trl, decision| MilestoneMove { from, to, note, trl_reached: trl, decision };
        projects::move_milestone(
            tx,
            first.id,
            step("planned", "delivered", Some("模型与验证报告已上传。"), None, false),
            now - 8 * 86_400,
        )
        .await?;
        projects::move_milestone(tx, first.id, step("delivered", "accepted", None, Some(5), true), now - 6 * 86_400)
            .await?;
        projects::move_milestone(
            tx,
            second.id,
            step("planned", "delivered", Some("样机已在二号线试运行。"), None, false),
            now - 86_400,
        )
        .await?;
        for (line, detail, by, ago) in [
            ("milestone_deliver", format!("{} · 模型与验证报告已上传。", first.title), teacher, 8),
            ("milestone_accept", format!("{} · TRL 5", first.title), admin, 6),
            ("milestone_deliver", format!("{} · 样机已在二号线试运行。", second.title), teacher, 1),
        ] {
            ps::record_step(tx, c, line, Some(&detail), by, now - ago * 86_400).await?;
        }
    }
    // Another enterprise's proposition: a project completed, with feedback from both sides.
    let e = propose(
        tx,
        ids[3],
        Team { lead: cast.teacher_at(20), members: vec![cast.teacher_at(21).0] },
        "振动与电流特征融合的故障预警模型，提前 48 小时预警主要故障。",
        80,
        now - 200 * 86_400,
    )
    .await?;
    written += 1;
    let done = ps::get_tx(tx, e).await?.ok_or_else(|| crate::AppError::Unexpected("demo proposal".into()))?;
    ps::select(tx, &done, "submitted", "预警提前量与误报率指标最好。", cast.staff, now - 190 * 86_400).await?;
    let (_, college) = cast.teacher_at(20);
    projects::insert_contract(
        tx,
        &ContractWrite {
            kind: "development_cooperative".into(),
            title: done.proposition_title.clone(),
            enterprise_id: done.enterprise_id,
            unit_id: Some(college),
            college_id: Some(college),
            value_fen: 80 * 1_000_000,
            received_fen: 80 * 1_000_000,
            signed_on: tandem_domain::sharing::local_date(now - 185 * 86_400),
            proposal_id: Some(e),
        },
        cast.staff,
        now - 185 * 86_400,
    )
    .await?;
    contracts += 1;
    for (k, m) in projects::milestones_tx(tx, e).await?.iter().enumerate() {
        let at = now - (120 - 40 * i64::try_from(k).unwrap_or(0)) * 86_400;
        let delivered =
            MilestoneMove { from: "planned", to: "delivered", note: None, trl_reached: None, decision: false };
        projects::move_milestone(tx, m.id, delivered, at).await?;
        let level = 5 + i64::try_from(k).unwrap_or(0);
        let accepted =
            MilestoneMove { from: "delivered", to: "accepted", note: None, trl_reached: Some(level), decision: true };
        projects::move_milestone(tx, m.id, accepted, at + 3 * 86_400).await?;
    }
    projects::complete_if_done(tx, e, done.proposition_id, cast.staff, now - 30 * 86_400).await?;
    for (line, detail, ago) in [
        ("select", "预警提前量与误报率指标最好。", 190),
        ("contract", "", 185),
        ("complete", "", 30),
        ("feedback_enterprise", "5/5", 25),
        ("feedback_team", "4/5", 24),
    ] {
        let detail = (!detail.is_empty()).then_some(detail);
        ps::record_step(tx, e, line, detail, cast.staff, now - ago * 86_400).await?;
    }
    projects::insert_feedback(
        tx,
        e,
        "enterprise",
        5,
        Some("预警模型已上线，计划外停机减少约四成。"),
        cast.staff,
        now - 25 * 86_400,
    )
    .await?;
    projects::insert_feedback(
        tx,
        e,
        "team",
        4,
        Some("企业数据准备充分，现场配合及时。"),
        done.lead_person_id,
        now - 24 * 86_400,
    )
    .await?;
    // The board's other published propositions have proposals waiting.
    for (n, p) in [ids[5], ids[9]].iter().enumerate() {
        propose(
            tx,
            *p,
            Team { lead: cast.teacher_at(30 + n * 9), members: vec![] },
            "结合现场数据建模，分阶段验证并交付可运行的软件与报告。",
            30 + 10 * i64::try_from(n).unwrap_or(0),
            now - (5 + i64::try_from(n).unwrap_or(0)) * 86_400,
        )
        .await?;
        written += 1;
    }
    if let Some(researcher) = cast.researcher {
        propose(
            tx,
            ids[9],
            Team { lead: researcher, members: vec![] },
            "声发射与主轴功率双信号识别磨削烧伤。",
            40,
            now - 3 * 86_400,
        )
        .await?;
        written += 1;
    }
    Ok((written, contracts))
}

/// (title, summary, fields, TRL, transfer modes, price in 万元, IP (kind, number))
type Offer = (&'static str, &'static str, &'static str, i64, &'static str, (i64, i64), (&'static str, &'static str));

const RESULTS: [Offer; 14] = [
    (
        "高速主轴热误差在线补偿系统",
        "以少量温度测点辨识主轴热变形，补偿后定位误差小于 5 μm，已在两型加工中心应用。",
        "热误差\n数控机床\n在线补偿",
        7,
        "exclusive_licence\nnon_exclusive_licence",
        (60, 120),
        ("invention_patent", "ZL202210345678.1"),
    ),
    (
        "焊缝激光视觉跟踪传感器",
        "抗弧光干扰的线激光视觉传感器与跟踪算法，跟踪偏差小于 0.3 mm。",
        "焊接\n机器视觉\n工业机器人",
        7,
        "assignment\nexclusive_licence",
        (80, 150),
        ("invention_patent", "ZL202110456789.2"),
    ),
    (
        "注塑模具随形冷却水路设计方法",
        "基于拓扑优化的随形冷却水路，冷却时间缩短 30%，翘曲明显减小。",
        "注塑\n模流分析\n模具",
        6,
        "non_exclusive_licence",
        (20, 40),
        ("invention_patent", "ZL202310567890.3"),
    ),
    (
        "设备振动监测与故障预警软件",
        "振动与电流特征融合的故障预警，提前 48 小时发出预警。",
        "预测性维护\n振动监测\n大数据分析",
        8,
        "non_exclusive_licence\njoint_development",
        (30, 60),
        ("software_copyright", "2023SR0123456"),
    ),
    (
        "锂电池极片面密度在线测量装置",
        "β 射线与激光测厚结合，面密度测量重复性优于 0.3%。",
        "新能源电池\n在线检测",
        6,
        "exclusive_licence\nequity",
        (100, 200),
        ("invention_patent", "ZL202210678901.4"),
    ),
    (
        "多 AGV 协同调度算法",
        "基于时间窗的冲突消解与任务分配，高峰时段通行效率提升 20%。",
        "AGV\n调度算法\n物流",
        5,
        "non_exclusive_licence\njoint_development",
        (15, 35),
        ("software_copyright", "2022SR0987654"),
    ),
    (
        "铸件 X 射线缺陷智能判读",
        "气孔、缩松、夹杂的深度学习识别模型，漏检率低于 0.5%。",
        "机器视觉\n无损检测\n深度学习",
        6,
        "non_exclusive_licence",
        (25, 50),
        ("software_copyright", "2023SR0456789"),
    ),
    (
        "国产 PLC 程序迁移工具",
        "将主流进口 PLC 梯形图自动转换为 IEC 61131-3 结构化文本。",
        "PLC\n国产化\n工业软件",
        7,
        "assignment\nnon_exclusive_licence",
        (20, 45),
        ("software_copyright", "2024SR0234567"),
    ),
    (
        "热处理炉能效诊断模型",
        "分项计量与能效基准模型，给出节能改造优先级。",
        "能耗监测\n节能\n数字孪生",
        6,
        "joint_development",
        (10, 25),
        ("utility_model", "ZL202320789012.5"),
    ),
    (
        "磨削烧伤声发射识别方法",
        "声发射与功率信号融合的磨削烧伤在线识别。",
        "磨削\n在线监测\n信号处理",
        4,
        "exclusive_licence\njoint_development",
        (15, 30),
        ("invention_patent", "CN202410890123.6"),
    ),
    (
        "高强钢激光熔覆修复工艺",
        "轴类零件磨损激光熔覆修复，结合强度与耐磨性达标。",
        "激光熔覆\n再制造\n材料检测",
        7,
        "non_exclusive_licence\nassignment",
        (30, 60),
        ("invention_patent", "ZL202110901234.7"),
    ),
    (
        "车间数字孪生快速建模平台",
        "从 CAD 与设备台账自动生成车间三维孪生模型。",
        "数字孪生\n工业软件",
        5,
        "joint_development\nequity",
        (50, 100),
        ("software_copyright", "2024SR0345678"),
    ),
    (
        "工业机器人离线编程与仿真",
        "面向打磨、喷涂的离线编程与轨迹优化。",
        "工业机器人\n离线编程",
        6,
        "non_exclusive_licence",
        (15, 30),
        ("software_copyright", "2023SR0567890"),
    ),
    (
        "质量数据统计过程控制系统",
        "面向中小企业的轻量 SPC，自动判异与追溯。",
        "质量管理\n统计过程控制",
        8,
        "non_exclusive_licence",
        (5, 15),
        ("software_copyright", "2022SR0678901"),
    ),
];

/// The demo results across the colleges (the first two the demo teacher's), their IP and fields;
/// returns their ids.
pub(super) async fn achievements(tx: &mut Tx, cast: &Cast<'_>, now: i64) -> AppResult<Vec<i64>> {
    use tandem_store::research::achievements::{self as a, AchievementWrite, IpRow};
    let mut ids = Vec::new();
    for (i, (title, summary, fields, trl, modes, (lo, hi), (ip_kind, ip_number))) in RESULTS.iter().enumerate() {
        let (contact, unit) =
            if i < 2 { (cast.teacher.0, cast.labs[0]) } else { (cast.teacher_at(i * 13).0, cast.teacher_at(i * 13).1) };
        let write = AchievementWrite {
            org_id: unit,
            title: (*title).to_owned(),
            summary: (*summary).to_owned(),
            trl: *trl,
            transfer_modes: (*modes).to_owned(),
            price_min_fen: Some(lo * 1_000_000),
            price_max_fen: Some(hi * 1_000_000),
            contact_person_id: contact,
            ip: vec![IpRow {
                kind: (*ip_kind).to_owned(),
                number: (*ip_number).to_owned(),
                status: if ip_number.starts_with("CN") {
                    "pending".into()
                } else if *ip_kind == "software_copyright" {
                    "registered".into()
                } else {
                    "granted".into()
                },
            }],
            fields: fields.lines().map(str::to_owned).collect(),
        };
        let at = now - (200 - 12 * i64::try_from(i).unwrap_or(0)) * 86_400;
        ids.push(a::insert(tx, &write, at).await?);
    }
    Ok(ids)
}

/// Deals at every stage (the demo enterprise's first at interest, so its people see one), and the
/// contracts they and the year's service contracts wrote; returns (deals, contracts).
pub(super) async fn deals(tx: &mut Tx, results: &[i64], cast: &Cast<'_>, now: i64) -> AppResult<(usize, usize)> {
    use tandem_store::research::achievements as a;
    use tandem_store::research::projects::{ContractWrite, insert_contract};
    if results.len() < 8 || cast.enterprises.len() < 8 {
        return Ok((0, 0));
    }
    let (admin, own) = cast.enterprise;
    // (result, enterprise, path of stages, mode, value 万元, received 万元, days ago signed)
    type Plan = (usize, i64, &'static [&'static str], &'static str, i64, i64, i64);
    let plans: [Plan; 7] = [
        (0, own, &[], "", 0, 0, 0),
        (1, cast.enterprises[3], &["contact"], "", 0, 0, 0),
        (2, cast.enterprises[4], &["contact", "negotiation"], "", 0, 0, 0),
        (3, cast.enterprises[5], &["contact", "negotiation", "contract"], "non_exclusive_licence", 40, 0, 40),
        (4, cast.enterprises[6], &["contact", "negotiation", "contract", "paid"], "exclusive_licence", 150, 150, 120),
        (
            7,
            cast.enterprises[7],
            &["contact", "negotiation", "contract", "paid", "in_production"],
            "assignment",
            35,
            35,
            300,
        ),
        (6, cast.enterprises[2], &["contact", "lost"], "", 0, 0, 0),
    ];
    let mut contracts = 0;
    for (k, (result, enterprise, path, mode, value, received, signed_ago)) in plans.iter().enumerate() {
        let person = if *enterprise == own { admin } else { cast.staff };
        let opened = now - (60 - 5 * i64::try_from(k).unwrap_or(0)) * 86_400 - signed_ago * 86_400 / 2;
        let deal = a::insert_deal(
            tx,
            results[*result],
            *enterprise,
            person,
            Some("希望进一步了解技术细节与许可条件。"),
            opened,
        )
        .await?;
        let mut from = "interest";
        for (n, to) in path.iter().enumerate() {
            let at = opened + (i64::try_from(n).unwrap_or(0) + 1) * 5 * 86_400;
            let reason = (*to == "lost").then_some("企业预算调整，项目暂缓。");
            let m = (*to == "contract").then_some(*mode);
            a::move_deal(tx, deal, from, to, reason, m, cast.staff, at.min(now)).await?;
            if *to == "contract" {
                let kind = tandem_domain::research::achievement::TransferMode::from_code(mode)
                    .map(|m| m.contract_kind().code())
                    .unwrap_or("licence");
                let row = a::get_tx(tx, results[*result])
                    .await?
                    .ok_or_else(|| crate::AppError::Unexpected("demo result".into()))?;
                let contract = insert_contract(
                    tx,
                    &ContractWrite {
                        kind: kind.to_owned(),
                        title: row.title.clone(),
                        enterprise_id: *enterprise,
                        unit_id: Some(row.org_id),
                        college_id: cast.colleges.iter().copied().find(|c| *c == row.org_id).or(Some(cast.teacher.1)),
                        value_fen: value * 1_000_000,
                        received_fen: received * 1_000_000,
                        signed_on: tandem_domain::sharing::local_date(now - signed_ago * 86_400),
                        proposal_id: None,
                    },
                    cast.staff,
                    at.min(now),
                )
                .await?;
                a::set_contract_deal(tx, contract, deal).await?;
                contracts += 1;
            }
            from = to;
        }
    }
    // Technical service and consulting contracts the colleges signed this year and last.
    let services = ["检测服务", "技术咨询", "工艺诊断", "员工技术培训", "软件定制开发", "标准编制咨询"];
    for n in 0..24_usize {
        let kind = ["service", "consulting", "service", "development_commissioned"][n % 4];
        let college = cast.colleges[(n * 5) % cast.colleges.len()];
        let value_wan = 3 + i64::try_from((n * 7) % 40).unwrap_or(0);
        let received_wan = if n % 3 == 0 { value_wan / 2 } else { value_wan };
        insert_contract(
            tx,
            &ContractWrite {
                kind: kind.to_owned(),
                title: format!("{}合同", services[n % services.len()]),
                enterprise_id: cast.enterprises[(n * 11 + 5) % cast.enterprises.len()],
                unit_id: Some(college),
                college_id: Some(college),
                value_fen: value_wan * 1_000_000,
                received_fen: received_wan * 1_000_000,
                signed_on: tandem_domain::sharing::local_date(now - i64::try_from(n * 29 % 420).unwrap_or(0) * 86_400),
                proposal_id: None,
            },
            cast.staff,
            now,
        )
        .await?;
        contracts += 1;
    }
    Ok((plans.len(), contracts))
}

/// The GB/T 13745 discipline the demo expertise tags belong to.
fn discipline_of(tag: &str) -> &'static str {
    match tag {
        "数控技术" | "工业机器人" => "460",
        "PLC" => "470",
        "嵌入式系统" => "510",
        "机器视觉" | "数字孪生" | "工业软件" | "大数据分析" => "520",
        "材料检测" => "430",
        "新能源电池" => "480",
        "化工工艺" => "530",
        _ => "630",
    }
}

/// The GB/T 4754 division the demo expertise tags serve most.
fn industry_of(tag: &str) -> &'static str {
    match tag {
        "新能源电池" | "PLC" | "嵌入式系统" => "C38",
        "化工工艺" => "C26",
        "供应链管理" => "G59",
        "材料检测" => "C33",
        _ => "C34",
    }
}

/// Expertise profiles: the demo teacher's and researcher's, every pool teacher's (four in five
/// public) and the enterprise experts' (half public); returns how many.
pub(super) async fn profiles(tx: &mut Tx, cast: &Cast<'_>, now: i64) -> AppResult<usize> {
    use tandem_store::research::expertise::{ProfileWrite, upsert};
    let profile = |headline: Option<String>, tags: &[&str], extra: &[&str], public: bool| {
        let mut keywords: Vec<String> = tags.iter().chain(extra).map(|t| (*t).to_owned()).collect();
        keywords.dedup();
        let mut disciplines: Vec<String> = tags.iter().map(|t| discipline_of(t).to_owned()).collect();
        disciplines.sort();
        disciplines.dedup();
        let mut industries: Vec<String> = tags.iter().map(|t| industry_of(t).to_owned()).collect();
        industries.sort();
        industries.dedup();
        ProfileWrite {
            headline,
            disciplines,
            industries,
            keywords,
            availability: "open".into(),
            public,
            show_contact: public,
        }
    };
    let mut n = 0;
    let demo = profile(
        Some("数控机床精度与焊接自动化".into()),
        &["数控技术", "工业机器人", "机器视觉"],
        &["热误差", "数控机床", "焊接", "在线补偿"],
        true,
    );
    upsert(tx, cast.teacher.0, &demo, now).await?;
    n += 1;
    if let Some((researcher, _)) = cast.researcher {
        let p = profile(Some("信号处理与在线监测".into()), &["大数据分析"], &["在线监测", "信号处理", "磨削"], true);
        upsert(tx, researcher, &p, now).await?;
        n += 1;
    }
    for (i, (id, tags)) in cast.teachers.iter().enumerate() {
        let availability = ["open", "open", "limited", "open", "unavailable"][i % 5];
        let headline = if tags[0] == tags[1] { tags[0].to_owned() } else { format!("{}与{}", tags[0], tags[1]) };
        let mut p = profile(Some(headline), tags, &[], i % 5 != 4);
        p.availability = availability.into();
        upsert(tx, *id, &p, now).await?;
        n += 1;
    }
    for (i, (id, tags)) in cast.experts.iter().enumerate() {
        let p = profile(Some(format!("企业专家：{}", tags[0])), tags, &[], i % 2 == 0);
        upsert(tx, *id, &p, now).await?;
        n += 1;
    }
    Ok(n)
}
