//! The root components solution.xml lists, and whether this package defines them.

use solution_inspector::manifest::type_label;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::component_name::component_name;
use crate::more::{more_button, use_progressive, BATCH};

#[derive(Properties, PartialEq)]
pub struct RootComponentsProps {
    pub opened: Opened,
}

#[component]
pub fn RootComponents(props: &RootComponentsProps) -> Html {
    let shown = use_state(|| BATCH);
    let roots = &props.opened.inspection.manifest.root_components;
    let names = &props.opened.names;
    let rendered = use_progressive((*shown).min(roots.len()), 50, props.opened.clone());
    if roots.is_empty() {
        return html! { <p>{ "solution.xml lists no root components." }</p> };
    }
    html! {
        <>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Root components">
            <table class="data" data-testid="root-components">
                <caption class="visually-hidden">{ "Root components" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Type" }</th>
                        <th scope="col">{ "Name" }</th>
                        <th scope="col">{ "Behavior" }</th>
                        <th scope="col">{ "Defined in this package" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for roots.iter().take(rendered).map(|root| html! {
                        <tr>
                            <td>{ type_label(&root.type_code) }</td>
                            <th scope="row">{ match root.matched.as_ref().and_then(|key| names.get(key)) {
                                Some(name) => component_name(name),
                                None => html! { <span class="path">{ root.schema_name.clone().or_else(|| root.id.clone()).unwrap_or_default() }</span> },
                            } }</th>
                            <td>{ root.behavior_label() }</td>
                            <td>{ if root.matched.is_some() { "Yes" } else { "No" } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
        { more_button(&shown, roots.len(), "more-roots") }
        </>
    }
}
