//! Simulate import: an organization snapshot kept in the browser, the import options,
//! and what importing the opened package would do there (the core's `simulate`). This file
//! holds the view's state and its work with the engine; its parts show it: the verdict
//! (`simulate_verdict.rs`), the organization (`org_panel.rs`), the options
//! (`import_options_form.rs`) and the component outcomes (`outcome_details.rs`).

use std::rc::Rc;

use js_sys::Uint8Array;
use solution_inspector::org::Snapshot;
use solution_inspector::page_state::simulation::{SimulationAction, SimulationState};
use solution_inspector::protocol::{Answer, Request};
use solution_inspector::simulate::{ImportOptions, Outcome};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::analysis::{self, Needs, Opened, Stop, Work};
use crate::capture_panel::CapturePanel;
use crate::import_options_form::ImportOptionsForm;
use crate::org_panel::OrgPanel;
use crate::org_store::{self, ONPREM_DEFAULT};
use crate::outcome_details::OutcomeDetails;
use crate::simulate_context::{Naming, SharedOutcome, Simulation, SimulationContext};
use crate::simulate_verdict::Verdict;

/// Asks the engine what importing the package into the organization would do; the
/// component outcomes are taken in one chunk per task.
async fn simulate(options: ImportOptions) -> Result<Outcome, Stop> {
    let simulate = Request::Simulate { options };
    let reply = analysis::request(simulate, Needs::PackageAndOrg, Some(Work::Simulating)).await?;
    let Answer::Simulated { outcome, .. } = &reply.answer else {
        return Err(analysis::unexpected());
    };
    let mut outcome: Outcome = outcome.clone().into_owned();
    outcome.components = reply.items().await?;
    Ok(outcome)
}

#[derive(Properties, PartialEq)]
pub struct SimulateViewProps {
    pub opened: Opened,
}

#[component]
pub fn SimulateView(props: &SimulateViewProps) -> Html {
    let state = use_reducer(|| Simulation(SimulationState::new(org_store::current())));

    // A snapshot's JSON to the engine; `message` names it once read.
    let load = {
        let dispatch = state.dispatcher();
        Callback::from(move |(json, message): (Uint8Array, Naming)| {
            let dispatch = dispatch.clone();
            spawn_local(async move {
                dispatch.dispatch(match org_store::load(json).await {
                    Ok((snapshot, storage_problem)) => SimulationAction::SnapshotReplaced {
                        message: message(&snapshot.0.head),
                        snapshot,
                        storage_problem,
                    },
                    Err(stop) => SimulationAction::Stopped {
                        stop,
                        what: "Loading the organization".into(),
                    },
                });
            });
        })
    };
    let load_default = {
        let (load, dispatch) = (load.clone(), state.dispatcher());
        Callback::from(move |path: &'static str| {
            let (load, dispatch) = (load.clone(), dispatch.clone());
            dispatch.dispatch(SimulationAction::Announce(
                "Loading the default organization…".into(),
            ));
            spawn_local(async move {
                match org_store::fetch_default(path).await {
                    Ok(json) => load.emit((
                        json,
                        Rc::new(|next: &Snapshot| {
                            format!("The organization is now {}.", next.name)
                        }),
                    )),
                    Err(why) => dispatch.dispatch(SimulationAction::Problem(format!(
                        "The default organization could not be loaded: {why}."
                    ))),
                }
            });
        })
    };
    // A change the engine makes to the snapshot; `what` it is called if it does not happen.
    let change = {
        let dispatch = state.dispatcher();
        Callback::from(move |(change, what): (Request, String)| {
            let dispatch = dispatch.clone();
            spawn_local(async move {
                dispatch.dispatch(match org_store::change(change).await {
                    Ok((snapshot, message, storage_problem)) => {
                        SimulationAction::SnapshotReplaced {
                            snapshot,
                            message,
                            storage_problem,
                        }
                    }
                    Err(stop) => SimulationAction::Stopped { stop, what },
                });
            });
        })
    };
    // The snapshot of an earlier visit, else the on-premises default.
    {
        let (has_snapshot, load_default, load) = (
            state.0.snapshot.is_some(),
            load_default.clone(),
            load.clone(),
        );
        use_effect_with((), move |_| {
            if !has_snapshot {
                spawn_local(async move {
                    match org_store::stored().await {
                        Some(kept) => load.emit((
                            kept,
                            Rc::new(|kept: &Snapshot| {
                                format!(
                                    "The organization {} kept by this browser is loaded.",
                                    kept.name
                                )
                            }),
                        )),
                        None => load_default.emit(ONPREM_DEFAULT),
                    }
                });
            }
        });
    }

    // What the import would do: asked of the engine for each package, snapshot and options.
    {
        let dispatch = state.dispatcher();
        let runs = use_mut_ref(|| 0_u32);
        use_effect_with(
            (
                props.opened.clone(),
                state.0.snapshot.clone(),
                state.0.options.clone(),
            ),
            move |(_, snapshot, options)| {
                let run = runs.borrow().wrapping_add(1);
                *runs.borrow_mut() = run;
                dispatch.dispatch(SimulationAction::SimulationStarted { run });
                if snapshot.is_some() {
                    let options = options.clone();
                    spawn_local(async move {
                        let result = simulate(options).await.map(Rc::new);
                        dispatch.dispatch(SimulationAction::Simulated { run, result });
                    });
                }
            },
        );
    }

    let Some(current) = state.0.snapshot.clone() else {
        return html! {
            <div class="simulate-view">
                <h2>{ "Simulate import" }</h2>
                <p class="status busy" data-testid="org-loading">{ "Loading the organization…" }</p>
                if let Some(why) = &state.0.problem { <p class="error" role="alert">{ why.clone() }</p> }
            </div>
        };
    };
    let unique_name = props.opened.inspection.manifest.unique_name.clone();
    let outcome = state.0.outcome.clone();
    let context = SimulationContext {
        state: state.clone(),
        change,
        load,
        load_default,
    };

    html! {
        <ContextProvider<SimulationContext> {context}>
        <div class="simulate-view">
            <h2>{ "Simulate import" }</h2>
            <p class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="simulate-announcement">{ state.0.announcement.clone() }</p>
            if let Some(why) = &state.0.problem {
                <p class="error" role="alert" data-testid="simulate-problem">{ why.clone() }</p>
            }
            if let Some(outcome) = &outcome {
                <Verdict outcome={SharedOutcome(outcome.clone())} snapshot={current.clone()} />
            }
            <OrgPanel snapshot={current} />
            <CapturePanel />
            <ImportOptionsForm {unique_name} />
            if let Some(outcome) = outcome {
                <OutcomeDetails outcome={SharedOutcome(outcome)} />
            }
        </div>
        </ContextProvider<SimulationContext>>
    }
}
