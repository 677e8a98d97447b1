//! Conversion to managed, over the real corpus: every unmanaged package
//! converts, reads back cleanly, keeps untouched entries byte for byte, applies
//! managed-property policies deterministically, and scores at least the
//! flag-only baseline against the platform's own managed exports.

mod common;

use common::{corpus_dir, corpus_zip_names, read_corpus};
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use solution_inspector::convert::{
    self, editable_properties, ChoiceSource, ManagedPropertyPolicy, RefusalReason,
};
use solution_inspector::{inspect, ComponentKind, Inspection, Severity};

const SEMDIFF: &str = "tests/tools/semdiff.py";
const KPD: &str =
    "KpdApps__KpdApps.Common.MsCrm2015__KpdApps_Base_1_0_55_0_unmanaged_rawfolder.zip";

fn is_unmanaged(inspection: &Inspection) -> bool {
    inspection.manifest.managed() != Some(true) && inspection.manifest.managed_raw.trim() != "2"
}

/// (name, CRC, raw compressed bytes) of every entry, in order.
fn raw_entries(bytes: &[u8]) -> Vec<(String, u32, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a readable zip");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index_raw(index).expect("a readable entry");
            let name = file.name().expect("a UTF-8 name").into_owned();
            let crc = file.crc32();
            let mut raw = Vec::new();
            file.read_to_end(&mut raw).expect("raw data");
            (name, crc, raw)
        })
        .collect()
}

fn inflated(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a readable zip");
    let mut file = archive.by_name(name).expect("the entry exists");
    let mut out = Vec::new();
    file.read_to_end(&mut out).expect("inflates");
    out
}

fn error_codes(inspection: &Inspection) -> Vec<(String, Option<String>)> {
    let mut codes: Vec<(String, Option<String>)> = inspection
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| (diagnostic.code.to_string(), diagnostic.file.clone()))
        .collect();
    codes.sort();
    codes
}

/// Compares with the stored snapshot, or rewrites it under UPDATE_SNAPSHOTS=1.
fn check_snapshot(name: &str, actual: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/convert")
        .join(format!("{name}.json"));
    let rendered = serde_json::to_string_pretty(actual).expect("serializable") + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("snapshot folder");
        std::fs::write(&path, &rendered).expect("snapshot written");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    assert_eq!(
        expected,
        rendered,
        "conversion report differs from {} (UPDATE_SNAPSHOTS=1 rewrites it)",
        path.display()
    );
}

#[test]
fn every_unmanaged_corpus_package_converts_and_reads_back() {
    let mut converted_count = 0;
    for name in corpus_zip_names() {
        let bytes = read_corpus(&name);
        let before = inspect(&bytes).expect("corpus packages open");
        if !is_unmanaged(&before) {
            continue;
        }
        let converted = convert::convert(&bytes, &before, &ManagedPropertyPolicy::new())
            .unwrap_or_else(|refusal| panic!("{name}: refused: {refusal}"));
        converted_count += 1;
        let after = inspect(&converted.bytes).expect("the output opens");
        assert_eq!(after.manifest.managed(), Some(true), "{name}: not managed");

        // No new error diagnostics.
        let new_errors: Vec<_> = error_codes(&after)
            .into_iter()
            .filter(|code| !error_codes(&before).contains(code))
            .collect();
        assert!(new_errors.is_empty(), "{name}: new errors {new_errors:?}");

        // Same components, except the ones the report lists as dropped.
        let dropped: Vec<&str> = converted
            .report
            .dropped_components
            .iter()
            .map(|dropped| dropped.component.as_str())
            .collect();
        let expected_keys: Vec<String> = before
            .components
            .iter()
            .map(|component| component.key())
            .filter(|key| !dropped.contains(&key.as_str()))
            .collect();
        let actual_keys: Vec<String> = after.components.iter().map(|c| c.key()).collect();
        assert_eq!(expected_keys, actual_keys, "{name}: components differ");
        assert_eq!(
            before.components.len() - after.components.len(),
            dropped.len(),
            "{name}"
        );

        // Untouched entries: same names, order, CRC and compressed bytes.
        let input_entries = raw_entries(&bytes);
        let output_entries = raw_entries(&converted.bytes);
        assert_eq!(
            input_entries.iter().map(|e| &e.0).collect::<Vec<_>>(),
            output_entries.iter().map(|e| &e.0).collect::<Vec<_>>(),
            "{name}: entry names or order changed"
        );
        for (input, output) in input_entries.iter().zip(&output_entries) {
            if converted.report.changed_entries.contains(&input.0) {
                assert_ne!(input.2, output.2, "{name}: {} reported changed", input.0);
                continue;
            }
            assert_eq!(input.1, output.1, "{name}: CRC of {} changed", input.0);
            assert!(input.2 == output.2, "{name}: bytes of {} changed", input.0);
        }
        assert_eq!(
            converted.report.copied_entries + converted.report.changed_entries.len(),
            input_entries.len()
        );

        // Changed XML keeps its encoding and its first line (declaration).
        assert_eq!(after.solution_encoding, before.solution_encoding, "{name}");
        assert_eq!(
            after.customizations_encoding, before.customizations_encoding,
            "{name}"
        );
        for entry in &converted.report.changed_entries {
            let old = inflated(&bytes, entry);
            let new = inflated(&converted.bytes, entry);
            let first_line = |data: &[u8]| {
                data.split(|&byte| byte == b'\n')
                    .next()
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default()
            };
            if !old.starts_with(b"<ImportExportXml") {
                assert_eq!(first_line(&old), first_line(&new), "{name}: {entry}");
            }
            let crlf = |data: &[u8]| data.windows(2).filter(|pair| pair == b"\r\n").count();
            let lf = |data: &[u8]| data.iter().filter(|&&byte| byte == b'\n').count();
            // Line endings keep their style: CRLF files stay CRLF-only, LF stay LF.
            assert_eq!(
                crlf(&old) == lf(&old),
                crlf(&new) == lf(&new),
                "{name}: {entry}"
            );
        }

        let snapshot_name = name.trim_end_matches(".zip");
        check_snapshot(
            snapshot_name,
            &serde_json::to_value(&converted.report).expect("serializable"),
        );
    }
    assert!(
        converted_count >= 10,
        "only {converted_count} packages converted"
    );
}

