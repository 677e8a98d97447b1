//! Target profiles: presets of the organization a package is meant for
//! (a [`Target`]: deployment, version, limits, languages) and the import's own
//! caps that do not depend on the organization.
//!
//! A MB is 1,048,576 bytes; on-premises `maxRequestLength` is in KB of 1,024
//! bytes. Sources for every default are in docs/validate.md (DOMAIN.md §5).

use serde::{Deserialize, Serialize};

pub use crate::target::{
    Deployment, MajorMinor, Target, KB, MAX_WEB_RESOURCE_BYTES, MB, ONLINE_UPLOAD_BYTES,
    ONPREM_UPLOAD_BYTES,
};

/// Older online limit, documented as 29.296 MB: 30,000 KB.
pub const ONLINE_LEGACY_UPLOAD_BYTES: u64 = 30_000 * KB;
/// The import's cap on the total uncompressed size ("Decompressed data too big! … 200 MB").
pub const MAX_UNCOMPRESSED_BYTES: u64 = 200 * MB;
/// Solution checker upload cap: 100 MB since February 2024 (30 MB before).
pub const CHECKER_MAX_BYTES: u64 = 100 * MB;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProfileKind {
    #[serde(rename = "onprem")]
    OnPremises,
    #[serde(rename = "online")]
    Online,
    #[serde(rename = "online-legacy")]
    OnlineLegacy,
}

impl ProfileKind {
    pub const ALL: [ProfileKind; 3] = [
        ProfileKind::OnPremises,
        ProfileKind::Online,
        ProfileKind::OnlineLegacy,
    ];

    /// The name used on the command line and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            ProfileKind::OnPremises => "onprem",
            ProfileKind::Online => "online",
            ProfileKind::OnlineLegacy => "online-legacy",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProfileKind::OnPremises => "Dynamics 365 on-premises",
            ProfileKind::Online => "Dataverse / Dynamics 365 online",
            // No number here: the limit is printed beside the label, rounded once
            // (the documented "29.296 MB" is 30,000 KB, which rounds to 29.297).
            ProfileKind::OnlineLegacy => "Dynamics 365 online with the legacy upload limit",
        }
    }

    pub fn from_key(key: &str) -> Option<ProfileKind> {
        ProfileKind::ALL
            .into_iter()
            .find(|kind| kind.key().eq_ignore_ascii_case(key.trim()))
    }
}

/// A target organization and the caps validation checks beside its limits.
/// Every field can be overridden. Its JSON (the page's, docs/validate.md) keeps
/// the flat keys it always had: see [`ProfileJson`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ProfileJson", into = "ProfileJson")]
pub struct Profile {
    pub kind: ProfileKind,
    /// Its version (packages with a newer package version are refused), its
    /// deployment (on-premises refuses packages exported online), the upload
    /// limit and the web resource limit (`limits.attachment_bytes`).
    pub target: Target,
    pub max_uncompressed_bytes: u64,
    pub checker_max_bytes: u64,
}

/// The JSON form of a [`Profile`]: flat keys, as the page and saved profiles write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProfileJson {
    kind: ProfileKind,
    target_version: String,
    on_premises: bool,
    max_upload_bytes: u64,
    max_uncompressed_bytes: u64,
    max_web_resource_bytes: u64,
    checker_max_bytes: u64,
    /// Added with the shared target; profiles saved before it have neither.
    #[serde(default = "default_language")]
    base_language: u32,
    #[serde(default = "default_languages")]
    enabled_languages: Vec<u32>,
}

fn default_language() -> u32 {
    crate::target::DEFAULT_LANGUAGE
}

fn default_languages() -> Vec<u32> {
    vec![crate::target::DEFAULT_LANGUAGE]
}

impl From<ProfileJson> for Profile {
    fn from(json: ProfileJson) -> Profile {
        let deployment = if json.on_premises {
            Deployment::OnPremises
        } else {
            Deployment::Online
        };
        let mut target = Target::new(deployment, &json.target_version, json.max_upload_bytes);
        target.limits.attachment_bytes = json.max_web_resource_bytes;
        target.base_language = json.base_language;
        target.enabled_languages = json.enabled_languages;
        Profile {
            kind: json.kind,
            target,
            max_uncompressed_bytes: json.max_uncompressed_bytes,
            checker_max_bytes: json.checker_max_bytes,
        }
    }
}

