//! The lines of a package file around a finding's line, read from the package only when asked for.

use yew::prelude::*;

use crate::analysis::Opened;

/// Lines shown before and after the finding's line.
const CONTEXT: usize = 4;
/// A line longer than this is cut: minified files have lines of megabytes.
const LINE_LIMIT: usize = 400;

#[derive(Properties, PartialEq)]
pub struct FileExcerptProps {
    pub opened: Opened,
    pub file: AttrValue,
    /// 1-based.
    pub line: u32,
}

/// `(line number, text, is the finding's line)` for the lines around `line`.
fn excerpt(text: &str, line: usize) -> Vec<(usize, String, bool)> {
    let first = line.saturating_sub(CONTEXT).max(1);
    text.lines()
        .enumerate()
        .map(|(index, content)| (index + 1, content))
        .skip(first - 1)
        .take(line + CONTEXT + 1 - first)
        .map(|(number, content)| {
            let shown = match content.char_indices().nth(LINE_LIMIT) {
                Some((cut, _)) => format!("{}…", &content[..cut]),
                None => content.to_owned(),
            };
            (number, shown, number == line)
        })
        .collect()
}

#[component]
pub fn FileExcerpt(props: &FileExcerptProps) -> Html {
    let open = use_state(|| false);
    let lines = use_memo(
        (props.opened.clone(), props.file.clone(), props.line, *open),
        |(opened, file, line, open)| {
            if !*open {
                return None;
            }
            let text = solution_inspector::fragment::source_text(&opened.bytes, file)?;
            Some(excerpt(&text, *line as usize))
        },
    );
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
                if let Some(lines) = lines.as_ref() {
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
