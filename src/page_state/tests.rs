//! The page's transitions, on real packages of the corpus: opening one (and another, and
//! another version of the same solution), replies arriving late, failures and Cancel,
//! tabs, links, profile and policy, and the simulate view's options and snapshot changes.

use std::rc::Rc;

use super::simulation::*;
use super::*;
use crate::org::Snapshot;
use crate::simulate::{self, ImportMode, ImportOptions};
use crate::validate::validate;

/// The page's handle to a package, as the app's is: shared, compared by identity.
#[derive(Clone, Debug)]
struct TestPackage {
    inspection: Rc<Inspection>,
    id: u32,
}

impl OpenPackage for TestPackage {
    fn inspection(&self) -> &Inspection {
        &self.inspection
    }
    fn component_count(&self) -> usize {
        self.inspection.components.len()
    }
    fn package_id(&self) -> u32 {
        self.id
    }
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect("corpus package")
}

const SAMPLE: &str = "www/sample/PentaWorkScheduler_0_11_1_unmanaged.zip";
const BATCH_1: &str = "tests/corpus/versions/microsoft__Dynamics-365-FastTrack-Implementation-Assets__BatchMonitoringAgent_Solution_1_0_0_1_unmanaged.zip";
const BATCH_2: &str = "tests/corpus/versions/microsoft__Dynamics-365-FastTrack-Implementation-Assets__BatchMonitoringAgent_Solution_1_0_0_2_unmanaged.zip";

fn package(path: &str, id: u32) -> TestPackage {
    TestPackage {
        inspection: Rc::new(crate::inspect(&read(path)).expect("readable")),
        id,
    }
}

fn page() -> PageState<TestPackage> {
    PageState::new(Profile::default())
}

/// Reads `path` as request `request` to the end.
fn open(state: &mut PageState<TestPackage>, path: &str, request: u32) -> TestPackage {
    let opened = package(path, request);
    state.apply(Action::ReadStarted {
        request,
        file_name: "p.zip".into(),
    });
    state.apply(Action::ReadFinished {
        request,
        file_name: "p.zip".into(),
        result: Ok(opened.clone()),
    });
    opened
}

fn checked(state: &PageState<TestPackage>) -> Checked {
    let opened = state.opened.as_ref().expect("a package");
    let validation = validate(opened.inspection(), &state.profile);
    Checked {
        package_id: opened.package_id(),
        answers: Rc::new(crate::answers::of_validation(
            opened.inspection(),
            &validation,
        )),
        validation,
        findings: Vec::new(),
    }
}

fn a_policy() -> ManagedPropertyPolicy {
    let mut policy = ManagedPropertyPolicy::new();
    policy.allow_all();
    policy
}

#[test]
fn opening_a_package_shows_it_and_says_what_it_is() {
    let mut state = page();
    state.apply(Action::ReadStarted {
        request: 1,
        file_name: "sample.zip".into(),
    });
    assert!(state.busy());
    assert_eq!(state.status, "Reading sample.zip…");
    let opened = package(SAMPLE, 1);
    let components = opened.component_count();
    state.apply(Action::ReadFinished {
        request: 1,
        file_name: "sample.zip".into(),
        result: Ok(opened),
    });
    assert!(!state.busy());
    assert!(state.failure.is_none());
    assert!(state
        .status
        .starts_with("Opened PentaWorkScheduler 0.11.1 (unmanaged): "));
    assert!(state.status.contains(&format!("{components} components")));
    assert!(!state.status.contains("replaces"));
}

#[test]
fn another_package_replaces_the_first_and_a_new_solution_starts_a_fresh_policy() {
    let mut state = page();
    open(&mut state, BATCH_1, 1);
    state.apply(Action::PolicyChanged(a_policy()));
    // Another version of the same solution keeps the policy (it is keyed by names).
    open(&mut state, BATCH_2, 2);
    assert!(state.status.contains("It replaces"), "{}", state.status);
    assert_eq!(state.policy, a_policy());
    // Another solution does not.
    open(&mut state, SAMPLE, 3);
    assert_eq!(state.policy, ManagedPropertyPolicy::new());
    assert_eq!(state.opened.as_ref().map(|opened| opened.id), Some(3));
}

