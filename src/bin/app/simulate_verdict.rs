//! The simulate view's verdict: whether the import would succeed (the verdict card: the
//! operation, the reasons that decide it), the platform's code and its words in full
//! (folded), and what to do with it (install it into the snapshot, download the import log
//! or the JSON report, switch to the online organization when the package needs one).

use std::rc::Rc;

use solution_inspector::answers::Answers;
use solution_inspector::names::file_name_stem;
use solution_inspector::org::Deployment;
use solution_inspector::page_state::simulation::SimulationAction;
use solution_inspector::page_state::target::{
    describe_organization, describe_target, DefaultOrganization,
};
use solution_inspector::protocol::Request;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::analysis::{self, Needs};
use crate::download;
use crate::org_store::SharedSnapshot;
use crate::simulate_context::{use_simulation, SharedOutcome, Simulation};
use crate::verdict_card::VerdictCard;

/// A report of the last simulation, made by the engine, saved as a download.
async fn save_report(report: Request, name: &str, mime: &str) -> Result<(), String> {
    let reply = analysis::request(report, Needs::PackageAndOrg, None)
        .await
        .map_err(|stop| stop.message())?;
    download::save(name, mime, &reply.bytes_vec())
}

#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    pub outcome: SharedOutcome,
    /// The outcome's answers: the verdict card.
    pub answers: Rc<Answers>,
    pub snapshot: SharedSnapshot,
}

/// `name` saved from `report`, said in the live region as `saved` or `failed: why`.
fn download_button(
    simulation: UseReducerDispatcher<Simulation>,
    report: fn() -> Request,
    name: String,
    mime: &'static str,
    saved: &'static str,
    failed: &'static str,
) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        let (name, simulation) = (name.clone(), simulation.clone());
        spawn_local(async move {
            let result = save_report(report(), &name, mime).await;
            simulation.dispatch(SimulationAction::Announce(match result {
                Ok(()) => format!("{saved} {name}."),
                Err(why) => format!("{failed}: {why}."),
            }));
        });
    })
}

#[component]
pub fn Verdict(props: &VerdictProps) -> Html {
    let simulation = use_simulation();
    let outcome = &props.outcome.0;
    let org = &props.snapshot.0.head;
    let stem = format!(
        "{}_{}",
        file_name_stem(&outcome.solution.unique_name),
        file_name_stem(&outcome.solution.version)
    );
    let on_download_log = download_button(
        simulation.state.dispatcher(),
        || Request::Log {
            now: js_sys::Date::now() as i64,
        },
        format!("{stem}_import_log.xml"),
        "application/vnd.ms-excel",
        "Saved the import log workbook as",
        "The log could not be saved",
    );
    let on_download_json = download_button(
        simulation.state.dispatcher(),
        || Request::SimulationJson,
        format!("{stem}_simulation.json"),
        "application/json",
        "Saved the simulation as",
        "The simulation could not be saved",
    );
    let on_install = {
        let (change, options) = (
            simulation.change.clone(),
            simulation.state.0.options.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let options = options.clone();
            change.emit((Request::OrgInstall { options }, "Installing".into()));
        })
    };
    let on_reset_online = simulation
        .load_default
        .reform(|_: MouseEvent| DefaultOrganization::Online);
    html! {
        <section class={classes!("verdict", if outcome.success { "success" } else { "failure" })}
            aria-labelledby="verdict-heading" data-testid="verdict">
            <h3 id="verdict-heading">{ if outcome.success { "The import would succeed" } else { "The import would fail" } }</h3>
            <VerdictCard verdict={props.answers.verdict.clone()} target={describe_target(&org.target)}
                organization={describe_organization(org)} />
            if let Some(error) = outcome.error() {
                <p class="verdict-code" data-testid="verdict-code">{ format!("{} {}", error.code, error.name) }</p>
            }
            <details class="fold verdict-full">
                <summary>{ "The platform's message in full" }</summary>
                <div class="long-list" tabindex="0" role="region" aria-label="The platform's message in full">
                    <p data-testid="verdict-text">{ outcome.verdict.clone() }</p>
                </div>
            </details>
            if outcome.suggest_online && org.deployment == Deployment::OnPremises {
                <p>
                    <button type="button" class="button" data-testid="switch-online" onclick={on_reset_online}>
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
    }
}
