//! Simulate import: an organization snapshot kept in the browser, the import options,
//! and what importing the opened package would do there (the core's `simulate`). This file
//! holds the view's state and its work with the engine; its parts show it: the verdict
//! (`simulate_verdict.rs`), the organization (`org_panel.rs`), the options
//! (`import_options_form.rs`) and the component outcomes (`outcome_details.rs`).

use std::rc::Rc;

use js_sys::Uint8Array;
use solution_inspector::org::Snapshot;
use solution_inspector::page_state::simulation::{
    InstalledPackage, SimulatedImport, SimulationAction, SimulationState, SnapshotChange,
};
use solution_inspector::page_state::target::{
    align, describe_organization, Alignment, DefaultOrganization,
};
use solution_inspector::protocol::{Answer, Request};
use solution_inspector::simulate::{ImportOptions, Outcome};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::analysis::{self, Needs, Opened, Stop, Work};
use crate::capture_panel::CapturePanel;
use crate::dependency_groups::DependencyGroups;
use crate::fold::Fold;
use crate::import_options_form::ImportOptionsForm;
use crate::install_note::InstallNote;
use crate::org_panel::OrgPanel;
use crate::org_store;
use crate::outcome_details::OutcomeDetails;
use crate::page::use_page;
use crate::simulate_context::{Chooser, Naming, SharedOutcome, Simulation, SimulationContext};
use crate::simulate_verdict::Verdict;

/// Asks the engine what importing the package into the organization would do; the
/// component outcomes are taken in one chunk per task.
async fn simulate(options: ImportOptions) -> Result<SimulatedImport, Stop> {
    let simulate = Request::Simulate { options };
    let reply = analysis::request(simulate, Needs::PackageAndOrg, Some(Work::Simulating)).await?;
    let Answer::Simulated { outcome, answers } = &reply.answer else {
        return Err(analysis::unexpected());
    };
    let mut outcome: Outcome = outcome.clone().into_owned();
    let answers = Rc::new(answers.clone().into_owned());
    outcome.components = reply.items().await?;
    Ok(SimulatedImport {
        outcome: Rc::new(outcome),
        answers,
    })
}

#[derive(Properties, PartialEq)]
pub struct SimulateViewProps {
    pub opened: Opened,
}

