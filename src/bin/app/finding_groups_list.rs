//! The findings grouped by code (the core's `answers::FindingGroup`: the most severe first,
//! with counts), each folded open to its rows; the Findings view's filter hides rows, and a
//! group with none left. A group's rows are rendered only once it is opened, a batch at a time.

use solution_inspector::answers::FindingGroup;
use solution_inspector::page_state::finding_filter::FindingFilter;
use solution_inspector::page_state::SharedChecked;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::finding_item::finding_item;
use crate::fold::use_opened;
use crate::format;
use crate::more::{more_button, use_progressive, BATCH};

#[derive(Properties, PartialEq)]
pub struct FindingGroupsListProps {
    pub checked: SharedChecked,
    pub filter: FindingFilter,
    pub opened: Opened,
    pub on_component: Callback<usize>,
}

/// The groups the filter leaves rows in, with those rows.
pub fn shown_groups(checked: &SharedChecked, filter: &FindingFilter) -> Vec<(usize, Vec<usize>)> {
    let checked = &checked.0;
    checked
        .answers
        .findings
        .iter()
        .enumerate()
        .map(|(index, group)| (index, filter.rows(&checked.findings, &group.findings)))
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

#[component]
pub fn FindingGroupsList(props: &FindingGroupsListProps) -> Html {
    let groups = shown_groups(&props.checked, &props.filter);
    html! {
        <ul class="finding-groups" data-testid="finding-groups" aria-label="Findings by code">
            { for groups.into_iter().map(|(index, rows)| html! {
                <li><FindingGroupFold checked={props.checked.clone()} {index} rows={rows}
                    opened={props.opened.clone()} on_component={props.on_component.clone()} /></li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct FindingGroupFoldProps {
    checked: SharedChecked,
    index: usize,
    /// The group's rows the filter lets through.
    rows: Vec<usize>,
    opened: Opened,
    on_component: Callback<usize>,
}

fn summary(group: &FindingGroup, shown: usize) -> Html {
    let count = if shown == group.count {
        format::count(group.count)
    } else {
        format!("{} of {}", format::count(shown), format::count(group.count))
    };
    let severity = group.severity.label();
    html! {
        <summary>
            <span class={classes!("severity", severity)}>{ severity }</span>
            <span class="finding-code">{ group.code.as_str() }</span>
            if let Some(platform) = group.platform_code {
                <span class="finding-platform">{ platform.hex() }</span>
            }
            <span class="group-title">{ group.title.clone() }</span>
            <span class="group-count" data-testid="finding-group-count">{ count }</span>
        </summary>
    }
}

#[component]
fn FindingGroupFold(props: &FindingGroupFoldProps) -> Html {
    let (open, on_toggle) = use_opened();
    let Some(group) = props.checked.0.answers.findings.get(props.index) else {
        return html! {};
    };
    html! {
        <details class={classes!("finding-group", group.severity.label())} ontoggle={on_toggle}
            data-testid="finding-group" data-code={group.code.as_str()}>
            { summary(group, props.rows.len()) }
            if open {
                <GroupRows checked={props.checked.clone()} index={props.index} rows={props.rows.clone()}
                    opened={props.opened.clone()} on_component={props.on_component.clone()} />
            }
        </details>
    }
}

#[component]
fn GroupRows(props: &FindingGroupFoldProps) -> Html {
    let shown = use_state(|| BATCH);
    // Findings are rendered a few per task of the page: each is a good deal of DOM.
    let rendered = use_progressive((*shown).min(props.rows.len()), 25, props.rows.clone());
    let findings = &props.checked.0.findings;
    html! {
        <>
        <div class="long-list" tabindex="0" role="region" aria-label="Findings of this code">
            <ul class="findings" data-testid="findings">
                { for props.rows.iter().take(rendered).filter_map(|row| findings.get(*row)).map(|(finding, target)| {
                    finding_item(finding, target.as_ref(), &props.opened, &props.on_component)
                }) }
            </ul>
        </div>
        { more_button(&shown, props.rows.len(), "more-findings") }
        </>
    }
}
