//! Open sharing's demo: an instrument in every lab with rates and a history of use, and
//! datasets with files, requests and downloads.

use crate::{App, AppError, AppResult};
use tandem_domain::id::EquipmentId;
use tandem_store::Tx;

/// Topics of demo datasets: title, tags, format, CSV header, and how each row's numbers grow.
pub(super) const DATASET_TOPICS: [(&str, &str, &str, &str); 8] = [
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

pub(super) fn csv(header: &str, seed: usize) -> String {
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
pub(super) async fn datasets(
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
        let body = csv(header, i);
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

/// One shareable instrument in every lab, with varied policies and rates by user class; every
/// other one gets a history of completed use for the sharing figures. Returns those as
/// `(item, internal rate, needs training)`.
pub(super) async fn equipment(tx: &mut Tx, labs: &[i64], now: i64) -> AppResult<Vec<(EquipmentId, i64, bool)>> {
    let mut used: Vec<(EquipmentId, i64, bool)> = Vec::new();
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
        let id = tandem_store::sharing::insert_equipment(tx, &w, now).await?;
        if i % 12 == 5 {
            // A day closed for calibration, four days out, so the week grid shows a blackout.
            let offset = tandem_domain::sharing::LOCAL_OFFSET_SECS;
            let day = (now + offset).div_euclid(86_400) * 86_400 - offset + 4 * 86_400;
            tandem_store::sharing::insert_blackout(tx, id, day, day + 86_400, "年度计量校准", None, now).await?;
        }
        let base = 5_000 + (i as i64 % 16) * 1_000;
        for (class, fen) in [("internal", base), ("external_academic", base * 3 / 2), ("enterprise", base * 2)] {
            tandem_store::sharing::set_rate(tx, id, class, fen, "CNY").await?;
        }
        if i % 50 != 49 && i % 2 == 0 {
            used.push((id, base, auth));
        }
    }
    Ok(used)
}

/// Completed bookings over the last months: students at the internal rate, enterprises at
/// theirs; whoever used an item that needs training was trained on it by `trainer`.
pub(super) async fn bookings(
    tx: &mut Tx,
    used: &[(EquipmentId, i64, bool)],
    enterprise_users: &[i64],
    students: &[i64],
    trainer: Option<i64>,
    now: i64,
) -> AppResult<usize> {
    let mut count = 0;
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
            tandem_store::sharing::insert_booking(tx, &write, &slots, now).await?;
            // Whoever used an item that needs training was trained on it.
            if let (true, Some(by)) = (*needs_training, trainer) {
                let until = now + 180 * 86_400;
                tandem_store::sharing::grant_authorisation(tx, *item, person_id, until, by, now).await?;
            }
            count += 1;
        }
    }
    Ok(count)
}

/// Requests waiting in the demo teacher's lab: five people asked for its first item over the
/// coming days, so the teacher's home and approval queue have work in them, and the teacher has
/// been told of each (an in-app notice; an e-mail too when the server sends e-mail).
pub(super) async fn waiting_requests(
    app: &App,
    tx: &mut Tx,
    item: EquipmentId,
    lab_id: i64,
    bookers: &[i64],
    trainer: i64,
    now: i64,
) -> AppResult<usize> {
    use tandem_domain::access::{Action, Role};
    use tandem_domain::notifications::Notice;
    let offset = tandem_domain::sharing::LOCAL_OFFSET_SECS;
    let today = (now + offset).div_euclid(86_400) * 86_400 - offset;
    let item_row = tandem_store::sharing::lock_equipment(tx, item).await?.ok_or(AppError::NotFound)?;
    let mut count = 0;
    for (n, person_id) in bookers.iter().take(5).enumerate() {
        let day = today + (n as i64 + 2) * 86_400;
        let start = day + if n % 2 == 0 { 9 } else { 14 } * 3600;
        let end = start + 2 * 3600;
        tandem_store::sharing::grant_authorisation(tx, item, *person_id, now + 180 * 86_400, trainer, now).await?;
        let write = tandem_store::sharing::BookingWrite {
            equipment_id: item,
            person_id: *person_id,
            start_at: start,
            end_at: end,
            status: "requested".into(),
            purpose: [
                "毕业设计样品形貌观察",
                "课程实验：断口分析",
                "科研项目：薄膜表面表征",
                "竞赛作品检测",
                "企业合作项目测试",
            ][n % 5]
                .into(),
            user_class: "internal".into(),
            rate_fen_per_hour: 5_000,
            currency: "CNY".into(),
        };
        let slots: Vec<i64> = (0..4).map(|h| start + h * 1800).collect();
        let booking_id = tandem_store::sharing::insert_booking(tx, &write, &slots, now).await?;
        let booker = tandem_store::people::get_person_tx(tx, *person_id).await?.map(|p| p.name).unwrap_or_default();
        let notice =
            Notice::BookingRequested { booking_id, item: item_row.name.clone(), booker, start, end, occurrences: 1 };
        crate::notifications::notify_members(
            tx,
            app,
            lab_id,
            &[Role::Teacher],
            &notice,
            Action::ManageEquipment { lab_id },
        )
        .await?;
        count += 1;
    }
    Ok(count)
}
