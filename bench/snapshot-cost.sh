#!/usr/bin/env bash
# Snapshot creation after a small change to a large tree (dev.ferry.bench.SnapshotCost): a first
# snapshot of --files N (default 1,000,000), then children with --changed K (default 10) files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.SnapshotCost
bench_java dev.ferry.bench.SnapshotCost "$@"
