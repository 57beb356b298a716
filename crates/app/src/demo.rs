//! Deterministic demo data at the scale the university reports: 19 modern industrial colleges
//! with partner enterprises, 24 practical teaching centres, 302 laboratories, a few hundred SMEs
//! with valid USCCs, teachers, students, experts, government offices and research institutes,
//! and one sign-in per role (password `tandem-demo`).

use crate::{App, AppError, AppResult};
use std::collections::HashMap;
use tandem_domain::access::Role;
use tandem_domain::money::FEN_PER_WAN;
use tandem_domain::org::{EnterpriseInput, Uscc};
use tandem_store::org::{self, OrgWrite};
use tandem_store::people::{self, PersonWrite};
use tandem_store::{Page, Tx};

pub const DEMO_PASSWORD: &str = "tandem-demo";

/// The sign-ins the demo creates, one per role.
pub const DEMO_ACCOUNTS: [(&str, Role, &str); 9] = [
    ("admin@tandem.demo", Role::PlatformAdmin, "平台管理员 周敏"),
    ("staff@tandem.demo", Role::UniversityStaff, "校企合作处 陈静"),
    ("teacher@tandem.demo", Role::Teacher, "王建国 教授"),
    ("student@tandem.demo", Role::Student, "李晓雨"),
    ("enterprise@tandem.demo", Role::EnterpriseAdmin, "沈阳企业管理员 赵磊"),
    ("member@tandem.demo", Role::EnterpriseMember, "企业员工 孙丽"),
    ("expert@tandem.demo", Role::EnterpriseExpert, "企业专家 刘工"),
    ("gov@tandem.demo", Role::GovernmentOfficer, "工信厅 吴处长"),
    ("research@tandem.demo", Role::ResearchMember, "研究院 郑博士"),
];

pub const COLLEGES: [(&str, &str); 19] = [
    ("智能制造现代产业学院", "Modern Industrial College of Intelligent Manufacturing"),
    ("机器人现代产业学院", "Modern Industrial College of Robotics"),
    ("新一代信息技术现代产业学院", "Modern Industrial College of Next-Generation ICT"),
    ("智能家电现代产业学院", "Modern Industrial College of Smart Appliances"),
    ("工业自动化现代产业学院", "Modern Industrial College of Industrial Automation"),
    ("新能源汽车现代产业学院", "Modern Industrial College of New-Energy Vehicles"),
    ("集成电路现代产业学院", "Modern Industrial College of Integrated Circuits"),
    ("工业互联网现代产业学院", "Modern Industrial College of Industrial Internet"),
    ("数字经济现代产业学院", "Modern Industrial College of the Digital Economy"),
    ("智能建造现代产业学院", "Modern Industrial College of Intelligent Construction"),
    ("化工新材料现代产业学院", "Modern Industrial College of Chemical New Materials"),
    ("航空装备现代产业学院", "Modern Industrial College of Aviation Equipment"),
    ("软件与大数据现代产业学院", "Modern Industrial College of Software and Big Data"),
    ("人工智能现代产业学院", "Modern Industrial College of Artificial Intelligence"),
    ("绿色能源现代产业学院", "Modern Industrial College of Green Energy"),
    ("精密仪器现代产业学院", "Modern Industrial College of Precision Instruments"),
    ("智慧物流现代产业学院", "Modern Industrial College of Smart Logistics"),
    ("数控装备现代产业学院", "Modern Industrial College of CNC Equipment"),
    ("生物医药现代产业学院", "Modern Industrial College of Biomedicine"),
];

const CENTRE_TOPICS: [(&str, &str); 24] = [
    ("智能制造", "Intelligent Manufacturing"),
    ("工业机器人", "Industrial Robotics"),
    ("电子信息", "Electronic Information"),
    ("自动化控制", "Automation and Control"),
    ("数控加工", "CNC Machining"),
    ("工业软件", "Industrial Software"),
    ("新能源", "New Energy"),
    ("材料测试", "Materials Testing"),
    ("精密测量", "Precision Measurement"),
    ("化工过程", "Chemical Processes"),
    ("汽车工程", "Automotive Engineering"),
    ("物联网", "Internet of Things"),
    ("人工智能", "Artificial Intelligence"),
    ("大数据", "Big Data"),
    ("虚拟仿真", "Virtual Simulation"),
    ("电气工程", "Electrical Engineering"),
    ("机械基础", "Mechanical Fundamentals"),
    ("工程训练", "Engineering Training"),
    ("创新创业", "Innovation and Entrepreneurship"),
    ("网络安全", "Cyber Security"),
    ("集成电路", "Integrated Circuits"),
    ("智能建造", "Intelligent Construction"),
    ("工业设计", "Industrial Design"),
    ("质量检测", "Quality Inspection"),
];

const LAB_KINDS: [&str; 12] = [
    "综合实验室",
    "测试分析实验室",
    "仿真实验室",
    "创新实验室",
    "工艺实验室",
    "控制实验室",
    "检测实验室",
    "研发实验室",
    "实训实验室",
    "数字孪生实验室",
    "开放实验室",
    "联合实验室",
];

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗", "梁", "宋", "郑", "谢",
];
const GIVEN: [&str; 30] = [
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "华", "平", "刚",
    "桂英", "志强", "晓东", "海燕", "建华", "丽娟", "文博", "子涵", "浩然", "思雨", "梓轩",
];

const NAME_WORDS: [&str; 30] = [
    "恒通", "华创", "精工", "远航", "新松", "博远", "盛达", "鑫源", "瑞丰", "宏图", "金桥", "东辰", "天成", "汇智",
    "中科", "北方", "辽河", "海诺", "启明", "卓越", "锦程", "兴隆", "德信", "长风", "正泰", "安达", "众和", "聚能",
    "明阳", "科瑞",
];

/// Industry codes and the business words used in names, weighted towards manufacturing.
const INDUSTRIES: [(&str, &str); 24] = [
    ("C34", "通用机械"),
    ("C35", "专用装备"),
    ("C38", "电气"),
    ("C39", "电子科技"),
    ("C40", "仪器仪表"),
    ("C36", "汽车零部件"),
    ("C33", "金属制品"),
    ("C29", "塑料制品"),
    ("C26", "化工"),
    ("C27", "医药"),
    ("C37", "轨道装备"),
    ("C14", "食品"),
    ("C34", "液压设备"),
    ("C35", "智能装备"),
    ("C39", "智能终端"),
    ("I65", "软件"),
    ("I65", "信息技术"),
    ("I64", "网络科技"),
    ("M74", "检测技术"),
    ("M75", "科技服务"),
    ("E48", "建设工程"),
    ("F51", "商贸"),
    ("G59", "物流"),
    ("L72", "企业管理咨询"),
];

const REGIONS: [&str; 16] = [
    "210100", "210100", "210100", "210100", "210200", "210200", "210200", "210300", "210400", "210500", "210600",
    "210700", "210800", "211000", "211100", "211200",
];

const CITY_PREFIX: [(&str, &str); 12] = [
    ("210100", "沈阳"),
    ("210200", "大连"),
    ("210300", "鞍山"),
    ("210400", "抚顺"),
    ("210500", "本溪"),
    ("210600", "丹东"),
    ("210700", "锦州"),
    ("210800", "营口"),
    ("211000", "辽阳"),
    ("211100", "盘锦"),
    ("211200", "铁岭"),
    ("210000", "辽宁"),
];

const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// SplitMix64: a small deterministic generator, so the demo is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + i64::try_from(self.next() % u64::try_from(hi - lo + 1).unwrap_or(1)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN))
}

/// How much demo data was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub assessments: usize,
    pub order_classes: usize,
    pub internships: usize,
    pub credentials: usize,
    pub datasets: usize,
    pub equipment: usize,
    pub bookings: usize,
    pub colleges: usize,
    pub centres: usize,
    pub labs: usize,
    pub enterprises: usize,
    pub people: usize,
}

