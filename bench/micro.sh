#!/usr/bin/env bash
# In-process micro benchmarks (medians after warm-up; they print, they assert nothing):
#   SbomBench  - SBOM rules on the juice-shop CycloneDX SBOM (1,115 components) vs a plain Jackson parse
#   BundleBench - all 84 Sigstore bundle cases of testdata/sigstore-bundles/cases.jsonl in one process
#   CelBench   - compile and evaluate a CEL condition over a real SLSA v1 provenance
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -ntp -DskipTests package
mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/test-cp.txt)"
for main in dev.verdict.bench.SbomBench dev.verdict.sigstore.BundleBench dev.verdict.attestation.CelBench; do
  echo "== $main"
  java -cp "$cp" "$main"
done
