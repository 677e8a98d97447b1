//! A component's name as the page shows it: a form's, view's, process's or role's display name
//! rather than its id, the table a form or view belongs to, and the id beside it in a smaller
//! span that a search of the page still finds. The words are the core's `ComponentName`.

use std::collections::BTreeMap;

use solution_inspector::model::{describe_key, ComponentName};
use yew::prelude::*;

/// "Information of table account {…}", "new_code (Code) of table account": the title, a
/// differing display name, the table, then the id.
pub fn component_name(name: &ComponentName) -> Html {
    html! {
        <>
            <span class="component-title">{ name.title.clone() }</span>
            if let Some(display) = &name.display_name { { format!(" ({display})") } }
            if let Some(table) = &name.table { { format!(" of table {table}") } }
            if let Some(id) = &name.id { { " " }<span class="muted path component-id">{ id.clone() }</span> }
        </>
    }
}

/// A component key (`kind:name`) with its kind's noun: by the name `names` gives it where the
/// package names it by its id, else as the key reads ("web resource new_/a.js").
pub fn key_with_kind(names: &BTreeMap<String, ComponentName>, key: &str) -> Html {
    match names.get(key) {
        Some(name) => html! { <>{ format!("{} ", name.kind.noun()) }{ component_name(name) }</> },
        None => html! { { describe_key(key) } },
    }
}
