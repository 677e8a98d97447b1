//! The one door to the engine (src/bin/worker): the core runs in a wasm of its own, in a
//! module worker, so reading, validating, converting and simulating never hold up the page.
//!
//! The engine keeps the open package and the organization; the page asks for what it shows.
//! Long lists (components, findings, component outcomes) come in chunks, and the page takes
//! them in slices of its time so no task of the page runs long. Cancel ends the worker; the
//! next request starts a fresh one and gives it the package and the organization again.
//! When no worker can start, the engine's wasm runs in the page instead (same answers,
//! the page is busy while it works).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde::de::DeserializeOwned;
pub use solution_inspector::page_state::{Activity, Stop, Work};
pub use solution_inspector::protocol::Failure;
use solution_inspector::protocol::{envelope, Answer, Reply, Request, PROTOCOL_VERSION};
use solution_inspector::Inspection;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

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

/// A package that was read. Its bytes stay in the engine (and, for a restarted
/// engine, in a JS array of the page: outside wasm memory).
pub struct OpenedPackage {
    pub file_name: String,
    /// Without its components until a view that lists them asks ([`use_with_components`]):
    /// a large package has tens of thousands, most visits never list them, and taking them
    /// in cost the page more than the engine's validation.
    pub inspection: Inspection,
    /// How many components of each kind (key of the kind → count), known from the start.
    pub component_counts: BTreeMap<String, usize>,
    pub analyzed_in: AnalyzedIn,
    /// Which package the engine must hold to answer about this one.
    pub package_id: u32,
    /// What the component browser searches and sorts by (empty until the components are in).
    pub browse: crate::browse_index::BrowseIndex,
    /// Whether `inspection.components` holds the components.
    pub has_components: bool,
    /// This package with its components, once a view asked for them.
    with_components: LazyComponents,
}

