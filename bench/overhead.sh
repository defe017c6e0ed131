#!/usr/bin/env bash
# The overhead harness: the same applications and load with no agent, with the OpenTelemetry
# Java agent (metrics only) and with sli-agent; medians of several interleaved runs, as ratios
# against the bare run, in a markdown table (stdout and --out FILE).
#
#   bench/overhead.sh [--no-build] [--java-home JDK] [harness options]
#
# Harness options: --quick (a smoke run under a minute, without Spring Boot; options after it
# override it), --runs N (5), --warmup S (12), --measure S (15), --threads N (8), --heap MIB
# (256, the workload's fixed heap; 0: JVM default), --hello N (3 hello-world launches per run),
# --first-call N (3 launches per run of an app timed to its first HTTP call and JDBC query done;
# 0 skips), --boot N (1 Spring Boot launch per run; 0 skips), --export-interval MS (5000),
# --configs bare,otel,sli,... , --jit-log true (count the C2 code the workload throws away),
# --baseline-jar JAR (configuration sli-baseline, to name in --configs: that sli-agent jar, side
# by side), --out FILE
# (default integration-tests/target/overhead.md). The defaults take about 18 minutes.
# On a shared machine, run it alone: flock /tmp/sli-heavy.lock bench/overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
java_home=()
baseline=()
args=()
out=integration-tests/target/overhead.md
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=false ;;
    --java-home) java_home=("-Dsli.it.java.home=$2"); shift ;;
    --out) out="$2"; shift ;;
    --baseline-jar) baseline=("-Dsli.it.baseline.agent.jar=$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

if $build; then
  mvn -B -q package -DskipTests
fi
# The integration-tests module's runtime class path, written by its build.
classpath="integration-tests/target/classes:$(cat integration-tests/target/demo.classpath)"
# The example extension, installed in every sli-agent configuration (issue 12's targets).
extension=(extensions/example/target/sli-agent-example-extension-*.jar)
exec java "${java_home[@]}" "${baseline[@]}" \
  -Dsli.it.agent.jar=agent/target/sli-agent.jar \
  -Dsli.it.example.extension.jar="${extension[0]}" \
  -Dsli.it.otel.javaagent=integration-tests/target/agents/opentelemetry-javaagent.jar \
  -Dsli.it.boot.jar=integration-tests/spring-boot-app/target/spring-boot-app.jar \
  -cp "$classpath" io.sliagent.it.overhead.Harness "${args[@]}" --out "$out"
