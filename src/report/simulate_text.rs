//! The text of `solinspect simulate` (and `org install`): answers first (the verdict,
//! what decides it, the missing dependencies by solution), then the organization and
//! the operation, the errors and warnings, and the components by action; with
//! `verbose`, every missing dependency and every component as well.

use std::fmt::Write;

use crate::simulate::{Action, ComponentOutcome, Outcome};
use crate::units::{count_of, human_size};

use super::answers_text::write_answers;

pub fn to_text(outcome: &Outcome, verbose: bool) -> String {
    let mut out = String::new();
    let answers = crate::answers::of_simulation(outcome);
    write_answers(&mut out, &answers, verbose);
    let _ = writeln!(
        out,
        "Organization: {}; operation: {}; package: {} (upload limit {})",
        outcome.organization,
        outcome.operation.key(),
        human_size(outcome.package_bytes),
        human_size(outcome.upload_limit_bytes)
    );
    if outcome.suggest_online {
        let _ = writeln!(out, "Hint: this package was exported online; try --org with `solinspect org default --online`");
    }
    for error in &outcome.errors {
        let _ = writeln!(
            out,
            "error {} {}: {}",
            error.code, error.name, error.message
        );
        // The missing dependencies are grouped above; each one is a row of --verbose.
        if verbose || error.dependencies.is_empty() {
            for detail in &error.details {
                let _ = writeln!(out, "  - {detail}");
            }
        }
    }
    for warning in &outcome.warnings {
        let severity = warning.severity.label();
        match &warning.code {
            Some(code) => {
                let _ = writeln!(out, "{severity} {code}: {}", warning.message);
            }
            None => {
                let _ = writeln!(out, "{severity}: {}", warning.message);
            }
        }
    }
    write_components(&mut out, outcome, verbose);
    // Names from the package may hold terminal escapes: never print them raw.
    crate::text::printable(&out).into_owned()
}

/// The count of each action, and with `verbose` each component under its action.
fn write_components(out: &mut String, outcome: &Outcome, verbose: bool) {
    let counts: Vec<String> = Action::ALL
        .into_iter()
        .map(|action| (action, outcome.count(action)))
        .filter(|(_, count)| *count > 0)
        .map(|(action, count)| format!("{count} {}", action.key()))
        .collect();
    if counts.is_empty() {
        return;
    }
    // A failed import changes nothing: the actions are what it would have done.
    let _ = writeln!(
        out,
        "{}{}: {}{}",
        if outcome.success {
            ""
        } else {
            "Had it imported, "
        },
        count_of(outcome.components.len(), "component"),
        counts.join(", "),
        if verbose {
            ""
        } else {
            " (--verbose lists each)"
        }
    );
    if !verbose {
        return;
    }
    for action in Action::ALL {
        let components: Vec<&ComponentOutcome> = outcome
            .components
            .iter()
            .filter(|component| component.action == action)
            .collect();
        if components.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{} ({}):", action.key(), components.len());
        for component in components {
            let _ = writeln!(out, "  {}", component_line(component));
        }
    }
}

/// "web resource new_/a.js (A)  layers: (none) -> Contoso", with the platform's code
/// when it fails; the kind by its noun, never its key. A component named by its id
/// (forms, views, processes, roles…) reads by its display name, the id beside it:
/// "form Information of table account ({…})".
fn component_line(component: &ComponentOutcome) -> String {
    let code = component
        .error
        .as_ref()
        .map(|error| format!(" [{}]", error.code))
        .unwrap_or_default();
    format!(
        "{}{code}  layers: {} -> {}",
        component.component_name().describe(),
        display_layers(&component.layers_before),
        display_layers(&component.layers_after)
    )
}

fn display_layers(layers: &[String]) -> String {
    if layers.is_empty() {
        "(none)".to_owned()
    } else {
        layers.join(" < ")
    }
}
