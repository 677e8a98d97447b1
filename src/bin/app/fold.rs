//! A section of a view folded under its heading (`<details>`/`<summary>`: opened and closed by
//! keyboard and pointer alike), closed at first when it is long, so that no view opens taller
//! than a few screens; its content's long lists scroll in a bounded region of their own.

use yew::prelude::*;

/// Past this many rows a section opens folded.
pub const FOLDED_PAST: usize = 12;

#[derive(Properties, PartialEq)]
pub struct FoldProps {
    /// The heading's id (the section is labelled by it) and text.
    pub id: AttrValue,
    pub title: AttrValue,
    /// How many rows the section holds: it opens folded past [`FOLDED_PAST`].
    pub rows: usize,
    #[prop_or_default]
    pub test_id: Option<AttrValue>,
    pub children: Html,
}

#[component]
pub fn Fold(props: &FoldProps) -> Html {
    html! {
        <section aria-labelledby={props.id.clone()}>
            <details class="fold" open={props.rows <= FOLDED_PAST} data-testid={props.test_id.clone()}>
                <summary><h3 id={props.id.clone()}>{ props.title.clone() }</h3></summary>
                { props.children.clone() }
            </details>
        </section>
    }
}

/// Whether a `<details>` is open, kept in step by its `ontoggle`: a fold renders its
/// rows only once opened (a group of thousands costs nothing while closed).
#[hook]
pub fn use_opened() -> (bool, Callback<Event>) {
    let open = use_state(|| false);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            let details: web_sys::Element = event.target_unchecked_into();
            open.set(details.has_attribute("open"));
        })
    };
    (*open, on_toggle)
}
