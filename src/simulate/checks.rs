//! The package-level rules of an import, as an ordered list of checks.
//!
//! [`CHECKS`] is in the platform's precedence order (docs/simulation-rules.md,
//! "Rules and precedence", lists the same names in the same order; a test
//! compares them). Every failing check is reported, in list order, and the
//! first gives the import's error code. To add a rule: write one check function
//! here, put it in the list where the platform checks it, and test it.

use std::collections::HashSet;

use super::messages::*;
use super::{dependencies_satisfied, required_solution, Context, ImportError, Operation, Rule};
use crate::findings::Code;
use crate::inspect::{Inspection, CONTENT_TYPES_XML, CUSTOMIZATIONS_XML, SOLUTION_XML};
use crate::manifest::MissingDependency;
use crate::org::{compare_versions, InstalledSolution};
use crate::target::{
    online_into_on_premises, package_too_new, upload_overage, MajorMinor, PackageVersion,
};

/// When a check applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Applies {
    /// To every package, even one whose solution.xml cannot be read.
    Always,
    /// Only when solution.xml was read and says managed or unmanaged.
    ReadableManifest,
}

/// One package-level rule of the import.
pub(super) struct Check {
    /// The check function's name, as docs/simulation-rules.md lists it.
    #[cfg(test)]
    pub name: &'static str,
    /// The rule group its failure reports (the JSON's `rule`).
    pub rule: Rule,
    pub applies: Applies,
    pub run: fn(&Context<'_>) -> Option<ImportError>,
}

macro_rules! check {
    ($rule:ident, $applies:ident, $run:ident) => {
        Check {
            #[cfg(test)]
            name: stringify!($run),
            rule: Rule::$rule,
            applies: Applies::$applies,
            run: $run,
        }
    };
}

/// The package-level checks, in the platform's precedence order.
pub(super) const CHECKS: &[Check] = &[
    check!(Size, Always, over_upload_limit),
    check!(InvalidPackage, Always, not_a_solution_package),
    check!(PackageVersion, ReadableManifest, package_version_newer),
    check!(
        PackageVersion,
        ReadableManifest,
        package_from_crm_2011_or_earlier
    ),
    check!(
        OnlineToOnPremises,
        ReadableManifest,
        online_package_on_premises_check
    ),
    check!(ManagedMode, ReadableManifest, installed_mode_differs),
    check!(ManagedMode, ReadableManifest, patch_parent_mode_differs),
    check!(ManagedMode, Always, default_solution_as_managed),
    check!(Publisher, ReadableManifest, publisher_differs),
    check!(
        VersionAndHolding,
        ReadableManifest,
        holding_solution_pending
    ),
    check!(VersionAndHolding, ReadableManifest, version_not_raised),
    check!(
        VersionAndHolding,
        ReadableManifest,
        patch_parent_not_installed
    ),
    check!(VersionAndHolding, ReadableManifest, patch_version_unfit),
    check!(MissingDependencies, ReadableManifest, dependencies_missing),
];

/// Every failing check's error, in precedence order.
pub(super) fn package_errors(context: &Context<'_>) -> Vec<ImportError> {
    CHECKS
        .iter()
        .filter(|check| check.applies == Applies::Always || context.readable)
        .filter_map(|check| {
            let error = (check.run)(context)?;
            debug_assert_eq!(error.rule, check.rule, "{error:?}");
            Some(error)
        })
        .collect()
}

fn over_upload_limit(context: &Context<'_>) -> Option<ImportError> {
    upload_overage(context.package_bytes, &context.snapshot.target)
        .map(|overage| file_too_large(overage.package_bytes, context.snapshot))
}

fn not_a_solution_package(context: &Context<'_>) -> Option<ImportError> {
    let invalid = invalid_package_reasons(context.inspection);
    (!invalid.is_empty()).then(|| invalid_package(invalid))
}

fn package_version_newer(context: &Context<'_>) -> Option<ImportError> {
    let too_new = package_too_new(
        &context.inspection.manifest.package,
        &context.snapshot.target,
    )?;
    Some(package_version_too_new(
        &too_new.package.said(),
        context.snapshot,
    ))
}

/// The last package version the platform no longer imports: CRM 2011 wrote 5.0
/// (its message for 0x80048068 says so, whatever the organization's version).
const LAST_REFUSED_MAJOR: u32 = 5;

fn package_from_crm_2011_or_earlier(context: &Context<'_>) -> Option<ImportError> {
    let package = PackageVersion::of(&context.inspection.manifest.package)?;
    (package.major_minor.major <= LAST_REFUSED_MAJOR)
        .then(|| package_version_too_old(&package.said(), context.snapshot))
}

fn online_package_on_premises_check(context: &Context<'_>) -> Option<ImportError> {
    online_into_on_premises(
        &context.inspection.manifest.package,
        &context.snapshot.target,
    )
    .then(online_package_on_premises)
}

fn installed_mode_differs(context: &Context<'_>) -> Option<ImportError> {
    let installed = context.existing?;
    if installed.built_in {
        Some(built_in_solution(installed))
    } else if !installed.managed && context.managed {
        Some(managed_over_unmanaged(installed))
    } else if installed.managed && !context.managed {
        Some(unmanaged_over_managed(installed))
    } else {
        None
    }
}

fn patch_parent_mode_differs(context: &Context<'_>) -> Option<ImportError> {
    let parent = patch_parent(context)?;
    if parent.managed == context.managed {
        return None;
    }
    Some(if parent.managed {
        unmanaged_over_managed(parent)
    } else {
        managed_over_unmanaged(parent)
    })
}

fn default_solution_as_managed(context: &Context<'_>) -> Option<ImportError> {
    context
        .inspection
        .manifest
        .is_default_solution_as_managed()
        .then(default_as_managed)
}

fn publisher_differs(context: &Context<'_>) -> Option<ImportError> {
    let installed = context.existing?;
    let solution = context.solution;
    // Built-in solutions and a mode mismatch fail above instead.
    let same_managed = !installed.built_in && installed.managed && context.managed;
    (same_managed
        && !installed
            .publisher
            .eq_ignore_ascii_case(&solution.publisher))
    .then(|| {
        wrong_publisher(
            &solution.unique_name,
            &installed.publisher,
            &solution.publisher,
        )
    })
}

/// The installed managed solution a managed package goes over.
fn installed_managed<'a>(context: &Context<'a>) -> Option<&'a InstalledSolution> {
    context
        .existing
        .filter(|installed| installed.managed && context.managed)
}

