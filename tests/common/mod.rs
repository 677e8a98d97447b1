//! Helpers shared by the native integration tests: the corpus, read in place.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

pub fn corpus_path(name: &str) -> PathBuf {
    corpus_dir().join(name)
}

/// The bytes of one corpus package.
pub fn read_corpus(name: &str) -> Vec<u8> {
    let path = corpus_path(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// The names of the files in `dir` that `keep` accepts, sorted.
pub fn file_names_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| keep(name))
        .collect();
    names.sort();
    names
}

pub fn is_zip(name: &str) -> bool {
    name.ends_with(".zip")
}

/// The file names of every zip in the corpus (versions/ aside), sorted.
pub fn corpus_zip_names() -> Vec<String> {
    file_names_in(&corpus_dir(), is_zip)
}

/// The paths of every vendored package, versions/ included, sorted.
pub fn every_package_path() -> Vec<PathBuf> {
    ["", "versions"]
        .iter()
        .flat_map(|folder| {
            let dir = corpus_dir().join(folder);
            file_names_in(&dir, is_zip)
                .into_iter()
                .map(move |name| dir.join(name))
        })
        .collect()
}

/// One row of tests/corpus/MANIFEST.tsv.
#[derive(Debug, Clone)]
pub struct CorpusEntry {
    pub file: String,
    pub managed: bool,
    pub unique_name: String,
    pub version: String,
    pub notable_contents: String,
    pub pair_id: String,
    pub licence: String,
}

impl CorpusEntry {
    pub fn path(&self) -> PathBuf {
        corpus_dir().join(&self.file)
    }

    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.path()).unwrap_or_else(|err| panic!("cannot read {}: {err}", self.file))
    }

    /// `entities=13; roles=2; …` as (key, count) pairs.
    pub fn notable_counts(&self) -> Vec<(String, usize)> {
        self.notable_contents
            .split(';')
            .filter_map(|part| {
                let (key, value) = part.trim().split_once('=')?;
                Some((key.to_owned(), value.parse().ok()?))
            })
            .collect()
    }
}

pub fn corpus() -> Vec<CorpusEntry> {
    let manifest = std::fs::read_to_string(corpus_dir().join("MANIFEST.tsv"))
        .expect("tests/corpus/MANIFEST.tsv is vendored in the repository");
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (file, managed, unique_name, version, notable, pair, licence) = (
        column("file"),
        column("managed"),
        column("solution_unique_name"),
        column("version"),
        column("notable_contents"),
        column("pair_id"),
        column("licence"),
    );
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            CorpusEntry {
                file: cells[file].to_owned(),
                managed: cells[managed] == "1",
                unique_name: cells[unique_name].to_owned(),
                version: cells[version].to_owned(),
                notable_contents: cells[notable].to_owned(),
                pair_id: cells[pair].to_owned(),
                licence: cells[licence].to_owned(),
            }
        })
        .collect()
}

/// Compares `actual` with the snapshot file, or rewrites it when UPDATE_SNAPSHOTS=1.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "snapshot {} is missing; run with UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let first_difference = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {} differs from line {}:\n  expected: {:?}\n  actual:   {:?}\n(run with UPDATE_SNAPSHOTS=1 to accept)",
            path.display(),
            first_difference + 1,
            expected.lines().nth(first_difference),
            actual.lines().nth(first_difference)
        );
    }
}
