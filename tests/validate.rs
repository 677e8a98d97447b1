//! Validation over the real corpus, and one package per check that trips it
//! (a corpus package changed in memory) beside one that does not.

mod common;

use common::{corpus_path, corpus_zip_names, read_corpus};
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use solution_inspector::model::Severity;
use solution_inspector::report::{validate_json, validate_sarif};
use solution_inspector::validate::{self, Finding, Profile, Validation};

const MULTI_ENTITY_SEARCH: &str = "scottdurow__SparkleXrm__MultiEntitySearch_2_0_managed.zip";
const PENTAWORK: &str =
    "pentawork-solutions__PentaWork.Xrm.Scheduler__PentaWorkScheduler_0_11_1_unmanaged_rawfolder.zip";
const CONTOSO: &str = "microsoft__PowerApps-Samples__Contoso_sample_1_0_0_1_managed.zip";
const APPRAU: &str = "pnp__powerplatform-samples__ApprauAIEducation_1_0_0_2_unmanaged.zip";
const KPDAPPS: &str =
    "KpdApps__KpdApps.Common.MsCrm2015__KpdApps_Base_1_0_55_0_unmanaged_rawfolder.zip";
const CUSTOMIZATIONS: &str = "customizations.xml";
const SOLUTION: &str = "solution.xml";
const CONTENT_TYPES: &str = "[Content_Types].xml";

/// Rebuilds a zip: `edit` sees each entry and returns its new name and bytes,
/// or `None` to drop it; `extra` entries are appended.
fn rebuild(
    bytes: &[u8],
    edit: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>,
    extra: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("corpus zip");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().expect("entry name").into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("inflate");
        if let Some((new_name, new_data)) = edit(&name, data) {
            writer.start_file(new_name, options).expect("start");
            writer.write_all(&new_data).expect("write");
        }
    }
    for (name, data) in extra {
        writer.start_file(*name, options).expect("start");
        writer.write_all(data).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

/// Replaces the first `count` occurrences of `from` in one file (which must hold them).
fn replace_in(bytes: &[u8], file: &str, from: &str, to: &str, count: usize) -> Vec<u8> {
    rebuild(
        bytes,
        |name, data| {
            if name != file {
                return Some((name.to_owned(), data));
            }
            let text = String::from_utf8(data).expect("utf-8 text");
            assert!(
                text.matches(from).count() >= count,
                "{file} does not hold {from:?} {count} times"
            );
            Some((name.to_owned(), text.replacen(from, to, count).into_bytes()))
        },
        &[],
    )
}

fn without(bytes: &[u8], file: &str) -> Vec<u8> {
    rebuild(
        bytes,
        |name, data| (name != file).then(|| (name.to_owned(), data)),
        &[],
    )
}

fn with_extra(bytes: &[u8], file: &str, data: &[u8]) -> Vec<u8> {
    rebuild(
        bytes,
        |name, data| Some((name.to_owned(), data)),
        &[(file, data)],
    )
}

fn validate(bytes: &[u8], profile: &Profile) -> Validation {
    validate::validate_package(bytes, profile)
        .expect("a readable zip")
        .1
}

fn with_code<'v>(validation: &'v Validation, code: &str) -> Vec<&'v Finding> {
    validation
        .findings
        .iter()
        .filter(|finding| finding.code == code)
        .collect()
}

fn has(validation: &Validation, code: &str) -> bool {
    !with_code(validation, code).is_empty()
}

fn error_codes(validation: &Validation) -> Vec<&str> {
    validation
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| finding.code.as_str())
        .collect()
}

/// Asserts the base package does not trip `code` and returns its validation.
fn clean(name: &str, profile: &Profile, code: &str) -> Validation {
    let validation = validate(&read_corpus(name), profile);
    assert!(!has(&validation, code), "{name} already trips {code}");
    validation
}

// ---------------------------------------------------------------- corpus

/// Packages that really break a rule under the online profile, with why.
const KNOWN_ERRORS: &[(&str, &str, &str)] = &[(
    KPDAPPS,
    "SV0204",
    "the web resource's FileName is /WebResources/kpd_logmessagejsEB27…0A but the zip entry is named …0A.js (the raw folder was re-zipped with the SolutionPackager-style extension), so the referenced file is absent",
)];

#[test]
fn every_corpus_package_validates_without_errors_under_online_unless_it_breaks_a_rule() {
    let names = corpus_zip_names();
    assert!(names.len() >= 20, "corpus has {} packages", names.len());
    for name in &names {
        let validation = validate(&read_corpus(name), &Profile::online());
        let expected: Vec<&str> = KNOWN_ERRORS
            .iter()
            .filter(|(package, _, _)| package == name)
            .map(|(_, code, _)| *code)
            .collect();
        assert_eq!(
            error_codes(&validation),
            expected,
            "{name}: {:#?}",
            validation
                .findings
                .iter()
                .filter(|finding| finding.severity == Severity::Error)
                .collect::<Vec<_>>()
        );
    }
}

