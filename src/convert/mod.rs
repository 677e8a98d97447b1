//! Conversion of an unmanaged solution package into the managed package the
//! platform's managed export would produce, as far as the package alone allows.
//!
//! The rules come from `MANAGED_EXPORT_RULES.md` (checked against the corpus
//! pairs): `<Managed>` becomes 1 (R1); every other byte is kept (R2, R3);
//! forms marked `unmodified="1"` are dropped, with a `forms` group they leave
//! empty (R4); forms with a managed base stay full, since the platform's diff
//! needs the base layer (R5, reported); label blanking (R6) is not guessed.
//! On top, the author's managed-property choices are written.
//!
//! Text is edited by byte spans and stored in its own encoding; unchanged zip
//! entries are copied raw (same compressed bytes and CRC, same order).

pub mod edit;
pub mod policy;
pub mod properties;

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Write};

use serde::{Deserialize, Serialize};

use crate::customizations::managed_property_names;
use crate::findings::Code;
use crate::inspect::{self, Inspection, CUSTOMIZATIONS_XML, SOLUTION_XML};
use crate::manifest::Manifest;
use crate::model::{Component, ComponentKind, IS_CUSTOMIZABLE};
use crate::package::{EntryError, OpenError, Package, ReadLimits};
use crate::progress::{EntryProgress, Meter, Progress, REPORT_STEP};
use crate::text::{self, TextEncoding};

use edit::{Container, Edit, Locate, Patched};
pub use policy::{ChoiceSource, ManagedPropertyPolicy, PolicyError};
pub use properties::{
    editable_properties, lock_kind_effect, EditableComponent, EditableProperty, KindLock,
};

/// Deflate level for rewritten entries: fast, the output is a transfer format.
const FAST_DEFLATE_LEVEL: i64 = 1;

/// The converted package and what was done to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub bytes: Vec<u8>,
    pub report: ConversionReport,
}

/// Why a package was not converted, by kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The package is already managed (or an unpacked "Both" folder):
    /// `managed_raw` is what its `<Managed>` says.
    #[error("{} is already a managed solution (<Managed>{managed_raw}</Managed>); there is no supported way to convert it again or back to unmanaged", if unique_name.is_empty() { "the package" } else { unique_name })]
    AlreadyManaged {
        unique_name: String,
        managed_raw: String,
    },
    /// The bytes cannot be opened as a zip.
    #[error(transparent)]
    NotAZip(#[from] OpenError),
    /// An entry the conversion must change is not in the package.
    #[error("{path} cannot be converted: the package has no such entry")]
    EntryMissing { path: String },
    /// An entry the conversion must change cannot be read.
    #[error("{path} cannot be converted: {source}")]
    EntryUnreadable { path: String, source: EntryError },
    /// An entry the conversion must change is not valid text in its encoding.
    #[error("{path} cannot be converted: it is not valid {encoding:?} text, so it cannot be rewritten without damage")]
    NotText {
        path: String,
        encoding: TextEncoding,
    },
    /// Writing the converted zip failed (`detail` names the entry when there is one).
    #[error("the converted zip cannot be written: {detail}")]
    WriteFailed { detail: String },
}

