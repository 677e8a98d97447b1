//! Component kinds: one declaration per kind, from which everything else follows.
//!
//! [`declare_kinds!`] below lists every kind once, with its JSON key and a
//! [`KindSpec`]: its label, platform type numbers and logical names, where it is
//! defined in a package (element paths of customizations.xml, or folders), how its
//! name, display name, id and parent are read, its files, its managed properties,
//! whether it is part of a table (and keyed within it), whether the platform merges
//! it on import, whether its custom names carry the publisher's prefix, and its
//! section of the ImportJob data. The enum, the list of all kinds and every table
//! the reader, validation, simulation and the reports use are made from it.
//!
//! Type numbers are solutioncomponent.componenttype (DOMAIN.md 2.6, from the
//! platform's docs: learn.microsoft.com/power-apps/developer/data-platform/reference/entities/solutioncomponent).
//! Kinds that are solution-aware tables get environment-specific numbers (≥ 10000)
//! there, so they are matched by their logical name instead.

use serde::{Deserialize, Serialize};

/// How a kind's component is found in a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinedBy {
    /// Elements of customizations.xml at these paths from the root, read by the rules.
    Element {
        paths: &'static [&'static str],
        reading: Reading,
    },
    /// `folder/<name>/file`: one component per subfolder, named by it, owning every
    /// file under it (the export's convention for solution-aware tables: the entity
    /// set name, the record, the logical name `.xml`).
    Folder {
        folder: &'static str,
        file: &'static str,
    },
    /// `within/<parent>/folder/<name>/file`: like [`DefinedBy::Folder`], inside the
    /// folder of a component of another kind, which is its parent.
    SubFolder {
        within: &'static str,
        folder: &'static str,
        file: &'static str,
    },
    /// Each file directly in `folder` whose name ends with `suffix` is one component,
    /// named by the file name without `.xml` (e.g. `Assets/botcomponent_workflowset.xml`).
    FilesIn {
        folder: &'static str,
        suffix: &'static str,
    },
}

/// How an element's name, display name, id and parent are read, and which of its
/// leaf children name payload files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub name: Value,
    pub display_name: Value,
    pub id: Value,
    pub parent: Value,
    /// Leaf children whose `/`-rooted text names a payload file, beside the ones
    /// every kind has (`FileName`, `…Uri`, …).
    pub file_fields: &'static [&'static str],
    /// The folder of each file it names holds more of its files (a code component's
    /// manifest sits beside its bundle and resources).
    pub owns_folders_of_files: bool,
    /// Files in this folder named `<component name>_…` are its own (a canvas app's
    /// `.msapp`, images and identity files).
    pub owns_files_named_after: Option<&'static str>,
    /// An empty element is no component (exports write `<OrganizationSettings />` always).
    pub only_with_children: bool,
}

impl Reading {
    /// Nothing read: every value absent.
    pub const NONE: Reading = Reading {
        name: Value::NONE,
        display_name: Value::NONE,
        id: Value::NONE,
        parent: Value::NONE,
        file_fields: &[],
        owns_folders_of_files: false,
        owns_files_named_after: None,
        only_with_children: false,
    };
}

/// A value read from the first source that has one, then shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value {
    pub from: &'static [Source],
    pub shape: Shape,
}

impl Value {
    pub const NONE: Value = Value::of(&[]);

    pub const fn of(from: &'static [Source]) -> Value {
        Value {
            from,
            shape: Shape::AsWritten,
        }
    }

    pub const fn lower(self) -> Value {
        Value {
            shape: Shape::LowerCase,
            ..self
        }
    }

    pub const fn before_comma(self) -> Value {
        Value {
            shape: Shape::BeforeComma,
            ..self
        }
    }
}

/// Where a value may come from (names compared ignoring ASCII case; empty values are absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A leaf child's text; `Child@attr` is an attribute of that child.
    Field(&'static str),
    /// An attribute of the component's element.
    Attribute(&'static str),
    /// The `LocalizedNames`/`displaynames` label in the package's base language.
    Label,
    /// A fixed text.
    Text(&'static str),
    /// These leaf children's texts (empty when absent) joined by the separator.
    Joined(&'static [&'static str], &'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    AsWritten,
    LowerCase,
    /// The text before the first comma, trimmed (an assembly's short name).
    BeforeComma,
}

/// Whether a kind is part of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TablePart {
    No,
    /// Lives inside a table; its name is unique in the package.
    Yes,
    /// Lives inside a table and its name is unique only there: keys carry the table.
    KeyedByTable,
}

/// Where a kind's components go in the ImportJob data XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportJob {
    /// This section of the platform's (`report::importjob::SECTIONS`).
    Section(&'static str),
    /// Under its table's row.
    OfTable,
    /// A section of its own, `<key>s`: newer families have none in the published samples.
    OwnSection,
}

/// Everything about one kind (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindSpec {
    /// The platform's vocabulary for people (maker portal names where they exist).
    pub label: &'static str,
    pub defined_by: DefinedBy,
    /// A second place that defines it (custom APIs and environment variables are
    /// elements of customizations.xml in older exports, folders in newer ones).
    pub also_defined_by: Option<DefinedBy>,
    pub import_job: ImportJob,
    /// The platform's component type number, where it has a fixed one.
    pub type_code: Option<u32>,
    /// Other type numbers that refer to this kind in manifests.
    pub other_type_codes: &'static [u32],
    /// Entity logical names newer manifests use as the type (`type="connectionreference"`).
    pub logical_names: &'static [&'static str],
    pub table_part: TablePart,
    /// Managed properties as customizations.xml names them.
    pub managed_properties: &'static [&'static str],
    /// The platform merges it across layers instead of "last one wins".
    pub merges: bool,
    /// Its custom names start with the publisher's prefix and an underscore.
    pub prefixed: bool,
}

