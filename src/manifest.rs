//! solution.xml: the manifest.

use std::collections::BTreeMap;

use quick_xml::events::BytesStart;
use serde::{Deserialize, Serialize};

use crate::xml::{self, Visitor};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalizedText {
    pub language_code: String,
    pub text: String,
}

/// Picks the text in `language`, else the first one.
pub fn pick_language(texts: &[LocalizedText], language: &str) -> Option<String> {
    texts
        .iter()
        .find(|text| text.language_code == language)
        .or_else(|| texts.first())
        .map(|text| text.text.clone())
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Publisher {
    pub unique_name: String,
    pub display_name: Option<String>,
    pub localized_names: Vec<LocalizedText>,
    pub customization_prefix: Option<String>,
    /// As written; validation checks it is a number in 10000..=99999.
    pub customization_option_value_prefix: Option<String>,
    pub email_address: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RootComponent {
    /// The `type` attribute: a number, or an entity logical name in newer manifests.
    #[serde(rename = "type")]
    pub type_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub behavior: Option<String>,
    /// The component of this package it names, as `kind:key`, when one matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    pub line: u32,
}

impl RootComponent {
    pub fn behavior_label(&self) -> &'static str {
        match self.behavior.as_deref() {
            Some("0") | None => "include subcomponents",
            Some("1") => "do not include subcomponents",
            Some("2") => "include as shell only",
            Some(_) => "unknown behavior",
        }
    }
}

/// One side of a missing dependency, with every attribute the manifest gives.
pub type DependencyNode = BTreeMap<String, String>;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingDependency {
    pub required: DependencyNode,
    pub dependent: DependencyNode,
    pub line: u32,
}

impl MissingDependency {
    /// "needs table msdyn_x (Work Order) from solution Y 1.2, for form Z".
    pub fn describe(&self) -> String {
        let required = describe_node(&self.required);
        let solution = self
            .required
            .get("solution")
            .map(|solution| describe_solution(solution))
            .unwrap_or_default();
        let dependent = describe_node(&self.dependent);
        format!("needs {required}{solution}, used by {dependent}")
    }
}

fn describe_solution(solution: &str) -> String {
    if solution.eq_ignore_ascii_case("active") {
        return " (an unmanaged customization in the source organization, not part of any managed solution)".into();
    }
    match solution.split_once(" (") {
        Some((name, version)) => format!(" from solution {name} {}", version.trim_end_matches(')')),
        None => format!(" from solution {solution}"),
    }
}

/// The name a dependency node identifies its component by: its `schemaName`,
/// else its `id`, else its first `id.…` attribute.
pub fn node_name(node: &DependencyNode) -> Option<&String> {
    node.get("schemaName")
        .or_else(|| node.get("id"))
        .or_else(|| {
            node.iter()
                .find(|(key, _)| key.starts_with("id."))
                .map(|(_, value)| value)
        })
}

fn describe_node(node: &DependencyNode) -> String {
    let kind = node
        .get("type")
        .map(|code| type_label(code))
        .unwrap_or_else(|| "component".into());
    let name = node_name(node)
        .cloned()
        .unwrap_or_else(|| "(unnamed)".into());
    let display = node.get("displayName").filter(|display| **display != name);
    let parent = node
        .get("parentDisplayName")
        .or_else(|| node.get("parentSchemaName"))
        .map(|parent| format!(" of {parent}"))
        .unwrap_or_default();
    match display {
        // A form, view or process named by its id: its name first, the id beside it.
        Some(display) if crate::model::is_id(&name) => format!("{kind} {display}{parent} ({name})"),
        Some(display) => format!("{kind} {name} ({display}){parent}"),
        None => format!("{kind} {name}{parent}"),
    }
}

/// People's words for a component type number (or logical name): the kind's noun, else the
/// platform's name of a type no kind models, else "component of type N" for a type nobody knows
/// (a solution-aware table's number, which differs between organizations).
pub fn type_label(code: &str) -> String {
    let kinds = crate::model::ComponentKind::from_type_attribute(code);
    if let Some(kind) = kinds.first() {
        return kind.noun();
    }
    match code
        .trim()
        .parse()
        .ok()
        .and_then(crate::kinds::other_platform_type)
    {
        Some(name) => name.to_owned(),
        None => format!("component of type {code}"),
    }
}

/// The `ImportExportXml` root's attributes: who exported the package and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageInfo {
    /// Build of the platform that exported it (`version` attribute).
    pub generator_version: Option<String>,
    /// Package format version (`SolutionPackageVersion`), major.minor.
    pub solution_package_version: Option<String>,
    /// Base language LCID of the source organization.
    pub language_code: Option<String>,
    /// `CrmLive` (online) or `OnPremise`.
    pub generated_by: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub unique_name: String,
    pub display_name: Option<String>,
    pub localized_names: Vec<LocalizedText>,
    pub descriptions: Vec<LocalizedText>,
    pub version: String,
    /// `<Managed>` as written.
    pub managed_raw: String,
    pub publisher: Publisher,
    pub package: PackageInfo,
    pub root_components: Vec<RootComponent>,
    pub missing_dependencies: Vec<MissingDependency>,
}

