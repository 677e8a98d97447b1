//! Import simulation: what importing a package into an organization snapshot
//! would do, component by component, and whether the platform would refuse it.
//!
//! The rules follow DOMAIN.md sections 6 and 7; where the sources are silent
//! the decision is written in `docs/simulation-rules.md`. Solution-level rules
//! are checked in the platform's precedence order (see [`Rule`]); every failing
//! rule is reported, and the first one gives the error code.

mod apply;
mod messages;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::findings::Code;
use crate::inspect::{Inspection, CONTENT_TYPES_XML, CUSTOMIZATIONS_XML, SOLUTION_XML};
use crate::manifest::MissingDependency;
use crate::model::{Component, ComponentKind};
use crate::org::{
    compare_versions, component_key, major_minor, package_component_key, Deployment,
    InstalledSolution, OrgComponent, Snapshot, ACTIVE_LAYER, HOLDING_SUFFIX,
};

pub use apply::{apply, promote, uninstall, Blocked, NotApplied, Promoted, Uninstalled};
pub use messages::*;

/// The choice the import dialog offers for a managed package over an installed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ImportMode {
    Update,
    Upgrade,
    Stage,
}

/// The import options the platform offers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportOptions {
    /// `None`: the platform's default (upgrade for a managed package over an installed one).
    pub mode: Option<ImportMode>,
    /// `OverwriteUnmanagedCustomizations`.
    pub overwrite_customizations: bool,
    /// `PublishWorkflows`: activate processes and plug-in steps.
    pub publish_workflows: bool,
    /// `ConvertToManaged`.
    pub convert_to_managed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Operation {
    Install,
    Update,
    Upgrade,
    Stage,
}

impl Operation {
    pub fn key(self) -> &'static str {
        match self {
            Operation::Install => "install",
            Operation::Update => "update",
            Operation::Upgrade => "upgrade",
            Operation::Stage => "stage",
        }
    }
}

/// Rule groups, in the order that decides which error code is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    Size,
    InvalidPackage,
    PackageVersion,
    OnlineToOnPremises,
    ManagedMode,
    Publisher,
    VersionAndHolding,
    MissingDependencies,
    Component,
}

/// A failure the platform would report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportError {
    pub rule: Rule,
    /// HRESULT as the platform prints it, e.g. `0x80048040`.
    pub code: String,
    /// The platform's error name, e.g. `ImportSolutionManagedToUnmanagedMismatch`.
    pub name: String,
    /// The platform's message.
    pub message: String,
    /// The same in plain words, saying what to do.
    pub explanation: String,
    /// `kind:key` of the component, for component-level failures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// One line per item (each missing dependency, each dependent component).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// The platform's error code, where the platform has one (from the catalogue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub message: String,
}

impl Warning {
    /// A warning of this catalogue code, with its platform error code if it has one.
    pub fn new(code: Code, message: impl Into<String>) -> Warning {
        Warning {
            code: code
                .entry()
                .platform_always()
                .map(|platform| platform.hex().to_owned()),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Created,
    Updated,
    Unchanged,
    /// An unmanaged customization stays on top (customizations maintained).
    Kept,
    /// The unmanaged customization is replaced by the package's definition.
    Overwritten,
    /// Forms, site maps, ribbons and apps merge with the layers below.
    Merged,
    /// Dropped by the new version of an upgrade.
    Deleted,
    Failed,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Created,
        Action::Updated,
        Action::Unchanged,
        Action::Kept,
        Action::Overwritten,
        Action::Merged,
        Action::Deleted,
        Action::Failed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Updated => "updated",
            Action::Unchanged => "unchanged",
            Action::Kept => "kept",
            Action::Overwritten => "overwritten",
            Action::Merged => "merged",
            Action::Deleted => "deleted",
            Action::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentOutcome {
    pub kind: ComponentKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The snapshot key.
    pub key: String,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ImportError>,
    /// Why this action, in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Layer names bottom to top, before and after the import.
    pub layers_before: Vec<String>,
    pub layers_after: Vec<String>,
    /// Managed properties the package declares for the component.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<PropertyName, bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Keys of org components this one needs (from the manifest's dependencies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
}

/// A managed property's name: the platform's own names are borrowed from the
/// static lists, so an outcome of 50,000 components does not copy each one.
pub type PropertyName = std::borrow::Cow<'static, str>;

fn property_name(kind: ComponentKind, name: &str) -> PropertyName {
    crate::customizations::managed_property_names(kind)
        .iter()
        .chain(crate::customizations::COMMON_MANAGED_PROPERTIES)
        .find(|known| **known == name)
        .map_or_else(
            || PropertyName::Owned(name.to_owned()),
            |known| PropertyName::Borrowed(known),
        )
}

impl ComponentOutcome {
    /// The declared managed properties as a snapshot layer keeps them.
    pub fn owned_properties(&self) -> BTreeMap<String, bool> {
        self.properties
            .iter()
            .map(|(name, value)| (name.to_string(), *value))
            .collect()
    }
}

/// The package's solution as the outcome describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageSolution {
    pub unique_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub version: String,
    /// `None` when `<Managed>` is not 0 or 1.
    pub managed: Option<bool>,
    pub publisher: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher_display_name: Option<String>,
    #[serde(default)]
    pub customization_prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option_value_prefix: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator_version: Option<String>,
    pub language_code: String,
    /// Parent solution when the package is a patch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_of: Option<String>,
}

/// Everything the simulation predicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub solution: PackageSolution,
    pub operation: Operation,
    pub success: bool,
    /// The platform's verdict in plain words.
    pub verdict: String,
    /// Every failure, in precedence order; the first gives `errorCode`.
    pub errors: Vec<ImportError>,
    pub warnings: Vec<Warning>,
    pub components: Vec<ComponentOutcome>,
    /// The installed solution of the same name, before the import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing: Option<InstalledSolution>,
    /// The layer the package's components land in (the solution name, its
    /// `_Upgrade` holding solution, or `Active` for unmanaged packages).
    pub layer: String,
    /// The package was exported online and the organization is on-premises:
    /// the page offers a switch to the online snapshot.
    pub suggest_online: bool,
    /// The holding solution a stage creates, or that a failed upgrade leaves pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holding_solution: Option<String>,
    pub package_bytes: u64,
    pub upload_limit_bytes: u64,
    pub options: ImportOptions,
    /// The organization's name, version and deployment (for the reports).
    pub organization: String,
    pub organization_version: String,
    pub organization_deployment: Deployment,
}

impl Outcome {
    pub fn error(&self) -> Option<&ImportError> {
        self.errors.first()
    }

