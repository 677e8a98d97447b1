//! The simulate view's details of an outcome: the errors and warnings of the whole import,
//! then each component's action and why, filtered by action and paged (the rows of a page
//! rendered a few per task), and the layers of the component chosen.

use solution_inspector::page_state::simulation::SimulationAction;
use solution_inspector::simulate::{self, Action};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::component_name::component_name;
use crate::fold::Fold;

use crate::layer_stack::LayerStack;
use crate::simulate_context::{use_simulation, SharedOutcome};

/// Component rows per page of the outcome table.
const PAGE_SIZE: usize = 100;

#[derive(Properties, PartialEq)]
pub struct OutcomeDetailsProps {
    pub outcome: SharedOutcome,
}

#[component]
pub fn OutcomeDetails(props: &OutcomeDetailsProps) -> Html {
    let simulation = use_simulation();
    let dispatch = simulation.state.dispatcher();
    let state = &simulation.state.0;
    let (action_filter, selected) = (state.action_filter, state.selected);
    let outcome = &props.outcome.0;
    let rows: Vec<(usize, &simulate::ComponentOutcome)> = outcome
        .components
        .iter()
        .enumerate()
        .filter(|(_, component)| action_filter.is_none_or(|action| component.action == action))
        .collect();
    let pages = rows.len().div_ceil(PAGE_SIZE).max(1);
    let current_page = state.page.min(pages - 1);
    // The page of component outcomes is rendered a few rows per task of the page.
    let page_rows = rows
        .len()
        .saturating_sub(current_page * PAGE_SIZE)
        .min(PAGE_SIZE);
    let rendered_rows = crate::more::use_progressive(
        page_rows,
        25,
        (
            std::rc::Rc::as_ptr(outcome) as usize,
            action_filter,
            state.page,
        ),
    );
    let on_filter = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let value = select.value();
            dispatch.dispatch(SimulationAction::FilterChosen(
                Action::ALL.into_iter().find(|action| action.key() == value),
            ));
        })
    };
    let go_to = |target: usize| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(SimulationAction::PageChosen(target)))
    };
    let chosen = selected.and_then(|index| outcome.components.get(index));
    // The layers are drawn below the table: a click on "Layers" brings them into view and
    // moves the focus to their heading, so the stack is never off-screen (issue 21).
    let layers_heading = use_node_ref();
    let reveal_layers = use_mut_ref(|| false);
    {
        let (layers_heading, reveal_layers) = (layers_heading.clone(), reveal_layers.clone());
        use_effect(move || {
            if std::mem::take(&mut *reveal_layers.borrow_mut()) {
                if let Some(heading) = layers_heading.cast::<web_sys::HtmlElement>() {
                    heading.scroll_into_view();
                    let _ = heading.focus();
                }
            }
        });
    }
    // An error's detail lines count as rows: hundreds of missing components are one error.
    let problem_rows = outcome.warnings.len()
        + outcome
            .errors
            .iter()
            .map(|error| 1 + error.details.len())
            .sum::<usize>();
    // The "Why" column only where some component has a reason or a note.
    let any_why = outcome
        .components
        .iter()
        .any(|component| component.error.is_some() || component.note.is_some());
    let component_errors = outcome
        .errors
        .iter()
        .filter(|error| error.component.is_some())
        .count();
    html! {
    <>
        if outcome.errors.len() > 1 || !outcome.warnings.is_empty() {
            // The verdict card says what decides it; every error's own words and rows fold here.
            <Fold id="problems-heading" title={format!("Errors ({}) and warnings ({})", outcome.errors.len(), outcome.warnings.len())}
                rows={problem_rows} test_id="fold-problems">
                <div class="long-list" tabindex="0" role="region" aria-label="Errors and warnings">
                <ul class="findings" data-testid="simulate-problems">
                    { for outcome.errors.iter().filter(|error| error.component.is_none()).map(|error| html! {
                        <li class="finding error">
                            <div class="finding-head"><span class="severity error">{ "error" }</span>
                                <span class="finding-code">{ error.code.clone() }</span><span class="finding-category">{ error.name.clone() }</span>
                                if let Some(component) = &error.component { <span class="path">{ component.clone() }</span> }</div>
                            <p class="finding-message">{ error.message.clone() }</p>
                            if !error.details.is_empty() {
                                <ul>{ for error.details.iter().map(|detail| html! { <li>{ detail.clone() }</li> }) }</ul>
                            }
                        </li>
                    }) }
                    if component_errors > 0 {
                        <li class="finding error">
                            <p class="finding-message">{ format!("{component_errors} component(s) fail; the table below lists each with its code (filter by the action \"failed\").") }</p>
                        </li>
                    }
                    { for outcome.warnings.iter().map(|warning| html! {
                        <li class="finding warning">
                            <div class="finding-head"><span class="severity warning">{ "warning" }</span>
                                if let Some(code) = &warning.code { <span class="finding-code">{ code.clone() }</span> }</div>
                            <p class="finding-message">{ warning.message.clone() }</p>
                        </li>
                    }) }
                </ul>
                </div>
            </Fold>
        }
        <section aria-labelledby="components-outcome-heading">
            <h3 id="components-outcome-heading">{ format!("Components ({}; operation: {})", outcome.components.len(), outcome.operation.key()) }</h3>
            <div class="browser-controls">
                <div class="control">
                    <label for="action-filter">{ "Action" }</label>
                    <select id="action-filter" data-testid="action-filter" onchange={on_filter}>
                        <option value="" selected={action_filter.is_none()}>{ format!("All actions ({})", outcome.components.len()) }</option>
                        { for Action::ALL.iter().filter(|action| outcome.count(**action) > 0).map(|action| html! {
                            <option value={action.key()} selected={action_filter == Some(*action)}>
                                { format!("{} ({})", action.key(), outcome.count(*action)) }
                            </option>
                        }) }
                    </select>
                </div>
            </div>
            if !outcome.success {
                <p class="note" data-testid="outcome-not-applied">{ "The import fails, so nothing in the organization changes: each action below is what the component would do once the reasons above are dealt with." }</p>
            }
            <div class="table-scroll" tabindex="0" role="region" aria-label="Components by action">
                <table class="data" data-testid="outcome-components">
                    <thead><tr><th scope="col">{ "Kind" }</th><th scope="col">{ "Name" }</th>
                        <th scope="col">{ if outcome.success { "Action" } else { "Would be, once it imports" } }</th>
                        if any_why { <th scope="col">{ "Why" }</th> }
                        <th scope="col">{ "Layers" }</th></tr></thead>
                    <tbody>
                        { for rows.iter().skip(current_page * PAGE_SIZE).take(rendered_rows).map(|(index, component)| {
                            let index = *index;
                            let is_selected = selected == Some(index);
                            let onclick = {
                                let (dispatch, reveal_layers) = (dispatch.clone(), reveal_layers.clone());
                                Callback::from(move |_: MouseEvent| {
                                    *reveal_layers.borrow_mut() = true;
                                    dispatch.dispatch(SimulationAction::Selected(Some(index)))
                                })
                            };
                            let name = component.component_name();
                            let why = match (&component.error, &component.note) {
                                (Some(error), _) => format!("{} {}", error.code, error.message),
                                (None, Some(note)) => note.clone(),
                                (None, None) => String::new(),
                            };
                            html! {
                                <tr data-action={component.action.key()} data-key={component.key.clone()}>
                                    <td>{ component.kind.label() }</td>
                                    <td>{ component_name(&name) }</td>
                                    <td><span class={classes!("action", component.action.key())}>{ component.action.key() }</span></td>
                                    if any_why { <td>{ why }</td> }
                                    <td><button type="button" class="link-button" aria-pressed={if is_selected { "true" } else { "false" }}
                                        aria-label={format!("Show the layers of {}", name.describe_name())} {onclick}>{ "Layers" }</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if pages > 1 {
                <nav class="pager" aria-label="Pages of components">
                    <button type="button" class="button secondary" disabled={current_page == 0} onclick={go_to(current_page.saturating_sub(1))}>{ "Previous" }</button>
                    <span>{ format!("Page {} of {}", current_page + 1, pages) }</span>
                    <button type="button" class="button secondary" disabled={current_page + 1 >= pages} onclick={go_to(current_page + 1)}>{ "Next" }</button>
                </nav>
            }
        </section>
        if let Some(component) = chosen {
            <section aria-labelledby="layers-heading" data-testid="layers">
                <h3 id="layers-heading" tabindex="-1" ref={layers_heading.clone()}>{ format!("Layers of {}", component.component_name().describe()) }</h3>
                // A failing component changes nothing: its layers stay as they were.
                if component.action == Action::Failed && component.layers_after.is_empty() {
                    <LayerStack before={component.layers_before.clone()} after={component.layers_before.clone()}
                        package_layer={outcome.layer.clone()} after_title="After (fails: unchanged)" />
                } else {
                    <LayerStack before={component.layers_before.clone()} after={component.layers_after.clone()}
                        package_layer={outcome.layer.clone()} />
                }
            </section>
        }
    </>
    }
}
