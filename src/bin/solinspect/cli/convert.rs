//! `solinspect convert`: glue between files and `solution_inspector::convert`.

use std::io::Write;
use std::path::{Path, PathBuf};

use solution_inspector::convert::{self, ConversionReport, ManagedPropertyPolicy};
use solution_inspector::units::count_of;
use solution_inspector::validate::Profile;
use solution_inspector::Severity;

use super::{read_input, report_error, write_output, EXIT_OK, EXIT_UNREADABLE};

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
                Err(err) => return report_error(&path.display().to_string(), &err.into()),
            }
        }
    };
    // One read gives the model and its validation (against the online profile).
    let (inspection, validation) =
        match solution_inspector::validate::validate_package(&bytes, &Profile::online()) {
            Ok(read) => read,
            Err(err) => return report_error(&args.file.display().to_string(), &err.into()),
        };
    if !inspection.has_manifest {
        eprintln!(
            "solinspect: {}: not a solution package: no parsable solution.xml at the root of the zip",
            args.file.display()
        );
        return EXIT_UNREADABLE;
    }
    // Validation errors are shown first; they do not block the conversion.
    for finding in validation
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
    {
        eprintln!(
            "solinspect: {}: error {} {}: {}",
            args.file.display(),
            finding.code,
            finding.location.describe(),
            finding.message
        );
    }
    let converted = match convert::convert(&bytes, &inspection, &policy) {
        Ok(converted) => converted,
        Err(refusal) => {
            let place = format!("{}: not converted", args.file.display());
            return report_error(&place, &refusal.into());
        }
    };
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from(&converted.report.file_name));
    if let Err(status) = write_output(&output, &converted.bytes) {
        return status;
    }
    print_summary(&converted.report, &output);
    EXIT_OK
}

/// Most property changes listed one per line; the rest are counted.
const LISTED_CHANGES: usize = 20;

/// A short human summary on stdout. Write errors (a closed pipe) are ignored:
/// the package is already written.
fn print_summary(report: &ConversionReport, output: &Path) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} {}: managed package written to {}",
        report.unique_name,
        report.version,
        output.display()
    );
    let _ = writeln!(
        out,
        "  {} rewritten ({}), {} copied unchanged",
        count_of(report.changed_entries.len(), "entry"),
        report.changed_entries.join(", "),
        report.copied_entries
    );
    if !report.property_changes.is_empty() {
        let inserted = report
            .property_changes
            .iter()
            .filter(|change| change.from.is_none())
            .count();
        let _ = writeln!(
            out,
            "  {} written ({inserted} of them added)",
            count_of(report.property_changes.len(), "managed property")
        );
    }
    for change in report.property_changes.iter().take(LISTED_CHANGES) {
        let from = change
            .from
            .map_or("absent".to_owned(), |value| u8::from(value).to_string());
        let _ = writeln!(
            out,
            "    {} {}: {} -> {}",
            change.component,
            change.property,
            from,
            u8::from(change.to)
        );
    }
    if report.property_changes.len() > LISTED_CHANGES {
        let _ = writeln!(
            out,
            "    … and {} more",
            report.property_changes.len() - LISTED_CHANGES
        );
    }
    for dropped in &report.dropped_components {
        let _ = writeln!(
            out,
            "  dropped {} (line {}): {}",
            dropped.component, dropped.line, dropped.reason
        );
    }
    for note in &report.notes {
        let _ = writeln!(out, "  note {}: {}", note.code, note.message);
    }
}
