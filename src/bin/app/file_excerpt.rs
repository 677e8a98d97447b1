//! The lines of a package file around a finding's line, read from the package only when asked for.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::analysis::Opened;

#[derive(Properties, PartialEq)]
pub struct FileExcerptProps {
    pub opened: Opened,
    pub file: AttrValue,
    /// 1-based.
    pub line: u32,
}

#[component]
pub fn FileExcerpt(props: &FileExcerptProps) -> Html {
    let open = use_state(|| false);
    // `None` while the engine cuts the lines; `Some(None)` when the file could not be read back.
    let lines = use_state(|| None::<Option<Vec<(usize, String, bool)>>>);
    {
        let lines = lines.clone();
        use_effect_with(
            (props.opened.clone(), props.file.clone(), props.line, *open),
            move |(_, file, line, open)| {
                if *open && lines.is_none() {
                    let (file, line) = (file.clone(), *line);
                    spawn_local(async move {
                        lines.set(Some(crate::analysis::excerpt(&file, line).await));
                    });
                }
            },
        );
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <>
            <button type="button" class="link-button" data-testid="finding-file" aria-expanded={if *open { "true" } else { "false" }}
                onclick={toggle}>
                { format!("{} {}, line {}", if *open { "Hide" } else { "Show" }, props.file, props.line) }
            </button>
            if *open {
                if lines.is_none() {
                    <p class="muted">{ "Reading…" }</p>
                } else if let Some(Some(lines)) = &*lines {
                    <pre class="xml excerpt" tabindex="0" aria-label={format!("{} around line {}", props.file, props.line)}
                        data-testid="file-excerpt"><code>
                        { for lines.iter().map(|(number, text, here)| html! {
                            <span class={classes!("excerpt-line", here.then_some("here"))}>{ format!("{number:>6}  {text}\n") }</span>
                        }) }
                    </code></pre>
                } else {
                    <p class="muted">{ "This file could not be read back from the package." }</p>
                }
            }
        </>
    }
}
