//! Argument parsing and dispatch. Each command's glue lives in its own file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use solution_inspector::convert::RefusalReason;
use solution_inspector::Error;

/// Like `print!`, but a closed stdout (`solinspect … | head`) is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Like `println!`, but a closed stdout (`solinspect … | head`) is not an error.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod capture;
mod convert;
mod inspect;
mod org;
mod simulate;
mod snapshots;
mod validate;
mod webapi;

/// Exit status: the command succeeded and found nothing wrong.
pub const EXIT_OK: u8 = 0;
/// Exit status: the command's own "no" (error findings, refusal, failing import).
pub const EXIT_NO: u8 = 1;
/// Exit status: usage error, or input that cannot be read at all.
pub const EXIT_UNREADABLE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "solinspect",
    version,
    about = "Inspect, validate, convert and simulate Dynamics 365 / Dataverse solution packages"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show what a solution package holds: manifest, publisher, components, files.
    Inspect(inspect::Args),
    /// Check a package against a target's size limits and import rules; exit 1 on error findings.
    Validate(validate::Args),
    /// Convert an unmanaged solution into the managed package the platform would export.
    Convert(convert::Args),
    /// Predict what importing a package into an organization would do.
    Simulate(simulate::Args),
    /// Organization snapshots: defaults, install, uninstall, apply-upgrade, show.
    Org(org::Args),
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                EXIT_UNREADABLE
            } else {
                EXIT_OK
            });
        }
    };
    let status = match cli.command {
        Command::Inspect(args) => inspect::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Org(args) => org::run(args),
    };
    ExitCode::from(status)
}

/// Reads a whole input file, or says why not (exit status 2).
pub fn read_input(path: &Path) -> Result<Vec<u8>, u8> {
    std::fs::read(path).map_err(|err| {
        eprintln!("solinspect: cannot read {}: {err}", path.display());
        EXIT_UNREADABLE
    })
}

/// The exit status an error of the core calls for, from its kind (README
/// "Exit statuses"): input that cannot be used is 2, the core's own "no" is 1.
pub fn exit_status(error: &Error) -> u8 {
    match error {
        Error::Open(_) | Error::Snapshot(_) | Error::Capture(_) | Error::Policy(_) => {
            EXIT_UNREADABLE
        }
        Error::Refused(refusal) => match refusal.reason() {
            RefusalReason::AlreadyManaged => EXIT_NO,
            RefusalReason::Unreadable => EXIT_UNREADABLE,
        },
    }
}

/// Says why on stderr (`solinspect: WHERE: ERROR`) and gives the exit status
/// the error's kind calls for.
pub fn report_error(place: &str, error: &Error) -> u8 {
    eprintln!("solinspect: {place}: {error}");
    exit_status(error)
}

/// Prints JSON to stdout.
pub fn print_json(value: &serde_json::Value) {
    outln!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

#[allow(dead_code)] // used by commands that write files
pub fn write_output(path: &PathBuf, bytes: &[u8]) -> Result<(), u8> {
    std::fs::write(path, bytes).map_err(|err| {
        eprintln!("solinspect: cannot write {}: {err}", path.display());
        EXIT_UNREADABLE
    })
}