#[test]
fn already_managed_packages_are_refused() {
    let mut refused = 0;
    for name in corpus_zip_names() {
        let bytes = read_corpus(&name);
        let inspection = inspect(&bytes).expect("corpus packages open");
        if is_unmanaged(&inspection) {
            continue;
        }
        let refusal = convert::convert(&bytes, &inspection, &ManagedPropertyPolicy::new())
            .expect_err("a managed package is refused");
        assert_eq!(refusal.reason(), RefusalReason::AlreadyManaged, "{name}");
        assert!(
            refusal.to_string().contains("already a managed solution"),
            "{name}"
        );
        refused += 1;
    }
    assert!(
        refused >= 5,
        "only {refused} managed packages in the corpus"
    );
}

#[test]
fn locking_one_entity_locks_it_and_what_it_owns_and_nothing_else() {
    let bytes = read_corpus(KPD);
    let before = inspect(&bytes).expect("opens");
    let mut policy = ManagedPropertyPolicy::new();
    policy.lock_entity(&before, "kpd_logmessage");

    let listing = editable_properties(&before, &policy);
    let entity = listing
        .iter()
        .find(|component| component.key == "entity:kpd_logmessage")
        .expect("the table is editable");
    let is_customizable = &entity.properties[0];
    assert_eq!(is_customizable.name, "IsCustomizable");
    assert_eq!(is_customizable.package_value, Some(true));
    assert!(!is_customizable.value);
    assert_eq!(is_customizable.source, ChoiceSource::Entity);
    assert!(entity.properties.iter().all(|property| !property.effective));

    let converted = convert::convert(&bytes, &before, &policy).expect("converts");
    let after = inspect(&converted.bytes).expect("opens");
    let entity = after
        .find(ComponentKind::Entity, "kpd_logmessage")
        .expect("the table is still there");
    assert_eq!(
        entity.property("IsCustomizable").and_then(|p| p.value),
        Some(false)
    );
    // The other table properties keep their values; they are ineffective now.
    assert_eq!(
        entity.property("IsRenameable").and_then(|p| p.value),
        Some(true)
    );
    assert_eq!(entity.effective("IsRenameable"), Some(false));
    let owned: Vec<_> = after
        .components
        .iter()
        .filter(|component| component.parent.as_deref() == Some("kpd_logmessage"))
        .filter(|component| component.property("IsCustomizable").is_some())
        .collect();
    assert!(owned.len() > 10, "only {} owned components", owned.len());
    for component in owned {
        assert_eq!(
            component.property("IsCustomizable").and_then(|p| p.value),
            Some(false),
            "{}",
            component.key()
        );
    }
    for component in after.components.iter().filter(|component| {
        component.kind == ComponentKind::Entity && component.name != "kpd_logmessage"
    }) {
        let original = before
            .find(ComponentKind::Entity, &component.name)
            .expect("kept");
        assert_eq!(component.managed_properties, original.managed_properties);
    }
    assert!(converted
        .report
        .property_changes
        .iter()
        .any(|change| change.component == "entity:kpd_logmessage"
            && change.property == "IsCustomizable"
            && change.from == Some(true)
            && !change.to));
    // Only the two XML files change; the rest are raw copies.
    let mut changed = converted.report.changed_entries.clone();
    changed.sort();
    assert_eq!(
        changed,
        vec!["customizations.xml".to_owned(), "solution.xml".to_owned()]
    );
}

