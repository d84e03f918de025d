#!/usr/bin/env bash
# A git checkout touching every file of a 20,000-file tree under a running `ferry agent`: records/s
# against git's own files/s, lost saves (must be 0), agent RSS and idle CPU (see bench/README.md).
# Builds Ferry and the bench module if needed; runs a private copy of the distribution. Extra
# arguments go to dev.ferry.bench.CheckoutBurst (--files N --idle-seconds S).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh"
if [ ! -f "$repo/copy-manager/target/quarkus-app/quarkus-run.jar" ]; then
  (cd "$repo" && ./mvnw -B -q -DskipTests package)
fi
bench_build_for dev.ferry.bench.CheckoutBurst
work="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ferry-checkout-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -a "$repo/copy-manager/target/quarkus-app" "$work/app"
cat > "$work/ferry" <<SH
#!/usr/bin/env bash
FERRY_HOME="$work/app" exec "$repo/ferry" "\$@"
SH
chmod +x "$work/ferry"
bench_java dev.ferry.bench.CheckoutBurst "$work/run" "$work/ferry" "$@"
