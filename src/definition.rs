//! The small XML files that define folder-based components (custom APIs,
//! environment variables, bots, …): their root attributes, leaf values and labels.

use quick_xml::events::BytesStart;

use crate::manifest::LocalizedText;
use crate::model::{parse_bool, ManagedProperty, IS_CUSTOMIZABLE};
use crate::xml::{self, Visitor, XmlError};

#[derive(Debug, Default)]
pub struct Definition {
    pub root_attributes: Vec<(String, String)>,
    /// Leaf children of the root: (element name, text).
    pub fields: Vec<(String, String)>,
    /// `displayname/label` entries.
    pub display_labels: Vec<LocalizedText>,
    pub error: Option<XmlError>,
}

impl Definition {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, value)| field.eq_ignore_ascii_case(name) && !value.is_empty())
            .map(|(_, value)| value.as_str())
    }

    pub fn display_name(&self, language: &str) -> Option<String> {
        crate::manifest::pick_language(&self.display_labels, language)
            .or_else(|| self.field("displayname").map(str::to_owned))
            .or_else(|| self.field("name").map(str::to_owned))
            .filter(|name| !name.is_empty())
    }

    pub fn managed_properties(&self) -> Vec<ManagedProperty> {
        ["iscustomizable", "canbedeleted"]
            .iter()
            .filter_map(|name| {
                self.field(name).map(|raw| ManagedProperty {
                    name: if *name == "iscustomizable" {
                        IS_CUSTOMIZABLE.into()
                    } else {
                        "CanBeDeleted".into()
                    },
                    raw: raw.to_owned(),
                    value: parse_bool(raw),
                })
            })
            .collect()
    }
}

pub fn read(text: &str) -> Definition {
    let mut reader = DefinitionReader {
        definition: Definition::default(),
        depth: 0,
        leaf: None,
        text: String::new(),
        in_displayname: false,
    };
    if let Err(err) = xml::scan(text, &mut reader) {
        reader.definition.error = Some(err);
    }
    reader.definition
}

struct DefinitionReader {
    definition: Definition,
    depth: usize,
    leaf: Option<String>,
    text: String,
    in_displayname: bool,
}

impl Visitor for DefinitionReader {
    fn start(&mut self, element: &BytesStart<'_>, local_name: &str, _offset: usize) {
        self.depth += 1;
        self.leaf = None;
        match self.depth {
            1 => self.definition.root_attributes = xml::attributes(element),
            2 => {
                self.leaf = Some(local_name.to_owned());
                self.text.clear();
                self.in_displayname = local_name.eq_ignore_ascii_case("displayname");
            }
            3 if self.in_displayname && local_name == "label" => {
                if let (Some(language_code), Some(text)) = (
                    xml::attribute(element, "languagecode"),
                    xml::attribute(element, "description"),
                ) {
                    self.definition.display_labels.push(LocalizedText {
                        language_code,
                        text,
                    });
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.leaf.is_some() && self.text.len() < 8 * 1024 {
            self.text.push_str(text);
        }
    }

    fn end(&mut self, _local_name: &str, _end_offset: usize) {
        if self.depth == 2 {
            if let Some(name) = self.leaf.take() {
                self.definition
                    .fields
                    .push((name, self.text.trim().to_owned()));
            }
            self.in_displayname = false;
        }
        self.depth -= 1;
    }
}
