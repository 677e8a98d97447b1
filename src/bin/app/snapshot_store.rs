//! The organizations kept in this browser: bindings to `www/snapshot-store.js`
//! (IndexedDB, which holds snapshots of any size, where localStorage holds about
//! 5 MB). Each organization is kept under its snapshot's name; the store also
//! remembers which one is in use, for the next visit.

use js_sys::{Date, Promise, Uint8Array};
use solution_inspector::page_state::kept::KeptOrganization;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/www/snapshot-store.js")]
extern "C" {
    #[wasm_bindgen(js_name = keepSnapshot)]
    fn keep_snapshot(name: &str, bytes: &Uint8Array, saved_at: &str) -> Promise;
    #[wasm_bindgen(js_name = snapshotBytes)]
    fn snapshot_bytes(name: &str) -> Promise;
    #[wasm_bindgen(js_name = keptSnapshots)]
    fn kept_snapshots() -> Promise;
    #[wasm_bindgen(js_name = forgetSnapshot)]
    fn forget_snapshot(name: &str) -> Promise;
    #[wasm_bindgen(js_name = snapshotInUse)]
    fn snapshot_in_use() -> Promise;
    #[wasm_bindgen(js_name = useSnapshot)]
    fn use_snapshot(name: &str) -> Promise;
}

/// The browser's words for a refusal (quota, private mode, no IndexedDB).
fn refusal(error: JsValue) -> String {
    let words = js_sys::Reflect::get(&error, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "no reason given".to_owned());
    format!("the browser refused to store it ({words})")
}

async fn settle(promise: Promise) -> Result<JsValue, String> {
    JsFuture::from(promise).await.map_err(refusal)
}

/// Keeps `json` under `name` and makes it the organization in use.
pub async fn keep(name: &str, json: &Uint8Array) -> Result<(), String> {
    let now = Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    settle(keep_snapshot(name, json, &now)).await?;
    settle(use_snapshot(name)).await.map(drop)
}

/// The JSON kept under `name`, if any.
pub async fn bytes(name: &str) -> Result<Option<Uint8Array>, String> {
    let value = settle(snapshot_bytes(name)).await?;
    Ok(value.dyn_into::<Uint8Array>().ok())
}

/// Every kept organization, by name.
pub async fn list() -> Result<Vec<KeptOrganization>, String> {
    let value = settle(kept_snapshots()).await?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|err| format!("the stored list is unreadable ({err})"))
}

pub async fn forget(name: &str) -> Result<(), String> {
    settle(forget_snapshot(name)).await.map(drop)
}

/// The name of the organization in use at the last visit, if the store has one.
pub async fn in_use() -> Option<String> {
    settle(snapshot_in_use()).await.ok()?.as_string()
}

/// The JSON of the organization in use at the last visit.
pub async fn in_use_bytes() -> Option<Uint8Array> {
    let name = in_use().await?;
    bytes(&name).await.ok()?
}
