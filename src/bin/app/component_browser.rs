//! The component browser: search, filter by kind, group by kind or by table, and a detail pane.

use std::collections::BTreeMap;
use std::rc::Rc;

use solution_inspector::ComponentKind;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::analysis::Opened;
use crate::browse_index::{build_rows, Row, ROW_HEIGHT};
use crate::component_detail::ComponentDetail;
use crate::format;
use crate::group_by_select::{GroupBy, GroupBySelect};
use crate::listing_failed::ListingFailed;
use crate::virtual_list::VirtualList;

#[derive(Properties, PartialEq)]
pub struct ComponentBrowserProps {
    pub opened: Opened,
    /// A component to select and bring into view when the browser opens (a link from another view).
    #[prop_or_default]
    pub initial: Option<usize>,
}

#[component]
pub fn ComponentBrowser(props: &ComponentBrowserProps) -> Html {
    let (components, retry) = crate::analysis::use_with_components(&props.opened);
    match components {
        Some(Ok(opened)) => html! { <ComponentList {opened} initial={props.initial} /> },
        Some(Err(stop)) => html! {
            <div class="browser">
                <h2 class="visually-hidden">{ "Components" }</h2>
                <ListingFailed {stop} {retry} />
            </div>
        },
        None => html! {
            <div class="browser">
                <h2 class="visually-hidden">{ "Components" }</h2>
                <p class="empty" role="status" data-testid="components-loading">
                    { format!("Listing {} components…", format::count(props.opened.component_count())) }
                </p>
            </div>
        },
    }
}

