//! Capture → snapshot for a generated organization of 200,000 solution
//! components (issue 16): 300 managed solutions of one publisher holding 2,000
//! tables with 80 columns each, 20,000 views and 18,000 web resources, written
//! as the Web API lists them. It times `org::capture::snapshot_from_capture` on
//! the capture's bytes (reading the JSON, checking it, resolving every
//! component, inferring layers) in this process and prints one JSON object with
//! every run (wall time and the thread's CPU time), the medians, the capture's
//! size and the peak resident memory of the conversion (the high-water mark
//! reset after the capture is generated).
//!
//! Usage: capture [--runs N] [--write CAPTURE.json] (`--write` keeps the
//! generated capture: scripts/bench.sh times `solinspect org from-capture` on
//! it, and simulates against the snapshot that makes).

use std::time::Instant;

use serde_json::{json, Map, Value};
use solution_inspector::org::capture::queries::{Section, QUERIES};
use solution_inspector::org::capture::{snapshot_from_capture, CaptureOptions};

const SOLUTIONS: usize = 300;
const TABLES: usize = 2_000;
const COLUMNS_PER_TABLE: usize = 80;
const VIEWS: usize = 20_000;
const WEB_RESOURCES: usize = 18_000;

fn guid(kind: u32, index: usize) -> String {
    format!("{kind:08x}-0000-4000-8000-{index:012x}")
}

/// The generated organization's capture, as the Web API would list it.
fn capture() -> Value {
    let mut sets: Map<String, Value> = QUERIES
        .iter()
        .filter(|query| query.section == Section::Sets)
        .map(|query| (query.key.to_owned(), json!([])))
        .collect();
    let system = guid(1, 0);
    let publisher = guid(2, 0);
    let microsoft = guid(2, 1);
    sets.insert("publishers".into(), json!([
        {"publisherid": microsoft, "uniquename": "MicrosoftCorporation", "customizationprefix": "", "customizationoptionvalueprefix": 0},
        {"publisherid": publisher, "uniquename": "contoso", "customizationprefix": "con", "customizationoptionvalueprefix": 10000}
    ]));
    let mut solutions = vec![
        json!({"solutionid": system, "uniquename": "System", "version": "9.2.0.0",
        "ismanaged": true, "installedon": "2024-01-01T00:00:00Z", "_publisherid_value": microsoft}),
    ];
    for index in 0..SOLUTIONS {
        solutions.push(
            json!({"solutionid": guid(3, index), "uniquename": format!("Contoso{index:03}"),
            "version": "1.0.0.0", "ismanaged": true,
            "installedon": format!("2025-01-01T{:02}:{:02}:00Z", index / 60, index % 60),
            "_publisherid_value": publisher}),
        );
    }
    sets.insert("solutions".into(), Value::Array(solutions));
    let mut components = Vec::new();
    let mut listed = |component_type: u32, object: &str, index: usize| {
        components.push(json!({"solutioncomponentid": guid(9, components.len()), "componenttype": component_type,
            "objectid": object, "rootcomponentbehavior": 0, "_solutionid_value": guid(3, index % SOLUTIONS)}));
    };
    let customizable = json!({"Value": true, "CanBeChanged": true});
    let mut tables = Vec::new();
    for table in 0..TABLES {
        let name = format!("con_table{table:04}");
        listed(1, &guid(10, table), table);
        let attributes: Vec<Value> = (0..COLUMNS_PER_TABLE)
            .map(|column| {
                let id = guid(11, table * COLUMNS_PER_TABLE + column);
                listed(2, &id, table);
                json!({"MetadataId": id, "LogicalName": format!("con_column{column:02}"), "IsManaged": true, "IsCustomizable": customizable})
            })
            .collect();
        tables.push(json!({"MetadataId": guid(10, table), "LogicalName": name, "IsManaged": true,
            "IsCustomizable": customizable, "CanCreateAttributes": customizable, "CanCreateForms": customizable,
            "CanCreateViews": customizable, "CanCreateCharts": customizable, "Attributes": attributes, "Keys": []}));
    }
    sets.insert("EntityDefinitions".into(), Value::Array(tables));
    let views: Vec<Value> = (0..VIEWS)
        .map(|view| {
            listed(26, &guid(12, view), view);
            json!({"savedqueryid": guid(12, view), "returnedtypecode": format!("con_table{:04}", view % TABLES),
                "name": format!("View {view}"), "ismanaged": true, "iscustomizable": customizable})
        })
        .collect();
    sets.insert("savedqueries".into(), Value::Array(views));
    let scripts: Vec<Value> = (0..WEB_RESOURCES)
        .map(|script| {
            listed(61, &guid(13, script), script);
            json!({"webresourceid": guid(13, script), "name": format!("con_/scripts/s{script:05}.js"),
                "displayname": format!("Script {script}"), "ismanaged": true, "iscustomizable": customizable})
        })
        .collect();
    sets.insert("webresourceset".into(), Value::Array(scripts));
    sets.insert("solutioncomponents".into(), Value::Array(components));
    json!({
        "format": "solution-inspector-capture", "version": 1,
        "capturedFrom": "contoso.crm.dynamics.com", "capturedAt": "2026-12-07T10:00:00Z", "tool": "benches/capture.rs",
        "organization": {
            "RetrieveVersion": {"Version": "9.2.25104.196"},
            "organizations": [{"languagecode": 1033, "maxuploadfilesize": 5242880}],
            "RetrieveProvisionedLanguages": {"RetrieveProvisionedLanguages": [1033]}
        },
        "sets": sets
    })
}

