#!/usr/bin/env bash
# JMH micro-benchmarks of the chunker (dev.ferry.monitor.blockmap.ChunkerBench). Builds the bench
# module if needed; extra arguments go to JMH (e.g. `-p size=1048576`, `-f 3`, `-prof gc`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
bench_build_for dev.ferry.monitor.blockmap.ChunkerBench
bench_java org.openjdk.jmh.Main ChunkerBench "$@"
