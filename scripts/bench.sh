#!/usr/bin/env bash
# The native benchmark of issue 7: builds the release CLI and the floor binary,
# generates (or reuses) synthetic packages, measures the floor, `solinspect validate`
# and the Python baseline in one run, and writes BENCHMARKS.md.
#
# Usage: scripts/bench.sh [--with-100] [--scales "1 10 30"] [--runs N] [--no-write]
#   --with-100   also measure scale 100 (about 100 MB zipped, 650 MB uncompressed)
#   --scales S   the scales to measure (default "1 10 30")
#   --runs N     runs per command and package (default 5; the median is reported)
#   --no-write   print the results, leave BENCHMARKS.md as it is
#   --compare BIN  also time an earlier solinspect build (before/after table)
# Environment: BENCH_CACHE (generated packages, default ../bench-cache beside the
# repository), CARGO_TARGET_DIR (as for cargo).
#
# Browser, conversion and simulation benchmarks: not yet here (later parts of issue 7);
# they belong after the native section below.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
scales="1 10 30"
runs=5
write=1
compare=""
while [ $# -gt 0 ]; do
  case "$1" in
    --with-100) scales="$scales 100" ;;
    --scales) scales="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --no-write) write=0 ;;
    --compare) compare="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

generator="$repo/../shared/tools/gen_large.py"
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
[ -x "$solinspect" ] && [ -x "$floor" ] && [ -x "$xml_floor" ] || { echo "bench.sh: build did not give the binaries" >&2; exit 2; }

echo "== packages (cached in $cache)" >&2
package_args=()
for scale in $scales; do
  zip="$cache/scale-$scale.zip"
  summary="$cache/scale-$scale.json"
  # The generator is deterministic; a package is reused while the generator is unchanged.
  stamp="$(sha256sum "$generator" | cut -c1-16)"
  if [ ! -f "$zip" ] || [ "$(cat "$cache/scale-$scale.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "generating scale $scale" >&2
    python3 "$generator" "$zip.tmp" --scale "$scale" --quiet --summary "$summary"
    mv "$zip.tmp" "$zip"
    echo "$stamp" > "$cache/scale-$scale.stamp"
  fi
  package_args+=(--package "$scale=$zip")
done

reproduce="CARGO_TARGET_DIR=../targets/bench scripts/bench.sh --scales \"$scales\" --runs $runs"
if [ -n "$compare" ]; then
  reproduce="$reproduce --compare BEFORE_BINARY  # an earlier release build of solinspect"
fi
results="$cache/bench-results.json"
markdown_args=()
if [ "$write" = 1 ]; then
  markdown_args=(--markdown "$repo/BENCHMARKS.md" --notes "$repo/benches/NOTES.md")
fi
echo "== measuring ($runs runs each)" >&2
compare_args=()
if [ -n "$compare" ]; then
  compare_args=(--compare "$compare")
fi
python3 "$repo/benches/measure.py" --solinspect "$solinspect" --floor "$floor" --xml-floor "$xml_floor" \
  --runs "$runs" --json "$results" --reproduce "$reproduce" \
  "${package_args[@]}" "${compare_args[@]}" "${markdown_args[@]}"
echo "results: $results" >&2
if [ "$write" = 1 ]; then
  # Kept beside BENCHMARKS.md: `benches/measure.py --from-json benches/results.json --markdown
  # BENCHMARKS.md --notes benches/NOTES.md` re-renders it without measuring again.
  cp "$results" "$repo/benches/results.json"
fi

# Later parts of issue 7 go here: conversion and simulation benchmarks (native),
# then the browser benchmark (headless Chromium, JavaScript baseline, wasm size).
