//! `solinspect org capture` against a loopback Web API (tests/common/odata_server.rs)
//! serving an organization built by `org install` of the corpus packages, and
//! `org from-capture` of what it wrote: the snapshot made from the capture gives
//! every vendored package the same verdict and per-component actions as the
//! installed snapshot, except where a capture cannot know a definition (the
//! outcome says so, and this test checks that it does).

// Native only: it runs the CLI and a TCP server (and gzip is a native dev-dependency).
#![cfg(not(target_arch = "wasm32"))]

mod common;
#[path = "common/odata_server.rs"]
mod odata_server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use odata_server::{rows_of_snapshot, Server, TOKEN};
use solution_inspector::org::capture::queries::identified_kinds;
use solution_inspector::org::Snapshot;
use solution_inspector::simulate::{simulate, Action, ImportOptions, Outcome};

fn solinspect(args: &[&str], token: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_solinspect"));
    command.args(args).env_remove("DATAVERSE_TOKEN");
    if let Some(token) = token {
        command.env("DATAVERSE_TOKEN", token);
    }
    command.output().expect("solinspect runs")
}

fn work_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a work directory");
    dir
}

fn text(path: &Path) -> String {
    path.to_str().expect("a UTF-8 path").to_owned()
}

/// The online default with every corpus package installed by `org install`, in name order
/// (the packages whose import fails leave it as it was).
fn installed_organization(dir: &Path) -> (PathBuf, Snapshot) {
    let org = dir.join("installed.json");
    let default = solinspect(&["org", "default", "--online"], None);
    std::fs::write(&org, &default.stdout).expect("write the default");
    let mut installed = 0;
    for name in common::corpus_zip_names() {
        let package = common::corpus_path(&name);
        let output = solinspect(&["org", "install", &text(&org), &text(&package)], None);
        installed += usize::from(output.status.success());
    }
    assert!(
        installed >= 10,
        "only {installed} corpus packages installed"
    );
    let snapshot =
        Snapshot::from_json(&std::fs::read_to_string(&org).expect("read")).expect("a snapshot");
    (org, snapshot)
}

/// What an outcome says that the two snapshots must agree on.
fn actions(outcome: &Outcome) -> BTreeMap<String, (Action, bool)> {
    outcome
        .components
        .iter()
        .map(|component| {
            (
                component.key.clone(),
                (component.action, component.definition_unknown),
            )
        })
        .collect()
}

fn verdict(outcome: &Outcome) -> (bool, Option<String>) {
    (
        outcome.success,
        outcome.errors.first().map(|error| error.code.clone()),
    )
}

