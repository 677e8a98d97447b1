//! The default snapshots under www/org/ are generated from the public
//! system-table metadata; this test is the generator. Run with
//! `UPDATE_SNAPSHOTS=1` to rewrite the files after changing the generator.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use solution_inspector::org::first_party::EVERY_ORGANIZATION;
use solution_inspector::org::generate::{default_snapshot, DefaultOrg};
use solution_inspector::org::{component_key, InstalledSolution};
use solution_inspector::org::{Deployment, Snapshot, ACTIVE_LAYER, SYSTEM_LAYER};

const METADATA: &str = "tests/org-metadata/system-tables.json";

fn check(which: DefaultOrg) -> Snapshot {
    let metadata = std::fs::read_to_string(METADATA).expect("system-tables.json is readable");
    let snapshot = default_snapshot(&metadata, which).expect("metadata builds a snapshot");
    let generated = snapshot.to_json() + "\n";
    let path = Path::new("www/org").join(which.file_name());
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &generated).expect("www/org is writable");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is not what the generator makes; run UPDATE_SNAPSHOTS=1 cargo test --test org_defaults",
        path.display()
    );
    let reread = Snapshot::from_json(&committed).expect("the committed file reads back");
    assert_eq!(reread, snapshot);
    snapshot
}

#[test]
fn on_premises_default_is_current() {
    let snapshot = check(DefaultOrg::OnPremises91);
    assert_eq!(snapshot.deployment, Deployment::OnPremises);
    assert_eq!(snapshot.version, "9.1.0.0");
    assert_eq!(snapshot.limits.upload_bytes, 6 * 1024 * 1024);
    let names: Vec<&str> = snapshot
        .solutions
        .iter()
        .map(|s| s.unique_name.as_str())
        .collect();
    assert_eq!(
        names,
        [SYSTEM_LAYER, ACTIVE_LAYER, "Default", "ODatav4DataProvider"]
    );
    assert!(snapshot.publisher("MicrosoftCorporation").is_some());
    assert!(snapshot.publisher("DefaultPublisheronprem91").is_some());
    common_tables(&snapshot);
}

#[test]
fn online_default_is_current() {
    let snapshot = check(DefaultOrg::Online92);
    assert_eq!(snapshot.deployment, Deployment::Online);
    assert_eq!(snapshot.version, "9.2.0.0");
    assert_eq!(snapshot.limits.upload_bytes, 95 * 1024 * 1024);
    assert!(snapshot.solution("Basic").is_some());
    common_tables(&snapshot);
}

/// Both defaults hold the platform solutions every organization ships, each
/// component in its solution's layer, and every fact names a corpus package
/// whose MissingDependencies state it (solution, version, component type and id).
#[test]
fn platform_solutions_are_in_both_defaults_with_their_sources() {
    for which in [DefaultOrg::OnPremises91, DefaultOrg::Online92] {
        let snapshot = check(which);
        for platform in EVERY_ORGANIZATION {
            let installed: &InstalledSolution = snapshot
                .solution(platform.unique_name)
                .unwrap_or_else(|| panic!("{} is in {}", platform.unique_name, snapshot.name));
            assert!(installed.managed && !installed.built_in);
            assert_eq!(installed.version, platform.version);
            assert!(platform
                .shipped_with_every_organization
                .starts_with("https://learn.microsoft.com/"));
            let named = format!("{} ({})", platform.unique_name, platform.version);
            let dependencies = missing_dependencies(platform.source);
            assert!(
                dependencies
                    .iter()
                    .any(|required| required.get("solution") == Some(&named)),
                "{} names {named}",
                platform.source
            );
            for component in platform.components {
                let key = component_key(component.kind, None, component.name);
                let org = snapshot
                    .component(&key)
                    .expect("the component is in the default");
                assert_eq!(org.layer_names(), [platform.unique_name]);
                let type_code = component.kind.type_code().expect("a type code").to_string();
                let sourced = missing_dependencies(component.source)
                    .iter()
                    .any(|required| {
                        required.get("solution") == Some(&named)
                            && required.get("type") == Some(&type_code)
                            && required.get("id").map(|id| id.to_lowercase()).as_deref()
                                == component.id
                    });
                assert!(sourced, "{} names {key}", component.source);
            }
        }
    }
}

/// The required side of every MissingDependency of one corpus package.
fn missing_dependencies(path: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let bytes = std::fs::read(path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"));
    let inspection = solution_inspector::inspect::inspect(&bytes).expect("the package reads");
    inspection
        .manifest
        .missing_dependencies
        .into_iter()
        .map(|dependency| dependency.required)
        .collect()
}

fn common_tables(snapshot: &Snapshot) {
    for table in [
        "account",
        "contact",
        "lead",
        "opportunity",
        "incident",
        "systemuser",
        "team",
        "businessunit",
        "activitypointer",
        "annotation",
    ] {
        let entity = snapshot
            .component(&format!("entity:{table}"))
            .unwrap_or_else(|| panic!("{table} is in the default snapshot"));
        assert_eq!(entity.layer_names(), [SYSTEM_LAYER]);
    }
    let count = |kind: &str| {
        snapshot
            .components
            .keys()
            .filter(|key| key.starts_with(kind))
            .count()
    };
    assert_eq!(count("entity:"), 122);
    assert_eq!(count("attribute:"), 5310);
    assert_eq!(count("form:"), 12);
    assert_eq!(count("view:"), 13);
    assert!(snapshot.component("attribute:account/name").is_some());
    // Lead carries the real managed properties of the metadata.
    let lead_account = snapshot
        .component("attribute:lead/accountid")
        .expect("lead.accountid");
    assert_eq!(lead_account.property_in_force("IsRenameable"), Some(false));
}

/// The bundled sample (PentaWorkScheduler) needs the OData v4 Data Provider:
/// against both defaults it now imports, and without that solution it fails
/// with the platform's missing-dependency error.
#[test]
fn the_bundled_sample_imports_into_both_defaults() {
    use solution_inspector::simulate::{simulate, ImportOptions};
    let bytes = std::fs::read(EVERY_ORGANIZATION[0].source).expect("the sample is vendored");
    let inspection = solution_inspector::inspect(&bytes).expect("the sample reads");
    for which in [DefaultOrg::OnPremises91, DefaultOrg::Online92] {
        let mut snapshot = check(which);
        let outcome = simulate(
            &inspection,
            Some(&bytes),
            &snapshot,
            &ImportOptions::default(),
        );
        assert!(outcome.success, "{}: {:?}", snapshot.name, outcome.errors);
        snapshot
            .solutions
            .retain(|solution| solution.unique_name != "ODatav4DataProvider");
        snapshot
            .components
            .retain(|_, component| !component.has_layer("ODatav4DataProvider"));
        let without = simulate(
            &inspection,
            Some(&bytes),
            &snapshot,
            &ImportOptions::default(),
        );
        assert!(!without.success);
        assert!(without
            .errors
            .iter()
            .any(|error| error.code == "0x8004801D"));
    }
}
