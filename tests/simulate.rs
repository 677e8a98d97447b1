//! Import simulation: one test per rule, on packages made in memory from real
//! corpus packages (version, Managed flag, publisher, … rewritten in the XML
//! text and re-zipped), the install/upgrade/update/uninstall chains, and the
//! reports read back.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::{Cursor, Read, Write};

use solution_inspector::org::generate::{default_snapshot, DefaultOrg};
use solution_inspector::org::{Layer, OrgComponent, Snapshot};
use solution_inspector::report::import_log::{to_log_workbook, COMPONENT_COLUMNS};
use solution_inspector::report::import_times::ImportTimes;
use solution_inspector::report::importjob::to_importjob_xml;
use solution_inspector::report::simulate_json;
use solution_inspector::simulate::{
    apply, promote, simulate, simulate_bytes, uninstall, Action, ComponentOutcome, ImportMode,
    ImportOptions, Operation, Outcome,
};
use solution_inspector::ComponentKind;

const CHANGE_TRACKING: &str =
    "microsoft__PowerApps-Samples__ChangeTrackingSample_1_0_0_0_managed.zip";
const SCHEDULING_UNMANAGED: &str =
    "microsoft__Dynamics-365-FastTrack-Implementation-Assets__ServiceUniversalScheduling_1_2_0_0_unmanaged.zip";
const SCHEDULING_MANAGED: &str =
    "microsoft__Dynamics-365-FastTrack-Implementation-Assets__ServiceUniversalScheduling_1_2_0_0_managed.zip";
const SCHEDULING_SCRIPT: &str =
    "webresource:msdyn_/serviceuniversalscheduling/equipment/facilityequipmentdisplay.js";
/// A view of sample_book that later versions drop.
const DROPPED_VIEW: &str = "{20b58eec-b4d8-e411-80db-00155d2a68cb}";
const START: i64 = 1_764_028_800_000; // 2025-11-25 00:00:00 UTC

fn corpus(name: &str) -> Vec<u8> {
    common::read_corpus(name)
}

/// The real metadata of the system tables the default snapshots are built from.
fn system_tables() -> String {
    let path = common::corpus_dir().join("../org-metadata/system-tables.json");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

fn on_premises() -> Snapshot {
    default_snapshot(&system_tables(), DefaultOrg::OnPremises91).expect("default snapshot")
}

fn online() -> Snapshot {
    default_snapshot(&system_tables(), DefaultOrg::Online92).expect("default snapshot")
}

/// A package rebuilt from `bytes`: `edit` may rewrite any text entry (return
/// `None` to drop the entry).
fn repack(bytes: &[u8], edit: impl Fn(&str, String) -> Option<String>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("corpus zip opens");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry reads");
        let name = entry.name().expect("entry name").into_owned();
        let mut content = Vec::new();
        entry
            .read_to_end(&mut content)
            .expect("entry content reads");
        let content = match String::from_utf8(content) {
            Ok(text) if name.ends_with(".xml") => match edit(&name, text) {
                Some(text) => text.into_bytes(),
                None => continue,
            },
            Ok(text) => text.into_bytes(),
            Err(err) => err.into_bytes(),
        };
        writer.start_file(name, options).expect("entry starts");
        writer.write_all(&content).expect("entry writes");
    }
    writer.finish().expect("zip finishes").into_inner()
}

/// Replaces the text of the first `<tag>` after `after` (in solution.xml).
fn replace_element(text: &str, after: &str, tag: &str, value: &str) -> String {
    let base = text.find(after).expect("anchor is present");
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = base + text[base..].find(&open).expect("element is present") + open.len();
    let end = start + text[start..].find(&close).expect("element closes");
    format!("{}{value}{}", &text[..start], &text[end..])
}

#[derive(Clone, Default)]
struct Variant {
    version: Option<&'static str>,
    managed: Option<bool>,
    publisher: Option<&'static str>,
    unique_name: Option<&'static str>,
    generated_by: Option<&'static str>,
    package_version: Option<&'static str>,
    drop_view: bool,
    all_not_customizable: bool,
    missing_dependencies: Option<&'static str>,
    drop_content_types: bool,
}

fn variant(base: &str, variant: &Variant) -> Vec<u8> {
    let bytes = corpus(base);
    repack(&bytes, |name, mut text| {
        if name == "[Content_Types].xml" && variant.drop_content_types {
            return None;
        }
        if name == "solution.xml" {
            if let Some(version) = variant.version {
                text = replace_element(&text, "<SolutionManifest>", "Version", version);
            }
            if let Some(managed) = variant.managed {
                text = replace_element(
                    &text,
                    "<SolutionManifest>",
                    "Managed",
                    if managed { "1" } else { "0" },
                );
            }
            if let Some(publisher) = variant.publisher {
                text = replace_element(&text, "<Publisher>", "UniqueName", publisher);
            }
            if let Some(unique_name) = variant.unique_name {
                text = replace_element(&text, "<SolutionManifest>", "UniqueName", unique_name);
            }
            if let Some(sku) = variant.generated_by {
                text = text.replace(
                    "generatedBy=\"OnPremise\"",
                    &format!("generatedBy=\"{sku}\""),
                );
            }
            if let Some(package_version) = variant.package_version {
                let start = text.find("SolutionPackageVersion=\"").expect("attribute") + 24;
                let end = start + text[start..].find('"').expect("attribute ends");
                text = format!("{}{package_version}{}", &text[..start], &text[end..]);
            }
            if let Some(dependencies) = variant.missing_dependencies {
                text = match text.find("<MissingDependencies />") {
                    Some(_) => text.replace(
                        "<MissingDependencies />",
                        &format!("<MissingDependencies>{dependencies}</MissingDependencies>"),
                    ),
                    None => text.replace(
                        "</SolutionManifest>",
                        &format!("<MissingDependencies>{dependencies}</MissingDependencies></SolutionManifest>"),
                    ),
                };
            }
        }
        if name == "customizations.xml" {
            if variant.drop_view {
                let id = text.find(DROPPED_VIEW).expect("view id is present");
                let start = text[..id].rfind("<savedquery>").expect("view starts");
                let end = id
                    + text[id..].find("</savedquery>").expect("view ends")
                    + "</savedquery>".len();
                text = format!("{}{}", &text[..start], &text[end..]);
            }
            if variant.all_not_customizable {
                text = text.replace(
                    "<IsCustomizable>1</IsCustomizable>",
                    "<IsCustomizable>0</IsCustomizable>",
                );
            }
        }
        Some(text)
    })
}

