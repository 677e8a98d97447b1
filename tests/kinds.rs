//! The kinds a modern export carries, each read through its declaration (src/kinds.rs):
//! a package built here from the shapes real exports have (Power Pages, desktop flows,
//! custom connectors, Customer Service tables, association sets…) is inspected, validated
//! and simulated; and no file of the vendored corpus (versions/ included) is left
//! without a component unless the JSON says why.

mod common;

use std::io::{Cursor, Write};

use solution_inspector::findings::Code;
use solution_inspector::inspect::Unlinked;
use solution_inspector::org::generate::{default_snapshot, DefaultOrg};
use solution_inspector::simulate::{simulate, Action, ImportOptions};
use solution_inspector::validate::{validate, Profile};
use solution_inspector::{inspect, ComponentKind};

const SITE: &str = "6a0f0c2e-0000-4000-8000-000000000097";
const PAGE: &str = "628cc1df-0aa3-ef11-8a6a-6045bd0313fc";
const BINARY: &str = "b85f1bfd-d92b-4e25-ac23-a9e18e3d0606";
const CONNECTOR: &str = "2928a5c3-a2f4-4cb0-b3ef-359f79483a24";

const SOLUTION_XML: &str = r#"<ImportExportXml version="9.2.26013.152" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive">
  <SolutionManifest>
    <UniqueName>ModernKinds</UniqueName>
    <LocalizedNames><LocalizedName description="Modern kinds" languagecode="1033" /></LocalizedNames>
    <Version>1.0.0.0</Version>
    <Managed>0</Managed>
    <Publisher>
      <UniqueName>contoso</UniqueName>
      <LocalizedNames><LocalizedName description="Contoso" languagecode="1033" /></LocalizedNames>
      <CustomizationPrefix>cr897</CustomizationPrefix>
      <CustomizationOptionValuePrefix>79447</CustomizationOptionValuePrefix>
    </Publisher>
    <RootComponents>
      <RootComponent type="372" id="{2928a5c3-a2f4-4cb0-b3ef-359f79483a24}" schemaName="cr897_5Ftrace-20parser-20mcp" behavior="0" />
      <RootComponent type="powerpagecomponent" id="{628cc1df-0aa3-ef11-8a6a-6045bd0313fc}" behavior="0" />
      <RootComponent type="desktopflowbinary" id="{b85f1bfd-d92b-4e25-ac23-a9e18e3d0606}" behavior="0" />
      <RootComponent type="300" schemaName="cr897_tracker_1a2b3" behavior="0" />
    </RootComponents>
    <MissingDependencies />
  </SolutionManifest>
</ImportExportXml>"#;

/// The sections as real exports write them: the connector from TraceParser's
/// customizations.xml (tests/corpus/versions), the dashboard from a published test of
/// interaction-centric dashboards; a canvas app as the corpus's canvas apps are.
const CUSTOMIZATIONS_XML: &str = r#"<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" OrganizationVersion="9.2.26013.152">
  <Entities />
  <Roles />
  <Workflows />
  <OrganizationSettings>
    <IsAuditEnabled>1</IsAuditEnabled>
  </OrganizationSettings>
  <InteractionCentricDashboards>
    <InteractionCentricDashboard unmodified="1">
      <LocalizedNames>
        <LocalizedName description="Dashboard til kontakter" languagecode="1030" />
        <LocalizedName description="Contacts Dashboard" languagecode="1033" />
      </LocalizedNames>
      <FormId>{70ad8b15-e3f3-4d7d-9e4b-16cb4e51b484}</FormId>
    </InteractionCentricDashboard>
  </InteractionCentricDashboards>
  <CanvasApps>
    <CanvasApp>
      <Name>cr897_tracker_1a2b3</Name>
      <DisplayName>Tracker</DisplayName>
      <DocumentUri>/CanvasApps/cr897_tracker_1a2b3_DocumentUri.msapp</DocumentUri>
    </CanvasApp>
  </CanvasApps>
  <Connectors>
    <Connector>
      <connectorid>2928a5c3-a2f4-4cb0-b3ef-359f79483a24</connectorid>
      <description>Trace Parser MCP Server for SQL MCP</description>
      <displayname>Trace Parser MCP</displayname>
      <iconbrandcolor></iconbrandcolor>
      <name>cr897_5Ftrace-20parser-20mcp</name>
      <connectortype>1</connectortype>
      <openapidefinition>/Connector/cr897_5Ftrace-20parser-20mcp_openapidefinition.json</openapidefinition>
      <connectionparameters>/Connector/cr897_5Ftrace-20parser-20mcp_connectionparameters.json</connectionparameters>
      <policytemplateinstances>/Connector/cr897_5Ftrace-20parser-20mcp_policytemplateinstances.json</policytemplateinstances>
      <iconblob>/Connector/cr897_5Ftrace-20parser-20mcp_iconblob.Png</iconblob>
    </Connector>
  </Connectors>
  <Languages>
    <Language>1033</Language>
  </Languages>
