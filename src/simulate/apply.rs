//! Applying a successful outcome to a snapshot, and uninstalling solutions.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use super::{dependents_index, Action, Operation, Outcome};
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

    if next.publisher(&package.publisher).is_none() {
        next.publishers.push(OrgPublisher {
            unique_name: package.publisher.clone(),
            display_name: package.publisher_display_name.clone(),
            customization_prefix: package.customization_prefix.clone(),
            option_value_prefix: package.option_value_prefix,
        });
    }

    let mut removed_layers: Vec<String> = Vec::new();
    match outcome.operation {
        Operation::Install => {
            let install_order = next.next_install_order();
            next.solutions.push(InstalledSolution {
                unique_name: package.unique_name.clone(),
                display_name: package.display_name.clone(),
                version: package.version.clone(),
                managed,
                publisher: package.publisher.clone(),
                install_order,
                built_in: false,
                holding_for: None,
                patch_of: package.patch_of.clone(),
                generated_by: package.generated_by.clone(),
            });
        }
        Operation::Update | Operation::Upgrade => {
            if outcome.operation == Operation::Upgrade {
                // An upgrade rolls the patches up into the solution.
                let patches: Vec<String> = next
                    .patches_of(&package.unique_name)
                    .map(|solution| solution.unique_name.clone())
                    .collect();
                next.solutions
                    .retain(|solution| !patches.contains(&solution.unique_name));
                removed_layers.push(package.unique_name.clone());
                removed_layers.extend(patches);
            }
            if let Some(installed) = next.solutions.iter_mut().find(|solution| {
                solution
                    .unique_name
                    .eq_ignore_ascii_case(&package.unique_name)
            }) {
                installed.version = package.version.clone();
                installed.display_name = package
                    .display_name
                    .clone()
                    .or(installed.display_name.take());
                installed.generated_by = package.generated_by.clone();
            }
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
        }
    }

    if outcome.operation == Operation::Upgrade && removed_layers.len() > 1 {
        // The rolled-up patches' layers become part of the upgraded solution's.
        let patches = removed_layers.get(1..).unwrap_or_default();
        for existing in next.components.values_mut() {
            let had_patch = existing.layers.iter().any(|layer| {
                patches
                    .iter()
                    .any(|name| name.eq_ignore_ascii_case(&layer.solution))
            });
            if !had_patch {
                continue;
            }
            existing.layers.retain(|layer| {
                !patches
                    .iter()
                    .any(|name| name.eq_ignore_ascii_case(&layer.solution))
            });
            if !existing.has_layer(&package.unique_name) {
                let position = existing
                    .layers
                    .iter()
                    .position(Layer::is_active)
                    .unwrap_or(existing.layers.len());
                existing
                    .layers
                    .insert(position, Layer::new(&package.unique_name));
            }
        }
    }
    for component in &outcome.components {
        match component.action {
            Action::Failed => {}
            Action::Deleted => {
                let Some(existing) = next.components.get_mut(&component.key) else {
                    continue;
                };
                existing.layers.retain(|layer| {
                    !removed_layers
                        .iter()
                        .any(|name| name.eq_ignore_ascii_case(&layer.solution))
                });
                if !existing.has_managed_base() {
                    next.components.remove(&component.key);
                }
            }
            Action::Created => {
                let mut new_layer = Layer::new(layer);
                new_layer.properties = component.owned_properties();
                new_layer.digest = component.digest.clone();
                next.components.insert(
                    component.key.clone(),
                    OrgComponent {
                        kind: component.kind,
                        name: component.name.clone(),
                        parent: component.parent.clone(),
                        display_name: component.display_name.clone(),
                        id: component.id.clone(),
                        layers: vec![new_layer],
                        unmanaged_solutions: if managed {
                            Vec::new()
                        } else {
                            vec![package.unique_name.clone()]
                        },
                        requires: component.requires.clone(),
                    },
                );
            }
            _ => {
                let Some(existing) = next.components.get_mut(&component.key) else {
                    continue;
                };
                update_layers(existing, component, layer, managed);
                if !managed
                    && !existing
                        .unmanaged_solutions
                        .iter()
                        .any(|name| name.eq_ignore_ascii_case(&package.unique_name))
                {
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
        }
    }
    Ok(next)
}

fn update_layers(
    existing: &mut OrgComponent,
    component: &super::ComponentOutcome,
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
        None => {
            let mut new_layer = Layer::new(layer_name);
            new_layer.properties = component.owned_properties();
            new_layer.digest = component.digest.clone();
            let position = existing
                .layers
                .iter()
                .position(Layer::is_active)
                .unwrap_or(existing.layers.len());
            existing.layers.insert(position, new_layer);
        }
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
    let Some(solution) = snapshot.solution(unique_name).cloned() else {
        return Err(Blocked {
            code: None,
            message: format!("{unique_name} is not installed in this organization"),
            dependencies: Vec::new(),
        });
    };
    if solution.built_in {
        return Err(Blocked {
            code: None,
            message: format!(
                "{} is one of the platform's own solutions and cannot be uninstalled",
                solution.unique_name
            ),
            dependencies: Vec::new(),
        });
    }
    let mut patches: Vec<&InstalledSolution> = snapshot.patches_of(&solution.unique_name).collect();
    patches.sort_by_key(|patch| std::cmp::Reverse(patch.install_order));
    let mut next = snapshot.clone();

    if !solution.managed {
        if !patches.is_empty() {
            return Err(Blocked {
                code: None,
                message: format!(
                    "delete the patches of {} first: {}",
                    solution.unique_name,
                    patches
                        .iter()
                        .map(|patch| patch.unique_name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                dependencies: Vec::new(),
            });
        }
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
        return Ok(Uninstalled {
            snapshot: next,
            removed_solutions: vec![solution.unique_name.clone()],
            deleted_components: Vec::new(),
            restored_components: Vec::new(),
            data_loss: Vec::new(),
            managed: false,
        });
    }

    let mut removed_solutions: Vec<String> = patches
        .iter()
        .map(|patch| patch.unique_name.clone())
        .collect();
    removed_solutions.push(solution.unique_name.clone());
    let is_removed = |name: &str| {
        removed_solutions
            .iter()
            .any(|removed| removed.eq_ignore_ascii_case(name))
    };

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
    let dependents = dependents_index(snapshot);
    let mut blocking = Vec::new();
    for key in &deleted {
        for dependent in dependents.get(key).into_iter().flatten() {
            if !deleted.contains(dependent) {
                blocking.push((key.clone(), dependent.clone()));
            }
        }
    }
    if !blocking.is_empty() {
        return Err(Blocked {
            code: Some(PlatformError::DependenciesExist.hex().to_owned()),
            message: PlatformError::DependenciesExist.message_with(&[]),
            dependencies: blocking,
        });
    }

    let deleted_set: HashSet<&String> = deleted.iter().collect();
    let mut data_loss = Vec::new();
    for key in &deleted {
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
    let Some(holding) = snapshot.pending_holding(unique_name).cloned() else {
        return Err(Blocked {
            code: None,
            message: format!("no staged upgrade of {unique_name} is pending"),
            dependencies: Vec::new(),
        });
    };
    let Some(base) = snapshot.solution(unique_name).cloned() else {
        return Err(Blocked {
            code: None,
            message: format!("{unique_name} is not installed"),
            dependencies: Vec::new(),
        });
    };
    let patches: Vec<String> = snapshot
        .patches_of(&base.unique_name)
        .map(|solution| solution.unique_name.clone())
        .collect();
    let old_layers: Vec<String> = std::iter::once(base.unique_name.clone())
        .chain(patches.iter().cloned())
        .collect();
    let is_old = |name: &str| old_layers.iter().any(|old| old.eq_ignore_ascii_case(name));
    let mut deleted = BTreeSet::new();
    for (key, component) in &snapshot.components {
        let in_old = component.layers.iter().any(|layer| is_old(&layer.solution));
        if !in_old || component.has_layer(&holding.unique_name) {
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
    let dependents = dependents_index(snapshot);
    let blocking: Vec<(String, String)> = deleted
        .iter()
        .flat_map(|key| {
            dependents
                .get(key)
                .into_iter()
                .flatten()
                .filter(|dependent| !deleted.contains(*dependent))
                .map(|dependent| (key.clone(), dependent.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    if !blocking.is_empty() {
        return Err(Blocked {
            code: Some(PlatformError::DependenciesExist.hex().to_owned()),
            message: format!(
                "Solution dependencies exist, cannot uninstall. {} stays pending beside {}.",
                holding.unique_name, base.unique_name
            ),
            dependencies: blocking,
        });
    }
    let mut next = snapshot.clone();
    for key in &deleted {
        next.components.remove(key);
    }
    for component in next.components.values_mut() {
        if !component.layers.iter().any(|layer| {
            is_old(&layer.solution) || layer.solution.eq_ignore_ascii_case(&holding.unique_name)
        }) {
            continue;
        }
        component.layers.retain(|layer| !is_old(&layer.solution));
        for layer in &mut component.layers {
            if layer.solution.eq_ignore_ascii_case(&holding.unique_name) {
                layer.solution = base.unique_name.clone();
            }
        }
    }
    next.solutions.retain(|solution| {
        !patches.contains(&solution.unique_name)
            && !solution
                .unique_name
                .eq_ignore_ascii_case(&holding.unique_name)
    });
    if let Some(solution) = next
        .solutions
        .iter_mut()
        .find(|solution| solution.unique_name.eq_ignore_ascii_case(&base.unique_name))
    {
        solution.version = holding.version.clone();
        solution.display_name = holding
            .display_name
            .clone()
            .or(solution.display_name.take());
        solution.generated_by = holding.generated_by.clone();
    }
    Ok(Promoted {
        snapshot: next,
        deleted_components: deleted.into_iter().collect(),
        removed_patches: patches,
    })
}
