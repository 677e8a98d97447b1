//! The text of `solinspect validate`: answers first (the verdict, what decides it, the
//! missing dependencies by solution, the findings by code), then what the receiving
//! organization may change; with `verbose`, every finding, worst first, as well.

use std::fmt::Write;

use crate::inspect::Inspection;
use crate::units::count_of;
use crate::validate::{Finding, Validation};

use super::answers_text::write_answers;

pub fn to_text(inspection: &Inspection, validation: &Validation, verbose: bool) -> String {
    let manifest = &inspection.manifest;
    let profile = &validation.profile;
    let mut out = String::new();
    let answers = crate::answers::of_validation(inspection, validation);
    let name = if manifest.unique_name.is_empty() {
        "(no solution name)"
    } else {
        manifest.unique_name.as_str()
    };
    write_answers(&mut out, &answers, verbose);
    let _ = writeln!(
        out,
        "Checked {name} {} against {}: upload limit {}",
        manifest.version,
        profile.label(),
        crate::units::human_size(profile.max_upload_bytes())
    );
    if let Some(checked) = &validation.organization {
        let _ = writeln!(
            out,
            "Missing dependencies checked against the organization {}: it has {} of {}",
            checked.name,
            checked.satisfied.len(),
            manifest.missing_dependencies.len()
        );
    }
    if verbose {
        for finding in &validation.findings {
            let _ = writeln!(out, "{}", finding_line(finding));
        }
    }
    let counts = validation.counts;
    let _ = writeln!(
        out,
        "{}, {}, {} information{}",
        count_of(counts.errors, "error"),
        count_of(counts.warnings, "warning"),
        counts.information,
        if verbose || validation.findings.is_empty() {
            ""
        } else {
            " (--verbose lists every finding)"
        }
    );
    let summary = &validation.managed_properties;
    if !summary.by_kind.is_empty() {
        let _ = writeln!(
            out,
            "\nManaged properties ({}): {} carry them, {} locked (IsCustomizable = 0)",
            if summary.applies {
                "in force: the package is managed"
            } else {
                "not in force until the package is imported as managed"
            },
            count_of(summary.components_with_properties, "component"),
            summary.locked_components
        );
        for kind in &summary.by_kind {
            let _ = writeln!(
                out,
                "  {} ({}, {} locked)",
                kind.label, kind.components, kind.locked
            );
            for tally in &kind.properties {
                let invalid = if tally.invalid > 0 {
                    format!(", {} invalid", tally.invalid)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "    {:<40} may change {:>4}, may not {:>4}{invalid}",
                    tally.label, tally.allowed, tally.denied
                );
            }
        }
    }
    // Names from the package may hold terminal escapes: never print them raw.
    crate::text::printable(&out).into_owned()
}

/// One finding as compilers print: severity, code, platform code, where (the component
/// by its kind's noun, never its key), message.
fn finding_line(finding: &Finding) -> String {
    let platform = finding
        .platform_code
        .map(|code| format!(" [{code}]"))
        .unwrap_or_default();
    let mut place = finding.location.describe();
    if !place.is_empty() {
        place.push_str(": ");
    }
    format!(
        "{} {}{platform} {place}{}",
        finding.severity.label(),
        finding.code,
        finding.message
    )
}
