//! `solinspect`: the command-line shell over the core, for build pipelines.
//!
//! Exit statuses (the same table for every command, see the README):
//! 0 success; 1 the command's own "no" (validate: error findings; convert:
//! refused; simulate: the import would fail); 2 usage error or unreadable input.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::run()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
