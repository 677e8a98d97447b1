//! A scrolling list that renders only the rows in view, so tens of thousands stay fast.
//!
//! Rows have one fixed height. Sizes are set through the CSSOM (not style
//! attributes) because the page's Content-Security-Policy forbids inline styles.

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VirtualListProps {
    pub row_count: usize,
    /// Row height in CSS pixels; the stylesheet gives rows the same height.
    pub row_height: f64,
    pub render_row: Callback<usize, Html>,
    pub label: AttrValue,
    /// Row to bring into view (e.g. the selected one after keyboard moves).
    #[prop_or_default]
    pub reveal: Option<usize>,
}

/// Rows rendered beyond each edge, so fast scrolling shows no gaps.
const OVERSCAN: usize = 8;

fn set_style(node: &NodeRef, property: &str, value: &str) {
    if let Some(element) = node.cast::<HtmlElement>() {
        let _ = element.style().set_property(property, value);
    }
}

#[component]
pub fn VirtualList(props: &VirtualListProps) -> Html {
    let viewport = use_node_ref();
    let spacer = use_node_ref();
    let window = use_node_ref();
    let scroll_top = use_state(|| 0.0_f64);
    let viewport_height = use_state(|| 600.0_f64);

    {
        // The viewport's height comes from the stylesheet (a share of the window): read it
        // once laid out, and again whenever the window changes size.
        let (viewport, viewport_height) = (viewport.clone(), viewport_height.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(element) = viewport.cast::<web_sys::Element>() {
                    let height = f64::from(element.client_height());
                    if height > 0.0 {
                        viewport_height.set(height);
                    }
                }
            };
            measure();
            let on_resize = Closure::<dyn FnMut()>::new(measure);
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window
                    .add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback(
                        "resize",
                        on_resize.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    let onscroll = {
        let (viewport, scroll_top, viewport_height) = (
            viewport.clone(),
            scroll_top.clone(),
            viewport_height.clone(),
        );
        Callback::from(move |_: Event| {
            if let Some(element) = viewport.cast::<web_sys::Element>() {
                let top = f64::from(element.scroll_top());
                if (top - *scroll_top).abs() >= 1.0 {
                    scroll_top.set(top);
                }
                let height = f64::from(element.client_height());
                if height > 0.0 && (height - *viewport_height).abs() >= 1.0 {
                    viewport_height.set(height);
                }
            }
        })
    };

    let row_height = props.row_height.max(1.0);
    let total = props.row_count;
    let first = ((*scroll_top / row_height).floor() as usize)
        .saturating_sub(OVERSCAN)
        .min(total);
    let visible = (*viewport_height / row_height).ceil() as usize + 2 * OVERSCAN;
    let last = (first + visible).min(total);

    {
        let (spacer, window) = (spacer.clone(), window.clone());
        use_effect_with(
            (total, first, row_height.to_bits()),
            move |(total, first, _)| {
                set_style(
                    &spacer,
                    "height",
                    &format!("{}px", *total as f64 * row_height),
                );
                set_style(
                    &window,
                    "transform",
                    &format!("translateY({}px)", *first as f64 * row_height),
                );
            },
        );
    }
    {
        // Scroll the revealed row into view; its button gets focus once it is rendered.
        let viewport = viewport.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some(row), Some(element)) = (reveal, viewport.cast::<HtmlElement>()) {
                let top = *row as f64 * row_height;
                let height = f64::from(element.client_height());
                let current = f64::from(element.scroll_top());
                if top < current {
                    element.set_scroll_top(top as i32);
                } else if top + row_height > current + height {
                    element.set_scroll_top((top + row_height - height) as i32);
                }
            }
        });
    }
    {
        let viewport = viewport.clone();
        use_effect_with((props.reveal, first, last), move |(reveal, first, last)| {
            let Some(row) = reveal.filter(|row| (*first..*last).contains(row)) else {
                return;
            };
            let Some(element) = viewport.cast::<HtmlElement>() else {
                return;
            };
            // Only move focus that is already in the list (or lost with a row that scrolled away).
            let active = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.active_element());
            let focus_in_list = match &active {
                Some(active) => element.contains(Some(active)) || active.tag_name() == "BODY",
                None => true,
            };
            if !focus_in_list {
                return;
            }
            if let Some(button) = element
                .query_selector(&format!("[data-row=\"{row}\"] button"))
                .ok()
                .flatten()
                .and_then(|node| node.dyn_into::<HtmlElement>().ok())
            {
                if active.as_ref() != Some(button.as_ref()) {
                    let _ = button.focus();
                }
            }
        });
    }

    html! {
        <div class="virtual-viewport" ref={viewport} {onscroll}>
            <div class="virtual-spacer" ref={spacer}>
                <ul class="virtual-window" ref={window} aria-label={props.label.clone()}>
                    { for (first..last).map(|row| props.render_row.emit(row)) }
                </ul>
            </div>
        </div>
    }
}