/// Codes and counts per corpus package and profile, compared with a snapshot
/// (`UPDATE_SNAPSHOTS=1` rewrites it).
#[test]
fn corpus_findings_match_the_snapshot() {
    let mut actual = BTreeMap::new();
    for name in corpus_zip_names() {
        let bytes = read_corpus(&name);
        let mut per_profile = BTreeMap::new();
        for profile in [
            Profile::onprem(),
            Profile::online(),
            Profile::online_legacy(),
        ] {
            let validation = validate(&bytes, &profile);
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for finding in &validation.findings {
                *counts.entry(finding.code.to_string()).or_default() += 1;
            }
            per_profile.insert(profile.kind.key().to_owned(), counts);
        }
        actual.insert(name, per_profile);
    }
    let actual = serde_json::to_value(actual).expect("json");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/validate_corpus.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let text = serde_json::to_string_pretty(&actual).expect("json") + "\n";
        std::fs::write(&path, text).expect("write snapshot");
    }
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).expect("snapshot (run with UPDATE_SNAPSHOTS=1)"),
    )
    .expect("snapshot json");
    assert_eq!(
        actual, expected,
        "validation findings changed; review and UPDATE_SNAPSHOTS=1"
    );
}

// ---------------------------------------------------------------- size

#[test]
fn zip_over_the_upload_limit_is_an_error_with_sizes_and_heaviest_files() {
    let bytes = read_corpus(APPRAU);
    clean(APPRAU, &Profile::onprem(), "SV0101");
    // An administrator left maxRequestLength at 1 MB.
    let profile = Profile::onprem().with_max_request_length_kb(1024);
    let validation = validate(&bytes, &profile);
    let finding = with_code(&validation, "SV0101")[0];
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(
        finding.platform_code.map(|code| code.hex()),
        Some("0x80040375")
    );
    let size = finding.size.as_ref().expect("size numbers");
    assert_eq!(size.measured_bytes, bytes.len() as u64);
    assert_eq!(size.limit_bytes, 1024 * 1024);
    assert_eq!(size.over_bytes, bytes.len() as u64 - 1024 * 1024);
    assert!(!size.heaviest.is_empty() && size.heaviest.len() <= 5);
    assert!(size
        .heaviest
        .windows(2)
        .all(|pair| pair[0].bytes >= pair[1].bytes));
    assert!(
        finding.message.contains(&size.heaviest[0].path),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("maxRequestLength"),
        "{}",
        finding.message
    );
    // The same package passes online, and the legacy limit too.
    assert!(!has(&validate(&bytes, &Profile::online_legacy()), "SV0101"));
}

#[test]
fn padding_a_package_past_six_megabytes_trips_the_onprem_limit_only() {
    // Incompressible payload: the zip itself must grow past 6 MB.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let noise: Vec<u8> = (0..7 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let bytes = with_extra(
        &read_corpus(MULTI_ENTITY_SEARCH),
        "Assets/noise.bin",
        &noise,
    );
    assert!(bytes.len() > 6 * 1024 * 1024);
    assert!(has(&validate(&bytes, &Profile::onprem()), "SV0101"));
    assert!(!has(&validate(&bytes, &Profile::online()), "SV0101"));
}

#[test]
fn uncompressed_total_over_the_limit_is_an_error() {
    clean(APPRAU, &Profile::online(), "SV0102");
    let mut profile = Profile::online();
    profile.max_uncompressed_bytes = 1024 * 1024;
    let validation = validate(&read_corpus(APPRAU), &profile);
    let finding = with_code(&validation, "SV0102")[0];
    let size = finding.size.as_ref().expect("size numbers");
    assert!(size.measured_bytes > size.limit_bytes);
    assert_eq!(size.over_bytes, size.measured_bytes - size.limit_bytes);
    assert!(finding.message.contains("200 MB") || finding.message.contains("1.0 MB"));
}

#[test]
fn web_resource_over_the_attachment_limit_is_an_error() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0103");
    let file = "WebResources/dev1_jsMultiEntitySearchjsCD562D44-8D0A-E311-A508-000C299FFE7D";
    let big = vec![b' '; 5 * 1024 * 1024 + 1];
    let bytes = rebuild(
        &read_corpus(MULTI_ENTITY_SEARCH),
        |name, data| {
            Some((
                name.to_owned(),
                if name == file { big.clone() } else { data },
            ))
        },
        &[],
    );
    let validation = validate(&bytes, &Profile::online());
    let findings = with_code(&validation, "SV0103");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].location.file.as_deref(), Some(file));
    assert_eq!(
        findings[0].location.component.as_deref(),
        Some("webResource:dev1_/js/MultiEntitySearch.js")
    );
    assert_eq!(
        findings[0].size.as_ref().map(|size| size.over_bytes),
        Some(1)
    );
    // An organization that raised its limit accepts it.
    let raised = Profile::online().with_max_web_resource_bytes(128 * 1024 * 1024);
    assert!(!has(&validate(&bytes, &raised), "SV0103"));
}

