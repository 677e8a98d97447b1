//! The simulation's JSON for pipelines (documented in docs/simulation-rules.md).

use serde_json::{json, Map, Value};

use crate::org::InstalledSolution;
use crate::simulate::{Action, ComponentOutcome, ImportError, Outcome, PackageSolution};

pub fn to_json(outcome: &Outcome) -> Value {
    let mut root = Map::new();
    root.insert(
        "result".into(),
        json!(if outcome.success {
            "success"
        } else {
            "failure"
        }),
    );
    root.insert("operation".into(), json!(outcome.operation.key()));
    if let Some(error) = outcome.error() {
        root.insert("errorCode".into(), json!(error.code));
        root.insert("errorText".into(), json!(error.message));
    }
    root.insert("verdict".into(), json!(outcome.verdict));
    root.insert(
        "errors".into(),
        Value::Array(outcome.errors.iter().map(error_json).collect()),
    );
    root.insert("warnings".into(), json!(outcome.warnings));
    root.insert("solution".into(), solution_json(&outcome.solution));
    if let Some(existing) = &outcome.existing {
        root.insert("installed".into(), installed_json(existing));
    }
    root.insert("organization".into(), json!(outcome.organization));
    root.insert("options".into(), json!(outcome.options));
    root.insert("packageBytes".into(), json!(outcome.package_bytes));
    root.insert("uploadLimitBytes".into(), json!(outcome.upload_limit_bytes));
    if outcome.suggest_online {
        root.insert("suggestOnline".into(), json!(true));
    }
    if let Some(holding) = &outcome.holding_solution {
        root.insert("holdingSolution".into(), json!(holding));
    }
    root.insert("counts".into(), counts_json(outcome));
    root.insert(
        "components".into(),
        Value::Array(outcome.components.iter().map(component_json).collect()),
    );
    Value::Object(root)
}

/// One of the import's errors, the rule that raised it and, where there is
/// one, the component it is about.
fn error_json(error: &ImportError) -> Value {
    let mut item = json!({
        "code": error.code,
        "name": error.name,
        "rule": error.rule,
        "message": error.message,
        "explanation": error.explanation,
    });
    if let Some(component) = &error.component {
        item["component"] = json!(component);
    }
    if !error.details.is_empty() {
        item["details"] = json!(error.details);
    }
    item
}

/// The package's solution.
fn solution_json(solution: &PackageSolution) -> Value {
    json!({
        "uniqueName": solution.unique_name,
        "displayName": solution.display_name,
        "version": solution.version,
        "managed": solution.managed,
        "publisher": solution.publisher,
        "generatedBy": solution.generated_by,
    })
}

/// The version of the solution the organization has.
fn installed_json(existing: &InstalledSolution) -> Value {
    json!({
        "uniqueName": existing.unique_name,
        "version": existing.version,
        "managed": existing.managed,
        "publisher": existing.publisher,
    })
}

/// How many components each action has, every action named.
fn counts_json(outcome: &Outcome) -> Value {
    let mut counts = Map::new();
    for action in Action::ALL {
        counts.insert(action.key().into(), json!(outcome.count(action)));
    }
    Value::Object(counts)
}

/// What happens to one component, and its layers before and after.
fn component_json(component: &ComponentOutcome) -> Value {
    let mut item = json!({
        "kind": component.kind.key(),
        "name": component.name,
        "action": component.action.key(),
    });
    if let Some(parent) = &component.parent {
        item["parent"] = json!(parent);
    }
    if let Some(error) = &component.error {
        item["errorCode"] = json!(error.code);
        item["errorText"] = json!(error.message);
    }
    if let Some(note) = &component.note {
        item["note"] = json!(note);
    }
    if component.definition_unknown {
        item["definitionUnknown"] = json!(true);
    }
    item["layersBefore"] = json!(component.layers_before);
    item["layersAfter"] = json!(component.layers_after);
    item
}
