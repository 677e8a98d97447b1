#!/usr/bin/env bash
# Installs every tool the build and the tests need, from the package registries only.
# Idempotent: each step checks what is already there (at the pinned version) and skips it.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen pinned in Cargo.toml / Cargo.lock

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

log() { printf '[setup] %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

installed_version() { "$1" --version 2>/dev/null | awk '{print $2}' || true; }

if [ "$(installed_version trunk)" != "$TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (a few minutes on a fresh machine)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(installed_version wasm-bindgen)" != "$WASM_BINDGEN_VERSION" ] \
  || [ "$(installed_version wasm-bindgen-test-runner)" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # No --locked: the CLI's own lockfile names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing Debian's chromium and chromium-driver"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! command -v soffice >/dev/null 2>&1; then
  # The import log workbook is checked by opening it in a real spreadsheet program.
  log "installing Debian's LibreOffice Calc (headless, for the import-log test)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.setup-lock-copy 2>/dev/null; then
  log "installing npm packages (playwright-core, binaryen for wasm-opt, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.setup-lock-copy
fi

log "tools ready"