#[test]
fn package_over_the_checker_cap_is_a_warning() {
    clean(APPRAU, &Profile::online(), "SV0104");
    let mut profile = Profile::online();
    profile.checker_max_bytes = 1024 * 1024;
    let validation = validate(&read_corpus(APPRAU), &profile);
    let finding = with_code(&validation, "SV0104")[0];
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding.message.contains("PACHECKER_PS_FILE_TOO_LARGE"));
}

// ---------------------------------------------------------------- structure

#[test]
fn missing_root_files_are_errors() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0201");
    let validation = validate(
        &without(&read_corpus(MULTI_ENTITY_SEARCH), CONTENT_TYPES),
        &Profile::online(),
    );
    let findings = with_code(&validation, "SV0201");
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].platform_code.map(|code| code.hex()),
        Some("0x80048060")
    );
    assert_eq!(findings[0].location.file.as_deref(), Some(CONTENT_TYPES));

    // A zip of the folder instead of its contents: all three, with the hint.
    let nested = rebuild(
        &read_corpus(MULTI_ENTITY_SEARCH),
        |name, data| Some((format!("MultiEntitySearch/{name}"), data)),
        &[],
    );
    let validation = validate(&nested, &Profile::online());
    let findings = with_code(&validation, "SV0201");
    assert_eq!(findings.len(), 3);
    assert!(findings
        .iter()
        .all(|finding| finding.message.contains("one folder down")));
}

#[test]
fn a_zip_without_solution_xml_is_read_as_far_as_it_goes() {
    let validation = validate(
        &without(&read_corpus(MULTI_ENTITY_SEARCH), SOLUTION),
        &Profile::online(),
    );
    assert!(validation.has_errors());
    assert!(with_code(&validation, "SV0201")
        .iter()
        .any(|finding| finding.location.file.as_deref() == Some(SOLUTION)));
    // customizations.xml was still read: the web resources are summarized.
    assert_eq!(validation.managed_properties.components_with_properties, 4);
}

#[test]
fn xml_that_does_not_parse_is_an_error_finding_with_a_line() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SI1003");
    let bytes = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        CUSTOMIZATIONS,
        "</WebResource>",
        "</WebResourcez>",
        1,
    );
    let validation = validate(&bytes, &Profile::online());
    // The web resources after the break are not read; their root components are
    // not reported as undefined on top of the reading error.
    assert!(!has(&validation, "SV0202"), "{:#?}", validation.findings);
    let finding = with_code(&validation, "SI1003")[0];
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(
        finding.platform_code.map(|code| code.hex()),
        Some("0x80048013")
    );
    assert_eq!(finding.location.file.as_deref(), Some(CUSTOMIZATIONS));
    assert!(finding.location.line.is_some_and(|line| line > 1));
}

#[test]
fn root_component_not_defined_in_customizations_is_a_warning() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0202");
    let bytes = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        SOLUTION,
        "<RootComponents>",
        r#"<RootComponents><RootComponent type="61" schemaName="dev1_/js/Ghost.js" /><RootComponent type="99999" schemaName="dev1_mystery" />"#,
        1,
    );
    let validation = validate(&bytes, &Profile::online());
    let undefined = with_code(&validation, "SV0202");
    assert_eq!(undefined.len(), 1);
    assert!(undefined[0].message.contains("dev1_/js/Ghost.js"));
    assert_eq!(
        undefined[0].platform_code.map(|code| code.hex()),
        Some("0x8004801F")
    );
    assert_eq!(undefined[0].location.line, Some(83));
    let unknown = with_code(&validation, "SV0203");
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].severity, Severity::Information);
}

#[test]
fn referenced_but_absent_payload_is_an_error_and_stray_files_are_warnings() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0204");
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0205");
    let file =
        "WebResources/dev1_jsMultiEntitySearchRibbonHelperjs6803C9FB-6C95-E311-80E4-080027CB4A93";
    let bytes = with_extra(
        &without(&read_corpus(MULTI_ENTITY_SEARCH), file),
        "WebResources/stray.js",
        b"alert(1)",
    );
    let validation = validate(&bytes, &Profile::online());
    let absent = with_code(&validation, "SV0204");
    assert_eq!(absent.len(), 1);
    assert!(absent[0].message.contains(file));
    assert_eq!(
        absent[0].location.component.as_deref(),
        Some("webResource:dev1_/js/MultiEntitySearchRibbonHelper.js")
    );
    assert_eq!(absent[0].location.file.as_deref(), Some(CUSTOMIZATIONS));
    let stray = with_code(&validation, "SV0205");
    assert_eq!(stray.len(), 1);
    assert_eq!(
        stray[0].location.file.as_deref(),
        Some("WebResources/stray.js")
    );
}

