//! The home page per role: the to-do list, and the equipment-use trend of what each role watches.

use crate::support::{Auth, TestApp};

#[tokio::test]
async fn each_role_watches_its_own_equipment_use_over_six_months() {
    for t in TestApp::all().await {
        for (email, heading) in [
            ("staff@tandem.demo", "全平台设备使用"),
            ("gov@tandem.demo", "全平台设备使用"),
            ("teacher@tandem.demo", "我管理的实验室设备使用"),
            ("enterprise@tandem.demo", "我的设备使用"),
        ] {
            let cookie = t.sign_in(email).await;
            let home = t.get("/", Auth::Cookie(&cookie)).await;
            let title = home.texts("#trend-title").join("");
            assert!(title.starts_with(heading), "{email} on {}: {title}", t.backend);
            assert_eq!(home.texts("#use-trend svg.column-chart rect").len(), 6, "{email}: six months");
            let labels = home.texts("#use-trend svg text:not(.figure)");
            assert_eq!(labels.last().map(String::as_str), Some("11月"), "{email}: the current month last: {labels:?}");
        }
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
    }
}
