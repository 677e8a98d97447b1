//! Hostile and broken packages (issue 8): every variant that
//! `tests/tools/mutate.py` writes from clean corpus seeds gets the outcome its
//! INDEX.tsv expects, with a message that names the problem and the file inside
//! the zip; nothing panics and nothing takes longer than the watchdog allows.
//! Also: zip-bomb limits, and reading never changes the input.
//!
//! The variants are generated into `CARGO_TARGET_TMPDIR` and reused while
//! mutate.py, the seed and the arguments are unchanged (the tool is deterministic).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use solution_inspector::inspect::inspect_with_limits;
use solution_inspector::package::{EntryError, Package, ReadLimits};
use solution_inspector::validate::{validate_package, Profile};
use solution_inspector::Severity;

/// Clean seeds (no error findings of their own), of different shapes: a raw
/// folder re-zipped, a small managed export, an unmanaged export with a BOM.
const SEEDS: &[&str] = &[
    "pentawork-solutions__PentaWork.Xrm.Scheduler__PentaWorkScheduler_0_11_1_unmanaged_rawfolder.zip",
    "microsoft__PowerApps-Samples__ChangeTrackingSample_1_0_0_0_managed.zip",
    "microsoft__Dynamics-365-FastTrack-Implementation-Assets__ServiceUniversalScheduling_1_2_0_0_unmanaged.zip",
];
/// 3 × 170 = 510 variants: every one of the 78 variants about 6.5 times.
const VARIANTS_PER_SEED: usize = 170;
const MUTATE_SEED: u32 = 8;
const WATCHDOG: Duration = Duration::from_secs(10);

