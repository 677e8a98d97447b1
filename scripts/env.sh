# Sourced by the other scripts: the paths every step shares.
# The cargo target directory lives outside the clone so that a fresh clone on a
# warm machine (CI) reuses earlier builds.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/solution-inspector/target}"
export PATH="$HOME/.cargo/bin:$repo_root/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export TRUNK_SKIP_VERSION_CHECK=true # Trunk otherwise asks crates.io for a newer version of itself
