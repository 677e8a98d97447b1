//! Problems found while reading the package.

use solution_inspector::{Diagnostic, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsListProps {
    pub diagnostics: Vec<Diagnostic>,
}

#[component]
pub fn DiagnosticsList(props: &DiagnosticsListProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! { <p data-testid="diagnostics">{ "No problems were found while reading the package." }</p> };
    }
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Diagnostics">
            <table class="data" data-testid="diagnostics">
                <caption class="visually-hidden">{ "Diagnostics" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Severity" }</th>
                        <th scope="col">{ "Code" }</th>
                        <th scope="col">{ "Where" }</th>
                        <th scope="col">{ "Problem" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.diagnostics.iter().map(|diagnostic| {
                        let class = match diagnostic.severity {
                            Severity::Error => "severity error",
                            Severity::Warning => "severity warning",
                            Severity::Information => "severity information",
                        };
                        html! {
                            <tr>
                                <td><span class={class}>{ diagnostic.severity.label() }</span></td>
                                <td>{ diagnostic.code.clone() }</td>
                                <td class="path">{ diagnostic.location() }</td>
                                <td>{ diagnostic.message.clone() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
