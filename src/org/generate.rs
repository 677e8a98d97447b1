//! Builds the two default snapshots from the public system-table metadata
//! (`tests/org-metadata/system-tables.json`, vendored from `shared/domain/org-metadata`)
//! and the platform's own solutions (`first_party.rs`).
//!
//! Deterministic: the same metadata always gives byte-identical JSON. The
//! outputs are committed as `www/org/onprem-9.1.json` and
//! `www/org/online-9.2.json`; `tests/org_defaults.rs` checks they are current.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{
    Deployment, InstalledSolution, Layer, OrgComponent, OrgPublisher, Snapshot, SnapshotError,
    ACTIVE_LAYER, SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION, SYSTEM_LAYER,
};
use crate::customizations::{ATTRIBUTE_MANAGED_PROPERTIES, ENTITY_MANAGED_PROPERTIES};
use crate::model::ComponentKind;
use crate::target::{Target, ONLINE_UPLOAD_BYTES, ONPREM_UPLOAD_BYTES};

use super::first_party::MICROSOFT;

/// Which default organization to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultOrg {
    /// On-premises 9.1, 6 MB upload limit (the page starts with it).
    OnPremises91,
    /// Online 9.2, 95 MB upload limit.
    Online92,
    /// Online 9.2 with the first-party solutions of Dynamics 365 Sales, Customer
    /// Service, Field Service and Power Pages that real packages need (`first_party.rs`).
    Online92WithApps,
}

impl DefaultOrg {
    pub fn file_name(self) -> &'static str {
        match self {
            DefaultOrg::OnPremises91 => "onprem-9.1.json",
            DefaultOrg::Online92 => "online-9.2.json",
            DefaultOrg::Online92WithApps => "online-9.2-apps.json",
        }
    }
}

/// Metadata names whose `canBeChanged` half is the managed property that
/// customizations.xml writes (DOMAIN.md 4.1b); for the rest the value itself is.
const SETTING_TO_MANAGED_PROPERTY: &[(&str, &str)] = &[
    ("IsAuditEnabled", "CanModifyAuditSettings"),
    ("IsValidForQueue", "CanModifyQueueSettings"),
    ("IsConnectionsEnabled", "CanModifyConnectionSettings"),
    (
        "IsDuplicateDetectionEnabled",
        "CanModifyDuplicateDetectionSettings",
    ),
    ("IsMailMergeEnabled", "CanModifyMailMergeSettings"),
    ("IsVisibleInMobile", "CanModifyMobileVisibility"),
    ("IsVisibleInMobileClient", "CanModifyMobileClientVisibility"),
    ("IsReadOnlyInMobileClient", "CanModifyMobileClientReadOnly"),
    ("IsOfflineInMobileClient", "CanModifyMobileClientOffline"),
    ("IsValidForAdvancedFind", "CanModifySearchSettings"),
    ("IsGlobalFilterEnabled", "CanModifyGlobalFilterSettings"),
    ("IsSortableEnabled", "CanModifyIsSortableSettings"),
    ("RequiredLevel", "CanModifyRequirementLevelSettings"),
];

pub fn default_snapshot(metadata_json: &str, which: DefaultOrg) -> Result<Snapshot, SnapshotError> {
    let metadata: Value =
        serde_json::from_str(metadata_json).map_err(|err| SnapshotError::MetadataNotJson {
            detail: err.to_string(),
        })?;
    let target = which.target();
    let online = target.deployment == Deployment::Online;
    let publishers = publishers(&metadata, online, which.org_unique_name());
    let default_publisher = publishers
        .iter()
        .find(|publisher| publisher.unique_name.starts_with("DefaultPublisher"))
        .map(|publisher| publisher.unique_name.clone())
        .unwrap_or_else(|| MICROSOFT.to_owned());
    let solutions = solutions(&metadata, online, &target.version, &default_publisher);
    for required in [SYSTEM_LAYER, ACTIVE_LAYER] {
        if !solutions
            .iter()
            .any(|solution| solution.unique_name == required)
        {
            return Err(SnapshotError::MetadataMissingSolution { solution: required });
        }
    }
    let mut snapshot = Snapshot {
        format: SNAPSHOT_FORMAT.to_owned(),
        format_version: SNAPSHOT_FORMAT_VERSION,
        name: which.label().to_owned(),
        target,
        publishers,
        solutions,
        components: components(&metadata),
    };
    super::first_party::add_platform_solutions(&mut snapshot);
    if which == DefaultOrg::Online92WithApps {
        super::first_party::add_dynamics_365_apps(&mut snapshot);
    }
    Ok(snapshot)
}

