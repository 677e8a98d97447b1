//! customizations.xml, read as a stream of events into components.
//!
//! Each component kind is recognised by the path of its element from the root.
//! While a component element is open, its leaf children (and, for tables, the
//! leaf children of `EntityInfo/entity`) are captured; when it closes, the
//! component is built from them. Nothing else is kept, so memory stays in
//! proportion to the number of components, not to the size of the XML.

use std::borrow::Cow;
use std::collections::HashMap;

use quick_xml::events::BytesStart;

use crate::findings::Code;
use crate::kinds::{Reading, Shape, Source, Value};
use crate::manifest::LocalizedText;
use crate::model::{parse_bool, Component, ComponentKind, ManagedProperty, SourceSpan};
use crate::xml::{self, Visitor};

pub const FILE: &str = "customizations.xml";

/// Top-level sections that are not components but are understood.
const UNDERSTOOD_SECTIONS: &[&str] = &["Languages"];

pub use crate::kinds::{
    ATTRIBUTE_MANAGED_PROPERTIES, COMMON_MANAGED_PROPERTIES, ENTITY_MANAGED_PROPERTIES,
};

/// The managed properties of a kind, as customizations.xml names them.
pub fn managed_property_names(kind: ComponentKind) -> &'static [&'static str] {
    kind.spec().managed_properties
}

/// Every element path of customizations.xml that defines a component, with its kind.
fn component_paths() -> impl Iterator<Item = (&'static str, ComponentKind)> {
    ComponentKind::ALL.into_iter().flat_map(|kind| {
        kind.spec()
            .element_paths()
            .iter()
            .map(move |path| (*path, kind))
    })
}

/// A top-level section the model does not turn into components.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnknownSection {
    pub name: String,
    pub element_count: usize,
}

/// One option of a choice (global option set or a column's own option set),
/// kept so validation can check it against the publisher's option value prefix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptionValue {
    /// The `Name` of the `optionset` element that holds the option.
    pub option_set: String,
    /// Its `OptionSetType` (`picklist`, `multiselectpicklist`, `bit`, …) when written before the options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option_set_type: Option<String>,
    /// The `value` attribute as written.
    pub value: String,
    /// Byte offset of the `<option` tag in the file's UTF-8 text (inside the owning component's span).
    pub offset: usize,
    pub line: u32,
}

#[derive(Debug, Default)]
pub struct Customizations {
    pub components: Vec<Component>,
    pub unknown_sections: Vec<UnknownSection>,
    pub languages: Vec<String>,
    /// Options of every `optionset/options/option`, in document order.
    pub option_values: Vec<OptionValue>,
    /// Problems inside a component (byte offset, code, message).
    pub problems: Vec<(usize, Code, String)>,
}

/// Reads customizations.xml text. On malformed XML the components read so far
/// are returned with the error.
pub fn parse(
    file: &str,
    text: &str,
    base_language: &str,
) -> (Customizations, Option<xml::XmlError>) {
    parse_with_progress(file, text, base_language, &mut |_| {})
}

/// [`parse`], telling `on_position` about every megabyte or so of text read
/// (a byte offset into `text`), so one large file can move a progress bar.
pub fn parse_with_progress(
    file: &str,
    text: &str,
    base_language: &str,
    on_position: &mut dyn FnMut(usize),
) -> (Customizations, Option<xml::XmlError>) {
    parse_text(file, text, base_language, true, on_position)
}

/// [`parse_with_progress`], with or without component fingerprints.
pub fn parse_text(
    file: &str,
    text: &str,
    base_language: &str,
    fingerprints: bool,
    on_position: &mut dyn FnMut(usize),
) -> (Customizations, Option<xml::XmlError>) {
    parse_with(
        file,
        Some(text),
        base_language,
        Captured::KeyFields,
        fingerprints,
        on_position,
        |visitor| xml::scan(text, visitor),
    )
}

/// [`parse`] over text that arrives as a stream and is never held whole: the
/// same components with the same spans and lines. On malformed XML the
/// components still open end at the error's offset (callers that need the
/// exact result of a broken file read it whole with [`parse`]).
pub fn parse_stream<R: std::io::BufRead + xml::CountsNewlines>(
    file: &str,
    source: R,
    base_language: &str,
    fingerprints: bool,
    on_position: &mut dyn FnMut(usize),
) -> (Customizations, Option<xml::XmlError>) {
    parse_with(
        file,
        None,
        base_language,
        Captured::KeyFields,
        fingerprints,
        on_position,
        |visitor| xml::scan_stream(source, visitor),
    )
}

/// Which leaf values of a component are kept while it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Captured {
    /// Only the ones a component is built from ([`is_key_field`]): most leaves
    /// (a column has about thirty) are never looked at, so they are not copied.
    KeyFields,
    /// Every leaf, as before the filter existed; tests compare the two.
    #[cfg_attr(not(test), allow(dead_code))]
    All,
}

#[cfg(test)]
fn parse_capturing(
    file: &str,
    text: &str,
    base_language: &str,
    captured: Captured,
    on_position: &mut dyn FnMut(usize),
) -> (Customizations, Option<xml::XmlError>) {
    parse_with(
        file,
        Some(text),
        base_language,
        captured,
        true,
        on_position,
        |visitor| xml::scan(text, visitor),
    )
}

