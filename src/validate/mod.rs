//! Validation: will the target accept this package, and what will it let the
//! receiving organization change afterwards?
//!
//! Every check reads an [`Inspection`] (plus, optionally, the parsed
//! `[Content_Types].xml`) and a target [`Profile`]; it returns findings with a
//! stable code, made from the catalogue (`crate::findings`, listed in docs/validate.md)
//! with its severity, category and platform code. No check reads the zip again except through [`validate_package`],
//! which inspects once and parses the content types part.

use serde::{Deserialize, Serialize};

pub use crate::findings::Category;
use crate::findings::Code;
use crate::inspect::{self, Inspection};
use crate::model::{Diagnostic, Severity};
use crate::org::Snapshot;
use crate::package::{OpenError, Package};
use crate::platform::PlatformError;
use crate::progress::Progress;

pub mod content_types;
mod dependencies;
mod managed;
mod naming;
pub mod profile;
mod size;
mod structure;

pub use content_types::ContentTypes;
pub use managed::{property_label, ComponentSummary, KindSummary, ManagedSummary, PropertyTally};
pub use profile::{Profile, ProfileKind, MB};
pub use size::heaviest_files;

/// Where a finding points: a file inside the zip (line and column where known)
/// and/or a component key (`kind:name`, as in the inspect JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

impl Location {
    /// `file:line:column`, as compilers print, and the component by its kind's noun
    /// and name ("(web resource new_/a.js)"), never its key.
    pub fn describe(&self) -> String {
        let mut text =
            crate::model::describe_location(self.file.as_deref(), self.line, self.column);
        if let Some(component) = &self.component {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&format!("({})", crate::model::describe_key(component)));
        }
        text
    }
}

/// A file and its size, for "which files weigh most".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileWeight {
    pub path: String,
    pub bytes: u64,
}

/// The numbers behind a size finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SizeMeasure {
    pub measured_bytes: u64,
    pub limit_bytes: u64,
    pub over_bytes: u64,
    /// The heaviest files, heaviest first (compressed sizes for the zip limits).
    pub heaviest: Vec<FileWeight>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable code: `SVnnnn` for validation checks, `SInnnn` for reading problems;
    /// severity, category and platform code are the catalogue's for it.
    pub code: Code,
    pub severity: Severity,
    pub category: Category,
    pub message: String,
    /// The platform's error code for the same problem, e.g. `0x80040375`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_code: Option<PlatformError>,
    pub location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<SizeMeasure>,
}

impl Finding {
    /// A finding of this code: its severity, category and (when every finding of the
    /// code has one) platform code come from the catalogue.
    pub fn new(code: Code, message: impl Into<String>) -> Finding {
        let entry = code.entry();
        Finding {
            code,
            severity: entry.severity,
            category: entry.category,
            message: message.into(),
            platform_code: entry.platform_always(),
            location: Location::default(),
            size: None,
        }
    }

    /// Gives this finding its code's platform error, for the codes whose findings
    /// have it only in some cases (`findings::Platform::When`).
    pub fn with_platform_code(mut self) -> Finding {
        self.platform_code = self.code.entry().platform.error();
        self
    }

    pub fn in_file(mut self, file: &str) -> Finding {
        self.location.file = Some(file.to_owned());
        self
    }

    pub fn at_line(mut self, line: u32) -> Finding {
        self.location.line = Some(line).filter(|line| *line > 0);
        self
    }

    pub fn for_component(mut self, key: impl Into<String>) -> Finding {
        self.location.component = Some(key.into());
        self
    }

    pub fn with_size(mut self, size: SizeMeasure) -> Finding {
        self.size = Some(size);
        self
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingCounts {
    pub errors: usize,
    pub warnings: usize,
    pub information: usize,
}

/// The result: findings, worst first, and what the receiving organization may change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    pub profile: Profile,
    pub counts: FindingCounts,
    pub findings: Vec<Finding>,
    pub managed_properties: ManagedSummary,
    /// The organization snapshot the missing dependencies were checked against, when
    /// one was given (the page's organization in use, `validate --org`). Boxed: the page
    /// passes validations in messages whose size should not grow for the common case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Box<DependenciesChecked>>,
}

/// Which of solution.xml's missing dependencies an organization already has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DependenciesChecked {
    /// The snapshot's name ("Online 9.2 (default)", "Test").
    pub name: String,
    /// Indexes into the manifest's `missing_dependencies` of those it has.
    pub satisfied: Vec<usize>,
}

impl Validation {
    pub fn has_errors(&self) -> bool {
        self.counts.errors > 0
    }

    pub fn codes(&self) -> Vec<&'static str> {
        self.findings
            .iter()
            .map(|finding| finding.code.as_str())
            .collect()
    }
}

/// Validates an inspected package. Without the content types part the
/// `[Content_Types].xml` coverage check is skipped; [`validate_package`] does it.
pub fn validate(inspection: &Inspection, profile: &Profile) -> Validation {
    validate_with_content_types(inspection, None, profile, None)
}

