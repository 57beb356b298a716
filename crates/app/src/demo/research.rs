//! Demo propositions in every state of their life, most of them on the board, written by the
//! demo enterprises' administrators and screened by the demo staff member.

use crate::AppResult;
use tandem_store::Tx;
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
/// spread over the other authors; returns how many.
pub(super) async fn propositions(tx: &mut Tx, authors: &[(i64, i64)], staff: i64, now: i64) -> AppResult<usize> {
    if authors.is_empty() {
        return Ok(0);
    }
    let mut written = 0;
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
        written += 1;
    }
    Ok(written)
}