/// The reader run by `scan`; `text` is the whole document when it is in memory
/// (its lines are counted there; a stream's scan tells them).
fn parse_with(
    file: &str,
    text: Option<&str>,
    base_language: &str,
    captured: Captured,
    fingerprints: bool,
    on_position: &mut dyn FnMut(usize),
    scan: impl FnOnce(&mut dyn Visitor) -> Result<(), xml::XmlError>,
) -> (Customizations, Option<xml::XmlError>) {
    let paths: HashMap<&str, ComponentKind> = component_paths().collect();
    // The deepest element that can be a component (a table's columns and keys).
    let component_depth = paths
        .keys()
        .map(|path| path.matches('/').count())
        .max()
        .unwrap_or(0);
    let mut component_path_lengths =
        vec![false; 1 + paths.keys().map(|path| path.len()).max().unwrap_or(0)];
    for path in paths.keys() {
        if let Some(slot) = component_path_lengths.get_mut(path.len()) {
            *slot = true;
        }
    }
    let mut reader = ComponentReader {
        file,
        base_language,
        paths,
        component_path_lengths,
        component_depth,
        key_fields: KeyFields::new(),
        path: String::new(),
        path_lengths: Vec::new(),
        builders: Vec::new(),
        capture: None,
        capture_text: String::new(),
        section: None,
        result: Customizations::default(),
        lines: crate::text::LineCounter::default(),
        captured,
        text,
        option_set: None,
        option_set_type_open: false,
        on_position,
        fingerprints,
        spare_runs: Vec::new(),
    };
    let outcome = scan(&mut reader);
    let mut result = reader.result;
    if let Err(error) = &outcome {
        // Components still open when the XML broke are kept as far as they were read.
        let end = text.map_or(error.offset, str::len);
        for builder in reader.builders.into_iter().rev() {
            let component = builder.finish(file, end, base_language, &mut result.problems);
            result.components.push(component);
        }
    }
    (result, outcome.err())
}

struct Capture {
    builder: usize,
    depth: usize,
    name: Cow<'static, str>,
    attributes: Vec<(String, String)>,
    localized: bool,
}

struct ComponentReader<'a> {
    file: &'a str,
    base_language: &'a str,
    paths: HashMap<&'static str, ComponentKind>,
    /// Whether some component path has this length: most elements are ruled out
    /// without hashing their path.
    component_path_lengths: Vec<bool>,
    /// The depth of the deepest component path (0 for the root).
    component_depth: usize,
    key_fields: KeyFields,
    /// The element path joined with '/', grown and cut as elements open and close.
    path: String,
    path_lengths: Vec<usize>,
    builders: Vec<Builder>,
    capture: Option<Capture>,
    capture_text: String,
    section: Option<(String, usize, bool)>,
    result: Customizations,
    /// Components and options arrive in document order, so line numbers are
    /// counted as the scan goes instead of indexing every line.
    lines: crate::text::LineCounter,
    captured: Captured,
    text: Option<&'a str>,
    /// The open `optionset` element: (depth, Name, OptionSetType so far).
    option_set: Option<(usize, String, String)>,
    option_set_type_open: bool,
    on_position: &'a mut dyn FnMut(usize),
    /// Whether components get a `fingerprint` (simulation needs them, validation not).
    fingerprints: bool,
    /// Run buffers of finished fingerprints, for the next components (one per nesting
    /// level at most): growing a fresh buffer for each of thousands of components was
    /// a tenth of a reading in wasm.
    spare_runs: Vec<Vec<u8>>,
}

impl ComponentReader<'_> {
    fn depth(&self) -> usize {
        self.path_lengths.len()
    }

    fn segment(&self, depth: usize) -> &str {
        let start = match depth.checked_sub(1) {
            None => 0,
            Some(parent) => self.path_lengths.get(parent).map_or(0, |end| end + 1),
        };
        let end = self.path_lengths.get(depth).copied().unwrap_or(0);
        self.path.get(start..end).unwrap_or_default()
    }

    /// The line of an element's start: told by a stream, counted in the text.
    fn line(&mut self, offset: usize, line: Option<&mut xml::StartLine<'_>>) -> u32 {
        match (line, self.text) {
            (Some(line), _) => line.get(),
            (None, Some(text)) => self.lines.line(text, offset),
            (None, None) => 1,
        }
    }
}

