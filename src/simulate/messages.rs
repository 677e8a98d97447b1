//! The simulation's import failures, each with its plain-words explanation.
//!
//! Each is made from its catalogue code (`crate::findings`), which gives its platform
//! error (`crate::platform`: code, name and message, from the Dataverse error-code
//! table, [ERR] in DOMAIN.md, and the support articles DOMAIN.md section 6 cites).

use crate::manifest::MissingDependency;
use crate::model::Component;
use crate::org::{Snapshot, HOLDING_SUFFIX};
use crate::units::{count_of, human_size};

use super::{ImportError, MissingInOrg, Operation, Rule};
use crate::findings::Code;

/// The failure of this code, with the platform's message for it (`arguments` fill
/// its `{0}`, `{1}`…): code, name and message come from the catalogue.
fn error(rule: Rule, code: Code, arguments: &[&str], explanation: String) -> ImportError {
    let message = code
        .entry()
        .platform_always()
        .map(|platform| platform.message_with(arguments))
        .unwrap_or_default();
    error_with_message(rule, code, message, explanation)
}

/// The failure of this code with a message of its own (where the platform's text
/// depends on the cause: the captured import logs give it).
fn error_with_message(rule: Rule, code: Code, message: String, explanation: String) -> ImportError {
    let platform = code.entry().platform_always();
    ImportError {
        rule,
        code: platform.map_or("", |platform| platform.hex()).to_owned(),
        name: platform.map_or("", |platform| platform.name()).to_owned(),
        message,
        explanation,
        component: None,
        details: Vec::new(),
        dependencies: Vec::new(),
    }
}

pub fn file_too_large(package_bytes: u64, snapshot: &Snapshot) -> ImportError {
    let how = match snapshot.deployment {
        crate::org::Deployment::OnPremises => {
            "an administrator can raise it (maxRequestLength in the CRM web application's web.config) and set it back afterwards"
        }
        crate::org::Deployment::Online => "make the package smaller or split it into several solutions",
    };
    error(
        Rule::Size,
        Code::SM0101,
        &[],
        format!(
            "the file is {}, more than this organization's upload limit of {}; {how}.",
            human_size(package_bytes),
            human_size(snapshot.limits.upload_bytes)
        ),
    )
}

pub fn invalid_package(reasons: Vec<String>) -> ImportError {
    let mut failure = error(
        Rule::InvalidPackage,
        Code::SM0201,
        &[],
        format!("this is not a valid solution file: {}.", reasons.join("; ")),
    );
    failure.details = reasons;
    failure
}

pub fn package_version_too_new(package_version: &str, snapshot: &Snapshot) -> ImportError {
    error(
        Rule::PackageVersion,
        Code::SM0301,
        &[&snapshot.package_version()],
        format!(
            "the package was exported from version {package_version}, newer than this organization ({}); export it from an organization of version {} or earlier.",
            snapshot.version,
            snapshot.package_version()
        ),
    )
}

pub fn package_version_too_old(package_version: &str, snapshot: &Snapshot) -> ImportError {
    error(
        Rule::PackageVersion,
        Code::SM0302,
        &[&snapshot.package_version()],
        format!(
            "the package was exported from version {package_version}, that is Dynamics CRM 2011 or earlier, and this organization imports no package that old; import it into an organization of an intermediate version (CRM 2013 to 2016), then export it again from there."
        ),
    )
}

pub fn online_package_on_premises() -> ImportError {
    error(
        Rule::OnlineToOnPremises,
        Code::SM0401,
        &[],
        "the package was exported from an online organization, and on-premises organizations refuse those; simulate against the online snapshot instead.".into(),
    )
}

pub fn managed_over_unmanaged(installed: &crate::org::InstalledSolution) -> ImportError {
    error(
        Rule::ManagedMode,
        Code::SM0501,
        &[],
        format!(
            "a managed solution must not be imported back into the organization it was made in: here its unmanaged original {} {} is installed, so the managed package cannot go over it. Import it into another organization, or delete the unmanaged solution first.",
            installed.unique_name, installed.version
        ),
    )
}

pub fn unmanaged_over_managed(installed: &crate::org::InstalledSolution) -> ImportError {
    error(
        Rule::ManagedMode,
        Code::SM0502,
        &[],
        format!(
            "{} {} is installed here as managed, and this package is unmanaged; import the managed export instead, or uninstall the managed solution first.",
            installed.unique_name, installed.version
        ),
    )
}

pub fn built_in_solution(installed: &crate::org::InstalledSolution) -> ImportError {
    error(
        Rule::ManagedMode,
        Code::SM0503,
        &[&installed.unique_name],
        format!(
            "{} is one of the platform's own solutions; a package cannot replace it.",
            installed.unique_name
        ),
    )
}

