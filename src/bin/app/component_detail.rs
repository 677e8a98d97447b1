//! One component: what it is, its managed properties, its files and its XML.

use yew::prelude::*;

use wasm_bindgen_futures::spawn_local;

use crate::analysis::{self, Opened};
use crate::format;

/// Fragments longer than this are cut: a page of megabytes of XML helps nobody.
const FRAGMENT_LIMIT: usize = 200_000;

#[derive(Properties, PartialEq)]
pub struct ComponentDetailProps {
    pub opened: Opened,
    /// Index into the inspection's components.
    pub index: usize,
}

#[component]
pub fn ComponentDetail(props: &ComponentDetailProps) -> Html {
    // `None` while the engine cuts the fragment; `Some(None)` when it could not.
    let fragment = use_state(|| None::<Option<String>>);
    {
        let fragment = fragment.clone();
        use_effect_with(
            (props.opened.clone(), props.index),
            move |(opened, index)| {
                fragment.set(None);
                let source = opened
                    .inspection
                    .components
                    .get(*index)
                    .map(|component| component.source.clone());
                // Only the latest selection may show its fragment.
                let cancelled = std::rc::Rc::new(std::cell::Cell::new(false));
                let stale = cancelled.clone();
                spawn_local(async move {
                    let text = match source {
                        Some(span) => analysis::fragment(&span.file, span.start, span.end).await,
                        None => None,
                    };
                    if !stale.get() {
                        fragment.set(Some(text));
                    }
                });
                move || cancelled.set(true)
            },
        );
    }
    let inspection = &props.opened.inspection;
    let Some(component) = inspection.components.get(props.index) else {
        return html! {};
    };
    let key = component.key();
    let root = inspection
        .manifest
        .root_components
        .iter()
        .find(|root| root.matched.as_deref() == Some(key.as_str()));
    let locked = component.effective(solution_inspector::model::IS_CUSTOMIZABLE) == Some(false);

    // Files the component names, plus files inside the folders it owns.
    let mut files: Vec<(String, Option<u64>)> = Vec::new();
    for reference in component.files.iter().filter(|path| !path.ends_with('/')) {
        let size = inspection
            .files
            .iter()
            .find(|file| file.path.eq_ignore_ascii_case(reference))
            .map(|file| file.size);
        files.push((reference.clone(), size));
    }
    for file in &inspection.files {
        if file.component.as_deref() == Some(key.as_str())
            && !files
                .iter()
                .any(|(path, _)| path.eq_ignore_ascii_case(&file.path))
        {
            files.push((file.path.clone(), Some(file.size)));
        }
    }

    let xml = match &*fragment {
        None => {
            html! { <p class="muted" data-testid="component-xml-pending">{ "Reading the XML…" }</p> }
        }
        Some(Some(text)) if text.len() > FRAGMENT_LIMIT => {
            let mut end = FRAGMENT_LIMIT;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            html! {
                <>
                    <p class="note">{ format!("The first {} of {} are shown.", format::bytes(end as u64), format::bytes(text.len() as u64)) }</p>
                    <pre class="xml" tabindex="0" aria-label="XML of the component"><code>{ text[..end].to_owned() }</code></pre>
                </>
            }
        }
        Some(Some(text)) => html! {
            <pre class="xml" tabindex="0" aria-label="XML of the component" data-testid="component-xml"><code>{ text.clone() }</code></pre>
        },
        Some(None) => {
            html! { <p>{ "The XML of this component could not be read back from the package." }</p> }
        }
    };

    html! {
        <section class="detail" aria-labelledby="detail-heading" data-testid="component-detail">
            <p class="detail-kind">{ component.kind.label() }</p>
            <h3 id="detail-heading" class="detail-name">{ component.name.clone() }</h3>
            <dl class="fields">
                if let Some(display) = &component.display_name {
                    <div class="field"><dt>{ "Display name" }</dt><dd>{ display.clone() }</dd></div>
                }
                if let Some(parent) = &component.parent {
                    <div class="field"><dt>{ "Table (entity)" }</dt><dd>{ parent.clone() }</dd></div>
                }
                if let Some(id) = &component.id {
                    <div class="field"><dt>{ "Id" }</dt><dd class="path">{ id.clone() }</dd></div>
                }
                <div class="field"><dt>{ "Root component" }</dt><dd>{ match root {
                    Some(root) => format!("Yes ({})", root.behavior_label()),
                    None => "No".to_owned(),
                } }</dd></div>
                <div class="field"><dt>{ "Defined in" }</dt><dd class="path">{ format!("{}, line {}", component.source.file, component.source.line) }</dd></div>
            </dl>

            <h4>{ "Managed properties" }</h4>
            if component.managed_properties.is_empty() {
                <p>{ "The package sets no managed properties for this component." }</p>
            } else {
                if locked {
                    <p class="note">{ "IsCustomizable is No, so none of the other properties can be changed either, whatever they say." }</p>
                }
                <div class="table-scroll" tabindex="0" role="region" aria-label="Managed properties">
                <table class="data" data-testid="managed-properties">
                    <caption class="visually-hidden">{ "Managed properties" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Property" }</th>
                            <th scope="col">{ "As written" }</th>
                            <th scope="col">{ "In effect" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for component.managed_properties.iter().map(|property| html! {
                            <tr>
                                <th scope="row">{ property.name.clone() }</th>
                                <td><code>{ property.raw.clone() }</code>{ format!(" ({})", format::yes_no(property.value)) }</td>
                                <td>{ format::yes_no(component.effective(&property.name)) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
            }

            <h4>{ "Payload files" }</h4>
            if files.is_empty() {
                <p>{ "None: the component is defined entirely in its XML." }</p>
            } else {
                <ul class="payload-files">
                    { for files.iter().map(|(path, size)| html! {
                        <li>
                            <span class="path">{ path.clone() }</span>{ " " }
                            <span class="muted">{ match size {
                                Some(size) => format::bytes(*size),
                                None => "missing from the package".to_owned(),
                            } }</span>
                        </li>
                    }) }
                </ul>
            }

            <h4>{ "XML" }</h4>
            { xml }
        </section>
    }
}