impl ComponentReader<'_> {
    /// Tracks `optionset` elements and records their options' values.
    fn note_option_set(
        &mut self,
        element: &BytesStart<'_>,
        local_name: &str,
        depth: usize,
        offset: usize,
        line: Option<&mut xml::StartLine<'_>>,
    ) {
        match local_name {
            "optionset" => {
                let name = xml::attribute(element, "Name").unwrap_or_default();
                self.option_set = Some((depth, name, String::new()));
            }
            "OptionSetType" => {
                self.option_set_type_open = self
                    .option_set
                    .as_ref()
                    .is_some_and(|(open_depth, _, _)| *open_depth + 1 == depth);
            }
            "option" => {
                let Some((open_depth, name, set_type)) = &self.option_set else {
                    return;
                };
                if *open_depth + 2 != depth || self.segment(depth - 1) != "options" {
                    return;
                }
                let option = OptionValue {
                    option_set: name.clone(),
                    option_set_type: Some(set_type.clone()).filter(|set_type| !set_type.is_empty()),
                    value: xml::attribute(element, "value").unwrap_or_default(),
                    offset,
                    line: 0,
                };
                let line = self.line(offset, line);
                self.result
                    .option_values
                    .push(OptionValue { line, ..option });
            }
            _ => {}
        }
    }
}

impl ComponentReader<'_> {
    /// An element starts; `line` tells its line when the scan counts lines.
    fn start_element(
        &mut self,
        element: &BytesStart<'_>,
        local_name: &str,
        offset: usize,
        mut line: Option<&mut xml::StartLine<'_>>,
    ) {
        // An element inside a captured leaf means it was not a leaf after all.
        if let Some(capture) = &self.capture {
            if !capture.localized {
                self.capture = None;
            }
        }
        // By depth, not by the path's text: an empty name must not shift the
        // segments (a fuzzed `<>` made segment() slice out of range).
        if !self.path_lengths.is_empty() {
            self.path.push('/');
        }
        self.path.push_str(local_name);
        self.path_lengths.push(self.path.len());
        let depth = self.depth() - 1; // 0 for the root element
        if let Some(open) = self.builders.last_mut() {
            if open.depth + 1 == depth {
                open.has_children = true;
            }
        }

        if depth == 1 {
            let known = self
                .paths
                .keys()
                .any(|path| path.split('/').nth(1) == Some(local_name))
                || UNDERSTOOD_SECTIONS.contains(&local_name);
            self.section = Some((local_name.to_owned(), 0, known));
        } else if depth == 2 {
            if let Some(section) = self.section.as_mut() {
                section.1 += 1;
            }
            if self.segment(1) == "Languages" && local_name == "Language" {
                self.capture = Some(Capture {
                    builder: usize::MAX,
                    depth,
                    name: Cow::Borrowed("Language"),
                    attributes: Vec::new(),
                    localized: false,
                });
                self.capture_text.clear();
            }
        }

        self.note_option_set(element, local_name, depth, offset, line.as_deref_mut());

        if depth <= self.component_depth {
            let may_be_component = self
                .component_path_lengths
                .get(self.path.len())
                .copied()
                .unwrap_or(false);
            if let Some(&kind) = may_be_component
                .then(|| self.paths.get(self.path.as_str()))
                .flatten()
            {
                let line = self.line(offset, line);
                let mut builder = Builder::new(kind, depth, offset, line, element);
                if let Some(buffer) = self.spare_runs.pop() {
                    builder.fingerprint.run = buffer;
                }
                self.builders.push(builder);
                return;
            }
        }

        // Decide whether this element is a value the innermost component wants.
        let Some(builder_index) = self.builders.len().checked_sub(1) else {
            return;
        };
        let builder = &self.builders[builder_index];
        let relative = depth - builder.depth;
        let is_leaf_candidate = relative == 1
            || (builder.kind == ComponentKind::Entity
                && relative == 3
                && self.segment(builder.depth + 1) == "EntityInfo"
                && self.segment(builder.depth + 2) == "entity");
        let is_localized_label = matches!(local_name, "LocalizedName" | "displayname")
            && ((relative == 2
                && matches!(self.segment(depth - 1), "LocalizedNames" | "displaynames"))
                || (builder.kind == ComponentKind::Entity
                    && relative == 4
                    && self.segment(depth - 1) == "LocalizedNames"
                    && self.segment(builder.depth + 1) == "EntityInfo"));
        if is_localized_label {
            if let (Some(language), Some(text)) = (
                xml::attribute(element, "languagecode"),
                xml::attribute(element, "description"),
            ) {
                self.builders[builder_index].labels.push(LocalizedText {
                    language_code: language,
                    text,
                });
            }
        } else if is_leaf_candidate
            && (self.captured == Captured::All || self.key_fields.contains(local_name))
        {
            // Of a leaf's own attributes only `Name@LocalizedName` (a table's label) is read.
            let wants_attributes = relative == 1
                && (self.captured == Captured::All || self.key_fields.wants_attributes(local_name));
            self.capture = Some(Capture {
                builder: builder_index,
                depth,
                name: self.key_fields.spelled(local_name),
                attributes: if wants_attributes {
                    xml::attributes(element)
                } else {
                    Vec::new()
                },
                localized: false,
            });
            self.capture_text.clear();
        }
    }
}