#[test]
fn kpdapps_names_its_web_resource_without_the_extension_the_zip_entry_has() {
    let validation = validate(&read_corpus(KPDAPPS), &Profile::online());
    let finding = with_code(&validation, "SV0204")[0];
    assert!(
        finding.message.contains("differs by its extension"),
        "{}",
        finding.message
    );
}

#[test]
fn content_types_part_that_does_not_parse_is_an_error() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0206");
    let bytes = rebuild(
        &read_corpus(MULTI_ENTITY_SEARCH),
        |name, data| {
            Some((
                name.to_owned(),
                if name == CONTENT_TYPES {
                    b"<Types><Default Extension=\"xml\"".to_vec()
                } else {
                    data
                },
            ))
        },
        &[],
    );
    let validation = validate(&bytes, &Profile::online());
    assert_eq!(error_codes(&validation), vec!["SV0206"]);
}

#[test]
fn parts_without_a_content_type_are_warnings() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0207");
    // Drop the Override of one extensionless web resource file.
    let bytes = rebuild(
        &read_corpus(MULTI_ENTITY_SEARCH),
        |name, data| {
            if name != CONTENT_TYPES {
                return Some((name.to_owned(), data));
            }
            let text = String::from_utf8(data).expect("utf-8");
            let start = text.find("<Override").expect("an override");
            let end = start + text[start..].find("/>").expect("end") + 2;
            Some((
                name.to_owned(),
                format!("{}{}", &text[..start], &text[end..]).into_bytes(),
            ))
        },
        &[],
    );
    let validation = validate(&bytes, &Profile::online());
    let findings = with_code(&validation, "SV0207");
    assert_eq!(findings.len(), 1);
    assert!(findings[0]
        .location
        .file
        .as_deref()
        .is_some_and(|file| file.starts_with("WebResources/")));
    assert!(findings[0].location.component.is_some());
}

#[test]
fn version_that_is_not_major_minor_build_revision_is_an_error() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0208");
    let bytes = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        SOLUTION,
        "<Version>2.0</Version>",
        "<Version>2.0-beta</Version>",
        1,
    );
    let validation = validate(&bytes, &Profile::online());
    assert_eq!(error_codes(&validation), vec!["SV0208"]);
}

#[test]
fn package_newer_than_the_target_is_an_error() {
    // Contoso was exported from 9.2 online.
    clean(CONTOSO, &Profile::online(), "SV0209");
    let validation = validate(
        &read_corpus(CONTOSO),
        &Profile::online().with_target_version("9.1"),
    );
    let finding = with_code(&validation, "SV0209")[0];
    assert_eq!(
        finding.platform_code.map(|code| code.hex()),
        Some("0x80048068")
    );
    assert!(!has(&validation, "SV0210"));
    // Rewriting the package version to 9.1 makes it acceptable.
    let older = replace_in(
        &read_corpus(CONTOSO),
        SOLUTION,
        r#"SolutionPackageVersion="9.2""#,
        r#"SolutionPackageVersion="9.1""#,
        1,
    );
    assert!(!has(
        &validate(&older, &Profile::online().with_target_version("9.1")),
        "SV0209"
    ));
}

#[test]
fn online_package_into_on_premises_is_an_error() {
    let profile = Profile::onprem().with_target_version("9.2");
    let validation = validate(&read_corpus(CONTOSO), &profile);
    let finding = with_code(&validation, "SV0210")[0];
    assert_eq!(
        finding.platform_code.map(|code| code.hex()),
        Some("0x8004806B")
    );
    let on_premise_export = replace_in(
        &read_corpus(CONTOSO),
        SOLUTION,
        r#"generatedBy="CrmLive""#,
        r#"generatedBy="OnPremise""#,
        1,
    );
    assert!(!has(&validate(&on_premise_export, &profile), "SV0210"));
    // And the online profile never raises it.
    assert!(!has(
        &validate(&read_corpus(CONTOSO), &Profile::online()),
        "SV0210"
    ));
}

