#!/usr/bin/env python3
"""Runs the native benchmark of issue 7 and writes BENCHMARKS.md. Called by scripts/bench.sh.

For each package it runs, in interleaved rounds (one run of every command per round, so
that load from other users of a shared machine falls on all of them alike):
  unzip      unzip -p PACKAGE > /dev/null            (the floor, Info-ZIP)
  floor      the zip crate inflating every entry       (the floor, benches/floor.rs)
  xml_floor  customizations.xml inflated and read as quick-xml events (benches/xml_floor.rs)
  validate   solinspect validate PACKAGE (release)
  python     benches/baseline_python.py PACKAGE       (zipfile + ElementTree.iterparse)
  validate_before  with --compare BIN: an earlier solinspect build
  convert    with --convert-policy POLICY.json: solinspect convert PACKAGE --managed-properties POLICY
             -o TMP/converted.zip (the managed package written to a temporary folder)
Each run is timed with os.wait4 (wall time, CPU time: user + system) under /usr/bin/time
(peak resident memory: its "Maximum resident set size").
The median of the runs is reported. Ratios are taken between medians of the same run.

The simulation benchmark (benches/simulate.rs) and the browser benchmark (benches/browser/bench.mjs)
run on their own (scripts/bench.sh runs them first); --simulate-json and --browser-json put their
JSON into the same results.json and BENCHMARKS.md.

Issue 16 (your own organization): scripts/bench.sh runs benches/capture.rs (capture -> snapshot of a
generated organization of 200,000 solution components, in process), then this script's
--from-capture mode (`solinspect org from-capture` on that capture, timed as above, writing the
snapshot), then benches/simulate.rs against that snapshot; --capture-json, --capture-cli-json and
--simulate-org-json put them into results.json and BENCHMARKS.md.

Usage: measure.py --solinspect BIN --floor BIN --xml-floor BIN --package SCALE=ZIP... \
                  [--runs N] [--compare BIN] [--convert-policy POLICY.json] [--simulate-json FILE]
                  [--browser-json FILE] [--json OUT.json] [--markdown BENCHMARKS.md] [--notes FILE]
       measure.py --from-capture CAPTURE.json --snapshot-out SNAPSHOT.json --solinspect BIN [--runs N] \
                  --capture-cli-json OUT.json                                   (issue 16's CLI run)
       measure.py --from-json OUT.json --markdown BENCHMARKS.md [--notes FILE]   (re-render only)
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

TARGETS = {
    "validate_over_floor": 1.5,  # at most, at scale 30
    "python_over_validate": 3.5,  # at least
    "convert_over_validate": 2.5,  # at most, at scale 30
    "simulate_over_inspect": 0.1,  # under, at scale 30, snapshot of at least 50,000 components
    "snapshot_components": 50000,  # at least
    "browser_over_native": 2.5,  # at most: inspect + validate in the page / solinspect validate
    "browser_over_baseline": 1.0,  # under: the app is faster than the plain JavaScript baseline
    "wasm_gzip_bytes": 600 * 1000,  # at most, the wasm the page loads at start-up
    "usable_ms": 1000,  # under: navigation start to a usable drop zone
    "long_task_ms": 100,  # no main-thread task longer than this during inspect + validate
    "org_components": 200000,  # at least, issue 16's generated organization
}
CONVERT_SOURCE = os.path.join(os.path.dirname(HERE), "src", "convert", "mod.rs")


def convert_deflate_level():
    """The deflate level the conversion uses for the entries it rewrites, read from its source."""
    try:
        with open(CONVERT_SOURCE) as source:
            found = re.search(r"const FAST_DEFLATE_LEVEL: i64 = (\d+);", source.read())
            return int(found.group(1)) if found else None
    except OSError:
        return None


TIME = "/usr/bin/time"
RSS_FILE = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"measure-rss-{os.getpid()}")


def run_once(argv, stdout_path=os.devnull):
    """One run: (wall seconds, cpu seconds, peak RSS bytes, exit status).

    The peak RSS comes from /usr/bin/time wrapped around the command: a child
    forked from this Python process would report Python's own resident size
    (about 17 MB) as its peak whenever the command stays below it."""
    wrapped = [TIME, "-f", "%M", "-o", RSS_FILE, *argv] if os.path.exists(TIME) else argv
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    rss = usage.ru_maxrss * 1024
    if wrapped is not argv:
        with open(RSS_FILE) as reported:
            # /usr/bin/time writes "Command exited with non-zero status N" first when it is not 0.
            rss = int(reported.read().split()[-1]) * 1024
    return wall, cpu, rss, process.returncode


def time_v_peak_rss(argv):
    """Peak RSS as /usr/bin/time -v reports it (a cross-check of ru_maxrss)."""
    if not os.path.exists("/usr/bin/time"):
        return None
    result = subprocess.run(["/usr/bin/time", "-v", *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    for line in result.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1].strip()) * 1024
    return None


def zip_sizes(path):
    import zipfile
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        uncompressed = sum(info.file_size for info in infos)
        customizations = next((info.file_size for info in infos
                               if info.filename.lower() == "customizations.xml"), 0)
    return os.path.getsize(path), uncompressed, customizations, len(infos)


def commands(args, package, scratch):
    argvs = {
        "unzip": ["unzip", "-p", package],
        "floor": [args.floor, package],
        "xml_floor": [args.xml_floor, package],
        "validate": [args.solinspect, "validate", package],
        "python": [sys.executable, os.path.join(HERE, "baseline_python.py"), package],
    }
    if args.compare:
        # An earlier build of solinspect, for before/after numbers from the same run.
        argvs["validate_before"] = [args.compare, "validate", package]
    if args.convert_policy:
        # Errors found on the way are printed and do not stop the conversion (exit 0).
        argvs["convert"] = [args.solinspect, "convert", package, "--managed-properties", args.convert_policy,
                            "-o", os.path.join(scratch, "converted.zip")]
    return argvs


ACCEPTED_STATUS = {"unzip": {0}, "floor": {0}, "xml_floor": {0}, "validate": {0, 1}, "python": {0},
                   "validate_before": {0, 1}, "convert": {0}}


def measure_package(args, scale, package):
    with tempfile.TemporaryDirectory(prefix="measure-") as scratch:
        return measure_package_in(args, scale, package, scratch)


def measure_package_in(args, scale, package, scratch):
    argvs = commands(args, package, scratch)
    runs = {name: [] for name in argvs}
    # One unrecorded warm-up round: page cache, and the binaries' first start.
    for name, argv in argvs.items():
        run_once(argv)
    for _ in range(args.runs):
        for name, argv in argvs.items():
            wall, cpu, rss, status = run_once(argv)
            if status not in ACCEPTED_STATUS[name]:
                sys.exit(f"measure.py: {shlex.join(argv)} exited with {status}")
            runs[name].append({"wall": wall, "cpu": cpu, "rss": rss})
    zip_bytes, uncompressed, customizations, entries = zip_sizes(package)
    result = {
        "scale": scale,
        "package": package,
        "zipBytes": zip_bytes,
        "uncompressedBytes": uncompressed,
        "customizationsBytes": customizations,
        "entries": entries,
        "runs": args.runs,
        "commands": {name: shlex.join(argv) for name, argv in argvs.items()},
        "median": {
            name: {key: statistics.median(run[key] for run in values)
                   for key in ("wall", "cpu", "rss")}
            for name, values in runs.items()
        },
        "all": runs,
        "validatePeakRssTimeV": time_v_peak_rss(argvs["validate"]),
    }
    if "convert" in argvs:
        result["convertedBytes"] = os.path.getsize(os.path.join(scratch, "converted.zip"))
    median = result["median"]
    result["ratios"] = {
        metric: {
            "validate_over_floor": median["validate"][metric] / median["floor"][metric],
            "validate_over_unzip": median["validate"][metric] / median["unzip"][metric],
            "validate_over_xml_floor": median["validate"][metric] / median["xml_floor"][metric],
            "python_over_validate": median["python"][metric] / median["validate"][metric],
            **({"convert_over_validate": median["convert"][metric] / median["validate"][metric]}
               if "convert" in median else {}),
        }
        for metric in ("wall", "cpu")
    }
    return result


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = "unknown"
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal"):
                    memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass

    def version(argv):
        try:
            output = subprocess.run(argv, capture_output=True, text=True).stdout
            return output.splitlines()[0].strip() if output else "unknown"
        except OSError:
            return "unknown"

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory": memory,
        "kernel": platform.release(),
        "rustc": version(["rustc", "--version"]),
        "python": platform.python_version(),
        "unzip": version(["unzip", "-v"]),
    }


def mb(value):
    return f"{value / 1e6:.1f} MB"


def seconds(value):
    return f"{value:.3f} s"


def verdict(ok):
    return "**pass**" if ok else "**FAIL**"


def render(report, notes):
    results = report["results"]
    by_scale = {result["scale"]: result for result in results}
    reference = by_scale.get("30") or results[-1]
    ref_scale = reference["scale"]
    cpu = reference["ratios"]["cpu"]
    wall = reference["ratios"]["wall"]
    m = report["machine"]
    lines = []
    add = lines.append
    add("# Benchmarks")
    add("")
    parts = ["native"] + [part for part, key in (("conversion", "convert"), ("simulation", "simulate"),
                                                   ("browser", "browser")) if report.get(key)]
    add(f"Written by `scripts/bench.sh` (issue 7: {', '.join(parts)}). Every number below comes from one run of")
    add(f"that script, {report['date']}; every target is a ratio between commands measured in that same run,")
    add("never an absolute time (except the browser's wasm size and time to a usable page, which the issue")
    add("gives as absolute limits). Regenerate with the commands under *Reproduce*.")
    later = report.get("onlyOrg")
    if later:
        add(f"The simulation and the organization of issue 16 were measured again by a later run,")
        add(f"`scripts/bench.sh --only-org`, {later['date']} (load average {later['loadBefore']} / "
            f"{later['loadAfter']}); their ratios are between commands of that run.")
    add("")
    add("## Machine")
    add("")
    add(f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory']}; Linux {m['kernel']}")
    add(f"- {m['rustc']}; Python {m['python']}; {m['unzip']}")
    add(f"- Load average when the run started / ended: {report['loadBefore']} / {report['loadAfter']}")
    add("  (the machine is shared with other people's builds: see *Method*).")
    add("")
    add("## Reproduce")
    add("")
    add("```sh")
    add(report["reproduce"])
    add("```")
    add("")
    add("Packages come from `tests/tools/gen_large.py OUT.zip --scale N` and are cached outside the")
    add("repository (`$BENCH_CACHE`, default `../bench-cache`). `--with-100` adds scale 100. The run's raw")
    add("numbers are kept in `benches/results.json`; after editing `benches/NOTES.md`, re-render without")
    add("measuring: `python3 benches/measure.py --from-json benches/results.json --markdown BENCHMARKS.md")
    add("--notes benches/NOTES.md`.")
    add("")
    add("## Method")
    add("")
    add(f"- Each command runs {report['runs']} times per package (plus one unrecorded warm-up), in interleaved")
    add("  rounds: one run of every command, then the next round, so load from other users of the machine")
    add("  falls on all commands alike. The median is reported.")
    add("- Each run is timed by `os.wait4` (benches/measure.py): wall time and CPU time (user + system); the")
    add("  peak resident memory is `/usr/bin/time`'s *Maximum resident set size* (`%M`) of the same run (one")
    add("  extra `/usr/bin/time -v` run of validate per scale cross-checks it). The wrapper adds about a")
    add("  millisecond to each command's time.")
    add("- **Native targets are judged on CPU time.** On a shared 2-core machine wall time also counts the time a")
    add("  process waited for a core; CPU time does not. Wall-time ratios are printed beside them. The commands")
    add("  are single-threaded, so on an idle machine the two are the same.")
    add("- **The browser's time against native is judged on wall time** (the issue asks for time): in the")
    add("  browser, CPU time adds up every thread of every Chromium process, and Chromium works on several at")
    add("  once (V8 optimises the wasm on background threads while it runs, the compositor, the GPU process,")
    add("  the messages between them), so it is not the time the person waits. Both ratios are in the table,")
    add("  and the section on the browser says where its CPU time goes.")
    add("- Floor: `unzip -p PACKAGE > /dev/null` (Info-ZIP) and `benches/floor.rs` (the zip crate with the")
    add("  same zlib-rs backend as the core, every entry read through a 64 KiB buffer into nothing). The")
    add("  issue names either as the floor, so both ratios are judged. They differ by a factor of about six here:")
    add("  zlib-rs inflates this XML far faster than Info-ZIP's unzip (the issue's own calibration, \"the floor")
    add("  inflates a scale-30 package in about 0.6 s\", is unzip's). Both floors inflate every entry; validate")
    add("  inflates only the XML it reads (customizations.xml, solution.xml, [Content_Types].xml).")
    add("- A second floor, for the parse: `benches/xml_floor.rs` inflates customizations.xml with the zip crate,")
    add("  checks it is UTF-8 and pulls every event from quick-xml, doing nothing with them. validate / xml floor")
    add("  is what the tool spends on its own work (model, checks, report) relative to the reader it builds on.")
    add("- Conversion, simulation and the browser are timed as their own sections below say: `solinspect")
    add("  convert` in the same rounds as validate; the simulation in-process (benches/simulate.rs); the browser")
    add("  in rounds of its own (benches/browser/bench.mjs), each with native validate measured again beside it.")
    add("- Commands measured (paths shortened):")
    add("")
    for name, command in reference["commands"].items():
        add(f"  - {name}: `{shorten(command)}`")
    add("")
    add("## Targets")
    add("")
    add("| target | measured (CPU time) | wall time | limit | result |")
    add("|---|---|---|---|---|")
    add(f"| validate / floor (zip crate), scale {ref_scale} | {cpu['validate_over_floor']:.2f} | "
        f"{wall['validate_over_floor']:.2f} | ≤ {TARGETS['validate_over_floor']} | "
        f"{verdict(cpu['validate_over_floor'] <= TARGETS['validate_over_floor'])} |")
    add(f"| validate / floor (unzip -p), scale {ref_scale} | {cpu['validate_over_unzip']:.2f} | "
        f"{wall['validate_over_unzip']:.2f} | ≤ {TARGETS['validate_over_floor']} | "
        f"{verdict(cpu['validate_over_unzip'] <= TARGETS['validate_over_floor'])} |")
    add(f"| python baseline / validate, scale {ref_scale} | {cpu['python_over_validate']:.2f} | "
        f"{wall['python_over_validate']:.2f} | ≥ {TARGETS['python_over_validate']} | "
        f"{verdict(cpu['python_over_validate'] >= TARGETS['python_over_validate'])} |")
    for r in results:
        if float(r["scale"]) < 10:
            continue  # a few MB of package: the process's own footprint dominates
        rss = r["median"]["validate"]["rss"] / r["uncompressedBytes"]
        add(f"| validate peak RSS / uncompressed size, scale {r['scale']} | {rss:.2f} | | ≤ 1.0 | {verdict(rss <= 1.0)} |")
    growth = linearity(results)
    if growth is not None:
        add(f"| growth: validate CPU time per uncompressed MB, largest / smallest of scales ≥ 10 | "
            f"{growth:.2f} | | ≤ 1.25 (linear) | {verdict(growth <= 1.25)} |")
    for row in issue7_rows(report, reference):
        add(row)
    for row in issue16_rows(report):
        add(row)
    add("")
    add("## Scales")
    add("")
    add("Medians; CPU time in brackets. RSS is validate's peak resident memory.")
    add("")
    add("| scale | zip | uncompressed | customizations.xml | unzip -p | floor (zip crate) | xml floor | validate | python baseline | validate peak RSS | RSS / uncompressed | validate CPU ms per uncompressed MB |")
    add("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        med = r["median"]
        per_mb = med["validate"]["cpu"] * 1000 / (r["uncompressedBytes"] / 1e6)
        add(f"| {r['scale']} | {mb(r['zipBytes'])} | {mb(r['uncompressedBytes'])} | {mb(r['customizationsBytes'])} | "
            f"{seconds(med['unzip']['wall'])} ({seconds(med['unzip']['cpu'])}) | "
            f"{seconds(med['floor']['wall'])} ({seconds(med['floor']['cpu'])}) | "
            f"{seconds(med['xml_floor']['wall'])} ({seconds(med['xml_floor']['cpu'])}) | "
            f"{seconds(med['validate']['wall'])} ({seconds(med['validate']['cpu'])}) | "
            f"{seconds(med['python']['wall'])} ({seconds(med['python']['cpu'])}) | "
            f"{mb(med['validate']['rss'])} | {med['validate']['rss'] / r['uncompressedBytes']:.2f} | {per_mb:.2f} |")
    add("")
    add("Ratios per scale (CPU time; wall time in brackets):")
    add("")
    add("| scale | validate / floor | validate / unzip -p | validate / xml floor | python / validate | peak RSS (`/usr/bin/time -v`) |")
    add("|---|---|---|---|---|---|")
    for r in results:
        c, w = r["ratios"]["cpu"], r["ratios"]["wall"]
        time_v = r.get("validatePeakRssTimeV")
        add(f"| {r['scale']} | {c['validate_over_floor']:.2f} ({w['validate_over_floor']:.2f}) | "
            f"{c['validate_over_unzip']:.2f} ({w['validate_over_unzip']:.2f}) | "
            f"{c['validate_over_xml_floor']:.2f} ({w['validate_over_xml_floor']:.2f}) | "
            f"{c['python_over_validate']:.2f} ({w['python_over_validate']:.2f}) | "
            f"{mb(time_v) if time_v else 'n/a'} |")
    add("")
    # The measured sections of conversion, simulation and the browser, then the hand-written notes.
    lines.extend(issue7_sections(report, reference))
    lines.extend(issue16_section(report))
    if notes:
        add(notes.rstrip())
        add("")
    if all("validate_before" in r["median"] for r in results):
        add("## Before / after the optimisations")
        add("")
        add(f"`{shorten(report['compare'])}` is the build before the changes described above, measured in the same")
        add("rounds as everything else (median CPU time; peak RSS).")
        add("")
        add("| scale | validate before | validate after | speed-up | peak RSS before | peak RSS after |")
        add("|---|---|---|---|---|---|")
        for r in results:
            before, after = r["median"]["validate_before"], r["median"]["validate"]
            add(f"| {r['scale']} | {seconds(before['cpu'])} | {seconds(after['cpu'])} | "
                f"{before['cpu'] / after['cpu']:.2f}× | {mb(before['rss'])} | {mb(after['rss'])} |")
        add("")
    return "\n".join(lines)


NOT_MEASURED = "*not measured in this run*"


def kb(value):
    return f"{value / 1000:.0f} KB"


def issue7_rows(report, reference):
    """The targets table's rows for conversion, simulation and the browser."""
    rows = []
    scale = reference["scale"]
    cpu, wall = reference["ratios"]["cpu"], reference["ratios"]["wall"]
    if "convert_over_validate" in cpu:
        level = report.get("convert", {}).get("deflateLevel")
        rows.append(f"| conversion / validate, scale {scale} (rewritten entries deflated at level {level}) | "
                    f"{cpu['convert_over_validate']:.2f} | {wall['convert_over_validate']:.2f} | "
                    f"≤ {TARGETS['convert_over_validate']} | "
                    f"{verdict(cpu['convert_over_validate'] <= TARGETS['convert_over_validate'])} |")
    else:
        rows.append(f"| conversion / validate, scale 30 | {NOT_MEASURED} | | ≤ {TARGETS['convert_over_validate']} | |")
    sim = report.get("simulate")
    if sim:
        med = sim["median"]
        ratio_cpu = med["simulate"]["cpu"] / med["inspect"]["cpu"]
        ratio_wall = med["simulate"]["wall"] / med["inspect"]["wall"]
        big_enough = sim["snapshotComponents"] >= TARGETS["snapshot_components"]
        rows.append(f"| simulation / inspect, {os.path.basename(sim['package'])}, snapshot of "
                    f"{sim['snapshotComponents']:,} components (in-process) | {ratio_cpu:.3f} | {ratio_wall:.3f} | "
                    f"< {TARGETS['simulate_over_inspect']} (snapshot ≥ {TARGETS['snapshot_components']:,}) | "
                    f"{verdict(ratio_cpu < TARGETS['simulate_over_inspect'] and big_enough)} |")
    else:
        rows.append(f"| simulation / inspect, scale 30, snapshot ≥ 50,000 components | {NOT_MEASURED} | | < 0.1 | |")
    browser = report.get("browser")
    if not browser:
        for target, limit in (("browser inspect+validate / native, scale 30", "≤ 2.5"),
                              ("browser: app / JavaScript baseline", "< 1.0"),
                              ("wasm loaded at start-up, gzipped", "≤ 600 KB"),
                              ("page usable from 127.0.0.1", "< 1 s"),
                              ("main-thread long tasks over 100 ms during inspect+validate", "none"),
                              ("scale 30 processed in the browser without running out of memory", "yes")):
            rows.append(f"| {target} | {NOT_MEASURED} | | {limit} | |")
        return rows
    name = os.path.basename(browser["package"])
    c, w = browser["ratios"]["cpu"], browser["ratios"]["wall"]
    rows.append(f"| browser inspect+validate / native validate, {name} (judged on wall time) | {c['appOverNative']:.2f} | "
                f"{w['appOverNative']:.2f} | ≤ {TARGETS['browser_over_native']} | "
                f"{verdict(w['appOverNative'] <= TARGETS['browser_over_native'])} |")
    rows.append(f"| browser: app / JavaScript baseline (fflate + DOMParser), {name} | {c['appOverBaseline']:.2f} | "
                f"{w['appOverBaseline']:.2f} | < {TARGETS['browser_over_baseline']} | "
                f"{verdict(c['appOverBaseline'] < TARGETS['browser_over_baseline'])} |")
    startup = [wasm for wasm in browser["wasm"] if wasm["loadedAtStartup"]]
    size = startup[0]["gzipBytes"] if startup else max(wasm["gzipBytes"] for wasm in browser["wasm"])
    rows.append(f"| wasm loaded at start-up, gzipped (level 9) | {kb(size)} | | ≤ {kb(TARGETS['wasm_gzip_bytes'])} | "
                f"{verdict(size <= TARGETS['wasm_gzip_bytes'])} |")
    usable = browser["load"]["medianUsableMs"]
    rows.append(f"| page usable from 127.0.0.1 (navigation start to a usable drop zone, median of "
                f"{len(browser['load']['runs'])} loads) | | {usable:.0f} ms | < {TARGETS['usable_ms'] / 1000:.0f} s | "
                f"{verdict(usable < TARGETS['usable_ms'])} |")
    tasks = browser["longTasks"]
    rows.append(f"| main-thread long tasks over {TARGETS['long_task_ms']} ms during inspect+validate, {name} | | "
                f"{tasks['over100ms']} in {len(tasks['perRun'])} runs, longest {tasks['longestMs']:.0f} ms | none | "
                f"{verdict(tasks['over100ms'] == 0 and tasks.get('observerChecked', True))} |")
    memory = browser["memory"]
    same = [r for r in report["results"] if r["package"] == browser["package"]]
    size = f" ({mb(same[0]['uncompressedBytes'])} uncompressed)" if same else ""
    rows.append(f"| {name}{size} processed in the browser without running out of memory | "
                f"{'yes' if memory['completed'] else 'no'} | | yes | {verdict(memory['completed'])} |")
    big = browser.get("memoryPackage")
    if big:
        rows.append(f"| {os.path.basename(big['package'])} ({mb(big['uncompressedBytes'])} uncompressed, the issue's "
                    f"200 MB) processed in the browser without running out of memory | "
                    f"{'yes' if big['completed'] else 'no'} | | yes | "
                    f"{verdict(big['completed'] and big['uncompressedBytes'] >= 200e6)} |")
    return rows


