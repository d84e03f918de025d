#!/usr/bin/env bash
# Save->record latency of the agent (dev.ferry.bench.SaveLatency). Builds the bench module if
# needed; extra arguments go to SaveLatency (--saves N --warmup N --seed S --pace-ms MS).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.bench.SaveLatency
# The agent's JIT flag, as `./ferry agent` runs it (see ../ferry; `ferry standalone` uses 0.2).
BENCH_JAVA_OPTS="-XX:CompileThresholdScaling=0.05 ${BENCH_JAVA_OPTS:-}"
bench_java dev.ferry.bench.SaveLatency "$@"