fn run(bytes: &[u8], snapshot: &Snapshot, options: &ImportOptions) -> Outcome {
    let inspection = solution_inspector::inspect(bytes).expect("package opens as a zip");
    simulate(&inspection, Some(bytes), snapshot, options)
}

fn install(bytes: &[u8], snapshot: &Snapshot, options: &ImportOptions) -> Snapshot {
    let outcome = run(bytes, snapshot, options);
    assert!(outcome.success, "expected success: {}", outcome.verdict);
    apply(snapshot, &outcome).expect("a successful outcome applies")
}

fn codes(outcome: &Outcome) -> Vec<&str> {
    outcome
        .errors
        .iter()
        .map(|error| error.code.as_str())
        .collect()
}

fn component_outcome<'a>(outcome: &'a Outcome, key: &str) -> &'a ComponentOutcome {
    outcome
        .components
        .iter()
        .find(|c| c.key == key)
        .unwrap_or_else(|| panic!("{key} has no outcome"))
}

fn keys_with(outcome: &Outcome, action: Action) -> Vec<&str> {
    outcome
        .components
        .iter()
        .filter(|c| c.action == action)
        .map(|c| c.key.as_str())
        .collect()
}

fn assert_fails(outcome: &Outcome, operation: Operation, code: &str) {
    assert!(
        !outcome.success,
        "expected failure {code}: {}",
        outcome.verdict
    );
    assert_eq!(outcome.operation, operation, "{}", outcome.verdict);
    assert_eq!(
        outcome.error_code(),
        Some(code),
        "errors: {:?}",
        codes(outcome)
    );
    assert!(outcome.verdict.contains(code), "{}", outcome.verdict);
}

fn mode(mode: ImportMode) -> ImportOptions {
    ImportOptions {
        mode: Some(mode),
        ..ImportOptions::default()
    }
}

fn v(version: &'static str) -> Variant {
    Variant {
        version: Some(version),
        ..Variant::default()
    }
}

#[test]
fn a_new_managed_package_installs() {
    let outcome = run(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    assert!(outcome.success, "{}", outcome.verdict);
    assert_eq!(outcome.operation, Operation::Install);
    assert_eq!(outcome.count(Action::Created), outcome.components.len());
    assert!(outcome.verdict.starts_with("The import would succeed"));
}

#[test]
fn too_large_for_the_upload_limit() {
    let bytes = corpus(CHANGE_TRACKING);
    let mut snapshot = on_premises();
    snapshot.limits.upload_bytes = 4096;
    assert_fails(
        &run(&bytes, &snapshot, &ImportOptions::default()),
        Operation::Install,
        "0x80040375",
    );
    // The administrator raises the limit.
    snapshot.limits.upload_bytes = 6 * 1024 * 1024;
    assert!(run(&bytes, &snapshot, &ImportOptions::default()).success);
}

#[test]
fn not_a_valid_solution_file() {
    let bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            drop_content_types: true,
            ..Variant::default()
        },
    );
    let outcome = run(&bytes, &on_premises(), &ImportOptions::default());
    assert_fails(&outcome, Operation::Install, "0x80048060");
    assert!(outcome.errors[0]
        .explanation
        .contains("[Content_Types].xml is missing"));
}

#[test]
fn package_version_newer_than_the_organization() {
    let bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            package_version: Some("9.2"),
            ..Variant::default()
        },
    );
    assert_fails(
        &run(&bytes, &on_premises(), &ImportOptions::default()),
        Operation::Install,
        "0x80048068",
    );
    assert!(run(&bytes, &online(), &ImportOptions::default()).success);
}

#[test]
fn package_from_crm_2011_or_earlier_is_refused() {
    let bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            package_version: Some("5.0"),
            ..Variant::default()
        },
    );
    for snapshot in [on_premises(), online()] {
        let outcome = run(&bytes, &snapshot, &ImportOptions::default());
        assert_fails(&outcome, Operation::Install, "0x80048068");
        assert!(outcome.errors[0]
            .explanation
            .contains("CRM 2011 or earlier"));
    }
    // CRM 2013 (6.0) packages still import.
    let bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            package_version: Some("6.0"),
            ..Variant::default()
        },
    );
    assert!(run(&bytes, &on_premises(), &ImportOptions::default()).success);
}

#[test]
fn online_package_into_on_premises() {
    let bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            generated_by: Some("CrmLive"),
            ..Variant::default()
        },
    );
    let outcome = run(&bytes, &on_premises(), &ImportOptions::default());
    assert_fails(&outcome, Operation::Install, "0x8004806B");
    assert!(outcome.suggest_online);
    let online_outcome = run(&bytes, &online(), &ImportOptions::default());
    assert!(online_outcome.success, "{}", online_outcome.verdict);
    assert!(!online_outcome.suggest_online);
}

#[test]
fn managed_back_into_the_organization_it_was_made_in() {
    let unmanaged = variant(
        CHANGE_TRACKING,
        &Variant {
            managed: Some(false),
            ..Variant::default()
        },
    );
    let org = install(&unmanaged, &on_premises(), &ImportOptions::default());
    let outcome = run(&corpus(CHANGE_TRACKING), &org, &ImportOptions::default());
    assert_fails(&outcome, Operation::Upgrade, "0x80048040");
    assert!(outcome.verdict.contains(
        "a managed solution must not be imported back into the organization it was made in"
    ));
}

#[test]
fn unmanaged_over_managed() {
    let org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    let unmanaged = variant(
        CHANGE_TRACKING,
        &Variant {
            managed: Some(false),
            version: Some("1.0.0.1"),
            ..Variant::default()
        },
    );
    assert_fails(
        &run(&unmanaged, &org, &ImportOptions::default()),
        Operation::Update,
        "0x80048041",
    );
}

