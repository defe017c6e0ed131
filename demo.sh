#!/usr/bin/env bash
# Builds the agent and runs the demo: a small service with -javaagent attached, a local OTLP
# receiver, and a table of the SLIs that arrived. Needs only a JDK 17+ and Maven.
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -DskipTests package
exec java -cp "integration-tests/target/classes:$(cat integration-tests/target/demo.classpath)" \
  io.sliagent.demo.Demo agent/target/sli-agent.jar
