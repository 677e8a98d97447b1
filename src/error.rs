//! Every error the core's public functions return, as one enum, so a shell
//! can decide what to do from an error's kind (the CLI's exit status, README
//! "Exit statuses") instead of from its text. Each module keeps its own error
//! type; this only gathers them and depends on nothing else.

use crate::convert::{PolicyError, Refusal};
use crate::org::capture::CaptureError;
use crate::org::SnapshotError;
use crate::package::OpenError;

/// An error of the core, by where it comes from; its message is the inner error's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The package's bytes are not a zip that can be opened.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// An organization snapshot (or its metadata) that cannot be used.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// A capture of an organization that cannot be made into a snapshot.
    #[error(transparent)]
    Capture(#[from] CaptureError),
    /// A managed-properties policy that cannot be used.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A conversion the core refused.
    #[error(transparent)]
    Refused(#[from] Refusal),
}
