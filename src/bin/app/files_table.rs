//! Every file of the package with its size and compressed size.

use yew::prelude::*;

use crate::analysis::Opened;
use crate::component_name::key_with_kind;
use crate::format;
use crate::more::{more_button, use_progressive, BATCH};

#[derive(Properties, PartialEq)]
pub struct FilesTableProps {
    pub opened: Opened,
    pub caption: AttrValue,
}

#[component]
pub fn FilesTable(props: &FilesTableProps) -> Html {
    let shown = use_state(|| BATCH);
    let files = &props.opened.inspection.files;
    let rendered = use_progressive((*shown).min(files.len()), 50, props.opened.clone());
    html! {
        <>
        <div class="table-scroll" tabindex="0" role="region" aria-label={props.caption.clone()}>
            <table class="data files" data-testid="files">
                <caption>{ props.caption.clone() }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "File" }</th>
                        <th scope="col" class="number">{ "Size" }</th>
                        <th scope="col" class="number">{ "Compressed" }</th>
                        <th scope="col">{ "Belongs to" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for files.iter().take(rendered).map(|file| html! {
                        <tr>
                            <th scope="row" class="path">{ file.path.clone() }</th>
                            <td class="number" title={format!("{} bytes", file.size)}>{ format::bytes(file.size) }</td>
                            <td class="number" title={format!("{} bytes", file.compressed_size)}>{ format::bytes(file.compressed_size) }</td>
                            <td>{ match &file.component {
                                Some(key) => key_with_kind(&props.opened.names, key),
                                None => html! {},
                            } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
        { more_button(&shown, files.len(), "more-files") }
        </>
    }
}
