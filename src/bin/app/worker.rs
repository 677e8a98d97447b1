//! The worker side of `analysis::analyze`: the same wasm, started by www/worker.js in a
//! dedicated module worker, reads packages so the page never freezes while it does.
//!
//! Messages (after worker.js's own `{js, wasm}` start message): in
//! `{id, name, bytes: Uint8Array}`; out `{ready: true}` once, then
//! `{id, inspection: JSON}` or `{id, failure: JSON}` per request.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::analysis::{self, Failure};

/// Whether this wasm instance runs inside the analysis worker.
pub fn is_worker() -> bool {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .is_ok()
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set(object: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

/// Answers analysis requests until the worker is terminated.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let id = field(&data, "id");
        let name = field(&data, "name").as_string().unwrap_or_default();
        let bytes_value = field(&data, "bytes");
        let bytes = bytes_value
            .dyn_ref::<Uint8Array>()
            .map(Uint8Array::to_vec)
            .unwrap_or_default();
        let reply = Object::new();
        set(&reply, "id", &id);
        let outcome = analysis::inspect_bytes(name.clone(), &bytes).and_then(|inspection| {
            serde_json::to_string(&inspection).map_err(|err| Failure {
                file_name: name.clone(),
                message: format!(
                    "The package was read but could not be handed to the page: {err}."
                ),
                details: Vec::new(),
            })
        });
        match outcome {
            Ok(json) => set(&reply, "inspection", &JsValue::from_str(&json)),
            Err(failure) => {
                let json = serde_json::to_string(&failure).unwrap_or_default();
                set(&reply, "failure", &JsValue::from_str(&json));
            }
        }
        let _ = replies.post_message(&reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let ready = Object::new();
    set(&ready, "ready", &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}
