#!/usr/bin/env bash
# Drain and restore throughput vs cp -a on a deterministic ~1 GiB tree (see bench/README.md).
# Builds Ferry and the bench module if needed. Temp dirs go under $BENCH_TMP (default $TMPDIR or
# /tmp): put it on the disk you want to measure. One run per invocation; run it 3 times.
# FERRY_STANDALONE_JAVA_OPTS: JVM options for the standalone process only (e.g. a JFR recording
# written outside $BENCH_TMP: the work dir is deleted at exit).
# FERRY_APP: the distribution to run (default copy-manager/target/quarkus-app), e.g. a copy of an
# older build kept to measure before and after in turns.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$bench")"
seed="${BENCH_SEED:-20261122}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() { echo "drain-throughput: FAILED: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
mibs() { awk -v b="$1" -v ms="$2" 'BEGIN { printf "%.1f", (b / 1048576) / (ms / 1000) }'; }

if [ ! -f "$repo/copy-manager/target/quarkus-app/quarkus-run.jar" ]; then
  (cd "$repo" && ./mvnw -B -q -DskipTests package)
fi
if [ ! -f "$bench/target/classes/dev/ferry/bench/MakeTree.class" ]; then
  (cd "$repo" && ./mvnw -B -q -Pbench -pl bench -am -DskipTests package)
fi

work="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ferry-drain-bench.XXXXXX")"
ferry_pid=""
cleanup() {
  if [ -n "$ferry_pid" ] && kill -0 "$ferry_pid" 2>/dev/null; then
    kill -TERM "$ferry_pid" 2>/dev/null || true
    wait "$ferry_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A private copy of the distribution: others may rebuild copy-manager/target while this runs.
cp -a "${FERRY_APP:-$repo/copy-manager/target/quarkus-app}" "$work/app"
ferry() { FERRY_HOME="$work/app" "$repo/ferry" "$@"; }

tree="$work/tree"
echo "== generating the tree (seed $seed) in $tree"
"$java_bin" -cp "$bench/target/classes" dev.ferry.bench.MakeTree "$tree" "$seed"
bytes=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
files=$(find "$tree" -type f | wc -l)
echo "tree: $files files, $bytes bytes ($(( bytes / 1048576 )) MiB)"

echo "== reference: sync; time cp -a TREE COPY"
sync
t0=$(now_ms)
time cp -a "$tree" "$work/copy"
cp_ms=$(( $(now_ms) - t0 ))
t0=$(now_ms)
sync
sync_ms=$(( $(now_ms) - t0 ))
rm -rf "$work/copy"
sync
echo "cp -a: $cp_ms ms, $(mibs "$bytes" "$cp_ms") MiB/s (then sync: $sync_ms ms more)"

echo "== ferry standalone --watch TREE --target T --data D --hold 0s --drain-every 1h --port 0"
mkdir -p "$work/target" "$work/data"
# exec (here and in ./ferry): $! is then the JVM itself, which SIGTERM must reach.
FERRY_HOME="$work/app" FERRY_JAVA_OPTS="${FERRY_STANDALONE_JAVA_OPTS:-${FERRY_JAVA_OPTS:-}}" \
  exec "$repo/ferry" standalone --watch "$tree" --target "$work/target" --data "$work/data" \
  --hold 0s --drain-every 1h --port 0 >"$work/standalone.log" 2>&1 &
ferry_pid=$!
t0=$(now_ms)
last=""
stable=0
while :; do
  kill -0 "$ferry_pid" 2>/dev/null || { cat "$work/standalone.log" >&2; die "standalone exited"; }
  [ $(( $(now_ms) - t0 )) -lt 600000 ] || die "agent did not settle within 10 min"
  if s=$(ferry status --data "$work/data" --json 2>/dev/null); then
    settling=$(sed -n 's/.*"agentSettling":\([0-9]*\).*/\1/p' <<<"$s")
    pending=$(sed -n 's/.*"pendingRecords":\([0-9]*\).*/\1/p' <<<"$s")
    if [ "$settling" = "0" ] && [ -n "$pending" ] && [ "$pending" != "0" ] \
        && [ "$pending" = "$last" ]; then
      stable=$(( stable + 1 ))
      [ "$stable" -ge 3 ] && break
    else
      stable=0
    fi
    last="$pending"
  fi
  sleep 1
done
echo "agent settled: pendingRecords $pending (for $files files), $(( $(now_ms) - t0 )) ms after start"

echo "== time ferry drain --now --data D"
t0=$(now_ms)
time ferry drain --now --data "$work/data" | tee "$work/drain.out"
drain_ms=$(( $(now_ms) - t0 ))
# "... written in 8233 ms" (or "in 8.2 s" should the CLI format durations for people).
own_ms=$(sed -n 's/.* in \([0-9.]*\) \(ms\|s\)$/\1 \2/p' "$work/drain.out" | head -1 \
  | awk '{ printf "%d", $2 == "s" ? $1 * 1000 : $1 }')
[ -n "$own_ms" ] || die "no 'in N ms' in the drain output"

echo "== time ferry restore --target T --to R, then compare"
sync
t0=$(now_ms)
time ferry restore --target "$work/target" --to "$work/restored"
restore_ms=$(( $(now_ms) - t0 ))
diff -r "$tree" "$work/restored/$(basename "$tree")" || die "restored tree differs from the original"
echo "restore: identical (diff -r clean)"

kill -TERM "$ferry_pid"
wait "$ferry_pid" || true
ferry_pid=""

echo
echo "== result"
echo "bytes:          $bytes ($files files)"
echo "cp -a:          $cp_ms ms  $(mibs "$bytes" "$cp_ms") MiB/s   (sync afterwards: +$sync_ms ms)"
echo "drain (wall):   $drain_ms ms  $(mibs "$bytes" "$drain_ms") MiB/s"
echo "drain (own):    $own_ms ms  $(mibs "$bytes" "$own_ms") MiB/s"
phases=$(grep -o 'copy [0-9]* ms, target commit [0-9]* ms, catalog commit [0-9]* ms' \
  "$work/standalone.log" | tail -1 || true)
echo "drain phases:   ${phases:-(not logged by this build)}"
echo "restore (wall): $restore_ms ms  $(mibs "$bytes" "$restore_ms") MiB/s"
awk -v d="$drain_ms" -v c="$cp_ms" -v o="$own_ms" -v r="$restore_ms" 'BEGIN {
  printf "ratio drain/cp: %.2f (wall), %.2f (own)  [throughput ratio; cp/drain time]\n", c / d, c / o
  printf "ratio restore/cp: %.2f (wall)\n", c / r
}'