#[test]
fn a_saved_policy_applied_twice_gives_identical_bytes() {
    let bytes = read_corpus(KPD);
    let inspection = inspect(&bytes).expect("opens");
    let mut policy = ManagedPropertyPolicy::new();
    policy.lock_kind(ComponentKind::View);
    policy.lock_entity(&inspection, "kpd_logmessage");
    policy.set("entity:kpd_logmessage", "CanCreateForms", false);
    policy.set("entity:new_gone_in_this_version", "IsCustomizable", false);
    let saved = policy.to_json();
    let loaded = ManagedPropertyPolicy::from_json(&saved).expect("reads back");
    assert_eq!(loaded, policy);
    assert_eq!(loaded.to_json(), saved, "saving is stable");

    let first = convert::convert(&bytes, &inspection, &loaded).expect("converts");
    let second = convert::convert(&bytes, &inspection, &loaded).expect("converts");
    assert!(
        first.bytes == second.bytes,
        "conversion is not deterministic"
    );
    assert_eq!(first.report, second.report);
    // A rule for a component this version lacks is reported, not an error.
    assert!(first.report.notes.iter().any(|note| note.code == "SI5001"
        && note.component.as_deref() == Some("entity:new_gone_in_this_version")));
}

#[test]
fn a_missing_property_is_inserted_where_the_platform_writes_it() {
    let bytes = read_corpus(KPD);
    let inspection = inspect(&bytes).expect("opens");
    let entity = inspection
        .find(ComponentKind::Entity, "kpd_logmessage")
        .expect("table");
    assert!(entity.property("CanChangeTrackingBeEnabled").is_none());
    let mut policy = ManagedPropertyPolicy::new();
    policy.set("entity:kpd_logmessage", "CanChangeTrackingBeEnabled", false);
    let converted = convert::convert(&bytes, &inspection, &policy).expect("converts");
    let text = String::from_utf8(inflated(&converted.bytes, "customizations.xml")).expect("utf-8");
    assert!(text.contains(
        "          <CanChangeHierarchicalRelationship>1</CanChangeHierarchicalRelationship>\n          <CanChangeTrackingBeEnabled>0</CanChangeTrackingBeEnabled>\n"
    ));
    let after = inspect(&converted.bytes).expect("opens");
    let entity = after
        .find(ComponentKind::Entity, "kpd_logmessage")
        .expect("table");
    assert_eq!(
        entity
            .property("CanChangeTrackingBeEnabled")
            .and_then(|p| p.value),
        Some(false)
    );
    // Setting a property to the value the package already has changes nothing.
    let mut same = ManagedPropertyPolicy::new();
    same.set("entity:kpd_logmessage", "IsCustomizable", true);
    let unchanged = convert::convert(&bytes, &inspection, &same).expect("converts");
    assert_eq!(
        unchanged.report.changed_entries,
        vec!["solution.xml".to_owned()]
    );
}

#[test]
fn allow_all_and_lock_everything_cover_the_maker_portal_properties_only() {
    let bytes = read_corpus(
        "microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_unmanaged.zip",
    );
    let inspection = inspect(&bytes).expect("opens");
    let mut policy = ManagedPropertyPolicy::new();
    policy.allow_all();
    let converted = convert::convert(&bytes, &inspection, &policy).expect("converts");
    // CanBeDeleted=0 and similar system-fixed flags are not bulk properties.
    assert!(converted
        .report
        .property_changes
        .iter()
        .all(|change| change.property != "CanBeDeleted" && change.to));
    // The publisher's own locked keys are allowed again; the system columns
    // locked by their base layer (processid, stageid, traversedpath) are not.
    let loosened: Vec<&str> = converted
        .report
        .property_changes
        .iter()
        .filter(|change| change.property == "IsCustomizable" && change.from == Some(false))
        .map(|change| change.component.as_str())
        .collect();
    assert!(
        loosened.contains(&"entityKey:msdyn_warehouse/msdynce_name"),
        "{loosened:?}"
    );
    assert!(
        !loosened.iter().any(|key| key.ends_with("/processid")),
        "{loosened:?}"
    );
    let mut named = ManagedPropertyPolicy::new();
    named.set(
        "attribute:msdyn_workorder/processid",
        "IsCustomizable",
        true,
    );
    let forced = convert::convert(&bytes, &inspection, &named).expect("converts");
    assert_eq!(forced.report.property_changes.len(), 1);

    policy.lock_everything();
    let locked = convert::convert(&bytes, &inspection, &policy).expect("converts");
    let after = inspect(&locked.bytes).expect("opens");
    for component in &after.components {
        if let Some(property) = component.property("IsCustomizable") {
            assert_eq!(property.value, Some(false), "{}", component.key());
        }
    }
    let listing = editable_properties(&inspection, &policy);
    assert!(listing
        .iter()
        .flat_map(|component| &component.properties)
        .all(|property| !property.effective));
}

