//! The verdict card at the top of Overview and Simulate import: will the package import into
//! the target organization (yes, no, yes with warnings), as which operation, and the reasons
//! that decide it, each in plain words with the platform's code beside it. The core makes the
//! verdict (`answers::Verdict`); the card only shows it, with the organization in use by the
//! name the person keeps it under when the verdict is a simulation.

use solution_inspector::answers::{Decision, Verdict};
use solution_inspector::findings::Severity;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VerdictCardProps {
    pub verdict: Verdict,
    /// The page's target organization in words, which the verdict is for.
    pub target: AttrValue,
    /// The organization snapshot in use, by the name it is kept under ("Production",
    /// "…, captured from HOST"), when the verdict is a simulation into it.
    #[prop_or_default]
    pub organization: Option<AttrValue>,
    /// What the operation cell says when the verdict has none (a validation).
    #[prop_or_default]
    pub no_operation: Option<AttrValue>,
}

fn decision_class(decision: Decision) -> &'static str {
    match decision {
        Decision::Yes => "yes",
        Decision::YesWithWarnings => "warnings",
        Decision::No => "no",
    }
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "severity error",
        Severity::Warning => "severity warning",
        Severity::Information => "severity information",
    }
}

#[component]
pub fn VerdictCard(props: &VerdictCardProps) -> Html {
    let verdict = &props.verdict;
    let decision = verdict.decision;
    let operation = verdict
        .operation
        .map(|operation| operation.key().to_owned())
        .or_else(|| props.no_operation.as_ref().map(|text| text.to_string()));
    html! {
        <div class={classes!("verdict-card", decision_class(decision))} data-testid="verdict-card"
            data-decision={decision_class(decision)}>
            <p class="verdict-decision">
                <span class="verdict-question">{ "Will it import? " }</span>
                <strong data-testid="verdict-decision">{ decision.label() }</strong>
            </p>
            <p class="verdict-headline" data-testid="verdict-headline">{ verdict.headline.clone() }</p>
            <dl class="verdict-facts">
                if let Some(operation) = operation {
                    <div><dt>{ "Operation" }</dt><dd data-testid="verdict-operation">{ operation }</dd></div>
                }
                if let Some(organization) = &props.organization {
                    <div><dt>{ "Organization" }</dt><dd data-testid="verdict-organization">{ organization.clone() }</dd></div>
                }
                <div><dt>{ "Target organization" }</dt><dd data-testid="verdict-target">{ props.target.clone() }</dd></div>
            </dl>
            if !verdict.reasons.is_empty() {
                <ol class="verdict-reasons" data-testid="verdict-reasons" aria-label="What decides it">
                    { for verdict.reasons.iter().map(|reason| {
                        let code = [
                            reason.platform_code.clone(),
                            reason.platform_name.clone(),
                            reason.code.map(|code| code.as_str().to_owned()),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                        html! {
                            <li>
                                <span class={severity_class(reason.severity)}>{ reason.severity.label() }</span>
                                <span class="reason-text">{ reason.text.clone() }</span>
                                if !code.is_empty() { <span class="reason-code">{ code }</span> }
                            </li>
                        }
                    }) }
                </ol>
            }
        </div>
    }
}
