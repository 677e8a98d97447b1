//! A capture's components: each `solutioncomponents` row resolved through the
//! identity rows of the query table to the key the simulation uses, and its
//! layers inferred from the solutions that list it (the System layer, the
//! managed solutions by install order, then the unmanaged layer when an
//! unmanaged solution lists it or it is unmanaged). Types the snapshot does not
//! model are counted, never dropped silently.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::queries::{identified_kinds, Identity, KindFrom, NameFrom, ParentFrom, QUERIES};
use super::solutions::CapturedSolution;
use super::{bad_row, flag, plain_id, text, CaptureError, CaptureFile, Row};
use crate::model::ComponentKind;
use crate::org::{component_key, Layer, OrgComponent, ACTIVE_LAYER, SYSTEM_LAYER};

/// What a capture's components come to.
pub(super) struct Built {
    pub components: BTreeMap<String, OrgComponent>,
    pub unmodelled: BTreeMap<String, usize>,
    pub unresolved: BTreeMap<String, usize>,
}

/// One component as its identity row names it.
#[derive(Debug, Clone, PartialEq)]
struct Identified {
    kind: ComponentKind,
    name: String,
    parent: Option<String>,
    display_name: Option<String>,
    managed: Option<bool>,
    properties: BTreeMap<String, bool>,
}

/// The solution-aware tables' type numbers of this organization (10000 and up),
/// from `solutioncomponentdefinitions`: type → logical name.
fn environment_types(capture: &CaptureFile) -> HashMap<u64, String> {
    capture
        .sets
        .get("solutioncomponentdefinitions")
        .into_iter()
        .flatten()
        .filter_map(|row| {
            let code = row.get("solutioncomponenttype").and_then(Value::as_u64)?;
            let name = text(row, "primaryentityname").or_else(|| text(row, "name"))?;
            Some((code, name.to_ascii_lowercase()))
        })
        .collect()
}

/// A system form's kind by its `type` (systemform.type).
fn form_kind(row: &Row) -> ComponentKind {
    match row.get("type").and_then(Value::as_u64) {
        Some(0) => ComponentKind::Dashboard,
        Some(8) => ComponentKind::Dialog,
        Some(10) => ComponentKind::InteractionCentricDashboard,
        _ => ComponentKind::Form,
    }
}

