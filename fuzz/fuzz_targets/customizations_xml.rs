//! customizations.xml's streaming reader on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solution_inspector::{customizations, text};

fuzz_target!(|bytes: &[u8]| {
    let (decoded, _, _) = text::decode(bytes);
    let _ = customizations::parse("customizations.xml", &decoded, "1033");
});
