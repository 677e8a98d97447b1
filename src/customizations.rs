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
use crate::manifest::LocalizedText;
use crate::model::{parse_bool, Component, ComponentKind, ManagedProperty, SourceSpan};
use crate::xml::{self, Visitor};

pub const FILE: &str = "customizations.xml";

/// Where each kind lives in customizations.xml.
const COMPONENT_PATHS: &[(&str, ComponentKind)] = &[
    ("ImportExportXml/Entities/Entity", ComponentKind::Entity),
    ("ImportExportXml/Entities/Entity/EntityInfo/entity/attributes/attribute", ComponentKind::Attribute),
    ("ImportExportXml/Entities/Entity/FormXml/forms/systemform", ComponentKind::Form),
    ("ImportExportXml/Entities/Entity/SavedQueries/savedqueries/savedquery", ComponentKind::View),
    ("ImportExportXml/Entities/Entity/Visualizations/visualization", ComponentKind::Chart),
    ("ImportExportXml/Entities/Entity/EntityInfo/entity/EntityKeys/EntityKey", ComponentKind::EntityKey),
    ("ImportExportXml/Entities/Entity/HierarchyRules/HierarchyRule", ComponentKind::HierarchyRule),
    ("ImportExportXml/Roles/Role", ComponentKind::Role),
    ("ImportExportXml/Workflows/Workflow", ComponentKind::Workflow),
    ("ImportExportXml/FieldSecurityProfiles/FieldSecurityProfile", ComponentKind::FieldSecurityProfile),
    ("ImportExportXml/Templates/Template", ComponentKind::Template),
    ("ImportExportXml/Templates/EmailTemplate", ComponentKind::Template),
    ("ImportExportXml/Templates/ContractTemplate", ComponentKind::Template),
    ("ImportExportXml/Templates/KBArticleTemplate", ComponentKind::Template),
    ("ImportExportXml/Templates/MailMergeTemplate", ComponentKind::Template),
    ("ImportExportXml/EntityMaps/EntityMap", ComponentKind::EntityMap),
    ("ImportExportXml/EntityRelationships/EntityRelationship", ComponentKind::Relationship),
    ("ImportExportXml/optionsets/optionset", ComponentKind::OptionSet),
    ("ImportExportXml/Reports/Report", ComponentKind::Report),
    ("ImportExportXml/ConnectionRoles/ConnectionRole", ComponentKind::ConnectionRole),
    ("ImportExportXml/Dashboards/Dashboard", ComponentKind::Dashboard),
    ("ImportExportXml/Dialogs/Dialog", ComponentKind::Dialog),
    ("ImportExportXml/WebResources/WebResource", ComponentKind::WebResource),
    ("ImportExportXml/CustomControls/CustomControl", ComponentKind::CustomControl),
    ("ImportExportXml/SolutionPluginAssemblies/PluginAssembly", ComponentKind::PluginAssembly),
    ("ImportExportXml/SolutionPluginAssemblies/PluginAssembly/PluginTypes/PluginType", ComponentKind::PluginType),
    ("ImportExportXml/SdkMessageProcessingSteps/SdkMessageProcessingStep", ComponentKind::SdkMessageProcessingStep),
    (
        "ImportExportXml/SdkMessageProcessingSteps/SdkMessageProcessingStep/SdkMessageProcessingStepImages/SdkMessageProcessingStepImage",
        ComponentKind::SdkMessageProcessingStepImage,
    ),
    ("ImportExportXml/ServiceEndpoints/ServiceEndpoint", ComponentKind::ServiceEndpoint),
    ("ImportExportXml/SiteMap", ComponentKind::SiteMap),
    ("ImportExportXml/AppModuleSiteMaps/AppModuleSiteMap", ComponentKind::SiteMap),
    ("ImportExportXml/AppModules/AppModule", ComponentKind::AppModule),
    ("ImportExportXml/EntityDataProviders/EntityDataProvider", ComponentKind::EntityDataProvider),
    ("ImportExportXml/EntityDataSources/EntityDataSource", ComponentKind::EntityDataSource),
    ("ImportExportXml/CanvasApps/CanvasApp", ComponentKind::CanvasApp),
    ("ImportExportXml/connectionreferences/connectionreference", ComponentKind::ConnectionReference),
    (
        "ImportExportXml/environmentvariabledefinitions/environmentvariabledefinition",
        ComponentKind::EnvironmentVariableDefinition,
    ),
    ("ImportExportXml/customapis/customapi", ComponentKind::CustomApi),
    ("ImportExportXml/AIModels/AIModel", ComponentKind::AiModel),
    ("ImportExportXml/EntityImageConfigs/EntityImageConfig", ComponentKind::EntityImageConfig),
    ("ImportExportXml/AttributeImageConfigs/AttributeImageConfig", ComponentKind::AttributeImageConfig),
    ("ImportExportXml/StoredProcedures/procedure", ComponentKind::StoredProcedure),
    ("ImportExportXml/RibbonDiffXml", ComponentKind::Ribbon),
];

