//! What a person gave a form: a number typed in a field, a file picked in a file input,
//! a file dropped on the page; read the same way by every view that asks for one.

use web_sys::{DragEvent, Event, File, HtmlInputElement, InputEvent};
use yew::TargetCast;

/// A positive number typed in a field, or `None` while it is not one yet.
pub fn typed_number(event: &InputEvent) -> Option<f64> {
    let input: HtmlInputElement = event.target_unchecked_into();
    input
        .value()
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite() && *value > 0.0)
}

/// The file picked in a file input. The input is cleared: choosing the same file again
/// must be a change again (and open or load it again).
pub fn picked_file(event: &Event) -> Option<File> {
    let input: HtmlInputElement = event.target_unchecked_into();
    let file = input.files().and_then(|files| files.get(0));
    input.set_value("");
    file
}

/// The (first) file dropped.
pub fn dropped_file(event: &DragEvent) -> Option<File> {
    event
        .data_transfer()
        .and_then(|transfer| transfer.files())
        .and_then(|files| files.get(0))
}
