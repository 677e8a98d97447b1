//! Inspection: one pass over a package that yields the whole model.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::customizations::{self, UnknownSection};
use crate::findings::Code;
use crate::kinds::DefinedBy;
use crate::manifest::{self, Manifest};
use crate::model::{
    Component, ComponentKind, ComponentName, Diagnostic, ManagedProperty, Severity, SourceSpan,
};
use crate::package::{self, EntryError, OpenError, Package, ReadLimits};
use crate::progress::{EntryProgress, Meter, Progress};
use crate::text::{self, TextEncoding};

pub const SOLUTION_XML: &str = "solution.xml";
pub const CUSTOMIZATIONS_XML: &str = "customizations.xml";
pub const CONTENT_TYPES_XML: &str = "[Content_Types].xml";

/// Root files that are part of the package format, not payloads.
const ROOT_FILES: &[&str] = &[
    SOLUTION_XML,
    CUSTOMIZATIONS_XML,
    CONTENT_TYPES_XML,
    "filteredcomponents.xml",
];

/// The root files every package has: the format itself, never a component's.
const FORMAT_FILES: &[&str] = &[SOLUTION_XML, CUSTOMIZATIONS_XML, CONTENT_TYPES_XML];

/// Folders of solution-level data that belong to no single component (newer
/// exports keep association sets there, which are components of their own, and
/// other records of the solution).
const PACKAGE_DATA_FOLDERS: &[&str] = &["assets/"];

/// Why a file belongs to no component (`files[].unlinked` in the JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Unlinked {
    /// A file of the package format beside the three every package has (`filteredcomponents.xml`).
    PackageFile,
    /// Solution-level data under `Assets/` that is no association set.
    PackageData,
    /// A payload no component names or owns: stray (also in `unreferencedFiles`).
    Unreferenced,
}

/// One entry of the zip, with the component that owns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileInfo {
    pub path: String,
    pub size: u64,
    pub compressed_size: u64,
    /// `kind:key` of the component that names or owns this file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// Why it has no component (every such file but the three format files has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlinked: Option<Unlinked>,
}

/// Everything known about a package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    pub manifest: Manifest,
    /// Whether solution.xml was found and parsed far enough to name the solution.
    pub has_manifest: bool,
    pub zip_size: u64,
    pub total_size: u64,
    pub files: Vec<FileInfo>,
    pub components: Vec<Component>,
    pub unknown_sections: Vec<UnknownSection>,
    pub languages: Vec<String>,
    /// Options of the package's choices, for the option value prefix check.
    #[serde(default)]
    pub option_values: Vec<customizations::OptionValue>,
    /// Referenced payload paths that are not in the zip: (component key, path).
    pub missing_files: Vec<(String, String)>,
    /// Payload files no component names or owns.
    pub unreferenced_files: Vec<String>,
    pub solution_encoding: Option<TextEncoding>,
    pub customizations_encoding: Option<TextEncoding>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Inspection {
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for component in &self.components {
            *counts.entry(component.kind.key()).or_insert(0) += 1;
        }
        counts
    }

    pub fn count(&self, kind: ComponentKind) -> usize {
        self.components
            .iter()
            .filter(|component| component.kind == kind)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity == Severity::Error)
    }

    pub fn find(&self, kind: ComponentKind, name: &str) -> Option<&Component> {
        self.components
            .iter()
            .find(|component| component.kind == kind && component.name.eq_ignore_ascii_case(name))
    }

    /// How the components of these keys (`Component::key`) read for people, for those the
    /// package defines; every component's key is made once, whatever the number of keys.
    pub fn component_names<'a>(
        &self,
        keys: impl IntoIterator<Item = &'a str>,
    ) -> BTreeMap<String, ComponentName> {
        let wanted: HashSet<&str> = keys.into_iter().collect();
        let mut names = BTreeMap::new();
        if wanted.is_empty() {
            return names;
        }
        for component in &self.components {
            let key = component.key();
            if wanted.contains(key.as_str()) && !names.contains_key(&key) {
                names.insert(key, ComponentName::of(component));
            }
        }
        names
    }

    /// The components the overview names (the root components and the files' owners) that the
    /// package names by their id (forms, views, processes, roles), by how they read: the page
    /// holds the inspection without its components, and every other key reads as it is written
    /// (`model::describe_key`).
    pub fn overview_names(&self) -> BTreeMap<String, ComponentName> {
        let roots = self
            .manifest
            .root_components
            .iter()
            .filter_map(|root| root.matched.as_deref());
        let owners = self
            .files
            .iter()
            .filter_map(|file| file.component.as_deref());
        let mut names = self.component_names(roots.chain(owners));
        names.retain(|_, name| name.id.is_some());
        names
    }

    /// Files by size, largest first.
    pub fn largest_files(&self, count: usize) -> Vec<&FileInfo> {
        let mut files: Vec<&FileInfo> = self.files.iter().collect();
        files.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
        files.truncate(count);
        files
    }
}