/// The browser over a package whose components are in.
#[component]
fn ComponentList(props: &ComponentBrowserProps) -> Html {
    let opened = props.opened.clone();
    let query = use_state(String::new);
    let kind_filter = use_state(|| None::<ComponentKind>);
    let group_by = use_state(|| GroupBy::Kind);
    let selected = use_state(|| props.initial);
    let reveal = use_state(|| None::<usize>);

    let kind_counts = {
        let opened = opened.clone();
        use_memo(opened, |opened| {
            let mut counts: BTreeMap<ComponentKind, usize> = BTreeMap::new();
            for component in &opened.inspection.components {
                *counts.entry(component.kind).or_insert(0) += 1;
            }
            counts
        })
    };
    let rows: Rc<Vec<Row>> = {
        use_memo(
            (opened.clone(), (*query).clone(), *kind_filter, *group_by),
            move |(opened, query, kind_filter, group_by)| {
                let components = &opened.inspection.components;
                let keys = &opened.browse.search_keys;
                let needle = query.trim().to_lowercase();
                let order = match group_by {
                    GroupBy::Kind => &opened.browse.kind_order,
                    GroupBy::Table => &opened.browse.table_order,
                };
                let matching: Vec<usize> = order
                    .iter()
                    .copied()
                    .filter(|index| {
                        components.get(*index).is_some_and(|component| {
                            kind_filter.is_none_or(|kind| component.kind == kind)
                        })
                    })
                    .filter(|index| {
                        needle.is_empty()
                            || keys.get(*index).is_some_and(|key| key.contains(&needle))
                    })
                    .collect();
                build_rows(components, &opened.browse, &matching, *group_by)
            },
        )
    };
    {
        // Opened through a link: scroll the linked component into view once the rows exist.
        let (rows, reveal, initial) = (rows.clone(), reveal.clone(), props.initial);
        use_effect_with((), move |_| {
            if let Some(index) = initial {
                reveal.set(rows.iter().position(|row| *row == Row::Item(index)));
            }
        });
    }
    let shown = rows
        .iter()
        .filter(|row| matches!(row, Row::Item(_)))
        .count();
    let total = opened.inspection.components.len();

    let on_query = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            query.set(input.value());
        })
    };
    let on_kind = {
        let kind_filter = kind_filter.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            kind_filter.set(ComponentKind::from_key(&select.value()));
        })
    };
    let on_group = {
        let group_by = group_by.clone();
        Callback::from(move |next: GroupBy| group_by.set(next))
    };
    let on_keydown = {
        let (rows, selected, reveal) = (rows.clone(), selected.clone(), reveal.clone());
        Callback::from(move |event: KeyboardEvent| {
            const PAGE: usize = 10;
            let items: Vec<(usize, usize)> = rows
                .iter()
                .enumerate()
                .filter_map(|(row, item)| match item {
                    Row::Item(index) => Some((row, *index)),
                    Row::Group { .. } => None,
                })
                .collect();
            let Some(last) = items.len().checked_sub(1) else {
                return;
            };
            let current =
                selected.and_then(|index| items.iter().position(|(_, item)| *item == index));
            let target = match (event.key().as_str(), current) {
                ("Home", _) => 0,
                ("End", _) => last,
                ("ArrowDown" | "ArrowUp" | "PageDown" | "PageUp", None) => 0,
                ("ArrowDown", Some(at)) => (at + 1).min(last),
                ("ArrowUp", Some(at)) => at.saturating_sub(1),
                ("PageDown", Some(at)) => (at + PAGE).min(last),
                ("PageUp", Some(at)) => at.saturating_sub(PAGE),
                _ => return,
            };
            event.prevent_default();
            if let Some((row, index)) = items.get(target) {
                selected.set(Some(*index));
                reveal.set(Some(*row));
            }
        })
    };

    let render_row = {
        let (rows, opened, selected) = (rows.clone(), opened.clone(), selected.clone());
        Callback::from(move |row: usize| match rows.get(row) {
            Some(Row::Group { label, count }) => html! {
                <li class="group-row" data-row={row.to_string()} key={row}>
                    <span class="group-label">{ label.clone() }</span>
                    <span class="group-count">{ format::count(*count) }</span>
                </li>
            },
            Some(Row::Item(index)) => {
                let Some(component) = opened.inspection.components.get(*index) else {
                    return html! {};
                };
                let index = *index;
                let is_selected = *selected == Some(index);
                let onclick = {
                    let selected = selected.clone();
                    Callback::from(move |_: MouseEvent| selected.set(Some(index)))
                };
                let meta = match (&component.display_name, &component.parent) {
                    (Some(display), Some(parent)) => format!("{display} · {parent}"),
                    (Some(display), None) => display.clone(),
                    (None, Some(parent)) => parent.clone(),
                    (None, None) => component.kind.label().to_owned(),
                };
                html! {
                    <li class="item-row" data-row={row.to_string()} key={row}>
                        <button type="button" class={classes!("item", is_selected.then_some("selected"))}
                            aria-current={is_selected.then_some("true")}
                            {onclick}>
                            <span class="item-name">{ component.name.clone() }</span>
                            <span class="item-meta">{ meta }</span>
                        </button>
                    </li>
                }
            }
            None => html! {},
        })
    };

    html! {
        <div class="browser">
            <h2 class="visually-hidden">{ "Components" }</h2>
            <div class="browser-controls" role="search" aria-label="Find components">
                <div class="control">
                    <label for="component-search">{ "Search by name" }</label>
                    <input id="component-search" type="search" data-testid="component-search"
                        placeholder="Name or display name"
                        value={(*query).clone()} oninput={on_query} autocomplete="off" spellcheck="false" />
                </div>
                <div class="control">
                    <label for="component-kind">{ "Kind" }</label>
                    <select id="component-kind" data-testid="component-kind" onchange={on_kind}>
                        <option value="" selected={kind_filter.is_none()}>{ format!("All kinds ({})", format::count(total)) }</option>
                        { for kind_counts.iter().map(|(kind, count)| html! {
                            <option value={kind.key()} selected={*kind_filter == Some(*kind)}>
                                { format!("{} ({})", kind.label(), format::count(*count)) }
                            </option>
                        }) }
                    </select>
                </div>
                <GroupBySelect id="component-group" value={*group_by} on_change={on_group} />
                <p class="match-count" aria-live="polite" data-testid="match-count">
                    { format!("{} of {} components", format::count(shown), format::count(total)) }
                </p>
            </div>
            <div class="browser-body">
                <div class="browser-list" onkeydown={on_keydown}>
                    if shown == 0 {
                        <p class="empty">{ "No component matches." }</p>
                    } else {
                        <VirtualList row_count={rows.len()} row_height={ROW_HEIGHT}
                            render_row={render_row} label="Components" reveal={*reveal} />
                    }
                </div>
                <div class="browser-detail">
                    if let Some(index) = *selected {
                        <ComponentDetail opened={opened.clone()} index={index} />
                    } else {
                        <p class="empty">{ "Choose a component to see its managed properties, its files and its XML. In the list, the arrow keys, Page Up, Page Down, Home and End move the selection." }</p>
                    }
                </div>
            </div>
        </div>
    }
}
