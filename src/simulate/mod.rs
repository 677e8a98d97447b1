//! Import simulation: what importing a package into an organization snapshot
//! would do, component by component, and whether the platform would refuse it.
//!
//! The rules follow DOMAIN.md sections 6 and 7; where the sources are silent
//! the decision is written in `docs/simulation-rules.md`. Package-level rules
//! are a list of checks in the platform's precedence order (`checks.rs`);
//! every failing check is reported, and the first one gives the error code.
//! Each component's action is the first of its rules that decides
//! (`component.rs`), and the warnings are a list too (`warnings.rs`).

mod apply;
mod checks;
mod component;
mod messages;
mod warnings;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::findings::{Code, Severity};
use crate::inspect::Inspection;
use crate::manifest::MissingDependency;
use crate::model::{ComponentKind, ComponentName};
use crate::org::{
    component_key, package_component_key, Deployment, InstalledSolution, OrgComponent, Snapshot,
    ACTIVE_LAYER, HOLDING_SUFFIX,
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
    /// The missing dependencies themselves, for a missing-dependencies failure: what
    /// `crate::answers` groups by the solution that provides them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<MissingInOrg>,
}

/// A missing dependency the organization does not satisfy, and the version of the
/// solution it names when that solution is installed here (without the component).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingInOrg {
    pub dependency: MissingDependency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installed_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// The platform's error code, where the platform has one (from the catalogue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The catalogue's severity: a warning, or information (what is normal for the
    /// import, such as publishing an unmanaged import's drafts).
    #[serde(default = "warning_severity")]
    pub severity: Severity,
    pub message: String,
}

fn warning_severity() -> Severity {
    Severity::Warning
}

impl Warning {
    /// A warning of this catalogue code, with its severity and its platform error code
    /// if it has one.
    pub fn new(code: Code, message: impl Into<String>) -> Warning {
        Warning {
            code: code
                .entry()
                .platform_always()
                .map(|platform| platform.hex().to_owned()),
            severity: code.severity(),
            message: message.into(),
        }
    }

