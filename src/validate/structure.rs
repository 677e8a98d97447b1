//! Structure: root files, root components, payload files, content types,
//! version strings, package version and SKU, duplicate keys, the Managed flag.

use std::collections::BTreeMap;

use super::{ContentTypes, Finding, Profile};
use crate::findings::Code;
use crate::inspect::{Inspection, CONTENT_TYPES_XML, CUSTOMIZATIONS_XML, SOLUTION_XML};
use crate::model::{ComponentKind, Severity};
use crate::target::{online_into_on_premises, package_too_new};

#[inline(never)] // see `validate_with_content_types`
pub(super) fn check(
    inspection: &Inspection,
    content_types: Option<&ContentTypes>,
    profile: &Profile,
    findings: &mut Vec<Finding>,
) {
    let missing_roots = root_files(inspection, findings);
    // When customizations.xml is absent or broke off, every root component after
    // the break would look undefined; the reading error says it better.
    let customizations_read = !missing_roots.contains(&CUSTOMIZATIONS_XML)
        && !inspection.diagnostics.iter().any(|diagnostic| {
            diagnostic.severity == Severity::Error
                && diagnostic
                    .file
                    .as_deref()
                    .is_some_and(|file| file.eq_ignore_ascii_case(CUSTOMIZATIONS_XML))
        });
    if customizations_read {
        root_components(inspection, findings);
    }
    payload_files(inspection, findings);
    if let Some(content_types) = content_types {
        content_type_coverage(inspection, content_types, findings);
    }
    if inspection.has_manifest {
        version_format(inspection, findings);
        managed_value(inspection, findings);
        default_solution_as_managed(inspection, findings);
    }
    package_version(inspection, profile, findings);
    duplicate_keys(inspection, findings);
}

const REQUIRED_ROOT_FILES: [&str; 3] = [SOLUTION_XML, CUSTOMIZATIONS_XML, CONTENT_TYPES_XML];

/// Returns the required root files that are missing.
fn root_files(inspection: &Inspection, findings: &mut Vec<Finding>) -> Vec<&'static str> {
    let mut missing = Vec::new();
    for required in REQUIRED_ROOT_FILES {
        if let Some(file) = inspection
            .files
            .iter()
            .find(|file| file.path.eq_ignore_ascii_case(required))
        {
            // OPC part names compare case-insensitively, so the platform finds
            // the file; no export writes it so, though.
            if !inspection.files.iter().any(|file| file.path == required) {
                findings.push(
                    Finding::new(
                        Code::SV0213,
                        format!(
                            "The root file is stored as {} instead of {required}; the names compare without regard to case in the package format, but exports always write {required}",
                            file.path
                        ),
                    )
                    .in_file(&file.path),
                );
            }
            continue;
        }
        missing.push(required);
        let nested = inspection.files.iter().find(|file| {
            file.path
                .rsplit_once('/')
                .is_some_and(|(_, name)| name.eq_ignore_ascii_case(required))
        });
        let hint = match nested {
            Some(file) => format!(
                "; it is at {}, one folder down: zip the folder's contents, not the folder (a GitHub source download has this shape)",
                file.path
            ),
            None => String::new(),
        };
        findings.push(
            Finding::new(
                Code::SV0201,
                format!(
                    "The package has no {required} at its root; a solution zip must contain solution.xml, customizations.xml and [Content_Types].xml at its root{hint}"
                ),
            )
            .in_file(required),
        );
    }
    missing
}

fn root_components(inspection: &Inspection, findings: &mut Vec<Finding>) {
    for root in &inspection.manifest.root_components {
        if root.matched.is_some() {
            continue;
        }
        let kinds = ComponentKind::from_type_attribute(&root.type_code);
        let name = root
            .schema_name
            .as_deref()
            .or(root.id.as_deref())
            .unwrap_or("(unnamed)");
        let label = crate::manifest::type_label(&root.type_code);
        let finding = if kinds.is_empty() {
            Finding::new(
                Code::SV0203,
                format!(
                    "Root component {name} has type {}, which this tool does not map to a kind of component, so it cannot tell whether customizations.xml defines it",
                    root.type_code
                ),
            )
        } else {
            Finding::new(
                Code::SV0202,
                format!(
                    "Root component {label} {name} is listed in solution.xml but customizations.xml does not define it; the import fails with \"Cannot add a Root Component\" unless the target organization already has it (exports omit unmodified components this way)"
                ),
            )
        };
        findings.push(finding.in_file(SOLUTION_XML).at_line(root.line));
    }
}

