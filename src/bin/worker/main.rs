//! The engine of the web app: the core library compiled to its own wasm, run by
//! www/worker.js in a module worker (or, when no worker can start, in the page).
//!
//! It keeps the open package (bytes and inspection) and the organization snapshot,
//! and answers the page's requests: read, validate, convert, simulate, cut fragments,
//! change the snapshot. Replies are small values; large lists go in chunks so the
//! page can take them in a piece per task (the typed protocol of `solution_inspector::protocol`).

#[cfg(target_arch = "wasm32")]
mod engine;

#[cfg(target_arch = "wasm32")]
fn main() {
    // Nothing to start: www/worker.js calls `handle` for each message.
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The web app's engine runs in a browser: build it with `trunk build --release`.");
    std::process::exit(2);
}
