//! Applying a successful outcome to a snapshot, and uninstalling solutions.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use super::{
    contains_name, dependents_index, version_layers, Action, ComponentOutcome, Operation, Outcome,
    PackageSolution,
};
use crate::model::ComponentKind;
use crate::org::{
    component_key, InstalledSolution, Layer, OrgComponent, OrgPublisher, Snapshot, ACTIVE_LAYER,
    HOLDING_SUFFIX,
};
use crate::platform::PlatformError;

/// Why an outcome was not applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotApplied {
    pub message: String,
}

/// Applies an import the simulation says succeeds. A failing outcome changes
/// nothing and says why.
pub fn apply(snapshot: &Snapshot, outcome: &Outcome) -> Result<Snapshot, NotApplied> {
    if !outcome.success {
        return Err(NotApplied {
            message: outcome.verdict.clone(),
        });
    }
    let mut next = snapshot.clone();
    let package = &outcome.solution;
    let managed = package.managed == Some(true);
    let layer = outcome.layer.as_str();

    add_publisher_if_new(&mut next, package);
    let removed_layers = record_solution(&mut next, package, outcome.operation);
    for component in &outcome.components {
        match component.action {
            Action::Failed => {}
            Action::Deleted => remove_deleted_component(&mut next, component, &removed_layers),
            Action::Created => create_component(&mut next, component, layer, managed, package),
            _ => update_component(&mut next, component, layer, managed, package),
        }
    }
    Ok(next)
}

fn add_publisher_if_new(next: &mut Snapshot, package: &PackageSolution) {
    if next.publisher(&package.publisher).is_none() {
        next.publishers.push(OrgPublisher {
            unique_name: package.publisher.clone(),
            display_name: package.publisher_display_name.clone(),
            customization_prefix: package.customization_prefix.clone(),
            option_value_prefix: package.option_value_prefix,
        });
    }
}

/// Records the package's solution as the operation leaves it in the
/// organization. Returns the layers an upgrade replaces (the solution's own
/// and those of the patches it rolls up); no other operation replaces any.
fn record_solution(
    next: &mut Snapshot,
    package: &PackageSolution,
    operation: Operation,
) -> Vec<String> {
    match operation {
        Operation::Install => {
            let install_order = next.next_install_order();
            next.solutions.push(InstalledSolution {
                unique_name: package.unique_name.clone(),
                display_name: package.display_name.clone(),
                version: package.version.clone(),
                managed: package.managed == Some(true),
                publisher: package.publisher.clone(),
                install_order,
                built_in: false,
                holding_for: None,
                patch_of: package.patch_of.clone(),
                generated_by: package.generated_by.clone(),
            });
            Vec::new()
        }
        Operation::Update => {
            take_new_version(next, &package.unique_name, package_version(package));
            Vec::new()
        }
        Operation::Upgrade => {
            let patches = roll_up_patches(next, &package.unique_name);
            take_new_version(next, &package.unique_name, package_version(package));
            std::iter::once(package.unique_name.clone())
                .chain(patches)
                .collect()
        }
        Operation::Stage => {
            let install_order = next.next_install_order();
            next.solutions.push(InstalledSolution {
                unique_name: format!("{}{HOLDING_SUFFIX}", package.unique_name),
                display_name: package.display_name.clone(),
                version: package.version.clone(),
                managed: true,
                publisher: package.publisher.clone(),
                install_order,
                built_in: false,
                holding_for: Some(package.unique_name.clone()),
                patch_of: None,
                generated_by: package.generated_by.clone(),
            });
            Vec::new()
        }
    }
}

/// What a new version of an installed solution changes in its record.
struct NewVersion<'a> {
    version: &'a str,
    display_name: Option<&'a str>,
    generated_by: Option<&'a str>,
}

fn package_version(package: &PackageSolution) -> NewVersion<'_> {
    NewVersion {
        version: &package.version,
        display_name: package.display_name.as_deref(),
        generated_by: package.generated_by.as_deref(),
    }
}

