//! Findings: the package checked against the page's target organization (the core's
//! `validate`), grouped by code (`finding_groups_list.rs`), filtered by severity, category,
//! component and a search (`page_state::finding_filter`), each linked to its component; what the receiving
//! organization may change; and the package's weight against the upload limit.

use solution_inspector::page_state::finding_filter::FindingFilter;
use solution_inspector::validate::{Category, Profile, Validation};
use solution_inspector::Severity;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::analysis::Opened;
use crate::finding_groups_list::{shown_groups, FindingGroupsList};
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

/// What a filter's select does: sets its field of the filter (`set`) to the choice whose
/// label it now shows (`None` for its first option, "All").
fn choose_by_label<T: Copy + 'static>(
    filter: &UseStateHandle<FindingFilter>,
    choices: &'static [T],
    label: fn(T) -> &'static str,
    set: fn(&mut FindingFilter, Option<T>),
) -> Callback<Event> {
    let filter = filter.clone();
    Callback::from(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let value = select.value();
        let mut next = (*filter).clone();
        set(
            &mut next,
            choices
                .iter()
                .copied()
                .find(|choice| label(*choice) == value),
        );
        filter.set(next);
    })
}

/// What a filter's text field does: sets its field of the filter as it is typed.
fn type_into(
    filter: &UseStateHandle<FindingFilter>,
    set: fn(&mut FindingFilter, String),
) -> Callback<InputEvent> {
    let filter = filter.clone();
    Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        let mut next = (*filter).clone();
        set(&mut next, input.value());
        filter.set(next);
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
    let filter = use_state(FindingFilter::default);
    let inspection = &props.opened.inspection;
    let heaviest = use_memo(props.opened.clone(), |opened| {
        solution_inspector::validate::heaviest_files(&opened.inspection, true, 8)
            .into_iter()
            .map(|file| (file.path, file.bytes))
            .collect::<Vec<(String, u64)>>()
    });
    let (checked, checked_shared) = match checking {
        Checking::Done(checked) => (checked.0.clone(), checked.clone()),
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

    let on_severity = choose_by_label(&filter, &SEVERITIES, Severity::label, |filter, choice| {
        filter.severity = choice
    });
    let on_category = choose_by_label(&filter, &CATEGORIES, Category::label, |filter, choice| {
        filter.category = choice
    });
    let on_component_filter = type_into(&filter, |filter, text| filter.component = text);
    let on_search = type_into(&filter, |filter, text| filter.search = text);

    let all = &checked.findings;
    let shown: usize = shown_groups(&checked_shared, &filter)
        .iter()
        .map(|(_, rows)| rows.len())
        .sum();
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
                        <option value="" selected={filter.severity.is_none()}>
                            { format!("All severities ({})", format::count(all.len())) }
                        </option>
                        { for SEVERITIES.iter().map(|severity| html! {
                            <option value={severity.label()} selected={filter.severity == Some(*severity)}>
                                { format!("{} ({})", severity.label(), format::count(count_severity(*severity))) }
                            </option>
                        }) }
                    </select>
                </div>
                <div class="control">
                    <label for="finding-category">{ "Category" }</label>
                    <select id="finding-category" data-testid="finding-category" onchange={on_category}>
                        <option value="" selected={filter.category.is_none()}>{ "All categories" }</option>
                        { for CATEGORIES.iter().map(|category| html! {
                            <option value={category.label()} selected={filter.category == Some(*category)}>
                                { format!("{} ({})", category.label(), format::count(count_of(*category))) }
                            </option>
                        }) }
                    </select>
                </div>
                <div class="control">
                    <label for="finding-component">{ "Component" }</label>
                    <input id="finding-component" type="search" data-testid="finding-component-filter" autocomplete="off"
                        spellcheck="false" value={filter.component.clone()} oninput={on_component_filter} />
                </div>
                <div class="control">
                    <label for="finding-search">{ "Search" }</label>
                    <input id="finding-search" type="search" data-testid="finding-search" autocomplete="off"
                        spellcheck="false" value={filter.search.clone()} oninput={on_search} />
                </div>
                <p class="match-count" data-testid="findings-shown">
                    { format!("{} of {} findings shown, by code", format::count(shown), format::count(all.len())) }
                </p>
            </div>

            if shown == 0 {
                <p class="empty" data-testid="no-findings">{
                    if all.is_empty() { "No findings: the target should accept this package." } else { "No finding matches these filters." }
                }</p>
            } else {
                <FindingGroupsList checked={checked_shared.clone()} filter={(*filter).clone()}
                    opened={props.opened.clone()} on_component={on_component.clone()} />
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