def issue7_sections(report, reference):
    """The sections on conversion, simulation and the browser."""
    lines = []
    add = lines.append
    cpu = reference["ratios"]["cpu"]
    if "convert_over_validate" in cpu:
        conv = report["convert"]
        med = reference["median"]
        add("## Conversion")
        add("")
        add(f"`solinspect convert PACKAGE --managed-properties {conv['policy']} -o TMP/converted.zip`, timed in the")
        add("same interleaved rounds as validate (benches/measure.py; command list above). The policy locks every")
        add(f"component (`{conv['policyJson']}`), so the managed properties change across the whole package.")
        add("The conversion inspects the package, validates it against the online profile (its errors are printed")
        add("and do not stop it), edits customizations.xml and solution.xml in place and writes the zip: the entries")
        add("it rewrites are deflated again, every other entry is copied raw, without inflating it (`raw_copy_file`).")
        add(f"**Compression level: {conv['deflateLevel']}** (`FAST_DEFLATE_LEVEL` in src/convert/mod.rs, chosen for speed: the")
        add("output is a transfer format; measure.py reads the level from the source at each run).")
        add("")
        add("| scale | validate | convert | convert / validate (CPU) | wall | input zip | converted zip |")
        add("|---|---|---|---|---|---|---|")
        for r in report["results"]:
            if "convert" not in r["median"]:
                continue
            m, c, w = r["median"], r["ratios"]["cpu"], r["ratios"]["wall"]
            add(f"| {r['scale']} | {seconds(m['validate']['cpu'])} | {seconds(m['convert']['cpu'])} | "
                f"{c['convert_over_validate']:.2f} | {w['convert_over_validate']:.2f} | {mb(r['zipBytes'])} | "
                f"{mb(r['convertedBytes']) if r.get('convertedBytes') else 'n/a'} |")
        add("")
    sim = report.get("simulate")
    if sim:
        med = sim["median"]
        add("## Simulation")
        add("")
        add("`benches/simulate.rs` (harness = false), in one process, so reading the files and parsing the")
        add("snapshot's JSON do not count. It builds the snapshot with the core's org API: the default")
        add(f"`{os.path.basename(sim['base'])}` ({sim['baseComponents']:,} components), then "
            + ", ".join(f"`{os.path.basename(path)}`" for path in sim["also"])
            + (" and " if sim["also"] else "") + f"`{os.path.basename(sim['package'])}` installed into it")
        add(f"(`simulate` + `apply`, as `solinspect org install`): **{sim['snapshotComponents']:,} components**, "
            f"{sim['snapshotSolutions']} solutions. Then, in {sim['runs']} interleaved rounds after a warm-up, it")
        add("times `inspect(package)` and `simulate(inspection, Some(package), snapshot)` (the package over its")
        add(f"installed self: operation `{sim['operation']}`, success {str(sim['success']).lower()}, "
            f"{sim['componentOutcomes']:,} component outcomes), and `simulate` without the zip")
        add("(`None`: components cannot be told unchanged, so no digests of their XML are computed).")
        add(f"CPU time is the thread's own ({sim['cpuClock']}); each simulation sample is the mean of "
            f"{sim.get('repeat', 1)} simulations in a row (one is close to the 4 ms granularity of that clock here); medians:")
        add("")
        add("| package components | inspect | simulate | simulate / inspect | simulate without the zip | its ratio |")
        add("|---|---|---|---|---|---|")
        without = med.get("simulateWithoutBytes")
        without_cells = (f"{seconds(without['cpu'])} | {without['cpu'] / med['inspect']['cpu']:.2f}"
                         if without else "n/a | n/a")
        add(f"| {sim['packageComponents']:,} | {seconds(med['inspect']['cpu'])} | {seconds(med['simulate']['cpu'])} | "
            f"{med['simulate']['cpu'] / med['inspect']['cpu']:.2f} | {without_cells} |")
        add("")
    browser = report.get("browser")
    if browser:
        add("## Browser")
        add("")
        add(f"`benches/browser/bench.mjs`: {browser['chromium']} headless, driven by playwright-core "
            f"{browser['playwright']}; the app built by")
        add("`trunk build --release` and served on 127.0.0.1 by tests/e2e/server.mjs (a fresh browser context for")
        add("every page load and every run). Medians; a browser run's CPU time is what all Chromium processes")
        add("spent during it (/proc), a native run's is `/usr/bin/time`'s user + system.")
        add("")
        add("- **wasm**: every `.wasm` in dist/, gzipped at level 9 by Node's zlib:")
        for wasm in browser["wasm"]:
            add(f"  `{wasm['name']}` {kb(wasm['bytes'])} raw, **{kb(wasm['gzipBytes'])} gzipped**"
                f"{' (the page loads it at start-up)' if wasm['loadedAtStartup'] else ' (not loaded at start-up)'}.")
        loads = browser["load"]["runs"]
        add(f"- **Page usable**: navigation start to the drop zone and the file input in the page with the main thread")
        add(f"  free for the next task, median of {len(loads)} loads after a warm-up: "
            f"**{browser['load']['medianUsableMs']:.0f} ms** (each: "
            + ", ".join(f"{load['usableMs']:.0f}" for load in loads) + " ms; `DOMContentLoaded` median "
            f"{statistics.median(load['domContentLoadedMs'] for load in loads):.0f} ms).")
        app, native, base = browser["app"]["median"], browser["native"]["median"], browser["baseline"]["median"]
        how = {run["how"] for run in browser["app"]["runs"]}
        add(f"- **Inspect + validate in the page** ({browser['runs']} runs after a warm-up, interleaved with the native")
        add("  runs and the baseline): the package is put into the page as a `File` first (not timed), then handed")
        add("  to the file input (`change` event). Timed from that event to the validation shown: "
            + ('the status element\'s `data-validated="true"`.' if how == {"data-validated"} else
               "today's app validates when the Findings view opens, so the benchmark opens it when the status says the"
               ' package is read (`aria-busy="false"`) and stops at the findings\' counts.')
            )
        reading = f" (of which reading {seconds(app['readWall'])})" if app.get("readWall") is not None else ""
        add(f"  App: {seconds(app['cpu'])} CPU, {seconds(app['wall'])} wall{reading};"
            f" native validate: {seconds(native['cpu'])} CPU, {seconds(native['wall'])} wall.")
        last = browser["app"]["runs"][-1]
        shown = f"“{last['status']}”" + (f" “{last['counts']}”" if last.get("counts") else "")
        add(f"  The page after the last run: {shown}")
        add(f"- **JavaScript baseline** (benches/browser/baseline.js): fflate {browser['fflate']} (`unzipSync`, inflating")
        add("  solution.xml and customizations.xml as benches/baseline_python.py does, every entry listed), DOMParser on")
        add("  both, and a walk of the element tree counting the same component kinds by the same element paths,")
        add("  on the page thread, from the same kind of `File`: "
            f"{seconds(base['cpu'])} CPU, {seconds(base['wall'])} wall.")
        result = browser["baseline"].get("result") or {}
        if result.get("components"):
            counts = ", ".join(f"{key} {value:,}" for key, value in sorted(result["components"].items()))
            add(f"  Its counts: {counts} ({sum(result['components'].values()):,} in all); "
                f"{result.get('files', 0):,} entries.")
        tasks = browser["longTasks"]
        add(f"- **Long tasks** (PerformanceObserver `longtask` on the page, all runs): {tasks['over100ms']} over 100 ms, "
            f"longest {tasks['longestMs']:.0f} ms; per run: "
            + "; ".join(f"{run['over100ms']} (longest {run['longestMs']:.0f} ms)" for run in tasks["perRun"]) + ".")
        if "observerChecked" in tasks:
            add("  Control: after each timed run the benchmark blocks the page for 150 ms itself; that task "
                + ("was seen as a long task in every run, so the observer works."
                   if tasks["observerChecked"] else "was NOT seen in every run: the figures above mean nothing."))
        last = browser["app"]["runs"][-1]
        if last.get("readAtMs") is not None:
            listed = ", ".join(f"{task['duration']:.0f} ms at {task['start']:.0f} ms" for task in last["longTasks"]
                               if task["duration"] > TARGETS["long_task_ms"])
            add(f"  In the last run (times from the change event; the status said the package was read at "
                f"{last['readAtMs']:.0f} ms): {listed or 'none over 100 ms'}.")
        memory = browser["memory"]
        peaks = ", ".join(f"{kind} {mb(value)}" for kind, value in sorted(memory["appPeakRssBytesByProcessType"].items()))
        base_peaks = ", ".join(f"{kind} {mb(value)}" for kind, value in
                               sorted(memory["baselinePeakRssBytesByProcessType"].items()))
        add(f"- **Memory**: every run {'completed' if memory['completed'] else 'did NOT complete'}. Peak resident memory"
            " (VmHWM) per Chromium process type:")
        add(f"  app {peaks}; baseline {base_peaks}. The page and its worker live in the renderer process.")
        add(f"  The page's JS heap (`performance.memory.usedJSHeapSize`, after the run): {mb(memory['pageJsHeapBytes'])}.")
        if memory.get("workersSeen") is not None:
            add("  wasm linear memory after the run (it only grows, so this is its peak; read in each context through")
            add("  the wasm-bindgen module of the wasm it loaded, whose init returns the running instance): page "
                f"{mb(memory['pageWasmMemoryBytes'])}, worker "
                + (f"{mb(memory['workerWasmMemoryBytes'])}." if memory["workersSeen"] else "none running after the run."))
        big = browser.get("memoryPackage")
        if big:
            big_peaks = ", ".join(f"{kind} {mb(value)}" for kind, value in sorted(big["peakRssBytesByProcessType"].items()))
            add(f"  One more run on {os.path.basename(big['package'])} ({mb(big['uncompressedBytes'])} uncompressed): "
                f"{'completed' if big['completed'] else 'did NOT complete'} in {big['wall']:.2f} s ({big['status']}); "
                f"peak resident memory {big_peaks}.")
        add("")
    return lines


