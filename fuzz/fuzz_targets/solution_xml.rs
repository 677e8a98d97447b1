//! solution.xml's reader on arbitrary text (decoded as the inspector decodes a root file).
#![no_main]

use libfuzzer_sys::fuzz_target;
use solution_inspector::{manifest, text};

fuzz_target!(|bytes: &[u8]| {
    let (decoded, _, _) = text::decode(bytes);
    let _ = manifest::parse(&decoded);
});
