//! The "Download Log" workbook: XML Spreadsheet 2003, laid out as the
//! platform's own (IMPORT_LOG_FORMAT.md part A): one line, a Solution sheet of
//! label/value rows and a Components sheet with the platform's ten columns, the
//! same style ids, and the `ss:Res` / `Cell/@name` keys that parsers use.
//! Labels are in English (the platform localizes them; English text was not seen).

use quick_xml::escape::escape;

use super::import_times::{ImportTimes, Instant};
use super::importjob::{component_rows, Row};
use crate::inspect::Inspection;
use crate::simulate::{Outcome, Rule};

/// The Components sheet's columns: (`Cell/@name`, `ss:Res` suffix, header, width).
pub const COMPONENT_COLUMNS: [(&str, &str, &str, &str); 10] = [
    ("Time", "Comp_DateTime", "Date/Time", "63"),
    ("ItemType", "Comp_ItemType", "Item Type", "90"),
    ("Id", "Comp_Id", "Id", "39.75"),
    ("Name", "Comp_Name", "Name", "100"),
    (
        "LocalizedName",
        "Comp_LocalizedName",
        "Localized Name",
        "100",
    ),
    ("OriginalName", "Comp_OriginalName", "Original Name", "100"),
    ("Description", "Comp_Description", "Description", "78"),
    ("Status", "Comp_Status", "Status", "54"),
    ("ErrorCode", "Comp_ErrorCode", "Error Code", "37.5"),
    ("ErrorText", "Comp_ErrorText", "Error Text", "54"),
];

const HEAD: &str = r#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40"><DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"></DocumentProperties><ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel"><ActiveSheet>0</ActiveSheet><ProtectStructure>False</ProtectStructure><ProtectWindows>False</ProtectWindows></ExcelWorkbook>"#;

const STYLES: &str = r##"<Styles><Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom" /><Borders /><Font ss:FontName="Calibri" ss:Size="11" ss:Color="#000000" /><Interior /><NumberFormat /><Protection /></Style><Style ss:ID="s39" ss:Name="20% - Accent1"><Interior ss:Color="#DBE5F1" ss:Pattern="Solid" /></Style><Style ss:ID="s43" ss:Name="20% - Accent2"><Interior ss:Color="#F2DDDC" ss:Pattern="Solid" /></Style><Style ss:ID="s47" ss:Name="20% - Accent3"><Interior ss:Color="#EAF1DD" ss:Pattern="Solid" /></Style><Style ss:ID="s133"><Font ss:FontName="Calibri" ss:Size="11" ss:Color="#000000" ss:Bold="1" /></Style><Style ss:ID="s137" ss:Parent="s47"><Borders><Border ss:Position="Bottom" ss:LineStyle="Continuous" ss:Weight="1" ss:Color="#B2B2B2" /><Border ss:Position="Left" ss:LineStyle="Continuous" ss:Weight="1" ss:Color="#B2B2B2" /><Border ss:Position="Right" ss:LineStyle="Continuous" ss:Weight="1" ss:Color="#B2B2B2" /><Border ss:Position="Top" ss:LineStyle="Continuous" ss:Weight="1" ss:Color="#B2B2B2" /></Borders><Interior ss:Color="#FFFFFF" ss:Pattern="Solid" /><NumberFormat ss:Format="@" /></Style><Style ss:ID="s142"><NumberFormat ss:Format="@" /></Style><Style ss:ID="s162"><Alignment ss:Vertical="Bottom" /></Style><Style ss:ID="s175" ss:Parent="s39"><Font ss:FontName="Calibri" ss:Size="11" ss:Color="#000000" ss:Bold="1" /><Interior ss:Color="#C5D9F1" ss:Pattern="Solid" /></Style><Style ss:ID="s176" ss:Parent="s43"><Interior ss:Color="#C5D9F1" ss:Pattern="Solid" /></Style></Styles>"##;

const WORKSHEET_OPTIONS: &str = r#"<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><ProtectObjects>False</ProtectObjects><ProtectScenarios>False</ProtectScenarios></WorksheetOptions>"#;

fn data(value: &str) -> String {
    format!("<Data ss:Type=\"String\">{}</Data>", escape(value))
}

fn value_cell(value: &str) -> String {
    format!("<Cell ss:StyleID=\"s137\">{}</Cell>", data(value))
}

fn label_row(parent: &str, label: &str, res: &str, value: &str) -> String {
    format!(
        "<Row ss:AutoFitHeight=\"0\" parent=\"{parent}\"><Cell ss:StyleID=\"s176\"><Data ss:Type=\"String\" ss:Res=\"{res}\">{}</Data></Cell>{}</Row>",
        escape(label),
        value_cell(value)
    )
}

fn spacer_row() -> String {
    "<Row ss:AutoFitHeight=\"0\"><Cell ss:StyleID=\"s176\" /></Row>".to_owned()
}

