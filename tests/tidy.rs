//! The tidy test (as rust-analyzer has): rules about the source tree itself,
//! checked on every `cargo test`. Each failure says what to change and where.
//!
//! - every Rust source file opens with a module doc (`//!`);
//! - ARCHITECTURE.md's code map names every file under `src/`, and names no
//!   `.rs` file that does not exist;
//! - the core (`src/` outside `src/bin/`) uses no file system, clock,
//!   environment, threads, process, network, randomness or printing, outside
//!   `#[cfg(test)]` code;
//! - no import cycles between the modules of the core or of the CLI.
//!
//! It reads the sources as text with a small lexer (comments and literals
//! blanked, `#[cfg(test)]` items dropped), so it needs no extra crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir` (relative to the repository, `/`-separated,
/// sorted), leaving out build output and vendored material.
fn rust_files(dir: &str) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(name.as_str(), "target" | "node_modules" | "corpus") {
                    walk(base, &path, out);
                }
            } else if name.ends_with(".rs") {
                let relative = path.strip_prefix(base).unwrap_or(&path);
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let base = root();
    let mut out = Vec::new();
    walk(&base, &base.join(dir), &mut out);
    out.sort();
    out
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|err| panic!("{relative}: {err}"))
}

// ---------------------------------------------------------------- lexing