impl Visitor for ComponentReader<'_> {
    fn start(&mut self, element: &BytesStart<'_>, local_name: &str, offset: usize) {
        self.start_element(element, local_name, offset, None);
    }

    fn start_on_line(
        &mut self,
        element: &BytesStart<'_>,
        local_name: &str,
        offset: usize,
        line: &mut xml::StartLine<'_>,
    ) {
        self.start_element(element, local_name, offset, Some(line));
    }

    fn position(&mut self, offset: usize) {
        (self.on_position)(offset);
    }

    fn wants_text(&self) -> bool {
        self.option_set_type_open || self.capture.is_some()
    }

    fn wants_raw(&self) -> bool {
        self.fingerprints
    }

    fn raw(&mut self, kind: xml::RawKind, text: &str) {
        if let Some(builder) = self.builders.last_mut() {
            // Kind and length first, so no two event sequences hash the same bytes.
            let length = u32::try_from(text.len()).unwrap_or(u32::MAX).to_le_bytes();
            builder
                .fingerprint
                .update(&[kind as u8, length[0], length[1], length[2], length[3]]);
            builder.fingerprint.update(text.as_bytes());
        }
    }

    fn text(&mut self, text: &str) {
        if self.option_set_type_open {
            if let Some((_, _, set_type)) = self.option_set.as_mut() {
                if set_type.len() < 64 {
                    set_type.push_str(text.trim());
                }
            }
        }
        if self.capture.is_some() && self.capture_text.len() < MAX_CAPTURED_TEXT {
            self.capture_text.push_str(text);
        }
    }

    fn end(&mut self, _local_name: &str, end_offset: usize) {
        let depth = self.depth() - 1;
        self.option_set_type_open = false;
        if self
            .option_set
            .as_ref()
            .is_some_and(|(open_depth, _, _)| *open_depth == depth)
        {
            self.option_set = None;
        }
        if let Some(capture) = self.capture.take_if(|capture| capture.depth == depth) {
            let value = self.capture_text.trim().to_owned();
            if capture.builder == usize::MAX {
                self.result.languages.push(value);
            } else if let Some(builder) = self.builders.get_mut(capture.builder) {
                for (attribute, attribute_value) in capture.attributes {
                    builder.fields.push((
                        Cow::Owned(format!("{}@{}", capture.name, attribute)),
                        attribute_value,
                    ));
                }
                builder.fields.push((capture.name, value));
            }
        }
        if self
            .builders
            .last()
            .is_some_and(|builder| builder.depth == depth)
        {
            if let Some(mut builder) = self.builders.pop() {
                let (fingerprint, buffer) = std::mem::take(&mut builder.fingerprint).digest();
                self.spare_runs.push(buffer);
                // The enclosing component hashes this one by its fingerprint.
                if let Some(parent) = self.builders.last_mut() {
                    parent.fingerprint.update(&fingerprint.to_le_bytes());
                }
                let empty = !builder.has_children
                    && builder
                        .kind
                        .spec()
                        .reading()
                        .is_some_and(|reading| reading.only_with_children);
                let mut component = builder.finish(
                    self.file,
                    end_offset,
                    self.base_language,
                    &mut self.result.problems,
                );
                if component.parent.is_none() && component.kind.belongs_to_entity() {
                    component.parent = self
                        .builders
                        .iter()
                        .rev()
                        .find(|open| open.kind == ComponentKind::Entity)
                        .and_then(Builder::entity_name);
                }
                component.fingerprint = Some(fingerprint);
                if !empty {
                    self.result.components.push(component);
                }
            }
        }
        if depth == 1 {
            if let Some((name, count, known)) = self.section.take() {
                if !known && count > 0 {
                    self.result.unknown_sections.push(UnknownSection {
                        name,
                        element_count: count,
                    });
                }
            }
        }
        let keep = if depth == 0 {
            0
        } else {
            self.path_lengths[depth - 1]
        };
        self.path.truncate(keep);
        self.path_lengths.pop();
    }
}

/// Leaf values longer than this are cut; no managed property or key comes close.
const MAX_CAPTURED_TEXT: usize = 8 * 1024;

/// Where a reading rule takes a component's name, display name, id and parent from.
fn read_sources(reading: Reading) -> impl Iterator<Item = &'static Source> {
    [
        reading.name,
        reading.display_name,
        reading.id,
        reading.parent,
    ]
    .into_iter()
    .flat_map(|value| value.from.iter())
}

/// Leaf elements the kinds' reading rules name (`Child@attr` counts as `Child`), every
/// kind's managed properties and file fields: the leaves a component is built from.
fn key_field_names() -> impl Iterator<Item = &'static str> {
    ComponentKind::ALL.into_iter().flat_map(|kind| {
        let spec = kind.spec();
        let reading = spec.reading().copied().unwrap_or(Reading::NONE);
        read_sources(reading)
            .flat_map(|source| match source {
                Source::Field(name) => std::slice::from_ref(name),
                Source::Joined(names, _) => names,
                _ => &[],
            })
            .map(|name| name.split('@').next().unwrap_or(name))
            .chain(reading.file_fields.iter().copied())
            .chain(spec.managed_properties.iter().copied())
    })
}

/// Leaves whose own attributes a reading rule names (`Name@LocalizedName`: a table's label).
fn leaves_with_attributes() -> impl Iterator<Item = &'static str> {
    ComponentKind::ALL.into_iter().flat_map(|kind| {
        let reading = kind.spec().reading().copied().unwrap_or(Reading::NONE);
        read_sources(reading).filter_map(|source| match source {
            Source::Field(name) => name.split_once('@').map(|(leaf, _)| leaf),
            _ => None,
        })
    })
}

