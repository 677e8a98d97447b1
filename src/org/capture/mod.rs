//! A capture of a real organization: the Web API's own rows, as the CLI's
//! `org capture` or the page's console script collected them, with a small
//! header (docs/org-capture.md), and turning one into a [`Snapshot`].
//!
//! The fetchers only collect pages; everything here is pure: bytes in, a
//! snapshot or a [`CaptureError`] naming what is wrong out, nothing half made.
//! The queries and how their rows are read are one table (`queries.rs`); the
//! organization, publishers and solutions are read in `solutions.rs`, the
//! components and their inferred layers in `components.rs`.

mod components;
pub mod queries;
pub mod script;
mod solutions;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Captured, Snapshot, SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION};
use crate::json_syntax::JsonSyntax;
use crate::target::Deployment;
use queries::{Section, QUERIES};

/// The value of `format` in every capture file.
pub const CAPTURE_FORMAT: &str = "solution-inspector-capture";
/// The version of the capture format this build reads and writes.
pub const CAPTURE_FORMAT_VERSION: u32 = 1;

/// One row as the Web API gave it.
pub type Row = serde_json::Map<String, Value>;

/// A capture file (docs/org-capture.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaptureFile {
    pub format: String,
    pub version: u32,
    /// The Web API's host name.
    pub captured_from: String,
    /// When, ISO 8601 (the fetcher's clock).
    pub captured_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// The answers of the organization queries, by query key.
    pub organization: BTreeMap<String, Value>,
    /// Every row of each set query, by query key.
    pub sets: BTreeMap<String, Vec<Row>>,
    /// Queries the organization could not answer, with its reason (an entity
    /// set an older version does not have); never a required one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unavailable: BTreeMap<String, String>,
}

/// What the capture cannot say and the user can: the deployment and, on
/// premises, the upload limit (`maxRequestLength`), and a name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaptureOptions {
    /// `None`: online when the host is a Dynamics 365 online host.
    pub deployment: Option<Deployment>,
    /// `None`: the deployment's default (95 MB online, 6 MB on premises).
    pub upload_bytes: Option<u64>,
    /// `None`: "HOST (captured AT)".
    pub name: Option<String>,
}

/// A capture file that cannot be made into a snapshot, by kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaptureError {
    #[error("not a capture file: it is an HTML page (a sign-in page saved instead of the capture?); sign in and capture again")]
    Html,
    #[error("the capture file is truncated ({0}); capture again")]
    Truncated(JsonSyntax),
    #[error("not a capture file: {0}")]
    InvalidJson(JsonSyntax),
    #[error("not a capture file: it is not a JSON object")]
    NotAnObject,
    #[error("not a capture file: format is {found}, expected {CAPTURE_FORMAT:?}")]
    WrongFormat { found: String },
    #[error("this is an organization snapshot, not a capture: use it as a snapshot directly")]
    IsSnapshot,
    #[error(
        "capture format version {found} is newer than this tool reads ({CAPTURE_FORMAT_VERSION})"
    )]
    NewerVersion { found: u64 },
    #[error("the capture is incomplete: it has no {section} (capture again)")]
    MissingSection { section: String },
    #[error("the capture's {section}, row {row}: {detail}")]
    BadRow {
        section: String,
        row: usize,
        detail: String,
    },
    #[error("the capture lists {what} {name:?} twice")]
    Duplicate { what: &'static str, name: String },
    #[error("contradicting records in the capture: {detail}")]
    Contradiction { detail: String },
}

/// Just enough of a file to say what it is, before reading it whole.
#[derive(Deserialize)]
struct Probe {
    format: Option<Value>,
    version: Option<Value>,
}

/// Whether a file says it is a capture (its `format`), so a shell that is given
/// either a snapshot or a capture knows which reader to use.
pub fn is_capture(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice::<Probe>(text)
        .is_ok_and(|probe| probe.format.as_ref().and_then(Value::as_str) == Some(CAPTURE_FORMAT))
}

