//! The catalogue of finding codes is the only place codes are written: no source
//! file outside `src/findings.rs` spells a finding code as a string, none outside
//! `src/platform.rs` spells a platform error code, and every code has a producer.

use std::path::{Path, PathBuf};

use solution_inspector::findings::Code;

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// Every source file under `src/` (the CLI, the app and the engine included) but
/// the ones named, with its text.
fn sources_except(skip: &[&str]) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(root)
                .expect("under the crate")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            (name, text)
        })
        .filter(|(name, _)| !skip.contains(&name.as_str()))
        .collect()
}

/// Quoted strings that start like a finding code (`"SV0223`) or a platform error code
/// (`"0x8004`).
fn quoted_codes(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (at, _) in text.match_indices('"') {
        let rest = &bytes[at + 1..];
        let finding = rest.len() >= 6
            && rest[0] == b'S'
            && rest[1].is_ascii_uppercase()
            && rest[2..6].iter().all(u8::is_ascii_digit);
        let platform = rest.starts_with(b"0x8004");
        if finding || platform {
            found.push(String::from_utf8_lossy(&rest[..rest.len().min(10)]).into_owned());
        }
    }
    found
}

#[test]
fn no_code_is_written_as_a_string_outside_the_catalogue() {
    let mut offenders = Vec::new();
    for (name, text) in sources_except(&["src/findings.rs", "src/platform.rs"]) {
        for code in quoted_codes(&text) {
            offenders.push(format!("{name}: \"{code}"));
        }
    }
    assert!(
        offenders.is_empty(),
        "codes written as strings (use findings::Code or platform::PlatformError):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_scan_finds_codes_written_as_strings() {
    assert_eq!(
        quoted_codes(r#"x == "SI1003" || y == "0x80048060""#).len(),
        2
    );
    assert!(quoted_codes("Code::SI1003 `SV0223` \"Sv0223\"").is_empty());
}

#[test]
fn every_code_has_a_producer() {
    let sources: String = sources_except(&["src/findings.rs", "src/findings/docs.rs"])
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let unused: Vec<&str> = Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| {
            let named = format!("Code::{code}");
            !sources.match_indices(&named).any(|(at, _)| {
                // `Code::SI1003` but not `Code::SI10031`.
                !sources[at + named.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            })
        })
        .collect();
    assert!(unused.is_empty(), "codes no producer makes: {unused:?}");
}
