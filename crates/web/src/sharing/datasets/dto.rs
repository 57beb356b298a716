//! The shapes of the datasets API. A dataset is written in the shape it is read: the fields
//! marked read-only are accepted back and ignored.

use crate::http::format::rfc3339;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use tandem_app::sharing::datasets::{AccessRequest, DataFile, Dataset, DatasetInput, DatasetView, Download};
use utoipa::ToSchema;

/// The lab or enterprise that shares a dataset.
#[derive(Debug, Serialize, ToSchema)]
pub struct Owner {
    pub id: i64,
    pub name: String,
    /// `lab` or `enterprise`.
    pub kind: String,
}

/// A dataset as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DatasetSummary {
    #[schema(read_only)]
    pub id: i64,
    #[schema(read_only)]
    pub owner: Owner,
    pub title: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub format: String,
    pub licence: String,
    /// `open`, `on_request` or `internal`.
    pub access_level: String,
    /// What the data looks like: columns and their meaning.
    pub schema: Option<String>,
    #[schema(read_only)]
    pub file_count: i64,
    #[schema(read_only)]
    pub size_bytes: i64,
    #[schema(read_only)]
    pub updated_at: String,
}

impl From<&Dataset> for DatasetSummary {
    fn from(d: &Dataset) -> Self {
        Self {
            id: d.id,
            owner: Owner { id: d.owner_org_id, name: d.owner_name.clone(), kind: d.owner_kind.clone() },
            title: d.title.clone(),
            description: d.description.clone(),
            tags: d.tags.split('\n').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            format: d.format.clone(),
            licence: d.licence.clone(),
            access_level: d.access_level.clone(),
            schema: d.schema_preview.clone(),
            file_count: d.file_count,
            size_bytes: d.total_bytes,
            updated_at: rfc3339(d.updated_at),
        }
    }
}

/// A file of a dataset.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileBody {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// The first lines of a text file, for a preview.
    pub sample: Option<String>,
    pub uploaded_at: String,
    /// Where to download it (logged).
    pub download: String,
}

impl From<&DataFile> for FileBody {
    fn from(f: &DataFile) -> Self {
        Self {
            id: f.id,
            name: f.name.clone(),
            content_type: f.content_type.clone(),
            size_bytes: f.size_bytes,
            sha256: f.sha256.clone(),
            sample: f.sample.clone(),
            uploaded_at: rfc3339(f.uploaded_at),
            download: format!("/api/v1/datasets/{}/files/{}", f.dataset_id, f.id),
        }
    }
}

/// A request for access to an on-request dataset.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestBody {
    pub id: i64,
    pub dataset_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub purpose: String,
    /// `pending`, `approved` or `refused`.
    pub status: String,
    pub decision_note: Option<String>,
    pub decided_at: Option<String>,
    pub created_at: String,
}

impl From<&AccessRequest> for RequestBody {
    fn from(r: &AccessRequest) -> Self {
        Self {
            id: r.id,
            dataset_id: r.dataset_id,
            person_id: r.person_id,
            person_name: r.person_name.clone(),
            purpose: r.purpose.clone(),
            status: r.status.clone(),
            decision_note: r.decision_note.clone(),
            decided_at: r.decided_at.map(rfc3339),
            created_at: rfc3339(r.created_at),
        }
    }
}

/// One dataset with its files, whether the reader may download them and manages it, and the
/// reader's own requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct DatasetBody {
    #[serde(flatten)]
    pub dataset: DatasetSummary,
    pub files: Vec<FileBody>,
    pub may_download: bool,
    pub manages: bool,
    pub my_requests: Vec<RequestBody>,
}

impl From<&DatasetView> for DatasetBody {
    fn from(v: &DatasetView) -> Self {
        Self {
            dataset: DatasetSummary::from(&v.dataset),
            files: v.files.iter().map(FileBody::from).collect(),
            may_download: v.may_download,
            manages: v.manages,
            my_requests: v.my_requests.iter().map(RequestBody::from).collect(),
        }
    }
}

/// Tags as a list, or as one text separated by commas.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Tags {
    List(Vec<String>),
    Text(String),
}

/// A dataset as written, for a lab or enterprise the caller manages (`owner_id`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetWrite {
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Option<Tags>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub access_level: Option<String>,
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(default, rename = "id")]
    #[schema(value_type = Option<i64>, read_only)]
    _id: Option<IgnoredAny>,
    #[serde(default, rename = "owner")]
    #[schema(value_type = Option<Object>, read_only)]
    _owner: Option<IgnoredAny>,
    #[serde(default, rename = "file_count")]
    #[schema(value_type = Option<i64>, read_only)]
    _file_count: Option<IgnoredAny>,
    #[serde(default, rename = "size_bytes")]
    #[schema(value_type = Option<i64>, read_only)]
    _size_bytes: Option<IgnoredAny>,
    #[serde(default, rename = "updated_at")]
    #[schema(value_type = Option<String>, read_only)]
    _updated_at: Option<IgnoredAny>,
}

impl DatasetWrite {
    pub fn input(self) -> (Option<i64>, DatasetInput) {
        let tags = match self.tags {
            Some(Tags::List(items)) => items.join(","),
            Some(Tags::Text(text)) => text,
            None => String::new(),
        };
        let input = DatasetInput {
            title: self.title.unwrap_or_default(),
            description: self.description.unwrap_or_default(),
            format: self.format.unwrap_or_default(),
            licence: self.licence.unwrap_or_default(),
            access_level: self.access_level.unwrap_or_default(),
            schema: self.schema.unwrap_or_default(),
            tags,
        };
        (self.owner_id, input)
    }
}

/// Why the caller asks for access.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessRequestWrite {
    #[serde(default)]
    pub purpose: String,
}

/// An owner's decision, with an optional note for the person who asked.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Requests {
    pub items: Vec<RequestBody>,
}

/// One download: who fetched which file when.
#[derive(Debug, Serialize, ToSchema)]
pub struct DownloadBody {
    pub file: String,
    pub person_id: i64,
    pub person_name: String,
    pub at: String,
}

impl From<&Download> for DownloadBody {
    fn from(d: &Download) -> Self {
        Self {
            file: d.file_name.clone(),
            person_id: d.person_id,
            person_name: d.person_name.clone(),
            at: rfc3339(d.downloaded_at),
        }
    }
}

/// The latest downloads and how many there were in all.
#[derive(Debug, Serialize, ToSchema)]
pub struct Downloads {
    pub items: Vec<DownloadBody>,
    pub total: i64,
}
