//! What an import does to each component of the package, as an ordered list
//! of rules: the first rule that decides gives the component's action
//! (docs/simulation-rules.md, "Components", in the same order).
//!
//! To add a rule: write one function of the [`ComponentRule`] shape, put it in
//! [`COMPONENT_RULES`] where it takes precedence, and test it.

use std::collections::BTreeMap;

use super::messages::*;
use super::{merges, property_name, Action, ComponentOutcome, Context, Operation, PropertyName};
use crate::model::{Component, ComponentKind};
use crate::org::{component_key, OrgComponent, ACTIVE_LAYER};

/// A package component, the outcome made so far, and what the organization holds under its key.
pub(super) struct Subject<'a> {
    pub component: &'a Component,
    pub outcome: &'a ComponentOutcome,
    pub org: Option<&'a OrgComponent>,
}

/// What a rule decides for a component.
pub(super) struct Resolution {
    pub action: Action,
    pub error: Option<crate::simulate::ImportError>,
    pub note: Option<String>,
    pub layers_after: Vec<String>,
    /// The layer the definition was compared with was captured, so its
    /// definition is unknown (see [`DEFINITION_UNKNOWN`]).
    pub definition_unknown: bool,
}

/// Why a captured organization cannot tell "unchanged" from "updated".
pub(super) const DEFINITION_UNKNOWN: &str = "the organization was captured, and a capture has no fingerprint of its definition: whether the package changes it or carries it as it is cannot be told";

impl Resolution {
    fn new(action: Action, layers_after: Vec<String>) -> Resolution {
        Resolution {
            action,
            error: None,
            note: None,
            layers_after,
            definition_unknown: false,
        }
    }

    fn failed(error: crate::simulate::ImportError) -> Resolution {
        Resolution {
            action: Action::Failed,
            error: Some(error),
            note: None,
            layers_after: Vec::new(),
            definition_unknown: false,
        }
    }

    /// Marks the outcome as resting on a captured layer whose definition is unknown.
    fn unknown_definition(mut self, unknown: bool) -> Resolution {
        if unknown {
            self.definition_unknown = true;
            self.note = Some(match self.note.take() {
                Some(note) => format!("{note}; {DEFINITION_UNKNOWN}"),
                None => DEFINITION_UNKNOWN.to_owned(),
            });
        }
        self
    }

    fn noted(mut self, note: &str) -> Resolution {
        self.note = Some(note.to_owned());
        self
    }
}

/// `None`: the rule does not decide this component; the next one is asked.
pub(super) type ComponentRule = fn(&Context<'_>, &Subject<'_>) -> Option<Resolution>;

/// The component rules, in precedence order; the last decides every component left.
pub(super) const COMPONENT_RULES: &[ComponentRule] = &[
    new_component,
    not_customizable_here,
    only_unmanaged_here,
    unmanaged_import,
    managed_import,
];

/// The outcome of one package component (the first definition of its key),
/// over `existing`, what the organization holds under its key.
pub(super) fn component_outcome(
    context: &Context<'_>,
    component: &Component,
    key: String,
    existing: Option<&OrgComponent>,
    digest: Option<String>,
) -> ComponentOutcome {
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
        key,
        action: Action::Created,
        error: None,
        note: None,
        layers_before: existing.map(OrgComponent::layer_names).unwrap_or_default(),
        layers_after: Vec::new(),
        properties,
        digest,
        requires: Vec::new(),
        definition_unknown: false,
    };
    let subject = Subject {
        component,
        outcome: &outcome,
        org: existing,
    };
    if let Some(resolution) = COMPONENT_RULES
        .iter()
        .find_map(|rule| rule(context, &subject))
    {
        outcome.action = resolution.action;
        outcome.error = resolution.error;
        outcome.note = resolution.note;
        outcome.layers_after = resolution.layers_after;
        outcome.definition_unknown = resolution.definition_unknown;
    }
    outcome
}

/// Not in the organization: created, unless its table forbids new parts.
fn new_component(context: &Context<'_>, subject: &Subject<'_>) -> Option<Resolution> {
    if subject.org.is_some() {
        return None;
    }
    // A new part of a table: the table's CanCreate… property must allow it.
    let label = || component_label(subject.component);
    Some(
        match creation_forbidden(context, subject.component, &label) {
            Some(error) => Resolution::failed(error),
            None => Resolution::new(Action::Created, vec![context.layer.clone()]),
        },
    )
}