impl OpenedPackage {
    pub fn component_count(&self) -> usize {
        self.component_counts.values().sum()
    }
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

// ---- Work in progress, for the progress bar and the status element ----

struct Pending {
    resolve: Function,
    chunks: Array,
    activity: Option<Activity>,
    /// The engine's last word, once it came: its answer (and bytes) or why there is none.
    finished: Option<Result<(Answer<'static>, Option<Uint8Array>), Failure>>,
}

thread_local! {
    static REMOTE: RefCell<Option<Rc<Remote>>> = const { RefCell::new(None) };
    /// Requests in flight, by id.
    static PENDING: RefCell<HashMap<u32, Pending>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// Set once a worker failed to start: the engine runs in the page from then on.
    static WORKER_BROKEN: Cell<bool> = const { Cell::new(false) };
    /// Who shows the activity (the page's `App`).
    static LISTENER: RefCell<Option<Callback<Option<Activity>>>> = const { RefCell::new(None) };
    /// The package and organization the page has: given again to a restarted engine.
    static PACKAGE: RefCell<Option<(u32, String, Uint8Array)>> = const { RefCell::new(None) };
    static ORG: RefCell<Option<Uint8Array>> = const { RefCell::new(None) };
    /// Bumped for each snapshot the page keeps, so an engine knows whether it has the latest.
    static ORG_ID: Cell<u32> = const { Cell::new(0) };
}

/// `listener` hears of each change of the activity shown.
pub fn listen(listener: Callback<Option<Activity>>) {
    LISTENER.with(|slot| *slot.borrow_mut() = Some(listener));
}

fn announce_activity() {
    let shown = PENDING.with(|pending| {
        pending
            .borrow()
            .iter()
            .filter_map(|(id, request)| request.activity.clone().map(|activity| (*id, activity)))
            .max_by_key(|(id, _)| *id)
            .map(|(_, activity)| activity)
    });
    if let Some(listener) = LISTENER.with(|slot| slot.borrow().clone()) {
        listener.emit(shown);
    }
}

/// Stops all work: the engine ends, every request in flight answers `Stop::Cancelled`.
pub fn cancel() {
    drop_engine(true);
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set(object: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

/// A promise and its resolve function.
fn deferred() -> (Promise, Function) {
    let mut resolve_slot = None;
    let promise = Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let resolve = resolve_slot.unwrap_or_else(|| Function::new_no_args(""));
    (promise, resolve)
}

// ---- The engine, seen from the page ----

/// How long a new worker may take to load the wasm before the engine runs in the page.
const WORKER_START_TIMEOUT_MS: i32 = 15_000;

enum Channel {
    Worker(Worker),
    /// The engine's `handle(message, post)`, loaded into the page.
    InPage(Function, Function),
}

struct Remote {
    channel: Channel,
    /// Resolves to `true` once the engine answers, `false` if it fails to start.
    ready: Promise,
    /// Which package and organization this engine holds (ids of the page's).
    package: Cell<Option<u32>>,
    org: Cell<Option<u32>>,
    _on_message: Closure<dyn FnMut(JsValue)>,
    _on_error: Option<Closure<dyn FnMut(JsValue)>>,
}

impl Remote {
    fn post(&self, message: &JsValue, transfer: &Array) -> bool {
        match &self.channel {
            Channel::Worker(worker) => worker.post_message_with_transfer(message, transfer).is_ok(),
            Channel::InPage(handle, post) => handle.call2(&JsValue::NULL, message, post).is_ok(),
        }
    }
}

/// Ends the engine and answers every waiting request with "no reply" (or "cancelled").
fn drop_engine(cancelled: bool) {
    if let Some(remote) = REMOTE.with(|slot| slot.borrow_mut().take()) {
        if let Channel::Worker(worker) = &remote.channel {
            worker.terminate();
        }
    }
    let waiting: Vec<Function> = PENDING.with(|pending| {
        pending
            .borrow_mut()
            .drain()
            .map(|(_, request)| request.resolve)
            .collect()
    });
    let answer = if cancelled {
        JsValue::from_str("cancelled")
    } else {
        JsValue::UNDEFINED
    };
    for resolve in waiting {
        let _ = resolve.call1(&JsValue::NULL, &answer);
    }
    announce_activity();
}

/// Handles one message of the engine: progress, a chunk, or the answer. `true` for the
/// worker's first message, which says it is ready.
fn on_engine_message(data: &JsValue) -> bool {
    if field(data, "ready").is_truthy() {
        return true;
    }
    let Some(id) = field(data, envelope::ID).as_f64().map(|id| id as u32) else {
        return false;
    };
    // Checked before the header is read: an engine of another build may mean other things by it.
    let version = field(data, envelope::PROTOCOL)
        .as_f64()
        .map(|version| version as u32);
    let reply = if version == Some(PROTOCOL_VERSION) {
        serde_json::from_str::<Reply>(
            &field(data, envelope::HEADER)
                .as_string()
                .unwrap_or_default(),
        )
        .unwrap_or_else(|err| {
            Reply::Failed(Failure::plain(format!(
                "The answer could not be taken in: {err}."
            )))
        })
    } else {
        Reply::Failed(Failure::version_mismatch(version))
    };
    let bytes = field(data, envelope::BYTES).dyn_into::<Uint8Array>().ok();
    let finished = match reply {
        Reply::Progress(progress) => {
            PENDING.with(|pending| {
                if let Some(activity) = pending
                    .borrow_mut()
                    .get_mut(&id)
                    .and_then(|request| request.activity.as_mut())
                {
                    activity.done = progress.done;
                    activity.total = progress.total;
                    activity.label = progress.label;
                }
            });
            announce_activity();
            return false;
        }
        Reply::Chunk => {
            PENDING.with(|pending| {
                if let (Some(request), Some(bytes)) = (pending.borrow().get(&id), &bytes) {
                    request.chunks.push(bytes);
                }
            });
            return false;
        }
        Reply::Done(answer) => Ok((answer, bytes)),
        Reply::Failed(failure) => Err(failure),
    };
    if let Some(mut request) = PENDING.with(|pending| pending.borrow_mut().remove(&id)) {
        request.finished = Some(finished);
        let resolve = request.resolve.clone();
        FINISHED.with(|done| done.borrow_mut().insert(id, request));
        let _ = resolve.call1(&JsValue::NULL, &JsValue::TRUE);
        announce_activity();
    }
    false
}

thread_local! {
    /// Requests the engine has answered, until their sender takes the answer.
    static FINISHED: RefCell<HashMap<u32, Pending>> = RefCell::new(HashMap::new());
}

/// `?v=` and the page's own hashed script name: the engine's files (engine.js, engine_bg.wasm)
/// have fixed names, so the worker asks for them with this, and never gets an engine of
/// another build from a cache.
fn build_version() -> String {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document
                .query_selector("script[data-app-js]")
                .ok()
                .flatten()
        })
        .and_then(|tag| tag.get_attribute("data-app-js"))
        .map(|script| {
            let name = script.rsplit('/').next().unwrap_or_default();
            format!("?v={}", js_sys::encode_uri_component(name))
        })
        .unwrap_or_default()
}

fn spawn_worker() -> Option<Rc<Remote>> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker =
        Worker::new_with_options(&format!("worker.js{}", build_version()), &options).ok()?;
    let (ready, resolve_ready) = deferred();
    let ready_on_message = resolve_ready.clone();
    let started = Rc::new(Cell::new(false));
    let started_on_message = started.clone();
    let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        if on_engine_message(&event.data()) {
            started_on_message.set(true);
            let _ = ready_on_message.call1(&JsValue::NULL, &JsValue::TRUE);
        }
    });
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
        // A worker that cannot start leaves the work to the page from now on; one that
        // failed while working is replaced by a fresh worker on the next request.
        if !started.get() {
            WORKER_BROKEN.with(|broken| broken.set(true));
        }
        let _ = resolve_ready.call1(&JsValue::NULL, &JsValue::FALSE);
        drop_engine(false);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Rc::new(Remote {
        channel: Channel::Worker(worker),
        ready,
        package: Cell::new(None),
        org: Cell::new(None),
        _on_message: on_message,
        _on_error: Some(on_error),
    }))
}

