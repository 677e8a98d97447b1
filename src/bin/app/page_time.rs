//! The page's time: long work on the page (taking in a long reply, indexing components,
//! making the policy editor's rows) runs in slices of about `SLICE_MS`, giving the thread back
//! to the browser between them so it can paint and take input.

use std::cell::Cell;

/// Gives the page's thread back to the browser (to paint, to take input) before going on.
pub async fn yield_to_page() {
    gloo_timers::future::TimeoutFuture::new(0).await;
    SLICE_STARTED.with(|started| started.set(js_sys::Date::now()));
}

/// How long a piece of long work runs on the page before it gives the thread back: well under
/// the 50 ms of a long task, and long enough that waiting for the next task (a zero timeout is
/// 4 ms once nested) does not stretch the work out.
const SLICE_MS: f64 = 25.0;

thread_local! {
    static SLICE_STARTED: Cell<f64> = const { Cell::new(0.0) };
}

/// Between two steps of long work: yields only when this task has run `SLICE_MS`.
pub async fn yield_if_due() {
    let started = SLICE_STARTED.with(Cell::get);
    if js_sys::Date::now() - started >= SLICE_MS {
        yield_to_page().await;
    }
}
