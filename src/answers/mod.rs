//! Answers first: what a person needs from a validation or a simulation in ten
//! seconds, made from the results the core already has. A [`Verdict`] (will it import,
//! the operation, the decisive reasons, each saying what to do), the missing
//! dependencies grouped by the solution that provides them ([`DependencyGroup`]) and
//! the findings grouped by code ([`FindingGroup`]). The page shows them first and the
//! CLI's text starts with them; every row stays available beside them.

mod dependencies;
mod finding_groups;
mod verdict;

use serde::{Deserialize, Serialize};

pub use dependencies::{
    group_missing_dependencies, group_missing_in_org, DependencyComponent, DependencyGroup,
    KindCount, RequiredComponent,
};
pub use finding_groups::{group_findings, FindingGroup};
pub use verdict::{simulation_verdict, validation_verdict, Decision, Reason, Verdict};

use crate::inspect::Inspection;
use crate::simulate::Outcome;
use crate::validate::Validation;

/// The answers to one validation or one simulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answers {
    pub verdict: Verdict,
    /// Validation: the missing dependencies solution.xml lists (the target must have
    /// them), less those the organization validated against has. Simulation: those this
    /// organization does not satisfy.
    pub missing_dependencies: Vec<DependencyGroup>,
    /// Validation: its findings by code, indexing `Validation::findings`. Simulation: none
    /// (its failures and warnings are the verdict's reasons).
    pub findings: Vec<FindingGroup>,
}

/// The answers to validating `inspection` (the package `validation` was made from).
pub fn of_validation(inspection: &Inspection, validation: &Validation) -> Answers {
    let manifest = &inspection.manifest;
    // Checked against an organization: only what it does not have yet.
    let satisfied = validation
        .organization
        .as_ref()
        .map_or(&[][..], |checked| checked.satisfied.as_slice());
    let missing_dependencies = group_missing_dependencies(
        manifest
            .missing_dependencies
            .iter()
            .enumerate()
            .filter(|(index, _)| !satisfied.contains(index))
            .map(|(_, dependency)| dependency),
    );
    let findings = group_findings(&validation.findings);
    let package = verdict::package_name(&manifest.unique_name, &manifest.version);
    let verdict = validation_verdict(&package, validation, &findings, &missing_dependencies);
    Answers {
        verdict,
        missing_dependencies,
        findings,
    }
}

/// The answers to a simulated import.
pub fn of_simulation(outcome: &Outcome) -> Answers {
    let missing_dependencies = group_missing_in_org(
        outcome
            .errors
            .iter()
            .flat_map(|error| error.dependencies.iter()),
    );
    let verdict = simulation_verdict(outcome, &missing_dependencies);
    Answers {
        verdict,
        missing_dependencies,
        findings: Vec::new(),
    }
}
