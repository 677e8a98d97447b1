//! Long tables render a batch of rows at a time: thousands of rows at once would hold up
//! the page for a second or more (a large package has thousands of files and root components).

use yew::prelude::*;

/// Rows rendered at first, and added by each "Show more".
pub const BATCH: usize = 200;

/// "Show 200 more of 1,234" while `shown` is less than `total`, nothing otherwise.
pub fn more_button(shown: &UseStateHandle<usize>, total: usize, test_id: &'static str) -> Html {
    if total <= **shown {
        return html! {};
    }
    let onclick = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + BATCH))
    };
    html! {
        <button type="button" class="button secondary" data-testid={test_id} {onclick}>
            { format!("Show {} more of {}", BATCH.min(total - **shown), crate::format::count(total - **shown)) }
        </button>
    }
}

/// How many of `target` rows to render now: it grows by `step` per task of the page, so no
/// one task builds them all (200 findings at once is half a second of DOM work). A change of
/// `content` (a filter) starts again from `step`.
#[hook]
pub fn use_progressive<T: PartialEq + Clone + 'static>(
    target: usize,
    step: usize,
    content: T,
) -> usize {
    let rendered = use_state(|| step.min(target));
    {
        let rendered = rendered.clone();
        use_effect_with(content, move |_| rendered.set(step));
    }
    {
        let rendered = rendered.clone();
        use_effect_with((target, *rendered), move |(target, now)| {
            let (target, now) = (*target, *now);
            let next = (now < target).then(|| {
                gloo_timers::callback::Timeout::new(0, move || {
                    rendered.set((now + step).min(target))
                })
            });
            // Dropping a pending timeout cancels it.
            move || drop(next)
        });
    }
    (*rendered).min(target)
}

#[derive(Properties, PartialEq)]
pub struct ProgressiveRowsProps {
    /// Every row to show, in order.
    pub rows: Vec<Html>,
    /// Rows added per task of the page.
    pub step: usize,
    /// A change of this (another page of rows) starts again from `step`.
    pub content: usize,
}

/// `rows` rendered `step` more per task of the page (`use_progressive`): the DOM of a page of
/// the managed-properties editor (25 components, each a table of its properties) is more than
/// 100 ms of work in one task.
#[component]
pub fn ProgressiveRows(props: &ProgressiveRowsProps) -> Html {
    let rendered = use_progressive(props.rows.len(), props.step, props.content);
    html! { <>{ for props.rows.iter().take(rendered).cloned() }</> }
}