#[test]
fn only_the_latest_reading_shows() {
    let mut state = page();
    let (first, second) = (package(BATCH_1, 1), package(SAMPLE, 2));
    for request in [1, 2] {
        state.apply(Action::ReadStarted {
            request,
            file_name: format!("{request}.zip"),
        });
    }
    state.apply(Action::ReadFinished {
        request: 1,
        file_name: "1.zip".into(),
        result: Ok(first),
    });
    assert!(state.opened.is_none(), "a reading overtaken shows nothing");
    assert!(state.busy());
    state.apply(Action::ReadFinished {
        request: 2,
        file_name: "2.zip".into(),
        result: Ok(second),
    });
    assert_eq!(state.opened.as_ref().map(|opened| opened.id), Some(2));
    assert!(!state.busy());
}

#[test]
fn a_failed_reading_says_why_and_keeps_the_package_shown() {
    let mut state = page();
    open(&mut state, SAMPLE, 1);
    state.apply(Action::ReadStarted {
        request: 2,
        file_name: "broken.zip".into(),
    });
    state.apply(Action::ReadFinished {
        request: 2,
        file_name: "broken.zip".into(),
        result: Err(Stop::plain("This is not a zip file.")),
    });
    let failure = state.failure.clone().expect("an alert");
    assert_eq!(failure.file_name, "broken.zip", "named after the file");
    assert_eq!(failure.message, "This is not a zip file.");
    assert_eq!(
        state.status,
        "broken.zip could not be opened. Still showing PentaWorkScheduler 0.11.1 (unmanaged)."
    );
    assert_eq!(state.opened.as_ref().map(|opened| opened.id), Some(1));
    // The next good package clears the alert.
    open(&mut state, BATCH_1, 3);
    assert!(state.failure.is_none());
}

#[test]
fn a_cancelled_reading_says_so() {
    let mut state = page();
    state.apply(Action::ReadStarted {
        request: 1,
        file_name: "big.zip".into(),
    });
    state.apply(Action::ReadFinished {
        request: 1,
        file_name: "big.zip".into(),
        result: Err(Stop::Cancelled),
    });
    assert_eq!(state.status, "Reading big.zip was cancelled.");
    assert!(state.failure.is_none() && state.opened.is_none() && !state.busy());
}

#[test]
fn findings_arrive_for_the_latest_run_only() {
    let mut state = page();
    open(&mut state, SAMPLE, 1);
    state.apply(Action::ValidationStarted { run: 1 });
    state.apply(Action::ValidationStarted { run: 2 });
    state.apply(Action::ValidationFinished {
        run: 1,
        result: Ok(checked(&state)),
    });
    assert_eq!(state.checking, Checking::Running);
    assert!(!state.validated());
    state.apply(Action::ValidationFinished {
        run: 2,
        result: Ok(checked(&state)),
    });
    assert!(matches!(state.checking, Checking::Done(_)));
    assert!(state.validated());
    // Under another profile they are not the findings of the moment any more.
    let mut strict = state.profile.clone();
    strict.target.version = "8.0".into();
    state.apply(Action::ProfileChanged(strict));
    assert!(!state.validated());
}

#[test]
fn a_stopped_validation_says_why_and_can_run_again() {
    let mut state = page();
    open(&mut state, SAMPLE, 1);
    state.apply(Action::ValidationStarted { run: 1 });
    state.apply(Action::ValidationFinished {
        run: 1,
        result: Err(Stop::Cancelled),
    });
    assert_eq!(
        state.checking,
        Checking::Stopped("Validation was cancelled.".into())
    );
    assert_eq!(state.status, "Validation was cancelled.");
    let before = state.validation_run;
    state.apply(Action::ValidateAgain);
    assert_ne!(state.validation_run, before);
    state.apply(Action::ValidationStarted { run: 2 });
    state.apply(Action::ValidationFinished {
        run: 2,
        result: Err(Stop::plain("The engine stopped.")),
    });
    assert_eq!(
        state.checking,
        Checking::Stopped("Validation failed: The engine stopped.".into())
    );
}

