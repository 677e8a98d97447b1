//! Requests in flight: each request's id, its entry in the table of pending requests until
//! the engine's last word, the engine's messages (progress, chunks, the answer) matched to
//! their request, and the activity the page shows for the latest request that has one.
//!
//! The table is this module's own: the engine's lifecycle (`engine.rs`) only posts a
//! request's message, hands the engine's messages to [`on_engine_message`] and, when the
//! engine ends, has every waiting request answered by [`abandon_all`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use js_sys::{Array, Function, Object, Uint8Array};
use serde::de::DeserializeOwned;
use solution_inspector::page_state::{Activity, Stop, Work};
use solution_inspector::protocol::{envelope, Answer, Failure, Reply, Request, PROTOCOL_VERSION};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

use super::js::{deferred, field, set};

// ---- Work in progress, for the progress bar and the status element ----

struct Pending {
    resolve: Function,
    chunks: Array,
    activity: Option<Activity>,
    /// The engine's last word, once it came: its answer (and bytes) or why there is none.
    finished: Option<Result<(Answer<'static>, Option<Uint8Array>), Failure>>,
}

thread_local! {
    /// Requests in flight, by id.
    static PENDING: RefCell<HashMap<u32, Pending>> = RefCell::new(HashMap::new());
    /// Requests the engine has answered, until their sender takes the answer.
    static FINISHED: RefCell<HashMap<u32, Pending>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// Who shows the activity (the page's `App`).
    static LISTENER: RefCell<Option<Callback<Option<Activity>>>> = const { RefCell::new(None) };
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

/// A fresh id, for a request or a package (one counter for both).
pub(super) fn next_id() -> u32 {
    NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    })
}

/// Answers every waiting request with "no reply" (or "cancelled"): the engine has ended.
pub(super) fn abandon_all(cancelled: bool) {
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
pub(super) fn on_engine_message(data: &JsValue) -> bool {
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

/// Sends one request through `post` (the engine's channel; `false` when the engine did not
/// take the message) and waits for its answer. `work` shows in the progress bar.
pub(super) async fn send(
    post: impl FnOnce(&JsValue) -> bool,
    request: &Request,
    bytes: Option<&Uint8Array>,
    work: Option<Work>,
) -> Result<Answered, Stop> {
    let id = next_id();
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
    if !post(&message) {
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