#[test]
fn a_different_publisher() {
    let org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    let other = variant(
        CHANGE_TRACKING,
        &Variant {
            version: Some("2.0.0.0"),
            publisher: Some("contoso"),
            ..Variant::default()
        },
    );
    let outcome = run(&other, &org, &ImportOptions::default());
    assert_fails(&outcome, Operation::Upgrade, "0x8004801C");
    assert!(outcome.errors[0]
        .message
        .contains("from microsoftdynamicscrmsdksamples to contoso"));
}

#[test]
fn upgrade_and_stage_need_a_higher_version() {
    let org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    let same = corpus(CHANGE_TRACKING);
    assert_fails(
        &run(&same, &org, &ImportOptions::default()),
        Operation::Upgrade,
        "0x80048541",
    );
    assert_fails(
        &run(&same, &org, &mode(ImportMode::Stage)),
        Operation::Stage,
        "0x80048541",
    );
}

#[test]
fn update_to_an_older_version_warns_and_deletes_nothing() {
    let v2 = variant(CHANGE_TRACKING, &v("2.0.0.0"));
    let org = install(&v2, &on_premises(), &ImportOptions::default());
    let older = variant(
        CHANGE_TRACKING,
        &Variant {
            drop_view: true,
            ..Variant::default()
        },
    );
    let outcome = run(&older, &org, &mode(ImportMode::Update));
    assert!(outcome.success, "{}", outcome.verdict);
    assert_eq!(outcome.operation, Operation::Update);
    assert_eq!(outcome.count(Action::Deleted), 0);
    assert!(outcome
        .warnings
        .iter()
        .any(|warning| warning.message.contains("re-installs an older version")));
    let after = apply(&org, &outcome).expect("applies");
    assert_eq!(
        after
            .solution("ChangeTrackingSample")
            .map(|s| s.version.as_str()),
        Some("1.0.0.0")
    );
    assert!(after.component(&format!("view:{DROPPED_VIEW}")).is_some());
}

#[test]
fn missing_dependencies_are_listed() {
    let dependencies = r#"<MissingDependency><Required type="1" schemaName="account" displayName="Account" solution="System (9.1)" /><Dependent type="1" schemaName="sample_book" /></MissingDependency><MissingDependency><Required type="1" schemaName="msdyn_workorder" displayName="Work Order" solution="FieldService (8.8.0.0)" /><Dependent type="1" schemaName="sample_book" /></MissingDependency><MissingDependency><Required type="61" schemaName="contoso_/lib.js" solution="ContosoCore (1.0.0.0)" /><Dependent type="1" schemaName="sample_book" /></MissingDependency>"#;
    let bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            missing_dependencies: Some(dependencies),
            ..Variant::default()
        },
    );
    let outcome = run(&bytes, &on_premises(), &ImportOptions::default());
    assert_fails(&outcome, Operation::Install, "0x8004801D");
    let details = &outcome.errors[0].details;
    assert_eq!(
        details.len(),
        2,
        "account is satisfied, the other two are not: {details:?}"
    );
    assert!(details[0].contains("msdyn_workorder"));
    assert!(details[1].contains("contoso_/lib.js"));
}

#[test]
fn pending_holding_solution_blocks_another_stage() {
    let org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    let staged_outcome = run(
        &variant(CHANGE_TRACKING, &v("1.1.0.0")),
        &org,
        &mode(ImportMode::Stage),
    );
    assert!(staged_outcome.success, "{}", staged_outcome.verdict);
    assert_eq!(staged_outcome.operation, Operation::Stage);
    assert_eq!(
        staged_outcome.holding_solution.as_deref(),
        Some("ChangeTrackingSample_Upgrade")
    );
    let staged = apply(&org, &staged_outcome).expect("stage applies");
    let holding = staged
        .solution("ChangeTrackingSample_Upgrade")
        .expect("holding solution installed");
    assert_eq!(holding.holding_for.as_deref(), Some("ChangeTrackingSample"));
    assert_eq!(
        staged
            .component("entity:sample_book")
            .map(OrgComponent::layer_names),
        Some(vec![
            "ChangeTrackingSample".to_owned(),
            "ChangeTrackingSample_Upgrade".to_owned()
        ])
    );
    let again = run(
        &variant(CHANGE_TRACKING, &v("1.2.0.0")),
        &staged,
        &mode(ImportMode::Stage),
    );
    assert_fails(&again, Operation::Stage, "0x80048539");
    assert!(again.errors[0]
        .message
        .contains("Holding solution ChangeTrackingSample_Upgrade already exists"));
}

#[test]
fn upgrade_dropping_a_component_something_needs_fails_and_leaves_the_holding_solution() {
    let mut org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    // An unmanaged dashboard made in the organization uses the view.
    let dashboard = OrgComponent {
        kind: ComponentKind::Dashboard,
        name: "{11111111-2222-3333-4444-555555555555}".into(),
        parent: None,
        display_name: Some("Books dashboard".into()),
        id: None,
        layers: vec![Layer::new("Active")],
        unmanaged_solutions: Vec::new(),
        requires: vec![format!("view:{DROPPED_VIEW}")],
    };
    org.components.insert(dashboard.key(), dashboard);
    let v2 = variant(
        CHANGE_TRACKING,
        &Variant {
            version: Some("2.0.0.0"),
            drop_view: true,
            ..Variant::default()
        },
    );
    let outcome = run(&v2, &org, &ImportOptions::default());
    assert_fails(&outcome, Operation::Upgrade, "0x8004F01D");
    assert_eq!(
        outcome.holding_solution.as_deref(),
        Some("ChangeTrackingSample_Upgrade")
    );
    let failed: Vec<_> = outcome
        .components
        .iter()
        .filter(|c| c.action == Action::Failed)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].key, format!("view:{DROPPED_VIEW}"));
    assert!(outcome
        .verdict
        .contains("ChangeTrackingSample_Upgrade pending"));
    assert!(apply(&org, &outcome).is_err());
}

