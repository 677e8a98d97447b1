//! The managed-properties editor: the policy's bulk choices (allow all, lock everything,
//! back to the package's values, lock a kind or a table), saving and loading the choices,
//! the conversion (`convert_box.rs`), and the components with their properties, searched,
//! grouped and paged (`managed_editor_model.rs` makes the rows, `managed_component.rs` draws one).

use std::rc::Rc;

use solution_inspector::convert::ManagedPropertyPolicy;
use solution_inspector::page_state::Checking;
use solution_inspector::validate::Profile;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::convert_box::ConvertBox;
use crate::download;
use crate::form_input::picked_file;
use crate::format;
use crate::group_by_select::{GroupBy, GroupBySelect};
use crate::managed_component::{page_rows, says, Announce};
use crate::managed_editor_model::{build_editor, Editor, PAGE_SIZE};
use crate::more::ProgressiveRows;

/// A page's rows (its components and their group headings) rendered this many per task of
/// the page (see `ProgressiveRows`).
const ROWS_PER_TASK: usize = 4;

/// The editor's view of the page: the package with its components, and the page's profile,
/// findings and policy (from the page's context).
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub opened: Opened,
    pub profile: Profile,
    /// The findings of this package under this profile, once the engine has them.
    pub checking: Checking,
    pub policy: ManagedPropertyPolicy,
    pub on_policy: Callback<ManagedPropertyPolicy>,
}

fn policy_file_name(unique_name: &str) -> String {
    let name = solution_inspector::names::file_name_stem(unique_name);
    format!("{name}_managed-properties.json")
}