/// The engine's wasm loaded into the page (www/boot.js offers the loader).
async fn start_in_page() -> Option<Rc<Remote>> {
    let loader: Function = field(&js_sys::global(), "solutionInspectorEngine")
        .dyn_into()
        .ok()?;
    let handle: Function = JsFuture::from(
        loader
            .call0(&JsValue::NULL)
            .ok()?
            .dyn_into::<Promise>()
            .ok()?,
    )
    .await
    .ok()?
    .dyn_into()
    .ok()?;
    let on_message = Closure::<dyn FnMut(JsValue)>::new(move |data: JsValue| {
        on_engine_message(&data);
    });
    let post: Function = on_message.as_ref().unchecked_ref::<Function>().clone();
    Some(Rc::new(Remote {
        channel: Channel::InPage(handle, post),
        ready: Promise::resolve(&JsValue::TRUE),
        package: Cell::new(None),
        org: Cell::new(None),
        _on_message: on_message,
        _on_error: None,
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

thread_local! {
    /// Resolves when the engine being started is ready (or could not start).
    static STARTING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// The running engine, started if need be. Callers that come while it starts wait for that
/// start instead of starting another.
async fn engine() -> Result<Rc<Remote>, Stop> {
    while let Some(starting) = STARTING.with(|slot| slot.borrow().clone()) {
        let _ = JsFuture::from(starting).await;
    }
    if let Some(remote) = REMOTE.with(|slot| slot.borrow().clone()) {
        return Ok(remote);
    }
    let (starting, started) = deferred();
    STARTING.with(|slot| *slot.borrow_mut() = Some(starting));
    let remote = start_engine().await;
    STARTING.with(|slot| *slot.borrow_mut() = None);
    let _ = started.call0(&JsValue::NULL);
    remote
}

async fn start_engine() -> Result<Rc<Remote>, Stop> {
    if !WORKER_BROKEN.with(Cell::get) {
        if let Some(remote) = spawn_worker() {
            REMOTE.with(|slot| *slot.borrow_mut() = Some(remote.clone()));
            let started = Array::of2(&remote.ready, &timeout(WORKER_START_TIMEOUT_MS));
            let ready = JsFuture::from(Promise::race(&started))
                .await
                .unwrap_or(JsValue::FALSE);
            if ready.is_truthy() {
                return Ok(remote);
            }
            WORKER_BROKEN.with(|broken| broken.set(true));
            drop_engine(false);
        }
    }
    let remote = start_in_page()
        .await
        .ok_or_else(|| Stop::plain("The engine of this page could not start in this browser."))?;
    REMOTE.with(|slot| *slot.borrow_mut() = Some(remote.clone()));
    Ok(remote)
}

/// Starts the engine at the user's first sign of opening something (a pointer press, a key, a
/// file dragged over the page), so its wasm is fetched and compiled while a file is being
/// picked, not after; the page itself needs only its own wasm to be usable.
pub fn start_engine_on_first_interaction() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // Lives as long as the page: each of the listeners below may call it once.
    let start = Closure::<dyn FnMut()>::new(|| {
        if REMOTE.with(|slot| slot.borrow().is_none()) {
            wasm_bindgen_futures::spawn_local(async {
                let _ = engine().await;
            });
        }
    })
    .into_js_value();
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    options.set_capture(true);
    options.set_passive(true);
    for event in ["pointerdown", "keydown", "dragenter"] {
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            event,
            start.unchecked_ref(),
            &options,
        );
    }
}

fn analyzed_in(remote: &Remote) -> AnalyzedIn {
    match remote.channel {
        Channel::Worker(_) => AnalyzedIn::Worker,
        Channel::InPage(..) => AnalyzedIn::Page,
    }
}

/// An answer: the engine's last message, its bytes, and the chunks before it.
pub struct Answered {
    pub answer: Answer<'static>,
    pub bytes: Option<Uint8Array>,
    chunks: Array,
}

/// An answer of another kind than the request's: a page and engine out of step.
pub fn unexpected() -> Stop {
    Stop::plain("The engine gave an answer of another kind than was asked for.")
}

impl Answered {
    /// The chunks (UTF-8 JSON arrays) as one list, taken in a slice of the page's time at a time.
    pub async fn items<T: DeserializeOwned>(&self) -> Result<Vec<T>, Stop> {
        let mut items = Vec::new();
        let mut json = Vec::new();
        for index in 0..self.chunks.length() {
            crate::page_time::yield_if_due().await;
            let chunk = self.chunks.get(index);
            let Some(bytes) = chunk.dyn_ref::<Uint8Array>() else {
                return Err(Stop::plain(
                    "The answer could not be taken in: a piece is missing.",
                ));
            };
            json.resize(bytes.length() as usize, 0);
            bytes.copy_to(&mut json);
            // Taken in: the browser may free the bytes now rather than all at the end.
            self.chunks.set(index, JsValue::UNDEFINED);
            let mut part: Vec<T> = serde_json::from_slice(&json)
                .map_err(|err| Stop::plain(format!("The answer could not be taken in: {err}.")))?;
            items.append(&mut part);
        }
        Ok(items)
    }

    /// The bytes the engine handed over, copied into the page's memory.
    pub fn bytes_vec(&self) -> Vec<u8> {
        self.bytes
            .as_ref()
            .map(Uint8Array::to_vec)
            .unwrap_or_default()
    }
}

/// Sends one request and waits for its answer. `activity` shows in the progress bar.
async fn send(
    remote: &Remote,
    request: &Request,
    bytes: Option<&Uint8Array>,
    work: Option<Work>,
) -> Result<Answered, Stop> {
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    let (reply, resolve) = deferred();
    let activity = work.map(|work| Activity {
        work,
        label: work.label().to_owned(),
        done: 0,
        total: 0,
    });
    PENDING.with(|pending| {
        pending.borrow_mut().insert(
            id,
            Pending {
                resolve,
                chunks: Array::new(),
                activity,
                finished: None,
            },
        )
    });
    announce_activity();
    let message = Object::new();
    set(
        &message,
        envelope::PROTOCOL,
        &JsValue::from(PROTOCOL_VERSION),
    );
    set(&message, envelope::ID, &JsValue::from(id));
    let header = serde_json::to_string(request).unwrap_or_default();
    set(&message, envelope::HEADER, &JsValue::from_str(&header));
    if let Some(bytes) = bytes {
        // Not transferred: the page keeps the package and the snapshot for a restarted engine.
        set(&message, envelope::BYTES, bytes);
    }
    if !remote.post(&message, &Array::new()) {
        PENDING.with(|pending| pending.borrow_mut().remove(&id));
        announce_activity();
        return Err(Stop::plain("The engine did not take the request."));
    }
    let reply = JsFuture::from(reply).await.unwrap_or(JsValue::UNDEFINED);
    if reply.as_string().as_deref() == Some("cancelled") {
        return Err(Stop::Cancelled);
    }
    if reply.is_undefined() {
        return Err(Stop::plain(
            "The work stopped unexpectedly. The file may be damaged.",
        ));
    }
    let Some(request) = FINISHED.with(|done| done.borrow_mut().remove(&id)) else {
        return Err(Stop::plain("The work failed for an unknown reason."));
    };
    match request.finished {
        Some(Ok((answer, bytes))) => Ok(Answered {
            answer,
            bytes,
            chunks: request.chunks,
        }),
        Some(Err(failure)) => Err(Stop::Failed(failure)),
        None => Err(Stop::plain("The work failed for an unknown reason.")),
    }
}

/// What a request needs the engine to hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    Package,
    PackageAndOrg,
}

/// Sends a request of `kind` to the engine, first giving a fresh engine the package and the
/// organization it needs.
pub async fn request(request: Request, needs: Needs, work: Option<Work>) -> Result<Answered, Stop> {
    let remote = engine().await?;
    if needs != Needs::Nothing {
        let kept = PACKAGE.with(|slot| slot.borrow().clone());
        if let Some((package_id, name, bytes)) = kept {
            if remote.package.get() != Some(package_id) {
                // The page has the inspection already: the engine need not send it again.
                let open = Request::Open { name, quiet: true };
                send(&remote, &open, Some(&bytes), Some(Work::Reading)).await?;
                remote.package.set(Some(package_id));
            }
        }
    }
    if needs == Needs::PackageAndOrg {
        let kept = ORG.with(|slot| slot.borrow().clone());
        let org_id = ORG_ID.with(Cell::get);
        if let Some(bytes) = kept {
            if remote.org.get() != Some(org_id) {
                send(
                    &remote,
                    &Request::OrgLoad,
                    Some(&bytes),
                    Some(Work::Simulating),
                )
                .await?;
                remote.org.set(Some(org_id));
            }
        }
    }
    send(&remote, &request, None, work).await
}

/// Loads an organization snapshot (its JSON bytes) into the engine and keeps the bytes
/// for a restarted engine. Answers the engine's reply (`head`, `count`).
pub async fn load_org(bytes: Uint8Array) -> Result<Answered, Stop> {
    let remote = engine().await?;
    let reply = send(
        &remote,
        &Request::OrgLoad,
        Some(&bytes),
        Some(Work::Simulating),
    )
    .await?;
    keep_org(&remote, bytes);
    Ok(reply)
}

/// A snapshot change the engine made (install, uninstall, limit): its bytes are now the page's too.
pub async fn change_org(change: Request) -> Result<Answered, Stop> {
    let reply = request(change, Needs::PackageAndOrg, Some(Work::Simulating)).await?;
    if let Some(bytes) = &reply.bytes {
        if let Some(remote) = REMOTE.with(|slot| slot.borrow().clone()) {
            keep_org(&remote, bytes.clone());
        }
    }
    Ok(reply)
}

fn keep_org(remote: &Remote, bytes: Uint8Array) {
    let id = ORG_ID.with(|next| {
        let id = next.get().wrapping_add(1);
        next.set(id);
        id
    });
    ORG.with(|slot| *slot.borrow_mut() = Some(bytes));
    remote.org.set(Some(id));
}

/// Reads a package in the engine, which keeps it. The page gets the inspection, its
/// components taken in one chunk per task.
pub async fn analyze(file_name: String, bytes: Uint8Array) -> Result<OpenedPackage, Stop> {
    let remote = engine().await?;
    let package_id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    let open = Request::Open {
        name: file_name.clone(),
        quiet: false,
    };
    let reply = send(&remote, &open, Some(&bytes), Some(Work::Reading)).await?;
    // The engine now holds this package.
    remote.package.set(Some(package_id));
    let Answer::Opened(Some(opening)) = reply.answer else {
        return Err(unexpected());
    };
    let inspection: Inspection = opening.inspection.into_owned();
    let component_counts = opening.counts;
    Ok(OpenedPackage {
        file_name,
        inspection,
        component_counts,
        analyzed_in: analyzed_in(&remote),
        package_id,
        browse: Default::default(),
        has_components: false,
        with_components: LazyComponents::default(),
    })
}

/// A package's components, asked of the engine once, by the first view that needs them.
#[derive(Default)]
struct LazyComponents {
    loaded: RefCell<Option<Opened>>,
    loading: Cell<bool>,
    waiting: RefCell<Vec<Callback<Result<Opened, Stop>>>>,
}

/// `opened` with its components and the browser's index of them, loaded once per package.
fn load_components(opened: &Opened, done: Callback<Result<Opened, Stop>>) {
    if opened.has_components {
        return done.emit(Ok(opened.clone()));
    }
    let lazy = &opened.with_components;
    if let Some(loaded) = lazy.loaded.borrow().clone() {
        return done.emit(Ok(loaded));
    }
    lazy.waiting.borrow_mut().push(done);
    if lazy.loading.replace(true) {
        return;
    }
    let opened = opened.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = fetch_components(&opened).await;
        let lazy = &opened.with_components;
        lazy.loading.set(false);
        if let Ok(loaded) = &result {
            *lazy.loaded.borrow_mut() = Some(loaded.clone());
        }
        let waiting = std::mem::take(&mut *lazy.waiting.borrow_mut());
        for done in waiting {
            done.emit(result.clone());
        }
    });
}

