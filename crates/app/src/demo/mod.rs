//! Deterministic demo data at the scale the university reports: 19 modern industrial colleges
//! with partner enterprises, 24 practical teaching centres, 302 laboratories, a few hundred SMEs
//! with valid USCCs, teachers, students, experts, government offices and research institutes,
//! and one sign-in per role (password `tandem-demo`).

mod common;
mod diagnosis;
mod policies;
mod research;
mod sharing;
mod talent;

use crate::{App, AppError, AppResult};
use common::{Rng, SURNAMES, USCC_CHARS, person, person_name, unit};
use std::collections::HashMap;
pub use talent::DEMO_BASE_URL;
use tandem_domain::access::Role;
use tandem_domain::money::{FEN_PER_WAN, format_fen_as_wan};
use tandem_domain::org::{EnterpriseInput, Uscc};
use tandem_store::Page;
use tandem_store::org::{self};
use tandem_store::people::{self};

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

/// What the joint research demo wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ResearchWritten {
    pub proposals: usize,
    pub achievements: usize,
    pub deals: usize,
    pub contracts: usize,
    pub profiles: usize,
}

/// How much demo data was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub assessments: usize,
    pub propositions: usize,
    /// Proposals, results, deals, technology contracts and expertise profiles.
    pub research: ResearchWritten,
    pub policies: usize,
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

/// Whether the demo sign-ins exist (the sign-in page then lists them).
pub async fn accounts_present(app: &App) -> AppResult<bool> {
    Ok(people::person_by_email(&app.db, DEMO_ACCOUNTS[0].0).await?.is_some())
}

/// Whether the database holds no organisations yet.
pub async fn is_empty(app: &App) -> AppResult<bool> {
    let (_, total) = org::list_orgs(&app.db, &Default::default(), Page::new(1, 1)).await?;
    Ok(total == 0)
}

/// Loads the demo into an empty database, in one transaction; its credentials carry
/// [`DEMO_BASE_URL`].
pub async fn load(app: &App) -> AppResult<DemoSummary> {
    load_at(app, DEMO_BASE_URL).await
}

