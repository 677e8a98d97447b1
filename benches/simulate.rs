//! The simulation benchmark of issue 7: simulating the import of a package into
//! an organization snapshot of at least 50,000 components, against inspecting
//! the same package, both timed in this one process (the CLI's time would be
//! dominated by reading the package and the snapshot's JSON).
//!
//! The snapshot is built with the core's own org API: a base snapshot
//! (`www/org/online-9.2.json`), then every `--also` package and the package
//! itself installed into it (`simulate` + `apply`, as `solinspect org install`
//! does). Then, in interleaved rounds, it times `inspect(package)` and
//! `simulate(inspection, package, snapshot)` (an update of the package over its
//! installed self) and prints one JSON object with every run and the medians.
//! It also times `simulate` without the zip (existing components then count as
//! updated: no digests of their XML), to show what the digests cost.
//!
//! A simulation takes about a tenth of an inspection, close to the 4 ms granularity this
//! machine's scheduler counts thread CPU time in, so each simulation sample is the mean of
//! `--repeat` simulations one after the other (default 5), their outcomes dropped after
//! the clock stops, as a single one's is.
//!
//! Usage: simulate PACKAGE.zip --base SNAPSHOT.json [--also OTHER.zip]... [--runs N] [--repeat R]
//! (scripts/bench.sh runs it). Without a package it prints its usage and exits
//! successfully, so a bare `cargo bench` does not fail.

use std::process::ExitCode;
use std::time::Instant;

use solution_inspector::org::Snapshot;
use solution_inspector::simulate::{self, apply, ImportOptions, Outcome};

struct Args {
    package: String,
    base: String,
    also: Vec<String>,
    runs: usize,
    repeat: usize,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut package = None;
    let mut base = None;
    let mut also = Vec::new();
    let mut runs = 5;
    let mut repeat = 5;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // `cargo bench` passes `--bench`.
            "--bench" => {}
            "--base" => base = args.next(),
            "--also" => also.extend(args.next()),
            "--runs" => {
                let value = args.next().unwrap_or_default();
                runs = value
                    .parse()
                    .map_err(|_| format!("--runs takes a number, not {value:?}"))?;
            }
            "--repeat" => {
                let value = args.next().unwrap_or_default();
                repeat = value
                    .parse()
                    .map_err(|_| format!("--repeat takes a number, not {value:?}"))?;
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            path => package = Some(path.to_owned()),
        }
    }
    let Some(package) = package else {
        return Ok(None);
    };
    let base = base.ok_or("--base SNAPSHOT.json is required")?;
    Ok(Some(Args {
        package,
        base,
        also,
        runs: runs.max(1),
        repeat: repeat.max(1),
    }))
}

/// CPU time of this thread in seconds (the benchmark is single-threaded), from
/// the scheduler's nanosecond counter; `None` where /proc does not offer it.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanoseconds / 1e9)
}

#[derive(Clone, Copy, Default)]
struct Sample {
    wall: f64,
    cpu: f64,
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, Sample) {
    let cpu_start = thread_cpu_seconds();
    let start = Instant::now();
    let value = work();
    let wall = start.elapsed().as_secs_f64();
    let cpu = match (cpu_start, thread_cpu_seconds()) {
        (Some(before), Some(after)) => after - before,
        _ => wall,
    };
    (value, Sample { wall, cpu })
}

/// `work` run `repeats` times in a row, timed as one: the mean of each, and the
/// last value (the others are dropped after the clock stops).
fn timed_repeated<T>(repeats: usize, mut work: impl FnMut() -> T) -> (T, Sample) {
    let (mut values, total) = timed(|| (0..repeats).map(|_| work()).collect::<Vec<T>>());
    let last = values.pop().expect("at least one repeat");
    drop(values);
    let repeats = repeats as f64;
    (
        last,
        Sample {
            wall: total.wall / repeats,
            cpu: total.cpu / repeats,
        },
    )
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => 0.0,
        len if len % 2 == 1 => values[middle],
        _ => (values[middle - 1] + values[middle]) / 2.0,
    }
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|err| format!("{path}: {err}"))
}

