//! Data resources a lab or an enterprise shares: their access levels and owners (who may see,
//! download and manage one is decided in `access`), and which uploaded files are accepted.

use crate::org::OrgKind;
use crate::validation::{FieldErrors, optional_text, required_text};

/// How far a dataset is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessLevel {
    /// Everyone signed in sees it and downloads it.
    Open,
    /// Everyone signed in sees it; downloading needs the owner's approval of a request.
    OnRequest,
    /// Only the owner's own people see it; to anyone else it does not exist.
    Internal,
}

impl AccessLevel {
    pub const ALL: [AccessLevel; 3] = [AccessLevel::Open, AccessLevel::OnRequest, AccessLevel::Internal];

    pub fn code(self) -> &'static str {
        match self {
            AccessLevel::Open => "open",
            AccessLevel::OnRequest => "on_request",
            AccessLevel::Internal => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Who owns a dataset, as far as access is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub org_id: i64,
    pub org_kind: OrgKind,
}

/// The licences offered; `other` asks for the terms in the description.
pub const LICENCES: [&str; 6] = ["cc-by-4.0", "cc-by-nc-4.0", "cc0-1.0", "odbl-1.0", "research-only", "other"];

/// A checked dataset description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetSpec {
    pub title: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub format: String,
    pub licence: String,
    pub level: AccessLevel,
    pub schema: Option<String>,
}

/// Checks what an owner entered; tags are separated by commas (either width) or semicolons.
pub fn parse_dataset(
    title: &str,
    description: &str,
    tags: &str,
    format: &str,
    licence: &str,
    level: &str,
    schema: &str,
) -> Result<DatasetSpec, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = required_text(&mut e, "title", title, 200);
    let description = optional_text(&mut e, "description", description, 8000);
    let format = required_text(&mut e, "format", format, 60);
    let schema = optional_text(&mut e, "schema", schema, 8000);
    let mut list: Vec<String> = Vec::new();
    for tag in tags.split([',', '，', ';', '；']).map(str::trim).filter(|t| !t.is_empty()) {
        if tag.chars().count() > 40 {
            e.add_with("tags", "tags.too_long", &[("max", "40".into())]);
        } else if !list.iter().any(|t| t == tag) {
            list.push(tag.to_owned());
        }
    }
    if list.len() > 12 {
        e.add_with("tags", "tags.too_many", &[("max", "12".into())]);
    }
    if !LICENCES.contains(&licence.trim()) {
        e.add("licence", if licence.trim().is_empty() { "required" } else { "not_a_choice" });
    }
    let parsed_level = AccessLevel::from_code(level.trim());
    if parsed_level.is_none() {
        e.add("access_level", if level.trim().is_empty() { "required" } else { "not_a_choice" });
    }
    match parsed_level {
        Some(level) if e.is_empty() => Ok(DatasetSpec {
            title,
            description,
            tags: list,
            format,
            licence: licence.trim().to_owned(),
            level,
            schema,
        }),
        _ => Err(e),
    }
}

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// File kinds accepted, by extension, with what their first bytes must be.
const KINDS: [(&str, &str, Check); 9] = [
    ("csv", "text/csv; charset=utf-8", Check::Utf8Text),
    ("tsv", "text/tab-separated-values; charset=utf-8", Check::Utf8Text),
    ("txt", "text/plain; charset=utf-8", Check::Utf8Text),
    ("json", "application/json", Check::Utf8Text),
    ("jsonl", "application/jsonl", Check::Utf8Text),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Check::Magic(b"PK\x03\x04")),
    ("zip", "application/zip", Check::Magic(b"PK\x03\x04")),
    ("parquet", "application/vnd.apache.parquet", Check::Magic(b"PAR1")),
    ("pdf", "application/pdf", Check::Magic(b"%PDF-")),
];

#[derive(Debug, Clone, Copy)]
enum Check {
    Utf8Text,
    Magic(&'static [u8]),
}

/// A file that passed the checks: its safe name and the type it is served with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedFile {
    pub name: String,
    pub content_type: &'static str,
    /// The first lines of a text file, for the preview.
    pub sample: Option<String>,
}

