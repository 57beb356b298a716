//! What every area's demo data is made with: a deterministic generator, names, and the rows
//! for organisations and people.

use crate::AppResult;
use tandem_store::Tx;
use tandem_store::org::{self, OrgWrite};
use tandem_store::people::{self, PersonWrite};

pub(super) const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗", "梁", "宋", "郑", "谢",
];

pub(super) const GIVEN: [&str; 30] = [
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "华", "平", "刚",
    "桂英", "志强", "晓东", "海燕", "建华", "丽娟", "文博", "子涵", "浩然", "思雨", "梓轩",
];

pub(super) const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// SplitMix64: a small deterministic generator, so the demo is the same on every machine.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }

    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + i64::try_from(self.next() % u64::try_from(hi - lo + 1).unwrap_or(1)).unwrap_or(0)
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub(super) fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN))
}

pub(super) async fn unit(
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

pub(super) async fn person(
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
