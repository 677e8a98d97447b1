//! The embedded default organization snapshots and reading a snapshot file,
//! shared by `simulate` and `org` (kept apart from both so neither imports the other).

use std::path::PathBuf;

use solution_inspector::org::Snapshot;

use super::{read_input, report_error};

/// The default snapshots, generated from the public system-table metadata
/// (tests/org_defaults.rs keeps them current). The web app fetches the same files.
pub const ONPREM_DEFAULT: &str = include_str!("../../../../www/org/onprem-9.1.json");
pub const ONLINE_DEFAULT: &str = include_str!("../../../../www/org/online-9.2.json");
pub const ONLINE_WITH_APPS_DEFAULT: &str = include_str!("../../../../www/org/online-9.2-apps.json");

/// The snapshot at `path`, or the embedded on-premises default when there is
/// none; on failure, the exit status its error calls for (after saying why).
pub fn load_snapshot(path: Option<&PathBuf>) -> Result<Snapshot, u8> {
    let Some(path) = path else {
        return Snapshot::from_json(ONPREM_DEFAULT)
            .map_err(|err| report_error("the embedded snapshot is broken", &err.into()));
    };
    let bytes = read_input(path)?;
    let text = String::from_utf8_lossy(&bytes);
    Snapshot::from_json(&text).map_err(|err| report_error(&path.display().to_string(), &err.into()))
}
