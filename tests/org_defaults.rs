//! The default snapshots under www/org/ are generated from the public
//! system-table metadata; this test is the generator. Run with
//! `UPDATE_SNAPSHOTS=1` to rewrite the files after changing the generator.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::Path;

mod common;

use solution_inspector::org::first_party::{
    AppComponentRow, DYNAMICS_365_APPS, DYNAMICS_365_APP_COMPONENTS, EVERY_ORGANIZATION,
};
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

/// The apps default is the online one plus the apps' solutions, each at the
/// highest version a corpus package names, and every row of their table.
#[test]
fn online_with_apps_default_is_current() {
    let snapshot = check(DefaultOrg::Online92WithApps);
    let plain = check(DefaultOrg::Online92);
    assert_eq!(snapshot.target, plain.target);
    common_tables(&snapshot);
    let rows: Vec<AppComponentRow<'static>> =
        solution_inspector::org::first_party::app_component_rows().collect();
    assert!(rows.len() > 300, "{} rows", rows.len());
    for row in &rows {
        let installed = snapshot
            .solution(row.solution)
            .unwrap_or_else(|| panic!("{} is in the apps default", row.solution));
        assert!(installed.managed && !installed.built_in);
        assert_ne!(
            solution_inspector::org::compare_versions(&installed.version, row.version),
            std::cmp::Ordering::Less
        );
        // Every row is a component of a modelled kind, in its solution's layer.
        use solution_inspector::model::ComponentKind;
        let kinds = ComponentKind::from_type_attribute(row.type_code);
        let kind = *kinds
            .iter()
            .next()
            .unwrap_or_else(|| panic!("type {}", row.type_code));
        let key = component_key(kind, row.parent, row.name);
        let component = snapshot
            .component(&key)
            .unwrap_or_else(|| panic!("{key} is in the apps default"));
        assert!(component.has_layer(row.solution), "{key}");
    }
    for app in DYNAMICS_365_APPS {
        assert!(app.source.starts_with("https://learn.microsoft.com/"));
        for solution in app.solutions {
            assert!(
                plain.solution(solution).is_none(),
                "{solution} is only in the apps default"
            );
        }
    }
    // FieldService 8.2.0.286 brings the work order table FieldServiceIntegration needs.
    let work_order = snapshot
        .component("entity:msdyn_workorder")
        .expect("msdyn_workorder is in the apps default");
    assert_eq!(work_order.layer_names(), ["FieldService"]);
    assert_eq!(
        snapshot.solution("FieldService").unwrap().version,
        "8.2.0.286"
    );
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
    for which in [
        DefaultOrg::OnPremises91,
        DefaultOrg::Online92,
        DefaultOrg::Online92WithApps,
    ] {
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
        // The apps default layers its solutions over some system tables.
        let layers = entity.layer_names();
        assert_eq!(
            layers.first().map(String::as_str),
            Some(SYSTEM_LAYER),
            "{table}"
        );
        let apps = snapshot.solution("msdynce_Sales").is_some();
        assert!(apps || layers.len() == 1, "{table}: {layers:?}");
    }
    let count = |kind: &str| {
        // Of the system tables' metadata (the apps default adds its own).
        snapshot
            .components
            .iter()
            .filter(|(key, component)| key.starts_with(kind) && component.has_layer(SYSTEM_LAYER))
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

/// The table of the Dynamics 365 apps' components is what the corpus packages'
/// MissingDependencies name from those solutions: one row per component, from
/// the package naming the highest version of its solution (the first such
/// package in path order). `UPDATE_SNAPSHOTS=1` rewrites it.
#[test]
fn dynamics_365_app_components_are_what_the_corpus_names() {
    let wanted: Vec<&str> = DYNAMICS_365_APPS
        .iter()
        .flat_map(|app| app.solutions.iter().copied())
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // (solution, type, parent, name) lower-cased → (version, the row's fields).
    type ComponentId = (String, String, String, String);
    let mut rows: BTreeMap<ComponentId, (String, Vec<String>)> = BTreeMap::new();
    for path in common::every_package_path() {
        let source = path
            .strip_prefix(root)
            .expect("corpus paths are under the repository")
            .to_string_lossy()
            .into_owned();
        for required in missing_dependencies(&source) {
            let Some((solution, version)) = required
                .get("solution")
                .and_then(|named| named.strip_suffix(')'))
                .and_then(|named| named.split_once(" ("))
            else {
                continue;
            };
            if !wanted.contains(&solution) {
                continue;
            }
            let field = |name: &str| required.get(name).cloned().unwrap_or_default();
            let name = required
                .get("schemaName")
                .or_else(|| required.get("id"))
                .cloned()
                .unwrap_or_default();
            let key = (
                solution.to_owned(),
                field("type"),
                field("parentSchemaName").to_lowercase(),
                name.to_lowercase(),
            );
            let fields = vec![
                solution.to_owned(),
                version.to_owned(),
                field("type"),
                name,
                field("parentSchemaName"),
                field("displayName"),
                field("id"),
                source.clone(),
            ];
            assert!(
                fields.iter().all(|text| !text.contains(['\t', '\n'])),
                "{source}: a MissingDependency attribute holds a tab or a line break"
            );
            let higher = rows.get(&key).is_none_or(|(known, _)| {
                solution_inspector::org::compare_versions(version, known).is_gt()
            });
            if higher {
                rows.insert(key, (version.to_owned(), fields));
            }
        }
    }
    let mut table = AppComponentRow::HEADER.to_owned() + "\n";
    for (_, fields) in rows.values() {
        table.push_str(&fields.join("\t"));
        table.push('\n');
    }
    let path = root.join("src/org/first_party_apps.tsv");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &table).expect("src/org is writable");
    }
    assert!(
        DYNAMICS_365_APP_COMPONENTS == table,
        "{} is not what the corpus names; run UPDATE_SNAPSHOTS=1 cargo test --test org_defaults",
        path.display()
    );
    for line in table.lines().skip(1) {
        let row = AppComponentRow::parse(line).expect("every row reads back");
        assert_eq!(row.to_line(), line);
    }
    // Every solution of the apps is named by some package.
    for solution in wanted {
        assert!(
            table
                .lines()
                .any(|line| line.starts_with(&format!("{solution}\t"))),
            "no corpus package needs {solution}"
        );
    }
}

