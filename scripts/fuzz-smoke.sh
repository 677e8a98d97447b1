#!/usr/bin/env bash
# A short smoke run of every cargo-fuzz target in fuzz/ (see fuzz/README.md).
# Needs a nightly toolchain; installs cargo-fuzz from crates.io only if it is missing.
# Without a nightly it says so plainly and exits 0: the fuzz smoke run is skipped, not failed.
#
#   FUZZ_SMOKE_RUNS   executions per target (default 2000)
#   FUZZ_SMOKE_TIME   seconds per target at most (default 30)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$repo_root/fuzz"

log() { printf '[fuzz-smoke] %s\n' "$*" >&2; }

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  log "SKIPPED: no nightly toolchain (rustup toolchain list shows none); cargo-fuzz needs nightly."
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  log "cargo-fuzz is missing: installing it from crates.io"
  if ! cargo install --locked cargo-fuzz --version 0.13.2; then
    log "SKIPPED: cargo-fuzz could not be installed."
    exit 0
  fi
fi

runs="${FUZZ_SMOKE_RUNS:-2000}"
seconds="${FUZZ_SMOKE_TIME:-30}"
# Fuzz builds get their own target directory: other flags, other toolchain.
export CARGO_TARGET_DIR="$CARGO_TARGET_DIR-fuzz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for target in $(cargo +nightly fuzz list); do
  log "$target: $runs runs (at most ${seconds}s)"
  mkdir -p "$work/$target"
  # The first corpus directory receives new inputs; the checked-in seeds stay untouched.
  if cargo +nightly fuzz run --sanitizer none "$target" "$work/$target" "corpus/$target" -- \
    -runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$work/$target.log" 2>&1; then
    status=0
  else
    status=$?
  fi
  grep -aE '^(stat::number_of_executed_units|==[0-9]+== ERROR)|panicked|^error' "$work/$target.log" >&2 || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$work/$target.log" >&2
    log "$target FAILED (exit $status); the crashing input is in fuzz/artifacts/$target/"
    exit 1
  fi
done
log "every fuzz target ran without a crash"
