//! The ImportJob `data` XML the platform writes for an import (DOMAIN.md 7.2,
//! IMPORT_LOG_FORMAT.md part B), built from a simulated outcome.

use quick_xml::escape::escape;

use super::import_times::{ImportTimes, Instant};
use crate::inspect::Inspection;
use crate::kinds::ImportJob;
use crate::manifest::{Manifest, Publisher};
use crate::model::ComponentKind;
use crate::simulate::{Action, ComponentOutcome, ImportError, Outcome};

/// Component families in the order the platform writes them, with their
/// element names. Each kind's declaration names its section (`KindSpec::import_job`);
/// table parts (columns, forms, views…) report under their table.
pub(crate) const SECTIONS: &[(&str, &str)] = &[
    ("entities", "entity"),
    ("nodes", "node"),
    ("settings", "setting"),
    ("dashboards", "dashboard"),
    ("securityroles", "securityrole"),
    ("workflows", "workflow"),
    ("templates", "template"),
    ("optionSets", "optionSet"),
    ("ConnectionRoles", "ConnectionRole"),
    ("SolutionPluginAssemblies", "PluginAssembly"),
    ("SdkMessageProcessingSteps", "SdkMessageProcessingStep"),
    ("ServiceEndpoints", "ServiceEndpoint"),
    ("webResources", "webResource"),
    ("reports", "report"),
    ("FieldSecurityProfiles", "FieldSecurityProfile"),
];

/// Whether a kind's components go in this section of [`SECTIONS`].
fn in_section(kind: ComponentKind, section: &str) -> bool {
    matches!(kind.spec().import_job, ImportJob::Section(own) if own == section)
}

struct Writer {
    out: String,
}

impl Writer {
    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push_str(&format!(" {key}=\"{}\"", escape(*value)));
        }
        self.out.push('>');
    }

    fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.open(name, attributes);
        self.out.pop();
        self.out.push_str(" />");
    }

    fn close(&mut self, name: &str) {
        self.out.push_str(&format!("</{name}>"));
    }

    fn text_element(&mut self, name: &str, text: &str) {
        if text.is_empty() {
            self.empty(name, &[]);
        } else {
            self.out
                .push_str(&format!("<{name}>{}</{name}>", escape(text)));
        }
    }
}

pub fn to_importjob_xml(outcome: &Outcome, inspection: &Inspection, times: &ImportTimes) -> String {
    let manifest = &inspection.manifest;
    let language = manifest.base_language();
    // A failure of the import itself (not of a component) stops it at the manifest.
    let manifest_error = outcome
        .error()
        .filter(|error| error.rule != crate::simulate::Rule::Component);
    let rows = component_rows(outcome);
    let mut writer = Writer { out: String::new() };
    open_import(
        &mut writer,
        outcome,
        rows.len(),
        manifest_error.is_some(),
        times,
    );
    write_solution_manifest(&mut writer, manifest, manifest_error, times);
    if manifest_error.is_some() {
        writer.close("importexportxml");
        return writer.out;
    }
    write_upgrade_information(&mut writer, outcome, manifest);
    let step = write_component_sections(&mut writer, &rows, times);
    write_language(&mut writer, language, times.step(step));
    writer.empty("entitySubhandlers", &[]);
    writer.open("publishes", &[]);
    writer.empty("publish", &[("processed", "false")]);
    writer.close("publishes");
    write_root_components(&mut writer, manifest, times.step(step));
    writer.empty("dependencies", &[]);
    writer.close("importexportxml");
    writer.out
}

/// The root element: when the import started and stopped (one step per
/// component after the manifest), how far it got and whether it succeeded.
fn open_import(
    writer: &mut Writer,
    outcome: &Outcome,
    row_count: usize,
    manifest_failed: bool,
    times: &ImportTimes,
) {
    let steps = if manifest_failed { 1 } else { row_count + 1 };
    let progress = if manifest_failed {
        dotnet_double(100.0 / (row_count as f64 + 2.0))
    } else {
        "100".to_owned()
    };
    let start_ticks = times.step(0).ticks().to_string();
    let stop_ticks = times.step(steps + 1).ticks().to_string();
    let mut root: Vec<(&str, &str)> = vec![
        ("start", &start_ticks),
        ("stop", &stop_ticks),
        ("progress", &progress),
        ("processed", "true"),
        (
            "succeeded",
            if outcome.success {
                "success"
            } else {
                "failure"
            },
        ),
    ];
    let status = outcome
        .error()
        .map(|error| error.message.clone())
        .unwrap_or_default();
    if !outcome.success {
        root.push(("status", &status));
    }
    writer.open("importexportxml", &root);
}

