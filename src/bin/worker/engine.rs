//! The engine's side of the page–engine protocol (`solution_inspector::protocol`): each message
//! is an envelope `{protocol, id, header, bytes?}` whose header is a typed `Request`, answered by
//! a `match` on it. Glue only: every answer comes from the core.
//!
//! Replies go through the `post(message, transfer)` function the engine is given, in the same
//! envelope: progress at most every `PROGRESS_INTERVAL_MS` of work; long lists (components,
//! findings, component outcomes) as chunks of UTF-8 JSON of about `CHUNK_BYTES`, their bytes
//! transferred; then the answer (its binary part, such as the converted zip, transferred too)
//! or why there is none.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use serde::Serialize;
use solution_inspector::answers;
use solution_inspector::convert::{self, ManagedPropertyPolicy};
use solution_inspector::model::{ComponentName, SourceSpan};
use solution_inspector::org::{capture, Snapshot};
use solution_inspector::page_state::kept::kept_name;
use solution_inspector::protocol::{
    envelope, Answer, ExcerptLine, Failure, Opening, OrgHead, Progress, Reply, Request,
    PROTOCOL_VERSION,
};
use solution_inspector::report::import_log::to_log_workbook;
use solution_inspector::report::import_times::ImportTimes;
use solution_inspector::report::simulate_json;
use solution_inspector::simulate::{self, ImportOptions, Outcome};
use solution_inspector::validate::{self, ContentTypes, Finding, Profile};
use solution_inspector::{inspect, Inspection, Severity};
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

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
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
    /// One envelope: the typed header and, beside it, bytes the page takes over without a copy.
    fn send(&self, reply: &Reply, bytes: Option<&[u8]>) {
        let message = Object::new();
        let transfer = Array::new();
        set(
            &message,
            envelope::PROTOCOL,
            &JsValue::from(PROTOCOL_VERSION),
        );
        set(&message, envelope::ID, &self.id);
        let header = serde_json::to_string(reply).unwrap_or_default();
        set(&message, envelope::HEADER, &JsValue::from_str(&header));
        if let Some(bytes) = bytes {
            let array = Uint8Array::from(bytes);
            transfer.push(&array.buffer());
            set(&message, envelope::BYTES, &array);
        }
        let _ = self.post.call2(&JsValue::NULL, &message, &transfer);
    }

    /// `done` of `total` bytes; sent when `PROGRESS_INTERVAL_MS` passed since the last one.
    fn progress(&mut self, done: u64, total: u64) {
        let now = js_sys::Date::now();
        if now - self.last_progress < PROGRESS_INTERVAL_MS && done < total {
            return;
        }
        self.last_progress = now;
        let progress = Progress {
            done,
            total,
            label: self.label.clone(),
        };
        self.send(&Reply::Progress(progress), None);
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
        self.send(&Reply::Chunk, Some(buffer));
        buffer.clear();
    }

    fn done(&self, answer: Answer) {
        self.send(&Reply::Done(answer), None);
    }

    fn done_with_bytes(&self, answer: Answer, bytes: &[u8]) {
        self.send(&Reply::Done(answer), Some(bytes));
    }

    fn fail(&self, failure: Failure) {
        self.send(&Reply::Failed(failure), None);
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

/// The version the page wrote in this envelope (`None`: not a number, or none at all).
fn protocol_of(message: &JsValue) -> Option<u32> {
    field(message, envelope::PROTOCOL)
        .as_f64()
        .map(|version| version as u32)
}

/// Answers one message of the page; every reply goes through `post(message, transfer)`.
#[wasm_bindgen]
pub fn handle(message: JsValue, post: Function) {
    let mut replies = Replies {
        post: &post,
        id: field(&message, envelope::ID),
        label: String::new(),
        last_progress: 0.0,
    };
    // Checked before the header is read: a page of another build may mean other things by it.
    let version = protocol_of(&message);
    if version != Some(PROTOCOL_VERSION) {
        return replies.fail(Failure::version_mismatch(version));
    }
    let header = field(&message, envelope::HEADER)
        .as_string()
        .unwrap_or_default();
    let request: Request = match serde_json::from_str(&header) {
        Ok(request) => request,
        Err(err) => return replies.fail(Failure::plain(format!("Unreadable request: {err}"))),
    };
    let bytes = || {
        field(&message, envelope::BYTES)
            .dyn_ref::<Uint8Array>()
            .map(Uint8Array::to_vec)
            .unwrap_or_default()
    };
    replies.label = request.progress_label();
    STATE.with(|state| {
        let state = &mut *state.borrow_mut();
        match request {
            Request::Open { name, quiet } => open(state, name, bytes(), quiet, &mut replies),
            Request::Components => with_package(state, &mut replies, |package, replies| {
                replies.chunks(&package.inspection.components);
                replies.done(Answer::Components);
            }),
            Request::Validate { profile } => match state.package.as_mut() {
                // The missing dependencies are checked against the organization in use.
                Some(package) => {
                    validate_package(package, &profile, state.org.as_ref(), &mut replies)
                }
                None => replies.fail(Failure::plain("No package is open.")),
            },
            Request::Convert { policy } => with_package(state, &mut replies, |package, replies| {
                convert_package(package, &policy, replies)
            }),
            Request::Fragment { file, start, end } => {
                with_package(state, &mut replies, |package, replies| {
                    fragment(package, file, start, end, replies)
                })
            }
            Request::Excerpt { file, line } => {
                with_package(state, &mut replies, |package, replies| {
                    excerpt(package, &file, line, replies)
                })
            }
            Request::Simulate { options } => simulate_package(state, options, &mut replies),
            Request::Log { now } => report(state, Some(now), &replies),
            Request::SimulationJson => report(state, None, &replies),
            Request::OrgLoad => org_load(state, &bytes(), &mut replies),
            Request::OrgTarget { target } => {
                org_change(state, OrgChange::Target(target), &mut replies)
            }
            Request::OrgInstall { options } => {
                org_change(state, OrgChange::Install(options), &mut replies)
            }
            Request::OrgUninstall { name } => {
                org_change(state, OrgChange::Uninstall(name), &mut replies)
            }
            Request::OrgRename { name } => org_change(state, OrgChange::Rename(name), &mut replies),
            Request::OrgSave => match &state.org {
                Some(org) => replies.done_with_bytes(Answer::File, org.to_json_pretty().as_bytes()),
                None => replies.fail(Failure::plain("No organization is loaded.")),
            },
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
fn open(state: &mut State, name: String, bytes: Vec<u8>, quiet: bool, replies: &mut Replies) {
    // The reading's model takes about 2.5 times the zip's size (28 MB at scale 10, 72 MB at 30).
    reserve_memory(bytes.len().saturating_mul(3));
    let mut inspection = match read(name, &bytes, replies) {
        Ok(inspection) => inspection,
        Err(failure) => return replies.fail(failure),
    };
    if quiet {
        replies.done(Answer::Opened(None));
    } else {
        let counts = inspection
            .counts()
            .into_iter()
            .map(|(kind, count)| (kind.to_owned(), count))
            .collect();
        let names = inspection.overview_names();
        // Nor the option values: only the engine's checks read them (1 MB of JSON at scale 30).
        let components = std::mem::take(&mut inspection.components);
        let option_values = std::mem::take(&mut inspection.option_values);
        replies.done(Answer::Opened(Some(Opening {
            inspection: Cow::Borrowed(&inspection),
            counts,
            names,
        })));
        inspection.components = components;
        inspection.option_values = option_values;
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
    let mut report =
        |progress: solution_inspector::Progress| replies.progress(progress.done, progress.total);
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
fn validate_package(
    package: &mut Package,
    profile: &Profile,
    organization: Option<&Snapshot>,
    replies: &mut Replies,
) {
    let total = package.inspection.total_size;
    replies.progress(0, total);
    let (content_types, problem) = package
        .content_types
        .get_or_insert_with(|| validate::read_content_types(&package.bytes));
    let mut validation = validate::validate_with_read_content_types(
        &package.inspection,
        content_types.as_ref(),
        problem.clone(),
        profile,
        organization,
    );
    replies.progress(total, total);
    let answers = answers::of_validation(&package.inspection, &validation);
    let findings = std::mem::take(&mut validation.findings);
    let index = package
        .component_index
        .get_or_insert_with(|| component_index(&package.inspection));
    // Each finding with the component it is about: its index and how a link to it reads
    // ("column fab_name of table fab_thing", a form by its name with its id beside it), so the
    // page needs no component to show the link.
    let components = &package.inspection.components;
    // The protocol's `LinkedFinding`s, serialised from borrowed findings.
    let linked: Vec<(&Finding, Option<(usize, String)>)> = findings
        .iter()
        .map(|finding| {
            let target = component_of(finding, &package.inspection, index).and_then(|found| {
                let component = components.get(found)?;
                Some((found, ComponentName::of(component).describe()))
            });
            (finding, target)
        })
        .collect();
    replies.chunks(&linked);
    // The page shows the summary by kind; the per-component summary (one entry per component
    // of a large package, megabytes of JSON) would be one long task to take in, for nothing.
    validation.managed_properties.components = Vec::new();
    replies.done(Answer::Validated {
        validation: Cow::Borrowed(&validation),
        answers: Cow::Owned(answers),
    });
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
fn convert_package(package: &mut Package, policy: &ManagedPropertyPolicy, replies: &mut Replies) {
    let mut report =
        |progress: solution_inspector::Progress| replies.progress(progress.done, progress.total);
    let converted =
        convert::convert_with_progress(&package.bytes, &package.inspection, policy, &mut report);
    match converted {
        Ok(converted) => replies.done_with_bytes(
            Answer::Converted(Cow::Borrowed(&converted.report)),
            &converted.bytes,
        ),
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
fn fragment(package: &mut Package, file: String, start: usize, end: usize, replies: &Replies) {
    let span = SourceSpan {
        file,
        start,
        end,
        line: 0,
    };
    let text = source(package, &span.file)
        .and_then(|text| solution_inspector::fragment::cut(text, &span))
        .map(str::to_owned);
    replies.done(Answer::Fragment(text));
}

/// `(line number, text, is the asked line)` for the lines around `line`.
#[inline(never)]
fn excerpt(package: &mut Package, file: &str, line: u32, replies: &Replies) {
    let line = (line as usize).max(1);
    let lines = source(package, file).map(|text| {
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
            .collect::<Vec<ExcerptLine>>()
    });
    replies.done(Answer::Excerpt(lines));
}

/// Simulates the import of the kept package into the kept organization.
#[inline(never)]
fn simulate_package(state: &mut State, options: ImportOptions, replies: &mut Replies) {
    let (Some(package), Some(org)) = (&state.package, &state.org) else {
        return replies.fail(Failure::plain("No package or no organization is loaded."));
    };
    let total = package.inspection.total_size;
    replies.progress(0, total);
    let mut outcome = simulate::simulate(&package.inspection, Some(&package.bytes), org, &options);
    replies.progress(total, total);
    let components = std::mem::take(&mut outcome.components);
    let answers = answers::of_simulation(&outcome);
    replies.chunks(&components);
    replies.done(Answer::Simulated {
        outcome: Cow::Borrowed(&outcome),
        answers: Cow::Owned(answers),
    });
    outcome.components = components;
    state.outcome = Some((options, outcome));
}

#[inline(never)]
/// The import log workbook (at `log_at`, ms since 1970) or, without a time, the JSON report.
fn report(state: &mut State, log_at: Option<i64>, replies: &Replies) {
    let (Some(package), Some((_, outcome))) = (&state.package, &state.outcome) else {
        return replies.fail(Failure::plain("Nothing was simulated yet."));
    };
    let text = match log_at {
        Some(now) => to_log_workbook(outcome, &package.inspection, &ImportTimes::new(now)),
        None => serde_json::to_string_pretty(&simulate_json::to_json(outcome)).unwrap_or_default(),
    };
    replies.done_with_bytes(Answer::File, text.as_bytes());
}

/// What the page shows of an organization: everything but its components, and how many there are.
#[inline(never)]
fn org_reply(org: &Snapshot, note: String, replies: &Replies, keep: bool) {
    // Field by field: cloning the whole snapshot would copy every component for nothing.
    let head = Snapshot {
        format: org.format.clone(),
        format_version: org.format_version,
        name: org.name.clone(),
        target: org.target.clone(),
        publishers: org.publishers.clone(),
        solutions: org.solutions.clone(),
        components: Default::default(),
        captured: org.captured.clone(),
    };
    let answer = Answer::Org(OrgHead {
        head,
        components: org.components.len(),
        note,
    });
    if keep {
        // The page keeps it for the next visit and to restore a restarted engine.
        replies.done_with_bytes(answer, org.to_json().as_bytes());
    } else {
        replies.done(answer);
    }
}

#[inline(never)]
fn org_load(state: &mut State, bytes: &[u8], replies: &mut Replies) {
    replies.progress(0, bytes.len() as u64);
    // A capture of a real organization is made into its snapshot here (the core's pure reader).
    let read = if capture::is_capture(bytes) {
        capture::snapshot_from_capture(bytes, &capture::CaptureOptions::default())
            .map_err(|err| err.to_string())
    } else {
        Snapshot::from_json(&String::from_utf8_lossy(bytes)).map_err(|err| err.to_string())
    };
    match read {
        Ok(org) => {
            replies.progress(bytes.len() as u64, bytes.len() as u64);
            org_reply(&org, String::new(), replies, false);
            state.org = Some(org);
            state.outcome = None;
        }
        Err(err) => replies.fail(Failure::plain(err)),
    }
}

/// A change the page asks of the snapshot.
enum OrgChange {
    Target(solution_inspector::target::Target),
    Install(ImportOptions),
    Uninstall(String),
    Rename(String),
}

#[inline(never)]
fn org_change(state: &mut State, change: OrgChange, replies: &mut Replies) {
    let Some(org) = &state.org else {
        return replies.fail(Failure::plain("No organization is loaded."));
    };
    let (next, note) = match change {
        OrgChange::Target(target) => {
            let mut next = org.clone();
            next.target = target;
            (next, String::new())
        }
        OrgChange::Rename(typed) => match kept_name(&typed) {
            Ok(name) => {
                let mut next = org.clone();
                let note = format!("The organization {} is now called {name}.", next.name);
                next.name = name;
                (next, note)
            }
            Err(why) => return replies.fail(Failure::plain(why)),
        },
        OrgChange::Install(options) => {
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
        OrgChange::Uninstall(name) => match simulate::uninstall(org, &name) {
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
        },
    };
    org_reply(&next, note, replies, true);
    state.org = Some(next);
    state.outcome = None;
}
