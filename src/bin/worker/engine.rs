//! The engine's requests and replies. Glue only: every answer comes from the core.
//!
//! In (page → engine): `{id, kind, ...}` with `kind` one of
//! - `open {name, bytes: Uint8Array, quiet}`: read a package and keep it (a failed read keeps the previous one);
//!   the reply's `head` is the inspection without its components and option values, `counts`
//!   the components' number by kind (neither when `quiet`: a restarted engine given the package again);
//! - `components`: the kept package's components, in chunks (asked for by the views that list them);
//! - `validate {profile: JSON}`, `convert {policy: JSON}`, `simulate {options: JSON}`;
//! - `fragment {file, start, end}`, `excerpt {file, line}`: text of the kept package;
//! - `org-load {bytes: Uint8Array}`, `org-limit {bytes}`, `org-install {options: JSON}`,
//!   `org-uninstall {name}`, `org-save`: the organization snapshot;
//! - `log {now}`, `simulation-json`: the reports of the last simulation.
//!
//! Out (engine → page), through the `post(message, transfer)` function it is given:
//! - `{id, progress: {done, total, label}}` at most every `PROGRESS_INTERVAL_MS` of work;
//! - `{id, chunk: Uint8Array (transferred)}`: a piece of a long list as a UTF-8 JSON array (components, findings, component outcomes),
//!   small enough for the page to take in within one short task;
//! - `{id, done: true, head?: JSON (the value without its long list; a validation also without its
//!   per-component managed summary), value?: string, bytes?: ArrayBuffer (transferred), keep?: ArrayBuffer}`;
//! - `{id, failure: JSON {file_name, message, details}}`.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use serde::Serialize;
use solution_inspector::convert::{self, ManagedPropertyPolicy};
use solution_inspector::model::SourceSpan;
use solution_inspector::org::Snapshot;
use solution_inspector::report::import_log::to_log_workbook;
use solution_inspector::report::import_times::ImportTimes;
use solution_inspector::report::simulate_json;
use solution_inspector::simulate::{self, ImportOptions, Outcome};
use solution_inspector::validate::{self, ContentTypes, Finding, Profile};
use solution_inspector::{inspect, Inspection, Progress, Severity};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Progress messages are cheap, but one per step would flood the page.
const PROGRESS_INTERVAL_MS: f64 = 50.0;
/// A chunk of a long list: about what the page deserialises in a few milliseconds.
const CHUNK_BYTES: usize = 192 * 1024;
/// Lines shown before and after a finding's line, and the longest line shown.
const EXCERPT_CONTEXT: usize = 4;
const EXCERPT_LINE_LIMIT: usize = 400;

/// The package the page has open.
struct Package {
    bytes: Vec<u8>,
    inspection: Inspection,
    content_types: Option<(Option<ContentTypes>, Option<Finding>)>,
    component_index: Option<HashMap<String, usize>>,
    /// The last file fragments were cut from, decoded (customizations.xml, mostly).
    source: Option<(String, String)>,
}

#[derive(Default)]
struct State {
    package: Option<Package>,
    org: Option<Snapshot>,
    /// The last simulation and the options it ran with (install applies it).
    outcome: Option<(ImportOptions, Outcome)>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Why a request could not be answered, in words for the person who asked.
#[derive(Serialize)]
struct Failure {
    file_name: String,
    message: String,
    details: Vec<String>,
}

impl Failure {
    fn plain(message: impl Into<String>) -> Failure {
        Failure {
            file_name: String::new(),
            message: message.into(),
            details: Vec::new(),
        }
    }
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text_field(object: &JsValue, name: &str) -> String {
    field(object, name).as_string().unwrap_or_default()
}

fn set(object: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

/// Posts messages for one request.
struct Replies<'a> {
    post: &'a Function,
    id: JsValue,
    label: String,
    last_progress: f64,
}

impl Replies<'_> {
    fn send(&self, message: &Object, transfer: &Array) {
        set(message, "id", &self.id);
        let _ = self.post.call2(&JsValue::NULL, message, transfer);
    }

