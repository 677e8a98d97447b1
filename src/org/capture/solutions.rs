//! The organization (version, languages, limits), its publishers and its
//! solutions, read from a capture's rows: install order inferred from the
//! install time, patches from their parent solution, holding solutions from
//! their `_Upgrade` name.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{bad_row, flag, plain_id, text, CaptureError, CaptureFile, CaptureOptions, Row};
use crate::org::{InstalledSolution, OrgPublisher, HOLDING_SUFFIX, SYSTEM_LAYER};
use crate::target::{
    Deployment, Limits, Target, MAX_WEB_RESOURCE_BYTES, ONLINE_UPLOAD_BYTES, ONPREM_UPLOAD_BYTES,
};

/// The platform's own solutions every organization has: never uninstalled or imported over.
const BUILT_IN: &[&str] = &[SYSTEM_LAYER, "Active", "Default", "Basic"];

/// Host names of Dynamics 365 online (commercial and sovereign clouds).
const ONLINE_HOST_SUFFIXES: &[&str] = &[
    ".dynamics.com",
    ".crm.dynamics.cn",
    ".crm.microsoftdynamics.us",
    ".crm.appsplatform.us",
    ".crm.microsoftdynamics.de",
];

/// A solution as read, with the id its components and patches refer to it by.
pub(super) struct CapturedSolution {
    pub id: String,
    pub installed: InstalledSolution,
}

fn organization_rows<'a>(
    capture: &'a CaptureFile,
    key: &str,
) -> Result<&'a serde_json::Map<String, Value>, CaptureError> {
    let answer = capture
        .organization
        .get(key)
        .ok_or_else(|| CaptureError::MissingSection {
            section: format!("organization.{key}"),
        })?;
    let first = match answer {
        Value::Array(rows) => rows.first(),
        other => Some(other),
    };
    first
        .and_then(Value::as_object)
        .ok_or_else(|| bad_row(&format!("organization.{key}"), 0, "no row".to_owned()))
}

/// Deployment, version, languages and limits.
pub(super) fn target(
    capture: &CaptureFile,
    options: &CaptureOptions,
) -> Result<Target, CaptureError> {
    let version_answer = organization_rows(capture, "RetrieveVersion")?;
    let version = text(version_answer, "Version")
        .ok_or_else(|| bad_row("organization.RetrieveVersion", 0, "no Version".to_owned()))?;
    let organization = organization_rows(capture, "organizations")?;
    let number = |column: &str| {
        organization
            .get(column)
            .and_then(Value::as_u64)
            .ok_or_else(|| bad_row("organization.organizations", 0, format!("no {column}")))
    };
    let base_language = u32::try_from(number("languagecode")?)
        .map_err(|_| bad_row("organization.organizations", 0, "languagecode".to_owned()))?;
    let attachment_bytes = organization
        .get("maxuploadfilesize")
        .and_then(Value::as_u64)
        .unwrap_or(MAX_WEB_RESOURCE_BYTES);
    let languages = organization_rows(capture, "RetrieveProvisionedLanguages")?;
    let mut enabled_languages: Vec<u32> = languages
        .get("RetrieveProvisionedLanguages")
        .and_then(Value::as_array)
        .map(|codes| {
            codes
                .iter()
                .filter_map(Value::as_u64)
                .filter_map(|code| u32::try_from(code).ok())
                .collect()
        })
        .unwrap_or_default();
    if !enabled_languages.contains(&base_language) {
        enabled_languages.insert(0, base_language);
    }
    let host = capture.captured_from.to_ascii_lowercase();
    let deployment = options.deployment.unwrap_or(
        if ONLINE_HOST_SUFFIXES
            .iter()
            .any(|suffix| host.ends_with(suffix))
        {
            Deployment::Online
        } else {
            Deployment::OnPremises
        },
    );
    let upload_bytes = options.upload_bytes.unwrap_or(match deployment {
        Deployment::Online => ONLINE_UPLOAD_BYTES,
        Deployment::OnPremises => ONPREM_UPLOAD_BYTES,
    });
    Ok(Target {
        deployment,
        version: version.to_owned(),
        base_language,
        enabled_languages,
        limits: Limits {
            upload_bytes,
            attachment_bytes,
        },
    })
}

