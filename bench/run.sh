#!/usr/bin/env bash
# Ferry against restic and borg on the same workstation workload, side by side (bench/README.md,
# "run.sh"). One run per invocation: full copy, a day of work, incremental copy, full restore
# (verified byte-exact) for each tool, with cp -a as the physical reference, all in this run.
#
#   bench/run.sh [--quick] [--seed N] [--record | --no-record]
#
# --quick: about 200 MiB instead of about 2 GiB; a smoke test of the harness (CI runs it).
# --record (the default without --quick): append the report to bench/RESULTS.md and keep its chart
# as bench/charts/compare-<UTC time>.png. Temp dirs under $BENCH_TMP (default $TMPDIR or /tmp),
# about 8x the dataset (each tool's restore is kept until all have restored); deleted at exit
# (BENCH_KEEP=1 keeps it). Installs restic, borgbackup, sqlite3 and the JDK's src.zip from Debian
# packages when missing; builds Ferry and the bench module when needed.
# Exits 1 if any tool failed or restored anything but the exact tree (the report says which).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$bench")"
source "$bench/bench-java.sh"

scale=full
seed=20261202
record=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) scale=quick ;;
    --seed) seed="$2"; shift ;;
    --record) record=yes ;;
    --no-record) record=no ;;
    *) echo "usage: bench/run.sh [--quick] [--seed N] [--record | --no-record]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$record" ] || { [ "$scale" = full ] && record=yes || record=no; }