    /// `done` of `total` bytes; sent when `PROGRESS_INTERVAL_MS` passed since the last one.
    fn progress(&mut self, done: u64, total: u64) {
        let now = js_sys::Date::now();
        if now - self.last_progress < PROGRESS_INTERVAL_MS && done < total {
            return;
        }
        self.last_progress = now;
        let progress = Object::new();
        set(&progress, "done", &JsValue::from_f64(done as f64));
        set(&progress, "total", &JsValue::from_f64(total as f64));
        set(&progress, "label", &JsValue::from_str(&self.label));
        let message = Object::new();
        set(&message, "progress", &progress);
        self.send(&message, &Array::new());
    }

    /// A long list in pieces of about `CHUNK_BYTES` of JSON each.
    fn chunks<T: Serialize>(&self, items: &[T]) {
        let mut buffer = Vec::with_capacity(CHUNK_BYTES + 4096);
        for item in items {
            buffer.push(if buffer.is_empty() { b'[' } else { b',' });
            write_json(&mut buffer, item);
            if buffer.len() >= CHUNK_BYTES {
                self.chunk(&mut buffer);
            }
        }
        if !buffer.is_empty() {
            self.chunk(&mut buffer);
        }
    }

    /// Sent as UTF-8 bytes, transferred: a string would be transcoded to UTF-16 here and back
    /// to UTF-8 on the page.
    fn chunk(&self, buffer: &mut Vec<u8>) {
        buffer.push(b']');
        let message = Object::new();
        let transfer = Array::new();
        transferable(buffer, &message, "chunk", &transfer);
        self.send(&message, &transfer);
        buffer.clear();
    }

    fn done(&self, fill: impl FnOnce(&Object, &Array)) {
        let message = Object::new();
        let transfer = Array::new();
        set(&message, "done", &JsValue::TRUE);
        fill(&message, &transfer);
        self.send(&message, &transfer);
    }