/// The installed solution takes the new version's number, display name (the
/// old one stays when the new version has none) and origin.
fn take_new_version(next: &mut Snapshot, unique_name: &str, new_version: NewVersion) {
    if let Some(installed) = next
        .solutions
        .iter_mut()
        .find(|solution| solution.unique_name.eq_ignore_ascii_case(unique_name))
    {
        installed.version = new_version.version.to_owned();
        installed.display_name = new_version
            .display_name
            .map(str::to_owned)
            .or(installed.display_name.take());
        installed.generated_by = new_version.generated_by.map(str::to_owned);
    }
}

/// An upgrade rolls the patches up into the solution: the patches go, and
/// their layers become part of the upgraded solution's. Returns the patches.
fn roll_up_patches(next: &mut Snapshot, unique_name: &str) -> Vec<String> {
    let patches: Vec<String> = next
        .patches_of(unique_name)
        .map(|solution| solution.unique_name.clone())
        .collect();
    next.solutions
        .retain(|solution| !patches.contains(&solution.unique_name));
    for existing in next.components.values_mut() {
        let had_patch = existing
            .layers
            .iter()
            .any(|layer| contains_name(&patches, &layer.solution));
        if !had_patch {
            continue;
        }
        existing
            .layers
            .retain(|layer| !contains_name(&patches, &layer.solution));
        if !existing.has_layer(unique_name) {
            insert_below_active(existing, Layer::new(unique_name));
        }
    }
    patches
}

/// Managed layers stack below the unmanaged (active) one.
fn insert_below_active(existing: &mut OrgComponent, layer: Layer) {
    let position = existing
        .layers
        .iter()
        .position(Layer::is_active)
        .unwrap_or(existing.layers.len());
    existing.layers.insert(position, layer);
}

/// The layer a package component brings: its managed properties and definition.
fn package_layer(component: &ComponentOutcome, layer_name: &str) -> Layer {
    let mut layer = Layer::new(layer_name);
    layer.properties = component.owned_properties();
    layer.digest = component.digest.clone();
    layer
}

/// A component the new version dropped loses the replaced layers, and leaves
/// the organization when no managed layer is left.
fn remove_deleted_component(
    next: &mut Snapshot,
    component: &ComponentOutcome,
    removed_layers: &[String],
) {
    let Some(existing) = next.components.get_mut(&component.key) else {
        return;
    };
    existing
        .layers
        .retain(|layer| !contains_name(removed_layers, &layer.solution));
    if !existing.has_managed_base() {
        next.components.remove(&component.key);
    }
}

fn create_component(
    next: &mut Snapshot,
    component: &ComponentOutcome,
    layer_name: &str,
    managed: bool,
    package: &PackageSolution,
) {
    next.components.insert(
        component.key.clone(),
        OrgComponent {
            kind: component.kind,
            name: component.name.clone(),
            parent: component.parent.clone(),
            display_name: component.display_name.clone(),
            id: component.id.clone(),
            layers: vec![package_layer(component, layer_name)],
            unmanaged_solutions: if managed {
                Vec::new()
            } else {
                vec![package.unique_name.clone()]
            },
            requires: component.requires.clone(),
        },
    );
}

/// A component the organization has: its layers change, an unmanaged package
/// adds its solution to the component's, and what it requires is added.
fn update_component(
    next: &mut Snapshot,
    component: &ComponentOutcome,
    layer_name: &str,
    managed: bool,
    package: &PackageSolution,
) {
    let Some(existing) = next.components.get_mut(&component.key) else {
        return;
    };
    update_layers(existing, component, layer_name, managed);
    if !managed && !contains_name(&existing.unmanaged_solutions, &package.unique_name) {
        existing
            .unmanaged_solutions
            .push(package.unique_name.clone());
    }
    for required in &component.requires {
        if !existing.requires.contains(required) {
            existing.requires.push(required.clone());
        }
    }
}

