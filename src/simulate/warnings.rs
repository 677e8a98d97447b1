//! The import's warnings, as an ordered list of checks: each says one thing
//! the import does that the user may not expect (docs/simulation-rules.md,
//! "Warnings", in the same order). Warnings never stop an import.
//!
//! To add a warning: write one function of the [`WarningCheck`] shape, put it in
//! [`WARNINGS`] where it should be said, and test it.

use std::collections::HashMap;

use super::{Action, ComponentOutcome, Context, ImportMode, Operation, PropertyName, Warning};
use crate::findings::Code;
use crate::model::ComponentKind;
use crate::org::compare_versions;
use crate::platform::PlatformError;
use crate::units::count_of;

/// `None`: nothing to say.
pub(super) type WarningCheck = fn(&Context<'_>, &[ComponentOutcome]) -> Option<Warning>;

/// Warnings about the operation itself, said for every package.
const OPERATION_WARNINGS: &[WarningCheck] = &[install_ignores_mode, unmanaged_ignores_mode];

/// Warnings that need a readable solution.xml, in the order they are said.
const PACKAGE_WARNINGS: &[WarningCheck] = &[
    older_version_reinstalled,
    same_version_reinstalled,
    languages_not_enabled,
    unmanaged_drafts,
    customizations_kept,
    processes_stay_off,
    tightenings_ignored,
    web_resources_over_attachment_limit,
    upgrade_staged,
];

/// Every warning, in order.
pub(super) fn warnings(context: &Context<'_>, components: &[ComponentOutcome]) -> Vec<Warning> {
    let package_warnings = if context.readable {
        PACKAGE_WARNINGS
    } else {
        &[]
    };
    OPERATION_WARNINGS
        .iter()
        .chain(package_warnings)
        .filter_map(|check| check(context, components))
        .collect()
}

fn install_ignores_mode(context: &Context<'_>, _: &[ComponentOutcome]) -> Option<Warning> {
    let mode = context
        .options
        .mode
        .filter(|_| context.existing.is_none())?;
    let what = match mode {
        ImportMode::Stage => "Staging for upgrade needs an installed version",
        ImportMode::Upgrade => "An upgrade needs an installed version",
        ImportMode::Update => "An update needs an installed version",
    };
    Some(Warning::new(
        Code::SM1003,
        format!(
            "{what} of {}, and none is installed here: this import is a new install, so the chosen mode does not apply. Install a version first to {} it.",
            context.solution.unique_name,
            match mode {
                ImportMode::Stage => "stage",
                ImportMode::Upgrade => "upgrade",
                ImportMode::Update => "update",
            }
        ),
    ))
}

fn unmanaged_ignores_mode(context: &Context<'_>, _: &[ComponentOutcome]) -> Option<Warning> {
    (context.existing.is_some()
        && !context.managed
        && matches!(
            context.options.mode,
            Some(ImportMode::Upgrade | ImportMode::Stage)
        ))
    .then(|| {
        Warning::new(Code::SM1004, "An unmanaged package always updates the installed solution additively; upgrade and stage apply only to managed solutions.")
    })
}

/// How the package's version compares with the installed managed one, on an update.
fn update_version_ordering<'a>(context: &Context<'a>) -> Option<(std::cmp::Ordering, &'a str)> {
    let installed = context
        .existing
        .filter(|installed| installed.managed && context.managed)?;
    (context.operation == Operation::Update).then(|| {
        (
            compare_versions(&context.solution.version, &installed.version),
            installed.version.as_str(),
        )
    })
}

fn older_version_reinstalled(context: &Context<'_>, _: &[ComponentOutcome]) -> Option<Warning> {
    let (ordering, installed) = update_version_ordering(context)?;
    (ordering == std::cmp::Ordering::Less).then(|| {
        Warning::new(Code::SM1001, format!(
            "This re-installs an older version ({} over {}). The platform asks you to confirm; components get the older definitions and nothing is deleted.",
            context.solution.version, installed
        ))
    })
}

fn same_version_reinstalled(context: &Context<'_>, _: &[ComponentOutcome]) -> Option<Warning> {
    let (ordering, _) = update_version_ordering(context)?;
    (ordering == std::cmp::Ordering::Equal).then(|| {
        Warning::new(
            Code::SM1002,
            format!(
                "Version {} is already installed; the update re-applies the same version.",
                context.solution.version
            ),
        )
    })
}