impl Manifest {
    /// `Some(true)` for `1`, `Some(false)` for `0`; anything else is not a package value.
    pub fn managed(&self) -> Option<bool> {
        match self.managed_raw.trim() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        }
    }

    /// The organization's Default solution marked managed: the platform refuses to
    /// import it (0x80048049). Validation and simulation both ask this.
    pub fn is_default_solution_as_managed(&self) -> bool {
        self.managed() == Some(true) && self.unique_name.trim().eq_ignore_ascii_case("Default")
    }

    pub fn base_language(&self) -> &str {
        self.package.language_code.as_deref().unwrap_or("1033")
    }
}

/// Reads solution.xml text. On malformed XML the manifest is returned as far as it
/// was read, with the error.
pub fn parse(text: &str) -> (Manifest, Option<xml::XmlError>) {
    let mut reader = ManifestReader {
        manifest: Manifest::default(),
        path: Vec::new(),
        text: String::new(),
        lines: crate::text::LineIndex::new(text),
        current_root: None,
        current_dependency: None,
        saw_manifest: false,
    };
    let result = xml::scan(text, &mut reader);
    let mut manifest = reader.manifest;
    let language = manifest.base_language().to_owned();
    manifest.display_name = pick_language(&manifest.localized_names, &language);
    manifest.publisher.display_name = pick_language(&manifest.publisher.localized_names, &language);
    let error = match result {
        Err(err) => Some(err),
        Ok(()) if !reader.saw_manifest => Some(xml::XmlError::new(
            0,
            xml::XmlErrorKind::MissingElement {
                missing: "solution.xml has no <SolutionManifest> element",
            },
        )),
        Ok(()) => None,
    };
    (manifest, error)
}

struct ManifestReader {
    manifest: Manifest,
    path: Vec<String>,
    text: String,
    lines: crate::text::LineIndex,
    current_root: Option<RootComponent>,
    current_dependency: Option<MissingDependency>,
    saw_manifest: bool,
}

impl ManifestReader {
    fn path_is(&self, expected: &[&str]) -> bool {
        self.path.len() == expected.len() && self.path.iter().zip(expected).all(|(a, b)| a == b)
    }

    /// Through a line index: one scan of the text, not one per element (a
    /// 50 MB attribute made the per-element scan quadratic).
    fn line(&self, offset: usize) -> u32 {
        self.lines.line(offset)
    }
}

const MANIFEST: &str = "SolutionManifest";