/// The source with comments and the contents of string and character
/// literals replaced by spaces (line breaks kept, so offsets and lines stay).
fn blank_comments_and_literals(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for byte in &mut out[from..to.min(bytes.len())] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest.starts_with(b"//") {
            let end = rest
                .iter()
                .position(|&byte| byte == b'\n')
                .map_or(bytes.len(), |offset| at + offset);
            blank(&mut out, at, end);
            at = end;
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            let mut end = at;
            while end < bytes.len() {
                if bytes[end..].starts_with(b"/*") {
                    depth += 1;
                    end += 2;
                } else if bytes[end..].starts_with(b"*/") {
                    depth -= 1;
                    end += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    end += 1;
                }
            }
            blank(&mut out, at, end);
            at = end;
        } else if let Some((open, hashes)) = raw_string_start(bytes, at) {
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let body = open;
            let end = bytes[body..]
                .windows(close.len())
                .position(|window| window == close.as_slice())
                .map_or(bytes.len(), |offset| body + offset);
            blank(&mut out, body, end);
            at = end + close.len();
        } else if bytes[at] == b'"' {
            let mut end = at + 1;
            while end < bytes.len() && bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, at + 1, end);
            at = end + 1;
        } else if bytes[at] == b'\'' {
            // A character literal ('x', '\n', '\'', '\u{1b}') or a lifetime ('a).
            if rest.get(1) == Some(&b'\\') {
                let end = rest
                    .iter()
                    .skip(3)
                    .position(|&byte| byte == b'\'')
                    .map_or(bytes.len(), |offset| at + 3 + offset);
                blank(&mut out, at + 1, end);
                at = end + 1;
            } else if let Some(len) = source[at + 1..]
                .chars()
                .next()
                .map(char::len_utf8)
                .filter(|&len| rest.get(1 + len) == Some(&b'\''))
            {
                blank(&mut out, at + 1, at + 1 + len);
                at += len + 2;
            } else {
                at += 1;
            }
        } else {
            at += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_ident_byte(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at)
        .is_some_and(|&byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

/// `r"`, `r#"`, `br##"` …: where the body starts and how many `#`.
fn raw_string_start(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    if is_ident_byte(bytes, at.wrapping_sub(1)) {
        return None;
    }
    let mut index = at;
    if bytes.get(index) == Some(&b'b') {
        index += 1;
    }
    if bytes.get(index) != Some(&b'r') {
        return None;
    }
    index += 1;
    let hashes = bytes[index..]
        .iter()
        .take_while(|&&byte| byte == b'#')
        .count();
    index += hashes;
    (bytes.get(index) == Some(&b'"')).then_some((index + 1, hashes))
}

/// Blanks every item marked `#[cfg(test)]` (up to its `;` or its closing
/// brace); returns the text and the names of `#[cfg(test)] mod name;` files.
fn drop_test_items(code: &str) -> (String, Vec<String>) {
    const MARK: &str = "#[cfg(";
    let bytes = code.as_bytes();
    let mut out = bytes.to_vec();
    let mut test_modules = Vec::new();
    let mut search = 0;
    while let Some(found) = code[search..].find(MARK) {
        let start = search + found;
        // The attribute, spaces removed: `#[cfg(test)]` or `#[cfg(all(test, …))]`.
        let attribute_end = code[start..]
            .find(']')
            .map_or(code.len(), |end| start + end + 1);
        let attribute: String = code[start..attribute_end]
            .chars()
            .filter(|ch| !ch.is_whitespace())
            .collect();
        if attribute != "#[cfg(test)]" && !attribute.starts_with("#[cfg(all(test,") {
            search = attribute_end;
            continue;
        }
        let mut at = attribute_end;
        let mut depth = 0i32;
        let mut end = bytes.len();
        while at < bytes.len() {
            match bytes[at] {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth -= 1,
                b';' if depth == 0 => {
                    end = at + 1;
                    let item = code[attribute_end..at].trim();
                    if let Some(name) = item.strip_prefix("mod ") {
                        test_modules.push(name.trim().to_owned());
                    }
                    break;
                }
                b'{' if depth == 0 => {
                    end = matching_brace(bytes, at);
                    break;
                }
                _ => {}
            }
            at += 1;
        }
        for byte in &mut out[start..end] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
        search = end.min(code.len());
    }
    (String::from_utf8_lossy(&out).into_owned(), test_modules)
}

fn matching_brace(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0;
    for (index, &byte) in bytes.iter().enumerate().skip(open) {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return index + 1;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Punct(char),
}

/// Identifiers, `::` and single punctuation, each with its 1-based line.
fn tokens(code: &str) -> Vec<(Token, usize)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = code.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        if ch == '\n' {
            line += 1;
        } else if ch.is_alphabetic() || ch == '_' {
            let mut end = at + ch.len_utf8();
            while let Some(&(next_at, next)) = chars.peek() {
                if next.is_alphanumeric() || next == '_' {
                    end = next_at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &code[at..end];
            out.push((
                Token::Ident(word.strip_prefix("r#").unwrap_or(word).to_owned()),
                line,
            ));
        } else if ch.is_ascii_digit() {
            while chars
                .peek()
                .is_some_and(|&(_, next)| next.is_alphanumeric() || next == '_')
            {
                chars.next();
            }
        } else if ch == ':' && chars.peek().is_some_and(|&(_, next)| next == ':') {
            chars.next();
            out.push((Token::PathSep, line));
        } else if !ch.is_whitespace() {
            out.push((Token::Punct(ch), line));
        }
    }
    out
}

/// One path a file names, expanded from `use` trees and aliases.
#[derive(Debug, Clone)]
struct PathUse {
    segments: Vec<String>,
    line: usize,
    /// `use a::b::*`.
    glob: bool,
}

/// What one file's code names: every path (from `use` trees, and paths in
/// the code), its `pub use` re-exports (name → path) and the macros it calls.
#[derive(Debug, Default)]
struct Names {
    paths: Vec<PathUse>,
    reexports: BTreeMap<String, Vec<String>>,
    macros: Vec<(String, usize)>,
}

fn names(code: &str) -> Names {
    let tokens = tokens(code);
    let mut names = Names::default();
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut index = 0;
    while index < tokens.len() {
        let (token, line) = &tokens[index];
        match token {
            Token::Ident(word) if word == "use" => {
                let public = index > 0
                    && (matches!(&tokens[index - 1].0, Token::Ident(w) if w == "pub")
                        || matches!(&tokens[index - 1].0, Token::Punct(')')));
                let mut trees = Vec::new();
                index = use_tree(&tokens, index + 1, Vec::new(), &mut trees);
                for (segments, alias, glob) in trees {
                    if let Some(alias) = alias {
                        if public {
                            names.reexports.insert(alias.clone(), segments.clone());
                        }
                        aliases.insert(alias, segments.clone());
                    }
                    names.paths.push(PathUse {
                        segments,
                        line: *line,
                        glob,
                    });
                }
                continue;
            }
            Token::Ident(word) => {
                let after_sep = index > 0 && tokens[index - 1].0 == Token::PathSep;
                let macro_call = tokens.get(index + 1).map(|t| &t.0) == Some(&Token::Punct('!'));
                if macro_call && !after_sep {
                    names.macros.push((word.clone(), *line));
                }
                if !after_sep {
                    let mut segments = vec![word.clone()];
                    let mut next = index + 1;
                    while tokens.get(next).map(|t| &t.0) == Some(&Token::PathSep) {
                        match tokens.get(next + 1).map(|t| &t.0) {
                            Some(Token::Ident(part)) => segments.push(part.clone()),
                            _ => break,
                        }
                        next += 2;
                    }
                    if let Some(full) = aliases.get(&segments[0]) {
                        let mut expanded = full.clone();
                        expanded.extend(segments.drain(1..));
                        segments = expanded;
                    }
                    if segments.len() > 1 || matches!(word.as_str(), "crate" | "super") {
                        names.paths.push(PathUse {
                            segments,
                            line: *line,
                            glob: false,
                        });
                    }
                    index = next;
                    continue;
                }
            }
            _ => {}
        }
        index += 1;
    }
    names
}

/// Parses one use tree from `at`; pushes (path, name it binds, glob) for each
/// leaf; returns the index after the tree (past the `;` at the top level).
fn use_tree(
    tokens: &[(Token, usize)],
    mut at: usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>, bool)>,
) -> usize {
    let mut path = prefix;
    loop {
        match tokens.get(at).map(|t| &t.0) {
            Some(Token::PathSep) => at += 1,
            Some(Token::Ident(word)) if word == "as" => {
                let alias = match tokens.get(at + 1).map(|t| &t.0) {
                    Some(Token::Ident(name)) => Some(name.clone()),
                    _ => None,
                };
                out.push((path, alias.filter(|name| name != "_"), false));
                return at + 2;
            }
            Some(Token::Ident(word)) => {
                if word == "self" && !path.is_empty() {
                    // `a::{self, …}` binds `a`.
                } else {
                    path.push(word.clone());
                }
                at += 1;
            }
            Some(Token::Punct('*')) => {
                out.push((path, None, true));
                return at + 1;
            }
            Some(Token::Punct('{')) => {
                at += 1;
                loop {
                    match tokens.get(at).map(|t| &t.0) {
                        Some(Token::Punct('}')) => return at + 1,
                        Some(Token::Punct(',')) => at += 1,
                        None => return at,
                        _ => at = use_tree(tokens, at, path.clone(), out),
                    }
                }
            }
            _ => {
                let name = path.last().cloned();
                out.push((path, name, false));
                return at;
            }
        }
    }
}

// ---------------------------------------------------------------- module docs

#[test]
fn every_source_file_opens_with_a_module_doc() {
    let mut missing = String::new();
    for dir in ["src", "tests", "benches", "fuzz"] {
        for file in rust_files(dir) {
            let text = read(&file);
            let first = text.lines().find(|line| !line.trim().is_empty());
            if !first.is_some_and(|line| line.trim_start().starts_with("//!")) {
                let _ = writeln!(
                    missing,
                    "  {file}: make its first line a `//!` doc saying what the module is for"
                );
            }
        }
    }
    assert!(
        missing.is_empty(),
        "source files without a module doc:\n{missing}"
    );
}

// ---------------------------------------------------------------- code map

/// The rows of ARCHITECTURE.md's code map: (the paths of its first cell,
/// every backticked name in the row).
fn code_map() -> Vec<(Vec<String>, Vec<String>)> {
    let text = read("ARCHITECTURE.md");
    let section = text
        .split("\n## ")
        .find(|part| part.starts_with("Code map"))
        .expect("ARCHITECTURE.md has a `## Code map` section");
    let backticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let first = line.split('|').nth(1).unwrap_or_default();
            (backticked(first), backticked(line))
        })
        .collect()
}

