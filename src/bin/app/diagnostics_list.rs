//! Problems found while reading the package.

use solution_inspector::Severity;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::more::{more_button, use_progressive, BATCH};

#[derive(Properties, PartialEq)]
pub struct DiagnosticsListProps {
    pub opened: Opened,
}

#[component]
pub fn DiagnosticsList(props: &DiagnosticsListProps) -> Html {
    let shown = use_state(|| BATCH);
    let diagnostics = &props.opened.inspection.diagnostics;
    let rendered = use_progressive((*shown).min(diagnostics.len()), 50, props.opened.clone());
    if diagnostics.is_empty() {
        return html! { <p data-testid="diagnostics">{ "No problems were found while reading the package." }</p> };
    }
    html! {
        <>
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
                    { for diagnostics.iter().take(rendered).map(|diagnostic| {
                        let class = match diagnostic.severity {
                            Severity::Error => "severity error",
                            Severity::Warning => "severity warning",
                            Severity::Information => "severity information",
                        };
                        html! {
                            <tr>
                                <td><span class={class}>{ diagnostic.severity.label() }</span></td>
                                <td>{ diagnostic.code.as_str() }</td>
                                <td class="path">{ diagnostic.location() }</td>
                                <td>{ diagnostic.message.clone() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
        { more_button(&shown, diagnostics.len(), "more-diagnostics") }
        </>
    }
}
