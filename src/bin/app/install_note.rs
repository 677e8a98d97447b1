//! The note above the verdict after "Install … into this organization": what was installed
//! where, that the verdict below is now for importing the same package again (the core's
//! outcome into the organization that has it, often a refusal), and the next steps: undo
//! the install (uninstall it, when the organization lists it as one a person may remove) and
//! keep the organization under a name.

use solution_inspector::page_state::simulation::InstalledPackage;
use solution_inspector::protocol::Request;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::org_store::SharedSnapshot;
use crate::simulate_context::{use_simulation, SharedOutcome};

#[derive(Properties, PartialEq)]
pub struct InstallNoteProps {
    pub installed: InstalledPackage,
    /// The organization it went into, as the verdict names it.
    pub organization: AttrValue,
    /// The outcome shown: of the same package, into the organization that now has it.
    pub outcome: SharedOutcome,
    pub snapshot: SharedSnapshot,
}

/// Opens the fold of the kept organizations and puts the cursor in its name field.
fn open_keep_form() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if let Some(fold) = document.get_element_by_id("kept-panel") {
        let _ = fold.set_attribute("open", "");
    }
    if let Some(field) = document
        .get_element_by_id("kept-name")
        .and_then(|field| field.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = field.focus();
    }
}

#[component]
pub fn InstallNote(props: &InstallNoteProps) -> Html {
    let simulation = use_simulation();
    let installed = &props.installed;
    // Undo is an uninstall, offered when the organization lists the solution as removable.
    let removable = props.snapshot.0.head.solutions.iter().any(|solution| {
        solution.unique_name == installed.unique_name
            && solution.version == installed.version
            && !solution.built_in
    });
    let on_undo = {
        let (change, name) = (simulation.change.clone(), installed.unique_name.clone());
        Callback::from(move |_: MouseEvent| {
            change.emit((
                Request::OrgUninstall { name: name.clone() },
                format!("Uninstalling {name}"),
            ))
        })
    };
    let on_keep = Callback::from(|_: MouseEvent| open_keep_form());
    html! {
        <div class="install-note" role="status" data-testid="install-note">
            <p>{ installed.note(&props.organization, &props.outcome.0) }</p>
            <p class="install-note-actions">
                if removable {
                    <button type="button" class="button secondary small" data-testid="undo-install" onclick={on_undo}>
                        { format!("Undo: uninstall {}", installed.unique_name) }
                    </button>
                }
                <button type="button" class="button secondary small" data-testid="keep-after-install" onclick={on_keep}>
                    { "Keep this organization under a name…" }
                </button>
            </p>
        </div>
    }
}