    pub fn error_code(&self) -> Option<&str> {
        self.error().map(|error| error.code.as_str())
    }

    pub fn count(&self, action: Action) -> usize {
        self.components
            .iter()
            .filter(|component| component.action == action)
            .count()
    }
}

/// Kinds the platform merges across layers instead of "last one wins".
pub fn merges(kind: ComponentKind) -> bool {
    kind.merges()
}

/// Simulates importing a package. `bytes` (the zip) lets the simulation tell
/// unchanged components from updated ones; without it, existing components
/// count as updated.
pub fn simulate(
    inspection: &Inspection,
    bytes: Option<&[u8]>,
    snapshot: &Snapshot,
    options: &ImportOptions,
) -> Outcome {
    let manifest = &inspection.manifest;
    let solution = package_solution(inspection);
    let managed = solution.managed;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let package_bytes = bytes
        .map(|bytes| bytes.len() as u64)
        .unwrap_or(inspection.zip_size);

    // Size.
    if package_bytes > snapshot.limits.upload_bytes {
        errors.push(file_too_large(package_bytes, snapshot));
    }

    // Invalid package.
    let invalid = invalid_package_reasons(inspection);
    if !invalid.is_empty() {
        errors.push(invalid_package(invalid));
    }
    let readable = inspection.has_manifest && managed.is_some();
    // Each component's snapshot key, built once (they are looked up several times).
    let keys: Vec<String> = inspection
        .components
        .iter()
        .map(package_component_key)
        .collect();

    // Package version and SKU.
    let mut suggest_online = false;
    if readable {
        let package_version = solution
            .package_version
            .clone()
            .or_else(|| solution.generator_version.as_deref().map(major_minor));
        if let Some(package_version) = package_version {
            if compare_versions(&major_minor(&package_version), &snapshot.package_version())
                == std::cmp::Ordering::Greater
            {
                errors.push(package_version_too_new(&package_version, snapshot));
            }
        }
        if snapshot.deployment == Deployment::OnPremises
            && manifest
                .package
                .generated_by
                .as_deref()
                .is_some_and(|sku| sku.eq_ignore_ascii_case("CrmLive"))
        {
            errors.push(online_package_on_premises());
            suggest_online = true;
        }
    }

    let existing = snapshot.solution(&solution.unique_name).cloned();
    let is_managed = managed == Some(true);
    let operation = decide_operation(existing.as_ref(), is_managed, options, &mut warnings);

    if readable {
        // Managed / unmanaged mode and publisher.
        if let Some(installed) = existing.as_ref() {
            if installed.built_in {
                errors.push(built_in_solution(installed));
            } else if !installed.managed && is_managed {
                errors.push(managed_over_unmanaged(installed));
            } else if installed.managed && !is_managed {
                errors.push(unmanaged_over_managed(installed));
            } else if is_managed
                && !installed
                    .publisher
                    .eq_ignore_ascii_case(&solution.publisher)
            {
                errors.push(wrong_publisher(
                    &solution.unique_name,
                    &installed.publisher,
                    &solution.publisher,
                ));
            }
        }

        // Versions, holding solutions, patches.
        if let Some(installed) = existing
            .as_ref()
            .filter(|installed| installed.managed && is_managed)
        {
            if let Some(holding) = snapshot.pending_holding(&installed.unique_name) {
                errors.push(holding_exists(&holding.unique_name));
            }
            let ordering = compare_versions(&solution.version, &installed.version);
            match operation {
                Operation::Upgrade | Operation::Stage
                    if ordering != std::cmp::Ordering::Greater =>
                {
                    errors.push(version_not_higher(&solution.version, &installed.version));
                }
                Operation::Update if ordering == std::cmp::Ordering::Less => {
                    warnings.push(Warning::new(
                        Code::SM1001,
                        format!(
                            "This re-installs an older version ({} over {}). The platform asks you to confirm; components get the older definitions and nothing is deleted.",
                            solution.version, installed.version
                        ),
                    ));
                }
                Operation::Update if ordering == std::cmp::Ordering::Equal => {
                    warnings.push(Warning::new(
                        Code::SM1002,
                        format!(
                            "Version {} is already installed; the update re-applies the same version.",
                            solution.version
                        ),
                    ));
                }
                _ => {}
            }
        }
        if let Some(parent_name) = solution.patch_of.as_deref() {
            match snapshot.solution(parent_name) {
                None => errors.push(patch_parent_missing(&solution.unique_name, parent_name)),
                Some(parent) => {
                    if major_minor(&parent.version) != major_minor(&solution.version)
                        || compare_versions(&solution.version, &parent.version)
                            != std::cmp::Ordering::Greater
                    {
                        errors.push(patch_version_invalid(&solution.version, &parent.version));
                    }
                    if parent.managed != is_managed {
                        errors.push(if parent.managed {
                            unmanaged_over_managed(parent)
                        } else {
                            managed_over_unmanaged(parent)
                        });
                    }
                }
            }
        }

        // Missing dependencies.
        let missing: Vec<&MissingDependency> = if manifest.missing_dependencies.is_empty() {
            Vec::new()
        } else {
            let package_keys: HashSet<&str> = keys.iter().map(String::as_str).collect();
            manifest
                .missing_dependencies
                .iter()
                .filter(|dependency| !dependency_satisfied(dependency, snapshot, &package_keys))
                .collect()
        };
        if !missing.is_empty() {
            errors.push(missing_dependencies(&solution.unique_name, &missing));
        }
    }

    // Components.
    let layer = match operation {
        Operation::Stage => format!("{}{HOLDING_SUFFIX}", solution.unique_name),
        _ if !is_managed => ACTIVE_LAYER.to_owned(),
        _ => solution.unique_name.clone(),
    };
    let digests = component_digests(inspection);
    let mut index = HashMap::with_capacity_and_hasher(snapshot.components.len(), FastKeys);
    index.extend(
        snapshot
            .components
            .iter()
            .map(|(key, component)| (key.as_str(), component)),
    );
    let context = ComponentContext {
        snapshot,
        index,
        options,
        solution: &solution,
        managed: is_managed,
        operation,
        layer: &layer,
        existing: existing.as_ref(),
    };
    let mut components = Vec::with_capacity(inspection.components.len());
    // A key defined twice is simulated once, at its first definition.
    let first_definitions: Vec<bool> = {
        let mut seen: HashSet<&str, FastKeys> =
            HashSet::with_capacity_and_hasher(keys.len(), FastKeys);
        keys.iter().map(|key| seen.insert(key.as_str())).collect()
    };
    let definitions = inspection.components.iter().zip(keys).zip(digests);
    for (((component, key), digest), first) in definitions.zip(first_definitions) {
        if first {
            components.push(component_outcome(&context, component, key, digest));
        }
    }
    for (dependent, required) in manifest_requirements(inspection, snapshot) {
        if let Some(outcome) = components
            .iter_mut()
            .find(|outcome| outcome.key == dependent)
        {
            if !outcome.requires.contains(&required) {
                outcome.requires.push(required);
            }
        }
    }
    let mut holding_solution = (operation == Operation::Stage).then(|| layer.clone());
    if operation == Operation::Upgrade {
        if let Some(installed) = existing.as_ref().filter(|installed| installed.managed) {
            let in_package: HashSet<&str, FastKeys> = components
                .iter()
                .map(|outcome| outcome.key.as_str())
                .collect();
            let deleted = upgrade_deletions(snapshot, installed, &in_package);
            if deleted
                .iter()
                .any(|outcome| outcome.action == Action::Failed)
            {
                holding_solution = Some(format!("{}{HOLDING_SUFFIX}", installed.unique_name));
            }
            components.extend(deleted);
        }
    }
    for outcome in &components {
        if let Some(error) = &outcome.error {
            errors.push(error.clone());
        }
    }
    if is_managed && solution.unique_name.eq_ignore_ascii_case("Default") {
        errors.push(default_as_managed());
    }
    errors.sort_by_key(|error| error.rule);

    if readable {
        component_warnings(&context, inspection, &components, &mut warnings);
    }

    let success = errors.is_empty();
    let mut outcome = Outcome {
        solution,
        operation,
        success,
        verdict: String::new(),
        errors,
        warnings,
        components,
        existing,
        layer,
        suggest_online,
        holding_solution,
        package_bytes,
        upload_limit_bytes: snapshot.limits.upload_bytes,
        options: options.clone(),
        organization: snapshot.name.clone(),
        organization_version: snapshot.version.clone(),
        organization_deployment: snapshot.deployment,
    };
    outcome.verdict = verdict(&outcome);
    outcome
}

/// Reads a package and simulates its import: the one call the web page needs.
/// Fails only when the bytes are not a zip at all (the CLI's exit status 2).
pub fn simulate_bytes(
    bytes: &[u8],
    snapshot: &Snapshot,
    options: &ImportOptions,
) -> Result<(Inspection, Outcome), crate::package::OpenError> {
    let inspection = crate::inspect(bytes)?;
    let outcome = simulate(&inspection, Some(bytes), snapshot, options);
    Ok((inspection, outcome))
}

fn package_solution(inspection: &Inspection) -> PackageSolution {
    let manifest = &inspection.manifest;
    let publisher = &manifest.publisher;
    PackageSolution {
        unique_name: manifest.unique_name.clone(),
        display_name: manifest.display_name.clone(),
        version: manifest.version.clone(),
        managed: manifest.managed(),
        publisher: publisher.unique_name.clone(),
        publisher_display_name: publisher.display_name.clone(),
        customization_prefix: publisher.customization_prefix.clone().unwrap_or_default(),
        option_value_prefix: publisher
            .customization_option_value_prefix
            .as_deref()
            .and_then(|prefix| prefix.trim().parse().ok()),
        generated_by: manifest.package.generated_by.clone(),
        package_version: manifest.package.solution_package_version.clone(),
        generator_version: manifest.package.generator_version.clone(),
        language_code: manifest.base_language().to_owned(),
        patch_of: patch_parent(&manifest.unique_name),
    }
}

/// CloneAsPatch names a patch `<Parent>_Patch_<hex>`; the manifest carries no
/// other mark of it (decision in docs/simulation-rules.md).
pub fn patch_parent(unique_name: &str) -> Option<String> {
    let lower = unique_name.to_ascii_lowercase();
    let index = lower.rfind("_patch_")?;
    let suffix = unique_name.get(index + "_patch_".len()..)?;
    let parent = unique_name.get(..index)?;
    (!parent.is_empty() && !suffix.is_empty() && suffix.chars().all(|ch| ch.is_ascii_hexdigit()))
        .then(|| parent.to_owned())
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

fn decide_operation(
    existing: Option<&InstalledSolution>,
    managed: bool,
    options: &ImportOptions,
    warnings: &mut Vec<Warning>,
) -> Operation {
    match existing {
        None => {
            if options.mode.is_some() {
                warnings.push(Warning::new(
                    Code::SM1003,
                    "The solution is not installed here, so this is a new install; the chosen upgrade mode does not apply.",
                ));
            }
            Operation::Install
        }
        Some(installed) if managed && installed.managed => match options.mode {
            Some(ImportMode::Update) => Operation::Update,
            Some(ImportMode::Stage) => Operation::Stage,
            Some(ImportMode::Upgrade) | None => Operation::Upgrade,
        },
        Some(_) if managed => Operation::Upgrade,
        Some(_) => {
            if matches!(options.mode, Some(ImportMode::Upgrade | ImportMode::Stage)) {
                warnings.push(Warning::new(
                    Code::SM1004,
                    "An unmanaged package always updates the installed solution additively; upgrade and stage apply only to managed solutions.",
                ));
            }
            Operation::Update
        }
    }
}

struct ComponentContext<'a> {
    snapshot: &'a Snapshot,
    /// The snapshot's components by key: one hash probe per package component
    /// instead of a walk down the sorted map, whose string compares miss the cache.
    index: HashMap<&'a str, &'a OrgComponent, FastKeys>,
    options: &'a ImportOptions,
    solution: &'a PackageSolution,
    managed: bool,
    operation: Operation,
    layer: &'a str,
    existing: Option<&'a InstalledSolution>,
}

impl ComponentContext<'_> {
    fn component(&self, key: &str) -> Option<&OrgComponent> {
        self.index.get(key).copied()
    }