#[test]
fn managed_import_over_unmanaged_components_needs_convert() {
    let org = install(
        &corpus(SCHEDULING_UNMANAGED),
        &on_premises(),
        &ImportOptions::default(),
    );
    let managed = variant(
        SCHEDULING_MANAGED,
        &Variant {
            unique_name: Some("SchedulingManaged"),
            ..Variant::default()
        },
    );
    let outcome = run(&managed, &org, &ImportOptions::default());
    assert_fails(&outcome, Operation::Install, "0x8004F016");
    let script = component_outcome(&outcome, SCHEDULING_SCRIPT);
    assert_eq!(script.action, Action::Failed);
    assert_eq!(
        script.error.as_ref().map(|e| e.code.as_str()),
        Some("0x8004F016")
    );
    // The table has a system base layer: nothing to convert there.
    let table = component_outcome(&outcome, "entity:bookableresource");
    assert_ne!(table.action, Action::Failed);
    let converted = run(
        &managed,
        &org,
        &ImportOptions {
            convert_to_managed: true,
            ..ImportOptions::default()
        },
    );
    assert!(converted.success, "{}", converted.verdict);
    let after = apply(&org, &converted).expect("applies");
    let web_resource = after
        .component(SCHEDULING_SCRIPT)
        .expect("web resource is in the org");
    assert_eq!(web_resource.layer_names(), ["SchedulingManaged"]);
}

#[test]
fn managed_properties_forbid_changes_by_others() {
    let locked = variant(
        CHANGE_TRACKING,
        &Variant {
            all_not_customizable: true,
            ..Variant::default()
        },
    );
    let org = install(&locked, &on_premises(), &ImportOptions::default());
    let other = variant(
        CHANGE_TRACKING,
        &Variant {
            unique_name: Some("BookTweaks"),
            managed: Some(false),
            publisher: Some("contoso"),
            ..Variant::default()
        },
    );
    let outcome = run(&other, &org, &ImportOptions::default());
    assert_fails(&outcome, Operation::Install, "0x8004F026");
    assert!(outcome
        .components
        .iter()
        .any(|c| c.action == Action::Failed && c.key == "entity:sample_book"));
    // The owner's own update is not blocked by its managed properties.
    let own = run(
        &variant(CHANGE_TRACKING, &v("1.0.0.1")),
        &org,
        &ImportOptions::default(),
    );
    assert!(own.success, "{}", own.verdict);
}

#[test]
fn patch_needs_its_parent() {
    let patch = Variant {
        unique_name: Some("ChangeTrackingSample_Patch_1a2b3c4d"),
        version: Some("1.0.1.0"),
        ..Variant::default()
    };
    let bytes = variant(CHANGE_TRACKING, &patch);
    assert_fails(
        &run(&bytes, &on_premises(), &ImportOptions::default()),
        Operation::Install,
        "0x80048034",
    );
    let org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    let outcome = run(&bytes, &org, &ImportOptions::default());
    assert!(outcome.success, "{}", outcome.verdict);
    let after = apply(&org, &outcome).expect("applies");
    assert_eq!(
        after
            .solution("ChangeTrackingSample_Patch_1a2b3c4d")
            .and_then(|s| s.patch_of.as_deref()),
        Some("ChangeTrackingSample")
    );
    let patched = after.component("entity:sample_book").expect("table");
    assert_eq!(
        patched.layer_names(),
        [
            "ChangeTrackingSample",
            "ChangeTrackingSample_Patch_1a2b3c4d"
        ]
    );
    // An upgrade rolls the patch up.
    let upgrade = run(
        &variant(CHANGE_TRACKING, &v("2.0.0.0")),
        &after,
        &ImportOptions::default(),
    );
    let upgraded = apply(&after, &upgrade).expect("upgrade applies");
    assert!(upgraded
        .solution("ChangeTrackingSample_Patch_1a2b3c4d")
        .is_none());
    assert_eq!(
        upgraded
            .component("entity:sample_book")
            .map(OrgComponent::layer_names),
        Some(vec!["ChangeTrackingSample".to_owned()])
    );
    let wrong = variant(
        CHANGE_TRACKING,
        &Variant {
            version: Some("1.1.0.0"),
            ..patch
        },
    );
    assert_fails(
        &run(&wrong, &org, &ImportOptions::default()),
        Operation::Install,
        "0x80048539",
    );
}

#[test]
fn precedence_follows_the_platform() {
    let bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            generated_by: Some("CrmLive"),
            package_version: Some("9.2"),
            publisher: Some("contoso"),
            ..Variant::default()
        },
    );
    let mut org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    org.limits.upload_bytes = 1000;
    let outcome = run(&bytes, &org, &ImportOptions::default());
    assert_eq!(
        codes(&outcome),
        [
            "0x80040375",
            "0x80048068",
            "0x8004806B",
            "0x8004801C",
            "0x80048541"
        ]
    );
    let json = simulate_json::to_json(&outcome);
    assert_eq!(json["errorCode"], "0x80040375");
    assert_eq!(json["result"], "failure");
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(5));
}

