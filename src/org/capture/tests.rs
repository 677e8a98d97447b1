//! The capture reader on small hand-made captures: a whole one, each kind of
//! bad input, the inferred layers and the counted unmodelled types.

use serde_json::{json, Value};

use super::*;
use crate::org::ACTIVE_LAYER;

const SYSTEM_ID: &str = "fd140aae-4df4-11dd-bd17-0019b9312238";
const ACTIVE_ID: &str = "fd140aaf-4df4-11dd-bd17-0019b9312238";
const MANAGED_ID: &str = "11111111-0000-0000-0000-000000000001";
const UNMANAGED_ID: &str = "11111111-0000-0000-0000-000000000002";
const MICROSOFT: &str = "d21aab70-79e7-11dd-8874-00188b01e34f";
const CONTOSO: &str = "22222222-0000-0000-0000-000000000001";
const ACCOUNT: &str = "70816501-edb9-4740-a16c-6a5efbc05d84";
const NAME_COLUMN: &str = "a1965545-44bc-4b7b-b1ae-93074d0e3f2a";
const SCRIPT: &str = "33333333-0000-0000-0000-000000000001";

/// A capture of an organization with System, a managed and an unmanaged
/// solution: the account table (system, customized in the unmanaged solution)
/// and a web resource of the managed solution.
fn capture() -> Value {
    let mut sets = serde_json::Map::new();
    for query in QUERIES
        .iter()
        .filter(|query| query.section == Section::Sets)
    {
        sets.insert(query.key.to_owned(), json!([]));
    }
    sets.insert("publishers".into(), json!([
        {"publisherid": MICROSOFT, "uniquename": "MicrosoftCorporation", "customizationprefix": "", "customizationoptionvalueprefix": 0},
        {"publisherid": CONTOSO, "uniquename": "contoso", "friendlyname": "Contoso", "customizationprefix": "con", "customizationoptionvalueprefix": 10000}
    ]));
    sets.insert("solutions".into(), json!([
        {"solutionid": SYSTEM_ID, "uniquename": "System", "version": "9.2.25104.196", "ismanaged": true, "installedon": "2024-01-01T00:00:00Z", "_publisherid_value": MICROSOFT},
        {"solutionid": ACTIVE_ID, "uniquename": "Active", "version": "1.0", "ismanaged": false, "installedon": "2024-01-01T00:00:00Z", "_publisherid_value": MICROSOFT},
        {"solutionid": UNMANAGED_ID, "uniquename": "ContosoCustom", "version": "1.0.0.0", "ismanaged": false, "installedon": "2025-03-01T00:00:00Z", "_publisherid_value": CONTOSO},
        {"solutionid": MANAGED_ID, "uniquename": "ContosoCore", "friendlyname": "Contoso core", "version": "2.1.0.0", "ismanaged": true, "installedon": "2025-02-01T00:00:00Z", "_publisherid_value": CONTOSO}
    ]));
    sets.insert("solutioncomponents".into(), json!([
        {"componenttype": 1, "objectid": ACCOUNT, "_solutionid_value": SYSTEM_ID},
        {"componenttype": 1, "objectid": ACCOUNT, "_solutionid_value": UNMANAGED_ID},
        {"componenttype": 2, "objectid": NAME_COLUMN, "_solutionid_value": SYSTEM_ID},
        {"componenttype": 61, "objectid": SCRIPT, "_solutionid_value": MANAGED_ID},
        {"componenttype": 7, "objectid": "44444444-0000-0000-0000-000000000001", "_solutionid_value": MANAGED_ID},
        {"componenttype": 20, "objectid": "55555555-0000-0000-0000-000000000001", "_solutionid_value": MANAGED_ID}
    ]));
    sets.insert("EntityDefinitions".into(), json!([
        {"MetadataId": ACCOUNT, "LogicalName": "account", "IsManaged": true,
         "IsCustomizable": {"Value": true, "CanBeChanged": true}, "CanCreateForms": {"Value": false, "CanBeChanged": true},
         "Attributes": [{"MetadataId": NAME_COLUMN, "LogicalName": "name", "IsManaged": true, "IsCustomizable": {"Value": true}}],
         "Keys": []}
    ]));
    sets.insert("webresourceset".into(), json!([
        {"webresourceid": SCRIPT, "name": "con_/scripts/main.js", "displayname": "Main", "ismanaged": true, "iscustomizable": {"Value": false, "CanBeChanged": false}}
    ]));
    json!({
        "format": CAPTURE_FORMAT,
        "version": 1,
        "capturedFrom": "contoso.crm4.dynamics.com",
        "capturedAt": "2026-12-07T10:00:00Z",
        "tool": "test",
        "organization": {
            "RetrieveVersion": {"Version": "9.2.25104.196"},
            "organizations": [{"organizationid": "x", "languagecode": 1033, "maxuploadfilesize": 10485760}],
            "RetrieveProvisionedLanguages": {"RetrieveProvisionedLanguages": [1033, 1031]}
        },
        "sets": sets
    })
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap()
}

