//! Managed properties: invalid values, properties IsCustomizable = 0 makes
//! pointless, locked-down managed packages, and a summary of what the receiving
//! organization may and may not change, per kind and per component.
//!
//! Managed properties take effect only when the package is imported as managed
//! (DOMAIN.md §4.2); the summary says whether that is the case (`applies`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Finding;
use crate::findings::Code;
use crate::inspect::Inspection;
use crate::model::{Component, ComponentKind, IS_CUSTOMIZABLE};

/// How many components of a kind allow or forbid one property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyTally {
    pub name: String,
    /// The maker portal's words for it.
    pub label: String,
    /// Components where the receiving organization may change it.
    pub allowed: usize,
    /// Components where it may not (IsCustomizable = 0 counts here).
    pub denied: usize,
    /// Components whose value is not a boolean.
    pub invalid: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KindSummary {
    pub kind: ComponentKind,
    pub label: String,
    /// Components of this kind that carry managed properties.
    pub components: usize,
    /// Of those, the ones with IsCustomizable = 0.
    pub locked: usize,
    pub properties: Vec<PropertyTally>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentSummary {
    /// `kind:name`, as in the inspect JSON.
    pub component: String,
    pub kind: ComponentKind,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub locked: bool,
    /// Property names whose effective value is 1.
    pub may_change: Vec<String>,
    /// Property names whose effective value is 0 (all of them when IsCustomizable = 0).
    pub may_not_change: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedSummary {
    /// Whether the properties take effect: only a managed package's do.
    pub applies: bool,
    pub components_with_properties: usize,
    pub locked_components: usize,
    pub by_kind: Vec<KindSummary>,
    pub components: Vec<ComponentSummary>,
}

/// Plain words for a managed property: the maker portal's where it has them
/// (DOMAIN.md §4.1), otherwise the setting it guards (§4.1b).
pub fn property_label(name: &str) -> String {
    let label = match name {
        "IsMappable" => "Can be mapped",
        "CanModifyMobileVisibility" => "Can change mobile visibility",
        "CanModifyMobileClientVisibility" => "Can change visibility in the mobile app",
        "CanModifyMobileClientReadOnly" => "Can change read-only in the mobile app",
        "CanModifyMobileClientOffline" => "Can change offline in the mobile app",
        "CanModifyConnectionSettings" => "Can change connections",
        "CanModifyDuplicateDetectionSettings" => "Can change duplicate detection",
        "CanModifyMailMergeSettings" => "Can change mail merge",
        "CanModifyQueueSettings" => "Can change queues",
        "CanModifyGlobalFilterSettings" => "Can change global filter",
        "CanModifyIsSortableSettings" => "Can change sortable",
        "CanModifyFieldLevelSecuritySettings" => "Can change field security",
        "CanBeRelatedEntityInRelationship" => "Can be related in a relationship",
        "CanBePrimaryEntityInRelationship" => "Can be primary in a relationship",
        "CanBeInManyToMany" => "Can be in a many-to-many relationship",
        "IsCustomizable" => "Allow customizations",
        "IsRenameable" => "Display name can be modified",
        "CanModifyAdditionalSettings" => "Can change additional properties",
        "CanCreateForms" => "New forms can be created",
        "CanCreateCharts" => "New charts can be created",
        "CanCreateViews" => "New views can be created",
        "CanCreateAttributes" => "New columns can be created",
        "CanChangeHierarchicalRelationship" => "Can change hierarchical relationship",
        "CanChangeTrackingBeEnabled" => "Can change tracking be enabled",
        "CanEnableSyncToExternalSearchIndex" => "Can enable sync to external search index",
        "CanModifyRequirementLevelSettings" => "Can change requirement level",
        "CanChangeDateTimeBehavior" => "Can change date and time behavior",
        "CanModifySearchSettings" => "Can change searchability (Advanced Find)",
        "CanModifyAuditSettings" => "Can change auditing",
        "CanBeDeleted" => "Can be deleted",
        other => other,
    };
    label.to_owned()
}

#[inline(never)] // see `validate_with_content_types`
pub(super) fn check(inspection: &Inspection, findings: &mut Vec<Finding>) -> ManagedSummary {
    let applies = inspection.manifest.managed() == Some(true);
    let mut by_kind: BTreeMap<ComponentKind, KindSummary> = BTreeMap::new();
    let mut components = Vec::new();

    for component in inspection
        .components
        .iter()
        .filter(|component| !component.managed_properties.is_empty())
    {
        let key = component.key();
        check_non_boolean_values(component, &key, findings);
        let locked = component.effective(IS_CUSTOMIZABLE) == Some(false);
        if locked {
            check_permissions_without_effect(component, &key, findings);
        }
        let summary = by_kind
            .entry(component.kind)
            .or_insert_with(|| KindSummary {
                kind: component.kind,
                label: component.kind.label().to_owned(),
                components: 0,
                locked: 0,
                properties: Vec::new(),
            });
        components.push(summarize_component(component, key, locked, summary));
    }

    let components_with_properties = components.len();
    let locked_components = components.iter().filter(|summary| summary.locked).count();
    if applies {
        findings.extend(check_locked_down(
            locked_components,
            components_with_properties,
        ));
    }

    ManagedSummary {
        applies,
        components_with_properties,
        locked_components,
        by_kind: by_kind.into_values().collect(),
        components,
    }
}

/// SV0301: a managed property whose value is not 0 or 1.
fn check_non_boolean_values(component: &Component, key: &str, findings: &mut Vec<Finding>) {
    for property in component.non_boolean_properties() {
        findings.push(
            Finding::new(
                Code::SV0301,
                format!(
                    "{} is {:?}, which is not a boolean; customizations.xml allows only 0 or 1 here, so the import fails XSD validation",
                    component.property_label(property),
                    property.raw
                ),
            )
            .in_file(&component.source.file)
            .at_line(component.source.line)
            .for_component(key.to_owned()),
        );
    }
}

/// SV0302: on a component with IsCustomizable = 0, permissions set to 1 that
/// IsCustomizable = 0 makes false.
fn check_permissions_without_effect(component: &Component, key: &str, findings: &mut Vec<Finding>) {
    let without_effect: Vec<&str> = component
        .managed_properties
        .iter()
        .filter(|property| {
            !property.name.eq_ignore_ascii_case(IS_CUSTOMIZABLE)
                && property.value == Some(true)
                && is_permission(&property.name)
        })
        .map(|property| property.name.as_str())
        .collect();
    if without_effect.is_empty() {
        return;
    }
    findings.push(
        Finding::new(
            Code::SV0302,
            format!(
                "{} {} has IsCustomizable = 0, so {} = 1 has no effect: IsCustomizable = 0 makes every other managed property false",
                component.kind.label(),
                component.name,
                without_effect.join(", ")
            ),
        )
        .in_file(&component.source.file)
        .at_line(component.source.line)
        .for_component(key.to_owned()),
    );
}

/// SV0303 / SV0304: a managed package that locks down all, or some, of its
/// components that carry managed properties.
fn check_locked_down(
    locked_components: usize,
    components_with_properties: usize,
) -> Option<Finding> {
    if locked_components == 0 {
        return None;
    }
    let finding = if locked_components == components_with_properties {
        Finding::new(
            Code::SV0303,
            format!(
                "This managed package locks down all {locked_components} of its components that carry managed properties (IsCustomizable = 0): the receiving organization cannot customize any of them, and only an update from the same publisher can loosen that"
            ),
        )
    } else {
        Finding::new(
            Code::SV0304,
            format!(
                "This managed package locks down {locked_components} of its {components_with_properties} components that carry managed properties (IsCustomizable = 0); the receiving organization cannot customize those"
            ),
        )
    };
    Some(finding.in_file(crate::customizations::FILE))
}

/// What the receiving organization may and may not change of one component,
/// counted into its kind's tallies as well.
fn summarize_component(
    component: &Component,
    key: String,
    locked: bool,
    summary: &mut KindSummary,
) -> ComponentSummary {
    summary.components += 1;
    summary.locked += usize::from(locked);
    let mut may_change = Vec::new();
    let mut may_not_change = Vec::new();
    for property in component
        .managed_properties
        .iter()
        .filter(|property| is_permission(&property.name))
    {
        let tally = tally_of(&mut summary.properties, &property.name);
        match (property.value, component.effective(&property.name)) {
            (None, _) => tally.invalid += 1,
            (_, Some(true)) => {
                tally.allowed += 1;
                may_change.push(property.name.clone());
            }
            (_, _) => {
                tally.denied += 1;
                may_not_change.push(property.name.clone());
            }
        }
    }
    ComponentSummary {
        component: key,
        kind: component.kind,
        name: component.name.clone(),
        display_name: component.display_name.clone(),
        locked,
        may_change,
        may_not_change,
    }
}

/// A property's tally in its kind's, added (at the end, all zero) the first
/// time the kind has the property.
fn tally_of<'a>(tallies: &'a mut Vec<PropertyTally>, name: &str) -> &'a mut PropertyTally {
    let index = match tallies.iter().position(|tally| tally.name == name) {
        Some(index) => index,
        None => {
            tallies.push(PropertyTally {
                name: name.to_owned(),
                label: property_label(name),
                allowed: 0,
                denied: 0,
                invalid: 0,
            });
            tallies.len() - 1
        }
    };
    &mut tallies[index]
}

/// Properties that grant the receiving organization a right. `IsHidden` is a
/// state of the component (hidden from the maker portal), not a right.
fn is_permission(name: &str) -> bool {
    !name.eq_ignore_ascii_case("IsHidden")
}
