//! How a list of components is grouped (by kind, or by the table they belong to) and the
//! "Group by" `<select>` that chooses it: the component browser and the managed-property
//! editor group alike.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Kind,
    Table,
}

#[derive(Properties, PartialEq)]
pub struct GroupBySelectProps {
    /// The select's id (which its label names) and its test id.
    pub id: AttrValue,
    pub value: GroupBy,
    pub on_change: Callback<GroupBy>,
}

#[component]
pub fn GroupBySelect(props: &GroupBySelectProps) -> Html {
    let onchange = props.on_change.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        if select.value() == "table" {
            GroupBy::Table
        } else {
            GroupBy::Kind
        }
    });
    html! {
        <div class="control">
            <label for={props.id.clone()}>{ "Group by" }</label>
            <select id={props.id.clone()} data-testid={props.id.clone()} {onchange}>
                <option value="kind" selected={props.value == GroupBy::Kind}>{ "Kind" }</option>
                <option value="table" selected={props.value == GroupBy::Table}>{ "Table (entity)" }</option>
            </select>
        </div>
    }
}
