#!/usr/bin/env bash
# Staging cost per save (dev.ferry.bench.StagingCost): map + stage + commit for 64 KiB, 1 MiB and
# 16 MiB files, full first stage and one changed chunk, against mapping alone, `cp` and
# `dd conv=fsync` of the same bytes in the same run; the rejected alternatives of decision 0006;
# and a commit that must evict. Builds the bench module if needed; extra arguments go to the bench
# (--seed S --reps-scale X). Files and stores go under BENCH_TMP (default $TMPDIR or /tmp): put it
# on the disk you want to measure (a tmpfs makes every fsync free).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.StagingCost
echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
bench_java dev.ferry.bench.StagingCost --tmp "${BENCH_TMP:-${TMPDIR:-/tmp}}" "$@"