fn payload_files(inspection: &Inspection, findings: &mut Vec<Finding>) {
    let paths: BTreeMap<String, &str> = inspection
        .files
        .iter()
        .map(|file| (file.path.to_ascii_lowercase(), file.path.as_str()))
        .collect();
    // Keys are built only when a missing file needs its component's source:
    // building every component's key was a noticeable part of validation.
    let keys: Vec<String> = if inspection.missing_files.is_empty() {
        Vec::new()
    } else {
        inspection
            .components
            .iter()
            .map(|component| component.key())
            .collect()
    };
    let sources: BTreeMap<&str, (&str, u32)> = keys
        .iter()
        .zip(&inspection.components)
        .map(|(key, component)| {
            (
                key.as_str(),
                (component.source.file.as_str(), component.source.line),
            )
        })
        .collect();
    for (component, path) in &inspection.missing_files {
        // Names with this prefix sort together, right after it.
        let with_extension = format!("{}.", path.to_ascii_lowercase());
        let near_miss = paths
            .range(with_extension.clone()..)
            .next()
            .filter(|(candidate, _)| candidate.starts_with(&with_extension))
            .map(|(_, original)| *original);
        let hint = match near_miss {
            Some(file) => format!(
                "; the zip has {file}, whose name differs by its extension (the file name in customizations.xml and the zip entry must be the same)"
            ),
            None => String::new(),
        };
        let source = sources
            .get(component.as_str())
            .map(|(file, line)| (file.to_string(), *line));
        let mut finding = Finding::new(
            Code::SV0204,
            format!(
                "{} names the file {path}, which is not in the zip{hint}",
                crate::units::sentence(&crate::model::describe_key(component))
            ),
        )
        .for_component(component.clone());
        if let Some((file, line)) = source {
            finding = finding.in_file(&file).at_line(line);
        }
        findings.push(finding);
    }
    for path in &inspection.unreferenced_files {
        findings.push(
            Finding::new(
                Code::SV0205,
                format!(
                    "{path} is in the zip but no component in customizations.xml names or owns it; the import ignores it"
                ),
            )
            .in_file(path),
        );
    }
}

fn content_type_coverage(
    inspection: &Inspection,
    content_types: &ContentTypes,
    findings: &mut Vec<Finding>,
) {
    for file in &inspection.files {
        if file.path.eq_ignore_ascii_case(CONTENT_TYPES_XML) || content_types.covers(&file.path) {
            continue;
        }
        let mut finding = Finding::new(
            Code::SV0207,
            format!(
                "{CONTENT_TYPES_XML} gives {} no content type (no <Override PartName=\"/{}\"/> and no <Default Extension/> for its extension); a package reader that follows the Open Packaging Conventions does not see it",
                file.path, file.path
            ),
        )
        .in_file(&file.path);
        if let Some(component) = &file.component {
            finding = finding.for_component(component.clone());
        }
        findings.push(finding);
    }
}

/// `major.minor[.build[.revision]]`, each part a number the platform can store.
pub fn is_valid_version(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    (2..=4).contains(&parts.len())
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.bytes().all(|byte| byte.is_ascii_digit())
                && part.parse::<i32>().is_ok()
        })
}

fn version_format(inspection: &Inspection, findings: &mut Vec<Finding>) {
    let version = &inspection.manifest.version;
    if is_valid_version(version) {
        return;
    }
    findings.push(
        Finding::new(
            Code::SV0208,
            format!(
                "The solution version {version:?} is not major.minor[.build[.revision]] with whole numbers (e.g. 1.0.0.1)"
            ),
        )
        .in_file(SOLUTION_XML),
    );
}

