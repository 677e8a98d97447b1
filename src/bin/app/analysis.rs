//! The one door to the core: bytes in, an inspection (or a plain-words error) out.
//!
//! `analyze` hands the bytes to a worker running this same wasm (see `worker.rs`), so
//! the page stays responsive on large packages. When a worker cannot start, it reads
//! the package on this thread instead: slower to interact with, same answer.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Deref;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use solution_inspector::model::SourceSpan;
use solution_inspector::{inspect, Inspection, Severity};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

/// Where a package was read (shown to tests as `data-analyzed-in`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AnalyzedIn {
    Worker,
    Page,
}

impl AnalyzedIn {
    pub fn label(self) -> &'static str {
        match self {
            AnalyzedIn::Worker => "worker",
            AnalyzedIn::Page => "page",
        }
    }
}

/// A package that was read, with the bytes kept for re-reading fragments.
pub struct OpenedPackage {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub inspection: Inspection,
    pub analyzed_in: AnalyzedIn,
    /// The last file fragments were cut from, decoded (customizations.xml, mostly).
    source: RefCell<Option<(String, Rc<String>)>>,
}

/// A shared handle compared by identity: comparing two inspections field by
/// field on every render would cost more than rendering.
#[derive(Clone)]
pub struct Opened(pub Rc<OpenedPackage>);

impl PartialEq for Opened {
    fn eq(&self, other: &Opened) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Opened {
    type Target = OpenedPackage;
    fn deref(&self) -> &OpenedPackage {
        &self.0
    }
}

/// Why a file could not be shown, in words for the person who dropped it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub file_name: String,
    pub message: String,
    pub details: Vec<String>,
}

/// Reads a package: in the worker when there is one, else on this thread.
pub async fn analyze(file_name: String, bytes: Vec<u8>) -> Result<OpenedPackage, Failure> {
    let (outcome, analyzed_in) = match analyze_in_worker(&file_name, &bytes).await {
        Some(outcome) => (outcome, AnalyzedIn::Worker),
        None => {
            // Let the page paint "Reading…" before this thread is busy.
            gloo_timers::future::TimeoutFuture::new(0).await;
            (inspect_bytes(file_name.clone(), &bytes), AnalyzedIn::Page)
        }
    };
    outcome.map(|inspection| OpenedPackage {
        file_name,
        bytes,
        inspection,
        analyzed_in,
        source: RefCell::new(None),
    })
}

/// The whole reading, wherever it runs: the core's inspection, or why it is not a package.
pub fn inspect_bytes(file_name: String, bytes: &[u8]) -> Result<Inspection, Failure> {
    let inspection = match inspect(bytes) {
        Ok(inspection) => inspection,
        Err(err) => {
            return Err(Failure {
                file_name,
                message: "This file is not a solution package: it is not a readable zip archive. \
                          A solution package is the .zip file that Export solution produces."
                    .into(),
                details: vec![err.message],
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

/// The raw XML of a component, for the detail pane. The decoded file is kept, so
/// browsing components of one large customizations.xml inflates it only once.
pub fn fragment(opened: &OpenedPackage, span: &SourceSpan) -> Option<String> {
    use solution_inspector::fragment::{cut, source_text};
    let cached = opened
        .source
        .borrow()
        .as_ref()
        .filter(|(file, _)| *file == span.file)
        .map(|(_, text)| text.clone());
    let text = match cached {
        Some(text) => text,
        None => {
            let text = Rc::new(source_text(&opened.bytes, &span.file)?);
            *opened.source.borrow_mut() = Some((span.file.clone(), text.clone()));
            text
        }
    };
    cut(&text, span).map(str::to_owned)
}

// ---- The worker, seen from the page ----

/// How long a new worker may take to load the wasm before the page reads on its own.
const WORKER_START_TIMEOUT_MS: i32 = 15_000;

struct Remote {
    worker: Worker,
    /// Resolves to `true` once the worker answers, `false` if it fails to start.
    ready: Promise,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

thread_local! {
    static REMOTE: RefCell<Option<Rc<Remote>>> = const { RefCell::new(None) };
    /// Requests in flight: id -> the resolve function of the promise awaiting the reply.
    static PENDING: RefCell<HashMap<u32, Function>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// Set once a worker failed to start: do not try again on every file.
    static WORKER_BROKEN: Cell<bool> = const { Cell::new(false) };
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A promise and its resolve function.
fn deferred() -> (Promise, Function) {
    let mut resolve_slot = None;
    let promise = Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let resolve = resolve_slot.unwrap_or_else(|| Function::new_no_args(""));
    (promise, resolve)
}

/// Ends the worker and answers every waiting request with "no reply".
fn drop_worker() {
    if let Some(remote) = REMOTE.with(|slot| slot.borrow_mut().take()) {
        remote.worker.terminate();
    }
    let waiting: Vec<Function> =
        PENDING.with(|pending| pending.borrow_mut().drain().map(|(_, f)| f).collect());
    for resolve in waiting {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::UNDEFINED);
    }
}

fn spawn_worker() -> Option<Rc<Remote>> {
    let document = web_sys::window()?.document()?;
    let tag = document.query_selector("script[data-app-js]").ok()??;
    let js = tag.get_attribute("data-app-js")?;
    let wasm = tag.get_attribute("data-app-wasm")?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options("worker.js", &options).ok()?;
    // The first message tells worker.js which (hashed) files to load.
    let start = Object::new();
    let _ = Reflect::set(&start, &"js".into(), &JsValue::from_str(&js));
    let _ = Reflect::set(&start, &"wasm".into(), &JsValue::from_str(&wasm));
    worker.post_message(&start).ok()?;

    let (ready, resolve_ready) = deferred();
    let ready_on_message = resolve_ready.clone();
    let started = Rc::new(Cell::new(false));
    let started_on_message = started.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if field(&data, "ready").is_truthy() {
            started_on_message.set(true);
            let _ = ready_on_message.call1(&JsValue::NULL, &JsValue::TRUE);
            return;
        }
        let Some(id) = field(&data, "id").as_f64() else {
            return;
        };
        if let Some(resolve) = PENDING.with(|pending| pending.borrow_mut().remove(&(id as u32))) {
            let _ = resolve.call1(&JsValue::NULL, &data);
        }
    });
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
        // A worker that cannot start leaves the reading to the page from now on; one that
        // failed while reading is replaced by a fresh worker on the next file.
        if !started.get() {
            WORKER_BROKEN.with(|broken| broken.set(true));
        }
        let _ = resolve_ready.call1(&JsValue::NULL, &JsValue::FALSE);
        drop_worker();
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Rc::new(Remote {
        worker,
        ready,
        _on_message: on_message,
        _on_error: on_error,
    }))
}

fn timeout(milliseconds: i32) -> Promise {
    Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_1(
                &resolve,
                milliseconds,
                &JsValue::FALSE,
            );
        }
    })
}