/// Top-level sections that are not components but are understood.
const UNDERSTOOD_SECTIONS: &[&str] = &["Languages"];

/// Managed properties of tables, as customizations.xml names them.
pub const ENTITY_MANAGED_PROPERTIES: &[&str] = &[
    "IsCustomizable",
    "IsRenameable",
    "IsMappable",
    "CanModifyAuditSettings",
    "CanModifyMobileVisibility",
    "CanModifyMobileClientVisibility",
    "CanModifyMobileClientReadOnly",
    "CanModifyMobileClientOffline",
    "CanModifyConnectionSettings",
    "CanModifyDuplicateDetectionSettings",
    "CanModifyMailMergeSettings",
    "CanModifyQueueSettings",
    "CanCreateAttributes",
    "CanCreateForms",
    "CanCreateCharts",
    "CanCreateViews",
    "CanModifyAdditionalSettings",
    "CanEnableSyncToExternalSearchIndex",
    "CanChangeHierarchicalRelationship",
    "CanChangeTrackingBeEnabled",
    "CanBeRelatedEntityInRelationship",
    "CanBePrimaryEntityInRelationship",
    "CanBeInManyToMany",
];

/// Managed properties of columns.
pub const ATTRIBUTE_MANAGED_PROPERTIES: &[&str] = &[
    "IsCustomizable",
    "IsRenameable",
    "CanModifySearchSettings",
    "CanModifyRequirementLevelSettings",
    "CanModifyAdditionalSettings",
    "CanModifyGlobalFilterSettings",
    "CanModifyIsSortableSettings",
    "CanModifyFieldLevelSecuritySettings",
    "CanChangeDateTimeBehavior",
];

/// Managed properties of every other kind.
pub const COMMON_MANAGED_PROPERTIES: &[&str] = &["IsCustomizable", "CanBeDeleted", "IsHidden"];

