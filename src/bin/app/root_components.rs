//! The root components solution.xml lists, and whether this package defines them.

use solution_inspector::manifest::{type_label, RootComponent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RootComponentsProps {
    pub roots: Vec<RootComponent>,
}

#[component]
pub fn RootComponents(props: &RootComponentsProps) -> Html {
    if props.roots.is_empty() {
        return html! { <p>{ "solution.xml lists no root components." }</p> };
    }
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Root components">
            <table class="data" data-testid="root-components">
                <caption class="visually-hidden">{ "Root components" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Type" }</th>
                        <th scope="col">{ "Schema name or id" }</th>
                        <th scope="col">{ "Behavior" }</th>
                        <th scope="col">{ "Defined in this package" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.roots.iter().map(|root| html! {
                        <tr>
                            <td>{ type_label(&root.type_code) }</td>
                            <th scope="row" class="path">{ root.schema_name.clone().or_else(|| root.id.clone()).unwrap_or_default() }</th>
                            <td>{ root.behavior_label() }</td>
                            <td>{ match &root.matched {
                                Some(key) => format!("Yes ({key})"),
                                None => "No".to_owned(),
                            } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
