//! Target profiles: the organization a package is meant for, and its limits.
//!
//! A MB is 1,048,576 bytes; on-premises `maxRequestLength` is in KB of 1,024
//! bytes. Sources for every default are in docs/validate.md (DOMAIN.md §5).

use serde::{Deserialize, Serialize};

pub const KB: u64 = 1024;
pub const MB: u64 = 1024 * 1024;

/// On-premises default upload limit (web.config `maxRequestLength`), 6 MB.
pub const ONPREM_UPLOAD_BYTES: u64 = 6 * MB;
/// Current online maker-portal limit, 95 MB.
pub const ONLINE_UPLOAD_BYTES: u64 = 95 * MB;
/// Older online limit, documented as 29.296 MB: 30,000 KB.
pub const ONLINE_LEGACY_UPLOAD_BYTES: u64 = 30_000 * KB;
/// The import's cap on the total uncompressed size ("Decompressed data too big! … 200 MB").
pub const MAX_UNCOMPRESSED_BYTES: u64 = 200 * MB;
/// Default organization MaxUploadFileSize, which caps each web resource: 5 MB (5,120 KB).
pub const MAX_WEB_RESOURCE_BYTES: u64 = 5_120 * KB;
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
            ProfileKind::OnlineLegacy => "Dynamics 365 online with the legacy 29.296 MB limit",
        }
    }

    pub fn from_key(key: &str) -> Option<ProfileKind> {
        ProfileKind::ALL
            .into_iter()
            .find(|kind| kind.key().eq_ignore_ascii_case(key.trim()))
    }
}

/// A target organization: its version and limits. Every field can be overridden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub kind: ProfileKind,
    /// The organization's version; packages with a newer package version are refused.
    pub target_version: String,
    /// Whether the target is on-premises (packages exported online are refused).
    pub on_premises: bool,
    pub max_upload_bytes: u64,
    pub max_uncompressed_bytes: u64,
    pub max_web_resource_bytes: u64,
    pub checker_max_bytes: u64,
}

impl Profile {
    pub fn new(kind: ProfileKind) -> Profile {
        let (target_version, on_premises, max_upload_bytes) = match kind {
            ProfileKind::OnPremises => ("9.1", true, ONPREM_UPLOAD_BYTES),
            ProfileKind::Online => ("9.2", false, ONLINE_UPLOAD_BYTES),
            ProfileKind::OnlineLegacy => ("9.2", false, ONLINE_LEGACY_UPLOAD_BYTES),
        };
        Profile {
            kind,
            target_version: target_version.into(),
            on_premises,
            max_upload_bytes,
            max_uncompressed_bytes: MAX_UNCOMPRESSED_BYTES,
            max_web_resource_bytes: MAX_WEB_RESOURCE_BYTES,
            checker_max_bytes: CHECKER_MAX_BYTES,
        }
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
        self.max_upload_bytes = kilobytes.saturating_mul(KB);
        self
    }

    pub fn with_max_upload_bytes(mut self, bytes: u64) -> Profile {
        self.max_upload_bytes = bytes;
        self
    }

    pub fn with_target_version(mut self, version: &str) -> Profile {
        self.target_version = version.trim().to_owned();
        self
    }

    pub fn with_max_web_resource_bytes(mut self, bytes: u64) -> Profile {
        self.max_web_resource_bytes = bytes;
        self
    }

    pub fn label(&self) -> String {
        format!(
            "{} (target version {})",
            self.kind.label(),
            self.target_version
        )
    }
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::online()
    }
}

/// `9.2.23091.170` → `Some((9, 2))`; `None` unless it starts with major.minor numbers.
pub fn major_minor(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_documented_limits() {
        assert_eq!(Profile::onprem().max_upload_bytes, 6_291_456);
        assert_eq!(Profile::online().max_upload_bytes, 99_614_720);
        // 29.296 MB as documented is 30,000 KB.
        let legacy = Profile::online_legacy().max_upload_bytes as f64 / MB as f64;
        assert!((legacy - 29.296).abs() < 0.001, "{legacy}");
        assert_eq!(
            Profile::onprem()
                .with_max_request_length_kb(51_200)
                .max_upload_bytes,
            50 * MB
        );
        assert_eq!(
            Profile::from_key("online-legacy"),
            Some(Profile::online_legacy())
        );
        assert_eq!(Profile::from_key("cloud"), None);
        assert_eq!(major_minor("9.2.23091.170"), Some((9, 2)));
        assert_eq!(major_minor("nine"), None);
    }

    #[test]
    fn serializes_with_command_line_names() {
        let json = serde_json::to_value(Profile::onprem()).unwrap();
        assert_eq!(json["kind"], "onprem");
        assert_eq!(json["targetVersion"], "9.1");
        assert_eq!(json["maxUploadBytes"], 6_291_456);
        let back: Profile = serde_json::from_value(json).unwrap();
        assert_eq!(back, Profile::onprem());
    }
}
