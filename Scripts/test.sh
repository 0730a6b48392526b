#!/usr/bin/env bash
# Sets up (idempotently) and runs the whole test suite: every week's Assess gate, Shared's tests
# and roadmap's, then (without arguments) the exercises' proof, `roadmap prove`. Tests never
# download anything; Scripts/setup.sh prepares what they read.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./Scripts/setup.sh
swift build --build-tests
swift test --skip-build --disable-swift-testing "$@"
# The whole suite (no filter given) also proves every week's exercises: in a copy of the course under
# .build-prove, each exercise's tests pass on the reference and fail at its stub when blanked
# (Scripts/Roadmap/Exercises.md).
if [ "$#" -eq 0 ]; then
    swift run --skip-build roadmap prove
fi