impl DefaultOrg {
    /// The snapshot's name for people.
    fn label(self) -> &'static str {
        match self {
            DefaultOrg::OnPremises91 => "On-premises 9.1 (default)",
            DefaultOrg::Online92 => "Online 9.2 (default)",
            DefaultOrg::Online92WithApps => "Online 9.2 with Dynamics 365 apps (default)",
        }
    }

    /// The organization's unique name, which fills the metadata's `<orgname>` placeholders.
    fn org_unique_name(self) -> &'static str {
        match self {
            DefaultOrg::OnPremises91 => "onprem91",
            DefaultOrg::Online92 | DefaultOrg::Online92WithApps => "online92",
        }
    }

    fn target(self) -> Target {
        match self {
            DefaultOrg::OnPremises91 => {
                Target::new(Deployment::OnPremises, "9.1.0.0", ONPREM_UPLOAD_BYTES)
            }
            DefaultOrg::Online92 | DefaultOrg::Online92WithApps => {
                Target::new(Deployment::Online, "9.2.0.0", ONLINE_UPLOAD_BYTES)
            }
        }
    }
}

/// The publishers the organization has: online-only ones only online, and
/// per-organization names filled in (dropped when a placeholder is left).
fn publishers(metadata: &Value, online: bool, org_unique_name: &str) -> Vec<OrgPublisher> {
    let mut publishers = Vec::new();
    for publisher in array(metadata, "publishers") {
        let Some(unique_name) = text(publisher, "uniqueName") else {
            continue;
        };
        if publisher.get("onlineOnly").and_then(Value::as_bool) == Some(true) && !online {
            continue;
        }
        // The metadata keeps per-organization names as placeholders.
        let unique_name = unique_name.replace("<orgname>", org_unique_name);
        if unique_name.contains('<') {
            continue;
        }
        publishers.push(OrgPublisher {
            unique_name,
            display_name: text(publisher, "friendlyName")
                .map(|name| name.replace("<orgname>", org_unique_name)),
            customization_prefix: text(publisher, "customizationPrefix").unwrap_or_default(),
            option_value_prefix: publisher
                .get("customizationOptionValuePrefix")
                .and_then(Value::as_u64)
                .and_then(|prefix| u32::try_from(prefix).ok()),
        });
    }
    publishers
}

/// The platform's own solutions (online-only ones only online): `System` at
/// the organization's version, the Default solution's publisher resolved.
fn solutions(
    metadata: &Value,
    online: bool,
    version: &str,
    default_publisher: &str,
) -> Vec<InstalledSolution> {
    let mut solutions = Vec::new();
    for solution in array(metadata, "solutions") {
        let Some(unique_name) = text(solution, "uniqueName") else {
            continue;
        };
        let online_only = solution
            .get("evidence")
            .and_then(Value::as_str)
            .is_some_and(|evidence| evidence.contains("not on-prem"));
        if online_only && !online {
            continue;
        }
        let publisher = match text(solution, "publisherUniqueName") {
            Some(name) => name,
            None if text(solution, "publisherId").as_deref()
                == Some("d21aab71-79e7-11dd-8874-00188b01e34f") =>
            {
                default_publisher.to_owned()
            }
            None => MICROSOFT.to_owned(),
        };
        let is_system = unique_name == SYSTEM_LAYER;
        solutions.push(InstalledSolution {
            display_name: text(solution, "friendlyName"),
            version: if is_system {
                version.to_owned()
            } else {
                text(solution, "version").unwrap_or_else(|| "1.0".to_owned())
            },
            managed: solution.get("isManaged").and_then(Value::as_bool) == Some(true),
            publisher,
            install_order: 0,
            built_in: true,
            holding_for: None,
            patch_of: None,
            generated_by: None,
            unique_name,
        });
    }
    solutions
}

