#!/usr/bin/env bash
# Mapping throughput (BlockMapper.map: read + FastCDC + XXH3-64) on a 1 GiB file as a ratio to
# `sha256sum` of the same file, in the same run (dev.ferry.bench.MappingThroughput). Builds the
# bench module if needed; extra arguments go to MappingThroughput (--rounds N).
# BENCH_TMP (default $TMPDIR or /tmp) holds the file; BENCH_SIZE (bytes, default 1 GiB) and
# BENCH_SEED (default 20261122) choose its contents.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.MappingThroughput

work="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ferry-mapping.XXXXXX")"
trap 'rm -rf "$work"' EXIT
file="$work/data.bin"

echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$(sha256sum --version | head -1)"
start=$(date +%s.%N)
bench_java dev.ferry.bench.MappingThroughput \
  --write "$file" --size "${BENCH_SIZE:-1073741824}" --seed "${BENCH_SEED:-20261122}"
echo "wrote $file in $(echo "$(date +%s.%N) - $start" | bc) s (seed ${BENCH_SEED:-20261122})"
# Warm the page cache: every pass below reads from memory.
cat "$file" > /dev/null
bench_java dev.ferry.bench.MappingThroughput \
  --file "$file" "$@"
