#!/usr/bin/env bash
# ferry catalog rebuild on a real standalone's target: --files N (default 10000) files of 1-32 KiB
# drained into a first snapshot, then --snapshots S - 1 (default 4) more, each after changing 100
# files (every 97th). Then the embedded catalog is deleted (its disk "died") and rebuilt from the target, timed;
# then one file changes and the next drain must write only its new chunks (printed).
# Uses the built distribution (copy-manager/target/quarkus-app). Temp dirs under $BENCH_TMP.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=10000
snapshots=5
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files="$2"; shift 2 ;;
    --snapshots) snapshots="$2"; shift 2 ;;
    *) echo "usage: $0 [--files N] [--snapshots S]" >&2; exit 2 ;;
  esac
done
die() { echo "catalog-rebuild: FAILED: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
[ -f "$repo/copy-manager/target/quarkus-app/quarkus-run.jar" ] \
  || die "build first: ./mvnw -B -q -DskipTests package"

work="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ferry-rebuild-bench.XXXXXX")"
ferry_pid=""
stop_standalone() {
  if [ -n "$ferry_pid" ] && kill -0 "$ferry_pid" 2>/dev/null; then
    kill -TERM "$ferry_pid" 2>/dev/null || true
    wait "$ferry_pid" 2>/dev/null || true
  fi
  ferry_pid=""
}
trap 'stop_standalone; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
# A private copy of the distribution: others may rebuild copy-manager/target while this runs.
cp -a "$repo/copy-manager/target/quarkus-app" "$work/app"
ferry() { FERRY_HOME="$work/app" "$repo/ferry" "$@"; }

start_standalone() {
  FERRY_HOME="$work/app" exec "$repo/ferry" standalone --watch "$work/tree" \
    --target "$work/target" --data "$work/data" --hold 0s --settle 1s --drain-every 24h \
    --port 0 >>"$work/standalone.log" 2>&1 &
  ferry_pid=$!
}

# Waits until the agent has recorded changes for at least $1 files and settled.
wait_pending() {
  local t0 s settling pending
  t0=$(now_ms)
  while :; do
    kill -0 "$ferry_pid" 2>/dev/null || { cat "$work/standalone.log" >&2; die "standalone exited"; }
    [ $(( $(now_ms) - t0 )) -lt 600000 ] || die "agent did not record $1 files within 10 min"
    if s=$(ferry status --data "$work/data" --json 2>/dev/null); then
      settling=$(sed -n 's/.*"agentSettling":\([0-9]*\).*/\1/p' <<<"$s")
      pending=$(sed -n 's/.*"pendingFiles":\([0-9]*\).*/\1/p' <<<"$s")
      if [ "$settling" = "0" ] && [ -n "$pending" ] && [ "$pending" -ge "$1" ]; then
        return
      fi
    fi
    sleep 1
  done
}

# Rewrites file $1 with $2 random bytes.
fill() { head -c "$2" /dev/urandom >"$1"; }

mkdir -p "$work/tree" "$work/target" "$work/data"
start_standalone
echo "== $files files, $snapshots snapshots"
for i in $(seq 1 "$files"); do
  d="$work/tree/d$(( i % 100 ))"
  [ -d "$d" ] || mkdir -p "$d"
  fill "$d/f$i" $(( 1024 + (i * 7919) % 31744 ))
done
wait_pending "$files"
ferry drain --now --ignore-hold --data "$work/data"
for s in $(seq 2 "$snapshots"); do
  changed=0
  for i in $(seq "$s" 97 "$files" | head -100); do
    fill "$work/tree/d$(( i % 100 ))/f$i" $(( 1024 + (i * s * 7919) % 31744 ))
    changed=$(( changed + 1 ))
  done
  wait_pending "$changed"
  ferry drain --now --ignore-hold --data "$work/data"
done
stop_standalone

echo "== the catalog is lost: rm -rf DATA/catalog; time ferry catalog rebuild --target T --data D"
rm -rf "$work/data/catalog"
t0=$(now_ms)
ferry catalog rebuild --target "$work/target" --data "$work/data" 2>"$work/rebuild.err" \
  || { cat "$work/rebuild.err" >&2; die "rebuild failed"; }
echo "rebuild wall time (JVM, embedded PostgreSQL start and stop included): $(( $(now_ms) - t0 )) ms"

echo "== one more change, then the next drain (expect: 1 file, its new chunks only)"
start_standalone
fill "$work/tree/d1/f1" 20000
wait_pending 1
ferry drain --now --ignore-hold --data "$work/data"
stop_standalone