/// `None` when no worker could do it (the caller reads on this thread instead).
async fn analyze_in_worker(file_name: &str, bytes: &[u8]) -> Option<Result<Inspection, Failure>> {
    if WORKER_BROKEN.with(Cell::get) {
        return None;
    }
    let remote = match REMOTE.with(|slot| slot.borrow().clone()) {
        Some(remote) => remote,
        None => {
            let remote = spawn_worker()?;
            REMOTE.with(|slot| *slot.borrow_mut() = Some(remote.clone()));
            remote
        }
    };
    let started = Array::of2(&remote.ready, &timeout(WORKER_START_TIMEOUT_MS));
    let ready = JsFuture::from(Promise::race(&started)).await.ok()?;
    if !ready.is_truthy() {
        WORKER_BROKEN.with(|broken| broken.set(true));
        drop_worker();
        return None;
    }

    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    let (reply, resolve) = deferred();
    PENDING.with(|pending| pending.borrow_mut().insert(id, resolve));
    let message = Object::new();
    let _ = Reflect::set(&message, &"id".into(), &JsValue::from(id));
    let _ = Reflect::set(&message, &"name".into(), &JsValue::from_str(file_name));
    let _ = Reflect::set(&message, &"bytes".into(), &Uint8Array::from(bytes));
    if remote.worker.post_message(&message).is_err() {
        PENDING.with(|pending| pending.borrow_mut().remove(&id));
        return None;
    }
    let reply = JsFuture::from(reply).await.ok()?;
    if reply.is_undefined() {
        // The worker stopped while reading this file: say so rather than risk the page too.
        return Some(Err(Failure {
            file_name: file_name.to_owned(),
            message: "Reading this package stopped unexpectedly. The file may be damaged.".into(),
            details: Vec::new(),
        }));
    }
    if let Some(json) = field(&reply, "inspection").as_string() {
        return Some(serde_json::from_str(&json).map_err(|err| Failure {
            file_name: file_name.to_owned(),
            message: format!("The package was read but its result could not be taken in: {err}."),
            details: Vec::new(),
        }));
    }
    let failure = field(&reply, "failure")
        .as_string()
        .and_then(|json| serde_json::from_str::<Failure>(&json).ok())
        .unwrap_or_else(|| Failure {
            file_name: file_name.to_owned(),
            message: "Reading this package failed for an unknown reason.".into(),
            details: Vec::new(),
        });
    Some(Err(failure))
}

// ---- Reading the bytes ----

/// Larger files are refused before reading: the page holds the zip, a copy in the
/// worker and the decoded XML at once, within wasm32's 4 GB of memory. Dataverse
/// itself takes solution files of at most 95 MB.
const MAX_FILE_BYTES: f64 = 512.0 * 1024.0 * 1024.0;

/// The bytes of a file the person picked or dropped.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    if file.size() > MAX_FILE_BYTES {
        return Err(format!(
            "it is {}, more than the {} this page can read",
            crate::format::bytes(file.size() as u64),
            crate::format::bytes(MAX_FILE_BYTES as u64)
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read the file".to_owned())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Where the embedded sample lives, next to index.html.
pub const SAMPLE_PATH: &str = "sample/PentaWorkScheduler_0_11_1_unmanaged.zip";
pub const SAMPLE_NAME: &str = "PentaWorkScheduler_0_11_1_unmanaged.zip";

/// Fetches the embedded sample package (a static file of this page).
pub async fn fetch_sample() -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let response = JsFuture::from(window.fetch_with_str(SAMPLE_PATH))
        .await
        .map_err(|_| "the sample could not be fetched".to_owned())?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the sample could not be fetched".to_owned())?;
    if !response.ok() {
        return Err(format!(
            "the sample could not be fetched (HTTP {})",
            response.status()
        ));
    }
    let promise = response
        .array_buffer()
        .map_err(|_| "the sample could not be read".to_owned())?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|_| "the sample could not be read".to_owned())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