#[test]
fn tabs_and_links_to_a_component() {
    let mut state = page();
    open(&mut state, SAMPLE, 1);
    assert_eq!(state.view, View::Overview);
    state.apply(Action::ShowView(View::Findings));
    assert_eq!(state.view, View::Findings);
    let browser = state.browser_generation;
    state.apply(Action::ShowComponent(7));
    assert_eq!(state.view, View::Components);
    assert_eq!(state.linked_component, Some(7));
    assert_ne!(
        state.browser_generation, browser,
        "the browser opens afresh"
    );
    // A new package forgets the link.
    open(&mut state, BATCH_1, 2);
    assert_eq!(state.linked_component, None);
}

#[test]
fn progress_follows_the_engine() {
    let mut state = page();
    let activity = Activity {
        work: Work::Reading,
        label: "Reading customizations.xml…".into(),
        done: 10,
        total: 20,
    };
    state.apply(Action::Activity(Some(activity.clone())));
    assert_eq!(state.activity, Some(activity));
    state.apply(Action::Activity(None));
    assert_eq!(state.activity, None);
    assert_eq!(Work::Simulating.key(), "simulating");
    assert_eq!(View::ALL[View::Convert.position()], View::Convert);
}

fn org_view() -> SharedSnapshot {
    let org = Snapshot::from_json(include_str!("../../www/org/onprem-9.1.json")).expect("snapshot");
    SharedSnapshot(Rc::new(OrgView {
        components: org.components.len(),
        head: org,
    }))
}

#[test]
fn simulation_options_change_one_at_a_time() {
    let mut state = SimulationState::new(None);
    assert_eq!(state.options, ImportOptions::default());
    state.apply(SimulationAction::ModeChosen(Some(ImportMode::Stage)));
    state.apply(SimulationAction::Toggled(
        ImportToggle::OverwriteCustomizations,
        true,
    ));
    state.apply(SimulationAction::Toggled(
        ImportToggle::PublishWorkflows,
        true,
    ));
    state.apply(SimulationAction::Toggled(
        ImportToggle::PublishWorkflows,
        false,
    ));
    assert_eq!(
        state.options,
        ImportOptions {
            mode: Some(ImportMode::Stage),
            overwrite_customizations: true,
            ..ImportOptions::default()
        }
    );
}

#[test]
fn an_install_or_uninstall_replaces_the_snapshot_and_says_what_it_did() {
    let mut state = SimulationState::new(None);
    let loaded = org_view();
    state.apply(SimulationAction::SnapshotReplaced {
        snapshot: loaded.clone(),
        change: SnapshotChange::Loaded,
        message: "The organization is now X.".into(),
        storage_problem: None,
    });
    assert_eq!(state.snapshot, Some(loaded.clone()));
    let installed = org_view();
    state.apply(SimulationAction::SnapshotReplaced {
        snapshot: installed.clone(),
        change: SnapshotChange::Uninstalled,
        message: "Installed PentaWorkScheduler 0.11.1.".into(),
        storage_problem: Some("Too large to keep.".into()),
    });
    assert_eq!(state.snapshot, Some(installed));
    assert_ne!(state.snapshot, Some(loaded), "a change is a new snapshot");
    assert_eq!(state.announcement, "Installed PentaWorkScheduler 0.11.1.");
    assert_eq!(state.problem.as_deref(), Some("Too large to keep."));
    state.apply(SimulationAction::Stopped {
        stop: Stop::plain("Contoso cannot be uninstalled: it is needed."),
        what: "Uninstalling Contoso".into(),
    });
    assert_eq!(
        state.problem.as_deref(),
        Some("Contoso cannot be uninstalled: it is needed.")
    );
    state.apply(SimulationAction::Stopped {
        stop: Stop::Cancelled,
        what: "Installing".into(),
    });
    assert_eq!(state.announcement, "Installing was cancelled.");
}

