//! The text of `solinspect validate`: findings worst first, then what the
//! receiving organization may change.

use std::fmt::Write;

use crate::inspect::Inspection;
use crate::validate::Validation;

pub fn to_text(inspection: &Inspection, validation: &Validation) -> String {
    let manifest = &inspection.manifest;
    let profile = &validation.profile;
    let mut out = String::new();
    let name = if manifest.unique_name.is_empty() {
        "(no solution name)"
    } else {
        manifest.unique_name.as_str()
    };
    let _ = writeln!(
        out,
        "{name} {} against {}: upload limit {}",
        manifest.version,
        profile.label(),
        crate::units::human_size(profile.max_upload_bytes())
    );
    for finding in &validation.findings {
        let platform = finding
            .platform_code
            .map(|code| format!(" [{code}]"))
            .unwrap_or_default();
        let location = finding.location.describe();
        let location = if location.is_empty() {
            String::new()
        } else {
            format!("{location}: ")
        };
        let _ = writeln!(
            out,
            "{} {}{platform} {location}{}",
            finding.severity.label(),
            finding.code,
            finding.message
        );
    }
    let counts = validation.counts;
    let _ = writeln!(
        out,
        "{} error(s), {} warning(s), {} information",
        counts.errors, counts.warnings, counts.information
    );
    let summary = &validation.managed_properties;
    if !summary.by_kind.is_empty() {
        let _ = writeln!(
            out,
            "\nManaged properties ({}): {} component(s) carry them, {} locked (IsCustomizable = 0)",
            if summary.applies {
                "in force: the package is managed"
            } else {
                "not in force until the package is imported as managed"
            },
            summary.components_with_properties,
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
