//! The platform's own solutions every organization of a version has, added to
//! the default snapshots with the components real packages need from them.
//!
//! Each fact names its source: the documentation page that says every
//! organization ships the solution, and the public package whose
//! `<MissingDependencies>` (solution.xml) gives the solution's version and the
//! component's type, name and id.

use super::{InstalledSolution, Layer, OrgComponent, Snapshot};
use crate::model::ComponentKind;

/// The platform's own publisher, of the system solutions and the first-party ones.
pub(super) const MICROSOFT: &str = "MicrosoftCorporation";

/// One component a platform solution brings, as a dependency names it.
pub struct PlatformComponent {
    pub kind: ComponentKind,
    /// The name the package reader keys it by (a braced lower-case id for
    /// components keyed by id).
    pub name: &'static str,
    pub display_name: &'static str,
    pub id: Option<&'static str>,
    /// The corpus package whose MissingDependencies name it.
    pub source: &'static str,
}

/// A platform solution every organization of the defaults' versions has.
pub struct PlatformSolution {
    pub unique_name: &'static str,
    pub display_name: &'static str,
    /// The highest version a corpus package names it with.
    pub version: &'static str,
    /// Where Microsoft says every organization has it.
    pub shipped_with_every_organization: &'static str,
    /// The corpus package that names it and its version.
    pub source: &'static str,
    pub components: &'static [PlatformComponent],
}

const PENTAWORK: &str =
    "tests/corpus/pentawork-solutions__PentaWork.Xrm.Scheduler__PentaWorkScheduler_0_11_1_unmanaged_rawfolder.zip";

/// The platform solutions of every 9.x organization, on-premises and online.
pub const EVERY_ORGANIZATION: &[PlatformSolution] = &[PlatformSolution {
    unique_name: "ODatav4DataProvider",
    display_name: "OData v4 Data Provider",
    version: "9.0.0.171",
    // "use the OData v4 Data Provider included with your version of Dynamics 365
    // Customer Engagement" (on-premises 9.x) and "included with your environment" (online).
    shipped_with_every_organization: "https://learn.microsoft.com/en-us/dynamics365/customerengagement/on-premises/customize/virtual-entity-walkthrough-using-odata-provider?view=op-9-1; https://learn.microsoft.com/en-us/power-apps/maker/data-platform/virtual-entity-walkthrough-using-odata-provider",
    source: PENTAWORK,
    components: &[PlatformComponent {
        kind: ComponentKind::EntityDataProvider,
        name: "{a17be158-e9dd-e611-80d3-00155da29216}",
        display_name: "OData v4 Data Provider",
        id: Some("{a17be158-e9dd-e611-80d3-00155da29216}"),
        source: PENTAWORK,
    }],
}];

/// Adds the platform solutions (managed, install order 0, publisher Microsoft)
/// and their components, each with its solution as its only layer.
pub fn add_platform_solutions(snapshot: &mut Snapshot) {
    for solution in EVERY_ORGANIZATION {
        if snapshot.solution(solution.unique_name).is_some() {
            continue;
        }
        snapshot.solutions.push(InstalledSolution {
            unique_name: solution.unique_name.to_owned(),
            display_name: Some(solution.display_name.to_owned()),
            version: solution.version.to_owned(),
            managed: true,
            publisher: MICROSOFT.to_owned(),
            install_order: 0,
            // Not built in: a package built against a later version still needs that version.
            built_in: false,
            holding_for: None,
            patch_of: None,
            generated_by: None,
        });
        for component in solution.components {
            let component = OrgComponent {
                kind: component.kind,
                name: component.name.to_owned(),
                parent: None,
                display_name: Some(component.display_name.to_owned()),
                id: component.id.map(str::to_owned),
                layers: vec![Layer::new(solution.unique_name)],
                unmanaged_solutions: Vec::new(),
                requires: Vec::new(),
            };
            snapshot.components.insert(component.key(), component);
        }
    }
}