</ImportExportXml>"#;

/// Every entry of the package, in zip order: the folder shapes are those of real
/// exports (`powerpagecomponents/<id>/powerpagecomponent.xml` with `filecontent/`,
/// `desktopflowbinaries/<id>/desktopflowbinary.xml` with `data/`, `Assets/…set.xml`).
fn entries() -> Vec<(String, String)> {
    vec![
        ("solution.xml".into(), SOLUTION_XML.into()),
        ("customizations.xml".into(), CUSTOMIZATIONS_XML.into()),
        (
            "[Content_Types].xml".into(),
            r#"<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /><Default Extension="json" ContentType="application/octet-stream" /><Default Extension="js" ContentType="application/octet-stream" /><Default Extension="msapp" ContentType="application/octet-stream" /><Default Extension="png" ContentType="application/octet-stream" /><Default Extension="txt" ContentType="application/octet-stream" /></Types>"#.into(),
        ),
        (
            "filteredcomponents.xml".into(),
            r#"<Components xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.microsoft.com/crm/2009/" />"#.into(),
        ),
        (
            "powerpagesites/RetailOS/powerpagesite.xml".into(),
            format!(r#"<powerpagesite powerpagesiteid="{SITE}"><name>RetailOS</name><statecode>0</statecode></powerpagesite>"#),
        ),
        (
            format!("powerpagecomponents/{PAGE}/powerpagecomponent.xml"),
            format!(r#"<powerpagecomponent powerpagecomponentid="{PAGE}"><content>{{"partialurl":"portal-ui-bundle.js"}}</content><filecontent mimetype="text/javascript">portal-ui-bundle.js</filecontent><name>portal-ui-bundle.js</name><powerpagecomponenttype>3</powerpagecomponenttype><powerpagesiteid><powerpagesiteid>{SITE}</powerpagesiteid></powerpagesiteid><statecode>0</statecode></powerpagecomponent>"#),
        ),
        (
            format!("powerpagecomponents/{PAGE}/filecontent/portal-ui-bundle.js"),
            "console.log('hi');".into(),
        ),
        (
            format!("desktopflowbinaries/{BINARY}/desktopflowbinary.xml"),
            format!(r#"<desktopflowbinary desktopflowbinaryid="{BINARY}"><name>ControlRepository</name><type>ControlRepository</type><data>/desktopflowbinaries/{BINARY}/data/ControlRepository_104c291e-5233-425c-bde4-e4db1c27a012.json</data><process><workflowid>67dd091d-0ab9-4099-97af-47136f16ce4a</workflowid></process><iscustomizable>1</iscustomizable></desktopflowbinary>"#),
        ),
        (
            format!("desktopflowbinaries/{BINARY}/data/ControlRepository_104c291e-5233-425c-bde4-e4db1c27a012.json"),
            "{}".into(),
        ),
        (
            "aiskillconfigs/cr897_summarise/aiskillconfig.xml".into(),
            r#"<aiskillconfig aiskillconfigid="11111111-2222-4333-8444-555555555555"><name>Summarise</name><iscustomizable>1</iscustomizable></aiskillconfig>"#.into(),
        ),
        (
            "maskingrules/cr897_creditcard/maskingrule.xml".into(),
            r#"<maskingrule maskingruleid="21111111-2222-4333-8444-555555555555"><name>cr897_creditcard</name><regularexpression>\d{16}</regularexpression></maskingrule>"#.into(),
        ),
        (
            "msdyn_sessiontemplates/cr897_chat_session/msdyn_sessiontemplate.xml".into(),
            r#"<msdyn_sessiontemplate msdyn_sessiontemplateid="31111111-2222-4333-8444-555555555555"><msdyn_name>Chat session</msdyn_name><msdyn_uniquename>cr897_chat_session</msdyn_uniquename></msdyn_sessiontemplate>"#.into(),
        ),
        (
            "Connector/cr897_5Ftrace-20parser-20mcp_openapidefinition.json".into(),
            r#"{"swagger":"2.0"}"#.into(),
        ),
        ("Connector/cr897_5Ftrace-20parser-20mcp_connectionparameters.json".into(), "{}".into()),
        ("Connector/cr897_5Ftrace-20parser-20mcp_policytemplateinstances.json".into(), "[]".into()),
        ("Connector/cr897_5Ftrace-20parser-20mcp_iconblob.Png".into(), "PNG".into()),
        ("CanvasApps/cr897_tracker_1a2b3_DocumentUri.msapp".into(), "PK".into()),
        ("CanvasApps/cr897_tracker_1a2b3_AdditionalUris0_identity.json".into(), "{}".into()),
        (
            "Assets/botcomponent_workflowset.xml".into(),
            r#"<botcomponent_workflowset><botcomponent_workflow botcomponentid.schemaname="cr897_bot.topic.Greeting" workflowid.workflowid="67dd091d-0ab9-4099-97af-47136f16ce4a"><iscustomizable>1</iscustomizable></botcomponent_workflow></botcomponent_workflowset>"#.into(),
        ),
        ("Stray/readme.txt".into(), "left over".into()),
    ]
}

fn package() -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (path, text) in entries() {
        writer
            .start_file(path, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn modern_kinds_are_inspected_validated_and_simulated() {
    let bytes = package();
    let inspection = inspect(&bytes).unwrap();
    assert!(
        inspection.diagnostics.is_empty(),
        "{:#?}",
        inspection.diagnostics
    );
    let owner = |path: &str| {
        inspection
            .files
            .iter()
            .find(|file| file.path == path)
            .and_then(|file| file.component.clone())
    };
    // Each file belongs to the component its declaration makes.
    for (path, component) in [
        (
            "Connector/cr897_5Ftrace-20parser-20mcp_iconblob.Png",
            "connector:cr897_5Ftrace-20parser-20mcp".to_owned(),
        ),
        (
            "powerpagesites/RetailOS/powerpagesite.xml",
            "powerPageSite:RetailOS".into(),
        ),
        (
            &format!("powerpagecomponents/{PAGE}/filecontent/portal-ui-bundle.js"),
            format!("powerPageComponent:{PAGE}"),
        ),
        (
            &format!("desktopflowbinaries/{BINARY}/data/ControlRepository_104c291e-5233-425c-bde4-e4db1c27a012.json"),
            format!("desktopFlowBinary:{BINARY}"),
        ),
        (
            "aiskillconfigs/cr897_summarise/aiskillconfig.xml",
            "aiSkillConfig:cr897_summarise".into(),
        ),
        (
            "maskingrules/cr897_creditcard/maskingrule.xml",
            "maskingRule:cr897_creditcard".into(),
        ),
        (
            "msdyn_sessiontemplates/cr897_chat_session/msdyn_sessiontemplate.xml",
            "sessionTemplate:cr897_chat_session".into(),
        ),
        (
            "CanvasApps/cr897_tracker_1a2b3_AdditionalUris0_identity.json",
            "canvasApp:cr897_tracker_1a2b3".into(),
        ),
        (
            "Assets/botcomponent_workflowset.xml",
            "associationSet:botcomponent_workflowset".into(),
        ),
    ] {
        assert_eq!(owner(path).as_deref(), Some(component.as_str()), "{path}");
    }
    // What is left says why.
    let unlinked: Vec<(&str, Option<Unlinked>)> = inspection
        .files
        .iter()
        .filter(|file| file.component.is_none())
        .map(|file| (file.path.as_str(), file.unlinked))
        .collect();
    assert_eq!(
        unlinked,
        [
            ("solution.xml", None),
            ("customizations.xml", None),
            ("[Content_Types].xml", None),
            ("filteredcomponents.xml", Some(Unlinked::PackageFile)),
            ("Stray/readme.txt", Some(Unlinked::Unreferenced)),
        ]
    );
    assert_eq!(inspection.unreferenced_files, ["Stray/readme.txt"]);
    assert!(
        inspection.unknown_sections.is_empty(),
        "{:?}",
        inspection.unknown_sections
    );

    // Names, display names and ids as the declarations read them.
    let connector = inspection
        .find(ComponentKind::Connector, "cr897_5Ftrace-20parser-20mcp")
        .unwrap();
    assert_eq!(connector.display_name.as_deref(), Some("Trace Parser MCP"));
    assert_eq!(connector.id.as_deref(), Some(CONNECTOR));
    let dashboard = inspection
        .find(
            ComponentKind::InteractionCentricDashboard,
            "{70ad8b15-e3f3-4d7d-9e4b-16cb4e51b484}",
        )
        .unwrap();
    assert_eq!(
        dashboard.display_name.as_deref(),
        Some("Contacts Dashboard")
    );
    assert_eq!(inspection.count(ComponentKind::OrganizationSettings), 1);
    let page = inspection
        .find(ComponentKind::PowerPageComponent, PAGE)
        .unwrap();
    assert_eq!(page.display_name.as_deref(), Some("portal-ui-bundle.js"));
    let binary = inspection
        .find(ComponentKind::DesktopFlowBinary, BINARY)
        .unwrap();
    assert_eq!(
        binary.property("IsCustomizable").and_then(|p| p.value),
        Some(true)
    );
    // Root components by type number and by logical name.
    let unmatched: Vec<_> = inspection
        .manifest
        .root_components
        .iter()
        .filter(|root| root.matched.is_none())
        .collect();
    assert!(unmatched.is_empty(), "{unmatched:#?}");

    // Validation checks their files: only the stray one is reported.
    let validation = validate(&inspection, &Profile::online());
    let file_findings: Vec<(Code, Option<&str>)> = validation
        .findings
        .iter()
        .filter(|finding| matches!(finding.code, Code::SV0204 | Code::SV0205))
        .map(|finding| (finding.code, finding.location.file.as_deref()))
        .collect();
    assert_eq!(file_findings, [(Code::SV0205, Some("Stray/readme.txt"))]);

    // Simulation gives every new component an outcome.
    let metadata =
        std::fs::read_to_string(common::corpus_dir().join("../org-metadata/system-tables.json"))
            .expect("the system tables' metadata");
    let snapshot = default_snapshot(&metadata, DefaultOrg::Online92).unwrap();
    let outcome = simulate(
        &inspection,
        Some(&bytes),
        &snapshot,
        &ImportOptions::default(),
    );
    for component in &inspection.components {
        let simulated = outcome
            .components
            .iter()
            .find(|simulated| {
                simulated.key
                    == solution_inspector::org::component_key(
                        component.kind,
                        component.parent.as_deref(),
                        &component.name,
                    )
            })
            .unwrap_or_else(|| panic!("{} has no outcome", component.key()));
        assert_eq!(simulated.action, Action::Created, "{}", component.key());
    }
}

/// Every file of every vendored package (versions/ included) has a component, is one of
/// the three format files, or says why it has none; the strays are the known ones.
#[test]
fn every_corpus_file_has_a_component_or_a_reason() {
    let packages = common::every_package_path();
    assert!(packages.len() >= 40, "{} packages", packages.len());
    let mut reasons = Vec::new();
    for path in &packages {
        let inspection = inspect(&std::fs::read(path).unwrap()).unwrap();
        for file in &inspection.files {
            let format_file = ["solution.xml", "customizations.xml", "[Content_Types].xml"]
                .contains(&file.path.as_str());
            match (&file.component, file.unlinked) {
                (Some(_), None) => {}
                (None, None) => assert!(format_file, "{}: {}", path.display(), file.path),
                (None, Some(reason)) => reasons.push((file.path.clone(), reason)),
                (Some(_), Some(_)) => panic!("{}: {} has both", path.display(), file.path),
            }
        }
    }
    reasons.sort_by(|a, b| a.0.cmp(&b.0));
    reasons.dedup();
    assert_eq!(
        reasons,
        [
            // A re-zipped source folder whose web resource file has a `.js` that
            // customizations.xml's FileName lacks: a real defect (validate says so, SV0204).
            (
                "WebResources/kpd_logmessagejsEB2710F2-32D4-E711-80D0-005056B33E0A.js".to_owned(),
                Unlinked::Unreferenced
            ),
            ("filteredcomponents.xml".to_owned(), Unlinked::PackageFile),
        ]
    );
}

/// An AI model's configurations (type 402) are components of their own, nested in the
/// model and naming it as their parent: the real ones of BatchMonitoringAgent.
#[test]
fn ai_configurations_are_read_within_their_model() {
    let path = common::corpus_dir().join(
        "microsoft__Dynamics-365-FastTrack-Implementation-Assets__BatchMonitoringAgent_Solution_1_0_0_3_unmanaged.zip",
    );
    let inspection = inspect(&std::fs::read(path).unwrap()).unwrap();
    let configuration = inspection
        .find(
            ComponentKind::AiConfiguration,
            "{bbe7e19a-e972-41d8-9913-e2df811692e0}",
        )
        .expect("the prompt's run configuration");
    assert_eq!(
        configuration.display_name.as_deref(),
        Some("3d11a24c-0f20-4b1d-b196-0dfdf84b63d7_8/27/2025 3:01:28 PM")
    );
    assert_eq!(
        configuration.parent.as_deref(),
        Some("{3d11a24c-0f20-4b1d-b196-0dfdf84b63d7}")
    );
    assert_eq!(
        configuration
            .property("IsCustomizable")
            .and_then(|property| property.value),
        Some(true)
    );
    // Every configuration's model is in the package, and the model keeps its own name.
    let configurations: Vec<_> = inspection
        .components
        .iter()
        .filter(|component| component.kind == ComponentKind::AiConfiguration)
        .collect();
    assert!(configurations.len() >= 2, "{}", configurations.len());
    for configuration in configurations {
        let model = configuration.parent.as_deref().unwrap();
        assert!(
            inspection.find(ComponentKind::AiModel, model).is_some(),
            "{model}"
        );
    }
    let model = inspection
        .find(
            ComponentKind::AiModel,
            "{3d11a24c-0f20-4b1d-b196-0dfdf84b63d7}",
        )
        .unwrap();
    assert_eq!(
        model.display_name.as_deref(),
        Some("Batch Job Id Telemetry")
    );
}