fn solinspect(args: &[&str], dir: &Path) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_solinspect"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("solinspect runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("solinspect-convert-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

#[test]
fn cli_exit_statuses_and_default_output_name() {
    let dir = scratch_dir("cli");
    let corpus = corpus_dir();
    let unmanaged = corpus.join("scottdurow__SparkleXrm__StartMenu_1_4_unmanaged.zip");
    let managed = corpus.join("scottdurow__SparkleXrm__StartMenu_1_4_managed.zip");

    let (status, stdout, _) = solinspect(&["convert", unmanaged.to_str().expect("utf-8")], &dir);
    assert_eq!(status, 0, "{stdout}");
    let default_output = dir.join("StartMenu_1_4_managed.zip");
    let written = std::fs::read(&default_output).expect("the default output name is used");
    assert_eq!(
        inspect(&written).expect("opens").manifest.managed(),
        Some(true)
    );

    let out = dir.join("out.zip");
    let (status, _, _) = solinspect(
        &[
            "convert",
            unmanaged.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ],
        &dir,
    );
    assert_eq!(status, 0);
    assert_eq!(std::fs::read(&out).expect("written"), written);

    let (status, _, stderr) = solinspect(&["convert", managed.to_str().expect("utf-8")], &dir);
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("already a managed solution"), "{stderr}");

    let garbage = dir.join("garbage.zip");
    std::fs::write(&garbage, b"not a zip").expect("written");
    let (status, _, _) = solinspect(&["convert", garbage.to_str().expect("utf-8")], &dir);
    assert_eq!(status, 2);
    let (status, _, _) = solinspect(&["convert", "does-not-exist.zip"], &dir);
    assert_eq!(status, 2);

    // A policy file: locking one entity with the same JSON the page saves.
    let kpd = corpus.join(KPD);
    let policy_path = dir.join("policy.json");
    std::fs::File::create(&policy_path)
        .and_then(|mut file| {
            file.write_all(
                br#"{"version":1,"entities":{"kpd_logmessage":{"IsCustomizable":false}}}"#,
            )
        })
        .expect("policy written");
    let locked = dir.join("locked.zip");
    let (status, stdout, stderr) = solinspect(
        &[
            "convert",
            kpd.to_str().expect("utf-8"),
            "-o",
            locked.to_str().expect("utf-8"),
            "--managed-properties",
            policy_path.to_str().expect("utf-8"),
        ],
        &dir,
    );
    assert_eq!(status, 0, "{stdout}{stderr}");
    let after = inspect(&std::fs::read(&locked).expect("written")).expect("opens");
    let entity = after
        .find(ComponentKind::Entity, "kpd_logmessage")
        .expect("table");
    assert_eq!(
        entity.property("IsCustomizable").and_then(|p| p.value),
        Some(false)
    );

    // A package with error findings still converts; the errors come first on stderr.
    let unmanaged_bytes = std::fs::read(&unmanaged).expect("corpus");
    let mut source = zip::ZipArchive::new(Cursor::new(&unmanaged_bytes)).expect("zip");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..source.len() {
        writer
            .raw_copy_file(source.by_index_raw(index).expect("entry"))
            .expect("copy");
    }
    writer
        .start_file("../outside.txt", zip::write::SimpleFileOptions::default())
        .expect("start");
    writer.write_all(b"x").expect("write");
    let flawed = dir.join("flawed.zip");
    std::fs::write(&flawed, writer.finish().expect("finish").into_inner()).expect("written");
    let flawed_out = dir.join("flawed-managed.zip");
    let (status, _, stderr) = solinspect(
        &[
            "convert",
            flawed.to_str().expect("utf-8"),
            "-o",
            flawed_out.to_str().expect("utf-8"),
        ],
        &dir,
    );
    assert_eq!(status, 0, "{stderr}");
    assert!(stderr.contains("error SI1010"), "{stderr}");
    let flawed_after = inspect(&std::fs::read(&flawed_out).expect("written")).expect("opens");
    assert_eq!(flawed_after.manifest.managed(), Some(true));

    std::fs::write(&policy_path, b"{\"version\":7}").expect("written");
    let (status, _, stderr) = solinspect(
        &[
            "convert",
            kpd.to_str().expect("utf-8"),
            "-o",
            locked.to_str().expect("utf-8"),
            "--managed-properties",
            policy_path.to_str().expect("utf-8"),
        ],
        &dir,
    );
    assert_eq!(status, 2, "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A corpus pair: the platform's unmanaged and managed exports of one solution.
struct Pair {
    id: String,
    genuine: bool,
    unmanaged: String,
    managed: String,
}

fn corpus_pairs() -> Vec<Pair> {
    let manifest =
        std::fs::read_to_string(corpus_dir().join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|column| *column == name)
            .unwrap_or_else(|| panic!("MANIFEST.tsv has no {name} column"))
    };
    let (file, managed, pair) = (column("file"), column("managed"), column("pair_id"));
    let mut by_pair: BTreeMap<String, (Option<String>, Option<String>, String)> = BTreeMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let pair_text = fields
            .get(pair)
            .copied()
            .unwrap_or_default()
            .trim_matches('"');
        if pair_text.is_empty() {
            continue;
        }
        let id = pair_text.split(':').next().unwrap_or_default().to_owned();
        let slot = by_pair
            .entry(id)
            .or_insert((None, None, pair_text.to_owned()));
        let name = fields.get(file).copied().unwrap_or_default().to_owned();
        if fields.get(managed) == Some(&"1") {
            slot.1 = Some(name);
        } else {
            slot.0 = Some(name);
        }
    }
    by_pair
        .into_iter()
        .filter_map(|(id, (unmanaged, managed, text))| {
            Some(Pair {
                id,
                genuine: text.contains("genuine export"),
                unmanaged: unmanaged?,
                managed: managed?,
            })
        })
        .collect()
}

