//! The CLI's exit statuses (README "Exit statuses"), run on the built
//! `solinspect`: each status comes from the kind of the core's error, and the
//! message says why in the words of the error; and its text, answers first.

use std::path::PathBuf;
use std::process::Command;

mod common;

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    std::fs::write(&path, bytes).expect("the scratch file is written");
    path
}

/// The exit status and standard error of `solinspect ARGS`.
fn solinspect(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_solinspect"))
        .args(args)
        .output()
        .expect("solinspect runs");
    (
        output.status.code().expect("solinspect exits"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The standard output of `solinspect ARGS`.
fn solinspect_stdout(args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_solinspect"))
        .args(args)
        .output()
        .expect("solinspect runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn os(text: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(text)
}

#[test]
fn input_that_cannot_be_read_is_status_2() {
    let not_a_zip = scratch("not-a-zip.zip", b"this is not a zip");
    let (status, stderr) = solinspect(&[os("inspect"), not_a_zip.as_os_str()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("the file is not a zip archive"), "{stderr}");

    let empty = scratch("empty.zip", b"");
    let (status, stderr) = solinspect(&[os("validate"), empty.as_os_str()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("the file is empty"), "{stderr}");

    // A download cut short: the first half of a real package.
    let whole = common::read_corpus("scottdurow__SparkleXrm__StartMenu_1_4_managed.zip");
    let truncated = scratch("truncated.zip", &whole[..whole.len() / 2]);
    let (status, stderr) = solinspect(&[os("simulate"), truncated.as_os_str()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("cli-truncated.zip: the file is not a complete zip archive")
            && stderr.contains("was the download cut short?"),
        "{stderr}"
    );
    assert!(!stderr.contains("EOCD"), "{stderr}");

    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-no-such-file.zip");
    let (status, stderr) = solinspect(&[os("inspect"), missing.as_os_str()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn a_broken_policy_or_snapshot_is_status_2() {
    let package = common::corpus_path("scottdurow__SparkleXrm__StartMenu_1_4_unmanaged.zip");
    let output = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-not-written.zip");
    let policy = scratch("policy.json", b"{\n  \"version\": }");
    let (status, stderr) = solinspect(&[
        os("convert"),
        package.as_os_str(),
        os("--managed-properties"),
        policy.as_os_str(),
        os("-o"),
        output.as_os_str(),
    ]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("not valid JSON of the documented form")
            && stderr.contains("docs/managed-properties-policy.md")
            && stderr.contains("at line 2, column 14: expected value"),
        "{stderr}"
    );
    assert!(!output.exists());

    let snapshot = scratch("snapshot.json", b"[]");
    let (status, stderr) = solinspect(&[
        os("simulate"),
        package.as_os_str(),
        os("--org"),
        snapshot.as_os_str(),
    ]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("not an organization snapshot"), "{stderr}");
    // Not JSON at all: what the file should be, then where the reader stopped.
    let snapshot = scratch("snapshot.txt", b"nothing like JSON");
    let (status, stderr) = solinspect(&[
        os("simulate"),
        package.as_os_str(),
        os("--org"),
        snapshot.as_os_str(),
    ]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("not an organization snapshot (the JSON file `solinspect org default`")
            && stderr.contains("reading stopped at line 1, column 2: expected ident"),
        "{stderr}"
    );
}

#[test]
fn a_refused_conversion_is_status_1() {
    let package = common::corpus_path("scottdurow__SparkleXrm__StartMenu_1_4_managed.zip");
    let output = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-refused.zip");
    let (status, stderr) = solinspect(&[
        os("convert"),
        package.as_os_str(),
        os("-o"),
        output.as_os_str(),
    ]);
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains("not converted: StartMenu is already a managed solution"),
        "{stderr}"
    );
    assert!(!output.exists());
}

#[test]
fn a_readable_package_is_status_0() {
    let package = common::corpus_path("scottdurow__SparkleXrm__StartMenu_1_4_unmanaged.zip");
    let (status, stderr) = solinspect(&[os("inspect"), package.as_os_str()]);
    assert_eq!(status, 0, "{stderr}");
}

const FIELD_SERVICE: &str =
    "microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_managed.zip";

/// Kind keys that must never reach the text (the kinds' labels are for people).
const INTERNAL_KEYS: &[&str] = &[
    "webResource",
    "sdkMessageProcessingStep",
    "entity:",
    "attribute:",
];

#[test]
fn validate_text_starts_with_the_verdict_and_the_groups() {
    let package = common::corpus_path(FIELD_SERVICE);
    let text = solinspect_stdout(&[os("validate"), package.as_os_str()]);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("verdict: yes, with warnings. msdynce_FieldServiceIntegration 2.0.0.1"),
        "{first}"
    );
    assert!(text.contains(
        "\n  FieldService 8.2.0.286 or later: 230 components (101 columns, 39 relationships"
    ));
    assert!(
        text.contains("\n  warning     SV0401 [0x8004801D] ×468: "),
        "{text}"
    );
    // The rows come with --verbose only; the summary stays on top.
    let rows = |text: &str| {
        text.lines()
            .filter(|line| line.starts_with("warning SV0401"))
            .count()
    };
    assert_eq!(rows(&text), 0);
    let verbose = solinspect_stdout(&[os("validate"), package.as_os_str(), os("--verbose")]);
    assert!(verbose.starts_with(first));
    assert_eq!(rows(&verbose), 468);
    for key in INTERNAL_KEYS {
        assert!(!verbose.contains(key), "{key} in the text");
    }
}

/// `validate --org`: the missing dependencies the organization has are information,
/// and the verdict asks to install only what it lacks (the bundled sample needs the OData
/// v4 Data Provider, which every 9.x organization has).
#[test]
fn validate_against_an_organization_asks_only_for_what_it_lacks() {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("www/sample/PentaWorkScheduler_0_11_1_unmanaged.zip");
    let org = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/org/online-9.2.json");
    let alone = solinspect_stdout(&[os("validate"), sample.as_os_str()]);
    assert!(
        alone.contains("Install ODatav4DataProvider 9.0.0.171 or later first"),
        "{alone}"
    );
    let text = solinspect_stdout(&[
        os("validate"),
        sample.as_os_str(),
        os("--org"),
        org.as_os_str(),
    ]);
    assert!(
        text.starts_with("verdict: yes. PentaWorkScheduler 0.11.1"),
        "{text}"
    );
    assert!(text.contains("information SV0402 ×2: "), "{text}");
    assert!(!text.contains("SV0401"), "{text}");
    assert!(
        text.contains("Missing dependencies checked against the organization Online 9.2 (default): it has 2 of 2"),
        "{text}"
    );
    let (status, stderr) = solinspect(&[
        os("validate"),
        sample.as_os_str(),
        os("--org"),
        sample.as_os_str(),
    ]);
    assert_eq!(status, 2, "{stderr}");
}

#[test]
fn simulate_text_starts_with_the_verdict_and_the_groups() {
    let package = common::corpus_path(FIELD_SERVICE);
    let text = solinspect_stdout(&[os("simulate"), package.as_os_str()]);
    assert!(text.starts_with(
        "verdict: no. msdynce_FieldServiceIntegration 2.0.0.1 will not import into On-premises 9.1 (default)"
    ));
    assert!(text.contains("\n  - Install FieldService 8.2.0.286 or later first: "));
    assert!(text.contains("\nMissing dependencies by solution ("));
    assert!(
        !text.contains("\n  - needs "),
        "the missing dependencies one by one: --verbose"
    );
    let verbose = solinspect_stdout(&[os("simulate"), package.as_os_str(), os("--verbose")]);
    assert!(verbose.contains("\ncreated ("));
    assert!(verbose.contains("\n  - needs "));
    for key in INTERNAL_KEYS {
        assert!(!verbose.contains(key), "{key} in the text");
    }
}