#[test]
fn duplicate_component_keys_are_errors() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0211");
    let bytes = rebuild(
        &read_corpus(MULTI_ENTITY_SEARCH),
        |name, data| {
            if name != CUSTOMIZATIONS {
                return Some((name.to_owned(), data));
            }
            let text = String::from_utf8(data).expect("utf-8");
            let start = text.find("<WebResource>").expect("a web resource");
            let end =
                start + text[start..].find("</WebResource>").expect("end") + "</WebResource>".len();
            let copy = text[start..end].to_owned();
            Some((
                name.to_owned(),
                text.replacen(&copy, &format!("{copy}{copy}"), 1)
                    .into_bytes(),
            ))
        },
        &[],
    );
    let validation = validate(&bytes, &Profile::online());
    let findings = with_code(&validation, "SV0211");
    assert_eq!(findings.len(), 1);
    assert!(findings[0].message.contains("2 times"));
    assert_eq!(
        findings[0].location.component.as_deref(),
        Some("webResource:dev1_/html/MultiEntitySearch.htm")
    );
}

#[test]
fn unknown_managed_value_is_an_error() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0212");
    let bytes = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        SOLUTION,
        "<Managed>1</Managed>",
        "<Managed>2</Managed>",
        1,
    );
    let validation = validate(&bytes, &Profile::online());
    assert_eq!(error_codes(&validation), vec!["SV0212"]);
    assert!(with_code(&validation, "SV0212")[0]
        .message
        .contains("pac solution unpack"));
}

#[test]
fn the_default_solution_packaged_as_managed_is_an_error() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0214");
    let managed_default = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        SOLUTION,
        "<UniqueName>MultiEntitySearch</UniqueName>",
        "<UniqueName>Default</UniqueName>",
        1,
    );
    let validation = validate(&managed_default, &Profile::online());
    assert_eq!(error_codes(&validation), vec!["SV0214"]);
    let finding = with_code(&validation, "SV0214")[0];
    assert_eq!(
        finding.platform_code.map(|code| code.hex()),
        Some("0x80048049")
    );
    // Unmanaged, the Default solution is a package the platform takes.
    let unmanaged_default = replace_in(
        &managed_default,
        SOLUTION,
        "<Managed>1</Managed>",
        "<Managed>0</Managed>",
        1,
    );
    assert!(!has(
        &validate(&unmanaged_default, &Profile::online()),
        "SV0214"
    ));
}

// ---------------------------------------------------------------- naming

#[test]
fn invalid_publisher_prefixes_are_warnings() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0221");
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0222");
    let bytes = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        SOLUTION,
        "<CustomizationPrefix>dev1</CustomizationPrefix>",
        "<CustomizationPrefix>mscrmdev</CustomizationPrefix>",
        1,
    );
    let bytes = replace_in(
        &bytes,
        SOLUTION,
        "<CustomizationOptionValuePrefix>77076</CustomizationOptionValuePrefix>",
        "<CustomizationOptionValuePrefix>123</CustomizationOptionValuePrefix>",
        1,
    );
    let validation = validate(&bytes, &Profile::online());
    assert_eq!(
        with_code(&validation, "SV0221")[0].severity,
        Severity::Warning
    );
    assert_eq!(
        with_code(&validation, "SV0222")[0].severity,
        Severity::Warning
    );
    assert!(!validation.has_errors());
}

#[test]
fn custom_names_with_another_prefix_are_information() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0223");
    let bytes = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        CUSTOMIZATIONS,
        "<Name>dev1_/js/MultiEntitySearch.js</Name>",
        "<Name>other_/js/MultiEntitySearch.js</Name>",
        1,
    );
    let validation = validate(&bytes, &Profile::online());
    let findings = with_code(&validation, "SV0223");
    assert_eq!(findings.len(), 1);
    // Normal for another publisher's component: information, never a warning.
    assert_eq!(findings[0].severity, Severity::Information);
    assert!(findings[0].message.contains("prefix other"));
    assert_eq!(
        findings[0].location.component.as_deref(),
        Some("webResource:other_/js/MultiEntitySearch.js")
    );
}

#[test]
fn option_values_outside_the_publisher_range_are_warnings() {
    clean(PENTAWORK, &Profile::online(), "SV0224");
    let bytes = replace_in(
        &read_corpus(PENTAWORK),
        CUSTOMIZATIONS,
        r#"<option value="266890000" ExternalValue="""#,
        r#"<option value="5" ExternalValue="""#,
        1,
    );
    let validation = validate(&bytes, &Profile::online());
    let findings = with_code(&validation, "SV0224");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0].message.contains("266890000–266899999"),
        "{}",
        findings[0].message
    );
    assert!(findings[0]
        .location
        .component
        .as_deref()
        .is_some_and(|component| component.starts_with("attribute:pw_")
            || component.starts_with("optionSet:pw_")));
    assert!(findings[0].location.line.is_some());
}

// ---------------------------------------------------------------- dependencies

