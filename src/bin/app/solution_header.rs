//! The page header: keeps the current solution's name, version and managed flag in view, and
//! the target organization every view uses. Where it is sticky it stays one line (wide
//! screens) or two: a long file name is cut in the middle, never wrapped.

use yew::prelude::*;

use solution_inspector::page_state::target::describe_target;
use solution_inspector::target::Target;

use crate::analysis::Opened;
use crate::breakable::breakable;

/// The most characters of a long file name always shown at its end: from a word part on, so
/// its version and managed flag stay whole (`2_0_0_1_unmanaged.zip`, as the platform's export
/// names it).
const FILE_END_CHARS: usize = 28;

/// Where a file name's kept end starts: the longest end of at most `FILE_END_CHARS` that
/// starts a word part (after `_`, `-`, `.` or a space), else the last `FILE_END_CHARS`.
fn file_end_start(name: &str) -> usize {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let earliest = chars.len().saturating_sub(FILE_END_CHARS);
    (earliest.max(1)..chars.len())
        .find(|&i| matches!(chars[i - 1].1, '_' | '-' | '.' | ' '))
        .or((chars.len() > FILE_END_CHARS).then_some(earliest))
        .map_or(0, |i| chars[i].0)
}

/// The file name in one line where the header is sticky: cut in the middle when it does not
/// fit (its start gives way, its end stays), whole in its title; read whole by screen readers
/// (the two parts are one text).
fn file_name(name: &str) -> Html {
    let split = file_end_start(name);
    html! {
        <span class="current-file" title={name.to_owned()} data-testid="current-file">
            <span class="current-file-start">{ name[..split].to_owned() }</span>
            <span class="current-file-end">{ name[split..].to_owned() }</span>
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct SolutionHeaderProps {
    pub opened: Option<Opened>,
    /// The page's one target organization, which every view uses.
    pub target: Target,
}

#[component]
pub fn SolutionHeader(props: &SolutionHeaderProps) -> Html {
    let current = props.opened.as_ref().map(|opened| {
        let manifest = &opened.inspection.manifest;
        let (flag, class) = match manifest.managed() {
            Some(true) => ("Managed", "badge managed"),
            Some(false) => ("Unmanaged", "badge unmanaged"),
            None => ("Managed flag unreadable", "badge unknown"),
        };
        html! {
            <section class="current" aria-label="Current solution" data-testid="current-solution">
                <span class="current-name" data-testid="current-unique-name" title={manifest.unique_name.clone()}>{ breakable(&manifest.unique_name) }</span>
                <span class="current-version">
                    { "version " }<span data-testid="current-version">{ manifest.version.clone() }</span>
                </span>
                <span class={class} data-testid="current-managed">{ flag }</span>
                { file_name(&opened.file_name) }
            </section>
        }
    });
    html! {
        <header class="app-header">
            <h1 class="brand">
                <svg class="logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M4 3h10l6 6v12H4z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
                    <circle cx="11" cy="14" r="3.5" fill="none" stroke="currentColor" stroke-width="2" />
                    <path d="M13.5 16.5 17 20" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                </svg>
                { "Solution Inspector" }
            </h1>
            { current.unwrap_or_default() }
            <p class="current-target" data-testid="current-target">
                <span class="current-target-label">{ "Target organization: " }</span>
                { describe_target(&props.target) }
            </p>
        </header>
    }
}
