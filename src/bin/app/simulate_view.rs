//! Simulate import: an organization snapshot kept in the browser, the import options,
//! and what importing the opened package would do there (the core's `simulate`).

use std::rc::Rc;

use js_sys::Uint8Array;
use solution_inspector::names::file_name_stem;
use solution_inspector::org::{Deployment, Snapshot};
use solution_inspector::protocol::{Answer, Request};
use solution_inspector::simulate::{self, Action, ImportMode, ImportOptions, Outcome};
use solution_inspector::validate::MB;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::analysis::{self, Needs, Opened, Stop, Work};
use crate::download;
use crate::format;
use crate::layer_stack::LayerStack;
use crate::org_store::{self, SharedSnapshot, ONLINE_DEFAULT, ONPREM_DEFAULT};

/// Words for a snapshot once it is read ("The organization X is now loaded.").
type Naming = Rc<dyn Fn(&Snapshot) -> String>;

/// Asks the engine what importing the package into the organization would do; the
/// component outcomes are taken in one chunk per task.
async fn simulate(options: ImportOptions) -> Result<Outcome, Stop> {
    let simulate = Request::Simulate { options };
    let reply = analysis::request(simulate, Needs::PackageAndOrg, Some(Work::Simulating)).await?;
    let Answer::Simulated(outcome) = &reply.answer else {
        return Err(analysis::unexpected());
    };
    let mut outcome: Outcome = outcome.clone().into_owned();
    outcome.components = reply.items().await?;
    Ok(outcome)
}

/// A report of the last simulation, made by the engine, saved as a download.
async fn save_report(report: Request, name: &str, mime: &str) -> Result<(), String> {
    let reply = analysis::request(report, Needs::PackageAndOrg, None)
        .await
        .map_err(|stop| stop.message())?;
    download::save(name, mime, &reply.bytes_vec())
}

/// Component rows per page of the outcome table.
const PAGE_SIZE: usize = 100;

#[derive(Properties, PartialEq)]
pub struct SimulateViewProps {
    pub opened: Opened,
}

fn deployment_label(deployment: Deployment) -> &'static str {
    match deployment {
        Deployment::OnPremises => "on-premises",
        Deployment::Online => "online",
    }
}