fn update_layers(
    existing: &mut OrgComponent,
    component: &ComponentOutcome,
    layer_name: &str,
    managed: bool,
) {
    if !managed {
        match existing.layers.iter_mut().find(|layer| layer.is_active()) {
            Some(active) => active.digest = component.digest.clone(),
            None => {
                let mut active = Layer::new(ACTIVE_LAYER);
                active.digest = component.digest.clone();
                existing.layers.push(active);
            }
        }
        return;
    }
    if !existing.has_managed_base() {
        // Convert to managed: the unmanaged definition becomes the managed layer.
        existing.layers.clear();
    }
    let is_base = existing
        .layers
        .first()
        .is_some_and(|layer| layer.solution.eq_ignore_ascii_case(layer_name));
    match existing
        .layers
        .iter_mut()
        .find(|layer| layer.solution.eq_ignore_ascii_case(layer_name))
    {
        Some(own) => {
            for (name, value) in &component.properties {
                let current = own.properties.get(name.as_ref()).copied();
                // The owner may loosen its managed properties, never tighten them.
                let next_value = if is_base {
                    current.unwrap_or(false) || *value
                } else {
                    *value
                };
                own.properties.insert(name.to_string(), next_value);
            }
            own.digest = component.digest.clone();
        }
        None => insert_below_active(existing, package_layer(component, layer_name)),
    }
    if component.action == Action::Overwritten {
        existing.layers.retain(|layer| !layer.is_active());
    }
}

/// Why an uninstall cannot go ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Blocked {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub message: String,
    /// `required ← dependent` pairs that block it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<(String, String)>,
}

impl Blocked {
    /// Blocked for a reason of this tool's, not by a platform error.
    fn because(message: String) -> Blocked {
        Blocked {
            code: None,
            message,
            dependencies: Vec::new(),
        }
    }

    /// Blocked because components that stay need components that would go.
    fn by_dependencies(message: String, dependencies: Vec<(String, String)>) -> Blocked {
        Blocked {
            code: Some(PlatformError::DependenciesExist.hex().to_owned()),
            message,
            dependencies,
        }
    }
}

impl std::fmt::Display for Blocked {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.code {
            Some(code) => write!(formatter, "{code}: {}", self.message)?,
            None => formatter.write_str(&self.message)?,
        }
        for (required, dependent) in &self.dependencies {
            write!(formatter, "\n  {dependent} needs {required}")?;
        }
        Ok(())
    }
}

/// The result of an uninstall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Uninstalled {
    pub snapshot: Snapshot,
    /// Solutions removed, in order (patches first, in reverse install order).
    pub removed_solutions: Vec<String>,
    /// Components removed from the organization.
    pub deleted_components: Vec<String>,
    /// Components that lost a layer and now show the layer below.
    pub restored_components: Vec<String>,
    /// The data that goes with the deleted components.
    pub data_loss: Vec<String>,
    /// Managed: the solution and its components are removed. Unmanaged: only the container.
    pub managed: bool,
}

/// Removes a solution. Managed: its components go with it (the layer below
/// takes effect again); unmanaged: only the container goes.
pub fn uninstall(snapshot: &Snapshot, unique_name: &str) -> Result<Uninstalled, Blocked> {
    let Some(solution) = snapshot.solution(unique_name) else {
        return Err(Blocked::because(format!(
            "{unique_name} is not installed in this organization"
        )));
    };
    if solution.built_in {
        return Err(Blocked::because(format!(
            "{} is one of the platform's own solutions and cannot be uninstalled",
            solution.unique_name
        )));
    }
    let mut patches: Vec<&InstalledSolution> = snapshot.patches_of(&solution.unique_name).collect();
    patches.sort_by_key(|patch| std::cmp::Reverse(patch.install_order));
    if solution.managed {
        uninstall_managed(snapshot, solution, &patches)
    } else {
        uninstall_unmanaged(snapshot, solution, &patches)
    }
}