impl KindSpec {
    pub const fn new(
        label: &'static str,
        defined_by: DefinedBy,
        import_job: ImportJob,
    ) -> KindSpec {
        KindSpec {
            label,
            defined_by,
            also_defined_by: None,
            import_job,
            type_code: None,
            other_type_codes: &[],
            logical_names: &[],
            table_part: TablePart::No,
            managed_properties: COMMON_MANAGED_PROPERTIES,
            merges: false,
            prefixed: false,
        }
    }

    const fn also(self, place: DefinedBy) -> KindSpec {
        KindSpec {
            also_defined_by: Some(place),
            ..self
        }
    }

    const fn code(self, code: u32) -> KindSpec {
        KindSpec {
            type_code: Some(code),
            ..self
        }
    }

    const fn also_codes(self, codes: &'static [u32]) -> KindSpec {
        KindSpec {
            other_type_codes: codes,
            ..self
        }
    }

    const fn logical(self, names: &'static [&'static str]) -> KindSpec {
        KindSpec {
            logical_names: names,
            ..self
        }
    }

    const fn in_table(self, part: TablePart) -> KindSpec {
        KindSpec {
            table_part: part,
            ..self
        }
    }

    const fn properties(self, names: &'static [&'static str]) -> KindSpec {
        KindSpec {
            managed_properties: names,
            ..self
        }
    }

    const fn merged(self) -> KindSpec {
        KindSpec {
            merges: true,
            ..self
        }
    }

    const fn prefix(self) -> KindSpec {
        KindSpec {
            prefixed: true,
            ..self
        }
    }

    /// Every place that defines it.
    pub fn places(&self) -> impl Iterator<Item = &DefinedBy> {
        std::iter::once(&self.defined_by).chain(self.also_defined_by.as_ref())
    }

    /// The reading rules, for kinds defined by elements of customizations.xml.
    pub fn reading(&self) -> Option<&Reading> {
        self.places().find_map(|place| match place {
            DefinedBy::Element { reading, .. } => Some(reading),
            _ => None,
        })
    }

    /// The element paths of customizations.xml that define it.
    pub fn element_paths(&self) -> &'static [&'static str] {
        self.places()
            .find_map(|place| match place {
                DefinedBy::Element { paths, .. } => Some(*paths),
                _ => None,
            })
            .unwrap_or(&[])
    }
}

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

/// The type numbers a kind answers to, as a small list (a code names at most a few kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds {
    kinds: [ComponentKind; Kinds::CAPACITY],
    len: usize,
}

impl Kinds {
    const CAPACITY: usize = 6;

    fn matching(mut wanted: impl FnMut(&KindSpec) -> bool) -> Kinds {
        let mut found = Kinds {
            kinds: [ComponentKind::Entity; Kinds::CAPACITY],
            len: 0,
        };
        for kind in ComponentKind::ALL {
            if found.len < Kinds::CAPACITY && wanted(kind.spec()) {
                found.kinds[found.len] = kind;
                found.len += 1;
            }
        }
        found
    }
}

impl std::ops::Deref for Kinds {
    type Target = [ComponentKind];

    fn deref(&self) -> &[ComponentKind] {
        self.kinds.get(..self.len).unwrap_or_default()
    }
}

/// Declares every kind: `Variant "jsonKey" => spec;`. The key is the serde name too.
macro_rules! declare_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident $key:literal => $spec:expr;)*) => {
        /// Kinds of solution components, named as in the JSON output.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum ComponentKind {
            $($(#[doc = $doc])* #[serde(rename = $key)] $variant,)*
        }

        impl ComponentKind {
            /// Every kind, in declaration order.
            pub const ALL: [ComponentKind; [$($key),*].len()] = [$(ComponentKind::$variant),*];

            /// The camelCase key used in JSON (`counts`, `components[].kind`).
            pub fn key(self) -> &'static str {
                match self {
                    $(ComponentKind::$variant => $key,)*
                }
            }

            /// Its declaration.
            pub fn spec(self) -> &'static KindSpec {
                match self {
                    $(ComponentKind::$variant => {
                        const SPEC: KindSpec = $spec;
                        &SPEC
                    })*
                }
            }
        }
    };
}

use DefinedBy::{FilesIn, Folder, SubFolder};
use ImportJob::{OfTable, OwnSection, Section};
use Source::{Attribute as A, Field as F, Joined, Label as L, Text};

const fn element(paths: &'static [&'static str], reading: Reading) -> DefinedBy {
    DefinedBy::Element { paths, reading }
}

/// Name, display name and id, the common case.
const fn named(name: Value, display_name: Value, id: Value) -> Reading {
    Reading {
        name,
        display_name,
        id,
        ..Reading::NONE
    }
}