/// [`is_key_field`] as a table by name length, for the per-element check: most
/// leaf names are ruled out by their length or first bytes. Built once per reading
/// from the kinds' declarations.
struct KeyFields {
    by_length: Vec<Vec<&'static str>>,
    with_attributes: Vec<&'static str>,
}

impl KeyFields {
    fn new() -> KeyFields {
        let mut by_length: Vec<Vec<&'static str>> = Vec::new();
        for name in key_field_names() {
            if by_length.len() <= name.len() {
                by_length.resize_with(name.len() + 1, Vec::new);
            }
            if let Some(same_length) = by_length.get_mut(name.len()) {
                if !same_length
                    .iter()
                    .any(|seen| seen.eq_ignore_ascii_case(name))
                {
                    same_length.push(name);
                }
            }
        }
        let mut with_attributes: Vec<&'static str> = leaves_with_attributes().collect();
        with_attributes.sort_unstable();
        with_attributes.dedup();
        KeyFields {
            by_length,
            with_attributes,
        }
    }

    /// The name, borrowed from the lists when it is spelled as they spell it
    /// (one allocation less per captured leaf: most are managed properties).
    fn spelled(&self, name: &str) -> Cow<'static, str> {
        self.by_length
            .get(name.len())
            .and_then(|same_length| same_length.iter().find(|known| **known == name))
            .map_or_else(
                || Cow::Owned(name.to_owned()),
                |known| Cow::Borrowed(*known),
            )
    }

    /// Same answer as [`is_key_field`].
    fn contains(&self, name: &str) -> bool {
        self.by_length.get(name.len()).is_some_and(|same_length| {
            same_length
                .iter()
                .any(|known| known.eq_ignore_ascii_case(name))
        }) || is_file_reference(name)
    }

    /// Whether a reading rule reads this leaf's own attributes.
    fn wants_attributes(&self, name: &str) -> bool {
        self.with_attributes
            .iter()
            .any(|leaf| leaf.eq_ignore_ascii_case(name))
    }
}

/// Whether a component's leaf child is worth keeping: a key field, a managed
/// property of any kind, or a reference to a payload file.
#[cfg(test)]
fn is_key_field(name: &str) -> bool {
    key_field_names().any(|known| known.eq_ignore_ascii_case(name)) || is_file_reference(name)
}

struct Builder {
    kind: ComponentKind,
    depth: usize,
    start: usize,
    line: u32,
    attributes: Vec<(String, String)>,
    /// Leaf children as (element name, text); `Child@attr` for their attributes.
    fields: Vec<(Cow<'static, str>, String)>,
    labels: Vec<LocalizedText>,
    /// Whether any element has opened inside it.
    has_children: bool,
    /// The raw events of the element so far (see `Component::fingerprint`).
    fingerprint: Fingerprint,
}

/// XXH3 over a component's raw events. Events are short (a tag, some
/// indentation), so they are gathered and hashed in runs: most components fit
/// one run and are hashed in one call, without a streaming state.
#[derive(Default)]
struct Fingerprint {
    /// The run: `run[..filled]` is not hashed yet. It is `RUN` bytes long from the
    /// first event on (and reused by later components), so an event is copied in
    /// place, with no call to grow a vector: that call was most of the hashing's cost.
    run: Vec<u8>,
    filled: usize,
    state: Option<Box<xxhash_rust::xxh3::Xxh3Default>>,
}

impl Fingerprint {
    const RUN: usize = 16 * 1024;

    fn update(&mut self, bytes: &[u8]) {
        if self.run.len() < Self::RUN {
            self.run.resize(Self::RUN, 0);
        }
        let end = self.filled + bytes.len();
        if let Some(space) = self.run.get_mut(self.filled..end) {
            space.copy_from_slice(bytes);
            self.filled = end;
            return;
        }
        // Full: the run so far, then this event, go to the streaming state.
        let state = self.state.get_or_insert_with(Default::default);
        state.update(self.run.get(..self.filled).unwrap_or_default());
        state.update(bytes);
        self.filled = 0;
    }

