//! Findings: the package checked against a target organization (the core's `validate`),
//! filtered by severity and category, each linked to its component; what the receiving
//! organization may change; and the package's weight against the upload limit.

use solution_inspector::validate::{Category, Finding, ManagedSummary, Profile, Validation};
use solution_inspector::Severity;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::file_excerpt::FileExcerpt;
use crate::format;
use crate::page::use_page;
use crate::profile_form::ProfileForm;
use crate::upload_limit_chart::UploadLimitChart;
use solution_inspector::page_state::Checking;

const CATEGORIES: [Category; 6] = [
    Category::Reading,
    Category::Size,
    Category::Structure,
    Category::Naming,
    Category::Dependencies,
    Category::ManagedProperties,
];
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Information];
/// Findings rendered at first, and added by each "show more": a hostile package can have tens of thousands.
const BATCH: usize = 200;

fn counts_sentence(validation: &Validation) -> String {
    let counts = &validation.counts;
    let plural = |count: usize, one: &str, many: &str| {
        format!(
            "{} {}",
            format::count(count),
            if count == 1 { one } else { many }
        )
    };
    format!(
        "{}, {}, {} for {}.",
        plural(counts.errors, "error", "errors"),
        plural(counts.warnings, "warning", "warnings"),
        plural(
            counts.information,
            "information finding",
            "information findings"
        ),
        validation.profile.label()
    )
}

#[derive(Properties, PartialEq)]
pub struct FindingsViewProps {
    pub opened: Opened,
}