impl Visitor for ManifestReader {
    fn start(&mut self, element: &BytesStart<'_>, local_name: &str, offset: usize) {
        self.path.push(local_name.to_owned());
        self.text.clear();
        let path: Vec<&str> = self.path.iter().map(String::as_str).collect();
        match path.as_slice() {
            ["ImportExportXml"] => {
                let info = &mut self.manifest.package;
                info.generator_version = xml::attribute(element, "version");
                info.solution_package_version = xml::attribute(element, "SolutionPackageVersion");
                info.language_code = xml::attribute(element, "languagecode");
                info.generated_by = xml::attribute(element, "generatedBy");
            }
            ["ImportExportXml", MANIFEST] => self.saw_manifest = true,
            ["ImportExportXml", MANIFEST, "LocalizedNames", "LocalizedName"] => {
                self.manifest.localized_names.push(localized(element));
            }
            ["ImportExportXml", MANIFEST, "Descriptions", "Description"] => {
                self.manifest.descriptions.push(localized(element));
            }
            ["ImportExportXml", MANIFEST, "Publisher", "LocalizedNames", "LocalizedName"] => {
                self.manifest
                    .publisher
                    .localized_names
                    .push(localized(element));
            }
            ["ImportExportXml", MANIFEST, "RootComponents", "RootComponent"] => {
                self.current_root = Some(RootComponent {
                    type_code: xml::attribute(element, "type").unwrap_or_default(),
                    schema_name: xml::attribute(element, "schemaName"),
                    id: xml::attribute(element, "id"),
                    behavior: xml::attribute(element, "behavior"),
                    matched: None,
                    line: self.line(offset),
                });
            }
            ["ImportExportXml", MANIFEST, "MissingDependencies", "MissingDependency"] => {
                self.current_dependency = Some(MissingDependency {
                    line: self.line(offset),
                    ..MissingDependency::default()
                });
            }
            ["ImportExportXml", MANIFEST, "MissingDependencies", "MissingDependency", side] => {
                let attributes: DependencyNode = xml::attributes(element).into_iter().collect();
                if let Some(dependency) = self.current_dependency.as_mut() {
                    match *side {
                        "Required" => dependency.required = attributes,
                        "Dependent" => dependency.dependent = attributes,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        // Only leaf values of the manifest are kept; cap to stay bounded on hostile input.
        if self.text.len() < 64 * 1024 {
            self.text.push_str(text);
        }
    }

    fn end(&mut self, _local_name: &str, _end_offset: usize) {
        let value = self.text.trim().to_owned();
        let path_len = self.path.len();
        if path_len == 3 && self.path_is(&["ImportExportXml", MANIFEST, "UniqueName"]) {
            self.manifest.unique_name = value;
        } else if self.path_is(&["ImportExportXml", MANIFEST, "Version"]) {
            self.manifest.version = value;
        } else if self.path_is(&["ImportExportXml", MANIFEST, "Managed"]) {
            self.manifest.managed_raw = value;
        } else if path_len == 4 && self.path[..3] == ["ImportExportXml", MANIFEST, "Publisher"] {
            let publisher = &mut self.manifest.publisher;
            let nil = value.is_empty();
            match self.path[3].as_str() {
                "UniqueName" => publisher.unique_name = value,
                "CustomizationPrefix" if !nil => publisher.customization_prefix = Some(value),
                "CustomizationOptionValuePrefix" if !nil => {
                    publisher.customization_option_value_prefix = Some(value)
                }
                "EMailAddress" if !nil => publisher.email_address = Some(value),
                _ => {}
            }
        } else if self.path_is(&[
            "ImportExportXml",
            MANIFEST,
            "RootComponents",
            "RootComponent",
        ]) {
            if let Some(root) = self.current_root.take() {
                self.manifest.root_components.push(root);
            }
        } else if self.path_is(&[
            "ImportExportXml",
            MANIFEST,
            "MissingDependencies",
            "MissingDependency",
        ]) {
            if let Some(dependency) = self.current_dependency.take() {
                self.manifest.missing_dependencies.push(dependency);
            }
        }
        self.path.pop();
        self.text.clear();
    }
}

fn localized(element: &BytesStart<'_>) -> LocalizedText {
    LocalizedText {
        language_code: xml::attribute(element, "languagecode").unwrap_or_default(),
        text: xml::attribute(element, "description").unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_numbers_read_as_the_kind_or_the_platform_s_name() {
        assert_eq!(type_label("61"), "web resource");
        assert_eq!(type_label("connectionreference"), "connection reference");
        assert_eq!(type_label("68"), "custom control default config");
        // A solution-aware table's number differs between organizations: nobody knows it.
        assert_eq!(type_label("10075"), "component of type 10075");
    }

    #[test]
    fn describes_missing_dependencies_in_plain_words() {
        let dependency = MissingDependency {
            required: [
                ("type", "1"),
                ("schemaName", "msdyn_workorder"),
                ("displayName", "Work Order"),
                ("solution", "FieldService (1.2.0.0)"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
            dependent: [
                ("type", "60"),
                ("id", "{abc}"),
                ("displayName", "Main"),
                ("parentDisplayName", "Booking"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
            line: 1,
        };
        assert_eq!(
            dependency.describe(),
            "needs table msdyn_workorder (Work Order) from solution FieldService 1.2.0.0, used by form {abc} (Main) of Booking"
        );
    }
}
