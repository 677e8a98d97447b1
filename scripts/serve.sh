#!/usr/bin/env bash
# Installs what is missing, builds the web app and serves it on http://127.0.0.1:8080
# (set PORT to change the port). The sample solution and the default organization
# snapshots are static files of the build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$repo_root"
bash scripts/setup.sh
port="${PORT:-8080}"
echo "[serve] building and serving on http://127.0.0.1:$port (Ctrl+C stops)" >&2
exec trunk serve --release --address 127.0.0.1 --port "$port"