    fn fail(&self, failure: Failure) {
        let message = Object::new();
        let json = serde_json::to_string(&failure).unwrap_or_default();
        set(&message, "failure", &JsValue::from_str(&json));
        self.send(&message, &Array::new());
    }
}

/// One item of a long list. Apart from the loop over the list: V8 optimises a function
/// once it has done enough work, and this one is where the work is.
#[inline(never)]
fn write_json<T: Serialize>(buffer: &mut Vec<u8>, item: &T) {
    if serde_json::to_writer(&mut *buffer, item).is_err() {
        buffer.extend_from_slice(b"null");
    }
}

fn json<T: Serialize>(value: &T) -> JsValue {
    JsValue::from_str(&serde_json::to_string(value).unwrap_or_default())
}

/// Bytes the page takes over without a copy.
fn transferable(bytes: &[u8], message: &Object, name: &str, transfer: &Array) {
    let array = Uint8Array::from(bytes);
    transfer.push(&array.buffer());
    set(message, name, &array);
}

/// Answers one request of the page; every reply goes through `post(message, transfer)`.
#[wasm_bindgen]
pub fn handle(request: JsValue, post: Function) {
    let kind = text_field(&request, "kind");
    let label = match kind.as_str() {
        "open" => format!("Reading {}…", text_field(&request, "name")),
        "validate" => "Validating…".to_owned(),
        "convert" => "Converting…".to_owned(),
        "simulate" | "org-install" => "Simulating…".to_owned(),
        "org-load" => "Reading the organization…".to_owned(),
        _ => String::new(),
    };
    let mut replies = Replies {
        post: &post,
        id: field(&request, "id"),
        label,
        last_progress: 0.0,
    };
    STATE.with(|state| {
        let state = &mut *state.borrow_mut();
        match kind.as_str() {
            "open" => open(state, &request, &mut replies),
            "components" => with_package(state, &mut replies, |package, replies| {
                replies.chunks(&package.inspection.components);
                replies.done(|_, _| {});
            }),
            "validate" => with_package(state, &mut replies, |package, replies| {
                validate_package(package, &request, replies)
            }),
            "convert" => with_package(state, &mut replies, |package, replies| {
                convert_package(package, &request, replies)
            }),
            "fragment" => with_package(state, &mut replies, |package, replies| {
                fragment(package, &request, replies)
            }),
            "excerpt" => with_package(state, &mut replies, |package, replies| {
                excerpt(package, &request, replies)
            }),
            "simulate" => simulate_package(state, &request, &mut replies),
            "log" | "simulation-json" => report(state, &kind, &request, &replies),
            "org-load" => org_load(state, &request, &mut replies),
            "org-limit" | "org-install" | "org-uninstall" => {
                org_change(state, &kind, &request, &mut replies)
            }
            "org-save" => match &state.org {
                Some(org) => replies.done(|message, transfer| {
                    transferable(org.to_json_pretty().as_bytes(), message, "bytes", transfer)
                }),
                None => replies.fail(Failure::plain("No organization is loaded.")),
            },
            _ => replies.fail(Failure::plain(format!("Unknown request {kind}."))),
        }
    });
}

fn with_package<'a>(
    state: &mut State,
    replies: &mut Replies<'a>,
    work: impl FnOnce(&mut Package, &mut Replies<'a>),
) {
    match state.package.as_mut() {
        Some(package) => work(package, replies),
        None => replies.fail(Failure::plain("No package is open.")),
    }
}

/// Reads a package; the page gets the inspection without its components (and their counts by
/// kind). The components go to the page only when a view that lists them asks (`components`):
/// at scale 30 they are 19 MB of JSON, which the page took longer to take in than validation took.
#[inline(never)]
fn open(state: &mut State, request: &JsValue, replies: &mut Replies) {
    let name = text_field(request, "name");
    let bytes = field(request, "bytes")
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .unwrap_or_default();
    // The reading's model takes about 2.5 times the zip's size (28 MB at scale 10, 72 MB at 30).
    reserve_memory(bytes.len().saturating_mul(3));
    let mut inspection = match read(name, &bytes, replies) {
        Ok(inspection) => inspection,
        Err(failure) => return replies.fail(failure),
    };
    if field(request, "quiet").is_truthy() {
        replies.done(|_, _| {});
    } else {
        let counts = json(&inspection.counts());
        // Nor the option values: only the engine's checks read them (1 MB of JSON at scale 30).
        let components = std::mem::take(&mut inspection.components);
        let option_values = std::mem::take(&mut inspection.option_values);
        let head = json(&inspection);
        inspection.components = components;
        inspection.option_values = option_values;
        replies.done(|message, _| {
            set(message, "head", &head);
            set(message, "counts", &counts);
        });
    }
    state.package = Some(Package {
        bytes,
        inspection,
        content_types: None,
        component_index: None,
        source: None,
    });
    state.outcome = None;
}

/// Grows the wasm memory once, up front: grown a step at a time as the reading allocated, the
/// allocator's growing was a seventh of the first reading of a large package. Untouched, the
/// reserve costs address space only.
fn reserve_memory(bytes: usize) {
    // A reserve the browser refuses is no error: the reading then grows the memory as it goes.
    let _ = Vec::<u8>::new().try_reserve_exact(bytes.min(1 << 30));
}

/// The whole reading: the core's inspection, or why it is not a package.
#[inline(never)]
fn read(file_name: String, bytes: &[u8], replies: &mut Replies) -> Result<Inspection, Failure> {
    let mut report = |progress: Progress| replies.progress(progress.done, progress.total);
    let inspection = match inspect::inspect_with_progress(bytes, &mut report) {
        Ok(inspection) => inspection,
        Err(err) => {
            return Err(Failure {
                file_name,
                message: "This file is not a solution package: it is not a readable zip archive. \
                          A solution package is the .zip file that Export solution produces."
                    .into(),
                details: vec![err.to_string()],
            })
        }
    };
    if !inspection.has_manifest {
        let details = inspection
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .map(|diagnostic| format!("{}: {}", diagnostic.code, diagnostic.message))
            .collect();
        return Err(Failure {
            file_name,
            message:
                "This zip is not a solution package: it has no readable solution.xml at its root."
                    .into(),
            details,
        });
    }
    Ok(inspection)
}

/// Findings for a profile, each with the component it is about (its index and a link text).
#[inline(never)]
fn validate_package(package: &mut Package, request: &JsValue, replies: &mut Replies) {
    let profile: Profile = match serde_json::from_str(&text_field(request, "profile")) {
        Ok(profile) => profile,
        Err(err) => return replies.fail(Failure::plain(format!("Unreadable profile: {err}"))),
    };
    let total = package.inspection.total_size;
    replies.progress(0, total);
    let (content_types, problem) = package
        .content_types
        .get_or_insert_with(|| validate::read_content_types(&package.bytes));
    let mut validation = validate::validate_with_read_content_types(
        &package.inspection,
        content_types.as_ref(),
        problem.clone(),
        &profile,
    );
    replies.progress(total, total);
    let findings = std::mem::take(&mut validation.findings);
    let index = package
        .component_index
        .get_or_insert_with(|| component_index(&package.inspection));
    // Each finding with the component it is about: its index and how a link to it reads
    // ("attribute fab_name"), so the page needs no component to show the link.
    let components = &package.inspection.components;
    let linked: Vec<(&Finding, Option<(usize, String)>)> = findings
        .iter()
        .map(|finding| {
            let target = component_of(finding, &package.inspection, index).and_then(|found| {
                let component = components.get(found)?;
                let label = format!(
                    "{} {}",
                    component.kind.label().to_lowercase(),
                    component.name
                );
                Some((found, label))
            });
            (finding, target)
        })
        .collect();
    replies.chunks(&linked);
    // The page shows the summary by kind; the per-component summary (one entry per component
    // of a large package, megabytes of JSON) would be one long task to take in, for nothing.
    validation.managed_properties.components = Vec::new();
    let head = json(&validation);
    replies.done(|message, _| set(message, "head", &head));
}

/// Component key (lower case) → index.
#[inline(never)]
fn component_index(inspection: &Inspection) -> HashMap<String, usize> {
    let mut by_key = HashMap::new();
    for (index, component) in inspection.components.iter().enumerate() {
        by_key
            .entry(component.key().to_lowercase())
            .or_insert(index);
    }
    by_key
}

/// The component a finding is about: named by key, owning the file, or defined
/// around the finding's line.
#[inline(never)]
fn component_of(
    finding: &Finding,
    inspection: &Inspection,
    index: &HashMap<String, usize>,
) -> Option<usize> {
    let find = |key: &str| index.get(&key.to_lowercase()).copied();
    let location = &finding.location;
    if let Some(found) = location.component.as_deref().and_then(find) {
        return Some(found);
    }
    let file = location.file.as_deref()?;
    if let Some(owner) = inspection
        .files
        .iter()
        .find(|info| info.path.eq_ignore_ascii_case(file))
        .and_then(|info| info.component.as_deref())
        .and_then(find)
    {
        return Some(owner);
    }
    let line = location.line?;
    inspection
        .components
        .iter()
        .enumerate()
        .filter(|(_, component)| {
            component.source.file.eq_ignore_ascii_case(file) && component.source.line <= line
        })
        .max_by_key(|(_, component)| component.source.line)
        .map(|(found, _)| found)
}

#[inline(never)]
fn convert_package(package: &mut Package, request: &JsValue, replies: &mut Replies) {
    let policy = match ManagedPropertyPolicy::from_json(&text_field(request, "policy")) {
        Ok(policy) => policy,
        Err(err) => return replies.fail(Failure::plain(format!("Unreadable choices: {err}"))),
    };
    let mut report = |progress: Progress| replies.progress(progress.done, progress.total);
    let converted =
        convert::convert_with_progress(&package.bytes, &package.inspection, &policy, &mut report);
    match converted {
        Ok(converted) => {
            let report = json(&converted.report);
            replies.done(|message, transfer| {
                set(message, "value", &report);
                transferable(&converted.bytes, message, "bytes", transfer);
            });
        }
        Err(refusal) => replies.fail(Failure::plain(refusal.to_string())),
    }
}

/// The decoded text of one file of the package, kept for the next fragment of the same file.
#[inline(never)]
fn source<'a>(package: &'a mut Package, file: &str) -> Option<&'a str> {
    let cached = package
        .source
        .as_ref()
        .is_some_and(|(name, _)| name == file);
    if !cached {
        let text = solution_inspector::fragment::source_text(&package.bytes, file)?;
        package.source = Some((file.to_owned(), text));
    }
    package.source.as_ref().map(|(_, text)| text.as_str())
}

