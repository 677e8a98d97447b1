//! `solinspect org`: default snapshots, and installing into / uninstalling from a snapshot file.

use std::path::{Path, PathBuf};

use solution_inspector::org::Snapshot;
use solution_inspector::report::simulate_text;
use solution_inspector::simulate::{self, apply, promote, uninstall};
use solution_inspector::units::count_of;

use super::simulate::{load_package, OptionArgs};
use super::snapshots::{load_snapshot, ONLINE_DEFAULT, ONLINE_WITH_APPS_DEFAULT, ONPREM_DEFAULT};
use super::{write_output, EXIT_NO, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: OrgCommand,
}

#[derive(clap::Subcommand)]
enum OrgCommand {
    /// Print an embedded default snapshot (on-premises 9.1, or online 9.2, or online 9.2
    /// with the first-party solutions of Dynamics 365 apps that real packages need).
    Default {
        #[arg(long)]
        online: bool,
        /// Online 9.2 with Dynamics 365 Sales, Customer Service, Field Service and Power Pages.
        #[arg(long)]
        with_apps: bool,
    },
    /// Import a package into a snapshot file, rewriting it in place (unchanged when the import would fail).
    Install {
        snapshot: PathBuf,
        file: PathBuf,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Uninstall a solution from a snapshot file, in place.
    Uninstall {
        snapshot: PathBuf,
        unique_name: String,
    },
    /// Apply a staged upgrade: `<NAME>_Upgrade` replaces `<NAME>` (DeleteAndPromote), in place.
    ApplyUpgrade {
        snapshot: PathBuf,
        unique_name: String,
    },
    /// Show what a snapshot holds.
    Show { snapshot: PathBuf },
}

pub fn run(args: Args) -> u8 {
    match args.command {
        OrgCommand::Default { online, with_apps } => {
            out!(
                "{}",
                match (online, with_apps) {
                    (_, true) => ONLINE_WITH_APPS_DEFAULT,
                    (true, false) => ONLINE_DEFAULT,
                    (false, false) => ONPREM_DEFAULT,
                }
            );
            EXIT_OK
        }
        OrgCommand::Install {
            snapshot,
            file,
            options,
        } => install(&snapshot, &file, &options),
        OrgCommand::Uninstall {
            snapshot,
            unique_name,
        } => remove(&snapshot, &unique_name),
        OrgCommand::ApplyUpgrade {
            snapshot,
            unique_name,
        } => apply_upgrade(&snapshot, &unique_name),
        OrgCommand::Show { snapshot } => show(&snapshot),
    }
}

fn install(snapshot_path: &PathBuf, file: &Path, options: &OptionArgs) -> u8 {
    let snapshot = match load_snapshot(Some(snapshot_path)) {
        Ok(snapshot) => snapshot,
        Err(status) => return status,
    };
    let (bytes, inspection) = match load_package(file) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let outcome = simulate::simulate(&inspection, Some(&bytes), &snapshot, &options.options());
    match apply(&snapshot, &outcome) {
        Ok(next) => match write_snapshot(snapshot_path, &next) {
            Ok(()) => {
                out!("{}", simulate_text::to_text(&outcome, false));
                outln!("{} updated", snapshot_path.display());
                EXIT_OK
            }
            Err(status) => status,
        },
        Err(_) => {
            out!("{}", simulate_text::to_text(&outcome, false));
            eprintln!(
                "solinspect: {} left unchanged: the import would fail",
                snapshot_path.display()
            );
            EXIT_NO
        }
    }
}

fn remove(snapshot_path: &PathBuf, unique_name: &str) -> u8 {
    let snapshot = match load_snapshot(Some(snapshot_path)) {
        Ok(snapshot) => snapshot,
        Err(status) => return status,
    };
    match uninstall(&snapshot, unique_name) {
        Ok(done) => {
            if let Err(status) = write_snapshot(snapshot_path, &done.snapshot) {
                return status;
            }
            outln!("removed: {}", done.removed_solutions.join(", "));
            if done.managed {
                outln!(
                    "{} deleted, {} back to the layer below",
                    count_of(done.deleted_components.len(), "component"),
                    done.restored_components.len()
                );
                for loss in &done.data_loss {
                    outln!("data deleted: {loss}");
                }
            } else {
                outln!("unmanaged: only the solution record goes; its components stay");
            }
            EXIT_OK
        }
        Err(blocked) => {
            eprintln!("solinspect: cannot uninstall {unique_name}: {blocked}");
            EXIT_NO
        }
    }
}

fn apply_upgrade(snapshot_path: &PathBuf, unique_name: &str) -> u8 {
    let snapshot = match load_snapshot(Some(snapshot_path)) {
        Ok(snapshot) => snapshot,
        Err(status) => return status,
    };
    match promote(&snapshot, unique_name) {
        Ok(done) => {
            if let Err(status) = write_snapshot(snapshot_path, &done.snapshot) {
                return status;
            }
            outln!(
                "{unique_name} upgraded; {} deleted",
                count_of(done.deleted_components.len(), "component")
            );
            EXIT_OK
        }
        Err(blocked) => {
            eprintln!("solinspect: cannot apply the upgrade of {unique_name}: {blocked}");
            EXIT_NO
        }
    }
}

fn show(snapshot_path: &PathBuf) -> u8 {
    let snapshot = match load_snapshot(Some(snapshot_path)) {
        Ok(snapshot) => snapshot,
        Err(status) => return status,
    };
    outln!(
        "{} ({:?} {})",
        snapshot.name,
        snapshot.deployment,
        snapshot.version
    );
    outln!(
        "limits: upload {} bytes, attachment {} bytes; base language {}; languages {:?}",
        snapshot.limits.upload_bytes,
        snapshot.limits.attachment_bytes,
        snapshot.base_language,
        snapshot.enabled_languages
    );
    let counts = snapshot.layer_counts();
    let mut solutions = snapshot.solutions.clone();
    solutions.sort_by_key(|solution| solution.install_order);
    outln!("solutions:");
    for solution in &solutions {
        let mut notes = Vec::new();
        if solution.built_in {
            notes.push("built-in".to_owned());
        }
        if let Some(base) = &solution.holding_for {
            notes.push(format!("holding upgrade of {base}"));
        }
        if let Some(parent) = &solution.patch_of {
            notes.push(format!("patch of {parent}"));
        }
        outln!(
            "  {:>3} {} {} {} publisher {} — {}{}",
            solution.install_order,
            solution.unique_name,
            solution.version,
            if solution.managed {
                "managed"
            } else {
                "unmanaged"
            },
            solution.publisher,
            count_of(
                counts.get(&solution.unique_name).copied().unwrap_or(0),
                "component layer"
            ),
            if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join("; "))
            }
        );
    }
    outln!("components: {}", snapshot.components.len());
    EXIT_OK
}

fn write_snapshot(path: &PathBuf, snapshot: &Snapshot) -> Result<(), u8> {
    write_output(path, (snapshot.to_json() + "\n").as_bytes())
}
