#!/usr/bin/env bash
# Chunk compression (dev.ferry.bench.CompressionThroughput: FastCDC chunks through the target's
# ChunkCompressor and ChunkDecoder, per zstd level) on four data sets, each as one file of at most
# BENCH_CAP bytes (default 64 MiB): a JDK's src.zip unpacked (Java source), jars from ~/.m2
# (already deflated), /usr/share/doc (text and .gz), and random bytes. Reference in the same run:
# the `zstd` tool's benchmark on the same file cut into independent 64 KiB blocks (-B65536), close
# to the target's chunks of ~64 KiB. Extra arguments go to CompressionThroughput (--levels,
# --rounds). BENCH_TMP (default $TMPDIR or /tmp) holds the files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.CompressionThroughput
command -v zstd > /dev/null || { echo "needs the zstd tool: apt-get install -y zstd" >&2; exit 1; }

cap="${BENCH_CAP:-67108864}"
work="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ferry-compression.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Concatenates the regular files under $2.. (sorted by path, so runs see the same bytes) into $1.
concat() {
  local out="$1"
  shift
  find "$@" -type f -print0 2> /dev/null | sort -z | xargs -0 cat 2> /dev/null | head -c "$cap" > "$out" || true
}

# This JDK's src.zip, else any installed JDK's (Debian's is a dangling link without
# openjdk-17-source): the point is Java source text, whichever version.
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
src_zip=""
for z in "$java_home/lib/src.zip" /usr/lib/jvm/*/lib/src.zip; do
  if [ -r "$z" ]; then src_zip="$z" && break; fi
done
[ -n "$src_zip" ] || { echo "no readable JDK lib/src.zip" >&2; exit 1; }
echo "Java source from $src_zip"
mkdir -p "$work/src"
(cd "$work/src" && unzip -q "$src_zip")
concat "$work/jdk-src" "$work/src"
rm -rf "$work/src"
concat "$work/m2-jars" "$HOME/.m2/repository" -name '*.jar'
concat "$work/usr-share-doc" /usr/share/doc
head -c "$cap" /dev/urandom > "$work/random"

echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$(zstd --version)"
for f in jdk-src m2-jars usr-share-doc random; do
  cat "$work/$f" > /dev/null
  bench_java dev.ferry.bench.CompressionThroughput --file "$work/$f" "$@"
  echo "reference: zstd -b -B65536 (independent 64 KiB blocks), same file"
  for l in 1 3 9; do
    zstd -q -b"$l" -B65536 -i2 "$work/$f" 2>&1 | tr '\r' '\n' | grep -v '^$' | tail -1
  done
  echo
done
