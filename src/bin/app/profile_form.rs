//! The target organization a package is checked against: a profile and its limits,
//! every one editable. Changes apply as they are typed.

use solution_inspector::validate::profile::KB;
use solution_inspector::validate::{Profile, ProfileKind, MB};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::form_input::typed_number;

#[derive(Properties, PartialEq)]
pub struct ProfileFormProps {
    pub profile: Profile,
    pub on_change: Callback<Profile>,
}

/// `6`, `29.297`, `0.5`: megabytes as a person types them.
fn megabytes(bytes: u64) -> String {
    let text = format!("{:.3}", bytes as f64 / MB as f64);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A profile's option in the select, short enough to be read whole in it on a phone
/// ("Online 9.2, 95 MB upload limit"); the legend says it is the target organization.
fn option_label(kind: ProfileKind, defaults: &Profile) -> String {
    let (version, limit) = (
        &defaults.target.version,
        megabytes(defaults.max_upload_bytes()),
    );
    match kind {
        ProfileKind::OnPremises => format!("On-premises {version}, {limit} MB upload limit"),
        ProfileKind::Online => format!("Online {version}, {limit} MB upload limit"),
        ProfileKind::OnlineLegacy => format!("Online {version}, legacy {limit} MB limit"),
    }
}

#[component]
pub fn ProfileForm(props: &ProfileFormProps) -> Html {
    let profile = &props.profile;
    let update = |change: fn(Profile, f64) -> Profile| {
        let (profile, on_change) = (props.profile.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            if let Some(value) = typed_number(&event) {
                on_change.emit(change(profile.clone(), value));
            }
        })
    };
    let on_kind = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(profile) = Profile::from_key(&select.value()) {
                on_change.emit(profile);
            }
        })
    };
    let on_upload_mb =
        update(|profile, value| profile.with_max_upload_bytes((value * MB as f64).round() as u64));
    let on_request_kb =
        update(|profile, value| profile.with_max_request_length_kb(value.round() as u64));
    let on_web_resource_mb = update(|profile, value| {
        profile.with_max_web_resource_bytes((value * MB as f64).round() as u64)
    });
    let on_version = {
        let (profile, on_change) = (props.profile.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let version = input.value();
            if !version.trim().is_empty() {
                on_change.emit(profile.clone().with_target_version(&version));
            }
        })
    };
    let on_reset = {
        let (kind, on_change) = (profile.kind, props.on_change.clone());
        Callback::from(move |_: MouseEvent| on_change.emit(Profile::new(kind)))
    };

    html! {
        <fieldset class="profile-form" data-testid="profile-form">
            <legend>{ "Target organization" }</legend>
            <div class="control wide">
                <label for="profile-kind">{ "Profile" }</label>
                <select id="profile-kind" data-testid="profile-kind" onchange={on_kind}>
                    { for ProfileKind::ALL.iter().map(|kind| {
                        let defaults = Profile::new(*kind);
                        html! {
                            <option value={kind.key()} selected={profile.kind == *kind}>
                                { option_label(*kind, &defaults) }
                            </option>
                        }
                    }) }
                </select>
            </div>
            <div class="control narrow">
                <label for="profile-upload">{ "Upload limit (MB)" }</label>
                <input id="profile-upload" data-testid="profile-upload-mb" type="number" min="0.001" step="any"
                    inputmode="decimal" value={megabytes(profile.max_upload_bytes())} oninput={on_upload_mb} />
            </div>
            if profile.target.is_on_premises() {
                <div class="control narrow">
                    <label for="profile-request-length">{ "maxRequestLength (KB)" }</label>
                    <input id="profile-request-length" data-testid="profile-request-kb" type="number" min="1" step="1"
                        inputmode="numeric" aria-describedby="profile-request-hint"
                        value={(profile.max_upload_bytes() / KB).to_string()} oninput={on_request_kb} />
                    <span id="profile-request-hint" class="hint">{ "web.config <httpRuntime>, as an administrator raised it" }</span>
                </div>
            }
            <div class="control narrow">
                <label for="profile-web-resource">{ "Web resource limit (MB)" }</label>
                <input id="profile-web-resource" data-testid="profile-web-resource-mb" type="number" min="0.001" step="any"
                    inputmode="decimal" value={megabytes(profile.max_web_resource_bytes())} oninput={on_web_resource_mb} />
            </div>
            <div class="control narrow">
                <label for="profile-version">{ "Target version" }</label>
                <input id="profile-version" data-testid="profile-version" type="text" spellcheck="false"
                    autocomplete="off" value={profile.target.version.clone()} oninput={on_version} />
            </div>
            <div class="control-button">
                <button type="button" class="button secondary" onclick={on_reset}>{ "Reset the limits" }</button>
            </div>
        </fieldset>
    }
}

/// localStorage key of the target profile, so the page keeps it across visits.
const PROFILE_KEY: &str = "solution-inspector/target-profile";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The profile chosen on an earlier visit, else the default (online).
pub fn stored_profile() -> Profile {
    storage()
        .and_then(|storage| storage.get_item(PROFILE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Keeps the profile for the next visit; a browser that refuses only loses that convenience.
pub fn keep_profile(profile: &Profile) {
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(profile)) {
        let _ = storage.set_item(PROFILE_KEY, &json);
    }
}
