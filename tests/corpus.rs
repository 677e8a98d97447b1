//! Every real package of tests/corpus (vendored from ../shared/corpus), read in place: it opens, its manifest
//! matches MANIFEST.tsv, it reads with no error diagnostic, and its component
//! counts match the snapshot and the counts MANIFEST.tsv's curators recorded.

mod common;

use std::collections::BTreeMap;

use common::{assert_snapshot, corpus};
use solution_inspector::model::is_id;
use solution_inspector::report::inspect_json;
use solution_inspector::{inspect, ComponentKind, Severity};

#[test]
fn every_package_opens_and_its_manifest_matches_the_corpus_index() {
    let corpus = corpus();
    assert!(
        corpus.len() >= 20,
        "the corpus index lists {} packages",
        corpus.len()
    );
    for entry in &corpus {
        let inspection =
            inspect(&entry.bytes()).unwrap_or_else(|err| panic!("{}: {err}", entry.file));
        let manifest = &inspection.manifest;
        assert_eq!(manifest.unique_name, entry.unique_name, "{}", entry.file);
        assert_eq!(manifest.version, entry.version, "{}", entry.file);
        assert_eq!(manifest.managed(), Some(entry.managed), "{}", entry.file);
    }
}

/// Simulation and the snapshot key components by `Component::key`: two components of one
/// key would merge into one (as plug-in step images, all named "PreImage", once did).
#[test]
fn no_two_components_of_a_package_share_a_key() {
    for entry in corpus() {
        let inspection = inspect(&entry.bytes()).unwrap();
        let mut seen = std::collections::HashSet::new();
        for component in &inspection.components {
            let key = component.key().to_lowercase();
            assert!(seen.insert(key.clone()), "{}: {key} twice", entry.file);
        }
    }
}

#[test]
fn every_package_reads_with_no_error_diagnostic() {
    for entry in corpus() {
        let inspection = inspect(&entry.bytes()).unwrap();
        let errors: Vec<_> = inspection
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", entry.file);
    }
}

/// MANIFEST.tsv's `notable_contents` names → our kinds. Keys we do not map
/// (e.g. `ribbon`, `folders`) describe other things than component counts.
const NOTABLE_KINDS: &[(&str, ComponentKind)] = &[
    ("entities", ComponentKind::Entity),
    ("attributes", ComponentKind::Attribute),
    ("forms", ComponentKind::Form),
    ("views", ComponentKind::View),
    ("relationships", ComponentKind::Relationship),
    ("roles", ComponentKind::Role),
    ("workflows", ComponentKind::Workflow),
    ("optionsets", ComponentKind::OptionSet),
    ("webresources", ComponentKind::WebResource),
    ("pluginassemblies", ComponentKind::PluginAssembly),
    ("steps", ComponentKind::SdkMessageProcessingStep),
    ("canvasapps", ComponentKind::CanvasApp),
    ("connrefs", ComponentKind::ConnectionReference),
    ("appmodules", ComponentKind::AppModule),
    ("sitemaps", ComponentKind::SiteMap),
    ("dashboards", ComponentKind::Dashboard),
    ("Dialogs", ComponentKind::Dialog),
    ("envvar_defs", ComponentKind::EnvironmentVariableDefinition),
    ("customapis", ComponentKind::CustomApi),
    ("pcf", ComponentKind::CustomControl),
    ("StoredProcedures", ComponentKind::StoredProcedure),
    ("ServiceEndpoints", ComponentKind::ServiceEndpoint),
    ("EntityDataSources", ComponentKind::EntityDataSource),
    ("EntityMaps", ComponentKind::EntityMap),
    ("AIModels", ComponentKind::AiModel),
    ("aiplugins", ComponentKind::AiPlugin),
    ("bots", ComponentKind::Bot),
    ("botcomponents", ComponentKind::BotComponent),
];