def measure_from_capture(args):
    """`solinspect org from-capture CAPTURE -o SNAPSHOT`: one unrecorded warm-up, then --runs runs,
    each timed like the native commands (wall, CPU, peak RSS under /usr/bin/time)."""
    argv = [args.solinspect, "org", "from-capture", args.from_capture, "-o", args.snapshot_out]
    runs = []
    for index in range(args.runs + 1):
        wall, cpu, rss, status = run_once(argv)
        if status != 0:
            sys.exit(f"measure.py: {shlex.join(argv)} exited with {status}")
        if index > 0:
            runs.append({"wall": wall, "cpu": cpu, "rss": rss})
    result = {
        "command": shlex.join(argv),
        "captureBytes": os.path.getsize(args.from_capture),
        "snapshotBytes": os.path.getsize(args.snapshot_out),
        "runs": runs,
        "median": {key: statistics.median(run[key] for run in runs) for key in ("wall", "cpu", "rss")},
    }
    with open(args.capture_cli_json, "w") as out:
        json.dump(result, out, indent=1)
    med = result["median"]
    print(f"  org from-capture: {med['cpu']:.2f} s CPU, peak RSS {mb(med['rss'])} "
          f"({med['rss'] / result['captureBytes']:.1f} × the capture's {mb(result['captureBytes'])})", file=sys.stderr)


