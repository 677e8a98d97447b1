//! The target organization: deployment, version, limits and languages, shared
//! by validation profiles (`validate::Profile`) and organization snapshots
//! (`org::Snapshot`), and the rules both check a package against.
//!
//! Each rule is written once here and returns what it found; validation makes a
//! finding of it and simulation an import error, each in its own words.
//! A MB is 1,048,576 bytes; on-premises `maxRequestLength` is in KB of 1,024
//! bytes. Sources for every default are in docs/validate.md (DOMAIN.md §5).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::manifest::PackageInfo;

pub const KB: u64 = 1024;
pub const MB: u64 = 1024 * 1024;

/// On-premises default upload limit (web.config `maxRequestLength`), 6 MB.
pub const ONPREM_UPLOAD_BYTES: u64 = 6 * MB;
/// Current online maker-portal limit, 95 MB.
pub const ONLINE_UPLOAD_BYTES: u64 = 95 * MB;
/// Default organization MaxUploadFileSize, which caps each web resource: 5 MB (5,120 KB).
pub const MAX_WEB_RESOURCE_BYTES: u64 = 5_120 * KB;
/// The language of the default organizations (English, LCID 1033).
pub const DEFAULT_LANGUAGE: u32 = 1033;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Deployment {
    OnPremises,
    Online,
}

impl Deployment {
    /// The SKU name ImportJob data uses (`fileSku` / `currentSku`).
    pub fn sku(self) -> &'static str {
        match self {
            Deployment::OnPremises => "OnPremise",
            Deployment::Online => "CrmLive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Largest solution file the organization accepts (on-premises: `maxRequestLength`).
    pub upload_bytes: u64,
    /// Largest attachment / web resource (`MaxUploadFileSize`).
    pub attachment_bytes: u64,
}

/// The organization a package is checked against. Its serde form is the
/// snapshot's top-level keys (docs/org-snapshot.md), in the snapshot's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub deployment: Deployment,
    /// The organization's version, e.g. `9.1.0.0` or `9.2`.
    pub version: String,
    /// LCID, e.g. `1033`.
    pub base_language: u32,
    /// LCIDs whose labels import.
    pub enabled_languages: Vec<u32>,
    pub limits: Limits,
}

impl Target {
    /// A target with the platform's default attachment limit and English only.
    pub fn new(deployment: Deployment, version: &str, upload_bytes: u64) -> Target {
        Target {
            deployment,
            version: version.to_owned(),
            base_language: DEFAULT_LANGUAGE,
            enabled_languages: vec![DEFAULT_LANGUAGE],
            limits: Limits {
                upload_bytes,
                attachment_bytes: MAX_WEB_RESOURCE_BYTES,
            },
        }
    }

    pub fn is_on_premises(&self) -> bool {
        self.deployment == Deployment::OnPremises
    }

    /// The organization's major.minor, which bounds the package versions it takes.
    pub fn major_minor(&self) -> Option<MajorMinor> {
        MajorMinor::parse(&self.version)
    }
}

/// The first two numbers of a dotted version: `9.2.23091.170` → 9.2; a lone
/// major is `major.0` (missing parts of a version are 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MajorMinor {
    pub major: u32,
    pub minor: u32,
}

impl MajorMinor {
    /// `None` unless the version starts with a number (and, after a dot, another).
    pub fn parse(version: &str) -> Option<MajorMinor> {
        let mut parts = version.trim().split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = match parts.next() {
            Some(minor) => minor.parse().ok()?,
            None => 0,
        };
        Some(MajorMinor { major, minor })
    }
}

impl fmt::Display for MajorMinor {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}.{}", self.major, self.minor)
    }
}

/// The package is larger than the target's upload limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadOverage {
    pub package_bytes: u64,
    pub limit_bytes: u64,
}

impl UploadOverage {
    pub fn over_bytes(&self) -> u64 {
        self.package_bytes.saturating_sub(self.limit_bytes)
    }
}

/// Rule: the package (its zip's size in bytes) is over the upload limit
/// (0x80040375 ImportFileTooLargeToUpload).
pub fn upload_overage(package_bytes: u64, target: &Target) -> Option<UploadOverage> {
    (package_bytes > target.limits.upload_bytes).then_some(UploadOverage {
        package_bytes,
        limit_bytes: target.limits.upload_bytes,
    })
}

/// The version a package says it is of, as it writes it and as major.minor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageVersion<'a> {
    /// As the package writes it: `SolutionPackageVersion`, else the exporter's version.
    pub written: &'a str,
    /// Whether `written` is `SolutionPackageVersion` (not the exporter's version).
    pub from_solution_package_version: bool,
    pub major_minor: MajorMinor,
}

