//! A file that is not a solution package, said plainly.

use yew::prelude::*;

use crate::analysis::Failure;

#[derive(Properties, PartialEq)]
pub struct ErrorMessageProps {
    pub failure: Failure,
    /// The package still shown below, if any.
    pub still_showing: Option<String>,
}

#[component]
pub fn ErrorMessage(props: &ErrorMessageProps) -> Html {
    let failure = &props.failure;
    html! {
        <section class="error" role="alert" aria-labelledby="error-heading" data-testid="error">
            <h2 id="error-heading">{ format!("{} could not be opened", failure.file_name) }</h2>
            <p data-testid="error-message">{ failure.message.clone() }</p>
            if !failure.details.is_empty() {
                <ul class="error-details">
                    { for failure.details.iter().map(|detail| html! { <li>{ detail.clone() }</li> }) }
                </ul>
            }
            if let Some(current) = &props.still_showing {
                <p>{ format!("The page still shows {current}.") }</p>
            }
        </section>
    }
}