    /// A warning proper, not information.
    pub fn is_warning(&self) -> bool {
        self.severity >= Severity::Warning
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
    /// The organization was captured and the layer this definition was compared
    /// with carries no fingerprint: "unchanged" and "updated" cannot be told apart.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub definition_unknown: bool,
}

/// A managed property's name: the platform's own names are borrowed from the
/// static lists, so an outcome of 50,000 components does not copy each one.
pub type PropertyName = std::borrow::Cow<'static, str>;

fn property_name(kind: ComponentKind, name: &str) -> PropertyName {
    crate::customizations::managed_property_names(kind)
        .iter()
        .chain(crate::customizations::COMMON_MANAGED_PROPERTIES)
        // The length and the last byte first: most names of a kind differ there, and a
        // simulation asks this for every property of every component.
        .find(|known| {
            known.len() == name.len()
                && known.as_bytes().last() == name.as_bytes().last()
                && **known == name
        })
        .map_or_else(
            || PropertyName::Owned(name.to_owned()),
            |known| PropertyName::Borrowed(known),
        )
}

impl ComponentOutcome {
    /// How it reads for people: a form, view or process by its display name, the id beside it.
    pub fn component_name(&self) -> ComponentName {
        ComponentName::new(
            self.kind,
            &self.name,
            self.display_name.as_deref(),
            self.parent.as_deref(),
        )
    }

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
///
/// It only orchestrates: the package-level checks (`checks::CHECKS`, in the
/// platform's precedence order), each component's rules
/// (`component::COMPONENT_RULES`), the upgrade's deletions, then the warnings
/// (`warnings::warnings`).
pub fn simulate(
    inspection: &Inspection,
    bytes: Option<&[u8]>,
    snapshot: &Snapshot,
    options: &ImportOptions,
) -> Outcome {
    let solution = package_solution(inspection);
    let package_bytes = bytes
        .map(|bytes| bytes.len() as u64)
        .unwrap_or(inspection.zip_size);
    let keys: Vec<String> = inspection
        .components
        .iter()
        .map(package_component_key)
        .collect();
    let mut context = Context::new(
        inspection,
        snapshot,
        options,
        &solution,
        package_bytes,
        keys,
    );
    let mut errors = checks::package_errors(&context);
    let (components, holding_solution) = component_outcomes(&mut context);
    // Component failures come last (rule `component`), in package order.
    errors.extend(
        components
            .iter()
            .filter_map(|outcome| outcome.error.clone()),
    );
    let warnings = warnings::warnings(&context, &components);
    let suggest_online = errors
        .iter()
        .any(|error| error.rule == Rule::OnlineToOnPremises);
    let (operation, layer, existing) =
        (context.operation, context.layer, context.existing.cloned());
    let mut outcome = Outcome {
        success: errors.is_empty(),
        solution,
        operation,
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

/// Every component's outcome: the package's components (a key defined twice
/// is simulated once, at its first definition) with the requirements the
/// manifest gives them, then what an upgrade deletes; and the holding solution
/// the import leaves (a stage's, or a failed upgrade's).
fn component_outcomes(context: &mut Context<'_>) -> (Vec<ComponentOutcome>, Option<String>) {
    let inspection = context.inspection;
    let digests = component_digests(inspection);
    let mut components = Vec::with_capacity(inspection.components.len());
    // The outcomes own the keys: nothing after them looks a package key up.
    let keys = std::mem::take(&mut context.keys);
    let context = &*context;
    let definitions = inspection
        .components
        .iter()
        .zip(keys)
        .zip(&context.found)
        .zip(digests);
    for (((component, key), found), digest) in definitions {
        if found.first {
            components.push(component::component_outcome(
                context,
                component,
                key,
                found.existing,
                digest,
            ));
        }
    }
    add_manifest_requirements(context, &mut components);
    let mut holding_solution =
        (context.operation == Operation::Stage).then(|| context.layer.clone());
    if context.operation == Operation::Upgrade {
        if let Some(installed) = context.existing.filter(|installed| installed.managed) {
            let in_package: HashSet<&str, FastKeys> = components
                .iter()
                .map(|outcome| outcome.key.as_str())
                .collect();
            let deleted = upgrade_deletions(context.snapshot, installed, &in_package);
            if deleted
                .iter()
                .any(|outcome| outcome.action == Action::Failed)
            {
                holding_solution = Some(format!("{}{HOLDING_SUFFIX}", installed.unique_name));
            }
            components.extend(deleted);
        }
    }
    (components, holding_solution)
}

/// The organization's components the manifest says a package component needs.
fn add_manifest_requirements(context: &Context<'_>, components: &mut [ComponentOutcome]) {
    let requirements = manifest_requirements(context.inspection, context.snapshot);
    if requirements.is_empty() {
        return;
    }
    // Each outcome by key (its first), once: a package lists hundreds of missing dependencies.
    let additions: Vec<(usize, String)> = {
        let mut positions: HashMap<&str, usize, FastKeys> =
            HashMap::with_capacity_and_hasher(components.len(), FastKeys);
        for (position, outcome) in components.iter().enumerate() {
            positions.entry(outcome.key.as_str()).or_insert(position);
        }
        requirements
            .into_iter()
            .filter_map(|(dependent, required)| {
                positions
                    .get(dependent.as_str())
                    .map(|&position| (position, required))
            })
            .collect()
    };
    for (position, required) in additions {
        let outcome = &mut components[position];
        if !outcome.requires.contains(&required) {
            outcome.requires.push(required);
        }
    }
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

fn decide_operation(
    existing: Option<&InstalledSolution>,
    managed: bool,
    options: &ImportOptions,
) -> Operation {
    match existing {
        None => Operation::Install,
        Some(installed) if managed && installed.managed => match options.mode {
            Some(ImportMode::Update) => Operation::Update,
            Some(ImportMode::Stage) => Operation::Stage,
            Some(ImportMode::Upgrade) | None => Operation::Upgrade,
        },
        Some(_) if managed => Operation::Upgrade,
        Some(_) => Operation::Update,
    }
}

/// What every check, component rule and warning reads: the package, the
/// organization, the options, and what the simulation decided from them.
struct Context<'a> {
    inspection: &'a Inspection,
    snapshot: &'a Snapshot,
    /// What the snapshot holds under each of `keys`, looked up once: a
    /// simulation costs what the package holds, not what the organization does.
    found: Vec<KeyLookup<'a>>,
    options: &'a ImportOptions,
    solution: &'a PackageSolution,
    /// The zip's size in bytes.
    package_bytes: u64,
    /// solution.xml was read and says managed or unmanaged: the checks past the
    /// package's validity apply.
    readable: bool,
    managed: bool,
    operation: Operation,
    /// The layer the package's components land in.
    layer: String,
    /// The installed solution of the same name.
    existing: Option<&'a InstalledSolution>,
    /// Each package component's snapshot key, built once (they are looked up several times);
    /// taken by the components' outcomes, which own them ([`component_outcomes`]).
    keys: Vec<String>,
}

impl<'a> Context<'a> {
    fn new(
        inspection: &'a Inspection,
        snapshot: &'a Snapshot,
        options: &'a ImportOptions,
        solution: &'a PackageSolution,
        package_bytes: u64,
        keys: Vec<String>,
    ) -> Context<'a> {
        let managed = solution.managed == Some(true);
        let existing = snapshot.solution(&solution.unique_name);
        let operation = decide_operation(existing, managed, options);
        let layer = match operation {
            Operation::Stage => format!("{}{HOLDING_SUFFIX}", solution.unique_name),
            _ if !managed => ACTIVE_LAYER.to_owned(),
            _ => solution.unique_name.clone(),
        };
        Context {
            inspection,
            snapshot,
            found: look_up_keys(snapshot, &keys),
            options,
            solution,
            package_bytes,
            readable: inspection.has_manifest && solution.managed.is_some(),
            managed,
            operation,
            layer,
            existing,
            keys,
        }
    }

    fn component(&self, key: &str) -> Option<&'a OrgComponent> {
        self.snapshot.components.get(key)
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

/// What the organization holds under one package key.
#[derive(Clone, Copy, Default)]
struct KeyLookup<'a> {
    /// `None`: a new component.
    existing: Option<&'a OrgComponent>,
    /// The key's first definition in the package (a key defined twice is
    /// simulated once, at its first definition).
    first: bool,
}

/// Each package key looked up in the snapshot, indexed like `keys`, in package order
/// (exports list a table's parts together, so consecutive lookups walk the same nodes
/// of the map); a key defined twice is simulated at its first definition.
fn look_up_keys<'a>(snapshot: &'a Snapshot, keys: &[String]) -> Vec<KeyLookup<'a>> {
    let mut seen: HashSet<&str, FastKeys> = HashSet::with_capacity_and_hasher(keys.len(), FastKeys);
    keys.iter()
        .map(|key| KeyLookup {
            first: seen.insert(key.as_str()),
            existing: snapshot.components.get(key.as_str()),
        })
        .collect()
}

/// Components the installed version has and the new one drops: deleted by an
/// upgrade, unless something else in the organization still needs them.
fn upgrade_deletions(
    snapshot: &Snapshot,
    installed: &InstalledSolution,
    in_package: &HashSet<&str, FastKeys>,
) -> Vec<ComponentOutcome> {
    let layer_names = version_layers(snapshot, &installed.unique_name);
    let dropped: Vec<&OrgComponent> = snapshot
        .components
        .iter()
        .filter(|(key, component)| {
            !in_package.contains(key.as_str())
                && layer_names.iter().any(|name| component.has_layer(name))
        })
        .map(|(_, component)| component)
        .collect();
    let removed: HashSet<String> = dropped
        .iter()
        .filter(|component| !has_managed_layer_beside(component, &layer_names))
        .map(|component| component.key())
        .collect();
    // Who needs what is asked only of components that leave the organization.
    let dependents = if removed.is_empty() {
        HashMap::new()
    } else {
        dependents_index(snapshot)
    };
    dropped
        .into_iter()
        .map(|component| {
            let key = component.key();
            let gone = removed.contains(&key);
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
            let deletion = Deletion {
                gone,
                replaced_layers: &layer_names,
                blockers: &blockers,
                solution: &installed.unique_name,
            };
            deletion_outcome(component, key, &deletion)
        })
        .collect()
}

/// The layers of an installed version: the solution's own, then its patches'.
fn version_layers(snapshot: &Snapshot, unique_name: &str) -> Vec<String> {
    std::iter::once(unique_name.to_owned())
        .chain(
            snapshot
                .patches_of(unique_name)
                .map(|solution| solution.unique_name.clone()),
        )
        .collect()
}

/// Whether `names` holds `name`, as the platform compares solution names (case aside).
fn contains_name(names: &[String], name: &str) -> bool {
    names
        .iter()
        .any(|candidate| candidate.eq_ignore_ascii_case(name))
}

/// Whether a managed layer of another solution than `layer_names` holds the
/// component, so that it stays when those layers go.
fn has_managed_layer_beside(component: &OrgComponent, layer_names: &[String]) -> bool {
    component
        .layers
        .iter()
        .any(|layer| !layer.is_active() && !contains_name(layer_names, &layer.solution))
}

/// What an upgrade does to a component the new version dropped.
struct Deletion<'a> {
    /// No other managed layer holds it: it leaves the organization.
    gone: bool,
    /// The installed version's layers, which the upgrade removes.
    replaced_layers: &'a [String],
    /// Components that stay and need it, which fail the deletion.
    blockers: &'a [String],
    /// The installed solution.
    solution: &'a str,
}

