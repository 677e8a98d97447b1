//! The CLI's exit statuses (README "Exit statuses"), run on the built
//! `solinspect`: each status comes from the kind of the core's error, and the
//! message says why in the words of the error.

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

    let truncated = scratch("truncated.zip", b"PK\x03\x04truncated");
    let (status, stderr) = solinspect(&[os("simulate"), truncated.as_os_str()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("it may be truncated or damaged"),
        "{stderr}"
    );

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
        stderr.contains("not valid JSON of the documented form") && stderr.contains("line 2"),
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