impl Refusal {
    /// The refusal's broad reason: the package's own state, or unreadable bytes.
    pub fn reason(&self) -> RefusalReason {
        match self {
            Refusal::AlreadyManaged { .. } => RefusalReason::AlreadyManaged,
            Refusal::NotAZip(_)
            | Refusal::EntryMissing { .. }
            | Refusal::EntryUnreadable { .. }
            | Refusal::NotText { .. }
            | Refusal::WriteFailed { .. } => RefusalReason::Unreadable,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RefusalReason {
    /// The package is already managed (or an unpacked "Both" folder).
    AlreadyManaged,
    /// The zip or an entry that must change cannot be read or rewritten.
    Unreadable,
}

/// What the conversion changed, dropped and could not reproduce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversionReport {
    pub unique_name: String,
    pub version: String,
    /// The platform's name for the managed export, e.g. `Name_1_2_0_0_managed.zip`.
    pub file_name: String,
    /// `<Managed>` as the input wrote it.
    pub managed_before: String,
    pub property_changes: Vec<PropertyChange>,
    /// Components the platform's managed export leaves out.
    pub dropped_components: Vec<DroppedComponent>,
    /// Differences from the platform's export that cannot be reproduced offline.
    pub notes: Vec<ConversionNote>,
    /// Zip entries rewritten; every other entry is a raw copy.
    pub changed_entries: Vec<String>,
    pub copied_entries: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyChange {
    pub component: String,
    pub property: String,
    /// `None` when the package did not write the element (it was inserted).
    pub from: Option<bool>,
    pub to: bool,
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DroppedComponent {
    pub component: String,
    pub kind: ComponentKind,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub line: u32,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversionNote {
    /// Stable code: `SI5xxx` (the catalogue's `Code`).
    pub code: Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    pub message: String,
}

impl ConversionNote {
    fn new(code: Code, component: Option<String>, message: impl Into<String>) -> ConversionNote {
        ConversionNote {
            code,
            component,
            message: message.into(),
        }
    }
}

/// The file name the platform gives a managed export:
/// `UniqueName_1_2_0_0_managed.zip`. Characters that cannot be part of a
/// plain file name become `_`.
pub fn managed_file_name(manifest: &Manifest) -> String {
    let name = crate::names::file_name_stem(&manifest.unique_name);
    let version = crate::names::file_name_part(manifest.version.trim());
    if version.is_empty() {
        format!("{name}_managed.zip")
    } else {
        format!("{name}_{version}_managed.zip")
    }
}

/// Whether the package can be converted at all: an already managed package
/// (or an unpacked "Both" folder, `<Managed>2`) is refused.
pub fn check_convertible(inspection: &Inspection) -> Result<(), Refusal> {
    let raw = inspection.manifest.managed_raw.trim();
    if inspection.manifest.managed() == Some(true) || raw == "2" {
        return Err(Refusal::AlreadyManaged {
            unique_name: inspection.manifest.unique_name.clone(),
            managed_raw: raw.to_owned(),
        });
    }
    Ok(())
}

/// Converts an unmanaged package. `inspection` must be `inspect(bytes)`.
pub fn convert(
    bytes: &[u8],
    inspection: &Inspection,
    policy: &ManagedPropertyPolicy,
) -> Result<Converted, Refusal> {
    convert_with_progress(bytes, inspection, policy, &mut |_| {})
}

/// [`convert`], reporting the bytes of the entries written or copied so far of
/// all the package's entries (0 once the zip is open, the total at the end).
pub fn convert_with_progress(
    bytes: &[u8],
    inspection: &Inspection,
    policy: &ManagedPropertyPolicy,
    progress: &mut dyn FnMut(Progress),
) -> Result<Converted, Refusal> {
    check_convertible(inspection)?;
    let mut package = Package::open(bytes)?;
    let mut meter = Meter::new(package.declared_total(), progress);

    let mut report = ConversionReport {
        unique_name: inspection.manifest.unique_name.clone(),
        version: inspection.manifest.version.clone(),
        file_name: managed_file_name(&inspection.manifest),
        managed_before: inspection.manifest.managed_raw.clone(),
        property_changes: Vec::new(),
        dropped_components: Vec::new(),
        notes: Vec::new(),
        changed_entries: Vec::new(),
        copied_entries: 0,
    };
    for unmatched in policy.unmatched(inspection) {
        report.notes.push(ConversionNote::new(
            Code::SI5001,
            Some(unmatched.clone()),
            format!("The policy names {unmatched}, which this package does not hold; the rule is kept for other versions and ignored here"),
        ));
    }

    // Property changes grouped by the file that defines the component.
    let editable = properties::editable_with_index(inspection, policy);
    let mut changes_by_file: BTreeMap<&str, Vec<(&Component, &EditableProperty)>> = BTreeMap::new();
    for (index, listed) in &editable {
        let Some(component) = inspection.components.get(*index) else {
            continue;
        };
        for property in listed.properties.iter().filter(|prop| prop.changes()) {
            changes_by_file
                .entry(component.source.file.as_str())
                .or_default()
                .push((component, property));
        }
    }

    let mut rewritten: BTreeMap<usize, Rewrite> = BTreeMap::new();

    // solution.xml: R1.
    let (solution_text, solution_encoding) = read_text(&mut package, SOLUTION_XML)?;
    let solution = flip_managed(&solution_text);
    rewritten.insert(
        entry_index(&package, SOLUTION_XML),
        Rewrite {
            patched: Patched::new(solution, Vec::new()),
            encoding: solution_encoding,
        },
    );

    // customizations.xml: R4 and the chosen managed properties.
    let customization_changes = changes_by_file.remove(CUSTOMIZATIONS_XML);
    let customizations = match package.find(CUSTOMIZATIONS_XML) {
        None => None,
        Some(_) => read_text(&mut package, CUSTOMIZATIONS_XML)
            .map_err(|refusal| {
                report.notes.push(ConversionNote::new(
                    Code::SI5004,
                    None,
                    format!("{refusal}; it is copied unchanged, so no form is dropped and no managed property is written"),
                ));
            })
            .ok(),
    };
    if let Some((text, encoding)) = customizations {
        let changes = customization_changes.unwrap_or_default();
        let edits = edit_customizations(&text, inspection, &changes, &mut report);
        // Not spliced here: the edited text is produced piece by piece as it is deflated.
        let patched = Patched::new(text, edits);
        if patched.changes_text() {
            rewritten.insert(
                entry_index(&package, CUSTOMIZATIONS_XML),
                Rewrite { patched, encoding },
            );
        }
    }

    // Folder-defined components (custom APIs, environment variables, …).
    for (file, changes) in changes_by_file {
        let (text, encoding) = match read_text(&mut package, file) {
            Ok(text_and_encoding) => text_and_encoding,
            Err(refusal) => {
                report.notes.push(ConversionNote::new(
                    Code::SI5004,
                    None,
                    format!("{refusal}; it is copied unchanged, so its managed properties are not written"),
                ));
                continue;
            }
        };
        let targets = vec![Locate::Root];
        let (findings, _) = edit::find(&text, &targets, false);
        let Some(Some(container)) = findings.containers.first() else {
            continue;
        };
        let eol = edit::line_ending(&text);
        let mut edits = Vec::new();
        for (component, property) in &changes {
            if let Some((edit, change)) =
                property_change(&text, eol, container, component, property, file)
            {
                edits.push(edit);
                report.property_changes.push(change);
            }
        }
        let patched = Patched::new(text, edits);
        if patched.changes_text() {
            rewritten.insert(entry_index(&package, file), Rewrite { patched, encoding });
        }
    }

    let bytes = write_zip(
        &mut package,
        bytes.len(),
        &rewritten,
        &mut report,
        &mut meter,
    )?;
    meter.finish();
    Ok(Converted { bytes, report })
}

/// The index of the entry `read_text` reads for `path` (the first of
/// duplicates, as inspection reads it), so only that one is rewritten.
fn entry_index(package: &Package<'_>, path: &str) -> usize {
    package.find(path).map_or(usize::MAX, |entry| entry.index)
}

/// An entry the conversion rewrites: its text with the edits, and the encoding
/// it is written back in.
struct Rewrite {
    patched: Patched<String>,
    encoding: TextEncoding,
}

fn read_text(package: &mut Package<'_>, path: &str) -> Result<(String, TextEncoding), Refusal> {
    let (index, expected) = package
        .find(path)
        .map(|entry| {
            (
                entry.index,
                inspect::reserve_for(entry, ReadLimits::default()),
            )
        })
        .ok_or_else(|| Refusal::EntryMissing {
            path: path.to_owned(),
        })?;
    // Room for the text up front, so the buffer is not regrown as it fills; a
    // size that cannot be had is simply not reserved.
    let mut bytes = Vec::new();
    let _ = bytes.try_reserve_exact(expected);
    package
        .read_into(index, &mut bytes)
        .map_err(|source| Refusal::EntryUnreadable {
            path: path.to_owned(),
            source,
        })?;
    // UTF-8 text becomes a String in place (no copy).
    let (decoded, encoding, had_errors) = text::decode_owned(bytes);
    if had_errors {
        return Err(Refusal::NotText {
            path: path.to_owned(),
            encoding,
        });
    }
    Ok((decoded, encoding))
}

/// R1: the text of `SolutionManifest/Managed` becomes `1`; nothing else moves.
fn flip_managed(text: &str) -> String {
    let (root, _) = edit::find(text, &[Locate::Root], false);
    let Some(Some(root)) = root.containers.first() else {
        return text.to_owned();
    };
    let Some(manifest) = root
        .children
        .iter()
        .find(|child| child.name == "SolutionManifest")
    else {
        return text.to_owned();
    };
    let (found, _) = edit::find(text, &[Locate::ElementAt(manifest.start)], false);
    let Some(Some(container)) = found.containers.first() else {
        return text.to_owned();
    };
    let managed = container
        .children
        .iter()
        .find(|child| child.name == "Managed");
    let edit = match managed {
        Some(child) => match edit::leaf_content(text, child) {
            Some((start, end)) => Edit {
                start,
                end,
                replacement: "1".into(),
            },
            None => Edit {
                start: child.start,
                end: child.end,
                replacement: "<Managed>1</Managed>".into(),
            },
        },
        None => insert_after_named(
            text,
            edit::line_ending(text),
            container,
            &["Version"],
            "<Managed>1</Managed>",
        ),
    };
    edit::apply(text, vec![edit])
}

/// The edits of customizations.xml (R4 and the managed properties).
fn edit_customizations(
    text: &str,
    inspection: &Inspection,
    changes: &[(&Component, &EditableProperty)],
    report: &mut ConversionReport,
) -> Vec<Edit> {
    let targets: Vec<Locate> = changes
        .iter()
        .map(|(component, _)| match component.kind {
            ComponentKind::Entity => Locate::EntityInfoIn(component.source.start),
            _ => Locate::ElementAt(component.source.start),
        })
        .collect();
    let (findings, error) = edit::find(text, &targets, true);
    if let Some(error) = error {
        report.notes.push(ConversionNote::new(
            Code::SI5002,
            None,
            format!(
                "customizations.xml is not well formed ({}); only what comes before the damage was converted",
                error
            ),
        ));
    }

    let mut edits = Vec::new();
    // R4: unmodified forms, or their whole group when nothing else is in it.
    let mut removed: Vec<(usize, usize)> = Vec::new();
    for &(start, end) in &findings.emptied_form_groups {
        removed.push(edit::whole_lines(text, start, end));
    }
    for &(start, end) in &findings.unmodified_forms {
        let inside_group = findings
            .emptied_form_groups
            .iter()
            .any(|&(group_start, group_end)| group_start <= start && end <= group_end);
        if !inside_group {
            removed.push(edit::whole_lines(text, start, end));
        }
    }
    for &(start, end) in &removed {
        edits.push(Edit {
            start,
            end,
            replacement: String::new(),
        });
    }
    let dropped_starts: HashSet<usize> = findings
        .unmodified_forms
        .iter()
        .map(|&(start, _)| start)
        .collect();
    for component in &inspection.components {
        if component.kind == ComponentKind::Form
            && component.source.file == CUSTOMIZATIONS_XML
            && dropped_starts.contains(&component.source.start)
        {
            report.dropped_components.push(DroppedComponent {
                component: component.key(),
                kind: component.kind,
                name: component.name.clone(),
                display_name: component.display_name.clone(),
                entity: component.parent.clone(),
                line: component.source.line,
                reason: "the form is marked unmodified=\"1\": it is the managed base form another solution brings, which the platform's managed export leaves out".into(),
            });
        } else if component.kind == ComponentKind::Form
            && component.source.file == CUSTOMIZATIONS_XML
            && component.property(IS_CUSTOMIZABLE).is_none()
        {
            report.notes.push(ConversionNote::new(
                Code::SI5003,
                Some(component.key()),
                format!(
                    "Form {:?} {} of table {} has a managed base layer; the platform's managed export writes only this solution's changes to it (a diff FormXml), which needs the base form from the organization, so the full form is kept",
                    component.display_name.as_deref().unwrap_or_default(),
                    component.name,
                    component.parent.as_deref().unwrap_or("?")
                ),
            ));
        }
    }

    let eol = edit::line_ending(text);
    let inside_removed = |offset: usize| {
        removed
            .iter()
            .any(|&(start, end)| start <= offset && offset < end)
    };
    for ((component, property), container) in changes.iter().zip(&findings.containers) {
        let Some(container) = container else {
            continue;
        };
        if inside_removed(container.start) {
            continue;
        }
        if let Some((edit, change)) = property_change(
            text,
            eol,
            container,
            component,
            property,
            CUSTOMIZATIONS_XML,
        ) {
            edits.push(edit);
            report.property_changes.push(change);
        }
    }
    edits
}

/// [`property_edit`] for a chosen property of `component` in `file`, with the
/// line the report gives the change.
fn property_change(
    text: &str,
    eol: &str,
    container: &Container<'_>,
    component: &Component,
    property: &EditableProperty,
    file: &str,
) -> Option<(Edit, PropertyChange)> {
    let edit = property_edit(
        text,
        eol,
        container,
        component,
        &property.name,
        property.value,
    )?;
    let change = PropertyChange {
        component: component.key(),
        property: property.name.clone(),
        from: property.package_value,
        to: property.value,
        file: file.to_owned(),
    };
    Some((edit, change))
}

/// The edit that makes `property` read `value` inside `container`: the text of
/// the existing element is replaced, or a new element is inserted where the
/// platform writes it. `eol` is the text's [`edit::line_ending`].
fn property_edit(
    text: &str,
    eol: &str,
    container: &Container<'_>,
    component: &Component,
    property: &str,
    value: bool,
) -> Option<Edit> {
    let digit = if value { "1" } else { "0" };
    if let Some(child) = container
        .children
        .iter()
        .find(|child| child.name.eq_ignore_ascii_case(property))
    {
        return Some(match edit::leaf_content(text, child) {
            Some((start, end)) => Edit {
                start,
                end,
                replacement: digit.into(),
            },
            None => Edit {
                start: child.start,
                end: child.end,
                replacement: format!("<{0}>{digit}</{0}>", child.name),
            },
        });
    }
    let element = format!("<{property}>{digit}</{property}>");
    let canonical = managed_property_names(component.kind);
    let position = canonical
        .iter()
        .position(|name| name.eq_ignore_ascii_case(property))
        .unwrap_or(canonical.len());
    let find_child = |name: &str| container.children.iter().find(|child| child.name == name);
    // After the nearest property that comes before it in the platform's order…
    if let Some(before) = canonical
        .get(..position)
        .unwrap_or_default()
        .iter()
        .rev()
        .find_map(|name| find_child(name))
    {
        return Some(insert_after(text, eol, before.end, before.start, &element));
    }
    // …or before the nearest one that comes after it…
    if let Some(after) = canonical
        .get(position + 1..)
        .unwrap_or_default()
        .iter()
        .find_map(|name| find_child(name))
    {
        return Some(insert_before(text, eol, after.start, &element));
    }
    // …or at the place each kind's schema gives IsCustomizable.
    let anchor: &[&str] = match component.kind {
        ComponentKind::Relationship => &["EntityRelationshipType"],
        ComponentKind::Form => &["form"],
        ComponentKind::SdkMessageProcessingStep => &["Stage"],
        ComponentKind::View | ComponentKind::Role => &[],
        _ => &["IntroducedVersion"],
    };
    if anchor.is_empty() {
        if let Some(first) = container.children.first() {
            return Some(insert_before(text, eol, first.start, &element));
        }
    }
    Some(insert_after_named(text, eol, container, anchor, &element))
}

fn insert_after(text: &str, eol: &str, at: usize, sibling_start: usize, element: &str) -> Edit {
    let indentation = edit::indentation_before(text, sibling_start);
    Edit {
        start: at,
        end: at,
        replacement: format!("{eol}{indentation}{element}"),
    }
}

fn insert_before(text: &str, eol: &str, at: usize, element: &str) -> Edit {
    let indentation = edit::indentation_before(text, at);
    let replacement = if indentation.is_empty() {
        element.to_owned()
    } else {
        format!("{element}{eol}{indentation}")
    };
    Edit {
        start: at,
        end: at,
        replacement,
    }
}

/// After the first child named in `anchors`, else after the last child, else
/// just before the container's end tag.
fn insert_after_named(
    text: &str,
    eol: &str,
    container: &Container<'_>,
    anchors: &[&str],
    element: &str,
) -> Edit {
    if let Some(anchor) = anchors
        .iter()
        .find_map(|name| container.children.iter().find(|child| child.name == *name))
        .or_else(|| container.children.last())
    {
        return insert_after(text, eol, anchor.end, anchor.start, element);
    }
    let end_tag = text
        .get(container.start..container.end)
        .and_then(|element_text| element_text.rfind("</"))
        .map_or(container.end, |delta| container.start + delta);
    Edit {
        start: end_tag,
        end: end_tag,
        replacement: element.to_owned(),
    }
}

/// Writes the output zip: rewritten entries deflated with the entry's own
/// timestamp (so the package keeps one export time and the output depends on
/// the input only), every other entry copied raw, all in the input's order.
/// `input_size` (the input zip's) sizes the output buffer up front.
fn write_zip(
    package: &mut Package<'_>,
    input_size: usize,
    rewritten: &BTreeMap<usize, Rewrite>,
    report: &mut ConversionReport,
    meter: &mut Meter<'_>,
) -> Result<Vec<u8>, Refusal> {
    let failed = |detail: String| Refusal::WriteFailed { detail };
    let entries: Vec<(usize, String, u64)> = package
        .entries()
        .iter()
        .map(|entry| {
            let declared = if entry.is_dir { 0 } else { entry.size };
            (entry.index, entry.path.clone(), declared)
        })
        .collect();
    // About the input's size: most entries are copied as they are; the
    // rewritten ones deflate at a fast level, so a little larger.
    let mut output = Vec::new();
    let _ = output.try_reserve_exact(input_size.saturating_add(input_size / 4));
    let mut writer = zip::ZipWriter::new(Cursor::new(output));
    for (index, path, declared) in entries {
        let progress = EntryProgress::begin(meter, declared);
        let archive = package.archive_mut();
        let file = archive
            .by_index_raw(index)
            .map_err(|err| failed(format!("{path}: {err}")))?;
        match rewritten.get(&index) {
            Some(rewrite) => {
                let modified = file.last_modified().unwrap_or_default();
                drop(file);
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .compression_level(Some(FAST_DEFLATE_LEVEL))
                    .last_modified_time(modified);
                writer
                    .start_file(path.as_str(), options)
                    .map_err(|err| failed(format!("{path}: {err}")))?;
                write_rewritten(&mut writer, rewrite, &mut |written, of| {
                    progress.at_fraction(meter, written, of)
                })
                .map_err(|err| failed(format!("{path}: {err}")))?;
                report.changed_entries.push(path);
            }
            None => {
                writer
                    .raw_copy_file(file)
                    .map_err(|err| failed(format!("{path}: {err}")))?;
                report.copied_entries += 1;
            }
        }
        progress.end(meter);
    }
    writer
        .finish()
        .map(Cursor::into_inner)
        .map_err(|err| failed(err.to_string()))
}

/// Bytes gathered before they go to the deflater: the edited text comes in
/// many small pieces (a value here, an element there).
const WRITE_BUFFER_BYTES: usize = 256 << 10;

/// Writes a rewritten entry's text in its encoding, BOM first, as the edits
/// are spliced in, so the whole edited text is never held in memory.
/// `progress(done, of)` follows the text, at most about every
/// [`REPORT_STEP`] bytes, so one large customizations.xml moves the bar as it
/// deflates.
fn write_rewritten(
    sink: &mut dyn Write,
    rewrite: &Rewrite,
    progress: &mut dyn FnMut(u64, u64),
) -> std::io::Result<()> {
    let total = rewrite.patched.len() as u64;
    let mut out = std::io::BufWriter::with_capacity(WRITE_BUFFER_BYTES, sink);
    out.write_all(rewrite.encoding.bom())?;
    let mut done = 0u64;
    let mut next_report = REPORT_STEP;
    let mut utf16 = Vec::new();
    for piece in rewrite.patched.pieces() {
        for part in split_at_char_boundaries(piece, REPORT_STEP as usize) {
            match rewrite.encoding {
                TextEncoding::Utf8 | TextEncoding::Utf8Bom => out.write_all(part.as_bytes())?,
                TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                    utf16.clear();
                    let big_endian = rewrite.encoding == TextEncoding::Utf16Be;
                    for unit in part.encode_utf16() {
                        utf16.extend(if big_endian {
                            unit.to_be_bytes()
                        } else {
                            unit.to_le_bytes()
                        });
                    }
                    out.write_all(&utf16)?;
                }
            }
            done += part.len() as u64;
            if done >= next_report {
                progress(done, total);
                next_report = done.saturating_add(REPORT_STEP);
            }
        }
    }
    out.flush()?;
    progress(total, total);
    Ok(())
}

/// `text` in parts of about `size` bytes, each ending on a character boundary.
fn split_at_char_boundaries(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = size.clamp(1, rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (part, after) = rest.split_at_checked(cut).unwrap_or((rest, ""));
        rest = after;
        Some(part)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(text: &str, encoding: TextEncoding) -> Rewrite {
        let at = text.find('1').unwrap_or(0);
        Rewrite {
            patched: Patched::new(
                text.to_owned(),
                vec![Edit {
                    start: at,
                    end: at + 1,
                    replacement: "0".into(),
                }],
            ),
            encoding,
        }
    }

    #[test]
    fn rewritten_text_is_written_in_its_own_encoding_as_the_whole_edit_would_be() {
        let text = format!("<a>é1</a>\r\n{}", "<b>ü</b>\r\n".repeat(300_000));
        for encoding in [
            TextEncoding::Utf8,
            TextEncoding::Utf8Bom,
            TextEncoding::Utf16Le,
            TextEncoding::Utf16Be,
        ] {
            let rewrite = rewrite(&text, encoding);
            let mut written = Vec::new();
            let mut reports = Vec::new();
            write_rewritten(&mut written, &rewrite, &mut |done, of| {
                reports.push((done, of))
            })
            .unwrap();
            assert_eq!(written, encoding.encode(&rewrite.patched.to_text()));
            // Progress follows the text: increasing, at least every step, ending at the whole.
            let total = rewrite.patched.len() as u64;
            assert!(reports.len() as u64 >= total / REPORT_STEP, "{encoding:?}");
            assert!(reports.windows(2).all(|pair| pair[0].0 <= pair[1].0));
            assert!(reports
                .iter()
                .all(|&(done, of)| of == total && done <= total));
            assert_eq!(reports.last(), Some(&(total, total)));
        }
    }

    #[test]
    fn parts_end_on_character_boundaries() {
        let text = "aé€😀b".repeat(5);
        for size in [0, 1, 2, 3, 7, 100] {
            let parts: Vec<&str> = split_at_char_boundaries(&text, size).collect();
            assert_eq!(parts.concat(), text);
            assert!(parts.iter().all(|part| !part.is_empty()));
            assert!(parts.iter().all(|part| part.len() <= size.max(1) + 3));
        }
        assert_eq!(split_at_char_boundaries("", 4).count(), 0);
    }
}
