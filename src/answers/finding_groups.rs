//! Findings grouped by code, with counts, the most severe first: a few groups to read
//! instead of hundreds of rows, each naming the rows it holds.

use serde::{Deserialize, Serialize};

use crate::findings::{Category, Code, Severity};
use crate::platform::PlatformError;
use crate::units::count_of;
use crate::validate::Finding;

/// The findings of one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingGroup {
    pub code: Code,
    pub severity: Severity,
    pub category: Category,
    /// The catalogue's one line for the code.
    pub title: String,
    /// The platform's error code, where the code's findings carry one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_code: Option<PlatformError>,
    pub count: usize,
    /// The findings' indexes in the list grouped (the validation's findings, in the
    /// order the engine sends them), in that list's order.
    pub findings: Vec<usize>,
}

impl FindingGroup {
    /// The code, its severity, title and count, in one line.
    pub fn describe(&self) -> String {
        format!(
            "{} {}: {} ({})",
            self.code.as_str(),
            self.severity.label(),
            self.title,
            count_of(self.count, "finding")
        )
    }
}

/// One group a code, errors first, then warnings, then information; within a
/// severity the largest group first, then by code.
pub fn group_findings(findings: &[Finding]) -> Vec<FindingGroup> {
    let mut groups: Vec<FindingGroup> = Vec::new();
    for (index, finding) in findings.iter().enumerate() {
        match groups.iter_mut().find(|group| group.code == finding.code) {
            Some(group) => {
                group.count += 1;
                group.findings.push(index);
                group.severity = group.severity.max(finding.severity);
                group.platform_code = group.platform_code.or(finding.platform_code);
            }
            None => groups.push(FindingGroup {
                code: finding.code,
                severity: finding.severity,
                category: finding.category,
                title: finding.code.entry().title.to_owned(),
                platform_code: finding.platform_code,
                count: 1,
                findings: vec![index],
            }),
        }
    }
    groups.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
    });
    groups
}