/// Reads a package. Fails only when the bytes are not a readable zip at all;
/// every other problem is a diagnostic beside the model.
pub fn inspect(bytes: &[u8]) -> Result<Inspection, OpenError> {
    inspect_with_progress(bytes, &mut |_| {})
}

/// [`inspect`], reporting the bytes of the package's entries read so far (from
/// 0 when the zip is open to the total at the end; see [`crate::progress`]).
pub fn inspect_with_progress(
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Inspection, OpenError> {
    let (inspection, mut meter) = inspect_metered(
        bytes,
        ReadLimits::default(),
        Fingerprints::Computed,
        progress,
    )?;
    meter.finish();
    Ok(inspection)
}

pub fn inspect_with_limits(bytes: &[u8], limits: ReadLimits) -> Result<Inspection, OpenError> {
    let (inspection, _) = inspect_metered(bytes, limits, Fingerprints::Computed, &mut |_| {})?;
    Ok(inspection)
}

/// The inspection and its meter, not finished yet: a caller with more work to
/// do (validation) reports the end itself.
pub(crate) fn inspect_metered<'p>(
    bytes: &[u8],
    limits: ReadLimits,
    fingerprints: Fingerprints,
    progress: &'p mut dyn FnMut(Progress),
) -> Result<(Inspection, Meter<'p>), OpenError> {
    inspect_reading(bytes, limits, progress, Reading::Streamed, fingerprints)
}

/// Whether components get their `fingerprint`: hashing every byte of
/// customizations.xml costs a tenth of the reading, and only simulation uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fingerprints {
    Computed,
    Skipped,
}

/// How customizations.xml is read: as a stream (always, outside tests), or
/// whole (tests compare the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Streamed,
    #[cfg_attr(not(test), allow(dead_code))]
    Whole,
}

fn inspect_reading<'p>(
    bytes: &[u8],
    limits: ReadLimits,
    progress: &'p mut dyn FnMut(Progress),
    reading: Reading,
    fingerprints: Fingerprints,
) -> Result<(Inspection, Meter<'p>), OpenError> {
    let fingerprints = fingerprints == Fingerprints::Computed;
    let mut package = Package::open_with_limits(bytes, limits)?;
    let mut meter = Meter::new(package.declared_total(), progress);
    let mut diagnostics = Vec::new();

    entry_name_diagnostics(&package, &mut diagnostics);

    for problem in package.archive_problems() {
        let code = match problem {
            package::ArchiveProblem::DuplicateName { path, identical }
                if *identical && !is_root_file(path) =>
            {
                Code::SI1014
            }
            package::ArchiveProblem::DuplicateName { .. } => Code::SI1011,
            _ => Code::SI1013,
        };
        diagnostics.push(Diagnostic::new(code, problem.describe()).in_file(problem.path()));
    }

    let (manifest, has_manifest, solution_encoding) =
        read_manifest(&mut package, limits, &mut meter, &mut diagnostics);
    let base_language = manifest.base_language().to_owned();

    let mut components = Vec::new();
    let mut unknown_sections = Vec::new();
    let mut languages = Vec::new();
    let mut option_values = Vec::new();
    let mut customizations_encoding = None;
    // The scan, not the inflation, moves the bar through customizations.xml: it
    // is most of the work, and the text's offsets are its position.
    let customizations_size = package
        .find(CUSTOMIZATIONS_XML)
        .map_or(0, |entry| entry.size);
    let customizations_progress = EntryProgress::begin(&meter, customizations_size);
    let streamed = match reading {
        Reading::Streamed => {
            stream_customizations(&mut package, &base_language, fingerprints, &mut |offset| {
                customizations_progress.at(&mut meter, offset as u64)
            })
        }
        Reading::Whole => Streamed::NeedsWholeText,
    };
    let read_whole = match streamed {
        Streamed::Parsed(parsed, encoding) => {
            customizations_encoding = Some(encoding);
            components = parsed.components;
            unknown_sections = parsed.unknown_sections;
            languages = parsed.languages;
            option_values = parsed.option_values;
            false
        }
        Streamed::Unreadable(diagnostic) => {
            diagnostics.push(diagnostic);
            false
        }
        Streamed::NeedsWholeText => true,
    };
    let whole_text = if read_whole {
        read_text(
            &mut package,
            CUSTOMIZATIONS_XML,
            limits,
            &mut Meter::silent(),
            &mut diagnostics,
        )
    } else {
        None
    };
    if let Some(text_and_encoding) = whole_text {
        let (text, encoding) = text_and_encoding;
        customizations_encoding = Some(encoding);
        let text_length = text.len() as u64;
        let (parsed, error) = customizations::parse_text(
            CUSTOMIZATIONS_XML,
            &text,
            &base_language,
            fingerprints,
            &mut |offset| {
                customizations_progress.at_fraction(&mut meter, offset as u64, text_length)
            },
        );
        // Built only when there is something to place: most packages have no problem.
        let line_index =
            (error.is_some() || !parsed.problems.is_empty()).then(|| text::LineIndex::new(&text));
        let place = |offset: usize| {
            line_index
                .as_ref()
                .map_or((1, 1), |index| index.line_column(&text, offset))
        };
        if let Some(error) = error {
            let (line, column) = place(error.offset);
            diagnostics.push(
                Diagnostic::new(Code::SI1003, error.to_string())
                    .in_file(CUSTOMIZATIONS_XML)
                    .at(line, column),
            );
        }
        for (offset, code, message) in parsed.problems {
            let (line, column) = place(offset);
            diagnostics.push(
                Diagnostic::new(code, message)
                    .in_file(CUSTOMIZATIONS_XML)
                    .at(line, column),
            );
        }
        components = parsed.components;
        unknown_sections = parsed.unknown_sections;
        languages = parsed.languages;
        option_values = parsed.option_values;
    }
    customizations_progress.end(&mut meter);

    components.extend(read_folder_components(
        &mut package,
        &base_language,
        &mut meter,
        &mut diagnostics,
    ));

    // Payloads nothing else reads are still inflated (into a sink) so that a
    // bad CRC, a wrong declared size or a bomb is noticed: sizes are not trusted.
    for (index, err) in package.verify_unread_metered(&mut meter) {
        if let Some(entry) = package.entries().get(index) {
            diagnostics.push(unreadable_entry(&entry.path, &err));
        }
    }
    let files = file_infos(&package);
    invalid_booleans(&components, &mut diagnostics);

    let mut inspection = Inspection {
        manifest,
        has_manifest,
        zip_size: package.zip_size(),
        total_size: files.iter().map(|file| file.size).sum(),
        files,
        components,
        unknown_sections,
        languages,
        option_values,
        missing_files: Vec::new(),
        unreferenced_files: Vec::new(),
        solution_encoding,
        customizations_encoding,
        diagnostics,
    };
    link_files(&mut inspection);
    match_root_components(&mut inspection);
    Ok((inspection, meter))
}