fn set<'a>(capture: &'a CaptureFile, key: &str) -> Result<&'a [Row], CaptureError> {
    capture
        .sets
        .get(key)
        .map(Vec::as_slice)
        .ok_or_else(|| CaptureError::MissingSection {
            section: format!("sets.{key}"),
        })
}

fn required<'a>(
    row: &'a Row,
    section: &str,
    index: usize,
    column: &str,
) -> Result<&'a str, CaptureError> {
    text(row, column).ok_or_else(|| bad_row(section, index, format!("no {column}")))
}

/// Publishers by their id, in the capture's order.
pub(super) fn publishers(
    capture: &CaptureFile,
) -> Result<Vec<(String, OrgPublisher)>, CaptureError> {
    let mut publishers: Vec<(String, OrgPublisher)> = Vec::new();
    for (index, row) in set(capture, "publishers")?.iter().enumerate() {
        let id = plain_id(required(row, "sets.publishers", index, "publisherid")?);
        let publisher = OrgPublisher {
            unique_name: required(row, "sets.publishers", index, "uniquename")?.to_owned(),
            display_name: text(row, "friendlyname").map(str::to_owned),
            customization_prefix: text(row, "customizationprefix")
                .unwrap_or_default()
                .to_owned(),
            option_value_prefix: row
                .get("customizationoptionvalueprefix")
                .and_then(Value::as_u64)
                .and_then(|prefix| u32::try_from(prefix).ok()),
        };
        if let Some((_, same_id)) = publishers.iter().find(|(known, _)| *known == id) {
            if *same_id != publisher {
                return Err(CaptureError::Contradiction {
                    detail: format!(
                        "publisher {id} is listed as {:?} and as {:?}",
                        same_id.unique_name, publisher.unique_name
                    ),
                });
            }
            continue;
        }
        if publishers.iter().any(|(_, known)| {
            known
                .unique_name
                .eq_ignore_ascii_case(&publisher.unique_name)
        }) {
            return Err(CaptureError::Duplicate {
                what: "publisher",
                name: publisher.unique_name,
            });
        }
        publishers.push((id, publisher));
    }
    Ok(publishers)
}

/// One solution row as read, before install orders, patches and holdings are known.
struct SolutionRow {
    id: String,
    installed_on: Option<String>,
    parent_id: Option<String>,
    solution: InstalledSolution,
}

fn solution_row(
    row: &Row,
    index: usize,
    publisher_names: &HashMap<&str, &str>,
) -> Result<SolutionRow, CaptureError> {
    const SECTION: &str = "sets.solutions";
    let unique_name = required(row, SECTION, index, "uniquename")?;
    let publisher_id = plain_id(required(row, SECTION, index, "_publisherid_value")?);
    let publisher = publisher_names
        .get(publisher_id.as_str())
        .ok_or_else(|| CaptureError::Contradiction {
            detail: format!(
                "solution {unique_name:?} names publisher {publisher_id}, which the publishers do not list"
            ),
        })?;
    let built_in = BUILT_IN
        .iter()
        .any(|name| name.eq_ignore_ascii_case(unique_name));
    Ok(SolutionRow {
        id: plain_id(required(row, SECTION, index, "solutionid")?),
        installed_on: text(row, "installedon").map(str::to_owned),
        parent_id: text(row, "_parentsolutionid_value").map(plain_id),
        solution: InstalledSolution {
            unique_name: unique_name.to_owned(),
            display_name: text(row, "friendlyname").map(str::to_owned),
            version: required(row, SECTION, index, "version")?.to_owned(),
            managed: flag(row, "ismanaged")
                .ok_or_else(|| bad_row(SECTION, index, "no ismanaged".to_owned()))?,
            publisher: (*publisher).to_owned(),
            install_order: 0,
            built_in,
            holding_for: None,
            patch_of: None,
            generated_by: None,
        },
    })
}