/// A dropped component's outcome: deleted (gone, or down to the layers below),
/// or failed with its layers unchanged when something that stays needs it.
fn deletion_outcome(
    component: &OrgComponent,
    key: String,
    deletion: &Deletion,
) -> ComponentOutcome {
    let layers_before = component.layer_names();
    let (action, error, layers_after) = if !deletion.blockers.is_empty() {
        let error = upgrade_dependencies_exist(deletion.solution, &key, deletion.blockers);
        (Action::Failed, Some(error), layers_before.clone())
    } else if deletion.gone {
        (Action::Deleted, None, Vec::new())
    } else {
        let below: Vec<String> = layers_before
            .iter()
            .filter(|name| !contains_name(deletion.replaced_layers, name))
            .cloned()
            .collect();
        (Action::Deleted, None, below)
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
        note: (action == Action::Deleted)
            .then(|| "the new version no longer contains it, so the upgrade removes it".to_owned()),
        layers_after,
        layers_before,
        properties: BTreeMap::new(),
        digest: None,
        requires: Vec::new(),
        definition_unknown: false,
    }
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
    let kinds = ComponentKind::from_type_attribute(type_code);
    let Some(name) = crate::manifest::node_name(node) else {
        return Vec::new();
    };
    let parent = node.get("parentSchemaName").map(String::as_str);
    kinds
        .iter()
        .map(|kind| component_key(*kind, parent, name))
        .collect()
}