fn snapshot(value: &Value) -> Result<Snapshot, CaptureError> {
    snapshot_from_capture(&bytes(value), &CaptureOptions::default())
}

#[test]
fn a_capture_becomes_a_snapshot_with_inferred_layers() {
    let snapshot = snapshot(&capture()).unwrap();
    assert_eq!(snapshot.deployment, Deployment::Online);
    assert_eq!(snapshot.version, "9.2.25104.196");
    assert_eq!(snapshot.enabled_languages, [1033, 1031]);
    assert_eq!(snapshot.limits.attachment_bytes, 10_485_760);
    let order: Vec<(&str, u32, bool)> = snapshot
        .solutions
        .iter()
        .map(|s| (s.unique_name.as_str(), s.install_order, s.built_in))
        .collect();
    assert_eq!(
        order,
        [
            ("System", 0, true),
            ("Active", 0, true),
            ("ContosoCustom", 2, false),
            ("ContosoCore", 1, false)
        ]
    );
    let account = snapshot.component("entity:account").unwrap();
    assert_eq!(account.layer_names(), ["System", ACTIVE_LAYER]);
    assert_eq!(account.unmanaged_solutions, ["ContosoCustom"]);
    assert_eq!(account.property_in_force("CanCreateForms"), Some(false));
    let column = snapshot.component("attribute:account/name").unwrap();
    assert_eq!(column.layer_names(), ["System"]);
    let script = snapshot
        .component("webresource:con_/scripts/main.js")
        .unwrap();
    assert_eq!(script.layer_names(), ["ContosoCore"]);
    assert_eq!(script.property_in_force("IsCustomizable"), Some(false));
    let captured = snapshot.captured.as_ref().unwrap();
    assert_eq!(captured.from, "contoso.crm4.dynamics.com");
    assert!(captured.layers_inferred);
    // Type 7 is no kind the snapshot models: counted. A role the listing did not name: unresolved.
    assert_eq!(captured.unmodelled.get("7"), Some(&1));
    assert_eq!(captured.unresolved.get("role"), Some(&1));
    assert!(snapshot.definition_unknown(&script.layers[0]));
    // A snapshot made from a capture reads back as a snapshot.
    assert_eq!(Snapshot::from_json(&snapshot.to_json()).unwrap(), snapshot);
}

#[test]
fn bad_input_is_named() {
    let whole = bytes(&capture());
    let truncated = &whole[..whole.len() / 2];
    assert!(matches!(
        snapshot_from_capture(truncated, &CaptureOptions::default()),
        Err(CaptureError::Truncated(_))
    ));
    let html = b"\n<!DOCTYPE html><html><head><title>Sign in to your account</title>";
    assert_eq!(
        snapshot_from_capture(html, &CaptureOptions::default()),
        Err(CaptureError::Html)
    );
    let Err(CaptureError::InvalidJson(syntax)) = snapshot_from_capture(
        b"{\n \"format\": \"solution-inspector-capture\",\n \"version\": 1,,\n}",
        &CaptureOptions::default(),
    ) else {
        panic!("a syntax error");
    };
    assert_eq!(syntax.line, 3);
    let other = json!({"format": "another-tool", "solutions": []});
    assert!(
        matches!(snapshot(&other), Err(CaptureError::WrongFormat { found }) if found == "\"another-tool\"")
    );
    assert_eq!(snapshot(&json!([1, 2])), Err(CaptureError::NotAnObject));
    let snapshot_file = json!({"format": crate::org::SNAPSHOT_FORMAT, "formatVersion": 1});
    assert_eq!(snapshot(&snapshot_file), Err(CaptureError::IsSnapshot));
    let mut newer = capture();
    newer["version"] = json!(2);
    assert_eq!(
        snapshot(&newer),
        Err(CaptureError::NewerVersion { found: 2 })
    );
}

