//! The organizations kept in this browser (Test, Production, …): which one is in use,
//! keeping a copy of it under a new name, and using, downloading or forgetting each.

use std::rc::Rc;

use solution_inspector::names::file_name_stem;
use solution_inspector::org::Snapshot;
use solution_inspector::page_state::kept::{kept_name, KeptOrganization};
use solution_inspector::page_state::simulation::SimulationAction;
use solution_inspector::protocol::Request;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::download;
use crate::simulate_context::{use_simulation, Chooser};
use crate::snapshot_store;

#[derive(Properties, PartialEq)]
pub struct KeptOrganizationsProps {
    /// The name of the snapshot in use (it is kept under that name).
    pub in_use: AttrValue,
}

/// What the store lists, or why it could not.
type Listing = Result<Vec<KeptOrganization>, String>;

#[component]
pub fn KeptOrganizations(props: &KeptOrganizationsProps) -> Html {
    let simulation = use_simulation();
    let dispatch = simulation.state.dispatcher();
    let listing = use_state(|| Ok(Vec::new()) as Listing);
    let typed = use_state(String::new);
    let refreshed = use_state(|| 0_u32);
    {
        let listing = listing.clone();
        use_effect_with((props.in_use.clone(), *refreshed), move |_| {
            spawn_local(async move { listing.set(snapshot_store::list().await) });
        });
    }
    let refresh = {
        let refreshed = refreshed.clone();
        Callback::from(move |()| refreshed.set(refreshed.wrapping_add(1)))
    };
    let on_type = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
            {
                typed.set(input.value());
            }
        })
    };
    let on_keep = {
        let (typed, change, dispatch) =
            (typed.clone(), simulation.change.clone(), dispatch.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match kept_name(&typed) {
                Ok(name) => {
                    change.emit((
                        Request::OrgRename { name: name.clone() },
                        format!("Keeping the organization as {name}"),
                    ));
                    typed.set(String::new());
                }
                Err(why) => dispatch.dispatch(SimulationAction::Problem(why)),
            }
        })
    };
    let on_use = |name: String| {
        let (load, dispatch) = (simulation.load.clone(), dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let (name, load, dispatch) = (name.clone(), load.clone(), dispatch.clone());
            spawn_local(async move {
                match snapshot_store::bytes(&name).await {
                    Ok(Some(json)) => load.emit((
                        json,
                        Rc::new(|next: &Snapshot| {
                            format!("The organization in use is now {}.", next.name)
                        }),
                        Chooser::Person,
                    )),
                    Ok(None) => dispatch.dispatch(SimulationAction::Problem(format!(
                        "{name} is no longer kept in this browser."
                    ))),
                    Err(why) => dispatch.dispatch(SimulationAction::Problem(format!(
                        "{name} could not be read: {why}."
                    ))),
                }
            });
        })
    };
    let on_download = |name: String| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let (name, dispatch) = (name.clone(), dispatch.clone());
            spawn_local(async move {
                let file = format!("{}.org-snapshot.json", file_name_stem(&name));
                let saved = match snapshot_store::bytes(&name).await {
                    Ok(Some(json)) => download::save(&file, "application/json", &json.to_vec()),
                    Ok(None) => Err("it is no longer kept in this browser".to_owned()),
                    Err(why) => Err(why),
                };
                dispatch.dispatch(SimulationAction::Announce(match saved {
                    Ok(()) => format!("Saved {name} as {file}."),
                    Err(why) => format!("{name} could not be saved: {why}."),
                }));
            });
        })
    };
    let on_forget = |name: String| {
        let (dispatch, refresh) = (dispatch.clone(), refresh.clone());
        Callback::from(move |_: MouseEvent| {
            let (name, dispatch, refresh) = (name.clone(), dispatch.clone(), refresh.clone());
            spawn_local(async move {
                dispatch.dispatch(match snapshot_store::forget(&name).await {
                    Ok(()) => SimulationAction::Announce(format!(
                        "{name} is no longer kept in this browser."
                    )),
                    Err(why) => {
                        SimulationAction::Problem(format!("{name} could not be forgotten: {why}."))
                    }
                });
                refresh.emit(());
            });
        })
    };

    let rows = match &*listing {
        Err(why) => {
            html! { <p class="problem" role="alert" data-testid="kept-problem">{ format!("The organizations kept in this browser cannot be listed: {why}. The one in use still works; save it as a file to keep it.") }</p> }
        }
        Ok(kept) if kept.is_empty() => html! { <p>{ "None yet." }</p> },
        Ok(kept) => html! {
            <ul class="kept-list" data-testid="kept-organizations">
                { for kept.iter().map(|entry| {
                    let in_use = entry.name == props.in_use.as_str();
                    html! {
                        <li data-kept={entry.name.clone()}>
                            <span class="kept-name">{ entry.name.clone() }</span>
                            <span class="kept-summary">{ if in_use { format!("{} (in use)", entry.summary()) } else { entry.summary() } }</span>
                            if !in_use {
                                <button type="button" class="button secondary small" onclick={on_use(entry.name.clone())}
                                    aria-label={format!("Use {}", entry.name)}>{ "Use" }</button>
                            }
                            <button type="button" class="button secondary small" onclick={on_download(entry.name.clone())}
                                aria-label={format!("Download {}", entry.name)}>{ "Download" }</button>
                            if !in_use {
                                <button type="button" class="button secondary small" onclick={on_forget(entry.name.clone())}
                                    aria-label={format!("Forget {}", entry.name)}>{ "Forget" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <details class="convert-box" id="kept-panel" data-testid="kept-panel">
            <summary><h4 id="kept-heading" class="inline">{ kept_title(&listing) }</h4></summary>
            <p>{ "Each organization you load or change is kept here under its name, for your next visit. Nothing leaves this browser." }</p>
            { rows }
            <form class="kept-form" onsubmit={on_keep}>
                <label for="kept-name">{ "Keep a copy of this organization as" }</label>
                <input id="kept-name" type="text" maxlength="80" placeholder="Production" value={(*typed).clone()}
                    oninput={on_type} data-testid="kept-name" />
                <button type="submit" class="button secondary" data-testid="keep-as">{ "Keep" }</button>
            </form>
        </details>
    }
}

/// "Kept in this browser (3)": the fold's heading says how many before it is opened.
fn kept_title(listing: &Listing) -> String {
    match listing {
        Ok(kept) if !kept.is_empty() => {
            format!("Organizations kept in this browser ({})", kept.len())
        }
        _ => "Organizations kept in this browser".to_owned(),
    }
}
