//! Organization snapshots: what an organization holds (solutions, publishers,
//! components and their layers), as a versioned JSON document.
//!
//! The format is documented in `docs/org-snapshot.md`. Components are kept in a
//! map keyed by `kind:key` (lower case) so that lookups stay cheap with tens of
//! thousands of components; the JSON object keeps that order, which makes files
//! deterministic and diffs small.

pub mod first_party;
pub mod generate;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Component, ComponentKind};
pub use crate::target::{Deployment, Limits, Target};

/// The value of `format` in every snapshot.
pub const SNAPSHOT_FORMAT: &str = "solution-inspector/org-snapshot";
/// The version of the snapshot format this build reads and writes.
pub const SNAPSHOT_FORMAT_VERSION: u32 = 1;

/// The layer name of the unmanaged customizations (the top of every stack).
pub const ACTIVE_LAYER: &str = "Active";
/// The layer name of the platform's own definitions (the bottom of every stack).
pub const SYSTEM_LAYER: &str = "System";
/// Suffix of the holding solution a "stage for upgrade" creates.
pub const HOLDING_SUFFIX: &str = "_Upgrade";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgPublisher {
    pub unique_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default)]
    pub customization_prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option_value_prefix: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstalledSolution {
    pub unique_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub version: String,
    pub managed: bool,
    /// Publisher unique name.
    pub publisher: String,
    /// 0 for the platform's own solutions, then 1, 2, … in install order.
    pub install_order: u32,
    /// The platform's own solutions (System, Active, Default, Basic): never
    /// uninstalled, never imported over.
    #[serde(default, skip_serializing_if = "is_false")]
    pub built_in: bool,
    /// For a holding `<Name>_Upgrade` solution: the solution it will replace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holding_for: Option<String>,
    /// For a patch: its parent solution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_of: Option<String>,
    /// `CrmLive` or `OnPremise`, as the package said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_by: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// One layer of a component: the solution that brought it, and the managed
/// properties that layer declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Layer {
    pub solution: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, bool>,
    /// Fingerprint of the definition this layer brought (to tell "unchanged").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

impl Layer {
    pub fn new(solution: &str) -> Layer {
        Layer {
            solution: solution.to_owned(),
            properties: BTreeMap::new(),
            digest: None,
        }
    }

    pub fn is_active(&self) -> bool {
        self.solution == ACTIVE_LAYER
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgComponent {
    pub kind: ComponentKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Bottom to top: System, managed solutions in install order, Active.
    pub layers: Vec<Layer>,
    /// Unmanaged solutions that list this component (containers, not layers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmanaged_solutions: Vec<String>,
    /// Keys of the components this one needs, besides its owning table (which
    /// every table part needs implicitly, see [`OrgComponent::requirements`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
}

impl OrgComponent {
    pub fn key(&self) -> String {
        component_key(self.kind, self.parent.as_deref(), &self.name)
    }

    pub fn has_layer(&self, solution: &str) -> bool {
        self.layers
            .iter()
            .any(|layer| layer.solution.eq_ignore_ascii_case(solution))
    }

    pub fn layer(&self, solution: &str) -> Option<&Layer> {
        self.layers
            .iter()
            .find(|layer| layer.solution.eq_ignore_ascii_case(solution))
    }

    pub fn has_active_layer(&self) -> bool {
        self.layers.iter().any(Layer::is_active)
    }

    /// Whether some managed (or system) layer holds the component up.
    pub fn has_managed_base(&self) -> bool {
        self.layers.iter().any(|layer| !layer.is_active())
    }

    /// The bottom layer: the owner of the component.
    pub fn base_layer(&self) -> Option<&Layer> {
        self.layers.first()
    }

    /// Managed properties in force: the owner's, since only the owner may change
    /// them (and then only to loosen them). Unmanaged-only components have none.
    pub fn properties_in_force(&self) -> BTreeMap<String, bool> {
        self.owner_properties().cloned().unwrap_or_default()
    }

    /// The owner's managed properties, borrowed (`None` for unmanaged-only components).
    fn owner_properties(&self) -> Option<&BTreeMap<String, bool>> {
        self.base_layer()
            .filter(|layer| !layer.is_active())
            .map(|layer| &layer.properties)
    }

    /// The value in force, with `IsCustomizable = false` overriding the rest.
    pub fn property_in_force(&self, name: &str) -> Option<bool> {
        let properties = self.owner_properties()?;
        let lookup = |wanted: &str| {
            properties
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(wanted))
                .map(|(_, value)| *value)
        };
        if lookup(crate::model::IS_CUSTOMIZABLE) == Some(false) {
            return Some(false);
        }
        lookup(name)
    }

    /// Everything this component needs: its owning table, then `requires`.
    pub fn requirements(&self) -> Vec<String> {
        let mut requirements = Vec::new();
        if let Some(parent) = self
            .parent
            .as_deref()
            .filter(|_| self.kind.belongs_to_entity())
        {
            requirements.push(component_key(ComponentKind::Entity, None, parent));
        }
        for required in &self.requires {
            if !requirements.contains(required) {
                requirements.push(required.clone());
            }
        }
        requirements
    }

    pub fn layer_names(&self) -> Vec<String> {
        self.layers
            .iter()
            .map(|layer| layer.solution.clone())
            .collect()
    }
}

/// The snapshot of one organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub format: String,
    pub format_version: u32,
    /// A name for people ("On-premises 9.1 (default)").
    pub name: String,
    /// Deployment, version (e.g. `9.1.0.0`), languages and limits: the keys
    /// `deployment`, `version`, `baseLanguage`, `enabledLanguages`, `limits`.
    #[serde(flatten)]
    pub target: Target,
    pub publishers: Vec<OrgPublisher>,
    pub solutions: Vec<InstalledSolution>,
    /// Keyed by [`component_key`].
    pub components: BTreeMap<String, OrgComponent>,
}

/// A snapshot is its organization's target plus what the organization holds:
/// `snapshot.version`, `snapshot.limits` … read (and write) its target.
impl std::ops::Deref for Snapshot {
    type Target = Target;
    fn deref(&self) -> &Target {
        &self.target
    }
}

impl std::ops::DerefMut for Snapshot {
    fn deref_mut(&mut self) -> &mut Target {
        &mut self.target
    }
}

/// A snapshot (or the metadata a default one is generated from) that cannot
/// be used, by kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// Not JSON of the snapshot's form (the JSON reader's message, line and column).
    #[error("not an organization snapshot (the JSON file `solinspect org default`, `org install` or the page's Save writes; docs/org-snapshot.md): reading stopped {0}")]
    InvalidJson(crate::json_syntax::JsonSyntax),
    #[error("not an organization snapshot: format is {found:?}, expected {SNAPSHOT_FORMAT:?}")]
    WrongFormat { found: String },
    #[error(
        "snapshot format version {found} is newer than this tool reads ({SNAPSHOT_FORMAT_VERSION})"
    )]
    NewerFormatVersion { found: u32 },
    #[error("component {key:?} is stored under the wrong key (expected {expected:?})")]
    WrongKey { key: String, expected: String },
    /// The system-table metadata of the default snapshots is not JSON.
    #[error("system-tables.json is not JSON: {detail}")]
    MetadataNotJson { detail: String },
    /// The system-table metadata lacks a solution every organization has.
    #[error("system-tables.json has no {solution} solution")]
    MetadataMissingSolution { solution: &'static str },
}

