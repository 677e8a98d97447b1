//! The managed-properties policy: which customization capabilities the
//! receiving organizations keep, chosen by the solution's author.
//!
//! A policy is a set of rules keyed by stable names (component kind and
//! identifying key, table logical name, kind key), never by position, so a
//! policy saved for one version of a solution applies unchanged to the next.
//! The JSON form is documented in `docs/managed-properties-policy.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::inspect::Inspection;
use crate::model::{Component, ComponentKind, IS_CUSTOMIZABLE};

/// The only policy format version this build reads and writes.
pub const POLICY_VERSION: u32 = 1;

/// Property name that stands for every editable property of a component.
pub const ALL_PROPERTIES: &str = "*";

/// Property name → chosen value.
pub type PropertyChoices = BTreeMap<String, bool>;

/// The author's choices. Rules from the most specific scope win:
/// `components` > `entities` > `kinds` > `everything`. Within a scope a named
/// property wins over `"*"`. Properties no rule names keep the package's value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedPropertyPolicy {
    pub version: u32,
    /// Rules for every component.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub everything: PropertyChoices,
    /// Rules per component kind key (`attribute`, `view`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kinds: BTreeMap<String, PropertyChoices>,
    /// Rules per table logical name: the table itself and every component whose
    /// parent it is (columns, forms, views, charts, relationships, keys).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entities: BTreeMap<String, PropertyChoices>,
    /// Rules per component key (`Component::key()`, e.g. `entity:new_thing`,
    /// `attribute:new_thing/new_code`, `form:{…}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub components: BTreeMap<String, PropertyChoices>,
}

/// A policy file that cannot be used, by kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Not JSON of the documented form (the JSON reader's message, line and column).
    #[error("the managed-properties policy is not valid JSON of the documented form (a policy the page saves, or one written as docs/managed-properties-policy.md describes): reading stopped {0}")]
    InvalidJson(crate::json_syntax::JsonSyntax),
    #[error("the managed-properties policy has version {found}; this build reads version {POLICY_VERSION}")]
    UnsupportedVersion { found: u32 },
    #[error("the managed-properties policy names an unknown component kind {kind:?}")]
    UnknownKind { kind: String },
}

/// Where a chosen value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ChoiceSource {
    /// No rule: the package's own value.
    Package,
    Everything,
    Kind,
    Entity,
    Component,
}

impl ManagedPropertyPolicy {
    /// The empty policy: every component keeps the package's own values.
    pub fn new() -> ManagedPropertyPolicy {
        ManagedPropertyPolicy {
            version: POLICY_VERSION,
            ..ManagedPropertyPolicy::default()
        }
    }

    pub fn from_json(text: &str) -> Result<ManagedPropertyPolicy, PolicyError> {
        let policy: ManagedPropertyPolicy =
            serde_json::from_str(text).map_err(|err| PolicyError::InvalidJson(err.into()))?;
        if policy.version != POLICY_VERSION {
            return Err(PolicyError::UnsupportedVersion {
                found: policy.version,
            });
        }
        if let Some(kind) = policy
            .kinds
            .keys()
            .find(|kind| ComponentKind::from_key(kind).is_none())
        {
            return Err(PolicyError::UnknownKind { kind: kind.clone() });
        }
        Ok(policy)
    }

    /// Pretty JSON with keys in a stable order (maps are sorted), so saving
    /// the same choices twice gives the same file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Bulk action: every editable property allowed, earlier choices cleared.
    pub fn allow_all(&mut self) {
        *self = ManagedPropertyPolicy::new();
        self.everything.insert(ALL_PROPERTIES.into(), true);
    }

    /// Bulk action: IsCustomizable off for every component, earlier choices cleared.
    pub fn lock_everything(&mut self) {
        *self = ManagedPropertyPolicy::new();
        self.everything.insert(IS_CUSTOMIZABLE.into(), false);
    }

    /// Bulk action: IsCustomizable off for one kind; per-component
    /// IsCustomizable choices of that kind are dropped so the lock shows.
    pub fn lock_kind(&mut self, kind: ComponentKind) {
        self.kinds
            .entry(kind.key().into())
            .or_default()
            .insert(IS_CUSTOMIZABLE.into(), false);
        let prefix = format!("{}:", kind.key());
        self.forget_component_choice(IS_CUSTOMIZABLE, |key| key.starts_with(&prefix));
    }

    /// Bulk action: IsCustomizable off for a table and everything it owns.
    pub fn lock_entity(&mut self, inspection: &Inspection, entity: &str) {
        let entity = entity.to_ascii_lowercase();
        let owned: Vec<String> = inspection
            .components
            .iter()
            .filter(|component| belongs_to_entity(component, &entity))
            .map(Component::key)
            .collect();
        self.entities
            .entry(entity)
            .or_default()
            .insert(IS_CUSTOMIZABLE.into(), false);
        self.forget_component_choice(IS_CUSTOMIZABLE, |key| owned.iter().any(|own| own == key));
    }

    /// One toggle in the editor.
    pub fn set(&mut self, component_key: &str, property: &str, value: bool) {
        self.components
            .entry(component_key.to_owned())
            .or_default()
            .insert(property.to_owned(), value);
    }

    fn forget_component_choice(&mut self, property: &str, matches: impl Fn(&str) -> bool) {
        for (key, choices) in self.components.iter_mut() {
            if matches(key) {
                choices.remove(property);
            }
        }
        self.components.retain(|_, choices| !choices.is_empty());
    }

