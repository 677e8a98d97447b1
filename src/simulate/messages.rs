//! The platform's error codes and messages, each with its plain-words explanation.
//!
//! Codes and texts come from the Dataverse error-code table ([ERR] in DOMAIN.md)
//! and the support articles DOMAIN.md section 6 cites.

use crate::manifest::MissingDependency;
use crate::model::Component;
use crate::org::{Snapshot, HOLDING_SUFFIX};
use crate::units::human_size;

use super::{ImportError, Operation, Rule};

pub const FILE_TOO_LARGE: &str = "0x80040375";
pub const BAD_ZIP: &str = "0x80048060";
pub const PACKAGE_VERSION: &str = "0x80048068";
pub const INVALID_SKU: &str = "0x8004806B";
pub const MANAGED_OVER_UNMANAGED: &str = "0x80048040";
pub const UNMANAGED_OVER_MANAGED: &str = "0x80048041";
pub const WRONG_PUBLISHER: &str = "0x8004801C";
pub const VERSION_NOT_HIGHER: &str = "0x80048541";
pub const INVALID_PATCH_OR_HOLDING: &str = "0x80048539";
pub const DEPENDENCY_SOLUTION: &str = "0x80048034";
pub const MISSING_DEPENDENCIES: &str = "0x8004801D";
pub const DEPENDENCIES_EXIST: &str = "0x8004F01D";
pub const CANNOT_OVERWRITE_ACTIVE: &str = "0x8004F016";
pub const MANAGED_PROPERTY: &str = "0x8004F026";
pub const LANGUAGES_IGNORED: &str = "0x80048026";
pub const DEFAULT_AS_MANAGED: &str = "0x80048049";
pub const SYSTEM_SOLUTION: &str = "0x80048046";

fn error(rule: Rule, code: &str, name: &str, message: String, explanation: String) -> ImportError {
    ImportError {
        rule,
        code: code.to_owned(),
        name: name.to_owned(),
        message,
        explanation,
        component: None,
        details: Vec::new(),
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
        FILE_TOO_LARGE,
        "ImportFileTooLargeToUpload",
        "The import file is too large to upload.".into(),
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
        BAD_ZIP,
        "ImportCustomizationsBadZipFileError",
        "The solution file is invalid. The compressed file must contain the following files at its root: solution.xml, customizations.xml, and [Content_Types].xml. Customization files exported from previous versions of Microsoft Dynamics 365 are not supported.".into(),
        format!("this is not a valid solution file: {}.", reasons.join("; ")),
    );
    failure.details = reasons;
    failure
}

pub fn package_version_too_new(package_version: &str, snapshot: &Snapshot) -> ImportError {
    error(
        Rule::PackageVersion,
        PACKAGE_VERSION,
        "ImportSolutionPackageInvalidSolutionPackageVersion",
        format!(
            "You can only import solutions with a package version of {} or earlier into this organization. Also, you can't import any solutions into this organization that were exported from Microsoft Dynamics 365 2011 or earlier.",
            snapshot.package_version()
        ),
        format!(
            "the package was exported from version {package_version}, newer than this organization ({}); export it from an organization of version {} or earlier.",
            snapshot.version,
            snapshot.package_version()
        ),
    )
}

pub fn online_package_on_premises() -> ImportError {
    error(
        Rule::OnlineToOnPremises,
        INVALID_SKU,
        "ImportSolutionPackageInvalidSku",
        "The solution package you are importing was generated on Microsoft Dynamics 365 Online, it cannot be imported into on-premises or hosted versions of Microsoft Dynamics 365.".into(),
        "the package was exported from an online organization, and on-premises organizations refuse those; simulate against the online snapshot instead.".into(),
    )
}

pub fn managed_over_unmanaged(installed: &crate::org::InstalledSolution) -> ImportError {
    error(
        Rule::ManagedMode,
        MANAGED_OVER_UNMANAGED,
        "ImportSolutionManagedToUnmanagedMismatch",
        "The solution is already installed on this system as an unmanaged solution and the package supplied is attempting to install it in managed mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.".into(),
        format!(
            "a managed solution must not be imported back into the organization it was made in: here its unmanaged original {} {} is installed, so the managed package cannot go over it. Import it into another organization, or delete the unmanaged solution first.",
            installed.unique_name, installed.version
        ),
    )
}

pub fn unmanaged_over_managed(installed: &crate::org::InstalledSolution) -> ImportError {
    error(
        Rule::ManagedMode,
        UNMANAGED_OVER_MANAGED,
        "ImportSolutionUnmanagedToManagedMismatch",
        "The solution is already installed on this system as a managed solution and the package supplied is attempting to install it in unmanaged mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.".into(),
        format!(
            "{} {} is installed here as managed, and this package is unmanaged; import the managed export instead, or uninstall the managed solution first.",
            installed.unique_name, installed.version
        ),
    )
}

pub fn built_in_solution(installed: &crate::org::InstalledSolution) -> ImportError {
    error(
        Rule::ManagedMode,
        SYSTEM_SOLUTION,
        "ImportSystemSolutionError",
        format!("The {} solution cannot be imported.", installed.unique_name),
        format!(
            "{} is one of the platform's own solutions; a package cannot replace it.",
            installed.unique_name
        ),
    )
}

