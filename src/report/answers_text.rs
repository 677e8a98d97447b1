//! The answers in text, at the top of `solinspect validate` and `simulate`: the
//! one-line verdict, what to do, the missing dependencies by solution and the
//! findings by code; with `verbose`, each group's components too.

use std::fmt::Write;

use crate::answers::{Answers, DependencyGroup, FindingGroup, Verdict};
use crate::units::count_of;

/// "verdict: no. X 1.0 will not import into …": the first line of the text.
pub fn verdict_line(verdict: &Verdict) -> String {
    format!(
        "verdict: {}. {}",
        verdict.decision.label(),
        verdict.headline
    )
}

/// The verdict's line and reasons, then the groups. Every line ends with a newline.
pub fn write_answers(out: &mut String, answers: &Answers, verbose: bool) {
    let _ = writeln!(out, "{}", verdict_line(&answers.verdict));
    write_reasons(out, &answers.verdict);
    write_dependency_groups(out, &answers.missing_dependencies, verbose);
    write_finding_groups(out, &answers.findings);
}

fn write_reasons(out: &mut String, verdict: &Verdict) {
    if verdict.reasons.is_empty() {
        return;
    }
    let _ = writeln!(out, "What decides it:");
    for reason in &verdict.reasons {
        let code = reason
            .platform_code
            .as_deref()
            .or(reason.code.map(|code| code.as_str()));
        match code {
            Some(code) => {
                let _ = writeln!(out, "  - {} [{code}]", reason.text);
            }
            None => {
                let _ = writeln!(out, "  - {}", reason.text);
            }
        }
    }
}

/// The missing dependencies by the solution that provides them; with `verbose`, each
/// component under its group with what needs it.
pub fn write_dependency_groups(out: &mut String, groups: &[DependencyGroup], verbose: bool) {
    if groups.is_empty() {
        return;
    }
    let components: usize = groups.iter().map(|group| group.count).sum();
    let solutions = groups
        .iter()
        .filter(|group| group.solution.is_some())
        .count();
    let from = if solutions == 0 {
        String::new()
    } else {
        format!(" from {}", count_of(solutions, "solution"))
    };
    let _ = writeln!(
        out,
        "Missing dependencies by solution ({}{from}):",
        count_of(components, "component")
    );
    for group in groups {
        let _ = writeln!(
            out,
            "  {}: {} ({}), needed by {} of this package",
            group.title,
            count_of(group.count, "component"),
            group.describe_kinds(usize::MAX),
            count_of(group.needed_by_count, "component")
        );
        if !verbose {
            continue;
        }
        for required in &group.components {
            let needed_by: Vec<String> = required
                .needed_by
                .iter()
                .map(|dependent| dependent.describe())
                .collect();
            let _ = writeln!(
                out,
                "    {}, needed by {}",
                required.component.describe(),
                needed_by.join(", ")
            );
        }
    }
}

fn write_finding_groups(out: &mut String, groups: &[FindingGroup]) {
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "Findings by code:");
    for group in groups {
        let platform = group
            .platform_code
            .map(|code| format!(" [{code}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<11} {}{platform} ×{}: {}",
            group.severity.label(),
            group.code,
            group.count,
            group.title
        );
    }
}