pub fn managed_property_names(kind: ComponentKind) -> &'static [&'static str] {
    match kind {
        ComponentKind::Entity => ENTITY_MANAGED_PROPERTIES,
        ComponentKind::Attribute => ATTRIBUTE_MANAGED_PROPERTIES,
        _ => COMMON_MANAGED_PROPERTIES,
    }
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
    let paths: HashMap<&str, ComponentKind> = COMPONENT_PATHS.iter().copied().collect();
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

        if depth == 1 {
            let known = COMPONENT_PATHS
                .iter()
                .any(|(path, _)| path.split('/').nth(1) == Some(local_name))
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

        if depth <= 6 {
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
                && (self.captured == Captured::All || local_name.eq_ignore_ascii_case("Name"));
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
                self.result.components.push(component);
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

/// Leaf elements `Builder::finish` reads keys, labels and parents from (compared
/// ignoring ASCII case, as `Builder::field` does). A name missing here reads as
/// absent; `Builder::field` asserts in debug builds that every name it is asked
/// for is listed.
const KEY_FIELDS: &[&str] = &[
    "Name",
    "SdkMessageProcessingStepImageId",
    "LogicalName",
    "DisplayName",
    "UniqueName",
    "Title",
    "FriendlyName",
    "description",
    "formid",
    "savedqueryid",
    "savedqueryvisualizationid",
    "HierarchyRuleID",
    "fieldsecurityprofileid",
    "TemplateId",
    "KbArticleTemplateId",
    "ContractTemplateId",
    "EntitySource",
    "EntityTarget",
    "ReferencingEntityName",
    "FirstEntityName",
    "ReportId",
    "connectionroleid",
    "WebResourceId",
    "EntityAlias",
    "SiteMapUniqueName",
    "EntityDataProviderId",
    "connectionreferencedisplayname",
    "msdyn_aimodelid",
    "msdyn_name",
    "parententitylogicalname",
    "primaryimageattribute",
    "attributelogicalname",
];

/// [`is_key_field`] as a table by name length, for the per-element check: most
/// leaf names are ruled out by their length or first bytes.
struct KeyFields {
    by_length: Vec<Vec<&'static str>>,
}

impl KeyFields {
    fn new() -> KeyFields {
        let mut by_length: Vec<Vec<&'static str>> = Vec::new();
        for name in KEY_FIELDS
            .iter()
            .chain(ENTITY_MANAGED_PROPERTIES)
            .chain(ATTRIBUTE_MANAGED_PROPERTIES)
            .chain(COMMON_MANAGED_PROPERTIES)
        {
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
        KeyFields { by_length }
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
}

/// Whether a component's leaf child is worth keeping: a key field, a managed
/// property of any kind, or a reference to a payload file.
fn is_key_field(name: &str) -> bool {
    KEY_FIELDS
        .iter()
        .chain(ENTITY_MANAGED_PROPERTIES)
        .chain(ATTRIBUTE_MANAGED_PROPERTIES)
        .chain(COMMON_MANAGED_PROPERTIES)
        .any(|known| known.eq_ignore_ascii_case(name))
        || is_file_reference(name)
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
            fingerprint: Fingerprint::default(),
        }
    }

    fn field(&self, name: &str) -> Option<&str> {
        debug_assert!(
            is_key_field(name.split('@').next().unwrap_or(name)),
            "{name} is read by Builder::finish but not captured: add it to KEY_FIELDS"
        );
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

    fn first_of(&self, fields: &[&str], attributes: &[&str]) -> Option<String> {
        fields
            .iter()
            .find_map(|name| self.field(name))
            .or_else(|| attributes.iter().find_map(|name| self.attribute(name)))
            .map(str::to_owned)
    }

    fn entity_name(&self) -> Option<String> {
        self.field("Name").map(|name| name.to_ascii_lowercase())
    }

    fn finish(
        self,
        file: &str,
        end: usize,
        language: &str,
        problems: &mut Vec<(usize, Code, String)>,
    ) -> Component {
        use ComponentKind as K;
        let label = crate::manifest::pick_language(&self.labels, language);
        let (name, display_name, id, parent): (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = match self.kind {
            K::Entity => (
                self.field("Name").map(str::to_owned),
                self.field("Name@LocalizedName")
                    .map(str::to_owned)
                    .or(label),
                None,
                None,
            ),
            K::Attribute => (
                self.first_of(&["LogicalName"], &["PhysicalName"])
                    .map(|name| name.to_ascii_lowercase()),
                label,
                None,
                None,
            ),
            K::Form => (self.first_of(&["formid"], &[]), label, None, None),
            K::View => (self.first_of(&["savedqueryid"], &[]), label, None, None),
            K::Chart => (
                self.first_of(&["savedqueryvisualizationid"], &[]),
                label.or_else(|| self.first_of(&["name"], &[])),
                None,
                None,
            ),
            K::EntityKey => (
                self.first_of(&["LogicalName", "Name"], &[]),
                label,
                None,
                None,
            ),
            K::HierarchyRule => (self.first_of(&["HierarchyRuleID"], &[]), label, None, None),
            K::Role => (
                self.first_of(&[], &["id"]),
                self.first_of(&[], &["name"]),
                None,
                None,
            ),
            K::Workflow => (
                self.first_of(&[], &["WorkflowId"]),
                self.first_of(&[], &["Name"]).or(label),
                None,
                None,
            ),
            K::FieldSecurityProfile => (
                self.first_of(
                    &["fieldsecurityprofileid"],
                    &["fieldsecurityprofileid", "id"],
                ),
                self.first_of(&["name"], &["name"]),
                None,
                None,
            ),
            K::Template => (
                self.first_of(
                    &[
                        "TemplateId",
                        "templateid",
                        "KbArticleTemplateId",
                        "ContractTemplateId",
                    ],
                    &[],
                ),
                self.first_of(&["Title", "title", "Name"], &[]),
                None,
                None,
            ),
            K::EntityMap => {
                let source = self.first_of(&["EntitySource"], &[]).unwrap_or_default();
                let target = self.first_of(&["EntityTarget"], &[]).unwrap_or_default();
                (
                    Some(format!("{source}->{target}")),
                    None,
                    None,
                    Some(source.to_ascii_lowercase()),
                )
            }
            K::Relationship => {
                let parent = self
                    .first_of(&["ReferencingEntityName", "FirstEntityName"], &[])
                    .map(|parent| parent.to_ascii_lowercase());
                (self.first_of(&[], &["Name"]), None, None, parent)
            }
            K::OptionSet => (
                self.first_of(&[], &["Name"]),
                label.or_else(|| self.first_of(&[], &["localizedName"])),
                None,
                None,
            ),
            K::Report => (
                self.first_of(&["ReportId", "reportid"], &[]),
                self.first_of(&["name", "Name"], &[]),
                None,
                None,
            ),
            K::ConnectionRole => (
                self.first_of(&["connectionroleid"], &["connectionroleid", "id"]),
                self.first_of(&["name"], &["name"]),
                None,
                None,
            ),
            K::Dashboard | K::Dialog => (self.first_of(&["FormId"], &[]), label, None, None),
            K::WebResource => (
                self.first_of(&["Name"], &[]),
                self.first_of(&["DisplayName"], &[]),
                self.first_of(&["WebResourceId"], &[]),
                None,
            ),
            K::CustomControl => (self.first_of(&["Name"], &[]), None, None, None),
            K::PluginAssembly => (
                self.first_of(&[], &["FullName"])
                    .map(|full| assembly_short_name(&full)),
                self.first_of(&[], &["FullName"]),
                self.first_of(&[], &["PluginAssemblyId"]),
                None,
            ),
            K::PluginType => (
                self.first_of(&[], &["AssemblyQualifiedName", "Name"])
                    .map(|qualified| {
                        qualified
                            .split(',')
                            .next()
                            .unwrap_or_default()
                            .trim()
                            .to_owned()
                    }),
                self.first_of(&["FriendlyName"], &["FriendlyName", "Name"]),
                self.first_of(&[], &["PluginTypeId"]),
                None,
            ),
            K::SdkMessageProcessingStep => (
                self.first_of(&[], &["SdkMessageProcessingStepId"]),
                self.first_of(&[], &["Name"]),
                None,
                None,
            ),
            // The id: exports write it as a child element (an attribute in some older ones). Images
            // of different steps share names ("PreImage"), so a name is only the last resort.
            K::SdkMessageProcessingStepImage => (
                self.first_of(
                    &["SdkMessageProcessingStepImageId"],
                    &["SdkMessageProcessingStepImageId", "Id"],
                )
                .or_else(|| self.first_of(&["EntityAlias"], &["Name"])),
                self.first_of(&[], &["Name"]),
                None,
                None,
            ),
            K::ServiceEndpoint => (
                self.first_of(&[], &["ServiceEndpointId"]),
                self.first_of(&[], &["Name"]),
                None,
                None,
            ),
            K::SiteMap => (
                Some(
                    self.first_of(&["SiteMapUniqueName"], &[])
                        .unwrap_or_else(|| "SiteMap".into()),
                ),
                label,
                None,
                None,
            ),
            K::AppModule => (self.first_of(&["UniqueName"], &[]), label, None, None),
            K::EntityDataProvider => (
                self.first_of(&["EntityDataProviderId"], &["EntityDataProviderId"]),
                self.first_of(&["Name"], &["Name"]),
                None,
                None,
            ),
            K::EntityDataSource => (
                self.first_of(&[], &["EntityDataSourceId"]),
                self.first_of(&["Name"], &[]),
                None,
                None,
            ),
            K::CanvasApp => (
                self.first_of(&["Name"], &[]),
                self.first_of(&["DisplayName"], &[]),
                None,
                None,
            ),
            K::ConnectionReference => (
                self.first_of(&[], &["connectionreferencelogicalname"]),
                self.first_of(&["connectionreferencedisplayname"], &[]),
                None,
                None,
            ),
            K::EnvironmentVariableDefinition => (
                self.first_of(&[], &["schemaname"]),
                self.first_of(&["displayname"], &[]).or(label),
                None,
                None,
            ),
            K::CustomApi => (
                self.first_of(&["uniquename"], &["uniquename"]),
                self.first_of(&["displayname", "name"], &[]),
                None,
                None,
            ),
            K::AiModel => (
                self.first_of(&["msdyn_aimodelid"], &[]),
                self.first_of(&["msdyn_name"], &[]),
                None,
                None,
            ),
            K::EntityImageConfig => (
                self.first_of(&["parententitylogicalname"], &[]),
                self.first_of(&["primaryimageattribute"], &[]),
                None,
                self.first_of(&["parententitylogicalname"], &[]),
            ),
            K::AttributeImageConfig => {
                let entity = self
                    .first_of(&["parententitylogicalname"], &[])
                    .unwrap_or_default();
                let attribute = self
                    .first_of(&["attributelogicalname"], &[])
                    .unwrap_or_default();
                (
                    Some(format!("{entity} {attribute}")),
                    None,
                    None,
                    Some(entity),
                )
            }
            K::StoredProcedure => (
                self.first_of(&[], &["name"]),
                self.first_of(&["description"], &[]),
                None,
                None,
            ),
            // Manifests name the application ribbon `:RibbonDiffXml`.
            K::Ribbon => (
                Some("ApplicationRibbon".into()),
                None,
                Some(":RibbonDiffXml".into()),
                None,
            ),
            // Folder-defined kinds come from their own files (see `folders`).
            K::AiPlugin
            | K::Bot
            | K::BotComponent
            | K::BotComponentCollection
            | K::AppAction
            | K::CustomApiRequestParameter
            | K::CustomApiResponseProperty => (None, label, None, None),
        };

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

        let files = self
            .fields
            .iter()
            .filter(|(field, value)| is_file_reference(field) && value.starts_with('/'))
            .map(|(_, value)| value.trim_start_matches('/').to_owned())
            .collect();

        // The first value of each known property, under its documented spelling;
        // the captured values are moved, not copied.
        let property_names = managed_property_names(self.kind);
        let mut managed_properties: Vec<ManagedProperty> =
            Vec::with_capacity(property_names.len().min(self.fields.len()));
        for (field, raw) in self.fields {
            if field.contains('@') {
                continue;
            }
            let Some(known) = property_names
                .iter()
                .find(|known| known.eq_ignore_ascii_case(&field))
            else {
                continue;
            };
            if managed_properties.iter().any(|seen| seen.name == *known) {
                continue;
            }
            managed_properties.push(ManagedProperty {
                name: (*known).to_owned(),
                value: parse_bool(&raw),
                raw,
            });
        }

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

fn is_file_reference(field: &str) -> bool {
    matches!(
        field,
        "FileName" | "XamlFileName" | "JsonFileName" | "FormulaDefinitionFileName" | "file"
    ) || (field.ends_with("Uri") && !field.contains('@'))
}

/// `msdyncrmWorkflowTools, Version=1.0.37.0, …` → `msdyncrmWorkflowTools`.
fn assembly_short_name(full_name: &str) -> String {
    full_name
        .split(',')
        .next()
        .unwrap_or(full_name)
        .trim()
        .to_owned()
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
        for name in KEY_FIELDS
            .iter()
            .chain(ENTITY_MANAGED_PROPERTIES)
            .copied()
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