fn holding_solution_pending(context: &Context<'_>) -> Option<ImportError> {
    let installed = installed_managed(context)?;
    let holding = context.snapshot.pending_holding(&installed.unique_name)?;
    Some(holding_exists(&holding.unique_name))
}

fn version_not_raised(context: &Context<'_>) -> Option<ImportError> {
    let installed = installed_managed(context)?;
    let version = &context.solution.version;
    let raised = compare_versions(version, &installed.version) == std::cmp::Ordering::Greater;
    (matches!(context.operation, Operation::Upgrade | Operation::Stage) && !raised)
        .then(|| version_not_higher(version, &installed.version))
}

/// The installed parent of a patch package.
fn patch_parent<'a>(context: &Context<'a>) -> Option<&'a InstalledSolution> {
    context
        .snapshot
        .solution(context.solution.patch_of.as_deref()?)
}

fn patch_parent_not_installed(context: &Context<'_>) -> Option<ImportError> {
    let parent_name = context.solution.patch_of.as_deref()?;
    context
        .snapshot
        .solution(parent_name)
        .is_none()
        .then(|| patch_parent_missing(&context.solution.unique_name, parent_name))
}

fn patch_version_unfit(context: &Context<'_>) -> Option<ImportError> {
    let parent = patch_parent(context)?;
    let version = &context.solution.version;
    let same_major_minor = matches!(
        (MajorMinor::parse(&parent.version), MajorMinor::parse(version)),
        (Some(parent), Some(patch)) if parent == patch
    );
    let higher = compare_versions(version, &parent.version) == std::cmp::Ordering::Greater;
    (!same_major_minor || !higher).then(|| patch_version_invalid(version, &parent.version))
}

