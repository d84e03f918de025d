#!/usr/bin/env bash
# Backup-cache append latency per journal durability mode (dev.ferry.bench.JournalDurabilityBench).
# Builds the bench module if needed; extra arguments go to the bench (--appends N --warmup N
# --pace-us US --tmp DIR --modes PROCESS_CRASH,GROUP_COMMIT@10,EVERY_RECORD). The journal goes under
# BENCH_TMP (default $TMPDIR or /tmp): put it on the disk you want to measure.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$bench")"
if [ ! -f "$bench/target/classes/dev/ferry/bench/JournalDurabilityBench.class" ] \
    || [ ! -d "$bench/target/lib" ] \
    || [ -n "${FERRY_BENCH_REBUILD:-}" ]; then
  (cd "$repo" && ./mvnw -B -q -Pbench -pl bench -am -DskipTests package)
fi
# Same flags as the ./ferry launcher: Chronicle needs them.
flags=(
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
  -Dchronicle.announcer.disable=true
)
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" "${flags[@]}" ${BENCH_JAVA_OPTS:-} \
  -cp "$bench/target/classes:$bench/target/lib/*" dev.ferry.bench.JournalDurabilityBench \
  --tmp "${BENCH_TMP:-${TMPDIR:-/tmp}}" "$@"
