//! The catalogue of finding codes: every code the tool reports, declared once with
//! its severity, category, platform error code and description.
//!
//! Inspection diagnostics (`SI1xxx`, `SI2xxx`), validation findings (`SVxxxx`, plus
//! the inspection's codes passed through), conversion notes (`SI5xxx`) and the
//! simulation's import failures and warnings (`SMxxxx`) are all made from a [`Code`]:
//! a producer names the code and the catalogue gives the rest, so severity and
//! category are never written where a finding is made. docs/validate.md,
//! docs/inspect-json.md, docs/managed-properties-policy.md and docs/simulation-rules.md
//! carry tables generated from here ([`docs`]; `tests/docs.rs` fails when they are stale).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::platform::PlatformError;

pub mod docs;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Information,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Information => "information",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a finding is about, for filtering (the `category` of validation findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Category {
    /// A problem found while reading the package (inspection diagnostics).
    Reading,
    Size,
    Structure,
    Naming,
    Dependencies,
    ManagedProperties,
    /// A note of the managed conversion.
    Conversion,
    /// An import failure or warning of the simulation.
    Simulation,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::Reading => "reading",
            Category::Size => "size",
            Category::Structure => "structure",
            Category::Naming => "naming",
            Category::Dependencies => "dependencies",
            Category::ManagedProperties => "managed properties",
            Category::Conversion => "conversion",
            Category::Simulation => "simulation",
        }
    }
}

/// Which platform error a finding stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// No platform error (the tool's own check, or the platform gives no code).
    None,
    /// Every finding of the code carries it.
    Always(PlatformError),
    /// Only some do; the producer says which (`when` says it for the docs).
    When(PlatformError, &'static str),
}

impl Platform {
    /// The platform error, whether always or only sometimes.
    pub fn error(self) -> Option<PlatformError> {
        match self {
            Platform::None => None,
            Platform::Always(error) | Platform::When(error, _) => Some(error),
        }
    }
}

/// One code of the catalogue.
#[derive(Debug)]
pub struct Entry {
    pub code: Code,
    pub severity: Severity,
    pub category: Category,
    pub platform: Platform,
    /// One line (SARIF `shortDescription`).
    pub title: &'static str,
    /// What the finding says, for the docs.
    pub detail: &'static str,
    /// Where the rule comes from (DOMAIN.md's source names), for the docs.
    pub source: &'static str,
    /// An inspection diagnostic that validation does not repeat, because this
    /// validation code reports the same problem with the platform's code.
    pub superseded_by: Option<Code>,
}

/// The command whose output carries a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Inspection diagnostics (also passed through by validation).
    Inspect,
    Validate,
    Convert,
    Simulate,
}

impl Entry {
    /// The command that makes findings of this code.
    pub fn command(&self) -> Command {
        match self.category {
            Category::Reading => Command::Inspect,
            Category::Conversion => Command::Convert,
            Category::Simulation => Command::Simulate,
            _ => Command::Validate,
        }
    }

    /// Whether validation reports it (its own codes and the diagnostics it passes through).
    pub fn in_validation(&self) -> bool {
        match self.command() {
            Command::Validate => true,
            Command::Inspect => self.superseded_by.is_none(),
            Command::Convert | Command::Simulate => false,
        }
    }

    /// The platform error every finding of this code carries.
    pub fn platform_always(&self) -> Option<PlatformError> {
        match self.platform {
            Platform::Always(error) => Some(error),
            _ => None,
        }
    }
}

macro_rules! catalogue {
    (@superseded) => { None };
    (@superseded $code:ident) => { Some(Code::$code) };
    ($(
        $code:ident {
            $severity:ident, $category:ident, $platform:expr,
            $title:literal,
            $detail:literal,
            $source:literal
            $(, superseded_by $superseded:ident)? $(,)?
        }
    )*) => {
        /// A finding code. Serialized as its string (`SV0223`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($code,)*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// The code as reports print it, e.g. `SV0223`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }
        }

        static ENTRIES: &[Entry] = &[$(
            Entry {
                code: Code::$code,
                severity: Severity::$severity,
                category: Category::$category,
                platform: $platform,
                title: $title,
                detail: $detail,
                source: $source,
                superseded_by: catalogue!(@superseded $($superseded)?),
            },
        )*];
    };
}

use Platform::{Always, None as NoPlatform, When};
use PlatformError as P;