#[inline(never)]
fn fragment(package: &mut Package, request: &JsValue, replies: &Replies) {
    let file = text_field(request, "file");
    let span = SourceSpan {
        file: file.clone(),
        start: field(request, "start").as_f64().unwrap_or(0.0) as usize,
        end: field(request, "end").as_f64().unwrap_or(0.0) as usize,
        line: 0,
    };
    let text = source(package, &file)
        .and_then(|text| solution_inspector::fragment::cut(text, &span))
        .map(JsValue::from_str);
    replies.done(|message, _| {
        if let Some(text) = &text {
            set(message, "value", text);
        }
    });
}

/// `(line number, text, is the asked line)` for the lines around `line`.
#[inline(never)]
fn excerpt(package: &mut Package, request: &JsValue, replies: &Replies) {
    let file = text_field(request, "file");
    let line = field(request, "line").as_f64().unwrap_or(1.0).max(1.0) as usize;
    let lines = source(package, &file).map(|text| {
        let first = line.saturating_sub(EXCERPT_CONTEXT).max(1);
        text.lines()
            .enumerate()
            .map(|(index, content)| (index + 1, content))
            .skip(first - 1)
            .take(line + EXCERPT_CONTEXT + 1 - first)
            .map(|(number, content)| {
                let shown = match content.char_indices().nth(EXCERPT_LINE_LIMIT) {
                    Some((cut, _)) => format!("{}…", &content[..cut]),
                    None => content.to_owned(),
                };
                (number, shown, number == line)
            })
            .collect::<Vec<_>>()
    });
    replies.done(|message, _| {
        if let Some(lines) = &lines {
            set(message, "value", &json(lines));
        }
    });
}

