//! Managed properties and conversion: the author chooses what the receiving organizations
//! may change (the core's `editable_properties` over a `ManagedPropertyPolicy`), saves or
//! loads those choices, and converts the unmanaged package into a managed one.
//! This file takes the package's components in (once per package) and hands them, with the
//! page's profile, findings and policy from its context, to the editor (`managed_editor.rs`).

use solution_inspector::convert::ManagedPropertyPolicy;
use yew::prelude::*;

use crate::analysis::{self, Opened};
use crate::listing_failed::ListingFailed;
use crate::managed_editor::ManagedPropertiesEditor;
use crate::page::use_page;

#[derive(Properties, PartialEq)]
pub struct ManagedPropertiesViewProps {
    pub opened: Opened,
}

#[component]
pub fn ManagedPropertiesView(props: &ManagedPropertiesViewProps) -> Html {
    let page = use_page();
    let (components, retry) = analysis::use_with_components(&props.opened);
    match components {
        Some(Ok(opened)) => {
            let on_policy = {
                let page = page.clone();
                Callback::from(move |next: ManagedPropertyPolicy| page.set_policy(next))
            };
            html! {
                <ManagedPropertiesEditor {opened} profile={page.profile.clone()} checking={page.checking.clone()}
                    policy={page.policy.clone()} {on_policy} />
            }
        }
        Some(Err(stop)) => html! {
            <div class="managed-view">
                <h2>{ "Managed properties & convert" }</h2>
                <ListingFailed {stop} {retry} />
            </div>
        },
        None => html! {
            <div class="managed-view">
                <h2>{ "Managed properties & convert" }</h2>
                <p class="status busy" data-testid="editor-loading">{ "Listing the managed properties…" }</p>
            </div>
        },
    }
}