#[test]
fn a_capture_of_the_installed_corpus_gives_the_same_outcomes() {
    let dir = work_dir("capture-equivalence");
    let (_, installed) = installed_organization(&dir);
    let server = Server::start(rows_of_snapshot(&installed));
    let capture = dir.join("capture.json");
    let output = solinspect(
        &[
            "org",
            "capture",
            "--url",
            &server.url(),
            "-o",
            &text(&capture),
        ],
        Some(TOKEN),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "org capture failed:\n{stderr}");
    // Progress on stderr, throttling honoured, pages followed, gzip spoken.
    assert!(stderr.contains("solutioncomponents"), "{stderr}");
    assert!(stderr.contains("Retry-After"), "{stderr}");
    let seen = server.seen();
    assert!(
        seen.throttled > 0 && seen.gzipped > 0 && seen.pages_followed > 0,
        "{seen:?}"
    );
    assert!(
        seen.page_sizes_asked.iter().all(|size| *size == 5000),
        "{seen:?}"
    );
    drop(server);

    let snapshot_path = dir.join("captured.json");
    let output = solinspect(
        &[
            "org",
            "from-capture",
            &text(&capture),
            "-o",
            &text(&snapshot_path),
            "--online",
        ],
        None,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let captured = Snapshot::from_json(&std::fs::read_to_string(&snapshot_path).unwrap()).unwrap();
    let record = captured.captured.as_ref().expect("it records its capture");
    assert_eq!(record.from, "127.0.0.1");
    assert!(record.layers_inferred);
    // Every component the Web API lists (all but the kinds without a solution
    // component type) comes back under its own key, with its layers.
    let unlisted: Vec<&str> = installed
        .components
        .iter()
        .filter(|(key, component)| {
            !captured.components.contains_key(*key)
                && (component.kind.type_code().is_some()
                    || !component.kind.spec().logical_names.is_empty())
        })
        .map(|(key, _)| key.as_str())
        .collect();
    let uncaptured_kinds: std::collections::BTreeSet<&str> = installed
        .components
        .iter()
        .filter(|(key, _)| !captured.components.contains_key(*key))
        .map(|(_, component)| component.kind.key())
        .collect();
    eprintln!(
        "kinds not captured: {uncaptured_kinds:?}; counted: {:?} / {:?}",
        record.unmodelled, record.unresolved
    );
    assert!(
        unlisted.len() <= installed.components.len() / 100,
        "not captured: {unlisted:?}"
    );
    for (key, component) in &captured.components {
        let original = &installed.components[key];
        assert_eq!(component.layer_names(), original.layer_names(), "{key}");
    }

    let identified = identified_kinds();
    for kind in &uncaptured_kinds {
        let kind = solution_inspector::ComponentKind::from_key(kind).unwrap();
        assert!(
            !identified.contains(&kind),
            "{kind:?} is identified but was not captured"
        );
    }
    let options = ImportOptions::default();
    let mut unknown = 0;
    let mut compared = 0;
    let mut differing = 0;
    let mut verdicts_differing = 0;
    let mut packages = 0;
    for path in common::every_package_path() {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(inspection) = solution_inspector::inspect(&bytes) else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expected = simulate(&inspection, Some(&bytes), &installed, &options);
        let got = simulate(&inspection, Some(&bytes), &captured, &options);
        let (expected_actions, got_actions) = (actions(&expected), actions(&got));
        let mut differs_unknown = false;
        for (key, (action, _)) in &expected_actions {
            let kind = expected
                .components
                .iter()
                .find(|c| &c.key == key)
                .map(|c| c.kind);
            if kind.is_some_and(|kind| !identified.contains(&kind)) {
                // A kind the table does not identify: the capture counts it, and cannot know it.
                continue;
            }
            let Some((got_action, got_unknown)) = got_actions.get(key) else {
                panic!("{name}: {key} has no outcome against the captured snapshot");
            };
            if got_action != action {
                assert!(
                    *got_unknown,
                    "{name}: {key} is {action:?} against the installed snapshot and {got_action:?} against the captured one, without saying the definition is unknown"
                );
                differs_unknown = true;
                differing += 1;
            }
            unknown += usize::from(*got_unknown);
            compared += 1;
        }
        packages += 1;
        if verdict(&expected) != verdict(&got) {
            verdicts_differing += 1;
            assert!(
                differs_unknown,
                "{name}: verdict {:?} against the installed snapshot, {:?} against the captured one",
                verdict(&expected),
                verdict(&got)
            );
        }
    }
    eprintln!(
        "{packages} packages, {compared} component outcomes compared: {unknown} say their definition is unknown, {differing} differ (each of them saying so), {verdicts_differing} verdicts differ"
    );
    assert!(compared > 1000, "{compared}");
    // Re-imports of installed packages compare definitions: a capture cannot tell, and says so.
    assert!(unknown > 0, "no outcome said its definition is unknown");
}

#[test]
fn capture_without_the_token_is_refused_and_says_how_to_get_one() {
    let dir = work_dir("capture-token");
    let snapshot = Snapshot::from_json(
        &String::from_utf8(solinspect(&["org", "default"], None).stdout).unwrap(),
    )
    .unwrap();
    let server = Server::start(rows_of_snapshot(&snapshot));
    let capture = dir.join("capture.json");
    let args = [
        "org",
        "capture",
        "--url",
        &server.url(),
        "-o",
        &text(&capture),
    ];
    let output = solinspect(&args, None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("az account get-access-token"));
    let output = solinspect(&args, Some("wrong-token"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("401") && stderr.contains("token was refused"),
        "{stderr}"
    );
    assert!(!capture.exists(), "nothing half-written");
    assert!(server.seen().unauthorized > 0);
}

#[test]
fn plain_http_is_for_loopback_only() {
    let dir = work_dir("capture-http");
    let output = solinspect(
        &[
            "org",
            "capture",
            "--url",
            "http://contoso.crm.dynamics.com",
            "-o",
            &text(&dir.join("c.json")),
        ],
        Some(TOKEN),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("plain http is refused"));
}

#[test]
fn a_table_the_organization_lacks_is_recorded_as_unavailable() {
    let dir = work_dir("capture-unavailable");
    let snapshot = Snapshot::from_json(
        &String::from_utf8(solinspect(&["org", "default"], None).stdout).unwrap(),
    )
    .unwrap();
    let mut organization = rows_of_snapshot(&snapshot);
    // On-premises 9.1 has no custom API tables: the Web API answers 404.
    organization.answers.remove("customapis");
    let server = Server::start(organization);
    let capture = dir.join("capture.json");
    let output = solinspect(
        &[
            "org",
            "capture",
            "--url",
            &server.url(),
            "-o",
            &text(&capture),
        ],
        Some(TOKEN),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let snapshot_path = dir.join("snapshot.json");
    let output = solinspect(
        &[
            "org",
            "from-capture",
            &text(&capture),
            "-o",
            &text(&snapshot_path),
        ],
        None,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let captured = Snapshot::from_json(&std::fs::read_to_string(&snapshot_path).unwrap()).unwrap();
    let record = captured.captured.unwrap();
    assert!(
        record.unavailable["customapis"].contains("404"),
        "{:?}",
        record.unavailable
    );
    // 127.0.0.1 is no online host: on premises, with its default upload limit.
    assert_eq!(
        captured.target.deployment,
        solution_inspector::org::Deployment::OnPremises
    );
    assert_eq!(captured.components.len(), snapshot.components.len());
}

/// Runs the page's console script in headless Chromium on a page of the loopback
/// server's origin (tests/e2e/console-script.mjs): the browser sends the bearer token
/// as a signed-in session sends its cookie, and the download is written to `output`.
fn run_console_script(server: &Server, dir: &Path, output: &Path) -> Output {
    let script = dir.join("console-script.js");
    std::fs::write(
        &script,
        solution_inspector::org::capture::script::console_script(),
    )
    .unwrap();
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/console-script.mjs");
    Command::new("node")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            text(&driver),
            server.url(),
            TOKEN.to_owned(),
            text(&script),
            text(output),
        ])
        .output()
        .expect("node runs, with playwright-core and Chromium (scripts/setup.sh installs them)")
}

#[test]
fn the_console_script_captures_what_the_cli_captures() {
    let dir = work_dir("capture-console-script");
    let (_, installed) = installed_organization(&dir);
    let server = Server::start(rows_of_snapshot(&installed));
    let by_script = dir.join("script.capture.json");
    let output = run_console_script(&server, &dir, &by_script);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("Retry-After") && stdout.contains("downloaded 127.0.0.1.capture.json"),
        "{stdout}"
    );
    let by_cli = dir.join("cli.capture.json");
    let cli = solinspect(
        &[
            "org",
            "capture",
            "--url",
            &server.url(),
            "-o",
            &text(&by_cli),
        ],
        Some(TOKEN),
    );
    assert!(cli.status.success());
    assert!(server.seen().pages_followed > 0);
    drop(server);
    let snapshot_of = |path: &Path| {
        solution_inspector::org::capture::snapshot_from_capture(
            &std::fs::read(path).unwrap(),
            &Default::default(),
        )
        .unwrap()
    };
    let (from_script, from_cli) = (snapshot_of(&by_script), snapshot_of(&by_cli));
    assert_eq!(from_script.components, from_cli.components);
    assert_eq!(from_script.solutions, from_cli.solutions);
    assert_eq!(from_script.target, from_cli.target);
    assert_eq!(
        from_script.captured.unwrap().tool.as_deref(),
        Some("Solution Inspector console script")
    );
}

#[test]
fn docs_org_capture_names_every_query_of_the_table() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/org-capture.md"))
            .unwrap();
    for query in solution_inspector::org::capture::queries::QUERIES {
        assert!(
            docs.contains(&format!("| `{}` |", query.key)),
            "docs/org-capture.md has no row for {}",
            query.key
        );
        assert!(
            docs.contains(query.select),
            "docs/org-capture.md does not show the $select of {}",
            query.key
        );
    }
}

