//! Where a package comes in: a drop zone that is also a button, a file button, and the sample.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::form_input::{dropped_file, picked_file};

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    pub on_file: Callback<web_sys::File>,
    pub on_sample: Callback<()>,
    /// A package is open: the zone shrinks but stays, so another can be dropped any time.
    pub compact: bool,
    pub busy: bool,
}

#[component]
pub fn DropZone(props: &DropZoneProps) -> Html {
    let dragging = use_state(|| false);
    let input = use_node_ref();

    let open_picker = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Without this the browser would open the file itself instead of dropping it here.
            event.prevent_default();
            if let Some(transfer) = event.data_transfer() {
                transfer.set_drop_effect("copy");
            }
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let (dragging, on_file) = (dragging.clone(), props.on_file.clone());
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            if let Some(file) = dropped_file(&event) {
                on_file.emit(file);
            }
        })
    };
    let on_change = {
        let on_file = props.on_file.clone();
        Callback::from(move |event: Event| {
            if let Some(file) = picked_file(&event) {
                on_file.emit(file);
            }
        })
    };
    let on_sample = props.on_sample.reform(|_: MouseEvent| ());

    let title = if *dragging {
        "Release to open the package"
    } else {
        "Drop a solution .zip here"
    };
    html! {
        <section class={classes!("open-package", props.compact.then_some("compact"))}
            aria-labelledby="open-heading">
            <h2 id="open-heading" class={classes!(props.compact.then_some("visually-hidden"))}>
                { if props.compact { "Open another solution package" } else { "Open a solution package" } }
            </h2>
            <div class="open-row">
                <button type="button" id="drop-zone" data-testid="drop-zone"
                    class={classes!("drop-zone", dragging.then_some("dragging"))}
                    aria-describedby="open-help"
                    onclick={open_picker}
                    ondragenter={on_drag_over.clone()}
                    ondragover={on_drag_over}
                    ondragleave={on_drag_leave}
                    ondrop={on_drop}>
                    <svg class="drop-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M12 3v12M7 10l5 5 5-5M4 17v3h16v-3" fill="none" stroke="currentColor"
                            stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
                    </svg>
                    <span class="drop-title">{ title }</span>
                    <span class="drop-hint">{ "or press to choose a file" }</span>
                </button>
                <div class="open-actions">
                    <input type="file" id="file-input" data-testid="file-input" class="visually-hidden"
                        accept=".zip,application/zip,application/x-zip-compressed"
                        ref={input} onchange={on_change} />
                    <label for="file-input" class="button">{ "Choose a solution file…" }</label>
                    <button type="button" class="button secondary" data-testid="open-sample"
                        onclick={on_sample} disabled={props.busy}>
                        { "Open the sample solution" }
                    </button>
                </div>
            </div>
            <p id="open-help" class="hint">
                { "A solution package is the .zip that Export solution produces. It is read in this browser and never uploaded." }
            </p>
        </section>
    }
}