#[test]
fn a_missing_section_is_named_and_an_optional_one_may_be_unavailable() {
    let mut missing = capture();
    missing["sets"]
        .as_object_mut()
        .unwrap()
        .remove("solutioncomponents");
    assert_eq!(
        snapshot(&missing).unwrap_err().to_string(),
        "the capture is incomplete: it has no sets.solutioncomponents (capture again)"
    );
    let mut without_apis = capture();
    without_apis["sets"]
        .as_object_mut()
        .unwrap()
        .remove("customapis");
    assert!(matches!(
        snapshot(&without_apis),
        Err(CaptureError::MissingSection { .. })
    ));
    without_apis["unavailable"] = json!({"customapis": "404 Not Found"});
    let made = snapshot(&without_apis).unwrap();
    assert_eq!(
        made.captured
            .unwrap()
            .unavailable
            .get("customapis")
            .map(String::as_str),
        Some("404 Not Found")
    );
    let mut required_unavailable = capture();
    required_unavailable["sets"]
        .as_object_mut()
        .unwrap()
        .remove("solutions");
    required_unavailable["unavailable"] = json!({"solutions": "403"});
    assert!(matches!(
        snapshot(&required_unavailable),
        Err(CaptureError::MissingSection { .. })
    ));
}

#[test]
fn duplicate_and_contradicting_records_are_refused() {
    let mut duplicate = capture();
    let mut twin = duplicate["sets"]["solutions"][3].clone();
    twin["solutionid"] = json!("99999999-0000-0000-0000-000000000009");
    duplicate["sets"]["solutions"]
        .as_array_mut()
        .unwrap()
        .push(twin);
    assert_eq!(
        snapshot(&duplicate),
        Err(CaptureError::Duplicate {
            what: "solution",
            name: "ContosoCore".into()
        })
    );
    // The same row twice (pages that overlap) is one solution.
    let mut repeated = capture();
    let same = repeated["sets"]["solutions"][3].clone();
    repeated["sets"]["solutions"]
        .as_array_mut()
        .unwrap()
        .push(same);
    assert_eq!(snapshot(&repeated).unwrap().solutions.len(), 4);
    let mut contradicting = capture();
    contradicting["sets"]["webresourceset"]
        .as_array_mut()
        .unwrap()
        .push(json!({"webresourceid": SCRIPT, "name": "con_/other.js"}));
    assert!(matches!(
        snapshot(&contradicting),
        Err(CaptureError::Contradiction { detail }) if detail.contains("con_/other.js")
    ));
    let mut orphan = capture();
    orphan["sets"]["solutioncomponents"]
        .as_array_mut()
        .unwrap()
        .push(json!({"componenttype": 61, "objectid": SCRIPT, "_solutionid_value": "00000000-0000-0000-0000-000000000000"}));
    assert!(matches!(
        snapshot(&orphan),
        Err(CaptureError::Contradiction { .. })
    ));
    let mut no_id = capture();
    no_id["sets"]["webresourceset"][0]
        .as_object_mut()
        .unwrap()
        .remove("webresourceid");
    assert_eq!(
        snapshot(&no_id).unwrap_err().to_string(),
        "the capture's sets.webresourceset, row 1: no webresourceid"
    );
}

#[test]
fn the_user_states_the_deployment_and_upload_limit() {
    let mut on_premises = capture();
    on_premises["capturedFrom"] = json!("crm.contoso.local");
    let default = snapshot(&on_premises).unwrap();
    assert_eq!(default.deployment, Deployment::OnPremises);
    assert_eq!(
        default.limits.upload_bytes,
        crate::target::ONPREM_UPLOAD_BYTES
    );
    let stated = snapshot_from_capture(
        &bytes(&on_premises),
        &CaptureOptions {
            upload_bytes: Some(32 * 1024 * 1024),
            ..CaptureOptions::default()
        },
    )
    .unwrap();
    assert_eq!(stated.limits.upload_bytes, 32 * 1024 * 1024);
}
