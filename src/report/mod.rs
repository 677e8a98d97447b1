//! Reports: the public JSON and text forms of results.

pub mod answers_text;
pub mod import_log;
pub mod import_times;
pub mod importjob;
pub mod inspect_json;
pub mod inspect_text;
pub mod simulate_json;
pub mod simulate_text;
pub mod validate_json;
pub mod validate_sarif;
pub mod validate_text;
