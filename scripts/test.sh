#!/usr/bin/env bash
# Installs what is missing and runs every test: formatting, lints (native and
# wasm32), native tests, wasm tests in headless Chromium, the release web build,
# end-to-end tests in headless Chromium, and a short smoke run of each fuzz target.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$repo_root"

step() { printf '\n==> %s\n' "$*" >&2; }

step "set-up"
bash scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --all-targets --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings

step "native tests"
SOLINSPECT_REQUIRE_LIBREOFFICE=1 cargo test --locked

step "wasm tests in headless Chromium"
cargo test --locked --target wasm32-unknown-unknown --test wasm

step "release web build (trunk)"
trunk build --release

step "fuzz smoke run (every target briefly; says so plainly when it has to skip)"
bash scripts/fuzz-smoke.sh

step "end-to-end tests in headless Chromium"
node tests/e2e/run.mjs
