#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests start (mosquitto, PostgreSQL, an SMTP sink),
# builds the solution, the single-file package and the Native AOT executable, runs every test project, then the tests
# that start the node as a process once more against the Native AOT executable. Tests start their own servers on free ports on 127.0.0.1.
# The last line is the summary: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh || { echo "test dependencies could not be installed"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build EdgeNode.slnx -c Release --nologo -v quiet 2>&1 | tail -n 40 || true
# the single self-contained file, which the packaging tests start as the image does, and the Native AOT build
scripts/publish.sh --single artifacts 2>&1 | tail -n 40 || true
scripts/publish.sh --aot artifacts 2>&1 | tail -n 40 || true
dotnet test --solution EdgeNode.slnx -c Release --no-build --no-progress 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

total=$(grep -E '^\s+total:' "$log" | tail -n 1 | awk '{print $2}')
failed=$(grep -E '^\s+failed:' "$log" | tail -n 1 | awk '{print $2}')
passed=$(grep -E '^\s+succeeded:' "$log" | tail -n 1 | awk '{print $2}')
skipped=$(grep -E '^\s+skipped:' "$log" | tail -n 1 | awk '{print $2}')
if [ -z "$total" ]; then
  echo "0 passed, 1 failed (the test run did not complete: see the log above)"
  exit 1
fi

# the tests that start the node as a process, once more against the Native AOT executable (EDGENODE_EXECUTABLE); not
# BlobsCrashTests, whose kills must land while the archiver works: the AOT node archives its few images before them
process_tests=(ExecutableTests StorageExecutableTests PromptTests DemoTests RestCurlTests LedgerCrashTests OperatorCrashTests
  ExampleNetworkTests QueryProcessTests PublisherNetworkTests HaProcessNetworkTests ServicesProcessTests PublishedNodeTests)
if [ -x artifacts/aot/edgenode ]; then
  echo "process tests against the Native AOT executable (artifacts/aot/edgenode):"
  filters=()
  for class in "${process_tests[@]}"; do filters+=(-class "*.$class"); done
  EDGENODE_EXECUTABLE=artifacts/aot/edgenode tests/EdgeNode.IntegrationTests/bin/Release/net10.0/EdgeNode.IntegrationTests \
    "${filters[@]}" -noColor 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" = 0 ] || status=2
  counts=$(grep -oE 'Total: [0-9]+, Errors: [0-9]+, Failed: [0-9]+, Skipped: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' | tr '\n' ' ')
  read -r aot_total aot_errors aot_failed aot_skipped <<<"${counts:-0 1 0 0}"
  passed=$((passed + aot_total - aot_failed - aot_skipped))
  failed=$((failed + aot_failed + aot_errors))
  skipped=$((skipped + aot_skipped))
else
  echo "the Native AOT executable was not built (artifacts/aot/edgenode): its process tests could not run"
  failed=$((failed + 1))
  status=2
fi
summary="${passed:-0} passed, ${failed:-0} failed"
[ "${skipped:-0}" != "0" ] && summary="$summary, $skipped skipped"
echo "$summary"
exit "$status"