#[test]
fn an_outcome_shows_for_the_latest_simulation_and_the_filter_starts_at_page_one() {
    let bytes = read(SAMPLE);
    let inspection = crate::inspect(&bytes).expect("readable");
    let org = Snapshot::from_json(include_str!("../../www/org/onprem-9.1.json")).expect("org");
    let outcome = simulate::simulate(&inspection, Some(&bytes), &org, &ImportOptions::default());
    let simulated = || SimulatedImport {
        outcome: Rc::new(outcome.clone()),
        answers: Rc::new(crate::answers::of_simulation(&outcome)),
    };
    let mut state = SimulationState::new(Some(org_view()));
    state.apply(SimulationAction::SimulationStarted { run: 1 });
    state.apply(SimulationAction::SimulationStarted { run: 2 });
    state.apply(SimulationAction::Simulated {
        run: 1,
        result: Ok(simulated()),
    });
    assert!(
        state.outcome.is_none(),
        "an overtaken simulation shows nothing"
    );
    state.apply(SimulationAction::Simulated {
        run: 2,
        result: Ok(simulated()),
    });
    assert_eq!(state.outcome.as_deref(), Some(&outcome));
    assert_eq!(
        state.answers.as_deref(),
        Some(&crate::answers::of_simulation(&outcome))
    );
    state.apply(SimulationAction::PageChosen(3));
    state.apply(SimulationAction::Selected(Some(4)));
    let action = outcome.components[0].action;
    state.apply(SimulationAction::FilterChosen(Some(action)));
    assert_eq!((state.action_filter, state.page), (Some(action), 0));
    assert_eq!(state.selected, Some(4));
    state.apply(SimulationAction::SimulationStarted { run: 3 });
    state.apply(SimulationAction::Simulated {
        run: 3,
        result: Err(Stop::Cancelled),
    });
    assert_eq!(state.announcement, "The simulation was cancelled.");
    assert!(state.outcome.is_some(), "the last outcome stays");
}

/// After "Install … into this organization" the verdict is of importing the same package
/// again: the view says what was installed where, for as long as the outcome is of that
/// package and the snapshot still holds the install (a rename or a new target keeps it; a
/// load or an uninstall ends it).
#[test]
fn after_an_install_the_verdict_is_said_to_be_for_importing_again() {
    let bytes = read(SAMPLE);
    let inspection = crate::inspect(&bytes).expect("readable");
    let mut org = Snapshot::from_json(include_str!("../../www/org/onprem-9.1.json")).expect("org");
    let options = ImportOptions::default();
    let first = simulate::simulate(&inspection, Some(&bytes), &org, &options);
    assert!(first.success, "the sample installs: {}", first.verdict);
    org = simulate::apply(&org, &first).expect("installed");
    org.name = "Test".into();
    let again = simulate::simulate(&inspection, Some(&bytes), &org, &options);
    let simulated = |outcome: &simulate::Outcome| SimulatedImport {
        outcome: Rc::new(outcome.clone()),
        answers: Rc::new(crate::answers::of_simulation(outcome)),
    };
    let package = InstalledPackage {
        unique_name: first.solution.unique_name.clone(),
        version: first.solution.version.clone(),
    };
    let mut state = SimulationState::new(Some(org_view()));
    let replaced = |change: SnapshotChange| SimulationAction::SnapshotReplaced {
        snapshot: org_view(),
        change,
        message: String::new(),
        storage_problem: None,
    };
    state.apply(replaced(SnapshotChange::Installed(package.clone())));
    state.apply(SimulationAction::SimulationStarted { run: 1 });
    state.apply(SimulationAction::Simulated {
        run: 1,
        result: Ok(simulated(&again)),
    });
    assert_eq!(state.installed_again(), Some(&package));
    let note = package.note("Test", &again);
    assert!(
        note.starts_with(&format!(
            "Installed {} {} into Test. The verdict below is now for importing the same package again into that organization",
            package.unique_name, package.version
        )),
        "{note}"
    );
    assert!(
        note.contains(if again.success {
            "import again as"
        } else {
            "refused"
        }),
        "{note}"
    );
    state.apply(replaced(SnapshotChange::Relabelled));
    assert_eq!(state.installed_again(), Some(&package), "a rename keeps it");
    let other = InstalledPackage {
        version: "9.9.9.9".into(),
        ..package.clone()
    };
    state.apply(replaced(SnapshotChange::Installed(other)));
    assert_eq!(
        state.installed_again(),
        None,
        "the outcome shown is of another version"
    );
    state.apply(replaced(SnapshotChange::Installed(package.clone())));
    state.apply(replaced(SnapshotChange::Uninstalled));
    assert_eq!(state.installed_again(), None, "an uninstall ends it");
    state.apply(replaced(SnapshotChange::Installed(package.clone())));
    state.apply(replaced(SnapshotChange::Loaded));
    assert_eq!(state.installed_again(), None, "a load ends it");
}

