//! Simulating the import of arbitrary bytes into the default on-premises organization,
//! with the default options and a staged upgrade, and applying every successful outcome:
//! never a panic, a hang or unbounded memory.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use solution_inspector::org::Snapshot;
use solution_inspector::simulate::{apply, simulate, ImportMode, ImportOptions};

/// The organization the CLI and the app simulate against by default, parsed once per process.
fn onprem_default() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        Snapshot::from_json(include_str!("../../www/org/onprem-9.1.json"))
            .unwrap_or_else(|err| panic!("the embedded on-premises snapshot is broken: {err}"))
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(inspection) = solution_inspector::inspect(bytes) else {
        return;
    };
    let snapshot = onprem_default();
    let staged = ImportOptions {
        mode: Some(ImportMode::Stage),
        overwrite_customizations: true,
        publish_workflows: true,
        convert_to_managed: true,
    };
    for options in [ImportOptions::default(), staged] {
        let outcome = simulate(&inspection, Some(bytes), snapshot, &options);
        if outcome.success {
            if let Err(err) = apply(snapshot, &outcome) {
                panic!("a successful outcome was not applied: {}", err.message);
            }
        }
    }
});