#[test]
fn each_missing_dependency_is_a_plain_words_warning() {
    clean(CONTOSO, &Profile::online(), "SV0401");
    let (inspection, validation) =
        validate::validate_package(&read_corpus(PENTAWORK), &Profile::online()).expect("zip");
    let findings = with_code(&validation, "SV0401");
    assert_eq!(
        findings.len(),
        inspection.manifest.missing_dependencies.len()
    );
    assert_eq!(findings.len(), 2);
    for finding in findings {
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(
            finding.platform_code.map(|code| code.hex()),
            Some("0x8004801D")
        );
        assert!(
            finding
                .message
                .contains("from solution ODatav4DataProvider 9.0.0.171"),
            "{}",
            finding.message
        );
        assert!(finding.location.line.is_some());
    }
}

// ---------------------------------------------------------------- managed properties

#[test]
fn managed_property_that_is_not_a_boolean_is_an_error() {
    clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0301");
    let bytes = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        CUSTOMIZATIONS,
        "<CanBeDeleted>1</CanBeDeleted>",
        "<CanBeDeleted>yes</CanBeDeleted>",
        1,
    );
    let validation = validate(&bytes, &Profile::online());
    assert_eq!(error_codes(&validation), vec!["SV0301"]);
    let finding = with_code(&validation, "SV0301")[0];
    assert_eq!(
        finding.platform_code.map(|code| code.hex()),
        Some("0x8004801A")
    );
    assert!(finding.message.contains("\"yes\""));
    // The inspection's own warning for the same value is not repeated.
    assert!(!has(&validation, "SI2002"));
    let web_resources = &validation.managed_properties.by_kind[0];
    let can_be_deleted = web_resources
        .properties
        .iter()
        .find(|tally| tally.name == "CanBeDeleted")
        .expect("tally");
    assert_eq!((can_be_deleted.allowed, can_be_deleted.invalid), (3, 1));
}

#[test]
fn properties_without_effect_and_locked_components() {
    let base = clean(MULTI_ENTITY_SEARCH, &Profile::online(), "SV0302");
    assert!(!has(&base, "SV0303") && !has(&base, "SV0304"));
    assert!(base.managed_properties.applies);
    assert_eq!(base.managed_properties.locked_components, 0);

    // One web resource locked: its CanBeDeleted = 1 has no effect.
    let one = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        CUSTOMIZATIONS,
        "<IsCustomizable>1</IsCustomizable>",
        "<IsCustomizable>0</IsCustomizable>",
        1,
    );
    let validation = validate(&one, &Profile::online());
    let no_effect = with_code(&validation, "SV0302");
    assert_eq!(no_effect.len(), 1);
    assert_eq!(no_effect[0].severity, Severity::Information);
    assert!(no_effect[0].message.contains("CanBeDeleted"));
    assert!(has(&validation, "SV0304") && !has(&validation, "SV0303"));
    let locked: Vec<_> = validation
        .managed_properties
        .components
        .iter()
        .filter(|summary| summary.locked)
        .collect();
    assert_eq!(locked.len(), 1);
    assert!(locked[0].may_change.is_empty());
    assert_eq!(
        locked[0].may_not_change,
        vec!["IsCustomizable", "CanBeDeleted"]
    );

    // All four locked in a managed package: locked down.
    let all = replace_in(
        &read_corpus(MULTI_ENTITY_SEARCH),
        CUSTOMIZATIONS,
        "<IsCustomizable>1</IsCustomizable>",
        "<IsCustomizable>0</IsCustomizable>",
        4,
    );
    let validation = validate(&all, &Profile::online());
    assert_eq!(
        with_code(&validation, "SV0303")[0].severity,
        Severity::Warning
    );
    assert_eq!(validation.managed_properties.by_kind[0].locked, 4);

    // The same package unmanaged: properties are not in force, nothing is locked down.
    let unmanaged = replace_in(
        &all,
        SOLUTION,
        "<Managed>1</Managed>",
        "<Managed>0</Managed>",
        1,
    );
    let validation = validate(&unmanaged, &Profile::online());
    assert!(!has(&validation, "SV0303"));
    assert!(!validation.managed_properties.applies);
}

#[test]
fn summary_per_kind_and_component_for_a_real_managed_package() {
    let name = "microsoft__PowerApps-Samples__ChangeTrackingSample_1_0_0_0_managed.zip";
    let validation = validate(&read_corpus(name), &Profile::online());
    let summary = &validation.managed_properties;
    assert!(summary.applies);
    let entity = summary
        .by_kind
        .iter()
        .find(|kind| kind.kind == solution_inspector::ComponentKind::Entity)
        .expect("a table");
    assert_eq!(entity.components, 1);
    assert!(entity
        .properties
        .iter()
        .any(|tally| tally.name == "CanCreateForms"));
    for component in &summary.components {
        let total = component.may_change.len() + component.may_not_change.len();
        assert!(total > 0, "{}", component.component);
    }
    assert_eq!(summary.components.len(), summary.components_with_properties);
}

// ---------------------------------------------------------------- reports

