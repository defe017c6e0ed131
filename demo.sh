#!/usr/bin/env bash
# Builds the agent and runs the demo: a small service with -javaagent attached and the objectives
# of demo-sli.yaml, a local OTLP receiver; prints the status page's link, then the objectives'
# attainment, budget and burn rates, and the SLIs that arrived. Needs only a JDK 17+ and Maven.
# Usage: ./demo.sh [SECONDS]   (how long the service runs, default 10: time to open the page)
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -DskipTests package
exec java -cp "integration-tests/target/classes:$(cat integration-tests/target/demo.classpath)" \
  io.sliagent.demo.Demo agent/target/sli-agent.jar demo-sli.yaml "${1:-10}"
