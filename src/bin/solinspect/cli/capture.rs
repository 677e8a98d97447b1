//! `solinspect org from-capture`: a capture file of an organization made into
//! a snapshot file (the core's `org::capture`); the options say what a capture
//! cannot (deployment, the on-premises upload limit, a name).

use std::path::{Path, PathBuf};

use solution_inspector::org::capture::{snapshot_from_capture, CaptureOptions};
use solution_inspector::org::Deployment;

use super::{read_input, report_error, write_output, EXIT_OK};

/// What the user states about the captured organization.
#[derive(clap::Args)]
pub struct StatedArgs {
    /// The organization is on premises (default: online when the host is a Dynamics 365 online host).
    #[arg(long, conflicts_with = "online")]
    on_premises: bool,
    /// The organization is online.
    #[arg(long)]
    online: bool,
    /// The largest solution file it accepts (on premises: maxRequestLength), in bytes.
    #[arg(long, value_name = "BYTES")]
    max_upload_bytes: Option<u64>,
    /// A name for people ("Test", "Production").
    #[arg(long)]
    name: Option<String>,
}

impl StatedArgs {
    fn options(&self) -> CaptureOptions {
        CaptureOptions {
            deployment: if self.on_premises {
                Some(Deployment::OnPremises)
            } else if self.online {
                Some(Deployment::Online)
            } else {
                None
            },
            upload_bytes: self.max_upload_bytes,
            name: self.name.clone(),
        }
    }
}

/// Writes the snapshot made from the capture at `capture` to `output` (stdout without).
pub fn from_capture(capture: &Path, output: Option<&PathBuf>, stated: &StatedArgs) -> u8 {
    let bytes = match read_input(capture) {
        Ok(bytes) => bytes,
        Err(status) => return status,
    };
    let snapshot = match snapshot_from_capture(&bytes, &stated.options()) {
        Ok(snapshot) => snapshot,
        Err(err) => return report_error(&capture.display().to_string(), &err.into()),
    };
    let json = snapshot.to_json() + "\n";
    match output {
        Some(path) => {
            if let Err(status) = write_output(path, json.as_bytes()) {
                return status;
            }
            let captured = snapshot.captured.as_ref();
            let unmodelled: usize = captured.map_or(0, |c| c.unmodelled.values().sum());
            let unresolved: usize = captured.map_or(0, |c| c.unresolved.values().sum());
            eprintln!(
                "solinspect: {}: {} solutions, {} components ({unmodelled} of types not modelled, {unresolved} not named by the listings); layers inferred",
                path.display(),
                snapshot.solutions.len(),
                snapshot.components.len(),
            );
        }
        None => out!("{json}"),
    }
    EXIT_OK
}