fn dependencies_missing(context: &Context<'_>) -> Option<ImportError> {
    let manifest = &context.inspection.manifest;
    if manifest.missing_dependencies.is_empty() {
        return None;
    }
    let package_keys: HashSet<&str> = context.keys.iter().map(String::as_str).collect();
    let satisfied = dependencies_satisfied(
        &manifest.missing_dependencies,
        context.snapshot,
        &package_keys,
    );
    let missing: Vec<(&MissingDependency, Option<&str>)> = manifest
        .missing_dependencies
        .iter()
        .zip(satisfied)
        .filter(|(_, satisfied)| !satisfied)
        .map(|(dependency, _)| dependency)
        .map(|dependency| {
            let installed = required_solution(dependency)
                .and_then(|(name, _)| context.snapshot.solution(name))
                .filter(|solution| !solution.built_in)
                .map(|solution| solution.version.as_str());
            (dependency, installed)
        })
        .collect();
    (!missing.is_empty()).then(|| missing_dependencies(&context.solution.unique_name, &missing))
}

fn invalid_package_reasons(inspection: &Inspection) -> Vec<String> {
    let mut reasons = Vec::new();
    for required in [SOLUTION_XML, CUSTOMIZATIONS_XML, CONTENT_TYPES_XML] {
        if !inspection
            .files
            .iter()
            .any(|file| file.path.eq_ignore_ascii_case(required))
        {
            reasons.push(format!("{required} is missing from the root of the zip"));
        }
    }
    if reasons.is_empty() && !inspection.has_manifest {
        reasons.push("solution.xml cannot be read as a solution manifest".to_owned());
    }
    if inspection.has_manifest && inspection.manifest.managed().is_none() {
        reasons.push(format!(
            "<Managed> is {:?}; an importable package says 0 or 1 (2 marks an unpacked SolutionPackager folder)",
            inspection.manifest.managed_raw
        ));
    }
    if inspection.has_manifest && inspection.manifest.unique_name.trim().is_empty() {
        reasons.push("solution.xml names no solution (<UniqueName> is empty)".to_owned());
    }
    for diagnostic in &inspection.diagnostics {
        if diagnostic.severity == crate::model::Severity::Error
            && diagnostic.code == Code::SI1003
            && diagnostic.file.as_deref() == Some(CUSTOMIZATIONS_XML)
        {
            reasons.push(format!(
                "customizations.xml is not well-formed XML: {}",
                diagnostic.message
            ));
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check names of docs/simulation-rules.md's precedence table, in its order.
    fn documented_checks() -> Vec<String> {
        let docs = include_str!("../../docs/simulation-rules.md");
        let table = docs
            .split("## Rules and precedence")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("the precedence section");
        table
            .lines()
            .filter(|line| line.starts_with('|'))
            .filter_map(|line| line.split('|').nth(3))
            .filter_map(|cell| {
                let cell = cell.trim();
                cell.strip_prefix('`')?.strip_suffix('`').map(str::to_owned)
            })
            .collect()
    }

    #[test]
    fn the_check_list_is_the_documented_order() {
        let listed: Vec<&str> = CHECKS.iter().map(|check| check.name).collect();
        assert_eq!(documented_checks(), listed);
    }

    #[test]
    fn rule_groups_follow_the_list() {
        // The JSON's `rule` groups come in the order the checks run, components last.
        let rules: Vec<Rule> = CHECKS.iter().map(|check| check.rule).collect();
        assert!(rules.windows(2).all(|pair| pair[0] <= pair[1]), "{rules:?}");
        assert!(rules.iter().all(|rule| *rule < Rule::Component));
    }
}