const fn of(from: &'static [Source]) -> Value {
    Value::of(from)
}

const NONE: Value = Value::NONE;

declare_kinds! {
    Entity "entity" => KindSpec::new("Table (entity)", element(
        &["ImportExportXml/Entities/Entity"],
        named(of(&[F("Name")]), of(&[F("Name@LocalizedName"), L]), NONE),
    ), Section("entities")).code(1).properties(ENTITY_MANAGED_PROPERTIES).prefix();
    Attribute "attribute" => KindSpec::new("Column (attribute)", element(
        &["ImportExportXml/Entities/Entity/EntityInfo/entity/attributes/attribute"],
        named(of(&[F("LogicalName"), A("PhysicalName")]).lower(), of(&[L]), NONE),
    ), OfTable).code(2).in_table(TablePart::KeyedByTable).properties(ATTRIBUTE_MANAGED_PROPERTIES).prefix();
    Form "form" => KindSpec::new("Form", element(
        &["ImportExportXml/Entities/Entity/FormXml/forms/systemform"],
        named(of(&[F("formid")]), of(&[L]), NONE),
    ), OfTable).code(60).also_codes(&[24]).in_table(TablePart::Yes).merged();
    View "view" => KindSpec::new("View", element(
        &["ImportExportXml/Entities/Entity/SavedQueries/savedqueries/savedquery"],
        named(of(&[F("savedqueryid")]), of(&[L]), NONE),
    ), OfTable).code(26).in_table(TablePart::Yes);
    Chart "chart" => KindSpec::new("Chart", element(
        &["ImportExportXml/Entities/Entity/Visualizations/visualization"],
        named(of(&[F("savedqueryvisualizationid")]), of(&[L, F("name")]), NONE),
    ), OfTable).code(59).in_table(TablePart::Yes);
    Relationship "relationship" => KindSpec::new("Relationship", element(
        &["ImportExportXml/EntityRelationships/EntityRelationship"],
        Reading {
            parent: of(&[F("ReferencingEntityName"), F("FirstEntityName")]).lower(),
            ..named(of(&[A("Name")]), NONE, NONE)
        },
    ), OfTable).code(10).also_codes(&[3]).in_table(TablePart::Yes);
    EntityKey "entityKey" => KindSpec::new("Alternate key", element(
        &["ImportExportXml/Entities/Entity/EntityInfo/entity/EntityKeys/EntityKey"],
        named(of(&[F("LogicalName"), F("Name")]), of(&[L]), NONE),
    ), OfTable).code(14).in_table(TablePart::KeyedByTable);
    HierarchyRule "hierarchyRule" => KindSpec::new("Hierarchy setting", element(
        &["ImportExportXml/Entities/Entity/HierarchyRules/HierarchyRule"],
        named(of(&[F("HierarchyRuleID")]), of(&[L]), NONE),
    ), OfTable).code(65).in_table(TablePart::Yes);
    OptionSet "optionSet" => KindSpec::new("Choice (global option set)", element(
        &["ImportExportXml/optionsets/optionset"],
        named(of(&[A("Name")]), of(&[L, A("localizedName")]), NONE),
    ), Section("optionSets")).code(9).prefix();
    Role "role" => KindSpec::new("Security role", element(
        &["ImportExportXml/Roles/Role"],
        named(of(&[A("id")]), of(&[A("name")]), NONE),
    ), Section("securityroles")).code(20);
    FieldSecurityProfile "fieldSecurityProfile" => KindSpec::new("Field security profile", element(
        &["ImportExportXml/FieldSecurityProfiles/FieldSecurityProfile"],
        named(
            of(&[F("fieldsecurityprofileid"), A("fieldsecurityprofileid"), A("id")]),
            of(&[F("name"), A("name")]),
            NONE,
        ),
    ), Section("FieldSecurityProfiles")).code(70);
    Workflow "workflow" => KindSpec::new("Process / cloud flow", element(
        &["ImportExportXml/Workflows/Workflow"],
        named(of(&[A("WorkflowId")]), of(&[A("Name"), L]), NONE),
    ), Section("workflows")).code(29);
    WebResource "webResource" => KindSpec::new("Web resource", element(
        &["ImportExportXml/WebResources/WebResource"],
        named(of(&[F("Name")]), of(&[F("DisplayName")]), of(&[F("WebResourceId")])),
    ), Section("webResources")).code(61).prefix();
    PluginAssembly "pluginAssembly" => KindSpec::new("Plug-in assembly", element(
        &["ImportExportXml/SolutionPluginAssemblies/PluginAssembly"],
        named(of(&[A("FullName")]).before_comma(), of(&[A("FullName")]), of(&[A("PluginAssemblyId")])),
    ), Section("SolutionPluginAssemblies")).code(91);
    PluginType "pluginType" => KindSpec::new("Plug-in type", element(
        &["ImportExportXml/SolutionPluginAssemblies/PluginAssembly/PluginTypes/PluginType"],
        named(
            of(&[A("AssemblyQualifiedName"), A("Name")]).before_comma(),
            of(&[F("FriendlyName"), A("FriendlyName"), A("Name")]),
            of(&[A("PluginTypeId")]),
        ),
    ), OwnSection).code(90);
    SdkMessageProcessingStep "sdkMessageProcessingStep" => KindSpec::new("Plug-in step", element(
        &["ImportExportXml/SdkMessageProcessingSteps/SdkMessageProcessingStep"],
        named(of(&[A("SdkMessageProcessingStepId")]), of(&[A("Name")]), NONE),
    ), Section("SdkMessageProcessingSteps")).code(92);
    /// Keyed by its id: exports write it as a child element (an attribute in some older
    /// ones). Images of different steps share names ("PreImage"), so a name is the last resort.
    SdkMessageProcessingStepImage "sdkMessageProcessingStepImage" => KindSpec::new("Plug-in step image", element(
        &["ImportExportXml/SdkMessageProcessingSteps/SdkMessageProcessingStep/SdkMessageProcessingStepImages/SdkMessageProcessingStepImage"],
        named(
            of(&[
                F("SdkMessageProcessingStepImageId"),
                A("SdkMessageProcessingStepImageId"),
                A("Id"),
                F("EntityAlias"),
                A("Name"),
            ]),
            of(&[A("Name")]),
            NONE,
        ),
    ), OwnSection).code(93);
    ServiceEndpoint "serviceEndpoint" => KindSpec::new("Service endpoint", element(
        &["ImportExportXml/ServiceEndpoints/ServiceEndpoint"],
        named(of(&[A("ServiceEndpointId")]), of(&[A("Name")]), NONE),
    ), Section("ServiceEndpoints")).code(95);
    SiteMap "siteMap" => KindSpec::new("Site map", element(
        &["ImportExportXml/SiteMap", "ImportExportXml/AppModuleSiteMaps/AppModuleSiteMap"],
        named(of(&[F("SiteMapUniqueName"), Text("SiteMap")]), of(&[L]), NONE),
    ), Section("nodes")).code(62).merged();
    AppModule "appModule" => KindSpec::new("Model-driven app", element(
        &["ImportExportXml/AppModules/AppModule"],
        named(of(&[F("UniqueName")]), of(&[L]), NONE),
    ), OwnSection).code(80).merged().prefix();
    CanvasApp "canvasApp" => KindSpec::new("Canvas app", element(
        &["ImportExportXml/CanvasApps/CanvasApp"],
        Reading {
            owns_files_named_after: Some("CanvasApps/"),
            ..named(of(&[F("Name")]), of(&[F("DisplayName")]), NONE)
        },
    ), OwnSection).code(300).logical(&["canvasapp"]).prefix();
    EnvironmentVariableDefinition "environmentVariableDefinition" => KindSpec::new("Environment variable", element(
        &["ImportExportXml/environmentvariabledefinitions/environmentvariabledefinition"],
        named(of(&[A("schemaname")]), of(&[F("displayname"), L]), NONE),
    ), OwnSection).also(Folder {
        folder: "environmentvariabledefinitions",
        file: "environmentvariabledefinition.xml",
    }).code(380).logical(&["environmentvariabledefinition"]).prefix();
    ConnectionReference "connectionReference" => KindSpec::new("Connection reference", element(
        &["ImportExportXml/connectionreferences/connectionreference"],
        named(of(&[A("connectionreferencelogicalname")]), of(&[F("connectionreferencedisplayname")]), NONE),
    ), OwnSection).logical(&["connectionreference"]).prefix();
    CustomApi "customApi" => KindSpec::new("Custom API", element(
        &["ImportExportXml/customapis/customapi"],
        named(of(&[F("uniquename"), A("uniquename")]), of(&[F("displayname"), F("name")]), NONE),
    ), OwnSection).also(Folder { folder: "customapis", file: "customapi.xml" }).logical(&["customapi"]).prefix();
    CustomApiRequestParameter "customApiRequestParameter" => KindSpec::new("Custom API request parameter", SubFolder {
        within: "customapis",
        folder: "customapirequestparameters",
        file: "customapirequestparameter.xml",
    }, OwnSection).logical(&["customapirequestparameter"]);
    CustomApiResponseProperty "customApiResponseProperty" => KindSpec::new("Custom API response property", SubFolder {
        within: "customapis",
        folder: "customapiresponseproperties",
        file: "customapiresponseproperty.xml",
    }, OwnSection).logical(&["customapiresponseproperty"]);
    Template "template" => KindSpec::new("Template", element(
        &[
            "ImportExportXml/Templates/Template",
            "ImportExportXml/Templates/EmailTemplate",
            "ImportExportXml/Templates/ContractTemplate",
            "ImportExportXml/Templates/KBArticleTemplate",
            "ImportExportXml/Templates/MailMergeTemplate",
        ],
        named(
            of(&[F("TemplateId"), F("templateid"), F("KbArticleTemplateId"), F("ContractTemplateId")]),
            of(&[F("Title"), F("title"), F("Name")]),
            NONE,
        ),
    ), Section("templates")).code(36).also_codes(&[37, 38, 39]);
    EntityMap "entityMap" => KindSpec::new("Entity map", element(
        &["ImportExportXml/EntityMaps/EntityMap"],
        Reading {
            parent: of(&[Joined(&["EntitySource"], "")]).lower(),
            ..named(of(&[Joined(&["EntitySource", "EntityTarget"], "->")]), NONE, NONE)
        },
    ), OwnSection).code(46);
    Dashboard "dashboard" => KindSpec::new("Dashboard", element(
        &["ImportExportXml/Dashboards/Dashboard"],
        named(of(&[F("FormId")]), of(&[L]), NONE),
    ), Section("dashboards")).code(60).also_codes(&[24]);
    Dialog "dialog" => KindSpec::new("Dialog", element(
        &["ImportExportXml/Dialogs/Dialog"],
        named(of(&[F("FormId")]), of(&[L]), NONE),
    ), OwnSection).code(60).also_codes(&[24]);
    Report "report" => KindSpec::new("Report", element(
        &["ImportExportXml/Reports/Report"],
        named(of(&[F("ReportId"), F("reportid")]), of(&[F("name"), F("Name")]), NONE),
    ), Section("reports")).code(31);
    ConnectionRole "connectionRole" => KindSpec::new("Connection role", element(
        &["ImportExportXml/ConnectionRoles/ConnectionRole"],
        named(of(&[F("connectionroleid"), A("connectionroleid"), A("id")]), of(&[F("name"), A("name")]), NONE),
    ), Section("ConnectionRoles")).code(63);
    CustomControl "customControl" => KindSpec::new("Code component (PCF)", element(
        &["ImportExportXml/CustomControls/CustomControl"],
        Reading {
            owns_folders_of_files: true,
            ..named(of(&[F("Name")]), NONE, NONE)
        },
    ), OwnSection).code(66);
    EntityDataProvider "entityDataProvider" => KindSpec::new("Virtual table data provider", element(
        &["ImportExportXml/EntityDataProviders/EntityDataProvider"],
        named(of(&[F("EntityDataProviderId"), A("EntityDataProviderId")]), of(&[F("Name"), A("Name")]), NONE),
    ), OwnSection).code(181); // observed in real manifests
    EntityDataSource "entityDataSource" => KindSpec::new("Virtual table data source", element(
        &["ImportExportXml/EntityDataSources/EntityDataSource"],
        named(of(&[A("EntityDataSourceId")]), of(&[F("Name")]), NONE),
    ), OwnSection).code(183); // observed in real manifests
    /// Manifests name the application ribbon `:RibbonDiffXml`.
    Ribbon "ribbon" => KindSpec::new("Application ribbon", element(
        &["ImportExportXml/RibbonDiffXml"],
        named(of(&[Text("ApplicationRibbon")]), NONE, of(&[Text(":RibbonDiffXml")])),
    ), OwnSection).code(50).also_codes(&[55]).merged();
    AiModel "aiModel" => KindSpec::new("AI model", element(
        &["ImportExportXml/AIModels/AIModel"],
        named(of(&[F("msdyn_aimodelid")]), of(&[F("msdyn_name")]), NONE),
    ), OwnSection).also_codes(&[401]).logical(&["msdyn_aimodel"]);
    /// A run configuration of an AI model (a prompt's text and settings, a trained version),
    /// nested in its model: `AIModels/AIModel/AIConfigurations/AIConfiguration`, with the
    /// model's id in `msdyn_aimodelid` (BatchMonitoringAgent in tests/corpus). Type 402 is
    /// "AI Configuration" in the solutioncomponent reference.
    AiConfiguration "aiConfiguration" => KindSpec::new("AI model configuration", element(
        &["ImportExportXml/AIModels/AIModel/AIConfigurations/AIConfiguration"],
        Reading {
            parent: of(&[F("msdyn_aimodelid")]),
            ..named(of(&[F("msdyn_aiconfigurationid")]), of(&[F("msdyn_name")]), NONE)
        },
    ), OwnSection).code(402).logical(&["msdyn_aiconfiguration"]);
    AiPlugin "aiPlugin" => KindSpec::new("AI plug-in", Folder { folder: "aiplugins", file: "aiplugin.xml" }, OwnSection)
        .logical(&["aiplugin"]);
    Bot "bot" => KindSpec::new("Copilot (bot)", Folder { folder: "bots", file: "bot.xml" }, OwnSection)
        .logical(&["bot"]);
    BotComponent "botComponent" => KindSpec::new("Copilot topic / component", Folder {
        folder: "botcomponents",
        file: "botcomponent.xml",
    }, OwnSection).logical(&["botcomponent"]);
    BotComponentCollection "botComponentCollection" => KindSpec::new("Copilot component collection", Folder {
        folder: "botcomponentcollections",
        file: "botcomponentcollection.xml",
    }, OwnSection).logical(&["botcomponentcollection"]);
    AppAction "appAction" => KindSpec::new("Command (app action)", Folder { folder: "appactions", file: "appaction.xml" }, OwnSection)
        .logical(&["appaction"]);
    EntityImageConfig "entityImageConfig" => KindSpec::new("Table image setting", element(
        &["ImportExportXml/EntityImageConfigs/EntityImageConfig"],
        Reading {
            parent: of(&[F("parententitylogicalname")]),
            ..named(of(&[F("parententitylogicalname")]), of(&[F("primaryimageattribute")]), NONE)
        },
    ), OwnSection).code(432);
    AttributeImageConfig "attributeImageConfig" => KindSpec::new("Image column setting", element(
        &["ImportExportXml/AttributeImageConfigs/AttributeImageConfig"],
        Reading {
            parent: of(&[Joined(&["parententitylogicalname"], "")]),
            ..named(of(&[Joined(&["parententitylogicalname", "attributelogicalname"], " ")]), NONE, NONE)
        },
    ), OwnSection).code(431);
    StoredProcedure "storedProcedure" => KindSpec::new("Stored procedure", element(
        &["ImportExportXml/StoredProcedures/procedure"],
        named(of(&[A("name")]), of(&[F("description")]), NONE),
    ), OwnSection);
    /// A custom connector: its OpenAPI definition, connection parameters, policies and icon
    /// are files under `Connector/` named by its leaf children (TraceParser in tests/corpus/versions).
    Connector "connector" => KindSpec::new("Custom connector", element(
        &["ImportExportXml/Connectors/Connector"],
        Reading {
            file_fields: &["openapidefinition", "connectionparameters", "policytemplateinstances", "iconblob"],
            ..named(of(&[F("name")]), of(&[F("displayname")]), of(&[F("connectorid")]))
        },
    ), OwnSection).code(372).also_codes(&[371]).logical(&["connector"]);
    /// `InteractionCentricDashboards/InteractionCentricDashboard`: a system form (type 60) with
    /// `FormId` and `LocalizedNames`, like a dashboard.
    InteractionCentricDashboard "interactionCentricDashboard" => KindSpec::new("Interactive experience dashboard", element(
        &["ImportExportXml/InteractionCentricDashboards/InteractionCentricDashboard"],
        named(of(&[F("FormId")]), of(&[L]), NONE),
    ), Section("dashboards")).code(60).also_codes(&[24]);
    /// The organization's settings a solution carries (`OrganizationSettings`, CustomizationsSolution.xsd).
    OrganizationSettings "organizationSettings" => KindSpec::new("Organization settings", element(
        &["ImportExportXml/OrganizationSettings"],
        Reading {
            only_with_children: true,
            ..named(of(&[Text("OrganizationSettings")]), NONE, NONE)
        },
    ), Section("settings"));
    PowerPageSite "powerPageSite" => KindSpec::new("Power Pages site", Folder {
        folder: "powerpagesites",
        file: "powerpagesite.xml",
    }, OwnSection).logical(&["powerpagesite"]);
    /// A Power Pages site's page, template, snippet, web file… (`powerpagecomponent.xml` with
    /// its `filecontent/` beside it).
    PowerPageComponent "powerPageComponent" => KindSpec::new("Power Pages component", Folder {
        folder: "powerpagecomponents",
        file: "powerpagecomponent.xml",
    }, OwnSection).logical(&["powerpagecomponent"]);
    /// A desktop flow's binary record (`desktopflowbinary.xml` and its `data/` files).
    DesktopFlowBinary "desktopFlowBinary" => KindSpec::new("Desktop flow binary", Folder {
        folder: "desktopflowbinaries",
        file: "desktopflowbinary.xml",
    }, OwnSection).logical(&["desktopflowbinary"]);
    AiSkillConfig "aiSkillConfig" => KindSpec::new("AI skill configuration", Folder {
        folder: "aiskillconfigs",
        file: "aiskillconfig.xml",
    }, OwnSection).logical(&["aiskillconfig"]);
    MaskingRule "maskingRule" => KindSpec::new("Masking rule", Folder {
        folder: "maskingrules",
        file: "maskingrule.xml",
    }, OwnSection).logical(&["maskingrule"]);
    AttributeMaskingRule "attributeMaskingRule" => KindSpec::new("Column masking rule", Folder {
        folder: "attributemaskingrules",
        file: "attributemaskingrule.xml",
    }, OwnSection).logical(&["attributemaskingrule"]);
    /// Customer Service / Omnichannel configuration tables (solution-aware, carried as folders).
    TemplateParameter "templateParameter" => KindSpec::new("Template parameter", Folder {
        folder: "msdyn_templateparameters",
        file: "msdyn_templateparameter.xml",
    }, OwnSection).logical(&["msdyn_templateparameter"]);
    SessionTemplate "sessionTemplate" => KindSpec::new("Session template", Folder {
        folder: "msdyn_sessiontemplates",
        file: "msdyn_sessiontemplate.xml",
    }, OwnSection).logical(&["msdyn_sessiontemplate"]);
    ApplicationTabTemplate "applicationTabTemplate" => KindSpec::new("Application tab template", Folder {
        folder: "msdyn_applicationtabtemplates",
        file: "msdyn_applicationtabtemplate.xml",
    }, OwnSection).logical(&["msdyn_applicationtabtemplate"]);
    NotificationTemplate "notificationTemplate" => KindSpec::new("Notification template", Folder {
        folder: "msdyn_notificationtemplates",
        file: "msdyn_notificationtemplate.xml",
    }, OwnSection).logical(&["msdyn_notificationtemplate"]);
    NotificationField "notificationField" => KindSpec::new("Notification field", Folder {
        folder: "msdyn_notificationfields",
        file: "msdyn_notificationfield.xml",
    }, OwnSection).logical(&["msdyn_notificationfield"]);
    ChannelProvider "channelProvider" => KindSpec::new("Channel provider", Folder {
        folder: "msdyn_channelproviders",
        file: "msdyn_channelprovider.xml",
    }, OwnSection).logical(&["msdyn_channelprovider"]);
    PaneConfiguration "paneConfiguration" => KindSpec::new("Pane configuration", Folder {
        folder: "msdyn_paneconfigurations",
        file: "msdyn_paneconfiguration.xml",
    }, OwnSection).logical(&["msdyn_paneconfiguration"]);
    AppConfiguration "appConfiguration" => KindSpec::new("App profile configuration", Folder {
        folder: "msdyn_appconfigurations",
        file: "msdyn_appconfiguration.xml",
    }, OwnSection).logical(&["msdyn_appconfiguration"]);
    /// The records of a many-to-many association the solution carries (`Assets/<a>_<b>set.xml`,
    /// e.g. which bot components use which flows, connection references or AI models).
    AssociationSet "associationSet" => KindSpec::new("Association set", FilesIn {
        folder: "Assets",
        suffix: "set.xml",
    }, OwnSection);
}