def issue16_rows(report):
    """The targets table's rows for issue 16's organization: simulation against it, capture -> snapshot."""
    rows = []
    sim = report.get("simulateOrg")
    if sim:
        med = sim["median"]
        ratio_cpu = med["simulate"]["cpu"] / med["inspect"]["cpu"]
        ratio_wall = med["simulate"]["wall"] / med["inspect"]["wall"]
        big_enough = sim["snapshotComponents"] >= TARGETS["org_components"]
        rows.append(f"| simulation / inspect, {os.path.basename(sim['package'])}, snapshot of "
                    f"{sim['snapshotComponents']:,} components (issue 16's organization, in-process) | "
                    f"{ratio_cpu:.3f} | {ratio_wall:.3f} | < {TARGETS['simulate_over_inspect']} "
                    f"(snapshot ≥ {TARGETS['org_components']:,}) | "
                    f"{verdict(ratio_cpu < TARGETS['simulate_over_inspect'] and big_enough)} |")
    else:
        rows.append(f"| simulation / inspect, snapshot ≥ 200,000 components | {NOT_MEASURED} | | < 0.1 | |")
    capture, cli = report.get("capture"), report.get("captureCli")
    if capture:
        rows.append(f"| capture → snapshot, {capture['solutionComponents']:,} solution components, in process "
                    f"(time; issue 16 sets no limit) | {seconds(capture['medianCpuSeconds'])} | "
                    f"{seconds(capture['medianSeconds'])} | measured | |")
    if cli:
        med = cli["median"]
        rows.append(f"| `solinspect org from-capture`, {mb(cli['captureBytes'])} capture (time; peak RSS / capture "
                    f"size) | {seconds(med['cpu'])}; {mb(med['rss'])} = {med['rss'] / cli['captureBytes']:.1f} × | "
                    f"{seconds(med['wall'])} | measured | |")
    if not capture and not cli:
        rows.append(f"| capture → snapshot, 200,000 solution components | {NOT_MEASURED} | | measured | |")
    page = report.get("orgPage")
    if page:
        runs = len(page["runs"])
        rows.append(f"| page: the {page['components']:,}-component snapshot ({mb(page['snapshotBytes'])}) loaded, until the "
                    f"organization is shown (median of {runs}; time: issue 16 sets no limit) | | "
                    f"{seconds(page['median']['wall'])} | measured | |")
        rows.append(f"| page: its engine worker's wasm memory; the renderer's peak RSS | "
                    f"{mb(page['workerWasmMemoryBytes'])}; {mb(page['peakRssBytesByProcessType'].get('renderer', 0))} | | "
                    f"loads without running out of memory | {verdict(runs > 0)} |")
        rows.append(f"| main-thread long tasks over {TARGETS['long_task_ms']} ms while the snapshot loads | | "
                    f"{page['longTasks']['over100ms']} in {runs} runs, longest {page['longTasks']['longestMs']:.0f} ms | none | "
                    f"{verdict(page['longTasks']['over100ms'] == 0)} |")
    else:
        rows.append(f"| page: a 200,000-component snapshot loaded | {NOT_MEASURED} | | measured, no long task | |")
    return rows


