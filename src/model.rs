//! The model of a solution package: manifest, components, files and diagnostics.
//!
//! These are plain values (serializable, comparable) shared by every command and
//! by the web app. Their serde form is the wire format between the page and the
//! engine (the engine sends the inspection and its components as JSON chunks),
//! not a public interface: the public JSON (`docs/inspect-json.md`) is written
//! by hand in `src/report/`, so these types may change without changing it.

use serde::{Deserialize, Serialize};

use crate::findings::Code;
pub use crate::findings::Severity;

pub use crate::kinds::ComponentKind;

/// A managed property as the package writes it. In JSON it is `[name, raw]`: the value follows
/// from the text, and a large package has hundreds of thousands of these (the web app's engine
/// sends every component to the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedProperty {
    /// The element name in customizations.xml, e.g. `IsCustomizable`.
    pub name: String,
    /// The text as written, e.g. `1`.
    pub raw: String,
    /// The boolean it means (`parse_bool(raw)`), or `None` when it is not a valid boolean.
    pub value: Option<bool>,
}

impl Serialize for ManagedProperty {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.name, &self.raw).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ManagedProperty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (name, raw) = <(String, String)>::deserialize(deserializer)?;
        Ok(ManagedProperty {
            name,
            value: parse_bool(&raw),
            raw,
        })
    }
}

pub const IS_CUSTOMIZABLE: &str = "IsCustomizable";

/// Parses the platform's booleans: `0`/`1` (and `true`/`false` in any case,
/// which some older files use).
pub fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim() {
        "1" => Some(true),
        "0" => Some(false),
        other if other.eq_ignore_ascii_case("true") => Some(true),
        other if other.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Where a component is defined inside the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceSpan {
    /// The file inside the zip.
    pub file: String,
    /// 1-based line of the element's start tag.
    pub line: u32,
    /// Byte range of the element in the file's UTF-8 text.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    pub kind: ComponentKind,
    /// The identifying key: schema name, logical name or id, as the package writes it.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The owning table's logical name, for kinds that belong to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// An id (GUID) when the key is a name, kept for matching root components.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub managed_properties: Vec<ManagedProperty>,
    /// Payload files this component names or owns (zip paths, no leading `/`).
    pub files: Vec<String>,
    pub source: SourceSpan,
    /// XXH3-64 of the definition as written: the raw XML events of its element,
    /// with each nested component (a table's columns, forms, views) standing in
    /// by its own fingerprint, so every byte is hashed once. Simulation compares
    /// it with the installed layer's to tell "unchanged" from "updated". Not part
    /// of the JSON (a reading detail, recomputed by every reader).
    #[serde(skip)]
    pub fingerprint: Option<u64>,
}

impl Component {
    pub fn property(&self, name: &str) -> Option<&ManagedProperty> {
        self.managed_properties
            .iter()
            .find(|prop| prop.name.eq_ignore_ascii_case(name))
    }

    /// Its managed properties whose value is not a boolean (0 or 1): the
    /// package fails the import's XSD validation (inspect's SI2002, validate's SV0301).
    pub fn non_boolean_properties(&self) -> impl Iterator<Item = &ManagedProperty> {
        self.managed_properties
            .iter()
            .filter(|property| property.value.is_none())
    }

    /// `Kind Name: managed property Property`, how a finding about one of its
    /// managed properties starts.
    pub fn property_label(&self, property: &ManagedProperty) -> String {
        format!(
            "{} {}: managed property {}",
            self.kind.label(),
            self.name,
            property.name
        )
    }

    /// The value in force: `IsCustomizable = 0` makes every other property false.
    pub fn effective(&self, name: &str) -> Option<bool> {
        let own = self.property(name)?.value;
        if name.eq_ignore_ascii_case(IS_CUSTOMIZABLE) {
            return own;
        }
        match self.property(IS_CUSTOMIZABLE).and_then(|prop| prop.value) {
            Some(false) => Some(false),
            _ => own,
        }
    }

    /// `kind:name` (`kind:table/name` for columns and keys, whose names are
    /// unique only within their table); unique within a well-formed package.
    pub fn key(&self) -> String {
        // Built by hand, not with `format!`: validation asks for every
        // component's key, and the formatting machinery was most of the cost.
        let kind = self.kind.key();
        let parent = match &self.parent {
            Some(parent) if self.kind.parent_in_key() => Some(parent.as_str()),
            _ => None,
        };
        let length = kind.len() + 1 + parent.map_or(0, |parent| parent.len() + 1) + self.name.len();
        let mut key = String::with_capacity(length);
        key.push_str(kind);
        key.push(':');
        if let Some(parent) = parent {
            key.push_str(parent);
            key.push('/');
        }
        key.push_str(&self.name);
        key
    }
}

/// How a component reads for people: a component named by its id (forms, views, processes,
/// security roles) by its display name, with the id beside it for search; the table it belongs
/// to for the kinds that belong to one. The page, the CLI's text and the reports all name
/// components through it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentName {
    pub kind: ComponentKind,
    /// What a person reads first: the display name of a component named by its id, else its name.
    pub title: String,
    /// The id the package names it by, when the title is its display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its display name, when the title is its name and the display name says something else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The table it belongs to (logical name), for kinds that belong to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
}

impl ComponentName {
    /// From the parts every reading of a component has (the package's, a simulation's outcome).
    pub fn new(
        kind: ComponentKind,
        name: &str,
        display_name: Option<&str>,
        parent: Option<&str>,
    ) -> ComponentName {
        let display_name =
            display_name.filter(|display| !display.trim().is_empty() && *display != name);
        let table = parent
            .filter(|parent| kind.belongs_to_entity() && !parent.is_empty())
            .map(str::to_owned);
        match display_name {
            Some(display) if is_id(name) => ComponentName {
                kind,
                title: display.to_owned(),
                id: Some(name.to_owned()),
                display_name: None,
                table,
            },
            display => ComponentName {
                kind,
                title: name.to_owned(),
                id: None,
                display_name: display.map(str::to_owned),
                table,
            },
        }
    }