/// The editor over a package whose components are in.
#[component]
pub fn ManagedPropertiesEditor(props: &EditorProps) -> Html {
    let group_by = use_state(|| GroupBy::Kind);
    let query = use_state(String::new);
    let page = use_state(|| 0_usize);
    let announcement = use_state(String::new);
    let load_error = use_state(|| None::<String>);

    // Made in pieces, one per task of the page (tens of thousands of components in a large
    // package); the previous editor stays on screen until the next is ready.
    let editor = use_state(|| None::<Rc<Editor>>);
    {
        let editor = editor.clone();
        let generation = use_mut_ref(|| 0_u32);
        use_effect_with(
            (
                props.opened.clone(),
                props.policy.clone(),
                *group_by,
                (*query).clone(),
            ),
            move |(opened, policy, group_by, query)| {
                let this_run = generation.borrow().wrapping_add(1);
                *generation.borrow_mut() = this_run;
                let (opened, policy, group_by, query) =
                    (opened.clone(), policy.clone(), *group_by, query.clone());
                spawn_local(async move {
                    let still_wanted = || *generation.borrow() == this_run;
                    if let Some(next) =
                        build_editor(&opened, &policy, group_by, &query, still_wanted).await
                    {
                        editor.set(Some(Rc::new(next)));
                    }
                });
            },
        );
    }
    let Some(current_editor) = (*editor).clone() else {
        return html! {
            <div class="managed-view">
                <h2>{ "Managed properties & convert" }</h2>
                <p class="status busy" data-testid="editor-loading">{ "Listing the managed properties…" }</p>
            </div>
        };
    };
    let editable = &current_editor.editable;

    let inspection = &props.opened.inspection;
    let unique_name = inspection.manifest.unique_name.clone();
    let shown: &[(usize, usize)] = &current_editor.shown;
    let pages = shown.len().div_ceil(PAGE_SIZE).max(1);
    let current_page = (*page).min(pages - 1);
    let changing = current_editor.changing;

    let apply = {
        let (policy, on_policy, announcement) = (
            props.policy.clone(),
            props.on_policy.clone(),
            announcement.clone(),
        );
        move |change: Rc<dyn Fn(&mut ManagedPropertyPolicy)>, message: Announce| {
            let (policy, on_policy, announcement) =
                (policy.clone(), on_policy.clone(), announcement.clone());
            Callback::from(move |_: MouseEvent| {
                // Said of the policy before the change: what it changes, and what it cannot.
                announcement.set(message(&policy));
                let mut next = policy.clone();
                change(&mut next);
                on_policy.emit(next);
            })
        }
    };
    let on_allow_all = apply(
        Rc::new(ManagedPropertyPolicy::allow_all),
        says("Every property the maker portal offers is allowed."),
    );
    let on_lock_everything = apply(
        Rc::new(ManagedPropertyPolicy::lock_everything),
        says("Every component is locked: Allow customizations is off."),
    );
    let on_package_values = apply(
        Rc::new(|policy: &mut ManagedPropertyPolicy| *policy = ManagedPropertyPolicy::new()),
        says("Every property is back to the package's own value."),
    );

    let on_save = {
        let (policy, unique_name, announcement) = (
            props.policy.clone(),
            unique_name.clone(),
            announcement.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let file_name = policy_file_name(&unique_name);
            let json = policy.to_json();
            match download::save(&file_name, "application/json", json.as_bytes()) {
                Ok(()) => announcement.set(format!(
                    "Saved the managed-properties choices as {file_name}."
                )),
                Err(why) => announcement.set(format!("The choices could not be saved: {why}.")),
            }
        })
    };
    let on_load = {
        let (on_policy, announcement, load_error) = (
            props.on_policy.clone(),
            announcement.clone(),
            load_error.clone(),
        );
        Callback::from(move |event: Event| {
            let Some(file) = picked_file(&event) else {
                return;
            };
            let (on_policy, announcement, load_error) =
                (on_policy.clone(), announcement.clone(), load_error.clone());
            spawn_local(async move {
                let name = file.name();
                let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => text.as_string().unwrap_or_default(),
                    Err(_) => {
                        load_error.set(Some(format!("{name} could not be read.")));
                        return;
                    }
                };
                match ManagedPropertyPolicy::from_json(&text) {
                    Ok(policy) => {
                        on_policy.emit(policy);
                        load_error.set(None);
                        announcement.set(format!(
                            "Loaded the managed-properties choices from {name}."
                        ));
                    }
                    Err(err) => load_error.set(Some(format!("{name}: {err}"))),
                }
            });
        })
    };
    let on_group = {
        let (group_by, page) = (group_by.clone(), page.clone());
        Callback::from(move |next: GroupBy| {
            group_by.set(next);
            page.set(0);
        })
    };
    let on_query = {
        let (query, page) = (query.clone(), page.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            query.set(input.value());
            page.set(0);
        })
    };
    let go_to = |target: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(target))
    };

    // The rows of this page, with a group heading wherever the group changes.
    let body = page_rows(
        &current_editor,
        current_page,
        &props.opened,
        &props.policy,
        &props.on_policy,
        &apply,
    );

    html! {
        <div class="managed-view">
            <h2>{ "Managed properties & convert" }</h2>
            <p class="hint" aria-live="polite" aria-atomic="true" data-testid="convert-announcement">
                { (*announcement).clone() }
            </p>

            <ConvertBox opened={props.opened.clone()} policy={props.policy.clone()} profile={props.profile.clone()}
                checking={props.checking.clone()} {changing} on_announce={announcement.setter().to_callback()} />

            <section aria-labelledby="editor-heading">
                <h3 id="editor-heading">{ "What the receiving organization may change" }</h3>
                <p>{ format!("{} components have managed properties. Allow customizations off locks a component: it overrides the other properties.",
                    format::count(editable.len())) }</p>
                <div class="mp-actions">
                    <button type="button" class="button secondary" data-testid="allow-all" onclick={on_allow_all}>{ "Allow all" }</button>
                    <button type="button" class="button secondary" data-testid="lock-everything" onclick={on_lock_everything}>{ "Lock everything" }</button>
                    <button type="button" class="button secondary" data-testid="package-values" onclick={on_package_values}>{ "Back to the package's values" }</button>
                    <button type="button" class="button secondary" data-testid="save-policy" onclick={on_save}>{ "Save choices (JSON)" }</button>
                    <input type="file" id="policy-input" class="visually-hidden" accept=".json,application/json"
                        data-testid="policy-input" onchange={on_load} />
                    <label for="policy-input" class="button secondary">{ "Load choices (JSON)…" }</label>
                </div>
                if let Some(problem) = &*load_error {
                    <p class="error" role="alert" data-testid="policy-error">{ problem.clone() }</p>
                }
                <div class="browser-controls" role="search" aria-label="Find components with managed properties">
                    <div class="control">
                        <label for="mp-search">{ "Search by name" }</label>
                        <input id="mp-search" type="search" data-testid="mp-search" autocomplete="off" spellcheck="false"
                            value={(*query).clone()} oninput={on_query} />
                    </div>
                    <GroupBySelect id="mp-group" value={*group_by} on_change={on_group} />
                    <p class="match-count">{ format!("{} of {} components", format::count(shown.len()), format::count(editable.len())) }</p>
                </div>
                if editable.is_empty() {
                    <p class="empty">{ "No component of this package has managed properties to choose." }</p>
                } else {
                    <div class="mp-list long-list" data-testid="mp-list" tabindex="0" role="region" aria-label="Components and their managed properties">
                        <ProgressiveRows rows={body} step={ROWS_PER_TASK} content={current_page} />
                    </div>
                    if pages > 1 {
                        <nav class="pager" aria-label="Pages of components">
                            <button type="button" class="button secondary" disabled={current_page == 0}
                                onclick={go_to(current_page.saturating_sub(1))}>{ "Previous" }</button>
                            <span>{ format!("Page {} of {}", current_page + 1, pages) }</span>
                            <button type="button" class="button secondary" disabled={current_page + 1 >= pages}
                                onclick={go_to(current_page + 1)}>{ "Next" }</button>
                        </nav>
                    }
                }
            </section>
        </div>
    }
}
