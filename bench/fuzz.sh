#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of untrusted input (the @FuzzTest methods, Jazzer). In the normal build they
# only replay their corpora (src/test/resources/dev/verdict/**/*FuzzTestInputs/, plus testdata/ files the build copies
# beside them: pom.xml, execution fuzz-seeds); this fuzzes each for real, one JVM
# per target, and prints per target: executions, seconds, findings. A finding fails that target; its input is saved
# in the target's corpus directory (crash-<sha1>), which is where the regression run picks it up.
#   bench/fuzz.sh                         # every target, FUZZ_SECONDS each (default 60)
#   FUZZ_SECONDS=300 bench/fuzz.sh 'SbomParsersFuzzTest#parsePurl*'   # some targets (surefire -Dtest patterns)
# Environment: FUZZ_SECONDS (per target), FUZZ_TIMEOUT (seconds one input may take before it counts as a hang,
# default 10), FUZZ_HEAP (the fuzzing JVM's -Xmx, default 1g: exhausting it is a finding).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${FUZZ_SECONDS:-60}"
timeout_s="${FUZZ_TIMEOUT:-10}"
heap="${FUZZ_HEAP:-1g}"
mvn -B -ntp -q -DskipTests test-compile || exit 1
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in $(find src/test/java -name '*FuzzTest.java' | sort); do
    cls=$(basename "$f" .java)
    for m in $(grep -A1 '@FuzzTest' "$f" | grep -aoE 'void [A-Za-z0-9_]+' | cut -d' ' -f2); do
      targets+=("$cls#$m")
    done
  done
fi
mkdir -p target/fuzz
printf '%-75s %12s %8s %s\n' target executions seconds findings
status=0
for t in "${targets[@]}"; do
  log="target/fuzz/$(echo "$t" | tr '#*' '__').log"
  start=$(date +%s)
  JAZZER_FUZZ=1 mvn -B -ntp -o surefire:test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
    -DtrimStackTrace=false -Djazzer.hooks=true -DargLine="-Xmx$heap -Xss1m" \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="-max_total_time=$seconds" \
    -Djazzer.internal.arg.2="-timeout=$timeout_s" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  runs=$(grep -aoE 'Done [0-9]+ runs' "$log" | tail -1 | grep -aoE '[0-9]+')
  [ -n "$runs" ] || runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  if [ $rc -eq 0 ]; then
    findings=0
  else
    status=1
    findings="1: $(grep -a -m1 -E 'FuzzTestFindingException: |== Java Exception:|ERROR: libFuzzer: (timeout|out-of-memory)' \
      "$log" | sed 's/^.*FuzzTestFindingException: //; s/^.*== Java Exception: //' | cut -c1-120) (see $log)"
  fi
  printf '%-75s %12s %8s %s\n' "$t" "${runs:-?}" "$took" "$findings"
done
exit $status
