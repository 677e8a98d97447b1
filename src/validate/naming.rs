//! Naming: the publisher's prefixes, custom component names without the
//! customization prefix, and option values outside the option value prefix range.
//!
//! The publisher's prefixes and option values are warnings; a component named with
//! another prefix is information (SV0223): real exports carry other publishers'
//! components, and the platform refuses no name that has a valid prefix.

use super::Finding;
use crate::findings::Code;
use crate::inspect::{Inspection, SOLUTION_XML};
use crate::model::{Component, ComponentKind};

/// System column families whose names look prefixed (`address1_city`).
const SYSTEM_PREFIXES: &[&str] = &["address1", "address2", "address3"];

#[inline(never)] // see `validate_with_content_types`
pub(super) fn check(inspection: &Inspection, findings: &mut Vec<Finding>) {
    if !inspection.has_manifest {
        return;
    }
    let publisher = &inspection.manifest.publisher;
    let prefix = publisher
        .customization_prefix
        .as_deref()
        .map(str::trim)
        .filter(|prefix| !prefix.is_empty());
    let prefix_ok = match prefix {
        Some(prefix) if is_valid_prefix(prefix) => true,
        Some(prefix) => {
            findings.push(
                Finding::new(
                    Code::SV0221,
                    format!(
                        "The publisher's customization prefix {prefix:?} is not 2 to 8 letters and digits starting with a letter, or it starts with \"mscrm\""
                    ),
                )
                .in_file(SOLUTION_XML),
            );
            false
        }
        None => false,
    };
    let option_prefix = publisher
        .customization_option_value_prefix
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty());
    let option_range = match option_prefix.map(|raw| (raw, raw.parse::<i64>().ok())) {
        Some((_, Some(value))) if (10_000..=99_999).contains(&value) => {
            Some((value * 10_000, value * 10_000 + 9_999))
        }
        Some((raw, _)) => {
            findings.push(
                Finding::new(
                    Code::SV0222,
                    format!(
                        "The publisher's option value prefix {raw:?} is not a number from 10000 to 99999"
                    ),
                )
                .in_file(SOLUTION_XML),
            );
            None
        }
        None => None,
    };
    if let (true, Some(prefix)) = (prefix_ok, prefix) {
        component_prefixes(inspection, prefix, findings);
        if let Some(range) = option_range {
            option_values(inspection, prefix, range, findings);
        }
    }
}

/// 2–8 letters and digits, starting with a letter, not starting with `mscrm`.
pub fn is_valid_prefix(prefix: &str) -> bool {
    (2..=8).contains(&prefix.len())
        && prefix.bytes().all(|byte| byte.is_ascii_alphanumeric())
        && prefix
            .bytes()
            .next()
            .is_some_and(|byte| byte.is_ascii_alphabetic())
        && !prefix.to_ascii_lowercase().starts_with("mscrm")
}

/// The prefix a custom name carries (`new_thing` → `new`), if it looks like one.
fn name_prefix(component: &Component) -> Option<&str> {
    let (prefix, rest) = component.name.split_once('_')?;
    if rest.is_empty() || !is_valid_prefix(prefix) {
        return None;
    }
    if SYSTEM_PREFIXES
        .iter()
        .any(|system| system.eq_ignore_ascii_case(prefix))
    {
        return None;
    }
    Some(prefix)
}

