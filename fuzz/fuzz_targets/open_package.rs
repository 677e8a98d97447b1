//! Inspecting arbitrary bytes as a solution zip: never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = solution_inspector::inspect(bytes);
});