fn options_of(request: &JsValue) -> ImportOptions {
    serde_json::from_str(&text_field(request, "options")).unwrap_or_default()
}

/// Simulates the import of the kept package into the kept organization.
#[inline(never)]
fn simulate_package(state: &mut State, request: &JsValue, replies: &mut Replies) {
    let options = options_of(request);
    let (Some(package), Some(org)) = (&state.package, &state.org) else {
        return replies.fail(Failure::plain("No package or no organization is loaded."));
    };
    let total = package.inspection.total_size;
    replies.progress(0, total);
    let mut outcome = simulate::simulate(&package.inspection, Some(&package.bytes), org, &options);
    replies.progress(total, total);
    let components = std::mem::take(&mut outcome.components);
    replies.chunks(&components);
    let head = json(&outcome);
    outcome.components = components;
    replies.done(|message, _| set(message, "head", &head));
    state.outcome = Some((options, outcome));
}

#[inline(never)]
fn report(state: &mut State, kind: &str, request: &JsValue, replies: &Replies) {
    let (Some(package), Some((_, outcome))) = (&state.package, &state.outcome) else {
        return replies.fail(Failure::plain("Nothing was simulated yet."));
    };
    let text = if kind == "log" {
        let now = field(request, "now").as_f64().unwrap_or(0.0) as i64;
        to_log_workbook(outcome, &package.inspection, &ImportTimes::new(now))
    } else {
        serde_json::to_string_pretty(&simulate_json::to_json(outcome)).unwrap_or_default()
    };
    replies.done(|message, transfer| transferable(text.as_bytes(), message, "bytes", transfer));
}

