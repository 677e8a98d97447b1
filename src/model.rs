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

/// Kinds of solution components, named as in the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ComponentKind {
    Entity,
    Attribute,
    Form,
    View,
    Chart,
    Relationship,
    EntityKey,
    HierarchyRule,
    OptionSet,
    Role,
    FieldSecurityProfile,
    Workflow,
    WebResource,
    PluginAssembly,
    PluginType,
    SdkMessageProcessingStep,
    SdkMessageProcessingStepImage,
    ServiceEndpoint,
    SiteMap,
    AppModule,
    CanvasApp,
    EnvironmentVariableDefinition,
    ConnectionReference,
    CustomApi,
    CustomApiRequestParameter,
    CustomApiResponseProperty,
    Template,
    EntityMap,
    Dashboard,
    Dialog,
    Report,
    ConnectionRole,
    CustomControl,
    EntityDataProvider,
    EntityDataSource,
    Ribbon,
    AiModel,
    AiPlugin,
    Bot,
    BotComponent,
    BotComponentCollection,
    AppAction,
    EntityImageConfig,
    AttributeImageConfig,
    StoredProcedure,
}

impl ComponentKind {
    pub const ALL: [ComponentKind; 45] = [
        ComponentKind::Entity,
        ComponentKind::Attribute,
        ComponentKind::Form,
        ComponentKind::View,
        ComponentKind::Chart,
        ComponentKind::Relationship,
        ComponentKind::EntityKey,
        ComponentKind::HierarchyRule,
        ComponentKind::OptionSet,
        ComponentKind::Role,
        ComponentKind::FieldSecurityProfile,
        ComponentKind::Workflow,
        ComponentKind::WebResource,
        ComponentKind::PluginAssembly,
        ComponentKind::PluginType,
        ComponentKind::SdkMessageProcessingStep,
        ComponentKind::SdkMessageProcessingStepImage,
        ComponentKind::ServiceEndpoint,
        ComponentKind::SiteMap,
        ComponentKind::AppModule,
        ComponentKind::CanvasApp,
        ComponentKind::EnvironmentVariableDefinition,
        ComponentKind::ConnectionReference,
        ComponentKind::CustomApi,
        ComponentKind::CustomApiRequestParameter,
        ComponentKind::CustomApiResponseProperty,
        ComponentKind::Template,
        ComponentKind::EntityMap,
        ComponentKind::Dashboard,
        ComponentKind::Dialog,
        ComponentKind::Report,
        ComponentKind::ConnectionRole,
        ComponentKind::CustomControl,
        ComponentKind::EntityDataProvider,
        ComponentKind::EntityDataSource,
        ComponentKind::Ribbon,
        ComponentKind::AiModel,
        ComponentKind::AiPlugin,
        ComponentKind::Bot,
        ComponentKind::BotComponent,
        ComponentKind::BotComponentCollection,
        ComponentKind::AppAction,
        ComponentKind::EntityImageConfig,
        ComponentKind::AttributeImageConfig,
        ComponentKind::StoredProcedure,
    ];