    /// The same value a single XXH3 call over every byte gives; and the run
    /// buffer, for another component.
    fn digest(self) -> (u64, Vec<u8>) {
        let pending = self.run.get(..self.filled).unwrap_or_default();
        let digest = match self.state {
            None => xxhash_rust::xxh3::xxh3_64(pending),
            Some(mut state) => {
                state.update(pending);
                state.digest()
            }
        };
        (digest, self.run)
    }
}

impl Builder {
    fn new(
        kind: ComponentKind,
        depth: usize,
        start: usize,
        line: u32,
        element: &BytesStart<'_>,
    ) -> Builder {
        Builder {
            kind,
            depth,
            start,
            line,
            attributes: xml::attributes(element),
            fields: Vec::new(),
            labels: Vec::new(),
            has_children: false,
            fingerprint: Fingerprint::default(),
        }
    }

    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, value)| field.eq_ignore_ascii_case(name) && !value.is_empty())
            .map(|(_, value)| value.as_str())
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(attribute, value)| attribute.eq_ignore_ascii_case(name) && !value.is_empty())
            .map(|(_, value)| value.as_str())
    }

    fn entity_name(&self) -> Option<String> {
        self.field("Name").map(|name| name.to_ascii_lowercase())
    }

    /// A value by its rule: the first source that has one, shaped. The label is
    /// taken, not copied (only one value of a kind reads it).
    fn value(&self, value: &Value, label: &mut Option<String>) -> Option<String> {
        let found = value.from.iter().find_map(|source| match source {
            Source::Field(name) => self.field(name).map(str::to_owned),
            Source::Attribute(name) => self.attribute(name).map(str::to_owned),
            Source::Label => label.take(),
            Source::Text(text) => Some((*text).to_owned()),
            Source::Joined(names, separator) => Some(
                names
                    .iter()
                    .map(|name| self.field(name).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(separator),
            ),
        })?;
        Some(match value.shape {
            Shape::AsWritten => found,
            Shape::LowerCase => found.to_ascii_lowercase(),
            Shape::BeforeComma => found
                .split(',')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned(),
        })
    }

    /// The payload files its leaves name (`/`-rooted): the ones every kind has and its own.
    fn files(&self, reading: &Reading) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(field, value)| {
                (is_file_reference(field)
                    || reading
                        .file_fields
                        .iter()
                        .any(|known| known.eq_ignore_ascii_case(field)))
                    && value.starts_with('/')
            })
            .map(|(_, value)| value.trim_start_matches('/').to_owned())
            .collect()
    }

    fn finish(
        self,
        file: &str,
        end: usize,
        language: &str,
        problems: &mut Vec<(usize, Code, String)>,
    ) -> Component {
        let spec = self.kind.spec();
        // Only kinds defined by elements reach here; the others are read from their own files.
        let reading = spec.reading().copied().unwrap_or(Reading::NONE);
        let mut label = crate::manifest::pick_language(&self.labels, language);
        let name = self.value(&reading.name, &mut label);
        let display_name = self.value(&reading.display_name, &mut label);
        let id = self.value(&reading.id, &mut label);
        let parent = self.value(&reading.parent, &mut label);

        let name = name.unwrap_or_else(|| {
            problems.push((
                self.start,
                Code::SI2001,
                format!(
                    "a {} has no identifying key (line {}); it is listed as \"(unnamed)\"",
                    self.kind.label().to_ascii_lowercase(),
                    self.line
                ),
            ));
            "(unnamed)".into()
        });

        let files = self.files(&reading);
        let managed_properties = managed_properties(self.fields, spec.managed_properties);

        Component {
            kind: self.kind,
            name,
            display_name: display_name.filter(|display| !display.is_empty()),
            parent,
            id,
            managed_properties,
            files,
            source: SourceSpan {
                file: file.to_owned(),
                line: self.line,
                start: self.start,
                end,
            },
            fingerprint: None,
        }
    }
}