/// What the page shows of an organization: everything but its components, and how many there are.
#[inline(never)]
fn org_reply(org: &Snapshot, note: &str, message: &Object, transfer: &Array, keep: bool) {
    // Field by field: cloning the whole snapshot would copy every component for nothing.
    let head = Snapshot {
        format: org.format.clone(),
        format_version: org.format_version,
        name: org.name.clone(),
        target: org.target.clone(),
        publishers: org.publishers.clone(),
        solutions: org.solutions.clone(),
        components: Default::default(),
    };
    set(message, "head", &json(&head));
    set(
        message,
        "count",
        &JsValue::from_f64(org.components.len() as f64),
    );
    set(message, "value", &JsValue::from_str(note));
    if keep {
        // The page keeps it for the next visit and to restore a restarted engine.
        transferable(org.to_json().as_bytes(), message, "keep", transfer);
    }
}

#[inline(never)]
fn org_load(state: &mut State, request: &JsValue, replies: &mut Replies) {
    let bytes = field(request, "bytes")
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .unwrap_or_default();
    replies.progress(0, bytes.len() as u64);
    let text = String::from_utf8_lossy(&bytes);
    match Snapshot::from_json(&text) {
        Ok(org) => {
            replies.progress(bytes.len() as u64, bytes.len() as u64);
            replies.done(|message, transfer| org_reply(&org, "", message, transfer, false));
            state.org = Some(org);
            state.outcome = None;
        }
        Err(err) => replies.fail(Failure::plain(err.to_string())),
    }
}

#[inline(never)]
fn org_change(state: &mut State, kind: &str, request: &JsValue, replies: &mut Replies) {
    let Some(org) = &state.org else {
        return replies.fail(Failure::plain("No organization is loaded."));
    };
    let (next, note) = match kind {
        "org-limit" => {
            let mut next = org.clone();
            next.limits.upload_bytes = field(request, "bytes").as_f64().unwrap_or(0.0) as u64;
            (next, String::new())
        }
        "org-install" => {
            let options = options_of(request);
            let fresh = state
                .outcome
                .as_ref()
                .filter(|(ran_with, _)| *ran_with == options)
                .map(|(_, outcome)| outcome.clone());
            let outcome = match (fresh, &state.package) {
                (Some(outcome), _) => outcome,
                (None, Some(package)) => {
                    simulate::simulate(&package.inspection, Some(&package.bytes), org, &options)
                }
                (None, None) => return replies.fail(Failure::plain("No package is open.")),
            };
            match simulate::apply(org, &outcome) {
                Ok(next) => {
                    let note = format!(
                        "Installed {} {} into {}.",
                        outcome.solution.unique_name, outcome.solution.version, next.name
                    );
                    (next, note)
                }
                Err(not) => {
                    return replies.fail(Failure::plain(format!("Not installed: {}", not.message)))
                }
            }
        }
        _ => {
            let name = text_field(request, "name");
            match simulate::uninstall(org, &name) {
                Ok(done) => {
                    let mut note = format!("Uninstalled {name}");
                    if !done.deleted_components.is_empty() {
                        note.push_str(&format!(
                            ": {} components deleted",
                            done.deleted_components.len()
                        ));
                    }
                    if !done.data_loss.is_empty() {
                        note.push_str(&format!(
                            "; data removed with them: {}",
                            done.data_loss.join(", ")
                        ));
                    }
                    note.push('.');
                    (done.snapshot, note)
                }
                Err(blocked) => {
                    return replies.fail(Failure::plain(format!(
                        "{name} cannot be uninstalled: {blocked}"
                    )))
                }
            }
        }
    };
    replies.done(|message, transfer| org_reply(&next, &note, message, transfer, true));
    state.org = Some(next);
    state.outcome = None;
}