catalogue! {
    // ------------------------------------------------------------ inspect: reading
    SI1001 { Error, Reading, NoPlatform,
        "Required root file missing",
        "A required root file (solution.xml, customizations.xml) is missing.",
        "DOMAIN §1.1",
        superseded_by SV0201 }
    SI1002 { Error, Reading, Always(P::NonWellFormedFile),
        "solution.xml is not well-formed or has no manifest",
        "solution.xml is not well-formed XML (line and column given) or has no `<SolutionManifest>`.",
        "[ERR]" }
    SI1003 { Error, Reading, When(P::NonWellFormedFile, "customizations.xml only"),
        "An XML file of the package is not well-formed",
        "customizations.xml or a component definition file is not well-formed XML, has a DTD, an undefined entity, or nesting deeper than 256.",
        "[ERR]" }
    SI1004 { Error, Reading, NoPlatform,
        "solution.xml names no solution",
        "solution.xml names no solution.",
        "" }
    SI1005 { Error, Reading, NoPlatform,
        "A root file is not valid text in its encoding",
        "A file is not valid text in its encoding.",
        "" }
    SI1006 { Error, Reading, NoPlatform,
        "A zip entry cannot be read",
        "An entry cannot be inflated (encrypted, damaged, bad CRC, another size than declared, or over the zip-bomb safety limits); every entry is inflated, payloads into a sink.",
        "" }
    SI1010 { Error, Reading, NoPlatform,
        "Zip entry name that is not a safe path",
        "A zip entry name has `..`, is absolute or holds a NUL (never used as a path).",
        "" }
    SI1011 { Error, Reading, NoPlatform,
        "Zip entry name used more than once",
        "Two zip entries share a name (a root file, or copies that differ).",
        "" }
    SI1012 { Warning, Reading, NoPlatform,
        "Zip entry name that is odd but harmless (backslash, control character, over 260 characters)",
        "A zip entry name has backslashes, control characters or more than 260 characters (never used as a path).",
        "APPNOTE 4.4.17 (forward slashes)" }
    SI1013 { Error, Reading, NoPlatform,
        "Zip structure that is inconsistent (local header names another file, overlapping entries)",
        "The zip's structure is inconsistent: a local header names another file than the directory, or entries overlap.",
        "" }
    SI1014 { Warning, Reading, NoPlatform,
        "Payload file stored twice with identical contents",
        "A payload file is stored twice with identical contents.",
        "" }
    SI2001 { Warning, Reading, NoPlatform,
        "Component without an identifying key",
        "A component has no identifying key; it is listed as \"(unnamed)\".",
        "" }
    SI2002 { Warning, Reading, NoPlatform,
        "Managed property value is not a boolean",
        "A managed property's value is not a boolean (0/1).",
        "[XSD] TrueFalse01Type",
        superseded_by SV0301 }

    // ------------------------------------------------------------ validate: size
    SV0101 { Error, Size, Always(P::FileTooLargeToUpload),
        "Package larger than the target's upload limit",
        "The zip is larger than the profile's upload limit. Says size, limit, overage and the five heaviest files (compressed).",
        "[ERR]; [CE] §Maximum size; [SA] KB 4462491" }
    SV0102 { Error, Size, NoPlatform,
        "Uncompressed files larger than 200 MB",
        "The files add up to more than 200 MB uncompressed; heaviest files.",
        "powerplatform-build-tools#688" }
    SV0103 { Error, Size, NoPlatform,
        "Web resource larger than the maximum attachment size",
        "A web resource's file is larger than the maximum attachment size (the platform gives no code; its message is \"Webresource content size is too big\").",
        "[PA] web-resources.md; PCF-Controls#148" }
    SV0104 { Warning, Size, NoPlatform,
        "Package larger than the solution checker's upload cap",
        "The zip is larger than the solution checker's upload cap (the checker refuses it with PACHECKER_PS_FILE_TOO_LARGE).",
        "powerplatform-actions#498" }

    // ------------------------------------------------------------ validate: structure
    SV0201 { Error, Structure, Always(P::BadZipFile),
        "Required root file missing",
        "solution.xml, customizations.xml or [Content_Types].xml is not at the root (with a hint when it is one folder down).",
        "[ERR]; DOMAIN §1.1" }
    SV0202 { Warning, Structure, Always(P::MissingComponent),
        "Root component not defined in customizations.xml",
        "A root component of solution.xml that customizations.xml does not define. A warning, because the import fails only when the target lacks it, and platform exports omit unmodified components this way (FieldServiceIntegration managed, two forms).",
        "[ERR]; SolutionPackager \"root components are not defined\" (dynamics-365-customer-engagement#1295)" }
    SV0203 { Information, Structure, NoPlatform,
        "Root component of a type this tool does not map",
        "A root component whose type number this tool does not map to a kind, so it cannot say whether it is defined.",
        "DOMAIN §2.6" }
    SV0204 { Error, Structure, NoPlatform,
        "Referenced payload file absent from the zip",
        "customizations.xml names a payload file that is not in the zip (with a hint when an entry differs only by an extension).",
        "DOMAIN §1.3" }
    SV0205 { Warning, Structure, NoPlatform,
        "Payload file that no component references",
        "A file in the zip that no component names or owns.",
        "DOMAIN §1.3" }
    SV0206 { Error, Structure, Always(P::BadZipFile),
        "[Content_Types].xml cannot be read",
        "[Content_Types].xml does not parse or has no `<Types>` root.",
        "DOMAIN §1.2" }
    SV0207 { Warning, Structure, NoPlatform,
        "Part without a content type in [Content_Types].xml",
        "A part with no content type: no `Override` for its name and no `Default` for its extension.",
        "DOMAIN §1.2 (OPC)" }
    SV0208 { Error, Structure, NoPlatform,
        "Solution version is not major.minor[.build[.revision]]",
        "The solution `<Version>` is not `major.minor[.build[.revision]]` of whole numbers.",
        "DOMAIN §2.2" }
    SV0209 { Error, Structure, Always(P::PackageVersion),
        "Package version newer than the target organization",
        "The package version (`SolutionPackageVersion`, else the exporting build's major.minor) is newer than the target version.",
        "[ERR]; powerapps-tools#752" }
    SV0210 { Error, Structure, Always(P::InvalidSku),
        "Package exported online, target on-premises",
        "The package was exported online (`generatedBy=\"CrmLive\"`) and the target is on-premises.",
        "[ERR]; DOMAIN §2.1" }
    SV0211 { Error, Structure, NoPlatform,
        "Component defined more than once",
        "The same component key is defined more than once. Step images are skipped (their names are unique only within their step).",
        "DOMAIN §3" }
    SV0212 { Error, Structure, NoPlatform,
        "Managed value is neither 0 nor 1",
        "`<Managed>` is neither 0 nor 1 (2 is the unpacked \"Both\" source value).",
        "DOMAIN §2.2" }
    SV0213 { Warning, Structure, NoPlatform,
        "A root file whose name differs from the export's only by case",
        "A root file stored as e.g. `Solution.xml`: OPC part names compare as case-insensitive ASCII (ECMA-376 Part 2, part name equivalence [M1.12]), so the package is read (that the import does the same is inferred from its OPC format, not observed), but exports always write lower case.",
        "DOMAIN §1.1; ECMA-376 Part 2" }
    SV0214 { Error, Structure, Always(P::DefaultAsPackage),
        "The Default solution packaged as managed",
        "solution.xml names the organization's Default solution and says it is managed: the platform refuses to import it.",
        "[ERR]; DOMAIN §2.2" }

    // ------------------------------------------------------------ validate: naming
    SV0221 { Warning, Naming, NoPlatform,
        "Publisher customization prefix is not valid",
        "The publisher's customization prefix is not 2–8 letters and digits starting with a letter, or starts with `mscrm`.",
        "[CE] Create a solution publisher" }
    SV0222 { Warning, Naming, NoPlatform,
        "Publisher option value prefix is not 10000-99999",
        "The publisher's option value prefix is not 10000–99999.",
        "[CE] same" }
    SV0223 { Information, Naming, When(P::AttributeName, "columns only"),
        "Custom component name without the publisher's prefix",
        "A custom component name (table, column, choice, web resource, custom API, environment variable, connection reference, canvas app, model-driven app) carries another prefix than the publisher's.",
        "[ERR]; DOMAIN §2.3" }
    SV0224 { Warning, Naming, NoPlatform,
        "Option value outside the publisher's option value range",
        "An option of one of the publisher's own choices (name with the publisher's prefix; picklist or multi-select) lies outside prefix × 10,000 … prefix × 10,000 + 9,999.",
        "[PP] how-managed-solutions-merged.md; DOMAIN §2.3" }

    // ------------------------------------------------------------ validate: managed properties
    SV0301 { Error, ManagedProperties, Always(P::XsdValidation),
        "Managed property value is not a boolean",
        "A managed property value that is not a boolean (0/1).",
        "[XSD] TrueFalse01Type; DOMAIN §3.3" }
    SV0302 { Information, ManagedProperties, NoPlatform,
        "Managed properties without effect because IsCustomizable = 0",
        "A component with IsCustomizable = 0 that sets other properties to 1: they have no effect.",
        "[CE] use-managed-properties.md; DOMAIN §4.2" }
    SV0303 { Warning, ManagedProperties, NoPlatform,
        "Managed package locks down all its components",
        "A managed package whose components that carry managed properties all have IsCustomizable = 0.",
        "DOMAIN §4.2–4.3" }
    SV0304 { Information, ManagedProperties, NoPlatform,
        "Managed package locks down some of its components",
        "A managed package that locks down some of its components.",
        "DOMAIN §4.2" }

    // ------------------------------------------------------------ validate: dependencies
    SV0401 { Warning, Dependencies, Always(P::MissingDependencies),
        "Missing dependency the target must already have",
        "One missing dependency of solution.xml, in plain words: what the target must have, from which solution and version, and what needs it.",
        "[ERR]; DOMAIN §2.5" }
    SV0402 { Information, Dependencies, NoPlatform,
        "Missing dependency the target organization has",
        "One missing dependency of solution.xml that the organization snapshot validated against already has: the component itself (by key, or by id where the package names it by id), or a component of the platform's built-in solutions. Checked per component, as the simulation does; without a snapshot every missing dependency is SV0401.",
        "[ERR]; DOMAIN §2.5; issue 16" }

    // ------------------------------------------------------------ convert: notes
    SI5001 { Information, Conversion, NoPlatform,
        "Policy rule for a component the package does not hold",
        "A policy rule names a component or table this package does not hold; the rule is ignored, so one policy file can serve several versions.",
        "docs/managed-properties-policy.md" }
    SI5002 { Warning, Conversion, NoPlatform,
        "customizations.xml not well formed: converted up to the damage",
        "customizations.xml is not well formed; only the part before the damage was converted.",
        "" }
    SI5003 { Information, Conversion, NoPlatform,
        "Form kept full where the platform writes a diff",
        "A form with a managed base layer is kept full where the platform writes a diff (see docs/conversion-fidelity.md).",
        "docs/conversion-fidelity.md" }
    SI5004 { Warning, Conversion, NoPlatform,
        "XML entry to convert cannot be read: copied unchanged",
        "An XML entry the conversion must change (customizations.xml, a folder-defined component's definition) cannot be read or decoded, so it is copied unchanged.",
        "" }

    // ------------------------------------------------------------ simulate: import failures
    SM0101 { Error, Simulation, Always(P::FileTooLargeToUpload),
        "Package larger than the organization's upload limit",
        "The zip is larger than the organization's upload limit.",
        "[ERR]; DOMAIN §5" }
    SM0201 { Error, Simulation, Always(P::BadZipFile),
        "Not a valid solution file",
        "A root file is missing (case-insensitive), solution.xml cannot be read, `<Managed>` is not 0/1, `<UniqueName>` is empty, or customizations.xml is not well-formed; each reason is a detail.",
        "[ERR]; DOMAIN §1.1" }
    SM0301 { Error, Simulation, Always(P::PackageVersion),
        "Package version newer than the organization",
        "`SolutionPackageVersion` (else the exporter's major.minor) is newer than the organization's major.minor.",
        "[ERR]; powerapps-tools#752" }
    SM0302 { Error, Simulation, Always(P::PackageVersion),
        "Package exported from Dynamics CRM 2011 or earlier",
        "`SolutionPackageVersion` (else the exporter's major.minor) is 5.x or lower: no organization of today imports a package exported from CRM 2011 or earlier.",
        "[ERR] (the message of 0x80048068); DOMAIN §2.1" }
    SM0401 { Error, Simulation, Always(P::InvalidSku),
        "Online package into an on-premises organization",
        "The package was exported online (`generatedBy=\"CrmLive\"`) and the organization is on-premises.",
        "[ERR]; DOMAIN §6" }
    SM0501 { Error, Simulation, Always(P::ManagedToUnmanagedMismatch),
        "Managed package over the unmanaged solution",
        "A managed package over the same solution installed unmanaged (the organization it was made in).",
        "[ERR]; DOMAIN §6" }
    SM0502 { Error, Simulation, Always(P::UnmanagedToManagedMismatch),
        "Unmanaged package over the managed solution",
        "An unmanaged package over the same solution installed managed.",
        "[ERR]; DOMAIN §6" }
    SM0503 { Error, Simulation, Always(P::SystemSolution),
        "Package of one of the platform's own solutions",
        "The package has the unique name of one of the platform's own solutions.",
        "[ERR]; DOMAIN §2.2" }
    SM0504 { Error, Simulation, Always(P::DefaultAsPackage),
        "The default solution as a managed package",
        "The package is the default solution, marked managed.",
        "[ERR]; DOMAIN §2.2" }
    SM0601 { Error, Simulation, Always(P::WrongPublisher),
        "Managed solution from another publisher",
        "A managed package over the installed managed solution of another publisher.",
        "[ERR]; DOMAIN §6" }
    SM0701 { Error, Simulation, Always(P::InvalidPatchOrHolding),
        "Upgrade pending: the holding solution exists",
        "A pending `<Name>_Upgrade` holding solution (\"Holding solution X_Upgrade already exists.\") for update, upgrade or stage.",
        "[SA] upgrade-fails-pending-upgrade.md; coe-starter-kit#1472" }
    SM0702 { Error, Simulation, Always(P::VersionNotHigher),
        "Upgrade to a version not higher than the installed one",
        "Upgrade or stage with a version not higher than the installed one.",
        "[ERR]; powerplatform-build-tools#212" }
    SM0703 { Error, Simulation, Always(P::DependencySolution),
        "Patch of a solution that is not installed",
        "A patch whose parent solution is not installed.",
        "[ERR]" }
    SM0704 { Error, Simulation, Always(P::InvalidPatchOrHolding),
        "Patch version invalid for its parent",
        "A patch whose version does not keep the parent's major.minor or is not higher (\"Patch version A is invalid for parent version B\").",
        "DOMAIN §6" }
    SM0801 { Error, Simulation, Always(P::MissingDependencies),
        "Dependencies missing in the organization",
        "Missing dependencies whose required component is neither in the organization nor in the package; each one is a detail.",
        "[ERR]; DOMAIN §2.5" }
    SM0901 { Error, Simulation, Always(P::DependenciesExist),
        "Upgrade drops a component others still need",
        "An upgrade drops a component that another component still requires: the delete-and-promote step fails and the holding solution stays pending.",
        "DOMAIN §6 (observed)" }
    SM0902 { Error, Simulation, Always(P::CannotOverwriteActive),
        "Managed package over an unmanaged-only component",
        "A managed package over a component that exists only as an unmanaged definition, without convert to managed.",
        "[ERR]; DOMAIN §6" }
    SM0903 { Error, Simulation, Always(P::ManagedPropertyFailure),
        "Change forbidden by the managed properties in force",
        "The managed properties in force (IsCustomizable, CanCreateAttributes/Forms/Views/Charts) forbid the package's change, and the importer is not the component's owner (inferred from DOMAIN.md 4.3).",
        "[ERR]; DOMAIN §4.3" }

    // ------------------------------------------------------------ simulate: warnings
    SM1001 { Warning, Simulation, NoPlatform,
        "Update re-installs an older version",
        "An update to a lower version: the platform asks to confirm; components get the older definitions and nothing is deleted.",
        "DOMAIN §6" }
    SM1002 { Warning, Simulation, NoPlatform,
        "Update re-applies the installed version",
        "An update to the same version re-applies it (a decision: the sources conflict; the Package Deployer allows it).",
        "DOMAIN §6" }
    SM1003 { Warning, Simulation, NoPlatform,
        "Upgrade mode chosen for a new install",
        "The solution is not installed, so the chosen mode does not apply.",
        "" }
    SM1004 { Warning, Simulation, NoPlatform,
        "Upgrade or stage chosen for an unmanaged package",
        "An unmanaged package always updates additively; upgrade and stage apply only to managed solutions.",
        "DOMAIN §6" }
    SM1005 { Warning, Simulation, Always(P::LanguagesIgnored),
        "Labels of languages the organization has not enabled",
        "The package carries labels of languages the organization has not enabled; they are not imported.",
        "[ERR]" }
    SM1006 { Information, Simulation, NoPlatform,
        "Unmanaged components are imported as drafts",
        "Unmanaged components are imported as drafts: publish all customizations afterwards.",
        "[CE]" }
    SM1007 { Warning, Simulation, NoPlatform,
        "Components keep unmanaged customizations on top",
        "Components keep unmanaged customizations on top (maintain customizations): the package's changes to them will not show.",
        "DOMAIN §7" }
    SM1008 { Warning, Simulation, NoPlatform,
        "Processes and plug-in steps stay deactivated",
        "Processes and plug-in steps in the package stay deactivated (activate processes and plug-in steps is off).",
        "DOMAIN §6" }
    SM1009 { Warning, Simulation, NoPlatform,
        "Managed-property tightenings ignored",
        "The owner's managed update tightens managed properties; only loosening applies.",
        "DOMAIN §4.3" }
    SM1010 { Warning, Simulation, NoPlatform,
        "Web resources larger than the attachment limit",
        "Web resources larger than the organization's attachment limit (`MaxUploadFileSize`) cannot be saved or edited there (a decision: a warning, since the sources give no import error code).",
        "DOMAIN §5" }
    SM1011 { Information, Simulation, NoPlatform,
        "Staged upgrade held until applied",
        "A stage holds the new version as `<Name>_Upgrade` beside the installed one until the upgrade is applied.",
        "DOMAIN §6" }
}