/// The first value of each known property, under its documented spelling; the
/// captured values are moved, not copied.
fn managed_properties(
    fields: Vec<(Cow<'static, str>, String)>,
    names: &[&'static str],
) -> Vec<ManagedProperty> {
    let mut properties: Vec<ManagedProperty> = Vec::with_capacity(names.len().min(fields.len()));
    for (field, raw) in fields {
        if field.contains('@') {
            continue;
        }
        let Some(known) = names
            .iter()
            .find(|known| known.eq_ignore_ascii_case(&field))
        else {
            continue;
        };
        if properties.iter().any(|seen| seen.name == *known) {
            continue;
        }
        properties.push(ManagedProperty {
            name: (*known).to_owned(),
            value: parse_bool(&raw),
            raw,
        });
    }
    properties
}

fn is_file_reference(field: &str) -> bool {
    matches!(
        field,
        "FileName" | "XamlFileName" | "JsonFileName" | "FormulaDefinitionFileName" | "file"
    ) || (field.ends_with("Uri") && !field.contains('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_components_with_parents_and_properties() {
        let text = r#"<ImportExportXml>
  <Entities><Entity><Name LocalizedName="Thing">new_thing</Name>
    <EntityInfo><entity Name="new_thing">
      <LocalizedNames><LocalizedName description="Thing" languagecode="1033"/></LocalizedNames>
      <attributes><attribute PhysicalName="new_Code"><LogicalName>new_code</LogicalName>
        <IsCustomizable>1</IsCustomizable><IsRenameable>yes</IsRenameable>
        <displaynames><displayname description="Code" languagecode="1033"/></displaynames>
      </attribute></attributes>
      <IsCustomizable>0</IsCustomizable><CanCreateForms>1</CanCreateForms>
    </entity></EntityInfo>
  </Entity></Entities>
  <Mystery><A/><B/></Mystery>
  <Languages><Language>1033</Language></Languages>
</ImportExportXml>"#;
        let (parsed, error) = parse(FILE, text, "1033");
        assert!(error.is_none(), "{error:?}");
        let attribute = &parsed.components[0];
        assert_eq!(attribute.kind, ComponentKind::Attribute);
        assert_eq!(attribute.name, "new_code");
        assert_eq!(attribute.parent.as_deref(), Some("new_thing"));
        assert_eq!(attribute.display_name.as_deref(), Some("Code"));
        assert_eq!(attribute.property("IsRenameable").unwrap().value, None);
        let entity = &parsed.components[1];
        assert_eq!(entity.name, "new_thing");
        assert_eq!(entity.display_name.as_deref(), Some("Thing"));
        assert_eq!(entity.effective("CanCreateForms"), Some(false));
        assert_eq!(entity.source.line, 2);
        assert_eq!(
            parsed.unknown_sections,
            vec![UnknownSection {
                name: "Mystery".into(),
                element_count: 2
            }]
        );
        assert_eq!(parsed.languages, vec!["1033"]);
    }

    #[test]
    fn fingerprints_follow_the_definition_and_nest() {
        let table = |code_label: &str, name_label: &str, extra: &str| {
            format!(
                r#"<ImportExportXml><Entities><Entity><Name>new_thing</Name>{extra}
  <EntityInfo><entity Name="new_thing"><attributes>
    <attribute PhysicalName="new_Code"><LogicalName>new_code</LogicalName><Label>{code_label}</Label></attribute>
    <attribute PhysicalName="new_Name"><LogicalName>new_name</LogicalName><Label>{name_label}</Label></attribute>
  </attributes></entity></EntityInfo></Entity></Entities></ImportExportXml>"#
            )
        };
        let fingerprints = |text: &str| -> Vec<(String, u64)> {
            let (parsed, error) = parse(FILE, text, "1033");
            assert!(error.is_none(), "{error:?}");
            parsed
                .components
                .iter()
                .map(|component| {
                    let fingerprint = component.fingerprint.expect("every read component has one");
                    (component.name.clone(), fingerprint)
                })
                .collect()
        };
        let base = fingerprints(&table("Code", "Name", ""));
        assert_eq!(
            base,
            fingerprints(&table("Code", "Name", "")),
            "deterministic"
        );
        let names: Vec<&str> = base.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["new_code", "new_name", "new_thing"]);

        // A change inside one column changes that column and its table, not the other column.
        let changed = fingerprints(&table("Code!", "Name", ""));
        assert_ne!(changed[0].1, base[0].1);
        assert_eq!(changed[1].1, base[1].1);
        assert_ne!(changed[2].1, base[2].1);

        // A change in the table's own text changes only the table.
        let own = fingerprints(&table("Code", "Name", "<!-- note -->"));
        assert_eq!(own[0].1, base[0].1);
        assert_eq!(own[1].1, base[1].1);
        assert_ne!(own[2].1, base[2].1);

        // Text moved across markup is a different definition.
        let moved = fingerprints(&table("Co", "deName", ""));
        assert_ne!(moved[0].1, base[0].1);
    }

    #[test]
    fn key_field_table_agrees_with_the_list() {
        let table = KeyFields::new();
        let long = "x".repeat(100);
        let declared: Vec<&str> = key_field_names().collect();
        for name in declared
            .iter()
            .copied()
            .chain(ENTITY_MANAGED_PROPERTIES.iter().copied())
            .chain([
                "NAME",
                "logicalname",
                "iscustomizable",
                "FileName",
                "IconUri",
            ])
            .chain([
                "Type",
                "RequiredLevel",
                "Name@LocalizedName",
                "",
                "é",
                &long,
            ])
        {
            assert_eq!(table.contains(name), is_key_field(name), "{name}");
        }
        assert!(table.contains("ISCUSTOMIZABLE") && !table.contains("DisplayMask"));
        // Names the declarations read, as fields, joined fields and file fields.
        for name in [
            "formid",
            "EntityTarget",
            "openapidefinition",
            "msdyn_name",
            "Name",
        ] {
            assert!(table.contains(name), "{name}");
        }
        assert!(table.wants_attributes("name") && !table.wants_attributes("FormId"));
    }

    /// Every corpus package's customizations.xml, inflated, with the package's path.
    fn corpus_customizations() -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&corpus).expect("tests/corpus") {
            let path = entry.expect("corpus entry").path();
            if path.extension().and_then(|ext| ext.to_str()) != Some("zip") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("corpus package");
            let Ok(mut package) = crate::package::Package::open(&bytes) else {
                continue;
            };
            let Some(index) = package.find(FILE).map(|entry| entry.index) else {
                continue;
            };
            files.push((path, package.read(index).expect("inflates")));
        }
        files
    }

    /// The key-field filter must change nothing: every corpus package (and the
    /// synthetic texts above) parse to the same result with and without it.
    #[test]
    fn capturing_only_key_fields_reads_the_same_model() {
        let mut compared = 0;
        for (path, content) in corpus_customizations() {
            let (text, _, _) = crate::text::decode_owned(content);
            let (all, all_error) = parse_capturing(FILE, &text, "1033", Captured::All, &mut |_| {});
            let (keys, keys_error) =
                parse_capturing(FILE, &text, "1033", Captured::KeyFields, &mut |_| {});
            assert_eq!(keys.components, all.components, "{}", path.display());
            assert_eq!(keys.problems, all.problems, "{}", path.display());
            assert_eq!(keys.option_values, all.option_values, "{}", path.display());
            assert_eq!(keys.languages, all.languages);
            assert_eq!(keys.unknown_sections, all.unknown_sections);
            assert_eq!(keys_error, all_error);
            assert!(!all.components.is_empty(), "{}", path.display());
            compared += 1;
        }
        assert!(compared >= 20, "only {compared} corpus packages compared");
    }

    /// Hands out at most `step` bytes per read, so characters, tags and line
    /// ends are cut at every possible place.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let count = self.step.min(out.len()).min(self.bytes.len());
            out[..count].copy_from_slice(&self.bytes[..count]);
            self.bytes = &self.bytes[count..];
            Ok(count)
        }
    }

    fn assert_stream_reads_like_text(bytes: &[u8], step: usize, what: &str) {
        let (text, _, _) = crate::text::decode(bytes);
        let (whole, whole_error) = parse(FILE, &text, "1033");
        let mut stream = crate::text::Utf8Stream::new(Trickle { bytes, step });
        let (streamed, stream_error) = parse_stream(FILE, &mut stream, "1033", true, &mut |_| {});
        assert_eq!(stream.problem(), None, "{what}");
        assert_eq!(stream_error.is_some(), whole_error.is_some(), "{what}");
        assert_eq!(streamed.components, whole.components, "{what}");
        assert_eq!(streamed.option_values, whole.option_values, "{what}");
        assert_eq!(streamed.problems, whole.problems, "{what}");
        assert_eq!(streamed.languages, whole.languages, "{what}");
        assert_eq!(streamed.unknown_sections, whole.unknown_sections, "{what}");
    }

    #[test]
    fn a_stream_reads_the_same_model_with_the_same_spans_and_lines() {
        let mut compared = 0;
        for (path, content) in corpus_customizations() {
            if crate::text::TextEncoding::sniff(&content) != crate::text::TextEncoding::Utf8
                && crate::text::TextEncoding::sniff(&content) != crate::text::TextEncoding::Utf8Bom
            {
                continue;
            }
            let what = path.display().to_string();
            assert_stream_reads_like_text(&content, 64 * 1024, &what);
            assert_stream_reads_like_text(&content, 4093, &what);
            compared += 1;
        }
        assert!(compared >= 20, "only {compared} corpus packages compared");
        // Line ends of every kind, a BOM, tags and attributes over several lines,
        // multi-byte characters, read one byte at a time.
        let tricky = "\u{FEFF}<?xml version=\"1.0\"?>\r\n<ImportExportXml>\r\n <Entities>\r\n  <Entity\r\n   a=\"x\ny\">\r\n   <Name LocalizedName=\"Tàble é\">new_tàble</Name>\r\n\
            <EntityInfo><entity Name=\"new_tàble\"><attributes><attribute\nPhysicalName=\"new_a\"><Name>new_a</Name><IsCustomizable>1</IsCustomizable></attribute\n></attributes></entity></EntityInfo>\r\
            </Entity>\r<Entity><Name>€uro</Name></Entity></Entities>\n<optionsets><optionset Name=\"new_o\"><OptionSetType>picklist</OptionSetType><options><option value=\"1\"\n/></options></optionset></optionsets></ImportExportXml>\n";
        for step in [1, 2, 3, 5, 64 * 1024] {
            assert_stream_reads_like_text(tricky.as_bytes(), step, "tricky");
        }
    }

    #[test]
    fn records_option_values_of_global_and_column_option_sets() {
        let text = r#"<ImportExportXml>
  <Entities><Entity><Name>new_thing</Name><EntityInfo><entity Name="new_thing"><attributes>
    <attribute PhysicalName="new_Kind"><LogicalName>new_kind</LogicalName>
      <optionset Name="new_thing_new_kind"><OptionSetType>picklist</OptionSetType>
        <options><option value="100000000"><labels/></option><option value="7"/></options>
      </optionset>
    </attribute>
  </attributes></entity></EntityInfo></Entity></Entities>
  <optionsets><optionset Name="new_colour"><OptionSetType>picklist</OptionSetType>
    <options><option value="100000001"/></options></optionset></optionsets>
</ImportExportXml>"#;
        let (parsed, error) = parse(FILE, text, "1033");
        assert!(error.is_none(), "{error:?}");
        let values: Vec<(&str, Option<&str>, &str, u32)> = parsed
            .option_values
            .iter()
            .map(|option| {
                (
                    option.option_set.as_str(),
                    option.option_set_type.as_deref(),
                    option.value.as_str(),
                    option.line,
                )
            })
            .collect();
        assert_eq!(
            values,
            vec![
                ("new_thing_new_kind", Some("picklist"), "100000000", 5),
                ("new_thing_new_kind", Some("picklist"), "7", 5),
                ("new_colour", Some("picklist"), "100000001", 10),
            ]
        );
        let attribute = parsed
            .components
            .iter()
            .find(|component| component.kind == ComponentKind::Attribute)
            .unwrap();
        let first = &parsed.option_values[0];
        assert!(attribute.source.start < first.offset && first.offset < attribute.source.end);
    }
}