/// The kinds read by the capture's newer queries come back under the key the
/// package reader gives them: the image settings of a real export
/// (ApprauAIEducation), a field security profile as the export writes it (the
/// id an attribute, in braces) and the id-named folders of desktop flow binaries
/// and Power Pages components (tests/kinds.rs shows their shape). The capture's
/// rows are the Web API's: plain lower-case ids, logical names.
#[test]
fn newly_captured_kinds_have_the_keys_the_package_reader_gives() {
    use serde_json::{json, Value};
    use solution_inspector::org::capture::queries::{Section, QUERIES};
    use solution_inspector::org::capture::{snapshot_from_capture, CaptureOptions};
    use std::io::{Cursor, Write};

    const PROFILE: &str = "67560be0-fd60-ee11-8df0-000d3adf7d8e";
    const BINARY: &str = "b85f1bfd-d92b-4e25-ac23-a9e18e3d0606";
    const PAGE: &str = "628cc1df-0aa3-ef11-8a6a-6045bd0313fc";
    let solution_xml = r#"<ImportExportXml version="9.2.26013.152" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive"><SolutionManifest><UniqueName>Captured</UniqueName><LocalizedNames><LocalizedName description="Captured" languagecode="1033" /></LocalizedNames><Version>1.0.0.0</Version><Managed>0</Managed><Publisher><UniqueName>contoso</UniqueName><LocalizedNames><LocalizedName description="Contoso" languagecode="1033" /></LocalizedNames><CustomizationPrefix>con</CustomizationPrefix><CustomizationOptionValuePrefix>10000</CustomizationOptionValuePrefix></Publisher><RootComponents /><MissingDependencies /></SolutionManifest></ImportExportXml>"#;
    let customizations_xml = format!(
        r#"<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Entities /><Roles /><Workflows /><FieldSecurityProfiles><FieldSecurityProfile name="Secret fields" fieldsecurityprofileid="{{{PROFILE}}}" description=""><FieldPermissions /></FieldSecurityProfile></FieldSecurityProfiles><Languages><Language>1033</Language></Languages></ImportExportXml>"#
    );
    let entries = [
        ("solution.xml".to_owned(), solution_xml.to_owned()),
        ("customizations.xml".to_owned(), customizations_xml),
        (
            format!("desktopflowbinaries/{BINARY}/desktopflowbinary.xml"),
            format!(
                r#"<desktopflowbinary desktopflowbinaryid="{BINARY}"><name>ControlRepository</name><type>ControlRepository</type><iscustomizable>1</iscustomizable></desktopflowbinary>"#
            ),
        ),
        (
            format!("powerpagecomponents/{PAGE}/powerpagecomponent.xml"),
            format!(
                r#"<powerpagecomponent powerpagecomponentid="{PAGE}"><name>Home</name><powerpagecomponenttype>2</powerpagecomponenttype><statecode>0</statecode></powerpagecomponent>"#
            ),
        ),
    ];
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (path, text) in &entries {
        writer
            .start_file(path.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    let built = writer.finish().unwrap().into_inner();
    let real =
        common::read_corpus("pnp__powerplatform-samples__ApprauAIEducation_1_0_0_2_unmanaged.zip");
    let mut expected = Vec::new();
    for bytes in [&built, &real] {
        let inspection = solution_inspector::inspect(bytes).unwrap();
        expected.extend(
            inspection
                .components
                .iter()
                .filter(|component| {
                    use solution_inspector::ComponentKind as K;
                    matches!(
                        component.kind,
                        K::FieldSecurityProfile
                            | K::DesktopFlowBinary
                            | K::PowerPageComponent
                            | K::EntityImageConfig
                            | K::AttributeImageConfig
                    )
                })
                .cloned(),
        );
    }
    assert_eq!(expected.len(), 5, "{expected:?}");

    const SOLUTION: &str = "11111111-0000-0000-0000-000000000001";
    let mut sets = serde_json::Map::new();
    for query in QUERIES
        .iter()
        .filter(|query| query.section == Section::Sets)
    {
        sets.insert(query.key.to_owned(), json!([]));
    }
    let ids = [
        (70, PROFILE),
        (10_001, BINARY),
        (10_002, PAGE),
        (432, "33333333-0000-0000-0000-000000000001"),
        (431, "33333333-0000-0000-0000-000000000002"),
    ];
    sets.insert("publishers".into(), json!([{"publisherid": "22222222-0000-0000-0000-000000000001", "uniquename": "contoso", "customizationprefix": "con", "customizationoptionvalueprefix": 10000}]));
    sets.insert("solutions".into(), json!([{"solutionid": SOLUTION, "uniquename": "Captured", "version": "1.0.0.0", "ismanaged": true, "installedon": "2025-01-01T00:00:00Z", "_publisherid_value": "22222222-0000-0000-0000-000000000001"}]));
    sets.insert(
        "solutioncomponents".into(),
        Value::Array(
            ids.iter()
                .map(|(kind, id)| json!({"componenttype": kind, "objectid": id, "_solutionid_value": SOLUTION}))
                .collect(),
        ),
    );
    sets.insert("solutioncomponentdefinitions".into(), json!([
        {"solutioncomponenttype": 10_001, "name": "desktopflowbinary", "primaryentityname": "desktopflowbinary"},
        {"solutioncomponenttype": 10_002, "name": "powerpagecomponent", "primaryentityname": "powerpagecomponent"}
    ]));
    sets.insert(
        "fieldsecurityprofiles".into(),
        json!([{"fieldsecurityprofileid": PROFILE, "name": "Secret fields", "ismanaged": true}]),
    );
    sets.insert(
        "desktopflowbinaries".into(),
        json!([{"desktopflowbinaryid": BINARY, "name": "ControlRepository", "ismanaged": true}]),
    );
    sets.insert(
        "powerpagecomponents".into(),
        json!([{"powerpagecomponentid": PAGE, "name": "Home", "ismanaged": true}]),
    );
    sets.insert("entityimageconfigs".into(), json!([{"entityimageconfigid": ids[3].1, "parententitylogicalname": "appr_course", "ismanaged": true}]));
    sets.insert("attributeimageconfigs".into(), json!([{"attributeimageconfigid": ids[4].1, "parententitylogicalname": "appr_course", "attributelogicalname": "appr_courseicon", "ismanaged": true}]));
    let capture = json!({
        "format": solution_inspector::org::capture::CAPTURE_FORMAT, "version": 1,
        "capturedFrom": "contoso.crm4.dynamics.com", "capturedAt": "2026-12-07T10:00:00Z", "tool": "test",
        "organization": {
            "RetrieveVersion": {"Version": "9.2.25104.196"},
            "organizations": [{"organizationid": "x", "languagecode": 1033, "maxuploadfilesize": 10485760}],
            "RetrieveProvisionedLanguages": {"RetrieveProvisionedLanguages": [1033]}
        },
        "sets": sets
    });
    let snapshot = snapshot_from_capture(
        &serde_json::to_vec(&capture).unwrap(),
        &CaptureOptions::default(),
    )
    .unwrap();
    for component in &expected {
        let key = component.key();
        let found = snapshot.find(component).unwrap_or_else(|| {
            panic!(
                "{key} not captured: {:?}",
                snapshot.components.keys().collect::<Vec<_>>()
            )
        });
        assert_eq!(found.layer_names(), ["Captured"], "{key}");
    }
    let captured = snapshot.captured.as_ref().unwrap();
    assert!(
        captured.unmodelled.is_empty() && captured.unresolved.is_empty(),
        "{captured:?}"
    );
}