#[component]
pub fn SimulateView(props: &SimulateViewProps) -> Html {
    let snapshot = use_state(org_store::current);
    let options = use_state(ImportOptions::default);
    let announcement = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let action_filter = use_state(|| None::<Action>);
    let selected = use_state(|| None::<usize>);
    let page = use_state(|| 0_usize);
    let outcome = use_state(|| None::<Rc<Outcome>>);

    // A new snapshot from the engine: shown, with what happened.
    let replace = {
        let (snapshot, announcement, problem) =
            (snapshot.clone(), announcement.clone(), problem.clone());
        Callback::from(
            move |(next, message, storage_problem): (SharedSnapshot, String, Option<String>)| {
                snapshot.set(Some(next));
                problem.set(storage_problem);
                announcement.set(message);
            },
        )
    };
    let stopped = {
        let (problem, announcement) = (problem.clone(), announcement.clone());
        Callback::from(move |(stop, what): (Stop, String)| match stop {
            Stop::Cancelled => announcement.set(format!("{what} was cancelled.")),
            Stop::Failed(failure) => problem.set(Some(failure.message)),
        })
    };
    // A snapshot's JSON to the engine; `message` names it once read.
    let load = {
        let (replace, stopped) = (replace.clone(), stopped.clone());
        Callback::from(move |(json, message): (Uint8Array, Naming)| {
            let (replace, stopped) = (replace.clone(), stopped.clone());
            spawn_local(async move {
                match org_store::load(json).await {
                    Ok((next, storage_problem)) => {
                        let text = message(&next.0.head);
                        replace.emit((next, text, storage_problem));
                    }
                    Err(stop) => stopped.emit((stop, "Loading the organization".into())),
                }
            });
        })
    };
    let load_default = {
        let (load, problem, announcement) = (load.clone(), problem.clone(), announcement.clone());
        Callback::from(move |path: &'static str| {
            let (load, problem) = (load.clone(), problem.clone());
            announcement.set("Loading the default organization…".into());
            spawn_local(async move {
                match org_store::fetch_default(path).await {
                    Ok(json) => load.emit((
                        json,
                        Rc::new(|next: &Snapshot| {
                            format!("The organization is now {}.", next.name)
                        }),
                    )),
                    Err(why) => problem.set(Some(format!(
                        "The default organization could not be loaded: {why}."
                    ))),
                }
            });
        })
    };
    // The snapshot of an earlier visit, else the on-premises default.
    {
        let (snapshot, load_default, load) = (snapshot.clone(), load_default.clone(), load.clone());
        use_effect_with((), move |_| {
            if snapshot.is_none() {
                match org_store::stored() {
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
            }
        });
    }

    // What the import would do: asked of the engine for each package, snapshot and options.
    {
        let (outcome, stopped) = (outcome.clone(), stopped.clone());
        let generation = use_mut_ref(|| 0_u32);
        use_effect_with(
            (
                props.opened.clone(),
                (*snapshot).clone(),
                (*options).clone(),
            ),
            move |(_, snapshot, options)| {
                let this_run = generation.borrow().wrapping_add(1);
                *generation.borrow_mut() = this_run;
                if snapshot.is_some() {
                    let options = options.clone();
                    spawn_local(async move {
                        let result = simulate(options).await;
                        if *generation.borrow() != this_run {
                            return;
                        }
                        match result {
                            Ok(next) => outcome.set(Some(Rc::new(next))),
                            Err(stop) => stopped.emit((stop, "The simulation".into())),
                        }
                    });
                }
            },
        );
    }

    // The page of component outcomes is rendered a few rows per task of the page.
    let page_rows = outcome.as_ref().map_or(0, |outcome| {
        let matching = outcome
            .components
            .iter()
            .filter(|component| action_filter.is_none_or(|action| component.action == action))
            .count();
        let pages = matching.div_ceil(PAGE_SIZE).max(1);
        matching
            .saturating_sub((*page).min(pages - 1) * PAGE_SIZE)
            .min(PAGE_SIZE)
    });
    let rendered_rows = crate::more::use_progressive(
        page_rows,
        25,
        (
            outcome.as_ref().map(|outcome| Rc::as_ptr(outcome) as usize),
            *action_filter,
            *page,
        ),
    );

    let Some(current) = (*snapshot).clone() else {
        return html! {
            <div class="simulate-view">
                <h2>{ "Simulate import" }</h2>
                <p class="status busy" data-testid="org-loading">{ "Loading the organization…" }</p>
                if let Some(why) = &*problem { <p class="error" role="alert">{ why.clone() }</p> }
            </div>
        };
    };
    let org = &current.0.head;
    let unique_name = props.opened.inspection.manifest.unique_name.clone();

    // ---- Actions on the snapshot ----
    let change = {
        let (replace, stopped) = (replace.clone(), stopped.clone());
        move |change: Request, what: String| {
            let (replace, stopped) = (replace.clone(), stopped.clone());
            spawn_local(async move {
                match org_store::change(change).await {
                    Ok(done) => replace.emit(done),
                    Err(stop) => stopped.emit((stop, what)),
                }
            });
        }
    };
    let on_install = {
        let (options, change) = (options.clone(), change.clone());
        Callback::from(move |_: MouseEvent| {
            let options = (*options).clone();
            change(Request::OrgInstall { options }, "Installing".into());
        })
    };
    let uninstall = |name: String| {
        let change = change.clone();
        Callback::from(move |_: MouseEvent| {
            change(
                Request::OrgUninstall { name: name.clone() },
                format!("Uninstalling {name}"),
            )
        })
    };
    let on_reset_onprem = load_default.reform(|_: MouseEvent| ONPREM_DEFAULT);
    let on_reset_online = load_default.reform(|_: MouseEvent| ONLINE_DEFAULT);
    let on_save = {
        let (current, announcement) = (current.clone(), announcement.clone());
        Callback::from(move |_: MouseEvent| {
            let name = format!("{}.org-snapshot.json", file_name_stem(&current.0.head.name));
            let announcement = announcement.clone();
            spawn_local(async move {
                let saved =
                    match analysis::request(Request::OrgSave, Needs::PackageAndOrg, None).await {
                        Ok(reply) => download::save(&name, "application/json", &reply.bytes_vec()),
                        Err(stop) => Err(stop.message()),
                    };
                match saved {
                    Ok(()) => announcement.set(format!("Saved the organization as {name}.")),
                    Err(why) => {
                        announcement.set(format!("The organization could not be saved: {why}."))
                    }
                }
            });
        })
    };
    let on_load = {
        let (load, problem) = (load.clone(), problem.clone());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let (load, problem) = (load.clone(), problem.clone());
            spawn_local(async move {
                let name = file.name();
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => load.emit((
                        Uint8Array::new(&buffer),
                        Rc::new(move |next: &Snapshot| {
                            format!("Loaded the organization {} from {name}.", next.name)
                        }),
                    )),
                    Err(_) => problem.set(Some(format!("{name} could not be read."))),
                }
            });
        })
    };
    let on_limit = {
        let change = change.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(megabytes) = input
                .value()
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|value| value.is_finite() && *value > 0.0)
            else {
                return;
            };
            let upload_bytes = (megabytes * MB as f64).round() as u64;
            change(
                Request::OrgLimit { upload_bytes },
                "Changing the upload limit".into(),
            );
        })
    };

    // ---- Import options ----
    let on_mode = {
        let options = options.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let mut next = (*options).clone();
            next.mode = match select.value().as_str() {
                "upgrade" => Some(ImportMode::Upgrade),
                "stage" => Some(ImportMode::Stage),
                "update" => Some(ImportMode::Update),
                _ => None,
            };
            options.set(next);
        })
    };
    let toggle = |change: fn(&mut ImportOptions, bool)| {
        let options = options.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let mut next = (*options).clone();
            change(&mut next, input.checked());
            options.set(next);
        })
    };
    let on_overwrite = toggle(|options, on| options.overwrite_customizations = on);
    let on_convert = toggle(|options, on| options.convert_to_managed = on);
    let on_publish = toggle(|options, on| options.publish_workflows = on);

    // ---- Outcome ----
    let (verdict_html, outcome_html) = match outcome.as_ref() {
        None => (html! {}, html! {}),
        Some(outcome) => {
            let on_download_log = {
                let (outcome, announcement) = (outcome.clone(), announcement.clone());
                Callback::from(move |_: MouseEvent| {
                    let name = format!(
                        "{}_{}_import_log.xml",
                        file_name_stem(&outcome.solution.unique_name),
                        file_name_stem(&outcome.solution.version)
                    );
                    let announcement = announcement.clone();
                    spawn_local(async move {
                        let log = Request::Log {
                            now: js_sys::Date::now() as i64,
                        };
                        let saved = save_report(log, &name, "application/vnd.ms-excel").await;
                        announcement.set(match saved {
                            Ok(()) => format!("Saved the import log workbook as {name}."),
                            Err(why) => format!("The log could not be saved: {why}."),
                        });
                    });
                })
            };
            let on_download_json = {
                let (outcome, announcement) = (outcome.clone(), announcement.clone());
                Callback::from(move |_: MouseEvent| {
                    let name = format!(
                        "{}_{}_simulation.json",
                        file_name_stem(&outcome.solution.unique_name),
                        file_name_stem(&outcome.solution.version)
                    );
                    let announcement = announcement.clone();
                    spawn_local(async move {
                        let saved =
                            save_report(Request::SimulationJson, &name, "application/json").await;
                        announcement.set(match saved {
                            Ok(()) => format!("Saved the simulation as {name}."),
                            Err(why) => format!("The simulation could not be saved: {why}."),
                        });
                    });
                })
            };
            let rows: Vec<(usize, &simulate::ComponentOutcome)> = outcome
                .components
                .iter()
                .enumerate()
                .filter(|(_, component)| {
                    action_filter.is_none_or(|action| component.action == action)
                })
                .collect();
            let pages = rows.len().div_ceil(PAGE_SIZE).max(1);
            let current_page = (*page).min(pages - 1);
            let on_filter = {
                let (action_filter, page) = (action_filter.clone(), page.clone());
                Callback::from(move |event: Event| {
                    let select: HtmlSelectElement = event.target_unchecked_into();
                    let value = select.value();
                    action_filter.set(Action::ALL.into_iter().find(|action| action.key() == value));
                    page.set(0);
                })
            };
            let go_to = |target: usize| {
                let page = page.clone();
                Callback::from(move |_: MouseEvent| page.set(target))
            };
            let chosen = selected.and_then(|index| outcome.components.get(index));
            let component_errors = outcome
                .errors
                .iter()
                .filter(|error| error.component.is_some())
                .count();
            let verdict_html = html! {
                    <section class={classes!("verdict", if outcome.success { "success" } else { "failure" })}
                        aria-labelledby="verdict-heading" data-testid="verdict">
                        <h3 id="verdict-heading">{ if outcome.success { "The import would succeed" } else { "The import would fail" } }</h3>
                        if let Some(error) = outcome.error() {
                            <p class="verdict-code" data-testid="verdict-code">{ format!("{} {}", error.code, error.name) }</p>
                        }
                        <p data-testid="verdict-text">{ outcome.verdict.clone() }</p>
                        if outcome.suggest_online && org.deployment == Deployment::OnPremises {
                            <p>
                                <button type="button" class="button" data-testid="switch-online" onclick={on_reset_online.clone()}>
                                    { "Switch to the online 9.2 organization" }
                                </button>
                            </p>
                        }
                        <div class="verdict-actions">
                            <button type="button" class="button" data-testid="install" disabled={!outcome.success} onclick={on_install}>
                                { format!("Install {} into this organization", outcome.solution.unique_name) }
                            </button>
                            <button type="button" class="button secondary" data-testid="download-log" onclick={on_download_log}>{ "Download log (Excel XML)" }</button>
                            <button type="button" class="button secondary" data-testid="download-json" onclick={on_download_json}>{ "Download JSON" }</button>
                        </div>
                    </section>
            };
            let details_html = html! {
                <>
                    if outcome.errors.len() > 1 || !outcome.warnings.is_empty() {
                        <section aria-labelledby="problems-heading">
                            <h3 id="problems-heading">{ format!("Errors ({}) and warnings ({})", outcome.errors.len(), outcome.warnings.len()) }</h3>
                            <ul class="findings" data-testid="simulate-problems">
                                { for outcome.errors.iter().filter(|error| error.component.is_none()).map(|error| html! {
                                    <li class="finding error">
                                        <div class="finding-head"><span class="severity error">{ "error" }</span>
                                            <span class="finding-code">{ error.code.clone() }</span><span class="finding-category">{ error.name.clone() }</span>
                                            if let Some(component) = &error.component { <span class="path">{ component.clone() }</span> }</div>
                                        <p class="finding-message">{ error.message.clone() }</p>
                                        if !error.details.is_empty() {
                                            <ul>{ for error.details.iter().map(|detail| html! { <li>{ detail.clone() }</li> }) }</ul>
                                        }
                                    </li>
                                }) }
                                if component_errors > 0 {
                                    <li class="finding error">
                                        <p class="finding-message">{ format!("{component_errors} component(s) fail; the table below lists each with its code (filter by the action \"failed\").") }</p>
                                    </li>
                                }
                                { for outcome.warnings.iter().map(|warning| html! {
                                    <li class="finding warning">
                                        <div class="finding-head"><span class="severity warning">{ "warning" }</span>
                                            if let Some(code) = &warning.code { <span class="finding-code">{ code.clone() }</span> }</div>
                                        <p class="finding-message">{ warning.message.clone() }</p>
                                    </li>
                                }) }
                            </ul>
                        </section>
                    }
                    <section aria-labelledby="components-outcome-heading">
                        <h3 id="components-outcome-heading">{ format!("Components ({}; operation: {})", outcome.components.len(), outcome.operation.key()) }</h3>
                        <div class="browser-controls">
                            <div class="control">
                                <label for="action-filter">{ "Action" }</label>
                                <select id="action-filter" data-testid="action-filter" onchange={on_filter}>
                                    <option value="" selected={action_filter.is_none()}>{ format!("All actions ({})", outcome.components.len()) }</option>
                                    { for Action::ALL.iter().filter(|action| outcome.count(**action) > 0).map(|action| html! {
                                        <option value={action.key()} selected={*action_filter == Some(*action)}>
                                            { format!("{} ({})", action.key(), outcome.count(*action)) }
                                        </option>
                                    }) }
                                </select>
                            </div>
                        </div>
                        <div class="table-scroll" tabindex="0" role="region" aria-label="Components by action">
                            <table class="data" data-testid="outcome-components">
                                <thead><tr><th scope="col">{ "Kind" }</th><th scope="col">{ "Name" }</th><th scope="col">{ "Action" }</th>
                                    <th scope="col">{ "Why" }</th><th scope="col">{ "Layers" }</th></tr></thead>
                                <tbody>
                                    { for rows.iter().skip(current_page * PAGE_SIZE).take(rendered_rows).map(|(index, component)| {
                                        let index = *index;
                                        let is_selected = *selected == Some(index);
                                        let onclick = { let selected = selected.clone(); Callback::from(move |_: MouseEvent| selected.set(Some(index))) };
                                        let name = match &component.parent { Some(parent) => format!("{parent}/{}", component.name), None => component.name.clone() };
                                        let why = match (&component.error, &component.note) {
                                            (Some(error), _) => format!("{} {}", error.code, error.message),
                                            (None, Some(note)) => note.clone(),
                                            (None, None) => String::new(),
                                        };
                                        html! {
                                            <tr data-action={component.action.key()} data-key={component.key.clone()}>
                                                <td>{ component.kind.label() }</td>
                                                <td class="path">{ name.clone() }</td>
                                                <td><span class={classes!("action", component.action.key())}>{ component.action.key() }</span></td>
                                                <td>{ why }</td>
                                                <td><button type="button" class="link-button" aria-pressed={if is_selected { "true" } else { "false" }}
                                                    aria-label={format!("Show the layers of {name}")} {onclick}>{ "Layers" }</button></td>
                                            </tr>
                                        }
                                    }) }
                                </tbody>
                            </table>
                        </div>
                        if pages > 1 {
                            <nav class="pager" aria-label="Pages of components">
                                <button type="button" class="button secondary" disabled={current_page == 0} onclick={go_to(current_page.saturating_sub(1))}>{ "Previous" }</button>
                                <span>{ format!("Page {} of {}", current_page + 1, pages) }</span>
                                <button type="button" class="button secondary" disabled={current_page + 1 >= pages} onclick={go_to(current_page + 1)}>{ "Next" }</button>
                            </nav>
                        }
                    </section>
                    if let Some(component) = chosen {
                        <section aria-labelledby="layers-heading" data-testid="layers">
                            <h3 id="layers-heading">{ format!("Layers of {} {}", component.kind.label().to_lowercase(), component.name) }</h3>
                            // A failing component changes nothing: its layers stay as they were.
                            if component.action == Action::Failed && component.layers_after.is_empty() {
                                <LayerStack before={component.layers_before.clone()} after={component.layers_before.clone()}
                                    package_layer={outcome.layer.clone()} after_title="After (fails: unchanged)" />
                            } else {
                                <LayerStack before={component.layers_before.clone()} after={component.layers_after.clone()}
                                    package_layer={outcome.layer.clone()} />
                            }
                        </section>
                    }
                </>
            };
            (verdict_html, details_html)
        }
    };

    let installed: Vec<_> = {
        let mut solutions: Vec<_> = org.solutions.iter().collect();
        solutions.sort_by_key(|solution| solution.install_order);
        solutions
    };
    let mode_value = match options.mode {
        None => "",
        Some(ImportMode::Upgrade) => "upgrade",
        Some(ImportMode::Stage) => "stage",
        Some(ImportMode::Update) => "update",
    };

    html! {
        <div class="simulate-view">
            <h2>{ "Simulate import" }</h2>
            <p class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="simulate-announcement">{ (*announcement).clone() }</p>
            if let Some(why) = &*problem {
                <p class="error" role="alert" data-testid="simulate-problem">{ why.clone() }</p>
            }
            { verdict_html }
            <section class="convert-box" aria-labelledby="org-heading" data-testid="org-panel">
                <h3 id="org-heading">{ "Organization" }</h3>
                <dl class="fields">
                    <div class="field"><dt>{ "Name" }</dt><dd data-testid="org-name">{ org.name.clone() }</dd></div>
                    <div class="field"><dt>{ "Deployment and version" }</dt><dd>{ format!("{}, {}", deployment_label(org.deployment), org.version) }</dd></div>
                    <div class="field"><dt>{ "Components" }</dt><dd>{ format::count(current.0.components) }</dd></div>
                </dl>
                <div class="control narrow">
                    <label for="org-upload">{ "Upload limit (MB)" }</label>
                    <input id="org-upload" type="number" min="0.001" step="any" data-testid="org-upload-mb"
                        value={format!("{}", (org.limits.upload_bytes as f64 / MB as f64 * 1000.0).round() / 1000.0)} oninput={on_limit} />
                </div>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Installed solutions">
                    <table class="data" data-testid="installed-solutions">
                        <caption>{ format!("Installed solutions ({})", installed.len()) }</caption>
                        <thead><tr><th scope="col">{ "Solution" }</th><th scope="col">{ "Version" }</th><th scope="col">{ "Type" }</th>
                            <th scope="col">{ "Publisher" }</th><th scope="col">{ "Order" }</th><th scope="col"><span class="visually-hidden">{ "Actions" }</span></th></tr></thead>
                        <tbody>
                            { for installed.iter().map(|solution| {
                                let mut kind = if solution.managed { "managed".to_owned() } else { "unmanaged".to_owned() };
                                if let Some(target) = &solution.holding_for { kind.push_str(&format!(", holding upgrade of {target}")); }
                                if let Some(parent) = &solution.patch_of { kind.push_str(&format!(", patch of {parent}")); }
                                html! {
                                    <tr data-solution={solution.unique_name.clone()}>
                                        <th scope="row">{ solution.unique_name.clone() }</th>
                                        <td>{ solution.version.clone() }</td>
                                        <td>{ kind }</td>
                                        <td>{ solution.publisher.clone() }</td>
                                        <td class="number">{ solution.install_order }</td>
                                        <td>if !solution.built_in {
                                            <button type="button" class="button secondary small" onclick={uninstall(solution.unique_name.clone())}
                                                aria-label={format!("Uninstall {}", solution.unique_name)}>{ "Uninstall" }</button>
                                        }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                <div class="mp-actions">
                    <button type="button" class="button secondary" data-testid="reset-onprem" onclick={on_reset_onprem}>{ "Reset to on-premises 9.1" }</button>
                    <button type="button" class="button secondary" data-testid="reset-online" onclick={on_reset_online}>{ "Reset to online 9.2" }</button>
                    <button type="button" class="button secondary" data-testid="save-org" onclick={on_save}>{ "Save organization (JSON)" }</button>
                    <input type="file" id="org-input" class="visually-hidden" accept=".json,application/json" data-testid="org-input" onchange={on_load} />
                    <label for="org-input" class="button secondary">{ "Load organization (JSON)…" }</label>
                </div>
            </section>

            <fieldset class="profile-form" data-testid="import-options">
                <legend>{ format!("Import options for {unique_name}") }</legend>
                <div class="control">
                    <label for="import-mode">{ "Managed package over an installed one" }</label>
                    <select id="import-mode" data-testid="import-mode" onchange={on_mode}>
                        <option value="" selected={mode_value.is_empty()}>{ "The platform's default (upgrade)" }</option>
                        <option value="upgrade" selected={mode_value == "upgrade"}>{ "Upgrade" }</option>
                        <option value="stage" selected={mode_value == "stage"}>{ "Stage for upgrade" }</option>
                        <option value="update" selected={mode_value == "update"}>{ "Update" }</option>
                    </select>
                </div>
                <div class="checks">
                    <label><input type="checkbox" checked={options.overwrite_customizations} onchange={on_overwrite} data-testid="overwrite" />
                        { " Overwrite unmanaged customizations (otherwise they are maintained)" }</label>
                    <label><input type="checkbox" checked={options.convert_to_managed} onchange={on_convert} data-testid="convert-to-managed" />
                        { " Convert local (unmanaged) components to managed" }</label>
                    <label><input type="checkbox" checked={options.publish_workflows} onchange={on_publish} />
                        { " Activate processes and plug-in steps" }</label>
                </div>
            </fieldset>

            { outcome_html }
        </div>
    }
}