/// Held by another publisher's managed layer that is not customizable.
fn not_customizable_here(context: &Context<'_>, subject: &Subject<'_>) -> Option<Resolution> {
    let (org_component, outcome) = (subject.org?, subject.outcome);
    let own_layer = org_component.layer(&context.layer);
    if !(org_component.has_managed_base()
        && own_layer.is_none()
        && !context.owns(org_component)
        && org_component.property_in_force(crate::model::IS_CUSTOMIZABLE) == Some(false))
    {
        return None;
    }
    // Exports carry non-customizable components as they are (a table
    // "with all its columns"); only a different definition is a change.
    let identical = match org_component
        .base_layer()
        .and_then(|base| base.digest.as_ref())
    {
        Some(digest) => outcome.digest.as_ref() == Some(digest),
        None => outcome.properties.get(crate::model::IS_CUSTOMIZABLE) != Some(&true),
    };
    let unknown = definition_unknown(context, org_component.base_layer());
    if identical {
        return Some(
            Resolution::new(Action::Unchanged, org_component.layer_names())
                .noted(
                    "not customizable here, and the package carries it as it is, so nothing changes",
                )
                .unknown_definition(unknown),
        );
    }
    Some(
        Resolution::failed(managed_property_failure(
            &component_label(subject.component),
            subject.component,
            context.operation,
            "iscustomizable",
        ))
        .unknown_definition(unknown),
    )
}

/// A managed package over a component that exists only as an unmanaged definition.
fn only_unmanaged_here(context: &Context<'_>, subject: &Subject<'_>) -> Option<Resolution> {
    let org_component = subject.org?;
    if !context.managed || org_component.has_managed_base() {
        return None;
    }
    // Only an unmanaged definition exists: the managed import must convert it.
    if !context.options.convert_to_managed {
        return Some(Resolution::failed(cannot_overwrite_active(
            &component_label(subject.component),
            subject.component,
        )));
    }
    Some(
        Resolution::new(Action::Updated, vec![context.layer.clone()]).noted(
            "converted from unmanaged to managed (convert to managed): the unmanaged definition becomes part of the managed layer",
        ),
    )
}

/// Unmanaged: the definition goes into the Active layer, replacing any there.
fn unmanaged_import(context: &Context<'_>, subject: &Subject<'_>) -> Option<Resolution> {
    let (org_component, outcome) = (subject.org?, subject.outcome);
    if context.managed {
        return None;
    }
    let mut layers_after = org_component.layer_names();
    let active = org_component.layer(ACTIVE_LAYER);
    let unknown = !merges(subject.component.kind) && definition_unknown(context, active);
    let same = active
        .and_then(|layer| layer.digest.as_ref())
        .is_some_and(|digest| Some(digest) == outcome.digest.as_ref());
    let action = if merges(subject.component.kind) {
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
    Some(Resolution::new(action, layers_after).unknown_definition(unknown))
}

/// Managed: the package's layer goes below Active, whose customization stays
/// on top unless overwritten.
fn managed_import(context: &Context<'_>, subject: &Subject<'_>) -> Option<Resolution> {
    let (org_component, outcome) = (subject.org?, subject.outcome);
    let own_layer = org_component.layer(&context.layer);
    let mut layers_after = org_component.layer_names();
    let staged_over = (context.operation == Operation::Stage)
        .then_some(context.existing)
        .flatten()
        .and_then(|installed| org_component.layer(&installed.unique_name));
    let unknown =
        definition_unknown(context, own_layer) || definition_unknown(context, staged_over);
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
        layers_after.insert(position, context.layer.clone());
    }
    let mut note = None;
    let action = if same {
        Action::Unchanged
    } else if merges(subject.component.kind) {
        Action::Merged
    } else if org_component.has_active_layer() {
        if context.options.overwrite_customizations {
            layers_after.retain(|name| name != ACTIVE_LAYER);
            Action::Overwritten
        } else {
            note = Some(
                "your unmanaged customization stays on top (customizations maintained), so the package's change does not show".into(),
            );
            Action::Kept
        }
    } else {
        Action::Updated
    };
    let mut resolution = Resolution::new(action, layers_after);
    resolution.note = note;
    Some(resolution.unknown_definition(unknown && !same))
}

/// Whether the layer a definition is compared with is a captured one, whose
/// definition is unknown.
fn definition_unknown(context: &Context<'_>, layer: Option<&crate::org::Layer>) -> bool {
    layer.is_some_and(|layer| context.snapshot.definition_unknown(layer))
}

fn creation_forbidden(
    context: &Context<'_>,
    component: &Component,
    label: &dyn Fn() -> String,
) -> Option<crate::simulate::ImportError> {
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
