//! The one table of Web API queries a capture makes: for each, the entity set
//! (or function), its `$select`, `$filter` and `$expand`, where its rows go in
//! the capture file, and which snapshot concept it feeds. The CLI's capture
//! walks it and the page's console script is generated from it, so the two
//! never ask for different things; the capture reader interprets the rows by
//! the same table. Every entity set and column is cited in docs/org-capture.md.

use crate::model::ComponentKind;

/// The Web API path every query is relative to.
pub const API_PATH: &str = "/api/data/v9.2/";

/// The page size asked for with `Prefer: odata.maxpagesize` (the Web API's largest, 5,000).
pub const PAGE_SIZE: u32 = 5000;

/// Where a query's answer is kept in the capture file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `organization.<key>`: the answer as the Web API gave it (a function's object,
    /// or a collection's rows).
    Organization,
    /// `sets.<key>`: every row of every page, in order.
    Sets,
}

/// What the answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// A function's single object (`RetrieveVersion`).
    Object,
    /// A collection: `value` rows, further pages by `@odata.nextLink`.
    Rows,
}

/// How a component's identifying name is made from its row (the same name the
/// package reader gives it, so keys match: see `ComponentKind`'s readings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameFrom {
    /// This column's text.
    Column(&'static str),
    /// The row's id in braces, lower case (`{8448b78f-…}`), as forms, views and
    /// processes are named in customizations.xml.
    BracedId,
    /// These columns joined by the separator (an entity map's `source->target`).
    Joined(&'static [&'static str], &'static str),
    /// This column's text, or the fixed name when it is empty (the default site map).
    ColumnOr(&'static str, &'static str),
    /// Always this name (the application ribbon).
    Fixed(&'static str),
}

/// Which kind a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindFrom {
    Fixed(ComponentKind),
    /// A system form by its `type` (systemform.type: 0 dashboard, 8 dialog,
    /// 10 interactive experience dashboard, every other a table's form).
    FormType,
}

/// Where a component's owning table comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentFrom {
    None,
    /// This column of the row (a form's `objecttypecode`).
    Column(&'static str),
    /// The `LogicalName` of the row it is nested in (a column in its table's `Attributes`).
    Outer,
}

/// How the rows of a query (or of a navigation property inside them) identify
/// the components `solutioncomponents` lists by type and object id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// A navigation property of each row whose rows these are (`Attributes`), or `None`.
    pub nested: Option<&'static str>,
    pub kind: KindFrom,
    /// The column holding the id `solutioncomponents.objectid` refers to.
    pub id: &'static str,
    pub name: NameFrom,
    pub parent: ParentFrom,
    pub display_name: Option<&'static str>,
    /// The column saying whether the component is managed.
    pub managed: Option<&'static str>,
    /// Managed properties: `(column, property as customizations.xml names it)`;
    /// the column is a managed property (`{Value, CanBeChanged}`) or a boolean.
    pub properties: &'static [(&'static str, &'static str)],
}

/// One query of the capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    /// Its key in the capture file's section.
    pub key: &'static str,
    /// The entity set, function or cast path after [`API_PATH`].
    pub resource: &'static str,
    pub select: &'static str,
    pub filter: &'static str,
    pub expand: &'static str,
    pub section: Section,
    pub answer: Answer,
    /// Without its answer no snapshot can be made; the others may be recorded
    /// as unavailable (a table an older version does not have).
    pub required: bool,
    /// What it feeds in the snapshot, for people (docs, the script's progress).
    pub feeds: &'static str,
    pub identities: &'static [Identity],
}

impl Query {
    /// The path and query options after [`API_PATH`].
    pub fn path(&self) -> String {
        let options: Vec<String> = [
            ("$select", self.select),
            ("$filter", self.filter),
            ("$expand", self.expand),
        ]
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(option, value)| format!("{option}={value}"))
        .collect();
        if options.is_empty() {
            self.resource.to_owned()
        } else {
            format!("{}?{}", self.resource, options.join("&"))
        }
    }

    pub fn by_key(key: &str) -> Option<&'static Query> {
        QUERIES.iter().find(|query| query.key == key)
    }
}

const ISCUSTOMIZABLE: &[(&str, &str)] = &[("iscustomizable", "IsCustomizable")];

