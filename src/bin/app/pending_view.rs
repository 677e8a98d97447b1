//! A view whose core module is not wired into the page yet: says so, shows nothing made up.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PendingViewProps {
    pub title: AttrValue,
    pub text: AttrValue,
}

#[component]
pub fn PendingView(props: &PendingViewProps) -> Html {
    html! {
        <div class="pending">
            <h2>{ props.title.clone() }</h2>
            <p class="note" data-testid="pending-note">{ props.text.clone() }</p>
        </div>
    }
}