#[test]
fn json_has_the_documented_shape() {
    let (inspection, validation) =
        validate::validate_package(&read_corpus(KPDAPPS), &Profile::online()).expect("zip");
    let json = validate_json::to_json(&inspection, &validation);
    assert_eq!(json["passed"], false);
    assert_eq!(json["profile"]["kind"], "online");
    assert_eq!(json["counts"]["errors"], 1);
    let findings = json["findings"].as_array().expect("findings");
    for finding in findings {
        for key in ["code", "severity", "message", "location", "category"] {
            assert!(finding.get(key).is_some(), "{key} in {finding}");
        }
    }
    let dependency = findings
        .iter()
        .find(|finding| finding["code"] == "SV0401")
        .expect("a dependency finding");
    assert_eq!(dependency["platformCode"], "0x8004801D");
    assert_eq!(dependency["location"]["file"], "solution.xml");
    let absent = findings
        .iter()
        .find(|finding| finding["code"] == "SV0204")
        .expect("absent file");
    assert_eq!(absent["severity"], "error");
    assert!(absent.get("platformCode").is_none());
    assert!(absent["location"]["component"].is_string());
    assert!(json["managedProperties"]["byKind"].is_array());
}

#[test]
fn sarif_has_the_required_2_1_0_structure() {
    let bytes = replace_in(
        &read_corpus(KPDAPPS),
        SOLUTION,
        "<Version>1.0.55.0</Version>",
        "<Version>one</Version>",
        1,
    );
    let validation = validate(&bytes, &Profile::onprem());
    let sarif = validate_sarif::to_sarif(&validation, "KpdApps.zip");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"]
        .as_str()
        .is_some_and(|schema| schema.contains("sarif-2.1.0")));
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "solinspect");
    let rules = driver["rules"].as_array().expect("rules");
    let rule_ids: Vec<&str> = rules
        .iter()
        .filter_map(|rule| rule["id"].as_str())
        .collect();
    let results = runs[0]["results"].as_array().expect("results");
    assert_eq!(results.len(), validation.findings.len());
    let mut saw_region = false;
    for result in results {
        let rule_id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rule_ids.get(index), Some(&rule_id));
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().expect("level")));
        assert!(result["message"]["text"]
            .as_str()
            .is_some_and(|text| !text.is_empty()));
        let locations = result["locations"].as_array().expect("locations");
        assert!(!locations.is_empty());
        let physical = &locations[0]["physicalLocation"];
        assert!(physical["artifactLocation"]["uri"].as_str().is_some());
        if let Some(region) = physical.get("region") {
            assert!(region["startLine"].as_u64().is_some_and(|line| line >= 1));
            saw_region = true;
        }
    }
    assert!(saw_region);
    for rule in rules {
        assert!(rule["shortDescription"]["text"].as_str().is_some());
    }
    let version = results
        .iter()
        .find(|result| result["ruleId"] == "SV0208")
        .expect("version finding");
    assert_eq!(
        version["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "solution.xml"
    );
    // Findings about the whole package point at the package.
    let online = results
        .iter()
        .find(|result| result["ruleId"] == "SV0101" || result["ruleId"] == "SV0201");
    if let Some(online) = online {
        assert!(online["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].is_string());
    }
}

#[test]
fn every_finding_has_its_codes_severity_category_and_platform_code() {
    for name in corpus_zip_names() {
        for profile in [Profile::onprem(), Profile::online()] {
            for finding in validate(&read_corpus(&name), &profile).findings {
                let entry = finding.code.entry();
                assert!(entry.in_validation(), "{}", finding.code);
                assert_eq!(entry.severity, finding.severity, "{}", finding.code);
                assert_eq!(entry.category, finding.category, "{}", finding.code);
                if let Some(platform) = finding.platform_code {
                    assert_eq!(entry.platform.error(), Some(platform), "{}", finding.code);
                }
            }
        }
    }
}

// ---------------------------------------------------------------- CLI

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("solinspect-validate-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).expect("temp file");
    path
}

fn solinspect(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_solinspect"))
        .args(args)
        .output()
        .expect("run solinspect");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn cli_exit_statuses() {
    let contoso = corpus_path(CONTOSO);
    let contoso = contoso.to_str().expect("path");
    let (status, text) = solinspect(&["validate", contoso]);
    assert_eq!(status, 0, "{text}");
    assert!(text.contains("\n0 errors, "), "{text}");

    // Contoso is a 9.2 online export: on-premises refuses it.
    let (status, json) = solinspect(&[
        "validate",
        contoso,
        "--profile",
        "onprem",
        "--format",
        "json",
    ]);
    assert_eq!(status, 1);
    let json: Value = serde_json::from_str(&json).expect("json");
    assert!(json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|finding| finding["code"] == "SV0210"));
    let (status, _) = solinspect(&["validate", contoso, "--target-version", "9.1"]);
    assert_eq!(status, 1);
    let (status, _) = solinspect(&["validate", contoso, "--max-upload-bytes", "1000"]);
    assert_eq!(status, 1);
    let (status, _) = solinspect(&["validate", contoso, "--max-request-length-kb", "2"]);
    assert_eq!(status, 1);
    let (status, _) = solinspect(&["validate", contoso, "--max-request-length-kb", "3"]);
    assert_eq!(
        status,
        0,
        "the package is {} bytes",
        read_corpus(CONTOSO).len()
    );
    let (status, sarif) = solinspect(&[
        "validate",
        contoso,
        "--max-upload-bytes",
        "1000",
        "--format",
        "sarif",
    ]);
    assert_eq!(status, 1);
    let sarif: Value = serde_json::from_str(&sarif).expect("sarif json");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "SV0101");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        CONTOSO
    );

    let kpdapps = corpus_path(KPDAPPS);
    let (status, _) = solinspect(&["validate", kpdapps.to_str().expect("path")]);
    assert_eq!(status, 1);

    let no_manifest = temp_file(
        "no-manifest.zip",
        &without(&read_corpus(MULTI_ENTITY_SEARCH), SOLUTION),
    );
    let (status, text) = solinspect(&["validate", no_manifest.to_str().expect("path")]);
    assert_eq!(status, 1, "{text}");
    assert!(text.contains("SV0201"), "{text}");

    let not_a_zip = temp_file("not-a-zip.zip", b"this is not a zip file");
    let (status, _) = solinspect(&["validate", not_a_zip.to_str().expect("path")]);
    assert_eq!(status, 2);
    let (status, _) = solinspect(&["validate", "/nonexistent/solution.zip"]);
    assert_eq!(status, 2);
    let (status, _) = solinspect(&["validate", contoso, "--profile", "cloud"]);
    assert_eq!(status, 2);
    let (status, _) = solinspect(&["validate", contoso, "--target-version", "latest"]);
    assert_eq!(status, 2);
    for path in [no_manifest, not_a_zip] {
        let _ = std::fs::remove_file(path);
    }
}

