#!/usr/bin/env bash
# Start-up benchmark: medians of whole-process wall time (JVM hello world, --version, key-based verify of the
# bundled layout and of an image in a local CNCF Distribution registry, verify-artifact on a keyless bundle against
# sigstore-js on the same bundle, the release archive's launcher). Needs docker-registry (bin/test installs it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -ntp -Pdist -DskipTests package
# the peer verifier (sigstore-js) that verify-artifact is compared with; from the npm registry
[ -d bench/peers/node_modules/@sigstore/verify ] || npm install --silent --no-audit --no-fund --prefix bench/peers >/dev/null
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/test-cp.txt)" dev.verdict.bench.StartupBench "${1:-15}"