/// The system tables with their columns, forms and views, each in the System layer.
fn components(metadata: &Value) -> BTreeMap<String, OrgComponent> {
    let mut components = BTreeMap::new();
    let mut insert = |component: OrgComponent| {
        components.insert(component.key(), component);
    };
    for table in array(metadata, "tables") {
        let Some(table_name) = text(table, "logicalName").map(|name| name.to_lowercase()) else {
            continue;
        };
        insert(OrgComponent {
            kind: ComponentKind::Entity,
            name: table_name.clone(),
            parent: None,
            display_name: text(table, "displayName"),
            id: text(table, "metadataId"),
            layers: vec![system_layer(managed_properties(
                table.get("managedProperties"),
                ENTITY_MANAGED_PROPERTIES,
            ))],
            unmanaged_solutions: Vec::new(),
            requires: Vec::new(),
        });
        for column in array(table, "columns") {
            if let Some(component) = column_component(column, &table_name) {
                insert(component);
            }
        }
        for (section, kind) in [
            ("forms", ComponentKind::Form),
            ("views", ComponentKind::View),
        ] {
            for item in array(table, section) {
                if let Some(component) = table_part_component(item, kind, &table_name) {
                    insert(component);
                }
            }
        }
    }
    components
}

fn column_component(column: &Value, table_name: &str) -> Option<OrgComponent> {
    let column_name = text(column, "logicalName")?;
    Some(OrgComponent {
        kind: ComponentKind::Attribute,
        name: column_name.to_lowercase(),
        parent: Some(table_name.to_owned()),
        display_name: None,
        id: None,
        layers: vec![system_layer(managed_properties(
            column.get("managedProperties"),
            ATTRIBUTE_MANAGED_PROPERTIES,
        ))],
        unmanaged_solutions: Vec::new(),
        requires: Vec::new(),
    })
}

/// A form or view of a table, named by its id in braces and lower case, as
/// customizations.xml names it.
fn table_part_component(
    item: &Value,
    kind: ComponentKind,
    table_name: &str,
) -> Option<OrgComponent> {
    let id = text(item, "id")?;
    let braced = format!("{{{}}}", id.trim_matches(['{', '}']).to_lowercase());
    Some(OrgComponent {
        kind,
        name: braced.clone(),
        parent: Some(table_name.to_owned()),
        display_name: text(item, "name"),
        id: Some(braced),
        layers: vec![Layer::new(SYSTEM_LAYER)],
        unmanaged_solutions: Vec::new(),
        requires: Vec::new(),
    })
}

fn system_layer(properties: BTreeMap<String, bool>) -> Layer {
    Layer {
        solution: SYSTEM_LAYER.to_owned(),
        properties,
        digest: None,
    }
}

/// Maps the metadata's managed properties (plain booleans or
/// `{value, canBeChanged}`) to the names customizations.xml uses.
fn managed_properties(value: Option<&Value>, known: &[&str]) -> BTreeMap<String, bool> {
    let mut properties = BTreeMap::new();
    let Some(Value::Object(map)) = value else {
        return properties;
    };
    for (name, entry) in map {
        let setting = SETTING_TO_MANAGED_PROPERTY
            .iter()
            .find(|(setting, _)| setting == name)
            .map(|(_, property)| *property);
        let (property, flag) = match (setting, entry) {
            (Some(property), Value::Object(pair)) => {
                (property, pair.get("canBeChanged").and_then(Value::as_bool))
            }
            (Some(property), Value::Bool(flag)) => (property, Some(*flag)),
            (None, Value::Object(pair)) => {
                (name.as_str(), pair.get("value").and_then(Value::as_bool))
            }
            (None, Value::Bool(flag)) => (name.as_str(), Some(*flag)),
            _ => continue,
        };
        if let (Some(flag), true) = (flag, known.contains(&property)) {
            properties.insert(property.to_owned(), flag);
        }
    }
    properties
}

fn array<'v>(value: &'v Value, key: &str) -> impl Iterator<Item = &'v Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter())
        .into_iter()
        .flatten()
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}
