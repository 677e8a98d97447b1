//! The simulate view's "your own organization" panel: the steps, the console
//! script the core generates from its query table (`org::capture::script`)
//! with a copy button and its bookmarklet form, and a drop target where the
//! downloaded capture file becomes the organization (the engine makes the
//! snapshot). The page itself connects to nothing: the script runs in the
//! user's signed-in Dataverse tab.

use std::rc::Rc;

use js_sys::Uint8Array;
use solution_inspector::org::capture::script::{bookmarklet, console_script};
use solution_inspector::org::Snapshot;
use solution_inspector::page_state::simulation::SimulationAction;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::File;
use yew::prelude::*;

use crate::form_input::{dropped_file, picked_file};
use crate::simulate_context::{use_simulation, Chooser};

#[component]
pub fn CapturePanel() -> Html {
    let simulation = use_simulation();
    let dispatch = simulation.state.dispatcher();
    let script = use_memo((), |_| console_script());
    let link = use_memo((), |_| bookmarklet());
    let on_copy = {
        let (script, dispatch) = (script.clone(), dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let (script, dispatch) = (script.clone(), dispatch.clone());
            spawn_local(async move {
                let Some(window) = web_sys::window() else {
                    return;
                };
                let copied =
                    JsFuture::from(window.navigator().clipboard().write_text(&script)).await;
                dispatch.dispatch(match copied {
                    Ok(_) => SimulationAction::Announce("Copied the capture script.".into()),
                    Err(_) => SimulationAction::Problem(
                        "The browser did not let the page copy: select the script and copy it yourself.".into(),
                    ),
                });
            });
        })
    };
    let read = {
        let (load, dispatch) = (simulation.load.clone(), dispatch.clone());
        Rc::new(move |file: File| {
            let (load, dispatch) = (load.clone(), dispatch.clone());
            spawn_local(async move {
                let name = file.name();
                match JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => load.emit((
                        Uint8Array::new(&buffer),
                        Rc::new(move |next: &Snapshot| {
                            format!("The organization is now {}, from {name}.", next.name)
                        }),
                        Chooser::Person,
                    )),
                    Err(_) => dispatch.dispatch(SimulationAction::Problem(format!(
                        "{name} could not be read."
                    ))),
                }
            });
        })
    };
    let on_drop = {
        let read = read.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            // The page's own drop handler would open it as a package.
            event.stop_propagation();
            if let Some(file) = dropped_file(&event) {
                read(file);
            }
        })
    };
    let on_drag_over = Callback::from(|event: DragEvent| {
        event.prevent_default();
        event.stop_propagation();
    });
    let on_pick = Callback::from(move |event: Event| {
        if let Some(file) = picked_file(&event) {
            read(file);
        }
    });
    html! {
    <details class="convert-box" data-testid="capture-panel">
        <summary><h3 class="inline">{ "Your own organization: capture it" }</h3></summary>
        <ol>
            <li>{ "Open your environment (https://ORG.crm.dynamics.com) in another tab and sign in." }</li>
            <li>{ "Open the developer console there (F12, Console), paste the script below and press Enter, or click the bookmarklet on that tab. It reads that organization's Web API with your own session and shows its progress in the console." }</li>
            <li>{ "It downloads ORG.capture.json. Drop that file here: it becomes the organization you simulate against. Nothing goes anywhere else." }</li>
        </ol>
        <label for="capture-script">{ "Capture script" }</label>
        <textarea id="capture-script" class="code" readonly=true rows="6" data-testid="capture-script" value={(*script).clone()} />
        <div class="mp-actions">
            <button type="button" class="button secondary" data-testid="copy-capture-script" onclick={on_copy}>{ "Copy the script" }</button>
            <a class="button secondary" href={(*link).clone()} data-testid="capture-bookmarklet"
                title="Drag this to your bookmarks bar, then click it on your environment's tab">{ "Capture (bookmarklet)" }</a>
            <input type="file" id="capture-input" class="visually-hidden" accept=".json,application/json" data-testid="capture-input" onchange={on_pick} />
            <label for="capture-input" class="button secondary">{ "Load a capture…" }</label>
        </div>
        <div class="drop-target" data-testid="capture-drop" ondragover={on_drag_over} ondrop={on_drop}>
            { "Drop the capture file here" }
        </div>
        <p>{ "For pipelines: solinspect org capture --url https://ORG.crm.dynamics.com -o capture.json (bearer token in DATAVERSE_TOKEN), then solinspect org from-capture capture.json -o org.json (docs/org-capture.md)." }</p>
    </details>
    }
}
