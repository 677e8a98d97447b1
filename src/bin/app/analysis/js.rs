//! The few JS object and promise helpers the engine client needs: reading and setting a
//! field of a message, a promise with its resolve function, a timer as a promise.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

pub(super) fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

pub(super) fn set(object: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

/// A promise and its resolve function.
pub(super) fn deferred() -> (Promise, Function) {
    let mut resolve_slot = None;
    let promise = Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let resolve = resolve_slot.unwrap_or_else(|| Function::new_no_args(""));
    (promise, resolve)
}

/// A promise that resolves to `false` after `milliseconds`.
pub(super) fn timeout(milliseconds: i32) -> Promise {
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
