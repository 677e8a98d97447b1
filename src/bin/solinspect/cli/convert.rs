//! `solinspect convert`: glue between files and `solution_inspector::convert`.

use std::path::PathBuf;

use solution_inspector::convert::{self, ManagedPropertyPolicy, RefusalReason};
use solution_inspector::Severity;

use super::{read_input, write_output, EXIT_NO, EXIT_OK, EXIT_UNREADABLE};

#[derive(clap::Args)]
pub struct Args {
    /// The unmanaged solution zip.
    file: PathBuf,
    /// Where to write the managed zip (default: UniqueName_1_2_0_0_managed.zip
    /// in the current directory, the name the platform gives its exports).
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// A managed-properties policy (JSON, docs/managed-properties-policy.md).
    #[arg(long = "managed-properties", value_name = "POLICY.json")]
    managed_properties: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let bytes = match read_input(&args.file) {
        Ok(bytes) => bytes,
        Err(status) => return status,
    };
    let policy = match &args.managed_properties {
        None => ManagedPropertyPolicy::new(),
        Some(path) => {
            let text = match read_input(path) {
                Ok(text) => String::from_utf8_lossy(&text).into_owned(),
                Err(status) => return status,
            };
            match ManagedPropertyPolicy::from_json(&text) {
                Ok(policy) => policy,
                Err(err) => {
                    eprintln!("solinspect: {}: {err}", path.display());
                    return EXIT_UNREADABLE;
                }
            }
        }
    };
    let inspection = match solution_inspector::inspect(&bytes) {
        Ok(inspection) => inspection,
        Err(err) => {
            eprintln!("solinspect: {}: {err}", args.file.display());
            return EXIT_UNREADABLE;
        }
    };
    if !inspection.has_manifest {
        eprintln!(
            "solinspect: {}: not a solution package: no parsable solution.xml at the root of the zip",
            args.file.display()
        );
        return EXIT_UNREADABLE;
    }
    // Errors are shown first; they do not block the conversion.
    for diagnostic in inspection
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
    {
        eprintln!(
            "solinspect: {}: error {}: {} {}",
            args.file.display(),
            diagnostic.code,
            diagnostic.location(),
            diagnostic.message
        );
    }
    let converted = match convert::convert(&bytes, &inspection, &policy) {
        Ok(converted) => converted,
        Err(refusal) => {
            eprintln!(
                "solinspect: {}: not converted: {refusal}",
                args.file.display()
            );
            return match refusal.reason {
                RefusalReason::AlreadyManaged => EXIT_NO,
                RefusalReason::Unreadable => EXIT_UNREADABLE,
            };
        }
    };
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from(&converted.report.file_name));
    if let Err(status) = write_output(&output, &converted.bytes) {
        return status;
    }
    let report = &converted.report;
    println!(
        "{} {}: managed package written to {}",
        report.unique_name,
        report.version,
        output.display()
    );
    println!(
        "  {} entries rewritten ({}), {} copied unchanged",
        report.changed_entries.len(),
        report.changed_entries.join(", "),
        report.copied_entries
    );
    for change in &report.property_changes {
        let from = change
            .from
            .map_or("absent".to_owned(), |value| u8::from(value).to_string());
        println!(
            "  managed property {} {}: {} -> {}",
            change.component,
            change.property,
            from,
            u8::from(change.to)
        );
    }
    for dropped in &report.dropped_components {
        println!(
            "  dropped {} (line {}): {}",
            dropped.component, dropped.line, dropped.reason
        );
    }
    for note in &report.notes {
        println!("  note {}: {}", note.code, note.message);
    }
    EXIT_OK
}