fn identify(
    identity: &Identity,
    row: &Row,
    outer: Option<&Row>,
    section: &str,
    index: usize,
) -> Result<(String, Identified), CaptureError> {
    let id = text(row, identity.id)
        .ok_or_else(|| bad_row(section, index, format!("no {}", identity.id)))?;
    let id = plain_id(id);
    let name = match identity.name {
        NameFrom::Column(column) => text(row, column)
            .ok_or_else(|| bad_row(section, index, format!("no {column}")))?
            .to_owned(),
        NameFrom::BracedId => format!("{{{id}}}"),
        NameFrom::Joined(columns, separator) => columns
            .iter()
            .map(|column| text(row, column).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(separator),
        NameFrom::ColumnOr(column, fixed) => text(row, column).unwrap_or(fixed).to_owned(),
        NameFrom::Fixed(fixed) => fixed.to_owned(),
    };
    let kind = match identity.kind {
        KindFrom::Fixed(kind) => kind,
        KindFrom::FormType => form_kind(row),
    };
    let parent = match identity.parent {
        ParentFrom::None => None,
        ParentFrom::Column(column) => text(row, column),
        ParentFrom::Outer => outer.and_then(|outer| text(outer, "LogicalName")),
    }
    .filter(|_| kind.belongs_to_entity() || identity.parent == ParentFrom::Outer)
    .map(str::to_ascii_lowercase);
    let properties = identity
        .properties
        .iter()
        .filter_map(|(column, property)| {
            flag(row, column).map(|value| ((*property).to_owned(), value))
        })
        .collect();
    Ok((
        id,
        Identified {
            kind,
            name,
            parent,
            display_name: identity
                .display_name
                .and_then(|column| text(row, column))
                .map(str::to_owned),
            managed: identity.managed.and_then(|column| flag(row, column)),
            properties,
        },
    ))
}

/// Every identity row by object id; the same id named two ways is a contradiction.
fn identities(capture: &CaptureFile) -> Result<HashMap<String, Identified>, CaptureError> {
    let mut found: HashMap<String, Identified> = HashMap::new();
    let mut add = |id: String, identified: Identified| match found.get(&id) {
        Some(known)
            if (known.kind, &known.name, &known.parent)
                != (identified.kind, &identified.name, &identified.parent) =>
        {
            Err(CaptureError::Contradiction {
                detail: format!(
                    "object {id} is listed as {} {:?} and as {} {:?}",
                    known.kind.key(),
                    known.name,
                    identified.kind.key(),
                    identified.name
                ),
            })
        }
        Some(_) => Ok(()),
        None => {
            found.insert(id, identified);
            Ok(())
        }
    };
    for query in QUERIES.iter().filter(|query| !query.identities.is_empty()) {
        let Some(rows) = capture.sets.get(query.key) else {
            continue;
        };
        let section = format!("sets.{}", query.key);
        for (index, row) in rows.iter().enumerate() {
            for identity in query.identities {
                match identity.nested {
                    None => {
                        let (id, identified) = identify(identity, row, None, &section, index)?;
                        add(id, identified)?;
                    }
                    Some(navigation) => {
                        let nested = match row.get(navigation) {
                            None | Some(Value::Null) => continue,
                            Some(Value::Array(nested)) => nested,
                            Some(_) => {
                                return Err(bad_row(
                                    &section,
                                    index,
                                    format!("{navigation} is not a list"),
                                ))
                            }
                        };
                        for part in nested {
                            let part = part.as_object().ok_or_else(|| {
                                bad_row(&section, index, format!("{navigation}: not a row"))
                            })?;
                            let (id, identified) =
                                identify(identity, part, Some(row), &section, index)?;
                            add(id, identified)?;
                        }
                    }
                }
            }
        }
    }
    Ok(found)
}

/// Which solutions list each object, by object id, and each row's type.
struct Memberships {
    /// object id → (component type, indexes into the solutions)
    by_object: HashMap<String, (u64, Vec<usize>)>,
}

fn memberships(
    capture: &CaptureFile,
    solutions: &[CapturedSolution],
) -> Result<Memberships, CaptureError> {
    const SECTION: &str = "sets.solutioncomponents";
    let solution_index: HashMap<&str, usize> = solutions
        .iter()
        .enumerate()
        .map(|(index, solution)| (solution.id.as_str(), index))
        .collect();
    let rows =
        capture
            .sets
            .get("solutioncomponents")
            .ok_or_else(|| CaptureError::MissingSection {
                section: SECTION.to_owned(),
            })?;
    let mut by_object: HashMap<String, (u64, Vec<usize>)> = HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        let component_type = row
            .get("componenttype")
            .and_then(Value::as_u64)
            .ok_or_else(|| bad_row(SECTION, index, "no componenttype".to_owned()))?;
        let object = plain_id(
            text(row, "objectid")
                .ok_or_else(|| bad_row(SECTION, index, "no objectid".to_owned()))?,
        );
        let solution = plain_id(
            text(row, "_solutionid_value")
                .ok_or_else(|| bad_row(SECTION, index, "no _solutionid_value".to_owned()))?,
        );
        let solution = *solution_index.get(solution.as_str()).ok_or_else(|| {
            CaptureError::Contradiction {
                detail: format!(
                    "solution component {object} belongs to solution {solution}, which the solutions do not list"
                ),
            }
        })?;
        let entry = by_object
            .entry(object)
            .or_insert_with(|| (component_type, Vec::new()));
        if !entry.1.contains(&solution) {
            entry.1.push(solution);
        }
    }
    Ok(Memberships { by_object })
}

