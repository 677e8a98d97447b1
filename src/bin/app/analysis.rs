//! The one door to the core: bytes in, an inspection (or a plain-words error) out.
//!
//! `analyze` is async and owns every heavy step, so it can move into a web
//! worker later without the components noticing.

use std::ops::Deref;
use std::rc::Rc;

use solution_inspector::model::SourceSpan;
use solution_inspector::{inspect, Inspection, Severity};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A package that was read, with the bytes kept for re-reading fragments.
pub struct OpenedPackage {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub inspection: Inspection,
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
#[derive(Clone, PartialEq)]
pub struct Failure {
    pub file_name: String,
    pub message: String,
    pub details: Vec<String>,
}

/// Reads a package. Yields to the browser first so the "Reading…" message paints.
pub async fn analyze(file_name: String, bytes: Vec<u8>) -> Result<OpenedPackage, Failure> {
    gloo_timers::future::TimeoutFuture::new(0).await;
    let inspection = match inspect(&bytes) {
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
    Ok(OpenedPackage {
        file_name,
        bytes,
        inspection,
    })
}

/// The raw XML of a component, for the detail pane.
pub fn fragment(opened: &OpenedPackage, span: &SourceSpan) -> Option<String> {
    solution_inspector::fragment::fragment(&opened.bytes, span)
}

/// The bytes of a file the person picked or dropped.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read the file".to_owned())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
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
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