impl From<Profile> for ProfileJson {
    fn from(profile: Profile) -> ProfileJson {
        let Profile {
            kind,
            target,
            max_uncompressed_bytes,
            checker_max_bytes,
        } = profile;
        ProfileJson {
            kind,
            on_premises: target.is_on_premises(),
            target_version: target.version,
            max_upload_bytes: target.limits.upload_bytes,
            max_uncompressed_bytes,
            max_web_resource_bytes: target.limits.attachment_bytes,
            checker_max_bytes,
            base_language: target.base_language,
            enabled_languages: target.enabled_languages,
        }
    }
}

impl Profile {
    pub fn new(kind: ProfileKind) -> Profile {
        let (deployment, version, upload_bytes) = match kind {
            ProfileKind::OnPremises => (Deployment::OnPremises, "9.1", ONPREM_UPLOAD_BYTES),
            ProfileKind::Online => (Deployment::Online, "9.2", ONLINE_UPLOAD_BYTES),
            ProfileKind::OnlineLegacy => (Deployment::Online, "9.2", ONLINE_LEGACY_UPLOAD_BYTES),
        };
        Profile {
            kind,
            target: Target::new(deployment, version, upload_bytes),
            max_uncompressed_bytes: MAX_UNCOMPRESSED_BYTES,
            checker_max_bytes: CHECKER_MAX_BYTES,
        }
    }

    /// The largest package file the target accepts.
    pub fn max_upload_bytes(&self) -> u64 {
        self.target.limits.upload_bytes
    }

    /// The largest web resource the target accepts (its attachment limit).
    pub fn max_web_resource_bytes(&self) -> u64 {
        self.target.limits.attachment_bytes
    }

    pub fn onprem() -> Profile {
        Profile::new(ProfileKind::OnPremises)
    }

    pub fn online() -> Profile {
        Profile::new(ProfileKind::Online)
    }

    pub fn online_legacy() -> Profile {
        Profile::new(ProfileKind::OnlineLegacy)
    }

    pub fn from_key(key: &str) -> Option<Profile> {
        ProfileKind::from_key(key).map(Profile::new)
    }

    /// The upload limit an administrator set through web.config's
    /// `maxRequestLength`, which is in KB.
    pub fn with_max_request_length_kb(mut self, kilobytes: u64) -> Profile {
        self.target.limits.upload_bytes = kilobytes.saturating_mul(KB);
        self
    }

    pub fn with_max_upload_bytes(mut self, bytes: u64) -> Profile {
        self.target.limits.upload_bytes = bytes;
        self
    }

    pub fn with_target_version(mut self, version: &str) -> Profile {
        self.target.version = version.trim().to_owned();
        self
    }

    pub fn with_max_web_resource_bytes(mut self, bytes: u64) -> Profile {
        self.target.limits.attachment_bytes = bytes;
        self
    }

    pub fn label(&self) -> String {
        format!(
            "{} (target version {})",
            self.kind.label(),
            self.target.version
        )
    }
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::online()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_documented_limits() {
        assert_eq!(Profile::onprem().max_upload_bytes(), 6_291_456);
        assert_eq!(Profile::online().max_upload_bytes(), 99_614_720);
        // 29.296 MB as documented is 30,000 KB.
        let legacy = Profile::online_legacy().max_upload_bytes() as f64 / MB as f64;
        assert!((legacy - 29.296).abs() < 0.001, "{legacy}");
        assert_eq!(
            Profile::onprem()
                .with_max_request_length_kb(51_200)
                .max_upload_bytes(),
            50 * MB
        );
        assert_eq!(
            Profile::from_key("online-legacy"),
            Some(Profile::online_legacy())
        );
        assert_eq!(Profile::from_key("cloud"), None);
    }

    #[test]
    fn serializes_with_command_line_names() {
        let json = serde_json::to_value(Profile::onprem()).unwrap();
        assert_eq!(json["kind"], "onprem");
        assert_eq!(json["targetVersion"], "9.1");
        assert_eq!(json["maxUploadBytes"], 6_291_456);
        assert_eq!(json["onPremises"], true);
        assert_eq!(json["maxWebResourceBytes"], 5_242_880);
        let back: Profile = serde_json::from_value(json).unwrap();
        assert_eq!(back, Profile::onprem());
    }

    #[test]
    fn reads_profiles_saved_before_languages() {
        let saved = r#"{"kind":"onprem","targetVersion":"9.0","onPremises":true,"maxUploadBytes":1024,
            "maxUncompressedBytes":209715200,"maxWebResourceBytes":5242880,"checkerMaxBytes":104857600}"#;
        let profile: Profile = serde_json::from_str(saved).unwrap();
        assert_eq!(profile.target.version, "9.0");
        assert!(profile.target.is_on_premises());
        assert_eq!(profile.max_upload_bytes(), 1024);
        assert_eq!(profile.target.enabled_languages, vec![1033]);
    }
}