/// Installs a package into the snapshot the way `solinspect org install` does.
fn install(snapshot: &Snapshot, path: &str) -> Result<Snapshot, String> {
    let bytes = read(path)?;
    let inspection = solution_inspector::inspect(&bytes).map_err(|err| format!("{path}: {err}"))?;
    let outcome = simulate::simulate(
        &inspection,
        Some(&bytes),
        snapshot,
        &ImportOptions::default(),
    );
    apply(snapshot, &outcome).map_err(|why| format!("{path} cannot be installed: {}", why.message))
}

fn run(args: &Args) -> Result<serde_json::Value, String> {
    let base_text =
        String::from_utf8(read(&args.base)?).map_err(|_| format!("{}: not UTF-8", args.base))?;
    let mut snapshot =
        Snapshot::from_json(&base_text).map_err(|err| format!("{}: {err}", args.base))?;
    let base_components = snapshot.components.len();
    for path in args.also.iter().chain(std::iter::once(&args.package)) {
        snapshot = install(&snapshot, path)?;
    }
    let bytes = read(&args.package)?;
    let options = ImportOptions::default();
    let mut inspect_runs = Vec::new();
    let mut simulate_runs = Vec::new();
    let mut without_bytes_runs = Vec::new();
    let mut last: Option<Outcome> = None;
    let mut package_components = 0;
    // One unrecorded warm-up round, then interleaved rounds.
    for round in 0..=args.runs {
        let (inspection, inspect_time) = timed(|| solution_inspector::inspect(&bytes));
        let inspection = inspection.map_err(|err| format!("{}: {err}", args.package))?;
        let (outcome, simulate_time) = timed_repeated(args.repeat, || {
            simulate::simulate(&inspection, Some(&bytes), &snapshot, &options)
        });
        // Without the zip the simulation cannot tell unchanged components from
        // updated ones (it skips the digests of their XML): shows what they cost.
        let (_, without_bytes_time) = timed_repeated(args.repeat, || {
            simulate::simulate(&inspection, None, &snapshot, &options)
        });
        package_components = inspection.components.len();
        if round > 0 {
            inspect_runs.push(inspect_time);
            simulate_runs.push(simulate_time);
            without_bytes_runs.push(without_bytes_time);
        }
        drop(inspection);
        last = Some(outcome);
    }
    let outcome = last.ok_or("no run")?;
    let samples = |runs: &[Sample]| {
        serde_json::json!({
            "wall": runs.iter().map(|sample| sample.wall).collect::<Vec<_>>(),
            "cpu": runs.iter().map(|sample| sample.cpu).collect::<Vec<_>>(),
        })
    };
    let medians = |runs: &[Sample]| {
        serde_json::json!({
            "wall": median(runs.iter().map(|sample| sample.wall).collect()),
            "cpu": median(runs.iter().map(|sample| sample.cpu).collect()),
        })
    };
    Ok(serde_json::json!({
        "package": args.package,
        "base": args.base,
        "also": args.also,
        "baseComponents": base_components,
        "snapshotComponents": snapshot.components.len(),
        "snapshotSolutions": snapshot.solutions.len(),
        "packageComponents": package_components,
        "operation": outcome.operation.key(),
        "success": outcome.success,
        "verdict": outcome.verdict,
        "componentOutcomes": outcome.components.len(),
        "runs": args.runs,
        "repeat": args.repeat,
        "cpuClock": if thread_cpu_seconds().is_some() { "/proc/thread-self/schedstat" } else { "none (wall time)" },
        "inspect": samples(&inspect_runs),
        "simulate": samples(&simulate_runs),
        "simulateWithoutBytes": samples(&without_bytes_runs),
        "median": {
            "inspect": medians(&inspect_runs),
            "simulate": medians(&simulate_runs),
            "simulateWithoutBytes": medians(&without_bytes_runs),
        },
    }))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            eprintln!(
                "usage: simulate PACKAGE.zip --base SNAPSHOT.json [--also OTHER.zip]... [--runs N]"
            );
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("simulate: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("simulate: {message}");
            ExitCode::FAILURE
        }
    }
}
