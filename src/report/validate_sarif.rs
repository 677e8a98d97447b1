//! SARIF 2.1.0 for `solinspect validate --format sarif`, so build pipelines
//! (Azure DevOps, GitHub code scanning) can show the findings.
//!
//! Locations are files inside the package (`customizations.xml`); findings about
//! the package as a whole point at the package itself.

use serde_json::{json, Map, Value};

use crate::findings::Code;
use crate::model::Severity;
use crate::validate::{Finding, Validation};

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "note",
    }
}

/// `package_uri` names the package (e.g. its file name) for findings without a file.
pub fn to_sarif(validation: &Validation, package_uri: &str) -> Value {
    let mut rule_codes: Vec<Code> = Vec::new();
    for finding in &validation.findings {
        if !rule_codes.contains(&finding.code) {
            rule_codes.push(finding.code);
        }
    }
    let rules: Vec<Value> = rule_codes
        .iter()
        .map(|code| rule_descriptor(*code))
        .collect();
    let results: Vec<Value> = validation
        .findings
        .iter()
        .map(|finding| {
            let rule_index = rule_codes
                .iter()
                .position(|code| *code == finding.code)
                .unwrap_or_default();
            result(finding, rule_index, package_uri)
        })
        .collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "solinspect",
                    "fullName": "Solution Inspector",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "artifacts": [{"location": {"uri": package_uri}}],
            "properties": {"profile": validation.profile.kind.key(), "targetVersion": validation.profile.target.version},
            "results": results,
        }]
    })
}

/// A SARIF rule: the catalogue's entry for the code.
fn rule_descriptor(code: Code) -> Value {
    let entry = code.entry();
    let mut descriptor = Map::new();
    descriptor.insert("id".into(), json!(code));
    descriptor.insert("shortDescription".into(), json!({"text": entry.title}));
    descriptor.insert(
        "defaultConfiguration".into(),
        json!({"level": level(entry.severity)}),
    );
    let mut properties = Map::new();
    properties.insert("category".into(), json!(entry.category));
    if let Some(platform) = entry.platform.error() {
        properties.insert("platformCode".into(), json!(platform));
    }
    descriptor.insert("properties".into(), Value::Object(properties));
    Value::Object(descriptor)
}

fn result(finding: &Finding, rule_index: usize, package_uri: &str) -> Value {
    let location = &finding.location;
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({"uri": location.file.as_deref().unwrap_or(package_uri)}),
    );
    if let Some(line) = location.line {
        let mut region = Map::new();
        region.insert("startLine".into(), json!(line));
        if let Some(column) = location.column {
            region.insert("startColumn".into(), json!(column));
        }
        physical.insert("region".into(), Value::Object(region));
    }
    let mut sarif_location = Map::new();
    sarif_location.insert("physicalLocation".into(), Value::Object(physical));
    if let Some(component) = &location.component {
        sarif_location.insert(
            "logicalLocations".into(),
            json!([{"fullyQualifiedName": component, "kind": "member"}]),
        );
    }
    let mut properties = Map::new();
    properties.insert("category".into(), json!(finding.category));
    if let Some(platform) = &finding.platform_code {
        properties.insert("platformCode".into(), json!(platform));
    }
    json!({
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": {"text": finding.message},
        "locations": [Value::Object(sarif_location)],
        "properties": Value::Object(properties),
    })
}