say() { echo "== $*"; }
die() { echo "run.sh: FAILED: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# --- what the run needs -------------------------------------------------------------------------
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v "$java_bin")")")")"
src_zip="${BENCH_SRC_ZIP:-$java_home/lib/src.zip}"
packages=()
command -v restic >/dev/null || packages+=(restic)
command -v borg >/dev/null || packages+=(borgbackup)
command -v sqlite3 >/dev/null || packages+=(sqlite3)
[ -x /usr/bin/time ] || packages+=(time)
command -v curl >/dev/null || packages+=(curl)
[ -r "$src_zip" ] || packages+=("openjdk-$("$java_bin" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.specification.version = //p')-source")
if [ ${#packages[@]} -gt 0 ]; then
  say "installing ${packages[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi
[ -r "$src_zip" ] || die "no JDK sources at $src_zip (set BENCH_SRC_ZIP)"
if [ ! -f "$repo/copy-manager/target/quarkus-app/quarkus-run.jar" ]; then
  say "building Ferry"
  (cd "$repo" && ./mvnw -B -q -DskipTests package)
fi
bench_build_for dev.ferry.bench.compare.MakeDataset

work="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ferry-compare.XXXXXX")"
ferry_pid=""
sampler_pid=""
cleanup() {
  [ -z "$sampler_pid" ] || kill "$sampler_pid" 2>/dev/null || true
  if [ -n "$ferry_pid" ] && kill -0 "$ferry_pid" 2>/dev/null; then
    kill -TERM "$ferry_pid" 2>/dev/null || true
    wait "$ferry_pid" 2>/dev/null || true
  fi
  if [ -n "${BENCH_KEEP:-}" ]; then echo "run.sh: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

results="$work/results.tsv"
put() { printf '%s\t%s\n' "$1" "$2" >>"$results"; }
failed=()
fail() { # TOOL WHY: the tool's figures are not reported, only this
  put "$1.status" "FAILED: $2"
  failed+=("$1")
  echo "run.sh: $1 FAILED: $2" >&2
}
ok() { [[ ! " ${failed[*]} " =~ " $1 " ]]; }

# timed NAME CMD...: runs CMD (a program, not a function) under /usr/bin/time in the folder
# $timed_in (default: here); sets last_ms (wall), last_rss_kb (peak RSS) and last_cpu_ms (user +
# system CPU time of CMD and its children).
timed() {
  local name="$1" t0 rc=0
  shift
  t0=$(now_ms)
  (cd "${timed_in:-.}" && exec /usr/bin/time -f '%M %U %S' -o "$work/$name.rss" "$@") \
    >"$work/$name.out" 2>&1 || rc=$?
  last_ms=$(( $(now_ms) - t0 ))
  local usage
  usage=$(tail -n 1 "$work/$name.rss" 2>/dev/null || echo "0 0 0")
  last_rss_kb=$(echo "$usage" | awk '{ print $1 + 0 }')
  last_cpu_ms=$(echo "$usage" | awk '{ printf "%d", ($2 + $3) * 1000 }')
  if [ "$rc" != 0 ]; then
    tail -n 20 "$work/$name.out" >&2
    return "$rc"
  fi
}
bytes_of() { du -sb "$1" | cut -f1; }

# The day's tree must come back byte for byte: contents, link texts, the set of names.
same_tree() { # EXPECTED RESTORED
  [ -d "$2" ] || { echo "nothing restored at $2" >&2; return 1; }
  diff -r --no-dereference "$1" "$2" >"$work/diff.out" 2>&1 \
    || { head -n 20 "$work/diff.out" >&2; return 1; }
}

# --- the dataset ---------------------------------------------------------------------------------
tree="$work/workstation"
say "writing the $scale dataset (seed $seed) into $tree"
bench_java dev.ferry.bench.compare.MakeDataset "$tree" "$scale" "$seed" "$src_zip" \
  "${BENCH_M2:-$HOME/.m2/repository}" | tee "$work/dataset.out"
entries=$(find "$tree" ! -type d | wc -l)
dataset_bytes=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
sync
find "$tree" -type f -exec cat {} + >/dev/null # warm cache, for every tool alike

put meta.date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put meta.scale "$scale"
put meta.machine "$(nproc) vCPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), \
$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r), \
$(df -T "$work" | awk 'NR == 2 { print $2 }') on $(df "$work" | awk 'NR == 2 { print $1 }')"
put meta.versions "$(restic version | cut -d' ' -f1-2), borg $(borg --version | cut -d' ' -f2), \
Ferry $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'), \
$("$java_bin" -version 2>&1 | head -1), sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
put meta.dataset "$(sed -n 's/^dataset: //p' "$work/dataset.out") ($entries entries with links; \
$(( dataset_bytes / 1048576 )) MiB), seed $seed, from $(basename "$src_zip"), /usr/share/doc, \
${BENCH_M2:-~/.m2/repository} jars, notes, logs, a disk image, a SQLite database"
put meta.load "$(cut -d' ' -f1-3 /proc/loadavg)"

passphrase="$work/passphrase"
printf 'correct horse battery staple %s\n' "$seed" >"$passphrase"
export RESTIC_PASSWORD_FILE="$passphrase" BORG_PASSPHRASE
BORG_PASSPHRASE="$(cat "$passphrase")"
export BORG_BASE_DIR="$work/borg-home" BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=no
restic_repo="$work/restic-repo"
borg_repo="$work/borg-repo"
target="$work/ferry-target"
data="$work/ferry-data"
put meta.settings "restic: repository v2, encrypted (AES-256-CTR + Poly1305), --compression auto \
(zstd); borg: --encryption repokey-blake2 (AES-256-CTR + BLAKE2b), --compression zstd,3, default \
chunker; Ferry: encrypted (AES-256-GCM, --passphrase-file), zstd:3 (its default), --hold 0s, \
embedded PostgreSQL catalog; every repository, target and restore on the dataset's file system"

# --- cp -a: the physical reference ---------------------------------------------------------------
say "cp -a of the tree"
sync
if timed cp-full cp -a "$tree" "$work/cp-copy"; then
  put cp.full.ms "$last_ms"
  put cp.full.rss_kb "$last_rss_kb"
else
  fail cp "cp -a exited non-zero"
fi
rm -rf "$work/cp-copy"
sync

# --- restic and borg: full copy ------------------------------------------------------------------
cd "$work" # both store the path as given: "workstation"
say "restic: init, full backup"
if restic init --repo "$restic_repo" --repository-version 2 >"$work/restic-init.out" 2>&1 \
    && sync && timed restic-full restic --repo "$restic_repo" --cache-dir "$work/restic-cache" \
      backup --compression auto --host bench workstation; then
  put restic.full.ms "$last_ms"
  put restic.full.rss_kb "$last_rss_kb"
  put restic.full.size "$(bytes_of "$restic_repo")"
else
  fail restic "init or full backup exited non-zero (see above)"
fi
say "borg: init, full create"
if borg init --encryption repokey-blake2 "$borg_repo" >"$work/borg-init.out" 2>&1 \
    && sync && timed borg-full borg create --compression zstd,3 "$borg_repo::full" workstation; then
  put borg.full.ms "$last_ms"
  put borg.full.rss_kb "$last_rss_kb"
  put borg.full.size "$(bytes_of "$borg_repo")"
else
  fail borg "init or full create exited non-zero (see above)"
fi

# --- Ferry: full copy ----------------------------------------------------------------------------
cp -a "${FERRY_APP:-$repo/copy-manager/target/quarkus-app}" "$work/app"
mkdir -p "$work/bin" # a private copy of the distribution: others may rebuild meanwhile
printf '#!/bin/sh\nFERRY_HOME="%s" exec "%s" "$@"\n' "$work/app" "$repo/ferry" >"$work/bin/ferry"
chmod +x "$work/bin/ferry"
ferry="$work/bin/ferry"
status_json() { curl -sf "$(cat "$data/manager.url" 2>/dev/null)/api/status"; }
field() { sed -n "s/.*\"$1\":\\([0-9]*\\).*/\\1/p"; }

# tree_rss PID: resident KiB of PID and all its descendants (the JVM and its embedded PostgreSQL).
tree_rss() {
  local all="$1" level="$1" kids
  while kids=$(pgrep -d, -P "$level") && [ -n "$kids" ]; do
    all="$all,$kids"
    level="$kids"
  done
  ps -o rss= -p "$all" | awk '{ s += $1 } END { print s + 0 }'
}
start_sampler() { # the peak of tree_rss of the standalone, sampled every 200 ms, into FILE
  echo 0 >"$1"
  ( peak=0; while kill -0 "$ferry_pid" 2>/dev/null; do
      # Written aside then renamed: a kill mid-write must not leave the file empty.
      r=$(tree_rss "$ferry_pid"); [ "$r" -le "$peak" ] || { peak=$r; echo "$peak" >"$1.tmp"; mv "$1.tmp" "$1"; }
      sleep 0.2; done ) &
  sampler_pid=$!
}
stop_sampler() { kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""; }

start_ferry() { # WATCH_DIR; FERRY_STANDALONE_JAVA_OPTS: JVM options for it alone (e.g. JFR)
  FERRY_JAVA_OPTS="${FERRY_STANDALONE_JAVA_OPTS:-${FERRY_JAVA_OPTS:-}}" exec "$ferry" standalone --watch "$1" --target "$target" \
    --data "$data" --passphrase-file "$passphrase" --hold 0s --drain-every 24h --port 0 \
    >>"$work/standalone.log" 2>&1 &
  ferry_pid=$!
}
stop_ferry() {
  stop_sampler
  kill -TERM "$ferry_pid" 2>/dev/null || true
  wait "$ferry_pid" 2>/dev/null || true
  ferry_pid=""
}
# wait_recorded MIN_PENDING_FILES: until the agent settled everything it saw (nothing settling,
# the same pending count 5 polls in a row, 100 ms apart, at least MIN_PENDING_FILES files).
wait_recorded() {
  local last="" stable=0 s settling pending files t0
  t0=$(now_ms)
  while :; do
    kill -0 "$ferry_pid" 2>/dev/null || { tail -n 30 "$work/standalone.log" >&2; return 1; }
    [ $(( $(now_ms) - t0 )) -lt 900000 ] || { echo "agent did not settle in 15 min" >&2; return 1; }
    if s=$(status_json); then
      settling=$(field agentSettling <<<"$s")
      pending=$(field pendingRecords <<<"$s")
      files=$(field pendingFiles <<<"$s")
      if [ "$settling" = 0 ] && [ "${files:-0}" -ge "$1" ] && [ "$pending" = "$last" ]; then
        stable=$(( stable + 1 ))
        [ "$stable" -lt 5 ] || return 0
      else
        stable=0
      fi
      last="$pending"
    fi
    sleep 0.1
  done
}
drain_now() { # NAME: the drain through the CLI, as a person or cron runs it
  timed "$1" "$ferry" drain --now --data "$data" || return 1
  drain_own_ms=$(sed -n 's/.* in \([0-9]*\) ms$/\1/p' "$work/$1.out" | head -1)
}

ferry_full() {
  # First start on an empty folder creates the target and the catalog (as restic/borg init).
  mkdir -p "$work/init/workstation" "$target" "$data"
  start_ferry "$work/init/workstation"
  wait_recorded 0 || return 1
  stop_ferry
  sync
  local t0 launched
  launched=$(now_ms)
  start_ferry "$tree"
  start_sampler "$work/ferry-full.peak"
  # The whole path starts when the agent is up: JVM, Quarkus and catalog start-up are a service's
  # once per boot, not per copy (reported apart).
  while [ ! -s "$data/manager.url" ]; do
    kill -0 "$ferry_pid" 2>/dev/null || { tail -n 30 "$work/standalone.log" >&2; return 1; }
    sleep 0.05
  done
  t0=$(now_ms)
  put meta.ferry_startup_ms "$(( t0 - launched ))"
  wait_recorded "$entries" || return 1
  drain_now ferry-full || return 1
  put ferry.full.ms "$last_ms"
  put ferry.full.own_ms "$drain_own_ms"
  put ferry.full.path_ms "$(( $(now_ms) - t0 ))"
  stop_sampler
  put ferry.full.rss_kb "$(cat "$work/ferry-full.peak")"
  put ferry.full.size "$(bytes_of "$target")"
}
say "Ferry: init (first start), then full copy: start watching, record, drain"
ferry_full || fail ferry "full copy failed (see above and $work/standalone.log)"
put meta.ferry_full_log "$(grep -o 'copy [0-9]* ms, target commit [0-9]* ms, catalog commit [0-9]* ms' \
  "$work/standalone.log" | tail -1 || true)"

# --- the day of work, under Ferry's agent --------------------------------------------------------
say "a day of work on the tree (seed $seed)"
ok ferry && start_sampler "$work/ferry-incr.peak"
bench_java dev.ferry.bench.compare.DayOfWork "$tree" "$scale" "$seed" | tee "$work/day.out"
day_end=$(now_ms)
put meta.day "$(sed -n '1s/^day of work: //p' "$work/day.out"); \
$(sed -n 's/^day of work: bytes of file content written: //p' "$work/day.out") bytes of file \
content written"

ferry_incr() {
  size_before=$(bytes_of "$target")
  wait_recorded 1 || return 1
  drain_now ferry-incr || return 1
  put ferry.incr.ms "$last_ms"
  put ferry.incr.own_ms "$drain_own_ms"
  put ferry.incr.path_ms "$(( $(now_ms) - day_end ))"
  stop_sampler
  put ferry.incr.rss_kb "$(cat "$work/ferry-incr.peak")"
  put ferry.incr.added "$(( $(bytes_of "$target") - size_before ))"
}
if ok ferry; then
  say "Ferry: incremental (the agent recorded the day; drain)"
  ferry_incr || fail ferry "incremental failed (see above and $work/standalone.log)"
fi

say "restic: incremental backup"
if ok restic; then
  size_before=$(bytes_of "$restic_repo")
  sync
  if timed restic-incr restic --repo "$restic_repo" --cache-dir "$work/restic-cache" backup \
      --compression auto --host bench workstation; then
    put restic.incr.ms "$last_ms"
    put restic.incr.rss_kb "$last_rss_kb"
    put restic.incr.added "$(( $(bytes_of "$restic_repo") - size_before ))"
  else
    fail restic "incremental backup exited non-zero"
  fi
fi
say "borg: incremental create"
if ok borg; then
  size_before=$(bytes_of "$borg_repo")
  sync
  if timed borg-incr borg create --compression zstd,3 "$borg_repo::day" workstation; then
    put borg.incr.ms "$last_ms"
    put borg.incr.rss_kb "$last_rss_kb"
    put borg.incr.added "$(( $(bytes_of "$borg_repo") - size_before ))"
  else
    fail borg "incremental create exited non-zero"
  fi
fi

# --- restores of the day's tree, each checked byte for byte --------------------------------------
# Ferry's restore returns once every file is durable; cp -a, restic and borg leave theirs in the
# page cache. So each restore is also timed with the `sync -f` that makes it durable (Ferry's
# should find nothing left to write): the like-for-like figure.
synced_after() { # TOOL DIR: the restore's time plus that of syncing DIR's file system now
  local t0
  t0=$(now_ms)
  sync -f "$2"
  put "$1.restore_synced.ms" "$(( last_ms + $(now_ms) - t0 ))"
}
say "cp -a of the day's tree (the restore's reference)"
sync
if ok cp && timed cp-day cp -a "$tree" "$work/cp-copy"; then
  put cp.restore.ms "$last_ms"
  put cp.restore.rss_kb "$last_rss_kb"
  put cp.restore.cpu_ms "$last_cpu_ms"
  synced_after cp "$work/cp-copy"
  same_tree "$tree" "$work/cp-copy" || fail cp "the copy differs from the tree"
else
  ok cp && fail cp "cp -a of the day's tree exited non-zero"
fi
# Restored trees stay until every tool has restored: deleting 28,000 files just before the next
# tool's restore slowed its file creation up to 2.5-fold (ext4 without a journal skips inodes freed
# in the last minutes when it allocates, bench/README.md), a handicap only the later tools paid.
restored=("$work/cp-copy")

restore_check() { # TOOL CMD...: time CMD restoring into $work/restore-TOOL, compare, delete it
  local tool="$1" out="$work/restore-$1"
  shift
  mkdir -p "$out"
  sync
  if timed_in="$out" timed "$tool-restore" "$@"; then
    put "$tool.restore.ms" "$last_ms"
    put "$tool.restore.rss_kb" "$last_rss_kb"
    put "$tool.restore.cpu_ms" "$last_cpu_ms"
    synced_after "$tool" "$out"
    # restic restores a relative path under the target as given; an older one used the absolute.
    local got="$out/workstation"
    [ -d "$got" ] || got="$out$tree"
    same_tree "$tree" "$got" || fail "$tool" "the restored tree differs from the original"
  else
    fail "$tool" "restore exited non-zero"
  fi
  restored+=("$out")
}
if ok restic; then
  say "restic: restore latest"
  restore_check restic restic --repo "$restic_repo" \
    --cache-dir "$work/restic-cache" restore latest --target .
fi
if ok borg; then
  say "borg: extract day"
  restore_check borg borg extract "$borg_repo::day"
fi
if ok ferry; then
  say "Ferry: restore latest"
  restore_check ferry "$ferry" restore --target "$target" \
    --passphrase-file "$passphrase" --snapshot latest --to .
  put meta.catalog "$(du -sm "$data" | cut -f1) MiB in the data folder (journal, agent state, \
embedded PostgreSQL catalog), not counted as stored"
  stop_ferry
fi
for t in cp restic borg ferry; do ok "$t" && put "$t.status" ok; done
rm -rf "${restored[@]}"

# --- the report ----------------------------------------------------------------------------------
stamp="$(date -u +%Y-%m-%dT%H%M)"
chart="$work/compare.png"
link="charts/compare-$stamp.png"
report_rc=0
bench_java dev.ferry.bench.compare.CompareReport "$results" "$work/report.md" "$chart" "$link" \
  || report_rc=$?
if [ "$record" = yes ]; then
  mkdir -p "$bench/charts"
  cp "$chart" "$bench/$link"
  { echo; cat "$work/report.md"; } >>"$bench/RESULTS.md"
  say "appended to bench/RESULTS.md; chart: bench/$link"
fi
[ "$report_rc" = 0 ] && [ ${#failed[@]} = 0 ] || die "failed: ${failed[*]:-report}"
say "every tool restored the exact tree"
