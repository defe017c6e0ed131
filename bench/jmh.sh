#!/usr/bin/env bash
# JMH benchmarks of sli-agent's recording path (issue 5): builds the agent and the benchmarks,
# then runs
#   1. the in-process microbenchmarks (io.sliagent.bench.micro, the agent's classes called
#      directly, 1 and 2 threads) and
#   2. the end-to-end comparison (io.sliagent.bench.Compare: a prepared H2 query and a JDK
#      HttpClient call to loopback in forked JVMs, bare / sli-agent switched
#      off / OpenTelemetry agent / sli-agent; also thread pools, JMS messages on an embedded
#      Artemis broker in each fork, Kafka records on a KRaft broker Compare starts in its own
#      JVM, and RabbitMQ deliveries on the broker at 127.0.0.1:5672,
#      guest/guest, skipped when none listens there),
# both with the GC profiler, and prints their tables (also written to benchmarks/target/jmh-results).
#
# Usage: bench/jmh.sh [--quick] [--no-build] [--micro | --compare] [-- JMH options and regexps]
#   --quick     about a minute, for a smoke test (numbers are rough)
#   --no-build  use what the last build left in */target
#   --micro / --compare   run only that part
#   after --, JMH's own options override the defaults, e.g. -- -f 3 -i 10 -prof jfr
# The default run takes about 20 minutes on 2 cores; keep the machine otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1 quick=0 micro=1 compare=1
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --micro) compare=0 ;;
    --compare) micro=0 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$build" = 1 ]; then
  mvn -B -q package -DskipTests -pl benchmarks -am
fi

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=benchmarks/target/jmh-results
cp="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)"

# Defaults are the benchmarks' annotations: micro 2 forks x (2 x 1 s warm-up + 4 x 1 s), end to
# end 2 forks x (5 x 1 s warm-up + 5 x 2 s); --quick is 1 fork of short iterations.
opts=(--out "$out")
[ "$quick" = 1 ] && opts+=(--quick)

if [ "$micro" = 1 ]; then
  # The agent's own jar (shaded) only here: the end-to-end JVMs get it through -javaagent alone.
  "$java" -cp "$cp:agent/target/sli-agent.jar" io.sliagent.bench.Micro "${opts[@]}" "${extra[@]}"
fi
if [ "$compare" = 1 ]; then
  "$java" -cp "$cp" io.sliagent.bench.Compare "${opts[@]}" \
    --sli-agent agent/target/sli-agent.jar \
    --otel-agent benchmarks/target/agents/opentelemetry-javaagent.jar \
    "${extra[@]}"
fi
if [ "$micro" = 1 ] && [ "$compare" = 1 ]; then
  # Both tables together at the end; each was also printed after its run.
  echo; cat "$out/micro.txt"; echo; cat "$out/compare.txt"
fi
