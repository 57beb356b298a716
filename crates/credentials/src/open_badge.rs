//! Building Open Badges 3.0 `OpenBadgeCredential`s from plain Rust values.
//!
//! One shape serves every award Tandem issues — micro-credentials, certificates of completed
//! enterprise training, equipment authorisations (`achievement_type` `"License"`) — so there is
//! one place that knows the Open Badges vocabulary. The output uses only terms the bundled
//! contexts define: VC 2.0, OB 3.0.3, and one inline context for the EU micro-credential
//! elements (Council Recommendation 2022/C 243/02, Annex I) that Open Badges has no terms for.
//! Expansion refuses undefined terms, so a typo here fails in the tests, not in a wallet.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use crate::contexts::{CREDENTIALS_V2_URL, OPEN_BADGES_V3_URL};
use crate::error::CredentialError;
use crate::keys::IssuerKey;
use crate::proof;

/// Namespace of Tandem's extension terms. A URN, because these terms are defined by this code
/// rather than published at a URL; it must never change once credentials are issued with it.
pub const TANDEM_TERMS_NAMESPACE: &str = "urn:tandem:terms:";

/// Terms of the inline context, each mapped into [`TANDEM_TERMS_NAMESPACE`].
const EXTENSION_TERMS: &[&str] = &[
    "workloadHours",
    "qualificationLevel",
    "assessmentType",
    "participationForm",
    "qualityAssurance",
    "learningOutcome",
];

/// A credit value in tenths, so that `2.5` is exact and whole numbers are written as JSON
/// integers (`2`, never `2.0`), which every JSON-LD processor turns into the same RDF literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Credits {
    tenths: u32,
}

impl Credits {
    pub fn from_tenths(tenths: u32) -> Self {
        Self { tenths }
    }

    pub fn whole(credits: u32) -> Self {
        Self { tenths: credits.saturating_mul(10) }
    }

    pub fn tenths(self) -> u32 {
        self.tenths
    }

    /// `2` for twenty tenths, `2.5` for twenty-five.
    pub fn to_json(self) -> Value {
        if self.tenths.is_multiple_of(10) { json!(self.tenths / 10) } else { json!(f64::from(self.tenths) / 10.0) }
    }
}

/// The issuing organisation as an Open Badges `Profile`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The signing key's `did:key`.
    pub did: String,
    pub name: String,
    /// The organisation's public web page.
    pub url: String,
    /// Country name as shown to people, e.g. `"中国"` or `"China"`.
    pub country_name: String,
    /// ISO 3166-1 alpha-2, e.g. `"CN"`.
    pub country_code: String,
}

/// The EU micro-credential elements that Open Badges has no terms for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EuMicroCredential {
    /// Notional workload of learning, in hours.
    pub workload_hours: u32,
    /// Qualification level (EQF/NQF), if any, e.g. `"EQF 5"`.
    pub level: Option<String>,
    /// Type of assessment, e.g. `"Practical examination on the machine"`.
    pub assessment_type: String,
    /// Form of participation, e.g. `"On site"`, `"Online"`, `"Blended"`.
    pub participation_form: String,
    /// Quality assurance used to validate the content.
    pub quality_assurance: String,
}

/// What was achieved: an Open Badges `Achievement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Achievement {
    /// A URL identifying the achievement definition.
    pub id: String,
    /// Open Badges `achievementType`, e.g. `"MicroCredential"`, `"Certificate"`, `"License"`.
    pub achievement_type: String,
    pub name: String,
    pub description: String,
    /// `criteria.narrative`: what the learner had to do.
    pub criteria_narrative: String,
    pub credits_available: Option<Credits>,
    pub learning_outcomes: Vec<String>,
    /// BCP 47 language of the texts, e.g. `"zh-CN"`.
    pub in_language: String,
    pub eu: Option<EuMicroCredential>,
}

/// Where the credential's revocation bit lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    /// URL of the `BitstringStatusListCredential`.
    pub list_url: String,
    pub index: u64,
}

/// An Open Badges 3.0 award to one learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AchievementCredential {
    /// `urn:uuid:…`
    pub id: String,
    pub issuer: Issuer,
    /// The learner's identifier (a DID or URN the platform assigns).
    pub subject_id: String,
    /// Shown to people; carried as an unhashed `IdentityObject` of type `name`.
    pub learner_name: String,
    pub awarded: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    pub achievement: Achievement,
    pub credits_earned: Option<Credits>,
    pub status: Option<StatusEntry>,
}