def issue16_section(report):
    """The section on issue 16's generated organization."""
    capture, cli, sim = report.get("capture"), report.get("captureCli"), report.get("simulateOrg")
    page = report.get("orgPage")
    if not (capture or cli or sim or page):
        return []
    lines = []
    add = lines.append
    add("## Your own organization (issue 16)")
    add("")
    add("A generated organization of **200,000 solution components** (`benches/capture.rs`): 300 managed")
    add("solutions of one publisher (plus System) holding 2,000 tables with 80 columns each (162,000")
    add("components), 20,000 views and 18,000 web resources, written as the Web API lists them (the")
    add("`solutioncomponents` rows, `EntityDefinitions` with their `Attributes`, `savedqueries`,")
    add("`webresourceset`), every other query answered with no rows.")
    add("")
    if capture:
        before, peak = capture.get("rssBeforeBytes"), capture.get("peakRssBytes")
        add(f"- **Capture → snapshot in process** (`org::capture::snapshot_from_capture` on the capture's "
            f"{mb(capture['captureBytes'])} of bytes, {len(capture['runs'])} runs, median): "
            f"**{seconds(capture['medianCpuSeconds'])} of CPU** ({seconds(capture['medianSeconds'])} wall; each: "
            + ", ".join(seconds(value) for value in capture.get("cpuRuns", capture["runs"])) + "). "
            f"It gives {capture['snapshot']['components']:,} components and {capture['snapshot']['solutions']} solutions.")
        if before and peak:
            add(f"  Peak resident memory during the conversions: {mb(peak)}, of which {mb(before)} was the process "
                f"before (the generated capture, as `serde_json::Value` and as bytes): the conversion adds "
                f"{mb(peak - before)}, {(peak - before) / capture['captureBytes']:.1f} × the capture's size.")
    if cli:
        med = cli["median"]
        add(f"- **`solinspect org from-capture`** (the release CLI: reading the file, the conversion, writing the "
            f"{mb(cli['snapshotBytes'])} snapshot), {len(cli['runs'])} runs after a warm-up, timed like the native "
            f"commands: **{seconds(med['cpu'])} of CPU** ({seconds(med['wall'])} wall), peak RSS "
            f"**{mb(med['rss'])}, {med['rss'] / cli['captureBytes']:.1f} × the capture's size**. The capture's rows are "
            "held as `serde_json::Value` while the snapshot is built (see the notes).")
    if sim:
        med = sim["median"]
        add(f"- **Simulation against it** (`benches/simulate.rs`, as in *Simulation* above): the snapshot "
            f"`org from-capture` wrote ({sim['baseComponents']:,} components), with "
            f"`{os.path.basename(sim['package'])}` installed into it: **{sim['snapshotComponents']:,} components**, "
            f"{sim['snapshotSolutions']} solutions; then the package simulated over its installed self "
            f"(operation `{sim['operation']}`, {sim['componentOutcomes']:,} component outcomes), "
            f"{sim['runs']} interleaved rounds (each simulation sample the mean of {sim.get('repeat', 1)}), the thread's CPU time:")
        add("")
        add("| snapshot components | inspect | simulate | simulate / inspect | simulate without the zip | its ratio |")
        add("|---|---|---|---|---|---|")
        rows = [report.get("simulate"), sim]
        for row in rows:
            if not row:
                continue
            rmed = row["median"]
            without = rmed.get("simulateWithoutBytes")
            cells = (f"{seconds(without['cpu'])} | {without['cpu'] / rmed['inspect']['cpu']:.3f}"
                     if without else "| ")
            add(f"| {row['snapshotComponents']:,} | {seconds(rmed['inspect']['cpu'])} | "
                f"{seconds(rmed['simulate']['cpu'])} | {rmed['simulate']['cpu'] / rmed['inspect']['cpu']:.3f} | {cells} |")
    if page:
        add("")
        each = ", ".join(seconds(run["wall"]) for run in page["runs"])
        tasks = "; ".join(
            f"run {index + 1}: " + (", ".join(f"{task['duration']:.0f} ms at {task['start'] / 1000:.2f} s"
                                              for task in run["longTasks"]) or "none")
            for index, run in enumerate(page["runs"]))
        peaks = ", ".join(f"{kind} {mb(value)}" for kind, value in sorted(page["peakRssBytesByProcessType"].items(),
                                                                            key=lambda item: -item[1]))
        add(f"- **The snapshot loaded in the page** (`benches/browser/org-load.mjs`, headless Chromium, the "
            f"release build, a fresh browser context each run): the page opens `{page['package']}`, the Simulate")
        add("  view and its default organization; the snapshot is put into the page as a `File` (not timed) and")
        add("  handed to the org panel's *Load organization (JSON)…* input. Timed from that `change` event until the")
        add(f"  panel names the organization: **{seconds(page['median']['wall'])}** (median of {len(page['runs'])} "
            f"after a warm-up; each: {each}). The engine reads the JSON in its worker; the page then keeps the")
        add("  bytes in IndexedDB.")
        add(f"  Memory: the engine worker's wasm memory **{mb(page['workerWasmMemoryBytes'])}** (it only grows: its peak); "
            f"the page's JS heap {mb(page['pageJsHeapBytes'])} (`performance.memory.usedJSHeapSize`; CDP "
            f"`Performance.getMetrics` says {mb(page.get('cdpJsHeapUsedBytes', 0))} used); peak RSS by Chromium "
            f"process: {peaks}.")
        add(f"  Main-thread long tasks from the event until shown (PerformanceObserver, which reports tasks over "
            f"50 ms; the target is none over {TARGETS['long_task_ms']} ms): {tasks}.")
        if page.get("problems"):
            add(f"  The page said: {'; '.join(page['problems'])}")
    add("")
    return lines


