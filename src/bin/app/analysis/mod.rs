//! The one door to the engine (src/bin/worker): the core runs in a wasm of its own, in a
//! module worker, so reading, validating, converting and simulating never hold up the page.
//!
//! The engine keeps the open package and the organization; the page asks for what it shows.
//! Long lists (components, findings, component outcomes) come in chunks, and the page takes
//! them in slices of its time so no task of the page runs long. Cancel ends the worker; the
//! next request starts a fresh one and gives it the package and the organization again.
//! When no worker can start, the engine's wasm runs in the page instead (same answers,
//! the page is busy while it works).
//!
//! The views use what this module re-exports. Each part owns its own state and lets the
//! others reach it only through functions: `engine.rs` the running engine, `in_flight.rs`
//! the requests waiting for their answer, `requests.rs` the package and snapshot kept for a
//! restarted engine, `package.rs` and `components.rs` the opened package and its lazily
//! loaded components; `files.rs` and `js.rs` keep none.

mod components;
mod engine;
mod files;
mod in_flight;
mod js;
mod package;
mod requests;

pub use components::use_with_components;
pub use engine::{cancel, start_engine_on_first_interaction};
pub use files::{fetch_bytes, fetch_sample, read_file, SAMPLE_NAME};
pub use in_flight::{listen, unexpected, Answered};
pub use package::{analyze, Opened};
pub use requests::{change_org, excerpt, fragment, keep_package, load_org, request, Needs};
pub use solution_inspector::page_state::{Activity, Stop, Work};
pub use solution_inspector::protocol::Failure;
