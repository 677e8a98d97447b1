//! The answers (verdict, missing dependencies by solution, findings by code) on every
//! vendored package, for validation against each profile and simulation into each
//! default organization, against tests/snapshots/answers-corpus.json
//! (`UPDATE_SNAPSHOTS=1` rewrites it); and the largest case,
//! msdynce_FieldServiceIntegration 2.0.0.1, checked against its solution.xml.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use serde_json::{json, Value};
use solution_inspector::answers::{self, Answers, Decision, DependencyGroup};
use solution_inspector::org::Snapshot;
use solution_inspector::simulate::{simulate, ImportOptions};
use solution_inspector::validate::{validate_package, Profile};
use solution_inspector::{inspect, Severity};

const FIELD_SERVICE: &str =
    "microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_managed.zip";

fn default_org(file: &str) -> Snapshot {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("www/org")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    Snapshot::from_json(&text).expect("a default snapshot")
}

fn groups_summary(groups: &[DependencyGroup]) -> Value {
    groups
        .iter()
        .map(|group| {
            json!({
                "title": group.title,
                "count": group.count,
                "neededBy": group.needed_by_count,
                "kinds": group.kinds.iter().map(|kind| kind.describe()).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn summary(answers: &Answers) -> Value {
    let verdict = &answers.verdict;
    json!({
        "decision": verdict.decision,
        "operation": verdict.operation,
        "headline": verdict.headline,
        "reasons": verdict.reasons.iter().map(|reason| {
            let code = reason.platform_code.as_deref().or(reason.code.map(|code| code.as_str()));
            match code {
                Some(code) => format!("[{code}] {}", reason.text),
                None => reason.text.clone(),
            }
        }).collect::<Vec<_>>(),
        "missingDependencies": groups_summary(&answers.missing_dependencies),
        "findings": answers.findings.iter().map(|group| {
            format!("{} {} x{}", group.code, group.severity.label(), group.count)
        }).collect::<Vec<_>>(),
    })
}

/// Checks what holds of every answer, whatever the package.
fn check_consistent(name: &str, answers: &Answers, findings: usize, errors: usize) {
    let grouped: usize = answers.findings.iter().map(|group| group.count).sum();
    assert_eq!(grouped, findings, "{name}: every finding in one group");
    let mut seen = BTreeSet::new();
    for group in &answers.findings {
        assert_eq!(group.count, group.findings.len(), "{name}: {}", group.code);
        for index in &group.findings {
            assert!(seen.insert(*index), "{name}: finding {index} in two groups");
        }
    }
    let severities: Vec<Severity> = answers
        .findings
        .iter()
        .map(|group| group.severity)
        .collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(severities, sorted, "{name}: the most severe first");
    for group in &answers.missing_dependencies {
        assert_eq!(
            group.count,
            group.components.len(),
            "{name}: {}",
            group.title
        );
        let by_kind: usize = group.kinds.iter().map(|kind| kind.count).sum();
        assert_eq!(by_kind, group.count, "{name}: {} by kind", group.title);
        assert!(group
            .components
            .iter()
            .all(|required| !required.needed_by.is_empty()));
    }
    match answers.verdict.decision {
        Decision::No => {
            assert!(errors > 0, "{name}: no without an error");
            assert!(
                !answers.verdict.reasons.is_empty(),
                "{name}: no without a reason"
            );
        }
        _ => assert_eq!(errors, 0, "{name}: yes with an error"),
    }
    for reason in &answers.verdict.reasons {
        let first = reason.text.chars().next().unwrap_or(' ');
        assert!(
            first.is_uppercase(),
            "{name}: reason starts in lower case: {}",
            reason.text
        );
    }
}

#[test]
fn answers_of_every_corpus_package() {
    let orgs = [
        ("onPremises91", default_org("onprem-9.1.json")),
        ("online92", default_org("online-9.2.json")),
    ];
    let profiles = [("onprem", Profile::onprem()), ("online", Profile::online())];
    let mut all = BTreeMap::new();
    for path in common::every_package_path() {
        let name = path
            .strip_prefix(common::corpus_dir())
            .expect("in the corpus")
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).expect("readable");
        let inspection = inspect(&bytes).expect("corpus packages open");
        let mut entry = BTreeMap::new();
        // Each profile alone, then the page at first: the online profile, its default
        // organization in use (the missing dependencies checked against it).
        let validations = profiles
            .iter()
            .map(|(key, profile)| (format!("validate-{key}"), profile.clone(), None))
            .chain([(
                "validate-online-in-online92".to_owned(),
                Profile::online(),
                Some(&orgs[1].1),
            )]);
        for (key, profile, org) in validations {
            let (_, validation) = solution_inspector::validate::validate_package_against(
                &bytes,
                &profile,
                org,
                &mut |_| {},
            )
            .expect("opens");
            let answers = answers::of_validation(&inspection, &validation);
            check_consistent(
                &name,
                &answers,
                validation.findings.len(),
                validation.counts.errors,
            );
            entry.insert(key, summary(&answers));
        }
        for (key, org) in &orgs {
            let outcome = simulate(&inspection, Some(&bytes), org, &ImportOptions::default());
            let answers = answers::of_simulation(&outcome);
            check_consistent(&name, &answers, 0, outcome.errors.len());
            assert_eq!(answers.verdict.decision == Decision::No, !outcome.success);
            entry.insert(format!("simulate-{key}"), summary(&answers));
        }
        all.insert(name, entry);
    }
    let rendered = serde_json::to_string_pretty(&all).expect("serializable") + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/answers-corpus.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &rendered).expect("snapshot written");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .expect("tests/snapshots/answers-corpus.json; UPDATE_SNAPSHOTS=1 creates it");
    assert!(
        expected == rendered,
        "the answers differ from {} (UPDATE_SNAPSHOTS=1 rewrites it; read the diff)",
        path.display()
    );
}

/// `(solution, type, schema name or id, parent)` of every `<Required>` of solution.xml,
/// read with a plain scan of the file, apart from the tool's manifest reader.
fn required_in_solution_xml(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    archive
        .by_name("solution.xml")
        .expect("solution.xml")
        .read_to_string(&mut text)
        .expect("UTF-8");
    let mut rows = Vec::new();
    for piece in text.split("<Required ").skip(1) {
        let element = &piece[..piece.find("/>").expect("an empty element")];
        let mut attributes = BTreeMap::new();
        for pair in element.split("\" ") {
            if let Some((key, value)) = pair.trim().split_once("=\"") {
                attributes.insert(key.to_owned(), value.trim_end_matches('"').to_owned());
            }
        }
        rows.push(attributes);
    }
    rows
}

#[test]
fn field_service_integration_groups_follow_from_its_solution_xml() {
    let bytes = common::read_corpus(FIELD_SERVICE);
    let rows = required_in_solution_xml(&bytes);
    assert_eq!(
        rows.len(),
        468,
        "the MissingDependency rows of solution.xml"
    );
    // What solution.xml says, counted here: distinct components a solution.
    let mut expected: BTreeMap<String, BTreeSet<(String, String, String)>> = BTreeMap::new();
    for row in &rows {
        let solution = row["solution"].clone();
        let solution = match solution.split_once(" (") {
            Some((name, version)) => format!("{name} {} or later", version.trim_end_matches(')')),
            None => solution,
        };
        let name = row
            .get("schemaName")
            .or(row.get("id"))
            .cloned()
            .unwrap_or_default();
        let parent = row.get("parentSchemaName").cloned().unwrap_or_default();
        expected.entry(solution).or_default().insert((
            row["type"].clone(),
            name.to_lowercase(),
            parent.to_lowercase(),
        ));
    }
    let (inspection, validation) = validate_package(&bytes, &Profile::online()).expect("opens");
    let answers = answers::of_validation(&inspection, &validation);
    let groups = &answers.missing_dependencies;
    assert_eq!(
        groups.len(),
        expected.len(),
        "one group a solution (and Active)"
    );
    for group in groups {
        let key = match &group.solution {
            Some(_) => group.title.clone(),
            None => "Active".to_owned(),
        };
        let components = expected
            .get(&key)
            .unwrap_or_else(|| panic!("{key} is not a solution of solution.xml"));
        assert_eq!(group.count, components.len(), "{key}");
    }
    let field_service = &groups[0];
    assert_eq!(field_service.solution.as_deref(), Some("FieldService"));
    assert_eq!(field_service.minimum_version.as_deref(), Some("8.2.0.286"));
    assert_eq!(field_service.count, 230);
    let kinds: Vec<String> = field_service
        .kinds
        .iter()
        .map(|kind| kind.describe())
        .collect();
    assert_eq!(kinds[0], "101 columns");
    assert!(field_service
        .what_to_do()
        .starts_with("Install FieldService 8.2.0.286 or later first: "));

    // In the on-premises default none of these solutions is installed: the components
    // the organization lacks (its system tables give some) decide the simulation, a
    // reason a providing solution, each with the platform's code.
    let outcome = simulate(
        &inspection,
        Some(&bytes),
        &default_org("onprem-9.1.json"),
        &ImportOptions::default(),
    );
    let simulated = answers::of_simulation(&outcome);
    assert_eq!(simulated.verdict.decision, Decision::No);
    let first = &simulated.verdict.reasons[0];
    assert_eq!(first.platform_code.as_deref(), Some("0x8004801D"));
    assert!(first
        .text
        .starts_with("Install FieldService 8.2.0.286 or later first"));
    let error = outcome.error().expect("a failure");
    assert_eq!(error.details.len(), error.dependencies.len());
    let lacking = &simulated.missing_dependencies[0];
    assert_eq!(lacking.solution.as_deref(), Some("FieldService"));
    assert!(lacking.count > 0 && lacking.count <= field_service.count);
    assert_eq!(
        simulated.verdict.reasons.len(),
        simulated.missing_dependencies.len()
    );
}

#[test]
fn staging_a_solution_that_is_not_installed_says_it_needs_one() {
    let bytes = common::read_corpus(
        "microsoft__PowerApps-Samples__ChangeTrackingSample_1_0_0_0_managed.zip",
    );
    let inspection = inspect(&bytes).expect("opens");
    let options = ImportOptions {
        mode: Some(solution_inspector::simulate::ImportMode::Stage),
        ..ImportOptions::default()
    };
    let outcome = simulate(
        &inspection,
        Some(&bytes),
        &default_org("onprem-9.1.json"),
        &options,
    );
    let answers = answers::of_simulation(&outcome);
    assert_eq!(answers.verdict.decision, Decision::YesWithWarnings);
    assert_eq!(
        answers.verdict.operation.map(|operation| operation.key()),
        Some("install")
    );
    assert!(
        answers.verdict.reasons[0]
            .text
            .starts_with("Staging for upgrade needs an installed version of ChangeTrackingSample"),
        "{:?}",
        answers.verdict.reasons
    );
}

#[test]
fn a_solution_installed_without_the_components_says_its_version() {
    // FieldService installed here at the version the package names, but without the
    // components it needs: installing it "first" would not help; the reason says so.
    let mut json: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("www/org/onprem-9.1.json"),
        )
        .expect("the default snapshot"),
    )
    .expect("JSON");
    let solutions = json["solutions"].as_array_mut().expect("solutions");
    let mut field_service = solutions[0].clone();
    field_service["uniqueName"] = json!("FieldService");
    field_service["displayName"] = json!("Field Service");
    field_service["version"] = json!("8.2.0.286");
    field_service["builtIn"] = json!(false);
    field_service["installOrder"] = json!(solutions.len());
    solutions.push(field_service);
    let org = Snapshot::from_json(&json.to_string()).expect("still a snapshot");
    let bytes = common::read_corpus(FIELD_SERVICE);
    let inspection = inspect(&bytes).expect("opens");
    let outcome = simulate(&inspection, Some(&bytes), &org, &ImportOptions::default());
    let answers = answers::of_simulation(&outcome);
    let group = &answers.missing_dependencies[0];
    assert_eq!(group.solution.as_deref(), Some("FieldService"));
    assert_eq!(group.installed_version.as_deref(), Some("8.2.0.286"));
    assert!(
        group
            .what_to_do()
            .starts_with("FieldService 8.2.0.286 is installed here but lacks "),
        "{}",
        group.what_to_do()
    );
    let others = &answers.missing_dependencies[1..];
    assert!(others.iter().all(|group| group.installed_version.is_none()));
}

/// Against an organization, validation and simulation name the same missing
/// dependencies: the Overview's verdict and the Simulate view's agree (issue 21's "one
/// target"), on every vendored package and every default organization.
#[test]
fn validation_against_an_organization_names_the_dependencies_the_simulation_names() {
    let options = ImportOptions::default();
    let mut checked = 0;
    let mut satisfied = 0;
    for file in ["onprem-9.1.json", "online-9.2.json", "online-9.2-apps.json"] {
        let org = default_org(file);
        let profile = solution_inspector::page_state::target::profile_of_organization(
            &Profile::online(),
            &org.target,
        );
        for path in common::every_package_path() {
            let bytes = std::fs::read(&path).unwrap();
            let Ok((inspection, validation)) =
                solution_inspector::validate::validate_package_against(
                    &bytes,
                    &profile,
                    Some(&org),
                    &mut |_| {},
                )
            else {
                continue;
            };
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let checked_against = validation.organization.as_ref().expect("checked");
            assert_eq!(checked_against.name, org.name);
            let outcome = simulate(&inspection, Some(&bytes), &org, &options);
            let by_validation = answers::of_validation(&inspection, &validation);
            let by_simulation = answers::of_simulation(&outcome);
            let needed = |groups: &[DependencyGroup]| -> BTreeMap<String, usize> {
                groups
                    .iter()
                    .map(|group| (group.title.clone(), group.count))
                    .collect()
            };
            // The simulation stops at the first failing check; its dependency groups
            // are there when the dependency check is what fails or nothing else does.
            if outcome
                .errors
                .iter()
                .any(|error| !error.dependencies.is_empty())
                || outcome.success
            {
                assert_eq!(
                    needed(&by_validation.missing_dependencies),
                    needed(&by_simulation.missing_dependencies),
                    "{name} against {file}"
                );
                checked += 1;
            }
            let sv0401 = validation
                .codes()
                .iter()
                .filter(|code| **code == "SV0401")
                .count();
            let sv0402 = validation
                .codes()
                .iter()
                .filter(|code| **code == "SV0402")
                .count();
            assert_eq!(sv0402, checked_against.satisfied.len(), "{name}");
            assert_eq!(
                sv0401 + sv0402,
                inspection.manifest.missing_dependencies.len(),
                "{name}"
            );
            satisfied += sv0402;
        }
    }
    assert!(checked > 60, "{checked}");
    assert!(satisfied > 100, "{satisfied}");
}