/// A table part or other component whose name is its braced id.
const fn braced(kind: ComponentKind, id: &'static str, parent: ParentFrom) -> Identity {
    Identity {
        nested: None,
        kind: KindFrom::Fixed(kind),
        id,
        name: NameFrom::BracedId,
        parent,
        display_name: Some("name"),
        managed: Some("ismanaged"),
        properties: ISCUSTOMIZABLE,
    }
}

/// A component named by one of its columns.
const fn named(kind: ComponentKind, id: &'static str, name: &'static str) -> Identity {
    Identity {
        nested: None,
        kind: KindFrom::Fixed(kind),
        id,
        name: NameFrom::Column(name),
        parent: ParentFrom::None,
        display_name: None,
        managed: Some("ismanaged"),
        properties: ISCUSTOMIZABLE,
    }
}

const fn rows(
    key: &'static str,
    select: &'static str,
    feeds: &'static str,
    identities: &'static [Identity],
) -> Query {
    Query {
        key,
        resource: key,
        select,
        filter: "",
        expand: "",
        section: Section::Sets,
        answer: Answer::Rows,
        required: false,
        feeds,
        identities,
    }
}

use ComponentKind as K;

/// Every query, in the order a capture makes them.
pub const QUERIES: &[Query] = &[
    Query {
        key: "RetrieveVersion",
        resource: "RetrieveVersion()",
        select: "",
        filter: "",
        expand: "",
        section: Section::Organization,
        answer: Answer::Object,
        required: true,
        feeds: "the organization's version",
        identities: &[],
    },
    Query {
        key: "organizations",
        resource: "organizations",
        select: "organizationid,name,languagecode,maxuploadfilesize",
        filter: "",
        expand: "",
        section: Section::Organization,
        answer: Answer::Rows,
        required: true,
        feeds: "the base language and the attachment limit (maxuploadfilesize)",
        identities: &[],
    },
    Query {
        key: "RetrieveProvisionedLanguages",
        resource: "RetrieveProvisionedLanguages()",
        select: "",
        filter: "",
        expand: "",
        section: Section::Organization,
        answer: Answer::Object,
        required: true,
        feeds: "the enabled languages",
        identities: &[],
    },
    Query {
        required: true,
        ..rows(
            "publishers",
            "publisherid,uniquename,friendlyname,customizationprefix,customizationoptionvalueprefix",
            "publishers and their prefixes",
            &[],
        )
    },
    Query {
        required: true,
        ..rows(
            "solutions",
            "solutionid,uniquename,friendlyname,version,ismanaged,installedon,_publisherid_value,_parentsolutionid_value",
            "solutions: version, managed, publisher, install time, patch parent, holding solutions",
            &[],
        )
    },
    Query {
        required: true,
        ..rows(
            "solutioncomponents",
            "solutioncomponentid,componenttype,objectid,rootcomponentbehavior,_solutionid_value",
            "which solution holds which component (type and object id)",
            &[],
        )
    },
    rows(
        "solutioncomponentdefinitions",
        "solutioncomponenttype,name,primaryentityname",
        "the type numbers of solution-aware tables (connection references, custom APIs, …)",
        &[],
    ),
    Query {
        resource: "EntityDefinitions",
        expand: "Attributes($select=MetadataId,LogicalName,IsManaged,IsCustomizable),Keys($select=MetadataId,LogicalName,IsManaged,IsCustomizable)",
        ..rows(
            "EntityDefinitions",
            "MetadataId,LogicalName,IsManaged,IsCustomizable,CanCreateAttributes,CanCreateForms,CanCreateViews,CanCreateCharts",
            "tables, their columns and alternate keys, with their managed properties",
            &[
                Identity {
                    nested: None,
                    kind: KindFrom::Fixed(K::Entity),
                    id: "MetadataId",
                    name: NameFrom::Column("LogicalName"),
                    parent: ParentFrom::None,
                    display_name: None,
                    managed: Some("IsManaged"),
                    properties: &[
                        ("IsCustomizable", "IsCustomizable"),
                        ("CanCreateAttributes", "CanCreateAttributes"),
                        ("CanCreateForms", "CanCreateForms"),
                        ("CanCreateViews", "CanCreateViews"),
                        ("CanCreateCharts", "CanCreateCharts"),
                    ],
                },
                Identity {
                    nested: Some("Attributes"),
                    kind: KindFrom::Fixed(K::Attribute),
                    id: "MetadataId",
                    name: NameFrom::Column("LogicalName"),
                    parent: ParentFrom::Outer,
                    display_name: None,
                    managed: Some("IsManaged"),
                    properties: &[("IsCustomizable", "IsCustomizable")],
                },
                Identity {
                    nested: Some("Keys"),
                    kind: KindFrom::Fixed(K::EntityKey),
                    id: "MetadataId",
                    name: NameFrom::Column("LogicalName"),
                    parent: ParentFrom::Outer,
                    display_name: None,
                    managed: Some("IsManaged"),
                    properties: &[("IsCustomizable", "IsCustomizable")],
                },
            ],
        )
    },
    Query {
        key: "OneToManyRelationships",
        resource: "RelationshipDefinitions/Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
        ..rows(
            "",
            "MetadataId,SchemaName,ReferencingEntity,IsManaged,IsCustomizable",
            "one-to-many relationships",
            &[Identity {
                nested: None,
                kind: KindFrom::Fixed(K::Relationship),
                id: "MetadataId",
                name: NameFrom::Column("SchemaName"),
                parent: ParentFrom::Column("ReferencingEntity"),
                display_name: None,
                managed: Some("IsManaged"),
                properties: &[("IsCustomizable", "IsCustomizable")],
            }],
        )
    },
    Query {
        key: "ManyToManyRelationships",
        resource: "RelationshipDefinitions/Microsoft.Dynamics.CRM.ManyToManyRelationshipMetadata",
        ..rows(
            "",
            "MetadataId,SchemaName,Entity1LogicalName,IsManaged,IsCustomizable",
            "many-to-many relationships",
            &[Identity {
                nested: None,
                kind: KindFrom::Fixed(K::Relationship),
                id: "MetadataId",
                name: NameFrom::Column("SchemaName"),
                parent: ParentFrom::Column("Entity1LogicalName"),
                display_name: None,
                managed: Some("IsManaged"),
                properties: &[("IsCustomizable", "IsCustomizable")],
            }],
        )
    },
    rows(
        "GlobalOptionSetDefinitions",
        "MetadataId,Name,IsManaged,IsCustomizable",
        "global choices",
        &[Identity {
            managed: Some("IsManaged"),
            properties: &[("IsCustomizable", "IsCustomizable")],
            ..named(K::OptionSet, "MetadataId", "Name")
        }],
    ),
    rows(
        "systemforms",
        "formid,objecttypecode,name,type,ismanaged,iscustomizable",
        "forms and dashboards",
        &[Identity {
            kind: KindFrom::FormType,
            ..braced(K::Form, "formid", ParentFrom::Column("objecttypecode"))
        }],
    ),
    rows(
        "savedqueries",
        "savedqueryid,returnedtypecode,name,ismanaged,iscustomizable",
        "views",
        &[braced(
            K::View,
            "savedqueryid",
            ParentFrom::Column("returnedtypecode"),
        )],
    ),
    rows(
        "savedqueryvisualizations",
        "savedqueryvisualizationid,primaryentitytypecode,name,ismanaged,iscustomizable",
        "charts",
        &[braced(
            K::Chart,
            "savedqueryvisualizationid",
            ParentFrom::Column("primaryentitytypecode"),
        )],
    ),
    rows(
        "webresourceset",
        "webresourceid,name,displayname,ismanaged,iscustomizable",
        "web resources",
        &[Identity {
            display_name: Some("displayname"),
            ..named(K::WebResource, "webresourceid", "name")
        }],
    ),
    Query {
        filter: "type eq 1",
        ..rows(
            "workflows",
            "workflowid,name,category,type,ismanaged,iscustomizable",
            "processes and cloud flows (definitions)",
            &[braced(K::Workflow, "workflowid", ParentFrom::None)],
        )
    },
    rows(
        "roles",
        "roleid,name,ismanaged,iscustomizable",
        "security roles",
        &[braced(K::Role, "roleid", ParentFrom::None)],
    ),
    rows(
        "pluginassemblies",
        "pluginassemblyid,name,version,ismanaged,iscustomizable",
        "plug-in assemblies",
        &[named(K::PluginAssembly, "pluginassemblyid", "name")],
    ),
    rows(
        "plugintypes",
        "plugintypeid,typename,friendlyname,ismanaged",
        "plug-in types",
        // The plugintype table has no iscustomizable column (docs/org-capture.md).
        &[Identity {
            display_name: Some("friendlyname"),
            properties: &[],
            ..named(K::PluginType, "plugintypeid", "typename")
        }],
    ),
    rows(
        "sdkmessageprocessingsteps",
        "sdkmessageprocessingstepid,name,ismanaged,iscustomizable",
        "plug-in steps",
        &[braced(
            K::SdkMessageProcessingStep,
            "sdkmessageprocessingstepid",
            ParentFrom::None,
        )],
    ),
    rows(
        "sdkmessageprocessingstepimages",
        "sdkmessageprocessingstepimageid,name,ismanaged,iscustomizable",
        "plug-in step images",
        &[braced(
            K::SdkMessageProcessingStepImage,
            "sdkmessageprocessingstepimageid",
            ParentFrom::None,
        )],
    ),
    rows(
        "serviceendpoints",
        "serviceendpointid,name,ismanaged,iscustomizable",
        "service endpoints",
        &[braced(K::ServiceEndpoint, "serviceendpointid", ParentFrom::None)],
    ),
    rows(
        "sitemaps",
        "sitemapid,sitemapnameunique,sitemapname,ismanaged",
        "site maps",
        &[Identity {
            name: NameFrom::ColumnOr("sitemapnameunique", "SiteMap"),
            display_name: Some("sitemapname"),
            properties: &[],
            ..named(K::SiteMap, "sitemapid", "sitemapnameunique")
        }],
    ),
    rows(
        "appmodules",
        "appmoduleid,uniquename,name,ismanaged",
        "model-driven apps",
        &[Identity {
            display_name: Some("name"),
            properties: &[],
            ..named(K::AppModule, "appmoduleid", "uniquename")
        }],
    ),
    rows(
        "canvasapps",
        "canvasappid,name,displayname,ismanaged,iscustomizable",
        "canvas apps",
        &[Identity {
            display_name: Some("displayname"),
            ..named(K::CanvasApp, "canvasappid", "name")
        }],
    ),
    rows(
        "environmentvariabledefinitions",
        "environmentvariabledefinitionid,schemaname,displayname,ismanaged,iscustomizable",
        "environment variables",
        &[Identity {
            display_name: Some("displayname"),
            ..named(
                K::EnvironmentVariableDefinition,
                "environmentvariabledefinitionid",
                "schemaname",
            )
        }],
    ),
    rows(
        "connectionreferences",
        "connectionreferenceid,connectionreferencelogicalname,connectionreferencedisplayname,ismanaged,iscustomizable",
        "connection references",
        &[Identity {
            display_name: Some("connectionreferencedisplayname"),
            ..named(
                K::ConnectionReference,
                "connectionreferenceid",
                "connectionreferencelogicalname",
            )
        }],
    ),
    rows(
        "customapis",
        "customapiid,uniquename,displayname,ismanaged,iscustomizable",
        "custom APIs",
        &[Identity {
            display_name: Some("displayname"),
            ..named(K::CustomApi, "customapiid", "uniquename")
        }],
    ),
    rows(
        "customapirequestparameters",
        "customapirequestparameterid,uniquename,displayname,ismanaged,iscustomizable",
        "custom API request parameters",
        &[Identity {
            display_name: Some("displayname"),
            ..named(
                K::CustomApiRequestParameter,
                "customapirequestparameterid",
                "uniquename",
            )
        }],
    ),
    rows(
        "customapiresponseproperties",
        "customapiresponsepropertyid,uniquename,displayname,ismanaged,iscustomizable",
        "custom API response properties",
        &[Identity {
            display_name: Some("displayname"),
            ..named(
                K::CustomApiResponseProperty,
                "customapiresponsepropertyid",
                "uniquename",
            )
        }],
    ),
    rows(
        "customcontrols",
        "customcontrolid,name,ismanaged",
        "code components",
        &[Identity {
            properties: &[],
            ..named(K::CustomControl, "customcontrolid", "name")
        }],
    ),
    Query {
        filter: "entity eq null",
        ..rows(
            "ribboncustomizations",
            "ribboncustomizationid,entity,ismanaged",
            "the application ribbon",
            &[Identity {
                name: NameFrom::Fixed("ApplicationRibbon"),
                properties: &[],
                ..named(K::Ribbon, "ribboncustomizationid", "entity")
            }],
        )
    },
    rows(
        "entitymaps",
        "entitymapid,sourceentityname,targetentityname,ismanaged",
        "entity maps",
        &[Identity {
            name: NameFrom::Joined(&["sourceentityname", "targetentityname"], "->"),
            parent: ParentFrom::Column("sourceentityname"),
            properties: &[],
            ..named(K::EntityMap, "entitymapid", "sourceentityname")
        }],
    ),
    rows(
        "entitydataproviders",
        "entitydataproviderid,name,ismanaged",
        "virtual table data providers",
        &[Identity {
            properties: &[],
            ..braced(K::EntityDataProvider, "entitydataproviderid", ParentFrom::None)
        }],
    ),
    rows(
        "entitydatasources",
        "entitydatasourceid,name,ismanaged,iscustomizable",
        "virtual table data sources",
        &[braced(K::EntityDataSource, "entitydatasourceid", ParentFrom::None)],
    ),
    rows(
        "hierarchyrules",
        "hierarchyruleid,primaryentitylogicalname,name,ismanaged,iscustomizable",
        "hierarchy settings",
        &[braced(
            K::HierarchyRule,
            "hierarchyruleid",
            ParentFrom::Column("primaryentitylogicalname"),
        )],
    ),
    rows(
        "msdyn_aimodels",
        "msdyn_aimodelid,msdyn_name,ismanaged,iscustomizable",
        "AI models",
        &[Identity {
            display_name: Some("msdyn_name"),
            ..braced(K::AiModel, "msdyn_aimodelid", ParentFrom::None)
        }],
    ),
    rows(
        "msdyn_aiconfigurations",
        "msdyn_aiconfigurationid,msdyn_name,ismanaged,iscustomizable",
        "AI model configurations",
        &[Identity {
            display_name: Some("msdyn_name"),
            ..braced(K::AiConfiguration, "msdyn_aiconfigurationid", ParentFrom::None)
        }],
    ),
    rows(
        "aiplugins",
        "aipluginid,name,ismanaged,iscustomizable",
        "AI plug-ins",
        &[named(K::AiPlugin, "aipluginid", "name")],
    ),
    // Copilot tables: the export names each record's folder by its schema name.
    rows(
        "bots",
        "botid,schemaname,name,ismanaged,iscustomizable",
        "Copilot agents (bots)",
        &[Identity {
            display_name: Some("name"),
            ..named(K::Bot, "botid", "schemaname")
        }],
    ),
    rows(
        "botcomponents",
        "botcomponentid,schemaname,name,ismanaged,iscustomizable",
        "Copilot topics and components",
        &[Identity {
            display_name: Some("name"),
            ..named(K::BotComponent, "botcomponentid", "schemaname")
        }],
    ),
    rows(
        "botcomponentcollections",
        "botcomponentcollectionid,schemaname,name,ismanaged,iscustomizable",
        "Copilot component collections",
        &[Identity {
            display_name: Some("name"),
            ..named(K::BotComponentCollection, "botcomponentcollectionid", "schemaname")
        }],
    ),
    rows(
        "connectors",
        "connectorid,name,displayname,ismanaged,iscustomizable",
        "custom connectors, by logical name",
        &[Identity {
            display_name: Some("displayname"),
            ..named(K::Connector, "connectorid", "name")
        }],
    ),
    // Table and column image settings: the export names them by the table's
    // (and the column's) logical name, as the corpus shows (ApprauAIEducation).
    rows(
        "entityimageconfigs",
        "entityimageconfigid,parententitylogicalname,ismanaged",
        "table image settings",
        &[Identity {
            parent: ParentFrom::Column("parententitylogicalname"),
            properties: &[],
            ..named(K::EntityImageConfig, "entityimageconfigid", "parententitylogicalname")
        }],
    ),
    rows(
        "attributeimageconfigs",
        "attributeimageconfigid,parententitylogicalname,attributelogicalname,ismanaged",
        "image column settings",
        &[Identity {
            name: NameFrom::Joined(&["parententitylogicalname", "attributelogicalname"], " "),
            parent: ParentFrom::Column("parententitylogicalname"),
            properties: &[],
            ..named(K::AttributeImageConfig, "attributeimageconfigid", "attributelogicalname")
        }],
    ),
    // Kinds customizations.xml names by their id, in braces as the export writes
    // every id (forms, views, processes, roles in the corpus).
    rows(
        "fieldsecurityprofiles",
        "fieldsecurityprofileid,name,ismanaged",
        "field security profiles",
        &[Identity {
            properties: &[],
            ..braced(K::FieldSecurityProfile, "fieldsecurityprofileid", ParentFrom::None)
        }],
    ),
    rows(
        "connectionroles",
        "connectionroleid,name,ismanaged,iscustomizable",
        "connection roles",
        &[braced(K::ConnectionRole, "connectionroleid", ParentFrom::None)],
    ),
    rows(
        "reports",
        "reportid,name,ismanaged",
        "reports",
        &[Identity {
            properties: &[],
            ..braced(K::Report, "reportid", ParentFrom::None)
        }],
    ),
    rows(
        "templates",
        "templateid,title,ismanaged",
        "email templates",
        &[Identity {
            display_name: Some("title"),
            properties: &[],
            ..braced(K::Template, "templateid", ParentFrom::None)
        }],
    ),
    // Folder kinds whose export folder is the record's id (no braces), as
    // solution-reading tools show for desktop flow binaries and Power Pages.
    rows(
        "desktopflowbinaries",
        "desktopflowbinaryid,name,ismanaged",
        "desktop flow binaries",
        &[Identity {
            display_name: Some("name"),
            properties: &[],
            ..named(K::DesktopFlowBinary, "desktopflowbinaryid", "desktopflowbinaryid")
        }],
    ),
    rows(
        "powerpagecomponents",
        "powerpagecomponentid,name,ismanaged",
        "Power Pages components",
        &[Identity {
            display_name: Some("name"),
            properties: &[],
            ..named(K::PowerPageComponent, "powerpagecomponentid", "powerpagecomponentid")
        }],
    ),
    rows(
        "appactions",
        "appactionid,uniquename,name,ismanaged,iscustomizable",
        "commands (app actions)",
        &[Identity {
            display_name: Some("name"),
            ..named(K::AppAction, "appactionid", "uniquename")
        }],
    ),
];

