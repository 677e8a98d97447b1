//! One finding as an item of the findings list: its severity, code, category and platform
//! code, its message, where it points, a link to its component and the file's lines around it.

use solution_inspector::validate::Finding;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::file_excerpt::FileExcerpt;

pub fn finding_item(
    finding: &Finding,
    target: Option<&(usize, String)>,
    opened: &Opened,
    on_component: &Callback<usize>,
) -> Html {
    // The file's lines around the finding, for findings that point into a file.
    let file_link = match (&finding.location.file, finding.location.line) {
        (Some(file), Some(line)) => html! {
            <FileExcerpt opened={opened.clone()} file={file.clone()} line={line} />
        },
        _ => html! {},
    };
    let severity = finding.severity.label();
    let location = finding.location.describe();
    let link = target.map(|(index, label)| {
        let index = *index;
        let onclick = on_component.reform(move |_: MouseEvent| index);
        html! {
            <button type="button" class="link-button" data-testid="finding-component" {onclick}>
                { format!("Show {label}") }
            </button>
        }
    });
    html! {
        <li class={classes!("finding", severity)} data-code={finding.code.as_str()}>
            <div class="finding-head">
                <span class={classes!("severity", severity)}>{ severity }</span>
                <span class="finding-code">{ finding.code.as_str() }</span>
                <span class="finding-category">{ finding.category.label() }</span>
                if let Some(code) = &finding.platform_code {
                    <span class="platform-code" title="The platform's error code for this problem">
                        { format!("platform {code}") }
                    </span>
                }
            </div>
            <p class="finding-message">{ finding.message.clone() }</p>
            if !location.is_empty() || link.is_some() {
                <div class="finding-location">
                    if !location.is_empty() { <span class="path">{ location }</span> }
                    { link.unwrap_or_default() }
                    { file_link }
                </div>
            }
        </li>
    }
}
