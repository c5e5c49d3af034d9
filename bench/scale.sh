#!/usr/bin/env bash
# Scale benchmark: wall time and peak RSS of one verify run over 200 and 500 distinct signed images in a local CNCF
# Distribution registry, 200, 500 and 10,000 images at --parallel 1, 4 and 16. Needs docker-registry (bin/test
# installs it) and /usr/bin/time. Narrow it with COUNTS=200,500 PARALLELS=4 bench/scale.sh. To compare builds on one
# push: WAIT_FOR=/tmp/builds bench/scale.sh, then write one bin/verdict path per line into /tmp/builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -ntp -DskipTests package
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt >/dev/null
java ${WAIT_FOR:+-Dwait.for=$WAIT_FOR} -Dcounts="${COUNTS:-200,500,10000}" -Dparallels="${PARALLELS:-1,4,16}" -cp "target/test-classes:target/classes:$(cat target/test-cp.txt)" dev.verdict.bench.ScaleBench