/// The `solutionManifests` section: the package's solution, its publisher and
/// the result of importing the manifest (the import's failure, when it stops there).
fn write_solution_manifest(
    writer: &mut Writer,
    manifest: &Manifest,
    manifest_error: Option<&ImportError>,
    times: &ImportTimes,
) {
    writer.open("solutionManifests", &[]);
    let display = manifest.display_name.clone().unwrap_or_default();
    writer.open(
        "solutionManifest",
        &[
            ("languagecode", manifest.base_language()),
            ("id", &manifest.unique_name),
            ("LocalizedName", &display),
            ("processed", "true"),
        ],
    );
    writer.text_element("UniqueName", &manifest.unique_name);
    localized(
        writer,
        "LocalizedNames",
        "LocalizedName",
        &manifest.localized_names,
    );
    localized(
        writer,
        "Descriptions",
        "Description",
        &manifest.descriptions,
    );
    writer.text_element("Version", &manifest.version);
    writer.text_element("Managed", &manifest.managed_raw);
    write_publisher(writer, &manifest.publisher);
    writer.empty("results", &[]);
    match manifest_error {
        Some(error) => {
            let text = format!("Solution manifest import: FAILURE: {}", error.message);
            result(
                writer,
                times.step(1),
                Some((&error.code, &text)),
                &error.details,
            );
        }
        None => result(writer, times.step(1), None, &[]),
    }
    writer.close("solutionManifest");
    writer.close("solutionManifests");
}

/// The manifest's `Publisher`: its names and e-mail; the platform writes the
/// other fields empty.
fn write_publisher(writer: &mut Writer, publisher: &Publisher) {
    writer.open("Publisher", &[]);
    writer.text_element("UniqueName", &publisher.unique_name);
    localized(
        writer,
        "LocalizedNames",
        "LocalizedName",
        &publisher.localized_names,
    );
    writer.empty("Descriptions", &[]);
    writer.text_element(
        "EMailAddress",
        publisher.email_address.as_deref().unwrap_or_default(),
    );
    writer.empty("SupportingWebsiteUrl", &[]);
    writer.open("Addresses", &[]);
    writer.open("Address", &[]);
    for field in [
        "City",
        "Country",
        "Line1",
        "Line2",
        "PostalCode",
        "StateOrProvince",
        "Telephone1",
    ] {
        writer.empty(field, &[]);
    }
    writer.close("Address");
    writer.close("Addresses");
    writer.close("Publisher");
}

/// `upgradeSolutionPackageInformation`: whether the import upgrades, and the
/// package's and the organization's versions and SKUs.
fn write_upgrade_information(writer: &mut Writer, outcome: &Outcome, manifest: &Manifest) {
    writer.open("upgradeSolutionPackageInformation", &[]);
    let upgrade = outcome.existing.is_some() && outcome.solution.managed == Some(true);
    writer.text_element("upgradeRequired", if upgrade { "1" } else { "0" });
    writer.text_element("upgradeValid", if outcome.success { "1" } else { "0" });
    writer.text_element(
        "fileVersion",
        manifest
            .package
            .generator_version
            .as_deref()
            .unwrap_or_default(),
    );
    writer.text_element("currentVersion", &outcome_org_version(outcome));
    writer.text_element(
        "fileSku",
        manifest.package.generated_by.as_deref().unwrap_or_default(),
    );
    writer.text_element("currentSku", &outcome_org_sku(outcome));
    writer.close("upgradeSolutionPackageInformation");
}

/// The component sections, one step a component from step 2; returns the step
/// after the last.
fn write_component_sections(writer: &mut Writer, rows: &[Row], times: &ImportTimes) -> usize {
    let mut step = 2;
    for (section, element) in SECTIONS {
        let items: Vec<&Row> = rows
            .iter()
            .filter(|row| in_section(row.kind, section))
            .collect();
        write_section(writer, section, element, &items, times, &mut step);
    }
    // Newer families have no section in the published samples: one section per kind.
    let mut other_kinds: Vec<ComponentKind> = rows
        .iter()
        .map(|row| row.kind)
        .filter(|kind| !matches!(kind.spec().import_job, ImportJob::Section(_)))
        .collect();
    other_kinds.sort();
    other_kinds.dedup();
    for kind in other_kinds {
        let items: Vec<&Row> = rows.iter().filter(|row| row.kind == kind).collect();
        let section = format!("{}s", kind.key());
        write_section(writer, &section, kind.key(), &items, times, &mut step);
    }
    step
}

/// `languages`: the package's base language, imported at `at`.
fn write_language(writer: &mut Writer, language: &str, at: Instant) {
    writer.open("languages", &[]);
    writer.open(
        "language",
        &[
            ("id", language),
            ("LocalizedName", language),
            ("processed", "true"),
        ],
    );
    result(writer, at, None, &[]);
    writer.close("language");
    writer.close("languages");
}

/// `rootComponents`: each root component of the manifest by schema name (or
/// id), processed at `at`.
fn write_root_components(writer: &mut Writer, manifest: &Manifest, at: Instant) {
    writer.open("rootComponents", &[]);
    for root_component in &manifest.root_components {
        let name = root_component
            .schema_name
            .clone()
            .or_else(|| root_component.id.clone())
            .unwrap_or_default();
        writer.open("rootComponent", &[("id", &name), ("processed", "true")]);
        result(writer, at, None, &[]);
        writer.close("rootComponent");
    }
    writer.close("rootComponents");
}