/// The platform's component types no kind models (parts of a modelled component, records the
/// reader keeps as unknown sections), by their names in the platform's table (DOMAIN.md 2.6;
/// "table" and "column" for its entity and attribute, as the maker portal says): a root component or a dependency of one reads "custom control default config", not a
/// number. A type listed here is never a declared kind's (a test checks it).
const OTHER_PLATFORM_TYPES: &[(u32, &str)] = &[
    (4, "column picklist value"),
    (5, "column lookup value"),
    (6, "view column"),
    (7, "localized label"),
    (8, "relationship extra condition"),
    (11, "table relationship role"),
    (12, "table relationship relationships"),
    (13, "managed property"),
    (16, "privilege"),
    (17, "privilege object type code"),
    (18, "index"),
    (21, "role privilege"),
    (22, "display string"),
    (23, "display string map"),
    (25, "organization"),
    (32, "report table"),
    (33, "report category"),
    (34, "report visibility"),
    (35, "attachment"),
    (44, "duplicate detection rule"),
    (45, "duplicate detection rule condition"),
    (47, "column map"),
    (48, "ribbon command"),
    (49, "ribbon context group"),
    (52, "ribbon rule"),
    (53, "ribbon tab to command map"),
    (64, "complex control"),
    (68, "custom control default config"),
    (71, "field permission"),
    (150, "routing rule"),
    (151, "routing rule item"),
    (152, "SLA"),
    (153, "SLA item"),
    (154, "convert rule"),
    (155, "convert rule item"),
    (161, "mobile offline profile"),
    (162, "mobile offline profile item"),
    (165, "similarity rule"),
    (166, "data source mapping"),
    (201, "SDK message"),
    (202, "SDK message filter"),
    (203, "SDK message pair"),
    (204, "SDK message request"),
    (205, "SDK message request field"),
    (206, "SDK message response"),
    (207, "SDK message response field"),
    (208, "import map"),
    (210, "web wizard"),
    (381, "environment variable value"),
    (400, "AI project type"),
    (430, "table analytics configuration"),
];