#[component]
pub fn FindingsView(props: &FindingsViewProps) -> Html {
    let page = use_page();
    // The findings of this package under this profile, once the engine has them.
    let checking = &page.checking;
    let on_profile = {
        let page = page.clone();
        Callback::from(move |next: Profile| page.set_profile(next))
    };
    // Shows a component (by index) in the Components view.
    let on_component = {
        let page = page.clone();
        Callback::from(move |index: usize| page.show_component(index))
    };
    let severity_filter = use_state(|| None::<Severity>);
    let category_filter = use_state(|| None::<Category>);
    let shown_limit = use_state(|| BATCH);
    let filters = (*severity_filter, *category_filter);
    let matching = match checking {
        Checking::Done(checked) => checked
            .0
            .findings
            .iter()
            .filter(|(finding, _)| {
                filters
                    .0
                    .is_none_or(|severity| finding.severity == severity)
            })
            .filter(|(finding, _)| {
                filters
                    .1
                    .is_none_or(|category| finding.category == category)
            })
            .count(),
        _ => 0,
    };
    // Findings are rendered a few per task of the page: each is a good deal of DOM.
    let rendered =
        crate::more::use_progressive(matching.min(*shown_limit), 25, (filters, checking.clone()));
    let inspection = &props.opened.inspection;
    let heaviest = use_memo(props.opened.clone(), |opened| {
        solution_inspector::validate::heaviest_files(&opened.inspection, true, 8)
            .into_iter()
            .map(|file| (file.path, file.bytes))
            .collect::<Vec<(String, u64)>>()
    });
    let checked = match checking {
        Checking::Done(checked) => checked.0.clone(),
        other => {
            let (text, stopped) = match other {
                Checking::Stopped(why) => (why.clone(), true),
                _ => ("Validating…".to_owned(), false),
            };
            let again = {
                let page = page.clone();
                Callback::from(move |_: MouseEvent| page.validate_again())
            };
            return html! {
                <div class="findings-view">
                    <h2>{ "Findings" }</h2>
                    <ProfileForm profile={page.profile.clone()} on_change={on_profile.clone()} />
                    <p class="findings-summary" data-testid="findings-pending">{ text }</p>
                    if stopped {
                        <button type="button" class="button secondary" data-testid="validate-again" onclick={again}>{ "Validate again" }</button>
                    }
                </div>
            };
        }
    };
    let validation: &Validation = &checked.validation;

    let on_severity = {
        let severity_filter = severity_filter.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let value = select.value();
            severity_filter.set(
                SEVERITIES
                    .into_iter()
                    .find(|severity| severity.label() == value),
            );
        })
    };
    let on_category = {
        let category_filter = category_filter.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let value = select.value();
            category_filter.set(
                CATEGORIES
                    .into_iter()
                    .find(|category| category.label() == value),
            );
        })
    };

    let all = &checked.findings;
    let shown: Vec<&(Finding, Option<(usize, String)>)> = all
        .iter()
        .filter(|(finding, _)| severity_filter.is_none_or(|severity| finding.severity == severity))
        .filter(|(finding, _)| category_filter.is_none_or(|category| finding.category == category))
        .collect();
    let count_of = |category: Category| {
        all.iter()
            .filter(|(finding, _)| finding.category == category)
            .count()
    };
    let count_severity = |severity: Severity| match severity {
        Severity::Error => validation.counts.errors,
        Severity::Warning => validation.counts.warnings,
        Severity::Information => validation.counts.information,
    };
    html! {
        <div class="findings-view">
            <h2>{ "Findings" }</h2>
            <ProfileForm profile={page.profile.clone()} on_change={on_profile.clone()} />
            <p class={classes!("findings-summary", validation.has_errors().then_some("has-errors"))}
                aria-live="polite" aria-atomic="true" data-testid="findings-counts">
                { counts_sentence(validation) }
            </p>

            <div class="browser-controls" role="search" aria-label="Filter findings">
                <div class="control">
                    <label for="finding-severity">{ "Severity" }</label>
                    <select id="finding-severity" data-testid="finding-severity" onchange={on_severity}>
                        <option value="" selected={severity_filter.is_none()}>
                            { format!("All severities ({})", format::count(all.len())) }
                        </option>
                        { for SEVERITIES.iter().map(|severity| html! {
                            <option value={severity.label()} selected={*severity_filter == Some(*severity)}>
                                { format!("{} ({})", severity.label(), format::count(count_severity(*severity))) }
                            </option>
                        }) }
                    </select>
                </div>
                <div class="control">
                    <label for="finding-category">{ "Category" }</label>
                    <select id="finding-category" data-testid="finding-category" onchange={on_category}>
                        <option value="" selected={category_filter.is_none()}>{ "All categories" }</option>
                        { for CATEGORIES.iter().map(|category| html! {
                            <option value={category.label()} selected={*category_filter == Some(*category)}>
                                { format!("{} ({})", category.label(), format::count(count_of(*category))) }
                            </option>
                        }) }
                    </select>
                </div>
                <p class="match-count" data-testid="findings-shown">
                    { format!("{} of {} findings shown", format::count(shown.len()), format::count(all.len())) }
                </p>
            </div>

            if shown.is_empty() {
                <p class="empty" data-testid="no-findings">{
                    if all.is_empty() { "No findings: the target should accept this package." } else { "No finding matches these filters." }
                }</p>
            } else {
                <ul class="findings" data-testid="findings" aria-label="Findings">
                    { for shown.iter().take(rendered).map(|(finding, target)| {
                        render_finding(finding, target.as_ref(), &props.opened, &on_component)
                    }) }
                </ul>
                if shown.len() > *shown_limit {
                    <button type="button" class="button secondary" data-testid="more-findings" onclick={{
                        let shown_limit = shown_limit.clone();
                        Callback::from(move |_: MouseEvent| shown_limit.set(*shown_limit + BATCH))
                    }}>{ format!("Show {} more of {}", BATCH.min(shown.len() - *shown_limit), format::count(shown.len() - *shown_limit)) }</button>
                }
            }

            <section aria-labelledby="weight-limit-heading">
                <h3 id="weight-limit-heading">{ "Size against the upload limit" }</h3>
                <UploadLimitChart zip_size={inspection.zip_size} files={(*heaviest).clone()}
                    limit={page.profile.max_upload_bytes()} />
            </section>

            <section aria-labelledby="managed-summary-heading">
                <h3 id="managed-summary-heading">{ "What the receiving organization may change" }</h3>
                <ManagedSummaryTable summary={validation.managed_properties.clone()} />
            </section>
        </div>
    }
}

