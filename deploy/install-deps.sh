#!/usr/bin/env bash
# Installs everything Parley needs to build and test, from Debian 12 packages.
# Idempotent: when every package is already there it prints one line and exits.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build git pkg-config
  # libraries
  libzmq3-dev cppzmq-dev libmsgpack-cxx-dev libboost-dev libspdlog-dev libfmt-dev
  libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libpugixml-dev doctest-dev
  # learned agents (agents/learning/): LibTorch, CPU only
  libtorch-dev
  # benchmarks: the codec benchmark of `parley bench` (bench/codec/)
  libbenchmark-dev
  # tests: the Python interoperability client and the libFuzzer build of the decoder
  python3 python3-zmq python3-msgpack clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