    /// The value the policy chooses for one property of one component, and
    /// which rule chose it; `None` when no rule speaks about it. `"*"` rules
    /// count only when `wildcard` is true (the property is a bulk one).
    pub fn choice(
        &self,
        component: &Component,
        property: &str,
        wildcard: bool,
    ) -> Option<(bool, ChoiceSource)> {
        let pick = |choices: &PropertyChoices| {
            choices
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(property))
                .or_else(|| choices.get_key_value(ALL_PROPERTIES).filter(|_| wildcard))
                .map(|(_, value)| *value)
        };
        // The key and the owning table are built only when a rule could use them.
        let key = if self.components.is_empty() {
            String::new()
        } else {
            component.key()
        };
        if let Some(value) = self
            .components
            .get(&key)
            .or_else(|| {
                self.components
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(&key))
                    .map(|(_, choices)| choices)
            })
            .and_then(pick)
        {
            return Some((value, ChoiceSource::Component));
        }
        if let Some(value) = (!self.entities.is_empty())
            .then(|| owning_entity(component))
            .flatten()
            .and_then(|entity| {
                self.entities
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(&entity))
            })
            .and_then(|(_, choices)| pick(choices))
        {
            return Some((value, ChoiceSource::Entity));
        }
        if let Some(value) = self.kinds.get(component.kind.key()).and_then(pick) {
            return Some((value, ChoiceSource::Kind));
        }
        pick(&self.everything).map(|value| (value, ChoiceSource::Everything))
    }

    /// Component keys and table names the policy names but the package does
    /// not hold (expected when a policy is reused for another version).
    pub fn unmatched(&self, inspection: &Inspection) -> Vec<String> {
        let mut unmatched: Vec<String> = self
            .components
            .keys()
            .filter(|key| {
                !inspection
                    .components
                    .iter()
                    .any(|component| component.key().eq_ignore_ascii_case(key))
            })
            .cloned()
            .collect();
        unmatched.extend(
            self.entities
                .keys()
                .filter(|entity| {
                    !inspection.components.iter().any(|component| {
                        component.kind == ComponentKind::Entity
                            && component.name.eq_ignore_ascii_case(entity)
                    })
                })
                .map(|entity| format!("entities.{entity}")),
        );
        unmatched
    }
}

/// The table a component belongs to: itself for a table, its parent for the
/// kinds that live inside one.
fn owning_entity(component: &Component) -> Option<String> {
    match component.kind {
        ComponentKind::Entity => Some(component.name.to_ascii_lowercase()),
        kind if kind.belongs_to_entity() => component.parent.clone(),
        _ => None,
    }
}

fn belongs_to_entity(component: &Component, entity: &str) -> bool {
    owning_entity(component).is_some_and(|owner| owner.eq_ignore_ascii_case(entity))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceSpan;

    fn component(kind: ComponentKind, name: &str, parent: Option<&str>) -> Component {
        Component {
            kind,
            name: name.into(),
            display_name: None,
            parent: parent.map(str::to_owned),
            id: None,
            managed_properties: Vec::new(),
            files: Vec::new(),
            source: SourceSpan {
                file: "customizations.xml".into(),
                line: 1,
                start: 0,
                end: 0,
            },
            fingerprint: None,
        }
    }

    #[test]
    fn the_most_specific_rule_wins() {
        let column = component(ComponentKind::Attribute, "new_code", Some("new_thing"));
        let mut policy = ManagedPropertyPolicy::new();
        assert_eq!(policy.choice(&column, IS_CUSTOMIZABLE, true), None);
        policy.everything.insert(ALL_PROPERTIES.into(), true);
        assert_eq!(
            policy.choice(&column, IS_CUSTOMIZABLE, true),
            Some((true, ChoiceSource::Everything))
        );
        // "*" does not reach properties outside the bulk set.
        assert_eq!(policy.choice(&column, "CanBeDeleted", false), None);
        policy.lock_kind(ComponentKind::Attribute);
        assert_eq!(
            policy.choice(&column, "iscustomizable", true),
            Some((false, ChoiceSource::Kind))
        );
        policy.entities.insert(
            "NEW_THING".into(),
            [(IS_CUSTOMIZABLE.to_owned(), true)].into(),
        );
        assert_eq!(
            policy.choice(&column, IS_CUSTOMIZABLE, true),
            Some((true, ChoiceSource::Entity))
        );
        policy.set("attribute:new_thing/new_code", IS_CUSTOMIZABLE, false);
        assert_eq!(
            policy.choice(&column, IS_CUSTOMIZABLE, true),
            Some((false, ChoiceSource::Component))
        );
        // Locking the kind again drops the per-component choice so the lock shows.
        policy.lock_kind(ComponentKind::Attribute);
        assert!(policy.components.is_empty());
    }

    #[test]
    fn reads_only_the_documented_form() {
        let policy = ManagedPropertyPolicy::from_json(
            r#"{"version":1,"kinds":{"view":{"IsCustomizable":false}}}"#,
        )
        .unwrap();
        assert!(!policy.kinds["view"][IS_CUSTOMIZABLE]);
        for bad in [
            r#"{"version":2}"#,
            r#"{"version":1,"kinds":{"gizmo":{}}}"#,
            r#"{"version":1,"extra":{}}"#,
            r#"{"version":1,"components":{"entity:a":{"IsCustomizable":"no"}}}"#,
            "not json",
        ] {
            assert!(ManagedPropertyPolicy::from_json(bad).is_err(), "{bad}");
        }
        let mut all = ManagedPropertyPolicy::new();
        all.lock_everything();
        assert_eq!(
            all.to_json(),
            "{\n  \"version\": 1,\n  \"everything\": {\n    \"IsCustomizable\": false\n  }\n}"
        );
    }
}