/// Unsafe, odd or repeated entry names. This and the other passes over every entry or
/// component are functions of their own (`#[inline(never)]`), not merged into
/// `inspect_reading`: V8 optimises a wasm function once it has done enough work, and
/// `inspect_reading` runs once per package, so its optimised code would never run.
#[inline(never)]
fn entry_name_diagnostics(package: &Package, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen_names = HashSet::new();
    for entry in package.entries() {
        for problem in package::name_problems(&entry.path) {
            let code = if problem.is_unsafe() {
                Code::SI1010
            } else {
                Code::SI1012
            };
            diagnostics.push(
                Diagnostic::new(
                    code,
                    format!(
                        "The zip entry name {:?} {}; it is never used as a path",
                        entry.path,
                        problem.describe()
                    ),
                )
                .in_file(&entry.path),
            );
        }
        if !seen_names.insert(entry.path.to_ascii_lowercase()) {
            diagnostics.push(
                Diagnostic::new(
                    Code::SI1011,
                    format!("The zip holds more than one entry named {:?}", entry.path),
                )
                .in_file(&entry.path),
            );
        }
    }
}

#[inline(never)]
fn file_infos(package: &Package) -> Vec<FileInfo> {
    package
        .entries()
        .iter()
        .filter(|entry| !entry.is_dir)
        .map(|entry| FileInfo {
            path: entry.path.clone(),
            size: package.inflated_size(entry.index).unwrap_or(entry.size),
            compressed_size: entry.compressed_size,
            component: None,
            unlinked: None,
        })
        .collect()
}

#[inline(never)]
fn invalid_booleans(components: &[Component], diagnostics: &mut Vec<Diagnostic>) {
    for component in components {
        for property in component.non_boolean_properties() {
            diagnostics.push(invalid_boolean(component, property));
        }
    }
}

fn is_root_file(path: &str) -> bool {
    ROOT_FILES
        .iter()
        .any(|root| root.eq_ignore_ascii_case(path))
}

fn invalid_boolean(component: &Component, property: &ManagedProperty) -> Diagnostic {
    Diagnostic::new(
        Code::SI2002,
        format!(
            "{} has the value {:?}, which is not a boolean (0 or 1)",
            component.property_label(property),
            property.raw
        ),
    )
    .in_file(&component.source.file)
    .at(component.source.line, 1)
}