/// Every vendored package simulated against each default with the default options:
/// the verdicts docs/org-snapshot.md counts ("Which corpus packages import into each
/// default"), kept as tests/snapshots/defaults-verdicts.tsv.
#[test]
fn corpus_verdicts_against_each_default() {
    use solution_inspector::simulate::{simulate, ImportOptions};
    let defaults = [
        DefaultOrg::OnPremises91,
        DefaultOrg::Online92,
        DefaultOrg::Online92WithApps,
    ]
    .map(check);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut table = String::from("package\tdefault\timports\terror codes\n");
    let mut imports = [0usize; 3];
    for path in common::every_package_path() {
        let bytes = std::fs::read(&path).expect("the package reads");
        let Ok(inspection) = solution_inspector::inspect(&bytes) else {
            continue;
        };
        let name = path.strip_prefix(root.join("tests/corpus")).unwrap();
        for (index, snapshot) in defaults.iter().enumerate() {
            let outcome = simulate(
                &inspection,
                Some(&bytes),
                snapshot,
                &ImportOptions::default(),
            );
            imports[index] += usize::from(outcome.success);
            let codes: Vec<&str> = outcome
                .errors
                .iter()
                .map(|error| error.code.as_str())
                .collect();
            table.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                name.display(),
                snapshot.name,
                if outcome.success { "yes" } else { "no" },
                codes.join(" ")
            ));
        }
    }
    for (snapshot, count) in defaults.iter().zip(imports) {
        table.push_str(&format!("# {}: {count} import\n", snapshot.name));
    }
    common::assert_snapshot("defaults-verdicts.tsv", &table);
    // The apps default holds what the first-party dependencies need: it takes
    // in every package the plain online default takes in, and more.
    assert!(imports[2] > imports[1], "{imports:?}");
}

/// A required component counts only when it is in the organization: the
/// solution that brings it being installed, without it, is not enough.
#[test]
fn an_installed_solution_without_the_required_component_does_not_satisfy_it() {
    use solution_inspector::simulate::{simulate, ImportOptions};
    let path = common::corpus_path(
        "microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_managed.zip",
    );
    let bytes = std::fs::read(path).expect("the package is vendored");
    let inspection = solution_inspector::inspect(&bytes).expect("the package reads");
    let mut snapshot = check(DefaultOrg::Online92WithApps);
    assert!(snapshot
        .components
        .remove("entity:msdyn_agreement")
        .is_some());
    assert!(snapshot.solution("FieldService").is_some());
    let outcome = simulate(
        &inspection,
        Some(&bytes),
        &snapshot,
        &ImportOptions::default(),
    );
    assert!(!outcome.success);
    let error = outcome
        .errors
        .iter()
        .find(|error| error.code == "0x8004801D")
        .expect("the missing-dependency error");
    let detail = error
        .details
        .iter()
        .find(|detail| detail.starts_with("needs table msdyn_agreement ("))
        .unwrap_or_else(|| panic!("a detail names msdyn_agreement: {:?}", error.details));
    assert!(detail.contains("FieldService 8.2.0.286"), "{detail}");
    assert!(
        detail.contains("installed here at version 8.2.0.286, without this component"),
        "{detail}"
    );
}
