//! Missing dependencies: what the target organization must already have.

use super::{Category, Finding};
use crate::inspect::{Inspection, SOLUTION_XML};
use crate::model::Severity;

#[inline(never)] // see `validate_with_content_types`
pub(super) fn check(inspection: &Inspection, findings: &mut Vec<Finding>) {
    for dependency in &inspection.manifest.missing_dependencies {
        findings.push(
            Finding::new(
                "SV0401",
                Severity::Warning,
                Category::Dependencies,
                format!(
                    "the target organization must already have this: the package {}; without it the import fails with \"Some dependencies are missing\"",
                    dependency.describe()
                ),
            )
            .in_file(SOLUTION_XML)
            .at_line(dependency.line)
            .platform("0x8004801D"),
        );
    }
}