async fn fetch_components(opened: &Opened) -> Result<Opened, Stop> {
    // The engine answers about the package the page keeps: another one may have been opened since.
    let kept = PACKAGE.with(|slot| slot.borrow().as_ref().map(|(id, _, _)| *id));
    if kept != Some(opened.package_id) {
        return Err(Stop::plain("This package is no longer the one open."));
    }
    let reply = request(Request::Components, Needs::Package, None).await?;
    let components: Vec<solution_inspector::Component> = reply.items().await?;
    let browse = crate::browse_index::browse_index(&components).await;
    let mut inspection = opened.inspection.clone();
    inspection.components = components;
    Ok(Opened(Rc::new(OpenedPackage {
        file_name: opened.file_name.clone(),
        inspection,
        component_counts: opened.component_counts.clone(),
        analyzed_in: opened.analyzed_in,
        package_id: opened.package_id,
        browse,
        has_components: true,
        with_components: LazyComponents::default(),
    })))
}

/// `opened` with its components: `None` while they are on their way (the calling view
/// renders again when they come), or why they could not be had; and a callback that asks again.
#[yew::hook]
pub fn use_with_components(opened: &Opened) -> (Option<Result<Opened, Stop>>, Callback<()>) {
    let ready = opened
        .has_components
        .then(|| opened.clone())
        .or_else(|| opened.with_components.loaded.borrow().clone());
    let arrived = yew::use_state(|| None::<(u32, Result<Opened, Stop>)>);
    let attempt = yew::use_state(|| 0_u32);
    {
        let arrived = arrived.clone();
        let needed = ready.is_none();
        yew::use_effect_with(
            (opened.clone(), needed, *attempt),
            move |(opened, needed, _)| {
                if *needed {
                    let package_id = opened.package_id;
                    load_components(
                        opened,
                        Callback::from(move |result| arrived.set(Some((package_id, result)))),
                    );
                }
            },
        );
    }
    let retry = {
        let (arrived, attempt) = (arrived.clone(), attempt.clone());
        Callback::from(move |()| {
            arrived.set(None);
            attempt.set(attempt.wrapping_add(1));
        })
    };
    let state = match (ready, &*arrived) {
        (Some(ready), _) => Some(Ok(ready)),
        (None, Some((package_id, result))) if *package_id == opened.package_id => {
            Some(result.clone())
        }
        _ => None,
    };
    (state, retry)
}