/// Whether the organization or the package itself has the component a
/// dependency requires, by key (`ids_in_org` answers the lookups by id).
fn satisfied_by_key(
    dependency: &MissingDependency,
    snapshot: &Snapshot,
    package_keys: &HashSet<&str>,
) -> bool {
    node_keys(&dependency.required)
        .iter()
        .any(|key| snapshot.component(key).is_some() || package_keys.contains(key.as_str()))
}

/// Which of solution.xml's missing dependencies an organization satisfies, each in
/// order: the required component is in it (by key, or by id where the package names it
/// by id) or in the package itself, or belongs to the platform's built-in solutions.
/// One walk over the snapshot at most (for the ids), as the simulation's check makes.
pub fn dependencies_satisfied(
    dependencies: &[MissingDependency],
    snapshot: &Snapshot,
    package_keys: &HashSet<&str>,
) -> Vec<bool> {
    let by_key: Vec<bool> = dependencies
        .iter()
        .map(|dependency| satisfied_by_key(dependency, snapshot, package_keys))
        .collect();
    let wanted_ids: HashSet<String> = dependencies
        .iter()
        .zip(&by_key)
        .filter(|(_, found)| !**found)
        .filter_map(|(dependency, _)| required_id(dependency))
        .collect();
    let found_ids = ids_in_org(snapshot, &wanted_ids);
    dependencies
        .iter()
        .zip(by_key)
        .map(|(dependency, found)| {
            found
                || required_id(dependency).is_some_and(|id| found_ids.contains(&id))
                || satisfied_by_built_in_solution(dependency, snapshot)
        })
        .collect()
}

/// The id a dependency names its required component by, as `ids_in_org` keeps ids.
fn required_id(dependency: &MissingDependency) -> Option<String> {
    dependency.required.get("id").map(|id| normal_id(id))
}

/// An id without braces, in lower case.
fn normal_id(id: &str) -> String {
    id.trim_matches(['{', '}']).to_ascii_lowercase()
}

/// Which of `wanted` (ids as `required_id` gives them) some organization
/// component has: one walk over the snapshot, made only when a dependency is
/// not found by key and names an id.
fn ids_in_org(snapshot: &Snapshot, wanted: &HashSet<String>) -> HashSet<String> {
    if wanted.is_empty() {
        return HashSet::new();
    }
    snapshot
        .components
        .values()
        .filter_map(|component| component.id.as_deref())
        .map(normal_id)
        .filter(|id| wanted.contains(id))
        .collect()
}

/// A dependency found neither by key nor by id: still satisfied when a
/// component of the platform's built-in solutions (System, Basic...) is
/// required, which every organization of that version has, though a snapshot
/// lists only the system tables it has metadata for. Any other solution being
/// installed is not enough: another version of it may not have the component
/// (issue 16).
fn satisfied_by_built_in_solution(dependency: &MissingDependency, snapshot: &Snapshot) -> bool {
    required_solution(dependency)
        .filter(|(name, _)| !name.eq_ignore_ascii_case(crate::org::ACTIVE_LAYER))
        .and_then(|(name, _)| snapshot.solution(name))
        .is_some_and(|installed| installed.built_in)
}

/// The solution a dependency's required component came from in the source
/// organization, and the version it was at ("FieldService (8.2.0.286)").
pub(crate) fn required_solution(dependency: &MissingDependency) -> Option<(&str, Option<&str>)> {
    let solution = dependency.required.get("solution")?;
    Some(match solution.split_once(" (") {
        Some((name, version)) => (name.trim(), Some(version.trim_end_matches(')').trim())),
        None => (solution.trim(), None),
    })
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
                    " {} would also stop it.",
                    crate::units::count_of(outcome.errors.len() - 1, "other problem")
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
            let warnings = outcome
                .warnings
                .iter()
                .filter(|warning| warning.is_warning())
                .count();
            if warnings > 0 {
                text.push_str(&format!(
                    " {}.",
                    crate::units::count_of(warnings, "warning")
                ));
            }
            text
        }
    }
}
