#!/usr/bin/env bash
# Backup-cache append latency per journal durability mode (dev.ferry.bench.JournalDurabilityBench).
# Builds the bench module if needed; extra arguments go to the bench (--appends N --warmup N
# --pace-us US --tmp DIR --modes PROCESS_CRASH,GROUP_COMMIT@10,EVERY_RECORD). The journal goes under
# BENCH_TMP (default $TMPDIR or /tmp): put it on the disk you want to measure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.JournalDurabilityBench
bench_java dev.ferry.bench.JournalDurabilityBench --tmp "${BENCH_TMP:-${TMPDIR:-/tmp}}" "$@"