/// Reads and checks a capture file: its syntax, format, version and sections.
pub fn read_capture(bytes: &[u8]) -> Result<CaptureFile, CaptureError> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match text.iter().find(|byte| !byte.is_ascii_whitespace()) {
        Some(b'<') => return Err(CaptureError::Html),
        Some(b'{') | None => {}
        // serde would read an array as the header's fields in order.
        Some(_) => return Err(CaptureError::NotAnObject),
    }
    let probe: Probe = serde_json::from_slice(text).map_err(syntax_error)?;
    let found = match &probe.format {
        Some(Value::String(format)) => format.clone(),
        Some(other) => other.to_string(),
        None => "missing".to_owned(),
    };
    if found == SNAPSHOT_FORMAT {
        return Err(CaptureError::IsSnapshot);
    }
    if found != CAPTURE_FORMAT {
        return Err(CaptureError::WrongFormat {
            found: if probe.format.is_some() {
                format!("{found:?}")
            } else {
                found
            },
        });
    }
    if let Some(version) = probe.version.as_ref().and_then(Value::as_u64) {
        if version > u64::from(CAPTURE_FORMAT_VERSION) {
            return Err(CaptureError::NewerVersion { found: version });
        }
    }
    let capture: CaptureFile = serde_json::from_slice(text).map_err(syntax_error)?;
    check_sections(&capture)?;
    Ok(capture)
}

fn syntax_error(err: serde_json::Error) -> CaptureError {
    if err.is_eof() {
        CaptureError::Truncated(err.into())
    } else {
        CaptureError::InvalidJson(err.into())
    }
}

/// Every query of the table is answered or recorded as unavailable; the
/// required ones are answered.
fn check_sections(capture: &CaptureFile) -> Result<(), CaptureError> {
    for query in QUERIES {
        let answered = match query.section {
            Section::Organization => capture.organization.contains_key(query.key),
            Section::Sets => capture.sets.contains_key(query.key),
        };
        let excused = !query.required && capture.unavailable.contains_key(query.key);
        if !answered && !excused {
            let place = match query.section {
                Section::Organization => "organization",
                Section::Sets => "sets",
            };
            return Err(CaptureError::MissingSection {
                section: format!("{place}.{}", query.key),
            });
        }
    }
    Ok(())
}

/// A capture file's bytes → the organization's snapshot.
pub fn snapshot_from_capture(
    bytes: &[u8],
    options: &CaptureOptions,
) -> Result<Snapshot, CaptureError> {
    let capture = read_capture(bytes)?;
    snapshot_of(&capture, options)
}

/// A read capture → the organization's snapshot.
pub fn snapshot_of(
    capture: &CaptureFile,
    options: &CaptureOptions,
) -> Result<Snapshot, CaptureError> {
    let target = solutions::target(capture, options)?;
    let publishers = solutions::publishers(capture)?;
    let solutions = solutions::solutions(capture, &publishers)?;
    let built = components::components(capture, &solutions)?;
    let name = options.name.clone().unwrap_or_else(|| {
        format!(
            "{} (captured {})",
            capture.captured_from, capture.captured_at
        )
    });
    Ok(Snapshot {
        format: SNAPSHOT_FORMAT.to_owned(),
        format_version: SNAPSHOT_FORMAT_VERSION,
        name,
        target,
        publishers: publishers
            .into_iter()
            .map(|(_, publisher)| publisher)
            .collect(),
        solutions: solutions
            .into_iter()
            .map(|solution| solution.installed)
            .collect(),
        components: built.components,
        captured: Some(Captured {
            from: capture.captured_from.clone(),
            at: capture.captured_at.clone(),
            tool: capture.tool.clone(),
            layers_inferred: true,
            unmodelled: built.unmodelled,
            unresolved: built.unresolved,
            unavailable: capture.unavailable.clone(),
        }),
    })
}

/// A row's column as text (`None` when absent, null or empty).
fn text<'a>(row: &'a Row, column: &str) -> Option<&'a str> {
    row.get(column)
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
}

/// A row's column as a boolean: a plain boolean, or a managed property's `Value`.
fn flag(row: &Row, column: &str) -> Option<bool> {
    match row.get(column)? {
        Value::Bool(value) => Some(*value),
        Value::Object(property) => property.get("Value").and_then(Value::as_bool),
        _ => None,
    }
}

/// A GUID as the snapshot keys ids by: no braces, lower case.
fn plain_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}

fn bad_row(section: &str, index: usize, detail: String) -> CaptureError {
    CaptureError::BadRow {
        section: section.to_owned(),
        row: index + 1,
        detail,
    }
}

#[cfg(test)]
mod tests;
