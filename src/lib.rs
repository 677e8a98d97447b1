//! Solution Inspector's core: reads Dynamics 365 / Dataverse solution packages
//! and answers questions about them.
//!
//! The core takes bytes and returns values. It does no I/O, reads no clock and
//! draws no random numbers, so the web app and the CLI get the same answers.

pub mod answers;
pub mod convert;
pub mod customizations;
pub mod definition;
pub mod error;
pub mod findings;
pub mod fragment;
pub mod inspect;
pub mod json_syntax;
pub mod kinds;
pub mod manifest;
pub mod model;
pub mod names;
pub mod org;
pub mod package;
pub mod page_state;
pub mod platform;
pub mod progress;
pub mod protocol;
pub mod simulate;
pub mod target;
pub mod text;
pub mod units;
pub mod validate;
pub mod xml;

pub use error::Error;
pub use findings::Code;
pub use inspect::{inspect, Inspection};
pub use model::{Component, ComponentKind, Diagnostic, Severity};
pub use progress::Progress;
pub mod report;
