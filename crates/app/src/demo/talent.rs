//! Talent cultivation's demo: order classes this year and last, their curricula and hiring,
//! mentors, internships, the two-way flow, graduate outcomes and micro-degrees with credentials.

use crate::{App, AppError, AppResult};
use std::collections::HashMap;
use tandem_store::Tx;

/// Last year's order classes, which this year's graduates finished: their members, academic and
/// enterprise mentors, and who the enterprise hired at the end (and why not the others). Returns
/// each hired graduate with the name of the enterprise that hired them.
/// The address demo credentials name (the README's default); verifying them does not use it.
/// The address demo credentials carry when the caller names none (tests; `tandem serve` passes
/// the address it is reached at).
pub const DEMO_BASE_URL: &str = "http://127.0.0.1:8080";

pub(super) async fn past_classes(
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
        curriculum(tx, class, true, by, class_end - 290 * 86_400).await?;
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

/// A graduating cohort (2026) of 300 students: destinations for most of them, and employer
/// satisfaction responses from the supervisors of some employed graduates.
pub(super) async fn outcomes(tx: &mut Tx, students: &[i64], hired: &HashMap<i64, String>, now: i64) -> AppResult<()> {
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
pub(super) async fn flow(
    tx: &mut Tx,
    teachers: &[i64],
    experts: &[(i64, i64)],
    colleges: &[i64],
    now: i64,
) -> AppResult<()> {
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
pub(super) async fn internships(
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
pub(super) async fn curriculum(tx: &mut Tx, class_id: i64, all_agreed: bool, by: i64, now: i64) -> AppResult<()> {
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
pub(super) async fn classes(
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
            curriculum(tx, id, false, students[0], now).await?;
        }
        next_student += applicants;
    }
    Ok(CLASSES.len())
}

/// The demo's micro-degrees: title, description, offering college (index), assessment,
/// participation, and modules (title, credits, mandatory, taught by).
pub(super) type DemoModule = (&'static str, &'static str, bool, &'static str);

pub(super) type DemoMicroDegree = (&'static str, &'static str, usize, &'static str, &'static str, [DemoModule; 4]);

pub(super) const DEMO_MICRO_DEGREES: [DemoMicroDegree; 4] = [
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
#[allow(clippy::too_many_arguments)]
pub(super) async fn micro_degrees(
    app: &App,
    tx: &mut Tx,
    staff: i64,
    demo_student: i64,
    cohort: &[i64],
    colleges: &[i64],
    base_url: &str,
    now: i64,
) -> AppResult<usize> {
    use tandem_domain::talent::microdegree::{MicroDegreeInput, ModuleInput, parse_micro_degree, parse_module};
    use tandem_store::talent::microdegrees as md;
    let issuer = || crate::credentials::issuer_named(app, "辽宁理工大学".to_owned(), base_url);
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
                    crate::credentials::issue_in(tx, app, issuer(), staff, *id, enrolment, base_url).await?;
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
    crate::credentials::issue_in(tx, app, issuer(), staff, *quality, enrolment, base_url).await?;
    issued += 1;
    let (robotics, robotics_modules) = &degrees[0];
    let enrolment = md::insert_enrolment(tx, *robotics, demo_student, now - 100 * 86_400).await?;
    md::upsert_result(tx, enrolment, robotics_modules[0], true, Some("91"), staff, now - 10 * 86_400).await?;
    md::set_status(tx, degrees[3].0, "closed", now).await?;
    Ok(issued)
}
