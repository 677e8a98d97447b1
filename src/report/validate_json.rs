//! The JSON of `solinspect validate --format json`: a public interface,
//! documented in docs/validate.md. Add keys; never rename or remove one.

use serde_json::{json, Value};

use crate::inspect::Inspection;
use crate::validate::Validation;

pub fn to_json(inspection: &Inspection, validation: &Validation) -> Value {
    let manifest = &inspection.manifest;
    let mut value = serde_json::to_value(validation).unwrap_or_else(|_| json!({}));
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "solution".into(),
            json!({
                "uniqueName": manifest.unique_name,
                "version": manifest.version,
                "managed": manifest.managed() == Some(true),
                "managedValue": manifest.managed_raw,
                "publisher": manifest.publisher.unique_name,
                "solutionPackageVersion": manifest.package.solution_package_version,
                "generatedBy": manifest.package.generated_by,
            }),
        );
        object.insert("zipSize".into(), json!(inspection.zip_size));
        object.insert("totalSize".into(), json!(inspection.total_size));
        object.insert("passed".into(), json!(!validation.has_errors()));
    }
    value
}
