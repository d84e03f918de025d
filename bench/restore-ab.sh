#!/usr/bin/env bash
# Ferry's restore under JVM option sets, interleaved with restic's restore of the same tree, on the
# work folder a `BENCH_KEEP=1 bench/run.sh` run kept (its Ferry target, restic repository and
# launcher). Each run restores into a fresh folder, and the restored trees are deleted only at the
# end: deleting tens of thousands of files just before a restore slows its file creation on a
# journal-less ext4 (README.md, run.sh), so leave a few minutes between two runs of this script.
# Prints wall, user and system time and peak RSS from /usr/bin/time; the byte-exact check is
# run.sh's job.
#
#   bench/restore-ab.sh WORK [RUNS] [-- OPTS...]
#
# OPTS: FERRY_JAVA_OPTS values to compare, one argument each ("" for the launcher's defaults);
# default: "" and "-XX:-UseSerialGC -XX:+UseG1GC" (the launcher picks the serial collector for a
# restore; the JVM refuses two). RUNS: rounds of every option set plus restic (default 3). The
# restores need about 2.2 GiB each under WORK.
set -euo pipefail
work="${1:?usage: bench/restore-ab.sh WORK [RUNS] [-- OPTS...]}"
shift
runs=3
if [ $# -gt 0 ] && [ "$1" != "--" ]; then runs="$1"; shift; fi
[ "${1:-}" = "--" ] && shift
if [[ ! "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "restore-ab: RUNS must be a positive number, not $runs" >&2
  exit 2
fi
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=("" "-XX:-UseSerialGC -XX:+UseG1GC")
for f in bin/ferry ferry-target passphrase restic-repo; do
  if [ ! -e "$work/$f" ]; then
    echo "restore-ab: $work/$f is missing (not a folder kept by BENCH_KEEP=1 bench/run.sh?)" >&2
    exit 2
  fi
done
export RESTIC_PASSWORD_FILE="$work/passphrase"
out="$(mktemp -d "$work/restore-ab.XXXXXX")"
trap 'rm -rf "$out"' EXIT

measure() { # LABEL CMD...: one restore into a fresh folder, its usage on one line
  local label="$1" dir
  shift
  dir="$(mktemp -d "$out/r.XXXXXX")"
  if (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$out/usage" "$@" >"$out/log" 2>&1); then
    awk -v l="$label" '{ printf "%-28s %6.2f s wall %6.2f s user %6.2f s sys %5.0f MiB\n",
      l, $1, $2, $3, $4 / 1024 }' "$out/usage"
  else
    echo "$label: FAILED"; tail -n 5 "$out/log"
  fi
}

sync
for (( i = 1; i <= runs; i++ )); do
  for o in "${opts[@]}"; do
    FERRY_JAVA_OPTS="$o" measure "ferry ${o:-(defaults)}" "$work/bin/ferry" restore \
      --target "$work/ferry-target" --passphrase-file "$work/passphrase" --snapshot latest --to .
  done
  measure restic restic --repo "$work/restic-repo" --cache-dir "$work/restic-cache" \
    restore latest --target .
done
