#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Parley: installs the
# dependencies, builds, and runs the quickstart scenario: four value frameworks
# bargaining as separate agent processes, with results in results/quickstart.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/deploy/install-deps.sh"
"$root/deploy/build.sh" -DPARLEY_BUILD_TESTS=OFF
build_dir=${PARLEY_BUILD_DIR:-$root/build}
cd "$root"
"$build_dir/cli/parley" --log-level warn run scenarios/quickstart.yaml --parallel 4