/// A graduating cohort (2026) of 300 students: destinations for most of them, and employer
/// satisfaction responses from the supervisors of some employed graduates.
/// Last year's order classes, which this year's graduates finished: their members, academic and
/// enterprise mentors, and who the enterprise hired at the end (and why not the others). Returns
/// each hired graduate with the name of the enterprise that hired them.
async fn demo_past_classes(
    tx: &mut Tx,
    hosts: &[(i64, i64, String)],
    members: &[i64],
    teachers: &[i64],
    by: i64,
    now: i64,
) -> AppResult<HashMap<i64, String>> {
    use tandem_domain::talent::mentoring::Placement;
    use tandem_store::talent as tc;
    const TITLES: [&str; 2] = ["2025 级数控技术订单班", "2025 级智能检测订单班"];
    const NOT_HIRED: [(&str, &str); 5] = [
        ("offer_declined", "选择回生源地就业"),
        ("further_study", "考取本校研究生"),
        ("not_qualified", "岗位技能考核未通过"),
        ("offer_declined", "接受其他企业录用"),
        ("further_study", "出国深造"),
    ];
    let class_end = chrono::NaiveDate::from_ymd_opt(2025, 12, 31)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(now);
    let mut hired = HashMap::new();
    for ((title, (enterprise, expert, name)), group) in TITLES.iter().zip(hosts).zip(members.chunks(members.len() / 2))
    {
        let write = tc::ClassWrite {
            enterprise_id: *enterprise,
            title,
            positions: "工艺员、质检员",
            majors: "机械设计制造及其自动化、测控技术与仪器",
            skills: Some("识图、检测、安全规范"),
            seats: i64::try_from(group.len()).unwrap_or(0),
            hires: 20,
            salary_min_fen: Some(600_000),
            salary_max_fen: Some(850_000),
            location: Some("沈阳"),
            starts_on: "2025-03-01",
            ends_on: "2025-12-31",
        };
        let class = tc::insert_class(tx, &write, by, class_end - 300 * 86_400).await?;
        tc::set_status(tx, class, "selected", Some("同意开班"), class_end - 290 * 86_400).await?;
        demo_curriculum(tx, class, true, by, class_end - 290 * 86_400).await?;
        for (k, student) in group.iter().enumerate() {
            let applied = class_end - 285 * 86_400;
            let application =
                tc::insert_application(tx, class, *student, 1, Some("希望进入该企业工作"), applied).await?;
            tc::set_rank(tx, application, class, Some(i64::try_from(k).unwrap_or(0) + 1)).await?;
            let explanation = serde_json::json!({"assigned": class, "choice": 1, "passed_over": []});
            tc::set_outcome(tx, application, "selected", &explanation.to_string()).await?;
            tc::insert_member(tx, class, *student, "selection", None, class_end - 280 * 86_400).await?;
            let placement = Placement::Class(class);
            let teacher = teachers[(k * 11 + 5) % teachers.len()];
            let mut mentorships = vec![
                tc::insert_mentorship(tx, placement, *student, teacher, "academic", by, class_end - 270 * 86_400)
                    .await?,
            ];
            // The enterprise's expert takes as many as the default load allows.
            if k < 8 {
                mentorships.push(
                    tc::insert_mentorship(tx, placement, *student, *expert, "enterprise", by, class_end - 270 * 86_400)
                        .await?,
                );
            }
            for m in mentorships {
                tc::insert_meeting(tx, m, "2025-12-20", 60, "结业总结与就业意向", None, class_end).await?;
                tc::insert_evaluation(
                    tx,
                    m,
                    if k % 3 == 0 { "excellent" } else { "good" },
                    "完成订单班全部课程与岗位实践",
                    class_end,
                )
                .await?;
                tc::end_mentorship(tx, m, class_end).await?;
            }
            if k < 20 {
                tandem_store::talent::curriculum::set_hiring(
                    tx,
                    class,
                    *student,
                    true,
                    None,
                    Some("签订就业协议"),
                    class_end,
                )
                .await?;
                hired.insert(*student, name.clone());
            } else {
                let (reason, note) = NOT_HIRED[(k - 20) % NOT_HIRED.len()];
                tandem_store::talent::curriculum::set_hiring(
                    tx,
                    class,
                    *student,
                    false,
                    Some(reason),
                    Some(note),
                    class_end,
                )
                .await?;
            }
        }
    }
    Ok(hired)
}

async fn demo_outcomes(tx: &mut Tx, students: &[i64], hired: &HashMap<i64, String>, now: i64) -> AppResult<()> {
    use tandem_store::talent as tc;
    const EMPLOYERS: [&str; 5] = [
        "沈阳正泰仪器仪表有限公司",
        "大连天成智能装备有限公司",
        "鞍山新材料股份有限公司",
        "营口港机工程有限公司",
        "锦州汽车零部件有限公司",
    ];
    let bands = ["4000_5999", "6000_7999", "8000_9999", "10000_up"];
    for (k, student) in students.iter().skip(300).enumerate() {
        let category = match k % 20 {
            _ if hired.contains_key(student) => Some("employed"),
            0..=11 => Some("employed"),
            12 => Some("self_employed"),
            13..=15 => Some("continuing_education"),
            16 => Some("still_seeking"),
            17 => Some("not_seeking"),
            _ => None,
        };
        let employed = matches!(category, Some("employed" | "self_employed"));
        let supervisor =
            (category == Some("employed") && k % 3 == 0).then(|| format!("supervisor{k}@employer.example"));
        let write = tc::OutcomeWrite {
            student_id: *student,
            cohort: "2026",
            category,
            employer: employed.then(|| hired.get(student).map_or(EMPLOYERS[k % EMPLOYERS.len()], String::as_str)),
            job_title: employed.then_some("工艺技术员"),
            relevance: employed.then_some(i64::try_from(k % 5).unwrap_or(0) + 1),
            salary_band: employed.then_some(bands[k % bands.len()]),
            supervisor_email: supervisor.as_deref(),
        };
        tc::upsert_outcome(tx, &write, *student, now).await?;
        if let Some(email) = supervisor {
            let hash = crate::auth::secret_hash(&crate::auth::random_secret());
            let invitation =
                tc::insert_invitation(tx, *student, &email, &hash, now - 20 * 86_400, now + 10 * 86_400).await?;
            if k % 4 != 0 {
                // Ratings vary the way real ones do: mostly 4s, some 5s and 3s.
                const SPREAD: [i64; 8] = [4, 3, 5, 4, 4, 3, 5, 4];
                const OVERALL: [i64; 8] = [5, 4, 4, 5, 3, 4, 5, 4];
                let r = |offset: usize| SPREAD[(k / 3 + offset) % SPREAD.len()];
                let overall = OVERALL[(k / 3) % OVERALL.len()];
                let ratings = serde_json::json!({"foundation": r(0), "adaptive": r(1), "collaborative": r(2), "technical": r(3), "employability": r(4), "overall": overall});
                tc::use_invitation(tx, invitation, now - 5 * 86_400).await?;
                tc::insert_response(tx, invitation, &ratings.to_string(), overall, Some("工作认真"), now - 5 * 86_400)
                    .await?;
            }
        }
    }
    Ok(())
}