fn default_solution_as_managed(inspection: &Inspection, findings: &mut Vec<Finding>) {
    if inspection.manifest.is_default_solution_as_managed() {
        findings.push(
            Finding::new(
                Code::SV0214,
                "solution.xml names the Default solution and says it is managed (<Managed>1</Managed>): the platform imports the Default solution only unmanaged; export your own solution instead".to_string(),
            )
            .in_file(SOLUTION_XML),
        );
    }
}

fn managed_value(inspection: &Inspection, findings: &mut Vec<Finding>) {
    let raw = inspection.manifest.managed_raw.trim();
    if inspection.manifest.managed().is_some() {
        return;
    }
    let explanation = if raw == "2" {
        "2 means \"both\": SolutionPackager and pac solution unpack write it into an unpacked source folder; pack the folder as Managed or Unmanaged first"
    } else if raw.is_empty() {
        "the element is missing or empty"
    } else {
        "it is neither 0 nor 1"
    };
    findings.push(
        Finding::new(
            Code::SV0212,
            format!(
                "<Managed> in solution.xml is {raw:?}; a package must say 0 (unmanaged) or 1 (managed): {explanation}"
            ),
        )
        .in_file(SOLUTION_XML),
    );
}

fn package_version(inspection: &Inspection, profile: &Profile, findings: &mut Vec<Finding>) {
    let package = &inspection.manifest.package;
    if let Some(too_new) = package_too_new(package, &profile.target) {
        let (written, target) = (too_new.package.written, too_new.target);
        findings.push(
            Finding::new(
                Code::SV0209,
                format!(
                    "The package version is {written}, newer than the target organization's version {}; an organization only imports packages of its own version or earlier (re-export from an organization of version {}.{} or earlier)",
                    profile.target.version, target.major, target.minor
                ),
            )
            .in_file(SOLUTION_XML),
        );
    }
    if online_into_on_premises(package, &profile.target) {
        findings.push(
            Finding::new(
                Code::SV0210,
                "The package was exported from an online organization (generatedBy=\"CrmLive\") and the target is on-premises; on-premises organizations refuse packages exported online",
            )
            .in_file(SOLUTION_XML),
        );
    }
}

fn duplicate_keys(inspection: &Inspection, findings: &mut Vec<Finding>) {
    let mut seen: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, component) in inspection.components.iter().enumerate() {
        // Step images are named per step, and unnamed components are already reported.
        if component.kind == ComponentKind::SdkMessageProcessingStepImage
            || component.name == "(unnamed)"
        {
            continue;
        }
        seen.entry(component.key().to_ascii_lowercase())
            .or_default()
            .push(index);
    }
    for indexes in seen.values().filter(|indexes| indexes.len() > 1) {
        let Some(first) = indexes
            .first()
            .and_then(|&index| inspection.components.get(index))
        else {
            continue;
        };
        let lines: Vec<String> = indexes
            .iter()
            .filter_map(|&index| inspection.components.get(index))
            .map(|component| component.source.line.to_string())
            .collect();
        findings.push(
            Finding::new(
                Code::SV0211,
                format!(
                    "{} {} is defined {} times (lines {}); each component may be defined once",
                    first.kind.label(),
                    first.name,
                    indexes.len(),
                    lines.join(", ")
                ),
            )
            .in_file(&first.source.file)
            .at_line(first.source.line)
            .for_component(first.key()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_strings() {
        for good in ["1.0", "1.0.0", "1.0.0.1", "2024.10.3.12"] {
            assert!(is_valid_version(good), "{good}");
        }
        for bad in [
            "",
            "1",
            "1.0.0.0.0",
            "1.a",
            "v1.0",
            "1..0",
            "1.0.99999999999",
            " 1.0",
        ] {
            assert!(!is_valid_version(bad), "{bad}");
        }
    }
}
