//! The page: open a package, then look at it through the tabs.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::analysis::{self, Activity, Failure, Needs, Opened, Stop, Work};
use crate::component_browser::ComponentBrowser;
use crate::drop_zone::DropZone;
use crate::error_message::ErrorMessage;
use crate::findings_view::FindingsView;
use crate::managed_properties_view::ManagedPropertiesView;
use crate::overview::Overview;
use crate::simulate_view::SimulateView;
use crate::solution_header::SolutionHeader;
use crate::tabs::{Tabs, View};
use solution_inspector::convert::ManagedPropertyPolicy;
use solution_inspector::protocol::{Answer, Request};
use solution_inspector::validate::{Finding, Profile, Validation};

/// The findings of one package under one profile, each with the component it is about.
pub struct Checked {
    /// The package it is about.
    pub package_id: u32,
    /// Counts and the managed-properties summary; the findings are in `findings`.
    pub validation: Validation,
    /// Each finding with the component it is about: its index and a link text.
    pub findings: Vec<(Finding, Option<(usize, String)>)>,
}

/// A validation shared by the views, compared by identity.
#[derive(Clone)]
pub struct SharedChecked(pub Rc<Checked>);

impl PartialEq for SharedChecked {
    fn eq(&self, other: &SharedChecked) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Where the validation of the current package stands.
#[derive(Clone, PartialEq)]
pub enum Checking {
    Running,
    Done(SharedChecked),
    Stopped(String),
}

/// Asks the engine for the findings of the package it holds.
async fn validate(package_id: u32, profile: &Profile) -> Result<Checked, Stop> {
    let validate = Request::Validate {
        profile: profile.clone(),
    };
    let reply = analysis::request(validate, Needs::Package, Some(Work::Validating)).await?;
    let Answer::Validated(validation) = &reply.answer else {
        return Err(analysis::unexpected());
    };
    let validation: Validation = validation.clone().into_owned();
    let findings = reply.items().await?;
    Ok(Checked {
        package_id,
        validation,
        findings,
    })
}

/// Where the bytes of the next package come from.
pub enum Source {
    File(web_sys::File),
    Sample,
}

/// "PentaWorkScheduler 0.11.1 (unmanaged)".
pub fn describe(opened: &Opened) -> String {
    let manifest = &opened.inspection.manifest;
    let flag = match manifest.managed() {
        Some(true) => "managed",
        Some(false) => "unmanaged",
        None => "managed flag unreadable",
    };
    format!("{} {} ({flag})", manifest.unique_name, manifest.version)
}

#[component]
pub fn App() -> Html {
    let opened = use_state(|| None::<Opened>);
    let failure = use_state(|| None::<Failure>);
    let busy = use_state(|| false);
    let status = use_state(String::new);
    let activity = use_state(|| None::<Activity>);
    let checking = use_state(|| Checking::Running);
    // Bumped by "Validate again" after a cancelled validation.
    let validation_run = use_state(|| 0_u32);
    let view = use_state(|| View::Overview);
    // Kept across views: the target profile (Findings) and the managed-properties policy.
    let profile = use_state(crate::profile_form::stored_profile);
    let policy = use_state(ManagedPropertyPolicy::new);
    // A component another view links to, and a count that remounts the browser for each link.
    let linked_component = use_state(|| (None::<usize>, 0_u32));
    // Only the latest request may show its result when files are dropped in quick succession.
    let generation = use_mut_ref(|| 0_u32);

    let open = {
        let (opened, failure, busy, status) = (
            opened.clone(),
            failure.clone(),
            busy.clone(),
            status.clone(),
        );
        let (policy, linked_component) = (policy.clone(), linked_component.clone());
        let generation = generation.clone();
        Callback::from(move |source: Source| {
            let this_request = generation.borrow().wrapping_add(1);
            *generation.borrow_mut() = this_request;
            let file_name = match &source {
                Source::File(file) => file.name(),
                Source::Sample => analysis::SAMPLE_NAME.to_owned(),
            };
            busy.set(true);
            status.set(format!("Reading {file_name}…"));
            let previous = (*opened).clone();
            let (opened, failure, busy, status) = (
                opened.clone(),
                failure.clone(),
                busy.clone(),
                status.clone(),
            );
            let (policy, linked_component) = (policy.clone(), linked_component.clone());
            let generation = generation.clone();
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
                if *generation.borrow() != this_request {
                    return;
                }
                busy.set(false);
                match result {
                    Ok((package, bytes)) => {
                        analysis::keep_package(&package, bytes);
                        let now = Opened(Rc::new(package));
                        let inspection = &now.inspection;
                        let mut message = format!(
                            "Opened {}: {} components, {} files.",
                            describe(&now),
                            now.component_count(),
                            inspection.files.len()
                        );
                        if let Some(previous) = &previous {
                            message.push_str(&format!(" It replaces {}.", describe(previous)));
                        }
                        status.set(message);
                        failure.set(None);
                        let same_solution = previous.as_ref().is_some_and(|previous| {
                            previous.inspection.manifest.unique_name
                                == now.inspection.manifest.unique_name
                        });
                        // A policy is keyed by names, so it carries over to another version
                        // of the same solution; another solution starts afresh.
                        if !same_solution {
                            policy.set(ManagedPropertyPolicy::new());
                        }
                        linked_component.set((None, linked_component.1.wrapping_add(1)));
                        opened.set(Some(now));
                    }
                    Err(Stop::Cancelled) => {
                        let mut message = format!("Reading {file_name} was cancelled.");
                        if let Some(previous) = &previous {
                            message.push_str(&format!(" Still showing {}.", describe(previous)));
                        }
                        status.set(message);
                    }
                    Err(Stop::Failed(mut problem)) => {
                        if problem.file_name.is_empty() {
                            problem.file_name = file_name.clone();
                        }
                        // The alert below says why; the status line only says what happened.
                        let mut message = format!("{} could not be opened.", problem.file_name);
                        if let Some(previous) = &previous {
                            message.push_str(&format!(" Still showing {}.", describe(previous)));
                        }
                        status.set(message);
                        failure.set(Some(problem));
                    }
                }
            });
        })
    };

    // The progress bar follows the engine's work.
    {
        let activity = activity.setter();
        use_effect_with((), move |_| {
            analysis::listen(Callback::from(move |now: Option<Activity>| {
                activity.set(now)
            }));
            analysis::start_engine_on_first_interaction();
        });
    }
    // Findings are ready (or on their way) for the package and profile shown.
    {
        let (checking, status) = (checking.clone(), status.clone());
        let generation = use_mut_ref(|| 0_u32);
        use_effect_with(
            ((*opened).clone(), (*profile).clone(), *validation_run),
            move |(opened, profile, _)| {
                let this_run = generation.borrow().wrapping_add(1);
                *generation.borrow_mut() = this_run;
                if let Some(opened) = opened {
                    checking.set(Checking::Running);
                    let (package_id, profile) = (opened.package_id, profile.clone());
                    spawn_local(async move {
                        let outcome = validate(package_id, &profile).await;
                        if *generation.borrow() != this_run {
                            return;
                        }
                        checking.set(match outcome {
                            Ok(checked) => Checking::Done(SharedChecked(Rc::new(checked))),
                            Err(Stop::Cancelled) => {
                                status.set("Validation was cancelled.".into());
                                Checking::Stopped("Validation was cancelled.".into())
                            }
                            Err(Stop::Failed(failure)) => {
                                Checking::Stopped(format!("Validation failed: {}", failure.message))
                            }
                        });
                    });
                }
            },
        );
    }
    let on_validate_again = {
        let validation_run = validation_run.clone();
        Callback::from(move |()| validation_run.set(validation_run.wrapping_add(1)))
    };
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
            if let Some(file) = event
                .data_transfer()
                .and_then(|transfer| transfer.files())
                .and_then(|files| files.get(0))
            {
                open.emit(Source::File(file));
            }
        })
    };
    let on_file = open.reform(Source::File);
    let on_sample = open.reform(|()| Source::Sample);
    let on_view = {
        let view = view.clone();
        Callback::from(move |next: View| view.set(next))
    };
    let on_profile = {
        let profile = profile.clone();
        Callback::from(move |next: Profile| {
            crate::profile_form::keep_profile(&next);
            profile.set(next)
        })
    };
    let on_policy = {
        let policy = policy.clone();
        Callback::from(move |next: ManagedPropertyPolicy| policy.set(next))
    };
    let on_component = {
        let (view, linked_component) = (view.clone(), linked_component.clone());
        Callback::from(move |index: usize| {
            linked_component.set((Some(index), linked_component.1.wrapping_add(1)));
            view.set(View::Components);
        })
    };

    let body = match &*opened {
        Some(current) => {
            // A new package starts the Findings, Convert and Simulate views afresh (filters, reports, selection).
            let package_key = Rc::as_ptr(&current.0) as usize;
            let panel = match *view {
                View::Overview => html! { <Overview opened={current.clone()} /> },
                View::Components => {
                    // A new package starts the browser afresh (search, filter, selection).
                    // A link from another view opens it afresh on the linked component.
                    let key = format!("{}-{}", Rc::as_ptr(&current.0) as usize, linked_component.1);
                    html! { <ComponentBrowser key={key} opened={current.clone()} initial={linked_component.0} /> }
                }
                View::Findings => html! {
                    <FindingsView key={package_key} opened={current.clone()} profile={(*profile).clone()}
                        checking={(*checking).clone()} on_validate_again={on_validate_again.clone()}
                        on_profile={on_profile.clone()} on_component={on_component.clone()} />
                },
                View::Convert => html! {
                    <ManagedPropertiesView key={package_key} opened={current.clone()} profile={(*profile).clone()}
                        checking={(*checking).clone()} policy={(*policy).clone()} on_policy={on_policy.clone()} />
                },
                View::Simulate => {
                    html! { <SimulateView key={package_key} opened={current.clone()} /> }
                }
            };
            html! {
                <>
                    <Tabs current={*view} on_select={on_view} />
                    <section class="panel" role="tabpanel" id="panel"
                        aria-labelledby={view.tab_id()} tabindex="0">
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

    let working = *busy || activity.is_some();
    // Findings of this package under this profile (not those of the moment before a change).
    let validated = match (&*opened, &*checking) {
        (Some(current), Checking::Done(checked)) => {
            checked.0.package_id == current.package_id && checked.0.validation.profile == *profile
        }
        _ => false,
    };

    html! {
        <div class="page" ondragover={on_page_drag_over} ondrop={on_page_drop}>
            <a class="skip-link" href="#main">{ "Skip to the package" }</a>
            <SolutionHeader opened={(*opened).clone()} />
            <main id="main" tabindex="-1">
                <DropZone {on_file} {on_sample} compact={opened.is_some()} busy={*busy} />
                // The spinner only when no progress bar shows the work: an endless animation
                // has the browser draw a frame 60 times a second for as long as the work lasts.
                <p class={classes!("status", (working && activity.is_none()).then_some("busy"))} role="status"
                    data-analyzed-in={(*opened).as_ref().map(|current| current.analyzed_in.label())}
                    data-validated={validated.then_some("true")}
                    data-work={(*activity).as_ref().map(|activity| activity.work.key())}
                    aria-live="polite" aria-busy={if working { "true" } else { "false" }}>
                    { (*status).clone() }
                </p>
                if let Some(activity) = &*activity {
                    <ProgressBar activity={activity.clone()} on_cancel={on_cancel.clone()} />
                }
                if let Some(problem) = &*failure {
                    <ErrorMessage failure={problem.clone()}
                        still_showing={(*opened).as_ref().map(describe)} />
                }
                { body }
            </main>
            <footer class="app-footer">
                <p>{ "Solution Inspector reads packages in your browser; no file leaves this computer." }</p>
            </footer>
        </div>
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
