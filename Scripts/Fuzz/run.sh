#!/bin/bash
# Long coverage-guided fuzzing of Shared's readers with libFuzzer (swiftc -sanitize=fuzzer,address).
#   Scripts/Fuzz/run.sh npy|safetensors|idx|gzip|csv [SECONDS]    (default 60)
# Compiles the reader sources with the entry point Fuzz<Reader>.swift into .build-fuzz/, seeds the
# corpus from Shared's test fixtures, and runs until SECONDS pass or a crash is found (the crashing
# input is written to .build-fuzz/crash-* and reproduces with `.build-fuzz/fuzz-<reader> FILE`).
set -euo pipefail
cd "$(dirname "$0")/../.."
reader=${1:?usage: Scripts/Fuzz/run.sh npy|safetensors|idx|gzip|csv [SECONDS]}
seconds=${2:-60}
case $reader in
  npy) entry=FuzzNPY; seeds="*.npy" ;;
  safetensors) entry=FuzzSafetensors; seeds="*.safetensors" ;;
  idx) entry=FuzzIDX; seeds="" ;;
  gzip) entry=FuzzGzip; seeds="*.gz *.zlib" ;;
  csv) entry=FuzzCSV; seeds="" ;;
  *) echo "unknown reader '$reader' (npy, safetensors, idx, gzip, csv)" >&2; exit 2 ;;
esac
out=.build-fuzz
mkdir -p "$out/corpus-$reader"
sources=$(ls Shared/Sources/Shared/IO/*.swift Shared/Sources/Shared/Tensor/*.swift \
  Shared/Sources/Shared/Support/Random.swift Shared/Sources/Shared/Support/Parallel.swift | grep -v Matmul.swift)
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name Fuzz "Scripts/Fuzz/$entry.swift" $sources -o "$out/fuzz-$reader" 2> "$out/build-$reader.log" \
  || { tail -20 "$out/build-$reader.log" >&2; exit 1; }
for pattern in $seeds; do cp Shared/Tests/SharedTests/Fixtures/$pattern "$out/corpus-$reader/" 2>/dev/null || true; done
exec "$out/fuzz-$reader" -max_total_time="$seconds" -timeout=2 -artifact_prefix="$out/" "$out/corpus-$reader"
