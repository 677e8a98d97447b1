//! Progress reports of inspect, validate and convert: monotonic, from 0 to the
//! declared total, and moving inside one large customizations.xml.

mod common;

use std::io::{Cursor, Write};

use common::{corpus, read_corpus};
use solution_inspector::convert::{self, ManagedPropertyPolicy};
use solution_inspector::inspect::{inspect, inspect_with_progress};
use solution_inspector::progress::REPORT_STEP;
use solution_inspector::validate::{self, Profile};
use solution_inspector::Progress;

/// The sum of the uncompressed sizes the zip's directory declares for its files.
fn declared_total(bytes: &[u8]) -> u64 {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|index| {
            let file = archive.by_index_raw(index).expect("an entry");
            if file.is_dir() {
                0
            } else {
                file.size()
            }
        })
        .sum()
}

/// Checks the shape every report sequence must have and returns it.
fn assert_well_formed(seen: &[Progress], total: u64, what: &str) {
    assert!(seen.len() >= 2, "{what}: {seen:?}");
    assert_eq!(seen.first(), Some(&Progress { done: 0, total }), "{what}");
    assert_eq!(
        seen.last(),
        Some(&Progress { done: total, total }),
        "{what}"
    );
    for pair in seen.windows(2) {
        assert!(
            pair[0].done <= pair[1].done,
            "{what}: not monotonic {pair:?}"
        );
    }
    assert!(
        seen.iter()
            .all(|progress| progress.total == total && progress.done <= total),
        "{what}"
    );
}

#[test]
fn inspect_validate_and_convert_report_from_zero_to_the_total_on_every_corpus_package() {
    let profile = Profile::default();
    for entry in corpus() {
        let bytes = entry.bytes();
        let total = declared_total(&bytes);
        let mut seen = Vec::new();
        let inspection = inspect_with_progress(&bytes, &mut |progress| seen.push(progress))
            .expect("corpus packages open");
        assert_well_formed(&seen, total, &entry.file);
        // Reporting changes nothing about the result.
        assert_eq!(inspection, inspect(&bytes).unwrap(), "{}", entry.file);

        let mut seen = Vec::new();
        let (_, validation) =
            validate::validate_package_with_progress(&bytes, &profile, &mut |p| seen.push(p))
                .expect("corpus packages open");
        assert_well_formed(&seen, total, &entry.file);
        assert_eq!(
            validation,
            validate::validate_package(&bytes, &profile).unwrap().1,
            "{}",
            entry.file
        );

        if convert::check_convertible(&inspection).is_ok() {
            let mut seen = Vec::new();
            let policy = ManagedPropertyPolicy::new();
            let converted =
                convert::convert_with_progress(&bytes, &inspection, &policy, &mut |p| seen.push(p));
            if let Ok(converted) = converted {
                assert_well_formed(&seen, total, &entry.file);
                let plain = convert::convert(&bytes, &inspection, &policy).unwrap();
                assert_eq!(converted.bytes, plain.bytes, "{}", entry.file);
            }
        }
    }
}

/// A package whose customizations.xml is `entities` entities of about 200 bytes.
fn package_with_large_customizations(entities: usize) -> (Vec<u8>, u64, u64) {
    let solution = read_corpus(
        "microsoft__Dynamics-365-FastTrack-Implementation-Assets__BatchMonitoringAgent_Solution_1_0_0_3_unmanaged.zip",
    );
    let mut archive = zip::ZipArchive::new(Cursor::new(solution.as_slice())).unwrap();
    let mut solution_xml = Vec::new();
    std::io::copy(
        &mut archive.by_name("solution.xml").unwrap(),
        &mut solution_xml,
    )
    .unwrap();
    let mut customizations = String::from("<ImportExportXml><Entities>");
    for index in 0..entities {
        customizations.push_str(&format!(
            "<Entity><Name LocalizedName=\"Table {index}\" OriginalName=\"Table {index}\">new_table{index}</Name>\
             <EntityInfo><entity Name=\"new_table{index}\"><attributes /></entity></EntityInfo></Entity>\n"
        ));
    }
    customizations.push_str("</Entities></ImportExportXml>");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in [
        ("solution.xml", solution_xml.as_slice()),
        ("customizations.xml", customizations.as_bytes()),
        ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/octet-stream\" /></Types>".as_slice()),
    ] {
        writer.start_file(name, options).unwrap();
        writer.write_all(content).unwrap();
    }
    let bytes = writer.finish().unwrap().into_inner();
    (
        bytes,
        solution_xml.len() as u64,
        customizations.len() as u64,
    )
}

#[test]
fn a_large_customizations_xml_moves_the_bar_while_it_is_scanned_and_converted() {
    let (bytes, solution_size, customizations_size) = package_with_large_customizations(30_000);
    assert!(
        customizations_size > 5 * REPORT_STEP,
        "{customizations_size}"
    );
    let total = declared_total(&bytes);
    let inside = |seen: &[Progress]| {
        seen.iter()
            .filter(|progress| {
                progress.done > solution_size && progress.done < solution_size + customizations_size
            })
            .count() as u64
    };

    let mut seen = Vec::new();
    let inspection =
        inspect_with_progress(&bytes, &mut |progress| seen.push(progress)).expect("opens");
    assert_well_formed(&seen, total, "inspect");
    assert_eq!(
        inspection.count(solution_inspector::ComponentKind::Entity),
        30_000
    );
    // About one report per step of the file, never one per event.
    let steps = customizations_size / REPORT_STEP;
    assert!(
        inside(&seen) + 1 >= steps && inside(&seen) <= steps + 1,
        "{seen:?}"
    );

    let mut seen = Vec::new();
    let policy = ManagedPropertyPolicy::new();
    let converted = convert::convert_with_progress(&bytes, &inspection, &policy, &mut |progress| {
        seen.push(progress)
    })
    .expect("converts");
    assert_well_formed(&seen, total, "convert");
    assert!(!converted.bytes.is_empty());
}
