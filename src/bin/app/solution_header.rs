//! The page header: keeps the current solution's name, version and managed flag in view, and
//! the target organization every view uses.

use yew::prelude::*;

use solution_inspector::page_state::target::describe_target;
use solution_inspector::target::Target;

use crate::analysis::Opened;

#[derive(Properties, PartialEq)]
pub struct SolutionHeaderProps {
    pub opened: Option<Opened>,
    /// The page's one target organization, which every view uses.
    pub target: Target,
}

#[component]
pub fn SolutionHeader(props: &SolutionHeaderProps) -> Html {
    let current = props.opened.as_ref().map(|opened| {
        let manifest = &opened.inspection.manifest;
        let (flag, class) = match manifest.managed() {
            Some(true) => ("Managed", "badge managed"),
            Some(false) => ("Unmanaged", "badge unmanaged"),
            None => ("Managed flag unreadable", "badge unknown"),
        };
        html! {
            <section class="current" aria-label="Current solution" data-testid="current-solution">
                <span class="current-name" data-testid="current-unique-name">{ manifest.unique_name.clone() }</span>
                <span class="current-version">
                    { "version " }<span data-testid="current-version">{ manifest.version.clone() }</span>
                </span>
                <span class={class} data-testid="current-managed">{ flag }</span>
                <span class="current-file" title={opened.file_name.clone()}>{ opened.file_name.clone() }</span>
            </section>
        }
    });
    html! {
        <header class="app-header">
            <h1 class="brand">
                <svg class="logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M4 3h10l6 6v12H4z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
                    <circle cx="11" cy="14" r="3.5" fill="none" stroke="currentColor" stroke-width="2" />
                    <path d="M13.5 16.5 17 20" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                </svg>
                { "Solution Inspector" }
            </h1>
            { current.unwrap_or_default() }
            <p class="current-target" data-testid="current-target">
                <span class="current-target-label">{ "Target organization: " }</span>
                { describe_target(&props.target) }
            </p>
        </header>
    }
}
