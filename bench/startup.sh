#!/usr/bin/env bash
# Start-up benchmark: medians of whole-process wall time (JVM hello world, --version, key-based verify of the
# bundled layout and of an image in a local CNCF Distribution registry). Needs docker-registry (bin/test installs it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -ntp -DskipTests package
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/test-cp.txt)" dev.verdict.bench.StartupBench "${1:-15}"
