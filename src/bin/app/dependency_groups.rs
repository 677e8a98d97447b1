//! Missing dependencies grouped by the solution that provides them (the core's
//! `answers::DependencyGroup`): each group says what to do and how many components of which
//! kinds it holds, folded open to each required component and what in the package needs it.
//! A group's rows are rendered only once it is opened.

use std::rc::Rc;

use solution_inspector::answers::{Answers, RequiredComponent};
use yew::prelude::*;

use crate::fold::use_opened;
use crate::format;
use crate::more::{more_button, use_progressive, BATCH};

#[derive(Properties, PartialEq)]
pub struct DependencyGroupsProps {
    /// Their `missing_dependencies` are shown.
    pub answers: Rc<Answers>,
    /// What an empty list means here.
    pub none: AttrValue,
}

#[component]
pub fn DependencyGroups(props: &DependencyGroupsProps) -> Html {
    let groups = &props.answers.missing_dependencies;
    if groups.is_empty() {
        return html! { <p data-testid="dependency-groups-none">{ props.none.clone() }</p> };
    }
    html! {
        <ul class="dependency-groups" data-testid="dependency-groups">
            { for (0..groups.len()).map(|index| html! {
                <li><DependencyGroupFold answers={props.answers.clone()} {index} /></li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct DependencyGroupFoldProps {
    answers: Rc<Answers>,
    index: usize,
}

#[component]
fn DependencyGroupFold(props: &DependencyGroupFoldProps) -> Html {
    let (open, on_toggle) = use_opened();
    let Some(group) = props.answers.missing_dependencies.get(props.index) else {
        return html! {};
    };
    html! {
        <details class="dependency-group" ontoggle={on_toggle} data-testid="dependency-group"
            data-count={group.count.to_string()}>
            <summary>
                <span class="group-title">{ group.title.clone() }</span>
                <span class="group-counts">{ format!(" — {} ({})", format::count(group.count), group.describe_kinds(3)) }</span>
            </summary>
            <p class="group-what-to-do">{ group.what_to_do() }</p>
            if open { <RequiredRows answers={props.answers.clone()} index={props.index} /> }
        </details>
    }
}

#[component]
fn RequiredRows(props: &DependencyGroupFoldProps) -> Html {
    let shown = use_state(|| BATCH);
    let count = props
        .answers
        .missing_dependencies
        .get(props.index)
        .map_or(0, |group| group.components.len());
    let rendered = use_progressive((*shown).min(count), 50, props.index);
    let Some(group) = props.answers.missing_dependencies.get(props.index) else {
        return html! {};
    };
    let row = |required: &RequiredComponent| {
        let needed_by = required
            .needed_by
            .iter()
            .map(|component| component.describe())
            .collect::<Vec<_>>()
            .join("; ");
        let lines = required
            .lines
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        html! {
            <tr>
                <th scope="row">{ required.component.describe() }</th>
                <td>{ needed_by }</td>
                <td class="number">{ lines }</td>
            </tr>
        }
    };
    html! {
        <>
        <div class="table-scroll" tabindex="0" role="region" aria-label={format!("Components of {}", group.title)}>
            <table class="data">
                <thead><tr><th scope="col">{ "Needed component" }</th><th scope="col">{ "Needed by" }</th>
                    <th scope="col" class="number">{ "solution.xml line" }</th></tr></thead>
                <tbody>{ for group.components.iter().take(rendered).map(row) }</tbody>
            </table>
        </div>
        { more_button(&shown, count, "more-required") }
        </>
    }
}
