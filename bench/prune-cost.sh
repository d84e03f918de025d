#!/usr/bin/env bash
# Prune time and peak memory on a target of --chunks N (default 1,000,000) chunks in --snapshots S
# (default 10) snapshots, all but the last two forgotten (dev.ferry.bench.PruneCost). The prune runs
# in its own JVM with its heap capped (PRUNE_HEAP, default 512m: the goal), so a prune that needed
# more would fail here; a lower cap shows how much it needs. The JVM grows toward its cap before it
# collects, so peak RSS says more about the cap than about the need.
# Reference in the same run: `cp -a` of the target folder (all the bytes prune may have to read).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.PruneCost
work="$(mktemp -d /tmp/ferry-prune-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
bench_java dev.ferry.bench.PruneCost --build "$work/t" "$@"
du -sh "$work/t" | sed 's/^/target size: /'
sync
start=$(date +%s.%N)
cp -a "$work/t" "$work/copy"
sync
end=$(date +%s.%N)
echo "cp -a + sync of the target: $(echo "$end - $start" | bc) s"
rm -rf "$work/copy"
BENCH_JAVA_OPTS="-Xmx${PRUNE_HEAP:-512m} ${BENCH_JAVA_OPTS:-}" bench_java dev.ferry.bench.PruneCost --prune "$work/t"