pub fn default_as_managed() -> ImportError {
    error(
        Rule::ManagedMode,
        Code::SM0504,
        &[],
        "the default solution cannot be managed.".into(),
    )
}

pub fn wrong_publisher(unique_name: &str, installed: &str, package: &str) -> ImportError {
    error(
        Rule::Publisher,
        Code::SM0601,
        &[unique_name, installed, package],
        format!(
            "{unique_name} is installed here from publisher {installed}, and this package comes from {package}; a managed solution keeps its publisher."
        ),
    )
}

pub fn holding_exists(holding: &str) -> ImportError {
    error_with_message(
        Rule::VersionAndHolding,
        Code::SM0701,
        format!("Solution manifest import: FAILURE: Holding solution {holding} already exists."),
        format!(
            "an upgrade is pending: the holding solution {holding} is installed; apply the upgrade (or delete {holding}) before importing again."
        ),
    )
}

pub fn version_not_higher(package: &str, installed: &str) -> ImportError {
    error(
        Rule::VersionAndHolding,
        Code::SM0702,
        &[],
        format!(
            "version {package} is not higher than the installed {installed}; raise the version, or choose update to re-install it."
        ),
    )
}

pub fn patch_parent_missing(patch: &str, parent: &str) -> ImportError {
    let mut failure = error(
        Rule::VersionAndHolding,
        Code::SM0703,
        &[patch, parent],
        format!(
            "{patch} is a patch of {parent}, which is not installed here; install {parent} first."
        ),
    );
    failure.details = vec![parent.to_owned()];
    failure
}

pub fn patch_version_invalid(patch: &str, parent: &str) -> ImportError {
    error_with_message(
        Rule::VersionAndHolding,
        Code::SM0704,
        format!("Solution manifest import: FAILURE: Patch version {patch} is invalid for parent version {parent}"),
        format!(
            "a patch must keep its parent's major.minor and be higher than it; {patch} does not fit the installed parent {parent}."
        ),
    )
}

/// Each missing component with, when its solution is installed here, the version
/// that lacks it (`installed`: the version of the solution each one names, if any).
pub fn missing_dependencies(
    unique_name: &str,
    missing: &[(&MissingDependency, Option<&str>)],
) -> ImportError {
    let details: Vec<String> = missing
        .iter()
        .map(|(dependency, installed)| match installed {
            Some(version) => format!(
                "{}; that solution is installed here at version {version}, without this component",
                dependency.describe()
            ),
            None => dependency.describe(),
        })
        .collect();
    let mut failure = error(
        Rule::MissingDependencies,
        Code::SM0801,
        &[unique_name],
        format!(
            "{} the package needs {} not in this organization: {}.",
            count_of(details.len(), "component"),
            if details.len() == 1 { "is" } else { "are" },
            details.join("; ")
        ),
    );
    failure.details = details;
    failure.dependencies = missing
        .iter()
        .map(|(dependency, installed)| MissingInOrg {
            dependency: (*dependency).clone(),
            installed_version: installed.map(str::to_owned),
        })
        .collect();
    failure
}

pub fn upgrade_dependencies_exist(
    solution: &str,
    required: &str,
    dependents: &[String],
) -> ImportError {
    let mut failure = error(
        Rule::Component,
        Code::SM0901,
        &[],
        format!(
            "the new version drops {required}, but {} still {} it; the upgrade stops after the import as holding solution and leaves {solution}{HOLDING_SUFFIX} pending beside {solution}.",
            dependents.join(", "),
            if dependents.len() == 1 { "needs" } else { "need" }
        ),
    );
    failure.component = Some(required.to_owned());
    failure.details = dependents.to_vec();
    failure
}

pub fn cannot_overwrite_active(label: &str, component: &Component) -> ImportError {
    let kind = component.kind.label();
    let id = component.id.as_deref().unwrap_or(&component.name);
    let mut failure = error(
        Rule::Component,
        Code::SM0902,
        &[kind, &component.name, id],
        format!(
            "{label} exists here only as an unmanaged customization; import with convert to managed, or delete the unmanaged component first."
        ),
    );
    failure.component = Some(crate::org::package_component_key(component));
    failure
}

pub fn managed_property_failure(
    label: &str,
    component: &Component,
    operation: Operation,
    property: &str,
) -> ImportError {
    let id = component.id.as_deref().unwrap_or(&component.name);
    let mut failure = error(
        Rule::Component,
        Code::SM0903,
        &[
            component.kind.label(),
            id,
            match operation {
                Operation::Install => "Create",
                _ => "Update",
            },
            &format!(
                "Managed Property Name: {property}; Component Name: {}",
                component.name
            ),
        ],
        format!(
            "the managed properties in force on {label} forbid this change ({property} is off); only its publisher can change it."
        ),
    );
    failure.component = Some(crate::org::package_component_key(component));
    failure
}
