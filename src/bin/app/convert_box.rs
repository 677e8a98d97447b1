//! The managed-properties view's conversion: whether the package can be converted, the
//! errors validation finds, the button that has the engine convert it under the policy and
//! downloads the result, and the conversion's report.

use std::rc::Rc;

use solution_inspector::convert::{self, ConversionReport, ManagedPropertyPolicy};
use solution_inspector::page_state::Checking;
use solution_inspector::protocol::{Answer, Request};
use solution_inspector::validate::Profile;
use solution_inspector::Severity;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::analysis::{self, Needs, Opened, Stop, Work};
use crate::download;
use crate::format;

#[derive(Clone, PartialEq)]
enum Conversion {
    Idle,
    Working,
    Done(Rc<ConversionReport>),
    Failed(String),
}

#[derive(Properties, PartialEq)]
pub struct ConvertBoxProps {
    pub opened: Opened,
    pub policy: ManagedPropertyPolicy,
    pub profile: Profile,
    /// The findings of this package under this profile, once the engine has them.
    pub checking: Checking,
    /// Properties whose chosen value differs from the package's.
    pub changing: usize,
    /// Says what happened in the view's live region.
    pub on_announce: Callback<String>,
}

#[component]
pub fn ConvertBox(props: &ConvertBoxProps) -> Html {
    let conversion = use_state(|| Conversion::Idle);
    let inspection = &props.opened.inspection;
    let refusal = convert::check_convertible(inspection).err();
    let changing = props.changing;
    let on_convert = {
        let (policy, conversion, announcement) = (
            props.policy.clone(),
            conversion.clone(),
            props.on_announce.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let before = (*conversion).clone();
            conversion.set(Conversion::Working);
            announcement.emit("Converting the package…".into());
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
                        announcement.emit("The conversion was cancelled.".into());
                        conversion.set(before);
                    }
                    Ok((report, bytes)) => {
                        let name = report.file_name.clone();
                        match download::save(&name, "application/zip", &bytes) {
                            Ok(()) => {
                                announcement.emit(format!(
                                    "Converted: {name} ({}) is downloading.",
                                    format::bytes(bytes.len() as u64)
                                ));
                                conversion.set(Conversion::Done(Rc::new(report)));
                            }
                            Err(why) => {
                                announcement.emit(format!(
                                    "The converted package could not be downloaded: {why}."
                                ));
                                conversion.set(Conversion::Failed(why));
                            }
                        }
                    }
                    Err(Stop::Failed(refusal)) => {
                        announcement.emit(format!("Not converted: {}.", refusal.message));
                        conversion.set(Conversion::Failed(refusal.message));
                    }
                }
            });
        })
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

    let report = match &*conversion {
        Conversion::Done(report) => Some(report.clone()),
        _ => None,
    };

    html! {
        <>
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
                                    <li><span class="finding-code">{ finding.code.as_str() }</span>{ " " }{ finding.message.clone() }</li>
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
        </>
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
                        <li><span class="finding-code">{ note.code.as_str() }</span>{ " " }
                            if let Some(component) = &note.component { <span class="path">{ component.clone() }</span>{ ": " } }
                            { note.message.clone() }</li>
                    }) }
                </ul>
            }
        </section>
    }
}