/// Makes `opened` the package the page has (after it is shown).
pub fn keep_package(opened: &OpenedPackage, bytes: Uint8Array) {
    PACKAGE.with(|slot| {
        *slot.borrow_mut() = Some((opened.package_id, opened.file_name.clone(), bytes))
    });
}

/// The raw XML of a component, for the detail pane.
pub async fn fragment(file: &str, start: usize, end: usize) -> Option<String> {
    let file = file.to_owned();
    let reply = request(Request::Fragment { file, start, end }, Needs::Package, None)
        .await
        .ok()?;
    match reply.answer {
        Answer::Fragment(text) => text,
        _ => None,
    }
}

/// `(line number, text, is the line asked for)` around `line` of a package file.
pub async fn excerpt(file: &str, line: u32) -> Option<Vec<(usize, String, bool)>> {
    let file = file.to_owned();
    let reply = request(Request::Excerpt { file, line }, Needs::Package, None)
        .await
        .ok()?;
    match reply.answer {
        Answer::Excerpt(lines) => lines,
        _ => None,
    }
}

// ---- Reading the bytes ----

/// Larger files are refused before reading: the engine holds the zip and the decoded
/// XML at once, within wasm32's 4 GB of memory. Dataverse itself takes solution files
/// of at most 95 MB.
const MAX_FILE_BYTES: f64 = 512.0 * 1024.0 * 1024.0;

