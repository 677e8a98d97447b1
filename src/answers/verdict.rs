//! The verdict: will the package import into the target (yes, no, yes with warnings),
//! as which operation, and the few reasons that decide it, each saying what to do,
//! with the platform's code beside it.

use serde::{Deserialize, Serialize};

use super::dependencies::DependencyGroup;
use super::finding_groups::FindingGroup;
use crate::findings::{Code, Severity};
use crate::simulate::{Operation, Outcome, Rule, Warning};
use crate::units::{count_of, sentence};
use crate::validate::{Finding, Validation};

/// Will it import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    Yes,
    YesWithWarnings,
    No,
}

impl Decision {
    /// "yes", "yes, with warnings", "no".
    pub fn label(self) -> &'static str {
        match self {
            Decision::Yes => "yes",
            Decision::YesWithWarnings => "yes, with warnings",
            Decision::No => "no",
        }
    }
}

/// The answer to "will it import?", in one screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub decision: Decision,
    /// The operation the import would be; `None` when only validated (validation knows
    /// the target's profile, not an organization's solutions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<Operation>,
    /// The target organization in words.
    pub target: String,
    /// One line: "msdynce_FieldServiceIntegration 2.0.0.1 will not import into …".
    pub headline: String,
    /// The reasons that decide it, the most decisive first.
    pub reasons: Vec<Reason>,
}

/// One reason, a plain sentence of what to do, with the platform's code beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub text: String,
    /// How much it weighs: an error stops the import, a warning does not.
    pub severity: Severity,
    /// The tool's catalogue code (validation reasons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// The platform's error code (`0x8004801D`), where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_code: Option<String>,
    /// The platform's error name (`MissingDependencies`…), where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
}

pub(super) fn package_name(unique_name: &str, version: &str) -> String {
    match (unique_name.trim(), version.trim()) {
        ("", _) => "The package".to_owned(),
        (name, "") => name.to_owned(),
        (name, version) => format!("{name} {version}"),
    }
}

/// The verdict of a simulated import: no when it fails (one reason a failure, the
/// missing dependencies one a providing solution), yes with warnings when it has
/// warnings (one reason a warning), else yes.
pub fn simulation_verdict(outcome: &Outcome, dependencies: &[DependencyGroup]) -> Verdict {
    let solution = &outcome.solution;
    let package = package_name(&solution.unique_name, &solution.version);
    let target = simulation_target(outcome);
    let operation = outcome.operation.key();
    let mut reasons = Vec::new();
    for error in &outcome.errors {
        let platform_code = Some(error.code.clone()).filter(|code| !code.is_empty());
        let platform_name = Some(error.name.clone()).filter(|name| !name.is_empty());
        if error.rule == Rule::MissingDependencies && !dependencies.is_empty() {
            reasons.extend(dependencies.iter().map(|group| Reason {
                text: group.what_to_do(),
                severity: Severity::Error,
                code: None,
                platform_code: platform_code.clone(),
                platform_name: platform_name.clone(),
            }));
        } else {
            reasons.push(Reason {
                text: sentence(&error.explanation),
                severity: Severity::Error,
                code: None,
                platform_code,
                platform_name,
            });
        }
    }
    // Information (what is normal for the import) neither makes it a "yes, with
    // warnings" nor is a reason.
    let warnings: Vec<&Warning> = outcome
        .warnings
        .iter()
        .filter(|warning| warning.is_warning())
        .collect();
    let decision = if !outcome.success {
        Decision::No
    } else if warnings.is_empty() {
        Decision::Yes
    } else {
        Decision::YesWithWarnings
    };
    if outcome.success {
        reasons.extend(warnings.iter().map(|warning| Reason {
            text: sentence(&warning.message),
            severity: Severity::Warning,
            code: None,
            platform_code: warning.code.clone(),
            platform_name: None,
        }));
    }
    let headline = match decision {
        Decision::No => {
            let code = outcome.error_code().filter(|code| !code.is_empty());
            let mut text =
                format!("{package} will not import into {target}: the {operation} would fail");
            if let Some(code) = code {
                text.push_str(&format!(" with {code}"));
            }
            if outcome.errors.len() > 1 {
                text.push_str(&format!(
                    " ({} in all)",
                    count_of(outcome.errors.len(), "problem")
                ));
            }
            text.push('.');
            text
        }
        Decision::YesWithWarnings => format!(
            "{package} will import into {target}: the {operation} succeeds, with {}.",
            count_of(warnings.len(), "warning")
        ),
        Decision::Yes => format!("{package} will import into {target}: the {operation} succeeds."),
    };
    Verdict {
        decision,
        operation: Some(outcome.operation),
        target,
        headline,
        reasons,
    }
}

