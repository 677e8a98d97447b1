//! The default snapshots under www/org/ are generated from the public
//! system-table metadata; this test is the generator. Run with
//! `UPDATE_SNAPSHOTS=1` to rewrite the files after changing the generator.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use solution_inspector::org::generate::{default_snapshot, DefaultOrg};
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
    assert_eq!(names, [SYSTEM_LAYER, ACTIVE_LAYER, "Default"]);
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
