//! The page: open a package, then look at it through the tabs.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::analysis::{self, Activity, Failure, Needs, Opened, Stop, Work};
use crate::component_browser::ComponentBrowser;
use crate::drop_zone::DropZone;
use crate::error_message::ErrorMessage;
use crate::findings_view::FindingsView;
use crate::form_input::dropped_file;
use crate::managed_properties_view::ManagedPropertiesView;
use crate::org_store;
use crate::overview::Overview;
use crate::page::{Page, PageContext};
use crate::simulate_view::SimulateView;
use crate::solution_header::SolutionHeader;
use crate::tabs::{Tabs, View};
use solution_inspector::page_state::{self, Action, Checked, PageState};
use solution_inspector::protocol::{Answer, Request};
use solution_inspector::validate::{Profile, Validation};

/// Asks the engine for the findings of the package it holds.
async fn validate(package_id: u32, profile: &Profile) -> Result<Checked, Stop> {
    let validate = Request::Validate {
        profile: profile.clone(),
    };
    let reply = analysis::request(validate, Needs::Package, Some(Work::Validating)).await?;
    let Answer::Validated {
        validation,
        answers,
    } = &reply.answer
    else {
        return Err(analysis::unexpected());
    };
    let validation: Validation = validation.clone().into_owned();
    let answers = Rc::new(answers.clone().into_owned());
    let findings = reply.items().await?;
    Ok(Checked {
        package_id,
        validation,
        findings,
        answers,
    })
}

/// Where the bytes of the next package come from.
pub enum Source {
    File(web_sys::File),
    Sample,
}

/// "PentaWorkScheduler 0.11.1 (unmanaged)".
pub fn describe(opened: &Opened) -> String {
    page_state::describe(&opened.inspection)
}