/// Where MANIFEST.tsv's curators counted differently, checked by hand:
/// ServiceUniversalScheduling's second `<attribute>` is the column of an index
/// (`Entity/indexes/index/attributes/attribute`), not a column definition.
const KNOWN_INDEX_DIFFERENCES: &[(&str, &str, usize)] =
    &[("ServiceUniversalScheduling_1_2_0_0", "attributes", 1)];

#[test]
fn counts_agree_with_the_corpus_index() {
    let mut disagreements = Vec::new();
    for entry in corpus() {
        let inspection = inspect(&entry.bytes()).unwrap();
        for (key, expected) in entry.notable_counts() {
            let Some((_, kind)) = NOTABLE_KINDS.iter().find(|(name, _)| *name == key) else {
                continue;
            };
            let actual = inspection.count(*kind);
            let explained = KNOWN_INDEX_DIFFERENCES.iter().any(|(file, name, read)| {
                entry.file.contains(file) && *name == key && *read == actual
            });
            if actual != expected && !explained {
                disagreements.push(format!(
                    "{}: {key} = {expected} in MANIFEST.tsv, {actual} read",
                    entry.file
                ));
            }
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn counts_match_the_snapshot() {
    let mut all: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for entry in corpus() {
        let inspection = inspect(&entry.bytes()).unwrap();
        all.insert(entry.file.clone(), inspection.counts());
    }
    assert_snapshot(
        "corpus-counts.json",
        &(serde_json::to_string_pretty(&all).unwrap() + "\n"),
    );
}

/// Counted by hand in the XML (ElementTree over the unzipped customizations.xml,
/// one element per component path), independently of the reader under test.
#[test]
fn hand_checked_counts() {
    let checks: &[(&str, &[(ComponentKind, usize)])] = &[
        (
            "KpdApps__KpdApps.Common.MsCrm2015__KpdApps_Base_1_0_55_0_unmanaged_rawfolder.zip",
            &[
                (ComponentKind::Entity, 1),
                (ComponentKind::Attribute, 19),
                (ComponentKind::Form, 3),
                (ComponentKind::View, 7),
                (ComponentKind::Relationship, 9),
                (ComponentKind::HierarchyRule, 1),
                (ComponentKind::EntityMap, 1),
                (ComponentKind::WebResource, 1),
            ],
        ),
        (
            "pentawork-solutions__PentaWork.Xrm.Scheduler__PentaWorkScheduler_0_11_1_unmanaged_rawfolder.zip",
            &[
                (ComponentKind::Entity, 4),
                (ComponentKind::Attribute, 64),
                (ComponentKind::Form, 9),
                (ComponentKind::View, 22),
                (ComponentKind::Workflow, 10),
                (ComponentKind::SdkMessageProcessingStepImage, 3),
                (ComponentKind::ServiceEndpoint, 2),
            ],
        ),
        (
            "microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_unmanaged.zip",
            &[
                (ComponentKind::Entity, 13),
                (ComponentKind::Attribute, 82),
                (ComponentKind::Form, 16),
                (ComponentKind::EntityKey, 5),
                (ComponentKind::PluginType, 21),
                (ComponentKind::SdkMessageProcessingStepImage, 13),
            ],
        ),
        (
            "microsoft__Dynamics-365-FastTrack-Implementation-Assets__BatchMonitoringAgent_Solution_1_0_0_3_unmanaged.zip",
            &[
                (ComponentKind::ConnectionReference, 7),
                (ComponentKind::AiModel, 5),
                (ComponentKind::BotComponent, 30),
                (ComponentKind::CustomApi, 1),
                (ComponentKind::CustomApiRequestParameter, 1),
            ],
        ),
        (
            "microsoft__PowerApps-Samples__CodeInterpreterControlSolution_1_0_managed.zip",
            &[(ComponentKind::CustomControl, 1), (ComponentKind::Entity, 0)],
        ),
    ];
    for (file, expected) in checks {
        let entry = corpus()
            .into_iter()
            .find(|entry| entry.file == *file)
            .unwrap();
        let inspection = inspect(&entry.bytes()).unwrap();
        for (kind, count) in *expected {
            assert_eq!(inspection.count(*kind), *count, "{file}: {}", kind.key());
        }
    }
}

#[test]
fn payload_files_are_linked_to_their_components() {
    for entry in corpus() {
        let inspection = inspect(&entry.bytes()).unwrap();
        // KpdApps_Base was re-zipped from a source folder whose web resource file
        // carries a `.js` extension that customizations.xml's FileName lacks: a real defect.
        let expected_unreferenced: &[&str] = if entry.file.starts_with("KpdApps") {
            &["WebResources/kpd_logmessagejsEB2710F2-32D4-E711-80D0-005056B33E0A.js"]
        } else {
            &[]
        };
        assert_eq!(
            inspection.unreferenced_files, expected_unreferenced,
            "{}",
            entry.file
        );
        assert_eq!(
            inspection.missing_files.len(),
            expected_unreferenced.len(),
            "{}",
            entry.file
        );
    }
    let pcf = corpus()
        .into_iter()
        .find(|entry| entry.file.contains("CodeInterpreterControl"))
        .unwrap();
    let inspection = inspect(&pcf.bytes()).unwrap();
    let bundle = inspection
        .files
        .iter()
        .find(|file| file.path.ends_with("bundle.js"))
        .unwrap();
    assert_eq!(
        bundle.component.as_deref(),
        Some("customControl:dev_CodeInterpreterSample.CodeInterpreterControl")
    );
}

#[test]
fn root_components_match_their_definitions() {
    for entry in corpus() {
        let inspection = inspect(&entry.bytes()).unwrap();
        let unmatched: Vec<_> = inspection
            .manifest
            .root_components
            .iter()
            .filter(|root| root.matched.is_none())
            .collect();
        // The platform's managed export of FieldServiceIntegration leaves out two
        // system forms it still lists as root components (MANAGED_EXPORT_RULES.md).
        let expected = if entry
            .file
            .contains("FieldServiceIntegration_2_0_0_1_managed")
        {
            2
        } else {
            0
        };
        assert_eq!(unmatched.len(), expected, "{}: {unmatched:#?}", entry.file);
    }
}

/// Processes, forms, views and security roles are named by their id: the overview's root
/// components and files read by their display name, the id beside it.
#[test]
fn the_overview_names_id_named_components_by_their_display_name() {
    let mut named = 0;
    for entry in corpus() {
        let inspection = inspect(&entry.bytes()).unwrap();
        let names = inspection.overview_names();
        for root in &inspection.manifest.root_components {
            let Some(key) = root.matched.as_deref() else {
                continue;
            };
            let component = inspection
                .components
                .iter()
                .find(|component| component.key() == key)
                .unwrap();
            let has_display = component
                .display_name
                .as_deref()
                .is_some_and(|display| !display.trim().is_empty());
            if is_id(&component.name) && has_display {
                let name = &names[key];
                assert!(!is_id(&name.title), "{}: {key} reads {name:?}", entry.file);
                assert_eq!(name.id.as_deref(), Some(component.name.as_str()));
                named += 1;
            } else {
                assert!(!names.contains_key(key), "{}: {key}", entry.file);
            }
        }
    }
    assert!(named > 50, "{named} id-named root components");

    let fsi = corpus()
        .into_iter()
        .find(|entry| {
            entry
                .file
                .contains("FieldServiceIntegration_2_0_0_1_unmanaged")
        })
        .unwrap();
    let inspection = inspect(&fsi.bytes()).unwrap();
    let names = inspection.overview_names();
    let process = inspection
        .files
        .iter()
        .filter_map(|file| file.component.as_deref())
        .find(|key| key.starts_with("workflow:"))
        .unwrap();
    assert_eq!(
        names[process].describe(),
        format!(
            "process / cloud flow {} ({})",
            names[process].title,
            &process["workflow:".len()..]
        )
    );
    let form = inspection
        .components
        .iter()
        .find(|component| component.kind == ComponentKind::Form)
        .unwrap();
    let name = inspection
        .component_names([form.key().as_str()])
        .remove(&form.key())
        .unwrap();
    assert_eq!(name.table.as_deref(), form.parent.as_deref());
    assert!(name.describe().starts_with("form ") && name.describe().contains(" of table "));
}

#[test]
fn inspect_json_has_the_documented_shape() {
    let entry = corpus()
        .into_iter()
        .find(|entry| entry.file.starts_with("pentawork"))
        .unwrap();
    let json = inspect_json::to_json(&inspect(&entry.bytes()).unwrap());
    assert_eq!(json["solution"]["uniqueName"], "PentaWorkScheduler");
    assert_eq!(json["solution"]["displayName"], "PentaWork Scheduler");
    assert_eq!(json["solution"]["version"], "0.11.1");
    assert_eq!(json["solution"]["managed"], false);
    assert_eq!(
        json["solution"]["publisher"]["uniqueName"],
        "pentaworksolutions"
    );
    assert_eq!(json["solution"]["publisher"]["customizationPrefix"], "pw");
    assert_eq!(json["counts"]["entity"], 4);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 19);
    assert!(files.iter().all(|file| file["path"].is_string()
        && file["size"].is_u64()
        && file["compressedSize"].is_u64()));
    let attribute = json["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|component| component["kind"] == "attribute" && component["parent"].is_string())
        .unwrap();
    assert!(attribute["managedProperties"]["IsCustomizable"].is_boolean());
    assert_snapshot(
        "inspect-pentawork.json",
        &(serde_json::to_string_pretty(&json).unwrap() + "\n"),
    );
}

/// The web app's engine sends the inspection to the page as JSON: every corpus package comes
/// back the same (fingerprints are a reading detail and do not travel), managed properties as
/// `[name, raw]` with the value recomputed from the text.
#[test]
fn the_inspection_json_the_engine_sends_reads_back_the_same() {
    let mut properties = 0;
    for entry in corpus() {
        let mut inspection = inspect(&entry.bytes()).unwrap();
        for component in &mut inspection.components {
            component.fingerprint = None;
            properties += component.managed_properties.len();
        }
        let json = serde_json::to_string(&inspection).unwrap();
        let back: solution_inspector::Inspection = serde_json::from_str(&json).unwrap();
        assert!(
            back == inspection,
            "{}: differs after a JSON round trip",
            entry.file
        );
    }
    assert!(
        properties > 1000,
        "the corpus has {properties} managed properties"
    );
    let invalid: solution_inspector::model::ManagedProperty =
        serde_json::from_str(r#"["IsCustomizable", "yes"]"#).unwrap();
    assert_eq!((invalid.raw.as_str(), invalid.value), ("yes", None));
    let valid: solution_inspector::model::ManagedProperty =
        serde_json::from_str(r#"["CanBeDeleted", " True "]"#).unwrap();
    assert_eq!(valid.value, Some(true));
    assert_eq!(
        serde_json::to_string(&valid).unwrap(),
        r#"["CanBeDeleted"," True "]"#
    );
}

/// The vendored packages are the shared corpus's, unchanged. `../shared` is where new material
/// arrives: when it is beside the clone, every vendored file must equal its original there, and
/// the packages not vendored yet are named (not a failure: the clone stands on its own).
#[test]
fn vendored_corpus_equals_the_shared_one_when_present() {
    let vendored = common::corpus_dir();
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !shared.is_dir() {
        eprintln!("../shared/corpus is not beside this clone: nothing to compare");
        return;
    }
    for folder in ["", "versions"] {
        let names = common::file_names_in(&shared.join(folder), |name| {
            common::is_zip(name) || name == "MANIFEST.tsv"
        });
        for name in names {
            let ours = vendored.join(folder).join(&name);
            match std::fs::read(&ours) {
                Ok(bytes) => assert!(
                    bytes == std::fs::read(shared.join(folder).join(&name)).expect("shared file"),
                    "tests/corpus/{folder}/{name} differs from ../shared/corpus: vendor it again"
                ),
                Err(_) => eprintln!("not vendored yet: ../shared/corpus/{folder}/{name}"),
            }
        }
    }
}