fn languages_not_enabled(context: &Context<'_>, _: &[ComponentOutcome]) -> Option<Warning> {
    let snapshot = context.snapshot;
    let disabled: Vec<&String> = context
        .inspection
        .languages
        .iter()
        .filter(|language| {
            language
                .parse::<u32>()
                .is_ok_and(|code| !snapshot.enabled_languages.contains(&code))
        })
        .collect();
    if disabled.is_empty() {
        return None;
    }
    let list = disabled
        .iter()
        .map(|code| code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Some(Warning::new(
        Code::SM1005,
        PlatformError::LanguagesIgnored.message_with(&[&list]),
    ))
}

fn unmanaged_drafts(context: &Context<'_>, _: &[ComponentOutcome]) -> Option<Warning> {
    (!context.managed).then(|| {
        Warning::new(Code::SM1006, "Unmanaged components are imported as drafts: publish all customizations after the import.")
    })
}

fn customizations_kept(_: &Context<'_>, components: &[ComponentOutcome]) -> Option<Warning> {
    let kept = components
        .iter()
        .filter(|outcome| outcome.action == Action::Kept)
        .count();
    (kept > 0).then(|| {
        Warning::new(Code::SM1007, format!(
            "{} unmanaged customizations on top (maintain customizations): the package's changes to them will not show. Choose overwrite customizations to replace them.",
            if kept == 1 { "1 component keeps".to_owned() } else { format!("{} keep", count_of(kept, "component")) }
        ))
    })
}

fn processes_stay_off(context: &Context<'_>, components: &[ComponentOutcome]) -> Option<Warning> {
    let has_processes = components.iter().any(|outcome| {
        matches!(
            outcome.kind,
            ComponentKind::Workflow | ComponentKind::SdkMessageProcessingStep
        )
    });
    (has_processes && !context.options.publish_workflows).then(|| {
        Warning::new(Code::SM1008, "Processes and plug-in steps in the package stay deactivated (activate processes and plug-in steps is off).")
    })
}

fn tightenings_ignored(context: &Context<'_>, components: &[ComponentOutcome]) -> Option<Warning> {
    if !(context.managed
        && matches!(
            context.operation,
            Operation::Update | Operation::Upgrade | Operation::Stage
        ))
    {
        return None;
    }
    let tightened: Vec<String> = components
        .iter()
        .filter_map(|outcome| tightening(context, outcome))
        .collect();
    (!tightened.is_empty()).then(|| {
        Warning::new(Code::SM1009, format!(
            "Managed properties can only be loosened by an update; these tightenings are ignored: {}",
            tightened.join("; ")
        ))
    })
}

/// `key (Property, …)`: the properties the package turns off that its own layer has on.
fn tightening(context: &Context<'_>, outcome: &ComponentOutcome) -> Option<String> {
    // Only a property the package turns off can be a tightening.
    if outcome.properties.values().all(|value| *value) {
        return None;
    }
    let org_component = context.component(&outcome.key)?;
    let layer = org_component.layer(&context.layer)?;
    let names: Vec<&PropertyName> = outcome
        .properties
        .iter()
        .filter(|(name, value)| !**value && layer.properties.get(name.as_ref()) == Some(&true))
        .map(|(name, _)| name)
        .collect();
    (!names.is_empty()).then(|| {
        format!(
            "{} ({})",
            outcome.key,
            names
                .iter()
                .map(|name| name.as_ref())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn web_resources_over_attachment_limit(
    context: &Context<'_>,
    _: &[ComponentOutcome],
) -> Option<Warning> {
    let inspection = context.inspection;
    let limit = context.snapshot.limits.attachment_bytes;
    let sizes: HashMap<&str, &crate::inspect::FileInfo> = inspection
        .files
        .iter()
        .map(|file| (file.path.as_str(), file))
        .collect();
    let oversized: Vec<String> = inspection
        .components
        .iter()
        .filter(|component| component.kind == ComponentKind::WebResource)
        .flat_map(|component| {
            component.files.iter().filter_map(|path| {
                sizes
                    .get(path.as_str())
                    .filter(|file| file.size > limit)
                    .map(|file| {
                        format!(
                            "{} ({})",
                            component.name,
                            crate::units::human_size(file.size)
                        )
                    })
            })
        })
        .collect();
    (!oversized.is_empty()).then(|| {
        Warning::new(Code::SM1010, format!(
            "Web resources larger than this organization's attachment limit of {} (MaxUploadFileSize) cannot be saved or edited there: {}",
            crate::units::human_size(limit),
            oversized.join(", ")
        ))
    })
}

fn upgrade_staged(context: &Context<'_>, _: &[ComponentOutcome]) -> Option<Warning> {
    (context.operation == Operation::Stage).then(|| {
        Warning::new(Code::SM1011, format!(
            "The new version is held as {} beside the installed one until you apply the upgrade; nothing is deleted before that.",
            context.layer
        ))
    })
}
