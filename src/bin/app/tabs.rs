//! The views of a package, as an ARIA tab list (arrow keys move between tabs).

use wasm_bindgen::JsCast;
use yew::prelude::*;

pub use solution_inspector::page_state::View;

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub current: View,
    pub on_select: Callback<View>,
}

fn focus(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

#[component]
pub fn Tabs(props: &TabsProps) -> Html {
    let onkeydown = {
        let (current, on_select) = (props.current, props.on_select.clone());
        Callback::from(move |event: KeyboardEvent| {
            let last = View::ALL.len() - 1;
            let position = current.position();
            let next = match event.key().as_str() {
                "ArrowRight" => Some(if position == last { 0 } else { position + 1 }),
                "ArrowLeft" => Some(if position == 0 { last } else { position - 1 }),
                "Home" => Some(0),
                "End" => Some(last),
                _ => None,
            };
            if let Some(view) = next.and_then(|index| View::ALL.get(index).copied()) {
                event.prevent_default();
                on_select.emit(view);
                focus(view.tab_id());
            }
        })
    };
    html! {
        <nav class="tabs-bar" aria-label="Package views">
            <div class="tabs" role="tablist" aria-label="Package views" {onkeydown}>
                { for View::ALL.iter().map(|view| {
                    let view = *view;
                    let selected = view == props.current;
                    let onclick = props.on_select.reform(move |_: MouseEvent| view);
                    html! {
                        <button type="button" role="tab" id={view.tab_id()}
                            class={classes!("tab", selected.then_some("selected"))}
                            aria-selected={if selected { "true" } else { "false" }}
                            aria-controls="panel"
                            tabindex={if selected { "0" } else { "-1" }}
                            {onclick}>
                            { view.label() }
                        </button>
                    }
                }) }
            </div>
        </nav>
    }
}