/// The layers of a component listed by these solutions: System, managed
/// solutions by install order, then Active when an unmanaged solution lists it
/// or it is unmanaged. Also the unmanaged solutions that list it.
fn inferred_layers(
    listed_by: &[usize],
    solutions: &[CapturedSolution],
    managed: Option<bool>,
) -> (Vec<Layer>, Vec<String>) {
    let mut managed_solutions: Vec<&CapturedSolution> = Vec::new();
    let mut unmanaged_solutions: Vec<&CapturedSolution> = Vec::new();
    let mut active = managed == Some(false);
    for solution in listed_by.iter().filter_map(|index| solutions.get(*index)) {
        let installed = &solution.installed;
        if installed.unique_name.eq_ignore_ascii_case(ACTIVE_LAYER) {
            active = true;
        } else if installed.managed {
            managed_solutions.push(solution);
        } else if !installed.built_in {
            unmanaged_solutions.push(solution);
            active = true;
        }
    }
    managed_solutions.sort_by_key(|solution| {
        (
            !solution
                .installed
                .unique_name
                .eq_ignore_ascii_case(SYSTEM_LAYER),
            solution.installed.install_order,
            solution.installed.unique_name.to_ascii_lowercase(),
        )
    });
    unmanaged_solutions.sort_by_key(|solution| solution.installed.install_order);
    let mut layers: Vec<Layer> = managed_solutions
        .iter()
        .map(|solution| Layer::new(&solution.installed.unique_name))
        .collect();
    if active || layers.is_empty() {
        layers.push(Layer::new(ACTIVE_LAYER));
    }
    (
        layers,
        unmanaged_solutions
            .iter()
            .map(|solution| solution.installed.unique_name.clone())
            .collect(),
    )
}

/// Every listed component, keyed as the simulation keys it.
pub(super) fn components(
    capture: &CaptureFile,
    solutions: &[CapturedSolution],
) -> Result<Built, CaptureError> {
    let identities = identities(capture)?;
    let memberships = memberships(capture, solutions)?;
    let environment_types = environment_types(capture);
    let identified_kinds = identified_kinds();
    let mut built = Built {
        components: BTreeMap::new(),
        unmodelled: BTreeMap::new(),
        unresolved: BTreeMap::new(),
    };
    // Sorted so that merging two objects under one key is deterministic.
    let mut objects: Vec<(&String, &(u64, Vec<usize>))> = memberships.by_object.iter().collect();
    objects.sort();
    for (object, (component_type, listed_by)) in objects {
        let Some(identified) = identities.get(object) else {
            let kinds = match environment_types.get(component_type) {
                Some(logical_name) if *component_type >= 10_000 => {
                    ComponentKind::from_logical_name(logical_name)
                }
                _ => ComponentKind::from_type_code(
                    u32::try_from(*component_type).unwrap_or(u32::MAX),
                ),
            };
            match kinds.iter().find(|kind| identified_kinds.contains(kind)) {
                Some(kind) => *built.unresolved.entry(kind.key().to_owned()).or_insert(0) += 1,
                None => {
                    *built
                        .unmodelled
                        .entry(component_type.to_string())
                        .or_insert(0) += 1
                }
            }
            continue;
        };
        let (mut layers, unmanaged_solutions) =
            inferred_layers(listed_by, solutions, identified.managed);
        if let Some(base) = layers.first_mut() {
            base.properties = identified.properties.clone();
        }
        let component = OrgComponent {
            kind: identified.kind,
            name: identified.name.clone(),
            parent: identified.parent.clone(),
            display_name: identified.display_name.clone(),
            id: Some(format!("{{{object}}}")),
            layers,
            unmanaged_solutions,
            requires: Vec::new(),
        };
        let key = component_key(component.kind, component.parent.as_deref(), &component.name);
        match built.components.get_mut(&key) {
            // Two objects under one key (the application ribbon's customizations
            // of several solutions): one component with every layer.
            Some(known) => merge_into(known, component),
            None => {
                built.components.insert(key, component);
            }
        }
    }
    Ok(built)
}

fn merge_into(known: &mut OrgComponent, other: OrgComponent) {
    let active = known.has_active_layer() || other.has_active_layer();
    for layer in other.layers {
        if !layer.is_active() && !known.has_layer(&layer.solution) {
            known.layers.push(layer);
        }
    }
    known.layers.retain(|layer| !layer.is_active());
    if active {
        known.layers.push(Layer::new(ACTIVE_LAYER));
    }
    for solution in other.unmanaged_solutions {
        if !known.unmanaged_solutions.contains(&solution) {
            known.unmanaged_solutions.push(solution);
        }
    }
}
