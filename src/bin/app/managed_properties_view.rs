//! Managed properties and conversion: the author chooses what the receiving organizations
//! may change (the core's `editable_properties` over a `ManagedPropertyPolicy`), saves or
//! loads those choices, and converts the unmanaged package into a managed one.

use std::collections::BTreeMap;
use std::rc::Rc;

use solution_inspector::convert::{
    self, ChoiceSource, ConversionReport, EditableComponent, ManagedPropertyPolicy,
};
use solution_inspector::validate::{property_label, Profile};
use solution_inspector::{ComponentKind, Inspection, Severity};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::analysis::{self, Needs, Opened, Stop, Work};
use crate::app::Checking;
use crate::download;
use crate::format;
use solution_inspector::protocol::{Answer, Request};

/// Components shown per page: a table has up to about fifteen properties.
const PAGE_SIZE: usize = 25;

#[derive(Clone, Copy, PartialEq, Eq)]
enum GroupBy {
    Kind,
    Table,
}

/// A group of the editor: a kind, or a table (`None`: components outside any table).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Kind(ComponentKind),
    Table(Option<String>),
}

impl Group {
    fn label(&self) -> String {
        match self {
            Group::Kind(kind) => kind.label().to_owned(),
            Group::Table(Some(table)) => format!("Table {table}"),
            Group::Table(None) => "Not part of a table".to_owned(),
        }
    }
}

#[derive(Clone, PartialEq)]
enum Conversion {
    Idle,
    Working,
    Done(Rc<ConversionReport>),
    Failed(String),
}

/// The editor's rows: every editable component under the policy, and the groups shown.
struct Editor {
    editable: Vec<EditableComponent>,
    /// Groups in order, each with the indices of its components in `editable`.
    groups: Vec<(Group, Vec<usize>)>,
    /// Every row shown, in order: (index in `editable`, index in `groups`).
    shown: Vec<(usize, usize)>,
    /// Properties whose chosen value differs from the package's.
    changing: usize,
}

/// Components per task of the page while the editor is made.
const EDITOR_CHUNK: usize = 2000;

/// The editor for `policy`, made a chunk of components per task; `None` once `still_wanted` says a newer one is on its way.
async fn build_editor(
    opened: &Opened,
    policy: &ManagedPropertyPolicy,
    group_by: GroupBy,
    query: &str,
    still_wanted: impl Fn() -> bool,
) -> Option<Editor> {
    let inspection = &opened.inspection;
    // A package of one chunk is done in the same task (no stale editor in between).
    let many = inspection.components.len() > EDITOR_CHUNK;
    let mut editable = Vec::new();
    for chunk in inspection.components.chunks(EDITOR_CHUNK) {
        // The core lists a whole inspection; a shell holding one chunk of components gives the same rows for them.
        let shell = Inspection {
            manifest: inspection.manifest.clone(),
            has_manifest: inspection.has_manifest,
            zip_size: inspection.zip_size,
            total_size: inspection.total_size,
            files: Vec::new(),
            components: chunk.to_vec(),
            unknown_sections: Vec::new(),
            languages: Vec::new(),
            option_values: Vec::new(),
            missing_files: Vec::new(),
            unreferenced_files: Vec::new(),
            solution_encoding: inspection.solution_encoding,
            customizations_encoding: inspection.customizations_encoding,
            diagnostics: Vec::new(),
        };
        editable.extend(convert::editable_properties(&shell, policy));
        if many {
            analysis::yield_if_due().await;
            if !still_wanted() {
                return None;
            }
        }
    }
    let needle = query.trim().to_lowercase();
    let mut grouped: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
    let mut changing = 0;
    for (chunk_number, chunk) in editable.chunks(EDITOR_CHUNK).enumerate() {
        for (offset, component) in chunk.iter().enumerate() {
            changing += component
                .properties
                .iter()
                .filter(|property| property.changes())
                .count();
            let matches = needle.is_empty()
                || component.key.to_lowercase().contains(&needle)
                || component
                    .display_name
                    .as_deref()
                    .is_some_and(|name| name.to_lowercase().contains(&needle));
            if !matches {
                continue;
            }
            let group = match group_by {
                GroupBy::Kind => Group::Kind(component.kind),
                GroupBy::Table => Group::Table(component.entity.clone()),
            };
            grouped
                .entry(group)
                .or_default()
                .push(chunk_number * EDITOR_CHUNK + offset);
        }
        if many {
            analysis::yield_if_due().await;
            if !still_wanted() {
                return None;
            }
        }
    }
    // A table leads its own group; components outside any table come last.
    let mut groups: Vec<(Group, Vec<usize>)> = grouped.into_iter().collect();
    for (_, members) in &mut groups {
        members.sort_by_key(|index| {
            editable
                .get(*index)
                .is_none_or(|component| component.kind != ComponentKind::Entity)
        });
    }
    groups.sort_by_key(|(group, _)| *group == Group::Table(None));
    let shown = groups
        .iter()
        .enumerate()
        .flat_map(|(group, (_, members))| members.iter().map(move |index| (*index, group)))
        .collect();
    Some(Editor {
        editable,
        groups,
        shown,
        changing,
    })
}

