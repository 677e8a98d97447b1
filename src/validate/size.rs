//! Size limits: the upload, the uncompressed total, each web resource and the
//! solution checker's cap. Each finding says the size, the limit, the overage
//! and which files weigh most.

use std::collections::HashMap;

use super::{bytes_text, FileWeight, Finding, Profile, SizeMeasure};
use crate::findings::Code;
use crate::inspect::{FileInfo, Inspection};
use crate::model::ComponentKind;
use crate::target::upload_overage;

/// How many of the heaviest files a size finding names.
const HEAVIEST: usize = 5;

#[inline(never)] // see `validate_with_content_types`
pub(super) fn check(inspection: &Inspection, profile: &Profile, findings: &mut Vec<Finding>) {
    findings.extend(upload_limit(inspection, profile));
    findings.extend(uncompressed_limit(inspection, profile));
    web_resource_limit(inspection, profile, findings);
    findings.extend(checker_limit(inspection, profile));
}

/// The measure of a package size over a limit, naming its heaviest files
/// (compressed sizes when the size measured is the zip's).
fn over_limit(inspection: &Inspection, size: u64, limit: u64, compressed: bool) -> SizeMeasure {
    measure(
        size,
        limit,
        heaviest_files(inspection, compressed, HEAVIEST),
    )
}

fn upload_limit(inspection: &Inspection, profile: &Profile) -> Option<Finding> {
    let overage = upload_overage(inspection.zip_size, &profile.target)?;
    let measure = over_limit(inspection, overage.package_bytes, overage.limit_bytes, true);
    Some(
        Finding::new(
            Code::SV0101,
            format!(
                "The package is {}, over the upload limit of {} for {} by {}; the import fails with \"The import file is too large to upload\"{}. Heaviest files (compressed): {}",
                bytes_text(overage.package_bytes),
                bytes_text(overage.limit_bytes),
                profile.kind.label(),
                bytes_text(measure.over_bytes),
                if profile.target.is_on_premises() {
                    " unless an administrator raises maxRequestLength (KB) in the web application's web.config"
                } else {
                    ""
                },
                weights_text(&measure.heaviest)
            ),
        )
        .with_size(measure),
    )
}

fn uncompressed_limit(inspection: &Inspection, profile: &Profile) -> Option<Finding> {
    let (total, limit) = (inspection.total_size, profile.max_uncompressed_bytes);
    if total <= limit {
        return None;
    }
    let measure = over_limit(inspection, total, limit, false);
    Some(
        Finding::new(
            Code::SV0102,
            format!(
                "The files of the package add up to {} uncompressed, over the import's limit of {} by {} (\"Decompressed data too big\"). Heaviest files: {}",
                bytes_text(total),
                bytes_text(limit),
                bytes_text(measure.over_bytes),
                weights_text(&measure.heaviest)
            ),
        )
        .with_size(measure),
    )
}

fn web_resource_limit(inspection: &Inspection, profile: &Profile, findings: &mut Vec<Finding>) {
    let limit = profile.max_web_resource_bytes();
    let web_resources: HashMap<String, &str> = inspection
        .components
        .iter()
        .filter(|component| component.kind == ComponentKind::WebResource)
        .map(|component| (component.key(), component.name.as_str()))
        .collect();
    for file in &inspection.files {
        if file.size <= limit {
            continue;
        }
        let Some((key, name)) = file
            .component
            .as_ref()
            .and_then(|key| web_resources.get_key_value(key))
        else {
            continue;
        };
        let weights = vec![FileWeight {
            path: file.path.clone(),
            bytes: file.size,
        }];
        let measure = measure(file.size, limit, weights);
        findings.push(
            Finding::new(
                Code::SV0103,
                format!(
                    "Web resource {name} is {}, over the organization's maximum attachment size of {} by {}; the import fails with \"Webresource content size is too big\" unless the target raises its file size limit for attachments (System Settings, Email tab)",
                    bytes_text(file.size),
                    bytes_text(limit),
                    bytes_text(measure.over_bytes)
                ),
            )
            .in_file(&file.path)
            .for_component(key.clone())
            .with_size(measure),
        );
    }
}

fn checker_limit(inspection: &Inspection, profile: &Profile) -> Option<Finding> {
    let (zip_size, limit) = (inspection.zip_size, profile.checker_max_bytes);
    if zip_size <= limit {
        return None;
    }
    let measure = over_limit(inspection, zip_size, limit, true);
    Some(
        Finding::new(
            Code::SV0104,
            format!(
                "The package is {}, over the solution checker's upload cap of {} by {}; the checker (pac solution check, the Build Tools and GitHub Actions checker tasks) refuses it with PACHECKER_PS_FILE_TOO_LARGE. Heaviest files (compressed): {}",
                bytes_text(zip_size),
                bytes_text(limit),
                bytes_text(measure.over_bytes),
                weights_text(&measure.heaviest)
            ),
        )
        .with_size(measure),
    )
}

fn measure(measured: u64, limit: u64, heaviest: Vec<FileWeight>) -> SizeMeasure {
    SizeMeasure {
        measured_bytes: measured,
        limit_bytes: limit,
        over_bytes: measured.saturating_sub(limit),
        heaviest,
    }
}

/// The `count` heaviest files, by compressed size (what is uploaded) or by inflated size.
pub fn heaviest_files(inspection: &Inspection, compressed: bool, count: usize) -> Vec<FileWeight> {
    let weight = |file: &FileInfo| {
        if compressed {
            file.compressed_size
        } else {
            file.size
        }
    };
    let mut files: Vec<&FileInfo> = inspection.files.iter().collect();
    files.sort_by(|a, b| weight(b).cmp(&weight(a)).then_with(|| a.path.cmp(&b.path)));
    files
        .into_iter()
        .take(count)
        .map(|file| FileWeight {
            path: file.path.clone(),
            bytes: weight(file),
        })
        .collect()
}

fn weights_text(weights: &[FileWeight]) -> String {
    weights
        .iter()
        .map(|weight| format!("{} {}", weight.path, crate::units::human_size(weight.bytes)))
        .collect::<Vec<_>>()
        .join(", ")
}