/// Loads the demo; its signed credentials carry `base_url` (the address people reach this
/// server at), so their own address and status list resolve where they are shown.
pub async fn load_at(app: &App, base_url: &str) -> AppResult<DemoSummary> {
    let base_url = base_url.trim_end_matches('/');
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

    let used = sharing::equipment(&mut tx, &labs, now).await?;
    s.equipment = labs.len();

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
            // Innovation figures follow the index, not the generator, so the rest of the demo
            // stays as it was; every sixth enterprise has not given them (policies say unknown).
            rd_expense_wan: if i % 6 == 5 {
                String::new()
            } else {
                format_fen_as_wan(revenue_wan * FEN_PER_WAN * [15, 25, 35, 45, 60][i % 5] / 1000)
            },
            rd_staff: if i % 6 == 5 {
                String::new()
            } else {
                (employees * [5, 8, 12, 15, 20][i % 5] / 100).to_string()
            },
            invention_patents: if i % 6 == 5 { String::new() } else { (i % 4).to_string() },
            class2_ip_items: if i % 6 == 5 { String::new() } else { (i % 9).to_string() },
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
            rd_expense_fen: profile.rd_expense_fen,
            rd_staff: profile.rd_staff,
            invention_patents: profile.invention_patents,
            class2_ip_items: profile.class2_ip_items,
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
    let mut demo_enterprise_admin = None;
    let mut demo_student = None;
    let mut demo_mentors = (None, None);
    let mut demo_researcher = None;
    for ((email, role, name), org_id) in DEMO_ACCOUNTS.iter().zip(targets) {
        let id = person(&mut tx, name, Some((*email).to_owned()), &[], Some(&hash), now).await?;
        if *role == Role::UniversityStaff {
            trainer = Some(id);
        }
        if *role == Role::Student {
            demo_student = Some(id);
        }
        if *role == Role::EnterpriseAdmin {
            demo_enterprise_admin = Some(id);
        }
        if *role == Role::Teacher {
            demo_mentors.0 = Some(id);
        }
        if *role == Role::EnterpriseMember {
            demo_mentors.1 = Some(id);
        }
        if *role == Role::ResearchMember {
            demo_researcher = Some(id);
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
    let mut teacher_tags = Vec::new();
    let mut experts = Vec::new();
    let mut expert_tags = Vec::new();
    for i in 0..240 {
        let tags = [*rng.pick(&expertise_pool), *rng.pick(&expertise_pool)];
        let id = person(&mut tx, &person_name(&mut rng), next_email("t"), &tags, None, now).await?;
        pool_teachers.push(id);
        teacher_tags.push((id, tags));
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
        expert_tags.push((id, tags));
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
    let demo_researcher = demo_researcher.map(|id| (id, institutes[0]));
    for i in 0..15 {
        let tags = [*rng.pick(&expertise_pool)];
        let id = person(&mut tx, &person_name(&mut rng), next_email("r"), &tags, None, now).await?;
        people::add_membership(&mut tx, id, institutes[i % institutes.len()], Role::ResearchMember.code(), now).await?;
        s.people += 1;
    }
    s.bookings = sharing::bookings(&mut tx, &used, &enterprise_users, &students, trainer, now).await?;
    if let (Some(staff), Some(student), Some((first_item, _, _))) = (trainer, demo_student, used.first()) {
        let bookers: Vec<i64> = std::iter::once(student).chain(students[10..14].iter().copied()).collect();
        s.bookings += sharing::waiting_requests(app, &mut tx, *first_item, labs[0], &bookers, staff, now).await?;
    }
    if let (Some(staff), Some(student)) = (trainer, demo_student) {
        s.credentials =
            talent::micro_degrees(app, &mut tx, staff, student, &students[300..400], &colleges, base_url, now).await?;
    }
    talent::flow(&mut tx, &pool_teachers, &experts, &colleges, now).await?;
    // This year's classes first: their ids are the ones the walkthroughs and tests name.
    s.order_classes = talent::classes(&mut tx, &enterprises, &students, demo_mentors, now).await?;
    let hosts: Vec<(i64, i64, String)> = experts[1..3]
        .iter()
        .map(|(expert, enterprise)| {
            let name = enterprise_names.get(enterprise).cloned().unwrap_or_default();
            (*enterprise, *expert, name)
        })
        .collect();
    let hired = match trainer {
        Some(staff) => talent::past_classes(&mut tx, &hosts, &students[430..480], &pool_teachers, staff, now).await?,
        None => HashMap::new(),
    };
    talent::outcomes(&mut tx, &students, &hired, now).await?;
    if let Some(staff) = trainer {
        let demo = match (demo_student, demo_mentors) {
            (Some(student), (Some(teacher), Some(member))) => Some((student, enterprises[0], teacher, member)),
            _ => None,
        };
        s.internships = talent::internships(
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
    s.datasets = sharing::datasets(
        app,
        &mut tx,
        &labs,
        &enterprises,
        &students,
        &enterprise_users,
        (trainer, demo_student),
        now,
    )
    .await?;
    if let (Some(staff), Some(admin)) = (trainer, demo_enterprise_admin) {
        let mut authors = vec![(admin, enterprises[0])];
        authors.extend(
            enterprise_users.iter().enumerate().map(|(i, id)| (*id, enterprises[(i * 5 + 2) % enterprises.len()])),
        );
        let ids = research::propositions(&mut tx, &authors, staff, now).await?;
        s.propositions = ids.len();
        if let (Some(teacher), Some(admin)) = (demo_mentors.0, demo_enterprise_admin) {
            let cast = research::Cast {
                staff,
                teacher: (teacher, colleges[0]),
                researcher: demo_researcher,
                teachers: &teacher_tags,
                experts: &expert_tags,
                colleges: &colleges,
                labs: &labs,
                enterprise: (admin, enterprises[0]),
                enterprises: &enterprises,
            };
            let (proposals, project_contracts) = research::proposals(&mut tx, &ids, &cast, now).await?;
            let results = research::achievements(&mut tx, &cast, now).await?;
            let (deals, deal_contracts) = research::deals(&mut tx, &results, &cast, now).await?;
            s.research = ResearchWritten {
                proposals,
                achievements: results.len(),
                deals,
                contracts: project_contracts + deal_contracts,
                profiles: research::profiles(&mut tx, &cast, now).await?,
            };
        }
    }
    // Diagnoses with a history: a baseline a year ago and a follow-up last month (T0/T1).
    let diagnosed: Vec<i64> =
        std::iter::once(enterprises[0]).chain(enterprises.iter().skip(5).step_by(8).copied()).collect();
    for (n, e) in diagnosed.iter().enumerate() {
        for (round, when) in [(0u32, now - 365 * 86_400), (1, now - 30 * 86_400)] {
            let instrument_id = if n % 3 == 2 { "miit-2022-innovative" } else { "miit-2022-srdi" };
            let answers = diagnosis::answers(&mut rng, instrument_id, round);
            diagnosis::assess(app, &mut tx, *e, instrument_id, &answers, when).await?;
            s.assessments += 1;
        }
    }
    s.policies = policies::write(app, &mut tx, None, now).await?;
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
    app.db.refresh_statistics().await?;
    Ok(s)
}