impl Snapshot {
    /// Reads a snapshot from JSON, checking its format and version.
    pub fn from_json(text: &str) -> Result<Snapshot, SnapshotError> {
        let snapshot: Snapshot =
            serde_json::from_str(text).map_err(|err| SnapshotError::InvalidJson(err.into()))?;
        if snapshot.format != SNAPSHOT_FORMAT {
            return Err(SnapshotError::WrongFormat {
                found: snapshot.format,
            });
        }
        if snapshot.format_version > SNAPSHOT_FORMAT_VERSION {
            return Err(SnapshotError::NewerFormatVersion {
                found: snapshot.format_version,
            });
        }
        for (key, component) in &snapshot.components {
            if *key != component.key() {
                return Err(SnapshotError::WrongKey {
                    key: key.clone(),
                    expected: component.key(),
                });
            }
        }
        Ok(snapshot)
    }

    /// Compact JSON (the form the default snapshots are shipped in).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The installed patches of a solution (CloneAsPatch children), in the snapshot's order.
    pub fn patches_of<'a>(
        &'a self,
        parent: &'a str,
    ) -> impl Iterator<Item = &'a InstalledSolution> + 'a {
        self.solutions.iter().filter(move |solution| {
            solution
                .patch_of
                .as_deref()
                .is_some_and(|patch_of| patch_of.eq_ignore_ascii_case(parent))
        })
    }

    pub fn solution(&self, unique_name: &str) -> Option<&InstalledSolution> {
        self.solutions
            .iter()
            .find(|solution| solution.unique_name.eq_ignore_ascii_case(unique_name))
    }

    pub fn publisher(&self, unique_name: &str) -> Option<&OrgPublisher> {
        self.publishers
            .iter()
            .find(|publisher| publisher.unique_name.eq_ignore_ascii_case(unique_name))
    }

    pub fn component(&self, key: &str) -> Option<&OrgComponent> {
        self.components.get(key)
    }

    /// The org component a package component lands on, if any.
    pub fn find(&self, component: &Component) -> Option<&OrgComponent> {
        self.components.get(&package_component_key(component))
    }

    /// Publisher of the solution a layer belongs to (`System` → MicrosoftCorporation).
    pub fn layer_publisher(&self, layer: &Layer) -> Option<&str> {
        self.solution(&layer.solution)
            .map(|solution| solution.publisher.as_str())
    }

    /// Components (keys) that list `key` among what they require.
    pub fn dependents_of(&self, key: &str) -> Vec<&OrgComponent> {
        self.components
            .values()
            .filter(|component| {
                component
                    .requirements()
                    .iter()
                    .any(|required| required == key)
            })
            .collect()
    }

    /// The organization's major.minor, which bounds the package versions it takes.
    pub fn package_version(&self) -> String {
        match self.target.major_minor() {
            Some(major_minor) => major_minor.to_string(),
            None => self.version.clone(),
        }
    }

    /// Pending holding solution for `unique_name`, if a staged upgrade waits.
    pub fn pending_holding(&self, unique_name: &str) -> Option<&InstalledSolution> {
        self.solutions.iter().find(|solution| {
            solution
                .holding_for
                .as_deref()
                .is_some_and(|base| base.eq_ignore_ascii_case(unique_name))
        })
    }

    pub fn next_install_order(&self) -> u32 {
        self.solutions
            .iter()
            .map(|solution| solution.install_order)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Components per layer name (how many each solution holds).
    pub fn layer_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for component in self.components.values() {
            for layer in &component.layers {
                *counts.entry(layer.solution.clone()).or_insert(0) += 1;
            }
        }
        counts
    }
}

