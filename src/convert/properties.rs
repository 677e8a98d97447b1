//! The managed properties an author can set before converting: for every
//! component, each property with the package's own value, the value chosen
//! by the policy, and the effective result (IsCustomizable off wins).

use serde::{Deserialize, Serialize};

use super::policy::{ChoiceSource, ManagedPropertyPolicy};
use crate::customizations::managed_property_names;
use crate::inspect::{Inspection, CUSTOMIZATIONS_XML};
use crate::model::{Component, ComponentKind, IS_CUSTOMIZABLE};

/// Properties the maker portal offers for tables ("Allow customizations",
/// "Display name can be modified", …); `"*"` in a policy means these.
const TABLE_UI_PROPERTIES: &[&str] = &[
    "IsCustomizable",
    "IsRenameable",
    "CanModifyAdditionalSettings",
    "CanCreateForms",
    "CanCreateCharts",
    "CanCreateViews",
    "CanChangeHierarchicalRelationship",
    "CanChangeTrackingBeEnabled",
    "CanEnableSyncToExternalSearchIndex",
];

/// Properties the maker portal offers for columns.
const COLUMN_UI_PROPERTIES: &[&str] = &[
    "IsCustomizable",
    "IsRenameable",
    "CanModifyRequirementLevelSettings",
    "CanModifyAdditionalSettings",
    "CanChangeDateTimeBehavior",
];

/// Column properties that can be added when the package does not write them
/// (CanChangeDateTimeBehavior applies to date columns only, so it is never added).
const COLUMN_INSERTABLE: &[&str] = &[
    "IsCustomizable",
    "IsRenameable",
    "CanModifyRequirementLevelSettings",
    "CanModifyAdditionalSettings",
];

/// Whether `"*"` (allow all / the editor's bulk actions) covers this property:
/// the ones the maker portal offers. Others (CanBeDeleted, IsHidden,
/// IsMappable, CanCreateAttributes…) are system-fixed in practice and change
/// only when named.
pub fn is_bulk_property(kind: ComponentKind, property: &str) -> bool {
    let list: &[&str] = match kind {
        ComponentKind::Entity => TABLE_UI_PROPERTIES,
        ComponentKind::Attribute => COLUMN_UI_PROPERTIES,
        _ => &[IS_CUSTOMIZABLE],
    };
    list.iter().any(|name| name.eq_ignore_ascii_case(property))
}

/// One component in the managed-properties editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditableComponent {
    /// `Component::key()`, the key a policy uses.
    pub key: String,
    pub kind: ComponentKind,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The owning table's logical name (the table's own for a table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub properties: Vec<EditableProperty>,
}

/// One managed property of one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditableProperty {
    /// The element name, e.g. `IsCustomizable`.
    pub name: String,
    /// The value the package writes; `None` when it does not write the
    /// element (the platform then allows the capability).
    pub package_value: Option<bool>,
    /// The value the converted package will carry.
    pub value: bool,
    /// What the platform enforces: false whenever IsCustomizable is false.
    pub effective: bool,
    /// Which policy rule chose `value` (`package` when none did).
    pub source: ChoiceSource,
    /// Whether "allow all" and the other bulk actions cover it.
    pub bulk: bool,
}

impl EditableProperty {
    /// Whether the conversion writes this property.
    pub fn changes(&self) -> bool {
        self.value != self.package_value.unwrap_or(true)
    }
}

/// Every component whose managed properties the author may set, in package
/// order, with values resolved against `policy`.
pub fn editable_properties(
    inspection: &Inspection,
    policy: &ManagedPropertyPolicy,
) -> Vec<EditableComponent> {
    editable_with_index(inspection, policy)
        .into_iter()
        .map(|(_, component)| component)
        .collect()
}

/// What locking every component of one kind (Allow customizations off) does, told before it is
/// done: how many it locks, how many were locked already, how many a choice for their table
/// keeps allowed, and which components of the kind the editor does not offer at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KindLock {
    /// Components whose Allow customizations the lock turns off.
    pub locked: usize,
    /// Components whose Allow customizations was off already (the package's value or a choice).
    pub already_locked: usize,
    /// Components a more specific choice (for their table) keeps allowed.
    pub kept_by_table: usize,
    /// The names of the kind's components that write no managed property of this package's
    /// own: another solution's components, whose managed properties belong to that solution's
    /// layer (the editor does not offer them, and the conversion leaves them as written).
    pub not_offered: Vec<String>,
}

