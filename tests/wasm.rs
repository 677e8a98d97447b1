//! The core in a real browser: inspecting a corpus package in headless Chromium
//! gives exactly the JSON the native build gives (tests/snapshots/inspect-pentawork.json,
//! which tests/corpus.rs checks natively).
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm` (the runner is
//! wasm-bindgen-test-runner, set in .cargo/config.toml).

#![cfg(target_arch = "wasm32")]

use solution_inspector::report::inspect_json;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const PACKAGE: &[u8] = include_bytes!(
    "corpus/pentawork-solutions__PentaWork.Xrm.Scheduler__PentaWorkScheduler_0_11_1_unmanaged_rawfolder.zip"
);
const NATIVE_JSON: &str = include_str!("snapshots/inspect-pentawork.json");

#[wasm_bindgen_test]
fn inspection_in_the_browser_equals_the_native_one() {
    let inspection = solution_inspector::inspect(PACKAGE).expect("the package opens");
    let json = serde_json::to_string_pretty(&inspect_json::to_json(&inspection)).unwrap() + "\n";
    assert_eq!(json, NATIVE_JSON);
}

#[wasm_bindgen_test]
fn a_non_zip_is_a_clear_error_not_a_panic() {
    let err = solution_inspector::inspect(b"this is not a zip").unwrap_err();
    assert_eq!(err, solution_inspector::package::OpenError::NotAZip);
    assert!(err.to_string().contains("not a zip"), "{err}");
}
