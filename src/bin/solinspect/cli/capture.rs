//! `solinspect org capture`: the organization's Web API asked every query of
//! the core's table (`org::capture::queries`), its rows written to a capture
//! file as they came; and `solinspect org from-capture`: a capture file made
//! into a snapshot file (the core's `org::capture`), with what a capture
//! cannot say (deployment, the on-premises upload limit, a name) stated.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use solution_inspector::org::capture::queries::{Answer, Section, QUERIES};
use solution_inspector::org::capture::{
    snapshot_from_capture, CaptureFile, CaptureOptions, CAPTURE_FORMAT, CAPTURE_FORMAT_VERSION,
};
use solution_inspector::org::Deployment;
use solution_inspector::report::import_times::Instant;

use super::simulate::now_unix_ms;
use super::webapi::{FetchError, WebApi};
use super::{read_input, report_error, write_output, EXIT_OK, EXIT_UNREADABLE};

/// The environment variable holding the bearer token.
pub const TOKEN_VARIABLE: &str = "DATAVERSE_TOKEN";

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

/// Asks the organization at `url` every query of the table and writes the capture to `output`.
pub fn capture(url: &str, output: &Path) -> u8 {
    let Some(token) = std::env::var(TOKEN_VARIABLE)
        .ok()
        .filter(|token| !token.trim().is_empty())
    else {
        eprintln!(
            "solinspect: org capture needs a bearer token in {TOKEN_VARIABLE}, e.g.\n  export {TOKEN_VARIABLE}=$(az account get-access-token --resource {url} --query accessToken -o tsv)"
        );
        return EXIT_UNREADABLE;
    };
    let api = match WebApi::new(url, token.trim().to_owned()) {
        Ok(api) => api,
        Err(message) => {
            eprintln!("solinspect: {message}");
            return EXIT_UNREADABLE;
        }
    };
    let mut capture = CaptureFile {
        format: CAPTURE_FORMAT.to_owned(),
        version: CAPTURE_FORMAT_VERSION,
        captured_from: api.host().to_owned(),
        captured_at: Instant(now_unix_ms()).iso_8601(),
        tool: Some(format!("solinspect {}", env!("CARGO_PKG_VERSION"))),
        organization: BTreeMap::new(),
        sets: BTreeMap::new(),
        unavailable: BTreeMap::new(),
    };
    for (index, query) in QUERIES.iter().enumerate() {
        eprintln!(
            "solinspect: capture {}/{}: {} ({})",
            index + 1,
            QUERIES.len(),
            query.key,
            query.feeds
        );
        let mut on_wait = |wait: std::time::Duration| {
            eprintln!(
                "solinspect:   throttled by the service protection limits: waiting {} s as Retry-After says",
                wait.as_secs()
            );
        };
        let mut on_page = |rows: usize| eprintln!("solinspect:   {rows} rows");
        let answer = match query.answer {
            Answer::Object => api.object(&query.path(), &mut on_wait),
            Answer::Rows => api
                .rows(&query.path(), &mut on_page, &mut on_wait)
                .map(|rows| Value::Array(rows.into_iter().map(Value::Object).collect())),
        };
        match (answer, query.section) {
            (Ok(answer), Section::Organization) => {
                capture.organization.insert(query.key.to_owned(), answer);
            }
            (Ok(Value::Array(rows)), Section::Sets) => {
                let rows = rows
                    .into_iter()
                    .filter_map(|row| match row {
                        Value::Object(row) => Some(row),
                        _ => None,
                    })
                    .collect();
                capture.sets.insert(query.key.to_owned(), rows);
            }
            (Ok(_), Section::Sets) => {
                eprintln!("solinspect: {}: not a list of rows", query.key);
                return EXIT_UNREADABLE;
            }
            // A table this version does not have, or one the user may not read.
            (
                Err(
                    err @ FetchError::Status {
                        status: 400 | 403 | 404,
                        ..
                    },
                ),
                _,
            ) if !query.required => {
                eprintln!("solinspect:   unavailable: {err}");
                capture
                    .unavailable
                    .insert(query.key.to_owned(), err.to_string());
            }
            (Err(err), _) => {
                eprintln!(
                    "solinspect: capture of {}: {}: {err}",
                    api.host(),
                    query.key
                );
                if matches!(err, FetchError::Status { status: 401, .. }) {
                    eprintln!(
                        "solinspect: the token was refused: get a new one (az account get-access-token --resource {url})"
                    );
                }
                return EXIT_UNREADABLE;
            }
        }
    }
    let json = match serde_json::to_vec(&capture) {
        Ok(json) => json,
        Err(err) => {
            eprintln!("solinspect: the capture cannot be written: {err}");
            return EXIT_UNREADABLE;
        }
    };
    if let Err(status) = write_output(&output.to_path_buf(), &json) {
        return status;
    }
    let rows: usize = capture.sets.values().map(Vec::len).sum();
    eprintln!(
        "solinspect: {}: {rows} rows of {} sets from {}{}",
        output.display(),
        capture.sets.len(),
        api.host(),
        if capture.unavailable.is_empty() {
            String::new()
        } else {
            format!(
                "; unavailable: {}",
                capture
                    .unavailable
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    EXIT_OK
}