impl AchievementCredential {
    /// The unsigned `OpenBadgeCredential`.
    pub fn to_json(&self) -> Value {
        let mut credential = Map::new();
        credential.insert("@context".into(), json!([CREDENTIALS_V2_URL, OPEN_BADGES_V3_URL, extension_context()]));
        credential.insert("id".into(), json!(self.id));
        credential.insert("type".into(), json!(["VerifiableCredential", "OpenBadgeCredential"]));
        credential.insert("name".into(), json!(self.achievement.name));
        credential.insert("issuer".into(), self.issuer.to_json());
        credential.insert("validFrom".into(), json!(timestamp(self.awarded)));
        if let Some(until) = self.valid_until {
            credential.insert("validUntil".into(), json!(timestamp(until)));
        }
        credential.insert("awardedDate".into(), json!(timestamp(self.awarded)));
        credential.insert("credentialSubject".into(), self.subject_json());
        if let Some(status) = &self.status {
            credential.insert("credentialStatus".into(), status.to_json());
        }
        Value::Object(credential)
    }

    /// Builds and signs in one step; `key` must be the issuer's key.
    pub fn issue(&self, key: &IssuerKey, created: DateTime<Utc>) -> Result<Value, CredentialError> {
        proof::sign(self.to_json(), key, created)
    }

    fn subject_json(&self) -> Value {
        let mut subject = Map::new();
        subject.insert("id".into(), json!(self.subject_id));
        subject.insert("type".into(), json!(["AchievementSubject"]));
        subject.insert(
            "identifier".into(),
            json!([{
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": false,
                "identityHash": self.learner_name,
            }]),
        );
        subject.insert("achievement".into(), self.achievement.to_json());
        if let Some(credits) = self.credits_earned {
            subject.insert("creditsEarned".into(), credits.to_json());
        }
        Value::Object(subject)
    }
}

impl Issuer {
    fn to_json(&self) -> Value {
        json!({
            "id": self.did,
            "type": ["Profile"],
            "name": self.name,
            "url": self.url,
            "address": {
                "type": ["Address"],
                "addressCountry": self.country_name,
                "addressCountryCode": self.country_code,
            },
        })
    }
}

impl Achievement {
    fn to_json(&self) -> Value {
        let mut achievement = Map::new();
        achievement.insert("id".into(), json!(self.id));
        achievement.insert("type".into(), json!(["Achievement"]));
        achievement.insert("achievementType".into(), json!(self.achievement_type));
        achievement.insert("name".into(), json!(self.name));
        achievement.insert("description".into(), json!(self.description));
        achievement.insert("criteria".into(), json!({"narrative": self.criteria_narrative}));
        if let Some(credits) = self.credits_available {
            achievement.insert("creditsAvailable".into(), credits.to_json());
        }
        if !self.learning_outcomes.is_empty() {
            achievement.insert("learningOutcome".into(), json!(self.learning_outcomes));
        }
        achievement.insert("inLanguage".into(), json!(self.in_language));
        if let Some(eu) = &self.eu {
            achievement.insert("workloadHours".into(), json!(eu.workload_hours));
            if let Some(level) = &eu.level {
                achievement.insert("qualificationLevel".into(), json!(level));
            }
            achievement.insert("assessmentType".into(), json!(eu.assessment_type));
            achievement.insert("participationForm".into(), json!(eu.participation_form));
            achievement.insert("qualityAssurance".into(), json!(eu.quality_assurance));
        }
        Value::Object(achievement)
    }
}

impl StatusEntry {
    fn to_json(&self) -> Value {
        json!({
            "id": format!("{}#{}", self.list_url, self.index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": self.index.to_string(),
            "statusListCredential": self.list_url,
        })
    }
}

/// The inline context defining the EU micro-credential terms (`workloadHours`,
/// `qualificationLevel`, `assessmentType`, `participationForm`, `qualityAssurance`,
/// `learningOutcome`) under [`TANDEM_TERMS_NAMESPACE`].
pub fn extension_context() -> Value {
    let terms: Map<String, Value> = EXTENSION_TERMS
        .iter()
        .map(|term| ((*term).to_owned(), json!(format!("{TANDEM_TERMS_NAMESPACE}{term}"))))
        .collect();
    Value::Object(terms)
}

fn timestamp(moment: DateTime<Utc>) -> String {
    moment.to_rfc3339_opts(SecondsFormat::Secs, true)
}