#[derive(Properties, PartialEq)]
pub struct ManagedPropertiesViewProps {
    pub opened: Opened,
    pub profile: Profile,
    /// The findings of this package under this profile, once the engine has them.
    pub checking: Checking,
    pub policy: ManagedPropertyPolicy,
    pub on_policy: Callback<ManagedPropertyPolicy>,
}

fn source_label(source: ChoiceSource) -> &'static str {
    match source {
        ChoiceSource::Package => "package",
        ChoiceSource::Everything => "everything",
        ChoiceSource::Kind => "kind",
        ChoiceSource::Entity => "table",
        ChoiceSource::Component => "this component",
    }
}

fn policy_file_name(unique_name: &str) -> String {
    let name = solution_inspector::names::file_name_stem(unique_name);
    format!("{name}_managed-properties.json")
}

#[component]
pub fn ManagedPropertiesView(props: &ManagedPropertiesViewProps) -> Html {
    let (components, retry) = analysis::use_with_components(&props.opened);
    match components {
        Some(Ok(opened)) => html! {
            <ManagedPropertiesEditor {opened} profile={props.profile.clone()} checking={props.checking.clone()}
                policy={props.policy.clone()} on_policy={props.on_policy.clone()} />
        },
        Some(Err(stop)) => html! {
            <div class="managed-view">
                <h2>{ "Managed properties & convert" }</h2>
                <p class="error" role="alert">{ format!("The components could not be listed: {}", stop.message()) }</p>
                <button type="button" onclick={retry.reform(|_: MouseEvent| ())}>{ "Try again" }</button>
            </div>
        },
        None => html! {
            <div class="managed-view">
                <h2>{ "Managed properties & convert" }</h2>
                <p class="status busy" data-testid="editor-loading">{ "Listing the managed properties…" }</p>
            </div>
        },
    }
}