/// The rule: a file under `src/` is named when a row's first cell is its path;
/// or when a row's first cell is a directory `D/` and the file is `D/mod.rs`,
/// `D/main.rs`, `D/` + a name the row writes in backticks (`size.rs`,
/// `cli/org.rs`), or `D/sub/mod.rs` for a `sub/` the row writes.
#[test]
fn the_code_map_names_every_file_under_src() {
    let rows = code_map();
    let mut named = BTreeSet::new();
    let mut stale = String::new();
    for (paths, mentioned) in &rows {
        for path in paths {
            if path.ends_with(".rs") || path.ends_with('/') {
                named.insert(path.clone());
            }
            if !path.contains('*') && !root().join(path).exists() {
                let _ = writeln!(
                    stale,
                    "  the row of `{path}` names a path that does not exist"
                );
            }
            let Some(dir) = path.strip_suffix('/') else {
                continue;
            };
            named.insert(format!("{dir}/mod.rs"));
            named.insert(format!("{dir}/main.rs"));
            for name in mentioned {
                if name.contains(' ') || name.contains('*') {
                    continue;
                }
                if let Some(sub) = name.strip_suffix('/') {
                    named.insert(format!("{dir}/{sub}/mod.rs"));
                } else if name.ends_with(".rs") {
                    named.insert(format!("{dir}/{name}"));
                }
            }
        }
        // Every `.rs` a row writes exists: beside one of the row's
        // directories, or under `src/`.
        for name in mentioned.iter().filter(|name| name.ends_with(".rs")) {
            let exists = paths
                .iter()
                .filter_map(|path| path.strip_suffix('/'))
                .chain(["src", ""])
                .any(|dir| root().join(dir).join(name).is_file());
            if !exists {
                let _ = writeln!(
                    stale,
                    "  the row of `{}` names `{name}`, which does not exist",
                    paths.join("`, `")
                );
            }
        }
    }
    let mut missing = String::new();
    for file in rust_files("src") {
        if named.contains(&file) {
            continue;
        }
        let (dir, name) = file.rsplit_once('/').unwrap_or(("", &file));
        let row = rows
            .iter()
            .flat_map(|(paths, _)| paths)
            .filter(|path| path.ends_with('/') && file.starts_with(path.as_str()))
            .max_by_key(|path| path.len());
        let _ = match row {
            Some(row) => writeln!(
                missing,
                "  {file}: write `{}` and what it owns in the `{row}` row",
                &file[row.len()..]
            ),
            None => writeln!(
                missing,
                "  {file}: add a row `| `{file}` | what it owns |` (or a `{dir}/` row that names `{name}`)"
            ),
        };
    }
    assert!(
        missing.is_empty() && stale.is_empty(),
        "ARCHITECTURE.md's code map is out of date:\n{missing}{stale}"
    );
}