#[component]
pub fn SimulateView(props: &SimulateViewProps) -> Html {
    let state = use_reducer(|| Simulation(SimulationState::new(org_store::current())));

    let page = use_page();
    // A snapshot's JSON to the engine; `message` names it once read. One the person chose
    // becomes the page's target.
    let load = {
        let (dispatch, page) = (state.dispatcher(), page.clone());
        Callback::from(
            move |(json, message, chooser): (Uint8Array, Naming, Chooser)| {
                let (dispatch, page) = (dispatch.clone(), page.clone());
                spawn_local(async move {
                    dispatch.dispatch(match org_store::load(json).await {
                        Ok((snapshot, storage_problem)) => {
                            if chooser == Chooser::Person {
                                page.choose_organization(snapshot.0.head.target.clone());
                            }
                            SimulationAction::SnapshotReplaced {
                                message: message(&snapshot.0.head),
                                change: SnapshotChange::Loaded,
                                snapshot,
                                storage_problem,
                            }
                        }
                        Err(stop) => SimulationAction::Stopped {
                            stop,
                            what: "Loading the organization".into(),
                        },
                    });
                });
            },
        )
    };
    let fetch_default = {
        let (load, dispatch) = (load.clone(), state.dispatcher());
        Callback::from(move |(default, chooser): (DefaultOrganization, Chooser)| {
            let (load, dispatch) = (load.clone(), dispatch.clone());
            dispatch.dispatch(SimulationAction::Announce(
                "Loading the default organization…".into(),
            ));
            spawn_local(async move {
                match org_store::fetch_default(default).await {
                    Ok(json) => load.emit((
                        json,
                        Rc::new(|next: &Snapshot| {
                            format!("The organization is now {}.", next.name)
                        }),
                        chooser,
                    )),
                    Err(why) => dispatch.dispatch(SimulationAction::Problem(format!(
                        "The default organization could not be loaded: {why}."
                    ))),
                }
            });
        })
    };
    let load_default = fetch_default.reform(|default| (default, Chooser::Person));
    // A change the engine makes to the snapshot; `what` it is called if it does not happen.
    // An install is of the package whose outcome is shown (the button is on its verdict).
    let change = {
        let dispatch = state.dispatcher();
        let shown = state.0.outcome.as_ref().map(|outcome| InstalledPackage {
            unique_name: outcome.solution.unique_name.clone(),
            version: outcome.solution.version.clone(),
        });
        Callback::from(move |(request, what): (Request, String)| {
            let dispatch = dispatch.clone();
            let made = match &request {
                Request::OrgInstall { .. } => shown
                    .clone()
                    .map_or(SnapshotChange::Loaded, SnapshotChange::Installed),
                Request::OrgUninstall { .. } => SnapshotChange::Uninstalled,
                Request::OrgTarget { .. } | Request::OrgRename { .. } => SnapshotChange::Relabelled,
                _ => SnapshotChange::Loaded,
            };
            spawn_local(async move {
                dispatch.dispatch(match org_store::change(request).await {
                    Ok((snapshot, message, storage_problem)) => {
                        SimulationAction::SnapshotReplaced {
                            snapshot,
                            change: made,
                            message,
                            storage_problem,
                        }
                    }
                    Err(stop) => SimulationAction::Stopped { stop, what },
                });
            });
        })
    };
    // The snapshot of an earlier visit (the page's target becomes its, so a snapshot built
    // by installing is not lost), else the default of the page's target.
    {
        let (has_snapshot, fetch_default, load) = (
            state.0.snapshot.is_some(),
            fetch_default.clone(),
            load.clone(),
        );
        let deployment = page.profile.target.deployment;
        let announce = state.dispatcher();
        use_effect_with((), move |_| {
            // The page loaded the organization kept by this browser before this view showed.
            let (note, problem) = org_store::take_note();
            if let Some(note) = note {
                announce.dispatch(SimulationAction::Announce(note));
            }
            if let Some(problem) = problem {
                announce.dispatch(SimulationAction::Problem(problem));
            }
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
                            Chooser::Person,
                        )),
                        None => {
                            fetch_default.emit((DefaultOrganization::of(deployment), Chooser::Page))
                        }
                    }
                });
            }
        });
    }
    // The snapshot follows the page's target (chosen in the header, in Findings, or here).
    {
        let (fetch_default, change) = (fetch_default.clone(), change.clone());
        // The alignment last asked for: asked once, not again on each render meanwhile.
        let asked = use_mut_ref(|| None::<Alignment>);
        let organization = state
            .0
            .snapshot
            .as_ref()
            .map(|snapshot| snapshot.0.head.target.clone());
        use_effect_with(
            (page.profile.target.clone(), organization),
            move |(target, organization)| {
                let Some(organization) = organization else {
                    return;
                };
                let next = align(target, organization);
                if next == Alignment::Aligned || asked.borrow().as_ref() == Some(&next) {
                    return;
                }
                *asked.borrow_mut() = Some(next.clone());
                match next {
                    Alignment::Aligned => {}
                    Alignment::LoadDefault(default) => fetch_default.emit((default, Chooser::Page)),
                    Alignment::SetTarget(target) => change.emit((
                        Request::OrgTarget { target },
                        "Changing the organization's target".into(),
                    )),
                }
            },
        );
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
                        let result = simulate(options).await;
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
    let installed = state.0.installed_again().cloned();
    let outcome = state.0.outcome.clone();
    let answers = state.0.answers.clone();
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
            if let (Some(outcome), Some(answers)) = (&outcome, &answers) {
                if let Some(installed) = installed {
                    <InstallNote {installed} organization={describe_organization(&current.0.head)}
                        outcome={SharedOutcome(outcome.clone())} snapshot={current.clone()} />
                }
                <Verdict outcome={SharedOutcome(outcome.clone())} answers={answers.clone()} snapshot={current.clone()} />
                if !answers.missing_dependencies.is_empty() {
                    // The verdict names each solution; its components fold here, counted as rows.
                    <Fold id="simulate-dependencies-heading" test_id="fold-simulate-dependencies"
                        title={format!("Missing in this organization, by solution ({})", answers.missing_dependencies.len())}
                        rows={answers.missing_dependencies.iter().map(|group| group.count).sum::<usize>()}>
                        <DependencyGroups answers={answers.clone()} none="" />
                    </Fold>
                }
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
