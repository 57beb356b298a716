//! The home page per role: the to-do list, and the equipment-use trend of what each role watches.

use crate::support::{Auth, TestApp};

#[tokio::test]
async fn each_role_watches_its_own_equipment_use_over_six_months() {
    for t in TestApp::all().await {
        for (email, heading) in [
            ("staff@tandem.demo", "全平台设备使用"),
            ("gov@tandem.demo", "全平台设备使用"),
            ("teacher@tandem.demo", "我管理的实验室设备使用"),
        ] {
            let cookie = t.sign_in(email).await;
            let home = t.get("/", Auth::Cookie(&cookie)).await;
            let title = home.texts("#trend-title").join("");
            assert!(title.starts_with(heading), "{email} on {}: {title}", t.backend);
            assert!(!home.has("#use-none"), "{email} has use to show");
            assert_eq!(home.texts("#use-trend svg.column-chart rect").len(), 6, "{email}: six months");
            let labels = home.texts("#use-trend svg text:not(.figure)");
            assert_eq!(labels.last().map(String::as_str), Some("11月"), "{email}: the current month last: {labels:?}");
        }
        // An enterprise's administrator watches its people's use; a member their own.
        let enterprise = t.sign_in("enterprise@tandem.demo").await;
        let home = t.get("/", Auth::Cookie(&enterprise)).await;
        assert!(home.texts("#trend-title").join("").starts_with("本企业人员的设备使用"));
        // Someone with no use in six months reads a sentence, not six empty columns.
        let member = t.sign_in("member@tandem.demo").await;
        let home = t.get("/", Auth::Cookie(&member)).await;
        assert!(home.texts("#trend-title").join("").starts_with("我的设备使用"));
        assert!(home.has("#use-none") && !home.has("#use-trend svg"), "no chart of nothing");
        // The platform's figures are a sum of every lab's; a lab's teacher sees less than staff.
        let total = |body: &str| -> f64 {
            let doc = scraper::Html::parse_document(body);
            let sel = scraper::Selector::parse("#use-trend svg text.figure").unwrap();
            doc.select(&sel).map(|e| e.text().collect::<String>().parse::<f64>().unwrap()).sum()
        };
        let staff = t.sign_in("staff@tandem.demo").await;
        let teacher = t.sign_in("teacher@tandem.demo").await;
        let all = total(&t.get("/", Auth::Cookie(&staff)).await.body);
        let lab = total(&t.get("/", Auth::Cookie(&teacher)).await.body);
        assert!(all > 0.0 && lab < all, "platform {all} h, one lab {lab} h");
        // The teacher belongs to a college too: its labs' use sits beside their own labs'.
        let home = t.get("/", Auth::Cookie(&teacher)).await;
        assert!(home.texts("#trend-title-college").join("").starts_with("本学院实验室设备使用"), "{}", t.backend);
        assert!(!home.has("#use-trend-platform"), "a teacher does not see the platform's");
        let staff_home = t.get("/", Auth::Cookie(&staff)).await;
        assert!(!staff_home.has("#use-trend-college"), "staff watch the platform, not one college");
    }
}

#[tokio::test]
async fn the_language_of_the_sign_in_page_is_kept_after_signing_in() {
    for t in TestApp::all().await {
        // The sign-in form read in English: the home comes in English, and stays so next time.
        let pairs = [("email", "teacher@tandem.demo"), ("password", "tandem-demo"), ("next", "/"), ("lang", "en")];
        let r = t.form("/signin", Auth::None, &pairs).await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER);
        let cookie = crate::support::session_cookie(&r.headers).unwrap();
        let home = t.get("/", Auth::Cookie(&cookie)).await;
        assert!(home.has("html[lang='en']"), "English after an English sign-in page");
        let again = t.sign_in("teacher@tandem.demo").await;
        assert!(t.get("/", Auth::Cookie(&again)).await.has("html[lang='en']"), "kept on the account");
        // An unknown language changes nothing.
        let pairs = [("email", "teacher@tandem.demo"), ("password", "tandem-demo"), ("next", "/"), ("lang", "fr")];
        let r = t.form("/signin", Auth::None, &pairs).await;
        let cookie = crate::support::session_cookie(&r.headers).unwrap();
        assert!(t.get("/", Auth::Cookie(&cookie)).await.has("html[lang='en']"));
        // The week on an item page names its days in the page's language.
        let page = t.get("/equipment/3", Auth::Cookie(&cookie)).await;
        let days = page.texts("#week thead th");
        assert!(days.iter().any(|d| d.contains("Mon") || d.contains("Tue")), "{days:?}");
        assert!(!days.iter().any(|d| d.contains('周')), "{days:?}");
    }
}

#[tokio::test]
async fn each_role_sees_the_figures_it_watches_and_nothing_it_may_not_open() {
    for t in TestApp::all().await {
        // Government officers and staff: enterprises by district and by industry, counts only.
        for email in ["gov@tandem.demo", "staff@tandem.demo"] {
            let cookie = t.sign_in(email).await;
            let home = t.get("/", Auth::Cookie(&cookie)).await;
            for id in ["#enterprises-by-region", "#enterprises-by-section"] {
                assert!(home.has(&format!("{id} svg.bar-chart")), "{email} on {}: {id}", t.backend);
                let counts: i64 =
                    home.texts(&format!("{id} .chart-table td")).iter().map(|n| n.parse::<i64>().unwrap()).sum();
                assert!(counts > 0, "{email}: {id} counts enterprises");
                assert!(home.texts(&format!("{id} .chart-table tr")).len() <= 8, "{id}: at most eight rows");
            }
            let regions = home.texts("#enterprises-by-region .chart-table th").join(" ");
            assert!(regions.contains("区") || regions.contains("市"), "districts by name: {regions}");
            let sections = home.texts("#enterprises-by-section .chart-table th").join(" ");
            assert!(sections.contains("C 制造业"), "sections by code and name: {sections}");
        }
        // A student: bookings, classes, mentors and credits of their own, each leading to its page.
        let student = t.sign_in("student@tandem.demo").await;
        let home = t.get("/", Auth::Cookie(&student)).await;
        assert!(!home.has("#enterprises-by-region"), "a student sees no regional breakdown");
        let labels = home.texts(".own-figures .figure-label");
        assert_eq!(labels, ["待使用的预约", "所在订单班", "当前导师", "已获微专业学分"]);
        let credits = home.texts(".own-figures li:last-child .figure-number").join("");
        assert!(credits.parse::<f64>().unwrap() > 0.0, "the demo student has passed modules: {credits}");
        assert!(home.has(".own-figures a[href='/mentoring']"));
        // An enterprise's administrator: that enterprise's figures, not another's.
        let enterprise = t.sign_in("enterprise@tandem.demo").await;
        let home = t.get("/", Auth::Cookie(&enterprise)).await;
        assert!(!home.has("#enterprises-by-region"), "an enterprise sees no other enterprise's region");
        let headings = home.texts(".own-figures h2");
        assert_eq!(headings.len(), 1, "one enterprise: {headings:?}");
        let diagnoses = home.texts(".own-figures a[href$='#assessments'] .figure-number").join("");
        assert!(diagnoses.parse::<i64>().unwrap() >= 1, "the demo enterprise has a submitted diagnosis");
    }
}