// ---------------------------------------------------------------- the core does no I/O

/// Paths the core must not use: the file system, the clock, the environment,
/// threads, processes, the network, randomness, the console and the web.
const FORBIDDEN_PATHS: &[&str] = &[
    "std::fs",
    "std::env",
    "std::thread",
    "std::process",
    "std::net",
    "std::os",
    "std::time::SystemTime",
    "std::time::Instant",
    "std::time::UNIX_EPOCH",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "std::io::Stdin",
    "std::io::Stdout",
    "std::io::Stderr",
    "std::hash::RandomState",
    "std::collections::hash_map::RandomState",
    "rand",
    "getrandom",
    "fastrand",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
];

/// Modules a glob import would bring a forbidden item in from.
const NO_GLOB_FROM: &[&str] = &[
    "std::time",
    "std::io",
    "std::hash",
    "std::collections::hash_map",
];

/// Macros that write to the console (the core returns values instead).
const FORBIDDEN_MACROS: &[&str] = &["print", "println", "eprint", "eprintln", "dbg"];

fn forbidden_uses(code: &str) -> Vec<(usize, String)> {
    let names = names(code);
    let mut found = Vec::new();
    for path in &names.paths {
        let segments: Vec<&str> = path
            .segments
            .iter()
            .map(|segment| if segment == "core" { "std" } else { segment })
            .collect();
        let joined = segments.join("::");
        if let Some(forbidden) = FORBIDDEN_PATHS.iter().find(|forbidden| {
            joined == **forbidden || joined.starts_with(&format!("{forbidden}::"))
        }) {
            found.push((path.line, format!("`{joined}` ({forbidden})")));
        } else if path.glob && NO_GLOB_FROM.contains(&joined.as_str()) {
            found.push((
                path.line,
                format!("`use {joined}::*` (name the items, so this test can see them)"),
            ));
        }
    }
    for (name, line) in &names.macros {
        if FORBIDDEN_MACROS.contains(&name.as_str()) {
            found.push((*line, format!("`{name}!` (the console)")));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The core's files, each as code with comments, literals and test items blanked.
fn core_files() -> Vec<(String, String)> {
    let files: Vec<String> = rust_files("src")
        .into_iter()
        .filter(|file| !file.starts_with("src/bin/"))
        .collect();
    let mut test_only = BTreeSet::new();
    let mut out = Vec::new();
    for file in &files {
        let (code, test_modules) = drop_test_items(&blank_comments_and_literals(&read(file)));
        let dir = module_dir(file);
        for name in test_modules {
            test_only.insert(format!("{dir}/{name}.rs"));
            test_only.insert(format!("{dir}/{name}/mod.rs"));
        }
        out.push((file.clone(), code));
    }
    out.retain(|(file, _)| !test_only.contains(file));
    out
}

/// The directory a file's child modules live in.
fn module_dir(file: &str) -> String {
    let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
    match name {
        "mod.rs" | "lib.rs" | "main.rs" => dir.to_owned(),
        _ => format!("{dir}/{}", name.trim_end_matches(".rs")),
    }
}

#[test]
fn the_core_does_no_io() {
    let mut report = String::new();
    for (file, code) in core_files() {
        for (line, what) in forbidden_uses(&code) {
            let _ = writeln!(report, "  {file}:{line}: {what}");
        }
    }
    assert!(
        report.is_empty(),
        "the core (src/ outside src/bin/) takes bytes and returns values: no file system, clock, \
         environment, threads, randomness or console outside #[cfg(test)] code. Move these to \
         src/bin/ (or pass the value in, as ImportTimes does for the clock):\n{report}"
    );
}

#[test]
fn the_scan_sees_what_the_core_must_not_use() {
    let flagged = |source: &str| {
        let (code, _) = drop_test_items(&blank_comments_and_literals(source));
        forbidden_uses(&code)
    };
    for source in [
        "fn f() { let _ = std::fs::read(\"x\"); }",
        "use std::fs;\nfn f() { fs::read(\"x\"); }",
        "use std::{io::Read, fs::File};",
        "use std::time;\nfn f() { time::Instant::now(); }",
        "use std::time::{Duration, SystemTime};",
        "fn f() -> String { std::env::var(\"HOME\").unwrap_or_default() }",
        "fn f() { std::thread::spawn(|| {}); }",
        "use core::time::Instant as Clock;",
        "fn f() { println!(\"{}\", 1); }",
        "fn f() { let c = 'x'; eprintln!(\"{c}\"); }",
        "use std::io::*;",
        "fn f() { rand::random::<u8>(); }",
        "#[cfg(any(test, feature = \"x\"))]\nfn f() { std::fs::read(\"x\"); }",
        "#[cfg(not(test))]\nfn f() { std::fs::read(\"x\"); }",
    ] {
        assert!(!flagged(source).is_empty(), "not flagged: {source}");
    }
    for source in [
        "use std::time::Duration;\nuse std::io::{Read, Write};",
        "// std::fs::read in a comment\nfn f() {}",
        "fn f() -> &'static str { \"std::fs::read println!\" }",
        "fn f() -> &'static str { r#\"std::env::var(\"x\")\"# }",
        "#[cfg(test)]\nmod tests {\n    fn t() { std::fs::read(\"x\").unwrap(); println!(); }\n}",
        "fn f<'a>(x: &'a str) -> &'a str { x }\nfn g() -> char { '\\'' }",
        "fn f(text: &str) -> bool { text.contains(\"SystemTime\") }",
        "#[cfg(test)]\nmod tests;",
        "#[cfg(all(test, not(target_arch = \"wasm32\")))]\nfn t() { std::fs::read(\"x\").unwrap(); }",
    ] {
        assert!(
            flagged(source).is_empty(),
            "flagged: {source}: {:?}",
            flagged(source)
        );
    }
}

// ---------------------------------------------------------------- import cycles

/// A crate's modules: module path (`crate::validate::size`) → file, and the
/// module each file is.
struct Crate {
    modules: BTreeMap<Vec<String>, String>,
    files: Vec<(String, Vec<String>, String)>,
}

/// The crate rooted at `root_file`: every `.rs` file under `dir` (the core's
/// without `src/bin/`), read from disk.
fn crate_of(root_file: &str, dir: &str) -> Crate {
    let sources = rust_files(dir)
        .into_iter()
        .filter(|file| dir != "src" || !file.starts_with("src/bin/"))
        .map(|file| {
            let text = read(&file);
            (file, text)
        })
        .collect();
    crate_from(root_file, dir, sources)
}

fn crate_from(root_file: &str, dir: &str, sources: Vec<(String, String)>) -> Crate {
    let mut modules = BTreeMap::new();
    let mut files = Vec::new();
    let mut test_only = BTreeSet::new();
    for (file, text) in &sources {
        let relative = &file[dir.len() + 1..];
        let mut module = vec!["crate".to_owned()];
        if file != root_file {
            let without = relative.trim_end_matches(".rs");
            module.extend(without.split('/').map(str::to_owned));
            if module.last().map(String::as_str) == Some("mod") {
                module.pop();
            }
        }
        let (code, test_modules) = drop_test_items(&blank_comments_and_literals(text));
        let module_dir = module_dir(file);
        for name in test_modules {
            test_only.insert(format!("{module_dir}/{name}.rs"));
            test_only.insert(format!("{module_dir}/{name}/mod.rs"));
        }
        modules.insert(module.clone(), file.clone());
        files.push((file.clone(), module, code));
    }
    files.retain(|(file, _, _)| !test_only.contains(file));
    modules.retain(|_, file| !test_only.contains(file));
    Crate { modules, files }
}

/// The module a path names inside the crate, following `pub use` re-exports;
/// `None` for paths outside it (std, other crates, local names).
fn resolve(
    krate: &Crate,
    from: &[String],
    segments: &[String],
    reexports: &BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
) -> Option<Vec<String>> {
    let mut path: Vec<String> = match segments.first()?.as_str() {
        "crate" => segments.to_vec(),
        "self" => from.iter().chain(&segments[1..]).cloned().collect(),
        "super" => {
            let mut base = from.to_vec();
            let mut rest = segments;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            base.into_iter().chain(rest.iter().cloned()).collect()
        }
        first => {
            // A child module used without a prefix (`size::check` in validate/mod.rs).
            let mut child = from.to_vec();
            child.push(first.to_owned());
            if !krate.modules.contains_key(&child) {
                return None;
            }
            from.iter().chain(segments).cloned().collect()
        }
    };
    for _ in 0..8 {
        let module_len = (1..=path.len())
            .rev()
            .find(|len| krate.modules.contains_key(&path[..*len]))?;
        let module = &path[..module_len];
        let Some(target) = path
            .get(module_len)
            .and_then(|name| reexports.get(module)?.get(name))
        else {
            return Some(module.to_vec());
        };
        let resolved = resolve(krate, module, target, &BTreeMap::new())?;
        let mut next = resolved;
        next.extend(path[module_len + 1..].iter().cloned());
        if next == path {
            return Some(module.to_vec());
        }
        path = next;
    }
    None
}

/// Import cycles among sibling modules (a file's use of a module counts for
/// the two siblings under their lowest common parent; a module's use of its
/// own parent or child does not). Each cycle with the uses that make it.
fn cycles(krate: &Crate) -> Vec<String> {
    let parsed: Vec<(String, Vec<String>, Names)> = krate
        .files
        .iter()
        .map(|(file, module, code)| (file.clone(), module.clone(), names(code)))
        .collect();
    let reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>> = parsed
        .iter()
        .map(|(_, module, names)| (module.clone(), names.reexports.clone()))
        .collect();
    // (parent, from child, to child) → first use that makes the edge.
    let mut edges: BTreeMap<(Vec<String>, String, String), String> = BTreeMap::new();
    for (file, module, names) in &parsed {
        for path in &names.paths {
            let Some(target) = resolve(krate, module, &path.segments, &reexports) else {
                continue;
            };
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            let (Some(from), Some(to)) = (module.get(common), target.get(common)) else {
                continue;
            };
            edges
                .entry((module[..common].to_vec(), from.clone(), to.clone()))
                .or_insert_with(|| {
                    format!("{file}:{} uses {}", path.line, path.segments.join("::"))
                });
        }
    }
    let parents: BTreeSet<&Vec<String>> = edges.keys().map(|(parent, _, _)| parent).collect();
    let mut found = Vec::new();
    for parent in parents {
        let graph: BTreeMap<&str, Vec<&str>> = edges.keys().filter(|(p, _, _)| p == parent).fold(
            BTreeMap::new(),
            |mut graph, (_, from, to)| {
                graph.entry(from.as_str()).or_default().push(to.as_str());
                graph
            },
        );
        for component in strongly_connected(&graph) {
            let mut evidence = String::new();
            for ((p, from, to), why) in &edges {
                if p == parent
                    && component.contains(&from.as_str())
                    && component.contains(&to.as_str())
                {
                    let _ = write!(evidence, "\n      {from} -> {to}: {why}");
                }
            }
            found.push(format!(
                "  among the modules of {}: {}{evidence}",
                parent.join("::"),
                component.join(" <-> ")
            ));
        }
    }
    found
}

/// Strongly connected components with more than one node (Tarjan).
fn strongly_connected<'g>(graph: &BTreeMap<&'g str, Vec<&'g str>>) -> Vec<Vec<&'g str>> {
    struct State<'g> {
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        out: Vec<Vec<&'g str>>,
    }
    fn visit<'g>(node: &'g str, graph: &BTreeMap<&'g str, Vec<&'g str>>, state: &mut State<'g>) {
        let next = state.index.len();
        state.index.insert(node, next);
        state.low.insert(node, next);
        state.stack.push(node);
        state.on_stack.insert(node);
        for &to in graph.get(node).into_iter().flatten() {
            if !state.index.contains_key(to) {
                visit(to, graph, state);
                let low = state.low[node].min(state.low[to]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(to) {
                let low = state.low[node].min(state.index[to]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                component.push(top);
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort_unstable();
                state.out.push(component);
            }
        }
    }
    let mut state = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for &node in graph.keys() {
        if !state.index.contains_key(node) {
            visit(node, graph, &mut state);
        }
    }
    state.out
}

/// The crates checked for cycles: (root file, its directory).
const CRATES: &[(&str, &str)] = &[
    ("src/lib.rs", "src"),
    ("src/bin/solinspect/main.rs", "src/bin/solinspect"),
    ("src/bin/worker/main.rs", "src/bin/worker"),
    ("src/bin/app/main.rs", "src/bin/app"),
];

/// Directories whose cycles are not checked: none (the app's went with issue 15).
const CYCLES_ALLOWED_IN: &[&str] = &[];

#[test]
fn no_import_cycles() {
    let mut report = String::new();
    for (root_file, dir) in CRATES {
        if CYCLES_ALLOWED_IN.contains(dir) {
            continue;
        }
        for cycle in cycles(&crate_of(root_file, dir)) {
            let _ = writeln!(report, "{dir}:\n{cycle}");
        }
    }
    assert!(
        report.is_empty(),
        "import cycles (move what both sides need into a module below them both):\n{report}"
    );
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    // The core as it is, plus one use that closes a loop: text (below xml)
    // using xml, as it did before issue 15.
    let mut sources: Vec<(String, String)> = rust_files("src")
        .into_iter()
        .filter(|file| !file.starts_with("src/bin/"))
        .map(|file| {
            let text = read(&file);
            (file, text)
        })
        .collect();
    for (file, text) in &mut sources {
        if file == "src/text.rs" {
            text.push_str("\nfn closes_a_loop() -> usize { crate::xml::MAX_DEPTH }\n");
        }
    }
    let found = cycles(&crate_from("src/lib.rs", "src", sources));
    assert!(
        found
            .iter()
            .any(|cycle| cycle.contains("text <-> xml") && cycle.contains("crate::xml::MAX_DEPTH")),
        "{found:?}"
    );
}
