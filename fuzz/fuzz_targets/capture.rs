//! Reading arbitrary bytes as a capture of an organization and making its
//! snapshot: never a panic, a hang or unbounded memory; a snapshot it makes
//! reads back as a snapshot.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solution_inspector::org::capture::{snapshot_from_capture, CaptureOptions};
use solution_inspector::org::Snapshot;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(snapshot) = snapshot_from_capture(bytes, &CaptureOptions::default()) {
        if let Err(err) = Snapshot::from_json(&snapshot.to_json()) {
            panic!("a snapshot made from a capture does not read back: {err}");
        }
    }
});