    pub fn of(component: &Component) -> ComponentName {
        ComponentName::new(
            component.kind,
            &component.name,
            component.display_name.as_deref(),
            component.parent.as_deref(),
        )
    }

    /// "Information of table account" or "new_/a.js (A)": the name without the kind.
    pub fn describe_name(&self) -> String {
        let table = self
            .table
            .as_ref()
            .map(|table| format!(" of table {table}"))
            .unwrap_or_default();
        match (&self.id, &self.display_name) {
            (Some(id), _) => format!("{}{table} ({id})", self.title),
            (None, Some(display)) => format!("{}{table} ({display})", self.title),
            (None, None) => format!("{}{table}", self.title),
        }
    }

    /// "form Information of table account ({…})": the kind's noun, then the name.
    pub fn describe(&self) -> String {
        format!("{} {}", self.kind.noun(), self.describe_name())
    }
}

/// A GUID, with or without braces: the name of forms, views, processes and roles,
/// which no person reads; the text shows their display name first, the id beside it.
pub fn is_id(name: &str) -> bool {
    let bare = name.trim().trim_start_matches('{').trim_end_matches('}');
    bare.len() == 36
        && bare.chars().enumerate().all(|(index, ch)| match index {
            8 | 13 | 18 | 23 => ch == '-',
            _ => ch.is_ascii_hexdigit(),
        })
}

/// A component key (`kind:name`, `kind:table/name`) for people: the kind's noun, never
/// its key (`webResource:new_/a.js` → "web resource new_/a.js", `attribute:account/new_x`
/// → "column new_x of table account"). A key of no known kind is returned as it is.
pub fn describe_key(key: &str) -> String {
    let Some((kind, rest)) = key.split_once(':') else {
        return key.to_owned();
    };
    let Some(kind) = ComponentKind::from_key(kind) else {
        return key.to_owned();
    };
    match rest.split_once('/') {
        Some((table, name)) if kind.parent_in_key() => {
            format!("{} {name} of table {table}", kind.noun())
        }
        _ => format!("{} {rest}", kind.noun()),
    }
}

/// A problem found while reading, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Stable code, e.g. `SI1003`; its severity is the catalogue's.
    pub code: Code,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            file: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn in_file(mut self, file: &str) -> Diagnostic {
        self.file = Some(file.to_owned());
        self
    }

    pub fn at(mut self, line: u32, column: u32) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// `file:line:column`, the way compilers print.
    pub fn location(&self) -> String {
        describe_location(self.file.as_deref(), self.line, self.column)
    }
}

/// `file:line:column`, `file:line` or `file`, the way compilers print; empty without a file.
pub fn describe_location(file: Option<&str>, line: Option<u32>, column: Option<u32>) -> String {
    match (file, line, column) {
        (Some(file), Some(line), Some(column)) => format!("{file}:{line}:{column}"),
        (Some(file), Some(line), None) => format!("{file}:{line}"),
        (Some(file), None, _) => file.to_owned(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{describe_key, ComponentKind, ComponentName};

    #[test]
    fn a_component_named_by_its_id_reads_by_its_display_name() {
        let form = ComponentName::new(
            ComponentKind::Form,
            "{1fed44d1-ae68-4a41-bd2b-f13acac4acfa}",
            Some("Information"),
            Some("account"),
        );
        assert_eq!(form.title, "Information");
        assert_eq!(
            form.id.as_deref(),
            Some("{1fed44d1-ae68-4a41-bd2b-f13acac4acfa}")
        );
        assert_eq!(
            form.describe(),
            "form Information of table account ({1fed44d1-ae68-4a41-bd2b-f13acac4acfa})"
        );
        // Without a display name the id is all there is.
        let unnamed = ComponentName::new(
            ComponentKind::Workflow,
            "{1fed44d1-ae68-4a41-bd2b-f13acac4acfa}",
            Some(" "),
            None,
        );
        assert_eq!(
            (unnamed.title.as_str(), unnamed.id),
            ("{1fed44d1-ae68-4a41-bd2b-f13acac4acfa}", None)
        );
        // A name people read keeps its place; a differing display name goes beside it.
        let resource = ComponentName::new(ComponentKind::WebResource, "new_/a.js", Some("A"), None);
        assert_eq!(resource.describe(), "web resource new_/a.js (A)");
        let same = ComponentName::new(
            ComponentKind::Entity,
            "account",
            Some("account"),
            Some("account"),
        );
        assert_eq!(
            same.describe(),
            "table account",
            "a table belongs to no table"
        );
        let column =
            ComponentName::new(ComponentKind::Attribute, "new_code", None, Some("account"));
        assert_eq!(column.describe(), "column new_code of table account");
    }

    #[test]
    fn keys_read_with_the_kind_s_noun() {
        assert_eq!(
            describe_key("webResource:new_/a.js"),
            "web resource new_/a.js"
        );
        assert_eq!(
            describe_key("attribute:account/new_x"),
            "column new_x of table account"
        );
        assert_eq!(describe_key("entity:account"), "table account");
        assert_eq!(describe_key("nokind:x"), "nokind:x");
        assert_eq!(describe_key("plain"), "plain");
        assert!(super::is_id("{1fed44d1-ae68-4a41-bd2b-f13acac4acfa}"));
        assert!(super::is_id("1FED44D1-AE68-4A41-BD2B-F13ACAC4ACFA"));
        assert!(!super::is_id("new_thing"));
    }
}