/// Checks an upload: a plain name with a known extension, within the size limit, whose
/// content is what the extension claims. Errors are on the field `file`.
pub fn check_file(name: &str, bytes: &[u8]) -> Result<AcceptedFile, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = name.trim();
    // Browsers may send a full path; only the last part is the name.
    let name = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if name.is_empty() || name.starts_with('.') || name.chars().count() > 160 || name.chars().any(char::is_control) {
        e.add("file", "file.bad_name");
        return Err(e);
    }
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    let Some((_, content_type, check)) = KINDS.iter().find(|(ext, _, _)| *ext == extension) else {
        e.add_with("file", "file.kind", &[("kinds", KINDS.map(|k| k.0).join(", "))]);
        return Err(e);
    };
    if bytes.is_empty() {
        e.add("file", "file.empty");
        return Err(e);
    }
    if bytes.len() > MAX_FILE_BYTES {
        e.add_with("file", "file.too_large", &[("max_mb", (MAX_FILE_BYTES / 1024 / 1024).to_string())]);
        return Err(e);
    }
    let sample = match check {
        Check::Utf8Text => match std::str::from_utf8(bytes) {
            Ok(text) if !text.contains('\0') => Some(text.lines().take(8).collect::<Vec<_>>().join("\n")),
            _ => {
                e.add("file", "file.not_text");
                return Err(e);
            }
        },
        Check::Magic(magic) if bytes.starts_with(magic) => None,
        Check::Magic(_) => {
            e.add_with("file", "file.content_mismatch", &[("kind", extension.clone())]);
            return Err(e);
        }
    };
    let sample = sample.map(|s| s.chars().take(2000).collect());
    Ok(AcceptedFile { name: name.to_owned(), content_type, sample })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Action, Actor, Grant, Role};

    fn visible(a: &Actor, owner: Owner, level: AccessLevel) -> bool {
        a.may(Action::ViewDataset { owner, level })
    }

    fn may_download(a: &Actor, owner: Owner, level: AccessLevel, approved: bool) -> bool {
        a.may(Action::DownloadDataset { owner, level, approved })
    }

    fn manages(a: &Actor, owner: Owner) -> bool {
        a.may(Action::ManageDataset { owner })
    }

    fn actor(grants: &[(Role, i64, OrgKind)]) -> Actor {
        Actor {
            person_id: 1,
            grants: grants
                .iter()
                .map(|(role, org_id, org_kind)| Grant { org_id: *org_id, org_kind: *org_kind, role: *role })
                .collect(),
        }
    }

    const LAB: Owner = Owner { org_id: 10, org_kind: OrgKind::Lab };
    const FIRM: Owner = Owner { org_id: 20, org_kind: OrgKind::Enterprise };

    #[test]
    fn an_internal_dataset_exists_only_for_its_owners_people() {
        let other_firm = actor(&[(Role::EnterpriseAdmin, 21, OrgKind::Enterprise)]);
        let own_member = actor(&[(Role::EnterpriseMember, 20, OrgKind::Enterprise)]);
        let staff = actor(&[(Role::UniversityStaff, 1, OrgKind::University)]);
        assert!(!visible(&other_firm, FIRM, AccessLevel::Internal));
        assert!(visible(&own_member, FIRM, AccessLevel::Internal));
        assert!(!visible(&staff, FIRM, AccessLevel::Internal), "university staff do not see inside enterprises");
        assert!(visible(&staff, LAB, AccessLevel::Internal));
        assert!(visible(&other_firm, FIRM, AccessLevel::OnRequest));
    }

    #[test]
    fn on_request_downloads_need_approval_unless_you_are_inside() {
        let student = actor(&[(Role::Student, 11, OrgKind::Lab)]);
        assert!(!may_download(&student, LAB, AccessLevel::OnRequest, false));
        assert!(may_download(&student, LAB, AccessLevel::OnRequest, true));
        assert!(may_download(&student, LAB, AccessLevel::Open, false));
        let lab_student = actor(&[(Role::Student, 10, OrgKind::Lab)]);
        assert!(may_download(&lab_student, LAB, AccessLevel::OnRequest, false));
        assert!(!manages(&lab_student, LAB));
        assert!(manages(&actor(&[(Role::Teacher, 10, OrgKind::Lab)]), LAB));
        assert!(!manages(&actor(&[(Role::EnterpriseMember, 20, OrgKind::Enterprise)]), FIRM));
        assert!(manages(&actor(&[(Role::EnterpriseAdmin, 20, OrgKind::Enterprise)]), FIRM));
    }

    #[test]
    fn files_are_checked_by_name_size_and_content() {
        let ok = check_file("C:\\data\\welds.csv", b"id,current\n1,180\n").expect("csv");
        assert_eq!(ok.name, "welds.csv");
        assert_eq!(ok.sample.as_deref(), Some("id,current\n1,180"));
        let code = |r: Result<AcceptedFile, FieldErrors>| r.expect_err("refused").0[0].code.clone();
        assert_eq!(code(check_file("run.exe", b"MZ")), "file.kind");
        assert_eq!(code(check_file("table.xlsx", b"not a zip")), "file.content_mismatch");
        assert_eq!(code(check_file("notes.txt", &[0xff, 0xfe, 0x00])), "file.not_text");
        assert_eq!(code(check_file(".env", b"x")), "file.bad_name");
        assert_eq!(code(check_file("empty.csv", b"")), "file.empty");
        assert_eq!(code(check_file("big.csv", &vec![b'a'; MAX_FILE_BYTES + 1])), "file.too_large");
        assert!(check_file("scan.pdf", b"%PDF-1.7 ...").is_ok());
    }

    #[test]
    fn dataset_fields_are_checked_together() {
        let e = parse_dataset("", "", "a,b", "CSV", "mit", "secret", "").expect_err("invalid");
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["title", "licence", "access_level"]);
        let ok =
            parse_dataset("焊接参数", "", "焊接，质量; 焊接", "CSV", "cc-by-4.0", "on_request", "").expect("valid");
        assert_eq!(ok.tags, ["焊接", "质量"]);
    }
}