/// Where a variant's problem must be reported.
#[derive(Debug, Clone, Copy)]
enum Where {
    /// The zip as a whole: the package cannot be opened (exit 2), or an error
    /// about the whole package.
    Zip,
    /// This entry of the zip.
    Entry(&'static str),
    /// Some entry of the zip (the name depends on the seed).
    AnyEntry,
}

/// What the finding for a variant must say: the file and words of the message
/// (case-insensitive; `a|b` for either). Keyed by mutate.py's variant name.
fn expectation(variant: &str) -> Option<(Where, &'static str)> {
    use Where::{AnyEntry, Entry, Zip};
    Some(match variant {
        "half" | "eocd-partial" | "mid-central-dir" | "mid-entry" => (Zip, "zip"),
        "cd-signature" | "eocd-offset" | "eocd-count" | "local-offset-out-of-range" => (Zip, "zip"),
        "overlapping-entries" => (Entry("WebResources/overlap.js"), "header"),
        "name-mismatch" => (Entry("customizations.xml"), "customizationz.xml"),
        "unknown-method" => (Entry("solution.xml"), "compression method"),
        "crc-field" => (Entry("solution.xml"), "checksum"),
        "flipped-data-byte" => (Entry("customizations.xml"), "cannot be read"),
        "size-mismatch" => (Entry("customizations.xml"), "declared"),
        "dotdot" => (Entry("../evil.txt"), "'..'"),
        "absolute" => (Entry("/etc/x"), "absolute"),
        "backslash-dotdot" => (Entry("..\\..\\evil.txt"), "'..'"),
        "nested-dotdot" => (Entry("WebResources/../../evil.txt"), "'..'"),
        "drive-letter" => (Entry("C:/Windows/evil.txt"), "absolute"),
        "backslash-separator" => (Entry("WebResources\\note.js"), "backslash"),
        "control-chars" => (
            Entry("WebResources/\u{1b}[31mred\u{7}.js"),
            "control character",
        ),
        "nul-in-name" => (Entry("WebResources/a\0.js/../../x"), "NUL"),
        "name-64k" => (AnyEntry, "longer than 260"),
        "solution-xml-twice" => (Entry("solution.xml"), "more than one entry"),
        "customizations-xml-twice" => (Entry("customizations.xml"), "more than one entry"),
        "non-root-twice" => (AnyEntry, "more than one entry"),
        "no-solution-xml" => (Entry("solution.xml"), "no solution.xml"),
        "no-customizations-xml" => (Entry("customizations.xml"), "no customizations.xml"),
        "no-content-types" => (Entry("[Content_Types].xml"), "no [Content_Types].xml"),
        "zipped-folder" => (Entry("solution.xml"), "one folder down"),
        "capitalised-names" => (Entry("Solution.xml"), "instead of solution.xml"),
        "2gib-zeros-entry" => (Entry("WebResources/bomb.bin"), "zip bomb"),
        "2gib-declared-1k" => (Entry("WebResources/bomb.bin"), "declared"),
        "2gib-customizations" => (Entry("customizations.xml"), "zip bomb"),
        "binary-solution-xml" => (Entry("solution.xml"), "not well formed|not valid"),
        "json-solution-xml" => (
            Entry("solution.xml"),
            "not well formed|outside the root element",
        ),
        "truncated-customizations-xml" => {
            (Entry("customizations.xml"), "not well formed|ends before")
        }
        "wrong-root-element" => (Entry("solution.xml"), "SolutionManifest"),
        "no-unique-name" => (Entry("solution.xml"), "names no solution"),
        "billion-laughs-solution"
        | "quadratic-blowup"
        | "file-passwd"
        | "parameter-entity"
        | "external-dtd-url" => (Entry("solution.xml"), "document type declaration"),
        "billion-laughs-customizations" => {
            (Entry("customizations.xml"), "document type declaration")
        }
        "invalid-utf8-solution" | "utf8-surrogate" => (Entry("solution.xml"), "not valid"),
        "overlong-utf8-customizations" => (Entry("customizations.xml"), "not valid"),
        "100k-customizations" => (Entry("customizations.xml"), "nested more than"),
        "100k-solution" => (Entry("solution.xml"), "nested more than"),
        "managed-7" | "managed-2" | "managed-empty" => (Entry("solution.xml"), "<Managed>"),
        "version-abc" | "version-5-parts" | "version-overflow" | "version-negative" => {
            (Entry("solution.xml"), "version")
        }
        "zero-bytes" => (Zip, "empty"),
        "empty-zip" => (Entry("solution.xml"), "no solution.xml"),
        "empty-solution-xml" => (Entry("solution.xml"), "no root element"),
        "random-64k" | "pk-prefix-random" | "random-with-eocd" => (Zip, "zip"),
        "solution-xml-flag" => (Entry("solution.xml"), "encrypted"),
        "customizations-xml-flag" => (Entry("customizations.xml"), "encrypted"),
        "broken-end-record" => (Zip, "zip"),
        "huge-declared-size" => (Entry("solution.xml"), "declares"),
        _ => return None,
    })
}

/// Variants whose INDEX.tsv expectation this tool deliberately does not follow,
/// with the outcome it gives instead and why. Listed, never skipped.
const DEVIATIONS: &[(&str, Expected, &str)] = &[(
    "capitalised-names",
    Expected::AcceptWithWarning,
    "INDEX.tsv says reject ('required names are case-sensitive'), but the package is an OPC package and \
     OPC part names compare as case-insensitive ASCII (ECMA-376 Part 2, part name equivalence [M1.12]); \
     the tool reads Solution.xml and warns (SV0213) that exports always write solution.xml",
)];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    Reject,
    Accept,
    AcceptWithWarning,
}

