#!/usr/bin/env bash
# The benchmarks of issue 7, in one run, written to BENCHMARKS.md:
#   native      builds the release CLI and the floor binaries, generates (or reuses) synthetic
#               packages, measures the floors, `solinspect validate`, `solinspect convert` (a policy
#               that locks everything) and the Python baseline (benches/measure.py)
#   simulation  benches/simulate.rs: simulate vs inspect against a snapshot of 50,000+ components
#   organization  issue 16: benches/capture.rs (capture -> snapshot of a generated organization of
#               200,000 solution components, in process), `solinspect org from-capture` on it (time,
#               peak RSS; benches/measure.py --from-capture), and benches/simulate.rs against the
#               snapshot it writes (200,000 components plus the package), and (unless
#               --no-browser) benches/browser/org-load.mjs: that snapshot loaded in the page
#   browser     benches/browser/bench.mjs: the app (trunk build --release) in headless Chromium vs
#               native validate and a plain JavaScript baseline; wasm size, time to a usable page,
#               long tasks, memory
#
# Usage: scripts/bench.sh [--with-100] [--scales "1 10 30"] [--runs N] [--no-write] [--no-browser]
#                         [--only-org]
#   --with-100   also measure scale 100 (about 100 MB zipped, 650 MB uncompressed)
#   --scales S   the scales to measure (default "1 10 30"); simulation and browser use scale 30
#                when it is among them, else the largest
#   --runs N     runs per command and package (default 5; the median is reported)
#   --no-write   print the results, leave BENCHMARKS.md as it is
#   --no-browser skip the browser part (no trunk build, no Chromium)
#   --compare BIN  also time an earlier solinspect build (before/after table)
#   --only-org   measure only the simulation and the organization parts (scale 30), and put them
#                into the last run's benches/results.json (the other numbers stay as they were);
#                with --no-browser, without the page load of the snapshot
# Environment: BENCH_CACHE (generated packages, default ../bench-cache beside the
# repository), CARGO_TARGET_DIR (as for cargo), CHROMIUM (default /usr/bin/chromium).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
scales="1 10 30"
runs=5
write=1
compare=""
browser=1
only_org=0
while [ $# -gt 0 ]; do
  case "$1" in
    --with-100) scales="$scales 100" ;;
    --scales) scales="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --no-write) write=0 ;;
    --compare) compare="$2"; shift ;;
    --no-browser) browser=0 ;;
    --only-org) only_org=1 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

generator="$repo/tests/tools/gen_large.py"
cache="${BENCH_CACHE:-$repo/../bench-cache}"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"
for tool in python3 unzip cargo; do
  command -v "$tool" >/dev/null || { echo "bench.sh: $tool is required" >&2; exit 2; }
done
[ -f "$generator" ] || { echo "bench.sh: $generator not found" >&2; exit 2; }

echo "== building (release)" >&2
cargo build --release --bin solinspect
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
solinspect="$target_dir/release/solinspect"
# The bench binaries' paths (cargo names them with a hash).
bench_binary() {
  cargo bench --bench "$1" --no-run --message-format=json 2>/dev/null \
    | python3 -c 'import json,sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message["target"]["name"] == sys.argv[1] and message.get("executable"):
        print(message["executable"])' "$1"
}
floor="$(bench_binary floor)"
xml_floor="$(bench_binary xml_floor)"
simulate_bench="$(bench_binary simulate)"
capture_bench="$(bench_binary capture)"
[ -x "$solinspect" ] && [ -x "$floor" ] && [ -x "$xml_floor" ] && [ -x "$simulate_bench" ] \
  && [ -x "$capture_bench" ] \
  || { echo "bench.sh: build did not give the binaries" >&2; exit 2; }

echo "== packages (cached in $cache)" >&2
package_args=()
# The generator is deterministic; a package is reused while the generator is unchanged.
stamp="$(sha256sum "$generator" | cut -c1-16)"
generate() { # NAME then gen_large.py's options
  local name="$1"
  shift
  if [ ! -f "$cache/$name.zip" ] || [ "$(cat "$cache/$name.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "generating $name" >&2
    python3 "$generator" "$cache/$name.zip.tmp" "$@" --quiet --summary "$cache/$name.json"
    mv "$cache/$name.zip.tmp" "$cache/$name.zip"
    echo "$stamp" > "$cache/$name.stamp"
  fi
}
if [ "$only_org" = 1 ]; then
  scales=30
fi
for scale in $scales; do
  generate "scale-$scale" --scale "$scale"
  package_args+=(--package "$scale=$cache/scale-$scale.zip")
done
# Simulation and browser: scale 30 when it is measured, else the largest scale.
main_scale="$(for scale in $scales; do echo "$scale"; done | sort -g | tail -1)"
case " $scales " in *" 30 "*) main_scale=30 ;; esac
main_zip="$cache/scale-$main_scale.zip"
# A second solution (another publisher, other names) for the simulation's snapshot: with it,
# the default online snapshot plus scale 30 holds more than 50,000 components.
generate "other-seed2-scale-1" --scale 1 --seed 2

reproduce="CARGO_TARGET_DIR=../targets/bench scripts/bench.sh --scales \"$scales\" --runs $runs"
if [ "$browser" = 0 ]; then
  reproduce="$reproduce --no-browser"
fi
if [ -n "$compare" ]; then
  reproduce="$reproduce --compare BEFORE_BINARY  # an earlier release build of solinspect"
fi
results="$cache/bench-results.json"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$only_org" = 1 ]; then
  # The other parts' numbers stay those of the last full run.
  cp "$repo/benches/results.json" "$results"