/// What [`ManagedPropertyPolicy::lock_kind`] of `kind` would do to `inspection` under `policy`.
pub fn lock_kind_effect(
    inspection: &Inspection,
    policy: &ManagedPropertyPolicy,
    kind: ComponentKind,
) -> KindLock {
    let mut locked_policy = policy.clone();
    locked_policy.lock_kind(kind);
    let prefix = inspection
        .manifest
        .publisher
        .customization_prefix
        .as_deref();
    let allowed = |editable: &EditableComponent| {
        editable
            .properties
            .iter()
            .find(|property| property.name == IS_CUSTOMIZABLE)
            .map(|property| property.value)
    };
    let mut effect = KindLock::default();
    for component in inspection.components.iter().filter(|c| c.kind == kind) {
        let before = editable_component(component, policy, prefix);
        let after = editable_component(component, &locked_policy, prefix);
        match (
            before.as_ref().and_then(allowed),
            after.as_ref().and_then(allowed),
        ) {
            (Some(true), Some(false)) => effect.locked += 1,
            (Some(false), _) => effect.already_locked += 1,
            (Some(true), _) => effect.kept_by_table += 1,
            (None, _) => effect.not_offered.push(component.name.clone()),
        }
    }
    effect
}

/// Like [`editable_properties`], with each component's index in
/// `inspection.components` (keys are not always unique: plug-in step images
/// are often all called `PreImage`).
pub(crate) fn editable_with_index(
    inspection: &Inspection,
    policy: &ManagedPropertyPolicy,
) -> Vec<(usize, EditableComponent)> {
    let prefix = inspection
        .manifest
        .publisher
        .customization_prefix
        .as_deref();
    inspection
        .components
        .iter()
        .enumerate()
        .filter_map(|(index, component)| {
            editable_component(component, policy, prefix).map(|editable| (index, editable))
        })
        .collect()
}

fn editable_component(
    component: &Component,
    policy: &ManagedPropertyPolicy,
    prefix: Option<&str>,
) -> Option<EditableComponent> {
    let publishers_own = is_publishers_own(component, prefix);
    let names = editable_names(component);
    if names.is_empty() {
        return None;
    }
    let mut properties: Vec<EditableProperty> = names
        .into_iter()
        .map(|name| {
            let package_value = component.property(&name).and_then(|prop| prop.value);
            let bulk = is_bulk_property(component.kind, &name);
            // A flag the package writes as 0 on a component that is not the
            // publisher's own (system columns such as processid) is fixed by
            // its base layer: only a rule naming the component turns it on.
            let choice = policy
                .choice(component, &name, bulk)
                .filter(|(value, source)| {
                    !(*value
                        && package_value == Some(false)
                        && *source != ChoiceSource::Component
                        && !publishers_own)
                });
            let (value, source) =
                choice.unwrap_or((package_value.unwrap_or(true), ChoiceSource::Package));
            EditableProperty {
                name,
                package_value,
                value,
                effective: value,
                source,
                bulk,
            }
        })
        .collect();
    let customizable = properties
        .iter()
        .find(|prop| prop.name == IS_CUSTOMIZABLE)
        .is_none_or(|prop| prop.value);
    for property in &mut properties {
        if property.name != IS_CUSTOMIZABLE {
            property.effective = property.value && customizable;
        }
    }
    Some(EditableComponent {
        key: component.key(),
        kind: component.kind,
        name: component.name.clone(),
        display_name: component.display_name.clone(),
        entity: match component.kind {
            ComponentKind::Entity => Some(component.name.to_ascii_lowercase()),
            _ => component.parent.clone(),
        },
        properties,
    })
}

/// The capability flags the package writes as valid booleans, plus, for tables and
/// columns this solution owns (they write IsCustomizable), the maker-portal
/// properties an older export may lack. A component that writes no
/// IsCustomizable has a managed base layer (the system's or another
/// publisher's): nothing is added to it.
fn editable_names(component: &Component) -> Vec<String> {
    let canonical = managed_property_names(component.kind);
    let owned = component
        .property(IS_CUSTOMIZABLE)
        .is_some_and(|prop| prop.value.is_some());
    let in_customizations = component.source.file == CUSTOMIZATIONS_XML;
    let insertable: &[&str] = match component.kind {
        ComponentKind::Entity if owned && in_customizations => TABLE_UI_PROPERTIES,
        ComponentKind::Attribute if owned && in_customizations => COLUMN_INSERTABLE,
        _ => &[],
    };
    let mut names: Vec<String> = Vec::new();
    // IsHidden says whether a component is hidden, not what others may do to
    // it; it is kept as the package writes it.
    for name in canonical.iter().filter(|name| **name != "IsHidden") {
        let written = component
            .property(name)
            .is_some_and(|prop| prop.value.is_some());
        if written || insertable.contains(name) {
            names.push((*name).to_owned());
        }
    }
    names
}

/// Whether the component's name carries the publisher's customization prefix
/// (`new_code`, `msdynce_projectnumber`, `entity/new_code`), the sign of a
/// component this solution's publisher created. Components keyed by id
/// (forms, views, processes) cannot tell, and count as not.
fn is_publishers_own(component: &Component, prefix: Option<&str>) -> bool {
    let Some(prefix) = prefix.map(str::trim).filter(|prefix| !prefix.is_empty()) else {
        return false;
    };
    let name = component.name.rsplit('/').next().unwrap_or(&component.name);
    name.len() > prefix.len()
        && name
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        && name.as_bytes().get(prefix.len()) == Some(&b'_')
}
