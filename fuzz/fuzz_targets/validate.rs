//! Validation of arbitrary bytes under the default (online) profile.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solution_inspector::validate::{validate_package, Profile};

fuzz_target!(|bytes: &[u8]| {
    let _ = validate_package(bytes, &Profile::default());
});