/// The baseline converter: only `<Managed>0</Managed>` flipped, every other
/// entry copied raw.
fn flag_only(bytes: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let name = archive
            .by_index_raw(index)
            .expect("entry")
            .name()
            .expect("name")
            .into_owned();
        if name == "solution.xml" {
            let mut text = Vec::new();
            archive
                .by_index(index)
                .expect("entry")
                .read_to_end(&mut text)
                .expect("inflates");
            let flipped = String::from_utf8(text).expect("utf-8").replacen(
                "<Managed>0</Managed>",
                "<Managed>1</Managed>",
                1,
            );
            writer
                .start_file(name, zip::write::SimpleFileOptions::default())
                .expect("start");
            writer.write_all(flipped.as_bytes()).expect("write");
        } else {
            writer
                .raw_copy_file(archive.by_index_raw(index).expect("entry"))
                .expect("copy");
        }
    }
    writer.finish().expect("finish").into_inner()
}

fn semdiff_score(candidate: &Path, reference: &Path) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEMDIFF);
    let output = Command::new("python3")
        .arg(&script)
        .arg(candidate)
        .arg(reference)
        .output()
        .unwrap_or_else(|err| {
            panic!(
                "python3 is needed to run {} and could not be started: {err}",
                script.display()
            )
        });
    assert!(
        output.status.success(),
        "semdiff.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("semdiff.py prints JSON")
}

