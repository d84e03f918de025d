#!/usr/bin/env bash
# Encryption at rest (dev.ferry.bench.EncryptionCost): backup, restore and verify --read-data
# throughput of the same data on an unencrypted and on an encrypted disk target, and the time a
# passphrase takes to open one. Extra arguments go to EncryptionCost (--mib, --files, --rounds,
# --compression). BENCH_TMP (default $TMPDIR or /tmp) holds the targets and the restored files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.EncryptionCost

work="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ferry-encryption.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "$(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$(java -version 2>&1 | head -1); $(grep -m1 -o -w 'aes\|pclmulqdq' /proc/cpuinfo | sort -u | tr '\n' ' ')"
bench_java dev.ferry.bench.EncryptionCost --dir "$work" "$@"