#[test]
fn chain_install_upgrade_update_uninstall() {
    let org = on_premises();
    let v1 = install(&corpus(CHANGE_TRACKING), &org, &ImportOptions::default());
    assert!(v1.component(&format!("view:{DROPPED_VIEW}")).is_some());

    // v2 drops a view: the upgrade deletes it.
    let v2_bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            version: Some("2.0.0.0"),
            drop_view: true,
            ..Variant::default()
        },
    );
    let upgrade = run(&v2_bytes, &v1, &ImportOptions::default());
    assert!(upgrade.success, "{}", upgrade.verdict);
    assert_eq!(upgrade.operation, Operation::Upgrade);
    let deleted: Vec<&str> = keys_with(&upgrade, Action::Deleted);
    assert_eq!(deleted, [format!("view:{DROPPED_VIEW}")]);
    // The table's definition holds its views, so dropping one changes the table.
    let updated: Vec<&str> = keys_with(&upgrade, Action::Updated);
    assert_eq!(updated, ["entity:sample_book"]);
    assert_eq!(
        upgrade.count(Action::Unchanged),
        upgrade.components.len() - 2
    );
    let v2 = apply(&v1, &upgrade).expect("upgrade applies");
    assert!(v2.component(&format!("view:{DROPPED_VIEW}")).is_none());
    assert_eq!(
        v2.solution("ChangeTrackingSample")
            .map(|s| s.version.as_str()),
        Some("2.0.0.0")
    );

    // v3 as an update brings the view back and removes nothing.
    let v3_bytes = variant(CHANGE_TRACKING, &v("3.0.0.0"));
    let update = run(&v3_bytes, &v2, &mode(ImportMode::Update));
    assert!(update.success, "{}", update.verdict);
    assert_eq!(update.operation, Operation::Update);
    assert_eq!(update.count(Action::Deleted), 0);
    assert_eq!(update.count(Action::Created), 1);
    let v3 = apply(&v2, &update).expect("update applies");

    // A v4 update that drops the view again deletes nothing either.
    let v4_bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            version: Some("4.0.0.0"),
            drop_view: true,
            ..Variant::default()
        },
    );
    let update4 = run(&v4_bytes, &v3, &mode(ImportMode::Update));
    assert_eq!(update4.count(Action::Deleted), 0);
    let v4 = apply(&v3, &update4).expect("update applies");
    assert!(v4.component(&format!("view:{DROPPED_VIEW}")).is_some());

    let removed = uninstall(&v4, "ChangeTrackingSample").expect("uninstalls");
    assert!(removed.managed);
    assert!(removed.snapshot.solution("ChangeTrackingSample").is_none());
    assert!(removed.snapshot.component("entity:sample_book").is_none());
    assert!(removed
        .data_loss
        .iter()
        .any(|loss| loss.contains("sample_book")));
    assert_eq!(removed.snapshot.components.len(), org.components.len());
}

#[test]
fn uninstall_unmanaged_keeps_components_and_dependencies_block_managed() {
    let unmanaged = install(
        &corpus(SCHEDULING_UNMANAGED),
        &on_premises(),
        &ImportOptions::default(),
    );
    let count = unmanaged.components.len();
    let removed = uninstall(&unmanaged, "ServiceUniversalScheduling").expect("uninstalls");
    assert!(!removed.managed);
    assert_eq!(removed.snapshot.components.len(), count);
    assert!(removed.deleted_components.is_empty());

    let mut org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    let mut column = OrgComponent {
        kind: ComponentKind::Attribute,
        name: "new_rating".into(),
        parent: Some("sample_book".into()),
        display_name: None,
        id: None,
        layers: vec![Layer::new("Active")],
        unmanaged_solutions: Vec::new(),
        requires: Vec::new(),
    };
    column.unmanaged_solutions.push("Default".into());
    org.components.insert(column.key(), column);
    let blocked =
        uninstall(&org, "ChangeTrackingSample").expect_err("a column on the table blocks it");
    assert_eq!(blocked.code.as_deref(), Some("0x8004F01D"));
    assert!(blocked
        .dependencies
        .iter()
        .any(|(required, dependent)| required == "entity:sample_book"
            && dependent == "attribute:sample_book/new_rating"));
    assert!(uninstall(&org, "System").is_err());
}

#[test]
fn maintained_customizations_are_kept_or_overwritten() {
    let mut org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    if let Some(entity) = org.components.get_mut("entity:sample_book") {
        entity.layers.push(Layer::new("Active"));
    }
    let v2 = variant(
        CHANGE_TRACKING,
        &Variant {
            version: Some("2.0.0.0"),
            all_not_customizable: true,
            ..Variant::default()
        },
    );
    let kept = run(&v2, &org, &ImportOptions::default());
    let entity = component_outcome(&kept, "entity:sample_book");
    assert_eq!(entity.action, Action::Kept);
    let overwrite = run(
        &v2,
        &org,
        &ImportOptions {
            overwrite_customizations: true,
            ..ImportOptions::default()
        },
    );
    let entity = component_outcome(&overwrite, "entity:sample_book");
    assert_eq!(entity.action, Action::Overwritten);
    assert_eq!(entity.layers_after, ["ChangeTrackingSample"]);
    // Forms always merge.
    assert!(overwrite
        .components
        .iter()
        .filter(|c| c.kind == ComponentKind::Form)
        .all(|c| c.action == Action::Merged));
    // Tightening by the owner is ignored.
    let after = apply(&org, &overwrite).expect("applies");
    let entity = after.component("entity:sample_book").expect("entity");
    assert_eq!(entity.property_in_force("IsCustomizable"), Some(true));
    assert!(overwrite
        .warnings
        .iter()
        .any(|w| w.message.contains("can only be loosened")));
}

#[test]
fn snapshot_round_trips_through_json() {
    let org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    let reread = Snapshot::from_json(&org.to_json()).expect("reads back");
    assert_eq!(reread, org);
    assert!(Snapshot::from_json("{\"format\":\"other\"}").is_err());
}

/// The Solution and Components worksheets with the platform's columns, read back.
/// (cell name, text) for each cell of a row.
type Cells = Vec<(String, String)>;