/// Solutions with their install order (0 for the platform's and for those
/// installed with the organization, then by install time), patch parents and
/// holding solutions.
pub(super) fn solutions(
    capture: &CaptureFile,
    publishers: &[(String, OrgPublisher)],
) -> Result<Vec<CapturedSolution>, CaptureError> {
    let publisher_names: HashMap<&str, &str> = publishers
        .iter()
        .map(|(id, publisher)| (id.as_str(), publisher.unique_name.as_str()))
        .collect();
    let mut rows: Vec<SolutionRow> = Vec::new();
    for (index, row) in set(capture, "solutions")?.iter().enumerate() {
        let read = solution_row(row, index, &publisher_names)?;
        if let Some(same_id) = rows.iter().find(|known| known.id == read.id) {
            if same_id.solution != read.solution {
                return Err(CaptureError::Contradiction {
                    detail: format!(
                        "solution {} is listed as {:?} {} and as {:?} {}",
                        read.id,
                        same_id.solution.unique_name,
                        same_id.solution.version,
                        read.solution.unique_name,
                        read.solution.version
                    ),
                });
            }
            continue;
        }
        if rows.iter().any(|known| {
            known
                .solution
                .unique_name
                .eq_ignore_ascii_case(&read.solution.unique_name)
        }) {
            return Err(CaptureError::Duplicate {
                what: "solution",
                name: read.solution.unique_name,
            });
        }
        rows.push(read);
    }
    assign_install_order(&mut rows);
    let names: BTreeMap<String, String> = rows
        .iter()
        .map(|row| (row.id.clone(), row.solution.unique_name.clone()))
        .collect();
    let all_names: Vec<String> = rows
        .iter()
        .map(|row| row.solution.unique_name.clone())
        .collect();
    Ok(rows
        .into_iter()
        .map(|mut row| {
            row.solution.patch_of = row
                .parent_id
                .as_ref()
                .and_then(|parent| names.get(parent))
                .cloned();
            row.solution.holding_for = holding_base(&row.solution.unique_name, &all_names);
            CapturedSolution {
                id: row.id,
                installed: row.solution,
            }
        })
        .collect())
}

/// The solution a `<Name>_Upgrade` holding solution will replace, when it is installed.
fn holding_base(unique_name: &str, all_names: &[String]) -> Option<String> {
    let cut = unique_name.len().checked_sub(HOLDING_SUFFIX.len())?;
    let (base, suffix) = (unique_name.get(..cut)?, unique_name.get(cut..)?);
    if !suffix.eq_ignore_ascii_case(HOLDING_SUFFIX) || base.is_empty() {
        return None;
    }
    all_names
        .iter()
        .find(|name| name.eq_ignore_ascii_case(base))
        .cloned()
}

/// 0 for the built-in solutions and those installed no later than System (with
/// the organization), then 1, 2, … by install time (then name).
fn assign_install_order(rows: &mut [SolutionRow]) {
    let created = rows
        .iter()
        .find(|row| row.solution.unique_name.eq_ignore_ascii_case(SYSTEM_LAYER))
        .and_then(|row| row.installed_on.clone());
    let mut later: Vec<usize> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let with_organization = match (&row.installed_on, &created) {
            (Some(installed), Some(created)) => installed <= created,
            _ => false,
        };
        if !(row.solution.built_in || with_organization) {
            later.push(index);
        }
    }
    later.sort_by(|left, right| {
        let (left, right) = (&rows[*left], &rows[*right]);
        (&left.installed_on, &left.solution.unique_name)
            .cmp(&(&right.installed_on, &right.solution.unique_name))
    });
    for (order, index) in later.into_iter().enumerate() {
        if let Some(row) = rows.get_mut(index) {
            row.solution.install_order = u32::try_from(order + 1).unwrap_or(u32::MAX);
        }
    }
}
