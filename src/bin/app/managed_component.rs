//! The rows of the managed-properties editor: a page of components under their group headings,
//! each component with its managed properties (checkbox, value in the package, effective
//! value, what chose it).

use std::rc::Rc;

use solution_inspector::convert::{
    lock_kind_effect, ChoiceSource, EditableComponent, KindLock, ManagedPropertyPolicy,
};
use solution_inspector::units::count_of;
use solution_inspector::validate::property_label;
use solution_inspector::ComponentKind;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::analysis::Opened;
use crate::format;
use crate::managed_editor_model::{Editor, Group, PAGE_SIZE};

fn source_label(source: ChoiceSource) -> &'static str {
    match source {
        ChoiceSource::Package => "package",
        ChoiceSource::Everything => "everything",
        ChoiceSource::Kind => "kind",
        ChoiceSource::Entity => "table",
        ChoiceSource::Component => "this component",
    }
}

pub fn render_component(
    index: usize,
    component: &EditableComponent,
    policy: &ManagedPropertyPolicy,
    on_policy: &Callback<ManagedPropertyPolicy>,
) -> Html {
    let heading_id = format!("mp-{index}");
    let locked = component.properties.iter().any(|property| {
        property.name == solution_inspector::model::IS_CUSTOMIZABLE && !property.value
    });
    html! {
        <section class={classes!("mp-component", locked.then_some("locked"))} aria-labelledby={heading_id.clone()}
            data-key={component.key.clone()}>
            <h5 id={heading_id.clone()}>
                <span class="mp-name">{ component.name.clone() }</span>
                if let Some(display) = &component.display_name { <span class="muted">{ format!(" · {display}") }</span> }
                <span class="muted">{ format!(" · {}", component.kind.label()) }</span>
                if locked { <span class="badge managed">{ "locked" }</span> }
            </h5>
            <div class="table-scroll">
                <table class="data mp-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Property" }</th>
                            <th scope="col">{ "Allowed" }</th>
                            <th scope="col">{ "In the package" }</th>
                            <th scope="col">{ "Effective" }</th>
                            <th scope="col">{ "Chosen by" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for component.properties.iter().enumerate().map(|(row, property)| {
                            let id = format!("mp-{index}-{row}");
                            let onchange = {
                                let (policy, on_policy, key, name) = (policy.clone(), on_policy.clone(),
                                    component.key.clone(), property.name.clone());
                                Callback::from(move |event: Event| {
                                    let input: HtmlInputElement = event.target_unchecked_into();
                                    let mut next = policy.clone();
                                    next.set(&key, &name, input.checked());
                                    on_policy.emit(next);
                                })
                            };
                            let effective = match (property.value, property.effective) {
                                (true, false) => "No (Allow customizations is off)",
                                (_, true) => "Yes",
                                (false, false) => "No",
                            };
                            html! {
                                <tr>
                                    <th scope="row"><label for={id.clone()}>{ property_label(&property.name) }</label>
                                        <span class="path muted">{ format!(" {}", property.name) }</span></th>
                                    <td><input type="checkbox" id={id} checked={property.value} {onchange}
                                        data-property={property.name.clone()} /></td>
                                    <td>{ match property.package_value { Some(value) => format::yes_no(Some(value)), None => "not written (Yes)" } }</td>
                                    <td class={classes!((!property.effective).then_some("denied"))}>{ effective }</td>
                                    <td class="muted">{ source_label(property.source) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// What the editor says of a bulk change, made from the policy before it when clicked.
pub type Announce = Rc<dyn Fn(&ManagedPropertyPolicy) -> String>;

/// An announcement that is always the same words.
pub fn says(words: &'static str) -> Announce {
    Rc::new(move |_: &ManagedPropertyPolicy| words.to_owned())
}

/// A bulk change to the policy, and what the editor then says: the button's callback.
pub type Apply<'a> =
    &'a dyn Fn(Rc<dyn Fn(&mut ManagedPropertyPolicy)>, Announce) -> Callback<MouseEvent>;

/// What "Lock every …" did, in words: how many it locked, how many were locked already or
/// stay allowed by a table's choice, and the components it could not offer and why.
fn kind_lock_words(kind: ComponentKind, effect: &KindLock) -> String {
    let noun = kind.noun();
    let mut words = Vec::new();
    if effect.locked > 0 {
        words.push(format!(
            "Locked {} (Allow customizations off).",
            count_of(effect.locked, &noun)
        ));
    } else {
        words.push(format!("No {noun} was left to lock."));
    }
    if effect.already_locked > 0 {
        words.push(format!(
            "{} {} locked already.",
            format::count(effect.already_locked),
            if effect.already_locked == 1 {
                "was"
            } else {
                "were"
            }
        ));
    }
    if effect.kept_by_table > 0 {
        words.push(format!(
            "{} {} allowed by the choice made for {} table.",
            format::count(effect.kept_by_table),
            if effect.kept_by_table == 1 {
                "stays"
            } else {
                "stay"
            },
            if effect.kept_by_table == 1 {
                "its"
            } else {
                "their"
            }
        ));
    }
    let not_offered = effect.not_offered.len();
    if not_offered > 0 {
        const NAMED: usize = 3;
        let mut named = effect.not_offered[..not_offered.min(NAMED)].join(", ");
        if not_offered > NAMED {
            named.push_str(&format!(" and {} more", format::count(not_offered - NAMED)));
        }
        words.push(format!(
            "{} of other solutions {} not in the editor ({named}): the package writes none of their managed properties, which belong to their own solution's layer, so this conversion leaves them as they are.",
            count_of(not_offered, &noun),
            if not_offered == 1 { "is" } else { "are" }
        ));
    }
    words.join(" ")
}

/// The rows of page `current_page` of the editor, with a group heading (and the button that
/// locks the group) wherever the group changes.
pub fn page_rows(
    editor: &Editor,
    current_page: usize,
    opened: &Opened,
    policy: &ManagedPropertyPolicy,
    on_policy: &Callback<ManagedPropertyPolicy>,
    apply: Apply,
) -> Vec<Html> {
    let (editable, groups, shown) = (&editor.editable, &editor.groups, &editor.shown);
    let mut body: Vec<Html> = Vec::new();
    let mut last_group: Option<&Group> = None;
    for (index, group_number) in shown.iter().skip(current_page * PAGE_SIZE).take(PAGE_SIZE) {
        let Some((group, members)) = groups.get(*group_number) else {
            continue;
        };
        if last_group != Some(group) {
            last_group = Some(group);
            let count = members.len();
            let (action_label, action) = match group {
                Group::Kind(kind) => {
                    let (kind, opened) = (*kind, opened.clone());
                    (
                        format!("Lock every {}", kind.label().to_lowercase()),
                        Some(apply(
                            Rc::new(move |policy: &mut ManagedPropertyPolicy| {
                                policy.lock_kind(kind)
                            }),
                            Rc::new(move |policy: &ManagedPropertyPolicy| {
                                let effect = lock_kind_effect(&opened.inspection, policy, kind);
                                kind_lock_words(kind, &effect)
                            }),
                        )),
                    )
                }
                Group::Table(Some(table)) => {
                    let (table, opened) = (table.clone(), opened.clone());
                    let message = format!("Table {table} and its components are locked.");
                    (
                        format!("Lock table {table} and its components"),
                        Some(apply(
                            Rc::new(move |policy: &mut ManagedPropertyPolicy| {
                                policy.lock_entity(&opened.inspection, &table)
                            }),
                            Rc::new(move |_: &ManagedPropertyPolicy| message.clone()),
                        )),
                    )
                }
                Group::Table(None) => (String::new(), None),
            };
            body.push(html! {
                <div class="mp-group">
                    <h4>{ format!("{} ({})", group.label(), format::count(count)) }</h4>
                    if let Some(onclick) = action {
                        <button type="button" class="button secondary small" data-testid="lock-group" {onclick}>{ action_label }</button>
                    }
                </div>
            });
        }
        if let Some(component) = editable.get(*index) {
            body.push(render_component(*index, component, policy, on_policy));
        }
    }

    body
}
