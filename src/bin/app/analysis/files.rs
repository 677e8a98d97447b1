//! The bytes the page reads itself: a file the person picked or dropped (refused above a
//! size the engine could not hold), and the page's own static files (the embedded sample,
//! a default organization).

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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
