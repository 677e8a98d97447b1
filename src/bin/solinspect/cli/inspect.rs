//! `solinspect inspect`: glue between the arguments, the core's inspection and
//! its text or JSON report.

use std::path::PathBuf;

use solution_inspector::report::{inspect_json, inspect_text};

use super::{print_json, read_input, report_error, EXIT_OK, EXIT_UNREADABLE};

#[derive(clap::Args)]
pub struct Args {
    /// The solution zip.
    file: PathBuf,
    /// Print one JSON object (documented in docs/inspect-json.md) instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> u8 {
    let bytes = match read_input(&args.file) {
        Ok(bytes) => bytes,
        Err(status) => return status,
    };
    let inspection = match solution_inspector::inspect(&bytes) {
        Ok(inspection) => inspection,
        Err(err) => return report_error(&args.file.display().to_string(), &err.into()),
    };
    if !inspection.has_manifest {
        for diagnostic in &inspection.diagnostics {
            eprintln!(
                "solinspect: {}: {} {}",
                args.file.display(),
                solution_inspector::text::printable(&diagnostic.location()),
                solution_inspector::text::printable(&diagnostic.message)
            );
        }
        eprintln!(
            "solinspect: {}: not a solution package: no parsable solution.xml at the root of the zip",
            args.file.display()
        );
        return EXIT_UNREADABLE;
    }
    if args.json {
        print_json(&inspect_json::to_json(&inspection));
    } else {
        out!("{}", inspect_text::to_text(&inspection));
    }
    EXIT_OK
}