/// The editor over a package whose components are in.
#[component]
fn ManagedPropertiesEditor(props: &ManagedPropertiesViewProps) -> Html {
    let group_by = use_state(|| GroupBy::Kind);
    let query = use_state(String::new);
    let page = use_state(|| 0_usize);
    let conversion = use_state(|| Conversion::Idle);
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
    let groups = &current_editor.groups;

    let inspection = &props.opened.inspection;
    let unique_name = inspection.manifest.unique_name.clone();
    let refusal = convert::check_convertible(inspection).err();
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
        move |change: Rc<dyn Fn(&mut ManagedPropertyPolicy)>, message: String| {
            let (policy, on_policy, announcement) =
                (policy.clone(), on_policy.clone(), announcement.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = policy.clone();
                change(&mut next);
                on_policy.emit(next);
                announcement.set(message.clone());
            })
        }
    };
    let on_allow_all = apply(
        Rc::new(ManagedPropertyPolicy::allow_all),
        "Every property the maker portal offers is allowed.".into(),
    );
    let on_lock_everything = apply(
        Rc::new(ManagedPropertyPolicy::lock_everything),
        "Every component is locked: Allow customizations is off.".into(),
    );
    let on_package_values = apply(
        Rc::new(|policy: &mut ManagedPropertyPolicy| *policy = ManagedPropertyPolicy::new()),
        "Every property is back to the package's own value.".into(),
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
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
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
    let on_convert = {
        let (policy, conversion, announcement) = (
            props.policy.clone(),
            conversion.clone(),
            announcement.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let before = (*conversion).clone();
            conversion.set(Conversion::Working);
            announcement.set("Converting the package…".into());
            let (policy, conversion, announcement) =
                (policy.clone(), conversion.clone(), announcement.clone());
            spawn_local(async move {
                let convert = Request::Convert {
                    policy: policy.clone(),
                };
                let reply =
                    analysis::request(convert, Needs::Package, Some(Work::Converting)).await;
                let converted = reply.and_then(|reply| match &reply.answer {
                    Answer::Converted(report) => {
                        Ok((report.clone().into_owned(), reply.bytes_vec()))
                    }
                    _ => Err(analysis::unexpected()),
                });
                match converted {
                    Err(Stop::Cancelled) => {
                        announcement.set("The conversion was cancelled.".into());
                        conversion.set(before);
                    }
                    Ok((report, bytes)) => {
                        let name = report.file_name.clone();
                        match download::save(&name, "application/zip", &bytes) {
                            Ok(()) => {
                                announcement.set(format!(
                                    "Converted: {name} ({}) is downloading.",
                                    format::bytes(bytes.len() as u64)
                                ));
                                conversion.set(Conversion::Done(Rc::new(report)));
                            }
                            Err(why) => {
                                announcement.set(format!(
                                    "The converted package could not be downloaded: {why}."
                                ));
                                conversion.set(Conversion::Failed(why));
                            }
                        }
                    }
                    Err(Stop::Failed(refusal)) => {
                        announcement.set(format!("Not converted: {}.", refusal.message));
                        conversion.set(Conversion::Failed(refusal.message));
                    }
                }
            });
        })
    };
    let on_group = {
        let (group_by, page) = (group_by.clone(), page.clone());
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            group_by.set(if select.value() == "table" {
                GroupBy::Table
            } else {
                GroupBy::Kind
            });
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

    let errors: Vec<_> = match &props.checking {
        Checking::Done(checked) => checked
            .0
            .findings
            .iter()
            .map(|(finding, _)| finding)
            .filter(|finding| finding.severity == Severity::Error)
            .cloned()
            .collect(),
        _ => Vec::new(),
    };

    // The rows of this page, with a group heading wherever the group changes.
    let mut body: Vec<Html> = Vec::new();
    let mut last_group: Option<&Group> = None;
    for (index, group_number) in shown.iter().skip(current_page * PAGE_SIZE).take(PAGE_SIZE) {
        let Some((group, members)) = groups.get(*group_number) else {
            continue;
        };
        if last_group != Some(group) {
            last_group = Some(group);
            let count = members.len();
            let (action_label, action) = match group {
                Group::Kind(kind) => {
                    let kind = *kind;
                    (
                        format!("Lock every {}", kind.label().to_lowercase()),
                        Some(apply(
                            Rc::new(move |policy: &mut ManagedPropertyPolicy| {
                                policy.lock_kind(kind)
                            }),
                            format!("Every {} is locked.", kind.label().to_lowercase()),
                        )),
                    )
                }
                Group::Table(Some(table)) => {
                    let (table, opened) = (table.clone(), props.opened.clone());
                    let message = format!("Table {table} and its components are locked.");
                    (
                        format!("Lock table {table} and its components"),
                        Some(apply(
                            Rc::new(move |policy: &mut ManagedPropertyPolicy| {
                                policy.lock_entity(&opened.inspection, &table)
                            }),
                            message,
                        )),
                    )
                }
                Group::Table(None) => (String::new(), None),
            };
            body.push(html! {
                <div class="mp-group">
                    <h4>{ format!("{} ({})", group.label(), format::count(count)) }</h4>
                    if let Some(onclick) = action {
                        <button type="button" class="button secondary small" data-testid="lock-group" {onclick}>{ action_label }</button>
                    }
                </div>
            });
        }
        if let Some(component) = editable.get(*index) {
            body.push(render_component(
                *index,
                component,
                &props.policy,
                &props.on_policy,
            ));
        }
    }

    let report = match &*conversion {
        Conversion::Done(report) => Some(report.clone()),
        _ => None,
    };

    html! {
        <div class="managed-view">
            <h2>{ "Managed properties & convert" }</h2>
            <p class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="convert-announcement">
                { (*announcement).clone() }
            </p>

            <section class="convert-box" aria-labelledby="convert-heading">
                <h3 id="convert-heading">{ "Convert to managed" }</h3>
                if let Some(refusal) = &refusal {
                    <div class="error" role="alert" data-testid="convert-refused">
                        <p><strong>{ "This package cannot be converted. " }</strong>{ refusal.to_string() }{ "." }</p>
                        <p>{ "Convert the unmanaged original instead; its managed properties are below." }</p>
                    </div>
                } else {
                    if !errors.is_empty() {
                        <div class="error" data-testid="convert-errors">
                            <p><strong>{ format!("Validation finds {} {} for {}. ", errors.len(),
                                if errors.len() == 1 { "error" } else { "errors" }, props.profile.label()) }</strong>
                                { "You can still convert; the platform may refuse to import the result until they are fixed." }</p>
                            <ul>
                                { for errors.iter().take(10).map(|finding| html! {
                                    <li><span class="finding-code">{ finding.code.clone() }</span>{ " " }{ finding.message.clone() }</li>
                                }) }
                            </ul>
                        </div>
                    }
                    <p>{ format!("The converted package is {} with <Managed>1</Managed> and the managed properties below ({} {} from the package's values).",
                        convert::managed_file_name(&inspection.manifest), format::count(changing),
                        if changing == 1 { "property differs" } else { "properties differ" }) }</p>
                    <button type="button" class="button" data-testid="convert" onclick={on_convert}
                        disabled={*conversion == Conversion::Working}>
                        { if *conversion == Conversion::Working { "Converting…" } else { "Convert and download" } }
                    </button>
                    if let Conversion::Failed(why) = &*conversion {
                        <p class="error" data-testid="convert-failed">{ why.clone() }</p>
                    }
                }
            </section>

            if let Some(report) = report {
                <ConversionReportView report={report} />
            }

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
                    <div class="control">
                        <label for="mp-group">{ "Group by" }</label>
                        <select id="mp-group" data-testid="mp-group" onchange={on_group}>
                            <option value="kind" selected={*group_by == GroupBy::Kind}>{ "Kind" }</option>
                            <option value="table" selected={*group_by == GroupBy::Table}>{ "Table (entity)" }</option>
                        </select>
                    </div>
                    <p class="match-count">{ format!("{} of {} components", format::count(shown.len()), format::count(editable.len())) }</p>
                </div>
                if editable.is_empty() {
                    <p class="empty">{ "No component of this package has managed properties to choose." }</p>
                } else {
                    <div class="mp-list" data-testid="mp-list">{ for body }</div>
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

fn render_component(
    index: usize,
    component: &EditableComponent,
    policy: &ManagedPropertyPolicy,
    on_policy: &Callback<ManagedPropertyPolicy>,
) -> Html {
    let heading_id = format!("mp-{index}");
    let locked = component.properties.iter().any(|property| {
        property.name == solution_inspector::model::IS_CUSTOMIZABLE && !property.value
    });
    html! {
        <section class={classes!("mp-component", locked.then_some("locked"))} aria-labelledby={heading_id.clone()}
            data-key={component.key.clone()}>
            <h5 id={heading_id.clone()}>
                <span class="mp-name">{ component.name.clone() }</span>
                if let Some(display) = &component.display_name { <span class="muted">{ format!(" · {display}") }</span> }
                <span class="muted">{ format!(" · {}", component.kind.label()) }</span>
                if locked { <span class="badge managed">{ "locked" }</span> }
            </h5>
            <div class="table-scroll">
                <table class="data mp-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Property" }</th>
                            <th scope="col">{ "Allowed" }</th>
                            <th scope="col">{ "In the package" }</th>
                            <th scope="col">{ "Effective" }</th>
                            <th scope="col">{ "Chosen by" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for component.properties.iter().enumerate().map(|(row, property)| {
                            let id = format!("mp-{index}-{row}");
                            let onchange = {
                                let (policy, on_policy, key, name) = (policy.clone(), on_policy.clone(),
                                    component.key.clone(), property.name.clone());
                                Callback::from(move |event: Event| {
                                    let input: HtmlInputElement = event.target_unchecked_into();
                                    let mut next = policy.clone();
                                    next.set(&key, &name, input.checked());
                                    on_policy.emit(next);
                                })
                            };
                            let effective = match (property.value, property.effective) {
                                (true, false) => "No (Allow customizations is off)",
                                (_, true) => "Yes",
                                (false, false) => "No",
                            };
                            html! {
                                <tr>
                                    <th scope="row"><label for={id.clone()}>{ property_label(&property.name) }</label>
                                        <span class="path muted">{ format!(" {}", property.name) }</span></th>
                                    <td><input type="checkbox" id={id} checked={property.value} {onchange}
                                        data-property={property.name.clone()} /></td>
                                    <td>{ match property.package_value { Some(value) => format::yes_no(Some(value)), None => "not written (Yes)" } }</td>
                                    <td class={classes!((!property.effective).then_some("denied"))}>{ effective }</td>
                                    <td class="muted">{ source_label(property.source) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ConversionReportViewProps {
    report: Rc<ConversionReport>,
}

#[component]
fn ConversionReportView(props: &ConversionReportViewProps) -> Html {
    let report = &props.report;
    html! {
        <section class="conversion-report" aria-labelledby="report-heading" data-testid="conversion-report">
            <h3 id="report-heading">{ "Conversion report" }</h3>
            <p data-testid="converted-file-name">{ format!("{} {}: {} downloaded. {} entries rewritten ({}), {} copied unchanged.",
                report.unique_name, report.version, report.file_name, report.changed_entries.len(),
                report.changed_entries.join(", "), format::count(report.copied_entries)) }</p>
            <h4>{ format!("Managed properties written ({})", report.property_changes.len()) }</h4>
            if !report.property_changes.is_empty() {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Managed properties written">
                    <table class="data" data-testid="property-changes">
                        <thead><tr><th scope="col">{ "Component" }</th><th scope="col">{ "Property" }</th>
                            <th scope="col">{ "From" }</th><th scope="col">{ "To" }</th><th scope="col">{ "File" }</th></tr></thead>
                        <tbody>
                            { for report.property_changes.iter().take(500).map(|change| html! {
                                <tr><td class="path">{ change.component.clone() }</td><td>{ change.property.clone() }</td>
                                    <td>{ match change.from { Some(value) => format::yes_no(Some(value)), None => "not written" } }</td>
                                    <td>{ format::yes_no(Some(change.to)) }</td><td class="path">{ change.file.clone() }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            <h4>{ format!("Components the managed export leaves out ({})", report.dropped_components.len()) }</h4>
            if !report.dropped_components.is_empty() {
                <ul data-testid="dropped-components">
                    { for report.dropped_components.iter().map(|dropped| html! {
                        <li><span class="path">{ dropped.component.clone() }</span>{ format!(" (line {}): {}", dropped.line, dropped.reason) }</li>
                    }) }
                </ul>
            }
            <h4>{ format!("Notes ({})", report.notes.len()) }</h4>
            if !report.notes.is_empty() {
                <ul data-testid="conversion-notes">
                    { for report.notes.iter().map(|note| html! {
                        <li><span class="finding-code">{ note.code.clone() }</span>{ " " }
                            if let Some(component) = &note.component { <span class="path">{ component.clone() }</span>{ ": " } }
                            { note.message.clone() }</li>
                    }) }
                </ul>
            }
        </section>
    }
}