/// The organization's name ("On-premises 9.1 (default)"), else "the on-premises
/// 9.1.0.0 organization".
fn simulation_target(outcome: &Outcome) -> String {
    let name = outcome.organization.trim();
    if !name.is_empty() {
        return name.to_owned();
    }
    let deployment = match outcome.organization_deployment {
        crate::target::Deployment::OnPremises => "on-premises",
        crate::target::Deployment::Online => "online",
    };
    format!(
        "the {deployment} {} organization",
        outcome.organization_version
    )
}

/// The verdict of validation against a target profile: no with error findings (one
/// reason an error code), yes with warnings with warnings (one reason a providing
/// solution of the missing dependencies, then one a warning code), else yes.
/// Information is never a reason.
pub fn validation_verdict(
    package: &str,
    validation: &Validation,
    groups: &[FindingGroup],
    dependencies: &[DependencyGroup],
) -> Verdict {
    let target = validation.profile.label();
    let counts = validation.counts;
    let decision = if counts.errors > 0 {
        Decision::No
    } else if counts.warnings > 0 {
        Decision::YesWithWarnings
    } else {
        Decision::Yes
    };
    let decisive = match decision {
        Decision::No => Severity::Error,
        _ => Severity::Warning,
    };
    let mut reasons = Vec::new();
    for group in groups.iter().filter(|group| group.severity == decisive) {
        if group.code == Code::SV0401 && !dependencies.is_empty() {
            let platform_code = group.platform_code.map(|code| code.hex().to_owned());
            let platform_name = group.platform_code.map(|code| code.name().to_owned());
            reasons.extend(dependencies.iter().map(|dependency| Reason {
                text: dependency.what_to_do(),
                severity: group.severity,
                code: Some(group.code),
                platform_code: platform_code.clone(),
                platform_name: platform_name.clone(),
            }));
        } else if let Some(first) = group
            .findings
            .first()
            .and_then(|index| validation.findings.get(*index))
        {
            reasons.push(finding_reason(first, group));
        }
    }
    let headline = match decision {
        Decision::No => format!(
            "{package} will not import into {target}: {}.",
            count_of(counts.errors, "error")
        ),
        Decision::YesWithWarnings => format!(
            "{package} can import into {target}, with {}.",
            count_of(counts.warnings, "warning")
        ),
        Decision::Yes => format!("{package} can import into {target}: no errors, no warnings."),
    };
    Verdict {
        decision,
        operation: None,
        target,
        headline,
        reasons,
    }
}

/// A group's first finding in a sentence, and how many more say the same.
fn finding_reason(first: &Finding, group: &FindingGroup) -> Reason {
    let mut text = sentence(&first.message);
    if group.count > 1 {
        let more = count_of(group.count - 1, "more finding");
        text = format!("{} ({more} of {}).", text.trim_end_matches('.'), group.code);
    }
    Reason {
        text,
        severity: group.severity,
        code: Some(group.code),
        platform_code: first.platform_code.map(|code| code.hex().to_owned()),
        platform_name: first.platform_code.map(|code| code.name().to_owned()),
    }
}
