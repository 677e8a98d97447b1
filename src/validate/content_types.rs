//! `[Content_Types].xml`: the Open Packaging Conventions part that gives every
//! other part of the zip a content type, by extension (`Default`) or by name
//! (`Override`). Part names are compared case-insensitively, as OPC says.

use std::collections::BTreeSet;

use quick_xml::events::BytesStart;
use serde::{Deserialize, Serialize};

use crate::xml::{self, Visitor, XmlError};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentTypes {
    /// `Default@Extension` values, lower case, without a dot.
    pub extensions: BTreeSet<String>,
    /// `Override@PartName` values, lower case, with their leading `/`.
    pub part_names: BTreeSet<String>,
}

impl ContentTypes {
    /// Whether the zip entry `path` (no leading `/`) has a content type.
    pub fn covers(&self, path: &str) -> bool {
        let part_name = format!("/{}", path.to_ascii_lowercase());
        if self.part_names.contains(&part_name) {
            return true;
        }
        let file_name = path.rsplit('/').next().unwrap_or(path);
        match file_name.rsplit_once('.') {
            Some((_, extension)) if !extension.is_empty() => {
                let extension = extension.to_ascii_lowercase();
                self.extensions.contains(&extension)
            }
            _ => false,
        }
    }
}

pub fn parse(text: &str) -> Result<ContentTypes, XmlError> {
    let mut reader = Reader {
        result: ContentTypes::default(),
        saw_types: false,
    };
    xml::scan(text, &mut reader)?;
    if !reader.saw_types {
        return Err(XmlError::new(
            0,
            xml::XmlErrorKind::MissingElement {
                missing: "it has no <Types> root element",
            },
        ));
    }
    Ok(reader.result)
}

struct Reader {
    result: ContentTypes,
    saw_types: bool,
}

impl Visitor for Reader {
    fn start(&mut self, element: &BytesStart<'_>, local_name: &str, _offset: usize) {
        match local_name {
            "Types" => self.saw_types = true,
            "Default" => {
                if let Some(extension) = xml::attribute(element, "Extension") {
                    self.result
                        .extensions
                        .insert(extension.trim_start_matches('.').to_ascii_lowercase());
                }
            }
            "Override" => {
                if let Some(part_name) = xml::attribute(element, "PartName") {
                    self.result
                        .part_names
                        .insert(part_name.to_ascii_lowercase());
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, _text: &str) {}

    fn end(&mut self, _local_name: &str, _end_offset: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_parts_by_extension_or_override() {
        let types = parse(
            r#"<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /><Override PartName="/WebResources/new_logo" ContentType="application/octet-stream" /></Types>"#,
        )
        .unwrap();
        assert!(types.covers("solution.xml"));
        assert!(types.covers("Workflows/A.XML"));
        assert!(types.covers("webresources/NEW_LOGO"));
        assert!(!types.covers("WebResources/new_other"));
        assert!(!types.covers("PluginAssemblies/A/a.dll"));
        assert!(parse("<Other/>").is_err());
        assert!(parse("<Types>").is_err());
    }
}
