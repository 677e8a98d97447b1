//! Missing dependencies: what the target organization must already have. Given the
//! organization's snapshot, those it has are information, checked per component as the
//! simulation checks them (a solution being installed is not enough).

use std::collections::HashSet;

use super::{DependenciesChecked, Finding};
use crate::findings::Code;
use crate::inspect::{Inspection, SOLUTION_XML};
use crate::org::{package_component_key, Snapshot};
use crate::simulate::dependencies_satisfied;

#[inline(never)] // see `validate_with_content_types`
pub(super) fn check(
    inspection: &Inspection,
    organization: Option<&Snapshot>,
    findings: &mut Vec<Finding>,
) -> Option<Box<DependenciesChecked>> {
    let dependencies = &inspection.manifest.missing_dependencies;
    let package_keys: Vec<String> = match organization {
        Some(_) if !dependencies.is_empty() => inspection
            .components
            .iter()
            .map(package_component_key)
            .collect(),
        _ => Vec::new(),
    };
    let package_keys: HashSet<&str> = package_keys.iter().map(String::as_str).collect();
    let has = organization.map_or_else(Vec::new, |org| {
        dependencies_satisfied(dependencies, org, &package_keys)
    });
    let mut satisfied = Vec::new();
    for (index, dependency) in dependencies.iter().enumerate() {
        let finding = match organization {
            Some(org) if has[index] => {
                satisfied.push(index);
                Finding::new(
                    Code::SV0402,
                    format!(
                        "{} has this already: the package {}",
                        org.name,
                        dependency.describe()
                    ),
                )
            }
            Some(org) => Finding::new(
                Code::SV0401,
                format!(
                    "{} does not have this, and the import fails with \"Some dependencies are missing\" until it does: the package {}",
                    org.name,
                    dependency.describe()
                ),
            ),
            None => Finding::new(
                Code::SV0401,
                format!(
                    "The target organization must already have this: the package {}; without it the import fails with \"Some dependencies are missing\"",
                    dependency.describe()
                ),
            ),
        };
        findings.push(finding.in_file(SOLUTION_XML).at_line(dependency.line));
    }
    organization.map(|org| {
        Box::new(DependenciesChecked {
            name: org.name.clone(),
            satisfied,
        })
    })
}
