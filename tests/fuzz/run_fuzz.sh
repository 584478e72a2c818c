#!/usr/bin/env bash
# Builds the decoder fuzz target with clang and libFuzzer (ASan and UBSan on),
# then runs it briefly from the protocol test vectors. Any crash fails the test.
# usage: run_fuzz.sh SOURCE_DIR WORK_DIR [SECONDS]
set -euo pipefail
source_dir=$1
work_dir=$2
seconds=${3:-${PARLEY_FUZZ_SECONDS:-30}}

if ! command -v clang++ >/dev/null; then
  echo "clang++ is missing: run deploy/install-deps.sh" >&2
  exit 1
fi
mkdir -p "$work_dir/corpus"
binary="$work_dir/decoder_fuzz"
echo "building $binary"
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DMSGPACK_NO_BOOST -I"$source_dir/protocol/include" -I"$source_dir/protocol/src" -I"$source_dir/core/include" \
  "$source_dir"/protocol/src/*.cpp "$source_dir/tests/fuzz/decoder_fuzz.cpp" -o "$binary"

# Seed with every test vector so the fuzzer starts from well-formed messages.
cp "$source_dir"/protocol/testdata/*.msgpack "$work_dir/corpus/" 2>/dev/null || true
echo "fuzzing the decoder for ${seconds}s"
"$binary" -dict="$source_dir/tests/fuzz/protocol.dict" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "$work_dir/corpus" 2>&1 | tail -n 25
echo "fuzz_decoder: no crash in ${seconds}s"