#[inline(never)]
fn read_manifest(
    package: &mut Package<'_>,
    limits: ReadLimits,
    meter: &mut Meter<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Manifest, bool, Option<TextEncoding>) {
    let Some((text, encoding)) = read_text(package, SOLUTION_XML, limits, meter, diagnostics)
    else {
        return (Manifest::default(), false, None);
    };
    let (manifest, error) = manifest::parse(&text);
    if let Some(error) = &error {
        let (line, column) = text::line_column(&text, error.offset);
        diagnostics.push(
            Diagnostic::new(Code::SI1002, error.to_string())
                .in_file(SOLUTION_XML)
                .at(line, column),
        );
    }
    let has_manifest = !manifest.unique_name.is_empty();
    if error.is_none() && !has_manifest {
        diagnostics.push(
            Diagnostic::new(
                Code::SI1004,
                "solution.xml names no solution (<UniqueName> is missing or empty)",
            )
            .in_file(SOLUTION_XML),
        );
    }
    (manifest, has_manifest, Some(encoding))
}

/// What came of reading customizations.xml as a stream.
enum Streamed {
    Parsed(customizations::Customizations, TextEncoding),
    Unreadable(Diagnostic),
    /// Not UTF-8, malformed, or with problems to place by line and column:
    /// read it whole (the exact diagnostics need the text).
    NeedsWholeText,
}

/// Scans customizations.xml as it inflates, so the document is never held
/// whole (at scale it is most of the package). Only well-formed UTF-8 without
/// problems is taken from the stream; anything else is read again whole, with
/// the same result it always had.
#[inline(never)]
fn stream_customizations(
    package: &mut Package<'_>,
    base_language: &str,
    fingerprints: bool,
    on_position: &mut dyn FnMut(usize),
) -> Streamed {
    let Some(entry) = package.find(CUSTOMIZATIONS_XML) else {
        return Streamed::NeedsWholeText;
    };
    let (index, path) = (entry.index, entry.path.clone());
    let reader = match package.open_entry(index) {
        Ok(reader) => reader,
        Err(err) => return Streamed::Unreadable(unreadable_entry(&path, &err)),
    };
    let mut stream = text::Utf8Stream::new(reader);
    let (parsed, error) = customizations::parse_stream(
        CUSTOMIZATIONS_XML,
        &mut stream,
        base_language,
        fingerprints,
        on_position,
    );
    let (problem, had_bom) = (stream.problem(), stream.had_bom());
    if problem == Some(text::StreamProblem::ReadFailed) {
        let err = stream.into_inner().take_failure();
        return Streamed::Unreadable(unreadable_entry(&path, &err));
    }
    drop(stream);
    if problem.is_some() || error.is_some() || !parsed.problems.is_empty() {
        // The whole read counts the bytes again; they are counted once.
        package.forget_inflated(index);
        return Streamed::NeedsWholeText;
    }
    let encoding = if had_bom {
        TextEncoding::Utf8Bom
    } else {
        TextEncoding::Utf8
    };
    Streamed::Parsed(parsed, encoding)
}

/// Inflates and decodes one root file; a missing or unreadable file is a diagnostic.
#[inline(never)]
fn read_text(
    package: &mut Package<'_>,
    path: &str,
    limits: ReadLimits,
    meter: &mut Meter<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, TextEncoding)> {
    let Some(entry) = package.find(path) else {
        diagnostics.push(
            Diagnostic::new(
                Code::SI1001,
                format!("The package has no {path} at its root; a solution zip must contain solution.xml, customizations.xml and [Content_Types].xml"),
            )
            .in_file(path),
        );
        return None;
    };
    let (index, stored_name) = (entry.index, entry.path.clone());
    // Inflate straight into one buffer of the declared size (bounded by the same
    // limits the reader enforces), then decode it in place: the document is held
    // once, not as inflated bytes plus a decoded copy.
    let mut bytes = Vec::new();
    // A reservation that cannot be had is not an error: the buffer then grows as it fills.
    let _ = bytes.try_reserve_exact(reserve_for(entry, limits));
    let mut sink = WithoutUtf8Bom {
        bytes,
        had_bom: None,
    };
    if let Err(err) = package.read_into_metered(index, &mut sink, meter) {
        diagnostics.push(unreadable_entry(&stored_name, &err));
        return None;
    }
    let mut bytes = sink.bytes;
    if bytes.capacity() - bytes.len() > bytes.len() / 8 {
        bytes.shrink_to_fit();
    }
    let (text, encoding, had_errors) = if sink.had_bom == Some(true) {
        let (text, had_errors) = text::utf8_owned(bytes);
        (text, TextEncoding::Utf8Bom, had_errors)
    } else {
        text::decode_owned(bytes)
    };
    if had_errors {
        diagnostics.push(
            Diagnostic::new(
                Code::SI1005,
                format!(
                    "{stored_name} is not valid {encoding:?} text; unreadable bytes were replaced"
                ),
            )
            .in_file(&stored_name),
        );
    }
    Some((text, encoding))
}

