//! Reading the settings a user gives: an organization snapshot, a managed-properties
//! policy, and the page's list of kept organizations (as IndexedDB gives it back):
//! never a panic, a hang or unbounded memory, and what reads writes back and reads again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solution_inspector::convert::ManagedPropertyPolicy;
use solution_inspector::org::Snapshot;
use solution_inspector::page_state::kept::{kept_name, KeptOrganization};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(snapshot) = Snapshot::from_json(&text) {
        let again = Snapshot::from_json(&snapshot.to_json()).expect("a snapshot written reads back");
        assert_eq!(again, snapshot);
    }
    let _ = ManagedPropertyPolicy::from_json(&text);
    if let Ok(kept) = serde_json::from_str::<Vec<KeptOrganization>>(&text) {
        for entry in kept {
            let _ = entry.summary();
            let _ = kept_name(&entry.name);
        }
    }
});
