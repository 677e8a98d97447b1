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
        snapshot.solutions.push(platform_solution(
            solution.unique_name,
            Some(solution.display_name),
            solution.version,
        ));
        for component in solution.components {
            add_component(
                snapshot,
                solution.unique_name,
                OrgComponent {
                    kind: component.kind,
                    name: component.name.to_owned(),
                    parent: None,
                    display_name: Some(component.display_name.to_owned()),
                    id: component.id.map(str::to_owned),
                    layers: Vec::new(),
                    unmanaged_solutions: Vec::new(),
                    requires: Vec::new(),
                },
            );
        }
    }
}

/// A platform solution as installed: managed, install order 0, published by Microsoft.
fn platform_solution(
    unique_name: &str,
    display_name: Option<&str>,
    version: &str,
) -> InstalledSolution {
    InstalledSolution {
        unique_name: unique_name.to_owned(),
        display_name: display_name.map(str::to_owned),
        version: version.to_owned(),
        managed: true,
        publisher: MICROSOFT.to_owned(),
        install_order: 0,
        // Not built in: a package built against a later version still needs that version.
        built_in: false,
        holding_for: None,
        patch_of: None,
        generated_by: None,
    }
}

/// Puts `component` in the snapshot with `solution` as its layer; a component the
/// snapshot already has (a system table's column, say) gains that layer on top.
fn add_component(snapshot: &mut Snapshot, solution: &str, mut component: OrgComponent) {
    match snapshot.components.get_mut(&component.key()) {
        Some(existing) => {
            if !existing.has_layer(solution) {
                existing.layers.push(Layer::new(solution));
            }
        }
        None => {
            component.layers = vec![Layer::new(solution)];
            snapshot.components.insert(component.key(), component);
        }
    }
}

/// One Dynamics 365 app whose first-party solutions the "with Dynamics 365 apps"
/// default holds.
pub struct DynamicsApp {
    pub name: &'static str,
    /// Where Microsoft describes installing the app into an environment. The
    /// solutions' names and versions come from the packages (the table below).
    pub source: &'static str,
    /// The solutions of the app that corpus packages depend on.
    pub solutions: &'static [&'static str],
}

/// The first-party solutions of an online environment with Dynamics 365 Sales,
/// Customer Service and Field Service and a Power Pages site, grouped by the app
/// that installs them. Solutions a corpus package names that are not Microsoft's
/// first-party ones stay out: SparkleXrm (an open-source library), CreatorKitCore
/// (the Power CAT Creator Kit, downloaded separately) and SampleEditorCustomControl
/// (a sample control).
pub const DYNAMICS_365_APPS: &[DynamicsApp] = &[
    DynamicsApp {
        name: "Dynamics 365 Sales and Customer Service",
        source: "https://learn.microsoft.com/en-us/dynamics365/sales/install-overview",
        solutions: &[
            "msdynce_AppCommon",
            "msdynce_Sales",
            "msdynce_Service",
            "msdynce_ProductManagement",
            "msdynce_LeadManagement",
            "msdynce_Customerservicehub",
            "msdynce_ServicePatch201911",
            "msdynce_Scheduling",
            "msdynce_ProspectToCashIntegration",
            "msdyn_ConnectedCustomerService",
            "ActivityFeedsCore",
        ],
    },
    DynamicsApp {
        name: "Dynamics 365 Field Service",
        source: "https://learn.microsoft.com/en-us/dynamics365/field-service/install-field-service",
        solutions: &["FieldService", "MicrosoftDynamicsScheduling", "msdyn_AssetCommon"],
    },
    DynamicsApp {
        name: "Power Pages",
        source: "https://learn.microsoft.com/en-us/power-pages/admin/update-solution",
        solutions: &[
            "PowerPages_RuntimeCore",
            "PowerPages_RuntimeCoreDependencies",
            "MicrosoftPortalBase",
            "MicrosoftPortalDependencies",
            "MicrosoftIdentity",
            "msdynce_PortalPrivacyExtensions",
        ],
    },
    DynamicsApp {
        name: "Model-driven apps and AI Builder of an online environment",
        source: "https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/ispaienabled",
        solutions: &[
            "msdyn_AISolution",
            "BaseCustomControlsCore",
            "CustomControlsCore",
            "AppModuleWebResources",
            "msdyn_SystemAppActions",
        ],
    },
];

