#!/usr/bin/env bash
# Reproduces BENCHMARKS.md: builds once, then the JMH benchmarks (bench/jmh.sh, ~10 min) and the
# overhead harness (bench/overhead.sh, ~15 min), and writes both reports to
# benchmarks/target/all-results.md. Run it on an otherwise idle machine.
#
#   bench/all.sh [--java-home JDK]    (apps of the overhead harness on another JDK)
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q package -DskipTests
bench/jmh.sh --no-build
bench/overhead.sh --no-build "$@" --out integration-tests/target/overhead.md

out=benchmarks/target/all-results.md
{
  echo "# sli-agent benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo
  echo '## JMH: the recording path in-process'
  echo '```'
  cat benchmarks/target/jmh-results/micro.txt
  echo '```'
  echo
  echo '## JMH: one call end to end, bare / sli-agent switched off / OpenTelemetry agent / sli-agent'
  echo '```'
  cat benchmarks/target/jmh-results/compare.txt
  echo '```'
  echo
  cat integration-tests/target/overhead.md
} > "$out"
echo "written: $out"