pub fn default_as_managed() -> ImportError {
    error(
        Rule::ManagedMode,
        DEFAULT_AS_MANAGED,
        "ImportDefaultAsPackageError",
        "The package supplied for the default solution is trying to install it in managed mode. The default solution cannot be managed. In the XML for the default solution, set the Managed value back to \"false\" and try to import the solution again.".into(),
        "the default solution cannot be managed.".into(),
    )
}

pub fn wrong_publisher(unique_name: &str, installed: &str, package: &str) -> ImportError {
    error(
        Rule::Publisher,
        WRONG_PUBLISHER,
        "ImportWrongPublisherError",
        format!(
            "The following managed solution cannot be imported: {unique_name}. The publisher name cannot be changed from {installed} to {package}."
        ),
        format!(
            "{unique_name} is installed here from publisher {installed}, and this package comes from {package}; a managed solution keeps its publisher."
        ),
    )
}

pub fn holding_exists(holding: &str) -> ImportError {
    error(
        Rule::VersionAndHolding,
        INVALID_PATCH_OR_HOLDING,
        "ImportSolutionError",
        format!("Solution manifest import: FAILURE: Holding solution {holding} already exists."),
        format!(
            "an upgrade is pending: the holding solution {holding} is installed; apply the upgrade (or delete {holding}) before importing again."
        ),
    )
}

pub fn version_not_higher(package: &str, installed: &str) -> ImportError {
    error(
        Rule::VersionAndHolding,
        VERSION_NOT_HIGHER,
        "ImportSolutionError",
        "The import solution must have a higher version than the existing solution it is upgrading.".into(),
        format!(
            "version {package} is not higher than the installed {installed}; raise the version, or choose update to re-install it."
        ),
    )
}

pub fn patch_parent_missing(patch: &str, parent: &str) -> ImportError {
    let mut failure = error(
        Rule::VersionAndHolding,
        DEPENDENCY_SOLUTION,
        "ImportDependencySolutionError",
        format!(
            "{patch} requires solutions that are not currently installed. Import the following solutions before Importing this one. {parent}"
        ),
        format!("{patch} is a patch of {parent}, which is not installed here; install {parent} first."),
    );
    failure.details = vec![parent.to_owned()];
    failure
}

pub fn patch_version_invalid(patch: &str, parent: &str) -> ImportError {
    error(
        Rule::VersionAndHolding,
        INVALID_PATCH_OR_HOLDING,
        "ImportSolutionError",
        format!("Solution manifest import: FAILURE: Patch version {patch} is invalid for parent version {parent}"),
        format!(
            "a patch must keep its parent's major.minor and be higher than it; {patch} does not fit the installed parent {parent}."
        ),
    )
}

pub fn missing_dependencies(unique_name: &str, missing: &[&MissingDependency]) -> ImportError {
    let details: Vec<String> = missing
        .iter()
        .map(|dependency| dependency.describe())
        .collect();
    let mut failure = error(
        Rule::MissingDependencies,
        MISSING_DEPENDENCIES,
        "ImportMissingDependenciesError",
        format!("The following solution cannot be imported: {unique_name}. Some dependencies are missing."),
        format!(
            "{} component(s) the package needs are not in this organization: {}.",
            details.len(),
            details.join("; ")
        ),
    );
    failure.details = details;
    failure
}

pub fn upgrade_dependencies_exist(
    solution: &str,
    required: &str,
    dependents: &[String],
) -> ImportError {
    let mut failure = error(
        Rule::Component,
        DEPENDENCIES_EXIST,
        "CannotUninstallWithDependencies",
        "Solution dependencies exist, cannot uninstall.".into(),
        format!(
            "the new version drops {required}, but {} still need(s) it; the upgrade stops after the import as holding solution and leaves {solution}{HOLDING_SUFFIX} pending beside {solution}.",
            dependents.join(", ")
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
        CANNOT_OVERWRITE_ACTIVE,
        "CannotOverwriteActiveComponent",
        format!(
            "A managed solution cannot overwrite the {kind} component {} with Id={id} which has an unmanaged base instance.  The most likely scenario for this error is that an unmanaged solution has installed a new unmanaged {kind} component on the target system, and now a managed solution from the same publisher is trying to install that same {kind} component as managed. This will cause an invalid layering of solutions on the target system and is not allowed.",
            component.name
        ),
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
        MANAGED_PROPERTY,
        "GenericManagedPropertyFailure",
        format!(
            "The evaluation of the current component(name={}, id={id}) in the current operation ({}) failed during managed property evaluation of condition: Managed Property Name: {property}; Component Name: {}",
            component.kind.label(),
            match operation {
                Operation::Install => "Create",
                _ => "Update",
            },
            component.name
        ),
        format!(
            "the managed properties in force on {label} forbid this change ({property} is off); only its publisher can change it."
        ),
    );
    failure.component = Some(crate::org::package_component_key(component));
    failure
}