#[test]
fn the_organization_in_use_is_named_and_a_captured_one_says_from_where() {
    let mut org = default_snapshot("www/org/online-9.2.json");
    org.name = "Production".into();
    assert_eq!(target::describe_organization(&org), "Production");
    org.captured = Some(crate::org::Captured {
        from: "contoso.crm.dynamics.com".into(),
        at: "2026-12-07T12:00:00Z".into(),
        tool: None,
        layers_inferred: true,
        unmodelled: Default::default(),
        unresolved: Default::default(),
        unavailable: Default::default(),
    });
    assert_eq!(
        target::describe_organization(&org),
        "Production, captured from contoso.crm.dynamics.com"
    );
}

fn default_snapshot(path: &str) -> Snapshot {
    Snapshot::from_json(&String::from_utf8(read(path)).expect("UTF-8")).expect("a default snapshot")
}

/// Every corpus package, the versions/ series included.
fn corpus_packages() -> Vec<String> {
    let mut paths = Vec::new();
    for folder in ["tests/corpus", "tests/corpus/versions"] {
        let dir = format!("{}/{folder}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(dir).expect("the corpus") {
            let name = entry.expect("an entry").file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".zip") {
                paths.push(format!("{folder}/{name}"));
            }
        }
    }
    paths.sort();
    paths
}

#[test]
fn an_organization_chosen_in_simulate_becomes_the_target_of_every_view() {
    let mut state = page();
    assert_eq!(state.profile, Profile::online());
    let onprem = default_snapshot("www/org/onprem-9.1.json");
    state.apply(Action::OrganizationChosen(onprem.target.clone()));
    assert_eq!(state.profile.kind, crate::validate::ProfileKind::OnPremises);
    assert_eq!(state.profile.target, onprem.target);
    // The validation's own caps stay.
    assert_eq!(
        state.profile.max_uncompressed_bytes,
        Profile::online().max_uncompressed_bytes
    );
    assert_eq!(
        target::align(&state.profile.target, &onprem.target),
        target::Alignment::Aligned
    );
    // The legacy online limit is recognised as its preset.
    let mut legacy = default_snapshot("www/org/online-9.2.json").target;
    legacy.limits.upload_bytes = Profile::online_legacy().max_upload_bytes();
    state.apply(Action::OrganizationChosen(legacy));
    assert_eq!(
        state.profile.kind,
        crate::validate::ProfileKind::OnlineLegacy
    );
}

#[test]
fn a_target_chosen_for_the_page_is_made_the_snapshots() {
    let (onprem, online) = (
        default_snapshot("www/org/onprem-9.1.json"),
        default_snapshot("www/org/online-9.2.json"),
    );
    // Another deployment starts from that deployment's default…
    let alignment = target::align(&Profile::online().target, &onprem.target);
    assert_eq!(
        alignment,
        target::Alignment::LoadDefault(target::DefaultOrganization::Online)
    );
    assert_eq!(
        target::DefaultOrganization::Online.path(),
        "org/online-9.2.json"
    );
    // …whose version and limits are then the target's.
    let raised = Profile::online().with_max_upload_bytes(120 * crate::validate::MB);
    let target::Alignment::SetTarget(next) = target::align(&raised.target, &online.target) else {
        panic!("a raised limit is set on the snapshot");
    };
    let mut aligned = online.clone();
    aligned.target = next;
    assert_eq!(
        target::align(&raised.target, &aligned.target),
        target::Alignment::Aligned
    );
    assert_eq!(
        target::describe_target(&aligned.target),
        "online 9.2, 120.0 MB upload limit"
    );
}