impl Expected {
    fn parse(text: &str) -> Option<Expected> {
        match text {
            "reject" => Some(Expected::Reject),
            "accept" => Some(Expected::Accept),
            "accept-with-warning" => Some(Expected::AcceptWithWarning),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Variant {
    path: PathBuf,
    file: String,
    class: String,
    name: String,
    expected: Expected,
}

/// One finding, reduced to what the checks need.
#[derive(Debug, Clone)]
struct Reported {
    code: String,
    severity: Severity,
    file: Option<String>,
    message: String,
}

#[derive(Debug, Clone)]
enum Outcome {
    /// `inspect` returned Err: the CLI exits 2.
    Unreadable(String),
    Read(Vec<Reported>),
}

fn evaluate(bytes: &[u8]) -> Outcome {
    match validate_package(bytes, &Profile::default()) {
        Err(err) => Outcome::Unreadable(err.to_string()),
        Ok((_, validation)) => Outcome::Read(
            validation
                .findings
                .into_iter()
                .map(|finding| Reported {
                    code: finding.code.to_string(),
                    severity: finding.severity,
                    file: finding.location.file,
                    message: finding.message,
                })
                .collect(),
        ),
    }
}

/// Runs `evaluate` in a thread of its own, under catch_unwind and the watchdog.
fn evaluate_guarded(bytes: Vec<u8>) -> Result<(Outcome, Duration), String> {
    let (sender, receiver) = mpsc::channel();
    let started = Instant::now();
    std::thread::Builder::new()
        .name("hostile-case".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(|| evaluate(&bytes)).map_err(|panic| {
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "a panic without a message".into())
            });
            let _ = sender.send(result);
        })
        .map_err(|err| format!("cannot start a thread: {err}"))?;
    match receiver.recv_timeout(WATCHDOG) {
        Ok(Ok(outcome)) => Ok((outcome, started.elapsed())),
        Ok(Err(panic)) => Err(format!("panicked: {panic}")),
        // The stuck thread cannot be stopped; the test fails and the process ends.
        Err(_) => Err(format!(
            "took more than {} s (watchdog)",
            WATCHDOG.as_secs()
        )),
    }
}

/// Checks one outcome against the expectation; returns why it is wrong.
fn check(variant: &Variant, expected: Expected, outcome: &Outcome) -> Result<(), String> {
    let errors: Vec<&Reported> = match outcome {
        Outcome::Read(findings) => findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect(),
        Outcome::Unreadable(_) => Vec::new(),
    };
    let warnings: Vec<&Reported> = match outcome {
        Outcome::Read(findings) => findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .collect(),
        Outcome::Unreadable(_) => Vec::new(),
    };
    let describe = |list: &[&Reported]| {
        list.iter()
            .map(|f| format!("{} {:?}: {}", f.code, f.file, shorten(&f.message)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let pointed = expectation(&variant.name);
    // Does one of these findings name the problem (keyword) and where (file)?
    let names_it = |list: &[&Reported]| match pointed {
        None => list
            .iter()
            .any(|f| f.file.is_some() || f.code.starts_with("SV01")),
        Some((place, keyword)) => list.iter().any(|f| {
            let place_ok = match place {
                Where::Zip => true,
                Where::Entry(path) => f.file.as_deref() == Some(path),
                Where::AnyEntry => f.file.is_some(),
            };
            place_ok && mentions(&f.message, keyword)
        }),
    };
    match (expected, outcome) {
        (Expected::Reject, Outcome::Unreadable(message)) => match pointed {
            Some((_, keyword)) if mentions(message, keyword) => Ok(()),
            None if !message.is_empty() => Ok(()),
            _ => Err(format!(
                "unreadable, but the message does not say why: {message}"
            )),
        },
        (Expected::Reject, Outcome::Read(_)) if errors.is_empty() => Err(format!(
            "expected an error finding, got none (warnings: {})",
            describe(&warnings)
        )),
        (Expected::Reject, Outcome::Read(_)) if !names_it(&errors) => Err(format!(
            "no error finding names the problem and its file {pointed:?}: {}",
            describe(&errors)
        )),
        (Expected::Reject, Outcome::Read(_)) => Ok(()),
        (_, Outcome::Unreadable(message)) => {
            Err(format!("expected the package to be read, but: {message}"))
        }
        (_, Outcome::Read(_)) if !errors.is_empty() => Err(format!(
            "expected no error finding, got: {}",
            describe(&errors)
        )),
        (Expected::AcceptWithWarning, Outcome::Read(_)) if !names_it(&warnings) => Err(format!(
            "no warning names the problem and its file {pointed:?}: {}",
            describe(&warnings)
        )),
        (_, Outcome::Read(_)) => Ok(()),
    }
}

/// The stated bound: a bomb entry stops after at most max(64 MiB, 100 × its
/// compressed size) bytes (about 200 MiB for mutate.py's 2 MB bombs, kept in
/// memory only for root XML files), plus the test process's own data.
const PEAK_MEMORY_BOUND_KIB: u64 = 1536 * 1024;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mentions(message: &str, keywords: &str) -> bool {
    let message = message.to_lowercase();
    keywords
        .split('|')
        .any(|keyword| message.contains(&keyword.to_lowercase()))
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short.escape_debug().to_string()
}

/// A small stable hash (FNV-1a), to key the cache of generated variants.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn mutate_py() -> PathBuf {
    common::corpus_dir().join("../tools/mutate.py")
}

fn require_python() {
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        found,
        "python3 is needed to generate the hostile variants (tests/tools/mutate.py) but was not found on PATH"
    );
}

/// Generates (or reuses) the variants of every seed; returns them and the time
/// spent generating.
fn generate_all() -> &'static (Vec<Variant>, Duration) {
    // get_or_init blocks the other tests until the first has generated.
    static VARIANTS: OnceLock<(Vec<Variant>, Duration)> = OnceLock::new();
    VARIANTS.get_or_init(|| {
        require_python();
        let started = Instant::now();
        let script = std::fs::read(mutate_py()).expect("tests/tools/mutate.py");
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile");
        // Start every missing seed's generation at once (they run in parallel).
        let mut jobs = Vec::new();
        let mut dirs = Vec::new();
        for seed in SEEDS {
            let seed_path = common::corpus_dir().join(seed);
            let seed_bytes = std::fs::read(&seed_path).expect("seed package");
            let key = fnv1a(&[script.as_slice(), seed_bytes.as_slice()].concat());
            let dir = root.join(format!(
                "{}-n{VARIANTS_PER_SEED}-s{MUTATE_SEED}-{key:016x}",
                seed.trim_end_matches(".zip")
            ));
            if !dir.join("INDEX.tsv").exists() {
                let _ = std::fs::remove_dir_all(&dir);
                let child = Command::new("python3")
                    .arg(mutate_py())
                    .arg(&seed_path)
                    .arg(&dir)
                    .args(["--count", &VARIANTS_PER_SEED.to_string()])
                    .args(["--seed", &MUTATE_SEED.to_string()])
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("python3 mutate.py starts");
                jobs.push((seed, child));
            }
            dirs.push(dir);
        }
        for (seed, child) in jobs {
            let output = child.wait_with_output().expect("mutate.py runs");
            assert!(
                output.status.success(),
                "mutate.py failed for {seed}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let mut variants = Vec::new();
        for dir in dirs {
            let index = std::fs::read_to_string(dir.join("INDEX.tsv")).expect("INDEX.tsv");
            for line in index.lines().skip(1).filter(|line| !line.is_empty()) {
                let cells: Vec<&str> = line.split('\t').collect();
                let [file, class, expected, note] = cells[..] else {
                    panic!("INDEX.tsv line with other than 4 cells: {line}");
                };
                let expected = Expected::parse(expected)
                    .unwrap_or_else(|| panic!("unknown expectation {expected:?} in INDEX.tsv"));
                let name = note.split(':').next().unwrap_or_default().to_owned();
                variants.push(Variant {
                    path: dir.join(file),
                    file: format!("{}/{file}", dir.file_name().unwrap().to_string_lossy()),
                    class: class.to_owned(),
                    name,
                    expected,
                });
            }
        }
        (variants, started.elapsed())
    })
}

#[test]
fn every_mutated_package_gets_its_expected_outcome_without_panic_or_hang() {
    let (variants, generation_time) = generate_all();
    assert!(
        variants.len() >= 500,
        "only {} variants were generated",
        variants.len()
    );
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    // class -> (variants, passed)
    let mut per_class: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut deviations_seen: BTreeMap<&str, usize> = BTreeMap::new();
    for variant in variants {
        let bytes = std::fs::read(&variant.path).expect("variant file");
        let deviation = DEVIATIONS.iter().find(|(name, _, _)| *name == variant.name);
        let expected = match deviation {
            Some((name, instead, _)) => {
                *deviations_seen.entry(name).or_default() += 1;
                *instead
            }
            None => variant.expected,
        };
        let verdict = evaluate_guarded(bytes).and_then(|(outcome, took)| {
            slowest.push((took, variant.file.clone()));
            check(variant, expected, &outcome)
        });
        let tally = per_class.entry(variant.class.clone()).or_default();
        tally.0 += 1;
        match verdict {
            Ok(()) => tally.1 += 1,
            Err(why) => failures.push(format!(
                "{} [{} / {}, expected {:?}]: {why}",
                variant.file, variant.class, variant.name, expected
            )),
        }
    }
    slowest.sort_by_key(|(took, _)| std::cmp::Reverse(*took));
    eprintln!(
        "hostile: {} variants from {} seeds; generation {:.1} s, checks {:.1} s",
        variants.len(),
        SEEDS.len(),
        generation_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    for (class, (count, passed)) in &per_class {
        eprintln!("  {class:<20} {passed:>4}/{count:<4} as expected");
    }
    for (took, file) in slowest.iter().take(3) {
        eprintln!("  slow: {:.2} s {file}", took.as_secs_f64());
    }
    for (name, instead, reason) in DEVIATIONS {
        eprintln!(
            "  deviation from INDEX.tsv: {name} ({} variants) checked as {instead:?}: {reason}",
            deviations_seen.get(name).copied().unwrap_or(0)
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} variants failed:\n{}",
        failures.len(),
        variants.len(),
        failures.join("\n")
    );
    // Peak memory of the whole test process (Linux), bombs included.
    if let Some(peak_kib) = peak_rss_kib() {
        eprintln!("  peak memory of the test process: {} MiB", peak_kib / 1024);
        assert!(
            peak_kib < PEAK_MEMORY_BOUND_KIB,
            "peak memory {peak_kib} KiB is over the bound of {PEAK_MEMORY_BOUND_KIB} KiB"
        );
    }
    let (slowest_time, slowest_file) = slowest.first().cloned().unwrap_or_default();
    assert!(
        slowest_time < WATCHDOG,
        "the slowest case {slowest_file} took {slowest_time:?}"
    );
}

#[test]
fn every_variant_name_in_the_index_has_a_stated_expectation() {
    let (variants, _) = generate_all();
    let unknown: Vec<&str> = variants
        .iter()
        .filter(|variant| expectation(&variant.name).is_none())
        .filter(|variant| variant.expected != Expected::Accept)
        .map(|variant| variant.name.as_str())
        .collect();
    assert!(
        unknown.is_empty(),
        "mutate.py has variants this test does not know where to expect the finding for: {unknown:?}"
    );
}

fn variant_named(name: &str) -> &'static Variant {
    generate_all()
        .0
        .iter()
        .find(|variant| variant.name == name)
        .unwrap_or_else(|| panic!("no {name} variant was generated"))
}

#[test]
fn a_zip_bomb_entry_stops_at_the_ratio_limit_with_an_error_naming_it() {
    let bytes = std::fs::read(&variant_named("2gib-zeros-entry").path).unwrap();
    let mut package = Package::open(&bytes).unwrap();
    let index = package
        .find("WebResources/bomb.bin")
        .expect("bomb entry")
        .index;
    let compressed = package.entries()[index].compressed_size;
    let started = Instant::now();
    let err = package
        .read_into(index, &mut std::io::sink())
        .expect_err("a 2 GiB bomb must not inflate");
    assert_eq!(
        err,
        EntryError::RatioExceeded {
            ratio_limit: ReadLimits::default().max_compression_ratio
        }
    );
    assert!(err.to_string().contains("zip bomb"), "{err}");
    eprintln!(
        "bomb: {compressed} compressed bytes stopped after {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let (inspection, validation) = validate_package(&bytes, &Profile::default()).unwrap();
    let finding = validation
        .findings
        .iter()
        .find(|f| f.code == "SI1006")
        .expect("SI1006 for the bomb");
    assert_eq!(
        finding.location.file.as_deref(),
        Some("WebResources/bomb.bin")
    );
    assert!(finding.message.contains("zip bomb"), "{}", finding.message);
    assert!(inspection.has_errors());
}

#[test]
fn the_total_inflation_limit_is_configurable_and_names_the_entry_where_it_stopped() {
    let bytes = std::fs::read(common::corpus_dir().join(SEEDS[2])).unwrap();
    let limits = ReadLimits {
        max_total_inflated: 100_000,
        ..ReadLimits::default()
    };
    let inspection = inspect_with_limits(&bytes, limits).unwrap();
    let stopped: Vec<_> = inspection
        .diagnostics
        .iter()
        .filter(|d| d.code == "SI1006" && d.message.contains("safety limit of 100000 bytes"))
        .collect();
    assert!(!stopped.is_empty(), "{:#?}", inspection.diagnostics);
    for diagnostic in stopped {
        let file = diagnostic.file.as_deref().expect("the entry is named");
        assert!(
            diagnostic.message.starts_with(file),
            "{}",
            diagnostic.message
        );
    }
    // The default limits read the same package without a word.
    let inspection = inspect_with_limits(&bytes, ReadLimits::default()).unwrap();
    assert!(!inspection.diagnostics.iter().any(|d| d.code == "SI1006"));
}

#[test]
fn the_ratio_limit_is_configurable() {
    let bytes = std::fs::read(common::corpus_dir().join(SEEDS[0])).unwrap();
    let limits = ReadLimits {
        max_compression_ratio: 2,
        ratio_grace_bytes: 1024,
        ..ReadLimits::default()
    };
    let inspection = inspect_with_limits(&bytes, limits).unwrap();
    let over: Vec<_> = inspection
        .diagnostics
        .iter()
        .filter(|d| d.code == "SI1006" && d.message.contains("more than 2 times"))
        .collect();
    assert!(over
        .iter()
        .any(|d| d.file.as_deref() == Some("customizations.xml")));
}

/// Builds a zip of stored (uncompressed) entries with the zip crate, so a test
/// can corrupt a payload's bytes in place.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn seed_root_files(seed: &str) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(common::corpus_dir().join(seed)).unwrap();
    let mut package = Package::open(&bytes).unwrap();
    let names: Vec<(usize, String)> = package
        .entries()
        .iter()
        .filter(|e| !e.is_dir)
        .map(|e| (e.index, e.path.clone()))
        .collect();
    names
        .into_iter()
        .map(|(index, name)| (name, package.read(index).unwrap()))
        .collect()
}

#[test]
fn a_damaged_payload_that_nothing_else_reads_is_still_an_error_naming_it() {
    // Regression: only root files were inflated, so a payload's bad CRC passed.
    let files = seed_root_files(SEEDS[1]);
    let payload: &[u8] = b"// a web resource nobody parses\n";
    let mut entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, data)| (name.as_str(), data.as_slice()))
        .collect();
    entries.push(("WebResources/new_payload.js", payload));
    let mut bytes = stored_zip(&entries);
    let at = bytes
        .windows(payload.len())
        .position(|window| window == payload)
        .unwrap();
    bytes[at + 3] ^= 0x20;
    let (_, validation) = validate_package(&bytes, &Profile::default()).unwrap();
    let finding = validation
        .findings
        .iter()
        .find(|f| f.code == "SI1006")
        .expect("the bad CRC is found");
    assert_eq!(
        finding.location.file.as_deref(),
        Some("WebResources/new_payload.js")
    );
    assert!(finding.message.contains("checksum"), "{}", finding.message);
    assert_eq!(finding.severity, Severity::Error);
}

#[test]
fn declared_sizes_are_not_trusted_real_sizes_are_reported() {
    // Regression: a zip64 header declaring 1 TiB for a small solution.xml was
    // taken at its word (and reported as 1 TB over the platform's limit).
    let bytes = std::fs::read(&variant_named("huge-declared-size").path).unwrap();
    let (inspection, validation) = validate_package(&bytes, &Profile::default()).unwrap();
    let solution = inspection
        .files
        .iter()
        .find(|f| f.path == "solution.xml")
        .unwrap();
    assert!(solution.size < 1 << 20, "{}", solution.size);
    assert!(!validation.codes().contains(&"SV0102"));
    let finding = validation
        .findings
        .iter()
        .find(|f| f.code == "SI1006")
        .unwrap();
    assert!(
        finding
            .message
            .contains("but the zip declares 1099511627776"),
        "{}",
        finding.message
    );
}

#[test]
fn reading_never_changes_the_input() {
    // Over the whole corpus: the bytes handed in are the bytes afterwards, and
    // the file on disk is untouched.
    let mut checked = 0;
    for entry in common::corpus() {
        let original = entry.bytes();
        let before = fnv1a(&original);
        let bytes = original.clone();
        let _ = solution_inspector::inspect(&bytes);
        let _ = validate_package(&bytes, &Profile::default());
        assert_eq!(fnv1a(&bytes), before, "{} changed in memory", entry.file);
        assert!(bytes == original, "{} changed in memory", entry.file);
        assert!(entry.bytes() == original, "{} changed on disk", entry.file);
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} corpus packages");
}

/// Inputs on which a fuzz target (fuzz/fuzz_targets/) crashed, by target: each
/// must now run to the end without a panic.
const FUZZ_CRASHES: &[(&str, &[u8])] = &[
    // customizations_xml crash-f0917c78: an element without a name (`<>`)
    // shifted the element path's segments; segment() sliced out of range.
    (
        "customizations_xml",
        &[
            239, 187, 191, 60, 62, 86, 0, 43, 70, 70, 60, 32, 105, 60, 32, 105, 239, 187, 191, 60,
            62, 86, 0, 43, 32, 32, 60, 70, 105, 60, 70, 105, 108, 109, 108, 62, 108, 109, 108, 62,
        ],
    ),
];

#[test]
fn inputs_that_crashed_a_fuzz_target_run_through() {
    use solution_inspector::{customizations, manifest, text};
    for (target, bytes) in FUZZ_CRASHES {
        let result = std::panic::catch_unwind(|| {
            let (decoded, _, _) = text::decode(bytes);
            match *target {
                "customizations_xml" => {
                    let (_, error) = customizations::parse("customizations.xml", &decoded, "1033");
                    assert!(error.is_some(), "malformed XML must be reported");
                }
                "solution_xml" => {
                    let _ = manifest::parse(&decoded);
                }
                "open_package" => {
                    let _ = solution_inspector::inspect(bytes);
                }
                "validate" => {
                    let _ = validate_package(bytes, &Profile::default());
                }
                other => panic!("unknown fuzz target {other}"),
            }
        });
        assert!(result.is_ok(), "fuzz input for {target} still panics");
    }
}

#[test]
fn names_with_terminal_escapes_never_reach_the_text_reports_raw() {
    // Regression: an entry named "WebResources/\x1b[31mred\x07.js" was printed raw.
    use solution_inspector::report::{inspect_text, validate_text};
    let bytes = std::fs::read(&variant_named("control-chars").path).unwrap();
    let (inspection, validation) = validate_package(&bytes, &Profile::default()).unwrap();
    for text in [
        inspect_text::to_text(&inspection),
        validate_text::to_text(&inspection, &validation, true),
    ] {
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "raw control character in:\n{text}"
        );
        assert!(text.contains("\\u{1b}[31mred"), "{text}");
    }
}

