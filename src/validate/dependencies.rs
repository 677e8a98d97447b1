//! Missing dependencies: what the target organization must already have.

use super::Finding;
use crate::findings::Code;
use crate::inspect::{Inspection, SOLUTION_XML};

#[inline(never)] // see `validate_with_content_types`
pub(super) fn check(inspection: &Inspection, findings: &mut Vec<Finding>) {
    for dependency in &inspection.manifest.missing_dependencies {
        findings.push(
            Finding::new(
                Code::SV0401,
                format!(
                    "The target organization must already have this: the package {}; without it the import fails with \"Some dependencies are missing\"",
                    dependency.describe()
                ),
            )
            .in_file(SOLUTION_XML)
            .at_line(dependency.line),
        );
    }
}