/// Each check is a function of its own (`#[inline(never)]`), not merged into this one: V8
/// optimises a wasm function once it has done enough work, and this one runs once per
/// validation, so its optimised code would never run; a check alone is smaller to optimise.
///
/// With an organization snapshot, the missing dependencies it already has are
/// information (SV0402), checked per component as the simulation checks them.
pub fn validate_with_content_types(
    inspection: &Inspection,
    content_types: Option<&ContentTypes>,
    profile: &Profile,
    organization: Option<&Snapshot>,
) -> Validation {
    let mut findings = reading_findings(&inspection.diagnostics);
    size::check(inspection, profile, &mut findings);
    structure::check(inspection, content_types, profile, &mut findings);
    naming::check(inspection, &mut findings);
    let organization = dependencies::check(inspection, organization, &mut findings);
    let managed_properties = managed::check(inspection, &mut findings);

    // Worst first; within a severity, keep the order of the checks (stable sort).
    findings.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    Validation {
        profile: profile.clone(),
        counts: recount(&findings),
        findings,
        managed_properties,
        organization,
    }
}

/// Inspects the bytes once, parses `[Content_Types].xml`, and validates.
/// Fails only when the bytes are not a readable zip.
pub fn validate_package(
    bytes: &[u8],
    profile: &Profile,
) -> Result<(Inspection, Validation), OpenError> {
    validate_package_with_progress(bytes, profile, &mut |_| {})
}

/// [`validate_package`], reporting the bytes of the package's entries read so
/// far; the end (done = total) is reported once the validation is over too.
pub fn validate_package_with_progress(
    bytes: &[u8],
    profile: &Profile,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Inspection, Validation), OpenError> {
    validate_package_against(bytes, profile, None, progress)
}

/// [`validate_package_with_progress`] with the missing dependencies checked against an
/// organization snapshot (`solinspect validate --org`).
pub fn validate_package_against(
    bytes: &[u8],
    profile: &Profile,
    organization: Option<&Snapshot>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Inspection, Validation), OpenError> {
    let (inspection, mut meter) = inspect::inspect_metered(
        bytes,
        crate::package::ReadLimits::default(),
        inspect::Fingerprints::Skipped,
        progress,
    )?;
    let (content_types, problem) = read_content_types(bytes);
    let validation = validate_with_read_content_types(
        &inspection,
        content_types.as_ref(),
        problem,
        profile,
        organization,
    );
    meter.finish();
    Ok((inspection, validation))
}

/// Validates with a `[Content_Types].xml` already read by [`read_content_types`]
/// (the page reads it once per package and re-validates on every profile change).
pub fn validate_with_read_content_types(
    inspection: &Inspection,
    content_types: Option<&ContentTypes>,
    content_types_problem: Option<Finding>,
    profile: &Profile,
    organization: Option<&Snapshot>,
) -> Validation {
    let mut validation =
        validate_with_content_types(inspection, content_types, profile, organization);
    if let Some(problem) = content_types_problem {
        validation.findings.push(problem);
        validation
            .findings
            .sort_by_key(|finding| std::cmp::Reverse(finding.severity));
        validation.counts = recount(&validation.findings);
    }
    validation
}

#[inline(never)]
fn recount(findings: &[Finding]) -> FindingCounts {
    let mut counts = FindingCounts::default();
    for finding in findings {
        match finding.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Information => counts.information += 1,
        }
    }
    counts
}

/// Reads and parses the content types part; a part that will not parse is an
/// error finding (the platform opens the package through it).
pub fn read_content_types(bytes: &[u8]) -> (Option<ContentTypes>, Option<Finding>) {
    let Ok(mut package) = Package::open(bytes) else {
        return (None, None);
    };
    let Some(entry) = package.find(inspect::CONTENT_TYPES_XML) else {
        return (None, None);
    };
    let (index, path) = (entry.index, entry.path.clone());
    let data = match package.read(index) {
        Ok(data) => data,
        Err(err) => {
            let diagnostic = inspect::unreadable_entry(&path, &err);
            return (None, Some(from_diagnostic(&diagnostic)));
        }
    };
    let (text, _, _) = crate::text::decode(&data);
    match content_types::parse(&text) {
        Ok(parsed) => (Some(parsed), None),
        Err(error) => {
            let (line, column) = crate::text::line_column(&text, error.offset);
            let mut finding = Finding::new(
                Code::SV0206,
                format!("{path} cannot be read as a content types part: {}", error),
            )
            .in_file(&path)
            .at_line(line);
            finding.location.column = Some(column);
            (None, Some(finding))
        }
    }
}

/// Inspection diagnostics become findings with their own `SI` codes, except the
/// ones a validation check reports better (missing root files, invalid booleans:
/// `superseded_by` in the catalogue).
#[inline(never)]
fn reading_findings(diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code.entry().superseded_by.is_none())
        .map(from_diagnostic)
        .collect()
}

fn from_diagnostic(diagnostic: &Diagnostic) -> Finding {
    let mut finding = Finding::new(diagnostic.code, diagnostic.message.clone());
    finding.location = Location {
        file: diagnostic.file.clone(),
        line: diagnostic.line,
        column: diagnostic.column,
        component: None,
    };
    let is_root_xml = diagnostic.file.as_deref().is_some_and(|file| {
        file.eq_ignore_ascii_case(inspect::SOLUTION_XML)
            || file.eq_ignore_ascii_case(inspect::CUSTOMIZATIONS_XML)
    });
    // Malformed solution.xml / customizations.xml: ImportNonWellFormedFileError.
    if is_root_xml {
        finding = finding.with_platform_code();
    }
    finding
}

/// `1.4 MB (1,468,006 bytes)`.
pub(crate) fn bytes_text(bytes: u64) -> String {
    format!(
        "{} ({} bytes)",
        crate::units::human_size(bytes),
        crate::units::group_digits(bytes)
    )
}