fn component_prefixes(inspection: &Inspection, prefix: &str, findings: &mut Vec<Finding>) {
    let flagged_tables: Vec<String> = inspection
        .components
        .iter()
        .filter(|component| component.kind == ComponentKind::Entity)
        .filter(|component| {
            name_prefix(component).is_some_and(|own| !own.eq_ignore_ascii_case(prefix))
        })
        .map(|component| component.name.to_ascii_lowercase())
        .collect();
    for component in inspection
        .components
        .iter()
        .filter(|component| component.kind.prefixed())
    {
        let Some(own) = name_prefix(component) else {
            continue;
        };
        if own.eq_ignore_ascii_case(prefix) {
            continue;
        }
        // The table's own finding covers its columns that carry the table's prefix.
        if component.kind == ComponentKind::Attribute
            && component.parent.as_ref().is_some_and(|parent| {
                flagged_tables.contains(parent)
                    && parent
                        .split_once('_')
                        .is_some_and(|(table_prefix, _)| table_prefix.eq_ignore_ascii_case(own))
            })
        {
            continue;
        }
        let mut finding = Finding::new(
            Code::SV0223,
            format!(
                "{} {} is named with the prefix {own}, not the publisher's customization prefix {prefix}; that is normal for another publisher's component, otherwise the platform expects custom names to start with the publisher's prefix",
                component.kind.label(),
                describe(component)
            ),
        )
        .in_file(&component.source.file)
        .at_line(component.source.line)
        .for_component(component.key());
        if component.kind == ComponentKind::Attribute {
            // ImportAttributeNameError: custom column names must start with a valid prefix.
            finding = finding.with_platform_code();
        }
        findings.push(finding);
    }
}

fn describe(component: &Component) -> String {
    match (&component.parent, component.kind) {
        (Some(parent), ComponentKind::Attribute) => format!("{} of table {parent}", component.name),
        _ => component.name.clone(),
    }
}

/// Option set types whose values the publisher chooses (state, status and
/// two-option values are fixed by the platform).
fn is_choice(option_set_type: Option<&str>) -> bool {
    match option_set_type {
        None => true,
        Some(kind) => {
            kind.eq_ignore_ascii_case("picklist")
                || kind.eq_ignore_ascii_case("multiselectpicklist")
        }
    }
}

fn option_values(
    inspection: &Inspection,
    prefix: &str,
    (low, high): (i64, i64),
    findings: &mut Vec<Finding>,
) {
    // Columns and choices do not nest in one another, so their spans sorted by
    // start find an option's owner by binary search.
    let mut owners: Vec<&Component> = inspection
        .components
        .iter()
        .filter(|component| {
            matches!(
                component.kind,
                ComponentKind::Attribute | ComponentKind::OptionSet
            ) && component
                .source
                .file
                .eq_ignore_ascii_case(crate::customizations::FILE)
        })
        .collect();
    owners.sort_by_key(|owner| owner.source.start);
    for option in &inspection.option_values {
        if !is_choice(option.option_set_type.as_deref()) {
            continue;
        }
        let after = owners.partition_point(|owner| owner.source.start <= option.offset);
        let Some(owner) = after
            .checked_sub(1)
            .and_then(|index| owners.get(index))
            .filter(|owner| option.offset < owner.source.end)
        else {
            continue;
        };
        // Only this publisher's own choices: others number theirs from their own prefix.
        if !name_prefix(owner).is_some_and(|own| own.eq_ignore_ascii_case(prefix)) {
            continue;
        }
        let in_range = option
            .value
            .trim()
            .parse::<i64>()
            .is_ok_and(|value| (low..=high).contains(&value));
        if in_range {
            continue;
        }
        findings.push(
            Finding::new(
                Code::SV0224,
                format!(
                    "Option value {} of {} {} is outside the publisher's option value range {low}–{high} (option value prefix {}); values from another range can collide with other publishers' options",
                    option.value,
                    owner.kind.label().to_ascii_lowercase(),
                    describe(owner),
                    low / 10_000
                ),
            )
            .in_file(&owner.source.file)
            .at_line(option.line)
            .for_component(owner.key()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        for good in ["new", "pw", "cr81c", "dev1", "abcdefgh"] {
            assert!(is_valid_prefix(good), "{good}");
        }
        for bad in ["n", "abcdefghi", "1ab", "mscrmx", "a_b", ""] {
            assert!(!is_valid_prefix(bad), "{bad}");
        }
    }
}
