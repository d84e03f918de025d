#!/usr/bin/env bash
# The storage target's own copy and restore throughput vs cp -a (dev.ferry.bench.TargetThroughput):
# the drain benchmark's ~1 GiB tree (MakeTree, seed BENCH_SEED) written into a fresh DiskTarget
# through one SnapshotWriter and restored from it, in one JVM, without the copy-manager (no JVM
# start per command, no HTTP, no change records, no catalog). cp -a of the same tree is timed from
# the same process before each run. Extra arguments go to TargetThroughput (--runs N,
# --compression zstd:3|none, --untrusted). Temp dirs go under $BENCH_TMP (default $TMPDIR or
# /tmp); about 3.5 GiB. The last run's restore is compared with diff -r.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.TargetThroughput
seed="${BENCH_SEED:-20261122}"
work="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ferry-target-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
bench_java dev.ferry.bench.MakeTree "$work/tree" "$seed"
sync
bench_java dev.ferry.bench.TargetThroughput "$work/tree" "$work/w" "$@"
diff -r "$work/tree" "$work/w/restored" || { echo "target-throughput: FAILED: restore differs" >&2; exit 1; }
echo "restore of the last run: identical (diff -r clean)"