/// The workbook as one line of XML, the way the platform writes it.
pub fn to_log_workbook(outcome: &Outcome, inspection: &Inspection, times: &ImportTimes) -> String {
    let run = Run::of(outcome, times);
    let mut out = String::with_capacity(8192 + run.rows.len() * 900);
    out.push_str(HEAD);
    out.push_str(STYLES);
    solution_sheet(&mut out, outcome, inspection, &run);
    components_sheet(&mut out, outcome, inspection, &run);
    out.push_str("</Workbook>");
    out
}

/// What both sheets say of the run: its component rows, whether the manifest
/// failed (then no component is processed) and its times.
struct Run<'a> {
    rows: Vec<Row>,
    manifest_failed: bool,
    times: &'a ImportTimes,
    start: Instant,
    stop: Instant,
    progress: f64,
}

impl<'a> Run<'a> {
    fn of(outcome: &Outcome, times: &'a ImportTimes) -> Run<'a> {
        let manifest_failed = outcome
            .error()
            .is_some_and(|error| error.rule != Rule::Component);
        let rows = component_rows(outcome);
        let steps = if manifest_failed { 1 } else { rows.len() + 1 };
        let progress = if manifest_failed {
            100.0 / (rows.len() as f64 + 2.0)
        } else {
            100.0
        };
        Run {
            manifest_failed,
            times,
            start: times.step(0),
            stop: times.step(steps + 1),
            progress,
            rows,
        }
    }
}

fn solution_sheet(out: &mut String, outcome: &Outcome, inspection: &Inspection, run: &Run<'_>) {
    out.push_str("<Worksheet ss:Name=\"Solution\" ss:Id=\"Solution\" ss:Res=\"Customization.Tab_Solution\"><Table><Column ss:AutoFitWidth=\"0\" ss:Width=\"129\" /><Column ss:AutoFitWidth=\"0\" ss:Width=\"141\" />");
    out.push_str("<Row ss:AutoFitHeight=\"0\"><Cell ss:StyleID=\"s175\"><Data ss:Type=\"String\" ss:Res=\"Customization.Sol_Solution\">Solution</Data></Cell><Cell ss:StyleID=\"s137\" /></Row>");
    solution_rows(out, &inspection.manifest);
    out.push_str(&spacer_row());
    publisher_rows(out, &inspection.manifest.publisher);
    out.push_str(&spacer_row());
    status_rows(out, outcome, run);
    out.push_str("</Table>");
    out.push_str(WORKSHEET_OPTIONS);
    out.push_str("</Worksheet>");
}

fn solution_rows(out: &mut String, manifest: &crate::manifest::Manifest) {
    let description = manifest
        .descriptions
        .first()
        .map(|text| text.text.clone())
        .unwrap_or_default();
    let package_type = match manifest.managed() {
        Some(true) => "Managed",
        Some(false) => "Unmanaged",
        None => "",
    };
    for (label, res, value) in [
        (
            "Name",
            "Customization.Sol_Name",
            manifest.unique_name.as_str(),
        ),
        (
            "Display Name",
            "Customization.Sol_DisplayName",
            manifest.display_name.as_deref().unwrap_or_default(),
        ),
        (
            "Description",
            "Customization.Sol_Description",
            description.as_str(),
        ),
        (
            "Version",
            "Customization.Sol_Version",
            manifest.version.as_str(),
        ),
        (
            "Package Type",
            "Customization.Sol_PackageType",
            package_type,
        ),
    ] {
        out.push_str(&label_row("Solution", label, res, value));
    }
}

fn publisher_rows(out: &mut String, publisher: &crate::manifest::Publisher) {
    out.push_str("<Row ss:AutoFitHeight=\"0\" parent=\"Publisher\"><Cell ss:StyleID=\"s175\"><Data ss:Type=\"String\" ss:Res=\"Customization.Sol_Publisher\">Publisher</Data></Cell></Row>");
    let publisher_fields = [
        ("Name", publisher.unique_name.as_str()),
        (
            "Display Name",
            publisher.display_name.as_deref().unwrap_or_default(),
        ),
        ("Description", ""),
        (
            "Email",
            publisher.email_address.as_deref().unwrap_or_default(),
        ),
        ("Website", ""),
        ("City", ""),
        ("Country/Region", ""),
        ("Street 1", ""),
        ("Street 2", ""),
        ("ZIP/Postal Code", ""),
        ("State/Province", ""),
        ("Phone", ""),
    ];
    for (label, value) in publisher_fields {
        let res = format!("Customization.Pub_{}", label.replace([' ', '/'], ""));
        out.push_str(&label_row("Publisher", label, &res, value));
    }
}

fn status_rows(out: &mut String, outcome: &Outcome, run: &Run<'_>) {
    let duration = (run.stop.0 - run.start.0) as f64 / 1000.0;
    let progress = run.progress;
    let (start, stop) = (&run.start, &run.stop);
    let message = match outcome.error() {
        Some(error) => format!("Import failed: {}", error.message),
        None => String::new(),
    };
    let status = if outcome.success {
        "Processed"
    } else {
        "Error"
    };
    let progress_text = format!("{progress:.2}");
    let duration_text = format!("{duration:.1}");
    let start_text = start.log_timestamp();
    let stop_text = stop.log_timestamp();
    for (label, res, value) in [
        ("Status", "Customization.Sol_Status", status),
        ("Message", "Customization.Sol_Message", message.as_str()),
        (
            "Progress [%]",
            "Customization.Sol_Progress",
            progress_text.as_str(),
        ),
        (
            "Duration [s]",
            "Customization.Sol_Duration",
            duration_text.as_str(),
        ),
        ("ActivityId [s]", "Customization.Sol_ActivityId", ""),
        (
            "StartTime [s]",
            "Customization.Sol_StartTime",
            start_text.as_str(),
        ),
        (
            "StopTime [s]",
            "Customization.Sol_StopTime",
            stop_text.as_str(),
        ),
    ] {
        out.push_str(&label_row("Solution", label, res, value));
    }
}

fn components_sheet(out: &mut String, outcome: &Outcome, inspection: &Inspection, run: &Run<'_>) {
    out.push_str("<Worksheet ss:Name=\"Components\" ss:Id=\"Components\" ss:Res=\"Customization.Tab_Components\"><Table>");
    for (_, _, _, width) in COMPONENT_COLUMNS {
        out.push_str(&format!(
            "<Column ss:AutoFitWidth=\"0\" ss:Width=\"{width}\" />"
        ));
    }
    out.push_str("<Row ss:AutoFitHeight=\"0\" ss:StyleID=\"s133\">");
    for (_, res, header, _) in COMPONENT_COLUMNS {
        out.push_str(&format!(
            "<Cell ss:StyleID=\"s175\"><Data ss:Type=\"String\" ss:Res=\"Customization.{res}\">{header}</Data></Cell>"
        ));
    }
    out.push_str("</Row><Row ss:AutoFitHeight=\"0\" ss:StyleID=\"s142\">");
    for _ in COMPONENT_COLUMNS {
        out.push_str("<Cell><Data ss:Type=\"String\"></Data></Cell>");
    }
    out.push_str("</Row>");
    solution_component_row(out, outcome, &inspection.manifest, run);
    let manifest_failed = run.manifest_failed;
    for (index, row) in run.rows.iter().enumerate() {
        let time = if manifest_failed {
            String::new()
        } else {
            run.times.step(index + 2).time_of_day()
        };
        let (code, text) = row
            .error
            .as_ref()
            .map(|(code, text)| (code.as_str(), text.as_str()))
            .unwrap_or(("", ""));
        component_row(
            out,
            &[
                &time,
                row.kind.label(),
                &row.id,
                &row.name,
                &row.display_name,
                "",
                "",
                if manifest_failed {
                    "Unprocessed"
                } else {
                    "Processed"
                },
                code,
                text,
            ],
        );
    }
    out.push_str("</Table>");
    out.push_str(WORKSHEET_OPTIONS);
    out.push_str("</Worksheet>");
}

/// The Components sheet's first row: the solution itself, with the manifest's failure.
fn solution_component_row(
    out: &mut String,
    outcome: &Outcome,
    manifest: &crate::manifest::Manifest,
    run: &Run<'_>,
) {
    let manifest_failed = run.manifest_failed;
    let solution_error = outcome.error().filter(|_| manifest_failed).map(|error| {
        (
            error.code.clone(),
            format!("Solution manifest import: FAILURE: {}", error.message),
        )
    });
    let solution_time = run.times.step(1).time_of_day();
    component_row(
        out,
        &[
            &solution_time,
            "Solution",
            "",
            &manifest.unique_name,
            manifest.display_name.as_deref().unwrap_or_default(),
            "",
            "",
            "Processed",
            solution_error
                .as_ref()
                .map(|(code, _)| code.as_str())
                .unwrap_or_default(),
            solution_error
                .as_ref()
                .map(|(_, text)| text.as_str())
                .unwrap_or_default(),
        ],
    );
}

fn component_row(out: &mut String, values: &[&str; 10]) {
    let item_type = values[1];
    if item_type.is_empty() {
        out.push_str("<Row ss:AutoFitHeight=\"0\">");
    } else {
        out.push_str(&format!(
            "<Row ss:AutoFitHeight=\"0\" type=\"{}\">",
            escape(item_type)
        ));
    }
    for ((name, _, _, _), value) in COMPONENT_COLUMNS.iter().zip(values) {
        out.push_str(&format!(
            "<Cell ss:StyleID=\"s137\" name=\"{name}\">{}</Cell>",
            data(value)
        ));
    }
    out.push_str("</Row>");
}