/// The components of [`DYNAMICS_365_APPS`] that corpus packages need, one row per
/// component: solution, the version the package names it with, component type,
/// schema name (or id), parent schema name, display name, id, the corpus package.
/// `tests/org_defaults.rs` makes it from the packages' MissingDependencies and
/// checks it is current.
pub const DYNAMICS_365_APP_COMPONENTS: &str = include_str!("first_party_apps.tsv");

/// One row of [`DYNAMICS_365_APP_COMPONENTS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppComponentRow<'a> {
    pub solution: &'a str,
    pub version: &'a str,
    pub type_code: &'a str,
    pub name: &'a str,
    pub parent: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub id: Option<&'a str>,
    pub source: &'a str,
}

impl<'a> AppComponentRow<'a> {
    pub const HEADER: &'static str =
        "solution\tversion\ttype\tname\tparent\tdisplayName\tid\tsource";

    /// Reads one line of the table; `None` for the header, a blank or a short line.
    pub fn parse(line: &'a str) -> Option<Self> {
        let fields: Vec<&str> = line.split('\t').collect();
        let [solution, version, type_code, name, parent, display_name, id, source] =
            fields.as_slice()
        else {
            return None;
        };
        let optional = |text: &'a str| (!text.is_empty()).then_some(text);
        (*solution != "solution").then_some(AppComponentRow {
            solution,
            version,
            type_code,
            name,
            parent: optional(parent),
            display_name: optional(display_name),
            id: optional(id),
            source,
        })
    }

    /// The line [`Self::parse`] reads back.
    pub fn to_line(&self) -> String {
        [
            self.solution,
            self.version,
            self.type_code,
            self.name,
            self.parent.unwrap_or(""),
            self.display_name.unwrap_or(""),
            self.id.unwrap_or(""),
            self.source,
        ]
        .join("\t")
    }
}

/// Every row of the apps' component table.
pub fn app_component_rows() -> impl Iterator<Item = AppComponentRow<'static>> {
    DYNAMICS_365_APP_COMPONENTS
        .lines()
        .filter_map(AppComponentRow::parse)
}

/// Adds the Dynamics 365 apps' solutions (each at the highest version a corpus
/// package names) and the components real packages need from them. A component
/// the snapshot already has (a system table's column, say) gains the solution's
/// layer on top.
pub fn add_dynamics_365_apps(snapshot: &mut Snapshot) {
    let rows: Vec<AppComponentRow<'static>> = app_component_rows().collect();
    for app in DYNAMICS_365_APPS {
        for &unique_name in app.solutions {
            let of_solution = || rows.iter().filter(|row| row.solution == unique_name);
            let Some(version) = of_solution()
                .map(|row| row.version)
                .max_by(|a, b| super::compare_versions(a, b))
            else {
                continue;
            };
            if snapshot.solution(unique_name).is_none() {
                snapshot
                    .solutions
                    .push(platform_solution(unique_name, None, version));
            }
            for row in of_solution() {
                add_app_component(snapshot, row);
            }
        }
    }
}

fn add_app_component(snapshot: &mut Snapshot, row: &AppComponentRow<'_>) {
    let kinds = ComponentKind::from_type_attribute(row.type_code);
    let Some(kind) = kinds.iter().next().copied() else {
        return;
    };
    let parent = row.parent.filter(|_| kind.parent_in_key());
    add_component(
        snapshot,
        row.solution,
        OrgComponent {
            kind,
            name: row.name.to_owned(),
            parent: parent.map(str::to_owned),
            display_name: row.display_name.map(str::to_owned),
            id: row.id.map(|id| id.to_ascii_lowercase()),
            layers: Vec::new(),
            unmanaged_solutions: Vec::new(),
            requires: Vec::new(),
        },
    );
}