/// The case: Findings said "0 errors" beside Simulate's "the import would fail"
/// (0x80048068) because each had its own target. With one target, every rule of the target
/// that fails the simulation is an error of the findings too, on every corpus package.
#[test]
fn findings_and_simulation_agree_on_the_target_for_every_corpus_package() {
    let target_codes = [
        crate::platform::PlatformError::PackageVersion.hex(),
        crate::platform::PlatformError::FileTooLargeToUpload.hex(),
    ];
    let mut failing = 0;
    for default in ["www/org/onprem-9.1.json", "www/org/online-9.2.json"] {
        let organization = default_snapshot(default);
        let mut state = page();
        state.apply(Action::OrganizationChosen(organization.target.clone()));
        for path in corpus_packages() {
            let bytes = read(&path);
            let Ok(inspection) = crate::inspect(&bytes) else {
                continue;
            };
            let outcome = simulate::simulate(
                &inspection,
                Some(&bytes),
                &organization,
                &ImportOptions::default(),
            );
            let validation = validate(&inspection, &state.profile);
            for error in &outcome.errors {
                if !target_codes.contains(&error.code.as_str()) {
                    continue;
                }
                failing += 1;
                assert!(
                    validation.findings.iter().any(|finding| {
                        finding.severity == crate::findings::Severity::Error
                            && finding.platform_code.map(|code| code.hex()) == Some(&error.code)
                    }),
                    "{path} into {default}: the simulation fails with {} but the findings do not say so",
                    error.code
                );
            }
        }
    }
    assert!(failing > 0, "some corpus package breaks a rule of a target");
}

/// The package: hundreds of findings of one code fold into a few groups, and the
/// component filter and the search find rows inside them.
#[test]
fn findings_filter_by_component_and_search_within_the_groups() {
    use super::finding_filter::FindingFilter;
    let path = "tests/corpus/microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_unmanaged.zip";
    let inspection = crate::inspect(&read(path)).expect("readable");
    let validation = validate(&inspection, &Profile::default());
    let answers = crate::answers::of_validation(&inspection, &validation);
    let linked: Vec<crate::protocol::LinkedFinding> = validation
        .findings
        .iter()
        .map(|finding| {
            let link = finding.location.component.clone().map(|key| (0, key));
            (finding.clone(), link)
        })
        .collect();
    assert!(answers.findings.len() < linked.len() / 10, "a few groups");
    let everything = FindingFilter::default();
    assert!(everything.is_empty());
    let all: usize = answers
        .findings
        .iter()
        .map(|group| everything.rows(&linked, &group.findings).len())
        .sum();
    assert_eq!(all, linked.len(), "no filter hides nothing");
    // One component's findings.
    let (_, Some((_, component))) = &linked[0] else {
        panic!("the first finding is about a component");
    };
    let by_component = FindingFilter {
        component: component.to_uppercase(),
        ..FindingFilter::default()
    };
    let shown: Vec<usize> = answers
        .findings
        .iter()
        .flat_map(|group| by_component.rows(&linked, &group.findings))
        .collect();
    assert!(!shown.is_empty() && shown.len() < linked.len());
    assert!(shown.iter().all(|index| linked[*index]
        .1
        .as_ref()
        .is_some_and(|(_, link)| link.to_lowercase().contains(&component.to_lowercase()))));
    // A search by code finds that group's rows only.
    let code = answers.findings[0].code.as_str();
    let by_code = FindingFilter {
        search: code.to_lowercase(),
        ..FindingFilter::default()
    };
    assert_eq!(
        by_code.rows(&linked, &answers.findings[0].findings).len(),
        answers.findings[0].count
    );
    let nothing = FindingFilter {
        search: "no finding says this".into(),
        ..FindingFilter::default()
    };
    assert!(nothing
        .rows(&linked, &answers.findings[0].findings)
        .is_empty());
}

#[test]
fn every_default_organization_is_a_snapshot_beside_the_page() {
    use target::DefaultOrganization;
    for default in [
        DefaultOrganization::OnPremises,
        DefaultOrganization::Online,
        DefaultOrganization::OnlineWithApps,
    ] {
        let snapshot = default_snapshot(&format!("www/{}", default.path()));
        assert_eq!(
            DefaultOrganization::of(snapshot.target.deployment) == default,
            default != DefaultOrganization::OnlineWithApps,
            "{default:?}"
        );
    }
}
