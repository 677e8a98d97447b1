//! The docs' code tables are generated from the catalogue (`findings::docs`): this
//! test writes each between its markers and fails when the checked-in file differs.
//! `UPDATE_DOCS=1 cargo test --test docs` rewrites them.

use std::path::Path;

use solution_inspector::findings::docs;

/// The file with the section `name` put between its markers, or why it cannot be.
fn with_section(text: &str, name: &str, body: &str) -> Result<String, String> {
    let (begin, end) = (docs::begin_marker(name), docs::end_marker(name));
    let start = text
        .find(&begin)
        .ok_or_else(|| format!("no marker {begin}"))?
        + begin.len();
    let stop = start
        + text[start..]
            .find(&end)
            .ok_or_else(|| format!("no marker {end} after {begin}"))?;
    Ok(format!("{}\n{body}{}", &text[..start], &text[stop..]))
}

#[test]
fn the_code_tables_of_the_docs_are_the_catalogue_s() {
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (file, name, body) in docs::sections() {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{file}: {err}"));
        let expected =
            with_section(&text, name, &body).unwrap_or_else(|err| panic!("{file}: {err}"));
        if expected != text {
            if update {
                std::fs::write(&path, &expected).unwrap_or_else(|err| panic!("{file}: {err}"));
            } else {
                stale.push(format!("{file} ({name})"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated code tables are stale in {}; run UPDATE_DOCS=1 cargo test --test docs",
        stale.join(", ")
    );
}

#[test]
fn a_section_goes_between_its_markers_and_only_there() {
    let begin = docs::begin_marker("x");
    let end = docs::end_marker("x");
    let text = format!("before\n{begin}\nold\n{end}\nafter\n");
    assert_eq!(
        with_section(&text, "x", "new\n").unwrap(),
        format!("before\n{begin}\nnew\n{end}\nafter\n")
    );
    assert!(with_section("no markers", "x", "").is_err());
    assert!(with_section(&format!("{begin} but no end"), "x", "").is_err());
}
