#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the full test suite: installs
# the dependencies, builds with warnings as errors, and runs every test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/deploy/install-deps.sh"
"$root/deploy/build.sh" -DPARLEY_BUILD_TESTS=ON -DPARLEY_WARNINGS_AS_ERRORS=ON
build_dir=${PARLEY_BUILD_DIR:-$root/build}
ctest --test-dir "$build_dir" --output-on-failure --parallel 2