impl Code {
    /// The catalogue's entry for this code.
    pub fn entry(self) -> &'static Entry {
        &ENTRIES[self as usize]
    }

    pub fn severity(self) -> Severity {
        self.entry().severity
    }

    pub fn category(self) -> Category {
        self.entry().category
    }

    /// The code of this string (`SV0223`), if the catalogue has it.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.as_str() == text)
    }
}

/// Every entry, in catalogue order.
pub fn entries() -> &'static [Entry] {
    ENTRIES
}

impl fmt::Display for Code {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding code {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_in_code_order_and_codes_unique() {
        assert_eq!(ENTRIES.len(), Code::ALL.len());
        for (index, (entry, code)) in ENTRIES.iter().zip(Code::ALL).enumerate() {
            assert_eq!(entry.code, *code);
            assert_eq!(*code as usize, index);
            assert!(
                Code::ALL[..index]
                    .iter()
                    .all(|other| other.as_str() != code.as_str()),
                "{code} twice"
            );
        }
    }

    #[test]
    fn codes_are_well_formed_and_their_prefix_fits_the_command() {
        for entry in entries() {
            let text = entry.code.as_str();
            assert!(
                text.len() == 6 && text[2..].bytes().all(|b| b.is_ascii_digit()),
                "{text}"
            );
            let prefix_fits = match entry.command() {
                Command::Inspect => text.starts_with("SI1") || text.starts_with("SI2"),
                Command::Validate => text.starts_with("SV"),
                Command::Convert => text.starts_with("SI5"),
                Command::Simulate => text.starts_with("SM"),
            };
            assert!(prefix_fits, "{text} is a {:?} code", entry.command());
            assert!(
                !entry.title.is_empty() && !entry.title.contains('\n'),
                "{text}"
            );
            assert!(entry.detail.ends_with('.'), "{text}: {}", entry.detail);
        }
    }

    #[test]
    fn import_failures_are_errors_with_a_platform_code() {
        for entry in entries() {
            if entry.command() == Command::Simulate && entry.code.as_str().starts_with("SM0") {
                assert_eq!(entry.severity, Severity::Error, "{}", entry.code);
                assert!(entry.platform_always().is_some(), "{}", entry.code);
            }
        }
    }

    #[test]
    fn superseded_diagnostics_point_at_validation_codes_of_the_same_platform_sense() {
        for entry in entries() {
            if let Some(by) = entry.superseded_by {
                assert_eq!(entry.command(), Command::Inspect, "{}", entry.code);
                assert_eq!(by.entry().command(), Command::Validate, "{}", entry.code);
                assert!(!entry.in_validation());
            }
        }
    }

    #[test]
    fn serializes_as_its_string() {
        let json = serde_json::to_string(&Code::SV0223).unwrap();
        assert_eq!(json, "\"SV0223\"");
        assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), Code::SV0223);
        assert!(serde_json::from_str::<Code>("\"SV9999\"").is_err());
        assert_eq!(Code::parse("SI5003"), Some(Code::SI5003));
    }
}
