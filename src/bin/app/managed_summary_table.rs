//! What the receiving organization may change: the package's managed properties counted by
//! component kind and property (the core's `ManagedSummary`), in a table.

use solution_inspector::validate::ManagedSummary;
use yew::prelude::*;

use crate::format;

#[derive(Properties, PartialEq)]
pub struct ManagedSummaryTableProps {
    pub summary: ManagedSummary,
}

#[component]
pub fn ManagedSummaryTable(props: &ManagedSummaryTableProps) -> Html {
    let summary = &props.summary;
    if summary.by_kind.is_empty() {
        return html! { <p data-testid="managed-summary">{ "No component of this package carries managed properties." }</p> };
    }
    let applies = if summary.applies {
        "This package is managed: these managed properties apply in the organizations that import it."
    } else {
        "This package is unmanaged: managed properties take effect only once it is imported as managed (convert it in the next view). Until then the receiving organization may change everything."
    };
    html! {
        <>
            <p class="note">{ applies }</p>
            <p>{ format!("{} components carry managed properties; {} of them are locked (Allow customizations is off, which overrides the rest).",
                format::count(summary.components_with_properties), format::count(summary.locked_components)) }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Managed properties by kind">
                <table class="data" data-testid="managed-summary">
                    <caption>{ "Managed properties by component kind: how many components allow each change" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Kind" }</th>
                            <th scope="col">{ "Property" }</th>
                            <th scope="col" class="number">{ "May change" }</th>
                            <th scope="col" class="number">{ "May not change" }</th>
                            <th scope="col" class="number">{ "Not a boolean" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for summary.by_kind.iter().flat_map(|kind| {
                            let span = kind.properties.len().max(1).to_string();
                            let heading = format!("{} ({} components, {} locked)", kind.label,
                                format::count(kind.components), format::count(kind.locked));
                            kind.properties.iter().enumerate().map(move |(row, property)| html! {
                                <tr>
                                    if row == 0 {
                                        <th scope="rowgroup" rowspan={span.clone()}>{ heading.clone() }</th>
                                    }
                                    <td>{ property.label.clone() }</td>
                                    <td class="number">{ format::count(property.allowed) }</td>
                                    <td class="number">{ format::count(property.denied) }</td>
                                    <td class="number">{ format::count(property.invalid) }</td>
                                </tr>
                            }).collect::<Vec<_>>()
                        }) }
                    </tbody>
                </table>
            </div>
        </>
    }
}