/// The two-way flow: a third of the pool's teachers with practice terms (some long enough to
/// count as dual-qualified) and a dozen experts appointed to colleges.
async fn demo_flow(tx: &mut Tx, teachers: &[i64], experts: &[(i64, i64)], colleges: &[i64], now: i64) -> AppResult<()> {
    use tandem_store::talent as tc;
    const PROJECTS: [&str; 4] = ["产线数字化改造", "质量追溯系统建设", "工艺参数优化", "设备预测性维护"];
    for (k, teacher) in teachers.iter().enumerate().filter(|(k, _)| k % 3 == 0) {
        let (start, end) = match k % 4 {
            0 => ("2025-03-01", "2025-08-31"),
            1 => ("2024-07-01", "2024-09-30"),
            2 => ("2026-02-15", "2026-08-14"),
            _ => ("2023-09-01", "2023-11-30"),
        };
        let (enterprise, by) = (experts[k % experts.len()].1, *teacher);
        let report = (k % 2 == 0).then_some("形成改进方案并在企业试运行");
        tc::insert_practice(tx, *teacher, enterprise, start, end, PROJECTS[k % 4], report, by, now).await?;
    }
    for (n, (expert, _)) in experts.iter().take(12).enumerate() {
        let kind = if n % 3 == 0 { "industry_professor" } else { "adjunct_teacher" };
        let courses = ["智能制造系统", "工业机器人应用", "质量工程实务"][n % 3];
        tc::insert_appointment(
            tx,
            *expert,
            colleges[n % colleges.len()],
            kind,
            "2025-09-01",
            "2028-08-31",
            courses,
            *expert,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Internships outside the order classes, finished, under way and upcoming, each intern with an
/// academic mentor (a teacher) and an enterprise mentor (an expert of the host enterprise); one
/// ended early, and a few need attention (a missing mentor, no meeting logged). The demo student has an upcoming internship at the demo enterprise, mentored by
/// the demo teacher and the demo enterprise member.
#[allow(clippy::too_many_arguments)]
async fn demo_internships(
    tx: &mut Tx,
    interns: &[i64],
    graduates: &[i64],
    teachers: &[i64],
    experts: &[(i64, i64)],
    demo: Option<(i64, i64, i64, i64)>,
    by: i64,
    now: i64,
) -> AppResult<usize> {
    use tandem_domain::talent::internship::Party;
    use tandem_domain::talent::mentoring::Placement;
    use tandem_store::talent::{self as tc, internships as ti};
    const POSITIONS: [&str; 5] = ["工艺助理", "质量检验员", "设备运维助理", "数据分析助理", "研发助理"];
    const TERMS: [(&str, &str); 3] =
        [("2026-07-01", "2026-08-31"), ("2026-09-01", "2027-01-15"), ("2027-07-01", "2027-08-31")];
    const FINAL_YEAR: (&str, &str) = ("2025-10-08", "2026-01-16");
    // (student, host enterprise, academic mentor, enterprise mentor, position, term)
    type Intern<'a> = (i64, i64, i64, i64, &'a str, (&'a str, &'a str));
    let mut rows: Vec<Intern> = interns
        .iter()
        .enumerate()
        .map(|(k, student)| {
            let (expert, enterprise) = experts[(k * 7) % experts.len()];
            (*student, enterprise, teachers[(k * 5 + 1) % teachers.len()], expert, POSITIONS[k % 5], TERMS[k % 3])
        })
        .collect();
    // Last year's interns are this year's graduates: their outcomes trace back to these mentors.
    rows.extend(graduates.iter().enumerate().map(|(k, student)| {
        let (expert, enterprise) = experts[(k * 13 + 3) % experts.len()];
        (*student, enterprise, teachers[(k * 7 + 2) % teachers.len()], expert, POSITIONS[k % 5], FINAL_YEAR)
    }));
    if let Some((student, enterprise, teacher, member)) = demo {
        rows.push((student, enterprise, teacher, member, "智能产线实习生", TERMS[2]));
    }
    for (k, (student, enterprise, teacher, mentor, position, (starts_on, ends_on))) in rows.iter().enumerate() {
        let write =
            ti::InternshipWrite { student_id: *student, enterprise_id: *enterprise, position, starts_on, ends_on };
        let id = ti::insert(tx, &write, by, now - 40 * 86_400).await?;
        let placement = Placement::Internship(id);
        // The learning agreement, in force for most; one waits for its enterprise, and the demo
        // student has yet to confirm theirs.
        let terms = ti::AgreementWrite {
            internship_id: id,
            goals: "结合专业课程，掌握岗位相关的工艺规范、质量标准与数据记录方法",
            duties: "在企业导师指导下参与生产现场工作，按周提交实习周记",
            weekly_hours: 40,
            allowance_fen: Some(200_000),
            insurance: Some("学校统一购买实习责任保险"),
        };
        let version = ti::save_agreement(tx, &terms, by, now - 39 * 86_400).await?;
        let is_demo_student = demo.is_some_and(|(s, ..)| s == *student);
        for party in Party::ALL {
            let waits =
                (party == Party::Enterprise && matches!(k, 2 | 5)) || (party == Party::Student && is_demo_student);
            if !waits {
                ti::confirm_agreement(tx, id, party, version, by, now - 38 * 86_400).await?;
            }
        }
        let academic =
            tc::insert_mentorship(tx, placement, *student, *teacher, "academic", by, now - 30 * 86_400).await?;
        // One upcoming intern still waits for an enterprise mentor, and every sixth intern under
        // way has had no meeting logged: the list shows both as needing attention.
        let industry = match (k == 2, *mentor) {
            (true, _) => None,
            (false, m) => {
                Some(tc::insert_mentorship(tx, placement, *student, m, "enterprise", by, now - 30 * 86_400).await?)
            }
        };
        let left_early = k == 4;
        let unguided = k % 6 == 1;
        if let (true, false, false, Some(industry)) = (*starts_on < "2026-11-01", left_early, unguided, industry) {
            // A finished internship's last meeting is its closing talk, on its last day.
            let day = if *ends_on < "2026-11-01" {
                (*ends_on).to_owned()
            } else {
                tandem_domain::sharing::local_date(now - 10 * 86_400)
            };
            tc::insert_meeting(tx, industry, &day, 60, "岗位任务与安全培训", Some("熟悉车间安全规程"), now).await?;
            tc::insert_meeting(tx, academic, &day, 30, "实习周记与专业结合", None, now).await?;
        }
        if let (true, Some(industry)) = (*ends_on < "2026-11-01", industry) {
            tc::insert_evaluation(tx, industry, "good", "按时完成岗位任务，沟通顺畅", now).await?;
            tc::insert_evaluation(tx, academic, "good", "实习报告完整，能联系专业知识", now).await?;
            let ended = now - 60 * 86_400;
            tc::end_mentorship(tx, industry, ended).await?;
            tc::end_mentorship(tx, academic, ended).await?;
        }
        if left_early {
            ti::leave(tx, id, "2026-10-15", "转入订单班学习").await?;
            tc::end_mentorships_of(tx, placement, *student, now - 40 * 86_400).await?;
        }
    }
    Ok(rows.len())
}

/// The curriculum both sides design: university courses, enterprise-taught modules and practice;
/// the last item waits for the other side's agreement unless `all_agreed`.
async fn demo_curriculum(tx: &mut Tx, class_id: i64, all_agreed: bool, by: i64, now: i64) -> AppResult<()> {
    let items = [
        ("course", "专业核心课程（校内）", 96, "学院专业教师", "university", true),
        ("enterprise_module", "企业真实项目与工艺规范", 48, "企业工程师", "enterprise", true),
        ("practice", "企业岗位实践", 320, "企业导师", "enterprise", true),
        ("course", "职业素养与安全生产", 16, "学院辅导员与企业安全主管", "university", all_agreed),
    ];
    for (kind, title, hours, taught_by, side, agreed) in items {
        let write = tandem_store::talent::curriculum::ItemWrite {
            class_id,
            kind,
            title,
            hours,
            taught_by: Some(taught_by),
            side,
        };
        let item = tandem_store::talent::curriculum::insert_item(tx, &write, by, now).await?;
        if agreed {
            tandem_store::talent::curriculum::agree(tx, item, now).await?;
        }
    }
    Ok(())
}

/// Order-based classes: four already selected with their rosters, one open for applications
/// (the demo student has not applied yet) and one order waiting for the university.
/// The first class's first six students have the demo teacher and the demo enterprise member
/// as mentors, with a meeting each and one evaluation.
async fn demo_classes(
    tx: &mut Tx,
    enterprises: &[i64],
    students: &[i64],
    (academic, industry): (Option<i64>, Option<i64>),
    now: i64,
) -> AppResult<usize> {
    use tandem_store::talent as tc;
    const CLASSES: [(&str, &str, &str, &str); 6] = [
        ("数控技术订单班", "数控操作工、工艺员", "机械设计制造及其自动化", "selected"),
        ("工业机器人运维订单班", "机器人运维工程师", "自动化、机器人工程", "selected"),
        ("新能源电池检测订单班", "电池检测工程师", "新能源材料与器件", "selected"),
        ("智能制造质量订单班", "质量工程师", "质量管理工程", "selected"),
        ("机器视觉应用订单班", "视觉算法工程师", "计算机科学与技术", "open"),
        ("化工安全管理订单班", "安全工程师", "化学工程与工艺", "ordered"),
    ];
    let mut next_student = 0usize;
    for (i, (title, positions, majors, status)) in CLASSES.iter().enumerate() {
        let seats = 20 + (i as i64 % 3) * 5;
        let write = tc::ClassWrite {
            enterprise_id: enterprises[i % 4],
            title,
            positions,
            majors,
            skills: Some("识图、安全规范、团队协作"),
            seats,
            hires: seats - 2,
            salary_min_fen: Some(550_000 + i as i64 * 50_000),
            salary_max_fen: Some(800_000 + i as i64 * 50_000),
            location: Some("沈阳"),
            starts_on: "2027-03-01",
            ends_on: "2027-12-31",
        };
        let id = tc::insert_class(tx, &write, students[0], now - (30 - i as i64) * 86_400).await?;
        if *status != "ordered" {
            tc::set_status(tx, id, if *status == "selected" { "selected" } else { "open" }, Some("同意开班"), now)
                .await?;
        }
        let applicants = if *status == "ordered" { 0 } else { seats as usize + 6 };
        for k in 0..applicants {
            let student = students[(next_student + k) % students.len()];
            let app =
                tc::insert_application(tx, id, student, 1, Some("希望毕业后进入该企业"), now - 20 * 86_400).await?;
            if *status == "selected" {
                let rank = k as i64 + 1;
                tc::set_rank(tx, app, id, Some(rank)).await?;
                let placed = k < seats as usize;
                let explanation = if placed {
                    serde_json::json!({"assigned": id, "choice": 1, "passed_over": []})
                } else {
                    serde_json::json!({"assigned": null, "choice": null, "passed_over": [
                        {"class_id": id, "reason": "full", "last_admitted_rank": seats, "your_rank": rank}]})
                };
                tc::set_outcome(tx, app, if placed { "selected" } else { "not_selected" }, &explanation.to_string())
                    .await?;
                if placed {
                    tc::insert_member(tx, id, student, "selection", None, now - 10 * 86_400).await?;
                    if k < 3 {
                        let (site, supervisor) = ("总装车间工艺组", "企业导师 张工");
                        let (from, to) = ("2027-07-01", "2027-08-31");
                        tandem_store::talent::curriculum::insert_placement(
                            tx,
                            id,
                            student,
                            site,
                            supervisor,
                            from,
                            to,
                            students[0],
                            now,
                        )
                        .await?;
                    }
                    if let (0, 0..6, Some(a), Some(e)) = (i, k, academic, industry) {
                        let by = students[0];
                        let class = tandem_domain::talent::mentoring::Placement::Class(id);
                        let m = tc::insert_mentorship(tx, class, student, a, "academic", by, now - 9 * 86_400).await?;
                        tc::insert_mentorship(tx, class, student, e, "enterprise", by, now - 9 * 86_400).await?;
                        let day = tandem_domain::sharing::local_date(now - 3 * 86_400);
                        tc::insert_meeting(tx, m, &day, 45, "实习岗位与学习计划", Some("确定每周一次线上答疑"), now)
                            .await?;
                        if k == 0 {
                            tc::insert_evaluation(tx, m, "excellent", "学习主动，动手能力强", now).await?;
                        }
                    }
                }
            }
        }
        if *status != "ordered" {
            demo_curriculum(tx, id, false, students[0], now).await?;
        }
        next_student += applicants;
    }
    Ok(CLASSES.len())
}

/// Topics of demo datasets: title, tags, format, CSV header, and how each row's numbers grow.
const DATASET_TOPICS: [(&str, &str, &str, &str); 8] = [
    (
        "焊接工艺参数与焊缝质量数据",
        "焊接,质量,智能制造",
        "CSV (UTF-8)",
        "sample_id,current_a,voltage_v,speed_mm_s,defect_rate_pct",
    ),
    ("数控机床主轴振动监测数据", "数控,振动,预测性维护", "CSV (UTF-8)", "minute,rpm,vib_x_mm_s,vib_y_mm_s,temp_c"),
    ("锂电池循环寿命测试数据", "新能源,电池,寿命", "CSV (UTF-8)", "cycle,capacity_ah,voltage_v,temp_c,soh_pct"),
    ("工业视觉缺陷检测标注清单", "机器视觉,缺陷检测,标注", "CSV (UTF-8)", "image_id,defect_class,x_px,y_px,w_px"),
    (
        "金属 3D 打印工艺窗口数据",
        "增材制造,工艺,致密度",
        "CSV (UTF-8)",
        "build_id,laser_w,scan_mm_s,layer_um,density_pct",
    ),
    ("化工反应釜温度压力过程数据", "化工,过程控制,安全", "CSV (UTF-8)", "second,temp_c,pressure_kpa,flow_l_min,ph"),
    (
        "产线设备综合效率与停机记录",
        "OEE,精益生产,设备管理",
        "CSV (UTF-8)",
        "day,line,availability_pct,performance_pct,quality_pct",
    ),
    ("来料检验与供应商质量数据", "质量管理,供应链,检验", "CSV (UTF-8)", "lot,supplier,sampled,defects,ppm"),
];

fn demo_csv(header: &str, seed: usize) -> String {
    let columns = header.split(',').count();
    let mut out = String::from(header);
    for row in 0..40 {
        out.push('\n');
        let values: Vec<String> = (0..columns)
            .map(|c| {
                if c == 0 {
                    (row + 1).to_string()
                } else {
                    format!("{}.{}", 10 + (row * (c + 3) + seed) % 90, (row + c) % 10)
                }
            })
            .collect();
        out.push_str(&values.join(","));
    }
    out.push('\n');
    out
}

/// Datasets across labs and enterprises with one CSV each; some requests and downloads.
/// Files go to the file store inside the demo transaction: if it failed they would be orphans,
/// which a demo load can afford.
#[allow(clippy::too_many_arguments)]
async fn demo_datasets(
    app: &App,
    tx: &mut tandem_store::Tx,
    labs: &[i64],
    enterprises: &[i64],
    students: &[i64],
    enterprise_users: &[i64],
    (staff, demo_student): (Option<i64>, Option<i64>),
    now: i64,
) -> AppResult<usize> {
    use tandem_store::sharing::datasets as ds;
    let by = staff.unwrap_or(students[0]);
    let levels = ["on_request", "open", "internal"];
    let licences = ["research-only", "cc-by-4.0", "cc-by-nc-4.0"];
    let owners: Vec<(i64, usize)> =
        (0..36).map(|i| (labs[(i * 8) % labs.len()], i)).chain((0..10).map(|i| (enterprises[i % 8], 36 + i))).collect();
    let mut count = 0;
    for (owner, i) in owners {
        let enterprise = i >= 36;
        let topic = if enterprise { DATASET_TOPICS[6 + i % 2] } else { DATASET_TOPICS[i % 6] };
        let (title, tags, format, header) = topic;
        // The first enterprise keeps one dataset to itself and offers one on request; the
        // second keeps its own internal, so enterprises can see what is not theirs to see.
        let level = match i.checked_sub(36) {
            Some(k) if k < 2 || k % 3 == 0 => "internal",
            Some(_) => "on_request",
            None => levels[i % 3],
        };
        let write = ds::DatasetWrite {
            owner_org_id: owner,
            title: if enterprise {
                format!("{title}（{}）", 2024 + i % 3)
            } else {
                format!("{title} · 第 {} 批", i / 6 + 1)
            },
            description: Some(format!("{title}，采集于校内实验与合作企业现场，已脱敏。字段单位见说明。")),
            tags: tags.replace(',', "\n"),
            format: format.into(),
            licence: licences[i % 3].into(),
            access_level: level.into(),
            schema_preview: Some(header.split(',').map(|c| format!("{c}: 数值")).collect::<Vec<_>>().join("\n")),
        };
        let id = ds::insert_dataset(tx, &write, by, now - (i as i64) * 86_400).await?;
        let body = demo_csv(header, i);
        let sha = {
            use sha2::Digest;
            format!("{:x}", sha2::Sha256::digest(body.as_bytes()))
        };
        let key = format!("datasets/{id}/demo-{}", &sha[..16]);
        app.files.put(&key, body.as_bytes()).map_err(|e| AppError::Unexpected(format!("demo file: {e}")))?;
        let sample: String = body.lines().take(8).collect::<Vec<_>>().join("\n");
        let file = ds::FileWrite {
            dataset_id: id,
            name: &format!("data-{id}.csv"),
            content_type: "text/csv; charset=utf-8",
            size_bytes: i64::try_from(body.len()).unwrap_or(0),
            sha256: &sha,
            storage_key: &key,
            sample: Some(&sample),
            uploaded_by: by,
        };
        let file_id = ds::insert_file(tx, &file, now - (i as i64) * 86_400).await?;
        match level {
            "open" => {
                for k in 0..(i % 4) {
                    ds::log_download(tx, id, file_id, students[(i * 3 + k) % students.len()], now - (k as i64) * 3600)
                        .await?;
                }
            }
            "on_request" if !enterprise => {
                let who = enterprise_users[i % enterprise_users.len()];
                let request = ds::insert_request(tx, id, who, "用于企业工艺改进的对比分析", now - 5 * 86_400).await?;
                ds::decide_request(tx, request, "approved", Some("同意，请注明数据来源"), by, now - 4 * 86_400).await?;
                ds::log_download(tx, id, file_id, who, now - 4 * 86_400).await?;
                if i == 0
                    && let Some(student) = demo_student
                {
                    ds::insert_request(tx, id, student, "毕业设计需要对比焊接参数与缺陷率", now - 86_400).await?;
                }
            }
            _ => {}
        }
        count += 1;
    }
    Ok(count)
}

/// Plausible answers; the follow-up round (1) tends to score higher than the baseline.
fn demo_answers(rng: &mut Rng, instrument: &str, round: u32) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let lift = f64::from(round) * 2.0;
    let pct = |rng: &mut Rng, lo: i64, hi: i64| json!(rng.range(lo, hi) as f64 + lift);
    let v = if instrument == "miit-2022-innovative" {
        json!({
            "INN-1": *rng.pick(&["class1", "class2", "class1_self_developed", "none"]),
            "INN-2": pct(rng, 0, 6), "INN-3": pct(rng, -5, 20), "INN-4": rng.range(30, 80),
            "INN-5": *rng.pick(&["strategic_emerging", "other"]), "INN-6": pct(rng, 45, 95),
            "INN-D2": rng.below(3) == 0,
        })
    } else {
        let srf06 = if round == 0 { json!(["qms_certificate"]) } else { json!(["qms_certificate", "own_brand"]) };
        json!({
            "SRF-01": pct(rng, 55, 96), "SRF-02": pct(rng, -3, 14), "SRF-03": rng.range(1, 15) + i64::from(round),
            "SRF-04": *rng.pick(&["chain_key", "basic_or_heritage_or_chain_supplier", "other"]),
            "SRF-05": (rng.range(1, 3) + i64::from(round)).min(4),
            "SRF-06": srf06,
            "SRF-07": pct(rng, 0, 12), "SRF-08": rng.range(35, 75), "SRF-09": rng.range(3, 12),
            "SRF-10": *rng.pick(&["class1_high_value", "class1_self_developed", "class1", "class2", "none"]),
            // Below the smallest demo revenue (50 万元), so no profile's revenue is exceeded.
            "SRF-11": {"amount_wan": rng.range(30, 48), "intensity_pct": pct(rng, 2, 9)},
            "SRF-12": pct(rng, 4, 25), "SRF-13": *rng.pick(&["provincial", "municipal", "below_municipal", "none"]),
            "SRF-B1": rng.range(1, 12), "SRF-B2": rng.below(4) != 0, "SRF-B3": true,
        })
    };
    v.as_object().cloned().unwrap_or_default()
}

async fn assess(
    app: &App,
    tx: &mut Tx,
    enterprise: i64,
    instrument_id: &str,
    answers: &serde_json::Map<String, serde_json::Value>,
    when: i64,
) -> AppResult<()> {
    let instrument = app.catalogue.get(instrument_id).ok_or(AppError::NotFound)?;
    let answers: crate::diagnosis::Answers = answers.clone().into_iter().collect();
    let result = tandem_domain::diagnosis::score(instrument, &answers)
        .map_err(|e| AppError::Unexpected(format!("demo answers do not score: {e:?}")))?;
    let write = tandem_store::diagnosis::AssessmentWrite {
        status: "submitted".into(),
        answers_json: serde_json::to_string(&answers).map_err(|e| AppError::Unexpected(e.to_string()))?,
        result_json: Some(serde_json::to_string(&result).map_err(|e| AppError::Unexpected(e.to_string()))?),
        total: Some(i64::from(result.total)),
        passed: result.passed.map(i64::from),
        submitted_at: Some(when),
    };
    tandem_store::diagnosis::insert(tx, enterprise, &instrument.id, &instrument.version, &write, 0, when).await?;
    Ok(())
}

/// Whether the demo sign-ins exist (the sign-in page then lists them).
pub async fn accounts_present(app: &App) -> AppResult<bool> {
    Ok(people::person_by_email(&app.db, DEMO_ACCOUNTS[0].0).await?.is_some())
}

/// Whether the database holds no organisations yet.
pub async fn is_empty(app: &App) -> AppResult<bool> {
    let (_, total) = org::list_orgs(&app.db, &Default::default(), Page::new(1, 1)).await?;
    Ok(total == 0)
}

async fn unit(
    tx: &mut Tx,
    kind: &str,
    name: &str,
    name_en: Option<&str>,
    parent: Option<i64>,
    now: i64,
) -> AppResult<i64> {
    let w = OrgWrite {
        kind: kind.into(),
        name: name.into(),
        name_en: name_en.map(str::to_owned),
        description: None,
        parent_id: parent,
    };
    Ok(org::insert_org(tx, &w, now).await?)
}

async fn person(
    tx: &mut Tx,
    name: &str,
    email: Option<String>,
    expertise: &[&str],
    hash: Option<&str>,
    now: i64,
) -> AppResult<i64> {
    let w = PersonWrite { name: name.into(), email, phone: None, expertise: expertise.join("\n") };
    Ok(people::insert_person(tx, &w, hash, now).await?)
}

/// Loads the demo into an empty database, in one transaction.
pub async fn load(app: &App) -> AppResult<DemoSummary> {
    if !is_empty(app).await? {
        return Err(AppError::invalid("database", "demo.not_empty"));
    }
    let hash = crate::auth::hash_password(DEMO_PASSWORD.to_owned()).await?;
    let now = app.now();
    let mut rng = Rng(20_261_125);
    let mut s = DemoSummary::default();
    let mut tx = app.db.begin_write().await?;

    let uni = unit(&mut tx, "university", "辽宁理工大学", Some("Liaoning University of Technology"), None, now).await?;
    let mut colleges = Vec::new();
    for (zh, en) in COLLEGES {
        colleges.push(unit(&mut tx, "college", zh, Some(en), Some(uni), now).await?);
    }
    s.colleges = colleges.len();
    let mut centres = Vec::new();
    for (i, (zh, en)) in CENTRE_TOPICS.iter().enumerate() {
        // Two in three centres belong to a college; the rest to the university itself.
        let parent = if i % 3 == 2 { uni } else { colleges[i % colleges.len()] };
        let name = format!("{zh}数智化实践教学中心");
        let name_en = format!("{en} Digital Practical Teaching Centre");
        centres.push(unit(&mut tx, "centre", &name, Some(&name_en), Some(parent), now).await?);
    }
    s.centres = centres.len();
    let mut labs = Vec::new();
    for i in 0..302 {
        let c = i % centres.len();
        let (topic, topic_en) = CENTRE_TOPICS[c];
        let kind = LAB_KINDS[(i / centres.len()) % LAB_KINDS.len()];
        let name = format!("{topic}{kind}");
        let name_en = format!("{topic_en} Lab {}", i / centres.len() + 1);
        // Every seventh lab sits directly in a college, as joint labs with enterprises do.
        let parent = if i % 7 == 6 { colleges[i % colleges.len()] } else { centres[c] };
        labs.push(unit(&mut tx, "lab", &name, Some(&name_en), Some(parent), now).await?);
    }
    s.labs = labs.len();

    // One shareable instrument in every lab, with varied policies and rates by user class;
    // every other one gets a history of completed use for the sharing figures.
    let mut used: Vec<(i64, i64, bool)> = Vec::new();
    const INSTRUMENTS: [(&str, &str, &str); 12] = [
        ("扫描电子显微镜", "SEM-5000", "microscopy"),
        ("三坐标测量机", "CMM-7106", "metrology"),
        ("光纤激光切割机", "LC-3015", "machining"),
        ("工业 CT 检测系统", "XCT-450", "testing"),
        ("五轴联动加工中心", "VMC-5X", "machining"),
        ("六轴工业机器人工作站", "IRB-6700", "robotics"),
        ("电感耦合等离子体光谱仪", "ICP-OES 7200", "analysis"),
        ("同步热分析仪", "STA-449", "analysis"),
        ("高速数字示波器", "DSO-9254", "electronics"),
        ("金属 3D 打印机", "SLM-280", "additive"),
        ("电池充放电测试系统", "BTS-4000", "energy"),
        ("机器视觉检测平台", "MV-Lab", "vision"),
    ];
    for (i, lab) in labs.iter().enumerate() {
        let (name, model, category) = INSTRUMENTS[i % INSTRUMENTS.len()];
        let (approval, auth) = match i % 3 {
            0 => ("manual", true),
            1 => ("authorised", true),
            _ => ("automatic", false),
        };
        let w = tandem_store::sharing::EquipmentWrite {
            lab_id: *lab,
            name: name.into(),
            model: Some(model.into()),
            maker: None,
            category: category.into(),
            location: Some(format!("实验楼 {} 室", 100 + i)),
            description: None,
            status: if i % 50 == 49 { "retired" } else { "available" }.into(),
            maintenance_until: None,
            approval_mode: approval.into(),
            requires_authorisation: auth,
            slot_minutes: 30,
            min_minutes: 30,
            max_minutes: 480,
            max_days_ahead: 60,
            open_from_minute: 8 * 60,
            open_to_minute: 22 * 60,
            cancel_minutes_before: 120,
            capabilities: None,
            authorisation_valid_days: 365,
        };
        let id = tandem_store::sharing::insert_equipment(&mut tx, &w, now).await?;
        if i % 12 == 5 {
            // A day closed for calibration, four days out, so the week grid shows a blackout.
            let offset = tandem_domain::sharing::LOCAL_OFFSET_SECS;
            let day = (now + offset).div_euclid(86_400) * 86_400 - offset + 4 * 86_400;
            tandem_store::sharing::insert_blackout(&mut tx, id, day, day + 86_400, "年度计量校准", None, now).await?;
        }
        let base = 5_000 + (i as i64 % 16) * 1_000;
        for (class, fen) in [("internal", base), ("external_academic", base * 3 / 2), ("enterprise", base * 2)] {
            tandem_store::sharing::set_rate(&mut tx, id, class, fen, "CNY").await?;
        }
        if i % 50 != 49 && i % 2 == 0 {
            used.push((id, base, auth));
        }
        s.equipment += 1;
    }

    let gov = unit(
        &mut tx,
        "government",
        "辽宁省工业和信息化厅",
        Some("Liaoning Department of Industry and Information Technology"),
        None,
        now,
    )
    .await?;
    let gov2 =
        unit(&mut tx, "government", "沈阳市科学技术局", Some("Shenyang Science and Technology Bureau"), None, now)
            .await?;
    let institutes = [
        unit(
            &mut tx,
            "institute",
            "辽宁省智能制造研究院",
            Some("Liaoning Institute of Intelligent Manufacturing"),
            None,
            now,
        )
        .await?,
        unit(
            &mut tx,
            "institute",
            "沈阳工业技术研究院",
            Some("Shenyang Industrial Technology Research Institute"),
            None,
            now,
        )
        .await?,
        unit(&mut tx, "institute", "大连先进材料研究所", Some("Dalian Institute of Advanced Materials"), None, now)
            .await?,
    ];

    let mut enterprises = Vec::new();
    let mut enterprise_names = HashMap::new();
    let mut used_names = std::collections::BTreeSet::new();
    let today = app.clock.now().date_naive();
    for i in 0..320usize {
        let region = if i % 10 == 9 {
            *rng.pick(&["110000", "310000", "320000", "440000", "370000"])
        } else {
            *rng.pick(&REGIONS)
        };
        let city = CITY_PREFIX.iter().find(|(c, _)| *c == region).map(|(_, n)| *n).unwrap_or("");
        let (industry, business) = *rng.pick(&INDUSTRIES);
        let mut name = format!("{city}{}{business}有限公司", rng.pick(&NAME_WORDS));
        if !used_names.insert(name.clone()) {
            name = format!("{city}{}{}{business}有限公司", rng.pick(&NAME_WORDS), rng.pick(&NAME_WORDS));
            used_names.insert(name.clone());
        }
        let mut code = format!("91{region}MA");
        for _ in 0..7 {
            code.push(char::from(USCC_CHARS[rng.below(USCC_CHARS.len())]));
        }
        // The index makes every code distinct whatever the generator drew.
        code.replace_range(10..13, &format!("{:03}", i % 1000));
        let uscc = Uscc::complete(&code).ok_or_else(|| AppError::Unexpected(format!("demo USCC {code}")))?;
        let tier = rng.below(10);
        let (employees, revenue_wan) = match tier {
            0..=2 => (rng.range(3, 19), rng.range(50, 280)),
            3..=6 => (rng.range(20, 120), rng.range(300, 1800)),
            7..=8 => (rng.range(300, 900), rng.range(2000, 38000)),
            _ => (rng.range(1000, 3000), rng.range(40000, 90000)),
        };
        let assets_wan = revenue_wan * rng.range(6, 15) / 10;
        let input = EnterpriseInput {
            name,
            name_en: String::new(),
            uscc: uscc.to_string(),
            industry_code: industry.into(),
            region_code: region.into(),
            founded_on: format!("{}-{:02}-{:02}", rng.range(1995, 2022), rng.range(1, 12), rng.range(1, 28)),
            employees: employees.to_string(),
            operating_revenue_wan: revenue_wan.to_string(),
            total_assets_wan: assets_wan.to_string(),
        };
        let profile = input
            .validate(&app.reference, today)
            .map_err(|e| AppError::Unexpected(format!("demo enterprise: {e:?}")))?;
        let size = profile.size(&app.reference).ok();
        let name = profile.name.clone();
        let write = tandem_store::org::EnterpriseWrite {
            name: profile.name,
            name_en: None,
            uscc: profile.uscc.to_string(),
            industry_code: profile.industry_code,
            region_code: profile.region_code,
            founded_on: profile.founded_on.map(|d| d.format("%Y-%m-%d").to_string()),
            employees: profile.employees,
            operating_revenue_fen: Some(revenue_wan * FEN_PER_WAN),
            total_assets_fen: Some(assets_wan * FEN_PER_WAN),
            size_class: size.as_ref().map(|o| o.class.code().to_owned()),
            size_row: size.map(|o| i64::from(o.row)),
        };
        let id = org::insert_enterprise(&mut tx, &write, now).await?;
        enterprise_names.insert(id, name);
        enterprises.push(id);
    }
    s.enterprises = enterprises.len();
    // Each college partners with four to seven enterprises; the first ones are the named partners.
    for (ci, college) in colleges.iter().enumerate() {
        let n = 4 + ci % 4;
        for k in 0..n {
            let e = enterprises[(ci * 7 + k * 3) % enterprises.len()];
            if org::add_partner(&mut tx, *college, e).await.is_err() {
                return Err(AppError::Unexpected("demo partner twice".into()));
            }
        }
    }

    // The demo sign-ins, one per role.
    let targets =
        [uni, uni, colleges[0], colleges[0], enterprises[0], enterprises[0], enterprises[1], gov, institutes[0]];
    let mut trainer = None;
    let mut demo_student = None;
    let mut demo_mentors = (None, None);
    for ((email, role, name), org_id) in DEMO_ACCOUNTS.iter().zip(targets) {
        let id = person(&mut tx, name, Some((*email).to_owned()), &[], Some(&hash), now).await?;
        if *role == Role::UniversityStaff {
            trainer = Some(id);
        }
        if *role == Role::Student {
            demo_student = Some(id);
        }
        if *role == Role::Teacher {
            demo_mentors.0 = Some(id);
        }
        if *role == Role::EnterpriseMember {
            demo_mentors.1 = Some(id);
        }
        people::add_membership(&mut tx, id, org_id, role.code(), now).await?;
        // The demo teacher also runs a lab, as most teachers do: its items' approvals and figures.
        if *role == Role::Teacher {
            people::add_membership(&mut tx, id, labs[0], Role::Teacher.code(), now).await?;
        }
        s.people += 1;
    }
    let expertise_pool = [
        "数控技术",
        "工业机器人",
        "质量管理",
        "PLC",
        "机器视觉",
        "嵌入式系统",
        "材料检测",
        "数字孪生",
        "工业软件",
        "精益生产",
        "新能源电池",
        "化工工艺",
        "大数据分析",
        "供应链管理",
    ];
    let mut n = 0usize;
    let mut next_email = |prefix: &str| {
        n += 1;
        Some(format!("{prefix}{n:04}@people.tandem.demo"))
    };
    let mut pool_teachers = Vec::new();
    let mut experts = Vec::new();
    for i in 0..240 {
        let tags = [*rng.pick(&expertise_pool), *rng.pick(&expertise_pool)];
        let id = person(&mut tx, &person_name(&mut rng), next_email("t"), &tags, None, now).await?;
        pool_teachers.push(id);
        people::add_membership(&mut tx, id, colleges[i % colleges.len()], Role::Teacher.code(), now).await?;
        if i % 2 == 0 {
            people::add_membership(&mut tx, id, labs[(i * 5) % labs.len()], Role::Teacher.code(), now).await?;
        }
        s.people += 1;
    }
    for i in 0..12 {
        let id = person(&mut tx, &person_name(&mut rng), next_email("s"), &[], None, now).await?;
        people::add_membership(
            &mut tx,
            id,
            if i < 4 { uni } else { colleges[i % colleges.len()] },
            Role::UniversityStaff.code(),
            now,
        )
        .await?;
        s.people += 1;
    }
    let mut students = Vec::new();
    for i in 0..600 {
        let id = person(&mut tx, &person_name(&mut rng), next_email("st"), &[], None, now).await?;
        students.push(id);
        people::add_membership(&mut tx, id, colleges[i % colleges.len()], Role::Student.code(), now).await?;
        s.people += 1;
    }
    for i in 0..90 {
        let tags = [*rng.pick(&expertise_pool), *rng.pick(&expertise_pool)];
        let id = person(&mut tx, &format!("{}工", rng.pick(&SURNAMES)), next_email("x"), &tags, None, now).await?;
        let e = enterprises[(i * 11) % enterprises.len()];
        experts.push((id, e));
        people::add_membership(&mut tx, id, e, Role::EnterpriseExpert.code(), now).await?;
        s.people += 1;
    }
    let mut enterprise_users = Vec::new();
    for i in 0..60 {
        let id = person(&mut tx, &person_name(&mut rng), next_email("e"), &[], None, now).await?;
        enterprise_users.push(id);
        people::add_membership(
            &mut tx,
            id,
            enterprises[(i * 5 + 2) % enterprises.len()],
            Role::EnterpriseAdmin.code(),
            now,
        )
        .await?;
        s.people += 1;
    }
    for i in 0..8 {
        let id = person(&mut tx, &person_name(&mut rng), next_email("g"), &[], None, now).await?;
        people::add_membership(&mut tx, id, if i < 5 { gov } else { gov2 }, Role::GovernmentOfficer.code(), now)
            .await?;
        s.people += 1;
    }
    for i in 0..15 {
        let tags = [*rng.pick(&expertise_pool)];
        let id = person(&mut tx, &person_name(&mut rng), next_email("r"), &tags, None, now).await?;
        people::add_membership(&mut tx, id, institutes[i % institutes.len()], Role::ResearchMember.code(), now).await?;
        s.people += 1;
    }
    // Completed bookings over the last months: students at the internal rate, enterprises at theirs.
    let offset = tandem_domain::sharing::LOCAL_OFFSET_SECS;
    let today = (now + offset).div_euclid(86_400) * 86_400 - offset;
    for (k, (item, base, needs_training)) in used.iter().enumerate() {
        for n in 0..(k % 5 + 1) {
            let day = today - ((n * 17 + k % 11 + 2) as i64) * 86_400;
            let (start, hours) = if n % 2 == 0 { (day + 9 * 3600, 2) } else { (day + 14 * 3600, 3) };
            let outside = (k + n) % 3 == 0;
            let (person_id, class, rate) = if outside {
                (enterprise_users[(k + n) % enterprise_users.len()], "enterprise", base * 2)
            } else {
                (students[(k * 7 + n) % students.len()], "internal", *base)
            };
            let write = tandem_store::sharing::BookingWrite {
                equipment_id: *item,
                person_id,
                start_at: start,
                end_at: start + hours * 3600,
                status: "completed".into(),
                purpose: if outside { "企业来样检测" } else { "课程实验" }.into(),
                user_class: class.into(),
                rate_fen_per_hour: rate,
                currency: "CNY".into(),
            };
            let slots: Vec<i64> = (0..hours * 2).map(|h| start + h * 1800).collect();
            tandem_store::sharing::insert_booking(&mut tx, &write, &slots, now).await?;
            // Whoever used an item that needs training was trained on it.
            if let (true, Some(by)) = (*needs_training, trainer) {
                let until = now + 180 * 86_400;
                tandem_store::sharing::grant_authorisation(&mut tx, *item, person_id, until, by, now).await?;
            }
            s.bookings += 1;
        }
    }
    if let (Some(staff), Some(student)) = (trainer, demo_student) {
        s.credentials = demo_micro_degrees(app, &mut tx, staff, student, &students[300..400], &colleges, now).await?;
    }
    demo_flow(&mut tx, &pool_teachers, &experts, &colleges, now).await?;
    // This year's classes first: their ids are the ones the walkthroughs and tests name.
    s.order_classes = demo_classes(&mut tx, &enterprises, &students, demo_mentors, now).await?;
    let hosts: Vec<(i64, i64, String)> = experts[1..3]
        .iter()
        .map(|(expert, enterprise)| {
            let name = enterprise_names.get(enterprise).cloned().unwrap_or_default();
            (*enterprise, *expert, name)
        })
        .collect();
    let hired = match trainer {
        Some(staff) => demo_past_classes(&mut tx, &hosts, &students[430..480], &pool_teachers, staff, now).await?,
        None => HashMap::new(),
    };
    demo_outcomes(&mut tx, &students, &hired, now).await?;
    if let Some(staff) = trainer {
        let demo = match (demo_student, demo_mentors) {
            (Some(student), (Some(teacher), Some(member))) => Some((student, enterprises[0], teacher, member)),
            _ => None,
        };
        s.internships = demo_internships(
            &mut tx,
            &students[200..240],
            &students[400..430],
            &pool_teachers,
            &experts,
            demo,
            staff,
            now,
        )
        .await?;
    }
    s.datasets =
        demo_datasets(app, &mut tx, &labs, &enterprises, &students, &enterprise_users, (trainer, demo_student), now)
            .await?;
    // Diagnoses with a history: a baseline a year ago and a follow-up last month (T0/T1).
    let diagnosed: Vec<i64> =
        std::iter::once(enterprises[0]).chain(enterprises.iter().skip(5).step_by(8).copied()).collect();
    for (n, e) in diagnosed.iter().enumerate() {
        for (round, when) in [(0u32, now - 365 * 86_400), (1, now - 30 * 86_400)] {
            let instrument_id = if n % 3 == 2 { "miit-2022-innovative" } else { "miit-2022-srdi" };
            let answers = demo_answers(&mut rng, instrument_id, round);
            assess(app, &mut tx, *e, instrument_id, &answers, when).await?;
            s.assessments += 1;
        }
    }
    let event = tandem_store::audit::AuditWrite {
        at: now,
        action: "demo.loaded".into(),
        detail: Some(format!(
            "{} colleges, {} centres, {} labs, {} enterprises, {} people",
            s.colleges, s.centres, s.labs, s.enterprises, s.people
        )),
        ..Default::default()
    };
    tandem_store::audit::record_tx(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(s)
}

/// The address demo credentials name (the README's default); verifying them does not use it.
pub const DEMO_BASE_URL: &str = "http://127.0.0.1:8080";

/// The demo's micro-degrees: title, description, offering college (index), assessment,
/// participation, and modules (title, credits, mandatory, taught by).
type DemoModule = (&'static str, &'static str, bool, &'static str);
type DemoMicroDegree = (&'static str, &'static str, usize, &'static str, &'static str, [DemoModule; 4]);
const DEMO_MICRO_DEGREES: [DemoMicroDegree; 4] = [
    (
        "工业机器人应用与集成",
        "面向装备制造企业的工业机器人编程、工作站集成与维护，企业工程师承担实操模块。",
        0,
        "practical",
        "blended",
        [
            ("机器人示教编程", "2", true, "王建国 教授"),
            ("机器人工作站集成", "2", true, "沈阳新松机器人自动化股份有限公司"),
            ("机器视觉应用", "1.5", false, "电气工程教研室"),
            ("设备维护与安全", "1.5", false, "企业导师团队"),
        ],
    ),
    (
        "工业互联网数据分析",
        "采集、治理和分析车间数据，完成一个企业真实数据项目。",
        7,
        "project",
        "online",
        [
            ("工业数据采集", "2", true, "工业互联网学院"),
            ("数据治理与建模", "2", true, "工业互联网学院"),
            ("可视化与报表", "1", false, "企业数据团队"),
            ("企业数据项目", "2", false, "合作企业"),
        ],
    ),
    (
        "智能制造质量管理",
        "质量管理体系、统计过程控制与数字化质量追溯，贴合 GB/T 19001 的企业实践。",
        0,
        "exam",
        "on_site",
        [
            ("质量管理体系", "2", true, "质量工程教研室"),
            ("统计过程控制", "2", true, "质量工程教研室"),
            ("数字化质量追溯", "1.5", false, "合作企业质量部"),
            ("质量改进项目", "1.5", false, "企业导师团队"),
        ],
    ),
    (
        "新能源汽车电池技术",
        "动力电池结构、测试与梯次利用，依托电池测试实验室开展实验。",
        5,
        "mixed",
        "on_site",
        [
            ("动力电池原理", "2", true, "新能源汽车学院"),
            ("电池测试与评价", "2", true, "电池测试实验室"),
            ("电池管理系统", "1.5", false, "合作企业"),
            ("梯次利用与回收", "1", false, "合作企业"),
        ],
    ),
];

/// Micro-degrees with enrolled students of the graduating cohort, results, issued credentials
/// (one revoked), and the demo student part-way through one and holding another. The
/// credentials are signed by the same code as real ones, inside the demo's one transaction.
async fn demo_micro_degrees(
    app: &App,
    tx: &mut Tx,
    staff: i64,
    demo_student: i64,
    cohort: &[i64],
    colleges: &[i64],
    now: i64,
) -> AppResult<usize> {
    use tandem_domain::talent::microdegree::{MicroDegreeInput, ModuleInput, parse_micro_degree, parse_module};
    use tandem_store::talent::microdegrees as md;
    let issuer = || crate::credentials::issuer_named(app, "辽宁理工大学".to_owned(), DEMO_BASE_URL);
    let mut issued = 0;
    let mut degrees = vec![];
    for (n, (title, description, college, assessment, participation, modules)) in DEMO_MICRO_DEGREES.iter().enumerate()
    {
        let input = MicroDegreeInput {
            title: (*title).to_owned(),
            description: (*description).to_owned(),
            learning_outcomes: format!(
                "能够独立完成{title}的核心任务\n能够在企业真实场景中应用所学方法\n能够与企业团队协作并撰写技术报告"
            ),
            workload_hours: "96".into(),
            // Five of the seven credits: both mandatory modules and one elective suffice.
            required_credits: "5".into(),
            level: if n == 0 { "EQF 5".into() } else { String::new() },
            assessment_type: (*assessment).to_owned(),
            participation: (*participation).to_owned(),
            quality_assurance: "学院教学指导委员会审定课程与考核，校企双方共同评价".into(),
            capacity: "40".into(),
        };
        let spec = parse_micro_degree(&input).map_err(|e| AppError::Unexpected(format!("demo micro-degree: {e:?}")))?;
        let outcomes = spec.learning_outcomes.join("\n");
        let write = md::MicroDegreeWrite {
            org_id: colleges[*college],
            title: &spec.title,
            description: &spec.description,
            learning_outcomes: &outcomes,
            workload_hours: spec.workload_hours,
            required_credit_tenths: spec.required_credit_tenths,
            level: spec.level.as_deref(),
            assessment_type: &spec.assessment_type,
            participation: &spec.participation,
            quality_assurance: &spec.quality_assurance,
            capacity: spec.capacity,
        };
        let id = md::insert(tx, &write, staff, now - 120 * 86_400).await?;
        let mut module_ids = vec![];
        for (m_title, credits, mandatory, taught_by) in modules {
            let m = parse_module(&ModuleInput {
                title: (*m_title).to_owned(),
                credits: (*credits).to_owned(),
                mandatory: *mandatory,
                taught_by: (*taught_by).to_owned(),
            })
            .map_err(|e| AppError::Unexpected(format!("demo module: {e:?}")))?;
            module_ids.push(
                md::insert_module(tx, id, &m.title, m.credit_tenths, m.mandatory, m.taught_by.as_deref(), now).await?,
            );
        }
        degrees.push((id, module_ids));
    }
    // Twenty-five of the cohort in each micro-degree: fifteen complete (credentialed), five part-way.
    for (n, (id, modules)) in degrees.iter().enumerate() {
        for (k, student) in cohort.iter().skip(n * 25).take(25).enumerate() {
            let enrolment = md::insert_enrolment(tx, *id, *student, now - 100 * 86_400).await?;
            let passed: &[usize] = match k {
                0..=14 => &[0, 1, 2],
                15..=19 => &[0],
                _ => &[],
            };
            for m in passed {
                let grade = format!("{}", 75 + (k * 7) % 25);
                md::upsert_result(tx, enrolment, modules[*m], true, Some(&grade), staff, now - 10 * 86_400).await?;
            }
            if k == 16 {
                md::upsert_result(tx, enrolment, modules[1], false, Some("52"), staff, now - 10 * 86_400).await?;
            }
            if k < 15 {
                let credential =
                    crate::credentials::issue_in(tx, app, issuer(), staff, *id, enrolment, DEMO_BASE_URL).await?;
                issued += 1;
                if n == 1 && k == 14 {
                    tandem_store::credentials::revoke(tx, &credential, "成绩登记有误，待重新考核", staff, now).await?;
                }
            }
        }
    }
    // The demo student holds the quality-management credential and is part-way through robotics.
    let (quality, quality_modules) = &degrees[2];
    let enrolment = md::insert_enrolment(tx, *quality, demo_student, now - 100 * 86_400).await?;
    for m in &quality_modules[..3] {
        md::upsert_result(tx, enrolment, *m, true, Some("88"), staff, now - 10 * 86_400).await?;
    }
    crate::credentials::issue_in(tx, app, issuer(), staff, *quality, enrolment, DEMO_BASE_URL).await?;
    issued += 1;
    let (robotics, robotics_modules) = &degrees[0];
    let enrolment = md::insert_enrolment(tx, *robotics, demo_student, now - 100 * 86_400).await?;
    md::upsert_result(tx, enrolment, robotics_modules[0], true, Some("91"), staff, now - 10 * 86_400).await?;
    md::set_status(tx, degrees[3].0, "closed", now).await?;
    Ok(issued)
}