/// CPU time of this thread in seconds, from the scheduler's nanosecond counter
/// (as benches/simulate.rs); `None` where /proc does not offer it.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanoseconds / 1e9)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => 0.0,
        len if len % 2 == 1 => sorted[middle],
        _ => (sorted[middle - 1] + sorted[middle]) / 2.0,
    }
}

/// The process's peak resident memory so far, in bytes (Linux `VmHWM`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

/// Resets the peak to the current resident memory (Linux `clear_refs` 5).
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn current_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

fn main() {
    let mut runs = 5;
    let mut write = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--write" => write = args.next(),
            _ => {}
        }
    }
    let bytes = serde_json::to_vec(&capture()).expect("the capture serialises");
    if let Some(path) = &write {
        std::fs::write(path, &bytes).expect("the capture is written");
    }
    let before = current_rss();
    let reset = reset_peak_rss();
    let mut seconds = Vec::new();
    let mut cpu_seconds = Vec::new();
    let mut summary = Value::Null;
    for _ in 0..runs.max(1) {
        let cpu_start = thread_cpu_seconds();
        let start = Instant::now();
        let snapshot =
            snapshot_from_capture(&bytes, &CaptureOptions::default()).expect("a snapshot");
        let wall = start.elapsed().as_secs_f64();
        seconds.push(wall);
        cpu_seconds.push(match (cpu_start, thread_cpu_seconds()) {
            (Some(before), Some(after)) => after - before,
            _ => wall,
        });
        let captured = snapshot.captured.as_ref().expect("captured");
        summary = json!({"components": snapshot.components.len(), "solutions": snapshot.solutions.len(),
            "unmodelled": captured.unmodelled, "unresolved": captured.unresolved});
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&json!({
            "solutionComponents": TABLES * (1 + COLUMNS_PER_TABLE) + VIEWS + WEB_RESOURCES,
            "captureBytes": bytes.len(),
            "runs": seconds,
            "cpuRuns": cpu_seconds,
            "medianSeconds": median(&seconds),
            "medianCpuSeconds": median(&cpu_seconds),
            "cpuClock": if thread_cpu_seconds().is_some() { "/proc/thread-self/schedstat" } else { "none (wall time)" },
            "rssBeforeBytes": before,
            "peakRssBytes": if reset { peak_rss() } else { None },
            "peakOverBeforeBytes": if reset { peak_rss().zip(before).map(|(peak, before)| peak.saturating_sub(before)) } else { None },
            "snapshot": summary,
        }))
        .expect("JSON")
    );
}