/// Collects an entry's bytes without a leading UTF-8 byte order mark, so the text
/// can be decoded where it lies instead of being shifted by three bytes.
struct WithoutUtf8Bom {
    bytes: Vec<u8>,
    /// Decided once the first three bytes are in.
    had_bom: Option<bool>,
}

impl std::io::Write for WithoutUtf8Bom {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        if self.had_bom.is_none() && self.bytes.len() >= 3 {
            let bom = TextEncoding::Utf8Bom.bom();
            let had_bom = self.bytes.starts_with(bom);
            if had_bom {
                // Only the first chunk has been written: this shift is short.
                self.bytes.drain(..bom.len());
            }
            self.had_bom = Some(had_bom);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Solution XML inflates 10 to 30 times; an entry that declares more than this
/// times its compressed size gets a smaller reservation and grows as it inflates.
const PLAUSIBLE_XML_RATIO: u64 = 64;

/// How much to reserve before inflating an entry: its declared size, bounded by
/// what its compressed size makes plausible and by the read limits (the declared
/// size is untrusted: a lying header must not make the reader take a gigabyte).
pub(crate) fn reserve_for(entry: &package::ZipEntry, limits: ReadLimits) -> usize {
    let plausible = entry
        .compressed_size
        .saturating_mul(PLAUSIBLE_XML_RATIO)
        .max(64 * 1024);
    let bounded = entry.size.min(plausible).min(limits.max_total_inflated);
    usize::try_from(bounded).unwrap_or(0)
}

pub fn unreadable_entry(path: &str, err: &EntryError) -> Diagnostic {
    Diagnostic::new(Code::SI1006, format!("{path} cannot be read: {err}")).in_file(path)
}

/// A zip entry that defines a component by where it lies (see [`DefinedBy`]):
/// the component's kind, name and parent, if it is one.
fn defined_by_entry(path: &str) -> Option<(ComponentKind, String, Option<String>, DefinedBy)> {
    let segments: Vec<&str> = path.split('/').collect();
    let places = ComponentKind::ALL
        .into_iter()
        .flat_map(|kind| kind.spec().places().map(move |place| (kind, *place)));
    places.into_iter().find_map(|(kind, place)| {
        let found = match (place, segments.as_slice()) {
            (DefinedBy::Folder { folder, file }, [at, name, definition])
                if folder.eq_ignore_ascii_case(at) && file.eq_ignore_ascii_case(definition) =>
            {
                Some(((*name).to_owned(), None))
            }
            (
                DefinedBy::SubFolder {
                    within,
                    folder,
                    file,
                },
                [at, parent, part_folder, name, definition],
            ) if within.eq_ignore_ascii_case(at)
                && folder.eq_ignore_ascii_case(part_folder)
                && file.eq_ignore_ascii_case(definition) =>
            {
                Some(((*name).to_owned(), Some((*parent).to_owned())))
            }
            (DefinedBy::FilesIn { folder, suffix }, [at, file])
                if folder.eq_ignore_ascii_case(at)
                    && file.len() > suffix.len()
                    && file
                        .get(file.len() - suffix.len()..)
                        .is_some_and(|end| end.eq_ignore_ascii_case(suffix)) =>
            {
                let stem = file.get(..file.len() - ".xml".len()).unwrap_or(file);
                Some((stem.to_owned(), None))
            }
            _ => None,
        };
        found.map(|(name, parent)| (kind, name, parent, place))
    })
}

#[inline(never)]
fn read_folder_components(
    package: &mut Package<'_>,
    language: &str,
    meter: &mut Meter<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Component> {
    let mut found = Vec::new();
    for entry in package.entries() {
        if let Some((kind, name, parent, place)) = defined_by_entry(&entry.path) {
            found.push((kind, name, parent, place, entry.index, entry.path.clone()));
        }
    }
    let mut components = Vec::with_capacity(found.len());
    for (kind, name, parent, place, index, path) in found {
        let definition = match package.read_metered(index, meter) {
            Ok(bytes) => bytes,
            Err(err) => {
                diagnostics.push(unreadable_entry(&path, &err));
                Vec::new()
            }
        };
        let (text, _, _) = text::decode(&definition);
        let summary = crate::definition::read(&text);
        if let Some(error) = &summary.error {
            let (line, column) = text::line_column(&text, error.offset);
            diagnostics.push(
                Diagnostic::new(Code::SI1003, error.to_string())
                    .in_file(&path)
                    .at(line, column),
            );
        }
        // A folder-defined component owns its folder; a file-defined one, its file.
        let files = match place {
            DefinedBy::FilesIn { .. } => vec![path.clone()],
            _ => {
                let folder = path
                    .rsplit_once('/')
                    .map_or(path.as_str(), |(folder, _)| folder);
                vec![format!("{folder}/")]
            }
        };
        components.push(Component {
            kind,
            name,
            display_name: summary.display_name(language),
            parent,
            id: None,
            managed_properties: summary.managed_properties(),
            files,
            source: SourceSpan {
                file: path,
                line: 1,
                start: 0,
                end: text.len(),
            },
            fingerprint: Some(xxhash_rust::xxh3::xxh3_64(text.as_bytes())),
        });
    }
    components
}

/// Links payload files to components, and finds names that point nowhere and
/// files nobody names.
#[inline(never)]
fn link_files(inspection: &mut Inspection) {
    let by_lower_path: HashMap<String, usize> = inspection
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| (file.path.to_ascii_lowercase(), index))
        .collect();
    // Lower-case paths in order, so a folder's files are one contiguous run
    // found by binary search (a scan of every file per folder was quadratic:
    // 10,000 folder components took most of a minute).
    let mut sorted_paths: Vec<(String, usize)> = inspection
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| (file.path.to_ascii_lowercase(), index))
        .collect();
    sorted_paths.sort();
    let mut folders_done: HashSet<String> = HashSet::new();
    let mut missing = Vec::new();
    let mut owner: Vec<Option<String>> = vec![None; inspection.files.len()];
    let mut named_after: Vec<(String, String)> = Vec::new();
    for component in &mut inspection.components {
        let reading = component.kind.spec().reading();
        // Most components (columns, views, forms) name no file: skip building their key.
        if component.files.is_empty()
            && reading.is_none_or(|reading| reading.owns_files_named_after.is_none())
        {
            continue;
        }
        let key = component.key();
        let mut owned_folders = Vec::new();
        for reference in &component.files {
            if reference.ends_with('/') {
                owned_folders.push(reference.to_ascii_lowercase());
                continue;
            }
            match by_lower_path.get(&reference.to_ascii_lowercase()) {
                Some(&index) => {
                    owner[index].get_or_insert_with(|| key.clone());
                }
                None => missing.push((key.clone(), reference.clone())),
            }
            if reading.is_some_and(|reading| reading.owns_folders_of_files) {
                if let Some((folder, _)) = reference.rsplit_once('/') {
                    owned_folders.push(format!("{}/", folder.to_ascii_lowercase()));
                }
            }
        }
        // Files named after it (`CanvasApps/<name>_…`), once every named file has its owner.
        if let Some(folder) = reading.and_then(|reading| reading.owns_files_named_after) {
            named_after.push((
                format!("{folder}{}_", component.name).to_ascii_lowercase(),
                key.clone(),
            ));
        }
        for folder in owned_folders {
            // The first component to own a folder keeps its files.
            if !folders_done.insert(folder.clone()) {
                continue;
            }
            let start = sorted_paths.partition_point(|(path, _)| path.as_str() < folder.as_str());
            for (_, index) in sorted_paths
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|(path, _)| path.starts_with(&folder))
            {
                if let Some(slot) = owner.get_mut(*index) {
                    slot.get_or_insert_with(|| key.clone());
                }
            }
        }
    }
    for (prefix, key) in named_after {
        let start = sorted_paths.partition_point(|(path, _)| path.as_str() < prefix.as_str());
        for (_, index) in sorted_paths
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|(path, _)| path.starts_with(&prefix))
        {
            if let Some(slot) = owner.get_mut(*index) {
                slot.get_or_insert_with(|| key.clone());
            }
        }
    }
    let mut unreferenced = Vec::new();
    for (file, owner) in inspection.files.iter_mut().zip(owner) {
        file.component = owner;
        file.unlinked = unlinked(file);
        if file.unlinked == Some(Unlinked::Unreferenced) {
            unreferenced.push(file.path.clone());
        }
    }
    inspection.missing_files = missing;
    inspection.unreferenced_files = unreferenced;
}

