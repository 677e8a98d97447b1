//! The simulate view's organization: the snapshot the engine holds (name, deployment and
//! version, its components' number, the upload limit, the installed solutions with Uninstall),
//! and resetting it to a default, saving it as a file or loading one.

use std::rc::Rc;

use js_sys::Uint8Array;
use solution_inspector::names::file_name_stem;
use solution_inspector::org::{Deployment, Snapshot};
use solution_inspector::page_state::simulation::SimulationAction;
use solution_inspector::page_state::target::DefaultOrganization;
use solution_inspector::protocol::Request;
use solution_inspector::validate::MB;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::analysis::{self, Needs};
use crate::download;
use crate::form_input::{picked_file, typed_number};
use crate::format;
use crate::kept_organizations::KeptOrganizations;
use crate::org_store::SharedSnapshot;
use crate::page::use_page;
use crate::simulate_context::{use_simulation, Chooser};

fn deployment_label(deployment: Deployment) -> &'static str {
    match deployment {
        Deployment::OnPremises => "on-premises",
        Deployment::Online => "online",
    }
}

#[derive(Properties, PartialEq)]
pub struct OrgPanelProps {
    pub snapshot: SharedSnapshot,
}

#[component]
pub fn OrgPanel(props: &OrgPanelProps) -> Html {
    let simulation = use_simulation();
    let page = use_page();
    let dispatch = simulation.state.dispatcher();
    let current = &props.snapshot;
    let org = &current.0.head;
    let change = simulation.change.clone();
    let uninstall = |name: String| {
        let change = change.clone();
        Callback::from(move |_: MouseEvent| {
            change.emit((
                Request::OrgUninstall { name: name.clone() },
                format!("Uninstalling {name}"),
            ))
        })
    };
    let on_reset_onprem = simulation
        .load_default
        .reform(|_: MouseEvent| DefaultOrganization::OnPremises);
    let on_reset_online = simulation
        .load_default
        .reform(|_: MouseEvent| DefaultOrganization::Online);
    let on_reset_online_apps = simulation
        .load_default
        .reform(|_: MouseEvent| DefaultOrganization::OnlineWithApps);
    let on_save = {
        let (name, dispatch) = (
            format!("{}.org-snapshot.json", file_name_stem(&org.name)),
            dispatch.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (name, dispatch) = (name.clone(), dispatch.clone());
            spawn_local(async move {
                let saved =
                    match analysis::request(Request::OrgSave, Needs::PackageAndOrg, None).await {
                        Ok(reply) => download::save(&name, "application/json", &reply.bytes_vec()),
                        Err(stop) => Err(stop.message()),
                    };
                dispatch.dispatch(SimulationAction::Announce(match saved {
                    Ok(()) => format!("Saved the organization as {name}."),
                    Err(why) => format!("The organization could not be saved: {why}."),
                }));
            });
        })
    };
    let on_load = {
        let (load, dispatch) = (simulation.load.clone(), dispatch.clone());
        Callback::from(move |event: Event| {
            let Some(file) = picked_file(&event) else {
                return;
            };
            let (load, dispatch) = (load.clone(), dispatch.clone());
            spawn_local(async move {
                let name = file.name();
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => load.emit((
                        Uint8Array::new(&buffer),
                        Rc::new(move |next: &Snapshot| {
                            format!("Loaded the organization {} from {name}.", next.name)
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
    // The limit is the page's target's: Findings use it too, and the snapshot follows.
    let on_limit = {
        let page = page.clone();
        Callback::from(move |event: InputEvent| {
            let Some(megabytes) = typed_number(&event) else {
                return;
            };
            let upload_bytes = (megabytes * MB as f64).round() as u64;
            page.set_profile(page.profile.clone().with_max_upload_bytes(upload_bytes));
        })
    };
    let installed: Vec<_> = {
        let mut solutions: Vec<_> = org.solutions.iter().collect();
        solutions.sort_by_key(|solution| solution.install_order);
        solutions
    };

    html! {
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
            <button type="button" class="button secondary" data-testid="reset-online-apps" onclick={on_reset_online_apps}>{ "Reset to online 9.2 with Dynamics 365 apps" }</button>
            <button type="button" class="button secondary" data-testid="save-org" onclick={on_save}>{ "Save organization (JSON)" }</button>
            <input type="file" id="org-input" class="visually-hidden" accept=".json,application/json" data-testid="org-input" onchange={on_load} />
            <label for="org-input" class="button secondary">{ "Load organization (JSON)…" }</label>
        </div>
        <KeptOrganizations in_use={org.name.clone()} />
    </section>
    }
}
