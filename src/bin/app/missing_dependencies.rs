//! Missing dependencies in plain words.

use solution_inspector::manifest::MissingDependency;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MissingDependenciesProps {
    pub dependencies: Vec<MissingDependency>,
}

#[component]
pub fn MissingDependencies(props: &MissingDependenciesProps) -> Html {
    if props.dependencies.is_empty() {
        return html! { <p>{ "None: the package declares no missing dependencies." }</p> };
    }
    html! {
        <>
            <p>{ "The target organization must already have these, or the import fails:" }</p>
            <div class="long-list" tabindex="0" role="region" aria-label="Missing dependencies">
            <ul class="dependencies" data-testid="missing-dependencies">
                { for props.dependencies.iter().map(|dependency| html! {
                    <li>{ dependency.describe() }</li>
                }) }
            </ul>
            </div>
        </>
    }
}