def shorten(command):
    home = os.path.dirname(os.path.dirname(HERE))
    command = re.sub(r"\S*/measure-[^/\s]+/", "TMP/", command)  # the conversion's temporary folder
    return command.replace(home + "/", "")


def linearity(results):
    """Largest / smallest validate CPU time per uncompressed byte over scales >= 10
    (scale 1 is dominated by process start-up)."""
    big = [r for r in results if float(r["scale"]) >= 10]
    if len(big) < 2:
        return None
    per_byte = [r["median"]["validate"]["cpu"] / r["uncompressedBytes"] for r in big]
    return max(per_byte) / min(per_byte)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--solinspect")
    parser.add_argument("--floor")
    parser.add_argument("--xml-floor")
    parser.add_argument("--package", action="append", default=[], help="SCALE=ZIP")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    parser.add_argument("--notes", help="hand-written Markdown inserted after the tables")
    parser.add_argument("--reproduce", default="scripts/bench.sh")
    parser.add_argument("--compare", help="an earlier solinspect build, measured as validate_before")
    parser.add_argument("--convert-policy", help="a managed-properties policy: also time solinspect convert")
    parser.add_argument("--simulate-json", help="the output of benches/simulate.rs, kept in the report")
    parser.add_argument("--browser-json", help="the output of benches/browser/bench.mjs, kept in the report")
    parser.add_argument("--from-json", help="render --markdown from an earlier --json, measuring nothing")
    parser.add_argument("--from-capture", help="issue 16: time solinspect org from-capture on this capture")
    parser.add_argument("--snapshot-out", help="with --from-capture: where the snapshot is written")
    parser.add_argument("--capture-cli-json", help="the output of --from-capture, kept in the report")
    parser.add_argument("--capture-json", help="the output of benches/capture.rs, kept in the report")
    parser.add_argument("--only-org", action="store_true",
                        help="with --from-json: the simulation and organization results are of a later run")
    parser.add_argument("--load-before", help="with --only-org: the load average when that run started")
    parser.add_argument("--org-page-json",
                        help="benches/browser/org-load.mjs: issue 16's snapshot loaded in the page")
    parser.add_argument("--simulate-org-json",
                        help="benches/simulate.rs against issue 16's organization, kept in the report")
    args = parser.parse_args()
    if args.from_capture:
        measure_from_capture(args)
        return
    if args.from_json:
        with open(args.from_json) as saved:
            report = json.load(saved)
        if args.only_org:
            report["onlyOrg"] = {
                "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "loadBefore": args.load_before or "",
                "loadAfter": " ".join(open("/proc/loadavg").read().split()[:3]),
            }
        write_report(args, report)
        return

    load_before = " ".join(open("/proc/loadavg").read().split()[:3])
    results = []
    for spec in args.package:
        scale, package = spec.split("=", 1)
        print(f"measuring scale {scale}: {package}", file=sys.stderr)
        result = measure_package(args, scale, package)
        results.append(result)
        med, c = result["median"], result["ratios"]["cpu"]
        print(f"  cpu medians: unzip {med['unzip']['cpu']:.3f} s, floor {med['floor']['cpu']:.3f} s, "
              f"validate {med['validate']['cpu']:.3f} s, python {med['python']['cpu']:.3f} s; "
              f"validate/floor {c['validate_over_floor']:.2f}, python/validate {c['python_over_validate']:.2f}; "
              f"validate peak RSS {mb(med['validate']['rss'])} of {mb(result['uncompressedBytes'])} uncompressed",
              file=sys.stderr)
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "runs": args.runs,
        "loadBefore": load_before,
        "loadAfter": " ".join(open("/proc/loadavg").read().split()[:3]),
        "reproduce": args.reproduce,
        "compare": args.compare,
        "results": results,
    }
    if args.convert_policy:
        with open(args.convert_policy) as policy:
            report["convert"] = {"policy": os.path.relpath(args.convert_policy, os.path.dirname(HERE)),
                                 "policyJson": policy.read().strip(), "deflateLevel": convert_deflate_level()}
    write_report(args, report)


def write_report(args, report):
    """Adds the simulation and browser results (scripts/bench.sh runs them after the native part),
    then writes --json and renders --markdown."""
    for key, path in (("simulate", args.simulate_json), ("browser", args.browser_json),
                      ("capture", args.capture_json), ("captureCli", args.capture_cli_json),
                      ("simulateOrg", args.simulate_org_json), ("orgPage", args.org_page_json)):
        if path:
            with open(path) as saved:
                report[key] = json.load(saved)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=1)
    if args.markdown:
        notes = open(args.notes).read() if args.notes and os.path.exists(args.notes) else ""
        with open(args.markdown, "w") as out:
            out.write(render(report, notes))
        print(f"wrote {args.markdown}", file=sys.stderr)


if __name__ == "__main__":
    main()
