#!/usr/bin/env bash
# Sets up (idempotently) and runs the whole test suite: every week's Assess gate, Shared's tests
# and roadmap's. Tests never download anything; Scripts/setup.sh prepares what they read.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./Scripts/setup.sh
swift build --build-tests
swift test --skip-build --disable-swift-testing "$@"