/// `customizations.xml` with every `<FormXml>…</FormXml>` block cut out.
fn without_form_xml(text: &[u8]) -> Vec<u8> {
    let (open, close) = (b"<FormXml>".as_slice(), b"</FormXml>".as_slice());
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.windows(open.len()).position(|window| window == open) {
        out.extend_from_slice(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after
            .windows(close.len())
            .position(|window| window == close)
        else {
            rest = &[];
            break;
        };
        rest = &after[end + close.len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[test]
fn fidelity_against_the_platforms_managed_exports() {
    let pairs = corpus_pairs();
    assert!(
        pairs.iter().filter(|pair| pair.genuine).count() >= 3,
        "genuine pairs missing"
    );
    let dir = scratch_dir("fidelity");
    println!("pair  genuine  ours      baseline  (semdiff.py score; customizations.xml score)");
    for pair in &pairs {
        let unmanaged = read_corpus(&pair.unmanaged);
        let managed = read_corpus(&pair.managed);
        let inspection = inspect(&unmanaged).expect("opens");
        let converted = convert::convert(&unmanaged, &inspection, &ManagedPropertyPolicy::new())
            .expect("converts");
        let ours_path = dir.join(format!("{}-ours.zip", pair.id));
        let baseline_path = dir.join(format!("{}-baseline.zip", pair.id));
        std::fs::write(&ours_path, &converted.bytes).expect("written");
        std::fs::write(&baseline_path, flag_only(&unmanaged)).expect("written");
        let reference = corpus_dir().join(&pair.managed);
        let ours = semdiff_score(&ours_path, &reference);
        let baseline = semdiff_score(&baseline_path, &reference);
        let score = |value: &serde_json::Value| value["score"].as_f64().expect("a score");
        let member = |value: &serde_json::Value| {
            value["score_by_member"]["customizations.xml"]
                .as_f64()
                .map_or("-".to_owned(), |score| format!("{score:.6}"))
        };
        println!(
            "{}   {:7}  {:.6}  {:.6}  ({} vs {})",
            pair.id,
            pair.genuine,
            score(&ours),
            score(&baseline),
            member(&ours),
            member(&baseline)
        );
        if !pair.genuine {
            continue;
        }
        assert!(
            score(&ours) >= score(&baseline),
            "{}: {} is below the flag-only baseline {}",
            pair.id,
            score(&ours),
            score(&baseline)
        );
        // The forms reported as kept full (R5) are exactly the ones the
        // platform wrote as a diff (with solutionaction attributes).
        let platform_text =
            String::from_utf8_lossy(&inflated(&managed, "customizations.xml")).into_owned();
        let mut diff_forms = diff_form_ids(&platform_text);
        diff_forms.sort();
        let mut reported: Vec<String> = converted
            .report
            .notes
            .iter()
            .filter(|note| note.code == "SI5003")
            .filter_map(|note| note.component.as_deref())
            .map(|key| key.trim_start_matches("form:").to_ascii_lowercase())
            .collect();
        reported.sort();
        assert_eq!(reported, diff_forms, "{}: diff forms", pair.id);

        // Everything outside FormXml is byte-identical to the platform's export.
        let ours_entries = raw_entries(&converted.bytes);
        for (name, _, _) in &ours_entries {
            let ours_content = inflated(&converted.bytes, name);
            let platform_content = inflated(&managed, name);
            if name == "customizations.xml" {
                assert!(
                    without_form_xml(&ours_content) == without_form_xml(&platform_content),
                    "{}: customizations.xml differs outside FormXml",
                    pair.id
                );
            } else {
                assert!(
                    ours_content == platform_content,
                    "{}: {name} differs",
                    pair.id
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn utf16_xml_keeps_its_encoding_and_unmodified_forms_are_dropped() {
    use solution_inspector::text::{decode, TextEncoding};
    let solution = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<ImportExportXml version=\"9.1\" languagecode=\"1033\">\r\n  <SolutionManifest>\r\n    <UniqueName>Wide</UniqueName>\r\n    <Version>2.1.0.3</Version>\r\n    <Managed>0</Managed>\r\n    <Publisher>\r\n      <UniqueName>pub</UniqueName>\r\n      <CustomizationPrefix>new</CustomizationPrefix>\r\n    </Publisher>\r\n  </SolutionManifest>\r\n</ImportExportXml>";
    let customizations = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<ImportExportXml>\r\n  <Entities>\r\n    <Entity>\r\n      <Name LocalizedName=\"Thing\">new_thing</Name>\r\n      <EntityInfo>\r\n        <entity Name=\"new_thing\">\r\n          <attributes />\r\n          <IntroducedVersion>1.0</IntroducedVersion>\r\n          <IsCustomizable>1</IsCustomizable>\r\n          <IsRenameable>1</IsRenameable>\r\n        </entity>\r\n      </EntityInfo>\r\n      <FormXml>\r\n        <forms type=\"main\">\r\n          <systemform>\r\n            <formid>{11111111-1111-1111-1111-111111111111}</formid>\r\n            <form />\r\n            <IsCustomizable>1</IsCustomizable>\r\n          </systemform>\r\n        </forms>\r\n        <forms type=\"quick\">\r\n          <systemform unmodified=\"1\">\r\n            <formid>{22222222-2222-2222-2222-222222222222}</formid>\r\n          </systemform>\r\n        </forms>\r\n      </FormXml>\r\n    </Entity>\r\n  </Entities>\r\n  <Languages>\r\n    <Language>1033</Language>\r\n  </Languages>\r\n</ImportExportXml>";
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in [
        (
            "customizations.xml",
            TextEncoding::Utf16Le.encode(customizations),
        ),
        ("solution.xml", TextEncoding::Utf16Le.encode(solution)),
        ("[Content_Types].xml", b"<Types />".to_vec()),
    ] {
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        writer.write_all(&content).expect("write");
    }
    let bytes = writer.finish().expect("finish").into_inner();
    let inspection = inspect(&bytes).expect("opens");
    let mut policy = ManagedPropertyPolicy::new();
    policy.lock_entity(&inspection, "new_thing");
    let converted = convert::convert(&bytes, &inspection, &policy).expect("converts");
    assert_eq!(converted.report.file_name, "Wide_2_1_0_3_managed.zip");

    let solution_out = inflated(&converted.bytes, "solution.xml");
    let (text, encoding, bad) = decode(&solution_out);
    assert_eq!((encoding, bad), (TextEncoding::Utf16Le, false));
    assert_eq!(
        text,
        solution.replace("<Managed>0</Managed>", "<Managed>1</Managed>")
    );

    let customizations_out = inflated(&converted.bytes, "customizations.xml");
    let (text, encoding, _) = decode(&customizations_out);
    assert_eq!(encoding, TextEncoding::Utf16Le);
    let expected = customizations
        .replace(
            "<IsCustomizable>1</IsCustomizable>\r\n          <IsRenameable>",
            "<IsCustomizable>0</IsCustomizable>\r\n          <IsRenameable>",
        )
        .replace(
            "<form />\r\n            <IsCustomizable>1</IsCustomizable>",
            "<form />\r\n            <IsCustomizable>0</IsCustomizable>",
        )
        .replace("        <forms type=\"quick\">\r\n          <systemform unmodified=\"1\">\r\n            <formid>{22222222-2222-2222-2222-222222222222}</formid>\r\n          </systemform>\r\n        </forms>\r\n", "");
    assert_eq!(text, expected);
    assert_eq!(
        converted
            .report
            .dropped_components
            .iter()
            .map(|dropped| dropped.component.as_str())
            .collect::<Vec<_>>(),
        vec!["form:{22222222-2222-2222-2222-222222222222}"]
    );
    let after = inspect(&converted.bytes).expect("opens");
    assert_eq!(after.manifest.managed(), Some(true));
    assert_eq!(after.count(ComponentKind::Form), 1);
}

#[test]
fn editable_property_listing_snapshot() {
    // The listing the page's editor is built on, for a package with one owned
    // table and a policy that locks views and makes the table not renameable.
    let bytes = read_corpus(KPD);
    let inspection = inspect(&bytes).expect("opens");
    let mut policy = ManagedPropertyPolicy::new();
    policy.lock_kind(ComponentKind::View);
    policy.set("entity:kpd_logmessage", "IsRenameable", false);
    let listing = editable_properties(&inspection, &policy);
    assert!(listing
        .iter()
        .all(|component| !component.properties.is_empty()));
    check_snapshot(
        "editable-KpdApps_Base",
        &serde_json::to_value(&listing).expect("serializable"),
    );
}

/// Ids of the forms a managed export writes as a diff (`solutionaction` inside).
fn diff_form_ids(customizations: &str) -> Vec<String> {
    customizations
        .split("<systemform")
        .skip(1)
        .filter_map(|form| {
            let form = form.split("</systemform>").next().unwrap_or_default();
            let id = form.split("<formid>").nth(1)?.split("</formid>").next()?;
            form.contains("solutionaction=")
                .then(|| id.trim().to_ascii_lowercase())
        })
        .collect()
}

#[test]
fn folder_defined_components_get_their_choices_in_their_own_files() {
    let bytes = read_corpus(
        "microsoft__Dynamics-365-FastTrack-Implementation-Assets__BatchMonitoringAgent_Solution_1_0_0_3_unmanaged.zip",
    );
    let inspection = inspect(&bytes).expect("opens");
    let locked_apis: Vec<String> = inspection
        .components
        .iter()
        .filter(|component| component.kind == ComponentKind::CustomApi)
        .filter(|component| component.effective("IsCustomizable") == Some(false))
        .map(|component| component.key())
        .collect();
    assert!(
        !locked_apis.is_empty(),
        "the corpus package has a locked custom API"
    );
    // These custom APIs come from an AI model (msdyn_, not the publisher's
    // prefix "new"): "allow all" leaves their lock alone, a named rule lifts it.
    let mut policy = ManagedPropertyPolicy::new();
    policy.allow_all();
    let bulk = convert::convert(&bytes, &inspection, &policy).expect("converts");
    assert!(bulk.report.property_changes.is_empty());
    for key in &locked_apis {
        policy.set(key, "IsCustomizable", true);
    }
    let converted = convert::convert(&bytes, &inspection, &policy).expect("converts");
    let after = inspect(&converted.bytes).expect("opens");
    for key in &locked_apis {
        let component = after
            .components
            .iter()
            .find(|component| &component.key() == key)
            .expect("kept");
        assert_eq!(component.effective("IsCustomizable"), Some(true), "{key}");
        assert!(converted
            .report
            .changed_entries
            .contains(&component.source.file));
        let text =
            String::from_utf8(inflated(&converted.bytes, &component.source.file)).expect("utf-8");
        assert!(
            text.contains("  <iscustomizable>1</iscustomizable>\r\n")
                || text.contains("  <iscustomizable>1</iscustomizable>\n")
        );
    }
    assert_eq!(error_codes(&after), error_codes(&inspection));
}

/// Validation of the managed output finds no error the unmanaged original did not
/// already have (compared by finding code, under the online profile).
#[test]
fn converted_packages_validate_with_no_new_error() {
    use solution_inspector::validate::{validate_package, Profile};
    let profile = Profile::online();
    let error_codes = |bytes: &[u8]| -> std::collections::BTreeSet<String> {
        let (_, validation) = validate_package(bytes, &profile).expect("a readable zip");
        validation
            .findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
            .map(|finding| finding.code.to_string())
            .collect()
    };
    let mut converted_count = 0;
    for name in corpus_zip_names() {
        let bytes = read_corpus(&name);
        let inspection = inspect(&bytes).expect("opens");
        if !is_unmanaged(&inspection) {
            continue;
        }
        let converted = solution_inspector::convert::convert(
            &bytes,
            &inspection,
            &ManagedPropertyPolicy::default(),
        )
        .unwrap_or_else(|refusal| panic!("{name}: refused: {refusal:?}"));
        let before = error_codes(&bytes);
        let after = error_codes(&converted.bytes);
        let new: Vec<_> = after.difference(&before).collect();
        assert!(
            new.is_empty(),
            "{name}: validation of the managed output adds {new:?}"
        );
        converted_count += 1;
    }
    assert!(
        converted_count >= 10,
        "only {converted_count} unmanaged packages"
    );
}

/// "Lock every table" on FieldServiceIntegration: the editor says how many tables it locks,
/// how many were locked already, and which tables it does not offer (another solution's,
/// whose managed properties belong to that solution's layer), and the conversion agrees.
#[test]
fn locking_a_kind_tells_what_it_locks_and_what_it_does_not_offer() {
    let bytes = read_corpus(
        "microsoft__Dynamics-365-FastTrack-Implementation-Assets__msdynce_FieldServiceIntegration_2_0_0_1_unmanaged.zip",
    );
    let inspection = inspect(&bytes).expect("opens");
    let policy = ManagedPropertyPolicy::new();
    let effect = convert::lock_kind_effect(&inspection, &policy, ComponentKind::Entity);
    let tables = inspection.count(ComponentKind::Entity);
    assert_eq!(
        effect.locked + effect.already_locked + effect.kept_by_table + effect.not_offered.len(),
        tables
    );
    assert_eq!(
        (effect.locked, effect.already_locked, effect.kept_by_table),
        (2, 0, 0)
    );
    assert_eq!(effect.not_offered.len(), 11, "{:?}", effect.not_offered);
    // Each is in the package without a managed property of its own (a root component without
    // its subcomponents, or left unmodified): its own solution's layer sets them.
    for name in &effect.not_offered {
        let table = inspection.find(ComponentKind::Entity, name).unwrap();
        assert!(
            table.managed_properties.is_empty(),
            "{name}: {:?}",
            table.managed_properties
        );
    }
    assert!(effect
        .not_offered
        .iter()
        .any(|name| name == "msdyn_workorder"));
    let offered: Vec<String> = editable_properties(&inspection, &policy)
        .into_iter()
        .filter(|component| component.kind == ComponentKind::Entity)
        .map(|component| component.name)
        .collect();
    assert!(offered
        .iter()
        .all(|name| !effect.not_offered.contains(name)));

    // The conversion turns off exactly the tables it said it locks.
    let mut locked_policy = policy.clone();
    locked_policy.lock_kind(ComponentKind::Entity);
    let converted = convert::convert(&bytes, &inspection, &locked_policy).expect("converts");
    let tables_locked = converted
        .report
        .property_changes
        .iter()
        .filter(|change| {
            change.property == "IsCustomizable" && change.component.starts_with("entity:")
        })
        .count();
    assert_eq!(tables_locked, effect.locked);

    // Locked again, every offered table is locked already.
    let again = convert::lock_kind_effect(&inspection, &locked_policy, ComponentKind::Entity);
    assert_eq!((again.locked, again.already_locked), (0, effect.locked));
    assert_eq!(again.not_offered, effect.not_offered);

    // A choice for one table keeps it allowed.
    let mut kept_policy = ManagedPropertyPolicy::new();
    kept_policy
        .entities
        .entry(offered[0].clone())
        .or_default()
        .insert("IsCustomizable".into(), true);
    let kept = convert::lock_kind_effect(&inspection, &kept_policy, ComponentKind::Entity);
    assert_eq!((kept.locked, kept.kept_by_table), (effect.locked - 1, 1));
}