#[component]
pub fn App() -> Html {
    let page = use_reducer(|| Page(PageState::new(crate::profile_form::stored_profile())));
    // Only the latest reading may show its result when files are dropped in quick succession.
    let reading = use_mut_ref(|| 0_u32);

    let open = {
        let (dispatch, reading) = (page.dispatcher(), reading.clone());
        Callback::from(move |source: Source| {
            let request = reading.borrow().wrapping_add(1);
            *reading.borrow_mut() = request;
            let file_name = match &source {
                Source::File(file) => file.name(),
                Source::Sample => analysis::SAMPLE_NAME.to_owned(),
            };
            dispatch.dispatch(Action::ReadStarted {
                request,
                file_name: file_name.clone(),
            });
            let (dispatch, reading) = (dispatch.clone(), reading.clone());
            spawn_local(async move {
                let bytes = match source {
                    Source::File(file) => analysis::read_file(&file).await,
                    Source::Sample => analysis::fetch_sample().await,
                };
                let result = match bytes {
                    Ok(bytes) => analysis::analyze(file_name.clone(), bytes.clone())
                        .await
                        .map(|package| (package, bytes)),
                    Err(why) => Err(Stop::Failed(Failure {
                        file_name: file_name.clone(),
                        message: format!("The file could not be opened: {why}."),
                        details: Vec::new(),
                    })),
                };
                if *reading.borrow() != request {
                    return;
                }
                let result = result.map(|(package, bytes)| {
                    analysis::keep_package(&package, bytes);
                    Opened(Rc::new(package))
                });
                dispatch.dispatch(Action::ReadFinished {
                    request,
                    file_name,
                    result,
                });
            });
        })
    };

    // The progress bar follows the engine's work.
    {
        let dispatch = page.dispatcher();
        use_effect_with((), move |_| {
            analysis::listen(Callback::from(move |now: Option<Activity>| {
                dispatch.dispatch(Action::Activity(now))
            }));
            analysis::start_engine_on_first_interaction();
        });
    }
    // The person replaced the organization in use: the findings are made against it afresh.
    {
        let dispatch = page.dispatcher();
        use_effect_with((), move |_| {
            org_store::on_replaced(Callback::from(move |()| {
                dispatch.dispatch(Action::OrganizationReplaced)
            }));
        });
    }
    // The target organization is kept for the next visit, whichever view chose it.
    use_effect_with(page.0.profile.clone(), |profile| {
        crate::profile_form::keep_profile(profile)
    });
    // Findings are ready (or on their way) for the package and profile shown.
    {
        let dispatch = page.dispatcher();
        let runs = use_mut_ref(|| 0_u32);
        use_effect_with(
            (
                page.0.opened.clone(),
                page.0.profile.clone(),
                page.0.validation_run,
            ),
            move |(opened, profile, _)| {
                let run = runs.borrow().wrapping_add(1);
                *runs.borrow_mut() = run;
                if let Some(opened) = opened {
                    dispatch.dispatch(Action::ValidationStarted { run });
                    let (package_id, profile) = (opened.package_id, profile.clone());
                    spawn_local(async move {
                        // The missing dependencies are checked against the organization in
                        // use: the engine holds it, aligned to the target, first. One this
                        // browser kept becomes the page's target, which validates again.
                        if let Some(kept) = org_store::ready_for(&profile.target).await {
                            let adopted =
                                page_state::target::profile_of_organization(&profile, &kept);
                            if adopted != profile {
                                dispatch.dispatch(Action::OrganizationChosen(kept));
                                return;
                            }
                        }
                        let result = validate(package_id, &profile).await;
                        dispatch.dispatch(Action::ValidationFinished { run, result });
                    });
                }
            },
        );
    }
    let on_cancel = Callback::from(|_: MouseEvent| {
        analysis::cancel();
        // The button goes away with the work: keep the keyboard focus on the page's content.
        if let Some(main) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id("main"))
            .and_then(|element| {
                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok()
            })
        {
            let _ = main.focus();
        }
    });

    // A package dropped anywhere on the page opens too, instead of the browser leaving
    // the page to show the zip. The drop zone handles its own drops first.
    let on_page_drag_over = Callback::from(|event: DragEvent| {
        event.prevent_default();
        if let Some(transfer) = event.data_transfer() {
            transfer.set_drop_effect("copy");
        }
    });
    let on_page_drop = {
        let open = open.clone();
        Callback::from(move |event: DragEvent| {
            if event.default_prevented() {
                return;
            }
            event.prevent_default();
            if let Some(file) = dropped_file(&event) {
                open.emit(Source::File(file));
            }
        })
    };
    let on_file = open.reform(Source::File);
    let on_sample = open.reform(|()| Source::Sample);
    let on_view = {
        let dispatch = page.dispatcher();
        Callback::from(move |next: View| dispatch.dispatch(Action::ShowView(next)))
    };

    let state = &page.0;
    let body = match &state.opened {
        Some(current) => {
            // A new package starts the Findings, Convert and Simulate views afresh (filters, reports, selection).
            let package_key = Rc::as_ptr(&current.0) as usize;
            let panel = match state.view {
                View::Overview => html! { <Overview opened={current.clone()} /> },
                View::Components => {
                    // A new package starts the browser afresh (search, filter, selection).
                    // A link from another view opens it afresh on the linked component.
                    let key = format!("{package_key}-{}", state.browser_generation);
                    html! { <ComponentBrowser key={key} opened={current.clone()} initial={state.linked_component} /> }
                }
                View::Findings => {
                    html! { <FindingsView key={package_key} opened={current.clone()} /> }
                }
                View::Convert => {
                    html! { <ManagedPropertiesView key={package_key} opened={current.clone()} /> }
                }
                View::Simulate => {
                    html! { <SimulateView key={package_key} opened={current.clone()} /> }
                }
            };
            html! {
                <>
                    <Tabs current={state.view} on_select={on_view} />
                    <section class="panel" role="tabpanel" id="panel"
                        aria-labelledby={state.view.tab_id()} tabindex="0">
                        { panel }
                    </section>
                </>
            }
        }
        None => html! {
            <section class="intro" aria-labelledby="intro-heading">
                <h2 id="intro-heading">{ "What this page does" }</h2>
                <p>{ "Open a Dynamics 365 / Dataverse solution package (the .zip that Export solution produces) to see its solution, publisher and version, every component with its managed properties, its files, and what it depends on." }</p>
                <p>{ "The package is read inside this browser tab. Nothing is uploaded." }</p>
            </section>
        },
    };

    let busy = state.busy();
    let working = busy || state.activity.is_some();
    let context = PageContext::of(&page);

    html! {
        <ContextProvider<PageContext> {context}>
        <div class="page" ondragover={on_page_drag_over} ondrop={on_page_drop}>
            <a class="skip-link" href="#main">{ "Skip to the package" }</a>
            <SolutionHeader opened={state.opened.clone()} target={state.profile.target.clone()} />
            <main id="main" tabindex="-1">
                <DropZone {on_file} {on_sample} compact={state.opened.is_some()} {busy} />
                // The spinner only when no progress bar shows the work: an endless animation
                // has the browser draw a frame 60 times a second for as long as the work lasts.
                <p class={classes!("status", (working && state.activity.is_none()).then_some("busy"))} role="status"
                    data-analyzed-in={state.opened.as_ref().map(|current| current.analyzed_in.label())}
                    data-validated={state.validated().then_some("true")}
                    data-work={state.activity.as_ref().map(|activity| activity.work.key())}
                    aria-live="polite" aria-busy={if working { "true" } else { "false" }}>
                    { state.status.clone() }
                </p>
                if let Some(activity) = &state.activity {
                    <ProgressBar activity={activity.clone()} on_cancel={on_cancel.clone()} />
                }
                if let Some(problem) = &state.failure {
                    <ErrorMessage failure={problem.clone()}
                        still_showing={state.opened.as_ref().map(describe)} />
                }
                { body }
            </main>
            <footer class="app-footer">
                <p>{ "Solution Inspector reads packages in your browser; no file leaves this computer." }</p>
            </footer>
        </div>
        </ContextProvider<PageContext>>
    }
}

#[derive(Properties, PartialEq)]
struct ProgressBarProps {
    activity: Activity,
    on_cancel: Callback<MouseEvent>,
}

/// What the engine is doing, how far it is, and a way to stop it.
#[component]
fn ProgressBar(props: &ProgressBarProps) -> Html {
    let activity = &props.activity;
    // Without a total yet the bar is indeterminate.
    let (value, max) = if activity.total > 0 {
        (
            Some((activity.done.min(activity.total) as f64).to_string()),
            (activity.total as f64).to_string(),
        )
    } else {
        (None, "1".to_owned())
    };
    let amount = (activity.total > 0).then(|| {
        format!(
            "{} of {}",
            crate::format::bytes(activity.done.min(activity.total)),
            crate::format::bytes(activity.total)
        )
    });
    html! {
        <div class="work-progress" data-testid="progress" data-work={activity.work.key()}>
            <label for="work-progress" data-testid="progress-label">{ activity.label.clone() }</label>
            <progress id="work-progress" {value} {max} aria-valuetext={amount.clone()}></progress>
            <span class="progress-amount" data-testid="progress-amount">{ amount.unwrap_or_default() }</span>
            <button type="button" class="button secondary small" data-testid="cancel" onclick={props.on_cancel.clone()}>
                { "Cancel" }
            </button>
        </div>
    }
}