/// `kind:name` or `kind:table/name`, lower case: the snapshot's index key.
pub fn component_key(kind: ComponentKind, parent: Option<&str>, name: &str) -> String {
    // Built in one allocation: simulation makes one per package component.
    let parent = parent.filter(|_| kind.parent_in_key());
    let mut key = String::with_capacity(
        kind.key().len() + 1 + parent.map_or(0, |parent| parent.len() + 1) + name.len(),
    );
    key.push_str(kind.key());
    key.push(':');
    if let Some(parent) = parent {
        key.push_str(parent);
        key.push('/');
    }
    key.push_str(name);
    if key.is_ascii() {
        key.make_ascii_lowercase();
        key
    } else {
        key.to_lowercase()
    }
}

pub fn package_component_key(component: &Component) -> String {
    component_key(component.kind, component.parent.as_deref(), &component.name)
}

/// Compares dotted versions numerically (`1.10` > `1.9`); missing parts are 0
/// and non-numeric parts compare as text.
pub fn compare_versions(left: &str, right: &str) -> Ordering {
    let left_parts: Vec<&str> = left.trim().split('.').collect();
    let right_parts: Vec<&str> = right.trim().split('.').collect();
    let count = left_parts.len().max(right_parts.len());
    for index in 0..count {
        let left_part = left_parts.get(index).copied().unwrap_or("0");
        let right_part = right_parts.get(index).copied().unwrap_or("0");
        let ordering = match (left_part.parse::<u64>(), right_part.parse::<u64>()) {
            (Ok(left_number), Ok(right_number)) => left_number.cmp(&right_number),
            _ => left_part.cmp(right_part),
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(compare_versions("1.10.0.0", "1.9.0.0"), Ordering::Greater);
        assert_eq!(compare_versions("1.0", "1.0.0.0"), Ordering::Equal);
        assert_eq!(compare_versions("2.0.0.0", "2.0.0.1"), Ordering::Less);
    }

    #[test]
    fn keys_are_lower_case_and_scoped_by_table() {
        assert_eq!(
            component_key(ComponentKind::Attribute, Some("Account"), "Name"),
            "attribute:account/name"
        );
        assert_eq!(
            component_key(ComponentKind::Form, Some("account"), "{ABC}"),
            "form:{abc}"
        );
    }
}
