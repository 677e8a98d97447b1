//! The managed-properties editor's model: every editable component under the policy (the
//! core's `editable_properties`), grouped by kind or by table and filtered by a search, made a
//! chunk of components per task of the page.

use std::collections::BTreeMap;

use solution_inspector::convert::{self, EditableComponent, ManagedPropertyPolicy};
use solution_inspector::{ComponentKind, Inspection};

use crate::analysis::Opened;
use crate::group_by_select::GroupBy;
/// Components shown per page: a table has up to about fifteen properties.
pub const PAGE_SIZE: usize = 25;

/// A group of the editor: a kind, or a table (`None`: components outside any table).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Kind(ComponentKind),
    Table(Option<String>),
}

impl Group {
    pub fn label(&self) -> String {
        match self {
            Group::Kind(kind) => kind.label().to_owned(),
            Group::Table(Some(table)) => format!("Table {table}"),
            Group::Table(None) => "Not part of a table".to_owned(),
        }
    }
}

/// The editor's rows: every editable component under the policy, and the groups shown.
pub struct Editor {
    pub editable: Vec<EditableComponent>,
    /// Groups in order, each with the indices of its components in `editable`.
    pub groups: Vec<(Group, Vec<usize>)>,
    /// Every row shown, in order: (index in `editable`, index in `groups`).
    pub shown: Vec<(usize, usize)>,
    /// Properties whose chosen value differs from the package's.
    pub changing: usize,
}

/// Components per task of the page while the editor is made.
const EDITOR_CHUNK: usize = 2000;

/// The editor for `policy`, made a chunk of components per task; `None` once `still_wanted` says a newer one is on its way.
pub async fn build_editor(
    opened: &Opened,
    policy: &ManagedPropertyPolicy,
    group_by: GroupBy,
    query: &str,
    still_wanted: impl Fn() -> bool,
) -> Option<Editor> {
    let inspection = &opened.inspection;
    // A package of one chunk is done in the same task (no stale editor in between).
    let many = inspection.components.len() > EDITOR_CHUNK;
    let mut editable = Vec::new();
    for chunk in inspection.components.chunks(EDITOR_CHUNK) {
        // The core lists a whole inspection; a shell holding one chunk of components gives the same rows for them.
        let shell = Inspection {
            manifest: inspection.manifest.clone(),
            has_manifest: inspection.has_manifest,
            zip_size: inspection.zip_size,
            total_size: inspection.total_size,
            files: Vec::new(),
            components: chunk.to_vec(),
            unknown_sections: Vec::new(),
            languages: Vec::new(),
            option_values: Vec::new(),
            missing_files: Vec::new(),
            unreferenced_files: Vec::new(),
            solution_encoding: inspection.solution_encoding,
            customizations_encoding: inspection.customizations_encoding,
            diagnostics: Vec::new(),
        };
        editable.extend(convert::editable_properties(&shell, policy));
        if many {
            crate::page_time::yield_if_due().await;
            if !still_wanted() {
                return None;
            }
        }
    }
    let needle = query.trim().to_lowercase();
    let mut grouped: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
    let mut changing = 0;
    for (chunk_number, chunk) in editable.chunks(EDITOR_CHUNK).enumerate() {
        for (offset, component) in chunk.iter().enumerate() {
            changing += component
                .properties
                .iter()
                .filter(|property| property.changes())
                .count();
            let matches = needle.is_empty()
                || component.key.to_lowercase().contains(&needle)
                || component
                    .display_name
                    .as_deref()
                    .is_some_and(|name| name.to_lowercase().contains(&needle));
            if !matches {
                continue;
            }
            let group = match group_by {
                GroupBy::Kind => Group::Kind(component.kind),
                GroupBy::Table => Group::Table(component.entity.clone()),
            };
            grouped
                .entry(group)
                .or_default()
                .push(chunk_number * EDITOR_CHUNK + offset);
        }
        if many {
            crate::page_time::yield_if_due().await;
            if !still_wanted() {
                return None;
            }
        }
    }
    // A table leads its own group; components outside any table come last.
    let mut groups: Vec<(Group, Vec<usize>)> = grouped.into_iter().collect();
    for (_, members) in &mut groups {
        members.sort_by_key(|index| {
            editable
                .get(*index)
                .is_none_or(|component| component.kind != ComponentKind::Entity)
        });
    }
    groups.sort_by_key(|(group, _)| *group == Group::Table(None));
    let shown = groups
        .iter()
        .enumerate()
        .flat_map(|(group, (_, members))| members.iter().map(move |index| (*index, group)))
        .collect();
    Some(Editor {
        editable,
        groups,
        shown,
        changing,
    })
}
