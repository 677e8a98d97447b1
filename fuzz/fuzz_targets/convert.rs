//! Converting arbitrary bytes to managed, under the default policy and a locking one:
//! never a panic, a hang or unbounded memory, and every converted package opens again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solution_inspector::convert::{convert, ManagedPropertyPolicy};

fuzz_target!(|bytes: &[u8]| {
    let Ok(inspection) = solution_inspector::inspect(bytes) else {
        return;
    };
    if inspection.manifest.managed() == Some(true) {
        return;
    }
    let mut locking = ManagedPropertyPolicy::default();
    locking.lock_everything();
    for policy in [ManagedPropertyPolicy::default(), locking] {
        if let Ok(converted) = convert(bytes, &inspection, &policy) {
            if let Err(err) = solution_inspector::inspect(&converted.bytes) {
                panic!("the converted package does not open: {err}");
            }
        }
    }
});
