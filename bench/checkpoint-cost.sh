#!/usr/bin/env bash
# Size and write/read time of the agent's file-state checkpoint (dev.ferry.bench.CheckpointCost).
# Extra arguments go to it (--files N --runs N --seed S).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.CheckpointCost
bench_java dev.ferry.bench.CheckpointCost "$@"