else
echo "== native: floors, validate, convert, Python baseline ($runs runs each)" >&2
compare_args=()
if [ -n "$compare" ]; then
  compare_args=(--compare "$compare")
fi
python3 "$repo/benches/measure.py" --solinspect "$solinspect" --floor "$floor" --xml-floor "$xml_floor" \
  --convert-policy "$repo/benches/lock-everything.json" \
  --runs "$runs" --json "$results" --reproduce "$reproduce" \
  "${package_args[@]}" "${compare_args[@]}"
fi

echo "== simulation: scale $main_scale against a snapshot of 50,000+ components ($runs runs)" >&2
simulate_json="$cache/bench-simulate.json"
"$simulate_bench" "$main_zip" --base "$repo/www/org/online-9.2.json" \
  --also "$cache/other-seed2-scale-1.zip" --runs "$runs" > "$simulate_json"
python3 - "$simulate_json" <<'PY' >&2
import json, sys
report = json.load(open(sys.argv[1]))
median = report["median"]
print(f"  snapshot {report['snapshotComponents']} components; inspect {median['inspect']['cpu']:.3f} s, "
      f"simulate {median['simulate']['cpu']:.3f} s CPU: simulate / inspect "
      f"{median['simulate']['cpu'] / median['inspect']['cpu']:.2f}")
PY

echo "== organization (issue 16): capture -> snapshot of 200,000 components, simulation against it ($runs runs)" >&2
capture_json="$cache/bench-capture.json"
capture_cli_json="$cache/bench-capture-cli.json"
simulate_org_json="$cache/bench-simulate-org.json"
"$capture_bench" --runs "$runs" --write "$cache/org-200k.capture.json" > "$capture_json"
python3 "$repo/benches/measure.py" --from-capture "$cache/org-200k.capture.json" \
  --snapshot-out "$cache/org-200k.snapshot.json" --solinspect "$solinspect" --runs "$runs" \
  --capture-cli-json "$capture_cli_json"
"$simulate_bench" "$main_zip" --base "$cache/org-200k.snapshot.json" --runs "$runs" > "$simulate_org_json"
python3 - "$simulate_org_json" <<'PY' >&2
import json, sys
report = json.load(open(sys.argv[1]))
median = report["median"]
print(f"  snapshot {report['snapshotComponents']} components; inspect {median['inspect']['cpu']:.3f} s, "
      f"simulate {median['simulate']['cpu']:.3f} s CPU: simulate / inspect "
      f"{median['simulate']['cpu'] / median['inspect']['cpu']:.2f}")
PY

extra_args=(--simulate-json "$simulate_json" --capture-json "$capture_json" \
  --capture-cli-json "$capture_cli_json" --simulate-org-json "$simulate_org_json")
if [ "$browser" = 1 ]; then
  for tool in node trunk; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is required for the browser part (or --no-browser)" >&2; exit 2; }
  done
  [ -d "$repo/node_modules/playwright-core" ] || { echo "bench.sh: npm install first (playwright-core, fflate)" >&2; exit 2; }
  (PATH="$repo/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true trunk build --release)
  echo "== organization (issue 16): the snapshot loaded in the page ($runs runs)" >&2
  org_page_json="$cache/bench-org-page.json"
  node "$repo/benches/browser/org-load.mjs" --dist "$repo/dist" --snapshot "$cache/org-200k.snapshot.json" \
    --package "$repo/tests/corpus/microsoft__PowerApps-Samples__Contoso_sample_1_0_0_1_managed.zip" \
    --runs "$runs" --json "$org_page_json"
  extra_args+=(--org-page-json "$org_page_json")
fi
if [ "$browser" = 1 ] && [ "$only_org" = 0 ]; then
  echo "== browser: trunk build --release, then headless Chromium on scale $main_scale ($runs runs)" >&2
  for tool in node trunk; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is required for the browser part (or --no-browser)" >&2; exit 2; }
  done
  [ -d "$repo/node_modules/playwright-core" ] || { echo "bench.sh: npm install first (playwright-core, fflate)" >&2; exit 2; }
  # wasm-opt comes from node_modules/.bin (scripts/env.sh); Trunk must not look for a newer self.
  (PATH="$repo/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true trunk build --release)
  # The issue's "a package of 200 MB uncompressed is processed without running out of memory":
  # scale 30 is 194 MB, so one more run on scale 35 (226 MB).
  generate "scale-35" --scale 35
  browser_json="$cache/bench-browser.json"
  node "$repo/benches/browser/bench.mjs" --dist "$repo/dist" --package "$main_zip" --solinspect "$solinspect" \
    --runs "$runs" --json "$browser_json" --memory-package "$cache/scale-35.zip"
  extra_args+=(--browser-json "$browser_json")
fi

if [ "$only_org" = 1 ]; then
  extra_args+=(--only-org --load-before "$load_before")
fi
# Everything into one results.json, then BENCHMARKS.md from it.
python3 "$repo/benches/measure.py" --from-json "$results" --json "$results" "${extra_args[@]}"
echo "results: $results" >&2
if [ "$write" = 1 ]; then
  python3 "$repo/benches/measure.py" --from-json "$results" --markdown "$repo/BENCHMARKS.md" \
    --notes "$repo/benches/NOTES.md"
  echo "wrote $repo/BENCHMARKS.md" >&2
  # Kept beside BENCHMARKS.md: `benches/measure.py --from-json benches/results.json --markdown
  # BENCHMARKS.md --notes benches/NOTES.md` re-renders it without measuring again.
  cp "$results" "$repo/benches/results.json"
fi
