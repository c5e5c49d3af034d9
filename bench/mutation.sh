#!/usr/bin/env bash
# Mutation testing of the suite (PIT, not part of CI): mutates the verification and matching code (sigstore, engine,
# image globs, references, SBOM versions/purls/licenses/VEX) and runs the unit tests against each mutant. Prints the
# score and the surviving mutants; the full report is target/pit-reports/index.html (mutations.csv beside it).
#   bench/mutation.sh                                   # the default target set (pom.xml, profile "mutation")
#   THREADS=1 bench/mutation.sh -DtargetClasses='dev.verdict.oci.Reference*' -DtargetTests='dev.verdict.oci.*Test'
# Slow: tens of minutes on two cores for the default set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="${THREADS:-2}"
mvn -B -ntp -q -DskipTests test-compile
mvn -B -ntp -Pmutation -Dthreads="$threads" "$@" org.pitest:pitest-maven:mutationCoverage \
  | grep -E '^>> |Generated|Killed|survived|no coverage|Ran|BUILD|ERROR' || true
csv=target/pit-reports/mutations.csv
[ -f "$csv" ] || { echo "mutation.sh: no $csv" >&2; exit 1; }
total=$(wc -l <"$csv")
killed=$(grep -c ',KILLED,\|,TIMED_OUT,\|,MEMORY_ERROR,\|,RUN_ERROR,' "$csv" || true)
echo "mutation score: $killed/$total killed ($(( total ? killed * 100 / total : 0 ))%)"
echo "surviving and uncovered mutants (file,class,mutator,method,line,status):"
grep ',SURVIVED,\|,NO_COVERAGE,' "$csv" | cut -d, -f1-6 | sort -t, -k2,2 -k5,5n
