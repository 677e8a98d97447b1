//! Findings: the package checked against a target organization (the core's `validate`),
//! filtered by severity and category, each linked to its component; what the receiving
//! organization may change; and the package's weight against the upload limit.

use solution_inspector::validate::{Category, Finding, Profile, Validation};
use solution_inspector::Severity;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::finding_item::finding_item;
use crate::format;
use crate::managed_summary_table::ManagedSummaryTable;
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

/// Whether `finding` is of the severity and the category chosen (`None`: any).
fn passes(finding: &Finding, (severity, category): (Option<Severity>, Option<Category>)) -> bool {
    severity.is_none_or(|severity| finding.severity == severity)
        && category.is_none_or(|category| finding.category == category)
}

/// What a filter's select does: sets `filter` to the choice whose label it now shows
/// (`None` for its first option, "All").
fn choose_by_label<T: Copy + 'static>(
    filter: &UseStateHandle<Option<T>>,
    choices: &'static [T],
    label: fn(T) -> &'static str,
) -> Callback<Event> {
    let filter = filter.clone();
    Callback::from(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let value = select.value();
        filter.set(
            choices
                .iter()
                .copied()
                .find(|choice| label(*choice) == value),
        );
    })
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
            .filter(|(finding, _)| passes(finding, filters))
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

    let on_severity = choose_by_label(&severity_filter, &SEVERITIES, Severity::label);
    let on_category = choose_by_label(&category_filter, &CATEGORIES, Category::label);

    let all = &checked.findings;
    let shown: Vec<&(Finding, Option<(usize, String)>)> = all
        .iter()
        .filter(|(finding, _)| passes(finding, filters))
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
                <div class="long-list" tabindex="0" role="region" aria-label="Findings shown">
                <ul class="findings" data-testid="findings" aria-label="Findings">
                    { for shown.iter().take(rendered).map(|(finding, target)| {
                        finding_item(finding, target.as_ref(), &props.opened, &on_component)
                    }) }
                </ul>
                </div>
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