/// Why a file has no component; `None` when it has one or is a format file.
fn unlinked(file: &FileInfo) -> Option<Unlinked> {
    let is = |names: &[&str]| {
        names
            .iter()
            .any(|name| name.eq_ignore_ascii_case(&file.path))
    };
    if file.component.is_some() || is(FORMAT_FILES) {
        return None;
    }
    if is(ROOT_FILES) {
        return Some(Unlinked::PackageFile);
    }
    let lower = file.path.to_ascii_lowercase();
    if PACKAGE_DATA_FOLDERS
        .iter()
        .any(|folder| lower.starts_with(folder))
    {
        return Some(Unlinked::PackageData);
    }
    Some(Unlinked::Unreferenced)
}

fn normalize_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}

/// Matches each root component of the manifest to the component that defines it.
#[inline(never)]
fn match_root_components(inspection: &mut Inspection) {
    let mut by_name: HashMap<(ComponentKind, String), usize> = HashMap::new();
    for (index, component) in inspection.components.iter().enumerate() {
        by_name
            .entry((component.kind, component.name.to_ascii_lowercase()))
            .or_insert(index);
        by_name
            .entry((component.kind, normalize_id(&component.name)))
            .or_insert(index);
        if let Some(id) = &component.id {
            by_name
                .entry((component.kind, normalize_id(id)))
                .or_insert(index);
        }
        // Manifests name plug-in assemblies by their full (strong) name.
        if let (ComponentKind::PluginAssembly, Some(full_name)) =
            (component.kind, &component.display_name)
        {
            by_name
                .entry((component.kind, full_name.to_ascii_lowercase()))
                .or_insert(index);
        }
    }
    let components = &inspection.components;
    for root in &mut inspection.manifest.root_components {
        let kinds = ComponentKind::from_type_attribute(&root.type_code);
        let keys: Vec<String> = [root.schema_name.as_deref(), root.id.as_deref()]
            .into_iter()
            .flatten()
            .flat_map(|key| [key.to_ascii_lowercase(), normalize_id(key)])
            .collect();
        root.matched = kinds.iter().find_map(|kind| {
            keys.iter()
                .find_map(|key| by_name.get(&(*kind, key.clone())))
                .map(|&index| components[index].key())
        });
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn collect(chunks: &[&[u8]]) -> (Vec<u8>, Option<bool>) {
        let mut sink = WithoutUtf8Bom {
            bytes: Vec::new(),
            had_bom: None,
        };
        for chunk in chunks {
            sink.write_all(chunk).unwrap();
        }
        (sink.bytes, sink.had_bom)
    }

    #[test]
    fn leaves_out_a_leading_utf8_bom_however_the_bytes_arrive() {
        let with_bom: &[u8] = b"\xEF\xBB\xBF<a/>";
        for split in 0..with_bom.len() {
            let (head, tail) = with_bom.split_at(split);
            assert_eq!(collect(&[head, tail]), (b"<a/>".to_vec(), Some(true)));
        }
        // Only the first mark is the encoding's; a second one is text.
        assert_eq!(
            collect(&[b"\xEF\xBB\xBF\xEF\xBB\xBFx"]),
            (b"\xEF\xBB\xBFx".to_vec(), Some(true))
        );
        assert_eq!(collect(&[b"<a/>"]), (b"<a/>".to_vec(), Some(false)));
        assert_eq!(collect(&[b"\xEF\xBB"]), (b"\xEF\xBB".to_vec(), None));
        assert_eq!(
            collect(&[b"\xFF\xFE<\0"]),
            (b"\xFF\xFE<\0".to_vec(), Some(false))
        );
    }

    /// The package with its customizations.xml replaced (stored uncompressed,
    /// so a test can find and damage its bytes).
    fn with_customizations(bytes: &[u8], content: &[u8]) -> Vec<u8> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for index in 0..archive.len() {
            let file = archive.by_index_raw(index).unwrap();
            if file.name().ok().as_deref() == Some(CUSTOMIZATIONS_XML) {
                drop(file);
                let stored = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Stored);
                writer.start_file(CUSTOMIZATIONS_XML, stored).unwrap();
                writer.write_all(content).unwrap();
            } else {
                writer.raw_copy_file(file).unwrap();
            }
        }
        writer.finish().unwrap().into_inner()
    }

    fn assert_streamed_as_whole(bytes: &[u8], what: &str) -> Vec<Code> {
        let read = |reading| {
            inspect_reading(
                bytes,
                ReadLimits::default(),
                &mut |_| {},
                reading,
                Fingerprints::Computed,
            )
            .map(|(inspection, _)| inspection)
        };
        let (streamed, whole) = (read(Reading::Streamed), read(Reading::Whole));
        assert_eq!(streamed, whole, "{what}");
        streamed.map_or_else(
            |_| Vec::new(),
            |inspection| {
                inspection
                    .diagnostics
                    .into_iter()
                    .map(|diagnostic| diagnostic.code)
                    .collect()
            },
        )
    }

    #[test]
    fn reading_customizations_as_a_stream_gives_what_reading_it_whole_gives() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut names: Vec<_> = std::fs::read_dir(&corpus)
            .expect("tests/corpus")
            .map(|entry| entry.expect("corpus entry").path())
            .filter(|path| path.extension().and_then(|ext| ext.to_str()) == Some("zip"))
            .collect();
        names.sort();
        for path in &names {
            let bytes = std::fs::read(path).expect("corpus package");
            assert_streamed_as_whole(&bytes, &path.display().to_string());
        }
        // Broken and unusual texts, on one real package.
        let seed = names
            .iter()
            .find(|path| path.to_string_lossy().contains("BatchMonitoringAgent"))
            .expect("the BatchMonitoringAgent package is in the corpus");
        let bytes = std::fs::read(seed).unwrap();
        let mut package = Package::open(&bytes).unwrap();
        let index = package.find(CUSTOMIZATIONS_XML).unwrap().index;
        let text = package.read(index).unwrap();
        let (decoded, _, _) = text::decode(&text);
        let middle = text.len() / 2;
        let mut invalid_utf8 = text.clone();
        invalid_utf8.insert(middle, 0xFF);
        let mut truncated = text.clone();
        truncated.truncate(middle);
        let with_problem = decoded.replacen("<IsCustomizable>1<", "<IsCustomizable>maybe<", 1);
        let crlf = [
            TextEncoding::Utf8Bom.bom(),
            decoded.replace('\n', "\r\n").as_bytes(),
        ]
        .concat();
        for (what, content, code) in [
            ("invalid UTF-8", invalid_utf8, Some(Code::SI1005)),
            ("truncated", truncated, Some(Code::SI1003)),
            ("UTF-16", TextEncoding::Utf16Le.encode(&decoded), None),
            (
                "a problem to place",
                with_problem.into_bytes(),
                Some(Code::SI2002),
            ),
            ("CR LF and a BOM", crlf, None),
            ("empty", Vec::new(), Some(Code::SI1003)),
            ("two roots", b"<a/><b/>".to_vec(), Some(Code::SI1003)),
        ] {
            let codes = assert_streamed_as_whole(&with_customizations(&bytes, &content), what);
            if let Some(code) = code {
                assert!(codes.contains(&code), "{what}: {codes:?}");
            }
        }
        // A damaged entry: its CRC no longer matches.
        let mut damaged = with_customizations(&bytes, &text);
        let at = damaged
            .windows(16)
            .position(|window| window == text.get(1000..1016).unwrap())
            .unwrap();
        damaged[at] ^= 0x20;
        let codes = assert_streamed_as_whole(&damaged, "bad CRC");
        assert!(codes.contains(&Code::SI1006), "{codes:?}");
    }

    #[test]
    fn a_mutated_customizations_xml_reads_the_same_streamed_or_whole() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let seed = corpus.join("scottdurow__SparkleXrm__StartMenu_1_4_unmanaged.zip");
        let bytes = std::fs::read(seed).expect("the StartMenu package is in the corpus");
        let mut package = Package::open(&bytes).unwrap();
        let index = package.find(CUSTOMIZATIONS_XML).unwrap().index;
        let text = package.read(index).unwrap();
        // A fixed xorshift sequence: the same mutations on every run.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        const INSERTS: &[&[u8]] = &[
            b"<",
            b">",
            b"/",
            b"\r",
            b"\n",
            b"\xFF",
            b"\xE2\x82",
            b"&",
            b"&x;",
            b"<!--",
            b"]]>",
            b"<a>",
            b"</a>",
            b"\"",
            b"=",
            b":",
            b"<?x?>",
            b"<![CDATA[",
        ];
        let mut broken = 0;
        for round in 0..150 {
            let mut mutated = text.clone();
            for _ in 0..1 + next() % 3 {
                let at = (next() % (mutated.len() as u64 + 1)) as usize;
                match next() % 4 {
                    0 => {
                        let insert = INSERTS[(next() % INSERTS.len() as u64) as usize];
                        mutated.splice(at..at, insert.iter().copied());
                    }
                    1 if at < mutated.len() => {
                        mutated.remove(at);
                    }
                    2 if at < mutated.len() => mutated[at] ^= 1 << (next() % 8),
                    _ => mutated.truncate(at.max(mutated.len() * 9 / 10)),
                }
            }
            let codes = assert_streamed_as_whole(
                &with_customizations(&bytes, &mutated),
                &format!("mutation round {round}"),
            );
            if codes
                .iter()
                .any(|code| matches!(code, Code::SI1003 | Code::SI1005))
            {
                broken += 1;
            }
        }
        // Both paths are exercised: texts taken from the stream and texts read again whole.
        assert!(
            (20..=130).contains(&broken),
            "{broken} of 150 mutations broke the XML"
        );
    }

    #[test]
    fn reserves_no_more_than_the_limits_allow() {
        let entry = package::ZipEntry {
            index: 0,
            path: CUSTOMIZATIONS_XML.into(),
            size: u64::MAX,
            compressed_size: 10,
            crc32: 0,
            is_dir: false,
            encrypted: false,
        };
        let limits = ReadLimits::default();
        assert_eq!(reserve_for(&entry, limits), 64 * 1024);
        let large = package::ZipEntry {
            compressed_size: 1 << 20,
            ..entry.clone()
        };
        assert_eq!(reserve_for(&large, limits), 64 << 20);
        let honest = package::ZipEntry {
            size: 1000,
            ..entry
        };
        assert_eq!(reserve_for(&honest, limits), 1000);
    }
}