    /// The camelCase key used in JSON (`counts`, `components[].kind`).
    pub fn key(self) -> &'static str {
        match self {
            ComponentKind::Entity => "entity",
            ComponentKind::Attribute => "attribute",
            ComponentKind::Form => "form",
            ComponentKind::View => "view",
            ComponentKind::Chart => "chart",
            ComponentKind::Relationship => "relationship",
            ComponentKind::EntityKey => "entityKey",
            ComponentKind::HierarchyRule => "hierarchyRule",
            ComponentKind::OptionSet => "optionSet",
            ComponentKind::Role => "role",
            ComponentKind::FieldSecurityProfile => "fieldSecurityProfile",
            ComponentKind::Workflow => "workflow",
            ComponentKind::WebResource => "webResource",
            ComponentKind::PluginAssembly => "pluginAssembly",
            ComponentKind::PluginType => "pluginType",
            ComponentKind::SdkMessageProcessingStep => "sdkMessageProcessingStep",
            ComponentKind::SdkMessageProcessingStepImage => "sdkMessageProcessingStepImage",
            ComponentKind::ServiceEndpoint => "serviceEndpoint",
            ComponentKind::SiteMap => "siteMap",
            ComponentKind::AppModule => "appModule",
            ComponentKind::CanvasApp => "canvasApp",
            ComponentKind::EnvironmentVariableDefinition => "environmentVariableDefinition",
            ComponentKind::ConnectionReference => "connectionReference",
            ComponentKind::CustomApi => "customApi",
            ComponentKind::CustomApiRequestParameter => "customApiRequestParameter",
            ComponentKind::CustomApiResponseProperty => "customApiResponseProperty",
            ComponentKind::Template => "template",
            ComponentKind::EntityMap => "entityMap",
            ComponentKind::Dashboard => "dashboard",
            ComponentKind::Dialog => "dialog",
            ComponentKind::Report => "report",
            ComponentKind::ConnectionRole => "connectionRole",
            ComponentKind::CustomControl => "customControl",
            ComponentKind::EntityDataProvider => "entityDataProvider",
            ComponentKind::EntityDataSource => "entityDataSource",
            ComponentKind::Ribbon => "ribbon",
            ComponentKind::AiModel => "aiModel",
            ComponentKind::AiPlugin => "aiPlugin",
            ComponentKind::Bot => "bot",
            ComponentKind::BotComponent => "botComponent",
            ComponentKind::BotComponentCollection => "botComponentCollection",
            ComponentKind::AppAction => "appAction",
            ComponentKind::EntityImageConfig => "entityImageConfig",
            ComponentKind::AttributeImageConfig => "attributeImageConfig",
            ComponentKind::StoredProcedure => "storedProcedure",
        }
    }

    /// The platform's vocabulary for people (maker portal names where they exist).
    pub fn label(self) -> &'static str {
        match self {
            ComponentKind::Entity => "Table (entity)",
            ComponentKind::Attribute => "Column (attribute)",
            ComponentKind::Form => "Form",
            ComponentKind::View => "View",
            ComponentKind::Chart => "Chart",
            ComponentKind::Relationship => "Relationship",
            ComponentKind::EntityKey => "Alternate key",
            ComponentKind::HierarchyRule => "Hierarchy setting",
            ComponentKind::OptionSet => "Choice (global option set)",
            ComponentKind::Role => "Security role",
            ComponentKind::FieldSecurityProfile => "Field security profile",
            ComponentKind::Workflow => "Process / cloud flow",
            ComponentKind::WebResource => "Web resource",
            ComponentKind::PluginAssembly => "Plug-in assembly",
            ComponentKind::PluginType => "Plug-in type",
            ComponentKind::SdkMessageProcessingStep => "Plug-in step",
            ComponentKind::SdkMessageProcessingStepImage => "Plug-in step image",
            ComponentKind::ServiceEndpoint => "Service endpoint",
            ComponentKind::SiteMap => "Site map",
            ComponentKind::AppModule => "Model-driven app",
            ComponentKind::CanvasApp => "Canvas app",
            ComponentKind::EnvironmentVariableDefinition => "Environment variable",
            ComponentKind::ConnectionReference => "Connection reference",
            ComponentKind::CustomApi => "Custom API",
            ComponentKind::CustomApiRequestParameter => "Custom API request parameter",
            ComponentKind::CustomApiResponseProperty => "Custom API response property",
            ComponentKind::Template => "Template",
            ComponentKind::EntityMap => "Entity map",
            ComponentKind::Dashboard => "Dashboard",
            ComponentKind::Dialog => "Dialog",
            ComponentKind::Report => "Report",
            ComponentKind::ConnectionRole => "Connection role",
            ComponentKind::CustomControl => "Code component (PCF)",
            ComponentKind::EntityDataProvider => "Virtual table data provider",
            ComponentKind::EntityDataSource => "Virtual table data source",
            ComponentKind::Ribbon => "Application ribbon",
            ComponentKind::AiModel => "AI model",
            ComponentKind::AiPlugin => "AI plug-in",
            ComponentKind::Bot => "Copilot (bot)",
            ComponentKind::BotComponent => "Copilot topic / component",
            ComponentKind::BotComponentCollection => "Copilot component collection",
            ComponentKind::AppAction => "Command (app action)",
            ComponentKind::EntityImageConfig => "Table image setting",
            ComponentKind::AttributeImageConfig => "Image column setting",
            ComponentKind::StoredProcedure => "Stored procedure",
        }
    }

    pub fn from_key(key: &str) -> Option<ComponentKind> {
        ComponentKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.key() == key)
    }

    /// Kinds that live inside a table (entity) in customizations.xml.
    pub fn belongs_to_entity(self) -> bool {
        matches!(
            self,
            ComponentKind::Attribute
                | ComponentKind::Form
                | ComponentKind::View
                | ComponentKind::Chart
                | ComponentKind::Relationship
                | ComponentKind::EntityKey
                | ComponentKind::HierarchyRule
        )
    }

    /// The platform's component type number (solutioncomponent.componenttype),
    /// where it has a fixed one.
    pub fn type_code(self) -> Option<u32> {
        Some(match self {
            ComponentKind::Entity => 1,
            ComponentKind::Attribute => 2,
            ComponentKind::OptionSet => 9,
            ComponentKind::Relationship => 10,
            ComponentKind::EntityKey => 14,
            ComponentKind::Role => 20,
            ComponentKind::View => 26,
            ComponentKind::Workflow => 29,
            ComponentKind::Report => 31,
            ComponentKind::Template => 36,
            ComponentKind::EntityMap => 46,
            ComponentKind::Ribbon => 50,
            ComponentKind::Chart => 59,
            ComponentKind::Form | ComponentKind::Dashboard | ComponentKind::Dialog => 60,
            ComponentKind::WebResource => 61,
            ComponentKind::SiteMap => 62,
            ComponentKind::ConnectionRole => 63,
            ComponentKind::HierarchyRule => 65,
            ComponentKind::CustomControl => 66,
            ComponentKind::FieldSecurityProfile => 70,
            ComponentKind::AppModule => 80,
            ComponentKind::EntityDataProvider => 181,
            ComponentKind::EntityDataSource => 183,
            ComponentKind::PluginType => 90,
            ComponentKind::PluginAssembly => 91,
            ComponentKind::SdkMessageProcessingStep => 92,
            ComponentKind::SdkMessageProcessingStepImage => 93,
            ComponentKind::ServiceEndpoint => 95,
            ComponentKind::CanvasApp => 300,
            ComponentKind::EnvironmentVariableDefinition => 380,
            ComponentKind::EntityImageConfig => 432,
            ComponentKind::AttributeImageConfig => 431,
            _ => return None,
        })
    }

    /// Kinds a root component or dependency of this type number may refer to.
    pub fn from_type_code(code: u32) -> &'static [ComponentKind] {
        match code {
            1 => &[ComponentKind::Entity],
            2 => &[ComponentKind::Attribute],
            9 => &[ComponentKind::OptionSet],
            3 | 10 => &[ComponentKind::Relationship],
            14 => &[ComponentKind::EntityKey],
            20 => &[ComponentKind::Role],
            26 => &[ComponentKind::View],
            29 => &[ComponentKind::Workflow],
            31 => &[ComponentKind::Report],
            36..=39 => &[ComponentKind::Template],
            46 => &[ComponentKind::EntityMap],
            50 | 55 => &[ComponentKind::Ribbon],
            59 => &[ComponentKind::Chart],
            24 | 60 => &[
                ComponentKind::Form,
                ComponentKind::Dashboard,
                ComponentKind::Dialog,
            ],
            61 => &[ComponentKind::WebResource],
            62 => &[ComponentKind::SiteMap],
            63 => &[ComponentKind::ConnectionRole],
            65 => &[ComponentKind::HierarchyRule],
            66 => &[ComponentKind::CustomControl],
            70 => &[ComponentKind::FieldSecurityProfile],
            80 => &[ComponentKind::AppModule],
            // Observed in real manifests (virtual table data provider / source).
            181 => &[ComponentKind::EntityDataProvider],
            183 => &[ComponentKind::EntityDataSource],
            90 => &[ComponentKind::PluginType],
            91 => &[ComponentKind::PluginAssembly],
            92 => &[ComponentKind::SdkMessageProcessingStep],
            93 => &[ComponentKind::SdkMessageProcessingStepImage],
            95 => &[ComponentKind::ServiceEndpoint],
            300 => &[ComponentKind::CanvasApp],
            371 | 372 => &[ComponentKind::ConnectionReference],
            380 => &[ComponentKind::EnvironmentVariableDefinition],
            401 | 402 => &[ComponentKind::AiModel],
            431 => &[ComponentKind::AttributeImageConfig],
            432 => &[ComponentKind::EntityImageConfig],
            _ => &[],
        }
    }

    /// Kinds named by an entity logical name in newer manifests (`type="connectionreference"`).
    pub fn from_logical_name(name: &str) -> &'static [ComponentKind] {
        match name.to_ascii_lowercase().as_str() {
            "connectionreference" => &[ComponentKind::ConnectionReference],
            "environmentvariabledefinition" => &[ComponentKind::EnvironmentVariableDefinition],
            "customapi" => &[ComponentKind::CustomApi],
            "customapirequestparameter" => &[ComponentKind::CustomApiRequestParameter],
            "customapiresponseproperty" => &[ComponentKind::CustomApiResponseProperty],
            "bot" => &[ComponentKind::Bot],
            "botcomponent" => &[ComponentKind::BotComponent],
            "botcomponentcollection" => &[ComponentKind::BotComponentCollection],
            "msdyn_aimodel" => &[ComponentKind::AiModel],
            "aiplugin" => &[ComponentKind::AiPlugin],
            "appaction" => &[ComponentKind::AppAction],
            "canvasapp" => &[ComponentKind::CanvasApp],
            _ => &[],
        }
    }
}

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
            Some(parent)
                if matches!(
                    self.kind,
                    ComponentKind::Attribute | ComponentKind::EntityKey
                ) =>
            {
                Some(parent.as_str())
            }
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
