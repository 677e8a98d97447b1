//! The engine seen from the page: its start (a module worker, or the engine's wasm in the
//! page when no worker starts), its channel, its end (Cancel, or a worker that failed) and
//! its start at the user's first interaction.
//!
//! This module owns the running engine: callers get it from [`engine`], which starts one if
//! need be, and send on it with [`Remote::send`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Uint8Array};
use solution_inspector::page_state::{Stop, Work};
use solution_inspector::protocol::Request;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::in_flight::{self, Answered};
use super::js::{deferred, field, timeout};

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

thread_local! {
    static REMOTE: RefCell<Option<Rc<Remote>>> = const { RefCell::new(None) };
    /// Set once a worker failed to start: the engine runs in the page from then on.
    static WORKER_BROKEN: Cell<bool> = const { Cell::new(false) };
    /// Resolves when the engine being started is ready (or could not start).
    static STARTING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Stops all work: the engine ends, every request in flight answers `Stop::Cancelled`.
pub fn cancel() {
    drop_engine(true);
}

/// How long a new worker may take to load the wasm before the engine runs in the page.
const WORKER_START_TIMEOUT_MS: i32 = 15_000;

enum Channel {
    Worker(Worker),
    /// The engine's `handle(message, post)`, loaded into the page.
    InPage(Function, Function),
}

pub(super) struct Remote {
    channel: Channel,
    /// Resolves to `true` once the engine answers, `false` if it fails to start.
    ready: Promise,
    /// Which package and organization this engine holds (ids of the page's).
    pub(super) package: Cell<Option<u32>>,
    pub(super) org: Cell<Option<u32>>,
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

    /// Sends one request to this engine and waits for its answer. `work` shows in the progress bar.
    pub(super) async fn send(
        &self,
        request: &Request,
        bytes: Option<&Uint8Array>,
        work: Option<Work>,
    ) -> Result<Answered, Stop> {
        let post = |message: &JsValue| self.post(message, &Array::new());
        in_flight::send(post, request, bytes, work).await
    }

    pub(super) fn analyzed_in(&self) -> AnalyzedIn {
        match self.channel {
            Channel::Worker(_) => AnalyzedIn::Worker,
            Channel::InPage(..) => AnalyzedIn::Page,
        }
    }
}

/// The engine that runs, if one does (none is started).
pub(super) fn running() -> Option<Rc<Remote>> {
    REMOTE.with(|slot| slot.borrow().clone())
}

/// Ends the engine and answers every waiting request with "no reply" (or "cancelled").
fn drop_engine(cancelled: bool) {
    if let Some(remote) = REMOTE.with(|slot| slot.borrow_mut().take()) {
        if let Channel::Worker(worker) = &remote.channel {
            worker.terminate();
        }
    }
    in_flight::abandon_all(cancelled);
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
        if in_flight::on_engine_message(&event.data()) {
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
        in_flight::on_engine_message(&data);
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

/// The running engine, started if need be. Callers that come while it starts wait for that
/// start instead of starting another.
pub(super) async fn engine() -> Result<Rc<Remote>, Stop> {
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