fn outcome_org_version(outcome: &Outcome) -> String {
    outcome.organization_version.clone()
}

fn outcome_org_sku(outcome: &Outcome) -> String {
    outcome.organization_deployment.sku().to_owned()
}

/// One reported item: a top-level component, with the first failure of its parts.
pub(crate) struct Row {
    pub kind: ComponentKind,
    pub name: String,
    pub display_name: String,
    pub id: String,
    pub error: Option<(String, String)>,
}

/// Top-level components in package order; a table carries its parts' failures.
pub(crate) fn component_rows(outcome: &Outcome) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let imported = |component: &&ComponentOutcome| component.action != Action::Deleted;
    for component in outcome.components.iter().filter(imported) {
        if component.kind.belongs_to_entity() {
            continue;
        }
        rows.push(Row {
            kind: component.kind,
            name: component.name.clone(),
            display_name: component.display_name.clone().unwrap_or_default(),
            id: component
                .id
                .clone()
                .unwrap_or_else(|| component.name.clone()),
            error: component
                .error
                .as_ref()
                .map(|error| (error.code.clone(), error.message.clone())),
        });
    }
    for component in outcome.components.iter().filter(imported) {
        let (Some(table), Some(error)) = (component.parent.as_deref(), component.error.as_ref())
        else {
            continue;
        };
        if !component.kind.belongs_to_entity() {
            continue;
        }
        match rows
            .iter_mut()
            .find(|row| row.kind == ComponentKind::Entity && row.name.eq_ignore_ascii_case(table))
        {
            Some(row) => {
                if row.error.is_none() {
                    row.error = Some((error.code.clone(), error.message.clone()));
                }
            }
            None => rows.push(Row {
                kind: ComponentKind::Entity,
                name: table.to_owned(),
                display_name: table.to_owned(),
                id: table.to_owned(),
                error: Some((error.code.clone(), error.message.clone())),
            }),
        }
    }
    rows
}

fn write_section(
    writer: &mut Writer,
    section: &str,
    element: &str,
    items: &[&Row],
    times: &ImportTimes,
    step: &mut usize,
) {
    if items.is_empty() {
        writer.empty(section, &[]);
        return;
    }
    writer.open(section, &[]);
    for row in items {
        writer.open(
            element,
            &[
                ("id", &row.id),
                ("LocalizedName", &row.display_name),
                ("OriginalName", &row.display_name),
                ("Description", ""),
                ("processed", "true"),
            ],
        );
        let error = row
            .error
            .as_ref()
            .map(|(code, text)| (code.as_str(), text.as_str()));
        result(writer, times.step(*step), error, &[]);
        *step += 1;
        writer.close(element);
    }
    writer.close(section);
}

fn result(writer: &mut Writer, at: Instant, error: Option<(&str, &str)>, parameters: &[String]) {
    let ticks = at.ticks().to_string();
    let time = at.time_of_day();
    let (outcome, code, text) = match error {
        Some((code, text)) => ("failure", code, text),
        None => ("success", "0", ""),
    };
    let attributes = [
        ("result", outcome),
        ("errorcode", code),
        ("errortext", text),
        ("datetime", time.as_str()),
        ("datetimeticks", ticks.as_str()),
    ];
    if parameters.is_empty() {
        writer.empty("result", &attributes);
        return;
    }
    writer.open("result", &attributes);
    writer.open("parameters", &[]);
    for parameter in parameters {
        writer.text_element("parameter", parameter);
    }
    writer.close("parameters");
    writer.close("result");
}

fn localized(
    writer: &mut Writer,
    list: &str,
    item: &str,
    texts: &[crate::manifest::LocalizedText],
) {
    if texts.is_empty() {
        writer.empty(list, &[]);
        return;
    }
    writer.open(list, &[]);
    for text in texts {
        writer.empty(
            item,
            &[
                ("description", &text.text),
                ("languagecode", &text.language_code),
            ],
        );
    }
    writer.close(list);
}

/// A double the way .NET prints it by default: at most 15 significant digits,
/// no trailing zeros (`14.8387096774194`).
fn dotnet_double(value: f64) -> String {
    let integer_digits = if value.abs() >= 1.0 {
        (value.abs().log10().floor() as usize) + 1
    } else {
        1
    };
    let decimals = 15usize.saturating_sub(integer_digits);
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn doubles_print_like_dotnet() {
        assert_eq!(
            super::dotnet_double(100.0 / 6.739_130_434_782_61),
            "14.8387096774194"
        );
        assert_eq!(super::dotnet_double(100.0 / 3.0), "33.3333333333333");
        assert_eq!(super::dotnet_double(50.0), "50");
    }
}