    /// Whether the package's publisher owns (is the base layer of) a component,
    /// which lets it change the component whatever its managed properties say.
    fn owns(&self, component: &OrgComponent) -> bool {
        if !self.managed {
            return false;
        }
        match component.base_layer() {
            Some(base) => {
                base.solution
                    .eq_ignore_ascii_case(&self.solution.unique_name)
                    || self
                        .snapshot
                        .layer_publisher(base)
                        .is_some_and(|publisher| {
                            publisher.eq_ignore_ascii_case(&self.solution.publisher)
                        })
            }
            None => true,
        }
    }
}

fn component_outcome(
    context: &ComponentContext<'_>,
    component: &Component,
    key: String,
    digest: Option<String>,
) -> ComponentOutcome {
    let existing = context.component(&key);
    // Inserted one by one: a handful of entries fit one node, without the
    // buffer and sort `collect` would use.
    let mut properties: BTreeMap<PropertyName, bool> = BTreeMap::new();
    for property in &component.managed_properties {
        if let Some(value) = property.value {
            properties.insert(property_name(component.kind, &property.name), value);
        }
    }
    let mut outcome = ComponentOutcome {
        kind: component.kind,
        name: component.name.clone(),
        parent: component.parent.clone(),
        display_name: component.display_name.clone(),
        id: component.id.clone(),
        key: key.clone(),
        action: Action::Created,
        error: None,
        note: None,
        layers_before: existing.map(OrgComponent::layer_names).unwrap_or_default(),
        layers_after: Vec::new(),
        properties,
        digest,
        requires: Vec::new(),
    };
    let label = || component_label(component);

    let Some(org_component) = existing else {
        // A new part of a table: the table's CanCreate… property must allow it.
        if let Some(error) = creation_forbidden(context, component, &label) {
            outcome.action = Action::Failed;
            outcome.error = Some(error);
            return outcome;
        }
        outcome.action = Action::Created;
        outcome.layers_after = vec![context.layer.to_owned()];
        return outcome;
    };

    let own_layer = org_component.layer(context.layer);
    if org_component.has_managed_base()
        && own_layer.is_none()
        && !context.owns(org_component)
        && org_component.property_in_force(crate::model::IS_CUSTOMIZABLE) == Some(false)
    {
        // Exports carry non-customizable components as they are (a table
        // "with all its columns"); only a different definition is a change.
        let identical = match org_component
            .base_layer()
            .and_then(|base| base.digest.as_ref())
        {
            Some(digest) => outcome.digest.as_ref() == Some(digest),
            None => outcome.properties.get(crate::model::IS_CUSTOMIZABLE) != Some(&true),
        };
        if identical {
            outcome.action = Action::Unchanged;
            outcome.note = Some(
                "not customizable here, and the package carries it as it is, so nothing changes"
                    .into(),
            );
            outcome.layers_after = org_component.layer_names();
            return outcome;
        }
        outcome.action = Action::Failed;
        outcome.error = Some(managed_property_failure(
            &label(),
            component,
            context.operation,
            "iscustomizable",
        ));
        return outcome;
    }

    let mut layers_after = org_component.layer_names();
    if context.managed && !org_component.has_managed_base() {
        // Only an unmanaged definition exists: the managed import must convert it.
        if !context.options.convert_to_managed {
            outcome.action = Action::Failed;
            outcome.error = Some(cannot_overwrite_active(&label(), component));
            return outcome;
        }
        outcome.action = Action::Updated;
        outcome.note = Some(
            "converted from unmanaged to managed (convert to managed): the unmanaged definition becomes part of the managed layer".into(),
        );
        outcome.layers_after = vec![context.layer.to_owned()];
        return outcome;
    }

    if !context.managed {
        // Unmanaged: the definition goes into the Active layer, replacing any there.
        let same = org_component
            .layer(ACTIVE_LAYER)
            .and_then(|layer| layer.digest.as_ref())
            .is_some_and(|digest| Some(digest) == outcome.digest.as_ref());
        outcome.action = if merges(component.kind) {
            Action::Merged
        } else if same {
            Action::Unchanged
        } else if org_component.has_active_layer() {
            Action::Overwritten
        } else {
            Action::Updated
        };
        if !org_component.has_active_layer() {
            layers_after.push(ACTIVE_LAYER.to_owned());
        }
        outcome.layers_after = layers_after;
        return outcome;
    }

    let same = own_layer
        .and_then(|layer| layer.digest.as_ref())
        .is_some_and(|digest| Some(digest) == outcome.digest.as_ref())
        || (context.operation == Operation::Stage
            && context.existing.is_some_and(|installed| {
                org_component
                    .layer(&installed.unique_name)
                    .and_then(|layer| layer.digest.as_ref())
                    .is_some_and(|digest| Some(digest) == outcome.digest.as_ref())
            }));
    if own_layer.is_none() {
        let position = layers_after
            .iter()
            .position(|name| name == ACTIVE_LAYER)
            .unwrap_or(layers_after.len());
        layers_after.insert(position, context.layer.to_owned());
    }
    outcome.action = if same {
        Action::Unchanged
    } else if merges(component.kind) {
        Action::Merged
    } else if org_component.has_active_layer() {
        if context.options.overwrite_customizations {
            layers_after.retain(|name| name != ACTIVE_LAYER);
            Action::Overwritten
        } else {
            outcome.note = Some(
                "your unmanaged customization stays on top (customizations maintained), so the package's change does not show".into(),
            );
            Action::Kept
        }
    } else {
        Action::Updated
    };
    outcome.layers_after = layers_after;
    outcome
}

