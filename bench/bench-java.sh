# Sourced by the bench scripts: builds the bench module when the given main class is missing (or
# FERRY_BENCH_REBUILD is set), then offers `bench_java MAIN_CLASS ARGS...`, which runs it with
# the JVM flags Chronicle needs (the same as the ./ferry launcher) and BENCH_JAVA_OPTS.
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$bench")"

bench_build_for() {
  local class_file="$bench/target/classes/${1//.//}.class"
  if [ ! -f "$class_file" ] || [ ! -d "$bench/target/lib" ] || [ -n "${FERRY_BENCH_REBUILD:-}" ]; then
    (cd "$repo" && ./mvnw -B -q -Pbench -pl bench -am -DskipTests package)
  fi
}

bench_java_flags=(
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
  -Dchronicle.announcer.disable=true
)

bench_java() {
  local main="$1"
  shift
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${bench_java_flags[@]}" ${BENCH_JAVA_OPTS:-} \
    -cp "$bench/target/classes:$bench/target/lib/*" "$main" "$@"
}
