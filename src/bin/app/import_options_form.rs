//! The simulate view's import options: how a managed package goes over an installed one,
//! and the options of the platform's import dialog; each change simulates again.

use solution_inspector::page_state::simulation::{ImportToggle, SimulationAction};
use solution_inspector::simulate::ImportMode;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::simulate_context::use_simulation;

#[derive(Properties, PartialEq)]
pub struct ImportOptionsFormProps {
    /// The package's solution, named in the legend.
    pub unique_name: String,
}

#[component]
pub fn ImportOptionsForm(props: &ImportOptionsFormProps) -> Html {
    let simulation = use_simulation();
    let dispatch = simulation.state.dispatcher();
    let options = &simulation.state.0.options;
    let unique_name = &props.unique_name;
    let on_mode = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            dispatch.dispatch(SimulationAction::ModeChosen(
                match select.value().as_str() {
                    "upgrade" => Some(ImportMode::Upgrade),
                    "stage" => Some(ImportMode::Stage),
                    "update" => Some(ImportMode::Update),
                    _ => None,
                },
            ));
        })
    };
    let toggle = |toggle: ImportToggle| {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(SimulationAction::Toggled(toggle, input.checked()));
        })
    };
    let on_overwrite = toggle(ImportToggle::OverwriteCustomizations);
    let on_convert = toggle(ImportToggle::ConvertToManaged);
    let on_publish = toggle(ImportToggle::PublishWorkflows);
    let mode_value = match options.mode {
        None => "",
        Some(ImportMode::Upgrade) => "upgrade",
        Some(ImportMode::Stage) => "stage",
        Some(ImportMode::Update) => "update",
    };

    html! {
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
    }
}
