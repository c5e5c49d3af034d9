#!/usr/bin/env bash
# Admission benchmark: every row of WEBHOOK.md's targets table, measured against `verdict serve` with the JVM flags
# of deploy/deployment.yaml (the JIT's full tiers, G1; heap sized for the pod's 512 MiB limit, not the CLI's C1-only
# start-up flags) in front of a local CNCF Distribution registry, loaded by wrk over TLS with keep-alive
# (bench/admission.lua posts a Pod CREATE with 3 pinned, signed images), on this machine; the same load against a
# bare JDK HTTPS server (bench/BareAdmissionServer.java) gives the baseline ratio. Prints the table; exits 1 if a
# target is missed or could not be measured.
#   ADMISSION_SECONDS=20            length of each wrk run
#   ADMISSION_CACHED_DECISIONS=50000 distinct decisions cached for the RSS row (pushes as many signed images; 0 skips)
# Needs docker-registry (bin/test installs it) and wrk (installed here if missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v wrk >/dev/null; then
  echo "bench/admission.sh: installing Debian's wrk" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
mvn -B -q -ntp -DskipTests package
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/test-cp.txt)" dev.verdict.bench.AdmissionBench