/// An unmanaged solution is only a container: it goes, its components stay.
fn uninstall_unmanaged(
    snapshot: &Snapshot,
    solution: &InstalledSolution,
    patches: &[&InstalledSolution],
) -> Result<Uninstalled, Blocked> {
    if !patches.is_empty() {
        return Err(Blocked::because(format!(
            "delete the patches of {} first: {}",
            solution.unique_name,
            patches
                .iter()
                .map(|patch| patch.unique_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut next = snapshot.clone();
    next.solutions.retain(|candidate| {
        !candidate
            .unique_name
            .eq_ignore_ascii_case(&solution.unique_name)
    });
    for component in next.components.values_mut() {
        component
            .unmanaged_solutions
            .retain(|name| !name.eq_ignore_ascii_case(&solution.unique_name));
    }
    Ok(Uninstalled {
        snapshot: next,
        removed_solutions: vec![solution.unique_name.clone()],
        deleted_components: Vec::new(),
        restored_components: Vec::new(),
        data_loss: Vec::new(),
        managed: false,
    })
}

/// A managed solution goes with its patches and their layers: components no
/// other managed layer holds are deleted, unless something that stays needs them.
fn uninstall_managed(
    snapshot: &Snapshot,
    solution: &InstalledSolution,
    patches: &[&InstalledSolution],
) -> Result<Uninstalled, Blocked> {
    let mut removed_solutions: Vec<String> = patches
        .iter()
        .map(|patch| patch.unique_name.clone())
        .collect();
    removed_solutions.push(solution.unique_name.clone());
    let is_removed = |name: &str| contains_name(&removed_solutions, name);

    let (deleted, restored) = deleted_and_restored(snapshot, &removed_solutions);
    let blocking = blocking_dependencies(snapshot, &deleted);
    if !blocking.is_empty() {
        return Err(Blocked::by_dependencies(
            PlatformError::DependenciesExist.message_with(&[]),
            blocking,
        ));
    }
    let data_loss = data_lost_with(snapshot, &deleted);
    let mut next = snapshot.clone();
    for key in &deleted {
        next.components.remove(key);
    }
    for key in &restored {
        if let Some(component) = next.components.get_mut(key) {
            component
                .layers
                .retain(|layer| !is_removed(&layer.solution));
        }
    }
    next.solutions
        .retain(|candidate| !is_removed(&candidate.unique_name));
    Ok(Uninstalled {
        snapshot: next,
        removed_solutions,
        deleted_components: deleted.into_iter().collect(),
        restored_components: restored,
        data_loss,
        managed: true,
    })
}

/// The components with a layer of the removed solutions: deleted when no other
/// managed layer is left, restored to the layer below otherwise.
fn deleted_and_restored(
    snapshot: &Snapshot,
    removed_solutions: &[String],
) -> (BTreeSet<String>, Vec<String>) {
    let is_removed = |name: &str| contains_name(removed_solutions, name);
    let mut deleted = BTreeSet::new();
    let mut restored = Vec::new();
    for (key, component) in &snapshot.components {
        if !component
            .layers
            .iter()
            .any(|layer| is_removed(&layer.solution))
        {
            continue;
        }
        let keeps_base = component
            .layers
            .iter()
            .any(|layer| !layer.is_active() && !is_removed(&layer.solution));
        if keeps_base {
            restored.push(key.clone());
        } else {
            deleted.insert(key.clone());
        }
    }
    (deleted, restored)
}

/// `required ← dependent` pairs where a component that stays needs one that goes.
fn blocking_dependencies(snapshot: &Snapshot, deleted: &BTreeSet<String>) -> Vec<(String, String)> {
    let dependents = dependents_index(snapshot);
    let mut blocking = Vec::new();
    for key in deleted {
        for dependent in dependents.get(key).into_iter().flatten() {
            if !deleted.contains(dependent) {
                blocking.push((key.clone(), dependent.clone()));
            }
        }
    }
    blocking
}

/// The data that goes with the deleted components: a table's records, a
/// column's values (said once, by its table, when the table goes too).
fn data_lost_with(snapshot: &Snapshot, deleted: &BTreeSet<String>) -> Vec<String> {
    let deleted_set: HashSet<&String> = deleted.iter().collect();
    let mut data_loss = Vec::new();
    for key in deleted {
        let Some(component) = snapshot.component(key) else {
            continue;
        };
        match component.kind {
            ComponentKind::Entity => data_loss.push(format!(
                "every record of table {} (the table is deleted)",
                component.name
            )),
            ComponentKind::Attribute => {
                let table = component.parent.as_deref().unwrap_or_default();
                if !deleted_set.contains(&component_key(ComponentKind::Entity, None, table)) {
                    data_loss.push(format!("the values of column {table}.{}", component.name));
                }
            }
            _ => {}
        }
    }
    data_loss
}

/// The result of applying a staged upgrade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Promoted {
    pub snapshot: Snapshot,
    /// Components the new version no longer has, removed from the organization.
    pub deleted_components: Vec<String>,
    /// Patches of the old version that the upgrade rolled up.
    pub removed_patches: Vec<String>,
}

/// "Apply solution upgrade" (`DeleteAndPromote`): the holding `<Name>_Upgrade`
/// replaces `<Name>`; components only the old version had are deleted, unless
/// something else needs them, in which case nothing changes.
pub fn promote(snapshot: &Snapshot, unique_name: &str) -> Result<Promoted, Blocked> {
    let Some(holding) = snapshot.pending_holding(unique_name) else {
        return Err(Blocked::because(format!(
            "no staged upgrade of {unique_name} is pending"
        )));
    };
    let Some(base) = snapshot.solution(unique_name) else {
        return Err(Blocked::because(format!("{unique_name} is not installed")));
    };
    let old_layers = version_layers(snapshot, &base.unique_name);
    let patches: Vec<String> = old_layers.get(1..).unwrap_or_default().to_vec();
    let deleted = dropped_by_new_version(snapshot, &old_layers, &holding.unique_name);
    let blocking = blocking_dependencies(snapshot, &deleted);
    if !blocking.is_empty() {
        return Err(Blocked::by_dependencies(
            format!(
                "Solution dependencies exist, cannot uninstall. {} stays pending beside {}.",
                holding.unique_name, base.unique_name
            ),
            blocking,
        ));
    }
    let mut next = snapshot.clone();
    for key in &deleted {
        next.components.remove(key);
    }
    promote_layers(
        &mut next,
        &old_layers,
        &holding.unique_name,
        &base.unique_name,
    );
    next.solutions.retain(|solution| {
        !patches.contains(&solution.unique_name)
            && !solution
                .unique_name
                .eq_ignore_ascii_case(&holding.unique_name)
    });
    take_new_version(
        &mut next,
        &base.unique_name,
        NewVersion {
            version: &holding.version,
            display_name: holding.display_name.as_deref(),
            generated_by: holding.generated_by.as_deref(),
        },
    );
    Ok(Promoted {
        snapshot: next,
        deleted_components: deleted.into_iter().collect(),
        removed_patches: patches,
    })
}

/// The components only the old version's layers hold, which the holding
/// solution does not: the new version no longer has them.
fn dropped_by_new_version(
    snapshot: &Snapshot,
    old_layers: &[String],
    holding: &str,
) -> BTreeSet<String> {
    let is_old = |name: &str| contains_name(old_layers, name);
    let mut deleted = BTreeSet::new();
    for (key, component) in &snapshot.components {
        let in_old = component.layers.iter().any(|layer| is_old(&layer.solution));
        if !in_old || component.has_layer(holding) {
            continue;
        }
        let other_base = component
            .layers
            .iter()
            .any(|layer| !layer.is_active() && !is_old(&layer.solution));
        if !other_base {
            deleted.insert(key.clone());
        }
    }
    deleted
}

/// The old version's layers go and the holding solution's layer takes the
/// solution's name.
fn promote_layers(next: &mut Snapshot, old_layers: &[String], holding: &str, base: &str) {
    let is_old = |name: &str| contains_name(old_layers, name);
    for component in next.components.values_mut() {
        if !component
            .layers
            .iter()
            .any(|layer| is_old(&layer.solution) || layer.solution.eq_ignore_ascii_case(holding))
        {
            continue;
        }
        component.layers.retain(|layer| !is_old(&layer.solution));
        for layer in &mut component.layers {
            if layer.solution.eq_ignore_ascii_case(holding) {
                layer.solution = base.to_owned();
            }
        }
    }
}
