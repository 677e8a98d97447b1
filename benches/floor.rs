//! The physical floor for reading a package: inflate every entry with the zip
//! crate (the same crate and deflate backend the core uses) into a sink, and do
//! nothing else. scripts/bench.sh times this binary next to `unzip -p` and
//! `solinspect validate`.
//!
//! Usage: `cargo bench --bench floor -- PACKAGE.zip...` (or run the built binary
//! directly). Without a package it prints its usage and exits successfully, so a
//! bare `cargo bench` does not fail.

use std::io::{Cursor, Read};
use std::process::ExitCode;

fn inflate_all(bytes: &[u8]) -> Result<(usize, u64), String> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| format!("not a zip: {err}"))?;
    let mut buffer = vec![0u8; 64 * 1024];
    let mut inflated = 0u64;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|err| format!("entry {index}: {err}"))?;
        loop {
            let read = entry
                .read(&mut buffer)
                .map_err(|err| format!("entry {index}: {err}"))?;
            if read == 0 {
                break;
            }
            inflated += read as u64;
        }
    }
    Ok((archive.len(), inflated))
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; only the non-flag arguments are packages.
    let packages: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    if packages.is_empty() {
        eprintln!(
            "usage: floor PACKAGE.zip... (inflates every entry to a sink; see scripts/bench.sh)"
        );
        return ExitCode::SUCCESS;
    }
    for path in packages {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("floor: cannot read {path}: {err}");
                return ExitCode::from(2);
            }
        };
        match inflate_all(&bytes) {
            Ok((entries, inflated)) => {
                println!("{path}: {entries} entries, {inflated} bytes inflated")
            }
            Err(err) => {
                eprintln!("floor: {path}: {err}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