fn render_finding(
    finding: &Finding,
    target: Option<&(usize, String)>,
    opened: &Opened,
    on_component: &Callback<usize>,
) -> Html {
    // The file's lines around the finding, for findings that point into a file.
    let file_link = match (&finding.location.file, finding.location.line) {
        (Some(file), Some(line)) => html! {
            <FileExcerpt opened={opened.clone()} file={file.clone()} line={line} />
        },
        _ => html! {},
    };
    let severity = finding.severity.label();
    let location = finding.location.describe();
    let link = target.map(|(index, label)| {
        let index = *index;
        let onclick = on_component.reform(move |_: MouseEvent| index);
        html! {
            <button type="button" class="link-button" data-testid="finding-component" {onclick}>
                { format!("Show {label}") }
            </button>
        }
    });
    html! {
        <li class={classes!("finding", severity)} data-code={finding.code.as_str()}>
            <div class="finding-head">
                <span class={classes!("severity", severity)}>{ severity }</span>
                <span class="finding-code">{ finding.code.as_str() }</span>
                <span class="finding-category">{ finding.category.label() }</span>
                if let Some(code) = &finding.platform_code {
                    <span class="platform-code" title="The platform's error code for this problem">
                        { format!("platform {code}") }
                    </span>
                }
            </div>
            <p class="finding-message">{ finding.message.clone() }</p>
            if !location.is_empty() || link.is_some() {
                <div class="finding-location">
                    if !location.is_empty() { <span class="path">{ location }</span> }
                    { link.unwrap_or_default() }
                    { file_link }
                </div>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct ManagedSummaryTableProps {
    summary: ManagedSummary,
}

#[component]
fn ManagedSummaryTable(props: &ManagedSummaryTableProps) -> Html {
    let summary = &props.summary;
    if summary.by_kind.is_empty() {
        return html! { <p data-testid="managed-summary">{ "No component of this package carries managed properties." }</p> };
    }
    let applies = if summary.applies {
        "This package is managed: these managed properties apply in the organizations that import it."
    } else {
        "This package is unmanaged: managed properties take effect only once it is imported as managed (convert it in the next view). Until then the receiving organization may change everything."
    };
    html! {
        <>
            <p class="note">{ applies }</p>
            <p>{ format!("{} components carry managed properties; {} of them are locked (Allow customizations is off, which overrides the rest).",
                format::count(summary.components_with_properties), format::count(summary.locked_components)) }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Managed properties by kind">
                <table class="data" data-testid="managed-summary">
                    <caption>{ "Managed properties by component kind: how many components allow each change" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Kind" }</th>
                            <th scope="col">{ "Property" }</th>
                            <th scope="col" class="number">{ "May change" }</th>
                            <th scope="col" class="number">{ "May not change" }</th>
                            <th scope="col" class="number">{ "Not a boolean" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for summary.by_kind.iter().flat_map(|kind| {
                            let span = kind.properties.len().max(1).to_string();
                            let heading = format!("{} ({} components, {} locked)", kind.label,
                                format::count(kind.components), format::count(kind.locked));
                            kind.properties.iter().enumerate().map(move |(row, property)| html! {
                                <tr>
                                    if row == 0 {
                                        <th scope="rowgroup" rowspan={span.clone()}>{ heading.clone() }</th>
                                    }
                                    <td>{ property.label.clone() }</td>
                                    <td class="number">{ format::count(property.allowed) }</td>
                                    <td class="number">{ format::count(property.denied) }</td>
                                    <td class="number">{ format::count(property.invalid) }</td>
                                </tr>
                            }).collect::<Vec<_>>()
                        }) }
                    </tbody>
                </table>
            </div>
        </>
    }
}
