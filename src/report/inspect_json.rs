//! The JSON of `solinspect inspect --json`: a public interface, documented in
//! docs/inspect-json.md. Add keys; never rename or remove one.

use serde_json::{json, Map, Value};

use crate::inspect::Inspection;
use crate::model::ComponentKind;

pub fn to_json(inspection: &Inspection) -> Value {
    let manifest = &inspection.manifest;
    let publisher = &manifest.publisher;
    let mut counts = Map::new();
    for (kind, count) in inspection.counts() {
        counts.insert(kind.to_owned(), json!(count));
    }
    let components: Vec<Value> = inspection
        .components
        .iter()
        .map(|component| {
            let mut properties = Map::new();
            for property in &component.managed_properties {
                if let Some(value) = property.value {
                    properties.insert(property.name.clone(), json!(value));
                }
            }
            let mut object = Map::new();
            object.insert("kind".into(), json!(component.kind.key()));
            object.insert("name".into(), json!(component.name));
            object.insert("displayName".into(), json!(component.display_name));
            if let Some(parent) = &component.parent {
                object.insert("parent".into(), json!(parent));
            }
            if let Some(id) = &component.id {
                object.insert("id".into(), json!(id));
            }
            object.insert("managedProperties".into(), Value::Object(properties));
            if !component.files.is_empty() {
                object.insert("files".into(), json!(component.files));
            }
            object.insert(
                "location".into(),
                json!({"file": component.source.file, "line": component.source.line}),
            );
            Value::Object(object)
        })
        .collect();
    json!({
        "solution": {
            "uniqueName": manifest.unique_name,
            "displayName": manifest.display_name,
            "localizedNames": manifest.localized_names,
            "descriptions": manifest.descriptions,
            "version": manifest.version,
            "managed": manifest.managed() == Some(true),
            "managedValue": manifest.managed_raw,
            "languageCode": manifest.package.language_code,
            "generatorVersion": manifest.package.generator_version,
            "solutionPackageVersion": manifest.package.solution_package_version,
            "generatedBy": manifest.package.generated_by,
            "publisher": {
                "uniqueName": publisher.unique_name,
                "displayName": publisher.display_name,
                "localizedNames": publisher.localized_names,
                "customizationPrefix": publisher.customization_prefix,
                "customizationOptionValuePrefix": publisher.customization_option_value_prefix,
            },
        },
        "zipSize": inspection.zip_size,
        "totalSize": inspection.total_size,
        "files": inspection.files,
        "counts": counts,
        "rootComponents": manifest.root_components,
        "missingDependencies": manifest.missing_dependencies.iter().map(|dependency| json!({
            "required": dependency.required,
            "dependent": dependency.dependent,
            "description": dependency.describe(),
        })).collect::<Vec<_>>(),
        "components": components,
        "unknownSections": inspection.unknown_sections,
        "languages": inspection.languages,
        "missingFiles": inspection.missing_files.iter().map(|(component, path)| json!({"component": component, "path": path})).collect::<Vec<_>>(),
        "unreferencedFiles": inspection.unreferenced_files,
        "diagnostics": inspection.diagnostics,
    })
}

/// Every kind key, for documentation and tests.
pub fn kind_keys() -> Vec<&'static str> {
    ComponentKind::ALL.iter().map(|kind| kind.key()).collect()
}
