//! A second floor, for the parse: inflate customizations.xml (zip crate), check it
//! is UTF-8, and pull every event from quick-xml (the reader the core uses), doing
//! nothing with them. What `solinspect validate` spends beyond this is the tool's
//! own work (model, checks, report). Run by scripts/bench.sh.
//!
//! Usage: `cargo bench --bench xml_floor -- PACKAGE.zip...`; without a package it
//! prints its usage and exits successfully.

use std::io::{Cursor, Read};
use std::process::ExitCode;

use quick_xml::events::Event;

fn read_events(bytes: &[u8]) -> Result<(u64, usize), String> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| format!("not a zip: {err}"))?;
    let index = (0..archive.len())
        .find(|&index| {
            archive
                .name_for_index(index)
                .and_then(|name| name.ok())
                .is_some_and(|name| name.eq_ignore_ascii_case("customizations.xml"))
        })
        .ok_or("no customizations.xml")?;
    let mut entry = archive.by_index(index).map_err(|err| err.to_string())?;
    let mut data = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
    entry
        .read_to_end(&mut data)
        .map_err(|err| err.to_string())?;
    let text = std::str::from_utf8(&data).map_err(|err| err.to_string())?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = quick_xml::Reader::from_str(text);
    let mut events = 0u64;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => events += 1,
            Err(err) => return Err(format!("XML error: {err}")),
        }
    }
    Ok((events, text.len()))
}

fn main() -> ExitCode {
    let packages: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    if packages.is_empty() {
        eprintln!("usage: xml_floor PACKAGE.zip... (inflates customizations.xml and reads its events; see scripts/bench.sh)");
        return ExitCode::SUCCESS;
    }
    for path in packages {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("xml_floor: cannot read {path}: {err}");
                return ExitCode::from(2);
            }
        };
        match read_events(&bytes) {
            Ok((events, size)) => println!("{path}: {events} XML events in {size} bytes"),
            Err(err) => {
                eprintln!("xml_floor: {path}: {err}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