fn creation_forbidden(
    context: &ComponentContext<'_>,
    component: &Component,
    label: &dyn Fn() -> String,
) -> Option<ImportError> {
    let property = match component.kind {
        ComponentKind::Attribute => "CanCreateAttributes",
        ComponentKind::Form => "CanCreateForms",
        ComponentKind::View => "CanCreateViews",
        ComponentKind::Chart => "CanCreateCharts",
        _ => return None,
    };
    let table = component.parent.as_deref()?;
    let org_table = context.component(&component_key(ComponentKind::Entity, None, table))?;
    if !org_table.has_managed_base() || context.owns(org_table) {
        return None;
    }
    (org_table.property_in_force(property) == Some(false)).then(|| {
        managed_property_failure(
            &label(),
            component,
            context.operation,
            &property.to_ascii_lowercase(),
        )
    })
}

fn component_label(component: &Component) -> String {
    match &component.parent {
        Some(parent) if component.kind.belongs_to_entity() => {
            format!("{} {}.{}", component.kind.label(), parent, component.name)
        }
        _ => format!("{} {}", component.kind.label(), component.name),
    }
}

/// Components the installed version has and the new one drops: deleted by an
/// upgrade, unless something else in the organization still needs them.
fn upgrade_deletions(
    snapshot: &Snapshot,
    installed: &InstalledSolution,
    in_package: &HashSet<&str, FastKeys>,
) -> Vec<ComponentOutcome> {
    let mut layer_names: Vec<String> = vec![installed.unique_name.clone()];
    layer_names.extend(
        snapshot
            .solutions
            .iter()
            .filter(|solution| {
                solution
                    .patch_of
                    .as_deref()
                    .is_some_and(|parent| parent.eq_ignore_ascii_case(&installed.unique_name))
            })
            .map(|solution| solution.unique_name.clone()),
    );
    let in_layers =
        |component: &OrgComponent| layer_names.iter().any(|name| component.has_layer(name));
    let dropped: Vec<&OrgComponent> = snapshot
        .components
        .iter()
        .filter(|(key, component)| !in_package.contains(key.as_str()) && in_layers(component))
        .map(|(_, component)| component)
        .collect();
    let removed: HashSet<String> = dropped
        .iter()
        .filter(|component| {
            !component.layers.iter().any(|layer| {
                !layer.is_active()
                    && !layer_names
                        .iter()
                        .any(|name| name.eq_ignore_ascii_case(&layer.solution))
            })
        })
        .map(|component| component.key())
        .collect();
    let dependents = dependents_index(snapshot);
    dropped
        .into_iter()
        .map(|component| {
            let key = component.key();
            let layers_before = component.layer_names();
            let gone = removed.contains(&key);
            let layers_after: Vec<String> = if gone {
                Vec::new()
            } else {
                layers_before
                    .iter()
                    .filter(|name| {
                        !layer_names
                            .iter()
                            .any(|layer| layer.eq_ignore_ascii_case(name))
                    })
                    .cloned()
                    .collect()
            };
            let blockers: Vec<String> = if gone {
                dependents
                    .get(&key)
                    .map(|list| {
                        list.iter()
                            .filter(|dependent| {
                                !removed.contains(*dependent)
                                    && !in_package.contains(dependent.as_str())
                            })
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            let (action, error) = if blockers.is_empty() {
                (Action::Deleted, None)
            } else {
                (
                    Action::Failed,
                    Some(upgrade_dependencies_exist(
                        &installed.unique_name,
                        &key,
                        &blockers,
                    )),
                )
            };
            ComponentOutcome {
                kind: component.kind,
                name: component.name.clone(),
                parent: component.parent.clone(),
                display_name: component.display_name.clone(),
                id: component.id.clone(),
                key,
                action,
                error,
                note: (action == Action::Deleted).then(|| {
                    "the new version no longer contains it, so the upgrade removes it".to_owned()
                }),
                layers_after: if action == Action::Failed {
                    layers_before.clone()
                } else {
                    layers_after
                },
                layers_before,
                properties: BTreeMap::new(),
                digest: None,
                requires: Vec::new(),
            }
        })
        .collect()
}

/// Reverse dependency index: component key → keys of the components that need it.
pub fn dependents_index(snapshot: &Snapshot) -> HashMap<String, Vec<String>> {
    let mut index: HashMap<String, Vec<String>> = HashMap::new();
    for (key, component) in &snapshot.components {
        for required in component.requirements() {
            index.entry(required).or_default().push(key.clone());
        }
    }
    index
}

/// The snapshot key a manifest dependency node names, when it can be resolved.
fn node_keys(node: &crate::manifest::DependencyNode) -> Vec<String> {
    let Some(type_code) = node.get("type") else {
        return Vec::new();
    };
    let kinds = match type_code.parse::<u32>() {
        Ok(number) => ComponentKind::from_type_code(number),
        Err(_) => ComponentKind::from_logical_name(type_code),
    };
    let Some(name) = crate::manifest::node_name(node) else {
        return Vec::new();
    };
    let parent = node.get("parentSchemaName").map(String::as_str);
    kinds
        .iter()
        .map(|kind| component_key(*kind, parent, name))
        .collect()
}

fn dependency_satisfied(
    dependency: &MissingDependency,
    snapshot: &Snapshot,
    package_keys: &HashSet<&str>,
) -> bool {
    let keys = node_keys(&dependency.required);
    if keys.iter().any(|key| snapshot.component(key).is_some()) {
        return true;
    }
    if keys.iter().any(|key| package_keys.contains(key.as_str())) {
        return true;
    }
    if let Some(id) = dependency.required.get("id") {
        let id = id.trim_matches(['{', '}']).to_ascii_lowercase();
        if snapshot.components.values().any(|component| {
            component
                .id
                .as_deref()
                .is_some_and(|own| own.trim_matches(['{', '}']).eq_ignore_ascii_case(&id))
        }) {
            return true;
        }
    }
    // Not found by name: the solution that brought it in the source organization
    // must be installed here (at that version or later).
    match dependency.required.get("solution") {
        Some(solution) if !solution.eq_ignore_ascii_case("active") => {
            let (name, version) = match solution.split_once(" (") {
                Some((name, version)) => (name.trim(), Some(version.trim_end_matches(')').trim())),
                None => (solution.trim(), None),
            };
            snapshot.solution(name).is_some_and(|installed| {
                installed.built_in
                    || version.is_none_or(|version| {
                        compare_versions(&installed.version, version) != std::cmp::Ordering::Less
                    })
            })
        }
        _ => false,
    }
}

/// (dependent key in the package, required key in the org) from the manifest.
fn manifest_requirements(inspection: &Inspection, snapshot: &Snapshot) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for dependency in &inspection.manifest.missing_dependencies {
        let Some(required) = node_keys(&dependency.required)
            .into_iter()
            .find(|key| snapshot.component(key).is_some())
        else {
            continue;
        };
        for dependent in node_keys(&dependency.dependent) {
            pairs.push((dependent, required.clone()));
        }
    }
    pairs
}

fn component_warnings(
    context: &ComponentContext<'_>,
    inspection: &Inspection,
    components: &[ComponentOutcome],
    warnings: &mut Vec<Warning>,
) {
    let snapshot = context.snapshot;
    let disabled: Vec<&String> = inspection
        .languages
        .iter()
        .filter(|language| {
            language
                .parse::<u32>()
                .is_ok_and(|code| !snapshot.enabled_languages.contains(&code))
        })
        .collect();
    if !disabled.is_empty() {
        let list = disabled
            .iter()
            .map(|code| code.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(Warning::new(
            Code::SM1005,
            crate::platform::PlatformError::LanguagesIgnored.message_with(&[&list]),
        ));
    }
    if !context.managed {
        warnings.push(Warning::new(
            Code::SM1006,
            "Unmanaged components are imported as drafts: publish all customizations after the import.",
        ));
    }
    let kept = components
        .iter()
        .filter(|outcome| outcome.action == Action::Kept)
        .count();
    if kept > 0 {
        warnings.push(Warning::new(
            Code::SM1007,
            format!(
                "{kept} component(s) keep unmanaged customizations on top (maintain customizations): the package's changes to them will not show. Choose overwrite customizations to replace them."
            ),
        ));
    }
    let has_processes = components.iter().any(|outcome| {
        matches!(
            outcome.kind,
            ComponentKind::Workflow | ComponentKind::SdkMessageProcessingStep
        )
    });
    if has_processes && !context.options.publish_workflows {
        warnings.push(Warning::new(
            Code::SM1008,
            "Processes and plug-in steps in the package stay deactivated (activate processes and plug-in steps is off).",
        ));
    }
    if context.managed
        && matches!(
            context.operation,
            Operation::Update | Operation::Upgrade | Operation::Stage
        )
    {
        let tightened: Vec<String> = components
            .iter()
            .filter_map(|outcome| {
                // Only a property the package turns off can be a tightening.
                if outcome.properties.values().all(|value| *value) {
                    return None;
                }
                let org_component = context.component(&outcome.key)?;
                let layer = org_component.layer(context.layer)?;
                let names: Vec<&PropertyName> = outcome
                    .properties
                    .iter()
                    .filter(|(name, value)| {
                        !**value && layer.properties.get(name.as_ref()) == Some(&true)
                    })
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
            })
            .collect();
        if !tightened.is_empty() {
            warnings.push(Warning::new(
                Code::SM1009,
                format!(
                    "Managed properties can only be loosened by an update; these tightenings are ignored: {}",
                    tightened.join("; ")
                ),
            ));
        }
    }
    let limit = snapshot.limits.attachment_bytes;
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
    if !oversized.is_empty() {
        warnings.push(Warning::new(
            Code::SM1010,
            format!(
                "Web resources larger than this organization's attachment limit of {} (MaxUploadFileSize) cannot be saved or edited there: {}",
                crate::units::human_size(limit),
                oversized.join(", ")
            ),
        ));
    }
    if context.operation == Operation::Stage {
        warnings.push(Warning::new(
            Code::SM1011,
            format!(
                "The new version is held as {} beside the installed one until you apply the upgrade; nothing is deleted before that.",
                context.layer
            ),
        ));
    }
}

/// Each component's digest, indexed like `inspection.components`: the reader's
/// fingerprint of its definition (see `Component::fingerprint`), with the paths
/// and sizes of its payload files when it has any. `None` for a component that
/// was not read from a package (e.g. taken back from JSON).
fn component_digests(inspection: &Inspection) -> Vec<Option<String>> {
    let sizes: HashMap<&str, u64> = inspection
        .files
        .iter()
        .map(|file| (file.path.as_str(), file.size))
        .collect();
    inspection
        .components
        .iter()
        .map(|component| {
            let fingerprint = component.fingerprint?;
            let digest = if component.files.is_empty() {
                fingerprint
            } else {
                let mut hash = xxhash_rust::xxh3::Xxh3Default::new();
                hash.update(&fingerprint.to_le_bytes());
                for path in &component.files {
                    hash.update(path.as_bytes());
                    hash.update(&sizes.get(path.as_str()).copied().unwrap_or(0).to_le_bytes());
                }
                hash.digest()
            };
            Some(hex(digest))
        })
        .collect()
}

/// Hashes component keys with XXH3 (SipHash costs more than the lookups it
/// serves here). Keys come from the user's own package and snapshot, and the
/// table only lives for one simulation.
#[derive(Clone, Copy, Default)]
struct FastKeys;

impl std::hash::BuildHasher for FastKeys {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxhash_rust::xxh3::xxh3_64_with_seed(bytes, self.0);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// 16 lower-case hex digits (`format!` costs more at 50,000 components).
fn hex(value: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(16);
    for nibble in (0..16).rev() {
        text.push(char::from(DIGITS[((value >> (nibble * 4)) & 0xf) as usize]));
    }
    text
}

fn verdict(outcome: &Outcome) -> String {
    let name = if outcome.solution.unique_name.is_empty() {
        "the package".to_owned()
    } else {
        format!(
            "{} {}",
            outcome.solution.unique_name, outcome.solution.version
        )
    };
    match outcome.errors.first() {
        Some(first) => {
            let mut text = format!(
                "The import of {name} would fail with {} ({}): {}",
                first.code, first.name, first.explanation
            );
            if outcome.errors.len() > 1 {
                text.push_str(&format!(
                    " {} other problem(s) would also stop it.",
                    outcome.errors.len() - 1
                ));
            }
            text
        }
        None => {
            let mut counts = Vec::new();
            for action in Action::ALL {
                let count = outcome.count(action);
                if count > 0 {
                    counts.push(format!("{count} {}", action.key()));
                }
            }
            let kind = match outcome.solution.managed {
                Some(true) => "managed",
                _ => "unmanaged",
            };
            let what = match outcome.operation {
                Operation::Install => format!("installs {name} ({kind})"),
                Operation::Update => match &outcome.existing {
                    Some(existing) => format!(
                        "updates {} {} to {}",
                        existing.unique_name, existing.version, outcome.solution.version
                    ),
                    None => format!("updates {name}"),
                },
                Operation::Upgrade => match &outcome.existing {
                    Some(existing) => format!(
                        "upgrades {} {} to {}",
                        existing.unique_name, existing.version, outcome.solution.version
                    ),
                    None => format!("upgrades {name}"),
                },
                Operation::Stage => format!(
                    "stages {name} for upgrade as {}",
                    outcome
                        .holding_solution
                        .as_deref()
                        .unwrap_or(&outcome.layer)
                ),
            };
            let mut text = format!("The import would succeed: it {what}");
            if !counts.is_empty() {
                text.push_str(&format!(" ({})", counts.join(", ")));
            }
            text.push('.');
            if !outcome.warnings.is_empty() {
                text.push_str(&format!(" {} warning(s).", outcome.warnings.len()));
            }
            text
        }
    }
}
