//! Why a package's components could not be listed (the engine was lost and none could
//! start, say), with Try again: what the views that list components show alike.

use solution_inspector::page_state::Stop;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ListingFailedProps {
    pub stop: Stop,
    /// Asks for the components again (the second value of `use_with_components`).
    pub retry: Callback<()>,
}

#[component]
pub fn ListingFailed(props: &ListingFailedProps) -> Html {
    html! {
        <>
            <p class="error" role="alert">{ format!("The components could not be listed: {}", props.stop.message()) }</p>
            <button type="button" onclick={props.retry.reform(|_: MouseEvent| ())}>{ "Try again" }</button>
        </>
    }
}
