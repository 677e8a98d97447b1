//! `solinspect simulate`: what importing a package into an organization would do.

use std::path::{Path, PathBuf};

use solution_inspector::report::import_log::to_log_workbook;
use solution_inspector::report::import_times::ImportTimes;
use solution_inspector::report::importjob::to_importjob_xml;
use solution_inspector::report::{simulate_json, simulate_text};
use solution_inspector::simulate::{self, ImportMode, ImportOptions};
use solution_inspector::Inspection;

use super::snapshots::load_snapshot;
use super::{print_json, read_input, report_error, write_output, EXIT_NO, EXIT_OK};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Mode {
    Update,
    Upgrade,
    Stage,
}

/// The import options shared by `simulate` and `org install`.
#[derive(clap::Args)]
pub struct OptionArgs {
    /// For a managed package over an installed one (default: upgrade, as the platform).
    #[arg(long, value_enum)]
    mode: Option<Mode>,
    /// Overwrite unmanaged customizations (default: maintain them).
    #[arg(long)]
    overwrite_customizations: bool,
    /// Convert matching unmanaged components to managed.
    #[arg(long)]
    convert_to_managed: bool,
    /// Activate processes and plug-in steps after the import.
    #[arg(long)]
    activate_processes: bool,
}

impl OptionArgs {
    pub fn options(&self) -> ImportOptions {
        ImportOptions {
            mode: self.mode.map(|mode| match mode {
                Mode::Update => ImportMode::Update,
                Mode::Upgrade => ImportMode::Upgrade,
                Mode::Stage => ImportMode::Stage,
            }),
            overwrite_customizations: self.overwrite_customizations,
            publish_workflows: self.activate_processes,
            convert_to_managed: self.convert_to_managed,
        }
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The solution zip.
    file: PathBuf,
    /// Organization snapshot (default: the embedded on-premises 9.1 organization).
    #[arg(long)]
    org: Option<PathBuf>,
    #[command(flatten)]
    options: OptionArgs,
    /// Print the pipeline JSON instead of text.
    #[arg(long)]
    json: bool,
    /// In the text, every missing dependency and every component, not only the summary.
    #[arg(long)]
    verbose: bool,
    /// Write the "Download Log" workbook (XML Spreadsheet 2003) here.
    #[arg(long)]
    log: Option<PathBuf>,
    /// Write the ImportJob data XML here.
    #[arg(long)]
    importjob: Option<PathBuf>,
}

/// Reads and inspects a package for simulation (exit 2 when it is not a zip at all).
pub fn load_package(path: &Path) -> Result<(Vec<u8>, Inspection), u8> {
    let bytes = read_input(path)?;
    match solution_inspector::inspect(&bytes) {
        Ok(inspection) => Ok((bytes, inspection)),
        Err(err) => Err(report_error(&path.display().to_string(), &err.into())),
    }
}

pub fn run(args: Args) -> u8 {
    let (bytes, inspection) = match load_package(&args.file) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let snapshot = match load_snapshot(args.org.as_ref()) {
        Ok(snapshot) => snapshot,
        Err(status) => return status,
    };
    let outcome = simulate::simulate(
        &inspection,
        Some(&bytes),
        &snapshot,
        &args.options.options(),
    );
    // Reports carry the wall-clock time of the run; the core takes it as input.
    let times = ImportTimes::new(now_unix_ms());
    if let Some(path) = &args.log {
        if let Err(status) = write_output(
            path,
            to_log_workbook(&outcome, &inspection, &times).as_bytes(),
        ) {
            return status;
        }
    }
    if let Some(path) = &args.importjob {
        if let Err(status) = write_output(
            path,
            to_importjob_xml(&outcome, &inspection, &times).as_bytes(),
        ) {
            return status;
        }
    }
    if args.json {
        print_json(&simulate_json::to_json(&outcome));
    } else {
        out!("{}", simulate_text::to_text(&outcome, args.verbose));
    }
    if outcome.success {
        EXIT_OK
    } else {
        EXIT_NO
    }
}

pub fn now_unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(0))
        .unwrap_or(0)
}
