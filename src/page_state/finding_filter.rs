//! Which findings the Findings view lists: by severity, by category, by the component they
//! are about, and by a search of their words. The groups by code come from the core
//! (`answers::group_findings`); the filter only hides rows of them, and a group with no row
//! left is not shown.

use crate::findings::{Category, Severity};
use crate::protocol::LinkedFinding;

/// The Findings view's filters; empty ones let every finding through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingFilter {
    pub severity: Option<Severity>,
    pub category: Option<Category>,
    /// Part of the component's link text ("column fab_name of table fab_thing"), any case.
    pub component: String,
    /// Part of the code, the platform's code, the message or the location, any case.
    pub search: String,
}

fn contains_folded(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(needle)
}

impl FindingFilter {
    /// No filter is set.
    pub fn is_empty(&self) -> bool {
        *self == FindingFilter::default()
    }

    pub fn passes(&self, (finding, component): &LinkedFinding) -> bool {
        if self
            .severity
            .is_some_and(|severity| finding.severity != severity)
            || self
                .category
                .is_some_and(|category| finding.category != category)
        {
            return false;
        }
        let wanted = self.component.trim().to_lowercase();
        if !wanted.is_empty()
            && !component
                .as_ref()
                .is_some_and(|(_, link)| contains_folded(link, &wanted))
        {
            return false;
        }
        let search = self.search.trim().to_lowercase();
        search.is_empty()
            || contains_folded(finding.code.as_str(), &search)
            || finding
                .platform_code
                .is_some_and(|code| contains_folded(code.hex(), &search))
            || contains_folded(&finding.message, &search)
            || contains_folded(&finding.location.describe(), &search)
    }

    /// The rows of a group (`indexes` into `findings`) this filter lets through.
    pub fn rows(&self, findings: &[LinkedFinding], indexes: &[usize]) -> Vec<usize> {
        indexes
            .iter()
            .copied()
            .filter(|index| findings.get(*index).is_some_and(|row| self.passes(row)))
            .collect()
    }
}