/// A component type number's name in people's words where no kind models it (see
/// [`OTHER_PLATFORM_TYPES`]); `None` for a modelled kind's number or one nobody knows.
pub fn other_platform_type(code: u32) -> Option<&'static str> {
    OTHER_PLATFORM_TYPES
        .iter()
        .find(|(number, _)| *number == code)
        .map(|(_, name)| *name)
}

impl ComponentKind {
    /// The platform's vocabulary for people (maker portal names where they exist).
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The label as a noun in a sentence: lower case, and the two kinds people name
    /// most by their maker-portal word alone ("table", "column").
    pub fn noun(self) -> String {
        match self {
            ComponentKind::Entity => "table".to_owned(),
            ComponentKind::Attribute => "column".to_owned(),
            other => other.label().to_lowercase(),
        }
    }

    pub fn from_key(key: &str) -> Option<ComponentKind> {
        ComponentKind::ALL
            .into_iter()
            .find(|kind| kind.key() == key)
    }

    /// Kinds that live inside a table (entity).
    pub fn belongs_to_entity(self) -> bool {
        self.spec().table_part != TablePart::No
    }

    /// Whether keys carry the table: the name is unique only within it (columns, keys).
    pub fn parent_in_key(self) -> bool {
        self.spec().table_part == TablePart::KeyedByTable
    }