impl<'a> PackageVersion<'a> {
    /// `SolutionPackageVersion`, else the exporter's major.minor; `None` when
    /// neither is there or starts with numbers.
    pub fn of(package: &'a PackageInfo) -> Option<PackageVersion<'a>> {
        let (written, from_solution_package_version) = match &package.solution_package_version {
            Some(version) => (version.as_str(), true),
            None => (package.generator_version.as_deref()?, false),
        };
        Some(PackageVersion {
            written,
            from_solution_package_version,
            major_minor: MajorMinor::parse(written)?,
        })
    }

    /// As the platform's messages say it: `SolutionPackageVersion` as written,
    /// else the exporter's major.minor.
    pub fn said(&self) -> String {
        if self.from_solution_package_version {
            self.written.to_owned()
        } else {
            self.major_minor.to_string()
        }
    }
}

/// The package's version is newer than the target's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageTooNew<'a> {
    pub package: PackageVersion<'a>,
    pub target: MajorMinor,
}

/// Rule: the package version (`SolutionPackageVersion`, else the exporter's
/// major.minor) is newer than the target's major.minor
/// (0x80048068 ImportSolutionPackageInvalidSolutionPackageVersion).
/// Versions that do not start with numbers are not compared.
pub fn package_too_new<'a>(package: &'a PackageInfo, target: &Target) -> Option<PackageTooNew<'a>> {
    let package = PackageVersion::of(package)?;
    let target = target.major_minor()?;
    (package.major_minor > target).then_some(PackageTooNew { package, target })
}

/// Whether a package says it was exported online (`generatedBy="CrmLive"`).
pub fn exported_online(package: &PackageInfo) -> bool {
    package
        .generated_by
        .as_deref()
        .is_some_and(|sku| sku.eq_ignore_ascii_case(Deployment::Online.sku()))
}

/// Rule: a package exported online goes into an on-premises organization
/// (0x8004806B ImportSolutionPackageInvalidSku).
pub fn online_into_on_premises(package: &PackageInfo, target: &Target) -> bool {
    target.is_on_premises() && exported_online(package)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(spv: Option<&str>, generator: Option<&str>, by: Option<&str>) -> PackageInfo {
        PackageInfo {
            solution_package_version: spv.map(str::to_owned),
            generator_version: generator.map(str::to_owned),
            generated_by: by.map(str::to_owned),
            ..PackageInfo::default()
        }
    }

    #[test]
    fn major_minor_reads_the_first_two_numbers() {
        assert_eq!(
            MajorMinor::parse("9.2.23091.170"),
            Some(MajorMinor { major: 9, minor: 2 })
        );
        assert_eq!(
            MajorMinor::parse("9").map(|v| v.to_string()).as_deref(),
            Some("9.0")
        );
        assert_eq!(MajorMinor::parse("nine"), None);
        assert_eq!(MajorMinor::parse("9.x"), None);
        assert!(MajorMinor::parse("10.0") > MajorMinor::parse("9.2"));
    }

    #[test]
    fn the_three_rules_compare_against_the_target() {
        let onprem = Target::new(Deployment::OnPremises, "9.1.0.0", ONPREM_UPLOAD_BYTES);
        let online = Target::new(Deployment::Online, "9.2", ONLINE_UPLOAD_BYTES);

        let over = upload_overage(ONPREM_UPLOAD_BYTES + 10, &onprem).unwrap();
        assert_eq!(over.over_bytes(), 10);
        assert_eq!(upload_overage(ONPREM_UPLOAD_BYTES, &onprem), None);

        let newer = package(Some("9.2"), Some("9.1.0.5"), None);
        let found = package_too_new(&newer, &onprem).unwrap();
        assert_eq!(
            (
                found.package.written,
                found.package.from_solution_package_version
            ),
            ("9.2", true)
        );
        assert_eq!(package_too_new(&newer, &online), None);
        let by_exporter = package(None, Some("9.2.23091.170"), None);
        assert_eq!(
            package_too_new(&by_exporter, &onprem).map(|found| found.package.said()),
            Some("9.2".to_owned())
        );
        assert_eq!(package_too_new(&package(None, None, None), &onprem), None);

        let exported_online = package(None, None, Some("crmlive"));
        assert!(online_into_on_premises(&exported_online, &onprem));
        assert!(!online_into_on_premises(&exported_online, &online));
        let exported_onprem = package(None, None, Some("OnPremise"));
        assert!(!online_into_on_premises(&exported_onprem, &onprem));
    }

    #[test]
    fn serializes_as_the_snapshot_keys() {
        let json =
            serde_json::to_string(&Target::new(Deployment::OnPremises, "9.1.0.0", 6 * MB)).unwrap();
        assert_eq!(
            json,
            r#"{"deployment":"onPremises","version":"9.1.0.0","baseLanguage":1033,"enabledLanguages":[1033],"limits":{"uploadBytes":6291456,"attachmentBytes":5242880}}"#
        );
    }
}