fn read_workbook(xml: &str) -> (Vec<String>, Vec<String>, Vec<Cells>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut sheets = Vec::new();
    let mut headers = Vec::new();
    let mut rows: Vec<Cells> = Vec::new();
    let mut cell_name = String::new();
    let mut in_data = false;
    let mut current_sheet = String::new();
    let mut row_index = 0;
    loop {
        match reader.read_event().expect("workbook is well-formed XML") {
            Event::Start(element) | Event::Empty(element) => {
                let attribute = |name: &str| {
                    element
                        .attributes()
                        .flatten()
                        .find(|attribute| attribute.key.as_ref() == name)
                        .map(|attribute| attribute.value.into_owned())
                };
                match element.name().as_ref() {
                    "Worksheet" => {
                        current_sheet = attribute("ss:Name").unwrap_or_default();
                        sheets.push(current_sheet.clone());
                        row_index = 0;
                    }
                    "Row" => {
                        row_index += 1;
                        if current_sheet == "Components" && row_index > 2 {
                            rows.push(Vec::new());
                        }
                    }
                    "Cell" => cell_name = attribute("name").unwrap_or_default(),
                    "Data" => {
                        if current_sheet == "Components" && row_index == 1 {
                            headers.push(attribute("ss:Res").unwrap_or_default());
                        }
                        in_data = true;
                        if current_sheet == "Components" && row_index > 2 {
                            if let Some(row) = rows.last_mut() {
                                row.push((cell_name.clone(), String::new()));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(text) if in_data && current_sheet == "Components" && row_index > 2 => {
                if let Some(cell) = rows.last_mut().and_then(|row| row.last_mut()) {
                    cell.1.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference)
                if in_data && current_sheet == "Components" && row_index > 2 =>
            {
                let resolved = match &*reference {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "?",
                };
                if let Some(cell) = rows.last_mut().and_then(|row| row.last_mut()) {
                    cell.1.push_str(resolved);
                }
            }
            Event::End(element) if element.name().as_ref() == "Data" => in_data = false,
            Event::Eof => break,
            _ => {}
        }
    }
    (sheets, headers, rows)
}

#[test]
fn log_workbook_has_the_platform_layout() {
    let locked = variant(
        CHANGE_TRACKING,
        &Variant {
            all_not_customizable: true,
            unique_name: Some("Locked"),
            ..Variant::default()
        },
    );
    let other = variant(
        CHANGE_TRACKING,
        &Variant {
            unique_name: Some("BookTweaks"),
            managed: Some(false),
            publisher: Some("contoso"),
            ..Variant::default()
        },
    );
    let locked_org = install(&locked, &on_premises(), &ImportOptions::default());
    let bytes = other;
    let inspection = solution_inspector::inspect(&bytes).expect("opens");
    let outcome = simulate(
        &inspection,
        Some(&bytes),
        &locked_org,
        &ImportOptions::default(),
    );
    assert_eq!(outcome.error_code(), Some("0x8004F026"));
    let xml = to_log_workbook(&outcome, &inspection, &ImportTimes::new(START));
    assert!(xml
        .starts_with("<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><Workbook"));
    assert!(!xml.contains('\n'));
    let (sheets, headers, rows) = read_workbook(&xml);
    assert_eq!(sheets, ["Solution", "Components"]);
    let expected: Vec<String> = COMPONENT_COLUMNS
        .iter()
        .map(|(_, res, _, _)| format!("Customization.{res}"))
        .collect();
    assert_eq!(headers, expected);
    let names: Vec<&str> = COMPONENT_COLUMNS
        .iter()
        .map(|(name, _, _, _)| *name)
        .collect();
    assert_eq!(
        names,
        [
            "Time",
            "ItemType",
            "Id",
            "Name",
            "LocalizedName",
            "OriginalName",
            "Description",
            "Status",
            "ErrorCode",
            "ErrorText"
        ]
    );
    assert!(!rows.is_empty());
    for row in &rows {
        let row_names: Vec<&str> = row.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(row_names, names);
    }
    assert_eq!(rows[0][1].1, "Solution");
    assert_eq!(rows[0][3].1, "BookTweaks");
    assert_eq!(rows[0][0].1, "00:00:00.01");
    let failing = rows
        .iter()
        .find(|row| row[8].1 == "0x8004F026")
        .expect("the failing table has a row");
    assert_eq!(failing[3].1, "sample_book");
    assert!(failing[9].1.contains("managed property"));

    let data = to_importjob_xml(&outcome, &inspection, &ImportTimes::new(START));
    assert!(data.starts_with("<importexportxml start=\"638996256000000000\""));
    assert!(data.contains("<result result=\"failure\" errorcode=\"0x8004F026\""));
    let mut reader = quick_xml::Reader::from_str(&data);
    loop {
        match reader.read_event().expect("ImportJob data is well-formed") {
            quick_xml::events::Event::Eof => break,
            _ => continue,
        }
    }
}

#[test]
fn manifest_failure_stops_the_job_early() {
    let bytes = variant(
        CHANGE_TRACKING,
        &Variant {
            generated_by: Some("CrmLive"),
            ..Variant::default()
        },
    );
    let inspection = solution_inspector::inspect(&bytes).expect("opens");
    let outcome = simulate(
        &inspection,
        Some(&bytes),
        &on_premises(),
        &ImportOptions::default(),
    );
    let data = to_importjob_xml(&outcome, &inspection, &ImportTimes::new(START));
    assert!(data.contains("errortext=\"Solution manifest import: FAILURE: The solution package you are importing was generated on Microsoft Dynamics 365 Online"));
    assert!(!data.contains("<entities"));
    let xml = to_log_workbook(&outcome, &inspection, &ImportTimes::new(START));
    let (_, _, rows) = read_workbook(&xml);
    assert_eq!(rows[0][8].1, "0x8004806B");
    assert!(rows
        .iter()
        .skip(1)
        .all(|row| row[7].1 == "Unprocessed" && row[0].1.is_empty()));
}

/// LibreOffice opens the workbook and converts both sheets to CSV. Runs when
/// `soffice` or `libreoffice` is on PATH; otherwise says plainly it was skipped.
#[test]
fn libreoffice_reads_the_workbook() {
    let program = ["soffice", "libreoffice"].into_iter().find(|program| {
        std::process::Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    });
    let Some(program) = program else {
        // scripts/test.sh installs LibreOffice and requires this check to run.
        assert!(
            std::env::var_os("SOLINSPECT_REQUIRE_LIBREOFFICE").is_none(),
            "LibreOffice (soffice) is required but not on PATH; scripts/setup.sh installs it"
        );
        println!(
            "SKIPPED libreoffice_reads_the_workbook: neither soffice nor libreoffice is on PATH"
        );
        return;
    };
    let bytes = corpus(CHANGE_TRACKING);
    let inspection = solution_inspector::inspect(&bytes).expect("opens");
    let outcome = simulate(
        &inspection,
        Some(&bytes),
        &on_premises(),
        &ImportOptions::default(),
    );
    let xml = to_log_workbook(&outcome, &inspection, &ImportTimes::new(START));
    let directory = std::env::temp_dir().join(format!("solinspect-lo-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("temp dir");
    let input = directory.join("import-log.xml");
    std::fs::write(&input, xml).expect("writes the workbook");
    let status = std::process::Command::new(program)
        .args(["--headless", "--infilter=MS Excel 2003 XML", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(&directory)
        .arg(&input)
        .status()
        .expect("LibreOffice runs");
    assert!(status.success());
    let components = std::fs::read_to_string(directory.join("import-log-Components.csv"))
        .expect("LibreOffice wrote the Components sheet");
    let lines: Vec<&str> = components.lines().collect();
    assert!(lines[0].contains("Item Type") && lines[0].contains("Error Code"));
    assert!(lines
        .iter()
        .any(|line| line.contains("ChangeTrackingSample")));
    assert!(lines.iter().any(|line| line.contains("sample_book")));
    let solution = std::fs::read_to_string(directory.join("import-log-Solution.csv"))
        .expect("LibreOffice wrote the Solution sheet");
    assert!(solution.contains("Processed"));
    let _ = std::fs::remove_dir_all(&directory);
}

/// Every corpus package simulated against both default organizations; the
/// verdicts are kept in tests/snapshots/simulate-corpus.json
/// (`UPDATE_SNAPSHOTS=1` rewrites it).
#[test]
fn corpus_verdicts_on_the_default_organizations() {
    let names = common::corpus_zip_names();
    assert!(names.len() >= 20, "the corpus has its packages");
    let organizations = [("onPremises91", on_premises()), ("online92", online())];
    let mut report = serde_json::Map::new();
    for name in &names {
        let bytes = corpus(name);
        let mut entry = serde_json::Map::new();
        for (label, snapshot) in &organizations {
            let outcome = run(&bytes, snapshot, &ImportOptions::default());
            let json = simulate_json::to_json(&outcome);
            let mut summary = serde_json::json!({
                "result": json["result"],
                "operation": json["operation"],
                "counts": json["counts"],
                "errorCodes": codes(&outcome),
            });
            if outcome.success {
                // Installing for real must work, and leave a snapshot that reads back.
                let after = apply(snapshot, &outcome).expect("success applies");
                let reread = Snapshot::from_json(&after.to_json()).expect("reads back");
                assert_eq!(reread, after);
                let again = run(&bytes, &after, &ImportOptions::default());
                summary["reimport"] = serde_json::json!({
                    "result": if again.success { "success" } else { "failure" },
                    "operation": again.operation.key(),
                    "errorCodes": codes(&again),
                });
            }
            entry.insert((*label).to_owned(), summary);
        }
        report.insert(name.clone(), serde_json::Value::Object(entry));
    }
    let actual =
        serde_json::to_string_pretty(&serde_json::Value::Object(report)).expect("json") + "\n";
    let path = std::path::Path::new("tests/snapshots/simulate-corpus.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all("tests/snapshots").expect("snapshot dir");
        std::fs::write(path, &actual).expect("writes the snapshot");
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        expected == actual,
        "corpus verdicts changed; review and run UPDATE_SNAPSHOTS=1 cargo test --test simulate"
    );
}

#[test]
fn scales_to_fifty_thousand_components() {
    let mut org = on_premises();
    assert!(org.component("entity:account").is_some());
    let mut index = 0;
    while org.components.len() < 50_000 {
        let column = OrgComponent {
            kind: ComponentKind::Attribute,
            name: format!("new_column{index}"),
            parent: Some("account".into()),
            display_name: None,
            id: None,
            layers: vec![Layer::new("System")],
            unmanaged_solutions: Vec::new(),
            requires: Vec::new(),
        };
        org.components.insert(column.key(), column);
        index += 1;
    }
    let started = std::time::Instant::now();
    let installed = install(&corpus(CHANGE_TRACKING), &org, &ImportOptions::default());
    let upgraded = install(
        &variant(CHANGE_TRACKING, &v("2.0.0.0")),
        &installed,
        &ImportOptions::default(),
    );
    let removed = uninstall(&upgraded, "ChangeTrackingSample").expect("uninstalls");
    assert_eq!(removed.snapshot.components.len(), org.components.len());
    let text = removed.snapshot.to_json();
    assert_eq!(
        Snapshot::from_json(&text)
            .expect("reads back")
            .components
            .len(),
        50_000
    );
    println!(
        "50,000 components: install, upgrade, uninstall and a JSON round trip in {:?}",
        started.elapsed()
    );
}

fn solinspect(args: &[&str]) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_solinspect"))
        .args(args)
        .output()
        .expect("solinspect runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn cli_exit_codes_and_in_place_install() {
    let directory = std::env::temp_dir().join(format!("solinspect-cli-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("temp dir");
    let org = directory.join("org.json");
    let package = common::corpus_path(CHANGE_TRACKING)
        .to_string_lossy()
        .into_owned();
    let online_package = common::corpus_path(
        "pnp__powerplatform-samples__ManageSecurityRoles_1_0_0_0_unmanaged.zip",
    )
    .to_string_lossy()
    .into_owned();
    let (status, default) = solinspect(&["org", "default"]);
    assert_eq!(status, 0);
    std::fs::write(&org, default).expect("writes the snapshot");
    let org_path = org.to_string_lossy().into_owned();

    let (status, json) = solinspect(&["simulate", &package, "--json"]);
    assert_eq!(status, 0);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON output");
    assert_eq!(json["result"], "success");
    assert_eq!(json["operation"], "install");
    assert!(json.get("errorCode").is_none());

    let (status, json) = solinspect(&["simulate", &online_package, "--json"]);
    assert_eq!(status, 1);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON output");
    assert_eq!(json["errorCode"], "0x80048068");
    assert_eq!(json["suggestOnline"], true);

    let (status, _) = solinspect(&["org", "install", &org_path, &package]);
    assert_eq!(status, 0);
    let installed = std::fs::read(&org).expect("snapshot");
    let (status, text) = solinspect(&["org", "install", &org_path, &package]);
    assert_eq!(status, 1, "re-importing the same managed version fails");
    assert!(text.contains("0x80048541"));
    assert_eq!(
        std::fs::read(&org).expect("snapshot"),
        installed,
        "a failing install leaves the file untouched"
    );
    let (status, text) = solinspect(&["org", "show", &org_path]);
    assert_eq!(status, 0);
    assert!(text.contains("ChangeTrackingSample 1.0.0.0 managed"));

    let log = directory.join("log.xml").to_string_lossy().into_owned();
    let job = directory.join("job.xml").to_string_lossy().into_owned();
    let (status, _) = solinspect(&[
        "simulate",
        &package,
        "--org",
        &org_path,
        "--mode",
        "update",
        "--log",
        &log,
        "--importjob",
        &job,
    ]);
    assert_eq!(status, 0);
    assert!(std::fs::read_to_string(&log)
        .expect("log written")
        .contains("ss:Id=\"Components\""));
    assert!(std::fs::read_to_string(&job)
        .expect("job written")
        .starts_with("<importexportxml"));

    let (status, _) = solinspect(&["org", "uninstall", &org_path, "ChangeTrackingSample"]);
    assert_eq!(status, 0);
    let (status, _) = solinspect(&["org", "uninstall", &org_path, "ChangeTrackingSample"]);
    assert_eq!(status, 1);

    let not_zip = directory.join("not.zip");
    std::fs::write(&not_zip, "not a zip").expect("writes");
    let not_zip = not_zip.to_string_lossy().into_owned();
    assert_eq!(solinspect(&["simulate", &not_zip]).0, 2);
    assert_eq!(solinspect(&["simulate", &package, "--org", &not_zip]).0, 2);
    let _ = std::fs::remove_dir_all(&directory);
}

#[test]
fn applying_a_staged_upgrade_promotes_the_holding_solution() {
    let org = install(
        &corpus(CHANGE_TRACKING),
        &on_premises(),
        &ImportOptions::default(),
    );
    let v2 = variant(
        CHANGE_TRACKING,
        &Variant {
            version: Some("2.0.0.0"),
            drop_view: true,
            ..Variant::default()
        },
    );
    let staged_outcome = run(&v2, &org, &mode(ImportMode::Stage));
    assert_eq!(
        staged_outcome.count(Action::Deleted),
        0,
        "a stage deletes nothing yet"
    );
    let staged = apply(&org, &staged_outcome).expect("stage applies");
    assert!(staged.component(&format!("view:{DROPPED_VIEW}")).is_some());
    let promoted = promote(&staged, "ChangeTrackingSample").expect("promotes");
    assert_eq!(
        promoted.deleted_components,
        [format!("view:{DROPPED_VIEW}")]
    );
    let after = promoted.snapshot;
    assert!(after.solution("ChangeTrackingSample_Upgrade").is_none());
    assert_eq!(
        after
            .solution("ChangeTrackingSample")
            .map(|s| s.version.as_str()),
        Some("2.0.0.0")
    );
    assert_eq!(
        after
            .component("entity:sample_book")
            .map(OrgComponent::layer_names),
        Some(vec!["ChangeTrackingSample".to_owned()])
    );
    // With the holding solution gone, the next upgrade goes through.
    assert!(
        run(
            &variant(CHANGE_TRACKING, &v("3.0.0.0")),
            &after,
            &ImportOptions::default()
        )
        .success
    );
    assert!(promote(&after, "ChangeTrackingSample").is_err());
}

#[test]
fn oversized_web_resources_are_flagged() {
    let bytes = corpus(SCHEDULING_MANAGED);
    let mut org = on_premises();
    org.limits.attachment_bytes = 1024;
    let outcome = run(&bytes, &org, &ImportOptions::default());
    assert!(outcome
        .warnings
        .iter()
        .any(|w| w.message.contains("attachment limit")));
    let roomy = run(&bytes, &on_premises(), &ImportOptions::default());
    assert!(!roomy
        .warnings
        .iter()
        .any(|w| w.message.contains("attachment limit")));
}

#[test]
fn the_page_api_round_trips_as_json() {
    let snapshot = on_premises();
    let options: ImportOptions =
        serde_json::from_str(r#"{"mode":"stage","overwriteCustomizations":true}"#)
            .expect("options");
    assert_eq!(options.mode, Some(ImportMode::Stage));
    assert!(!options.convert_to_managed);
    let (_, outcome) =
        simulate_bytes(&corpus(CHANGE_TRACKING), &snapshot, &options).expect("a zip");
    let json = serde_json::to_string(&outcome).expect("outcome serializes");
    let back: Outcome = serde_json::from_str(&json).expect("outcome deserializes");
    assert_eq!(back, outcome);
    assert!(json.contains("\"layersBefore\""));
    assert!(simulate_bytes(b"not a zip", &snapshot, &options).is_err());
}

#[test]
fn non_customizable_system_components_carried_as_they_are_do_not_fail() {
    let mut org = on_premises();
    // A system view that is not customizable, as the platform ships some.
    let mut table = OrgComponent {
        kind: ComponentKind::View,
        name: "{d253eef6-6aa3-4100-aa08-49217b90824a}".into(),
        parent: Some("sample_book".into()),
        display_name: None,
        id: None,
        layers: vec![Layer::new("System")],
        unmanaged_solutions: Vec::new(),
        requires: Vec::new(),
    };
    table.layers[0]
        .properties
        .insert("IsCustomizable".into(), false);
    org.components.insert(table.key(), table);
    let as_shipped = variant(
        CHANGE_TRACKING,
        &Variant {
            managed: Some(false),
            all_not_customizable: true,
            ..Variant::default()
        },
    );
    let outcome = run(&as_shipped, &org, &ImportOptions::default());
    assert!(outcome.success, "{}", outcome.verdict);
    let entity = component_outcome(&outcome, "view:{d253eef6-6aa3-4100-aa08-49217b90824a}");
    assert_eq!(entity.action, Action::Unchanged);
    let changed = variant(
        CHANGE_TRACKING,
        &Variant {
            managed: Some(false),
            ..Variant::default()
        },
    );
    assert_fails(
        &run(&changed, &org, &ImportOptions::default()),
        Operation::Install,
        "0x8004F026",
    );
}
