//! What the component browser searches, sorts and groups by: the index made once per package
//! while its components are taken in (a piece per task of the page), and the rows of a
//! grouping (kind or table) of the components that match.

use std::collections::BTreeMap;

use solution_inspector::{Component, ComponentKind};

use crate::group_by_select::GroupBy;

/// Must match `.virtual-window > li` in the stylesheet.
pub const ROW_HEIGHT: f64 = 44.0;

#[derive(Clone, PartialEq)]
pub enum Row {
    Group { label: String, count: usize },
    Item(usize),
}

/// What the browser searches and sorts by, made once per package while it is taken in
/// (a large package has tens of thousands of components: done at once, it would hold up the page).
#[derive(Default)]
pub struct BrowseIndex {
    /// Lower-case text each component is searched by: its name and display name.
    pub search_keys: Vec<String>,
    /// Component indices by kind, then table, then name.
    pub kind_order: Vec<usize>,
    /// The table (lower case) each component belongs to: its parent, or itself for a table.
    pub table_keys: Vec<Option<String>>,
    /// Component indices by table (components outside any table last), then kind, then name.
    pub table_order: Vec<usize>,
}

/// Components per task of the page while the index is made.
const INDEX_CHUNK: usize = 4000;

/// Sorts `items` a piece per task of the page: runs of `INDEX_CHUNK` sorted one per task, then
/// merged two at a time (sorting 175,000 keys at once holds up the page for a quarter second).
async fn sort_in_steps<T: Ord>(items: Vec<T>) -> Vec<T> {
    let mut runs: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        let mut run: Vec<T> = items.by_ref().take(INDEX_CHUNK).collect();
        run.sort_unstable();
        runs.push(run);
        crate::page_time::yield_if_due().await;
    }
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        let mut pairs = runs.into_iter();
        while let Some(first) = pairs.next() {
            match pairs.next() {
                Some(second) => merged.push(merge(first, second)),
                None => merged.push(first),
            }
            crate::page_time::yield_if_due().await;
        }
        runs = merged;
    }
    runs.pop().unwrap_or_default()
}

/// Two sorted lists as one sorted list.
fn merge<T: Ord>(first: Vec<T>, second: Vec<T>) -> Vec<T> {
    let mut merged = Vec::with_capacity(first.len() + second.len());
    let (mut first, mut second) = (first.into_iter().peekable(), second.into_iter().peekable());
    loop {
        let take_first = match (first.peek(), second.peek()) {
            (Some(a), Some(b)) => a <= b,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_first {
            first.next()
        } else {
            second.next()
        };
        merged.extend(next);
    }
    merged
}

pub async fn browse_index(components: &[Component]) -> BrowseIndex {
    let mut search_keys = Vec::with_capacity(components.len());
    let mut sort_keys = Vec::with_capacity(components.len());
    let mut table_keys = Vec::with_capacity(components.len());
    let mut table_sort_keys = Vec::with_capacity(components.len());
    for (chunk_number, chunk) in components.chunks(INDEX_CHUNK).enumerate() {
        for (offset, component) in chunk.iter().enumerate() {
            let index = chunk_number * INDEX_CHUNK + offset;
            let table = match (&component.parent, component.kind) {
                (Some(parent), _) => Some(parent.to_lowercase()),
                (None, ComponentKind::Entity) => Some(component.name.to_lowercase()),
                _ => None,
            };
            table_sort_keys.push((
                table.is_none(),
                table.clone().unwrap_or_default(),
                component.kind,
                component.name.to_lowercase(),
                index,
            ));
            table_keys.push(table);
            let mut key = component.name.to_lowercase();
            if let Some(display) = &component.display_name {
                key.push('\n');
                key.push_str(&display.to_lowercase());
            }
            search_keys.push(key);
            let (parent, name) = sort_key(component);
            sort_keys.push((component.kind, parent, name, index));
        }
        crate::page_time::yield_if_due().await;
    }
    let sort_keys = sort_in_steps(sort_keys).await;
    let table_sort_keys = sort_in_steps(table_sort_keys).await;
    let table_order = table_sort_keys
        .into_iter()
        .map(|(_, _, _, _, index)| index)
        .collect();
    let kind_order = sort_keys
        .into_iter()
        .map(|(_, _, _, index)| index)
        .collect();
    BrowseIndex {
        search_keys,
        kind_order,
        table_keys,
        table_order,
    }
}

fn sort_key(component: &Component) -> (String, String) {
    (
        component.parent.clone().unwrap_or_default().to_lowercase(),
        component.name.to_lowercase(),
    )
}

/// `matching` comes in the index's order for `group_by` (`kind_order` or `table_order`).
pub fn build_rows(
    components: &[Component],
    browse: &BrowseIndex,
    matching: &[usize],
    group_by: GroupBy,
) -> Vec<Row> {
    let mut rows = Vec::with_capacity(matching.len() + 64);
    match group_by {
        GroupBy::Kind => {
            let kind_of = |index: &usize| components.get(*index).map(|component| component.kind);
            for run in matching.chunk_by(|a, b| kind_of(a) == kind_of(b)) {
                let Some(kind) = run.first().and_then(kind_of) else {
                    continue;
                };
                rows.push(Row::Group {
                    label: kind.label().to_owned(),
                    count: run.len(),
                });
                rows.extend(run.iter().copied().map(Row::Item));
            }
        }
        GroupBy::Table => {
            let display_names: BTreeMap<String, String> = components
                .iter()
                .filter(|component| component.kind == ComponentKind::Entity)
                .filter_map(|component| {
                    component
                        .display_name
                        .clone()
                        .map(|display| (component.name.to_lowercase(), display))
                })
                .collect();
            let table_of = |index: &usize| {
                browse
                    .table_keys
                    .get(*index)
                    .and_then(|table| table.as_ref())
            };
            for run in matching.chunk_by(|a, b| table_of(a) == table_of(b)) {
                let label = match run.first().and_then(table_of) {
                    Some(table) => match display_names.get(table) {
                        Some(display) => format!("Table {display} ({table})"),
                        None => format!("Table {table}"),
                    },
                    None => "Not part of a table".to_owned(),
                };
                rows.push(Row::Group {
                    label,
                    count: run.len(),
                });
                rows.extend(run.iter().copied().map(Row::Item));
            }
        }
    }
    rows
}
