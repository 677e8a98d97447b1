//! Saving bytes the page made (a converted package, a policy, a report) as a file download.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `bytes` as a download named `file_name`, through a Blob URL that is
/// released once the browser has taken it.
pub fn save(file_name: &str, mime_type: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = Array::new();
    parts.push(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime_type);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not hold the file".to_owned())?;
    let url = Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not make a download link".to_owned())?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "the browser could not make a download link".to_owned())?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has handed the Blob to the download; release it on the next turn.
    let release = url.clone();
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(1_000).await;
        let _ = Url::revoke_object_url(&release);
    });
    Ok(())
}
