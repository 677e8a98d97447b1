//! The code tables of the docs, written from the catalogue.
//!
//! Each table goes between two markers in its docs file (`tests/docs.rs` puts it
//! there with `UPDATE_DOCS=1` and fails when the checked-in text differs):
//! `<!-- generated: NAME (UPDATE_DOCS=1 cargo test --test docs) -->` and
//! `<!-- end generated: NAME -->`.

use super::{entries, Command, Entry, Platform};

/// Each generated section: its docs file, its name and its text.
pub fn sections() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("docs/validate.md", "validate codes", validate_codes()),
        ("docs/inspect-json.md", "inspect codes", inspect_codes()),
        (
            "docs/managed-properties-policy.md",
            "convert codes",
            convert_codes(),
        ),
        (
            "docs/simulation-rules.md",
            "simulate codes",
            simulate_codes(),
        ),
    ]
}

/// The opening marker of a generated section.
pub fn begin_marker(name: &str) -> String {
    format!("<!-- generated: {name} (UPDATE_DOCS=1 cargo test --test docs) -->")
}

/// The closing marker of a generated section.
pub fn end_marker(name: &str) -> String {
    format!("<!-- end generated: {name} -->")
}

/// The codes validation reports: its own, then the inspection's it passes through.
pub fn validate_codes() -> String {
    let mut text = String::from(
        "| Code | Severity | Category | What | Platform code | Source |\n|---|---|---|---|---|---|\n",
    );
    let own = entries()
        .iter()
        .filter(|entry| entry.command() == Command::Validate);
    let passed = entries()
        .iter()
        .filter(|entry| entry.command() == Command::Inspect && entry.in_validation());
    for entry in own.chain(passed) {
        text.push_str(&row(&[
            entry.code.as_str(),
            entry.severity.label(),
            entry.category.label(),
            entry.detail,
            &platform_cell(entry),
            entry.source,
        ]));
    }
    let superseded: Vec<&Entry> = entries()
        .iter()
        .filter(|entry| entry.superseded_by.is_some())
        .collect();
    if !superseded.is_empty() {
        let names = superseded
            .iter()
            .map(|entry| format!("{} ({})", entry.code, entry.title.to_lowercase()))
            .collect::<Vec<_>>();
        let by = superseded
            .iter()
            .filter_map(|entry| entry.superseded_by)
            .map(|code| code.as_str())
            .collect::<Vec<_>>();
        text.push_str(&format!(
            "\nThe inspection's {} are not repeated: {} report them with the platform's codes.\n",
            join_words(&names),
            join_words(&by)
        ));
    }
    text
}

/// The inspection's diagnostic codes.
pub fn inspect_codes() -> String {
    table_of(Command::Inspect)
}

/// The conversion's note codes.
pub fn convert_codes() -> String {
    table_of(Command::Convert)
}

/// The simulation's import failures and warnings. The public JSON carries their
/// platform code (`code`, `errorCode`), not these codes; the codes name them here and in
/// the source.
pub fn simulate_codes() -> String {
    table_of(Command::Simulate)
}

fn table_of(command: Command) -> String {
    let mut text = String::from(
        "| Code | Severity | What | Platform code | Source |\n|---|---|---|---|---|\n",
    );
    for entry in entries().iter().filter(|entry| entry.command() == command) {
        text.push_str(&row(&[
            entry.code.as_str(),
            entry.severity.label(),
            entry.detail,
            &platform_cell(entry),
            entry.source,
        ]));
    }
    text
}

fn platform_cell(entry: &Entry) -> String {
    match entry.platform {
        Platform::None => "—".to_owned(),
        Platform::Always(error) => format!("{} {}", error.hex(), error.name()),
        Platform::When(error, when) => format!("{} {} ({when})", error.hex(), error.name()),
    }
}

fn row(cells: &[&str]) -> String {
    let mut text = String::from("|");
    for cell in cells {
        if !cell.is_empty() {
            text.push(' ');
            text.push_str(&cell.replace('|', "\\|"));
        }
        text.push_str(" |");
    }
    text.push('\n');
    text
}

/// `a`, `a and b`, `a, b and c`.
fn join_words(words: &[impl AsRef<str>]) -> String {
    match words {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(|word| word.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Code;

    #[test]
    fn every_code_is_in_one_generated_table() {
        let tables: String = sections().into_iter().map(|(_, _, text)| text).collect();
        for code in Code::ALL {
            let entry = code.entry();
            let shown = tables.contains(&format!("| {code} |"));
            // The superseded ones are in the inspect table and named in the validate text.
            assert!(shown, "{code} is in no generated table");
            if entry.superseded_by.is_some() {
                assert!(validate_codes().contains(&format!("{code} (")), "{code}");
            }
        }
    }

    #[test]
    fn joins_words() {
        assert_eq!(join_words(&["a"]), "a");
        assert_eq!(join_words(&["a", "b", "c"]), "a, b and c");
    }
}