#[test]
fn ten_thousand_folder_components_do_not_make_reading_quadratic() {
    // Regression: linking files to folder components scanned every file per
    // component; 10,000 bot components took about 47 s in a debug build.
    const COUNT: usize = 10_000;
    let files = seed_root_files(SEEDS[1]);
    let definitions: Vec<(String, Vec<u8>)> = (0..COUNT)
        .map(|i| {
            (
                format!("botcomponents/new_c{i}/botcomponent.xml"),
                format!("<botcomponent schemaname=\"new_c{i}\"><name>c{i}</name></botcomponent>")
                    .into_bytes(),
            )
        })
        .collect();
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .chain(&definitions)
        .map(|(name, data)| (name.as_str(), data.as_slice()))
        .collect();
    let bytes = stored_zip(&entries);
    let (outcome, took) = evaluate_guarded(bytes.clone()).expect("no panic, no hang");
    assert!(
        took < Duration::from_secs(5),
        "{COUNT} folder components took {took:?}"
    );
    assert!(matches!(outcome, Outcome::Read(_)));
    let inspection = solution_inspector::inspect(&bytes).unwrap();
    assert_eq!(
        inspection
            .files
            .iter()
            .filter(|file| file.path.starts_with("botcomponents/")
                && file
                    .component
                    .as_deref()
                    .is_some_and(|c| c.ends_with(&file.path[14..file.path.len() - 17])))
            .count(),
        COUNT
    );
}