/// The kinds the query table identifies.
pub fn identified_kinds() -> Vec<ComponentKind> {
    let mut kinds = Vec::new();
    for identity in QUERIES.iter().flat_map(|query| query.identities) {
        match identity.kind {
            KindFrom::Fixed(kind) => kinds.push(kind),
            KindFrom::FormType => kinds.extend([
                ComponentKind::Form,
                ComponentKind::Dashboard,
                ComponentKind::Dialog,
                ComponentKind::InteractionCentricDashboard,
            ]),
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_query_has_one_key_and_a_path() {
        let mut keys = HashSet::new();
        for query in QUERIES {
            assert!(
                !query.key.is_empty() && keys.insert(query.key),
                "{}",
                query.key
            );
            assert!(!query.path().contains(' ') || query.filter.contains(' '));
            for identity in query.identities {
                // Every column an identity reads is selected (or expanded).
                let columns = if identity.nested.is_some() {
                    query.expand
                } else {
                    query.select
                };
                assert!(
                    columns.contains(identity.id),
                    "{}: {}",
                    query.key,
                    identity.id
                );
                for (column, _) in identity.properties {
                    assert!(columns.contains(column), "{}: {column}", query.key);
                }
                if let Some(column) = identity.display_name {
                    assert!(columns.contains(column), "{}: {column}", query.key);
                }
            }
        }
        assert_eq!(
            Query::by_key("workflows").unwrap().path(),
            "workflows?$select=workflowid,name,category,type,ismanaged,iscustomizable&$filter=type eq 1"
        );
    }
}