// ---------------------------------------------------------------- API for the app

#[test]
fn changing_the_profile_reruns_the_checks_without_reading_the_zip_again() {
    let bytes = read_corpus(APPRAU);
    let inspection = solution_inspector::inspect(&bytes).expect("zip");
    let online = validate::validate(&inspection, &Profile::online());
    assert!(!has(&online, "SV0101"));
    let tight = validate::validate(
        &inspection,
        &Profile::onprem().with_max_request_length_kb(2048),
    );
    assert!(has(&tight, "SV0101"));
    assert!(has(&tight, "SV0210"), "Apprau was exported online");
    // Without the content types part only that check is skipped.
    let (content_types, problem) = validate::read_content_types(&bytes);
    assert!(problem.is_none());
    let full = validate::validate_with_content_types(
        &inspection,
        content_types.as_ref(),
        &Profile::online(),
        None,
    );
    assert_eq!(full, validate(&bytes, &Profile::online()));
}

#[test]
fn profile_and_validation_round_trip_through_json() {
    let profile: Profile = serde_json::from_str(
        r#"{"kind":"onprem","targetVersion":"9.1","onPremises":true,"maxUploadBytes":52428800,
            "maxUncompressedBytes":209715200,"maxWebResourceBytes":5242880,"checkerMaxBytes":104857600}"#,
    )
    .expect("profile json");
    assert_eq!(
        profile,
        Profile::onprem().with_max_request_length_kb(51_200)
    );
    let validation = validate(&read_corpus(KPDAPPS), &profile);
    let json = serde_json::to_string(&validation).expect("serialize");
    let back: Validation = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, validation);
}

#[test]
fn text_report_lists_findings_and_the_managed_properties_summary() {
    let (inspection, validation) =
        validate::validate_package(&read_corpus(KPDAPPS), &Profile::online()).expect("zip");
    let text = solution_inspector::report::validate_text::to_text(&inspection, &validation, true);
    assert!(
        text.starts_with("verdict: no. KpdApps_Base 1.0.55.0 will not import into"),
        "{text}"
    );
    assert!(
        text.contains("\nChecked KpdApps_Base 1.0.55.0 against"),
        "{text}"
    );
    assert!(text.contains("error SV0204 customizations.xml:"), "{text}");
    assert!(
        text.contains("warning SV0401 [0x8004801D] solution.xml:"),
        "{text}"
    );
    assert!(
        text.contains("1 error, 3 warnings, 0 information"),
        "{text}"
    );
    assert!(
        text.contains("not in force until the package is imported as managed"),
        "{text}"
    );
    assert!(text.contains("Allow customizations"), "{text}");
}