    /// Whether the platform merges it across layers instead of "last one wins".
    pub fn merges(self) -> bool {
        self.spec().merges
    }

    /// Whether its custom names start with the publisher's prefix and an underscore.
    pub fn prefixed(self) -> bool {
        self.spec().prefixed
    }

    /// The platform's component type number (solutioncomponent.componenttype),
    /// where it has a fixed one.
    pub fn type_code(self) -> Option<u32> {
        self.spec().type_code
    }

    /// Kinds a root component or dependency of this type number may refer to.
    pub fn from_type_code(code: u32) -> Kinds {
        Kinds::matching(|spec| {
            spec.type_code == Some(code) || spec.other_type_codes.contains(&code)
        })
    }

    /// Kinds a manifest's `type` attribute names: a component type number (`type="61"`)
    /// or, in newer manifests, an entity logical name (`type="connectionreference"`).
    pub fn from_type_attribute(code: &str) -> Kinds {
        match code.parse::<u32>() {
            Ok(number) => ComponentKind::from_type_code(number),
            Err(_) => ComponentKind::from_logical_name(code),
        }
    }

    /// Kinds named by an entity logical name in newer manifests (`type="connectionreference"`).
    pub fn from_logical_name(name: &str) -> Kinds {
        Kinds::matching(|spec| {
            spec.logical_names
                .iter()
                .any(|logical| logical.eq_ignore_ascii_case(name))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Every declared kind is handled everywhere it must be: a new kind that misses one
    /// of these fails here, not in a report a user reads.
    #[test]
    fn every_declared_kind_is_complete_and_consistent() {
        let mut keys = HashSet::new();
        let mut labels = HashSet::new();
        let mut places = HashSet::new();
        let import_job_sections: Vec<&str> = crate::report::importjob::SECTIONS
            .iter()
            .map(|(section, _)| *section)
            .collect();
        let docs = include_str!("../docs/inspect-json.md");
        for kind in ComponentKind::ALL {
            let spec = kind.spec();
            let key = kind.key();
            assert!(keys.insert(key), "{key} declared twice");
            assert!(
                key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && key.chars().all(|c| c.is_ascii_alphanumeric()),
                "{key} is not camelCase"
            );
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(key),
                "the wire name is the key"
            );
            assert_eq!(ComponentKind::from_key(key), Some(kind));
            assert!(
                !spec.label.is_empty() && labels.insert(spec.label),
                "{key}: label"
            );
            assert!(
                docs.contains(&format!("`{key}`")),
                "{key} is not listed in docs/inspect-json.md"
            );
            // Type numbers and logical names lead back to the kind.
            for code in spec.type_code.iter().chain(spec.other_type_codes) {
                assert!(
                    ComponentKind::from_type_code(*code).contains(&kind),
                    "{key}: {code}"
                );
            }
            for name in spec.logical_names {
                assert!(
                    ComponentKind::from_logical_name(name).contains(&kind),
                    "{key}: {name}"
                );
            }
            // Where it is defined: unique, and read by a rule that names it.
            for place in spec.places() {
                match *place {
                    DefinedBy::Element { paths, reading } => {
                        assert!(!paths.is_empty(), "{key}: no element path");
                        for path in paths {
                            assert!(path.starts_with("ImportExportXml/"), "{key}: {path}");
                            assert!(places.insert(path.to_ascii_lowercase()), "{path} twice");
                        }
                        assert!(
                            !reading.name.from.is_empty(),
                            "{key}: nothing reads its name"
                        );
                    }
                    DefinedBy::Folder { folder, file }
                    | DefinedBy::SubFolder { folder, file, .. } => {
                        assert!(
                            places.insert(format!("{folder}/{file}").to_ascii_lowercase()),
                            "{key}"
                        );
                        assert!(file.ends_with(".xml") && !folder.contains('/'), "{key}");
                    }
                    DefinedBy::FilesIn { folder, suffix } => {
                        assert!(
                            places.insert(format!("{folder}/*{suffix}").to_ascii_lowercase()),
                            "{key}"
                        );
                    }
                }
            }
            // Its ImportJob section is one the platform writes, and table parts go under their table.
            match spec.import_job {
                ImportJob::Section(section) => {
                    assert!(import_job_sections.contains(&section), "{key}: {section}")
                }
                ImportJob::OfTable => assert!(kind.belongs_to_entity(), "{key}"),
                ImportJob::OwnSection => {}
            }
            assert_eq!(
                kind.belongs_to_entity(),
                spec.import_job == ImportJob::OfTable,
                "{key}: a table part reports under its table"
            );
            assert!(spec.managed_properties.contains(&"IsCustomizable"), "{key}");
        }
        assert_eq!(keys.len(), ComponentKind::ALL.len());
    }

    #[test]
    fn type_numbers_name_the_kinds_they_did() {
        let keys = |code| -> Vec<&str> {
            ComponentKind::from_type_code(code)
                .iter()
                .map(|kind| kind.key())
                .collect()
        };
        assert_eq!(keys(1), ["entity"]);
        assert_eq!(keys(3), ["relationship"]);
        assert_eq!(
            keys(24),
            ["form", "dashboard", "dialog", "interactionCentricDashboard"]
        );
        assert_eq!(keys(38), ["template"]);
        assert_eq!(keys(55), ["ribbon"]);
        assert_eq!(keys(372), ["connector"]);
        assert_eq!(keys(401), ["aiModel"]);
        assert_eq!(keys(402), ["aiConfiguration"]);
        assert!(keys(7).is_empty());
        let logical: Vec<&str> = ComponentKind::from_logical_name("ConnectionReference")
            .iter()
            .map(|kind| kind.key())
            .collect();
        assert_eq!(logical, ["connectionReference"]);
        assert!(ComponentKind::from_logical_name("account").is_empty());
    }

    /// The platform's other types name no declared kind, each number once.
    #[test]
    fn other_platform_types_are_no_kind_s() {
        let mut seen = HashSet::new();
        for (code, name) in OTHER_PLATFORM_TYPES {
            assert!(seen.insert(code), "{code} twice");
            assert!(
                ComponentKind::from_type_code(*code).is_empty(),
                "{code} {name} is a kind's"
            );
            assert_eq!(other_platform_type(*code), Some(*name));
        }
        assert_eq!(
            other_platform_type(68),
            Some("custom control default config")
        );
        assert_eq!(other_platform_type(61), None);
        assert_eq!(other_platform_type(10_075), None);
    }
}