/// The bytes of a file the person picked or dropped (a JS array: it stays out of the page's wasm memory).
pub async fn read_file(file: &web_sys::File) -> Result<Uint8Array, String> {
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
    Ok(Uint8Array::new(&buffer))
}

/// Where the embedded sample lives, next to index.html.
pub const SAMPLE_PATH: &str = "sample/PentaWorkScheduler_0_11_1_unmanaged.zip";
pub const SAMPLE_NAME: &str = "PentaWorkScheduler_0_11_1_unmanaged.zip";

/// Fetches a static file of this page (the sample, a default organization).
pub async fn fetch_bytes(path: &str) -> Result<Uint8Array, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| format!("{path} could not be fetched"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{path} could not be fetched"))?;
    if !response.ok() {
        return Err(format!(
            "{path} could not be fetched (HTTP {})",
            response.status()
        ));
    }
    let promise = response
        .array_buffer()
        .map_err(|_| format!("{path} could not be read"))?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|_| format!("{path} could not be read"))?;
    Ok(Uint8Array::new(&buffer))
}

/// Fetches the embedded sample package.
pub async fn fetch_sample() -> Result<Uint8Array, String> {
    fetch_bytes(SAMPLE_PATH)
        .await
        .map_err(|_| "the sample could not be fetched".to_owned())
}
